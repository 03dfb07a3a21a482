//! The Bahasa Indonesia / English switch. A plain form post without
//! JavaScript (the server sets the cookie and redirects back); an in-place
//! switch once hydrated.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Lang, Msg, t, use_lang};

/// Remembers the reader's language in a cookie for a year.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<String, AppError> {
    use crate::i18n::LANG_COOKIE;
    use crate::server::AppState;
    use http::{HeaderValue, header::SET_COOKIE};

    let lang = Lang::from_code(&lang);
    let secure = use_context::<AppState>().map(|s| s.settings.cookie_secure).unwrap_or(true);
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        lang.code(),
        if secure { "; Secure" } else { "" }
    );
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?);
    Ok(lang.code().to_string())
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SetLanguage>::new();
    // Switch at once on submit; the cookie follows with the response.
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            lang.set(Lang::from_code(&input.lang));
        }
    });
    view! {
        <ActionForm action attr:class="lang-switch" attr:aria-label=t(Msg::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=option.code()
                            lang=option.code()
                            aria-pressed=move || (lang.get() == option).to_string()
                            data-testid=format!("lang-{}", option.code())
                        >
                            {option.code().to_uppercase()}
                            <span class="visually-hidden">{format!(" — {}", option.native_name())}</span>
                        </button>
                    }
                })
                .collect_view()}
        </ActionForm>
    }
}
