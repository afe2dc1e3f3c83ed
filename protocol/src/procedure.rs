//! Payloads of the State-to-State procedures: involved-State notices and
//! their replies (ToR-12), requests for operational use and the provider's
//! answer (ToR-16), disclosure challenges (ToR-15), follow-up threads
//! (ToR-21) and withdrawal of a shared case.
//!
//! Each travels in its own envelope kind, sealed to the States concerned
//! only. The rules about *who* may send each one (only the provider answers a
//! use request, only a notified State replies to a notice, ...) need the
//! receiving node's state, so they are checked in the node; what can be
//! checked from the payload alone is checked here.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::ids::{CaseId, MessageId, StateCode};
use crate::payload::{invalid, PayloadError, MAX_TEXT, MAX_TITLE};
use crate::reason::Reason;

/// A free-text field: present if `required`, at most `limit` bytes.
pub(crate) fn check_text(field: &'static str, s: &str, limit: usize, required: bool) -> Result<(), PayloadError> {
    if required && s.trim().is_empty() {
        return Err(PayloadError::Empty(field));
    }
    if s.len() > limit {
        return Err(PayloadError::FieldTooLong { field, len: s.len(), limit });
    }
    Ok(())
}

/// A BCP 47 tag's shape (ToR-23: free text keeps its language tag).
pub(crate) fn check_language(language: &str) -> Result<(), PayloadError> {
    let ok = !language.is_empty()
        && language.len() <= 35
        && language.split('-').all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            Reason::new("refusal-payload-language-tag").text("tag", format!("{language:?}")),
            format!("{language:?} is not a BCP 47 language tag (e.g. en, fr, ar, zh-Hans)"),
        ))
    }
}

/// ToR-12: the presenting State tells a State that information it will
/// present concerns it, and asks for its reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvolvedNotice {
    pub case_id: CaseId,
    /// First day of the meeting at which the case will be presented.
    pub meeting_date: Date,
    /// The Secretariat's reference of the meeting, when there is one.
    #[serde(default)]
    pub meeting_ref: Option<String>,
    /// What the presentation will say that concerns the notified State.
    pub summary: String,
    pub language: String,
    /// The reply is requested by this day (ToR-12: T-15).
    pub reply_by: Date,
    /// Sent after T-30 (ToR-12); shown to both sides, never hidden.
    pub late: bool,
}

/// The involved State's answer to a notice; attached to the presentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeReply {
    pub case_id: CaseId,
    /// The notice's message id.
    pub notice: MessageId,
    pub body: String,
    pub language: String,
}

/// After the presentation, an involved State's right of reply (ToR-12,
/// Rule 24(2)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightOfReply {
    pub case_id: CaseId,
    pub notice: MessageId,
    pub body: String,
    pub language: String,
}

/// Why a receiving State wants to use information operationally (ToR-16).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsePurpose {
    ExportAssessment,
    EnforcementProceedings,
    Other,
}

/// ToR-16: a request to the provider before any operational use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseRequest {
    pub case_id: CaseId,
    /// The version of the record the request is about.
    pub version: u32,
    pub purpose: UsePurpose,
    pub details: String,
}

/// The provider's answer to a use request (ToR-16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum UseDecision {
    Agree,
    AgreeWithConditions { conditions: String },
    Decline,
    Discuss,
}

impl UseDecision {
    /// Whether the answer permits operational use.
    pub fn permits_use(&self) -> bool {
        matches!(self, UseDecision::Agree | UseDecision::AgreeWithConditions { .. })
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            UseDecision::Agree => "agree",
            UseDecision::AgreeWithConditions { .. } => "agree_with_conditions",
            UseDecision::Decline => "decline",
            UseDecision::Discuss => "discuss",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseAnswer {
    pub case_id: CaseId,
    /// The request's message id.
    pub request: MessageId,
    pub decision: UseDecision,
    #[serde(default)]
    pub note: String,
}

/// ToR-15: a bilateral challenge about a suspected unauthorised disclosure.
/// Not case content: it names what was disclosed, not the case itself, so
/// the Chair or the Secretariat may send and receive one too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// The case concerned, if the challenger chooses to name it.
    #[serde(default)]
    pub case_id: Option<CaseId>,
    pub concern: String,
}

/// The challenged participant's explanation and remedial measures (ToR-15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeAnswer {
    pub challenge: MessageId,
    pub explanation: String,
    pub remedial_measures: String,
}

/// The challenger closes its challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeClose {
    pub challenge: MessageId,
    #[serde(default)]
    pub note: String,
}

