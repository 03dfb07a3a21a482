//! `/admin/archive`: who lacks which core documents, per unit, with a
//! reminder for one employee or for everyone shown.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{AdminRemind, admin_archive};
use super::pages::AdminNav;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn AdminArchivePage() -> impl IntoView {
    let query = use_query_map();
    let unit = move || query.read().get("unit").filter(|v| !v.is_empty());
    let remind = ServerAction::<AdminRemind>::new();
    let data = Resource::new(move || (unit(), remind.version().get()), |(unit, _)| admin_archive(unit));
    let lang = use_lang();
    view! {
        <PageTitle msg=Msg::AdminArchiveTitle />
        <AdminNav />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((v, types)) => {
                        let chosen = unit().unwrap_or_default();
                        let name = move |code: &str| {
                            types
                                .iter()
                                .find(|k| k.code == code)
                                .map_or_else(|| code.to_string(), |k| k.name(lang.get()).to_string())
                        };
                        let name = std::sync::Arc::new(name);
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::AdminArchiveTitle)}</h1>
                                <p class="muted">{t(Msg::AdminArchiveIntro)}</p>
                                <form method="get" action="/admin/archive" class="filters">
                                    <label>
                                        <span>{t(Msg::AdminUnit)}</span>
                                        <select name="unit" data-testid="archive-unit">
                                            <option value="">{t(Msg::AdminAll)}</option>
                                            {v
                                                .units
                                                .iter()
                                                .map(|u| {
                                                    let id = u.id.to_string();
                                                    view! {
                                                        <option value=id.clone() selected=id == chosen>
                                                            {u.name.clone()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <button type="submit" class="button">
                                        {t(Msg::AdminSearch)}
                                    </button>
                                </form>
                                <p
                                    data-testid="archive-summary"
                                    data-complete=v.complete.to_string()
                                    data-total=v.total.to_string()
                                >
                                    {format!("{} / {} ", v.complete, v.total)}
                                    {t(Msg::AdminArchiveComplete)}
                                </p>
                                {(!v.rows.is_empty())
                                    .then(|| {
                                        view! {
                                            <ActionForm action=remind>
                                                <input type="hidden" name="unit" value=unit().unwrap_or_default() />
                                                <button
                                                    type="submit"
                                                    class="button button-secondary"
                                                    data-testid="remind-all"
                                                >
                                                    {t(Msg::AdminRemindAll)}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                                {move || {
                                    remind
                                        .value()
                                        .get()
                                        .map(|outcome| match outcome {
                                            Ok(n) => {
                                                view! {
                                                    <p class="form-success" role="status" data-testid="remind-sent">
                                                        {t(Msg::AdminReminded)}
                                                        " "
                                                        {n}
                                                    </p>
                                                }
                                                    .into_any()
                                            }
                                            Err(e) => form_error(e, "remind-error").into_any(),
                                        })
                                }}
                            </section>
                            <section class="card">
                                <ul class="history" data-testid="archive-rows">
                                    {v
                                        .rows
                                        .into_iter()
                                        .map(|r| {
                                            let name = name.clone();
                                            let missing = r.missing.clone();
                                            view! {
                                                <li data-id=r.id.to_string()>
                                                    <span>
                                                        <a href=format!(
                                                            "/admin/employees/{}",
                                                            r.id,
                                                        )>{r.name.clone()}</a>
                                                        " · "
                                                        {r.unit.clone().unwrap_or_default()}
                                                    </span>
                                                    <span class="muted">
                                                        {t(Msg::AdminArchiveMissing)} ": "
                                                        {move || {
                                                            missing
                                                                .iter()
                                                                .map(|c| name(c))
                                                                .collect::<Vec<_>>()
                                                                .join(", ")
                                                        }}
                                                    </span>
                                                    <ActionForm action=remind>
                                                        <input type="hidden" name="id" value=r.id.to_string() />
                                                        <button
                                                            type="submit"
                                                            class="link-button"
                                                            data-testid="remind-one"
                                                        >
                                                            {t(Msg::AdminRemind)}
                                                        </button>
                                                    </ActionForm>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/admin/archive"),
                }
            })}
        </Transition>
    }
}
