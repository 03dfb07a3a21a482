//! The captcha of the reset wizard and of a sign-in form after repeated
//! wrong passwords (`challenge`): case-sensitive letters in a distorted picture
//! (the `captcha` crate), and beside it an accessible alternative, a small
//! sum asked in words in the reader's language, which a screen reader can
//! read out. Either answer passes. The alternative is weaker against bots
//! than the picture; the per-address and per-NIP limits are what bound an
//! automated attacker either way.

use captcha::Captcha;
use captcha::filters::{Noise, Wave};
use rand_core::{OsRng, RngCore};

use crate::i18n::Lang;

pub struct Challenge {
    /// The PNG, Base64-encoded for a `data:` URL (the CSP allows `img-src data:`).
    pub png_base64: String,
    pub answer: String,
    pub alt_question: String,
    pub alt_answer: String,
}

const ID_NUMBERS: [&str; 10] = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
const EN_NUMBERS: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

pub fn generate(lang: Lang) -> Option<Challenge> {
    let mut c = Captcha::new();
    c.add_chars(5).apply_filter(Noise::new(0.25)).apply_filter(Wave::new(2.0, 14.0)).view(200, 80);
    let (answer, png) = c.as_tuple()?;
    let a = 1 + (OsRng.next_u32() % 9) as usize;
    let b = 1 + (OsRng.next_u32() % 9) as usize;
    let alt_question = match lang {
        Lang::Id => format!("Berapa {} ditambah {}?", ID_NUMBERS[a], ID_NUMBERS[b]),
        Lang::En => format!("What is {} plus {}?", EN_NUMBERS[a], EN_NUMBERS[b]),
    };
    Some(Challenge {
        png_base64: crate::server::base64::encode(&png),
        answer,
        alt_question,
        alt_answer: (a + b).to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_a_png_with_five_letters_and_a_sum_in_words() {
        let c = generate(Lang::Id).unwrap();
        assert_eq!(c.answer.chars().count(), 5);
        assert!(c.png_base64.starts_with("iVBORw0KGgo"), "a PNG");
        assert!(c.alt_question.starts_with("Berapa ") && c.alt_question.contains(" ditambah "));
        let sum: u32 = c.alt_answer.parse().unwrap();
        assert!((2..=18).contains(&sum));
        assert!(generate(Lang::En).unwrap().alt_question.starts_with("What is "));
        assert_eq!(crate::server::base64::encode(b"Man"), "TWFu");
        assert_eq!(crate::server::base64::encode(b"Ma"), "TWE=");
        assert_eq!(crate::server::base64::encode(b"M"), "TQ==");
    }
}
