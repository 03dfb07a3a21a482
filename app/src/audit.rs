//! The audit trail: append-only (database triggers refuse UPDATE and DELETE
//! on both engines), written in the same transaction as the change it
//! records. Never holds a password or a code, only a reason class.

use serde::{Deserialize, Serialize};

/// What happened. The text forms are stored and are a stable interface for
/// log viewers and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditKind {
    SignInSucceeded,
    SignInFailed,
    LockedOut,
    Unlocked,
    SignedOut,
    SessionRevoked,
    PasswordChanged,
    PasswordSet,
    AccountDisabled,
    AccountEnabled,
    MfaReset,
    /// An authenticator was confirmed (first or additional).
    MfaEnrolled,
    /// The code step after the password was passed.
    MfaVerified,
    /// A code at the second step was refused (reason: wrong, replayed,
    /// clock_off, recovery_wrong).
    MfaFailed,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    AuthenticatorRemoved,
    /// A reset code was asked for (reason: password or authenticator).
    ResetRequested,
    /// The password was replaced through the reset wizard.
    PasswordReset,
    /// The employee removed a lost authenticator through the wizard.
    MfaSelfReset,
    AnnouncementPublished,
    /// An admin let an employee check in from anywhere for some days.
    WfaGranted,
    /// A document was filed into a cabinet (by its owner, an admin or the portal).
    DocumentUploaded,
    /// The owner deleted (softly) a document they had uploaded.
    DocumentDeleted,
    CorrectionRequested,
    CorrectionAccepted,
    CorrectionRejected,
    LeaveSubmitted,
    LeaveWithdrawn,
    /// The direct supervisor's consideration (pertimbangan atasan langsung).
    LeaveConsidered,
    /// The authorised official's decision.
    LeaveDecided,
    /// The employee accepted the dates the official proposed (PERUBAHAN).
    LeaveChangeAccepted,
    /// Annual-leave days an operator added (collective leave worked).
    LeaveDaysAdded,
    /// A national admin imported or removed holiday-calendar days.
    CalendarChanged,
    /// An admin changed their agency's BKPSDM contact (before and after in the detail).
    ContactChanged,
    /// An admin changed their agency's time zone or working week (before and after).
    WorkHoursChanged,
    /// An admin added, changed or removed an office of their agency (before and after).
    OfficeChanged,
    /// A national admin granted the employee a stored role (with a reason).
    RoleGranted,
    /// A national admin revoked a stored role of the employee (with a reason).
    RoleRevoked,
    /// An admin ended every session of the employee.
    SessionsEnded,
    /// A corrected registered e-mail address took effect, confirmed by the
    /// new address (old one kept in `email_history`).
    EmailCorrected,
    /// An admin asked to correct the registered e-mail address; it waits
    /// for the new address to confirm.
    EmailChangeRequested,
    /// The old address stopped an e-mail correction.
    EmailChangeStopped,
    /// An admin required a new password at the next sign-in.
    PasswordChangeForced,
    /// An admin proved both factors again before an admin action.
    Reauthenticated,
    /// That re-authentication was refused (reason: password or code).
    ReauthFailed,
    /// The admin console was asked for from outside `ASN_ADMIN_NETWORKS`.
    AdminNetworkRefused,
    /// Someone other than the owner opened a document's file.
    DocumentViewed,
    /// An admin reminded the employee of missing core documents.
    ArchiveReminded,
    /// An admin imported the employee CSV through the console.
    EmployeesImported,
    /// A service got an authorization code for the employee (reason:
    /// consented, remembered or first_party; detail names the client).
    ServiceAuthorized,
    /// A service sign-in was refused (reason: agency or declined).
    ServiceRefused,
    /// Tokens went to a service (reason: code or refresh).
    ServiceTokenIssued,
    /// A used code or refresh token came back: everything issued from the
    /// same code was revoked (reason: code or refresh).
    ServiceTokenReused,
    /// The employee withdrew a service's access.
    ServiceRevoked,
    /// A service was told of a sign-out (reason: delivered or failed).
    ServiceSignedOut,
}

