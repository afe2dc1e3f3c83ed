//! Walking the whole chain (`dief audit verify`): every entry's hash, link
//! and sequence, and the head read before and after the walk so entries
//! appended meanwhile are not taken for tampering.

use crate::core::audit::entry::*;
use crate::core::audit::event::{AuditAction, AuditEvent};
use crate::core::audit::report::{AuditError, AuditFinding, AuditHead, AuditReport};
use crate::core::records;
use crate::core::store::{Cf, Store, StoreError};

pub(super) fn verify_chain(store: &Store) -> Result<AuditReport, AuditError> {
    // A running node appends while we walk, without a snapshot: the head
    // read first names entries that must all be found; the head read last
    // says where the log ends now.
    let before = head_or_reason(store)?;
    let mut hash_at_before = None;
    let mut checked: u64 = 0;
    let mut prev = GENESIS;
    let mut cursor = ENTRY_PREFIX.to_vec();
    let mut limit = PAGE;
    'pages: loop {
        let page = match store.scan_from(Cf::Audit, &cursor, limit) {
            Ok(p) => p,
            // Read one at a time up to the bad value, so that it is named
            // and earlier problems are reported first.
            Err(e) if is_unreadable(&e) && limit > 1 => {
                limit = 1;
                continue;
            }
            Err(e) if is_unreadable(&e) => {
                let what = match &e {
                    StoreError::Corrupt { key_hex, .. } => {
                        hex::decode(key_hex).map(|k| describe_key(&k)).unwrap_or_else(|_| key_hex.clone())
                    }
                    _ => format!("the value after entry {checked}"),
                };
                return Ok(AuditReport::tampered(checked, AuditFinding::Unreadable { what, reason: e.to_string() }));
            }
            Err(e) => return Err(e.into()),
        };
        let full = page.len() == limit;
        for (key, value) in page {
            if !key.starts_with(ENTRY_PREFIX) {
                break 'pages;
            }
            let Some(key_seq) = key_seq(&key) else {
                return Ok(AuditReport::tampered(checked, AuditFinding::UnexpectedKey { key_hex: hex::encode(&key) }));
            };
            let stored: StoredEntry = match records::decode("audit entry", &value) {
                Ok(s) => s,
                Err(e) => {
                    let what = format!("entry {key_seq}");
                    return Ok(AuditReport::tampered(
                        checked,
                        AuditFinding::Unreadable { what, reason: e.to_string() },
                    ));
                }
            };
            if stored.format != ENTRY_FORMAT {
                let what = format!("entry {key_seq}");
                let reason = format!("unknown entry format {}", stored.format);
                return Ok(AuditReport::tampered(checked, AuditFinding::Unreadable { what, reason }));
            }
            if stored.seq != key_seq {
                return Ok(AuditReport::tampered(checked, AuditFinding::Reordered { key_seq, value_seq: stored.seq }));
            }
            let expected = checked.saturating_add(1);
            if key_seq != expected {
                let finding = if key_seq > expected {
                    AuditFinding::Deleted { first: expected, last: key_seq - 1 }
                } else {
                    AuditFinding::UnexpectedKey { key_hex: hex::encode(&key) }
                };
                return Ok(AuditReport::tampered(checked, finding));
            }
            if stored.computed_hash() != stored.hash {
                return Ok(AuditReport::tampered(checked, AuditFinding::Edited { seq: key_seq }));
            }
            if stored.prev != prev {
                return Ok(AuditReport::tampered(checked, AuditFinding::ChainBroken { seq: key_seq }));
            }
            // An event a newer build wrote may not decode here; its hash
            // is intact, which is all the chain needs.
            if let Ok(AuditEvent { action: AuditAction::LogRecovered { reason }, .. }) = stored.decode_event() {
                return Ok(AuditReport::tampered(checked, AuditFinding::Recovered { seq: key_seq, reason }));
            }
            if matches!(&before, Ok(Some(h)) if h.seq == key_seq) {
                hash_at_before = Some(stored.hash);
            }
            prev = stored.hash;
            checked = key_seq;
            cursor = key;
            cursor.push(0);
        }
        // Once an unreadable value showed up, stay at one entry per read:
        // it lies within the page that failed, so that is at most PAGE reads.
        if !full {
            break;
        }
    }
    let unreadable_head =
        |reason| AuditReport::tampered(checked, AuditFinding::Unreadable { what: "the head".into(), reason });
    let before = match before {
        Ok(h) => h,
        Err(reason) => return Ok(unreadable_head(reason)),
    };
    let after = match head_or_reason(store)? {
        Ok(h) => h,
        Err(reason) => return Ok(unreadable_head(reason)),
    };
    let finding = match after {
        None if checked == 0 => return Ok(AuditReport::Intact { entries: 0, head: None }),
        None => AuditFinding::HeadMissing { last_seq: checked },
        Some(h) if h.seq < checked => AuditFinding::BeyondHead { head_seq: h.seq, last_seq: checked },
        Some(h) if h.seq == checked && h.hash != prev => AuditFinding::HeadMismatch { seq: h.seq },
        Some(h) if h.seq == checked => return Ok(AuditReport::Intact { entries: checked, head: Some(h) }),
        // The head is past the walk. Legitimate only if entries were
        // appended meanwhile: what the first head named was all there.
        Some(_) => match before {
            Some(b) if b.seq > checked => AuditFinding::Truncated { head_seq: b.seq, last_seq: checked },
            Some(b) if hash_at_before != Some(b.hash) => AuditFinding::HeadMismatch { seq: b.seq },
            _ => {
                let head = (checked > 0).then_some(AuditHead { seq: checked, hash: prev });
                return Ok(AuditReport::Intact { entries: checked, head });
            }
        },
    };
    Ok(AuditReport::tampered(checked, finding))
}
