//! What travels sealed inside an envelope. The enum is `#[non_exhaustive]`:
//! later workflows (notices, use requests, challenges, meetings) add kinds.
//!
//! The case record is the full ToR-18/19 schema of [`crate::case`].

use serde::{Deserialize, Serialize};

use crate::case::CaseError;
use crate::codec::{self, CodecError, MAX_PAYLOAD_BYTES};
use crate::ids::{CaseId, MessageId, StateCode};
use crate::meeting::{
    AgendaAdoption, BriefingDraft, BriefingResponse, DraftAgenda, ExpertCirculation, ExpertProposal, ExpertRecord,
    IntentSubject, IntentWithdrawal, Invitation, MeetingError, PresentationIntent, Registration, SignedAcknowledgement,
    SignedContactCard,
};
use crate::procedure::{
    CaseWithdrawal, Challenge, ChallengeAnswer, ChallengeClose, InvolvedNotice, NoticeReply, RightOfReply, ThreadPost,
    UseAnswer, UseRequest,
};
use crate::reason::{Explain, Reason};
use crate::roster::SignedRoster;

/// Longest title of a case.
pub const MAX_TITLE: usize = 512;
/// Longest free-text field.
pub const MAX_TEXT: usize = 1024 * 1024;

/// The envelope kind, bound into the signed header so that a payload cannot
/// be presented as another kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    CaseShare,
    CaseUpdate,
    Reply,
    RosterUpdate,
    CaseWithdrawal,
    InvolvedNotice,
    NoticeReply,
    RightOfReply,
    UseRequest,
    UseAnswer,
    Challenge,
    ChallengeAnswer,
    ChallengeClose,
    ThreadPost,
    ContactCard,
    Invitation,
    DraftAgenda,
    AgendaAdoption,
    PresentationIntent,
    IntentWithdrawal,
    Registration,
    ExpertProposal,
    ExpertCirculation,
    ExpertRecord,
    ExpertAcknowledgement,
    BriefingDraft,
    BriefingResponse,
    ResendRequest,
    KeyRotation,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 29] = [
        Kind::CaseShare,
        Kind::CaseUpdate,
        Kind::Reply,
        Kind::RosterUpdate,
        Kind::CaseWithdrawal,
        Kind::InvolvedNotice,
        Kind::NoticeReply,
        Kind::RightOfReply,
        Kind::UseRequest,
        Kind::UseAnswer,
        Kind::Challenge,
        Kind::ChallengeAnswer,
        Kind::ChallengeClose,
        Kind::ThreadPost,
        Kind::ContactCard,
        Kind::Invitation,
        Kind::DraftAgenda,
        Kind::AgendaAdoption,
        Kind::PresentationIntent,
        Kind::IntentWithdrawal,
        Kind::Registration,
        Kind::ExpertProposal,
        Kind::ExpertCirculation,
        Kind::ExpertRecord,
        Kind::ExpertAcknowledgement,
        Kind::BriefingDraft,
        Kind::BriefingResponse,
        Kind::ResendRequest,
        Kind::KeyRotation,
    ];

    /// Kinds that carry case content: never sealed to, nor accepted by, the
    /// Secretariat (DESIGN invariant 1).
    pub fn is_case_content(self) -> bool {
        // A challenge names a suspected disclosure, not the case itself, so
        // the Chair or the Secretariat may take part in one (ToR-15). A
        // contact card names an agency, not a case; the Secretariat relays
        // cards (ToR-20). The meeting cycle is the Secretariat's to run
        // (ToR-3 to 11): its messages name cases by id at most. A briefing
        // draws on the cases presented, so it and the answers to it stay
        // among the meeting's participants (ToR-22). A resend request
        // names a time only: a restored node asks each member for what it
        // had sent it since.
        let coordination = matches!(
            self,
            Kind::RosterUpdate
                | Kind::Challenge
                | Kind::ChallengeAnswer
                | Kind::ChallengeClose
                | Kind::ContactCard
                | Kind::ResendRequest
                | Kind::KeyRotation
        );
        let briefing = matches!(self, Kind::BriefingDraft | Kind::BriefingResponse);
        !(coordination || (self.is_meeting_cycle() && !briefing))
    }

    /// The kinds of the meeting cycle (issue 4), handled by the node's
    /// `meetings` module.
    pub fn is_meeting_cycle(self) -> bool {
        matches!(
            self,
            Kind::Invitation
                | Kind::DraftAgenda
                | Kind::AgendaAdoption
                | Kind::PresentationIntent
                | Kind::IntentWithdrawal
                | Kind::Registration
                | Kind::ExpertProposal
                | Kind::ExpertCirculation
                | Kind::ExpertRecord
                | Kind::ExpertAcknowledgement
                | Kind::BriefingDraft
                | Kind::BriefingResponse
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CaseShare => "case_share",
            Kind::CaseUpdate => "case_update",
            Kind::Reply => "reply",
            Kind::RosterUpdate => "roster_update",
            Kind::CaseWithdrawal => "case_withdrawal",
            Kind::InvolvedNotice => "involved_notice",
            Kind::NoticeReply => "notice_reply",
            Kind::RightOfReply => "right_of_reply",
            Kind::UseRequest => "use_request",
            Kind::UseAnswer => "use_answer",
            Kind::Challenge => "challenge",
            Kind::ChallengeAnswer => "challenge_answer",
            Kind::ChallengeClose => "challenge_close",
            Kind::ThreadPost => "thread_post",
            Kind::ContactCard => "contact_card",
            Kind::Invitation => "invitation",
            Kind::DraftAgenda => "draft_agenda",
            Kind::AgendaAdoption => "agenda_adoption",
            Kind::PresentationIntent => "presentation_intent",
            Kind::IntentWithdrawal => "intent_withdrawal",
            Kind::Registration => "registration",
            Kind::ExpertProposal => "expert_proposal",
            Kind::ExpertCirculation => "expert_circulation",
            Kind::ExpertRecord => "expert_record",
            Kind::ExpertAcknowledgement => "expert_acknowledgement",
            Kind::BriefingDraft => "briefing_draft",
            Kind::BriefingResponse => "briefing_response",
            Kind::ResendRequest => "resend_request",
            Kind::KeyRotation => "key_rotation",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The full case record lives in [`crate::case`]; re-exported here, where
/// the federation core first defined it.
pub use crate::case::{CaseRecord, CaseStatus, Investigation};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("{field} is {len} bytes, over the limit of {limit}")]
    FieldTooLong { field: &'static str, len: usize, limit: usize },
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// Any other refusal of what a payload says.
    #[error("{0}")]
    Invalid(Refusal),
}

/// A refusal as its key and arguments ([`Reason`], what the front ends word
/// in their reader's language) and its English sentence (what `Display`,
/// logs and the CLI's `--verbose` show). Both are given where the refusal is
/// made, so the two cannot drift apart silently: the English catalog entry
/// of the key carries the same words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub reason: Reason,
    pub text: String,
}

