//! The seed corpus generator (issue 11 fuzzing): writes a few valid
//! samples of each decoded type, signed with the fixture's fixed seeds, to
//! `corpus/<target>/`, and checks that each reaches past the signature
//! (an envelope opens, a roster verifies...), so the fuzzer starts deep.
//!
//! Run from `fuzz/`: `cargo run --bin seeds`. Envelopes and HPKE use fresh
//! randomness, so envelope seeds differ from run to run; the rest is stable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use dief_fuzz::{code, fixture, NOW};
use dief_protocol::codec::{MAX_ENVELOPE_BYTES, MAX_RESPONSE_BYTES};
use dief_protocol::envelope::{seal, Draft, Response};
use dief_protocol::payload::{Reply, ResendRequest};
use dief_protocol::procedure::{
    CaseWithdrawal, Challenge, ChallengeAnswer, ChallengeClose, InvolvedNotice, NoticeReply, RightOfReply, ThreadPost,
    UseAnswer, UseDecision, UsePurpose, UseRequest,
};
use dief_protocol::{frame, CaseId, Kind, MessageId, Party, Payload};

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new("corpus").join(target);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

fn cbor<T: serde_like::Encode>(value: &T) -> Vec<u8> {
    value.encode()
}

/// Encoders for the signed wrappers, which have no `to_bytes` of their own:
/// the node writes them with `codec::encode` under the same limits.
mod serde_like {
    use dief_protocol::codec::{self, MAX_RESPONSE_BYTES, MAX_ROSTER_BYTES};
    use dief_protocol::envelope::SignedReceipt;
    use dief_protocol::roster::SignedKeyRotation;
    use dief_protocol::{SignedJoinRequest, SignedRoster};

    pub trait Encode {
        fn encode(&self) -> Vec<u8>;
    }
    impl Encode for SignedRoster {
        fn encode(&self) -> Vec<u8> {
            codec::encode("roster", self, MAX_ROSTER_BYTES).unwrap()
        }
    }
    impl Encode for SignedJoinRequest {
        fn encode(&self) -> Vec<u8> {
            codec::encode("join request", self, MAX_ROSTER_BYTES).unwrap()
        }
    }
    impl Encode for SignedKeyRotation {
        fn encode(&self) -> Vec<u8> {
            codec::encode("key rotation", self, MAX_ROSTER_BYTES).unwrap()
        }
    }
    impl Encode for SignedReceipt {
        fn encode(&self) -> Vec<u8> {
            codec::encode("signed receipt", self, MAX_RESPONSE_BYTES).unwrap()
        }
    }
}

/// One valid payload of each kind that is quick to build by hand; the
/// others get a stub carrying their tag alone (see `stub`).
fn samples() -> Vec<Payload> {
    let f = fixture();
    let case_id: CaseId = "FRA-01J00000000000000000000000".parse().unwrap();
    let msg = MessageId::from_bytes([7; 16]);
    let text = || "text".to_string();
    let date = |s: &str| s.parse().unwrap();
    vec![
        Payload::Reply(Reply { case_id, in_reply_to: Some(msg), body: text(), language: "en".into() }),
        Payload::RosterUpdate(f.signed_roster.clone()),
        Payload::KeyRotation(f.fra_rotation.clone()),
        Payload::ResendRequest(ResendRequest { since_ms: NOW - 1000 }),
        Payload::InvolvedNotice(InvolvedNotice {
            case_id,
            meeting_date: date("2027-08-20"),
            meeting_ref: Some("ATT/CSP11/2027/DIEF".into()),
            summary: text(),
            language: "en".into(),
            reply_by: date("2027-08-05"),
            late: true,
        }),
        Payload::NoticeReply(NoticeReply { case_id, notice: msg, body: text(), language: "ar".into() }),
        Payload::RightOfReply(RightOfReply { case_id, notice: msg, body: text(), language: "zh-Hans".into() }),
        Payload::UseRequest(UseRequest { case_id, version: 2, purpose: UsePurpose::Other, details: text() }),
        Payload::UseAnswer(UseAnswer {
            case_id,
            request: msg,
            decision: UseDecision::AgreeWithConditions { conditions: text() },
            note: text(),
        }),
        Payload::Challenge(Challenge { case_id: Some(case_id), concern: text() }),
        Payload::ChallengeAnswer(ChallengeAnswer { challenge: msg, explanation: text(), remedial_measures: text() }),
        Payload::ChallengeClose(ChallengeClose { challenge: msg, note: text() }),
        Payload::ThreadPost(ThreadPost {
            case_id,
            thread: Some(msg),
            participants: vec![code("FRA"), code("GHA"), code("PER")],
            subject: text(),
            body: text(),
            language: "fr".into(),
        }),
        Payload::CaseWithdrawal(CaseWithdrawal { case_id, version: 3, reason: text() }),
    ]
}

