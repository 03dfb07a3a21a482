//! Pages of the second factor: the code step, enrolment (QR code), the
//! one-time display of recovery codes, and account security. All work as
//! plain forms without JavaScript; errors come back through the redirect.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use super::api::{
    AddAuthenticator, ConfirmEnrolment, RecoveryCodesSaved, RegenerateRecoveryCodes, RemoveAuthenticator, VerifyCode,
    enrolment_info, new_recovery_codes, otp_step, security_overview,
};
use super::model::{EnrolmentView, SecurityView};
use crate::account::sign_out::SignOut;
use crate::error::AppError;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

/// An action's error, in the reader's language, with details.
fn action_error<A>(action: ServerAction<A>, testid: &'static str) -> impl IntoView
where
    A: leptos::server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    move || action.value().get().and_then(Result::err).map(|e| form_error(e, testid))
}

fn next_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.read().get("next").unwrap_or_default()
}

/// The code input: digits on phone keyboards, filled from SMS-style
/// autofill where the platform offers it.
#[component]
fn CodeField(#[prop(into)] id: String, label: Msg) -> impl IntoView {
    let for_id = id.clone();
    view! {
        <label for=for_id>{t(label)}</label>
        <input
            id=id
            name="code"
            class="code-input"
            autocomplete="one-time-code"
            autocapitalize="off"
            spellcheck="false"
            maxlength="24"
            required
        />
    }
}

