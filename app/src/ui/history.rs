//! A card that lists dated lines (sessions, events, versions, steps): the
//! same markup on every page that shows a history.

use leptos::prelude::*;

use crate::i18n::{Msg, t};

/// A titled card over a list of `<li>` lines; `ordered` when the order is
/// the point (oldest or newest first).
#[component]
pub fn HistoryCard(
    title: Msg,
    testid: &'static str,
    #[prop(optional)] ordered: bool,
    children: Children,
) -> impl IntoView {
    let lines = children();
    let list = if ordered {
        view! {
            <ol class="history" data-testid=testid>
                {lines}
            </ol>
        }
        .into_any()
    } else {
        view! {
            <ul class="history" data-testid=testid>
                {lines}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{t(title)}</h2>
            {list}
        </section>
    }
}

/// One line of a history: what happened, then when and where, muted.
#[component]
pub fn HistoryLine(what: AnyView, when: AnyView) -> impl IntoView {
    view! {
        <li>
            <span>{what}</span>
            <span class="muted">{when}</span>
        </li>
    }
}
