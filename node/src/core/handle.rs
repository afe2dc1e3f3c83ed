//! [`Core`]: the narrow handle through which the Forum's services use the
//! delivery core. A service reads its own records from the store, seals
//! and queues envelopes (with its own records in the same atomic batch),
//! commits batches with their audit entries, and reads the roster and the
//! clock. It cannot reach the network, the inbox, the outbox's workers or
//! the node's private encryption key: it can only ask the core to seal a
//! free text to the member States or to open one sealed to this node.

use std::sync::Arc;

use dief_protocol::envelope::{self, Draft};
use dief_protocol::keys::IdentityKeypair;
use dief_protocol::reason::Reason;
use dief_protocol::sealed::{MemberText, SealedError, SealedText, TextContext};
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

    /// Tells the fetcher of streamed attachments that a file is wanted
    /// (after the batch that wants it is durable).
    pub fn wake_fetcher(&self) {
        self.inner.fetch_wake.notify_one();
    }

    /// A service's in-memory state of type `T` on this node (a cache of
    /// its records, say), made with `T::default()` on first use.
    pub fn extension<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        self.inner.extensions.get::<T>()
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

    /// A new message id bound to this node, for a message whose payload
    /// must name its own id before it is sealed (a text sealed to the
    /// members is bound to the message it travels in); send it with
    /// [`Core::enqueue_with_id`].
    pub fn next_message_id(&self, now: i64) -> NodeResult<MessageId> {
        MessageId::generate_for(self.party(), u64::try_from(now).unwrap_or(0))
            .map_err(|e| NodeError::Internal(format!("no new message id: {e}")))
    }

    /// Seals `text` to every member State on the roster (with this node's
    /// pins), never to the Secretariat (issue 11 item 4), with this node's
    /// encryption key, which the service never holds.
    pub fn seal_for_members(&self, text: &str, ctx: &TextContext<'_>) -> NodeResult<MemberText> {
        let roster = self.roster().ok_or(NodeError::NoRoster)?;
        let keys = self.inner.keys();
        SealedText::seal_to_members(text, ctx, &keys.encryption, &roster.roster).map(MemberText::Sealed).map_err(|e| {
            match e {
                // Too long a text, or no member State to seal to, is what
                // was asked, not a failure of this node.
                SealedError::TooLong { len, limit, .. } => NodeError::Refused(
                    Reason::new("refusal-sealed-too-long")
                        .text("field", ctx.field)
                        .number("len", len)
                        .number("limit", limit),
                ),
                SealedError::NoRecipients => {
                    NodeError::Refused(Reason::new("refusal-sealed-no-members").text("field", ctx.field))
                }
                other => NodeError::Internal(format!("sealing the {}: {other}", ctx.field)),
            }
        })
    }

    /// `text` as this node can show it: in clear if it was, or if it was
    /// sealed to this node and opens under the sender's key on the roster
    /// and a key this node holds (current or retired); otherwise sealed as
    /// it came (always, on the Secretariat, which is never a recipient).
    ///
    /// What [`Core::keep_opened`] kept when the text arrived is used first:
    /// opening it again later may fail once keys have changed.
    pub fn open_for_view(&self, text: &MemberText, ctx: &TextContext<'_>) -> MemberText {
        let MemberText::Sealed(sealed) = text else { return text.clone() };
        if let Some(kept) = self.kept_text(ctx, sealed) {
            return MemberText::Clear(kept);
        }
        let (Some(me), Some(roster)) = (self.party().state(), self.roster()) else { return text.clone() };
        let Some(sender) = roster.roster.node(ctx.sender) else { return text.clone() };
        let keys = self.inner.keys();
        match sealed.open(ctx, me, &sender.encryption_key, &keys.encryption_keys()) {
            Ok(plain) => MemberText::Clear(plain),
            Err(e) => {
                debug!(field = ctx.field, message = %ctx.message, error = %e, "a sealed text does not open here");
                text.clone()
            }
        }
    }

    /// Opens `text` if it is sealed to this node and keeps its clear text
    /// in `batch` (the store seals it like every value), so that it stays
    /// readable for good: after the sender rotates its keys the roster no
    /// longer names the key it was sealed with, and this node's own retired
    /// key is destroyed after the grace period. Called where a sealed text
    /// arrives or is sent; a text that does not open here is left as it is.
    pub fn keep_opened(&self, batch: &mut Batch, text: &MemberText, ctx: &TextContext<'_>) {
        let MemberText::Sealed(sealed) = text else { return };
        let MemberText::Clear(plain) = self.open_for_view(text, ctx) else { return };
        match records::opened_text_key(ctx, sealed) {
            Ok(key) => batch.put(Cf::Exchanges, &key, plain.as_bytes()),
            Err(e) => debug!(field = ctx.field, error = %e, "an opened text could not be kept"),
        }
    }

    fn kept_text(&self, ctx: &TextContext<'_>, sealed: &SealedText) -> Option<String> {
        let key = records::opened_text_key(ctx, sealed).ok()?;
        let bytes = self.inner.store.get(Cf::Exchanges, &key).ok()??;
        String::from_utf8(bytes).ok()
    }

    /// Wakes on every change of the roster this node holds (and of its own
    /// keys, which change with it), for a service's background task.
    pub fn roster_changes(&self) -> tokio::sync::watch::Receiver<Option<Arc<RosterState>>> {
        self.inner.roster_tx.subscribe()
    }

    /// Every value of a column family, decoded.
    pub fn decode_all<T: serde::de::DeserializeOwned>(&self, cf: Cf, what: &'static str) -> NodeResult<Vec<T>> {
        decode_all(&self.inner.store, cf, what)
    }

    /// Commits `batch` with `events` appended to the audit log in the same
    /// synced write.
    ///
    /// New work: refused with [`StoreError::DiskFull`] once the store's disk
    /// is below its reserve (see [`Store::check_room`]).
    ///
    /// [`StoreError::DiskFull`]: crate::core::store::StoreError::DiskFull
    pub async fn commit(&self, batch: Batch, now: i64, events: Vec<AuditEvent>) -> NodeResult<()> {
        self.inner.store.check_room()?;
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
        let id = self.next_message_id(self.now_ms())?;
        self.enqueue_with_id(id, recipients, references, payload, case_id, extra).await
    }

    /// [`Core::enqueue_with`] under `message_id`, from
    /// [`Core::next_message_id`].
    pub async fn enqueue_with_id(
        &self,
        message_id: MessageId,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
        extra: impl FnOnce(MessageId, &mut Batch) -> NodeResult<()>,
    ) -> NodeResult<MessageId> {
        // New work, refused on a full disk like `commit`.
        self.inner.store.check_room()?;
        let roster = self.roster().ok_or(NodeError::NoRoster)?;
        let now = self.now_ms();
        let mut batch = self.store().batch();
        let draft = Draft { message_id, recipients, references, created_at: now, payload };
        let queued = self.queue_draft(&roster.roster, &mut batch, draft, case_id)?;
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
        let message_id = self.next_message_id(now)?;
        let draft = Draft { message_id, recipients, references, created_at: now, payload };
        self.queue_draft(roster, batch, draft, case_id)
    }

    /// [`Core::queue_into`] of a draft whose id is already chosen.
    fn queue_draft(
        &self,
        roster: &Roster,
        batch: &mut Batch,
        draft: Draft,
        case_id: Option<CaseId>,
    ) -> NodeResult<Queued> {
        let Draft { message_id, recipients, references, created_at: now, payload } = draft;
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
