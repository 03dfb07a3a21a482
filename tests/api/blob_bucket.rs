//! The cabinet on an S3-compatible bucket: a real S3 server (s3s-fs, which
//! speaks the S3 protocol over HTTP and keeps objects as files) runs in the
//! test process; the portal reaches it through its S3 client as it would a
//! MinIO or a cloud bucket. Two instances share the documents; nothing is
//! written to the local folder; what the bucket holds is sealed.

use crate::documents::{IJAZAH, OWNER, fetch, pdf, session, upload, walk, world};
use crate::on_both_engines;

const ACCESS_KEY: &str = "asn-test-access";
const SECRET_KEY: &str = "asn-test-secret-key-0123456789";
const BUCKET: &str = "asn-dokumen";

/// An S3 server on a free port, storing under a temporary folder.
struct S3Server {
    endpoint: String,
    root: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

async fn s3_server() -> S3Server {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join(BUCKET)).unwrap();
    let fs = s3s_fs::FileSystem::new(root.path()).unwrap();
    let mut builder = s3s::service::S3ServiceBuilder::new(fs);
    builder.set_auth(s3s::auth::SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let http = hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
        while let Ok((socket, _)) = listener.accept().await {
            let connection = http.serve_connection(hyper_util::rt::TokioIo::new(socket), service.clone()).into_owned();
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
    });
    S3Server { endpoint, root, task }
}

on_both_engines! {
    async fn documents_live_in_the_bucket_sealed_and_every_instance_reads_them(engine: Engine) {
        let s3 = s3_server().await;
        let settings = [
            ("ASN_BLOB_STORE", "s3"),
            ("ASN_S3_BUCKET", BUCKET),
            ("ASN_S3_ENDPOINT", s3.endpoint.as_str()),
            ("ASN_S3_ACCESS_KEY_ID", ACCESS_KEY),
            ("ASN_S3_SECRET_ACCESS_KEY", SECRET_KEY),
            ("ASN_UPLOAD_MAX_BYTES", "20971520"),
        ];
        let app = world(engine, &settings).await;
        let owner = session(&app, OWNER).await;
        // Larger than the client's first buffer, so it travels as a multipart upload.
        let original = pdf(12 * 1024 * 1024);
        let (status, body) = upload(&app, &owner, &IJAZAH, Some(("ijazah.pdf", "application/pdf", &original))).await;
        assert_eq!(status, 200, "{body}");
        let id = body["id"].as_i64().unwrap();

        // Nothing in the local folder; one sealed object in the bucket.
        assert!(walk(&app.data_dir().join("blobs")).is_empty(), "nothing stored locally");
        let objects: Vec<_> = walk(&s3.root.path().join(BUCKET)).into_iter()
            .filter(|p| p.file_name().unwrap().to_str().unwrap().len() == 32).collect();
        assert_eq!(objects.len(), 1, "{objects:?}");
        let sealed = std::fs::read(&objects[0]).unwrap();
        assert!(!sealed.windows(32).any(|w| w == &original[20..52]), "no plaintext in the bucket");

        // Another instance (another server behind the load balancer) serves it, whole and in ranges.
        let second = app.another_instance(&settings).await;
        let whole = fetch(&second, &owner, &format!("/documents/{id}/file")).await;
        assert_eq!(whole.status().as_u16(), 200);
        assert_eq!(whole.bytes().await.unwrap().as_ref(), &original[..], "byte-identical");
        let ranged = reqwest::Client::new()
            .get(second.url(&format!("/documents/{id}/file")))
            .header("cookie", format!("asn_session={owner}"))
            .header("range", "bytes=5000000-5000099")
            .send().await.unwrap();
        assert_eq!(ranged.status().as_u16(), 206);
        assert_eq!(ranged.bytes().await.unwrap().as_ref(), &original[5_000_000..5_000_100]);

        // `documents verify` reads the bucket: consistent, then an altered object is reported.
        let config = asn_portal::config::Config::load(&app.env).unwrap();
        let report = app::documents::service::verify(&app.db, &config.documents.store).await.unwrap();
        assert_eq!((report.checked, report.is_consistent()), (1, true), "{report:?}");
        let mut altered = sealed.clone();
        altered[100] ^= 1;
        std::fs::write(&objects[0], &altered).unwrap();
        let report = app::documents::service::verify(&app.db, &config.documents.store).await.unwrap();
        assert_eq!(report.altered.len(), 1, "{report:?}");
        second.stop().await;
        app.stop().await;
        s3.task.abort();
    }
}
