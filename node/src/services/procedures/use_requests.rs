//! ToR-16: a State that received a case asks its provider for agreement
//! to use it operationally; the provider answers; the export of a received
//! record is refused until the provider's last answer agrees.

use dief_protocol::case::{HandlingCode, OperationalUse};
use dief_protocol::procedure::{UseAnswer, UseDecision, UsePurpose, UseRequest};
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, CaseRecord, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};
use tracing::{info, info_span, Instrument};

use crate::core::audit::{AuditAction, AuditEvent};
use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::Batch;
use crate::services::exchange;
use crate::services::records::{self, CaseEntry, Direction, Origin};

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

impl Node {
    /// A received case, or the refusal `own` naming the case.
    fn received_case(&self, id: &CaseId, own: &'static str) -> NodeResult<CaseEntry> {
        let entry = self.case(id)?;
        if entry.origin == Origin::Own {
            return Err(NodeError::Refused(Reason::new(own).text("case", id)));
        }
        Ok(entry)
    }

    /// ToR-16: asks the provider of a received case for agreement to use it
    /// operationally.
    pub async fn request_use(&self, id: &CaseId, purpose: UsePurpose, details: String) -> NodeResult<MessageId> {
        let entry = self.received_case(id, "refusal-procedures-use-own-case")?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-use-withdrawn").text("case", id)));
        }
        let payload = Payload::UseRequest(UseRequest { case_id: *id, version: entry.record.version, purpose, details });
        let case = *id;
        exchange::send_exchange(self.core(), vec![id.provider().party()], Vec::new(), payload, move |m| {
            records::exchange_key(&case, m)
        })
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
        let e = exchange::exchange(self.core(), &records::exchange_key(id, request))?
            .filter(|e| e.direction == Direction::Received && matches!(e.payload, Payload::UseRequest(_)))
            .ok_or_else(|| NodeError::NotFound { what: "use request about this case", id: request.to_string() })?;
        let payload = Payload::UseAnswer(UseAnswer { case_id: *id, request: *request, decision, note });
        let case = *id;
        exchange::send_exchange(self.core(), vec![e.from], vec![*request], payload, move |m| {
            records::exchange_key(&case, m)
        })
        .instrument(info_span!("use_answer", case = %id, %request))
        .await
    }

    /// Every use request about a case, sent or received, with its answers.
    pub fn use_requests(&self, id: Option<&CaseId>) -> NodeResult<Vec<UseRequestView>> {
        let prefix = id.map(records::exchange_prefix).unwrap_or_else(|| b"m/".to_vec());
        let entries = exchange::exchanges_under(self.core(), &prefix)?;
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
        self.release_for_use(id, AuditAction::OperationalExport).await
    }

    /// The one ToR-16 check for every way a record leaves dief for
    /// operational use (the JSON export, STIX and MISP): an own case is
    /// always released; a received one only as [`Node::export_for_use`]
    /// says. A release is audited as `action`, in the batch that
    /// records it, before the record is handed back.
    pub(crate) async fn release_for_use(&self, id: &CaseId, action: AuditAction) -> NodeResult<OperationalExport> {
        let entry = self.case(id)?;
        let now = self.core().now_ms();
        let provider = id.provider();
        let handling = entry.record.content.marking.handling;
        let (agreed_by, conditions) = if entry.origin == Origin::Own {
            (None, None)
        } else if matches!(handling, HandlingCode::Red | HandlingCode::AmberStrict) {
            // Issue 12: TLP:RED is for the receiving participants alone and
            // TLP:AMBER+STRICT for the receiving agency alone; an export
            // would hand the record to others, whatever the use request.
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-export-handling")
                    .text("case", id)
                    .text("marking", handling.label())
                    .text("provider", provider),
            ));
        } else if entry.record.content.marking.operational_use == OperationalUse::NotPermitted {
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-export-info-only").text("case", id).text("provider", provider),
            ));
        } else if entry.record.content.marking.operational_use == OperationalUse::PreAuthorised
            && entry.withdrawn.is_none()
        {
            // The provider consulted in advance, in the record itself.
            (None, Some("pre-authorised by the provider's marking".to_string()))
        } else {
            if let Some(w) = &entry.withdrawn {
                return Err(NodeError::Refused(
                    Reason::new("refusal-procedures-export-withdrawn")
                        .text("case", id)
                        .text("provider", provider)
                        .text("reason", &w.reason),
                ));
            }
            let me = self.core().party();
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
                    return Err(NodeError::Refused(
                        Reason::new("refusal-procedures-export-not-agreed")
                            .text("case", id)
                            .text("provider", provider)
                            .text("decision", a.decision.as_str()),
                    ))
                }
                None if ours.is_empty() => {
                    return Err(NodeError::Refused(
                        Reason::new("refusal-procedures-export-no-request").text("case", id).text("provider", provider),
                    ))
                }
                None => {
                    return Err(NodeError::Refused(
                        Reason::new("refusal-procedures-export-unanswered").text("case", id).text("provider", provider),
                    ))
                }
            }
        };
        let event = AuditEvent {
            action,
            case_id: Some(*id),
            version: Some(entry.record.version),
            message_id: agreed_by,
            parties: vec![provider.party()],
            user: None,
        };
        let batch = self.core().store().batch();
        self.core().commit(batch, now, vec![event]).await?;
        info!(case = %id, "record exported for operational use");
        Ok(OperationalExport { record: entry.record, provider, agreed_by, conditions, exported_at: now })
    }
}

/// A use request reaches the provider, from a State it shared the case with.
pub(super) fn receive_request(
    core: &Core,
    arrival: &Arrival<'_>,
    r: &UseRequest,
    batch: &mut Batch,
) -> Result<(), Refusal> {
    let (sender, me) = (arrival.sender, core.party());
    if r.case_id.provider().party() != me {
        return refuse(format!("{me} is not the provider of case {}", r.case_id));
    }
    let Some(sender_state) = sender.state() else {
        return refuse("use requests come from States");
    };
    exchange::check_shared_with(core, &r.case_id, sender_state)?;
    exchange::keep(batch, records::exchange_key(&r.case_id, &arrival.message_id), arrival)
}

/// The provider's answer, to a request this node sent it.
pub(super) fn receive_answer(
    core: &Core,
    arrival: &Arrival<'_>,
    a: &UseAnswer,
    batch: &mut Batch,
) -> Result<(), Refusal> {
    let (sender, me) = (arrival.sender, core.party());
    if a.case_id.provider().party() != sender {
        return refuse(format!("{sender} is not the provider of case {}; it cannot answer for it", a.case_id));
    }
    let asked = exchange::exchange(core, &records::exchange_key(&a.case_id, &a.request))
        .map_err(Refusal::store_failed)?
        .is_some_and(|e| {
            e.direction == Direction::Sent && matches!(e.payload, Payload::UseRequest(_)) && e.to.contains(&sender)
        });
    if !asked {
        return refuse(format!("{me} sent no use request {} to {sender}", a.request));
    }
    exchange::keep(batch, records::exchange_key(&a.case_id, &arrival.message_id), arrival)
}
