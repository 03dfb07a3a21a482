//! SQL for the cabinet. The same text runs on SQLite and PostgreSQL.

use sqlx::AnyConnection;

use super::model::*;
use super::sniff::FileKind;
use crate::domain::Date;
use crate::server::blob_store::StoredBlob;
use crate::server::db::Db;

pub async fn types(db: &Db) -> Result<Vec<DocumentType>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT code, archive, name_id, name_en, employee_may_upload, is_decree FROM document_types \
         ORDER BY sort_order, code",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, archive, name_id, name_en, may, decree)| {
            Some(DocumentType {
                code,
                archive: Archive::parse(&archive)?,
                name_id,
                name_en,
                employee_may_upload: may == 1,
                is_decree: decree == 1,
            })
        })
        .collect())
}

/// A checked document, ready to store beside its blob.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    pub employee_id: i64,
    pub type_code: &'a str,
    pub title: &'a str,
    pub decree_number: Option<&'a str>,
    pub decree_date: Option<Date>,
    pub file_name: &'a str,
    pub kind: FileKind,
    /// `None`: filed by the portal itself.
    pub uploaded_by: Option<i64>,
    /// The document this one replaces (a new version).
    pub replaces: Option<i64>,
}

/// Writes the blob's row and the document's in the caller's transaction.
pub async fn insert(
    conn: &mut AnyConnection,
    doc: &NewDocument<'_>,
    blob: &StoredBlob,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO blobs (id, key_id, size_bytes, sha256, content_type, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&blob.id)
    .bind(&blob.key_id)
    .bind(i64::try_from(blob.size).unwrap_or(i64::MAX))
    .bind(&blob.sha256)
    .bind(doc.kind.content_type())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar(
        "INSERT INTO documents (employee_id, type_code, title, decree_number, decree_date, file_name, blob_id, \
                                uploaded_by, uploaded_at, replaces_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(doc.employee_id)
    .bind(doc.type_code)
    .bind(doc.title)
    .bind(doc.decree_number)
    .bind(doc.decree_date.map(|d| d.to_string()))
    .bind(doc.file_name)
    .bind(&blob.id)
    .bind(doc.uploaded_by)
    .bind(now)
    .bind(doc.replaces)
    .fetch_one(conn)
    .await
}

/// A document row with what serving it needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub employee_id: i64,
    pub agency_id: i64,
    pub owner_name: String,
    pub type_code: String,
    pub title: String,
    pub decree_number: Option<String>,
    pub decree_date: Option<String>,
    pub file_name: String,
    pub blob_id: String,
    pub key_id: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub content_type: String,
    pub uploaded_at: i64,
    pub uploader: Option<String>,
    pub uploaded_by: Option<i64>,
    pub replaces_id: Option<i64>,
    pub superseded_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

macro_rules! document_row {
    ($tail:literal) => {
        concat!(
            "SELECT d.id, d.employee_id, e.agency_id, e.full_name AS owner_name, d.type_code, d.title, d.decree_number, \
                    d.decree_date, d.file_name, d.blob_id, b.key_id, b.size_bytes, b.sha256, b.content_type, \
                    d.uploaded_at, u.full_name AS uploader, d.uploaded_by, d.replaces_id, d.superseded_at, d.deleted_at \
             FROM documents d JOIN blobs b ON b.id = d.blob_id JOIN employees e ON e.id = d.employee_id \
             LEFT JOIN employees u ON u.id = d.uploaded_by ",
            $tail
        )
    };
}

impl DocumentRow {
    pub fn item(&self) -> DocumentItem {
        DocumentItem {
            id: self.id,
            type_code: self.type_code.clone(),
            title: self.title.clone(),
            decree_number: self.decree_number.clone(),
            decree_date: self.decree_date.as_deref().and_then(Date::parse_iso),
            file_name: self.file_name.clone(),
            kind: FileKind::from_content_type(&self.content_type).unwrap_or(FileKind::Pdf),
            size_bytes: self.size_bytes,
            uploaded_at: self.uploaded_at,
            uploaded_by: self.uploader.clone(),
        }
    }
}

/// The employee's documents, newest first (deleted ones left out).
pub async fn of_employee(db: &Db, employee_id: i64) -> Result<Vec<DocumentRow>, sqlx::Error> {
    sqlx::query_as(document_row!(
        "WHERE d.employee_id = $1 AND d.deleted_at IS NULL AND d.superseded_at IS NULL \
         ORDER BY d.uploaded_at DESC, d.id DESC"
    ))
    .bind(employee_id)
    .fetch_all(db.pool())
    .await
}

/// One document by id, whoever owns it, deleted and superseded ones
/// included (the caller checks access).
pub async fn find(db: &Db, id: i64) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(document_row!("WHERE d.id = $1")).bind(id).fetch_optional(db.pool()).await
}

/// Every version of a document, newest first: the chain of replacements
/// through `id`, both ways.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<DocumentRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        "WITH RECURSIVE older (id, replaces_id) AS ( \
             SELECT id, replaces_id FROM documents WHERE id = $1 \
             UNION ALL SELECT d.id, d.replaces_id FROM documents d JOIN older o ON d.id = o.replaces_id), \
         newer (id) AS ( \
             SELECT id FROM documents WHERE replaces_id = $1 \
             UNION ALL SELECT d.id FROM documents d JOIN newer n ON d.replaces_id = n.id) ",
        document_row!(
            "WHERE d.id IN (SELECT id FROM older UNION SELECT id FROM newer) ORDER BY d.uploaded_at DESC, d.id DESC"
        )
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await
}

