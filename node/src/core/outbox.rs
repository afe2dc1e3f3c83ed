//! The durable outbox: one worker per recipient delivers that recipient's
//! pending envelopes until each is receipted.
//!
//! - Durable: an envelope is in the store (`outbox` CF) before `share`
//!   returns; it leaves the queue only in the same synced batch that records
//!   the recipient's signed receipt. A crash at any point re-sends, and the
//!   receiver's deduplication makes the effect exactly-once.
//! - Retries: an unreachable peer is retried with exponential backoff, full
//!   jitter and a cap; the worker wakes at once when the peer connects to us
//!   or when a new envelope is queued, so a returning peer is served promptly.
//! - Set aside: an envelope the peer refuses for good, or that keeps
//!   failing while the peer is reachable, stops being retried and is shown to
//!   the operator; it never blocks the others (they are sent concurrently).
//!   A refusal the peer marks retryable ("not yet": its roster is behind, its
//!   store failed) backs off like an unreachable peer and never counts.

use std::sync::Arc;

use dief_protocol::envelope::{self, Draft, OLDEST_WIRE_VERSION};
use dief_protocol::{CaseId, Envelope, Kind, MessageId, Party, Response, Roster};
use futures::stream::{self, StreamExt};
use tracing::{debug, info, warn, Instrument};

use crate::core::audit::AuditEvent;
#[cfg(test)]
use crate::core::backoff::{Backoff, BACKOFF_CAP};
use crate::core::error::NodeError;
use crate::core::keystore::Keys;
use crate::core::network::NetError;
use crate::core::records::{self, QueueEntry, ReceiptEntry, SentRecord};
use crate::core::state::Inner;
use crate::core::store::Cf;
use crate::core::wakers::Wake;

/// Envelopes in flight to one recipient at once. Must stay below the
/// receiver's request-response stream limit (libp2p's default is 100):
/// 256 was tried and the streams over the limit were dropped, collapsing
/// throughput to ~50 envelopes/s under backoff.
const WINDOW: usize = 64;
/// Envelopes loaded per round.
const ROUND: usize = 512;
/// Counted failures after which an envelope is set aside: with the
/// backoff below, about five minutes of a reachable peer refusing it.
pub const MAX_FAILURES: u32 = 20;
/// Attempts of one envelope that the long-refusal delivery test waits for:
/// with the production schedule they take more than five minutes (checked
/// by a unit test below), and far more than [`MAX_FAILURES`].
pub const LONG_REFUSAL_ATTEMPTS: u32 = 3 * MAX_FAILURES;

/// Once a batch that queued envelopes is durable: starts and wakes the
/// recipients' workers.
pub(in crate::core) fn wake(inner: &Arc<Inner>, recipients: &[Party]) {
    for r in recipients {
        ensure_worker(inner, *r);
        inner.wakers.enqueued(*r);
    }
}

/// Starts `party`'s worker if it is not running.
pub(in crate::core) fn ensure_worker(inner: &Arc<Inner>, party: Party) {
    let (notify, new) = inner.wakers.get(party);
    if new {
        inner.spawn(run_worker(inner.clone(), party, notify));
    }
}

enum Outcome {
    /// Receipted; with the case the envelope was about, for the audit log,
    /// and its kind, for the metrics.
    Delivered(ReceiptEntry, Option<CaseId>, Kind),
    /// The peer could not be reached: back off, do not count.
    Unreachable(String),
    /// Reached, but it failed; counted. `permanent`: set aside now.
    Failed { reason: String, permanent: bool },
    /// The recipient said "not yet" (its roster is behind, its store
    /// failed, what the envelope depends on has not arrived): back off,
    /// but never count it towards setting the envelope aside.
    Deferred(String),
}

/// How a failed attempt weighs on an envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weight {
    /// Set aside now.
    Permanent,
    /// Counts towards [`MAX_FAILURES`].
    Counted,
    /// Recorded for the operator, counts for nothing.
    Transient,
}

/// Records a failed attempt in `entry`; returns whether it is now set aside.
fn note_failure(entry: &mut QueueEntry, reason: String, weight: Weight, now: i64) -> bool {
    entry.attempts = entry.attempts.saturating_add(1);
    entry.last_attempt_at = Some(now);
    if weight != Weight::Transient {
        entry.failures = entry.failures.saturating_add(1);
    }
    let aside = weight == Weight::Permanent || (weight == Weight::Counted && entry.failures >= MAX_FAILURES);
    if aside {
        entry.set_aside = Some(reason.clone());
    }
    entry.last_error = Some(reason);
    aside
}

