//! The SQL of the provider's signing keys (`oidc_keys`): the private half
//! sealed, the public half as the JWK the discovery document publishes.

use crate::server::Db;

pub async fn insert(
    db: &Db,
    kid: &str,
    alg: &str,
    sealed_private: &str,
    public_jwk: &str,
    now: i64,
    signs_from: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oidc_keys (kid, alg, sealed_private, public_jwk, created_at, signs_from) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(kid)
    .bind(alg)
    .bind(sealed_private)
    .bind(public_jwk)
    .bind(now)
    .bind(signs_from)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The key that signs now: `(kid, sealed private key)`.
pub async fn signing(db: &Db, now: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kid, sealed_private FROM oidc_keys \
         WHERE signs_from <= $1 AND (retired_at IS NULL OR retired_at > $1) \
         ORDER BY signs_from DESC, id DESC LIMIT 1",
    )
    .bind(now)
    .fetch_optional(db.pool())
    .await
}

/// The public keys (JWK text) not yet retired.
pub async fn published(db: &Db, now: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT public_jwk FROM oidc_keys WHERE retired_at IS NULL OR retired_at > $1 ORDER BY id")
        .bind(now)
        .fetch_all(db.pool())
        .await
}

/// Every unretired key but `kid` retires at `at`.
pub async fn retire_others(db: &Db, kid: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_keys SET retired_at = $1 WHERE retired_at IS NULL AND kid <> $2")
        .bind(at)
        .bind(kid)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn exists(db: &Db, kid: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM oidc_keys WHERE kid = $1").bind(kid).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

/// Keys other than `kid` that can sign now.
pub async fn others_signing(db: &Db, kid: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM oidc_keys WHERE kid <> $1 AND signs_from <= $2 AND (retired_at IS NULL OR retired_at > $2)",
    )
    .bind(kid)
    .bind(now)
    .fetch_one(db.pool())
    .await
}

pub async fn retire(db: &Db, kid: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE oidc_keys SET retired_at = $1 WHERE kid = $2").bind(now).bind(kid).execute(db.pool()).await?;
    Ok(())
}

/// Every key: `(kid, created, signs from, retired)`.
pub async fn list(db: &Db) -> Result<Vec<(String, i64, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT kid, created_at, signs_from, retired_at FROM oidc_keys ORDER BY id")
        .fetch_all(db.pool())
        .await
}
