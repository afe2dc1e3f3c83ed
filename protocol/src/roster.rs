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

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::codec::{self, CodecError, MAX_ROSTER_BYTES};
use crate::ids::{KeyId, Party, StateCode};
use crate::keys::{digest_parts, EncryptionPublicKey, IdentityKeypair, KeyError, Signature, SigningPublicKey};

pub const ROSTER_FORMAT: u16 = 1;
const ROSTER_DOMAIN: &[u8] = b"dief/roster/v1";
const ROSTER_DIGEST_DOMAIN: &[u8] = b"dief/roster-digest/v1";
const JOIN_DOMAIN: &[u8] = b"dief/join-request/v1";
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
    /// libp2p PeerId (base58); must equal `signing_key.peer_id()`.
    pub peer_id: String,
    pub signing_key: SigningPublicKey,
    pub encryption_key: EncryptionPublicKey,
    /// Multiaddrs at which the node listens.
    pub addrs: Vec<String>,
    /// Roster sequence number at which these keys were first published. An
    /// envelope stamped with an older roster cannot have been signed with
    /// them: it is stale.
    pub keys_since: u64,
}

impl NodeKeys {
    pub fn signing_key_id(&self) -> KeyId {
        self.signing_key.key_id()
    }
    pub fn encryption_key_id(&self) -> KeyId {
        self.encryption_key.key_id()
    }

