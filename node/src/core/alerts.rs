//! Alerts that need an operator and stay until one acknowledges them: keys
//! of a party replaced without a rotation signed by its previous keys (a
//! Secretariat swapping keys to read a State's traffic, or a declared
//! recovery of a lost key), this node's own roster entry listing keys it
//! does not hold, and two rosters of one sequence (a split view). Kept in
//! the store, so they survive restarts; each is raised once per subject and
//! logged at warn when raised and at every start while open; `dief status`
//! exits non-zero while any is open.
//!
//! Acknowledging a key change is what makes this node use the new keys
//! (`roster.rs` pins the old ones until then).

use dief_protocol::Party;
use serde::{Deserialize, Serialize};
use tracing::warn;

use crate::core::error::NodeResult;
use crate::core::records;
use crate::core::store::{Cf, Store};

const PREFIX: &[u8] = b"a/";

/// What an alert is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertKind {
    /// The roster lists keys for `party` that no rotation signed by the
    /// keys this node pinned leads to. This node keeps sealing to, and
    /// accepting only, the pinned keys until its operator acknowledges.
    KeysReplaced {
        party: Party,
        sequence: u64,
        pinned_fingerprint: String,
        listed_fingerprint: String,
        /// The Secretariat's reason when it declared a recovery.
        declared_recovery: Option<String>,
    },
    /// The roster lists keys for this node that are not its own.
    OwnKeysReplaced {
        sequence: u64,
        own_fingerprint: String,
        listed_fingerprint: String,
        /// The Secretariat's reason when it declared a recovery in this
        /// node's name: its operator must see what was claimed.
        #[serde(default)]
        declared_recovery: Option<String>,
    },
    /// Two rosters of one sequence, both signed by the roster key: the
    /// Secretariat (or whoever holds the roster key) showed members
    /// different rosters.
    SplitView { sequence: u64, held_digest: String, other_digest: String, seen_from: Party },
}

impl AlertKind {
    /// One alert per subject: raising the same again changes nothing.
    fn subject(&self) -> String {
        match self {
            AlertKind::KeysReplaced { party, listed_fingerprint, .. } => format!("keys/{party}/{listed_fingerprint}"),
            AlertKind::OwnKeysReplaced { listed_fingerprint, .. } => format!("own/{listed_fingerprint}"),
            AlertKind::SplitView { sequence, other_digest, .. } => format!("split/{sequence}/{other_digest}"),
        }
    }

    /// The line shown to the operator.
    pub fn describe(&self) -> String {
        match self {
            AlertKind::KeysReplaced { party, sequence, pinned_fingerprint, listed_fingerprint, declared_recovery } => {
                let why = match declared_recovery {
                    Some(reason) => format!("the Secretariat declares a key recovery: \"{reason}\""),
                    None => "no rotation signed by its previous key vouches for them".to_string(),
                };
                format!(
                    "roster {sequence} gives {party} new keys ({listed_fingerprint}, was {pinned_fingerprint}): {why}. \
                     This node keeps using the previous keys; confirm with {party} out of band, then acknowledge"
                )
            }
            AlertKind::OwnKeysReplaced { sequence, own_fingerprint, listed_fingerprint, declared_recovery } => {
                let why = match declared_recovery {
                    Some(reason) => format!("the Secretariat declares a key recovery for this node: \"{reason}\""),
                    None => "the Secretariat replaced them".to_string(),
                };
                format!(
                    "roster {sequence} lists keys for this node that are not its own ({listed_fingerprint}; this \
                     node's are {own_fingerprint}): {why}; members that check continuity keep this node's keys, \
                     ask the Secretariat why"
                )
            }
            AlertKind::SplitView { sequence, held_digest, other_digest, seen_from } => format!(
                "split roster view: {seen_from} holds roster {sequence} with digest {other_digest}, this node holds \
                 {held_digest}: two rosters of one sequence were signed (compare `dief roster show` with {seen_from})"
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    pub at: i64,
    /// Who acknowledged (the operator's name, or "api token").
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// Stable: the alert's subject.
    pub id: String,
    #[serde(flatten)]
    pub kind: AlertKind,
    pub raised_at: i64,
    pub text: String,
    #[serde(default)]
    pub acknowledged: Option<Acknowledged>,
}

fn key(id: &str) -> Vec<u8> {
    let mut k = PREFIX.to_vec();
    k.extend_from_slice(id.as_bytes());
    k
}

/// Raises `kind` unless an alert on the same subject exists; returns
/// whether it is new. Logged at warn when new.
pub fn raise(store: &Store, kind: AlertKind, now: i64) -> NodeResult<bool> {
    let id = kind.subject();
    if store.get(Cf::Roster, &key(&id))?.is_some() {
        return Ok(false);
    }
    let text = kind.describe();
    warn!(alert = %id, "{text}");
    let alert = Alert { id: id.clone(), kind, raised_at: now, text, acknowledged: None };
    store.put_sync(Cf::Roster, &key(&id), &records::encode("alert", &alert)?)?;
    Ok(true)
}

/// Every alert, oldest first.
pub fn list(store: &Store) -> NodeResult<Vec<Alert>> {
    let mut alerts: Vec<Alert> = store
        .scan_prefix(Cf::Roster, PREFIX)?
        .into_iter()
        .filter_map(|(_, v)| records::decode::<Alert>("alert", &v).ok())
        .collect();
    alerts.sort_by_key(|a| a.raised_at);
    Ok(alerts)
}

pub fn get(store: &Store, id: &str) -> NodeResult<Option<Alert>> {
    Ok(store.get(Cf::Roster, &key(id))?.and_then(|v| records::decode::<Alert>("alert", &v).ok()))
}

/// Records the acknowledgement of alert `id`.
pub fn acknowledge(store: &Store, id: &str, by: &str, now: i64) -> NodeResult<Option<Alert>> {
    let Some(mut alert) = get(store, id)? else { return Ok(None) };
    if alert.acknowledged.is_none() {
        alert.acknowledged = Some(Acknowledged { at: now, by: by.to_string() });
        store.put_sync(Cf::Roster, &key(id), &records::encode("alert", &alert)?)?;
    }
    Ok(Some(alert))
}

/// Logs every open alert at warn: called at start, so a restart does not
/// make one quieter.
pub fn log_open(store: &Store) {
    for a in list(store).unwrap_or_default().into_iter().filter(|a| a.acknowledged.is_none()) {
        warn!(alert = %a.id, "open alert: {}", a.text);
    }
}
