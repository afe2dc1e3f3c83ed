//! The Forum's meeting cycle (issue 4): the types and pure state machines of
//! what the Secretariat coordinates, without any case content.
//!
//! This module owns:
//! - [`Meeting`] and its scheduling check (ToR-3: at most two a year; every
//!   meeting carries a call for submissions);
//! - the [`Invitation`] (ToR-9), the [`DraftAgenda`] and its
//!   [`AgendaAdoption`] (ToR-10, ToR-14), the [`PresentationIntent`] (ToR-11);
//! - the [`Registration`] of a delegation with roles (ToR-6, ToR-7);
//! - the non-state expert procedure (ToR-8): [`ExpertProposal`], the recorded
//!   [`ExpertRecord`] events and [`expert_state`], and the signed
//!   confidentiality acknowledgement (ToR-15, [`ExpertAcknowledgement`]);
//! - signed [`ContactCard`]s and the [`Directory`] (ToR-20);
//! - briefing clearance (ToR-22): [`BriefingDraft`], [`BriefingResponse`],
//!   [`briefing_state`];
//! - the per-meeting deadline list ([`deadlines`]) and its iCalendar export
//!   ([`icalendar`], RFC 5545).
//!
//! Every day-counted rule comes from [`crate::rules`] (DESIGN invariant 5).
//! Like the rest of the crate this is pure: "today" is always passed in.
//!
//! The payload structs are designed to become `Payload` variants later; each
//! has a `validate()` that checks what the payload alone can show. Who may
//! send what needs the receiver's state (roster, recorded events), and is
//! checked by the `check_*` functions here, which the node calls.
//!
//! Nothing here is case content (ToR-14: the Secretariat coordinates the
//! calendar and must never hold a case): intents, agenda items and expert
//! proposals name a case at most by its [`CaseId`], which carries no content.
//! There are deliberately no minutes or meeting records (ToR-17).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError};
use crate::date::Date;
use crate::ids::{CaseId, IdError, MessageId, Party, StateCode};
use crate::keys::{digest_parts, IdentityKeypair, Signature, SigningPublicKey};
use crate::payload::{PayloadError, MAX_TEXT, MAX_TITLE};
use crate::procedure::{check_language, check_text};
use crate::roster::{MemberStatus, Roster};
use crate::rules::{self, DeadlineState, Rule, Timeliness};

// ---------------------------------------------------------------------------
// Limits and shared checks
// ---------------------------------------------------------------------------

/// Longest meeting, in days (first to last day inclusive).
pub const MAX_MEETING_DAYS: i32 = 31;
/// Longest short field: a venue, a name, an agency, an e-mail address.
pub const MAX_SHORT: usize = 256;
/// Most items on an agenda.
pub const MAX_AGENDA_ITEMS: usize = 200;
/// Most delegates a State lists for one meeting (ToR-7 refers to Rules 6-8,
/// which set no hard cap; this bounds a payload).
pub const MAX_DELEGATES: usize = 100;
/// Most contacts on one contact card.
pub const MAX_CONTACTS: usize = 32;
/// Largest encoded contact card or acknowledgement.
pub const MAX_SIGNED_BYTES: usize = 256 * 1024;
/// Longest speaking time a presentation intent may request, in minutes.
pub const MAX_PRESENTATION_MINUTES: u16 = 180;

const CARD_DOMAIN: &[u8] = b"dief/contact-card/v1";
const ACK_DOMAIN: &[u8] = b"dief/expert-acknowledgement/v1";

fn invalid(msg: impl Into<String>) -> PayloadError {
    PayloadError::Invalid(msg.into())
}

/// Why a meeting-cycle step is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MeetingError {
    #[error(transparent)]
    Payload(#[from] PayloadError),
    #[error(transparent)]
    Codec(#[from] CodecError),
    /// ToR-3: the calendar refuses the meeting.
    #[error("{0}")]
    Calendar(String),
    /// The step is not allowed in the current state, or not to this party.
    #[error("{0}")]
    Refused(String),
    #[error("{what} signature does not verify under the key of {signer}")]
    BadSignature { what: &'static str, signer: Party },
    #[error("{what}: version {offered} is not newer than the one held ({held}): refused")]
    Stale { what: &'static str, offered: u64, held: u64 },
    #[error("version {0} is already held")]
    AlreadyHeld(u64),
}

fn refused(msg: impl Into<String>) -> MeetingError {
    MeetingError::Refused(msg.into())
}

// ---------------------------------------------------------------------------
// Meetings (ToR-3)
// ---------------------------------------------------------------------------

/// A meeting of the Forum, named by the Secretariat when it schedules it.
/// Text form: the 26-character ULID.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MeetingId(pub MessageId);

impl fmt::Display for MeetingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for MeetingId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        s.parse().map(MeetingId)
    }
}

/// ToR-3: the Forum meets during the CSP and/or its preparatory meetings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// During a Conference of States Parties.
    Csp,
    /// During a preparatory meeting of a CSP.
    Preparatory,
}

impl MeetingKind {
    pub fn describe(self) -> &'static str {
        match self {
            MeetingKind::Csp => "during the Conference of States Parties",
            MeetingKind::Preparatory => "during a CSP preparatory meeting",
        }
    }
}

