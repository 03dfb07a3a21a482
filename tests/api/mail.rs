//! The mail outbox and its worker against a real SMTP server: delivery,
//! survival of an SMTP outage, and one delivery per message when two app
//! instances share the database.

use app::domain::Email;
use app::mail::outbox::{self, Mail};
use app::server::time::Clock;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::smtp_sink::SmtpSink;

fn mail(n: usize) -> Mail {
    Mail::new(
        Email::parse(&format!("pegawai{n}@uji.example")).unwrap(),
        &format!("Kode verifikasi {n}"),
        format!("Kode Anda: {n:06}\nBerlaku 10 menit."),
        None,
    )
}

fn smtp_env(port: u16) -> [(&'static str, String); 2] {
    [("ASN_SMTP_URL", format!("smtp://127.0.0.1:{port}")), ("ASN_MAIL_FROM", "Portal ASN <noreply@uji.example>".into())]
}

async fn enqueue(app: &TestApp, n: usize) {
    enqueue_mail(app, &mail(n)).await;
}

async fn enqueue_mail(app: &TestApp, mail: &Mail) {
    let mut tx = app.db.pool().begin().await.unwrap();
    outbox::enqueue(&mut tx, mail, app.clock.now()).await.unwrap();
    tx.commit().await.unwrap();
}

async fn wait_until(mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn outbox_rows(app: &TestApp) -> Vec<(i64, Option<i64>, Option<String>)> {
    sqlx::query_as("SELECT attempts, sent_at, last_error FROM mail_outbox ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

on_both_engines! {
    async fn queued_mail_reaches_the_smtp_server(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let env = smtp_env(sink.port);
        let app = TestApp::spawn_with(engine, &[(env[0].0, &env[0].1), (env[1].0, &env[1].1)]).await;
        enqueue(&app, 1).await;
        let got = sink.wait_for(1).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, ["<pegawai1@uji.example>"]);
        assert!(got[0].data.contains("Subject: Kode verifikasi 1"), "{}", got[0].data);
        assert!(got[0].data.contains("Kode Anda: 000001"), "{}", got[0].data);
        assert!(got[0].data.contains(r#"From: "Portal ASN" <noreply@uji.example>"#), "{}", got[0].data);
        assert_eq!(got[0].from, "<noreply@uji.example>");
        for _ in 0..50 {
            if outbox_rows(&app).await[0].1.is_some() { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(outbox_rows(&app).await[0].1.is_some(), "marked sent");
        assert_eq!(outbox::depth(&app.db).await.unwrap(), 0);
        app.stop().await;
        sink.stop();
    }

    async fn mail_waits_out_an_smtp_outage_and_is_sent_once(engine: Engine) {
        // The SMTP server is down: every connection closes at once.
        let sink = SmtpSink::start_down().await;
        let env = smtp_env(sink.port);
        let app = TestApp::spawn_with(engine, &[(env[0].0, &env[0].1), (env[1].0, &env[1].1)]).await;
        enqueue(&app, 2).await;
        let metrics = app.get("/metrics").await.text().await.unwrap();
        assert!(metrics.contains("asn_mail_outbox_depth 1"), "{metrics}");
        let mut rows = outbox_rows(&app).await;
        for _ in 0..100 {
            if rows[0].0 >= 1 && rows[0].2.is_some() { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            rows = outbox_rows(&app).await;
        }
        assert_eq!(rows[0].0, 1, "one attempt, then it waits: {rows:?}");
        assert!(rows[0].1.is_none() && rows[0].2.is_some(), "{rows:?}");
        // The server comes back; nothing is retried before the back-off ends.
        sink.come_up();
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        assert!(sink.received().is_empty(), "retried before its back-off");
        app.clock.advance(outbox::backoff(1));
        assert_eq!(sink.wait_for(1).await.len(), 1);
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(sink.received().len(), 1, "delivered once");
        assert_eq!(outbox_rows(&app).await[0].0, 2);
        app.stop().await;
        sink.stop();
    }

    async fn html_goes_as_an_alternative_and_no_line_break_reaches_a_header(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let env = smtp_env(sink.port);
        let app = TestApp::spawn_with(engine, &[(env[0].0, &env[0].1), (env[1].0, &env[1].1)]).await;
        let crafted = Mail::new(
            Email::parse("pegawai@uji.example").unwrap(),
            "Halo Budi\r\nBcc: mallory@evil.example",
            "Teks biasa",
            Some("<p>Teks <b>HTML</b></p>".into()),
        );
        enqueue_mail(&app, &crafted).await;
        let got = sink.wait_for(1).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, ["<pegawai@uji.example>"], "no extra recipient");
        let data = &got[0].data;
        assert!(!data.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{data}");
        assert!(data.contains("Subject: Halo Budi Bcc: mallory@evil.example"), "{data}");
        assert!(data.contains("multipart/alternative") && data.contains("text/html"), "{data}");
        app.stop().await;
        sink.stop();
    }

    async fn a_permanent_refusal_gives_the_message_up_and_others_still_go(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let env = smtp_env(sink.port);
        let app = TestApp::spawn_with(engine, &[(env[0].0, &env[0].1), (env[1].0, &env[1].1)]).await;
        let refused = Mail::new(Email::parse("tolak@uji.example").unwrap(), "Kode", "x", None);
        enqueue_mail(&app, &refused).await;
        enqueue(&app, 7).await;
        assert_eq!(sink.wait_for(1).await.len(), 1, "the next message is not held up");
        wait_until(async || outbox::failed(&app.db).await.unwrap() == 1).await;
        let (attempts, failed_at, error): (i64, Option<i64>, Option<String>) =
            sqlx::query_as("SELECT attempts, failed_at, last_error FROM mail_outbox WHERE to_address = 'tolak@uji.example'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(attempts, 1, "a permanent refusal is not retried");
        assert!(failed_at.is_some());
        assert!(error.unwrap().contains("no such user"));
        let metrics = app.get("/metrics").await.text().await.unwrap();
        assert!(metrics.contains("asn_mail_failed 1"), "{metrics}");
        app.stop().await;
        sink.stop();
    }

    async fn without_smtp_in_development_mail_becomes_eml_files(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        enqueue(&app, 3).await;
        let folder = app.data_dir().join("outbox");
        let mut files = Vec::new();
        for _ in 0..100 {
            files = std::fs::read_dir(&folder).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
            if !files.is_empty() { break; }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
        let eml = std::fs::read_to_string(&files[0]).unwrap();
        assert!(eml.contains("Subject: Kode verifikasi 3") && eml.contains("Kode Anda: 000003"), "{eml}");
        app.stop().await;
    }

    async fn two_instances_deliver_each_message_once(engine: Engine) {
        let sink = SmtpSink::start(0).await;
        let env = smtp_env(sink.port);
        let first = TestApp::spawn_with(engine, &[(env[0].0, &env[0].1), (env[1].0, &env[1].1)]).await;
        let second = first.another_instance(&[(env[0].0, &env[0].1), (env[1].0, &env[1].1)]).await;
        for n in 0..20 {
            enqueue(&first, n).await;
        }
        let got = sink.wait_for(20).await;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let got_after = sink.received();
        assert_eq!(got.len(), 20);
        assert_eq!(got_after.len(), 20, "no message twice");
        let mut subjects: Vec<String> = got_after
            .iter()
            .map(|m| m.data.lines().find(|l| l.starts_with("Subject:")).unwrap().to_string())
            .collect();
        subjects.sort();
        subjects.dedup();
        assert_eq!(subjects.len(), 20);
        second.stop().await;
        first.stop().await;
        sink.stop();
    }
}
