//! The State-to-State procedures, both sides of each:
//!
//! - involved-State notices, replies and right of reply (ToR-12), with the
//!   presentation package that attaches the replies automatically;
//! - requests for operational use and the provider's answer (ToR-16), and
//!   the export a receiving node refuses until use was agreed;
//! - bilateral disclosure challenges (ToR-15);
//! - follow-up threads between the provider and States it chooses (ToR-21);
//! - applying what arrives: shares, updates and withdrawals of cases, and
//!   every procedure message, checked against this node's own records (an
//!   answer from a State that was never asked is refused).
//!
//! Every message is its own envelope sealed to the States concerned only.
//! The sender keeps its own copy of each payload (it cannot open its own
//! envelope) in the `exchanges` column family, in the same batch as the
//! outbox entry; the receiver keeps what it accepted there too, so both
//! sides hold the request and the answer (ToR-16).

use std::sync::Arc;

use dief_protocol::case::OperationalUse;
use dief_protocol::payload::Reply;
use dief_protocol::procedure::{
    Challenge, ChallengeAnswer, ChallengeClose, InvolvedNotice, NoticeReply, RightOfReply, ThreadPost, UseAnswer,
    UseDecision, UsePurpose, UseRequest,
};
use dief_protocol::rules::{Rule, Timeliness};
use dief_protocol::{CaseId, CaseRecord, Date, Kind, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};
use tracing::{debug, info, info_span, Instrument};

use crate::audit::{AuditAction, AuditEvent};
use crate::error::NodeError;
use crate::node::{Inner, Node};
use crate::records::{self, CaseEntry, Direction, ExchangeEntry, HeldBy, Origin, ReceiptEntry, Withdrawn};
use crate::store::{Batch, Cf};
use crate::NodeResult;

/// Why an arriving message was not taken, and whether the sender should
/// try again (the message it depends on may still be on its way).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub reason: String,
    pub retryable: bool,
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal { reason: reason.into(), retryable: false })
}

fn later<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal { reason: reason.into(), retryable: true })
}

fn store_failed(e: impl std::fmt::Display) -> Refusal {
    tracing::warn!(error = %e, "store read failed while applying a message");
    Refusal { reason: "the receiving node could not read its store".into(), retryable: true }
}

// ---------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------

/// One involved State in a presentation package (ToR-12).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticeStatus {
    pub state: StateCode,
    pub notice_id: MessageId,
    pub sent_at: i64,
    /// The notice went out after T-30.
    pub late: bool,
    pub reply_by: Date,
    /// When the State's node receipted the notice.
    pub receipted_at: Option<i64>,
    pub reply: Option<AttachedReply>,
    pub right_of_reply: Vec<AttachedReply>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachedReply {
    pub message_id: MessageId,
    pub at: i64,
    pub body: String,
    pub language: String,
    /// Sent after the requested day (T-15).
    pub late: bool,
}

/// What the presenting State takes to the meeting for one case: who was
/// notified when, who answered and who did not, with the answers attached.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresentationPackage {
    pub case_id: CaseId,
    pub meeting_date: Date,
    pub notice_due: Date,
    pub reply_due: Date,
    pub notices: Vec<NoticeStatus>,
    pub answered: Vec<StateCode>,
    pub not_answered: Vec<StateCode>,
}

/// A notice as the notified State sees it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReceivedNotice {
    pub notice_id: MessageId,
    pub from: Party,
    pub received_at: i64,
    pub notice: InvolvedNotice,
    pub replied_at: Option<i64>,
}

/// State of a use request (ToR-16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UseState {
    Pending,
    Agreed,
    Declined,
    Discuss,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UseAnswerView {
    pub message_id: MessageId,
    pub at: i64,
    #[serde(flatten)]
    pub decision: UseDecision,
    pub note: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UseRequestView {
    pub request_id: MessageId,
    pub case_id: CaseId,
    pub requester: Party,
    pub provider: StateCode,
    pub at: i64,
    pub version: u32,
    pub purpose: UsePurpose,
    pub details: String,
    pub answers: Vec<UseAnswerView>,
    pub state: UseState,
}

/// A received record released for operational use (ToR-16).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OperationalExport {
    pub record: CaseRecord,
    pub provider: StateCode,
    /// The provider's answer that permits the use (none for an own case).
    pub agreed_by: Option<MessageId>,
    pub conditions: Option<String>,
    pub exported_at: i64,
}

