//! Backup files of a live store: a RocksDB checkpoint (a consistent
//! point-in-time copy taken while the node keeps writing) packed into one
//! file that is sealed as a whole, and its restore.
//!
//! The file, `DIEFBAK1`:
//!
//! ```text
//! magic "DIEFBAK1" | u32 BE header length | header (CBOR, in clear:
//!   format, created_at, schema, the store's keyring file as it is, salt)
//! then records: u32 BE length | AES-256-GCM(record CBOR)
//!   nonce = record index, AAD = SHA-256(magic | header)
//!   records: file chunks (path relative to the store directory, bytes),
//!   extra files (e.g. node.toml), and a final End { records }.
//! ```
//!
//! The record key is HKDF-SHA256 from the store's data key with this
//! backup's random salt and its own label, so only whoever unwraps the
//! keyring in the header (the node's passphrase or key file) can read the
//! backup, and nothing in it (values, keys, file names) is in clear. The
//! header is bound into every record: a flipped header byte fails the first
//! record. The index as nonce catches a reordered or dropped record, the
//! End record a truncated file.

use std::fs;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use ring::aead::{Aad, LessSafeKey, Nonce, AES_256_GCM, NONCE_LEN};
use ring::digest::{digest, SHA256};
use ring::hkdf::{Prk, Salt, HKDF_SHA256};
use ring::rand::SystemRandom;
use serde::{Deserialize, Serialize};

use crate::core::store::keyring::*;
use crate::core::store::types::*;

/// First bytes of every backup file.
pub(super) const BACKUP_MAGIC: &[u8; 8] = b"DIEFBAK1";
/// Container format version (in the header).
pub(super) const BACKUP_FORMAT: u32 = 1;
/// HKDF label of the backup key, distinct from every other use of the data key.
const BACKUP_HKDF_INFO: &[u8] = b"dief/backup/v1";
/// Fixed HKDF-extract salt; the per-backup salt goes into the expand info.
const BACKUP_HKDF_SALT: &[u8] = b"dief/backup/extract/v1";
/// Bytes of a file per record.
const CHUNK: usize = 1 << 20;
/// Largest header and record accepted when reading (a damaged length must
/// not make restore allocate without bound).
const MAX_HEADER: u32 = 64 * 1024;
const MAX_RECORD: u32 = (CHUNK as u32) + 64 * 1024;
/// Largest extra file (node.toml) carried in a backup.
pub const MAX_EXTRA: usize = 1 << 20;
/// Prefix of the record path of an extra file.
const EXTRA_PREFIX: &str = "extra/";

#[derive(Serialize, Deserialize, Debug)]
struct Header {
    format: u32,
    created_at: i64,
    schema: u32,
    #[serde(with = "serde_bytes")]
    keyring: Vec<u8>,
    #[serde(with = "serde_bytes")]
    salt: Vec<u8>,
}

#[derive(Serialize, Deserialize, Debug)]
enum Record {
    /// A chunk of a file; chunks of one file follow each other in order.
    File {
        path: String,
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
    },
    /// The last record: how many came before it.
    End { records: u64 },
}

/// What a backup holds, as written or as restored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    /// The backup file.
    pub path: PathBuf,
    /// When the checkpoint was taken (node clock, ms since the epoch).
    pub created_at: i64,
    /// Schema version of the store in the backup.
    pub schema: u32,
    /// Size of the backup file.
    pub bytes: u64,
    /// Store files packed (checkpoint files; the keyring is in the header).
    pub files: usize,
}

/// A restored backup: what it was, and the extra files it carried.
#[derive(Debug)]
pub struct Restored {
    pub info: BackupInfo,
    pub extras: Vec<(String, Vec<u8>)>,
}

/// The root of every backup key of a store, derived from its data key
/// when the store is opened, so the data key itself is not kept around.
pub(super) fn backup_root(data_key: &[u8; 32]) -> Prk {
    Salt::new(HKDF_SHA256, BACKUP_HKDF_SALT).extract(data_key)
}

fn record_key(root: &Prk, salt: &[u8]) -> Result<LessSafeKey, StoreError> {
    let info = [BACKUP_HKDF_INFO, salt];
    let okm =
        root.expand(&info, &AES_256_GCM).map_err(|_| StoreError::Crypto("hkdf expand of the backup key".into()))?;
    Ok(LessSafeKey::new(okm.into()))
}

fn nonce(index: u64) -> Nonce {
    let mut n = [0u8; NONCE_LEN];
    n[NONCE_LEN - 8..].copy_from_slice(&index.to_be_bytes());
    Nonce::assume_unique_for_key(n)
}

fn header_aad(header: &[u8]) -> Vec<u8> {
    let mut m = BACKUP_MAGIC.to_vec();
    m.extend_from_slice(header);
    digest(&SHA256, &m).as_ref().to_vec()
}

fn bad(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::Backup { path: path.to_path_buf(), reason: reason.into() }
}

/// Sealed records appended to a backup file being written.
struct Sink<W: Write> {
    out: W,
    key: LessSafeKey,
    aad: Vec<u8>,
    index: u64,
    path: PathBuf,
}

