//! The kind of civil servant: PNS, CPNS (PNS in probation) or PPPK.

use super::nip::{Nip, NipScheme};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmployeeKind {
    Pns,
    Cpns,
    Pppk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmployeeKindError {
    #[error("kind must be pns, cpns or pppk")]
    Unknown,
    #[error("the NIP's numbering scheme does not match this kind of employee")]
    NipMismatch,
}

impl EmployeeKind {
    pub const ALL: [EmployeeKind; 3] = [Self::Pns, Self::Cpns, Self::Pppk];

    pub fn parse(input: &str) -> Result<Self, EmployeeKindError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "pns" => Ok(Self::Pns),
            "cpns" => Ok(Self::Cpns),
            "pppk" => Ok(Self::Pppk),
            _ => Err(EmployeeKindError::Unknown),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pns => "pns",
            Self::Cpns => "cpns",
            Self::Pppk => "pppk",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pns => "PNS",
            Self::Cpns => "CPNS",
            Self::Pppk => "PPPK",
        }
    }

    /// PNS and CPNS carry the PNS numbering; PPPK the PPPK numbering.
    pub fn check_nip(self, nip: &Nip) -> Result<(), EmployeeKindError> {
        let expected = match self {
            Self::Pns | Self::Cpns => NipScheme::Pns,
            Self::Pppk => NipScheme::Pppk,
        };
        (nip.scheme() == expected).then_some(()).ok_or(EmployeeKindError::NipMismatch)
    }
}

impl fmt::Display for EmployeeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_case_insensitively_and_round_trip() {
        for kind in EmployeeKind::ALL {
            assert_eq!(EmployeeKind::parse(kind.label()), Ok(kind));
            assert_eq!(EmployeeKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(EmployeeKind::parse("honorer"), Err(EmployeeKindError::Unknown));
    }

    #[test]
    fn a_pppk_nip_cannot_belong_to_a_pns() {
        let pppk = Nip::parse("199001152023212003").unwrap();
        let pns = Nip::parse("198609262015051001").unwrap();
        assert!(EmployeeKind::Pppk.check_nip(&pppk).is_ok());
        assert_eq!(EmployeeKind::Pns.check_nip(&pppk), Err(EmployeeKindError::NipMismatch));
        assert!(EmployeeKind::Cpns.check_nip(&pns).is_ok());
        assert_eq!(EmployeeKind::Pppk.check_nip(&pns), Err(EmployeeKindError::NipMismatch));
    }
}
