//! Fixed-window counters in the database, shared by every app instance.

/// Counts one hit in `bucket`'s current window; `true` while within `limit`.
pub async fn hit(
    conn: &mut sqlx::AnyConnection,
    bucket: &str,
    now: i64,
    window: i64,
    limit: i64,
) -> Result<bool, sqlx::Error> {
    let window_start = now - now.rem_euclid(window);
    let (hits,): (i64,) = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&mut *conn)
    .await?;
    if hits == 1 {
        // First hit of a window: forget windows older than an hour.
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1").bind(now - 3600).execute(conn).await?;
    }
    Ok(hits <= limit)
}
