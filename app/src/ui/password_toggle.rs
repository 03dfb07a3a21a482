//! The "show / hide" button of password fields. It exists only once
//! hydrated: without JavaScript it could do nothing, so it is not shown.

use leptos::prelude::*;

use crate::i18n::{Msg, t};

/// Flips `show`; `controls` names the field(s) it reveals, `class` places it.
#[component]
pub fn PasswordToggle(
    show: RwSignal<bool>,
    #[prop(into)] hydrated: Signal<bool>,
    controls: &'static str,
    class: &'static str,
) -> impl IntoView {
    move || {
        hydrated.get().then(|| {
            view! {
                <button
                    type="button"
                    class=class
                    aria-controls=controls
                    aria-pressed=move || show.get().to_string()
                    on:click=move |_| show.update(|s| *s = !*s)
                >
                    {move || if show.get() { t(Msg::HidePassword)() } else { t(Msg::ShowPassword)() }}
                </button>
            }
        })
    }
}
