//! Line icons as inline SVG: no icon font or emoji to depend on (many
//! office PCs have no emoji font), crisp at any size, coloured by the text.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Home,
    Person,
    Calendar,
    Clock,
    Folder,
    Megaphone,
    Shield,
    Chart,
    External,
    Bell,
}

impl Icon {
    /// Path data on a 24 × 24 grid, drawn with a 2-unit round stroke.
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Home => &["M3 11 12 3l9 8", "M5 10v10h5v-6h4v6h5V10"],
            Icon::Person => &["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21c0-4 4-6 8-6s8 2 8 6"],
            Icon::Calendar => {
                &["M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z", "M3 10h18M8 3v4M16 3v4"]
            }
            Icon::Clock => &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 7v5l3 3"],
            Icon::Folder => &["M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z", "M3 11h18"],
            Icon::Megaphone => &["M3 10v4a1 1 0 0 0 1 1h3l7 4V5L7 9H4a1 1 0 0 0-1 1z", "M18 8.5a5 5 0 0 1 0 7"],
            Icon::Shield => &["M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z", "M9 12l2 2 4-4"],
            Icon::Chart => &["M4 20h16", "M7 16v-5M12 16V6M17 16v-8"],
            Icon::Bell => &["M6 9a6 6 0 0 1 12 0c0 5 2 7 2 7H4s2-2 2-7", "M10 20a2 2 0 0 0 4 0"],
            Icon::External => &["M14 4h6v6", "M20 4l-9 9", "M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"],
        }
    }

    /// The icon an external service names in its data; unknown names get
    /// the generic external-link icon.
    pub fn from_name(name: &str) -> Self {
        match name {
            "person" => Icon::Person,
            "calendar" => Icon::Calendar,
            "clock" => Icon::Clock,
            "folder" => Icon::Folder,
            "megaphone" => Icon::Megaphone,
            "shield" => Icon::Shield,
            "chart" => Icon::Chart,
            _ => Icon::External,
        }
    }
}

/// A decorative icon: hidden from assistive technology, the label beside it
/// carries the meaning.
#[component]
pub fn IconSvg(icon: Icon) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="24"
            height="24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {icon.paths().iter().map(|d| view! { <path d=*d /> }).collect_view()}
        </svg>
    }
}
