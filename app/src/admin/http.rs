//! The audit viewer's routes outside the server functions: the CSV of a
//! filtered selection (`GET /admin/audit.csv`) and the live feed
//! (`GET /admin/audit/live`, server-sent events). The live feed reads the
//! trail every [`POLL`], so an event recorded by any app instance reaches
//! an admin whose page is served by any other.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream;
use serde::Deserialize;

use super::audit_log::{self, CSV_MAX, Filter, Scope};
use crate::audit::RequestInfo;
use crate::org::guard::admin_network;
use crate::server::context::SignedIn;
use crate::server::session::{Current, signed_in_alive};
use crate::server::stream_slots::Slot;
use crate::server::{AppState, Db};

/// The console's routes beside its pages.
pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit.csv", get(csv)).route("/admin/audit/live", get(live))
}

/// How often each open feed reads the trail.
pub const POLL: Duration = Duration::from_secs(2);
/// How often a feed checks that its session still exists.
const SESSION_CHECK_EVERY: u32 = 15;

/// The signed-in admin behind the request, from an allowed network, and
/// the scope of their events.
async fn admin(state: &AppState, current: Current, request: &RequestInfo) -> Result<(Current, Scope), Response> {
    admin_network(state, current.employee_id, request).await.map_err(|e| e.http_status().into_response())?;
    match Scope::of(&state.db, current.employee_id).await {
        Ok(scope) => Ok((current, scope)),
        Err(e) => Err(crate::error::AppError::from(e).http_status().into_response()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CsvQuery {
    nip: Option<String>,
    event: Option<String>,
    from: Option<String>,
    to: Option<String>,
    ip: Option<String>,
}

async fn csv(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    request: RequestInfo,
    Query(q): Query<CsvQuery>,
) -> Response {
    let (_, scope) = match admin(&state, current, &request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(filter) = Filter::read(q.nip, q.event, q.from, q.to, q.ip, None) else {
        return (StatusCode::BAD_REQUEST, "from and to must be YYYY-MM-DD").into_response();
    };
    let lines = match audit_log::search(&state.db, &scope, &filter, CSV_MAX).await {
        Ok(lines) => lines,
        Err(e) => {
            tracing::error!(error = %e, "building the audit CSV failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    crate::server::csv::download(audit_log::csv(&lines), "audit.csv")
}

struct Cursor {
    db: Db,
    /// Held for as long as the feed lives.
    _slot: Slot,
    scope: Scope,
    id_hash: String,
    after: i64,
    pending: std::collections::VecDeque<crate::admin::model::AuditLine>,
    polls: u32,
    stopped: tokio::sync::watch::Receiver<bool>,
}

/// Each message is one watched event as JSON, its `id` the event's.
async fn live(
    State(state): State<AppState>,
    SignedIn(current): SignedIn,
    request: RequestInfo,
    headers: HeaderMap,
) -> Response {
    let (current, scope) = match admin(&state, current, &request).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let stopped = state.events.stopped.clone();
    let Some(slot) = state.events.slots.take(current.id_hash()) else {
        return StatusCode::TOO_MANY_REQUESTS.into_response();
    };
    // A reconnecting browser says where it stopped; a new page starts now.
    let resumed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|id| *id >= 0);
    let after = match resumed {
        Some(id) => id,
        None => match audit_log::newest(&state.db).await {
            Ok(id) => id,
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        },
    };
    let cursor = Cursor {
        db: state.db.clone(),
        _slot: slot,
        scope,
        id_hash: current.id_hash().to_string(),
        after,
        pending: Default::default(),
        polls: 0,
        stopped,
    };
    let events = stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(line) = c.pending.pop_front() {
                let data = serde_json::to_string(&line).unwrap_or_default();
                let event = Event::default().id(line.id.to_string()).data(data);
                return Some((Ok::<_, Infallible>(event), c));
            }
            if *c.stopped.borrow() {
                return None;
            }
            if c.polls > 0 {
                tokio::select! {
                    () = tokio::time::sleep(POLL) => {}
                    _ = c.stopped.changed() => return None,
                }
            }
            c.polls += 1;
            if c.polls.is_multiple_of(SESSION_CHECK_EVERY) && !signed_in_alive(&c.db, &c.id_hash).await {
                return None;
            }
            let Ok(lines) = audit_log::live_after(&c.db, &c.scope, c.after).await else { continue };
            if let Some(last) = lines.last() {
                c.after = last.id;
            }
            c.pending.extend(lines);
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}
