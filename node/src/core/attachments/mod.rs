//! Streamed attachments in the store (issue 13): files that travel in
//! sealed chunks beside the record naming them
//! ([`dief_protocol::case::stream`]).
//!
//! The core knows a file by its [`StreamedAttachment`] and the party that
//! serves it, never by what it means to the Forum. It keeps, in the
//! `chunks` column family (every value sealed again by the store):
//!
//! | key                         | value                                 |
//! |-----------------------------|---------------------------------------|
//! | `f/` file id                | [`FileEntry`]: the file, its provider, its state |
//! | `h/` file id                | bitmap of the chunks held, written after each flush (`sink.rs`) |
//! | `c/` file id, index (u32 BE)| the chunk as sealed under the content key |
//! | `g/` file id, party         | empty: that party may fetch the file's chunks |
//! | `u/` upload id `/` index    | a piece of an upload, before its digest is known (`upload.rs`) |
//! | `p/` upload id              | the file an upload is being sealed into (cleaned at start) |
//!
//! Chunks are written once, without the write-ahead log, and recorded in
//! the bitmap only after their memtable is flushed to a synced blob file
//! (`sink.rs`), so a fetch resumes after a restart from what the bitmap
//! says. The provider writes its own file's chunks as it reads the file
//! ([`store_own`]); the cases service grants each recipient of a case the
//! files the case names ([`grant`]) and asks for the files of a case it
//! receives ([`want`]). `fetch.rs` pulls what is wanted; `serve.rs` answers
//! the chunk requests of members holding a grant.

use std::io::Read;
use std::path::Path;

use dief_protocol::case::stream::{self, ContentKey, StreamedAttachment, DEFAULT_CHUNK_SIZE};
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, Party};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::records;
use crate::core::store::{Batch, Cf, Store, StoreError};

pub(in crate::core) mod fetch;
pub(in crate::core) mod serve;
pub(in crate::core) mod sink;
pub(crate) mod upload;

pub use fetch::WINDOW;

/// A file's id, as the chunk protocol and the store name it.
pub type FileId = [u8; 32];

/// Where a file stands on this node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Chunks are being fetched from the provider.
    Fetching,
    /// Every chunk is held and the whole file matched its digest.
    Complete,
    /// The chunks held do not make the file of the record.
    Failed,
}

/// What the node keeps of one file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileEntry {
    pub file: StreamedAttachment,
    /// Who serves it (this node's own party for its own files).
    pub provider: Party,
    /// The case that named it first.
    pub case: Option<CaseId>,
    pub state: FileState,
    pub added_at: i64,
}

/// One file's progress, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProgress {
    /// Hex of the file id.
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Plain bytes of the chunks held.
    pub held_bytes: u64,
    pub chunks: u32,
    pub held_chunks: u32,
    pub state: FileState,
    pub provider: Party,
    pub case: Option<CaseId>,
    /// Hex of the SHA-256 of the plain file.
    pub sha256: String,
}

pub(in crate::core) fn entry_key(id: &FileId) -> Vec<u8> {
    [b"f/".as_slice(), id].concat()
}

pub(in crate::core) fn bitmap_key(id: &FileId) -> Vec<u8> {
    [b"h/".as_slice(), id].concat()
}

pub(in crate::core) fn chunk_key(id: &FileId, index: u32) -> Vec<u8> {
    [b"c/".as_slice(), id, &index.to_be_bytes()].concat()
}

fn grant_key(id: &FileId, party: Party) -> Vec<u8> {
    [b"g/".as_slice(), id, party.to_string().as_bytes()].concat()
}

/// Whether bit `i` of a held-chunks bitmap is set.
pub(in crate::core) fn is_held(bitmap: &[u8], i: u32) -> bool {
    bitmap.get((i / 8) as usize).is_some_and(|b| b & (1 << (i % 8)) != 0)
}

