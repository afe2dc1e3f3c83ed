//! Wire versions (issue 14): this build reads the previous release's
//! envelopes (a committed fixture written by it), writes the version the
//! roster asks for, refuses a version it does not read with a reason that
//! says which side must upgrade, and detects a split roster view.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, Node};
use dief_protocol::codec;
use dief_protocol::envelope::{seal, seal_writing, Draft, EnvelopeError, Header, OLDEST_WIRE_VERSION, WIRE_VERSION};
use dief_protocol::payload::Reply;
use dief_protocol::roster::{MemberStatus, SignedRoster};
use dief_protocol::{EncryptionKeypair, Envelope, IdentityKeypair, Kind, Member, MessageId, Party, Payload, Roster};

const NOW: i64 = 1_700_000_100_000;

struct World {
    sec: Node,
    a: Node,
    b: Node,
    roster: Roster,
}

fn world(wire_version: u16) -> World {
    let sec = Node::new(Party::Secretariat);
    let a = Node::new(Party::State(code("FRA")));
    let b = Node::new(Party::State(code("GHA")));
    let mut roster = Roster::genesis(sec.keys(0), 0);
    roster.sequence = 3;
    roster.wire_version = wire_version;
    for n in [&a, &b] {
        roster.upsert(Member { state: n.party.state().unwrap(), status: MemberStatus::StateParty, node: n.keys(2) });
    }
    roster.validate().unwrap();
    World { sec, a, b, roster }
}

fn reply(text: &str) -> Payload {
    Payload::Reply(Reply {
        case_id: dief_protocol::CaseId::new(code("GHA"), MessageId::generate(1).unwrap()),
        in_reply_to: None,
        body: text.into(),
        language: "en".into(),
    })
}

fn draft(to: Party, payload: Payload) -> Draft {
    Draft {
        message_id: MessageId::generate_for(Party::State(code("FRA")), 1).unwrap(),
        recipients: vec![to],
        references: vec![],
        created_at: NOW,
        payload,
    }
}

/// Signs `header` as `from` with an empty key list: enough for the checks
/// that come before decryption.
fn signed(from: &Node, header: &Header) -> Envelope {
    signed_bytes(from, codec::encode("h", header, 1 << 16).unwrap())
}

fn signed_bytes(from: &Node, header: Vec<u8>) -> Envelope {
    let mut env = Envelope { header, keys: vec![], ciphertext: vec![], signature: from.id.sign(b"placeholder") };
    env.signature = from.id.sign(&env.digest());
    env
}

fn header(w: &World, version: u16, roster_digest: Option<[u8; 32]>) -> Header {
    Header {
        version,
        message_id: MessageId::generate_for(w.a.party, 1).unwrap(),
        sender: w.a.party,
        sender_signing_key: w.a.id.public().key_id(),
        sender_encryption_key: w.a.enc.key_id(),
        recipients: vec![w.b.party],
        kind: Kind::Reply,
        created_at: NOW,
        references: vec![],
        roster_seq: w.roster.sequence,
        roster_digest,
    }
}

fn hex_field(json: &serde_json::Value, name: &str) -> Vec<u8> {
    hex::decode(json[name].as_str().unwrap()).unwrap()
}

/// The envelope and roster in the fixture were written by dief 0.1.0
/// (commit 4befa6c, wire version 1, rosters without a wire version). This
/// build must still verify, open and understand them.
#[test]
fn an_envelope_of_the_previous_release_opens() {
    let json: serde_json::Value = serde_json::from_str(include_str!("fixtures/wire-v1.json")).unwrap();
    let seed: [u8; 32] = hex_field(&json, "secretariat_seed").try_into().unwrap();
    let anchor = IdentityKeypair::from_seed(&seed).unwrap().public();
    let secret: [u8; 32] = hex_field(&json, "gha_encryption_secret").try_into().unwrap();
    let gha = EncryptionKeypair::from_secret_bytes(&secret).unwrap();
    let signed: SignedRoster = codec::decode("roster", &hex_field(&json, "signed_roster"), 1 << 20).unwrap();
    let roster = signed.verify(&anchor).unwrap();
    assert_eq!(roster.wire_version, 1, "a roster signed before the field existed is version 1");
    let env = Envelope::from_bytes(&hex_field(&json, "envelope")).unwrap();
    let opened = env.open(&roster, Party::State(code("GHA")), &gha, 1_700_000_060_000).unwrap();
    assert_eq!(opened.header.version, 1);
    assert_eq!(opened.header.roster_digest, None);
    match opened.payload {
        Payload::CaseShare { case, provider } => {
            assert_eq!(provider, code("FRA"));
            assert_eq!(case.content.summary, "written by dief 0.1.0, wire version 1");
        }
        other => panic!("expected a case share, got {}", other.kind()),
    }
    // The reader of the previous release is what this build still is when
    // it is told to read version 1 only.
    assert!(env.verify_reading(&roster, Party::State(code("GHA")), 1_700_000_060_000, 1).is_ok());
}

