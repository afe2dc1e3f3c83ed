//! The signed membership roster (ToR-1, ToR-4, ToR-5) and join requests.
//!
//! The Secretariat's roster key is the trust anchor, pinned by fingerprint
//! when a node is initialised. A roster lists the Secretariat node and every
//! member State (State Party or Signatory, ToR-1) with the keys and
//! addresses of its node, the Chair and the end of the Chair's term (ToR-4),
//! and a sequence number. A node never accepts a roster with a lower
//! sequence number than the one it holds, so a replayed old roster cannot
//! re-admit a removed State or an old key. Any node may relay a signed
//! roster: its signature, not its carrier, makes it authentic.
//!
//! Signatures are over the exact encoded bytes (`SignedRoster::body`), never
//! over a re-serialised value.
//!
//! Trust that does not rest on the Secretariat alone (issue 11):
//! - **The roster key** signs rosters. It is its own key, not the
//!   Secretariat node's, so it can be kept offline; it changes only with a
//!   [`SignedRosterKeyChange`] signed by the key it replaces, and members
//!   follow that chain from the key they pinned ([`SignedRoster::verify`]).
//! - **Key continuity**: a party's node keys change only with a
//!   [`SignedKeyRotation`] signed by its previous key (and by the new one,
//!   to prove it is held). The roster carries the rotations
//!   ([`NodeKeys::rotations`]), and each member checks them against the keys
//!   it pinned ([`NodeKeys::follows_from`]). A change without one (a lost
//!   key the Secretariat replaced, or a Secretariat swapping keys to read a
//!   State's traffic) is [`KeyChange::Unverified`]: members keep the keys they
//!   pinned ([`Roster::pins`]) and alert until an operator acknowledges it.
//!
//! The rotations and the roster-key chain themselves live in `continuity`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError, MAX_ROSTER_BYTES};
use crate::ids::{KeyId, Party, StateCode};
use crate::keys::{digest_parts, EncryptionPublicKey, IdentityKeypair, KeyError, Signature, SigningPublicKey};
use crate::payload::Refusal;
use crate::reason::{Explain, Reason};

mod continuity;
use continuity::chain_links;
pub use continuity::{KeyRotation, RosterKeyChange, SignedKeyRotation, SignedRosterKeyChange};

pub const ROSTER_FORMAT: u16 = 1;
const ROSTER_DOMAIN: &[u8] = b"dief/roster/v1";
const ROSTER_DIGEST_DOMAIN: &[u8] = b"dief/roster-digest/v1";
const JOIN_DOMAIN: &[u8] = b"dief/join-request/v1";
const ROTATION_DOMAIN: &[u8] = b"dief/key-rotation/v1";
const ROSTER_KEY_DOMAIN: &[u8] = b"dief/roster-key-change/v1";
/// Rotations a roster entry keeps: a member that pinned keys older than
/// this many rotations sees an unverified change and asks its operator.
pub const MAX_KEY_HISTORY: usize = 8;
/// Changes of roster key a roster keeps: all of them, since the first, so
/// that a State that pinned the first key at `dief init` can follow.
pub const MAX_ROSTER_KEY_CHAIN: usize = 32;
const MAX_RECOVERY_REASON: usize = 1000;
const MAX_ADDRS: usize = 16;
const MAX_ADDR_LEN: usize = 256;
const MAX_MEMBERS: usize = 400;

/// Whether a member has ratified the Treaty or only signed it (ToR-1: both
/// may take part).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    StateParty,
    Signatory,
}

impl std::fmt::Display for MemberStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MemberStatus::StateParty => "State Party",
            MemberStatus::Signatory => "Signatory State",
        })
    }
}