impl AuditKind {
    pub const ALL: [AuditKind; 56] = [
        Self::SignInSucceeded,
        Self::SignInFailed,
        Self::LockedOut,
        Self::Unlocked,
        Self::SignedOut,
        Self::SessionRevoked,
        Self::PasswordChanged,
        Self::PasswordSet,
        Self::AccountDisabled,
        Self::AccountEnabled,
        Self::MfaReset,
        Self::MfaEnrolled,
        Self::MfaVerified,
        Self::MfaFailed,
        Self::RecoveryCodeUsed,
        Self::RecoveryCodesRegenerated,
        Self::AuthenticatorRemoved,
        Self::ResetRequested,
        Self::PasswordReset,
        Self::MfaSelfReset,
        Self::AnnouncementPublished,
        Self::WfaGranted,
        Self::DocumentUploaded,
        Self::DocumentDeleted,
        Self::CorrectionRequested,
        Self::CorrectionAccepted,
        Self::CorrectionRejected,
        Self::LeaveSubmitted,
        Self::LeaveWithdrawn,
        Self::LeaveConsidered,
        Self::LeaveDecided,
        Self::LeaveChangeAccepted,
        Self::LeaveDaysAdded,
        Self::CalendarChanged,
        Self::ContactChanged,
        Self::WorkHoursChanged,
        Self::OfficeChanged,
        Self::RoleGranted,
        Self::RoleRevoked,
        Self::SessionsEnded,
        Self::EmailCorrected,
        Self::EmailChangeRequested,
        Self::EmailChangeStopped,
        Self::PasswordChangeForced,
        Self::Reauthenticated,
        Self::ReauthFailed,
        Self::AdminNetworkRefused,
        Self::DocumentViewed,
        Self::ArchiveReminded,
        Self::EmployeesImported,
        Self::ServiceAuthorized,
        Self::ServiceRefused,
        Self::ServiceTokenIssued,
        Self::ServiceTokenReused,
        Self::ServiceRevoked,
        Self::ServiceSignedOut,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignInSucceeded => "sign_in_succeeded",
            Self::SignInFailed => "sign_in_failed",
            Self::LockedOut => "locked_out",
            Self::Unlocked => "unlocked",
            Self::SignedOut => "signed_out",
            Self::SessionRevoked => "session_revoked",
            Self::PasswordChanged => "password_changed",
            Self::PasswordSet => "password_set",
            Self::AccountDisabled => "account_disabled",
            Self::AccountEnabled => "account_enabled",
            Self::MfaReset => "mfa_reset",
            Self::MfaEnrolled => "mfa_enrolled",
            Self::MfaVerified => "mfa_verified",
            Self::MfaFailed => "mfa_failed",
            Self::RecoveryCodeUsed => "recovery_code_used",
            Self::RecoveryCodesRegenerated => "recovery_codes_regenerated",
            Self::AuthenticatorRemoved => "authenticator_removed",
            Self::ResetRequested => "reset_requested",
            Self::PasswordReset => "password_reset",
            Self::MfaSelfReset => "mfa_self_reset",
            Self::AnnouncementPublished => "announcement_published",
            Self::WfaGranted => "wfa_granted",
            Self::DocumentUploaded => "document_uploaded",
            Self::DocumentDeleted => "document_deleted",
            Self::CorrectionRequested => "correction_requested",
            Self::CorrectionAccepted => "correction_accepted",
            Self::CorrectionRejected => "correction_rejected",
            Self::LeaveSubmitted => "leave_submitted",
            Self::LeaveWithdrawn => "leave_withdrawn",
            Self::LeaveConsidered => "leave_considered",
            Self::LeaveDecided => "leave_decided",
            Self::LeaveChangeAccepted => "leave_change_accepted",
            Self::LeaveDaysAdded => "leave_days_added",
            Self::CalendarChanged => "calendar_changed",
            Self::ContactChanged => "contact_changed",
            Self::WorkHoursChanged => "work_hours_changed",
            Self::OfficeChanged => "office_changed",
            Self::RoleGranted => "role_granted",
            Self::RoleRevoked => "role_revoked",
            Self::SessionsEnded => "sessions_ended",
            Self::EmailCorrected => "email_corrected",
            Self::EmailChangeRequested => "email_change_requested",
            Self::EmailChangeStopped => "email_change_stopped",
            Self::PasswordChangeForced => "password_change_forced",
            Self::Reauthenticated => "reauthenticated",
            Self::ReauthFailed => "reauth_failed",
            Self::AdminNetworkRefused => "admin_network_refused",
            Self::DocumentViewed => "document_viewed",
            Self::ArchiveReminded => "archive_reminded",
            Self::EmployeesImported => "employees_imported",
            Self::ServiceAuthorized => "service_authorized",
            Self::ServiceRefused => "service_refused",
            Self::ServiceTokenIssued => "service_token_issued",
            Self::ServiceTokenReused => "service_token_reused",
            Self::ServiceRevoked => "service_revoked",
            Self::ServiceSignedOut => "service_signed_out",
        }
    }
}