#[test]
fn the_roster_chooses_the_version_written() {
    for version in OLDEST_WIRE_VERSION..=WIRE_VERSION {
        let w = world(version);
        let env = seal(&w.a.sender(), &w.roster, draft(w.b.party, reply("hello"))).unwrap();
        let h = env.peek_header().unwrap();
        assert_eq!(h.version, version);
        assert_eq!(h.roster_digest.is_some(), version >= 2);
        let opened = env.open(&w.roster, w.b.party, &w.b.enc, NOW).unwrap();
        assert!(matches!(opened.payload, Payload::Reply(ref r) if r.body == "hello"));
    }
    // A version-1 header is encoded exactly as the previous release did:
    // no roster digest key at all.
    let w = world(1);
    let env = seal(&w.a.sender(), &w.roster, draft(w.b.party, reply("x"))).unwrap();
    let generic: ciborium::Value = ciborium::from_reader(env.header.as_slice()).unwrap();
    let keys: Vec<String> = generic.as_map().unwrap().iter().map(|(k, _)| k.as_text().unwrap().to_string()).collect();
    assert!(!keys.iter().any(|k| k == "roster_digest"), "{keys:?}");
    // A roster asking for a version newer than this build writes gets the
    // newest this build has; a writer of the previous release writes 1.
    let w = world(WIRE_VERSION + 1);
    let env = seal(&w.a.sender(), &w.roster, draft(w.b.party, reply("x"))).unwrap();
    assert_eq!(env.peek_header().unwrap().version, WIRE_VERSION);
    let env = seal_writing(&w.a.sender(), &w.roster, draft(w.b.party, reply("x")), 1).unwrap();
    assert_eq!(env.peek_header().unwrap().version, 1);
}

#[test]
fn roster_updates_travel_in_the_oldest_version() {
    let w = world(WIRE_VERSION);
    let signed = w.roster.sign(&w.sec.id).unwrap();
    let env = seal(&w.a.sender(), &w.roster, draft(w.b.party, Payload::RosterUpdate(signed))).unwrap();
    assert_eq!(env.peek_header().unwrap().version, OLDEST_WIRE_VERSION);
    assert!(env.verify_reading(&w.roster, w.b.party, NOW, OLDEST_WIRE_VERSION).is_ok());
}

#[test]
fn a_version_not_read_is_refused_naming_the_side_to_upgrade() {
    let w = world(WIRE_VERSION);
    // Newer than this build: the receiver must upgrade.
    let future = signed(&w.a, &header(&w, WIRE_VERSION + 1, Some([0; 32])));
    let err = future.verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(
        matches!(err, EnvelopeError::UnsupportedVersion { found, newest } if found == WIRE_VERSION + 1 && newest == WIRE_VERSION),
        "{err}"
    );
    assert!(!err.is_retryable());
    let text = err.to_string();
    assert!(text.contains(&format!("wire version {}", WIRE_VERSION + 1)), "{text}");
    assert!(text.contains("upgrade dief on the receiving node"), "{text}");
    // Older than this build reads: the sender must upgrade.
    let ancient = signed(&w.a, &header(&w, 0, None));
    let err = ancient.verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(err.to_string().contains("upgrade dief on the sending node"), "{err}");
    // A future header whose layout this build cannot decode is refused for
    // its version, not as garbage.
    #[derive(serde::Serialize)]
    struct FutureHeader {
        version: u16,
        something_new: String,
    }
    let bytes = codec::encode("h", &FutureHeader { version: 9, something_new: "?".into() }, 1 << 16).unwrap();
    let err = signed_bytes(&w.a, bytes).verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::UnsupportedVersion { found: 9, .. }), "{err}");
    // A reader of the previous release refuses version 2 the same way.
    let env = seal(&w.a.sender(), &w.roster, draft(w.b.party, reply("x"))).unwrap();
    let err = env.verify_reading(&w.roster, w.b.party, NOW, 1).unwrap_err();
    assert!(err.to_string().contains("upgrade dief on the receiving node"), "{err}");
}

#[test]
fn a_header_must_match_its_version() {
    let w = world(WIRE_VERSION);
    let digest = w.roster.digest().unwrap();
    let err = signed(&w.a, &header(&w, 1, Some(digest))).verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::BadHeader { version: 1, .. }), "{err}");
    let err = signed(&w.a, &header(&w, 2, None)).verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::BadHeader { version: 2, .. }), "{err}");
    assert!(signed(&w.a, &header(&w, 3, Some(digest))).verify(&w.roster, w.b.party, NOW).is_ok());
    let w2 = world(2);
    let digest2 = w2.roster.digest().unwrap();
    assert!(signed(&w2.a, &header(&w2, 2, Some(digest2))).verify(&w2.roster, w2.b.party, NOW).is_ok());
}

