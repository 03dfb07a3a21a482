//! The password policy on arbitrary text: it never panics, over-long input
//! is refused before any other work, and an accepted password is the
//! normalised form, within the length bounds, free of the holder's NIP.
#![no_main]

use app::auth::password::{
    Holder, MAX_PASSWORD_BYTES, MAX_PASSWORD_CHARS, NewPassword, PolicyProfile, Violation, normalize, violations,
    violations_as_typed,
};
use app::domain::{Nip, PersonName};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let nip = Nip::parse("198001012005011001").expect("a valid NIP");
    let name = PersonName::parse("Siti Rahmawati").expect("a valid name");
    let holder = Holder { nip: Some(&nip), name: Some(&name) };
    for profile in [PolicyProfile::Portal, PolicyProfile::Nist] {
        let found = violations(profile, input, holder);
        if input.len() > MAX_PASSWORD_BYTES {
            assert_eq!(found, vec![Violation::TooLong]);
            continue;
        }
        let _ = violations_as_typed(profile, input, holder);
        let common = |p: &str| p == "Password123!";
        match NewPassword::parse(profile, input, holder, common) {
            Ok(password) => {
                let kept = password.expose();
                assert_eq!(kept, normalize(input));
                assert_eq!(normalize(kept), kept, "normalising twice changed it");
                let chars = kept.chars().count();
                assert!((profile.min_chars()..=MAX_PASSWORD_CHARS).contains(&chars), "{chars} characters");
                assert!(!kept.contains(nip.as_str()));
                assert!(found.is_empty());
            }
            Err(refused) => assert!(!refused.is_empty()),
        }
    }
});
