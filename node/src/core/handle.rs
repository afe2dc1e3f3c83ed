//! [`Core`]: the narrow handle through which the Forum's services use the
//! delivery core. A service reads its own records from the store, seals
//! and queues envelopes (with its own records in the same atomic batch),
//! commits batches with their audit entries, and reads the roster and the
//! clock. It cannot reach the network, the inbox, the outbox's workers or
//! the node's private encryption key.

use std::sync::Arc;

use dief_protocol::envelope::{self, Draft};
use dief_protocol::keys::IdentityKeypair;
use dief_protocol::{CaseId, Kind, MessageId, Party, Payload, Roster};
use tracing::{debug, Instrument};

use crate::core::audit::{self, AuditEvent};
use crate::core::clock::Clock;
use crate::core::config::NodeConfig;
use crate::core::error::{NodeError, NodeResult};
use crate::core::outbox;
use crate::core::records::{self, QueueEntry, SentRecord};
use crate::core::state::Inner;
pub use crate::core::state::RosterState;
use crate::core::store::{Batch, Cf, Store};

/// An envelope sealed and added to a batch by [`Core::queue_into`].
#[derive(Debug)]
pub struct Queued {
    pub message_id: MessageId,
    pub kind: Kind,
    pub event: AuditEvent,
    pub recipients: Vec<Party>,
}

/// What a service may use of the core. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Core {
    pub(in crate::core) inner: Arc<Inner>,
}

impl Core {
    pub fn party(&self) -> Party {
        self.inner.party
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    pub fn config(&self) -> &NodeConfig {
        &self.inner.config
    }

    /// The store, to read a service's records and to build batches. Writes
    /// go through [`Core::commit`] or [`Core::enqueue_with`], so that each
    /// has its audit entry.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Signs with this node's identity key, for what a State signs itself
    /// (a contact card, an expert's acknowledgement). A closure, not the
    /// key: a rotation may replace it, and a service keeps none.
    pub fn with_identity<R>(&self, sign: impl FnOnce(&IdentityKeypair) -> R) -> R {
        sign(&self.inner.keys().identity)
    }

    pub fn roster(&self) -> Option<Arc<RosterState>> {
        self.inner.roster()
    }

    /// Every value of a column family, decoded.
    pub fn decode_all<T: serde::de::DeserializeOwned>(&self, cf: Cf, what: &'static str) -> NodeResult<Vec<T>> {
        decode_all(&self.inner.store, cf, what)
    }

    /// Commits `batch` with `events` appended to the audit log in the same
    /// synced write.
    pub async fn commit(&self, batch: Batch, now: i64, events: Vec<AuditEvent>) -> NodeResult<()> {
        self.inner.audit.commit(&self.inner.store, batch, now, events).await?;
        Ok(())
    }

    /// Seals `payload` to `recipients`, stores it durably in the outbox and
    /// wakes the recipients' workers.
    pub async fn enqueue(
        &self,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
    ) -> NodeResult<MessageId> {
        self.enqueue_with(recipients, references, payload, case_id, |_, _| Ok(())).await
    }

    /// [`Core::enqueue`], with `extra` adding the sender's own records of
    /// the message (procedure state, who holds a case) to the same atomic
    /// batch: the record exists if and only if the envelope is queued.
    pub async fn enqueue_with(
        &self,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
        extra: impl FnOnce(MessageId, &mut Batch) -> NodeResult<()>,
    ) -> NodeResult<MessageId> {
        let roster = self.roster().ok_or(NodeError::NoRoster)?;
        let now = self.now_ms();
        let mut batch = self.store().batch();
        let queued = self.queue_into(&roster.roster, &mut batch, recipients, references, payload, case_id, now)?;
        let span =
            tracing::info_span!("enqueue", node = %self.party(), message = %queued.message_id, kind = %queued.kind);
        async move {
            extra(queued.message_id, &mut batch)?;
            // The audit entry is written in the same batch: it exists if and
            // only if the envelope is queued.
            self.commit(batch, now, vec![queued.event.clone()]).await?;
            self.wake(&queued.recipients);
            debug!(recipients = queued.recipients.len(), "queued");
            Ok(queued.message_id)
        }
        .instrument(span)
        .await
    }

    /// Seals `payload` to `recipients` and adds the outbox entries to
    /// `batch`. The caller commits `batch` with `Queued::event` as its audit
    /// entry, then calls [`Core::wake`]. Used by [`Core::enqueue_with`] and
    /// by services when a delivered message makes this node send one (the
    /// Secretariat relaying a contact card), so both land in one batch.
    #[allow(clippy::too_many_arguments)]
    pub fn queue_into(
        &self,
        roster: &Roster,
        batch: &mut Batch,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
        now: i64,
    ) -> NodeResult<Queued> {
        let message_id = MessageId::generate_for(self.party(), u64::try_from(now).unwrap_or(0))
            .map_err(|e| NodeError::Invalid(e.to_string()))?;
        let kind = payload.kind();
        let version = audit::payload_version(&payload);
        let keys = self.inner.keys();
        let envelope = envelope::seal_writing(
            &self.inner.sender(&keys),
            roster,
            Draft { message_id, recipients: recipients.clone(), references, created_at: now, payload: payload.clone() },
            self.inner.newest_wire_version(),
        )?;
        let sent = SentRecord {
            message_id,
            kind,
            recipients: recipients.clone(),
            case_id,
            created_at: now,
            digest: envelope.digest().to_vec(),
            envelope: envelope.to_bytes()?,
            payload: Some(payload),
        };
        batch.put(Cf::Outbox, &records::sent_key(&message_id), &records::encode("sent record", &sent)?);
        let queued = records::encode("queue entry", &QueueEntry::default())?;
        for r in &recipients {
            batch.put(Cf::Outbox, &records::queue_key(*r, &message_id), &queued);
        }
        let event = AuditEvent::sent(kind, message_id, case_id, version, recipients.clone());
        Ok(Queued { message_id, kind, event, recipients })
    }

    /// Once a batch from [`Core::queue_into`] is durable: starts and wakes
    /// the recipients' outbox workers.
    pub fn wake(&self, recipients: &[Party]) {
        outbox::wake(&self.inner, recipients);
    }
}

/// Every value of a column family, decoded.
pub fn decode_all<T: serde::de::DeserializeOwned>(store: &Store, cf: Cf, what: &'static str) -> NodeResult<Vec<T>> {
    store.scan_prefix(cf, b"")?.into_iter().map(|(_, v)| records::decode(what, &v).map_err(NodeError::from)).collect()
}