impl Refusal {
    pub fn new(reason: Reason, text: impl Into<String>) -> Refusal {
        Refusal { reason, text: text.into() }
    }

    /// An error of another kind that has its own reason and English words.
    pub fn of(e: &(impl Explain + std::fmt::Display)) -> Refusal {
        Refusal { reason: e.reason(), text: e.to_string() }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// [`PayloadError::Invalid`], from its reason and its English words.
pub(crate) fn invalid(reason: Reason, text: impl Into<String>) -> PayloadError {
    PayloadError::Invalid(Refusal::new(reason, text))
}

impl Explain for PayloadError {
    fn reason(&self) -> Reason {
        match self {
            PayloadError::Codec(e) => Reason::new("refusal-payload-codec").text("detail", e),
            PayloadError::Case(e) => e.reason(),
            PayloadError::FieldTooLong { field, len, limit } => {
                Reason::new("refusal-payload-too-long").text("field", field).number("len", *len).number("limit", *limit)
            }
            PayloadError::Empty(field) => Reason::new("refusal-payload-empty").text("field", field),
            PayloadError::Invalid(r) => r.reason.clone(),
        }
    }
}

/// A refused key rotation keeps the roster's own reason and words.
fn invalid_rotation(e: &crate::roster::RosterError) -> PayloadError {
    PayloadError::Invalid(Refusal::of(e))
}

/// A signed payload (a contact card, an acknowledgement) whose body does
/// not decode: the codec's words are technical and stay English.
fn undecodable(what: &'static str, e: &MeetingError) -> PayloadError {
    invalid(Reason::new("refusal-payload-undecodable").text("what", what).text("detail", e), format!("{what}: {e}"))
}

fn check_len(field: &'static str, s: &str, limit: usize) -> Result<(), PayloadError> {
    if s.len() > limit {
        return Err(PayloadError::FieldTooLong { field, len: s.len(), limit });
    }
    Ok(())
}

/// A reply by a recipient to a shared case, sent back to its provider (and
/// whoever else the replier chooses among the States the case went to).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub case_id: CaseId,
    pub in_reply_to: Option<MessageId>,
    pub body: String,
    /// BCP 47 language tag of the free text (ToR-23), e.g. "en", "fr", "ar".
    pub language: String,
}

impl Reply {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.body.trim().is_empty() {
            return Err(PayloadError::Empty("reply body"));
        }
        check_len("reply body", &self.body, MAX_TEXT)?;
        crate::procedure::check_language(&self.language)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Payload {
    /// A case shared for the first time with the chosen States.
    CaseShare {
        case: CaseRecord,
        provider: StateCode,
    },
    /// A new version of a case already shared; only the provider may send it.
    CaseUpdate {
        case: CaseRecord,
        provider: StateCode,
    },
    Reply(Reply),
    /// A signed roster relayed by any member (the signature authenticates it).
    RosterUpdate(SignedRoster),
    CaseWithdrawal(CaseWithdrawal),
    InvolvedNotice(InvolvedNotice),
    NoticeReply(NoticeReply),
    RightOfReply(RightOfReply),
    UseRequest(UseRequest),
    UseAnswer(UseAnswer),
    Challenge(Challenge),
    ChallengeAnswer(ChallengeAnswer),
    ChallengeClose(ChallengeClose),
    ThreadPost(ThreadPost),
    /// ToR-20: a State's signed contact card, sent by the State to the
    /// Secretariat and relayed unchanged by the Secretariat to every member.
    /// The signature is the publishing State's, so every receiver verifies
    /// it against its own roster and never trusts the relay.
    ContactCard(SignedContactCard),
    /// ToR-9: the Secretariat to every member, with the meeting itself.
    Invitation(Invitation),
    /// ToR-10, ToR-14: the Secretariat to every member, encrypted.
    DraftAgenda(DraftAgenda),
    /// ToR-11: the Secretariat to every member; closes the intents.
    AgendaAdoption(AgendaAdoption),
    /// ToR-11: a State to the Secretariat; no free text.
    PresentationIntent(PresentationIntent),
    IntentWithdrawal(IntentWithdrawal),
    /// ToR-6, ToR-7: a State to the Secretariat and every member.
    Registration(Registration),
    /// ToR-8: a State to the Secretariat, which checks T-30 on receipt.
    ExpertProposal(ExpertProposal),
    /// ToR-8: the Secretariat to every member; the silence starts.
    ExpertCirculation(ExpertCirculation),
    /// ToR-8: an objection, consultation, decision or withdrawal, from the
    /// party that took the step to the Secretariat and every member.
    ExpertRecord(ExpertRecord),
    /// ToR-15: signed by the inviting State, to the Secretariat and every
    /// member.
    ExpertAcknowledgement(SignedAcknowledgement),
    /// ToR-22: the Chair to the meeting's participants, never the
    /// Secretariat.
    BriefingDraft(BriefingDraft),
    /// ToR-22: a participant to the Chair and the other participants.
    BriefingResponse(BriefingResponse),
    /// A node restored from a backup, to every member: re-send me what I
    /// receipted since then (my copy was lost with the restore).
    ResendRequest(ResendRequest),
    /// A party's statement that its node's keys change, to the Secretariat
    /// (issue 11: key continuity).
    KeyRotation(crate::roster::SignedKeyRotation),
}

/// Asks a member to queue again every envelope it sent to the requester
/// and that the requester receipted at or after `since_ms` (the
/// requester's clock, as in its receipts). It names a time only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendRequest {
    pub since_ms: i64,
}

impl ResendRequest {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.since_ms < 0 {
            return Err(invalid(
                Reason::new("refusal-payload-resend-before-epoch").number("since_ms", self.since_ms),
                format!("resend request since {} ms: before the epoch", self.since_ms),
            ));
        }
        Ok(())
    }
}