/// Marks `id` replaced, only if it still is the current version.
pub async fn supersede(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE documents SET superseded_at = $1 WHERE id = $2 AND superseded_at IS NULL AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that `viewer_id` opened the file of a document of `owner_id`.
/// Anyone but the owner also leaves an audit event on the owner's chain
/// (`document_viewed`), which the admins' live feed shows.
#[allow(clippy::too_many_arguments)]
/// Reads by one viewer of one document in one session, for one action,
/// within this many seconds of a recorded one are that read still.
pub const ACCESS_DEDUP_SECONDS: i64 = 5 * 60;

/// One read of a document, as the file route saw it.
#[derive(Debug, Clone, Copy)]
pub struct Access<'a> {
    pub document_id: i64,
    pub owner_id: i64,
    pub viewer_id: i64,
    pub role: AccessRole,
    pub action: &'a str,
    /// Who read: their address is kept in the history, all of it in the audit.
    pub request: &'a crate::audit::RequestInfo,
    /// The reading session (its id hash): reads are deduplicated per session.
    pub session_hash: &'a str,
}

/// Records a read in the access history, and in the audit trail (and so
/// the live feed) when it is not the owner's. A read that is not the
/// owner's is skipped when the same viewer read the same document the same
/// way in the same session within [`ACCESS_DEDUP_SECONDS`]. Returns whether
/// a row was written.
pub async fn record_access(db: &Db, a: &Access<'_>, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    // The owner's history lists each opening (the caller counts only the
    // opening range of theirs); anyone else's reads are deduplicated.
    let recent: Option<i64> = if a.role == AccessRole::Owner {
        None
    } else {
        sqlx::query_scalar(
            "SELECT id FROM document_access WHERE document_id = $1 AND viewer_id = $2 AND action = $3 \
         AND session_hash = $4 AND at > $5 LIMIT 1",
        )
        .bind(a.document_id)
        .bind(a.viewer_id)
        .bind(a.action)
        .bind(a.session_hash)
        .bind(now - ACCESS_DEDUP_SECONDS)
        .fetch_optional(&mut *tx)
        .await?
    };
    if recent.is_some() {
        return Ok(false);
    }
    let Access { document_id, owner_id, viewer_id, role, action, request, .. } = *a;
    let ip = request.ip.as_deref();
    sqlx::query(
        "INSERT INTO document_access (document_id, viewer_id, role, action, ip, at, session_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(document_id)
    .bind(viewer_id)
    .bind(role.as_str())
    .bind(action)
    .bind(ip)
    .bind(now)
    .bind(a.session_hash)
    .execute(&mut *tx)
    .await?;
    if role != AccessRole::Owner {
        let detail = format!("document {document_id}, {action} as {}", role.as_str());
        let event = crate::audit::AuditRecord {
            kind: crate::audit::AuditKind::DocumentViewed,
            reason: None,
            employee_id: Some(owner_id),
            nip: None,
            actor: crate::audit::Actor::Employee(viewer_id),
            request,
            detail: Some(&detail),
        };
        crate::audit::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn access_history(db: &Db, document_id: i64) -> Result<Vec<AccessEntry>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT e.full_name, a.role, a.action, a.at, a.ip FROM document_access a \
         JOIN employees e ON e.id = a.viewer_id WHERE a.document_id = $1 ORDER BY a.id DESC LIMIT 200",
    )
    .bind(document_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(viewer, role, action, at, ip)| {
            Some(AccessEntry { viewer, role: AccessRole::parse(&role)?, action, at, ip })
        })
        .collect())
}

/// Every blob row: `(id, key_id, size, sha256)`.
pub async fn all_blobs(db: &Db) -> Result<Vec<(String, String, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, key_id, size_bytes, sha256 FROM blobs ORDER BY id").fetch_all(db.pool()).await
}

/// Whether a blob row exists.
pub async fn blob_exists(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs WHERE id = $1").bind(id).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

pub async fn employee_by_nip(conn: &mut AnyConnection, nip: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, agency_id FROM employees WHERE nip = $1").bind(nip).fetch_optional(conn).await
}

/// The employee's live documents, newest first: `(id, title)` (for
/// choosing one as evidence or an attachment).
pub async fn titles_of(conn: &mut AnyConnection, employee_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title FROM documents WHERE employee_id = $1 AND deleted_at IS NULL ORDER BY uploaded_at DESC, id DESC",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await
}

/// Whether document `id` is the employee's and not deleted.
pub async fn is_live_of(conn: &mut AnyConnection, id: i64, employee_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM documents WHERE id = $1 AND employee_id = $2 AND deleted_at IS NULL")
            .bind(id)
            .bind(employee_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// Bytes the employee's own uploads occupy (every version, deleted ones too).
pub async fn own_uploads_bytes(db: &Db, employee_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(b.size_bytes), 0) AS BIGINT) FROM documents d JOIN blobs b ON b.id = d.blob_id \
         WHERE d.employee_id = $1 AND d.uploaded_by = $1",
    )
    .bind(employee_id)
    .fetch_one(db.pool())
    .await
}

/// Marks the document deleted; `false` when it was already.
pub async fn soft_delete(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE documents SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
