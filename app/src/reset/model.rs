//! The types the pages and the server functions share.

use serde::{Deserialize, Serialize};

/// What the wizard is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    /// A new password (also the activation of an account without one).
    Password,
    /// Removing a lost authenticator.
    Authenticator,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Password => "password",
            Purpose::Authenticator => "authenticator",
        }
    }

    /// Anything unknown is the password reset.
    pub fn parse(s: &str) -> Self {
        if s == "authenticator" { Purpose::Authenticator } else { Purpose::Password }
    }

    /// The wizard's page.
    pub fn path(self) -> &'static str {
        match self {
            Purpose::Password => "/reset",
            Purpose::Authenticator => "/reset/authenticator",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResetStep {
    Identify,
    Email,
    Code,
}

impl ResetStep {
    pub fn parse(s: &str) -> Self {
        match s {
            "email" => ResetStep::Email,
            "code" => ResetStep::Code,
            _ => ResetStep::Identify,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetView {
    pub purpose: Purpose,
    pub step: ResetStep,
    /// Base64 PNG of the captcha (step one, unless switched off).
    pub captcha_png: Option<String>,
    /// The accessible alternative, in the reader's language.
    pub captcha_question: Option<String>,
    pub code_minutes: i64,
    /// For the live checklist at step three: the policy, and the NIP the
    /// user typed (the name is not shown: it would tell who the NIP is).
    pub profile: crate::domain::password::PolicyProfile,
    pub nip: String,
    /// Step three: the address typed at step two, masked
    /// (`s•••@nusajaya.go.id`), so the employee knows where to look.
    pub email_hint: Option<String>,
}