impl Payload {
    pub fn kind(&self) -> Kind {
        match self {
            Payload::CaseShare { .. } => Kind::CaseShare,
            Payload::CaseUpdate { .. } => Kind::CaseUpdate,
            Payload::Reply(_) => Kind::Reply,
            Payload::RosterUpdate(_) => Kind::RosterUpdate,
            Payload::CaseWithdrawal(_) => Kind::CaseWithdrawal,
            Payload::InvolvedNotice(_) => Kind::InvolvedNotice,
            Payload::NoticeReply(_) => Kind::NoticeReply,
            Payload::RightOfReply(_) => Kind::RightOfReply,
            Payload::UseRequest(_) => Kind::UseRequest,
            Payload::UseAnswer(_) => Kind::UseAnswer,
            Payload::Challenge(_) => Kind::Challenge,
            Payload::ChallengeAnswer(_) => Kind::ChallengeAnswer,
            Payload::ChallengeClose(_) => Kind::ChallengeClose,
            Payload::ThreadPost(_) => Kind::ThreadPost,
            Payload::ContactCard(_) => Kind::ContactCard,
            Payload::Invitation(_) => Kind::Invitation,
            Payload::DraftAgenda(_) => Kind::DraftAgenda,
            Payload::AgendaAdoption(_) => Kind::AgendaAdoption,
            Payload::PresentationIntent(_) => Kind::PresentationIntent,
            Payload::IntentWithdrawal(_) => Kind::IntentWithdrawal,
            Payload::Registration(_) => Kind::Registration,
            Payload::ExpertProposal(_) => Kind::ExpertProposal,
            Payload::ExpertCirculation(_) => Kind::ExpertCirculation,
            Payload::ExpertRecord(_) => Kind::ExpertRecord,
            Payload::ExpertAcknowledgement(_) => Kind::ExpertAcknowledgement,
            Payload::BriefingDraft(_) => Kind::BriefingDraft,
            Payload::BriefingResponse(_) => Kind::BriefingResponse,
            Payload::ResendRequest(_) => Kind::ResendRequest,
            Payload::KeyRotation(_) => Kind::KeyRotation,
        }
    }