fn classify(e: &NetError) -> Outcome {
    match e {
        // `Shutdown`: the node is stopping; the envelope stays queued.
        NetError::DialFailure { .. }
        | NetError::Timeout { .. }
        | NetError::ConnectionClosed { .. }
        | NetError::NotMember { .. }
        | NetError::Busy
        | NetError::Shutdown
        | NetError::UnsupportedProtocol { .. } => Outcome::Unreachable(e.to_string()),
        NetError::TooLarge { .. } => Outcome::Failed { reason: e.to_string(), permanent: true },
        _ => Outcome::Failed { reason: e.to_string(), permanent: false },
    }
}

/// Runs until shutdown, delivering `party`'s queue.
async fn run_worker(inner: Arc<Inner>, party: Party, wake: Arc<Wake>) {
    let span = tracing::info_span!("outbox", node = %inner.party, to = %party);
    async move {
        let mut shutdown = inner.shutdown_rx();
        let mut backoff_step: u32 = 0;
        // Whether a "peer reachable" wake already cut this streak of
        // failures short. A peer that (re)connects is served at once, but
        // only once per streak: a connection that opens and is closed at
        // once (a peer's gate refusing us) would otherwise wake the worker
        // after every attempt and turn the backoff into a retry storm.
        let mut woken_early = false;
        'worker: loop {
            if *shutdown.borrow() {
                break;
            }
            let unreachable = match round(&inner, party).await {
                Ok(Some(u)) => u,
                Ok(None) => {
                    // Nothing to send: sleep until something is queued.
                    backoff_step = 0;
                    woken_early = false;
                    tokio::select! {
                        biased;
                        _ = shutdown.changed() => break,
                        _ = wake.reachable.notified() => continue,
                        _ = wake.enqueued.notified() => continue,
                    }
                }
                Err(e) => {
                    warn!(error = %e, "outbox round failed");
                    true
                }
            };
            if !unreachable {
                backoff_step = 0;
                woken_early = false;
                continue;
            }
            let delay = inner.outbox_backoff.delay(backoff_step);
            backoff_step = backoff_step.saturating_add(1);
            debug!(?delay, "peer unreachable, backing off");
            let mut deadline = tokio::time::Instant::now() + delay;
            loop {
                tokio::select! {
                    biased;
                    _ = shutdown.changed() => break 'worker,
                    _ = wake.reachable.notified(), if !woken_early => {
                        woken_early = true;
                        deadline = deadline.min(tokio::time::Instant::now() + inner.outbox_backoff.delay(0));
                    }
                    _ = tokio::time::sleep_until(deadline) => break,
                }
            }
        }
        debug!("outbox worker stopped");
    }
    .instrument(span)
    .await
}

