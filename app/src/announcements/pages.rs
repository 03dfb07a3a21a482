//! `/announcements`, `/announcements/:id` and `/announcements/new`.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{MarkNoticesRead, PublishNotice, notices_list, open_notice, publish_scopes};
use super::model::*;
use crate::error::AppError;
use crate::i18n::{Msg, long_date, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

fn scope_text(scope: ScopeName) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_lang();
    move || match &scope {
        ScopeName::Everyone => Msg::NoticeForEveryone.text(lang.get()).to_string(),
        ScopeName::Named(name) => name.clone(),
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let board = Resource::new(|| (), |_| notices_list());
    let mark_all = ServerAction::<MarkNoticesRead>::new();
    // Once hydrated, marking all as read refreshes the list in place.
    Effect::watch(move || mark_all.version().get(), move |_, _, _| board.refetch(), false);
    view! {
        <PageTitle msg=Msg::NoticesTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => {
                        let any_unread = board.notices.iter().any(|n| n.unread);
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::NoticesTitle)}</h1>
                                {board
                                    .can_publish
                                    .then(|| {
                                        view! {
                                            <a class="button" href="/announcements/new" data-testid="notice-new">
                                                {t(Msg::NoticeNew)}
                                            </a>
                                        }
                                    })}
                            </section>
                            <section class="card">
                                {if board.notices.is_empty() {
                                    view! { <p class="muted">{t(Msg::NoticesEmpty)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ol class="history notices" data-testid="notices">
                                            {board
                                                .notices
                                                .into_iter()
                                                .map(|n| view! { <NoticeLine n /> })
                                                .collect_view()}
                                        </ol>
                                    }
                                        .into_any()
                                }}
                                {any_unread
                                    .then(|| {
                                        view! {
                                            <ActionForm action=mark_all>
                                                <button
                                                    type="submit"
                                                    class="button button-secondary"
                                                    data-testid="mark-all-read"
                                                >
                                                    {t(Msg::NoticeMarkAllRead)}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/announcements"),
                }
            })}
        </Suspense>
    }
}

/// One announcement in the list: its title, day, audience and badges.
#[component]
fn NoticeLine(n: NoticeSummary) -> impl IntoView {
    let lang = use_lang();
    let day = n.published_on;
    view! {
        <li data-unread=n.unread.to_string()>
            <a href=format!("/announcements/{}", n.id)>
                <strong>{n.title}</strong>
            </a>
            <span class="muted">{move || long_date(day, lang.get())} " · " {scope_text(n.scope)}</span>
            <span class="notice-badges">
                {n.pinned.then(|| view! { <span class="badge">{t(Msg::NoticePinned)}</span> })}
                {n.unread.then(|| view! { <span class="badge badge-new">{t(Msg::NoticeUnread)}</span> })}
            </span>
        </li>
    }
}

#[component]
pub fn NoticePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let notice = Resource::new(id, |id| async move {
        match id.parse::<i64>() {
            Ok(id) if id > 0 => open_notice(id).await,
            _ => Err(AppError::NotFound),
        }
    });
    let lang = use_lang();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match notice.await {
                    Ok(n) => {
                        let (published, expires) = (n.published_on, n.expires_on);
                        view! {
                            <crate::ui::page_title::UserTitle text=n.title.clone() />
                            <article class="card notice" data-testid="notice">
                                <p>
                                    <a href="/announcements">{t(Msg::NoticeBack)}</a>
                                </p>
                                <h1>{n.title}</h1>
                                <p class="muted">
                                    {move || long_date(published, lang.get())} " · " {scope_text(n.scope)} " · "
                                    {n.author}
                                    {expires
                                        .map(|d| {
                                            view! {
                                                " · "
                                                {t(Msg::NoticeUntil)}
                                                " "
                                                {move || long_date(d, lang.get())}
                                            }
                                        })}
                                </p>
                                <div class="prose" data-testid="notice-body" inner_html=n.body_html></div>
                            </article>
                        }
                            .into_any()
                    }
                    Err(AppError::NotFound) => view! { <crate::ui::not_found::NotFound /> }.into_any(),
                    Err(e) => refused(&e, "/announcements"),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewNoticePage() -> impl IntoView {
    let scopes = Resource::new(|| (), |_| publish_scopes());
    view! {
        <PageTitle msg=Msg::NoticeNew />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match scopes.await {
                    Ok(scopes) => view! { <NewNoticeForm scopes /> }.into_any(),
                    Err(e) => refused(&e, "/announcements/new"),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewNoticeForm(scopes: Vec<ScopeOption>) -> impl IntoView {
    let action = ServerAction::<PublishNotice>::new();
    let error = move || action.value().get().and_then(Result::err).map(|e| form_error(e, "notice-error"));
    view! {
        <section class="card account-form">
            <h1>{t(Msg::NoticeNew)}</h1>
            <ActionForm action attr:class="form">
                <label for="notice-title">{t(Msg::NoticeFieldTitle)}</label>
                <input id="notice-title" name="title" required maxlength="150" />
                <label for="notice-body">{t(Msg::NoticeFieldBody)}</label>
                <textarea id="notice-body" name="body" required rows="8" maxlength="20000"></textarea>
                <label for="notice-scope">{t(Msg::NoticeFieldScope)}</label>
                <select id="notice-scope" name="scope">
                    {scopes
                        .into_iter()
                        .map(|s| view! { <option value=s.value>{scope_text(s.scope)}</option> })
                        .collect_view()}
                </select>
                <label for="notice-publish">{t(Msg::NoticeFieldPublishOn)}</label>
                <input id="notice-publish" name="publish_on" type="date" />
                <label for="notice-expires">{t(Msg::NoticeFieldExpiresOn)}</label>
                <input id="notice-expires" name="expires_on" type="date" />
                <label class="checkbox">
                    <input type="checkbox" name="pinned" value="on" />
                    {t(Msg::NoticeFieldPinned)}
                </label>
                {error}
                <button type="submit" class="button" data-testid="notice-submit">
                    {t(Msg::NoticePublish)}
                </button>
            </ActionForm>
        </section>
    }
}
