//! The account pages: changing the password (and the forced change), and
//! listing and ending sessions. Through HTTP, as browsers do.

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{
    NIP, PASSWORD, account_holder, dashboard, employee_with_password, session_cookie_set as session_cookie, sign_in,
};

const NEW_PASSWORD: &str = "Rendang-Bukittinggi#42";
const OTHER_NIP: &str = "199002022015032002";

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Calls a server function as the hydrated app does (JSON answers).
async fn call(app: &TestApp, endpoint: &str, token: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.call(endpoint, token, form).await
}

/// Posts the change-password form as a browser without JavaScript does.
async fn change_form(app: &TestApp, token: &str, form: &[(&str, &str)]) -> reqwest::Response {
    no_redirects()
        .post(app.url("/api/change_password"))
        .header("origin", &app.address)
        .header("referer", app.url("/account/password"))
        .header("accept", "text/html")
        .header("cookie", format!("asn_session={token}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn page(app: &TestApp, path: &str, token: &str) -> (u16, String, String) {
    let response =
        no_redirects().get(app.url(path)).header("cookie", format!("asn_session={token}")).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

async fn signed_in(app: &TestApp, nip: &str, password: &str, user_agent: &str) -> String {
    let response = no_redirects()
        .post(app.url("/api/sign_in"))
        .header("origin", &app.address)
        .header("referer", app.url("/sign-in"))
        .header("accept", "text/html")
        .header("user-agent", user_agent)
        .form(&[("nip", nip), ("password", password), ("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302);
    let half = session_cookie(&response).expect("a session");
    crate::sign_in::code_step(app, nip, &half, "").await.token.expect("signed in")
}

async fn audit_events(app: &TestApp, kind: &str) -> Vec<Option<String>> {
    let rows: Vec<(Option<String>,)> = sqlx::query_as("SELECT detail FROM audit_events WHERE event = $1 ORDER BY id")
        .bind(kind)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36";
const WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0";

on_both_engines! {
    async fn an_operator_set_password_must_be_replaced_before_anything_else(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        app::org::repo::create_agency(&app.db, "AG", "Agency").await.unwrap();
        employee_with_password(&app, NIP, "Ahmad Fauzi, S.Kom.", PASSWORD, true).await;
        let answer = sign_in(&app, NIP, PASSWORD, "/cuti?tab=2", None).await;
        assert_eq!(answer.status, 302);
        assert!(answer.location.ends_with("/account/password?next=/cuti%3Ftab%3D2"), "{}", answer.location);
        let step_token = answer.token.unwrap();
        // Nothing else opens at this step: pages send back to it, server functions refuse.
        let (status, location, _) = page(&app, "/dashboard", &step_token).await;
        assert_eq!((status, location.as_str()), (302, "/account/password?next=/dashboard"));
        assert_eq!(call(&app, "my_sessions", &step_token, &[]).await.status().as_u16(), 403);
        let (status, _, html) = page(&app, "/account/password", &step_token).await;
        assert_eq!(status, 200);
        assert!(!html.contains("name=\"current_password\""), "the forced step does not ask for it again");
        // The same password again is refused.
        let same = call(&app, "change_password", &step_token, &[
            ("new_password", PASSWORD), ("confirm_password", PASSWORD), ("keep_signed_in", "on"),
        ]).await;
        assert_eq!(same.status().as_u16(), 400);
        assert!(same.text().await.unwrap().contains("SameAsCurrent"));
        // A new one: on to `next`, under a fresh session id.
        let done = change_form(&app, &step_token, &[
            ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD),
            ("keep_signed_in", "on"), ("next", "/dashboard"),
        ]).await;
        assert_eq!(done.status().as_u16(), 302);
        assert_eq!(done.headers()["location"], "/dashboard");
        let token = session_cookie(&done).unwrap();
        assert_ne!(token, step_token);
        assert!(dashboard(&app, &step_token).await.is_none(), "the step's id died with the step up");
        assert!(dashboard(&app, &token).await.is_some());
        // The old password is gone, the new one signs straight in.
        assert_eq!(sign_in(&app, NIP, PASSWORD, "", None).await.status, 302);
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_none());
        let again = sign_in(&app, NIP, NEW_PASSWORD, "", None).await;
        assert!(again.location.ends_with("/dashboard"), "{}", again.location);
        assert_eq!(audit_events(&app, "password_changed").await.len(), 1);
        app.stop().await;
    }

    async fn a_password_below_todays_policy_must_be_replaced_at_sign_in(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        app::org::repo::create_agency(&app.db, "AG", "Agency").await.unwrap();
        // Stored before the policy existed: meets no rule of it.
        employee_with_password(&app, NIP, "Ahmad Fauzi, S.Kom.", "password", false).await;
        let answer = sign_in(&app, NIP, "password", "", None).await;
        assert!(answer.location.ends_with("/account/password?next=/dashboard"), "{}", answer.location);
        let (status, location, html) = page(&app, "/dashboard", &answer.token.unwrap()).await;
        assert_eq!(status, 302, "{location} {html}");
        app.stop().await;
    }

    async fn changing_the_password_checks_everything_and_changes_nothing_on_refusal(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let token = signed_in(&app, NIP, PASSWORD, ANDROID).await;
        let other = signed_in(&app, NIP, PASSWORD, WINDOWS).await;
        let refusals = [
            (vec![("current_password", "Salah-Sekali#99"), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)], "WrongCurrentPassword"),
            (vec![("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("confirm_password", "Rendang-Padang#42")], "PasswordMismatch"),
            (vec![("current_password", PASSWORD), ("new_password", "pendek"), ("confirm_password", "pendek")], "TooShort"),
            (vec![("current_password", PASSWORD), ("new_password", "Fauzi-Ahmad#2024"), ("confirm_password", "Fauzi-Ahmad#2024")], "ContainsName"),
            (vec![("current_password", PASSWORD), ("new_password", "Password123!"), ("confirm_password", "Password123!")], "Common"),
        ];
        for (form, why) in refusals {
            let response = call(&app, "change_password", &token, &form).await;
            assert_eq!(response.status().as_u16(), 400, "{why}");
            let body = response.text().await.unwrap();
            assert!(body.contains(why), "{why}: {body}");
        }
        assert!(dashboard(&app, &other).await.is_some(), "refusals end no session");
        assert!(audit_events(&app, "password_changed").await.is_empty());
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some(), "the password is unchanged");
        app.stop().await;
    }

    async fn a_change_ends_other_sessions_and_keeps_this_one_under_a_new_id(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let token = signed_in(&app, NIP, PASSWORD, ANDROID).await;
        let other = signed_in(&app, NIP, PASSWORD, WINDOWS).await;
        let done = change_form(&app, &token, &[
            ("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD),
            ("keep_signed_in", "on"), ("next", ""),
        ]).await;
        assert_eq!(done.status().as_u16(), 302);
        assert_eq!(done.headers()["location"], "/account/password?done=1");
        let fresh = session_cookie(&done).unwrap();
        assert!(dashboard(&app, &other).await.is_none(), "the other device is signed out");
        assert!(dashboard(&app, &token).await.is_none(), "the old id died");
        assert!(dashboard(&app, &fresh).await.is_some());
        let details = audit_events(&app, "password_changed").await;
        assert_eq!(details, [Some("ended 1 other session(s); kept this one under a new id".to_string())]);
        app.stop().await;
    }

    async fn a_change_can_end_this_session_too(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let token = signed_in(&app, NIP, PASSWORD, ANDROID).await;
        let done = change_form(&app, &token, &[
            ("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD),
        ]).await;
        assert_eq!(done.status().as_u16(), 302);
        assert_eq!(done.headers()["location"], "/sign-in?notice=password-changed");
        assert_eq!(session_cookie(&done).as_deref(), Some(""), "the cookie is cleared");
        assert!(dashboard(&app, &token).await.is_none());
        let (_, _, html) = page(&app, "/sign-in?notice=password-changed", "").await;
        assert!(html.contains("Kata sandi berhasil diubah"), "{html}");
        app.stop().await;
    }

    async fn the_sessions_page_lists_own_sessions_and_ends_only_them(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        employee_with_password(&app, OTHER_NIP, "Siti Rahmawati", NEW_PASSWORD, false).await;
        let phone = signed_in(&app, NIP, PASSWORD, ANDROID).await;
        let laptop = signed_in(&app, NIP, PASSWORD, WINDOWS).await;
        let stranger = signed_in(&app, OTHER_NIP, NEW_PASSWORD, WINDOWS).await;

        let list: serde_json::Value = call(&app, "my_sessions", &phone, &[]).await.json().await.unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 2, "only this employee's sessions: {list:?}");
        assert_eq!(list[0]["current"], true);
        assert_eq!(list[0]["device"], "Chrome · Android");
        assert_eq!(list[1]["device"], "Edge · Windows");
        assert_eq!(list[0]["ip"], "127.0.0.1");
        let laptop_handle = list[1]["handle"].as_str().unwrap().to_string();
        let own_handle = list[0]["handle"].as_str().unwrap().to_string();

        let (status, _, html) = page(&app, "/account/sessions", &phone).await;
        assert_eq!(status, 200);
        assert!(html.contains("Perangkat ini") && html.contains("Edge · Windows"), "{html}");

        // Another employee's handle, this session's own, or a made-up one: not found, nothing ends.
        let theirs: serde_json::Value = call(&app, "my_sessions", &stranger, &[]).await.json().await.unwrap();
        let their_handle = theirs[0]["handle"].as_str().unwrap().to_string();
        for handle in [their_handle.as_str(), own_handle.as_str(), "0123456789abcdef0123456789abcdef"] {
            assert_eq!(call(&app, "end_session", &phone, &[("handle", handle)]).await.status().as_u16(), 404);
        }
        assert!(dashboard(&app, &stranger).await.is_some());
        assert!(dashboard(&app, &phone).await.is_some());

        assert_eq!(call(&app, "end_session", &phone, &[("handle", &laptop_handle)]).await.status().as_u16(), 200);
        assert!(dashboard(&app, &laptop).await.is_none(), "the laptop is signed out");
        assert_eq!(audit_events(&app, "session_revoked").await, [Some("ended one other session".to_string())]);
        app.stop().await;
    }

    async fn ending_all_other_sessions_keeps_this_one(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let here = signed_in(&app, NIP, PASSWORD, ANDROID).await;
        let others = [signed_in(&app, NIP, PASSWORD, WINDOWS).await, signed_in(&app, NIP, PASSWORD, WINDOWS).await];
        let ended = call(&app, "end_other_sessions", &here, &[]).await.text().await.unwrap();
        assert_eq!(ended, "2");
        for token in &others {
            assert!(dashboard(&app, token).await.is_none());
        }
        assert!(dashboard(&app, &here).await.is_some());
        let (_, _, html) = page(&app, "/account/sessions", &here).await;
        assert!(html.contains("Tidak ada sesi lain"), "{html}");
        app.stop().await;
    }

    async fn the_account_pages_need_a_session(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        for path in ["/account/sessions", "/account/password"] {
            let (status, location, _) = page(&app, path, "").await;
            assert_eq!((status, location), (302, format!("/sign-in?next={path}")));
        }
        // Without JavaScript the sign-in form itself carries `next` on.
        let (_, _, html) = page(&app, "/sign-in?next=/account/sessions", "").await;
        assert!(html.contains(r#"name="next" value="/account/sessions""#), "{html}");
        for endpoint in ["my_sessions", "end_other_sessions", "change_password", "password_form"] {
            let response = call(&app, endpoint, &"0".repeat(64), &[("new_password", "x"), ("confirm_password", "x")]).await;
            assert_eq!(response.status().as_u16(), 401, "{endpoint}");
        }
        app.stop().await;
    }

    async fn behind_a_trusted_proxy_the_forwarded_client_address_is_recorded(engine: Engine) {
        for (trusted, want) in [(Some("127.0.0.1/32"), "203.0.113.7"), (None, "127.0.0.1")] {
            let extra: Vec<(&str, &str)> = trusted.map(|t| ("ASN_TRUSTED_PROXIES", t)).into_iter().collect();
            let app = TestApp::spawn_with(engine, &extra).await;
            account_holder(&app).await;
            let response = no_redirects()
                .post(app.url("/api/sign_in"))
                .header("origin", &app.address)
                .header("x-forwarded-for", "198.51.100.1, 203.0.113.7")
                .form(&[("nip", NIP), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success() || response.status().is_redirection());
            let (ip,): (Option<String>,) =
                sqlx::query_as("SELECT ip FROM audit_events WHERE event = 'sign_in_succeeded'").fetch_one(app.db.pool()).await.unwrap();
            assert_eq!(ip.as_deref(), Some(want), "trusted: {trusted:?}");
            app.stop().await;
        }
    }
}
