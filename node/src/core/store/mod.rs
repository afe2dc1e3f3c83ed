//! The node's encrypted persistent store.
//!
//! This module owns everything the node writes to disk about cases, messages,
//! receipts, the roster and the audit trail, and it is the only module of the
//! project that talks to RocksDB. It exists so that one small piece of code
//! enforces the design rule "no plaintext case field is ever written to disk":
//!
//! * Every stored **value** is sealed with AES-256-GCM under a random 32-byte
//!   *data key* before it reaches RocksDB (memtable, WAL, SST files). The
//!   on-disk value format is `[version = 1][12-byte nonce][ciphertext + tag]`
//!   and the AEAD associated data binds the value to its column family and
//!   key, so a value moved elsewhere fails to open ([`StoreError::Corrupt`]).
//! * The data key is stored only wrapped (AES-256-GCM) under a key-encryption
//!   key derived from the operator's passphrase (Argon2id) or from a key file
//!   (HKDF-SHA256), in the small file `<dir>/keyring`. A wrong passphrase is
//!   detected from the keyring alone, before RocksDB is opened, so a failed
//!   unlock never modifies the store directory.
//! * **Keys are stored in plaintext** (they are needed for ordering and prefix
//!   scans). Callers must only ever use identifiers in keys — never case
//!   content, names, free text or anything else confidential.
//! * Stored values are versioned: the `meta` column family holds the schema
//!   version, and [`Store::open`] runs explicit migrations ([`MIGRATIONS`]) up
//!   to [`CURRENT_SCHEMA`], refusing stores written by a newer build.
//!
//! Durable writes go either through [`Store::write_sync`] (blocking) or
//! through [`Store::commit`], which group-commits batches from many async
//! callers on a dedicated `store-writer` thread and resolves only once the
//! merged batch is fsynced.
//!
//! Layout of a store directory: `<dir>/keyring` (wrapped data key and KEK
//! parameters) and `<dir>/db/` (the RocksDB database).

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use ring::rand::SystemRandom;
use rocksdb::{Direction, IteratorMode, WriteBatch, WriteOptions};
use tokio::sync::{mpsc, oneshot};
use zeroize::Zeroizing;

mod backup;
mod batch;
mod cipher;
mod db;
mod keyring;
mod types;

pub use backup::{BackupInfo, Restored, MAX_EXTRA};
pub use batch::{Batch, Pending};
pub use types::{Cf, KeyValues, StoreError, Unlock};

use backup::*;
use batch::*;
use cipher::*;
use db::*;
use keyring::*;
use types::*;

/// The schema version this build writes and understands.
///
/// - 1: the first release.
/// - 2: the resend index (`r/<party>/<receipt time>/<id>` in `outbox`),
///   so a peer restored from a backup can be sent again what it receipted
///   after it; built for existing receipts by [`migrate_1_to_2`].
pub const CURRENT_SCHEMA: u32 = 2;

/// A migration step: `(from, f)` upgrades a store at schema version `from`
/// to `from + 1`.
pub type Migration = (u32, fn(&Store) -> Result<(), StoreError>);

/// Explicit schema migrations, applied in order by [`Store::open`].
///
/// To add one: bump [`CURRENT_SCHEMA`] to `N + 1`, write a function
/// `fn migrate_n_to_n1(store: &Store) -> Result<(), StoreError>` that rewrites
/// the affected values (idempotently: it may be re-run if the process dies
/// before the new version is recorded), and append `(N, migrate_n_to_n1)`
/// here. `open` records the new schema version after each step succeeds.
/// There must be exactly one entry for every version from 1 up to
/// `CURRENT_SCHEMA - 1`.
pub const MIGRATIONS: &[Migration] = &[(1, migrate_1_to_2)];

/// Receipts read per page by [`migrate_1_to_2`] (bounded memory).
const MIGRATION_PAGE: usize = 4096;

/// Schema 1 to 2: writes the resend index entry of every recorded receipt.
/// Idempotent (the same keys, empty values), so a migration interrupted
/// before the version is recorded is simply run again.
fn migrate_1_to_2(store: &Store) -> Result<(), StoreError> {
    use crate::core::records::{self, ReceiptEntry};
    let mut cursor = Vec::new();
    let mut indexed = 0usize;
    loop {
        let page = store.scan_from(Cf::Receipts, &cursor, MIGRATION_PAGE)?;
        let full = page.len() == MIGRATION_PAGE;
        let mut batch = store.batch();
        for (key, value) in &page {
            let Some((id, party)) = records::receipt_key_parts(key) else {
                tracing::warn!(key = %hex::encode(key), "a receipt key that does not parse: not indexed");
                continue;
            };
            let receipt: ReceiptEntry = records::decode("receipt", value).map_err(|e| StoreError::Corrupt {
                cf: Cf::Receipts.name(),
                key_hex: hex::encode(key),
                reason: e.to_string(),
            })?;
            batch.put(Cf::Outbox, &records::resend_key(party, receipt.received_at, &id), &[]);
            indexed += 1;
        }
        store.write_sync(batch)?;
        match page.last() {
            Some((last, _)) if full => {
                cursor = last.clone();
                cursor.push(0);
            }
            _ => break,
        }
    }
    tracing::info!(receipts = indexed, "schema 2: resend index built");
    Ok(())
}

struct Inner {
    core: Arc<Core>,
    cipher: Arc<Cipher>,
    /// Root of the backup keys, derived from the data key at open.
    backup_root: ring::hkdf::Prk,
    tx: Option<mpsc::Sender<Job>>,
    writer: Option<JoinHandle<()>>,
    schema: AtomicU32,
    /// Bytes kept free on the store's disk: below it, [`Store::check_room`]
    /// refuses new work (0: never).
    reserve: AtomicU64,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the channel stops the writer once it has written what is
        // queued; joining it guarantees RocksDB is closed (and its lock
        // released) when the last `Store` clone is gone.
        self.tx = None;
        if let Some(h) = self.writer.take() {
            if h.join().is_err() {
                tracing::error!(dir = %self.core.dir.display(), "store writer thread panicked");
            }
        }
    }
}

