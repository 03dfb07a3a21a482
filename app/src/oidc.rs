//! Single sign-on for other personnel services: the portal as an OpenID
//! Connect provider (authorization code flow with PKCE): its HTTP
//! endpoints (`http`), the consent screen and the account's list of
//! services.

pub mod api;
pub mod model;
pub mod pages;
pub mod scope;

#[cfg(feature = "ssr")]
pub mod backchannel;
#[cfg(feature = "ssr")]
pub mod claims;
#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod keys;
#[cfg(feature = "ssr")]
pub mod logout;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod token;

/// Records an event about a service on the employee's audit chain, with
/// `client=<id>` as its detail (how the audit viewer tells services apart).
#[cfg(feature = "ssr")]
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    kind: crate::audit::AuditKind,
    employee_id: i64,
    client_id: &str,
    actor: crate::audit::Actor,
    reason: Option<&str>,
    request: &crate::audit::RequestInfo,
) -> Result<(), sqlx::Error> {
    let detail = format!("client={client_id}");
    let event = crate::audit::AuditRecord {
        kind,
        reason,
        employee_id: Some(employee_id),
        nip: None,
        actor,
        request,
        detail: Some(&detail),
    };
    crate::audit::record(conn, &event).await
}
