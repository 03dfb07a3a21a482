//! `/admin/archive`: who lacks which core documents, per unit, with a
//! reminder for one employee or for everyone shown.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{AdminRemind, admin_archive};
use super::model::{ArchiveRow, Choice};
use super::pages::AdminNav;
use crate::documents::model::DocumentType;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn AdminArchivePage() -> impl IntoView {
    let query = use_query_map();
    let unit = move || query.read().get("unit").filter(|v| !v.is_empty());
    let remind = ServerAction::<AdminRemind>::new();
    let data = Resource::new(move || (unit(), remind.version().get()), |(unit, _)| admin_archive(unit));
    view! {
        <PageTitle msg=Msg::AdminArchiveTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((v, types)) => {
                        let chosen = unit().unwrap_or_default();
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminArchiveTitle)}</h1>
                                <p class="muted">{t(Msg::AdminArchiveIntro)}</p>
                                <UnitFilter units=v.units.clone() chosen=chosen.clone() />
                                <p
                                    data-testid="archive-summary"
                                    data-complete=v.complete.to_string()
                                    data-total=v.total.to_string()
                                >
                                    {format!("{} / {} ", v.complete, v.total)}
                                    {t(Msg::AdminArchiveComplete)}
                                </p>
                                {(!v.rows.is_empty()).then(|| view! { <RemindAll remind unit=chosen /> })}
                                <RemindOutcome remind />
                            </section>
                            <section class="card">
                                <ul class="history" data-testid="archive-rows">
                                    {v
                                        .rows
                                        .into_iter()
                                        .map(|row| view! { <Incomplete row types=types.clone() remind /> })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/archive"),
                }
            })}
        </Transition>
    }
}

#[component]
fn UnitFilter(units: Vec<Choice>, chosen: String) -> impl IntoView {
    view! {
        <form method="get" action="/admin/archive" class="filters">
            <label>
                <span>{t(Msg::AdminUnit)}</span>
                <select name="unit" data-testid="archive-unit">
                    <option value="">{t(Msg::AdminAll)}</option>
                    {units
                        .into_iter()
                        .map(|u| {
                            let id = u.id.to_string();
                            view! {
                                <option value=id.clone() selected=id == chosen>
                                    {u.name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="button">
                {t(Msg::AdminSearch)}
            </button>
        </form>
    }
}

#[component]
fn RemindAll(remind: ServerAction<AdminRemind>, unit: String) -> impl IntoView {
    view! {
        <ActionForm action=remind>
            <input type="hidden" name="unit" value=unit />
            <button type="submit" class="button button-secondary" data-testid="remind-all">
                {t(Msg::AdminRemindAll)}
            </button>
        </ActionForm>
    }
}

/// How many reminders went out, or why none did.
#[component]
fn RemindOutcome(remind: ServerAction<AdminRemind>) -> impl IntoView {
    move || {
        remind.value().get().map(|outcome| match outcome {
            Ok(n) => view! {
                <p class="form-success" role="status" data-testid="remind-sent">
                    {t(Msg::AdminReminded)}
                    " "
                    {n}
                </p>
            }
            .into_any(),
            Err(e) => form_error(e, "remind-error").into_any(),
        })
    }
}

/// One employee who lacks core documents: which, and a reminder.
#[component]
fn Incomplete(row: ArchiveRow, types: Vec<DocumentType>, remind: ServerAction<AdminRemind>) -> impl IntoView {
    let lang = use_lang();
    let missing = row.missing.clone();
    let names = move || {
        let name = |code: &String| {
            types.iter().find(|k| &k.code == code).map_or_else(|| code.clone(), |k| k.name(lang.get()).to_string())
        };
        missing.iter().map(name).collect::<Vec<_>>().join(", ")
    };
    view! {
        <li data-id=row.id.to_string()>
            <span>
                <a href=format!("/admin/employees/{}", row.id)>{row.name.clone()}</a>
                " · "
                {row.unit.clone().unwrap_or_default()}
            </span>
            <span class="muted">{t(Msg::AdminArchiveMissing)} ": " {names}</span>
            <ActionForm action=remind>
                <input type="hidden" name="id" value=row.id.to_string() />
                <button type="submit" class="link-button" data-testid="remind-one">
                    {t(Msg::AdminRemind)}
                </button>
            </ActionForm>
        </li>
    }
}
