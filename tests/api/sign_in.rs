//! Signing in and out, sessions, lockouts: through HTTP, as browsers do.

use app::account::repo::{self as account, Subject};
use app::audit::{Actor, RequestInfo};
use app::org::repo as org;
use app::org::{EmployeeInput, NewEmployee};
use app::server::hasher::{HashParams, Hasher};

use app::server::time::Clock;

use crate::helpers::TestApp;
use crate::on_both_engines;

pub const NIP: &str = "198001012005011001";
pub const GROUPED: &str = "19800101 200501 1 001";
pub const PASSWORD: &str = "Gudeg!Wijilan#77";

/// The keyring the test apps run with (`ASN_TOTP_KEYS`, set in helpers).
pub const TOTP_KEYS: &str = "test:5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809";
/// The seed of every test account's authenticator.
pub const SEED: &[u8; 20] = b"asn-portal-test-seed";

/// The code an authenticator holding [`SEED`] shows at `time`.
pub fn code_at(time: i64) -> String {
    app::mfa::totp::code_for(SEED, time).unwrap()
}

/// An employee with a password and an authenticator, in a new agency `AG`.
pub async fn account_holder(app: &TestApp) -> i64 {
    org::create_agency(&app.db, "AG", "Agency").await.unwrap();
    employee_with_password(app, NIP, "Ahmad Fauzi, S.Kom.", PASSWORD, false).await
}

/// As [`account_holder`], without an authenticator (the next sign-in enrols).
pub async fn account_holder_without_authenticator(app: &TestApp) -> i64 {
    org::create_agency(&app.db, "AG", "Agency").await.unwrap();
    employee_without_authenticator(app, NIP, "Ahmad Fauzi, S.Kom.", PASSWORD, false).await
}

/// Another employee of agency `AG`, with this password stored as it is
/// (no policy check, so tests can store weak ones), and an authenticator
/// holding [`SEED`].
pub async fn employee_with_password(app: &TestApp, nip: &str, name: &str, password: &str, must_change: bool) -> i64 {
    let id = employee_without_authenticator(app, nip, name, password, must_change).await;
    give_authenticator(app, id, "Test phone").await;
    id
}

/// A confirmed authenticator holding [`SEED`], sealed as the app seals.
pub async fn give_authenticator(app: &TestApp, employee_id: i64, name: &str) -> i64 {
    let ring = app::server::secret_box::Keyring::parse(TOTP_KEYS).unwrap();
    let sealed = ring.seal(SEED, &format!("totp:{employee_id}"));
    let mut conn = app.db.pool().acquire().await.unwrap();
    let id = app::mfa::repo::start_enrolment(&mut conn, employee_id, &sealed, 0).await.unwrap();
    assert!(app::mfa::repo::accept_step(&mut conn, id, employee_id, 0, 0, Some(name)).await.unwrap());
    id
}

