//! What every part of the store shares: how it is unlocked, its column
//! families, its errors and its fixed parameters.

use std::fmt;
use std::path::PathBuf;

use zeroize::Zeroizing;

/// (key, decrypted value) pairs returned by scans, in key order.
pub type KeyValues = Vec<(Vec<u8>, Vec<u8>)>;

/// On-disk format version of a sealed value (first byte of every value).
pub(super) const VALUE_FORMAT_V1: u8 = 1;
/// AES-GCM tag length.
pub(super) const TAG_LEN: usize = 16;
/// Prefix of the associated data of a sealed value.
pub(super) const VALUE_AAD_PREFIX: &[u8] = b"dief/store/v1\0";
/// Key of the schema version in [`Cf::Meta`].
pub(super) const SCHEMA_KEY: &[u8] = b"schema_version";
/// Key in [`Cf::Meta`] set by a restore: when the backup was taken (ms,
/// big-endian i64), so the node asks its peers for what came after.
pub(super) const RESTORED_FROM_KEY: &[u8] = b"restored_from";

/// Keyring file name inside the store directory.
pub(super) const KEYRING_FILE: &str = "keyring";
/// RocksDB directory inside the store directory.
pub(super) const DB_DIR: &str = "db";
/// Keyring file format version.
pub(super) const KEYRING_FORMAT: u32 = 1;
/// Associated-data prefix when wrapping the data key (followed by the mode).
pub(super) const KEYRING_AAD_PREFIX: &[u8] = b"dief/keyring/v1\0";
/// HKDF info for key-file mode.
pub(super) const KEYFILE_HKDF_INFO: &[u8] = b"dief/keyfile/v1";

/// Argon2id parameters used for new passphrase-protected stores.
pub(super) const ARGON2_M_COST_KIB: u32 = 64 * 1024;
pub(super) const ARGON2_T_COST: u32 = 3;
pub(super) const ARGON2_P_COST: u32 = 1;
/// Upper bounds accepted when reading a keyring (a tampered keyring must not
/// make the node allocate unbounded memory or spin forever).
pub(super) const ARGON2_MAX_M_COST_KIB: u32 = 4 * 1024 * 1024;
pub(super) const ARGON2_MAX_T_COST: u32 = 64;
pub(super) const ARGON2_MAX_P_COST: u32 = 16;
pub(super) const SALT_LEN: usize = 16;

/// Capacity of the group-commit queue.
pub(super) const COMMIT_QUEUE: usize = 1024;
/// Maximum number of queued batches merged into one synced write.
pub(super) const MAX_GROUP: usize = 512;

/// How the operator unlocks the store's data key.
pub enum Unlock {
    /// Key-encryption key derived with Argon2id from this passphrase.
    Passphrase(Zeroizing<String>),
    /// Key-encryption key derived with HKDF-SHA256 from a file holding
    /// exactly 32 bytes of key material, raw or as 64 hex characters (one
    /// trailing newline allowed).
    KeyFile(PathBuf),
}

impl Unlock {
    pub(super) fn mode_name(&self) -> &'static str {
        match self {
            Unlock::Passphrase(_) => "passphrase",
            Unlock::KeyFile(_) => "key file",
        }
    }
}

impl fmt::Debug for Unlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unlock::Passphrase(_) => f.write_str("Unlock::Passphrase(<redacted>)"),
            Unlock::KeyFile(p) => f.debug_tuple("Unlock::KeyFile").field(p).finish(),
        }
    }
}

/// Column families of the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cf {
    /// Store metadata (schema version, node settings).
    Meta,
    /// Node key material (itself sealed like every value).
    Keys,
    /// Cases held by this node.
    Cases,
    /// Received messages not yet processed.
    Inbox,
    /// Messages waiting to be delivered to peers.
    Outbox,
    /// Delivered-message records (deduplication).
    Delivered,
    /// Receipts sent and received.
    Receipts,
    /// The roster of States / nodes.
    Roster,
    /// The audit trail.
    Audit,
    /// State-to-State procedures (notices, use requests, challenges,
    /// threads) and who holds which version of each own case.
    Exchanges,
    /// Streamed attachments (issue 13): sealed chunks, which are held, and
    /// who may fetch them. Values are large: kept in blob files.
    Chunks,
}

