//! `/leave` (balances, the request form, one's requests), `/leave/:id`
//! (a request with its timeline and the steps the reader may take) and
//! `/leave/inbox` (what waits for a supervisor or an official). Plain
//! forms: everything works without JavaScript; once hydrated, the form
//! counts the leave's length as the dates are typed.

use leptos::prelude::*;

use super::api::{DecideLeave, RequestLeave, leave_inbox, leave_overview};
use super::model::*;
use super::refusal::length_text;
use super::request_page::VerdictForm;
use super::rules::{self, LeaveType};
use crate::domain::Date;
use crate::i18n::{Lang, Msg, long_date, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

pub fn status_badge(status: Status) -> impl IntoView {
    let (msg, class) = match status {
        Status::Draft => (Msg::LeaveStatusDraft, "badge"),
        Status::AwaitingSupervisor => (Msg::LeaveStatusAwaitingSupervisor, "badge badge-new"),
        Status::AwaitingOfficial => (Msg::LeaveStatusAwaitingOfficial, "badge badge-new"),
        Status::Approved => (Msg::LeaveStatusApproved, "badge badge-ok"),
        Status::Changed => (Msg::LeaveStatusChanged, "badge badge-new"),
        Status::Deferred => (Msg::LeaveStatusDeferred, "badge"),
        Status::Refused => (Msg::LeaveStatusRefused, "badge"),
        Status::Withdrawn => (Msg::LeaveStatusWithdrawn, "badge"),
    };
    view! {
        <span class=class data-status=status.as_str()>
            {t(msg)}
        </span>
    }
}

pub(super) fn outcome_msg(outcome: Outcome) -> Msg {
    match outcome {
        Outcome::Approved => Msg::LeaveOutcomeApproved,
        Outcome::Changed => Msg::LeaveOutcomeChanged,
        Outcome::Deferred => Msg::LeaveOutcomeDeferred,
        Outcome::Refused => Msg::LeaveOutcomeRefused,
    }
}

pub(super) fn span(start: Date, end: Date, lang: Lang) -> String {
    if start == end {
        long_date(start, lang)
    } else {
        format!("{} – {}", long_date(start, lang), long_date(end, lang))
    }
}

fn entry_msg(entry: &str) -> Msg {
    match entry {
        "grant" => Msg::LeaveEntryGrant,
        "carry" => Msg::LeaveEntryCarry,
        "taken" => Msg::LeaveEntryTaken,
        "forfeit" => Msg::LeaveEntryForfeit,
        _ => Msg::LeaveEntryCollectiveWorked,
    }
}

#[component]
fn Balances(data: MyLeave) -> impl IntoView {
    let b = data.balances;
    let y = data.year;
    let available = b.total() - data.pending_days;
    let lines = data.ledger.clone();
    view! {
        <section class="card" data-testid="leave-balance">
            <h2>{t(Msg::LeaveBalanceTitle)} " " {y}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th>{format!("N-2 ({})", y - 2)}</th>
                        <th>{format!("N-1 ({})", y - 1)}</th>
                        <th>{format!("N ({y})")}</th>
                        <th>{t(Msg::LeaveBalanceTotal)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td data-testid="balance-n2">{b.n2}</td>
                        <td data-testid="balance-n1">{b.n1}</td>
                        <td data-testid="balance-n">{b.n}</td>
                        <td>
                            <strong data-testid="balance-total">{b.total()}</strong>
                        </td>
                    </tr>
                </tbody>
            </table>
            {(data.pending_days > 0)
                .then(|| {
                    view! {
                        <p class="muted" data-testid="balance-pending">
                            {t(Msg::LeavePendingDays)}
                            ": "
                            {data.pending_days}
                            " · "
                            {t(Msg::LeaveAvailable)}
                            ": "
                            {available}
                        </p>
                    }
                })}
            <details>
                <summary>{t(Msg::LeaveBalanceWhy)}</summary>
                {if lines.is_empty() {
                    view! { <p class="muted">{t(Msg::LeaveBalanceEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="history" data-testid="ledger">
                            {lines
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <li>
                                            <span>{t(entry_msg(&l.entry))} " (" {l.source_year} ")"</span>
                                            <strong>
                                                {if l.days > 0 { format!("+{}", l.days) } else { l.days.to_string() }}
                                            </strong>
                                            {l
                                                .request_id
                                                .map(|id| {
                                                    view! { <a href=format!("/leave/{id}")>{format!("#{id}")}</a> }
                                                })}
                                            {l.note.map(|n| view! { <span class="muted">{n}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </details>
        </section>
    }
}

/// The request form; `calendar` lets it count working days as dates are typed.
#[component]
fn RequestForm(
    types: Vec<LeaveType>,
    calendar: rules::Calendar,
    attachables: Vec<Attachable>,
    today: Date,
) -> impl IntoView {
    let action = ServerAction::<RequestLeave>::new();
    let first = types.first().map(|t| t.code.clone()).unwrap_or_default();
    let chosen = RwSignal::new(first);
    view! {
        <section class="card">
            <h2>{t(Msg::LeaveNewRequest)}</h2>
            {move || action.value().get().and_then(Result::err).map(|e| form_error(e, "leave-error"))}
            <ActionForm action attr:class="form" attr:data-testid="leave-form">
                <TypeChoice types=types.clone() chosen />
                <DateFields types calendar today chosen />
                <label for="leave-reason">{t(Msg::LeaveReason)}</label>
                <textarea id="leave-reason" name="reason" required maxlength="500" rows="2"></textarea>
                <label for="leave-address">{t(Msg::LeaveAddress)}</label>
                <textarea id="leave-address" name="address" required maxlength="300" rows="2"></textarea>
                <label for="leave-phone">{t(Msg::LeavePhone)}</label>
                <input id="leave-phone" name="phone" type="tel" inputmode="tel" required autocomplete="tel" />
                <AttachmentChoice attachables />
                <p class="actions">
                    <button type="submit" name="then" value="submit" class="button" data-testid="leave-submit">
                        {t(Msg::LeaveSubmit)}
                    </button>
                    <button
                        type="submit"
                        name="then"
                        value="draft"
                        class="button button-secondary"
                        data-testid="leave-draft"
                    >
                        {t(Msg::LeaveSaveDraft)}
                    </button>
                </p>
            </ActionForm>
        </section>
    }
}

/// The leave type, with its maximum and legal basis under it.
#[component]
fn TypeChoice(types: Vec<LeaveType>, chosen: RwSignal<String>) -> impl IntoView {
    let lang = use_lang();
    let types_for_help = types.clone();
    let help = move || {
        types_for_help.iter().find(|t| t.code == chosen.get()).map(|ty| {
            let max = length_text(ty.unit, ty.max_length, lang.get());
            let attach = ty.attachment_over.is_some().then(|| t(Msg::LeaveNeedsAttachment)());
            format!(
                "{} {max}. {}{}",
                t(Msg::LeaveMaximum)(),
                ty.legal_reference,
                attach.map(|a| format!(" {a}")).unwrap_or_default()
            )
        })
    };
    view! {
        <label for="leave-type">{t(Msg::LeaveType)}</label>
        <select id="leave-type" name="type_code" required on:change=move |ev| chosen.set(event_target_value(&ev))>
            {types
                .into_iter()
                .map(|ty| {
                    let (id, en) = (ty.name_id, ty.name_en);
                    view! {
                        <option value=ty
                            .code>{move || if lang.get() == Lang::Id { id.clone() } else { en.clone() }}</option>
                    }
                })
                .collect_view()}
        </select>
        <p class="muted small" data-testid="leave-type-help">
            {help}
        </p>
    }
}

/// The first and last day, and the length they make for the chosen type.
#[component]
fn DateFields(
    types: Vec<LeaveType>,
    calendar: rules::Calendar,
    today: Date,
    chosen: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let length = move || {
        let ty = types.iter().find(|t| t.code == chosen.get())?;
        let (s, e) = (Date::parse_iso(&start.get())?, Date::parse_iso(&end.get())?);
        (e >= s).then(|| length_text(ty.unit, rules::length_in(ty.unit, s, e, &calendar), lang.get()))
    };
    let min = today.to_string();
    view! {
        <label for="leave-start">{t(Msg::LeaveStart)}</label>
        <input
            id="leave-start"
            name="start"
            type="date"
            required
            min=min.clone()
            on:input=move |ev| start.set(event_target_value(&ev))
        />
        <label for="leave-end">{t(Msg::LeaveEnd)}</label>
        <input
            id="leave-end"
            name="end"
            type="date"
            required
            min=min
            on:input=move |ev| end.set(event_target_value(&ev))
        />
        <p data-testid="leave-length" aria-live="polite">
            {t(Msg::LeaveLength)}
            ": "
            {move || length().unwrap_or_else(|| "—".into())}
        </p>
    }
}

/// A document from the cabinet to attach, or none.
#[component]
fn AttachmentChoice(attachables: Vec<Attachable>) -> impl IntoView {
    view! {
        <label for="leave-attachment">{t(Msg::LeaveAttachment)}</label>
        <select id="leave-attachment" name="attachment">
            <option value="">{t(Msg::LeaveNoAttachment)}</option>
            {attachables
                .into_iter()
                .map(|a| view! { <option value=a.id.to_string()>{a.title}</option> })
                .collect_view()}
        </select>
        <p class="muted small">
            <a href="/documents">{t(Msg::LeaveUploadFirst)}</a>
        </p>
    }
}

fn request_list(requests: Vec<RequestView>, testid: &'static str) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="history" data-testid=testid>
            {requests
                .into_iter()
                .map(|r| {
                    let href = format!("/leave/{}", r.id);
                    let name = r.clone();
                    view! {
                        <li data-id=r.id.to_string()>
                            <span>
                                {status_badge(r.status)} " "
                                <a href=href>{move || name.type_name(lang.get()).to_string()}</a>
                            </span>
                            <span class="muted">
                                {move || span(r.start, r.end, lang.get())} " · "
                                {move || length_text(r.unit, r.length, lang.get())}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn LeavePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| leave_overview());
    view! {
        <PageTitle msg=Msg::LeaveTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let requests = d.requests.clone();
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::LeaveTitle)}</h1>
                                <p class="muted">{t(Msg::LeaveIntro)}</p>
                                <p>
                                    <a href="/leave/inbox" data-testid="leave-inbox-link">
                                        {t(Msg::LeaveInboxTitle)}
                                    </a>
                                </p>
                            </section>
                            <Balances data=d.clone() />
                            <RequestForm
                                types=d.types.clone()
                                calendar=d.calendar.clone()
                                attachables=d.attachables.clone()
                                today=d.today
                            />
                            <section class="card">
                                <h2>{t(Msg::LeaveMyRequests)}</h2>
                                {if requests.is_empty() {
                                    view! { <p class="muted">{t(Msg::LeaveNoRequests)}</p> }.into_any()
                                } else {
                                    request_list(requests, "my-leave").into_any()
                                }}
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/leave"),
                }
            })}
        </Transition>
    }
}

/// The four outcomes, a note and (for PERUBAHAN) other dates.
#[component]
pub fn LeaveInboxPage() -> impl IntoView {
    let verdict = ServerAction::<DecideLeave>::new();
    let data = Resource::new(move || verdict.version().get(), |_| leave_inbox());
    view! {
        <PageTitle msg=Msg::LeaveInboxTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(inbox) => {
                        let (consider, decide) = (inbox.to_consider.len(), inbox.to_decide.len());
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::LeaveInboxTitle)}</h1>
                                <p data-testid="inbox-counts">
                                    {t(Msg::LeaveToConsider)} ": " <strong>{consider}</strong> " · "
                                    {t(Msg::LeaveToDecide)} ": " <strong>{decide}</strong>
                                </p>
                                {move || {
                                    verdict.value().get().and_then(Result::err).map(|e| form_error(e, "verdict-error"))
                                }}
                                {(consider + decide == 0)
                                    .then(|| {
                                        view! {
                                            <p class="muted" data-testid="inbox-empty">
                                                {t(Msg::LeaveInboxEmpty)}
                                            </p>
                                        }
                                    })}
                            </section>
                            <Waiting items=inbox.to_consider stage="consider" testid="to-consider" verdict />
                            <Waiting items=inbox.to_decide stage="decide" testid="to-decide" verdict />
                            <section class="card">
                                <h2>{t(Msg::LeaveDecided)}</h2>
                                {request_list(inbox.decided, "decided")}
                            </section>
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/leave/inbox"),
                }
            })}
        </Transition>
    }
}

/// The requests waiting at one stage, each with its verdict form.
#[component]
fn Waiting(
    items: Vec<RequestView>,
    stage: &'static str,
    testid: &'static str,
    verdict: ServerAction<DecideLeave>,
) -> impl IntoView {
    view! {
        <div data-testid=testid>
            {items.into_iter().map(|r| view! { <WaitingRequest r stage verdict /> }).collect_view()}
        </div>
    }
}

#[component]
fn WaitingRequest(r: RequestView, stage: &'static str, verdict: ServerAction<DecideLeave>) -> impl IntoView {
    let lang = use_lang();
    let nip = crate::domain::Nip::parse(&r.nip).map_or_else(|_| r.nip.clone(), |n| n.grouped());
    let r2 = r.clone();
    view! {
        <section class="card" data-testid="leave-item" data-id=r.id.to_string()>
            <h2>
                <a href=format!("/leave/{}", r.id)>{r.employee.clone()}</a>
                <span class="muted small">" · " {nip}</span>
            </h2>
            <p>
                {move || r2.type_name(lang.get()).to_string()} " · " {move || span(r.start, r.end, lang.get())} " · "
                {move || length_text(r.unit, r.length, lang.get())}
            </p>
            <p class="muted">{r.reason.clone()}</p>
            {r
                .consideration
                .map(|o| {
                    view! {
                        <p>
                            {t(Msg::LeaveConsideration)} ": " {o.form_word()}
                            {r.consideration_note.clone().map(|n| format!(" — {n}"))}
                        </p>
                    }
                })}
            <VerdictForm id=r.id version=r.version stage action=verdict />
        </section>
    }
}
