//! Pulling the chunks of wanted files from their provider. The network
//! side ([`pull`]) keeps a window of requests in flight and hands each
//! answer to a writer on a blocking thread ([`write_chunks`]), which opens
//! it under the file's key (a chunk that does not open is asked again and
//! never stored), writes it once through the [`ChunkSink`] and feeds the
//! file's digest while the chunks arrive in order; otherwise the whole file
//! is read back and checked at the end. A failed request goes back in the
//! queue; a provider that cannot be reached is retried with the outbox's
//! backoff, and at once when it connects. Nothing but the window, the
//! writer's queue and a few early chunks is held in memory.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use dief_protocol::case::stream::{self, StreamedAttachment};
use futures::stream::FuturesUnordered;
use futures::StreamExt;
use tokio::sync::mpsc;
use tracing::{debug, info, warn};

use crate::core::attachments::serve::{self, OK};
use crate::core::attachments::sink::ChunkSink;
use crate::core::attachments::{entry_key, is_held, read_bitmap, read_chunk, FileEntry, FileId, FileState};
use crate::core::error::{NodeError, NodeResult};
use crate::core::records;
use crate::core::state::Inner;
use crate::core::store::{Cf, Store, StoreError};

/// Chunk requests in flight per file: enough to keep a link busy through
/// the round trips, few enough that the window stays a few MiB.
pub const WINDOW: usize = 8;
/// Chunks queued for the writer.
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

/// Asks for chunk `index`; the answer keeps its status byte in front (the
/// writer skips it), so the MiB after it is never moved to drop it.
async fn ask(inner: &Inner, peer: &str, id: &FileId, index: u32) -> (u32, Result<Vec<u8>, String>) {
    let answer = inner.net().request_chunk(peer, serve::request(id, index)).await;
    let result = match answer {
        Ok(bytes) if bytes.first() == Some(&OK) => Ok(bytes),
        Ok(bytes) => Err(format!("answered {:?}", bytes.first())),
        Err(e) => Err(e.to_string()),
    };
    (index, result)
}

/// What the writer tells the fetch loop.
enum Written {
    /// Chunk `i` does not open under the file's key: ask again.
    Bad(u32),
    /// This many chunks became durable.
    Durable(usize),
}

/// What goes to the writer.
enum ToWriter {
    /// Chunk `i` as answered: the status byte, then the sealed chunk.
    Chunk(u32, Vec<u8>),
    /// Make what was written durable (nothing more is on its way).
    Flush,
}

/// The digest computed as the chunks arrive, while they arrive nearly in
/// order; when they do not (a chunk asked again long after its
/// neighbours, a resumed fetch), the whole file is read back instead.
struct InOrder {
    check: stream::FileCheck,
    next: u32,
    early: BTreeMap<u32, Vec<u8>>,
}

fn take_in_order(order: &mut Option<InOrder>, i: u32, plain: Vec<u8>) {
    let Some(o) = order.as_mut() else { return };
    if i == o.next {
        o.check.update(&plain);
        o.next += 1;
        while let Some(p) = o.early.remove(&o.next) {
            o.check.update(&p);
            o.next += 1;
        }
    } else if i > o.next && o.early.len() < WINDOW {
        o.early.insert(i, plain);
    } else {
        *order = None;
    }
}

/// The writer, on a blocking thread: opens each chunk (a chunk that does
/// not open is never stored), writes it through the [`ChunkSink`], and
/// feeds the in-order digest. Returns the digest if every chunk went
/// through it in order.
fn write_chunks(
    sink: &mut ChunkSink,
    file: &StreamedAttachment,
    mut order: Option<InOrder>,
    mut rx: mpsc::Receiver<ToWriter>,
    events: mpsc::Sender<Written>,
) -> Result<Option<InOrder>, StoreError> {
    // A failed event send means the fetch loop stopped (shutdown): the
    // chunks already queued are written all the same, so that a restart
    // does not ask for them again.
    while let Some(job) = rx.blocking_recv() {
        let durable = match job {
            // Always answered, even with nothing to flush: the fetch loop
            // waits for it.
            ToWriter::Flush => {
                let n = sink.flush()?;
                let _ = events.blocking_send(Written::Durable(n));
                continue;
            }
            ToWriter::Chunk(i, answer) => {
                let staged = sink.stage(i, answer.get(1..).unwrap_or_default());
                match stream::open_chunk_at(file, i, answer, 1) {
                    Ok(plain) => {
                        let durable = sink.put(i, staged)?;
                        take_in_order(&mut order, i, plain);
                        durable
                    }
                    Err(e) => {
                        warn!(name = %file.name, error = %e, "a chunk from the provider does not open; asked again");
                        let _ = events.blocking_send(Written::Bad(i));
                        0
                    }
                }
            }
        };
        if durable > 0 {
            let _ = events.blocking_send(Written::Durable(durable));
        }
    }
    // The fetch stopped early (shutdown, provider gone): keep what arrived.
    sink.flush()?;
    Ok(order)
}

