//! ToR-8 to 12: the deadlines one node has to meet or follows, folded from
//! its calendar and its case procedures: the Secretariat's invitation and
//! agenda, the silence and escalation of expert proposals, the intents
//! that stand until adoption, a State's notices and expert proposals for
//! its presentations, and its replies to the notices it received.

use dief_protocol::meeting::{ExpertState, IntentSubject, Meeting};
use dief_protocol::rules::Rule;
use dief_protocol::{Date, Payload, StateCode};

use crate::services::meetings::calendar::{today_of, Calendar};
use crate::services::meetings::views::{DeadlineItem, DeadlineStatus, IntentState, IntentView, Topic};
use crate::services::records::{Direction, ExchangeEntry};

/// A deadline counted in days from the meeting's first day.
fn rule_item(m: &Meeting, rule: Rule, topic: Topic, done: Option<Date>, mine: bool, today: Date) -> DeadlineItem {
    let due = rule.due(m.first_day);
    DeadlineItem {
        meeting: Some(m.id),
        meeting_day: m.first_day,
        rule: Some(rule),
        tor: rule.tor().to_string(),
        what: topic.to_string(),
        topic,
        due,
        status: match done {
            Some(on) => DeadlineStatus::done(on, due),
            None => DeadlineStatus::pending(due, today),
        },
        mine,
    }
}

impl Calendar {
    /// ToR-8 to 12: this node's deadlines and the ones it follows, earliest
    /// first. `exchanges` are the node's case procedures (`m/`).
    pub(crate) fn deadlines(&self, exchanges: &[ExchangeEntry]) -> Vec<DeadlineItem> {
        let meetings = self.meetings();
        let mut out = Vec::new();
        for m in meetings.iter().filter(|m| !m.is_over(self.today)) {
            self.secretariat_acts(m, &mut out);
            self.expert_procedures(m, &mut out);
        }
        if let Some(me) = self.me.state() {
            let intents = self.intents();
            self.intents_stand(me, &meetings, &intents, &mut out);
            self.presentations(me, &meetings, &intents, exchanges, &mut out);
            self.notice_replies(&meetings, exchanges, &mut out);
        }
        out.sort_by_key(|d| (d.due, d.tor.clone()));
        out
    }

    /// The Secretariat's own acts (ToR-9, ToR-10); members see them for
    /// information once invited.
    fn secretariat_acts(&self, m: &Meeting, out: &mut Vec<DeadlineItem>) {
        let secretariat = self.me.is_secretariat();
        let invited = self.invitation(m.id).map(|(_, i)| i.issued_on);
        let topic = Topic::Invitation { meeting: m.title.clone() };
        out.push(rule_item(m, Rule::Invitation, topic, invited, secretariat, self.today));
        let agenda = self.agenda(m.id).map(|(_, a)| a.circulated_on);
        let topic = Topic::DraftAgenda { meeting: m.title.clone() };
        out.push(rule_item(m, Rule::DraftAgenda, topic, agenda, secretariat, self.today));
    }

    /// ToR-8: every proposal's silence and, if objected, escalation.
    fn expert_procedures(&self, m: &Meeting, out: &mut Vec<DeadlineItem>) {
        for (id, p) in self.proposals().into_iter().filter(|(_, p)| p.meeting == m.id) {
            let v = self.expert_view(id, p, m);
            if let (Some(ends), ExpertState::SilenceRunning { .. }) = (v.silence_ends, &v.state) {
                let topic = Topic::Silence { expert: v.proposal.expert_name.clone() };
                out.push(DeadlineItem {
                    meeting: Some(m.id),
                    meeting_day: m.first_day,
                    rule: None,
                    tor: "ToR-8".into(),
                    what: topic.to_string(),
                    topic,
                    due: ends,
                    status: DeadlineStatus::pending(ends, self.today),
                    // States Parties other than the proposer may object.
                    mine: self.me.state().is_some_and(|s| s != v.proposal.proposer),
                });
            }
            if let ExpertState::Objected { .. } = v.state {
                let topic = Topic::Escalation { expert: v.proposal.expert_name.clone() };
                out.push(rule_item(m, Rule::ExpertEscalation, topic, None, self.me.is_secretariat(), self.today));
            }
        }
    }

    /// ToR-11: intents are taken until the agenda is adopted, at the latest
    /// at the opening of the meeting.
    fn intents_stand(&self, me: StateCode, meetings: &[Meeting], intents: &[IntentView], out: &mut Vec<DeadlineItem>) {
        for m in meetings.iter().filter(|m| !m.is_over(self.today) && self.adoption(m.id).is_none()) {
            let mine = intents
                .iter()
                .filter(|i| i.intent.presenter == me && i.meeting == Some(m.id) && i.state == IntentState::Open)
                .count();
            let topic = Topic::Intents { meeting: m.title.clone(), mine };
            out.push(DeadlineItem {
                meeting: Some(m.id),
                meeting_day: m.first_day,
                rule: None,
                tor: "ToR-11".into(),
                what: topic.to_string(),
                topic,
                due: m.first_day,
                status: DeadlineStatus::pending(m.first_day, self.today),
                mine: true,
            });
        }
    }

    /// A State's own: notices for the cases it will present, expert
    /// proposals it announced (ToR-8, ToR-12).
    fn presentations(
        &self,
        me: StateCode,
        meetings: &[Meeting],
        intents: &[IntentView],
        exchanges: &[ExchangeEntry],
        out: &mut Vec<DeadlineItem>,
    ) {
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
                let topic = Topic::InvolvedNotices { case_id };
                out.push(rule_item(m, Rule::InvolvedNotice, topic, sent, true, self.today));
            }
            if i.intent.with_expert {
                let proposed = self.payloads().find_map(|(e, p)| match p {
                    Payload::ExpertProposal(x) if e.direction == Direction::Sent && x.presentation == i.message_id => {
                        Some(x.proposed_on)
                    }
                    _ => None,
                });
                let topic = Topic::ExpertProposal { presentation: i.message_id };
                out.push(rule_item(m, Rule::ExpertProposal, topic, proposed, true, self.today));
            }
        }
    }

    /// Replies to the notices this State received (ToR-12: T-15).
    fn notice_replies(&self, meetings: &[Meeting], exchanges: &[ExchangeEntry], out: &mut Vec<DeadlineItem>) {
        for e in exchanges.iter().filter(|e| e.direction == Direction::Received) {
            let Payload::InvolvedNotice(n) = &e.payload else { continue };
            if self.today > n.meeting_date {
                continue;
            }
            let replied = exchanges.iter().find_map(|r| match &r.payload {
                Payload::NoticeReply(p) if r.direction == Direction::Sent && p.notice == e.message_id => {
                    Some(today_of(r.at))
                }
                _ => None,
            });
            let m = meetings.iter().find(|m| m.first_day == n.meeting_date);
            let topic = Topic::NoticeReply { from: e.from, case_id: n.case_id };
            out.push(DeadlineItem {
                meeting: m.map(|m| m.id),
                meeting_day: n.meeting_date,
                rule: Some(Rule::InvolvedReply),
                tor: Rule::InvolvedReply.tor().into(),
                what: topic.to_string(),
                topic,
                due: n.reply_by,
                status: match replied {
                    Some(on) => DeadlineStatus::done(on, n.reply_by),
                    None => DeadlineStatus::pending(n.reply_by, self.today),
                },
                mine: true,
            });
        }
    }
}
