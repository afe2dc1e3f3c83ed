//! The Forum's deadline rules, in one place (DESIGN invariant 5).
//!
//! Every deadline the software computes or checks comes from here, and each
//! rule names the ToR paragraph it implements. T is the first day of the
//! meeting; "at least N days before" means the act is on time when done on
//! T-N or earlier, and late from T-N+1. Pure date arithmetic: callers pass
//! "today" in.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::payload::Refusal;
use crate::reason::Reason;

/// A day-counted rule of the Terms of Reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// ToR-9: the invitation with the call for submissions goes out at least
    /// 50 days before the meeting.
    Invitation,
    /// ToR-10 (and ToR-14): the draft agenda is circulated at least 30 days
    /// before the meeting.
    DraftAgenda,
    /// ToR-8: a non-state expert proposal reaches the Secretariat at least
    /// 30 days before the meeting.
    ExpertProposal,
    /// ToR-8: an expert objection still unresolved 20 days before the
    /// meeting goes to the States Parties attending.
    ExpertEscalation,
    /// ToR-12: the presenting State notifies the involved States at least
    /// 30 days before the meeting.
    InvolvedNotice,
    /// ToR-12: involved States are asked to reply at least 15 days before
    /// the meeting.
    InvolvedReply,
}

impl Rule {
    pub const ALL: [Rule; 6] = [
        Rule::Invitation,
        Rule::DraftAgenda,
        Rule::ExpertProposal,
        Rule::ExpertEscalation,
        Rule::InvolvedNotice,
        Rule::InvolvedReply,
    ];

    /// Days before the first day of the meeting.
    pub const fn days_before(self) -> i32 {
        match self {
            Rule::Invitation => 50,
            Rule::DraftAgenda | Rule::ExpertProposal | Rule::InvolvedNotice => 30,
            Rule::ExpertEscalation => 20,
            Rule::InvolvedReply => 15,
        }
    }

    /// The ToR paragraph the rule comes from.
    pub const fn tor(self) -> &'static str {
        match self {
            Rule::Invitation => "ToR-9",
            Rule::DraftAgenda => "ToR-10",
            Rule::ExpertProposal | Rule::ExpertEscalation => "ToR-8",
            Rule::InvolvedNotice | Rule::InvolvedReply => "ToR-12",
        }
    }

    pub const fn describe(self) -> &'static str {
        match self {
            Rule::Invitation => "invitation with the call for submissions",
            Rule::DraftAgenda => "draft agenda circulated to the members",
            Rule::ExpertProposal => "non-state expert proposal to the Secretariat",
            Rule::ExpertEscalation => "unresolved expert objection goes to the attending States Parties",
            Rule::InvolvedNotice => "notice to the involved States",
            Rule::InvolvedReply => "replies from the involved States",
        }
    }

    /// The last day on which the act is on time for a meeting starting on
    /// `meeting`.
    pub fn due(self, meeting: Date) -> Date {
        meeting.add_days(-self.days_before())
    }

    /// Whether an act done on `done` was on time for `meeting`.
    pub fn check(self, meeting: Date, done: Date) -> Timeliness {
        let spare = self.due(meeting).days_after(done);
        if spare >= 0 {
            Timeliness::OnTime { days_to_spare: spare }
        } else {
            Timeliness::Late { days_late: -spare }
        }
    }

    /// A deadline for `meeting`, as seen on `today`.
    pub fn deadline(self, meeting: Date, today: Date) -> Deadline {
        let due = self.due(meeting);
        Deadline { rule: self, tor: self.tor(), what: self.describe(), due, state: DeadlineState::on(due, today) }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}, T-{})", self.describe(), self.tor(), self.days_before())
    }
}

/// Whether something was done in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "timeliness", rename_all = "snake_case")]
pub enum Timeliness {
    OnTime { days_to_spare: i32 },
    Late { days_late: i32 },
}

impl Timeliness {
    pub fn is_late(self) -> bool {
        matches!(self, Timeliness::Late { .. })
    }
}

/// Days before a due date from which a deadline is shown as near.
pub const NEAR_DAYS: i32 = 7;

/// Where an open deadline stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeadlineState {
    /// More than [`NEAR_DAYS`] days left.
    Open {
        days_left: i32,
    },
    /// Due within [`NEAR_DAYS`] days (0 = due today, still on time).
    Near {
        days_left: i32,
    },
    Missed {
        days_over: i32,
    },
}

