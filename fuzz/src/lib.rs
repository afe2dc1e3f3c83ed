//! The fuzz targets' bodies and the fixed federation they run against
//! (issue 11 fuzzing): every decoder a peer reaches, followed by the checks
//! the receiving node runs on what decoded. Each `fuzz_targets/*.rs` is one
//! line calling a function here, so the seed generator reaches exactly what
//! the fuzzer does.
//!
//! Signatures stop a fuzzer at the first check: a mutated body no longer
//! verifies. Every signed object is therefore tried twice, as it came and
//! re-signed with the fixture's key that it names, so that what follows the
//! signature (decoding the body, the roster rules, key continuity) is
//! fuzzed too: that is what a member holding its own key could send.
//!
//! A panic here is a finding: besides "never panic", the targets assert the
//! invariants the node relies on once a check has passed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use dief_protocol::codec::{self, MAX_ENVELOPE_BYTES, MAX_RESPONSE_BYTES, MAX_ROSTER_BYTES};
use dief_protocol::envelope::{Receipt, RosterMark, SignedReceipt};
use dief_protocol::keys::digest_parts;
use dief_protocol::roster::{Chair, JoinRequest, KeyChange, KeyRotation, MemberStatus, NodeKeys, SignedKeyRotation};
use dief_protocol::{
    frame, EncryptionKeypair, Envelope, IdentityKeypair, Kind, Member, MessageId, Party, Payload, Response, Roster,
    SignedJoinRequest, SignedRoster, SigningPublicKey, StateCode,
};

/// The receiver's clock: 1 January 2026, 00:00 UTC.
pub const NOW: i64 = 1_767_225_600_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Signature domains, copied from `protocol` (private there) so that a
/// fuzzed body can be re-signed. [`Fixture::new`] checks each against an
/// object `protocol` signed itself, so a change there fails loudly here.
const RECEIPT_DOMAIN: &[u8] = b"dief/receipt/v1";
const ROSTER_DOMAIN: &[u8] = b"dief/roster/v1";
const JOIN_DOMAIN: &[u8] = b"dief/join-request/v1";
const ROTATION_DOMAIN: &[u8] = b"dief/key-rotation/v1";

/// Small limits for the frame target: the real ones are megabytes, which
/// the fuzzer's inputs never reach; a small one makes the limit reachable.
pub const SMALL_FRAME_LIMIT: usize = 64;

/// A party of the fixed federation, its keys from fixed seeds.
#[derive(Debug)]
pub struct Ident {
    pub party: Party,
    pub id: IdentityKeypair,
    pub enc: EncryptionKeypair,
}

impl Ident {
    fn new(party: Party, id_seed: u8, enc_seed: u8) -> Self {
        Ident {
            party,
            id: IdentityKeypair::from_seed(&[id_seed; 32]).expect("fixed seed"),
            enc: EncryptionKeypair::from_secret_bytes(&[enc_seed; 32]).expect("fixed seed"),
        }
    }

    fn keys(&self, since: u64) -> NodeKeys {
        NodeKeys::new(self.id.public(), self.enc.public(), vec![ADDR.into()], since)
    }
}

const ADDR: &str = "/ip4/127.0.0.1/tcp/4100";

pub fn code(s: &str) -> StateCode {
    s.parse().expect("fixed State code")
}

/// The federation every target runs against: the Secretariat, FRA (which
/// rotated its keys once), GHA (the Chair), a roster key that changed once
/// (pinned: the first), and PER, a State asking to join.
#[derive(Debug)]
pub struct Fixture {
    pub sec: Ident,
    pub fra_old: Ident,
    pub fra: Ident,
    pub gha: Ident,
    pub per: Ident,
    pub roster_key0: IdentityKeypair,
    pub roster_key1: IdentityKeypair,
    /// As a member holds it: decoded from the signed roster, digest cached.
    pub roster: Roster,
    pub signed_roster: SignedRoster,
    pub fra_rotation: SignedKeyRotation,
    /// The envelope whose receipt the receipt target checks.
    pub receipt_message: MessageId,
    pub receipt_digest: [u8; 32],
    pub signed_receipt: SignedReceipt,
    pub join: SignedJoinRequest,
}