/// A meeting as the Secretariat schedules it (ToR-3) and announces it in the
/// invitation (ToR-9: date and venue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub kind: MeetingKind,
    /// E.g. "DIEF meeting at CSP11".
    pub title: String,
    /// T in every deadline rule.
    pub first_day: Date,
    pub last_day: Date,
    pub venue: String,
    /// ToR-3, ToR-9: the CSP President's call for submissions of cases and
    /// other information; every meeting carries one.
    pub call_for_submissions: String,
    /// BCP 47 tag of the free text (ToR-23).
    pub language: String,
}

impl Meeting {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("meeting title", &self.title, MAX_TITLE, true)?;
        check_text("venue", &self.venue, MAX_SHORT, true)?;
        // ToR-3, ToR-9: no meeting without a call for submissions.
        check_text("call for submissions", &self.call_for_submissions, MAX_TEXT, true)?;
        check_language(&self.language)?;
        if self.last_day < self.first_day {
            return Err(invalid(format!(
                "the meeting's last day {} is before its first day {}",
                self.last_day, self.first_day
            )));
        }
        let days = self.days();
        if days > MAX_MEETING_DAYS {
            return Err(invalid(format!("a meeting of {days} days is longer than {MAX_MEETING_DAYS} days")));
        }
        Ok(())
    }

    /// Length in days, both ends included.
    pub fn days(&self) -> i32 {
        self.last_day.days_after(self.first_day) + 1
    }

    pub fn overlaps(&self, other: &Meeting) -> bool {
        self.first_day <= other.last_day && other.first_day <= self.last_day
    }

    /// Whether the meeting has begun on `today` (no more preparation steps).
    pub fn has_begun(&self, today: Date) -> bool {
        today >= self.first_day
    }

    /// Whether the meeting is over on `today`.
    pub fn is_over(&self, today: Date) -> bool {
        today > self.last_day
    }
}

/// What the calendar says about a meeting it accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleCheck {
    /// Rules whose due day had already passed on the day of scheduling: the
    /// calendar flags them (ToR-9: a late invitation is shown, not hidden).
    pub already_late: Vec<Rule>,
}

/// ToR-3: whether `new` may be scheduled on `today` next to `existing`.
/// A meeting with the same id as an existing one is a rescheduling and is
/// not counted twice. Refused: an invalid meeting, one that starts today or
/// earlier, a third one in the calendar year of its first day (through
/// [`rules::meeting_allowed`]), and one whose days overlap another's.
pub fn check_schedule(existing: &[Meeting], new: &Meeting, today: Date) -> Result<ScheduleCheck, MeetingError> {
    new.validate()?;
    if new.first_day <= today {
        return Err(MeetingError::Calendar(format!(
            "a meeting must be scheduled after today ({today}); {} has begun or passed",
            new.first_day
        )));
    }
    let others: Vec<&Meeting> = existing.iter().filter(|m| m.id != new.id).collect();
    let firsts: Vec<Date> = others.iter().map(|m| m.first_day).collect();
    // ToR-3: at most two meetings a year.
    rules::meeting_allowed(&firsts, new.first_day).map_err(MeetingError::Calendar)?;
    if let Some(clash) = others.iter().find(|m| m.overlaps(new)) {
        return Err(MeetingError::Calendar(format!(
            "the meeting of {} to {} overlaps meeting {} ({} to {})",
            new.first_day, new.last_day, clash.id, clash.first_day, clash.last_day
        )));
    }
    let already_late = Rule::ALL.into_iter().filter(|r| r.due(new.first_day) < today).collect();
    Ok(ScheduleCheck { already_late })
}

// ---------------------------------------------------------------------------
// Invitation (ToR-9), agenda (ToR-10, ToR-14), intents (ToR-11)
// ---------------------------------------------------------------------------

/// ToR-9: the invitation the Secretariat (with the Chair) sends to every
/// member, with date and venue and the call for submissions (both inside
/// [`Meeting`]). Due at T-50 ([`Rule::Invitation`]). Not case content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub meeting: Meeting,
    pub issued_on: Date,
}

impl Invitation {
    pub fn validate(&self) -> Result<(), PayloadError> {
        self.meeting.validate()?;
        if self.issued_on >= self.meeting.first_day {
            return Err(invalid("an invitation must be issued before the meeting begins"));
        }
        Ok(())
    }

    /// ToR-9: on time when issued at T-50 or earlier.
    pub fn timeliness(&self) -> Timeliness {
        Rule::Invitation.check(self.meeting.first_day, self.issued_on)
    }
}

/// One item of a draft agenda. A presentation item names the presenting
/// State and the intent it comes from, never what the case is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    /// 1, 2, 3, ... in order.
    pub number: u16,
    pub title: String,
    #[serde(default)]
    pub presenter: Option<StateCode>,
    /// The presentation intent (its message id) the item comes from.
    #[serde(default)]
    pub intent: Option<MessageId>,
}

/// ToR-10: the draft agenda (and, where feasible, the titles of supporting
/// documents), circulated at T-30 at the latest ([`Rule::DraftAgenda`]).
/// ToR-14: it is confidential, so it travels as a payload encrypted to the
/// members only. A later version replaces an earlier one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftAgenda {
    pub meeting: MeetingId,
    /// 1 for the first draft, then one more per revision.
    pub version: u32,
    pub circulated_on: Date,
    pub items: Vec<AgendaItem>,
    #[serde(default)]
    pub supporting_documents: Vec<String>,
    pub language: String,
}

