//! The blob store: files encrypted at rest, in a local folder (the
//! default) or in an S3-compatible bucket (for several app instances).
//!
//! Each blob is sealed with XChaCha20-Poly1305 in the STREAM construction
//! (64 KiB chunks, each authenticated, the last one marked, so a truncated
//! or reordered file does not open), under the current key of
//! `ASN_BLOB_KEYS`; the key's id is stored with the blob's row. The blob's
//! id is the associated data of every chunk, so a file copied under
//! another name does not open either. Memory stays constant: two chunks at
//! a time, however large the file.
//!
//! A blob becomes visible only when complete: in a folder it is written to
//! `tmp/` and renamed into place; in a bucket it is one upload (multipart
//! for large files) completed at the end. Its database row is committed
//! after that. A crash in between leaves an unreferenced blob, which no page
//! can reach and `documents verify` reports.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::Payload;
use chacha20poly1305::aead::generic_array::GenericArray;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use futures_util::Stream;
use object_store::buffered::{BufReader, BufWriter};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeek, AsyncWriteExt};

use crate::server::secret_box::Keyring;

/// Plaintext bytes per sealed chunk.
const CHUNK: usize = 64 * 1024;
/// Bytes the AEAD adds to each chunk.
const TAG: usize = 16;
/// The STREAM nonce prefix at the start of each file (24 - 5 bytes).
const NONCE: usize = 19;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob {0} is missing")]
    Missing(String),
    #[error("blob {0} does not open (altered, truncated or under an unknown key)")]
    Tampered(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Where the sealed bytes live.
#[derive(Clone)]
enum Backend {
    /// `<dir>/ab/ab12…`, written through `<dir>/tmp/`.
    Folder(PathBuf),
    /// `<prefix>/ab/ab12…` in a bucket.
    Bucket { store: Arc<dyn ObjectStore>, prefix: String },
}

#[derive(Clone)]
pub struct BlobStore {
    backend: Backend,
    keys: Arc<Keyring>,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobStore").field("at", &self.describe()).finish_non_exhaustive()
    }
}

/// A sealed blob opened for reading, sequentially or at an offset.
trait Sealed: AsyncRead + AsyncSeek + Unpin + Send {}
impl<T: AsyncRead + AsyncSeek + Unpin + Send> Sealed for T {}

fn bucket_error(e: object_store::Error) -> io::Error {
    io::Error::other(e)
}

/// A blob written and in place, not yet referenced by a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    pub id: String,
    pub key_id: String,
    pub size: u64,
    /// SHA-256 of the plaintext, hex.
    pub sha256: String,
}

/// Server-generated blob names: 32 hex digits, nothing from the client.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

impl BlobStore {
    /// Blobs in a local folder.
    pub fn new(dir: PathBuf, keys: Arc<Keyring>) -> Self {
        Self { backend: Backend::Folder(dir), keys }
    }

    /// Blobs in an object store (an S3-compatible bucket), under `prefix`.
    pub fn in_bucket(store: Arc<dyn ObjectStore>, prefix: &str, keys: Arc<Keyring>) -> Self {
        let prefix = prefix.trim_matches('/').to_string();
        Self { backend: Backend::Bucket { store, prefix }, keys }
    }