/// Handle to an open encrypted store. Cheap to clone; the database closes
/// when the last clone is dropped.
///
/// Reads (`get`, `scan_*`, `count`) and `put_sync`/`delete_sync`/
/// `write_sync` are blocking calls; from async code prefer `commit` for
/// writes and keep reads short.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.inner.core.dir)
            .field("schema_version", &self.schema_version())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a new store in `dir` (created if missing) with a fresh random
    /// data key protected by `unlock`. Fails with `AlreadyExists` if a store
    /// (keyring or database) is already there.
    pub fn create(dir: &Path, unlock: &Unlock) -> Result<Store, StoreError> {
        if Self::exists(dir) || dir.join(DB_DIR).exists() {
            return Err(StoreError::AlreadyExists { dir: dir.to_path_buf() });
        }
        tracing::debug!(dir = %dir.display(), mode = unlock.mode_name(), "creating store");
        create_dir_private(dir)?;
        let rng = SystemRandom::new();
        let data_key = Zeroizing::new(random_bytes::<32>(&rng)?);
        write_new_keyring(dir, unlock, &data_key, &rng)?;
        let store = Self::start(dir, &data_key)?;
        store.write_schema_version(CURRENT_SCHEMA)?;
        tracing::debug!(dir = %dir.display(), schema = CURRENT_SCHEMA, "store created");
        Ok(store)
    }

    /// Opens an existing store. The key is checked against the keyring
    /// before RocksDB is opened: on `WrongKey` (or any unlock error) nothing
    /// in `dir` has been modified. Runs pending schema migrations.
    pub fn open(dir: &Path, unlock: &Unlock) -> Result<Store, StoreError> {
        if !Self::exists(dir) {
            return Err(StoreError::NotFound { dir: dir.to_path_buf() });
        }
        let data_key = unwrap_data_key(dir, unlock)?;
        tracing::debug!(dir = %dir.display(), "store unlocked, opening database");
        let store = Self::start(dir, &data_key)?;
        drop(data_key);
        store.check_and_migrate()?;
        tracing::debug!(dir = %dir.display(), schema = store.schema_version(), "store opened");
        Ok(store)
    }

    /// Whether `dir` holds a store (its keyring file exists).
    pub fn exists(dir: &Path) -> bool {
        keyring_path(dir).is_file()
    }

    fn start(dir: &Path, data_key: &[u8; 32]) -> Result<Store, StoreError> {
        let cipher = Arc::new(Cipher::new(data_key)?);
        let db_dir = dir.join(DB_DIR);
        let db = open_db(&db_dir)?;
        let core = Arc::new(Core { db, dir: dir.to_path_buf(), write_failures: AtomicU64::new(0) });
        let (tx, rx) = mpsc::channel(COMMIT_QUEUE);
        let thread_core = Arc::clone(&core);
        let writer =
            std::thread::Builder::new().name("store-writer".into()).spawn(move || writer_loop(thread_core, rx))?;
        Ok(Store {
            inner: Arc::new(Inner {
                core,
                cipher,
                backup_root: backup_root(data_key),
                tx: Some(tx),
                writer: Some(writer),
                reserve: AtomicU64::new(0),
                schema: AtomicU32::new(0),
            }),
        })
    }

    fn write_schema_version(&self, v: u32) -> Result<(), StoreError> {
        self.put_sync(Cf::Meta, SCHEMA_KEY, &v.to_be_bytes())?;
        self.inner.schema.store(v, Ordering::Release);
        Ok(())
    }

    fn read_schema_version(&self) -> Result<Option<u32>, StoreError> {
        Ok(self.read_meta::<4>(SCHEMA_KEY, "schema version")?.map(u32::from_be_bytes))
    }

    /// A fixed-size value of the `meta` column family; `what` names it when
    /// its length is wrong.
    fn read_meta<const N: usize>(&self, key: &[u8], what: &str) -> Result<Option<[u8; N]>, StoreError> {
        let Some(raw) = self.get(Cf::Meta, key)? else {
            return Ok(None);
        };
        let bytes: [u8; N] = raw.as_slice().try_into().map_err(|_| StoreError::Corrupt {
            cf: Cf::Meta.name(),
            key_hex: hex::encode(key),
            reason: format!("{what} is {} bytes, expected {N}", raw.len()),
        })?;
        Ok(Some(bytes))
    }

    fn is_empty_db(&self) -> Result<bool, StoreError> {
        for cf in Cf::ALL {
            let h = self.inner.core.cf(cf)?;
            if let Some(item) = self.inner.core.db.iterator_cf(h, IteratorMode::Start).next() {
                item?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn check_and_migrate(&self) -> Result<(), StoreError> {
        let dir = &self.inner.core.dir;
        let mut version = match self.read_schema_version()? {
            Some(v) => v,
            None if self.is_empty_db()? => {
                // `create` wrote the keyring but died before the database
                // was initialised: finish it.
                tracing::debug!(dir = %dir.display(), "finishing an interrupted create");
                self.write_schema_version(CURRENT_SCHEMA)?;
                return Ok(());
            }
            None => {
                return Err(StoreError::Corrupt {
                    cf: Cf::Meta.name(),
                    key_hex: hex::encode(SCHEMA_KEY),
                    reason: "schema version missing in a non-empty store".into(),
                })
            }
        };
        if version > CURRENT_SCHEMA {
            return Err(StoreError::UnsupportedVersion { found: version, supported: CURRENT_SCHEMA });
        }
        self.inner.schema.store(version, Ordering::Release);
        while version < CURRENT_SCHEMA {
            let step = MIGRATIONS
                .iter()
                .find(|(from, _)| *from == version)
                .map(|(_, f)| *f)
                .ok_or_else(|| StoreError::Db(format!("no migration from schema version {version}")))?;
            tracing::debug!(dir = %dir.display(), from = version, to = version + 1, "migrating store");
            step(self)?;
            version += 1;
            self.write_schema_version(version)?;
        }
        Ok(())
    }

    /// The schema version of the open store (after migrations).
    pub fn schema_version(&self) -> u32 {
        self.inner.schema.load(Ordering::Acquire)
    }

    /// Reads and decrypts one value.
    pub fn get(&self, cf: Cf, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let core = &self.inner.core;
        match core.db.get_pinned_cf(core.cf(cf)?, key)? {
            Some(sealed) => Ok(Some(self.inner.cipher.open(cf, key, &sealed)?)),
            None => Ok(None),
        }
    }

    /// Seals and writes one value, fsynced before returning.
    pub fn put_sync(&self, cf: Cf, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        let sealed = self.inner.cipher.seal(cf, key, value)?;
        let core = &self.inner.core;
        core.db.put_cf_opt(core.cf(cf)?, key, sealed, &sync_write_options())?;
        Ok(())
    }

    /// Deletes one key, fsynced before returning.
    pub fn delete_sync(&self, cf: Cf, key: &[u8]) -> Result<(), StoreError> {
        let core = &self.inner.core;
        core.db.delete_cf_opt(core.cf(cf)?, key, &sync_write_options())?;
        Ok(())
    }

    /// A new empty batch bound to this store's data key.
    pub fn batch(&self) -> Batch {
        Batch { cipher: Arc::clone(&self.inner.cipher), ops: Vec::new(), error: None }
    }

    fn check_batch(&self, batch: &mut Batch) -> Result<(), StoreError> {
        if !Arc::ptr_eq(&batch.cipher, &self.inner.cipher) {
            return Err(StoreError::ForeignBatch);
        }
        match batch.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Writes `batch` atomically and fsyncs, blocking the calling thread.
    pub fn write_sync(&self, batch: Batch) -> Result<(), StoreError> {
        self.write_with(batch, &sync_write_options())
    }

    fn write_with(&self, mut batch: Batch, options: &WriteOptions) -> Result<(), StoreError> {
        self.check_batch(&mut batch)?;
        if batch.is_empty() {
            return Ok(());
        }
        let core = &self.inner.core;
        let mut wb = WriteBatch::default();
        core.write_ops(&batch.ops, &mut wb)?;
        core.db.write_opt(wb, options)?;
        Ok(())
    }

    /// Writes `batch` atomically without the write-ahead log and without
    /// waiting for the disk: it becomes durable only with the next
    /// [`Store::flush_cf`] of its column family, and a crash before that
    /// loses it. For bulk values written once (attachment chunks), which
    /// the log would otherwise put on the disk twice; the caller records
    /// them as held only after the flush. Blocking.
    pub fn write_unlogged(&self, batch: Batch) -> Result<(), StoreError> {
        let mut wo = WriteOptions::default();
        wo.disable_wal(true);
        self.write_with(batch, &wo)
    }

    /// Flushes the memtables of `cf` to table (and blob) files and returns
    /// once they are synced to the disk. Blocking.
    pub fn flush_cf(&self, cf: Cf) -> Result<(), StoreError> {
        let core = &self.inner.core;
        core.db.flush_cf(core.cf(cf)?)?;
        Ok(())
    }

    /// Starts flushing the memtable of `cf` without waiting for it: writes
    /// go on into a new memtable while the flush runs on RocksDB's thread.
    /// [`Store::wait_flushed`] tells when it is on the disk. Blocking only
    /// for the switch of memtables.
    pub fn start_flush(&self, cf: Cf) -> Result<(), StoreError> {
        let core = &self.inner.core;
        let mut options = rocksdb::FlushOptions::default();
        options.set_wait(false);
        core.db.flush_cf_opt(core.cf(cf)?, &options)?;
        Ok(())
    }

    /// Waits until no memtable of `cf` is left to flush, so that every
    /// flush started before (by [`Store::start_flush`] or by RocksDB) is
    /// synced to the disk. Past `limit` it flushes the blocking way, which
    /// reports a flush that failed instead of waiting on it for ever.
    /// Blocking.
    pub fn wait_flushed(&self, cf: Cf, limit: std::time::Duration) -> Result<(), StoreError> {
        let core = &self.inner.core;
        let handle = core.cf(cf)?;
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            match core.db.property_int_value_cf(handle, "rocksdb.num-immutable-mem-table")? {
                Some(0) => return Ok(()),
                Some(_) => std::thread::sleep(std::time::Duration::from_micros(500)),
                None => break,
            }
        }
        core.db.flush_cf(handle)?;
        Ok(())
    }

    /// Writes `batch` atomically through the group-commit writer thread.
    /// Resolves only once the (merged) write is fsynced, so a caller may
    /// acknowledge data as durable when this returns `Ok`. If the future is
    /// dropped after the batch was queued, the write still happens.
    pub async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        self.enqueue(batch).await?.wait().await
    }

    /// Queues `batch` on the group-commit writer thread and returns once it
    /// is queued; [`Pending::wait`] resolves when it is durable. The writer
    /// applies batches in the order they were queued, so a caller that
    /// queues under a lock orders its writes without waiting for the fsync
    /// under that lock (the audit log numbers its entries this way).
    pub async fn enqueue(&self, mut batch: Batch) -> Result<Pending, StoreError> {
        self.check_batch(&mut batch)?;
        if batch.is_empty() {
            return Ok(Pending { done: None });
        }
        self.queue_ops(batch.ops).await
    }

    /// Resolves once every batch queued before it has been written or has
    /// failed. Fails only if the store is closed.
    pub async fn barrier(&self) -> Result<(), StoreError> {
        match self.queue_ops(Vec::new()).await?.wait().await {
            Err(StoreError::Closed) => Err(StoreError::Closed),
            // The group it joined failed; the earlier batches are done all
            // the same, which is all a barrier promises.
            _ => Ok(()),
        }
    }

    async fn queue_ops(&self, ops: Vec<Op>) -> Result<Pending, StoreError> {
        let tx = self.inner.tx.as_ref().ok_or(StoreError::Closed)?;
        let (reply, done) = oneshot::channel();
        tx.send(Job { ops, reply }).await.map_err(|_| StoreError::Closed)?;
        Ok(Pending { done: Some(done) })
    }

    /// The last key of `cf` that starts with `prefix` and satisfies
    /// `accept`, scanning backwards; values are not read.
    pub fn rev_find_key(
        &self,
        cf: Cf,
        prefix: &[u8],
        mut accept: impl FnMut(&[u8]) -> bool,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let core = &self.inner.core;
        // Seek to just past the prefix range: the prefix with its last
        // non-0xff byte incremented (or the end if there is none).
        let mut upper = prefix.to_vec();
        while upper.last() == Some(&0xff) {
            upper.pop();
        }
        let mode = match upper.last_mut() {
            Some(b) => {
                *b += 1;
                IteratorMode::From(&upper, Direction::Reverse)
            }
            None => IteratorMode::End,
        };
        for item in core.db.iterator_cf(core.cf(cf)?, mode) {
            let (k, _) = item?;
            if k.starts_with(prefix) {
                if accept(&k) {
                    return Ok(Some(k.to_vec()));
                }
            } else if *k < *prefix {
                break;
            }
        }
        Ok(None)
    }

    /// Iterates `cf` from `start` and calls `f` on each raw (key, sealed)
    /// pair until it returns `false`.
    fn iterate(
        &self,
        cf: Cf,
        start: &[u8],
        mut f: impl FnMut(&[u8], &[u8]) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        let core = &self.inner.core;
        let iter = core.db.iterator_cf(core.cf(cf)?, IteratorMode::From(start, Direction::Forward));
        for item in iter {
            let (k, v) = item?;
            if !f(&k, &v)? {
                break;
            }
        }
        Ok(())
    }

    /// All (key, decrypted value) pairs whose key starts with `prefix`, in
    /// key order.
    pub fn scan_prefix(&self, cf: Cf, prefix: &[u8]) -> Result<KeyValues, StoreError> {
        let mut out = Vec::new();
        self.iterate(cf, prefix, |k, v| {
            if !k.starts_with(prefix) {
                return Ok(false);
            }
            out.push((k.to_vec(), self.inner.cipher.open(cf, k, v)?));
            Ok(true)
        })?;
        Ok(out)
    }

    /// Up to `limit` (key, decrypted value) pairs with key `>= start`, in key
    /// order.
    pub fn scan_from(&self, cf: Cf, start: &[u8], limit: usize) -> Result<KeyValues, StoreError> {
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        self.iterate(cf, start, |k, v| {
            out.push((k.to_vec(), self.inner.cipher.open(cf, k, v)?));
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    /// Keeps `bytes` free on the disk that holds the store: once the free
    /// space falls below it, [`Store::check_room`] refuses new work, so that
    /// the node stops taking work while it can still write what it already
    /// took (receipts, queue state, the audit log) rather than meet a full
    /// disk in the middle of it.
    pub fn set_reserve(&self, bytes: u64) {
        self.inner.reserve.store(bytes, Ordering::Relaxed);
    }

    /// Bytes the disk holding the store has free for this process (what a
    /// non-root writer may use).
    pub fn free_bytes(&self) -> Result<u64, StoreError> {
        let st = rustix::fs::statvfs(&self.inner.core.dir).map_err(std::io::Error::from)?;
        Ok(st.f_bavail.saturating_mul(st.f_frsize))
    }

    /// `Err(StoreError::DiskFull)` when the disk's free space is below the
    /// reserve; a disk whose free space cannot be read counts as full, as
    /// that is a failing disk. New work (a case recorded, an envelope
    /// queued or accepted) asks first; what is already stored is untouched.
    pub fn check_room(&self) -> Result<(), StoreError> {
        let reserve = self.inner.reserve.load(Ordering::Relaxed);
        if reserve == 0 {
            return Ok(());
        }
        let dir = self.inner.core.dir.clone();
        match self.free_bytes() {
            Ok(free) if free >= reserve => Ok(()),
            Ok(free) => Err(StoreError::DiskFull { dir, free, reserve }),
            Err(e) => Err(StoreError::DiskUnreadable { dir, reason: e.to_string() }),
        }
    }

    /// Synced writes that failed since the store was opened.
    pub fn write_failures(&self) -> u64 {
        self.inner.core.write_failures.load(Ordering::Relaxed)
    }

    /// Bytes the store's files take on disk (database, WAL, keyring), read
    /// from the directory so it counts what the disk holds, not estimates.
    pub fn disk_bytes(&self) -> Result<u64, StoreError> {
        fn walk(dir: &Path, depth: u8) -> std::io::Result<u64> {
            let mut total = 0;
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                let meta = entry.metadata()?;
                if meta.is_dir() && depth > 0 {
                    total += walk(&entry.path(), depth - 1)?;
                } else if meta.is_file() {
                    total += meta.len();
                }
            }
            Ok(total)
        }
        Ok(walk(&self.inner.core.dir, 2)?)
    }

    /// Number of keys starting with `prefix` (values are not decrypted).
    pub fn count(&self, cf: Cf, prefix: &[u8]) -> Result<usize, StoreError> {
        let mut n = 0usize;
        self.iterate(cf, prefix, |k, _| {
            if !k.starts_with(prefix) {
                return Ok(false);
            }
            n += 1;
            Ok(true)
        })?;
        Ok(n)
    }

    /// Flushes the memtables of every column family to SST files.
    pub fn flush(&self) -> Result<(), StoreError> {
        let core = &self.inner.core;
        for cf in Cf::ALL {
            core.db.flush_cf(core.cf(cf)?)?;
        }
        Ok(())
    }

    /// Flushes `cf` and compacts all of it, so that deleted values (a
    /// destroyed key) leave the memtable, the WAL's live part and the SST
    /// files instead of waiting for RocksDB's own compactions. Blocking.
    pub fn compact(&self, cf: Cf) -> Result<(), StoreError> {
        let core = &self.inner.core;
        let handle = core.cf(cf)?;
        core.db.flush_cf(handle)?;
        core.db.compact_range_cf(handle, None::<&[u8]>, None::<&[u8]>);
        Ok(())
    }

    /// Compacts the keys of `cf` from `start` to before `end`, so that a
    /// range where keys are written and deleted in turn (a queue) stops
    /// costing its readers a skip over every deleted key. Blocking.
    pub fn compact_range(&self, cf: Cf, start: &[u8], end: &[u8]) -> Result<(), StoreError> {
        let core = &self.inner.core;
        core.db.compact_range_cf(core.cf(cf)?, Some(start), Some(end));
        Ok(())
    }

    /// Writes a backup of the live store to `out`: a RocksDB checkpoint
    /// (consistent at one instant while writers go on) packed and sealed
    /// under a key derived from the data key, with `extras` (small files
    /// such as node.toml) inside. `created_at` is the node's clock now; a
    /// restore asks peers for what was receipted after it. Blocking.
    pub fn backup_to(&self, out: &Path, created_at: i64, extras: &[(&str, &[u8])]) -> Result<BackupInfo, StoreError> {
        let span = tracing::info_span!("backup", out = %out.display());
        let _enter = span.enter();
        if out.exists() {
            return Err(StoreError::Backup { path: out.to_path_buf(), reason: "already exists".into() });
        }
        let dir = &self.inner.core.dir;
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let checkpoint = dir.join(format!("backup-{}-{nanos}.tmp", std::process::id()));
        let started = std::time::Instant::now();
        rocksdb::checkpoint::Checkpoint::new(&self.inner.core.db)?.create_checkpoint(&checkpoint)?;
        tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, "checkpoint taken");
        let packing = Packing {
            store_dir: dir,
            checkpoint: &checkpoint,
            root: &self.inner.backup_root,
            created_at,
            schema: self.schema_version(),
            extras,
        };
        let result = write_backup(&packing, out);
        if let Err(e) = std::fs::remove_dir_all(&checkpoint) {
            tracing::warn!(dir = %checkpoint.display(), error = %e, "checkpoint not removed");
        }
        let info = result?;
        tracing::info!(
            bytes = info.bytes,
            files = info.files,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "backup written"
        );
        Ok(info)
    }

    /// Restores the backup `file` into the store directory `dir`, which
    /// must be absent or empty. The key is checked first (a wrong one
    /// writes nothing); every record is authenticated into a staging
    /// directory that is moved into place only when whole. The restored
    /// store is opened (migrating it if it is older) and marked with the
    /// backup's time ([`Store::restored_from`]). Blocking.
    pub fn restore_backup(file: &Path, dir: &Path, unlock: &Unlock) -> Result<Restored, StoreError> {
        let span = tracing::info_span!("restore", file = %file.display(), dir = %dir.display());
        let _enter = span.enter();
        let not_empty = match std::fs::read_dir(dir) {
            Ok(mut entries) => entries.next().is_some(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(e.into()),
        };
        if not_empty {
            return Err(StoreError::Backup {
                path: dir.to_path_buf(),
                reason: "the restore target is not empty; restore into a new directory".into(),
            });
        }
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let created_parent = !parent.exists();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "store".into());
        let staging = parent.join(format!(".{name}.restoring-{}", std::process::id()));
        let restored = match unpack(file, unlock, &staging, CURRENT_SCHEMA) {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                if created_parent {
                    let _ = std::fs::remove_dir(parent);
                }
                return Err(e);
            }
        };
        if dir.exists() {
            std::fs::remove_dir(dir)?;
        }
        std::fs::rename(&staging, dir)?;
        sync_dir(parent)?;
        let store = Store::open(dir, unlock)?;
        store.put_sync(Cf::Meta, RESTORED_FROM_KEY, &restored.info.created_at.to_be_bytes())?;
        tracing::info!(
            created_at = restored.info.created_at,
            files = restored.info.files,
            schema = store.schema_version(),
            "backup restored"
        );
        Ok(restored)
    }

    /// When the backup this store was restored from was taken, until the
    /// node has asked its peers to refill what came after
    /// ([`Store::clear_restored_from`]).
    pub fn restored_from(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.read_meta::<8>(RESTORED_FROM_KEY, "restore time")?.map(i64::from_be_bytes))
    }

    /// Adds the removal of the restore mark to `batch`: written in the
    /// batch that queues the refill requests, so they are asked for once.
    pub fn clear_restored_from(batch: &mut Batch) {
        batch.delete(Cf::Meta, RESTORED_FROM_KEY);
    }

    /// Test helper: writes `raw` as the stored bytes of `(cf, key)`.
    #[cfg(test)]
    pub(crate) fn put_raw(&self, cf: Cf, key: &[u8], raw: &[u8]) -> Result<(), StoreError> {
        let core = &self.inner.core;
        core.db.put_cf_opt(core.cf(cf)?, key, raw, &sync_write_options())?;
        Ok(())
    }

    /// Test helper: the stored (sealed) bytes of `(cf, key)`.
    #[cfg(test)]
    pub(crate) fn get_raw(&self, cf: Cf, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let core = &self.inner.core;
        Ok(core.db.get_cf(core.cf(cf)?, key)?)
    }
}

