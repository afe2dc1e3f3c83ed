//! Trust that does not rest on the Secretariat alone (issue 11): a party's
//! keys change only with a rotation signed by its previous keys, a roster
//! key only with a change signed by the key it replaces, and what a member
//! pinned decides which keys it seals to and accepts.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, Node};
use dief_protocol::codec;
use dief_protocol::envelope::{seal, Draft, EnvelopeError};
use dief_protocol::keys::KeyError;
use dief_protocol::payload::Reply;
use dief_protocol::reason::Explain;
use dief_protocol::roster::{
    JoinRequest, KeyChange, KeyRecovery, KeyRotation, MemberStatus, NodeKeys, RosterError, SignedKeyRotation,
    SignedRoster, MAX_KEY_HISTORY, MAX_ROSTER_KEY_CHAIN,
};
use dief_protocol::{
    CaseId, EncryptionKeypair, IdentityKeypair, Member, MessageId, Party, Payload, Roster, SigningPublicKey,
};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_100_000;

fn roster_with(sec: &Node, roster_key: &IdentityKeypair, members: &[&Node]) -> Roster {
    let mut roster = Roster::genesis_with_roster_key(sec.keys(0), roster_key.public(), 0);
    roster.sequence = 2;
    for n in members {
        roster.upsert(Member { state: n.party.state().unwrap(), status: MemberStatus::StateParty, node: n.keys(1) });
    }
    roster
}

/// A reply about a case of FRA's, from `from` to `recipients`.
fn reply_draft(from: Party, recipients: Vec<Party>, body: &str) -> Draft {
    Draft {
        message_id: MessageId::generate_for(from, 1).unwrap(),
        recipients,
        references: vec![],
        created_at: NOW,
        payload: Payload::Reply(Reply {
            case_id: CaseId::new(code("FRA"), MessageId::generate(1).unwrap()),
            in_reply_to: None,
            body: body.into(),
            language: "en".into(),
        }),
    }
}

/// `node`'s next keys, with the rotation statement signed by the current
/// and the next signing keys.
/// The transport key (PeerId) stays: `transport` is the first node's.
fn rotate(node: &Node, transport: SigningPublicKey) -> (Node, SignedKeyRotation) {
    let next = Node::new(node.party);
    let rotation = KeyRotation {
        party: node.party,
        previous_signing_key: node.id.public(),
        signing_key: next.id.public(),
        encryption_key: next.enc.public(),
        transport_key: transport,
        addrs: vec!["/ip4/127.0.0.1/tcp/4200".into()],
        rotated_at: NOW,
    };
    let signed = rotation.sign(&node.id, &next.id).unwrap();
    (next, signed)
}

#[test]
fn a_rotation_signed_by_the_previous_keys_is_followed() {
    let fra = Node::new(Party::State(code("FRA")));
    let pinned = fra.keys(1);
    let (next, signed) = rotate(&fra, fra.id.public());
    let rotated = pinned.rotated(&signed.verify().unwrap(), signed.clone(), 5);
    assert_eq!(rotated.signing_key, next.id.public());
    assert_eq!(rotated.keys_since, 5);
    assert_eq!(rotated.follows_from(&pinned, fra.party), KeyChange::Rotated);
    assert_eq!(rotated.follows_from(&rotated, fra.party), KeyChange::Same);
    // Two rotations later, a member that pinned the first keys follows.
    let (third, signed2) = rotate(&next, fra.id.public());
    let twice = rotated.rotated(&signed2.verify().unwrap(), signed2, 7);
    assert_eq!(twice.signing_key, third.id.public());
    assert_eq!(twice.follows_from(&pinned, fra.party), KeyChange::Rotated);
    // Another party's rotation does not vouch for FRA's keys.
    assert!(matches!(twice.follows_from(&pinned, Party::State(code("GHA"))), KeyChange::Unverified { .. }));
}

