//! Writing a file's chunks once: each sealed chunk goes into the `chunks`
//! column family's memtable without the write-ahead log, and every few
//! MiB the memtable is flushed to a synced blob file, after which the
//! bitmap records those chunks as held (a synced, logged write). A chunk
//! therefore reaches the disk once instead of twice (log, then blob file),
//! and a crash loses at most the chunks not yet flushed, which the bitmap
//! never claimed: the fetch asks for them again.
//!
//! The flush of one memtable runs while the next fills: it is started
//! without waiting, and its chunks are recorded when the next is due (it
//! is long done by then), so the writer does not stop for each fsync.

use std::time::Duration;

use dief_protocol::case::stream::StreamedAttachment;

use crate::core::attachments::{bitmap_key, chunk_key, set_held, FileId};
use crate::core::store::{Batch, Cf, Store, StoreError};

/// Chunk bytes written between two flushes: the `chunks` memtable's size
/// (`store/db.rs`), so one memtable holds them and a transfer's memory does
/// not grow with the file.
const FLUSH_BYTES: u64 = 8 << 20;

/// Past this, a flush still not done is waited for the blocking way,
/// which reports its failure.
const FLUSH_LIMIT: Duration = Duration::from_secs(30);

/// Chunks of one file on their way to the disk.
pub(in crate::core) struct ChunkSink {
    store: Store,
    id: FileId,
    bitmap: Vec<u8>,
    /// Written into the current memtable.
    unflushed: Vec<u32>,
    /// In the memtable whose flush was started and not yet seen done.
    flushing: Vec<u32>,
    per_flush: usize,
}

impl ChunkSink {
    /// A sink for `file`, whose held chunks are `bitmap`.
    pub(in crate::core) fn new(store: Store, file: &StreamedAttachment, bitmap: Vec<u8>) -> ChunkSink {
        let per_flush = (FLUSH_BYTES / u64::from(file.chunk_size.max(1))).max(1) as usize;
        ChunkSink {
            store,
            id: file.id(),
            bitmap,
            unflushed: Vec::with_capacity(per_flush),
            flushing: Vec::with_capacity(per_flush),
            per_flush,
        }
    }

    /// Chunk `i` (as sealed under the content key) sealed again by the
    /// store, ready for [`ChunkSink::put`]; separate so that the caller can
    /// open the chunk in place afterwards without copying it first.
    pub(in crate::core) fn stage(&self, i: u32, sealed: &[u8]) -> Batch {
        let mut batch = self.store.batch();
        batch.put(Cf::Chunks, &chunk_key(&self.id, i), sealed);
        batch
    }

    /// Writes a staged chunk `i`. When a memtable's worth is waiting,
    /// records the chunks of the flush started before (waiting for it if
    /// it is not done) and starts flushing these. Returns how many chunks
    /// became durable.
    pub(in crate::core) fn put(&mut self, i: u32, staged: Batch) -> Result<usize, StoreError> {
        self.store.write_unlogged(staged)?;
        self.unflushed.push(i);
        if self.unflushed.len() < self.per_flush {
            return Ok(0);
        }
        let mut durable = 0;
        if !self.flushing.is_empty() {
            self.store.wait_flushed(Cf::Chunks, FLUSH_LIMIT)?;
            durable = self.record_flushing()?;
        }
        self.store.start_flush(Cf::Chunks)?;
        std::mem::swap(&mut self.flushing, &mut self.unflushed);
        Ok(durable)
    }

    /// Makes every chunk written so far durable and records it as held.
    /// Returns how many became durable.
    pub(in crate::core) fn flush(&mut self) -> Result<usize, StoreError> {
        if !self.unflushed.is_empty() {
            // Waits for the flushes started before it too.
            self.store.flush_cf(Cf::Chunks)?;
            self.flushing.append(&mut self.unflushed);
        } else if !self.flushing.is_empty() {
            self.store.wait_flushed(Cf::Chunks, FLUSH_LIMIT)?;
        }
        self.record_flushing()
    }

    /// Records the chunks of a finished flush as held, in one synced write.
    fn record_flushing(&mut self) -> Result<usize, StoreError> {
        if self.flushing.is_empty() {
            return Ok(0);
        }
        let n = self.flushing.len();
        for i in self.flushing.drain(..) {
            set_held(&mut self.bitmap, i);
        }
        let mut batch = self.store.batch();
        batch.put(Cf::Chunks, &bitmap_key(&self.id), &self.bitmap);
        self.store.write_sync(batch)?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use dief_protocol::case::stream::ContentKey;

    use super::*;
    use crate::core::attachments::is_held;
    use crate::core::store::temp_store;

    const CHUNKS: u32 = 20;

    fn recorded(store: &Store, id: &FileId) -> usize {
        let bitmap = store.get(Cf::Chunks, &bitmap_key(id)).unwrap().unwrap_or_default();
        (0..CHUNKS).filter(|i| is_held(&bitmap, *i)).count()
    }

    #[test]
    fn chunks_are_recorded_after_their_flush_while_the_next_memtable_fills() {
        let (_dir, store) = temp_store();
        let chunk = 1u32 << 20;
        let file = StreamedAttachment {
            name: "scan.bin".into(),
            media_type: "application/octet-stream".into(),
            size: u64::from(CHUNKS * chunk),
            sha256: [1; 32],
            key: ContentKey::from_bytes([2; 32]),
            chunk_size: chunk,
        };
        let mut sink = ChunkSink::new(store.clone(), &file, vec![0; 3]);
        let body = |i: u32| vec![i as u8; chunk as usize];
        let mut durable = Vec::new();
        for i in 0..CHUNKS {
            let staged = sink.stage(i, &body(i));
            durable.push(sink.put(i, staged).unwrap());
            assert_eq!(recorded(&store, &file.id()), durable.iter().sum::<usize>(), "after chunk {i}");
        }
        // The first memtable's flush starts with chunk 7 and is recorded
        // when the second is due, with chunk 15; chunks 16 to 19 wait.
        let expected: Vec<usize> = (0..CHUNKS).map(|i| if i == 15 { 8 } else { 0 }).collect();
        assert_eq!(durable, expected);
        assert_eq!(sink.flush().unwrap(), 12);
        assert_eq!(recorded(&store, &file.id()), CHUNKS as usize);
        assert_eq!(sink.flush().unwrap(), 0, "nothing left to record");
        for i in 0..CHUNKS {
            assert_eq!(store.get(Cf::Chunks, &chunk_key(&file.id(), i)).unwrap(), Some(body(i)), "chunk {i}");
        }
    }
}
