//! The roster from the node's side: reading and importing it, a State's
//! join request, key rotation (any node) and the operator alerts it can
//! raise, and the Secretariat's administration of membership (admit,
//! rotations, recoveries, remove, Chair and term, wire version, the roster
//! key; ToR-1, ToR-4), with the catch-up of a newly admitted State that
//! every service contributes to.
//!
//! A Secretariat that holds the roster key signs and publishes each change
//! at once; one whose roster key is kept offline collects changes into a
//! draft (`dief roster draft`), which is signed on the offline machine
//! (`dief roster sign`) and published (`dief roster publish`). Either way
//! the online node cannot change a State's keys without that State's
//! signature going unnoticed: members check every key change themselves.

use dief_protocol::reason::Reason;
use dief_protocol::roster::{Chair, JoinRequest, KeyRecovery, KeyRotation, SignedKeyRotation};
use dief_protocol::{IdentityKeypair, Party, Payload, Roster, SignedJoinRequest, SignedRoster, StateCode};
use tracing::info;

use super::{KeysView, Node, RosterChange};
use crate::core::alerts::{self, Alert, AlertKind};
use crate::core::error::{NodeError, NodeResult};
use crate::core::keystore::Keys;
use crate::core::network::{check_member, Member};
use crate::core::records;
use crate::core::roster::ROSTER_DRAFT;
use crate::core::store::Cf;

/// Every address a member publishes must be one the other nodes can dial:
/// refused at the request and at admission, naming the address, so that a
/// bad entry never reaches the roster.
fn check_addresses(peer_id: &str, addrs: &[String]) -> NodeResult<()> {
    let member = Member { peer_id: peer_id.to_owned(), addrs: addrs.to_vec() };
    check_member(&member).map_err(|e| NodeError::Refused(Reason::new("refusal-membership-addresses").text("detail", e)))
}

impl Node {
    pub fn roster(&self) -> Option<Roster> {
        self.core.inner.roster().map(|r| r.roster.clone())
    }

    /// The fingerprint of the first roster key, which a State pins at
    /// `dief init` (it follows later changes of key from it).
    pub fn roster_key_fingerprint(&self) -> Option<String> {
        let held = self.core.inner.roster()?;
        held.roster.roster_keys().first().map(|k| k.fingerprint())
    }

    pub fn signed_roster(&self) -> Option<SignedRoster> {
        self.core.inner.roster().map(|r| r.signed.clone())
    }

    /// Imports a roster received out of band (the first one is checked
    /// against the pinned fingerprint). Returns the sequence now held.
    pub fn import_roster(&self, signed: &SignedRoster) -> NodeResult<u64> {
        self.core.inner.import_roster(signed, None)?;
        self.core.inner.roster().map(|r| r.roster.sequence).ok_or(NodeError::NoRoster)
    }

    /// A State's request to join, signed by this node's identity key.
    pub fn join_request(&self) -> NodeResult<SignedJoinRequest> {
        let Party::State(state) = self.core.inner.party else {
            return Err(NodeError::NotForSecretariat("ask to join the roster"));
        };
        let status = self
            .core
            .inner
            .config
            .status
            .ok_or_else(|| NodeError::Refused(Reason::new("refusal-membership-no-status")))?;
        check_addresses(&self.peer_id(), &self.core.inner.config.announce)?;
        let keys = self.core.inner.keys();
        let transport = keys.transport.public();
        let req = JoinRequest {
            state,
            status,
            peer_id: transport.peer_id(),
            transport_key: (transport != keys.identity.public()).then_some(transport),
            signing_key: keys.identity.public(),
            encryption_key: keys.encryption.public(),
            addrs: self.core.inner.config.announce.clone(),
            requested_at: self.core.inner.clock.now_ms(),
        };
        Ok(req.sign(&keys.identity)?)
    }

