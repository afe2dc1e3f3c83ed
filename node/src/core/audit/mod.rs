//! The node's hash-chained audit log (issue 3, ToR-15 audit trail).
//!
//! This module owns the `audit` column family. Every share, receipt,
//! update, withdrawal, use request and answer, challenge and answer the node
//! sends or records is appended as an [`AuditEntry`] through
//! [`Audit::commit`], in the same atomic, synced batch as the change it
//! records, so the log and the state it describes cannot disagree after a
//! crash. Callers: `Inner::enqueue` (`Sent`, every envelope kind), the outbox
//! (`Receipted`), the inbox (`Delivered`), and the case and procedure code
//! (`CaseCreated`, `CaseEdited`, `CaseWithdrawn`, `OperationalExport`). [`Audit::verify`] walks the whole
//! chain and reports the first edit, deletion, reordering or truncation it
//! finds; [`distribution`] answers "which States received which version of
//! my case, and when did they receipt it".
//!
//! What an entry holds: ids, parties, kinds, versions and times. **Never case
//! content** (titles, summaries, free text): keys of the store are in clear
//! and values, although sealed, outlive the cases they describe.
//!
//! Layout (values CBOR, sealed by the store like every value):
//!
//! | key                     | value                                         |
//! |-------------------------|-----------------------------------------------|
//! | `e/` + seq (8 bytes BE) | entry: format, seq, at, event bytes, prev, hash |
//! | `head`                  | [`AuditHead`]: seq and hash of the last entry |
//!
//! Sequence numbers start at 1; the first entry links to 32 zero bytes.
//! `hash = SHA-256("dief/audit/entry/v1\0" ‖ seq ‖ at ‖ prev ‖ len ‖ event)`
//! (integers 8 bytes big-endian) where `event` is the exact CBOR stored with
//! the entry. The hash covers those stored bytes, not a re-encoding, so a
//! later build that adds a field or an [`AuditAction`] still verifies old
//! entries.
//!
//! Ordering: [`Audit::commit`] holds one lock while it numbers the entries,
//! adds them and the new head to the caller's batch and *queues* the batch on
//! the store's writer thread, and releases it before waiting for the fsync.
//! The writer applies queued batches in order, so seq order is write order
//! and the stored head always names the last written entry, while concurrent
//! callers still share one synced group commit. `verify` takes no snapshot:
//! it reads the head before and after its walk, so entries appended while it
//! runs are not mistaken for tampering.
//!
//! Limits, honestly:
//! - The chain makes tampering *evident*, not impossible. Anyone holding the
//!   node's data key (the passphrase or key file and the store) can rewrite
//!   the whole log and its head into another consistent chain, or roll both
//!   back to an earlier consistent state; nothing local can detect that. An
//!   external anchor (e.g. periodically sending the head hash to another
//!   party) would be needed, and is not built.
//! - Without the data key an attacker cannot forge or move a value (the
//!   store's AEAD binds each value to its key), but can delete keys and
//!   replay an older sealed value of the same key. Deleting *every* entry
//!   and the head leaves an empty, consistent log; replaying an old head
//!   after deleting the entries past it is undetectable too.
//! - If the node finds the head missing or behind the last entry when it
//!   loads, it continues after the last entry and first appends a
//!   [`AuditAction::LogRecovered`] entry, which `verify` reports, so the
//!   evidence survives the repair.
//! - If a synced write fails while later audit batches are already queued
//!   and those later ones succeed, the failed seqs leave a gap that `verify`
//!   reports as deleted entries. RocksDB refuses further writes after a
//!   failed synced write, so in practice the later batches fail too. (A
//!   caller that drops its `commit` future while the fsync is pending never
//!   learns of such a failure either.)
//! - `at` is the node's clock, recorded as given; `verify` does not require
//!   it to increase (the order is the seq). `verify` and `distribution`
//!   read the whole log; nothing is pruned.

use tokio::sync::Mutex;
use tracing::{debug, info, warn, Instrument};

