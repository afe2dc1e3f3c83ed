//! ToR-12: the presenting State notifies each involved State, in its own
//! envelope; the notified State replies and, after the presentation, adds
//! its right of reply; the presentation package attaches the replies.

use dief_protocol::procedure::{InvolvedNotice, NoticeReply, RightOfReply};
use dief_protocol::reason::Reason;
use dief_protocol::rules::{Rule, Timeliness};
use dief_protocol::{CaseId, Date, Kind, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};
use tracing::{info, info_span, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::Batch;
use crate::services::exchange::{self, keep, today};
use crate::services::records::{self, Direction, ExchangeEntry};

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

impl Node {
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
        let me = self.core().party();
        if id.provider().party() != me {
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-notice-not-own").text("case", id).text("provider", id.provider()),
            ));
        }
        let entry = self.case(id)?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-notice-withdrawn").text("case", id)));
        }
        let mut to = to.to_vec();
        to.sort();
        to.dedup();
        if to.is_empty() {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-notice-no-recipient")));
        }
        if to.contains(&id.provider()) {
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-notice-to-itself").text("state", id.provider()).text("case", id),
            ));
        }
        let today = today(self.core());
        if today >= meeting_date {
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-notice-too-late").date("meeting", meeting_date),
            ));
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
                let mid = exchange::send_exchange(
                    self.core(),
                    vec![state.party()],
                    Vec::new(),
                    Payload::InvolvedNotice(notice),
                    move |m| records::exchange_key(&case, m),
                )
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
        let all = exchange::exchanges_under(self.core(), b"m/")?;
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
        let e = exchange::exchange(self.core(), &records::exchange_key(id, notice))?
            .filter(|e| e.direction == Direction::Received)
            .ok_or_else(|| NodeError::NotFound { what: "notice received about this case", id: notice.to_string() })?;
        match &e.payload {
            Payload::InvolvedNotice(n) => {
                let n = n.clone();
                Ok((e, n))
            }
            _ => Err(NodeError::Refused(Reason::new("refusal-procedures-not-a-notice").text("message", notice))),
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
        exchange::send_exchange(self.core(), vec![e.from], vec![*notice], payload, move |m| {
            records::exchange_key(&case, m)
        })
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
        if today(self.core()) < n.meeting_date {
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-right-of-reply-early").date("meeting", n.meeting_date),
            ));
        }
        let payload = Payload::RightOfReply(RightOfReply { case_id: *id, notice: *notice, body, language });
        let case = *id;
        exchange::send_exchange(self.core(), vec![e.from], vec![*notice], payload, move |m| {
            records::exchange_key(&case, m)
        })
        .instrument(info_span!("right_of_reply", case = %id, %notice))
        .await
    }

    /// ToR-12: the presentation package of an own case for one meeting.
    pub fn presentation(&self, id: &CaseId, meeting_date: Date) -> NodeResult<PresentationPackage> {
        let entries = exchange::exchanges_under(self.core(), &records::exchange_prefix(id))?;
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
                    receipted_at: exchange::receipted_at(self.core(), &e.message_id, *to)?,
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
}

/// ToR-12: a notice comes from the presenting State, the case's provider.
pub(super) fn receive_notice(arrival: &Arrival<'_>, n: &InvolvedNotice, batch: &mut Batch) -> Result<(), Refusal> {
    let sender = arrival.sender;
    if n.case_id.provider().party() != sender {
        return refuse(format!(
            "{sender} is not the provider of case {}; only the presenting State notifies about it",
            n.case_id
        ));
    }
    keep(batch, records::exchange_key(&n.case_id, &arrival.message_id), arrival)
}

/// A reply or right of reply: only from a State this node notified, and
/// only about that notice; the right of reply opens at the meeting.
pub(super) fn receive_answer(
    core: &Core,
    arrival: &Arrival<'_>,
    case_id: &CaseId,
    notice: &MessageId,
    batch: &mut Batch,
) -> Result<(), Refusal> {
    let (sender, me) = (arrival.sender, core.party());
    let sent = exchange::exchange(core, &records::exchange_key(case_id, notice)).map_err(Refusal::store_failed)?;
    let notified = match &sent {
        Some(e) => {
            e.direction == Direction::Sent && matches!(e.payload, Payload::InvolvedNotice(_)) && e.to.contains(&sender)
        }
        None => false,
    };
    if !notified {
        return refuse(format!("{sender} was not notified by {me} under notice {notice} about case {case_id}"));
    }
    if let (Payload::RightOfReply(_), Some(ExchangeEntry { payload: Payload::InvolvedNotice(n), .. })) =
        (arrival.payload, &sent)
    {
        if Date::from_unix_ms(arrival.now) < n.meeting_date {
            return refuse(format!(
                "the right of reply on case {case_id} opens at the meeting of {} (ToR-12)",
                n.meeting_date
            ));
        }
    }
    keep(batch, records::exchange_key(case_id, &arrival.message_id), arrival)
}

/// The case and notice a reply or right of reply names.
pub(super) fn answered(p: &Payload) -> Option<(&CaseId, &MessageId)> {
    match p {
        Payload::NoticeReply(NoticeReply { case_id, notice, .. })
        | Payload::RightOfReply(RightOfReply { case_id, notice, .. }) => Some((case_id, notice)),
        _ => None,
    }
}
