//! The inbox: what happens to an envelope another node delivers.
//!
//! Verify (signature under the sender's current roster key, addressed to
//! us, not stale, never case content for the Secretariat), deduplicate by
//! message id, hand the payload to the service registered for its kind
//! (`Service::apply`: who may send what, checked against this node's
//! records; roster updates are the core's own), write everything and an
//! audit entry in one synced batch (group commit), and only then sign a
//! receipt (DESIGN invariant 4).
//! A refusal carries its reason and whether a retry could succeed; each is
//! logged once, here ([`refusal`]), with its reason and a fixed category
//! that the metrics count.
//!
//! [`refusal`]: self::refusal

use std::sync::Arc;

use dief_protocol::envelope::{EnvelopeError, Opened};
use dief_protocol::{Envelope, Kind, MessageId, Party, Payload, Receipt, Response};
use tracing::{debug, info, warn, Instrument};

use crate::core::audit::{AuditAction, AuditEvent};
use crate::core::error::NodeError;
use crate::core::handle::Core;
use crate::core::metrics::RefusalCategory;
use crate::core::records::{self, InboxEntry};
use crate::core::service::{Applied, Arrival, Refusal, Services};
use crate::core::state::Inner;
use crate::core::store::{Batch, Cf, StoreError};

/// Refuses an arriving envelope: counts it, logs it once with its reason
/// (a warning; info when the sender should simply retry) and builds the
/// answer. `local` is this node's own failure behind it, logged, not sent.
fn refusal(
    inner: &Inner,
    kind: Option<Kind>,
    category: RefusalCategory,
    reason: String,
    retryable: bool,
    local: Option<&str>,
) -> Response {
    inner.metrics.refused(kind, category);
    let kind_label = kind.map_or("unknown", Kind::as_str);
    let category = category.as_str();
    match (retryable, local) {
        (_, Some(error)) => warn!(kind = kind_label, category, %reason, error, "envelope not taken: node failure"),
        (true, None) => info!(kind = kind_label, category, %reason, "envelope not taken yet"),
        (false, None) => warn!(kind = kind_label, category, %reason, "refused envelope"),
    }
    Response::Refused { reason, retryable }
}

/// Which fixed category an envelope check's failure falls in.
fn envelope_category(e: &EnvelopeError) -> RefusalCategory {
    match e {
        EnvelopeError::BadSignature { .. } | EnvelopeError::SenderKeysNotOnRoster(_) => RefusalCategory::Signature,
        EnvelopeError::StaleKey { .. } | EnvelopeError::StaleRoster { .. } | EnvelopeError::RosterBehind { .. } => {
            RefusalCategory::Stale
        }
        EnvelopeError::UnsupportedVersion { .. } | EnvelopeError::BadHeader { .. } => RefusalCategory::Version,
        EnvelopeError::SplitRoster { .. } => RefusalCategory::SplitRoster,
        EnvelopeError::Codec(_) => RefusalCategory::Malformed,
        _ => RefusalCategory::Envelope,
    }
}

/// The answer to a request the network refused for a budget: retryable,
/// so the sender backs off and sends it again.
pub(in crate::core) fn busy_answer(reason: String) -> Vec<u8> {
    Response::Refused { reason, retryable: true }.to_bytes().unwrap_or_default()
}

/// Handles one delivered envelope and returns the encoded answer.
pub(in crate::core) async fn handle(core: &Core, services: &Arc<Services>, peer: &str, bytes: Vec<u8>) -> Vec<u8> {
    let inner = &core.inner;
    #[cfg(feature = "test-support")]
    {
        let mut tap = inner.wiretap.lock().unwrap_or_else(|p| p.into_inner());
        if tap.len() < crate::core::state::WIRETAP_LIMIT {
            tap.push(bytes.clone());
        }
    }
    inner.metrics.inbound_bytes(bytes.len());
    let span = tracing::info_span!(
        "inbox",
        node = %inner.party,
        %peer,
        message_id = tracing::field::Empty,
        sender = tracing::field::Empty
    );
    let response = process(core, services, peer, bytes).instrument(span).await;
    response.to_bytes().unwrap_or_else(|e| {
        warn!(error = %e, "could not encode a response");
        Vec::new()
    })
}

