//! Text sealed to the member States (issue 11 item 4): every member opens
//! it, nobody else does, and no byte of it can be changed or moved to
//! another message, field or sender.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, Node};
use dief_protocol::keys::EncryptionKeypair;
use dief_protocol::roster::{Member, MemberStatus};
use dief_protocol::sealed::{MemberText, SealedError, SealedText, TextContext};
use dief_protocol::{codec, MessageId, Party, Roster};
use proptest::prelude::*;

struct World {
    sec: Node,
    states: Vec<Node>,
    roster: Roster,
}

fn world() -> World {
    let sec = Node::new(Party::Secretariat);
    let states: Vec<Node> = ["FRA", "GHA", "PER"].iter().map(|s| Node::new(Party::State(code(s)))).collect();
    let mut roster = Roster::genesis(sec.keys(0), 0);
    roster.sequence = 4;
    for n in &states {
        roster.upsert(Member { state: n.party.state().unwrap(), status: MemberStatus::StateParty, node: n.keys(2) });
    }
    World { sec, states, roster }
}

fn ctx(message: MessageId) -> TextContext<'static> {
    TextContext { sender: Party::State(code("FRA")), message, field: "expert purpose" }
}

fn open_as(w: &World, i: usize, sealed: &SealedText, c: &TextContext<'_>) -> Result<String, SealedError> {
    let me = &w.states[i];
    sealed.open(c, me.party.state().unwrap(), &w.states[0].enc.public(), &[&me.enc])
}

fn id() -> MessageId {
    MessageId::generate(1_700_000_000_000).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn every_member_opens_what_was_sealed_to_the_members(text in "\\PC{0,300}") {
        let w = world();
        let c = ctx(id());
        let sealed = SealedText::seal_to_members(&text, &c, &w.states[0].enc, &w.roster).unwrap();
        prop_assert_eq!(sealed.recipients().count(), 3);
        for i in 0..3 {
            prop_assert_eq!(open_as(&w, i, &sealed, &c).unwrap(), text.clone());
        }
        // The wire form round-trips inside a field.
        let field = MemberText::Sealed(sealed.clone());
        let bytes = codec::encode("t", &field, 1 << 20).unwrap();
        prop_assert_eq!(codec::decode::<MemberText>("t", &bytes, 1 << 20).unwrap(), field);
    }

    #[test]
    fn any_flipped_byte_is_refused(pick in any::<prop::sample::Index>(), bit in 0u8..8) {
        let w = world();
        let c = ctx(id());
        let sealed = SealedText::seal_to_members("the canary", &c, &w.states[0].enc, &w.roster).unwrap();
        let bytes = codec::encode("t", &sealed, 1 << 20).unwrap();
        let mut flipped = bytes.clone();
        let at = pick.index(flipped.len());
        flipped[at] ^= 1 << bit;
        // Either it no longer decodes, or the member whose part was changed
        // (all of them, for a byte they share) cannot open it, and nobody
        // opens it to another text. A member's own wrapped key is not bound
        // into the others' associated data: flipping it locks that member
        // out only, as in an envelope.
        // A flip that decodes to the same value (a State code's letter
        // case: codes are read case-insensitively) changes nothing.
        if let Ok(t) = codec::decode::<SealedText>("t", &flipped, 1 << 20).map_err(drop).and_then(|t| if t == sealed { Err(()) } else { Ok(t) }) {
            let opened: Vec<_> = (0..3).map(|i| open_as(&w, i, &t, &c)).collect();
            prop_assert!(opened.iter().any(|r| r.is_err()), "byte {at} flipped still opens for every member");
            for r in opened.into_iter().flatten() {
                prop_assert_eq!(r, "the canary");
            }
        }
    }
}

