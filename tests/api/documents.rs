//! The document cabinet: uploads recognised by content and stored
//! encrypted, byte-identical downloads, refusals that leave nothing behind,
//! who may see what, the access history, and the consistency check.

use app::documents::service;
use app::org::Role;
use app::org::repo as org;
use asn_portal::config::Config;

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::sign_in::{employee_with_password, sign_in};

const PASSWORD: &str = "Gudeg!Wijilan#77";
pub(crate) const PASSWORD_FOR_TESTS: &str = PASSWORD;
pub(crate) const OWNER: &str = "198003032005011003";
const COLLEAGUE: &str = "198504042010012004";
const ADMIN: &str = "197502022001012002";
const OTHER_ADMIN: &str = "199005052015011005";

/// A small but real-looking PDF: the header, then filler.
pub(crate) fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    bytes.extend((0..len.saturating_sub(bytes.len())).map(|i| (i * 7 % 251) as u8));
    bytes
}

pub(crate) async fn world(engine: crate::helpers::Engine, extra: &[(&str, &str)]) -> TestApp {
    let app = TestApp::spawn_with(engine, extra).await;
    let ag = org::create_agency(&app.db, "AG", "Agency").await.unwrap();
    let other = org::create_agency(&app.db, "OTHER", "Other agency").await.unwrap();
    for (nip, name, agency) in [
        (OWNER, "Owner Person", ag),
        (COLLEAGUE, "Colleague Person", ag),
        (ADMIN, "Agency Admin", ag),
        (OTHER_ADMIN, "Other Admin", other),
    ] {
        let id = employee_with_password(&app, nip, name, PASSWORD, false).await;
        sqlx::query("UPDATE employees SET agency_id = $1 WHERE id = $2")
            .bind(agency)
            .bind(id)
            .execute(app.db.pool())
            .await
            .unwrap();
        match nip {
            ADMIN => org::grant_role(&app.db, id, Role::AgencyAdmin, ag).await.unwrap(),
            OTHER_ADMIN => org::grant_role(&app.db, id, Role::AgencyAdmin, other).await.unwrap(),
            // The colleague supervises the owner: a supervisor sees nothing of the cabinet.
            _ => {}
        }
    }
    sqlx::query("UPDATE employees SET supervisor_id = (SELECT id FROM employees WHERE nip = $1) WHERE nip = $2")
        .bind(COLLEAGUE)
        .bind(OWNER)
        .execute(app.db.pool())
        .await
        .unwrap();
    app
}

pub(crate) async fn session(app: &TestApp, nip: &str) -> String {
    sign_in(app, nip, PASSWORD, "", None).await.token.expect("signed in")
}

/// A multipart body as a browser sends it: the fields, then the file.
pub(crate) fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----asnportalboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    if let Some((file_name, declared, bytes)) = file {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {declared}\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads as the hydrated page or a script does (JSON answer).
pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (u16, serde_json::Value) {
    upload_at(&app.address, token, fields, file).await
}

/// [`upload`] to the server at `address` (a separate process, say).
pub(crate) async fn upload_at(
    address: &str,
    token: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (u16, serde_json::Value) {
    let (content_type, body) = multipart(fields, file);
    let response = reqwest::Client::new()
        .post(format!("{address}/documents/upload"))
        .header("origin", address)
        .header("cookie", format!("asn_session={token}"))
        .header("accept", "application/json")
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

pub(crate) async fn fetch(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(app.url(path)).header("cookie", format!("asn_session={token}")).send().await.unwrap()
}

async fn counts(app: &TestApp) -> (i64, i64, usize) {
    let docs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents").fetch_one(app.db.pool()).await.unwrap();
    let blobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blobs").fetch_one(app.db.pool()).await.unwrap();
    let files = walk(&app.data_dir().join("blobs")).len();
    (docs, blobs, files)
}

/// Every file under a folder.
pub(crate) fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
        }
    }
    out
}

