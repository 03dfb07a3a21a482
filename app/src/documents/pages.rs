//! `/documents` (the cabinet, with the upload form) and `/documents/:id`
//! (one document, its preview and its access history). Uploading is a
//! plain multipart form, so it works with and without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::my_cabinet;
use super::model::*;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Lang, Msg, t, use_lang};
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

/// "10 MB", "1.5 MB" / "1,5 MB", "800 KB".
pub fn size_text(bytes: u64, lang: Lang) -> String {
    let text = if bytes >= 1024 * 1024 {
        let mb = bytes as f64 / (1024.0 * 1024.0);
        if mb.fract() < 0.05 { format!("{mb:.0} MB") } else { format!("{mb:.1} MB") }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    };
    if lang == Lang::Id { text.replace('.', ",") } else { text }
}

/// Sends the upload form with XMLHttpRequest, reporting progress (0..1)
/// as it goes, then opens the new document or shows the refusal: the same
/// pages a plain form post leads to.
#[cfg(feature = "hydrate")]
fn send_with_progress(form: web_sys::HtmlFormElement, progress: RwSignal<Option<f64>>) {
    use wasm_bindgen::{JsCast, closure::Closure};

    let go = |to: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(to);
        }
    };
    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new()) else {
        let _ = form.submit();
        return;
    };
    if xhr.open("POST", "/documents/upload").is_err() || xhr.set_request_header("Accept", "application/json").is_err() {
        let _ = form.submit();
        return;
    }
    if let Ok(upload) = xhr.upload() {
        let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some(e.loaded() / e.total()));
            }
        });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let answer = xhr.clone();
    let on_load = Closure::once_into_js(move || {
        let text = answer.response_text().ok().flatten().unwrap_or_default();
        // {"id":N} or {"error":"code"}; anything else (a 500) reads as malformed.
        let field = |name: &str| {
            let start = text.find(&format!("\"{name}\":"))? + name.len() + 3;
            let rest = text[start..].trim_start_matches('"');
            Some(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>())
        };
        match (field("id"), field("error")) {
            (Some(id), _) if !id.is_empty() => go(&format!("/documents/{id}?uploaded=1")),
            (_, Some(code)) if !code.is_empty() => go(&format!("/documents?error={code}")),
            _ if answer.status().unwrap_or(0) == 404 => go("/documents?error=not_found"),
            _ => go("/documents?error=malformed"),
        }
    });
    xhr.set_onload(Some(on_load.unchecked_ref()));
    let on_error = Closure::once_into_js(move || {
        progress.set(None);
        go("/documents?error=malformed");
    });
    xhr.set_onerror(Some(on_error.unchecked_ref()));
    progress.set(Some(0.0));
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        let _ = form.submit();
    }
}

fn upload_error(code: &str) -> Option<Msg> {
    if code == "not_found" {
        return Some(Msg::DocumentsNotFound);
    }
    UploadRefusal::parse(code).map(UploadRefusal::message)
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let query = use_query_map();
    let cabinet = Resource::new(|| (), |_| my_cabinet());
    let filter_type = move || query.read().get("type").unwrap_or_default();
    let filter_year = move || query.read().get("year").unwrap_or_default();
    let error = Signal::derive(move || query.read().get("error").as_deref().and_then(upload_error));
    let deleted = Signal::derive(move || query.read().get("deleted").is_some());
    view! {
        <PageTitle msg=Msg::DocumentsTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match cabinet.await {
                    Ok(c) => {
                        let (wanted_type, wanted_year) = (filter_type(), filter_year());
                        let shown: Vec<DocumentItem> = c
                            .documents
                            .iter()
                            .filter(|d| {
                                (wanted_type.is_empty() || d.type_code == wanted_type)
                                    && (wanted_year.is_empty()
                                        || format_timestamp(d.uploaded_at, WIB_OFFSET_HOURS).starts_with(&wanted_year))
                            })
                            .cloned()
                            .collect();
                        let types = c.types.clone();
                        view! {
                            <CabinetFilters types=types.clone() wanted_type wanted_year deleted />
                            {[Archive::Utama, Archive::Kondisional]
                                .into_iter()
                                .map(|archive| {
                                    view! { <ArchiveCard archive types=types.clone() shown=shown.clone() /> }
                                })
                                .collect_view()}
                            <UploadCard cabinet=c error />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/documents"),
                }
            })}
        </Suspense>
    }
}

