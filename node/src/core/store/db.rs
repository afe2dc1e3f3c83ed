//! The RocksDB database itself: options, opening, synced writes.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use rocksdb::{
    BlockBasedOptions, Cache, ColumnFamily, ColumnFamilyDescriptor, DBCompressionType, Options, WriteBatch,
    WriteOptions, DB,
};

use crate::core::store::types::*;

/// Options chosen for a small resident footprint.
pub(super) fn db_options() -> Options {
    let cache = Cache::new_lru_cache(8 << 20);
    let mut table = BlockBasedOptions::default();
    table.set_block_cache(&cache);
    let mut o = Options::default();
    o.create_if_missing(true);
    o.create_missing_column_families(true);
    o.set_compression_type(DBCompressionType::None);
    o.set_block_based_table_factory(&table);
    o.set_write_buffer_size(4 << 20);
    o.set_max_write_buffer_number(2);
    // Bound memtables across all column families and the WAL, so that
    // rarely-written column families cannot pin memory or old WAL files.
    o.set_db_write_buffer_size(16 << 20);
    o.set_max_total_wal_size(16 << 20);
    o.set_keep_log_file_num(2);
    o.set_max_log_file_size(1 << 20);
    o.set_max_open_files(256);
    o.set_max_background_jobs(2);
    o
}

pub(super) fn open_db(db_dir: &Path) -> Result<DB, StoreError> {
    let opts = db_options();
    let cfs = Cf::ALL.iter().map(|cf| ColumnFamilyDescriptor::new(cf.name(), cf_options(*cf, &opts)));
    Ok(DB::open_cf_descriptors(&opts, db_dir, cfs)?)
}

/// A column family's options: the database's, and for the chunks of
/// streamed attachments, blob files, so that a chunk of a MiB is written
/// once to a blob file instead of again at every compaction level, and
/// memtables of 8 MiB so a transfer does not flush every few chunks.
///
/// Without blob garbage collection: it relocated, at every compaction,
/// the live blobs of the oldest quarter of the blob files, and since each
/// compaction of the chunks' level-0 files merges them with the one file
/// indexing every chunk, a 2 GiB transfer rewrote old files again and
/// again; compactions fell behind, 20 level-0 files piled up and RocksDB
/// slowed writes to 16 MB/s (its LOG, issue 13). A blob file is deleted
/// anyway once compactions have dropped every chunk in it, which is what
/// deleting a file's chunks does (a file's chunks fill their own blob
/// files, one per flush).
fn cf_options(cf: Cf, opts: &Options) -> Options {
    let mut o = opts.clone();
    if cf == Cf::Chunks {
        o.set_enable_blob_files(true);
        o.set_min_blob_size(16 * 1024);
        o.set_blob_file_size(64 << 20);
        o.set_enable_blob_gc(false);
        o.set_write_buffer_size(8 << 20);
    }
    o
}

pub(super) fn sync_write_options() -> WriteOptions {
    let mut wo = WriteOptions::default();
    wo.set_sync(true);
    wo
}

/// The RocksDB handle shared by callers and the writer thread.
pub(super) struct Core {
    pub(super) db: DB,
    pub(super) dir: PathBuf,
    /// Group commits that failed since the store was opened: a disk error
    /// the operator must see (`dief status`, the metrics).
    pub(super) write_failures: AtomicU64,
}

impl Core {
    pub(super) fn cf(&self, cf: Cf) -> Result<&ColumnFamily, StoreError> {
        self.db.cf_handle(cf.name()).ok_or_else(|| StoreError::Db(format!("missing column family {}", cf.name())))
    }

    pub(super) fn write_ops(&self, ops: &[Op], wb: &mut WriteBatch) -> Result<(), StoreError> {
        for op in ops {
            match op {
                Op::Put(cf, k, v) => wb.put_cf(self.cf(*cf)?, k, v),
                Op::Delete(cf, k) => wb.delete_cf(self.cf(*cf)?, k),
            }
        }
        Ok(())
    }
}
