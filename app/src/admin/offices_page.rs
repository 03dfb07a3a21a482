//! `/admin/offices?agency=CODE`: an agency's offices with their attendance
//! radius, a form per office to change or remove it, and one to add an
//! office. Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::model::{OfficeLine, OfficesView};
use super::offices::{AdminOfficeRemove, AdminOfficeSave, admin_offices};
use super::pages::{AdminNav, AgencyChoice};
use super::panel::ReauthForm;
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn AdminOfficesPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.read().get("agency").filter(|a| !a.is_empty());
    let save = ServerAction::<AdminOfficeSave>::new();
    let remove = ServerAction::<AdminOfficeRemove>::new();
    let data = Resource::new(
        move || (wanted(), save.version().get(), remove.version().get()),
        |(agency, _, _)| admin_offices(agency),
    );
    view! {
        <PageTitle msg=Msg::AdminOfficesTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminOfficesTitle)}</h1>
                                <p class="muted">{t(Msg::AdminOfficesIntro)}</p>
                                {(view.agencies.len() > 1)
                                    .then(|| {
                                        view! {
                                            <AgencyChoice
                                                path="/admin/offices"
                                                agencies=view.agencies.clone()
                                                chosen=view.code.clone()
                                            />
                                        }
                                    })}
                                <Outcome save remove />
                            </section>
                            <Offices view save remove />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/offices"),
                }
            })}
        </Transition>
    }
}

/// What the last save or removal did, or why it was refused.
#[component]
fn Outcome(save: ServerAction<AdminOfficeSave>, remove: ServerAction<AdminOfficeRemove>) -> impl IntoView {
    let refusal = |e: AppError| match e {
        AppError::ReauthRequired => view! { <ReauthForm /> }.into_any(),
        e => form_error(e, "office-error").into_any(),
    };
    let done = |msg: Msg| {
        view! {
            <p class="form-success" role="status" data-testid="office-done">
                {t(msg)}
            </p>
        }
    };
    view! {
        {move || {
            save.value()
                .get()
                .map(|outcome| match outcome {
                    Ok(true) => done(Msg::AdminOfficeSaved).into_any(),
                    Ok(false) => done(Msg::AdminContactUnchanged).into_any(),
                    Err(e) => refusal(e),
                })
        }}
        {move || {
            remove
                .value()
                .get()
                .map(|outcome| match outcome {
                    Ok(_) => done(Msg::AdminOfficeRemoved).into_any(),
                    Err(e) => refusal(e),
                })
        }}
    }
}

/// Each office with its forms, then the form that adds one.
#[component]
fn Offices(
    view: OfficesView,
    save: ServerAction<AdminOfficeSave>,
    remove: ServerAction<AdminOfficeRemove>,
) -> impl IntoView {
    let OfficesView { code, units, offices, .. } = view;
    let none = offices.is_empty();
    view! {
        {none
            .then(|| {
                view! {
                    <section class="card">
                        <p class="muted" data-testid="offices-none">
                            {t(Msg::AdminOfficesNone)}
                        </p>
                    </section>
                }
            })}
        {offices
            .into_iter()
            .map(|office| view! { <OfficeCard agency=code.clone() units=units.clone() office save remove /> })
            .collect_view()}
        <section class="card" data-testid="office-add">
            <h2>{t(Msg::AdminOfficeAdd)}</h2>
            <OfficeForm agency=code units office=None save />
        </section>
    }
}

/// One office: where it is on a map, its form, and its removal.
#[component]
fn OfficeCard(
    agency: String,
    units: Vec<(String, String)>,
    office: OfficeLine,
    save: ServerAction<AdminOfficeSave>,
    remove: ServerAction<AdminOfficeRemove>,
) -> impl IntoView {
    let map = format!(
        "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
        lat = office.latitude,
        lon = office.longitude,
    );
    let (code, title) = (office.code.clone(), format!("{} · {}", office.code, office.name));
    let (removing, removed) = (agency.clone(), code.clone());
    view! {
        <section class="card" data-testid="office" data-code=code>
            <h2>{title}</h2>
            <p class="small">
                <a href=map rel="noopener noreferrer" target="_blank">
                    {t(Msg::AdminOfficeMap)}
                </a>
            </p>
            <OfficeForm agency units office=Some(office) save />
            <ActionForm action=remove attr:class="form">
                <input type="hidden" name="agency" value=removing />
                <input type="hidden" name="code" value=removed />
                <button type="submit" class="button button-secondary" data-testid="office-remove">
                    {t(Msg::AdminOfficeRemove)}
                </button>
            </ActionForm>
        </section>
    }
}

/// The fields of one office: its code is fixed once it exists.
#[component]
fn OfficeForm(
    agency: String,
    units: Vec<(String, String)>,
    office: Option<OfficeLine>,
    save: ServerAction<AdminOfficeSave>,
) -> impl IntoView {
    let key = office.as_ref().map_or_else(|| "new".to_string(), |o| o.code.to_lowercase());
    let id = move |field: &str| format!("office-{key}-{field}");
    let existing = office.is_some();
    let o = office.unwrap_or(OfficeLine {
        code: String::new(),
        name: String::new(),
        latitude: String::new(),
        longitude: String::new(),
        radius_m: 100,
        unit: None,
    });
    let unit = o.unit.clone().unwrap_or_default();
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate="">
            <input type="hidden" name="agency" value=agency />
            {if existing {
                view! { <input type="hidden" name="code" value=o.code.clone() /> }.into_any()
            } else {
                view! {
                    <label for=id("code")>{t(Msg::AdminOfficeCode)}</label>
                    <input id=id("code") name="code" maxlength="32" required />
                }
                    .into_any()
            }}
            <label for=id("name")>{t(Msg::AdminOfficeName)}</label>
            <input id=id("name") name="name" maxlength="200" value=o.name required />
            <label for=id("lat")>{t(Msg::AdminOfficeLatitude)}</label>
            <input id=id("lat") name="latitude" inputmode="decimal" maxlength="20" value=o.latitude required />
            <label for=id("lon")>{t(Msg::AdminOfficeLongitude)}</label>
            <input id=id("lon") name="longitude" inputmode="decimal" maxlength="20" value=o.longitude required />
            <label for=id("radius")>{t(Msg::AdminOfficeRadius)}</label>
            <input id=id("radius") name="radius" inputmode="numeric" maxlength="4" value=o.radius_m.to_string() />
            <label for=id("unit")>{t(Msg::AdminOfficeUnit)}</label>
            <select id=id("unit") name="unit">
                <option value="" selected=unit.is_empty()>
                    {t(Msg::AdminOfficeWholeAgency)}
                </option>
                {units
                    .into_iter()
                    .map(|(code, name)| {
                        let selected = code == unit;
                        view! {
                            <option value=code selected=selected>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="button" data-testid="office-save">
                {t(Msg::AdminOfficeSave)}
            </button>
        </ActionForm>
    }
}