/// One round: load up to ROUND pending envelopes for `party`, send them with
/// WINDOW in flight, record every outcome in one synced batch. Returns None
/// when nothing was pending, else whether the peer was unreachable.
async fn round(inner: &Arc<Inner>, party: Party) -> Result<Option<bool>, NodeError> {
    let prefix = records::queue_prefix(party);
    let mut pending = Vec::new();
    // Page through the queue rather than load it whole: it can hold many
    // thousands of envelopes, and set-aside ones are skipped, not counted.
    let mut cursor = prefix.clone();
    'pages: loop {
        let page = inner.store.scan_from(Cf::Outbox, &cursor, ROUND)?;
        let full = page.len() == ROUND;
        for (key, value) in page {
            if !key.starts_with(&prefix) {
                break 'pages;
            }
            let entry: QueueEntry = records::decode("queue entry", &value)?;
            if entry.set_aside.is_none() {
                if let Some(id) = records::queue_key_id(&key) {
                    pending.push((id, entry));
                }
            }
            cursor = key;
            cursor.push(0);
            if pending.len() >= ROUND {
                break 'pages;
            }
        }
        if !full {
            break;
        }
    }
    if pending.is_empty() {
        return Ok(None);
    }
    let Some(results) = attempt(inner, party, pending).await else {
        debug!("no roster yet; waiting for one");
        return Ok(Some(true));
    };

    let now = inner.clock.now_ms();
    let mut batch = inner.store.batch();
    let mut unreachable = false;
    let mut delivered = Vec::new();
    let mut audited = Vec::new();
    let mut kinds = Vec::new();
    let mut set_aside = 0;
    for (id, mut entry, outcome) in results {
        let qkey = records::queue_key(party, &id);
        match outcome {
            Outcome::Delivered(receipt, case_id, kind) => {
                batch.delete(Cf::Outbox, &qkey);
                kinds.push(kind);
                let rkey = records::receipt_key(&id, party);
                // A re-sent envelope (a restored peer's refill) comes back
                // as a duplicate: the first receipt stays the record.
                if !(receipt.duplicate && inner.store.get(Cf::Receipts, &rkey)?.is_some()) {
                    let index = records::resend_key(party, receipt.received_at, &id);
                    batch.put(Cf::Receipts, &rkey, &records::encode("receipt", &receipt)?);
                    batch.put(Cf::Outbox, &index, &[]);
                }
                audited.push(AuditEvent::receipted(id, case_id, party));
                delivered.push(id);
            }
            Outcome::Unreachable(reason) | Outcome::Deferred(reason) => {
                unreachable = true;
                note_failure(&mut entry, reason, Weight::Transient, now);
                batch.put(Cf::Outbox, &qkey, &records::encode("queue entry", &entry)?);
            }
            Outcome::Failed { reason, permanent } => {
                let weight = if permanent { Weight::Permanent } else { Weight::Counted };
                if note_failure(&mut entry, reason, weight, now) {
                    warn!(message = %id, reason = entry.last_error.as_deref().unwrap_or(""), failures = entry.failures, "envelope set aside");
                    set_aside += 1;
                } else {
                    // Counted failures also back off, so that a peer that
                    // keeps refusing is not hammered.
                    unreachable = true;
                }
                batch.put(Cf::Outbox, &qkey, &records::encode("queue entry", &entry)?);
            }
        }
    }
    // Receipts enter the audit log in the batch that records them.
    inner.audit.commit(&inner.store, batch, now, audited).await?;
    for kind in kinds {
        inner.metrics.sent(kind);
    }
    for _ in 0..set_aside {
        inner.metrics.set_aside();
    }
    if !delivered.is_empty() {
        debug!(delivered = delivered.len(), "receipts recorded");
        compact_queues(inner, delivered.len());
        for id in delivered {
            let _ = inner.receipts_tx.send((id, party));
        }
    }
    Ok(Some(unreachable))
}

/// Delivered queue entries between two compactions of the queues.
const COMPACT_AFTER_DELETES: u64 = 4096;

/// Counts `deleted` queue entries and, every [`COMPACT_AFTER_DELETES`],
/// compacts the queues' key range in the background. Each round scans its
/// queue from the start, and RocksDB keeps a deleted key as a tombstone
/// that every scan steps over until a compaction drops it: at 193 nodes the
/// workers spent 8% of the CPU skipping the tombstones of envelopes
/// delivered since the last compaction.
fn compact_queues(inner: &Arc<Inner>, deleted: usize) {
    use std::sync::atomic::Ordering;
    let before = inner.queue_deletes.fetch_add(deleted as u64, Ordering::Relaxed);
    if before + deleted as u64 >= COMPACT_AFTER_DELETES
        && inner
            .queue_deletes
            .compare_exchange(before + deleted as u64, 0, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        let store = inner.store.clone();
        tokio::task::spawn_blocking(move || {
            // The queues are `q/<party>/<id>`; `q0` is the first key after.
            if let Err(e) = store.compact_range(Cf::Outbox, b"q/", b"q0") {
                debug!(error = %e, "compacting the outbox queues failed");
            }
        });
    }
}

/// Sends every pending envelope to `party`, [`WINDOW`] at a time, and
/// returns each outcome; None while this node holds no roster.
async fn attempt(
    inner: &Arc<Inner>,
    party: Party,
    pending: Vec<(MessageId, QueueEntry)>,
) -> Option<Vec<(MessageId, QueueEntry, Outcome)>> {
    Some(match inner.peer_of(party) {
        Some(peer) => {
            stream::iter(pending)
                .map(|(id, entry)| {
                    let peer = peer.clone();
                    async move {
                        let outcome = deliver_one(inner, party, &peer, id).await;
                        (id, entry, outcome)
                    }
                })
                .buffer_unordered(WINDOW)
                .collect()
                .await
        }
        // Envelopes are sealed only to parties on the roster, so one missing
        // from a roster held now was removed: retrying would never end.
        // Set aside, an operator can still retry if it is admitted again.
        None if inner.roster().is_some() => {
            let reason = format!("{party} is no longer on the roster");
            pending
                .into_iter()
                .map(|(id, entry)| (id, entry, Outcome::Failed { reason: reason.clone(), permanent: true }))
                .collect()
        }
        None => return None,
    })
}