use crate::core::records;
use crate::core::store::{Batch, Cf, Store};

mod distribution;
mod entry;
mod event;
mod report;
mod verify;

pub use distribution::{case_distribution, distribution, DistributionRow};
pub use entry::AuditEntry;
pub use event::{payload_version, AuditAction, AuditEvent};
pub use report::{AuditError, AuditFinding, AuditHead, AuditReport};

use entry::*;
use verify::verify_chain;

/// Where the next entry goes.
#[derive(Clone, Debug)]
struct Tip {
    seq: u64,
    hash: [u8; 32],
    /// A commit failed: reload from the store before the next append.
    stale: bool,
    /// Found inconsistent on load: the next append first records this.
    recovered: Option<String>,
}

/// The node's audit log. Held by the node; one per store.
#[derive(Debug)]
pub struct Audit {
    tip: Mutex<Tip>,
}

/// The tip to append after, from the head and the last entry key. Never
/// overwrites an existing entry: if entries lie beyond the head (or there is
/// no readable head), it continues after the last one and notes why.
fn load_tip(store: &Store) -> Result<Tip, AuditError> {
    let last = store.rev_find_key(Cf::Audit, ENTRY_PREFIX, |k| key_seq(k).is_some())?.and_then(|k| key_seq(&k));
    let head = head_or_reason(store)?;
    let reason = match (&head, last) {
        (Ok(None), None) => return Ok(Tip { seq: 0, hash: GENESIS, stale: false, recovered: None }),
        // A head ahead of the last entry is a truncation: continuing from
        // the head keeps the gap for `verify` to report.
        (Ok(Some(h)), last) if last.is_none_or(|l| l <= h.seq) => {
            return Ok(Tip { seq: h.seq, hash: h.hash, stale: false, recovered: None })
        }
        (Ok(Some(h)), Some(l)) => format!("entries up to {l} lie beyond the head at {}", h.seq),
        (Ok(_), _) => "the head record was missing".to_string(),
        (Err(e), _) => format!("the head record was unreadable: {e}"),
    };
    let seq = last.unwrap_or(0);
    let hash = match read_entry(store, seq) {
        Ok(Some(e)) => e.hash,
        Ok(None) => GENESIS,
        Err(e) => {
            warn!(seq, error = %e, "the last audit entry is unreadable");
            GENESIS
        }
    };
    warn!(seq, %reason, "audit log inconsistent on load; continuing after the last entry");
    Ok(Tip { seq, hash, stale: false, recovered: Some(format!("{reason}; continued after entry {seq}")) })
}

impl Audit {
    /// Loads the position of the last entry from the store's head record.
    pub fn load(store: &Store) -> Result<Audit, AuditError> {
        let tip = load_tip(store)?;
        debug!(seq = tip.seq, "audit log loaded");
        Ok(Audit { tip: Mutex::new(tip) })
    }

    /// The last entry appended (or queued) by this node, if any.
    pub async fn head(&self) -> Option<AuditHead> {
        let tip = self.tip.lock().await;
        (tip.seq > 0).then_some(AuditHead { seq: tip.seq, hash: tip.hash })
    }

