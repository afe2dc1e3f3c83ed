//! The node's own private keys, kept only inside the encrypted store: the
//! Ed25519 identity that signs what the node says, the X25519 encryption
//! key, and the Ed25519 transport key that authenticates its connections
//! (its libp2p identity and PeerId; the first identity key, kept when the
//! identity rotates, so that a rotation never changes how peers reach the
//! node); during a key rotation the next pair, waiting for the roster that
//! publishes it; after one, the retired encryption keys, each destroyed at
//! the end of its grace period (envelopes sealed to it before the rotation
//! was known may still arrive until then); and, on a Secretariat that signs
//! its rosters online, the roster key.
//!
//! | key in the `keys` column family | value |
//! |---|---|
//! | `identity/ed25519-seed`, `encryption/x25519-secret` | the current keys |
//! | `transport/ed25519-seed` | the transport key (absent: the identity seed, as before rotations existed) |
//! | `pending/ed25519-seed`, `pending/x25519-secret` | the next keys, until the roster lists them |
//! | `retired/<key id>` | [`Retired`]: a retired encryption key and when it is destroyed |
//! | `roster/ed25519-seed` | the roster key, on a Secretariat that holds it |
//! | `roster/next-ed25519-seed` | the next roster key, while a change of it is published |

use dief_protocol::keys::{EncryptionKeypair, IdentityKeypair, KeyError};
use dief_protocol::KeyId;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::core::store::{Batch, Cf, Store, StoreError};

const IDENTITY: &[u8] = b"identity/ed25519-seed";
const ENCRYPTION: &[u8] = b"encryption/x25519-secret";
const TRANSPORT: &[u8] = b"transport/ed25519-seed";
const PENDING_IDENTITY: &[u8] = b"pending/ed25519-seed";
const PENDING_ENCRYPTION: &[u8] = b"pending/x25519-secret";
const RETIRED_PREFIX: &[u8] = b"retired/";
const ROSTER: &[u8] = b"roster/ed25519-seed";
const ROSTER_NEXT: &[u8] = b"roster/next-ed25519-seed";

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

/// A retired encryption key, kept to open what was sealed to it before the
/// rotation reached every member, until `destroy_at`.
#[derive(Serialize, Deserialize)]
struct RetiredRecord {
    #[serde(with = "serde_bytes")]
    secret: Vec<u8>,
    retired_at: i64,
    destroy_at: i64,
}

/// A retired encryption key as the node holds it.
#[derive(Debug)]
pub struct Retired {
    pub keypair: EncryptionKeypair,
    pub retired_at: i64,
    pub destroy_at: i64,
}

/// What a node holds; replaced as a whole (behind an `Arc`) when a rotation
/// takes effect.
#[derive(Debug)]
pub struct Keys {
    pub identity: IdentityKeypair,
    /// The libp2p identity: stays when `identity` rotates.
    pub transport: IdentityKeypair,
    pub encryption: EncryptionKeypair,
    /// The next keys of a rotation asked for and not yet in the roster.
    pub pending: Option<(IdentityKeypair, EncryptionKeypair)>,
    /// Retired encryption keys in their grace period, oldest first.
    pub retired: Vec<Retired>,
    /// The roster key, on a Secretariat that signs rosters online.
    pub roster: Option<IdentityKeypair>,
}

impl Keys {
    /// Generates fresh keys (and a roster key when asked) and stores them
    /// durably.
    pub fn generate(store: &Store, with_roster_key: bool) -> Result<Self, KeystoreError> {
        let identity = IdentityKeypair::generate()?;
        let encryption = EncryptionKeypair::generate()?;
        let roster = if with_roster_key { Some(IdentityKeypair::generate()?) } else { None };
        let mut batch = store.batch();
        batch.put(Cf::Keys, IDENTITY, identity.seed().as_ref());
        batch.put(Cf::Keys, TRANSPORT, identity.seed().as_ref());
        batch.put(Cf::Keys, ENCRYPTION, encryption.secret_bytes().as_ref());
        if let Some(r) = &roster {
            batch.put(Cf::Keys, ROSTER, r.seed().as_ref());
        }
        store.write_sync(batch)?;
        let transport = IdentityKeypair::from_seed(identity.seed())?;
        Ok(Keys { identity, transport, encryption, pending: None, retired: Vec::new(), roster })
    }

