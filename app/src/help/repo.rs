//! Agencies' BKPSDM contacts in the database.

use sqlx::{Any, AnyConnection, Transaction};

use super::contact::{Contact, ContactView};
use crate::server::db::Db;

type Row = (String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);

/// The contact query with its condition (static text: nothing typed reaches it).
macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT a.code, a.name, c.unit_name, c.email, c.phone, c.whatsapp, c.hours \
             FROM agency_contacts c JOIN agencies a ON a.id = c.agency_id ",
            $tail
        )
    };
}

fn view((agency_code, agency_name, unit_name, email, phone, whatsapp, hours): Row) -> ContactView {
    ContactView { agency_code, agency_name, unit_name, email, phone, whatsapp, hours }
}

/// The contact of the agency with this id, if it has one.
pub async fn of_agency(conn: &mut AnyConnection, agency_id: i64) -> Result<Option<ContactView>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(select!("WHERE c.agency_id = $1")).bind(agency_id).fetch_optional(conn).await?;
    Ok(row.map(view))
}

/// The contact of the agency with this code, if it has one.
pub async fn of_code(db: &Db, code: &str) -> Result<Option<ContactView>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(select!("WHERE a.code = $1")).bind(code).fetch_optional(db.pool()).await?;
    Ok(row.map(view))
}

/// The contact of the employee's agency, if it has one.
pub async fn of_employee(db: &Db, employee_id: i64) -> Result<Option<ContactView>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(select!("JOIN employees e ON e.agency_id = a.id WHERE e.id = $1"))
        .bind(employee_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(view))
}

/// Every agency's contact (one query, for the console's list).
pub async fn all(db: &Db) -> Result<Vec<ContactView>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(select!("ORDER BY a.code")).fetch_all(db.pool()).await?;
    Ok(rows.into_iter().map(view).collect())
}

/// (code, name) of every agency that has a contact, by name.
pub async fn agencies_with_contact(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.code, a.name FROM agency_contacts c JOIN agencies a ON a.id = c.agency_id ORDER BY a.name, a.code",
    )
    .fetch_all(db.pool())
    .await
}

/// Writes the agency's contact in the caller's transaction.
pub async fn save(
    tx: &mut Transaction<'_, Any>,
    agency_id: i64,
    contact: &Contact,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO agency_contacts (agency_id, unit_name, email, phone, whatsapp, hours, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (agency_id) DO UPDATE SET unit_name = excluded.unit_name, email = excluded.email, \
             phone = excluded.phone, whatsapp = excluded.whatsapp, hours = excluded.hours, \
             updated_at = excluded.updated_at",
    )
    .bind(agency_id)
    .bind(&contact.unit_name)
    .bind(contact.email.as_ref().map(|e| e.as_str()))
    .bind(contact.phone.as_ref().map(|p| p.as_str()))
    .bind(contact.whatsapp.as_ref().map(|p| p.as_str()))
    .bind(contact.hours.as_deref())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
