//! A file sent through the API or a web form becoming an own streamed
//! attachment (issue 13), without ever being held whole in memory or
//! written in plaintext to the disk.
//!
//! Every chunk's associated data binds the file's SHA-256, so no chunk can
//! be sealed before the last byte has arrived. The upload is therefore
//! kept first as temporary values in the `chunks` column family (sealed by
//! the store like every value, written without the log and flushed every
//! few MiB, as `sink.rs` writes chunks) while its digest is computed; then
//! each piece is read back, sealed under a new content key and written as
//! the file's chunk through the [`ChunkSink`], and the pieces are deleted.
//!
//! | key                                   | value                           |
//! |---------------------------------------|---------------------------------|
//! | `u/` upload id (16 bytes) `/` index (u32 BE) | a piece of the upload, plain bytes of chunk `index` |
//! | `p/` upload id                        | the file id whose chunks the upload is being sealed into |
//!
//! An upload cut short (the sender went away, the file too large, the disk
//! full) deletes what it wrote; one interrupted by a crash is deleted when
//! the node starts ([`clean_leftovers`]): its pieces, and through its `p/`
//! marker the chunks already sealed for a file whose entry was never
//! written.

use std::fmt::Display;

use dief_protocol::case::stream::{self, ContentKey, StreamedAttachment, DEFAULT_CHUNK_SIZE, MAX_STREAMED_FILE_BYTES};
use dief_protocol::reason::Reason;
use dief_protocol::Party;
use futures::{Stream, StreamExt};
use ring::rand::SecureRandom;
use tokio::sync::mpsc;
use tracing::{info, warn};

use super::sink::ChunkSink;
use super::{bitmap_key, chunk_key, empty_bitmap, entry_key, stream_error, FileEntry, FileId, FileState};
use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::records;
use crate::core::store::{Cf, Store};

/// An upload's random id, in the keys of its pieces.
type UploadId = [u8; 16];

const PIECES: &[u8] = b"u/";
const PENDING: &[u8] = b"p/";
/// Bytes of pieces written between two flushes: the `chunks` memtable's
/// size, as for the chunks themselves.
const FLUSH_BYTES: usize = 8 << 20;
/// Chunks the receiving side may get ahead of the writer.
const QUEUED: usize = 2;
/// Keys deleted per batch when pieces or chunks are cleared.
const DELETE_BATCH: u32 = 256;

fn piece_prefix(upload: &UploadId) -> Vec<u8> {
    [PIECES, upload.as_slice(), b"/"].concat()
}

fn piece_key(upload: &UploadId, index: u32) -> Vec<u8> {
    [piece_prefix(upload).as_slice(), &index.to_be_bytes()].concat()
}

fn pending_key(upload: &UploadId) -> Vec<u8> {
    [PENDING, upload.as_slice()].concat()
}

fn random<const N: usize>(what: &str) -> NodeResult<[u8; N]> {
    let mut out = [0u8; N];
    ring::rand::SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| NodeError::Internal(format!("no randomness for {what}")))?;
    Ok(out)
}

/// Refuses a name or media type no record could carry, before a byte of
/// the file is read.
pub fn check_name(name: &str, media_type: &str) -> NodeResult<()> {
    let provisional = StreamedAttachment {
        name: name.to_string(),
        media_type: media_type.to_string(),
        size: 0,
        sha256: [0; 32],
        key: ContentKey::from_bytes([0; 32]),
        chunk_size: DEFAULT_CHUNK_SIZE,
    };
    provisional.check(0)?;
    Ok(())
}

/// What the receiving side sends the writer.
enum Piece {
    /// The next chunk's plain bytes.
    Bytes(Vec<u8>),
    /// The whole upload arrived: seal it.
    End,
}

