//! `/my-data/corrections` (propose a change, see one's requests) and
//! `/corrections` (an agency admin's queue). Plain forms: both work
//! without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{DecideCorrection, RequestCorrection, correction_queue, corrections_overview};
use super::model::*;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, t};
use crate::ui::form_error::form_error;
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

fn status_badge(status: Status) -> impl IntoView {
    let (msg, class) = match status {
        Status::Pending => (Msg::CorrectionPending, "badge"),
        Status::Accepted => (Msg::CorrectionAccepted, "badge badge-ok"),
        Status::Rejected => (Msg::CorrectionRejected, "badge badge-new"),
    };
    view! {
        <span class=class data-status=format!("{status:?}").to_lowercase()>
            {t(msg)}
        </span>
    }
}

/// The end of every proposal form: the evidence from the cabinet, a note,
/// and the button (disabled while the cabinet holds nothing to attach).
#[component]
fn EvidenceAndSubmit(documents: Vec<Choice>) -> impl IntoView {
    let no_evidence = documents.is_empty();
    view! {
        <label>{t(Msg::CorrectionEvidence)}</label>
        <select name="evidence" required>
            {documents.into_iter().map(|d| view! { <option value=d.id.to_string()>{d.label}</option> }).collect_view()}
        </select>
        <label>{t(Msg::CorrectionNote)}</label>
        <input name="note" maxlength="500" />
        <button type="submit" class="button" disabled=no_evidence>
            {t(Msg::CorrectionSubmit)}
        </button>
    }
}

#[component]
pub fn MyCorrectionsPage() -> impl IntoView {
    let query = use_query_map();
    let action = ServerAction::<RequestCorrection>::new();
    let data = Resource::new(move || action.version().get(), |_| corrections_overview());
    let sent =
        Signal::derive(move || query.read().get("sent").is_some() || matches!(action.value().get(), Some(Ok(_))));
    view! {
        <PageTitle msg=Msg::CorrectionsTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let no_evidence = d.documents.is_empty();
                        let docs = d.documents;
                        view! {
                            <Intro sent action no_evidence />
                            <EducationForm action documents=docs.clone() />
                            {(!d.positions.is_empty())
                                .then(|| {
                                    view! {
                                        <TargetDateForm
                                            action
                                            kind="position_tmt"
                                            title=Msg::CorrectionPositionTmt
                                            target_label=Msg::CorrectionPosition
                                            date_label=Msg::CorrectionNewTmt
                                            targets=d.positions
                                            documents=docs.clone()
                                            testid="correction-position"
                                        />
                                    }
                                })}
                            {(!d.family.is_empty())
                                .then(|| {
                                    view! {
                                        <TargetDateForm
                                            action
                                            kind="family_birth_date"
                                            title=Msg::CorrectionFamilyBirthDate
                                            target_label=Msg::CorrectionMember
                                            date_label=Msg::CorrectionNewBirthDate
                                            targets=d.family
                                            documents=docs
                                            testid="correction-family"
                                        />
                                    }
                                })}
                            <MyRequests requests=d.requests />
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/my-data/corrections"),
                }
            })}
        </Transition>
    }
}

/// The page's heading, and what became of the last proposal.
#[component]
fn Intro(sent: Signal<bool>, action: ServerAction<RequestCorrection>, no_evidence: bool) -> impl IntoView {
    view! {
        <section class="card who">
            <h1>{t(Msg::CorrectionsTitle)}</h1>
            <p class="muted">{t(Msg::CorrectionsIntro)}</p>
            {move || {
                sent.get()
                    .then(|| {
                        view! {
                            <p class="form-success" role="status" data-testid="correction-sent">
                                {t(Msg::CorrectionSent)}
                            </p>
                        }
                    })
            }}
            {move || action.value().get().and_then(Result::err).map(|e| form_error(e, "correction-error"))}
            {no_evidence
                .then(|| {
                    view! {
                        <p class="form-error" role="alert">
                            <a href="/documents">{t(Msg::CorrectionNoEvidence)}</a>
                        </p>
                    }
                })}
        </section>
    }
}

/// Proposing an education the record lacks.
#[component]
fn EducationForm(action: ServerAction<RequestCorrection>, documents: Vec<Choice>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::CorrectionAddEducation)}</h2>
            <ActionForm action attr:class="form" attr:data-testid="correction-education">
                <input type="hidden" name="kind" value="add_education" />
                <label>{t(Msg::CorrectionLevel)}</label>
                <select name="level" required>
                    {EDUCATION_LEVELS
                        .iter()
                        .map(|l| view! { <option value=*l>{l.to_uppercase()}</option> })
                        .collect_view()}
                </select>
                <label>{t(Msg::CorrectionInstitution)}</label>
                <input name="institution" required maxlength="200" />
                <label>{t(Msg::CorrectionMajor)}</label>
                <input name="major" maxlength="200" />
                <label>{t(Msg::CorrectionYear)}</label>
                <input name="year" required inputmode="numeric" maxlength="4" />
                <EvidenceAndSubmit documents />
            </ActionForm>
        </section>
    }
}

