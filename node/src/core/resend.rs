//! Refilling a restored peer. A node restored from a backup lost what it
//! received after the backup was taken, and its senders removed those
//! envelopes from their outboxes when it receipted them. So at its next
//! start it asks every member for a resend (`ResendRequest { since_ms }`),
//! and each member queues again, to that member only, every envelope it
//! had sent it and that it receipted at or after that time, found through
//! the resend index (`r/<party>/<receipt time>/<id>` in `outbox`, written
//! with each receipt). The restored node's deduplication drops what it
//! already held; the rest is applied once.
//!
//! Bounded: one request per member is honoured per
//! [`RESEND_INTERVAL_MS`], and each re-queues at most [`MAX_RESEND`]
//! envelopes; a request only ever re-queues envelopes to the member that
//! asked, and only those it was a recipient of (so never case content to
//! the Secretariat).

use dief_protocol::payload::ResendRequest;
use dief_protocol::Party;
use tracing::{info, warn};

use crate::core::error::{NodeError, NodeResult};
use crate::core::records::{self, QueueEntry, SentRecord};
use crate::core::state::Inner;
use crate::core::store::{Batch, Cf};

/// Most envelopes one resend request re-queues.
pub const MAX_RESEND: usize = 10_000;
/// A member's next resend request is honoured only this long after the
/// last one (a hostile member must not make this node re-send forever).
pub const RESEND_INTERVAL_MS: i64 = 10 * 60 * 1000;
/// How far before its backup's time a restored node asks from: an
/// envelope stamped just before the checkpoint may have been committed
/// just after it. What is asked twice is dropped by deduplication.
pub const RESEND_MARGIN_MS: i64 = 5 * 60 * 1000;

/// Adds to `batch` a queue entry to `requester` for each envelope it
/// receipted since `request.since_ms`; returns how many. A request within
/// [`RESEND_INTERVAL_MS`] of the last one honoured is receipted and
/// ignored (0).
pub(in crate::core) fn requeue(
    inner: &Inner,
    requester: Party,
    request: &ResendRequest,
    now: i64,
    batch: &mut Batch,
) -> NodeResult<usize> {
    let span = tracing::info_span!("resend", to = %requester, since_ms = request.since_ms);
    let _enter = span.enter();
    let store = &inner.store;
    let limit_key = records::resend_limit_key(requester);
    if let Some(raw) = store.get(Cf::Outbox, &limit_key)? {
        let last = raw.as_slice().try_into().map(i64::from_be_bytes).unwrap_or(i64::MIN);
        if now.saturating_sub(last) < RESEND_INTERVAL_MS {
            warn!(last_ms = last, "resend request ignored: one from this member was honoured recently");
            return Ok(0);
        }
    }
    batch.put(Cf::Outbox, &limit_key, &now.to_be_bytes());
    let prefix = records::resend_prefix(requester);
    let index = store.scan_from(Cf::Outbox, &records::resend_from(requester, request.since_ms), MAX_RESEND)?;
    let queued = records::encode("queue entry", &QueueEntry::default())?;
    let mut count = 0;
    let mut skipped = 0;
    for (key, _) in index.iter().take_while(|(k, _)| k.starts_with(&prefix)) {
        let Some(id) = records::queue_key_id(key) else { continue };
        let Some(raw) = store.get(Cf::Outbox, &records::sent_key(&id))? else {
            skipped += 1;
            continue;
        };
        let sent: SentRecord = records::decode("sent record", &raw).map_err(NodeError::from)?;
        // The index is keyed by who receipted; check again against what
        // was sent, and never case content to the Secretariat.
        if !sent.recipients.contains(&requester) || (requester == Party::Secretariat && sent.kind.is_case_content()) {
            skipped += 1;
            continue;
        }
        batch.put(Cf::Outbox, &records::queue_key(requester, &id), &queued);
        count += 1;
    }
    if index.iter().take_while(|(k, _)| k.starts_with(&prefix)).count() >= MAX_RESEND {
        warn!(max = MAX_RESEND, "resend request capped; the rest stays unsent");
    }
    info!(requeued = count, skipped, "resend request honoured");
    Ok(count)
}
