//! The console's employee import: the CLI's all-or-nothing import, kept to
//! the admin's agencies, first as a preview (every check and write runs in
//! a transaction that is rolled back), then for real (with its audit event
//! in the same transaction).

use super::error::AdminError;
use super::model::{ImportFileError, ImportLine, ImportPreview};
use super::repo::agencies;
use crate::audit::RequestInfo;
use crate::error::OrInternal;
use crate::org::import::{self, Change, ImportError, Options};
use crate::server::AppState;

/// Changing rows shown at most (the counts cover every row).
pub const SHOWN: usize = 1_000;

pub async fn run(
    state: &AppState,
    admin: i64,
    csv: &str,
    commit: bool,
    request: &RequestInfo,
) -> Result<ImportPreview, AdminError> {
    let scope = agencies(&state.db, admin).await?;
    let options = Options {
        scope: Some(scope),
        commit,
        actor: Some(admin),
        request: request.clone(),
        defer_email_changes: true,
        password_hashes: false,
    };
    let mut preview = ImportPreview {
        committed: false,
        created: 0,
        updated: 0,
        unchanged: 0,
        lines: Vec::new(),
        errors: Vec::new(),
        file_error: None,
        emails_awaiting: 0,
    };
    match import::import_with(&state.db, csv.as_bytes(), &options).await {
        Ok((report, changes)) => {
            preview.emails_awaiting = report.deferred_emails.len();
            if commit {
                ask_new_addresses(state, admin, &report.deferred_emails, request).await?;
            }
            preview.created = report.created;
            preview.updated = report.updated;
            preview.unchanged = report.unchanged;
            preview.lines = changes
                .into_iter()
                .filter(|c| c.change != Change::Unchanged)
                .take(SHOWN)
                .map(|c| {
                    let (change, columns) = match c.change {
                        Change::Created => ("created", Vec::new()),
                        Change::Updated(columns) => ("updated", columns.into_iter().map(str::to_string).collect()),
                        Change::Unchanged => ("unchanged", Vec::new()),
                    };
                    ImportLine { line: c.line, nip: c.nip, name: c.name, change: change.into(), columns }
                })
                .collect();
            preview.committed = commit;
        }
        Err(ImportError::Rows(rows)) => preview.errors = rows.into_iter().map(|r| (r.line, r.reason)).collect(),
        Err(ImportError::Db(e)) => return Err(e.into()),
        Err(ImportError::Header) => preview.file_error = Some(ImportFileError::Header),
        Err(ImportError::Empty) => preview.file_error = Some(ImportFileError::Empty),
        Err(ImportError::TooLarge) => preview.file_error = Some(ImportFileError::TooLarge),
        Err(ImportError::PasswordHashes) => preview.file_error = Some(ImportFileError::PasswordHashes),
    }
    Ok(preview)
}

/// The addresses a committed import changes, each asked of its new address
/// (and told to the old one), as the console's own correction does.
async fn ask_new_addresses(
    state: &AppState,
    admin: i64,
    addresses: &[(i64, String)],
    request: &RequestInfo,
) -> Result<(), AdminError> {
    use crate::account::email_change::{self, Requested};
    if addresses.is_empty() {
        return Ok(());
    }
    let now = state.clock.now();
    let by =
        Requested { admin, reason: "impor CSV / CSV import", request, now, public_url: &state.settings.public_url };
    let mut tx = state.db.begin().await.or_internal()?;
    for (id, address) in addresses {
        let (Some(employee), Ok(new)) = (
            crate::org::repo::find_employee_in(&mut tx, *id).await.or_internal()?,
            crate::domain::Email::parse(address),
        ) else {
            continue;
        };
        email_change::request(&mut tx, &employee, &new, &by).await.or_internal()?;
    }
    Ok(tx.commit().await.or_internal()?)
}
