//! The envelope: how every message travels between nodes.
//!
//! ```text
//! Envelope (CBOR map, the wire form)
//!   header     bstr   CBOR(Header): version, message id, sender and its key
//!                     ids, recipients, kind, created-at, references, roster seq
//!   keys       bstr   CBOR([WrappedKey]): per recipient, in header order, the
//!                     content key wrapped with HPKE (RFC 9180) in Auth mode,
//!                     DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305
//!   ciphertext bstr   nonce(12) || AES-256-GCM(content key, payload, aad = header)
//!   signature  bstr   Ed25519 by the sender over SHA-256 of the three above
//! ```
//!
//! The payload is encrypted once; only the 32-byte content key is wrapped per
//! recipient. The header bytes are the AEAD associated data of both the
//! content and every wrapped key, and the signature covers the exact bytes
//! of header, key list and ciphertext: flipping any byte of any of them is
//! detected. Values are never re-serialised before a check.
//!
//! Sealing case content to the Secretariat is refused here, and so is
//! accepting it (DESIGN invariant 1).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError, MAX_ENVELOPE_BYTES, MAX_RESPONSE_BYTES};
use crate::hybrid::{self, HybridError};
use crate::ids::{KeyId, MessageId, Party};
use crate::keys::{digest_parts, EncryptionKeypair, IdentityKeypair, KeyError, Signature, SigningPublicKey};
use crate::payload::{Kind, Payload, PayloadError};
use crate::roster::Roster;

/// The newest wire version this build writes. It reads this one and every
/// one back to [`OLDEST_WIRE_VERSION`] (at least the one before), so a
/// federation upgrades one node at
/// a time: every node first runs a build that reads the new version, then
/// the Secretariat raises [`Roster::wire_version`] and everyone writes it.
///
/// Version 2 adds [`Header::roster_digest`]. Version 3 has version 2's
/// header, and its message ids are bound to their sender
/// ([`MessageId::is_bound_to`]); a receiver refuses a version-3 envelope
/// whose id is not.
///
/// Once the roster asks for a version, a receiver refuses envelopes written
/// in an older one (roster updates aside, which travel in the oldest), as
/// retryable: the sender seals them again. So an older version is read only
/// while the federation is upgrading, and a hostile member cannot fall back
/// to one whose ids are not bound to their sender.
pub const WIRE_VERSION: u16 = 3;
/// From this version on, message ids are bound to their sender.
pub const BOUND_IDS_VERSION: u16 = 3;
/// The oldest wire version this build still reads (N-2: the first release's,
/// whose rosters are still readable).
pub const OLDEST_WIRE_VERSION: u16 = 1;
/// At most this many recipients per envelope.
pub const MAX_RECIPIENTS: usize = 256;
/// At most this many referenced messages per envelope.
pub const MAX_REFERENCES: usize = 64;
/// A header claiming a creation time further ahead than this is refused.
pub const MAX_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

const SIG_DOMAIN: &[u8] = b"dief/envelope/v1";
const WRAP_INFO: &[u8] = b"dief/v1/content-key";
const RECEIPT_DOMAIN: &[u8] = b"dief/receipt/v1";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub version: u16,
    pub message_id: MessageId,
    pub sender: Party,
    pub sender_signing_key: KeyId,
    pub sender_encryption_key: KeyId,
    pub recipients: Vec<Party>,
    pub kind: Kind,
    /// Unix milliseconds, by the sender's clock.
    pub created_at: i64,
    /// Earlier messages this one answers or updates.
    pub references: Vec<MessageId>,
    /// Sequence of the roster the sender sealed under.
    pub roster_seq: u64,
    /// From version 2: SHA-256 of that roster ([`Roster::digest`]). A
    /// receiver holding the same sequence with another digest has been shown
    /// a different roster than the sender by the Secretariat (a split view)
    /// and refuses. Absent in version 1, whose encoding it leaves unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::bytes::option")]
    pub roster_digest: Option<[u8; 32]>,
}

/// Only the version of a header: read before anything else, so that a
/// header of a future layout is refused for its version, not as garbage.
#[derive(Deserialize)]
struct HeaderVersion {
    version: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    pub recipient: Party,
    /// Which of the recipient's encryption keys this is wrapped for.
    pub key_id: KeyId,
    #[serde(with = "crate::bytes")]
    pub encapped: [u8; 32],
    #[serde(with = "serde_bytes")]
    pub wrapped: Vec<u8>,
}

