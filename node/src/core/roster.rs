//! The roster as the core holds it: accepting a newer signed roster (signed
//! by the roster key this node trusts, or a later one its chain links to;
//! the first against the pinned fingerprint), the keys this node pins for
//! each party (key continuity, issue 11), its own entry (a rotation taking
//! effect, or keys not its own), split views, offering ours to a peer that
//! connects, and applying each roster to the network's allow-list. The
//! Secretariat's side (admit, remove, Chair, rotations) is in
//! `node/membership.rs`.
//!
//! | `roster` column family | value |
//! |---|---|
//! | `current` | the signed roster held |
//! | `anchor` | the roster key trusted now |
//! | `p/<party>` | the keys pinned for a party ([`NodeKeys`]) |
//! | `draft` | the Secretariat's next roster, waiting to be signed offline |
//! | `a/<subject>` | an alert (`alerts.rs`) |

use std::collections::BTreeMap;
use std::sync::Arc;

use dief_protocol::envelope::{self, Draft, RosterMark};
use dief_protocol::roster::{KeyChange, NodeKeys, RosterError};
use dief_protocol::{MessageId, Party, Payload, Roster, SignedRoster, SigningPublicKey};
use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::core::alerts::{self, AlertKind};
use crate::core::error::{NodeError, NodeResult};
use crate::core::keystore::Keys;
use crate::core::network;
use crate::core::records;
use crate::core::state::{Inner, RosterState};
use crate::core::store::{Batch, Cf, Store};

pub(in crate::core) const ROSTER_CURRENT: &[u8] = b"current";
const ROSTER_ANCHOR: &[u8] = b"anchor";
const PIN_PREFIX: &[u8] = b"p/";
pub(in crate::core) const ROSTER_DRAFT: &[u8] = b"draft";

fn pin_key(party: Party) -> Vec<u8> {
    let mut k = PIN_PREFIX.to_vec();
    k.extend_from_slice(party.to_string().as_bytes());
    k
}

fn fingerprints_match(pin: &str, actual: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let p = norm(pin);
    !p.is_empty() && p == norm(actual)
}

/// The roster key a node trusts: the stored anchor, or for a store from
/// before anchors were kept, the key that signed the roster it holds (it
/// was checked against the pin when first imported).
pub(in crate::core) fn stored_anchor(store: &Store, signed: &SignedRoster) -> NodeResult<SigningPublicKey> {
    if let Some(v) = store.get(Cf::Roster, ROSTER_ANCHOR)? {
        return Ok(records::decode("roster anchor", &v)?);
    }
    let r: Roster = records::decode("roster", &signed.body)?;
    Ok(r.signer())
}

/// The pins stored, or, for a store from before they were kept, the
/// entries of the roster held (what it accepted then).
pub(in crate::core) fn stored_pins(store: &Store, roster: &Roster) -> NodeResult<BTreeMap<Party, NodeKeys>> {
    let mut pins = BTreeMap::new();
    for (k, v) in store.scan_prefix(Cf::Roster, PIN_PREFIX)? {
        let party = std::str::from_utf8(&k[PIN_PREFIX.len()..]).ok().and_then(|s| s.parse::<Party>().ok());
        if let Some(party) = party {
            pins.insert(party, records::decode::<NodeKeys>("pinned keys", &v)?);
        }
    }
    if pins.is_empty() {
        for (party, _) in roster.parties() {
            if let Some(n) = roster.listed(party) {
                pins.insert(party, n.clone());
            }
        }
    }
    Ok(pins)
}

/// `roster` with the pins that differ from its own entries applied, and
/// its digest cached: what this node seals and verifies with.
pub(in crate::core) fn effective(mut roster: Roster, pins: &BTreeMap<Party, NodeKeys>) -> NodeResult<Roster> {
    roster.pins = pins
        .iter()
        .filter(|(p, keys)| roster.listed(**p).is_some_and(|listed| listed != *keys))
        .map(|(p, k)| (*p, k.clone()))
        .collect();
    roster.cache_digest()?;
    Ok(roster)
}

/// What importing a roster found about this node's own entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Own {
    /// Its current keys, or not listed (yet).
    Current,
    /// The keys of its pending rotation: the rotation takes effect.
    Pending,
    /// Keys it does not hold.
    Foreign,
}