/// The Secretariat replaces FRA's keys with its own choice: nothing links
/// them to the keys members pinned, declared recovery or not.
#[test]
fn keys_replaced_without_a_rotation_are_unverified() {
    let fra = Node::new(Party::State(code("FRA")));
    let pinned = fra.keys(1);
    let attacker = Node::new(fra.party);
    let swapped = attacker.keys(6);
    assert_eq!(swapped.follows_from(&pinned, fra.party), KeyChange::Unverified { recovery: None });
    let recovery = KeyRecovery { previous_signing_key: fra.id.public(), reason: "disk lost".into(), declared_at: NOW };
    let declared = NodeKeys { recovery: Some(recovery.clone()), ..swapped.clone() };
    assert_eq!(declared.follows_from(&pinned, fra.party), KeyChange::Unverified { recovery: Some(recovery) });
    // A rotation signed by the attacker's own key, claiming FRA's as the
    // previous one, does not verify.
    let rotation = KeyRotation {
        party: fra.party,
        previous_signing_key: fra.id.public(),
        signing_key: attacker.id.public(),
        encryption_key: attacker.enc.public(),
        transport_key: fra.id.public(),
        addrs: vec![],
        rotated_at: NOW,
    };
    assert!(rotation.sign(&attacker.id, &attacker.id).is_err());
    let body = codec::encode("r", &rotation, 1 << 16).unwrap();
    let digest = dief_protocol::keys::digest_parts(b"dief/key-rotation/v1", &[&body]);
    let forged = SignedKeyRotation { body, by_previous: attacker.id.sign(&digest), by_new: attacker.id.sign(&digest) };
    let err = forged.verify().unwrap_err();
    assert!(err.to_string().contains("not signed by its previous signing key"), "{err}");
    let with_forgery = NodeKeys { rotations: vec![forged], ..swapped };
    assert!(matches!(with_forgery.follows_from(&pinned, fra.party), KeyChange::Unverified { .. }));
    // Keys pinned longer ago than the history kept are not followed.
    let transport = fra.id.public();
    let mut node = fra;
    let mut keys = pinned.clone();
    for seq in 0..=MAX_KEY_HISTORY as u64 {
        let (next, signed) = rotate(&node, transport);
        keys = keys.rotated(&signed.verify().unwrap(), signed, seq + 2);
        node = next;
    }
    assert_eq!(keys.rotations.len(), MAX_KEY_HISTORY);
    assert!(matches!(keys.follows_from(&pinned, node.party), KeyChange::Unverified { .. }));
}

#[test]
fn the_roster_applies_only_a_rotation_from_the_keys_it_lists() {
    let (sec, rk) = (Node::new(Party::Secretariat), IdentityKeypair::generate().unwrap());
    let fra = Node::new(Party::State(code("FRA")));
    let mut roster = roster_with(&sec, &rk, &[&fra]);
    // A rotation keeps the transport key (the PeerId peers dial).
    let (moved, signed) = rotate(&fra, Node::new(fra.party).id.public());
    let err = roster.clone().apply_rotation(&signed, 3).unwrap_err();
    assert!(err.to_string().contains("keeps the node's transport key"), "{err}");
    drop(moved);
    let (next, signed) = rotate(&fra, fra.id.public());
    assert_eq!(roster.apply_rotation(&signed, 3).unwrap(), fra.party);
    assert_eq!(roster.node(fra.party).unwrap().peer_id, fra.id.public().peer_id());
    assert_eq!(roster.node(fra.party).unwrap().signing_key, next.id.public());
    assert_eq!(roster.member(code("FRA")).unwrap().status, MemberStatus::StateParty);
    // The same statement again no longer starts from the listed keys.
    let err = roster.apply_rotation(&signed, 4).unwrap_err();
    assert!(err.to_string().contains("but the roster lists"), "{err}");
    roster.sequence = 3;
    roster.validate().unwrap();
}

