//! The types the pages and the server functions share.

use serde::{Deserialize, Serialize};

/// What the enrolment page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// The `otpauth://` URI as an SVG QR code (server-made, no script).
    pub qr_svg: String,
    /// The `otpauth://` URI itself, as a link: on the phone that holds the
    /// authenticator app, tapping it adds the account (no camera needed).
    /// It carries nothing the page does not show already (the key below).
    pub otpauth_uri: String,
    /// The same seed as Base32 in groups of four, for typing by hand.
    pub secret_grouped: String,
    pub issuer: String,
    /// The account name the app will show (the NIP).
    pub account: String,
    /// Adding another device (signed in), not the forced first set-up.
    pub adding: bool,
}

/// One authenticator on the security page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: i64,
    pub name: String,
    /// Local time (WIB), `YYYY-MM-DD HH:MM`.
    pub added_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityView {
    pub devices: Vec<DeviceView>,
    pub recovery_left: i64,
    pub few_left: bool,
}