impl DeadlineState {
    pub fn on(due: Date, today: Date) -> DeadlineState {
        let left = due.days_after(today);
        if left < 0 {
            DeadlineState::Missed { days_over: -left }
        } else if left <= NEAR_DAYS {
            DeadlineState::Near { days_left: left }
        } else {
            DeadlineState::Open { days_left: left }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub rule: Rule,
    pub tor: &'static str,
    pub what: &'static str,
    pub due: Date,
    #[serde(flatten)]
    pub state: DeadlineState,
}

/// ToR-3: the Forum meets at most twice in a calendar year.
pub const MAX_MEETINGS_PER_YEAR: usize = 2;

/// ToR-3: whether a meeting may be scheduled on `new`, given the first days
/// of the meetings already scheduled.
pub fn meeting_allowed(existing: &[Date], new: Date) -> Result<(), Refusal> {
    let year = new.year();
    let same_year = existing.iter().filter(|d| d.year() == year).count();
    if same_year >= MAX_MEETINGS_PER_YEAR {
        return Err(Refusal::new(
            Reason::new("refusal-meeting-year-full")
                .number("year", year)
                .number("count", same_year)
                .number("limit", MAX_MEETINGS_PER_YEAR),
            format!(
                "{year} already has {same_year} meetings; the Forum meets at most {MAX_MEETINGS_PER_YEAR} times a year \
                 (ToR-3)"
            ),
        ));
    }
    Ok(())
}

/// ToR-8: the silence procedure on an expert proposal ends this many days
/// after the Secretariat circulates it.
pub const EXPERT_SILENCE_DAYS: i32 = 5;

/// ToR-8: the last day of the silence procedure started on `circulated`.
pub fn silence_ends(circulated: Date) -> Date {
    circulated.add_days(EXPERT_SILENCE_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("test date")
    }

    #[test]
    fn each_rule_counts_back_from_the_first_day() {
        let t = d("2027-08-20");
        assert_eq!(Rule::Invitation.due(t), d("2027-07-01"));
        assert_eq!(Rule::DraftAgenda.due(t), d("2027-07-21"));
        assert_eq!(Rule::ExpertProposal.due(t), d("2027-07-21"));
        assert_eq!(Rule::InvolvedNotice.due(t), d("2027-07-21"));
        assert_eq!(Rule::ExpertEscalation.due(t), d("2027-07-31"));
        assert_eq!(Rule::InvolvedReply.due(t), d("2027-08-05"));
    }

    #[test]
    fn exactly_on_the_day_is_on_time_and_one_day_after_is_late() {
        let t = d("2027-08-20");
        for rule in Rule::ALL {
            let due = rule.due(t);
            assert_eq!(rule.check(t, due), Timeliness::OnTime { days_to_spare: 0 }, "{rule}");
            assert_eq!(rule.check(t, due.add_days(1)), Timeliness::Late { days_late: 1 }, "{rule}");
            assert_eq!(rule.check(t, due.add_days(-3)), Timeliness::OnTime { days_to_spare: 3 }, "{rule}");
        }
    }

    #[test]
    fn deadline_states() {
        let due = d("2027-07-21");
        assert_eq!(DeadlineState::on(due, d("2027-07-01")), DeadlineState::Open { days_left: 20 });
        assert_eq!(DeadlineState::on(due, d("2027-07-14")), DeadlineState::Near { days_left: 7 });
        assert_eq!(DeadlineState::on(due, due), DeadlineState::Near { days_left: 0 });
        assert_eq!(DeadlineState::on(due, d("2027-07-22")), DeadlineState::Missed { days_over: 1 });
    }

    #[test]
    fn a_third_meeting_in_a_year_is_refused() {
        let held = [d("2027-02-10"), d("2027-08-20")];
        assert!(meeting_allowed(&held[..1], d("2027-11-01")).is_ok());
        let err = meeting_allowed(&held, d("2027-11-01")).expect_err("third meeting");
        assert!(err.text.contains("ToR-3"), "{err}");
        assert_eq!(err.reason.key, "refusal-meeting-year-full");
        assert!(meeting_allowed(&held, d("2028-01-15")).is_ok());
    }

    #[test]
    fn silence_lasts_five_days() {
        assert_eq!(silence_ends(d("2027-06-28")), d("2027-07-03"));
    }
}
