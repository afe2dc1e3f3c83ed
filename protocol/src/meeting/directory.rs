//! The ToR-20 contact directory. Cards are signed by the publishing State so
//! that the Secretariat can relay them to every member but never alter one,
//! and a node can rebuild its directory from the signed cards alone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{invalid, not_member, MeetingError, Role, MAX_CONTACTS, MAX_SHORT, MAX_SIGNED_BYTES};
use crate::codec;
use crate::date::Date;
use crate::ids::{MessageId, Party, StateCode};
use crate::keys::{digest_parts, IdentityKeypair, Signature, SigningPublicKey};
use crate::payload::{PayloadError, MAX_TITLE};
use crate::procedure::{check_language, check_text};
use crate::reason::Reason;
use crate::roster::Roster;
use crate::sealed::MemberText;

const CARD_DOMAIN: &[u8] = b"dief/contact-card/v1";

/// One way to reach someone at an agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Function, e.g. "Duty officer, arms trafficking unit".
    pub function: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// ToR-20: up-to-date contact details of a State's law-enforcement agency,
/// published through the Secretariat to all members. Signed by the
/// publishing State's identity key, so the Secretariat relays it but cannot
/// forge it. A card keeps its `id` across versions; a higher `sequence`
/// replaces a lower one; `withdrawn` retires it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactCard {
    pub state: StateCode,
    pub id: MessageId,
    pub sequence: u64,
    pub issued_on: Date,
    pub agency: String,
    pub role: Role,
    #[serde(default)]
    pub address: String,
    pub contacts: Vec<Contact>,
    /// BCP 47 tags of the languages the agency works in (ToR-23).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Free text sealed to the member States (issue 11 item 4): the
    /// Secretariat relays the card but has no need of the notes. The
    /// agency, its address, role, languages and contacts stay in clear:
    /// they are the ToR-20 directory that the Secretariat publishes and
    /// keeps, and it must be able to reach the agencies itself.
    #[serde(default)]
    pub notes: MemberText,
    #[serde(default)]
    pub withdrawn: bool,
}

impl ContactCard {
    pub fn validate(&self) -> Result<(), PayloadError> {
        if self.sequence == 0 {
            return Err(invalid(Reason::new("refusal-card-sequence-zero"), "contact card sequences start at 1"));
        }
        check_text("agency", &self.agency, MAX_SHORT, true)?;
        check_text("address", &self.address, MAX_TITLE, false)?;
        self.notes.validate("notes", MAX_TITLE * 4, false)?;
        if self.contacts.is_empty() && !self.withdrawn {
            return Err(PayloadError::Empty("contacts"));
        }
        if self.contacts.len() > MAX_CONTACTS {
            return Err(invalid(
                Reason::new("refusal-card-too-many-contacts").number("limit", MAX_CONTACTS),
                format!("a card has at most {MAX_CONTACTS} contacts"),
            ));
        }
        for c in &self.contacts {
            check_text("contact function", &c.function, MAX_SHORT, true)?;
            check_text("contact name", &c.name, MAX_SHORT, false)?;
            check_text("e-mail", &c.email, MAX_SHORT, false)?;
            check_text("phone", &c.phone, MAX_SHORT, false)?;
            if c.email.trim().is_empty() && c.phone.trim().is_empty() {
                return Err(invalid(
                    Reason::new("refusal-card-contact-unreachable").text("function", format!("{:?}", c.function)),
                    format!("contact {:?} needs an e-mail address or a phone number", c.function),
                ));
            }
            if !c.email.is_empty() && !c.email.contains('@') {
                return Err(invalid(
                    Reason::new("refusal-card-email").text("email", format!("{:?}", c.email)),
                    format!("{:?} is not an e-mail address", c.email),
                ));
            }
        }
        if self.languages.len() > 16 {
            return Err(invalid(
                Reason::new("refusal-card-too-many-languages").number("limit", 16),
                "at most 16 languages",
            ));
        }
        for l in &self.languages {
            check_language(l)?;
        }
        Ok(())
    }

    /// Signs with the publishing State's identity key.
    pub fn sign(&self, identity: &IdentityKeypair) -> Result<SignedContactCard, MeetingError> {
        self.validate()?;
        let body = codec::encode("contact card", self, MAX_SIGNED_BYTES)?;
        let signature = identity.sign(&digest_parts(CARD_DOMAIN, &[&body]));
        Ok(SignedContactCard { body, signature })
    }

    /// Whether the card matches a directory query.
    pub fn matches(&self, q: &DirectoryQuery) -> bool {
        if q.state.is_some_and(|s| s != self.state) || q.role.is_some_and(|r| r != self.role) {
            return false;
        }
        let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { return true };
        let needle = text.to_lowercase();
        // Sealed notes are searched only once a member has opened them
        // (the node replaces them by the clear text before searching).
        let notes = self.notes.clear().unwrap_or_default();
        let fields = [self.agency.as_str(), self.address.as_str(), notes, self.state.as_str()];
        fields.iter().any(|f| f.to_lowercase().contains(&needle))
            || self
                .contacts
                .iter()
                .any(|c| [&c.function, &c.name, &c.email, &c.phone].iter().any(|f| f.to_lowercase().contains(&needle)))
    }
}

