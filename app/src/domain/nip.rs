//! NIP (Nomor Induk Pegawai): the 18-digit personal number of a civil servant.
//!
//! PNS/CPNS: `YYYYMMDD YYYYMM G NNN` (birth date, TMT CPNS year and month,
//! gender, serial). PPPK: `YYYYMMDD YYYY 2 P G NNN` (birth date, appointment
//! year, the digit 2, period 1–9, gender, serial), so digits 13–14 read 21–29
//! and never a month. There is no checksum; every other part is checked.

use super::date::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which numbering scheme a NIP follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NipScheme {
    /// PNS and CPNS: appointment year and month.
    Pns,
    /// PPPK: appointment year and period.
    Pppk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum NipError {
    #[error("a NIP has exactly 18 digits")]
    Length,
    #[error("a NIP holds only digits (spaces between groups are allowed)")]
    NotDigits,
    #[error("digits 1-8 are not a real date of birth")]
    BirthDate,
    #[error("digits 9-14 are neither a PNS appointment month nor a PPPK period")]
    Appointment,
    #[error("the appointment is not after the date of birth")]
    AppointmentBeforeBirth,
    #[error("digit 15 (gender) must be 1 or 2")]
    Gender,
    #[error("digits 16-18 (serial) must be 001-999")]
    Serial,
}

/// A valid NIP. Stored and compared as its 18 digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nip(String);

const EARLIEST_BIRTH_YEAR: u16 = 1900;

impl Nip {
    /// Accepts the 18 digits, optionally grouped with single spaces
    /// (`19860926 201505 1 001`); leading and trailing white space is ignored.
    pub fn parse(input: &str) -> Result<Self, NipError> {
        let trimmed = input.trim();
        if trimmed.chars().any(|c| !(c.is_ascii_digit() || c == ' ')) {
            return Err(NipError::NotDigits);
        }
        let digits: String = trimmed.chars().filter(|c| *c != ' ').collect();
        if digits.len() != 18 {
            return Err(NipError::Length);
        }
        let d = digits.as_bytes();
        let n =
            |from: usize, to: usize| -> u16 { d[from..to].iter().fold(0u16, |acc, c| acc * 10 + u16::from(c - b'0')) };
        let birth_year = n(0, 4);
        let birth = Date::from_ymd(birth_year, n(4, 6) as u8, n(6, 8) as u8)
            .filter(|_| birth_year >= EARLIEST_BIRTH_YEAR)
            .ok_or(NipError::BirthDate)?;
        let appointment_year = n(8, 12);
        let marker = n(12, 14);
        // (year, month) of the earliest moment the appointment can stand for.
        let appointed = match marker {
            1..=12 => (appointment_year, marker as u8),
            21..=29 => (appointment_year, 1),
            _ => return Err(NipError::Appointment),
        };
        // PNS: the appointment month must come after the birth month. PPPK
        // carries only a year, so it must come after the birth year.
        let after_birth = if (21..=29).contains(&marker) {
            appointment_year > birth.year()
        } else {
            appointed > (birth.year(), birth.month())
        };
        if !after_birth {
            return Err(NipError::AppointmentBeforeBirth);
        }
        if !matches!(d[14], b'1' | b'2') {
            return Err(NipError::Gender);
        }
        if n(15, 18) == 0 {
            return Err(NipError::Serial);
        }
        Ok(Self(digits))
    }

    /// The 18 digits, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form shown to people: `19860926 201505 1 001`.
    pub fn grouped(&self) -> String {
        let s = &self.0;
        format!("{} {} {} {}", &s[0..8], &s[8..14], &s[14..15], &s[15..18])
    }

    pub fn scheme(&self) -> NipScheme {
        if self.0.as_bytes()[12] == b'2' { NipScheme::Pppk } else { NipScheme::Pns }
    }

    pub fn birth_date(&self) -> Date {
        Date::parse_iso(&format!("{}-{}-{}", &self.0[0..4], &self.0[4..6], &self.0[6..8])).expect("validated at parse")
    }

    /// The start of service the NIP records: the first day of the TMT CPNS
    /// month for a PNS, 1 January of the appointment year for a PPPK (their
    /// NIP holds the year only).
    pub fn appointed(&self) -> Date {
        let n = |from: usize, to: usize| self.0[from..to].parse::<u16>().expect("validated at parse");
        let month = if self.scheme() == NipScheme::Pppk { 1 } else { n(12, 14) as u8 };
        Date::from_ymd(n(8, 12), month, 1).expect("validated at parse")
    }

    pub fn gender(&self) -> Gender {
        if self.0.as_bytes()[14] == b'1' { Gender::Male } else { Gender::Female }
    }
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

/// A NIP reveals birth date and gender: debug output shows only a masked form.
impl fmt::Debug for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nip({}…{})", &self.0[0..2], &self.0[15..18])
    }
}

