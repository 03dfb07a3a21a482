//! `/admin/employees` (search) and `/admin/employees/:id` (one employee's
//! account, sessions, devices, sign-in events and documents). Plain GET
//! forms: they work without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{AdminAct, admin_employee, admin_employees};
use super::model::*;
use super::panel::{ActionPanel, UploadFor};
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, t};
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

fn state_msg(state: AccountState) -> Msg {
    match state {
        AccountState::Disabled => Msg::AdminStateDisabled,
        AccountState::Locked => Msg::AdminStateLocked,
        AccountState::NotActivated => Msg::AdminStateNotActivated,
        AccountState::NoAuthenticator => Msg::AdminStateNoAuthenticator,
        AccountState::Active => Msg::AdminStateActive,
    }
}

fn state_badge(state: AccountState) -> impl IntoView {
    let class = if state == AccountState::Active { "badge badge-ok" } else { "badge badge-new" };
    view! {
        <span class=class data-state=state.as_str()>
            {t(state_msg(state))}
        </span>
    }
}

fn grouped(nip: &str) -> String {
    crate::domain::Nip::parse(nip).map_or_else(|_| nip.to_string(), |n| n.grouped())
}

fn when(at: i64) -> String {
    format_timestamp(at, WIB_OFFSET_HOURS)
}

/// The console's sections.
#[component]
pub fn AdminNav() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label=t(Msg::AdminConsole) data-testid="admin-nav">
            <a href="/admin/employees">{t(Msg::AdminEmployeesTitle)}</a>
            <a href="/admin/archive">{t(Msg::AdminArchiveTitle)}</a>
            <a href="/admin/audit">{t(Msg::AdminAuditTitle)}</a>
            <a href="/admin/import">{t(Msg::AdminImportTitle)}</a>
        </nav>
    }
}

