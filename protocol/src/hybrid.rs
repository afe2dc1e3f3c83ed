//! The hybrid encryption the envelope and sealed text share: a random
//! content key seals the body once with AES-256-GCM (nonce ‖ ciphertext ‖
//! tag), and HPKE in Auth mode wraps that key for each recipient, binding
//! it to the sender's key. Callers choose the HPKE info and the associated
//! data; a failure is a short label they turn into their own error.

use hpke::{Deserializable, Serializable};
use ring::aead;
use zeroize::Zeroizing;

use crate::keys::{random_bytes, EncryptionKeypair, EncryptionPublicKey, Kem, KeyError};

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// What sealing adds to a body: the nonce and the tag.
pub(crate) const OVERHEAD: usize = NONCE_LEN + TAG_LEN;

type HpkeAead = hpke::aead::ChaCha20Poly1305;
type HpkeKdf = hpke::kdf::HkdfSha256;

#[derive(Debug)]
pub(crate) enum HybridError {
    Key(KeyError),
    /// What failed, e.g. "wrapped content key"; never key material.
    Crypto(&'static str),
}

impl From<KeyError> for HybridError {
    fn from(e: KeyError) -> Self {
        HybridError::Key(e)
    }
}

/// A fresh content key.
pub(crate) fn content_key() -> Result<Zeroizing<[u8; 32]>, HybridError> {
    let mut key = Zeroizing::new([0u8; 32]);
    random_bytes(key.as_mut())?;
    Ok(key)
}

fn aead_key(key: &[u8; 32]) -> Result<aead::LessSafeKey, HybridError> {
    aead::UnboundKey::new(&aead::AES_256_GCM, key)
        .map(aead::LessSafeKey::new)
        .map_err(|_| HybridError::Crypto("content key"))
}

/// Seals `plain` under `key`: a random nonce followed by the ciphertext
/// and its tag. `what` names the body in a failure.
pub(crate) fn seal_body(
    key: &[u8; 32],
    aad: &[u8],
    mut plain: Vec<u8>,
    what: &'static str,
) -> Result<Vec<u8>, HybridError> {
    let mut nonce = [0u8; NONCE_LEN];
    random_bytes(&mut nonce)?;
    aead_key(key)?
        .seal_in_place_append_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::from(aad), &mut plain)
        .map_err(|_| HybridError::Crypto(what))?;
    let mut out = Vec::with_capacity(NONCE_LEN + plain.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&plain);
    Ok(out)
}

/// Opens what [`seal_body`] made. `what` names the body in a failure.
pub(crate) fn open_body(
    key: &[u8; 32],
    aad: &[u8],
    sealed: &[u8],
    what: &'static str,
) -> Result<Zeroizing<Vec<u8>>, HybridError> {
    if sealed.len() < OVERHEAD {
        return Err(HybridError::Crypto("ciphertext too short"));
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce = aead::Nonce::try_assume_unique_for_key(nonce).map_err(|_| HybridError::Crypto("nonce"))?;
    let mut body = Zeroizing::new(body.to_vec());
    let len = aead_key(key)?
        .open_in_place(nonce, aead::Aad::from(aad), &mut body)
        .map_err(|_| HybridError::Crypto(what))?
        .len();
    body.truncate(len);
    Ok(body)
}

/// Wraps `key` for `to`, from `sender`: the encapsulated key and the
/// wrapped key.
pub(crate) fn wrap_key(
    sender: &EncryptionKeypair,
    to: &EncryptionPublicKey,
    info: &[u8],
    key: &[u8; 32],
    aad: &[u8],
) -> Result<([u8; 32], Vec<u8>), HybridError> {
    let mode = hpke::OpModeS::<Kem>::Auth(sender.hpke_pair()?);
    let mut rng = PrefilledRng::new()?;
    let (encapped, wrapped) =
        hpke::single_shot_seal::<HpkeAead, HpkeKdf, Kem, _>(&mode, &to.to_hpke()?, info, key, aad, &mut rng)
            .map_err(|_| HybridError::Crypto("wrapping the content key"))?;
    if rng.exhausted {
        return Err(HybridError::Crypto("HPKE needed more randomness than prepared"));
    }
    let mut enc = [0u8; 32];
    enc.copy_from_slice(&encapped.to_bytes());
    Ok((enc, wrapped))
}

/// Unwraps a content key wrapped for `mine` by the holder of `sender`.
pub(crate) fn unwrap_key(
    sender: &EncryptionPublicKey,
    mine: &EncryptionKeypair,
    info: &[u8],
    encapped: &[u8; 32],
    wrapped: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<[u8; 32]>, HybridError> {
    let encapped =
        <Kem as hpke::Kem>::EncappedKey::from_bytes(encapped).map_err(|_| HybridError::Crypto("encapsulated key"))?;
    let key = Zeroizing::new(
        hpke::single_shot_open::<HpkeAead, HpkeKdf, Kem>(
            &hpke::OpModeR::Auth(sender.to_hpke()?),
            mine.hpke_secret(),
            &encapped,
            info,
            wrapped,
            aad,
        )
        .map_err(|_| HybridError::Crypto("wrapped content key"))?,
    );
    let key: [u8; 32] = key.as_slice().try_into().map_err(|_| HybridError::Crypto("content key length"))?;
    Ok(Zeroizing::new(key))
}

/// Randomness for one HPKE encapsulation, drawn from the OS before the
/// call so that a failing OS generator is an error, not a panic inside
/// `RngCore::fill_bytes`. One X25519 encapsulation needs 32 bytes.
struct PrefilledRng {
    buf: Zeroizing<[u8; 64]>,
    pos: usize,
    exhausted: bool,
}

impl PrefilledRng {
    fn new() -> Result<Self, HybridError> {
        let mut buf = Zeroizing::new([0u8; 64]);
        random_bytes(buf.as_mut())?;
        Ok(Self { buf, pos: 0, exhausted: false })
    }
}

impl hpke::rand_core::RngCore for PrefilledRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        let end = self.pos.saturating_add(dst.len());
        match self.buf.get(self.pos..end) {
            Some(src) => {
                dst.copy_from_slice(src);
                self.pos = end;
            }
            None => self.exhausted = true,
        }
    }
}

impl hpke::rand_core::CryptoRng for PrefilledRng {}