    /// Where the blobs live, for logs and `documents verify`.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Folder(dir) => format!("folder {}", dir.display()),
            Backend::Bucket { store, prefix } => format!("{store} under {prefix:?}"),
        }
    }

    /// The folder of a local store.
    pub fn dir(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Folder(dir) => Some(dir),
            Backend::Bucket { .. } => None,
        }
    }

    /// Where a blob lives in a local store: `<dir>/ab/ab12…` (256 folders,
    /// none huge). `None` for a bucket or an id that is not one of ours.
    pub fn path_of(&self, id: &str) -> Option<PathBuf> {
        self.dir().filter(|_| valid_id(id)).map(|dir| dir.join(&id[..2]).join(id))
    }

    fn object_of(&self, id: &str) -> Option<(Arc<dyn ObjectStore>, ObjectPath)> {
        match &self.backend {
            Backend::Bucket { store, prefix } if valid_id(id) => {
                let key = if prefix.is_empty() {
                    format!("{}/{id}", &id[..2])
                } else {
                    format!("{prefix}/{}/{id}", &id[..2])
                };
                Some((store.clone(), ObjectPath::from(key)))
            }
            _ => None,
        }
    }

    /// Opens a blob's sealed bytes.
    async fn sealed(&self, id: &str) -> Result<Box<dyn Sealed>, BlobError> {
        let missing = || BlobError::Missing(id.to_string());
        if let Some(path) = self.path_of(id) {
            return match tokio::fs::File::open(&path).await {
                Ok(f) => Ok(Box::new(f)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Err(missing()),
                Err(e) => Err(e.into()),
            };
        }
        let (store, path) = self.object_of(id).ok_or_else(missing)?;
        match store.head(&path).await {
            Ok(meta) => Ok(Box::new(BufReader::with_capacity(store, &meta, CHUNK + TAG))),
            Err(object_store::Error::NotFound { .. }) => Err(missing()),
            Err(e) => Err(bucket_error(e).into()),
        }
    }

    /// Starts a new blob under the current key.
    pub async fn create(&self) -> io::Result<BlobWriter> {
        let id = new_id();
        let mut sink = match &self.backend {
            Backend::Folder(dir) => {
                let tmp_dir = dir.join("tmp");
                tokio::fs::create_dir_all(&tmp_dir).await?;
                let tmp = tmp_dir.join(format!("{id}.part"));
                let file = tokio::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).await?;
                Sink::File { file, tmp, final_path: self.path_of(&id).expect("new ids are valid") }
            }
            Backend::Bucket { .. } => {
                let (store, path) = self.object_of(&id).expect("new ids are valid");
                Sink::Object(Box::new(BufWriter::new(store, path)))
            }
        };
        let mut nonce = [0u8; NONCE];
        OsRng.fill_bytes(&mut nonce);
        sink.write_all(&nonce).await?;
        let (key_id, cipher) = self.keys.current_cipher();
        let encryptor = EncryptorBE32::from_aead(cipher.clone(), GenericArray::from_slice(&nonce));
        Ok(BlobWriter {
            id,
            key_id: key_id.to_string(),
            sink,
            encryptor,
            buffer: Vec::with_capacity(CHUNK * 2),
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
        })
    }

    /// Stores a whole file held in memory (system documents are small).
    pub async fn put(&self, bytes: &[u8]) -> io::Result<StoredBlob> {
        let mut writer = self.create().await?;
        if let Err(e) = writer.write(bytes).await {
            writer.abandon().await;
            return Err(e);
        }
        writer.finish().await
    }

    /// When a blob was written (its file's or object's modification time).
    pub async fn written_at(&self, id: &str) -> Result<std::time::SystemTime, BlobError> {
        let missing = || BlobError::Missing(id.to_string());
        if let Some(path) = self.path_of(id) {
            return match tokio::fs::metadata(&path).await {
                Ok(meta) => Ok(meta.modified()?),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Err(missing()),
                Err(e) => Err(e.into()),
            };
        }
        let (store, path) = self.object_of(id).ok_or_else(missing)?;
        match store.head(&path).await {
            Ok(meta) => Ok(meta.last_modified.into()),
            Err(object_store::Error::NotFound { .. }) => Err(missing()),
            Err(e) => Err(bucket_error(e).into()),
        }
    }

    /// Removes a blob (after its row could not be committed).
    pub async fn remove(&self, id: &str) {
        if let Some(path) = self.path_of(id) {
            let _ = tokio::fs::remove_file(path).await;
        } else if let Some((store, path)) = self.object_of(id) {
            let _ = store.delete(&path).await;
        }
    }

    /// The plaintext of a blob as a stream of chunks. An altered chunk ends
    /// the stream with an error (the client sees a broken download, never
    /// altered bytes).
    pub async fn open(
        &self,
        id: &str,
        key_id: &str,
    ) -> Result<impl Stream<Item = io::Result<Bytes>> + use<>, BlobError> {
        let cipher = self.keys.cipher(key_id).ok_or_else(|| BlobError::Tampered(id.to_string()))?.clone();
        let mut file = self.sealed(id).await?;
        let mut nonce = [0u8; NONCE];
        file.read_exact(&mut nonce).await.map_err(|_| BlobError::Tampered(id.to_string()))?;
        let decryptor = DecryptorBE32::from_aead(cipher, GenericArray::from_slice(&nonce));
        let first = read_chunk(&mut file).await?;
        let state = ReadState { file, decryptor: Some(decryptor), pending: first, id: id.to_string() };
        // Fused: a body wrapper (compression) may poll once more after the end.
        Ok(futures_util::StreamExt::fuse(futures_util::stream::unfold(state, |mut s| async move {
            let decryptor = s.decryptor.take()?;
            let next = match read_chunk(&mut s.file).await {
                Ok(next) => next,
                Err(e) => return Some((Err(e), s)),
            };
            let aad = s.id.clone();
            let current = std::mem::replace(&mut s.pending, next);
            let opened = if s.pending.is_empty() {
                decryptor.decrypt_last(Payload { msg: &current, aad: aad.as_bytes() })
            } else {
                let mut decryptor = decryptor;
                let opened = decryptor.decrypt_next(Payload { msg: &current, aad: aad.as_bytes() });
                s.decryptor = Some(decryptor);
                opened
            };
            match opened {
                Ok(plain) => Some((Ok(Bytes::from(plain)), s)),
                Err(_) => {
                    s.decryptor = None;
                    Some((Err(io::Error::new(io::ErrorKind::InvalidData, format!("blob {} is altered", s.id))), s))
                }
            }
        })))
    }

    /// Reads a blob through and checks its size and hash.
    pub async fn check(&self, id: &str, key_id: &str, size: u64, sha256: &str) -> Result<bool, BlobError> {
        use futures_util::StreamExt;
        let stream = self.open(id, key_id).await?;
        futures_util::pin_mut!(stream);
        let (mut hasher, mut total) = (Sha256::new(), 0u64);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| BlobError::Tampered(id.to_string()))?;
            total += chunk.len() as u64;
            hasher.update(&chunk);
        }
        Ok(total == size && hex::encode(hasher.finalize()) == sha256)
    }

    /// Removes the half-written files (`tmp/*.part`) that a process killed
    /// mid-upload left, once older than `age` (longer than any upload may
    /// take, so another instance's upload in progress is never touched).
    /// Run at start-up; answers how many went. A bucket keeps no partial
    /// objects (an unfinished multipart upload is never visible).
    pub async fn sweep_partials(&self, age: std::time::Duration) -> io::Result<usize> {
        let Backend::Folder(dir) = &self.backend else { return Ok(0) };
        let mut entries = match tokio::fs::read_dir(dir.join("tmp")).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        let mut removed = 0;
        while let Some(entry) = entries.next_entry().await? {
            let stale = entry.metadata().await?.modified()?.elapsed().is_ok_and(|elapsed| elapsed > age);
            if entry.file_name().to_string_lossy().ends_with(".part") && stale {
                tokio::fs::remove_file(entry.path()).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The ids of every blob file in place (for finding unreferenced ones).
    pub async fn list(&self) -> io::Result<Vec<String>> {
        let mut ids = Vec::new();
        let dir = match &self.backend {
            Backend::Folder(dir) => dir,
            Backend::Bucket { store, prefix } => {
                use futures_util::TryStreamExt;
                let under = (!prefix.is_empty()).then(|| ObjectPath::from(prefix.as_str()));
                let objects: Vec<_> = store.list(under.as_ref()).try_collect().await.map_err(bucket_error)?;
                ids.extend(
                    objects
                        .into_iter()
                        .filter_map(|o| o.location.filename().map(str::to_string))
                        .filter(|id| valid_id(id)),
                );
                ids.sort();
                return Ok(ids);
            }
        };
        let mut dirs = match tokio::fs::read_dir(dir).await {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ids),
            Err(e) => return Err(e),
        };
        while let Some(entry) = dirs.next_entry().await? {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.len() != 2 || !entry.file_type().await?.is_dir() {
                continue;
            }
            let mut files = tokio::fs::read_dir(entry.path()).await?;
            while let Some(file) = files.next_entry().await? {
                let id = file.file_name().to_string_lossy().to_string();
                if valid_id(&id) {
                    ids.push(id);
                }
            }
        }
        ids.sort();
        Ok(ids)
    }
}

struct ReadState {
    file: Box<dyn Sealed>,
    decryptor: Option<DecryptorBE32<XChaCha20Poly1305>>,
    pending: Vec<u8>,
    id: String,
}

/// Up to one sealed chunk; empty at the end of the file.
async fn read_chunk(file: &mut Box<dyn Sealed>) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; CHUNK + TAG];
    let mut filled = 0;
    while filled < buf.len() {
        let n = file.read(&mut buf[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    buf.truncate(filled);
    Ok(buf)
}

/// Where a blob being written goes.
enum Sink {
    File { file: tokio::fs::File, tmp: PathBuf, final_path: PathBuf },
    Object(Box<BufWriter>),
}

impl Sink {
    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::File { file, .. } => file.write_all(bytes).await,
            Sink::Object(writer) => writer.write_all(bytes).await,
        }
    }
}

