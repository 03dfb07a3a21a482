//! The cabinet on the server: who may upload what for whom, committing a
//! blob with its row, who may see a document (and recording that they
//! did), system documents from other features, and the consistency check.

use super::model::*;
use super::repo::{self, DocumentRow, NewDocument};
use super::sniff::{FileKind, sniff};
use crate::audit::{self, Actor, AuditKind, AuditRecord, RequestInfo};
use crate::domain::{Date, Nip};
use crate::org::Role;
use crate::server::blob_store::{BlobError, BlobStore, StoredBlob};
use crate::server::db::Db;
pub use crate::server::state::{AccessPolicy, DocumentSettings};

/// Bytes the employee's own uploads into their cabinet occupy (every
/// version, deleted ones too: the agency keeps them).
pub async fn own_uploads_bytes(db: &Db, employee_id: i64) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(repo::own_uploads_bytes(db, employee_id).await?).unwrap_or(0))
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("refused: {0:?}")]
    Refused(UploadRefusal),
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// In which role `viewer` may see documents of an employee of `agency_id`
/// (`owner_id`), if at all. A supervisor sees nothing of a subordinate's
/// cabinet unless `policy` says so.
pub async fn role_towards(
    db: &Db,
    policy: AccessPolicy,
    viewer: i64,
    owner_id: i64,
    agency_id: i64,
) -> Result<Option<AccessRole>, sqlx::Error> {
    if viewer == owner_id {
        return Ok(Some(AccessRole::Owner));
    }
    let roles = crate::org::repo::roles_of(db, viewer).await?;
    if roles.iter().any(|(r, a)| *r == Role::AgencyAdmin && *a == agency_id) {
        return Ok(Some(AccessRole::AgencyAdmin));
    }
    if roles.iter().any(|(r, _)| *r == Role::NationalAdmin) {
        return Ok(Some(AccessRole::NationalAdmin));
    }
    if policy.supervisors_read && crate::org::repo::is_above(db, viewer, owner_id).await? {
        return Ok(Some(AccessRole::Supervisor));
    }
    Ok(None)
}

/// A document the viewer may see, or `NotFound` (exactly as for an id that
/// does not exist).
/// A document the owner deleted is gone for them; the agency keeps it.
pub async fn visible(
    db: &Db,
    policy: AccessPolicy,
    viewer: i64,
    id: i64,
) -> Result<(DocumentRow, AccessRole), DocumentError> {
    let row = repo::find(db, id).await?.ok_or(DocumentError::NotFound)?;
    let role =
        role_towards(db, policy, viewer, row.employee_id, row.agency_id).await?.ok_or(DocumentError::NotFound)?;
    if role == AccessRole::Owner && row.deleted_at.is_some() {
        return Err(DocumentError::NotFound);
    }
    Ok((row, role))
}

/// One document and its access history, with the role the viewer reads it in.
pub async fn detail(
    db: &Db,
    policy: AccessPolicy,
    viewer: i64,
    id: i64,
) -> Result<(DocumentDetail, AccessRole), DocumentError> {
    let (row, role) = visible(db, policy, viewer, id).await?;
    let types = repo::types(db).await?;
    let kind = types.iter().find(|t| t.code == row.type_code);
    let current = row.superseded_at.is_none() && row.deleted_at.is_none();
    let owner_may_upload = kind.is_some_and(|k| k.employee_may_upload);
    let versions = repo::versions(db, id)
        .await?
        .iter()
        .filter(|v| v.id != id && (role != AccessRole::Owner || v.deleted_at.is_none()))
        .map(DocumentRow::item)
        .collect();
    let detail = DocumentDetail {
        item: row.item(),
        type_name_id: kind.map_or(row.type_code.clone(), |t| t.name_id.clone()),
        type_name_en: kind.map_or(row.type_code.clone(), |t| t.name_en.clone()),
        owner: row.owner_name.clone(),
        access: repo::access_history(db, id).await?,
        versions,
        superseded: row.superseded_at.is_some(),
        deleted: row.deleted_at.is_some(),
        can_delete: current && role == AccessRole::Owner && row.uploaded_by == Some(viewer),
        can_replace: current
            && match role {
                AccessRole::Owner => owner_may_upload,
                AccessRole::AgencyAdmin | AccessRole::NationalAdmin => true,
                AccessRole::Supervisor => false,
            },
    };
    Ok((detail, role))
}

