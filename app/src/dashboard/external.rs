//! External services (MyASN, SIASN, e-Kinerja...): links the dashboard
//! shows to the employees they are meant for. Valid by construction: a
//! service's URL is https with a host, its audience one of three.

use serde::{Deserialize, Serialize};

use crate::domain::EmployeeKind;

/// Which employees see a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    All,
    /// PNS and CPNS.
    Pns,
    Pppk,
}

impl Audience {
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "all" => Some(Self::All),
            "pns" => Some(Self::Pns),
            "pppk" => Some(Self::Pppk),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Pns => "pns",
            Self::Pppk => "pppk",
        }
    }

    /// The stored audiences that include this kind of employee.
    pub fn codes_for(kind: EmployeeKind) -> [&'static str; 2] {
        match kind {
            EmployeeKind::Pns | EmployeeKind::Cpns => ["all", "pns"],
            EmployeeKind::Pppk => ["all", "pppk"],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("the code must be 2 to 32 letters, digits or '-'")]
    Code,
    #[error("the name must be 1 to 60 characters")]
    Name,
    #[error("the URL must start with https:// and name a host, without spaces")]
    Url,
    #[error("the audience must be all, pns or pppk")]
    Audience,
}

/// A link the dashboard may show: an https URL with a host and no
/// whitespace or control characters (no `javascript:` or `data:` links).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceUrl(String);

impl ServiceUrl {
    pub fn parse(input: &str) -> Result<Self, ServiceError> {
        let url = input.trim();
        let rest = url.strip_prefix("https://").ok_or(ServiceError::Url)?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_ok = !host.is_empty()
            && !host.contains('@')
            && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
        let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
        if host_ok && clean && url.len() <= 500 { Ok(Self(url.to_string())) } else { Err(ServiceError::Url) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new external service, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExternalService {
    pub code: String,
    pub name: String,
    pub url: ServiceUrl,
    /// One of the names [`crate::ui::icon::Icon::from_name`] knows; others
    /// show the generic external-link icon.
    pub icon: String,
    pub audience: Audience,
    /// Limits the service to one agency's employees.
    pub agency_code: Option<String>,
    pub sort_order: i64,
}

impl NewExternalService {
    pub fn new(code: &str, name: &str, url: &str, icon: &str, audience: &str) -> Result<Self, ServiceError> {
        let code = code.trim();
        if !(2..=32).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(ServiceError::Code);
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(ServiceError::Name);
        }
        Ok(Self {
            code: code.to_ascii_uppercase(),
            name: name.to_string(),
            url: ServiceUrl::parse(url)?,
            icon: icon.trim().to_ascii_lowercase(),
            audience: Audience::parse(audience).ok_or(ServiceError::Audience)?,
            agency_code: None,
            sort_order: 0,
        })
    }
}

/// A service as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalLink {
    pub code: String,
    pub name: String,
    pub url: String,
    pub icon: String,
    /// The portal's address of the service's logo, shown instead of the icon.
    pub logo: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_urls_with_a_plain_host_are_links() {
        for good in ["https://myasn.bkn.go.id", "https://siasn.bkn.go.id/login?x=1", "https://e-kinerja.example:8443/"]
        {
            assert_eq!(ServiceUrl::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "http://myasn.bkn.go.id",
            "javascript:alert(1)",
            "data:text/html,hi",
            "https://",
            "https:///path",
            "https://user@evil.example",
            "https://a b.example",
            "https://ok.example/\"onmouseover=x",
            "https://ok.example/a\nb",
            "//myasn.bkn.go.id",
        ] {
            assert_eq!(ServiceUrl::parse(bad), Err(ServiceError::Url), "{bad:?}");
        }
    }

    #[test]
    fn a_service_is_checked_field_by_field() {
        let ok = NewExternalService::new("myasn", " MyASN ", "https://myasn.bkn.go.id", "Person", "ALL").unwrap();
        assert_eq!((ok.code.as_str(), ok.name.as_str(), ok.icon.as_str()), ("MYASN", "MyASN", "person"));
        assert_eq!(ok.audience, Audience::All);
        assert_eq!(NewExternalService::new("x", "A", "https://a.example", "", "all"), Err(ServiceError::Code));
        assert_eq!(NewExternalService::new("AB", "", "https://a.example", "", "all"), Err(ServiceError::Name));
        assert_eq!(
            NewExternalService::new("AB", "A", "https://a.example", "", "everyone"),
            Err(ServiceError::Audience)
        );
    }

    #[test]
    fn cpns_see_what_pns_see_and_pppk_their_own() {
        assert_eq!(Audience::codes_for(EmployeeKind::Cpns), ["all", "pns"]);
        assert_eq!(Audience::codes_for(EmployeeKind::Pppk), ["all", "pppk"]);
    }
}