/// `/sign-in/otp`: the code after the password.
#[component]
pub fn OtpPage() -> impl IntoView {
    let step = Resource::new(|| (), |_| otp_step());
    let next = next_param();
    view! {
        <PageTitle msg=Msg::OtpTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match step.await {
                    Ok(()) => view! { <OtpForm /> }.into_any(),
                    Err(AppError::Conflict) => {
                        view! { <Redirect path=crate::ui::url::safe_next(Some(&next())) /> }.into_any()
                    }
                    Err(e) => refused(&e, &crate::ui::url::safe_next(Some(&next()))),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OtpForm() -> impl IntoView {
    let action = ServerAction::<VerifyCode>::new();
    let cancel = ServerAction::<SignOut>::new();
    let next = next_param();
    view! {
        <section class="card sign-in">
            <h1>{t(Msg::OtpTitle)}</h1>
            <p class="muted">{t(Msg::OtpIntro)}</p>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="next" value=next />
                <CodeField id="code" label=Msg::OtpLabel />
                <p class="muted small">{t(Msg::OtpOrRecoveryHint)}</p>
                {action_error(action, "otp-error")}
                <button type="submit" class="button" data-testid="otp-submit">
                    {t(Msg::Verify)}
                </button>
            </ActionForm>
            <p class="small">
                <a href="/reset/authenticator">{t(Msg::LostAuthenticatorLink)}</a>
            </p>
            <ActionForm action=cancel>
                <button type="submit" class="link-button">
                    {t(Msg::CancelSignIn)}
                </button>
            </ActionForm>
        </section>
    }
}

/// `/sign-in/enrol` (the forced first set-up) and `/account/security/add`.
#[component]
pub fn EnrolPage() -> impl IntoView {
    let info = Resource::new(|| (), |_| enrolment_info());
    let next = next_param();
    view! {
        <PageTitle msg=Msg::EnrolTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(info) => view! { <EnrolForm info /> }.into_any(),
                    Err(AppError::NotFound) => {
                        view! {
                            <section class="notice" role="alert">
                                <p>{t(Msg::EnrolGone)}</p>
                                <a class="button" href="/account/security">
                                    {t(Msg::SecurityTitle)}
                                </a>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, &crate::ui::url::safe_next(Some(&next()))),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EnrolForm(info: EnrolmentView) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<ConfirmEnrolment>::new();
    let cancel = ServerAction::<SignOut>::new();
    let next = next_param();
    let adding = info.adding;
    view! {
        <section class="card enrol">
            <h1>{if adding { t(Msg::EnrolAddTitle) } else { t(Msg::EnrolTitle) }}</h1>
            <p class="muted">{t(Msg::EnrolIntro)}</p>
            <ol class="steps">
                <li>{t(Msg::EnrolStep1)}</li>
                <li>{t(Msg::EnrolStep2)}</li>
            </ol>
            <div
                class="qr"
                role="img"
                aria-label=move || Msg::QrAlt.text(lang.get())
                data-testid="totp-qr"
                inner_html=info.qr_svg
            ></div>
            <p class="small">
                <a href=info.otpauth_uri class="button button-secondary" data-testid="totp-open">
                    {t(Msg::EnrolOpenInApp)}
                </a>
            </p>
            <p class="muted small">{t(Msg::EnrolOpenInAppHint)}</p>
            <p class="muted small">{t(Msg::ManualEntry)}</p>
            <p class="secret">
                <code data-testid="totp-secret">{info.secret_grouped}</code>
            </p>
            <p class="muted small">{info.issuer} " · " {info.account}</p>
            <ol class="steps" start="3">
                <li>{t(Msg::EnrolStep3)}</li>
            </ol>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="next" value=next />
                <CodeField id="enrol-code" label=Msg::OtpLabel />
                <label for="device_name">{t(Msg::DeviceNameLabel)}</label>
                <input
                    id="device_name"
                    name="device_name"
                    maxlength="40"
                    placeholder=move || Msg::DeviceNamePlaceholder.text(lang.get())
                    required
                />
                {action_error(action, "enrol-error")}
                <button type="submit" class="button" data-testid="enrol-submit">
                    {t(Msg::Submit)}
                </button>
            </ActionForm>
            {(!adding)
                .then(|| {
                    view! {
                        <ActionForm action=cancel>
                            <button type="submit" class="link-button">
                                {t(Msg::CancelSignIn)}
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}

/// `/account/recovery-codes`: new codes, shown until the user says they
/// saved them.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let codes = Resource::new(|| (), |_| new_recovery_codes());
    let action = ServerAction::<RecoveryCodesSaved>::new();
    let next = next_param();
    view! {
        <PageTitle msg=Msg::RecoveryTitle />
        <section class="card account-form">
            <h1>{t(Msg::RecoveryTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match codes.await {
                        Ok(Some(codes)) => {
                            view! {
                                <p>{t(Msg::RecoveryIntro)}</p>
                                <ol class="recovery-codes" data-testid="recovery-codes">
                                    {codes
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <code>{c}</code>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                                <ActionForm action attr:class="form">
                                    <input type="hidden" name="next" value=next />
                                    <button type="submit" class="button" data-testid="recovery-saved">
                                        {t(Msg::RecoverySaved)}
                                    </button>
                                </ActionForm>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            view! {
                                <p data-testid="recovery-none">{t(Msg::RecoveryNone)}</p>
                                <a class="button" href="/account/security">
                                    {t(Msg::SecurityTitle)}
                                </a>
                            }
                                .into_any()
                        }
                        Err(e) => refused(&e, "/account/recovery-codes"),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/account/security`: authenticators and recovery codes.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let remove = ServerAction::<RemoveAuthenticator>::new();
    let overview = Resource::new(|| (), |_| security_overview());
    // Reload after a removal, in the browser only (see SessionsPage).
    Effect::watch(move || remove.version().get(), move |_, _, _| overview.refetch(), false);
    let query = use_query_map();
    let notice = move || {
        let ok = !remove.value().with(|v| matches!(v, Some(Err(_))));
        match query.read().get("notice").as_deref() {
            Some("added") => Some(Msg::DeviceAddedNotice),
            Some("removed") if ok => Some(Msg::DeviceRemoved),
            _ => None,
        }
        .map(|m| {
            view! {
                <p class="form-success" role="status" data-testid="security-notice">
                    {t(m)}
                </p>
            }
        })
    };
    view! {
        <PageTitle msg=Msg::SecurityTitle />
        <section class="card security">
            <h1>{t(Msg::SecurityTitle)}</h1>
            <p class="muted">{t(Msg::SecurityIntro)}</p>
            {notice}
            {action_error(remove, "remove-error")}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(view) => view! { <SecurityDetails view remove /> }.into_any(),
                        Err(e) => refused(&e, "/account/security"),
                    }
                })}
            </Suspense>
            <p class="muted small">{t(Msg::TimesInWib)}</p>
        </section>
    }
}

#[component]
fn SecurityDetails(view: SecurityView, remove: ServerAction<RemoveAuthenticator>) -> impl IntoView {
    let add = ServerAction::<AddAuthenticator>::new();
    let regenerate = ServerAction::<RegenerateRecoveryCodes>::new();
    let devices = view
        .devices
        .into_iter()
        .map(|d| {
            view! {
                <li class="device" data-testid="device">
                    <p class="device-name">{d.name}</p>
                    <dl class="session-facts">
                        <dt>{t(Msg::DeviceAdded)}</dt>
                        <dd>{d.added_at}</dd>
                        <dt>{t(Msg::DeviceLastUsed)}</dt>
                        <dd>
                            {match d.last_used_at {
                                Some(at) => at.into_any(),
                                None => t(Msg::NeverUsed).into_any(),
                            }}
                        </dd>
                    </dl>
                    <ActionForm action=remove>
                        <input type="hidden" name="id" value=d.id.to_string() />
                        <button type="submit" class="button button-secondary" data-testid="remove-device">
                            {t(Msg::RemoveDevice)}
                        </button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{t(Msg::DevicesHeading)}</h2>
        <ul class="session-list">{devices}</ul>
        <h3>{t(Msg::AddDeviceHeading)}</h3>
        <p class="muted small">{t(Msg::AddDeviceIntro)}</p>
        <ActionForm action=add attr:class="form" attr:novalidate="">
            <label for="add-password">{t(Msg::PasswordLabel)}</label>
            <input
                id="add-password"
                name="password"
                type="password"
                autocomplete="current-password"
                maxlength="1024"
                required
            />
            <CodeField id="add-code" label=Msg::OtpLabel />
            {action_error(add, "add-error")}
            <button type="submit" class="button" data-testid="add-device">
                {t(Msg::AddDevice)}
            </button>
        </ActionForm>
        <h2>{t(Msg::RecoveryTitle)}</h2>
        <p>{t(Msg::RecoveryLeftPrefix)} " " <strong data-testid="recovery-left">{view.recovery_left}</strong></p>
        {view
            .few_left
            .then(|| {
                view! {
                    <p class="form-error" role="status" data-testid="recovery-few">
                        {t(Msg::RecoveryFewLeft)}
                    </p>
                }
            })}
        <h3>{t(Msg::RegenerateHeading)}</h3>
        <p class="muted small">{t(Msg::RegenerateIntro)}</p>
        <ActionForm action=regenerate attr:class="form" attr:novalidate="">
            <CodeField id="regenerate-code" label=Msg::OtpLabel />
            {action_error(regenerate, "regenerate-error")}
            <button type="submit" class="button" data-testid="regenerate">
                {t(Msg::Regenerate)}
            </button>
        </ActionForm>
    }
}
