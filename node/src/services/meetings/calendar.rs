//! The fold: everything this node exchanged about meetings (`g/` entries)
//! and, on the Secretariat, its schedule (`t/`), read back on each request
//! and folded into meetings, intents, expert states and briefing clearance.
//! A cycle has tens of messages, and a fold cannot drift from what was
//! exchanged.

use std::collections::{BTreeMap, BTreeSet};

use dief_protocol::meeting::ExpertEvent;
use dief_protocol::meeting::{
    self, AgendaAdoption, BriefingDraft, BriefingResponse, DraftAgenda, ExpertAcknowledgement, ExpertProposal,
    ExpertRecord, Invitation, Meeting, MeetingId, PresentationIntent, Registration,
};
use dief_protocol::rules::{self, Rule};
use dief_protocol::sealed::{MemberText, TextContext};
use dief_protocol::{Date, MessageId, Party, Payload, Roster, StateCode};

use crate::core::error::NodeResult;
use crate::core::handle::Core;
use crate::core::store::{Batch, Cf};
use crate::services::meetings::views::{
    AgendaView, BriefingView, ExpertView, IntentState, IntentView, InvitationView, MeetingView,
};
use crate::services::records::{self, ExchangeEntry};

pub(crate) fn today_of(now: i64) -> Date {
    Date::from_unix_ms(now)
}

/// Everything this node exchanged about meetings, and (on the Secretariat)
/// its schedule.
pub(crate) struct Calendar {
    pub(crate) me: Party,
    pub(crate) today: Date,
    pub(crate) scheduled: Vec<Meeting>,
    pub(crate) entries: Vec<ExchangeEntry>,
}

impl Calendar {
    pub(crate) fn load(core: &Core) -> NodeResult<Calendar> {
        let mut scheduled = Vec::new();
        for (_, v) in core.store().scan_prefix(Cf::Exchanges, records::SCHEDULE_PREFIX)? {
            scheduled.push(records::decode::<Meeting>("meeting", &v)?);
        }
        let mut entries = Vec::new();
        for (_, v) in core.store().scan_prefix(Cf::Exchanges, records::CALENDAR_PREFIX)? {
            entries.push(records::decode::<ExchangeEntry>("meeting message", &v)?);
        }
        // Message ids start with their time: this is the order they were made.
        entries.sort_by_key(|e| e.message_id);
        Ok(Calendar { me: core.party(), today: today_of(core.now_ms()), scheduled, entries })
    }

    /// Replaces each text sealed to the members (an expert's purpose, an
    /// objection's reason, a consultation note) by its clear text where
    /// this node can open it, each bound to its sender, message and field.
    /// In memory only: what is stored and relayed stays sealed.
    pub(crate) fn open_sealed(&mut self, core: &Core) {
        if self.me.is_secretariat() {
            return;
        }
        for e in &mut self.entries {
            each_text(e.message_id, &mut e.payload, |text, ctx| *text = core.open_for_view(text, &ctx));
        }
    }

    pub(crate) fn payloads(&self) -> impl Iterator<Item = (&ExchangeEntry, &Payload)> {
        self.entries.iter().map(|e| (e, &e.payload))
    }

    /// The Secretariat's schedule, or the meetings this node was invited to
    /// (the latest invitation of each).
    pub(crate) fn meetings(&self) -> Vec<Meeting> {
        if self.me.is_secretariat() {
            let mut m = self.scheduled.clone();
            m.sort_by_key(|m| (m.first_day, m.id));
            return m;
        }
        let mut by_id: BTreeMap<MeetingId, Meeting> = BTreeMap::new();
        for (e, p) in self.payloads() {
            if let (Payload::Invitation(i), true) = (p, e.from.is_secretariat()) {
                by_id.insert(i.meeting.id, i.meeting.clone());
            }
        }
        let mut m: Vec<Meeting> = by_id.into_values().collect();
        m.sort_by_key(|m| (m.first_day, m.id));
        m
    }

    pub(crate) fn meeting(&self, id: MeetingId) -> Option<Meeting> {
        self.meetings().into_iter().find(|m| m.id == id)
    }

