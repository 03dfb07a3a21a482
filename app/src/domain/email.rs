//! An e-mail address as the personnel records hold it. Deliberately modest:
//! one `@`, a non-empty local part, a dotted domain, no white space or
//! control characters, at most 254 characters. Stored lower-cased.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid e-mail address")]
pub struct EmailError;

impl Email {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let s = input.trim();
        if s.is_empty() || s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError)?;
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(EmailError);
        }
        Ok(Self(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address with its local part hidden but for its first character
    /// (`s•••@nusajaya.go.id`): enough to know which mailbox to look in.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or(("", &self.0));
        let first: String = local.chars().take(1).collect();
        format!("{first}\u{2022}\u{2022}\u{2022}@{domain}")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_keeps_the_first_character_and_the_domain() {
        let e = Email::parse("Siti.Rahma@NusaJaya.go.id").unwrap();
        assert_eq!(e.masked(), "s\u{2022}\u{2022}\u{2022}@nusajaya.go.id");
        assert_eq!(Email::parse("x@a.id").unwrap().masked(), "x\u{2022}\u{2022}\u{2022}@a.id");
    }

    #[test]
    fn ordinary_agency_addresses_are_accepted_and_lower_cased() {
        assert_eq!(
            Email::parse(" Siti.Rahma@BKPSDM.example.go.id ").unwrap().as_str(),
            "siti.rahma@bkpsdm.example.go.id"
        );
        assert!(Email::parse("a+b@x.id").is_ok());
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for bad in [
            "",
            "siti",
            "@x.id",
            "siti@",
            "siti@localhost",
            "si ti@x.id",
            "a@b@c.id",
            "a@-x.id",
            "a@x..id",
            "a@x\n.id",
            "a\u{0}b@x.id",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError), "{bad:?}");
        }
    }
}
