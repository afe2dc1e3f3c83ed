//! The roster from the node's side: reading and importing it, a State's
//! join request, and the Secretariat's administration of membership
//! (admit, remove, Chair and term; ToR-1, ToR-4), with the catch-up of a
//! newly admitted State that every service contributes to.

use dief_protocol::roster::{Chair, JoinRequest};
use dief_protocol::{Party, Payload, Roster, SignedJoinRequest, SignedRoster, StateCode};
use tracing::info;

use super::Node;
use crate::core::error::{NodeError, NodeResult};
use crate::core::network::{check_member, Member};

/// Every address a member publishes must be one the other nodes can dial:
/// refused at the request and at admission, naming the address, so that a
/// bad entry never reaches the roster.
fn check_addresses(peer_id: &str, addrs: &[String]) -> NodeResult<()> {
    let member = Member { peer_id: peer_id.to_owned(), addrs: addrs.to_vec() };
    check_member(&member).map_err(|e| NodeError::Invalid(format!("the join request's addresses: {e}")))
}

impl Node {
    pub fn roster(&self) -> Option<Roster> {
        self.core.inner.roster().map(|r| r.roster.clone())
    }

    pub fn signed_roster(&self) -> Option<SignedRoster> {
        self.core.inner.roster().map(|r| r.signed.clone())
    }

    /// Imports a roster received out of band (the first one is checked
    /// against the pinned fingerprint). Returns the sequence now held.
    pub fn import_roster(&self, signed: &SignedRoster) -> NodeResult<u64> {
        self.core.inner.import_roster(signed)?;
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
            .ok_or_else(|| NodeError::Invalid("no membership status configured".into()))?;
        check_addresses(&self.peer_id(), &self.core.inner.config.announce)?;
        let req = JoinRequest {
            state,
            status,
            peer_id: self.peer_id(),
            signing_key: self.core.inner.keys.identity.public(),
            encryption_key: self.core.inner.keys.encryption.public(),
            addrs: self.core.inner.config.announce.clone(),
            requested_at: self.core.inner.clock.now_ms(),
        };
        Ok(req.sign(&self.core.inner.keys.identity)?)
    }

    /// Secretariat: admits a State (or replaces its keys) and publishes the
    /// new roster to every member (ToR-1). A newly admitted State is also
    /// sent the current contact directory and calendar ([`Node::catch_up`]).
    pub async fn admit(&self, request: &SignedJoinRequest) -> NodeResult<Roster> {
        let req = request.verify()?;
        check_addresses(&req.peer_id, &req.addrs)?;
        info!(state = %req.state, "admitting");
        let is_new = self.core.inner.roster().is_some_and(|r| r.roster.member(req.state).is_none());
        let roster = self
            .change_roster(|r, seq| {
                let keep_since = r
                    .member(req.state)
                    .filter(|m| m.node.signing_key == req.signing_key && m.node.encryption_key == req.encryption_key)
                    .map(|m| m.node.keys_since);
                let mut member = req.to_member(seq);
                if let Some(since) = keep_since {
                    member.node.keys_since = since;
                }
                r.upsert(member);
                Ok(())
            })
            .await?;
        if is_new {
            self.catch_up(req.state).await?;
        }
        Ok(roster)
    }

    /// Secretariat: removes a State from the roster.
    pub async fn remove_member(&self, state: StateCode) -> NodeResult<Roster> {
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
    pub async fn set_chair(&self, state: StateCode, term_ends_at: i64) -> NodeResult<Roster> {
        self.change_roster(|r, _| {
            if r.member(state).is_none() {
                return Err(NodeError::Invalid(format!("{state} is not a member")));
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
    pub async fn set_wire_version(&self, version: u16) -> NodeResult<Roster> {
        use dief_protocol::envelope::{OLDEST_WIRE_VERSION, WIRE_VERSION};
        if !(OLDEST_WIRE_VERSION..=WIRE_VERSION).contains(&version) {
            return Err(NodeError::Invalid(format!(
                "wire version {version} is not one this build writes ({OLDEST_WIRE_VERSION} to {WIRE_VERSION})"
            )));
        }
        info!(version, "setting the federation's wire version");
        self.change_roster(|r, _| {
            r.wire_version = version;
            Ok(())
        })
        .await
    }

    async fn change_roster(&self, edit: impl FnOnce(&mut Roster, u64) -> NodeResult<()>) -> NodeResult<Roster> {
        if !self.core.inner.party.is_secretariat() {
            return Err(NodeError::SecretariatOnly("change the roster"));
        }
        let held = self.core.inner.roster().ok_or(NodeError::NoRoster)?;
        let mut next = held.roster.clone();
        next.sequence = held.roster.sequence.saturating_add(1);
        next.issued_at = self.core.inner.clock.now_ms();
        let sequence = next.sequence;
        edit(&mut next, sequence)?;
        let signed = next.sign(&self.core.inner.keys.identity)?;
        self.core.inner.import_roster(&signed)?;
        let members: Vec<Party> = next.members.iter().map(|m| Party::State(m.state)).collect();
        if !members.is_empty() {
            self.core.enqueue(members, Vec::new(), Payload::RosterUpdate(signed), None).await?;
        }
        Ok(next)
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
            return Err(NodeError::Invalid(format!("{state} is not a member")));
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
