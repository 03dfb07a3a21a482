//! `/email/confirm?token=…` and `/email/object?token=…`: the two links of an
//! admin's e-mail correction (see `email_change`). Each page explains what
//! its button does; the button is a plain form post, so the page works
//! without JavaScript and a mail scanner that opens links changes nothing.
//! Neither needs a signed-in session: the token is the proof.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::page_title::PageTitle;

/// Confirms the e-mail correction the token names; `false` when no open
/// request has it (used, replaced, stopped or expired).
#[server(prefix = "/api", endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<bool, AppError> {
    answer(token, true).await
}

/// Stops the e-mail correction the token names; `false` when no open
/// request has it.
#[server(prefix = "/api", endpoint = "stop_email_change")]
pub async fn stop_email_change(token: String) -> Result<bool, AppError> {
    answer(token, false).await
}

#[cfg(feature = "ssr")]
async fn answer(token: String, confirm: bool) -> Result<bool, AppError> {
    use super::email_change::{self, Outcome};
    use crate::server::context::{fail, request_info, state};

    let state = state()?;
    let request = request_info();
    let now = state.clock.now();
    let internal = |e: sqlx::Error| {
        tracing::error!(error = %e, "answering an e-mail change failed");
        fail(AppError::Internal)
    };
    let mut tx = state.db.begin().await.map_err(internal)?;
    let token = token.trim();
    let outcome = if confirm {
        email_change::confirm(&mut tx, token, &request, now).await
    } else {
        email_change::object(&mut tx, token, &request, now).await
    }
    .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(outcome != Outcome::Gone)
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    view! { <EmailLink confirm=true /> }
}

#[component]
pub fn StopEmailChangePage() -> impl IntoView {
    view! { <EmailLink confirm=false /> }
}

#[component]
fn EmailLink(confirm: bool) -> impl IntoView {
    let confirm_action = ServerAction::<ConfirmEmailChange>::new();
    let stop_action = ServerAction::<StopEmailChange>::new();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let (title, intro, button) = if confirm {
        (Msg::EmailConfirmTitle, Msg::EmailConfirmIntro, Msg::EmailConfirmButton)
    } else {
        (Msg::EmailStopTitle, Msg::EmailStopIntro, Msg::EmailStopButton)
    };
    let outcome = move || if confirm { confirm_action.value().get() } else { stop_action.value().get() };
    let result = move || {
        outcome().map(|answer| {
            let class = if matches!(answer, Ok(true)) { "form-success" } else { "form-error" };
            let msg = match (answer, confirm) {
                (Ok(true), true) => Msg::EmailConfirmDone,
                (Ok(true), false) => Msg::EmailStopDone,
                (Ok(false), _) => Msg::EmailLinkGone,
                (Err(e), _) => e.message(),
            };
            view! {
                <p class=class role="status" data-testid="email-link-result">
                    {t(msg)}
                </p>
            }
        })
    };
    let form = move || {
        let fields = view! {
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button" data-testid="email-link-submit">
                {t(button)}
            </button>
        };
        if confirm {
            view! {
                <ActionForm action=confirm_action attr:class="form">
                    {fields}
                </ActionForm>
            }
            .into_any()
        } else {
            view! {
                <ActionForm action=stop_action attr:class="form">
                    {fields}
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <PageTitle msg=title />
        <section class="card sign-in" data-testid="email-link">
            <h1>{t(title)}</h1>
            <p class="muted">{t(intro)}</p>
            {move || if outcome().is_some() { result().into_any() } else { form().into_any() }}
            <p>
                <a href="/sign-in">{t(Msg::SignIn)}</a>
            </p>
        </section>
    }
}