impl TryFrom<String> for Nip {
    type Error = NipError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Nip> for String {
    fn from(value: Nip) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::days_in_month;
    use proptest::prelude::*;

    #[test]
    fn a_grouped_pns_nip_parses_and_reads_its_parts() {
        let nip = Nip::parse(" 19860926 201505 1 001 ").unwrap();
        assert_eq!(nip.as_str(), "198609262015051001");
        assert_eq!(nip.grouped(), "19860926 201505 1 001");
        assert_eq!(nip.scheme(), NipScheme::Pns);
        assert_eq!(nip.gender(), Gender::Male);
        assert_eq!(nip.birth_date().to_string(), "1986-09-26");
        assert_eq!(nip.appointed().to_string(), "2015-05-01");
    }

    #[test]
    fn a_pppk_nip_is_recognised_by_its_period_digits() {
        let nip = Nip::parse("199001152023212003").unwrap();
        assert_eq!(nip.scheme(), NipScheme::Pppk);
        assert_eq!(nip.gender(), Gender::Female);
        assert_eq!(nip.appointed().to_string(), "2023-01-01");
    }

    #[test]
    fn each_malformed_class_gets_its_own_error() {
        let cases = [
            ("19860926201505100", NipError::Length),
            ("1986092620150510011", NipError::Length),
            ("19860926-201505-1-001", NipError::NotDigits),
            ("1986O926201505１001", NipError::NotDigits),
            ("198613262015051001", NipError::BirthDate),
            ("198602302015051001", NipError::BirthDate),
            ("189901012015051001", NipError::BirthDate),
            ("198609262015131001", NipError::Appointment),
            ("198609262015001001", NipError::Appointment),
            ("198609262015151001", NipError::Appointment),
            ("198609262015301001", NipError::Appointment),
            ("198609262023201001", NipError::Appointment),
            ("198609261986091001", NipError::AppointmentBeforeBirth),
            ("198609261980051001", NipError::AppointmentBeforeBirth),
            ("198609261986211001", NipError::AppointmentBeforeBirth),
            ("198609262015053001", NipError::Gender),
            ("198609262015050001", NipError::Gender),
            ("198609262015051000", NipError::Serial),
        ];
        for (input, expected) in cases {
            assert_eq!(Nip::parse(input), Err(expected), "{input}");
        }
    }

    #[test]
    fn debug_output_does_not_reveal_the_birth_date() {
        let nip = Nip::parse("198609262015051001").unwrap();
        let shown = format!("{nip:?}");
        assert!(!shown.contains("0926"), "{shown}");
    }

    fn valid_birth() -> impl Strategy<Value = (u16, u8, u8)> {
        (1940u16..2005, 1u8..=12).prop_flat_map(|(y, m)| (Just(y), Just(m), 1u8..=days_in_month(y, m)))
    }

    prop_compose! {
        fn valid_pns()(birth in valid_birth(), gap in 18u16..40, month in 1u8..=12,
                       gender in 1u8..=2, serial in 1u16..=999) -> String {
            let (y, m, d) = birth;
            format!("{y:04}{m:02}{d:02}{:04}{month:02}{gender}{serial:03}", y + gap)
        }
    }

    prop_compose! {
        fn valid_pppk()(birth in valid_birth(), gap in 18u16..40, period in 1u8..=9,
                        gender in 1u8..=2, serial in 1u16..=999) -> String {
            let (y, m, d) = birth;
            format!("{y:04}{m:02}{d:02}{:04}2{period}{gender}{serial:03}", y + gap)
        }
    }

    proptest! {
        #[test]
        fn valid_pns_numbers_round_trip(raw in valid_pns()) {
            let nip = Nip::parse(&raw).unwrap();
            prop_assert_eq!(nip.as_str(), raw.as_str());
            prop_assert_eq!(nip.scheme(), NipScheme::Pns);
            let again = Nip::parse(&nip.grouped()).unwrap();
            prop_assert_eq!(again, nip);
        }

        #[test]
        fn valid_pppk_numbers_round_trip(raw in valid_pppk()) {
            let nip = Nip::parse(&raw).unwrap();
            prop_assert_eq!(nip.scheme(), NipScheme::Pppk);
            prop_assert_eq!(Nip::parse(&nip.to_string()).unwrap(), nip);
        }

        #[test]
        fn serde_round_trips_through_the_digits(raw in valid_pns()) {
            let nip = Nip::parse(&raw).unwrap();
            let json = serde_json::to_string(&nip).unwrap();
            prop_assert_eq!(&json, &format!("\"{raw}\""));
            let back: Nip = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, nip);
        }

        #[test]
        fn any_length_but_18_is_rejected(raw in "[0-9]{0,30}") {
            prop_assume!(raw.len() != 18);
            prop_assert_eq!(Nip::parse(&raw), Err(NipError::Length));
        }

        #[test]
        fn any_non_digit_is_rejected(raw in valid_pns(), pos in 0usize..18, c in "[a-zA-Z\\-_./+]") {
            let mut s = raw.clone();
            s.replace_range(pos..pos + 1, &c);
            prop_assert_eq!(Nip::parse(&s), Err(NipError::NotDigits));
        }

        #[test]
        fn an_impossible_birth_day_is_rejected(raw in valid_pns(), day in 32u8..=99) {
            let s = format!("{}{day:02}{}", &raw[0..6], &raw[8..]);
            prop_assert_eq!(Nip::parse(&s), Err(NipError::BirthDate));
        }

        #[test]
        fn an_appointment_marker_that_is_neither_month_nor_period_is_rejected(
            raw in valid_pns(), marker in prop_oneof![Just(0u8), 13u8..=20, 30u8..=99]) {
            let s = format!("{}{marker:02}{}", &raw[0..12], &raw[14..]);
            prop_assert_eq!(Nip::parse(&s), Err(NipError::Appointment));
        }

        #[test]
        fn an_appointment_before_birth_is_rejected(raw in valid_pns(), back in 1u16..30) {
            let birth_year: u16 = raw[0..4].parse().unwrap();
            let s = format!("{}{:04}{}", &raw[0..8], birth_year - back, &raw[12..]);
            prop_assert_eq!(Nip::parse(&s), Err(NipError::AppointmentBeforeBirth));
        }

        #[test]
        fn a_gender_digit_other_than_1_or_2_is_rejected(raw in valid_pns(), g in prop_oneof![Just(0u8), 3u8..=9]) {
            let s = format!("{}{g}{}", &raw[0..14], &raw[15..]);
            prop_assert_eq!(Nip::parse(&s), Err(NipError::Gender));
        }
    }
}
