//! The employee's own account pages: change password (also the forced
//! `update_password` step) and active sessions. Both work as plain forms
//! without JavaScript; hydrated, they update in place.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{ChangePassword, EndOtherSessions, EndSession, my_sessions, password_form};
use super::model::{PasswordFormInfo, SessionView};
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;
use crate::ui::password_rules::PasswordRules;
use crate::ui::password_toggle::PasswordToggle;

/// `/account/password`.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| password_form());
    view! {
        <PageTitle msg=Msg::ChangePasswordTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) => view! { <ChangePasswordForm info /> }.into_any(),
                    Err(e) => refused(&e, "/account/password"),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ChangePasswordForm(info: PasswordFormInfo) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let show = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let kind = move || if show.get() { "text" } else { "password" };
    let error = move || action.value().get().and_then(Result::err).map(|e| form_error(e, "password-error"));
    let forced = info.forced;
    view! {
        <section class="card account-form">
            <h1>{t(Msg::ChangePasswordTitle)}</h1>
            <ChangedNotice action />
            <p class="muted">{if forced { t(Msg::ForcedPasswordIntro) } else { t(Msg::ChangePasswordIntro) }}</p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="next" value=next />
                {(!forced)
                    .then(|| {
                        view! {
                            <label for="current_password">{t(Msg::CurrentPasswordLabel)}</label>
                            <input
                                id="current_password"
                                name="current_password"
                                type=kind
                                autocomplete="current-password"
                                maxlength="1024"
                                required
                            />
                        }
                    })}
                <label for="new_password">{t(Msg::NewPasswordLabel)}</label>
                <input
                    id="new_password"
                    name="new_password"
                    type=kind
                    autocomplete="new-password"
                    maxlength="1024"
                    aria-describedby="password-rules"
                    required
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <PasswordRules profile=info.profile nip=info.nip name=info.name typed live=hydrated />
                <label for="confirm_password">{t(Msg::ConfirmPasswordLabel)}</label>
                <input
                    id="confirm_password"
                    name="confirm_password"
                    type=kind
                    autocomplete="new-password"
                    maxlength="1024"
                    required
                />
                <PasswordToggle
                    show
                    hydrated
                    controls=if forced {
                        "new_password confirm_password"
                    } else {
                        "current_password new_password confirm_password"
                    }
                    class="toggle-button"
                />
                <label class="checkbox">
                    <input type="checkbox" name="keep_signed_in" value="on" checked />
                    {t(Msg::KeepSignedIn)}
                </label>
                {error}
                <button type="submit" class="button" data-testid="password-submit">
                    {t(Msg::SavePassword)}
                </button>
            </ActionForm>
        </section>
    }
}

/// That the password changed. After a plain form post the server's
/// redirect carries `done`; once hydrated the same redirect is a client
/// navigation after the action.
#[component]
fn ChangedNotice(action: ServerAction<ChangePassword>) -> impl IntoView {
    let query = use_query_map();
    let done = move || query.read().get("done").is_some() && !action.value().with(|v| matches!(v, Some(Err(_))));
    move || {
        done().then(|| {
            view! {
                <p class="form-success" role="status" data-testid="password-changed">
                    {t(Msg::PasswordChanged)}
                </p>
            }
        })
    }
}

/// `/account/sessions`.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let end = ServerAction::<EndSession>::new();
    let end_all = ServerAction::<EndOtherSessions>::new();
    let sessions = Resource::new(|| (), |_| my_sessions());
    // Reload the list after either action, in the browser only. (Keying the
    // resource on the actions' versions made the server render read those
    // signals from a task outside the request's arena, an intermittent panic.)
    Effect::watch(move || (end.version().get(), end_all.version().get()), move |_, _, _| sessions.refetch(), false);
    let end_error = move || {
        end.value().get().and_then(Result::err).map(|e| {
            let msg = if e == AppError::NotFound { Msg::SessionGone } else { e.message() };
            view! {
                <p class="form-error" role="alert" data-testid="sessions-error">
                    {t(msg)}
                </p>
            }
        })
    };
    view! {
        <PageTitle msg=Msg::SessionsTitle />
        <section class="card sessions">
            <h1>{t(Msg::SessionsTitle)}</h1>
            <p class="muted">{t(Msg::SessionsIntro)}</p>
            {end_error}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionList list end end_all /> }.into_any(),
                        Err(e) => refused(&e, "/account/sessions"),
                    }
                })}
            </Suspense>
            <p class="muted small">{t(Msg::TimesInWib)}</p>
        </section>
    }
}

#[component]
fn SessionList(
    list: Vec<SessionView>,
    end: ServerAction<EndSession>,
    end_all: ServerAction<EndOtherSessions>,
) -> impl IntoView {
    let others = list.iter().filter(|s| !s.current).count();
    let items = list
        .into_iter()
        .map(|s| {
            let current = s.current;
            let handle = s.handle.clone();
            view! {
                <li class="session" class:session-current=current data-testid="session">
                    <p class="session-device">
                        {match s.device.clone() {
                            Some(d) => d.into_any(),
                            None => t(Msg::UnknownDevice).into_any(),
                        }}
                        {current
                            .then(|| {
                                view! {
                                    <span class="badge" data-testid="this-device">
                                        {t(Msg::ThisDevice)}
                                    </span>
                                }
                            })}
                    </p>
                    <dl class="session-facts">
                        <dt>{t(Msg::SessionIp)}</dt>
                        <dd>{s.ip.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>{t(Msg::SessionSignedIn)}</dt>
                        <dd>{s.signed_in_at.clone()}</dd>
                        <dt>{t(Msg::SessionLastSeen)}</dt>
                        <dd>{s.last_seen_at.clone()}</dd>
                    </dl>
                    {(!current)
                        .then(|| {
                            view! {
                                <ActionForm action=end>
                                    <input type="hidden" name="handle" value=handle />
                                    <button type="submit" class="button button-secondary" data-testid="end-session">
                                        {t(Msg::EndSession)}
                                    </button>
                                </ActionForm>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="session-list">{items}</ul>
        {if others > 0 {
            view! {
                <ActionForm action=end_all>
                    <button type="submit" class="button" data-testid="end-other-sessions">
                        {t(Msg::EndOtherSessions)}
                    </button>
                </ActionForm>
            }
                .into_any()
        } else {
            view! { <p data-testid="no-other-sessions">{t(Msg::NoOtherSessions)}</p> }.into_any()
        }}
    }
}