/// Deletes (softly) a current document the owner uploaded themselves.
/// The agency keeps it; anything else is not found.
pub async fn delete(db: &Db, viewer: i64, id: i64, request: &RequestInfo, now: i64) -> Result<(), DocumentError> {
    let (row, role) = visible(db, AccessPolicy::default(), viewer, id).await?;
    if role != AccessRole::Owner || row.uploaded_by != Some(viewer) || row.superseded_at.is_some() {
        return Err(DocumentError::NotFound);
    }
    let mut tx = db.begin().await?;
    if !repo::soft_delete(&mut tx, id, now).await? {
        return Err(DocumentError::NotFound);
    }
    let detail = format!("document {id} ({})", row.type_code);
    let event = AuditRecord {
        kind: AuditKind::DocumentDeleted,
        reason: None,
        employee_id: Some(row.employee_id),
        nip: None,
        actor: Actor::Employee(viewer),
        request,
        detail: Some(&detail),
    };
    audit::record(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(())
}

/// The metadata of an upload, as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct UploadForm {
    /// Empty: the uploader's own cabinet. An admin names another employee.
    pub nip: String,
    pub type_code: String,
    pub title: String,
    pub decree_number: String,
    pub decree_date: String,
    pub file_name: String,
    /// Empty, or the id of the document this upload replaces.
    pub replaces: String,
}

/// The checked form: whose cabinet and what.
#[derive(Debug, Clone)]
pub struct UploadPlan {
    pub owner_id: i64,
    pub type_code: String,
    pub title: String,
    pub decree_number: Option<String>,
    pub decree_date: Option<Date>,
    /// The document this upload replaces.
    pub replaces: Option<i64>,
}

/// Checks an upload's form before any byte of the file is stored. Another
/// employee's cabinet needs admin rights over their agency; an unknown NIP
/// and one outside those rights get the same answer.
pub async fn plan(db: &Db, uploader: i64, form: &UploadForm) -> Result<UploadPlan, DocumentError> {
    let refuse = |r| DocumentError::Refused(r);
    let nip = form.nip.trim();
    let (owner_id, admin) = if nip.is_empty() {
        (uploader, false)
    } else {
        let nip = Nip::parse(nip).map_err(|_| DocumentError::NotFound)?;
        let mut conn = db.pool().acquire().await?;
        let (owner, agency) = repo::employee_by_nip(&mut conn, nip.as_str()).await?.ok_or(DocumentError::NotFound)?;
        drop(conn);
        // Only owners and admins file documents, whatever the read policy.
        match role_towards(db, AccessPolicy::default(), uploader, owner, agency).await? {
            Some(AccessRole::Owner) => (owner, false),
            Some(_) => (owner, true),
            None => return Err(DocumentError::NotFound),
        }
    };
    // A new version: of a current document of the same cabinet, same type.
    let (replaces, type_code) = match form.replaces.trim() {
        "" => (None, form.type_code.trim().to_string()),
        text => {
            let id = text.parse::<i64>().map_err(|_| DocumentError::NotFound)?;
            let (old, _) = visible(db, AccessPolicy::default(), uploader, id).await?;
            if old.employee_id != owner_id {
                return Err(DocumentError::NotFound);
            }
            if old.superseded_at.is_some() || old.deleted_at.is_some() {
                return Err(refuse(UploadRefusal::NotCurrent));
            }
            (Some(id), old.type_code)
        }
    };
    let types = repo::types(db).await?;
    let kind = types.iter().find(|t| t.code == type_code).ok_or(refuse(UploadRefusal::TypeNotAllowed))?;
    if !admin && !kind.employee_may_upload {
        return Err(refuse(UploadRefusal::TypeNotAllowed));
    }
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 || title.chars().any(char::is_control) {
        return Err(refuse(UploadRefusal::TitleInvalid));
    }
    let number = form.decree_number.trim();
    if number.chars().count() > 100 || number.chars().any(char::is_control) {
        return Err(refuse(UploadRefusal::DecreeInvalid));
    }
    let date = match form.decree_date.trim() {
        "" => None,
        text => Some(Date::parse_iso(text).ok_or(refuse(UploadRefusal::DecreeInvalid))?),
    };
    Ok(UploadPlan {
        owner_id,
        type_code: kind.code.clone(),
        title: title.to_string(),
        decree_number: (!number.is_empty()).then(|| number.to_string()),
        decree_date: date,
        replaces,
    })
}

