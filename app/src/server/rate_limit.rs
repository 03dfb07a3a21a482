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

/// The part of a client address a per-address limit counts: an IPv4
/// address as it is, an IPv6 address by its /64 (one subscriber's prefix:
/// a host picks any of its 2^64 addresses at will), anything else (the
/// `unknown` of a broken proxy chain) as one shared key.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Err(_) => "unknown".to_string(),
    }
}

/// Hits counted in the bucket's window starting at `window_start` (`None`
/// before the first).
pub async fn hits(conn: &mut sqlx::AnyConnection, bucket: &str, window_start: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2")
        .bind(bucket)
        .bind(window_start)
        .fetch_optional(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn ipv6_clients_are_counted_by_their_slash_64_and_ipv4_ones_by_address() {
        assert_eq!(address_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"), address_key("2001:db8:1:2::7"));
        assert_ne!(address_key("2001:db8:1:3::1"), address_key("2001:db8:1:2::1"));
        assert_eq!(address_key("unknown"), "unknown");
        assert_eq!(address_key(""), "unknown");
    }
}
