//! External services in the database.

use super::external::{Audience, ExternalLink, NewExternalService};
use crate::domain::EmployeeKind;
use crate::server::db::Db;
use crate::server::time::now_unix;

#[derive(Debug, thiserror::Error)]
pub enum ServiceRepoError {
    #[error("no agency has the code {0}")]
    UnknownAgency(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
}

/// Adds the service, or updates the one with its code (so a script can run
/// twice).
pub async fn save(db: &Db, service: &NewExternalService) -> Result<Saved, ServiceRepoError> {
    let mut tx = db.begin().await?;
    let agency_id: Option<i64> = match &service.agency_code {
        Some(code) => Some(
            sqlx::query_scalar("SELECT id FROM agencies WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| ServiceRepoError::UnknownAgency(code.clone()))?,
        ),
        None => None,
    };
    let updated = sqlx::query(
        "UPDATE external_services SET name = $1, url = $2, icon = $3, audience = $4, agency_id = $5, sort_order = $6 \
         WHERE code = $7",
    )
    .bind(&service.name)
    .bind(service.url.as_str())
    .bind(&service.icon)
    .bind(service.audience.as_str())
    .bind(agency_id)
    .bind(service.sort_order)
    .bind(&service.code)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let saved = if updated == 0 {
        sqlx::query(
            "INSERT INTO external_services (code, name, url, icon, audience, agency_id, sort_order, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&service.code)
        .bind(&service.name)
        .bind(service.url.as_str())
        .bind(&service.icon)
        .bind(service.audience.as_str())
        .bind(agency_id)
        .bind(service.sort_order)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
        Saved::Created
    } else {
        Saved::Updated
    };
    tx.commit().await?;
    Ok(saved)
}

/// Removes the service with this code; `false` when there was none.
pub async fn remove(db: &Db, code: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM external_services WHERE code = $1")
        .bind(code.trim().to_ascii_uppercase())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// One row of `asn-portal service list`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ServiceRow {
    pub code: String,
    pub name: String,
    pub url: String,
    pub icon: String,
    pub audience: String,
    pub agency_code: Option<String>,
    pub sort_order: i64,
}

pub async fn list(db: &Db) -> Result<Vec<ServiceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.code, s.name, s.url, s.icon, s.audience, a.code AS agency_code, s.sort_order \
         FROM external_services s LEFT JOIN agencies a ON a.id = s.agency_id ORDER BY s.sort_order, s.code",
    )
    .fetch_all(db.pool())
    .await
}

/// The services an employee of this agency and kind sees, in order.
pub async fn links_for(db: &Db, agency_id: i64, kind: EmployeeKind) -> Result<Vec<ExternalLink>, sqlx::Error> {
    let [a, b] = Audience::codes_for(kind);
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT code, name, url, icon FROM external_services \
         WHERE audience IN ($1, $2) AND (agency_id IS NULL OR agency_id = $3) ORDER BY sort_order, code",
    )
    .bind(a)
    .bind(b)
    .bind(agency_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(code, name, url, icon)| ExternalLink { code, name, url, icon, logo: None }).collect())
}

/// The signed-in employee's card on the dashboard.
#[derive(sqlx::FromRow)]
pub struct Card {
    pub nip: String,
    pub full_name: String,
    pub kind: String,
    pub position: Option<String>,
    pub unit: Option<String>,
    pub agency: String,
    pub agency_id: i64,
}

pub async fn card(db: &Db, employee_id: i64) -> Result<Option<Card>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.nip, e.full_name, e.kind, e.position, u.name AS unit, a.name AS agency, e.agency_id \
         FROM employees e JOIN agencies a ON a.id = e.agency_id LEFT JOIN units u ON u.id = e.unit_id \
         WHERE e.id = $1",
    )
    .bind(employee_id)
    .fetch_optional(db.pool())
    .await
}
