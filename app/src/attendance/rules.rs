//! The rules of attendance as pure functions: local time in the agency's
//! zone, working hours, and how a month of records becomes a recap. The
//! numbers (hours, zones) come from data; only the reading of them is here.
//!
//! - Late (terlambat): checked in after the minute work starts (07:30:59
//!   is on time for 07:30; 07:31:00 is late).
//! - Early leave (pulang cepat): checked out before the minute work ends.
//! - No check-out (tidak absen pulang): a past working day with a check-in
//!   and no check-out.
//! - Absent (tanpa keterangan): a past working day without a check-in.
//!   Today is never absent: it is not over.
//! - Days off (no hours that weekday) and days before the employee's
//!   record existed are not counted; a check-in on a day off is shown but
//!   not counted.

use serde::{Deserialize, Serialize};

use crate::domain::Date;

/// The time zones of Indonesia; each agency has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeZone {
    /// Waktu Indonesia Barat, UTC+7.
    Wib,
    /// Waktu Indonesia Tengah, UTC+8.
    Wita,
    /// Waktu Indonesia Timur, UTC+9.
    Wit,
}

impl TimeZone {
    pub fn offset_hours(self) -> i64 {
        match self {
            Self::Wib => 7,
            Self::Wita => 8,
            Self::Wit => 9,
        }
    }

    pub fn from_offset_hours(hours: i64) -> Option<Self> {
        match hours {
            7 => Some(Self::Wib),
            8 => Some(Self::Wita),
            9 => Some(Self::Wit),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Wib => "WIB",
            Self::Wita => "WITA",
            Self::Wit => "WIT",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Wib, Self::Wita, Self::Wit].into_iter().find(|z| z.label().eq_ignore_ascii_case(text.trim()))
    }

    /// A Unix time as the local date and seconds after local midnight.
    pub fn local(self, unix: i64) -> Option<(Date, u32)> {
        let local = unix + self.offset_hours() * 3600;
        let day = Date::from_unix_days(local.div_euclid(86_400))?;
        Some((day, local.rem_euclid(86_400) as u32))
    }

    /// The Unix time of local midnight at the start of `day`.
    pub fn midnight(self, day: Date) -> i64 {
        day.unix_days() * 86_400 - self.offset_hours() * 3600
    }
}

/// ISO weekday: 1 Monday .. 7 Sunday.
pub fn weekday(day: Date) -> u8 {
    // 1970-01-01 was a Thursday.
    ((day.unix_days() + 3).rem_euclid(7) + 1) as u8
}

