//! Operational endpoints: liveness, readiness and metrics.

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use std::sync::Arc;

use crate::middleware::metrics::Metrics;
use app::server::{Db, SignInCounters};

/// `/healthz`: the process is up and serving. Touches nothing else.
pub async fn healthz() -> &'static str {
    "ok\n"
}

#[derive(Serialize)]
struct Readiness {
    status: &'static str,
    database: &'static str,
    engine: &'static str,
    migrations_applied: usize,
    migrations_expected: usize,
}

/// `/readyz`: the database answers and every migration of this build is
/// applied; 503 otherwise, so a load balancer sends no traffic here.
pub async fn readyz(db: Db) -> Response {
    let engine = db.backend().name();
    let reachable = db.ping().await.is_ok();
    let status = if reachable { db.migration_status().await.ok() } else { None };
    let ready = status.as_ref().is_some_and(|s| s.is_current());
    let body = Readiness {
        status: if ready { "ready" } else { "not ready" },
        database: if reachable { "reachable" } else { "unreachable" },
        engine,
        migrations_applied: status.as_ref().map_or(0, |s| s.applied),
        migrations_expected: status.as_ref().map_or(0, |s| s.expected),
    };
    if !ready {
        tracing::warn!(reachable, "readiness check failed");
    }
    let code = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, Json(body)).into_response()
}

/// `/metrics`: Prometheus text. When ASN_METRICS_TOKEN is set, a matching
/// bearer token is required.
pub async fn metrics(
    metrics: Metrics,
    db: Db,
    sign_ins: Arc<SignInCounters>,
    token: Option<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(expected) = token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "").into_response();
        }
    }
    let pool = db.pool();
    let size = f64::from(pool.size());
    let idle = pool.num_idle() as f64;
    // -1 when the database does not answer: distinct from an empty outbox.
    let outbox = app::mail::outbox::depth(&db).await.map_or(-1.0, |n| n as f64);
    let given_up = app::mail::outbox::failed(&db).await.map_or(-1.0, |n| n as f64);
    let logouts = app::oidc::backchannel::depth(&db).await.map_or(-1.0, |n| n as f64);
    let mut body = metrics.render(&[
        ("asn_db_pool_connections", "Open database connections.", size),
        ("asn_db_pool_idle_connections", "Idle database connections.", idle),
        ("asn_mail_outbox_depth", "Mail messages queued and not yet sent.", outbox),
        ("asn_mail_failed", "Mail messages given up after a permanent refusal or too many attempts.", given_up),
        ("asn_backchannel_logout_queue_depth", "Back-channel logout notices queued and not yet delivered.", logouts),
    ]);
    body.push_str(
        "# HELP asn_sign_ins_total Sign-in attempts by outcome (refused: wrong NIP or password, or locked).\n",
    );
    body.push_str("# TYPE asn_sign_ins_total counter\n");
    for (outcome, n) in sign_ins.snapshot() {
        body.push_str(&format!("asn_sign_ins_total{{outcome=\"{outcome}\"}} {n}\n"));
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