/// Fetches the missing chunks of one file, then checks the whole file.
async fn fetch(inner: &Arc<Inner>, entry: FileEntry) -> Result<(), Stop> {
    let file = entry.file.clone();
    let later = |e: NodeError| Stop::Later(e.to_string());
    let bitmap = read_bitmap(&inner.store, &entry).map_err(later)?;
    let Some(peer) = inner.peer_of(entry.provider) else {
        return Err(Stop::Later(format!("{} is not in the roster", entry.provider)));
    };
    let missing: VecDeque<u32> = (0..file.chunk_count()).filter(|i| !is_held(&bitmap, *i)).collect();
    info!(name = %file.name, missing = missing.len(), chunks = file.chunk_count(), "fetching attachment");
    let order = (missing.len() as u64 == u64::from(file.chunk_count())).then(|| InOrder {
        check: stream::FileCheck::new(&file),
        next: 0,
        early: BTreeMap::new(),
    });
    let (to_writer, rx) = mpsc::channel(WRITES);
    let (events_tx, events) = mpsc::channel(WINDOW + WRITES + 2);
    let mut sink = ChunkSink::new(inner.store.clone(), &file, bitmap);
    let writer_file = file.clone();
    let writer = tokio::task::spawn_blocking(move || write_chunks(&mut sink, &writer_file, order, rx, events_tx));
    let pulled = pull(inner, &peer, &file, missing, to_writer, events).await;
    let order = match writer.await {
        Ok(Ok(order)) => order,
        Ok(Err(e)) => return Err(Stop::Later(e.to_string())),
        Err(e) => return Err(Stop::Later(format!("the chunk writer stopped: {e}"))),
    };
    pulled?;
    finish(inner, entry, order.filter(|o| o.next == file.chunk_count()).map(|o| o.check)).await.map_err(later)
}

/// The network side of a fetch: keeps [`WINDOW`] requests in flight and
/// hands each answer to the writer, until every chunk is durable.
async fn pull(
    inner: &Arc<Inner>,
    peer: &str,
    file: &StreamedAttachment,
    mut missing: VecDeque<u32>,
    to_writer: mpsc::Sender<ToWriter>,
    mut events: mpsc::Receiver<Written>,
) -> Result<(), Stop> {
    let id = file.id();
    let mut shutdown = inner.shutdown_rx();
    let mut asking = FuturesUnordered::new();
    let mut ready: Option<ToWriter> = None;
    let (mut in_writer, mut flushing, mut failures) = (0usize, false, 0u32);
    loop {
        // An answer waiting for the writer counts as in flight: a stop
        // loses at most the window.
        while asking.len() + usize::from(ready.is_some()) < WINDOW && failures < FAILURES {
            let Some(i) = missing.pop_front() else { break };
            asking.push(ask(inner, peer, &id, i));
        }
        let quiet = asking.is_empty() && ready.is_none() && in_writer == 0;
        if quiet && missing.is_empty() {
            return Ok(());
        }
        if quiet && failures >= FAILURES {
            return Err(Stop::Later(format!("{failures} chunk requests failed in a row")));
        }
        let idle = asking.is_empty() && missing.is_empty() && ready.is_none();
        if idle && !flushing {
            ready = Some(ToWriter::Flush);
            flushing = true;
        }
        tokio::select! {
            biased;
            _ = shutdown.changed() => {
                // The answer in hand is stored if the writer has room.
                if let Some(job) = ready.take() {
                    let _ = to_writer.try_send(job);
                }
                return Err(Stop::Shutdown);
            }
            event = events.recv() => match event {
                Some(Written::Durable(n)) => {
                    in_writer = in_writer.saturating_sub(n);
                    flushing = false;
                    if n > 0 {
                        failures = 0;
                    }
                }
                Some(Written::Bad(i)) => {
                    in_writer = in_writer.saturating_sub(1);
                    failures += 1;
                    missing.push_back(i);
                }
                None => return Err(Stop::Later("the chunk writer stopped".into())),
            },
            permit = to_writer.reserve(), if ready.is_some() => {
                let permit = permit.map_err(|_| Stop::Later("the chunk writer stopped".into()))?;
                if let Some(job) = ready.take() {
                    permit.send(job);
                }
            }
            Some((i, answer)) = asking.next(), if !asking.is_empty() && ready.is_none() => match answer {
                Ok(answer) => {
                    in_writer += 1;
                    ready = Some(ToWriter::Chunk(i, answer));
                }
                Err(why) => {
                    debug!(index = i, %why, "chunk request failed");
                    failures += 1;
                    missing.push_back(i);
                }
            },
        }
    }
}

/// Checks the whole file against its digest (as it arrived, or read back
/// chunk by chunk), and records the outcome.
async fn finish(inner: &Arc<Inner>, mut entry: FileEntry, arrived: Option<stream::FileCheck>) -> NodeResult<()> {
    let check = match arrived {
        Some(check) => check.finish().map_err(super::stream_error),
        None => {
            let (store, file) = (inner.store.clone(), entry.file.clone());
            tokio::task::spawn_blocking(move || verify(&store, &file))
                .await
                .map_err(|e| NodeError::Internal(format!("the check stopped: {e}")))?
        }
    };
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
