//! CSV import: all or nothing, line-numbered errors, idempotent re-runs.

use app::org::import::{ImportError, ImportReport, import_csv};
use app::org::repo;

use crate::helpers::TestDb;
use crate::on_both_engines;

const HEAD: &str = "nip,name,email,phone,kind,agency,unit,position,rank,supervisor_nip\n";

async fn seed(db: &app::server::Db) {
    repo::create_agency(db, "PEMKAB-X", "Pemerintah Kabupaten X").await.unwrap();
    repo::create_unit(db, "PEMKAB-X", None, "BKPSDM", "BKPSDM Kabupaten X").await.unwrap();
    repo::create_agency(db, "KOTA-Y", "Pemerintah Kota Y").await.unwrap();
}

fn good_rows() -> String {
    format!(
        "{HEAD}198001012005011001,\"Dr. Ahmad Fauzi, M.Si.\",ahmad@x.example,0812-1111-2222,pns,PEMKAB-X,BKPSDM,Kepala BKPSDM,IV/b,\n\
         199002022015032002,\"Siti Rahma, S.Kom.\",siti@x.example,,pns,PEMKAB-X,BKPSDM,Analis SDM,III/b,198001012005011001\n\
         199503032023211003,Budi Santoso,budi@x.example,,pppk,PEMKAB-X,BKPSDM,Pranata Komputer,IX,199002022015032002\n"
    )
}

async fn count(db: &app::server::Db) -> i64 {
    repo::count_employees(db).await.unwrap()
}

on_both_engines! {
    async fn a_good_file_imports_and_a_rerun_changes_nothing(engine: Engine) {
        let t = TestDb::new(engine).await;
        seed(&t.db).await;
        let first = import_csv(&t.db, good_rows().as_bytes()).await.unwrap();
        assert_eq!(first, ImportReport { created: 3, updated: 0, unchanged: 0, passwords: 0, deferred_emails: vec![] });
        let again = import_csv(&t.db, good_rows().as_bytes()).await.unwrap();
        assert_eq!(again, ImportReport { created: 0, updated: 0, unchanged: 3, passwords: 0, deferred_emails: vec![] });
        assert_eq!(count(&t.db).await, 3);
        // Supervisors inside the file were linked.
        let mut conn = t.db.pool().acquire().await.unwrap();
        let budi = repo::find_employee_by_nip(&mut conn, "199503032023211003").await.unwrap().unwrap();
        let siti = repo::find_employee_by_nip(&mut conn, "199002022015032002").await.unwrap().unwrap();
        assert_eq!(budi.supervisor_id, Some(siti.id));
        assert_eq!(budi.phone, None);
    }

    async fn a_changed_row_is_an_update_of_that_row_only(engine: Engine) {
        let t = TestDb::new(engine).await;
        seed(&t.db).await;
        import_csv(&t.db, good_rows().as_bytes()).await.unwrap();
        let changed = good_rows().replace("siti@x.example", "siti.rahma@x.example");
        let report = import_csv(&t.db, changed.as_bytes()).await.unwrap();
        assert_eq!(report, ImportReport { created: 0, updated: 1, unchanged: 2, passwords: 0, deferred_emails: vec![] });
        let mut conn = t.db.pool().acquire().await.unwrap();
        let siti = repo::find_employee_by_nip(&mut conn, "199002022015032002").await.unwrap().unwrap();
        assert_eq!(siti.email, "siti.rahma@x.example");
    }

    async fn one_bad_row_among_good_ones_imports_nothing_and_names_the_line(engine: Engine) {
        let t = TestDb::new(engine).await;
        seed(&t.db).await;
        let file = format!("{}199104042016041004,Ani,ani@x.example,,pns,PEMKAB-X,NO-SUCH-UNIT,,,\n", good_rows());
        let Err(ImportError::Rows(errors)) = import_csv(&t.db, file.as_bytes()).await else {
            panic!("expected row errors");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 5);
        assert!(errors[0].reason.contains("NO-SUCH-UNIT"), "{}", errors[0].reason);
        assert_eq!(count(&t.db).await, 0, "nothing may be imported");
    }

    async fn a_supervisor_from_another_agency_is_refused(engine: Engine) {
        let t = TestDb::new(engine).await;
        seed(&t.db).await;
        let file = format!(
            "{HEAD}198001012005011001,Ahmad,ahmad@x.example,,pns,PEMKAB-X,,,,\n\
             199002022015032002,Siti,siti@y.example,,pns,KOTA-Y,,,,198001012005011001\n"
        );
        let Err(ImportError::Rows(errors)) = import_csv(&t.db, file.as_bytes()).await else {
            panic!("expected row errors");
        };
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].reason.contains("another agency"), "{}", errors[0].reason);
        assert_eq!(count(&t.db).await, 0);
    }

    async fn an_unknown_agency_and_a_bad_nip_are_both_reported(engine: Engine) {
        let t = TestDb::new(engine).await;
        seed(&t.db).await;
        let file = format!(
            "{HEAD}198001012005011001,Ahmad,ahmad@x.example,,pns,NOPE,,,,\n\
             19800101200501100,Siti,siti@x.example,,pns,PEMKAB-X,,,,\n"
        );
        // Field errors and reference errors come back together.
        let Err(ImportError::Rows(errors)) = import_csv(&t.db, file.as_bytes()).await else { panic!() };
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        assert!(errors[0].reason.contains("NOPE"), "{}", errors[0].reason);
        assert!(errors[1].reason.starts_with("nip:"), "{}", errors[1].reason);
        assert_eq!(count(&t.db).await, 0);
    }
}
