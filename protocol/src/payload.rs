//! What travels sealed inside an envelope. The enum is `#[non_exhaustive]`:
//! later workflows (notices, use requests, challenges, meetings) add kinds.
//!
//! The case record here is the minimal one of the federation core; the full
//! ToR-18/19 schema replaces it in its own module.

use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError, MAX_PAYLOAD_BYTES};
use crate::ids::{CaseId, MessageId, StateCode};
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
}

impl Kind {
    /// Kinds that carry case content: never sealed to, nor accepted by, the
    /// Secretariat (DESIGN invariant 1).
    pub fn is_case_content(self) -> bool {
        matches!(self, Kind::CaseShare | Kind::CaseUpdate | Kind::Reply)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CaseShare => "case_share",
            Kind::CaseUpdate => "case_update",
            Kind::Reply => "reply",
            Kind::RosterUpdate => "roster_update",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Suspected or detected (ToR-18).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Suspected,
    Detected,
}

/// Whether the investigation is still running (ToR-18).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Investigation {
    Ongoing,
    Closed,
}

/// The minimal case record of the federation core.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub id: CaseId,
    /// Starts at 1; every edit makes a new version.
    pub version: u32,
    pub title: String,
    pub summary: String,
    pub status: CaseStatus,
    pub investigation: Investigation,
    /// The provider's confidentiality marking (ToR-15), free text for now.
    pub marking: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error("{field} is {len} bytes, over the limit of {limit}")]
    FieldTooLong { field: &'static str, len: usize, limit: usize },
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{0}")]
    Invalid(String),
}

fn check_len(field: &'static str, s: &str, limit: usize) -> Result<(), PayloadError> {
    if s.len() > limit {
        return Err(PayloadError::FieldTooLong { field, len: s.len(), limit });
    }
    Ok(())
}

impl CaseRecord {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.title.trim().is_empty() {
            return Err(PayloadError::Empty("title"));
        }
        check_len("title", &self.title, MAX_TITLE)?;
        check_len("summary", &self.summary, MAX_TEXT)?;
        check_len("marking", &self.marking, MAX_TITLE)?;
        if self.version == 0 {
            return Err(PayloadError::Invalid("case version starts at 1".into()));
        }
        Ok(())
    }
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
        check_len("language", &self.language, 35)
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
}

impl Payload {
    pub fn kind(&self) -> Kind {
        match self {
            Payload::CaseShare { .. } => Kind::CaseShare,
            Payload::CaseUpdate { .. } => Kind::CaseUpdate,
            Payload::Reply(_) => Kind::Reply,
            Payload::RosterUpdate(_) => Kind::RosterUpdate,
        }
    }

    pub fn validate(&self) -> Result<(), PayloadError> {
        match self {
            Payload::CaseShare { case, provider } | Payload::CaseUpdate { case, provider } => {
                case.validate()?;
                if case.id.provider() != *provider {
                    return Err(PayloadError::Invalid(format!(
                        "case {} does not belong to provider {provider}",
                        case.id
                    )));
                }
                Ok(())
            }
            Payload::Reply(r) => r.validate(),
            Payload::RosterUpdate(_) => Ok(()),
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
