//! The blob store over a folder and over an object store.

use super::*;
use futures_util::StreamExt;

fn store(dir: &Path) -> BlobStore {
    let keys = Keyring::parse(&format!("b1:{}", "7".repeat(64))).unwrap();
    BlobStore::new(dir.to_path_buf(), Arc::new(keys))
}

async fn read_all(store: &BlobStore, blob: &StoredBlob) -> io::Result<Vec<u8>> {
    let stream = store.open(&blob.id, &blob.key_id).await.map_err(io::Error::other)?;
    futures_util::pin_mut!(stream);
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}

#[tokio::test]
async fn round_trips_every_size_around_the_chunk_boundary() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17] {
        let data: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
        let mut writer = store.create().await.unwrap();
        // In uneven pieces, as a network delivers them.
        for piece in data.chunks(7_777) {
            writer.write(piece).await.unwrap();
        }
        let blob = writer.finish().await.unwrap();
        assert_eq!(blob.size, size as u64);
        assert_eq!(blob.sha256, hex::encode(Sha256::digest(&data)));
        assert_eq!(read_all(&store, &blob).await.unwrap(), data, "size {size}");
        assert!(store.check(&blob.id, &blob.key_id, blob.size, &blob.sha256).await.unwrap());
        let on_disk = std::fs::read(store.path_of(&blob.id).unwrap()).unwrap();
        if size > 64 {
            assert!(!on_disk.windows(64).any(|w| w == &data[..64]), "no plaintext on disk");
        }
    }
    assert!(std::fs::read_dir(dir.path().join("tmp")).unwrap().next().is_none(), "no leftovers");
}

#[tokio::test]
async fn ranges_at_every_edge_match_the_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    for size in [1usize, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 333] {
        let data: Vec<u8> = (0..size).map(|i| (i * 13 % 241) as u8).collect();
        let blob = store.put(&data).await.unwrap();
        let n = size as u64;
        for (start, end) in
            [(0, 0), (0, n - 1), (n - 1, n - 1), (n / 2, n - 1), (n.saturating_sub(CHUNK as u64 + 1), n - 1)]
        {
            let got = store.open_range(&blob.id, &blob.key_id, n, start, end).await.unwrap();
            assert_eq!(got, data[start as usize..=end as usize], "size {size}, {start}-{end}");
        }
    }
}

#[tokio::test]
async fn altered_truncated_or_renamed_blobs_do_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let data = vec![42u8; 2 * CHUNK + 100];
    let blob = store.put(&data).await.unwrap();
    let path = store.path_of(&blob.id).unwrap();
    let original = std::fs::read(&path).unwrap();

    let mut flipped = original.clone();
    flipped[NONCE + CHUNK + 5] ^= 1;
    std::fs::write(&path, &flipped).unwrap();
    assert!(read_all(&store, &blob).await.is_err());
    assert!(!store.check(&blob.id, &blob.key_id, blob.size, &blob.sha256).await.unwrap_or(false));

    // Cut after whole chunks: the last-chunk mark is missing.
    std::fs::write(&path, &original[..NONCE + 2 * (CHUNK + TAG)]).unwrap();
    assert!(read_all(&store, &blob).await.is_err());

    // The right bytes under another blob's name.
    std::fs::write(&path, &original).unwrap();
    let other = store.put(b"%PDF-1.4 other").await.unwrap();
    std::fs::copy(&path, store.path_of(&other.id).unwrap()).unwrap();
    assert!(read_all(&store, &other).await.is_err());

    // Ranges read only their chunks, at their positions; an altered chunk fails there too.
    let ranged = |start: u64, end: u64| store.open_range(&blob.id, &blob.key_id, blob.size, start, end);
    assert_eq!(ranged(0, 9).await.unwrap(), vec![42u8; 10]);
    assert_eq!(ranged(CHUNK as u64 - 3, CHUNK as u64 + 2).await.unwrap().len(), 6);
    assert_eq!(ranged(blob.size - 5, blob.size - 1).await.unwrap(), vec![42u8; 5]);
    assert!(ranged(0, blob.size).await.is_err(), "past the end");
    let mut flipped = original.clone();
    flipped[NONCE + CHUNK + TAG + 7] ^= 1;
    std::fs::write(&path, &flipped).unwrap();
    assert!(ranged(0, 9).await.is_ok(), "the first chunk is intact");
    assert!(ranged(CHUNK as u64, CHUNK as u64 + 9).await.is_err(), "the second is not");
    // A range is streamed chunk by chunk, never gathered: the first chunk
    // comes out before the second (altered) one is even read.
    {
        use futures_util::StreamExt;
        let stream = store.open_range_stream(&blob.id, &blob.key_id, blob.size, 5, CHUNK as u64 + 9).await.unwrap();
        futures_util::pin_mut!(stream);
        assert_eq!(stream.next().await.unwrap().unwrap().len(), CHUNK - 5, "the first chunk's part, alone");
        assert!(stream.next().await.unwrap().is_err(), "then the altered one fails");
        assert!(stream.next().await.is_none());
    }
    std::fs::write(&path, &original).unwrap();

    std::fs::remove_file(&path).unwrap();
    assert!(matches!(store.open(&blob.id, &blob.key_id).await, Err(BlobError::Missing(_))));
    assert_eq!(store.list().await.unwrap(), vec![other.id.clone()]);
    assert!(store.path_of("../../etc/passwd").is_none());
}

/// The same sealing over an object store: round trips, ranges, a
/// tampered object, the listing, nothing visible before completion.
#[tokio::test]
async fn a_bucket_store_seals_and_opens_the_same_way() {
    let bucket: Arc<dyn ObjectStore> = Arc::new(object_store::memory::InMemory::new());
    let keys = Keyring::parse(&format!("b1:{}", "7".repeat(64))).unwrap();
    let store = BlobStore::in_bucket(bucket.clone(), "/blobs/", Arc::new(keys));
    assert!(store.path_of(&new_id()).is_none(), "no local paths for a bucket");
    let data: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i * 31 % 251) as u8).collect();
    let mut writer = store.create().await.unwrap();
    writer.write(&data[..CHUNK + 5]).await.unwrap();
    assert!(store.list().await.unwrap().is_empty(), "nothing visible before completion");
    writer.write(&data[CHUNK + 5..]).await.unwrap();
    let blob = writer.finish().await.unwrap();
    assert_eq!(read_all(&store, &blob).await.unwrap(), data);
    assert!(store.check(&blob.id, &blob.key_id, blob.size, &blob.sha256).await.unwrap());
    let n = blob.size;
    assert_eq!(store.open_range(&blob.id, &blob.key_id, n, n - 20, n - 1).await.unwrap(), data[data.len() - 20..]);
    assert_eq!(store.list().await.unwrap(), vec![blob.id.clone()]);
    let location = ObjectPath::from(format!("blobs/{}/{}", &blob.id[..2], blob.id));
    let sealed = bucket.get(&location).await.unwrap().bytes().await.unwrap();
    assert!(!sealed.windows(64).any(|w| w == &data[..64]), "no plaintext in the bucket");
    let mut flipped = sealed.to_vec();
    flipped[NONCE + 3] ^= 1;
    bucket.put(&location, flipped.into()).await.unwrap();
    assert!(read_all(&store, &blob).await.is_err());
    let abandoned = store.create().await.unwrap();
    abandoned.abandon().await;
    store.remove(&blob.id).await;
    assert!(matches!(store.open(&blob.id, &blob.key_id).await, Err(BlobError::Missing(_))));
    assert!(store.list().await.unwrap().is_empty());
}
