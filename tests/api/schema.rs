//! Both engines must end up with the same tables and columns.

use std::collections::BTreeSet;

use crate::helpers::{Engine, TestDb};

type Column = (String, String, bool);

async fn sqlite_columns(db: &app::server::Db) -> BTreeSet<Column> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\", p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    // INTEGER PRIMARY KEY columns are NOT NULL in effect though flagged nullable.
    rows.into_iter().map(|(t, c, notnull, pk)| (t, c, notnull == 0 && pk == 0)).collect()
}

async fn postgres_columns(db: &app::server::Db) -> BTreeSet<Column> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(is_nullable AS TEXT) \
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    rows.into_iter().map(|(t, c, nullable)| (t, c, nullable == "YES")).collect()
}

mod postgres {
    use super::*;

    #[tokio::test]
    async fn both_engines_have_the_same_tables_columns_and_nullability() {
        let sqlite = TestDb::new(Engine::Sqlite).await;
        let postgres = TestDb::new(Engine::Postgres).await;
        let a = sqlite_columns(&sqlite.db).await;
        let b = postgres_columns(&postgres.db).await;
        assert!(a.len() > 10, "expected the organisation tables, found {a:?}");
        let only_sqlite: Vec<_> = a.difference(&b).collect();
        let only_postgres: Vec<_> = b.difference(&a).collect();
        assert!(
            only_sqlite.is_empty() && only_postgres.is_empty(),
            "schemas differ\n only in SQLite: {only_sqlite:?}\n only in PostgreSQL: {only_postgres:?}"
        );
    }
}
