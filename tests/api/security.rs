//! Security headers, the CSP nonce, cross-origin refusal, body limits and
//! request ids.

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines! {
    async fn every_page_carries_the_security_headers_and_a_fresh_nonce(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.get("/").await;
        assert_eq!(response.status(), 200);
        let h = response.headers().clone();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert!(h.get("strict-transport-security").is_none(), "no HSTS in dev mode");
        let csp = h["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce").to_string();
        let body = response.text().await.unwrap();
        // Every inline script carries this response's nonce, and only it.
        let scripts = body.matches("<script").count();
        let with_nonce = body.matches(&format!("nonce=\"{nonce}\"")).count();
        let external = body.matches("<script src=").count();
        assert!(scripts >= 2, "{body}");
        assert_eq!(scripts, with_nonce + external, "an inline script without the nonce: {body}");
        let second = app.get("/").await;
        assert_ne!(second.headers()["content-security-policy"].to_str().unwrap(), csp, "nonces must differ");
        app.stop().await;
    }

    async fn static_and_error_responses_get_the_headers_too(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        for path in ["/healthz", "/no/such/page"] {
            let response = app.get(path).await;
            assert_eq!(response.headers()["x-content-type-options"], "nosniff", "{path}");
            assert!(response.headers().contains_key("content-security-policy"), "{path}");
        }
        app.stop().await;
    }

    async fn production_adds_hsts(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[
            ("ASN_MODE", "production"),
            ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
            ("ASN_SECRET_KEY", "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778"),
            // Production refuses the harness's cheap Argon2 parameters.
            ("ASN_ARGON2_MEMORY_KIB", "19456"),
            ("ASN_ARGON2_ITERATIONS", "2"),
            ("ASN_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
            ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
            ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
        ]).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
        app.stop().await;
    }

    async fn a_server_function_call_with_missing_fields_is_a_400_not_a_500(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        for endpoint in ["sign_in", "change_password", "end_session"] {
            let response = app
                .client
                .post(app.url(&format!("/api/{endpoint}")))
                .header("origin", &app.address)
                .form(&[("unexpected", "x")])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 400, "{endpoint}");
            assert!(response.text().await.unwrap().starts_with(r#"{"Validation""#), "{endpoint}");
        }
        // A server function's own refusal keeps its status.
        let response = app.client.post(app.url("/api/my_sessions")).header("origin", &app.address).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401);
        app.stop().await;
    }

    async fn a_cross_origin_post_is_refused_and_changes_nothing(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let response = app
            .client
            .post(app.url("/api/set_language"))
            .header("origin", "https://evil.example")
            .form(&[("lang", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        assert!(response.headers().get("set-cookie").is_none());
        let text = response.text().await.unwrap();
        assert!(text.contains("Permintaan ditolak") && text.contains("Request refused"), "{text}");
        app.stop().await;
    }

    async fn an_oversized_body_is_refused(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_MAX_BODY_BYTES", "4096")]).await;
        let big = "x".repeat(10_000);
        let response = app
            .client
            .post(app.url("/api/set_language"))
            .header("origin", &app.address)
            .form(&[("lang", big.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413);
        app.stop().await;
    }

    async fn request_ids_are_generated_or_passed_through(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let generated = app.get("/healthz").await;
        let id = generated.headers()["x-request-id"].to_str().unwrap();
        assert_eq!(id.len(), 36, "{id}");
        let given = app.client.get(app.url("/healthz")).header("x-request-id", "lb-req-0123456789").send().await.unwrap();
        assert_eq!(given.headers()["x-request-id"], "lb-req-0123456789");
        let hostile = app.client.get(app.url("/healthz")).header("x-request-id", "a b").send().await.unwrap();
        assert_ne!(hostile.headers()["x-request-id"], "a b");
        app.stop().await;
    }
}
