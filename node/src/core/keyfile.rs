//! The roster key kept offline: a file holding its seed sealed under a key
//! derived from a passphrase (Argon2id, 64 MiB, 3 passes), for
//! `dief roster keygen` and `dief roster sign` on a machine with no network.
//! The public key and its fingerprint are in the clear, so an operator can
//! check which key a file holds without the passphrase; they are also the
//! associated data of the seal, so swapping them is detected.

use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec;
use dief_protocol::keys::{random_bytes, SigningPublicKey};
use dief_protocol::IdentityKeypair;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub const KEY_FILE_LABEL: &str = "DIEF ROSTER KEY";
const FORMAT: u16 = 1;
const M_COST_KIB: u32 = 64 * 1024;
const T_COST: u32 = 3;
const AAD_DOMAIN: &[u8] = b"dief/roster-key-file/v1";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyFileError {
    #[error("not a roster key file: {0}")]
    Format(String),
    #[error("wrong passphrase, or the roster key file was altered")]
    Unlock,
    #[error("a roster key file needs a passphrase of at least 12 characters")]
    WeakPassphrase,
    #[error("{0}")]
    Crypto(String),
}

#[derive(Serialize, Deserialize)]
struct KeyFile {
    format: u16,
    public_key: SigningPublicKey,
    m_cost_kib: u32,
    t_cost: u32,
    #[serde(with = "serde_bytes")]
    salt: Vec<u8>,
    #[serde(with = "serde_bytes")]
    nonce: Vec<u8>,
    #[serde(with = "serde_bytes")]
    sealed_seed: Vec<u8>,
}

fn kek(passphrase: &str, salt: &[u8], m_cost_kib: u32, t_cost: u32) -> Result<LessSafeKey, KeyFileError> {
    let params =
        argon2::Params::new(m_cost_kib, t_cost, 1, Some(32)).map_err(|e| KeyFileError::Crypto(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| KeyFileError::Crypto(e.to_string()))?;
    let unbound = UnboundKey::new(&AES_256_GCM, key.as_ref()).map_err(|_| KeyFileError::Crypto("AES key".into()))?;
    Ok(LessSafeKey::new(unbound))
}

fn aad(public_key: &SigningPublicKey) -> Vec<u8> {
    let mut a = AAD_DOMAIN.to_vec();
    a.extend_from_slice(&public_key.0);
    a
}

/// A new roster key, as the text of its file sealed under `passphrase`.
pub fn generate(passphrase: &str) -> Result<(IdentityKeypair, String), KeyFileError> {
    if passphrase.chars().count() < 12 {
        return Err(KeyFileError::WeakPassphrase);
    }
    let key = IdentityKeypair::generate().map_err(|e| KeyFileError::Crypto(e.to_string()))?;
    let text = seal(&key, passphrase)?;
    Ok((key, text))
}

/// The text of a roster key file holding `key`.
pub fn seal(key: &IdentityKeypair, passphrase: &str) -> Result<String, KeyFileError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    random_bytes(&mut salt).map_err(|e| KeyFileError::Crypto(e.to_string()))?;
    random_bytes(&mut nonce).map_err(|e| KeyFileError::Crypto(e.to_string()))?;
    let mut sealed = key.seed().to_vec();
    kek(passphrase, &salt, M_COST_KIB, T_COST)?
        .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad(&key.public())), &mut sealed)
        .map_err(|_| KeyFileError::Crypto("sealing the key".into()))?;
    let file = KeyFile {
        format: FORMAT,
        public_key: key.public(),
        m_cost_kib: M_COST_KIB,
        t_cost: T_COST,
        salt: salt.to_vec(),
        nonce: nonce.to_vec(),
        sealed_seed: sealed,
    };
    let bytes = codec::encode("roster key file", &file, 4096).map_err(|e| KeyFileError::Format(e.to_string()))?;
    Ok(armor(KEY_FILE_LABEL, &bytes))
}

fn decode(text: &str) -> Result<KeyFile, KeyFileError> {
    let bytes = dearmor(KEY_FILE_LABEL, text).map_err(|e| KeyFileError::Format(e.to_string()))?;
    let file: KeyFile =
        codec::decode("roster key file", &bytes, 4096).map_err(|e| KeyFileError::Format(e.to_string()))?;
    if file.format != FORMAT {
        return Err(KeyFileError::Format(format!("format {} (this build reads {FORMAT})", file.format)));
    }
    // Bounds an attacker-supplied file's cost to open.
    if file.m_cost_kib > 1024 * 1024 || file.t_cost > 16 {
        return Err(KeyFileError::Format("key derivation parameters out of range".into()));
    }
    Ok(file)
}

/// The public key a file holds, without its passphrase.
pub fn public_key(text: &str) -> Result<SigningPublicKey, KeyFileError> {
    Ok(decode(text)?.public_key)
}

/// Opens a roster key file.
pub fn open(text: &str, passphrase: &str) -> Result<IdentityKeypair, KeyFileError> {
    let file = decode(text)?;
    let nonce = Nonce::try_assume_unique_for_key(&file.nonce).map_err(|_| KeyFileError::Format("nonce".into()))?;
    let mut sealed = Zeroizing::new(file.sealed_seed.clone());
    let seed = kek(passphrase, &file.salt, file.m_cost_kib, file.t_cost)?
        .open_in_place(nonce, Aad::from(aad(&file.public_key)), &mut sealed)
        .map_err(|_| KeyFileError::Unlock)?;
    let seed: [u8; 32] = seed.try_into().map_err(|_| KeyFileError::Format("seed length".into()))?;
    let key = IdentityKeypair::from_seed(&Zeroizing::new(seed)).map_err(|e| KeyFileError::Crypto(e.to_string()))?;
    if key.public() != file.public_key {
        return Err(KeyFileError::Unlock);
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_key_file_opens_with_its_passphrase_only() {
        let (key, text) = generate("correct horse battery staple").unwrap();
        assert_eq!(public_key(&text).unwrap(), key.public());
        assert_eq!(open(&text, "correct horse battery staple").unwrap().public(), key.public());
        assert!(matches!(open(&text, "wrong horse battery staple"), Err(KeyFileError::Unlock)));
        assert!(matches!(generate("short"), Err(KeyFileError::WeakPassphrase)));
        // The seed is not in the file in the clear.
        let bytes = dearmor(KEY_FILE_LABEL, &text).unwrap();
        assert!(!bytes.windows(32).any(|w| w == key.seed().as_ref()));
        // Another public key in the clear part is detected.
        let mut file: KeyFile = codec::decode("f", &bytes, 4096).unwrap();
        file.public_key = IdentityKeypair::generate().unwrap().public();
        let swapped = armor(KEY_FILE_LABEL, &codec::encode("f", &file, 4096).unwrap());
        assert!(matches!(open(&swapped, "correct horse battery staple"), Err(KeyFileError::Unlock)));
        assert!(matches!(open("garbage", "x"), Err(KeyFileError::Format(_))));
    }
}
