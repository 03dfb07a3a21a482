//! Random passwords for operators who must hand one over (always marked
//! must-change). 20 characters from an alphabet without look-alikes, with
//! every class the portal profile asks for.

use rand_core::{OsRng, RngCore};

use super::blocklist::is_common;
use super::{Holder, NewPassword, PolicyProfile};

const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const DIGITS: &[u8] = b"23456789";
const SYMBOLS: &[u8] = b"!#%+-=?@_";
const LENGTH: usize = 20;

fn pick(set: &[u8]) -> u8 {
    // Rejection sampling keeps the choice uniform.
    let limit = u32::MAX - u32::MAX % set.len() as u32;
    loop {
        let n = OsRng.next_u32();
        if n < limit {
            return set[(n % set.len() as u32) as usize];
        }
    }
}

/// A password that passes `profile` for this holder.
pub fn generate(profile: PolicyProfile, holder: Holder<'_>) -> NewPassword {
    let all: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].concat();
    loop {
        let mut bytes: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].iter().map(|s| pick(s)).collect();
        bytes.extend((bytes.len()..LENGTH).map(|_| pick(&all)));
        // Shuffle so the guaranteed classes are not always in front.
        for i in (1..bytes.len()).rev() {
            let j = (OsRng.next_u32() as usize) % (i + 1);
            bytes.swap(i, j);
        }
        let text = String::from_utf8(bytes).expect("ASCII alphabet");
        if let Ok(p) = NewPassword::parse(profile, &text, holder, |pw| is_common(pw, holder.nip, holder.name)) {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_pass_the_policy_and_differ() {
        let a = generate(PolicyProfile::Portal, Holder::default());
        let b = generate(PolicyProfile::Portal, Holder::default());
        assert_eq!(a.expose().len(), LENGTH);
        assert_ne!(a.expose(), b.expose());
        assert!(crate::domain::password::violations(PolicyProfile::Portal, a.expose(), Holder::default()).is_empty());
    }
}
