//! Free text sealed end to end to the member States inside a payload that
//! the Secretariat receives or relays (issue 11 item 4): an expert's
//! purpose, an objection's reason, a consultation note, a contact card's
//! notes. The Secretariat stores and relays the [`SealedText`] unchanged and
//! can open none of it: it is never a recipient (the recipients are
//! [`StateCode`]s, so it cannot even be named).
//!
//! ```text
//! SealedText (CBOR map)
//!   sender_key  KeyId of the sender's X25519 key it sealed with
//!   keys        per member State: its key id, and the content key wrapped
//!               with HPKE (RFC 9180) in Auth mode (binds the sender)
//!   ciphertext  nonce(12) || AES-256-GCM(content key, text, aad)
//! aad = SHA-256("dief/sealed-text/v1", sender, message id, field,
//!               sender key id, every recipient and its key id)
//! ```
//!
//! The associated data binds the text to its sender, to the message it was
//! written for and to the field it fills, so the Secretariat (or anyone)
//! cannot cut it out of one message and paste it into another, and cannot
//! drop or swap a recipient's wrapped key without the rest failing to open.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::hybrid::{self, HybridError};
use crate::ids::{KeyId, MessageId, Party, StateCode};
use crate::keys::{digest_parts, EncryptionKeypair, EncryptionPublicKey, KeyError};
use crate::payload::{PayloadError, Refusal};
use crate::procedure::check_text;
use crate::reason::{Explain, Reason};
use crate::roster::Roster;

const AAD_DOMAIN: &[u8] = b"dief/sealed-text/v1";
/// Distinct from the envelope's, so a wrapped key cannot be moved between
/// an envelope and a sealed text.
const WRAP_INFO: &[u8] = b"dief/v1/sealed-text-key";
/// Most recipients of one sealed text: the envelope's limit.
pub const MAX_SEALED_RECIPIENTS: usize = crate::envelope::MAX_RECIPIENTS;

/// Why a text could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealedError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("a sealed text needs at least one member State to seal to")]
    NoRecipients,
    #[error("{0} recipients: at most {MAX_SEALED_RECIPIENTS}")]
    TooManyRecipients(usize),
    #[error("{0} is named twice among the recipients")]
    DuplicateRecipient(StateCode),
    #[error("{0} is not a member State on the roster")]
    UnknownParty(Party),
    #[error("sealed for {field}: {len} bytes of ciphertext, over the limit of {limit}")]
    TooLong { field: String, len: usize, limit: usize },
    #[error("{0} is not among the recipients of this text")]
    NotForMe(StateCode),
    #[error("the text was sealed to key {found} of {me}, which this node no longer holds")]
    WrongKey { me: StateCode, found: KeyId },
    #[error("the text was sealed with key {used} of its sender, not the one given ({given})")]
    SenderKey { used: KeyId, given: KeyId },
    #[error("the sealed text does not open: {0} (tampered, or moved from another message or field)")]
    Decrypt(&'static str),
}

impl Explain for SealedError {
    fn reason(&self) -> Reason {
        use SealedError as E;
        match self {
            E::Key(e) => Reason::new("refusal-sealed-key").text("detail", e),
            E::NoRecipients => Reason::new("refusal-sealed-no-recipients"),
            E::TooManyRecipients(count) => Reason::new("refusal-sealed-too-many-recipients")
                .number("count", *count)
                .number("limit", MAX_SEALED_RECIPIENTS),
            E::DuplicateRecipient(state) => Reason::new("refusal-sealed-duplicate-recipient").text("state", state),
            E::UnknownParty(party) => Reason::new("refusal-sealed-unknown-party").text("party", party),
            E::TooLong { field, len, limit } => Reason::new("refusal-sealed-text-too-long")
                .text("field", field)
                .number("len", *len)
                .number("limit", *limit),
            E::NotForMe(state) => Reason::new("refusal-sealed-not-for-me").text("state", state),
            E::WrongKey { me, found } => Reason::new("refusal-sealed-wrong-key").text("me", me).text("found", found),
            E::SenderKey { used, given } => {
                Reason::new("refusal-sealed-sender-key").text("used", used).text("given", given)
            }
            E::Decrypt(what) => Reason::new("refusal-sealed-decrypt").text("detail", what),
        }
    }
}

impl From<HybridError> for SealedError {
    fn from(e: HybridError) -> Self {
        match e {
            HybridError::Key(k) => SealedError::Key(k),
            HybridError::Crypto(what) => SealedError::Decrypt(what),
        }
    }
}

/// What a sealed text is bound to: who wrote it, for which message, into
/// which field. Both sides must name the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextContext<'a> {
    pub sender: Party,
    /// The message the text was written for (an expert proposal's id, a
    /// record's envelope id, a contact card's id).
    pub message: MessageId,
    /// The field it fills, e.g. `"expert purpose"`.
    pub field: &'a str,
}

/// One member's wrapped content key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedKey {
    pub recipient: StateCode,
    pub key_id: KeyId,
    #[serde(with = "crate::bytes")]
    pub encapped: [u8; 32],
    #[serde(with = "serde_bytes")]
    pub wrapped: Vec<u8>,
}