impl DraftAgenda {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid("agenda versions start at 1"));
        }
        check_language(&self.language)?;
        if self.items.is_empty() {
            return Err(PayloadError::Empty("agenda"));
        }
        if self.items.len() > MAX_AGENDA_ITEMS {
            return Err(invalid(format!("an agenda has at most {MAX_AGENDA_ITEMS} items")));
        }
        for (i, item) in self.items.iter().enumerate() {
            check_text("agenda item title", &item.title, MAX_TITLE, true)?;
            if usize::from(item.number) != i + 1 {
                return Err(invalid(format!("agenda item {} is numbered {}", i + 1, item.number)));
            }
            if item.intent.is_some() && item.presenter.is_none() {
                return Err(invalid(format!("agenda item {} comes from an intent but names no presenter", i + 1)));
            }
        }
        if self.supporting_documents.len() > MAX_AGENDA_ITEMS {
            return Err(invalid(format!("at most {MAX_AGENDA_ITEMS} supporting documents")));
        }
        for d in &self.supporting_documents {
            check_text("supporting document", d, MAX_TITLE, true)?;
        }
        Ok(())
    }

    /// ToR-10: on time when circulated at T-30 or earlier.
    pub fn timeliness(&self, meeting: &Meeting) -> Timeliness {
        Rule::DraftAgenda.check(meeting.first_day, self.circulated_on)
    }
}

/// ToR-11: the meeting adopts the draft agenda; from then on no presentation
/// intent is accepted for it. No date rule is needed: the adoption is the
/// event that closes the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaAdoption {
    pub meeting: MeetingId,
    /// The draft version adopted.
    pub version: u32,
    pub adopted_on: Date,
}

impl AgendaAdoption {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid("agenda versions start at 1"));
        }
        Ok(())
    }
}

/// What a State intends to present (ToR-11: "a case or other information").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "subject", rename_all = "snake_case")]
pub enum IntentSubject {
    /// One of the presenting State's own cases, by id only.
    Case { case_id: CaseId },
    /// Other information (e.g. national experience); no description.
    OtherInformation,
}

/// ToR-11: a State tells the Secretariat that it intends to present, as early
/// as possible, even before the meeting is announced, and at the latest when
/// the draft agenda is adopted.
///
/// Decision: the intent carries **no free text at all**. It goes to the
/// Secretariat, which must never hold case content (DESIGN invariant 1), and
/// any title or summary field would invite a description of the case. It
/// names the presenting State, the meeting if one exists, the case by its id
/// (an id carries no content), whether an expert will be proposed for it
/// (ToR-8), and the time requested. The agenda item built from it reads
/// "Presentation by <State>".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentationIntent {
    pub presenter: StateCode,
    /// `None`: no meeting announced yet; it applies to the next meeting
    /// whose agenda is still open ([`intent_meeting`]).
    #[serde(default)]
    pub meeting: Option<MeetingId>,
    pub subject: IntentSubject,
    /// Speaking time requested, in minutes.
    #[serde(default)]
    pub minutes: Option<u16>,
    /// Whether the State expects to propose a non-state expert (ToR-8).
    #[serde(default)]
    pub with_expert: bool,
    pub registered_on: Date,
}

impl PresentationIntent {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if let IntentSubject::Case { case_id } = self.subject {
            if case_id.provider() != self.presenter {
                return Err(invalid(format!(
                    "{} can only announce the presentation of its own cases, not {case_id}",
                    self.presenter
                )));
            }
        }
        if let Some(m) = self.minutes {
            if m == 0 || m > MAX_PRESENTATION_MINUTES {
                return Err(invalid(format!("a presentation takes 1 to {MAX_PRESENTATION_MINUTES} minutes")));
            }
        }
        Ok(())
    }

    /// The agenda title the Secretariat gives the item: no case content.
    pub fn agenda_title(&self) -> String {
        match self.subject {
            IntentSubject::Case { .. } => format!("Presentation by {} (case)", self.presenter),
            IntentSubject::OtherInformation => format!("Presentation by {} (other information)", self.presenter),
        }
    }
}

/// ToR-11: a State withdraws its intent (by the intent's message id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntentWithdrawal {
    pub intent: MessageId,
}

impl IntentWithdrawal {
    pub fn validate(&self) -> Result<(), PayloadError> {
        Ok(())
    }
}

/// The meeting an intent applies to: its own, or, for an intent registered
/// before any meeting was announced, the earliest meeting not yet begun on
/// `today` whose agenda has not been adopted (ToR-11). `None`: it waits for
/// the next announcement.
pub fn intent_meeting<'a>(
    intent: &PresentationIntent,
    meetings: &'a [Meeting],
    adopted: &[MeetingId],
    today: Date,
) -> Option<&'a Meeting> {
    match intent.meeting {
        Some(id) => meetings.iter().find(|m| m.id == id),
        None => meetings
            .iter()
            .filter(|m| !m.has_begun(today) && !adopted.contains(&m.id))
            .min_by_key(|m| (m.first_day, m.id)),
    }
}