    pub fn load(store: &Store) -> Result<Self, KeystoreError> {
        let identity_seed = read32(store, IDENTITY, "identity")?;
        let identity = IdentityKeypair::from_seed(&identity_seed)?;
        let transport = match opt32(store, TRANSPORT, "transport")? {
            Some(seed) => IdentityKeypair::from_seed(&seed)?,
            None => IdentityKeypair::from_seed(&identity_seed)?,
        };
        let encryption = EncryptionKeypair::from_secret_bytes(&*read32(store, ENCRYPTION, "encryption")?)?;
        let pending = match (
            opt32(store, PENDING_IDENTITY, "pending identity")?,
            opt32(store, PENDING_ENCRYPTION, "pending encryption")?,
        ) {
            (Some(i), Some(e)) => Some((IdentityKeypair::from_seed(&i)?, EncryptionKeypair::from_secret_bytes(&e)?)),
            _ => None,
        };
        let mut retired = Vec::new();
        for (_, v) in store.scan_prefix(Cf::Keys, RETIRED_PREFIX)? {
            let r: RetiredRecord =
                crate::core::records::decode("retired key", &v).map_err(|_| KeystoreError::Corrupt("retired"))?;
            let secret: [u8; 32] = r.secret.as_slice().try_into().map_err(|_| KeystoreError::Corrupt("retired"))?;
            let keypair = EncryptionKeypair::from_secret_bytes(&Zeroizing::new(secret))?;
            retired.push(Retired { keypair, retired_at: r.retired_at, destroy_at: r.destroy_at });
        }
        retired.sort_by_key(|r| r.retired_at);
        let roster = opt32(store, ROSTER, "roster")?.map(|s| IdentityKeypair::from_seed(&s)).transpose()?;
        Ok(Keys { identity, transport, encryption, pending, retired, roster })
    }

    /// Every encryption key this node can open with, current first: the
    /// retired ones in their grace period, and the pending one, since the
    /// roster that lists it is itself sealed to it.
    pub fn encryption_keys(&self) -> Vec<&EncryptionKeypair> {
        std::iter::once(&self.encryption)
            .chain(self.retired.iter().map(|r| &r.keypair))
            .chain(self.pending.iter().map(|(_, e)| e))
            .collect()
    }

    /// The held encryption key with id `id`, current or retired.
    pub fn encryption_key(&self, id: KeyId) -> Option<&EncryptionKeypair> {
        self.encryption_keys().into_iter().find(|k| k.key_id() == id)
    }

    /// Makes and stores the next keys of a rotation (or returns the ones
    /// already waiting, so asking twice does not orphan a statement sent).
    pub fn prepare_rotation(store: &Store) -> Result<(IdentityKeypair, EncryptionKeypair), KeystoreError> {
        if let Some(pending) = Self::load(store)?.pending {
            return Ok(pending);
        }
        let identity = IdentityKeypair::generate()?;
        let encryption = EncryptionKeypair::generate()?;
        let mut batch = store.batch();
        batch.put(Cf::Keys, PENDING_IDENTITY, identity.seed().as_ref());
        batch.put(Cf::Keys, PENDING_ENCRYPTION, encryption.secret_bytes().as_ref());
        store.write_sync(batch)?;
        Ok((identity, encryption))
    }

    /// Adds to `batch` what makes the pending keys current: the current
    /// identity seed is overwritten (signatures need no grace), the current
    /// encryption key retires until `now + grace_ms`. The caller commits
    /// the batch and then loads the keys again.
    pub fn activate_pending(&self, batch: &mut Batch, now: i64, grace_ms: i64) -> Result<(), KeystoreError> {
        let (identity, encryption) = self.pending.as_ref().ok_or(KeystoreError::Missing("pending"))?;
        let retired = RetiredRecord {
            secret: self.encryption.secret_bytes().to_vec(),
            retired_at: now,
            destroy_at: now.saturating_add(grace_ms),
        };
        let record =
            crate::core::records::encode("retired key", &retired).map_err(|_| KeystoreError::Corrupt("retired"))?;
        batch.put(Cf::Keys, &retired_key(self.encryption.key_id()), &record);
        // The transport key stays: written out for stores from before it
        // had its own entry, whose transport was the identity replaced now.
        batch.put(Cf::Keys, TRANSPORT, self.transport.seed().as_ref());
        batch.put(Cf::Keys, IDENTITY, identity.seed().as_ref());
        batch.put(Cf::Keys, ENCRYPTION, encryption.secret_bytes().as_ref());
        batch.delete(Cf::Keys, PENDING_IDENTITY);
        batch.delete(Cf::Keys, PENDING_ENCRYPTION);
        Ok(())
    }

