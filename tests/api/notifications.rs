//! The notification centre and `/events`: an event recorded on one app
//! instance reaches a page open on another; ids are scoped to their owner.

use std::time::Duration;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{NIP, PASSWORD, account_holder, employee_with_password, password_step, sign_in};

const OTHER_NIP: &str = "199002022015022002";

/// An open `/events` stream, read message by message.
struct Events {
    response: reqwest::Response,
    buffer: String,
}

impl Events {
    async fn open(app: &TestApp, token: &str) -> Result<Events, u16> {
        let response = reqwest::Client::new()
            .get(app.url("/events"))
            .header("cookie", format!("asn_session={token}"))
            .send()
            .await
            .unwrap();
        if response.status() != 200 {
            return Err(response.status().as_u16());
        }
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Ok(Events { response, buffer: String::new() })
    }

    /// The next message's `(id, data)`, skipping keep-alive comments.
    async fn next(&mut self) -> (String, String) {
        let read = async {
            loop {
                if let Some(end) = self.buffer.find("\n\n") {
                    let message: String = self.buffer.drain(..end + 2).collect();
                    let field = |name: &str| {
                        message
                            .lines()
                            .find_map(|l| l.strip_prefix(name))
                            .map(|v| v.trim().to_string())
                            .unwrap_or_default()
                    };
                    let data = field("data:");
                    if !data.is_empty() {
                        return (field("id:"), data);
                    }
                    continue;
                }
                let chunk = self.response.chunk().await.unwrap().expect("the stream stays open");
                self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
            }
        };
        tokio::time::timeout(Duration::from_secs(15), read).await.expect("a message within 15 s")
    }
}

async fn call(app: &TestApp, token: &str, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = app.call(endpoint, token, form).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

async fn unread_ids(app: &TestApp, token: &str) -> Vec<i64> {
    let (status, centre) = call(app, token, "my_notifications", &[]).await;
    assert_eq!(status, 200, "{centre}");
    centre["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["unread"] == true)
        .map(|n| n["id"].as_i64().unwrap())
        .collect()
}

on_both_engines! {
    // Each open stream holds a connection and polls the database: a session
    // may hold only so many, the instance only so many in all, and a closed
    // stream gives its place back.
    async fn open_event_streams_are_capped_per_session_and_in_total(engine: Engine) {
        let app = TestApp::spawn_with(engine, &[("ASN_EVENT_STREAMS_PER_SESSION", "2"), ("ASN_EVENT_STREAMS_MAX", "3")]).await;
        account_holder(&app).await;
        employee_with_password(&app, OTHER_NIP, "Dewi Lestari", PASSWORD, false).await;
        let mine = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let mine_again = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        let first = Events::open(&app, &mine).await.unwrap();
        let _second = Events::open(&app, &mine).await.unwrap();
        assert_eq!(Events::open(&app, &mine).await.err(), Some(429), "two per session");
        let _other_session = Events::open(&app, &mine_again).await.unwrap();
        let theirs = sign_in(&app, OTHER_NIP, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(Events::open(&app, &theirs).await.err(), Some(429), "three in all");
        drop(first);
        let reopened = async {
            loop {
                if let Ok(events) = Events::open(&app, &theirs).await {
                    return events;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(20), reopened).await.expect("a closed stream gives its place back");
        app.stop().await;
    }

    async fn a_sign_in_on_one_instance_reaches_a_page_open_on_another(engine: Engine) {
        let a = TestApp::spawn(engine).await;
        let b = a.another_instance(&[]).await;
        account_holder(&a).await;
        let on_b = sign_in(&b, NIP, PASSWORD, "", None).await.token.unwrap();
        let mut events = Events::open(&b, &on_b).await.unwrap();
        let (first_id, first) = events.next().await;
        assert_eq!(first, "1", "the stream opens with the count: B's own sign-in");

        // Someone signs in through instance A: B's open page hears of it.
        sign_in(&a, NIP, PASSWORD, "", None).await.token.unwrap();
        let (id, count) = events.next().await;
        assert_eq!(count, "2");
        assert!(id.parse::<i64>().unwrap() > first_id.parse::<i64>().unwrap());

        // Reading them all on A shows on B too.
        let on_a = sign_in(&a, NIP, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(events.next().await.1, "3");
        call(&a, &on_a, "mark_notification_read", &[]).await;
        assert_eq!(events.next().await.1, "0");
        b.stop().await;
        a.stop().await;
    }

    async fn notifications_are_the_owners_alone(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        employee_with_password(&app, OTHER_NIP, "Siti Rahmawati", PASSWORD, false).await;
        let mine = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        sign_in(&app, NIP, PASSWORD, "", None).await;
        let theirs = sign_in(&app, OTHER_NIP, PASSWORD, "", None).await.token.unwrap();

        let (_, centre) = call(&app, &mine, "my_notifications", &[]).await;
        let kinds: Vec<&str> = centre["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["SignIn", "SignIn"]);
        let ids = unread_ids(&app, &mine).await;
        assert_eq!(ids.len(), 2);

        // Another employee's id is not found, and stays unread.
        let (status, _) = call(&app, &theirs, "mark_notification_read", &[("id", &ids[0].to_string())]).await;
        assert_eq!(status, 404);
        assert_eq!(unread_ids(&app, &mine).await.len(), 2);
        let (status, _) = call(&app, &mine, "mark_notification_read", &[("id", &ids[0].to_string())]).await;
        assert!(status == 200 || status == 302, "{status}");
        assert_eq!(unread_ids(&app, &mine).await, [ids[1]]);
        let (_, count) = call(&app, &mine, "notification_count", &[]).await;
        assert_eq!(count, 1);
        assert_eq!(unread_ids(&app, &theirs).await.len(), 1, "their own sign-in only");

        // Without a session: no count (and no error), no stream.
        let (status, count) = call(&app, "", "notification_count", &[]).await;
        assert_eq!((status, count), (200, serde_json::Value::Null));
        assert_eq!(Events::open(&app, "").await.err(), Some(401));
        let half = password_step(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(Events::open(&app, &half).await.err(), Some(401), "a session at the code step gets no stream");
        app.stop().await;
    }

    async fn a_sign_in_is_mailed_only_to_those_who_asked(engine: Engine) {
        let app = TestApp::spawn(engine).await;
        account_holder(&app).await;
        let mails = || async {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE 'Masuk baru%'")
                .fetch_one(app.db.pool()).await.unwrap();
            n
        };
        let token = sign_in(&app, NIP, PASSWORD, "", None).await.token.unwrap();
        assert_eq!(mails().await, 0, "off by default");
        let (status, _) = call(&app, &token, "set_notification_prefs", &[("email_sign_in", "on")]).await;
        assert!(status == 200 || status == 302, "{status}");
        let (_, centre) = call(&app, &token, "my_notifications", &[]).await;
        assert_eq!(centre["email_sign_in"], true);
        let page = reqwest::Client::new()
            .get(app.url("/notifications?saved=1"))
            .header("cookie", format!("asn_session={token}"))
            .send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Pilihan email disimpan.") && page.contains("checked"), "the form says it saved");
        sign_in(&app, NIP, PASSWORD, "", None).await;
        assert_eq!(mails().await, 1);
        call(&app, &token, "set_notification_prefs", &[]).await;
        sign_in(&app, NIP, PASSWORD, "", None).await;
        assert_eq!(mails().await, 1, "switched off again");
        app.stop().await;
    }
}
