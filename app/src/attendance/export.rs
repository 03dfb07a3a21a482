//! The team recap as CSV (`GET /attendance/recap.csv`), for spreadsheets.

use super::model::TeamRecap;
use crate::server::csv::cell;

pub const HEADER: [&str; 11] =
    ["month", "nip", "name", "unit", "working_days", "present", "late", "early_leave", "no_check_out", "absent", "wfa"];

pub fn csv(recap: &TeamRecap) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    let month = recap.month.to_string();
    for row in &recap.rows {
        let c = row.counts;
        let numbers =
            [c.working_days, c.present, c.late, c.early_leave, c.no_check_out, c.absent, c.wfa].map(|n| n.to_string());
        let mut record = vec![month.clone(), row.nip.clone(), cell(&row.name), cell(row.unit.as_deref().unwrap_or(""))];
        record.extend(numbers);
        out.write_record(&record)?;
    }
    let bytes = out.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused_and_quotes_escaped() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("Siti"), "Siti");
    }
}
