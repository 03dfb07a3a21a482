//! What a protected page shows when its data call is refused: the sign-in
//! page or the step still owed (a real 302 on the server render), or an
//! error notice for anything else.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::url::encode_query;
use crate::error::AppError;
use crate::i18n::{Msg, t};

pub const OTP_PATH: &str = "/sign-in/otp";
pub const ENROL_PATH: &str = "/sign-in/enrol";
pub const PASSWORD_PATH: &str = "/account/password";

/// Where a session at `stage` goes next, on its way to `next`.
#[cfg(feature = "ssr")]
pub fn step_path(stage: crate::server::session::Stage, next: &str) -> String {
    use crate::server::session::Stage;
    let step = match stage {
        Stage::SignedIn => return next.to_string(),
        Stage::VerifyTotp => OTP_PATH,
        Stage::EnrollTotp => ENROL_PATH,
        Stage::UpdatePassword => PASSWORD_PATH,
    };
    format!("{step}?next={}", encode_query(next))
}

/// `here` is the page's own path, to come back to afterwards.
pub fn refused(err: &AppError, here: &str) -> AnyView {
    let to = match err {
        AppError::Unauthorized => format!("/sign-in?next={}", encode_query(here)),
        AppError::SecondFactorRequired => format!("{OTP_PATH}?next={}", encode_query(here)),
        AppError::EnrolmentRequired => format!("{ENROL_PATH}?next={}", encode_query(here)),
        AppError::PasswordChangeRequired => format!("{PASSWORD_PATH}?next={}", encode_query(here)),
        AppError::Forbidden => {
            return view! {
                <section class="notice" role="alert" data-testid="forbidden">
                    <p>{t(Msg::Forbidden)}</p>
                </section>
            }
            .into_any();
        }
        _ => {
            return view! {
                <section class="notice" role="alert">
                    <h1>{t(Msg::ErrorTitle)}</h1>
                    <p>{t(Msg::ErrorBody)}</p>
                </section>
            }
            .into_any();
        }
    };
    // Leptos sets Location on an async server render but leaves the status
    // at 200; make it a real redirect.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FOUND);
    }
    view! { <Redirect path=to /> }.into_any()
}
