//! Building same-origin links.

/// Percent-encodes a value for a query string: everything but RFC 3986's
/// unreserved characters and `/` (allowed in a query, and keeps
/// `?next=/dashboard` readable).
pub fn encode_query(value: &str) -> String {
    encode(value, b"/")
}

/// Percent-encodes a URI component: everything but the unreserved characters.
pub fn encode_component(value: &str) -> String {
    encode(value, b"")
}

fn encode(value: &str, also_keep: &[u8]) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ if also_keep.contains(&b) => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a same-origin path, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/dashboard";
    let Some(next) = next.map(str::trim).filter(|n| !n.is_empty()) else { return HOME.into() };
    let same_origin_path = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if same_origin_path { next.to_string() } else { HOME.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode_query("/cuti?tab=2&x=é"), "/cuti%3Ftab%3D2%26x%3D%C3%A9");
        assert_eq!(encode_query("a-b_c.d~"), "a-b_c.d~");
        assert_eq!(encode_query("a b+%#"), "a%20b%2B%25%23");
        assert_eq!(encode_component("/Portal ASN:x"), "%2FPortal%20ASN%3Ax");
    }

    #[test]
    fn only_same_origin_paths_are_followed() {
        assert_eq!(safe_next(Some("/cuti?tab=2")), "/cuti?tab=2");
        for bad in [
            "//evil.example",
            "https:evil",
            "https://evil.example/",
            "/\\evil.example",
            "evil",
            "/x\r\nSet-Cookie:a",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/dashboard", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/dashboard");
    }
}
