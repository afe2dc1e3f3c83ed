//! The Forum's meeting cycle on a node (issue 4; ToR-3 to 11, 14, 15, 17,
//! 22): both sides of every step, and what each node shows of it.
//!
//! - The Secretariat schedules meetings (ToR-3), sends the invitations
//!   (ToR-9), circulates the draft agenda built from the presentation intents
//!   it holds (ToR-10, ToR-11), records the agenda's adoption (which closes
//!   the intents), circulates expert proposals at once (ToR-8) and records
//!   the procedural decision after escalation.
//! - A State registers presentation intents (ToR-11) and its delegation
//!   (ToR-6, ToR-7), proposes experts, objects, consults, withdraws, and
//!   records its expert's signed acknowledgement (ToR-8, ToR-15).
//! - The Chair drafts a briefing for the meeting's participants, who consent
//!   or object (ToR-22).
//!
//! Every message travels in its own envelope; the sender keeps its copy and
//! the receiver what it accepted, as [`ExchangeEntry`]s under
//! `g/<message id>` in the `exchanges` column family, written in the batch
//! that queues or receipts the envelope. What a node shows (meetings,
//! intents, expert states, briefing clearance, deadlines) is folded from
//! those entries on every request: a cycle has tens of messages, and a fold
//! cannot drift from what was exchanged. The Secretariat's own schedule is
//! kept under `t/<meeting id>`.
//!
//! Who may send what is checked on both sides: the sender runs the full
//! protocol check (`meeting::check_*`) so that its user gets a clear error;
//! the receiver checks what it can decide alone (who sent it, which meeting
//! or proposal it names, dates not in the future). States of the expert
//! procedure and of a briefing are computed by the pure functions of
//! `dief_protocol::meeting`, which ignore steps that do not count (an
//! objection after the silence, a decision before escalation), so every node
//! holding the same steps shows the same state whatever order they arrived
//! in. Dates inside steps are those the signing party gives; a node refuses
//! only dates after its own tomorrow.
//!
//! Nothing here is case content (DESIGN invariant 1): intents, agenda items
//! and proposals name a case by id at most, and briefings, which draw on the
//! cases presented, are sealed to the participants only (the envelope layer
//! refuses to seal them to the Secretariat). No minutes exist (ToR-17).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use dief_protocol::meeting::{
    self, AgendaAdoption, AgendaItem, BriefingAnswer, BriefingAudience, BriefingDraft, BriefingResponse, BriefingState,
    Delegate, DraftAgenda, ExpertAcknowledgement, ExpertCirculation, ExpertEvent, ExpertProposal, ExpertRecord,
    ExpertState, IntentSubject, IntentWithdrawal, Invitation, Meeting, MeetingId, MeetingKind, PresentationIntent,
    Registration,
};
use dief_protocol::rules::{self, DeadlineState, Rule};
use dief_protocol::{CaseId, Date, MemberStatus, MessageId, Party, Payload, Roster, StateCode};
use serde::{Deserialize, Serialize};
use tracing::{debug, info, info_span, Instrument};

use crate::error::NodeError;
use crate::node::{Inner, Node, Queued};
use crate::procedures::Refusal;
use crate::records::{self, Direction, ExchangeEntry};
use crate::store::{Batch, Cf};
use crate::NodeResult;

// ---------------------------------------------------------------------------
// What users fill in, and what they get back
// ---------------------------------------------------------------------------

/// What the Secretariat fills in to schedule (or, with `id`, reschedule) a
/// meeting (ToR-3).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MeetingDraft {
    #[serde(default)]
    pub id: Option<MeetingId>,
    pub kind: MeetingKind,
    pub title: String,
    pub first_day: Date,
    pub last_day: Date,
    pub venue: String,
    pub call_for_submissions: String,
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "en".into()
}

/// A meeting the calendar accepted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Scheduled {
    pub meeting: Meeting,
    /// Rules already past their due day when the meeting was scheduled
    /// (ToR-9: a late invitation is flagged, not hidden).
    pub already_late: Vec<Rule>,
    /// Set when a rescheduled meeting's members were sent a new invitation.
    pub reinvited: Option<MessageId>,
}

/// One step a node took: the message and to whom it went.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Step {
    pub message_id: MessageId,
    pub recipients: Vec<Party>,
    /// The step went out after its deadline (it is sent, and flagged).
    #[serde(default)]
    pub late: bool,
    /// What the step was, for people: "draft agenda version 2", ...
    pub what: String,
}

/// What the Secretariat adds to the presentation items it builds from the
/// intents when it circulates a draft agenda (ToR-10).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AgendaDraft {
    /// Further items (opening, trends, any other business), after the
    /// presentations.
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub supporting_documents: Vec<String>,
    #[serde(default = "default_language")]
    pub language: String,
}

impl Default for AgendaDraft {
    /// No further item, in English (an empty language tag is invalid).
    fn default() -> Self {
        AgendaDraft { items: Vec::new(), supporting_documents: Vec::new(), language: default_language() }
    }
}

/// What a State fills in to announce a presentation (ToR-11). No text.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct IntentDraft {
    /// None: no meeting is announced yet; the intent applies to the next.
    #[serde(default)]
    pub meeting: Option<MeetingId>,
    /// One of this State's own cases; None: other information.
    #[serde(default)]
    pub case: Option<CaseId>,
    #[serde(default)]
    pub minutes: Option<u16>,
    #[serde(default)]
    pub with_expert: bool,
}

/// What a State fills in to propose a non-state expert (ToR-8).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExpertDraft {
    /// The presentation intent (its message id) the expert supports.
    pub presentation: MessageId,
    pub expert_name: String,
    #[serde(default)]
    pub affiliation: String,
    pub purpose: String,
    #[serde(default = "default_language")]
    pub language: String,
}

/// What the Chair fills in to draft a briefing (ToR-22).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BriefingInput {
    pub meeting: MeetingId,
    pub audience: BriefingAudience,
    pub text: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub based_on: Vec<CaseId>,
}

