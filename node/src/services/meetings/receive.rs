//! The receive side of every meeting-cycle payload: what a node can decide
//! alone about a step another party took (who sent it, which meeting or
//! proposal it names, dates not in the future), one function per kind.
//! The entry is kept under `g/<message id>`; on the Secretariat an expert
//! proposal also queues its circulation to every member in the same batch
//! (ToR-8: "at once").

use dief_protocol::meeting::{
    self, AgendaAdoption, BriefingDraft, BriefingResponse, DraftAgenda, ExpertCirculation, ExpertEvent, ExpertProposal,
    ExpertRecord, IntentWithdrawal, Invitation, Meeting, MeetingId, PresentationIntent, Registration,
    SignedAcknowledgement,
};
use dief_protocol::sealed::MemberText;
use dief_protocol::{Date, MemberStatus, Party, Payload};
use tracing::debug;

use crate::core::handle::{Core, Queued, RosterState};
use crate::core::service::{later, refuse, Applied, Arrival, Refusal};
use crate::core::store::{Batch, Cf};
use crate::services::exchange::received;
use crate::services::meetings::calendar::{
    members, Calendar, Held, CONSULTATION_FIELD, OBJECTION_FIELD, PURPOSE_FIELD,
};
use crate::services::meetings::views::IntentState;
use crate::services::records::{self, Direction, ExchangeEntry};

/// What a step's check decided.
enum Take {
    /// Keep the entry.
    Keep,
    /// Keep the entry; this node queued `Queued` in the same batch and
    /// kept its own copy, the entry given.
    Relay(Box<(Queued, ExchangeEntry)>),
    /// Receipted but not kept (superseded).
    Ignore,
}

/// What every check of one arrival needs.
struct Check<'a> {
    core: &'a Core,
    arrival: &'a Arrival<'a>,
    me: Party,
    today: Date,
    roster: &'a RosterState,
    cal: Calendar,
}

