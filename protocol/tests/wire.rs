//! Envelope, roster and receipt: round trips, tampering, recipients,
//! staleness, and the Secretariat rule (DESIGN invariants 1 and 2).

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, Node};
use dief_protocol::case::Marking;
use dief_protocol::codec::{self, CodecError};
use dief_protocol::envelope::{seal, Draft, EnvelopeError, Header, WIRE_VERSION};
use dief_protocol::payload::{CaseRecord, CaseStatus, Investigation, Reply};
use dief_protocol::roster::{MemberStatus, RosterError};
use dief_protocol::{
    CaseContent, CaseId, Envelope, IdentityKeypair, Kind, Member, MessageId, Party, Payload, Receipt, Response, Roster,
};
use proptest::prelude::*;

struct World {
    sec: Node,
    a: Node,
    b: Node,
    c: Node,
    roster: Roster,
}

fn world() -> World {
    let sec = Node::new(Party::Secretariat);
    let a = Node::new(Party::State(code("FRA")));
    let b = Node::new(Party::State(code("GHA")));
    let c = Node::new(Party::State(code("PER")));
    let mut roster = Roster::genesis(sec.keys(0), 0);
    roster.sequence = 4;
    for n in [&a, &b, &c] {
        roster.upsert(Member { state: n.party.state().unwrap(), status: MemberStatus::StateParty, node: n.keys(2) });
    }
    roster.validate().unwrap();
    World { sec, a, b, c, roster }
}

fn case(summary: &str) -> CaseRecord {
    CaseRecord {
        id: CaseId::new(code("FRA"), MessageId::generate(1_700_000_000_000).unwrap()),
        version: 1,
        created_at: 1,
        updated_at: 1,
        content: CaseContent {
            summary: summary.into(),
            marking: Marking { confidentiality: "DIEF confidential".into(), ..Marking::default() },
            ..CaseContent::new("Rifles in a container", CaseStatus::Detected, Investigation::Ongoing)
        },
    }
}

fn share(w: &World, to: Vec<Party>, summary: &str) -> Result<Envelope, EnvelopeError> {
    seal(
        &w.a.sender(),
        &w.roster,
        Draft {
            message_id: MessageId::generate_for(w.a.party, 1_700_000_000_000).unwrap(),
            recipients: to,
            references: vec![],
            created_at: 1_700_000_000_000,
            payload: Payload::CaseShare { case: case(summary), provider: code("FRA") },
        },
    )
}

const NOW: i64 = 1_700_000_100_000;

#[test]
fn the_chosen_recipients_open_and_nobody_else() {
    let w = world();
    let env = share(&w, vec![w.b.party, w.c.party], "ten kilobytes of detail").unwrap();
    let env = Envelope::from_bytes(&env.to_bytes().unwrap()).unwrap();
    for n in [&w.b, &w.c] {
        let o = env.open(&w.roster, n.party, &n.enc, NOW).unwrap();
        assert_eq!(o.header.sender, w.a.party);
        assert!(
            matches!(o.payload, Payload::CaseShare { ref case, .. } if case.content.summary == "ten kilobytes of detail")
        );
    }
    let only_b = share(&w, vec![w.b.party], "x").unwrap();
    assert!(matches!(only_b.open(&w.roster, w.c.party, &w.c.enc, NOW), Err(EnvelopeError::NotForMe(_))));
    // C's key cannot open B's wrapped key even if C claims to be B.
    assert!(only_b.open(&w.roster, w.b.party, &w.c.enc, NOW).is_err());
}

#[test]
fn a_verification_only_opens_the_envelope_it_was_made_for() {
    let w = world();
    let one = share(&w, vec![w.b.party], "one").unwrap();
    let two = share(&w, vec![w.b.party], "two").unwrap();
    let v1 = one.verify(&w.roster, w.b.party, NOW).unwrap();
    assert!(two.open_verified(v1.clone(), &w.roster, &w.b.enc).is_err());
    let opened = one.open_verified(v1, &w.roster, &w.b.enc).unwrap();
    assert!(matches!(opened.payload, Payload::CaseShare { ref case, .. } if case.content.summary == "one"));
}

