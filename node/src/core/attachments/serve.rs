//! Answering chunk requests (`/dief/chunks/1`): a chunk goes only to a
//! member granted its file (the provider shared a case naming it with that
//! member's State), as sealed under the content key, read from the store.
//!
//! Wire form: the request is the file id (32 bytes) and the chunk index
//! (u32 big-endian); the answer is a status byte, then for [`OK`] the
//! sealed chunk.

use std::sync::Arc;

use tokio::sync::{mpsc, Semaphore};
use tracing::debug;

use crate::core::attachments::{chunk_key, is_granted, FileId};
use crate::core::network::ChunkInbound;
use crate::core::state::Inner;
use crate::core::store::Cf;

/// The chunk follows.
pub(in crate::core) const OK: u8 = 0;
/// This member may not have this file (or the node does not know it).
pub(in crate::core) const REFUSED: u8 = 1;
/// Too many chunk requests being answered: retry.
pub(in crate::core) const BUSY: u8 = 2;
/// The file is granted but this chunk is not held (yet).
pub(in crate::core) const NOT_HELD: u8 = 3;

/// Chunk requests answered at once (each reads one chunk from the store).
const SERVING: usize = 8;

pub(in crate::core) fn request(id: &FileId, index: u32) -> Vec<u8> {
    [id.as_slice(), &index.to_be_bytes()].concat()
}

fn parse(bytes: &[u8]) -> Option<(FileId, u32)> {
    let id: FileId = bytes.get(..32)?.try_into().ok()?;
    let index = u32::from_be_bytes(bytes.get(32..36)?.try_into().ok()?);
    (bytes.len() == 36).then_some((id, index))
}

fn answer(inner: &Inner, peer: &str, bytes: &[u8]) -> Vec<u8> {
    let Some((id, index)) = parse(bytes) else {
        return vec![REFUSED];
    };
    let Some(party) = inner.roster().and_then(|r| r.roster.party_of_peer(peer)) else {
        return vec![REFUSED];
    };
    match is_granted(&inner.store, &id, party) {
        Ok(true) => {}
        Ok(false) => {
            debug!(%party, file = %hex::encode(id), "chunk refused: not granted");
            return vec![REFUSED];
        }
        Err(e) => {
            debug!(error = %e, "chunk grant unreadable");
            return vec![BUSY];
        }
    }
    match inner.store.get(Cf::Chunks, &chunk_key(&id, index)) {
        Ok(Some(sealed)) => {
            inner.chunks_served.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut out = Vec::with_capacity(1 + sealed.len());
            out.push(OK);
            out.extend_from_slice(&sealed);
            out
        }
        Ok(None) => vec![NOT_HELD],
        Err(_) => vec![BUSY],
    }
}

/// Answers chunk requests until the channel closes or the node stops.
pub(in crate::core) async fn run(inner: Arc<Inner>, mut rx: mpsc::Receiver<ChunkInbound>) {
    let mut shutdown = inner.shutdown_rx();
    let permits = Arc::new(Semaphore::new(SERVING));
    loop {
        let req = tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            r = rx.recv() => match r { Some(r) => r, None => break },
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            let _ = req.reply.send(vec![BUSY]);
            continue;
        };
        let inner = inner.clone();
        tokio::task::spawn_blocking(move || {
            let out = answer(&inner, &req.peer, &req.bytes);
            let _ = req.reply.send(out);
            drop(permit);
        });
    }
}
