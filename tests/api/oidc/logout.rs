//! Ending access: signing out of the portal (back-channel logout), a
//! service asking to sign out (end session), and the employee revoking a
//! service on the account page.

use openidconnect::{OAuth2TokenResponse, TokenResponse};

use super::*;
use crate::on_both_engines;
use crate::sign_in::post_with_session;

/// A service's back-channel logout endpoint: what it receives.
async fn logout_receiver() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    logout_receiver_answering(&[]).await
}

/// As [`logout_receiver`], answering the first posts with `answers` (in
/// order) and 200 after them.
async fn logout_receiver_answering(answers: &[u16]) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let answers = std::sync::Arc::new(std::sync::Mutex::new(answers.to_vec()));
    let router = axum::Router::new().route(
        "/backchannel",
        axum::routing::post(move |body: String| {
            let (tx, answers) = (tx.clone(), answers.clone());
            async move {
                let _ = tx.send(body);
                let mut answers = answers.lock().unwrap();
                let status = if answers.is_empty() { 200 } else { answers.remove(0) };
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://127.0.0.1:{}/backchannel", listener.local_addr().unwrap().port());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, rx)
}

/// The next logout token the service receives, checked against the
/// portal's published keys; its claims.
async fn next_logout(app: &TestApp, received: &mut tokio::sync::mpsc::UnboundedReceiver<String>) -> serde_json::Value {
    let body = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
        .await
        .expect("a logout token")
        .unwrap();
    let jwt = body.strip_prefix("logout_token=").expect("a form with logout_token");
    let jwt = url::form_urlencoded::parse(format!("t={jwt}").as_bytes()).next().unwrap().1.into_owned();
    app::oidc::keys::verify(&app.db, &jwt, app.clock.now()).await.expect("signed by a published key")
}

/// Nothing more reaches the service for a while (the worker polls every second).
async fn nothing_more(received: &mut tokio::sync::mpsc::UnboundedReceiver<String>) {
    let more = tokio::time::timeout(std::time::Duration::from_millis(2500), received.recv()).await;
    assert!(more.is_err(), "an unexpected logout token: {more:?}");
}

/// Signs the session in to the service; the `sid` its ID token names.
async fn sid_at_service(app: &TestApp, rp: &Rp, token: &str) -> serde_json::Value {
    let req = request(rp, &[]);
    let code = authorize(app, &req, token).await;
    let tokens = exchange(rp, &code, req.verifier).await.unwrap();
    jwt_claims(&tokens.id_token().unwrap().to_string())["sid"].clone()
}

/// One queued notice: (client id, attempts, delivered, given up, last
/// error, claimed by a worker right now).
type Queued = (String, i64, bool, bool, Option<String>, bool);

async fn queue(app: &TestApp) -> Vec<Queued> {
    type Row = (String, i64, Option<i64>, Option<i64>, Option<String>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.client_id, q.attempts, q.delivered_at, q.failed_at, q.last_error, q.claimed_until \
         FROM oidc_logout_queue q JOIN oidc_clients c ON c.id = q.client_pk ORDER BY c.client_id, q.id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    rows.into_iter().map(|(c, a, d, f, e, claimed)| (c, a, d.is_some(), f.is_some(), e, claimed.is_some())).collect()
}

/// Waits (in real time, for the worker) until the queue looks as `done` wants.
async fn wait_for_queue(app: &TestApp, done: impl Fn(&[Queued]) -> bool) {
    for _ in 0..100 {
        if done(&queue(app).await) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the queue never got there: {:?}", queue(app).await);
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

    // prompt=login (or a max_age the sign-in is older than) asks for a
    // fresh proof in place: a cross-site link signs nobody out; a wrong
    // answer changes nothing; the right one continues the request, without
    // the prompt, with a fresh auth_time.
    async fn prompt_login_reauthenticates_in_place_and_signs_nobody_out(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration { first_party: true, ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (employee, token) = signed_in(&app).await;
        let req = request(&rp, &[]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        let userinfo = || async {
            app.client.get(app.url("/oauth/userinfo")).bearer_auth(tokens.access_token().secret()).send().await.unwrap().status()
        };

        for ask in ["&prompt=login", "&max_age=0"] {
            app.clock.advance(60);
            let again = request(&rp, &[]);
            let (status, to) = visit(&app, &format!("{}{ask}", again.url), &token).await;
            assert_eq!(status, 303);
            assert!(to.starts_with("/oauth/confirm?next=/oauth/authorize%3F") && !to.contains("prompt"), "{ask}: {to}");
            assert!(crate::sign_in::dashboard(&app, &token).await.is_some(), "still signed in");
            assert_eq!(userinfo().await, 200, "the service's tokens live on");
            let page = app.client.get(app.url(&to)).header("cookie", format!("asn_session={token}")).send().await.unwrap();
            assert!(page.text().await.unwrap().contains("data-testid=\"confirm-sign-in\""));
            let next = query(&to)["next"].clone();
            // A wrong password: refused, nothing else changes.
            let wrong = app.call("confirm_sign_in", &token, &[("password", "Not-The-Password-1"), ("code", "123456"), ("next", &next)]).await;
            assert_eq!(wrong.status(), 400);
            assert!(crate::sign_in::dashboard(&app, &token).await.is_some());
            // The right answer continues the request with a fresh auth_time.
            let code = crate::sign_in::fresh_code(&app, employee).await;
            let right = app.call("confirm_sign_in", &token, &[("password", PASSWORD), ("code", &code), ("next", &next)]).await;
            assert!(right.status().is_success() || right.status().is_redirection(), "{:?}", right.text().await);
            let (status, back) = visit(&app, &next, &token).await;
            assert!(matches!(status, 302 | 303) && back.starts_with(REDIRECT), "{back}");
            let code = query(&back)["code"].clone();
            let fresh = exchange(&rp, &code, again.verifier).await.unwrap();
            let claims = fresh.id_token().unwrap().claims(&rp.id_token_verifier(), &again.nonce).unwrap();
            assert_eq!(claims.auth_time().unwrap().timestamp(), app.clock.now(), "{ask}");
        }
        assert!(events(&app, "signed_out").await.is_empty());
        assert_eq!(events(&app, "reauthenticated").await.len(), 2);
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

    // Every way a session ends tells the services it signed in to, not only
    // the sign-out button: another device's session ended on the sessions
    // page, the account disabled by an admin, the service's access withdrawn
    // on the account page (the portal session itself stays then).
    async fn every_way_a_session_ends_tells_the_service(engine: Engine) {
        let app = provider(engine, &[]).await;
        let (backchannel, mut received) = logout_receiver().await;
        let registration = Registration { backchannel: Some(&backchannel), first_party: true, ..Default::default() };
        let rp = relying_party(&app, "e-kinerja", register(&app, registration).await).await;
        let (employee, phone) = signed_in(&app).await;
        let phone_sid = sid_at_service(&app, &rp, &phone).await;
        let laptop = sign_in(&app, NIP, PASSWORD, "/dashboard", None).await.token.unwrap();
        let laptop_sid = sid_at_service(&app, &rp, &laptop).await;
        assert_ne!(phone_sid, laptop_sid);

        let sessions: serde_json::Value = app.call("my_sessions", &laptop, &[]).await.json().await.unwrap();
        let phone_session = sessions.as_array().unwrap().iter().find(|s| s["current"] == false).unwrap();
        let handle = phone_session["handle"].as_str().unwrap();
        assert_eq!(app.call("end_session", &laptop, &[("handle", handle)]).await.status(), 200);
        assert_eq!(next_logout(&app, &mut received).await["sid"], phone_sid);

        use app::account::repo::{Subject, set_disabled};
        use app::audit::{Actor, RequestInfo};
        let subject = Subject { employee_id: employee, nip: NIP };
        set_disabled(&app.db, subject, true, Actor::Cli, &RequestInfo::default()).await.unwrap();
        assert_eq!(next_logout(&app, &mut received).await["sid"], laptop_sid);
        set_disabled(&app.db, subject, false, Actor::Cli, &RequestInfo::default()).await.unwrap();

        let desk = sign_in(&app, NIP, PASSWORD, "/dashboard", None).await.token.unwrap();
        let desk_sid = sid_at_service(&app, &rp, &desk).await;
        assert_eq!(app.call("revoke_service", &desk, &[("client_id", "e-kinerja")]).await.status(), 200);
        assert_eq!(next_logout(&app, &mut received).await["sid"], desk_sid);
        assert!(crate::sign_in::dashboard(&app, &desk).await.is_some(), "the portal session stays");

        nothing_more(&mut received).await;
        wait_for_queue(&app, |q| q.len() == 3 && q.iter().all(|n| n.2 && n.1 == 1)).await;
        let audited = events(&app, "service_signed_out").await;
        assert_eq!(audited.len(), 3);
        assert!(audited.iter().all(|e| e.0.as_deref() == Some("delivered") && e.1.as_deref() == Some("client=e-kinerja")));
    }

    // A service that is down is told once it is back, after a growing delay
    // (30 s, then 60 s); one that refuses the token (a 400) is not asked
    // again. Each final outcome is audited once.
    async fn a_service_that_is_down_is_told_once_it_is_back(engine: Engine) {
        let app = provider(engine, &[]).await;
        let (down, mut at_down) = logout_receiver_answering(&[503, 503]).await;
        let (refusing, mut at_refusing) = logout_receiver_answering(&[400]).await;
        let kinerja = Registration { backchannel: Some(&down), first_party: true, ..Default::default() };
        let simpeg = Registration { client_id: "simpeg", backchannel: Some(&refusing), first_party: true, ..Default::default() };
        let kinerja = relying_party(&app, "e-kinerja", register(&app, kinerja).await).await;
        let simpeg = relying_party(&app, "simpeg", register(&app, simpeg).await).await;
        let (_, token) = signed_in(&app).await;
        let sid = sid_at_service(&app, &kinerja, &token).await;
        assert_eq!(sid_at_service(&app, &simpeg, &token).await, sid, "one portal session, one sid");

        let r = post_with_session(&app, "sign_out", &token, &[]).await;
        assert!(r.status().is_redirection() || r.status().is_success());
        assert_eq!(next_logout(&app, &mut at_down).await["sid"], sid);
        assert_eq!(next_logout(&app, &mut at_refusing).await["aud"], "simpeg");
        let first = |q: &[Queued]| {
            q.len() == 2
                && (q[0].1, q[0].2, q[0].3) == (1, false, false)
                && q[0].4.as_deref().is_some_and(|e| e.contains("503"))
                && (q[1].1, q[1].2, q[1].3) == (1, false, true)
                && q[1].4.as_deref().is_some_and(|e| e.contains("400"))
        };
        wait_for_queue(&app, first).await;
        // Not again before its time.
        nothing_more(&mut at_down).await;

        app.clock.advance(30);
        next_logout(&app, &mut at_down).await;
        // Settled (the claim released), so its next attempt is due 60 s on.
        wait_for_queue(&app, |q| (q[0].1, q[0].2, q[0].3, q[0].5) == (2, false, false, false)).await;
        app.clock.advance(30);
        nothing_more(&mut at_down).await;
        app.clock.advance(30);
        assert_eq!(next_logout(&app, &mut at_down).await["sid"], sid);
        wait_for_queue(&app, |q| (q[0].1, q[0].2, q[0].3) == (3, true, false)).await;

        app.clock.advance(7200);
        nothing_more(&mut at_down).await;
        assert!(at_refusing.try_recv().is_err(), "the refusing service was asked again");
        let audited = events(&app, "service_signed_out").await;
        let mut outcomes: Vec<_> = audited.iter().map(|e| (e.0.clone().unwrap(), e.1.clone().unwrap())).collect();
        outcomes.sort();
        assert_eq!(
            outcomes,
            [("delivered".to_string(), "client=e-kinerja".to_string()), ("failed".to_string(), "client=simpeg".to_string())]
        );
    }
}
