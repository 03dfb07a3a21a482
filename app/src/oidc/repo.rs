//! Registered clients and the employees' grants, in the database.

pub mod logout_queue;
pub mod requests;
pub mod signing_keys;
pub mod tokens;

use base64::Engine;
use sqlx::AnyConnection;

use super::client::{Client, NewClient, hash_secret, lines, unlines};
use super::scope::Scopes;
use crate::server::Db;

#[derive(Debug, thiserror::Error)]
pub enum ClientRepoError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("a client with the id {0} exists already (add --replace to change it)")]
    Exists(String),
    #[error("no client has the id {0}")]
    NotFound(String),
    #[error("no agency has the code {0}")]
    UnknownAgency(String),
}

type ClientRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    i64,
    i64,
    i64,
    Option<String>,
    i64,
);

const CLIENT_COLUMNS: &str = "id, client_id, name, logo_url, home_url, redirect_uris, post_logout_redirect_uris, \
                              backchannel_logout_uri, scopes, secret_hash, first_party, nip_as_sub, disabled, \
                              logo_type, updated_at";

async fn agencies_of(conn: &mut AnyConnection, pk: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT agency_id FROM oidc_client_agencies WHERE client_pk = $1 ORDER BY agency_id")
            .bind(pk)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

fn from_row(r: ClientRow, agencies: Vec<i64>) -> Client {
    let logo = r.13.as_ref().map(|_| logo_path(&r.1, r.14));
    Client {
        pk: r.0,
        client_id: r.1,
        name: r.2,
        logo_url: r.3,
        home_url: r.4,
        redirect_uris: unlines(&r.5),
        post_logout_redirect_uris: unlines(&r.6),
        backchannel_logout_uri: r.7,
        scopes: Scopes::parse_lenient(&r.8),
        secret_hash: r.9,
        first_party: r.10 == 1,
        nip_as_sub: r.11 == 1,
        disabled: r.12 == 1,
        logo,
        agencies,
    }
}

/// The client with this `client_id`.
pub async fn find(conn: &mut AnyConnection, client_id: &str) -> Result<Option<Client>, sqlx::Error> {
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM oidc_clients WHERE client_id = $1");
    let row: Option<ClientRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(client_id).fetch_optional(&mut *conn).await?;
    with_agencies(conn, row).await
}

/// The client with this row id.
pub async fn find_by_pk(conn: &mut AnyConnection, pk: i64) -> Result<Option<Client>, sqlx::Error> {
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM oidc_clients WHERE id = $1");
    let row: Option<ClientRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(pk).fetch_optional(&mut *conn).await?;
    with_agencies(conn, row).await
}

async fn with_agencies(conn: &mut AnyConnection, row: Option<ClientRow>) -> Result<Option<Client>, sqlx::Error> {
    let Some(r) = row else { return Ok(None) };
    let agencies = agencies_of(conn, r.0).await?;
    Ok(Some(from_row(r, agencies)))
}

pub async fn list(db: &Db) -> Result<Vec<Client>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let sql = format!("SELECT {CLIENT_COLUMNS} FROM oidc_clients ORDER BY client_id");
    let rows: Vec<ClientRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let agencies = agencies_of(&mut conn, r.0).await?;
        out.push(from_row(r, agencies));
    }
    Ok(out)
}

