//! `/reset` (forgot password, activation) and `/reset/authenticator` (lost
//! authenticator): one wizard, three steps, plain forms without JavaScript.

use leptos::prelude::*;

use super::api::{ResetFinish, ResetIdentify, ResetRestart, ResetSend, reset_state};
use super::model::{Purpose, ResetStep, ResetView};
use crate::error::AppError;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::page_title::PageTitle;
use crate::ui::password_rules::PasswordRules;
use crate::ui::password_toggle::PasswordToggle;

#[component]
pub fn ResetPage() -> impl IntoView {
    view! { <Wizard purpose=Purpose::Password /> }
}

#[component]
pub fn ResetAuthenticatorPage() -> impl IntoView {
    view! { <Wizard purpose=Purpose::Authenticator /> }
}

#[component]
fn Wizard(purpose: Purpose) -> impl IntoView {
    let identify = ServerAction::<ResetIdentify>::new();
    let send = ServerAction::<ResetSend>::new();
    let finish = ServerAction::<ResetFinish>::new();
    let restart = ServerAction::<ResetRestart>::new();
    let state = Resource::new(move || (), move |_| reset_state(purpose.as_str().to_string()));
    // Every answer changes the step or spends the captcha: reload the view
    // (in the browser only; see SessionsPage on why not a resource key).
    Effect::watch(
        move || (identify.version().get(), send.version().get(), restart.version().get(), finish.version().get()),
        move |_, _, _| state.refetch(),
        false,
    );
    let title = match purpose {
        Purpose::Password => Msg::ResetTitle,
        Purpose::Authenticator => Msg::ResetMfaTitle,
    };
    let intro = match purpose {
        Purpose::Password => Msg::ResetIntro,
        Purpose::Authenticator => Msg::ResetMfaIntro,
    };
    view! {
        <PageTitle msg=title />
        <section class="card sign-in reset">
            <h1>{t(title)}</h1>
            <p class="muted">{t(intro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match state.await {
                        Ok(view) => view! { <Step view identify send finish /> }.into_any(),
                        Err(e) => form_error(e, "reset-error").into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action=restart>
                <input type="hidden" name="purpose" value=purpose.as_str() />
                <button type="submit" class="link-button" data-testid="reset-restart">
                    {t(Msg::StartOver)}
                </button>
            </ActionForm>
            <p>
                <a href="/sign-in">{t(Msg::SignIn)}</a>
            </p>
        </section>
    }
}

#[component]
fn Step(
    view: ResetView,
    identify: ServerAction<ResetIdentify>,
    send: ServerAction<ResetSend>,
    finish: ServerAction<ResetFinish>,
) -> impl IntoView {
    let lang = use_lang();
    let purpose = view.purpose.as_str();
    let err = |v: Option<Result<(), AppError>>, id: &'static str| v.and_then(Result::err).map(|e| form_error(e, id));
    match view.step {
        ResetStep::Identify => view! {
            <h2 class="step-title">{t(Msg::ResetStepIdentify)}</h2>
            <ActionForm action=identify attr:class="form" attr:novalidate="">
                <input type="hidden" name="purpose" value=purpose />
                <label for="reset-nip">{t(Msg::NipLabel)}</label>
                <input id="reset-nip" name="nip" inputmode="numeric" autocomplete="username" maxlength="24" required />
                {view
                    .captcha_png
                    .map(|png| {
                        let question = view.captcha_question.clone().unwrap_or_default();
                        view! {
                            <label for="captcha">{t(Msg::CaptchaLabel)}</label>
                            <img
                                class="captcha"
                                src=format!("data:image/png;base64,{png}")
                                alt=move || Msg::CaptchaAlt.text(lang.get())
                                width="200"
                                height="80"
                                data-testid="captcha-image"
                            />
                            <a class="link-button" href=view.purpose.path() data-testid="captcha-refresh">
                                {t(Msg::CaptchaRefresh)}
                            </a>
                            <p class="muted small" id="captcha-alt">
                                {t(Msg::CaptchaAltIntro)}
                                " "
                                <span data-testid="captcha-question">{question}</span>
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
                    })}
                {move || err(identify.value().get(), "identify-error")}
                <button type="submit" class="button" data-testid="reset-check">
                    {t(Msg::Check)}
                </button>
            </ActionForm>
        }
        .into_any(),
        ResetStep::Email => view! {
            <h2 class="step-title">{t(Msg::ResetStepEmail)}</h2>
            <p class="muted small">{t(Msg::EmailStepIntro)}</p>
            <ActionForm action=send attr:class="form" attr:novalidate="">
                <input type="hidden" name="purpose" value=purpose />
                <label for="reset-email">{t(Msg::EmailLabel)}</label>
                <input id="reset-email" name="email" type="email" autocomplete="email" maxlength="254" required />
                {move || err(send.value().get(), "send-error")}
                <button type="submit" class="button" data-testid="reset-send">
                    {t(Msg::Send)}
                </button>
            </ActionForm>
        }
        .into_any(),
        ResetStep::Code => view! { <CodeStep view finish /> }.into_any(),
    }
}

/// The authenticator or recovery code a password reset also needs. Shown
/// to everyone: whether this account has an authenticator is not for the
/// page to say.
#[component]
fn SecondFactorField() -> impl IntoView {
    view! {
        <label for="reset-second-factor">{t(Msg::ResetSecondFactorLabel)}</label>
        <input
            id="reset-second-factor"
            name="second_factor"
            autocomplete="one-time-code"
            maxlength="32"
            aria-describedby="reset-second-factor-hint"
            data-testid="reset-second-factor"
        />
        <p class="muted small" id="reset-second-factor-hint">
            {t(Msg::ResetSecondFactorHint)}
        </p>
    }
}

/// Where the code went (the typed address, masked), how long it lasts, and
/// the help page's answer for when it does not arrive.
#[component]
fn CodeSent(hint: Option<String>, minutes: i64) -> impl IntoView {
    view! {
        <p class="muted small" data-testid="code-sent">
            {t(Msg::CodeStepIntroPrefix)}
            {hint
                .map(|hint| {
                    view! {
                        " "
                        {t(Msg::CodeStepSentTo)}
                        " "
                        <strong data-testid="email-hint">{hint}</strong>
                    }
                })}
            ". "
            {t(Msg::CodeStepValidFor)}
            " "
            {minutes}
            " "
            {t(Msg::CodeStepIntroSuffix)}
        </p>
        <p class="small">
            <a href="/help#email">{t(Msg::HelpEmailMissingLink)}</a>
        </p>
    }
}

#[component]
fn CodeStep(view: ResetView, finish: ServerAction<ResetFinish>) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let show = RwSignal::new(false);
    let kind = move || if show.get() { "text" } else { "password" };
    let for_password = view.purpose == Purpose::Password;
    let typed = RwSignal::new(String::new());
    let (profile, nip) = (view.profile, view.nip.clone());
    view! {
        <h2 class="step-title">{t(Msg::ResetStepCode)}</h2>
        <CodeSent hint=view.email_hint.clone() minutes=view.code_minutes />
        <ActionForm action=finish attr:class="form" attr:novalidate="">
            <label for="reset-code">{t(Msg::ResetCodeLabel)}</label>
            <input
                id="reset-code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="16"
                required
            />
            {if for_password {
                view! {
                    <label for="reset-password">{t(Msg::NewPasswordLabel)}</label>
                    <input
                        id="reset-password"
                        name="password"
                        type=kind
                        autocomplete="new-password"
                        maxlength="1024"
                        aria-describedby="password-rules"
                        required
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    <PasswordRules profile nip=nip.clone() name=String::new() typed live=hydrated />
                    <label for="reset-confirm">{t(Msg::ConfirmPasswordLabel)}</label>
                    <input
                        id="reset-confirm"
                        name="confirm_password"
                        type=kind
                        autocomplete="new-password"
                        maxlength="1024"
                        required
                    />
                    <PasswordToggle show hydrated controls="reset-password reset-confirm" class="toggle-button" />
                    <SecondFactorField />
                }
                    .into_any()
            } else {
                view! {
                    <label for="reset-password">{t(Msg::CurrentPasswordForMfa)}</label>
                    <input
                        id="reset-password"
                        name="password"
                        type=kind
                        autocomplete="current-password"
                        maxlength="1024"
                        required
                    />
                    <PasswordToggle show hydrated controls="reset-password" class="toggle-button" />
                }
                    .into_any()
            }}
            {move || finish.value().get().and_then(Result::err).map(|e| form_error(e, "finish-error"))}
            <button type="submit" class="button" data-testid="reset-finish">
                {if for_password { t(Msg::ResetFinishPassword) } else { t(Msg::ResetFinishMfa) }}
            </button>
        </ActionForm>
    }
}