/// The node of a party as the roster publishes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeKeys {
    /// libp2p PeerId (base58) of the node's transport key: `transport_key`,
    /// or the signing key when absent (a node that never rotated).
    pub peer_id: String,
    pub signing_key: SigningPublicKey,
    pub encryption_key: EncryptionPublicKey,
    /// Multiaddrs at which the node listens.
    pub addrs: Vec<String>,
    /// Roster sequence number at which these keys were first published. An
    /// envelope stamped with an older roster cannot have been signed with
    /// them: it is stale.
    pub keys_since: u64,
    /// The key the node's connections are authenticated with (Noise), when
    /// it is not the signing key. A node's transport key stays when its
    /// signing and encryption keys rotate, so a rotation never changes how
    /// peers reach it; it authenticates connections only, never what a
    /// party says (envelopes and receipts are signed with `signing_key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_key: Option<SigningPublicKey>,
    /// Key continuity: the rotations that led from this party's earlier
    /// keys to these, oldest first, at most [`MAX_KEY_HISTORY`]; each signed
    /// by the keys it replaced. Absent for keys a party has had since it
    /// was admitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rotations: Vec<SignedKeyRotation>,
    /// Set when the Secretariat replaced this party's keys without a
    /// rotation signed by the previous ones (a lost key). Every member that
    /// held the previous keys alerts until its operator acknowledges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<KeyRecovery>,
}

/// The Secretariat's declaration that a party lost its key and was given
/// new ones without a rotation statement: what members are shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecovery {
    /// The signing key it replaced.
    pub previous_signing_key: SigningPublicKey,
    pub reason: String,
    pub declared_at: i64,
}

/// How a roster entry's keys follow from the keys a member pinned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyChange {
    /// The same keys (addresses may differ).
    Same,
    /// New keys, reached by rotations each signed by the keys before.
    Rotated,
    /// New keys that no rotation from the pinned ones vouches for; with the
    /// Secretariat's recovery declaration, when it made one.
    Unverified { recovery: Option<KeyRecovery> },
}

impl NodeKeys {
    /// Keys a node has had since it was admitted (no rotation, no recovery).
    pub fn new(
        signing_key: SigningPublicKey,
        encryption_key: EncryptionPublicKey,
        addrs: Vec<String>,
        keys_since: u64,
    ) -> Self {
        NodeKeys {
            peer_id: signing_key.peer_id(),
            signing_key,
            encryption_key,
            addrs,
            keys_since,
            transport_key: None,
            rotations: Vec::new(),
            recovery: None,
        }
    }

    /// The key whose PeerId `peer_id` is.
    pub fn transport(&self) -> SigningPublicKey {
        self.transport_key.unwrap_or(self.signing_key)
    }

    pub fn signing_key_id(&self) -> KeyId {
        self.signing_key.key_id()
    }
    pub fn encryption_key_id(&self) -> KeyId {
        self.encryption_key.key_id()
    }

    /// How these keys follow from `pinned`, the keys a member held for the
    /// same party: the same, rotated (a chain of statements from the
    /// pinned signing key to these keys, each verified), or unverified.
    pub fn follows_from(&self, pinned: &NodeKeys, party: Party) -> KeyChange {
        if self.signing_key == pinned.signing_key && self.encryption_key == pinned.encryption_key {
            return KeyChange::Same;
        }
        let mut current = pinned.signing_key;
        let mut last = None;
        for signed in &self.rotations {
            let Ok(r) = signed.verify() else { continue };
            if r.party == party && r.previous_signing_key == current {
                current = r.signing_key;
                last = Some(r);
            }
        }
        match last {
            Some(r)
                if current == self.signing_key
                    && r.encryption_key == self.encryption_key
                    && r.transport_key == self.transport() =>
            {
                KeyChange::Rotated
            }
            _ => KeyChange::Unverified { recovery: self.recovery.clone() },
        }
    }

    /// These keys after `rotation` (already verified against them):
    /// published from `sequence`, with the statement kept as history.
    pub fn rotated(&self, rotation: &KeyRotation, signed: SignedKeyRotation, sequence: u64) -> NodeKeys {
        let mut rotations = self.rotations.clone();
        rotations.push(signed);
        if rotations.len() > MAX_KEY_HISTORY {
            rotations.drain(..rotations.len() - MAX_KEY_HISTORY);
        }
        NodeKeys {
            peer_id: rotation.transport_key.peer_id(),
            signing_key: rotation.signing_key,
            encryption_key: rotation.encryption_key,
            addrs: rotation.addrs.clone(),
            keys_since: sequence,
            transport_key: (rotation.transport_key != rotation.signing_key).then_some(rotation.transport_key),
            rotations,
            recovery: None,
        }
    }