/// Once the roster asks for a version, an envelope in an older one is
/// refused, as retryable so that its sender seals it again; roster updates
/// still travel in the oldest. A federation still on the older version
/// reads it (issue 11: no falling back to ids that are not bound).
#[test]
fn an_envelope_below_the_federations_version_is_refused_until_sealed_again() {
    let w = world(WIRE_VERSION);
    let digest = w.roster.digest().unwrap();
    let old = signed(&w.a, &header(&w, 2, Some(digest)));
    let err = old.verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::BelowFederationVersion { found: 2, federation: 3 }), "{err}");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("seal it again"), "{err}");
    let v1 = seal_writing(&w.a.sender(), &w.roster, draft(w.b.party, reply("x")), 1).unwrap();
    assert!(matches!(v1.verify(&w.roster, w.b.party, NOW), Err(EnvelopeError::BelowFederationVersion { .. })));
    // A reader of an older release only asks for what it reads.
    assert!(old.verify_reading(&w.roster, w.b.party, NOW, 2).is_ok());
    let roster_update =
        seal(&w.a.sender(), &w.roster, draft(w.b.party, Payload::RosterUpdate(w.roster.sign(&w.sec.id).unwrap())))
            .unwrap();
    assert!(roster_update.verify(&w.roster, w.b.party, NOW).is_ok());
}

/// From version 3, a message id names its sender: an envelope whose id is
/// another party's (a co-recipient taking the id of an envelope it saw) or
/// no party's is refused, and `seal` will not write one (issue 11).
#[test]
fn a_version_3_envelope_must_carry_an_id_bound_to_its_sender() {
    let w = world(WIRE_VERSION);
    let digest = w.roster.digest().unwrap();
    for id in [MessageId::generate_for(w.b.party, 1).unwrap(), MessageId::generate(1).unwrap()] {
        let mut h = header(&w, 3, Some(digest));
        h.message_id = id;
        let err = signed(&w.a, &h).verify(&w.roster, w.b.party, NOW).unwrap_err();
        assert!(matches!(err, EnvelopeError::UnboundMessageId { sender, .. } if sender == w.a.party), "{err}");
        assert!(!err.is_retryable());
        let mut d = draft(w.b.party, reply("x"));
        d.message_id = id;
        let err = seal(&w.a.sender(), &w.roster, d).unwrap_err();
        assert!(matches!(err, EnvelopeError::UnboundMessageId { .. }), "{err}");
    }
    // A version-2 federation still takes ids of the previous release.
    let w2 = world(2);
    let mut d = draft(w2.b.party, reply("x"));
    d.message_id = MessageId::generate(1).unwrap();
    let env = seal(&w2.a.sender(), &w2.roster, d).unwrap();
    assert!(env.verify(&w2.roster, w2.b.party, NOW).is_ok());
}

/// The Secretariat signs two rosters of one sequence and shows FRA one and
/// GHA the other: the first version-2 envelope between them says so.
#[test]
fn a_split_roster_view_is_refused_after_the_signature() {
    let w = world(WIRE_VERSION);
    let mut other = w.roster.clone();
    other.chair = Some(dief_protocol::roster::Chair { state: code("GHA"), term_ends_at: 1 });
    let env = seal(&w.a.sender(), &w.roster, draft(w.b.party, reply("x"))).unwrap();
    let err = env.verify(&other, w.b.party, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::SplitRoster { sequence: 3, .. }), "{err}");
    assert!(err.to_string().contains("different rosters"), "{err}");
    // Equal rosters agree, and a later roster at the receiver is not a split.
    assert!(env.verify(&w.roster, w.b.party, NOW).is_ok());
    let mut later = other.clone();
    later.sequence = 4;
    assert!(env.verify(&later, w.b.party, NOW).is_ok());
    // An outsider cannot raise the alarm: a header with a wrong digest and
    // no valid signature fails on the signature.
    let mut forged = signed(&w.a, &header(&w, 2, Some([7; 32])));
    forged.signature = w.b.id.sign(&forged.digest());
    let err = forged.verify(&w.roster, w.b.party, NOW).unwrap_err();
    assert!(matches!(err, EnvelopeError::BadSignature { .. }), "{err}");
}

#[test]
fn a_roster_without_a_wire_version_is_refused_only_at_zero() {
    let w = world(WIRE_VERSION);
    let mut r = w.roster.clone();
    r.wire_version = 0;
    assert!(r.validate().unwrap_err().to_string().contains("wire version 0"));
}
