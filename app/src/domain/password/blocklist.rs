//! The common-password check, through zxcvbn (a maintained strength
//! estimator whose lists include the 30 000 most common passwords, with
//! l33t, reversed and keyboard-pattern variants).
//!
//! A password counts as common when zxcvbn finds it as a single entry of its
//! password list, or estimates fewer than 10^8 guesses (score below 3):
//! "Password123!" meets the composition rules and is still among the first
//! guesses of any attacker.

use zxcvbn::matching::patterns::MatchPattern;
use zxcvbn::{Score, zxcvbn};

use crate::domain::{Nip, PersonName};

/// `true` when the (normalised) password is common or easy to guess.
/// The holder's NIP and name parts are passed as user inputs so that
/// decorations of them score as guessable too.
pub fn is_common(password: &str, nip: Option<&Nip>, name: Option<&PersonName>) -> bool {
    let mut inputs: Vec<&str> = Vec::new();
    if let Some(nip) = nip {
        inputs.push(nip.as_str());
    }
    if let Some(name) = name {
        inputs.extend(name.as_str().split([' ', ',']).filter(|p| p.len() >= 3 && !p.ends_with('.')));
    }
    let estimate = zxcvbn(password, &inputs);
    // zxcvbn does not export its dictionary type; its default variant is the
    // password list.
    let whole_list_entry = matches!(
        estimate.sequence(),
        [only] if matches!(&only.pattern, MatchPattern::Dictionary(d) if d.dictionary_name == Default::default())
    );
    whole_list_entry || estimate.score() < Score::Three
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_passwords_and_their_decorations_are_common() {
        for pw in ["password", "Password123!", "P@ssw0rd2024!", "qwerty123456", "iloveyou", "123456789012"] {
            assert!(is_common(pw, None, None), "{pw} should be common");
        }
    }

    #[test]
    fn unusual_passphrases_are_not() {
        for pw in ["Kopi-Tubruk-2024", "Gudeg!Wijilan#77", "sate padang pedas sekali"] {
            assert!(!is_common(pw, None, None), "{pw} should pass");
        }
    }
}