/// ToR-11: whether an intent may be registered. Any time, even with no
/// meeting (`meeting` is `None`), until the meeting's agenda is adopted.
pub fn check_intent(
    intent: &PresentationIntent,
    meeting: Option<&Meeting>,
    adoption: Option<&AgendaAdoption>,
) -> Result<(), MeetingError> {
    intent.validate()?;
    let Some(meeting) = meeting else {
        if intent.meeting.is_some() {
            return Err(refused("the intent names a meeting that is not on the calendar"));
        }
        return Ok(());
    };
    if intent.meeting.is_some_and(|id| id != meeting.id) {
        return Err(refused("the intent names another meeting"));
    }
    if let Some(a) = adoption.filter(|a| a.meeting == meeting.id) {
        return Err(refused(format!(
            "presentation intents for meeting {} closed when its agenda was adopted on {} (ToR-11)",
            meeting.id, a.adopted_on
        )));
    }
    if meeting.is_over(intent.registered_on) {
        return Err(refused(format!("meeting {} is over", meeting.id)));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Registration and delegations (ToR-6, ToR-7)
// ---------------------------------------------------------------------------

/// What a delegate does at home (ToR-7: law-enforcement officials are
/// strongly encouraged to attend).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    LawEnforcement,
    Customs,
    Licensing,
    ForeignMinistry,
    Other,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::LawEnforcement, Role::Customs, Role::Licensing, Role::ForeignMinistry, Role::Other];

    /// ToR-7, ToR-20: police and customs count as law enforcement.
    pub fn is_law_enforcement(self) -> bool {
        matches!(self, Role::LawEnforcement | Role::Customs)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::LawEnforcement => "law_enforcement",
            Role::Customs => "customs",
            Role::Licensing => "licensing",
            Role::ForeignMinistry => "foreign_ministry",
            Role::Other => "other",
        }
    }
}

/// One member of a delegation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegate {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub agency: String,
    /// Head of the delegation.
    #[serde(default)]
    pub head: bool,
}

/// ToR-6, ToR-7: a State registers for a meeting with its delegation. A later
/// revision replaces an earlier one. There is deliberately no objection to a
/// registration (ToR-6): no type in this crate expresses one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub meeting: MeetingId,
    pub state: StateCode,
    /// 1, then one more per change of the delegation.
    pub revision: u32,
    pub delegates: Vec<Delegate>,
    pub registered_on: Date,
}

impl Registration {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.revision == 0 {
            return Err(invalid("registration revisions start at 1"));
        }
        if self.delegates.is_empty() {
            return Err(PayloadError::Empty("delegation"));
        }
        if self.delegates.len() > MAX_DELEGATES {
            return Err(invalid(format!("a delegation lists at most {MAX_DELEGATES} people")));
        }
        for d in &self.delegates {
            check_text("delegate name", &d.name, MAX_SHORT, true)?;
            check_text("delegate agency", &d.agency, MAX_SHORT, false)?;
        }
        if self.delegates.iter().filter(|d| d.head).count() > 1 {
            return Err(invalid("a delegation has at most one head"));
        }
        Ok(())
    }

    /// ToR-7: whether the delegation includes law enforcement.
    pub fn has_law_enforcement(&self) -> bool {
        self.delegates.iter().any(|d| d.role.is_law_enforcement())
    }
}

