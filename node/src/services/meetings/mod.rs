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
//! those entries on every request, so it cannot drift from what was
//! exchanged; the entries are read from the store once and then kept in
//! memory by each committed write (`calendar::Held`), since at the Forum's
//! size a cycle has thousands of messages. The Secretariat's own schedule
//! is kept under `t/<meeting id>`.
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

use std::any::Any;

use dief_protocol::meeting::{self, MeetingId};
use dief_protocol::{Kind, Payload, StateCode};
use tokio::sync::watch;

use crate::core::error::NodeResult;
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::service::{Applied, Arrival, BoxFuture, Gauge, Refusal, Service};
use crate::core::store::Batch;
use crate::services::meetings::send::{calendar, deadlines, not_found, today};

mod briefings;
mod calendar;
mod deadlines;
mod receive;
mod reminders;
mod secretariat;
mod send;
mod states;
mod views;

pub use views::{
    AgendaDraft, AgendaView, BriefingInput, BriefingView, DeadlineItem, DeadlineStatus, ExpertDraft, ExpertView,
    IntentDraft, IntentState, IntentView, InvitationView, MeetingDraft, MeetingView, Scheduled, Step, Topic,
};

/// The meeting cycle as a service of the node.
#[derive(Debug)]
pub struct Meetings;

impl Service for Meetings {
    fn name(&self) -> &'static str {
        "meetings"
    }

    fn takes(&self, kind: Kind) -> bool {
        kind.is_meeting_cycle()
    }

    fn apply(&self, core: &Core, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal> {
        receive::apply(core, arrival, batch)
    }

    /// A new member is sent the calendar of every meeting not over.
    fn catch_up(&self, core: &Core, _state: StateCode) -> NodeResult<Vec<Payload>> {
        secretariat::catch_up(core)
    }

    fn background(&self, core: Core, shutdown: watch::Receiver<bool>) -> Option<BoxFuture<'static, ()>> {
        Some(Box::pin(reminders::deadline_watch(core, shutdown)))
    }

    /// Each of this node's own deadlines that is missed.
    fn attention(&self, core: &Core) -> Vec<String> {
        match deadlines(core) {
            Ok(items) => items
                .iter()
                .filter(|d| d.mine && matches!(d.status, DeadlineStatus::Missed { .. }))
                .map(|d| format!("deadline missed: {} ({}, due {})", d.what, d.tor, d.due))
                .collect(),
            Err(e) => vec![format!("deadlines could not be computed: {e}")],
        }
    }

    fn gauges(&self, core: &Core) -> Vec<Gauge> {
        let items = deadlines(core).unwrap_or_default();
        let count = |near: bool| {
            let n = items
                .iter()
                .filter(|d| d.mine)
                .filter(|d| match d.status {
                    DeadlineStatus::Near { .. } => near,
                    DeadlineStatus::Missed { .. } => !near,
                    _ => false,
                })
                .count();
            u64::try_from(n).unwrap_or(u64::MAX)
        };
        vec![
            Gauge {
                name: "dief_deadlines_near",
                help: "This node's own meeting deadlines due within a week.",
                value: count(true),
            },
            Gauge {
                name: "dief_deadlines_missed",
                help: "This node's own meeting deadlines past due.",
                value: count(false),
            },
        ]
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Node {
    /// Every meeting this node knows (scheduled, or invited to), earliest
    /// first.
    pub fn meetings(&self) -> NodeResult<Vec<MeetingView>> {
        let cal = calendar(self.core())?;
        Ok(cal.meetings().iter().map(|m| cal.view(m)).collect())
    }

    pub fn meeting(&self, id: MeetingId) -> NodeResult<MeetingView> {
        let cal = calendar(self.core())?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        Ok(cal.view(&m))
    }

    /// Every intent this node holds: the Secretariat's are everyone's.
    pub fn intents(&self) -> NodeResult<Vec<IntentView>> {
        Ok(calendar(self.core())?.intents())
    }

    /// This node's deadlines for the meetings not over, earliest first.
    pub fn deadlines(&self) -> NodeResult<Vec<DeadlineItem>> {
        deadlines(self.core())
    }

    /// An iCalendar (RFC 5545) file of every meeting this node knows and
    /// its deadlines, for a delegation's calendar program.
    pub fn icalendar(&self) -> NodeResult<String> {
        let cal = calendar(self.core())?;
        Ok(meeting::icalendar(&cal.meetings(), self.core().party(), today(self.core())))
    }
}
