//! Time-based one-time codes (RFC 6238) as the portal uses them: SHA-1,
//! 6 digits, 30-second steps, a 160-bit secret from the OS's CSPRNG, so
//! Google Authenticator and Microsoft Authenticator read the enrolment QR
//! code as it is.
//!
//! A code is accepted for the current step and the one before (a code read
//! off the phone just as it rolled over), never for a later step, and never
//! for a step at or below the last one accepted for that authenticator: the
//! caller stores the step this returns, atomically, so a code works once
//! even across app instances.

use rand_core::{OsRng, RngCore};
use totp_rs::{Algorithm, Builder};
use zeroize::Zeroizing;

use crate::ui::url::encode_component;

/// The parameters authenticator apps assume when a URI omits them.
pub const DIGITS: u8 = 6;
pub const STEP_SECONDS: i64 = 30;
pub const SECRET_BYTES: usize = 20;
/// How far either side of now a wrong code is compared, without ever being
/// accepted, to tell the user their phone's clock is off (20 steps = 10 min).
pub const DRIFT_STEPS: i64 = 20;

/// A TOTP seed. Zeroised on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new(vec![0u8; SECRET_BYTES]);
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// RFC 4648 Base32 without padding, as authenticator apps expect.
    pub fn base32(&self) -> String {
        base32_encode(&self.0)
    }

    /// The Base32 text in groups of four, for typing into an app by hand.
    pub fn grouped(&self) -> String {
        let text = self.base32();
        text.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

fn base32_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            out.push(ALPHABET[((n >> (35 - 5 * i)) & 31) as usize] as char);
        }
    }
    out
}

/// The `otpauth://` URI of the enrolment QR code: issuer both in the label
/// and as a parameter (older Google Authenticator reads the label, newer
/// apps the parameter), and every parameter spelled out.
pub fn otpauth_uri(secret: &TotpSecret, issuer: &str, account: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        encode_component(issuer),
        encode_component(account),
        secret.base32(),
        encode_component(issuer),
    )
}

/// The code for `time` (Unix seconds) under explicit parameters: the one
/// path every code in the portal goes through (the tests drive it with the
/// RFC's SHA-256 and SHA-512 vectors too).
pub fn code_with(algorithm: Algorithm, digits: u8, secret: &[u8], time: u64) -> Option<String> {
    let totp = Builder::new()
        .with_algorithm(algorithm)
        .with_digits(digits)
        .with_step_duration(STEP_SECONDS as u64)
        .with_skew(0)
        .with_secret(secret)
        .build()
        .ok()?;
    Some(totp.generate(time).to_string())
}

/// The code an authenticator app shows for `secret` at `time`, with the
/// portal's parameters.
pub fn code_for(secret: &[u8], time: i64) -> Option<String> {
    code_with(Algorithm::SHA1, DIGITS, secret, u64::try_from(time).ok()?)
}

fn code_at_step(secret: &TotpSecret, step: i64) -> Option<String> {
    let time = u64::try_from(step.checked_mul(STEP_SECONDS)?).ok()?;
    code_with(Algorithm::SHA1, DIGITS, secret.expose(), time)
}

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Valid now: store `step` as the last accepted one.
    Accepted {
        step: i64,
    },
    /// Valid, but this step (or a later one) was already accepted.
    Replayed,
    /// Not valid now, but the phone produced it for a time `seconds` away
    /// from the server's (positive: the phone is ahead). Never accepted.
    ClockOff {
        seconds: i64,
    },
    Wrong,
}