    fn validate(&self, who: Party) -> Result<(), RosterError> {
        if self.peer_id != self.signing_key.peer_id() {
            return Err(RosterError::Invalid(format!(
                "{who}: peer id {} does not match its signing key",
                self.peer_id
            )));
        }
        if self.addrs.len() > MAX_ADDRS || self.addrs.iter().any(|a| a.is_empty() || a.len() > MAX_ADDR_LEN) {
            return Err(RosterError::Invalid(format!(
                "{who}: at most {MAX_ADDRS} non-empty addresses of at most {MAX_ADDR_LEN} bytes"
            )));
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    #[error("invalid roster: {0}")]
    Invalid(String),
    #[error("join request: {0}")]
    Join(String),
    #[error(transparent)]
    Key(#[from] KeyError),
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
        }
    }

    /// SHA-256 of this roster's encoding: what a version-2 envelope header
    /// names, so that two members holding different rosters of one sequence
    /// find out. Members decode and re-encode with the same field list, so
    /// equal rosters give equal digests.
    pub fn digest(&self) -> Result<[u8; 32], CodecError> {
        let body = codec::encode("roster", self, MAX_ROSTER_BYTES)?;
        Ok(digest_parts(ROSTER_DIGEST_DOMAIN, &[&body]))
    }

    pub fn member(&self, state: StateCode) -> Option<&Member> {
        self.members.binary_search_by(|m| m.state.cmp(&state)).ok().and_then(|i| self.members.get(i))
    }

    /// The node keys of a party, Secretariat included.
    pub fn node(&self, party: Party) -> Option<&NodeKeys> {
        match party {
            Party::Secretariat => Some(&self.secretariat),
            Party::State(s) => self.member(s).map(|m| &m.node),
        }
    }

    /// Which party a PeerId belongs to, if any.
    pub fn party_of_peer(&self, peer_id: &str) -> Option<Party> {
        if self.secretariat.peer_id == peer_id {
            return Some(Party::Secretariat);
        }
        self.members.iter().find(|m| m.node.peer_id == peer_id).map(|m| Party::State(m.state))
    }

    /// Every party with its node, Secretariat first.
    pub fn parties(&self) -> impl Iterator<Item = (Party, &NodeKeys)> {
        std::iter::once((Party::Secretariat, &self.secretariat))
            .chain(self.members.iter().map(|m| (Party::State(m.state), &m.node)))
    }

    /// Whether the Chair's term is running at `now` (ToR-4).
    pub fn chair_at(&self, now: i64) -> Option<StateCode> {
        self.chair.as_ref().filter(|c| now < c.term_ends_at).map(|c| c.state)
    }

    pub fn validate(&self) -> Result<(), RosterError> {
        if self.format != ROSTER_FORMAT {
            return Err(RosterError::Invalid(format!(
                "format {} is not supported (this node reads format {ROSTER_FORMAT})",
                self.format
            )));
        }
        if self.members.len() > MAX_MEMBERS {
            return Err(RosterError::Invalid(format!("more than {MAX_MEMBERS} members")));
        }
        if self.wire_version == 0 {
            return Err(RosterError::Invalid("wire version 0 does not exist (versions start at 1)".into()));
        }
        self.secretariat.validate(Party::Secretariat)?;
        let mut peers = BTreeSet::new();
        peers.insert(self.secretariat.peer_id.as_str());
        for pair in self.members.windows(2) {
            if let [a, b] = pair {
                if a.state >= b.state {
                    return Err(RosterError::Invalid(format!(
                        "members must be sorted and unique by State code ({} then {})",
                        a.state, b.state
                    )));
                }
            }
        }
        for m in &self.members {
            m.node.validate(Party::State(m.state))?;
            if !peers.insert(m.node.peer_id.as_str()) {
                return Err(RosterError::Invalid(format!("{}: peer id {} is used twice", m.state, m.node.peer_id)));
            }
            if m.node.keys_since > self.sequence {
                return Err(RosterError::Invalid(format!(
                    "{}: keys introduced at sequence {} after this roster's {}",
                    m.state, m.node.keys_since, self.sequence
                )));
            }
        }
        if let Some(chair) = &self.chair {
            if self.member(chair.state).is_none() {
                return Err(RosterError::Invalid(format!("Chair {} is not a member", chair.state)));
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

    /// Signs this roster with the Secretariat's roster key.
    pub fn sign(&self, roster_key: &IdentityKeypair) -> Result<SignedRoster, RosterError> {
        self.validate()?;
        if roster_key.public() != self.secretariat.signing_key {
            return Err(RosterError::Invalid("the roster must be signed by the Secretariat's own key".into()));
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
    /// Verifies against the pinned roster key and decodes.
    pub fn verify(&self, anchor: &SigningPublicKey) -> Result<Roster, RosterError> {
        anchor
            .verify(&digest_parts(ROSTER_DOMAIN, &[&self.body]), &self.signature)
            .map_err(|_| RosterError::BadSignature { expected: anchor.key_id() })?;
        let roster: Roster = codec::decode("roster", &self.body, MAX_ROSTER_BYTES)?;
        if roster.secretariat.signing_key != *anchor {
            return Err(RosterError::Invalid("the roster names a Secretariat key other than the pinned one".into()));
        }
        roster.validate()?;
        Ok(roster)
    }

    /// Verifies and checks that this roster may replace `held`: its sequence
    /// must be higher. Equal sequence with identical bytes is `AlreadyHeld`.
    pub fn accept(
        &self,
        anchor: &SigningPublicKey,
        held: Option<(&Roster, &SignedRoster)>,
    ) -> Result<Roster, RosterError> {
        let roster = self.verify(anchor)?;
        if let Some((held, held_signed)) = held {
            if roster.sequence < held.sequence {
                return Err(RosterError::Stale { offered: roster.sequence, held: held.sequence });
            }
            if roster.sequence == held.sequence {
                return Err(if held_signed.body == self.body {
                    RosterError::AlreadyHeld(roster.sequence)
                } else {
                    RosterError::Conflicting { offered: roster.sequence }
                });
            }
        }
        Ok(roster)
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
            return Err(RosterError::Join("must be signed by the requesting node's own key".into()));
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
        req.signing_key
            .verify(&digest_parts(JOIN_DOMAIN, &[&self.body]), &self.signature)
            .map_err(|_| RosterError::Join(format!("{}: signature does not verify", req.state)))?;
        let node = NodeKeys {
            peer_id: req.peer_id.clone(),
            signing_key: req.signing_key,
            encryption_key: req.encryption_key,
            addrs: req.addrs.clone(),
            keys_since: 0,
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
            },
        }
    }
}
