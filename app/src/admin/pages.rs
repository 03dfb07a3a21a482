//! `/admin/employees` (search) and `/admin/employees/:id` (one employee's
//! account, sessions, devices, sign-in events and documents). Plain GET
//! forms: they work without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{AdminAct, AdminRole, admin_employee, admin_employees};
use super::model::*;
use super::panel::{ActionPanel, UploadFor};
use super::roles_panel::RolesCard;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, t};
use crate::ui::guard::refused;
use crate::ui::history::{HistoryCard, HistoryLine};
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
            <a href="/admin/calendar">{t(Msg::AdminCalendarTitle)}</a>
            <a href="/admin/jobs">{t(Msg::AdminJobsTitle)}</a>
            <a href="/admin/hours">{t(Msg::AdminHoursTitle)}</a>
            <a href="/admin/offices">{t(Msg::AdminOfficesTitle)}</a>
            <a href="/admin/contact">{t(Msg::AdminContactTitle)}</a>
        </nav>
    }
}

/// Which of the admin's agencies a page shows (`?agency=CODE`): a plain GET form.
#[component]
pub fn AgencyChoice(path: &'static str, agencies: Vec<(String, String)>, chosen: String) -> impl IntoView {
    view! {
        <form method="get" action=path class="filters">
            <label>
                <span>{t(Msg::AdminContactAgency)}</span>
                <select name="agency" data-testid="agency-choice">
                    {agencies
                        .into_iter()
                        .map(|(code, name)| {
                            let selected = code == chosen;
                            view! {
                                <option value=code selected=selected>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="button button-secondary">
                {t(Msg::AdminCalendarShow)}
            </button>
        </form>
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
                        let wanted = Wanted {
                            q: get("q").unwrap_or_default(),
                            unit: get("unit"),
                            kind: get("kind"),
                            state: get("state"),
                        };
                        view! {
                            <AdminNav />
                            <SearchForm units=console.units.clone() wanted />
                            <section class="card">
                                {console
                                    .truncated
                                    .then(|| {
                                        view! {
                                            <p class="muted" role="status">
                                                {t(Msg::AdminTruncated)}
                                            </p>
                                        }
                                    })} <SearchResults rows=console.rows />
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

/// The search as the address asks for it.
#[derive(Clone)]
struct Wanted {
    q: String,
    unit: Option<String>,
    kind: Option<String>,
    state: Option<String>,
}

#[component]
fn SearchForm(units: Vec<Choice>, wanted: Wanted) -> impl IntoView {
    let Wanted { q, unit, kind, state } = wanted;
    view! {
        <section class="card who">
            <h1>{t(Msg::AdminEmployeesTitle)}</h1>
            <form method="get" action="/admin/employees" class="form filters" data-testid="admin-search">
                <label for="admin-q">{t(Msg::AdminSearchLabel)}</label>
                <input id="admin-q" name="q" value=q maxlength="100" />
                <label for="admin-unit">{t(Msg::AdminUnit)}</label>
                <select id="admin-unit" name="unit">
                    <option value="">{t(Msg::AdminAll)}</option>
                    {units
                        .into_iter()
                        .map(|u| {
                            let selected = unit.as_deref() == Some(u.id.to_string().as_str());
                            view! {
                                <option value=u.id.to_string() selected=selected>
                                    {u.name}
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
                                <option value=s.as_str() selected=state.as_deref() == Some(s.as_str())>
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
    }
}

#[component]
fn SearchResults(rows: Vec<EmployeeRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="muted" data-testid="admin-none">
                {t(Msg::AdminNone)}
            </p>
        }
        .into_any();
    }
    view! {
        <ul class="history" data-testid="admin-results">
            {rows
                .into_iter()
                .map(|r| {
                    view! {
                        <li data-id=r.id.to_string()>
                            <span>
                                <a href=format!("/admin/employees/{}", r.id)>{r.name.clone()}</a>
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
}

#[component]
pub fn AdminEmployeePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let act = ServerAction::<AdminAct>::new();
    let role = ServerAction::<AdminRole>::new();
    let data =
        Resource::new(move || (id(), act.version().get(), role.version().get()), |(id, _, _)| admin_employee(id));
    view! {
        <PageTitle msg=Msg::AdminEmployeeTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        view! {
                            <AdminNav />
                            <EmployeeFacts detail=d.clone() />
                            <ActionPanel id=d.row.id state=d.row.state email=d.email.clone() act=act />
                            <RolesCard id=d.row.id roles=d.roles.clone() can_change=d.can_change_roles change=role />
                            <EmployeeHistories detail=d.clone() />
                            <UploadFor nip=d.row.nip.clone() types=d.types.clone() />
                            {(!d.email_history.is_empty()).then(|| view! { <EmailHistory changes=d.email_history /> })}
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, &format!("/admin/employees/{}", id())),
                }
            })}
        </Transition>
    }
}

/// Who the employee is, and where their account stands.
#[component]
fn EmployeeFacts(detail: EmployeeDetail) -> impl IntoView {
    let d = detail;
    view! {
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
    }
}

/// The employee's authenticators, sessions, sign-in events and documents.
#[component]
fn EmployeeHistories(detail: EmployeeDetail) -> impl IntoView {
    let d = detail;
    let line = |what: AnyView, at: AnyView| view! { <HistoryLine what when=at /> };
    view! {
        <HistoryCard title=Msg::AdminDevices testid="admin-devices">
            {d
                .devices
                .into_iter()
                .map(|dv| {
                    let at = format!(
                        "{}{}",
                        when(dv.created_at),
                        dv.last_used_at.map(|u| format!(" · {}", when(u))).unwrap_or_default(),
                    );
                    line(dv.name.into_any(), at.into_any())
                })
                .collect_view()}
        </HistoryCard>
        <HistoryCard title=Msg::AdminSessions testid="admin-sessions">
            {d
                .sessions
                .into_iter()
                .map(|s| {
                    let at = format!(
                        "{} · {} · {}",
                        when(s.created_at),
                        when(s.last_seen_at),
                        s.ip.unwrap_or_default(),
                    );
                    line(s.user_agent.unwrap_or_default().into_any(), at.into_any())
                })
                .collect_view()}
        </HistoryCard>
        <HistoryCard title=Msg::AdminEvents testid="admin-events" ordered=true>
            {d
                .events
                .into_iter()
                .map(|e| {
                    let what = format!("{}{}", e.event, e.reason.map(|r| format!(" ({r})")).unwrap_or_default());
                    line(what.into_any(), format!("{} · {}", when(e.at), e.ip.unwrap_or_default()).into_any())
                })
                .collect_view()}
        </HistoryCard>
        <HistoryCard title=Msg::AdminDocuments testid="admin-documents">
            {d
                .documents
                .into_iter()
                .map(|doc| {
                    view! {
                        <li>
                            <a href=format!("/documents/{}", doc.id)>{doc.title}</a>
                            <span class="muted">{doc.type_code} " · " {when(doc.uploaded_at)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </HistoryCard>
    }
}

/// Every change of the employee's e-mail address, by whom and why.
#[component]
fn EmailHistory(changes: Vec<EmailChange>) -> impl IntoView {
    view! {
        <HistoryCard title=Msg::AdminEmailHistory testid="admin-email-history" ordered=true>
            {changes
                .into_iter()
                .map(|c| {
                    let what = format!("{} → {}", c.old_email, c.new_email);
                    let at = format!(
                        "{} · {}{}",
                        when(c.at),
                        c.source,
                        c.reason.map(|r| format!(" · {r}")).unwrap_or_default(),
                    );
                    view! { <HistoryLine what=what.into_any() when=at.into_any() /> }
                })
                .collect_view()}
        </HistoryCard>
    }
}
