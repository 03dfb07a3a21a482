//! `/admin/jobs`: when each scheduled job last ran and what it did.

use leptos::prelude::*;

use super::api::admin_jobs;
use super::model::JobView;
use super::pages::AdminNav;
use crate::domain::date::{WIB_OFFSET_HOURS, format_timestamp};
use crate::i18n::{Msg, t};
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    let jobs = Resource::new(|| (), |_| admin_jobs());
    view! {
        <PageTitle msg=Msg::AdminJobsTitle />
        <AdminNav />
        <section class="card who">
            <h1>{t(Msg::AdminJobsTitle)}</h1>
            <p class="muted">{t(Msg::AdminJobsIntro)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match jobs.await {
                    Ok(jobs) if jobs.is_empty() => {
                        view! {
                            <section class="card">
                                <p class="muted" data-testid="jobs-none">
                                    {t(Msg::AdminJobsNone)}
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(jobs) => jobs.into_iter().map(|job| view! { <JobCard job /> }).collect_view().into_any(),
                    Err(e) => refused(&e, "/admin/jobs"),
                }
            })}
        </Suspense>
    }
}

fn when(at: Option<i64>) -> String {
    at.map_or_else(|| "–".into(), |at| format!("{} WIB", format_timestamp(at, WIB_OFFSET_HOURS)))
}

/// One job: its last finished run, and its failures since.
#[component]
fn JobCard(job: JobView) -> impl IntoView {
    let title = match job.name.as_str() {
        "leave_year" => t(Msg::AdminJobLeaveYear).into_any(),
        other => other.to_string().into_any(),
    };
    view! {
        <section class="card" data-testid="job" data-job=job.name.clone() data-running=job.running.to_string()>
            <h2>
                {title}
                {job
                    .running
                    .then(|| {
                        view! {
                            " "
                            <span class="badge">{t(Msg::AdminJobRunning)}</span>
                        }
                    })}
            </h2>
            <dl class="facts">
                <dt>{t(Msg::AdminJobLastDay)}</dt>
                <dd data-testid="job-day">{job.done_day.unwrap_or_else(|| "–".into())}</dd>
                <dt>{t(Msg::AdminJobStarted)}</dt>
                <dd>{when(job.started_at)}</dd>
                <dt>{t(Msg::AdminJobFinished)}</dt>
                <dd>{when(job.finished_at)}</dd>
                <dt>{t(Msg::AdminJobOutcome)}</dt>
                <dd data-testid="job-outcome">{job.outcome.unwrap_or_else(|| "–".into())}</dd>
            </dl>
            {(job.failures > 0)
                .then(|| {
                    view! {
                        <p class="form-error" role="note" data-testid="job-failed">
                            {t(Msg::AdminJobFailed)}
                            " ("
                            {job.failures}
                            "×, "
                            {when(job.failed_at)}
                            "): "
                            {job.last_error.clone().unwrap_or_default()}
                            " · "
                            {t(Msg::AdminJobRetry)}
                            " "
                            {when(job.retry_at)}
                        </p>
                    }
                })}
        </section>
    }
}