/// Stores the bytes `pieces` yields (pieces of any size, in order) as this
/// node's own streamed attachment named `name`, sealed under a new content
/// key. Holds at most a few chunks in memory whatever the file's size;
/// refuses a file over [`MAX_STREAMED_FILE_BYTES`] or a disk short of
/// room. An upload that does not complete, including one whose future is
/// dropped (the sender went away), leaves nothing: the writer, on its own
/// thread, deletes what it wrote when the pieces stop without an end.
pub async fn store_upload<S, B, E>(
    core: &Core,
    pieces: S,
    name: String,
    media_type: String,
) -> NodeResult<StreamedAttachment>
where
    S: Stream<Item = Result<B, E>>,
    B: AsRef<[u8]>,
    E: Display,
{
    check_name(&name, &media_type)?;
    let store = core.store().clone();
    store.check_room()?;
    let upload: UploadId = random("an upload id")?;
    let key = ContentKey::from_bytes(random("a content key")?);
    let (party, now) = (core.party(), core.now_ms());
    let (tx, rx) = mpsc::channel(QUEUED);
    let writer = tokio::task::spawn_blocking(move || {
        let file =
            StreamedAttachment { name, media_type, size: 0, sha256: [0; 32], key, chunk_size: DEFAULT_CHUNK_SIZE };
        let stored = keep_and_seal(&store, &upload, file, party, now, rx);
        if stored.is_err() {
            if let Err(e) = discard(&store, &upload) {
                warn!(error = %e, "what a failed upload wrote stays until the node starts again");
            }
        }
        stored
    });
    let received = receive(pieces, &tx).await;
    if received.is_err() {
        // The writer sees the pieces stop without an end and clears up.
        drop(tx);
    }
    let stored = writer.await.map_err(|e| NodeError::Internal(format!("storing the upload stopped: {e}")));
    match (received, stored) {
        (Ok(()), Ok(stored)) => stored,
        // The writer's own failure (a full disk) explains a stopped
        // receiver better than "the writer went away".
        (Err(_), Ok(Err(e))) if !matches!(e, NodeError::Refused(_)) => Err(e),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Cuts the incoming pieces into chunks and hands them to the writer, then
/// the end.
async fn receive<S, B, E>(pieces: S, tx: &mpsc::Sender<Piece>) -> NodeResult<()>
where
    S: Stream<Item = Result<B, E>>,
    B: AsRef<[u8]>,
    E: Display,
{
    let chunk = DEFAULT_CHUNK_SIZE as usize;
    let writer_gone = || NodeError::Internal("the upload's writer stopped".into());
    let mut pieces = std::pin::pin!(pieces);
    let mut buf = Vec::with_capacity(chunk);
    let mut total = 0u64;
    while let Some(piece) = pieces.next().await {
        let piece = piece.map_err(|e| {
            NodeError::Refused(Reason::new("refusal-attachment-upload-interrupted").text("why", e.to_string()))
        })?;
        let mut rest = piece.as_ref();
        total += rest.len() as u64;
        if total > MAX_STREAMED_FILE_BYTES {
            return Err(NodeError::Refused(
                Reason::new("refusal-attachment-upload-too-large").number("limit", MAX_STREAMED_FILE_BYTES),
            ));
        }
        while !rest.is_empty() {
            let take = (chunk - buf.len()).min(rest.len());
            buf.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if buf.len() == chunk {
                let full = std::mem::replace(&mut buf, Vec::with_capacity(chunk));
                tx.send(Piece::Bytes(full)).await.map_err(|_| writer_gone())?;
            }
        }
    }
    if !buf.is_empty() {
        tx.send(Piece::Bytes(buf)).await.map_err(|_| writer_gone())?;
    }
    tx.send(Piece::End).await.map_err(|_| writer_gone())
}

fn abandoned() -> NodeError {
    NodeError::Refused(Reason::new("refusal-attachment-upload-interrupted").text("why", "the sender went away"))
}

/// The writer, on a blocking thread: keeps each piece as a temporary value
/// and hashes it; at the end, seals the file (`file` has its name, type
/// and key; its size and digest are filled in here).
fn keep_and_seal(
    store: &Store,
    upload: &UploadId,
    mut file: StreamedAttachment,
    party: Party,
    now: i64,
    mut rx: mpsc::Receiver<Piece>,
) -> NodeResult<StreamedAttachment> {
    let mut hash = stream::Sha256Stream::default();
    let (mut index, mut unflushed) = (0u32, 0usize);
    loop {
        match rx.blocking_recv() {
            Some(Piece::Bytes(piece)) => {
                store.check_room()?;
                hash.update(&piece);
                file.size += piece.len() as u64;
                let mut batch = store.batch();
                batch.put(Cf::Chunks, &piece_key(upload, index), &piece);
                store.write_unlogged(batch)?;
                index += 1;
                unflushed += piece.len();
                if unflushed >= FLUSH_BYTES {
                    store.flush_cf(Cf::Chunks)?;
                    unflushed = 0;
                }
            }
            Some(Piece::End) => break,
            None => return Err(abandoned()),
        }
    }
    if unflushed > 0 {
        store.flush_cf(Cf::Chunks)?;
    }
    file.sha256 = hash.finish();
    seal(store, upload, file, party, now, &rx)
}

/// Reads the pieces back, seals each as the file's chunk, writes the
/// file's entry, and deletes the pieces as their chunks become durable.
/// Stops if the asker goes away (`rx` closed) before the entry is written.
fn seal(
    store: &Store,
    upload: &UploadId,
    file: StreamedAttachment,
    party: Party,
    now: i64,
    rx: &mpsc::Receiver<Piece>,
) -> NodeResult<StreamedAttachment> {
    stream::check_streamed(std::slice::from_ref(&file))?;
    let id = file.id();
    let count = file.chunk_count();
    let mut marker = store.batch();
    marker.put(Cf::Chunks, &pending_key(upload), &id);
    store.write_sync(marker)?;
    let mut again = stream::FileCheck::new(&file);
    let mut sink = ChunkSink::new(store.clone(), &file, empty_bitmap(count));
    let mut cleared = 0u32;
    for i in 0..count {
        if rx.is_closed() {
            return Err(abandoned());
        }
        store.check_room()?;
        let plain = store
            .get(Cf::Chunks, &piece_key(upload, i))?
            .ok_or_else(|| NodeError::Internal(format!("piece {i} of an upload is missing")))?;
        again.update(&plain);
        let staged = sink.stage(i, &stream::seal_chunk(&file, i, &plain).map_err(stream_error)?);
        if sink.put(i, staged)? > 0 {
            delete_range(store, |j| piece_key(upload, j), cleared, i + 1)?;
            cleared = i + 1;
        }
    }
    if again.finish().is_err() {
        return Err(NodeError::Internal("the upload read back is not the upload received".into()));
    }
    sink.flush()?;
    delete_range(store, |j| piece_key(upload, j), cleared, count)?;
    if rx.is_closed() {
        return Err(abandoned());
    }
    let entry =
        FileEntry { file: file.clone(), provider: party, case: None, state: FileState::Complete, added_at: now };
    let mut batch = store.batch();
    batch.put(Cf::Chunks, &entry_key(&id), &records::encode("file", &entry)?);
    batch.delete(Cf::Chunks, &pending_key(upload));
    store.write_sync(batch)?;
    info!(name = %file.name, size = file.size, chunks = count, "upload stored as a streamed attachment");
    Ok(file)
}

/// Deletes the keys `key(from..to)`, a batch at a time.
fn delete_range(store: &Store, key: impl Fn(u32) -> Vec<u8>, from: u32, to: u32) -> NodeResult<()> {
    let mut start = from;
    while start < to {
        let end = to.min(start.saturating_add(DELETE_BATCH));
        let mut batch = store.batch();
        for j in start..end {
            batch.delete(Cf::Chunks, &key(j));
        }
        store.write_sync(batch)?;
        start = end;
    }
    Ok(())
}

/// One past the highest index under `prefix` (keys ending in a u32 BE
/// index), from the keys alone.
fn index_end(store: &Store, prefix: &[u8]) -> NodeResult<u32> {
    let last = store.rev_find_key(Cf::Chunks, prefix, |k| k.len() == prefix.len() + 4)?;
    Ok(last
        .and_then(|k| k.get(prefix.len()..).and_then(|b| <[u8; 4]>::try_from(b).ok()))
        .map_or(0, |b| u32::from_be_bytes(b).saturating_add(1)))
}

/// Deletes the file's chunks and its bitmap (its entry stays).
pub(in crate::core) fn delete_chunks(store: &Store, id: &FileId, count: u32) -> NodeResult<()> {
    let end = index_end(store, &[b"c/".as_slice(), id].concat())?.max(count);
    delete_range(store, |j| chunk_key(id, j), 0, end)?;
    let mut batch = store.batch();
    batch.delete(Cf::Chunks, &bitmap_key(id));
    store.write_sync(batch)?;
    Ok(())
}

/// Deletes an own file no case came to name (the case was withdrawn, or
/// filled, while the file was stored): its chunks, bitmap and entry.
pub async fn discard_own(core: &Core, file: &StreamedAttachment) -> NodeResult<()> {
    let (store, id, count) = (core.store().clone(), file.id(), file.chunk_count());
    tokio::task::spawn_blocking(move || -> NodeResult<()> {
        delete_chunks(&store, &id, count)?;
        let mut batch = store.batch();
        batch.delete(Cf::Chunks, &entry_key(&id));
        store.write_sync(batch)?;
        Ok(())
    })
    .await
    .map_err(|e| NodeError::Internal(format!("discarding the file stopped: {e}")))?
}

/// Deletes what an upload wrote that no entry names: its pieces, and the
/// chunks sealed from them if its marker is there.
fn discard(store: &Store, upload: &UploadId) -> NodeResult<()> {
    if let Some(id) = store.get(Cf::Chunks, &pending_key(upload))? {
        if let Ok(id) = FileId::try_from(id.as_slice()) {
            if store.get(Cf::Chunks, &entry_key(&id))?.is_none() {
                delete_chunks(store, &id, 0)?;
            }
        }
        let mut batch = store.batch();
        batch.delete(Cf::Chunks, &pending_key(upload));
        store.write_sync(batch)?;
    }
    let end = index_end(store, &piece_prefix(upload))?;
    delete_range(store, |j| piece_key(upload, j), 0, end)
}

/// Keys uploads hold now (pieces and markers): none once every upload
/// has ended, whatever way.
#[cfg(any(test, feature = "test-support"))]
pub(in crate::core) fn held_keys(store: &Store) -> NodeResult<usize> {
    Ok(store.count(Cf::Chunks, PIECES)? + store.count(Cf::Chunks, PENDING)?)
}

/// At start: deletes what uploads interrupted by a stop or a crash left.
/// Returns how many uploads were cleared.
pub(in crate::core) fn clean_leftovers(store: &Store) -> NodeResult<usize> {
    let mut cleared = 0usize;
    for (key, _) in store.scan_prefix(Cf::Chunks, PENDING)? {
        if let Some(upload) = key.get(PENDING.len()..).and_then(|b| UploadId::try_from(b).ok()) {
            discard(store, &upload)?;
            cleared += 1;
        }
    }
    let piece_key_len = PIECES.len() + 16 + 1 + 4;
    while let Some(key) = store.rev_find_key(Cf::Chunks, PIECES, |_| true)? {
        match key.get(PIECES.len()..PIECES.len() + 16).and_then(|b| UploadId::try_from(b).ok()) {
            Some(upload) if key.len() == piece_key_len => discard(store, &upload)?,
            // Not a key this module writes: deleted so the loop ends.
            _ => store.delete_sync(Cf::Chunks, &key)?,
        }
        cleared += 1;
    }
    if cleared > 0 {
        info!(cleared, "deleted what interrupted uploads left");
    }
    Ok(cleared)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::core::attachments::read_chunk;
    use crate::core::store::temp_store;

    /// `len` random bytes with a recognisable text every 4 KiB, to look
    /// for on the disk.
    fn file_bytes(len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        ring::rand::SystemRandom::new().fill(&mut out).unwrap();
        for at in (0..len.saturating_sub(64)).step_by(4096) {
            out[at..at + NEEDLE.len()].copy_from_slice(NEEDLE);
        }
        out
    }

    const NEEDLE: &[u8] = b"PLAINTEXT-OF-AN-UPLOAD";

    fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<String> {
        let mut hits = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                hits.extend(files_containing(&path, needle));
            } else if std::fs::read(&path).unwrap().windows(needle.len()).any(|w| w == needle) {
                hits.push(path.display().to_string());
            }
        }
        hits
    }

    fn provisional(name: &str) -> StreamedAttachment {
        StreamedAttachment {
            name: name.into(),
            media_type: "video/mp4".into(),
            size: 0,
            sha256: [0; 32],
            key: ContentKey::from_bytes([9; 32]),
            chunk_size: DEFAULT_CHUNK_SIZE,
        }
    }

    /// Sends `bytes` to a writer in pieces of `piece` bytes (then the end,
    /// if `end`), as `receive` would.
    fn feed(bytes: &[u8], end: bool) -> mpsc::Receiver<Piece> {
        let (tx, rx) = mpsc::channel(1024);
        for c in bytes.chunks(DEFAULT_CHUNK_SIZE as usize) {
            tx.try_send(Piece::Bytes(c.to_vec())).unwrap();
        }
        if end {
            tx.try_send(Piece::End).unwrap();
            // Kept open: a closed channel means the asker went away.
            std::mem::forget(tx);
        }
        rx
    }

    #[test]
    fn keys_sort_by_upload_then_index() {
        let (a, b) = ([1u8; 16], [2u8; 16]);
        assert!(piece_key(&a, 0) < piece_key(&a, 1));
        assert!(piece_key(&a, 255) < piece_key(&a, 256));
        assert!(piece_key(&a, u32::MAX) < piece_key(&b, 0));
        assert!(piece_key(&a, 7).starts_with(&piece_prefix(&a)));
        assert_eq!(piece_key(&a, 7).len(), PIECES.len() + 16 + 1 + 4);
    }

    #[test]
    fn a_name_no_record_could_carry_is_refused_before_any_byte() {
        assert!(check_name("film.mp4", "video/mp4").is_ok());
        assert!(check_name("../film.mp4", "video/mp4").is_err());
        assert!(check_name("film.mp4", "not a media type").is_err());
    }

    #[test]
    fn an_upload_becomes_sealed_chunks_and_leaves_no_piece_and_no_plaintext() {
        let (dir, store) = temp_store();
        let bytes = file_bytes(3 * DEFAULT_CHUNK_SIZE as usize + 12_345);
        let file = keep_and_seal(&store, &[1; 16], provisional("film.mp4"), Party::Secretariat, 5, feed(&bytes, true))
            .unwrap();
        assert_eq!(file.size, bytes.len() as u64);
        let mut digest = stream::Sha256Stream::default();
        digest.update(&bytes);
        assert_eq!(file.sha256, digest.finish());
        assert_eq!(file.chunk_count(), 4);
        let mut back = Vec::new();
        for i in 0..file.chunk_count() {
            back.extend(read_chunk(&store, &file, i).unwrap());
        }
        assert!(back == bytes, "the chunks do not give the upload back");
        let entry: FileEntry =
            records::decode("file", &store.get(Cf::Chunks, &entry_key(&file.id())).unwrap().unwrap()).unwrap();
        assert_eq!(entry.state, FileState::Complete);
        assert_eq!(held_keys(&store).unwrap(), 0, "pieces or marker left");
        store.flush().unwrap();
        assert_eq!(files_containing(dir.path(), NEEDLE), Vec::<String>::new(), "plaintext on the disk");
    }

    #[test]
    fn pieces_that_stop_without_an_end_are_deleted() {
        let (_dir, store) = temp_store();
        let bytes = file_bytes(2 * DEFAULT_CHUNK_SIZE as usize);
        let upload = [2; 16];
        let stopped =
            keep_and_seal(&store, &upload, provisional("cut.bin"), Party::Secretariat, 5, feed(&bytes, false));
        assert!(matches!(stopped, Err(NodeError::Refused(ref r)) if r.key == "refusal-attachment-upload-interrupted"));
        assert_eq!(held_keys(&store).unwrap(), 2, "the pieces were kept until the stop");
        discard(&store, &upload).unwrap();
        assert_eq!(held_keys(&store).unwrap(), 0);
    }

    #[test]
    fn what_a_crash_left_is_deleted_at_start_and_nothing_else() {
        let (_dir, store) = temp_store();
        let mut batch = store.batch();
        for (upload, pieces) in [([3u8; 16], 3u32), ([4u8; 16], 1)] {
            for i in 0..pieces {
                batch.put(Cf::Chunks, &piece_key(&upload, i), b"piece");
            }
        }
        // An upload stopped while its chunks were being sealed: a marker
        // naming a file without an entry, some of its chunks and bitmap.
        let sealing: FileId = [5; 32];
        batch.put(Cf::Chunks, &pending_key(&[3u8; 16]), &sealing);
        for i in 0..2 {
            batch.put(Cf::Chunks, &chunk_key(&sealing, i), b"chunk");
        }
        batch.put(Cf::Chunks, &bitmap_key(&sealing), &[3]);
        // A file that is the node's: untouched.
        let kept: FileId = [6; 32];
        batch.put(Cf::Chunks, &chunk_key(&kept, 0), b"chunk");
        store.write_sync(batch).unwrap();
        assert_eq!(held_keys(&store).unwrap(), 5);

        assert_eq!(clean_leftovers(&store).unwrap(), 2);
        assert_eq!(held_keys(&store).unwrap(), 0);
        assert_eq!(store.count(Cf::Chunks, &[b"c/".as_slice(), &sealing].concat()).unwrap(), 0);
        assert!(store.get(Cf::Chunks, &bitmap_key(&sealing)).unwrap().is_none());
        assert!(store.get(Cf::Chunks, &chunk_key(&kept, 0)).unwrap().is_some());
        assert_eq!(clean_leftovers(&store).unwrap(), 0);
    }
}