/// The wire form. Fields are the exact bytes that were signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(with = "serde_bytes")]
    pub header: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub keys: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub ciphertext: Vec<u8>,
    pub signature: Signature,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error(transparent)]
    Payload(#[from] PayloadError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(
        "envelope wire version {found} is not read by this node, which reads versions {OLDEST_WIRE_VERSION} to {newest}: {}",
        if *found > *newest { "upgrade dief on the receiving node" } else { "upgrade dief on the sending node" }
    )]
    UnsupportedVersion { found: u16, newest: u16 },
    #[error("a version {version} header {problem}")]
    BadHeader { version: u16, problem: &'static str },
    #[error(
        "split roster view: the sender sealed under roster {sequence} with digest {sealed}, but this node holds roster \
         {sequence} with digest {held}: the Secretariat has shown two members different rosters of one sequence"
    )]
    SplitRoster { sequence: u64, sealed: String, held: String },
    #[error("case content ({kind}) must never be sealed to or accepted by the Secretariat")]
    SecretariatCannotReceiveCaseContent { kind: Kind },
    #[error("an envelope needs at least one recipient")]
    NoRecipients,
    #[error("{0} recipients is over the limit of {MAX_RECIPIENTS}")]
    TooManyRecipients(usize),
    #[error("{0} references is over the limit of {MAX_REFERENCES}")]
    TooManyReferences(usize),
    #[error("recipient {0} is listed twice")]
    DuplicateRecipient(Party),
    #[error("{0} is not on the roster")]
    UnknownParty(Party),
    #[error("a node cannot address an envelope to itself ({0})")]
    SelfAddressed(Party),
    #[error("the sender's keys do not match its roster entry (roster sequence {0})")]
    SenderKeysNotOnRoster(u64),
    #[error("stale: {sender} signed with key {used}, but the roster (sequence {held}) lists {current}")]
    StaleKey { sender: Party, used: KeyId, current: KeyId, held: u64 },
    #[error("stale roster: sealed under roster {sealed}, before {sender}'s current keys (roster {keys_since})")]
    StaleRoster { sender: Party, sealed: u64, keys_since: u64 },
    #[error("sealed under roster {sealed}, newer than the one held ({held}): update the roster first")]
    RosterBehind { sealed: u64, held: u64 },
    #[error("message id {id} is not bound to its sender {sender}: wire version {version} requires it")]
    UnboundMessageId { id: MessageId, sender: Party, version: u16 },
    #[error(
        "written in wire version {found}, but the roster asks every member to write version {federation}: \
         the sender must seal it again"
    )]
    BelowFederationVersion { found: u16, federation: u16 },
    #[error("signature of {sender} does not verify")]
    BadSignature { sender: Party },
    #[error("this envelope is not addressed to {0}")]
    NotForMe(Party),
    #[error("the key list does not match the header's recipients")]
    KeyListMismatch,
    #[error("the content key for {me} is wrapped for key {found}, but this node holds {held}")]
    WrongKey { me: Party, found: KeyId, held: KeyId },
    #[error("decryption failed: {0}")]
    Decrypt(&'static str),
    #[error("header says {header} but the payload is {payload}")]
    KindMismatch { header: Kind, payload: Kind },
    #[error("created at {created_at}, more than {MAX_CLOCK_SKEW_MS} ms ahead of this node's clock ({now})")]
    FromTheFuture { created_at: i64, now: i64 },
    #[error("receipt: {0}")]
    Receipt(String),
}

impl From<HybridError> for EnvelopeError {
    fn from(e: HybridError) -> Self {
        match e {
            HybridError::Key(k) => EnvelopeError::Key(k),
            HybridError::Crypto(what) => EnvelopeError::Decrypt(what),
        }
    }
}

impl EnvelopeError {
    /// Whether the same envelope may succeed later (the receiver's roster
    /// may catch up); otherwise the sender sets it aside.
    ///
    /// A stale key or roster is retryable too: the sender's node seals the
    /// envelope again under its current roster (after a key rotation on
    /// either side, an envelope in flight meets one); so is an envelope in
    /// a wire version older than the roster asks for.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            EnvelopeError::RosterBehind { .. }
                | EnvelopeError::UnknownParty(_)
                | EnvelopeError::FromTheFuture { .. }
                | EnvelopeError::StaleKey { .. }
                | EnvelopeError::StaleRoster { .. }
                | EnvelopeError::BelowFederationVersion { .. }
        )
    }
}

