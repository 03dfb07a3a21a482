//! What the attendance pages receive from the server.

use serde::{Deserialize, Serialize};

use super::rules::{DayLine, Month, RecapCounts, WorkDay};
use crate::domain::Date;

/// Why a check-in or check-out was refused. Each has its own message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttendanceRefusal {
    /// No location came with the request (denied, unavailable, or no JavaScript).
    LocationRequired,
    /// The location sent is not a position on Earth.
    LocationInvalid,
    /// The employee's agency has no office with a geofence for them.
    NoOffice,
    /// Outside every office's geofence: the nearest, how far, and its radius.
    OutsideGeofence { office: String, distance_m: i64, radius_m: i64 },
    /// Check-out before any check-in today.
    NotCheckedIn,
}

/// Today's state on the attendance page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Today {
    pub day: Date,
    /// "WIB", "WITA" or "WIT".
    pub zone: String,
    /// Today's hours; `None` on a day off.
    pub hours: Option<WorkDay>,
    /// The last day of a work-from-anywhere grant covering today.
    pub wfa_until: Option<Date>,
    pub record: Option<TodayRecord>,
    /// The offices the employee may check in at.
    pub offices: Vec<String>,
    /// Whether the employee may see a team recap (supervisors, admins).
    pub has_team: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayRecord {
    /// Local seconds after midnight.
    pub check_in: u32,
    pub check_out: Option<u32>,
    /// The office, or `None` under work from anywhere.
    pub office: Option<String>,
}

/// What a check-in or check-out did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recorded {
    CheckedIn,
    /// A check-in today already existed: nothing changed.
    AlreadyCheckedIn,
    CheckedOut,
}

/// One employee's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRecap {
    pub month: Month,
    pub zone: String,
    pub lines: Vec<DayLine>,
    pub counts: RecapCounts,
}

/// A group the caller may see the recap of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamScope {
    /// "reports", "unit:12" or "agency:3".
    pub value: String,
    /// `None` for "my direct reports".
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRow {
    pub nip: String,
    pub name: String,
    pub unit: Option<String>,
    pub counts: RecapCounts,
}

/// The team page: the scopes on offer, the chosen one's rows, and whether
/// the caller may grant work from anywhere (agency admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRecap {
    pub month: Month,
    pub scopes: Vec<TeamScope>,
    pub scope: String,
    pub rows: Vec<TeamRow>,
    pub can_grant_wfa: bool,
    pub grants: Vec<WfaGrantView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WfaGrantView {
    pub nip: String,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub reason: String,
}
