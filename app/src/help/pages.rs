//! `/help` (Bantuan): the BKPSDM contact, then answers to what users of
//! the national portal report hitting most. Public and plain HTML: it must
//! help someone who cannot sign in, on any phone, without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::help_contacts;
use super::card::ContactDetails;
use super::contact::HelpView;
use crate::i18n::{Msg, t};
use crate::ui::page_title::PageTitle;

/// The questions answered, each with its anchor (other pages link to them,
/// e.g. the reset wizard's code step to `#email`).
const TOPICS: [(&str, Msg, Msg); 6] = [
    ("email", Msg::HelpEmailTitle, Msg::HelpEmailBody),
    ("clock", Msg::HelpClockTitle, Msg::HelpClockBody),
    ("phone", Msg::HelpPhoneTitle, Msg::HelpPhoneBody),
    ("locked", Msg::HelpLockedTitle, Msg::HelpLockedBody),
    ("qr", Msg::HelpQrTitle, Msg::HelpQrBody),
    ("same-phone", Msg::HelpSamePhoneTitle, Msg::HelpSamePhoneBody),
];

#[component]
pub fn HelpPage() -> impl IntoView {
    let query = use_query_map();
    let agency = move || query.read().get("agency").filter(|a| !a.is_empty());
    let contacts = Resource::new(agency, help_contacts);
    view! {
        <PageTitle msg=Msg::HelpTitle />
        <section class="card who">
            <h1>{t(Msg::HelpTitle)}</h1>
            <p class="muted">{t(Msg::HelpIntro)}</p>
            <nav aria-label=t(Msg::HelpTitle)>
                <ul class="help-topics">
                    {TOPICS
                        .iter()
                        .map(|(anchor, title, _)| {
                            view! {
                                <li>
                                    <a href=format!("#{anchor}")>{t(*title)}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </section>
        <section class="card" aria-labelledby="bkpsdm-title" id="bkpsdm">
            <h2 id="bkpsdm-title">{t(Msg::HelpYourBkpsdm)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let found = contacts.await.unwrap_or_default();
                    view! { <Contacts found chosen=agency().unwrap_or_default() /> }
                })}
            </Transition>
        </section>
        {TOPICS
            .iter()
            .map(|(anchor, title, body)| {
                view! {
                    <section class="card help-topic" id=*anchor data-testid=format!("help-{anchor}")>
                        <h2>{t(*title)}</h2>
                        <p>{t(*body)}</p>
                    </section>
                }
            })
            .collect_view()}
    }
}

/// The reader's own contact (signed in), else the chooser and the chosen one.
#[component]
fn Contacts(found: HelpView, chosen: String) -> impl IntoView {
    if let Some(mine) = found.mine {
        return view! { <ContactDetails contact=mine /> }.into_any();
    }
    if found.agencies.is_empty() {
        return view! { <p class="muted small">{t(Msg::HelpNoContactYet)}</p> }.into_any();
    }
    view! {
        <form method="get" action="/help#bkpsdm" class="filters">
            <label>
                <span>{t(Msg::HelpChooseAgency)}</span>
                <select name="agency" data-testid="help-agency">
                    {found
                        .agencies
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
                {t(Msg::HelpShow)}
            </button>
        </form>
        {found.chosen.map(|c| view! { <ContactDetails contact=c /> })}
    }
    .into_any()
}
