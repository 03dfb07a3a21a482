//! Range reads of a sealed blob: only the chunks that hold the wanted
//! bytes are read and opened, each at its own position in the stream (so an
//! altered chunk still fails), and handed out one at a time.

use std::io;

use axum::body::Bytes;
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::Payload;
use chacha20poly1305::aead::generic_array::GenericArray;
use chacha20poly1305::aead::stream::{NewStream, StreamBE32, StreamPrimitive};
use futures_util::Stream;
use tokio::io::AsyncReadExt;

use super::{BlobError, BlobStore, CHUNK, NONCE, Sealed, TAG, read_chunk};

impl BlobStore {
    /// The plaintext bytes `start..=end` of a blob of `size` bytes (a range
    /// request), gathered: what [`open_range_stream`] streams.
    pub async fn open_range(
        &self,
        id: &str,
        key_id: &str,
        size: u64,
        start: u64,
        end: u64,
    ) -> Result<Vec<u8>, BlobError> {
        use futures_util::StreamExt;
        let stream = self.open_range_stream(id, key_id, size, start, end).await?;
        futures_util::pin_mut!(stream);
        let mut out = Vec::with_capacity((end - start + 1) as usize);
        while let Some(piece) = stream.next().await {
            out.extend_from_slice(&piece.map_err(|_| BlobError::Tampered(id.to_string()))?);
        }
        Ok(out)
    }

    /// The plaintext bytes `start..=end` of a blob of `size` bytes as a
    /// stream, one chunk at a time (a range of a large file never sits in
    /// memory whole): only the chunks that hold them are read and opened,
    /// each at its own position in the stream, so an altered chunk still
    /// fails. The first is opened before this returns (a blob altered there
    /// is an error, not a broken body); a later altered one ends the stream
    /// with an error.
    pub async fn open_range_stream(
        &self,
        id: &str,
        key_id: &str,
        size: u64,
        start: u64,
        end: u64,
    ) -> Result<impl Stream<Item = io::Result<Bytes>> + use<>, BlobError> {
        let tampered = || BlobError::Tampered(id.to_string());
        if start > end || end >= size {
            return Err(tampered());
        }
        let cipher = self.keys.cipher(key_id).ok_or_else(tampered)?.clone();
        let mut file = self.sealed(id).await?;
        let mut nonce = [0u8; NONCE];
        file.read_exact(&mut nonce).await.map_err(|_| tampered())?;
        let chunk = CHUNK as u64;
        let mut range = RangeState {
            file,
            stream: StreamBE32::from_aead(cipher, GenericArray::from_slice(&nonce)),
            index: start / chunk,
            // The writer keeps the last chunk for `finish`: a blob of n·CHUNK
            // bytes ends with a full chunk marked last (an empty blob, one empty chunk).
            last_index: size.saturating_sub(1) / chunk,
            start,
            end,
            id: id.to_string(),
        };
        let first = range.next_piece().await?;
        let rest = futures_util::stream::unfold(range, |mut r| async move {
            if r.index > r.end / CHUNK as u64 {
                return None;
            }
            let piece = r.next_piece().await.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
            if piece.is_err() {
                // Nothing after a chunk that does not open.
                r.index = r.end / CHUNK as u64 + 1;
            }
            Some((piece, r))
        });
        Ok(futures_util::StreamExt::fuse(futures_util::StreamExt::chain(
            futures_util::stream::once(std::future::ready(Ok(first))),
            rest,
        )))
    }
}

/// Where a range read is: the next chunk to open and the bytes wanted.
struct RangeState {
    file: Box<dyn Sealed>,
    stream: StreamBE32<XChaCha20Poly1305>,
    index: u64,
    last_index: u64,
    start: u64,
    end: u64,
    id: String,
}

impl RangeState {
    /// Opens chunk `index` and returns the wanted part of it.
    async fn next_piece(&mut self) -> Result<Bytes, BlobError> {
        use tokio::io::AsyncSeekExt;
        let tampered = || BlobError::Tampered(self.id.clone());
        let chunk = CHUNK as u64;
        let index = self.index;
        self.file.seek(std::io::SeekFrom::Start(NONCE as u64 + index * (chunk + TAG as u64))).await?;
        let sealed = read_chunk(&mut self.file).await?;
        let position = u32::try_from(index).map_err(|_| tampered())?;
        let plain = self
            .stream
            .decrypt(position, index == self.last_index, Payload { msg: &sealed, aad: self.id.as_bytes() })
            .map_err(|_| tampered())?;
        let from = if index == self.start / chunk { (self.start % chunk) as usize } else { 0 };
        let to = if index == self.end / chunk { (self.end % chunk) as usize + 1 } else { plain.len() };
        let piece = Bytes::copy_from_slice(plain.get(from..to).ok_or_else(tampered)?);
        self.index += 1;
        Ok(piece)
    }
}
