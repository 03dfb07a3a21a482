//! The language switch without JavaScript, and localised pages.

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines! {
    async fn pages_are_indonesian_by_default(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let body = app.get("/").await.text().await.unwrap();
        assert!(body.contains("<html lang=\"id\""), "{body}");
        assert!(body.contains("Selamat datang di Portal ASN"));
        app.stop().await;
    }

    async fn the_no_javascript_switch_sets_a_cookie_and_redirects_back(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.post_form("/api/set_language", &[("lang", "en")]).await;
        assert_eq!(response.status(), 302);
        let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
        assert_eq!((location.origin().ascii_serialization(), location.path()), (app.address.clone(), "/"));
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("asn_lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(!cookie.contains("Secure"), "dev mode over http: {cookie}");
        let body = app.get("/").await.text().await.unwrap();
        assert!(body.contains("<html lang=\"en\""));
        assert!(body.contains("Welcome to the ASN Portal"), "{body}");
        // And back.
        app.post_form("/api/set_language", &[("lang", "id")]).await;
        assert!(app.get("/").await.text().await.unwrap().contains("Selamat datang"));
        app.stop().await;
    }

    async fn the_cookie_is_secure_when_configured(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_COOKIE_SECURE", "true")]).await;
        let response = app.post_form("/api/set_language", &[("lang", "en")]).await;
        assert!(response.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
        app.stop().await;
    }

    async fn an_unknown_page_is_a_localised_404(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let response = app.get("/tidak/ada").await;
        assert_eq!(response.status(), 404);
        assert!(response.text().await.unwrap().contains("Halaman tidak ditemukan"));
        let english = app.client.get(app.url("/tidak/ada")).header("cookie", "asn_lang=en").send().await.unwrap();
        assert_eq!(english.status(), 404);
        assert!(english.text().await.unwrap().contains("Page not found"));
        app.stop().await;
    }
}