/// A blob being written.
pub struct BlobWriter {
    id: String,
    key_id: String,
    sink: Sink,
    encryptor: EncryptorBE32<XChaCha20Poly1305>,
    buffer: Vec<u8>,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
}

impl BlobWriter {
    /// Plaintext bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The first bytes written (up to 16), for recognising the file.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    pub async fn write(&mut self, data: &[u8]) -> io::Result<()> {
        if self.head.len() < 16 {
            let take = (16 - self.head.len()).min(data.len());
            self.head.extend_from_slice(&data[..take]);
        }
        self.hasher.update(data);
        self.size += data.len() as u64;
        self.buffer.extend_from_slice(data);
        // Keep the last (possibly full) chunk for `finish`, which marks it last.
        while self.buffer.len() > CHUNK {
            let sealed = self
                .encryptor
                .encrypt_next(Payload { msg: &self.buffer[..CHUNK], aad: self.id.as_bytes() })
                .map_err(|_| io::Error::other("encryption failed"))?;
            self.sink.write_all(&sealed).await?;
            self.buffer.drain(..CHUNK);
        }
        Ok(())
    }

    /// Seals the last chunk, flushes to disk and moves the blob into place.
    pub async fn finish(mut self) -> io::Result<StoredBlob> {
        let sealed = self
            .encryptor
            .encrypt_last(Payload { msg: &self.buffer, aad: self.id.as_bytes() })
            .map_err(|_| io::Error::other("encryption failed"))?;
        self.sink.write_all(&sealed).await?;
        match self.sink {
            Sink::File { file, tmp, final_path } => {
                let result = async {
                    file.sync_all().await?;
                    let parent = final_path.parent().expect("blob paths have a folder");
                    tokio::fs::create_dir_all(parent).await?;
                    tokio::fs::rename(&tmp, &final_path).await?;
                    // The rename itself survives a crash once its folder is synced.
                    tokio::fs::File::open(parent).await?.sync_all().await
                }
                .await;
                if let Err(e) = result {
                    let _ = tokio::fs::remove_file(&tmp).await;
                    return Err(e);
                }
            }
            // Completing the upload makes the object appear, whole.
            Sink::Object(mut writer) => {
                if let Err(e) = writer.shutdown().await {
                    let _ = writer.abort().await;
                    return Err(e);
                }
            }
        }
        Ok(StoredBlob {
            id: self.id,
            key_id: self.key_id,
            size: self.size,
            sha256: hex::encode(self.hasher.finalize()),
        })
    }

    /// Gives up: nothing of the blob remains.
    pub async fn abandon(self) {
        match self.sink {
            Sink::File { file, tmp, .. } => {
                drop(file);
                let _ = tokio::fs::remove_file(&tmp).await;
            }
            Sink::Object(mut writer) => {
                let _ = writer.abort().await;
            }
        }
    }
}

mod range;
#[cfg(test)]
mod tests;
