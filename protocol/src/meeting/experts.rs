//! The non-state expert procedure (ToR-8, ToR-15) as a pure function of the
//! recorded steps, so that every member derives the same state of a proposal
//! from the same records and no stored status has to be trusted.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{
    invalid, meeting_over, not_member, refused, Meeting, MeetingError, MeetingId, MAX_SHORT, MAX_SIGNED_BYTES,
};
use crate::codec;
use crate::date::Date;
use crate::ids::{MessageId, Party, StateCode};
use crate::keys::{digest_parts, IdentityKeypair, Signature, SigningPublicKey};
use crate::payload::{PayloadError, MAX_TEXT};
use crate::procedure::{check_language, check_text};
use crate::reason::Reason;
use crate::roster::{MemberStatus, Roster};
use crate::rules::{self, Rule, Timeliness};
use crate::sealed::MemberText;

const ACK_DOMAIN: &[u8] = b"dief/expert-acknowledgement/v1";

/// ToR-8: a State proposes a non-state expert for a specific case
/// presentation, with the purpose; it reaches the Secretariat at T-30 at the
/// latest ([`Rule::ExpertProposal`]). Not case content: the presentation is
/// named by its intent's message id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertProposal {
    pub meeting: MeetingId,
    pub proposer: StateCode,
    /// The presentation intent the expert supports.
    pub presentation: MessageId,
    pub expert_name: String,
    #[serde(default)]
    pub affiliation: String,
    /// ToR-8: why the expert is proposed. Sealed to the member States: it
    /// may describe the case presented, which is not the Secretariat's
    /// business (issue 11 item 4). The expert's name and affiliation stay
    /// in clear: the Secretariat admits the expert to the meeting.
    pub purpose: MemberText,
    pub language: String,
    pub proposed_on: Date,
}

impl ExpertProposal {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("expert name", &self.expert_name, MAX_SHORT, true)?;
        check_text("affiliation", &self.affiliation, MAX_SHORT, false)?;
        self.purpose.validate("purpose", MAX_TEXT, true)?;
        check_language(&self.language)
    }

    /// ToR-8: on time when it reaches the Secretariat at T-30 or earlier.
    pub fn timeliness(&self, meeting: &Meeting) -> Timeliness {
        Rule::ExpertProposal.check(meeting.first_day, self.proposed_on)
    }

    /// ToR-8: the Secretariat receives the proposal on `received_on`; a
    /// proposal after T-30 is refused, as is one for another meeting.
    pub fn check(&self, meeting: &Meeting, received_on: Date) -> Result<(), MeetingError> {
        self.validate()?;
        if self.meeting != meeting.id {
            return Err(refused(Reason::new("refusal-expert-other-meeting"), "the proposal names another meeting"));
        }
        if let Timeliness::Late { days_late } = Rule::ExpertProposal.check(meeting.first_day, received_on) {
            let due = Rule::ExpertProposal.due(meeting.first_day);
            return Err(refused(
                Reason::new("refusal-expert-late").date("due", due).number("days_late", days_late),
                format!(
                    "an expert proposal must reach the Secretariat by {due} (T-30, ToR-8); this one is {days_late} \
                     day(s) late"
                ),
            ));
        }
        Ok(())
    }
}

/// ToR-8: the Secretariat circulates a proposal it accepted at once to every
/// member; the 5-day silence procedure starts on `circulated_on`. The
/// proposal travels whole so that every member can show what is proposed,
/// and is named by the message id it reached the Secretariat under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertCirculation {
    pub proposal_id: MessageId,
    pub proposal: ExpertProposal,
    pub circulated_on: Date,
}

impl ExpertCirculation {
    pub fn validate(&self) -> Result<(), PayloadError> {
        self.proposal.validate()?;
        if self.circulated_on < self.proposal.proposed_on {
            return Err(invalid(
                Reason::new("refusal-expert-circulated-early"),
                "a proposal cannot be circulated before it was made",
            ));
        }
        Ok(())
    }

