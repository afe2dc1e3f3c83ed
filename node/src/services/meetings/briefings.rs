//! ToR-22: the Chair drafts a briefing for the meeting's participants
//! (never the Secretariat: it draws on the cases presented), who consent
//! or object; one objection blocks it, and a new version starts again.

use dief_protocol::meeting::{BriefingAnswer, BriefingDraft, BriefingResponse, MeetingId};
use std::collections::BTreeSet;

use dief_protocol::reason::Reason;
use dief_protocol::{Party, Payload, StateCode};

use crate::core::error::{NodeError, NodeResult};
use crate::core::node::Node;
use crate::services::meetings::send::{calendar, not_found, require_state, send_calendar, today};
use crate::services::meetings::views::{BriefingInput, Step};

impl Node {
    /// ToR-22: the Chair sends a draft briefing to the meeting's
    /// participants (the registered States, and the States whose cases it
    /// draws on). A new draft is a new version and restarts the clearance.
    pub async fn draft_briefing(&self, input: BriefingInput) -> NodeResult<Step> {
        let core = self.core();
        let me = require_state(core, "draft briefings (ToR-22)")?;
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        if roster.roster.chair_at(core.now_ms()) != Some(me) {
            return Err(NodeError::Refused(Reason::new("refusal-meetings-briefing-chair-only").text("state", me)));
        }
        let cal = calendar(core)?;
        let m = cal.meeting(input.meeting).ok_or_else(|| not_found("meeting", input.meeting))?;
        let version = cal.briefing(m.id).map_or(1, |(_, b)| b.version.saturating_add(1));
        let draft = BriefingDraft {
            meeting: m.id,
            version,
            audience: input.audience,
            text: input.text,
            language: input.language,
            based_on: input.based_on,
            drafted_on: today(self.core()),
        };
        draft.validate()?;
        let mut to: BTreeSet<StateCode> = cal.registrations(m.id).into_keys().collect();
        to.extend(draft.presenters());
        to.remove(&me);
        let to: Vec<Party> = to.into_iter().filter(|s| roster.roster.member(*s).is_some()).map(Party::State).collect();
        if to.is_empty() {
            return Err(NodeError::Refused(
                Reason::new("refusal-meetings-briefing-no-participant").text("title", &m.title),
            ));
        }
        let what = format!("briefing draft version {version} for \"{}\"", m.title);
        send_calendar(core, to, Payload::BriefingDraft(draft), what).await
    }

    /// ToR-22: a participant consents to or objects to the current briefing
    /// draft; the answer goes to the Chair and the other participants.
    pub async fn answer_briefing(&self, id: MeetingId, answer: BriefingAnswer) -> NodeResult<Step> {
        let core = self.core();
        let me = require_state(core, "answer briefings (ToR-22)")?;
        let cal = calendar(core)?;
        let (e, draft) = cal.briefing(id).ok_or_else(|| not_found("briefing for meeting", id))?;
        if !e.to.contains(&core.party()) {
            return Err(NodeError::Refused(Reason::new("refusal-meetings-briefing-not-participant").text("state", me)));
        }
        let response = BriefingResponse { meeting: id, version: draft.version, by: me, answer };
        response.validate()?;
        let mut to: Vec<Party> = e.to.iter().copied().filter(|p| *p != core.party()).collect();
        to.push(e.from);
        let what = format!("answer to briefing version {} of meeting {id}", draft.version);
        send_calendar(core, to, Payload::BriefingResponse(response), what).await
    }
}
