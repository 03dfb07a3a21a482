//! One simulated person at the portal: a cookie-less HTTP client that
//! carries its session cookie itself, posting the plain forms a browser
//! without JavaScript posts, and checking each answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use app::domain::Date;
use reqwest::header::{ACCEPT, COOKIE, LOCATION, ORIGIN, SET_COOKIE};

use crate::stats::Recorder;

pub const PASSWORD: &str = "Gudeg!Wijilan#77";
/// Every bench account's authenticator seed.
pub const SEED: &[u8; 20] = b"asn-portal-load-seed";
const PDF_BYTES: usize = 200 * 1024;
/// The redirect URI of the bench's single sign-on client (never visited).
pub const SSO_REDIRECT: &str = "https://layanan.example/callback";

/// A seeded employee. An account signs in at most once per 30-second step
/// (a code is accepted once), and never twice at the same time.
pub struct Account {
    pub id: i64,
    pub nip: String,
    busy: AtomicBool,
    last_step: AtomicI64,
    requests: AtomicU32,
}

impl Account {
    pub fn new(id: i64, nip: String) -> Self {
        Self { id, nip, busy: AtomicBool::new(false), last_step: AtomicI64::new(-1), requests: AtomicU32::new(0) }
    }

    /// The next weekday for this account's next leave request: each request
    /// of an account takes a different day, from tomorrow on.
    fn next_leave_day(&self) -> Date {
        let k = self.requests.fetch_add(1, Ordering::Relaxed) as i64;
        let mut day = unix_now().div_euclid(86_400) + 1;
        let mut left = k;
        loop {
            // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays.
            let weekday = (day + 4).rem_euclid(7);
            if (1..=5).contains(&weekday) {
                if left == 0 {
                    return Date::from_unix_days(day).expect("a date");
                }
                left -= 1;
            }
            day += 1;
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64
}

/// The accounts, handed out so that no code is used twice.
pub struct Pool {
    accounts: Vec<Arc<Account>>,
    next: AtomicUsize,
    waits: AtomicUsize,
}

impl Pool {
    pub fn new(accounts: Vec<Arc<Account>>) -> Self {
        Self { accounts, next: AtomicUsize::new(0), waits: AtomicUsize::new(0) }
    }

    /// How often a client found every account already signed in during the
    /// current code step and waited for the next (too few `--accounts`).
    pub fn waits(&self) -> usize {
        self.waits.load(Ordering::Relaxed)
    }

    /// An account free to sign in now, and the 30-second step it is held for.
    async fn take(&self) -> (Arc<Account>, i64) {
        loop {
            let step = unix_now().div_euclid(30);
            for _ in 0..self.accounts.len() {
                let account = &self.accounts[self.next.fetch_add(1, Ordering::Relaxed) % self.accounts.len()];
                if account.last_step.load(Ordering::Acquire) < step
                    && account.busy.compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed).is_ok()
                {
                    if account.last_step.load(Ordering::Acquire) < step {
                        return (account.clone(), step);
                    }
                    account.busy.store(false, Ordering::Release);
                }
            }
            // Every account signed in during this step: wait for the next.
            self.waits.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn give_back(account: &Account, used_step: Option<i64>) {
        if let Some(step) = used_step {
            account.last_step.fetch_max(step, Ordering::AcqRel);
        }
        account.busy.store(false, Ordering::Release);
    }
}

pub struct Visitor {
    base: String,
    client: reqwest::Client,
    token: Option<String>,
    account: Option<Arc<Account>>,
}

/// The session cookie a response sets, if any.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        let value = v.strip_prefix("asn_session=")?.split(';').next()?;
        (!value.is_empty()).then(|| value.to_string())
    })
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// Times `work` as step `name` of the recorder.
async fn timed<T>(
    recorder: &Recorder,
    name: &'static str,
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let started = Instant::now();
    let result = work.await;
    recorder.record_error(name, started.elapsed(), result.as_ref().err().map(|e| format!("{e:#}")));
    result
}

impl Visitor {
    pub fn new(base: &str) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("an HTTP client");
        Self { base: base.to_string(), client, token: None, account: None }
    }

    /// A form post as a browser without JavaScript sends it.
    async fn post_form(&self, path: &str, form: &[(&str, &str)], accept: &str) -> anyhow::Result<reqwest::Response> {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header(ORIGIN, &self.base)
            .header(ACCEPT, accept)
            .form(form);
        if let Some(token) = &self.token {
            request = request.header(COOKIE, format!("asn_session={token}"));
        }
        Ok(request.send().await?)
    }

