//! `Nip::parse` on arbitrary text: it never panics, and what it accepts is
//! 18 ASCII digits whose every accessor works and whose shown form parses
//! back to the same NIP.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| asn_portal_fuzz::nip(input));