/// Where a presentation intent stands (ToR-11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntentState {
    /// No meeting to apply to yet.
    Waiting,
    /// Open for the meeting, until its agenda is adopted.
    Open,
    /// The meeting's agenda was adopted with the intent in it.
    Closed,
    Withdrawn,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IntentView {
    pub message_id: MessageId,
    pub intent: PresentationIntent,
    /// The meeting it applies to, named or (for an intent registered before
    /// any announcement) the next one whose agenda is open.
    pub meeting: Option<MeetingId>,
    pub state: IntentState,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InvitationView {
    pub message_id: MessageId,
    pub issued_on: Date,
    pub late: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AgendaView {
    pub message_id: MessageId,
    pub agenda: DraftAgenda,
    pub late: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExpertView {
    pub proposal_id: MessageId,
    pub proposal: ExpertProposal,
    /// ToR-8: visible to every member.
    pub state: ExpertState,
    pub circulated_on: Option<Date>,
    /// The last day of the 5-day silence procedure.
    pub silence_ends: Option<Date>,
    pub escalates_on: Date,
    pub records: Vec<ExpertRecord>,
    /// ToR-15: the signed acknowledgement, once recorded.
    pub acknowledgement: Option<ExpertAcknowledgement>,
    /// Accepted and acknowledged (ToR-8, ToR-15).
    pub may_access: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BriefingView {
    pub message_id: MessageId,
    pub chair: Party,
    pub draft: BriefingDraft,
    pub participants: Vec<StateCode>,
    pub responses: Vec<BriefingResponse>,
    /// ToR-22: visible to the participants.
    pub state: BriefingState,
}

/// A meeting as this node knows it. The Secretariat sees every intent; a
/// State sees its own. A node that is not a participant holds no briefing.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub invitation: Option<InvitationView>,
    pub agenda: Option<AgendaView>,
    pub adopted: Option<AgendaAdoption>,
    pub intents: Vec<IntentView>,
    pub registrations: Vec<Registration>,
    pub experts: Vec<ExpertView>,
    pub briefing: Option<BriefingView>,
}

/// Where one of this node's deadlines stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DeadlineStatus {
    Open {
        days_left: i32,
    },
    /// Due within a week: the node warns.
    Near {
        days_left: i32,
    },
    /// Past due and not done: the node warns.
    Missed {
        days_over: i32,
    },
    Done {
        on: Date,
        late: bool,
    },
}

impl DeadlineStatus {
    fn pending(due: Date, today: Date) -> Self {
        match DeadlineState::on(due, today) {
            DeadlineState::Open { days_left } => DeadlineStatus::Open { days_left },
            DeadlineState::Near { days_left } => DeadlineStatus::Near { days_left },
            DeadlineState::Missed { days_over } => DeadlineStatus::Missed { days_over },
        }
    }

    fn done(on: Date, due: Date) -> Self {
        DeadlineStatus::Done { on, late: on > due }
    }

    /// Near or missed: what a node warns about.
    pub fn warns(&self) -> bool {
        matches!(self, DeadlineStatus::Near { .. } | DeadlineStatus::Missed { .. })
    }
}

impl std::fmt::Display for DeadlineStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeadlineStatus::Open { days_left } => write!(f, "open, {days_left} days left"),
            DeadlineStatus::Near { days_left: 0 } => f.write_str("NEAR: due today"),
            DeadlineStatus::Near { days_left } => write!(f, "NEAR: {days_left} day(s) left"),
            DeadlineStatus::Missed { days_over } => write!(f, "MISSED by {days_over} day(s)"),
            DeadlineStatus::Done { on, late: false } => write!(f, "done on {on}"),
            DeadlineStatus::Done { on, late: true } => write!(f, "done late on {on}"),
        }
    }
}

/// One deadline this node has to meet, or follows (ToR-8 to 12).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DeadlineItem {
    /// None for a reply to a notice naming a meeting date this node was not
    /// invited to.
    pub meeting: Option<MeetingId>,
    pub meeting_day: Date,
    /// The day-counted rule, if the deadline is one (the silence procedure
    /// runs from circulation instead).
    pub rule: Option<Rule>,
    pub tor: String,
    pub what: String,
    pub due: Date,
    #[serde(flatten)]
    pub status: DeadlineStatus,
    /// This node acts; otherwise it is shown for information.
    pub mine: bool,
}

// ---------------------------------------------------------------------------
// The fold
// ---------------------------------------------------------------------------

fn store_failed(e: impl std::fmt::Display) -> Refusal {
    tracing::warn!(error = %e, "store read failed while applying a meeting message");
    Refusal { reason: "the receiving node could not read its store".into(), retryable: true }
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal { reason: reason.into(), retryable: false })
}

fn later<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal { reason: reason.into(), retryable: true })
}

fn today_of(now: i64) -> Date {
    Date::from_unix_ms(now)
}

/// Everything this node exchanged about meetings, and (on the Secretariat)
/// its schedule.
struct Calendar {
    me: Party,
    today: Date,
    scheduled: Vec<Meeting>,
    entries: Vec<ExchangeEntry>,
}

impl Calendar {
    fn load(inner: &Inner) -> NodeResult<Calendar> {
        let mut scheduled = Vec::new();
        for (_, v) in inner.store.scan_prefix(Cf::Exchanges, records::SCHEDULE_PREFIX)? {
            scheduled.push(records::decode::<Meeting>("meeting", &v)?);
        }
        let mut entries = Vec::new();
        for (_, v) in inner.store.scan_prefix(Cf::Exchanges, records::CALENDAR_PREFIX)? {
            entries.push(records::decode::<ExchangeEntry>("meeting message", &v)?);
        }
        // Message ids start with their time: this is the order they were made.
        entries.sort_by_key(|e| e.message_id);
        Ok(Calendar { me: inner.party, today: today_of(inner.clock.now_ms()), scheduled, entries })
    }

    fn payloads(&self) -> impl Iterator<Item = (&ExchangeEntry, &Payload)> {
        self.entries.iter().map(|e| (e, &e.payload))
    }

