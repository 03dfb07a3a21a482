//! The name a user gives an authenticator ("Ponsel Samsung saya"): shown
//! back on the security page and in mail, so it is bounded and free of
//! control characters. Escaping on output is Leptos's job.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidDeviceName;

pub const MAX_CHARS: usize = 40;

impl DeviceName {
    /// Trims, folds runs of white space, refuses empty, over-long or
    /// control-character names.
    pub fn parse(typed: &str) -> Result<Self, InvalidDeviceName> {
        if typed.chars().any(|c| c.is_control() && !c.is_whitespace()) || typed.contains(['\r', '\n']) {
            return Err(InvalidDeviceName);
        }
        let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
        let n = name.chars().count();
        if n == 0
            || n > MAX_CHARS
            || name.chars().any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        {
            return Err(InvalidDeviceName);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_and_bounded() {
        assert_eq!(DeviceName::parse("  Ponsel   Samsung saya ").unwrap().as_str(), "Ponsel Samsung saya");
        assert_eq!(DeviceName::parse("<script>").unwrap().as_str(), "<script>", "escaped on output, not here");
        assert!(DeviceName::parse("   ").is_err());
        assert!(DeviceName::parse(&"x".repeat(41)).is_err());
        assert!(DeviceName::parse(&"é".repeat(40)).is_ok(), "characters, not bytes");
        assert!(DeviceName::parse("a\r\nBcc: x@y").is_err());
        assert!(DeviceName::parse("a\u{0}b").is_err());
        assert!(DeviceName::parse("abc\u{202e}fdp.exe").is_err(), "no direction overrides");
    }
}
