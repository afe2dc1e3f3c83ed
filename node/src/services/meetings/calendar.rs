//! The fold: everything this node exchanged about meetings (`g/` entries)
//! and, on the Secretariat, its schedule (`t/`), read back on each request
//! and folded into meetings, intents, expert states and briefing clearance.
//! A cycle has tens of messages, and a fold cannot drift from what was
//! exchanged.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};

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
/// its schedule: a snapshot of [`Held`], shared until a member opens its
/// sealed texts into its own copy.
pub(crate) struct Calendar {
    pub(crate) me: Party,
    pub(crate) today: Date,
    pub(crate) scheduled: Arc<Vec<Meeting>>,
    pub(crate) entries: Arc<Vec<ExchangeEntry>>,
}

/// The `t/` and `g/` records as stored, read from the store once per node
/// and then kept current by each write once it is committed. An arriving
/// meeting message is checked against the whole cycle, and reading and
/// decoding every stored message for each made a cycle of n messages cost
/// n² reads, growing with every meeting ever held (issue 13).
///
/// Every write of `t/` or `g/` goes through [`Held::kept`] after its
/// commit; loading and keeping take the same lock, and keeping is
/// idempotent, so a write committed while the first load scans is in the
/// snapshot whichever of the two sees it first.
#[derive(Debug, Default)]
pub(crate) struct Held {
    loaded: RwLock<Option<Records>>,
}

#[derive(Clone, Debug)]
struct Records {
    scheduled: Arc<Vec<Meeting>>,
    /// Ordered by message id: the order the messages were made in.
    entries: Arc<Vec<ExchangeEntry>>,
}

impl Held {
    fn of(core: &Core) -> Arc<Held> {
        core.extension::<Held>()
    }

    fn snapshot(&self, core: &Core) -> NodeResult<Records> {
        if let Some(r) = self.loaded.read().unwrap_or_else(|p| p.into_inner()).as_ref() {
            return Ok(r.clone());
        }
        let mut loaded = self.loaded.write().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = loaded.as_ref() {
            return Ok(r.clone());
        }
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
        let r = Records { scheduled: Arc::new(scheduled), entries: Arc::new(entries) };
        *loaded = Some(r.clone());
        Ok(r)
    }

    /// Adds what a committed batch wrote under `g/` (`entry`) and `t/`
    /// (`meeting`). Before the first load there is nothing to update: the
    /// load will read the write from the store.
    pub(crate) fn kept(core: &Core, entry: Option<ExchangeEntry>, meeting: Option<Meeting>) {
        let held = Held::of(core);
        let mut loaded = held.loaded.write().unwrap_or_else(|p| p.into_inner());
        let Some(r) = loaded.as_mut() else { return };
        if let Some(e) = entry {
            let entries = Arc::make_mut(&mut r.entries);
            match entries.binary_search_by_key(&e.message_id, |x| x.message_id) {
                Ok(i) => entries[i] = e,
                Err(i) => entries.insert(i, e),
            }
        }
        if let Some(m) = meeting {
            let scheduled = Arc::make_mut(&mut r.scheduled);
            match scheduled.iter_mut().find(|x| x.id == m.id) {
                Some(x) => *x = m,
                None => scheduled.push(m),
            }
        }
    }
}

impl Calendar {
    pub(crate) fn load(core: &Core) -> NodeResult<Calendar> {
        let r = Held::of(core).snapshot(core)?;
        Ok(Calendar { me: core.party(), today: today_of(core.now_ms()), scheduled: r.scheduled, entries: r.entries })
    }

    /// Reads the records from the store, as the snapshot did before it was
    /// kept in memory: what tests compare the snapshot with.
    #[cfg(test)]
    pub(crate) fn load_from_store(core: &Core) -> NodeResult<(Vec<Meeting>, Vec<ExchangeEntry>)> {
        let fresh = Held::default();
        let r = fresh.snapshot(core)?;
        Ok((r.scheduled.to_vec(), r.entries.to_vec()))
    }