    /// The Secretariat's schedule, or the meetings this node was invited to
    /// (the latest invitation of each).
    fn meetings(&self) -> Vec<Meeting> {
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

    fn meeting(&self, id: MeetingId) -> Option<Meeting> {
        self.meetings().into_iter().find(|m| m.id == id)
    }

    fn invitation(&self, id: MeetingId) -> Option<(&ExchangeEntry, &Invitation)> {
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::Invitation(i) if i.meeting.id == id => Some((e, i)),
                _ => None,
            })
            .last()
    }

    fn agenda(&self, id: MeetingId) -> Option<(&ExchangeEntry, &DraftAgenda)> {
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::DraftAgenda(a) if a.meeting == id => Some((e, a)),
                _ => None,
            })
            .max_by_key(|(_, a)| a.version)
    }

    fn adoption(&self, id: MeetingId) -> Option<&AgendaAdoption> {
        self.payloads().find_map(|(_, p)| match p {
            Payload::AgendaAdoption(a) if a.meeting == id => Some(a),
            _ => None,
        })
    }

    fn adopted(&self) -> Vec<MeetingId> {
        self.payloads()
            .filter_map(|(_, p)| match p {
                Payload::AgendaAdoption(a) => Some(a.meeting),
                _ => None,
            })
            .collect()
    }

    fn intent(&self, id: MessageId) -> Option<(&ExchangeEntry, &PresentationIntent)> {
        self.payloads().find_map(|(e, p)| match p {
            Payload::PresentationIntent(i) if e.message_id == id => Some((e, i)),
            _ => None,
        })
    }

    fn intent_withdrawn(&self, id: MessageId) -> bool {
        self.payloads().any(|(_, p)| matches!(p, Payload::IntentWithdrawal(w) if w.intent == id))
    }

    /// Every intent with the meeting it applies to and its state.
    fn intents(&self) -> Vec<IntentView> {
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
    fn registrations(&self, id: MeetingId) -> BTreeMap<StateCode, Registration> {
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
    fn proposals(&self) -> Vec<(MessageId, ExpertProposal)> {
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

    fn proposal(&self, id: MessageId) -> Option<ExpertProposal> {
        self.proposals().into_iter().find(|(p, _)| *p == id).map(|(_, p)| p)
    }

    fn expert_records(&self) -> Vec<ExpertRecord> {
        self.payloads()
            .filter_map(|(_, p)| match p {
                Payload::ExpertCirculation(c) => Some(c.record()),
                Payload::ExpertRecord(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }

    fn acknowledgement(&self, proposal: MessageId) -> Option<ExpertAcknowledgement> {
        self.payloads()
            .filter_map(|(_, p)| match p {
                // Verified against the roster when it arrived or was made.
                Payload::ExpertAcknowledgement(s) => s.peek().ok().filter(|a| a.proposal == proposal),
                _ => None,
            })
            .last()
    }

    fn expert_view(&self, proposal_id: MessageId, proposal: ExpertProposal, meeting: &Meeting) -> ExpertView {
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
    fn briefing(&self, id: MeetingId) -> Option<(&ExchangeEntry, &BriefingDraft)> {
        self.payloads()
            .filter_map(|(e, p)| match p {
                Payload::BriefingDraft(b) if b.meeting == id => Some((e, b)),
                _ => None,
            })
            .max_by_key(|(_, b)| b.version)
    }

    fn briefing_view(&self, id: MeetingId) -> Option<BriefingView> {
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

    fn view(&self, m: &Meeting) -> MeetingView {
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

    /// ToR-8 to 12: this node's deadlines and the ones it follows.
    fn deadlines(&self, exchanges: &[ExchangeEntry]) -> Vec<DeadlineItem> {
        let today = self.today;
        let mut out = Vec::new();
        let meetings = self.meetings();
        let item = |m: &Meeting, rule: Rule, what: String, done: Option<Date>, mine: bool| {
            let due = rule.due(m.first_day);
            DeadlineItem {
                meeting: Some(m.id),
                meeting_day: m.first_day,
                rule: Some(rule),
                tor: rule.tor().to_string(),
                what,
                due,
                status: match done {
                    Some(on) => DeadlineStatus::done(on, due),
                    None => DeadlineStatus::pending(due, today),
                },
                mine,
            }
        };
        let secretariat = self.me.is_secretariat();
        for m in meetings.iter().filter(|m| !m.is_over(today)) {
            // The Secretariat's own acts (ToR-9, ToR-10); members see them
            // for information once invited.
            let invited = self.invitation(m.id).map(|(_, i)| i.issued_on);
            out.push(item(m, Rule::Invitation, format!("invitation to \"{}\"", m.title), invited, secretariat));
            let agenda = self.agenda(m.id).map(|(_, a)| a.circulated_on);
            out.push(item(m, Rule::DraftAgenda, format!("draft agenda of \"{}\"", m.title), agenda, secretariat));
            // ToR-8: every proposal's silence and, if objected, escalation.
            for (id, p) in self.proposals().into_iter().filter(|(_, p)| p.meeting == m.id) {
                let v = self.expert_view(id, p, m);
                if let (Some(ends), ExpertState::SilenceRunning { .. }) = (v.silence_ends, &v.state) {
                    out.push(DeadlineItem {
                        meeting: Some(m.id),
                        meeting_day: m.first_day,
                        rule: None,
                        tor: "ToR-8".into(),
                        what: format!("silence procedure on expert {}: objections until", v.proposal.expert_name),
                        due: ends,
                        status: DeadlineStatus::pending(ends, today),
                        // States Parties other than the proposer may object.
                        mine: self.me.state().is_some_and(|s| s != v.proposal.proposer),
                    });
                }
                if let ExpertState::Objected { .. } = v.state {
                    out.push(item(
                        m,
                        Rule::ExpertEscalation,
                        format!(
                            "unresolved objection to expert {} goes to the States Parties attending",
                            v.proposal.expert_name
                        ),
                        None,
                        secretariat,
                    ));
                }
            }
        }
        let Some(me) = self.me.state() else {
            out.sort_by_key(|d| (d.due, d.tor.clone()));
            return out;
        };
        // ToR-11: intents are taken until the agenda is adopted, at the
        // latest at the opening of the meeting.
        let intents = self.intents();
        for m in meetings.iter().filter(|m| !m.is_over(today) && self.adoption(m.id).is_none()) {
            let mine = intents
                .iter()
                .filter(|i| i.intent.presenter == me && i.meeting == Some(m.id) && i.state == IntentState::Open)
                .count();
            let what = match mine {
                0 => format!("presentation intents for \"{}\" close when its agenda is adopted", m.title),
                n => {
                    format!("{n} presentation intent(s) of yours stand for \"{}\" until its agenda is adopted", m.title)
                }
            };
            out.push(DeadlineItem {
                meeting: Some(m.id),
                meeting_day: m.first_day,
                rule: None,
                tor: "ToR-11".into(),
                what,
                due: m.first_day,
                status: DeadlineStatus::pending(m.first_day, today),
                mine: true,
            });
        }
        // A State's own: notices for the cases it will present, expert
        // proposals it announced (ToR-8, ToR-12).
        for i in intents {
            if i.intent.presenter != me || i.state != IntentState::Open {
                continue;
            }
            let Some(m) = i.meeting.and_then(|id| meetings.iter().find(|m| m.id == id)) else { continue };
            if let IntentSubject::Case { case_id } = i.intent.subject {
                let sent = exchanges.iter().find_map(|e| match &e.payload {
                    Payload::InvolvedNotice(n)
                        if e.direction == Direction::Sent && n.case_id == case_id && n.meeting_date == m.first_day =>
                    {
                        Some(today_of(e.at))
                    }
                    _ => None,
                });
                out.push(item(
                    m,
                    Rule::InvolvedNotice,
                    format!("involved-State notices for case {case_id}"),
                    sent,
                    true,
                ));
            }
            if i.intent.with_expert {
                let proposed = self.payloads().find_map(|(e, p)| match p {
                    Payload::ExpertProposal(x) if e.direction == Direction::Sent && x.presentation == i.message_id => {
                        Some(x.proposed_on)
                    }
                    _ => None,
                });
                out.push(item(
                    m,
                    Rule::ExpertProposal,
                    format!("expert proposal for presentation {}", i.message_id),
                    proposed,
                    true,
                ));
            }
        }
        // Replies to the notices this State received (ToR-12: T-15).
        for e in exchanges.iter().filter(|e| e.direction == Direction::Received) {
            let Payload::InvolvedNotice(n) = &e.payload else { continue };
            if today > n.meeting_date {
                continue;
            }
            let replied = exchanges.iter().find_map(|r| match &r.payload {
                Payload::NoticeReply(p) if r.direction == Direction::Sent && p.notice == e.message_id => {
                    Some(today_of(r.at))
                }
                _ => None,
            });
            let m = meetings.iter().find(|m| m.first_day == n.meeting_date);
            out.push(DeadlineItem {
                meeting: m.map(|m| m.id),
                meeting_day: n.meeting_date,
                rule: Some(Rule::InvolvedReply),
                tor: Rule::InvolvedReply.tor().into(),
                what: format!("reply to {}'s notice about case {}", e.from, n.case_id),
                due: n.reply_by,
                status: match replied {
                    Some(on) => DeadlineStatus::done(on, n.reply_by),
                    None => DeadlineStatus::pending(n.reply_by, today),
                },
                mine: true,
            });
        }
        out.sort_by_key(|d| (d.due, d.tor.clone()));
        out
    }
}

fn members(roster: &Roster) -> Vec<Party> {
    roster.members.iter().map(|m| Party::State(m.state)).collect()
}

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

impl Inner {
    /// Sends a meeting-cycle payload and keeps this node's copy under
    /// `g/<id>`, in the batch that queues it.
    async fn send_calendar(self: &Arc<Self>, to: Vec<Party>, payload: Payload, what: String) -> NodeResult<Step> {
        self.send_calendar_with(to, payload, what, None).await
    }

    /// [`Inner::send_calendar`], also writing `also` (a key and value in
    /// `exchanges`) in the same batch.
    async fn send_calendar_with(
        self: &Arc<Self>,
        to: Vec<Party>,
        payload: Payload,
        what: String,
        also: Option<(Vec<u8>, Vec<u8>)>,
    ) -> NodeResult<Step> {
        if to.is_empty() {
            return Err(NodeError::Invalid(format!("no member to send it to: {what}")));
        }
        let kind = payload.kind();
        let case_id = payload.case_id();
        let me = self.party;
        let now = self.clock.now_ms();
        let (recipients, kept) = (to.clone(), payload.clone());
        let to_shown = to.clone();
        let message_id = self
            .enqueue_with(to, Vec::new(), payload, case_id, move |id, batch| {
                let entry = ExchangeEntry {
                    message_id: id,
                    direction: Direction::Sent,
                    from: me,
                    to: recipients,
                    at: now,
                    payload: kept,
                };
                batch.put(Cf::Exchanges, &records::calendar_key(&id), &records::encode("meeting message", &entry)?);
                if let Some((key, value)) = also {
                    batch.put(Cf::Exchanges, &key, &value);
                }
                Ok(())
            })
            .instrument(info_span!("meeting_step", %kind))
            .await?;
        info!(message = %message_id, %kind, "{what} sent");
        Ok(Step { message_id, recipients: to_shown, late: false, what })
    }

    fn calendar(&self) -> NodeResult<Calendar> {
        Calendar::load(self)
    }

    fn deadlines(&self) -> NodeResult<Vec<DeadlineItem>> {
        let cal = self.calendar()?;
        let exchanges = self.exchanges_with_prefix(b"m/")?;
        Ok(cal.deadlines(&exchanges))
    }

    fn require_state(&self, what: &'static str) -> NodeResult<StateCode> {
        self.party.state().ok_or(NodeError::StateOnly(what))
    }

    fn require_secretariat(&self, what: &'static str) -> NodeResult<()> {
        if self.party.is_secretariat() {
            Ok(())
        } else {
            Err(NodeError::SecretariatOnly(what))
        }
    }
}

fn not_found(what: &'static str, id: impl ToString) -> NodeError {
    NodeError::NotFound { what, id: id.to_string() }
}

fn new_id(now: i64) -> NodeResult<MessageId> {
    MessageId::generate(u64::try_from(now).unwrap_or(0)).map_err(|e| NodeError::Invalid(e.to_string()))
}

impl Node {
    fn today(&self) -> Date {
        today_of(self.inner.clock.now_ms())
    }

    /// ToR-3: the Secretariat puts a meeting on the calendar (at most two a
    /// year, no overlap, not in the past). Rescheduling an invited meeting
    /// sends the members a new invitation at once.
    pub async fn schedule_meeting(&self, draft: MeetingDraft) -> NodeResult<Scheduled> {
        let inner = &self.inner;
        inner.require_secretariat("schedule meetings (ToR-3)")?;
        let today = self.today();
        let cal = inner.calendar()?;
        let id = match draft.id {
            Some(id) => {
                if cal.meeting(id).is_none() {
                    return Err(not_found("meeting", id));
                }
                id
            }
            None => MeetingId(new_id(inner.clock.now_ms())?),
        };
        let meeting = Meeting {
            id,
            kind: draft.kind,
            title: draft.title,
            first_day: draft.first_day,
            last_day: draft.last_day,
            venue: draft.venue,
            call_for_submissions: draft.call_for_submissions,
            language: draft.language,
        };
        let check = meeting::check_schedule(&cal.scheduled, &meeting, today)?;
        let stored = (records::schedule_key(&id), records::encode("meeting", &meeting)?);
        // A meeting the members were invited to is stored in the batch that
        // queues its new invitation: a node stopping in between cannot leave
        // the members with the old dates.
        let reinvited = if cal.invitation(id).is_some() {
            Some(self.send_invitation(meeting.clone(), Some(stored)).await?.message_id)
        } else {
            inner.store.put_sync(Cf::Exchanges, &stored.0, &stored.1)?;
            None
        };
        info!(meeting = %id, first_day = %meeting.first_day, late = ?check.already_late, "meeting scheduled");
        Ok(Scheduled { meeting, already_late: check.already_late, reinvited })
    }

    /// ToR-9: the invitation, with date, venue and the call for
    /// submissions, to every member. Sent late if it must be, and flagged.
    pub async fn invite(&self, id: MeetingId) -> NodeResult<Step> {
        let inner = &self.inner;
        inner.require_secretariat("send invitations (ToR-9)")?;
        let meeting = inner.calendar()?.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        self.send_invitation(meeting, None).await
    }

    async fn send_invitation(&self, meeting: Meeting, also: Option<(Vec<u8>, Vec<u8>)>) -> NodeResult<Step> {
        let inner = &self.inner;
        let invitation = Invitation { meeting, issued_on: self.today() };
        invitation.validate()?;
        let late = invitation.timeliness().is_late();
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let what = format!("invitation to \"{}\"", invitation.meeting.title);
        let payload = Payload::Invitation(invitation);
        let mut step = inner.send_calendar_with(members(&roster.roster), payload, what, also).await?;
        step.late = late;
        Ok(step)
    }

    /// ToR-10, ToR-11: circulates the draft agenda, encrypted to every
    /// member: one presentation item per open intent for the meeting, in
    /// the order they were registered, then `draft.items`. Each circulation
    /// is a new version.
    pub async fn circulate_agenda(&self, id: MeetingId, draft: AgendaDraft) -> NodeResult<Step> {
        let inner = &self.inner;
        inner.require_secretariat("circulate the draft agenda (ToR-10)")?;
        let cal = inner.calendar()?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        if cal.invitation(id).is_none() {
            return Err(NodeError::Invalid(format!("meeting {id} has no invitation yet: invite the members first")));
        }
        if let Some(a) = cal.adoption(id) {
            return Err(NodeError::Invalid(format!("the agenda of meeting {id} was adopted on {}", a.adopted_on)));
        }
        let today = self.today();
        let mut items: Vec<AgendaItem> = Vec::new();
        for i in cal.intents().into_iter().filter(|i| i.meeting == Some(id) && i.state == IntentState::Open) {
            items.push(AgendaItem {
                number: 0,
                title: i.intent.agenda_title(),
                presenter: Some(i.intent.presenter),
                intent: Some(i.message_id),
            });
        }
        for title in draft.items {
            items.push(AgendaItem { number: 0, title, presenter: None, intent: None });
        }
        for (n, item) in items.iter_mut().enumerate() {
            item.number = u16::try_from(n + 1).unwrap_or(u16::MAX);
        }
        let version = cal.agenda(id).map_or(1, |(_, a)| a.version.saturating_add(1));
        let agenda = DraftAgenda {
            meeting: id,
            version,
            circulated_on: today,
            items,
            supporting_documents: draft.supporting_documents,
            language: draft.language,
        };
        agenda.validate()?;
        let late = agenda.timeliness(&m).is_late();
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let what = format!("draft agenda version {version} of \"{}\"", m.title);
        let mut step = inner.send_calendar(members(&roster.roster), Payload::DraftAgenda(agenda), what).await?;
        step.late = late;
        Ok(step)
    }

    /// ToR-11: records that the meeting adopted the current draft agenda;
    /// no intent is taken for the meeting afterwards.
    pub async fn adopt_agenda(&self, id: MeetingId) -> NodeResult<Step> {
        let inner = &self.inner;
        inner.require_secretariat("record the adoption of the agenda (ToR-11)")?;
        let cal = inner.calendar()?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        let (_, agenda) =
            cal.agenda(id).ok_or_else(|| NodeError::Invalid(format!("meeting {id} has no draft agenda to adopt")))?;
        if let Some(a) = cal.adoption(id) {
            return Err(NodeError::Invalid(format!(
                "the agenda of meeting {id} was already adopted on {}",
                a.adopted_on
            )));
        }
        let adoption = AgendaAdoption { meeting: id, version: agenda.version, adopted_on: self.today() };
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let what = format!("adoption of the agenda of \"{}\"", m.title);
        inner.send_calendar(members(&roster.roster), Payload::AgendaAdoption(adoption), what).await
    }

    /// ToR-11: a State tells the Secretariat it intends to present one of its
    /// cases or other information, at any time, even before any meeting is
    /// announced, until the meeting's agenda is adopted. No text travels.
    pub async fn register_intent(&self, draft: IntentDraft) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("announce presentations (ToR-11)")?;
        let subject = match draft.case {
            Some(case_id) => {
                if case_id.provider() != me {
                    return Err(NodeError::Invalid(format!("{me} can only present its own cases, not {case_id}")));
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
            registered_on: self.today(),
        };
        let cal = inner.calendar()?;
        let meetings = cal.meetings();
        let adopted = cal.adopted();
        let target = meeting::intent_meeting(&intent, &meetings, &adopted, intent.registered_on);
        meeting::check_intent(&intent, target, target.and_then(|m| cal.adoption(m.id)))?;
        let what = match target {
            Some(m) => format!("presentation intent for \"{}\"", m.title),
            None => "presentation intent (no meeting announced yet)".into(),
        };
        inner.send_calendar(vec![Party::Secretariat], Payload::PresentationIntent(intent), what).await
    }

    /// ToR-11: withdraws one of this State's intents.
    pub async fn withdraw_intent(&self, intent: MessageId) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("withdraw presentation intents")?;
        let cal = inner.calendar()?;
        let (e, i) = cal.intent(intent).ok_or_else(|| not_found("presentation intent", intent))?;
        if i.presenter != me || e.direction != Direction::Sent {
            return Err(not_found("presentation intent", intent));
        }
        if cal.intent_withdrawn(intent) {
            return Err(NodeError::Invalid(format!("intent {intent} is already withdrawn")));
        }
        let what = format!("withdrawal of intent {intent}");
        inner
            .send_calendar(vec![Party::Secretariat], Payload::IntentWithdrawal(IntentWithdrawal { intent }), what)
            .await
    }

    /// ToR-6, ToR-7: registers (or revises) this State's delegation for a
    /// meeting; it goes to the Secretariat and every member, and nobody can
    /// object.
    pub async fn register_delegation(&self, id: MeetingId, delegates: Vec<Delegate>) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("register a delegation (ToR-6)")?;
        let cal = inner.calendar()?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        let held = cal.registrations(id).remove(&me);
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let reg = Registration {
            meeting: id,
            state: me,
            revision: held.as_ref().map_or(1, |h| h.revision.saturating_add(1)),
            delegates,
            registered_on: self.today(),
        };
        meeting::check_registration(&reg, inner.party, &roster.roster, &m, held.as_ref(), self.today())?;
        let mut to = members(&roster.roster);
        to.retain(|p| *p != inner.party);
        to.push(Party::Secretariat);
        let what = format!("registration of {me}'s delegation (revision {}) for \"{}\"", reg.revision, m.title);
        inner.send_calendar(to, Payload::Registration(reg), what).await
    }

    /// ToR-8: proposes a non-state expert for one of this State's
    /// presentations; it must reach the Secretariat by T-30.
    pub async fn propose_expert(&self, draft: ExpertDraft) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("propose experts (ToR-8)")?;
        let cal = inner.calendar()?;
        let intent = cal
            .intents()
            .into_iter()
            .find(|i| i.message_id == draft.presentation && i.intent.presenter == me)
            .ok_or_else(|| not_found("presentation intent of this State", draft.presentation))?;
        if intent.state == IntentState::Withdrawn {
            return Err(NodeError::Invalid(format!("intent {} is withdrawn", draft.presentation)));
        }
        if !matches!(intent.intent.subject, IntentSubject::Case { .. }) {
            return Err(NodeError::Invalid("an expert is proposed for a case presentation (ToR-8)".into()));
        }
        let m = intent
            .meeting
            .and_then(|id| cal.meeting(id))
            .ok_or_else(|| NodeError::Invalid("the presentation has no meeting yet".into()))?;
        let proposal = ExpertProposal {
            meeting: m.id,
            proposer: me,
            presentation: draft.presentation,
            expert_name: draft.expert_name,
            affiliation: draft.affiliation,
            purpose: draft.purpose,
            language: draft.language,
            proposed_on: self.today(),
        };
        proposal.check(&m, self.today())?;
        let what = format!("proposal of expert {} for \"{}\"", proposal.expert_name, m.title);
        inner.send_calendar(vec![Party::Secretariat], Payload::ExpertProposal(proposal), what).await
    }

    /// ToR-8: records a step of the expert procedure (an objection, a
    /// consultation, a withdrawal by a State; a decision by the
    /// Secretariat) and sends it to the Secretariat and every member.
    pub async fn expert_step(&self, proposal_id: MessageId, event: ExpertEvent) -> NodeResult<Step> {
        let inner = &self.inner;
        let cal = inner.calendar()?;
        let proposal = cal.proposal(proposal_id).ok_or_else(|| not_found("expert proposal", proposal_id))?;
        let m = cal.meeting(proposal.meeting).ok_or_else(|| not_found("meeting", proposal.meeting))?;
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let status = inner.party.state().and_then(|s| roster.roster.member(s)).map(|m| m.status);
        let record = ExpertRecord { proposal: proposal_id, by: inner.party, on: self.today(), event };
        let records = cal.expert_records();
        meeting::check_expert_record(proposal_id, &proposal, &m, &records, &record, status, self.today())?;
        let mut to = members(&roster.roster);
        to.retain(|p| *p != inner.party);
        if !inner.party.is_secretariat() {
            to.push(Party::Secretariat);
        }
        let what = format!("{} on expert {}", event_name(&record.event), proposal.expert_name);
        inner.send_calendar(to, Payload::ExpertRecord(record), what).await
    }

    /// ToR-15: the inviting State records its expert's acknowledgement of the
    /// duty of confidentiality, signed with its identity key, for every
    /// member to see.
    pub async fn acknowledge_expert(&self, proposal_id: MessageId, informed_on: Date) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("record an expert's acknowledgement (ToR-15)")?;
        let cal = inner.calendar()?;
        let proposal = cal.proposal(proposal_id).ok_or_else(|| not_found("expert proposal", proposal_id))?;
        if proposal.proposer != me {
            return Err(NodeError::Invalid(format!(
                "only {}, which proposed expert {}, records the acknowledgement",
                proposal.proposer, proposal.expert_name
            )));
        }
        let ack = ExpertAcknowledgement {
            meeting: proposal.meeting,
            proposal: proposal_id,
            inviting_state: me,
            expert_name: proposal.expert_name.clone(),
            duty: meeting::CONFIDENTIALITY_DUTY.into(),
            language: "en".into(),
            informed_on,
            acknowledged_on: self.today(),
        };
        let signed = ack.sign(&inner.keys.identity)?;
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        let mut to = members(&roster.roster);
        to.retain(|p| *p != inner.party);
        to.push(Party::Secretariat);
        let what = format!("acknowledgement of the duty of confidentiality by expert {}", proposal.expert_name);
        inner.send_calendar(to, Payload::ExpertAcknowledgement(signed), what).await
    }

    /// ToR-22: the Chair sends a draft briefing to the meeting's
    /// participants (the registered States, and the States whose cases it
    /// draws on). A new draft is a new version and restarts the clearance.
    pub async fn draft_briefing(&self, input: BriefingInput) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("draft briefings (ToR-22)")?;
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        if roster.roster.chair_at(inner.clock.now_ms()) != Some(me) {
            return Err(NodeError::Invalid(format!("only the Chair drafts briefings (ToR-22); {me} is not the Chair")));
        }
        let cal = inner.calendar()?;
        let m = cal.meeting(input.meeting).ok_or_else(|| not_found("meeting", input.meeting))?;
        let version = cal.briefing(m.id).map_or(1, |(_, b)| b.version.saturating_add(1));
        let draft = BriefingDraft {
            meeting: m.id,
            version,
            audience: input.audience,
            text: input.text,
            language: input.language,
            based_on: input.based_on,
            drafted_on: self.today(),
        };
        draft.validate()?;
        let mut to: BTreeSet<StateCode> = cal.registrations(m.id).into_keys().collect();
        to.extend(draft.presenters());
        to.remove(&me);
        let to: Vec<Party> = to.into_iter().filter(|s| roster.roster.member(*s).is_some()).map(Party::State).collect();
        if to.is_empty() {
            return Err(NodeError::Invalid(format!("no State has registered for \"{}\" yet", m.title)));
        }
        let what = format!("briefing draft version {version} for \"{}\"", m.title);
        inner.send_calendar(to, Payload::BriefingDraft(draft), what).await
    }

    /// ToR-22: a participant consents to or objects to the current briefing
    /// draft; the answer goes to the Chair and the other participants.
    pub async fn answer_briefing(&self, id: MeetingId, answer: BriefingAnswer) -> NodeResult<Step> {
        let inner = &self.inner;
        let me = inner.require_state("answer briefings (ToR-22)")?;
        let cal = inner.calendar()?;
        let (e, draft) = cal.briefing(id).ok_or_else(|| not_found("briefing for meeting", id))?;
        if !e.to.contains(&inner.party) {
            return Err(NodeError::Invalid(format!("{me} is not a participant of this briefing")));
        }
        let response = BriefingResponse { meeting: id, version: draft.version, by: me, answer };
        response.validate()?;
        let mut to: Vec<Party> = e.to.iter().copied().filter(|p| *p != inner.party).collect();
        to.push(e.from);
        let what = format!("answer to briefing version {} of meeting {id}", draft.version);
        inner.send_calendar(to, Payload::BriefingResponse(response), what).await
    }

    /// Every meeting this node knows (scheduled, or invited to), earliest
    /// first.
    pub fn meetings(&self) -> NodeResult<Vec<MeetingView>> {
        let cal = self.inner.calendar()?;
        Ok(cal.meetings().iter().map(|m| cal.view(m)).collect())
    }

    pub fn meeting(&self, id: MeetingId) -> NodeResult<MeetingView> {
        let cal = self.inner.calendar()?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        Ok(cal.view(&m))
    }

    /// Every intent this node holds: the Secretariat's are everyone's.
    pub fn intents(&self) -> NodeResult<Vec<IntentView>> {
        Ok(self.inner.calendar()?.intents())
    }

    /// This node's deadlines for the meetings not over, earliest first.
    pub fn deadlines(&self) -> NodeResult<Vec<DeadlineItem>> {
        self.inner.deadlines()
    }

    /// An iCalendar (RFC 5545) file of every meeting this node knows and
    /// its deadlines, for a delegation's calendar program.
    pub fn icalendar(&self) -> NodeResult<String> {
        let cal = self.inner.calendar()?;
        Ok(meeting::icalendar(&cal.meetings(), self.inner.party, self.today()))
    }

    /// What a member that joins after the cycle started needs from the
    /// Secretariat: the current contact cards, and the invitation, agenda,
    /// adoption and expert circulations of every meeting not over, and the
    /// Secretariat's decisions. Queued to `state` as fresh envelopes with
    /// the payloads as first sent.
    pub async fn catch_up(&self, state: StateCode) -> NodeResult<usize> {
        let inner = &self.inner;
        inner.require_secretariat("send a new member the current calendar")?;
        let roster = inner.roster().ok_or(NodeError::NoRoster)?;
        if roster.roster.member(state).is_none() {
            return Err(NodeError::Invalid(format!("{state} is not a member")));
        }
        let to = Party::State(state);
        let mut payloads: Vec<Payload> = Vec::new();
        for card in inner.directory_signed()? {
            if card.peek().is_ok_and(|c| c.state != state) {
                payloads.push(Payload::ContactCard(card));
            }
        }
        let cal = inner.calendar()?;
        let today = self.today();
        for m in cal.meetings().iter().filter(|m| !m.is_over(today)) {
            let Some((_, invitation)) = cal.invitation(m.id) else { continue };
            payloads.push(Payload::Invitation(invitation.clone()));
            if let Some((_, a)) = cal.agenda(m.id) {
                payloads.push(Payload::DraftAgenda(a.clone()));
            }
            if let Some(a) = cal.adoption(m.id) {
                payloads.push(Payload::AgendaAdoption(a.clone()));
            }
            for (_, p) in cal.payloads() {
                match p {
                    Payload::ExpertCirculation(c) if c.proposal.meeting == m.id => payloads.push(p.clone()),
                    Payload::ExpertRecord(r)
                        if r.by.is_secretariat() && cal.proposal(r.proposal).is_some_and(|x| x.meeting == m.id) =>
                    {
                        payloads.push(p.clone())
                    }
                    _ => {}
                }
            }
        }
        let n = payloads.len();
        if n == 0 {
            return Ok(0);
        }
        // One batch: the new member gets all of it or, if the node stops
        // first, none of it, never half a calendar.
        let now = inner.clock.now_ms();
        let mut batch = inner.store.batch();
        let mut events = Vec::with_capacity(n);
        for p in payloads {
            events.push(inner.queue_into(&roster.roster, &mut batch, vec![to], Vec::new(), p, None, now)?.event);
        }
        inner.audit.commit(&inner.store, batch, now, events).await?;
        inner.wake(&[to]);
        info!(%state, messages = n, "new member sent the current calendar and directory");
        Ok(n)
    }
}

/// How often a running node looks at its deadlines.
const DEADLINE_WATCH: std::time::Duration = std::time::Duration::from_secs(600);

/// Logs a warning, once per deadline and state, when one of this node's own
/// deadlines comes within a week or is missed: the operator sees it in the
/// log without asking (`dief deadlines` shows the same list).
pub(crate) async fn deadline_watch(inner: Arc<Inner>) {
    let mut shutdown = inner.shutdown_rx();
    let mut warned: BTreeSet<String> = BTreeSet::new();
    let mut tick = tokio::time::interval(DEADLINE_WATCH);
    loop {
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            _ = tick.tick() => {}
        }
        let items = match inner.deadlines() {
            Ok(items) => items,
            Err(e) => {
                debug!(error = %e, "deadlines not computed");
                continue;
            }
        };
        if warned.len() > 10_000 {
            warned.clear();
        }
        for d in items.iter().filter(|d| d.mine && d.status.warns()) {
            let near = matches!(d.status, DeadlineStatus::Near { .. });
            let key = format!("{}|{}|{}|{near}", d.tor, d.what, d.due);
            if warned.insert(key) {
                tracing::warn!(tor = %d.tor, due = %d.due, status = %d.status, "deadline: {}", d.what);
            }
        }
    }
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

// ---------------------------------------------------------------------------
// Receiving
// ---------------------------------------------------------------------------

/// Receive side of every meeting-cycle payload (see the module
/// documentation). Keeps the entry in `batch`; on the Secretariat, an
/// expert proposal also queues its circulation to every member in the same
/// batch (ToR-8: "at once").
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply(
    inner: &Arc<Inner>,
    sender: Party,
    message_id: MessageId,
    recipients: &[Party],
    payload: &Payload,
    now: i64,
    batch: &mut Batch,
) -> Result<Option<Queued>, Refusal> {
    let me = inner.party;
    let today = today_of(now);
    let Some(roster) = inner.roster() else { return later("this node has no roster yet") };
    let cal = Calendar::load(inner).map_err(store_failed)?;
    let from_secretariat = |what: &str| -> Result<(), Refusal> {
        if sender.is_secretariat() {
            Ok(())
        } else {
            refuse(format!("{what} comes from the Secretariat, not {sender}"))
        }
    };
    // Dates are the signer's; one in the future is refused (a day of clock
    // difference is allowed).
    let not_future = |on: Date, what: &str| -> Result<(), Refusal> {
        if on > today.add_days(1) {
            refuse(format!("{what} is dated {on}, after tomorrow ({})", today.add_days(1)))
        } else {
            Ok(())
        }
    };
    let known_meeting = |id: MeetingId| -> Result<Meeting, Refusal> {
        match cal.meeting(id) {
            Some(m) => Ok(m),
            // The invitation may still be on its way from the Secretariat.
            None if !me.is_secretariat() => later(format!("meeting {id} is not known here yet")),
            None => refuse(format!("meeting {id} is not on the calendar")),
        }
    };
    let mut relay = None;
    match payload {
        Payload::Invitation(i) => {
            from_secretariat("an invitation")?;
            not_future(i.issued_on, "the invitation")?;
        }
        Payload::DraftAgenda(a) => {
            from_secretariat("a draft agenda")?;
            known_meeting(a.meeting)?;
            not_future(a.circulated_on, "the draft agenda")?;
        }
        Payload::AgendaAdoption(a) => {
            from_secretariat("an agenda adoption")?;
            known_meeting(a.meeting)?;
        }
        Payload::PresentationIntent(i) => {
            if !me.is_secretariat() {
                return refuse("presentation intents go to the Secretariat only (ToR-11)");
            }
            if sender != Party::State(i.presenter) {
                return refuse(format!("{sender} cannot announce a presentation by {}", i.presenter));
            }
            not_future(i.registered_on, "the intent")?;
            let meetings = cal.meetings();
            let adopted = cal.adopted();
            let target = meeting::intent_meeting(i, &meetings, &adopted, today);
            if let Err(e) = meeting::check_intent(i, target, target.and_then(|m| cal.adoption(m.id))) {
                return refuse(e.to_string());
            }
        }
        Payload::IntentWithdrawal(w) => {
            if !me.is_secretariat() {
                return refuse("intent withdrawals go to the Secretariat only (ToR-11)");
            }
            match cal.intent(w.intent) {
                Some((e, _)) if e.from == sender => {}
                // The intent and its withdrawal come from one sender, in order.
                _ => return refuse(format!("{sender} registered no intent {}", w.intent)),
            }
        }
        Payload::Registration(r) => {
            let m = known_meeting(r.meeting)?;
            not_future(r.registered_on, "the registration")?;
            let held = cal.registrations(r.meeting).remove(&r.state);
            match meeting::check_registration(r, sender, &roster.roster, &m, held.as_ref(), r.registered_on) {
                Ok(()) => {}
                Err(meeting::MeetingError::Stale { .. }) => {
                    // A revision overtaken by a newer one: receipted, not kept.
                    debug!(state = %r.state, revision = r.revision, "older registration ignored");
                    return Ok(None);
                }
                Err(e) => return refuse(e.to_string()),
            }
        }
        Payload::ExpertProposal(p) => {
            if !me.is_secretariat() {
                return refuse("expert proposals go to the Secretariat (ToR-8)");
            }
            if sender != Party::State(p.proposer) {
                return refuse(format!("{sender} cannot propose an expert for {}", p.proposer));
            }
            let m = known_meeting(p.meeting)?;
            // ToR-8: it must reach the Secretariat by T-30: today, here.
            if let Err(e) = p.check(&m, today) {
                return refuse(e.to_string());
            }
            let intent_ok = cal.intents().into_iter().any(|i| {
                i.message_id == p.presentation
                    && i.intent.presenter == p.proposer
                    && i.meeting == Some(m.id)
                    && i.state != IntentState::Withdrawn
            });
            if !intent_ok {
                return refuse(format!(
                    "{} announced no presentation {} for meeting {}",
                    p.proposer, p.presentation, m.id
                ));
            }
            // ToR-8: circulated at once to every member; the silence starts.
            let circulation = ExpertCirculation { proposal_id: message_id, proposal: p.clone(), circulated_on: today };
            let to = members(&roster.roster);
            let queued = inner
                .queue_into(
                    &roster.roster,
                    batch,
                    to.clone(),
                    vec![message_id],
                    Payload::ExpertCirculation(circulation.clone()),
                    None,
                    now,
                )
                .map_err(|e| {
                    tracing::warn!(error = %e, "could not queue the circulation of an expert proposal");
                    Refusal { reason: "the Secretariat could not queue the circulation".into(), retryable: true }
                })?;
            let copy = ExchangeEntry {
                message_id: queued.message_id,
                direction: Direction::Sent,
                from: me,
                to,
                at: now,
                payload: Payload::ExpertCirculation(circulation),
            };
            keep(batch, &copy)?;
            relay = Some(queued);
        }
        Payload::ExpertCirculation(c) => {
            from_secretariat("an expert circulation")?;
            known_meeting(c.proposal.meeting)?;
            not_future(c.circulated_on, "the circulation")?;
        }
        Payload::ExpertRecord(r) => {
            if r.by != sender {
                return refuse(format!("{sender} cannot record a step taken by {}", r.by));
            }
            not_future(r.on, "the step")?;
            let Some(p) = cal.proposal(r.proposal) else {
                return later(format!("expert proposal {} is not known here yet", r.proposal));
            };
            if let Err(e) = r.validate() {
                return refuse(e.to_string());
            }
            match (&r.event, sender.state()) {
                (ExpertEvent::Objection { .. }, Some(s)) => {
                    if roster.roster.member(s).map(|m| m.status) != Some(MemberStatus::StateParty) {
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
        }
        Payload::ExpertAcknowledgement(signed) => {
            let ack = match signed.verify_with(&roster.roster) {
                Ok(a) => a,
                Err(e) => return refuse(format!("expert acknowledgement refused: {e}")),
            };
            if sender != Party::State(ack.inviting_state) {
                return refuse(format!("{sender} cannot record {}'s acknowledgement", ack.inviting_state));
            }
            match cal.proposal(ack.proposal) {
                Some(p) if p.proposer == ack.inviting_state => {}
                Some(_) => return refuse(format!("{} did not propose this expert", ack.inviting_state)),
                None => return later(format!("expert proposal {} is not known here yet", ack.proposal)),
            }
        }
        Payload::BriefingDraft(b) => {
            let chair = roster.roster.chair_at(now);
            if sender.state().is_none() || sender.state() != chair {
                return refuse(format!("only the Chair drafts briefings (ToR-22), not {sender}"));
            }
            known_meeting(b.meeting)?;
        }
        Payload::BriefingResponse(r) => {
            if sender != Party::State(r.by) {
                return refuse(format!("{sender} cannot answer for {}", r.by));
            }
            match cal.briefing(r.meeting) {
                Some((e, d)) if d.version >= r.version => {
                    let participant = e.to.contains(&sender) || e.from == sender;
                    if !participant {
                        return refuse(format!("{sender} is not a participant of this briefing"));
                    }
                }
                // The draft may still be on its way.
                _ => {
                    return later(format!(
                        "briefing version {} of meeting {} is not known here yet",
                        r.version, r.meeting
                    ))
                }
            }
        }
        _ => return refuse(format!("{} is not a meeting message", payload.kind())),
    }
    let entry = ExchangeEntry {
        message_id,
        direction: Direction::Received,
        from: sender,
        to: recipients.to_vec(),
        at: now,
        payload: payload.clone(),
    };
    keep(batch, &entry)?;
    Ok(relay)
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

/// Whether `payload` is one [`apply`] handles.
pub(crate) fn is_meeting_payload(payload: &Payload) -> bool {
    payload.kind().is_meeting_cycle()
}
