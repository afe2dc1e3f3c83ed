//! What the Forum's services keep in the store, one type per kind of
//! record, and their key layout. Values are CBOR, sealed by the store
//! ([`encode`]/[`decode`] from the core); keys carry ids only.
//!
//! | column family | key                         | value           |
//! |---------------|-----------------------------|-----------------|
//! | cases         | case id (text)              | [`CaseEntry`]   |
//! | exchanges     | `m/` case `/` message id    | [`ExchangeEntry`] (case procedures) |
//! | exchanges     | `x/` challenge `/` message id | [`ExchangeEntry`] (ToR-15 challenges) |
//! | exchanges     | `s/` case `/` State         | [`HeldBy`] (own case shared to)   |
//! | exchanges     | `w/` case                   | [`Withdrawn`] (arrived before the case) |
//! | exchanges     | `c/` State `/` card id `/` sequence (20 digits) | `SignedContactCard` (ToR-20) |
//! | exchanges     | `g/` message id             | [`ExchangeEntry`] (meeting cycle, ToR-3 to 11, 22) |
//! | exchanges     | `t/` meeting id             | `Meeting` (the Secretariat's schedule, ToR-3) |

use dief_protocol::{CaseId, CaseRecord, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};

pub use crate::core::records::{decode, encode};

/// Where a case held by this node came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    Own,
    Received { from: Party, message_id: MessageId },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEntry {
    pub record: CaseRecord,
    #[serde(flatten)]
    pub origin: Origin,
    pub stored_at: i64,
    /// Set when the provider withdrew the case; the record stays for the
    /// audit trail. A received withdrawn case is no longer exported for
    /// operational use; the provider's own is never shared again.
    #[serde(default)]
    pub withdrawn: Option<Withdrawn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawn {
    pub at: i64,
    pub version: u32,
    pub reason: String,
}

/// Whether this node sent or received a procedure message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Sent,
    Received,
}

/// One procedure message as this node keeps it, sent or received: the
/// sender cannot open its own envelope, so it keeps the payload here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeEntry {
    pub message_id: MessageId,
    pub direction: Direction,
    pub from: Party,
    pub to: Vec<Party>,
    pub at: i64,
    pub payload: Payload,
}

/// The last version of an own case a State was sent (ToR-15 audit trail,
/// and who gets updates and withdrawals).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldBy {
    pub version: u32,
    pub message_id: MessageId,
    pub at: i64,
}

pub fn exchange_prefix(case: &CaseId) -> Vec<u8> {
    format!("m/{case}/").into_bytes()
}

pub fn exchange_key(case: &CaseId, id: &MessageId) -> Vec<u8> {
    format!("m/{case}/{id}").into_bytes()
}

pub fn challenge_prefix(root: &MessageId) -> Vec<u8> {
    format!("x/{root}/").into_bytes()
}

pub fn challenge_key(root: &MessageId, id: &MessageId) -> Vec<u8> {
    format!("x/{root}/{id}").into_bytes()
}

pub fn held_prefix(case: &CaseId) -> Vec<u8> {
    format!("s/{case}/").into_bytes()
}

pub fn held_key(case: &CaseId, state: StateCode) -> Vec<u8> {
    format!("s/{case}/{state}").into_bytes()
}

/// ToR-20: every contact card, one key per version, so that two versions
/// arriving at once can never overwrite each other; the directory keeps the
/// newest when it is rebuilt.
pub const CONTACT_PREFIX: &[u8] = b"c/";

pub fn contact_card_prefix(state: StateCode, card: &MessageId) -> Vec<u8> {
    format!("c/{state}/{card}/").into_bytes()
}

pub fn contact_state_prefix(state: StateCode) -> Vec<u8> {
    format!("c/{state}/").into_bytes()
}

pub fn contact_key(state: StateCode, card: &MessageId, sequence: u64) -> Vec<u8> {
    format!("c/{state}/{card}/{sequence:020}").into_bytes()
}

/// Every meeting-cycle message sent or received.
pub const CALENDAR_PREFIX: &[u8] = b"g/";

pub fn calendar_key(id: &MessageId) -> Vec<u8> {
    format!("g/{id}").into_bytes()
}

/// The Secretariat's schedule, one key per meeting.
pub const SCHEDULE_PREFIX: &[u8] = b"t/";

pub fn schedule_key(id: &dief_protocol::meeting::MeetingId) -> Vec<u8> {
    format!("t/{id}").into_bytes()
}

pub fn withdrawn_key(case: &CaseId) -> Vec<u8> {
    format!("w/{case}").into_bytes()
}
