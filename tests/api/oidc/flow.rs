//! The authorization code flow end to end, as a relying party sees it.

use openidconnect::{Nonce, OAuth2TokenResponse, SubjectIdentifier, TokenResponse};

use super::*;
use crate::on_both_engines;

on_both_engines! {
    // A recovery code is a way in, but not an authenticator code: the ID
    // token does not tell the service `otp`.
    async fn a_sign_in_with_a_recovery_code_is_not_claimed_as_otp(engine: Engine) {
        use crate::mfa_sign_in::{at_code_step, enrol};
        use crate::sign_in::{account_holder_without_authenticator, post_with_session, session_cookie};
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration::default()).await.expect("a confidential client's secret");
        let rp = relying_party(&app, "e-kinerja", Some(secret)).await;
        account_holder_without_authenticator(&app).await;
        let (_, seed, codes) = enrol(&app).await;
        let amr_of = |tokens: &openidconnect::core::CoreTokenResponse, nonce: &Nonce| -> Vec<String> {
            let claims = tokens.id_token().unwrap().claims(&rp.id_token_verifier(), nonce).unwrap();
            claims.auth_method_refs().unwrap().iter().map(|a| a.as_str().to_string()).collect()
        };
        let half = at_code_step(&app).await;
        let done = post_with_session(&app, "verify_code", &half, &[("code", &codes[0]), ("next", "/dashboard")]).await;
        let token = session_cookie(&done).expect("signed in with a recovery code");
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        assert_eq!(amr_of(&tokens, &req.nonce), ["pwd", "mfa"]);
        // The same employee with an authenticator code: `otp` is claimed.
        let half = at_code_step(&app).await;
        app.clock.advance(30); // the enrolment used this step's code
        let code = app::mfa::totp::code_for(&seed, app.clock.now()).unwrap();
        let done = post_with_session(&app, "verify_code", &half, &[("code", &code), ("next", "/dashboard")]).await;
        let token = session_cookie(&done).expect("signed in with a code");
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        assert_eq!(amr_of(&tokens, &req.nonce), ["pwd", "otp", "mfa"]);
        app.stop().await;
    }

    // Discovery, code + PKCE, the ID token checked by the library (signature,
    // issuer, audience, expiry, nonce), acr/amr, userinfo with every scope,
    // and consent asked once, then remembered.
    async fn a_service_signs_an_employee_in_with_code_and_pkce(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration::default()).await.expect("a confidential client's secret");
        let rp = relying_party(&app, "e-kinerja", Some(secret)).await;
        let (_, token) = signed_in(&app).await;

        let req = request(&rp, &["profile", "email", "asn"]);
        // The first visit asks for consent and names what the service gets.
        let (_, consent) = visit(&app, &req.url, &token).await;
        assert!(consent.starts_with("/oauth/consent?request="), "{consent}");
        let page = app.client.get(app.url(&consent)).header("cookie", format!("asn_session={token}")).send().await.unwrap();
        let html = page.text().await.unwrap();
        assert!(html.contains("e-Kinerja") && html.contains("data-scope=\"asn\""), "{html}");

        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.expect("tokens for the code");
        let id_token = tokens.id_token().expect("an ID token");
        let claims = id_token.claims(&rp.id_token_verifier(), &req.nonce).expect("a valid ID token");
        let sub = claims.subject().as_str().to_string();
        assert_ne!(sub, NIP, "the subject is not the NIP");
        assert_eq!(claims.issuer().as_str(), app.address);
        assert_eq!(claims.auth_context_ref().map(|a| a.as_str()), Some(app::oidc::token::ACR_MFA));
        let amr: Vec<String> = claims.auth_method_refs().unwrap().iter().map(|a| a.as_str().to_string()).collect();
        assert!(amr.contains(&"pwd".into()) && amr.contains(&"otp".into()), "{amr:?}");
        assert!(tokens.expires_in().unwrap().as_secs() <= 300);
        assert!(tokens.refresh_token().is_some());

        let info: Userinfo = rp
            .user_info(tokens.access_token().clone(), Some(SubjectIdentifier::new(sub.clone())))
            .unwrap()
            .request_async(&http())
            .await
            .expect("userinfo");
        assert_eq!(info.name().and_then(|n| n.get(None)).map(|n| n.as_str()), Some("Ahmad Fauzi, S.Kom."));
        assert_eq!(info.email().map(|e| e.as_str()), Some(format!("{NIP}@x.example").as_str()));
        assert_eq!(info.additional_claims().nip.as_deref(), Some(NIP));
        assert_eq!(info.additional_claims().agency_code.as_deref(), Some("AG"));
        assert_eq!(info.additional_claims().employee_kind.as_deref(), Some("pns"));

        // A second sign-in to the same service skips the consent screen and
        // names the employee by the same subject.
        let again = request(&rp, &["profile"]);
        let (status, to) = visit(&app, &again.url, &token).await;
        assert!(matches!(status, 302 | 303));
        assert!(to.starts_with(REDIRECT), "consent remembered: {to}");
        let code = query(&to)["code"].clone();
        let tokens = exchange(&rp, &code, again.verifier).await.unwrap();
        let claims = tokens.id_token().unwrap().claims(&rp.id_token_verifier(), &again.nonce).unwrap();
        assert_eq!(claims.subject().as_str(), sub);

        let authorized = events(&app, "service_authorized").await;
        assert_eq!(authorized.len(), 2);
        assert_eq!(authorized[0], (Some("consented".into()), Some("client=e-kinerja".into())));
        assert_eq!(authorized[1].0.as_deref(), Some("remembered"));
        assert_eq!(events(&app, "service_token_issued").await.len(), 2);
    }

    // Scopes the employee did not consent to, or the client may not ask
    // for, release nothing: a client limited to `openid profile` asking
    // for `asn` gets a name and no NIP.
    async fn userinfo_releases_only_allowed_scopes(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { scopes: "openid profile", ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile", "asn", "email"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        assert_eq!(tokens.scopes().map(|s| s.iter().map(|s| s.to_string()).collect::<Vec<_>>()), Some(vec!["openid".into(), "profile".into()]));
        let info: Userinfo = rp.user_info(tokens.access_token().clone(), None).unwrap().request_async(&http()).await.unwrap();
        assert!(info.name().is_some());
        assert!(info.email().is_none());
        assert!(info.additional_claims().nip.is_none());
    }

    // The client holds the nonce it sent; an ID token checked against
    // another one (a replayed or injected token) fails.
    async fn a_nonce_mismatch_is_detected_by_the_client(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration::default()).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        let id_token = tokens.id_token().unwrap();
        assert!(id_token.claims(&rp.id_token_verifier(), &Nonce::new("another-nonce".into())).is_err());
        assert!(id_token.claims(&rp.id_token_verifier(), &req.nonce).is_ok());
    }

    // A client allowed to use the NIP as subject gets it; everyone else a
    // pairwise identifier of its own, different per client.
    async fn subjects_are_pairwise_unless_the_nip_is_allowed(engine: Engine) {
        let app = provider(engine, &[]).await;
        let a = register(&app, Registration { client_id: "svc-a", first_party: true, ..Default::default() }).await;
        let b = register(&app, Registration { client_id: "svc-b", first_party: true, ..Default::default() }).await;
        let n = register(&app, Registration { client_id: "svc-nip", first_party: true, nip_as_sub: true, ..Default::default() }).await;
        let (_, token) = signed_in(&app).await;
        let mut subjects = Vec::new();
        for (id, secret) in [("svc-a", a), ("svc-b", b), ("svc-nip", n)] {
            let rp = relying_party(&app, id, secret).await;
            let req = request(&rp, &[]);
            let code = authorize(&app, &req, &token).await;
            let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
            let claims = tokens.id_token().unwrap().claims(&rp.id_token_verifier(), &req.nonce).unwrap();
            subjects.push(claims.subject().as_str().to_string());
        }
        assert_ne!(subjects[0], subjects[1]);
        assert_ne!(subjects[0], NIP);
        assert_eq!(subjects[2], NIP);
    }

    // After a rotation both keys are published; the new one signs, and a
    // relying party that fetched the keys again verifies the new tokens.
    async fn a_rotated_key_is_published_and_signs(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { first_party: true, ..Default::default() }).await;
        let (_, token) = signed_in(&app).await;
        let rp = relying_party(&app, "e-kinerja", secret.clone()).await;
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let first = exchange(&rp, &code, req.verifier).await.unwrap();
        let old_kid = first.id_token().unwrap().to_string();

        let ring = app::server::secret_box::Keyring::parse(crate::sign_in::TOTP_KEYS).unwrap();
        let new_kid = app::oidc::keys::rotate(&app.db, &ring, app.clock.now(), 0).await.unwrap();
        let jwks: serde_json::Value = app.get("/oauth/jwks").await.json().await.unwrap();
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 2, "{jwks}");

        let rp = relying_party(&app, "e-kinerja", secret).await;
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let second = exchange(&rp, &code, req.verifier).await.unwrap();
        let header = |jwt: &str| -> serde_json::Value {
            use base64::Engine;
            let part = jwt.split('.').next().unwrap();
            serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
        };
        assert_eq!(header(&second.id_token().unwrap().to_string())["kid"], new_kid.as_str());
        assert_ne!(header(&old_kid)["kid"], new_kid.as_str());
        second.id_token().unwrap().claims(&rp.id_token_verifier(), &req.nonce).expect("verified with the new key");
        // The old key's tokens still verify while it stays published.
        first.id_token().unwrap().claims(&rp.id_token_verifier(), |_: Option<&Nonce>| Ok(())).expect("old key still published");
    }

    // A service's logo is a PNG the portal keeps and serves itself: the
    // consent screen, the account's services and the dashboard tile show it
    // from the portal's own address; a disabled service's is gone.
    async fn a_service_logo_is_served_by_the_portal_on_its_pages(engine: Engine) {
        use app::oidc::client::{ClientInput, NewClient};
        let app = provider(engine, &[]).await;
        let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[42; 300]].concat();
        let redirects = vec![REDIRECT.to_string()];
        let client = NewClient::new(&ClientInput {
            client_id: "e-kinerja",
            name: "e-Kinerja",
            logo: Some(&png),
            home_url: Some("https://kinerja.example.go.id/"),
            redirect_uris: &redirects,
            scopes: "openid profile",
            ..Default::default()
        })
        .unwrap();
        app::oidc::repo::register(&app.db, &client, false, app.clock.now()).await.unwrap();
        let (_, token) = signed_in(&app).await;
        let cookie = format!("asn_session={token}");
        let page = |path: String| {
            let (app, cookie) = (&app, cookie.clone());
            async move { app.client.get(app.url(&path)).header("cookie", cookie).send().await.unwrap().text().await.unwrap() }
        };
        let logo_src = |html: &str| -> String {
            let at = html.find("/oauth/clients/e-kinerja/logo?v=").unwrap_or_else(|| panic!("no logo in {html}"));
            html[at..].split('"').next().unwrap().to_string()
        };

        let rp = relying_party(&app, "e-kinerja", None).await;
        let req = request(&rp, &["profile"]);
        let (_, consent) = visit(&app, &req.url, &token).await;
        let html = page(consent.clone()).await;
        assert!(html.contains("data-testid=\"consent-logo\""), "{html}");
        let src = logo_src(&html);
        let r = app.client.get(app.url(&src)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "image/png");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers()["cache-control"].to_str().unwrap().contains("max-age"));
        assert_eq!(r.bytes().await.unwrap().as_ref(), png.as_slice());

        assert!(matches!(decide(&app, &consent, &token, "allow").await.0, 302 | 303));
        assert_eq!(logo_src(&page("/account/services".into()).await), src);
        assert_eq!(logo_src(&page("/dashboard".into()).await), src);

        assert_eq!(app.client.get(app.url("/oauth/clients/nobody/logo")).send().await.unwrap().status(), 404);
        app::oidc::repo::set_disabled(&app.db, "e-kinerja", true, app.clock.now()).await.unwrap();
        assert_eq!(app.client.get(app.url(&src)).send().await.unwrap().status(), 404);
    }
}