pub(in crate::core) fn set_held(bitmap: &mut [u8], i: u32) {
    if let Some(b) = bitmap.get_mut((i / 8) as usize) {
        *b |= 1 << (i % 8);
    }
}

fn empty_bitmap(count: u32) -> Vec<u8> {
    vec![0; count.div_ceil(8) as usize]
}

fn internal(what: &str) -> impl Fn(std::io::Error) -> NodeError + '_ {
    move |e| NodeError::Internal(format!("{what}: {e}"))
}

/// Lets `party` fetch the chunks of `file` (it was sent a case naming it).
pub fn grant(batch: &mut Batch, file: &StreamedAttachment, party: Party) {
    batch.put(Cf::Chunks, &grant_key(&file.id(), party), &[]);
}

pub(in crate::core) fn is_granted(store: &Store, id: &FileId, party: Party) -> Result<bool, StoreError> {
    Ok(store.get(Cf::Chunks, &grant_key(id, party))?.is_some())
}

/// Asks for `file` from `provider`, unless it is already known here. Returns
/// whether it was new (then wake the fetcher once the batch is durable).
pub fn want(
    store: &Store,
    batch: &mut Batch,
    file: &StreamedAttachment,
    provider: Party,
    case: Option<CaseId>,
    now: i64,
) -> NodeResult<bool> {
    let id = file.id();
    if store.get(Cf::Chunks, &entry_key(&id))?.is_some() {
        return Ok(false);
    }
    let entry = FileEntry { file: file.clone(), provider, case, state: FileState::Fetching, added_at: now };
    batch.put(Cf::Chunks, &entry_key(&id), &records::encode("file", &entry)?);
    batch.put(Cf::Chunks, &bitmap_key(&id), &empty_bitmap(file.chunk_count()));
    Ok(true)
}

pub(in crate::core) fn read_entry(store: &Store, id: &FileId) -> NodeResult<Option<FileEntry>> {
    match store.get(Cf::Chunks, &entry_key(id))? {
        Some(v) => Ok(Some(records::decode("file", &v)?)),
        None => Ok(None),
    }
}

pub(in crate::core) fn read_bitmap(store: &Store, entry: &FileEntry) -> NodeResult<Vec<u8>> {
    let count = entry.file.chunk_count();
    let mut bitmap = store.get(Cf::Chunks, &bitmap_key(&entry.file.id()))?.unwrap_or_default();
    bitmap.resize(count.div_ceil(8) as usize, 0);
    Ok(bitmap)
}

pub(in crate::core) fn progress(store: &Store, entry: FileEntry) -> NodeResult<FileProgress> {
    let bitmap = read_bitmap(store, &entry)?;
    let f = &entry.file;
    let chunks = f.chunk_count();
    let (mut held_chunks, mut held_bytes) = (0u32, 0u64);
    for i in (0..chunks).filter(|i| is_held(&bitmap, *i)) {
        held_chunks += 1;
        held_bytes += f.chunk_len(i).unwrap_or(0) as u64;
    }
    Ok(FileProgress {
        id: hex::encode(f.id()),
        name: f.name.clone(),
        media_type: f.media_type.clone(),
        size: f.size,
        held_bytes,
        chunks,
        held_chunks,
        state: entry.state,
        provider: entry.provider,
        case: entry.case,
        sha256: hex::encode(f.sha256),
    })
}

