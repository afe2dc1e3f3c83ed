//! Clearance of the Chair's oral briefings (ToR-22), derived from the
//! participants' answers to one draft version, so that a presenting State's
//! objection blocks a briefing whatever the others say.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{invalid, MeetingId, MAX_AGENDA_ITEMS};
use crate::date::Date;
use crate::ids::{CaseId, StateCode};
use crate::payload::{PayloadError, MAX_TEXT};
use crate::procedure::{check_language, check_text};
use crate::reason::Reason;

/// ToR-22: to whom the Chair would brief orally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BriefingAudience {
    WorkingGroup,
    Csp,
}

/// ToR-22: the Chair's draft of an oral briefing on trends and general
/// lessons, sent encrypted to that meeting's participants. A new version
/// restarts the clearance. It lists the cases it draws on, so that their
/// presenting States can object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingDraft {
    pub meeting: MeetingId,
    pub version: u32,
    pub audience: BriefingAudience,
    pub text: String,
    pub language: String,
    /// The cases (presented at the meeting) the briefing is based on.
    #[serde(default)]
    pub based_on: Vec<CaseId>,
    pub drafted_on: Date,
}

impl BriefingDraft {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid(Reason::new("refusal-briefing-version-zero"), "briefing versions start at 1"));
        }
        check_text("briefing", &self.text, MAX_TEXT, true)?;
        check_language(&self.language)?;
        if self.based_on.len() > MAX_AGENDA_ITEMS {
            return Err(invalid(
                Reason::new("refusal-briefing-too-many-cases").number("limit", MAX_AGENDA_ITEMS),
                format!("a briefing draws on at most {MAX_AGENDA_ITEMS} cases"),
            ));
        }
        Ok(())
    }

    /// The States whose cases the briefing is based on (ToR-22).
    pub fn presenters(&self) -> BTreeSet<StateCode> {
        self.based_on.iter().map(CaseId::provider).collect()
    }
}

/// ToR-22: a participant's answer to a briefing draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum BriefingAnswer {
    Consent,
    Object { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefingResponse {
    pub meeting: MeetingId,
    /// The draft version answered.
    pub version: u32,
    pub by: StateCode,
    #[serde(flatten)]
    pub answer: BriefingAnswer,
}

impl BriefingResponse {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid(Reason::new("refusal-briefing-version-zero"), "briefing versions start at 1"));
        }
        if let BriefingAnswer::Object { reason } = &self.answer {
            check_text("objection reason", reason, MAX_TEXT, false)?;
        }
        Ok(())
    }
}

/// Where a briefing's clearance stands, visible to the participants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BriefingState {
    /// Waiting for consent from `waiting`.
    Pending { consented: Vec<StateCode>, waiting: Vec<StateCode> },
    /// At least one participant objects: no consensus.
    Blocked { objectors: Vec<StateCode> },
    /// A State whose case the briefing is based on objects (ToR-22): blocked
    /// whatever the others say.
    BlockedByPresenter { presenters: Vec<StateCode>, objectors: Vec<StateCode> },
    /// Every participant consented and no presenter objected.
    Cleared,
}

impl BriefingState {
    pub fn is_cleared(&self) -> bool {
        matches!(self, BriefingState::Cleared)
    }
}

/// ToR-22: a briefing is cleared only by the consensus of all the meeting's
/// `participants` (the registered States) with no objection from a State
/// whose case it is based on. Only answers to the current draft version
/// count; a State's last answer is the one that counts. Answers from States
/// that are neither participants nor presenters are ignored. With no
/// participants there is no consensus, so it stays pending.
pub fn briefing_state(
    draft: &BriefingDraft,
    participants: &BTreeSet<StateCode>,
    responses: &[BriefingResponse],
) -> BriefingState {
    let presenters = draft.presenters();
    let mut last: BTreeMap<StateCode, &BriefingAnswer> = BTreeMap::new();
    for r in responses.iter().filter(|r| r.meeting == draft.meeting && r.version == draft.version) {
        if participants.contains(&r.by) || presenters.contains(&r.by) {
            last.insert(r.by, &r.answer);
        }
    }
    let objectors: Vec<StateCode> =
        last.iter().filter(|(_, a)| matches!(a, BriefingAnswer::Object { .. })).map(|(s, _)| *s).collect();
    let presenter_objectors: Vec<StateCode> = objectors.iter().copied().filter(|s| presenters.contains(s)).collect();
    if !presenter_objectors.is_empty() {
        return BriefingState::BlockedByPresenter { presenters: presenter_objectors, objectors };
    }
    if !objectors.is_empty() {
        return BriefingState::Blocked { objectors };
    }
    let consented: Vec<StateCode> = participants.iter().copied().filter(|s| last.contains_key(s)).collect();
    let waiting: Vec<StateCode> = participants.iter().copied().filter(|s| !last.contains_key(s)).collect();
    if waiting.is_empty() && !participants.is_empty() {
        BriefingState::Cleared
    } else {
        BriefingState::Pending { consented, waiting }
    }
}
