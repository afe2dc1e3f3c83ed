//! ToR-20: the contact directory. A State publishes signed contact cards for
//! its law-enforcement agencies; the card goes to the Secretariat only, which
//! verifies it, keeps it and relays the same signed bytes to every other
//! member through its outbox. Every receiver verifies the signature against
//! its own roster (never trusting the relay) and keeps the newest version of
//! each card.
//!
//! Storage: each version of a card is kept in the `exchanges` column family
//! under `c/<STATE>/<card id>/<sequence>` ([`records::contact_key`]); the
//! [`Directory`] is rebuilt from those keys on every listing (simple and
//! correct: cards are few, and one key per version means two versions
//! arriving at once never overwrite each other).
//!
//! What a receiver does with a card:
//! - from the card's own State, or relayed by the Secretariat: verified and
//!   kept if newer; any other sender is refused (non-retryable);
//! - a bad signature (a forgery, or a relay that altered the card): refused,
//!   non-retryable;
//! - a card of a State not (yet) on the receiver's roster: refused as
//!   retryable (the roster that admits it may still be on its way);
//! - an older or equal sequence (stale, or a duplicate through the relay and
//!   the State): **receipted but not applied**. Delivery succeeded; the
//!   content is simply superseded, which happens legitimately when an
//!   update overtakes the version it replaces. It is logged, and the
//!   Secretariat does not relay it again.
//!
//! A card's `notes` are sealed to the member States when it is signed
//! (issue 11 item 4): the Secretariat keeps and relays the directory
//! (agency, address, role, languages, contacts are its business under
//! ToR-20) but not the free text. Members open the notes as a card arrives
//! (or is published) and keep them (`Core::keep_opened`), so that they stay
//! readable after keys change; they are shown when the directory is listed.

use std::any::Any;