/// A store under a new temporary directory, unlocked by a fixed key file:
/// the unit tests' store.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
    let t = tempfile::TempDir::new().unwrap();
    let kf = t.path().join("k");
    std::fs::write(&kf, [7u8; 32]).unwrap();
    let s = Store::create(&t.path().join("store"), &Unlock::KeyFile(kf)).unwrap();
    (t, s)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::fs;
    use std::path::PathBuf;
    use tempfile::TempDir;

    fn pass(p: &str) -> Unlock {
        Unlock::Passphrase(Zeroizing::new(p.to_string()))
    }

    fn store_dir(t: &TempDir) -> PathBuf {
        t.path().join("store")
    }

    /// Every file under `dir` (recursively) with its contents.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                let p = e.path();
                if e.file_type().unwrap().is_dir() {
                    stack.push(p);
                } else {
                    out.insert(p.clone(), fs::read(&p).unwrap());
                }
            }
        }
        out
    }

    /// Files under `dir` whose bytes contain `needle`.
    fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
        snapshot(dir)
            .into_iter()
            .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle))
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn create_put_reopen_get() {
        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        assert!(!Store::exists(&dir));
        assert!(matches!(Store::open(&dir, &pass("x")), Err(StoreError::NotFound { .. })));
        {
            let s = Store::create(&dir, &pass("correct horse")).unwrap();
            assert_eq!(s.schema_version(), CURRENT_SCHEMA);
            s.put_sync(Cf::Cases, b"case-1", b"hello").unwrap();
            s.put_sync(Cf::Cases, b"case-2", b"world").unwrap();
            s.put_sync(Cf::Inbox, b"case-1", b"other cf").unwrap();
            s.delete_sync(Cf::Cases, b"case-2").unwrap();
            let dbg = format!("{s:?}");
            assert!(dbg.contains("Store"));
        }
        assert!(Store::exists(&dir));
        assert!(matches!(Store::create(&dir, &pass("correct horse")), Err(StoreError::AlreadyExists { .. })));
        let s = Store::open(&dir, &pass("correct horse")).unwrap();
        assert_eq!(s.schema_version(), CURRENT_SCHEMA);
        assert_eq!(s.get(Cf::Cases, b"case-1").unwrap().unwrap(), b"hello");
        assert_eq!(s.get(Cf::Cases, b"case-2").unwrap(), None);
        assert_eq!(s.get(Cf::Inbox, b"case-1").unwrap().unwrap(), b"other cf");

        // Batches, scans and counts.
        let mut b = s.batch();
        for i in 0..10u8 {
            b.put(Cf::Outbox, &[b'a', i], &[i; 3]);
            b.put(Cf::Outbox, &[b'b', i], &[i; 2]);
        }
        b.delete(Cf::Outbox, &[b'a', 9]);
        assert_eq!(b.len(), 21);
        assert!(!b.is_empty());
        s.write_sync(b).unwrap();
        let a = s.scan_prefix(Cf::Outbox, b"a").unwrap();
        assert_eq!(a.len(), 9);
        assert_eq!(a[0], (vec![b'a', 0], vec![0; 3]));
        assert!(a.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(s.count(Cf::Outbox, b"b").unwrap(), 10);
        assert_eq!(s.count(Cf::Outbox, b"").unwrap(), 19);
        let from = s.scan_from(Cf::Outbox, &[b'a', 7], 4).unwrap();
        let keys: Vec<_> = from.into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec![vec![b'a', 7], vec![b'a', 8], vec![b'b', 0], vec![b'b', 1]]);
        assert!(s.scan_from(Cf::Outbox, b"", 0).unwrap().is_empty());
    }

    #[test]
    fn wrong_passphrase_modifies_nothing() {
        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        {
            let s = Store::create(&dir, &pass("right")).unwrap();
            s.put_sync(Cf::Keys, b"k", b"secret").unwrap();
        }
        let before = snapshot(&dir);
        let err = Store::open(&dir, &pass("wrong")).unwrap_err();
        assert!(matches!(err, StoreError::WrongKey), "{err:?}");
        assert!(err.to_string().contains("wrong passphrase or key file"));
        // Opening with the other mode is a clear error too.
        let kf = t.path().join("kf");
        fs::write(&kf, [7u8; 32]).unwrap();
        let err = Store::open(&dir, &Unlock::KeyFile(kf)).unwrap_err();
        assert!(matches!(err, StoreError::WrongUnlockMode { expected: "passphrase", .. }), "{err:?}");
        let after = snapshot(&dir);
        assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (p, bytes) in &before {
            assert_eq!(bytes.len(), after[p].len(), "{}", p.display());
            assert!(bytes == &after[p], "{} changed", p.display());
        }
        let s = Store::open(&dir, &pass("right")).unwrap();
        assert_eq!(s.get(Cf::Keys, b"k").unwrap().unwrap(), b"secret");
    }

    #[test]
    fn key_file_mode() {
        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        let kf = t.path().join("node.key");
        fs::write(&kf, format!("{}\n", hex::encode([0x42u8; 32]))).unwrap();
        {
            let s = Store::create(&dir, &Unlock::KeyFile(kf.clone())).unwrap();
            s.put_sync(Cf::Roster, b"fr", b"France").unwrap();
        }
        let s = Store::open(&dir, &Unlock::KeyFile(kf.clone())).unwrap();
        assert_eq!(s.get(Cf::Roster, b"fr").unwrap().unwrap(), b"France");
        drop(s);

        // The same key material as raw bytes works as well.
        let raw = t.path().join("raw.key");
        fs::write(&raw, [0x42u8; 32]).unwrap();
        drop(Store::open(&dir, &Unlock::KeyFile(raw)).unwrap());

        // A different key is rejected.
        let other = t.path().join("other.key");
        fs::write(&other, [0x43u8; 32]).unwrap();
        assert!(matches!(Store::open(&dir, &Unlock::KeyFile(other)), Err(StoreError::WrongKey)));

        // Wrong length names the path.
        let short = t.path().join("short.key");
        fs::write(&short, [1u8; 31]).unwrap();
        let err = Store::open(&dir, &Unlock::KeyFile(short.clone())).unwrap_err();
        match &err {
            StoreError::KeyFile { path, reason } => {
                assert_eq!(path, &short);
                assert!(reason.contains("wrong length"), "{reason}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains(&short.display().to_string()));

        // Missing file.
        let missing = t.path().join("missing.key");
        let err = Store::open(&dir, &Unlock::KeyFile(missing.clone())).unwrap_err();
        assert!(
            matches!(&err, StoreError::KeyFile { path, reason } if path == &missing && reason.contains("missing")),
            "{err:?}"
        );

        // Opening a key-file store with a passphrase is a clear error.
        assert!(matches!(
            Store::open(&dir, &pass("x")),
            Err(StoreError::WrongUnlockMode { expected: "key file", given: "passphrase" })
        ));
    }

    #[test]
    fn aad_binding_and_versions() {
        let t = TempDir::new().unwrap();
        let kf = t.path().join("k");
        fs::write(&kf, [9u8; 32]).unwrap();
        let s = Store::create(&store_dir(&t), &Unlock::KeyFile(kf)).unwrap();
        s.put_sync(Cf::Cases, b"a", b"value of a").unwrap();
        let raw = s.get_raw(Cf::Cases, b"a").unwrap().unwrap();
        assert_eq!(raw[0], 1);
        assert!(!raw.windows(10).any(|w| w == b"value of a"));

        // Moved to another key.
        s.put_raw(Cf::Cases, b"b", &raw).unwrap();
        assert!(matches!(
            s.get(Cf::Cases, b"b"),
            Err(StoreError::Corrupt { cf: "cases", ref key_hex, .. }) if key_hex == "62"
        ));
        // Moved to another column family.
        s.put_raw(Cf::Inbox, b"a", &raw).unwrap();
        assert!(matches!(s.get(Cf::Inbox, b"a"), Err(StoreError::Corrupt { cf: "inbox", .. })));
        // Tampered ciphertext.
        let mut bad = raw.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        s.put_raw(Cf::Cases, b"a", &bad).unwrap();
        assert!(matches!(s.get(Cf::Cases, b"a"), Err(StoreError::Corrupt { .. })));
        // Truncated.
        s.put_raw(Cf::Cases, b"a", &raw[..10]).unwrap();
        assert!(matches!(s.get(Cf::Cases, b"a"), Err(StoreError::Corrupt { .. })));
        // Unknown format version.
        let mut v2 = raw.clone();
        v2[0] = 2;
        s.put_raw(Cf::Cases, b"a", &v2).unwrap();
        assert!(matches!(s.get(Cf::Cases, b"a"), Err(StoreError::UnsupportedVersion { found: 2, supported: 1 })));
        // A scan surfaces the corruption too.
        assert!(s.scan_prefix(Cf::Inbox, b"").is_err());
        // The original still opens.
        s.put_raw(Cf::Cases, b"a", &raw).unwrap();
        assert_eq!(s.get(Cf::Cases, b"a").unwrap().unwrap(), b"value of a");
    }

    #[test]
    fn canary_never_on_disk() {
        const CANARY: &[u8] = b"CANARY-7f3a9";

        // Positive control: the scanner does find a plaintext canary.
        let control = TempDir::new().unwrap();
        fs::create_dir(control.path().join("sub")).unwrap();
        fs::write(control.path().join("sub").join("plain.txt"), [b"xx".as_slice(), CANARY, b"yy"].concat()).unwrap();
        assert_eq!(files_containing(control.path(), CANARY).len(), 1);

        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        {
            let s = Store::create(&dir, &pass("canary pass")).unwrap();
            let value = |i: usize| format!("case {i} field {}", String::from_utf8_lossy(CANARY));
            // put_sync
            for i in 0..100 {
                s.put_sync(Cf::Cases, format!("p{i:05}").as_bytes(), value(i).as_bytes()).unwrap();
            }
            // write_sync batches
            for chunk in 0..10 {
                let mut b = s.batch();
                for i in 0..100 {
                    let n = chunk * 100 + i;
                    b.put(Cf::Inbox, format!("w{n:05}").as_bytes(), value(n).as_bytes());
                    b.put(Cf::Audit, format!("w{n:05}").as_bytes(), value(n).as_bytes());
                }
                s.write_sync(b).unwrap();
            }
            // group commit
            rt.block_on(async {
                for chunk in 0..10 {
                    let mut b = s.batch();
                    for i in 0..90 {
                        let n = chunk * 90 + i;
                        b.put(Cf::Outbox, format!("c{n:05}").as_bytes(), value(n).as_bytes());
                        b.put(Cf::Receipts, format!("c{n:05}").as_bytes(), value(n).as_bytes());
                        b.put(Cf::Keys, format!("c{n:05}").as_bytes(), value(n).as_bytes());
                    }
                    s.commit(b).await.unwrap();
                }
            });
            assert_eq!(s.count(Cf::Outbox, b"c").unwrap(), 900);
            assert_eq!(s.get(Cf::Audit, b"w00999").unwrap().unwrap(), value(999).as_bytes());
            s.flush().unwrap();
            // Some more left only in the WAL.
            for i in 0..50 {
                s.put_sync(Cf::Roster, format!("r{i}").as_bytes(), value(i).as_bytes()).unwrap();
            }
        }
        let files = snapshot(&dir);
        assert!(files.keys().any(|p| p.ends_with(KEYRING_FILE)));
        assert!(files.keys().any(|p| p.extension().is_some_and(|e| e == "sst")));
        assert!(files.keys().any(|p| p.extension().is_some_and(|e| e == "log")));
        let leaked = files_containing(&dir, CANARY);
        assert!(leaked.is_empty(), "canary found in {leaked:?}");

        // And the data is all still there.
        let s = Store::open(&dir, &pass("canary pass")).unwrap();
        assert_eq!(s.count(Cf::Inbox, b"").unwrap(), 1000);
        assert_eq!(s.count(Cf::Roster, b"").unwrap(), 50);
    }

    #[test]
    fn group_commit_concurrent() {
        let t = TempDir::new().unwrap();
        let kf = t.path().join("k");
        fs::write(&kf, [3u8; 32]).unwrap();
        let s = Store::create(&store_dir(&t), &Unlock::KeyFile(kf)).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).build().unwrap();
        rt.block_on(async {
            let mut tasks = Vec::new();
            for i in 0..200u32 {
                let s = s.clone();
                tasks.push(tokio::spawn(async move {
                    let mut b = s.batch();
                    b.put(Cf::Delivered, &i.to_be_bytes(), format!("msg {i}").as_bytes());
                    b.put(Cf::Receipts, &i.to_be_bytes(), b"r");
                    s.commit(b).await
                }));
            }
            for task in tasks {
                task.await.unwrap().unwrap();
            }
            // An empty batch commits trivially.
            s.commit(s.batch()).await.unwrap();
        });
        drop(rt);
        for i in 0..200u32 {
            assert_eq!(s.get(Cf::Delivered, &i.to_be_bytes()).unwrap().unwrap(), format!("msg {i}").as_bytes());
        }
        assert_eq!(s.count(Cf::Receipts, b"").unwrap(), 200);
        let all = s.scan_prefix(Cf::Delivered, b"").unwrap();
        assert_eq!(all.len(), 200);
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0));

        // A batch from another store is refused.
        let t2 = TempDir::new().unwrap();
        let kf2 = t2.path().join("k");
        fs::write(&kf2, [4u8; 32]).unwrap();
        let s2 = Store::create(&store_dir(&t2), &Unlock::KeyFile(kf2)).unwrap();
        let mut b = s2.batch();
        b.put(Cf::Cases, b"x", b"y");
        assert!(matches!(s.write_sync(b), Err(StoreError::ForeignBatch)));
    }

    #[test]
    fn newer_schema_refused() {
        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        let kf = t.path().join("k");
        fs::write(&kf, [5u8; 32]).unwrap();
        let unlock = Unlock::KeyFile(kf);
        {
            let s = Store::create(&dir, &unlock).unwrap();
            s.put_sync(Cf::Meta, SCHEMA_KEY, &(CURRENT_SCHEMA + 1).to_be_bytes()).unwrap();
        }
        let err = Store::open(&dir, &unlock).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::UnsupportedVersion { found, supported }
                    if found == CURRENT_SCHEMA + 1 && supported == CURRENT_SCHEMA
            ),
            "{err:?}"
        );
        // The failed open released the database: it can be fixed and opened.
        {
            let s = Store::start(&dir, &unwrap_data_key(&dir, &unlock).unwrap()).unwrap();
            s.put_sync(Cf::Meta, SCHEMA_KEY, &CURRENT_SCHEMA.to_be_bytes()).unwrap();
        }
        let s = Store::open(&dir, &unlock).unwrap();
        assert_eq!(s.schema_version(), CURRENT_SCHEMA);
    }

    #[test]
    fn a_backup_restores_whole_and_holds_no_plaintext() {
        const CANARY: &[u8] = b"CANARY-backup-51c2";
        const KEY_CANARY: &[u8] = b"key-canary-9d01";
        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        let s = Store::create(&dir, &pass("backup pass")).unwrap();
        let value = |i: usize| format!("case {i} {}", String::from_utf8_lossy(CANARY));
        for i in 0..200 {
            s.put_sync(Cf::Cases, format!("c{i:04}").as_bytes(), value(i).as_bytes()).unwrap();
        }
        s.put_sync(Cf::Inbox, KEY_CANARY, b"x").unwrap();
        // Some flushed to SST files, some only in the WAL.
        s.flush().unwrap();
        for i in 200..260 {
            s.put_sync(Cf::Cases, format!("c{i:04}").as_bytes(), value(i).as_bytes()).unwrap();
        }
        let out = t.path().join("node.bak");
        let toml = b"party = \"FRA\"\n".as_slice();
        let info = s.backup_to(&out, 1_700_000_000_000, &[("node.toml", toml)]).unwrap();
        assert_eq!(info.schema, CURRENT_SCHEMA);
        assert!(info.files > 0);
        assert!(!out.with_file_name("node.bak.partial").exists());
        assert!(!snapshot(&dir).keys().any(|p| p.to_string_lossy().contains("backup-")), "checkpoint left behind");
        let bytes = fs::read(&out).unwrap();
        assert_eq!(info.bytes, bytes.len() as u64);
        assert!(bytes.starts_with(BACKUP_MAGIC));
        // Positive control, then the canaries: no value, key or file name in clear.
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"DIEFBAK1"));
        assert!(!has(CANARY), "a value is readable in the backup");
        assert!(!has(KEY_CANARY), "a store key is readable in the backup");
        assert!(!has(b"MANIFEST") && !has(b"party"), "file names or extras readable in the backup");
        // Refuses to overwrite.
        assert!(matches!(s.backup_to(&out, 0, &[]), Err(StoreError::Backup { .. })));
        // Written after the backup: not in it.
        s.put_sync(Cf::Cases, b"after", b"later").unwrap();
        drop(s);

        let target = t.path().join("restored").join("store");
        let restored = Store::restore_backup(&out, &target, &pass("backup pass")).unwrap();
        assert_eq!(restored.info.created_at, 1_700_000_000_000);
        assert_eq!(restored.extras, vec![("node.toml".to_string(), toml.to_vec())]);
        let r = Store::open(&target, &pass("backup pass")).unwrap();
        assert_eq!(r.count(Cf::Cases, b"c").unwrap(), 260);
        assert_eq!(r.get(Cf::Cases, b"c0259").unwrap().unwrap(), value(259).as_bytes());
        assert_eq!(r.get(Cf::Cases, b"after").unwrap(), None);
        assert_eq!(r.restored_from().unwrap(), Some(1_700_000_000_000));
        let mut b = r.batch();
        Store::clear_restored_from(&mut b);
        r.write_sync(b).unwrap();
        assert_eq!(r.restored_from().unwrap(), None);
        drop(r);
        // Into a directory that is not empty: refused, nothing changed.
        let err = Store::restore_backup(&out, &target, &pass("backup pass")).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
    }

    #[test]
    fn a_bad_key_or_a_damaged_backup_is_refused_and_writes_nothing() {
        let t = TempDir::new().unwrap();
        let kf = t.path().join("k");
        fs::write(&kf, [11u8; 32]).unwrap();
        let unlock = Unlock::KeyFile(kf);
        let s = Store::create(&store_dir(&t), &unlock).unwrap();
        for i in 0..50u32 {
            s.put_sync(Cf::Audit, &i.to_be_bytes(), &[7u8; 300]).unwrap();
        }
        let out = t.path().join("b.bak");
        s.backup_to(&out, 5, &[]).unwrap();
        drop(s);
        let good = fs::read(&out).unwrap();
        let target = t.path().join("new").join("store");
        let refused = |bytes: &[u8], unlock: &Unlock| -> StoreError {
            let f = t.path().join("try.bak");
            fs::write(&f, bytes).unwrap();
            let err = Store::restore_backup(&f, &target, unlock).unwrap_err();
            assert!(!t.path().join("new").exists(), "a refused restore wrote something: {err}");
            err
        };
        // Wrong key.
        let other = t.path().join("other");
        fs::write(&other, [12u8; 32]).unwrap();
        assert!(matches!(refused(&good, &Unlock::KeyFile(other)), StoreError::WrongKey));
        assert!(matches!(refused(&good, &pass("x")), StoreError::WrongUnlockMode { .. }));
        // Not a backup.
        let err = refused(b"hello world, not a backup", &unlock);
        assert!(err.to_string().contains("bad magic"), "{err}");
        // Truncated: in the header, in a record, before the end record.
        for cut in [10, 40, good.len() / 2, good.len() - 1] {
            let err = refused(&good[..cut], &unlock);
            assert!(err.to_string().contains("truncated"), "cut at {cut}: {err}");
        }
        // One bit flipped in the header's salt, in a record, in the last byte.
        let header_len = u32::from_be_bytes(good[8..12].try_into().unwrap()) as usize;
        for at in [12 + header_len - 3, 12 + header_len + 40, good.len() / 2, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x01;
            let err = refused(&bad, &unlock);
            let text = err.to_string();
            assert!(
                text.contains("fails authentication") || text.contains("damaged") || text.contains("truncated"),
                "flip at {at}: {text}"
            );
        }
        // Bytes appended after the end record.
        let mut longer = good.clone();
        longer.push(0);
        assert!(refused(&longer, &unlock).to_string().contains("after the end record"));
        // The good one still restores.
        Store::restore_backup(&out, &target, &unlock).unwrap();
        assert_eq!(Store::open(&target, &unlock).unwrap().count(Cf::Audit, b"").unwrap(), 50);
    }

    #[test]
    fn a_backup_of_a_newer_schema_is_refused_naming_the_versions() {
        let t = TempDir::new().unwrap();
        let kf = t.path().join("k");
        fs::write(&kf, [13u8; 32]).unwrap();
        let unlock = Unlock::KeyFile(kf);
        let s = Store::create(&store_dir(&t), &unlock).unwrap();
        s.write_schema_version(CURRENT_SCHEMA + 1).unwrap();
        let out = t.path().join("newer.bak");
        s.backup_to(&out, 1, &[]).unwrap();
        drop(s);
        let target = t.path().join("r");
        let err = Store::restore_backup(&out, &target, &unlock).unwrap_err().to_string();
        assert!(err.contains(&format!("schema version {}", CURRENT_SCHEMA + 1)), "{err}");
        assert!(err.contains(&format!("supports up to {CURRENT_SCHEMA}")), "{err}");
        assert!(!target.exists());
    }

    #[test]
    fn a_backup_taken_while_writers_run_is_consistent() {
        let t = TempDir::new().unwrap();
        let kf = t.path().join("k");
        fs::write(&kf, [14u8; 32]).unwrap();
        let unlock = Unlock::KeyFile(kf);
        let s = Store::create(&store_dir(&t), &unlock).unwrap();
        let writer = {
            let s = s.clone();
            std::thread::spawn(move || {
                // Each batch writes a pair: a backup must hold both or neither.
                for i in 0..2000u32 {
                    let mut b = s.batch();
                    b.put(Cf::Delivered, &i.to_be_bytes(), b"d");
                    b.put(Cf::Receipts, &i.to_be_bytes(), b"r");
                    s.write_sync(b).unwrap();
                }
            })
        };
        let mut outs = Vec::new();
        for n in 0..3 {
            std::thread::sleep(std::time::Duration::from_millis(30));
            let out = t.path().join(format!("busy-{n}.bak"));
            s.backup_to(&out, n, &[]).unwrap();
            outs.push(out);
        }
        writer.join().unwrap();
        drop(s);
        for (n, out) in outs.iter().enumerate() {
            let target = t.path().join(format!("r{n}"));
            Store::restore_backup(out, &target, &unlock).unwrap();
            let r = Store::open(&target, &unlock).unwrap();
            let (d, rc) = (r.count(Cf::Delivered, b"").unwrap(), r.count(Cf::Receipts, b"").unwrap());
            assert_eq!(d, rc, "backup {n} holds half a batch");
        }
    }

    /// The passphrase of the committed schema-1 fixture store.
    const FIXTURE_PASSPHRASE: &str = "dief fixture store v1";

    fn fixture_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("store-v1")
    }

    /// The receipts of the fixture: (message id timestamp, recipient, received at).
    const FIXTURE_RECEIPTS: [(u64, &str, i64); 3] = [
        (1_767_000_000_000, "GHA", 1_767_000_001_000),
        (1_767_000_002_000, "GHA", 1_767_000_003_000),
        (1_767_000_004_000, "PER", 1_767_000_005_000),
    ];

    /// Writes `node/tests/fixtures/store-v1/` as the schema-1 build did:
    /// sent records and receipts without the resend index, and a case.
    /// Run once, before schema 2, with
    /// `DIEF_WRITE_FIXTURE=1 cargo test -p dief-node --lib write_the_schema_1_fixture -- --ignored`.
    #[test]
    #[ignore]
    fn write_the_schema_1_fixture() {
        use dief_protocol::{keys::IdentityKeypair, MessageId, Party, Receipt};
        if std::env::var_os("DIEF_WRITE_FIXTURE").is_none() {
            return;
        }
        let dir = fixture_dir();
        assert!(!dir.exists(), "{} exists; remove it first", dir.display());
        let s = Store::create(&dir, &pass(FIXTURE_PASSPHRASE)).unwrap();
        // Written at schema 1 by the build before schema 2; kept runnable.
        s.write_schema_version(1).unwrap();
        let key = IdentityKeypair::generate().unwrap();
        let mut b = s.batch();
        for (i, (at, to, received_at)) in FIXTURE_RECEIPTS.iter().enumerate() {
            let id = MessageId::generate(*at).unwrap();
            let to: Party = to.parse().unwrap();
            let sent = crate::core::records::SentRecord {
                message_id: id,
                kind: dief_protocol::Kind::Reply,
                recipients: vec![to],
                case_id: None,
                created_at: *at as i64,
                envelope: vec![i as u8; 64],
                digest: vec![9; 32],
                payload: None,
            };
            b.put(
                Cf::Outbox,
                &crate::core::records::sent_key(&id),
                &crate::core::records::encode("sent", &sent).unwrap(),
            );
            let receipt = Receipt {
                message_id: id,
                envelope_digest: [9; 32],
                recipient: to,
                sender: "FRA".parse().unwrap(),
                received_at: *received_at,
                duplicate: false,
                roster: None,
            };
            let entry = crate::core::records::ReceiptEntry {
                receipt: receipt.sign(&key).unwrap(),
                received_at: *received_at,
                duplicate: false,
            };
            b.put(
                Cf::Receipts,
                &crate::core::records::receipt_key(&id, to),
                &crate::core::records::encode("receipt", &entry).unwrap(),
            );
        }
        b.put(Cf::Cases, b"fixture-case", b"a case kept by schema 1");
        s.write_sync(b).unwrap();
        s.flush().unwrap();
        drop(s);
        // RocksDB's info logs are not part of the store.
        for e in fs::read_dir(dir.join(DB_DIR)).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with("LOG") {
                fs::remove_file(p).unwrap();
            }
        }
    }

    #[test]
    fn a_schema_1_store_from_the_previous_release_migrates_to_2() {
        use crate::core::records;
        let t = TempDir::new().unwrap();
        let dir = store_dir(&t);
        // Copy the committed fixture: opening migrates in place.
        for (path, bytes) in snapshot(&fixture_dir()) {
            let rel = path.strip_prefix(fixture_dir()).unwrap();
            fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
            fs::write(dir.join(rel), bytes).unwrap();
        }
        {
            let core = Store::start(&dir, &unwrap_data_key(&dir, &pass(FIXTURE_PASSPHRASE)).unwrap()).unwrap();
            assert_eq!(core.read_schema_version().unwrap(), Some(1), "the fixture is not of schema 1");
            assert_eq!(core.count(Cf::Outbox, b"r/").unwrap(), 0);
        }
        let s = Store::open(&dir, &pass(FIXTURE_PASSPHRASE)).unwrap();
        assert_eq!(s.schema_version(), 2);
        assert_eq!(s.read_schema_version().unwrap(), Some(2));
        // The records are all there, and the index names each receipt.
        assert_eq!(s.get(Cf::Cases, b"fixture-case").unwrap().unwrap(), b"a case kept by schema 1");
        assert_eq!(s.count(Cf::Receipts, b"").unwrap(), 3);
        assert_eq!(s.count(Cf::Outbox, b"e/").unwrap(), 3);
        for (at, to, received_at) in FIXTURE_RECEIPTS {
            let to: dief_protocol::Party = to.parse().unwrap();
            let from = records::resend_from(to, received_at);
            let hit = s.scan_from(Cf::Outbox, &from, 1).unwrap();
            let id = records::queue_key_id(&hit[0].0).unwrap();
            assert!(hit[0].0.starts_with(&records::resend_prefix(to)));
            assert_eq!(id.timestamp_ms(), at);
            assert!(s.get(Cf::Receipts, &records::receipt_key(&id, to)).unwrap().is_some());
        }
        assert_eq!(s.count(Cf::Outbox, &records::resend_prefix("GHA".parse().unwrap())).unwrap(), 2);
        assert_eq!(s.count(Cf::Outbox, &records::resend_prefix("PER".parse().unwrap())).unwrap(), 1);
        // Running the migration again changes nothing.
        migrate_1_to_2(&s).unwrap();
        assert_eq!(s.count(Cf::Outbox, b"r/").unwrap(), 3);
        drop(s);
        let s = Store::open(&dir, &pass(FIXTURE_PASSPHRASE)).unwrap();
        assert_eq!(s.schema_version(), 2);
    }

    /// Prints the size and time of a backup and a restore of `N` 1 KiB
    /// values (figures for ARCHITECTURE; nothing asserted):
    /// `cargo test -p dief-node --lib backup_figures -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn backup_figures() {
        const N: u32 = 10_000;
        let t = TempDir::new().unwrap();
        let kf = t.path().join("k");
        fs::write(&kf, [15u8; 32]).unwrap();
        let unlock = Unlock::KeyFile(kf);
        let s = Store::create(&store_dir(&t), &unlock).unwrap();
        for chunk in 0..N / 100 {
            let mut b = s.batch();
            for i in 0..100 {
                b.put(Cf::Inbox, &(chunk * 100 + i).to_be_bytes(), &[7u8; 1024]);
            }
            s.write_sync(b).unwrap();
        }
        let store_bytes = s.disk_bytes().unwrap();
        let out = t.path().join("f.bak");
        let started = std::time::Instant::now();
        let info = s.backup_to(&out, 1, &[]).unwrap();
        let backup = started.elapsed();
        drop(s);
        let started = std::time::Instant::now();
        Store::restore_backup(&out, &t.path().join("r"), &unlock).unwrap();
        println!(
            "{N} values of 1 KiB: store {store_bytes} bytes; backup {} bytes, {} files, {backup:?}; restore {:?}",
            info.bytes,
            info.files,
            started.elapsed()
        );
    }
}
