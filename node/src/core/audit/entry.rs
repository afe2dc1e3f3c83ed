//! How an entry is stored and chained: its key, its hash over the exact
//! stored event bytes, the head record, and reading them back.

use dief_protocol::codec::{self, CodecError};
use ring::digest;
use serde::{Deserialize, Serialize};

use crate::core::audit::event::AuditEvent;
use crate::core::audit::report::{hash32, AuditError, AuditHead};
use crate::core::records;
use crate::core::store::{Cf, Store, StoreError};

/// Prefix of entry keys.
pub(super) const ENTRY_PREFIX: &[u8] = b"e/";
/// Key of the head record.
pub(super) const HEAD_KEY: &[u8] = b"head";
/// Domain separation of the entry hash.
pub(super) const HASH_DOMAIN: &[u8] = b"dief/audit/entry/v1\0";
/// Format of a stored entry; a new one needs a new hash domain too.
pub(super) const ENTRY_FORMAT: u8 = 1;
/// Largest encoded event: events hold ids, not content, so anything bigger
/// is a bug (e.g. case text put in a `Refused` reason).
pub(super) const MAX_EVENT_BYTES: usize = 64 * 1024;
/// Entries read per page when walking the log.
pub(super) const PAGE: usize = 1024;
/// `prev` of the first entry.
pub(super) const GENESIS: [u8; 32] = [0; 32];

/// One link of the chain, as listed to the operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    /// When the entry was appended, Unix ms (the node's clock).
    pub at: i64,
    pub event: AuditEvent,
    #[serde(with = "hash32")]
    pub prev: [u8; 32],
    #[serde(with = "hash32")]
    pub hash: [u8; 32],
}

/// What is stored under `e/<seq>`: the event as the exact bytes hashed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct StoredEntry {
    pub(super) format: u8,
    pub(super) seq: u64,
    pub(super) at: i64,
    #[serde(with = "serde_bytes")]
    pub(super) event: Vec<u8>,
    #[serde(with = "hash32")]
    pub(super) prev: [u8; 32],
    #[serde(with = "hash32")]
    pub(super) hash: [u8; 32],
}

impl StoredEntry {
    pub(super) fn new(seq: u64, at: i64, event: &AuditEvent, prev: [u8; 32]) -> Result<Self, AuditError> {
        let event = codec::encode("audit event", event, MAX_EVENT_BYTES)?;
        let hash = entry_hash(seq, at, &prev, &event);
        Ok(StoredEntry { format: ENTRY_FORMAT, seq, at, event, prev, hash })
    }

    pub(super) fn computed_hash(&self) -> [u8; 32] {
        entry_hash(self.seq, self.at, &self.prev, &self.event)
    }

    pub(super) fn decode_event(&self) -> Result<AuditEvent, CodecError> {
        codec::decode("audit event", &self.event, MAX_EVENT_BYTES)
    }

    pub(super) fn to_entry(&self) -> Result<AuditEntry, AuditError> {
        let event = self
            .decode_event()
            .map_err(|e| AuditError::Malformed { seq: self.seq, reason: format!("its event: {e}") })?;
        Ok(AuditEntry { seq: self.seq, at: self.at, event, prev: self.prev, hash: self.hash })
    }
}

pub(super) fn entry_hash(seq: u64, at: i64, prev: &[u8; 32], event: &[u8]) -> [u8; 32] {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(HASH_DOMAIN);
    ctx.update(&seq.to_be_bytes());
    ctx.update(&at.to_be_bytes());
    ctx.update(prev);
    ctx.update(&u64::try_from(event.len()).unwrap_or(u64::MAX).to_be_bytes());
    ctx.update(event);
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

pub(super) fn entry_key(seq: u64) -> Vec<u8> {
    let mut k = ENTRY_PREFIX.to_vec();
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// The seq of a well-formed entry key.
pub(super) fn key_seq(key: &[u8]) -> Option<u64> {
    let tail: [u8; 8] = key.strip_prefix(ENTRY_PREFIX)?.try_into().ok()?;
    Some(u64::from_be_bytes(tail))
}

/// How a finding names a key: `entry 7`, `the head`, or its hex.
pub(super) fn describe_key(key: &[u8]) -> String {
    match key_seq(key) {
        Some(seq) => format!("entry {seq}"),
        None if key == HEAD_KEY => "the head".to_string(),
        None => format!("key {}", hex::encode(key)),
    }
}

/// A stored value that does not open is a finding for `verify`, not a
/// failure of the node.
pub(super) fn is_unreadable(e: &StoreError) -> bool {
    matches!(e, StoreError::Corrupt { .. } | StoreError::UnsupportedVersion { .. })
}

pub(super) fn read_head(store: &Store) -> Result<Option<AuditHead>, AuditError> {
    match store.get(Cf::Audit, HEAD_KEY)? {
        Some(v) => Ok(Some(records::decode("audit head", &v)?)),
        None => Ok(None),
    }
}

pub(super) fn read_entry(store: &Store, seq: u64) -> Result<Option<StoredEntry>, AuditError> {
    match store.get(Cf::Audit, &entry_key(seq))? {
        Some(v) => Ok(Some(records::decode("audit entry", &v)?)),
        None => Ok(None),
    }
}

/// The head, or why it cannot be read (a finding, not a failure).
pub(super) fn head_or_reason(store: &Store) -> Result<Result<Option<AuditHead>, String>, AuditError> {
    match read_head(store) {
        Ok(h) => Ok(Ok(h)),
        Err(AuditError::Store(e)) if is_unreadable(&e) => Ok(Err(e.to_string())),
        Err(AuditError::Codec(e)) => Ok(Err(e.to_string())),
        Err(e) => Err(e),
    }
}

/// Up to `limit` entries from `from_seq` on, in order.
pub(super) fn read_entries(store: &Store, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>, AuditError> {
    let mut out = Vec::new();
    let mut cursor = entry_key(from_seq);
    while out.len() < limit {
        let want = PAGE.min(limit - out.len());
        let page = store.scan_from(Cf::Audit, &cursor, want)?;
        let full = page.len() == want;
        for (key, value) in page {
            if !key.starts_with(ENTRY_PREFIX) {
                return Ok(out);
            }
            let seq = key_seq(&key).ok_or_else(|| AuditError::Malformed {
                seq: 0,
                reason: format!("unexpected key {}", hex::encode(&key)),
            })?;
            let stored: StoredEntry = records::decode("audit entry", &value)
                .map_err(|e| AuditError::Malformed { seq, reason: e.to_string() })?;
            out.push(stored.to_entry()?);
            cursor = key;
            cursor.push(0);
        }
        if !full {
            break;
        }
    }
    Ok(out)
}