    pub fn validate(&self) -> Result<(), PayloadError> {
        match self {
            Payload::CaseShare { case, provider } | Payload::CaseUpdate { case, provider } => {
                case.validate()?;
                // ToR-13: the sending node refuses to share such a case; a
                // receiver refuses it too, so a faulty or hostile sender
                // cannot make it travel.
                if let (Some(reason), Some(why)) =
                    (case.content.marking.sharing_reason(case.id), case.content.marking.sharing_refusal())
                {
                    return Err(invalid(reason, format!("case {}: {why}", case.id)));
                }
                if case.id.provider() != *provider {
                    return Err(invalid(
                        Reason::new("refusal-payload-not-provider").text("case", case.id).text("provider", provider),
                        format!("case {} does not belong to provider {provider}", case.id),
                    ));
                }
                Ok(())
            }
            Payload::Reply(r) => r.validate(),
            Payload::RosterUpdate(_) => Ok(()),
            Payload::CaseWithdrawal(p) => p.validate(),
            Payload::InvolvedNotice(p) => p.validate(),
            Payload::NoticeReply(p) => p.validate(),
            Payload::RightOfReply(p) => p.validate(),
            Payload::UseRequest(p) => p.validate(),
            Payload::UseAnswer(p) => p.validate(),
            Payload::Challenge(p) => p.validate(),
            Payload::ChallengeAnswer(p) => p.validate(),
            Payload::ChallengeClose(p) => p.validate(),
            Payload::ThreadPost(p) => p.validate(),
            // What the card alone can show; the signature needs the roster
            // and is checked by the receiving node.
            Payload::ContactCard(signed) => signed.peek().map_err(|e| undecodable("contact card", &e))?.validate(),
            Payload::Invitation(p) => p.validate(),
            Payload::DraftAgenda(p) => p.validate(),
            Payload::AgendaAdoption(p) => p.validate(),
            Payload::PresentationIntent(p) => p.validate(),
            Payload::IntentWithdrawal(p) => p.validate(),
            Payload::Registration(p) => p.validate(),
            Payload::ExpertProposal(p) => p.validate(),
            Payload::ExpertCirculation(p) => p.validate(),
            Payload::ExpertRecord(p) => p.validate(),
            Payload::ExpertAcknowledgement(signed) => {
                signed.peek().map_err(|e| undecodable("expert acknowledgement", &e))?.validate()
            }
            Payload::BriefingDraft(p) => p.validate(),
            Payload::BriefingResponse(p) => p.validate(),
            Payload::ResendRequest(p) => p.validate(),
            Payload::KeyRotation(r) => r.verify().map(|_| ()).map_err(|e| invalid_rotation(&e)),
        }
    }

