//! Employee CSV import: all or nothing, idempotent.
//!
//! The header must be exactly [`HEADER`]. Every row is checked (fields, then
//! references against the database and the file itself) before anything is
//! written; one bad row means nothing is imported and every bad row is
//! reported with its line number. A valid file is applied in one transaction
//! and running it again changes nothing.
//!
//! The CLI's import may carry an eleventh column, [`PASSWORD_COLUMN`]: a
//! password hash from the system the agency moves from (see
//! [`ImportedHash`]). It is stored only for an account that has no password
//! yet, never over one, so a re-run or a stale file cannot undo a password
//! the employee has set since. The console's import refuses the column
//! ([`ImportError::PasswordHashes`]): an agency admin who could set a hash
//! of a password they know could sign in as any employee of theirs who has
//! not activated yet and enrol their own authenticator.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::employee::{EmployeeInput, NewEmployee};
use super::repo::{self, OrgError};
use crate::server::db::Db;
use crate::server::hasher::imported::ImportedHash;

pub const HEADER: [&str; 10] = super::employee::CSV_HEADER;

/// The optional last column of the CLI's import.
pub const PASSWORD_COLUMN: &str = "password_hash";

/// Files larger than this are refused before parsing.
pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Accounts given a password hash from the file (`password_hash`).
    pub passwords: usize,
    /// Existing employees whose e-mail the file changes, when the import
    /// defers those changes (`Options::defer_email_changes`): (id, address).
    pub deferred_emails: Vec<(i64, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the header must be exactly: {} (optionally followed by ,{PASSWORD_COLUMN})", HEADER.join(","))]
    Header,
    #[error("password hashes are carried over only by the operator, with `asn-portal employee import`")]
    PasswordHashes,
    #[error("the file has no employee rows")]
    Empty,
    #[error("the file has more than {MAX_ROWS} rows")]
    TooLarge,
    #[error("{} bad row(s); nothing was imported", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

struct ParsedRow {
    line: u64,
    employee: NewEmployee,
    password_hash: Option<ImportedHash>,
}

/// What one valid row changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created,
    /// The names of the columns that change.
    Updated(Vec<&'static str>),
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    pub line: u64,
    pub nip: String,
    pub name: String,
    pub change: Change,
}

/// How an import runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these agencies (an agency admin's): a row naming another
    /// agency, or moving an employee out of another, is a bad row.
    pub scope: Option<Vec<i64>>,
    /// `false`: a preview, rolled back after every check and write ran.
    pub commit: bool,
    /// The admin importing, for the e-mail history and the audit event
    /// `employees_imported`, written in the import's transaction (none
    /// from the CLI).
    pub actor: Option<i64>,
    pub request: crate::audit::RequestInfo,
    /// Keep existing employees' e-mail addresses and list the file's new
    /// ones in the report instead: the console's import, where a changed
    /// address takes effect only once it confirms (see
    /// `account::email_change`). The CLI, run by the operator, applies them.
    pub defer_email_changes: bool,
    /// Accept the `password_hash` column (the CLI only; see the module's notes).
    pub password_hashes: bool,
}

/// Reads and checks the whole file, then applies it in one transaction.
pub async fn import_csv(db: &Db, reader: impl Read) -> Result<ImportReport, ImportError> {
    let options = Options {
        scope: None,
        commit: true,
        actor: None,
        request: Default::default(),
        defer_email_changes: false,
        password_hashes: true,
    };
    Ok(import_with(db, reader, &options).await?.0)
}

/// [`import_csv`] with options, and what each row changes (or would).
pub async fn import_with(
    db: &Db,
    reader: impl Read,
    options: &Options,
) -> Result<(ImportReport, Vec<RowChange>), ImportError> {
    let (rows, errors, with_hashes) = parse(reader)?;
    if with_hashes && !options.password_hashes {
        return Err(ImportError::PasswordHashes);
    }
    apply(db, rows, errors, options).await
}

/// The columns whose values differ.
fn changed_columns(new: &repo::ResolvedEmployee, old: &repo::EmployeeRow) -> Vec<&'static str> {
    let mut columns = Vec::new();
    let mut differs = |name, same: bool| {
        if !same {
            columns.push(name);
        }
    };
    differs("name", new.full_name == old.full_name);
    differs("email", new.email == old.email);
    differs("phone", new.phone == old.phone);
    differs("kind", new.kind == old.kind);
    differs("agency", new.agency_id == old.agency_id);
    differs("unit", new.unit_id == old.unit_id);
    differs("position", new.position == old.position);
    differs("rank", new.rank_code == old.rank_code);
    columns
}