async fn process(core: &Core, services: &Arc<Services>, peer: &str, bytes: Vec<u8>) -> Response {
    let inner = &core.inner;
    let now = inner.clock.now_ms();
    // Signature checks, decryption and the store reads of the services run
    // on the blocking pool: a flood of large envelopes must not stall the
    // async workers that serve every other peer and the API.
    let (c, s, p, span) = (core.clone(), services.clone(), peer.to_string(), tracing::Span::current());
    let checked = tokio::task::spawn_blocking(move || span.in_scope(|| check_and_apply(&c, &s, &p, &bytes, now))).await;
    let ready = match checked {
        Ok(Ok(ready)) => ready,
        Ok(Err(r)) => return r,
        Err(e) => {
            let reason = "the receiving node failed while checking the envelope: retry".to_string();
            return refusal(inner, None, RefusalCategory::Store, reason, true, Some(&e.to_string()));
        }
    };
    let (opened, applied, batch, _storing) = match ready {
        Ready::Apply { opened, applied, batch, storing } => (*opened, applied, batch, storing),
        Ready::Duplicate { sender, id, digest, kind } => {
            inner.metrics.delivered(kind, true);
            return receipt(inner, &sender, id, digest, now, true);
        }
    };
    let (id, sender, digest, kind) =
        (opened.header.message_id, opened.header.sender, opened.digest, opened.header.kind);
    if let Err(r) = store(inner, opened, digest, applied, batch, now).await {
        return r;
    }
    inner.metrics.delivered(kind, false);
    info!(%kind, "envelope delivered");
    receipt(inner, &sender, id, digest, now, false)
}

/// What the envelope checks found.
enum Checked {
    /// New: open it, and hold the guard until it is stored or refused.
    Open(Box<Opened>, Storing),
    /// The same envelope was delivered before: receipt it again.
    Duplicate { sender: Party, id: MessageId, digest: [u8; 32], kind: Kind },
}

/// What is left to do on the async side once the checks passed. One per
/// delivery, moved once: its size does not matter.
#[allow(clippy::large_enum_variant)]
enum Ready {
    /// Commit `batch` (what the service applied) and receipt.
    Apply { opened: Box<Opened>, applied: Applied, batch: Batch, storing: Storing },
    /// Receipt again.
    Duplicate { sender: Party, id: MessageId, digest: [u8; 32], kind: Kind },
}

/// The blocking part of a delivery: decode, verify, deduplicate, open, and
/// let the service apply it to a batch.
fn check_and_apply(
    core: &Core,
    services: &Arc<Services>,
    peer: &str,
    bytes: &[u8],
    now: i64,
) -> Result<Ready, Response> {
    let inner = &core.inner;
    let (opened, storing) = match verify_and_open(inner, peer, bytes, now)? {
        Checked::Open(opened, storing) => (opened, storing),
        Checked::Duplicate { sender, id, digest, kind } => return Ok(Ready::Duplicate { sender, id, digest, kind }),
    };
    // A new envelope is new work: on a full disk the sender keeps it and
    // tries again later (a retryable refusal never sets it aside), while a
    // duplicate above is still receipted, as that stores nothing.
    if let Err(e) = inner.store.check_room() {
        let reason = "the receiving node's disk is full: retry later".to_string();
        let kind = Some(opened.header.kind);
        return Err(refusal(inner, kind, RefusalCategory::Store, reason, true, Some(&e.to_string())));
    }
    let mut batch = inner.store.batch();
    let arrival = Arrival {
        sender: opened.header.sender,
        message_id: opened.header.message_id,
        recipients: &opened.header.recipients,
        payload: &opened.payload,
        now,
    };
    let kind = opened.header.kind;
    match dispatch(core, services, &arrival, &mut batch) {
        Ok(applied) => Ok(Ready::Apply { opened, applied, batch, storing }),
        Err(Refused(category, r)) => {
            Err(refusal(inner, Some(kind), category, r.reason, r.retryable, r.local.as_deref()))
        }
    }
}

