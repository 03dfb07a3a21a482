//! `/verify/:code`: the public page a leave letter's QR code opens. It says
//! whether the code names a real, still valid letter, shows only what the
//! letter prints (the NIP masked), and checks an uploaded file against the
//! letter's registered SHA-256 (the server's `POST /verify/{code}` answers
//! with `?file=authentic` or `?file=altered`).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::verify_letter;
use super::model::LetterCheck;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, long_date, t, use_lang};
use crate::ui::page_title::PageTitle;

#[component]
pub fn VerifyLetterPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, verify_letter);
    let file = Signal::derive(move || query.read().get("file"));
    view! {
        <PageTitle msg=Msg::VerifyTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(letter)) => {
                        let code = letter.code.clone();
                        view! {
                            <LetterFacts letter />
                            <FileCheck code file />
                        }
                            .into_any()
                    }
                    Ok(None) => {
                        view! {
                            <section class="notice" role="alert" data-testid="verify-unknown">
                                <h1>{t(Msg::VerifyTitle)}</h1>
                                <p>{t(Msg::VerifyUnknown)}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Err(_) => {
                        view! {
                            <section class="notice" role="alert">
                                <p>{t(Msg::ErrorBody)}</p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Whether the letter is still valid, and what it prints.
#[component]
fn LetterFacts(letter: LetterCheck) -> impl IntoView {
    let lang = use_lang();
    let (start, end) = (letter.start, letter.end);
    let (type_id, type_en) = (letter.type_name_id.clone(), letter.type_name_en.clone());
    view! {
        <section class="card who" data-testid="verify-result" data-valid=letter.valid.to_string()>
            <h1>{t(Msg::VerifyTitle)}</h1>
            {if letter.valid {
                view! {
                    <p class="form-success" role="status">
                        {t(Msg::VerifyRegistered)}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="form-error" role="alert">
                        {t(Msg::VerifyNoLongerValid)}
                    </p>
                }
                    .into_any()
            }}
            <dl class="facts">
                <dt>{t(Msg::VerifyNumber)}</dt>
                <dd>{letter.code.clone()}</dd>
                <dt>{t(Msg::VerifyEmployee)}</dt>
                <dd>{letter.employee.clone()} " · " {letter.nip_masked.clone()}</dd>
                <dt>{t(Msg::LeaveType)}</dt>
                <dd>{move || if lang.get() == crate::i18n::Lang::Id { type_id.clone() } else { type_en.clone() }}</dd>
                <dt>{t(Msg::LeaveDates)}</dt>
                <dd>{move || format!("{} – {}", long_date(start, lang.get()), long_date(end, lang.get()))}</dd>
                <dt>{t(Msg::VerifyDecidedAt)}</dt>
                <dd>{format_timestamp(letter.decided_at, WIB_OFFSET_HOURS)}</dd>
                <dt>"SHA-256"</dt>
                <dd class="mono small">{letter.sha256.clone().unwrap_or_else(|| "-".into())}</dd>
            </dl>
        </section>
    }
}

/// Checking a file against the letter's registered hash.
#[component]
fn FileCheck(code: String, file: Signal<Option<String>>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::VerifyFileHeading)}</h2>
            {move || {
                file.get()
                    .map(|f| {
                        if f == "authentic" {
                            view! {
                                <p class="form-success" role="status" data-testid="file-authentic">
                                    {t(Msg::VerifyFileAuthentic)}
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p class="form-error" role="alert" data-testid="file-altered">
                                    {t(Msg::VerifyFileAltered)}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
            <form
                method="post"
                action=format!("/verify/{code}")
                enctype="multipart/form-data"
                class="form"
                data-testid="verify-file-form"
            >
                <input type="file" name="file" accept="application/pdf" required />
                <button type="submit" class="button">
                    {t(Msg::VerifyFileCheck)}
                </button>
            </form>
        </section>
    }
}