/// "07:30" for 450 minutes after midnight.
pub fn format_minutes(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "07:28" for a number of seconds after midnight.
pub fn format_seconds(seconds: u32) -> String {
    format!("{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// "07:30" → 450; "24:00" is allowed as the end of a day.
pub fn parse_hhmm(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// The hours of one working day, minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkDay {
    starts_at: u16,
    ends_at: u16,
}

impl WorkDay {
    pub fn new(starts_at: u16, ends_at: u16) -> Option<Self> {
        (starts_at < 1440 && ends_at <= 1440 && ends_at > starts_at).then_some(Self { starts_at, ends_at })
    }

    pub fn starts_at(self) -> u16 {
        self.starts_at
    }

    pub fn ends_at(self) -> u16 {
        self.ends_at
    }

    /// Late: after the minute work starts.
    pub fn is_late(self, check_in: u32) -> bool {
        check_in >= (u32::from(self.starts_at) + 1) * 60
    }

    /// Early leave: before the minute work ends.
    pub fn is_early(self, check_out: u32) -> bool {
        check_out < u32::from(self.ends_at) * 60
    }
}

/// Working hours for each weekday; `None` is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WorkWeek([Option<WorkDay>; 7]);

impl WorkWeek {
    /// From `(weekday 1..=7, starts_at, ends_at)` rows; a bad row is an error.
    pub fn from_rows(rows: &[(i64, i64, i64)]) -> Result<Self, String> {
        let mut week = [None; 7];
        for &(weekday, starts, ends) in rows {
            let slot = usize::try_from(weekday - 1).ok().filter(|i| *i < 7).ok_or(format!("weekday {weekday}"))?;
            let (s, e) = (u16::try_from(starts).ok(), u16::try_from(ends).ok());
            week[slot] = Some(s.zip(e).and_then(|(s, e)| WorkDay::new(s, e)).ok_or(format!("hours {starts}-{ends}"))?);
        }
        Ok(Self(week))
    }

    pub fn on(&self, day: Date) -> Option<WorkDay> {
        self.0[usize::from(weekday(day) - 1)]
    }

    /// `(weekday, hours)` for each working weekday.
    pub fn days(&self) -> impl Iterator<Item = (u8, WorkDay)> + '_ {
        self.0.iter().enumerate().filter_map(|(i, d)| d.map(|d| (i as u8 + 1, d)))
    }
}

pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A week from specs such as `mon-thu=07:30-16:00` and `fri=07:30-16:30`
/// (days not named are days off; a later spec overrides an earlier one).
pub fn parse_week<S: AsRef<str>>(specs: &[S]) -> Result<WorkWeek, String> {
    let mut rows = Vec::new();
    for spec in specs {
        let spec = spec.as_ref().trim();
        let bad = || format!("{spec:?}: write days=HH:MM-HH:MM, e.g. mon-thu=07:30-16:00");
        let (days, hours) = spec.split_once('=').ok_or_else(bad)?;
        let day = |name: &str| DAY_NAMES.iter().position(|d| d.eq_ignore_ascii_case(name.trim())).map(|i| i as i64 + 1);
        let (first, last) = match days.split_once('-') {
            Some((a, b)) => (day(a).ok_or_else(bad)?, day(b).ok_or_else(bad)?),
            None => (day(days).ok_or_else(bad)?, day(days).ok_or_else(bad)?),
        };
        let (start, end) = hours.split_once('-').ok_or_else(bad)?;
        let (start, end) = (parse_hhmm(start).ok_or_else(bad)?, parse_hhmm(end).ok_or_else(bad)?);
        if first > last || WorkDay::new(start, end).is_none() {
            return Err(bad());
        }
        for weekday in first..=last {
            rows.retain(|(w, _, _)| *w != weekday);
            rows.push((weekday, i64::from(start), i64::from(end)));
        }
    }
    WorkWeek::from_rows(&rows)
}

/// `mon 07:30-16:00` lines, for the command line.
pub fn describe_week(week: &WorkWeek) -> Vec<String> {
    week.days()
        .map(|(w, d)| {
            format!(
                "{} {}-{}",
                DAY_NAMES[usize::from(w - 1)],
                format_minutes(d.starts_at()),
                format_minutes(d.ends_at())
            )
        })
        .collect()
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    pub fn of(day: Date) -> Self {
        Self { year: day.year(), month: day.month() }
    }

    /// "2026-11".
    pub fn parse(text: &str) -> Option<Self> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        Date::from_ymd(year, month, 1).map(|_| Self { year, month })
    }

    pub fn first(self) -> Date {
        Date::from_ymd(self.year, self.month, 1).expect("a month has a first day")
    }

    pub fn last(self) -> Date {
        let days = crate::domain::date::days_in_month(self.year, self.month);
        Date::from_ymd(self.year, self.month, days).expect("a month has a last day")
    }

    pub fn days(self) -> impl Iterator<Item = Date> {
        (self.first().unix_days()..=self.last().unix_days()).filter_map(Date::from_unix_days)
    }

    pub fn previous(self) -> Self {
        Self::of(Date::from_unix_days(self.first().unix_days() - 1).expect("the day before a month"))
    }

    pub fn next(self) -> Self {
        Self::of(Date::from_unix_days(self.last().unix_days() + 1).expect("the day after a month"))
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One day's record in local seconds after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRecord {
    pub day: Date,
    pub check_in: u32,
    pub check_out: Option<u32>,
    pub wfa: bool,
}

/// One line of a month's attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayLine {
    pub day: Date,
    /// The day's hours; `None` on a day off.
    pub hours: Option<WorkDay>,
    /// Whether the day counts (a working day on or after the record's start, not after today).
    pub counted: bool,
    pub check_in: Option<u32>,
    pub check_out: Option<u32>,
    pub wfa: bool,
    pub late: bool,
    pub early_leave: bool,
    pub no_check_out: bool,
    pub absent: bool,
}

/// A month's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecapCounts {
    /// Working days counted so far (through today).
    pub working_days: u32,
    pub present: u32,
    pub late: u32,
    pub early_leave: u32,
    pub no_check_out: u32,
    pub absent: u32,
    /// Present days checked in under a work-from-anywhere grant.
    pub wfa: u32,
}

