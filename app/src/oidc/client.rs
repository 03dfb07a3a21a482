//! A service registered to sign civil servants in through the portal.

use super::scope::{Scope, Scopes};
use crate::documents::sniff::{FileKind, sniff};

/// The largest logo the portal keeps for a service.
pub const MAX_LOGO_BYTES: usize = 64 * 1024;

/// A service's logo as the portal serves it on its own pages (so they load
/// nothing from elsewhere): a PNG or JPEG by its content, at most
/// [`MAX_LOGO_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    kind: FileKind,
    bytes: Vec<u8>,
}

impl Logo {
    pub fn parse(bytes: &[u8]) -> Result<Self, ClientError> {
        match sniff(bytes) {
            Some(kind) if kind.is_image() && bytes.len() <= MAX_LOGO_BYTES => Ok(Self { kind, bytes: bytes.to_vec() }),
            _ => Err(ClientError::Logo),
        }
    }

    pub fn content_type(&self) -> &'static str {
        self.kind.content_type()
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// What an operator registers (`asn-portal oidc register`). Valid by
/// construction: [`NewClient::new`] checks every field.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub client_id: String,
    pub name: String,
    pub logo_url: Option<String>,
    pub logo: Option<Logo>,
    pub home_url: Option<String>,
    pub icon: String,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub backchannel_logout_uri: Option<String>,
    pub scopes: Scopes,
    pub confidential: bool,
    pub first_party: bool,
    pub nip_as_sub: bool,
    /// Agency codes; empty: every agency.
    pub agencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("the client id must be 3 to 64 characters of a-z, 0-9, '-', '_' or '.', starting with a letter or digit")]
    ClientId,
    #[error("the name must be 1 to 80 characters")]
    Name,
    #[error("at least one redirect URI is required")]
    NoRedirect,
    #[error("`{0}` is not an https:// URL (or http:// on this machine's loopback) without a fragment")]
    Url(String),
    #[error("{0}")]
    Scope(String),
    #[error("the logo must be a PNG or JPEG file of at most 64 KiB")]
    Logo,
}

/// The plain inputs, as the command line gives them.
#[derive(Debug, Clone, Default)]
pub struct ClientInput<'a> {
    pub client_id: &'a str,
    pub name: &'a str,
    pub logo_url: Option<&'a str>,
    /// The logo file's bytes.
    pub logo: Option<&'a [u8]>,
    pub home_url: Option<&'a str>,
    pub icon: Option<&'a str>,
    pub redirect_uris: &'a [String],
    pub post_logout_redirect_uris: &'a [String],
    pub backchannel_logout_uri: Option<&'a str>,
    pub scopes: &'a str,
    pub confidential: bool,
    pub first_party: bool,
    pub nip_as_sub: bool,
    pub agencies: &'a [String],
}

impl NewClient {
    pub fn new(input: &ClientInput<'_>) -> Result<Self, ClientError> {
        let client_id = input.client_id.trim();
        // A letter or digit first: an id starting with '-' would read as an
        // option on the command line.
        let id_ok = (3..=64).contains(&client_id.len())
            && client_id.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && client_id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
        if !id_ok {
            return Err(ClientError::ClientId);
        }
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(ClientError::Name);
        }
        let url = |u: &str| -> Result<String, ClientError> {
            if is_allowed_url(u) { Ok(u.to_string()) } else { Err(ClientError::Url(u.to_string())) }
        };
        let redirect_uris = input.redirect_uris.iter().map(|u| url(u.trim())).collect::<Result<Vec<_>, _>>()?;
        if redirect_uris.is_empty() {
            return Err(ClientError::NoRedirect);
        }
        let post_logout_redirect_uris =
            input.post_logout_redirect_uris.iter().map(|u| url(u.trim())).collect::<Result<Vec<_>, _>>()?;
        let scopes = Scopes::parse_strict(input.scopes).map_err(ClientError::Scope)?;
        Ok(NewClient {
            client_id: client_id.to_string(),
            name: name.to_string(),
            logo_url: input.logo_url.map(|u| url(u.trim())).transpose()?,
            logo: input.logo.map(Logo::parse).transpose()?,
            home_url: input.home_url.map(|u| url(u.trim())).transpose()?,
            icon: input.icon.unwrap_or("link").trim().to_string(),
            redirect_uris,
            post_logout_redirect_uris,
            backchannel_logout_uri: input.backchannel_logout_uri.map(|u| url(u.trim())).transpose()?,
            scopes: scopes.union(&Scopes::new([Scope::OpenId])),
            confidential: input.confidential,
            first_party: input.first_party,
            nip_as_sub: input.nip_as_sub,
            agencies: input.agencies.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        })
    }
}