use dief_protocol::meeting::{Contact, ContactCard, Directory, DirectoryQuery, MeetingError, Role, SignedContactCard};
use dief_protocol::reason::Reason;
use dief_protocol::sealed::{MemberText, TextContext};
use dief_protocol::{Date, Kind, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tracing::{debug, info, info_span, warn, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::{Core, Queued};
use crate::core::node::Node;
use crate::core::service::{later, refuse, Applied, Arrival, BoxFuture, Refusal, Service};
use crate::core::store::{Batch, Cf};
use crate::services::records;

/// The contact directory as a service of the node: takes contact cards,
/// and gives a newly admitted State the current directory.
#[derive(Debug)]
pub struct Contacts;

impl Service for Contacts {
    fn name(&self) -> &'static str {
        "contacts"
    }

    fn takes(&self, kind: Kind) -> bool {
        kind == Kind::ContactCard
    }

    fn apply(&self, core: &Core, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal> {
        let Payload::ContactCard(signed) = arrival.payload else {
            return Err(Refusal::permanent(format!("{} is not a contact card", arrival.payload.kind())));
        };
        Ok(Applied::relay(apply_card(core, arrival.sender, signed, arrival.now, batch)?))
    }

    /// Every member's current card but the new State's own.
    /// Only cards that verify under today's roster: the directory lists a
    /// card its State signed before rotating its keys (it was verified when
    /// it came), but the new State checks against today's roster and would
    /// refuse it for good, leaving the relay set aside here. Its State's
    /// card signed again with the new key is sent instead.
    fn catch_up(&self, core: &Core, state: StateCode) -> NodeResult<Vec<Payload>> {
        let roster = core.roster().ok_or(NodeError::NoRoster)?;
        Ok(directory(core)?
            .signed()
            .filter(|card| card.peek().is_ok_and(|c| c.state != state))
            .filter(|card| card.verify_with(&roster.roster).is_ok())
            .cloned()
            .map(Payload::ContactCard)
            .collect())
    }

    /// A State signs its cards again once a rotation of its keys is in
    /// effect (checked at start and on every roster change).
    fn background(&self, core: Core, mut shutdown: watch::Receiver<bool>) -> Option<BoxFuture<'static, ()>> {
        if core.party().is_secretariat() {
            return None;
        }
        Some(Box::pin(async move {
            let mut rosters = core.roster_changes();
            loop {
                match sign_again_after_rotation(&core).await {
                    Ok(0) => {}
                    Ok(n) => info!(cards = n, "contact cards signed again with this State's new key"),
                    Err(e) => warn!(error = %e, "contact cards could not be signed again after a key rotation"),
                }
                tokio::select! {
                    biased;
                    _ = shutdown.changed() => break,
                    changed = rosters.changed() => if changed.is_err() { break },
                }
            }
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What a State fills in to publish (or update) a contact card.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ContactDraft {
    /// The card to replace. Without it, this State's current card for the
    /// same agency (compared case-insensitively) is replaced if there is
    /// one; otherwise a new card is made.
    #[serde(default)]
    pub id: Option<MessageId>,
    pub agency: String,
    pub role: Role,
    #[serde(default)]
    pub address: String,
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub withdrawn: bool,
}

/// A card as published: the message that carried it to the Secretariat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Published {
    pub message_id: MessageId,
    pub card: ContactCard,
}

/// Every stored signed card, in key order (State, card, sequence).
fn stored_cards(core: &Core, prefix: &[u8]) -> NodeResult<Vec<SignedContactCard>> {
    core.store()
        .scan_prefix(Cf::Exchanges, prefix)?
        .into_iter()
        .map(|(_, v)| records::decode("contact card", &v).map_err(NodeError::from))
        .collect()
}

/// The directory as this node holds it under its current roster; cards
/// of States no longer on the roster are dropped.
fn directory(core: &Core) -> NodeResult<Directory> {
    let roster = core.roster().ok_or(NodeError::NoRoster)?;
    let mut dir = Directory::new();
    for signed in stored_cards(core, records::CONTACT_PREFIX)? {
        // Versions are applied oldest first. Every stored card was verified
        // as it arrived (or signed here): it stays listed after its State
        // rotates keys, which a check against today's roster would drop.
        if let Err(e) = dir.restore(&signed) {
            if !matches!(e, MeetingError::Stale { .. } | MeetingError::AlreadyHeld(_)) {
                debug!(error = %e, "stored contact card not listed");
            }
        }
    }
    dir.retain_members(&roster.roster);
    Ok(dir)
}

/// Seals the card's notes to the member States (when given in clear),
/// signs it with this State's current identity key, stores it and sends it
/// to the Secretariat, in one batch.
async fn sign_and_send(core: &Core, card: &ContactCard) -> NodeResult<MessageId> {
    card.validate()?;
    let (state, id, sequence) = (card.state, card.id, card.sequence);
    let mut sealed = card.clone();
    if let Some(notes) = card.notes.clear().filter(|n| !n.is_empty()) {
        sealed.notes = core.seal_for_members(notes, &notes_context(card))?;
    }
    let signed = core.with_identity(|id| sealed.sign(id))?;
    let value = records::encode("contact card", &signed)?;
    let key = records::contact_key(state, &id, sequence);
    let opener = core.clone();
    let message_id = core
        .enqueue_with(vec![Party::Secretariat], Vec::new(), Payload::ContactCard(signed), None, move |_, batch| {
            batch.put(Cf::Exchanges, &key, &value);
            opener.keep_opened(batch, &sealed.notes, &notes_context(&sealed));
            Ok(())
        })
        .instrument(info_span!("publish_contact", card = %id, sequence))
        .await?;
    info!(card = %id, sequence, "contact card published");
    Ok(message_id)
}

/// After this State's keys rotated: publishes again, signed with the new
/// key, each of its cards whose newest version the new key did not sign.
/// Every member keeps listing the old version (verified when it came), but
/// a State admitted later checks what it is given against today's roster
/// and would refuse it. Returns how many cards were published again.
async fn sign_again_after_rotation(core: &Core) -> NodeResult<usize> {
    let Party::State(state) = core.party() else { return Ok(0) };
    let key = core.with_identity(|id| id.public());
    // The newest version of each own card, as the directory keeps them.
    let mut own = Directory::new();
    for signed in stored_cards(core, &records::contact_state_prefix(state))? {
        let _ = own.restore(&signed);
    }
    let stale: Vec<SignedContactCard> = own.signed().filter(|s| s.verify(&key).is_err()).cloned().collect();
    let mut again = 0;
    for signed in stale {
        let mut card = signed.peek()?;
        card.sequence = card.sequence.saturating_add(1);
        card.issued_on = Date::from_unix_ms(core.now_ms());
        // The notes as this node kept them; sealed as they were if it has
        // no clear copy (they were sealed before it kept what it opened).
        card.notes = core.open_for_view(&card.notes, &notes_context(&card));
        sign_and_send(core, &card).await?;
        again += 1;
    }
    Ok(again)
}

/// The newest stored version of one card, if any.
fn newest_card(core: &Core, state: StateCode, id: &MessageId) -> NodeResult<Option<(ContactCard, SignedContactCard)>> {
    let newest = stored_cards(core, &records::contact_card_prefix(state, id))?.into_iter().last();
    match newest {
        Some(s) => Ok(Some((s.peek()?, s))),
        None => Ok(None),
    }
}

impl Node {
    /// ToR-20: signs a contact card with this State's identity key and sends
    /// it to the Secretariat, which relays it to every member. An update
    /// keeps the card's id and takes the next sequence.
    pub async fn publish_contact(&self, draft: ContactDraft) -> NodeResult<Published> {
        let Party::State(state) = self.core().party() else {
            return Err(NodeError::Refused(Reason::new("refusal-contacts-state-only")));
        };
        let now = self.core().now_ms();
        let own = stored_cards(self.core(), &records::contact_state_prefix(state))?;
        let own: Vec<ContactCard> = own.iter().map(|s| s.peek()).collect::<Result<_, _>>()?;
        let id = match draft.id {
            Some(id) => {
                if !own.iter().any(|c| c.id == id) {
                    return Err(NodeError::NotFound { what: "contact card", id: id.to_string() });
                }
                id
            }
            None => {
                let agency = draft.agency.trim().to_lowercase();
                // The newest version of each card decides its agency.
                let mut newest: Vec<&ContactCard> = Vec::new();
                for c in &own {
                    match newest.iter_mut().find(|n| n.id == c.id) {
                        Some(n) if n.sequence < c.sequence => *n = c,
                        Some(_) => {}
                        None => newest.push(c),
                    }
                }
                match newest.iter().find(|c| !c.withdrawn && c.agency.trim().to_lowercase() == agency) {
                    Some(c) => c.id,
                    None => MessageId::generate(u64::try_from(now).unwrap_or(0))
                        .map_err(|e| NodeError::Internal(format!("no new message id: {e}")))?,
                }
            }
        };
        let sequence = own.iter().filter(|c| c.id == id).map(|c| c.sequence).max().unwrap_or(0).saturating_add(1);
        let card = ContactCard {
            state,
            id,
            sequence,
            issued_on: Date::from_unix_ms(now),
            agency: draft.agency,
            role: draft.role,
            address: draft.address,
            contacts: draft.contacts,
            languages: draft.languages,
            notes: MemberText::Clear(draft.notes),
            withdrawn: draft.withdrawn,
        };
        let message_id = sign_and_send(self.core(), &card).await?;
        Ok(Published { message_id, card })
    }

    /// ToR-20: the current cards of member States matching `q`, by State
    /// then agency. The Secretariat lists the cards it relayed.
    pub fn contacts(&self, q: &DirectoryQuery) -> NodeResult<Vec<ContactCard>> {
        // The text is matched after the notes are opened, so a member finds
        // a card by its notes and the Secretariat never does.
        let unfiltered = DirectoryQuery { text: None, ..q.clone() };
        let dir = directory(self.core())?;
        Ok(dir
            .search(&unfiltered)
            .into_iter()
            .map(|c| {
                let mut c = c.clone();
                c.notes = self.core().open_for_view(&c.notes, &notes_context(&c));
                c
            })
            .filter(|c| c.matches(q))
            .collect())
    }
}

/// A card's notes are bound to its State and its id (the signature binds
/// them to the version).
fn notes_context(card: &ContactCard) -> TextContext<'static> {
    TextContext { sender: Party::State(card.state), message: card.id, field: "contact notes" }
}

#[cfg(feature = "test-support")]
impl Node {
    /// Tests only: signs any card, whatever State it names, with this
    /// node's own identity key, so a test can forge another State's card and
    /// show that every receiver refuses it.
    pub fn sign_contact_unchecked(&self, card: &ContactCard) -> NodeResult<SignedContactCard> {
        Ok(self.core().with_identity(|id| card.sign(id))?)
    }
}

/// Receive side of a contact card (see the module documentation). Adds the
/// card to `batch` if it is newer than the version held; on the Secretariat
/// also queues the relay to every other member in the same batch.
fn apply_card(
    core: &Core,
    sender: Party,
    signed: &SignedContactCard,
    now: i64,
    batch: &mut Batch,
) -> Result<Option<Queued>, Refusal> {
    let me = core.party();
    let Some(roster) = core.roster() else { return later("this node has no roster yet") };
    let claimed = match signed.peek() {
        Ok(c) => c,
        Err(e) => return refuse(format!("contact card: {e}")),
    };
    let from_its_state = sender == Party::State(claimed.state);
    let may_send = if me.is_secretariat() { from_its_state } else { from_its_state || sender.is_secretariat() };
    if !may_send {
        return refuse(format!(
            "{sender} cannot send {}'s contact card: a card comes from its State, or relayed by the Secretariat",
            claimed.state
        ));
    }
    let card = match signed.verify_with(&roster.roster) {
        Ok(c) => c,
        Err(MeetingError::Refused(why)) => return later(format!("contact card: {why}")),
        Err(e) => return refuse(format!("contact card refused: {e}")),
    };
    // The notes are sealed to the members when the card is signed: clear
    // notes were readable by the Secretariat, which keeps and relays cards.
    if let Err(e) = card.notes.require_sealed(notes_context(&card).field) {
        return refuse(format!("contact card refused: {e}"));
    }
    let held = match newest_card(core, card.state, &card.id) {
        Ok(h) => h,
        Err(e) => return Err(Refusal::store_failed(e)),
    };
    if let Some((h, hs)) = held {
        if card.sequence <= h.sequence {
            if hs.body != signed.body {
                info!(card = %card.id, offered = card.sequence, held = h.sequence, "stale contact card not applied");
            } else {
                debug!(card = %card.id, sequence = card.sequence, "contact card already held");
            }
            return Ok(None);
        }
    }
    match records::encode("contact card", signed) {
        Ok(v) => batch.put(Cf::Exchanges, &records::contact_key(card.state, &card.id, card.sequence), &v),
        Err(e) => return refuse(e.to_string()),
    }
    if !me.is_secretariat() {
        // The notes stay readable after FRA's or this node's keys change.
        core.keep_opened(batch, &card.notes, &notes_context(&card));
        return Ok(None);
    }
    // ToR-20: the Secretariat relays the same signed card to every other
    // member, queued in the batch that stores it.
    let to: Vec<Party> = roster.roster.members.iter().map(|m| Party::State(m.state)).filter(|p| *p != sender).collect();
    if to.is_empty() {
        return Ok(None);
    }
    match core.queue_into(&roster.roster, batch, to, Vec::new(), Payload::ContactCard(signed.clone()), None, now) {
        Ok(q) => Ok(Some(q)),
        Err(e) => {
            warn!(error = %e, "could not queue the relay of a contact card");
            later("the Secretariat could not queue the relay")
        }
    }
}