/// ToR-21: a post in a follow-up thread about a case. A thread is started by
/// the case's provider with the States it chooses; its first post's message
/// id names it, and later posts go to the same participants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPost {
    pub case_id: CaseId,
    /// `None` starts a thread.
    #[serde(default)]
    pub thread: Option<MessageId>,
    /// The thread's participants, its starter included; set by the starter.
    pub participants: Vec<StateCode>,
    #[serde(default)]
    pub subject: String,
    pub body: String,
    pub language: String,
}

/// The provider withdraws a case it shared; every recipient marks it
/// withdrawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseWithdrawal {
    pub case_id: CaseId,
    /// The last version shared.
    pub version: u32,
    #[serde(default)]
    pub reason: String,
}

impl InvolvedNotice {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("notice summary", &self.summary, MAX_TEXT, true)?;
        check_language(&self.language)?;
        if let Some(r) = &self.meeting_ref {
            check_text("meeting reference", r, MAX_TITLE, false)?;
        }
        if self.reply_by > self.meeting_date {
            return Err(invalid(
                Reason::new("refusal-notice-reply-after-meeting")
                    .date("reply_by", self.reply_by)
                    .date("meeting", self.meeting_date),
                format!("a notice's reply date, {}, cannot be after the meeting, {}", self.reply_by, self.meeting_date),
            ));
        }
        Ok(())
    }
}

impl NoticeReply {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("notice reply", &self.body, MAX_TEXT, true)?;
        check_language(&self.language)
    }
}

impl RightOfReply {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("right of reply", &self.body, MAX_TEXT, true)?;
        check_language(&self.language)
    }
}

impl UseRequest {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid(Reason::new("refusal-payload-version-zero"), "case versions start at 1"));
        }
        // "Other" says nothing by itself: the provider needs the details.
        check_text("use request details", &self.details, MAX_TEXT, self.purpose == UsePurpose::Other)
    }
}

impl UseAnswer {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if let UseDecision::AgreeWithConditions { conditions } = &self.decision {
            check_text("conditions", conditions, MAX_TEXT, true)?;
        }
        check_text("note", &self.note, MAX_TEXT, false)
    }
}

impl Challenge {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("challenge concern", &self.concern, MAX_TEXT, true)
    }
}

impl ChallengeAnswer {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("explanation", &self.explanation, MAX_TEXT, true)?;
        check_text("remedial measures", &self.remedial_measures, MAX_TEXT, false)
    }
}

impl ChallengeClose {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("note", &self.note, MAX_TEXT, false)
    }
}

/// Most States in one thread.
pub const MAX_THREAD_PARTICIPANTS: usize = 64;

impl ThreadPost {
    pub fn validate(&self) -> Result<(), PayloadError> {
        check_text("subject", &self.subject, MAX_TITLE, self.thread.is_none())?;
        check_text("post", &self.body, MAX_TEXT, true)?;
        check_language(&self.language)?;
        if self.participants.len() < 2 {
            return Err(invalid(Reason::new("refusal-thread-too-few"), "a thread needs at least two States"));
        }
        if self.participants.len() > MAX_THREAD_PARTICIPANTS {
            return Err(invalid(
                Reason::new("refusal-thread-too-many")
                    .number("limit", MAX_THREAD_PARTICIPANTS)
                    .number("count", self.participants.len()),
                format!("a thread has at most {MAX_THREAD_PARTICIPANTS} States, not {}", self.participants.len()),
            ));
        }
        let mut sorted = self.participants.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != self.participants.len() {
            return Err(invalid(
                Reason::new("refusal-thread-duplicate"),
                "a State is listed twice among the thread's participants",
            ));
        }
        Ok(())
    }
}

impl CaseWithdrawal {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.version == 0 {
            return Err(invalid(Reason::new("refusal-payload-version-zero"), "case versions start at 1"));
        }
        check_text("reason", &self.reason, MAX_TEXT, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "fr", "zh-Hans", "ar", "es-419"] {
            assert!(check_language(ok).is_ok(), "{ok}");
        }
        for bad in ["", "en_GB", "-en", "a-verylongsubtag", "en--x"] {
            assert!(check_language(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn other_purpose_needs_details() {
        let case_id: CaseId = "FRA-01J00000000000000000000000".parse().expect("case id");
        let mut r = UseRequest { case_id, version: 1, purpose: UsePurpose::Other, details: " ".into() };
        assert!(r.validate().is_err());
        r.purpose = UsePurpose::ExportAssessment;
        assert!(r.validate().is_ok());
    }
}