impl Cf {
    /// Every column family, in a fixed order.
    pub const ALL: [Cf; 11] = [
        Cf::Meta,
        Cf::Keys,
        Cf::Cases,
        Cf::Inbox,
        Cf::Outbox,
        Cf::Delivered,
        Cf::Receipts,
        Cf::Roster,
        Cf::Audit,
        Cf::Exchanges,
        Cf::Chunks,
    ];

    /// The RocksDB column family name (also part of every value's AAD).
    pub fn name(self) -> &'static str {
        match self {
            Cf::Meta => "meta",
            Cf::Keys => "keys",
            Cf::Cases => "cases",
            Cf::Inbox => "inbox",
            Cf::Outbox => "outbox",
            Cf::Delivered => "delivered",
            Cf::Receipts => "receipts",
            Cf::Roster => "roster",
            Cf::Audit => "audit",
            Cf::Exchanges => "exchanges",
            Cf::Chunks => "chunks",
        }
    }
}

impl fmt::Display for Cf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Errors of the store. Messages never contain stored values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No store at this directory.
    #[error("no store at {dir}")]
    NotFound { dir: PathBuf },
    /// `create` on a directory that already holds a store.
    #[error("a store already exists at {dir}")]
    AlreadyExists { dir: PathBuf },
    /// The passphrase or key file does not unwrap the data key.
    #[error("wrong passphrase or key file: the data key could not be unwrapped")]
    WrongKey,
    /// The store was created with one unlock mode and opened with the other.
    #[error("this store is unlocked with a {expected}, not a {given}")]
    WrongUnlockMode { expected: &'static str, given: &'static str },
    /// The key file is missing, unreadable or malformed.
    #[error("key file {path}: {reason}")]
    KeyFile { path: PathBuf, reason: String },
    /// The keyring file is unreadable or malformed.
    #[error("keyring {path}: {reason}")]
    Keyring { path: PathBuf, reason: String },
    /// A stored value failed to open (tampered, moved, truncated).
    #[error("corrupt value in column family {cf} at key {key_hex}: {reason}")]
    Corrupt { cf: &'static str, key_hex: String, reason: String },
    /// A value, keyring or schema version newer than this build knows.
    #[error("unsupported format or schema version {found} (this build supports {supported})")]
    UnsupportedVersion { found: u32, supported: u32 },
    /// A backup file could not be written, or is not one this node can
    /// restore (damaged, truncated, altered, or for another build); or the
    /// restore target is not empty.
    #[error("backup {path}: {reason}")]
    Backup { path: PathBuf, reason: String },
    /// A batch created by another store was given to this one.
    #[error("batch was created by a different store")]
    ForeignBatch,
    /// Cryptographic failure other than a wrong key (e.g. no randomness).
    #[error("cryptographic failure: {0}")]
    Crypto(String),
    /// RocksDB error.
    #[error("database error: {0}")]
    Db(String),
    /// I/O error.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The disk holding the store has less free space than the node keeps
    /// in reserve: new work is refused until space is freed.
    #[error(
        "the disk holding the store ({}) has {} MiB free, below the {} MiB this node keeps free \
         (`min_free_disk_mb` in node.toml): new work is refused until space is freed; nothing stored is lost",
        dir.display(), free / (1024 * 1024), reserve / (1024 * 1024)
    )]
    DiskFull { dir: PathBuf, free: u64, reserve: u64 },
    /// The free space of the store's disk cannot be read.
    #[error("the free space of the disk holding the store ({}) cannot be read: {reason}", dir.display())]
    DiskUnreadable { dir: PathBuf, reason: String },
    /// The writer thread is gone.
    #[error("store is closed")]
    Closed,
}

impl From<rocksdb::Error> for StoreError {
    fn from(e: rocksdb::Error) -> Self {
        StoreError::Db(e.into_string())
    }
}

#[derive(Debug)]
pub(super) enum Op {
    /// Value already sealed.
    Put(Cf, Vec<u8>, Vec<u8>),
    Delete(Cf, Vec<u8>),
}