impl Fixture {
    fn new() -> Self {
        let (fra_code, gha_code, per_code) = (code("FRA"), code("GHA"), code("PER"));
        let sec = Ident::new(Party::Secretariat, 1, 2);
        let fra_old = Ident::new(Party::State(fra_code), 3, 4);
        let gha = Ident::new(Party::State(gha_code), 5, 6);
        let roster_key0 = IdentityKeypair::from_seed(&[7; 32]).expect("fixed seed");
        let roster_key1 = IdentityKeypair::from_seed(&[8; 32]).expect("fixed seed");
        let fra = Ident::new(Party::State(fra_code), 9, 10);
        let per = Ident::new(Party::State(per_code), 11, 12);

        let mut roster = Roster::genesis_with_roster_key(sec.keys(1), roster_key0.public(), NOW - DAY);
        roster.upsert(Member { state: fra_code, status: MemberStatus::StateParty, node: fra_old.keys(1) });
        roster.upsert(Member { state: gha_code, status: MemberStatus::Signatory, node: gha.keys(1) });
        roster.change_roster_key(&roster_key0, &roster_key1, NOW - DAY).expect("roster key change");
        let rotation = KeyRotation {
            party: fra.party,
            previous_signing_key: fra_old.id.public(),
            signing_key: fra.id.public(),
            encryption_key: fra.enc.public(),
            transport_key: fra_old.id.public(),
            addrs: vec![ADDR.into()],
            rotated_at: NOW - HOUR,
        };
        let fra_rotation = rotation.sign(&fra_old.id, &fra.id).expect("rotation");
        roster.sequence = 2;
        roster.issued_at = NOW - HOUR;
        roster.apply_rotation(&fra_rotation, 2).expect("rotation applies");
        roster.chair = Some(Chair { state: gha_code, term_ends_at: NOW + 365 * DAY });
        let signed_roster = roster.sign(&roster_key1).expect("roster signs");
        let mut roster = signed_roster.verify(&roster_key0.public()).expect("roster verifies from the pinned key");
        let roster_digest = roster.cache_digest().expect("digest");

        let receipt_message = MessageId::from_parts((NOW - HOUR) as u64, [3; 10]).expect("message id");
        let receipt_digest = [0x5a; 32];
        let signed_receipt = Receipt {
            message_id: receipt_message,
            envelope_digest: receipt_digest,
            recipient: gha.party,
            sender: fra.party,
            received_at: NOW,
            duplicate: false,
            roster: Some(RosterMark { sequence: roster.sequence, digest: roster_digest }),
        }
        .sign(&gha.id)
        .expect("receipt signs");

        let join = JoinRequest {
            state: per_code,
            status: MemberStatus::StateParty,
            peer_id: per.id.public().peer_id(),
            transport_key: None,
            signing_key: per.id.public(),
            encryption_key: per.enc.public(),
            addrs: vec![ADDR.into()],
            requested_at: NOW - DAY,
        }
        .sign(&per.id)
        .expect("join request signs");

        // The copied domains sign what protocol signs (Ed25519 is
        // deterministic: equal bytes, equal signature).
        assert_eq!(sign(&roster_key1, ROSTER_DOMAIN, &signed_roster.body), signed_roster.signature.0);
        assert_eq!(sign(&gha.id, RECEIPT_DOMAIN, &signed_receipt.body), signed_receipt.signature.0);
        assert_eq!(sign(&per.id, JOIN_DOMAIN, &join.body), join.signature.0);
        assert_eq!(sign(&fra.id, ROTATION_DOMAIN, &fra_rotation.body), fra_rotation.by_new.0);

        Fixture {
            sec,
            fra_old,
            fra,
            gha,
            per,
            roster_key0,
            roster_key1,
            roster,
            signed_roster,
            fra_rotation,
            receipt_message,
            receipt_digest,
            signed_receipt,
            join,
        }
    }

    /// The fixture's private key for `key`, if it holds it.
    pub fn identity(&self, key: &SigningPublicKey) -> Option<&IdentityKeypair> {
        [&self.sec.id, &self.fra_old.id, &self.fra.id, &self.gha.id, &self.per.id, &self.roster_key0, &self.roster_key1]
            .into_iter()
            .find(|k| k.public() == *key)
    }

    /// The current identity of a party of the roster.
    fn current(&self, party: Party) -> Option<&Ident> {
        [&self.sec, &self.fra, &self.gha].into_iter().find(|i| i.party == party)
    }

