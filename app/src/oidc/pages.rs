//! `/oauth/consent` (what a service will receive, allow or decline) and
//! `/account/services` (the services signed in to, each revocable). Both
//! work without WebAssembly: the consent answer is a plain form post.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{ConfirmSignIn, RevokeService, consent_details, my_services};
use super::model::ConnectedService;
use super::scope::Scope;
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

fn scope_text(s: Scope) -> Msg {
    match s {
        Scope::OpenId => Msg::ScopeOpenId,
        Scope::Profile => Msg::ScopeProfile,
        Scope::Email => Msg::ScopeEmail,
        Scope::Asn => Msg::ScopeAsn,
    }
}

/// `/oauth/confirm?next=…`: a service asked for a fresh sign-in; password
/// and code again, in place, then on to the service. A plain form post.
#[component]
pub fn ConfirmSignInPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmSignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    view! {
        <PageTitle msg=Msg::ConfirmSignInTitle />
        <section class="card sign-in" data-testid="confirm-sign-in">
            <h1>{t(Msg::ConfirmSignInTitle)}</h1>
            <p class="muted">{t(Msg::ConfirmSignInIntro)}</p>
            <ActionForm action=confirm attr:class="form">
                <input type="hidden" name="next" value=next />
                <label for="confirm-password">{t(Msg::PasswordLabel)}</label>
                <input id="confirm-password" name="password" type="password" autocomplete="current-password" required />
                <label for="confirm-code">{t(Msg::AdminReauthCode)}</label>
                <input
                    id="confirm-code"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="8"
                    required
                />
                {move || {
                    confirm
                        .value()
                        .get()
                        .and_then(Result::err)
                        .map(|e| crate::ui::form_error::form_error(e, "confirm-error"))
                }}
                <button type="submit" class="button" data-testid="confirm-submit">
                    {t(Msg::AdminReauthSubmit)}
                </button>
            </ActionForm>
            <p>
                <a href="/dashboard">{t(Msg::ConfirmSignInCancel)}</a>
            </p>
        </section>
    }
}

/// `/oauth/consent?request=…`.
#[component]
pub fn ConsentPage() -> impl IntoView {
    let query = use_query_map();
    let request = move || query.read().get("request").unwrap_or_default();
    let view_data = Resource::new(request, consent_details);
    view! {
        <PageTitle msg=Msg::ConsentTitle />
        <section class="card consent" data-testid="consent">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match view_data.await {
                        Ok(v) => {
                            view! {
                                <h1>{t(Msg::ConsentTitle)}</h1>
                                <p class="consent-client">
                                    {v
                                        .logo
                                        .clone()
                                        .map(|src| {
                                            view! {
                                                <img
                                                    class="service-logo"
                                                    src=src
                                                    alt=""
                                                    width="48"
                                                    height="48"
                                                    data-testid="consent-logo"
                                                />
                                            }
                                        })} <strong data-testid="consent-client">{v.client_name.clone()}</strong> " "
                                    {t(Msg::ConsentIntro)}
                                </p>
                                <ul class="link-list" data-testid="consent-scopes">
                                    {v
                                        .scopes
                                        .iter()
                                        .map(|s| view! { <li data-scope=s.as_str()>{t(scope_text(*s))}</li> })
                                        .collect_view()}
                                </ul>
                                <p class="muted small">{t(Msg::ConsentNeverPassword)}</p>
                                <form method="post" action="/oauth/consent/decide" class="button-row">
                                    <input type="hidden" name="request" value=v.request.clone() />
                                    <button
                                        type="submit"
                                        name="decision"
                                        value="allow"
                                        class="button"
                                        data-testid="consent-allow"
                                    >
                                        {t(Msg::ConsentAllow)}
                                    </button>
                                    <button
                                        type="submit"
                                        name="decision"
                                        value="deny"
                                        class="button button-secondary"
                                        data-testid="consent-deny"
                                    >
                                        {t(Msg::ConsentDeny)}
                                    </button>
                                </form>
                            }
                                .into_any()
                        }
                        Err(AppError::NotFound) => {
                            view! {
                                <h1>{t(Msg::ConsentTitle)}</h1>
                                <p role="alert" data-testid="consent-gone">
                                    {t(Msg::ConsentGone)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => refused(&e, &format!("/oauth/consent?request={}", request())),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/account/services`.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeService>::new();
    let services = Resource::new(|| (), |_| my_services());
    Effect::watch(move || revoke.version().get(), move |_, _, _| services.refetch(), false);
    view! {
        <PageTitle msg=Msg::ServicesTitle />
        <section class="card services">
            <h1>{t(Msg::ServicesTitle)}</h1>
            <p class="muted">{t(Msg::ServicesIntro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match services.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p data-testid="no-services">{t(Msg::NoServices)}</p> }.into_any()
                        }
                        Ok(list) => view! { <ServiceList list revoke /> }.into_any(),
                        Err(e) => refused(&e, "/account/services"),
                    }
                })}
            </Suspense>
            <p class="muted small">{t(Msg::TimesInWib)}</p>
        </section>
    }
}

#[component]
fn ServiceList(list: Vec<ConnectedService>, revoke: ServerAction<RevokeService>) -> impl IntoView {
    list.into_iter()
        .map(|s| {
            let client = s.client_id.clone();
            view! {
                <article class="session" data-testid="service" data-client=client>
                    <p class="session-device">
                        {s
                            .logo
                            .clone()
                            .map(|src| view! { <img class="service-logo" src=src alt="" width="32" height="32" /> })}
                        <strong>{s.name.clone()}</strong>
                    </p>
                    <dl class="session-facts">
                        <dt>{t(Msg::ServiceShares)}</dt>
                        <dd>
                            <ul class="plain-list">
                                {s.scopes.iter().map(|sc| view! { <li>{t(scope_text(*sc))}</li> }).collect_view()}
                            </ul>
                        </dd>
                        <dt>{t(Msg::ServiceLastUsed)}</dt>
                        <dd>{s.last_used.clone().unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                    <ActionForm action=revoke>
                        <input type="hidden" name="client_id" value=s.client_id.clone() />
                        <button type="submit" class="button button-secondary" data-testid="revoke-service">
                            {t(Msg::RevokeService)}
                        </button>
                    </ActionForm>
                </article>
            }
        })
        .collect_view()
}