/// The roster key changes with a statement signed by the key it replaces;
/// a member that pinned the first key follows the chain, and a key nothing
/// links to (the online Secretariat node's, a stolen one) signs nothing.
#[test]
fn members_follow_the_roster_key_chain_and_nothing_else() {
    let sec = Node::new(Party::Secretariat);
    let first = IdentityKeypair::generate().unwrap();
    let mut roster = roster_with(&sec, &first, &[]);
    let signed = roster.sign(&first).unwrap();
    assert_eq!(signed.verify(&first.public()).unwrap().sequence, 2);
    // The Secretariat node's own key cannot sign a roster with a roster key.
    let err = roster.sign(&sec.id).unwrap_err();
    assert!(err.to_string().contains("signed by the roster key"), "{err}");
    let forged = SignedRoster { body: signed.body.clone(), signature: sec.id.sign(b"anything") };
    assert!(matches!(forged.verify(&first.public()), Err(RosterError::BadSignature { .. })));

    let second = IdentityKeypair::generate().unwrap();
    let third = IdentityKeypair::generate().unwrap();
    roster.change_roster_key(&first, &second, NOW).unwrap();
    roster.change_roster_key(&second, &third, NOW).unwrap();
    roster.sequence = 3;
    let later = roster.sign(&third).unwrap();
    assert_eq!(later.verify(&first.public()).unwrap().signer(), third.public());
    assert_eq!(later.verify(&second.public()).unwrap().sequence, 3);
    let pin = first.public().fingerprint();
    assert_eq!(later.verify_pinned(|k| k.fingerprint() == pin).unwrap().sequence, 3);
    assert_eq!(roster.roster_keys(), vec![first.public(), second.public(), third.public()]);
    // The old key can no longer sign: its roster names the new key.
    assert!(roster.sign(&first).is_err());
    // A roster naming a key the chain does not reach is refused.
    let stranger = IdentityKeypair::generate().unwrap();
    let mut rogue = roster_with(&sec, &stranger, &[]);
    rogue.sequence = 9;
    let rogue = rogue.sign(&stranger).unwrap();
    assert!(matches!(rogue.verify(&first.public()), Err(RosterError::UnlinkedRosterKey { .. })));
    assert!(rogue.verify_pinned(|k| k.fingerprint() == pin).is_err());
    // Only the current roster key changes the key.
    assert!(roster.change_roster_key(&first, &stranger, NOW).is_err());
}

