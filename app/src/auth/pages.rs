//! The sign-in page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{SignIn, sign_in_captcha};
use crate::error::AppError;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::page_title::PageTitle;
use crate::ui::password_toggle::PasswordToggle;

/// NIP and password. A plain form post without JavaScript (errors come back
/// through the redirect); an in-place form once hydrated, with show/hide.
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = move || {
        action.value().get().and_then(Result::err).map(|e| {
            view! {
                <p class="form-error" role="alert" data-testid="sign-in-error">
                    {move || e.text(lang.get())}
                </p>
            }
        })
    };
    view! {
        <PageTitle msg=Msg::SignInTitle />
        <section class="card sign-in">
            <h1>{t(Msg::SignInTitle)}</h1>
            <Notice />
            <p class="muted">{t(Msg::SignInIntro)}</p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="next" value=next />
                <Credentials />
                <Captcha action />
                {error}
                <button type="submit" class="button" data-testid="sign-in-submit">
                    {t(Msg::SignIn)}
                </button>
            </ActionForm>
            <ul class="link-list small">
                <li>
                    <a href="/reset" data-testid="forgot-password">
                        {t(Msg::ForgotPasswordLink)}
                    </a>
                </li>
                <li>
                    <a href="/reset/authenticator">{t(Msg::LostAuthenticatorLink)}</a>
                </li>
                <li>
                    <a href="/help" data-testid="sign-in-help">
                        {t(Msg::HelpLink)}
                    </a>
                </li>
            </ul>
        </section>
    }
}

/// Why the employee is back at sign-in (a password just changed or reset).
#[component]
fn Notice() -> impl IntoView {
    let query = use_query_map();
    let notice = move || match query.read().get("notice").as_deref() {
        Some("password-changed") => Some(Msg::PasswordChangedSignIn),
        Some("password-reset") => Some(Msg::PasswordResetDone),
        Some("authenticator-reset") => Some(Msg::MfaResetDone),
        _ => None,
    };
    move || {
        notice().map(|m| {
            view! {
                <p class="form-success" role="status" data-testid="sign-in-notice">
                    {t(m)}
                </p>
            }
        })
    }
}

/// The NIP and the password, with show/hide once hydrated.
#[component]
fn Credentials() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let show = RwSignal::new(false);
    view! {
        <label for="nip">{t(Msg::NipLabel)}</label>
        <input
            id="nip"
            name="nip"
            inputmode="numeric"
            autocomplete="username"
            placeholder="19860926 201505 1 001"
            maxlength="24"
            required
        />
        <label for="password">{t(Msg::PasswordLabel)}</label>
        <div class="password-field">
            <input
                id="password"
                name="password"
                type=move || if show.get() { "text" } else { "password" }
                autocomplete="current-password"
                maxlength="1024"
                required
            />
            <PasswordToggle show hydrated controls="password" class="link-button" />
        </div>
    }
}

/// After repeated wrong answers for a NIP the server asks for a captcha
/// too; each one is answered once, so every refusal brings a new one.
#[component]
fn Captcha(action: ServerAction<SignIn>) -> impl IntoView {
    let lang = use_lang();
    let needs_captcha =
        move || matches!(action.value().get(), Some(Err(AppError::CaptchaRequired | AppError::WrongCaptcha)));
    let challenge =
        Resource::new(needs_captcha, |needed| async move { if needed { sign_in_captcha().await.ok() } else { None } });
    Effect::watch(move || action.version().get(), move |_, _, _| challenge.refetch(), false);
    let captcha = move || {
        Suspend::new(async move {
            challenge.await.map(|c| {
                view! {
                    <input type="hidden" name="captcha_token" value=c.token />
                    <label for="captcha">{t(Msg::CaptchaLabel)}</label>
                    <img
                        class="captcha"
                        src=format!("data:image/png;base64,{}", c.png_base64)
                        alt=move || Msg::CaptchaAlt.text(lang.get())
                        width="200"
                        height="80"
                        data-testid="captcha-image"
                    />
                    <p class="muted small" id="captcha-alt">
                        {t(Msg::CaptchaAltIntro)}
                        " "
                        <span data-testid="captcha-question">{c.question}</span>
                    </p>
                    <input
                        id="captcha"
                        name="captcha"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        maxlength="16"
                        aria-describedby="captcha-alt"
                        required
                    />
                }
            })
        })
    };
    view! { <Suspense fallback=|| ()>{captcha}</Suspense> }
}