/// ToR-6: any member State (State Party or Signatory) may register for any
/// meeting that is not over; nobody can object. Only the State itself
/// registers (`sender`), and a revision must be newer than the one held.
pub fn check_registration(
    reg: &Registration,
    sender: Party,
    roster: &Roster,
    meeting: &Meeting,
    held: Option<&Registration>,
    today: Date,
) -> Result<(), MeetingError> {
    reg.validate()?;
    if sender != Party::State(reg.state) {
        return Err(refused(format!("only {} registers its own delegation, not {sender}", reg.state)));
    }
    if roster.member(reg.state).is_none() {
        return Err(refused(format!("{} is not a member of the Forum", reg.state)));
    }
    if reg.meeting != meeting.id {
        return Err(refused("the registration names another meeting"));
    }
    if meeting.is_over(today) {
        return Err(refused(format!("meeting {} is over", meeting.id)));
    }
    if let Some(h) = held {
        if reg.revision <= h.revision {
            return Err(MeetingError::Stale {
                what: "registration",
                offered: u64::from(reg.revision),
                held: u64::from(h.revision),
            });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Non-state experts (ToR-8, ToR-15)
// ---------------------------------------------------------------------------

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
    /// ToR-8: why the expert is proposed.
    pub purpose: String,
    pub language: String,
    pub proposed_on: Date,
}

impl ExpertProposal {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("expert name", &self.expert_name, MAX_SHORT, true)?;
        check_text("affiliation", &self.affiliation, MAX_SHORT, false)?;
        check_text("purpose", &self.purpose, MAX_TEXT, true)?;
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
            return Err(refused("the proposal names another meeting"));
        }
        if let Timeliness::Late { days_late } = Rule::ExpertProposal.check(meeting.first_day, received_on) {
            return Err(refused(format!(
                "an expert proposal must reach the Secretariat by {} (T-30, ToR-8); this one is {days_late} day(s) late",
                Rule::ExpertProposal.due(meeting.first_day)
            )));
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
            return Err(invalid("a proposal cannot be circulated before it was made"));
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
    /// ToR-8: a State Party objects, within the silence period.
    Objection { reason: String },
    /// ToR-8: the objector and the proposer record their consultation; the
    /// objector may withdraw its objection.
    Consultation {
        note: String,
        #[serde(default)]
        objection_withdrawn: bool,
    },
    /// ToR-8: the procedural decision of the States Parties attending,
    /// recorded by the Secretariat after escalation.
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
            ExpertEvent::Circulated | ExpertEvent::Decision { .. } if !self.by.is_secretariat() => {
                Err(invalid("only the Secretariat circulates a proposal or records a decision (ToR-8)"))
            }
            ExpertEvent::Objection { .. } | ExpertEvent::Consultation { .. } | ExpertEvent::Withdrawn
                if self.by.is_secretariat() =>
            {
                Err(invalid("objections, consultations and withdrawals are made by States (ToR-8)"))
            }
            ExpertEvent::Objection { reason } => check_text("objection reason", reason, MAX_TEXT, true),
            ExpertEvent::Consultation { note, .. } => check_text("consultation note", note, MAX_TEXT, true),
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
        return Err(refused("the record names another proposal"));
    }
    if record.on != today {
        return Err(refused(format!("a record is dated the day it is made ({today}), not {}", record.on)));
    }
    if meeting.is_over(today) {
        return Err(refused(format!("meeting {} is over", meeting.id)));
    }
    let state = expert_state(proposal_id, proposal, meeting, records, today);
    let proposer = Party::State(proposal.proposer);
    let held = sorted_records(proposal_id, records);
    let closed = matches!(state, ExpertState::Withdrawn | ExpertState::Rejected | ExpertState::Accepted { .. });
    match &record.event {
        ExpertEvent::Circulated => {
            if state != ExpertState::Pending {
                return Err(refused("the proposal has already been circulated"));
            }
        }
        ExpertEvent::Objection { .. } => {
            // ToR-8: objections come from States Parties only.
            if status != Some(MemberStatus::StateParty) {
                return Err(refused(format!("only a State Party may object to an expert, not {}", record.by)));
            }
            if record.by == proposer {
                return Err(refused("the proposer cannot object to its own expert"));
            }
            let Some(circulated) = held.iter().find(|r| r.event == ExpertEvent::Circulated).map(|r| r.on) else {
                return Err(refused("the proposal has not been circulated yet"));
            };
            let ends = rules::silence_ends(circulated);
            if today > ends {
                return Err(refused(format!("the silence procedure ended on {ends} (ToR-8)")));
            }
            if held.iter().any(|r| r.by == record.by && matches!(r.event, ExpertEvent::Objection { .. })) {
                return Err(refused(format!("{} has already objected", record.by)));
            }
        }
        ExpertEvent::Consultation { objection_withdrawn, .. } => {
            let (ExpertState::Objected { objectors, .. } | ExpertState::Escalated { objectors }) = &state else {
                return Err(refused("there is no standing objection to consult on"));
            };
            let by_objector = record.by.state().is_some_and(|s| objectors.contains(&s));
            if !(by_objector || record.by == proposer) {
                return Err(refused("only the objecting States and the proposer record consultations (ToR-8)"));
            }
            if *objection_withdrawn && !by_objector {
                return Err(refused("only an objecting State withdraws its objection"));
            }
        }
        ExpertEvent::Decision { .. } => {
            if !matches!(state, ExpertState::Escalated { .. }) {
                return Err(refused(format!(
                    "a procedural decision is recorded only after escalation at T-20 (ToR-8); the proposal is {}",
                    state.as_str()
                )));
            }
        }
        ExpertEvent::Withdrawn => {
            if record.by != proposer {
                return Err(refused("only the proposer withdraws its proposal"));
            }
            if closed {
                return Err(refused(format!("the proposal is already {}", state.as_str())));
            }
        }
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
            return Err(invalid("the expert cannot acknowledge the duty before being told of it"));
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
        let member = roster.member(state).ok_or_else(|| refused(format!("{state} is not a member of the Forum")))?;
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

// ---------------------------------------------------------------------------
// Contact cards (ToR-20)
// ---------------------------------------------------------------------------

/// One way to reach someone at an agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Function, e.g. "Duty officer, arms trafficking unit".
    pub function: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// ToR-20: up-to-date contact details of a State's law-enforcement agency,
/// published through the Secretariat to all members. Signed by the
/// publishing State's identity key, so the Secretariat relays it but cannot
/// forge it. A card keeps its `id` across versions; a higher `sequence`
/// replaces a lower one; `withdrawn` retires it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCard {
    pub state: StateCode,
    pub id: MessageId,
    pub sequence: u64,
    pub issued_on: Date,
    pub agency: String,
    pub role: Role,
    #[serde(default)]
    pub address: String,
    pub contacts: Vec<Contact>,
    /// BCP 47 tags of the languages the agency works in (ToR-23).
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub withdrawn: bool,
}

impl ContactCard {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.sequence == 0 {
            return Err(invalid("contact card sequences start at 1"));
        }
        check_text("agency", &self.agency, MAX_SHORT, true)?;
        check_text("address", &self.address, MAX_TITLE, false)?;
        check_text("notes", &self.notes, MAX_TITLE * 4, false)?;
        if self.contacts.is_empty() && !self.withdrawn {
            return Err(PayloadError::Empty("contacts"));
        }
        if self.contacts.len() > MAX_CONTACTS {
            return Err(invalid(format!("a card has at most {MAX_CONTACTS} contacts")));
        }
        for c in &self.contacts {
            check_text("contact function", &c.function, MAX_SHORT, true)?;
            check_text("contact name", &c.name, MAX_SHORT, false)?;
            check_text("e-mail", &c.email, MAX_SHORT, false)?;
            check_text("phone", &c.phone, MAX_SHORT, false)?;
            if c.email.trim().is_empty() && c.phone.trim().is_empty() {
                return Err(invalid(format!("contact {:?} needs an e-mail address or a phone number", c.function)));
            }
            if !c.email.is_empty() && !c.email.contains('@') {
                return Err(invalid(format!("{:?} is not an e-mail address", c.email)));
            }
        }
        if self.languages.len() > 16 {
            return Err(invalid("at most 16 languages"));
        }
        for l in &self.languages {
            check_language(l)?;
        }
        Ok(())
    }

    /// Signs with the publishing State's identity key.
    pub fn sign(&self, identity: &IdentityKeypair) -> Result<SignedContactCard, MeetingError> {
        self.validate()?;
        let body = codec::encode("contact card", self, MAX_SIGNED_BYTES)?;
        let signature = identity.sign(&digest_parts(CARD_DOMAIN, &[&body]));
        Ok(SignedContactCard { body, signature })
    }

    /// Whether the card matches a directory query.
    pub fn matches(&self, q: &DirectoryQuery) -> bool {
        if q.state.is_some_and(|s| s != self.state) || q.role.is_some_and(|r| r != self.role) {
            return false;
        }
        let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { return true };
        let needle = text.to_lowercase();
        let fields = [self.agency.as_str(), self.address.as_str(), self.notes.as_str(), self.state.as_str()];
        fields.iter().any(|f| f.to_lowercase().contains(&needle))
            || self
                .contacts
                .iter()
                .any(|c| [&c.function, &c.name, &c.email, &c.phone].iter().any(|f| f.to_lowercase().contains(&needle)))
    }
}

/// A contact card as signed: the exact bytes and the signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedContactCard {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub signature: Signature,
}

