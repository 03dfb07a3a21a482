//! The leave letter (surat izin cuti) as a one-page PDF, written directly:
//! the standard Helvetica fonts, text lines and the QR code drawn as filled
//! squares. The output depends only on its input (no creation date), so a
//! letter made again is byte for byte the same and its hash still matches.

use qrcode::{Color, QrCode};

/// What the letter states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterData {
    pub code: String,
    pub agency: String,
    pub type_name: String,
    pub employee: String,
    pub nip_grouped: String,
    pub position: String,
    pub unit: String,
    pub length: String,
    pub start: String,
    pub end: String,
    pub address: String,
    pub consideration: Option<(String, String)>,
    pub official: String,
    pub decided_on: String,
    pub verify_url: String,
}

/// Text the standard fonts can show: Latin-1 kept, anything else replaced,
/// and PDF string delimiters escaped.
fn pdf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '–' | '—' => out.push('-'),
            c if (' '..='~').contains(&c) => out.push(c),
            c if (c as u32) >= 0xA0 && (c as u32) <= 0xFF => out.push_str(&format!("\\{:03o}", c as u32)),
            _ => out.push('?'),
        }
    }
    out
}

/// Breaks text into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Page {
    ops: String,
    y: f32,
}

impl Page {
    fn text(&mut self, font: &str, size: f32, x: f32, text: &str) {
        self.ops.push_str(&format!("BT /{font} {size} Tf {x} {:.1} Td ({}) Tj ET\n", self.y, pdf_text(text)));
        self.y -= size * 1.5;
    }

    fn centred(&mut self, font: &str, size: f32, text: &str) {
        // Helvetica averages about half an em per character.
        let width = text.chars().count() as f32 * size * 0.55;
        let x = ((595.0 - width) / 2.0).max(40.0);
        self.text(font, size, x, text);
    }

    fn field(&mut self, label: &str, value: &str) {
        let y = self.y;
        self.ops.push_str(&format!("BT /F1 10 Tf 70 {y:.1} Td ({}) Tj ET\n", pdf_text(label)));
        for (i, line) in wrap(value, 60).iter().enumerate() {
            if i > 0 {
                self.y -= 14.0;
            }
            self.ops.push_str(&format!("BT /F1 10 Tf 200 {:.1} Td (: {}) Tj ET\n", self.y, pdf_text(line)));
        }
        self.y -= 16.0;
    }

    fn paragraph(&mut self, text: &str) {
        for line in wrap(text, 90) {
            self.text("F1", 10.0, 70.0, &line);
        }
        self.y -= 4.0;
    }
}

/// The letter as PDF bytes.
pub fn render(data: &LetterData) -> Vec<u8> {
    let mut page = Page { ops: String::new(), y: 780.0 };
    page.centred("F2", 12.0, &data.agency.to_uppercase());
    page.y -= 6.0;
    page.centred("F2", 14.0, &format!("SURAT IZIN {}", data.type_name.to_uppercase()));
    page.centred("F1", 10.0, &format!("Nomor: {}", data.code));
    page.y -= 10.0;
    page.paragraph(&format!("Diberikan {} kepada Aparatur Sipil Negara:", data.type_name.to_lowercase()));
    page.field("Nama", &data.employee);
    page.field("NIP", &data.nip_grouped);
    page.field("Jabatan", &data.position);
    page.field("Unit kerja", &data.unit);
    page.field("Lama cuti", &data.length);
    page.field("Mulai tanggal", &data.start);
    page.field("Sampai dengan", &data.end);
    page.field("Alamat selama cuti", &data.address);
    page.y -= 6.0;
    page.paragraph(
        "Selama menjalankan cuti, yang bersangkutan wajib menyerahkan pekerjaannya kepada atasan langsung atau \
         pejabat lain yang ditunjuk. Surat izin ini diterbitkan secara elektronik oleh Portal ASN.",
    );
    if let Some((outcome, by)) = &data.consideration {
        page.field("Pertimbangan atasan", &format!("{outcome} ({by})"));
    }
    page.field("Keputusan", &format!("DISETUJUI, {}", data.decided_on));
    page.field("Pejabat yang berwenang", &data.official);
    // The QR code in the lower right corner, 2.4 pt a module, with its
    // quiet zone left white.
    let qr = QrCode::new(data.verify_url.as_bytes()).expect("a URL fits a QR code");
    let width = qr.width();
    let module = 2.4_f32;
    let (left, top) = (595.0 - 70.0 - width as f32 * module, 230.0_f32);
    page.ops.push_str("0 0 0 rg\n");
    for (i, color) in qr.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (col, row) = ((i % width) as f32, (i / width) as f32);
            page.ops.push_str(&format!(
                "{:.1} {:.1} {module} {module} re f\n",
                left + col * module,
                top - (row + 1.0) * module
            ));
        }
    }
    page.y = 200.0;
    page.text("F1", 8.0, 70.0, "Periksa keaslian surat ini dengan memindai kode QR, atau buka:");
    page.text("F1", 8.0, 70.0, &data.verify_url);
    assemble(&page.ops, &format!("Surat izin cuti {}", data.code))
}

fn assemble(content: &str, title: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> \
         /Contents 6 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        format!("<< /Title ({}) /Producer (asn-portal) >>", pdf_text(title)),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> LetterData {
        LetterData {
            code: "0123456789ABCDEF01234567".into(),
            agency: "Pemerintah Kota Contoh".into(),
            type_name: "Cuti tahunan".into(),
            employee: "Siti Rahayu (Ketua)".into(),
            nip_grouped: "19860926 201505 2 001".into(),
            position: "Analis Kepegawaian".into(),
            unit: "BKPSDM".into(),
            length: "3 hari kerja".into(),
            start: "2026-12-01".into(),
            end: "2026-12-03".into(),
            address: "Jl. Malioboro No. 1, Yogyakarta".into(),
            consideration: Some(("DISETUJUI".into(), "Budi Santoso".into())),
            official: "Dra. Endang Lestari, M.Si.".into(),
            decided_on: "2026-11-30".into(),
            verify_url: "https://portal.example.go.id/verify/0123456789ABCDEF01234567".into(),
        }
    }

    #[test]
    fn the_letter_is_a_well_formed_deterministic_pdf() {
        let pdf = render(&data());
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        assert_eq!(pdf, render(&data()), "the same letter twice is the same bytes");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("(SURAT IZIN CUTI TAHUNAN) Tj"));
        assert!(text.contains("Siti Rahayu \\(Ketua\\)"), "parentheses are escaped");
        assert!(text.contains(" re f\n"), "the QR code is drawn");
        // Every xref offset points at its object (offsets count bytes).
        let xref_at: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        let table = String::from_utf8(pdf[xref_at..].to_vec()).unwrap();
        assert!(table.starts_with("xref\n0 8\n"));
        for (i, line) in table.lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {}", i + 1);
        }
        let mut other = data();
        other.end = "2026-12-04".into();
        assert_ne!(render(&other), pdf);
    }

    #[test]
    fn text_outside_latin_1_cannot_break_the_page() {
        assert_eq!(pdf_text("a(b)c\\"), "a\\(b\\)c\\\\");
        assert_eq!(pdf_text("Jl. Café – 2"), "Jl. Caf\\351 - 2");
        assert_eq!(pdf_text("漢字"), "??");
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
    }
}
