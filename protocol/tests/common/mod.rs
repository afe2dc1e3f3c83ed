//! Helpers shared by the protocol's integration tests: a party's test
//! identity (keys, roster entry, sender) and State codes.

#![allow(dead_code, clippy::unwrap_used)]

use dief_protocol::envelope::Sender;
use dief_protocol::roster::NodeKeys;
use dief_protocol::{EncryptionKeypair, IdentityKeypair, Party, StateCode};

/// A party with freshly generated keys.
pub struct Node {
    pub party: Party,
    pub id: IdentityKeypair,
    pub enc: EncryptionKeypair,
}

impl Node {
    pub fn new(party: Party) -> Self {
        Node { party, id: IdentityKeypair::generate().unwrap(), enc: EncryptionKeypair::generate().unwrap() }
    }

    /// Its roster entry, with keys valid from roster sequence `since`.
    pub fn keys(&self, since: u64) -> NodeKeys {
        NodeKeys {
            peer_id: self.id.public().peer_id(),
            signing_key: self.id.public(),
            encryption_key: self.enc.public(),
            addrs: vec!["/ip4/127.0.0.1/tcp/4100".into()],
            keys_since: since,
            transport_key: None,
            rotations: Vec::new(),
            recovery: None,
        }
    }

    pub fn sender(&self) -> Sender<'_> {
        Sender { party: self.party, identity: &self.id, encryption: &self.enc }
    }
}

/// A State code known to be valid.
pub fn code(s: &str) -> StateCode {
    s.parse().unwrap()
}
