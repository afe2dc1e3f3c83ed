//! A State's side of the cycle: presentation intents (ToR-11), its
//! delegation (ToR-6, 7), and the non-state expert procedure: proposing,
//! objecting, consulting, withdrawing, and the expert's signed
//! acknowledgement of the confidentiality duty (ToR-8, 15).

use dief_protocol::meeting::{
    self, Delegate, ExpertAcknowledgement, ExpertEvent, ExpertProposal, ExpertRecord, IntentSubject, IntentWithdrawal,
    MeetingId, PresentationIntent, Registration,
};
use dief_protocol::reason::Reason;
use dief_protocol::sealed::{MemberText, TextContext};
use dief_protocol::{Date, MessageId, Party, Payload};

use crate::services::records::Direction;

use crate::core::error::{NodeError, NodeResult};
use crate::core::node::Node;
use crate::services::meetings::calendar::{members, CONSULTATION_FIELD, OBJECTION_FIELD, PURPOSE_FIELD};
use crate::services::meetings::send::{calendar, not_found, require_state, send_calendar, send_calendar_as, today};
use crate::services::meetings::views::{ExpertDraft, IntentDraft, IntentState, Step};

impl Node {
    /// ToR-11: a State tells the Secretariat it intends to present one of its
    /// cases or other information, at any time, even before any meeting is
    /// announced, until the meeting's agenda is adopted. No text travels.
    pub async fn register_intent(&self, draft: IntentDraft) -> NodeResult<Step> {
        let core = self.core();
        let me = require_state(core, "announce presentations (ToR-11)")?;
        let subject = match draft.case {
            Some(case_id) => {
                if case_id.provider() != me {
                    return Err(NodeError::Refused(
                        Reason::new("refusal-meetings-intent-not-own-case").text("state", me).text("case", case_id),
                    ));
                }
                // Not found, or a store failure, as it is.
                self.case(&case_id)?;
                IntentSubject::Case { case_id }
            }
            None => IntentSubject::OtherInformation,
        };
        let intent = PresentationIntent {
            presenter: me,
            meeting: draft.meeting,
            subject,
            minutes: draft.minutes,
            with_expert: draft.with_expert,
            registered_on: today(self.core()),
        };
        let cal = calendar(core)?;
        let meetings = cal.meetings();
        let adopted = cal.adopted();
        let target = meeting::intent_meeting(&intent, &meetings, &adopted, intent.registered_on);
        meeting::check_intent(&intent, target, target.and_then(|m| cal.adoption(m.id)))?;
        let what = match target {
            Some(m) => format!("presentation intent for \"{}\"", m.title),
            None => "presentation intent (no meeting announced yet)".into(),
        };
        send_calendar(core, vec![Party::Secretariat], Payload::PresentationIntent(intent), what).await
    }

    /// ToR-11: withdraws one of this State's intents.
    pub async fn withdraw_intent(&self, intent: MessageId) -> NodeResult<Step> {
        let core = self.core();
        let me = require_state(core, "withdraw presentation intents")?;
        let cal = calendar(core)?;
        let (e, i) = cal.intent(intent).ok_or_else(|| not_found("presentation intent", intent))?;
        if i.presenter != me || e.direction != Direction::Sent {
            return Err(not_found("presentation intent", intent));
        }
        if cal.intent_withdrawn(intent) {
            return Err(NodeError::Refused(
                Reason::new("refusal-meetings-intent-already-withdrawn").text("intent", intent),
            ));
        }
        let what = format!("withdrawal of intent {intent}");
        send_calendar(core, vec![Party::Secretariat], Payload::IntentWithdrawal(IntentWithdrawal { intent }), what)
            .await
    }

    /// ToR-6, ToR-7: registers (or revises) this State's delegation for a
    /// meeting; it goes to the Secretariat and every member, and nobody can
    /// object.
    pub async fn register_delegation(&self, id: MeetingId, delegates: Vec<Delegate>) -> NodeResult<Step> {
        let core = self.core();
        let me = require_state(core, "register a delegation (ToR-6)")?;
        let cal = calendar(core)?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        let held = cal.registrations(id).remove(&me);
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        let reg = Registration {
            meeting: id,
            state: me,
            revision: held.as_ref().map_or(1, |h| h.revision.saturating_add(1)),
            delegates,
            registered_on: today(self.core()),
        };
        meeting::check_registration(&reg, core.party(), &roster.roster, &m, held.as_ref(), today(self.core()))?;
        let mut to = members(&roster.roster);
        to.retain(|p| *p != core.party());
        to.push(Party::Secretariat);
        let what = format!("registration of {me}'s delegation (revision {}) for \"{}\"", reg.revision, m.title);
        send_calendar(core, to, Payload::Registration(reg), what).await
    }