/// A code for the employee's authenticator that has not been used yet:
/// moves the app's clock to the next 30-second step when this one is spent.
pub async fn fresh_code(app: &TestApp, employee_id: i64) -> String {
    let (last,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(last_step) FROM authenticators WHERE employee_id = $1 AND confirmed_at IS NOT NULL")
            .bind(employee_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let now = app.clock.now();
    if last.is_some_and(|l| l >= now.div_euclid(30)) {
        app.clock.advance(30 - now.rem_euclid(30));
    }
    code_at(app.clock.now())
}

/// The password step with a captcha answer (`(token, answer)`), as the
/// form without JavaScript posts it.
async fn captcha_step(app: &TestApp, nip: &str, password: &str, captcha: Option<(&str, &str)>) -> Answer {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut form = vec![("nip", nip), ("password", password), ("next", "")];
    if let Some((token, answer)) = captcha {
        form.extend([("captcha_token", token), ("captcha", answer)]);
    }
    let response = client
        .post(app.url("/api/sign_in"))
        .header("origin", &app.address)
        .header("referer", app.url("/sign-in"))
        .header("accept", "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    Answer { status: response.status().as_u16(), location: location(&response), token: session_cookie(&response) }
}

/// The sign-in page a refusal sends back to, and its captcha (token,
/// question) if it shows one.
async fn page_error(app: &TestApp, location: &str) -> (String, Option<(String, String)>) {
    let html = app.get(&location.replace(&app.address, "")).await.text().await.unwrap();
    let attr = |html: &str, marker: &str| -> Option<String> {
        let start = html.find(marker)? + marker.len();
        Some(html[start..start + html[start..].find('"')?].to_string())
    };
    let token = attr(&html, "name=\"captcha_token\" value=\"");
    let question = html.find("data-testid=\"captcha-question\">").map(|i| {
        let rest = &html[i + "data-testid=\"captcha-question\">".len()..];
        rest[..rest.find('<').unwrap()].to_string()
    });
    let captcha = token.zip(question);
    (html, captcha)
}

/// Answers "Berapa tiga ditambah lima?" with "8".
fn sum_in_words(question: &str) -> String {
    const WORDS: [&str; 10] = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
    let numbers: Vec<usize> =
        question.split(|c: char| !c.is_alphabetic()).filter_map(|w| WORDS.iter().position(|n| *n == w)).collect();
    assert_eq!(numbers.len(), 2, "{question}");
    (numbers[0] + numbers[1]).to_string()
}

/// A six-digit code the test authenticator shows at no step near now.
pub fn wrong_code(app: &TestApp) -> String {
    let now = app.clock.now();
    let near: Vec<String> = (-25..=25).map(|k| code_at(now + 30 * k)).collect();
    (0..1_000_000).map(|n| format!("{n:06}")).find(|c| !near.contains(c)).unwrap()
}

async fn scalar_i64(app: &TestApp, sql: &'static str, id: i64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(app.db.pool()).await.unwrap()
}

/// Posts a server function as a form without JavaScript, with a session.
pub async fn post_with_session(app: &TestApp, endpoint: &str, token: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("origin", &app.address)
        .header("referer", app.url("/sign-in/otp"))
        .header("accept", "text/html")
        .header("cookie", format!("asn_session={token}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The value a response sets the session cookie to (empty when it clears it).
pub fn session_cookie_set(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("asn_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
}

/// The session a response hands out, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    session_cookie_set(response).filter(|t| !t.is_empty())
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

/// Without an authenticator.
pub async fn employee_without_authenticator(
    app: &TestApp,
    nip: &str,
    name: &str,
    password: &str,
    must_change: bool,
) -> i64 {
    employee_of(app, "AG", nip, name, password, must_change).await
}

/// As [`employee_with_password`], in the agency with this code.
pub async fn employee_with_password_in(app: &TestApp, agency: &str, nip: &str, name: &str, password: &str) -> i64 {
    let id = employee_of(app, agency, nip, name, password, false).await;
    give_authenticator(app, id, "Test phone").await;
    id
}

async fn employee_of(app: &TestApp, agency: &str, nip: &str, name: &str, password: &str, must_change: bool) -> i64 {
    let input = EmployeeInput {
        nip: nip.into(),
        name: name.into(),
        email: format!("{nip}@x.example"),
        kind: "pns".into(),
        agency: agency.into(),
        position: "Pranata Komputer".into(),
        ..Default::default()
    };
    let id = org::add_employee(&app.db, &NewEmployee::parse(&input).unwrap()).await.unwrap();
    let hasher = Hasher::new(
        HashParams { memory_kib: 1024, iterations: 1, parallelism: 1 },
        1,
        std::time::Duration::from_secs(5),
    )
    .unwrap();
    let hash = hasher.rehash(password).await.unwrap();
    account::set_password(
        &app.db,
        Subject { employee_id: id, nip },
        &hash,
        must_change,
        Actor::Cli,
        &RequestInfo::default(),
    )
    .await
    .unwrap();
    id
}

pub struct Answer {
    pub status: u16,
    pub location: String,
    pub token: Option<String>,
}

/// Signs in as a browser without JavaScript does: the password, then, when
/// the portal asks for it, a fresh code from the test authenticator.
/// Returns the last answer (the code step's, when there was one).
pub async fn sign_in(app: &TestApp, nip: &str, password: &str, next: &str, cookie: Option<&str>) -> Answer {
    let first = password_step(app, nip, password, next, cookie).await;
    let (Some(token), true) = (&first.token, first.location.contains("/sign-in/otp")) else { return first };
    code_step(app, nip, token, next).await
}

/// Passes the code step of a session that is at it.
pub async fn code_step(app: &TestApp, nip: &str, token: &str, next: &str) -> Answer {
    let code = fresh_code(app, employee_id(app, nip).await).await;
    let response = post_with_session(app, "verify_code", token, &[("code", &code), ("next", next)]).await;
    Answer { status: response.status().as_u16(), location: location(&response), token: session_cookie(&response) }
}

pub async fn employee_id(app: &TestApp, nip: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM employees WHERE nip = $1")
        .bind(app::domain::Nip::parse(nip).unwrap().as_str())
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    id
}

/// Posts only the password form.
pub async fn password_step(app: &TestApp, nip: &str, password: &str, next: &str, cookie: Option<&str>) -> Answer {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut request = client
        .post(app.url("/api/sign_in"))
        .header("origin", &app.address)
        .header("referer", app.url("/sign-in"))
        .header("accept", "text/html")
        .form(&[("nip", nip), ("password", password), ("next", next)]);
    if let Some(token) = cookie {
        request = request.header("cookie", format!("asn_session={token}"));
    }
    let response = request.send().await.unwrap();
    Answer { status: response.status().as_u16(), location: location(&response), token: session_cookie(&response) }
}

/// The dashboard as seen with this session: `Some(page)` or `None` when
/// sent to sign in.
pub async fn dashboard(app: &TestApp, token: &str) -> Option<String> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response =
        client.get(app.url("/dashboard")).header("cookie", format!("asn_session={token}")).send().await.unwrap();
    match response.status().as_u16() {
        200 => Some(response.text().await.unwrap()),
        302 => None,
        other => panic!("unexpected status {other}: {}", response.text().await.unwrap_or_default()),
    }
}

async fn audit_reasons(app: &TestApp) -> Vec<String> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT event, reason FROM audit_events WHERE event LIKE 'sign_in%' OR event = 'locked_out' ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    rows.into_iter().map(|(e, r)| r.map_or(e.clone(), |r| format!("{e}:{r}"))).collect()
}

on_both_engines! {
    async fn the_right_password_signs_in_and_opens_the_dashboard(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let answer = sign_in(&app, GROUPED, PASSWORD, "/dashboard", None).await;
        assert_eq!(answer.status, 302);
        assert!(answer.location.ends_with("/dashboard"), "{}", answer.location);
        let token = answer.token.expect("a session cookie");
        let page = dashboard(&app, &token).await.expect("signed in");
        assert!(page.contains("Ahmad Fauzi, S.Kom.") && page.contains(GROUPED), "{page}");
        assert_eq!(audit_reasons(&app).await, ["sign_in_succeeded"]);
        app.stop().await;
    }

    async fn wrong_password_unknown_and_malformed_nip_get_the_same_answer(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let wrong = sign_in(&app, NIP, "Not-The-Password-1", "", None).await;
        let unknown = sign_in(&app, "199001012015052002", PASSWORD, "", None).await;
        let malformed = sign_in(&app, "12345", PASSWORD, "", None).await;
        for a in [&wrong, &unknown, &malformed] {
            assert_eq!(a.status, 302);
            assert!(a.token.is_none());
            assert!(a.location.contains("__err="), "{}", a.location);
        }
        assert_eq!(wrong.location, unknown.location);
        assert_eq!(unknown.location, malformed.location);
        // The form shows the error, in the reader's language.
        let page = app.get(&wrong.location.replace(&app.address, "")).await.text().await.unwrap();
        assert!(page.contains("NIP atau kata sandi salah"), "{page}");
        let english = app.client.get(&wrong.location).header("cookie", "asn_lang=en").send().await.unwrap().text().await.unwrap();
        assert!(english.contains("The NIP or password is wrong"));
        assert_eq!(
            audit_reasons(&app).await,
            ["sign_in_failed:wrong_password", "sign_in_failed:unknown_nip", "sign_in_failed:malformed_nip"]
        );
        app.stop().await;
    }

    // What the database is asked tells nothing either: a wrong password for
    // a known NIP and any password for an unknown one run the same
    // statements, in the same order (read from sqlx's statement log).
    async fn an_unknown_nip_costs_the_same_statements_as_a_known_one(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        // The first sign-in of a rate-limit window also sweeps old windows.
        sign_in(&app, "199202022016032003", "Not-The-Password-1", "", None).await;
        let log = crate::sql_log::capture("sign_in");
        sign_in(&app, NIP, "Not-The-Password-1", "", None).await;
        let known = crate::sql_log::take(&log);
        sign_in(&app, "199001012015052002", "Not-The-Password-1", "", None).await;
        let unknown = crate::sql_log::take(&log);
        assert!(known.len() >= 5, "the log saw the sign-in: {known:#?}");
        assert_eq!(known, unknown);
        app.stop().await;
    }

    // After three wrong answers for a NIP within the hour, its form asks
    // for a captcha too, known NIP or not; each captcha is answered once.
    async fn sign_in_captcha_after_repeated_wrong_passwords_for_a_nip(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_SIGN_IN_CAPTCHA_AFTER", "3")]).await;
        account_holder(&app).await;
        const UNKNOWN: &str = "199001012015052002";
        for nip in [NIP, UNKNOWN] {
            for _ in 0..3 {
                let refused = sign_in(&app, nip, "Not-The-Password-1", "", None).await;
                assert_eq!(page_error(&app, &refused.location).await.1, None, "no captcha yet for {nip}");
            }
        }
        // Now even the right password needs the captcha, and the answer for
        // a known NIP is the unknown one's.
        let known = captcha_step(&app, NIP, PASSWORD, None).await;
        let unknown = captcha_step(&app, UNKNOWN, PASSWORD, None).await;
        assert!(known.token.is_none() && unknown.token.is_none());
        assert_eq!(known.location, unknown.location);
        let (html, challenge) = page_error(&app, &known.location).await;
        assert!(html.contains("Untuk melanjutkan, jawab juga verifikasi"), "{html}");
        let (token, question) = challenge.expect("the page shows a captcha");
        // A wrong answer spends it: the right answer to the same picture fails too.
        let wrong = captcha_step(&app, NIP, PASSWORD, Some((&token, "99"))).await;
        assert!(wrong.token.is_none());
        let again = captcha_step(&app, NIP, PASSWORD, Some((&token, &sum_in_words(&question)))).await;
        assert!(again.token.is_none(), "a captcha is answered once");
        let (html, fresh) = page_error(&app, &again.location).await;
        assert!(html.contains("Jawaban verifikasi salah"), "{html}");
        let (token, question) = fresh.expect("a new captcha");
        let done = captcha_step(&app, NIP, PASSWORD, Some((&token, &sum_in_words(&question)))).await;
        assert!(done.token.is_some() && done.location.starts_with("/sign-in/otp"), "{}", done.location);
        // A wrong password with a solved captcha is still a wrong password.
        let (_, fresh) = page_error(&app, &captcha_step(&app, NIP, "Not-The-Password-1", None).await.location).await;
        let (token, question) = fresh.unwrap();
        let refused = captcha_step(&app, NIP, "Not-The-Password-1", Some((&token, &sum_in_words(&question)))).await;
        assert!(page_error(&app, &refused.location).await.0.contains("NIP atau kata sandi salah"));
        // The next hour starts afresh.
        app.clock.advance(3600);
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some());
        app.stop().await;
    }

    async fn repeated_failures_lock_the_account_until_the_lock_expires(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        for _ in 0..5 {
            assert!(sign_in(&app, NIP, "Not-The-Password-1", "", None).await.token.is_none());
        }
        let refused = sign_in(&app, NIP, PASSWORD, "", None).await;
        assert!(refused.token.is_none(), "the right password is refused while locked");
        let wrong = sign_in(&app, NIP, "Not-The-Password-1", "", None).await;
        assert_eq!(refused.location, wrong.location, "the lock is not an oracle");
        app.clock.advance(5 * 60 + 1);
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some(), "the lock expired");
        let reasons = audit_reasons(&app).await;
        assert!(reasons.contains(&"locked_out".to_string()) && reasons.contains(&"sign_in_failed:locked".to_string()), "{reasons:?}");
        app.stop().await;
    }

    // Someone who knows only a NIP can slow an account down, never shut it:
    // however many wrong passwords, the lock lasts at most 15 minutes.
    async fn wrong_passwords_alone_never_lock_an_account_for_good(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[
            ("ASN_LOCKOUT_THRESHOLD", "2"), ("ASN_LOCKOUT_PERMANENT_AFTER", "4"), ("ASN_SIGN_IN_CAPTCHA_AFTER", "1000"),
        ]).await;
        let id = account_holder(&app).await;
        for _ in 0..12 {
            for _ in 0..2 {
                sign_in(&app, NIP, "Not-The-Password-1", "", None).await;
            }
            app.clock.advance(15 * 60 + 1);
        }
        assert_eq!(scalar_i64(&app, "SELECT locked_permanently FROM credentials WHERE employee_id = $1", id).await, 0);
        let (until,): (Option<i64>,) = sqlx::query_as("SELECT locked_until FROM credentials WHERE employee_id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert!(until.is_some_and(|t| t - app.clock.now() <= 15 * 60), "capped at 15 minutes: {until:?}");
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some(), "the right password works after the lock");
        app.stop().await;
    }

    // Wrong codes come from someone who has the password: at the limit the
    // account locks until an admin unlocks it.
    async fn wrong_codes_after_the_right_password_lock_until_an_admin_unlocks(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_LOCKOUT_THRESHOLD", "2"), ("ASN_LOCKOUT_PERMANENT_AFTER", "4")]).await;
        let id = account_holder(&app).await;
        for round in 0..2 {
            for _ in 0..2 {
                let half = password_step(&app, NIP, PASSWORD, "", None).await.token.expect("at the code step");
                post_with_session(&app, "verify_code", &half, &[("code", &wrong_code(&app))]).await;
            }
            if round == 0 {
                app.clock.advance(301);
            }
        }
        app.clock.advance(30 * 24 * 3600);
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_none(), "still locked a month later");
        account::unlock(&app.db, Subject { employee_id: id, nip: NIP }, Actor::Cli, &RequestInfo::default()).await.unwrap();
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some());
        app.stop().await;
    }

    async fn signing_in_rotates_the_session_and_signing_out_ends_it(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let first = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let second = sign_in(&app, NIP, PASSWORD, "", Some(&first)).await.token.unwrap();
        assert_ne!(first, second);
        assert!(dashboard(&app, &first).await.is_none(), "the earlier id is dead");
        assert!(dashboard(&app, &second).await.is_some());
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let out = client
            .post(app.url("/api/sign_out"))
            .header("origin", &app.address)
            .header("referer", app.url("/dashboard"))
            .header("accept", "text/html")
            .header("cookie", format!("asn_session={second}"))
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 302);
        assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
        assert!(dashboard(&app, &second).await.is_none(), "ended on the server, not just in the browser");
        app.stop().await;
    }

    async fn sessions_end_when_idle_and_at_their_absolute_limit(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_SESSION_IDLE_MINUTES", "30"), ("ASN_SESSION_ABSOLUTE_HOURS", "1")]).await;
        account_holder(&app).await;
        let idle = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        app.clock.advance(31 * 60);
        assert!(dashboard(&app, &idle).await.is_none(), "idle for 31 minutes");

        let busy = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        for _ in 0..2 {
            app.clock.advance(25 * 60);
            assert!(dashboard(&app, &busy).await.is_some(), "use keeps it alive");
        }
        app.clock.advance(11 * 60);
        assert!(dashboard(&app, &busy).await.is_none(), "past the absolute hour even though in use");
        app.stop().await;
    }

    async fn next_is_followed_only_to_same_origin_paths(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let here = sign_in(&app, NIP, PASSWORD, "/cuti?tab=1", None).await;
        assert!(here.location.ends_with("/cuti?tab=1"), "{}", here.location);
        for evil in ["//evil.example", "https:evil", "https://evil.example/x"] {
            let a = sign_in(&app, NIP, PASSWORD, evil, None).await;
            assert_eq!(a.location, "/dashboard", "{evil}");
        }
        app.stop().await;
    }

    async fn a_huge_password_is_refused_before_any_work(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let huge = "x".repeat(10 * 1024 * 1024);
        let client = reqwest::Client::new();
        let result = client
            .post(app.url("/api/sign_in"))
            .header("origin", &app.address)
            .form(&[("nip", NIP), ("password", huge.as_str())])
            .send()
            .await;
        // The server answers 413 from Content-Length alone and may close the
        // connection before the client has written the body: both are refusals.
        match result {
            Ok(response) => assert_eq!(response.status(), 413),
            Err(e) => assert!(e.is_request(), "{e}"),
        }
        assert!(audit_reasons(&app).await.is_empty(), "never reached the sign-in logic");
        app.stop().await;
    }

    async fn sign_in_attempts_from_one_address_are_limited_per_minute(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_SIGN_IN_IP_LIMIT_PER_MINUTE", "3")]).await;
        account_holder(&app).await;
        for _ in 0..3 {
            sign_in(&app, "199001012015052002", PASSWORD, "", None).await;
        }
        let limited = sign_in(&app, NIP, PASSWORD, "", None).await;
        assert!(limited.token.is_none(), "even the right password waits out the limit");
        let wrong = sign_in(&app, "199001012015052002", PASSWORD, "", None).await;
        assert!(limited.location.contains("__err="), "answered with the form and an error");
        let page = app.client.get(&limited.location).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Terlalu banyak percobaan"), "{page}");
        assert!(wrong.token.is_none());
        app.clock.advance(60);
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some(), "a new minute, a new allowance");
        app.stop().await;
    }

    async fn audit_events_carry_the_request_id_and_address(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        sign_in(&app, NIP, PASSWORD, "", None).await;
        let (ip, request_id): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT ip, request_id FROM audit_events WHERE event = 'sign_in_succeeded'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(request_id.map(|r| r.len()), Some(36), "the generated id reaches the audit trail");
        app.stop().await;
    }

    async fn metrics_count_sign_ins_by_outcome(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_SIGN_IN_IP_LIMIT_PER_MINUTE", "2")]).await;
        account_holder(&app).await;
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_some());
        assert!(sign_in(&app, NIP, "Salah-Sekali#99", "", None).await.token.is_none());
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_none(), "over the per-IP limit");
        let metrics = app.get("/metrics").await.text().await.unwrap();
        for line in [
            r#"asn_sign_ins_total{outcome="succeeded"} 1"#,
            r#"asn_sign_ins_total{outcome="refused"} 1"#,
            r#"asn_sign_ins_total{outcome="limited"} 1"#,
        ] {
            assert!(metrics.contains(line), "{line} missing from:\n{metrics}");
        }
        app.stop().await;
    }

    async fn concurrent_sign_ins_of_one_account_all_succeed(engine: Engine) {
        // SQLite cannot upgrade a transaction's read lock to a write lock
        // while other writers queue: every sign-in write must come first.
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let attempts = (0..8).map(|_| password_step(&app, NIP, PASSWORD, "", None));
        let answers = futures_util::future::join_all(attempts).await;
        for a in &answers {
            assert!(a.location.starts_with("/sign-in/otp"), "status {} location {}", a.status, a.location);
        }
        app.stop().await;
    }

    async fn disabling_an_account_ends_its_sessions(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        let id = account_holder(&app).await;
        let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        account::set_disabled(&app.db, Subject { employee_id: id, nip: NIP }, true, Actor::Cli, &RequestInfo::default()).await.unwrap();
        assert!(dashboard(&app, &token).await.is_none());
        assert!(sign_in(&app, NIP, PASSWORD, "", None).await.token.is_none());
        app.stop().await;
    }
}
