//! What users fill in for the meeting cycle and what they get back: the
//! drafts the API and the CLI send, and the views and deadlines a node
//! shows. Plain data; the fold that fills the views is `calendar.rs`.

use dief_protocol::meeting::{
    AgendaAdoption, BriefingAudience, BriefingDraft, BriefingResponse, BriefingState, DraftAgenda,
    ExpertAcknowledgement, ExpertProposal, ExpertRecord, ExpertState, Meeting, MeetingId, MeetingKind,
    PresentationIntent, Registration,
};
use dief_protocol::rules::{DeadlineState, Rule};
use dief_protocol::{CaseId, Date, MessageId, Party, StateCode};
use serde::{Deserialize, Serialize};

use crate::core::i18n::{Arg, Tr};

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
    pub(crate) fn pending(due: Date, today: Date) -> Self {
        match DeadlineState::on(due, today) {
            DeadlineState::Open { days_left } => DeadlineStatus::Open { days_left },
            DeadlineState::Near { days_left } => DeadlineStatus::Near { days_left },
            DeadlineState::Missed { days_over } => DeadlineStatus::Missed { days_over },
        }
    }

    pub(crate) fn done(on: Date, due: Date) -> Self {
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
    /// [`DeadlineItem::topic`] in English, for the CLI and scripts.
    pub what: String,
    /// What the deadline is about, for an interface to word in its
    /// reader's language (issue 12).
    pub topic: Topic,
    pub due: Date,
    #[serde(flatten)]
    pub status: DeadlineStatus,
    /// This node acts; otherwise it is shown for information.
    pub mine: bool,
}

/// What a deadline is about, with the names it mentions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Topic {
    Invitation {
        meeting: String,
    },
    DraftAgenda {
        meeting: String,
    },
    /// ToR-8: objections to a proposed expert are taken until the due day.
    Silence {
        expert: String,
    },
    /// ToR-8: an unresolved objection goes to the States Parties attending.
    Escalation {
        expert: String,
    },
    /// ToR-11: `mine` of this State's intents stand until the agenda is adopted.
    Intents {
        meeting: String,
        mine: usize,
    },
    InvolvedNotices {
        case_id: CaseId,
    },
    ExpertProposal {
        presentation: MessageId,
    },
    NoticeReply {
        from: Party,
        case_id: CaseId,
    },
}

impl Topic {
    /// The deadline's subject in `tr`'s language, from the catalogs: the
    /// web pages and the CLI both word it here.
    pub fn words(&self, tr: Tr) -> String {
        match self {
            Topic::Invitation { meeting } => tr.ta("deadline-invitation", &[("meeting", Arg::S(meeting))]),
            Topic::DraftAgenda { meeting } => tr.ta("deadline-agenda", &[("meeting", Arg::S(meeting))]),
            Topic::Silence { expert } => tr.ta("deadline-silence", &[("expert", Arg::S(expert))]),
            Topic::Escalation { expert } => tr.ta("deadline-escalation", &[("expert", Arg::S(expert))]),
            Topic::Intents { meeting, mine } => tr.ta(
                "deadline-intents",
                &[("meeting", Arg::S(meeting)), ("count", Arg::N(i64::try_from(*mine).unwrap_or(i64::MAX)))],
            ),
            Topic::InvolvedNotices { case_id } => tr.ta("deadline-notices", &[("case", Arg::S(&case_id.to_string()))]),
            Topic::ExpertProposal { presentation } => {
                tr.ta("deadline-expert-proposal", &[("presentation", Arg::S(&presentation.to_string()))])
            }
            Topic::NoticeReply { from, case_id } => tr.ta(
                "deadline-notice-reply",
                &[("from", Arg::S(&from.to_string())), ("case", Arg::S(&case_id.to_string()))],
            ),
        }
    }
}

/// English, from the English catalog, for `DeadlineItem::what`, logs and
/// scripts.
impl std::fmt::Display for Topic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Tr::new("en")))
    }
}
