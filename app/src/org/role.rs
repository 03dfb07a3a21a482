//! Roles, always scoped to an agency (the national admin's scope is all).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Every employee.
    Employee,
    /// Derived from the org tree: heads a unit or is someone's direct supervisor.
    Supervisor,
    /// Pejabat yang berwenang: decides on leave and other requests.
    Pybmc,
    /// BKPSDM / biro kepegawaian officer of one agency.
    AgencyAdmin,
    /// BKN-level administrator over every agency.
    NationalAdmin,
}

impl Role {
    /// The roles that are stored; the others are implicit or derived.
    pub const ASSIGNABLE: [Role; 3] = [Role::Pybmc, Role::AgencyAdmin, Role::NationalAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Supervisor => "supervisor",
            Role::Pybmc => "pybmc",
            Role::AgencyAdmin => "agency_admin",
            Role::NationalAdmin => "national_admin",
        }
    }

    pub fn parse_assignable(input: &str) -> Option<Role> {
        Self::ASSIGNABLE.into_iter().find(|r| r.as_str() == input.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stored_roles_can_be_assigned() {
        for role in Role::ASSIGNABLE {
            assert_eq!(Role::parse_assignable(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse_assignable("supervisor"), None);
        assert_eq!(Role::parse_assignable("employee"), None);
        assert_eq!(Role::parse_assignable("root"), None);
    }
}
