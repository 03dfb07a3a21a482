//! The checks in front of every console server function: a finished
//! sign-in, from an allowed network (`ASN_ADMIN_NETWORKS`), and, before an
//! action, both factors proven recently (`ASN_ADMIN_REAUTH_MINUTES`). Who
//! is an admin of what stays the repository's business.

use std::net::IpAddr;

use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::error::AppError;
use crate::error::OrInternal;
use crate::server::context::{fail, signed_in};
use crate::server::session::{self, Current};
use crate::server::{AppState, AuthSettings, Db};

/// Whether the console may be used from `ip` (unknown addresses only when
/// no network is configured).
pub fn network_allows(settings: &AuthSettings, ip: Option<&str>) -> bool {
    if settings.admin_networks.is_empty() {
        return true;
    }
    ip.and_then(|ip| ip.parse::<IpAddr>().ok())
        .is_some_and(|ip| settings.admin_networks.iter().any(|net| net.contains(ip)))
}

/// The signed-in session, when the request comes from an allowed network;
/// a refusal is recorded (someone holds an admin's session elsewhere, or
/// an admin works from home) and answered 403.
pub async fn console(state: &AppState, request: &RequestInfo) -> Result<Current, AppError> {
    let current = signed_in(state).await?;
    admin_network(state, current.employee_id, request).await?;
    Ok(current)
}

/// Where an admin role grants power, in the console or elsewhere (the
/// leave export, others' documents, filing for others, deciding
/// corrections, granting work from anywhere, publishing announcements):
/// from an allowed network only, else 403. The refusal is recorded for
/// someone who holds an admin role; anyone else would be refused by the
/// feature anyway, and their chain gets no admin event. Usable from plain
/// axum handlers too (`AppError::http_status`).
pub async fn admin_network(state: &AppState, admin: i64, request: &RequestInfo) -> Result<(), AppError> {
    if network_allows(&state.settings.auth, request.ip.as_deref()) {
        return Ok(());
    }
    if !crate::org::repo::admin_agencies(&state.db, admin).await.or_internal()?.is_empty() {
        refuse_network(&state.db, admin, request).await.or_internal()?;
    }
    Err(fail(AppError::Forbidden))
}

/// Records that `admin` asked for the console from outside the networks.
async fn refuse_network(db: &Db, admin: i64, request: &RequestInfo) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let event = AuditRecord {
        kind: AuditKind::AdminNetworkRefused,
        reason: None,
        employee_id: Some(admin),
        nip: None,
        actor: Actor::Employee(admin),
        request,
        detail: None,
    };
    audit::record(&mut tx, &event).await?;
    tx.commit().await
}

/// [`console`], and both factors proven within the configured time, or
/// 403 `ReauthRequired` (the page asks for password and code again).
pub async fn fresh_console(state: &AppState, request: &RequestInfo) -> Result<Current, AppError> {
    let current = console(state, request).await?;
    let at = session::authenticated_at(&state.db, &current).await.or_internal()?;
    let now = state.clock.now();
    match at {
        Some(at) if now - at <= state.settings.auth.admin_reauth => Ok(current),
        _ => Err(fail(AppError::ReauthRequired)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::IpNet;

    #[test]
    fn networks_limit_the_console_only_when_configured() {
        let open = AuthSettings::default();
        assert!(network_allows(&open, Some("203.0.113.9")));
        assert!(network_allows(&open, None));
        let closed = AuthSettings {
            admin_networks: vec![IpNet::parse("10.20.0.0/16").unwrap(), IpNet::parse("fd00::/8").unwrap()],
            ..AuthSettings::default()
        };
        assert!(network_allows(&closed, Some("10.20.3.4")));
        assert!(network_allows(&closed, Some("fd00::1")));
        assert!(!network_allows(&closed, Some("10.21.0.1")));
        assert!(!network_allows(&closed, Some("::ffff:10.21.0.1")));
        assert!(network_allows(&closed, Some("::ffff:10.20.0.1")), "IPv4-mapped addresses count as IPv4");
        assert!(!network_allows(&closed, None), "an unknown address is outside");
        assert!(!network_allows(&closed, Some("not an address")));
    }
}
