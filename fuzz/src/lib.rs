//! The properties the fuzz targets check, one function per target.
//!
//! libFuzzer drives them from `fuzz_targets/` (`scripts/fuzz.sh`, long
//! runs); `tests/corpus.rs` replays the stored seeds, the corpus and every
//! input that once broke a property through the same functions as ordinary
//! tests, so the test command needs no instrumented build.

use std::collections::HashSet;

use app::documents::sniff::{FileKind, SNIFF_BYTES, safe_file_name, sniff};
use app::domain::password::{
    Holder, MAX_PASSWORD_BYTES, MAX_PASSWORD_CHARS, NewPassword, PolicyProfile, Violation, normalize, violations,
    violations_as_typed,
};
use app::domain::{Nip, PersonName};
use app::org::import::{HEADER, MAX_ROWS, check_fields};

/// `Nip::parse` on any text: it never panics, and what it accepts is 18
/// ASCII digits whose every accessor works and whose shown form parses back
/// to the same NIP.
pub fn nip(input: &str) {
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
}

/// The password policy on any text: it never panics, over-long input is
/// refused before any other work, and an accepted password is the
/// normalised form, within the length bounds, free of the holder's NIP.
pub fn password(input: &str) {
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
}

/// The employee CSV import's file checks on any bytes: they never panic,
/// every row ends up valid or reported (never both), and every NIP they
/// accept is a valid, unrepeated NIP.
pub fn csv_import(data: &[u8]) {
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
}

/// The upload sniffer and the file-name cleaner on any bytes: a file is
/// accepted only with a real PDF, PNG or JPEG signature, and whatever name
/// it declares, the name kept is short, has no folder, no character outside
/// the safe set and the extension of what the file really is.
pub fn upload_sniff(data: &[u8]) {
    let head = &data[..data.len().min(SNIFF_BYTES)];
    let kind = sniff(head);
    if let Some(kind) = kind {
        let magic: &[u8] = match kind {
            FileKind::Pdf => b"%PDF-",
            FileKind::Png => b"\x89PNG\r\n\x1a\n",
            FileKind::Jpeg => &[0xFF, 0xD8, 0xFF],
        };
        assert!(data.starts_with(magic));
        assert_eq!(FileKind::from_content_type(kind.content_type()), Some(kind));
    }
    // The same bytes as a declared file name, for every kind.
    let declared = String::from_utf8_lossy(data);
    for kind in [FileKind::Pdf, FileKind::Png, FileKind::Jpeg] {
        let name = safe_file_name(&declared, kind);
        assert!(name.len() <= 100, "{name}");
        assert!(name.ends_with(&format!(".{}", kind.extension())), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || " .-_()".contains(c)), "{name}");
        assert!(!name.starts_with(['.', ' ']), "{name}");
    }
}

/// A target as libFuzzer sees it: raw bytes in. The `&str` targets skip
/// input that is not UTF-8, as `fuzz_target!(|input: &str| …)` does.
pub type Target = fn(&[u8]);

/// Every target by the name of its folder under `seeds/` and `corpus/`.
pub const TARGETS: [(&str, Target); 4] = [
    ("nip", |data| {
        if let Ok(text) = std::str::from_utf8(data) {
            nip(text)
        }
    }),
    ("password", |data| {
        if let Ok(text) = std::str::from_utf8(data) {
            password(text)
        }
    }),
    ("csv_import", csv_import),
    ("upload_sniff", upload_sniff),
];