/// Checks an arriving meeting-cycle payload and keeps it in `batch`.
pub(super) fn apply(core: &Core, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal> {
    let Some(roster) = core.roster() else { return later("this node has no roster yet") };
    let cal = Calendar::load(core).map_err(Refusal::store_failed)?;
    let c = Check { core, arrival, me: core.party(), today: Date::from_unix_ms(arrival.now), roster: &roster, cal };
    let take = match arrival.payload {
        Payload::Invitation(i) => c.invitation(i),
        Payload::DraftAgenda(a) => c.draft_agenda(a),
        Payload::AgendaAdoption(a) => c.adoption(a),
        Payload::PresentationIntent(i) => c.intent(i),
        Payload::IntentWithdrawal(w) => c.intent_withdrawal(w),
        Payload::Registration(r) => c.registration(r),
        Payload::ExpertProposal(p) => c.expert_proposal(p, batch),
        Payload::ExpertCirculation(x) => c.circulation(x),
        Payload::ExpertRecord(r) => c.expert_record(r),
        Payload::ExpertAcknowledgement(s) => c.acknowledgement(s),
        Payload::BriefingDraft(b) => c.briefing_draft(b),
        Payload::BriefingResponse(r) => c.briefing_response(r),
        other => refuse(format!("{} is not a meeting message", other.kind())),
    }?;
    let (relay, copy) = match take {
        Take::Ignore => return Ok(Applied::default()),
        Take::Keep => (None, None),
        Take::Relay(relay) => {
            let (q, copy) = *relay;
            (Some(q), Some(copy))
        }
    };
    let entry = received(arrival);
    keep(batch, &entry)?;
    super::calendar::keep_opened_texts(core, batch, arrival.message_id, arrival.payload);
    let core = core.clone();
    // Every `g/` entry the batch holds reaches the calendar snapshot.
    let kept = move || {
        Held::kept(&core, Some(entry), None);
        if copy.is_some() {
            Held::kept(&core, copy, None);
        }
    };
    Ok(Applied { relay, after_commit: Some(Box::new(kept)) })
}

/// A member's free text must arrive sealed to the members (issue 11): a
/// clear one was readable by the Secretariat, which receives or relays it.
fn sealed(text: &MemberText, field: &str) -> Result<(), Refusal> {
    text.require_sealed(field).or_else(|e| refuse(e.to_string()))
}

fn keep(batch: &mut Batch, entry: &ExchangeEntry) -> Result<(), Refusal> {
    match records::encode("meeting message", entry) {
        Ok(v) => {
            batch.put(Cf::Exchanges, &records::calendar_key(&entry.message_id), &v);
            Ok(())
        }
        Err(e) => refuse(e.to_string()),
    }
}

impl Check<'_> {
    fn sender(&self) -> Party {
        self.arrival.sender
    }

    fn sent_by_secretariat(&self, what: &str) -> Result<(), Refusal> {
        if self.sender().is_secretariat() {
            Ok(())
        } else {
            refuse(format!("{what} comes from the Secretariat, not {}", self.sender()))
        }
    }

    /// Dates are the signer's; one in the future is refused (a day of clock
    /// difference is allowed).
    fn not_future(&self, on: Date, what: &str) -> Result<(), Refusal> {
        let tomorrow = self.today.add_days(1);
        if on > tomorrow {
            refuse(format!("{what} is dated {on}, after tomorrow ({tomorrow})"))
        } else {
            Ok(())
        }
    }

    fn known_meeting(&self, id: MeetingId) -> Result<Meeting, Refusal> {
        match self.cal.meeting(id) {
            Some(m) => Ok(m),
            // The invitation may still be on its way from the Secretariat.
            None if !self.me.is_secretariat() => later(format!("meeting {id} is not known here yet")),
            None => refuse(format!("meeting {id} is not on the calendar")),
        }
    }

    fn invitation(&self, i: &Invitation) -> Result<Take, Refusal> {
        self.sent_by_secretariat("an invitation")?;
        self.not_future(i.issued_on, "the invitation")?;
        Ok(Take::Keep)
    }

    fn draft_agenda(&self, a: &DraftAgenda) -> Result<Take, Refusal> {
        self.sent_by_secretariat("a draft agenda")?;
        self.known_meeting(a.meeting)?;
        self.not_future(a.circulated_on, "the draft agenda")?;
        Ok(Take::Keep)
    }

    fn adoption(&self, a: &AgendaAdoption) -> Result<Take, Refusal> {
        self.sent_by_secretariat("an agenda adoption")?;
        self.known_meeting(a.meeting)?;
        Ok(Take::Keep)
    }

    fn intent(&self, i: &PresentationIntent) -> Result<Take, Refusal> {
        if !self.me.is_secretariat() {
            return refuse("presentation intents go to the Secretariat only (ToR-11)");
        }
        if self.sender() != Party::State(i.presenter) {
            return refuse(format!("{} cannot announce a presentation by {}", self.sender(), i.presenter));
        }
        self.not_future(i.registered_on, "the intent")?;
        let meetings = self.cal.meetings();
        let adopted = self.cal.adopted();
        let target = meeting::intent_meeting(i, &meetings, &adopted, self.today);
        if let Err(e) = meeting::check_intent(i, target, target.and_then(|m| self.cal.adoption(m.id))) {
            return refuse(e.to_string());
        }
        Ok(Take::Keep)
    }

    fn intent_withdrawal(&self, w: &IntentWithdrawal) -> Result<Take, Refusal> {
        if !self.me.is_secretariat() {
            return refuse("intent withdrawals go to the Secretariat only (ToR-11)");
        }
        match self.cal.intent(w.intent) {
            Some((e, _)) if e.from == self.sender() => Ok(Take::Keep),
            // The intent and its withdrawal come from one sender, in order.
            _ => refuse(format!("{} registered no intent {}", self.sender(), w.intent)),
        }
    }

    fn registration(&self, r: &Registration) -> Result<Take, Refusal> {
        let m = self.known_meeting(r.meeting)?;
        self.not_future(r.registered_on, "the registration")?;
        let held = self.cal.registrations(r.meeting).remove(&r.state);
        match meeting::check_registration(r, self.sender(), &self.roster.roster, &m, held.as_ref(), r.registered_on) {
            Ok(()) => Ok(Take::Keep),
            Err(meeting::MeetingError::Stale { .. }) => {
                // A revision overtaken by a newer one: receipted, not kept.
                debug!(state = %r.state, revision = r.revision, "older registration ignored");
                Ok(Take::Ignore)
            }
            Err(e) => refuse(e.to_string()),
        }
    }

    fn expert_proposal(&self, p: &ExpertProposal, batch: &mut Batch) -> Result<Take, Refusal> {
        if !self.me.is_secretariat() {
            return refuse("expert proposals go to the Secretariat (ToR-8)");
        }
        if self.sender() != Party::State(p.proposer) {
            return refuse(format!("{} cannot propose an expert for {}", self.sender(), p.proposer));
        }
        let m = self.known_meeting(p.meeting)?;
        // ToR-8: it must reach the Secretariat by T-30: today, here.
        if let Err(e) = p.check(&m, self.today) {
            return refuse(e.to_string());
        }
        let intent_ok = self.cal.intents().into_iter().any(|i| {
            i.message_id == p.presentation
                && i.intent.presenter == p.proposer
                && i.meeting == Some(m.id)
                && i.state != IntentState::Withdrawn
        });
        if !intent_ok {
            return refuse(format!("{} announced no presentation {} for meeting {}", p.proposer, p.presentation, m.id));
        }
        sealed(&p.purpose, PURPOSE_FIELD)?;
        let (queued, copy) = self.circulate(p, batch)?;
        Ok(Take::Relay(Box::new((queued, copy))))
    }

    /// ToR-8: the Secretariat circulates a proposal at once to every
    /// member, in the batch that receives it; the silence starts.
    fn circulate(&self, p: &ExpertProposal, batch: &mut Batch) -> Result<(Queued, ExchangeEntry), Refusal> {
        let (message_id, now) = (self.arrival.message_id, self.arrival.now);
        let circulation = ExpertCirculation { proposal_id: message_id, proposal: p.clone(), circulated_on: self.today };
        let to = members(&self.roster.roster);
        let queued = self
            .core
            .queue_into(
                &self.roster.roster,
                batch,
                to.clone(),
                vec![message_id],
                Payload::ExpertCirculation(circulation.clone()),
                None,
                now,
            )
            .map_err(|e| {
                tracing::warn!(error = %e, "could not queue the circulation of an expert proposal");
                Refusal::later("the Secretariat could not queue the circulation")
            })?;
        let copy = ExchangeEntry {
            message_id: queued.message_id,
            direction: Direction::Sent,
            from: self.me,
            to,
            at: now,
            payload: Payload::ExpertCirculation(circulation),
        };
        keep(batch, &copy)?;
        Ok((queued, copy))
    }

    fn circulation(&self, c: &ExpertCirculation) -> Result<Take, Refusal> {
        self.sent_by_secretariat("an expert circulation")?;
        self.known_meeting(c.proposal.meeting)?;
        self.not_future(c.circulated_on, "the circulation")?;
        // The Secretariat relays the proposal as it came: a clear purpose
        // means it (or the proposer's old node) exposed what is not its own.
        sealed(&c.proposal.purpose, PURPOSE_FIELD)?;
        Ok(Take::Keep)
    }

    fn expert_record(&self, r: &ExpertRecord) -> Result<Take, Refusal> {
        let sender = self.sender();
        if r.by != sender {
            return refuse(format!("{sender} cannot record a step taken by {}", r.by));
        }
        self.not_future(r.on, "the step")?;
        let Some(p) = self.cal.proposal(r.proposal) else {
            return later(format!("expert proposal {} is not known here yet", r.proposal));
        };
        if let Err(e) = r.validate() {
            return refuse(e.to_string());
        }
        match (&r.event, sender.state()) {
            (ExpertEvent::Objection { .. }, Some(s)) => {
                if self.roster.roster.member(s).map(|m| m.status) != Some(MemberStatus::StateParty) {
                    return refuse(format!("only a State Party may object to an expert (ToR-8), not {s}"));
                }
                if s == p.proposer {
                    return refuse("the proposer cannot object to its own expert");
                }
            }
            (ExpertEvent::Withdrawn, _) if sender != Party::State(p.proposer) => {
                return refuse(format!("only {} withdraws its proposal", p.proposer));
            }
            _ => {}
        }
        match &r.event {
            ExpertEvent::Objection { reason } => sealed(reason, OBJECTION_FIELD)?,
            ExpertEvent::Consultation { note, .. } => sealed(note, CONSULTATION_FIELD)?,
            _ => {}
        }
        Ok(Take::Keep)
    }

    fn acknowledgement(&self, signed: &SignedAcknowledgement) -> Result<Take, Refusal> {
        let ack = match signed.verify_with(&self.roster.roster) {
            Ok(a) => a,
            Err(e) => return refuse(format!("expert acknowledgement refused: {e}")),
        };
        if self.sender() != Party::State(ack.inviting_state) {
            return refuse(format!("{} cannot record {}'s acknowledgement", self.sender(), ack.inviting_state));
        }
        match self.cal.proposal(ack.proposal) {
            Some(p) if p.proposer == ack.inviting_state => Ok(Take::Keep),
            Some(_) => refuse(format!("{} did not propose this expert", ack.inviting_state)),
            None => later(format!("expert proposal {} is not known here yet", ack.proposal)),
        }
    }

    fn briefing_draft(&self, b: &BriefingDraft) -> Result<Take, Refusal> {
        let sender = self.sender();
        let chair = self.roster.roster.chair_at(self.arrival.now);
        if sender.state().is_none() || sender.state() != chair {
            return refuse(format!("only the Chair drafts briefings (ToR-22), not {sender}"));
        }
        self.known_meeting(b.meeting)?;
        Ok(Take::Keep)
    }

    fn briefing_response(&self, r: &BriefingResponse) -> Result<Take, Refusal> {
        let sender = self.sender();
        if sender != Party::State(r.by) {
            return refuse(format!("{sender} cannot answer for {}", r.by));
        }
        match self.cal.briefing(r.meeting) {
            Some((e, d)) if d.version >= r.version => {
                if e.to.contains(&sender) || e.from == sender {
                    Ok(Take::Keep)
                } else {
                    refuse(format!("{sender} is not a participant of this briefing"))
                }
            }
            // The draft may still be on its way.
            _ => later(format!("briefing version {} of meeting {} is not known here yet", r.version, r.meeting)),
        }
    }
}