/// What the sender provides to seal.
#[derive(Debug)]
pub struct Sender<'a> {
    pub party: Party,
    pub identity: &'a IdentityKeypair,
    pub encryption: &'a EncryptionKeypair,
}

/// What is to be sealed.
#[derive(Clone, Debug)]
pub struct Draft {
    pub message_id: MessageId,
    pub recipients: Vec<Party>,
    pub references: Vec<MessageId>,
    pub created_at: i64,
    pub payload: Payload,
}

/// A verified and decrypted envelope.
#[derive(Clone, Debug)]
pub struct Opened {
    pub header: Header,
    pub payload: Payload,
    /// SHA-256 over what the sender signed; names this exact envelope.
    pub digest: [u8; 32],
}

fn check_recipients(sender: Party, kind: Kind, recipients: &[Party], roster: &Roster) -> Result<(), EnvelopeError> {
    if recipients.is_empty() {
        return Err(EnvelopeError::NoRecipients);
    }
    if recipients.len() > MAX_RECIPIENTS {
        return Err(EnvelopeError::TooManyRecipients(recipients.len()));
    }
    if kind.is_case_content() && recipients.iter().any(|r| r.is_secretariat()) {
        return Err(EnvelopeError::SecretariatCannotReceiveCaseContent { kind });
    }
    let mut seen = BTreeSet::new();
    for r in recipients {
        if *r == sender {
            return Err(EnvelopeError::SelfAddressed(*r));
        }
        if !seen.insert(*r) {
            return Err(EnvelopeError::DuplicateRecipient(*r));
        }
        if roster.node(*r).is_none() {
            return Err(EnvelopeError::UnknownParty(*r));
        }
    }
    Ok(())
}

/// Encrypts `draft.payload` once and wraps the content key for each
/// recipient, in the wire version the roster asks for
/// ([`Roster::wire_version`], within what this build writes).
pub fn seal(sender: &Sender<'_>, roster: &Roster, draft: Draft) -> Result<Envelope, EnvelopeError> {
    seal_writing(sender, roster, draft, WIRE_VERSION)
}

/// [`seal`] for a writer whose newest wire version is `newest`: how a node
/// of the previous release seals. Tests of mixed-version federations use it.
pub fn seal_writing(
    sender: &Sender<'_>,
    roster: &Roster,
    draft: Draft,
    newest: u16,
) -> Result<Envelope, EnvelopeError> {
    seal_with(sender, roster, draft, SealOptions { newest, require_bound_id: true })
}

/// How [`seal_with`] writes an envelope.
#[derive(Clone, Copy, Debug)]
pub struct SealOptions {
    /// The newest wire version the writer writes.
    pub newest: u16,
    /// Refuse a message id not bound to the sender where the version asks
    /// for one. Only tests that play a hostile sender turn it off: the
    /// receiver's check is what protects it.
    pub require_bound_id: bool,
}

/// [`seal_writing`] with every option spelled out.
pub fn seal_with(
    sender: &Sender<'_>,
    roster: &Roster,
    draft: Draft,
    options: SealOptions,
) -> Result<Envelope, EnvelopeError> {
    let SealOptions { newest, require_bound_id } = options;
    let kind = draft.payload.kind();
    draft.payload.validate()?;
    check_recipients(sender.party, kind, &draft.recipients, roster)?;
    if draft.references.len() > MAX_REFERENCES {
        return Err(EnvelopeError::TooManyReferences(draft.references.len()));
    }
    let own = roster.node(sender.party).ok_or(EnvelopeError::UnknownParty(sender.party))?;
    if own.signing_key != sender.identity.public() || own.encryption_key != sender.encryption.public() {
        return Err(EnvelopeError::SenderKeysNotOnRoster(roster.sequence));
    }
    // Roster updates travel in the oldest version written, so that a member
    // one release behind still learns the roster (and the refusals of newer
    // envelopes tell its operator to upgrade).
    let version = if kind == Kind::RosterUpdate {
        OLDEST_WIRE_VERSION
    } else {
        roster.wire_version.clamp(OLDEST_WIRE_VERSION, newest.clamp(OLDEST_WIRE_VERSION, WIRE_VERSION))
    };
    if require_bound_id && version >= BOUND_IDS_VERSION && !draft.message_id.is_bound_to(sender.party) {
        return Err(EnvelopeError::UnboundMessageId { id: draft.message_id, sender: sender.party, version });
    }
    let roster_digest = if version >= 2 { Some(roster.digest()?) } else { None };
    let header = Header {
        version,
        message_id: draft.message_id,
        sender: sender.party,
        sender_signing_key: own.signing_key_id(),
        sender_encryption_key: own.encryption_key_id(),
        recipients: draft.recipients,
        kind,
        created_at: draft.created_at,
        references: draft.references,
        roster_seq: roster.sequence,
        roster_digest,
    };
    let header_bytes = codec::encode("envelope header", &header, MAX_RESPONSE_BYTES)?;

    let content_key = hybrid::content_key()?;
    let ciphertext = hybrid::seal_body(&content_key, &header_bytes, draft.payload.encode()?, "sealing the content")?;
    let mut keys = Vec::with_capacity(header.recipients.len());
    for r in &header.recipients {
        let node = roster.node(*r).ok_or(EnvelopeError::UnknownParty(*r))?;
        let (encapped, wrapped) =
            hybrid::wrap_key(sender.encryption, &node.encryption_key, WRAP_INFO, &content_key, &header_bytes)?;
        keys.push(WrappedKey { recipient: *r, key_id: node.encryption_key_id(), encapped, wrapped });
    }
    let keys_bytes = codec::encode("envelope keys", &keys, MAX_ENVELOPE_BYTES)?;
    let digest = digest_parts(SIG_DOMAIN, &[&header_bytes, &keys_bytes, &ciphertext]);
    let signature = sender.identity.sign(&digest);
    Ok(Envelope { header: header_bytes, keys: keys_bytes, ciphertext, signature })
}