    pub(crate) fn invitation(&self, id: MeetingId) -> Option<(&ExchangeEntry, &Invitation)> {
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::Invitation(i) if i.meeting.id == id => Some((e, i)),
                _ => None,
            })
            .last()
    }

    pub(crate) fn agenda(&self, id: MeetingId) -> Option<(&ExchangeEntry, &DraftAgenda)> {
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::DraftAgenda(a) if a.meeting == id => Some((e, a)),
                _ => None,
            })
            .max_by_key(|(_, a)| a.version)
    }

    pub(crate) fn adoption(&self, id: MeetingId) -> Option<&AgendaAdoption> {
        self.payloads().find_map(|(_, p)| match p {
            Payload::AgendaAdoption(a) if a.meeting == id => Some(a),
            _ => None,
        })
    }

    pub(crate) fn adopted(&self) -> Vec<MeetingId> {
        self.payloads()
            .filter_map(|(_, p)| match p {
                Payload::AgendaAdoption(a) => Some(a.meeting),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn intent(&self, id: MessageId) -> Option<(&ExchangeEntry, &PresentationIntent)> {
        self.payloads().find_map(|(e, p)| match p {
            Payload::PresentationIntent(i) if e.message_id == id => Some((e, i)),
            _ => None,
        })
    }

    pub(crate) fn intent_withdrawn(&self, id: MessageId) -> bool {
        self.payloads().any(|(_, p)| matches!(p, Payload::IntentWithdrawal(w) if w.intent == id))
    }

    /// Every intent with the meeting it applies to and its state.
    pub(crate) fn intents(&self) -> Vec<IntentView> {
        let meetings = self.meetings();
        let adoptions: Vec<(MessageId, MeetingId)> = self
            .payloads()
            .filter_map(|(e, p)| match p {
                Payload::AgendaAdoption(a) => Some((e.message_id, a.meeting)),
                _ => None,
            })
            .collect();
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::PresentationIntent(i) => Some((e, i)),
                _ => None,
            })
            .map(|(e, i)| {
                // An intent that names no meeting applies to the first one
                // not begun when it was made whose agenda was not adopted
                // before it (message ids start with their time). It stays
                // with that meeting, closed, once that agenda is adopted.
                let adopted_before: Vec<MeetingId> =
                    adoptions.iter().filter(|(id, _)| *id < e.message_id).map(|(_, m)| *m).collect();
                let meeting = meeting::intent_meeting(i, &meetings, &adopted_before, i.registered_on).map(|m| m.id);
                let state = if self.intent_withdrawn(e.message_id) {
                    IntentState::Withdrawn
                } else {
                    match meeting {
                        None => IntentState::Waiting,
                        Some(m) if adoptions.iter().any(|(_, a)| *a == m) => IntentState::Closed,
                        Some(_) => IntentState::Open,
                    }
                };
                IntentView { message_id: e.message_id, intent: i.clone(), meeting, state }
            })
            .collect()
    }

    /// The newest registration of each State for `id`.
    pub(crate) fn registrations(&self, id: MeetingId) -> BTreeMap<StateCode, Registration> {
        let mut out: BTreeMap<StateCode, Registration> = BTreeMap::new();
        for (_, p) in self.payloads() {
            if let Payload::Registration(r) = p {
                if r.meeting == id && out.get(&r.state).is_none_or(|h| h.revision < r.revision) {
                    out.insert(r.state, r.clone());
                }
            }
        }
        out
    }

    /// Every proposal this node knows: circulated ones, and the ones it sent
    /// or received that are not circulated yet.
    pub(crate) fn proposals(&self) -> Vec<(MessageId, ExpertProposal)> {
        let mut out: BTreeMap<MessageId, ExpertProposal> = BTreeMap::new();
        for (e, p) in self.payloads() {
            match p {
                Payload::ExpertProposal(x) => {
                    out.entry(e.message_id).or_insert_with(|| x.clone());
                }
                Payload::ExpertCirculation(c) => {
                    out.insert(c.proposal_id, c.proposal.clone());
                }
                _ => {}
            }
        }
        out.into_iter().collect()
    }

    pub(crate) fn proposal(&self, id: MessageId) -> Option<ExpertProposal> {
        self.proposals().into_iter().find(|(p, _)| *p == id).map(|(_, p)| p)
    }

    pub(crate) fn expert_records(&self) -> Vec<ExpertRecord> {
        self.payloads()
            .filter_map(|(_, p)| match p {
                Payload::ExpertCirculation(c) => Some(c.record()),
                Payload::ExpertRecord(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn acknowledgement(&self, proposal: MessageId) -> Option<ExpertAcknowledgement> {
        self.payloads()
            .filter_map(|(_, p)| match p {
                // Verified against the roster when it arrived or was made.
                Payload::ExpertAcknowledgement(s) => s.peek().ok().filter(|a| a.proposal == proposal),
                _ => None,
            })
            .last()
    }

    pub(crate) fn expert_view(
        &self,
        proposal_id: MessageId,
        proposal: ExpertProposal,
        meeting: &Meeting,
    ) -> ExpertView {
        let all = self.expert_records();
        let state = meeting::expert_state(proposal_id, &proposal, meeting, &all, self.today);
        let records: Vec<ExpertRecord> = all.into_iter().filter(|r| r.proposal == proposal_id).collect();
        let circulated_on = records.iter().find(|r| r.event == ExpertEvent::Circulated).map(|r| r.on);
        let acknowledgement = self.acknowledgement(proposal_id);
        let may_access = meeting::expert_may_access(proposal_id, &proposal, &state, acknowledgement.as_ref());
        ExpertView {
            proposal_id,
            state,
            circulated_on,
            silence_ends: circulated_on.map(rules::silence_ends),
            escalates_on: Rule::ExpertEscalation.due(meeting.first_day),
            records,
            acknowledgement,
            may_access,
            proposal,
        }
    }

    /// The newest briefing draft for `id`, with the States it was sent to.
    pub(crate) fn briefing(&self, id: MeetingId) -> Option<(&ExchangeEntry, &BriefingDraft)> {
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::BriefingDraft(b) if b.meeting == id => Some((e, b)),
                _ => None,
            })
            .max_by_key(|(_, b)| b.version)
    }

    pub(crate) fn briefing_view(&self, id: MeetingId) -> Option<BriefingView> {
        let (e, draft) = self.briefing(id)?;
        let participants: BTreeSet<StateCode> = e.to.iter().filter_map(|p| p.state()).collect();
        let responses: Vec<BriefingResponse> = self
            .payloads()
            .filter_map(|(_, p)| match p {
                Payload::BriefingResponse(r) if r.meeting == id && r.version == draft.version => Some(r.clone()),
                _ => None,
            })
            .collect();
        let state = meeting::briefing_state(draft, &participants, &responses);
        Some(BriefingView {
            message_id: e.message_id,
            chair: e.from,
            draft: draft.clone(),
            participants: participants.into_iter().collect(),
            responses,
            state,
        })
    }

    pub(crate) fn view(&self, m: &Meeting) -> MeetingView {
        let invitation = self.invitation(m.id).map(|(e, i)| InvitationView {
            message_id: e.message_id,
            issued_on: i.issued_on,
            late: i.timeliness().is_late(),
        });
        let agenda = self.agenda(m.id).map(|(e, a)| AgendaView {
            message_id: e.message_id,
            agenda: a.clone(),
            late: a.timeliness(m).is_late(),
        });
        let intents = self.intents().into_iter().filter(|i| i.meeting == Some(m.id)).collect();
        let experts = self
            .proposals()
            .into_iter()
            .filter(|(_, p)| p.meeting == m.id)
            .map(|(id, p)| self.expert_view(id, p, m))
            .collect();
        MeetingView {
            meeting: m.clone(),
            invitation,
            agenda,
            adopted: self.adoption(m.id).cloned(),
            intents,
            registrations: self.registrations(m.id).into_values().collect(),
            experts,
            briefing: self.briefing_view(m.id),
        }
    }
}

/// The field names a sealed text is bound to (its associated data).
pub(crate) const PURPOSE_FIELD: &str = "expert purpose";
pub(crate) const OBJECTION_FIELD: &str = "objection reason";
pub(crate) const CONSULTATION_FIELD: &str = "consultation note";

/// Calls `f` on each text of a meeting message `id` that may be sealed to
/// the members, with what it is bound to: a proposal's purpose to the
/// proposer and the id the proposal reached the Secretariat under (which
/// the circulation names); an objection or consultation to the State that
/// made it and the message that carried it.
fn each_text(id: MessageId, payload: &mut Payload, mut f: impl FnMut(&mut MemberText, TextContext<'static>)) {
    let purpose = |proposal_id: MessageId, p: &ExpertProposal| TextContext {
        sender: Party::State(p.proposer),
        message: proposal_id,
        field: PURPOSE_FIELD,
    };
    match payload {
        Payload::ExpertProposal(p) => {
            let ctx = purpose(id, p);
            f(&mut p.purpose, ctx)
        }
        Payload::ExpertCirculation(c) => {
            let ctx = purpose(c.proposal_id, &c.proposal);
            f(&mut c.proposal.purpose, ctx)
        }
        Payload::ExpertRecord(r) => {
            let sender = r.by;
            let (text, field) = match &mut r.event {
                ExpertEvent::Objection { reason } => (reason, OBJECTION_FIELD),
                ExpertEvent::Consultation { note, .. } => (note, CONSULTATION_FIELD),
                _ => return,
            };
            f(text, TextContext { sender, message: id, field })
        }
        _ => {}
    }
}

/// Keeps in `batch` the clear text of every text of meeting message `id`
/// sealed to this member (`Core::keep_opened`), as it arrives or is sent,
/// so that it stays readable after the sender's or this node's keys
/// change. The Secretariat opens none.
pub(crate) fn keep_opened_texts(core: &Core, batch: &mut Batch, id: MessageId, payload: &Payload) {
    let texts =
        matches!(payload, Payload::ExpertProposal(_) | Payload::ExpertCirculation(_) | Payload::ExpertRecord(_));
    if core.party().is_secretariat() || !texts {
        return;
    }
    let mut payload = payload.clone();
    each_text(id, &mut payload, |text, ctx| core.keep_opened(batch, text, &ctx));
}

pub(crate) fn members(roster: &Roster) -> Vec<Party> {
    roster.members.iter().map(|m| Party::State(m.state)).collect()
}