impl Inner {
    /// The fingerprint of the roster key this node pinned at `dief init`.
    fn pinned_roster_key(&self, keys: &Keys) -> String {
        match (&self.config.roster_key_fingerprint, &keys.roster) {
            (Some(pin), _) => pin.clone(),
            (None, Some(roster_key)) => roster_key.public().fingerprint(),
            // A Secretariat of the first release signed with its node key.
            (None, None) => keys.identity.public().fingerprint(),
        }
    }

    /// Verifies and, if newer than the one held, stores and applies a
    /// roster. `from` is the member that relayed it, if any: a roster of
    /// the same sequence with other content, signed by the roster key, is a
    /// split view and raises an alert naming it.
    pub(in crate::core) fn import_roster(
        self: &Arc<Self>,
        signed: &SignedRoster,
        from: Option<Party>,
    ) -> NodeResult<()> {
        // Most rosters a member is sent are the one it holds or earlier ones
        // still queued to it: refused here, cheaply, without the write lock
        // below that every envelope opened meanwhile would wait for.
        if let Some(h) = self.roster() {
            signed.not_held_nor_older(&h.roster, &h.signed)?;
        }
        let keys = self.keys();
        let mut slot = self.roster.write().unwrap_or_else(|p| p.into_inner());
        let held = slot.clone();
        let verified = match &held {
            Some(h) => {
                let anchor = stored_anchor(&self.store, &h.signed)?;
                signed.accept(&anchor, Some((&h.roster, &h.signed)))
            }
            None => {
                let pin = self.pinned_roster_key(&keys);
                signed.verify_pinned(|k| fingerprints_match(&pin, &k.fingerprint()))
            }
        };
        let roster = match verified {
            Ok(r) => r,
            Err(RosterError::Conflicting { offered }) => {
                if let Some(h) = &held {
                    self.split_view(offered, &h.roster, signed, from)?;
                }
                return Err(RosterError::Conflicting { offered }.into());
            }
            Err(e) => return Err(e.into()),
        };
        let now = self.clock.now_ms();
        let mut pins = match &held {
            Some(h) => stored_pins(&self.store, &h.roster)?,
            None => BTreeMap::new(),
        };
        let mut replaced = Vec::new();
        let own = self.update_pins(&roster, &keys, &mut pins, now, &mut replaced)?;
        let mut batch = self.store.batch();
        batch.put(Cf::Roster, ROSTER_CURRENT, &records::encode("roster", signed)?);
        batch.put(Cf::Roster, ROSTER_ANCHOR, &records::encode("roster anchor", &roster.signer())?);
        for (party, k) in &pins {
            batch.put(Cf::Roster, &pin_key(*party), &records::encode("pinned keys", k)?);
        }
        if own == Own::Pending {
            keys.activate_pending(&mut batch, now, self.config.key_grace_ms())?;
        }
        self.store.write_sync(batch)?;
        if own == Own::Pending {
            self.set_keys(Keys::load(&self.store)?);
            info!(sequence = roster.sequence, "key rotation in effect: the roster lists this node's new keys");
        }
        let roster = effective(roster, &pins)?;
        info!(sequence = roster.sequence, members = roster.members.len(), "roster accepted");
        let state = Arc::new(RosterState { roster, signed: signed.clone() });
        *slot = Some(state.clone());
        drop(slot);
        let _ = self.roster_tx.send(Some(state));
        // A party whose keys the roster replaced without its signature may
        // still run with the keys pinned here (the Secretariat declared a
        // recovery, or swapped them, in its name), and the Secretariat no
        // longer seals to or dials it: show it the roster, at its pinned
        // keys, so that its own node raises the alert too.
        if tokio::runtime::Handle::try_current().is_ok() {
            for party in replaced {
                self.push_roster_to(party);
            }
        }
        Ok(())
    }

