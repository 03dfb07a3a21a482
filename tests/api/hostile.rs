//! Hostile input against every form and server function of sign-in, the
//! second factor, account pages and the reset wizard: each case must get a
//! clean refusal (never a 5xx, never success) and change nothing that
//! matters. Failure counters, rate-limit buckets and audit events may move:
//! recording an attack is the point of them.

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, password_step, sign_in};

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).cookie_store(true).build().unwrap()
}

/// Everything an attack must not change.
async fn fingerprint(app: &TestApp) -> String {
    let q = |sql: &'static str| {
        let pool = app.db.pool().clone();
        async move {
            let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("|")
        }
    };
    [
        q("SELECT COALESCE(password_hash, '') || ':' || CAST(must_change AS TEXT) FROM credentials ORDER BY employee_id").await,
        q("SELECT nip || ':' || email || ':' || full_name FROM employees ORDER BY id").await,
        q("SELECT CAST(employee_id AS TEXT) || ':' || device_name || ':' || secret_sealed FROM authenticators ORDER BY id").await,
        q("SELECT CAST(COUNT(*) AS TEXT) FROM recovery_codes WHERE used_at IS NULL").await,
        q("SELECT CAST(COUNT(*) AS TEXT) FROM sessions WHERE stage = 'signed_in'").await,
        q("SELECT CAST(COUNT(*) AS TEXT) FROM mail_outbox").await,
    ]
    .join("\n")
}

/// Posts a form as the hydrated app does; returns the status.
async fn post(app: &TestApp, c: &reqwest::Client, endpoint: &str, token: Option<&str>, form: &[(&str, &str)]) -> u16 {
    let mut r = c.post(app.url(&format!("/api/{endpoint}"))).header("origin", &app.address).form(form);
    if let Some(t) = token {
        r = r.header("cookie", format!("asn_session={t}"));
    }
    r.send().await.unwrap().status().as_u16()
}

const SQL: &str = "' OR '1'='1'; DROP TABLE credentials; --";
const ARABIC_INDIC_NIP: &str = "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١";
const FULLWIDTH_NIP: &str = "１９８００１０１２００５０１１００１";