/// A contact card as signed: the exact bytes and the signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedContactCard {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    pub signature: Signature,
}

impl SignedContactCard {
    /// Decodes without checking the signature (to learn the publishing State).
    pub fn peek(&self) -> Result<ContactCard, MeetingError> {
        Ok(codec::decode("contact card", &self.body, MAX_SIGNED_BYTES)?)
    }

    /// Verifies under the publishing State's identity key and decodes.
    pub fn verify(&self, key: &SigningPublicKey) -> Result<ContactCard, MeetingError> {
        let card = self.peek()?;
        key.verify(&digest_parts(CARD_DOMAIN, &[&self.body]), &self.signature)
            .map_err(|_| MeetingError::BadSignature { what: "contact card", signer: Party::State(card.state) })?;
        card.validate()?;
        Ok(card)
    }

    /// Verifies under the key the roster holds for the card's State.
    pub fn verify_with(&self, roster: &Roster) -> Result<ContactCard, MeetingError> {
        let state = self.peek()?.state;
        let member = roster.member(state).ok_or_else(|| not_member(state))?;
        self.verify(&member.node.signing_key)
    }
}

/// A search of the directory; every set field must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    #[serde(default)]
    pub state: Option<StateCode>,
    #[serde(default)]
    pub role: Option<Role>,
    /// Case-insensitive substring of the agency, address, notes or a contact.
    #[serde(default)]
    pub text: Option<String>,
}

/// ToR-20: the contact directory a node holds: the newest signed version of
/// every card. Withdrawn cards are kept (so an older version cannot come
/// back) but not listed. The node persists the signed cards ([`Directory::signed`])
/// and rebuilds the directory by applying them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    cards: BTreeMap<(StateCode, MessageId), (ContactCard, SignedContactCard)>,
}

/// What applying a card did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applied {
    Added,
    Replaced { previous: u64 },
}

impl Directory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies `signed` against the roster and keeps it if it is newer than
    /// the version held. An older or equal sequence is refused.
    pub fn apply(&mut self, signed: &SignedContactCard, roster: &Roster) -> Result<Applied, MeetingError> {
        let card = signed.verify_with(roster)?;
        self.keep(card, signed)
    }

    /// [`Directory::apply`] for a card verified when it was stored: its
    /// signature stays what it was when checked, even after its State
    /// rotated to a key the roster now names instead (a card must not
    /// vanish from a directory because its State changed keys). The body
    /// is still decoded and validated.
    pub fn restore(&mut self, signed: &SignedContactCard) -> Result<Applied, MeetingError> {
        let card = signed.peek()?;
        card.validate()?;
        self.keep(card, signed)
    }

    fn keep(&mut self, card: ContactCard, signed: &SignedContactCard) -> Result<Applied, MeetingError> {
        let key = (card.state, card.id);
        let applied = match self.cards.get(&key) {
            Some((held, held_signed)) if card.sequence == held.sequence && held_signed.body == signed.body => {
                return Err(MeetingError::AlreadyHeld(card.sequence));
            }
            Some((held, _)) if card.sequence <= held.sequence => {
                return Err(MeetingError::Stale { what: "contact card", offered: card.sequence, held: held.sequence });
            }
            Some((held, _)) => Applied::Replaced { previous: held.sequence },
            None => Applied::Added,
        };
        self.cards.insert(key, (card, signed.clone()));
        Ok(applied)
    }

    /// The card held under this State and id, withdrawn or not.
    pub fn get(&self, state: StateCode, id: MessageId) -> Option<&ContactCard> {
        self.cards.get(&(state, id)).map(|(c, _)| c)
    }

    /// Every signed card held, to relay to a peer that is behind.
    pub fn signed(&self) -> impl Iterator<Item = &SignedContactCard> {
        self.cards.values().map(|(_, s)| s)
    }

    /// Current cards matching `q`, by State then agency.
    pub fn search(&self, q: &DirectoryQuery) -> Vec<&ContactCard> {
        let mut out: Vec<&ContactCard> =
            self.cards.values().map(|(c, _)| c).filter(|c| !c.withdrawn && c.matches(q)).collect();
        out.sort_by(|a, b| (a.state, &a.agency, a.id).cmp(&(b.state, &b.agency, b.id)));
        out
    }

    /// Cards of States no longer on the roster are dropped.
    pub fn retain_members(&mut self, roster: &Roster) {
        self.cards.retain(|(state, _), _| roster.member(*state).is_some());
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }
}
