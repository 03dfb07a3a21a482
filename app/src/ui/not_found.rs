use leptos::prelude::*;

use crate::i18n::{Msg, t};
use crate::ui::page_title::PageTitle;

/// The localised 404 page; sets the status on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    Effect::new(|_| crate::ui::landing::load_from_server_if_navigated());
    view! {
        <PageTitle msg=Msg::NotFoundTitle />
        <section class="notice" data-testid="not-found">
            <p class="notice-code">"404"</p>
            <h1>{t(Msg::NotFoundTitle)}</h1>
            <p>{t(Msg::NotFoundBody)}</p>
            <a class="button" href="/">
                {t(Msg::BackHome)}
            </a>
        </section>
    }
}