    fn validate(&self, who: Party) -> Result<(), RosterError> {
        if self.rotations.len() > MAX_KEY_HISTORY {
            return Err(invalid(
                Reason::new("refusal-roster-too-many-rotations").text("party", who).number("limit", MAX_KEY_HISTORY),
                format!("{who}: more than {MAX_KEY_HISTORY} key rotations kept"),
            ));
        }
        if self.recovery.as_ref().is_some_and(|r| r.reason.len() > MAX_RECOVERY_REASON) {
            return Err(invalid(
                Reason::new("refusal-roster-recovery-reason").text("party", who).number("limit", MAX_RECOVERY_REASON),
                format!("{who}: recovery reason over {MAX_RECOVERY_REASON} bytes"),
            ));
        }
        // A hostile node could register such a key: under an encryption key
        // of small order every envelope sealed to it and to others fails to
        // seal, and under a signing key of small order its signatures prove
        // nothing. Refused where it would enter, as every key is checked here.
        let signing = [Some(&self.signing_key), self.transport_key.as_ref()];
        let weak = signing.into_iter().flatten().find(|k| k.check_usable().is_err()).map(|k| k.key_id());
        let weak = weak.or_else(|| self.encryption_key.check_usable().is_err().then(|| self.encryption_key.key_id()));
        if let Some(key) = weak {
            return Err(invalid(
                Reason::new("refusal-roster-weak-key").text("party", who).text("key", key),
                format!("{who}: the key {key} is of small order or no curve point, and cannot be used"),
            ));
        }
        if self.peer_id != self.transport().peer_id() {
            return Err(invalid(
                Reason::new("refusal-roster-peer-id-mismatch").text("party", who).text("peer_id", &self.peer_id),
                format!("{who}: peer id {} does not match its transport key", self.peer_id),
            ));
        }
        if self.addrs.len() > MAX_ADDRS || self.addrs.iter().any(|a| a.is_empty() || a.len() > MAX_ADDR_LEN) {
            return Err(invalid(
                Reason::new("refusal-roster-addresses")
                    .text("party", who)
                    .number("limit", MAX_ADDRS)
                    .number("max_len", MAX_ADDR_LEN),
                format!("{who}: at most {MAX_ADDRS} non-empty addresses of at most {MAX_ADDR_LEN} bytes"),
            ));
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub state: StateCode,
    pub status: MemberStatus,
    pub node: NodeKeys,
}

/// The Chair of the Forum, appointed by the CSP President; the term runs
/// until the close of the next CSP (ToR-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chair {
    pub state: StateCode,
    /// Unix milliseconds at which the term ends.
    pub term_ends_at: i64,
}

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub format: u16,
    pub sequence: u64,
    pub issued_at: i64,
    /// The Secretariat's node (ToR-5). Its signing key is the roster key.
    pub secretariat: NodeKeys,
    /// Sorted by State code, one entry per State.
    pub members: Vec<Member>,
    pub chair: Option<Chair>,
    /// The envelope wire version every member writes (see
    /// [`crate::envelope::WIRE_VERSION`]). The Secretariat raises it once
    /// every member runs a build that reads it. Rosters signed before the
    /// field existed are version 1.
    #[serde(default = "first_wire_version")]
    pub wire_version: u16,
    /// The key that signs rosters. Absent in rosters from before it was
    /// split from the Secretariat node's own key, which signed those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster_key: Option<SigningPublicKey>,
    /// Every change of roster key since the first, oldest first, each signed
    /// by the key it replaced (and the new one): a member that pinned an
    /// earlier roster key follows the chain to the one signing now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster_key_chain: Vec<SignedRosterKeyChange>,
    /// This node's own view, never on the wire and never signed: keys it
    /// keeps for a party in place of the roster's, because the roster's do
    /// not follow from the ones it pinned and no operator acknowledged the
    /// change yet. [`Roster::node`] and the lookups by peer answer with
    /// these, so nothing is sealed to, or accepted from, keys a member has
    /// not verified.
    #[serde(skip)]
    pub pins: BTreeMap<Party, NodeKeys>,
    /// [`Roster::digest`] computed once by the node that holds this roster
    /// ([`Roster::cache_digest`]); never copied by `clone`, so an edited
    /// copy is hashed again.
    #[serde(skip)]
    digest_cache: Option<[u8; 32]>,
}