/// Proposing a new date for one row of the record (a position's TMT, a
/// family member's birth date).
#[component]
fn TargetDateForm(
    action: ServerAction<RequestCorrection>,
    kind: &'static str,
    title: Msg,
    target_label: Msg,
    date_label: Msg,
    targets: Vec<Choice>,
    documents: Vec<Choice>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(title)}</h2>
            <ActionForm action attr:class="form" attr:data-testid=testid>
                <input type="hidden" name="kind" value=kind />
                <label>{t(target_label)}</label>
                <select name="target" required>
                    {targets
                        .into_iter()
                        .map(|p| view! { <option value=p.id.to_string()>{p.label}</option> })
                        .collect_view()}
                </select>
                <label>{t(date_label)}</label>
                <input name="date" type="date" required />
                <EvidenceAndSubmit documents />
            </ActionForm>
        </section>
    }
}

/// The employee's own proposals, newest first.
#[component]
fn MyRequests(requests: Vec<RequestView>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t(Msg::CorrectionMyRequests)}</h2>
            {if requests.is_empty() {
                view! { <p class="muted">{t(Msg::CorrectionNone)}</p> }.into_any()
            } else {
                view! {
                    <ol class="history" data-testid="my-corrections">
                        {requests
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        <span>{status_badge(r.status)} " " {r.proposal.summary()}</span>
                                        {r
                                            .current
                                            .map(|c| {
                                                view! {
                                                    <span class="muted">{t(Msg::CorrectionCurrent)} ": " {c}</span>
                                                }
                                            })}
                                        {r.reason.map(|reason| view! { <span class="muted">{reason}</span> })}
                                        <span class="muted">{format_timestamp(r.created_at, WIB_OFFSET_HOURS)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
pub fn CorrectionQueuePage() -> impl IntoView {
    let decide = ServerAction::<DecideCorrection>::new();
    let queue = Resource::new(move || decide.version().get(), |_| correction_queue());
    view! {
        <PageTitle msg=Msg::CorrectionQueueTitle />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(items) => {
                        view! {
                            <section class="card who">
                                <h1>{t(Msg::CorrectionQueueTitle)}</h1>
                                {move || {
                                    decide.value().get().and_then(Result::err).map(|e| form_error(e, "decision-error"))
                                }}
                            </section>
                            {if items.is_empty() {
                                view! {
                                    <section class="card">
                                        <p class="muted" data-testid="queue-empty">
                                            {t(Msg::CorrectionQueueEmpty)}
                                        </p>
                                    </section>
                                }
                                    .into_any()
                            } else {
                                items
                                    .into_iter()
                                    .map(|r| view! { <QueuedCorrection r decide /> })
                                    .collect_view()
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                    Err(e) => refused(&e, "/corrections"),
                }
            })}
        </Transition>
    }
}

/// One proposal waiting for the admin: what changes, the evidence, and the
/// decision with its reason.
#[component]
fn QueuedCorrection(r: RequestView, decide: ServerAction<DecideCorrection>) -> impl IntoView {
    let nip = crate::domain::Nip::parse(&r.nip).map_or_else(|_| r.nip.clone(), |n| n.grouped());
    view! {
        <section class="card" data-testid="correction" data-id=r.id.to_string()>
            <h2>{r.employee} <span class="muted small">" · " {nip}</span></h2>
            <p>
                <strong>{t(Msg::CorrectionProposed)} ": "</strong>
                {r.proposal.summary()}
            </p>
            {r.current.map(|c| view! { <p class="muted">{t(Msg::CorrectionCurrent)} ": " {c}</p> })}
            {r.note.map(|n| view! { <p class="muted">{n}</p> })}
            <p>
                <a href=format!("/documents/{}", r.evidence_id)>{t(Msg::CorrectionEvidence)} ": " {r.evidence_title}</a>
            </p>
            <ActionForm action=decide attr:class="form">
                <input type="hidden" name="id" value=r.id.to_string() />
                <label>{t(Msg::CorrectionReason)}</label>
                <input name="reason" maxlength="500" />
                <p class="actions">
                    <button type="submit" name="decision" value="accept" class="button" data-testid="accept">
                        {t(Msg::CorrectionAccept)}
                    </button>
                    <button
                        type="submit"
                        name="decision"
                        value="reject"
                        class="button button-secondary"
                        data-testid="reject"
                    >
                        {t(Msg::CorrectionReject)}
                    </button>
                </p>
            </ActionForm>
        </section>
    }
}