    /// The `Circulated` step this circulation stands for.
    pub fn record(&self) -> ExpertRecord {
        ExpertRecord {
            proposal: self.proposal_id,
            by: Party::Secretariat,
            on: self.circulated_on,
            event: ExpertEvent::Circulated,
        }
    }
}

/// A step of the expert procedure, recorded by the party that took it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ExpertEvent {
    /// ToR-8: the Secretariat circulates the proposal at once to all States
    /// Parties; the 5-day silence procedure starts ([`rules::silence_ends`]).
    Circulated,
    /// ToR-8: a State Party objects, within the silence period. The reason
    /// is sealed to the member States (issue 11 item 4): the Secretariat
    /// needs to know that a State objects, not why.
    Objection { reason: MemberText },
    /// ToR-8: the objector and the proposer record their consultation; the
    /// objector may withdraw its objection. The note is sealed to the
    /// member States (issue 11 item 4); the withdrawal flag stays in clear,
    /// as the state of the procedure depends on it.
    Consultation {
        note: MemberText,
        #[serde(default)]
        objection_withdrawn: bool,
    },
    /// ToR-8: the procedural decision of the States Parties attending,
    /// recorded by the Secretariat after escalation. Its note stays in
    /// clear: the Secretariat writes it.
    Decision {
        accepted: bool,
        #[serde(default)]
        note: String,
    },
    /// The proposer withdraws the proposal.
    Withdrawn,
}

/// One recorded step of the procedure on one proposal. The node checks that
/// `by` is the envelope's sender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertRecord {
    /// The proposal's message id.
    pub proposal: MessageId,
    pub by: Party,
    pub on: Date,
    #[serde(flatten)]
    pub event: ExpertEvent,
}

impl ExpertRecord {
    pub fn validate(&self) -> Result<(), PayloadError> {
        match &self.event {
            ExpertEvent::Circulated | ExpertEvent::Decision { .. } if !self.by.is_secretariat() => Err(invalid(
                Reason::new("refusal-expert-secretariat-only"),
                "only the Secretariat circulates a proposal or records a decision (ToR-8)",
            )),
            ExpertEvent::Objection { .. } | ExpertEvent::Consultation { .. } | ExpertEvent::Withdrawn
                if self.by.is_secretariat() =>
            {
                Err(invalid(
                    Reason::new("refusal-expert-states-only"),
                    "objections, consultations and withdrawals are made by States (ToR-8)",
                ))
            }
            ExpertEvent::Objection { reason } => reason.validate("objection reason", MAX_TEXT, true),
            ExpertEvent::Consultation { note, .. } => note.validate("consultation note", MAX_TEXT, true),
            ExpertEvent::Decision { note, .. } => check_text("decision note", note, MAX_TEXT, false),
            ExpertEvent::Circulated | ExpertEvent::Withdrawn => Ok(()),
        }
    }
}

/// Where an expert proposal stands, visible to every member (ToR-8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ExpertState {
    /// Received, not yet circulated by the Secretariat.
    Pending,
    /// Circulated; nobody has objected; silence ends at the end of `ends`.
    SilenceRunning {
        ends: Date,
    },
    /// At least one State Party objects; consultations run until
    /// `escalates_on` (T-20).
    Objected {
        objectors: Vec<StateCode>,
        escalates_on: Date,
    },
    /// Still unresolved at T-20: for procedural decision by the States
    /// Parties attending.
    Escalated {
        objectors: Vec<StateCode>,
    },
    /// Silence passed without objection, objections withdrawn, or accepted by
    /// decision.
    Accepted {
        by_decision: bool,
    },
    /// Rejected by the procedural decision.
    Rejected,
    Withdrawn,
}

impl ExpertState {
    pub fn as_str(&self) -> &'static str {
        match self {
            ExpertState::Pending => "pending",
            ExpertState::SilenceRunning { .. } => "silence_running",
            ExpertState::Objected { .. } => "objected",
            ExpertState::Escalated { .. } => "escalated",
            ExpertState::Accepted { .. } => "accepted",
            ExpertState::Rejected => "rejected",
            ExpertState::Withdrawn => "withdrawn",
        }
    }

    pub fn is_accepted(&self) -> bool {
        matches!(self, ExpertState::Accepted { .. })
    }
}

