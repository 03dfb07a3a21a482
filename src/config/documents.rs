//! The document cabinet's settings: `ASN_BLOB_KEYS` (the keyring that
//! encrypts files at rest), `ASN_UPLOAD_MAX_BYTES` and
//! `ASN_DOCUMENTS_SUPERVISOR_ACCESS`. Blobs live under
//! `ASN_DATA_DIR/blobs`. Production requires the keyring; development
//! derives one from the secret key, so a local portal works with no set-up.

use std::path::Path;
use std::sync::Arc;

use app::documents::blob_store::BlobStore;
use app::mfa::secret_box::Keyring;
use sha2::{Digest, Sha256};

use super::{Parser, SecretKey};

/// Files larger than this are refused unless configured otherwise (10 MiB).
pub const DEFAULT_UPLOAD_MAX_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct DocumentConfig {
    pub store: BlobStore,
    pub max_bytes: u64,
    pub policy: app::documents::service::AccessPolicy,
}

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
        Some(DocumentConfig { store: BlobStore::new(data_dir.join("blobs"), Arc::new(keyring)), max_bytes, policy })
    }
}