/// The cabinet's heading, the note after a deletion, and the filters.
#[component]
fn CabinetFilters(
    types: Vec<DocumentType>,
    wanted_type: String,
    wanted_year: String,
    deleted: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card who">
            <h1>{t(Msg::DocumentsTitle)}</h1>
            <p class="muted">{t(Msg::DocumentsIntro)}</p>
            {move || {
                deleted
                    .get()
                    .then(|| {
                        view! {
                            <p class="form-success" role="status" data-testid="deleted-ok">
                                {t(Msg::DocumentsDeletedOk)}
                            </p>
                        }
                    })
            }}
            <form method="get" action="/documents" class="filters">
                <label>
                    <span>{t(Msg::DocumentsType)}</span>
                    <select name="type" data-testid="filter-type">
                        <option value="">{t(Msg::DocumentsAllTypes)}</option>
                        {types
                            .iter()
                            .map(|k| {
                                let kind = k.clone();
                                let selected = k.code == wanted_type;
                                view! {
                                    <option value=k.code.clone() selected=selected>
                                        {move || kind.name(lang.get()).to_string()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t(Msg::DocumentsYear)}</span>
                    <input name="year" inputmode="numeric" maxlength="4" size="4" value=wanted_year.clone() />
                </label>
                <button type="submit" class="button button-secondary">
                    {t(Msg::DocumentsFilter)}
                </button>
            </form>
        </section>
    }
}

/// One archive's documents (the main archive or the conditional one).
#[component]
fn ArchiveCard(archive: Archive, types: Vec<DocumentType>, shown: Vec<DocumentItem>) -> impl IntoView {
    let lang = use_lang();
    let items: Vec<DocumentItem> =
        shown.iter().filter(|d| types.iter().any(|k| k.code == d.type_code && k.archive == archive)).cloned().collect();
    view! {
        <section class="card" data-archive=if archive == Archive::Utama { "utama" } else { "kondisional" }>
            <h2>
                {t(
                    if archive == Archive::Utama {
                        Msg::DocumentsArchiveUtama
                    } else {
                        Msg::DocumentsArchiveKondisional
                    },
                )}
            </h2>
            {if items.is_empty() {
                view! { <p class="muted">{t(Msg::DocumentsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="history documents" data-testid="documents">
                        {items
                            .into_iter()
                            .map(|d| {
                                let kind = types.iter().find(|k| k.code == d.type_code).cloned();
                                let at = d.uploaded_at;
                                view! {
                                    <li data-type=d.type_code.clone()>
                                        <a href=format!("/documents/{}", d.id)>
                                            <strong>{d.title}</strong>
                                        </a>
                                        <span class="muted">
                                            {move || {
                                                kind.as_ref()
                                                    .map(|k| k.name(lang.get()).to_string())
                                                    .unwrap_or_default()
                                            }} {d.decree_number.map(|n| format!(" · {n}"))} " · "
                                            {format_timestamp(at, WIB_OFFSET_HOURS)}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The upload form: the type and decree, the file last, the space and rate
/// left, and the progress once hydrated (without JavaScript the form posts
/// as it is).
#[component]
fn UploadCard(cabinet: Cabinet, error: Signal<Option<Msg>>) -> impl IntoView {
    let uploadable: Vec<DocumentType> = cabinet.types.iter().filter(|t| t.employee_may_upload).cloned().collect();
    let progress = RwSignal::new(None::<f64>);
    let on_upload = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if progress.get_untracked().is_some() {
                ev.prevent_default();
                return;
            }
            if let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) {
                ev.prevent_default();
                send_with_progress(form, progress);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, progress);
    };
    view! {
        <section class="card" data-testid="upload">
            <h2>{t(Msg::DocumentsUpload)}</h2>
            {move || {
                error
                    .get()
                    .map(|msg| {
                        view! {
                            <div class="form-error" role="alert" data-testid="upload-error">
                                <p>{t(msg)}</p>
                            </div>
                        }
                    })
            }}
            <form
                class="form"
                method="post"
                action="/documents/upload"
                enctype="multipart/form-data"
                on:submit=on_upload
            >
                <UploadFields types=uploadable />
                <UploadLimits cabinet />
                <button
                    type="submit"
                    class="button"
                    data-testid="upload-submit"
                    disabled=move || progress.get().is_some()
                >
                    {t(Msg::DocumentsSubmit)}
                </button>
                <UploadProgress progress />
            </form>
        </section>
    }
}

/// The type, title and decree, then the file (the server checks the fields
/// before storing a byte).
#[component]
fn UploadFields(types: Vec<DocumentType>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label for="doc-type">{t(Msg::DocumentsType)}</label>
        <select id="doc-type" name="type" required data-testid="upload-type">
            {types
                .into_iter()
                .map(|kind| {
                    let code = kind.code.clone();
                    view! { <option value=code>{move || kind.name(lang.get()).to_string()}</option> }
                })
                .collect_view()}
        </select>
        <label for="doc-title">{t(Msg::DocumentsTitleField)}</label>
        <input id="doc-title" name="title" required maxlength="200" data-testid="upload-title" />
        <label for="doc-number">{t(Msg::DocumentsDecreeNumber)}</label>
        <input id="doc-number" name="decree_number" maxlength="100" />
        <label for="doc-date">{t(Msg::DocumentsDecreeDate)}</label>
        <input id="doc-date" name="decree_date" type="date" />
        <label for="doc-file">{t(Msg::DocumentsFile)}</label>
        <input
            id="doc-file"
            name="file"
            type="file"
            required
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            data-testid="upload-file"
        />
    }
}

/// The largest file, the space used and the uploads allowed per hour.
#[component]
fn UploadLimits(cabinet: Cabinet) -> impl IntoView {
    let lang = use_lang();
    let max = cabinet.max_bytes;
    let (used, quota, rate) = (cabinet.used_bytes, cabinet.quota_bytes, cabinet.uploads_per_hour);
    view! {
        <p class="muted small">{t(Msg::DocumentsFileHint)} " " {move || size_text(max, lang.get())}</p>
        <p class="muted small" data-testid="cabinet-space">
            {t(Msg::DocumentsSpace)}
            ": "
            {move || size_text(used, lang.get())}
            " / "
            {move || size_text(quota, lang.get())}
            " · "
            {rate}
            " "
            {t(Msg::DocumentsRate)}
        </p>
    }
}

/// How far the upload is, once hydrated.
#[component]
fn UploadProgress(progress: RwSignal<Option<f64>>) -> impl IntoView {
    move || {
        progress.get().map(|p| {
            view! {
                <progress
                    max="100"
                    value=format!("{:.0}", p * 100.0)
                    data-testid="upload-progress"
                    aria-label=t(Msg::DocumentsUploading)
                ></progress>
                <span class="muted" aria-live="polite">
                    {t(Msg::DocumentsUploading)}
                    " "
                    {format!("{:.0}%", p * 100.0)}
                </span>
            }
        })
    }
}
