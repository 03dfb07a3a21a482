//! The document cabinet's settings: `ASN_BLOB_KEYS` (the keyring that
//! encrypts files at rest), `ASN_UPLOAD_MAX_BYTES` and
//! `ASN_DOCUMENTS_SUPERVISOR_ACCESS`, and where blobs live: under
//! `ASN_DATA_DIR/blobs` (`ASN_BLOB_STORE=folder`, the default), or in an
//! S3-compatible bucket (`ASN_BLOB_STORE=s3` with the `ASN_S3_*` keys) so
//! several app instances share them. Production requires the keyring and an
//! `https://` bucket endpoint; development derives a keyring from the secret
//! key, so a local portal works with no set-up.

use std::path::Path;
use std::sync::Arc;

use app::server::blob_store::BlobStore;
use app::server::secret_box::Keyring;
use sha2::{Digest, Sha256};

use super::{Parser, SecretKey};

/// Files larger than this are refused unless configured otherwise (10 MiB).
pub const DEFAULT_UPLOAD_MAX_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct DocumentConfig {
    pub store: BlobStore,
    pub max_bytes: u64,
    pub policy: app::documents::service::AccessPolicy,
    pub quota_bytes: u64,
    pub uploads_per_hour: i64,
}

/// What an employee's own uploads may occupy by default: 200 MiB.
pub const DEFAULT_CABINET_QUOTA_BYTES: u64 = 200 * 1024 * 1024;

impl Parser<'_> {
    pub(super) fn documents(
        &mut self,
        production: bool,
        data_dir: &Path,
        secret_key: Option<&SecretKey>,
    ) -> Option<DocumentConfig> {
        let max_bytes = self.parse("upload_max_bytes", DEFAULT_UPLOAD_MAX_BYTES, "a number of bytes");
        let policy =
            app::documents::service::AccessPolicy { supervisors_read: self.flag("documents_supervisor_access", false) };
        if max_bytes == 0 || max_bytes > 2 * 1024 * 1024 * 1024 {
            self.fail("upload_max_bytes", "between 1 byte and 2 GiB");
        }
        let quota_bytes = self.parse("cabinet_quota_bytes", DEFAULT_CABINET_QUOTA_BYTES, "a number of bytes");
        if quota_bytes < max_bytes {
            self.fail("cabinet_quota_bytes", "must be at least ASN_UPLOAD_MAX_BYTES (one file must fit)");
        }
        let uploads_per_hour = self.parse("uploads_per_hour", 60i64, "a whole number");
        if uploads_per_hour < 1 {
            self.fail("uploads_per_hour", "must be at least 1");
        }
        let secret_key = secret_key?;
        let keyring = match self.get("blob_keys").map(str::to_string) {
            Some(list) => match Keyring::parse(&list) {
                Ok(ring) => ring,
                Err(e) => {
                    self.fail(
                        "blob_keys",
                        format!("{e} (expected `id:64-hex-digits,…`, e.g. `b1:$(openssl rand -hex 32)`)"),
                    );
                    return None;
                }
            },
            None if production => {
                self.fail(
                    "blob_keys",
                    "required in production: `b1:` followed by 64 hex digits (`openssl rand -hex 32`)",
                );
                return None;
            }
            None => {
                let derived = Sha256::digest(format!("asn-portal dev blob key:{}", secret_key.expose()).as_bytes());
                Keyring::parse(&format!("dev:{}", hex::encode(derived))).expect("a derived key is well formed")
            }
        };
        let keyring = Arc::new(keyring);
        let store = match self.get("blob_store").unwrap_or("folder") {
            "folder" => BlobStore::new(data_dir.join("blobs"), keyring),
            "s3" => BlobStore::in_bucket(self.bucket(production)?, self.get("s3_prefix").unwrap_or("blobs"), keyring),
            _ => {
                self.fail("blob_store", "`folder` (the default) or `s3`");
                return None;
            }
        };
        Some(DocumentConfig { store, max_bytes, policy, quota_bytes, uploads_per_hour })
    }

    /// The S3-compatible bucket of `ASN_BLOB_STORE=s3`.
    fn bucket(&mut self, production: bool) -> Option<Arc<dyn object_store::ObjectStore>> {
        let mut missing = false;
        let mut required = |parser: &mut Self, key: &str| {
            let value = parser.get(key).map(str::to_string);
            if value.is_none() {
                parser.fail(key, "required with ASN_BLOB_STORE=s3");
                missing = true;
            }
            value
        };
        let bucket = required(self, "s3_bucket");
        let access_key = required(self, "s3_access_key_id");
        let secret = required(self, "s3_secret_access_key");
        if missing {
            return None;
        }
        // object_store's HTTP client brings no TLS provider of its own: it
        // uses the process's, ring, like the rest of the server (a second
        // call finds it installed).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let region = self.get("s3_region").unwrap_or("us-east-1").to_string();
        let mut builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(bucket?)
            .with_region(region)
            .with_access_key_id(access_key?)
            .with_secret_access_key(secret?);
        if let Some(endpoint) = self.get("s3_endpoint").map(str::to_string) {
            let plain_http = endpoint.starts_with("http://");
            if plain_http && production {
                self.fail("s3_endpoint", "must be https:// in production (files travel to it)");
                return None;
            }
            if !plain_http && !endpoint.starts_with("https://") {
                self.fail("s3_endpoint", "an http(s):// URL, e.g. https://s3.example.go.id");
                return None;
            }
            // Most self-hosted S3 servers (MinIO, Ceph) want path-style requests.
            builder =
                builder.with_endpoint(endpoint).with_allow_http(plain_http).with_virtual_hosted_style_request(false);
        }
        match builder.build() {
            Ok(store) => Some(Arc::new(store)),
            Err(e) => {
                self.fail("s3_bucket", format!("the bucket settings do not work: {e}"));
                None
            }
        }
    }
}
