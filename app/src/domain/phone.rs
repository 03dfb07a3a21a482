//! A phone number as people type it: digits with an optional leading `+`,
//! spaces and dashes allowed between groups, 8 to 15 digits. Stored compact.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a phone number has 8 to 15 digits, optionally starting with +")]
pub struct PhoneError;

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let s = input.trim();
        let (plus, rest) = s.strip_prefix('+').map_or(("", s), |r| ("+", r));
        if !rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') {
            return Err(PhoneError);
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if !(8..=15).contains(&digits.len()) {
            return Err(PhoneError);
        }
        Ok(Self(format!("{plus}{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_mobile_numbers_in_their_usual_forms_are_accepted() {
        assert_eq!(Phone::parse("0812-3456-7890").unwrap().as_str(), "081234567890");
        assert_eq!(Phone::parse("+62 812 3456 7890").unwrap().as_str(), "+6281234567890");
    }

    #[test]
    fn letters_and_short_numbers_are_rejected() {
        for bad in ["", "12345", "0812abc7890", "++6281234567", "0812 3456 7890 1234 5"] {
            assert_eq!(Phone::parse(bad), Err(PhoneError), "{bad}");
        }
    }
}
