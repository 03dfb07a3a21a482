//! The sign-in page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::SignIn;
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
    let notice = move || match query.read().get("notice").as_deref() {
        Some("password-changed") => Some(Msg::PasswordChangedSignIn),
        Some("password-reset") => Some(Msg::PasswordResetDone),
        Some("authenticator-reset") => Some(Msg::MfaResetDone),
        _ => None,
    };
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let show = RwSignal::new(false);
    let error = move || {
        action.value().get().and_then(Result::err).map(|e| {
            view! { <p class="form-error" role="alert" data-testid="sign-in-error">{move || e.text(lang.get())}</p> }
        })
    };
    view! {
        <PageTitle msg=Msg::SignInTitle />
        <section class="card sign-in">
            <h1>{t(Msg::SignInTitle)}</h1>
            {move || {
                notice().map(|m| view! { <p class="form-success" role="status" data-testid="sign-in-notice">{t(m)}</p> })
            }}
            <p class="muted">{t(Msg::SignInIntro)}</p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="next" value=next />
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
                {error}
                <button type="submit" class="button" data-testid="sign-in-submit">{t(Msg::SignIn)}</button>
            </ActionForm>
            <ul class="link-list small">
                <li><a href="/reset" data-testid="forgot-password">{t(Msg::ForgotPasswordLink)}</a></li>
                <li><a href="/reset/authenticator">{t(Msg::LostAuthenticatorLink)}</a></li>
            </ul>
        </section>
    }
}
