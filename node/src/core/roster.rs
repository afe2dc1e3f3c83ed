//! The roster as the core holds it: accepting a newer signed roster (the
//! first one against the pinned Secretariat fingerprint), offering ours to
//! a peer that connects, and applying each roster to the network's
//! allow-list. The Secretariat's side (admit, remove, Chair) is in
//! `node/membership.rs`.

use std::sync::Arc;

use dief_protocol::envelope::{self, Draft};
use dief_protocol::{MessageId, Party, Payload, Roster, SignedRoster, SigningPublicKey};
use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::core::error::{NodeError, NodeResult};
use crate::core::network;
use crate::core::records;
use crate::core::state::{Inner, RosterState};
use crate::core::store::Cf;

pub(in crate::core) const ROSTER_CURRENT: &[u8] = b"current";

/// The roster key a stored roster was accepted under: its own Secretariat
/// key (it was checked against the pin when first imported).
pub(in crate::core) fn signed_roster_anchor(signed: &SignedRoster) -> NodeResult<SigningPublicKey> {
    let r: Roster = records::decode("roster", &signed.body)?;
    Ok(r.secretariat.signing_key)
}

fn fingerprints_match(pin: &str, actual: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let p = norm(pin);
    !p.is_empty() && p == norm(actual)
}

impl Inner {
    /// Verifies and, if newer than the one held, stores and applies a roster.
    pub(in crate::core) fn import_roster(&self, signed: &SignedRoster) -> NodeResult<()> {
        let held = self.roster();
        let anchor = match &held {
            Some(h) => h.roster.secretariat.signing_key,
            None => {
                let claimed = signed_roster_anchor(signed)?;
                let pin = match self.party {
                    Party::Secretariat => self.keys.identity.public().fingerprint(),
                    Party::State(_) => self.config.roster_key_fingerprint.clone().unwrap_or_default(),
                };
                if !fingerprints_match(&pin, &claimed.fingerprint()) {
                    return Err(NodeError::Invalid(format!(
                        "this roster is signed by key {}, not by the pinned Secretariat key {pin}",
                        claimed.fingerprint()
                    )));
                }
                claimed
            }
        };
        let roster = signed.accept(&anchor, held.as_deref().map(|h| (&h.roster, &h.signed)))?;
        if let Party::State(s) = self.party {
            if let Some(m) = roster.member(s) {
                if m.node.signing_key != self.keys.identity.public() {
                    return Err(NodeError::Invalid(format!(
                        "roster {} lists other keys for {s} than this node's",
                        roster.sequence
                    )));
                }
            }
        }
        let mut slot = self.roster.write().unwrap_or_else(|p| p.into_inner());
        // Re-check under the lock: another import may have won meanwhile.
        if slot.as_ref().is_some_and(|h| h.roster.sequence >= roster.sequence) {
            return Ok(());
        }
        self.store.put_sync(Cf::Roster, ROSTER_CURRENT, &records::encode("roster", signed)?)?;
        info!(sequence = roster.sequence, members = roster.members.len(), "roster accepted");
        let state = Arc::new(RosterState { roster, signed: signed.clone() });
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
            let sealed = envelope::seal_writing(
                &inner.sender(),
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
                    if let Err(e) = inner.net.request(&peer, bytes).await {
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
            let me = inner.net.local_peer_id().to_string();
            let members: Vec<network::Member> = state
                .roster
                .parties()
                .filter(|(_, n)| n.peer_id != me)
                .map(|(_, n)| network::Member { peer_id: n.peer_id.clone(), addrs: n.addrs.clone() })
                .collect();
            match inner.net.set_members(members).await {
                Ok(skipped) => {
                    for e in skipped {
                        warn!(roster = state.roster.sequence, error = %e, "roster entry left out of the allow-list");
                    }
                }
                Err(e) => warn!(error = %e, "could not apply the roster to the network"),
            }
            if let Err(e) = inner.net.dial_all().await {
                debug!(error = %e, "dialing members failed");
            }
            for (party, _) in state.roster.parties() {
                inner.wakers.reachable(party);
            }
            // A party removed from the roster with envelopes still queued:
            // its worker sets them aside now rather than after its backoff.
            for party in inner.queued_parties().unwrap_or_default() {
                if state.roster.node(party).is_none() {
                    inner.wakers.reachable(party);
                }
            }
        }
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            r = rx.changed() => if r.is_err() { break },
        }
    }
}