/// A message id the inbox is storing. Deduplication reads what is durable,
/// so without it two deliveries of one envelope arriving together (a retry
/// after a timeout, or a relay) would both pass the check and both be
/// applied. The second is told to retry, and then finds the first stored.
struct Storing {
    inner: Arc<Inner>,
    id: MessageId,
}

impl Storing {
    fn claim(inner: &Arc<Inner>, id: MessageId) -> Option<Self> {
        let claimed = inner.in_flight.lock().unwrap_or_else(|p| p.into_inner()).insert(id);
        // Built only once the lock is released: dropping a guard takes it.
        claimed.then(|| Storing { inner: inner.clone(), id })
    }
}

impl Drop for Storing {
    fn drop(&mut self) {
        self.inner.in_flight.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

/// Decodes, verifies and deduplicates, then opens: every check that needs
/// no service. The refusal is the answer to send.
fn verify_and_open(inner: &Arc<Inner>, peer: &str, bytes: &[u8], now: i64) -> Result<Checked, Response> {
    let envelope = match Envelope::from_bytes(bytes) {
        Ok(e) => e,
        Err(e) => return Err(refusal(inner, None, RefusalCategory::Malformed, e.to_string(), false, None)),
    };
    let Some(roster) = inner.roster() else {
        return Err(refusal(inner, None, RefusalCategory::NoRoster, "this node has no roster yet".into(), true, None));
    };
    // The network gate admits members only; check again here, since the
    // roster may have changed since the connection was made.
    if roster.roster.party_of_peer(peer).is_none() {
        let reason = "the delivering peer is not on the roster".to_string();
        return Err(refusal(inner, None, RefusalCategory::NotMember, reason, false, None));
    }
    // Verify before anything else, so a forged id cannot probe dedup state.
    let refuse = |kind: Option<Kind>, e: EnvelopeError| {
        refusal(inner, kind, envelope_category(&e), e.to_string(), e.is_retryable(), None)
    };
    let verified =
        envelope.verify_reading(&roster.roster, inner.party, now, inner.newest_wire_version()).map_err(|e| {
            if let (EnvelopeError::SplitRoster { sequence, sealed, held }, Some(from)) =
                (&e, roster.roster.party_of_peer(peer))
            {
                let kind = crate::core::alerts::AlertKind::SplitView {
                    sequence: *sequence,
                    held_digest: held.clone(),
                    other_digest: sealed.clone(),
                    seen_from: from,
                };
                if let Err(err) = crate::core::alerts::raise(&inner.store, kind, now) {
                    warn!(error = %err, "could not record a split roster view");
                }
                // Show the sender the roster held here: it finds out too.
                inner.push_roster_to(from);
            }
            refuse(None, e)
        })?;
    let id = verified.header().message_id;
    let sender = verified.header().sender;
    let kind = verified.header().kind;
    let digest = verified.digest();
    let span = tracing::Span::current();
    span.record("message_id", tracing::field::display(id));
    span.record("sender", tracing::field::display(sender));
    let Some(storing) = Storing::claim(inner, id) else {
        let reason = format!("message {id} is being stored from another delivery: retry");
        return Err(refusal(inner, Some(kind), RefusalCategory::NotYet, reason, true, None));
    };
    match inner.store.get(Cf::Delivered, id.as_bytes()) {
        Ok(Some(held)) => {
            return match held_from(inner, &id, &held) {
                // The same envelope again, or the sender's own new sealing
                // of a message it sent (after a key rotation): receipted,
                // never applied twice.
                Ok(by) if held.get(..32) == Some(digest.as_slice()) || by == Some(sender) => {
                    debug!("duplicate delivery, receipting again");
                    Ok(Checked::Duplicate { sender, id, digest, kind })
                }
                Ok(by) => {
                    let by = by.map_or_else(|| "another sender".to_string(), |p| p.to_string());
                    let reason = format!("message id {id} is already held from {by}");
                    Err(refusal(inner, Some(kind), RefusalCategory::ReusedId, reason, false, None))
                }
                Err(e) => Err(unreadable_store(inner, kind, &e)),
            };
        }
        Ok(None) => {}
        Err(e) => return Err(unreadable_store(inner, kind, &e)),
    }
    // Ids are ULIDs with 80 random bits: one equal to an id this node chose
    // for its own message is never chance. Services keep what they send and
    // what they receive under the message id, so taking it would let a
    // reply overwrite the very notice, challenge or invitation it answers.
    match inner.store.get(Cf::Outbox, &records::sent_key(&id)) {
        Ok(None) => {}
        Ok(Some(_)) => {
            let reason = format!("message id {id} is one {} used for its own message", inner.party);
            return Err(refusal(inner, Some(kind), RefusalCategory::ReusedId, reason, false, None));
        }
        Err(e) => return Err(unreadable_store(inner, kind, &e)),
    }
    envelope
        .open_verified_with(verified, &roster.roster, &inner.keys().encryption_keys())
        .map(|o| Checked::Open(Box::new(o), storing))
        .map_err(|e| refuse(Some(kind), e))
}

/// Who sent the message this node holds under `id`: the dedupe record names
/// it (after the digest); records written before it did are looked up in
/// the inbox. None when neither says.
fn held_from(inner: &Inner, id: &MessageId, held: &[u8]) -> Result<Option<Party>, StoreError> {
    if let Some(by) = held.get(32..).filter(|b| !b.is_empty()) {
        return Ok(std::str::from_utf8(by).ok().and_then(|s| s.parse().ok()));
    }
    Ok(inner
        .store
        .get(Cf::Inbox, id.as_bytes())?
        .and_then(|v| records::decode::<InboxEntry>("inbox entry", &v).ok())
        .map(|e| e.sender))
}

/// This node could not read its store while checking an envelope: the
/// sender retries; the detail stays in this node's log.
fn unreadable_store(inner: &Inner, kind: Kind, e: &StoreError) -> Response {
    let reason = "the receiving node could not read its store".to_string();
    refusal(inner, Some(kind), RefusalCategory::Store, reason, true, Some(&e.to_string()))
}

/// A service's refusal with the category the metrics count it under.
struct Refused(RefusalCategory, Refusal);

/// Hands the payload to the service registered for its kind. Roster
/// updates are the core's own: a newer roster is imported, any other is
/// receipted and ignored; so are resend requests (`resend.rs`).
fn dispatch(
    core: &Core,
    services: &Arc<Services>,
    arrival: &Arrival<'_>,
    batch: &mut Batch,
) -> Result<Applied, Refused> {
    if let Payload::RosterUpdate(signed) = arrival.payload {
        if let Err(e) = core.inner.import_roster(signed, Some(arrival.sender)) {
            debug!(error = %e, "relayed roster not taken");
        }
        return Ok(Applied::default());
    }
    if let Payload::ResendRequest(request) = arrival.payload {
        // The core's own too: a restored member asks for what it lost.
        let requester = arrival.sender;
        return match crate::core::resend::requeue(&core.inner, requester, request, arrival.now, batch) {
            Ok(0) => Ok(Applied::default()),
            Ok(_) => {
                let inner = core.inner.clone();
                let wake = move || crate::core::outbox::wake(&inner, &[requester]);
                Ok(Applied { relay: None, after_commit: Some(Box::new(wake)) })
            }
            Err(e) => Err(Refused(RefusalCategory::Store, Refusal::store_failed(e))),
        };
    }
    if let Payload::KeyRotation(rotation) = arrival.payload {
        return key_rotation(core, arrival.sender, rotation);
    }
    let kind = arrival.payload.kind();
    match services.for_kind(kind) {
        Some(service) => service.apply(core, arrival, batch).map_err(|r| {
            let category = match (&r.local, r.retryable) {
                (Some(_), _) => RefusalCategory::Store,
                (None, true) => RefusalCategory::NotYet,
                (None, false) => RefusalCategory::Rejected,
            };
            Refused(category, r)
        }),
        None => Err(Refused(
            RefusalCategory::NotHandled,
            Refusal::permanent(format!("{kind} messages are not handled by this node's version")),
        )),
    }
}

/// A party's key rotation reaches the Secretariat, which applies it to the
/// roster once the envelope is stored (signed and published at once when
/// it holds the roster key, added to the draft otherwise). Only the
/// Secretariat takes them, and only from the party rotating.
fn key_rotation(
    core: &Core,
    sender: Party,
    signed: &dief_protocol::roster::SignedKeyRotation,
) -> Result<Applied, Refused> {
    let refuse = |reason: String| Err(Refused(RefusalCategory::Rejected, Refusal::permanent(reason)));
    if !core.inner.party.is_secretariat() {
        return refuse("only the Secretariat takes key rotations".into());
    }
    match signed.verify() {
        Ok(r) if r.party == sender => {}
        Ok(r) => return refuse(format!("{sender} cannot rotate the keys of {}", r.party)),
        Err(e) => return refuse(e.to_string()),
    }
    let (queue, signed) = (core.inner.rotations.clone(), signed.clone());
    let apply = move || {
        // Full only if 64 rotations wait at once; the member's node sends
        // the same statement again when `dief keys rotate` is repeated.
        if queue.try_send((sender, signed)).is_err() {
            warn!(%sender, "key rotation not queued: too many waiting; the member must send it again");
        }
    };
    Ok(Applied { relay: None, after_commit: Some(Box::new(apply)) })
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
    // what matters, so they are not listed in the inbox (nor deduplicated,
    // below). Nor are resend requests: the audit log records them.
    if !matches!(entry.kind, Kind::RosterUpdate | Kind::ResendRequest) {
        match records::encode("inbox entry", &entry) {
            Ok(v) => batch.put(Cf::Inbox, id.as_bytes(), &v),
            Err(e) => {
                let reason = "the receiving node could not encode the envelope".to_string();
                return Err(refusal(
                    inner,
                    Some(entry.kind),
                    RefusalCategory::Store,
                    reason,
                    false,
                    Some(&e.to_string()),
                ));
            }
        }
    }
    // The sender after the digest: a second sealing of the same message by
    // its sender is then known for a duplicate (see `held_from`).
    // Not for roster updates (issue 11): they always travel in version 1,
    // whose ids are not bound to their sender, so recording one would let
    // any co-recipient take the id of an envelope it saw and have the real
    // one refused for good. Importing a roster is idempotent, so a roster
    // update delivered twice needs no dedupe record.
    if entry.kind != Kind::RosterUpdate {
        let mut delivered = digest.to_vec();
        delivered.extend_from_slice(sender.to_string().as_bytes());
        batch.put(Cf::Delivered, id.as_bytes(), &delivered);
    }
    let committed = if entry.kind == Kind::RosterUpdate {
        inner.store.commit(batch).await.map_err(NodeError::from)
    } else {
        let event = AuditEvent {
            action: AuditAction::Delivered { kind: entry.kind },
            case_id: entry.payload.case_id(),
            version: crate::core::audit::payload_version(&entry.payload),
            message_id: Some(id),
            parties: vec![sender],
            user: None,
        };
        let mut events = vec![event];
        events.extend(applied.relay.as_ref().map(|q| q.event.clone()));
        inner.audit.commit(&inner.store, batch, now, events).await.map(|_| ()).map_err(NodeError::from)
    };
    if let Err(e) = committed {
        let reason = "the receiving node could not store the envelope".to_string();
        return Err(refusal(inner, Some(entry.kind), RefusalCategory::Store, reason, true, Some(&e.to_string())));
    }
    if let Some(then) = applied.after_commit {
        then();
    }
    if let Some(relay) = &applied.relay {
        crate::core::outbox::wake(inner, &relay.recipients);
    }
    Ok(())
}

fn receipt(
    inner: &Inner,
    sender: &Party,
    message_id: MessageId,
    envelope_digest: [u8; 32],
    now: i64,
    duplicate: bool,
) -> Response {
    let r = Receipt {
        message_id,
        envelope_digest,
        recipient: inner.party,
        sender: *sender,
        received_at: now,
        duplicate,
        roster: inner.roster_mark(),
    };
    match r.sign(&inner.keys().identity) {
        Ok(s) => Response::Receipt(s),
        Err(e) => {
            warn!(error = %e, "could not sign a receipt");
            Response::Refused { reason: format!("could not sign a receipt: {e}"), retryable: true }
        }
    }
}