/// Normalises what the user typed ("123 456" and "123456" alike); `None`
/// unless it is exactly six digits.
pub fn normalize_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == usize::from(DIGITS) && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a typed code at `now` against the last step accepted for this
/// authenticator.
///
/// The clock check only runs for a code that is not accepted, and only says
/// how far off the phone is. It leaks nothing useful: this step comes after
/// the password, so the caller already proved that; producing a code that
/// matches some step within ±10 minutes needs the secret (a guesser hits one
/// of those 41 steps with probability 41 in a million, learns only that
/// offset, and is never signed in by it); and every such attempt still
/// counts as a failure toward the account's lockout.
pub fn check(secret: &TotpSecret, typed: &str, now: i64, last_step: Option<i64>) -> Check {
    let Some(code) = normalize_code(typed) else { return Check::Wrong };
    let current = now.div_euclid(STEP_SECONDS);
    for step in [current, current - 1] {
        if code_at_step(secret, step).is_some_and(|c| same(&c, &code)) {
            return if last_step.is_some_and(|last| step <= last) { Check::Replayed } else { Check::Accepted { step } };
        }
    }
    for offset in (-DRIFT_STEPS..=DRIFT_STEPS).filter(|o| !matches!(o, -1 | 0)) {
        if code_at_step(secret, current + offset).is_some_and(|c| same(&c, &code)) {
            return Check::ClockOff { seconds: offset * STEP_SECONDS };
        }
    }
    Check::Wrong
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238, appendix B: the seeds and the 8-digit codes at each time.
    const SHA1_SEED: &[u8] = b"12345678901234567890";
    const SHA256_SEED: &[u8] = b"12345678901234567890123456789012";
    const SHA512_SEED: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";
    const VECTORS: [(u64, &str, &str, &str); 6] = [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ];

    #[test]
    fn the_rfc_6238_vectors_come_out_of_the_portals_code_path() {
        for (time, sha1, sha256, sha512) in VECTORS {
            assert_eq!(code_with(Algorithm::SHA1, 8, SHA1_SEED, time).as_deref(), Some(sha1), "SHA1 at {time}");
            assert_eq!(code_with(Algorithm::SHA256, 8, SHA256_SEED, time).as_deref(), Some(sha256), "SHA256 at {time}");
            assert_eq!(code_with(Algorithm::SHA512, 8, SHA512_SEED, time).as_deref(), Some(sha512), "SHA512 at {time}");
        }
        // The portal's own parameters: the last six digits of the SHA1 vector.
        let secret = TotpSecret::from_bytes(SHA1_SEED.to_vec());
        assert_eq!(code_at_step(&secret, 59 / 30).as_deref(), Some("287082"));
    }

    /// A fixed seed keeps these tests deterministic: with a random one, two
    /// steps' codes could coincide (one chance in a million) and flip a result.
    fn seed() -> TotpSecret {
        TotpSecret::from_bytes(b"asn-portal-test-seed".to_vec())
    }

    fn code(secret: &TotpSecret, time: i64) -> String {
        code_at_step(secret, time.div_euclid(STEP_SECONDS)).unwrap()
    }

    #[test]
    fn the_current_and_previous_step_are_accepted_nothing_else() {
        let secret = seed();
        let now = 1_800_000_015;
        let step = now / 30;
        assert_eq!(check(&secret, &code(&secret, now), now, None), Check::Accepted { step });
        assert_eq!(check(&secret, &code(&secret, now - 30), now, None), Check::Accepted { step: step - 1 });
        // Two back and one ahead: only the clock hint, never acceptance.
        assert_eq!(check(&secret, &code(&secret, now - 60), now, None), Check::ClockOff { seconds: -60 });
        assert_eq!(check(&secret, &code(&secret, now + 30), now, None), Check::ClockOff { seconds: 30 });
        assert_eq!(check(&secret, "000000x", now, None), Check::Wrong);
        assert_eq!(check(&secret, "", now, None), Check::Wrong);
    }

    #[test]
    fn a_code_works_once_and_never_after_a_later_one() {
        let secret = seed();
        let now = 1_800_000_015;
        let step = now / 30;
        let current = code(&secret, now);
        assert_eq!(check(&secret, &current, now, Some(step - 1)), Check::Accepted { step });
        assert_eq!(check(&secret, &current, now, Some(step)), Check::Replayed);
        // The previous step's code after the current one was used: refused.
        assert_eq!(check(&secret, &code(&secret, now - 30), now, Some(step)), Check::Replayed);
    }

    #[test]
    fn a_phone_three_minutes_slow_is_told_so() {
        let secret = seed();
        let now = 1_800_000_015;
        let from_slow_phone = code(&secret, now - 180);
        assert_eq!(check(&secret, &from_slow_phone, now, None), Check::ClockOff { seconds: -180 });
        let from_far_off_phone = code(&secret, now + 11 * 60);
        assert_eq!(check(&secret, &from_far_off_phone, now, None), Check::Wrong);
    }

    #[test]
    fn the_uri_and_base32_are_what_authenticator_apps_read() {
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec());
        assert_eq!(secret.base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(secret.grouped(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assert_eq!(
            otpauth_uri(&secret, "Portal ASN", "198001012005011001"),
            "otpauth://totp/Portal%20ASN:198001012005011001?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Portal%20ASN&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(TotpSecret::generate().expose().len(), 20);
        assert_ne!(TotpSecret::generate(), TotpSecret::generate());
        assert_eq!(format!("{:?}", TotpSecret::generate()), "TotpSecret(..)");
        assert_eq!(normalize_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalize_code("12345"), None);
    }
}