    /// The case a payload is about, if any.
    pub fn case_id(&self) -> Option<CaseId> {
        match self {
            Payload::CaseShare { case, .. } | Payload::CaseUpdate { case, .. } => Some(case.id),
            Payload::Reply(r) => Some(r.case_id),
            Payload::RosterUpdate(_)
            | Payload::ChallengeAnswer(_)
            | Payload::ChallengeClose(_)
            | Payload::ContactCard(_)
            | Payload::Invitation(_)
            | Payload::DraftAgenda(_)
            | Payload::AgendaAdoption(_)
            | Payload::IntentWithdrawal(_)
            | Payload::Registration(_)
            | Payload::ExpertProposal(_)
            | Payload::ExpertCirculation(_)
            | Payload::ExpertRecord(_)
            | Payload::ExpertAcknowledgement(_)
            | Payload::BriefingDraft(_)
            | Payload::BriefingResponse(_)
            | Payload::ResendRequest(_)
            | Payload::KeyRotation(_) => None,
            Payload::PresentationIntent(p) => match p.subject {
                IntentSubject::Case { case_id } => Some(case_id),
                IntentSubject::OtherInformation => None,
            },
            Payload::CaseWithdrawal(p) => Some(p.case_id),
            Payload::InvolvedNotice(p) => Some(p.case_id),
            Payload::NoticeReply(p) => Some(p.case_id),
            Payload::RightOfReply(p) => Some(p.case_id),
            Payload::UseRequest(p) => Some(p.case_id),
            Payload::UseAnswer(p) => Some(p.case_id),
            Payload::Challenge(p) => p.case_id,
            Payload::ThreadPost(p) => Some(p.case_id),
        }
    }