/// State of a disclosure challenge (ToR-15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeState {
    Open,
    Answered,
    Closed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeView {
    pub challenge_id: MessageId,
    pub challenger: Party,
    pub challenged: Party,
    pub case_id: Option<CaseId>,
    pub concern: String,
    pub at: i64,
    pub answer: Option<ChallengeAnswer>,
    pub answered_at: Option<i64>,
    pub closing_note: Option<String>,
    pub closed_at: Option<i64>,
    pub state: ChallengeState,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadMessage {
    pub message_id: MessageId,
    pub from: Party,
    pub at: i64,
    pub body: String,
    pub language: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadView {
    pub thread_id: MessageId,
    pub case_id: CaseId,
    pub subject: String,
    pub participants: Vec<StateCode>,
    pub posts: Vec<ThreadMessage>,
}

/// What a procedure request sent.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticesSent {
    pub case_id: CaseId,
    pub meeting_date: Date,
    pub reply_by: Date,
    /// Sent after T-30 (ToR-12); the notices still go, marked late.
    pub late: bool,
    pub timeliness: Timeliness,
    pub notices: Vec<(StateCode, MessageId)>,
}

// ---------------------------------------------------------------------------
// Reading this node's records
// ---------------------------------------------------------------------------

impl Inner {
    fn exchanges_under(&self, prefix: &[u8]) -> NodeResult<Vec<ExchangeEntry>> {
        let mut out: Vec<ExchangeEntry> = self
            .store
            .scan_prefix(Cf::Exchanges, prefix)?
            .into_iter()
            .map(|(_, v)| records::decode("exchange", &v).map_err(NodeError::from))
            .collect::<NodeResult<_>>()?;
        out.sort_by_key(|e| (e.at, e.message_id));
        Ok(out)
    }

    /// Every procedure message kept under `prefix`.
    pub(crate) fn exchanges_with_prefix(&self, prefix: &[u8]) -> NodeResult<Vec<ExchangeEntry>> {
        self.store
            .scan_prefix(Cf::Exchanges, prefix)?
            .into_iter()
            .map(|(_, v)| records::decode("exchange", &v).map_err(NodeError::from))
            .collect()
    }

    fn exchange(&self, key: &[u8]) -> NodeResult<Option<ExchangeEntry>> {
        match self.store.get(Cf::Exchanges, key)? {
            Some(v) => Ok(Some(records::decode("exchange", &v)?)),
            None => Ok(None),
        }
    }

    fn receipted_at(&self, message_id: &MessageId, party: Party) -> NodeResult<Option<i64>> {
        match self.store.get(Cf::Receipts, &records::receipt_key(message_id, party))? {
            Some(v) => Ok(Some(records::decode::<ReceiptEntry>("receipt", &v)?.received_at)),
            None => Ok(None),
        }
    }

    fn held_case(&self, id: &CaseId) -> NodeResult<Option<CaseEntry>> {
        match self.store.get(Cf::Cases, id.to_string().as_bytes())? {
            Some(v) => Ok(Some(records::decode("case", &v)?)),
            None => Ok(None),
        }
    }

    /// Sends `payload` to `to` and keeps this node's copy under `key(id)`.
    async fn send_exchange(
        self: &Arc<Self>,
        to: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        key: impl FnOnce(&MessageId) -> Vec<u8> + Send,
    ) -> NodeResult<MessageId> {
        payload.validate()?;
        if to.is_empty() {
            return Err(NodeError::Invalid("no recipient".into()));
        }
        if to.contains(&self.party) {
            return Err(NodeError::Invalid(format!("{} cannot send this to itself", self.party)));
        }
        let now = self.clock.now_ms();
        let (from, copy, recorded) = (self.party, payload.clone(), to.clone());
        let case_id = payload.case_id();
        self.enqueue_with(to, references, payload, case_id, move |message_id, batch| {
            let e =
                ExchangeEntry { message_id, direction: Direction::Sent, from, to: recorded, at: now, payload: copy };
            batch.put(Cf::Exchanges, &key(&message_id), &records::encode("exchange", &e)?);
            Ok(())
        })
        .await
    }
}

fn today(inner: &Inner) -> Date {
    Date::from_unix_ms(inner.clock.now_ms())
}

fn state_of(party: Party, what: &str) -> NodeResult<StateCode> {
    party.state().ok_or_else(|| NodeError::Invalid(format!("{what} are between States, not the Secretariat")))
}

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

impl Node {
    fn received_case(&self, id: &CaseId, action: &str) -> NodeResult<CaseEntry> {
        let entry = self.case(id)?;
        if entry.origin == Origin::Own {
            return Err(NodeError::Invalid(format!("case {id} is this State's own case; it cannot {action}")));
        }
        Ok(entry)
    }

    /// Replies about a case. A received case's reply goes to its provider
    /// unless `to` says otherwise.
    pub async fn reply(
        &self,
        id: &CaseId,
        body: String,
        language: String,
        to: Option<Vec<StateCode>>,
    ) -> NodeResult<MessageId> {
        let state = state_of(self.inner.party, "replies about cases")?;
        let entry = self.case(id)?;
        let (in_reply_to, default_to) = match entry.origin {
            Origin::Received { message_id, .. } => (Some(message_id), vec![id.provider()]),
            Origin::Own => (None, Vec::new()),
        };
        let to = to.unwrap_or(default_to);
        if to.is_empty() {
            return Err(NodeError::Invalid(format!("say whom to reply to about {id} (--to)")));
        }
        if to.contains(&state) {
            return Err(NodeError::Invalid("a State cannot reply to itself".into()));
        }
        let payload = Payload::Reply(Reply { case_id: *id, in_reply_to, body, language });
        let recipients = to.iter().map(|s| s.party()).collect();
        let references = in_reply_to.into_iter().collect();
        let case = *id;
        self.inner
            .send_exchange(recipients, references, payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("reply", case = %id))
            .await
    }

    /// ToR-12: notifies each involved State, in its own envelope, that the
    /// presentation of an own case on `meeting_date` concerns it. A notice
    /// after T-30 is sent and flagged late.
    pub async fn notify_involved(
        &self,
        id: &CaseId,
        to: &[StateCode],
        meeting_date: Date,
        meeting_ref: Option<String>,
        summary: String,
        language: String,
    ) -> NodeResult<NoticesSent> {
        let me = self.inner.party;
        if id.provider().party() != me {
            return Err(NodeError::Invalid(format!(
                "case {id} was provided by {}; only the presenting State sends notices about it",
                id.provider()
            )));
        }
        let entry = self.case(id)?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Invalid(format!("case {id} was withdrawn; it is not presented")));
        }
        let mut to = to.to_vec();
        to.sort();
        to.dedup();
        if to.is_empty() {
            return Err(NodeError::Invalid("name at least one involved State (--to)".into()));
        }
        if to.contains(&id.provider()) {
            return Err(NodeError::Invalid(format!("{} presents case {id}; it does not notify itself", id.provider())));
        }
        let today = today(&self.inner);
        if today >= meeting_date {
            return Err(NodeError::Invalid(format!("the meeting of {meeting_date} has begun or passed")));
        }
        let timeliness = Rule::InvolvedNotice.check(meeting_date, today);
        let reply_by = Rule::InvolvedReply.due(meeting_date);
        let late = timeliness.is_late();
        let span = info_span!("notify_involved", case = %id, %meeting_date, late);
        async {
            let mut notices = Vec::new();
            for state in &to {
                let notice = InvolvedNotice {
                    case_id: *id,
                    meeting_date,
                    meeting_ref: meeting_ref.clone(),
                    summary: summary.clone(),
                    language: language.clone(),
                    reply_by,
                    late,
                };
                let case = *id;
                let mid = self
                    .inner
                    .send_exchange(vec![state.party()], Vec::new(), Payload::InvolvedNotice(notice), move |m| {
                        records::exchange_key(&case, m)
                    })
                    .await?;
                notices.push((*state, mid));
            }
            if late {
                tracing::warn!("notices sent after T-30 (ToR-12): flagged late");
            }
            info!(notified = notices.len(), "involved States notified");
            Ok(NoticesSent { case_id: *id, meeting_date, reply_by, late, timeliness, notices })
        }
        .instrument(span)
        .await
    }

    /// The notices this node received, with whether it replied.
    pub fn received_notices(&self) -> NodeResult<Vec<ReceivedNotice>> {
        let mut out = Vec::new();
        let all = self.inner.exchanges_under(b"m/")?;
        for e in &all {
            if let (Direction::Received, Payload::InvolvedNotice(n)) = (e.direction, &e.payload) {
                let replied_at = all
                    .iter()
                    .find(|r| {
                        r.direction == Direction::Sent
                            && matches!(&r.payload, Payload::NoticeReply(p) if p.notice == e.message_id)
                    })
                    .map(|r| r.at);
                out.push(ReceivedNotice {
                    notice_id: e.message_id,
                    from: e.from,
                    received_at: e.at,
                    notice: n.clone(),
                    replied_at,
                });
            }
        }
        Ok(out)
    }

    fn received_notice(&self, id: &CaseId, notice: &MessageId) -> NodeResult<(ExchangeEntry, InvolvedNotice)> {
        let e = self
            .inner
            .exchange(&records::exchange_key(id, notice))?
            .filter(|e| e.direction == Direction::Received)
            .ok_or_else(|| NodeError::NotFound { what: "notice received about this case", id: notice.to_string() })?;
        match &e.payload {
            Payload::InvolvedNotice(n) => {
                let n = n.clone();
                Ok((e, n))
            }
            _ => Err(NodeError::Invalid(format!("message {notice} is not a notice"))),
        }
    }

    /// ToR-12: the notified State's reply, attached to the presentation.
    pub async fn reply_to_notice(
        &self,
        id: &CaseId,
        notice: &MessageId,
        body: String,
        language: String,
    ) -> NodeResult<MessageId> {
        let (e, _) = self.received_notice(id, notice)?;
        let payload = Payload::NoticeReply(NoticeReply { case_id: *id, notice: *notice, body, language });
        let case = *id;
        self.inner
            .send_exchange(vec![e.from], vec![*notice], payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("notice_reply", case = %id, %notice))
            .await
    }

    /// ToR-12 (Rule 24(2)): after the presentation, a notified State adds
    /// its right-of-reply entry.
    pub async fn right_of_reply(
        &self,
        id: &CaseId,
        notice: &MessageId,
        body: String,
        language: String,
    ) -> NodeResult<MessageId> {
        let (e, n) = self.received_notice(id, notice)?;
        if today(&self.inner) < n.meeting_date {
            return Err(NodeError::Invalid(format!(
                "the right of reply opens after the presentation, at the meeting of {} (ToR-12)",
                n.meeting_date
            )));
        }
        let payload = Payload::RightOfReply(RightOfReply { case_id: *id, notice: *notice, body, language });
        let case = *id;
        self.inner
            .send_exchange(vec![e.from], vec![*notice], payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("right_of_reply", case = %id, %notice))
            .await
    }

    /// ToR-12: the presentation package of an own case for one meeting.
    pub fn presentation(&self, id: &CaseId, meeting_date: Date) -> NodeResult<PresentationPackage> {
        let entries = self.inner.exchanges_under(&records::exchange_prefix(id))?;
        let mut notices = Vec::new();
        for e in &entries {
            let Payload::InvolvedNotice(n) = &e.payload else { continue };
            if e.direction != Direction::Sent || n.meeting_date != meeting_date {
                continue;
            }
            for to in &e.to {
                let Some(state) = to.state() else { continue };
                let answers = |want: Kind| -> Vec<AttachedReply> {
                    entries
                        .iter()
                        .filter(|r| r.direction == Direction::Received && r.from == *to)
                        .filter_map(|r| match (&r.payload, want) {
                            (Payload::NoticeReply(p), Kind::NoticeReply) if p.notice == e.message_id => {
                                Some((r, &p.body, &p.language))
                            }
                            (Payload::RightOfReply(p), Kind::RightOfReply) if p.notice == e.message_id => {
                                Some((r, &p.body, &p.language))
                            }
                            _ => None,
                        })
                        .map(|(r, body, language)| AttachedReply {
                            message_id: r.message_id,
                            at: r.at,
                            body: body.clone(),
                            language: language.clone(),
                            late: Date::from_unix_ms(r.at) > n.reply_by,
                        })
                        .collect()
                };
                notices.push(NoticeStatus {
                    state,
                    notice_id: e.message_id,
                    sent_at: e.at,
                    late: n.late,
                    reply_by: n.reply_by,
                    receipted_at: self.inner.receipted_at(&e.message_id, *to)?,
                    reply: answers(Kind::NoticeReply).into_iter().next_back(),
                    right_of_reply: answers(Kind::RightOfReply),
                });
            }
        }
        if notices.is_empty() {
            return Err(NodeError::NotFound { what: "notice for that meeting about case", id: id.to_string() });
        }
        let answered = notices.iter().filter(|n| n.reply.is_some()).map(|n| n.state).collect();
        let not_answered = notices.iter().filter(|n| n.reply.is_none()).map(|n| n.state).collect();
        Ok(PresentationPackage {
            case_id: *id,
            meeting_date,
            notice_due: Rule::InvolvedNotice.due(meeting_date),
            reply_due: Rule::InvolvedReply.due(meeting_date),
            notices,
            answered,
            not_answered,
        })
    }

    /// ToR-16: asks the provider of a received case for agreement to use it
    /// operationally.
    pub async fn request_use(&self, id: &CaseId, purpose: UsePurpose, details: String) -> NodeResult<MessageId> {
        let entry = self.received_case(id, "need a use request")?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Invalid(format!("case {id} was withdrawn by its provider")));
        }
        let payload = Payload::UseRequest(UseRequest { case_id: *id, version: entry.record.version, purpose, details });
        let case = *id;
        self.inner
            .send_exchange(vec![id.provider().party()], Vec::new(), payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("use_request", case = %id))
            .await
    }

    /// ToR-16: the provider answers a use request about its case.
    pub async fn answer_use(
        &self,
        id: &CaseId,
        request: &MessageId,
        decision: UseDecision,
        note: String,
    ) -> NodeResult<MessageId> {
        let e = self
            .inner
            .exchange(&records::exchange_key(id, request))?
            .filter(|e| e.direction == Direction::Received && matches!(e.payload, Payload::UseRequest(_)))
            .ok_or_else(|| NodeError::NotFound { what: "use request about this case", id: request.to_string() })?;
        let payload = Payload::UseAnswer(UseAnswer { case_id: *id, request: *request, decision, note });
        let case = *id;
        self.inner
            .send_exchange(vec![e.from], vec![*request], payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("use_answer", case = %id, %request))
            .await
    }

    /// Every use request about a case, sent or received, with its answers.
    pub fn use_requests(&self, id: Option<&CaseId>) -> NodeResult<Vec<UseRequestView>> {
        let prefix = id.map(records::exchange_prefix).unwrap_or_else(|| b"m/".to_vec());
        let entries = self.inner.exchanges_under(&prefix)?;
        let mut out = Vec::new();
        for e in &entries {
            let Payload::UseRequest(r) = &e.payload else { continue };
            let answers: Vec<UseAnswerView> = entries
                .iter()
                .filter_map(|a| match &a.payload {
                    Payload::UseAnswer(p) if p.request == e.message_id => Some(UseAnswerView {
                        message_id: a.message_id,
                        at: a.at,
                        decision: p.decision.clone(),
                        note: p.note.clone(),
                    }),
                    _ => None,
                })
                .collect();
            let state = match answers.last().map(|a| &a.decision) {
                None => UseState::Pending,
                Some(d) if d.permits_use() => UseState::Agreed,
                Some(UseDecision::Decline) => UseState::Declined,
                Some(_) => UseState::Discuss,
            };
            out.push(UseRequestView {
                request_id: e.message_id,
                case_id: r.case_id,
                requester: e.from,
                provider: r.case_id.provider(),
                at: e.at,
                version: r.version,
                purpose: r.purpose,
                details: r.details.clone(),
                answers,
                state,
            });
        }
        Ok(out)
    }

    /// ToR-16: a record released for operational use. A received record is
    /// released only once its provider agreed to a use request; the refusal
    /// says what is missing.
    pub async fn export_for_use(&self, id: &CaseId) -> NodeResult<OperationalExport> {
        let entry = self.case(id)?;
        let now = self.inner.clock.now_ms();
        let provider = id.provider();
        let (agreed_by, conditions) = if entry.origin == Origin::Own {
            (None, None)
        } else if entry.record.content.marking.operational_use == OperationalUse::NotPermitted {
            return Err(NodeError::Invalid(format!(
                "case {id} is marked by {provider} for information only: it cannot be used operationally (ToR-16)"
            )));
        } else if entry.record.content.marking.operational_use == OperationalUse::PreAuthorised
            && entry.withdrawn.is_none()
        {
            // The provider consulted in advance, in the record itself.
            (None, Some("pre-authorised by the provider's marking".to_string()))
        } else {
            if let Some(w) = &entry.withdrawn {
                return Err(NodeError::Invalid(format!(
                    "case {id} was withdrawn by {provider}: it cannot be used operationally ({})",
                    w.reason
                )));
            }
            let me = self.inner.party;
            let ours: Vec<UseRequestView> =
                self.use_requests(Some(id))?.into_iter().filter(|r| r.requester == me).collect();
            let latest = ours.iter().flat_map(|r| r.answers.iter()).max_by_key(|a| (a.at, a.message_id));
            match latest {
                Some(a) if a.decision.permits_use() => {
                    let conditions = match &a.decision {
                        UseDecision::AgreeWithConditions { conditions } => Some(conditions.clone()),
                        _ => None,
                    };
                    (Some(a.message_id), conditions)
                }
                Some(a) => {
                    return Err(NodeError::Invalid(format!(
                        "operational use of case {id} needs {provider}'s prior agreement (ToR-16): its last answer \
                         was \"{}\"",
                        a.decision.as_str()
                    )))
                }
                None if ours.is_empty() => {
                    return Err(NodeError::Invalid(format!(
                        "operational use of case {id} needs {provider}'s prior agreement (ToR-16): no use request \
                         was sent; send one with `dief use request`"
                    )))
                }
                None => {
                    return Err(NodeError::Invalid(format!(
                        "operational use of case {id} needs {provider}'s prior agreement (ToR-16): the use request \
                         is still unanswered"
                    )))
                }
            }
        };
        let event = AuditEvent {
            action: AuditAction::OperationalExport,
            case_id: Some(*id),
            version: Some(entry.record.version),
            message_id: agreed_by,
            parties: vec![provider.party()],
        };
        let batch = self.inner.store.batch();
        self.inner.audit.commit(&self.inner.store, batch, now, vec![event]).await?;
        info!(case = %id, "record exported for operational use");
        Ok(OperationalExport { record: entry.record, provider, agreed_by, conditions, exported_at: now })
    }

    /// ToR-15: challenges another participant, bilaterally, about a
    /// suspected unauthorised disclosure.
    pub async fn challenge(&self, to: Party, case_id: Option<CaseId>, concern: String) -> NodeResult<MessageId> {
        if to == self.inner.party {
            return Err(NodeError::Invalid("a participant cannot challenge itself".into()));
        }
        let payload = Payload::Challenge(Challenge { case_id, concern });
        self.inner
            .send_exchange(vec![to], Vec::new(), payload, |m| records::challenge_key(m, m))
            .instrument(info_span!("challenge", %to))
            .await
    }

    fn challenge_root(&self, id: &MessageId) -> NodeResult<ExchangeEntry> {
        self.inner
            .exchange(&records::challenge_key(id, id))?
            .ok_or_else(|| NodeError::NotFound { what: "challenge", id: id.to_string() })
    }

    /// ToR-15: the challenged participant explains and states its remedial
    /// measures.
    pub async fn answer_challenge(
        &self,
        id: &MessageId,
        explanation: String,
        remedial_measures: String,
    ) -> NodeResult<MessageId> {
        let root = self.challenge_root(id)?;
        if root.direction != Direction::Received {
            return Err(NodeError::Invalid(format!("challenge {id} was made by this node; the other side answers it")));
        }
        let payload = Payload::ChallengeAnswer(ChallengeAnswer { challenge: *id, explanation, remedial_measures });
        let root_id = *id;
        self.inner
            .send_exchange(vec![root.from], vec![*id], payload, move |m| records::challenge_key(&root_id, m))
            .instrument(info_span!("challenge_answer", challenge = %id))
            .await
    }

    /// The challenger closes its challenge.
    pub async fn close_challenge(&self, id: &MessageId, note: String) -> NodeResult<MessageId> {
        let root = self.challenge_root(id)?;
        if root.direction != Direction::Sent {
            return Err(NodeError::Invalid(format!("only the challenger closes challenge {id}")));
        }
        let payload = Payload::ChallengeClose(ChallengeClose { challenge: *id, note });
        let root_id = *id;
        self.inner
            .send_exchange(root.to.clone(), vec![*id], payload, move |m| records::challenge_key(&root_id, m))
            .instrument(info_span!("challenge_close", challenge = %id))
            .await
    }

    /// Every challenge this node made or received, with its state.
    pub fn challenges(&self) -> NodeResult<Vec<ChallengeView>> {
        let entries = self.inner.exchanges_under(b"x/")?;
        let mut out = Vec::new();
        for e in &entries {
            let Payload::Challenge(c) = &e.payload else { continue };
            let mut v = ChallengeView {
                challenge_id: e.message_id,
                challenger: e.from,
                challenged: e.to.first().copied().unwrap_or(e.from),
                case_id: c.case_id,
                concern: c.concern.clone(),
                at: e.at,
                answer: None,
                answered_at: None,
                closing_note: None,
                closed_at: None,
                state: ChallengeState::Open,
            };
            for f in &entries {
                match &f.payload {
                    Payload::ChallengeAnswer(a) if a.challenge == e.message_id => {
                        v.answer = Some(a.clone());
                        v.answered_at = Some(f.at);
                    }
                    Payload::ChallengeClose(c) if c.challenge == e.message_id => {
                        v.closing_note = Some(c.note.clone());
                        v.closed_at = Some(f.at);
                    }
                    _ => {}
                }
            }
            v.state = if v.closed_at.is_some() {
                ChallengeState::Closed
            } else if v.answered_at.is_some() {
                ChallengeState::Answered
            } else {
                ChallengeState::Open
            };
            out.push(v);
        }
        Ok(out)
    }

    /// ToR-21: posts in a follow-up thread. Without `thread`, the provider
    /// of the case starts one with the States in `with`.
    pub async fn thread_post(
        &self,
        id: &CaseId,
        thread: Option<MessageId>,
        with: &[StateCode],
        subject: String,
        body: String,
        language: String,
    ) -> NodeResult<MessageId> {
        let me = state_of(self.inner.party, "follow-up threads")?;
        let participants = match thread {
            None => {
                if id.provider() != me {
                    return Err(NodeError::Invalid(format!(
                        "only {}, the provider of case {id}, starts follow-up threads about it (ToR-21)",
                        id.provider()
                    )));
                }
                self.case(id)?;
                let mut p = vec![me];
                p.extend(with.iter().copied().filter(|s| *s != me));
                p
            }
            Some(t) => {
                let root = self
                    .inner
                    .exchange(&records::exchange_key(id, &t))?
                    .ok_or_else(|| NodeError::NotFound { what: "thread about this case", id: t.to_string() })?;
                match root.payload {
                    Payload::ThreadPost(p) if p.thread.is_none() => p.participants,
                    _ => return Err(NodeError::Invalid(format!("message {t} does not start a thread"))),
                }
            }
        };
        let to: Vec<Party> = participants.iter().filter(|s| **s != me).map(|s| s.party()).collect();
        let payload = Payload::ThreadPost(ThreadPost { case_id: *id, thread, participants, subject, body, language });
        let case = *id;
        self.inner
            .send_exchange(to, thread.into_iter().collect(), payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("thread_post", case = %id))
            .await
    }

    /// The follow-up threads about a case.
    pub fn threads(&self, id: &CaseId) -> NodeResult<Vec<ThreadView>> {
        let entries = self.inner.exchanges_under(&records::exchange_prefix(id))?;
        let mut out: Vec<ThreadView> = Vec::new();
        for e in &entries {
            let Payload::ThreadPost(p) = &e.payload else { continue };
            if p.thread.is_none() {
                out.push(ThreadView {
                    thread_id: e.message_id,
                    case_id: *id,
                    subject: p.subject.clone(),
                    participants: p.participants.clone(),
                    posts: Vec::new(),
                });
            }
        }
        for e in &entries {
            let Payload::ThreadPost(p) = &e.payload else { continue };
            let tid = p.thread.unwrap_or(e.message_id);
            if let Some(t) = out.iter_mut().find(|t| t.thread_id == tid) {
                t.posts.push(ThreadMessage {
                    message_id: e.message_id,
                    from: e.from,
                    at: e.at,
                    body: p.body.clone(),
                    language: p.language.clone(),
                });
            }
        }
        Ok(out)
    }

    /// Every procedure message about a case, sent and received, in order.
    pub fn case_exchanges(&self, id: &CaseId) -> NodeResult<Vec<ExchangeEntry>> {
        self.inner.exchanges_under(&records::exchange_prefix(id))
    }
}

