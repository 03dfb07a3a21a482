//! `/admin/import`: the employee CSV, previewed, then imported. The CSV
//! goes in a text box (a chosen file fills it once the page is hydrated),
//! so the page works without JavaScript too.

use leptos::prelude::*;

use super::api::AdminImport;
use super::model::{ImportFileError, ImportPreview};
use super::pages::AdminNav;
use super::panel::ReauthForm;
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::form_error::form_error;
use crate::ui::page_title::PageTitle;

fn preview_view(p: ImportPreview) -> impl IntoView {
    let ok = p.errors.is_empty() && p.file_error.is_none();
    view! {
        <section class="card" data-testid="import-preview" data-committed=p.committed.to_string()>
            <h2>{if p.committed { t(Msg::AdminImportDone) } else { t(Msg::AdminImportPreview) }}</h2>
            {p
                .file_error
                .map(|e| {
                    let msg = match e {
                        ImportFileError::Header => Msg::AdminImportBadHeader,
                        ImportFileError::Empty => Msg::AdminImportEmpty,
                        ImportFileError::TooLarge => Msg::AdminImportTooLarge,
                        ImportFileError::PasswordHashes => Msg::AdminImportPasswordHashes,
                    };
                    view! {
                        <div class="form-error" role="alert" data-testid="import-file-error">
                            <p>{t(msg)}</p>
                        </div>
                    }
                })}
            {(!p.errors.is_empty())
                .then(|| {
                    view! {
                        <div class="form-error" role="alert">
                            <p>{t(Msg::AdminImportHasErrors)}</p>
                            <ul data-testid="import-errors">
                                {p
                                    .errors
                                    .into_iter()
                                    .map(|(line, reason)| view! { <li>{format!("{line}: {reason}")}</li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            {ok
                .then(|| {
                    view! {
                        <p data-testid="import-counts">
                            {t(Msg::AdminImportCreated)} {format!(": {} · ", p.created)} {t(Msg::AdminImportUpdated)}
                            {format!(": {} · ", p.updated)} {t(Msg::AdminImportUnchanged)}
                            {format!(": {}", p.unchanged)}
                        </p>
                        {(p.emails_awaiting > 0)
                            .then(|| {
                                view! {
                                    <p class="muted" data-testid="import-emails-awaiting">
                                        {t(Msg::AdminImportEmailsAwaiting)}
                                        {format!(": {}", p.emails_awaiting)}
                                    </p>
                                }
                            })}
                        <div class="table-wrap">
                            <table data-testid="import-lines">
                                <tbody>
                                    {p
                                        .lines
                                        .into_iter()
                                        .map(|l| {
                                            let change = l.change.clone();
                                            view! {
                                                <tr data-change=change>
                                                    <td>{l.line}</td>
                                                    <td>{l.nip}</td>
                                                    <td>{l.name}</td>
                                                    <td>
                                                        {l.change}
                                                        {(!l.columns.is_empty())
                                                            .then(|| format!(" ({})", l.columns.join(", ")))}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
        </section>
    }
}

#[component]
pub fn AdminImportPage() -> impl IntoView {
    let import = ServerAction::<AdminImport>::new();
    let csv = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                csv.set(text.as_string().unwrap_or_default());
            }
        });
    };
    #[cfg(not(feature = "hydrate"))]
    let on_file = move |_: leptos::ev::Event| {};
    view! {
        <PageTitle msg=Msg::AdminImportTitle />
        <AdminNav />
        <section class="card who">
            <h1>{t(Msg::AdminImportTitle)}</h1>
            <p class="muted">{t(Msg::AdminImportIntro)}</p>
            <p class="muted small break">
                <code>{crate::org::employee::CSV_HEADER.join(",")}</code>
            </p>
            <label for="import-file">{t(Msg::AdminImportFile)}</label>
            <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file data-testid="import-file" />
            <ActionForm action=import attr:class="form">
                <label for="import-csv">"CSV"</label>
                <textarea
                    id="import-csv"
                    name="csv"
                    rows="8"
                    required
                    prop:value=move || csv.get()
                    on:input=move |ev| csv.set(event_target_value(&ev))
                    data-testid="import-csv"
                ></textarea>
                <button type="submit" class="button button-secondary" data-testid="import-preview-button">
                    {t(Msg::AdminImportPreviewButton)}
                </button>
                <button type="submit" class="button" name="commit" value="1" data-testid="import-commit">
                    {t(Msg::AdminImportCommit)}
                </button>
            </ActionForm>
        </section>
        {move || {
            import
                .value()
                .get()
                .map(|outcome| match outcome {
                    Ok(p) => preview_view(p).into_any(),
                    Err(AppError::ReauthRequired) => view! { <ReauthForm /> }.into_any(),
                    Err(e) => form_error(e, "import-error").into_any(),
                })
        }}
    }
}
