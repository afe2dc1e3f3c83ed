//! The keyring file: the data key wrapped under a key derived from the
//! operator's passphrase (Argon2id) or a key file, written atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::core::store::types::*;

/// How the key-encryption key is derived; recorded in the keyring so the
/// parameters can change for new stores without breaking old ones.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub(super) enum KekParams {
    #[serde(rename = "argon2id")]
    Argon2id {
        m_cost_kib: u32,
        t_cost: u32,
        p_cost: u32,
        #[serde(with = "serde_bytes")]
        salt: Vec<u8>,
    },
    #[serde(rename = "keyfile-hkdf-sha256")]
    KeyFileHkdf {
        #[serde(with = "serde_bytes")]
        salt: Vec<u8>,
    },
}

impl KekParams {
    pub(super) fn mode_name(&self) -> &'static str {
        match self {
            KekParams::Argon2id { .. } => "passphrase",
            KekParams::KeyFileHkdf { .. } => "key file",
        }
    }

    pub(super) fn wrap_aad(&self) -> Vec<u8> {
        let mut aad = KEYRING_AAD_PREFIX.to_vec();
        aad.extend_from_slice(self.mode_name().as_bytes());
        aad
    }
}

#[derive(Serialize, Deserialize, Debug)]
pub(super) struct KeyringFile {
    pub(super) format: u32,
    pub(super) kek: KekParams,
    #[serde(with = "serde_bytes")]
    pub(super) nonce: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub(super) wrapped_key: Vec<u8>,
}

pub(super) fn keyring_path(dir: &Path) -> PathBuf {
    dir.join(KEYRING_FILE)
}

pub(super) fn random_bytes<const N: usize>(rng: &SystemRandom) -> Result<[u8; N], StoreError> {
    let mut b = [0u8; N];
    rng.fill(&mut b).map_err(|_| StoreError::Crypto("no randomness available".into()))?;
    Ok(b)
}

/// Reads a key file: exactly 32 bytes raw, or 64 hex chars with an optional
/// trailing newline.
pub(super) fn read_key_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let err = |reason: String| StoreError::KeyFile { path: path.to_path_buf(), reason };
    let bytes = Zeroizing::new(fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            err("missing (no such file)".into())
        } else {
            err(format!("unreadable: {e}"))
        }
    })?);
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() == 32 {
        key.copy_from_slice(&bytes);
        return Ok(key);
    }
    let mut text: &[u8] = &bytes;
    if let Some(t) = text.strip_suffix(b"\n") {
        text = t.strip_suffix(b"\r").unwrap_or(t);
    }
    if text.len() == 64 {
        hex::decode_to_slice(text, &mut key[..]).map_err(|_| err("64 characters but not valid hex".into()))?;
        return Ok(key);
    }
    Err(err(format!("wrong length: {} bytes; expected exactly 32 raw bytes or 64 hex characters", bytes.len())))
}

/// Derives the key-encryption key.
pub(super) fn derive_kek(params: &KekParams, unlock: &Unlock) -> Result<LessSafeKey, StoreError> {
    match (params, unlock) {
        (KekParams::Argon2id { m_cost_kib, t_cost, p_cost, salt }, Unlock::Passphrase(pass)) => {
            let argon_params = argon2::Params::new(*m_cost_kib, *t_cost, *p_cost, Some(32))
                .map_err(|e| StoreError::Crypto(format!("argon2 parameters: {e}")))?;
            let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, argon_params);
            let mut kek = Zeroizing::new([0u8; 32]);
            argon
                .hash_password_into(pass.as_bytes(), salt, &mut kek[..])
                .map_err(|e| StoreError::Crypto(format!("argon2: {e}")))?;
            let unbound =
                UnboundKey::new(&AES_256_GCM, &kek[..]).map_err(|_| StoreError::Crypto("invalid KEK".into()))?;
            Ok(LessSafeKey::new(unbound))
        }
        (KekParams::KeyFileHkdf { salt }, Unlock::KeyFile(path)) => {
            let ikm = read_key_file(path)?;
            let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, salt).extract(&ikm[..]);
            let okm =
                prk.expand(&[KEYFILE_HKDF_INFO], &AES_256_GCM).map_err(|_| StoreError::Crypto("hkdf expand".into()))?;
            Ok(LessSafeKey::new(UnboundKey::from(okm)))
        }
        (params, unlock) => {
            Err(StoreError::WrongUnlockMode { expected: params.mode_name(), given: unlock.mode_name() })
        }
    }
}

