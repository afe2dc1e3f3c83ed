//! Writing a file's chunks once: each sealed chunk goes into the `chunks`
//! column family's memtable without the write-ahead log, and every few
//! MiB the memtable is flushed to a synced blob file, after which the
//! bitmap records those chunks as held (a synced, logged write). A chunk
//! therefore reaches the disk once instead of twice (log, then blob file),
//! and a crash loses at most the chunks not yet flushed, which the bitmap
//! never claimed: the fetch asks for them again.

use dief_protocol::case::stream::StreamedAttachment;

use crate::core::attachments::{bitmap_key, chunk_key, set_held, FileId};
use crate::core::store::{Batch, Cf, Store, StoreError};

/// Chunk bytes written between two flushes: the `chunks` memtable's size
/// (`store/db.rs`), so one memtable holds them and a transfer's memory does
/// not grow with the file.
const FLUSH_BYTES: u64 = 8 << 20;

/// Chunks of one file on their way to the disk.
pub(in crate::core) struct ChunkSink {
    store: Store,
    id: FileId,
    bitmap: Vec<u8>,
    unflushed: Vec<u32>,
    per_flush: usize,
}

impl ChunkSink {
    /// A sink for `file`, whose held chunks are `bitmap`.
    pub(in crate::core) fn new(store: Store, file: &StreamedAttachment, bitmap: Vec<u8>) -> ChunkSink {
        let per_flush = (FLUSH_BYTES / u64::from(file.chunk_size.max(1))).max(1) as usize;
        ChunkSink { store, id: file.id(), bitmap, unflushed: Vec::with_capacity(per_flush), per_flush }
    }

    /// Chunk `i` (as sealed under the content key) sealed again by the
    /// store, ready for [`ChunkSink::put`]; separate so that the caller can
    /// open the chunk in place afterwards without copying it first.
    pub(in crate::core) fn stage(&self, i: u32, sealed: &[u8]) -> Batch {
        let mut batch = self.store.batch();
        batch.put(Cf::Chunks, &chunk_key(&self.id, i), sealed);
        batch
    }

    /// Writes a staged chunk `i`; flushes when a memtable's worth is
    /// waiting. Returns how many chunks became durable.
    pub(in crate::core) fn put(&mut self, i: u32, staged: Batch) -> Result<usize, StoreError> {
        self.store.write_unlogged(staged)?;
        self.unflushed.push(i);
        if self.unflushed.len() >= self.per_flush {
            return self.flush();
        }
        Ok(0)
    }

    /// Makes every chunk written so far durable and records it as held.
    /// Returns how many became durable.
    pub(in crate::core) fn flush(&mut self) -> Result<usize, StoreError> {
        if self.unflushed.is_empty() {
            return Ok(0);
        }
        self.store.flush_cf(Cf::Chunks)?;
        let n = self.unflushed.len();
        for i in self.unflushed.drain(..) {
            set_held(&mut self.bitmap, i);
        }
        let mut batch = self.store.batch();
        batch.put(Cf::Chunks, &bitmap_key(&self.id), &self.bitmap);
        self.store.write_sync(batch)?;
        Ok(n)
    }
}