/// Every refusal of a roster, a join request or a rotation is a catalog
/// key with arguments whose English entry says what `Display` says (issue
/// 12), so a reader of any language is told why.
#[test]
fn every_roster_refusal_is_worded_from_the_catalog() {
    let (sec, rk) = (Node::new(Party::Secretariat), IdentityKeypair::generate().unwrap());
    let (fra, gha) = (Node::new(Party::State(code("FRA"))), Node::new(Party::State(code("GHA"))));
    let roster = roster_with(&sec, &rk, &[&fra, &gha]);
    let mut errors: Vec<RosterError> = Vec::new();
    let mut invalid = |edit: &dyn Fn(&mut Roster)| {
        let mut r = roster.clone();
        edit(&mut r);
        errors.push(r.validate().unwrap_err());
    };
    let (_, rotation) = rotate(&fra, fra.id.public());
    let mut chained = roster.clone();
    let second = IdentityKeypair::generate().unwrap();
    chained.change_roster_key(&rk, &second, NOW).unwrap();
    let link = chained.roster_key_chain[0].clone();
    invalid(&|r| r.secretariat.rotations = vec![rotation.clone(); MAX_KEY_HISTORY + 1]);
    invalid(&|r| {
        let reason = "x".repeat(1001);
        r.secretariat.recovery = Some(KeyRecovery { previous_signing_key: rk.public(), reason, declared_at: NOW });
    });
    invalid(&|r| r.secretariat.peer_id = "12D3KooWother".into());
    invalid(&|r| r.secretariat.addrs = vec![String::new()]);
    invalid(&|r| r.members[0].node.encryption_key = dief_protocol::keys::EncryptionPublicKey([0; 32]));
    invalid(&|r| r.format = 2);
    invalid(&|r| r.wire_version = 0);
    invalid(&|r| r.roster_key_chain = vec![link.clone(); MAX_ROSTER_KEY_CHAIN + 1]);
    invalid(&|r| r.members.reverse());
    invalid(&|r| r.members[1].node = r.members[0].node.clone());
    invalid(&|r| r.members[0].node.keys_since = 9);
    invalid(&|r| r.chair = Some(dief_protocol::roster::Chair { state: code("PER"), term_ends_at: NOW }));
    errors.push(roster.sign(&sec.id).unwrap_err());
    errors.push(roster.sign(&rk).unwrap().verify_pinned(|_| false).unwrap_err());
    errors.push(roster.clone().change_roster_key(&sec.id, &second, NOW).unwrap_err());
    let mut full = chained.clone();
    full.roster_key_chain = vec![link; MAX_ROSTER_KEY_CHAIN];
    errors.push(full.change_roster_key(&second, &rk, NOW).unwrap_err());

    let request = JoinRequest {
        state: code("PER"),
        status: MemberStatus::Signatory,
        peer_id: gha.id.public().peer_id(),
        transport_key: None,
        signing_key: gha.id.public(),
        encryption_key: gha.enc.public(),
        addrs: vec!["/ip4/127.0.0.1/tcp/4300".into()],
        requested_at: NOW,
    };
    errors.push(request.sign(&fra.id).unwrap_err());
    let mut forged = request.sign(&gha.id).unwrap();
    forged.signature = fra.id.sign(b"anything");
    errors.push(forged.verify().unwrap_err());

    let statement = |previous: &Node, next: &Node| KeyRotation {
        party: fra.party,
        previous_signing_key: previous.id.public(),
        signing_key: next.id.public(),
        encryption_key: next.enc.public(),
        transport_key: fra.id.public(),
        addrs: vec![],
        rotated_at: NOW,
    };
    let other = Node::new(fra.party);
    errors.push(statement(&fra, &other).sign(&other.id, &other.id).unwrap_err());
    let body = codec::encode("r", &statement(&fra, &other), 1 << 16).unwrap();
    let digest = dief_protocol::keys::digest_parts(b"dief/key-rotation/v1", &[&body]);
    let by = |k: &IdentityKeypair| k.sign(&digest);
    let unsigned = |p: &IdentityKeypair, n: &IdentityKeypair| SignedKeyRotation {
        body: body.clone(),
        by_previous: by(p),
        by_new: by(n),
    };
    errors.push(unsigned(&other.id, &other.id).verify().unwrap_err());
    errors.push(unsigned(&fra.id, &fra.id).verify().unwrap_err());
    errors.push(statement(&fra, &fra).sign(&fra.id, &fra.id).unwrap().verify().unwrap_err());
    let (_, per_rotation) = rotate(&Node::new(Party::State(code("PER"))), fra.id.public());
    errors.push(roster.clone().apply_rotation(&per_rotation, 3).unwrap_err());
    errors.push(roster.clone().apply_rotation(&rotate(&fra, gha.id.public()).1, 3).unwrap_err());
    errors.push(
        roster.clone().apply_rotation(&statement(&other, &gha).sign(&other.id, &gha.id).unwrap(), 3).unwrap_err(),
    );

    errors.push(SignedRoster { body: vec![1, 2, 3], signature: rk.sign(b"x") }.verify(&rk.public()).unwrap_err());
    errors.push(RosterError::BadSignature { expected: rk.public().key_id() });
    errors.push(RosterError::Stale { offered: 3, held: 4 });
    errors.push(RosterError::AlreadyHeld(4));
    errors.push(RosterError::Conflicting { offered: 4 });
    errors.push(RosterError::UnlinkedRosterKey { signer: "ab:cd".into(), held: "ef:01".into() });
    errors.push(RosterError::Key(KeyError::Random));

    let keys: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.reason().key).collect();
    assert_eq!(keys.len(), errors.len(), "each case meets its own refusal: {keys:?}");
    for e in &errors {
        assert_eq!(common::english(&e.reason()), e.to_string(), "{:?}", e.reason());
    }
    // The text a person pastes (a join request, a roster, a rotation).
    let armoured = dief_protocol::armor::armor("DIEF JOIN REQUEST", b"x");
    for e in [
        dief_protocol::armor::dearmor("DIEF ROSTER", &armoured).unwrap_err(),
        dief_protocol::armor::dearmor("DIEF JOIN REQUEST", &armoured.replace("78", "zz")).unwrap_err(),
    ] {
        assert_eq!(common::english(&e.reason()), e.to_string(), "{:?}", e.reason());
    }
    // A rotation carried in a message is refused with the roster's reason.
    let refused = Payload::KeyRotation(unsigned(&other.id, &other.id)).validate().unwrap_err();
    assert_eq!(refused.reason().key, "refusal-roster-rotation-not-by-previous");
}

