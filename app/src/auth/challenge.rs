//! The sign-in form's captcha. After `ASN_SIGN_IN_CAPTCHA_AFTER` wrong
//! answers for one NIP within the hour (known or unknown alike, so the
//! demand tells nothing about which NIPs exist), the form must also carry
//! a solved captcha; until then a human never sees one. Challenges are
//! stored as hashes of their answers, live ten minutes and are spent by
//! their first use, right or wrong.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::i18n::Lang;
use crate::server::captcha;
use crate::server::rate_limit;

/// A challenge lives this long (seconds).
pub const CHALLENGE_SECONDS: i64 = 600;
/// Failures per NIP are counted in windows of this length (seconds).
const FAILURE_WINDOW: i64 = 3600;
/// Challenges one address may draw per hour (each is a picture to draw and
/// a row to write).
pub const CHALLENGES_PER_ADDRESS_HOUR: i64 = 120;

/// What the form shows: the picture, the question in words and the token
/// that names the stored answers.
pub struct Drawn {
    pub token: String,
    pub png_base64: String,
    pub question: String,
}

fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn answer_hash(token: &str, answer: &str) -> String {
    digest(&format!("sign-in captcha:{token}:{answer}"))
}

/// The rate-limit bucket of a typed NIP: the digits of a well-formed one,
/// a hash of anything else (which may hold any character, NUL included).
fn nip_bucket(nip_text: &str) -> String {
    let key = crate::domain::Nip::parse(nip_text)
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|_| digest(nip_text.trim())[..32].to_string());
    format!("sign_in_nip:{key}")
}

/// Whether the sign-in of this NIP needs a solved captcha now.
pub async fn required(conn: &mut AnyConnection, nip_text: &str, now: i64, after: i64) -> Result<bool, sqlx::Error> {
    let window_start = now - now.rem_euclid(FAILURE_WINDOW);
    let hits = rate_limit::hits(conn, &nip_bucket(nip_text), window_start).await?;
    Ok(hits.is_some_and(|n| n >= after))
}

/// Counts a refused sign-in of this NIP, whatever the reason.
pub async fn note_failure(conn: &mut AnyConnection, nip_text: &str, now: i64) -> Result<(), sqlx::Error> {
    rate_limit::hit(conn, &nip_bucket(nip_text), now, FAILURE_WINDOW, i64::MAX).await?;
    Ok(())
}

/// Draws and stores a new challenge; `None` when the picture could not be
/// drawn.
pub async fn draw(conn: &mut AnyConnection, lang: Lang, now: i64) -> Result<Option<Drawn>, sqlx::Error> {
    let Some(challenge) = captcha::generate(lang) else { return Ok(None) };
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let stored = super::repo::Challenge {
        id_hash: digest(&token),
        answer_hash: answer_hash(&token, &challenge.answer),
        alt_hash: answer_hash(&token, &challenge.alt_answer),
        expires_at: now + CHALLENGE_SECONDS,
    };
    super::repo::store_challenge(conn, &stored, now).await?;
    Ok(Some(Drawn { token, png_base64: challenge.png_base64, question: challenge.alt_question }))
}

/// Whether `answer` solves the challenge `token` names. The challenge is
/// spent either way, so each picture gets one guess.
pub async fn solve(conn: &mut AnyConnection, token: &str, answer: &str, now: i64) -> Result<bool, sqlx::Error> {
    let stored = super::repo::take_challenge(conn, &digest(token)).await?;
    let Some((answer_stored, alt_stored, expires_at)) = stored else { return Ok(false) };
    let typed = answer_hash(token, answer.trim());
    Ok(expires_at > now && (typed == answer_stored || typed == alt_stored))
}

#[cfg(test)]
mod tests {
    use super::nip_bucket;

    #[test]
    fn a_nip_is_counted_by_its_digits_and_anything_else_by_a_hash() {
        assert_eq!(nip_bucket("19800101 200501 1 001"), "sign_in_nip:198001012005011001");
        assert_eq!(nip_bucket("198001012005011001"), nip_bucket(" 19800101 200501 1 001 "));
        let odd = nip_bucket("1980\0' OR 1=1");
        assert!(odd.starts_with("sign_in_nip:") && odd.len() == 12 + 32 && !odd.contains('\0'), "{odd}");
    }
}