/// Registers a client, or with `replace` changes an existing one (its
/// secret, grants and subjects stay). Returns the new secret of a
/// confidential client that had none: shown once, stored hashed.
pub async fn register(db: &Db, c: &NewClient, replace: bool, now: i64) -> Result<Option<String>, ClientRepoError> {
    let mut tx = db.begin().await?;
    let mut agency_ids = Vec::new();
    for code in &c.agencies {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM agencies WHERE code = $1").bind(code).fetch_optional(&mut *tx).await?;
        agency_ids.push(id.ok_or_else(|| ClientRepoError::UnknownAgency(code.clone()))?);
    }
    let existing = find(&mut tx, &c.client_id).await?;
    if existing.is_some() && !replace {
        return Err(ClientRepoError::Exists(c.client_id.clone()));
    }
    let mut new_secret = None;
    let secret_hash = match (&existing, c.confidential) {
        (_, false) => None,
        (Some(e), true) if e.secret_hash.is_some() => e.secret_hash.clone(),
        (_, true) => {
            let secret = crate::server::session::new_token();
            let hash = hash_secret(&secret);
            new_secret = Some(secret);
            Some(hash)
        }
    };
    let logo_type = c.logo.as_ref().map(super::client::Logo::content_type);
    let logo_data = c.logo.as_ref().map(|l| base64::engine::general_purpose::STANDARD.encode(l.bytes()));
    let values = (
        c.name.as_str(),
        c.logo_url.as_deref(),
        c.home_url.as_deref(),
        c.icon.as_str(),
        lines(&c.redirect_uris),
        lines(&c.post_logout_redirect_uris),
        c.backchannel_logout_uri.as_deref(),
        c.scopes.to_string(),
    );
    let pk: i64 = match &existing {
        Some(e) => {
            sqlx::query(
                "UPDATE oidc_clients SET name = $1, logo_url = $2, home_url = $3, icon = $4, redirect_uris = $5, \
                 post_logout_redirect_uris = $6, backchannel_logout_uri = $7, scopes = $8, secret_hash = $9, \
                 first_party = $10, nip_as_sub = $11, updated_at = $12, logo_type = $14, logo_data = $15 \
                 WHERE id = $13",
            )
            .bind(values.0)
            .bind(values.1)
            .bind(values.2)
            .bind(values.3)
            .bind(values.4)
            .bind(values.5)
            .bind(values.6)
            .bind(values.7)
            .bind(secret_hash)
            .bind(i64::from(c.first_party))
            .bind(i64::from(c.nip_as_sub))
            .bind(now)
            .bind(e.pk)
            .bind(logo_type)
            .bind(logo_data.as_deref())
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM oidc_client_agencies WHERE client_pk = $1").bind(e.pk).execute(&mut *tx).await?;
            e.pk
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO oidc_clients (client_id, name, logo_url, home_url, icon, redirect_uris, \
                 post_logout_redirect_uris, backchannel_logout_uri, scopes, secret_hash, first_party, nip_as_sub, \
                 created_at, updated_at, logo_type, logo_data) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15) RETURNING id",
            )
            .bind(&c.client_id)
            .bind(values.0)
            .bind(values.1)
            .bind(values.2)
            .bind(values.3)
            .bind(values.4)
            .bind(values.5)
            .bind(values.6)
            .bind(values.7)
            .bind(secret_hash)
            .bind(i64::from(c.first_party))
            .bind(i64::from(c.nip_as_sub))
            .bind(now)
            .bind(logo_type)
            .bind(logo_data.as_deref())
            .fetch_one(&mut *tx)
            .await?
        }
    };
    for id in agency_ids {
        sqlx::query("INSERT INTO oidc_client_agencies (client_pk, agency_id) VALUES ($1, $2)")
            .bind(pk)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(new_secret)
}

/// Replaces a confidential client's secret; returns the new one (shown once).
pub async fn new_secret(db: &Db, client_id: &str, now: i64) -> Result<String, ClientRepoError> {
    let secret = crate::server::session::new_token();
    let done = sqlx::query("UPDATE oidc_clients SET secret_hash = $1, updated_at = $2 WHERE client_id = $3")
        .bind(hash_secret(&secret))
        .bind(now)
        .bind(client_id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(ClientRepoError::NotFound(client_id.to_string()));
    }
    Ok(secret)
}

