//! The markings a provider puts on a case (ToR-13, ToR-15, ToR-16), apart
//! from the record because they are the provider's instructions to every
//! recipient rather than facts about the case: whether it may leave the
//! node at all, how far it may be passed on, and whether it may be used
//! operationally.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::ids::CaseId;
use crate::reason::Reason;

/// The markings that travel with a case to every recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marking {
    /// The provider's own confidentiality label, e.g. "RESTRICTED" (ToR-15).
    /// Free text: each State keeps its national classification scheme.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub confidentiality: String,
    /// How far recipients may pass the information on.
    #[serde(default)]
    pub handling: HandlingCode,
    /// Whether operational use needs the provider first (ToR-16).
    #[serde(default)]
    pub operational_use: OperationalUse,
    /// Set when the case must not leave the provider's node (ToR-13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_for_sharing: Option<NotForSharing>,
}

/// Handling code, on the Traffic Light Protocol 2.0 that law-enforcement and
/// CERT communities already use, so that recipients read it without a key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlingCode {
    /// TLP:RED: for the receiving participants only, no further disclosure.
    Red,
    /// TLP:AMBER+STRICT: within the receiving agency only.
    AmberStrict,
    /// TLP:AMBER: within the receiving agency and, on a need-to-know basis,
    /// the national authorities it works with. This is what ToR-16 allows by
    /// default ("pass to national authorities under strict confidentiality").
    #[default]
    Amber,
    /// TLP:GREEN: within the Forum's community of participants.
    Green,
    /// TLP:CLEAR: no restriction on disclosure, at the provider's choice.
    Clear,
}

impl HandlingCode {
    /// The TLP label, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            HandlingCode::Red => "TLP:RED",
            HandlingCode::AmberStrict => "TLP:AMBER+STRICT",
            HandlingCode::Amber => "TLP:AMBER",
            HandlingCode::Green => "TLP:GREEN",
            HandlingCode::Clear => "TLP:CLEAR",
        }
    }
}

/// The operational-use rule of a case (ToR-16).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationalUse {
    /// "Operational use only after consultation with the provider": the ToR-16
    /// rule, and so the default. A use request must be agreed first.
    #[default]
    ConsultProvider,
    /// The provider agrees in advance to operational use (the consultation
    /// ToR-16 asks for has happened, in the record itself).
    PreAuthorised,
    /// For information only: the provider will not agree to operational use.
    NotPermitted,
}

/// Why a case is not for sharing (ToR-13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotForSharingReason {
    /// National-security information.
    NationalSecurity,
    /// Sharing would prejudice ongoing law-enforcement proceedings.
    OngoingProceedings,
}

impl NotForSharingReason {
    fn describe(self) -> &'static str {
        match self {
            NotForSharingReason::NationalSecurity => "it holds national-security information",
            NotForSharingReason::OngoingProceedings => "sharing it would prejudice ongoing law-enforcement proceedings",
        }
    }
}

/// The "not for sharing" marking (ToR-13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotForSharing {
    pub reason: NotForSharingReason,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Marking {
    /// Why the case cannot be shared, or `None` if it can. ToR-13 exempts
    /// national-security information and information that would prejudice
    /// ongoing proceedings from the encouragement to share; a case so marked
    /// must not leave the node by mistake, so every share path asks this.
    pub fn sharing_refusal(&self) -> Option<String> {
        let nfs = self.not_for_sharing.as_ref()?;
        let mut msg = format!("this case is marked not for sharing (ToR-13): {}", nfs.reason.describe());
        let note = nfs.note.trim();
        if !note.is_empty() {
            let _ = write!(msg, " ({note})");
        }
        msg.push_str(". It cannot be shared until its provider removes the marking.");
        Some(msg)
    }

    /// [`Marking::sharing_refusal`] as a reason for case `case`, worded in
    /// any language: the ground (`why`) is its wire name, which each
    /// catalog turns into words, and the provider's note is shown as it is.
    pub fn sharing_reason(&self, case: CaseId) -> Option<Reason> {
        let nfs = self.not_for_sharing.as_ref()?;
        let why = match nfs.reason {
            NotForSharingReason::NationalSecurity => "national_security",
            NotForSharingReason::OngoingProceedings => "ongoing_proceedings",
        };
        let note = nfs.note.trim();
        Some(if note.is_empty() {
            Reason::new("refusal-payload-not-for-sharing").text("case", case).text("why", why)
        } else {
            Reason::new("refusal-payload-not-for-sharing-noted").text("case", case).text("why", why).text("note", note)
        })
    }

    /// Whether the case may be shared at all (ToR-13).
    pub fn is_shareable(&self) -> bool {
        self.not_for_sharing.is_none()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn marking_defaults_and_refusal() {
        let m = Marking::default();
        assert_eq!(m.operational_use, OperationalUse::ConsultProvider);
        assert_eq!(m.handling, HandlingCode::Amber);
        assert!(m.is_shareable());
        assert_eq!(m.sharing_refusal(), None);
        let m = Marking {
            not_for_sharing: Some(NotForSharing {
                reason: NotForSharingReason::OngoingProceedings,
                note: "trial opens in May".into(),
            }),
            ..Marking::default()
        };
        let why = m.sharing_refusal().unwrap();
        assert!(why.contains("ToR-13") && why.contains("ongoing") && why.contains("trial opens in May"), "{why}");
        let m = Marking {
            not_for_sharing: Some(NotForSharing { reason: NotForSharingReason::NationalSecurity, note: String::new() }),
            ..Marking::default()
        };
        let why = m.sharing_refusal().unwrap();
        assert!(why.contains("national-security") && !why.contains("()"), "{why}");
        assert_eq!(HandlingCode::AmberStrict.label(), "TLP:AMBER+STRICT");
    }
}