/// The kind of a finished blob, from its first bytes.
pub fn kind_of(head: &[u8]) -> Result<FileKind, DocumentError> {
    sniff(head).ok_or(DocumentError::Refused(UploadRefusal::UnsupportedContent))
}

/// What a finished upload adds to its plan.
#[derive(Debug, Clone, Copy)]
pub struct Filing<'a> {
    pub plan: &'a UploadPlan,
    pub kind: FileKind,
    pub file_name: &'a str,
    /// `None`: the portal itself.
    pub uploaded_by: Option<i64>,
}

/// Commits a written blob with its document row and an audit event, all or
/// nothing: if the transaction fails, the blob is removed again.
pub async fn commit(
    db: &Db,
    store: &BlobStore,
    filing: &Filing<'_>,
    blob: StoredBlob,
    request: &RequestInfo,
    now: i64,
) -> Result<i64, DocumentError> {
    commit_linked(db, store, filing, blob, request, now, None).await?.ok_or(DocumentError::NotFound)
}

/// A statement that ties a new document to what it belongs to, run in the
/// document's own transaction: `$1` is the new document's id, `$2` the
/// `id` here and `$3` the `text`. It must change exactly one row, or
/// nothing is filed.
#[derive(Debug, Clone)]
pub struct Link {
    pub sql: &'static str,
    pub id: i64,
    pub text: String,
}