/// Text sealed to the member States; see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedText {
    pub sender_key: KeyId,
    pub keys: Vec<SealedKey>,
    #[serde(with = "serde_bytes")]
    pub ciphertext: Vec<u8>,
}

fn aad(ctx: &TextContext<'_>, sender_key: KeyId, keys: &[SealedKey]) -> [u8; 32] {
    let sender = ctx.sender.to_string();
    let message = ctx.message.to_string();
    let mut recipients = Vec::with_capacity(keys.len() * 11);
    for k in keys {
        recipients.extend_from_slice(k.recipient.as_str().as_bytes());
        recipients.extend_from_slice(k.key_id.as_bytes());
    }
    digest_parts(
        AAD_DOMAIN,
        &[sender.as_bytes(), message.as_bytes(), ctx.field.as_bytes(), sender_key.as_bytes(), &recipients],
    )
}

impl SealedText {
    /// Seals `text` to `recipients` (member States and their encryption
    /// keys), from `sender`'s encryption key, bound to `ctx`.
    pub fn seal(
        text: &str,
        ctx: &TextContext<'_>,
        sender: &EncryptionKeypair,
        recipients: &[(StateCode, EncryptionPublicKey)],
    ) -> Result<SealedText, SealedError> {
        if recipients.is_empty() {
            return Err(SealedError::NoRecipients);
        }
        if recipients.len() > MAX_SEALED_RECIPIENTS {
            return Err(SealedError::TooManyRecipients(recipients.len()));
        }
        let mut seen = BTreeSet::new();
        for (s, _) in recipients {
            if !seen.insert(*s) {
                return Err(SealedError::DuplicateRecipient(*s));
            }
        }
        let content_key = hybrid::content_key()?;
        let sender_key = sender.key_id();
        // The key list is fixed (recipient and key id) before any key is
        // wrapped, so the associated data can name all of them.
        let mut keys: Vec<SealedKey> = recipients
            .iter()
            .map(|(s, pk)| SealedKey { recipient: *s, key_id: pk.key_id(), encapped: [0; 32], wrapped: Vec::new() })
            .collect();
        let aad = aad(ctx, sender_key, &keys);
        for (slot, (_, pk)) in keys.iter_mut().zip(recipients) {
            (slot.encapped, slot.wrapped) = hybrid::wrap_key(sender, pk, WRAP_INFO, &content_key, &aad)?;
        }
        let ciphertext = hybrid::seal_body(&content_key, &aad, text.as_bytes().to_vec(), "sealing the text")?;
        Ok(SealedText { sender_key, keys, ciphertext })
    }

    /// Seals `text` to every member State on `roster`, under the keys the
    /// roster holds for them with this node's pins applied
    /// ([`Roster::node`]), as envelopes are sealed. The Secretariat is not
    /// a member and is never a recipient.
    pub fn seal_to_members(
        text: &str,
        ctx: &TextContext<'_>,
        sender: &EncryptionKeypair,
        roster: &Roster,
    ) -> Result<SealedText, SealedError> {
        let recipients = roster
            .members
            .iter()
            .map(|m| {
                let party = Party::State(m.state);
                roster.node(party).map(|n| (m.state, n.encryption_key)).ok_or(SealedError::UnknownParty(party))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::seal(text, ctx, sender, &recipients)
    }

    /// Opens the text as member `me`, with `keyring` (the current and the
    /// retired encryption keys this node still holds) and the sender's
    /// encryption key (as the roster holds it). Fails unless `ctx` names
    /// the sender, message and field it was sealed for.
    pub fn open(
        &self,
        ctx: &TextContext<'_>,
        me: StateCode,
        sender_key: &EncryptionPublicKey,
        keyring: &[&EncryptionKeypair],
    ) -> Result<String, SealedError> {
        if sender_key.key_id() != self.sender_key {
            return Err(SealedError::SenderKey { used: self.sender_key, given: sender_key.key_id() });
        }
        let wrapped = self.keys.iter().find(|k| k.recipient == me).ok_or(SealedError::NotForMe(me))?;
        let mine = keyring
            .iter()
            .find(|k| k.key_id() == wrapped.key_id)
            .ok_or(SealedError::WrongKey { me, found: wrapped.key_id })?;
        let aad = aad(ctx, self.sender_key, &self.keys);
        let key = hybrid::unwrap_key(sender_key, mine, WRAP_INFO, &wrapped.encapped, &wrapped.wrapped, &aad)?;
        let plain = hybrid::open_body(&key, &aad, &self.ciphertext, "text")?;
        String::from_utf8(plain.to_vec()).map_err(|_| SealedError::Decrypt("text is not UTF-8"))
    }

    /// What anyone can check without opening it: bounded recipients, each
    /// named once, and a ciphertext no longer than `limit` bytes of text
    /// would make.
    pub fn validate(&self, field: &str, limit: usize) -> Result<(), SealedError> {
        if self.keys.is_empty() {
            return Err(SealedError::NoRecipients);
        }
        if self.keys.len() > MAX_SEALED_RECIPIENTS {
            return Err(SealedError::TooManyRecipients(self.keys.len()));
        }
        let mut seen = BTreeSet::new();
        for k in &self.keys {
            if !seen.insert(k.recipient) {
                return Err(SealedError::DuplicateRecipient(k.recipient));
            }
        }
        let max = limit.saturating_add(hybrid::OVERHEAD);
        if self.ciphertext.len() > max || self.ciphertext.len() < hybrid::OVERHEAD {
            return Err(SealedError::TooLong { field: field.to_string(), len: self.ciphertext.len(), limit: max });
        }
        Ok(())
    }

    /// The member States it was sealed to.
    pub fn recipients(&self) -> impl Iterator<Item = StateCode> + '_ {
        self.keys.iter().map(|k| k.recipient)
    }
}

/// A free-text field that is the members' business, not the Secretariat's.
/// A node of this release always writes [`MemberText::Sealed`];
/// [`MemberText::Clear`] is what the field held before it was sealed (a
/// plain CBOR text string), kept so that stored messages of the earlier
/// release still decode, and what a member's API view shows once it has
/// opened the text.
///
/// On the wire a clear text is a CBOR text string and a sealed one a map,
/// so the two are told apart without a tag and old values read unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberText {
    Clear(String),
    Sealed(SealedText),
}

