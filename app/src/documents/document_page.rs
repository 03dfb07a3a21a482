//! One document's page: the file, its versions, who read it, and deleting it.

use super::api::{DeleteDocument, open_document};
use super::model::*;
use super::pages::size_text;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::error::AppError;
use crate::i18n::{Lang, Msg, long_date, t, use_lang};
use crate::ui::guard::refused;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DocumentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = Resource::new(id, |id| async move {
        match id.parse::<i64>() {
            Ok(id) if id > 0 => open_document(id).await,
            _ => Err(AppError::NotFound),
        }
    });
    let uploaded = Signal::derive(move || query.read().get("uploaded").is_some());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let (id, type_code, title) = (d.item.id, d.item.type_code.clone(), d.item.title.clone());
                        let (can_replace, can_delete) = (d.can_replace, d.can_delete);
                        let (versions, access) = (d.versions.clone(), d.access.clone());
                        view! {
                            <crate::ui::page_title::UserTitle text=title.clone() />
                            <DocumentCard detail=d uploaded />
                            {(!versions.is_empty()).then(|| view! { <VersionsCard versions /> })}
                            {can_replace.then(|| view! { <ReplaceCard id type_code title /> })}
                            {can_delete.then(|| view! { <DeleteCard id /> })}
                            <AccessCard access />
                        }
                            .into_any()
                    }
                    Err(AppError::NotFound) => view! { <crate::ui::not_found::NotFound /> }.into_any(),
                    Err(e) => refused(&e, "/documents"),
                }
            })}
        </Suspense>
    }
}

/// The document itself: its notices, title, type, owner, file and links.
#[component]
fn DocumentCard(detail: DocumentDetail, uploaded: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let d = detail;
    let item = d.item;
    let file = format!("/documents/{}/file", item.id);
    let (name_id, name_en) = (d.type_name_id, d.type_name_en);
    let decree_date = item.decree_date;
    view! {
        <article class="card" data-testid="document">
            <p>
                <a href="/documents">{t(Msg::DocumentsBack)}</a>
            </p>
            <Notices uploaded superseded=d.superseded deleted=d.deleted />
            <h1 data-testid="document-title">{item.title.clone()}</h1>
            <p class="muted">
                {move || if lang.get() == Lang::Id { name_id.clone() } else { name_en.clone() }}
                {item.decree_number.clone().map(|n| format!(" · {n}"))}
                {decree_date
                    .map(|day| {
                        view! {
                            " · "
                            {move || long_date(day, lang.get())}
                        }
                    })}
            </p>
            <p class="muted">
                {t(Msg::DocumentsOwner)} ": " {d.owner} " · "
                {match item.uploaded_by.clone() {
                    Some(who) => view! { <span>{t(Msg::DocumentsUploadedBy)} " " {who}</span> }.into_any(),
                    None => view! { <span>{t(Msg::DocumentsBySystem)}</span> }.into_any(),
                }} " · " {format_timestamp(item.uploaded_at, WIB_OFFSET_HOURS)} " WIB · " {item.file_name.clone()}
                " · " {move || size_text(item.size_bytes.max(0) as u64, lang.get())}
            </p>
            {item
                .kind
                .is_image()
                .then(|| {
                    view! {
                        <img
                            class="document-preview"
                            src=file.clone()
                            alt=item.title.clone()
                            data-testid="document-preview"
                        />
                    }
                })}
            <p class="actions">
                <a class="button" href=file.clone() target="_blank" rel="external noopener" data-testid="document-view">
                    {t(Msg::DocumentsView)}
                </a>
                " "
                <a
                    class="button button-secondary"
                    href=format!("{file}?download=1")
                    rel="external"
                    download=""
                    data-testid="document-download"
                >
                    {t(Msg::DocumentsDownload)}
                </a>
            </p>
        </article>
    }
}