/// Reads the file at `path` twice, a chunk at a time: once for its digest
/// (every chunk's associated data binds it), then to seal and store each
/// chunk through a [`sink::ChunkSink`]. Holds one chunk at a time.
fn store_own_blocking(
    store: &Store,
    party: Party,
    path: &Path,
    name: String,
    media_type: String,
    now: i64,
) -> NodeResult<StreamedAttachment> {
    let chunk = DEFAULT_CHUNK_SIZE as usize;
    let mut buf = vec![0u8; chunk];
    let mut hash = stream::Sha256Stream::default();
    let mut size = 0u64;
    let mut f = std::fs::File::open(path).map_err(internal("cannot open the file"))?;
    loop {
        let n = f.read(&mut buf).map_err(internal("cannot read the file"))?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        size += n as u64;
    }
    let mut key = [0u8; 32];
    ring::rand::SystemRandom::new()
        .fill(&mut key)
        .map_err(|_| NodeError::Internal("no randomness for a content key".into()))?;
    let file = StreamedAttachment {
        name,
        media_type,
        size,
        sha256: hash.finish(),
        key: ContentKey::from_bytes(key),
        chunk_size: DEFAULT_CHUNK_SIZE,
    };
    stream::check_streamed(std::slice::from_ref(&file))?;
    let id = file.id();
    let mut f = std::fs::File::open(path).map_err(internal("cannot open the file"))?;
    let mut again = stream::FileCheck::new(&file);
    let mut sink = sink::ChunkSink::new(store.clone(), &file, empty_bitmap(file.chunk_count()));
    for i in 0..file.chunk_count() {
        let len = file.chunk_len(i).map_err(stream_error)?;
        f.read_exact(&mut buf[..len]).map_err(internal("the file changed while it was read"))?;
        again.update(&buf[..len]);
        let staged = sink.stage(i, &stream::seal_chunk(&file, i, &buf[..len]).map_err(stream_error)?);
        sink.put(i, staged)?;
    }
    if again.finish().is_err() {
        return Err(NodeError::Internal("the file changed while it was read".into()));
    }
    sink.flush()?;
    let entry =
        FileEntry { file: file.clone(), provider: party, case: None, state: FileState::Complete, added_at: now };
    let mut batch = store.batch();
    batch.put(Cf::Chunks, &entry_key(&id), &records::encode("file", &entry)?);
    store.write_sync(batch)?;
    Ok(file)
}

/// Stores the file at `path` (on the node's host) as this node's own
/// streamed attachment, sealed under a new content key.
pub async fn store_own(core: &Core, path: &Path, name: String, media_type: String) -> NodeResult<StreamedAttachment> {
    let (store, party, now, path) = (core.store().clone(), core.party(), core.now_ms(), path.to_path_buf());
    tokio::task::spawn_blocking(move || store_own_blocking(&store, party, &path, name, media_type, now))
        .await
        .map_err(|e| NodeError::Internal(format!("storing the file stopped: {e}")))?
}

/// Records which case first named an own file (for the listings).
pub async fn name_case(core: &Core, file: &StreamedAttachment, case: CaseId) -> NodeResult<()> {
    let store = core.store();
    if let Some(mut entry) = read_entry(store, &file.id())? {
        entry.case = Some(case);
        let mut batch = store.batch();
        batch.put(Cf::Chunks, &entry_key(&file.id()), &records::encode("file", &entry)?);
        store.commit(batch).await?;
    }
    Ok(())
}

pub(in crate::core) fn parse_id(id: &str) -> NodeResult<FileId> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(id, &mut out)
        .map_err(|_| NodeError::Refused(Reason::new("refusal-attachment-bad-id").text("id", id)))?;
    Ok(out)
}

/// A stream of a complete file's plain bytes, a chunk at a time.
pub type Content = mpsc::Receiver<NodeResult<Vec<u8>>>;

/// Chunk `i` of a held file, opened.
pub(in crate::core) fn read_chunk(store: &Store, file: &StreamedAttachment, i: u32) -> NodeResult<Vec<u8>> {
    let sealed = store
        .get(Cf::Chunks, &chunk_key(&file.id(), i))?
        .ok_or_else(|| NodeError::Internal(format!("chunk {i} of a complete file is missing")))?;
    stream::open_chunk(file, i, sealed).map_err(stream_error)
}

pub(in crate::core) fn stream_error(e: stream::StreamError) -> NodeError {
    NodeError::Internal(e.to_string())
}