impl Envelope {
    pub fn to_bytes(&self) -> Result<Vec<u8>, EnvelopeError> {
        Ok(codec::encode("envelope", self, MAX_ENVELOPE_BYTES)?)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        Ok(codec::decode("envelope", bytes, MAX_ENVELOPE_BYTES)?)
    }

    /// What the sender signed; names this exact envelope in receipts.
    pub fn digest(&self) -> [u8; 32] {
        digest_parts(SIG_DOMAIN, &[&self.header, &self.keys, &self.ciphertext])
    }

    /// Which of `recipient`'s encryption keys the content key is wrapped
    /// for, read without checking anything: the sender uses it to see
    /// whether a queued envelope must be sealed again after a rotation.
    pub fn wrapped_key_id(&self, recipient: Party) -> Result<Option<KeyId>, EnvelopeError> {
        let keys: Vec<WrappedKey> = codec::decode("envelope keys", &self.keys, MAX_ENVELOPE_BYTES)?;
        Ok(keys.iter().find(|k| k.recipient == recipient).map(|k| k.key_id))
    }

    /// Decodes the header without checking anything: for routing and logs
    /// only, never for a decision.
    pub fn peek_header(&self) -> Result<Header, EnvelopeError> {
        Ok(codec::decode("envelope header", &self.header, MAX_RESPONSE_BYTES)?)
    }

    /// Checks the signature against the sender's current roster key, that
    /// the envelope is addressed to `me`, and the roster rules. Does not
    /// decrypt; [`Envelope::open_verified`] does, without checking twice.
    pub fn verify(&self, roster: &Roster, me: Party, now: i64) -> Result<Verified, EnvelopeError> {
        self.verify_reading(roster, me, now, WIRE_VERSION)
    }

