use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines! {
    async fn healthz_answers_ok(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), "ok\n");
        app.stop().await;
    }

    async fn readyz_reports_the_engine_and_current_migrations(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        let expected_engine = match engine {
            crate::helpers::Engine::Sqlite => "sqlite",
            crate::helpers::Engine::Postgres => "postgres",
        };
        assert_eq!(body["status"], "ready");
        assert_eq!(body["engine"], expected_engine);
        assert_eq!(body["migrations_applied"], body["migrations_expected"]);
        assert!(body["migrations_expected"].as_u64().unwrap() >= 1);
        app.stop().await;
    }

    async fn readyz_is_unavailable_when_a_migration_is_missing(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute(app.db.pool())
            .await
            .unwrap();
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 503);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "not ready");
        app.stop().await;
    }

    async fn metrics_count_requests_by_route_pattern(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        app.get("/healthz").await;
        app.get("/healthz").await;
        app.get("/no/such/page").await;
        let text = app.get("/metrics").await.text().await.unwrap();
        assert!(text.contains("asn_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2"), "{text}");
        assert!(text.contains("asn_http_requests_total{route=\"fallback\",method=\"GET\",status=\"404\"} 1"), "{text}");
        assert!(text.contains("asn_http_request_duration_seconds_count{route=\"/healthz\",method=\"GET\"} 2"), "{text}");
        assert!(!text.contains("/no/such/page"), "raw paths must not become labels");
        app.stop().await;
    }

    async fn metrics_require_the_token_when_one_is_configured(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_METRICS_TOKEN", "s3cret-metrics-token")]).await;
        assert_eq!(app.get("/metrics").await.status(), 401);
        let ok = app.client.get(app.url("/metrics")).bearer_auth("s3cret-metrics-token").send().await.unwrap();
        assert_eq!(ok.status(), 200);
        let wrong = app.client.get(app.url("/metrics")).bearer_auth("s3cret-metrics-tokeN").send().await.unwrap();
        assert_eq!(wrong.status(), 401);
        app.stop().await;
    }
}