#[cfg(feature = "test-support")]
impl Node {
    /// Tests only: seals and queues `payload` without this node's workflow
    /// checks, so a test can show that the *receiving* node refuses it.
    /// The protocol's own checks (validation, no case content for the
    /// Secretariat) still apply.
    pub async fn send_unchecked(&self, to: Vec<Party>, payload: Payload) -> NodeResult<MessageId> {
        payload.validate()?;
        let case_id = payload.case_id();
        self.inner.enqueue(to, Vec::new(), payload, case_id).await
    }

    /// Tests only: every envelope delivered to this node, as received.
    pub fn received_wire(&self) -> Vec<Vec<u8>> {
        self.inner.wiretap.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

// ---------------------------------------------------------------------------
// Receiving
// ---------------------------------------------------------------------------

/// What the inbox must do once the batch is durable.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// A case entry written in the batch, to put in the search index.
    pub case: Option<CaseEntry>,
    /// An envelope this node queued in the batch (the Secretariat relaying
    /// a contact card): its audit entry goes in the batch, and its
    /// recipients' workers are woken once the batch is durable.
    pub relay: Option<crate::node::Queued>,
}

fn keep(batch: &mut Batch, key: Vec<u8>, entry: &ExchangeEntry) -> Result<(), Refusal> {
    match records::encode("exchange", entry) {
        Ok(v) => {
            batch.put(Cf::Exchanges, &key, &v);
            Ok(())
        }
        Err(e) => refuse(e.to_string()),
    }
}

/// Applies an accepted, opened payload: checks it against this node's own
/// records and adds what it changes to `batch`. Nothing is written if it
/// is refused.
pub(crate) fn apply(
    inner: &Arc<Inner>,
    sender: Party,
    message_id: MessageId,
    recipients: &[Party],
    payload: &Payload,
    now: i64,
    batch: &mut Batch,
) -> Result<Applied, Refusal> {
    let me = inner.party;
    let entry = ExchangeEntry {
        message_id,
        direction: Direction::Received,
        from: sender,
        to: recipients.to_vec(),
        at: now,
        payload: payload.clone(),
    };
    let get = |key: Vec<u8>| inner.exchange(&key).map_err(store_failed);
    let mut applied = Applied::default();
    match payload {
        Payload::CaseShare { case, provider } | Payload::CaseUpdate { case, provider } => {
            // Only the provider of a case may share or update it.
            if provider.party() != sender {
                return refuse(format!("{sender} is not the provider of case {}", case.id));
            }
            let held = inner.held_case(&case.id).map_err(store_failed)?;
            let newer = held.as_ref().is_none_or(|h| h.record.version < case.version);
            if newer {
                // A withdrawal may overtake the share it withdraws.
                let withdrawn = match held.and_then(|h| h.withdrawn) {
                    Some(w) => Some(w),
                    None => match inner.store.get(Cf::Exchanges, &records::withdrawn_key(&case.id)) {
                        Ok(Some(v)) => records::decode::<Withdrawn>("withdrawal", &v).ok(),
                        Ok(None) => None,
                        Err(e) => return Err(store_failed(e)),
                    },
                }
                .filter(|w| w.version >= case.version);
                let e = CaseEntry {
                    record: case.clone(),
                    origin: Origin::Received { from: sender, message_id },
                    stored_at: now,
                    withdrawn,
                };
                match records::encode("case", &e) {
                    Ok(v) => batch.put(Cf::Cases, case.id.to_string().as_bytes(), &v),
                    Err(err) => return refuse(err.to_string()),
                }
                applied.case = Some(e);
            } else {
                debug!(case = %case.id, version = case.version, "older or same version ignored");
            }
        }
        Payload::CaseWithdrawal(w) => {
            if w.case_id.provider().party() != sender {
                return refuse(format!("{sender} is not the provider of case {}; it cannot withdraw it", w.case_id));
            }
            let marker = Withdrawn { at: now, version: w.version, reason: w.reason.clone() };
            match inner.held_case(&w.case_id).map_err(store_failed)? {
                Some(mut held) => {
                    held.withdrawn = Some(marker);
                    match records::encode("case", &held) {
                        Ok(v) => batch.put(Cf::Cases, w.case_id.to_string().as_bytes(), &v),
                        Err(err) => return refuse(err.to_string()),
                    }
                    applied.case = Some(held);
                }
                None => match records::encode("withdrawal", &marker) {
                    Ok(v) => batch.put(Cf::Exchanges, &records::withdrawn_key(&w.case_id), &v),
                    Err(err) => return refuse(err.to_string()),
                },
            }
            keep(batch, records::exchange_key(&w.case_id, &message_id), &entry)?;
        }
        Payload::Reply(r) => {
            keep(batch, records::exchange_key(&r.case_id, &message_id), &entry)?;
        }
        Payload::InvolvedNotice(n) => {
            // ToR-12: the presenting State is the case's provider.
            if n.case_id.provider().party() != sender {
                return refuse(format!(
                    "{sender} is not the provider of case {}; only the presenting State notifies about it",
                    n.case_id
                ));
            }
            keep(batch, records::exchange_key(&n.case_id, &message_id), &entry)?;
        }
        Payload::NoticeReply(NoticeReply { case_id, notice, .. })
        | Payload::RightOfReply(RightOfReply { case_id, notice, .. }) => {
            // Only a State this node notified may answer, and only about
            // that notice.
            let sent = get(records::exchange_key(case_id, notice))?;
            let notified = match &sent {
                Some(e) => {
                    e.direction == Direction::Sent
                        && matches!(e.payload, Payload::InvolvedNotice(_))
                        && e.to.contains(&sender)
                }
                None => false,
            };
            if !notified {
                return refuse(format!("{sender} was not notified by {me} under notice {notice} about case {case_id}"));
            }
            if let (Payload::RightOfReply(_), Some(ExchangeEntry { payload: Payload::InvolvedNotice(n), .. })) =
                (payload, &sent)
            {
                if Date::from_unix_ms(now) < n.meeting_date {
                    return refuse(format!(
                        "the right of reply on case {case_id} opens at the meeting of {} (ToR-12)",
                        n.meeting_date
                    ));
                }
            }
            keep(batch, records::exchange_key(case_id, &message_id), &entry)?;
        }
        Payload::UseRequest(r) => {
            if r.case_id.provider().party() != me {
                return refuse(format!("{me} is not the provider of case {}", r.case_id));
            }
            let Some(sender_state) = sender.state() else {
                return refuse("use requests come from States");
            };
            let holder = inner.store.get(Cf::Exchanges, &records::held_key(&r.case_id, sender_state));
            match holder {
                Ok(Some(v)) if records::decode::<HeldBy>("holder", &v).is_ok() => {}
                Ok(_) => return refuse(format!("case {} was never shared with {sender}", r.case_id)),
                Err(e) => return Err(store_failed(e)),
            }
            keep(batch, records::exchange_key(&r.case_id, &message_id), &entry)?;
        }
        Payload::UseAnswer(a) => {
            if a.case_id.provider().party() != sender {
                return refuse(format!("{sender} is not the provider of case {}; it cannot answer for it", a.case_id));
            }
            let asked = get(records::exchange_key(&a.case_id, &a.request))?.is_some_and(|e| {
                e.direction == Direction::Sent && matches!(e.payload, Payload::UseRequest(_)) && e.to.contains(&sender)
            });
            if !asked {
                return refuse(format!("{me} sent no use request {} to {sender}", a.request));
            }
            keep(batch, records::exchange_key(&a.case_id, &message_id), &entry)?;
        }
        Payload::Challenge(_) => {
            keep(batch, records::challenge_key(&message_id, &message_id), &entry)?;
        }
        Payload::ChallengeAnswer(ChallengeAnswer { challenge, .. })
        | Payload::ChallengeClose(ChallengeClose { challenge, .. }) => {
            let root = get(records::challenge_key(challenge, challenge))?;
            let ok = match (payload, &root) {
                // The answer comes from the challenged party.
                (Payload::ChallengeAnswer(_), Some(r)) => r.direction == Direction::Sent && r.to.contains(&sender),
                // The closing comes from the challenger.
                (Payload::ChallengeClose(_), Some(r)) => r.direction == Direction::Received && r.from == sender,
                _ => false,
            };
            if !ok {
                return refuse(format!("challenge {challenge} is not between {sender} and {me}"));
            }
            keep(batch, records::challenge_key(challenge, &message_id), &entry)?;
        }
        Payload::ThreadPost(p) => {
            let Some(my_state) = me.state() else { return refuse("threads are between States") };
            match p.thread {
                None => {
                    if p.case_id.provider().party() != sender {
                        return refuse(format!(
                            "only {}, the provider of case {}, starts threads about it",
                            p.case_id.provider(),
                            p.case_id
                        ));
                    }
                    if !p.participants.contains(&my_state) {
                        return refuse(format!("{me} is not a participant of this thread"));
                    }
                }
                Some(t) => {
                    let root = get(records::exchange_key(&p.case_id, &t))?;
                    let Some(ExchangeEntry { payload: Payload::ThreadPost(rp), .. }) = root else {
                        // The thread's first post may still be on its way.
                        return later(format!("thread {t} is not known here yet"));
                    };
                    let from_participant = sender.state().is_some_and(|s| rp.participants.contains(&s));
                    if !from_participant {
                        return refuse(format!("{sender} is not a participant of thread {t}"));
                    }
                }
            }
            keep(batch, records::exchange_key(&p.case_id, &message_id), &entry)?;
        }
        Payload::ContactCard(signed) => {
            applied.relay = crate::contacts::apply_card(inner, sender, signed, now, batch)?;
        }
        p if crate::meetings::is_meeting_payload(p) => {
            applied.relay = crate::meetings::apply(inner, sender, message_id, recipients, p, now, batch)?;
        }
        Payload::RosterUpdate(signed) => {
            if let Err(e) = inner.import_roster(signed) {
                debug!(error = %e, "relayed roster not taken");
            }
        }
        _ => return refuse(format!("{} messages are not handled by this node's version", payload.kind())),
    }
    Ok(applied)
}
