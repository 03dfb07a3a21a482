//! The second factor through HTTP: forced enrolment, the code step, replay,
//! recovery codes, the clock-drift hint, lockout, and managing devices.

use app::server::time::Clock;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{
    NIP, PASSWORD, SEED, account_holder, account_holder_without_authenticator, code_at, dashboard, fresh_code,
    password_step, post_with_session, session_cookie, sign_in,
};

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Calls a server function as the hydrated app does (JSON answers, real statuses).
async fn call(app: &TestApp, endpoint: &str, token: &str, form: &[(&str, &str)]) -> reqwest::Response {
    no_redirects()
        .post(app.url(&format!("/api/{endpoint}")))
        .header("origin", &app.address)
        .header("cookie", format!("asn_session={token}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn page(app: &TestApp, path: &str, token: &str) -> (u16, String, String) {
    let response = no_redirects()
        .get(app.url(path))
        .header("cookie", format!("asn_session={token}; asn_lang=en"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

/// RFC 4648 Base32, written here so the test does not trust the app's encoder.
fn base32_decode(text: &str) -> Vec<u8> {
    let mut bits = 0u64;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".find(c).expect("a Base32 character") as u64;
        bits = (bits << 5) | v;
        count += 5;
        if count >= 8 {
            out.push((bits >> (count - 8)) as u8);
            count -= 8;
        }
    }
    out
}

/// The text of the element with this test id.
fn testid_text(html: &str, id: &str) -> String {
    let start = html.find(&format!("data-testid=\"{id}\"")).unwrap_or_else(|| panic!("no {id} in {html}"));
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap();
    rest[open..open + close].trim().to_string()
}

async fn events(app: &TestApp, kind: &str) -> Vec<Option<String>> {
    let rows: Vec<(Option<String>,)> = sqlx::query_as("SELECT reason FROM audit_events WHERE event = $1 ORDER BY id")
        .bind(kind)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

/// Signs in with the password up to the code step; the half session's token.
pub async fn at_code_step(app: &TestApp) -> String {
    let answer = password_step(app, NIP, PASSWORD, "/dashboard", None).await;
    assert!(answer.location.starts_with("/sign-in/otp?next="), "{}", answer.location);
    answer.token.unwrap()
}

/// Enrols a fresh account through the pages; returns (token, seed, recovery codes).
pub async fn enrol(app: &TestApp) -> (String, Vec<u8>, Vec<String>) {
    let answer = password_step(app, NIP, PASSWORD, "/dashboard", None).await;
    assert_eq!(answer.location, "/sign-in/enrol?next=/dashboard");
    let token = answer.token.unwrap();
    let (status, _, html) = page(app, "/sign-in/enrol", &token).await;
    assert_eq!(status, 200, "{html}");
    let seed = base32_decode(&testid_text(&html, "totp-secret"));
    let code = app::mfa::totp::code_for(&seed, app.clock.now()).unwrap();
    let done = post_with_session(
        app,
        "confirm_enrolment",
        &token,
        &[("code", &code), ("device_name", "Redmi Note 12"), ("next", "/dashboard")],
    )
    .await;
    assert_eq!(done.status().as_u16(), 302);
    assert_eq!(done.headers()["location"], "/account/recovery-codes?next=/dashboard");
    let token = session_cookie(&done).unwrap();
    let (status, _, html) = page(app, "/account/recovery-codes", &token).await;
    assert_eq!(status, 200);
    let codes: Vec<String> = html.split("<li><code>").skip(1).map(|s| s[..s.find('<').unwrap()].to_string()).collect();
    assert_eq!(codes.len(), 10, "{html}");
    (token, seed, codes)
}

on_both_engines! {
    async fn an_account_without_an_authenticator_must_enrol_before_anything_else(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder_without_authenticator(&app).await;
        let token = password_step(&app, NIP, PASSWORD, "/dashboard", None).await.token.unwrap();
        // Nothing opens before enrolment: pages send to it, server functions refuse.
        let (status, location, _) = page(&app, "/dashboard", &token).await;
        assert_eq!((status, location.as_str()), (302, "/sign-in/enrol?next=/dashboard"));
        assert_eq!(call(&app, "current_user", &token, &[]).await.status().as_u16(), 403);
        assert_eq!(call(&app, "change_password", &token, &[
            ("new_password", "Rendang-Bukittinggi#42"), ("confirm_password", "Rendang-Bukittinggi#42"),
        ]).await.status().as_u16(), 403, "no password change before the second factor");
        assert_eq!(page(&app, "/sign-in/otp", &token).await.1, "/sign-in/enrol?next=/dashboard");
        // The page: an SVG QR code with alt text, the grouped key, the fields.
        let (status, _, html) = page(&app, "/sign-in/enrol", &token).await;
        assert_eq!(status, 200);
        assert!(html.contains("role=\"img\"") && html.contains("aria-label=\"QR code for the authenticator app\""));
        assert!(html.contains("<svg") && !html.contains("style="), "a plain SVG the CSP allows");
        assert!(html.contains("Google Authenticator") && html.contains("name=\"device_name\""));
        let secret = testid_text(&html, "totp-secret");
        assert_eq!(secret.split(' ').count(), 8, "160 bits as eight groups of four: {secret}");
        // Reloading shows the same key (the user may have scanned it already).
        assert_eq!(testid_text(&page(&app, "/sign-in/enrol", &token).await.2, "totp-secret"), secret);
        let seed = base32_decode(&secret);
        assert_eq!(seed.len(), 20);
        // Stored sealed, never as the key shown.
        let (sealed,): (String,) = sqlx::query_as("SELECT secret_sealed FROM authenticators").fetch_one(app.db.pool()).await.unwrap();
        assert!(!sealed.contains(&secret.replace(' ', "")) && !sealed.contains(&hex::encode(&seed)), "{sealed}");
        // A wrong code and a bad device name change nothing.
        let now = app.clock.now();
        let right = app::mfa::totp::code_for(&seed, now).unwrap();
        let wrong = if right == "000000" { "111111" } else { "000000" };
        let refused = call(&app, "confirm_enrolment", &token, &[("code", wrong), ("device_name", "HP")]).await;
        assert_eq!(refused.status().as_u16(), 400);
        assert!(refused.text().await.unwrap().contains("WrongCode"));
        let refused = call(&app, "confirm_enrolment", &token, &[("code", &right), ("device_name", " ")]).await;
        assert_eq!(refused.status().as_u16(), 400);
        let (confirmed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM authenticators WHERE confirmed_at IS NOT NULL")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(confirmed, 0);
        assert_eq!(page(&app, "/dashboard", &token).await.0, 302, "still at enrolment");
        // The right code: signed in under a new id, recovery codes shown once.
        let done = post_with_session(&app, "confirm_enrolment", &token, &[
            ("code", &right), ("device_name", "Redmi Note 12"), ("next", "/dashboard"),
        ]).await;
        assert_eq!(done.headers()["location"], "/account/recovery-codes?next=/dashboard");
        let signed_in = session_cookie(&done).unwrap();
        assert_ne!(signed_in, token);
        assert!(dashboard(&app, &token).await.is_none(), "the enrolment id died");
        assert!(dashboard(&app, &signed_in).await.is_some());
        let (_, _, html) = page(&app, "/account/recovery-codes", &signed_in).await;
        assert_eq!(html.matches("<li><code>").count(), 10);
        let saved = post_with_session(&app, "recovery_codes_saved", &signed_in, &[("next", "/dashboard")]).await;
        assert_eq!(saved.headers()["location"], "/dashboard");
        let (_, _, html) = page(&app, "/account/recovery-codes", &signed_in).await;
        assert!(html.contains("recovery-none") && !html.contains("<li><code>"), "shown once");
        let (hashes,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(hashes, 10);
        assert_eq!(events(&app, "mfa_enrolled").await.len(), 1);
        app.stop().await;
    }

    async fn later_sign_ins_need_a_code_and_each_code_works_once(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let token = at_code_step(&app).await;
        assert_eq!(page(&app, "/dashboard", &token).await.1, "/sign-in/otp?next=/dashboard");
        assert_eq!(call(&app, "my_sessions", &token, &[]).await.status().as_u16(), 403);
        let code = fresh_code(&app, id).await;
        let done = post_with_session(&app, "verify_code", &token, &[("code", &code), ("next", "/dashboard")]).await;
        assert_eq!(done.headers()["location"], "/dashboard");
        let signed_in = session_cookie(&done).unwrap();
        assert!(dashboard(&app, &signed_in).await.is_some());
        assert!(dashboard(&app, &token).await.is_none(), "rotated at the step up");
        // The same code again, from a new sign-in within its 30 seconds: refused.
        let again = at_code_step(&app).await;
        let replay = call(&app, "verify_code", &again, &[("code", &code)]).await;
        assert_eq!(replay.status().as_u16(), 400);
        assert!(replay.text().await.unwrap().contains("CodeUsed"));
        // The previous step's code is refused too, once a later one was used.
        let previous = code_at(app.clock.now() - 30);
        assert_eq!(call(&app, "verify_code", &again, &[("code", &previous)]).await.status().as_u16(), 400);
        assert_eq!(events(&app, "mfa_failed").await, [Some("replayed".into()), Some("replayed".into())]);
        app.stop().await;
    }

    async fn two_sessions_racing_with_one_code_sign_in_once(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let (a, b) = (at_code_step(&app).await, at_code_step(&app).await);
        let code = fresh_code(&app, id).await;
        let form = [("code", code.as_str())];
        let (first, second) = tokio::join!(
            call(&app, "verify_code", &a, &form),
            call(&app, "verify_code", &b, &form),
        );
        let mut statuses = [first.status().as_u16(), second.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 400], "exactly one of two racing requests gets in");
        app.stop().await;
    }

    async fn a_recovery_code_signs_in_once(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder_without_authenticator(&app).await;
        let (_, _, codes) = enrol(&app).await;
        let token = at_code_step(&app).await;
        let typed = codes[3].to_uppercase().replace('-', " ");
        let done = post_with_session(&app, "verify_code", &token, &[("code", &typed), ("next", "/dashboard")]).await;
        assert_eq!(done.headers()["location"], "/dashboard", "any case, spaces for dashes: {typed} of {codes:?}");
        let signed_in = session_cookie(&done).unwrap();
        assert!(dashboard(&app, &signed_in).await.is_some());
        let again = at_code_step(&app).await;
        let refused = call(&app, "verify_code", &again, &[("code", &codes[3])]).await;
        assert_eq!(refused.status().as_u16(), 400, "used up");
        assert_eq!(events(&app, "recovery_code_used").await.len(), 1);
        // The security page counts what is left.
        let (status, location, html) = page(&app, "/account/security", &signed_in).await;
        assert_eq!(status, 200, "{location} {html}");
        assert_eq!(testid_text(&html, "recovery-left"), "9");
        app.stop().await;
    }

    async fn a_phone_three_minutes_slow_is_told_so_and_not_let_in(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let token = at_code_step(&app).await;
        let slow = code_at(app.clock.now() - 180);
        // The first such code is only wrong: one code proves no drift.
        let refused = call(&app, "verify_code", &token, &[("code", &slow)]).await;
        assert_eq!(refused.status().as_u16(), 400);
        let body = refused.text().await.unwrap();
        assert!(body.contains("WrongCode") && !body.contains("-180"), "{body}");
        // The phone's next code fits the same offset: now it is told.
        let refused = call(&app, "verify_code", &token, &[("code", &slow)]).await;
        assert_eq!(refused.status().as_u16(), 400);
        let body = refused.text().await.unwrap();
        assert!(body.contains("ClockOff") && body.contains("-180"), "{body}");
        // The form without JavaScript shows the words, in the reader's language.
        let form = post_with_session(&app, "verify_code", &token, &[("code", &slow)]).await;
        let back = form.headers()["location"].to_str().unwrap().to_string();
        let html = no_redirects().get(&back).header("cookie", format!("asn_session={token}")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("sekitar 3 menit lebih lambat") && html.contains("Atur otomatis"), "{html}");
        let html = no_redirects().get(&back).header("cookie", format!("asn_session={token}; asn_lang=en")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("about 3 minutes behind the real time"), "{html}");
        assert_eq!(page(&app, "/dashboard", &token).await.0, 302, "never accepted");
        assert_eq!(events(&app, "mfa_failed").await, [Some("wrong".into()), Some("clock_off".into()), Some("clock_off".into())]);
        app.stop().await;
    }

    async fn views_of_the_enrolment_page_at_the_same_moment_show_one_seed(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder_without_authenticator(&app).await;
        let answer = password_step(&app, NIP, PASSWORD, "/dashboard", None).await;
        assert_eq!(answer.location, "/sign-in/enrol?next=/dashboard");
        let token = answer.token.unwrap();
        // A browser still loading the page's data when it is sent to the
        // page again: several first views at once.
        let views = (0..6).map(|_| {
            let (app, token) = (&app, token.clone());
            async move { page(app, "/sign-in/enrol", &token).await }
        });
        let seeds: Vec<String> =
            futures_util::future::join_all(views).await.into_iter().map(|(_, _, html)| testid_text(&html, "totp-secret")).collect();
        assert!(seeds.iter().all(|s| s == &seeds[0]), "{seeds:?}");
        // And it is the seed the server checks codes against.
        let seed = base32_decode(&seeds[0]);
        let code = app::mfa::totp::code_for(&seed, app.clock.now()).unwrap();
        let done = post_with_session(&app, "confirm_enrolment", &token, &[("code", &code), ("device_name", "Redmi Note 12"), ("next", "/dashboard")]).await;
        assert_eq!(done.headers()["location"], "/account/recovery-codes?next=/dashboard");
        app.stop().await;
    }

    async fn a_code_that_fits_another_step_once_reveals_no_offset(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let token = at_code_step(&app).await;
        // A guesser who hits a code of some step minutes away learns
        // nothing from the answer (it would be a code that works later),
        // nor when the next lucky hit fits another step.
        for offset in [300, -240, 300 + 30] {
            let code = code_at(app.clock.now() + offset);
            let refused = call(&app, "verify_code", &token, &[("code", &code)]).await;
            let body = refused.text().await.unwrap();
            assert!(body.contains("WrongCode") && !body.contains("ClockOff"), "{offset}: {body}");
        }
        // Ten minutes later a repeat of an old offset is news again.
        app.clock.advance(app::mfa::repo::DRIFT_MEMORY_SECONDS + 1);
        let token = at_code_step(&app).await;
        let code = code_at(app.clock.now() + 330);
        let body = call(&app, "verify_code", &token, &[("code", &code)]).await.text().await.unwrap();
        assert!(body.contains("WrongCode"), "{body}");
        app.stop().await;
    }

    async fn wrong_codes_lock_the_account_and_a_new_password_sign_in_does_not_reset_the_count(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let right = fresh_code(&app, id).await;
        let wrong = if right == "000000" { "111111" } else { "000000" };
        // Four wrong codes, then the password again (a guesser's loop), then one more.
        let token = at_code_step(&app).await;
        for _ in 0..4 {
            assert_eq!(call(&app, "verify_code", &token, &[("code", wrong)]).await.status().as_u16(), 400);
        }
        let token = at_code_step(&app).await;
        let locked = call(&app, "verify_code", &token, &[("code", wrong)]).await;
        assert_eq!(locked.status().as_u16(), 429);
        assert!(locked.text().await.unwrap().contains("CodeLocked"));
        assert_eq!(page(&app, "/sign-in/otp", &token).await.1, "/sign-in?next=/dashboard", "the session ended");
        // Locked: the password is refused, as on the sign-in page.
        assert!(password_step(&app, NIP, PASSWORD, "", None).await.token.is_none());
        assert_eq!(events(&app, "locked_out").await.len(), 1);
        app.clock.advance(5 * 60 + 1);
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.location.ends_with("/dashboard"), "the lock expired");
        app.stop().await;
    }

    async fn a_second_device_can_be_added_listed_and_removed_but_never_the_last(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        // Adding needs the password and a current code.
        let code = fresh_code(&app, id).await;
        let refused = call(&app, "add_authenticator", &token, &[("password", "Salah-Sandi#1"), ("code", &code)]).await;
        assert_eq!(refused.status().as_u16(), 400);
        let (status, _, html) = page(&app, "/account/security/add", &token).await;
        assert_eq!(status, 404, "no enrolment is open");
        assert!(html.contains("This set-up has expired"), "{html}");
        let code = fresh_code(&app, id).await;
        let opened = post_with_session(&app, "add_authenticator", &token, &[("password", PASSWORD), ("code", &code)]).await;
        assert_eq!(opened.headers()["location"], "/account/security/add");
        let (_, _, html) = page(&app, "/account/security/add", &token).await;
        let seed = base32_decode(&testid_text(&html, "totp-secret"));
        assert_ne!(seed.as_slice(), SEED.as_slice());
        let code = app::mfa::totp::code_for(&seed, app.clock.now()).unwrap();
        let added = post_with_session(&app, "confirm_enrolment", &token, &[("code", &code), ("device_name", "iPad <kantor>")]).await;
        assert_eq!(added.headers()["location"], "/account/security?notice=added");
        let (_, _, html) = page(&app, "/account/security", &token).await;
        assert_eq!(html.matches("data-testid=\"device\"").count(), 2);
        assert!(html.contains("iPad &lt;kantor&gt;") && !html.contains("iPad <kantor>"), "escaped");
        let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM authenticators WHERE employee_id = $1 ORDER BY id")
            .bind(id).fetch_all(app.db.pool()).await.unwrap();
        // Another employee cannot remove them; their owner can, down to one.
        let other = crate::sign_in::employee_with_password(&app, "199002022015032002", "Siti Rahmawati", PASSWORD, false).await;
        let other_token = sign_in(&app, "199002022015032002", PASSWORD, "", None).await.token.unwrap();
        let foreign = call(&app, "remove_authenticator", &other_token, &[("id", &ids[0].0.to_string())]).await;
        assert_eq!(foreign.status().as_u16(), 404);
        assert_eq!(call(&app, "remove_authenticator", &token, &[("id", &ids[0].0.to_string())]).await.status().as_u16(), 200);
        let last = call(&app, "remove_authenticator", &token, &[("id", &ids[1].0.to_string())]).await;
        assert_eq!(last.status().as_u16(), 409);
        assert!(last.text().await.unwrap().contains("LastAuthenticator"));
        let left: Vec<(i64,)> = sqlx::query_as("SELECT employee_id FROM authenticators ORDER BY employee_id")
            .fetch_all(app.db.pool()).await.unwrap();
        assert_eq!(left, [(id,), (other,)]);
        let (subjects,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%added%' OR subject LIKE '%removed%'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(subjects, 2, "the employee is told of each change");
        assert_eq!(events(&app, "authenticator_removed").await.len(), 1);
        app.stop().await;
    }

    async fn new_recovery_codes_void_the_old_set(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder_without_authenticator(&app).await;
        let (token, seed, old) = enrol(&app).await;
        app.clock.advance(30);
        let code = app::mfa::totp::code_for(&seed, app.clock.now()).unwrap();
        let done = post_with_session(&app, "regenerate_recovery_codes", &token, &[("code", &code)]).await;
        assert_eq!(done.headers()["location"], "/account/recovery-codes?next=%2Faccount%2Fsecurity");
        let (_, _, html) = page(&app, "/account/recovery-codes", &token).await;
        assert_eq!(html.matches("<li><code>").count(), 10);
        assert!(!html.contains(&old[0]));
        let half = at_code_step(&app).await;
        assert_eq!(call(&app, "verify_code", &half, &[("code", &old[0])]).await.status().as_u16(), 400, "void");
        assert_eq!(events(&app, "recovery_codes_regenerated").await.len(), 1);
        app.stop().await;
    }

    async fn an_operator_set_password_comes_after_the_code(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        app::org::repo::create_agency(&app.db, "AG", "Agency").await.unwrap();
        crate::sign_in::employee_with_password(&app, NIP, "Ahmad Fauzi, S.Kom.", PASSWORD, true).await;
        let half = password_step(&app, NIP, PASSWORD, "/cuti", None).await;
        assert_eq!(half.location, "/sign-in/otp?next=/cuti", "the code first");
        let token = half.token.unwrap();
        assert_eq!(page(&app, "/account/password", &token).await.1, "/sign-in/otp?next=/account/password");
        let after = crate::sign_in::code_step(&app, NIP, &token, "/cuti").await;
        assert_eq!(after.location, "/account/password?next=/cuti");
        app.stop().await;
    }

    async fn a_rotated_key_still_opens_old_seeds_and_reseals_them_on_use(engine: Engine) {
        let rotated = format!("k2:{},{}", "7".repeat(64), crate::sign_in::TOTP_KEYS);
        let app = TestApp::spawn_with(engine, &[("ASN_TOTP_KEYS", rotated.as_str())]).await;
        account_holder(&app).await;
        let (before,): (String,) = sqlx::query_as("SELECT secret_sealed FROM authenticators").fetch_one(app.db.pool()).await.unwrap();
        assert!(before.starts_with("v1.test."), "{before}");
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.location.ends_with("/dashboard"), "the old key still opens it");
        let (after,): (String,) = sqlx::query_as("SELECT secret_sealed FROM authenticators").fetch_one(app.db.pool()).await.unwrap();
        assert!(after.starts_with("v1.k2."), "resealed under the current key: {after}");
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.location.ends_with("/dashboard"));
        app.stop().await;
    }

    async fn after_an_admin_reset_the_next_sign_in_enrols_again(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let row = app::org::repo::find_employee(&app.db, id).await.unwrap().unwrap();
        app::mfa::reset::reset_authenticators(&app.db, &row, app::audit::Actor::Cli, &app::audit::RequestInfo::default(), 1)
            .await
            .unwrap();
        let answer = password_step(&app, NIP, PASSWORD, "", None).await;
        assert_eq!(answer.location, "/sign-in/enrol?next=/dashboard");
        app.stop().await;
    }
}
