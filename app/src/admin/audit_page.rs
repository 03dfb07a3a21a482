//! `/admin/audit`: the trail of the admin's scope with filters (a plain
//! GET form), the same selection as CSV, and, once hydrated, a live feed
//! of sign-in failures, lockouts and document accesses as they happen.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::admin_audit;
use super::model::AuditLine;
use super::pages::AdminNav;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, t};
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;
use crate::ui::url::encode_query;

const FILTERS: [&str; 5] = ["nip", "event", "from", "to", "ip"];

fn row(l: AuditLine) -> impl IntoView {
    let event = l.event.clone();
    view! {
        <tr data-event=event>
            <td>{format_timestamp(l.at, WIB_OFFSET_HOURS)}</td>
            <td>{l.event} {l.reason.map(|r| format!(" ({r})"))}</td>
            <td>{l.name.unwrap_or_default()} " " <span class="muted">{l.nip.unwrap_or_default()}</span></td>
            <td>{l.actor}</td>
            <td>{l.ip.unwrap_or_default()}</td>
            <td>{l.detail.unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |key: &str| query.read().get(key).filter(|v| !v.is_empty());
    let data = Resource::new(
        move || (get("nip"), get("event"), get("from"), get("to"), get("ip"), get("before")),
        |(nip, event, from, to, ip, before)| admin_audit(nip, event, from, to, ip, before.and_then(|b| b.parse().ok())),
    );
    let selection = move || {
        FILTERS.iter().filter_map(|k| get(k).map(|v| format!("{k}={}", encode_query(&v)))).collect::<Vec<_>>().join("&")
    };
    view! {
        <PageTitle msg=Msg::AdminAuditTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let filters: Vec<(&'static str, String)> = FILTERS
                            .iter()
                            .map(|k| (*k, get(k).unwrap_or_default()))
                            .collect();
                        let csv = format!("/admin/audit.csv?{}", selection());
                        let next = v
                            .next_before
                            .map(|b| {
                                let s = selection();
                                format!("/admin/audit?{s}{}before={b}", if s.is_empty() { "" } else { "&" })
                            });
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminAuditTitle)}</h1>
                                <LiveFeed />
                            </section>
                            <section class="card">
                                <AuditFilters kinds=v.kinds filters />
                                <p>
                                    <a href=csv rel="external" download="" data-testid="audit-csv">
                                        {t(Msg::AdminAuditCsv)}
                                    </a>
                                </p>
                                <AuditTable lines=v.lines />
                                {next
                                    .map(|href| {
                                        view! {
                                            <p>
                                                <a href=href data-testid="audit-next">
                                                    {t(Msg::AdminAuditOlder)}
                                                </a>
                                            </p>
                                        }
                                    })}
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/audit"),
                }
            })}
        </Transition>
    }
}

/// The filters, as a plain GET form holding what the address asks for.
#[component]
fn AuditFilters(kinds: Vec<String>, filters: Vec<(&'static str, String)>) -> impl IntoView {
    let value = move |key: &str| filters.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    let event = value("event");
    view! {
        <form method="get" action="/admin/audit" class="filters" data-testid="audit-filters">
            <label>
                <span>"NIP"</span>
                <input name="nip" value=value("nip") inputmode="numeric" maxlength="30" />
            </label>
            <label>
                <span>{t(Msg::AdminAuditEvent)}</span>
                <select name="event" data-testid="audit-event">
                    <option value="">{t(Msg::AdminAll)}</option>
                    {kinds
                        .into_iter()
                        .map(|k| {
                            let (selected, label) = (k == event, k.clone());
                            view! {
                                <option value=k selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{t(Msg::AdminAuditFrom)}</span>
                <input type="date" name="from" value=value("from") />
            </label>
            <label>
                <span>{t(Msg::AdminAuditTo)}</span>
                <input type="date" name="to" value=value("to") />
            </label>
            <label>
                <span>"IP"</span>
                <input name="ip" value=value("ip") maxlength="45" />
            </label>
            <button type="submit" class="button">
                {t(Msg::AdminSearch)}
            </button>
        </form>
    }
}

#[component]
fn AuditTable(lines: Vec<AuditLine>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table data-testid="audit-lines">
                <thead>
                    <tr>
                        <th>{t(Msg::AdminAuditWhen)}</th>
                        <th>{t(Msg::AdminAuditEvent)}</th>
                        <th>{t(Msg::AdminAuditWho)}</th>
                        <th>{t(Msg::AdminAuditActor)}</th>
                        <th>"IP"</th>
                        <th>{t(Msg::AdminAuditDetail)}</th>
                    </tr>
                </thead>
                <tbody>{lines.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// The newest watched events, as the stream sends them (newest first).
#[component]
fn LiveFeed() -> impl IntoView {
    let lines = RwSignal::new(Vec::<AuditLine>::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| listen(lines));
    view! {
        <h2>{t(Msg::AdminAuditLive)}</h2>
        <p class="muted small">{t(Msg::AdminAuditLiveHint)}</p>
        <ol class="history live-feed" aria-live="polite" data-testid="audit-live">
            {move || {
                lines
                    .get()
                    .into_iter()
                    .map(|l| {
                        view! {
                            <li data-event=l.event.clone()>
                                <span>
                                    {l.event.clone()} {l.reason.clone().map(|r| format!(" ({r})"))} " · "
                                    {l.name.clone().or(l.nip.clone()).unwrap_or_default()}
                                </span>
                                <span class="muted">
                                    {format_timestamp(l.at, WIB_OFFSET_HOURS)} " · " {l.ip.clone().unwrap_or_default()}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

/// Opens `/admin/audit/live`; each message is one event as JSON. The
/// stream closes when the page goes.
#[cfg(feature = "hydrate")]
fn listen(lines: RwSignal<Vec<AuditLine>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new("/admin/audit/live") else { return };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        if let Ok(line) = serde_json::from_str::<AuditLine>(&text) {
            lines.update(|l| {
                l.insert(0, line);
                l.truncate(100);
            });
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let stored = StoredValue::new_local(source);
    on_cleanup(move || stored.with_value(web_sys::EventSource::close));
}
