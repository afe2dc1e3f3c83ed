//! Key continuity: a party's [`SignedKeyRotation`] (signed by its previous
//! key and its new one) and how the roster applies it, and the chain of
//! [`SignedRosterKeyChange`]s members follow from the roster key they
//! pinned. The trust these carry is described in the parent module.

use serde::{Deserialize, Serialize};

use super::{
    rotation, Member, MemberStatus, NodeKeys, Roster, RosterError, MAX_ROSTER_BYTES, ROSTER_KEY_DOMAIN, ROTATION_DOMAIN,
};
use crate::codec;
use crate::ids::Party;
use crate::keys::{digest_parts, EncryptionPublicKey, IdentityKeypair, Signature, SigningPublicKey};
use crate::reason::Reason;

/// Whether `chain` leads from roster key `from` to roster key `to`, every
/// link signed by the key it replaces and by the key it introduces.
pub(super) fn chain_links(chain: &[SignedRosterKeyChange], from: &SigningPublicKey, to: &SigningPublicKey) -> bool {
    let mut current = *from;
    for link in chain {
        let Ok(change) = link.verify() else { return false };
        if change.previous == current {
            current = change.key;
        }
    }
    current == *to
}

/// A party's statement that its node's keys change: the new signing and
/// encryption keys, the new PeerId (it follows from the signing key) and
/// addresses. Signed by the previous signing key, which vouches for the
/// change, and by the new one, which proves it is held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRotation {
    pub party: Party,
    pub previous_signing_key: SigningPublicKey,
    pub signing_key: SigningPublicKey,
    pub encryption_key: EncryptionPublicKey,
    /// The node's transport key (its PeerId), which a rotation keeps.
    pub transport_key: SigningPublicKey,
    pub addrs: Vec<String>,
    pub rotated_at: i64,
}

/// A [`KeyRotation`] as signed: the exact bytes and both signatures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedKeyRotation {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub by_previous: Signature,
    pub by_new: Signature,
}

impl KeyRotation {
    /// Signs with the keys being replaced (`previous`) and the new ones.
    pub fn sign(&self, previous: &IdentityKeypair, new: &IdentityKeypair) -> Result<SignedKeyRotation, RosterError> {
        if previous.public() != self.previous_signing_key || new.public() != self.signing_key {
            return Err(rotation(
                Reason::new("refusal-roster-rotation-signers"),
                "signed by the previous and the new signing keys it names",
            ));
        }
        let body = codec::encode("key rotation", self, MAX_ROSTER_BYTES)?;
        let digest = digest_parts(ROTATION_DOMAIN, &[&body]);
        Ok(SignedKeyRotation { by_previous: previous.sign(&digest), by_new: new.sign(&digest), body })
    }
}

impl SignedKeyRotation {
    /// Decodes and checks both signatures, the PeerId and the addresses.
    pub fn verify(&self) -> Result<KeyRotation, RosterError> {
        let r: KeyRotation = codec::decode("key rotation", &self.body, MAX_ROSTER_BYTES)?;
        let digest = digest_parts(ROTATION_DOMAIN, &[&self.body]);
        r.previous_signing_key.verify(&digest, &self.by_previous).map_err(|_| {
            rotation(
                Reason::new("refusal-roster-rotation-not-by-previous").text("party", r.party),
                format!("{}: not signed by its previous signing key", r.party),
            )
        })?;
        r.signing_key.verify(&digest, &self.by_new).map_err(|_| {
            rotation(
                Reason::new("refusal-roster-rotation-not-by-new").text("party", r.party),
                format!("{}: not signed by its new signing key", r.party),
            )
        })?;
        if r.previous_signing_key == r.signing_key {
            return Err(rotation(
                Reason::new("refusal-roster-rotation-same-key").text("party", r.party),
                format!("{}: the new signing key is the previous one", r.party),
            ));
        }
        let node = NodeKeys {
            peer_id: r.transport_key.peer_id(),
            signing_key: r.signing_key,
            encryption_key: r.encryption_key,
            addrs: r.addrs.clone(),
            keys_since: 0,
            transport_key: Some(r.transport_key),
            rotations: Vec::new(),
            recovery: None,
        };
        node.validate(r.party)?;
        Ok(r)
    }
}

impl Roster {
    /// Applies a party's rotation at `sequence`: it must be signed by the
    /// keys this roster lists for the party now.
    pub fn apply_rotation(&mut self, signed: &SignedKeyRotation, sequence: u64) -> Result<Party, RosterError> {
        let r = signed.verify()?;
        let current = self.listed(r.party).ok_or_else(|| {
            rotation(
                Reason::new("refusal-roster-rotation-not-listed").text("party", r.party),
                format!("{} is not on the roster", r.party),
            )
        })?;
        if current.transport() != r.transport_key {
            let (held, offered) = (current.transport().fingerprint(), r.transport_key.fingerprint());
            return Err(rotation(
                Reason::new("refusal-roster-rotation-transport-key")
                    .text("party", r.party)
                    .text("held", &held)
                    .text("offered", &offered),
                format!("{}: a rotation keeps the node's transport key {held}, not {offered}", r.party),
            ));
        }
        if current.signing_key != r.previous_signing_key {
            let (offered, held) = (r.previous_signing_key.fingerprint(), current.signing_key.fingerprint());
            return Err(rotation(
                Reason::new("refusal-roster-rotation-previous-key")
                    .text("party", r.party)
                    .text("offered", &offered)
                    .text("held", &held),
                format!("{} rotates from signing key {offered}, but the roster lists {held}", r.party),
            ));
        }
        let next = current.rotated(&r, signed.clone(), sequence);
        match r.party {
            Party::Secretariat => self.secretariat = next,
            Party::State(state) => {
                let status = self.member(state).map_or(MemberStatus::StateParty, |m| m.status);
                self.upsert(Member { state, status, node: next });
            }
        }
        Ok(r.party)
    }
}

/// A change of the key that signs rosters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterKeyChange {
    pub previous: SigningPublicKey,
    pub key: SigningPublicKey,
    pub changed_at: i64,
}

/// A [`RosterKeyChange`] signed by the key it replaces and the new key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRosterKeyChange {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub by_previous: Signature,
    pub by_new: Signature,
}

impl RosterKeyChange {
    pub(super) fn sign(
        &self,
        previous: &IdentityKeypair,
        new: &IdentityKeypair,
    ) -> Result<SignedRosterKeyChange, RosterError> {
        let body = codec::encode("roster key change", self, MAX_ROSTER_BYTES)?;
        let digest = digest_parts(ROSTER_KEY_DOMAIN, &[&body]);
        Ok(SignedRosterKeyChange { by_previous: previous.sign(&digest), by_new: new.sign(&digest), body })
    }
}

impl SignedRosterKeyChange {
    /// Decodes without checking: for listing keys, never for a decision.
    pub fn decode(&self) -> Result<RosterKeyChange, RosterError> {
        Ok(codec::decode("roster key change", &self.body, MAX_ROSTER_BYTES)?)
    }

    /// Decodes and checks both signatures, and that the new key is one no
    /// one can sign under without its secret.
    pub fn verify(&self) -> Result<RosterKeyChange, RosterError> {
        let c = self.decode()?;
        let digest = digest_parts(ROSTER_KEY_DOMAIN, &[&self.body]);
        c.previous.verify(&digest, &self.by_previous)?;
        // Under a key of small order anyone could sign the next rosters.
        c.key.check_usable()?;
        c.key.verify(&digest, &self.by_new)?;
        Ok(c)
    }
}
