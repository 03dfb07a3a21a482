//! The signed-in home (beranda).

use leptos::prelude::*;

use super::api::dashboard_overview;
use super::external::ExternalLink;
use super::model::Overview;
use crate::account::sign_out::SignOut;
use crate::i18n::{Msg, t};
use crate::ui::guard::refused;
use crate::ui::icon::{Icon, IconSvg};
use crate::ui::nav::SERVICES;
use crate::ui::page_title::PageTitle;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| dashboard_overview());
    view! {
        <PageTitle msg=Msg::DashboardTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => {
                        view! {
                            <Who overview=o.clone() />
                            <OwnServices unread_notices=o.unread_notices />
                            {(o.pending_corrections > 0)
                                .then(|| {
                                    view! {
                                        <Waiting
                                            href="/corrections"
                                            msg=Msg::DashboardPendingCorrections
                                            count=o.pending_corrections
                                            testid="pending-corrections"
                                        />
                                    }
                                })}
                            {o
                                .is_admin
                                .then(|| {
                                    view! {
                                        <section class="card" data-testid="admin-console">
                                            <a href="/admin/employees">{t(Msg::AdminEmployeesTitle)}</a>
                                        </section>
                                    }
                                })}
                            {(o.pending_leave > 0)
                                .then(|| {
                                    view! {
                                        <Waiting
                                            href="/leave/inbox"
                                            msg=Msg::DashboardPendingLeave
                                            count=o.pending_leave
                                            testid="pending-leave"
                                        />
                                    }
                                })}
                            {(!o.external.is_empty()).then(|| view! { <OtherServices links=o.external /> })}
                            <AccountCard />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/dashboard"),
                }
            })}
        </Suspense>
    }
}

/// Who is signed in, and where they work.
#[component]
fn Who(overview: Overview) -> impl IntoView {
    let o = overview;
    view! {
        <section class="card who" data-testid="dashboard">
            <h1>{t(Msg::DashboardGreeting)} " " {o.name.clone()}</h1>
            <p class="muted">"NIP " <span data-testid="dashboard-nip">{o.nip.clone()}</span></p>
            {o.position.clone().map(|p| view! { <p class="who-position">{p}</p> })}
            <p class="muted" data-testid="dashboard-unit">
                {match &o.unit {
                    Some(unit) => format!("{unit} · {}", o.agency),
                    None => o.agency.clone(),
                }}
            </p>
        </section>
    }
}

/// The portal's own services, with the unread count where there is one.
#[component]
fn OwnServices(unread_notices: i64) -> impl IntoView {
    view! {
        <section aria-labelledby="my-services">
            <h2 id="my-services">{t(Msg::DashboardMyServices)}</h2>
            <ul class="tiles" data-testid="own-services">
                {SERVICES
                    .iter()
                    .map(|s| {
                        let count = (s.href == Some("/announcements") && unread_notices > 0).then_some(unread_notices);
                        view! { <ServiceTile icon=s.icon label=s.label description=s.description href=s.href count /> }
                    })
                    .collect_view()}
                <ServiceTile
                    icon=Icon::Shield
                    label=Msg::SecurityTitle
                    description=Msg::ServiceSecurityDesc
                    href=Some("/account/security")
                    count=None
                />
            </ul>
        </section>
    }
}

/// A count of requests waiting for the employee, linking to where they wait.
#[component]
fn Waiting(href: &'static str, msg: Msg, count: i64, testid: &'static str) -> impl IntoView {
    view! {
        <section class="card" data-testid=testid>
            <a href=href>{t(msg)} ": " <strong>{count}</strong></a>
        </section>
    }
}

/// The agency's links to services outside the portal.
#[component]
fn OtherServices(links: Vec<ExternalLink>) -> impl IntoView {
    view! {
        <section aria-labelledby="other-services">
            <h2 id="other-services">{t(Msg::DashboardOtherServices)}</h2>
            <ul class="tiles" data-testid="external-services">
                {links
                    .into_iter()
                    .map(|s| {
                        let icon = match s.logo {
                            Some(src) => {
                                view! { <img class="service-logo" src=src alt="" width="28" height="28" /> }.into_any()
                            }
                            None => view! { <IconSvg icon=Icon::from_name(&s.icon) /> }.into_any(),
                        };
                        view! {
                            <li class="tile tile-link" data-service=s.code>
                                <a href=s.url target="_blank" rel="noopener noreferrer">
                                    <span class="tile-icon">{icon}</span>
                                    <span class="tile-title">{s.name}</span>
                                    <span class="tile-desc">{t(Msg::OpensInNewTab)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The account's own pages, and signing out.
#[component]
fn AccountCard() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <section class="card">
            <h2>{t(Msg::AccountHeading)}</h2>
            <ul class="link-list">
                <li>
                    <a href="/account/password">{t(Msg::ChangePasswordTitle)}</a>
                </li>
                <li>
                    <a href="/account/sessions">{t(Msg::SessionsTitle)}</a>
                </li>
                <li>
                    <a href="/account/services">{t(Msg::ServicesTitle)}</a>
                </li>
            </ul>
            <ActionForm action=sign_out>
                <button type="submit" class="button" data-testid="sign-out">
                    {t(Msg::SignOut)}
                </button>
            </ActionForm>
        </section>
    }
}

/// One of the portal's own services: a link once its pages exist, marked
/// "coming soon" until then.
#[component]
fn ServiceTile(
    icon: Icon,
    label: Msg,
    description: Msg,
    href: Option<&'static str>,
    count: Option<i64>,
) -> impl IntoView {
    let body = move || {
        view! {
            <span class="tile-icon">
                <IconSvg icon />
            </span>
            <span class="tile-title">{t(label)}</span>
            <span class="tile-desc">{t(description)}</span>
            {count
                .map(|n| {
                    view! {
                        <span class="badge badge-new" data-testid="tile-count">
                            {n}
                            " "
                            {t(Msg::NoticeUnread)}
                        </span>
                    }
                })}
        }
    };
    match href {
        Some(href) => view! {
            <li class="tile tile-link" data-available="true">
                <a href=href>{body()}</a>
            </li>
        }
        .into_any(),
        None => view! {
            <li class="tile" data-available="false">
                {body()}
                <span class="badge">{t(Msg::ComingSoon)}</span>
            </li>
        }
        .into_any(),
    }
}
