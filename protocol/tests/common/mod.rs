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

/// The English catalog's words for `reason` (`node/i18n/en/protocol.ftl`),
/// rendered with its arguments, so a test can check that the catalog says
/// what the error's English `Display` says. Reads only the Fluent that file
/// uses: placeables `{ $name }` and one-level selects on a text argument.
pub fn english(reason: &dief_protocol::reason::Reason) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../node/i18n/en/protocol.ftl");
    let catalog = std::fs::read_to_string(path).unwrap();
    let head = format!("{} = ", reason.key);
    let mut lines = catalog.lines().skip_while(|l| !l.starts_with(&head));
    let first = lines.next().unwrap_or_else(|| panic!("{} is not in {path}", reason.key));
    let mut pattern = first[head.len()..].to_string();
    for line in lines.take_while(|l| l.starts_with(' ')) {
        pattern.push('\n');
        pattern.push_str(line.trim());
    }
    let arg = |name: &str| -> String {
        let name = name.trim().trim_start_matches('$');
        reason.arg(name).unwrap_or_else(|| panic!("{} has no argument {name}", reason.key)).to_string()
    };
    let mut out = String::new();
    let mut rest = pattern.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').unwrap();
        let inner = &rest[open + 1..close];
        match inner.split_once("->") {
            None => out.push_str(&arg(inner)),
            Some((selector, variants)) => {
                let value = arg(selector);
                let mut chosen = None;
                let mut default = None;
                for variant in variants.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let is_default = variant.starts_with('*');
                    let (key, text) = variant.trim_start_matches('*').trim_start_matches('[').split_once(']').unwrap();
                    if key == value {
                        chosen = Some(text.trim());
                    }
                    if is_default {
                        default = Some(text.trim());
                    }
                }
                out.push_str(chosen.or(default).unwrap());
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.trim_end_matches('\n').replace('\n', "")
}