/// The objections standing on `today`: objections made within the silence
/// period by States other than the proposer, not withdrawn since.
fn standing_objections(
    proposal: &ExpertProposal,
    circulated: Date,
    records: &[&ExpertRecord],
    today: Date,
) -> Vec<StateCode> {
    let silence_end = rules::silence_ends(circulated);
    let mut standing = BTreeSet::new();
    for r in records.iter().filter(|r| r.on <= today) {
        let Some(state) = r.by.state() else { continue };
        match &r.event {
            ExpertEvent::Objection { .. }
                if state != proposal.proposer && r.on >= circulated && r.on <= silence_end =>
            {
                standing.insert(state);
            }
            ExpertEvent::Consultation { objection_withdrawn: true, .. } => {
                standing.remove(&state);
            }
            _ => {}
        }
    }
    standing.into_iter().collect()
}

fn sorted_records(proposal_id: MessageId, records: &[ExpertRecord]) -> Vec<&ExpertRecord> {
    let mut rs: Vec<&ExpertRecord> = records.iter().filter(|r| r.proposal == proposal_id).collect();
    // Stable: records of the same day keep their recorded order.
    rs.sort_by_key(|r| r.on);
    rs
}

/// ToR-8: the state of a proposal on `today`, from the recorded steps (in
/// the order recorded; steps dated after `today` are ignored). Records of
/// other proposals are ignored, so a node may pass all it holds.
///
/// - No circulation: pending.
/// - Objections count if made by a State other than the proposer between the
///   circulation and the end of the silence ([`rules::silence_ends`],
///   inclusive); a consultation record by the objector with
///   `objection_withdrawn` lifts its objection.
/// - Standing objections before T-20: objected; from T-20
///   ([`Rule::ExpertEscalation`]): escalated, until the recorded decision.
/// - No standing objection: silence running until its last day, then
///   accepted.
pub fn expert_state(
    proposal_id: MessageId,
    proposal: &ExpertProposal,
    meeting: &Meeting,
    records: &[ExpertRecord],
    today: Date,
) -> ExpertState {
    let rs = sorted_records(proposal_id, records);
    let seen: Vec<&ExpertRecord> = rs.into_iter().filter(|r| r.on <= today).collect();
    if seen.iter().any(|r| r.event == ExpertEvent::Withdrawn && r.by == Party::State(proposal.proposer)) {
        return ExpertState::Withdrawn;
    }
    let Some(circulated) =
        seen.iter().find(|r| r.event == ExpertEvent::Circulated && r.by.is_secretariat()).map(|r| r.on)
    else {
        return ExpertState::Pending;
    };
    let escalation = Rule::ExpertEscalation.due(meeting.first_day);
    let objectors = standing_objections(proposal, circulated, &seen, today);
    if objectors.is_empty() {
        let ends = rules::silence_ends(circulated);
        if today <= ends {
            return ExpertState::SilenceRunning { ends };
        }
        return ExpertState::Accepted { by_decision: false };
    }
    if today < escalation {
        return ExpertState::Objected { objectors, escalates_on: escalation };
    }
    let decision = seen.iter().rev().find_map(|r| match r.event {
        ExpertEvent::Decision { accepted, .. } if r.by.is_secretariat() && r.on >= escalation => Some(accepted),
        _ => None,
    });
    match decision {
        Some(true) => ExpertState::Accepted { by_decision: true },
        Some(false) => ExpertState::Rejected,
        None => ExpertState::Escalated { objectors },
    }
}