#[test]
fn case_content_is_never_sealed_to_the_secretariat() {
    let w = world();
    let err = share(&w, vec![w.b.party, Party::Secretariat], "x").unwrap_err();
    assert!(matches!(err, EnvelopeError::SecretariatCannotReceiveCaseContent { .. }), "{err}");
    // A roster update may go to the Secretariat.
    let signed = w.roster.sign(&w.sec.id).unwrap();
    seal(
        &w.a.sender(),
        &w.roster,
        Draft {
            message_id: MessageId::generate_for(w.a.party, 1).unwrap(),
            recipients: vec![Party::Secretariat],
            references: vec![],
            created_at: 1,
            payload: Payload::RosterUpdate(signed),
        },
    )
    .unwrap();
}

/// A sender that bypasses `seal` and signs a case envelope addressed to the
/// Secretariat: the receiving side refuses it too.
#[test]
fn case_content_is_never_accepted_by_the_secretariat() {
    let w = world();
    let header = Header {
        version: WIRE_VERSION,
        message_id: MessageId::generate_for(w.a.party, 1).unwrap(),
        sender: w.a.party,
        sender_signing_key: w.a.id.public().key_id(),
        sender_encryption_key: w.a.enc.key_id(),
        recipients: vec![Party::Secretariat],
        kind: Kind::CaseShare,
        created_at: 1,
        references: vec![],
        roster_seq: w.roster.sequence,
        roster_digest: Some(w.roster.digest().unwrap()),
    };
    let mut env = Envelope {
        header: codec::encode("h", &header, 1 << 16).unwrap(),
        keys: vec![],
        ciphertext: vec![0; 64],
        signature: w.a.id.sign(b"placeholder"),
    };
    env.signature = w.a.id.sign(&env.digest());
    assert!(matches!(
        env.verify(&w.roster, Party::Secretariat, NOW),
        Err(EnvelopeError::SecretariatCannotReceiveCaseContent { .. })
    ));
    // Any State addressed along with the Secretariat refuses it as well.
    let mut h2 = header.clone();
    h2.recipients = vec![w.b.party, Party::Secretariat];
    env.header = codec::encode("h", &h2, 1 << 16).unwrap();
    env.signature = w.a.id.sign(&env.digest());
    assert!(matches!(
        env.verify(&w.roster, w.b.party, NOW),
        Err(EnvelopeError::SecretariatCannotReceiveCaseContent { .. })
    ));
}

#[test]
fn recipients_are_checked_at_sealing() {
    let w = world();
    assert!(matches!(share(&w, vec![], "x"), Err(EnvelopeError::NoRecipients)));
    assert!(matches!(share(&w, vec![w.b.party, w.b.party], "x"), Err(EnvelopeError::DuplicateRecipient(_))));
    assert!(matches!(share(&w, vec![w.a.party], "x"), Err(EnvelopeError::SelfAddressed(_))));
    assert!(matches!(share(&w, vec![Party::State(code("DEU"))], "x"), Err(EnvelopeError::UnknownParty(_))));
}

#[test]
fn a_message_signed_under_an_older_roster_or_key_is_stale() {
    let w = world();
    let env = share(&w, vec![w.b.party], "x").unwrap();
    // The Secretariat publishes new keys for FRA in roster 5.
    let fresh = Node::new(w.a.party);
    let mut next = w.roster.clone();
    next.sequence = 5;
    next.upsert(Member { state: code("FRA"), status: MemberStatus::StateParty, node: fresh.keys(5) });
    let err = env.open(&next, w.b.party, &w.b.enc, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::StaleKey { .. }), "{err}");
    // A message stamped with roster 4 but signed with the keys introduced
    // at roster 5 cannot be genuine: stale roster.
    let mut as_of_4 = next.clone();
    as_of_4.sequence = 4;
    let w5 = World { roster: as_of_4, a: fresh, ..w };
    let env = share(&w5, vec![w5.b.party], "x").unwrap();
    let err = env.open(&next, w5.b.party, &w5.b.enc, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::StaleRoster { sealed: 4, keys_since: 5, .. }), "{err}");
}

