//! Who the employee is to a service: the subject, and the claims each
//! consented scope releases (the userinfo endpoint).

use serde_json::{Map, Value, json};
use sqlx::AnyConnection;

use super::client::Client;
use super::repo;
use super::scope::{Scope, Scopes};
use crate::server::AppState;
use crate::server::session::hash_token;

/// The `sub` a client sees: a random identifier of its own per employee
/// (pairwise, stable), or the NIP for a client allowed to use it.
pub async fn subject(conn: &mut AnyConnection, client: &Client, employee_id: i64) -> Result<String, sqlx::Error> {
    if client.nip_as_sub {
        return repo::nip_of(conn, employee_id).await;
    }
    Ok(repo::grant(conn, client.pk, employee_id).await?.subject)
}

/// The claims `scopes` release about the employee, `sub` included.
pub async fn claims(
    conn: &mut AnyConnection,
    client: &Client,
    employee_id: i64,
    scopes: &Scopes,
) -> Result<Map<String, Value>, sqlx::Error> {
    let mut out = Map::new();
    out.insert("sub".into(), json!(subject(conn, client, employee_id).await?));
    let (nip, name, email, kind, agency_code, agency, unit, position, rank) =
        repo::claim_row(conn, employee_id).await?;
    if scopes.contains(Scope::Profile) {
        out.insert("name".into(), json!(name));
    }
    if scopes.contains(Scope::Email) {
        out.insert("email".into(), json!(email));
    }
    if scopes.contains(Scope::Asn) {
        out.insert("nip".into(), json!(nip));
        out.insert("agency".into(), json!(agency));
        out.insert("agency_code".into(), json!(agency_code));
        out.insert("unit".into(), json!(unit));
        out.insert("position".into(), json!(position));
        out.insert("rank".into(), json!(rank));
        out.insert("employee_kind".into(), json!(kind));
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserinfoError {
    InvalidToken,
    Server,
}

impl From<sqlx::Error> for UserinfoError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "userinfo: database error");
        UserinfoError::Server
    }
}

/// The userinfo response for a bearer access token: live (not expired or
/// revoked), its portal session alive, its grant standing.
pub async fn userinfo(state: &AppState, access_token: &str) -> Result<Map<String, Value>, UserinfoError> {
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await?;
    let row = repo::tokens::live_access(&mut conn, &hash_token(access_token), now).await?;
    let Some((client_pk, employee_id, scopes)) = row else { return Err(UserinfoError::InvalidToken) };
    let client =
        repo::find_by_pk(&mut conn, client_pk).await?.filter(|c| !c.disabled).ok_or(UserinfoError::InvalidToken)?;
    Ok(claims(&mut conn, &client, employee_id, &Scopes::parse_lenient(&scopes)).await?)
}