/// ToR-8: whether `record` may be added now. `status` is the roster status
/// of the recording State (`None` for the Secretariat).
pub fn check_expert_record(
    proposal_id: MessageId,
    proposal: &ExpertProposal,
    meeting: &Meeting,
    records: &[ExpertRecord],
    record: &ExpertRecord,
    status: Option<MemberStatus>,
    today: Date,
) -> Result<(), MeetingError> {
    record.validate()?;
    if record.proposal != proposal_id {
        return Err(refused(Reason::new("refusal-expert-other-proposal"), "the record names another proposal"));
    }
    if record.on != today {
        return Err(refused(
            Reason::new("refusal-expert-record-date").date("today", today).date("on", record.on),
            format!("a record is dated the day it is made ({today}), not {}", record.on),
        ));
    }
    if meeting.is_over(today) {
        return Err(meeting_over(meeting));
    }
    let state = expert_state(proposal_id, proposal, meeting, records, today);
    let proposer = Party::State(proposal.proposer);
    let held = sorted_records(proposal_id, records);
    let closed = matches!(state, ExpertState::Withdrawn | ExpertState::Rejected | ExpertState::Accepted { .. });
    match &record.event {
        ExpertEvent::Circulated => {
            if state != ExpertState::Pending {
                return Err(refused(
                    Reason::new("refusal-expert-already-circulated"),
                    "the proposal has already been circulated",
                ));
            }
        }
        ExpertEvent::Objection { .. } => check_objection(record, status, proposer, &held, today)?,
        ExpertEvent::Consultation { objection_withdrawn, .. } => {
            let (ExpertState::Objected { objectors, .. } | ExpertState::Escalated { objectors }) = &state else {
                return Err(refused(
                    Reason::new("refusal-expert-no-objection"),
                    "there is no standing objection to consult on",
                ));
            };
            let by_objector = record.by.state().is_some_and(|s| objectors.contains(&s));
            if !(by_objector || record.by == proposer) {
                return Err(refused(
                    Reason::new("refusal-expert-consultation-party"),
                    "only the objecting States and the proposer record consultations (ToR-8)",
                ));
            }
            if *objection_withdrawn && !by_objector {
                return Err(refused(
                    Reason::new("refusal-expert-withdraw-objection"),
                    "only an objecting State withdraws its objection",
                ));
            }
        }
        ExpertEvent::Decision { .. } => {
            if !matches!(state, ExpertState::Escalated { .. }) {
                return Err(refused(
                    Reason::new("refusal-expert-decision-early").text("state", state.as_str()),
                    format!(
                        "a procedural decision is recorded only after escalation at T-20 (ToR-8); the proposal is {}",
                        state.as_str()
                    ),
                ));
            }
        }
        ExpertEvent::Withdrawn => {
            if record.by != proposer {
                return Err(refused(
                    Reason::new("refusal-expert-withdraw-proposal"),
                    "only the proposer withdraws its proposal",
                ));
            }
            if closed {
                return Err(refused(
                    Reason::new("refusal-expert-closed").text("state", state.as_str()),
                    format!("the proposal is already {}", state.as_str()),
                ));
            }
        }
    }
    Ok(())
}

/// ToR-8: an objection comes from a State Party other than the proposer,
/// once, during the silence procedure.
fn check_objection(
    record: &ExpertRecord,
    status: Option<MemberStatus>,
    proposer: Party,
    held: &[&ExpertRecord],
    today: Date,
) -> Result<(), MeetingError> {
    // ToR-8: objections come from States Parties only.
    if status != Some(MemberStatus::StateParty) {
        return Err(refused(
            Reason::new("refusal-expert-objector-not-party").text("by", record.by),
            format!("only a State Party may object to an expert, not {}", record.by),
        ));
    }
    if record.by == proposer {
        return Err(refused(
            Reason::new("refusal-expert-own-objection"),
            "the proposer cannot object to its own expert",
        ));
    }
    let Some(circulated) = held.iter().find(|r| r.event == ExpertEvent::Circulated).map(|r| r.on) else {
        return Err(refused(Reason::new("refusal-expert-not-circulated"), "the proposal has not been circulated yet"));
    };
    let ends = rules::silence_ends(circulated);
    if today > ends {
        return Err(refused(
            Reason::new("refusal-expert-silence-ended").date("ends", ends),
            format!("the silence procedure ended on {ends} (ToR-8)"),
        ));
    }
    if held.iter().any(|r| r.by == record.by && matches!(r.event, ExpertEvent::Objection { .. })) {
        return Err(refused(
            Reason::new("refusal-expert-already-objected").text("by", record.by),
            format!("{} has already objected", record.by),
        ));
    }
    Ok(())
}