impl<W: Write> Sink<W> {
    fn record(&mut self, record: &Record) -> Result<(), StoreError> {
        let mut buf = Vec::new();
        ciborium::into_writer(record, &mut buf).map_err(|e| bad(&self.path, format!("encoding a record: {e}")))?;
        self.key
            .seal_in_place_append_tag(nonce(self.index), Aad::from(&self.aad), &mut buf)
            .map_err(|_| StoreError::Crypto("sealing a backup record".into()))?;
        let len = u32::try_from(buf.len()).map_err(|_| bad(&self.path, "record too large"))?;
        self.out.write_all(&len.to_be_bytes())?;
        self.out.write_all(&buf)?;
        self.index += 1;
        Ok(())
    }

    fn file(&mut self, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        if bytes.is_empty() {
            return self.record(&Record::File { path: name.to_string(), data: Vec::new() });
        }
        for chunk in bytes.chunks(CHUNK) {
            self.record(&Record::File { path: name.to_string(), data: chunk.to_vec() })?;
        }
        Ok(())
    }
}

/// What [`write_backup`] packs.
pub(super) struct Packing<'a> {
    pub(super) store_dir: &'a Path,
    pub(super) checkpoint: &'a Path,
    pub(super) root: &'a Prk,
    pub(super) created_at: i64,
    pub(super) schema: u32,
    pub(super) extras: &'a [(&'a str, &'a [u8])],
}

/// Packs the checkpoint directory into `out`: written to `out.partial`,
/// fsynced, then renamed, so `out` is either absent or whole.
pub(super) fn write_backup(p: &Packing<'_>, out: &Path) -> Result<BackupInfo, StoreError> {
    let partial = partial_path(out);
    let result = write_partial(p, out, &partial);
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    let files = result?;
    fs::rename(&partial, out)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(parent)?;
    }
    let bytes = fs::metadata(out)?.len();
    Ok(BackupInfo { path: out.to_path_buf(), created_at: p.created_at, schema: p.schema, bytes, files })
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

fn write_partial(p: &Packing<'_>, out: &Path, partial: &Path) -> Result<usize, StoreError> {
    let rng = SystemRandom::new();
    let salt = random_bytes::<16>(&rng)?.to_vec();
    let keyring = fs::read(keyring_path(p.store_dir))?;
    let header = Header { format: BACKUP_FORMAT, created_at: p.created_at, schema: p.schema, keyring, salt };
    let mut header_bytes = Vec::new();
    ciborium::into_writer(&header, &mut header_bytes).map_err(|e| bad(out, format!("encoding the header: {e}")))?;
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(partial)?;
    let mut w = BufWriter::new(file);
    w.write_all(BACKUP_MAGIC)?;
    let header_len = u32::try_from(header_bytes.len()).map_err(|_| bad(out, "header too large"))?;
    w.write_all(&header_len.to_be_bytes())?;
    w.write_all(&header_bytes)?;
    let key = record_key(p.root, &header.salt)?;
    let mut sink = Sink { out: w, key, aad: header_aad(&header_bytes), index: 0, path: out.to_path_buf() };
    let mut files = 0;
    let mut names: Vec<PathBuf> = fs::read_dir(p.checkpoint)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    names.sort();
    for path in names {
        if !path.is_file() {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return Err(bad(out, format!("checkpoint file name {} is not UTF-8", path.display())));
        };
        sink.file(&format!("{DB_DIR}/{name}"), &fs::read(&path)?)?;
        files += 1;
    }
    for (name, bytes) in p.extras {
        if bytes.len() > MAX_EXTRA {
            return Err(bad(out, format!("extra file {name} is over {MAX_EXTRA} bytes")));
        }
        sink.file(&format!("{EXTRA_PREFIX}{name}"), bytes)?;
    }
    let records = sink.index;
    sink.record(&Record::End { records })?;
    let file = sink.out.into_inner().map_err(|e| StoreError::Io(e.into_error()))?;
    file.sync_all()?;
    Ok(files)
}

/// A backup file opened and its key unwrapped, ready to read records.
struct Source {
    input: BufReader<fs::File>,
    key: LessSafeKey,
    aad: Vec<u8>,
    header: Header,
    path: PathBuf,
}

fn read_exact_or(input: &mut impl Read, buf: &mut [u8], path: &Path, what: &str) -> Result<(), StoreError> {
    input.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => bad(path, format!("truncated: the file ends inside {what}")),
        _ => StoreError::Io(e),
    })
}

