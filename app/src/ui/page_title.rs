//! The document title in the reader's language.
//!
//! Leptos renders `<title>` into the head after the page's body, when the
//! response is assembled: on a multi-threaded server that can run outside
//! the request's reactive arena (another request's, or none), and reading
//! an arena-backed signal there panicked under concurrent requests. Titles
//! therefore read the language through the reference-counted signal that
//! `App` provides beside the arena-backed one; both share one value.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{Lang, Msg};

/// The language, reference-counted (no arena); see the module comment.
pub fn title_lang() -> ArcRwSignal<Lang> {
    use_context::<ArcRwSignal<Lang>>().expect("App provides the language signal")
}

#[component]
pub fn PageTitle(msg: Msg) -> impl IntoView {
    let lang = title_lang();
    view! { <Title text=move || msg.text(lang.get()) /> }
}
