//! The axum router: operational endpoints, the Leptos pages and server
//! functions, static files, and the layers every request passes through.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::http::{HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::config::Config;
use crate::middleware::client_ip;
use crate::middleware::metrics::{self, Metrics};
use crate::middleware::origin::{self, OriginPolicy};
use crate::middleware::{request_id, security_headers, server_fn_status};
use crate::ops;
use app::server::AppState;
use app::{App, shell};

/// Each feature's own routes (`app::<feature>::http::routes`) are merged
/// here beside the pages.
pub fn build(state: AppState, config: &Config, metrics: Metrics) -> Router {
    let routes = page_routes();
    let context_state = state.clone();
    let context = move || provide_context(context_state.clone());
    let options = state.leptos_options.clone();

    let ready_db = state.db.clone();
    let metrics_db = state.db.clone();
    let metrics_state = metrics.clone();
    let metrics_token = config.metrics_token.clone();
    let sign_ins = state.sign_ins.clone();
    let upload_state = state.clone();
    let upload_max = state.documents.max_bytes;

    let router = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(move || ops::readyz(ready_db.clone())))
        .route(
            "/metrics",
            get(move |headers: HeaderMap| {
                ops::metrics(
                    metrics_state.clone(),
                    metrics_db.clone(),
                    sign_ins.clone(),
                    metrics_token.clone(),
                    headers,
                )
            }),
        )
        .merge(app::attendance::http::routes())
        .merge(app::leave::http::routes())
        .merge(app::documents::http::routes())
        .merge(app::notify::http::routes())
        .merge(app::admin::http::routes())
        .merge(app::oidc::http::routes())
        .nest_service("/pkg", pkg_files(config))
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .route_layer(from_fn(server_fn_status::layer))
        .route_layer(from_fn(metrics::inner))
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .with_state(state);

    let origin_policy =
        Arc::new(OriginPolicy { public_origin: config.public_origin(), allow_host_origin: !config.is_production() });
    let security = security_headers::SecurityPolicy { hsts: config.is_production() };
    let proxies = Arc::new(config.trusted_proxies.clone());

    // Uploads stream up to ASN_UPLOAD_MAX_BYTES (the handler counts) and
    // may take as long as a slow phone needs; everything else keeps the
    // small body limit and the request timeout.
    let upload_limit = usize::try_from(upload_max + app::documents::http::FORM_OVERHEAD).unwrap_or(usize::MAX);
    let uploads = app::documents::http::upload_routes()
        .route_layer(from_fn(metrics::inner))
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, UPLOAD_TIMEOUT))
        .with_state(upload_state);
    let router = router
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout(config)))
        .merge(uploads);

    // Each `layer` wraps everything before it: the last one runs first.
    router
        .layer(from_fn_with_state(origin_policy, origin::layer))
        .layer(from_fn_with_state(proxies, client_ip::layer))
        // PDFs are compressed already, and ranges of them must stay byte ranges.
        .layer(
            CompressionLayer::new()
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/pdf"))),
        )
        .layer(from_fn_with_state(security, security_headers::layer))
        .layer(from_fn_with_state(metrics, metrics::outer))
        .layer(from_fn(request_id::layer))
}

/// The pages' routes, worked out once per process.
///
/// Leptos lists them by rendering the app while a process-wide flag stops
/// every resource from loading (`SuppressResourceLoad` in leptos_router's
/// `generate_route_list`). A resource that any render in the process first
/// polls while the flag is up waits forever, and its request ends in a 408
/// (upstream leptos-rs/leptos#4773). A server lists its routes before it
/// serves, but a process that builds several routers (the integration tests
/// start one server per test) must never list them again while another one
/// serves: that is what hung a random page test now and then.
/// The paths of every page the app renders (`/leave/:id` style), for
/// checks that must cover them all.
pub fn page_paths() -> Vec<String> {
    page_routes().iter().map(|r| r.path().to_string()).collect()
}

fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The WASM bundle, its JS glue and the CSS, served with the `.br`/`.gz`
/// siblings the build made (no compression work per request) and revalidated
/// on every use, since their names carry no hash.
fn pkg_files(config: &Config) -> Router {
    let dir = ServeDir::new(config.site_dir.join("pkg")).precompressed_br().precompressed_gzip();
    Router::new()
        .fallback_service(dir)
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
}

/// How long an upload may take: 10 MB over a 1 Mbit/s phone link is
/// under two minutes; a raised limit may need longer.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);

fn request_timeout(config: &Config) -> Duration {
    config.request_timeout.max(Duration::from_secs(1))
}
