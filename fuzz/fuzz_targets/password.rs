//! The password policy on arbitrary text: it never panics, over-long input
//! is refused before any other work, and an accepted password is the
//! normalised form, within the length bounds, free of the holder's NIP.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| asn_portal_fuzz::password(input));