    /// Decides, party by party, which keys this node keeps for `roster`:
    /// the same keys or a verified rotation move the pin; keys nothing
    /// vouches for keep the old pin and raise an alert, until an operator
    /// acknowledges it. This node's own entry must be its keys. The
    /// parties newly alerted about are added to `replaced`.
    fn update_pins(
        &self,
        roster: &Roster,
        keys: &Keys,
        pins: &mut BTreeMap<Party, NodeKeys>,
        now: i64,
        replaced: &mut Vec<Party>,
    ) -> NodeResult<Own> {
        let mut own = Own::Current;
        let parties: Vec<Party> = roster.parties().map(|(p, _)| p).collect();
        for party in parties {
            let Some(listed) = roster.listed(party) else { continue };
            if party == self.party {
                own = self.check_own(roster, listed, keys, pins, now)?;
                continue;
            }
            let change = match pins.get(&party) {
                None => KeyChange::Same,
                Some(pinned) => listed.follows_from(pinned, party),
            };
            match change {
                KeyChange::Same | KeyChange::Rotated => {
                    if change == KeyChange::Rotated {
                        info!(%party, sequence = roster.sequence, "keys rotated, continuity verified");
                    }
                    pins.insert(party, listed.clone());
                }
                KeyChange::Unverified { recovery } => {
                    let pinned = pins.get(&party).map(|p| p.signing_key.fingerprint()).unwrap_or_default();
                    let kind = AlertKind::KeysReplaced {
                        party,
                        sequence: roster.sequence,
                        pinned_fingerprint: pinned,
                        listed_fingerprint: listed.signing_key.fingerprint(),
                        declared_recovery: recovery.map(|r| r.reason),
                    };
                    if alerts::raise(&self.store, kind, now)? {
                        replaced.push(party);
                    }
                }
            }
        }
        Ok(own)
    }

    /// This node's own entry: its current keys, the keys of its pending
    /// rotation, or keys it does not hold (an alert; it keeps its own).
    fn check_own(
        &self,
        roster: &Roster,
        listed: &NodeKeys,
        keys: &Keys,
        pins: &mut BTreeMap<Party, NodeKeys>,
        now: i64,
    ) -> NodeResult<Own> {
        let mine = |id: &dief_protocol::IdentityKeypair, enc: &dief_protocol::EncryptionKeypair| {
            listed.signing_key == id.public() && listed.encryption_key == enc.public()
        };
        if mine(&keys.identity, &keys.encryption) {
            pins.insert(self.party, listed.clone());
            return Ok(Own::Current);
        }
        if keys.pending.as_ref().is_some_and(|(id, enc)| mine(id, enc)) {
            pins.insert(self.party, listed.clone());
            return Ok(Own::Pending);
        }
        warn!(sequence = roster.sequence, "the roster lists keys for this node that are not its own");
        let kind = AlertKind::OwnKeysReplaced {
            sequence: roster.sequence,
            own_fingerprint: keys.identity.public().fingerprint(),
            listed_fingerprint: listed.signing_key.fingerprint(),
            declared_recovery: listed.recovery.as_ref().map(|r| r.reason.clone()),
        };
        alerts::raise(&self.store, kind, now)?;
        // Keep sealing and signing as the node it is.
        let own = pins.get(&self.party).filter(|p| p.signing_key == keys.identity.public()).cloned();
        let own = own.unwrap_or_else(|| {
            NodeKeys::new(keys.identity.public(), keys.encryption.public(), listed.addrs.clone(), listed.keys_since)
        });
        pins.insert(self.party, own);
        Ok(Own::Foreign)
    }

    /// A roster of the sequence held with other content, signed by the
    /// roster key: proof that two were signed. Raises the alert.
    fn split_view(&self, sequence: u64, held: &Roster, other: &SignedRoster, from: Option<Party>) -> NodeResult<()> {
        let theirs: Roster = records::decode("roster", &other.body)?;
        let kind = AlertKind::SplitView {
            sequence,
            held_digest: hex::encode(&held.digest()?[..8]),
            other_digest: hex::encode(&theirs.digest()?[..8]),
            seen_from: from.unwrap_or(Party::Secretariat),
        };
        alerts::raise(&self.store, kind, self.clock.now_ms())?;
        Ok(())
    }

    /// What this node tells a sender in its receipts: the roster it holds.
    pub(in crate::core) fn roster_mark(&self) -> Option<RosterMark> {
        let r = self.roster()?;
        Some(RosterMark { sequence: r.roster.sequence, digest: r.roster.digest().ok()? })
    }

    /// A receiver's roster mark: the same sequence with another digest is
    /// a split view, raised as an alert.
    pub(in crate::core) fn compare_roster(&self, theirs: RosterMark, from: Party) {
        let Some(held) = self.roster() else { return };
        let Ok(ours) = held.roster.digest() else { return };
        if theirs.sequence == held.roster.sequence && theirs.digest != ours {
            let kind = AlertKind::SplitView {
                sequence: theirs.sequence,
                held_digest: hex::encode(&ours[..8]),
                other_digest: hex::encode(&theirs.digest[..8]),
                seen_from: from,
            };
            if let Err(e) = alerts::raise(&self.store, kind, self.clock.now_ms()) {
                warn!(error = %e, "could not record a split roster view");
            }
        }
    }