    /// [`Envelope::verify`] for a reader whose newest wire version is
    /// `newest` (at most [`WIRE_VERSION`]): how a node of the previous release
    /// sees this envelope. Tests of mixed-version federations use it.
    pub fn verify_reading(&self, roster: &Roster, me: Party, now: i64, newest: u16) -> Result<Verified, EnvelopeError> {
        let newest = newest.min(WIRE_VERSION);
        let HeaderVersion { version } = codec::decode("envelope header version", &self.header, MAX_RESPONSE_BYTES)?;
        if !(OLDEST_WIRE_VERSION..=newest).contains(&version) {
            return Err(EnvelopeError::UnsupportedVersion { found: version, newest });
        }
        let header = self.peek_header()?;
        match (header.version, header.roster_digest) {
            (1, Some(_)) => return Err(EnvelopeError::BadHeader { version: 1, problem: "carries a roster digest" }),
            (v, None) if v >= 2 => {
                return Err(EnvelopeError::BadHeader { version: v, problem: "lacks the roster digest" })
            }
            _ => {}
        }
        // An envelope sealed under a newer roster than ours can still be
        // verified when we know the sender's key (a roster update from the
        // Secretariat is the usual case); otherwise we must catch up first.
        let behind = header.roster_seq > roster.sequence;
        let behind_err = || EnvelopeError::RosterBehind { sealed: header.roster_seq, held: roster.sequence };
        let node = match roster.node(header.sender) {
            Some(n) => n,
            None if behind => return Err(behind_err()),
            None => return Err(EnvelopeError::UnknownParty(header.sender)),
        };
        if header.sender_signing_key != node.signing_key_id() {
            if behind {
                return Err(behind_err());
            }
            return Err(EnvelopeError::StaleKey {
                sender: header.sender,
                used: header.sender_signing_key,
                current: node.signing_key_id(),
                held: roster.sequence,
            });
        }
        if header.roster_seq < node.keys_since {
            return Err(EnvelopeError::StaleRoster {
                sender: header.sender,
                sealed: header.roster_seq,
                keys_since: node.keys_since,
            });
        }
        let digest = self.digest();
        node.signing_key
            .verify(&digest, &self.signature)
            .map_err(|_| EnvelopeError::BadSignature { sender: header.sender })?;
        // Only after the signature: an outsider must not raise the alarm.
        if let Some(sealed) = header.roster_digest {
            let held = roster.digest()?;
            if header.roster_seq == roster.sequence && sealed != held {
                return Err(EnvelopeError::SplitRoster {
                    sequence: roster.sequence,
                    sealed: hex::encode(&sealed[..8]),
                    held: hex::encode(&held[..8]),
                });
            }
        }
        if header.version >= BOUND_IDS_VERSION && !header.message_id.is_bound_to(header.sender) {
            return Err(EnvelopeError::UnboundMessageId {
                id: header.message_id,
                sender: header.sender,
                version: header.version,
            });
        }
        let federation = roster.wire_version.min(newest);
        if header.kind != Kind::RosterUpdate && header.version < federation {
            return Err(EnvelopeError::BelowFederationVersion { found: header.version, federation });
        }
        if header.kind.is_case_content()
            && (me.is_secretariat() || header.recipients.iter().any(|r| r.is_secretariat()))
        {
            return Err(EnvelopeError::SecretariatCannotReceiveCaseContent { kind: header.kind });
        }
        if !header.recipients.contains(&me) {
            return Err(EnvelopeError::NotForMe(me));
        }
        if header.references.len() > MAX_REFERENCES {
            return Err(EnvelopeError::TooManyReferences(header.references.len()));
        }
        if header.created_at > now.saturating_add(MAX_CLOCK_SKEW_MS) {
            return Err(EnvelopeError::FromTheFuture { created_at: header.created_at, now });
        }
        Ok(Verified { header, digest, me })
    }

    /// Verifies, then unwraps the content key with `mine` and decrypts.
    pub fn open(
        &self,
        roster: &Roster,
        me: Party,
        mine: &EncryptionKeypair,
        now: i64,
    ) -> Result<Opened, EnvelopeError> {
        let verified = self.verify(roster, me, now)?;
        self.open_verified(verified, roster, mine)
    }

    /// Unwraps the content key with `mine` and decrypts an envelope that
    /// [`Envelope::verify`] accepted. `verified` must come from this very
    /// envelope: its digest is checked again, which is cheap.
    pub fn open_verified(
        &self,
        verified: Verified,
        roster: &Roster,
        mine: &EncryptionKeypair,
    ) -> Result<Opened, EnvelopeError> {
        self.open_verified_with(verified, roster, &[mine])
    }

