//! The leave rules as pure functions over rows of data (`leave_types`,
//! `leave_calendar`): counting a request's length, and whether the law lets
//! this employee take it. The legal sources are cited where each rule is
//! applied; the numbers themselves come from the data.
//!
//! - Annual leave (cuti tahunan) counts working days: weekends, national
//!   holidays and collective-leave days are not leave days (PP 11/2017
//!   Pasal 310 jo. PP 17/2020; Peraturan BKN 24/2017 jo. 7/2021, which also
//!   lowered the least request to 1 working day).
//! - Sick and important-reason leave count calendar days; long, maternity
//!   and unpaid leave count months.
//! - Eligibility: months of continuous service (annual: 1 year; long and
//!   unpaid: 5 years), women only (maternity), and the births already
//!   counted (maternity covers the first to the third child; a fourth is
//!   taken as long leave).
//! - An annual-leave request lies within one calendar year, because each
//!   year has its own balance.

use serde::{Deserialize, Serialize};

use crate::domain::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LengthUnit {
    WorkingDays,
    CalendarDays,
    Months,
}

impl LengthUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkingDays => "working_days",
            Self::CalendarDays => "calendar_days",
            Self::Months => "months",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "working_days" => Some(Self::WorkingDays),
            "calendar_days" => Some(Self::CalendarDays),
            "months" => Some(Self::Months),
            _ => None,
        }
    }
}

/// Why a leave request, or a step on it, was refused. Each carries what the
/// employee needs to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaveRefusal {
    UnknownType,
    NotRequestable,
    DatesInvalid,
    InThePast,
    TooFarAhead,
    SpansYears,
    NoWorkingDays,
    WomenOnly,
    ChildLimit {
        max: u32,
    },
    ServiceTooShort {
        required_months: u32,
        served_months: u32,
    },
    TooShort {
        min: u32,
        unit: LengthUnit,
    },
    TooLong {
        max: u32,
        unit: LengthUnit,
    },
    AttachmentRequired,
    AttachmentInvalid,
    InsufficientBalance {
        available: i64,
        requested: u32,
    },
    Overlap {
        start: Date,
        end: Date,
    },
    ReasonRequired,
    AddressRequired,
    PhoneInvalid,
    /// PERUBAHAN needs the other dates it proposes.
    ProposedDatesRequired,
    /// The request is not in a state this step applies to (already decided,
    /// withdrawn, submitted).
    WrongState,
    /// Nobody may decide on their own request.
    OwnRequest,
}

/// The staff class whose rules apply: CPNS follow the PNS rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Staff {
    Pns,
    Pppk,
}

impl Staff {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pns => "pns",
            Self::Pppk => "pppk",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pns" => Some(Self::Pns),
            "pppk" => Some(Self::Pppk),
            _ => None,
        }
    }

    pub fn of(kind: crate::domain::EmployeeKind) -> Self {
        match kind {
            crate::domain::EmployeeKind::Pppk => Self::Pppk,
            _ => Self::Pns,
        }
    }
}

/// One row of `leave_types`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveType {
    pub staff: Staff,
    pub code: String,
    pub name_id: String,
    pub name_en: String,
    pub unit: LengthUnit,
    pub min_length: u32,
    pub max_length: u32,
    pub min_service_months: u32,
    pub women_only: bool,
    /// Maternity: the most children already born for which it is granted.
    pub max_children: Option<u32>,
    /// An attachment is required when the length exceeds this (0: always).
    pub attachment_over: Option<u32>,
    pub uses_annual_balance: bool,
    pub forfeits_annual: bool,
    pub requestable: bool,
    pub legal_reference: String,
}

impl LeaveType {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Id => &self.name_id,
            crate::i18n::Lang::En => &self.name_en,
        }
    }

    pub fn needs_attachment(&self, length: u32) -> bool {
        self.attachment_over.is_some_and(|over| length > over)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayKind {
    Holiday,
    Collective,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Collective => "collective",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "holiday" => Some(Self::Holiday),
            "collective" => Some(Self::Collective),
            _ => None,
        }
    }
}

/// The days off that are not weekends: national holidays and collective
/// leave, as the national admin imported them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Sorted by date, one row per date (a list, so it crosses the wire as JSON).
    days: Vec<(Date, DayKind, String)>,
}