    /// The operator acknowledged that `party`'s keys changed: pin the
    /// roster's keys for it from now on.
    pub(in crate::core) fn accept_listed_keys(&self, party: Party) -> NodeResult<()> {
        let mut slot = self.roster.write().unwrap_or_else(|p| p.into_inner());
        let held = slot.clone().ok_or(NodeError::NoRoster)?;
        let listed = held
            .roster
            .listed(party)
            .cloned()
            .ok_or(NodeError::NotFound { what: "roster member", id: party.to_string() })?;
        let mut batch: Batch = self.store.batch();
        batch.put(Cf::Roster, &pin_key(party), &records::encode("pinned keys", &listed)?);
        self.store.write_sync(batch)?;
        let pins = stored_pins(&self.store, &held.roster)?;
        let signed: Roster = records::decode("roster", &held.signed.body)?;
        let state = Arc::new(RosterState { roster: effective(signed, &pins)?, signed: held.signed.clone() });
        *slot = Some(state.clone());
        drop(slot);
        let _ = self.roster_tx.send(Some(state));
        Ok(())
    }

    /// Offers our roster to `party` (best effort, not queued): a peer that
    /// was offline catches up from whichever member it meets first.
    pub(in crate::core) fn push_roster_to(self: &Arc<Self>, party: Party) {
        let Some(roster) = self.roster() else { return };
        if party == self.party || roster.roster.node(party).is_none() {
            return;
        }
        let inner = self.clone();
        tokio::spawn(async move {
            let Some(peer) = inner.peer_of(party) else { return };
            let now = inner.clock.now_ms();
            let Ok(message_id) = MessageId::generate_for(inner.party, u64::try_from(now).unwrap_or(0)) else {
                return;
            };
            let keys = inner.keys();
            let sealed = envelope::seal_writing(
                &inner.sender(&keys),
                &roster.roster,
                Draft {
                    message_id,
                    recipients: vec![party],
                    references: Vec::new(),
                    created_at: now,
                    payload: Payload::RosterUpdate(roster.signed.clone()),
                },
                inner.newest_wire_version(),
            );
            match sealed.and_then(|e| e.to_bytes()) {
                Ok(bytes) => {
                    if let Err(e) = inner.net().request(&peer, bytes).await {
                        debug!(%party, error = %e, "roster offer not delivered");
                    }
                }
                Err(e) => debug!(%party, error = %e, "roster offer not sealed"),
            }
        });
    }
}

/// Applies each new roster to the network allow-list and wakes the workers.
pub(in crate::core) async fn roster_task(inner: Arc<Inner>, mut rx: watch::Receiver<Option<Arc<RosterState>>>) {
    let mut shutdown = inner.shutdown_rx();
    loop {
        let current = rx.borrow_and_update().clone();
        if let Some(state) = current {
            apply_to_network(&inner, &state).await;
        }
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            r = rx.changed() => if r.is_err() { break },
        }
    }
}

async fn apply_to_network(inner: &Arc<Inner>, state: &RosterState) {
    let net = inner.net();
    let me = net.local_peer_id().to_string();
    let members: Vec<network::Member> = state
        .roster
        .parties()
        .filter(|(_, n)| n.peer_id != me)
        .map(|(_, n)| network::Member { peer_id: n.peer_id.clone(), addrs: n.addrs.clone() })
        .collect();
    match net.set_members(members).await {
        Ok(skipped) => {
            for e in skipped {
                warn!(roster = state.roster.sequence, error = %e, "roster entry left out of the allow-list");
            }
        }
        Err(e) => warn!(error = %e, "could not apply the roster to the network"),
    }
    if let Err(e) = net.dial_all().await {
        debug!(error = %e, "dialing members failed");
    }
    for (party, _) in state.roster.parties() {
        inner.wakers.reachable(party);
    }
    // A party removed from the roster with envelopes still queued: its
    // worker sets them aside now rather than after its backoff.
    for party in inner.queued_parties().unwrap_or_default() {
        if state.roster.node(party).is_none() {
            inner.wakers.reachable(party);
        }
    }
}
