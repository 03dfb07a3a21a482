//! The upload sniffer and the file-name cleaner on arbitrary bytes: a file
//! is accepted only with a real PDF, PNG or JPEG signature, and whatever
//! name it declares, the name kept is short, has no folder, no character
//! outside the safe set and the extension of what the file really is.
#![no_main]

use app::documents::sniff::{FileKind, SNIFF_BYTES, safe_file_name, sniff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
