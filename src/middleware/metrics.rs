//! Prometheus metrics: request count by route, method and status, and a
//! latency histogram by route and method. Routes are the router's patterns
//! (`/api/{*fn_name}`), never raw paths, so label cardinality stays bounded;
//! everything the router did not match (static files, 404) is `fallback`.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<(String, String), Histogram>,
}

#[derive(Clone, Default)]
pub struct Metrics {
    inner: Arc<Mutex<Inner>>,
}

/// Where the inner (per-route) layer leaves the matched route for the outer one.
#[derive(Clone, Default)]
struct RouteSlot(Arc<Mutex<Option<String>>>);

impl Metrics {
    fn record(&self, route: String, method: String, status: u16, seconds: f64) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *inner.requests.entry((route.clone(), method.clone(), status)).or_default() += 1;
        let h = inner.latency.entry((route, method)).or_default();
        h.count += 1;
        h.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.buckets[i] += 1;
            }
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self, extra: &[(&str, &str, f64)]) -> String {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str("# HELP asn_http_requests_total HTTP requests by route, method and status.\n");
        out.push_str("# TYPE asn_http_requests_total counter\n");
        for ((route, method, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "asn_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP asn_http_request_duration_seconds HTTP request latency by route and method.\n");
        out.push_str("# TYPE asn_http_request_duration_seconds histogram\n");
        for ((route, method), h) in &inner.latency {
            let labels = format!("route=\"{}\",method=\"{method}\"", escape(route));
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "asn_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                    h.buckets[i]
                );
            }
            let _ = writeln!(out, "asn_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "asn_http_request_duration_seconds_sum{{{labels}}} {}", h.sum);
            let _ = writeln!(out, "asn_http_request_duration_seconds_count{{{labels}}} {}", h.count);
        }
        for (name, help, value) in extra {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Outer layer: times every request and records it.
pub async fn outer(State(metrics): State<Metrics>, mut request: Request, next: Next) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let route = slot.0.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_else(|| "fallback".into());
    metrics.record(route, method, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

/// Inner layer (on matched routes only): notes the route pattern.
pub async fn inner(request: Request, next: Next) -> Response {
    if let (Some(path), Some(slot)) =
        (request.extensions().get::<MatchedPath>(), request.extensions().get::<RouteSlot>())
    {
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.as_str().to_string());
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_and_bucketed() {
        let m = Metrics::default();
        m.record("/".into(), "GET".into(), 200, 0.003);
        m.record("/".into(), "GET".into(), 200, 0.2);
        m.record("/".into(), "GET".into(), 404, 20.0);
        let text = m.render(&[("asn_up", "Always 1.", 1.0)]);
        assert!(text.contains("asn_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 2"), "{text}");
        assert!(text.contains("le=\"0.005\"} 1"), "{text}");
        assert!(text.contains("le=\"0.25\"} 2"), "{text}");
        assert!(text.contains("le=\"+Inf\"} 3"), "{text}");
        assert!(text.contains("asn_up 1"), "{text}");
    }
}
