//! Every route the portal serves, fetched signed in as an agency admin
//! (and signed out): each answer carries the security headers, no page
//! and no server function answers 500 to an empty or junk request, and
//! the session cookie carries its flags. The page list comes from the
//! router itself and the server functions from their registry, so a new
//! route is covered without editing this file. (What a ZAP baseline scan
//! would check; ZAP cannot run here.)

use app::org::Role;
use app::org::repo as org;

use crate::helpers::{Engine, TestApp};
use crate::sign_in::{NIP, PASSWORD, account_holder, sign_in};

/// The routes outside the app's pages and server functions.
const OTHER_ROUTES: [&str; 12] = [
    "/healthz",
    "/readyz",
    "/metrics",
    "/attendance/recap.csv",
    "/leave/export.csv",
    "/admin/audit.csv",
    "/documents/1/file",
    "/manifest.webmanifest",
    "/sw.js",
    "/offline.html",
    "/no/such/page",
    "/pkg/does-not-exist.js",
];

fn assert_headers(path: &str, response: &reqwest::Response) {
    let h = response.headers();
    let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
    assert_eq!(get("x-frame-options"), "DENY", "{path}");
    assert_eq!(get("referrer-policy"), "same-origin", "{path}");
    let csp = get("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'") || csp == "sandbox", "{path}: {csp}");
    assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "{path}: {csp}");
    assert!(!h.contains_key("server") && !h.contains_key("x-powered-by"), "{path} names its software");
}

/// A page path with its parameters filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|part| if part.starts_with(':') || part.starts_with('*') { "1" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_carries_the_security_headers_and_never_answers_500() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let id = account_holder(&app).await;
    let agency: i64 = sqlx::query_scalar("SELECT agency_id FROM employees WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    org::grant_role(&app.db, id, Role::AgencyAdmin, agency).await.unwrap();

    // The session cookie's flags (development mode: no Secure, no __Host-).
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let first = client
        .post(app.url("/api/sign_in"))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .form(&[("nip", NIP), ("password", PASSWORD), ("next", "")])
        .send()
        .await
        .unwrap();
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("asn_session="))
        .expect("a session cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.expect("signed in");

    let pages: Vec<String> = asn_portal::router::page_paths().iter().map(|p| concrete(p)).collect();
    assert!(pages.len() > 30 && pages.contains(&"/admin/audit".to_string()), "{pages:?}");
    for path in pages.iter().map(String::as_str).chain(OTHER_ROUTES) {
        for signed_in in [true, false] {
            let mut request = client.get(app.url(path));
            if signed_in {
                request = request.header("cookie", format!("asn_session={token}"));
            }
            let response = request.send().await.unwrap();
            assert!(response.status().as_u16() < 500, "{path} (signed in: {signed_in}): {}", response.status());
            assert_headers(path, &response);
        }
    }

    // Every server function, with no fields and with junk in the usual
    // names: a clean 4xx (or success), never a 500, and the headers.
    let junk = [
        ("id", "'; DROP TABLE employees; --"),
        ("nip", "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١"),
        ("text", "<script>alert(1)</script>"),
        ("code", "\u{202e}123456"),
        ("month", "9999-99"),
        ("year", "-1"),
    ];
    let mut endpoints: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
    endpoints.sort_unstable();
    assert!(endpoints.len() > 40, "{endpoints:?}");
    for endpoint in endpoints {
        if endpoint == "/api/sign_out" {
            continue; // would end the session the rest of the loop uses
        }
        for (form, session) in [(&[][..], true), (&junk[..], true), (&junk[..], false)] {
            let mut request = client.post(app.url(endpoint)).header("origin", &app.address).form(form);
            if session {
                request = request.header("cookie", format!("asn_session={token}"));
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            assert!(status < 500, "{endpoint} with {form:?}: {status} {}", response.text().await.unwrap_or_default());
            assert_headers(endpoint, &response);
        }
    }
    app.stop().await;
}
