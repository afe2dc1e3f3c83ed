//! What the node shows and offers of delivery itself: the inbox, the
//! outbox with each recipient's state, retrying what was set aside,
//! receipts as they come, and the raw tools the tests and diagnostics use.

use dief_protocol::{MessageId, Party};

use super::{Delivery, Node, OutboxItem};
use crate::core::error::{NodeError, NodeResult};
use crate::core::outbox;
use crate::core::records::{self, InboxEntry, QueueEntry, ReceiptEntry, SentRecord};
use crate::core::store::Cf;

impl Node {
    pub fn inbox(&self) -> NodeResult<Vec<InboxEntry>> {
        self.core.decode_all(Cf::Inbox, "inbox entry")
    }

    /// Every envelope this node sent, with its delivery state per recipient.
    pub fn outbox(&self) -> NodeResult<Vec<OutboxItem>> {
        let store = &self.core.inner.store;
        let mut out = Vec::new();
        for (_, v) in store.scan_prefix(Cf::Outbox, b"e/")? {
            let sent: SentRecord = records::decode("sent record", &v)?;
            let mut recipients = Vec::with_capacity(sent.recipients.len());
            for party in &sent.recipients {
                let state = if let Some(r) = store.get(Cf::Receipts, &records::receipt_key(&sent.message_id, *party))? {
                    let r: ReceiptEntry = records::decode("receipt", &r)?;
                    Delivery::Delivered { receipted_at: r.received_at, duplicate: r.duplicate }
                } else if let Some(q) = store.get(Cf::Outbox, &records::queue_key(*party, &sent.message_id))? {
                    let q: QueueEntry = records::decode("queue entry", &q)?;
                    match q.set_aside {
                        Some(reason) => Delivery::SetAside { reason, attempts: q.attempts },
                        None => Delivery::Pending { attempts: q.attempts, last_error: q.last_error },
                    }
                } else {
                    Delivery::Pending { attempts: 0, last_error: None }
                };
                recipients.push((*party, state));
            }
            out.push(OutboxItem {
                message_id: sent.message_id,
                kind: sent.kind,
                case_id: sent.case_id,
                created_at: sent.created_at,
                recipients,
            });
        }
        Ok(out)
    }

    /// Puts envelopes that were set aside back in the queue.
    pub async fn retry(&self, id: &MessageId) -> NodeResult<usize> {
        let sent: SentRecord = records::decode(
            "sent record",
            &self
                .core
                .inner
                .store
                .get(Cf::Outbox, &records::sent_key(id))?
                .ok_or_else(|| NodeError::NotFound { what: "sent message", id: id.to_string() })?,
        )?;
        let mut batch = self.core.inner.store.batch();
        let mut parties = Vec::new();
        for party in sent.recipients {
            let key = records::queue_key(party, id);
            if let Some(v) = self.core.inner.store.get(Cf::Outbox, &key)? {
                let mut q: QueueEntry = records::decode("queue entry", &v)?;
                if q.set_aside.take().is_some() {
                    q.failures = 0;
                    batch.put(Cf::Outbox, &key, &records::encode("queue entry", &q)?);
                    parties.push(party);
                }
            }
        }
        self.core.inner.store.commit(batch).await?;
        for p in &parties {
            outbox::ensure_worker(&self.core.inner, *p);
            self.core.inner.wakers.reachable(*p);
        }
        Ok(parties.len())
    }

    /// Receipts as they are recorded: (message, recipient). A slow
    /// subscriber misses some (the channel is bounded) and is told so.
    pub fn subscribe_receipts(&self) -> tokio::sync::broadcast::Receiver<(MessageId, Party)> {
        self.core.inner.receipts_tx.subscribe()
    }

    /// The exact envelope this node sent as `id`.
    pub fn sent_envelope(&self, id: &MessageId) -> NodeResult<dief_protocol::Envelope> {
        let v = self
            .core
            .inner
            .store
            .get(Cf::Outbox, &records::sent_key(id))?
            .ok_or_else(|| NodeError::NotFound { what: "sent message", id: id.to_string() })?;
        let sent: SentRecord = records::decode("sent record", &v)?;
        Ok(dief_protocol::Envelope::from_bytes(&sent.envelope)?)
    }

    /// Tries to verify and open `envelope` with this node's keys, as the
    /// inbox would; shows what a node can and cannot read.
    pub fn try_open(&self, envelope: &dief_protocol::Envelope) -> NodeResult<dief_protocol::Opened> {
        let roster = self.core.inner.roster().ok_or(NodeError::NoRoster)?;
        let keys = self.core.inner.keys();
        let verified = envelope.verify(&roster.roster, self.core.inner.party, self.core.inner.clock.now_ms())?;
        Ok(envelope.open_verified_with(verified, &roster.roster, &keys.encryption_keys())?)
    }

