//! The inbox: what happens to an envelope another node delivers.
//!
//! Verify (signature under the sender's current roster key, addressed to
//! us, not stale, never case content for the Secretariat), deduplicate by
//! message id, hand the payload to the service registered for its kind
//! (`Service::apply`: who may send what, checked against this node's
//! records; roster updates are the core's own), write everything and an
//! audit entry in one synced batch (group commit), and only then sign a
//! receipt (DESIGN invariant 4).
//! A refusal carries its reason and whether a retry could succeed; it is
//! also logged.

use std::sync::Arc;

use dief_protocol::envelope::{EnvelopeError, Opened};
use dief_protocol::{Envelope, Kind, MessageId, Party, Payload, Receipt, Response};
use tracing::{debug, info, warn, Instrument};

use crate::core::audit::{AuditAction, AuditEvent};
use crate::core::error::NodeError;
use crate::core::handle::Core;
use crate::core::records::{self, InboxEntry};
use crate::core::service::{Applied, Arrival, Refusal, Services};
use crate::core::state::Inner;
use crate::core::store::{Batch, Cf};

fn refused(reason: impl Into<String>, retryable: bool) -> Response {
    Response::Refused { reason: reason.into(), retryable }
}

/// Handles one delivered envelope and returns the encoded answer.
pub(in crate::core) async fn handle(core: &Core, services: &Services, peer: &str, bytes: &[u8]) -> Vec<u8> {
    let inner = &core.inner;
    #[cfg(feature = "test-support")]
    {
        let mut tap = inner.wiretap.lock().unwrap_or_else(|p| p.into_inner());
        if tap.len() < crate::core::state::WIRETAP_LIMIT {
            tap.push(bytes.to_vec());
        }
    }
    let span = tracing::info_span!("inbox", node = %inner.party, %peer);
    let response = process(core, services, peer, bytes).instrument(span).await;
    response.to_bytes().unwrap_or_else(|e| {
        warn!(error = %e, "could not encode a response");
        Vec::new()
    })
}

