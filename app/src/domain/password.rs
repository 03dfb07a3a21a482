//! Password rules, for every form that sets a password.
//!
//! Two profiles: `Portal` (the national portal's rule: at least 12
//! characters with upper case, lower case, a digit and a symbol) and `Nist`
//! (SP 800-63B: length and blocklist, no composition rules). Both: Unicode
//! normalised (NFKC) before anything else, so composed and decomposed forms
//! of one password are the same password; at most 1 KiB as typed (refused
//! before any hashing); never truncated; not containing the holder's NIP,
//! birth date or name; not a common password (checked on the server).

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::domain::{Nip, PersonName};

#[cfg(feature = "ssr")]
pub mod blocklist;
#[cfg(feature = "ssr")]
pub mod generate;

/// Longest accepted input, in bytes as typed: stops hash flooding.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Longest accepted password, in characters after normalisation (at least
/// 64, as NIST requires verifiers to allow).
pub const MAX_PASSWORD_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PolicyProfile {
    #[default]
    Portal,
    Nist,
}

impl PolicyProfile {
    pub fn parse(input: &str) -> Option<Self> {
        match input.trim().to_ascii_lowercase().as_str() {
            "portal" => Some(Self::Portal),
            "nist" => Some(Self::Nist),
            _ => None,
        }
    }

    pub fn min_chars(self) -> usize {
        match self {
            Self::Portal => 12,
            Self::Nist => 15,
        }
    }
}

/// One broken rule; the UI translates each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Violation {
    TooShort {
        min: usize,
    },
    TooLong,
    NoUppercase,
    NoLowercase,
    NoDigit,
    NoSymbol,
    ContainsNip,
    ContainsBirthDate,
    ContainsName,
    Common,
    /// The new password is the one it replaces (checked on the server).
    SameAsCurrent,
}

/// What a password must not contain about its holder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Holder<'a> {
    pub nip: Option<&'a Nip>,
    pub name: Option<&'a PersonName>,
}

/// NFKC form: the form that is checked, hashed and verified.
pub fn normalize(input: &str) -> String {
    input.nfkc().collect()
}

/// Every rule the password breaks, except the common-password check (which
/// needs the server's list). Empty means acceptable so far.
pub fn violations(profile: PolicyProfile, raw: &str, holder: Holder<'_>) -> Vec<Violation> {
    if raw.len() > MAX_PASSWORD_BYTES {
        return vec![Violation::TooLong];
    }
    violations_as_typed(profile, &normalize(raw), holder)
}

/// The same rules on the text as it is, without normalising it first: the
/// browser's live checklist uses this, so the WASM bundle does without
/// Unicode's normalisation tables (hundreds of KB). Only unusual input
/// (full-width letters, say) can read differently there; the server, which
/// normalises, has the last word.
pub fn violations_as_typed(profile: PolicyProfile, password: &str, holder: Holder<'_>) -> Vec<Violation> {
    let mut found = Vec::new();
    let chars = password.chars().count();
    if chars < profile.min_chars() {
        found.push(Violation::TooShort { min: profile.min_chars() });
    }
    if chars > MAX_PASSWORD_CHARS {
        found.push(Violation::TooLong);
    }
    if profile == PolicyProfile::Portal {
        if !password.chars().any(char::is_uppercase) {
            found.push(Violation::NoUppercase);
        }
        if !password.chars().any(char::is_lowercase) {
            found.push(Violation::NoLowercase);
        }
        if !password.chars().any(|c| c.is_ascii_digit()) {
            found.push(Violation::NoDigit);
        }
        if !password.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
            found.push(Violation::NoSymbol);
        }
    }
    // Compare on letters and digits only, lower-cased: "1986-09-26" and
    // "Siti.Rahma" hide nothing.
    let folded: String = password.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if let Some(nip) = holder.nip {
        if folded.contains(nip.as_str()) {
            found.push(Violation::ContainsNip);
        }
        let d = nip.birth_date();
        let (y, m, day) = (d.year(), d.month(), d.day());
        let forms =
            [format!("{y:04}{m:02}{day:02}"), format!("{day:02}{m:02}{y:04}"), format!("{day:02}{m:02}{:02}", y % 100)];
        if forms.iter().any(|f| folded.contains(f.as_str())) {
            found.push(Violation::ContainsBirthDate);
        }
    }
    if let Some(name) = holder.name {
        let contains_part = name
            .as_str()
            .split([' ', ','])
            .filter(|part| !part.ends_with('.') && part.chars().count() >= 3)
            .map(|part| part.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>())
            .any(|part| part.chars().count() >= 3 && folded.contains(part.as_str()));
        if contains_part {
            found.push(Violation::ContainsName);
        }
    }
    found
}

