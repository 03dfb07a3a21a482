//! `/admin/contact?agency=CODE`: the BKPSDM contact of one of the admin's
//! agencies (the first by name without `agency`), and the form that changes
//! it. A plain form: it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::contact::{AdminContact, admin_contacts};
use super::model::AgencyContact;
use super::pages::{AdminNav, AgencyChoice};
use super::panel::ReauthForm;
use crate::error::AppError;
use crate::help::card::ContactDetails;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn AdminContactPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || query.read().get("agency").filter(|a| !a.is_empty());
    let save = ServerAction::<AdminContact>::new();
    let data = Resource::new(move || save.version().get(), |_| admin_contacts());
    view! {
        <PageTitle msg=Msg::AdminContactTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(agencies) => {
                        let chosen = wanted();
                        let shown = agencies
                            .iter()
                            .find(|a| Some(&a.code) == chosen.as_ref())
                            .or(agencies.first())
                            .cloned();
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminContactTitle)}</h1>
                                <p class="muted">{t(Msg::AdminContactIntro)}</p>
                                {(agencies.len() > 1)
                                    .then(|| {
                                        let code = shown.as_ref().map(|a| a.code.clone()).unwrap_or_default();
                                        let choices = agencies
                                            .iter()
                                            .map(|a| (a.code.clone(), a.name.clone()))
                                            .collect();
                                        view! { <AgencyChoice path="/admin/contact" agencies=choices chosen=code /> }
                                    })}
                                <Outcome save />
                            </section>
                            {shown.map(|agency| view! { <ContactForm agency save /> })}
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/contact"),
                }
            })}
        </Transition>
    }
}

/// What the last save did, or why it was refused.
#[component]
fn Outcome(save: ServerAction<AdminContact>) -> impl IntoView {
    view! {
        {move || {
            save.value()
                .get()
                .map(|outcome| match outcome {
                    Ok(changed) => {
                        let msg = if changed { Msg::AdminContactSaved } else { Msg::AdminContactUnchanged };
                        view! {
                            <p class="form-success" role="status" data-testid="contact-saved">
                                {t(msg)}
                            </p>
                        }
                            .into_any()
                    }
                    Err(AppError::ReauthRequired) => view! { <ReauthForm /> }.into_any(),
                    Err(e) => form_error(e, "contact-error").into_any(),
                })
        }}
    }
}

/// The agency's contact as employees see it, and the form to change it.
#[component]
fn ContactForm(agency: AgencyContact, save: ServerAction<AdminContact>) -> impl IntoView {
    let lang = use_lang();
    let now = agency.contact.as_ref().map(|c| c.input()).unwrap_or_default();
    view! {
        <section class="card" data-testid="contact-card">
            <h2>{agency.name.clone()}</h2>
            {match agency.contact {
                Some(c) => view! { <ContactDetails contact=c /> }.into_any(),
                None => view! { <p class="muted">{t(Msg::AdminContactNone)}</p> }.into_any(),
            }}
            <ActionForm action=save attr:class="form" attr:novalidate="">
                <input type="hidden" name="agency" value=agency.code />
                <label for="contact-unit">{t(Msg::AdminContactUnit)}</label>
                <input id="contact-unit" name="unit_name" maxlength="120" value=now.unit_name required />
                <label for="contact-email">{t(Msg::HelpContactEmail)}</label>
                <input id="contact-email" name="email" type="email" maxlength="254" value=now.email />
                <label for="contact-phone">{t(Msg::HelpContactPhone)}</label>
                <input id="contact-phone" name="phone" type="tel" maxlength="20" value=now.phone />
                <label for="contact-whatsapp">{t(Msg::AdminContactWhatsapp)}</label>
                <input id="contact-whatsapp" name="whatsapp" type="tel" maxlength="20" value=now.whatsapp />
                <label for="contact-hours">{t(Msg::HelpContactHours)}</label>
                <input
                    id="contact-hours"
                    name="hours"
                    maxlength="120"
                    value=now.hours
                    placeholder=move || Msg::AdminContactHoursPlaceholder.text(lang.get())
                />
                <button type="submit" class="button" data-testid="contact-save">
                    {t(Msg::AdminContactSave)}
                </button>
            </ActionForm>
        </section>
    }
}
