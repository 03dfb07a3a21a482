//! `/admin/calendar?year=YYYY`: the year's national holidays and collective
//! leave; for a national admin, the import form and a remove button per day.
//! Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::calendar::{AdminCalendarImport, AdminCalendarRemove, admin_calendar};
use super::model::{CalendarDay, CalendarImport};
use super::pages::AdminNav;
use super::panel::ReauthForm;
use crate::error::AppError;
use crate::i18n::{Msg, long_date, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn AdminCalendarPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.read().get("year").filter(|y| !y.is_empty());
    let import = ServerAction::<AdminCalendarImport>::new();
    let remove = ServerAction::<AdminCalendarRemove>::new();
    let data = Resource::new(
        move || (year(), import.version().get(), remove.version().get()),
        |(year, _, _)| admin_calendar(year),
    );
    view! {
        <PageTitle msg=Msg::AdminCalendarTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminCalendarTitle)}</h1>
                                <p class="muted">{t(Msg::AdminCalendarIntro)}</p>
                                <YearFilter year=v.year />
                                {(!v.can_edit)
                                    .then(|| view! { <p class="muted small">{t(Msg::AdminCalendarReadOnly)}</p> })}
                                <Outcome import remove />
                            </section>
                            <Days days=v.days can_edit=v.can_edit remove />
                            {v.can_edit.then(|| view! { <ImportForm import /> })}
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/calendar"),
                }
            })}
        </Transition>
    }
}

#[component]
fn YearFilter(year: u16) -> impl IntoView {
    view! {
        <form method="get" action="/admin/calendar" class="filters">
            <label>
                <span>{t(Msg::AdminCalendarYear)}</span>
                <input
                    name="year"
                    inputmode="numeric"
                    maxlength="4"
                    value=year.to_string()
                    data-testid="calendar-year"
                />
            </label>
            <button type="submit" class="button button-secondary">
                {t(Msg::AdminCalendarShow)}
            </button>
        </form>
    }
}

/// What the last import or removal did, or why it was refused.
#[component]
fn Outcome(import: ServerAction<AdminCalendarImport>, remove: ServerAction<AdminCalendarRemove>) -> impl IntoView {
    let refusal = move |e: AppError, testid: &'static str| match e {
        AppError::ReauthRequired => view! { <ReauthForm /> }.into_any(),
        e => form_error(e, testid).into_any(),
    };
    view! {
        {move || {
            import
                .value()
                .get()
                .map(|outcome| match outcome {
                    Ok(done) => view! { <ImportResult done /> }.into_any(),
                    Err(e) => refusal(e, "calendar-error"),
                })
        }}
        {move || remove.value().get().and_then(Result::err).map(|e| refusal(e, "calendar-error"))}
    }
}

#[component]
fn ImportResult(done: CalendarImport) -> impl IntoView {
    let lang = use_lang();
    if done.errors.is_empty() {
        return view! {
            <p class="form-success" role="status" data-testid="calendar-imported">
                {t(Msg::AdminCalendarImported)}
                " "
                {done.written}
            </p>
        }
        .into_any();
    }
    view! {
        <div class="form-error" role="alert" data-testid="calendar-errors">
            <p>{t(Msg::AdminCalendarErrors)}</p>
            <ul>
                {done
                    .errors
                    .into_iter()
                    .map(|(line, reason)| view! { <li>{line} ": " {move || reason.text(lang.get())}</li> })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// The year's days, each with its remove button for a national admin.
#[component]
fn Days(days: Vec<CalendarDay>, can_edit: bool, remove: ServerAction<AdminCalendarRemove>) -> impl IntoView {
    let lang = use_lang();
    if days.is_empty() {
        return view! {
            <section class="card">
                <p class="muted" data-testid="calendar-none">
                    {t(Msg::AdminCalendarNone)}
                </p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="card">
            <ul class="history" data-testid="calendar-days">
                {days
                    .into_iter()
                    .map(|d| {
                        let (date, kind) = (d.date, if d.collective { "collective" } else { "holiday" });
                        let label = if d.collective { Msg::AdminCalendarCollective } else { Msg::AdminCalendarHoliday };
                        view! {
                            <li data-date=date.to_string() data-kind=kind>
                                <span>{move || long_date(date, lang.get())} " · " {d.name}</span>
                                <span class="muted">{t(label)}</span>
                                {can_edit
                                    .then(|| {
                                        view! {
                                            <ActionForm action=remove>
                                                <input type="hidden" name="day" value=date.to_string() />
                                                <button type="submit" class="link-button" data-testid="calendar-remove">
                                                    {t(Msg::AdminCalendarRemove)}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn ImportForm(import: ServerAction<AdminCalendarImport>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::AdminCalendarImport)}</h2>
            <p class="muted small">{t(Msg::AdminCalendarImportHint)}</p>
            <ActionForm action=import attr:class="form">
                <label for="calendar-csv">"CSV"</label>
                <textarea id="calendar-csv" name="csv" rows="8" required data-testid="calendar-csv"></textarea>
                <button type="submit" class="button" data-testid="calendar-import">
                    {t(Msg::AdminCalendarImport)}
                </button>
            </ActionForm>
        </section>
    }
}
