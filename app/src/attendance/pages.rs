//! `/attendance`: today's check-in and check-out, and the month's recap.
//!
//! The check-in form works without JavaScript (a plain post, which carries
//! no location, so it is accepted only under work from anywhere). Once the
//! page is hydrated, submitting first asks the browser for the device's
//! position and sends it along; the server decides the time.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{RecordAttendance, attendance_month, attendance_today};
use super::model::*;
use super::rules::{DayLine, Month, RecapCounts, format_minutes, format_seconds};
use crate::error::AppError;
use crate::help::card::BkpsdmCard;
use crate::i18n::{Lang, Msg, long_date, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

/// "November 2026".
pub fn month_label(month: Month, lang: Lang) -> String {
    let text = long_date(month.first(), lang);
    text.split_once(' ').map_or(text.clone(), |(_, rest)| rest.to_string())
}

/// "Sen 30" / "Mon 30": the day in a month's table (the month is its heading).
fn short_day(day: crate::domain::Date, lang: Lang) -> String {
    const ID: [&str; 7] = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let names = if lang == Lang::Id { ID } else { EN };
    format!("{} {}", names[usize::from(super::rules::weekday(day) - 1)], day.day())
}

/// Asks the browser where the device is, then calls `done` with
/// `(latitude, longitude, accuracy)`, or `None` when it cannot tell
/// (denied, unavailable, timed out).
#[cfg(feature = "hydrate")]
fn locate(done: impl FnOnce(Option<(f64, f64, Option<f64>)>) + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};

    type Done = Box<dyn FnOnce(Option<(f64, f64, Option<f64>)>)>;
    let done: Rc<RefCell<Option<Done>>> = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = |slot: &Rc<RefCell<Option<Done>>>, fix| {
        if let Some(f) = slot.borrow_mut().take() {
            f(fix);
        }
    };
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        return finish(&done, None);
    };
    let on_fix = done.clone();
    let ok = Closure::once_into_js(move |position: JsValue| {
        let coords = js_sys::Reflect::get(&position, &"coords".into()).ok();
        let number = |key: &str| {
            coords.as_ref().and_then(|c| js_sys::Reflect::get(c, &key.into()).ok()).and_then(|v| v.as_f64())
        };
        let fix = number("latitude").zip(number("longitude")).map(|(lat, lon)| (lat, lon, number("accuracy")));
        finish(&on_fix, fix);
    });
    let on_error = done.clone();
    let err = Closure::once_into_js(move |_: JsValue| finish(&on_error, None));
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(20_000);
    options.set_maximum_age(0);
    if geo
        .get_current_position_with_error_callback_and_options(
            ok.unchecked_ref::<js_sys::Function>(),
            Some(err.unchecked_ref::<js_sys::Function>()),
            &options,
        )
        .is_err()
    {
        finish(&done, None);
    }
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.read().get("month");
    let record = ServerAction::<RecordAttendance>::new();
    let today = Resource::new(move || record.version().get(), |_| attendance_today());
    let recap = Resource::new(move || (month(), record.version().get()), |(m, _)| attendance_month(m));
    view! {
        <PageTitle msg=Msg::AttendanceTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match today.await {
                    Ok(today) => {
                        let checked_in = today.record.is_some();
                        let checked_out = today.record.as_ref().is_some_and(|r| r.check_out.is_some());
                        view! {
                            <section class="card who" data-testid="attendance-today">
                                <DayHeader today=today.clone() />
                                <TodayStatus record=today.record.clone() zone=today.zone.clone() />
                                <CheckForm record checked_in checked_out />
                                <RecordOutcome record />
                                <TodayHints offices=today.offices.clone() has_team=today.has_team />
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/attendance"),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match recap.await {
                    Ok(r) => view! { <MonthCard recap=r /> }.into_any(),
                    Err(AppError::Validation { .. }) => {
                        view! {
                            <section class="card">
                                <p role="alert">{t(Msg::AttendanceMonthInvalid)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/attendance"),
                }
            })}
        </Transition>
    }
}

/// The day, its hours, and a work-from-anywhere grant that covers it.
#[component]
fn DayHeader(today: Today) -> impl IntoView {
    let lang = use_lang();
    let day = today.day;
    let hours = today
        .hours
        .map(|h| format!("{}–{} {}", format_minutes(h.starts_at()), format_minutes(h.ends_at()), today.zone));
    view! {
        <h1>{t(Msg::AttendanceTitle)}</h1>
        <p class="muted">{move || long_date(day, lang.get())}</p>
        <p>
            {match hours {
                Some(h) => view! { <span>{t(Msg::AttendanceHours)} " " {h}</span> }.into_any(),
                None => view! { <span>{t(Msg::AttendanceDayOff)}</span> }.into_any(),
            }}
        </p>
        {today
            .wfa_until
            .map(|until| {
                view! {
                    <p>
                        <span class="badge" data-testid="wfa-badge">
                            {t(Msg::AttendanceWfa)}
                        </span>
                        " "
                        {t(Msg::AttendanceUntil)}
                        " "
                        {move || long_date(until, lang.get())}
                    </p>
                }
            })}
    }
}

/// The one button of the day: check in, check out, or check out again. A
/// plain form without JavaScript; hydrated, it asks for the position first
/// and sends it with the form.
#[component]
fn CheckForm(record: ServerAction<RecordAttendance>, checked_in: bool, checked_out: bool) -> impl IntoView {
    let locating = RwSignal::new(false);
    let direction = if checked_in { "out" } else { "in" };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            if locating.get_untracked() || record.pending().get_untracked() {
                return;
            }
            locating.set(true);
            locate(move |fix| {
                locating.set(false);
                let text = |v: f64| v.to_string();
                record.dispatch(RecordAttendance {
                    direction: direction.to_string(),
                    latitude: fix.map(|f| text(f.0)),
                    longitude: fix.map(|f| text(f.1)),
                    accuracy: fix.and_then(|f| f.2).filter(|a| a.is_finite()).map(text),
                });
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let busy = move || locating.get() || record.pending().get();
    let label = if !checked_in {
        Msg::AttendanceCheckIn
    } else if checked_out {
        Msg::AttendanceCheckOutAgain
    } else {
        Msg::AttendanceCheckOut
    };
    view! {
        <form class="form" method="post" action="/api/record_attendance" on:submit=submit>
            <input type="hidden" name="direction" value=direction />
            <button type="submit" class="button" data-testid="attendance-submit" disabled=busy>
                {t(label)}
            </button>
        </form>
        <p class="muted" aria-live="polite">
            {move || locating.get().then(|| t(Msg::AttendanceLocating)())}
        </p>
    }
}

/// What became of the last check-in or check-out.
#[component]
fn RecordOutcome(record: ServerAction<RecordAttendance>) -> impl IntoView {
    move || {
        record.value().get().map(|outcome| match outcome {
            Ok(done) => {
                let msg = match done {
                    Recorded::CheckedIn => Msg::AttendanceCheckedIn,
                    Recorded::AlreadyCheckedIn => Msg::AttendanceAlreadyIn,
                    Recorded::CheckedOut => Msg::AttendanceCheckedOut,
                };
                view! {
                    <p class="form-success" role="status" data-testid="attendance-ok">
                        {t(msg)}
                    </p>
                }
                .into_any()
            }
            Err(e) => form_error(e, "attendance-error").into_any(),
        })
    }
}

/// Today's check-in and check-out, or that there is none yet.
#[component]
fn TodayStatus(record: Option<TodayRecord>, zone: String) -> impl IntoView {
    view! {
        {match record {
            None => view! { <p data-testid="attendance-status">{t(Msg::AttendanceNotYet)}</p> }.into_any(),
            Some(r) => {
                let place = r.office.clone();
                view! {
                    <dl class="facts" data-testid="attendance-status">
                        <div class="fact">
                            <dt>{t(Msg::AttendanceIn)}</dt>
                            <dd data-testid="check-in-time">
                                {format_seconds(r.check_in)} " " {zone} " · "
                                {match place {
                                    Some(office) => {
                                        view! { <span data-testid="check-in-place">{office}</span> }.into_any()
                                    }
                                    None => {
                                        view! { <span data-testid="check-in-place">{t(Msg::AttendanceWfa)}</span> }
                                            .into_any()
                                    }
                                }}
                            </dd>
                        </div>
                        <div class="fact">
                            <dt>{t(Msg::AttendanceOut)}</dt>
                            <dd data-testid="check-out-time">
                                {r.check_out.map_or_else(|| "–".to_string(), format_seconds)}
                            </dd>
                        </div>
                    </dl>
                }
                    .into_any()
            }
        }}
    }
}

/// Where one may check in, the location hint, and the team's page for
/// those who lead one.
#[component]
fn TodayHints(offices: Vec<String>, has_team: bool) -> impl IntoView {
    view! {
        <p class="muted">
            {if offices.is_empty() {
                t(Msg::AttendanceNoOfficeHint)().to_string()
            } else {
                format!("{} {}", t(Msg::AttendanceOffices)(), offices.join(", "))
            }}
        </p>
        {offices.is_empty().then(|| view! { <BkpsdmCard /> })}
        <p class="muted">{t(Msg::AttendanceLocationHint)}</p>
        {has_team
            .then(|| {
                view! {
                    <p>
                        <a href="/attendance/team" data-testid="attendance-team-link">
                            {t(Msg::AttendanceTeamTitle)}
                        </a>
                    </p>
                }
            })}
    }
}

#[component]
fn MonthCard(recap: MyRecap) -> impl IntoView {
    let lang = use_lang();
    let month = recap.month;
    let zone = format!(" ({})", recap.zone);
    view! {
        <section class="card" data-testid="attendance-month">
            <nav class="month-nav">
                <a href=format!("/attendance?month={}", month.previous()) data-testid="month-previous">
                    "‹ "
                    {move || month_label(month.previous(), lang.get())}
                </a>
                <h2>{move || month_label(month, lang.get())}</h2>
                <a href=format!(
                    "/attendance?month={}",
                    month.next(),
                )>{move || month_label(month.next(), lang.get())} " ›"</a>
            </nav>
            <CountsList counts=recap.counts />
            <div class="table-scroll">
                <table class="table attendance-days">
                    <thead>
                        <tr>
                            <th>{t(Msg::AttendanceDate)}</th>
                            <th>{t(Msg::AttendanceIn)} {zone.clone()}</th>
                            <th>{t(Msg::AttendanceOut)} {zone}</th>
                            <th>{t(Msg::AttendanceRemarks)}</th>
                        </tr>
                    </thead>
                    <tbody>{recap.lines.into_iter().rev().map(day_row).collect_view()}</tbody>
                </table>
            </div>
        </section>
    }
}

fn day_row(line: DayLine) -> impl IntoView + use<> {
    let lang = use_lang();
    let day = line.day;
    let marks: Vec<Msg> = [
        (line.hours.is_none(), Msg::AttendanceDayOff),
        (line.wfa, Msg::AttendanceWfa),
        (line.late, Msg::AttendanceLate),
        (line.early_leave, Msg::AttendanceEarly),
        (line.no_check_out, Msg::AttendanceNoCheckOut),
        (line.absent, Msg::AttendanceAbsent),
    ]
    .into_iter()
    .filter_map(|(on, msg)| on.then_some(msg))
    .collect();
    view! {
        <tr data-day=day.to_string() data-absent=line.absent.to_string()>
            <td>{move || short_day(day, lang.get())}</td>
            <td>{line.check_in.map_or_else(|| "–".to_string(), format_seconds)}</td>
            <td>{line.check_out.map_or_else(|| "–".to_string(), format_seconds)}</td>
            <td>
                {marks
                    .into_iter()
                    .map(|m| {
                        view! {
                            <span class="badge">{t(m)}</span>
                            " "
                        }
                    })
                    .collect_view()}
            </td>
        </tr>
    }
}

/// The month's numbers as a definition list (a row of tiles on wide screens).
#[component]
pub fn CountsList(counts: RecapCounts) -> impl IntoView {
    let items = [
        (Msg::AttendanceWorkingDays, counts.working_days, "working-days"),
        (Msg::AttendancePresent, counts.present, "present"),
        (Msg::AttendanceLate, counts.late, "late"),
        (Msg::AttendanceEarly, counts.early_leave, "early-leave"),
        (Msg::AttendanceNoCheckOut, counts.no_check_out, "no-check-out"),
        (Msg::AttendanceAbsent, counts.absent, "absent"),
        (Msg::AttendanceWfa, counts.wfa, "wfa"),
    ];
    view! {
        <dl class="counts" data-testid="attendance-counts">
            {items
                .into_iter()
                .map(|(label, n, key)| {
                    view! {
                        <div>
                            <dt>{t(label)}</dt>
                            <dd data-count=key>{n}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}
