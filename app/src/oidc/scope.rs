//! The scopes a service may ask for, and what each one releases.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Required: an ID token naming the employee by `sub`.
    OpenId,
    /// `name`.
    Profile,
    /// `email`.
    Email,
    /// The civil-service record: `nip`, `agency`, `agency_code`, `unit`,
    /// `position`, `rank`, `employee_kind`.
    Asn,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::OpenId, Scope::Profile, Scope::Email, Scope::Asn];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::OpenId => "openid",
            Scope::Profile => "profile",
            Scope::Email => "email",
            Scope::Asn => "asn",
        }
    }

    pub fn parse(word: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// The claims the scope releases (besides `sub`).
    pub fn claims(self) -> &'static [&'static str] {
        match self {
            Scope::OpenId => &[],
            Scope::Profile => &["name"],
            Scope::Email => &["email"],
            Scope::Asn => &["nip", "agency", "agency_code", "unit", "position", "rank", "employee_kind"],
        }
    }
}

/// A set of scopes, kept sorted and without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    pub fn new(iter: impl IntoIterator<Item = Scope>) -> Self {
        let mut v: Vec<Scope> = iter.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Scopes(v)
    }

    /// The known scopes in a space-separated list; unknown words are
    /// ignored, as OAuth lets a server do.
    pub fn parse_lenient(list: &str) -> Self {
        Scopes::new(list.split(' ').filter_map(Scope::parse))
    }

    /// Every word must be a known scope.
    pub fn parse_strict(list: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for word in list.split([' ', ',']).filter(|w| !w.is_empty()) {
            out.push(Scope::parse(word).ok_or_else(|| format!("unknown scope `{word}`"))?);
        }
        Ok(Scopes::new(out))
    }

    pub fn contains(&self, s: Scope) -> bool {
        self.0.contains(&s)
    }

    pub fn covers(&self, other: &Scopes) -> bool {
        other.0.iter().all(|s| self.contains(*s))
    }

    pub fn intersect(&self, other: &Scopes) -> Scopes {
        Scopes(self.0.iter().copied().filter(|s| other.contains(*s)).collect())
    }

    pub fn union(&self, other: &Scopes) -> Scopes {
        Scopes::new(self.0.iter().chain(other.0.iter()).copied())
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words: Vec<&str> = self.0.iter().map(|s| s.as_str()).collect();
        f.write_str(&words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_scopes_drop_unknown_words_and_repeats() {
        let s = Scopes::parse_lenient("email openid  offline_access email asn");
        assert_eq!(s.to_string(), "openid email asn");
        assert!(Scopes::parse_strict("openid phone").is_err());
        assert_eq!(Scopes::parse_strict("openid,profile").unwrap().to_string(), "openid profile");
    }

    #[test]
    fn coverage_intersection_and_union() {
        let allowed = Scopes::parse_lenient("openid profile");
        let asked = Scopes::parse_lenient("openid profile asn");
        assert!(!allowed.covers(&asked));
        assert_eq!(asked.intersect(&allowed).to_string(), "openid profile");
        assert_eq!(allowed.union(&asked).to_string(), "openid profile asn");
        assert!(asked.covers(&allowed));
    }
}
