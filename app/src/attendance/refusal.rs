//! The words of an attendance refusal.

use super::model::*;
use crate::error::RefusalKind;
use crate::i18n::{Lang, Msg};

impl RefusalKind for AttendanceRefusal {
    const FEATURE: &'static str = "Attendance";

    fn message(&self) -> Msg {
        match self {
            AttendanceRefusal::LocationRequired => Msg::AttendanceLocationRequired,
            AttendanceRefusal::LocationInvalid => Msg::AttendanceLocationInvalid,
            AttendanceRefusal::NoOffice => Msg::AttendanceNoOffice,
            AttendanceRefusal::OutsideGeofence { .. } => Msg::AttendanceOutside,
            AttendanceRefusal::NotCheckedIn => Msg::AttendanceNotCheckedIn,
        }
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            AttendanceRefusal::OutsideGeofence { office, distance_m, radius_m } => match lang {
                Lang::Id => format!(
                    "Lokasi Anda berada {} dari {office}, di luar radius presensi {radius_m} m. Presensi hanya dapat \
                 dilakukan di kantor, atau dari mana saja bila BKPSDM memberi Anda izin kerja dari mana saja (WFA).",
                    distance_text(*distance_m, lang)
                ),
                Lang::En => format!(
                    "You are {} from {office}, outside its {radius_m} m attendance radius. You can check in only at the \
                 office, or anywhere if your HR office (BKPSDM) has granted you work from anywhere (WFA).",
                    distance_text(*distance_m, lang)
                ),
            },
            other => other.message().text(lang).to_string(),
        }
    }
}

/// "1,2 km" / "1.2 km", "350 m".
fn distance_text(metres: i64, lang: Lang) -> String {
    if metres < 1000 {
        return format!("{metres} m");
    }
    let km = format!("{:.1}", metres as f64 / 1000.0);
    match lang {
        Lang::Id => format!("{} km", km.replace('.', ",")),
        Lang::En => format!("{km} km"),
    }
}
