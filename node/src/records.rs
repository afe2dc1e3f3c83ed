//! What the node keeps in its store, one type per kind of record, and the
//! key layout of each column family. Values are CBOR, sealed by the store;
//! keys carry ids only, never content (the store leaves keys in clear).
//!
//! | column family | key                         | value           |
//! |---------------|-----------------------------|-----------------|
//! | cases         | case id (text)              | [`CaseEntry`]   |
//! | inbox         | message id                  | [`InboxEntry`]  |
//! | delivered     | message id                  | envelope digest |
//! | outbox        | `e/` message id             | [`SentRecord`]  |
//! | outbox        | `q/` party `/` message id   | [`QueueEntry`]  |
//! | receipts      | message id `/` party        | [`ReceiptEntry`]|
//! | roster        | `current`, `anchor`         | signed roster, roster key |
//! | exchanges     | `m/` case `/` message id    | [`ExchangeEntry`] (case procedures) |
//! | exchanges     | `x/` challenge `/` message id | [`ExchangeEntry`] (ToR-15 challenges) |
//! | exchanges     | `s/` case `/` State         | [`HeldBy`] (own case shared to)   |
//! | exchanges     | `w/` case                   | [`Withdrawn`] (arrived before the case) |
//! | exchanges     | `c/` State `/` card id `/` sequence (20 digits) | `SignedContactCard` (ToR-20) |
//! | exchanges     | `g/` message id             | [`ExchangeEntry`] (meeting cycle, ToR-3 to 11, 22) |
//! | exchanges     | `t/` meeting id             | `Meeting` (the Secretariat's schedule, ToR-3) |

use dief_protocol::codec::{self, CodecError, MAX_ENVELOPE_BYTES};
use dief_protocol::{CaseId, CaseRecord, Kind, MessageId, Party, Payload, SignedReceipt, StateCode};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

pub fn encode<T: Serialize>(what: &'static str, v: &T) -> Result<Vec<u8>, CodecError> {
    codec::encode(what, v, MAX_ENVELOPE_BYTES * 2)
}

pub fn decode<T: DeserializeOwned>(what: &'static str, b: &[u8]) -> Result<T, CodecError> {
    codec::decode(what, b, MAX_ENVELOPE_BYTES * 2)
}

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    pub message_id: MessageId,
    pub sender: Party,
    pub kind: Kind,
    pub recipients: Vec<Party>,
    pub references: Vec<MessageId>,
    pub created_at: i64,
    pub received_at: i64,
    pub payload: Payload,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRecord {
    pub message_id: MessageId,
    pub kind: Kind,
    pub recipients: Vec<Party>,
    pub case_id: Option<CaseId>,
    pub created_at: i64,
    #[serde(with = "serde_bytes")]
    pub envelope: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub digest: Vec<u8>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// Failed attempts that count towards setting the envelope aside
    /// (refusals, bad receipts); an unreachable peer does not count.
    pub failures: u32,
    /// Every attempt, for the operator.
    pub attempts: u32,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
    /// Set aside: no more automatic attempts, shown to the operator.
    pub set_aside: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptEntry {
    pub receipt: SignedReceipt,
    pub received_at: i64,
    pub duplicate: bool,
}

pub fn party_key(party: Party) -> String {
    party.to_string()
}

pub fn sent_key(id: &MessageId) -> Vec<u8> {
    let mut k = b"e/".to_vec();
    k.extend_from_slice(id.as_bytes());
    k
}

pub fn queue_prefix(party: Party) -> Vec<u8> {
    let mut k = b"q/".to_vec();
    k.extend_from_slice(party_key(party).as_bytes());
    k.push(b'/');
    k
}

pub fn queue_key(party: Party, id: &MessageId) -> Vec<u8> {
    let mut k = queue_prefix(party);
    k.extend_from_slice(id.as_bytes());
    k
}

/// The message id at the end of a queue key.
pub fn queue_key_id(key: &[u8]) -> Option<MessageId> {
    let tail = key.len().checked_sub(16).and_then(|s| key.get(s..))?;
    MessageId::try_from(tail).ok()
}

pub fn receipt_key(id: &MessageId, party: Party) -> Vec<u8> {
    let mut k = id.as_bytes().to_vec();
    k.push(b'/');
    k.extend_from_slice(party_key(party).as_bytes());
    k
}
