//! Which ToR deadlines a meeting has and who must act on each. The day
//! counts themselves stay in `crate::rules` (DESIGN invariant 5); this file
//! only applies them to one meeting, for one party, on one day.

use serde::{Deserialize, Serialize};

use super::{Meeting, MeetingId};
use crate::date::Date;
use crate::ids::Party;
use crate::rules::{DeadlineState, Rule};

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
