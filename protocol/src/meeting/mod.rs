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
//! - the per-meeting deadline list ([`deadlines()`]) and its iCalendar export
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
//! proposals name a case at most by its [`CaseId`](crate::ids::CaseId),
//! which carries no content. There are deliberately no minutes or meeting
//! records (ToR-17).
//!
//! One file per seam: `calendar` (meetings, invitation, agenda, intents,
//! registrations), `experts`, `briefings`, `directory`, `deadlines` and
//! `ical`; the limits and [`MeetingError`] below are shared by all of them.
//! Everything is re-exported here: the files are not part of the API.

mod briefings;
mod calendar;
mod deadlines;
mod directory;
mod experts;
mod ical;

pub use briefings::{briefing_state, BriefingAnswer, BriefingAudience, BriefingDraft, BriefingResponse, BriefingState};
pub use calendar::{
    check_intent, check_registration, check_schedule, intent_meeting, AgendaAdoption, AgendaItem, Delegate,
    DraftAgenda, IntentSubject, IntentWithdrawal, Invitation, Meeting, MeetingId, MeetingKind, PresentationIntent,
    Registration, Role, ScheduleCheck,
};
pub use deadlines::{deadlines, MeetingDeadline};
pub use directory::{Applied, Contact, ContactCard, Directory, DirectoryQuery, SignedContactCard};
pub use experts::{
    check_expert_record, expert_may_access, expert_state, ExpertAcknowledgement, ExpertCirculation, ExpertEvent,
    ExpertProposal, ExpertRecord, ExpertState, SignedAcknowledgement, CONFIDENTIALITY_DUTY,
};
pub use ical::{ical_escape, icalendar};

use crate::codec::CodecError;
use crate::ids::{Party, StateCode};
use crate::payload::{PayloadError, Refusal};
use crate::reason::{Explain, Reason};

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

use crate::payload::invalid;

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
    Calendar(Refusal),
    /// The step is not allowed in the current state, or not to this party.
    #[error("{0}")]
    Refused(Refusal),
    #[error("{what} signature does not verify under the key of {signer}")]
    BadSignature { what: &'static str, signer: Party },
    #[error("{what}: version {offered} is not newer than the one held ({held}): refused")]
    Stale { what: &'static str, offered: u64, held: u64 },
    #[error("version {0} is already held")]
    AlreadyHeld(u64),
}

impl Explain for MeetingError {
    fn reason(&self) -> Reason {
        match self {
            MeetingError::Payload(e) => e.reason(),
            MeetingError::Codec(e) => Reason::new("refusal-meeting-codec").text("detail", e),
            MeetingError::Calendar(r) | MeetingError::Refused(r) => r.reason.clone(),
            MeetingError::BadSignature { what, signer } => {
                Reason::new("refusal-meeting-bad-signature").text("what", what).text("signer", signer)
            }
            MeetingError::Stale { what, offered, held } => Reason::new("refusal-meeting-stale")
                .text("what", what)
                .number("offered", *offered)
                .number("held", *held),
            MeetingError::AlreadyHeld(version) => {
                Reason::new("refusal-meeting-already-held").number("version", *version)
            }
        }
    }
}

/// [`MeetingError::Refused`], from its reason and its English words.
fn refused(reason: Reason, text: impl Into<String>) -> MeetingError {
    MeetingError::Refused(Refusal::new(reason, text))
}

/// A step on a meeting that has ended.
fn meeting_over(meeting: &Meeting) -> MeetingError {
    refused(Reason::new("refusal-meeting-over").text("meeting", meeting.id), format!("meeting {} is over", meeting.id))
}

/// A step that names a State the roster does not list.
fn not_member(state: StateCode) -> MeetingError {
    refused(Reason::new("refusal-not-member").text("state", state), format!("{state} is not a member of the Forum"))
}

/// [`MeetingError::Calendar`], from its reason and its English words.
fn calendar(reason: Reason, text: impl Into<String>) -> MeetingError {
    MeetingError::Calendar(Refusal::new(reason, text))
}