/// Stops (or lets again) a client sign anyone in; disabling also revokes
/// every token it holds.
pub async fn set_disabled(db: &Db, client_id: &str, disabled: bool, now: i64) -> Result<(), ClientRepoError> {
    let mut tx = db.begin().await?;
    let pk: Option<i64> =
        sqlx::query_scalar("UPDATE oidc_clients SET disabled = $1, updated_at = $2 WHERE client_id = $3 RETURNING id")
            .bind(i64::from(disabled))
            .bind(now)
            .bind(client_id)
            .fetch_optional(&mut *tx)
            .await?;
    let pk = pk.ok_or_else(|| ClientRepoError::NotFound(client_id.to_string()))?;
    if disabled {
        sqlx::query("UPDATE oidc_tokens SET revoked_at = $1 WHERE client_pk = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(pk)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A grant row: the pairwise subject, and what was consented.
#[derive(Debug, Clone)]
pub struct Grant {
    pub subject: String,
    pub scopes: Scopes,
    pub revoked: bool,
}

/// The employee's grant for a client, created (with a fresh subject and
/// nothing consented) on first use.
pub async fn grant(conn: &mut AnyConnection, client_pk: i64, employee_id: i64) -> Result<Grant, sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_grants (client_pk, employee_id, subject) VALUES ($1, $2, $3) \
         ON CONFLICT (client_pk, employee_id) DO NOTHING",
    )
    .bind(client_pk)
    .bind(employee_id)
    .bind(crate::server::session::new_token())
    .execute(&mut *conn)
    .await?;
    let (subject, scopes, revoked): (String, String, Option<i64>) =
        sqlx::query_as("SELECT subject, scopes, revoked_at FROM oidc_grants WHERE client_pk = $1 AND employee_id = $2")
            .bind(client_pk)
            .bind(employee_id)
            .fetch_one(conn)
            .await?;
    Ok(Grant { subject, scopes: Scopes::parse_lenient(&scopes), revoked: revoked.is_some() })
}

/// Records consent to `scopes` (added to what was consented before).
pub async fn consent(
    conn: &mut AnyConnection,
    client_pk: i64,
    employee_id: i64,
    scopes: &Scopes,
    now: i64,
) -> Result<(), sqlx::Error> {
    let g = grant(conn, client_pk, employee_id).await?;
    let all = if g.revoked { scopes.clone() } else { g.scopes.union(scopes) };
    sqlx::query(
        "UPDATE oidc_grants SET scopes = $1, consented_at = $2, revoked_at = NULL \
         WHERE client_pk = $3 AND employee_id = $4",
    )
    .bind(all.to_string())
    .bind(now)
    .bind(client_pk)
    .bind(employee_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A service the employee has signed in to, for the account page.
#[derive(Debug, Clone)]
pub struct GrantRow {
    pub client_id: String,
    pub name: String,
    /// Where the portal serves the service's logo, if it has one.
    pub logo: Option<String>,
    pub scopes: Scopes,
    pub consented_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

pub async fn grants_of(db: &Db, employee_id: i64) -> Result<Vec<GrantRow>, sqlx::Error> {
    type Row = (String, String, Option<String>, i64, String, Option<i64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.client_id, c.name, c.logo_type, c.updated_at, g.scopes, g.consented_at, g.last_used_at \
         FROM oidc_grants g JOIN oidc_clients c ON c.id = g.client_pk \
         WHERE g.employee_id = $1 AND g.revoked_at IS NULL AND (g.last_used_at IS NOT NULL OR g.consented_at IS NOT NULL) \
         ORDER BY c.name, c.client_id",
    )
    .bind(employee_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(client_id, name, logo_type, updated_at, scopes, consented_at, last_used_at)| GrantRow {
            logo: logo_type.map(|_| logo_path(&client_id, updated_at)),
            client_id,
            name,
            scopes: Scopes::parse_lenient(&scopes),
            consented_at,
            last_used_at,
        })
        .collect())
}

/// Withdraws the employee's consent to the client; the client's key when
/// there was one to withdraw.
pub async fn withdraw_grant(
    conn: &mut AnyConnection,
    client_id: &str,
    employee_id: i64,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE oidc_grants SET revoked_at = $1, scopes = '' \
         WHERE employee_id = $2 AND revoked_at IS NULL \
           AND client_pk = (SELECT id FROM oidc_clients WHERE client_id = $3) RETURNING client_pk",
    )
    .bind(now)
    .bind(employee_id)
    .bind(client_id)
    .fetch_optional(conn)
    .await
}

/// Revokes every token the client holds for the employee.
pub async fn revoke_client_tokens(
    conn: &mut AnyConnection,
    client_pk: i64,
    employee_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE oidc_tokens SET revoked_at = $1 WHERE client_pk = $2 AND employee_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(client_pk)
    .bind(employee_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A service on an employee's dashboard.
#[derive(Debug, Clone)]
pub struct Tile {
    pub client_id: String,
    pub name: String,
    pub home_url: String,
    pub icon: String,
    /// Where the portal serves the service's logo, if it has one.
    pub logo: Option<String>,
}

/// The services on an employee's dashboard: clients with a start page that
/// admit the employee's agency.
pub async fn tiles_for(db: &Db, agency_id: i64) -> Result<Vec<Tile>, sqlx::Error> {
    type Row = (String, String, String, String, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.client_id, c.name, c.home_url, c.icon, c.logo_type, c.updated_at FROM oidc_clients c \
         WHERE c.home_url IS NOT NULL AND c.disabled = 0 \
           AND (NOT EXISTS (SELECT 1 FROM oidc_client_agencies x WHERE x.client_pk = c.id) \
                OR EXISTS (SELECT 1 FROM oidc_client_agencies x WHERE x.client_pk = c.id AND x.agency_id = $1)) \
         ORDER BY c.name, c.client_id",
    )
    .bind(agency_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(client_id, name, home_url, icon, logo_type, updated_at)| Tile {
            logo: logo_type.map(|_| logo_path(&client_id, updated_at)),
            client_id,
            name,
            home_url,
            icon,
        })
        .collect())
}

/// The portal's address of a client's logo; the registration time in the
/// query lets browsers keep it until the logo changes.
pub fn logo_path(client_id: &str, updated_at: i64) -> String {
    format!("/oauth/clients/{client_id}/logo?v={updated_at}")
}

/// A registered, enabled client's logo: its content type and bytes.
pub async fn logo(db: &Db, client_id: &str) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT logo_type, logo_data FROM oidc_clients WHERE client_id = $1 AND disabled = 0")
            .bind(client_id)
            .fetch_optional(db.pool())
            .await?;
    let Some((Some(kind), Some(data))) = row else { return Ok(None) };
    Ok(base64::engine::general_purpose::STANDARD.decode(data).ok().map(|bytes| (kind, bytes)))
}

/// The employee's NIP (the `sub` of a client allowed to use it).
pub async fn nip_of(conn: &mut AnyConnection, employee_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT nip FROM employees WHERE id = $1").bind(employee_id).fetch_one(conn).await
}

/// What the claims draw on: `(nip, name, email, kind, agency code, agency,
/// unit, position, rank code)`.
pub type ClaimRow = (String, String, String, String, String, String, Option<String>, Option<String>, Option<String>);

pub async fn claim_row(conn: &mut AnyConnection, employee_id: i64) -> Result<ClaimRow, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.nip, e.full_name, e.email, e.kind, a.code, a.name, u.name, e.position, e.rank_code \
         FROM employees e JOIN agencies a ON a.id = e.agency_id LEFT JOIN units u ON u.id = e.unit_id \
         WHERE e.id = $1",
    )
    .bind(employee_id)
    .fetch_one(conn)
    .await
}