impl SignedContactCard {
    /// Decodes without checking the signature (to learn the publishing State).
    pub fn peek(&self) -> Result<ContactCard, MeetingError> {
        Ok(codec::decode("contact card", &self.body, MAX_SIGNED_BYTES)?)
    }

    /// Verifies under the publishing State's identity key and decodes.
    pub fn verify(&self, key: &SigningPublicKey) -> Result<ContactCard, MeetingError> {
        let card = self.peek()?;
        key.verify(&digest_parts(CARD_DOMAIN, &[&self.body]), &self.signature)
            .map_err(|_| MeetingError::BadSignature { what: "contact card", signer: Party::State(card.state) })?;
        card.validate()?;
        Ok(card)
    }

    /// Verifies under the key the roster holds for the card's State.
    pub fn verify_with(&self, roster: &Roster) -> Result<ContactCard, MeetingError> {
        let state = self.peek()?.state;
        let member = roster.member(state).ok_or_else(|| refused(format!("{state} is not a member of the Forum")))?;
        self.verify(&member.node.signing_key)
    }
}

/// A search of the directory; every set field must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    #[serde(default)]
    pub state: Option<StateCode>,
    #[serde(default)]
    pub role: Option<Role>,
    /// Case-insensitive substring of the agency, address, notes or a contact.
    #[serde(default)]
    pub text: Option<String>,
}

/// ToR-20: the contact directory a node holds: the newest signed version of
/// every card. Withdrawn cards are kept (so an older version cannot come
/// back) but not listed. The node persists the signed cards ([`Directory::signed`])
/// and rebuilds the directory by applying them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    cards: BTreeMap<(StateCode, MessageId), (ContactCard, SignedContactCard)>,
}

/// What applying a card did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applied {
    Added,
    Replaced { previous: u64 },
}

impl Directory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies `signed` against the roster and keeps it if it is newer than
    /// the version held. An older or equal sequence is refused.
    pub fn apply(&mut self, signed: &SignedContactCard, roster: &Roster) -> Result<Applied, MeetingError> {
        let card = signed.verify_with(roster)?;
        let key = (card.state, card.id);
        let applied = match self.cards.get(&key) {
            Some((held, held_signed)) if card.sequence == held.sequence && held_signed.body == signed.body => {
                return Err(MeetingError::AlreadyHeld(card.sequence));
            }
            Some((held, _)) if card.sequence <= held.sequence => {
                return Err(MeetingError::Stale { what: "contact card", offered: card.sequence, held: held.sequence });
            }
            Some((held, _)) => Applied::Replaced { previous: held.sequence },
            None => Applied::Added,
        };
        self.cards.insert(key, (card, signed.clone()));
        Ok(applied)
    }

    /// The card held under this State and id, withdrawn or not.
    pub fn get(&self, state: StateCode, id: MessageId) -> Option<&ContactCard> {
        self.cards.get(&(state, id)).map(|(c, _)| c)
    }

    /// Every signed card held, to relay to a peer that is behind.
    pub fn signed(&self) -> impl Iterator<Item = &SignedContactCard> {
        self.cards.values().map(|(_, s)| s)
    }

    /// Current cards matching `q`, by State then agency.
    pub fn search(&self, q: &DirectoryQuery) -> Vec<&ContactCard> {
        let mut out: Vec<&ContactCard> =
            self.cards.values().map(|(c, _)| c).filter(|c| !c.withdrawn && c.matches(q)).collect();
        out.sort_by(|a, b| (a.state, &a.agency, a.id).cmp(&(b.state, &b.agency, b.id)));
        out
    }

    /// Cards of States no longer on the roster are dropped.
    pub fn retain_members(&mut self, roster: &Roster) {
        self.cards.retain(|(state, _), _| roster.member(*state).is_some());
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }
}