#[test]
fn it_is_bound_to_its_sender_message_and_field() {
    let w = world();
    let message = id();
    let c = ctx(message);
    let sealed = SealedText::seal_to_members("the canary", &c, &w.states[0].enc, &w.roster).unwrap();
    assert_eq!(open_as(&w, 1, &sealed, &c).unwrap(), "the canary");
    // Pasted into another message.
    let other = ctx(id());
    assert!(matches!(open_as(&w, 1, &sealed, &other), Err(SealedError::Decrypt(_))));
    // Into another field of the same message.
    let field = TextContext { field: "objection reason", ..c };
    assert!(matches!(open_as(&w, 1, &sealed, &field), Err(SealedError::Decrypt(_))));
    // Claimed by another sender.
    let sender = TextContext { sender: Party::State(code("PER")), ..c };
    assert!(matches!(open_as(&w, 1, &sealed, &sender), Err(SealedError::Decrypt(_))));
    // Opened against another sender's key: Auth mode binds the sender's key.
    let me = &w.states[1];
    let err = sealed.open(&c, code("GHA"), &w.states[2].enc.public(), &[&me.enc]).unwrap_err();
    assert!(matches!(err, SealedError::SenderKey { .. }), "{err}");
    // A recipient's wrapped key dropped: the others no longer open it.
    let mut fewer = sealed.clone();
    fewer.keys.retain(|k| k.recipient != code("PER"));
    assert!(matches!(open_as(&w, 1, &fewer, &c), Err(SealedError::Decrypt(_))));
    // A wrapped key swapped between recipients.
    let mut swapped = sealed.clone();
    let (a, b) = (swapped.keys[0].clone(), swapped.keys[1].clone());
    swapped.keys[0].wrapped = b.wrapped;
    swapped.keys[1].wrapped = a.wrapped;
    assert!(open_as(&w, 0, &swapped, &c).is_err());
    assert!(open_as(&w, 1, &swapped, &c).is_err());
}

#[test]
fn the_secretariats_key_cannot_open_it() {
    let w = world();
    let c = ctx(id());
    let sealed = SealedText::seal_to_members("the canary", &c, &w.states[0].enc, &w.roster).unwrap();
    // Never a recipient: the roster's members are States, and the
    // Secretariat's key wraps nothing.
    let sec_key = w.sec.enc.public().key_id();
    assert!(sealed.keys.iter().all(|k| k.key_id != sec_key));
    // Its key in every recipient's place opens nothing.
    for n in &w.states {
        let err = sealed.open(&c, n.party.state().unwrap(), &w.states[0].enc.public(), &[&w.sec.enc]).unwrap_err();
        assert!(matches!(err, SealedError::WrongKey { .. }), "{err}");
    }
    // Even a wrapped key relabelled with the Secretariat's key id does not
    // open under its secret key: the key was wrapped to the member's.
    let mut relabelled = sealed.clone();
    for k in &mut relabelled.keys {
        k.key_id = sec_key;
    }
    for n in &w.states {
        let r = relabelled.open(&c, n.party.state().unwrap(), &w.states[0].enc.public(), &[&w.sec.enc]);
        assert!(r.is_err());
    }
    // And no byte of the text is in the sealed form.
    let bytes = codec::encode("t", &sealed, 1 << 20).unwrap();
    assert!(!bytes.windows(10).any(|win| win == b"the canary"));
}

#[test]
fn a_retired_key_still_opens_and_an_unknown_one_does_not() {
    let w = world();
    let c = ctx(id());
    let sealed = SealedText::seal_to_members("x", &c, &w.states[0].enc, &w.roster).unwrap();
    let newer = EncryptionKeypair::generate().unwrap();
    let gha = &w.states[1];
    let r = sealed.open(&c, code("GHA"), &w.states[0].enc.public(), &[&newer, &gha.enc]);
    assert_eq!(r.unwrap(), "x");
    let err = sealed.open(&c, code("GHA"), &w.states[0].enc.public(), &[&newer]).unwrap_err();
    assert!(matches!(err, SealedError::WrongKey { .. }), "{err}");
    assert!(matches!(
        sealed.open(&c, code("ARG"), &w.states[0].enc.public(), &[&newer]),
        Err(SealedError::NotForMe(_))
    ));
}

#[test]
fn shape_checks_are_bounded() {
    let w = world();
    let c = ctx(id());
    let sealed = SealedText::seal_to_members("x", &c, &w.states[0].enc, &w.roster).unwrap();
    assert!(sealed.validate("f", 10).is_ok());
    let mut long = sealed.clone();
    long.ciphertext = vec![0; 12 + 16 + 11];
    assert!(matches!(long.validate("f", 10), Err(SealedError::TooLong { .. })));
    let mut twice = sealed.clone();
    twice.keys.push(twice.keys[0].clone());
    assert!(matches!(twice.validate("f", 10), Err(SealedError::DuplicateRecipient(_))));
    let mut none = sealed;
    none.keys.clear();
    assert!(matches!(none.validate("f", 10), Err(SealedError::NoRecipients)));
}
