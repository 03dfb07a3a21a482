//! The reset wizard through HTTP with a real SMTP server: a new password by
//! e-mailed code, a lost authenticator, and every refusal.

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, dashboard, fresh_code, password_step, sign_in};
use crate::smtp_sink::SmtpSink;

const NEW_PASSWORD: &str = "Rendang-Bukittinggi#42";
const EMAIL: &str = "198001012005011001@x.example";
const UNKNOWN_NIP: &str = "199001012015052002";

fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build().unwrap()
}

async fn spawn(engine: crate::helpers::Engine, sink: &SmtpSink, extra: &[(&str, &str)]) -> TestApp {
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let mut env = vec![("ASN_SMTP_URL", url.as_str()), ("ASN_MAIL_FROM", "Portal ASN <noreply@uji.example>")];
    env.extend_from_slice(extra);
    if !extra.iter().any(|(k, _)| *k == "ASN_CAPTCHA") {
        env.push(("ASN_CAPTCHA", "off"));
    }
    TestApp::spawn_with(engine, &env).await
}

/// Opens the wizard page (which starts the flow and sets its cookie).
async fn open(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// A server-function call as the hydrated wizard makes it: (status, body).
async fn call(app: &TestApp, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("origin", &app.address)
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Steps one and two for `nip` and `email`: the two answers.
async fn ask_for_code(
    app: &TestApp,
    client: &reqwest::Client,
    purpose: &str,
    nip: &str,
    email: &str,
) -> [(u16, String); 2] {
    open(app, client, if purpose == "password" { "/reset" } else { "/reset/authenticator" }).await;
    let first = call(app, client, "reset_identify", &[("purpose", purpose), ("nip", nip), ("captcha", "")]).await;
    let second = call(app, client, "reset_send", &[("purpose", purpose), ("email", email)]).await;
    [first, second]
}

/// The 8-digit code in a received message.
fn code_in(data: &str) -> String {
    let body = &data[data.find("Kode untuk").expect("the Indonesian part first")..];
    let bytes = body.as_bytes();
    (0..bytes.len() - 8)
        .find(|&i| {
            bytes[i..i + 8].iter().all(u8::is_ascii_digit)
                && !bytes.get(i + 8).is_some_and(u8::is_ascii_digit)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
        })
        .map(|i| body[i..i + 8].to_string())
        .expect("a code in the mail")
}

async fn finish(
    app: &TestApp,
    client: &reqwest::Client,
    code: &str,
    password: &str,
    confirm: Option<&str>,
) -> (u16, String) {
    finish_with(app, client, code, password, confirm, None).await
}

/// Step three with the second factor too (a code or a recovery code).
async fn finish_with(
    app: &TestApp,
    client: &reqwest::Client,
    code: &str,
    password: &str,
    confirm: Option<&str>,
    second_factor: Option<&str>,
) -> (u16, String) {
    let mut form = vec![("code", code), ("password", password)];
    if let Some(c) = confirm {
        form.push(("confirm_password", c));
    }
    if let Some(f) = second_factor {
        form.push(("second_factor", f));
    }
    call(app, client, "reset_finish", &form).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(app.db.pool()).await.unwrap();
    n
}

on_both_engines! {
    async fn a_mailed_code_sets_a_new_password_ends_sessions_and_keeps_the_authenticator(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[]).await;
        let holder = account_holder(&app).await;
        let old_session = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let client = browser();
        let html = open(&app, &client, "/reset").await;
        assert!(html.contains("Langkah 1 dari 3") && !html.contains("captcha-image"), "captcha off by configuration");
        for (status, _) in ask_for_code(&app, &client, "password", "19800101 200501 1 001", "  198001012005011001@X.example ").await {
            assert_eq!(status, 200);
        }
        let html = open(&app, &client, "/reset").await;
        assert!(html.contains("Langkah 3 dari 3") && html.contains("10"), "{html}");
        let mail = sink.wait_for(1).await.remove(0);
        assert_eq!(mail.to, [format!("<{EMAIL}>")]);
        let code = code_in(&mail.data);
        assert!(mail.data.contains("Bukan Anda?") && mail.data.contains("This wasn't you?"));
        assert!(mail.data.find("Yth.").unwrap() < mail.data.find("Dear").unwrap());
        assert!(mail.data.contains("text/html"), "plain text plus HTML");
        // A weak password or a mismatch spends no try and changes nothing.
        let (status, body) = finish(&app, &client, &code, "password", Some("password")).await;
        assert_eq!(status, 400);
        assert!(body.contains("WeakPassword"));
        let (status, body) = finish(&app, &client, &code, NEW_PASSWORD, Some("Rendang-Bukittinggi#43")).await;
        assert_eq!((status, body.contains("PasswordMismatch")), (400, true));
        // The account has an authenticator: the mailed code alone changes
        // nothing (the mailbox is not a way in), and a wrong code neither.
        let (status, body) = finish(&app, &client, &code, NEW_PASSWORD, Some(NEW_PASSWORD)).await;
        assert_eq!((status, body.contains("reset_second_factor")), (400, true), "{body}");
        let (status, body) = finish_with(&app, &client, &code, NEW_PASSWORD, Some(NEW_PASSWORD), Some("000000")).await;
        assert_eq!((status, body.contains("WrongCode")), (400, true), "{body}");
        assert!(dashboard(&app, &old_session).await.is_some(), "nothing changed yet");
        let second = fresh_code(&app, holder).await;
        let (status, _) = finish_with(&app, &client, &code, NEW_PASSWORD, Some(NEW_PASSWORD), Some(&second)).await;
        assert_eq!(status, 200);
        assert!(dashboard(&app, &old_session).await.is_none(), "every session ended");
        assert!(password_step(&app, NIP, PASSWORD, "", None).await.token.is_none(), "the old password is dead");
        let back = sign_in(&app, NIP, NEW_PASSWORD, "", None).await;
        assert!(back.location.ends_with("/dashboard"), "the code step is still there: {}", back.location);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM authenticators").await, 1, "a reset never removes the authenticator");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE event = 'password_reset'").await, 1);
        // The code worked once.
        let (status, body) = finish(&app, &client, &code, "Soto-Betawi#2025", Some("Soto-Betawi#2025")).await;
        assert_eq!((status, body.contains("ResetExpired")), (400, true));
        assert_eq!(sink.wait_for(2).await.len(), 2, "and the employee is told");
        app.stop().await;
        sink.stop();
    }

    // Someone guessed at the password until the account locked; its owner
    // resets it by mailed code (and authenticator) and is in at once.
    async fn a_reset_by_mailed_code_lifts_a_temporary_lock(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[]).await;
        let holder = account_holder(&app).await;
        for _ in 0..5 {
            password_step(&app, NIP, "Not-The-Password-1", "", None).await;
        }
        let locked_until = count(&app, &format!("SELECT COALESCE(locked_until, 0) FROM credentials WHERE employee_id = {holder}")).await;
        assert!(locked_until > app::server::time::Clock::now(&*app.clock), "locked for now");
        let client = browser();
        ask_for_code(&app, &client, "password", NIP, EMAIL).await;
        let code = code_in(&sink.wait_for(1).await[0].data);
        let second = fresh_code(&app, holder).await;
        let (status, body) = finish_with(&app, &client, &code, NEW_PASSWORD, Some(NEW_PASSWORD), Some(&second)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(count(&app, &format!("SELECT failed_count FROM credentials WHERE employee_id = {holder}")).await, 0);
        assert!(sign_in(&app, NIP, NEW_PASSWORD, "", None).await.location.ends_with("/dashboard"), "in at once");
        app.stop().await;
        sink.stop();
    }

    async fn an_unknown_nip_and_a_wrong_address_answer_exactly_like_the_right_ones(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[]).await;
        account_holder(&app).await;
        let clients = [browser(), browser(), browser()];
        let right = ask_for_code(&app, &clients[0], "password", NIP, EMAIL).await;
        let unknown = ask_for_code(&app, &clients[1], "password", UNKNOWN_NIP, EMAIL).await;
        let wrong_address = ask_for_code(&app, &clients[2], "password", NIP, "orang.lain@x.example").await;
        assert_eq!(right, unknown);
        assert_eq!(right, wrong_address);
        // The code step names the address typed, masked, matched or not.
        for (client, hint) in clients.iter().zip(["1\u{2022}\u{2022}\u{2022}@x.example", "1\u{2022}\u{2022}\u{2022}@x.example", "o\u{2022}\u{2022}\u{2022}@x.example"]) {
            let page = open(&app, client, "/reset").await;
            assert!(page.contains("data-testid=\"email-hint\"") && page.contains(hint), "{hint}");
            assert!(!page.contains(EMAIL) && !page.contains("orang.lain"), "never the whole address");
        }
        assert_eq!(right[1].0, 200);
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        assert_eq!(sink.received().len(), 1, "only the right pair gets mail");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 1);
        app.stop().await;
        sink.stop();
    }

    async fn the_captcha_is_single_use_counted_and_has_an_accessible_alternative(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[("ASN_CAPTCHA", "on")]).await;
        account_holder(&app).await;
        let client = browser();
        let html = open(&app, &client, "/reset").await;
        assert!(html.contains("data:image/png;base64,iVBOR") && html.contains("alt=\"Gambar huruf acak"), "{html}");
        let (status, body) = call(&app, &client, "reset_identify", &[("purpose", "password"), ("nip", NIP), ("captcha", "salah")]).await;
        assert_eq!((status, body.contains("WrongCaptcha")), (400, true));
        assert_eq!(count(&app, "SELECT captcha_failures FROM reset_flows").await, 1);
        // The spent captcha is gone: even a right answer needs the new picture.
        let html = open(&app, &client, "/reset").await;
        let question = {
            let start = html.find("data-testid=\"captcha-question\">").unwrap() + "data-testid=\"captcha-question\">".len();
            html[start..start + html[start..].find('<').unwrap()].to_string()
        };
        let words = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
        let parts: Vec<&str> = question.trim_start_matches("Berapa ").trim_end_matches('?').split(" ditambah ").collect();
        let sum: usize = parts.iter().map(|w| words.iter().position(|x| x == w).unwrap()).sum();
        let (status, _) = call(&app, &client, "reset_identify", &[("purpose", "password"), ("nip", NIP), ("captcha", &sum.to_string())]).await;
        assert_eq!(status, 200, "the spoken-style question passes");
        assert!(open(&app, &client, "/reset").await.contains("Langkah 2 dari 3"));
        app.stop().await;
        sink.stop();
    }

    async fn codes_expire_allow_five_tries_and_a_new_request_voids_the_old_code(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[]).await;
        account_holder(&app).await;
        let first = browser();
        ask_for_code(&app, &first, "password", NIP, EMAIL).await;
        let first_code = code_in(&sink.wait_for(1).await[0].data);
        let second = browser();
        ask_for_code(&app, &second, "password", NIP, EMAIL).await;
        let second_code = code_in(&sink.wait_for(2).await[1].data);
        let (status, body) = finish(&app, &first, &first_code, NEW_PASSWORD, Some(NEW_PASSWORD)).await;
        assert_eq!((status, body.contains("WrongResetCode")), (400, true), "voided by the second request");
        // Five tries in all: a sixth is refused even with the right code.
        for _ in 0..5 {
            assert_eq!(finish(&app, &second, "00000000", NEW_PASSWORD, Some(NEW_PASSWORD)).await.0, 400);
        }
        let (status, body) = finish(&app, &second, &second_code, NEW_PASSWORD, Some(NEW_PASSWORD)).await;
        assert_eq!((status, body.contains("ResetCodeSpent")), (400, true), "{body}");
        // A fresh code expires after ten minutes.
        let third = browser();
        ask_for_code(&app, &third, "password", NIP, EMAIL).await;
        let third_code = code_in(&sink.wait_for(3).await[2].data);
        app.clock.advance(10 * 60 + 1);
        let (status, body) = finish(&app, &third, &third_code, NEW_PASSWORD, Some(NEW_PASSWORD)).await;
        assert_eq!((status, body.contains("ResetCodeExpired")), (400, true), "{body}");
        assert!(password_step(&app, NIP, PASSWORD, "", None).await.token.is_some(), "nothing changed");
        app.stop().await;
        sink.stop();
    }

    async fn every_step_is_limited_per_nip_and_per_address(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[("ASN_RESET_NIP_LIMIT_PER_HOUR", "2"), ("ASN_RESET_IP_LIMIT_PER_HOUR", "5")]).await;
        account_holder(&app).await;
        let client = browser();
        open(&app, &client, "/reset").await;
        let step = [("purpose", "password"), ("nip", NIP), ("captcha", "")];
        assert_eq!(call(&app, &client, "reset_identify", &step).await.0, 200);
        let (status, body) = call(&app, &client, "reset_send", &[("purpose", "password"), ("email", EMAIL)]).await;
        assert_eq!(status, 200, "{body}");
        let other = browser();
        open(&app, &other, "/reset").await;
        let (status, body) = call(&app, &other, "reset_identify", &step).await;
        assert_eq!((status, body.contains("TooManyRequests")), (429, true), "the NIP's third request this hour");
        // Another NIP from the same address: limited by the address.
        let another = [("purpose", "password"), ("nip", UNKNOWN_NIP), ("captcha", "")];
        let mut statuses = Vec::new();
        for _ in 0..3 {
            let c = browser();
            open(&app, &c, "/reset").await;
            statuses.push(call(&app, &c, "reset_identify", &another).await.0);
        }
        assert_eq!(statuses, [200, 200, 429], "five requests from one address per hour");
        app.clock.advance(3600);
        let c = browser();
        open(&app, &c, "/reset").await;
        assert_eq!(call(&app, &c, "reset_identify", &step).await.0, 200, "a new hour");
        app.stop().await;
        sink.stop();
    }

    async fn opening_the_wizard_without_its_cookie_is_limited_per_address(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        // Two steps an hour per address: eight new flows.
        let app = spawn(engine, &sink, &[("ASN_RESET_IP_LIMIT_PER_HOUR", "2"), ("ASN_CAPTCHA", "on")]).await;
        for _ in 0..8 {
            let html = open(&app, &browser(), "/reset").await;
            assert!(html.contains("captcha-image"), "a flow with its captcha");
        }
        let refused = browser().get(app.url("/reset")).send().await.unwrap().text().await.unwrap();
        assert!(refused.contains("Terlalu banyak percobaan") && !refused.contains("captcha-image"), "{refused}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reset_flows").await, 8, "no row for the refused one");
        // A browser that has its flow goes on using it.
        let client = browser();
        app.clock.advance(3600);
        open(&app, &client, "/reset").await;
        open(&app, &client, "/reset").await;
        assert_eq!(count(&app, "SELECT COUNT(*) FROM reset_flows").await, 1, "the old hour's flows swept, one new");
        app.stop().await;
        sink.stop();
    }

    async fn line_breaks_in_any_field_are_refused_and_reach_no_header(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[]).await;
        account_holder(&app).await;
        let client = browser();
        open(&app, &client, "/reset").await;
        let (status, _) = call(&app, &client, "reset_identify", &[("purpose", "password"), ("nip", "198001012005011001\r\nBcc: x@evil.example"), ("captcha", "")]).await;
        assert_eq!(status, 400);
        assert_eq!(call(&app, &client, "reset_identify", &[("purpose", "password"), ("nip", NIP), ("captcha", "")]).await.0, 200);
        let (status, body) = call(&app, &client, "reset_send", &[("purpose", "password"), ("email", "198001012005011001@x.example\r\nBcc: x@evil.example")]).await;
        assert_eq!((status, body.contains("email")), (400, true));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 0);
        assert!(open(&app, &client, "/reset").await.contains("Langkah 2 dari 3"), "still at step two");
        app.stop().await;
        sink.stop();
    }

    async fn a_lost_authenticator_is_removed_with_the_mailed_code_and_the_password(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let app = spawn(engine, &sink, &[]).await;
        let id = account_holder(&app).await;
        let client = browser();
        for (status, _) in ask_for_code(&app, &client, "authenticator", NIP, EMAIL).await {
            assert_eq!(status, 200);
        }
        let mail = sink.wait_for(1).await.remove(0);
        assert!(mail.data.contains("menghapus autentikator"), "{}", mail.data);
        let code = code_in(&mail.data);
        // The mailbox alone is not enough: the password is asked, and a wrong one counts.
        let (status, body) = finish(&app, &client, &code, "Salah-Sandi#1", None).await;
        assert_eq!((status, body.contains("InvalidCredentials")), (401, true), "{body}");
        assert_eq!(count(&app, &format!("SELECT failed_count FROM credentials WHERE employee_id = {id}")).await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM authenticators").await, 1);
        let (status, _) = finish(&app, &client, &code, PASSWORD, None).await;
        assert_eq!(status, 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM authenticators").await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE event = 'mfa_self_reset'").await, 1);
        let next = password_step(&app, NIP, PASSWORD, "", None).await;
        assert_eq!(next.location, "/sign-in/enrol?next=/dashboard", "enrolment starts again");
        assert!(sink.wait_for(2).await[1].data.contains("dihapus"), "the employee is told");
        app.stop().await;
        sink.stop();
    }

    async fn a_code_asked_for_while_smtp_is_down_arrives_once_it_is_back(engine: Engine) {
        let sink = SmtpSink::start_down().await;
        let url = format!("smtp://127.0.0.1:{}", sink.port);
        let app = TestApp::spawn_with(engine, &[
            ("ASN_SMTP_URL", url.as_str()), ("ASN_MAIL_FROM", "noreply@uji.example"), ("ASN_CAPTCHA", "off"),
        ]).await;
        let holder = account_holder(&app).await;
        let client = browser();
        let answers = ask_for_code(&app, &client, "password", NIP, EMAIL).await;
        assert_eq!(answers[1].0, 200, "the request succeeds although the mail cannot go yet");
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        sink.come_up();
        app.clock.advance(app::mail::outbox::backoff(1));
        let code = code_in(&sink.wait_for(1).await[0].data);
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(sink.received().len(), 1, "delivered once");
        let second = fresh_code(&app, holder).await;
        assert_eq!(finish_with(&app, &client, &code, NEW_PASSWORD, Some(NEW_PASSWORD), Some(&second)).await.0, 200);
        app.stop().await;
        sink.stop();
    }
}

#[test]
fn production_refuses_to_switch_the_captcha_off() {
    use std::collections::BTreeMap;
    let env: BTreeMap<String, String> = [
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
        ("ASN_SECRET_KEY", "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778"),
        ("ASN_SMTP_URL", "smtp://localhost:25"),
        ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
        ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
        ("ASN_TOTP_KEYS", crate::sign_in::TOTP_KEYS),
        ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
        ("ASN_ARGON2_MEMORY_KIB", "19456"),
        ("ASN_ARGON2_ITERATIONS", "2"),
        ("ASN_CAPTCHA", "off"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let err = asn_portal::config::Config::load(&env).unwrap_err().to_string();
    assert!(err.contains("ASN_CAPTCHA") && err.contains("automated tests only"), "{err}");
}
