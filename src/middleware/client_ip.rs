//! The client's address. Directly connected clients are who the socket
//! says. Behind reverse proxies listed in `ASN_TRUSTED_PROXIES`, it is the
//! right-most `X-Forwarded-For` entry that is not itself a trusted proxy:
//! entries further left were written by the client and prove nothing.
//! Audit events and per-IP rate limits read the result.

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

    /// The client behind `peer`, given the request's `X-Forwarded-For` values.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Option<Vec<IpAddr>> =
            forwarded_for.iter().flat_map(|v| v.split(',')).map(|h| h.trim().parse::<IpAddr>().ok()).collect();
        let Some(hops) = hops.filter(|h| !h.is_empty()) else { return peer };
        hops.iter().rev().map(|ip| ip.to_canonical()).find(|ip| !self.trusts(*ip)).unwrap_or(hops[0].to_canonical())
    }
}

pub async fn layer(State(proxies): State<Arc<TrustedProxies>>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(peer) = peer {
        let forwarded: Vec<&str> =
            request.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        let client = proxies.client(peer, &forwarded);
        request.extensions_mut().insert(ClientIp(client));
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

    #[test]
    fn only_a_trusted_peer_is_believed_and_only_its_own_entry() {
        let proxies = TrustedProxies(vec![IpNet::parse("10.0.0.0/8").unwrap()]);
        // Untrusted peer: the header is ignored.
        assert_eq!(proxies.client(ip("198.51.100.1"), &["203.0.113.9"]), ip("198.51.100.1"));
        // Trusted peer: the right-most untrusted hop; the client's own
        // (spoofable) entries to the left are skipped.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["1.1.1.1, 203.0.113.9, 10.0.0.3"]), ip("203.0.113.9"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &["1.1.1.1", "203.0.113.9"]), ip("203.0.113.9"));
        // Garbage or nothing: the peer.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["nonsense"]), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &[]), ip("10.0.0.2"));
        // Only proxies in the chain: the left-most.
        assert_eq!(proxies.client(ip("10.0.0.2"), &["10.0.0.9"]), ip("10.0.0.9"));
        assert_eq!(TrustedProxies::default().client(ip("10.0.0.2"), &["203.0.113.9"]), ip("10.0.0.2"));
    }
}
