//! Key types: the Ed25519 identity key of a node (which is also its libp2p
//! identity, so a PeerId names a node), X25519 encryption keys for HPKE
//! (RFC 9180), signatures, and the digests and fingerprints derived from them.
//!
//! Private keys live in [`zeroize::Zeroizing`] buffers and never implement
//! `Serialize`: persisting them is the node keystore's job.

use std::fmt;

use hpke::{Deserializable, Kem as _, Serializable};
use ring::signature::{self, KeyPair as _};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::ids::KeyId;

/// The KEM of every HPKE operation in dief: DHKEM(X25519, HKDF-SHA256).
pub(crate) type Kem = hpke::kem::X25519HkdfSha256;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    #[error("the system random number generator failed")]
    Random,
    #[error("{what} is not a valid key")]
    Invalid { what: &'static str },
    #[error("signature does not verify under the key {key}")]
    BadSignature { key: KeyId },
}

/// Fills `buf` from the operating system's CSPRNG.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), KeyError> {
    use ring::rand::SecureRandom;
    ring::rand::SystemRandom::new().fill(buf).map_err(|_| KeyError::Random)
}

/// SHA-256 of `parts`, each prefixed by its length so that no two different
/// part lists hash alike.
pub fn digest_parts(domain: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(&(domain.len() as u64).to_be_bytes());
    ctx.update(domain);
    for p in parts {
        ctx.update(&(p.len() as u64).to_be_bytes());
        ctx.update(p);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// An Ed25519 signature.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature(#[serde(with = "crate::bytes")] pub [u8; 64]);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}..)", hex::encode(&self.0[..8]))
    }
}

/// A node's Ed25519 identity key pair: signs envelopes, receipts, rosters
/// (for the Secretariat) and join requests; also its libp2p identity.
pub struct IdentityKeypair {
    seed: Zeroizing<[u8; 32]>,
    pair: signature::Ed25519KeyPair,
}

impl fmt::Debug for IdentityKeypair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdentityKeypair({})", self.public().key_id())
    }
}

impl IdentityKeypair {
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        random_bytes(seed.as_mut())?;
        Self::from_seed(&seed)
    }

    pub fn from_seed(seed: &[u8; 32]) -> Result<Self, KeyError> {
        let pair = signature::Ed25519KeyPair::from_seed_unchecked(seed)
            .map_err(|_| KeyError::Invalid { what: "Ed25519 seed" })?;
        Ok(Self { seed: Zeroizing::new(*seed), pair })
    }

    /// The secret seed, for the keystore and for deriving the libp2p identity.
    pub fn seed(&self) -> &Zeroizing<[u8; 32]> {
        &self.seed
    }

    pub fn public(&self) -> SigningPublicKey {
        let mut pk = [0u8; 32];
        pk.copy_from_slice(self.pair.public_key().as_ref());
        SigningPublicKey(pk)
    }

    pub fn sign(&self, msg: &[u8]) -> Signature {
        let mut sig = [0u8; 64];
        sig.copy_from_slice(self.pair.sign(msg).as_ref());
        Signature(sig)
    }
}

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SigningPublicKey(#[serde(with = "crate::bytes")] pub [u8; 32]);

impl fmt::Debug for SigningPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningPublicKey({})", self.key_id())
    }
}

impl SigningPublicKey {
    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.0)
    }

    /// Refuses a key that is not a curve point, or is one of small order
    /// (the identity among them): under such a key a signature can verify
    /// for many messages, so what its holder signs proves nothing and it
    /// could later disown it.
    pub fn check_usable(&self) -> Result<(), KeyError> {
        match curve25519_dalek::edwards::CompressedEdwardsY(self.0).decompress() {
            Some(point) if !point.is_small_order() => Ok(()),
            Some(_) => Err(KeyError::Invalid { what: "Ed25519 public key of small order" }),
            None => Err(KeyError::Invalid { what: "Ed25519 public key (not a curve point)" }),
        }
    }

    pub fn verify(&self, msg: &[u8], sig: &Signature) -> Result<(), KeyError> {
        signature::UnparsedPublicKey::new(&signature::ED25519, &self.0)
            .verify(msg, &sig.0)
            .map_err(|_| KeyError::BadSignature { key: self.key_id() })
    }

    /// The full SHA-256 fingerprint, as pinned at `dief init` for the
    /// Secretariat's roster key: 64 hex digits in groups of four.
    pub fn fingerprint(&self) -> String {
        let d = digest_parts(b"dief/fingerprint/v1", &[&self.0]);
        hex::encode(d)
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The libp2p PeerId of a node with this identity key, in its base58
    /// text form: the identity multihash of the protobuf-encoded public key.
    /// Computed here so that the roster can be checked without libp2p; the
    /// node's network module asserts that libp2p agrees.
    pub fn peer_id(&self) -> String {
        // multihash: code 0x00 (identity), length 36; protobuf PublicKey:
        // field 1 KeyType = 1 (Ed25519), field 2 bytes of length 32.
        let mut raw = Vec::with_capacity(38);
        raw.extend_from_slice(&[0x00, 0x24, 0x08, 0x01, 0x12, 0x20]);
        raw.extend_from_slice(&self.0);
        bs58::encode(raw).into_string()
    }
}

/// An X25519 key pair used to receive HPKE-wrapped content keys.
pub struct EncryptionKeypair {
    secret: <Kem as hpke::Kem>::PrivateKey,
    public: EncryptionPublicKey,
}