    pub fn encode(&self) -> Result<Vec<u8>, PayloadError> {
        Ok(codec::encode("payload", self, MAX_PAYLOAD_BYTES)?)
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, PayloadError> {
        let p: Payload = codec::decode("payload", bytes, MAX_PAYLOAD_BYTES)?;
        p.validate()?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each kind is for. The match is exhaustive (inside this crate
    /// `#[non_exhaustive]` does not apply), so a new kind does not compile
    /// until someone says here what it is, and DESIGN invariant 6 (ToR-17:
    /// no minutes or meeting record) is reviewed at that moment.
    fn purpose(k: Kind) -> &'static str {
        match k {
            Kind::CaseShare | Kind::CaseUpdate | Kind::CaseWithdrawal => "a case record, provider to chosen States",
            Kind::Reply | Kind::ThreadPost => "State-to-State exchange about a case",
            Kind::InvolvedNotice | Kind::NoticeReply | Kind::RightOfReply => "ToR-12 notices",
            Kind::UseRequest | Kind::UseAnswer => "ToR-16 operational use",
            Kind::Challenge | Kind::ChallengeAnswer | Kind::ChallengeClose => "ToR-15 challenges",
            Kind::RosterUpdate => "membership",
            Kind::ContactCard => "ToR-20 directory",
            Kind::Invitation | Kind::DraftAgenda | Kind::AgendaAdoption => "ToR-9 to 11 calendar",
            Kind::PresentationIntent | Kind::IntentWithdrawal | Kind::Registration => "ToR-6, 7, 11 participation",
            Kind::ExpertProposal | Kind::ExpertCirculation | Kind::ExpertRecord | Kind::ExpertAcknowledgement => {
                "ToR-8, 15 experts"
            }
            Kind::BriefingDraft | Kind::BriefingResponse => "ToR-22 oral briefing clearance",
            Kind::ResendRequest => "delivery: a restored node asks for what it lost",
            Kind::KeyRotation => "membership: key continuity",
        }
    }

    #[test]
    fn kinds_are_listed_once_and_none_keeps_minutes() {
        let names: std::collections::BTreeSet<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), Kind::ALL.len(), "a kind is listed twice in Kind::ALL");
        for k in Kind::ALL {
            let name = k.as_str();
            assert!(!purpose(k).is_empty());
            for word in ["minute", "report", "summary_record", "proceedings", "transcript"] {
                assert!(!name.contains(word), "kind {name} looks like a meeting record (ToR-17)");
            }
            // The wire name is the serde name.
            let json = serde_json::to_string(&k).expect("kind serialises");
            assert_eq!(json, format!("\"{name}\""));
        }
    }

    #[test]
    fn the_meeting_cycle_is_not_case_content_but_briefings_are() {
        let cycle: Vec<Kind> = Kind::ALL.into_iter().filter(|k| k.is_meeting_cycle()).collect();
        assert_eq!(cycle.len(), 12);
        for k in cycle {
            let briefing = matches!(k, Kind::BriefingDraft | Kind::BriefingResponse);
            assert_eq!(k.is_case_content(), briefing, "{k}");
        }
        for k in [Kind::CaseShare, Kind::InvolvedNotice, Kind::ThreadPost] {
            assert!(k.is_case_content(), "{k} must never reach the Secretariat");
        }
    }

    #[test]
    fn a_resend_request_names_a_time_only_and_round_trips() {
        assert!(!Kind::ResendRequest.is_case_content());
        assert!(!Kind::ResendRequest.is_meeting_cycle());
        for since_ms in [0, 1, 1_767_225_600_000, i64::MAX] {
            let p = Payload::ResendRequest(ResendRequest { since_ms });
            assert_eq!(p.kind(), Kind::ResendRequest);
            assert_eq!(p.case_id(), None);
            assert_eq!(Payload::decode(&p.encode().expect("encodes")).expect("decodes"), p);
        }
        let bad = Payload::ResendRequest(ResendRequest { since_ms: -1 });
        assert!(bad.validate().is_err());
        assert!(Payload::decode(&bad.encode().expect("encodes")).is_err());
    }
}