#[test]
fn a_message_from_a_newer_roster_asks_for_the_roster_only_when_needed() {
    let w = world();
    let env = share(&w, vec![w.b.party], "x").unwrap();
    // The receiver is behind but knows the sender's current keys: it can verify.
    let mut behind = w.roster.clone();
    behind.sequence = 3;
    env.open(&behind, w.b.party, &w.b.enc, NOW).unwrap();
    // The receiver is behind and does not know the sender: catch up first.
    let mut without_fra = behind.clone();
    without_fra.remove(code("FRA"));
    let err = env.open(&without_fra, w.b.party, &w.b.enc, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::RosterBehind { .. }), "{err}");
    assert!(err.is_retryable());
    // Same without being behind: an unknown sender.
    let mut current_without = w.roster.clone();
    current_without.remove(code("FRA"));
    assert!(matches!(env.open(&current_without, w.b.party, &w.b.enc, NOW), Err(EnvelopeError::UnknownParty(_))));
    // Behind, and the sender's keys changed since: catch up first too.
    let mut other_keys = behind.clone();
    other_keys.upsert(Member {
        state: code("FRA"),
        status: MemberStatus::StateParty,
        node: Node::new(w.a.party).keys(2),
    });
    assert!(matches!(env.open(&other_keys, w.b.party, &w.b.enc, NOW), Err(EnvelopeError::RosterBehind { .. })));
}

#[test]
fn a_message_from_the_future_is_refused() {
    let w = world();
    let env = share(&w, vec![w.b.party], "x").unwrap();
    assert!(matches!(
        env.open(&w.roster, w.b.party, &w.b.enc, 1_600_000_000_000),
        Err(EnvelopeError::FromTheFuture { .. })
    ));
}

#[test]
fn receipts_bind_recipient_message_and_envelope() {
    let w = world();
    let env = share(&w, vec![w.b.party], "x").unwrap();
    let h = env.peek_header().unwrap();
    let r = Receipt {
        message_id: h.message_id,
        envelope_digest: env.digest(),
        recipient: w.b.party,
        sender: w.a.party,
        received_at: NOW,
        duplicate: false,
        roster: None,
    }
    .sign(&w.b.id)
    .unwrap();
    r.verify(&w.b.id.public(), w.b.party, h.message_id, &env.digest()).unwrap();
    assert!(r.verify(&w.c.id.public(), w.b.party, h.message_id, &env.digest()).is_err());
    assert!(r.verify(&w.b.id.public(), w.c.party, h.message_id, &env.digest()).is_err());
    assert!(r.verify(&w.b.id.public(), w.b.party, MessageId::generate(5).unwrap(), &env.digest()).is_err());
    assert!(r.verify(&w.b.id.public(), w.b.party, h.message_id, &[0; 32]).is_err());
    let resp = Response::Receipt(r);
    assert_eq!(Response::from_bytes(&resp.to_bytes().unwrap()).unwrap(), resp);
}

#[test]
fn rosters_verify_and_refuse_stale_or_forged() {
    let w = world();
    let signed = w.roster.sign(&w.sec.id).unwrap();
    let anchor = w.sec.id.public();
    let r = signed.verify(&anchor).unwrap();
    assert_eq!(r, w.roster);
    let mut older = w.roster.clone();
    older.sequence = 3;
    let older_signed = older.sign(&w.sec.id).unwrap();
    assert!(matches!(older_signed.accept(&anchor, Some((&r, &signed))), Err(RosterError::Stale { .. })));
    assert!(matches!(signed.accept(&anchor, Some((&r, &signed))), Err(RosterError::AlreadyHeld(4))));
    // Signed by a member instead of the Secretariat.
    assert!(w.roster.sign(&w.a.id).is_err());
    let mut tampered = signed.clone();
    let i = tampered.body.len() / 2;
    tampered.body[i] ^= 0x40;
    assert!(tampered.verify(&anchor).is_err());
    // An earlier roster is told apart by its sequence alone, before any
    // signature check (nothing is taken from it): even forged, it is stale.
    let mut forged_older = older_signed.clone();
    forged_older.signature = signed.signature;
    assert!(forged_older.verify(&anchor).is_err());
    assert!(matches!(forged_older.not_held_nor_older(&r, &signed), Err(RosterError::Stale { offered: 3, held: 4 })));
    assert!(matches!(signed.not_held_nor_older(&r, &signed), Err(RosterError::AlreadyHeld(4))));
    // The same sequence with other bytes is verified: forged, it is
    // refused as forged; signed, it is a conflict (a split view).
    let mut same = w.roster.clone();
    same.issued_at += 1;
    let same_signed = same.sign(&w.sec.id).unwrap();
    assert!(same_signed.not_held_nor_older(&r, &signed).is_ok());
    assert!(matches!(same_signed.accept(&anchor, Some((&r, &signed))), Err(RosterError::Conflicting { offered: 4 })));
    let mut forged_same = same_signed.clone();
    forged_same.signature = signed.signature;
    assert!(matches!(forged_same.accept(&anchor, Some((&r, &signed))), Err(RosterError::BadSignature { .. })));
}

