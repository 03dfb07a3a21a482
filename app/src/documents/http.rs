//! The cabinet's file routes, outside the server functions because they
//! stream: `POST /documents/upload` (multipart, the file last) and
//! `GET /documents/:id/file` (`?download=1` for an attachment).
//!
//! An upload is read once, in pieces: each piece is hashed, encrypted and
//! written to a temporary file, so memory stays constant whatever the size.
//! The first bytes decide the type (PDF, PNG, JPEG); anything else, or a
//! file over the limit, stops the upload and leaves nothing behind.

use axum::Router;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{AccessRole, UploadRefusal};
use super::service::{self, DocumentError, Filing, UploadForm};
use super::sniff::{SNIFF_BYTES, safe_file_name};
use crate::audit::RequestInfo;
use crate::error::AppError;
use crate::org::guard::admin_network;
use crate::server::AppState;
use crate::server::blob_store::BlobWriter;
use crate::server::context::SignedIn;
use crate::server::rate_limit;

/// The cabinet's file reads, beside its pages.
pub fn routes() -> Router<AppState> {
    Router::new().route("/documents/{id}/file", get(file))
}

/// The upload route: the server gives it its own body limit (the largest
/// file plus [`FORM_OVERHEAD`]) and a longer timeout.
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/documents/upload", post(upload))
}

/// Room for the form's other fields and the multipart framing.
pub const FORM_OVERHEAD: u64 = 64 * 1024;

/// A plain form gets a redirect to the cabinet (with `?error=` on refusal);
/// a script asking for JSON gets the id or the refusal's code.
fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

