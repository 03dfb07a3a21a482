//! The employee CSV import's file checks on arbitrary bytes: they never
//! panic, every row ends up valid or reported (never both), and every NIP
//! they accept is a valid, unrepeated NIP.
#![no_main]

use std::collections::HashSet;

use app::domain::Nip;
use app::org::import::{HEADER, MAX_ROWS, check_fields};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Half the inputs get the right header, so the fuzzer spends its time
    // on rows rather than rediscovering the header.
    let mut file = Vec::new();
    if data.first().is_some_and(|b| b % 2 == 0) {
        file.extend_from_slice(HEADER.join(",").as_bytes());
        file.push(b'\n');
        file.extend_from_slice(&data[1..]);
    } else {
        file.extend_from_slice(data);
    }
    let Ok(check) = check_fields(file.as_slice()) else { return };
    assert!(check.valid.len() + check.errors.len() <= MAX_ROWS);
    assert!(!check.valid.is_empty() || !check.errors.is_empty(), "an empty file must be an error");
    let mut nips = HashSet::new();
    let mut lines = HashSet::new();
    for (line, nip) in &check.valid {
        assert!(*line >= 2, "the header is line 1");
        assert!(lines.insert(*line), "line {line} counted twice");
        assert!(nips.insert(nip.as_str().to_string()), "NIP accepted twice");
        assert_eq!(Nip::parse(nip.as_str()).as_ref(), Ok(nip));
    }
    for error in &check.errors {
        assert!(!lines.contains(&error.line) || error.line == 0, "line {} both valid and bad", error.line);
        assert!(!error.reason.is_empty());
    }
});