#[test]
fn decoding_refuses_oversize_and_trailing_bytes() {
    let w = world();
    let bytes = share(&w, vec![w.b.party], "x").unwrap().to_bytes().unwrap();
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(matches!(Envelope::from_bytes(&trailing), Err(EnvelopeError::Codec(CodecError::Trailing { .. }))));
    let big = vec![0u8; codec::MAX_ENVELOPE_BYTES + 1];
    assert!(matches!(Envelope::from_bytes(&big), Err(EnvelopeError::Codec(CodecError::TooLarge { .. }))));
}

#[derive(Debug, Clone, Copy)]
enum Part {
    Header,
    Keys,
    Ciphertext,
    Signature,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any single flipped bit of header, recipient key list, wrapped key or
    /// ciphertext is refused.
    #[test]
    fn any_flipped_byte_is_refused(
        part in prop_oneof![Just(Part::Header), Just(Part::Keys), Just(Part::Ciphertext), Just(Part::Signature)],
        pos in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let w = world();
        let mut env = share(&w, vec![w.b.party, w.c.party], "payload").unwrap();
        let target = match part {
            Part::Header => &mut env.header,
            Part::Keys => &mut env.keys,
            Part::Ciphertext => &mut env.ciphertext,
            Part::Signature => &mut env.signature.0.to_vec(),
        };
        let i = pos.index(target.len());
        target[i] ^= 1 << bit;
        if let Part::Signature = part {
            env.signature.0[i] ^= 1 << bit;
        }
        prop_assert!(env.open(&w.roster, w.b.party, &w.b.enc, NOW).is_err());
    }

    #[test]
    fn envelopes_round_trip(summary in ".{0,200}", reply in ".{1,100}", n in 1usize..3) {
        let w = world();
        let to: Vec<Party> = [w.b.party, w.c.party].into_iter().take(n).collect();
        let env = share(&w, to, &summary).unwrap();
        let back = Envelope::from_bytes(&env.to_bytes().unwrap()).unwrap();
        prop_assert_eq!(&back, &env);
        let o = back.open(&w.roster, w.b.party, &w.b.enc, NOW).unwrap();
        let ok = matches!(o.payload, Payload::CaseShare { ref case, .. } if case.content.summary == summary);
        prop_assert!(ok, "the opened case differs");

        let r = Payload::Reply(Reply { case_id: case("").id, in_reply_to: None, body: reply.clone(), language: "fr".into() });
        if reply.trim().is_empty() {
            prop_assert!(r.validate().is_err());
        } else {
            prop_assert_eq!(Payload::decode(&r.encode().unwrap()).unwrap(), r);
        }
    }

    #[test]
    fn rosters_round_trip(seq in 1u64..1_000_000, chair_end in any::<i64>()) {
        let w = world();
        let mut r = w.roster.clone();
        r.sequence = seq.max(4);
        r.chair = Some(dief_protocol::roster::Chair { state: code("GHA"), term_ends_at: chair_end });
        let s = r.sign(&w.sec.id).unwrap();
        let bytes = codec::encode("r", &s, codec::MAX_ROSTER_BYTES).unwrap();
        let back: dief_protocol::SignedRoster = codec::decode("r", &bytes, codec::MAX_ROSTER_BYTES).unwrap();
        prop_assert_eq!(back.verify(&w.sec.id.public()).unwrap(), r);
    }