impl Calendar {
    pub fn new(rows: impl IntoIterator<Item = (Date, DayKind, String)>) -> Self {
        let mut days: Vec<_> = rows.into_iter().collect();
        days.sort_by_key(|r| r.0);
        days.dedup_by_key(|r| r.0);
        Self { days }
    }

    pub fn kind(&self, day: Date) -> Option<DayKind> {
        self.days.binary_search_by_key(&day, |r| r.0).ok().map(|i| self.days[i].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Date, DayKind, &str)> + '_ {
        self.days.iter().map(|(d, k, n)| (*d, *k, n.as_str()))
    }

    /// The collective-leave days of a year.
    pub fn collective_days(&self, year: u16) -> Vec<Date> {
        self.iter().filter(|(d, k, _)| d.year() == year && *k == DayKind::Collective).map(|(d, _, _)| d).collect()
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        weekday(day) <= 5 && self.kind(day).is_none()
    }
}

/// ISO weekday: 1 Monday .. 7 Sunday.
pub fn weekday(day: Date) -> u8 {
    // 1970-01-01 was a Thursday.
    ((day.unix_days() + 3).rem_euclid(7) + 1) as u8
}

pub fn add_days(day: Date, days: i64) -> Date {
    Date::from_unix_days(day.unix_days() + days).expect("within the calendar")
}

/// The same day `months` later, or the month's last day when it is shorter.
pub fn add_months(day: Date, months: u32) -> Date {
    let total = u32::from(day.month()) - 1 + months;
    let year = day.year() + u16::try_from(total / 12).expect("a plausible span");
    let month = (total % 12) as u8 + 1;
    let last = crate::domain::date::days_in_month(year, month);
    Date::from_ymd(year, month, day.day().min(last)).expect("a real day")
}

/// Working days from `start` to `end`, both included.
pub fn working_days(start: Date, end: Date, calendar: &Calendar) -> u32 {
    let mut count = 0;
    let mut day = start;
    while day <= end {
        if calendar.is_working_day(day) {
            count += 1;
        }
        day = add_days(day, 1);
    }
    count
}

/// Whole months of service completed on `on`, counted from `since`.
pub fn months_between(since: Date, on: Date) -> u32 {
    if on < since {
        return 0;
    }
    let months = (i32::from(on.year()) - i32::from(since.year())) * 12 + i32::from(on.month())
        - i32::from(since.month())
        - i32::from(on.day() < since.day());
    u32::try_from(months).unwrap_or(0)
}

/// The length of a leave from `start` to `end` (both included) in `unit`.
/// Months count every month begun: 1 January to 31 March is 3 months,
/// to 1 April is 4.
pub fn length_in(unit: LengthUnit, start: Date, end: Date, calendar: &Calendar) -> u32 {
    match unit {
        LengthUnit::WorkingDays => working_days(start, end, calendar),
        LengthUnit::CalendarDays => u32::try_from(end.unix_days() - start.unix_days() + 1).unwrap_or(0),
        LengthUnit::Months => {
            let mut months = 1;
            while add_days(add_months(start, months), -1) < end {
                months += 1;
            }
            months
        }
    }
}

/// What the rules need to know about the employee asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applicant {
    pub service_start: Date,
    pub female: bool,
    /// Children born so far (the family record, or the maternity leaves
    /// already approved, whichever is more).
    pub children: u32,
}

