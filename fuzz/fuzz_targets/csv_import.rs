//! The employee CSV import's file checks on arbitrary bytes: they never
//! panic, every row ends up valid or reported (never both), and every NIP
//! they accept is a valid, unrepeated NIP.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| asn_portal_fuzz::csv_import(data));
