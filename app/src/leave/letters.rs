//! Filing the leave letter of an approved request into the employee's
//! cabinet, and checking a letter on the public verification page.

use sha2::{Digest, Sha256};

use super::letter::{LetterData, render};
use super::model::{LetterCheck, Status, mask_nip};
use super::repo;
use super::repo::requests;
use super::service::LeaveError;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::domain::{Date, Nip};
use crate::server::blob_store::BlobStore;
use crate::server::db::Db;

fn length_words(length: u32, unit: super::model::LengthUnit) -> String {
    use super::model::LengthUnit::*;
    let unit = match unit {
        WorkingDays => "hari kerja",
        CalendarDays => "hari kalender",
        Months => "bulan",
    };
    format!("{length} {unit}")
}

/// The letter's PDF for an approved request, or `None` before approval.
pub async fn letter_pdf(db: &Db, id: i64, public_url: &str) -> Result<Option<(i64, Vec<u8>)>, LeaveError> {
    let mut conn = db.pool().acquire().await?;
    let Some((owner, view)) = repo::request(&mut conn, id).await? else { return Ok(None) };
    let Some(code) = view.letter_code.clone().filter(|_| view.status == Status::Approved) else { return Ok(None) };
    let person = repo::person(&mut conn, owner).await?.ok_or(LeaveError::NotFound)?;
    let (agency, considered_by, decided_by, decided_at) = requests::letter_signatories(&mut conn, id).await?;
    let data = LetterData {
        code: code.clone(),
        agency,
        type_name: view.type_name_id.clone(),
        employee: view.employee.clone(),
        nip_grouped: person.nip.grouped(),
        position: person.position.clone().unwrap_or_else(|| "-".into()),
        unit: person.unit.clone().unwrap_or_else(|| "-".into()),
        length: length_words(view.length, view.unit),
        start: view.start.to_string(),
        end: view.end.to_string(),
        address: view.address.clone(),
        consideration: view.consideration.zip(considered_by).map(|(outcome, by)| (outcome.form_word().to_string(), by)),
        official: decided_by.unwrap_or_else(|| "-".into()),
        decided_on: decided_at.map(|t| format_timestamp(t, WIB_OFFSET_HOURS)[..10].to_string()).unwrap_or_default(),
        verify_url: format!("{public_url}/verify/{code}"),
    };
    Ok(Some((owner, render(&data))))
}

/// Files the letter of an approved request into its employee's cabinet
/// once; answers the document's id (also when it was filed before).
pub async fn file_letter(
    db: &Db,
    store: &BlobStore,
    id: i64,
    public_url: &str,
    now: i64,
) -> Result<Option<i64>, LeaveError> {
    if let Some(document) = requests::letter_document(db, id).await? {
        return Ok(Some(document));
    }
    let Some((owner, pdf)) = letter_pdf(db, id, public_url).await? else { return Ok(None) };
    let sha = hex::encode(Sha256::digest(&pdf));
    let title = format!("Surat izin cuti {id}");
    // The document and the request's link to it commit together: a crash
    // leaves either both or neither, and a second filing at the same moment
    // finds the link taken and files nothing.
    let link = crate::documents::service::Link { sql: requests::LINK_LETTER, id, text: sha };
    let filed =
        crate::documents::service::file_system_document(db, store, owner, "SK_CUTI", &title, &pdf, now, Some(link))
            .await
            .map_err(|e| match e {
                crate::documents::service::DocumentError::Db(e) => LeaveError::Db(e),
                other => {
                    tracing::error!(error = %other, request = id, "the leave letter could not be filed");
                    LeaveError::Db(sqlx::Error::Protocol("letter filing failed".into()))
                }
            })?;
    if filed.is_some() {
        return Ok(filed);
    }
    // Filed at the same moment by another request: theirs it is.
    Ok(requests::letter_document(db, id).await?)
}

/// What the public page shows for a letter code; `None` for an unknown one.
pub async fn check(db: &Db, code: &str) -> Result<Option<LetterCheck>, sqlx::Error> {
    if code.len() != 24 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let row = requests::letter_by_code(db, &code.to_ascii_uppercase()).await?;
    Ok(row.and_then(|(employee, nip, name_id, name_en, start, end, decided_at, sha256, status)| {
        Some(LetterCheck {
            code: code.to_ascii_uppercase(),
            employee,
            nip_masked: Nip::parse(&nip).map(|n| mask_nip(n.as_str())).unwrap_or_default(),
            type_name_id: name_id,
            type_name_en: name_en,
            start: Date::parse_iso(&start)?,
            end: Date::parse_iso(&end)?,
            decided_at: decided_at.unwrap_or(0),
            sha256,
            valid: status == "approved",
        })
    }))
}

/// Whether `bytes` are exactly the letter registered under `code`.
pub async fn is_authentic(db: &Db, code: &str, bytes: &[u8]) -> Result<Option<bool>, sqlx::Error> {
    let Some(letter) = check(db, code).await? else { return Ok(None) };
    let sha = hex::encode(Sha256::digest(bytes));
    Ok(Some(letter.valid && letter.sha256.as_deref() == Some(sha.as_str())))
}
