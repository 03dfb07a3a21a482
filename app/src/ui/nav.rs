//! Navigation, declared as data: each feature adds its entry here and sets
//! `href` when its pages land. Entries without a page show as "coming soon".

use leptos::prelude::*;

use crate::i18n::{Msg, t};

pub struct Service {
    pub label: Msg,
    pub description: Msg,
    /// Decorative glyph; the label carries the meaning.
    pub icon: &'static str,
    pub href: Option<&'static str>,
}

pub const SERVICES: [Service; 5] = [
    Service { label: Msg::NavMyData, description: Msg::ServiceMyDataDesc, icon: "👤", href: None },
    Service { label: Msg::NavLeave, description: Msg::ServiceLeaveDesc, icon: "🗓", href: None },
    Service { label: Msg::NavAttendance, description: Msg::ServiceAttendanceDesc, icon: "⏱", href: None },
    Service { label: Msg::NavDocuments, description: Msg::ServiceDocumentsDesc, icon: "🗄", href: None },
    Service { label: Msg::NavAnnouncements, description: Msg::ServiceAnnouncementsDesc, icon: "📣", href: None },
];

/// The main navigation: a top bar on wide screens, a bottom tab bar on phones.
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <nav class="nav" aria-label=t(Msg::MainNavigation)>
            <ul>
                <li>
                    <a href="/" class="nav-item">
                        <span aria-hidden="true">"🏠"</span>
                        <span>{t(Msg::NavHome)}</span>
                    </a>
                </li>
                {SERVICES
                    .iter()
                    .map(|s| {
                        let label = s.label;
                        let icon = s.icon;
                        match s.href {
                            Some(href) => view! {
                                <li>
                                    <a href=href class="nav-item">
                                        <span aria-hidden="true">{icon}</span>
                                        <span>{t(label)}</span>
                                    </a>
                                </li>
                            }
                            .into_any(),
                            None => view! {
                                <li>
                                    <span class="nav-item nav-item-soon" aria-disabled="true" title=t(Msg::ComingSoon)>
                                        <span aria-hidden="true">{icon}</span>
                                        <span>{t(label)}</span>
                                    </span>
                                </li>
                            }
                            .into_any(),
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
