//! One leave request's page: its facts, its history, and the steps the reader may take on it.

use super::api::{DecideLeave, LeaveStep, leave_detail};
use super::model::*;
use super::pages::{outcome_msg, span, status_badge};
use super::refusal::length_text;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub(super) fn VerdictForm(
    id: i64,
    version: i64,
    stage: &'static str,
    action: ServerAction<DecideLeave>,
) -> impl IntoView {
    let name = format!("outcome-{id}");
    view! {
        <ActionForm action attr:class="form" attr:data-testid=format!("verdict-{id}")>
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="version" value=version.to_string() />
            <input type="hidden" name="stage" value=stage />
            <fieldset>
                <legend>{t(if stage == "consider" { Msg::LeaveConsideration } else { Msg::LeaveDecision })}</legend>
                {Outcome::ALL
                    .into_iter()
                    .map(|o| {
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="outcome"
                                    value=o.as_str()
                                    required
                                    checked=o == Outcome::Approved
                                    data-testid=format!("outcome-{}", o.as_str())
                                />
                                " "
                                {o.form_word()}
                                " · "
                                {t(outcome_msg(o))}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label for=format!("{name}-note")>{t(Msg::LeaveNote)}</label>
            <input id=format!("{name}-note") name="note" maxlength="500" data-testid="verdict-note" />
            <details>
                <summary>{t(Msg::LeaveProposedDates)}</summary>
                <label>
                    {t(Msg::LeaveStart)} <input type="date" name="proposed_start" data-testid="proposed-start" />
                </label>
                <label>{t(Msg::LeaveEnd)} <input type="date" name="proposed_end" data-testid="proposed-end" /></label>
            </details>
            <button type="submit" class="button" data-testid="verdict-send">
                {t(Msg::LeaveSendVerdict)}
            </button>
        </ActionForm>
    }
}

fn action_label(action: &str) -> Msg {
    match action {
        "created" => Msg::LeaveStepCreated,
        "submitted" => Msg::LeaveStepSubmitted,
        "withdrawn" => Msg::LeaveStepWithdrawn,
        "considered" => Msg::LeaveStepConsidered,
        "decided" => Msg::LeaveStepDecided,
        _ => Msg::LeaveStepChangeAccepted,
    }
}

#[component]
pub fn LeaveRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let step = ServerAction::<LeaveStep>::new();
    let verdict = ServerAction::<DecideLeave>::new();
    let data =
        Resource::new(move || (id(), step.version().get(), verdict.version().get()), |(id, _, _)| leave_detail(id));
    view! {
        <PageTitle msg=Msg::LeaveRequestTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let (rid, version) = (d.request.id, d.request.version);
                        let stage = if d.may_consider { "consider" } else { "decide" };
                        view! {
                            <RequestCard request=d.request.clone() is_owner=d.is_owner step />
                            {(d.may_consider || d.may_decide)
                                .then(|| {
                                    view! {
                                        <section class="card">
                                            {move || {
                                                verdict
                                                    .value()
                                                    .get()
                                                    .and_then(Result::err)
                                                    .map(|e| form_error(e, "verdict-error"))
                                            }} <VerdictForm id=rid version stage action=verdict />
                                        </section>
                                    }
                                })}
                            <Timeline steps=d.timeline />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, &format!("/leave/{}", id())),
                }
            })}
        </Transition>
    }
}

/// The request's facts, its letter, and the owner's steps.
#[component]
fn RequestCard(request: RequestView, is_owner: bool, step: ServerAction<LeaveStep>) -> impl IntoView {
    let lang = use_lang();
    let r = request;
    let nip = crate::domain::Nip::parse(&r.nip).map_or_else(|_| r.nip.clone(), |n| n.grouped());
    let r2 = r.clone();
    view! {
        <section class="card who" data-testid="leave-request" data-status=r.status.as_str()>
            <h1>{move || r2.type_name(lang.get()).to_string()} " " {status_badge(r.status)}</h1>
            <p>{r.employee.clone()} <span class="muted small">" · " {nip}</span></p>
            <Facts request=r.clone() />
            {r.letter_document_id.map(|doc| view! { <LetterLinks doc code=r.letter_code.clone() /> })}
            {move || step.value().get().and_then(Result::err).map(|e| form_error(e, "step-error"))}
            {is_owner.then(|| view! { <OwnerSteps request=r.clone() step /> })}
        </section>
    }
}