    /// Who receives, with every encryption key each holds (FRA keeps its
    /// pre-rotation key for the grace period).
    fn receivers(&self) -> [(Party, Vec<&EncryptionKeypair>); 3] {
        [
            (self.gha.party, vec![&self.gha.enc]),
            (self.fra.party, vec![&self.fra.enc, &self.fra_old.enc]),
            (self.sec.party, vec![&self.sec.enc]),
        ]
    }
}

/// The fixture, built once per process: signing it costs more than a run.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(Fixture::new)
}

fn sign(key: &IdentityKeypair, domain: &[u8], body: &[u8]) -> [u8; 64] {
    key.sign(&digest_parts(domain, &[body])).0
}

// ---------------------------------------------------------------------------
// envelope
// ---------------------------------------------------------------------------

/// An envelope as the inbox receives it: decoded, peeked for routing,
/// verified and opened by each receiver. Returns how many receivers opened
/// it (the seed generator checks its seeds open).
pub fn envelope(data: &[u8]) -> usize {
    let Ok(env) = Envelope::from_bytes(data) else { return 0 };
    receive(&env) + resigned(&env).map_or(0, |e| receive(&e))
}

/// `env` signed again by the party its header names as sender.
fn resigned(env: &Envelope) -> Option<Envelope> {
    let f = fixture();
    let header = env.peek_header().ok()?;
    let sender = f.current(header.sender)?;
    let mut again = env.clone();
    again.signature = sender.id.sign(&env.digest());
    (again.signature != env.signature).then_some(again)
}

fn receive(env: &Envelope) -> usize {
    let f = fixture();
    let peeked = env.peek_header();
    let _ = env.wrapped_key_id(f.gha.party);
    let mut opened = 0;
    for (me, held) in f.receivers() {
        let Ok(verified) = env.verify(&f.roster, me, NOW) else { continue };
        let header = verified.header().clone();
        // What the node relies on once an envelope verified.
        assert_eq!(Some(&header), peeked.as_ref().ok(), "verify read another header than peek_header");
        assert!(header.recipients.contains(&me), "verified an envelope not addressed to {me}");
        assert!(
            !(header.kind.is_case_content() && me.is_secretariat()),
            "the Secretariat verified case content ({})",
            header.kind
        );
        assert_eq!(verified.digest(), env.digest());
        if let Ok(o) = env.open_verified_with(verified, &f.roster, &held) {
            assert_eq!(o.header, header);
            assert_eq!(o.payload.kind(), header.kind, "payload of another kind than its header");
            opened += 1;
        }
    }
    opened
}

// ---------------------------------------------------------------------------
// receipt
// ---------------------------------------------------------------------------

/// A response to a delivered envelope, and a signed receipt alone, as the
/// outbox reads them. Returns how many receipts verified.
pub fn receipt(data: &[u8]) -> usize {
    let mut verified = 0;
    if let Ok(Response::Receipt(signed)) = Response::from_bytes(data) {
        verified += check_receipt(&signed);
    }
    if let Ok(signed) = codec::decode::<SignedReceipt>("signed receipt", data, MAX_RESPONSE_BYTES) {
        verified += check_receipt(&signed);
        let f = fixture();
        let again = SignedReceipt {
            signature: dief_protocol::keys::Signature(sign(&f.gha.id, RECEIPT_DOMAIN, &signed.body)),
            body: signed.body,
        };
        verified += check_receipt(&again);
    }
    verified
}

fn check_receipt(signed: &SignedReceipt) -> usize {
    let f = fixture();
    let Ok(r) = signed.verify(&f.gha.id.public(), f.gha.party, f.receipt_message, &f.receipt_digest) else {
        return 0;
    };
    assert_eq!((r.recipient, r.message_id, r.envelope_digest), (f.gha.party, f.receipt_message, f.receipt_digest));
    // The outbox compares the roster mark with its own roster.
    if let Some(mark) = r.roster {
        let _ = mark.sequence == f.roster.sequence && Some(mark.digest) != f.roster.digest().ok();
    }
    1
}

// ---------------------------------------------------------------------------
// roster
// ---------------------------------------------------------------------------

/// A signed roster as a member receives it (relayed in an envelope or
/// imported): verified against the pinned first roster key through the
/// roster-key chain, then accepted against the roster held. Returns how
/// many verified.
pub fn roster(data: &[u8]) -> usize {
    let Ok(signed) = codec::decode::<SignedRoster>("roster", data, MAX_ROSTER_BYTES) else { return 0 };
    check_signed_roster(&signed) + resigned_roster(&signed).map_or(0, |s| check_signed_roster(&s))
}

