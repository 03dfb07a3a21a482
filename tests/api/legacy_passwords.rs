//! `employee import` with the `password_hash` column: hashes made by other
//! tools (argon2-cffi and pyca/bcrypt, `tests/fixtures/legacy_hashes.csv`)
//! sign their owner in with the old password, and that sign-in replaces
//! them with the portal's Argon2id.

use app::org::import::{ImportError, Options, import_csv, import_with};
use app::org::repo as org;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, password_step};

const HEAD: &str = "nip,name,email,phone,kind,agency,unit,position,rank,supervisor_nip,password_hash";
const BCRYPT_NIP: &str = "198001012005011001";
const ARGON2I_NIP: &str = "199002022015032002";
const DEFAULT_NIP: &str = "199503032023211003";
const PLAIN_NIP: &str = "198707072010011007";
const ACTIVE_NIP: &str = "198808082012011008";

/// (password, hash) of a scheme in the fixtures.
fn fixture(scheme: &str) -> (String, String) {
    let file = include_str!("../fixtures/legacy_hashes.csv");
    let line = file.lines().find(|l| l.split(',').next() == Some(scheme)).expect("fixture");
    let mut parts = line.splitn(3, ',').skip(1);
    (parts.next().unwrap().into(), parts.next().unwrap().into())
}

fn file() -> String {
    let row =
        |nip: &str, name: &str, kind: &str, hash: &str| format!("{nip},{name},{nip}@x.example,,{kind},AG,,,,,{hash}\n");
    format!(
        "{HEAD}\n{}{}{}{}",
        row(BCRYPT_NIP, "Ahmad Fauzi", "pns", &fixture("bcrypt-2y").1),
        row(ARGON2I_NIP, "Siti Rahma", "pns", &fixture("argon2i").1),
        row(DEFAULT_NIP, "Budi Santoso", "pppk", &fixture("argon2id-default").1),
        row(PLAIN_NIP, "Dewi Lestari", "pns", ""),
    )
}

async fn stored_hash(app: &TestApp, nip: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT c.password_hash FROM credentials c JOIN employees e ON e.id = c.employee_id WHERE e.nip = $1",
    )
    .bind(nip)
    .fetch_optional(app.db.pool())
    .await
    .unwrap()
    .flatten()
}

on_both_engines! {
    async fn old_passwords_sign_in_once_and_are_rehashed_to_the_portals_argon2id(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        org::create_agency(&app.db, "AG", "Agency").await.unwrap();
        let report = import_csv(&app.db, file().as_bytes()).await.unwrap();
        assert_eq!((report.created, report.passwords), (4, 3));
        assert_eq!(stored_hash(&app, PLAIN_NIP).await, None, "no column value, no password");

        for (nip, scheme) in [(BCRYPT_NIP, "bcrypt-2y"), (ARGON2I_NIP, "argon2i"), (DEFAULT_NIP, "argon2id-default")] {
            let (password, hash) = fixture(scheme);
            assert_eq!(stored_hash(&app, nip).await.as_deref(), Some(hash.as_str()), "{scheme} stored as imported");
            let wrong = password_step(&app, nip, &format!("{password}!"), "/dashboard", None).await;
            assert!(wrong.token.is_none(), "{scheme}: a wrong password opens nothing");
            assert_eq!(stored_hash(&app, nip).await.as_deref(), Some(hash.as_str()), "{scheme}: kept after a failure");

            let answer = password_step(&app, nip, &password, "/dashboard", None).await;
            // No authenticator yet: the sign-in goes on to enrol one.
            assert_eq!(answer.location, "/sign-in/enrol?next=/dashboard", "{scheme}");
            assert!(answer.token.is_some(), "{scheme}");
            let now = stored_hash(&app, nip).await.unwrap();
            assert!(now.starts_with("$argon2id$v=19$m=1024,t=1,"), "{scheme} rehashed with the portal's parameters: {now}");
            let again = password_step(&app, nip, &password, "/dashboard", None).await;
            assert_eq!(again.location, "/sign-in/enrol?next=/dashboard", "{scheme}: the new hash verifies");
        }

        // The same file again: the rehashed passwords are not put back.
        let rehashed = stored_hash(&app, BCRYPT_NIP).await;
        let again = import_csv(&app.db, file().as_bytes()).await.unwrap();
        assert_eq!((again.created, again.updated, again.unchanged, again.passwords), (0, 0, 4, 0));
        assert_eq!(stored_hash(&app, BCRYPT_NIP).await, rehashed);
        app.stop().await;
    }

    async fn a_hash_never_replaces_a_password_and_bad_hashes_import_nothing(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        org::create_agency(&app.db, "AG", "Agency").await.unwrap();
        employee_with_password(&app, ACTIVE_NIP, "Rina Wati", "Gudeg!Wijilan#77", false).await;
        let own = stored_hash(&app, ACTIVE_NIP).await;
        let (_, bcrypt) = fixture("bcrypt-2b");
        let stale = format!("{HEAD}\n{ACTIVE_NIP},Rina Wati,{ACTIVE_NIP}@x.example,,pns,AG,,Pranata Komputer,,,{bcrypt}\n");
        let report = import_csv(&app.db, stale.as_bytes()).await.unwrap();
        assert_eq!((report.unchanged, report.passwords), (1, 0));
        assert_eq!(stored_hash(&app, ACTIVE_NIP).await, own, "the employee's own password stays");

        let bad = format!(
            "{HEAD}\n198001012005011001,Ahmad Fauzi,ahmad@x.example,,pns,AG,,,,,{bcrypt}\n\
             {PLAIN_NIP},Dewi Lestari,dewi@x.example,,pns,AG,,,,,{}\n\
             198909092013011009,Eka Putri,eka@x.example,,pns,AG,,,,,5f4dcc3b5aa765d61d8327deb882cf99\n",
            fixture("argon2id-costly").1
        );
        let Err(ImportError::Rows(rows)) = import_csv(&app.db, bad.as_bytes()).await else { panic!("expected row errors") };
        let lines: Vec<_> = rows.iter().map(|r| (r.line, r.reason.split(':').next().unwrap().to_string())).collect();
        assert_eq!(lines, [(3, "password_hash".to_string()), (4, "password_hash".to_string())]);
        assert!(rows[0].reason.contains("cost"), "{}", rows[0].reason);
        assert_eq!(org::count_employees(&app.db).await.unwrap(), 1, "nothing imported");

        // Only the operator's import takes the column.
        let console = Options { scope: None, commit: true, password_hashes: false, ..Default::default() };
        assert!(matches!(import_with(&app.db, file().as_bytes(), &console).await, Err(ImportError::PasswordHashes)));
        app.stop().await;
    }
}