/// What is tried, the form's fields, the file (name, declared type, bytes), the expected refusal.
type RefusalCase<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<(&'a str, &'a str, Vec<u8>)>, &'a str);

pub(crate) const IJAZAH: [(&str, &str); 2] = [("type", "IJAZAH"), ("title", "Ijazah S1 Teknik Informatika")];

on_both_engines! {
    // An employee's own uploads have a storage quota and an hourly rate;
    // the cabinet page shows both; a refused file leaves nothing behind.
    // An admin's filing into the cabinet does not count against it.
    async fn own_uploads_are_held_to_a_storage_quota_and_an_hourly_rate(engine: Engine) {
        let app = world(engine, &[
            ("ASN_UPLOAD_MAX_BYTES", "1000"), ("ASN_CABINET_QUOTA_BYTES", "1500"), ("ASN_UPLOADS_PER_HOUR", "4"),
        ]).await;
        let owner = session(&app, OWNER).await;
        let file = |n: usize| pdf(n);
        let (status, _) = upload(&app, &owner, &IJAZAH, Some(("a.pdf", "application/pdf", &file(800)))).await;
        assert_eq!(status, 200);
        let (status, body) = upload(&app, &owner, &IJAZAH, Some(("b.pdf", "application/pdf", &file(800)))).await;
        assert_eq!((status, body["error"].as_str()), (507, Some("quota_exceeded")));
        let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(stored, 1, "the refused file left nothing");
        let admin = session(&app, ADMIN).await;
        let filing = [("nip", OWNER), ("type", "IJAZAH"), ("title", "Filed by the agency")];
        assert_eq!(upload(&app, &admin, &filing, Some(("c.pdf", "application/pdf", &file(900)))).await.0, 200, "not her quota");
        assert_eq!(upload(&app, &owner, &IJAZAH, Some(("d.pdf", "application/pdf", &file(700)))).await.0, 200, "1500 of 1500");
        let page = fetch(&app, &owner, "/documents").await.text().await.unwrap().replace("<!>", "");
        assert!(page.contains("data-testid=\"cabinet-space\"") && page.contains("2 KB / 2 KB · 4"), "{page}");
        let (status, body) = upload(&app, &owner, &IJAZAH, Some(("e.pdf", "application/pdf", &file(100)))).await;
        assert_eq!((status, body["error"].as_str()), (507, Some("quota_exceeded")), "full");
        let (status, body) = upload(&app, &owner, &IJAZAH, Some(("f.pdf", "application/pdf", &file(100)))).await;
        assert_eq!((status, body["error"].as_str()), (429, Some("too_many_uploads")), "the fifth within the hour");
        app.clock.advance(3600);
        let owner = session(&app, OWNER).await;
        let (status, body) = upload(&app, &owner, &IJAZAH, Some(("g.pdf", "application/pdf", &file(100)))).await;
        assert_eq!((status, body["error"].as_str()), (507, Some("quota_exceeded")), "the next hour: still full");
        app.stop().await;
    }

    async fn an_upload_comes_back_byte_identical_and_is_encrypted_on_disk(engine: Engine) {
        let app = world(engine, &[]).await;
        let owner = session(&app, OWNER).await;
        let original = pdf(200_000);
        let (status, body) = upload(&app, &owner, &IJAZAH, Some(("ijazah.pdf", "application/pdf", &original))).await;
        assert_eq!(status, 200, "{body}");
        let id = body["id"].as_i64().unwrap();

        let view = fetch(&app, &owner, &format!("/documents/{id}/file")).await;
        assert_eq!(view.status().as_u16(), 200);
        let h = view.headers().clone();
        assert_eq!(h["content-type"], "application/pdf");
        assert_eq!(h["content-disposition"], "inline; filename=\"ijazah.pdf\"");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["cache-control"], "private, no-store");
        assert_eq!(view.bytes().await.unwrap().as_ref(), &original[..], "byte-identical");
        // Through the compression layer too (browsers always ask for it):
        // once panicked by polling the stream after its end.
        let compressed = reqwest::Client::new()
            .get(app.url(&format!("/documents/{id}/file")))
            .header("cookie", format!("asn_session={owner}"))
            .header("accept-encoding", "gzip")
            .send().await.unwrap();
        assert_eq!(compressed.status().as_u16(), 200);
        assert!(!compressed.bytes().await.unwrap().is_empty(), "the whole body arrives");
        let download = fetch(&app, &owner, &format!("/documents/{id}/file?download=1")).await;
        assert_eq!(download.headers()["content-disposition"], "attachment; filename=\"ijazah.pdf\"");
        assert_eq!(download.bytes().await.unwrap().len(), original.len());

        // At rest: one blob file, under a generated name, not the plaintext.
        let files = walk(&app.data_dir().join("blobs"));
        assert_eq!(files.len(), 1);
        let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
        let stored = std::fs::read(&files[0]).unwrap();
        assert_ne!(stored, original);
        assert!(!stored.windows(32).any(|w| w == &original[20..52]), "no plaintext on disk");
        let sha: String = sqlx::query_scalar("SELECT sha256 FROM blobs").fetch_one(app.db.pool()).await.unwrap();
        use sha2::Digest;
        assert_eq!(sha, hex::encode(sha2::Sha256::digest(&original)));

        // The owner's own views are in the access history, newest first.
        let (status, detail) = {
            let r = app.call("open_document", &owner, &[("id", &id.to_string())]).await;
            (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
        };
        assert_eq!(status, 200);
        let actions: Vec<&str> = detail["access"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["download", "view", "view"]);

        // Ranges, as a PDF viewer asks for a large file: exact bytes, 206, and only the
        // opening range is recorded.
        let ranged = |range: &'static str| {
            let url = app.url(&format!("/documents/{id}/file"));
            let token = owner.clone();
            async move {
                reqwest::Client::new()
                    .get(url)
                    .header("cookie", format!("asn_session={token}"))
                    .header("range", range)
                    .header("accept-encoding", "gzip, br")
                    .send()
                    .await
                    .unwrap()
            }
        };
        let part = ranged("bytes=100-199").await;
        assert_eq!(part.status().as_u16(), 206);
        assert_eq!(part.headers()["content-range"], format!("bytes 100-199/{}", original.len()).as_str());
        assert!(part.headers().get("content-encoding").is_none(), "a range is never compressed");
        assert_eq!(part.bytes().await.unwrap().as_ref(), &original[100..200]);
        let tail = ranged("bytes=-10").await;
        assert_eq!(tail.bytes().await.unwrap().as_ref(), &original[original.len() - 10..]);
        let across = ranged("bytes=65530-131080").await;
        assert_eq!(across.bytes().await.unwrap().as_ref(), &original[65530..=131080], "across chunk edges");
        let beyond = ranged("bytes=999999999-").await;
        assert_eq!(beyond.status().as_u16(), 416);
        assert_eq!(beyond.headers()["content-range"], format!("bytes */{}", original.len()).as_str());
        assert_eq!(ranged("bytes=0-99").await.status().as_u16(), 206);
        let detail: serde_json::Value =
            app.call("open_document", &owner, &[("id", &id.to_string())]).await.json().await.unwrap();
        assert_eq!(detail["access"].as_array().unwrap().len(), 4, "the opening range counts, the others do not");
        assert_eq!(detail["access"][0]["role"], "Owner");
        assert_eq!(detail["item"]["uploaded_by"], "Owner Person");
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'document_uploaded'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(audited, 1);

        // A plain form (no JavaScript) lands on the new document's page.
        let (content_type, body) = multipart(&IJAZAH, Some(("scan.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")));
        let form = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
            .post(app.url("/documents/upload"))
            .header("origin", &app.address)
            .header("cookie", format!("asn_session={owner}"))
            .header("accept", "text/html")
            .header("content-type", content_type)
            .body(body)
            .send().await.unwrap();
        assert_eq!(form.status().as_u16(), 303);
        let location = form.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/documents/") && location.ends_with("?uploaded=1"), "{location}");
        let image = fetch(&app, &owner, location.trim_end_matches("?uploaded=1")).await;
        assert_eq!(image.status().as_u16(), 200, "the document page");
        let png = fetch(&app, &owner, &format!("{}/file", location.trim_end_matches("?uploaded=1"))).await;
        assert_eq!(png.headers()["content-type"], "image/png");
        let policies: Vec<&str> = png.headers().get_all("content-security-policy").iter().map(|v| v.to_str().unwrap()).collect();
        assert!(policies.contains(&"sandbox"), "an image opened on its own is sandboxed: {policies:?}");
        app.stop().await;
    }

    async fn refused_uploads_say_why_and_leave_nothing_behind(engine: Engine) {
        let app = world(engine, &[("ASN_UPLOAD_MAX_BYTES", "100000")]).await;
        let owner = session(&app, OWNER).await;
        let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0This program cannot be run in DOS mode".to_vec();
        let cases: Vec<RefusalCase> = vec![
            ("an EXE named .pdf", IJAZAH.to_vec(), Some(("ijazah.pdf", "application/pdf", exe)), "unsupported_content"),
            ("HTML declared as PDF", IJAZAH.to_vec(), Some(("x.pdf", "application/pdf", b"<html><script>alert(1)</script></html>".to_vec())), "unsupported_content"),
            ("an SVG", IJAZAH.to_vec(), Some(("x.svg", "image/svg+xml", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec())), "unsupported_content"),
            ("an empty file", IJAZAH.to_vec(), Some(("x.pdf", "application/pdf", Vec::new())), "no_file"),
            ("no file at all", IJAZAH.to_vec(), None, "no_file"),
            ("over the limit", IJAZAH.to_vec(), Some(("big.pdf", "application/pdf", pdf(300_000))), "too_large"),
            // Declared small enough to be read, cut off while streaming.
            ("just over the limit", IJAZAH.to_vec(), Some(("big.pdf", "application/pdf", pdf(120_000))), "too_large"),
            ("a decree type", vec![("type", "SK_PNS"), ("title", "SK PNS")], Some(("sk.pdf", "application/pdf", pdf(500))), "type_not_allowed"),
            ("an unknown type", vec![("type", "X' OR '1'='1"), ("title", "x")], Some(("sk.pdf", "application/pdf", pdf(500))), "type_not_allowed"),
            ("no title", vec![("type", "IJAZAH"), ("title", "  ")], Some(("a.pdf", "application/pdf", pdf(500))), "title_invalid"),
            ("a bad decree date", vec![("type", "IJAZAH"), ("title", "x"), ("decree_date", "2024-02-30")], Some(("a.pdf", "application/pdf", pdf(500))), "decree_invalid"),
        ];
        for (what, fields, file, code) in &cases {
            let file = file.as_ref().map(|(n, t, b)| (*n, *t, b.as_slice()));
            let (status, body) = upload(&app, &owner, fields, file).await;
            let expected = if *code == "too_large" { 413 } else { 400 };
            assert_eq!((status, body["error"].as_str()), (expected, Some(*code)), "{what}");
        }
        // A body declared over the limit is refused before it is read.
        let (content_type, body) = multipart(&IJAZAH, Some(("big.pdf", "application/pdf", &pdf(400_000))));
        let declared = reqwest::Client::new()
            .post(app.url("/documents/upload"))
            .header("origin", &app.address)
            .header("cookie", format!("asn_session={owner}"))
            .header("accept", "application/json")
            .header("content-type", content_type)
            .body(body)
            .send().await.unwrap();
        assert_eq!(declared.status().as_u16(), 413);
        // A plain form gets the reason on the cabinet page, in Indonesian.
        let (content_type, body) = multipart(&IJAZAH, Some(("a.pdf", "application/pdf", b"MZ\x90\0\x03\0\0\0\x04")));
        let form = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
            .post(app.url("/documents/upload"))
            .header("origin", &app.address)
            .header("cookie", format!("asn_session={owner}"))
            .header("content-type", content_type)
            .body(body)
            .send().await.unwrap();
        assert_eq!(form.headers()["location"], "/documents?error=unsupported_content");
        let page = fetch(&app, &owner, "/documents?error=unsupported_content").await.text().await.unwrap();
        assert!(page.contains("bukan PDF, JPEG atau PNG"), "the refusal is explained");
        // Another origin cannot post an upload at all.
        let (content_type, body) = multipart(&IJAZAH, Some(("a.pdf", "application/pdf", &pdf(500))));
        let forged = reqwest::Client::new()
            .post(app.url("/documents/upload"))
            .header("origin", "https://evil.example")
            .header("cookie", format!("asn_session={owner}"))
            .header("content-type", content_type)
            .body(body)
            .send().await.unwrap();
        assert_eq!(forged.status().as_u16(), 403);
        assert_eq!(counts(&app).await, (0, 0, 0), "no row, no blob, no temporary file");

        // Hostile names are stored under generated names and shown defused.
        for (declared, shown) in [("../../etc/passwd", "passwd.pdf"), ("a.pdf%00.exe", "a.pdf_00.exe.pdf")] {
            let (status, body) = upload(&app, &owner, &IJAZAH, Some((declared, "application/pdf", &pdf(800)))).await;
            assert_eq!(status, 200);
            let id = body["id"].as_i64().unwrap();
            let file = fetch(&app, &owner, &format!("/documents/{id}/file")).await;
            assert_eq!(file.headers()["content-disposition"], format!("inline; filename=\"{shown}\"").as_str());
        }
        let files = walk(&app.data_dir().join("blobs"));
        assert_eq!(files.len(), 2);
        assert!(files.iter().all(|f| f.starts_with(app.data_dir().join("blobs"))), "{files:?}");
        app.stop().await;
    }

    async fn only_the_owner_and_their_agency_admins_see_a_document(engine: Engine) {
        let app = world(engine, &[]).await;
        let owner = session(&app, OWNER).await;
        let (_, body) = upload(&app, &owner, &IJAZAH, Some(("ijazah.pdf", "application/pdf", &pdf(1000)))).await;
        let id = body["id"].as_i64().unwrap().to_string();
        let file = format!("/documents/{id}/file");

        // A colleague who is also the owner's supervisor, and another agency's admin: not found,
        // exactly as for an id that does not exist.
        for nip in [COLLEAGUE, OTHER_ADMIN] {
            let token = session(&app, nip).await;
            assert_eq!(fetch(&app, &token, &file).await.status().as_u16(), 404, "{nip}");
            assert_eq!(app.call("open_document", &token, &[("id", &id)]).await.status().as_u16(), 404, "{nip}");
        }
        assert_eq!(fetch(&app, &owner, "/documents/999999/file").await.status().as_u16(), 404);
        assert_eq!(fetch(&app, "", &file).await.status().as_u16(), 401);
        // A browser following an old link is sent to sign in and back.
        let navigation = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
            .get(app.url(&file)).header("accept", "text/html,application/xhtml+xml").send().await.unwrap();
        assert_eq!(navigation.status().as_u16(), 303);
        assert_eq!(navigation.headers()["location"], format!("/sign-in?next=/documents/{id}").as_str());
        let cabinet: serde_json::Value = app.call("my_cabinet", &session(&app, COLLEAGUE).await, &[]).await.json().await.unwrap();
        assert_eq!(cabinet["documents"], serde_json::json!([]), "a cabinet lists only its owner's documents");

        // The owner's agency admin may, and the owner sees that they did.
        let admin = session(&app, ADMIN).await;
        assert_eq!(fetch(&app, &admin, &file).await.status().as_u16(), 200);
        let detail: serde_json::Value = app.call("open_document", &owner, &[("id", &id)]).await.json().await.unwrap();
        assert_eq!(detail["access"][0]["viewer"], "Agency Admin");
        assert_eq!(detail["access"][0]["role"], "AgencyAdmin");
        assert_eq!(detail["access"].as_array().unwrap().len(), 1, "refused attempts record nothing");

        // Whatever range the admin asks for, the read is recorded, once per
        // session within five minutes (a PDF viewer asks for many ranges).
        let ranged = |token: String, range: &'static str| {
            let url = app.url(&file);
            async move {
                reqwest::Client::new().get(url).header("cookie", format!("asn_session={token}")).header("range", range).send().await.unwrap()
            }
        };
        let audited = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_events WHERE event = 'document_viewed'").fetch_one(app.db.pool()).await.unwrap()
        };
        let other_session = session(&app, ADMIN).await;
        assert_eq!(ranged(other_session.clone(), "bytes=1-").await.status().as_u16(), 206);
        assert_eq!(ranged(other_session.clone(), "bytes=500-599").await.status().as_u16(), 206);
        let detail: serde_json::Value = app.call("open_document", &owner, &[("id", &id)]).await.json().await.unwrap();
        assert_eq!(detail["access"].as_array().unwrap().len(), 2, "a range from another session is a read of its own");
        assert_eq!(audited().await, 2);
        assert_eq!(ranged(admin.clone(), "bytes=1-").await.status().as_u16(), 206);
        assert_eq!(audited().await, 2, "the first session read it a moment ago");
        app.clock.advance(app::documents::repo::ACCESS_DEDUP_SECONDS + 1);
        assert_eq!(ranged(admin.clone(), "bytes=1-").await.status().as_u16(), 206);
        assert_eq!(audited().await, 3, "a read minutes later is recorded again");

        // An admin files a decree into the owner's cabinet; another agency's admin cannot.
        let decree = [("nip", OWNER), ("type", "SK_PNS"), ("title", "SK PNS"), ("decree_number", "800/123/BKPSDM/2024"), ("decree_date", "2024-03-01")];
        let (status, body) = upload(&app, &admin, &decree, Some(("sk.pdf", "application/pdf", &pdf(900)))).await;
        assert_eq!(status, 200, "{body}");
        let other = session(&app, OTHER_ADMIN).await;
        assert_eq!(upload(&app, &other, &decree, Some(("sk.pdf", "application/pdf", &pdf(900)))).await.0, 404);
        let cabinet: serde_json::Value = app.call("my_cabinet", &owner, &[]).await.json().await.unwrap();
        let titles: Vec<&str> = cabinet["documents"].as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["SK PNS", "Ijazah S1 Teknik Informatika"]);
        assert_eq!(cabinet["documents"][0]["decree_number"], "800/123/BKPSDM/2024");
        app.stop().await;
    }

    async fn verify_finds_altered_missing_and_orphaned_blobs(engine: Engine) {
        let app = world(engine, &[]).await;
        let owner = session(&app, OWNER).await;
        for n in 0..3 {
            let (status, _) = upload(&app, &owner, &IJAZAH, Some(("i.pdf", "application/pdf", &pdf(70_000 + n)))).await;
            assert_eq!(status, 200);
        }
        let store = Config::load(&app.env).unwrap().documents.store;
        let report = service::verify(&app.db, &store).await.unwrap();
        assert!(report.is_consistent() && report.checked == 3 && report.unreferenced.is_empty(), "{report:?}");

        // A crash between writing a blob and committing its row: a file no row names.
        let orphan = store.put(&pdf(5_000)).await.unwrap();
        let report = service::verify(&app.db, &store).await.unwrap();
        assert!(report.is_consistent(), "{report:?}");
        assert_eq!(report.unreferenced, std::slice::from_ref(&orphan.id));
        let cabinet: serde_json::Value = app.call("my_cabinet", &owner, &[]).await.json().await.unwrap();
        assert_eq!(cabinet["documents"].as_array().unwrap().len(), 3, "the orphan is visible nowhere");

        // One byte changed in one blob, another blob deleted.
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM blobs ORDER BY id").fetch_all(app.db.pool()).await.unwrap();
        let altered = store.path_of(&ids[0]).unwrap();
        let mut bytes = std::fs::read(&altered).unwrap();
        bytes[100] ^= 0x01;
        std::fs::write(&altered, bytes).unwrap();
        std::fs::remove_file(store.path_of(&ids[1]).unwrap()).unwrap();
        let report = service::verify(&app.db, &store).await.unwrap();
        assert_eq!((report.altered.clone(), report.missing.clone()), (vec![ids[0].clone()], vec![ids[1].clone()]));
        assert!(!report.is_consistent());
        // An altered blob is never served as if it were intact.
        let id: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE blob_id = $1").bind(&ids[0]).fetch_one(app.db.pool()).await.unwrap();
        // (Before or after the headers went out, depending on timing.)
        let response = reqwest::Client::new()
            .get(app.url(&format!("/documents/{id}/file")))
            .header("cookie", format!("asn_session={owner}"))
            .send()
            .await;
        if let Ok(response) = response {
            assert!(response.bytes().await.is_err(), "the download breaks off instead of delivering altered bytes");
        }
        app.stop().await;
    }

    async fn replacing_keeps_versions_and_deleting_hides_only_from_the_owner(engine: Engine) {
        let app = world(engine, &[]).await;
        let owner = session(&app, OWNER).await;
        let first = pdf(3_000);
        let (_, body) = upload(&app, &owner, &IJAZAH, Some(("v1.pdf", "application/pdf", &first))).await;
        let v1 = body["id"].as_i64().unwrap().to_string();
        fn replace(id: &str) -> Vec<(&'static str, &str)> {
            vec![("type", "IJAZAH"), ("title", "Ijazah (dilegalisir)"), ("replaces", id)]
        }
        let (status, body) = upload(&app, &owner, &replace(&v1), Some(("v2.pdf", "application/pdf", &pdf(4_000)))).await;
        assert_eq!(status, 200, "{body}");
        let v2 = body["id"].as_i64().unwrap().to_string();

        // The cabinet lists the newest version; the earlier one stays readable, marked as such.
        let cabinet: serde_json::Value = app.call("my_cabinet", &owner, &[]).await.json().await.unwrap();
        let ids: Vec<i64> = cabinet["documents"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [v2.parse::<i64>().unwrap()]);
        let detail: serde_json::Value = app.call("open_document", &owner, &[("id", &v2)]).await.json().await.unwrap();
        assert_eq!(detail["versions"][0]["id"].as_i64().unwrap().to_string(), v1);
        assert_eq!((detail["superseded"].as_bool(), detail["can_delete"].as_bool()), (Some(false), Some(true)));
        let old: serde_json::Value = app.call("open_document", &owner, &[("id", &v1)]).await.json().await.unwrap();
        assert_eq!((old["superseded"].as_bool(), old["can_replace"].as_bool()), (Some(true), Some(false)));
        assert_eq!(fetch(&app, &owner, &format!("/documents/{v1}/file")).await.bytes().await.unwrap().as_ref(), &first[..]);

        // An earlier version cannot be replaced again; two replacements at once make one version.
        let (status, body) = upload(&app, &owner, &replace(&v1), Some(("v3.pdf", "application/pdf", &pdf(500)))).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("not_current")));
        let form = replace(&v2);
        let bytes = pdf(600);
        let (a, b) = tokio::join!(
            upload(&app, &owner, &form, Some(("v3.pdf", "application/pdf", &bytes))),
            upload(&app, &owner, &form, Some(("v3.pdf", "application/pdf", &bytes)))
        );
        let mut statuses = [a.0, b.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 400]);
        let (docs, blobs, files) = counts(&app).await;
        assert_eq!((docs, blobs, files), (3, 3, 3), "the losing upload left no blob behind");
        let v3 = if a.0 == 200 { a.1["id"].as_i64().unwrap() } else { b.1["id"].as_i64().unwrap() }.to_string();
        // Nobody replaces what they may not see.
        let colleague = session(&app, COLLEAGUE).await;
        assert_eq!(upload(&app, &colleague, &replace(&v3), Some(("x.pdf", "application/pdf", &pdf(500)))).await.0, 404);

        // The owner deletes their own upload: gone for them, kept for the agency.
        let status = app.call("delete_document", &owner, &[("id", &v3)]).await.status().as_u16();
        assert!(status == 200 || status == 302, "{status}");
        assert_eq!(fetch(&app, &owner, &format!("/documents/{v3}/file")).await.status().as_u16(), 404);
        let cabinet: serde_json::Value = app.call("my_cabinet", &owner, &[]).await.json().await.unwrap();
        assert_eq!(cabinet["documents"], serde_json::json!([]));
        let admin = session(&app, ADMIN).await;
        assert_eq!(fetch(&app, &admin, &format!("/documents/{v3}/file")).await.status().as_u16(), 200);
        let kept: serde_json::Value = app.call("open_document", &admin, &[("id", &v3)]).await.json().await.unwrap();
        assert_eq!(kept["deleted"], true);
        assert_eq!(app.call("delete_document", &owner, &[("id", &v3)]).await.status().as_u16(), 404, "deleted once");
        // A decree the agency filed is not the owner's to delete.
        let decree = [("nip", OWNER), ("type", "SK_PNS"), ("title", "SK PNS")];
        let (_, body) = upload(&app, &admin, &decree, Some(("sk.pdf", "application/pdf", &pdf(900)))).await;
        let sk = body["id"].as_i64().unwrap().to_string();
        assert_eq!(app.call("delete_document", &owner, &[("id", &sk)]).await.status().as_u16(), 404);
        let deleted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'document_deleted'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(deleted, 1);
        app.stop().await;
    }

    async fn where_configured_a_supervisor_reads_but_never_files(engine: Engine) {
        let app = world(engine, &[("ASN_DOCUMENTS_SUPERVISOR_ACCESS", "on")]).await;
        let owner = session(&app, OWNER).await;
        let (_, body) = upload(&app, &owner, &IJAZAH, Some(("ijazah.pdf", "application/pdf", &pdf(1000)))).await;
        let id = body["id"].as_i64().unwrap().to_string();
        // COLLEAGUE supervises OWNER (see world).
        let boss = session(&app, COLLEAGUE).await;
        assert_eq!(fetch(&app, &boss, &format!("/documents/{id}/file")).await.status().as_u16(), 200);
        let detail: serde_json::Value = app.call("open_document", &boss, &[("id", &id)]).await.json().await.unwrap();
        assert_eq!(detail["access"][0]["role"], "Supervisor");
        assert_eq!((detail["can_replace"].as_bool(), detail["can_delete"].as_bool()), (Some(false), Some(false)));
        let filing = [("nip", OWNER), ("type", "IJAZAH"), ("title", "x")];
        assert_eq!(upload(&app, &boss, &filing, Some(("x.pdf", "application/pdf", &pdf(500)))).await.0, 404);
        let replacing = [("type", "IJAZAH"), ("title", "x"), ("replaces", id.as_str())];
        assert_eq!(upload(&app, &boss, &replacing, Some(("x.pdf", "application/pdf", &pdf(500)))).await.0, 404);
        // Nobody else gains anything: the owner does not read the supervisor's cabinet.
        let (_, body) = upload(&app, &boss, &IJAZAH, Some(("b.pdf", "application/pdf", &pdf(700)))).await;
        let boss_doc = body["id"].as_i64().unwrap();
        assert_eq!(fetch(&app, &owner, &format!("/documents/{boss_doc}/file")).await.status().as_u16(), 404);
        let stranger = session(&app, OTHER_ADMIN).await;
        assert_eq!(fetch(&app, &stranger, &format!("/documents/{id}/file")).await.status().as_u16(), 404);
        app.stop().await;
    }
}
