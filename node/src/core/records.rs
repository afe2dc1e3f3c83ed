//! What the delivery core keeps in its store, and the key layout of its
//! column families. Values are CBOR, sealed by the store; keys carry ids
//! only, never content (the store leaves keys in clear). The services keep
//! their own records in `exchanges` and `cases` (`services::records`).
//!
//! | column family | key                         | value           |
//! |---------------|-----------------------------|-----------------|
//! | inbox         | message id                  | [`InboxEntry`]  |
//! | delivered     | message id                  | envelope digest, sender |
//! | outbox        | `e/` message id             | [`SentRecord`]  |
//! | outbox        | `q/` party `/` message id   | [`QueueEntry`]  |
//! | outbox        | `r/` party `/` receipt time `/` message id | empty: the resend index |
//! | outbox        | `l/` party                  | last resend request honoured (ms) |
//! | receipts      | message id `/` party        | [`ReceiptEntry`]|
//! | roster        | `current`, `anchor`         | signed roster, roster key |
//! | exchanges     | `o/` digest of the sealed text and its binding | the clear text a member opened on arrival ([`opened_text_key`]) |

use dief_protocol::codec::{self, CodecError, MAX_ENVELOPE_BYTES};
use dief_protocol::{CaseId, Kind, MessageId, Party, Payload, SignedReceipt};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

pub fn encode<T: Serialize>(what: &'static str, v: &T) -> Result<Vec<u8>, CodecError> {
    codec::encode(what, v, MAX_ENVELOPE_BYTES * 2)
}

pub fn decode<T: DeserializeOwned>(what: &'static str, b: &[u8]) -> Result<T, CodecError> {
    codec::decode(what, b, MAX_ENVELOPE_BYTES * 2)
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
    /// What was sealed, so that the outbox can seal the same message again
    /// after a key rotation on either side (the sender cannot open its own
    /// envelope). Absent in records of earlier releases, which are sent as
    /// they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// Failed attempts that count towards setting the envelope aside (bad
    /// receipts, unreadable answers); an unreachable peer and a "not yet"
    /// refusal do not count, and a refusal for good sets it aside at once.
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

/// The message id and recipient of a receipt key, for walking receipts
/// (the schema 2 migration builds the resend index from them).
pub fn receipt_key_parts(key: &[u8]) -> Option<(MessageId, Party)> {
    let id = MessageId::try_from(key.get(..16)?).ok()?;
    if key.get(16) != Some(&b'/') {
        return None;
    }
    let party = std::str::from_utf8(key.get(17..)?).ok()?.parse().ok()?;
    Some((id, party))
}

/// Prefix of the resend index of envelopes `party` receipted.
pub fn resend_prefix(party: Party) -> Vec<u8> {
    let mut k = b"r/".to_vec();
    k.extend_from_slice(party_key(party).as_bytes());
    k.push(b'/');
    k
}

/// The first resend-index key of `party` at or after `at` (the
/// recipient's clock, as in its receipt; before the epoch counts as 0).
pub fn resend_from(party: Party, at: i64) -> Vec<u8> {
    let mut k = resend_prefix(party);
    k.extend_from_slice(&u64::try_from(at).unwrap_or(0).to_be_bytes());
    k
}

/// The resend-index key of `id`, receipted by `party` at `received_at`:
/// written in the batch that records the receipt, so a restored `party`
/// can be sent again what it receipted after its backup.
pub fn resend_key(party: Party, received_at: i64, id: &MessageId) -> Vec<u8> {
    let mut k = resend_from(party, received_at);
    k.extend_from_slice(id.as_bytes());
    k
}

/// When this node last honoured a resend request from `party`.
pub fn resend_limit_key(party: Party) -> Vec<u8> {
    let mut k = b"l/".to_vec();
    k.extend_from_slice(party_key(party).as_bytes());
    k
}

/// Where a member keeps the clear text of a text sealed to it (an expert's
/// purpose, an objection, a consultation note, contact-card notes), opened
/// when it arrived: in `exchanges` (the services' column family; the `o/`
/// prefix is the core's), keyed by a digest of the sealed bytes and their
/// binding (sender, message, field), so a text is found only with the
/// context it was sealed for. Opened later, it might no longer open: the
/// sender's key on the roster changes when it rotates, and this node's own
/// retired key is destroyed after the grace period.
pub fn opened_text_key(
    ctx: &dief_protocol::sealed::TextContext<'_>,
    sealed: &dief_protocol::sealed::SealedText,
) -> Result<Vec<u8>, CodecError> {
    let bytes = encode("sealed text", sealed)?;
    let sender = ctx.sender.to_string();
    let digest = dief_protocol::keys::digest_parts(
        b"dief/opened-text/v1",
        &[ctx.field.as_bytes(), sender.as_bytes(), ctx.message.as_bytes(), &bytes],
    );
    let mut key = b"o/".to_vec();
    key.extend_from_slice(hex::encode(digest).as_bytes());
    Ok(key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn resend_keys_order_by_time_and_parse_back() {
        let gha: Party = "GHA".parse().unwrap();
        let id = MessageId::generate(5).unwrap();
        let (early, late) = (resend_key(gha, 1_000, &id), resend_key(gha, 2_000, &id));
        assert!(early < late);
        assert!(resend_from(gha, 1_500) > early && resend_from(gha, 1_500) < late);
        assert!(early.starts_with(&resend_prefix(gha)));
        assert_eq!(queue_key_id(&late), Some(id));
        assert_eq!(resend_from(gha, -5), resend_from(gha, 0));
        assert_eq!(receipt_key_parts(&receipt_key(&id, gha)), Some((id, gha)));
        assert_eq!(receipt_key_parts(b"short"), None);
    }
}