// ---------------------------------------------------------------------------
// Briefing clearance (ToR-22)
// ---------------------------------------------------------------------------

/// ToR-22: to whom the Chair would brief orally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BriefingAudience {
    WorkingGroup,
    Csp,
}

/// ToR-22: the Chair's draft of an oral briefing on trends and general
/// lessons, sent encrypted to that meeting's participants. A new version
/// restarts the clearance. It lists the cases it draws on, so that their
/// presenting States can object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingDraft {
    pub meeting: MeetingId,
    pub version: u32,
    pub audience: BriefingAudience,
    pub text: String,
    pub language: String,
    /// The cases (presented at the meeting) the briefing is based on.
    #[serde(default)]
    pub based_on: Vec<CaseId>,
    pub drafted_on: Date,
}

impl BriefingDraft {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid("briefing versions start at 1"));
        }
        check_text("briefing", &self.text, MAX_TEXT, true)?;
        check_language(&self.language)?;
        if self.based_on.len() > MAX_AGENDA_ITEMS {
            return Err(invalid(format!("a briefing draws on at most {MAX_AGENDA_ITEMS} cases")));
        }
        Ok(())
    }

    /// The States whose cases the briefing is based on (ToR-22).
    pub fn presenters(&self) -> BTreeSet<StateCode> {
        self.based_on.iter().map(CaseId::provider).collect()
    }
}

/// ToR-22: a participant's answer to a briefing draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum BriefingAnswer {
    Consent,
    Object { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingResponse {
    pub meeting: MeetingId,
    /// The draft version answered.
    pub version: u32,
    pub by: StateCode,
    #[serde(flatten)]
    pub answer: BriefingAnswer,
}

impl BriefingResponse {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid("briefing versions start at 1"));
        }
        if let BriefingAnswer::Object { reason } = &self.answer {
            check_text("objection reason", reason, MAX_TEXT, false)?;
        }
        Ok(())
    }
}

/// Where a briefing's clearance stands, visible to the participants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BriefingState {
    /// Waiting for consent from `waiting`.
    Pending { consented: Vec<StateCode>, waiting: Vec<StateCode> },
    /// At least one participant objects: no consensus.
    Blocked { objectors: Vec<StateCode> },
    /// A State whose case the briefing is based on objects (ToR-22): blocked
    /// whatever the others say.
    BlockedByPresenter { presenters: Vec<StateCode>, objectors: Vec<StateCode> },
    /// Every participant consented and no presenter objected.
    Cleared,
}

impl BriefingState {
    pub fn is_cleared(&self) -> bool {
        matches!(self, BriefingState::Cleared)
    }
}

/// ToR-22: a briefing is cleared only by the consensus of all the meeting's
/// `participants` (the registered States) with no objection from a State
/// whose case it is based on. Only answers to the current draft version
/// count; a State's last answer is the one that counts. Answers from States
/// that are neither participants nor presenters are ignored. With no
/// participants there is no consensus, so it stays pending.
pub fn briefing_state(
    draft: &BriefingDraft,
    participants: &BTreeSet<StateCode>,
    responses: &[BriefingResponse],
) -> BriefingState {
    let presenters = draft.presenters();
    let mut last: BTreeMap<StateCode, &BriefingAnswer> = BTreeMap::new();
    for r in responses.iter().filter(|r| r.meeting == draft.meeting && r.version == draft.version) {
        if participants.contains(&r.by) || presenters.contains(&r.by) {
            last.insert(r.by, &r.answer);
        }
    }
    let objectors: Vec<StateCode> =
        last.iter().filter(|(_, a)| matches!(a, BriefingAnswer::Object { .. })).map(|(s, _)| *s).collect();
    let presenter_objectors: Vec<StateCode> = objectors.iter().copied().filter(|s| presenters.contains(s)).collect();
    if !presenter_objectors.is_empty() {
        return BriefingState::BlockedByPresenter { presenters: presenter_objectors, objectors };
    }
    if !objectors.is_empty() {
        return BriefingState::Blocked { objectors };
    }
    let consented: Vec<StateCode> = participants.iter().copied().filter(|s| last.contains_key(s)).collect();
    let waiting: Vec<StateCode> = participants.iter().copied().filter(|s| !last.contains_key(s)).collect();
    if waiting.is_empty() && !participants.is_empty() {
        BriefingState::Cleared
    } else {
        BriefingState::Pending { consented, waiting }
    }
}

// ---------------------------------------------------------------------------
// Deadlines of a meeting and the iCalendar export
// ---------------------------------------------------------------------------