impl fmt::Debug for EncryptionKeypair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncryptionKeypair({})", self.public.key_id())
    }
}

impl EncryptionKeypair {
    pub fn generate() -> Result<Self, KeyError> {
        let mut ikm = Zeroizing::new([0u8; 32]);
        random_bytes(ikm.as_mut())?;
        let (secret, public) = Kem::derive_keypair(ikm.as_ref());
        Ok(Self::from_parts(secret, public))
    }

    pub fn from_secret_bytes(bytes: &[u8; 32]) -> Result<Self, KeyError> {
        let secret = <Kem as hpke::Kem>::PrivateKey::from_bytes(bytes)
            .map_err(|_| KeyError::Invalid { what: "X25519 private key" })?;
        let public = Kem::sk_to_pk(&secret);
        Ok(Self::from_parts(secret, public))
    }

    fn from_parts(secret: <Kem as hpke::Kem>::PrivateKey, public: <Kem as hpke::Kem>::PublicKey) -> Self {
        let mut pk = [0u8; 32];
        pk.copy_from_slice(&public.to_bytes());
        Self { secret, public: EncryptionPublicKey(pk) }
    }

    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&self.secret.to_bytes());
        out
    }

    pub fn public(&self) -> EncryptionPublicKey {
        self.public
    }

    pub fn key_id(&self) -> KeyId {
        self.public.key_id()
    }

    pub(crate) fn hpke_secret(&self) -> &<Kem as hpke::Kem>::PrivateKey {
        &self.secret
    }

    pub(crate) fn hpke_pair(
        &self,
    ) -> Result<(<Kem as hpke::Kem>::PrivateKey, <Kem as hpke::Kem>::PublicKey), KeyError> {
        Ok((self.secret.clone(), self.public.to_hpke()?))
    }
}

/// An X25519 public key, published in the roster.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EncryptionPublicKey(#[serde(with = "crate::bytes")] pub [u8; 32]);

impl fmt::Debug for EncryptionPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncryptionPublicKey({})", self.key_id())
    }
}

impl EncryptionPublicKey {
    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.0)
    }

    /// Refuses a key of small order: every Diffie-Hellman with it is zero,
    /// which HPKE refuses, so an envelope sealed to its holder and to others
    /// could be sealed to none of them. Multiplied by a clamped scalar (a
    /// multiple of the cofactor, below the group orders) a point gives zero
    /// exactly when its order divides the cofactor.
    pub fn check_usable(&self) -> Result<(), KeyError> {
        let probe = curve25519_dalek::montgomery::MontgomeryPoint(self.0).mul_clamped([0x5a; 32]);
        if probe.0 == [0u8; 32] {
            return Err(KeyError::Invalid { what: "X25519 public key of small order" });
        }
        Ok(())
    }

    pub(crate) fn to_hpke(self) -> Result<<Kem as hpke::Kem>::PublicKey, KeyError> {
        <Kem as hpke::Kem>::PublicKey::from_bytes(&self.0).map_err(|_| KeyError::Invalid { what: "X25519 public key" })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn sign_verify_and_tamper() {
        let k = IdentityKeypair::generate().unwrap();
        let sig = k.sign(b"hello");
        k.public().verify(b"hello", &sig).unwrap();
        assert!(k.public().verify(b"hellp", &sig).is_err());
        let other = IdentityKeypair::generate().unwrap();
        assert!(other.public().verify(b"hello", &sig).is_err());
    }

    #[test]
    fn seeds_and_secrets_round_trip() {
        let k = IdentityKeypair::generate().unwrap();
        let k2 = IdentityKeypair::from_seed(k.seed()).unwrap();
        assert_eq!(k.public(), k2.public());
        let e = EncryptionKeypair::generate().unwrap();
        let e2 = EncryptionKeypair::from_secret_bytes(&e.secret_bytes()).unwrap();
        assert_eq!(e.public(), e2.public());
    }

    /// Generated keys pass; the points of small order a hostile node could
    /// register instead (the identity, the all-zero key), and bytes that
    /// are no point, do not.
    #[test]
    fn keys_of_small_order_are_refused() {
        for _ in 0..32 {
            IdentityKeypair::generate().unwrap().public().check_usable().unwrap();
            EncryptionKeypair::generate().unwrap().public().check_usable().unwrap();
        }
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(SigningPublicKey(identity).check_usable().is_err(), "the identity point");
        let mut minus_identity = [0u8; 32];
        minus_identity[0] = 0xec;
        minus_identity[1..31].fill(0xff);
        minus_identity[31] = 0x7f;
        assert!(SigningPublicKey(minus_identity).check_usable().is_err(), "y = -1, of order 2");
        let mut not_a_point = [0u8; 32];
        not_a_point[0] = 2;
        assert!(SigningPublicKey(not_a_point).check_usable().is_err(), "y = 2 is no curve point");
        assert!(EncryptionPublicKey([0u8; 32]).check_usable().is_err(), "u = 0");
        assert!(EncryptionPublicKey(identity).check_usable().is_err(), "u = 1");
    }

    #[test]
    fn peer_id_has_libp2p_shape() {
        let k = IdentityKeypair::generate().unwrap();
        let id = k.public().peer_id();
        assert!(id.starts_with("12D3KooW"), "{id}");
        assert_eq!(k.public().fingerprint().len(), 64 + 15);
    }
}