/// Checks the dates and the eligibility for one type; answers the length
/// in the type's unit. Balances and overlaps are the caller's (they need
/// the database).
pub fn check_request(
    ty: &LeaveType,
    applicant: &Applicant,
    start: Date,
    end: Date,
    today: Date,
    calendar: &Calendar,
) -> Result<u32, LeaveRefusal> {
    if !ty.requestable {
        return Err(LeaveRefusal::NotRequestable);
    }
    if end < start {
        return Err(LeaveRefusal::DatesInvalid);
    }
    if start < today {
        return Err(LeaveRefusal::InThePast);
    }
    if start.year() > today.year() + 1 {
        return Err(LeaveRefusal::TooFarAhead);
    }
    if ty.uses_annual_balance && start.year() != end.year() {
        return Err(LeaveRefusal::SpansYears);
    }
    if ty.women_only && !applicant.female {
        return Err(LeaveRefusal::WomenOnly);
    }
    if let Some(max) = ty.max_children
        && applicant.children >= max
    {
        return Err(LeaveRefusal::ChildLimit { max });
    }
    let served = months_between(applicant.service_start, start);
    if served < ty.min_service_months {
        return Err(LeaveRefusal::ServiceTooShort { required_months: ty.min_service_months, served_months: served });
    }
    let length = length_in(ty.unit, start, end, calendar);
    if length == 0 {
        return Err(LeaveRefusal::NoWorkingDays);
    }
    if length < ty.min_length {
        return Err(LeaveRefusal::TooShort { min: ty.min_length, unit: ty.unit });
    }
    if length > ty.max_length {
        return Err(LeaveRefusal::TooLong { max: ty.max_length, unit: ty.unit });
    }
    Ok(length)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn d(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    /// The rows the migration ships, for the tests.
    pub fn ty(code: &str, staff: Staff) -> LeaveType {
        let (unit, min, max, service, women, children, attach, annual, forfeits, requestable) = match (code, staff) {
            ("annual", _) => (LengthUnit::WorkingDays, 1, 24, 12, false, None, None, true, false, true),
            ("long", Staff::Pns) => (LengthUnit::Months, 1, 3, 60, false, None, None, false, true, true),
            ("sick", Staff::Pns) => (LengthUnit::CalendarDays, 1, 548, 0, false, None, Some(0), false, false, true),
            ("sick", Staff::Pppk) => (LengthUnit::CalendarDays, 1, 30, 0, false, None, Some(0), false, false, true),
            ("maternity", _) => (LengthUnit::Months, 1, 3, 0, true, Some(3), None, false, false, true),
            ("important", Staff::Pns) => (LengthUnit::CalendarDays, 1, 30, 0, false, None, None, false, false, true),
            ("collective", _) => (LengthUnit::WorkingDays, 1, 30, 0, false, None, None, false, false, false),
            ("unpaid", Staff::Pns) => (LengthUnit::Months, 1, 36, 60, false, None, None, false, false, true),
            other => panic!("no type {other:?}"),
        };
        LeaveType {
            staff,
            code: code.into(),
            name_id: code.into(),
            name_en: code.into(),
            unit,
            min_length: min,
            max_length: max,
            min_service_months: service,
            women_only: women,
            max_children: children,
            attachment_over: attach,
            uses_annual_balance: annual,
            forfeits_annual: forfeits,
            requestable,
            legal_reference: String::new(),
        }
    }

    /// Part of the 2026 calendar (SKB 3 Menteri 1497/2/5 of 2025).
    pub fn calendar_2026() -> Calendar {
        Calendar::new([
            (d("2026-03-18"), DayKind::Collective, "Nyepi".into()),
            (d("2026-03-19"), DayKind::Holiday, "Nyepi".into()),
            (d("2026-03-20"), DayKind::Collective, "Idul Fitri".into()),
            (d("2026-03-21"), DayKind::Holiday, "Idul Fitri".into()),
            (d("2026-03-22"), DayKind::Holiday, "Idul Fitri".into()),
            (d("2026-03-23"), DayKind::Collective, "Idul Fitri".into()),
            (d("2026-03-24"), DayKind::Collective, "Idul Fitri".into()),
            (d("2026-12-24"), DayKind::Collective, "Natal".into()),
            (d("2026-12-25"), DayKind::Holiday, "Natal".into()),
        ])
    }

    fn woman() -> Applicant {
        Applicant { service_start: d("2000-01-01"), female: true, children: 0 }
    }

    #[test]
    fn weekdays_and_month_arithmetic() {
        assert_eq!(weekday(d("2026-11-30")), 1, "a Monday");
        assert_eq!(weekday(d("2026-12-06")), 7, "a Sunday");
        assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(add_months(d("2026-11-15"), 3), d("2027-02-15"));
        assert_eq!(months_between(d("2015-05-01"), d("2016-04-30")), 11);
        assert_eq!(months_between(d("2015-05-01"), d("2016-05-01")), 12);
        assert_eq!(months_between(d("2016-05-01"), d("2015-05-01")), 0);
    }

    /// Peraturan BKN 24/2017 jo. 7/2021: annual leave counts working days;
    /// weekends, national holidays and collective-leave days are not counted.
    #[test]
    fn working_days_skip_weekends_holidays_and_collective_leave() {
        let cal = calendar_2026();
        // Mon 16 – Fri 27 March 2026: 10 weekdays, of which 18, 19, 20, 23
        // and 24 March are Nyepi and Idul Fitri days off.
        assert_eq!(working_days(d("2026-03-16"), d("2026-03-27"), &cal), 5);
        // A week without days off.
        assert_eq!(working_days(d("2026-11-30"), d("2026-12-06"), &cal), 5);
        // A weekend alone holds no working day.
        assert_eq!(working_days(d("2026-12-05"), d("2026-12-06"), &cal), 0);
        // Christmas week: 24 (collective) and 25 (holiday) are off.
        assert_eq!(working_days(d("2026-12-21"), d("2026-12-31"), &cal), 7);
        assert_eq!(working_days(d("2026-12-22"), d("2026-12-21"), &cal), 0, "an empty range");
    }

    #[test]
    fn lengths_in_calendar_days_and_begun_months() {
        let cal = Calendar::default();
        assert_eq!(length_in(LengthUnit::CalendarDays, d("2026-12-01"), d("2026-12-03"), &cal), 3);
        assert_eq!(length_in(LengthUnit::Months, d("2026-01-01"), d("2026-03-31"), &cal), 3);
        assert_eq!(length_in(LengthUnit::Months, d("2026-01-01"), d("2026-04-01"), &cal), 4);
        assert_eq!(length_in(LengthUnit::Months, d("2026-01-15"), d("2026-01-20"), &cal), 1);
    }

    /// PP 11/2017 Pasal 310 huruf a jo. PP 17/2020: annual leave after one
    /// year of continuous service (CPNS included), within one year's balance,
    /// at least 1 working day (Peraturan BKN 7/2021).
    #[test]
    fn annual_leave_needs_a_year_of_service_and_working_days() {
        let today = d("2026-11-30");
        let cal = calendar_2026();
        let annual = ty("annual", Staff::Pns);
        let new_hire = Applicant { service_start: d("2026-01-01"), ..woman() };
        assert_eq!(
            check_request(&annual, &new_hire, d("2026-12-01"), d("2026-12-02"), today, &cal),
            Err(LeaveRefusal::ServiceTooShort { required_months: 12, served_months: 11 })
        );
        let senior = Applicant { service_start: d("2015-05-01"), ..woman() };
        assert_eq!(check_request(&annual, &senior, d("2026-12-21"), d("2026-12-31"), today, &cal), Ok(7));
        assert_eq!(
            check_request(&annual, &senior, d("2026-12-05"), d("2026-12-06"), today, &cal),
            Err(LeaveRefusal::NoWorkingDays)
        );
        assert_eq!(
            check_request(&annual, &senior, d("2026-12-28"), d("2027-01-04"), today, &cal),
            Err(LeaveRefusal::SpansYears)
        );
        assert_eq!(
            check_request(&annual, &senior, d("2026-11-27"), d("2026-12-01"), today, &cal),
            Err(LeaveRefusal::InThePast)
        );
        assert_eq!(
            check_request(&annual, &senior, d("2026-12-02"), d("2026-12-01"), today, &cal),
            Err(LeaveRefusal::DatesInvalid)
        );
        assert_eq!(
            check_request(&annual, &senior, d("2028-01-03"), d("2028-01-04"), today, &cal),
            Err(LeaveRefusal::TooFarAhead)
        );
        // The same rules for PPPK (Peraturan BKN 7/2022 Pasal 5).
        let pppk = ty("annual", Staff::Pppk);
        assert_eq!(check_request(&pppk, &senior, d("2026-12-01"), d("2026-12-01"), today, &cal), Ok(1));
    }

    /// Cuti besar (PP 11/2017 Pasal 310 huruf b): after 5 years of
    /// continuous service, at most 3 months.
    #[test]
    fn long_leave_needs_five_years_and_lasts_three_months_at_most() {
        let today = d("2026-11-30");
        let cal = Calendar::default();
        let long = ty("long", Staff::Pns);
        let just_five = Applicant { service_start: d("2022-01-01"), ..woman() };
        assert_eq!(check_request(&long, &just_five, d("2027-01-04"), d("2027-03-31"), today, &cal), Ok(3));
        let six_years = Applicant { service_start: d("2020-01-01"), ..woman() };
        assert_eq!(check_request(&long, &six_years, d("2027-01-01"), d("2027-03-31"), today, &cal), Ok(3));
        assert_eq!(
            check_request(&long, &six_years, d("2027-01-01"), d("2027-04-01"), today, &cal),
            Err(LeaveRefusal::TooLong { max: 3, unit: LengthUnit::Months })
        );
        let short = Applicant { service_start: d("2022-06-01"), ..woman() };
        assert_eq!(
            check_request(&long, &short, d("2027-01-04"), d("2027-03-31"), today, &cal),
            Err(LeaveRefusal::ServiceTooShort { required_months: 60, served_months: 55 })
        );
    }

    /// Cuti sakit: at most 1 year and 6 months for a PNS (PP 11/2017 Pasal
    /// 310 huruf c), 1 month for a PPPK (Peraturan BKN 7/2022 Pasal 15);
    /// always with a doctor's letter.
    #[test]
    fn sick_leave_maximums_and_the_doctors_letter() {
        let today = d("2026-11-30");
        let cal = Calendar::default();
        let pns = ty("sick", Staff::Pns);
        let pppk = ty("sick", Staff::Pppk);
        let someone = Applicant { service_start: d("2026-10-01"), ..woman() };
        assert_eq!(check_request(&pns, &someone, d("2026-12-01"), d("2027-03-31"), today, &cal), Ok(121));
        assert_eq!(
            check_request(&pppk, &someone, d("2026-12-01"), d("2026-12-31"), today, &cal),
            Err(LeaveRefusal::TooLong { max: 30, unit: LengthUnit::CalendarDays })
        );
        assert_eq!(check_request(&pppk, &someone, d("2026-12-01"), d("2026-12-30"), today, &cal), Ok(30));
        assert!(pns.needs_attachment(1) && pppk.needs_attachment(1));
        assert!(!ty("annual", Staff::Pns).needs_attachment(12));
    }

    /// Cuti melahirkan: for the first to the third child, 3 months (PP
    /// 11/2017 Pasal 310 huruf d; Peraturan BKN 7/2022 Pasal 18); a fourth
    /// birth is taken as cuti besar.
    #[test]
    fn maternity_leave_for_women_up_to_the_third_child() {
        let today = d("2026-11-30");
        let cal = Calendar::default();
        let maternity = ty("maternity", Staff::Pppk);
        let man = Applicant { female: false, ..woman() };
        assert_eq!(
            check_request(&maternity, &man, d("2026-12-01"), d("2027-02-28"), today, &cal),
            Err(LeaveRefusal::WomenOnly)
        );
        let third = Applicant { children: 2, ..woman() };
        assert_eq!(check_request(&maternity, &third, d("2026-12-01"), d("2027-02-28"), today, &cal), Ok(3));
        let fourth = Applicant { children: 3, ..woman() };
        assert_eq!(
            check_request(&maternity, &fourth, d("2026-12-01"), d("2027-02-28"), today, &cal),
            Err(LeaveRefusal::ChildLimit { max: 3 })
        );
        assert_eq!(
            check_request(&maternity, &third, d("2026-12-01"), d("2027-03-01"), today, &cal),
            Err(LeaveRefusal::TooLong { max: 3, unit: LengthUnit::Months })
        );
    }

    /// Cuti karena alasan penting: at most 1 month; cuti di luar tanggungan
    /// negara: after 5 years, at most 3 years; cuti bersama is set by decree,
    /// never requested.
    #[test]
    fn important_unpaid_and_collective_leave() {
        let today = d("2026-11-30");
        let cal = Calendar::default();
        let senior = Applicant { service_start: d("2010-01-01"), ..woman() };
        let important = ty("important", Staff::Pns);
        assert_eq!(check_request(&important, &senior, d("2026-12-01"), d("2026-12-30"), today, &cal), Ok(30));
        assert_eq!(
            check_request(&important, &senior, d("2026-12-01"), d("2026-12-31"), today, &cal),
            Err(LeaveRefusal::TooLong { max: 30, unit: LengthUnit::CalendarDays })
        );
        let unpaid = ty("unpaid", Staff::Pns);
        assert_eq!(check_request(&unpaid, &senior, d("2027-01-01"), d("2027-12-31"), today, &cal), Ok(12));
        let junior = Applicant { service_start: d("2024-01-01"), ..woman() };
        assert!(matches!(
            check_request(&unpaid, &junior, d("2027-01-01"), d("2027-12-31"), today, &cal),
            Err(LeaveRefusal::ServiceTooShort { required_months: 60, .. })
        ));
        assert_eq!(
            check_request(&ty("collective", Staff::Pns), &senior, d("2026-12-24"), d("2026-12-24"), today, &cal),
            Err(LeaveRefusal::NotRequestable)
        );
    }
}
