//! A proleptic Gregorian calendar date without time zone, enough for birth
//! dates, appointment months and leave days.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Hours east of UTC of the time the portal shows (WIB, Western Indonesia).
pub const WIB_OFFSET_HOURS: i64 = 7;

/// The portal's calendar day (WIB) at Unix time `now`: the one `today`
/// every feature bounds its dates by.
pub fn today(now: i64) -> Date {
    Date::from_unix_days((now + WIB_OFFSET_HOURS * 3600).div_euclid(86_400)).expect("the clock reads a real day")
}

pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Returns `None` unless the triple names a real day.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Self> {
        if year == 0 || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Parses the ISO form `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &str| -> Option<u16> { s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())? };
        let year = num(&text[0..4])?;
        let month = num(&text[5..7])?;
        let day = num(&text[8..10])?;
        Self::from_ymd(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_unix_days(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::from_ymd(u16::try_from(year).ok()?, month as u8, day as u8)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn unix_days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A Unix time as `YYYY-MM-DD HH:MM` at a fixed offset from UTC (hours),
/// e.g. 7 for WIB.
pub fn format_timestamp(unix: i64, offset_hours: i64) -> String {
    let local = unix + offset_hours * 3600;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    match Date::from_unix_days(days) {
        Some(d) => format!("{d} {:02}:{:02}", secs / 3600, secs % 3600 / 60),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_and_back_agree() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().unix_days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().unix_days(), 11_017);
        for days in (-10_000..40_000).step_by(37) {
            assert_eq!(Date::from_unix_days(days).unwrap().unix_days(), days);
        }
    }

    #[test]
    fn unix_times_become_civil_dates() {
        assert_eq!(Date::from_unix_days(0), Date::from_ymd(1970, 1, 1));
        assert_eq!(Date::from_unix_days(11_016), Date::from_ymd(2000, 2, 29));
        assert_eq!(Date::from_unix_days(20_415), Date::from_ymd(2025, 11, 23));
        assert_eq!(format_timestamp(1_763_856_000, 7), "2025-11-23 07:00");
        assert_eq!(format_timestamp(1_763_855_999, 0), "2025-11-22 23:59");
    }

    #[test]
    fn february_has_29_days_only_in_leap_years() {
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert!(Date::from_ymd(2023, 2, 29).is_none());
        assert!(Date::from_ymd(1900, 2, 29).is_none());
        assert!(Date::from_ymd(2000, 2, 29).is_some());
    }

    #[test]
    fn iso_text_round_trips_and_rejects_impossible_days() {
        let d = Date::parse_iso("1986-09-26").unwrap();
        assert_eq!(d.to_string(), "1986-09-26");
        for bad in ["1986-13-01", "1986-04-31", "86-09-26", "1986/09/26", "1986-0a-01", ""] {
            assert!(Date::parse_iso(bad).is_none(), "{bad}");
        }
    }
}