    #[test]
    fn join_requests_round_trip_and_prove_possession(
        addrs in prop::collection::vec("/ip4/10\\.0\\.0\\.[0-9]{1,2}/tcp/[0-9]{4}", 0..4),
        at in any::<i64>(),
        signatory in any::<bool>(),
        own_transport in any::<bool>(),
    ) {
        let n = Node::new(Party::State(code("GHA")));
        let transport = own_transport.then(|| dief_protocol::IdentityKeypair::generate().unwrap().public());
        let req = dief_protocol::roster::JoinRequest {
            state: code("GHA"),
            status: if signatory { MemberStatus::Signatory } else { MemberStatus::StateParty },
            peer_id: transport.unwrap_or(n.id.public()).peer_id(),
            signing_key: n.id.public(),
            encryption_key: n.enc.public(),
            transport_key: transport,
            addrs,
            requested_at: at,
        };
        let signed = req.sign(&n.id).unwrap();
        let bytes = codec::encode("j", &signed, codec::MAX_ROSTER_BYTES).unwrap();
        let back: dief_protocol::SignedJoinRequest = codec::decode("j", &bytes, codec::MAX_ROSTER_BYTES).unwrap();
        prop_assert_eq!(back.verify().unwrap(), req.clone());
        // Signed by another key: no proof of possession.
        let other = IdentityKeypair::generate().unwrap();
        prop_assert!(req.sign(&other).is_err());
        let mut forged = back.clone();
        forged.signature = other.sign(&forged.body);
        prop_assert!(forged.verify().is_err());
    }

    #[test]
    fn receipts_and_responses_round_trip(at in any::<i64>(), duplicate in any::<bool>(), reason in ".{0,100}", retryable in any::<bool>(), seq in any::<Option<u64>>()) {
        let w = world();
        let r = Receipt {
            message_id: MessageId::generate(7).unwrap(),
            envelope_digest: [9; 32],
            recipient: w.b.party,
            sender: w.a.party,
            received_at: at,
            duplicate,
            roster: seq.map(|sequence| dief_protocol::envelope::RosterMark { sequence, digest: [3; 32] }),
        };
        let signed = r.sign(&w.b.id).unwrap();
        let resp = Response::Receipt(signed.clone());
        prop_assert_eq!(Response::from_bytes(&resp.to_bytes().unwrap()).unwrap(), resp);
        prop_assert_eq!(signed.verify(&w.b.id.public(), w.b.party, r.message_id, &[9; 32]).unwrap(), r);
        let refused = Response::Refused { reason, retryable };
        prop_assert_eq!(Response::from_bytes(&refused.to_bytes().unwrap()).unwrap(), refused);
    }

    /// A resend request travels to anyone, the Secretariat included (it
    /// names a time only), and round-trips through the envelope; a time
    /// before the epoch is refused when decoding.
    #[test]
    fn resend_requests_round_trip_and_may_go_to_the_secretariat(since_ms in any::<i64>()) {
        let w = world();
        let p = Payload::ResendRequest(dief_protocol::payload::ResendRequest { since_ms });
        prop_assert!(!p.kind().is_case_content());
        let decoded = Payload::decode(&p.encode().unwrap());
        if since_ms < 0 {
            prop_assert!(decoded.is_err());
        } else {
            prop_assert_eq!(decoded.unwrap(), p.clone());
            let env = seal(
                &w.a.sender(),
                &w.roster,
                Draft {
                    message_id: MessageId::generate_for(w.a.party, 3).unwrap(),
                    recipients: vec![Party::Secretariat, w.b.party],
                    references: vec![],
                    created_at: 3,
                    payload: p.clone(),
                },
            ).unwrap();
            let back = Envelope::from_bytes(&env.to_bytes().unwrap()).unwrap();
            prop_assert_eq!(back.open(&w.roster, w.b.party, &w.b.enc, NOW).unwrap().payload, p);
        }
    }

    /// Decoding hostile bytes never panics.
    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Envelope::from_bytes(&bytes);
        let _ = Response::from_bytes(&bytes);
        let _ = Payload::decode(&bytes);
        let _ = codec::decode::<dief_protocol::SignedRoster>("r", &bytes, 1 << 20);
        let _ = codec::decode::<Header>("h", &bytes, 1 << 20);
    }
}
