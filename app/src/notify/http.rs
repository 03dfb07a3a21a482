//! `GET /events`: the signed-in reader's notification count as
//! server-sent events. Each connection reads the notifications table every
//! [`POLL`], so an event recorded by any app instance reaches a page served
//! by any other; a message goes out when the count or the newest id
//! changes (its `id` is the newest notification's id), and the stream ends
//! when the session does.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream;

use crate::server::context::SignedIn;
use crate::server::session::signed_in_alive;
use crate::server::stream_slots::Slot;
use crate::server::{AppState, Db};

/// The notification feature's routes beside its pages.
pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(stream))
}

/// How often each open page's stream reads the table.
pub const POLL: Duration = Duration::from_secs(2);
/// How often a stream checks that its session still exists.
const SESSION_CHECK_EVERY: u32 = 15;

struct Cursor {
    db: Db,
    /// Held for as long as the stream lives.
    _slot: Slot,
    employee_id: i64,
    id_hash: String,
    last: Option<(i64, i64)>,
    polls: u32,
    stopped: tokio::sync::watch::Receiver<bool>,
}

async fn stream(State(state): State<AppState>, SignedIn(current): SignedIn) -> Response {
    let stopped = state.events.stopped.clone();
    let Some(slot) = state.events.slots.take(current.id_hash()) else {
        return axum::http::StatusCode::TOO_MANY_REQUESTS.into_response();
    };
    let cursor = Cursor {
        db: state.db.clone(),
        _slot: slot,
        employee_id: current.employee_id,
        id_hash: current.id_hash().to_string(),
        last: None,
        polls: 0,
        stopped,
    };
    let events = stream::unfold(cursor, |mut c| async move {
        loop {
            if *c.stopped.borrow() {
                return None;
            }
            // Only the very first read goes at once: after a message, and
            // after a failed read (database down), the stream waits.
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
            let Ok(now) = super::repo::snapshot(&c.db, c.employee_id).await else { continue };
            if c.last != Some(now) {
                c.last = Some(now);
                let event = Event::default().id(now.0.to_string()).data(now.1.to_string());
                return Some((Ok::<_, Infallible>(event), c));
            }
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}
