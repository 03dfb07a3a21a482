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

/// A title made of text someone typed (a document's or an announcement's).
///
/// leptos_meta 0.8 writes the server-rendered `<title>` into the head as it
/// is, unescaped: a title holding `</title><meta http-equiv=refresh ...>`
/// would end the element and add markup to every page that shows it. On the
/// server the text is therefore escaped here; in the browser it goes to
/// `document.title`, which takes plain text, unchanged.
#[component]
pub fn UserTitle(text: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = super::html::escape(&text);
    view! { <Title text=text /> }
}
