//! The calendar file the national admin imports: one day per line,
//! `date,kind,name` (`2026-03-19,holiday,Hari Suci Nyepi`), kind `holiday`
//! or `collective`, an optional header line, `#` comments.

use super::rules::DayKind;
use serde::{Deserialize, Serialize};

use crate::domain::Date;
use crate::i18n::Lang;

/// A calendar row that passed every check.
pub type Row = (Date, DayKind, String);

/// What is wrong with one line: English for the CLI (`Display`), either
/// language for the console (`text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineError {
    Date,
    Kind,
    Name,
    Twice(Date),
}

impl LineError {
    pub fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (LineError::Date, Lang::Id) => "tanggal tidak berformat TTTT-BB-HH".into(),
            (LineError::Date, Lang::En) => "the date is not YYYY-MM-DD".into(),
            (LineError::Kind, Lang::Id) => "jenisnya bukan holiday atau collective".into(),
            (LineError::Kind, Lang::En) => "the kind is neither holiday nor collective".into(),
            (LineError::Name, Lang::Id) => "namanya kosong atau lebih dari 120 karakter".into(),
            (LineError::Name, Lang::En) => "the name is empty or longer than 120 characters".into(),
            (LineError::Twice(day), Lang::Id) => format!("{day} muncul dua kali"),
            (LineError::Twice(day), Lang::En) => format!("{day} appears twice"),
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Parses the whole file or reports every bad line (1-based) at once.
pub fn parse(text: &str) -> Result<Vec<Row>, Vec<(usize, LineError)>> {
    let mut rows: Vec<Row> = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || (number == 1 && line.starts_with("date,")) {
            continue;
        }
        let mut parts = line.splitn(3, ',');
        let (date, kind, name) = (parts.next(), parts.next(), parts.next());
        let Some(date) = date.and_then(|d| Date::parse_iso(d.trim())) else {
            errors.push((number, LineError::Date));
            continue;
        };
        let Some(kind) = kind.and_then(|k| DayKind::parse(k.trim())) else {
            errors.push((number, LineError::Kind));
            continue;
        };
        let name = name.map(|n| n.trim().trim_matches('"').trim()).unwrap_or_default();
        if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
            errors.push((number, LineError::Name));
            continue;
        }
        if rows.iter().any(|(d, _, _)| *d == date) {
            errors.push((number, LineError::Twice(date)));
            continue;
        }
        rows.push((date, kind, name.to_string()));
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The 2026 calendar (SKB Menteri Agama, Menteri Ketenagakerjaan and
/// Menteri PANRB No. 1497/2/5 of 2025), shipped as demo data.
pub const DEMO_2026: &str = "\
date,kind,name
2026-01-01,holiday,Tahun Baru 2026 Masehi
2026-01-16,holiday,Isra Mikraj Nabi Muhammad SAW
2026-02-16,collective,Cuti bersama Tahun Baru Imlek
2026-02-17,holiday,Tahun Baru Imlek 2577 Kongzili
2026-03-18,collective,Cuti bersama Hari Suci Nyepi
2026-03-19,holiday,Hari Suci Nyepi (Tahun Baru Saka 1948)
2026-03-20,collective,Cuti bersama Idul Fitri 1447 H
2026-03-21,holiday,Idul Fitri 1447 H
2026-03-22,holiday,Idul Fitri 1447 H
2026-03-23,collective,Cuti bersama Idul Fitri 1447 H
2026-03-24,collective,Cuti bersama Idul Fitri 1447 H
2026-04-03,holiday,Wafat Yesus Kristus
2026-04-05,holiday,Kebangkitan Yesus Kristus (Paskah)
2026-05-01,holiday,Hari Buruh Internasional
2026-05-14,holiday,Kenaikan Yesus Kristus
2026-05-15,collective,Cuti bersama Kenaikan Yesus Kristus
2026-05-27,holiday,Idul Adha 1447 H
2026-05-28,collective,Cuti bersama Idul Adha 1447 H
2026-05-31,holiday,Hari Raya Waisak 2570 BE
2026-06-01,holiday,Hari Lahir Pancasila
2026-06-16,holiday,1 Muharam Tahun Baru Islam 1448 H
2026-08-17,holiday,Proklamasi Kemerdekaan
2026-08-25,holiday,Maulid Nabi Muhammad SAW
2026-12-24,collective,Cuti bersama Hari Raya Natal
2026-12-25,holiday,Kelahiran Yesus Kristus
";

/// 2027 for the demo: the fixed-date holidays and the Christian ones are
/// exact; the lunar-calendar dates are estimates until the 2027 decree is
/// imported over them.
pub const DEMO_2027: &str = "\
date,kind,name
2027-01-01,holiday,Tahun Baru 2027 Masehi
2027-01-05,holiday,Isra Mikraj Nabi Muhammad SAW (perkiraan)
2027-02-06,holiday,Tahun Baru Imlek 2578 Kongzili (perkiraan)
2027-03-09,holiday,Hari Suci Nyepi (perkiraan)
2027-03-10,holiday,Idul Fitri 1448 H (perkiraan)
2027-03-11,holiday,Idul Fitri 1448 H (perkiraan)
2027-03-12,collective,Cuti bersama Idul Fitri 1448 H (perkiraan)
2027-03-26,holiday,Wafat Yesus Kristus
2027-03-28,holiday,Kebangkitan Yesus Kristus (Paskah)
2027-05-01,holiday,Hari Buruh Internasional
2027-05-06,holiday,Kenaikan Yesus Kristus
2027-05-17,holiday,Idul Adha 1448 H (perkiraan)
2027-05-20,holiday,Hari Raya Waisak (perkiraan)
2027-06-01,holiday,Hari Lahir Pancasila
2027-06-06,holiday,1 Muharam Tahun Baru Islam 1449 H (perkiraan)
2027-08-15,holiday,Maulid Nabi Muhammad SAW (perkiraan)
2027-08-17,holiday,Proklamasi Kemerdekaan
2027-12-24,collective,Cuti bersama Hari Raya Natal
2027-12-25,holiday,Kelahiran Yesus Kristus
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_calendars_parse_and_hold_what_the_decree_says() {
        let rows = parse(DEMO_2026).unwrap();
        assert_eq!(rows.iter().filter(|r| r.1 == DayKind::Holiday).count(), 17);
        assert_eq!(rows.iter().filter(|r| r.1 == DayKind::Collective).count(), 8);
        assert!(parse(DEMO_2027).unwrap().iter().all(|r| r.0.year() == 2027));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = "date,kind,name\n2026-02-30,holiday,X\n2026-03-01,festival,X\n2026-03-02,holiday,\n\
                    2026-03-03,holiday,Ok\n2026-03-03,collective,Twice\n# a comment\n";
        let errors = parse(text).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.0).collect::<Vec<_>>(), vec![2, 3, 4, 6]);
        // The CLI's English, and the console's Indonesian.
        assert_eq!(errors[0].1.to_string(), "the date is not YYYY-MM-DD");
        assert_eq!(errors[0].1.text(Lang::Id), "tanggal tidak berformat TTTT-BB-HH");
        assert_eq!(parse("2026-03-03,holiday,\"Quoted, name\"").unwrap()[0].2, "Quoted, name");
    }
}
