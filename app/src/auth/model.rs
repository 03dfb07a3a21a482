//! The types the pages and the server functions share.

use serde::{Deserialize, Serialize};

/// What the pages show about the signed-in employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub name: String,
    pub nip: String,
    pub position: Option<String>,
}

/// The captcha a sign-in form shows after repeated wrong answers for its
/// NIP: a picture, the same question in words, and the token the form
/// sends back with the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptchaChallenge {
    pub token: String,
    pub png_base64: String,
    pub question: String,
}
