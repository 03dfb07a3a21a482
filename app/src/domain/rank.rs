//! Rank (pangkat/golongan). PNS and CPNS: seventeen steps from I/a Juru Muda
//! to IV/e Pembina Utama. PPPK: golongan I to XVII.

use super::employee_kind::EmployeeKind;
use serde::{Deserialize, Serialize};
use std::fmt;

const PNS_RANKS: [(&str, &str); 17] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
];

const PPPK_GRADES: [&str; 17] =
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rank {
    pppk: bool,
    /// 0-based step in the kind's ladder.
    step: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RankError {
    #[error("not a PNS golongan (I/a to IV/e)")]
    NotPns,
    #[error("not a PPPK golongan (I to XVII)")]
    NotPppk,
}

impl Rank {
    /// Parses the golongan code of the given kind of employee ("III/b", "IX").
    pub fn parse_for(kind: EmployeeKind, input: &str) -> Result<Self, RankError> {
        let code = input.trim();
        match kind {
            EmployeeKind::Pns | EmployeeKind::Cpns => PNS_RANKS
                .iter()
                .position(|(c, _)| c.eq_ignore_ascii_case(code))
                .map(|i| Self { pppk: false, step: i as u8 })
                .ok_or(RankError::NotPns),
            EmployeeKind::Pppk => PPPK_GRADES
                .iter()
                .position(|c| c.eq_ignore_ascii_case(code))
                .map(|i| Self { pppk: true, step: i as u8 })
                .ok_or(RankError::NotPppk),
        }
    }

    /// Parses a stored code whichever ladder it belongs to.
    pub fn parse_any(input: &str) -> Option<Self> {
        Self::parse_for(EmployeeKind::Pns, input).or_else(|_| Self::parse_for(EmployeeKind::Pppk, input)).ok()
    }

    pub fn code(self) -> &'static str {
        if self.pppk { PPPK_GRADES[self.step as usize] } else { PNS_RANKS[self.step as usize].0 }
    }

    /// The rank title (pangkat) for PNS; PPPK have none.
    pub fn title(self) -> Option<&'static str> {
        (!self.pppk).then(|| PNS_RANKS[self.step as usize].1)
    }

    pub fn is_pppk(self) -> bool {
        self.pppk
    }

    /// The step below on the same ladder; `None` at the bottom.
    pub fn below(self) -> Option<Self> {
        self.step.checked_sub(1).map(|step| Self { pppk: self.pppk, step })
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.title() {
            Some(title) => write!(f, "{title} ({})", self.code()),
            None => write!(f, "Golongan {}", self.code()),
        }
    }
}

impl TryFrom<String> for Rank {
    type Error = RankError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse_any(&value).ok_or(RankError::NotPns)
    }
}

impl From<Rank> for String {
    fn from(value: Rank) -> Self {
        value.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pns_ranks_have_titles_and_pppk_grades_do_not() {
        let r = Rank::parse_for(EmployeeKind::Pns, "iii/b").unwrap();
        assert_eq!(r.code(), "III/b");
        assert_eq!(r.to_string(), "Penata Muda Tingkat I (III/b)");
        let g = Rank::parse_for(EmployeeKind::Pppk, "IX").unwrap();
        assert_eq!(g.to_string(), "Golongan IX");
    }

    #[test]
    fn a_rank_from_the_other_ladder_is_refused() {
        assert_eq!(Rank::parse_for(EmployeeKind::Pppk, "III/a"), Err(RankError::NotPppk));
        assert_eq!(Rank::parse_for(EmployeeKind::Cpns, "IX"), Err(RankError::NotPns));
        assert_eq!(Rank::parse_for(EmployeeKind::Pns, "IV/f"), Err(RankError::NotPns));
        assert_eq!(Rank::parse_for(EmployeeKind::Pppk, "XVIII"), Err(RankError::NotPppk));
    }

    #[test]
    fn below_walks_down_its_own_ladder_and_stops_at_the_bottom() {
        let r = Rank::parse_for(EmployeeKind::Pns, "III/a").unwrap();
        assert_eq!(r.below().map(Rank::code), Some("II/d"));
        assert_eq!(Rank::parse_for(EmployeeKind::Pppk, "II").unwrap().below().map(Rank::code), Some("I"));
        assert_eq!(Rank::parse_for(EmployeeKind::Pns, "I/a").unwrap().below(), None);
    }
}