/// A hostile State cannot enter the roster with a key of small order.
/// With an encryption key of small order every envelope sealed to it and to
/// others fails to seal (HPKE refuses the zero Diffie-Hellman), so the
/// Secretariat could invite no one; under a signing key of small order its
/// signatures prove nothing. Its join request, a roster listing it and a
/// rotation to such keys are refused, naming the key.
#[test]
fn keys_of_small_order_are_refused_at_every_door() {
    use dief_protocol::keys::EncryptionPublicKey;
    let (sec, rk) = (Node::new(Party::Secretariat), IdentityKeypair::generate().unwrap());
    let (fra, gha) = (Node::new(Party::State(code("FRA"))), Node::new(Party::State(code("GHA"))));
    let zero = EncryptionPublicKey([0; 32]);
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let identity = SigningPublicKey(identity);

    // What the checks prevent: one weak member, and an envelope to it and
    // to FRA cannot be sealed at all.
    let mut unchecked = roster_with(&sec, &rk, &[&fra, &gha]);
    unchecked.members[1].node.encryption_key = zero;
    let draft = reply_draft(sec.party, vec![fra.party, gha.party], "to both");
    assert!(seal(&sec.sender(), &unchecked, draft).is_err(), "sealed past a recipient of small order");
    let refused = unchecked.validate().unwrap_err();
    assert_eq!(refused.reason().key, "refusal-roster-weak-key", "{refused}");
    assert!(refused.to_string().contains(&zero.key_id().to_string()), "{refused}");
    assert!(unchecked.sign(&rk).is_err(), "the Secretariat signed a roster with a weak key");
    let mut weak_signer = roster_with(&sec, &rk, &[&fra, &gha]);
    weak_signer.roster_key = Some(identity);
    assert!(
        matches!(weak_signer.validate(), Err(RosterError::Key(KeyError::Invalid { .. }))),
        "a roster key of small order"
    );

    let request = |signing_key: SigningPublicKey, encryption_key: EncryptionPublicKey| JoinRequest {
        state: code("PER"),
        status: MemberStatus::StateParty,
        peer_id: gha.id.public().peer_id(),
        transport_key: None,
        signing_key,
        encryption_key,
        addrs: vec![],
        requested_at: NOW,
    };
    let honest = request(gha.id.public(), gha.enc.public()).sign(&gha.id).unwrap();
    assert!(honest.verify().is_ok());
    let weak_enc = request(gha.id.public(), zero).sign(&gha.id).unwrap();
    assert_eq!(weak_enc.verify().unwrap_err().reason().key, "refusal-roster-weak-key");
    // Under the identity point no secret is needed: R = [s]B verifies for
    // every message. The forged proof of possession passes the signature
    // check and is refused for the key.
    let mut forged = [0u8; 64];
    forged[0] = 0x58;
    forged[1..32].fill(0x66);
    forged[32] = 1;
    let forged = dief_protocol::keys::Signature(forged);
    assert!(identity.verify(b"any message at all", &forged).is_ok(), "the identity point no longer verifies R = B");
    let body = codec::encode("join request", &request(identity, gha.enc.public()), codec::MAX_ROSTER_BYTES).unwrap();
    let weak_sig = dief_protocol::SignedJoinRequest { body, signature: forged };
    assert_eq!(weak_sig.verify().unwrap_err().reason().key, "refusal-roster-weak-key");

    let rotation = KeyRotation {
        party: fra.party,
        previous_signing_key: fra.id.public(),
        signing_key: gha.id.public(),
        encryption_key: zero,
        transport_key: fra.id.public(),
        addrs: vec![],
        rotated_at: NOW,
    };
    let signed = rotation.sign(&fra.id, &gha.id).unwrap();
    assert_eq!(signed.verify().unwrap_err().reason().key, "refusal-roster-weak-key");

    // A roster key changed to the identity point would let anyone sign the
    // next rosters: refused, though both its signatures verify.
    let change = dief_protocol::roster::RosterKeyChange { previous: rk.public(), key: identity, changed_at: NOW };
    let body = codec::encode("roster key change", &change, codec::MAX_ROSTER_BYTES).unwrap();
    let digest = dief_protocol::keys::digest_parts(b"dief/roster-key-change/v1", &[&body]);
    let weak_change =
        dief_protocol::roster::SignedRosterKeyChange { body, by_previous: rk.sign(&digest), by_new: forged };
    assert!(identity.verify(&digest, &forged).is_ok());
    assert!(
        matches!(weak_change.verify(), Err(RosterError::Key(KeyError::Invalid { .. }))),
        "{:?}",
        weak_change.verify()
    );
}