    /// Starts a key rotation (issue 11): new signing and encryption keys
    /// are made and kept aside, and a statement signed by the current key
    /// and the new one goes to the Secretariat (applied at once on the
    /// Secretariat itself). The new keys take effect when the roster lists
    /// them; the old encryption key is kept for `key_grace_days`, then
    /// destroyed. Asking again before that re-sends the same statement.
    /// The transport key (the PeerId) stays, so peers reach the node
    /// throughout.
    pub async fn rotate_keys(&self) -> NodeResult<SignedKeyRotation> {
        let inner = &self.core.inner;
        let (next_identity, next_encryption) = Keys::prepare_rotation(&inner.store)?;
        inner.set_keys(Keys::load(&inner.store)?);
        let keys = inner.keys();
        let rotation = KeyRotation {
            party: inner.party,
            previous_signing_key: keys.identity.public(),
            signing_key: next_identity.public(),
            encryption_key: next_encryption.public(),
            transport_key: keys.transport.public(),
            addrs: inner.config.announce.clone(),
            rotated_at: inner.clock.now_ms(),
        };
        let signed = rotation.sign(&keys.identity, &next_identity)?;
        info!(new_key = %next_identity.public().fingerprint(), "key rotation asked for");
        if inner.party.is_secretariat() {
            self.apply_rotation(&signed).await?;
        } else {
            self.core.enqueue(vec![Party::Secretariat], Vec::new(), Payload::KeyRotation(signed.clone()), None).await?;
        }
        Ok(signed)
    }

    /// Secretariat: applies a party's rotation statement, which must be
    /// signed by the keys the roster lists for it now.
    pub async fn apply_rotation(&self, signed: &SignedKeyRotation) -> NodeResult<RosterChange> {
        let rotation = signed.verify()?;
        info!(party = %rotation.party, "applying a key rotation");
        self.change_roster(|r, seq| {
            r.apply_rotation(signed, seq)?;
            Ok(())
        })
        .await
    }

    /// Secretariat: admits a State, or takes a new address list or status
    /// from a member whose keys are the ones it has. A join request with
    /// other keys for a member is refused: keys change with the member's
    /// own rotation, or, for a lost key, with [`Node::recover`], which
    /// every member will see. A newly admitted State is also sent the
    /// current contact directory and calendar ([`Node::catch_up`]).
    pub async fn admit(&self, request: &SignedJoinRequest) -> NodeResult<RosterChange> {
        self.admit_all(std::slice::from_ref(request)).await
    }

    /// Secretariat: admits several States in one roster version, each
    /// request checked as [`Node::admit`] checks one; one refused request
    /// refuses them all. Every member then receives one roster instead of
    /// one per State, so admitting the States that asked since the last
    /// session (or forming a Forum of 193) sends each member one roster,
    /// not one per admission.
    pub async fn admit_all(&self, requests: &[SignedJoinRequest]) -> NodeResult<RosterChange> {
        let mut verified = Vec::with_capacity(requests.len());
        for request in requests {
            let req = request.verify()?;
            check_addresses(&req.peer_id, &req.addrs)?;
            verified.push(req);
        }
        let held = self.core.inner.roster();
        let new: Vec<StateCode> = verified
            .iter()
            .filter(|req| held.as_ref().is_some_and(|r| r.roster.member(req.state).is_none()))
            .map(|req| req.state)
            .collect();
        info!(states = verified.len(), new = new.len(), "admitting");
        let change = self
            .change_roster(|r, seq| {
                for req in &verified {
                    let mut member = req.to_member(seq);
                    if let Some(held) = r.member(req.state) {
                        if held.node.signing_key != req.signing_key || held.node.encryption_key != req.encryption_key {
                            return Err(NodeError::Refused(
                                Reason::new("refusal-membership-other-keys")
                                    .text("state", req.state)
                                    .text("fingerprint", held.node.signing_key.fingerprint()),
                            ));
                        }
                        member.node.keys_since = held.node.keys_since;
                        member.node.rotations = held.node.rotations.clone();
                    }
                    r.upsert(member);
                }
                Ok(())
            })
            .await?;
        if matches!(change, RosterChange::Published { .. }) {
            for state in new {
                self.catch_up(state).await?;
            }
        }
        Ok(change)
    }

    /// Secretariat: gives a member that lost its key the keys of its new
    /// join request, declaring a recovery with `reason`. Members have no
    /// statement from the old key to check, so each raises an alert with
    /// the old and new fingerprints and keeps the old keys until its
    /// operator acknowledges, after confirming with that State.
    pub async fn recover(&self, request: &SignedJoinRequest, reason: String) -> NodeResult<RosterChange> {
        let req = request.verify()?;
        check_addresses(&req.peer_id, &req.addrs)?;
        if reason.trim().is_empty() || reason.len() > 1000 {
            return Err(NodeError::Refused(Reason::new("refusal-membership-recovery-reason").number("max", 1000)));
        }
        let party = Party::State(req.state);
        let now = self.core.inner.clock.now_ms();
        let change = self
            .change_roster(|r, seq| {
                let held = r.member(req.state).ok_or_else(|| {
                    NodeError::Refused(Reason::new("refusal-membership-recover-not-member").text("state", req.state))
                })?;
                let recovery = KeyRecovery { previous_signing_key: held.node.signing_key, reason, declared_at: now };
                let mut member = req.to_member(seq);
                member.node.recovery = Some(recovery);
                r.upsert(member);
                Ok(())
            })
            .await?;
        // The Secretariat's own operator declared it: its node takes it.
        if matches!(change, RosterChange::Published { .. }) {
            self.core.inner.accept_listed_keys(party)?;
        }
        Ok(change)
    }