/// An https:// URL, or http:// on a loopback address (a service on the
/// same machine, RFC 8252 §7.3); never a fragment or user information.
pub fn is_allowed_url(text: &str) -> bool {
    let Ok(u) = url::Url::parse(text) else { return false };
    if u.fragment().is_some() || !u.username().is_empty() || u.password().is_some() || u.host().is_none() {
        return false;
    }
    match u.scheme() {
        "https" => true,
        "http" => matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

/// A registered client as the provider reads it.
#[derive(Debug, Clone)]
pub struct Client {
    pub pk: i64,
    pub client_id: String,
    pub name: String,
    pub logo_url: Option<String>,
    pub home_url: Option<String>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub backchannel_logout_uri: Option<String>,
    pub scopes: Scopes,
    pub secret_hash: Option<String>,
    pub first_party: bool,
    pub nip_as_sub: bool,
    pub disabled: bool,
    /// Where the portal serves its logo, if it has one.
    pub logo: Option<String>,
    /// Agency ids; empty: every agency.
    pub agencies: Vec<i64>,
}

impl Client {
    pub fn is_public(&self) -> bool {
        self.secret_hash.is_none()
    }

    /// Exact, character-for-character matching (no prefix, no wildcard).
    pub fn has_redirect_uri(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|r| r == uri)
    }

    pub fn admits_agency(&self, agency_id: i64) -> bool {
        self.agencies.is_empty() || self.agencies.contains(&agency_id)
    }
}

/// SHA-256 of a client secret. Secrets are 256 random bits the portal
/// generates, so a fast hash is enough (there is nothing to guess).
pub fn hash_secret(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("oidc-client-secret:{secret}").as_bytes()))
}

pub fn lines(list: &[String]) -> String {
    list.join("\n")
}

pub fn unlines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(redirects: &'a [String]) -> ClientInput<'a> {
        ClientInput {
            client_id: "e-kinerja",
            name: "e-Kinerja",
            redirect_uris: redirects,
            scopes: "profile",
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_client_always_has_openid() {
        let r = vec!["https://kinerja.example.go.id/callback".to_string()];
        let c = NewClient::new(&input(&r)).unwrap();
        assert_eq!(c.scopes.to_string(), "openid profile");
    }

    #[test]
    fn redirect_uris_must_be_https_or_loopback_without_fragments() {
        for bad in [
            "http://kinerja.example.go.id/cb",
            "https://x.example/cb#frag",
            "javascript:alert(1)",
            "https://u:p@x.example/",
        ] {
            let r = vec![bad.to_string()];
            assert!(matches!(NewClient::new(&input(&r)), Err(ClientError::Url(_))), "{bad}");
        }
        for good in ["http://127.0.0.1:3400/callback", "http://localhost/cb", "https://x.example/cb?a=1"] {
            let r = vec![good.to_string()];
            assert!(NewClient::new(&input(&r)).is_ok(), "{good}");
        }
        assert_eq!(NewClient::new(&input(&[])).unwrap_err(), ClientError::NoRedirect);
    }

    #[test]
    fn ids_names_and_scopes_are_checked() {
        let r = vec!["https://x.example/cb".to_string()];
        let mut i = input(&r);
        for bad in ["Bad Id", "-e-kinerja", "_x1", ".x1", "ab", "ubah-ä"] {
            i.client_id = bad;
            assert_eq!(NewClient::new(&i).unwrap_err(), ClientError::ClientId, "{bad}");
        }
        for good in ["ok-id", "9to5", "e.kinerja_v2-"] {
            i.client_id = good;
            assert_eq!(NewClient::new(&i).unwrap().client_id, good);
        }
        i.client_id = "ok-id";
        let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0; 100]].concat();
        i.logo = Some(&png);
        assert_eq!(NewClient::new(&i).unwrap().logo.unwrap().content_type(), "image/png");
        let big = [png.as_slice(), &vec![0; MAX_LOGO_BYTES]].concat();
        for bad in [b"%PDF-1.7 x".as_slice(), b"MZ\x90\0 an exe", b"<svg onload=alert(1)>", &big, b""] {
            i.logo = Some(bad);
            assert_eq!(NewClient::new(&i).unwrap_err(), ClientError::Logo);
        }
        i.logo = None;
        i.scopes = "openid phone";
        assert!(matches!(NewClient::new(&i), Err(ClientError::Scope(_))));
    }

    #[test]
    fn redirect_matching_is_exact() {
        let c = Client {
            pk: 1,
            client_id: "x".into(),
            name: "X".into(),
            logo_url: None,
            home_url: None,
            redirect_uris: vec!["https://x.example/cb".into()],
            post_logout_redirect_uris: vec![],
            backchannel_logout_uri: None,
            scopes: Scopes::default(),
            secret_hash: None,
            first_party: false,
            nip_as_sub: false,
            disabled: false,
            logo: None,
            agencies: vec![],
        };
        assert!(c.has_redirect_uri("https://x.example/cb"));
        for near in ["https://x.example/cb/", "https://x.example/cb?x=1", "https://X.example/cb", "https://x.example/c"]
        {
            assert!(!c.has_redirect_uri(near), "{near}");
        }
    }
}