/// `signed`'s body signed by the roster key it names, if the fixture holds it.
fn resigned_roster(signed: &SignedRoster) -> Option<SignedRoster> {
    let body: Roster = codec::decode("roster", &signed.body, MAX_ROSTER_BYTES).ok()?;
    let key = fixture().identity(&body.signer())?;
    let signature = dief_protocol::keys::Signature(sign(key, ROSTER_DOMAIN, &signed.body));
    (signature != signed.signature).then(|| SignedRoster { body: signed.body.clone(), signature })
}

pub fn check_signed_roster(signed: &SignedRoster) -> usize {
    let f = fixture();
    let pinned = f.roster_key0.public();
    let _ = signed.verify_pinned(|k| *k == pinned);
    let _ = signed.accept(&pinned, Some((&f.roster, &f.signed_roster)));
    let Ok(r) = signed.verify(&pinned) else { return 0 };
    let keys = r.roster_keys();
    assert_eq!(keys.last(), Some(&r.signer()), "the roster keys end with the signer");
    // Members hash the roster they decoded: decoding what they encode
    // must give it back, or two members holding one roster disagree on
    // its digest (a false split-view alarm).
    let bytes = codec::encode("roster", &r, MAX_ROSTER_BYTES).expect("an accepted roster encodes");
    let again: Roster = codec::decode("roster", &bytes, MAX_ROSTER_BYTES).expect("an encoded roster decodes");
    assert_eq!(again, r, "roster changes through encode and decode");
    assert_eq!(again.digest().ok(), r.digest().ok());
    // Key continuity against the keys held (pins), as the node does.
    for (party, keys) in r.parties() {
        if let Some(held) = f.roster.listed(party) {
            let change = keys.follows_from(held, party);
            if change == KeyChange::Same {
                assert_eq!(keys.signing_key, held.signing_key);
            }
        }
        let _ = r.party_of_peer(&keys.peer_id);
    }
    let _ = r.chair_at(NOW);
    1
}

// ---------------------------------------------------------------------------
// join request
// ---------------------------------------------------------------------------

/// A join request as the Secretariat imports it. Returns how many verified.
pub fn join_request(data: &[u8]) -> usize {
    let Ok(signed) = codec::decode::<SignedJoinRequest>("join request", data, MAX_ROSTER_BYTES) else { return 0 };
    let mut verified = check_join(&signed);
    if let Ok(req) = codec::decode::<JoinRequest>("join request", &signed.body, MAX_ROSTER_BYTES) {
        if let Some(key) = fixture().identity(&req.signing_key) {
            let signature = dief_protocol::keys::Signature(sign(key, JOIN_DOMAIN, &signed.body));
            if signature != signed.signature {
                verified += check_join(&SignedJoinRequest { body: signed.body.clone(), signature });
            }
        }
    }
    verified
}

fn check_join(signed: &SignedJoinRequest) -> usize {
    let f = fixture();
    let Ok(req) = signed.verify() else { return 0 };
    // The Secretariat admits it: the entry must be one a roster holds,
    // unless its transport key is already the Secretariat's (a clash the
    // roster rightly refuses).
    let member = req.to_member(2);
    assert_eq!(member.node.peer_id, req.peer_id);
    assert_eq!(member.node.signing_key, req.signing_key);
    let outsider = IdentityKeypair::from_seed(&[0xee; 32]).expect("fixed seed");
    if member.node.transport() == outsider.public() {
        return 1;
    }
    let mut r = Roster::genesis(NodeKeys::new(outsider.public(), f.sec.enc.public(), vec![ADDR.into()], 1), NOW);
    r.sequence = 2;
    r.upsert(member);
    if let Err(e) = r.validate() {
        panic!("a verified join request gives a member no roster accepts: {e}");
    }
    1
}

// ---------------------------------------------------------------------------
// key rotation
// ---------------------------------------------------------------------------