/// The month as lines and numbers. `since`: the first day the employee's
/// record existed; `today`: the local date now.
pub fn recap(
    month: Month,
    week: &WorkWeek,
    records: &[DayRecord],
    since: Date,
    today: Date,
) -> (Vec<DayLine>, RecapCounts) {
    let mut counts = RecapCounts::default();
    let mut lines = Vec::new();
    for day in month.days() {
        let record = records.iter().find(|r| r.day == day);
        let hours = week.on(day);
        let counted = hours.is_some() && day >= since && day <= today && (day < today || record.is_some());
        let past = day < today;
        let mut line = DayLine {
            day,
            hours,
            counted,
            check_in: record.map(|r| r.check_in),
            check_out: record.and_then(|r| r.check_out),
            wfa: record.is_some_and(|r| r.wfa),
            late: false,
            early_leave: false,
            no_check_out: false,
            absent: false,
        };
        if let (true, Some(hours)) = (counted, hours) {
            counts.working_days += 1;
            match record {
                None => line.absent = true,
                Some(r) => {
                    counts.present += 1;
                    line.late = hours.is_late(r.check_in);
                    match r.check_out {
                        Some(out) => line.early_leave = hours.is_early(out),
                        None => line.no_check_out = past,
                    }
                }
            }
            counts.absent += u32::from(line.absent);
            counts.late += u32::from(line.late);
            counts.early_leave += u32::from(line.early_leave);
            counts.no_check_out += u32::from(line.no_check_out);
            counts.wfa += u32::from(line.wfa);
        }
        // Days before the record existed are not the employee's to show.
        if (day <= today && day >= since) || record.is_some() {
            lines.push(line);
        }
    }
    (lines, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    fn national() -> WorkWeek {
        WorkWeek::from_rows(&[(1, 450, 960), (2, 450, 960), (3, 450, 960), (4, 450, 960), (5, 450, 990)]).unwrap()
    }

    fn hm(h: u32, m: u32) -> u32 {
        h * 3600 + m * 60
    }

    #[test]
    fn weekdays_are_iso() {
        assert_eq!(weekday(d(1970, 1, 1)), 4);
        assert_eq!(weekday(d(2026, 11, 30)), 1);
        assert_eq!(weekday(d(2026, 11, 29)), 7);
        assert_eq!(weekday(d(2024, 2, 29)), 4);
    }

    #[test]
    fn local_time_follows_the_agency_zone() {
        // 2026-11-30 00:30 UTC is 07:30 WIB, 08:30 WITA, 09:30 WIT.
        let t = TimeZone::Wib.midnight(d(2026, 11, 30)) + hm(7, 30) as i64;
        assert_eq!(TimeZone::Wib.local(t), Some((d(2026, 11, 30), hm(7, 30))));
        assert_eq!(TimeZone::Wita.local(t), Some((d(2026, 11, 30), hm(8, 30))));
        assert_eq!(TimeZone::Wit.local(t), Some((d(2026, 11, 30), hm(9, 30))));
        // 23:30 WIB is already tomorrow in WIT.
        let late = TimeZone::Wib.midnight(d(2026, 11, 30)) + hm(23, 30) as i64;
        assert_eq!(TimeZone::Wit.local(late), Some((d(2026, 12, 1), hm(1, 30))));
        assert_eq!(TimeZone::parse("wita"), Some(TimeZone::Wita));
        assert_eq!(TimeZone::parse("UTC"), None);
    }

    #[test]
    fn hours_parse_strictly() {
        assert_eq!(parse_hhmm("07:30"), Some(450));
        assert_eq!(parse_hhmm("7:30"), Some(450));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("07:60"), None);
        assert_eq!(parse_hhmm("0730"), None);
        assert_eq!(parse_hhmm("-1:30"), None);
        assert_eq!(format_minutes(990), "16:30");
        assert!(WorkDay::new(960, 450).is_none());
        assert!(WorkWeek::from_rows(&[(8, 450, 960)]).is_err());
        assert!(WorkWeek::from_rows(&[(1, 960, 450)]).is_err());
    }

    #[test]
    fn late_is_after_the_starting_minute_and_early_before_the_ending_one() {
        let day = WorkDay::new(450, 960).unwrap();
        assert!(!day.is_late(hm(7, 30) + 59));
        assert!(day.is_late(hm(7, 31)));
        assert!(day.is_early(hm(15, 59) + 59));
        assert!(!day.is_early(hm(16, 0)));
    }

    #[test]
    fn weeks_are_written_as_day_ranges() {
        let week = parse_week(&["mon-thu=07:30-16:00", "fri=07:30-16:30"]).unwrap();
        assert_eq!(week, national());
        assert_eq!(describe_week(&week)[4], "fri 07:30-16:30");
        let six = parse_week(&["mon-sat=07:00-14:00", "sat=07:00-12:00"]).unwrap();
        assert_eq!(six.on(d(2026, 11, 28)), WorkDay::new(420, 720));
        assert!(six.on(d(2026, 11, 29)).is_none());
        for bad in ["mon-thu", "fri-mon=07:00-15:00", "xyz=07:00-15:00", "mon=16:00-07:00", "mon=7-15"] {
            assert!(parse_week(&[bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.previous().to_string(), "2026-11");
        assert_eq!(Month::parse("2024-02").unwrap().days().count(), 29);
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-1"), None);
    }

    #[test]
    fn a_constructed_month_gives_exact_numbers() {
        // November 2026: 1st is a Sunday; 21 working days (Mon-Fri).
        let month = Month::parse("2026-11").unwrap();
        let rec = |day: u8, check_in: u32, check_out: Option<u32>| DayRecord {
            day: d(2026, 11, day),
            check_in,
            check_out,
            wfa: false,
        };
        let records = [
            rec(2, hm(7, 15), Some(hm(16, 5))), // on time, full day
            rec(3, hm(7, 45), Some(hm(16, 0))), // late
            rec(4, hm(7, 20), Some(hm(15, 0))), // early leave
            rec(5, hm(8, 0), Some(hm(14, 0))),  // late and early
            rec(6, hm(7, 0), Some(hm(16, 10))), // Friday ends 16:30: early
            rec(7, hm(9, 0), None),             // Saturday: shown, not counted
            rec(9, hm(7, 0), None),             // no check-out
            DayRecord { wfa: true, ..rec(10, hm(7, 0), Some(hm(17, 0))) },
        ];
        // Today is Thursday the 12th, before checking in: the 11th was absent.
        let (lines, counts) = recap(month, &national(), &records, d(2026, 11, 1), d(2026, 11, 12));
        assert_eq!(
            counts,
            RecapCounts { working_days: 8, present: 7, late: 2, early_leave: 3, no_check_out: 1, absent: 1, wfa: 1 }
        );
        let saturday = lines.iter().find(|l| l.day == d(2026, 11, 7)).unwrap();
        assert!(!saturday.counted && saturday.check_in.is_some());
        // Lines stop at today (the 12th), counting it only once checked in.
        assert_eq!(lines.last().unwrap().day, d(2026, 11, 12));
        assert!(!lines.last().unwrap().absent);
    }

    #[test]
    fn today_counts_once_checked_in_and_never_as_absent_or_missing_check_out() {
        let month = Month::parse("2026-11").unwrap();
        let today = d(2026, 11, 2);
        let (_, before) = recap(month, &national(), &[], d(2026, 11, 1), today);
        assert_eq!(before, RecapCounts::default());
        let records = [DayRecord { day: today, check_in: hm(7, 40), check_out: None, wfa: false }];
        let (_, after) = recap(month, &national(), &records, d(2026, 11, 1), today);
        assert_eq!(after, RecapCounts { working_days: 1, present: 1, late: 1, ..Default::default() });
    }

    #[test]
    fn days_before_the_record_existed_and_past_months_count_in_full() {
        let month = Month::parse("2026-11").unwrap();
        // Record created on Monday the 23rd; a whole past month is counted through its end.
        let (lines, counts) = recap(month, &national(), &[], d(2026, 11, 23), d(2027, 1, 5));
        assert_eq!(counts, RecapCounts { working_days: 6, absent: 6, ..Default::default() });
        assert_eq!(lines.first().map(|l| l.day), Some(d(2026, 11, 23)), "no lines before the record existed");
    }
}
