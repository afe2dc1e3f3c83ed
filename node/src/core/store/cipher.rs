//! Sealing every value with AES-256-GCM under the node's data key, bound
//! to its column family and key (a value cannot be moved or swapped).

use std::fmt;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

use crate::core::store::types::*;

/// The data key, ready to seal and open values.
pub(super) struct Cipher {
    pub(super) key: LessSafeKey,
    pub(super) rng: SystemRandom,
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher(<redacted>)")
    }
}

pub(super) fn value_aad(cf: Cf, key: &[u8]) -> Vec<u8> {
    let name = cf.name().as_bytes();
    let mut aad = Vec::with_capacity(VALUE_AAD_PREFIX.len() + name.len() + 1 + key.len());
    aad.extend_from_slice(VALUE_AAD_PREFIX);
    aad.extend_from_slice(name);
    aad.push(0);
    aad.extend_from_slice(key);
    aad
}

impl Cipher {
    pub(super) fn new(data_key: &[u8; 32]) -> Result<Cipher, StoreError> {
        let unbound =
            UnboundKey::new(&AES_256_GCM, data_key).map_err(|_| StoreError::Crypto("invalid data key".into()))?;
        Ok(Cipher { key: LessSafeKey::new(unbound), rng: SystemRandom::new() })
    }

    /// Seals `value` for `(cf, key)`. The plaintext is only ever copied into
    /// the output buffer, where it is encrypted in place.
    pub(super) fn seal(&self, cf: Cf, key: &[u8], value: &[u8]) -> Result<Vec<u8>, StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng.fill(&mut nonce).map_err(|_| StoreError::Crypto("no randomness for a nonce".into()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + value.len() + TAG_LEN);
        out.push(VALUE_FORMAT_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(value);
        let tag = self
            .key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(value_aad(cf, key)),
                &mut out[1 + NONCE_LEN..],
            )
            .map_err(|_| StoreError::Crypto("value too large to seal".into()))?;
        out.extend_from_slice(tag.as_ref());
        Ok(out)
    }

    pub(super) fn open(&self, cf: Cf, key: &[u8], sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        let corrupt =
            |reason: &str| StoreError::Corrupt { cf: cf.name(), key_hex: hex::encode(key), reason: reason.to_string() };
        let Some((&version, rest)) = sealed.split_first() else {
            return Err(corrupt("empty value"));
        };
        if version != VALUE_FORMAT_V1 {
            return Err(StoreError::UnsupportedVersion {
                found: u32::from(version),
                supported: u32::from(VALUE_FORMAT_V1),
            });
        }
        if rest.len() < NONCE_LEN + TAG_LEN {
            return Err(corrupt("value too short"));
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| corrupt("bad nonce"))?;
        let mut buf = ciphertext.to_vec();
        let len = self
            .key
            .open_in_place(nonce, Aad::from(value_aad(cf, key)), &mut buf)
            .map_err(|_| corrupt("authentication failed (tampered or moved value)"))?
            .len();
        buf.truncate(len);
        Ok(buf)
    }
}
