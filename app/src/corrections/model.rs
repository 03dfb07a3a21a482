//! What a correction request proposes, valid by construction, and what
//! the pages show.

use serde::{Deserialize, Serialize};

use super::field;
use crate::domain::Date;
use crate::error::Field;

/// Education levels as the record stores them.
pub const EDUCATION_LEVELS: [&str; 8] = ["sd", "smp", "sma", "d3", "d4", "s1", "s2", "s3"];

/// One proposed change. Only these can be requested; each maps to one
/// statement on one table of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// A missing education record.
    AddEducation { level: String, institution: String, major: Option<String>, graduation_year: u16 },
    /// A wrong TMT on a row of the position history.
    PositionTmt { position_id: i64, tmt: Date },
    /// A wrong birth date of a family member.
    FamilyBirthDate { member_id: i64, birth_date: Date },
}

/// The raw form, all fields optional; [`Proposal::parse`] checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalForm {
    pub kind: String,
    pub level: Option<String>,
    pub institution: Option<String>,
    pub major: Option<String>,
    pub year: Option<String>,
    pub target: Option<String>,
    pub date: Option<String>,
}

fn text(value: &Option<String>, max: usize) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().count() <= max && !t.chars().any(char::is_control))
        .map(str::to_string)
}

impl Proposal {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AddEducation { .. } => "add_education",
            Self::PositionTmt { .. } => "position_tmt",
            Self::FamilyBirthDate { .. } => "family_birth_date",
        }
    }

    /// The proposal a form describes, or the name of the first bad field.
    /// `this_year` bounds graduation years; dates may not lie after `today`.
    pub fn parse(form: &ProposalForm, today: Date) -> Result<Self, Field> {
        let id = |v: &Option<String>| v.as_deref().and_then(|t| t.trim().parse::<i64>().ok()).filter(|n| *n > 0);
        let date = |v: &Option<String>| v.as_deref().and_then(|t| Date::parse_iso(t.trim())).filter(|d| *d <= today);
        match form.kind.trim() {
            "add_education" => {
                let level = form
                    .level
                    .as_deref()
                    .map(str::trim)
                    .filter(|l| EDUCATION_LEVELS.contains(l))
                    .ok_or(field::LEVEL)?;
                let institution = text(&form.institution, 200).ok_or(field::INSTITUTION)?;
                let major = match form.major.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(_) => Some(text(&form.major, 200).ok_or(field::MAJOR)?),
                };
                let year = form.year.as_deref().and_then(|y| y.trim().parse::<u16>().ok());
                let year = year.filter(|y| (1940..=today.year()).contains(y)).ok_or(field::YEAR)?;
                Ok(Self::AddEducation { level: level.to_string(), institution, major, graduation_year: year })
            }
            "position_tmt" => Ok(Self::PositionTmt {
                position_id: id(&form.target).ok_or(field::TARGET)?,
                tmt: date(&form.date).ok_or(field::DATE)?,
            }),
            "family_birth_date" => Ok(Self::FamilyBirthDate {
                member_id: id(&form.target).ok_or(field::TARGET)?,
                birth_date: date(&form.date).ok_or(field::DATE)?,
            }),
            _ => Err(field::KIND),
        }
    }

    /// A one-line description, the same in every language (values only).
    pub fn summary(&self) -> String {
        match self {
            Self::AddEducation { level, institution, major, graduation_year } => {
                let major = major.as_deref().map(|m| format!(", {m}")).unwrap_or_default();
                format!("{} {institution}{major} ({graduation_year})", level.to_uppercase())
            }
            Self::PositionTmt { tmt, .. } => format!("TMT {tmt}"),
            Self::FamilyBirthDate { birth_date, .. } => birth_date.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Pending,
    Accepted,
    Rejected,
}

impl Status {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// A request as both sides see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    pub employee: String,
    pub nip: String,
    pub proposal: Proposal,
    /// What the record says now (for a correction of an existing row).
    pub current: Option<String>,
    pub evidence_id: i64,
    pub evidence_title: String,
    pub note: Option<String>,
    pub status: Status,
    pub reason: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

/// A row of the record the employee may ask to correct: its id and how it reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// The employee's corrections page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCorrections {
    pub positions: Vec<Choice>,
    pub family: Vec<Choice>,
    /// The employee's own documents, to attach as evidence.
    pub documents: Vec<Choice>,
    pub requests: Vec<RequestView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, fields: &[(&str, &str)]) -> ProposalForm {
        let get = |k: &str| fields.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
        ProposalForm {
            kind: kind.into(),
            level: get("level"),
            institution: get("institution"),
            major: get("major"),
            year: get("year"),
            target: get("target"),
            date: get("date"),
        }
    }

    #[test]
    fn only_complete_plausible_proposals_parse() {
        let today = Date::from_ymd(2026, 11, 30).unwrap();
        let ok =
            form("add_education", &[("level", "s2"), ("institution", "Universitas Gadjah Mada"), ("year", "2015")]);
        assert_eq!(Proposal::parse(&ok, today).unwrap().summary(), "S2 Universitas Gadjah Mada (2015)");
        assert_eq!(
            Proposal::parse(&form("add_education", &[("level", "s9"), ("institution", "x"), ("year", "2015")]), today),
            Err(field::LEVEL)
        );
        assert_eq!(
            Proposal::parse(&form("add_education", &[("level", "s1"), ("institution", " "), ("year", "2015")]), today),
            Err(field::INSTITUTION)
        );
        assert_eq!(
            Proposal::parse(&form("add_education", &[("level", "s1"), ("institution", "x"), ("year", "2027")]), today),
            Err(field::YEAR)
        );
        assert_eq!(
            Proposal::parse(&form("position_tmt", &[("target", "7"), ("date", "2020-01-01")]), today),
            Ok(Proposal::PositionTmt { position_id: 7, tmt: Date::from_ymd(2020, 1, 1).unwrap() })
        );
        assert_eq!(
            Proposal::parse(&form("position_tmt", &[("target", "-1"), ("date", "2020-01-01")]), today),
            Err(field::TARGET)
        );
        assert_eq!(
            Proposal::parse(&form("family_birth_date", &[("target", "3"), ("date", "2030-01-01")]), today),
            Err(field::DATE)
        );
        assert_eq!(Proposal::parse(&form("drop_table", &[]), today), Err(field::KIND));
        // Stored as JSON with its kind as a tag.
        let json = serde_json::to_string(&Proposal::parse(&ok, today).unwrap()).unwrap();
        assert!(json.starts_with("{\"kind\":\"add_education\""), "{json}");
    }
}
