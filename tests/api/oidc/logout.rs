//! Ending access: signing out of the portal (back-channel logout), a
//! service asking to sign out (end session), and the employee revoking a
//! service on the account page.

use openidconnect::{OAuth2TokenResponse, TokenResponse};

use super::*;
use crate::on_both_engines;
use crate::sign_in::post_with_session;

/// A service's back-channel logout endpoint: what it receives.
async fn logout_receiver() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let router = axum::Router::new().route(
        "/backchannel",
        axum::routing::post(move |body: String| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body);
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://127.0.0.1:{}/backchannel", listener.local_addr().unwrap().port());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, rx)
}

fn jwt_claims(jwt: &str) -> serde_json::Value {
    use base64::Engine;
    let part = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

on_both_engines! {
    // Signing out of the portal revokes the service's tokens and sends it
    // a logout token signed with a published key, naming the session.
    async fn signing_out_of_the_portal_tells_the_service(engine: Engine) {
        let app = provider(engine, &[]).await;
        let (backchannel, mut received) = logout_receiver().await;
        let secret = register(&app, Registration { backchannel: Some(&backchannel), ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        let id_claims = jwt_claims(&tokens.id_token().unwrap().to_string());

        let r = post_with_session(&app, "sign_out", &token, &[]).await;
        assert!(r.status().is_redirection() || r.status().is_success());
        let body = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv()).await.expect("a logout token").unwrap();
        let jwt = body.strip_prefix("logout_token=").expect("a form with logout_token");
        let jwt = url::form_urlencoded::parse(format!("t={jwt}").as_bytes()).next().unwrap().1.into_owned();
        let claims = app::oidc::keys::verify(&app.db, &jwt, app.clock.now()).await.expect("signed by a published key");
        assert_eq!(claims["sid"], id_claims["sid"]);
        assert_eq!(claims["sub"], id_claims["sub"]);
        assert_eq!(claims["aud"], "e-kinerja");
        assert!(claims["events"]["http://schemas.openid.net/event/backchannel-logout"].is_object());
        assert!(claims.get("nonce").is_none());

        let status = app.client.get(app.url("/oauth/userinfo")).bearer_auth(tokens.access_token().secret()).send().await.unwrap().status();
        assert_eq!(status, 401);
        let refreshed = rp.exchange_refresh_token(tokens.refresh_token().unwrap()).unwrap().request_async(&http()).await;
        assert!(refreshed.is_err());
        // The delivery is audited once it is done.
        for _ in 0..50 {
            if !events(&app, "service_signed_out").await.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(events(&app, "service_signed_out").await[0].0.as_deref(), Some("delivered"));
    }

    // A service's sign-out link: with an ID token for this session the
    // portal signs out at once and returns to the registered address;
    // without one it asks first, and an unregistered address is not followed.
    async fn a_service_can_end_the_portal_session(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { first_party: true, ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        let hint = tokens.id_token().unwrap().to_string();

        let (status, _) = visit(&app, "/oauth/logout?post_logout_redirect_uri=https%3A%2F%2Fkinerja.example.go.id%2Fsigned-out", &token).await;
        assert_eq!(status, 200, "no hint: the portal asks");
        assert!(crate::sign_in::dashboard(&app, &token).await.is_some(), "still signed in");

        let evil = format!("/oauth/logout?id_token_hint={hint}&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F");
        let (status, to) = visit(&app, &evil, &token).await;
        assert_eq!((status, to.as_str()), (303, "/sign-in"), "signed out, not sent to an unregistered address");
        assert!(crate::sign_in::dashboard(&app, &token).await.is_none());

        let (_, token) = {
            let a = sign_in(&app, NIP, PASSWORD, "/dashboard", None).await;
            (0, a.token.unwrap())
        };
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let hint = exchange(&rp, &code, req.verifier).await.unwrap().id_token().unwrap().to_string();
        let good = format!("/oauth/logout?id_token_hint={hint}&post_logout_redirect_uri=https%3A%2F%2Fkinerja.example.go.id%2Fsigned-out&state=xyz");
        let (status, to) = visit(&app, &good, &token).await;
        assert_eq!(status, 303);
        assert_eq!(to, "https://kinerja.example.go.id/signed-out?state=xyz");
        assert!(crate::sign_in::dashboard(&app, &token).await.is_none());
    }

    // prompt=login asks for a fresh sign-in: the portal session ends as by
    // signing out (its service tokens with it) and the sign-in page comes
    // back to the request without the prompt.
    async fn prompt_login_signs_out_and_comes_back(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { first_party: true, ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();

        let again = request(&rp, &[]);
        let (status, to) = visit(&app, &format!("{}&prompt=login", again.url), &token).await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/sign-in?next=/oauth/authorize%3F") && !to.contains("prompt"), "{to}");
        assert!(crate::sign_in::dashboard(&app, &token).await.is_none());
        let status = app.client.get(app.url("/oauth/userinfo")).bearer_auth(tokens.access_token().secret()).send().await.unwrap().status();
        assert_eq!(status, 401);
        assert_eq!(events(&app, "signed_out").await.last().unwrap().0.as_deref(), Some("reauthentication"));
    }

    // The account page lists the services signed in to; revoking one ends
    // its tokens at once and the next sign-in there asks for consent again.
    async fn revoking_a_service_ends_its_access_and_asks_again(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration::default()).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();

        let list: serde_json::Value = app.call("my_services", &token, &[]).await.json().await.unwrap();
        assert_eq!(list[0]["client_id"], "e-kinerja");
        assert_eq!(list[0]["name"], "e-Kinerja");
        let page = app.client.get(app.url("/account/services")).header("cookie", format!("asn_session={token}")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("data-client=\"e-kinerja\""), "{page}");

        // Another employee cannot revoke it (nothing of theirs to revoke).
        let r = app.call("revoke_service", &token, &[("client_id", "nobody")]).await;
        assert_eq!(r.status(), 404);
        let r = app.call("revoke_service", &token, &[("client_id", "e-kinerja")]).await;
        assert_eq!(r.status(), 200);
        let status = app.client.get(app.url("/oauth/userinfo")).bearer_auth(tokens.access_token().secret()).send().await.unwrap().status();
        assert_eq!(status, 401);
        let list: serde_json::Value = app.call("my_services", &token, &[]).await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 0);
        let (_, to) = visit(&app, &request(&rp, &["profile"]).url, &token).await;
        assert!(to.starts_with("/oauth/consent?"), "consent asked again: {to}");
        assert_eq!(events(&app, "service_revoked").await.len(), 1);
    }
}