    /// Deletes the retired keys whose grace period is over, and compacts
    /// the keys column family so that their sealed values leave the store's
    /// files too. Returns the ids destroyed.
    pub fn destroy_expired(&self, store: &Store, now: i64) -> Result<Vec<KeyId>, KeystoreError> {
        let expired: Vec<KeyId> =
            self.retired.iter().filter(|r| r.destroy_at <= now).map(|r| r.keypair.key_id()).collect();
        if expired.is_empty() {
            return Ok(expired);
        }
        let mut batch = store.batch();
        for id in &expired {
            batch.delete(Cf::Keys, &retired_key(*id));
        }
        store.write_sync(batch)?;
        store.compact(Cf::Keys)?;
        Ok(expired)
    }

    /// Stores (or, with None, deletes) the roster key.
    pub fn set_roster_key(store: &Store, key: Option<&IdentityKeypair>) -> Result<(), KeystoreError> {
        let mut batch = store.batch();
        match key {
            Some(k) => batch.put(Cf::Keys, ROSTER, k.seed().as_ref()),
            None => batch.delete(Cf::Keys, ROSTER),
        }
        store.write_sync(batch)?;
        if key.is_none() {
            store.compact(Cf::Keys)?;
        }
        Ok(())
    }
}

impl Keys {
    /// Keeps the next roster key durably before anything is signed with it,
    /// so that a crash while the change is published never loses the key
    /// the federation's newest roster names.
    pub fn prepare_roster_key(store: &Store, next: &IdentityKeypair) -> Result<(), KeystoreError> {
        store.put_sync(Cf::Keys, ROSTER_NEXT, next.seed().as_ref())?;
        Ok(())
    }

    /// Makes the prepared roster key the roster key, and destroys the old.
    pub fn promote_roster_key(store: &Store) -> Result<(), KeystoreError> {
        let next = opt32(store, ROSTER_NEXT, "next roster")?.ok_or(KeystoreError::Missing("next roster"))?;
        let mut batch = store.batch();
        batch.put(Cf::Keys, ROSTER, next.as_ref());
        batch.delete(Cf::Keys, ROSTER_NEXT);
        store.write_sync(batch)?;
        store.compact(Cf::Keys)?;
        Ok(())
    }

    /// At start: a change of roster key that was published but not
    /// finished (the node stopped in between) is finished when the roster
    /// held is signed by the prepared key, and abandoned otherwise.
    pub fn settle_roster_key(store: &Store, signer: &dief_protocol::SigningPublicKey) -> Result<(), KeystoreError> {
        let Some(next) = opt32(store, ROSTER_NEXT, "next roster")? else { return Ok(()) };
        if IdentityKeypair::from_seed(&next)?.public() == *signer {
            Self::promote_roster_key(store)
        } else {
            store.delete_sync(Cf::Keys, ROSTER_NEXT)?;
            Ok(())
        }
    }
}

fn retired_key(id: KeyId) -> Vec<u8> {
    let mut k = RETIRED_PREFIX.to_vec();
    k.extend_from_slice(id.to_string().as_bytes());
    k
}

fn opt32(store: &Store, key: &[u8], what: &'static str) -> Result<Option<Zeroizing<[u8; 32]>>, KeystoreError> {
    let Some(raw) = store.get(Cf::Keys, key)? else { return Ok(None) };
    let raw = Zeroizing::new(raw);
    let mut out = Zeroizing::new([0u8; 32]);
    if raw.len() != 32 {
        return Err(KeystoreError::Corrupt(what));
    }
    out.copy_from_slice(&raw);
    Ok(Some(out))
}

fn read32(store: &Store, key: &[u8], what: &'static str) -> Result<Zeroizing<[u8; 32]>, KeystoreError> {
    opt32(store, key, what)?.ok_or(KeystoreError::Missing(what))
}
