//! The provider's side of a case: create, edit (a new version goes to every
//! State that holds an earlier one), share with chosen States, withdraw, and
//! the local search over every case the node holds.
//!
//! Sharing rules enforced here:
//! - only the provider shares its case, and only with States it names (ToR-1);
//! - a case marked not for sharing (national security, prejudice to
//!   ongoing proceedings) is never sent, whatever the caller asks (ToR-13);
//! - a withdrawn case is not sent again.

use std::any::Any;
use std::sync::Arc;

use dief_protocol::case::{CaseContent, CaseQuery, NotForSharing, NotForSharingReason};
use dief_protocol::procedure::CaseWithdrawal;
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, CaseRecord, Date, Kind, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};
use tracing::{info, info_span, Instrument};

use crate::core::audit::{case_distribution, AuditAction, AuditError, AuditEvent, DistributionRow};
use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::{decode_all, Core};
use crate::core::node::Node;
use crate::core::service::{Applied, Arrival, Refusal, Service};
use crate::core::store::{Batch, Cf, Store};
use crate::services::records::{self, CaseEntry, HeldBy, Origin, Withdrawn};
use crate::services::search::{CaseIndex, CaseSummary};

pub mod attach;
mod receive;

/// Most results a search returns unless asked for fewer.
pub const DEFAULT_SEARCH_LIMIT: usize = 200;

/// What an edit did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EditReport {
    pub record: CaseRecord,
    /// The States that held an earlier version and are sent this one.
    pub update_sent_to: Vec<StateCode>,
    pub message_id: Option<MessageId>,
    /// Why holders of earlier versions were not sent the update, if so.
    pub not_sent: Option<String>,
}

/// What a withdrawal did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WithdrawReport {
    pub case_id: CaseId,
    pub notified: Vec<StateCode>,
    pub message_id: Option<MessageId>,
}

/// Which State holds which version of an own case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Holder {
    pub state: StateCode,
    #[serde(flatten)]
    pub held: HeldBy,
}

/// The cases service: takes shares, updates and withdrawals from their
/// providers, and keeps the in-memory search index over held cases.
#[derive(Debug)]
pub struct Cases {
    index: Arc<CaseIndex>,
}

impl Cases {
    /// Indexes every case the store holds.
    pub fn load(store: &Store) -> NodeResult<Cases> {
        let held: Vec<CaseEntry> = decode_all(store, Cf::Cases, "case")?;
        Ok(Cases { index: Arc::new(CaseIndex::load(held)) })
    }
}