/// Opens `file`, checks magic, format and schema, and unwraps the key with
/// `unlock`. Reads only; a wrong key fails here.
fn open_source(file: &Path, unlock: &Unlock, supported_schema: u32) -> Result<Source, StoreError> {
    let mut input = BufReader::new(fs::File::open(file)?);
    let mut magic = [0u8; 8];
    read_exact_or(&mut input, &mut magic, file, "the magic bytes")?;
    if &magic != BACKUP_MAGIC {
        return Err(bad(file, "not a dief backup (bad magic bytes)"));
    }
    let mut len = [0u8; 4];
    read_exact_or(&mut input, &mut len, file, "the header length")?;
    let len = u32::from_be_bytes(len);
    if len > MAX_HEADER {
        return Err(bad(file, format!("header length {len} over the limit {MAX_HEADER} (damaged file)")));
    }
    let mut header_bytes = vec![0u8; len as usize];
    read_exact_or(&mut input, &mut header_bytes, file, "the header")?;
    let header: Header =
        ciborium::from_reader(&header_bytes[..]).map_err(|e| bad(file, format!("damaged header: {e}")))?;
    if header.format != BACKUP_FORMAT {
        return Err(StoreError::UnsupportedVersion { found: header.format, supported: BACKUP_FORMAT });
    }
    if header.schema > supported_schema {
        return Err(bad(
            file,
            format!(
                "the backup holds a store of schema version {} and this build supports up to {supported_schema}",
                header.schema
            ),
        ));
    }
    let data_key = unwrap_keyring_bytes(file, &header.keyring, unlock)?;
    let key = record_key(&backup_root(&data_key), &header.salt)?;
    Ok(Source { input, key, aad: header_aad(&header_bytes), header, path: file.to_path_buf() })
}

impl Source {
    fn next(&mut self, index: u64) -> Result<Record, StoreError> {
        let path = self.path.clone();
        let mut len = [0u8; 4];
        read_exact_or(&mut self.input, &mut len, &path, &format!("record {index}"))?;
        let len = u32::from_be_bytes(len);
        if len > MAX_RECORD {
            return Err(bad(&path, format!("record {index}: length {len} over the limit (damaged file)")));
        }
        let mut buf = vec![0u8; len as usize];
        read_exact_or(&mut self.input, &mut buf, &path, &format!("record {index}"))?;
        let plain = self.key.open_in_place(nonce(index), Aad::from(&self.aad), &mut buf).map_err(|_| {
            bad(&path, format!("record {index} fails authentication (the file was altered or damaged)"))
        })?;
        ciborium::from_reader(&plain[..]).map_err(|e| bad(&path, format!("record {index}: {e}")))
    }
}

/// A relative path of plain components only: a record cannot write outside
/// the directory being restored.
fn safe_relative(path: &Path, name: &str) -> Result<PathBuf, StoreError> {
    let p = Path::new(name);
    let plain = p.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || name.is_empty() {
        return Err(bad(path, format!("record path {name:?} is not a plain relative path")));
    }
    Ok(p.to_path_buf())
}

/// Restores `file` into `staging` (which must not exist): the keyring, the
/// database files, and the extras returned in memory. Everything is
/// authenticated before the caller moves `staging` into place.
pub(super) fn unpack(
    file: &Path,
    unlock: &Unlock,
    staging: &Path,
    supported_schema: u32,
) -> Result<Restored, StoreError> {
    let mut src = open_source(file, unlock, supported_schema)?;
    create_dir_private(staging)?;
    create_dir_private(&staging.join(DB_DIR))?;
    write_atomic(staging, KEYRING_FILE, &src.header.keyring)?;
    let mut extras: Vec<(String, Vec<u8>)> = Vec::new();
    let mut files = 0usize;
    let mut current: Option<(String, fs::File)> = None;
    let mut index = 0u64;
    loop {
        match src.next(index)? {
            Record::End { records } => {
                if records != index {
                    return Err(bad(file, format!("end record counts {records} records, {index} were read")));
                }
                break;
            }
            Record::File { path, data } => {
                if let Some(name) = path.strip_prefix(EXTRA_PREFIX) {
                    match extras.last_mut() {
                        Some((n, bytes)) if n == name => bytes.extend_from_slice(&data),
                        _ => extras.push((name.to_string(), data)),
                    }
                    if extras.last().is_some_and(|(_, b)| b.len() > MAX_EXTRA) {
                        return Err(bad(file, format!("extra file {name} is over {MAX_EXTRA} bytes")));
                    }
                } else {
                    let rel = safe_relative(file, &path)?;
                    if current.as_ref().map(|(p, _)| p) != Some(&path) {
                        if let Some((_, f)) = current.take() {
                            f.sync_all()?;
                        }
                        let f = fs::OpenOptions::new().write(true).create_new(true).open(staging.join(&rel))?;
                        current = Some((path.clone(), f));
                        files += 1;
                    }
                    if let Some((_, f)) = current.as_mut() {
                        f.write_all(&data)?;
                    }
                }
            }
        }
        index += 1;
    }
    if let Some((_, f)) = current.take() {
        f.sync_all()?;
    }
    // Anything after the end record is not ours.
    let mut rest = [0u8; 1];
    if src.input.read(&mut rest)? != 0 {
        return Err(bad(file, "bytes after the end record (damaged file)"));
    }
    sync_dir(&staging.join(DB_DIR))?;
    sync_dir(staging)?;
    let bytes = fs::metadata(file)?.len();
    let info = BackupInfo {
        path: file.to_path_buf(),
        created_at: src.header.created_at,
        schema: src.header.schema,
        bytes,
        files,
    };
    Ok(Restored { info, extras })
}