    /// Appends `events` (time `at`, Unix ms) to the log in the same atomic
    /// batch as `batch`, and commits it through the store's group commit.
    /// Returns the seqs given to the events once the batch is durable. With
    /// no events it is a plain `store.commit(batch)`.
    pub async fn commit(
        &self,
        store: &Store,
        mut batch: Batch,
        at: i64,
        mut events: Vec<AuditEvent>,
    ) -> Result<Vec<u64>, AuditError> {
        if events.is_empty() {
            store.commit(batch).await?;
            return Ok(Vec::new());
        }
        let actor = crate::core::actor::current();
        for e in events.iter_mut().filter(|e| e.user.is_none()) {
            e.user.clone_from(&actor);
        }
        let span = tracing::debug_span!("audit", events = events.len());
        async move {
            let (pending, seqs) = {
                let mut tip = self.tip.lock().await;
                if tip.stale {
                    // Let every batch queued before ours reach the disk (or
                    // fail) first, so the stored head is final.
                    store.barrier().await?;
                    *tip = load_tip(store)?;
                }
                let recovered =
                    tip.recovered.clone().map(|reason| AuditEvent::new(AuditAction::LogRecovered { reason }));
                let mut seq = tip.seq;
                let mut hash = tip.hash;
                let mut seqs = Vec::with_capacity(events.len());
                for event in recovered.iter().chain(events.iter()) {
                    seq = seq.checked_add(1).ok_or(AuditError::Exhausted)?;
                    let entry = StoredEntry::new(seq, at, event, hash)?;
                    batch.put(Cf::Audit, &entry_key(seq), &records::encode("audit entry", &entry)?);
                    hash = entry.hash;
                    seqs.push(seq);
                }
                batch.put(Cf::Audit, HEAD_KEY, &records::encode("audit head", &AuditHead { seq, hash })?);
                // Queued in seq order while we hold the lock: the writer
                // thread writes them in that order.
                let pending = store.enqueue(batch).await?;
                *tip = Tip { seq, hash, stale: false, recovered: None };
                if recovered.is_some() {
                    seqs.remove(0);
                }
                (pending, seqs)
            };
            if let Err(e) = pending.wait().await {
                warn!(error = %e, "audit batch failed; the tip will be reloaded");
                self.tip.lock().await.stale = true;
                return Err(e.into());
            }
            debug!(first = seqs.first(), last = seqs.last(), "audit entries written");
            Ok(seqs)
        }
        .instrument(span)
        .await
    }

    /// Up to `limit` entries from `from_seq` on, in order.
    pub fn entries(store: &Store, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>, AuditError> {
        read_entries(store, from_seq, limit)
    }

    /// Walks the whole chain and reports the first problem, or that it is
    /// intact. Store failures other than unreadable values are errors.
    pub fn verify(store: &Store) -> Result<AuditReport, AuditError> {
        let span = tracing::info_span!("audit_verify");
        let _enter = span.enter();
        let report = verify_chain(store)?;
        match &report {
            AuditReport::Intact { entries, .. } => info!(entries, "audit log intact"),
            AuditReport::Tampered { message, checked, .. } => warn!(checked, %message, "audit log tampered"),
        }
        Ok(report)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::distribution::*;
    use super::entry::*;
    use super::*;
    use crate::core::store::temp_store;
    use crate::core::store::StoreError;
    use dief_protocol::codec;
    use dief_protocol::{CaseId, Kind, MessageId, Party, StateCode};

    fn st(code: &str) -> StateCode {
        code.parse().unwrap()
    }

    fn mid(n: u64) -> MessageId {
        MessageId::from_parts(1_700_000_000_000 + n, [u8::try_from(n % 256).unwrap(); 10]).unwrap()
    }

    fn case() -> CaseId {
        CaseId::new(st("FRA"), mid(0))
    }

    fn share(i: u64) -> AuditEvent {
        AuditEvent::sent(Kind::CaseShare, mid(i), Some(case()), Some(1), vec![Party::State(st("GHA"))])
    }

    /// A log of `n` entries, one commit each, at times 1001..=1000+n.
    async fn fill(store: &Store, n: u64) -> Audit {
        let audit = Audit::load(store).unwrap();
        for i in 1..=n {
            let seqs = audit.commit(store, store.batch(), 1000 + i64::try_from(i).unwrap(), vec![share(i)]).await;
            assert_eq!(seqs.unwrap(), vec![i]);
        }
        assert!(Audit::verify(store).unwrap().is_intact(), "positive control");
        audit
    }

    fn read(store: &Store, seq: u64) -> StoredEntry {
        read_entry(store, seq).unwrap().unwrap()
    }

    /// What an attacker holding the data key can do: a validly sealed value.
    fn write(store: &Store, key_seq: u64, entry: &StoredEntry) {
        store.put_sync(Cf::Audit, &entry_key(key_seq), &records::encode("audit entry", entry).unwrap()).unwrap();
    }

    fn finding(store: &Store) -> AuditFinding {
        match Audit::verify(store).unwrap() {
            AuditReport::Tampered { finding, message, .. } => {
                assert_eq!(message, finding.to_string());
                finding
            }
            intact => panic!("tampering not detected: {intact:?}"),
        }
    }

    /// Issue 12: an event committed while serving a signed-in user names
    /// them; one committed for no one (what peers send) names no one, and
    /// its stored bytes are those of an event from before the field.
    #[tokio::test]
    async fn an_event_committed_for_a_user_names_them() {
        let (_t, store) = temp_store();
        let audit = Audit::load(&store).unwrap();
        let as_amina =
            crate::core::actor::acting_as("amina".into(), audit.commit(&store, store.batch(), 1, vec![share(1)]));
        as_amina.await.unwrap();
        audit.commit(&store, store.batch(), 2, vec![share(2)]).await.unwrap();
        let entries = Audit::entries(&store, 1, 10).unwrap();
        assert_eq!(entries[0].event.user.as_deref(), Some("amina"));
        assert_eq!(entries[1].event.user, None);
        let bytes = records::encode("event", &entries[1].event).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"user"), "no user field when none");
        assert!(Audit::verify(&store).unwrap().is_intact());
    }

