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
}

impl AuditKind {
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
        }
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

/// One event to record. Request fields are empty for CLI actions.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

#[cfg(feature = "ssr")]
pub use server::*;

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

    /// Appends one event. Call it inside the transaction of the change.
    pub async fn record(conn: &mut AnyConnection, r: &AuditRecord<'_>) -> Result<(), sqlx::Error> {
        let (actor_id, actor) = r.actor.parts();
        // User agents are attacker-chosen: keep a bounded prefix.
        let user_agent = r.request.user_agent.as_deref().map(|ua| ua.chars().take(256).collect::<String>());
        sqlx::query(
            "INSERT INTO audit_events (occurred_at, event, reason, employee_id, nip, actor_employee_id, actor, \
                                       ip, user_agent, request_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(now_unix())
        .bind(r.kind.as_str())
        .bind(r.reason)
        .bind(r.employee_id)
        .bind(r.nip)
        .bind(actor_id)
        .bind(actor)
        .bind(r.request.ip.as_deref())
        .bind(user_agent)
        .bind(r.request.request_id.as_deref())
        .bind(r.detail)
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
