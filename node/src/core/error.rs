//! The node's error type: every failure a user or a peer can cause, with a
//! message that names what is wrong.

use dief_protocol::codec::CodecError;
use dief_protocol::envelope::EnvelopeError;
use dief_protocol::payload::PayloadError;
use dief_protocol::roster::RosterError;

use crate::core::audit::AuditError;
use crate::core::config::ConfigError;
use crate::core::keystore::KeystoreError;
use crate::core::network::NetError;
use crate::core::store::StoreError;

pub type NodeResult<T> = Result<T, NodeError>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NodeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keystore(#[from] KeystoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Net(#[from] NetError),
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    #[error(transparent)]
    Roster(#[from] RosterError),
    #[error(transparent)]
    Payload(#[from] PayloadError),
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error(transparent)]
    Case(#[from] dief_protocol::case::CaseError),
    #[error(transparent)]
    Meeting(#[from] dief_protocol::meeting::MeetingError),
    /// An account operation (issue 12).
    #[error(transparent)]
    User(#[from] crate::core::users::UserError),
    /// The signed-in user's role does not allow this (issue 12).
    #[error("your role ({role}) does not allow this: {what}")]
    Forbidden { role: crate::core::users::Role, what: &'static str },
    /// The audit log failed (not a finding of `verify`: those are reports).
    /// Built by `From<AuditError>` in `audit.rs`, which keeps store errors
    /// as [`NodeError::Store`].
    #[error(transparent)]
    Audit(AuditError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("no such {what}: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("this node has no roster yet: import the Secretariat's roster with `dief roster import`")]
    NoRoster,
    #[error("only the Secretariat can {0}")]
    SecretariatOnly(&'static str),
    #[error("only a State can {0}")]
    StateOnly(&'static str),
    #[error("the Secretariat never holds case content: it cannot {0}")]
    NotForSecretariat(&'static str),
    #[error("a node is already initialised in {0}")]
    AlreadyInitialised(String),
    #[error("the node is shutting down")]
    ShuttingDown,
}

impl NodeError {
    /// Errors caused by the request itself (HTTP 4xx), as opposed to the node.
    pub fn is_user_error(&self) -> bool {
        if let NodeError::User(e) = self {
            return e.is_user_error();
        }
        matches!(
            self,
            NodeError::Forbidden { .. }
                | NodeError::NotFound { .. }
                | NodeError::NoRoster
                | NodeError::SecretariatOnly(_)
                | NodeError::StateOnly(_)
                | NodeError::NotForSecretariat(_)
                | NodeError::Envelope(_)
                | NodeError::Roster(_)
                | NodeError::Payload(_)
                | NodeError::Codec(_)
                | NodeError::Case(_)
                | NodeError::Meeting(_)
                | NodeError::Store(StoreError::Backup { .. })
        )
    }
}

impl From<AuditError> for NodeError {
    fn from(e: AuditError) -> Self {
        match e {
            AuditError::Store(e) => NodeError::Store(e),
            // A stored entry that does not decode is the node's failure,
            // not the user's: keep it out of `NodeError::Codec` (HTTP 4xx).
            other => NodeError::Audit(other),
        }
    }
}
