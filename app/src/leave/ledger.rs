//! The annual-leave ledger as pure arithmetic: opening a year (the grant and
//! the carry-over with its caps) and taking days from the balances.
//!
//! The law (PP 11/2017 Pasal 310 huruf a jo. PP 17/2020; Peraturan BKN
//! 24/2017 jo. 7/2021; for PPPK Peraturan BKN 7/2022 Pasal 7):
//! - Each year grants 12 working days once the employee has served a year.
//! - Days left of a year carry into the next, at most 6, so that year holds
//!   at most 18 with its own 12.
//! - When annual leave was not taken two years running, the days of the
//!   year before last carry too: at most 24 with the current year.
//! - Days the deciding official deferred (ditangguhkan) carry into the next
//!   year in full, up to the same 24.
//! - Long leave forfeits that year's own annual leave (the service writes a
//!   `forfeit` row); collective-leave days an employee had to work are added
//!   to that year's days (a `collective_worked` row).
//!
//! Taking leave uses the oldest days first (N-2, then N-1, then N), the
//! order of the official form.

use serde::{Deserialize, Serialize};

/// One row of `leave_policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub annual_days: u32,
    pub carry_cap: u32,
    pub total_cap: u32,
    pub extended_cap: u32,
}

/// The days left in one year, by the year they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balances {
    /// From two years before (N-2).
    pub n2: i64,
    /// From the year before (N-1).
    pub n1: i64,
    /// The year's own days (N).
    pub n: i64,
}

impl Balances {
    pub fn total(self) -> i64 {
        self.n2 + self.n1 + self.n
    }
}

/// What opening year Y needs to know about Y-1 and Y-2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearEnd {
    /// The balances left at the end of Y-1.
    pub left: Balances,
    /// Whether any annual leave was taken in Y-1, and in Y-2.
    pub took_last_year: bool,
    pub took_year_before: bool,
    /// Working days of Y-1's annual leave that the official deferred.
    pub deferred: u32,
    /// Whether the employee has served long enough on 1 January of Y.
    pub eligible: bool,
}

/// The rows that open year Y: its own grant and what carries in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Opening {
    pub grant: u32,
    /// From Y-1 (deferred days included).
    pub carry_n1: u32,
    /// From Y-2.
    pub carry_n2: u32,
}

impl Opening {
    pub fn balances(self) -> Balances {
        Balances { n2: i64::from(self.carry_n2), n1: i64::from(self.carry_n1), n: i64::from(self.grant) }
    }
}

fn non_negative(days: i64) -> u32 {
    u32::try_from(days.max(0)).unwrap_or(u32::MAX)
}

/// Opens a year from how the last one ended.
pub fn open_year(policy: Policy, end: YearEnd) -> Opening {
    let grant = if end.eligible { policy.annual_days } else { 0 };
    let mut carry_n1 = non_negative(end.left.n).min(policy.carry_cap + end.deferred);
    let mut carry_n2 = if end.took_last_year || end.took_year_before {
        0
    } else {
        // Y-2's days as they stood in Y-1 (where they were N-1).
        non_negative(end.left.n1).min(policy.carry_cap)
    };
    let cap = if carry_n2 > 0 || end.deferred > 0 { policy.extended_cap } else { policy.total_cap };
    let mut excess = (grant + carry_n1 + carry_n2).saturating_sub(cap);
    let cut = excess.min(carry_n2);
    carry_n2 -= cut;
    excess -= cut;
    carry_n1 -= excess.min(carry_n1);
    Opening { grant, carry_n1, carry_n2 }
}