    /// Replaces each text sealed to the members (an expert's purpose, an
    /// objection's reason, a consultation note) by its clear text where
    /// this node can open it, each bound to its sender, message and field.
    /// In memory only: what is stored and relayed stays sealed.
    pub(crate) fn open_sealed(&mut self, core: &Core) {
        if self.me.is_secretariat() || !self.entries.iter().any(|e| has_texts(&e.payload)) {
            return;
        }
        // Copies the snapshot: the clear texts stay in this calendar.
        for e in Arc::make_mut(&mut self.entries) {
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
            let mut m = self.scheduled.to_vec();
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
/// Whether [`each_text`] finds a text in `payload`.
fn has_texts(payload: &Payload) -> bool {
    match payload {
        Payload::ExpertProposal(_) | Payload::ExpertCirculation(_) => true,
        Payload::ExpertRecord(r) => {
            matches!(r.event, ExpertEvent::Objection { .. } | ExpertEvent::Consultation { .. })
        }
        _ => false,
    }
}

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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use dief_protocol::meeting::{Delegate, MeetingKind, Role};

    use super::*;
    use crate::core::node::Node;
    use crate::federation::{wait_until, LocalFederation};
    use crate::services::meetings::{ExpertDraft, IntentDraft, MeetingDraft};

    /// What the node folds from memory is what the store holds.
    fn same_as_store(node: &Node) -> bool {
        let core = node.core();
        let (Ok(held), Ok((scheduled, entries))) = (Calendar::load(core), Calendar::load_from_store(core)) else {
            return false;
        };
        let ids = |e: &[ExchangeEntry]| e.iter().map(|e| (e.message_id, e.direction, e.from)).collect::<Vec<_>>();
        let mut a: Vec<MeetingId> = held.scheduled.iter().map(|m| m.id).collect();
        let mut b: Vec<MeetingId> = scheduled.iter().map(|m| m.id).collect();
        a.sort();
        b.sort();
        a == b && ids(&held.entries) == ids(&entries)
    }

    /// Issue 13: the calendar is read from the store once and then kept
    /// by each send and each arrival; after a cycle with sends from every
    /// side, and a restart, every node's snapshot equals its store. A send
    /// or an arrival that does not reach the snapshot fails this.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_calendar_kept_in_memory_is_what_the_store_holds() {
        let st = |s: &str| s.parse::<StateCode>().expect("code");
        let (fra, gha) = (st("FRA"), st("GHA"));
        let mut fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
        let sec = fed.node(Party::Secretariat).expect("sec").clone();
        let (a, b) = (fed.state(fra).expect("fra").clone(), fed.state(gha).expect("gha").clone());
        // Each node folds once before anything is exchanged, so that every
        // later record must reach the snapshot by a write, not by a load.
        for n in [&sec, &a, &b] {
            assert!(same_as_store(n));
        }
        let first_day = today_of(fed.clock().now_ms()).add_days(120);
        let m = sec
            .schedule_meeting(MeetingDraft {
                id: None,
                kind: MeetingKind::Csp,
                title: "Held calendar".into(),
                first_day,
                last_day: first_day.add_days(1),
                venue: "Geneva".into(),
                call_for_submissions: "Cases, please.".into(),
                language: "en".into(),
            })
            .await
            .expect("schedule");
        let id = m.meeting.id;
        assert_eq!(Calendar::load(sec.core()).expect("cal").meeting(id).map(|m| m.id), Some(id));
        sec.invite(id).await.expect("invite");
        assert!(wait_until(Duration::from_secs(20), || b.meeting(id).is_ok() && a.meeting(id).is_ok()).await);
        use dief_protocol::case::CaseContent;
        use dief_protocol::payload::{CaseStatus, Investigation};
        let case = a
            .create_case(CaseContent::new("Held calendar case", CaseStatus::Detected, Investigation::Ongoing))
            .await
            .expect("case");
        let intent = a
            .register_intent(IntentDraft {
                meeting: Some(id),
                case: Some(case.id),
                minutes: Some(10),
                with_expert: true,
            })
            .await
            .expect("intent");
        assert!(wait_until(Duration::from_secs(20), || sec.intents().is_ok_and(|v| v.len() == 1)).await);
        // The Secretariat circulates the proposal in the batch that
        // receives it: its own copy of the circulation must reach its
        // snapshot too.
        a.propose_expert(ExpertDraft {
            presentation: intent.message_id,
            expert_name: "Dr A. Example".into(),
            affiliation: "Fictional Institute".into(),
            purpose: "Explain the markings.".into(),
            language: "en".into(),
        })
        .await
        .expect("proposal");
        assert!(wait_until(Duration::from_secs(20), || b.meeting(id).is_ok_and(|v| v.experts.len() == 1)).await);
        assert!(sec.meeting(id).is_ok_and(|v| v.experts.len() == 1));
        let delegate = |s: StateCode| {
            vec![Delegate { name: format!("{s}"), role: Role::Customs, agency: String::new(), head: true }]
        };
        a.register_delegation(id, delegate(fra)).await.expect("fra registers");
        b.register_delegation(id, delegate(gha)).await.expect("gha registers");
        let registered = |n: &Node| n.meeting(id).is_ok_and(|v| v.registrations.len() == 2);
        assert!(wait_until(Duration::from_secs(20), || [&sec, &a, &b].iter().all(|n| registered(n))).await);
        assert!(wait_until(Duration::from_secs(20), || sec.intents().is_ok_and(|v| v.len() == 1)).await);
        // Rescheduled after the invitation: the schedule is rewritten in
        // the batch of the new invitation.
        let moved = first_day.add_days(7);
        sec.schedule_meeting(MeetingDraft {
            id: Some(id),
            kind: MeetingKind::Csp,
            title: "Held calendar".into(),
            first_day: moved,
            last_day: moved.add_days(1),
            venue: "Geneva".into(),
            call_for_submissions: "Cases, please.".into(),
            language: "en".into(),
        })
        .await
        .expect("reschedule");
        assert_eq!(Calendar::load(sec.core()).expect("cal").meeting(id).map(|m| m.first_day), Some(moved));
        assert!(
            wait_until(Duration::from_secs(20), || b.meeting(id).is_ok_and(|v| v.meeting.first_day == moved)).await
        );
        for n in [&sec, &a, &b] {
            assert!(same_as_store(n), "{} folds what its store does not hold", n.party());
        }
        drop((sec, a, b));
        fed.stop(Party::State(gha)).await.expect("stop");
        let b = fed.start_node(Party::State(gha)).await.expect("restart");
        assert!(same_as_store(&b));
        assert!(registered(&b));
        drop(b);
        fed.shutdown().await;
    }
}
