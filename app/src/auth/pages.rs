//! The sign-in page and the signed-in landing page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{SignIn, SignOut, current_user};
use crate::i18n::{Msg, t, use_lang};
use crate::ui::guard::refused;
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
        <Title text=move || Msg::SignInTitle.text(lang.get()) />
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

/// The signed-in landing page (the dashboard issue fills it).
#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let user = Resource::new(|| (), |_| current_user());
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <Title text=move || Msg::DashboardTitle.text(lang.get()) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(user) => view! {
                        <section class="card" data-testid="dashboard">
                            <h1>{t(Msg::DashboardGreeting)} " " {user.name.clone()}</h1>
                            <p class="muted">"NIP " {user.nip.clone()}</p>
                            {user.position.clone().map(|p| view! { <p>{p}</p> })}
                            <p>{t(Msg::DashboardNote)}</p>
                            <h2>{t(Msg::AccountHeading)}</h2>
                            <ul class="link-list">
                                <li><a href="/account/password">{t(Msg::ChangePasswordTitle)}</a></li>
                                <li><a href="/account/sessions">{t(Msg::SessionsTitle)}</a></li>
                                <li><a href="/account/security">{t(Msg::SecurityTitle)}</a></li>
                            </ul>
                            <ActionForm action=sign_out>
                                <button type="submit" class="button" data-testid="sign-out">{t(Msg::SignOut)}</button>
                            </ActionForm>
                        </section>
                    }
                    .into_any(),
                    Err(e) => refused(&e, "/dashboard"),
                }
            })}
        </Suspense>
    }
}