/// The days taken from each source for a leave of `days`: `(n2, n1, n)`,
/// oldest first; `None` when the balances do not hold that many.
pub fn take(balances: Balances, days: u32) -> Option<Balances> {
    let want = i64::from(days);
    if balances.total() < want {
        return None;
    }
    let from_n2 = want.min(balances.n2.max(0));
    let from_n1 = (want - from_n2).min(balances.n1.max(0));
    let from_n = want - from_n2 - from_n1;
    (from_n <= balances.n.max(0)).then_some(Balances { n2: from_n2, n1: from_n1, n: from_n })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: Policy = Policy { annual_days: 12, carry_cap: 6, total_cap: 18, extended_cap: 24 };

    fn end(n2: i64, n1: i64, n: i64, took_last: bool, took_before: bool, deferred: u32) -> YearEnd {
        YearEnd {
            left: Balances { n2, n1, n },
            took_last_year: took_last,
            took_year_before: took_before,
            deferred,
            eligible: true,
        }
    }

    /// PP 11/2017 jo. PP 17/2020: 12 days a year once a year is served.
    #[test]
    fn a_year_grants_twelve_days_once_eligible() {
        assert_eq!(open_year(POLICY, end(0, 0, 0, true, true, 0)).balances(), Balances { n2: 0, n1: 0, n: 12 });
        let new_hire = YearEnd { eligible: false, ..YearEnd::default() };
        assert_eq!(open_year(POLICY, new_hire).grant, 0);
    }

    /// Carry-over from the previous year is at most 6 days: 18 with the
    /// current year (PP 17/2020; Peraturan BKN 7/2021).
    #[test]
    fn carry_over_is_capped_at_six_making_eighteen() {
        let opening = open_year(POLICY, end(0, 0, 10, true, true, 0));
        assert_eq!(opening.balances(), Balances { n2: 0, n1: 6, n: 12 });
        assert_eq!(opening.balances().total(), 18);
        // Fewer than 6 left: all of them carry.
        assert_eq!(open_year(POLICY, end(0, 0, 4, true, false, 0)).carry_n1, 4);
    }

    /// Not taken two years running: the year before last carries too, up to
    /// 24 with the current year.
    #[test]
    fn two_untaken_years_raise_the_cap_to_twenty_four() {
        // Y-2 untaken (its 12 capped to 6 on carrying into Y-1), Y-1 untaken.
        let opening = open_year(POLICY, end(0, 6, 12, false, false, 0));
        assert_eq!(opening.balances(), Balances { n2: 6, n1: 6, n: 12 });
        assert_eq!(opening.balances().total(), 24);
        // Leave taken in Y-1: Y-2's days are lost, back to 18.
        let opening = open_year(POLICY, end(0, 6, 12, true, false, 0));
        assert_eq!(opening.balances(), Balances { n2: 0, n1: 6, n: 12 });
        // Taken in Y-2 only: the same.
        assert_eq!(open_year(POLICY, end(0, 6, 12, false, true, 0)).carry_n2, 0);
        // Days older than N-2 never carry.
        assert_eq!(open_year(POLICY, end(6, 6, 12, false, false, 0)).balances().total(), 24);
    }

    /// Deferred annual leave (ditangguhkan) carries into the next year in
    /// full, within 24 days including the current year.
    #[test]
    fn deferred_days_carry_beyond_six_up_to_twenty_four() {
        // 10 days deferred of the 12 left.
        let opening = open_year(POLICY, end(0, 0, 12, true, true, 10));
        assert_eq!(opening.balances(), Balances { n2: 0, n1: 12, n: 12 });
        // Deferral never carries more than was left.
        assert_eq!(open_year(POLICY, end(0, 0, 3, true, true, 10)).carry_n1, 3);
        // With the year before last too: trimmed to 24, oldest first.
        let opening = open_year(POLICY, end(0, 6, 12, false, false, 10));
        assert_eq!(opening.balances(), Balances { n2: 0, n1: 12, n: 12 });
    }

    /// The official form takes N-2 first, then N-1, then N.
    #[test]
    fn taking_leave_uses_the_oldest_days_first() {
        let b = Balances { n2: 2, n1: 3, n: 12 };
        assert_eq!(take(b, 1), Some(Balances { n2: 1, n1: 0, n: 0 }));
        assert_eq!(take(b, 4), Some(Balances { n2: 2, n1: 2, n: 0 }));
        assert_eq!(take(b, 17), Some(Balances { n2: 2, n1: 3, n: 12 }));
        assert_eq!(take(b, 18), None);
    }

    /// Long leave forfeits the year's own days: with N at 0 the same rules
    /// still allow the carried days.
    #[test]
    fn a_forfeited_year_leaves_only_carried_days() {
        let b = Balances { n2: 0, n1: 6, n: 0 };
        assert_eq!(take(b, 6), Some(Balances { n2: 0, n1: 6, n: 0 }));
        assert_eq!(take(b, 7), None);
    }
}
