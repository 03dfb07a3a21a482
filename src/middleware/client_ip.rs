//! The client's address. Directly connected clients are who the socket
//! says. Behind reverse proxies listed in `ASN_TRUSTED_PROXIES`, the
//! `X-Forwarded-For` hops are walked from the right: trusted proxies are
//! skipped, and the first other hop is the client. Hops further left were
//! written by the client and prove nothing, so a malformed hop ends the
//! walk: what stands left of it cannot be believed, and what stands right
//! of it is a proxy. A proxy's own address is never the client's: a chain
//! that names no untrusted address gives [`ClientIp::Unknown`].
//! Audit events, per-IP rate limits and the admin-network check read the
//! result.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub use app::ClientIp;

pub use app::server::IpNet;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For`
    /// values (several headers read as one list, in order).
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> ClientIp {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return ClientIp::Known(peer);
        }
        let hops: Vec<&str> = forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).collect();
        for hop in hops.into_iter().rev() {
            let Some(ip) = parse_hop(hop) else { return ClientIp::Unknown };
            if !self.trusts(ip) {
                return ClientIp::Known(ip);
            }
        }
        ClientIp::Unknown
    }
}

/// One hop: an address, IPv6 possibly in brackets, possibly with a port
/// (`[2001:db8::1]:443`, `192.0.2.1:8080`), as proxies write them.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = hop.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok())) {
            return None;
        }
        return inside.parse::<std::net::Ipv6Addr>().ok().map(|ip| IpAddr::V6(ip).to_canonical());
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

pub async fn layer(State(proxies): State<Arc<TrustedProxies>>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(peer) = peer {
        let forwarded: Vec<&str> =
            request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        let client = proxies.client(peer, &forwarded);
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_and_addresses_parse_and_match() {
        let net = IpNet::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(ip("10.200.3.4")));
        assert!(!net.contains(ip("11.0.0.1")));
        assert!(IpNet::parse("192.0.2.7").unwrap().contains(ip("::ffff:192.0.2.7")));
        assert!(IpNet::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0/8", ""] {
            assert_eq!(IpNet::parse(bad), None, "{bad}");
        }
    }

    fn known(s: &str) -> ClientIp {
        ClientIp::Known(ip(s))
    }

    #[test]
    fn only_a_trusted_peer_is_believed_and_only_its_own_entry() {
        let proxies = TrustedProxies(vec![IpNet::parse("10.0.0.0/8").unwrap()]);
        // Untrusted peer: the header is ignored.
        assert_eq!(proxies.client(ip("198.51.100.1"), &["203.0.113.9"]), known("198.51.100.1"));
        // Trusted peer: the right-most untrusted hop; the client's own
        // (spoofable) entries to the left are skipped.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["1.1.1.1, 203.0.113.9, 10.0.0.3"]), known("203.0.113.9"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &["1.1.1.1", "203.0.113.9"]), known("203.0.113.9"));
        assert_eq!(TrustedProxies::default().client(ip("10.0.0.2"), &["203.0.113.9"]), known("10.0.0.2"));
        // Hops as proxies write them, with ports and brackets.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["[2001:db8::7]:4431"]), known("2001:db8::7"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &["192.0.2.4:8080, 10.0.0.3"]), known("192.0.2.4"));
    }

    #[test]
    fn a_malformed_hop_never_makes_the_client_look_like_the_proxy() {
        let proxies = TrustedProxies(vec![IpNet::parse("10.0.0.0/8").unwrap()]);
        // The client wrote garbage; the proxy appended the real address:
        // the real address, not the proxy.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["nonsense, 203.0.113.9"]), known("203.0.113.9"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &["1.1.1.1, nonsense", "203.0.113.9"]), known("203.0.113.9"));
        // Garbage between the proxies and the first untrusted hop: nothing
        // left of it can be believed, and the proxies are not the client.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["203.0.113.9, nonsense, 10.0.0.3"]), ClientIp::Unknown);
        assert_eq!(proxies.client(ip("10.0.0.2"), &["nonsense"]), ClientIp::Unknown);
        assert_eq!(proxies.client(ip("10.0.0.2"), &["203.0.113.9,"]), ClientIp::Unknown);
        // Nothing, or only proxies: unknown, never a proxy's address.
        assert_eq!(proxies.client(ip("10.0.0.2"), &[]), ClientIp::Unknown);
        assert_eq!(proxies.client(ip("10.0.0.2"), &["10.0.0.9"]), ClientIp::Unknown);
        assert_eq!(ClientIp::Unknown.to_string(), "unknown");
    }
}