    /// [`Envelope::open_verified`] with every encryption key the receiver
    /// holds (its current key and those retired in their grace period after
    /// a rotation): the one the content key was wrapped for opens it.
    pub fn open_verified_with(
        &self,
        verified: Verified,
        roster: &Roster,
        held: &[&EncryptionKeypair],
    ) -> Result<Opened, EnvelopeError> {
        let Verified { header, digest, me } = verified;
        if digest != self.digest() {
            return Err(EnvelopeError::Decrypt("verified header of another envelope"));
        }
        let sender = roster.node(header.sender).ok_or(EnvelopeError::UnknownParty(header.sender))?;
        if header.sender_encryption_key != sender.encryption_key_id() {
            if header.roster_seq > roster.sequence {
                return Err(EnvelopeError::RosterBehind { sealed: header.roster_seq, held: roster.sequence });
            }
            return Err(EnvelopeError::StaleKey {
                sender: header.sender,
                used: header.sender_encryption_key,
                current: sender.encryption_key_id(),
                held: roster.sequence,
            });
        }
        let keys: Vec<WrappedKey> = codec::decode("envelope keys", &self.keys, MAX_ENVELOPE_BYTES)?;
        if keys.len() != header.recipients.len() || keys.iter().zip(&header.recipients).any(|(k, r)| k.recipient != *r)
        {
            return Err(EnvelopeError::KeyListMismatch);
        }
        let wrapped = keys.iter().find(|k| k.recipient == me).ok_or(EnvelopeError::NotForMe(me))?;
        let Some(mine) = held.iter().find(|k| k.key_id() == wrapped.key_id) else {
            let held = held.first().map(|k| k.key_id()).unwrap_or(KeyId::of(&[]));
            return Err(EnvelopeError::WrongKey { me, found: wrapped.key_id, held });
        };
        let key = hybrid::unwrap_key(
            &sender.encryption_key,
            mine,
            WRAP_INFO,
            &wrapped.encapped,
            &wrapped.wrapped,
            &self.header,
        )?;
        let plain = hybrid::open_body(&key, &self.header, &self.ciphertext, "content")?;
        let payload = Payload::decode(&plain)?;
        if payload.kind() != header.kind {
            return Err(EnvelopeError::KindMismatch { header: header.kind, payload: payload.kind() });
        }
        Ok(Opened { digest, header, payload })
    }
}

/// An envelope whose signature, sender, addressee and roster rules were
/// checked; only [`Envelope::verify`] makes one.
#[derive(Clone, Debug)]
pub struct Verified {
    header: Header,
    digest: [u8; 32],
    me: Party,
}

impl Verified {
    pub fn header(&self) -> &Header {
        &self.header
    }
    /// SHA-256 over what the sender signed.
    pub fn digest(&self) -> [u8; 32] {
        self.digest
    }
}

/// The receiver's signed statement that it holds an envelope durably.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub message_id: MessageId,
    #[serde(with = "crate::bytes")]
    pub envelope_digest: [u8; 32],
    /// Who received (and signs).
    pub recipient: Party,
    /// Who sent the envelope.
    pub sender: Party,
    pub received_at: i64,
    /// The envelope was already held: this is a repeat receipt.
    pub duplicate: bool,
    /// The roster the receiver holds, so that the sender can compare it
    /// with its own: two members holding different rosters of one sequence
    /// find out at their next exchange (key transparency, issue 11).
    /// Absent in receipts of earlier releases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterMark>,
}

/// A roster as two members compare it: its sequence and digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterMark {
    pub sequence: u64,
    #[serde(with = "crate::bytes")]
    pub digest: [u8; 32],
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedReceipt {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub signature: Signature,
}

impl Receipt {
    pub fn sign(&self, identity: &IdentityKeypair) -> Result<SignedReceipt, EnvelopeError> {
        let body = codec::encode("receipt", self, MAX_RESPONSE_BYTES)?;
        let signature = identity.sign(&digest_parts(RECEIPT_DOMAIN, &[&body]));
        Ok(SignedReceipt { body, signature })
    }
}

impl SignedReceipt {
    /// Checks the receipt against what was sent: signed by `recipient`'s
    /// roster key, for this message and this exact envelope.
    pub fn verify(
        &self,
        signer: &SigningPublicKey,
        recipient: Party,
        message_id: MessageId,
        envelope_digest: &[u8; 32],
    ) -> Result<Receipt, EnvelopeError> {
        signer
            .verify(&digest_parts(RECEIPT_DOMAIN, &[&self.body]), &self.signature)
            .map_err(|_| EnvelopeError::Receipt(format!("signature of {recipient} does not verify")))?;
        let r: Receipt = codec::decode("receipt", &self.body, MAX_RESPONSE_BYTES)?;
        if r.recipient != recipient || r.message_id != message_id || &r.envelope_digest != envelope_digest {
            return Err(EnvelopeError::Receipt(format!(
                "receipt from {} for {} does not match the envelope sent to {recipient}",
                r.recipient, r.message_id
            )));
        }
        Ok(r)
    }
}

/// The answer to a delivered envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    Receipt(SignedReceipt),
    /// Not accepted. `retryable`: the same envelope may succeed later.
    Refused {
        reason: String,
        retryable: bool,
    },
}

impl Response {
    pub fn to_bytes(&self) -> Result<Vec<u8>, EnvelopeError> {
        Ok(codec::encode("response", self, MAX_RESPONSE_BYTES)?)
    }
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        Ok(codec::decode("response", bytes, MAX_RESPONSE_BYTES)?)
    }
}