    /// Secretariat: removes a State from the roster.
    pub async fn remove_member(&self, state: StateCode) -> NodeResult<RosterChange> {
        self.change_roster(|r, _| {
            if r.remove(state) {
                Ok(())
            } else {
                Err(NodeError::NotFound { what: "member", id: state.to_string() })
            }
        })
        .await
    }

    /// Secretariat: records the Chair and the end of the term (ToR-4).
    pub async fn set_chair(&self, state: StateCode, term_ends_at: i64) -> NodeResult<RosterChange> {
        self.change_roster(|r, _| {
            if r.member(state).is_none() {
                return Err(NodeError::Refused(Reason::new("refusal-membership-not-member").text("state", state)));
            }
            r.chair = Some(Chair { state, term_ends_at });
            Ok(())
        })
        .await
    }

    /// Secretariat: sets the wire version every member writes. Raise it only
    /// once every member runs a build that reads it: a member one release
    /// behind refuses the newer envelopes, and its senders show why (the
    /// README's upgrade steps). Lowering it again is allowed, as a rollback.
    pub async fn set_wire_version(&self, version: u16) -> NodeResult<RosterChange> {
        use dief_protocol::envelope::{OLDEST_WIRE_VERSION, WIRE_VERSION};
        if !(OLDEST_WIRE_VERSION..=WIRE_VERSION).contains(&version) {
            return Err(NodeError::Refused(
                Reason::new("refusal-membership-wire-version")
                    .number("version", version)
                    .number("oldest", OLDEST_WIRE_VERSION)
                    .number("newest", WIRE_VERSION),
            ));
        }
        info!(version, "setting the federation's wire version");
        self.change_roster(|r, _| {
            r.wire_version = version;
            Ok(())
        })
        .await
    }

    /// Secretariat holding its roster key: replaces it with a new one, the
    /// change signed by the old key, so that members follow. The old key
    /// signs nothing once members hold the new roster.
    pub async fn rotate_roster_key(&self) -> NodeResult<RosterChange> {
        let inner = &self.core.inner;
        let keys = inner.keys();
        let current = self.roster_key(&keys)?;
        let next = IdentityKeypair::generate().map_err(crate::core::keystore::KeystoreError::from)?;
        Keys::prepare_roster_key(&inner.store, &next)?;
        let now = inner.clock.now_ms();
        let change = self
            .publish_edit(&next, |r, _| {
                r.change_roster_key(current, &next, now)?;
                Ok(())
            })
            .await?;
        Keys::promote_roster_key(&inner.store)?;
        inner.set_keys(Keys::load(&inner.store)?);
        info!(key = %next.public().fingerprint(), "roster key replaced");
        Ok(change)
    }