/// ToR-15: the duty of confidentiality the inviting State tells its expert
/// of, quoted in the acknowledgement.
pub const CONFIDENTIALITY_DUTY: &str = "I will keep the discussions of the Diversion Information Exchange Forum, \
and all information a provider marks confidential, confidential (ATT DIEF Terms of Reference, paragraph 15).";

/// ToR-15: the expert's acknowledgement of the duty of confidentiality,
/// recorded before access and signed by the inviting State's identity key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertAcknowledgement {
    pub meeting: MeetingId,
    /// The proposal's message id.
    pub proposal: MessageId,
    pub inviting_state: StateCode,
    pub expert_name: String,
    /// The duty as told to the expert, normally [`CONFIDENTIALITY_DUTY`].
    pub duty: String,
    pub language: String,
    /// When the inviting State told the expert of the duty.
    pub informed_on: Date,
    pub acknowledged_on: Date,
}

impl ExpertAcknowledgement {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("expert name", &self.expert_name, MAX_SHORT, true)?;
        check_text("duty of confidentiality", &self.duty, MAX_TEXT, true)?;
        check_language(&self.language)?;
        if self.acknowledged_on < self.informed_on {
            return Err(invalid(
                Reason::new("refusal-expert-acknowledged-early"),
                "the expert cannot acknowledge the duty before being told of it",
            ));
        }
        Ok(())
    }

    /// Signs with the inviting State's identity key.
    pub fn sign(&self, identity: &IdentityKeypair) -> Result<SignedAcknowledgement, MeetingError> {
        self.validate()?;
        let body = codec::encode("expert acknowledgement", self, MAX_SIGNED_BYTES)?;
        let signature = identity.sign(&digest_parts(ACK_DOMAIN, &[&body]));
        Ok(SignedAcknowledgement { body, signature })
    }
}

/// An acknowledgement as signed: the exact bytes and the signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedAcknowledgement {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub signature: Signature,
}

impl SignedAcknowledgement {
    /// Decodes without checking the signature (to learn the inviting State).
    pub fn peek(&self) -> Result<ExpertAcknowledgement, MeetingError> {
        Ok(codec::decode("expert acknowledgement", &self.body, MAX_SIGNED_BYTES)?)
    }

    /// Verifies under the inviting State's identity key and decodes.
    pub fn verify(&self, key: &SigningPublicKey) -> Result<ExpertAcknowledgement, MeetingError> {
        let ack = self.peek()?;
        key.verify(&digest_parts(ACK_DOMAIN, &[&self.body]), &self.signature).map_err(|_| {
            MeetingError::BadSignature { what: "expert acknowledgement", signer: Party::State(ack.inviting_state) }
        })?;
        ack.validate()?;
        Ok(ack)
    }

    /// Verifies under the key the roster holds for the inviting State.
    pub fn verify_with(&self, roster: &Roster) -> Result<ExpertAcknowledgement, MeetingError> {
        let state = self.peek()?.inviting_state;
        let member = roster.member(state).ok_or_else(|| not_member(state))?;
        self.verify(&member.node.signing_key)
    }
}

/// ToR-8, ToR-15: an expert gets access only once accepted and once its
/// acknowledgement, signed by the proposer, is recorded.
pub fn expert_may_access(
    proposal_id: MessageId,
    proposal: &ExpertProposal,
    state: &ExpertState,
    ack: Option<&ExpertAcknowledgement>,
) -> bool {
    state.is_accepted()
        && ack.is_some_and(|a| {
            a.proposal == proposal_id && a.inviting_state == proposal.proposer && a.meeting == proposal.meeting
        })
}
