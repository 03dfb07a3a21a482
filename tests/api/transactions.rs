//! Transactions under concurrent writers: what `Db::begin` promises.

use app::org::repo as org;

use crate::helpers::TestDb;
use crate::on_both_engines;

on_both_engines! {
    // A transaction that reads, then writes after another connection has
    // written meanwhile, commits, and so does the other writer. (On SQLite
    // a deferred transaction failed at its write with SQLITE_BUSY: the
    // sessions page's "end this session" failed now and then under load.)
    async fn a_transaction_that_reads_before_it_writes_survives_a_concurrent_writer(engine: Engine) {
        let t = TestDb::new(engine).await;
        org::create_agency(&t.db, "AG", "Agency").await.unwrap();

        let mut tx = t.db.begin().await.unwrap();
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies").fetch_one(&mut *tx).await.unwrap();
        assert_eq!(before, 1);
        let db = t.db.clone();
        let other = tokio::spawn(async move { org::create_agency(&db, "OTHER", "Other agency").await });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        sqlx::query("UPDATE agencies SET name = 'Renamed' WHERE code = 'AG'")
            .execute(&mut *tx)
            .await
            .expect("the write after a read, with another writer about");
        tx.commit().await.unwrap();
        other.await.unwrap().expect("the other writer goes in too");

        let names: Vec<(String, String)> =
            sqlx::query_as("SELECT code, name FROM agencies ORDER BY code").fetch_all(t.db.pool()).await.unwrap();
        assert_eq!(names, vec![("AG".into(), "Renamed".into()), ("OTHER".into(), "Other agency".into())]);
    }
}