    /// The roster key this node signs with: its own, or on a Secretariat of
    /// the first release, its node key when the roster names no other.
    fn roster_key<'k>(&self, keys: &'k Keys) -> NodeResult<&'k IdentityKeypair> {
        let held = self.core.inner.roster().ok_or(NodeError::NoRoster)?;
        let signer = held.roster.signer();
        match &keys.roster {
            Some(k) if k.public() == signer => Ok(k),
            _ if keys.identity.public() == signer => Ok(&keys.identity),
            _ => Err(NodeError::Refused(
                Reason::new("refusal-membership-roster-key-offline").text("fingerprint", signer.fingerprint()),
            )),
        }
    }

    async fn change_roster(&self, edit: impl FnOnce(&mut Roster, u64) -> NodeResult<()>) -> NodeResult<RosterChange> {
        if !self.core.inner.party.is_secretariat() {
            return Err(NodeError::SecretariatOnly("change the roster"));
        }
        let keys = self.core.inner.keys();
        match self.roster_key(&keys) {
            Ok(key) => self.publish_edit(key, edit).await,
            Err(_) => self.draft_edit(edit),
        }
    }

    /// The held roster as signed (without this node's pins), for editing.
    fn signed_view(&self) -> NodeResult<Roster> {
        let held = self.core.inner.roster().ok_or(NodeError::NoRoster)?;
        Ok(records::decode("roster", &held.signed.body)?)
    }

    /// Applies `edit` to the next roster, signs it with `key` and publishes it.
    async fn publish_edit(
        &self,
        key: &IdentityKeypair,
        edit: impl FnOnce(&mut Roster, u64) -> NodeResult<()>,
    ) -> NodeResult<RosterChange> {
        let mut next = self.signed_view()?;
        next.sequence = next.sequence.saturating_add(1);
        next.issued_at = self.core.inner.clock.now_ms();
        let sequence = next.sequence;
        edit(&mut next, sequence)?;
        let signed = next.sign(key)?;
        self.publish_roster(&signed).await?;
        Ok(RosterChange::Published { roster: Box::new(next) })
    }

    /// Applies `edit` to the draft (started from the held roster).
    fn draft_edit(&self, edit: impl FnOnce(&mut Roster, u64) -> NodeResult<()>) -> NodeResult<RosterChange> {
        let store = &self.core.inner.store;
        let mut draft = match self.roster_draft()? {
            Some(d) => d,
            None => {
                let mut next = self.signed_view()?;
                next.sequence = next.sequence.saturating_add(1);
                next
            }
        };
        draft.issued_at = self.core.inner.clock.now_ms();
        let sequence = draft.sequence;
        edit(&mut draft, sequence)?;
        draft.validate()?;
        store.put_sync(Cf::Roster, ROSTER_DRAFT, &records::encode("roster draft", &draft)?)?;
        info!(sequence, "roster draft updated: sign it offline");
        Ok(RosterChange::Drafted { roster: Box::new(draft) })
    }

    /// Tests only: a compromised Secretariat holding the roster key signs
    /// and publishes any roster it likes, past `admit`'s checks, so that a
    /// test can show what members do with it.
    #[cfg(feature = "test-support")]
    pub async fn publish_forged_roster(&self, edit: impl FnOnce(&mut Roster, u64)) -> NodeResult<Roster> {
        let signed = self.sign_forged_roster(edit, false)?;
        self.publish_roster(&signed).await
    }

    /// Tests only: the next roster edited by `edit` and signed, without
    /// publishing it, by the roster key or, with `node_key`, by the
    /// Secretariat node's own key (what a compromised online node whose
    /// roster key is offline could do).
    #[cfg(feature = "test-support")]
    pub fn sign_forged_roster(&self, edit: impl FnOnce(&mut Roster, u64), node_key: bool) -> NodeResult<SignedRoster> {
        let keys = self.core.inner.keys();
        let key = if node_key { &keys.identity } else { self.roster_key(&keys)? };
        let mut next = self.signed_view()?;
        next.sequence = next.sequence.saturating_add(1);
        next.issued_at = self.core.inner.clock.now_ms();
        let sequence = next.sequence;
        edit(&mut next, sequence);
        if node_key {
            next.roster_key = Some(key.public());
        }
        Ok(next.sign(key)?)
    }

    /// Secretariat: the roster waiting to be signed offline, if any.
    pub fn roster_draft(&self) -> NodeResult<Option<Roster>> {
        if !self.core.inner.party.is_secretariat() {
            return Err(NodeError::SecretariatOnly("keep a roster draft"));
        }
        match self.core.inner.store.get(Cf::Roster, ROSTER_DRAFT)? {
            Some(v) => Ok(Some(records::decode("roster draft", &v)?)),
            None => Ok(None),
        }
    }

    /// Secretariat: takes a signed roster (signed here, or offline from the
    /// draft) and sends it to every member.
    pub async fn publish_roster(&self, signed: &SignedRoster) -> NodeResult<Roster> {
        if !self.core.inner.party.is_secretariat() {
            return Err(NodeError::SecretariatOnly("publish a roster"));
        }
        self.core.inner.import_roster(signed, None)?;
        let roster: Roster = records::decode("roster", &signed.body)?;
        if self.roster_draft()?.is_some_and(|d| d.sequence <= roster.sequence) {
            self.core.inner.store.delete_sync(Cf::Roster, ROSTER_DRAFT)?;
        }
        let members: Vec<Party> = roster.members.iter().map(|m| Party::State(m.state)).collect();
        if !members.is_empty() {
            self.core.enqueue(members, Vec::new(), Payload::RosterUpdate(signed.clone()), None).await?;
        }
        Ok(roster)
    }

    /// Every alert, open and acknowledged.
    pub fn alerts(&self) -> NodeResult<Vec<Alert>> {
        alerts::list(&self.core.inner.store)
    }

    /// Acknowledges alert `id` for `by`. For a key change this is what makes
    /// the node seal to and accept the roster's new keys for that party.
    pub fn acknowledge_alert(&self, id: &str, by: &str) -> NodeResult<Alert> {
        let inner = &self.core.inner;
        let alert =
            alerts::get(&inner.store, id)?.ok_or_else(|| NodeError::NotFound { what: "alert", id: id.into() })?;
        if let AlertKind::KeysReplaced { party, listed_fingerprint, .. } = &alert.kind {
            let held = inner.roster().ok_or(NodeError::NoRoster)?;
            let listed = held.roster.listed(*party).map(|n| n.signing_key.fingerprint());
            if listed.as_deref() != Some(listed_fingerprint.as_str()) {
                return Err(NodeError::Refused(Reason::new("refusal-membership-alert-stale").text("party", party)));
            }
            inner.accept_listed_keys(*party)?;
            info!(%party, by, "new keys acknowledged by the operator");
        }
        alerts::acknowledge(&inner.store, id, by, inner.clock.now_ms())?
            .ok_or_else(|| NodeError::NotFound { what: "alert", id: id.into() })
    }

    /// Destroys the retired encryption keys whose grace period is over
    /// (also done every hour by the node itself). Returns how many.
    pub fn destroy_expired_keys(&self) -> NodeResult<usize> {
        let inner = &self.core.inner;
        let destroyed = inner.keys().destroy_expired(&inner.store, inner.clock.now_ms())?;
        if !destroyed.is_empty() {
            inner.set_keys(Keys::load(&inner.store)?);
            info!(keys = destroyed.len(), "retired encryption keys destroyed after their grace period");
        }
        Ok(destroyed.len())
    }

    /// This node's keys, by fingerprint and id (never the keys).
    pub fn keys_view(&self) -> KeysView {
        let keys = self.core.inner.keys();
        KeysView {
            signing_key_fingerprint: keys.identity.public().fingerprint(),
            encryption_key_id: keys.encryption.key_id(),
            retired_encryption_keys: keys.retired.iter().map(|r| r.keypair.key_id()).collect(),
            pending_signing_key_fingerprint: keys.pending.as_ref().map(|(id, _)| id.public().fingerprint()),
            roster_key_fingerprint: keys.roster.as_ref().map(|k| k.public().fingerprint()),
            key_grace_days: self.core.inner.config.key_grace_days,
        }
    }

    /// The ids of this node's encryption keys: current, then retired ones
    /// still in their grace period.
    pub fn encryption_key_ids(&self) -> Vec<dief_protocol::KeyId> {
        self.core.inner.keys().encryption_keys().iter().map(|k| k.key_id()).collect()
    }

    /// Secretariat: queues to a newly admitted State what every service says
    /// it must catch up on (the contact directory, then the current
    /// calendar), as fresh envelopes with the payloads as first sent. One
    /// batch: the new member gets all of it or, if the node stops first,
    /// none of it, never half a calendar.
    pub async fn catch_up(&self, state: StateCode) -> NodeResult<usize> {
        if !self.core.party().is_secretariat() {
            return Err(NodeError::SecretariatOnly("send a new member the current calendar"));
        }
        let roster = self.core.roster().ok_or(NodeError::NoRoster)?;
        if roster.roster.member(state).is_none() {
            return Err(NodeError::Refused(Reason::new("refusal-membership-not-member").text("state", state)));
        }
        let mut payloads: Vec<Payload> = Vec::new();
        for service in self.services.iter() {
            payloads.extend(service.catch_up(&self.core, state)?);
        }
        let n = payloads.len();
        if n == 0 {
            return Ok(0);
        }
        let to = Party::State(state);
        let now = self.core.now_ms();
        let mut batch = self.core.store().batch();
        let mut events = Vec::with_capacity(n);
        for p in payloads {
            events.push(self.core.queue_into(&roster.roster, &mut batch, vec![to], Vec::new(), p, None, now)?.event);
        }
        self.core.commit(batch, now, events).await?;
        self.core.wake(&[to]);
        info!(%state, messages = n, "new member sent the current calendar and directory");
        Ok(n)
    }
}
