//! Pulling the chunks of wanted files from their provider: a window of
//! requests in flight, each answer opened under the file's key before it
//! is stored (with the bitmap of held chunks, in one batch), then the
//! whole file read back and checked against its digest. A failed request
//! goes back in the queue; a provider that cannot be reached is retried
//! with the outbox's backoff, and at once when it connects. Nothing but the
//! chunks in flight is held in memory.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use dief_protocol::case::stream::{self, StreamedAttachment};
use futures::stream::FuturesUnordered;
use futures::StreamExt;
use tracing::{debug, info, warn};

use crate::core::attachments::serve::{self, OK};
use crate::core::attachments::{
    bitmap_key, chunk_key, entry_key, is_held, read_bitmap, read_chunk, set_held, FileEntry, FileId, FileState,
};
use crate::core::error::{NodeError, NodeResult};
use crate::core::records;
use crate::core::state::Inner;
use crate::core::store::{Cf, Pending, Store};

/// Chunk requests in flight per file: enough to keep a link busy through
/// the round trips, few enough that the window stays a few MiB.
pub const WINDOW: usize = 8;
/// Chunk batches written and not yet durable at once.
const WRITES: usize = 4;
/// Failed chunk requests in a row before the file waits for a backoff.
const FAILURES: u32 = 16;

/// Why a fetch stopped before the file was complete.
enum Stop {
    /// Try again after the backoff (the provider is unreachable, busy, or
    /// not yet granting this node).
    Later(String),
    /// The node is stopping.
    Shutdown,
}

/// Fetches every wanted file, then waits for a wake, a connection or the
/// backoff; runs until the node stops.
pub(in crate::core) async fn run(inner: Arc<Inner>) {
    let mut shutdown = inner.shutdown_rx();
    let mut step = 0u32;
    loop {
        let pending = match wanted(&inner.store) {
            Ok(p) => p,
            Err(e) => {
                warn!(error = %e, "cannot list the attachments to fetch");
                Vec::new()
            }
        };
        let mut retry = false;
        for entry in pending {
            let name = entry.file.name.clone();
            match fetch(&inner, entry).await {
                Ok(()) => step = 0,
                Err(Stop::Shutdown) => return,
                Err(Stop::Later(why)) => {
                    debug!(%name, %why, "attachment fetch paused");
                    retry = true;
                }
            }
        }
        let wait = if retry {
            step = step.saturating_add(1);
            inner.outbox_backoff.delay(step)
        } else {
            Duration::from_secs(3600)
        };
        tokio::select! {
            biased;
            _ = shutdown.changed() => return,
            _ = inner.fetch_wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

fn wanted(store: &Store) -> NodeResult<Vec<FileEntry>> {
    let mut out = Vec::new();
    for (_, v) in store.scan_prefix(Cf::Chunks, b"f/")? {
        let e: FileEntry = records::decode("file", &v)?;
        if e.state == FileState::Fetching {
            out.push(e);
        }
    }
    Ok(out)
}

async fn ask(inner: &Inner, peer: &str, id: &FileId, index: u32) -> (u32, Result<Vec<u8>, String>) {
    let answer = inner.net().request_chunk(peer, serve::request(id, index)).await;
    let result = match answer {
        Ok(mut bytes) if bytes.first() == Some(&OK) => {
            bytes.remove(0);
            Ok(bytes)
        }
        Ok(bytes) => Err(format!("answered {:?}", bytes.first())),
        Err(e) => Err(e.to_string()),
    };
    (index, result)
}

/// Fetches the missing chunks of one file, then checks the whole file.
async fn fetch(inner: &Arc<Inner>, entry: FileEntry) -> Result<(), Stop> {
    let file = entry.file.clone();
    let id = file.id();
    let later = |e: NodeError| Stop::Later(e.to_string());
    let mut bitmap = read_bitmap(&inner.store, &entry).map_err(later)?;
    let Some(peer) = inner.peer_of(entry.provider) else {
        return Err(Stop::Later(format!("{} is not in the roster", entry.provider)));
    };
    let mut missing: VecDeque<u32> = (0..file.chunk_count()).filter(|i| !is_held(&bitmap, *i)).collect();
    info!(name = %file.name, missing = missing.len(), chunks = file.chunk_count(), "fetching attachment");
    let mut shutdown = inner.shutdown_rx();
    let mut asking = FuturesUnordered::new();
    let mut writing: FuturesUnordered<_> = FuturesUnordered::new();
    let mut failures = 0u32;
    loop {
        while asking.len() < WINDOW && failures < FAILURES {
            let Some(i) = missing.pop_front() else { break };
            asking.push(ask(inner, &peer, &id, i));
        }
        if asking.is_empty() && writing.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            _ = shutdown.changed() => return Err(Stop::Shutdown),
            Some(done) = writing.next(), if !writing.is_empty() => {
                let done: Result<(), crate::core::store::StoreError> = done;
                done.map_err(|e| Stop::Later(e.to_string()))?;
            }
            Some((i, answer)) = asking.next(), if !asking.is_empty() && writing.len() < WRITES => match answer {
                Ok(sealed) => {
                    if let Err(e) = stream::open_chunk(&file, i, sealed.clone()) {
                        warn!(name = %file.name, error = %e, "a chunk from the provider does not open; asked again");
                        failures += 1;
                        missing.push_back(i);
                        continue;
                    }
                    failures = 0;
                    set_held(&mut bitmap, i);
                    let mut batch = inner.store.batch();
                    batch.put(Cf::Chunks, &chunk_key(&id, i), &sealed);
                    batch.put(Cf::Chunks, &bitmap_key(&id), &bitmap);
                    let pending: Pending = inner.store.enqueue(batch).await.map_err(|e| Stop::Later(e.to_string()))?;
                    writing.push(pending.wait());
                }
                Err(why) => {
                    failures += 1;
                    missing.push_back(i);
                    if failures >= FAILURES && asking.is_empty() {
                        return Err(Stop::Later(why));
                    }
                }
            },
        }
    }
    if !missing.is_empty() {
        return Err(Stop::Later("chunks still missing".into()));
    }
    finish(inner, entry).await.map_err(later)
}

/// Reads the whole file back, chunk by chunk, against its digest, and
/// records the outcome.
async fn finish(inner: &Arc<Inner>, mut entry: FileEntry) -> NodeResult<()> {
    let store = inner.store.clone();
    let file = entry.file.clone();
    let check = tokio::task::spawn_blocking(move || verify(&store, &file))
        .await
        .map_err(|e| NodeError::Internal(format!("the check stopped: {e}")))?;
    entry.state = match &check {
        Ok(()) => FileState::Complete,
        Err(e) => {
            warn!(name = %entry.file.name, error = %e, "attachment does not match its digest");
            FileState::Failed
        }
    };
    let mut batch = inner.store.batch();
    batch.put(Cf::Chunks, &entry_key(&entry.file.id()), &records::encode("file", &entry)?);
    inner.store.commit(batch).await?;
    info!(name = %entry.file.name, size = entry.file.size, state = ?entry.state, "attachment fetched");
    Ok(())
}

fn verify(store: &Store, file: &StreamedAttachment) -> NodeResult<()> {
    let mut check = stream::FileCheck::new(file);
    for i in 0..file.chunk_count() {
        check.update(&read_chunk(store, file, i)?);
    }
    check.finish().map_err(super::stream_error)
}