on_both_engines! {
    async fn hostile_sign_in_input_is_refused_cleanly_and_changes_nothing(engine: Engine) {
        // Lockouts are tested elsewhere; here the real sign-ins after the
        // hostile ones must still get through.
        let app = TestApp::spawn_with(engine, &[
            ("ASN_SIGN_IN_IP_LIMIT_PER_MINUTE", "1000"), ("ASN_LOCKOUT_THRESHOLD", "1000"), ("ASN_LOCKOUT_PERMANENT_AFTER", "2000"),
        ]).await;
        account_holder(&app).await;
        let before = fingerprint(&app).await;
        let long = "9".repeat(10_000);
        let nul = format!("{NIP}\0");
        let crlf = format!("{NIP}\r\nSet-Cookie: x=1");
        let cases: Vec<(&str, String, String)> = vec![
            ("arabic-indic digits", ARABIC_INDIC_NIP.into(), PASSWORD.into()),
            ("fullwidth digits", FULLWIDTH_NIP.into(), PASSWORD.into()),
            ("sql in nip", SQL.into(), PASSWORD.into()),
            ("sql in password", NIP.into(), SQL.into()),
            ("10k-digit nip", long.clone(), PASSWORD.into()),
            ("nul in nip", nul.clone(), PASSWORD.into()),
            ("crlf in nip", crlf.clone(), PASSWORD.into()),
            ("nul in password", NIP.into(), format!("{PASSWORD}\0")),
            ("bidi override password", NIP.into(), format!("\u{202e}{PASSWORD}")),
            ("emoji password", NIP.into(), "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑".into()),
            ("empty", String::new(), String::new()),
            ("4 KB password", NIP.into(), "A".repeat(4096)),
        ];
        for (name, nip, password) in &cases {
            let status = post(&app, &client(), "sign_in", None, &[("nip", nip), ("password", password), ("next", "")]).await;
            assert!(matches!(status, 400 | 401 | 413 | 429), "{name}: {status}");
        }
        // Open redirects: after a real sign-in, `next` never leaves the site.
        for next in ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/x\r\nLocation: //evil"] {
            let answer = sign_in(&app, NIP, PASSWORD, next, None).await;
            assert!(answer.location.ends_with("/dashboard"), "{next:?} led to {}", answer.location);
        }
        let after = fingerprint(&app).await;
        // Five real sign-ins added five sessions; nothing else moved.
        let strip = |s: &str| s.lines().filter(|l| !l.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>().join("\n");
        assert_eq!(strip(&before), strip(&after));
        app.stop().await;
    }

    async fn hostile_code_and_account_input_is_refused_cleanly_and_changes_nothing(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_LOCKOUT_THRESHOLD", "1000"), ("ASN_LOCKOUT_PERMANENT_AFTER", "2000")]).await;
        account_holder(&app).await;
        let half = password_step(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let signed_in = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let before = fingerprint(&app).await;
        let c = client();
        let huge = "1".repeat(100_000);
        // The code step.
        for code in [SQL, "١٢٣٤٥٦", "１２３４５６", "12345\u{0}6", huge.as_str(), "", "-1", "999999999999999999999"] {
            let status = post(&app, &c, "verify_code", Some(&half), &[("code", code), ("next", "//evil.example")]).await;
            assert!(matches!(status, 400 | 413), "code {:?}: {status}", &code[..code.len().min(20)]);
        }
        // Object ids and handles that are not the caller's, or not ids at all.
        for id in [SQL, "1 OR 1=1", "-1", "0", "99999999999999999999", "1e3", "", "١"] {
            let status = post(&app, &c, "remove_authenticator", Some(&signed_in), &[("id", id)]).await;
            assert!(matches!(status, 404 | 409), "id {id:?}: {status}");
        }
        for handle in [SQL, "../../etc/passwd", "", &"f".repeat(32), &"a".repeat(10_000)] {
            let status = post(&app, &c, "end_session", Some(&signed_in), &[("handle", handle)]).await;
            assert!(matches!(status, 404 | 413), "handle {:?}: {status}", &handle[..handle.len().min(20)]);
        }
        // Mass assignment: fields a form does not have are ignored, not applied.
        let status = post(&app, &c, "change_password", Some(&signed_in), &[
            ("current_password", "Salah-Sandi#1"), ("new_password", "Soto-Betawi#2025"), ("confirm_password", "Soto-Betawi#2025"),
            ("employee_id", "2"), ("stage", "signed_in"), ("must_change", "0"),
        ]).await;
        assert_eq!(status, 400, "the wrong current password is what counts");
        // Device names that try to break out of the page or the mail.
        let opened = post(&app, &c, "add_authenticator", Some(&signed_in), &[("password", PASSWORD), ("code", SQL)]).await;
        assert_eq!(opened, 400, "a malformed code never opens an enrolment");
        // Sessions: a made-up cookie value is no session.
        let forged = "a".repeat(64);
        assert_eq!(post(&app, &c, "my_sessions", Some(&forged), &[]).await, 401);
        assert_eq!(post(&app, &c, "security_overview", Some("../../etc"), &[]).await, 401);
        assert_eq!(fingerprint(&app).await, before);
        app.stop().await;
    }

    async fn malformed_bodies_and_paths_are_refused_cleanly(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let before = fingerprint(&app).await;
        let c = client();
        let raw = |ct: &'static str, body: Vec<u8>| {
            c.post(app.url("/api/sign_in")).header("origin", &app.address).header("content-type", ct).body(body).send()
        };
        for (name, ct, body) in [
            ("invalid utf-8", "application/x-www-form-urlencoded", b"nip=\xff\xfe&password=\xc3\x28".to_vec()),
            ("json to a form endpoint", "application/json", br#"{"nip":"198001012005011001","password":"x"}"#.to_vec()),
            ("broken percent-encoding", "application/x-www-form-urlencoded", b"nip=%zz&password=%".to_vec()),
            ("duplicate fields", "application/x-www-form-urlencoded", b"nip=1&nip=2&password=a&password=b".to_vec()),
            ("multipart garbage", "multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"nip\"\r\n\r\n".to_vec()),
            ("2 MB body", "application/x-www-form-urlencoded", format!("nip=1&password={}", "a".repeat(2 << 20)).into_bytes()),
        ] {
            match raw(ct, body).await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    assert!((400..500).contains(&status), "{name}: {status}");
                }
                // The server may answer 413 and close before the client has
                // sent the whole body; the client then sees the reset.
                Err(e) if name == "2 MB body" => assert!(e.is_request() || e.is_body(), "{name}: {e}"),
                Err(e) => panic!("{name}: {e}"),
            }
        }
        for path in ["/pkg/../../etc/passwd", "/pkg/%2e%2e/%2e%2e/etc/passwd", "/icons/..%2f..%2fCargo.toml", "/api/../../etc/passwd"] {
            // A fresh client: the 2 MB body may have left a pooled
            // connection that the server already closed.
            let response = client().get(app.url(path)).send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap();
            assert!((400..500).contains(&status), "{path}: {status}");
            assert!(!body.contains("root:") && !body.contains("[workspace]"), "{path} leaked a file");
        }
        assert_eq!(fingerprint(&app).await, before);
        app.stop().await;
    }

    async fn hostile_content_is_shown_inert_and_cross_site_calls_change_nothing(engine: Engine) {
        use crate::documents::{OWNER, multipart, pdf, session, upload, world};
        let app = world(engine, &[]).await;
        let owner = session(&app, OWNER).await;
        let owner_id = crate::sign_in::employee_id(&app, OWNER).await;
        let xss = "</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><script>alert(1)</script>\"><img src=x onerror=alert(2)>";

        // A document title and a file name that try to become markup, a
        // header, or a path.
        let mut ids = Vec::new();
        for name in ["../../../etc/passwd%00.pdf", "..\\..\\boot.ini\".pdf", "x.pdf\r\nContent-Type: text/html"] {
            let file = pdf(2048);
            let (status, body) = upload(&app, &owner, &[("type", "IJAZAH"), ("title", xss)], Some((name, "application/pdf", &file))).await;
            assert_eq!(status, 200, "{name}: {body}");
            ids.push(body["id"].as_i64().unwrap());
        }
        for id in &ids {
            let response = crate::documents::fetch(&app, &owner, &format!("/documents/{id}/file?download=1")).await;
            let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
            let name = disposition.split("filename=\"").nth(1).unwrap().trim_end_matches('"');
            assert!(!name.contains(['/', '\\', '"', '\r', '\n']) && name.ends_with(".pdf"), "{disposition}");
        }
        // An authenticator named like markup.
        crate::sign_in::give_authenticator(&app, owner_id, "<img src=y onerror=alert(3)>").await;
        for path in ["/documents".to_string(), format!("/documents/{}", ids[0]), "/account/security".to_string()] {
            let html = crate::documents::fetch(&app, &owner, &path).await.text().await.unwrap();
            for live in ["<script>alert(1)", "<img src=x", "<img src=y", "<meta http-equiv"] {
                let at = html.find(live);
                assert!(at.is_none(), "{path}: live markup: {}", &html[at.unwrap_or(0).saturating_sub(60)..(at.unwrap_or(0) + 300).min(html.len())]);
            }
            assert!(html.contains("&lt;script&gt;alert(1)") || html.contains("&lt;img src=y"), "{path}: shown as text");
        }

        // Cross-site: every server function, called with the owner's
        // cookie from another origin (or flagged cross-site by the browser),
        // is refused before it runs; so is the upload.
        let before = (fingerprint(&app).await, documents_count(&app).await);
        let mut endpoints: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).collect();
        endpoints.push("/documents/upload");
        let c = client();
        for endpoint in &endpoints {
            for (header, value) in [("origin", "https://evil.example"), ("origin", "null"), ("sec-fetch-site", "cross-site"), ("referer", "https://evil.example/page")] {
                let status = c.post(app.url(endpoint))
                    .header(header, value)
                    .header("cookie", format!("asn_session={owner}"))
                    .form(&[("id", "1"), ("title", "x"), ("outcome", "approved")])
                    .send().await.unwrap().status().as_u16();
                assert_eq!(status, 403, "{endpoint} with {header}: {value}");
            }
        }
        let (content_type, body) = multipart(&[("type", "IJAZAH"), ("title", "Ijazah")], Some(("a.pdf", "application/pdf", &pdf(100))));
        let status = c.post(app.url("/documents/upload")).header("origin", "https://evil.example")
            .header("cookie", format!("asn_session={owner}")).header("content-type", content_type).body(body)
            .send().await.unwrap().status().as_u16();
        assert_eq!(status, 403);
        assert_eq!((fingerprint(&app).await, documents_count(&app).await), before, "nothing changed");

        // Session fixation: a session id planted before sign-in is never
        // adopted; the sign-in hands out its own, and the planted one opens nothing.
        let planted = "f".repeat(64);
        let answer = crate::sign_in::sign_in(&app, OWNER, crate::documents::PASSWORD_FOR_TESTS, "", Some(&planted)).await;
        let token = answer.token.expect("signed in");
        assert_ne!(token, planted);
        assert!(crate::sign_in::dashboard(&app, &planted).await.is_none());
        assert!(crate::sign_in::dashboard(&app, &token).await.is_some());
        app.stop().await;
    }
}

async fn documents_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM documents").fetch_one(app.db.pool()).await.unwrap()
}