/// Creates a new keyring for `data_key` and writes it atomically.
pub(super) fn write_new_keyring(
    dir: &Path,
    unlock: &Unlock,
    data_key: &[u8; 32],
    rng: &SystemRandom,
) -> Result<(), StoreError> {
    let salt = random_bytes::<SALT_LEN>(rng)?.to_vec();
    let params = match unlock {
        Unlock::Passphrase(_) => {
            KekParams::Argon2id { m_cost_kib: ARGON2_M_COST_KIB, t_cost: ARGON2_T_COST, p_cost: ARGON2_P_COST, salt }
        }
        Unlock::KeyFile(_) => KekParams::KeyFileHkdf { salt },
    };
    let kek = derive_kek(&params, unlock)?;
    let nonce = random_bytes::<NONCE_LEN>(rng)?;
    let mut wrapped = data_key.to_vec();
    kek.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(params.wrap_aad()), &mut wrapped)
        .map_err(|_| StoreError::Crypto("wrapping the data key".into()))?;
    let file = KeyringFile { format: KEYRING_FORMAT, kek: params, nonce: nonce.to_vec(), wrapped_key: wrapped };
    let mut bytes = Vec::new();
    ciborium::into_writer(&file, &mut bytes)
        .map_err(|e| StoreError::Keyring { path: keyring_path(dir), reason: format!("encoding: {e}") })?;
    write_atomic(dir, KEYRING_FILE, &bytes)
}

/// Reads the keyring and unwraps the data key. Touches nothing on disk.
pub(super) fn unwrap_data_key(dir: &Path, unlock: &Unlock) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let path = keyring_path(dir);
    let bad = |reason: String| StoreError::Keyring { path: path.clone(), reason };
    let bytes = fs::read(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            StoreError::NotFound { dir: dir.to_path_buf() }
        } else {
            bad(format!("unreadable: {e}"))
        }
    })?;
    unwrap_keyring_bytes(&path, &bytes, unlock)
}

/// Unwraps the data key from keyring bytes read elsewhere (a backup file
/// carries its store's keyring as it was); `path` names them in errors.
pub(super) fn unwrap_keyring_bytes(
    path: &Path,
    bytes: &[u8],
    unlock: &Unlock,
) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let bad = |reason: String| StoreError::Keyring { path: path.to_path_buf(), reason };
    let file: KeyringFile = ciborium::from_reader(bytes).map_err(|e| bad(format!("malformed: {e}")))?;
    if file.format != KEYRING_FORMAT {
        return Err(StoreError::UnsupportedVersion { found: file.format, supported: KEYRING_FORMAT });
    }
    match &file.kek {
        KekParams::Argon2id { m_cost_kib, t_cost, p_cost, salt } => {
            if *m_cost_kib > ARGON2_MAX_M_COST_KIB
                || *t_cost > ARGON2_MAX_T_COST
                || *p_cost > ARGON2_MAX_P_COST
                || salt.len() < 8
            {
                return Err(bad("unreasonable Argon2id parameters".into()));
            }
        }
        KekParams::KeyFileHkdf { .. } => {}
    }
    let nonce = Nonce::try_assume_unique_for_key(&file.nonce).map_err(|_| bad("bad nonce length".into()))?;
    if file.wrapped_key.len() != 32 + TAG_LEN {
        return Err(bad("bad wrapped key length".into()));
    }
    let kek = derive_kek(&file.kek, unlock)?;
    let mut buf = Zeroizing::new(file.wrapped_key.clone());
    let plain =
        kek.open_in_place(nonce, Aad::from(file.kek.wrap_aad()), &mut buf[..]).map_err(|_| StoreError::WrongKey)?;
    let mut key = Zeroizing::new([0u8; 32]);
    if plain.len() != 32 {
        return Err(bad("bad data key length".into()));
    }
    key.copy_from_slice(plain);
    Ok(key)
}

/// Writes `dir/name` atomically: temp file, fsync, rename, fsync directory.
pub(super) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
    let tmp = dir.join(format!("{name}.tmp"));
    let dst = dir.join(name);
    {
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, &dst)?;
    sync_dir(dir)
}

pub(super) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

pub(super) fn create_dir_private(dir: &Path) -> Result<(), StoreError> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)?;
    Ok(())
}