async fn commit_linked(
    db: &Db,
    store: &BlobStore,
    filing: &Filing<'_>,
    blob: StoredBlob,
    request: &RequestInfo,
    now: i64,
    link: Option<Link>,
) -> Result<Option<i64>, DocumentError> {
    let Filing { plan, kind, file_name, uploaded_by } = *filing;
    let doc = NewDocument {
        employee_id: plan.owner_id,
        type_code: &plan.type_code,
        title: &plan.title,
        decree_number: plan.decree_number.as_deref(),
        decree_date: plan.decree_date,
        file_name,
        kind,
        uploaded_by,
        replaces: plan.replaces,
    };
    let result: Result<Option<i64>, DocumentError> = async {
        let mut tx = db.begin().await?;
        let id = repo::insert(&mut tx, &doc, &blob, now).await?;
        // Replaced by two uploads at once: only the first becomes the new version.
        if let Some(old) = plan.replaces
            && !repo::supersede(&mut tx, old, now).await?
        {
            return Err(DocumentError::Refused(UploadRefusal::NotCurrent));
        }
        if let Some(link) = link {
            let linked =
                sqlx::query(link.sql).bind(id).bind(link.id).bind(&link.text).execute(&mut *tx).await?.rows_affected();
            if linked != 1 {
                // Filed meanwhile by someone else: keep theirs, add nothing.
                return Ok(None);
            }
        }
        let detail = format!("document {id} ({}, {} bytes)", plan.type_code, blob.size);
        let event = AuditRecord {
            kind: AuditKind::DocumentUploaded,
            reason: None,
            employee_id: Some(plan.owner_id),
            nip: None,
            actor: uploaded_by.map_or(Actor::System, Actor::Employee),
            request,
            detail: Some(&detail),
        };
        audit::record(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(Some(id))
    }
    .await;
    match result {
        Ok(Some(id)) => Ok(Some(id)),
        Ok(None) => {
            store.remove(&blob.id).await;
            Ok(None)
        }
        Err(e) => {
            store.remove(&blob.id).await;
            Err(e)
        }
    }
}

/// Files a document the portal produced (a leave letter, say) into an
/// employee's cabinet: the one internal entry point for other features.
/// With a `link`, the document and the link commit together (a crash
/// between them can leave neither half); `None` when the link found its
/// row already linked, and nothing was filed.
#[allow(clippy::too_many_arguments)]
pub async fn file_system_document(
    db: &Db,
    store: &BlobStore,
    employee_id: i64,
    type_code: &str,
    title: &str,
    bytes: &[u8],
    now: i64,
    link: Option<Link>,
) -> Result<Option<i64>, DocumentError> {
    let kind = kind_of(bytes)?;
    let plan = UploadPlan {
        owner_id: employee_id,
        type_code: type_code.to_string(),
        title: title.to_string(),
        decree_number: None,
        decree_date: None,
        replaces: None,
    };
    let blob = store.put(bytes).await?;
    let name = super::sniff::safe_file_name(title, kind);
    let filing = Filing { plan: &plan, kind, file_name: &name, uploaded_by: None };
    commit_linked(db, store, &filing, blob, &RequestInfo::default(), now, link).await
}

/// What `documents verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub checked: usize,
    pub missing: Vec<String>,
    pub altered: Vec<String>,
    /// Files with no row: left by a crash between writing and committing.
    pub unreferenced: Vec<String>,
}

impl VerifyReport {
    pub fn is_consistent(&self) -> bool {
        self.missing.is_empty() && self.altered.is_empty()
    }
}

/// Deletes the blobs no row refers to that were written longer than `age`
/// ago: what a crash between writing a blob and committing its row leaves
/// (`verify` reports them). Younger ones may be an upload about to commit
/// on another instance, and stay. Answers the ids deleted.
pub async fn sweep_unreferenced(
    db: &Db,
    store: &BlobStore,
    age: std::time::Duration,
) -> Result<Vec<String>, DocumentError> {
    let known: std::collections::HashSet<String> = repo::all_blobs(db).await?.into_iter().map(|r| r.0).collect();
    let mut swept = Vec::new();
    for id in store.list().await?.into_iter().filter(|id| !known.contains(id)) {
        let old = match store.written_at(&id).await {
            Ok(at) => at.elapsed().is_ok_and(|elapsed| elapsed >= age),
            Err(BlobError::Missing(_)) => false,
            Err(e) => return Err(e.into()),
        };
        // Checked again just before deleting: the row may have committed meanwhile.
        if old && !repo::blob_exists(db, &id).await? {
            store.remove(&id).await;
            swept.push(id);
        }
    }
    Ok(swept)
}

/// Re-reads every blob and checks its size and SHA-256 against its row.
pub async fn verify(db: &Db, store: &BlobStore) -> Result<VerifyReport, DocumentError> {
    let mut report = VerifyReport::default();
    let rows = repo::all_blobs(db).await?;
    for (id, key_id, size, sha256) in &rows {
        report.checked += 1;
        match store.check(id, key_id, u64::try_from(*size).unwrap_or(0), sha256).await {
            Ok(true) => {}
            Ok(false) | Err(BlobError::Tampered(_)) => report.altered.push(id.clone()),
            Err(BlobError::Missing(_)) => report.missing.push(id.clone()),
            Err(BlobError::Io(e)) => return Err(e.into()),
        }
    }
    let known: std::collections::HashSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    report.unreferenced = store.list().await?.into_iter().filter(|id| !known.contains(id.as_str())).collect();
    Ok(report)
}
