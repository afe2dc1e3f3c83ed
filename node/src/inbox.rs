//! The inbox: what happens to an envelope another node delivers.
//!
//! Verify (signature under the sender's current roster key, addressed to
//! us, not stale, never case content for the Secretariat), deduplicate by
//! message id, apply the payload's rules (`procedures::apply`: who may send
//! what, checked against this node's records), write everything and an
//! audit entry in one synced batch (group commit), and only then sign a
//! receipt (DESIGN invariant 4).
//! A refusal carries its reason and whether a retry could succeed; it is
//! also logged.

use std::sync::Arc;

use dief_protocol::envelope::EnvelopeError;
use dief_protocol::{Envelope, Kind, Party, Payload, Receipt, Response};
use tracing::{debug, info, warn, Instrument};

use crate::audit::{AuditAction, AuditEvent};
use crate::node::Inner;
use crate::procedures;
use crate::records::{self, InboxEntry};
use crate::store::Cf;
use crate::NodeError;

fn refused(reason: impl Into<String>, retryable: bool) -> Response {
    Response::Refused { reason: reason.into(), retryable }
}

/// Handles one delivered envelope and returns the encoded answer.
pub(crate) async fn handle(inner: &Arc<Inner>, peer: &str, bytes: &[u8]) -> Vec<u8> {
    #[cfg(feature = "test-support")]
    {
        let mut tap = inner.wiretap.lock().unwrap_or_else(|p| p.into_inner());
        if tap.len() < crate::node::WIRETAP_LIMIT {
            tap.push(bytes.to_vec());
        }
    }
    let span = tracing::info_span!("inbox", node = %inner.party, %peer);
    let response = process(inner, peer, bytes).instrument(span).await;
    response.to_bytes().unwrap_or_else(|e| {
        warn!(error = %e, "could not encode a response");
        Vec::new()
    })
}

async fn process(inner: &Arc<Inner>, peer: &str, bytes: &[u8]) -> Response {
    let envelope = match Envelope::from_bytes(bytes) {
        Ok(e) => e,
        Err(e) => {
            warn!(error = %e, "refused: malformed envelope");
            return refused(e.to_string(), false);
        }
    };
    let Some(roster) = inner.roster() else {
        return refused("this node has no roster yet", true);
    };
    // The network gate admits members only; check again here, since the
    // roster may have changed since the connection was made.
    if roster.roster.party_of_peer(peer).is_none() {
        warn!("refused: the delivering peer is not on the roster");
        return refused("the delivering peer is not on the roster", false);
    }
    let now = inner.clock.now_ms();
    let me = inner.party;
    // Verify before anything else, so a forged id cannot probe dedup state.
    let verified = match envelope.verify(&roster.roster, me, now) {
        Ok(v) => v,
        Err(e) => return refuse(e),
    };
    let id = verified.header().message_id;
    let sender = verified.header().sender;
    let digest = verified.digest();
    match inner.store.get(Cf::Delivered, id.as_bytes()) {
        Ok(Some(held)) => {
            if held.as_slice() != digest.as_slice() {
                warn!(message = %id, "refused: a different envelope reuses a delivered message id");
                return refused(format!("message id {id} was already used by another envelope"), false);
            }
            debug!(message = %id, "duplicate delivery, receipting again");
            return receipt(inner, &sender, id, digest, now, true);
        }
        Ok(None) => {}
        Err(e) => {
            warn!(error = %e, "store read failed");
            return refused("the receiving node could not read its store", true);
        }
    }
    let opened = match envelope.open_verified(verified, &roster.roster, &inner.keys.encryption) {
        Ok(o) => o,
        Err(e) => return refuse(e),
    };

    let mut batch = inner.store.batch();
    let applied =
        match procedures::apply(inner, sender, id, &opened.header.recipients, &opened.payload, now, &mut batch) {
            Ok(a) => a,
            Err(r) => {
                if r.retryable {
                    info!(message = %id, %sender, reason = %r.reason, "envelope not taken yet");
                } else {
                    warn!(message = %id, %sender, reason = %r.reason, "refused envelope");
                }
                return refused(r.reason, r.retryable);
            }
        };
    let entry = InboxEntry {
        message_id: id,
        sender,
        kind: opened.header.kind,
        recipients: opened.header.recipients.clone(),
        references: opened.header.references.clone(),
        created_at: opened.header.created_at,
        received_at: now,
        payload: opened.payload,
    };
    // Roster offers arrive on every reconnection; the roster itself is
    // what matters, so they are deduplicated but not listed in the inbox.
    if entry.kind != Kind::RosterUpdate {
        match records::encode("inbox entry", &entry) {
            Ok(v) => batch.put(Cf::Inbox, id.as_bytes(), &v),
            Err(e) => return refused(e.to_string(), false),
        }
    }
    batch.put(Cf::Delivered, id.as_bytes(), &digest);
    let committed = if entry.kind == Kind::RosterUpdate {
        inner.store.commit(batch).await.map_err(NodeError::from)
    } else {
        let event = AuditEvent {
            action: AuditAction::Delivered { kind: entry.kind },
            case_id: entry.payload.case_id(),
            version: match &entry.payload {
                Payload::CaseShare { case, .. } | Payload::CaseUpdate { case, .. } => Some(case.version),
                _ => None,
            },
            message_id: Some(id),
            parties: vec![sender],
        };
        let mut events = vec![event];
        events.extend(applied.relay.as_ref().map(|q| q.event.clone()));
        inner.audit.commit(&inner.store, batch, now, events).await.map(|_| ()).map_err(NodeError::from)
    };
    if let Err(e) = committed {
        warn!(error = %e, "could not store a delivered envelope; no receipt");
        return refused("the receiving node could not store the envelope", true);
    }
    if let Some(case) = applied.case {
        inner.cases_index.upsert(&case);
    }
    if let Some(relay) = &applied.relay {
        inner.wake(&relay.recipients);
    }
    info!(message = %id, %sender, kind = %entry.kind, "envelope delivered");
    receipt(inner, &sender, id, digest, now, false)
}

fn refuse(e: EnvelopeError) -> Response {
    if e.is_retryable() {
        info!(reason = %e, "envelope not taken yet");
    } else {
        warn!(reason = %e, "refused envelope");
    }
    refused(e.to_string(), e.is_retryable())
}

fn receipt(
    inner: &Arc<Inner>,
    sender: &Party,
    message_id: dief_protocol::MessageId,
    envelope_digest: [u8; 32],
    now: i64,
    duplicate: bool,
) -> Response {
    let r =
        Receipt { message_id, envelope_digest, recipient: inner.party, sender: *sender, received_at: now, duplicate };
    match r.sign(&inner.keys.identity) {
        Ok(s) => Response::Receipt(s),
        Err(e) => refused(format!("could not sign a receipt: {e}"), true),
    }
}
