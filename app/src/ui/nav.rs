//! Navigation, declared as data: each feature adds its entry here and sets
//! `href` when its pages land. Entries without a page show as "coming soon".

use leptos::prelude::*;

use super::icon::{Icon, IconSvg};
use crate::i18n::{Msg, t};

pub struct Service {
    pub label: Msg,
    /// The label in the phone tab bar, where a tab is about 60 px wide.
    pub short_label: Msg,
    pub description: Msg,
    pub icon: Icon,
    pub href: Option<&'static str>,
}

pub const SERVICES: [Service; 5] = [
    Service {
        label: Msg::NavMyData,
        short_label: Msg::NavMyDataShort,
        description: Msg::ServiceMyDataDesc,
        icon: Icon::Person,
        href: Some("/my-data"),
    },
    Service {
        label: Msg::NavLeave,
        short_label: Msg::NavLeaveShort,
        description: Msg::ServiceLeaveDesc,
        icon: Icon::Calendar,
        href: Some("/leave"),
    },
    Service {
        label: Msg::NavAttendance,
        short_label: Msg::NavAttendanceShort,
        description: Msg::ServiceAttendanceDesc,
        icon: Icon::Clock,
        href: Some("/attendance"),
    },
    Service {
        label: Msg::NavDocuments,
        short_label: Msg::NavDocumentsShort,
        description: Msg::ServiceDocumentsDesc,
        icon: Icon::Folder,
        href: Some("/documents"),
    },
    Service {
        label: Msg::NavAnnouncements,
        short_label: Msg::NavAnnouncementsShort,
        description: Msg::ServiceAnnouncementsDesc,
        icon: Icon::Megaphone,
        href: Some("/announcements"),
    },
];

/// The main navigation: a top bar on wide screens, a bottom tab bar on phones.
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <nav class="nav" aria-label=t(Msg::MainNavigation)>
            <ul>
                <li>
                    <a href="/" class="nav-item">
                        <IconSvg icon=Icon::Home />
                        <NavLabel label=Msg::NavHome short=Msg::NavHome />
                    </a>
                </li>
                {SERVICES
                    .iter()
                    .map(|s| {
                        let label = s.label;
                        let short = s.short_label;
                        let icon = s.icon;
                        match s.href {
                            Some(href) => {
                                view! {
                                    <li>
                                        <a href=href class="nav-item">
                                            <IconSvg icon />
                                            <NavLabel label short />
                                        </a>
                                    </li>
                                }
                                    .into_any()
                            }
                            None => {
                                view! {
                                    <li>
                                        <span
                                            class="nav-item nav-item-soon"
                                            aria-disabled="true"
                                            title=t(Msg::ComingSoon)
                                        >
                                            <IconSvg icon />
                                            <NavLabel label short />
                                        </span>
                                    </li>
                                }
                                    .into_any()
                            }
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The full label on wide screens, the short one in the phone tab bar; the
/// full one stays the accessible name everywhere.
#[component]
fn NavLabel(label: Msg, short: Msg) -> impl IntoView {
    view! {
        <span class="label-full">{t(label)}</span>
        <span class="label-short" aria-hidden="true">
            {t(short)}
        </span>
    }
}
