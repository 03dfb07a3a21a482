//! The SQL of sign-in's captcha: each drawn challenge is stored by the
//! hash of its token with the hashes of its accepted answers, and taken
//! (deleted) when answered.

use sqlx::AnyConnection;

/// A drawn challenge as stored.
pub struct Challenge {
    pub id_hash: String,
    pub answer_hash: String,
    pub alt_hash: String,
    pub expires_at: i64,
}

/// Stores a challenge, dropping the expired ones.
pub async fn store_challenge(conn: &mut AnyConnection, c: &Challenge, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_captchas WHERE expires_at <= $1").bind(now).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO sign_in_captchas (id_hash, answer_hash, alt_hash, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(&c.id_hash)
        .bind(&c.answer_hash)
        .bind(&c.alt_hash)
        .bind(c.expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the challenge (it is spent whatever the answer): `(answer hash,
/// alternative hash, expiry)`.
pub async fn take_challenge(
    conn: &mut AnyConnection,
    id_hash: &str,
) -> Result<Option<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as("DELETE FROM sign_in_captchas WHERE id_hash = $1 RETURNING answer_hash, alt_hash, expires_at")
        .bind(id_hash)
        .fetch_optional(conn)
        .await
}