async fn process(core: &Core, services: &Services, peer: &str, bytes: &[u8]) -> Response {
    let inner = &core.inner;
    let now = inner.clock.now_ms();
    let opened = match verify_and_open(inner, peer, bytes, now) {
        Ok(Checked::Open(opened)) => *opened,
        Ok(Checked::Duplicate { sender, id, digest }) => return receipt(inner, &sender, id, digest, now, true),
        Err(r) => return r,
    };
    let (id, sender, digest) = (opened.header.message_id, opened.header.sender, opened.digest);
    let mut batch = inner.store.batch();
    let arrival =
        Arrival { sender, message_id: id, recipients: &opened.header.recipients, payload: &opened.payload, now };
    let applied = match dispatch(core, services, &arrival, &mut batch) {
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
    let kind = opened.header.kind;
    if let Err(r) = store(inner, opened, digest, applied, batch, now).await {
        return r;
    }
    info!(message = %id, %sender, %kind, "envelope delivered");
    receipt(inner, &sender, id, digest, now, false)
}

/// What the envelope checks found.
enum Checked {
    Open(Box<Opened>),
    /// The same envelope was delivered before: receipt it again.
    Duplicate {
        sender: Party,
        id: MessageId,
        digest: [u8; 32],
    },
}

/// Decodes, verifies and deduplicates, then opens: every check that needs
/// no service. The refusal is the answer to send.
fn verify_and_open(inner: &Inner, peer: &str, bytes: &[u8], now: i64) -> Result<Checked, Response> {
    let envelope = match Envelope::from_bytes(bytes) {
        Ok(e) => e,
        Err(e) => {
            warn!(error = %e, "refused: malformed envelope");
            return Err(refused(e.to_string(), false));
        }
    };
    let Some(roster) = inner.roster() else {
        return Err(refused("this node has no roster yet", true));
    };
    // The network gate admits members only; check again here, since the
    // roster may have changed since the connection was made.
    if roster.roster.party_of_peer(peer).is_none() {
        warn!("refused: the delivering peer is not on the roster");
        return Err(refused("the delivering peer is not on the roster", false));
    }
    // Verify before anything else, so a forged id cannot probe dedup state.
    let verified = envelope.verify(&roster.roster, inner.party, now).map_err(refuse)?;
    let id = verified.header().message_id;
    let sender = verified.header().sender;
    let digest = verified.digest();
    match inner.store.get(Cf::Delivered, id.as_bytes()) {
        Ok(Some(held)) => {
            if held.as_slice() != digest.as_slice() {
                warn!(message = %id, "refused: a different envelope reuses a delivered message id");
                return Err(refused(format!("message id {id} was already used by another envelope"), false));
            }
            debug!(message = %id, "duplicate delivery, receipting again");
            return Ok(Checked::Duplicate { sender, id, digest });
        }
        Ok(None) => {}
        Err(e) => {
            warn!(error = %e, "store read failed");
            return Err(refused("the receiving node could not read its store", true));
        }
    }
    envelope
        .open_verified(verified, &roster.roster, &inner.keys.encryption)
        .map(|o| Checked::Open(Box::new(o)))
        .map_err(refuse)
}

/// Hands the payload to the service registered for its kind. Roster
/// updates are the core's own: a newer roster is imported, any other is
/// receipted and ignored.
fn dispatch(core: &Core, services: &Services, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal> {
    if let Payload::RosterUpdate(signed) = arrival.payload {
        if let Err(e) = core.inner.import_roster(signed) {
            debug!(error = %e, "relayed roster not taken");
        }
        return Ok(Applied::default());
    }
    let kind = arrival.payload.kind();
    match services.for_kind(kind) {
        Some(service) => service.apply(core, arrival, batch),
        None => Err(Refusal::permanent(format!("{kind} messages are not handled by this node's version"))),
    }
}

/// Writes the inbox entry, the dedupe record and the audit entry in the
/// service's batch, then runs what the service asked for after the commit.
async fn store(
    inner: &Arc<Inner>,
    opened: Opened,
    digest: [u8; 32],
    applied: Applied,
    mut batch: Batch,
    now: i64,
) -> Result<(), Response> {
    let id = opened.header.message_id;
    let sender = opened.header.sender;
    let entry = InboxEntry {
        message_id: id,
        sender,
        kind: opened.header.kind,
        recipients: opened.header.recipients,
        references: opened.header.references,
        created_at: opened.header.created_at,
        received_at: now,
        payload: opened.payload,
    };
    // Roster offers arrive on every reconnection; the roster itself is
    // what matters, so they are deduplicated but not listed in the inbox.
    if entry.kind != Kind::RosterUpdate {
        match records::encode("inbox entry", &entry) {
            Ok(v) => batch.put(Cf::Inbox, id.as_bytes(), &v),
            Err(e) => return Err(refused(e.to_string(), false)),
        }
    }
    batch.put(Cf::Delivered, id.as_bytes(), &digest);
    let committed = if entry.kind == Kind::RosterUpdate {
        inner.store.commit(batch).await.map_err(NodeError::from)
    } else {
        let event = AuditEvent {
            action: AuditAction::Delivered { kind: entry.kind },
            case_id: entry.payload.case_id(),
            version: crate::core::audit::payload_version(&entry.payload),
            message_id: Some(id),
            parties: vec![sender],
        };
        let mut events = vec![event];
        events.extend(applied.relay.as_ref().map(|q| q.event.clone()));
        inner.audit.commit(&inner.store, batch, now, events).await.map(|_| ()).map_err(NodeError::from)
    };
    if let Err(e) = committed {
        warn!(error = %e, "could not store a delivered envelope; no receipt");
        return Err(refused("the receiving node could not store the envelope", true));
    }
    if let Some(then) = applied.after_commit {
        then();
    }
    if let Some(relay) = &applied.relay {
        crate::core::outbox::wake(inner, &relay.recipients);
    }
    Ok(())
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
    inner: &Inner,
    sender: &Party,
    message_id: MessageId,
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
