//! `/attendance/team`: the month's recap of a group the reader leads or
//! administers, its CSV, and (for agency admins) work-from-anywhere grants.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{GrantWfa, attendance_team};
use super::model::*;
use super::pages::month_label;
use super::rules::Month;
use crate::error::AppError;
use crate::i18n::{Msg, long_date, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;
use crate::ui::url::encode_query;

#[component]
pub fn TeamAttendancePage() -> impl IntoView {
    let query = use_query_map();
    let params = move || (query.read().get("scope"), query.read().get("month"));
    let grant = ServerAction::<GrantWfa>::new();
    let recap =
        Resource::new(move || (params(), grant.version().get()), |((scope, month), _)| attendance_team(scope, month));
    view! {
        <PageTitle msg=Msg::AttendanceTeamTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match recap.await {
                    Ok(r) => {
                        view! {
                            <TeamFilters scopes=r.scopes.clone() scope=r.scope.clone() month=r.month />
                            <TeamTable rows=r.rows.clone() />
                            {r
                                .can_grant_wfa
                                .then(|| view! { <WfaCard grants=r.grants.clone() scope=r.scope.clone() grant /> })}
                        }
                            .into_any()
                    }
                    Err(AppError::Validation { .. }) => {
                        view! {
                            <section class="card">
                                <p role="alert">{t(Msg::AttendanceMonthInvalid)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(AppError::NotFound) => view! { <crate::ui::not_found::NotFound /> }.into_any(),
                    Err(e) => refused(&e, "/attendance/team"),
                }
            })}
        </Transition>
    }
}

/// Which group and month, the months before and after, and the CSV.
#[component]
fn TeamFilters(scopes: Vec<TeamScope>, scope: String, month: Month) -> impl IntoView {
    let lang = use_lang();
    let csv = format!("/attendance/recap.csv?scope={}&month={month}", encode_query(&scope));
    let link = {
        let scope = scope.clone();
        move |m: Month| format!("/attendance/team?scope={}&month={m}", encode_query(&scope))
    };
    view! {
        <section class="card who">
            <h1>{t(Msg::AttendanceTeamTitle)}</h1>
            <form method="get" action="/attendance/team" class="filters">
                <label>
                    <span>{t(Msg::AttendanceScope)}</span>
                    <select name="scope" data-testid="team-scope">
                        {scopes
                            .into_iter()
                            .map(|s| {
                                let selected = s.value == scope;
                                view! {
                                    <option value=s.value selected=selected>
                                        {match s.name {
                                            Some(n) => n.into_any(),
                                            None => t(Msg::AttendanceMyReports).into_any(),
                                        }}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t(Msg::AttendanceMonth)}</span>
                    <input type="month" name="month" value=month.to_string() />
                </label>
                <button type="submit" class="button button-secondary">
                    {t(Msg::AttendanceShow)}
                </button>
            </form>
            <nav class="month-nav">
                <a href=link(month.previous())>"‹ " {move || month_label(month.previous(), lang.get())}</a>
                <h2>{move || month_label(month, lang.get())}</h2>
                <a href=link(month.next())>{move || month_label(month.next(), lang.get())} " ›"</a>
            </nav>
            <p>
                <a class="button button-secondary" href=csv rel="external" download="" data-testid="team-csv">
                    {t(Msg::AttendanceCsv)}
                </a>
            </p>
        </section>
    }
}

/// One row per employee: the month's counts.
#[component]
fn TeamTable(rows: Vec<TeamRow>) -> impl IntoView {
    let headings = [
        Msg::AttendanceEmployee,
        Msg::AttendanceWorkingDays,
        Msg::AttendancePresent,
        Msg::AttendanceLate,
        Msg::AttendanceEarly,
        Msg::AttendanceNoCheckOut,
        Msg::AttendanceAbsent,
        Msg::AttendanceWfa,
    ];
    view! {
        <section class="card table-scroll">
            {if rows.is_empty() {
                view! { <p class="muted">{t(Msg::AttendanceTeamEmpty)}</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="team-recap">
                        <thead>
                            <tr>{headings.into_iter().map(|h| view! { <th>{t(h)}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>{rows.into_iter().map(|row| view! { <TeamLine row /> }).collect_view()}</tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn TeamLine(row: TeamRow) -> impl IntoView {
    let c = row.counts;
    let nip = crate::domain::Nip::parse(&row.nip).map_or_else(|_| row.nip.clone(), |n| n.grouped());
    view! {
        <tr data-nip=row.nip.clone()>
            <td>{row.name}<br /> <span class="muted">{nip} {row.unit.map(|u| format!(" · {u}"))}</span></td>
            <td>{c.working_days}</td>
            <td>{c.present}</td>
            <td>{c.late}</td>
            <td>{c.early_leave}</td>
            <td>{c.no_check_out}</td>
            <td>{c.absent}</td>
            <td>{c.wfa}</td>
        </tr>
    }
}

#[component]
fn WfaCard(grants: Vec<WfaGrantView>, scope: String, grant: ServerAction<GrantWfa>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid="wfa">
            <h2>{t(Msg::WfaTitle)}</h2>
            <p class="muted">{t(Msg::WfaIntro)}</p>
            {if grants.is_empty() {
                view! { <p class="muted">{t(Msg::WfaNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="history" data-testid="wfa-grants">
                        {grants
                            .into_iter()
                            .map(|g| {
                                let (from, to) = (g.starts_on, g.ends_on);
                                let nip = crate::domain::Nip::parse(&g.nip)
                                    .map_or_else(|_| g.nip.clone(), |n| n.grouped());
                                // Names repeat in an agency: the NIP says who.
                                view! {
                                    <li data-nip=g.nip.clone()>
                                        <strong>{g.name}</strong>
                                        " ("
                                        {nip}
                                        ") · "
                                        {move || long_date(from, lang.get())}
                                        " – "
                                        {move || long_date(to, lang.get())}
                                        <br />
                                        <span class="muted">{g.reason}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <ActionForm action=grant attr:class="form">
                <input type="hidden" name="scope" value=scope />
                <label>
                    <span>"NIP"</span>
                    <input name="nip" inputmode="numeric" autocomplete="off" required data-testid="wfa-nip" />
                </label>
                <label>
                    <span>{t(Msg::WfaFrom)}</span>
                    <input type="date" name="starts_on" required data-testid="wfa-from" />
                </label>
                <label>
                    <span>{t(Msg::WfaTo)}</span>
                    <input type="date" name="ends_on" required data-testid="wfa-to" />
                </label>
                <label>
                    <span>{t(Msg::WfaReason)}</span>
                    <input name="reason" maxlength="300" required data-testid="wfa-reason" />
                </label>
                <button type="submit" class="button" data-testid="wfa-submit">
                    {t(Msg::WfaGrant)}
                </button>
            </ActionForm>
            {move || {
                grant
                    .value()
                    .get()
                    .map(|outcome| match outcome {
                        Ok(_) => {
                            view! {
                                <p class="form-success" role="status" data-testid="wfa-ok">
                                    {t(Msg::WfaGranted)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => form_error(e, "wfa-error").into_any(),
                    })
            }}
        </section>
    }
}