    /// ToR-8: proposes a non-state expert for one of this State's
    /// presentations; it must reach the Secretariat by T-30.
    pub async fn propose_expert(&self, draft: ExpertDraft) -> NodeResult<Step> {
        let core = self.core();
        let me = require_state(core, "propose experts (ToR-8)")?;
        let cal = calendar(core)?;
        let intent = cal
            .intents()
            .into_iter()
            .find(|i| i.message_id == draft.presentation && i.intent.presenter == me)
            .ok_or_else(|| not_found("presentation intent of this State", draft.presentation))?;
        if intent.state == IntentState::Withdrawn {
            return Err(NodeError::Refused(
                Reason::new("refusal-meetings-expert-intent-withdrawn").text("intent", draft.presentation),
            ));
        }
        if !matches!(intent.intent.subject, IntentSubject::Case { .. }) {
            return Err(NodeError::Refused(Reason::new("refusal-meetings-expert-case-only")));
        }
        let m = intent
            .meeting
            .and_then(|id| cal.meeting(id))
            .ok_or_else(|| NodeError::Refused(Reason::new("refusal-meetings-expert-no-meeting")))?;
        let proposal = ExpertProposal {
            meeting: m.id,
            proposer: me,
            presentation: draft.presentation,
            expert_name: draft.expert_name,
            affiliation: draft.affiliation,
            purpose: MemberText::Clear(draft.purpose),
            language: draft.language,
            proposed_on: today(self.core()),
        };
        // Checked in clear, then sealed to the members: the Secretariat
        // checks the deadline and circulates the proposal, and may not read
        // why the expert is proposed (issue 11 item 4).
        proposal.check(&m, today(self.core()))?;
        let id = core.next_message_id(core.now_ms())?;
        let mut proposal = proposal;
        proposal.purpose = seal(core, &proposal.purpose, id, PURPOSE_FIELD)?;
        let what = format!("proposal of expert {} for \"{}\"", proposal.expert_name, m.title);
        send_calendar_as(core, id, vec![Party::Secretariat], Payload::ExpertProposal(proposal), what).await
    }

    /// ToR-8: records a step of the expert procedure (an objection, a
    /// consultation, a withdrawal by a State; a decision by the
    /// Secretariat) and sends it to the Secretariat and every member.
    pub async fn expert_step(&self, proposal_id: MessageId, event: ExpertEvent) -> NodeResult<Step> {
        let core = self.core();
        let cal = calendar(core)?;
        let proposal = cal.proposal(proposal_id).ok_or_else(|| not_found("expert proposal", proposal_id))?;
        let m = cal.meeting(proposal.meeting).ok_or_else(|| not_found("meeting", proposal.meeting))?;
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        let status = core.party().state().and_then(|s| roster.roster.member(s)).map(|m| m.status);
        let record = ExpertRecord { proposal: proposal_id, by: core.party(), on: today(self.core()), event };
        let records = cal.expert_records();
        meeting::check_expert_record(proposal_id, &proposal, &m, &records, &record, status, today(self.core()))?;
        let mut to = members(&roster.roster);
        to.retain(|p| *p != core.party());
        if !core.party().is_secretariat() {
            to.push(Party::Secretariat);
        }
        let what = format!("{} on expert {}", event_name(&record.event), proposal.expert_name);
        // Objections and consultations go to the Secretariat too (it follows
        // the procedure), their text sealed to the members only.
        let id = core.next_message_id(core.now_ms())?;
        let mut record = record;
        match &mut record.event {
            ExpertEvent::Objection { reason } => *reason = seal(core, reason, id, OBJECTION_FIELD)?,
            ExpertEvent::Consultation { note, .. } => *note = seal(core, note, id, CONSULTATION_FIELD)?,
            _ => {}
        }
        send_calendar_as(core, id, to, Payload::ExpertRecord(record), what).await
    }

    /// ToR-15: the inviting State records its expert's acknowledgement of the
    /// duty of confidentiality, signed with its identity key, for every
    /// member to see.
    pub async fn acknowledge_expert(&self, proposal_id: MessageId, informed_on: Date) -> NodeResult<Step> {
        self.acknowledge_expert_in(proposal_id, informed_on, "en").await
    }

    /// [`Self::acknowledge_expert`] with the duty worded, from the
    /// catalogs, in `language`, the one the expert was told it in (ToR-23).
    pub async fn acknowledge_expert_in(
        &self,
        proposal_id: MessageId,
        informed_on: Date,
        language: &str,
    ) -> NodeResult<Step> {
        let language = crate::core::users::language(language)?;
        let core = self.core();
        let me = require_state(core, "record an expert's acknowledgement (ToR-15)")?;
        let cal = calendar(core)?;
        let proposal = cal.proposal(proposal_id).ok_or_else(|| not_found("expert proposal", proposal_id))?;
        if proposal.proposer != me {
            return Err(NodeError::Refused(
                Reason::new("refusal-meetings-expert-ack-proposer-only")
                    .text("proposer", proposal.proposer)
                    .text("expert", &proposal.expert_name),
            ));
        }
        let ack = ExpertAcknowledgement {
            meeting: proposal.meeting,
            proposal: proposal_id,
            inviting_state: me,
            expert_name: proposal.expert_name.clone(),
            duty: crate::core::i18n::Tr::new(language).t("meetings-cycle-duty"),
            language: language.into(),
            informed_on,
            acknowledged_on: today(self.core()),
        };
        let signed = core.with_identity(|id| ack.sign(id))?;
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        let mut to = members(&roster.roster);
        to.retain(|p| *p != core.party());
        to.push(Party::Secretariat);
        let what = format!("acknowledgement of the duty of confidentiality by expert {}", proposal.expert_name);
        send_calendar(core, to, Payload::ExpertAcknowledgement(signed), what).await
    }
}

/// Seals a text this node wrote to the member States, bound to this node,
/// the message `id` and `field`. A text already sealed is refused: only
/// what this node's user wrote is sealed here.
fn seal(
    core: &crate::core::handle::Core,
    text: &MemberText,
    id: MessageId,
    field: &'static str,
) -> NodeResult<MemberText> {
    let Some(clear) = text.clear() else {
        return Err(NodeError::Refused(Reason::new("refusal-meetings-text-not-clear").text("field", field)));
    };
    core.seal_for_members(clear, &TextContext { sender: core.party(), message: id, field })
}

fn event_name(e: &ExpertEvent) -> &'static str {
    match e {
        ExpertEvent::Circulated => "circulation",
        ExpertEvent::Objection { .. } => "objection",
        ExpertEvent::Consultation { .. } => "consultation",
        ExpertEvent::Decision { .. } => "decision",
        ExpertEvent::Withdrawn => "withdrawal",
    }
}