/// Who must act for a rule.
fn secretariat_acts(rule: Rule) -> bool {
    matches!(rule, Rule::Invitation | Rule::DraftAgenda | Rule::ExpertEscalation)
}

/// One deadline of one meeting, as seen by one party on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDeadline {
    pub meeting: MeetingId,
    pub rule: Rule,
    /// The ToR paragraph, e.g. "ToR-9".
    pub tor: String,
    pub what: String,
    pub due: Date,
    #[serde(flatten)]
    pub state: DeadlineState,
    /// Whether the party asked about is the one who acts: the Secretariat
    /// for the invitation, the agenda and the escalation; a State for its
    /// expert proposals, its notices and its replies.
    pub mine: bool,
}

/// Every deadline of `meeting` (all of [`Rule::ALL`]: invitation T-50,
/// agenda T-30, expert proposals T-30, notices T-30, escalation T-20,
/// replies T-15), earliest first, with its state on `today` and whether
/// `party` is the one who acts. A node shows them and warns when one is near
/// or missed; acts already done are the node's to strike out.
pub fn deadlines(meeting: &Meeting, party: Party, today: Date) -> Vec<MeetingDeadline> {
    let mut out: Vec<MeetingDeadline> = Rule::ALL
        .into_iter()
        .map(|rule| {
            let due = rule.due(meeting.first_day);
            MeetingDeadline {
                meeting: meeting.id,
                rule,
                tor: rule.tor().to_string(),
                what: rule.describe().to_string(),
                due,
                state: DeadlineState::on(due, today),
                mine: secretariat_acts(rule) == party.is_secretariat(),
            }
        })
        .collect();
    out.sort_by_key(|d| (d.due, d.rule.days_before()));
    out
}

fn rule_slug(rule: Rule) -> &'static str {
    match rule {
        Rule::Invitation => "invitation",
        Rule::DraftAgenda => "draft-agenda",
        Rule::ExpertProposal => "expert-proposal",
        Rule::ExpertEscalation => "expert-escalation",
        Rule::InvolvedNotice => "involved-notice",
        Rule::InvolvedReply => "involved-reply",
    }
}

/// RFC 5545 section 3.3.11: escapes TEXT (backslash, semicolon, comma,
/// newline); other control characters are dropped.
pub fn ical_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 section 3.1: a content line longer than 75 octets is folded
/// into lines of at most 75 octets (CRLF, then one space), never inside a
/// UTF-8 character. Appends the folded line and its CRLF to `out`.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // A continuation line starts with the space, which counts.
        limit = 74;
    }
}

fn ical_date(d: Date) -> String {
    let (y, m, dd) = d.ymd();
    format!("{y:04}{m:02}{dd:02}")
}

/// An iCalendar (RFC 5545) export of the meeting cycle of `meetings` for
/// `party`: one all-day VEVENT per meeting (`CLASS:CONFIDENTIAL`, ToR-14)
/// and one per deadline, with stable UIDs (`<meeting>@dief`,
/// `<meeting>-<rule>@dief`) so that a calendar program updates rather than
/// duplicates them on re-import. `stamp` is the DTSTAMP day. Pure text: CRLF
/// line ends, folded at 75 octets, TEXT escaped. No case content exists at
/// this level, so none can be exported.
pub fn icalendar(meetings: &[Meeting], party: Party, stamp: Date) -> String {
    let stamp = format!("{}T000000Z", ical_date(stamp));
    let mut out = String::new();
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//dief//ATT DIEF meeting cycle//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    let mut sorted: Vec<&Meeting> = meetings.iter().collect();
    sorted.sort_by_key(|m| (m.first_day, m.id));
    for m in sorted {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@dief", m.id));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", ical_date(m.first_day)));
        line(&format!("DTEND;VALUE=DATE:{}", ical_date(m.last_day.add_days(1))));
        line(&format!("SUMMARY:{}", ical_escape(&m.title)));
        line(&format!("LOCATION:{}", ical_escape(&m.venue)));
        let description = format!(
            "ATT DIEF meeting {} (ToR-3).\nCall for submissions: {}",
            m.kind.describe(),
            m.call_for_submissions
        );
        line(&format!("DESCRIPTION:{}", ical_escape(&description)));
        line("CLASS:CONFIDENTIAL");
        line("END:VEVENT");
        // The deadline states are not exported: only the days are.
        for d in deadlines(m, party, m.first_day) {
            line("BEGIN:VEVENT");
            line(&format!("UID:{}-{}@dief", m.id, rule_slug(d.rule)));
            line(&format!("DTSTAMP:{stamp}"));
            line(&format!("DTSTART;VALUE=DATE:{}", ical_date(d.due)));
            line(&format!("DTEND;VALUE=DATE:{}", ical_date(d.due.add_days(1))));
            let summary = format!("DIEF deadline: {} ({}, T-{})", d.what, d.tor, d.rule.days_before());
            line(&format!("SUMMARY:{}", ical_escape(&summary)));
            let who = if d.mine { "Your action." } else { "For information." };
            let description = format!("{who} Last day for the {} of \"{}\", {}.", d.what, m.title, d.tor);
            line(&format!("DESCRIPTION:{}", ical_escape(&description)));
            line("TRANSP:TRANSPARENT");
            line("END:VEVENT");
        }
    }
    line("END:VCALENDAR");
    out
}