/// A new password that passed every rule, common-password check included.
/// Holds the normalised form; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// `is_common` is the server's blocklist (see `auth::blocklist`).
    pub fn parse(
        profile: PolicyProfile,
        raw: &str,
        holder: Holder<'_>,
        is_common: impl Fn(&str) -> bool,
    ) -> Result<Self, Vec<Violation>> {
        let mut found = violations(profile, raw, holder);
        if found.contains(&Violation::TooLong) {
            return Err(found);
        }
        let normalized = normalize(raw);
        if is_common(&normalized) {
            found.push(Violation::Common);
        }
        if found.is_empty() { Ok(Self(normalized)) } else { Err(found) }
    }

    /// The normalised password, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

impl Drop for NewPassword {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nip() -> Nip {
        Nip::parse("198609262015051001").unwrap()
    }

    fn name() -> PersonName {
        PersonName::parse("Dr. Siti Rahmawati, S.Kom.").unwrap()
    }

    fn holder<'a>(nip: &'a Nip, name: &'a PersonName) -> Holder<'a> {
        Holder { nip: Some(nip), name: Some(name) }
    }

    #[test]
    fn the_portal_profile_names_every_missing_class() {
        let v = violations(PolicyProfile::Portal, "short", Holder::default());
        assert_eq!(
            v,
            vec![Violation::TooShort { min: 12 }, Violation::NoUppercase, Violation::NoDigit, Violation::NoSymbol]
        );
        assert!(violations(PolicyProfile::Portal, "Kopi-Tubruk-2024", Holder::default()).is_empty());
    }

    #[test]
    fn the_nist_profile_wants_length_not_composition() {
        assert!(violations(PolicyProfile::Nist, "kopi tubruk pagi hari", Holder::default()).is_empty());
        assert_eq!(
            violations(PolicyProfile::Nist, "Kopi-Tubruk!", Holder::default()),
            vec![Violation::TooShort { min: 15 }]
        );
    }

    #[test]
    fn personal_data_inside_the_password_is_refused() {
        let (n, p) = (nip(), name());
        let h = holder(&n, &p);
        assert!(violations(PolicyProfile::Portal, "X!198609262015051001a", h).contains(&Violation::ContainsNip));
        assert!(violations(PolicyProfile::Portal, "Lahir:26-09-1986!x", h).contains(&Violation::ContainsBirthDate));
        assert!(violations(PolicyProfile::Portal, "Lahir:1986.09.26!x", h).contains(&Violation::ContainsBirthDate));
        assert!(violations(PolicyProfile::Portal, "Rahmawati#2024x", h).contains(&Violation::ContainsName));
        assert!(violations(PolicyProfile::Portal, "S.I.T.I-2024-aman!", h).contains(&Violation::ContainsName));
        // Titles are not the name: "Dr." and "S.Kom." may appear.
        assert!(violations(PolicyProfile::Portal, "Kopi-Tubruk-2024", h).is_empty());
    }

    #[test]
    fn composed_and_decomposed_forms_normalise_to_one_password() {
        let composed = "Caf\u{e9}-Pagi-2024";
        let decomposed = "Cafe\u{301}-Pagi-2024";
        assert_ne!(composed, decomposed);
        assert_eq!(normalize(composed), normalize(decomposed));
        // Full-width letters fold to ASCII under NFKC.
        assert_eq!(normalize("Ｐａｓｓ"), "Pass");
    }

    #[test]
    fn an_oversized_input_is_refused_without_further_work() {
        let huge = "A1!a".repeat(3 * 1024 * 1024);
        assert_eq!(violations(PolicyProfile::Portal, &huge, Holder::default()), vec![Violation::TooLong]);
        let called = std::cell::Cell::new(false);
        let result = NewPassword::parse(PolicyProfile::Portal, &huge, Holder::default(), |_| {
            called.set(true);
            false
        });
        assert_eq!(result, Err(vec![Violation::TooLong]));
        assert!(!called.get(), "the blocklist must not see an oversized input");
        // 64 characters are always allowed.
        assert!(violations(PolicyProfile::Portal, &format!("Aa1!{}", "x".repeat(60)), Holder::default()).is_empty());
    }

    #[test]
    fn the_blocklist_decides_common() {
        let r = NewPassword::parse(PolicyProfile::Portal, "Password123!", Holder::default(), |p| p == "Password123!");
        assert_eq!(r, Err(vec![Violation::Common]));
        let ok = NewPassword::parse(PolicyProfile::Portal, "Kopi-Tubruk-2024", Holder::default(), |_| false).unwrap();
        assert_eq!(ok.expose(), "Kopi-Tubruk-2024");
        assert_eq!(format!("{ok:?}"), "NewPassword(..)");
    }
}
