//! The node's error type: every failure a user or a peer can cause, with a
//! message that names what is wrong, and the [`Reason`] that words it in
//! the reader's language (issue 12): a refusal made by the node is a
//! [`NodeError::Refused`], whose English text is its English catalog entry.

use dief_protocol::codec::CodecError;
use dief_protocol::envelope::EnvelopeError;
use dief_protocol::payload::PayloadError;
use dief_protocol::reason::{Explain, Reason};
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
    /// A refusal of what was asked, worded from the catalogs (HTTP 4xx).
    #[error("{}", english(.0))]
    Refused(Reason),
    /// The node failed on its own (a task, the random source): not the
    /// asker's doing, so HTTP 5xx with the English detail for the operator.
    #[error("{0}")]
    Internal(String),
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
                | NodeError::Refused(_)
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

/// A refusal's English words, from the English catalog; its key and
/// arguments if the catalog lacks it (a test keeps that from happening).
fn english(r: &Reason) -> String {
    let text = crate::core::i18n::Tr::new("en").reason(r);
    if text.starts_with(crate::core::i18n::MISSING_OPEN) {
        format!("{r:?}")
    } else {
        text
    }
}

impl NodeError {
    /// The words for this error in any language, or `None` for a failure
    /// of the node itself (store, disk, network, a bug), which the front
    /// ends show as an internal error with its English detail.
    pub fn reason(&self) -> Option<Reason> {
        use crate::core::users::UserError as U;
        Some(match self {
            NodeError::Refused(r) => r.clone(),
            NodeError::Case(e) => e.reason(),
            NodeError::Meeting(e) => e.reason(),
            NodeError::Payload(e) => e.reason(),
            NodeError::Roster(e) => e.reason(),
            NodeError::User(U::PasswordTooShort) => {
                Reason::new("error-password-short").number("min", crate::core::users::MIN_PASSWORD_CHARS)
            }
            NodeError::User(U::PasswordTooLong) => Reason::new("error-password-long"),
            NodeError::User(U::PasswordHasName) => Reason::new("error-password-name"),
            NodeError::User(U::Exists(n)) => Reason::new("error-user-exists").text("name", n),
            NodeError::User(U::BadName(n)) => Reason::new("error-user-name").text("name", n),
            NodeError::User(U::Unknown(n)) => Reason::new("error-user-unknown").text("name", n),
            NodeError::User(U::LastAdministrator(n)) => Reason::new("error-user-last-admin").text("name", n),
            NodeError::User(U::BadRole(r)) => Reason::new("error-user-role").text("role", r),
            NodeError::User(U::BadLanguage(l)) => Reason::new("error-user-language").text("language", l),
            NodeError::Forbidden { .. } => Reason::new("error-forbidden"),
            NodeError::NotFound { id, .. } => Reason::new("error-not-found-id").text("id", id),
            NodeError::NoRoster => Reason::new("error-no-roster"),
            NodeError::SecretariatOnly(_) => Reason::new("error-secretariat-only"),
            NodeError::StateOnly(_) => Reason::new("error-state-only"),
            NodeError::NotForSecretariat(_) => Reason::new("error-not-for-secretariat"),
            NodeError::AlreadyInitialised(dir) => Reason::new("error-already-initialised").text("dir", dir),
            NodeError::ShuttingDown => Reason::new("error-shutting-down"),
            _ => return None,
        })
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