/// A browser navigation (not a script, not a range read by a viewer).
fn accepts_html(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

fn refusal(json: bool, r: UploadRefusal) -> Response {
    if json {
        let status = match r {
            UploadRefusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UploadRefusal::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            UploadRefusal::OutsideAdminNetwork => StatusCode::FORBIDDEN,
            UploadRefusal::QuotaExceeded => StatusCode::INSUFFICIENT_STORAGE,
            UploadRefusal::TooManyUploads => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::BAD_REQUEST,
        };
        (status, axum::Json(serde_json::json!({ "error": r.code() }))).into_response()
    } else {
        Redirect::to(&format!("/documents?error={}", r.code())).into_response()
    }
}

fn failure(json: bool, e: DocumentError) -> Response {
    let e = storage_full(e);
    match e {
        DocumentError::Refused(r) => refusal(json, r),
        DocumentError::NotFound if json => StatusCode::NOT_FOUND.into_response(),
        // Another agency's NIP, or none: the same answer as a NIP that does not exist.
        DocumentError::NotFound => Redirect::to("/documents?error=not_found").into_response(),
        other => {
            tracing::error!(error = %other, "an upload failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A full disk (or quota) is the user's business too: a refusal that says
/// so, not a bare 500. The writer has removed its partial file already.
fn storage_full(e: DocumentError) -> DocumentError {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, StorageFull};
    let io = match &e {
        DocumentError::Io(io) => Some(io),
        DocumentError::Blob(crate::server::blob_store::BlobError::Io(io)) => Some(io),
        _ => None,
    };
    match io.map(std::io::Error::kind) {
        Some(StorageFull | QuotaExceeded | FileTooLarge) => {
            tracing::error!(error = %e, "an upload found the document storage full");
            DocumentError::Refused(UploadRefusal::StorageFull)
        }
        _ => e,
    }
}

async fn upload(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    request: RequestInfo,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let json = wants_json(&headers);
    let max = state.documents.max_bytes;
    // A declared length already over the limit is refused before reading.
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max + FORM_OVERHEAD) {
        return refusal(json, UploadRefusal::TooLarge);
    }
    match receive(&state, current.employee_id, multipart, &request).await {
        Ok(id) if json => axum::Json(serde_json::json!({ "id": id })).into_response(),
        Ok(id) => Redirect::to(&format!("/documents/{id}?uploaded=1")).into_response(),
        Err(e) => failure(json, e),
    }
}

async fn receive(
    state: &AppState,
    uploader: i64,
    mut multipart: Multipart,
    request: &RequestInfo,
) -> Result<i64, DocumentError> {
    let malformed = || DocumentError::Refused(UploadRefusal::Malformed);
    let mut form = UploadForm::default();
    loop {
        let Some(mut field) = multipart.next_field().await.map_err(|_| malformed())? else {
            return Err(DocumentError::Refused(UploadRefusal::NoFile));
        };
        let name = field.name().unwrap_or_default().to_string();
        if name != "file" {
            // Small text fields only (read in pieces, never more than 1 KB); the file comes last.
            let mut bytes = Vec::new();
            while let Some(piece) = field.chunk().await.map_err(|_| malformed())? {
                if bytes.len() + piece.len() > 1_024 {
                    return Err(malformed());
                }
                bytes.extend_from_slice(&piece);
            }
            let text = String::from_utf8(bytes).map_err(|_| malformed())?;
            match name.as_str() {
                "nip" => form.nip = text,
                "type" => form.type_code = text,
                "title" => form.title = text,
                "decree_number" => form.decree_number = text,
                "decree_date" => form.decree_date = text,
                "replaces" => form.replaces = text,
                _ => {}
            }
            continue;
        }
        form.file_name = field.file_name().unwrap_or_default().to_string();
        // The form is checked before a byte of the file is stored.
        let plan = service::plan(&state.db, uploader, &form).await?;
        if plan.owner_id != uploader {
            match admin_network(state, uploader, request).await {
                Ok(()) => {}
                Err(AppError::Forbidden) => return Err(DocumentError::Refused(UploadRefusal::OutsideAdminNetwork)),
                Err(_) => return Err(DocumentError::Io(std::io::Error::other("recording a network refusal failed"))),
            }
        }
        let settings = &state.documents;
        let mut conn = state.db.pool().acquire().await?;
        let bucket = format!("uploads:{uploader}");
        if !rate_limit::hit(&mut conn, &bucket, state.clock.now(), 3600, settings.uploads_per_hour).await? {
            return Err(DocumentError::Refused(UploadRefusal::TooManyUploads));
        }
        drop(conn);
        // Own uploads count against the quota; an admin's filing does not.
        let room = match plan.owner_id == uploader {
            true => Some(settings.quota_bytes.saturating_sub(service::own_uploads_bytes(&state.db, uploader).await?)),
            false => None,
        };
        if room == Some(0) {
            return Err(DocumentError::Refused(UploadRefusal::QuotaExceeded));
        }
        let store = &state.documents.store;
        let mut writer = store.create().await?;
        let limit = room.map_or(state.documents.max_bytes, |room| room.min(state.documents.max_bytes));
        let written = stream_into(&mut writer, &mut field, limit).await.map_err(|e| match e {
            // Past the room left, not past the size limit: the quota says no.
            DocumentError::Refused(UploadRefusal::TooLarge) if limit < state.documents.max_bytes => {
                DocumentError::Refused(UploadRefusal::QuotaExceeded)
            }
            other => other,
        });
        let checked = written.and_then(|()| match writer.size() {
            0 => Err(DocumentError::Refused(UploadRefusal::NoFile)),
            _ => service::kind_of(writer.head()),
        });
        let kind = match checked {
            Ok(kind) => kind,
            Err(e) => {
                writer.abandon().await;
                return Err(e);
            }
        };
        let blob = writer.finish().await?;
        let file_name = safe_file_name(&form.file_name, kind);
        let filing = Filing { plan: &plan, kind, file_name: &file_name, uploaded_by: Some(uploader) };
        return service::commit(&state.db, store, &filing, blob, request, state.clock.now()).await;
    }
}

/// Copies the file into the blob, refusing it as soon as its first bytes
/// are not a PDF, PNG or JPEG, or as soon as it passes the limit.
async fn stream_into(
    writer: &mut BlobWriter,
    field: &mut axum::extract::multipart::Field<'_>,
    max: u64,
) -> Result<(), DocumentError> {
    let mut sniffed = false;
    while let Some(chunk) = field.chunk().await.map_err(|_| DocumentError::Refused(UploadRefusal::Malformed))? {
        if writer.size() + chunk.len() as u64 > max {
            return Err(DocumentError::Refused(UploadRefusal::TooLarge));
        }
        writer.write(&chunk).await?;
        if !sniffed && writer.head().len() >= SNIFF_BYTES {
            service::kind_of(writer.head())?;
            sniffed = true;
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct FileQuery {
    download: Option<String>,
}

async fn file(
    State(state): State<AppState>,
    signed_in: Result<SignedIn, StatusCode>,
    request: RequestInfo,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<FileQuery>,
) -> Response {
    let current = match signed_in {
        Ok(SignedIn(current)) => current,
        // A link opened without a session (say, after it expired) leads to
        // sign-in and back to the document's page (a route the app knows).
        Err(StatusCode::UNAUTHORIZED) if accepts_html(&headers) => {
            let back = crate::ui::url::encode_query(&format!("/documents/{id}"));
            return Redirect::to(&format!("/sign-in?next={back}")).into_response();
        }
        Err(status) => return status.into_response(),
    };
    let Ok(id) = id.parse::<i64>() else { return StatusCode::NOT_FOUND.into_response() };
    let (row, role) = match service::visible(&state.db, state.documents.policy, current.employee_id, id).await {
        Ok(found) => found,
        Err(DocumentError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "loading a document failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Reading another employee's file by an admin role: from the admin
    // networks only (a supervisor's reach is not an admin role).
    if matches!(role, AccessRole::AgencyAdmin | AccessRole::NationalAdmin)
        && let Err(e) = admin_network(&state, current.employee_id, &request).await
    {
        return e.http_status().into_response();
    }
    let download = q.download.is_some_and(|d| d == "1");
    let size = u64::try_from(row.size_bytes).unwrap_or(0);
    let range = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(|r| parse_range(r, size)) {
        None | Some(RangeAsked::Whole) => None,
        Some(RangeAsked::Part(start, end)) => Some((start, end)),
        Some(RangeAsked::Unsatisfiable) => {
            let mut refused = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                refused.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return refused;
        }
    };
    let action = if download { "download" } else { "view" };
    let now = state.clock.now();
    // A PDF viewer fetches a large file in many ranges. For the owner's
    // own history the opening range counts; a read by anyone else is
    // recorded whatever range it starts with (the repository keeps one
    // record per viewer, document and session for a few minutes), so no
    // `Range: bytes=1-` reads unseen.
    let counts = role != AccessRole::Owner || range.is_none_or(|(start, _)| start == 0);
    let access = crate::documents::repo::Access {
        document_id: id,
        owner_id: row.employee_id,
        viewer_id: current.employee_id,
        role,
        action,
        request: &request,
        session_hash: current.id_hash(),
    };
    if counts && let Err(e) = crate::documents::repo::record_access(&state.db, &access, now).await {
        // Unrecorded access is no access.
        tracing::error!(error = %e, "recording a document access failed");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let store = &state.documents.store;
    let (mut response, length) = match range {
        None => match store.open(&row.blob_id, &row.key_id).await {
            Ok(stream) => (Body::from_stream(stream).into_response(), size),
            Err(e) => {
                tracing::error!(error = %e, document = id, "a document's blob does not open");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        Some((start, end)) => match store.open_range_stream(&row.blob_id, &row.key_id, size, start, end).await {
            Ok(stream) => {
                let mut part = (StatusCode::PARTIAL_CONTENT, Body::from_stream(stream)).into_response();
                if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{size}")) {
                    part.headers_mut().insert(header::CONTENT_RANGE, v);
                }
                (part, end - start + 1)
            }
            Err(e) => {
                tracing::error!(error = %e, document = id, "a document's blob does not open");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    let disposition = if download { "attachment" } else { "inline" };
    let h = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    // The type found by reading the content at upload, never the client's.
    set(header::CONTENT_TYPE, &row.content_type);
    set(header::CONTENT_LENGTH, &length.to_string());
    set(header::ACCEPT_RANGES, "bytes");
    // file_name holds only [A-Za-z0-9 .()_-] (sniff::safe_file_name).
    set(header::CONTENT_DISPOSITION, &format!("{disposition}; filename=\"{}\"", row.file_name));
    set(header::CACHE_CONTROL, "private, no-store");
    if row.content_type.starts_with("image/") {
        // An image opened on its own runs nothing. (PDFs are not sandboxed:
        // Chrome will not run its PDF viewer in a sandbox, and the viewer
        // never gets this origin.)
        set(header::CONTENT_SECURITY_POLICY, "sandbox");
    }
    response
}

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAsked {
    /// No usable single range (absent, several ranges, another unit): the whole file.
    Whole,
    /// Bytes `start..=end`, within the file.
    Part(u64, u64),
    /// A well-formed range outside the file: 416.
    Unsatisfiable,
}

/// A single byte range (RFC 9110 §14.1.2): `bytes=a-b`, `bytes=a-`,
/// `bytes=-n`. Ranges in several parts get the whole file (allowed).
pub fn parse_range(header: &str, size: u64) -> RangeAsked {
    let Some(spec) = header.trim().strip_prefix("bytes=") else { return RangeAsked::Whole };
    if spec.contains(',') {
        return RangeAsked::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else { return RangeAsked::Whole };
    let number =
        |t: &str| if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) { None } else { t.parse::<u64>().ok() };
    let (start, end) = match (number(a), number(b)) {
        (Some(start), Some(end)) if start <= end => (start, end.min(size.saturating_sub(1))),
        (Some(start), None) if b.is_empty() => (start, size.saturating_sub(1)),
        (None, Some(suffix)) if a.is_empty() && suffix > 0 => (size.saturating_sub(suffix), size.saturating_sub(1)),
        _ => return RangeAsked::Whole,
    };
    if size == 0 || start >= size { RangeAsked::Unsatisfiable } else { RangeAsked::Part(start, end) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_ranges_parse_and_the_rest_means_the_whole_file() {
        assert_eq!(parse_range("bytes=0-99", 1000), RangeAsked::Part(0, 99));
        assert_eq!(parse_range("bytes=900-", 1000), RangeAsked::Part(900, 999));
        assert_eq!(parse_range("bytes=-100", 1000), RangeAsked::Part(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), RangeAsked::Part(0, 999));
        assert_eq!(parse_range("bytes=500-5000", 1000), RangeAsked::Part(500, 999));
        assert_eq!(parse_range("bytes=1000-", 1000), RangeAsked::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-0", 0), RangeAsked::Unsatisfiable);
        for whole in ["bytes=0-1,5-9", "items=0-1", "bytes=9-1", "bytes=a-b", "bytes=-0", "bytes=-", "bytes=+1-2"] {
            assert_eq!(parse_range(whole, 1000), RangeAsked::Whole, "{whole}");
        }
    }
}