/// Whether the upload just succeeded, and whether this version still counts.
#[component]
fn Notices(uploaded: Signal<bool>, superseded: bool, deleted: bool) -> impl IntoView {
    view! {
        {move || {
            uploaded
                .get()
                .then(|| {
                    view! {
                        <p class="form-success" role="status" data-testid="upload-ok">
                            {t(Msg::DocumentsUploaded)}
                        </p>
                    }
                })
        }}
        {superseded
            .then(|| {
                view! {
                    <p class="form-error" role="note" data-testid="superseded">
                        {t(Msg::DocumentsSuperseded)}
                    </p>
                }
            })}
        {deleted
            .then(|| {
                view! {
                    <p class="form-error" role="note">
                        {t(Msg::DocumentsDeleted)}
                    </p>
                }
            })}
    }
}

/// The document's other versions, newest first.
#[component]
fn VersionsCard(versions: Vec<DocumentItem>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::DocumentsVersions)}</h2>
            <ol class="history" data-testid="versions">
                {versions
                    .into_iter()
                    .map(|v| {
                        view! {
                            <li>
                                <a href=format!("/documents/{}", v.id)>{v.file_name.clone()}</a>
                                <span class="muted">{format_timestamp(v.uploaded_at, WIB_OFFSET_HOURS)} " WIB"</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Uploading a new version in its place (a plain multipart form).
#[component]
fn ReplaceCard(id: i64, type_code: String, title: String) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::DocumentsReplace)}</h2>
            <form
                class="form"
                method="post"
                action="/documents/upload"
                enctype="multipart/form-data"
                data-testid="replace"
            >
                <input type="hidden" name="replaces" value=id.to_string() />
                <input type="hidden" name="type" value=type_code />
                <label for="replace-title">{t(Msg::DocumentsTitleField)}</label>
                <input id="replace-title" name="title" required maxlength="200" value=title />
                <label for="replace-file">{t(Msg::DocumentsFile)}</label>
                <input
                    id="replace-file"
                    name="file"
                    type="file"
                    required
                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    data-testid="replace-file"
                />
                <button type="submit" class="button" data-testid="replace-submit">
                    {t(Msg::DocumentsReplace)}
                </button>
            </form>
        </section>
    }
}

/// Who opened the document, when and from where.
#[component]
fn AccessCard(access: Vec<AccessEntry>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::DocumentsAccessHistory)}</h2>
            {if access.is_empty() {
                view! { <p class="muted">{t(Msg::DocumentsAccessNone)}</p> }.into_any()
            } else {
                view! {
                    <ol class="history" data-testid="access-history">
                        {access.into_iter().map(|a| view! { <AccessLine entry=a /> }).collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn AccessLine(entry: AccessEntry) -> impl IntoView {
    let role = match entry.role {
        AccessRole::Owner => Msg::DocumentsRoleOwner,
        AccessRole::AgencyAdmin => Msg::DocumentsRoleAgencyAdmin,
        AccessRole::NationalAdmin => Msg::DocumentsRoleNationalAdmin,
        AccessRole::Supervisor => Msg::DocumentsRoleSupervisor,
    };
    let action = if entry.action == "download" { Msg::DocumentsActionDownload } else { Msg::DocumentsActionView };
    view! {
        <li data-action=entry.action.clone()>
            <span>{entry.viewer} " (" {t(role)} ") " {t(action)}</span>
            <span class="muted">
                {format_timestamp(entry.at, WIB_OFFSET_HOURS)} " WIB" {entry.ip.map(|ip| format!(" · {ip}"))}
            </span>
        </li>
    }
}

#[component]
fn DeleteCard(id: i64) -> impl IntoView {
    let delete = ServerAction::<DeleteDocument>::new();
    view! {
        <section class="card">
            <h2>{t(Msg::DocumentsDelete)}</h2>
            <p class="muted">{t(Msg::DocumentsDeleteHint)}</p>
            <ActionForm action=delete>
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="button button-secondary" data-testid="delete">
                    {t(Msg::DocumentsDelete)}
                </button>
            </ActionForm>
        </section>
    }
}