    async fn get(&self, path: &str) -> anyhow::Result<reqwest::Response> {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.header(COOKIE, format!("asn_session={token}"));
        }
        Ok(request.send().await?)
    }

    /// Password, then the authenticator's code, with an account from the pool.
    pub async fn sign_in(&mut self, pool: &Pool, recorder: &Recorder) -> anyhow::Result<()> {
        let (account, step) = pool.take().await;
        let result = self.sign_in_as(&account, step, recorder).await;
        Pool::give_back(&account, Some(step));
        self.account = Some(account);
        result
    }

    async fn sign_in_as(&mut self, account: &Account, step: i64, recorder: &Recorder) -> anyhow::Result<()> {
        let started = Instant::now();
        let result = async {
            timed(recorder, "sign-in: password", async {
                let answer = self
                    .post_form(
                        "/api/sign_in",
                        &[("nip", &account.nip), ("password", PASSWORD), ("next", "/dashboard")],
                        "text/html",
                    )
                    .await?;
                let to = location(&answer);
                ensure!(to.contains("/sign-in/otp"), "password step: {} to {to:?}", answer.status());
                self.token = Some(session_cookie(&answer).context("password step: no session cookie")?);
                Ok(())
            })
            .await?;
            let code = app::mfa::totp::code_for(SEED, step * 30).context("a code")?;
            timed(recorder, "sign-in: code", async {
                let answer =
                    self.post_form("/api/verify_code", &[("code", &code), ("next", "/dashboard")], "text/html").await?;
                let to = location(&answer);
                ensure!(to == "/dashboard", "code step: {} to {to:?}", answer.status());
                if let Some(token) = session_cookie(&answer) {
                    self.token = Some(token);
                }
                Ok(())
            })
            .await
        }
        .await;
        recorder.record("sign-in (both steps)", started.elapsed(), result.is_ok());
        result
    }

    /// The official of the bench's agency, signed in (waiting for a fresh
    /// code step if the official signed in during this one).
    pub async fn signed_in_official(base: &str, official: &Arc<Account>) -> anyhow::Result<Self> {
        let pool = Pool::new(vec![official.clone()]);
        let mut visitor = Visitor::new(base);
        visitor.sign_in(&pool, &Recorder::new()).await?;
        Ok(visitor)
    }

    pub async fn dashboard(&self, recorder: &Recorder) -> anyhow::Result<()> {
        timed(recorder, "dashboard", async {
            let answer = self.get("/dashboard").await?;
            let (status, to) = (answer.status(), location(&answer));
            let page = answer.text().await?;
            ensure!(status == 200 && page.contains("data-testid=\"dashboard\""), "dashboard: {status} to {to:?}");
            Ok(())
        })
        .await
    }

    /// A service's sign-in through the portal, as a relying party does it
    /// for this signed-in employee: authorize (code + PKCE), the code for
    /// tokens, userinfo, then one refresh.
    pub async fn single_sign_on(
        &self,
        (client_id, secret): &(String, String),
        recorder: &Recorder,
    ) -> anyhow::Result<()> {
        use base64::Engine;
        use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
        use sha2::{Digest, Sha256};
        let verifier = hex::encode(rand::random::<[u8; 32]>());
        let challenge = B64.encode(Sha256::digest(verifier.as_bytes()));
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", SSO_REDIRECT)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid profile asn")
            .append_pair("state", "s")
            .append_pair("nonce", "n")
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256")
            .finish();
        let code = timed(recorder, "sso: authorize", async {
            let answer = self.get(&format!("/oauth/authorize?{query}")).await?;
            let to = location(&answer);
            ensure!(to.starts_with(SSO_REDIRECT), "authorize: {} to {to:?}", answer.status());
            let url = url::Url::parse(&to)?;
            let code = url.query_pairs().find(|(k, _)| k == "code").map(|(_, v)| v.into_owned());
            code.context("no code")
        })
        .await?;
        let token = |form: Vec<(&'static str, String)>| {
            self.client
                .post(format!("{}/oauth/token", self.base))
                .basic_auth(client_id, Some(secret))
                .form(&form)
                .send()
        };
        let tokens: serde_json::Value = timed(recorder, "sso: token (code)", async {
            let answer = token(vec![
                ("grant_type", "authorization_code".into()),
                ("code", code),
                ("redirect_uri", SSO_REDIRECT.into()),
                ("code_verifier", verifier),
            ])
            .await?;
            ensure!(answer.status() == 200, "token: {}", answer.status());
            Ok(answer.json().await?)
        })
        .await?;
        let access = tokens["access_token"].as_str().context("access_token")?.to_string();
        let refresh = tokens["refresh_token"].as_str().context("refresh_token")?.to_string();
        ensure!(tokens["id_token"].as_str().is_some_and(|t| t.split('.').count() == 3), "an ID token");
        timed(recorder, "sso: userinfo", async {
            let answer = self.client.get(format!("{}/oauth/userinfo", self.base)).bearer_auth(&access).send().await?;
            ensure!(answer.status() == 200, "userinfo: {}", answer.status());
            let claims: serde_json::Value = answer.json().await?;
            ensure!(claims["nip"].is_string(), "userinfo without the NIP");
            Ok(())
        })
        .await?;
        timed(recorder, "sso: token (refresh)", async {
            let answer = token(vec![("grant_type", "refresh_token".into()), ("refresh_token", refresh)]).await?;
            ensure!(answer.status() == 200, "refresh: {}", answer.status());
            Ok(())
        })
        .await
    }

    /// A day of annual leave, submitted; the request's id.
    async fn request_leave(&self, recorder: &Recorder) -> anyhow::Result<i64> {
        let day = self.account.as_ref().context("signed in")?.next_leave_day().to_string();
        timed(recorder, "leave: request", async {
            let form = [
                ("type_code", "annual"),
                ("start", day.as_str()),
                ("end", day.as_str()),
                ("reason", "Keperluan keluarga"),
                ("address", "Jl. Merdeka No. 1, Jakarta"),
                ("phone", "081234567890"),
                ("then", "submit"),
            ];
            let answer = self.post_form("/api/request_leave", &form, "text/html").await?;
            let to = location(&answer);
            let id = to.strip_prefix("/leave/").and_then(|id| id.parse().ok());
            match id {
                Some(id) => Ok(id),
                None => {
                    bail!("leave request: {} to {to:?}: {}", answer.status(), answer.text().await.unwrap_or_default())
                }
            }
        })
        .await
    }

    /// The official opens the request and approves it (the letter is filed).
    async fn approve(&self, id: i64, recorder: &Recorder) -> anyhow::Result<()> {
        let id_text = id.to_string();
        let version = timed(recorder, "leave: official opens", async {
            let answer = self.post_form("/api/leave_detail", &[("id", &id_text)], "application/json").await?;
            ensure!(answer.status() == 200, "leave detail: {}", answer.status());
            let detail: serde_json::Value = answer.json().await?;
            ensure!(detail["may_decide"] == true, "the official may not decide request {id}: {detail}");
            detail["request"]["version"].as_i64().context("a version")
        })
        .await?;
        timed(recorder, "leave: official approves", async {
            let version = version.to_string();
            let form = [
                ("id", id_text.as_str()),
                ("version", &version),
                ("stage", "decide"),
                ("outcome", "approved"),
                ("note", ""),
            ];
            let answer = self.post_form("/api/decide_leave", &form, "text/html").await?;
            let to = location(&answer);
            ensure!(to.ends_with("/leave/inbox"), "decision: {} to {to:?}", answer.status());
            Ok(())
        })
        .await
    }

    /// A PDF into the cabinet, then back, byte for byte.
    async fn upload_and_download(&self, recorder: &Recorder) -> anyhow::Result<()> {
        // Every upload differs, so no two are the same stored file.
        static UPLOADS: AtomicUsize = AtomicUsize::new(0);
        let salt = UPLOADS.fetch_add(1, Ordering::Relaxed);
        let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        pdf.extend(format!("% upload {salt}\n").bytes());
        pdf.extend((0..PDF_BYTES).map(|i| ((i * 7 + salt) % 251) as u8));
        let id = timed(recorder, "document: upload 200 KiB PDF", async {
            let boundary = "----asnportalloadbench";
            let mut body = Vec::with_capacity(pdf.len() + 512);
            for (name, value) in [("type", "IJAZAH"), ("title", "Ijazah S1")] {
                body.extend(
                    format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .bytes(),
                );
            }
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ijazah.pdf\"\r\n\
                     Content-Type: application/pdf\r\n\r\n"
                )
                .bytes(),
            );
            body.extend_from_slice(&pdf);
            body.extend(format!("\r\n--{boundary}--\r\n").bytes());
            let answer = self
                .client
                .post(format!("{}/documents/upload", self.base))
                .header(ORIGIN, &self.base)
                .header(ACCEPT, "application/json")
                .header(COOKIE, format!("asn_session={}", self.token.as_deref().unwrap_or_default()))
                .header(reqwest::header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
                .body(body)
                .send()
                .await?;
            let status = answer.status();
            let body: serde_json::Value = answer.json().await.unwrap_or_default();
            body["id"].as_i64().with_context(|| format!("upload: {status} {body}"))
        })
        .await?;
        timed(recorder, "document: download", async {
            let answer = self.get(&format!("/documents/{id}/file?download=1")).await?;
            ensure!(answer.status() == 200, "download: {}", answer.status());
            ensure!(answer.bytes().await? == pdf, "the download differs from the upload");
            Ok(())
        })
        .await
    }

    async fn sign_out(&mut self, recorder: &Recorder) -> anyhow::Result<()> {
        timed(recorder, "sign out", async {
            let answer = self.post_form("/api/sign_out", &[], "text/html").await?;
            ensure!(answer.status().is_redirection(), "sign out: {}", answer.status());
            Ok(())
        })
        .await?;
        self.token = None;
        Ok(())
    }

    /// An employee's visit: sign in, dashboard, a day of leave (approved by
    /// the official), a document up and down, sign out.
    pub async fn working_day(&mut self, pool: &Pool, official: &Visitor, recorder: &Recorder) -> anyhow::Result<()> {
        self.sign_in(pool, recorder).await?;
        self.dashboard(recorder).await?;
        let id = self.request_leave(recorder).await?;
        official.approve(id, recorder).await?;
        self.upload_and_download(recorder).await?;
        self.sign_out(recorder).await
    }
}
