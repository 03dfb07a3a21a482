//! `/notifications` and the header's bell.

use leptos::prelude::*;

use super::api::{MarkNotificationRead, SetNotificationPrefs, my_notifications, notification_count};
use super::kind::NotificationView;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::guard::refused;
use crate::ui::icon::{Icon, IconSvg};
use crate::ui::page_title::PageTitle;

/// The unread count in the header, for signed-in readers only. Once
/// hydrated it follows `/events`, so a notification made on any app
/// instance shows without a reload.
#[component]
pub fn NotificationBell() -> impl IntoView {
    // Asked again at every navigation: signing in or out in a hydrated
    // page changes the route, not the layout this lives in.
    let location = leptos_router::hooks::use_location();
    let count = Resource::new(move || location.pathname.get(), |_| notification_count());
    let live = RwSignal::new(None::<i64>);
    #[cfg(feature = "hydrate")]
    {
        let started = StoredValue::new(false);
        Effect::new(move |_| {
            let signed_in = count.get().and_then(Result::ok).flatten().is_some();
            if signed_in && !started.get_value() {
                started.set_value(true);
                listen(live);
            }
        });
    }
    // A fresher count from the server replaces the live one.
    Effect::watch(move || count.get(), move |_, _, _| live.set(None), false);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                count
                    .await
                    .ok()
                    .flatten()
                    .map(|initial| {
                        let n = move || live.get().unwrap_or(initial);
                        view! {
                            <a
                                class="bell"
                                href="/notifications"
                                data-testid="bell"
                                aria-label=t(Msg::NotificationsTitle)
                            >
                                <IconSvg icon=Icon::Bell />
                                {move || {
                                    (n() > 0)
                                        .then(|| {
                                            view! {
                                                <span class="bell-count" data-testid="bell-count">
                                                    {n()}
                                                </span>
                                            }
                                        })
                                }}
                            </a>
                        }
                    })
            })}
        </Transition>
    }
}

/// Opens the event stream; each message carries the unread count.
#[cfg(feature = "hydrate")]
fn listen(live: RwSignal<Option<i64>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new("/events") else { return };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if let Some(n) = event.data().as_string().and_then(|d| d.trim().parse::<i64>().ok()) {
            live.set(Some(n));
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The stream lives as long as the page; the browser reconnects it.
    on_message.forget();
    std::mem::forget(source);
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let centre = Resource::new(|| (), |_| my_notifications());
    let mark = ServerAction::<MarkNotificationRead>::new();
    let prefs = ServerAction::<SetNotificationPrefs>::new();
    Effect::watch(move || (mark.version().get(), prefs.version().get()), move |_, _, _| centre.refetch(), false);
    view! {
        <PageTitle msg=Msg::NotificationsTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match centre.await {
                    Ok(c) => {
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::NotificationsTitle)}</h1>
                            </section>
                            <NotificationList items=c.items mark />
                            <Preferences email_sign_in=c.email_sign_in prefs />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/notifications"),
                }
            })}
        </Suspense>
    }
}

/// The notifications, newest first, each marked read on its own or all at once.
#[component]
fn NotificationList(items: Vec<NotificationView>, mark: ServerAction<MarkNotificationRead>) -> impl IntoView {
    let any_unread = items.iter().any(|n| n.unread);
    view! {
        <section class="card">
            {if items.is_empty() {
                view! { <p class="muted">{t(Msg::NotificationsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="history notices" data-testid="notifications">
                        {items.into_iter().map(|n| view! { <NotificationLine n mark /> }).collect_view()}
                    </ol>
                }
                    .into_any()
            }}
            {any_unread
                .then(|| {
                    view! {
                        <ActionForm action=mark>
                            <button type="submit" class="button button-secondary" data-testid="mark-all-notifications">
                                {t(Msg::NoticeMarkAllRead)}
                            </button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}

#[component]
fn NotificationLine(n: NotificationView, mark: ServerAction<MarkNotificationRead>) -> impl IntoView {
    let lang = use_lang();
    let (kind, detail) = (n.kind, n.detail.clone());
    view! {
        <li data-unread=n.unread.to_string() data-kind=kind.as_str()>
            <span>{move || kind.text(detail.as_deref(), lang.get())}</span>
            <span class="muted">{n.at.clone()}</span>
            {n
                .unread
                .then(|| {
                    view! {
                        <ActionForm action=mark>
                            <input type="hidden" name="id" value=n.id />
                            <button type="submit" class="link-button" data-testid="mark-read">
                                {t(Msg::NotificationMarkRead)}
                            </button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}

/// Which notices also come by e-mail.
#[component]
fn Preferences(email_sign_in: bool, prefs: ServerAction<SetNotificationPrefs>) -> impl IntoView {
    // The preference form's redirect says it saved (also without JavaScript).
    let query = leptos_router::hooks::use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <section class="card">
            <h2>{t(Msg::NotificationPrefs)}</h2>
            {move || {
                saved()
                    .then(|| {
                        view! {
                            <p class="form-success" role="status" data-testid="prefs-saved">
                                {t(Msg::NotificationPrefsSaved)}
                            </p>
                        }
                    })
            }}
            <ActionForm action=prefs attr:class="form">
                <label class="checkbox">
                    <input type="checkbox" name="email_sign_in" value="on" checked=email_sign_in />
                    {t(Msg::NotificationEmailSignIn)}
                </label>
                <button type="submit" class="button" data-testid="save-prefs">
                    {t(Msg::NotificationSavePrefs)}
                </button>
            </ActionForm>
        </section>
    }
}