#[component]
fn Facts(request: RequestView) -> impl IntoView {
    let lang = use_lang();
    let r = request;
    let verdict = |word: &'static str, note: Option<String>| {
        view! {
            {word}
            {note.map(|n| format!(" — {n}"))}
        }
    };
    view! {
        <dl class="facts">
            <dt>{t(Msg::LeaveDates)}</dt>
            <dd data-testid="leave-dates">{move || span(r.start, r.end, lang.get())}</dd>
            <dt>{t(Msg::LeaveLength)}</dt>
            <dd>{move || length_text(r.unit, r.length, lang.get())}</dd>
            <dt>{t(Msg::LeaveReason)}</dt>
            <dd>{r.reason.clone()}</dd>
            <dt>{t(Msg::LeaveAddress)}</dt>
            <dd>{r.address.clone()}</dd>
            <dt>{t(Msg::LeavePhone)}</dt>
            <dd>{r.phone.clone()}</dd>
            {r
                .attachment_id
                .map(|a| {
                    view! {
                        <dt>{t(Msg::LeaveAttachment)}</dt>
                        <dd>
                            <a href=format!("/documents/{a}")>{t(Msg::LeaveOpenAttachment)}</a>
                        </dd>
                    }
                })}
            {r
                .consideration
                .map(|o| {
                    view! {
                        <dt>{t(Msg::LeaveConsideration)}</dt>
                        <dd data-testid="consideration">{verdict(o.form_word(), r.consideration_note.clone())}</dd>
                    }
                })}
            {r
                .decision
                .map(|o| {
                    view! {
                        <dt>{t(Msg::LeaveDecision)}</dt>
                        <dd data-testid="decision">{verdict(o.form_word(), r.decision_note.clone())}</dd>
                    }
                })}
            {r
                .proposed
                .filter(|_| r.status == Status::Changed)
                .map(|(s, e)| {
                    view! {
                        <dt>{t(Msg::LeaveProposedDates)}</dt>
                        <dd data-testid="proposed">{move || span(s, e, lang.get())}</dd>
                    }
                })}
        </dl>
    }
}

/// The approved request's letter, and where anyone can verify it.
#[component]
fn LetterLinks(doc: i64, code: Option<String>) -> impl IntoView {
    view! {
        <p class="actions">
            <a class="button" rel="external" href=format!("/documents/{doc}/file") data-testid="letter-download">
                {t(Msg::LeaveLetterDownload)}
            </a>
            {code
                .map(|code| {
                    view! {
                        <a href=format!("/verify/{code}") data-testid="letter-verify">
                            {t(Msg::LeaveLetterVerify)}
                        </a>
                    }
                })}
        </p>
    }
}

/// The steps the owner may take now: submit, accept a change, withdraw.
#[component]
fn OwnerSteps(request: RequestView, step: ServerAction<LeaveStep>) -> impl IntoView {
    let r = request;
    let buttons = [
        (r.status == Status::Draft, "submit", Msg::LeaveSubmit, "button"),
        (r.status == Status::Changed, "accept", Msg::LeaveAcceptChange, "button"),
        (r.status.is_withdrawable(), "withdraw", Msg::LeaveWithdraw, "button button-secondary"),
    ];
    view! {
        <ActionForm action=step attr:class="form actions">
            <input type="hidden" name="id" value=r.id.to_string() />
            <input type="hidden" name="version" value=r.version.to_string() />
            {buttons
                .into_iter()
                .filter(|b| b.0)
                .map(|(_, value, msg, class)| {
                    view! {
                        <button type="submit" name="step" value=value class=class data-testid=format!("step-{value}")>
                            {t(msg)}
                        </button>
                    }
                })
                .collect_view()}
        </ActionForm>
    }
}

/// Every step of the request, oldest first.
#[component]
fn Timeline(steps: Vec<TimelineStep>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::LeaveTimeline)}</h2>
            <ol class="history" data-testid="timeline">
                {steps
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <span>
                                    {t(action_label(&s.action))} {s.outcome.map(|o| format!(": {}", o.form_word()))}
                                </span>
                                <span class="muted">{s.actor} " · " {format_timestamp(s.at, WIB_OFFSET_HOURS)}</span>
                                {s.note.map(|n| view! { <span class="muted">{n}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
