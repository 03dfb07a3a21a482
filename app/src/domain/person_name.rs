//! A person's full name as written on decrees, academic titles included
//! ("Dr. Siti Rahmawati, S.Kom., M.T."). Trimmed, inner white space folded,
//! 2 to 150 characters, letters required, no control characters or markup.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("a name has 2 to 150 characters")]
    Length,
    #[error("a name holds letters, spaces and . , ' - ( ) only")]
    Characters,
}

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, PersonNameError> {
        let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
        let count = folded.chars().count();
        if !(2..=150).contains(&count) {
            return Err(PersonNameError::Length);
        }
        let allowed = |c: char| c.is_alphabetic() || c == ' ' || ".,'-()`’".contains(c);
        if !folded.chars().all(allowed) || !folded.chars().any(char::is_alphabetic) {
            return Err(PersonNameError::Characters);
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The given name for greetings: the first word that is not an academic
    /// or religious title ("Dr. Ir. H. Ahmad Fauzi, M.Si." → "Ahmad").
    pub fn greeting_name(&self) -> &str {
        let before_comma = self.0.split(',').next().unwrap_or(&self.0);
        before_comma.split(' ').find(|word| !word.ends_with('.') && !word.is_empty()).unwrap_or(&self.0)
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = PersonNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_academic_titles_are_kept_as_written() {
        let name = PersonName::parse("  Dr. Ir.  H. Ahmad Fauzi, M.Si. ").unwrap();
        assert_eq!(name.as_str(), "Dr. Ir. H. Ahmad Fauzi, M.Si.");
        assert_eq!(name.greeting_name(), "Ahmad");
        assert_eq!(PersonName::parse("Ni Luh Putu Ayu").unwrap().greeting_name(), "Ni");
        assert!(PersonName::parse("Raden Ajeng Kartini's O'Neil-Putri").is_ok());
    }

    #[test]
    fn markup_digits_and_empty_names_are_rejected() {
        assert_eq!(PersonName::parse(" "), Err(PersonNameError::Length));
        assert_eq!(PersonName::parse("<script>"), Err(PersonNameError::Characters));
        assert_eq!(PersonName::parse("Budi 123"), Err(PersonNameError::Characters));
        assert_eq!(PersonName::parse("..."), Err(PersonNameError::Characters));
        assert_eq!(PersonName::parse(&"a".repeat(151)), Err(PersonNameError::Length));
    }
}