/// A CBOR map `{"type": kind}`: not a valid payload, but it gives the
/// fuzzer each kind's tag, from which it finds the fields by the string
/// comparisons serde makes (libFuzzer traces them).
fn stub(kind: Kind) -> Vec<u8> {
    let tag = kind.as_str().as_bytes();
    let mut out = vec![0xa1, 0x64];
    out.extend_from_slice(b"type");
    assert!(tag.len() < 24, "short tag");
    out.push(0x60 | tag.len() as u8);
    out.extend_from_slice(tag);
    out
}

fn main() {
    let f = fixture();

    // payloads
    let samples = samples();
    for (i, p) in samples.iter().enumerate() {
        let bytes = p.encode().unwrap();
        assert_eq!(dief_fuzz::payloads(&bytes), Some(p.kind()), "sample {i} decodes");
        write("payloads", &format!("{:02}-{}", i, p.kind()), &bytes);
    }
    for kind in Kind::ALL {
        if !samples.iter().any(|p| p.kind() == kind) {
            write("payloads", &format!("stub-{kind}"), &stub(kind));
        }
    }

    // envelope and frame: FRA to GHA; GHA to FRA (sealed to FRA's current
    // key); the Secretariat's roster update to both.
    let sends = [
        (&f.fra, vec![f.gha.party], samples[0].clone()),
        (&f.gha, vec![f.fra.party], samples[3].clone()),
        (&f.sec, vec![f.fra.party, f.gha.party], samples[1].clone()),
    ];
    for (i, (from, to, payload)) in sends.into_iter().enumerate() {
        let sender = dief_protocol::envelope::Sender { party: from.party, identity: &from.id, encryption: &from.enc };
        let draft = Draft {
            message_id: MessageId::generate_for(from.party, (NOW - 1000) as u64).unwrap(),
            recipients: to.clone(),
            references: vec![],
            created_at: NOW - 1000,
            payload,
        };
        let env = seal(&sender, &f.roster, draft).unwrap();
        let bytes = env.to_bytes().unwrap();
        assert_eq!(dief_fuzz::envelope(&bytes), to.len(), "envelope seed {i} opens for each recipient");
        write("envelope", &format!("{i:02}"), &bytes);
        let framed = frame::encode(&bytes, MAX_ENVELOPE_BYTES).unwrap();
        assert!(dief_fuzz::frame(&framed));
        write("frame", &format!("request-{i:02}"), &framed);
    }

    // receipt and frame: the response carrying it, a refusal, the receipt alone.
    let response = Response::Receipt(f.signed_receipt.clone()).to_bytes().unwrap();
    assert!(dief_fuzz::receipt(&response) >= 1);
    write("receipt", "response", &response);
    let alone = cbor(&f.signed_receipt);
    assert!(dief_fuzz::receipt(&alone) >= 1);
    write("receipt", "signed", &alone);
    let refused = Response::Refused { reason: "busy".into(), retryable: true }.to_bytes().unwrap();
    write("receipt", "refused", &refused);
    for (name, bytes) in [("response-receipt", &response), ("response-refused", &refused)] {
        let framed = frame::encode(bytes, MAX_RESPONSE_BYTES).unwrap();
        assert!(dief_fuzz::frame(&framed));
        write("frame", name, &framed);
    }
    write("frame", "empty-frame", &[0, 0, 0, 0]);
    write("frame", "two-frames", &[0, 0, 0, 1, 0xa0, 0, 0, 0, 0]);

    // roster: the fixture's (signed by the second roster key, chained from
    // the pinned first one); the genesis signed by the pinned key.
    let signed = cbor(&f.signed_roster);
    assert_eq!(dief_fuzz::roster(&signed), 1);
    write("roster", "chained", &signed);
    let mut genesis = dief_protocol::Roster::genesis_with_roster_key(
        dief_protocol::roster::NodeKeys::new(f.sec.id.public(), f.sec.enc.public(), vec!["/dns4/sec/tcp/1".into()], 1),
        f.roster_key0.public(),
        NOW - 1000,
    );
    genesis.chair = None;
    let genesis = genesis.sign(&f.roster_key0).unwrap();
    assert_eq!(dief_fuzz::roster(&cbor(&genesis)), 1);
    write("roster", "genesis", &cbor(&genesis));

    // join request and key rotation.
    let join = cbor(&f.join);
    assert_eq!(dief_fuzz::join_request(&join), 1);
    write("join_request", "per", &join);
    let rotation = cbor(&f.fra_rotation);
    assert_eq!(dief_fuzz::key_rotation(&rotation), 1);
    write("key_rotation", "fra", &rotation);
    let _ = Party::Secretariat;
    println!("seeds written to corpus/");
}