fn load_sent(inner: &Inner, id: &MessageId) -> Result<SentRecord, String> {
    inner
        .store
        .get(Cf::Outbox, &records::sent_key(id))
        .map_err(|e| e.to_string())
        .and_then(|v| v.ok_or_else(|| "sent record missing".to_string()))
        .and_then(|v| records::decode("sent record", &v).map_err(|e| e.to_string()))
}

/// Whether `sent` must be sealed again before it goes to `party`: it was
/// sealed with keys this node no longer has, to a key `party` no longer
/// has (as this node pins it), or in an older wire version than the roster
/// asks for. Cheap when the roster has not changed since it was sealed.
fn is_stale(inner: &Inner, keys: &Keys, roster: &Roster, sent: &SentRecord, party: Party) -> bool {
    let Ok(envelope) = Envelope::from_bytes(&sent.envelope) else { return false };
    let Ok(h) = envelope.peek_header() else { return false };
    if h.roster_seq == roster.sequence && !roster.pins.contains_key(&party) {
        return false;
    }
    if h.sender_signing_key != keys.identity.public().key_id() || h.sender_encryption_key != keys.encryption.key_id() {
        return true;
    }
    let federation = roster.wire_version.clamp(OLDEST_WIRE_VERSION, inner.newest_wire_version());
    if h.kind != Kind::RosterUpdate && h.version < federation {
        return true;
    }
    match (envelope.wrapped_key_id(party), roster.node(party)) {
        (Ok(Some(wrapped)), Some(node)) => wrapped != node.encryption_key_id(),
        _ => false,
    }
}

/// The record to send to `party`: the one stored, or the same message
/// (id, payload, references, time) sealed again under the current roster
/// and stored in its place, when [`is_stale`]. One at a time, so that two
/// recipients' workers do not seal it twice.
async fn fresh(inner: &Arc<Inner>, party: Party, id: MessageId, sent: SentRecord) -> Result<SentRecord, String> {
    let (Some(roster), keys) = (inner.roster(), inner.keys()) else { return Ok(sent) };
    if sent.payload.is_none() || !is_stale(inner, &keys, &roster.roster, &sent, party) {
        return Ok(sent);
    }
    let _one = inner.resealing.lock().await;
    let sent = load_sent(inner, &id)?;
    let (Some(roster), keys) = (inner.roster(), inner.keys()) else { return Ok(sent) };
    if !is_stale(inner, &keys, &roster.roster, &sent, party) {
        return Ok(sent);
    }
    let Some(payload) = sent.payload.clone() else { return Ok(sent) };
    let old = Envelope::from_bytes(&sent.envelope).and_then(|e| e.peek_header()).map_err(|e| e.to_string())?;
    // A recipient removed since is no longer sealed to: it is set aside.
    let recipients: Vec<Party> = old.recipients.iter().copied().filter(|p| roster.roster.node(*p).is_some()).collect();
    let draft = Draft { message_id: id, recipients, references: old.references, created_at: old.created_at, payload };
    let envelope = envelope::seal_writing(&inner.sender(&keys), &roster.roster, draft, inner.newest_wire_version())
        .map_err(|e| format!("could not seal it again: {e}"))?;
    let resealed = SentRecord {
        digest: envelope.digest().to_vec(),
        envelope: envelope.to_bytes().map_err(|e| e.to_string())?,
        ..sent
    };
    let value = records::encode("sent record", &resealed).map_err(|e| e.to_string())?;
    inner.store.put_sync(Cf::Outbox, &records::sent_key(&id), &value).map_err(|e| e.to_string())?;
    info!(message = %id, roster = roster.roster.sequence, "sealed again under the current keys");
    Ok(resealed)
}

