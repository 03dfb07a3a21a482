use leptos::prelude::*;

use crate::i18n::{Msg, t};
use crate::ui::icon::IconSvg;
use crate::ui::nav::SERVICES;
use crate::ui::page_title::PageTitle;

/// The public landing page. The signed-in dashboard replaces it once
/// sign-in exists.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageTitle msg=Msg::HomeTitle />
        <section class="hero">
            <h1>{t(Msg::HomeWelcome)}</h1>
            <p>{t(Msg::HomeIntro)}</p>
            <a class="button" href="/sign-in" data-testid="home-sign-in">
                {t(Msg::SignIn)}
            </a>
        </section>
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">{t(Msg::HomeServicesHeading)}</h2>
            <ul class="tiles">
                {SERVICES
                    .iter()
                    .map(|service| {
                        let label = service.label;
                        let description = service.description;
                        let icon = service.icon;
                        view! {
                            <li class="tile" data-available=service.href.is_some().to_string()>
                                <span class="tile-icon">
                                    <IconSvg icon />
                                </span>
                                <span class="tile-title">{t(label)}</span>
                                <span class="tile-desc">{t(description)}</span>
                                {service
                                    .href
                                    .is_none()
                                    .then(|| view! { <span class="badge">{t(Msg::ComingSoon)}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
