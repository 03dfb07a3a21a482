//! `/admin/hours?agency=CODE`: an agency's time zone and working week, and
//! the form that changes them. A plain form: it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::hours::{AdminHoursSave, admin_hours};
use super::model::HoursView;
use super::pages::{AdminNav, AgencyChoice};
use super::panel::ReauthForm;
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

const DAYS: [(&str, Msg); 7] = [
    ("mon", Msg::DayMon),
    ("tue", Msg::DayTue),
    ("wed", Msg::DayWed),
    ("thu", Msg::DayThu),
    ("fri", Msg::DayFri),
    ("sat", Msg::DaySat),
    ("sun", Msg::DaySun),
];

#[component]
pub fn AdminHoursPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.read().get("agency").filter(|a| !a.is_empty());
    let save = ServerAction::<AdminHoursSave>::new();
    let data = Resource::new(move || (wanted(), save.version().get()), |(agency, _)| admin_hours(agency));
    view! {
        <PageTitle msg=Msg::AdminHoursTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(hours) => {
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminHoursTitle)}</h1>
                                <p class="muted">{t(Msg::AdminHoursIntro)}</p>
                                {(hours.agencies.len() > 1)
                                    .then(|| {
                                        view! {
                                            <AgencyChoice
                                                path="/admin/hours"
                                                agencies=hours.agencies.clone()
                                                chosen=hours.code.clone()
                                            />
                                        }
                                    })}
                                <Outcome save />
                            </section>
                            <HoursForm hours save />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/hours"),
                }
            })}
        </Transition>
    }
}

/// What the last save did, or why it was refused.
#[component]
fn Outcome(save: ServerAction<AdminHoursSave>) -> impl IntoView {
    view! {
        {move || {
            save.value()
                .get()
                .map(|outcome| match outcome {
                    Ok(changed) => {
                        let msg = if changed { Msg::AdminHoursSaved } else { Msg::AdminContactUnchanged };
                        view! {
                            <p class="form-success" role="status" data-testid="hours-saved">
                                {t(msg)}
                            </p>
                        }
                            .into_any()
                    }
                    Err(AppError::ReauthRequired) => view! { <ReauthForm /> }.into_any(),
                    Err(e) => form_error(e, "hours-error").into_any(),
                })
        }}
    }
}

#[component]
fn HoursForm(hours: HoursView, save: ServerAction<AdminHoursSave>) -> impl IntoView {
    let zone = hours.zone.clone();
    view! {
        <section class="card" data-testid="hours-card" data-zone=hours.zone.clone()>
            <h2>{hours.name.clone()}</h2>
            {(!hours.own).then(|| view! { <p class="muted small">{t(Msg::AdminHoursDefault)}</p> })}
            <ActionForm action=save attr:class="form" attr:novalidate="">
                <input type="hidden" name="agency" value=hours.code />
                <label for="hours-zone">{t(Msg::AdminHoursZone)}</label>
                <select id="hours-zone" name="zone">
                    {["WIB", "WITA", "WIT"]
                        .into_iter()
                        .map(|z| {
                            view! {
                                <option value=z selected=z == zone>
                                    {z}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <p class="muted small">{t(Msg::AdminHoursDayHint)}</p>
                {DAYS
                    .iter()
                    .zip(hours.days)
                    .map(|((name, label), value)| {
                        let id = format!("hours-{name}");
                        view! {
                            <label for=id.clone()>{t(*label)}</label>
                            <input id=id name=*name value=value maxlength="11" placeholder="07:30-16:00" />
                        }
                    })
                    .collect_view()}
                <button type="submit" class="button" data-testid="hours-save">
                    {t(Msg::AdminHoursSave)}
                </button>
            </ActionForm>
        </section>
    }
}