#[cfg(test)]
mod kind_tests {
    use super::AuditKind;

    #[test]
    fn every_kind_is_listed_once_under_its_own_name() {
        let mut names: Vec<&str> = AuditKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditKind::ALL.len());
    }
}

/// Who caused the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The employee themself, or an admin acting on them.
    Employee(i64),
    /// An operator at the command line.
    Cli,
    /// The portal on its own (expiry, lockout).
    System,
}

impl Actor {
    #[cfg(feature = "ssr")]
    fn parts(self) -> (Option<i64>, &'static str) {
        match self {
            Actor::Employee(id) => (Some(id), "employee"),
            Actor::Cli => (None, "cli"),
            Actor::System => (None, "system"),
        }
    }
}

#[cfg(feature = "ssr")]
pub use crate::server::context::RequestInfo;
#[cfg(feature = "ssr")]
pub use server::*;
#[cfg(feature = "ssr")]
pub mod seal;
#[cfg(feature = "ssr")]
pub mod verify;

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::server::time::now_unix;
    use sqlx::AnyConnection;

    #[derive(Debug, Clone)]
    pub struct AuditRecord<'a> {
        pub kind: AuditKind,
        pub reason: Option<&'a str>,
        pub employee_id: Option<i64>,
        pub nip: Option<&'a str>,
        pub actor: Actor,
        pub request: &'a RequestInfo,
        pub detail: Option<&'a str>,
    }

    #[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
    pub struct AuditRow {
        pub id: i64,
        pub occurred_at: i64,
        pub event: String,
        pub reason: Option<String>,
        pub employee_id: Option<i64>,
        pub nip: Option<String>,
        pub actor: String,
        pub detail: Option<String>,
    }

    /// The hash a chain starts from.
    pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

    /// The fields of one event that its hash covers, in order.
    #[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
    pub struct Hashed {
        pub seq: i64,
        pub occurred_at: i64,
        pub event: String,
        pub reason: Option<String>,
        pub employee_id: Option<i64>,
        pub nip: Option<String>,
        pub actor_employee_id: Option<i64>,
        pub actor: String,
        pub ip: Option<String>,
        pub user_agent: Option<String>,
        pub request_id: Option<String>,
        pub detail: Option<String>,
        /// Sealed by format v2 only (see `seal`).
        pub agency_id: Option<i64>,
    }

    /// Format v1, of events from before the keyed seal (`seal`): SHA-256
    /// over the previous hash and every field but the agency, each
    /// length-prefixed (an absent value differs from an empty one), so no
    /// two events hash alike by shifting text between fields.
    pub fn row_hash(chain: &str, prev_hash: &str, h: &Hashed) -> String {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(hashed_bytes("asn-portal audit v1", chain, prev_hash, h, false)))
    }

    /// What a hash or seal covers: the format, the chain, the previous hash
    /// and every field (the agency only from format v2), each
    /// length-prefixed, an absent one as `-`.
    pub(crate) fn hashed_bytes(format: &str, chain: &str, prev_hash: &str, h: &Hashed, agency: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        let mut field = |v: Option<&str>| match v {
            None => out.extend_from_slice(b"-"),
            Some(s) => {
                out.extend_from_slice(&(s.len() as u64).to_be_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        };
        field(Some(format));
        field(Some(chain));
        field(Some(prev_hash));
        field(Some(&h.seq.to_string()));
        field(Some(&h.occurred_at.to_string()));
        field(Some(&h.event));
        field(h.reason.as_deref());
        field(h.employee_id.map(|v| v.to_string()).as_deref());
        field(h.nip.as_deref());
        field(h.actor_employee_id.map(|v| v.to_string()).as_deref());
        field(Some(&h.actor));
        field(h.ip.as_deref());
        field(h.user_agent.as_deref());
        field(h.request_id.as_deref());
        field(h.detail.as_deref());
        if agency {
            field(h.agency_id.map(|v| v.to_string()).as_deref());
        }
        out
    }

    /// The chain an event joins.
    pub fn chain_of(employee_id: Option<i64>) -> String {
        employee_id.map_or_else(|| "system".to_string(), |id| format!("employee:{id}"))
    }

    /// Appends one event at the end of its chain. Call it inside the
    /// transaction of the change: the head row's update locks the chain
    /// (PostgreSQL) until commit, so concurrent events of one chain line up.
    pub async fn record(conn: &mut AnyConnection, r: &AuditRecord<'_>) -> Result<(), sqlx::Error> {
        let (actor_id, actor) = r.actor.parts();
        // User agents are attacker-chosen: keep a bounded prefix.
        let user_agent = r.request.user_agent.as_deref().map(|ua| ua.chars().take(256).collect::<String>());
        let chain = chain_of(r.employee_id);
        sqlx::query(
            "INSERT INTO audit_chain_heads (chain, seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT (chain) DO NOTHING",
        )
        .bind(&chain)
        .bind(GENESIS)
        .execute(&mut *conn)
        .await?;
        let (seq, prev_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_chain_heads SET seq = seq + 1 WHERE chain = $1 RETURNING seq, last_hash")
                .bind(&chain)
                .fetch_one(&mut *conn)
                .await?;
        let agency_id: Option<i64> = sqlx::query_scalar("SELECT agency_id FROM employees WHERE id = $1")
            .bind(r.employee_id)
            .fetch_optional(&mut *conn)
            .await?;
        let hashed = Hashed {
            seq,
            occurred_at: now_unix(),
            event: r.kind.as_str().to_string(),
            reason: r.reason.map(str::to_string),
            employee_id: r.employee_id,
            nip: r.nip.map(str::to_string),
            actor_employee_id: actor_id,
            actor: actor.to_string(),
            ip: r.request.ip.clone(),
            user_agent,
            request_id: r.request.request_id.clone(),
            detail: r.detail.map(str::to_string),
            agency_id,
        };
        let hash = seal::seal(&chain, &prev_hash, &hashed)?;
        sqlx::query(
            "INSERT INTO audit_events (occurred_at, event, reason, employee_id, nip, actor_employee_id, actor, \
                                       ip, user_agent, request_id, detail, chain, seq, prev_hash, row_hash, agency_id, \
                                       hash_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 2)",
        )
        .bind(hashed.occurred_at)
        .bind(&hashed.event)
        .bind(&hashed.reason)
        .bind(hashed.employee_id)
        .bind(&hashed.nip)
        .bind(hashed.actor_employee_id)
        .bind(&hashed.actor)
        .bind(&hashed.ip)
        .bind(&hashed.user_agent)
        .bind(&hashed.request_id)
        .bind(&hashed.detail)
        .bind(&chain)
        .bind(seq)
        .bind(&prev_hash)
        .bind(&hash)
        .bind(hashed.agency_id)
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE audit_chain_heads SET last_hash = $1 WHERE chain = $2")
            .bind(&hash)
            .bind(&chain)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// The newest events about one employee.
    pub async fn recent_for(
        conn: &mut AnyConnection,
        employee_id: i64,
        limit: i64,
    ) -> Result<Vec<AuditRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, occurred_at, event, reason, employee_id, nip, actor, detail FROM audit_events \
             WHERE employee_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(employee_id)
        .bind(limit)
        .fetch_all(conn)
        .await
    }
}