impl Clone for Roster {
    fn clone(&self) -> Self {
        Roster {
            format: self.format,
            sequence: self.sequence,
            issued_at: self.issued_at,
            secretariat: self.secretariat.clone(),
            members: self.members.clone(),
            chair: self.chair.clone(),
            wire_version: self.wire_version,
            roster_key: self.roster_key,
            roster_key_chain: self.roster_key_chain.clone(),
            pins: self.pins.clone(),
            digest_cache: None,
        }
    }
}

fn first_wire_version() -> u16 {
    1
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RosterError {
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error("roster signature does not verify under the pinned Secretariat key {expected}")]
    BadSignature { expected: KeyId },
    #[error("roster sequence {offered} is older than the one held ({held}): refused")]
    Stale { offered: u64, held: u64 },
    #[error("roster sequence {0} is already held")]
    AlreadyHeld(u64),
    #[error("roster sequence {offered} is the same number as the one held but with other content: refused")]
    Conflicting { offered: u64 },
    /// A roster (or the node keys of a join request or a rotation) that
    /// breaks a rule; its words begin "invalid roster: ".
    #[error("{0}")]
    Invalid(Refusal),
    /// Its words begin "join request: ".
    #[error("{0}")]
    Join(Refusal),
    /// Its words begin "key rotation: ".
    #[error("{0}")]
    Rotation(Refusal),
    #[error("roster signed by key {signer}, which no change of roster key links to the key this node holds ({held})")]
    UnlinkedRosterKey { signer: String, held: String },
    #[error(transparent)]
    Key(#[from] KeyError),
}

impl Explain for RosterError {
    fn reason(&self) -> Reason {
        match self {
            // The decoder's and the key's words are technical: they stay English.
            RosterError::Codec(e) => Reason::new("refusal-roster-codec").text("detail", e),
            RosterError::Key(e) => Reason::new("refusal-roster-key").text("detail", e),
            RosterError::BadSignature { expected } => {
                Reason::new("refusal-roster-bad-signature").text("expected", expected)
            }
            RosterError::Stale { offered, held } => {
                Reason::new("refusal-roster-stale").number("offered", *offered).number("held", *held)
            }
            RosterError::AlreadyHeld(sequence) => {
                Reason::new("refusal-roster-already-held").number("sequence", *sequence)
            }
            RosterError::Conflicting { offered } => {
                Reason::new("refusal-roster-conflicting").number("offered", *offered)
            }
            RosterError::UnlinkedRosterKey { signer, held } => {
                Reason::new("refusal-roster-unlinked-key").text("signer", signer).text("held", held)
            }
            RosterError::Invalid(r) | RosterError::Join(r) | RosterError::Rotation(r) => r.reason.clone(),
        }
    }
}

/// [`RosterError::Invalid`] from its reason and its English words, which
/// the English catalog entry of the key repeats, prefix included.
fn invalid(reason: Reason, text: impl std::fmt::Display) -> RosterError {
    RosterError::Invalid(Refusal::new(reason, format!("invalid roster: {text}")))
}

/// [`RosterError::Join`], as [`invalid`].
fn join(reason: Reason, text: impl std::fmt::Display) -> RosterError {
    RosterError::Join(Refusal::new(reason, format!("join request: {text}")))
}

/// [`RosterError::Rotation`], as [`invalid`].
fn rotation(reason: Reason, text: impl std::fmt::Display) -> RosterError {
    RosterError::Rotation(Refusal::new(reason, format!("key rotation: {text}")))
}

impl Roster {
    /// The first roster of a federation: the Secretariat alone.
    pub fn genesis(secretariat: NodeKeys, issued_at: i64) -> Self {
        Roster {
            format: ROSTER_FORMAT,
            sequence: 1,
            issued_at,
            secretariat,
            members: Vec::new(),
            chair: None,
            wire_version: crate::envelope::WIRE_VERSION,
            roster_key: None,
            roster_key_chain: Vec::new(),
            pins: BTreeMap::new(),
            digest_cache: None,
        }
    }

    /// The first roster of a federation whose rosters are signed by
    /// `roster_key`, a key of its own (kept offline, or in the Secretariat
    /// node's store), not the Secretariat node's.
    pub fn genesis_with_roster_key(secretariat: NodeKeys, roster_key: SigningPublicKey, issued_at: i64) -> Self {
        Roster { roster_key: Some(roster_key), ..Self::genesis(secretariat, issued_at) }
    }

    /// The key that signs this roster.
    pub fn signer(&self) -> SigningPublicKey {
        self.roster_key.unwrap_or(self.secretariat.signing_key)
    }

    /// Every roster key of this federation, the first (pinned at
    /// `dief init`) first, the one signing now last.
    pub fn roster_keys(&self) -> Vec<SigningPublicKey> {
        let mut keys: Vec<SigningPublicKey> = Vec::with_capacity(self.roster_key_chain.len() + 1);
        for link in &self.roster_key_chain {
            if let Ok(change) = link.decode() {
                if keys.is_empty() {
                    keys.push(change.previous);
                }
                keys.push(change.key);
            }
        }
        if keys.last() != Some(&self.signer()) {
            keys.push(self.signer());
        }
        keys
    }

    /// Makes `next` the roster key, with the change signed by the current
    /// one (`current`) and by `next` itself.
    pub fn change_roster_key(
        &mut self,
        current: &IdentityKeypair,
        next: &IdentityKeypair,
        at: i64,
    ) -> Result<(), RosterError> {
        if current.public() != self.signer() {
            return Err(invalid(
                Reason::new("refusal-roster-key-change-signer"),
                "a change of roster key is signed by the current roster key",
            ));
        }
        if self.roster_key_chain.len() >= MAX_ROSTER_KEY_CHAIN {
            return Err(invalid(
                Reason::new("refusal-roster-key-changes-exhausted").number("limit", MAX_ROSTER_KEY_CHAIN),
                format!("the roster key has changed {MAX_ROSTER_KEY_CHAIN} times"),
            ));
        }
        let change = RosterKeyChange { previous: current.public(), key: next.public(), changed_at: at };
        self.roster_key_chain.push(change.sign(current, next)?);
        self.roster_key = Some(next.public());
        Ok(())
    }

    /// Computes and keeps [`Roster::digest`], for a roster that will not be
    /// edited any more (the one a node holds): sealing and verifying every
    /// envelope reads it.
    pub fn cache_digest(&mut self) -> Result<[u8; 32], CodecError> {
        self.digest_cache = None;
        let digest = self.digest()?;
        self.digest_cache = Some(digest);
        Ok(digest)
    }

    /// SHA-256 of this roster's encoding: what a version-2 envelope header
    /// names, so that two members holding different rosters of one sequence
    /// find out. Members decode and re-encode with the same field list, so
    /// equal rosters give equal digests.
    pub fn digest(&self) -> Result<[u8; 32], CodecError> {
        if let Some(d) = self.digest_cache {
            return Ok(d);
        }
        let body = codec::encode("roster", self, MAX_ROSTER_BYTES)?;
        Ok(digest_parts(ROSTER_DIGEST_DOMAIN, &[&body]))
    }

    pub fn member(&self, state: StateCode) -> Option<&Member> {
        self.members.binary_search_by(|m| m.state.cmp(&state)).ok().and_then(|i| self.members.get(i))
    }

    /// The node keys of a party, Secretariat included: the keys this node
    /// pinned for it when it holds a pin ([`Roster::pins`]).
    pub fn node(&self, party: Party) -> Option<&NodeKeys> {
        let signed = match party {
            Party::Secretariat => Some(&self.secretariat),
            Party::State(s) => self.member(s).map(|m| &m.node),
        }?;
        Some(self.pins.get(&party).unwrap_or(signed))
    }

    /// The node keys of a party as the roster lists them, pins aside.
    pub fn listed(&self, party: Party) -> Option<&NodeKeys> {
        match party {
            Party::Secretariat => Some(&self.secretariat),
            Party::State(s) => self.member(s).map(|m| &m.node),
        }
    }

    /// Which party a PeerId belongs to, if any (pins included).
    pub fn party_of_peer(&self, peer_id: &str) -> Option<Party> {
        self.parties().find(|(_, n)| n.peer_id == peer_id).map(|(p, _)| p)
    }

    /// Every party with its node (pins included), Secretariat first.
    pub fn parties(&self) -> impl Iterator<Item = (Party, &NodeKeys)> {
        std::iter::once(Party::Secretariat)
            .chain(self.members.iter().map(|m| Party::State(m.state)))
            .filter_map(|p| self.node(p).map(|n| (p, n)))
    }

    /// Whether the Chair's term is running at `now` (ToR-4).
    pub fn chair_at(&self, now: i64) -> Option<StateCode> {
        self.chair.as_ref().filter(|c| now < c.term_ends_at).map(|c| c.state)
    }

    pub fn validate(&self) -> Result<(), RosterError> {
        if self.format != ROSTER_FORMAT {
            return Err(invalid(
                Reason::new("refusal-roster-format").number("format", self.format).number("supported", ROSTER_FORMAT),
                format!("format {} is not supported (this node reads format {ROSTER_FORMAT})", self.format),
            ));
        }
        if self.members.len() > MAX_MEMBERS {
            return Err(invalid(
                Reason::new("refusal-roster-too-many-members").number("limit", MAX_MEMBERS),
                format!("more than {MAX_MEMBERS} members"),
            ));
        }
        if self.wire_version == 0 {
            return Err(invalid(
                Reason::new("refusal-roster-wire-version-zero"),
                "wire version 0 does not exist (versions start at 1)",
            ));
        }
        if self.roster_key_chain.len() > MAX_ROSTER_KEY_CHAIN {
            return Err(invalid(
                Reason::new("refusal-roster-too-many-key-changes").number("limit", MAX_ROSTER_KEY_CHAIN),
                format!("more than {MAX_ROSTER_KEY_CHAIN} changes of roster key"),
            ));
        }
        // The key that signs rosters: under one of small order anyone could.
        self.signer().check_usable()?;
        self.secretariat.validate(Party::Secretariat)?;
        let mut peers = BTreeSet::new();
        peers.insert(self.secretariat.peer_id.as_str());
        for pair in self.members.windows(2) {
            if let [a, b] = pair {
                if a.state >= b.state {
                    return Err(invalid(
                        Reason::new("refusal-roster-members-unsorted").text("first", a.state).text("second", b.state),
                        format!("members must be sorted and unique by State code ({} then {})", a.state, b.state),
                    ));
                }
            }
        }
        for m in &self.members {
            m.node.validate(Party::State(m.state))?;
            if !peers.insert(m.node.peer_id.as_str()) {
                return Err(invalid(
                    Reason::new("refusal-roster-peer-id-twice").text("state", m.state).text("peer_id", &m.node.peer_id),
                    format!("{}: peer id {} is used twice", m.state, m.node.peer_id),
                ));
            }
            if m.node.keys_since > self.sequence {
                return Err(invalid(
                    Reason::new("refusal-roster-keys-after-sequence")
                        .text("state", m.state)
                        .number("since", m.node.keys_since)
                        .number("sequence", self.sequence),
                    format!(
                        "{}: keys introduced at sequence {} after this roster's {}",
                        m.state, m.node.keys_since, self.sequence
                    ),
                ));
            }
        }
        if let Some(chair) = &self.chair {
            if self.member(chair.state).is_none() {
                return Err(invalid(
                    Reason::new("refusal-roster-chair-not-member").text("state", chair.state),
                    format!("Chair {} is not a member", chair.state),
                ));
            }
        }
        Ok(())
    }

    /// Inserts or replaces a member, keeping the list sorted.
    pub fn upsert(&mut self, member: Member) {
        match self.members.binary_search_by(|m| m.state.cmp(&member.state)) {
            Ok(i) => {
                if let Some(slot) = self.members.get_mut(i) {
                    *slot = member;
                }
            }
            Err(i) => self.members.insert(i, member),
        }
    }

    pub fn remove(&mut self, state: StateCode) -> bool {
        match self.members.binary_search_by(|m| m.state.cmp(&state)) {
            Ok(i) => {
                self.members.remove(i);
                if self.chair.as_ref().is_some_and(|c| c.state == state) {
                    self.chair = None;
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Signs this roster with the roster key.
    pub fn sign(&self, roster_key: &IdentityKeypair) -> Result<SignedRoster, RosterError> {
        self.validate()?;
        if roster_key.public() != self.signer() {
            let (signer, given) = (self.signer().fingerprint(), roster_key.public().fingerprint());
            return Err(invalid(
                Reason::new("refusal-roster-wrong-signer").text("signer", &signer).text("given", &given),
                format!("this roster is signed by the roster key {signer}, not by {given}"),
            ));
        }
        let body = codec::encode("roster", self, MAX_ROSTER_BYTES)?;
        let signature = roster_key.sign(&digest_parts(ROSTER_DOMAIN, &[&body]));
        Ok(SignedRoster { body, signature })
    }
}

/// A roster as the Secretariat signed it: the exact bytes and the signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRoster {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub signature: Signature,
}

impl SignedRoster {
    /// Verifies against the roster key `anchor` this node holds (pinned at
    /// `dief init`, or the one that signed the last roster it accepted) and
    /// decodes. A roster signed by a later roster key is accepted only when
    /// its chain links that key to `anchor`, each change signed by the key
    /// it replaced: a stolen old key cannot sign rosters once replaced, and
    /// the online Secretariat node cannot sign them at all.
    pub fn verify(&self, anchor: &SigningPublicKey) -> Result<Roster, RosterError> {
        let roster: Roster = codec::decode("roster", &self.body, MAX_ROSTER_BYTES)?;
        let signer = roster.signer();
        if signer != *anchor && !chain_links(&roster.roster_key_chain, anchor, &signer) {
            return Err(RosterError::UnlinkedRosterKey { signer: signer.fingerprint(), held: anchor.fingerprint() });
        }
        signer
            .verify(&digest_parts(ROSTER_DOMAIN, &[&self.body]), &self.signature)
            .map_err(|_| RosterError::BadSignature { expected: signer.key_id() })?;
        roster.validate()?;
        Ok(roster)
    }

    /// Verifies the first roster a node imports against the roster-key
    /// fingerprint it pinned: the key with that fingerprint must be this
    /// roster's key or one its chain starts from.
    pub fn verify_pinned(&self, pinned: impl Fn(&SigningPublicKey) -> bool) -> Result<Roster, RosterError> {
        let roster: Roster = codec::decode("roster", &self.body, MAX_ROSTER_BYTES)?;
        let anchor = roster.roster_keys().into_iter().find(|k| pinned(k)).ok_or_else(|| {
            let signer = roster.signer().fingerprint();
            invalid(
                Reason::new("refusal-roster-not-pinned").text("signer", &signer),
                format!(
                    "this roster is signed by roster key {signer}, and neither it nor any earlier roster key is the pinned one"
                ),
            )
        })?;
        self.verify(&anchor)
    }

    /// Verifies and checks that this roster may replace `held`: its sequence
    /// must be higher. Equal sequence with identical bytes is `AlreadyHeld`.
    pub fn accept(
        &self,
        anchor: &SigningPublicKey,
        held: Option<(&Roster, &SignedRoster)>,
    ) -> Result<Roster, RosterError> {
        if let Some((held, held_signed)) = held {
            self.not_held_nor_older(held, held_signed)?;
        }
        let roster = self.verify(anchor)?;
        if let Some((held, _)) = held {
            // The same sequence with other bytes: verified, it is evidence
            // of a split view (DESIGN invariant 16).
            if roster.sequence == held.sequence {
                return Err(RosterError::Conflicting { offered: roster.sequence });
            }
        }
        Ok(roster)
    }

    /// `AlreadyHeld` for the bytes of `held`, `Stale` for an earlier
    /// sequence, checked without the signature: nothing is taken from
    /// either, and a member is sent many of them (every earlier roster
    /// still queued to it when the Secretariat admits States one after
    /// another), each as large as the Forum. A forged earlier roster is
    /// refused as stale rather than as forged.
    pub fn not_held_nor_older(&self, held: &Roster, held_signed: &SignedRoster) -> Result<(), RosterError> {
        if held_signed.body == self.body {
            return Err(RosterError::AlreadyHeld(held.sequence));
        }
        /// The one field read; the others are skipped, not built.
        #[derive(Deserialize)]
        struct SequenceOnly {
            sequence: u64,
        }
        let offered = codec::decode::<SequenceOnly>("roster", &self.body, MAX_ROSTER_BYTES)?.sequence;
        if offered < held.sequence {
            return Err(RosterError::Stale { offered, held: held.sequence });
        }
        Ok(())
    }
}

/// What a State's node sends (out of band, e.g. on a diplomatic channel) to
/// ask the Secretariat for admission. Signed by the node's own identity key
/// to prove it holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub state: StateCode,
    pub status: MemberStatus,
    pub peer_id: String,
    /// The node's transport key, when not its signing key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_key: Option<SigningPublicKey>,
    pub signing_key: SigningPublicKey,
    pub encryption_key: EncryptionPublicKey,
    pub addrs: Vec<String>,
    pub requested_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedJoinRequest {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub signature: Signature,
}

impl JoinRequest {
    pub fn sign(&self, identity: &IdentityKeypair) -> Result<SignedJoinRequest, RosterError> {
        if identity.public() != self.signing_key {
            return Err(join(
                Reason::new("refusal-roster-join-own-key"),
                "must be signed by the requesting node's own key",
            ));
        }
        let body = codec::encode("join request", self, MAX_ROSTER_BYTES)?;
        let signature = identity.sign(&digest_parts(JOIN_DOMAIN, &[&body]));
        Ok(SignedJoinRequest { body, signature })
    }
}

impl SignedJoinRequest {
    /// Decodes, checks the proof of possession and the node keys. Returns
    /// the member entry the Secretariat would add at `sequence`.
    pub fn verify(&self) -> Result<JoinRequest, RosterError> {
        let req: JoinRequest = codec::decode("join request", &self.body, MAX_ROSTER_BYTES)?;
        req.signing_key.verify(&digest_parts(JOIN_DOMAIN, &[&self.body]), &self.signature).map_err(|_| {
            join(
                Reason::new("refusal-roster-join-signature").text("state", req.state),
                format!("{}: signature does not verify", req.state),
            )
        })?;
        let node = NodeKeys {
            peer_id: req.peer_id.clone(),
            signing_key: req.signing_key,
            encryption_key: req.encryption_key,
            addrs: req.addrs.clone(),
            keys_since: 0,
            transport_key: req.transport_key.filter(|t| *t != req.signing_key),
            rotations: Vec::new(),
            recovery: None,
        };
        node.validate(Party::State(req.state))?;
        Ok(req)
    }
}

impl JoinRequest {
    /// The roster entry for this request, keys valid from `sequence` on.
    pub fn to_member(&self, sequence: u64) -> Member {
        Member {
            state: self.state,
            status: self.status,
            node: NodeKeys {
                peer_id: self.peer_id.clone(),
                signing_key: self.signing_key,
                encryption_key: self.encryption_key,
                addrs: self.addrs.clone(),
                keys_since: sequence,
                transport_key: self.transport_key.filter(|t| *t != self.signing_key),
                rotations: Vec::new(),
                recovery: None,
            },
        }
    }
}
