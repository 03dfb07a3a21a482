//! The console's employee import: the CLI's all-or-nothing import, kept to
//! the admin's agencies, first as a preview (every check and write runs in
//! a transaction that is rolled back), then for real (with its audit event
//! in the same transaction).

use super::model::{ImportFileError, ImportLine, ImportPreview};
use super::repo::agencies;
use crate::audit::RequestInfo;
use crate::error::AppError;
use crate::org::import::{self, Change, ImportError, Options};
use crate::server::AppState;

/// Changing rows shown at most (the counts cover every row).
pub const SHOWN: usize = 1_000;

fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "an admin import failed");
    AppError::Internal
}

pub async fn run(
    state: &AppState,
    admin: i64,
    csv: &str,
    commit: bool,
    request: &RequestInfo,
) -> Result<ImportPreview, AppError> {
    let scope = agencies(&state.db, admin).await?;
    let options = Options { scope: Some(scope), commit, actor: Some(admin), request: request.clone() };
    let mut preview = ImportPreview {
        committed: false,
        created: 0,
        updated: 0,
        unchanged: 0,
        lines: Vec::new(),
        errors: Vec::new(),
        file_error: None,
    };
    match import::import_with(&state.db, csv.as_bytes(), &options).await {
        Ok((report, changes)) => {
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
        Err(ImportError::Db(e)) => return Err(internal(e)),
        Err(ImportError::Header) => preview.file_error = Some(ImportFileError::Header),
        Err(ImportError::Empty) => preview.file_error = Some(ImportFileError::Empty),
        Err(ImportError::TooLarge) => preview.file_error = Some(ImportFileError::TooLarge),
    }
    Ok(preview)
}