async fn deliver_one(inner: &Arc<Inner>, party: Party, peer: &str, id: MessageId) -> Outcome {
    let sent = match load_sent(inner, &id) {
        Ok(s) => s,
        Err(reason) => return Outcome::Failed { reason, permanent: true },
    };
    let sent = match fresh(inner, party, id, sent).await {
        Ok(s) => s,
        Err(reason) => return Outcome::Failed { reason, permanent: false },
    };
    let span = tracing::debug_span!("deliver", message = %id, kind = %sent.kind);
    async move {
        let reply = match inner.net().request(peer, sent.envelope).await {
            Ok(r) => r,
            Err(e) => return classify(&e),
        };
        let response = match Response::from_bytes(&reply) {
            Ok(r) => r,
            Err(e) => return Outcome::Failed { reason: format!("unreadable answer: {e}"), permanent: false },
        };
        match response {
            Response::Receipt(signed) => {
                let Some(signer) = inner.signing_key_of(party) else {
                    return Outcome::Unreachable(format!("{party} left the roster"));
                };
                let digest: [u8; 32] = match sent.digest.as_slice().try_into() {
                    Ok(d) => d,
                    Err(_) => return Outcome::Failed { reason: "stored digest corrupt".into(), permanent: true },
                };
                match signed.verify(&signer, party, id, &digest) {
                    Ok(r) => {
                        debug!(duplicate = r.duplicate, "receipt verified");
                        if let Some(mark) = r.roster {
                            inner.compare_roster(mark, party);
                        }
                        Outcome::Delivered(
                            ReceiptEntry { duplicate: r.duplicate, received_at: r.received_at, receipt: signed },
                            sent.case_id,
                            sent.kind,
                        )
                    }
                    Err(e) => Outcome::Failed { reason: format!("bad receipt: {e}"), permanent: false },
                }
            }
            Response::Refused { reason, retryable } => {
                info!(%reason, retryable, "refused by the recipient");
                if retryable {
                    // The recipient may be behind on the roster: offer ours.
                    inner.push_roster_to(party);
                }
                let reason = format!("refused by {party}: {reason}");
                if retryable {
                    Outcome::Deferred(reason)
                } else {
                    Outcome::Failed { reason, permanent: true }
                }
            }
        }
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recipient that keeps saying "not yet" never gets an envelope set
    /// aside; one that keeps failing it does, after [`MAX_FAILURES`]; a
    /// refusal for good does at once (issue 11 item 7).
    #[test]
    fn only_counted_failures_set_an_envelope_aside() {
        let mut entry = QueueEntry::default();
        for n in 1..=100 {
            assert!(!note_failure(&mut entry, "roster behind".into(), Weight::Transient, n));
        }
        assert_eq!((entry.attempts, entry.failures, entry.set_aside.as_deref()), (100, 0, None));
        assert_eq!(entry.last_error.as_deref(), Some("roster behind"));
        for n in 1..MAX_FAILURES {
            assert!(!note_failure(&mut entry, "bad receipt".into(), Weight::Counted, n.into()), "after {n}");
        }
        assert!(note_failure(&mut entry, "bad receipt".into(), Weight::Counted, 0));
        assert_eq!(entry.set_aside.as_deref(), Some("bad receipt"));
        let mut fresh = QueueEntry::default();
        assert!(note_failure(&mut fresh, "forged".into(), Weight::Permanent, 0));
        assert_eq!(fresh.failures, 1);
    }

    /// The delivery test of a long "not yet" (a receiver whose disk is full,
    /// `delivery::a_full_disk_refuses_new_work_and_its_senders_wait_for_room`)
    /// runs the schedule shortened; this is what its attempt count means in
    /// production time: [`LONG_REFUSAL_ATTEMPTS`] retries of one envelope
    /// take more than five minutes even with every wait at its shortest.
    #[test]
    fn the_long_refusal_test_spans_more_than_five_minutes_of_real_retries() {
        let real = Backoff::default();
        let shortest: u64 = (0..LONG_REFUSAL_ATTEMPTS).map(|step| real.ceiling_ms(step) / 2).sum();
        assert!(shortest > 5 * 60 * 1000, "{shortest} ms");
        const { assert!(LONG_REFUSAL_ATTEMPTS > MAX_FAILURES) };
        for step in 0..40 {
            let d = real.delay(step).as_millis();
            let ceiling = u128::from(real.ceiling_ms(step));
            assert!(d >= ceiling / 2 && d <= ceiling, "step {step}: {d} ms");
            assert!(ceiling <= BACKOFF_CAP.as_millis());
        }
    }
}
