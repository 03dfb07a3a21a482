//! `Nip::parse` on arbitrary text: it never panics, and what it accepts is
//! 18 ASCII digits whose every accessor works and whose shown form parses
//! back to the same NIP.
#![no_main]

use app::domain::Nip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(nip) = Nip::parse(input) else { return };
    let digits = nip.as_str();
    assert_eq!(digits.len(), 18);
    assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{digits}");
    assert_eq!(Nip::parse(digits).as_ref(), Ok(&nip));
    assert_eq!(Nip::parse(&nip.grouped()).as_ref(), Ok(&nip));
    // These re-read the digits with `expect`: any gap between them and
    // `parse` panics here.
    assert!(nip.birth_date() < nip.appointed(), "{digits}");
    let _ = (nip.scheme(), nip.gender());
});
