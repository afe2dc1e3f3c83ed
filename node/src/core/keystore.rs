//! The node's own private keys: the Ed25519 identity (also its libp2p
//! identity) and the X25519 encryption key. They are kept only inside the
//! encrypted store, never in a file of their own.

use dief_protocol::keys::{EncryptionKeypair, IdentityKeypair, KeyError};
use zeroize::Zeroizing;

use crate::core::store::{Cf, Store, StoreError};

const IDENTITY: &[u8] = b"identity/ed25519-seed";
const ENCRYPTION: &[u8] = b"encryption/x25519-secret";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeystoreError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("the store holds no {0} key: was it initialised with `dief init`?")]
    Missing(&'static str),
    #[error("the stored {0} key is corrupt")]
    Corrupt(&'static str),
}

#[derive(Debug)]
pub struct Keys {
    pub identity: IdentityKeypair,
    pub encryption: EncryptionKeypair,
}

impl Keys {
    /// Generates fresh keys and stores them durably.
    pub fn generate(store: &Store) -> Result<Self, KeystoreError> {
        let identity = IdentityKeypair::generate()?;
        let encryption = EncryptionKeypair::generate()?;
        let mut batch = store.batch();
        batch.put(Cf::Keys, IDENTITY, identity.seed().as_ref());
        batch.put(Cf::Keys, ENCRYPTION, encryption.secret_bytes().as_ref());
        store.write_sync(batch)?;
        Ok(Keys { identity, encryption })
    }

    pub fn load(store: &Store) -> Result<Self, KeystoreError> {
        let seed = read32(store, IDENTITY, "identity")?;
        let secret = read32(store, ENCRYPTION, "encryption")?;
        Ok(Keys {
            identity: IdentityKeypair::from_seed(&seed)?,
            encryption: EncryptionKeypair::from_secret_bytes(&secret)?,
        })
    }
}

fn read32(store: &Store, key: &[u8], what: &'static str) -> Result<Zeroizing<[u8; 32]>, KeystoreError> {
    let raw = Zeroizing::new(store.get(Cf::Keys, key)?.ok_or(KeystoreError::Missing(what))?);
    let mut out = Zeroizing::new([0u8; 32]);
    if raw.len() != 32 {
        return Err(KeystoreError::Corrupt(what));
    }
    out.copy_from_slice(&raw);
    Ok(out)
}