/// A pinned entry is what sealing and verifying use; the digest members
/// compare stays the signed roster's.
#[test]
fn pins_decide_the_keys_used_and_leave_the_digest_alone() {
    let (sec, rk) = (Node::new(Party::Secretariat), IdentityKeypair::generate().unwrap());
    let fra = Node::new(Party::State(code("FRA")));
    let gha = Node::new(Party::State(code("GHA")));
    let signed_view = roster_with(&sec, &rk, &[&fra, &gha]);
    let attacker = Node::new(gha.party);
    let mut swapped = signed_view.clone();
    swapped.upsert(Member { state: code("GHA"), status: MemberStatus::StateParty, node: attacker.keys(2) });
    swapped.sequence = 3;
    let digest = swapped.digest().unwrap();
    // FRA pins GHA's keys from before the swap.
    let mut held = swapped.clone();
    held.pins.insert(gha.party, gha.keys(1));
    assert_eq!(held.digest().unwrap(), digest);
    assert_eq!(held.node(gha.party).unwrap().signing_key, gha.id.public());
    assert_eq!(held.listed(gha.party).unwrap().signing_key, attacker.id.public());
    assert_eq!(held.party_of_peer(&gha.id.public().peer_id()), Some(gha.party));
    assert_eq!(held.party_of_peer(&attacker.id.public().peer_id()), None);
    let reply = |from: Party| reply_draft(from, vec![gha.party], "sealed after the swap");
    // What FRA seals after the swap opens with GHA's real key only.
    let env = seal(&fra.sender(), &held, reply(fra.party)).unwrap();
    assert!(env.open(&held, gha.party, &gha.enc, NOW).is_ok());
    let err = env.open(&swapped, gha.party, &attacker.enc, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::WrongKey { .. } | EnvelopeError::Decrypt(_)), "{err}");
    // What the attacker signs is not accepted by FRA as GHA's.
    let forged = seal(&attacker.sender(), &swapped, Draft { recipients: vec![fra.party], ..reply(gha.party) }).unwrap();
    assert!(forged.verify(&held, fra.party, NOW).is_err());
    // A clone does not carry a cached digest over to an edited copy.
    let mut cached = held.clone();
    let d = cached.cache_digest().unwrap();
    let mut edited = cached.clone();
    edited.sequence = 4;
    assert_ne!(edited.digest().unwrap(), d);
    let _ = EncryptionKeypair::generate().unwrap();
}

proptest! {
    #[test]
    fn rotations_and_roster_key_changes_round_trip(seed in any::<[u8; 32]>(), at in any::<i64>(), port in 1u16..) {
        let prev = IdentityKeypair::from_seed(&seed).unwrap();
        let next = IdentityKeypair::generate().unwrap();
        let enc = EncryptionKeypair::generate().unwrap();
        let r = KeyRotation {
            party: Party::State(code("GHA")),
            previous_signing_key: prev.public(),
            signing_key: next.public(),
            encryption_key: enc.public(),
            transport_key: prev.public(),
            addrs: vec![format!("/ip4/127.0.0.1/tcp/{port}")],
            rotated_at: at,
        };
        let signed = r.sign(&prev, &next).unwrap();
        let bytes = codec::encode("r", &signed, 1 << 16).unwrap();
        let back: SignedKeyRotation = codec::decode("r", &bytes, 1 << 16).unwrap();
        prop_assert_eq!(back.verify().unwrap(), r);
        let sec = Node::new(Party::Secretariat);
        let mut roster = Roster::genesis_with_roster_key(sec.keys(0), prev.public(), at);
        roster.change_roster_key(&prev, &next, at).unwrap();
        let signed = roster.sign(&next).unwrap();
        let back: SignedRoster = codec::decode("r", &codec::encode("r", &signed, 1 << 20).unwrap(), 1 << 20).unwrap();
        prop_assert_eq!(back.verify(&prev.public()).unwrap(), roster);
    }
}
