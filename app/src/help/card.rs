//! The BKPSDM contact, as a card: wherever the portal says "contact your
//! BKPSDM", this names who, and how.

use leptos::prelude::*;

use super::api::my_bkpsdm;
use super::contact::ContactView;
use crate::i18n::{Msg, t};

/// One agency's contact: the unit, then each way to reach it as a link.
#[component]
pub fn ContactDetails(contact: ContactView) -> impl IntoView {
    let whatsapp = contact.whatsapp_link();
    view! {
        <div class="contact" data-testid="bkpsdm-contact" data-agency=contact.agency_code.clone()>
            <p>
                <strong>{contact.unit_name}</strong>
                <br />
                <span class="muted small">{contact.agency_name}</span>
            </p>
            <ul class="contact-ways">
                {contact
                    .email
                    .map(|e| {
                        view! { <li>{t(Msg::HelpContactEmail)} ": " <a href=format!("mailto:{e}")>{e.clone()}</a></li> }
                    })}
                {contact
                    .phone
                    .map(|p| {
                        view! { <li>{t(Msg::HelpContactPhone)} ": " <a href=format!("tel:{p}")>{p.clone()}</a></li> }
                    })}
                {contact
                    .whatsapp
                    .zip(whatsapp)
                    .map(|(number, link)| {
                        view! {
                            <li>
                                "WhatsApp: " <a href=link rel="noopener noreferrer" target="_blank">
                                    {number}
                                </a>
                            </li>
                        }
                    })} {contact.hours.map(|h| view! { <li>{t(Msg::HelpContactHours)} ": " {h}</li> })}
            </ul>
        </div>
    }
}

/// The signed-in reader's BKPSDM, or a pointer to the help page while
/// their agency has not entered its contact.
#[component]
pub fn BkpsdmCard() -> impl IntoView {
    let contact = Resource::new(|| (), |_| my_bkpsdm());
    view! {
        <section class="card" aria-labelledby="bkpsdm-title">
            <h2 id="bkpsdm-title">{t(Msg::HelpYourBkpsdm)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match contact.await {
                        Ok(Some(c)) => view! { <ContactDetails contact=c /> }.into_any(),
                        _ => view! { <p class="muted small">{t(Msg::HelpNoContactYet)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <p class="small">
                <a href="/help">{t(Msg::HelpLink)}</a>
            </p>
        </section>
    }
}
