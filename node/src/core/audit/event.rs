//! What the audit log records: the [`AuditAction`] and the ids, parties and
//! versions of each [`AuditEvent`]. Never case content.

use dief_protocol::{CaseId, Kind, MessageId, Party, Payload};
use serde::{Deserialize, Serialize};

/// What happened. New envelope kinds (notices, use requests, challenges,
/// threads) are covered by `Sent` / `Delivered` with their [`Kind`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditAction {
    /// We sealed an envelope of this kind and queued it to `parties`.
    Sent {
        kind: Kind,
    },
    /// We received an envelope of this kind from `parties[0]` and stored it.
    Delivered {
        kind: Kind,
    },
    /// `parties[0]` receipted our envelope `message_id`.
    Receipted,
    CaseCreated,
    CaseEdited,
    CaseWithdrawn,
    /// A received record was exported for operational use (ToR-16).
    OperationalExport,
    /// A record was exported for operational use (ToR-16) in an exchange
    /// format other tools read (`stix-2.1`, `misp`), under the same rule
    /// as [`AuditAction::OperationalExport`].
    FormatExport {
        format: String,
    },
    /// Something was refused. The reason is written by the node's code and
    /// must never quote case content.
    Refused {
        reason: String,
    },
    /// The node found its log inconsistent when loading it (head missing,
    /// unreadable or behind the last entry) and continued after the last
    /// entry. Always reported by [`Audit::verify`].
    LogRecovered {
        reason: String,
    },
    /// An account was created (issue 12); its name is in the event's user
    /// field only when the account itself acted.
    AccountAdded {
        name: String,
        role: String,
    },
    /// An account's password or language was changed.
    AccountChanged {
        name: String,
        what: String,
    },
    /// Someone signed in to the web interface.
    SignedIn,
    /// A sign-in was refused (wrong password, unknown name, or too many
    /// failures); the name tried is kept, never the password.
    SignInRefused {
        name: String,
        reason: String,
    },
}

/// One audited event: identifiers only, never case content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub action: AuditAction,
    pub case_id: Option<CaseId>,
    pub version: Option<u32>,
    pub message_id: Option<MessageId>,
    /// Recipients of a sent envelope; the sender of a delivered one; the
    /// State that receipted; the counterpart of anything else.
    pub parties: Vec<Party>,
    /// The account whose request caused the event (issue 12), or the API
    /// token's holder; none for what arrived from peers. Absent from the
    /// stored bytes when none, so entries written before it hash the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

impl AuditEvent {
    /// An event with no ids; add them with the `with_*` methods.
    pub fn new(action: AuditAction) -> Self {
        AuditEvent { action, case_id: None, version: None, message_id: None, parties: Vec::new(), user: None }
    }

    pub fn with_case(mut self, case_id: Option<CaseId>, version: Option<u32>) -> Self {
        self.case_id = case_id;
        self.version = version;
        self
    }

    pub fn with_message(mut self, message_id: MessageId) -> Self {
        self.message_id = Some(message_id);
        self
    }

    pub fn with_parties(mut self, parties: Vec<Party>) -> Self {
        self.parties = parties;
        self
    }

    /// We queued envelope `message_id` of `kind` to `recipients`.
    pub fn sent(
        kind: Kind,
        message_id: MessageId,
        case_id: Option<CaseId>,
        version: Option<u32>,
        recipients: Vec<Party>,
    ) -> Self {
        Self::new(AuditAction::Sent { kind })
            .with_case(case_id, version)
            .with_message(message_id)
            .with_parties(recipients)
    }

    /// We stored envelope `message_id` of `kind` from `sender`.
    pub fn delivered(
        kind: Kind,
        message_id: MessageId,
        case_id: Option<CaseId>,
        version: Option<u32>,
        sender: Party,
    ) -> Self {
        Self::new(AuditAction::Delivered { kind })
            .with_case(case_id, version)
            .with_message(message_id)
            .with_parties(vec![sender])
    }

    /// `recipient` receipted our envelope `message_id`.
    pub fn receipted(message_id: MessageId, case_id: Option<CaseId>, recipient: Party) -> Self {
        Self::new(AuditAction::Receipted)
            .with_case(case_id, None)
            .with_message(message_id)
            .with_parties(vec![recipient])
    }

    pub fn case_created(case_id: CaseId, version: u32) -> Self {
        Self::new(AuditAction::CaseCreated).with_case(Some(case_id), Some(version))
    }

    pub fn case_edited(case_id: CaseId, version: u32) -> Self {
        Self::new(AuditAction::CaseEdited).with_case(Some(case_id), Some(version))
    }

    pub fn case_withdrawn(case_id: CaseId, version: u32) -> Self {
        Self::new(AuditAction::CaseWithdrawn).with_case(Some(case_id), Some(version))
    }

    /// A received case (from `provider`) was exported for operational use.
    pub fn operational_export(case_id: CaseId, version: u32, provider: Party) -> Self {
        Self::new(AuditAction::OperationalExport).with_case(Some(case_id), Some(version)).with_parties(vec![provider])
    }

    /// Something was refused; `reason` must not quote case content.
    pub fn refused(reason: impl Into<String>, message_id: Option<MessageId>, parties: Vec<Party>) -> Self {
        AuditEvent {
            action: AuditAction::Refused { reason: reason.into() },
            case_id: None,
            version: None,
            message_id,
            parties,
            user: None,
        }
    }
}

/// The case version a payload carries, for audit events.
pub fn payload_version(payload: &Payload) -> Option<u32> {
    match payload {
        Payload::CaseShare { case, .. } | Payload::CaseUpdate { case, .. } => Some(case.version),
        _ => None,
    }
}