    /// Sends encoded envelope bytes to `to` as they are, outside the outbox,
    /// and returns the answer. For diagnostics and the tests' replay and
    /// tampering checks: the receiver treats it like any delivery.
    pub async fn send_raw(&self, to: Party, bytes: Vec<u8>) -> NodeResult<dief_protocol::Response> {
        let peer =
            self.core.inner.peer_of(to).ok_or(NodeError::NotFound { what: "roster member", id: to.to_string() })?;
        let answer = self.core.inner.net().request(&peer, bytes).await?;
        Ok(dief_protocol::Response::from_bytes(&answer)?)
    }

    /// Counts of the outbox, for tests and benchmarks.
    pub fn outbox_pending(&self) -> NodeResult<usize> {
        Ok(self.core.inner.store.count(Cf::Outbox, b"q/")?)
    }

    /// Flushes the store's memtables to files (tests that scan raw files).
    pub fn flush_store(&self) -> NodeResult<()> {
        Ok(self.core.inner.store.flush()?)
    }
}

#[cfg(feature = "test-support")]
impl Node {
    /// Tests only: seals and queues `payload` without this node's workflow
    /// checks, so a test can show that the *receiving* node refuses it.
    /// The protocol's own checks (validation, no case content for the
    /// Secretariat) still apply.
    pub async fn send_unchecked(&self, to: Vec<Party>, payload: dief_protocol::Payload) -> NodeResult<MessageId> {
        payload.validate()?;
        let case_id = payload.case_id();
        self.core.enqueue(to, Vec::new(), payload, case_id).await
    }

    /// Tests only: seals `payload` to `to` without queueing it, so a test
    /// can deliver the very same envelope itself (several times at once).
    pub fn seal_only(&self, to: Vec<Party>, payload: dief_protocol::Payload) -> NodeResult<dief_protocol::Envelope> {
        let now = self.core.inner.clock.now_ms();
        let message_id = MessageId::generate_for(self.party(), u64::try_from(now).unwrap_or(0))
            .map_err(|e| NodeError::Internal(format!("no new message id: {e}")))?;
        self.seal_as(message_id, to, payload)
    }

    /// Tests only: [`Node::seal_only`] under a message id the test chooses,
    /// as a hostile node would reuse another's (sealed even when the id is
    /// not bound to this node, which only the receiver checks).
    pub fn seal_as(
        &self,
        message_id: MessageId,
        to: Vec<Party>,
        payload: dief_protocol::Payload,
    ) -> NodeResult<dief_protocol::Envelope> {
        let inner = &self.core.inner;
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let now = inner.clock.now_ms();
        let draft = dief_protocol::envelope::Draft {
            message_id,
            recipients: to,
            references: Vec::new(),
            created_at: now,
            payload,
        };
        // A hostile node seals whatever id it likes: the receiver's checks
        // are what is tested, so the sealing side does not bind it.
        let options =
            dief_protocol::envelope::SealOptions { newest: inner.newest_wire_version(), require_bound_id: false };
        let keys = inner.keys();
        Ok(dief_protocol::envelope::seal_with(&inner.sender(&keys), &roster.roster, draft, options)?)
    }

    /// Tests only: makes this node read and write wire versions only up to
    /// `newest`, as a node of an earlier release does, so a test can run a
    /// federation in the middle of an upgrade.
    pub fn emulate_wire_release(&self, newest: u16) {
        self.core.inner.newest_wire.store(newest, std::sync::atomic::Ordering::Relaxed);
    }

    /// Tests only: shortens the outbox's retry schedule (base and cap of
    /// its exponential backoff), so that a test sees in seconds the many
    /// retries that take minutes in production.
    pub fn set_outbox_backoff(&self, base: std::time::Duration, cap: std::time::Duration) {
        self.core.inner.outbox_backoff.set(base, cap);
    }

    /// Tests only: sets the free space this node keeps on its store's disk
    /// (`min_free_disk_mb`), so a test can make the disk count as full
    /// (a reserve above the free space) and free it again.
    pub fn set_disk_reserve(&self, bytes: u64) {
        self.core.inner.store.set_reserve(bytes);
    }

    /// Tests only: every envelope delivered to this node, as received.
    pub fn received_wire(&self) -> Vec<Vec<u8>> {
        self.core.inner.wiretap.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}
