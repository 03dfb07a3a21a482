//! The validated input for creating or updating an employee record, shared by
//! the CLI, the CSV import and (later) the admin console.

use crate::domain::email::Email;
use crate::domain::employee_kind::EmployeeKind;
use crate::domain::nip::Nip;
use crate::domain::person_name::PersonName;
use crate::domain::phone::Phone;
use crate::domain::rank::Rank;
use serde::{Deserialize, Serialize};

/// The columns of the employee CSV, in order (the CLI and the console import it).
pub const CSV_HEADER: [&str; 10] =
    ["nip", "name", "email", "phone", "kind", "agency", "unit", "position", "rank", "supervisor_nip"];

/// Raw text as typed or read from a CSV row. Empty optional fields mean "none".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeInput {
    pub nip: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub kind: String,
    pub agency: String,
    pub unit: String,
    pub position: String,
    pub rank: String,
    pub supervisor_nip: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmployeeField {
    Nip,
    Name,
    Email,
    Phone,
    Kind,
    Agency,
    Unit,
    Position,
    Rank,
    SupervisorNip,
}

impl EmployeeField {
    /// The CSV column (and CLI flag) name.
    pub fn column(self) -> &'static str {
        match self {
            Self::Nip => "nip",
            Self::Name => "name",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Kind => "kind",
            Self::Agency => "agency",
            Self::Unit => "unit",
            Self::Position => "position",
            Self::Rank => "rank",
            Self::SupervisorNip => "supervisor_nip",
        }
    }
}

/// One refused field with an operator-readable reason (the CLI and import
/// report these; the web UI will translate by field and kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: EmployeeField,
    pub reason: String,
}

/// An employee record that passed every local check. References (agency,
/// unit, supervisor) are still codes; the repository resolves them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmployee {
    pub nip: Nip,
    pub name: PersonName,
    pub email: Email,
    pub phone: Option<Phone>,
    pub kind: EmployeeKind,
    pub agency_code: String,
    pub unit_code: Option<String>,
    pub position: Option<String>,
    pub rank: Option<Rank>,
    pub supervisor_nip: Option<Nip>,
}

fn optional(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

impl NewEmployee {
    /// Checks every field and reports all problems at once.
    pub fn parse(input: &EmployeeInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, reason: String| errors.push(FieldError { field, reason });

        let nip = Nip::parse(&input.nip).map_err(|e| fail(EmployeeField::Nip, e.to_string())).ok();
        let name = PersonName::parse(&input.name).map_err(|e| fail(EmployeeField::Name, e.to_string())).ok();
        let email = Email::parse(&input.email).map_err(|e| fail(EmployeeField::Email, e.to_string())).ok();
        let phone = match optional(&input.phone) {
            None => Some(None),
            Some(p) => Phone::parse(p).map(Some).map_err(|e| fail(EmployeeField::Phone, e.to_string())).ok(),
        };
        let kind = EmployeeKind::parse(&input.kind).map_err(|e| fail(EmployeeField::Kind, e.to_string())).ok();
        if let (Some(kind), Some(nip)) = (kind, &nip)
            && let Err(e) = kind.check_nip(nip)
        {
            fail(EmployeeField::Kind, e.to_string());
        }
        let agency_code = optional(&input.agency).map(str::to_string);
        if agency_code.is_none() {
            fail(EmployeeField::Agency, "an agency code is required".into());
        }
        let unit_code = optional(&input.unit).map(str::to_string);
        let position = optional(&input.position).map(str::to_string);
        if position.as_ref().is_some_and(|p| p.chars().count() > 200 || p.chars().any(char::is_control)) {
            fail(EmployeeField::Position, "a position has at most 200 printable characters".into());
        }
        let rank = match (optional(&input.rank), kind) {
            (None, _) => Some(None),
            (Some(r), Some(kind)) => {
                Rank::parse_for(kind, r).map(Some).map_err(|e| fail(EmployeeField::Rank, e.to_string())).ok()
            }
            (Some(_), None) => None,
        };
        let supervisor_nip = match optional(&input.supervisor_nip) {
            None => Some(None),
            Some(s) => {
                Nip::parse(s).map(Some).map_err(|e| fail(EmployeeField::SupervisorNip, format!("supervisor: {e}"))).ok()
            }
        };
        if let (Some(nip), Some(Some(sup))) = (&nip, &supervisor_nip)
            && nip == sup
        {
            fail(EmployeeField::SupervisorNip, "an employee cannot supervise themself".into());
        }

        match (nip, name, email, phone, kind, agency_code, rank, supervisor_nip) {
            (
                Some(nip),
                Some(name),
                Some(email),
                Some(phone),
                Some(kind),
                Some(agency_code),
                Some(rank),
                Some(supervisor_nip),
            ) if errors.is_empty() => {
                Ok(Self { nip, name, email, phone, kind, agency_code, unit_code, position, rank, supervisor_nip })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EmployeeInput {
        EmployeeInput {
            nip: "19860926 201505 1 001".into(),
            name: "Budi Santoso, S.Kom.".into(),
            email: "budi@example.go.id".into(),
            kind: "pns".into(),
            agency: "PEMKAB".into(),
            rank: "III/b".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_row_parses() {
        let e = NewEmployee::parse(&input()).unwrap();
        assert_eq!(e.nip.as_str(), "198609262015051001");
        assert_eq!(e.rank.unwrap().code(), "III/b");
        assert_eq!(e.unit_code, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = EmployeeInput {
            nip: "123".into(),
            email: "nope".into(),
            kind: "honorer".into(),
            agency: " ".into(),
            ..input()
        };
        let errors = NewEmployee::parse(&bad).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![EmployeeField::Nip, EmployeeField::Email, EmployeeField::Kind, EmployeeField::Agency]);
    }

    #[test]
    fn a_pppk_with_a_pns_number_or_rank_is_refused() {
        let errors = NewEmployee::parse(&EmployeeInput { kind: "pppk".into(), ..input() }).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![EmployeeField::Kind, EmployeeField::Rank]);
    }

    #[test]
    fn nobody_supervises_themself() {
        let errors =
            NewEmployee::parse(&EmployeeInput { supervisor_nip: "198609262015051001".into(), ..input() }).unwrap_err();
        assert_eq!(errors[0].field, EmployeeField::SupervisorNip);
    }
}