#[component]
pub fn AdminEmployeesPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |key: &str| query.read().get(key).filter(|v| !v.is_empty());
    let data = Resource::new(
        move || (get("q"), get("unit"), get("kind"), get("state")),
        |(q, unit, kind, state)| admin_employees(q, unit, kind, state),
    );
    view! {
        <PageTitle msg=Msg::AdminEmployeesTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(console) => {
                        let (q, unit, kind, state) = (
                            get("q").unwrap_or_default(),
                            get("unit"),
                            get("kind"),
                            get("state"),
                        );
                        view! {
                            <AdminNav />
                            <section class="card who">
                                <h1>{t(Msg::AdminEmployeesTitle)}</h1>
                                <form
                                    method="get"
                                    action="/admin/employees"
                                    class="form filters"
                                    data-testid="admin-search"
                                >
                                    <label for="admin-q">{t(Msg::AdminSearchLabel)}</label>
                                    <input id="admin-q" name="q" value=q maxlength="100" />
                                    <label for="admin-unit">{t(Msg::AdminUnit)}</label>
                                    <select id="admin-unit" name="unit">
                                        <option value="">{t(Msg::AdminAll)}</option>
                                        {console
                                            .units
                                            .iter()
                                            .map(|u| {
                                                let selected = unit.as_deref() == Some(u.id.to_string().as_str());
                                                view! {
                                                    <option value=u.id.to_string() selected=selected>
                                                        {u.name.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <label for="admin-kind">{t(Msg::AdminKind)}</label>
                                    <select id="admin-kind" name="kind">
                                        <option value="">{t(Msg::AdminAll)}</option>
                                        {["pns", "cpns", "pppk"]
                                            .into_iter()
                                            .map(|k| {
                                                view! {
                                                    <option value=k selected=kind.as_deref() == Some(k)>
                                                        {k.to_uppercase()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <label for="admin-state">{t(Msg::AdminState)}</label>
                                    <select id="admin-state" name="state">
                                        <option value="">{t(Msg::AdminAll)}</option>
                                        {AccountState::ALL
                                            .into_iter()
                                            .map(|s| {
                                                view! {
                                                    <option
                                                        value=s.as_str()
                                                        selected=state.as_deref() == Some(s.as_str())
                                                    >
                                                        {t(state_msg(s))}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                    <button type="submit" class="button">
                                        {t(Msg::AdminSearch)}
                                    </button>
                                </form>
                            </section>
                            <section class="card">
                                {console
                                    .truncated
                                    .then(|| {
                                        view! {
                                            <p class="muted" role="status">
                                                {t(Msg::AdminTruncated)}
                                            </p>
                                        }
                                    })}
                                {if console.rows.is_empty() {
                                    view! {
                                        <p class="muted" data-testid="admin-none">
                                            {t(Msg::AdminNone)}
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <ul class="history" data-testid="admin-results">
                                            {console
                                                .rows
                                                .into_iter()
                                                .map(|r| {
                                                    view! {
                                                        <li data-id=r.id.to_string()>
                                                            <span>
                                                                <a href=format!(
                                                                    "/admin/employees/{}",
                                                                    r.id,
                                                                )>{r.name.clone()}</a>
                                                                " "
                                                                {state_badge(r.state)}
                                                            </span>
                                                            <span class="muted">
                                                                {grouped(&r.nip)} " · " {r.kind.to_uppercase()}
                                                                {r.unit.clone().map(|u| format!(" · {u}"))}
                                                            </span>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/employees"),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn AdminEmployeePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let act = ServerAction::<AdminAct>::new();
    let data = Resource::new(move || (id(), act.version().get()), |(id, _)| admin_employee(id));
    view! {
        <PageTitle msg=Msg::AdminEmployeeTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        view! {
                            <AdminNav />
                            <section class="card who" data-testid="admin-employee" data-state=d.row.state.as_str()>
                                <h1>{d.row.name.clone()} " " {state_badge(d.row.state)}</h1>
                                <dl class="facts">
                                    <dt>"NIP"</dt>
                                    <dd>{grouped(&d.row.nip)}</dd>
                                    <dt>{t(Msg::AdminKind)}</dt>
                                    <dd>{d.row.kind.to_uppercase()}</dd>
                                    <dt>{t(Msg::AdminAgency)}</dt>
                                    <dd>{d.agency.clone()} {d.row.unit.clone().map(|u| format!(" · {u}"))}</dd>
                                    <dt>{t(Msg::AdminPosition)}</dt>
                                    <dd>{d.position.clone().unwrap_or_else(|| "-".into())}</dd>
                                    <dt>{t(Msg::AdminEmail)}</dt>
                                    <dd>{d.email.clone()}</dd>
                                    <dt>{t(Msg::AdminFailedCount)}</dt>
                                    <dd>{d.failed_count}</dd>
                                    {d
                                        .locked_until
                                        .map(|until| {
                                            view! {
                                                <dt>{t(Msg::AdminLockedUntil)}</dt>
                                                <dd>{when(until)}</dd>
                                            }
                                        })}
                                    {d
                                        .must_change
                                        .then(|| {
                                            view! {
                                                <dt>{t(Msg::AdminMustChange)}</dt>
                                                <dd>"✓"</dd>
                                            }
                                        })}
                                </dl>
                            </section>
                            <ActionPanel id=d.row.id state=d.row.state email=d.email.clone() act=act />
                            <section class="card">
                                <h2>{t(Msg::AdminDevices)}</h2>
                                <ul class="history" data-testid="admin-devices">
                                    {d
                                        .devices
                                        .into_iter()
                                        .map(|dv| {
                                            view! {
                                                <li>
                                                    <span>{dv.name}</span>
                                                    <span class="muted">
                                                        {when(dv.created_at)}
                                                        {dv.last_used_at.map(|u| format!(" · {}", when(u)))}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                            <section class="card">
                                <h2>{t(Msg::AdminSessions)}</h2>
                                <ul class="history" data-testid="admin-sessions">
                                    {d
                                        .sessions
                                        .into_iter()
                                        .map(|s| {
                                            view! {
                                                <li>
                                                    <span>{s.user_agent.unwrap_or_default()}</span>
                                                    <span class="muted">
                                                        {when(s.created_at)} " · " {when(s.last_seen_at)} " · "
                                                        {s.ip.unwrap_or_default()}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                            <section class="card">
                                <h2>{t(Msg::AdminEvents)}</h2>
                                <ol class="history" data-testid="admin-events">
                                    {d
                                        .events
                                        .into_iter()
                                        .map(|e| {
                                            view! {
                                                <li>
                                                    <span>{e.event} {e.reason.map(|r| format!(" ({r})"))}</span>
                                                    <span class="muted">
                                                        {when(e.at)} " · " {e.ip.unwrap_or_default()}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            </section>
                            <section class="card">
                                <h2>{t(Msg::AdminDocuments)}</h2>
                                <ul class="history" data-testid="admin-documents">
                                    {d
                                        .documents
                                        .into_iter()
                                        .map(|doc| {
                                            view! {
                                                <li>
                                                    <a href=format!("/documents/{}", doc.id)>{doc.title}</a>
                                                    <span class="muted">
                                                        {doc.type_code} " · " {when(doc.uploaded_at)}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                            <UploadFor nip=d.row.nip.clone() types=d.types.clone() />
                            {(!d.email_history.is_empty())
                                .then(|| {
                                    view! {
                                        <section class="card">
                                            <h2>{t(Msg::AdminEmailHistory)}</h2>
                                            <ol class="history" data-testid="admin-email-history">
                                                {d
                                                    .email_history
                                                    .iter()
                                                    .map(|c| {
                                                        view! {
                                                            <li>
                                                                <span>
                                                                    {c.old_email.clone()} " → " {c.new_email.clone()}
                                                                </span>
                                                                <span class="muted">
                                                                    {when(c.at)} " · " {c.source.clone()}
                                                                    {c.reason.clone().map(|r| format!(" · {r}"))}
                                                                </span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ol>
                                        </section>
                                    }
                                })}
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, &format!("/admin/employees/{}", id())),
                }
            })}
        </Transition>
    }
}
