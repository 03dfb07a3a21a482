//! The one way a refused form says why: the error in the reader's
//! language (with details a fixed message cannot hold, such as how far off
//! the phone's clock is), and for a weak password every broken rule.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::ui::password_rules::violation_text;

pub fn form_error(e: AppError, testid: &'static str) -> impl IntoView {
    let lang = use_lang();
    let details = match &e {
        AppError::WeakPassword { violations } => {
            let items = violations.clone();
            Some(
                view! { <ul>{move || items.iter().map(|v| view! { <li>{violation_text(*v, lang.get())}</li> }).collect_view()}</ul> },
            )
        }
        _ => None,
    };
    view! {
        <div class="form-error" role="alert" data-testid=testid>
            <p>{move || e.explain(lang.get())}</p>
            {details}
        </div>
    }
}