/// What the checks that need no database find in a file.
#[derive(Debug, Default)]
pub struct FieldCheck {
    /// Line and NIP of every row whose fields are valid.
    pub valid: Vec<(u64, crate::domain::Nip)>,
    pub errors: Vec<RowError>,
}

/// The checks that need no database: the header, the size, every row's
/// fields and NIPs repeated in the file. [`import_with`] runs these first;
/// the fuzz target `csv_import` drives them with arbitrary bytes.
pub fn check_fields(reader: impl Read) -> Result<FieldCheck, ImportError> {
    let (rows, errors, _) = parse(reader)?;
    Ok(FieldCheck { valid: rows.into_iter().map(|r| (r.line, r.employee.nip)).collect(), errors })
}

/// Reads every row: the ones whose fields are valid, the errors of the
/// rest, and whether the file has the `password_hash` column.
fn parse(reader: impl Read) -> Result<(Vec<ParsedRow>, Vec<RowError>, bool), ImportError> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).trim(csv::Trim::All).from_reader(reader);
    let header = csv.headers().map_err(|_| ImportError::Header)?;
    let header: Vec<String> = header.iter().map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
    let with_hashes = match header.split_last() {
        Some((last, first)) if first == HEADER && last == PASSWORD_COLUMN => true,
        _ if header == HEADER => false,
        _ => return Err(ImportError::Header),
    };
    let columns = header.len();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    // The csv crate counts lines by LF only, so rows that end in a bare CR
    // (classic Mac files) all said "line 1", and a stray CR made two rows
    // share a number (found by the fuzz target). Each row gets at least the
    // number after the previous one; LF and CRLF files keep the csv numbers.
    let mut last_line = 1;
    let mut number = |line: u64| {
        last_line = line.max(last_line + 1);
        last_line
    };
    for record in csv.records() {
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(ImportError::TooLarge);
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = number(e.position().map_or(0, |p| p.line()));
                errors.push(RowError { line, reason: "the row cannot be read as CSV".into() });
                continue;
            }
        };
        let line = number(record.position().map_or(0, |p| p.line()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        // An Argon2 hash has commas of its own (`m=19456,t=2,p=1`): unquoted,
        // it fills the columns after the tenth, which it is then joined from.
        if record.len() != columns && !(with_hashes && record.len() > columns) {
            errors.push(RowError { line, reason: format!("expected {columns} columns, found {}", record.len()) });
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().to_string();
        let input = EmployeeInput {
            nip: field(0),
            name: field(1),
            email: field(2),
            phone: field(3),
            kind: field(4),
            agency: field(5),
            unit: field(6),
            position: field(7),
            rank: field(8),
            supervisor_nip: field(9),
        };
        let hash_text = with_hashes.then(|| record.iter().skip(HEADER.len()).collect::<Vec<_>>().join(","));
        let password_hash = match hash_text.filter(|h| !h.is_empty()).as_deref().map(ImportedHash::parse) {
            None => Ok(None),
            Some(Ok(hash)) => Ok(Some(hash)),
            Some(Err(e)) => Err(format!("{PASSWORD_COLUMN}: {e}")),
        };
        match (NewEmployee::parse(&input), password_hash) {
            (Err(fields), hash) => {
                let mut reasons: Vec<_> =
                    fields.iter().map(|f| format!("{}: {}", f.field.column(), f.reason)).collect();
                reasons.extend(hash.err());
                errors.push(RowError { line, reason: reasons.join("; ") });
            }
            (Ok(_), Err(reason)) => errors.push(RowError { line, reason }),
            (Ok(employee), Ok(password_hash)) => {
                if let Some(first) = seen.insert(employee.nip.as_str().to_string(), line) {
                    errors.push(RowError {
                        line,
                        reason: format!("NIP {} already appears on line {first}", employee.nip),
                    });
                } else {
                    rows.push(ParsedRow { line, employee, password_hash });
                }
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((rows, errors, with_hashes))
}

/// Checks references of the field-valid rows, then writes, unless any row
/// (here or from parsing) is bad.
async fn apply(
    db: &Db,
    rows: Vec<ParsedRow>,
    mut errors: Vec<RowError>,
    options: &Options,
) -> Result<(ImportReport, Vec<RowChange>), ImportError> {
    let mut tx = db.begin().await?;

    // Resolve every reference first, so a bad row stops the import before any write.
    let mut resolved = Vec::with_capacity(rows.len());
    let in_file: HashMap<&str, &ParsedRow> = rows.iter().map(|r| (r.employee.nip.as_str(), r)).collect();
    for row in &rows {
        match repo::resolve(&mut tx, &row.employee).await {
            Ok(r) => {
                if let Some(scope) = &options.scope {
                    let existing = repo::find_employee_by_nip(&mut tx, r.nip.as_str()).await?;
                    if !scope.contains(&r.agency_id) {
                        errors.push(RowError { line: row.line, reason: "the agency is not one you administer".into() });
                        resolved.push(None);
                        continue;
                    }
                    if existing.is_some_and(|e| !scope.contains(&e.agency_id)) {
                        errors.push(RowError {
                            line: row.line,
                            reason: "this NIP belongs to an agency you do not administer".into(),
                        });
                        resolved.push(None);
                        continue;
                    }
                }
                resolved.push(Some(r));
            }
            Err(OrgError::Db(e)) => return Err(e.into()),
            Err(e) => {
                errors.push(RowError { line: row.line, reason: e.to_string() });
                resolved.push(None);
            }
        }
    }
    let mut supervisor_ids: Vec<Option<Option<i64>>> = Vec::with_capacity(rows.len());
    for (row, res) in rows.iter().zip(&resolved) {
        let Some(sup) = &row.employee.supervisor_nip else {
            supervisor_ids.push(Some(None));
            continue;
        };
        if let Some(other) = in_file.get(sup.as_str()) {
            if other.employee.agency_code != row.employee.agency_code {
                errors.push(RowError { line: row.line, reason: format!("supervisor {sup} belongs to another agency") });
            }
            supervisor_ids.push(None); // resolved after the rows exist
            continue;
        }
        match repo::find_employee_by_nip(&mut tx, sup.as_str()).await? {
            Some(s) if res.as_ref().is_none_or(|r| r.agency_id == s.agency_id) => supervisor_ids.push(Some(Some(s.id))),
            _ => {
                errors.push(RowError {
                    line: row.line,
                    reason: format!("supervisor {sup} is neither in this file nor an employee of the same agency"),
                });
                supervisor_ids.push(None);
            }
        }
    }
    if let Some(line) = supervisor_cycle(&rows) {
        errors.push(RowError { line, reason: "the supervisor chain loops back to this employee".into() });
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(ImportError::Rows(errors));
    }

    let mut report = ImportReport::default();
    let mut ids = HashMap::new();
    let mut changed = HashSet::new();
    let mut changes = Vec::with_capacity(rows.len());
    for (row, res) in rows.iter().zip(&resolved) {
        let res = res.as_ref().expect("checked above");
        let existing = repo::find_employee_by_nip(&mut tx, res.nip.as_str()).await?;
        // A deferred address already waiting for its owner's confirmation
        // is no change (importing the same file again mails nothing).
        let waiting = match &existing {
            Some(old) if options.defer_email_changes && old.email != res.email => {
                repo::email_change_waiting(&mut tx, old.id, &res.email, crate::server::time::now_unix()).await?
            }
            _ => false,
        };
        let change = match &existing {
            None => Change::Created,
            Some(old) => {
                let mut columns = changed_columns(res, old);
                if waiting {
                    columns.retain(|c| *c != "email");
                }
                if columns.is_empty() { Change::Unchanged } else { Change::Updated(columns) }
            }
        };
        changes.push(RowChange { line: row.line, nip: res.nip.clone(), name: res.full_name.clone(), change });
        let id = match existing {
            None => {
                changed.insert(row.line);
                report.created += 1;
                repo::insert_employee(&mut tx, res).await.map_err(|e| match e {
                    OrgError::Db(e) => ImportError::Db(e),
                    other => ImportError::Rows(vec![RowError { line: row.line, reason: other.to_string() }]),
                })?
            }
            Some(existing) => {
                if existing.email != res.email && options.defer_email_changes {
                    // The address changes only once it confirms; the rest now.
                    let kept = repo::ResolvedEmployee { email: existing.email.clone(), ..res.clone() };
                    if !kept.matches(&existing) {
                        repo::update_employee(&mut tx, existing.id, &kept).await?;
                    }
                    if !waiting {
                        report.deferred_emails.push((existing.id, res.email.clone()));
                    }
                    if !waiting || !kept.matches(&existing) {
                        changed.insert(row.line);
                    }
                } else if !res.matches(&existing) {
                    changed.insert(row.line);
                    repo::update_employee(&mut tx, existing.id, res).await?;
                    if existing.email != res.email {
                        repo::keep_imported_email(
                            &mut tx,
                            &existing,
                            &res.email,
                            options.actor,
                            crate::server::time::now_unix(),
                        )
                        .await?;
                    }
                }
                existing.id
            }
        };
        ids.insert(row.employee.nip.as_str().to_string(), id);
    }
    for (row, sup) in rows.iter().zip(supervisor_ids) {
        let id = ids[row.employee.nip.as_str()];
        let wanted = match (sup, &row.employee.supervisor_nip) {
            (Some(resolved), _) => resolved,
            (None, Some(nip)) => Some(ids[nip.as_str()]),
            (None, None) => None,
        };
        if repo::explicit_supervisor(&mut tx, id).await? != wanted {
            changed.insert(row.line);
            repo::set_supervisor(&mut tx, id, wanted).await?;
            note_column(&mut changes, row.line, "supervisor_nip");
        }
    }
    for row in &rows {
        let Some(hash) = &row.password_hash else { continue };
        let id = ids[row.employee.nip.as_str()];
        if repo::import_password_hash(&mut tx, id, hash.as_str(), crate::server::time::now_unix()).await? {
            report.passwords += 1;
            changed.insert(row.line);
            note_column(&mut changes, row.line, PASSWORD_COLUMN);
        }
    }
    report.updated = changed.len() - report.created;
    report.unchanged = rows.len() - changed.len();
    if !options.commit {
        tx.rollback().await?;
        return Ok((report, changes));
    }
    if let Some(admin) = options.actor {
        let detail = format!("created {}, updated {}, unchanged {}", report.created, report.updated, report.unchanged);
        let event = crate::audit::AuditRecord {
            kind: crate::audit::AuditKind::EmployeesImported,
            reason: None,
            employee_id: Some(admin),
            nip: None,
            actor: crate::audit::Actor::Employee(admin),
            request: &options.request,
            detail: Some(&detail),
        };
        crate::audit::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    Ok((report, changes))
}

/// Adds a column written after the row's first write to what it changes.
fn note_column(changes: &mut [RowChange], line: u64, column: &'static str) {
    if let Some(c) = changes.iter_mut().find(|c| c.line == line) {
        match &mut c.change {
            Change::Updated(columns) => columns.push(column),
            Change::Unchanged => c.change = Change::Updated(vec![column]),
            Change::Created => {}
        }
    }
}

/// The line of a row whose supervisor chain, within the file, comes back to it.
fn supervisor_cycle(rows: &[ParsedRow]) -> Option<u64> {
    let next: HashMap<&str, &str> = rows
        .iter()
        .filter_map(|r| r.employee.supervisor_nip.as_ref().map(|s| (r.employee.nip.as_str(), s.as_str())))
        .collect();
    rows.iter().find_map(|row| {
        let start = row.employee.nip.as_str();
        let mut at = start;
        for _ in 0..rows.len() {
            at = next.get(at)?;
            if at == start {
                return Some(row.line);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Vec<ParsedRow>, ImportError> {
        let (rows, errors, _) = parse(s.as_bytes())?;
        if errors.is_empty() { Ok(rows) } else { Err(ImportError::Rows(errors)) }
    }

    const HEAD: &str = "nip,name,email,phone,kind,agency,unit,position,rank,supervisor_nip\n";

    #[test]
    fn a_wrong_header_is_refused_before_any_row() {
        assert!(matches!(parse_str("nip,name\n1,2\n"), Err(ImportError::Header)));
        assert!(matches!(parse_str(""), Err(ImportError::Header)));
    }

    #[test]
    fn rows_ending_in_cr_or_crlf_keep_their_line_numbers() {
        let rows = [
            HEAD.trim_end(),
            "198609262015051001,Budi,budi@x.id,,pns,A,,,III/a,",
            "12345,Siti,siti@x.id,,pns,A,,,,",
            "198609262015051001,Budi Lagi,b2@x.id,,pns,A,,,,",
            "199001152023212003,Ani,ani@x.id,,pppk,A,,,IX",
        ];
        for ending in ["\r\n", "\r"] {
            let Err(ImportError::Rows(errors)) = parse_str(&rows.join(ending)) else { panic!("expected row errors") };
            let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
            assert_eq!(lines, vec![3, 4, 5], "rows ending in {ending:?}");
            assert!(errors[1].reason.contains("line 2"), "{}", errors[1].reason);
        }
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_numbers() {
        let file = format!(
            "{HEAD}198609262015051001,Budi,budi@x.id,,pns,A,,,III/a,\n\
             12345,Siti,siti@x.id,,pns,A,,,,\n\
             198609262015051001,Budi Lagi,b2@x.id,,pns,A,,,,\n\
             199001152023212003,Ani,ani@x.id,,pppk,A,,,IX\n"
        );
        let Err(ImportError::Rows(errors)) = parse_str(&file) else { panic!("expected row errors") };
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(errors[0].reason.starts_with("nip:"), "{}", errors[0].reason);
        assert!(errors[1].reason.contains("line 2"), "{}", errors[1].reason);
        assert!(errors[2].reason.contains("columns"), "{}", errors[2].reason);
    }

    #[test]
    fn a_header_with_a_byte_order_mark_and_capitals_is_accepted() {
        let file = format!("\u{feff}NIP{}198609262015051001,Budi,budi@x.id,,pns,A,,,,\n", &HEAD[3..]);
        assert_eq!(parse_str(&file).unwrap().len(), 1);
    }

    #[test]
    fn a_password_hash_reads_quoted_or_not_and_a_bad_one_is_a_row_error() {
        let argon = "$argon2id$v=19$m=4096,t=2,p=2$dWNZxOl5FnZHNzPwt2EY7g$AVaCbpeDwu9iqta+fMyoTai+00wSJFqqTqDXWGMxFoI";
        let head = format!("{},{PASSWORD_COLUMN}\n", HEAD.trim_end());
        let file = format!(
            "{head}198609262015051001,Budi,budi@x.id,,pns,A,,,,,\"{argon}\"\n\
             199001012015052002,Siti,siti@x.id,,pns,A,,,,,{argon}\n\
             199202022016011003,Ani,ani@x.id,,pns,A,,,,,\n"
        );
        let (rows, errors, with_hashes) = parse(file.as_bytes()).unwrap();
        assert!(with_hashes && errors.is_empty(), "{errors:?}");
        let hashes: Vec<_> = rows.iter().map(|r| r.password_hash.as_ref().map(|h| h.as_str().to_string())).collect();
        assert_eq!(hashes, [Some(argon.to_string()), Some(argon.to_string()), None]);
        let bad = format!("{head}198609262015051001,Budi,budi@x.id,,pns,A,,,,,md5:abc,def\n");
        let Err(ImportError::Rows(errors)) = parse_str(&bad) else { panic!("expected a row error") };
        assert!(errors[0].reason.starts_with("password_hash: not an argon2id"), "{}", errors[0].reason);
        // Without the column, an eleventh field is still a wrong row.
        let Err(ImportError::Rows(errors)) =
            parse_str(&format!("{HEAD}198609262015051001,Budi,budi@x.id,,pns,A,,,,,x\n"))
        else {
            panic!("expected a row error")
        };
        assert_eq!(errors[0].reason, "expected 10 columns, found 11");
    }

    #[test]
    fn a_supervisor_loop_inside_the_file_is_found() {
        let file = format!(
            "{HEAD}198609262015051001,Budi,budi@x.id,,pns,A,,,,199001012015052002\n\
             199001012015052002,Siti,siti@x.id,,pns,A,,,,198609262015051001\n"
        );
        let rows = parse_str(&file).unwrap();
        assert_eq!(supervisor_cycle(&rows), Some(2));
    }
}
