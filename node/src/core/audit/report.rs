//! What can go wrong with the log, and what `verify` reports: the first
//! edited, deleted, reordered or truncated entry it finds.

use std::fmt;

use dief_protocol::codec::CodecError;
use serde::{Deserialize, Serialize};

use crate::core::store::StoreError;

/// The last entry: stored under `head`, and returned by a clean verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: u64,
    #[serde(with = "hash32")]
    pub hash: [u8; 32],
}

/// Failures of the audit log itself (as opposed to findings of `verify`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error("audit entry {seq} cannot be read: {reason}")]
    Malformed { seq: u64, reason: String },
    #[error("the audit log has used its last sequence number")]
    Exhausted,
    #[error("the audit scan was interrupted: {0}")]
    Interrupted(String),
}

/// The first problem `verify` found. Each names the seq where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditFinding {
    /// A stored value does not open or decode: bytes altered, a value moved
    /// from another key, or an unknown format.
    Unreadable { what: String, reason: String },
    /// A key under `e/` that is not `e/` + 8 bytes.
    UnexpectedKey { key_hex: String },
    /// Entries `first..=last` are missing.
    Deleted { first: u64, last: u64 },
    /// The value under key seq `key_seq` is entry `value_seq`.
    Reordered { key_seq: u64, value_seq: u64 },
    /// Entry `seq` does not hash to its recorded hash: it was edited.
    Edited { seq: u64 },
    /// Entry `seq` does not link to the hash of entry `seq - 1`.
    ChainBroken { seq: u64 },
    /// The head says `head_seq`, the last entry is `last_seq` (< head).
    Truncated { head_seq: u64, last_seq: u64 },
    /// Entries exist up to `last_seq` but there is no head.
    HeadMissing { last_seq: u64 },
    /// Entries exist past the head.
    BeyondHead { head_seq: u64, last_seq: u64 },
    /// The head names entry `seq` but with another hash.
    HeadMismatch { seq: u64 },
    /// Entry `seq` records that the node found the log inconsistent.
    Recovered { seq: u64, reason: String },
}

impl fmt::Display for AuditFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditFinding::Unreadable { what, reason } => {
                write!(f, "{what} of the audit log cannot be read (altered, moved or unknown format): {reason}")
            }
            AuditFinding::UnexpectedKey { key_hex } => write!(f, "unexpected key {key_hex} among the audit entries"),
            AuditFinding::Deleted { first, last } if first == last => write!(f, "entry {first} was deleted"),
            AuditFinding::Deleted { first, last } => write!(f, "entries {first} to {last} were deleted"),
            AuditFinding::Reordered { key_seq, value_seq } => {
                write!(f, "entries were reordered: position {key_seq} holds entry {value_seq}")
            }
            AuditFinding::Edited { seq } => write!(f, "entry {seq} was edited: it no longer matches its hash"),
            AuditFinding::ChainBroken { seq } => write!(
                f,
                "entry {seq} does not link to entry {}: one of them was replaced or re-hashed",
                seq.saturating_sub(1)
            ),
            AuditFinding::Truncated { head_seq, last_seq } => {
                write!(f, "the log was truncated: the head names entry {head_seq} but the last entry is {last_seq}")
            }
            AuditFinding::HeadMissing { last_seq } => {
                write!(f, "the head record is missing while entries up to {last_seq} exist (truncated or rolled back)")
            }
            AuditFinding::BeyondHead { head_seq, last_seq } => write!(
                f,
                "entries {} to {last_seq} lie beyond the head at {head_seq}: the head was rolled back",
                head_seq.saturating_add(1)
            ),
            AuditFinding::HeadMismatch { seq } => {
                write!(f, "the head names entry {seq} with another hash: the head or entry {seq} was replaced")
            }
            AuditFinding::Recovered { seq, reason } => {
                write!(f, "entry {seq} records that the node found the log inconsistent and continued: {reason}")
            }
        }
    }
}

/// The result of [`Audit::verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum AuditReport {
    /// Every entry from 1 to `entries` is present, in order, unedited, and
    /// the head names the last one (`head`; if the node appended during the
    /// walk, the last entry walked).
    Intact { entries: u64, head: Option<AuditHead> },
    /// The first problem found, after `checked` good entries.
    Tampered { checked: u64, finding: AuditFinding, message: String },
}

impl AuditReport {
    pub fn is_intact(&self) -> bool {
        matches!(self, AuditReport::Intact { .. })
    }

    pub fn finding(&self) -> Option<&AuditFinding> {
        match self {
            AuditReport::Intact { .. } => None,
            AuditReport::Tampered { finding, .. } => Some(finding),
        }
    }

    pub(super) fn tampered(checked: u64, finding: AuditFinding) -> Self {
        AuditReport::Tampered { checked, message: finding.to_string(), finding }
    }
}

/// 32-byte hashes: hex in JSON, bytes in CBOR.
pub(super) mod hash32 {
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(h: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&hex::encode(h))
        } else {
            s.serialize_bytes(h)
        }
    }

    struct V;

    impl de::Visitor<'_> for V {
        type Value = [u8; 32];

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a 32-byte hash (64 hex characters or 32 bytes)")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<[u8; 32], E> {
            let mut out = [0u8; 32];
            hex::decode_to_slice(v, &mut out).map_err(E::custom)?;
            Ok(out)
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<[u8; 32], E> {
            v.try_into().map_err(|_| E::invalid_length(v.len(), &self))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        if d.is_human_readable() {
            d.deserialize_str(V)
        } else {
            d.deserialize_bytes(V)
        }
    }
}