    #[test]
    fn the_hash_is_pinned() {
        // Known answers computed independently (Python hashlib) from the
        // layout in the module header: changing the hash breaks every log.
        assert_eq!(
            hex::encode(entry_hash(1, 2, &[0; 32], b"x")),
            "277b784d04aa7fff55b0857bc99f725675dc7dc8ca2d9aaff89f6633c3429835"
        );
        let prev: [u8; 32] = std::array::from_fn(|i| u8::try_from(i).unwrap());
        assert_eq!(
            hex::encode(entry_hash(7, -5, &prev, b"abc")),
            "7ff51154c8be02a9239f0a39e7bc3f64f31531a8774ec5270e88d2bf5421b756"
        );
    }

    #[tokio::test]
    async fn an_untouched_log_is_intact_and_lists_in_order() {
        let (_t, store) = temp_store();
        assert_eq!(Audit::verify(&store).unwrap(), AuditReport::Intact { entries: 0, head: None });
        let audit = fill(&store, 10).await;
        let head = audit.head().await.unwrap();
        assert_eq!(Audit::verify(&store).unwrap(), AuditReport::Intact { entries: 10, head: Some(head) });
        let all = Audit::entries(&store, 1, 100).unwrap();
        assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
        assert_eq!(all[3].event, share(4));
        assert_eq!(all[3].at, 1004);
        assert_eq!(all[0].prev, GENESIS);
        assert!(all.windows(2).all(|w| w[1].prev == w[0].hash));
        assert_eq!(all[9].hash, head.hash);
        let some = Audit::entries(&store, 4, 3).unwrap();
        assert_eq!(some.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![4, 5, 6]);
        assert!(Audit::entries(&store, 11, 5).unwrap().is_empty());
        assert!(Audit::entries(&store, 1, 0).unwrap().is_empty());
        // A reloaded log continues where it stopped.
        let again = Audit::load(&store).unwrap();
        assert_eq!(again.head().await, Some(head));
        assert_eq!(again.commit(&store, store.batch(), 2000, vec![share(11)]).await.unwrap(), vec![11]);
        assert!(Audit::verify(&store).unwrap().is_intact());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_appends_are_contiguous_and_intact() {
        let (_t, store) = temp_store();
        let audit = std::sync::Arc::new(Audit::load(&store).unwrap());
        // `dief audit verify` on a running node: never a false alarm.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let verifier = {
            let (store, stop) = (store.clone(), stop.clone());
            tokio::task::spawn_blocking(move || {
                let mut runs = 0u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let report = Audit::verify(&store).unwrap();
                    assert!(report.is_intact(), "verify during appends: {report:?}");
                    runs += 1;
                }
                runs
            })
        };
        let mut tasks = Vec::new();
        for task in 0..40u64 {
            let (store, audit) = (store.clone(), audit.clone());
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                for i in 0..15u64 {
                    let n = task * 100 + i;
                    // The entries go with the caller's own writes.
                    let mut batch = store.batch();
                    batch.put(Cf::Cases, &n.to_be_bytes(), b"x");
                    let events: Vec<_> = (0..=(n % 3)).map(|k| share(n * 10 + k)).collect();
                    let seqs = audit.commit(&store, batch, 1, events).await.unwrap();
                    assert_eq!(seqs.len(), usize::try_from(n % 3 + 1).unwrap());
                    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "one commit's entries are adjacent");
                    got.extend(seqs);
                }
                got
            }));
        }
        let mut seqs = Vec::new();
        for t in tasks {
            seqs.extend(t.await.unwrap());
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(verifier.await.unwrap() > 0);
        seqs.sort_unstable();
        let total = u64::try_from(seqs.len()).unwrap();
        assert_eq!(seqs, (1..=total).collect::<Vec<_>>());
        assert_eq!(store.count(Cf::Cases, b"").unwrap(), 600);
        match Audit::verify(&store).unwrap() {
            AuditReport::Intact { entries, head } => {
                assert_eq!(entries, total);
                assert_eq!(head, audit.head().await);
            }
            broken => panic!("{broken:?}"),
        }
    }

    #[tokio::test]
    async fn an_edited_entry_is_caught() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let mut e = read(&store, 4);
        let mut ev = e.decode_event().unwrap();
        ev.version = Some(2);
        e.event = codec::encode("audit event", &ev, MAX_EVENT_BYTES).unwrap();
        write(&store, 4, &e);
        assert_eq!(finding(&store), AuditFinding::Edited { seq: 4 });
        // So is a changed time.
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let mut e = read(&store, 7);
        e.at += 1;
        write(&store, 7, &e);
        assert_eq!(finding(&store), AuditFinding::Edited { seq: 7 });
    }

    #[tokio::test]
    async fn an_edited_and_rehashed_entry_breaks_the_chain() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let mut e = read(&store, 4);
        e.event = codec::encode("audit event", &share(99), MAX_EVENT_BYTES).unwrap();
        e.hash = e.computed_hash();
        write(&store, 4, &e);
        let f = finding(&store);
        assert_eq!(f, AuditFinding::ChainBroken { seq: 5 });
        assert!(f.to_string().contains("entry 5 does not link to entry 4"), "{f}");
    }

    #[tokio::test]
    async fn a_deleted_entry_is_caught() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        store.delete_sync(Cf::Audit, &entry_key(4)).unwrap();
        let f = finding(&store);
        assert_eq!(f, AuditFinding::Deleted { first: 4, last: 4 });
        assert_eq!(f.to_string(), "entry 4 was deleted");

        let (_t, store) = temp_store();
        fill(&store, 10).await;
        for seq in [1, 2] {
            store.delete_sync(Cf::Audit, &entry_key(seq)).unwrap();
        }
        assert_eq!(finding(&store), AuditFinding::Deleted { first: 1, last: 2 });
    }

    #[tokio::test]
    async fn reordered_entries_are_caught() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let (four, five) = (read(&store, 4), read(&store, 5));
        write(&store, 4, &five);
        write(&store, 5, &four);
        let f = finding(&store);
        assert_eq!(f, AuditFinding::Reordered { key_seq: 4, value_seq: 5 });
        assert!(f.to_string().contains("position 4 holds entry 5"), "{f}");

        // Renumbered to match their new places, they no longer hash.
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let (mut four, mut five) = (read(&store, 4), read(&store, 5));
        std::mem::swap(&mut four.seq, &mut five.seq);
        write(&store, 4, &five);
        write(&store, 5, &four);
        assert_eq!(finding(&store), AuditFinding::Edited { seq: 4 });
    }

    #[tokio::test]
    async fn truncation_is_caught() {
        // The last entries deleted, the head left.
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        for seq in [9, 10] {
            store.delete_sync(Cf::Audit, &entry_key(seq)).unwrap();
        }
        assert_eq!(finding(&store), AuditFinding::Truncated { head_seq: 10, last_seq: 8 });

        // The last entries and the head deleted.
        store.delete_sync(Cf::Audit, HEAD_KEY).unwrap();
        assert_eq!(finding(&store), AuditFinding::HeadMissing { last_seq: 8 });

        // Every entry deleted, the head left.
        let (_t, store) = temp_store();
        fill(&store, 3).await;
        for seq in 1..=3 {
            store.delete_sync(Cf::Audit, &entry_key(seq)).unwrap();
        }
        assert_eq!(finding(&store), AuditFinding::Truncated { head_seq: 3, last_seq: 0 });
    }

    #[tokio::test]
    async fn a_rolled_back_or_replaced_head_is_caught() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let eight = read(&store, 8);
        let old = records::encode("audit head", &AuditHead { seq: 8, hash: eight.hash }).unwrap();
        store.put_sync(Cf::Audit, HEAD_KEY, &old).unwrap();
        assert_eq!(finding(&store), AuditFinding::BeyondHead { head_seq: 8, last_seq: 10 });

        let forged = records::encode("audit head", &AuditHead { seq: 10, hash: eight.hash }).unwrap();
        store.put_sync(Cf::Audit, HEAD_KEY, &forged).unwrap();
        assert_eq!(finding(&store), AuditFinding::HeadMismatch { seq: 10 });
    }

    #[tokio::test]
    async fn a_value_moved_without_the_key_is_caught() {
        // Without the data key an attacker can only move sealed bytes; the
        // store's AEAD binds them to their key, and verify names the entry.
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let raw = store.get_raw(Cf::Audit, &entry_key(4)).unwrap().unwrap();
        store.put_raw(Cf::Audit, &entry_key(6), &raw).unwrap();
        match finding(&store) {
            AuditFinding::Unreadable { what, .. } => assert_eq!(what, "entry 6"),
            other => panic!("{other:?}"),
        }
        // An earlier problem is still the one reported.
        store.delete_sync(Cf::Audit, &entry_key(2)).unwrap();
        assert_eq!(finding(&store), AuditFinding::Deleted { first: 2, last: 2 });
    }

    #[tokio::test]
    async fn appending_after_a_truncation_keeps_the_gap() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        for seq in [9, 10] {
            store.delete_sync(Cf::Audit, &entry_key(seq)).unwrap();
        }
        let audit = Audit::load(&store).unwrap();
        assert_eq!(audit.commit(&store, store.batch(), 5, vec![share(11)]).await.unwrap(), vec![11]);
        assert_eq!(finding(&store), AuditFinding::Deleted { first: 9, last: 10 });
    }

    #[tokio::test]
    async fn a_missing_head_is_recovered_and_recorded() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        for seq in [9, 10] {
            store.delete_sync(Cf::Audit, &entry_key(seq)).unwrap();
        }
        store.delete_sync(Cf::Audit, HEAD_KEY).unwrap();
        let audit = Audit::load(&store).unwrap();
        // The marker takes seq 9, the caller's event 10.
        assert_eq!(audit.commit(&store, store.batch(), 5, vec![share(11)]).await.unwrap(), vec![10]);
        match finding(&store) {
            AuditFinding::Recovered { seq: 9, reason } => {
                assert!(reason.contains("head record was missing"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        let marker = &Audit::entries(&store, 9, 1).unwrap()[0];
        assert!(matches!(marker.event.action, AuditAction::LogRecovered { .. }));
    }

    #[tokio::test]
    async fn entries_beyond_a_rolled_back_head_are_never_overwritten() {
        let (_t, store) = temp_store();
        fill(&store, 10).await;
        let (nine, ten) = (read(&store, 9), read(&store, 10));
        let eight = read(&store, 8);
        let old = records::encode("audit head", &AuditHead { seq: 8, hash: eight.hash }).unwrap();
        store.put_sync(Cf::Audit, HEAD_KEY, &old).unwrap();
        let audit = Audit::load(&store).unwrap();
        assert_eq!(audit.commit(&store, store.batch(), 5, vec![share(11)]).await.unwrap(), vec![12]);
        assert_eq!((read(&store, 9), read(&store, 10)), (nine, ten));
        assert!(matches!(finding(&store), AuditFinding::Recovered { seq: 11, .. }));
    }

    #[tokio::test]
    async fn failed_commits_leave_no_gap() {
        let (_t, store) = temp_store();
        let audit = fill(&store, 3).await;
        // Refused before it is queued: nothing numbered is lost.
        let (_t2, other) = temp_store();
        let err = audit.commit(&store, other.batch(), 5, vec![share(4)]).await.unwrap_err();
        assert!(matches!(err, AuditError::Store(StoreError::ForeignBatch)), "{err:?}");
        assert_eq!(audit.commit(&store, store.batch(), 5, vec![share(4)]).await.unwrap(), vec![4]);
        // After a failed write the tip is reloaded from the store, whatever
        // the node believed.
        {
            let mut tip = audit.tip.lock().await;
            tip.seq = 40;
            tip.hash = [9; 32];
            tip.stale = true;
        }
        assert_eq!(audit.commit(&store, store.batch(), 6, vec![share(5)]).await.unwrap(), vec![5]);
        assert_eq!(Audit::verify(&store).unwrap(), AuditReport::Intact { entries: 5, head: audit.head().await });
    }

    #[test]
    fn reports_and_entries_read_well_as_json() {
        let entry = AuditEntry { seq: 1, at: 2, event: share(1), prev: GENESIS, hash: [0xab; 32] };
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["event"]["action"]["type"], "sent");
        assert_eq!(json["event"]["action"]["kind"], "case_share");
        assert_eq!(json["event"]["parties"][0], "GHA");
        assert_eq!(json["hash"], "ab".repeat(32));
        assert_eq!(serde_json::from_value::<AuditEntry>(json).unwrap(), entry);
        let report = AuditReport::tampered(3, AuditFinding::Deleted { first: 4, last: 4 });
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["result"], "tampered");
        assert_eq!(json["finding"]["kind"], "deleted");
        assert_eq!(json["message"], "entry 4 was deleted");
        assert_eq!(serde_json::from_value::<AuditReport>(json).unwrap(), report);
        // And every action survives the stored (CBOR) form.
        for action in [
            AuditAction::Sent { kind: Kind::CaseUpdate },
            AuditAction::Delivered { kind: Kind::Reply },
            AuditAction::Receipted,
            AuditAction::CaseCreated,
            AuditAction::CaseEdited,
            AuditAction::CaseWithdrawn,
            AuditAction::OperationalExport,
            AuditAction::FormatExport { format: "misp".into() },
            AuditAction::Refused { reason: "r".into() },
            AuditAction::LogRecovered { reason: "l".into() },
        ] {
            let ev = AuditEvent::new(action).with_message(mid(3)).with_case(Some(case()), Some(2));
            let bytes = codec::encode("audit event", &ev, MAX_EVENT_BYTES).unwrap();
            assert_eq!(codec::decode::<AuditEvent>("audit event", &bytes, MAX_EVENT_BYTES).unwrap(), ev);
        }
    }

    #[tokio::test]
    async fn distribution_lists_each_recipient_version_and_receipt() {
        let (_t, store) = temp_store();
        let audit = Audit::load(&store).unwrap();
        let (gha, nga) = (Party::State(st("GHA")), Party::State(st("NGA")));
        let other_case = CaseId::new(st("FRA"), mid(50));
        let log = [
            (10, AuditEvent::sent(Kind::CaseShare, mid(1), Some(case()), Some(1), vec![gha, nga])),
            (11, AuditEvent::sent(Kind::CaseShare, mid(2), Some(other_case), Some(1), vec![gha])),
            (12, AuditEvent::receipted(mid(1), Some(case()), gha)),
            (13, AuditEvent::receipted(mid(2), Some(other_case), gha)),
            (14, AuditEvent::sent(Kind::Reply, mid(3), Some(case()), None, vec![gha])),
            (15, AuditEvent::sent(Kind::CaseUpdate, mid(4), Some(case()), Some(2), vec![gha])),
            // A second receipt of the same envelope (a duplicate delivery)
            // does not move the first time.
            (16, AuditEvent::receipted(mid(1), Some(case()), gha)),
            (17, AuditEvent::receipted(mid(4), Some(case()), gha)),
        ];
        for (at, ev) in log {
            audit.commit(&store, store.batch(), at, vec![ev]).await.unwrap();
        }
        let row = |state: &str, version, kind, m, sent_seq, sent_at, receipted_at| DistributionRow {
            state: st(state),
            version: Some(version),
            kind,
            message_id: mid(m),
            sent_seq,
            sent_at,
            receipted_at,
        };
        let want = vec![
            row("GHA", 1, Kind::CaseShare, 1, 1, 10, Some(12)),
            row("NGA", 1, Kind::CaseShare, 1, 1, 10, None),
            row("GHA", 2, Kind::CaseUpdate, 4, 6, 15, Some(17)),
        ];
        let entries = Audit::entries(&store, 1, 100).unwrap();
        assert_eq!(distribution(&entries, &case()), want);
        assert_eq!(case_distribution(&store, &case()).unwrap(), want);
        assert_eq!(case_distribution(&store, &other_case).unwrap().len(), 1);
        assert!(case_distribution(&store, &CaseId::new(st("FRA"), mid(77))).unwrap().is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sends_and_receipts_of_a_running_node_are_audited() {
        use crate::core::node::Node;
        use crate::federation::{wait_until, LocalFederation};
        use std::time::Duration;

        let (fra, gha) = (st("FRA"), st("GHA"));
        let mut fed = LocalFederation::start(&[fra, gha]).await.unwrap();
        // Admitting each State sent the new roster to the members (the
        // outbox hook in `enqueue`); each receipt is recorded by the outbox.
        let sec = fed.node(Party::Secretariat).unwrap().clone();
        let complete = |node: &Node| {
            let entries = node.audit_entries(1, 1000).unwrap();
            let sent: usize = entries
                .iter()
                .filter(|e| e.event.action == AuditAction::Sent { kind: Kind::RosterUpdate })
                .map(|e| e.event.parties.len())
                .sum();
            let receipted = entries.iter().filter(|e| e.event.action == AuditAction::Receipted).count();
            sent > 0 && sent == receipted
        };
        assert!(wait_until(Duration::from_secs(20), || complete(&sec)).await, "receipts not audited");
        let before = match sec.audit_verify().unwrap() {
            AuditReport::Intact { entries, .. } => entries,
            broken => panic!("{broken:?}"),
        };
        drop(sec);
        // After a restart the node continues the same chain.
        fed.stop(Party::Secretariat).await.unwrap();
        let sec = fed.start_node(Party::Secretariat).await.unwrap();
        sec.set_chair(fra, 4_102_444_800_000).await.unwrap();
        assert!(wait_until(Duration::from_secs(20), || complete(&sec)).await, "receipts not audited after restart");
        match sec.audit_verify().unwrap() {
            AuditReport::Intact { entries, .. } => assert!(entries > before, "{entries} <= {before}"),
            broken => panic!("{broken:?}"),
        }
        drop(sec);
        fed.shutdown().await;
    }
}
