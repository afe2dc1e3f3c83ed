//! The calendar of the Forum's meetings, from scheduling to the adopted
//! agenda: the steps the Secretariat coordinates and States register for
//! (ToR-3, ToR-6, ToR-7, ToR-9 to ToR-11). Kept together because each step
//! is checked against the meeting it names, and none may carry case content
//! (ToR-14).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{calendar, invalid, meeting_over, not_member, refused, MeetingError};
use super::{MAX_AGENDA_ITEMS, MAX_DELEGATES, MAX_MEETING_DAYS, MAX_PRESENTATION_MINUTES, MAX_SHORT};
use crate::date::Date;
use crate::ids::{CaseId, IdError, MessageId, Party, StateCode};
use crate::payload::{PayloadError, MAX_TEXT, MAX_TITLE};
use crate::procedure::{check_language, check_text};
use crate::reason::Reason;
use crate::roster::Roster;
use crate::rules::{self, Rule, Timeliness};

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
            return Err(invalid(
                Reason::new("refusal-meeting-ends-before-start")
                    .date("last_day", self.last_day)
                    .date("first_day", self.first_day),
                format!("the meeting's last day {} is before its first day {}", self.last_day, self.first_day),
            ));
        }
        let days = self.days();
        if days > MAX_MEETING_DAYS {
            return Err(invalid(
                Reason::new("refusal-meeting-too-long").number("days", days).number("limit", MAX_MEETING_DAYS),
                format!("a meeting of {days} days is longer than {MAX_MEETING_DAYS} days"),
            ));
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
        return Err(calendar(
            Reason::new("refusal-meeting-not-future").date("today", today).date("first_day", new.first_day),
            format!("a meeting must be scheduled after today ({today}); {} has begun or passed", new.first_day),
        ));
    }
    let others: Vec<&Meeting> = existing.iter().filter(|m| m.id != new.id).collect();
    let firsts: Vec<Date> = others.iter().map(|m| m.first_day).collect();
    // ToR-3: at most two meetings a year.
    rules::meeting_allowed(&firsts, new.first_day).map_err(MeetingError::Calendar)?;
    if let Some(clash) = others.iter().find(|m| m.overlaps(new)) {
        return Err(calendar(
            Reason::new("refusal-meeting-overlap")
                .date("first_day", new.first_day)
                .date("last_day", new.last_day)
                .text("other", clash.id)
                .date("other_first_day", clash.first_day)
                .date("other_last_day", clash.last_day),
            format!(
                "the meeting of {} to {} overlaps meeting {} ({} to {})",
                new.first_day, new.last_day, clash.id, clash.first_day, clash.last_day
            ),
        ));
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
            return Err(invalid(
                Reason::new("refusal-invitation-too-late"),
                "an invitation must be issued before the meeting begins",
            ));
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
            return Err(invalid(Reason::new("refusal-agenda-version-zero"), "agenda versions start at 1"));
        }
        check_language(&self.language)?;
        if self.items.is_empty() {
            return Err(PayloadError::Empty("agenda"));
        }
        if self.items.len() > MAX_AGENDA_ITEMS {
            return Err(invalid(
                Reason::new("refusal-agenda-too-many-items").number("limit", MAX_AGENDA_ITEMS),
                format!("an agenda has at most {MAX_AGENDA_ITEMS} items"),
            ));
        }
        for (i, item) in self.items.iter().enumerate() {
            check_text("agenda item title", &item.title, MAX_TITLE, true)?;
            if usize::from(item.number) != i + 1 {
                return Err(invalid(
                    Reason::new("refusal-agenda-item-number").number("position", i + 1).number("number", item.number),
                    format!("agenda item {} is numbered {}", i + 1, item.number),
                ));
            }
            if item.intent.is_some() && item.presenter.is_none() {
                return Err(invalid(
                    Reason::new("refusal-agenda-item-no-presenter").number("position", i + 1),
                    format!("agenda item {} comes from an intent but names no presenter", i + 1),
                ));
            }
        }
        if self.supporting_documents.len() > MAX_AGENDA_ITEMS {
            return Err(invalid(
                Reason::new("refusal-agenda-too-many-documents").number("limit", MAX_AGENDA_ITEMS),
                format!("at most {MAX_AGENDA_ITEMS} supporting documents"),
            ));
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
            return Err(invalid(Reason::new("refusal-agenda-version-zero"), "agenda versions start at 1"));
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
                return Err(invalid(
                    Reason::new("refusal-intent-not-own-case").text("presenter", self.presenter).text("case", case_id),
                    format!("{} can only announce the presentation of its own cases, not {case_id}", self.presenter),
                ));
            }
        }
        if let Some(m) = self.minutes {
            if m == 0 || m > MAX_PRESENTATION_MINUTES {
                return Err(invalid(
                    Reason::new("refusal-intent-minutes").number("limit", MAX_PRESENTATION_MINUTES),
                    format!("a presentation takes 1 to {MAX_PRESENTATION_MINUTES} minutes"),
                ));
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
            return Err(refused(
                Reason::new("refusal-intent-unknown-meeting"),
                "the intent names a meeting that is not on the calendar",
            ));
        }
        return Ok(());
    };
    if intent.meeting.is_some_and(|id| id != meeting.id) {
        return Err(refused(Reason::new("refusal-intent-other-meeting"), "the intent names another meeting"));
    }
    if let Some(a) = adoption.filter(|a| a.meeting == meeting.id) {
        return Err(refused(
            Reason::new("refusal-intent-agenda-adopted").text("meeting", meeting.id).date("adopted_on", a.adopted_on),
            format!(
                "presentation intents for meeting {} closed when its agenda was adopted on {} (ToR-11)",
                meeting.id, a.adopted_on
            ),
        ));
    }
    if meeting.is_over(intent.registered_on) {
        return Err(meeting_over(meeting));
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
            return Err(invalid(
                Reason::new("refusal-registration-revision-zero"),
                "registration revisions start at 1",
            ));
        }
        if self.delegates.is_empty() {
            return Err(PayloadError::Empty("delegation"));
        }
        if self.delegates.len() > MAX_DELEGATES {
            return Err(invalid(
                Reason::new("refusal-registration-too-many").number("limit", MAX_DELEGATES),
                format!("a delegation lists at most {MAX_DELEGATES} people"),
            ));
        }
        for d in &self.delegates {
            check_text("delegate name", &d.name, MAX_SHORT, true)?;
            check_text("delegate agency", &d.agency, MAX_SHORT, false)?;
        }
        if self.delegates.iter().filter(|d| d.head).count() > 1 {
            return Err(invalid(Reason::new("refusal-registration-two-heads"), "a delegation has at most one head"));
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
        return Err(refused(
            Reason::new("refusal-registration-not-own").text("state", reg.state).text("sender", sender),
            format!("only {} registers its own delegation, not {sender}", reg.state),
        ));
    }
    if roster.member(reg.state).is_none() {
        return Err(not_member(reg.state));
    }
    if reg.meeting != meeting.id {
        return Err(refused(
            Reason::new("refusal-registration-other-meeting"),
            "the registration names another meeting",
        ));
    }
    if meeting.is_over(today) {
        return Err(meeting_over(meeting));
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
