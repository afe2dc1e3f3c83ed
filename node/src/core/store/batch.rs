//! Batches and group commit: the `store-writer` thread merges the batches
//! of every caller waiting at one moment into one synced write.

use std::fmt;
use std::sync::Arc;

use rocksdb::WriteBatch;
use tokio::sync::{mpsc, oneshot};

use crate::core::store::cipher::*;
use crate::core::store::db::*;
use crate::core::store::types::*;

/// An atomic set of writes. Values are sealed as soon as they are added, so
/// a batch never holds plaintext.
pub struct Batch {
    pub(super) cipher: Arc<Cipher>,
    pub(super) ops: Vec<Op>,
    /// First sealing failure; reported when the batch is written.
    pub(super) error: Option<StoreError>,
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch").field("ops", &self.ops.len()).field("failed", &self.error.is_some()).finish()
    }
}

impl Batch {
    /// Adds a put; `value` is sealed immediately. A sealing failure (which
    /// can only come from the system RNG) is reported by `write_sync` /
    /// `commit`.
    pub fn put(&mut self, cf: Cf, key: &[u8], value: &[u8]) {
        match self.cipher.seal(cf, key, value) {
            Ok(sealed) => self.ops.push(Op::Put(cf, key.to_vec(), sealed)),
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(e);
                }
            }
        }
    }

    /// Adds a delete.
    pub fn delete(&mut self, cf: Cf, key: &[u8]) {
        self.ops.push(Op::Delete(cf, key.to_vec()));
    }

    /// Number of operations in the batch.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the batch holds no operation.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

pub(super) struct Job {
    pub(super) ops: Vec<Op>,
    pub(super) reply: oneshot::Sender<Result<(), String>>,
}

/// A batch queued by [`Store::enqueue`], not yet known to be durable.
#[derive(Debug)]
#[must_use = "a queued batch is durable only once `wait` returns Ok"]
pub struct Pending {
    pub(super) done: Option<oneshot::Receiver<Result<(), String>>>,
}

impl Pending {
    /// Resolves once the batch is fsynced (or its group write failed).
    pub async fn wait(self) -> Result<(), StoreError> {
        match self.done {
            None => Ok(()),
            Some(done) => done.await.map_err(|_| StoreError::Closed)?.map_err(StoreError::Db),
        }
    }
}

/// The `store-writer` thread: merges queued batches into one synced write.
pub(super) fn writer_loop(core: Arc<Core>, mut rx: mpsc::Receiver<Job>) {
    let wo = sync_write_options();
    while let Some(first) = rx.blocking_recv() {
        let mut jobs = vec![first];
        while jobs.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let mut wb = WriteBatch::default();
        let mut result = Ok(());
        for job in &jobs {
            if let Err(e) = core.write_ops(&job.ops, &mut wb) {
                result = Err(e.to_string());
                break;
            }
        }
        if result.is_ok() {
            result = core.db.write_opt(wb, &wo).map_err(|e| e.into_string());
        }
        if let Err(e) = &result {
            core.write_failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            tracing::warn!(dir = %core.dir.display(), batches = jobs.len(), error = %e, "group commit failed");
        }
        for job in jobs {
            // The caller may have stopped waiting; the write stands anyway.
            let _ = job.reply.send(result.clone());
        }
    }
    tracing::debug!(dir = %core.dir.display(), "store writer stopped");
}
