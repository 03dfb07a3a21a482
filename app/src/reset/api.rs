//! Server functions of the reset wizard. The browser's flow is named by a
//! random token in its own cookie (`asn_reset`, `__Host-asn_reset` when
//! cookies are secure), HttpOnly, for 30 minutes.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod server {
    use crate::error::AppError;
    use crate::server::context::set_cookie;

    fn cookie_name(secure: bool) -> &'static str {
        if secure { "__Host-asn_reset" } else { "asn_reset" }
    }

    pub fn flow_token(secure: bool) -> Option<String> {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
        crate::server::session::random_token_cookie(header, cookie_name(secure))
    }

    pub fn set_flow_cookie(token: &str, secure: bool) -> Result<(), AppError> {
        let attrs = if secure { "; Secure" } else { "" };
        let max_age = if token.is_empty() { 0 } else { super::super::service::FLOW_SECONDS };
        set_cookie(&format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{attrs}",
            cookie_name(secure)
        ))
    }

    pub use crate::server::context::lang;
}

/// The wizard's current step; starts a flow when there is none.
#[server(prefix = "/api", endpoint = "reset_state")]
pub async fn reset_state(purpose: String) -> Result<ResetView, AppError> {
    use crate::server::context::{fail, request_info, state};
    use server::*;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    let token = flow_token(secure);
    let (view, new_token) =
        super::service::view(&state, token.as_deref(), Purpose::parse(&purpose), lang(), &request_info())
            .await
            .map_err(fail)?;
    if let Some(t) = new_token {
        set_flow_cookie(&t, secure)?;
    }
    Ok(view)
}

/// Step one: NIP and captcha answer.
#[server(prefix = "/api", endpoint = "reset_identify")]
pub async fn reset_identify(purpose: String, nip: String, captcha: Option<String>) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, state};
    use server::*;

    let state = state()?;
    let token = flow_token(state.settings.cookie_secure);
    let result = super::service::identify(
        &state,
        token.as_deref(),
        &nip,
        captcha.as_deref().unwrap_or_default(),
        &request_info(),
    )
    .await;
    result.map_err(fail)?;
    leptos_axum::redirect(Purpose::parse(&purpose).path());
    Ok(())
}

/// Step two: the registered e-mail address.
#[server(prefix = "/api", endpoint = "reset_send")]
pub async fn reset_send(purpose: String, email: String) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, state};
    use server::*;

    let state = state()?;
    let token = flow_token(state.settings.cookie_secure);
    super::service::send_code(&state, token.as_deref(), &email, &request_info()).await.map_err(fail)?;
    leptos_axum::redirect(Purpose::parse(&purpose).path());
    Ok(())
}

/// Step three: the code, and the new password twice (or, for a lost
/// authenticator, the current password).
#[server(prefix = "/api", endpoint = "reset_finish")]
pub async fn reset_finish(
    code: String,
    password: String,
    confirm_password: Option<String>,
    second_factor: Option<String>,
) -> Result<(), AppError> {
    use crate::server::context::{fail, request_info, state};
    use server::*;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    let token = flow_token(secure);
    let step = super::service::Finish {
        code: &code,
        password: &password,
        confirm: confirm_password.as_deref(),
        second_factor: second_factor.as_deref(),
    };
    let purpose = super::service::finish(&state, token.as_deref(), &step, &request_info()).await.map_err(fail)?;
    set_flow_cookie("", secure)?;
    leptos_axum::redirect(match purpose {
        Purpose::Password => "/sign-in?notice=password-reset",
        Purpose::Authenticator => "/sign-in?notice=authenticator-reset",
    });
    Ok(())
}

/// Forgets the flow: back to step one.
#[server(prefix = "/api", endpoint = "reset_restart")]
pub async fn reset_restart(purpose: String) -> Result<(), AppError> {
    use crate::server::context::{fail, state};
    use server::*;

    let state = state()?;
    let secure = state.settings.cookie_secure;
    super::service::restart(&state, flow_token(secure).as_deref()).await.map_err(fail)?;
    set_flow_cookie("", secure)?;
    leptos_axum::redirect(Purpose::parse(&purpose).path());
    Ok(())
}