impl Default for MemberText {
    fn default() -> Self {
        MemberText::Clear(String::new())
    }
}

impl From<&str> for MemberText {
    fn from(s: &str) -> Self {
        MemberText::Clear(s.to_string())
    }
}

impl MemberText {
    /// Checks what a receiver (the Secretariat included) can check: a clear
    /// text as any free text; a sealed one by its shape and size. Whether a
    /// sealed text is blank is checked by its sender before sealing and by
    /// each member on opening.
    pub fn validate(&self, field: &'static str, limit: usize, required: bool) -> Result<(), PayloadError> {
        match self {
            MemberText::Clear(s) => check_text(field, s, limit, required),
            MemberText::Sealed(s) => s.validate(field, limit).map_err(|e| PayloadError::Invalid(Refusal::of(&e))),
        }
    }

    /// Refuses a text that arrives in clear where it must be sealed to the
    /// members (issue 11): only a node of the earlier release writes one,
    /// or a Secretariat that altered what it relays, and either way the
    /// Secretariat would have read it. An empty text has nothing to seal.
    pub fn require_sealed(&self, field: &str) -> Result<(), PayloadError> {
        match self {
            MemberText::Clear(s) if !s.is_empty() => Err(PayloadError::Invalid(Refusal::new(
                Reason::new("refusal-sealed-arrived-in-clear").text("field", field),
                format!("the {field} arrived in clear: it must be sealed to the members; upgrade the sending node"),
            ))),
            _ => Ok(()),
        }
    }

    /// The text, if it is in clear.
    pub fn clear(&self) -> Option<&str> {
        match self {
            MemberText::Clear(s) => Some(s),
            MemberText::Sealed(_) => None,
        }
    }

    pub fn is_sealed(&self) -> bool {
        matches!(self, MemberText::Sealed(_))
    }
}

impl Serialize for MemberText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            MemberText::Clear(text) => s.serialize_str(text),
            MemberText::Sealed(sealed) => sealed.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for MemberText {
    /// A text string is a clear text, a map a sealed one; no buffering, so
    /// the codec's limits apply as to any other field.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MemberText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a text sealed to the members")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MemberText, E> {
                Ok(MemberText::Clear(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<MemberText, E> {
                Ok(MemberText::Clear(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MemberText, A::Error> {
                SealedText::deserialize(de::value::MapAccessDeserializer::new(map)).map(MemberText::Sealed)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(s: &str) -> StateCode {
        s.parse().expect("state code")
    }

    fn ctx(field: &str) -> TextContext<'_> {
        TextContext {
            sender: Party::State(st("FRA")),
            message: MessageId::generate(1_700_000_000_000).expect("id"),
            field,
        }
    }

    #[test]
    fn clear_text_of_the_earlier_release_still_decodes_and_sealed_round_trips() {
        let old = crate::codec::encode("t", &"a note".to_string(), 1024).expect("encodes");
        let read: MemberText = crate::codec::decode("t", &old, 1024).expect("decodes");
        assert_eq!(read, MemberText::Clear("a note".into()));
        let fra = EncryptionKeypair::generate().expect("key");
        let gha = EncryptionKeypair::generate().expect("key");
        let c = ctx("expert purpose");
        let sealed = SealedText::seal("secret", &c, &fra, &[(st("GHA"), gha.public())]).expect("seals");
        let text = MemberText::Sealed(sealed);
        let bytes = crate::codec::encode("t", &text, 4096).expect("encodes");
        let back: MemberText = crate::codec::decode("t", &bytes, 4096).expect("decodes");
        assert_eq!(back, text);
        let json = serde_json::to_string(&text).expect("json");
        assert_eq!(serde_json::from_str::<MemberText>(&json).expect("json back"), text);
    }
}
