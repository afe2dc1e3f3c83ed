//! The Secretariat's side of the cycle (ToR-3, 9, 10, 11): scheduling,
//! invitations, the draft agenda built from the intents it holds, and the
//! adoption that closes them; and what a newly admitted State is sent.

use dief_protocol::meeting::{self, AgendaAdoption, AgendaItem, DraftAgenda, Invitation, Meeting, MeetingId};
use dief_protocol::reason::Reason;
use dief_protocol::Payload;
use tracing::info;

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::store::Cf;
use crate::services::meetings::calendar::{members, Held};
use crate::services::meetings::send::{
    calendar, new_id, not_found, require_secretariat, send_calendar, send_calendar_with, today,
};
use crate::services::meetings::views::{AgendaDraft, IntentState, MeetingDraft, Scheduled, Step};
use crate::services::records;

impl Node {
    /// ToR-3: the Secretariat puts a meeting on the calendar (at most two a
    /// year, no overlap, not in the past). Rescheduling an invited meeting
    /// sends the members a new invitation at once.
    pub async fn schedule_meeting(&self, draft: MeetingDraft) -> NodeResult<Scheduled> {
        let core = self.core();
        require_secretariat(core, "schedule meetings (ToR-3)")?;
        let today = today(self.core());
        let cal = calendar(core)?;
        let id = match draft.id {
            Some(id) => {
                if cal.meeting(id).is_none() {
                    return Err(not_found("meeting", id));
                }
                id
            }
            None => MeetingId(new_id(core.now_ms())?),
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
        // A meeting the members were invited to is stored in the batch that
        // queues its new invitation: a node stopping in between cannot leave
        // the members with the old dates.
        let reinvited = if cal.invitation(id).is_some() {
            Some(self.send_invitation(meeting.clone(), Some(meeting.clone())).await?.message_id)
        } else {
            // New work, refused on a full disk like everything through
            // `Core::commit`.
            core.store().check_room()?;
            let stored = records::encode("meeting", &meeting)?;
            core.store().put_sync(Cf::Exchanges, &records::schedule_key(&id), &stored)?;
            Held::kept(core, None, Some(meeting.clone()));
            None
        };
        info!(meeting = %id, first_day = %meeting.first_day, late = ?check.already_late, "meeting scheduled");
        Ok(Scheduled { meeting, already_late: check.already_late, reinvited })
    }

    /// ToR-9: the invitation, with date, venue and the call for
    /// submissions, to every member. Sent late if it must be, and flagged.
    pub async fn invite(&self, id: MeetingId) -> NodeResult<Step> {
        let core = self.core();
        require_secretariat(core, "send invitations (ToR-9)")?;
        let meeting = calendar(core)?.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        self.send_invitation(meeting, None).await
    }

    /// `schedule`: the meeting's new dates, stored in the same batch.
    async fn send_invitation(&self, meeting: Meeting, schedule: Option<Meeting>) -> NodeResult<Step> {
        let core = self.core();
        let invitation = Invitation { meeting, issued_on: today(self.core()) };
        invitation.validate()?;
        let late = invitation.timeliness().is_late();
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        let what = format!("invitation to \"{}\"", invitation.meeting.title);
        let payload = Payload::Invitation(invitation);
        let mut step = send_calendar_with(core, members(&roster.roster), payload, what, schedule).await?;
        step.late = late;
        Ok(step)
    }

    /// ToR-10, ToR-11: circulates the draft agenda, encrypted to every
    /// member: one presentation item per open intent for the meeting, in
    /// the order they were registered, then `draft.items`. Each circulation
    /// is a new version.
    pub async fn circulate_agenda(&self, id: MeetingId, draft: AgendaDraft) -> NodeResult<Step> {
        let core = self.core();
        require_secretariat(core, "circulate the draft agenda (ToR-10)")?;
        let cal = calendar(core)?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        if cal.invitation(id).is_none() {
            return Err(NodeError::Refused(Reason::new("refusal-meetings-agenda-no-invitation").text("meeting", id)));
        }
        if let Some(a) = cal.adoption(id) {
            return Err(NodeError::Refused(
                Reason::new("refusal-meetings-agenda-adopted").text("meeting", id).date("on", a.adopted_on),
            ));
        }
        let today = today(self.core());
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
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        let what = format!("draft agenda version {version} of \"{}\"", m.title);
        let mut step = send_calendar(core, members(&roster.roster), Payload::DraftAgenda(agenda), what).await?;
        step.late = late;
        Ok(step)
    }

    /// ToR-11: records that the meeting adopted the current draft agenda;
    /// no intent is taken for the meeting afterwards.
    pub async fn adopt_agenda(&self, id: MeetingId) -> NodeResult<Step> {
        let core = self.core();
        require_secretariat(core, "record the adoption of the agenda (ToR-11)")?;
        let cal = calendar(core)?;
        let m = cal.meeting(id).ok_or_else(|| not_found("meeting", id))?;
        let (_, agenda) = cal
            .agenda(id)
            .ok_or_else(|| NodeError::Refused(Reason::new("refusal-meetings-agenda-no-draft").text("meeting", id)))?;
        if let Some(a) = cal.adoption(id) {
            return Err(NodeError::Refused(
                Reason::new("refusal-meetings-agenda-already-adopted").text("meeting", id).date("on", a.adopted_on),
            ));
        }
        let adoption = AgendaAdoption { meeting: id, version: agenda.version, adopted_on: today(self.core()) };
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        let what = format!("adoption of the agenda of \"{}\"", m.title);
        send_calendar(core, members(&roster.roster), Payload::AgendaAdoption(adoption), what).await
    }
}

/// What a member that joins after the cycle started needs from the
/// Secretariat: the invitation, agenda, adoption and expert circulations
/// of every meeting not over, and the Secretariat's decisions, as first
/// sent.
pub(crate) fn catch_up(core: &Core) -> NodeResult<Vec<Payload>> {
    let mut payloads: Vec<Payload> = Vec::new();
    let cal = calendar(core)?;
    let today = today(core);
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
    Ok(payloads)
}
