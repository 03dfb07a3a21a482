//! What the provider refuses: replayed or misbound codes, unregistered
//! redirect URIs, missing PKCE, wrong client credentials, agencies a
//! service is not open to, and too many token requests.

use openidconnect::{OAuth2TokenResponse, PkceCodeVerifier};

use super::*;
use crate::on_both_engines;
use crate::sign_in::employee_with_password_in;

fn replace_param(url: &str, key: &str, value: Option<&str>) -> String {
    let mut u = url::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = u.query_pairs().into_owned().filter(|(k, _)| k != key).collect();
    {
        let mut q = u.query_pairs_mut();
        q.clear();
        for (k, v) in &pairs {
            q.append_pair(k, v);
        }
        if let Some(v) = value {
            q.append_pair(key, v);
        }
    }
    u.to_string()
}

on_both_engines! {
    // A code works once: replayed, it is refused and the tokens it gave
    // are revoked. It is bound to its client, its redirect URI and its
    // PKCE verifier, and lives a minute.
    async fn codes_are_single_use_and_bound_to_client_redirect_and_verifier(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { first_party: true, ..Default::default() }).await;
        let other_secret = register(&app, Registration { client_id: "other-svc", first_party: true, ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret.clone()).await;
        let other = relying_party(&app, "other-svc", other_secret).await;
        let (_, token) = signed_in(&app).await;

        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let verifier = req.verifier.secret().clone();
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        let replay = exchange(&rp, &code, PkceCodeVerifier::new(verifier)).await;
        assert_eq!(replay.unwrap_err(), "invalid_grant");
        let status = app.client.get(app.url("/oauth/userinfo")).bearer_auth(tokens.access_token().secret()).send().await.unwrap().status();
        assert_eq!(status, 401, "the replay revoked the first exchange's tokens");
        assert_eq!(events(&app, "service_token_reused").await[0].0.as_deref(), Some("code"));

        // Another client's code.
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        assert_eq!(exchange(&other, &code, req.verifier).await.unwrap_err(), "invalid_grant");

        // The wrong verifier, then (the code is still unused) the right one.
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let wrong = PkceCodeVerifier::new("x".repeat(43));
        assert_eq!(exchange(&rp, &code, wrong).await.unwrap_err(), "invalid_grant");
        assert!(exchange(&rp, &code, req.verifier).await.is_ok());

        // A different redirect URI at the token endpoint.
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let moved = rp.clone().set_redirect_uri(openidconnect::RedirectUrl::new("https://kinerja.example.go.id/other".into()).unwrap());
        assert_eq!(exchange(&moved, &code, req.verifier).await.unwrap_err(), "invalid_grant");

        // Older than a minute.
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        app.clock.advance(61);
        assert_eq!(exchange(&rp, &code, req.verifier).await.unwrap_err(), "invalid_grant");
    }

    // An unregistered (or near-miss) redirect URI is never followed: the
    // portal shows the error itself. Other errors go back to the client.
    async fn wrong_redirects_and_bad_requests_are_refused(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration::default()).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile"]);

        for bad in ["https://evil.example/callback", "https://kinerja.example.go.id/callback/", "https://kinerja.example.go.id/callback?x=1"] {
            let url = replace_param(&req.url, "redirect_uri", Some(bad));
            let (status, to) = visit(&app, &url, &token).await;
            assert_eq!((status, to.as_str()), (400, ""), "{bad}");
        }
        let url = replace_param(&req.url, "client_id", Some("nobody"));
        assert_eq!(visit(&app, &url, &token).await.0, 400);

        let expect_error = |to: &str, error: &str| {
            let q = query(to);
            assert!(to.starts_with(REDIRECT), "{to}");
            assert_eq!(q.get("error").map(String::as_str), Some(error), "{to}");
            assert_eq!(q.get("state").map(String::as_str), Some(req.state.secret().as_str()));
        };
        let (_, to) = visit(&app, &replace_param(&req.url, "code_challenge", None), &token).await;
        expect_error(&to, "invalid_request");
        let (_, to) = visit(&app, &replace_param(&req.url, "code_challenge_method", Some("plain")), &token).await;
        expect_error(&to, "invalid_request");
        let (_, to) = visit(&app, &replace_param(&req.url, "response_type", Some("token")), &token).await;
        expect_error(&to, "unsupported_response_type");
        let (_, to) = visit(&app, &replace_param(&req.url, "scope", Some("profile")), &token).await;
        expect_error(&to, "invalid_scope");

        // Not signed in: the portal's own sign-in, coming back here after.
        let (status, to) = visit(&app, &req.url, "").await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/sign-in?next=/oauth/authorize%3F"), "{to}");
        let (_, to) = visit(&app, &replace_param(&req.url, "prompt", Some("none")), "").await;
        expect_error(&to, "login_required");
        // Declining on the consent screen.
        let (_, consent) = visit(&app, &req.url, &token).await;
        let (_, to) = decide(&app, &consent, &token, "deny").await;
        expect_error(&to, "access_denied");
        // The consent request is used up: a second answer changes nothing.
        let (status, _) = decide(&app, &consent, &token, "allow").await;
        assert_eq!(status, 400);
    }

    // A service open to one agency only: another agency's employee is
    // refused (and it is audited); the dashboard shows its tile only to
    // the agency it serves.
    async fn a_service_not_open_to_the_employees_agency_is_refused(engine: Engine) {
        let app = provider(engine, &[]).await;
        let (_, token) = signed_in(&app).await;
        app::org::repo::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
        let only_other = ["OTHER".to_string()];
        let secret = register(&app, Registration { agencies: &only_other, ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let req = request(&rp, &["profile"]);
        let (_, to) = visit(&app, &req.url, &token).await;
        assert_eq!(query(&to).get("error").map(String::as_str), Some("access_denied"), "{to}");
        assert_eq!(events(&app, "service_refused").await[0].0.as_deref(), Some("agency"));

        let other = employee_with_password_in(&app, "OTHER", "198503302010012002", "Siti Aminah", PASSWORD).await;
        let answer = sign_in(&app, "198503302010012002", PASSWORD, "/dashboard", None).await;
        let other_token = answer.token.unwrap();
        assert!(other > 0);
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &other_token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.expect("tokens for an admitted agency");

        // The service is narrowed to agency AG: the OTHER employee's refresh
        // token stops working.
        use app::oidc::client::{ClientInput, NewClient};
        let redirects = vec![REDIRECT.to_string()];
        let only_ag = ["AG".to_string()];
        let narrowed = NewClient::new(&ClientInput {
            client_id: "e-kinerja",
            name: "e-Kinerja",
            redirect_uris: &redirects,
            scopes: "openid profile",
            confidential: true,
            agencies: &only_ag,
            ..Default::default()
        })
        .unwrap();
        app::oidc::repo::register(&app.db, &narrowed, true, app.clock.now()).await.unwrap();
        let refreshed = rp.exchange_refresh_token(tokens.refresh_token().unwrap()).unwrap().request_async(&http()).await;
        assert!(refreshed.is_err(), "refused once the agency is no longer admitted");
    }

    // Client authentication at the token endpoint: a confidential client
    // needs its secret; a public one needs none (PKCE protects it).
    async fn clients_authenticate_as_registered(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { first_party: true, ..Default::default() }).await;
        register(&app, Registration { client_id: "mobile-app", public: true, first_party: true, ..Default::default() }).await;
        let (_, token) = signed_in(&app).await;

        let wrong = relying_party(&app, "e-kinerja", Some("not-the-secret".into())).await;
        let req = request(&wrong, &[]);
        let code = authorize(&app, &req, &token).await;
        assert_eq!(exchange(&wrong, &code, req.verifier).await.unwrap_err(), "invalid_client");
        let missing = relying_party(&app, "e-kinerja", None).await;
        let req = request(&missing, &[]);
        let code = authorize(&app, &req, &token).await;
        assert_eq!(exchange(&missing, &code, req.verifier).await.unwrap_err(), "invalid_client");
        let right = relying_party(&app, "e-kinerja", secret).await;
        let req = request(&right, &[]);
        let code = authorize(&app, &req, &token).await;
        assert!(exchange(&right, &code, req.verifier).await.is_ok());

        let public = relying_party(&app, "mobile-app", None).await;
        let req = request(&public, &[]);
        let code = authorize(&app, &req, &token).await;
        assert!(exchange(&public, &code, req.verifier).await.is_ok());
        // The secret is stored hashed, never as given.
        let stored: Vec<(Option<String>,)> = sqlx::query_as("SELECT secret_hash FROM oidc_clients ORDER BY client_id").fetch_all(app.db.pool()).await.unwrap();
        assert!(stored.iter().all(|(h,)| h.as_deref().is_none_or(|h| h.len() == 64)));
    }

    // Parameters that do not parse (repeated, missing) get the portal's own
    // page in both languages, never a framework's English text or a 500.
    async fn malformed_requests_get_the_portals_own_page(engine: Engine) {
        let app = provider(engine, &[]).await;
        register(&app, Registration::default()).await;
        let (_, token) = signed_in(&app).await;
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let cookie = format!("asn_session={token}");
        let answers = [
            client.get(app.url("/oauth/authorize?client_id=e-kinerja&client_id=other")).header("cookie", &cookie).send().await.unwrap(),
            client.post(app.url("/oauth/consent/decide")).header("cookie", &cookie).header("origin", &app.address).form(&[("decision", "allow")]).send().await.unwrap(),
            client.get(app.url("/oauth/logout?state=a&state=b")).header("cookie", &cookie).send().await.unwrap(),
            client.post(app.url("/oauth/logout")).header("cookie", &cookie).header("origin", &app.address).body("state=a&state=b").header("content-type", "application/x-www-form-urlencoded").send().await.unwrap(),
        ];
        for answer in answers {
            assert_eq!(answer.status(), 400);
            let page = answer.text().await.unwrap();
            assert!(page.contains("tidak dapat dibaca") && page.contains("could not be read"), "{page}");
        }
        assert!(crate::sign_in::dashboard(&app, &token).await.is_some(), "nothing changed: still signed in");
    }

    async fn the_token_endpoint_is_rate_limited(engine: Engine) {
        let app = provider(engine, &[("ASN_OIDC_TOKEN_LIMIT_PER_MINUTE", "3")]).await;
        register(&app, Registration::default()).await;
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let r = app.client.post(app.url("/oauth/token"))
                .form(&[("grant_type", "authorization_code"), ("code", "nope"), ("client_id", "e-kinerja"), ("client_secret", "wrong")])
                .send().await.unwrap();
            statuses.push(r.status().as_u16());
        }
        assert_eq!(statuses, vec![401, 401, 401, 429]);
        app.clock.advance(61);
        let r = app.client.post(app.url("/oauth/token")).form(&[("grant_type", "refresh_token")]).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 401, "a new minute, a new allowance");
    }
}
