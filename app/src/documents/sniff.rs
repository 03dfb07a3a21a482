//! What a file is, read from its first bytes: never from its name or the
//! type the browser declares. Only PDF, PNG and JPEG are accepted.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

/// How many leading bytes [`sniff`] needs.
pub const SNIFF_BYTES: usize = 8;

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    pub fn from_content_type(text: &str) -> Option<Self> {
        [Self::Pdf, Self::Png, Self::Jpeg].into_iter().find(|k| k.content_type() == text)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, Self::Png | Self::Jpeg)
    }
}

/// The kind of a file from its first [`SNIFF_BYTES`] bytes (or all of a
/// shorter file); `None` for anything else.
pub fn sniff(head: &[u8]) -> Option<FileKind> {
    if head.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else {
        None
    }
}

/// A file name safe to show and to put in a `Content-Disposition` header:
/// no folders, only ASCII letters, digits, space, `.`, `-`, `_`, `(`, `)`
/// (anything else becomes `_`), at most 100 characters, and ending in the
/// extension of what the file really is.
pub fn safe_file_name(declared: &str, kind: FileKind) -> String {
    let base = declared.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_()".contains(c) { c } else { '_' }).collect();
    name = name.trim_matches(|c: char| c == '.' || c == ' ').to_string();
    let ext = format!(".{}", kind.extension());
    let stem = name.strip_suffix(&ext).unwrap_or(&name).chars().take(100 - ext.len()).collect::<String>();
    let stem = if stem.trim().is_empty() { "dokumen".to_string() } else { stem };
    format!("{stem}{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pdf_png_and_jpeg_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%"), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some(FileKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(FileKind::Jpeg));
        // A Windows executable, HTML, SVG, a ZIP (also .docx), a text "PDF".
        for bad in [&b"MZ\x90\0\x03\0\0\0"[..], b"<!DOCTYPE html>", b"<svg xmlns=", b"PK\x03\x04", b" %PDF-1.7", b""] {
            assert_eq!(sniff(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn file_names_lose_folders_and_tricks() {
        assert_eq!(safe_file_name("../../etc/passwd", FileKind::Pdf), "passwd.pdf");
        assert_eq!(safe_file_name("a.pdf%00.exe", FileKind::Pdf), "a.pdf_00.exe.pdf");
        assert_eq!(safe_file_name("C:\\Users\\x\\Ijazah S1.PDF", FileKind::Pdf), "Ijazah S1.PDF.pdf");
        assert_eq!(safe_file_name("ijazah.pdf", FileKind::Pdf), "ijazah.pdf");
        assert_eq!(safe_file_name("\"; filename=evil.html", FileKind::Png), "__ filename_evil.html.png");
        assert_eq!(safe_file_name("...", FileKind::Jpeg), "dokumen.jpg");
        assert_eq!(safe_file_name(&"x".repeat(300), FileKind::Pdf).len(), 100);
        assert_eq!(safe_file_name("Résumé.pdf", FileKind::Pdf), "R_sum_.pdf");
    }
}
