//! The bundle under /pkg is served from the build's precompressed files.

use crate::helpers::TestApp;
use crate::on_both_engines;

fn site_with_bundle() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("bundle.wasm"), b"\0asm raw bytes").unwrap();
    std::fs::write(pkg.join("bundle.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(pkg.join("bundle.wasm.br"), b"brotli bytes").unwrap();
    site
}

on_both_engines! {
    async fn the_bundle_is_served_precompressed_and_revalidated(engine: Engine) {
        let site = site_with_bundle();
        let app = TestApp::spawn_with(engine, &[("ASN_SITE_DIR", site.path().to_str().unwrap())]).await;
        let get = |encoding: &'static str| {
            app.client.get(app.url("/pkg/bundle.wasm")).header("accept-encoding", encoding).send()
        };
        let br = get("gzip, deflate, br").await.unwrap();
        assert_eq!(br.status(), 200);
        assert_eq!(br.headers()["content-encoding"], "br");
        assert_eq!(br.headers()["content-type"], "application/wasm");
        assert_eq!(br.headers()["cache-control"], "no-cache");
        assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
        let gz = get("gzip").await.unwrap();
        assert_eq!(gz.headers()["content-encoding"], "gzip");
        assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");
        let plain = get("identity").await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none());
        assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm raw bytes");
        assert_eq!(app.get("/pkg/missing.wasm").await.status(), 404);
        app.stop().await;
    }
}
