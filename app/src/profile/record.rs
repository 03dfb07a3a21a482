//! The personnel record as the "My data" page shows it, and the kinds its
//! history rows are made of. Every kind parses from its stored code and
//! refuses anything else.

use serde::{Deserialize, Serialize};

use crate::domain::EmployeeKind;
use crate::domain::date::Date;
use crate::domain::nip::Gender;
use crate::i18n::Msg;

/// Jabatan struktural (managerial), fungsional (e.g. Guru Ahli Pertama) or
/// pelaksana.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PositionKind {
    Struktural,
    Fungsional,
    Pelaksana,
}

impl PositionKind {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "struktural" => Some(Self::Struktural),
            "fungsional" => Some(Self::Fungsional),
            "pelaksana" => Some(Self::Pelaksana),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Struktural => "struktural",
            Self::Fungsional => "fungsional",
            Self::Pelaksana => "pelaksana",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Struktural => Msg::PositionStruktural,
            Self::Fungsional => Msg::PositionFungsional,
            Self::Pelaksana => Msg::PositionPelaksana,
        }
    }
}

/// Levels of formal education, as Indonesian records name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EducationLevel {
    Sd,
    Smp,
    Sma,
    D3,
    D4,
    S1,
    S2,
    S3,
}

impl EducationLevel {
    const CODES: [(&'static str, EducationLevel, &'static str); 8] = [
        ("sd", Self::Sd, "SD"),
        ("smp", Self::Smp, "SMP"),
        ("sma", Self::Sma, "SMA/SMK"),
        ("d3", Self::D3, "D-III"),
        ("d4", Self::D4, "D-IV"),
        ("s1", Self::S1, "S-1"),
        ("s2", Self::S2, "S-2"),
        ("s3", Self::S3, "S-3"),
    ];

    pub fn parse(code: &str) -> Option<Self> {
        Self::CODES.iter().find(|(c, _, _)| *c == code).map(|(_, level, _)| *level)
    }

    pub fn as_str(self) -> &'static str {
        Self::CODES.iter().find(|(_, level, _)| *level == self).map(|(c, _, _)| *c).unwrap_or("sd")
    }

    /// The abbreviation used on Indonesian forms in both languages.
    pub fn label(self) -> &'static str {
        Self::CODES.iter().find(|(_, level, _)| *level == self).map(|(_, _, l)| *l).unwrap_or("SD")
    }
}

/// A family member's relation to the employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relation {
    Spouse,
    Child,
    Father,
    Mother,
}

impl Relation {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "spouse" => Some(Self::Spouse),
            "child" => Some(Self::Child),
            "father" => Some(Self::Father),
            "mother" => Some(Self::Mother),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spouse => "spouse",
            Self::Child => "child",
            Self::Father => "father",
            Self::Mother => "mother",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Spouse => Msg::RelationSpouse,
            Self::Child => Msg::RelationChild,
            Self::Father => Msg::RelationFather,
            Self::Mother => Msg::RelationMother,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionEntry {
    pub position: String,
    pub kind: PositionKind,
    pub unit: String,
    pub tmt: Date,
    pub decree_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankEntry {
    /// `III/b` or, for PPPK, `IX`.
    pub code: String,
    /// `Penata Muda Tingkat I`; `None` for PPPK grades.
    pub title: Option<String>,
    pub tmt: Date,
    pub decree_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EducationEntry {
    pub level: EducationLevel,
    pub institution: String,
    pub major: Option<String>,
    pub graduation_year: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingEntry {
    pub name: String,
    pub organiser: String,
    pub start: Date,
    pub end: Date,
    pub hours: u32,
    pub certificate_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyMember {
    pub relation: Relation,
    pub name: String,
    pub birth_date: Option<Date>,
}

/// The rank held now, with the date it took effect when the history has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentRank {
    pub code: String,
    pub title: Option<String>,
    pub tmt: Option<Date>,
}

/// Everything "My data" shows. Histories are oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonnelRecord {
    pub name: String,
    /// Grouped: `19860926 201505 1 001`.
    pub nip: String,
    pub birth_date: Option<Date>,
    pub gender: Option<Gender>,
    pub kind: EmployeeKind,
    pub email: String,
    pub phone: Option<String>,
    pub agency: String,
    pub unit: Option<String>,
    pub position: Option<String>,
    pub rank: Option<CurrentRank>,
    /// TMT CPNS for PNS and CPNS, TMT PPPK for PPPK.
    pub tmt_appointment: Option<Date>,
    pub tmt_pns: Option<Date>,
    pub positions: Vec<PositionEntry>,
    pub ranks: Vec<RankEntry>,
    pub education: Vec<EducationEntry>,
    pub training: Vec<TrainingEntry>,
    pub family: Vec<FamilyMember>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_nothing_else_parses() {
        for kind in [PositionKind::Struktural, PositionKind::Fungsional, PositionKind::Pelaksana] {
            assert_eq!(PositionKind::parse(kind.as_str()), Some(kind));
        }
        for (code, level, _) in EducationLevel::CODES {
            assert_eq!(EducationLevel::parse(code), Some(level));
            assert_eq!(level.as_str(), code);
        }
        for relation in [Relation::Spouse, Relation::Child, Relation::Father, Relation::Mother] {
            assert_eq!(Relation::parse(relation.as_str()), Some(relation));
        }
        for junk in ["", "S1", "Struktural", "wife", "d5"] {
            assert_eq!(PositionKind::parse(junk), None);
            assert_eq!(EducationLevel::parse(junk), None);
            assert_eq!(Relation::parse(junk), None);
        }
    }

    #[test]
    fn education_levels_order_from_primary_school_to_doctorate() {
        assert!(EducationLevel::Sd < EducationLevel::Sma && EducationLevel::S1 < EducationLevel::S3);
        assert_eq!(EducationLevel::D4.label(), "D-IV");
    }
}