/// A key rotation as the Secretariat receives it (payload `KeyRotation`)
/// and applies it to the roster. Returns how many verified.
pub fn key_rotation(data: &[u8]) -> usize {
    let Ok(signed) = codec::decode::<SignedKeyRotation>("key rotation", data, MAX_ROSTER_BYTES) else { return 0 };
    let mut verified = check_rotation(&signed);
    if let Ok(r) = codec::decode::<KeyRotation>("key rotation", &signed.body, MAX_ROSTER_BYTES) {
        let f = fixture();
        if let (Some(prev), Some(new)) = (f.identity(&r.previous_signing_key), f.identity(&r.signing_key)) {
            let again = SignedKeyRotation {
                by_previous: dief_protocol::keys::Signature(sign(prev, ROTATION_DOMAIN, &signed.body)),
                by_new: dief_protocol::keys::Signature(sign(new, ROTATION_DOMAIN, &signed.body)),
                body: signed.body.clone(),
            };
            if again != signed {
                verified += check_rotation(&again);
            }
        }
    }
    verified
}

fn check_rotation(signed: &SignedKeyRotation) -> usize {
    let f = fixture();
    let Ok(r) = signed.verify() else { return 0 };
    assert_ne!(r.previous_signing_key, r.signing_key);
    // The same statement carried as a payload is valid.
    assert!(Payload::KeyRotation(signed.clone()).validate().is_ok());
    let mut roster = f.roster.clone();
    let before = roster.listed(r.party).cloned();
    if let Ok(party) = roster.apply_rotation(signed, roster.sequence + 1) {
        assert_eq!(party, r.party);
        let before = before.expect("a rotation applies only to a listed party");
        let after = roster.listed(party).expect("still listed");
        // Every member that pinned the keys before sees a verified rotation.
        assert_eq!(after.follows_from(&before, party), KeyChange::Rotated, "an applied rotation does not verify");
        assert_eq!(after.transport(), before.transport(), "a rotation changed the transport key");
        let _ = roster.validate();
    }
    1
}

// ---------------------------------------------------------------------------
// payloads
// ---------------------------------------------------------------------------

/// A decrypted payload as the node decodes it (every kind), with the
/// checks on signed payloads. Returns the kind that decoded.
pub fn payloads(data: &[u8]) -> Option<Kind> {
    let p = Payload::decode(data).ok()?;
    let kind = p.kind();
    assert!(Kind::ALL.contains(&kind));
    let _ = p.case_id();
    // A stored or relayed payload is encoded again: it must decode to
    // itself and stay valid.
    let bytes = p.encode().expect("a decoded payload encodes");
    let again = Payload::decode(&bytes).expect("an encoded payload decodes");
    assert_eq!(again, p, "payload changes through encode and decode");
    match &p {
        Payload::RosterUpdate(signed) => {
            check_signed_roster(signed);
        }
        Payload::KeyRotation(signed) => {
            check_rotation(signed);
        }
        Payload::ContactCard(card) => {
            let _ = card.verify_with(&fixture().roster);
        }
        Payload::ExpertAcknowledgement(ack) => {
            let _ = ack.verify_with(&fixture().roster);
        }
        _ => {}
    }
    Some(kind)
}

// ---------------------------------------------------------------------------
// frame
// ---------------------------------------------------------------------------

/// The request-response frame: at the node's limits (decoding the request
/// and the response it carries) and at a small limit that fuzzed inputs
/// reach, with the round trip of what decoded. Returns whether a request or
/// response decoded.
pub fn frame(data: &[u8]) -> bool {
    let mut decoded = false;
    if let Ok(env) = frame::decode_request(data, MAX_ENVELOPE_BYTES) {
        receive(&env);
        decoded = true;
    }
    if let Ok(response) = frame::decode_response(data, MAX_RESPONSE_BYTES) {
        if let Response::Receipt(signed) = response {
            check_receipt(&signed);
        }
        decoded = true;
    }
    for limit in [SMALL_FRAME_LIMIT, MAX_RESPONSE_BYTES] {
        if let Ok(body) = frame::decode(data, limit) {
            assert!(body.len() <= limit);
            assert_eq!(frame::encode(body, limit).expect("a decoded frame encodes"), data);
        }
        // A stream of frames, as split does them, consumes the input.
        let mut rest = data;
        while let Ok((body, next)) = frame::split(rest, limit) {
            assert!(body.len() <= limit);
            assert_eq!(rest.len(), frame::PREFIX_LEN + body.len() + next.len());
            rest = next;
            if rest.is_empty() {
                break;
            }
        }
    }
    decoded
}