impl Service for Cases {
    fn name(&self) -> &'static str {
        "cases"
    }

    fn takes(&self, kind: Kind) -> bool {
        matches!(kind, Kind::CaseShare | Kind::CaseUpdate | Kind::CaseWithdrawal)
    }

    fn apply(&self, core: &Core, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal> {
        let case = match arrival.payload {
            Payload::CaseShare { case, provider } | Payload::CaseUpdate { case, provider } => {
                receive::share(core, arrival, case, *provider, batch)?
            }
            Payload::CaseWithdrawal(w) => receive::withdrawal(core, arrival, w, batch)?,
            other => return Err(Refusal::permanent(format!("{} is not a case message", other.kind()))),
        };
        let (index, core) = (self.index.clone(), core.clone());
        let after = move |c: CaseEntry| {
            index.upsert(&c);
            // The case may name streamed attachments this node now wants.
            core.wake_fetcher();
        };
        Ok(Applied { relay: None, after_commit: case.map(|c| Box::new(move || after(c)) as Box<_>) })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Why case `id` may not be shared (ToR-13): its marking's reason, by its
/// code for the catalogs to word, and the provider's note if it wrote one.
fn not_for_sharing(id: &CaseId, nfs: &NotForSharing) -> Reason {
    let why = match nfs.reason {
        NotForSharingReason::NationalSecurity => "national_security",
        NotForSharingReason::OngoingProceedings => "ongoing_proceedings",
    };
    let note = nfs.note.trim();
    if note.is_empty() {
        Reason::new("refusal-case-not-for-sharing").text("case", id).text("why", why)
    } else {
        Reason::new("refusal-case-not-for-sharing-note").text("case", id).text("why", why).text("note", note)
    }
}

fn audit(action: AuditAction, case: &CaseRecord, parties: Vec<Party>, message_id: Option<MessageId>) -> AuditEvent {
    AuditEvent { action, case_id: Some(case.id), version: Some(case.version), message_id, parties, user: None }
}

impl Node {
    /// The search index of the cases service (`services::forum` always
    /// registers it).
    pub(crate) fn index(&self) -> NodeResult<&CaseIndex> {
        match self.service::<Cases>() {
            Some(c) => Ok(&c.index),
            None => Err(NodeError::Internal("this node runs without the cases service".into())),
        }
    }

    /// Which States received which version of `case`, and when they
    /// receipted it (`dief case recipients`).
    pub async fn distribution(&self, case: &CaseId) -> NodeResult<Vec<DistributionRow>> {
        let store = self.core().store().clone();
        let id = *case;
        let rows = tokio::task::spawn_blocking(move || case_distribution(&store, &id))
            .await
            .map_err(|e| AuditError::Interrupted(e.to_string()))??;
        if rows.is_empty() {
            // Distinguish "never shared" from "no such case".
            self.case(case)?;
        }
        Ok(rows)
    }

    fn own_state(&self, action: &'static str) -> NodeResult<StateCode> {
        self.core().party().state().ok_or(NodeError::NotForSecretariat(action))
    }

    /// An own case, or the refusal `not_own` (one key per action, each
    /// naming the case and its provider).
    fn own_case(&self, id: &CaseId, not_own: &'static str) -> NodeResult<CaseEntry> {
        let state = self.own_state("hold cases")?;
        let entry = self.case(id)?;
        if entry.origin != Origin::Own || id.provider() != state {
            return Err(NodeError::Refused(Reason::new(not_own).text("case", id).text("provider", id.provider())));
        }
        Ok(entry)
    }

    pub async fn create_case(&self, content: CaseContent) -> NodeResult<CaseRecord> {
        let state = self.own_state("hold cases")?;
        let now = self.core().now_ms();
        let id = MessageId::generate(u64::try_from(now).unwrap_or(0))
            .map_err(|e| NodeError::Internal(format!("no new message id: {e}")))?;
        let record = CaseRecord { id: CaseId::new(state, id), version: 1, created_at: now, updated_at: now, content };
        record.validate_at(Date::from_unix_ms(now))?;
        let entry = CaseEntry { record: record.clone(), origin: Origin::Own, stored_at: now, withdrawn: None };
        let mut batch = self.core().store().batch();
        batch.put(Cf::Cases, record.id.to_string().as_bytes(), &records::encode("case", &entry)?);
        let event = audit(AuditAction::CaseCreated, &record, Vec::new(), None);
        self.core().commit(batch, now, vec![event]).await?;
        self.index()?.upsert(&entry);
        info!(case = %record.id, "case created");
        Ok(record)
    }

    /// Every case this node holds, its own and received.
    pub fn cases(&self) -> NodeResult<Vec<CaseEntry>> {
        self.core().decode_all(Cf::Cases, "case")
    }

    pub fn case(&self, id: &CaseId) -> NodeResult<CaseEntry> {
        let v = self
            .core()
            .store()
            .get(Cf::Cases, id.to_string().as_bytes())?
            .ok_or_else(|| NodeError::NotFound { what: "case", id: id.to_string() })?;
        Ok(records::decode("case", &v)?)
    }

    /// Searches the cases this node holds (ToR-19).
    pub fn search(
        &self,
        query: &CaseQuery,
        include_withdrawn: bool,
        limit: Option<usize>,
    ) -> NodeResult<Vec<CaseSummary>> {
        let span = info_span!("search", node = %self.core().party());
        let _g = span.enter();
        query.validate()?;
        Ok(self.index()?.search(query, include_withdrawn, limit.unwrap_or(DEFAULT_SEARCH_LIMIT)))
    }

    /// Shares one of this State's cases with the States it chooses (ToR-1:
    /// nothing is shared unless its owner chooses to; ToR-13: never a case
    /// marked not for sharing).
    pub async fn share(&self, id: &CaseId, to: &[StateCode]) -> NodeResult<MessageId> {
        let entry = self.own_case(id, "refusal-case-not-own-share")?;
        let state = id.provider();
        if let Some(nfs) = &entry.record.content.marking.not_for_sharing {
            return Err(NodeError::Refused(not_for_sharing(id, nfs)));
        }
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-case-withdrawn-share").text("case", id)));
        }
        if to.is_empty() {
            return Err(NodeError::Refused(Reason::new("refusal-case-share-no-recipient")));
        }
        if to.contains(&state) {
            return Err(NodeError::Refused(
                Reason::new("refusal-case-share-to-provider").text("state", state).text("case", id),
            ));
        }
        self.send_version(&entry.record, to, false).await
    }

    /// Seals `record` to `to` and records, in the same batch, that each of
    /// them now holds this version.
    async fn send_version(&self, record: &CaseRecord, to: &[StateCode], update: bool) -> NodeResult<MessageId> {
        let recipients: Vec<Party> = to.iter().map(|s| Party::State(*s)).collect();
        let provider = record.id.provider();
        let payload = if update {
            Payload::CaseUpdate { case: record.clone(), provider }
        } else {
            Payload::CaseShare { case: record.clone(), provider }
        };
        let now = self.core().now_ms();
        let (id, version) = (record.id, record.version);
        let streamed = record.content.streamed_attachments.clone();
        let span = info_span!("share", case = %id, version, recipients = to.len());
        self.core()
            .enqueue_with(recipients, Vec::new(), payload, Some(id), move |message_id, batch| {
                let held = records::encode("holder", &HeldBy { version, message_id, at: now })?;
                for s in to {
                    batch.put(Cf::Exchanges, &records::held_key(&id, *s), &held);
                    // Who holds the case may fetch the files it names.
                    for file in &streamed {
                        crate::core::attachments::grant(batch, file, Party::State(*s));
                    }
                }
                Ok(())
            })
            .instrument(span)
            .await
    }

    /// The States an own case was sent to, with the last version each got.
    pub fn holders(&self, id: &CaseId) -> NodeResult<Vec<Holder>> {
        self.own_case(id, "refusal-case-not-own-holders")?;
        let mut out = Vec::new();
        for (key, v) in self.core().store().scan_prefix(Cf::Exchanges, &records::held_prefix(id))? {
            let state = std::str::from_utf8(&key)
                .ok()
                .and_then(|k| k.rsplit('/').next())
                .and_then(|s| s.parse::<StateCode>().ok())
                .ok_or_else(|| NodeError::Internal(format!("unreadable holder key under case {id}")))?;
            out.push(Holder { state, held: records::decode("holder", &v)? });
        }
        Ok(out)
    }

    /// Edits an own case: the result is a new version, and every State that
    /// holds an earlier version is sent this one.
    pub async fn edit_case(&self, id: &CaseId, content: CaseContent) -> NodeResult<EditReport> {
        let entry = self.own_case(id, "refusal-case-not-own-edit")?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-case-withdrawn-edit").text("case", id)));
        }
        let now = self.core().now_ms();
        let mut record = entry.record.clone();
        record.version = record
            .version
            .checked_add(1)
            .ok_or_else(|| NodeError::Refused(Reason::new("refusal-case-too-many-versions").text("case", id)))?;
        record.updated_at = now;
        record.content = content;
        record.validate_at(Date::from_unix_ms(now))?;
        let span = info_span!("edit_case", case = %id, version = record.version);
        async {
            let entry = CaseEntry { record: record.clone(), origin: Origin::Own, stored_at: now, withdrawn: None };
            let mut batch = self.core().store().batch();
            batch.put(Cf::Cases, id.to_string().as_bytes(), &records::encode("case", &entry)?);
            let event = audit(AuditAction::CaseEdited, &record, Vec::new(), None);
            self.core().commit(batch, now, vec![event]).await?;
            self.index()?.upsert(&entry);
            let holders: Vec<StateCode> = self.holders(id)?.into_iter().map(|h| h.state).collect();
            let mut report =
                EditReport { record: record.clone(), update_sent_to: Vec::new(), message_id: None, not_sent: None };
            if holders.is_empty() {
                return Ok(report);
            }
            if let Some(why) = record.content.marking.sharing_refusal() {
                // The marking now forbids sharing: the States holding the
                // earlier version keep it; the provider may withdraw it.
                report.not_sent = Some(format!("the update was not sent: {why}"));
                return Ok(report);
            }
            report.message_id = Some(self.send_version(&record, &holders, true).await?);
            report.update_sent_to = holders;
            info!(sent_to = report.update_sent_to.len(), "case updated");
            Ok(report)
        }
        .instrument(span)
        .await
    }

    /// Withdraws an own case: every State that received it marks it
    /// withdrawn, and it is not shared again.
    pub async fn withdraw(&self, id: &CaseId, reason: String) -> NodeResult<WithdrawReport> {
        let entry = self.own_case(id, "refusal-case-not-own-withdraw")?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-case-already-withdrawn").text("case", id)));
        }
        let now = self.core().now_ms();
        let version = entry.record.version;
        let payload = Payload::CaseWithdrawal(CaseWithdrawal { case_id: *id, version, reason: reason.clone() });
        payload.validate()?;
        let holders: Vec<StateCode> = self.holders(id)?.into_iter().map(|h| h.state).collect();
        let span = info_span!("withdraw", case = %id, holders = holders.len());
        async {
            let message_id = if holders.is_empty() {
                None
            } else {
                let recipients = holders.iter().map(|s| Party::State(*s)).collect();
                let sender = self.core().party();
                let (recorded, exchange_payload) = (holders.clone(), payload.clone());
                Some(
                    self.core()
                        .enqueue_with(recipients, Vec::new(), payload, Some(*id), move |message_id, batch| {
                            let e = records::ExchangeEntry {
                                message_id,
                                direction: records::Direction::Sent,
                                from: sender,
                                to: recorded.iter().map(|s| Party::State(*s)).collect(),
                                at: now,
                                payload: exchange_payload,
                            };
                            batch.put(
                                Cf::Exchanges,
                                &records::exchange_key(id, &message_id),
                                &records::encode("exchange", &e)?,
                            );
                            Ok(())
                        })
                        .await?,
                )
            };
            let mut entry = entry;
            entry.withdrawn = Some(Withdrawn { at: now, version, reason });
            let mut batch = self.core().store().batch();
            batch.put(Cf::Cases, id.to_string().as_bytes(), &records::encode("case", &entry)?);
            let parties = holders.iter().map(|s| Party::State(*s)).collect();
            let event = audit(AuditAction::CaseWithdrawn, &entry.record, parties, message_id);
            self.core().commit(batch, now, vec![event]).await?;
            self.index()?.upsert(&entry);
            info!("case withdrawn");
            Ok(WithdrawReport { case_id: *id, notified: holders, message_id })
        }
        .instrument(span)
        .await
    }
}
