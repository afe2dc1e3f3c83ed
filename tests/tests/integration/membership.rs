//! Membership: only roster members connect; removal disconnects; old or
//! foreign rosters are refused.

use std::time::Duration;

use dief_node::federation::LocalFederation;
use dief_node::network::{self, Member, NetworkConfig};
use dief_node::node::Delivery;
use dief_protocol::{IdentityKeypair, Party, Roster};
use dief_tests::{init_logging, new_case, state, wait_until, PROMPT};
use zeroize::Zeroizing;

/// A peer with valid libp2p keys that is not on the roster cannot connect
/// to a member or deliver anything, even an envelope a member sealed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_member_cannot_connect_or_deliver() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let c = na.create_case(new_case("real")).await.expect("case");
    let id = na.share(&c.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await);
    let inbox_before = nb.inbox().expect("inbox").len();

    let outsider = IdentityKeypair::generate().expect("keys");
    let (net, _inbound, _events) = network::start(NetworkConfig {
        identity_seed: Zeroizing::new(**outsider.seed()),
        listen: vec!["/ip4/127.0.0.1/tcp/0".into()],
        max_request_bytes: 1 << 20,
        max_response_bytes: 1 << 16,
        request_timeout: Duration::from_secs(5),
        inbound_queue: 8,
        connections: network::ConnectionCaps::default(),
        budgets: network::InboundBudgets::default(),
        busy_answer: |reason| reason.into_bytes(),
    })
    .await
    .expect("outsider network");
    let roster = nb.roster().expect("roster");
    let b_keys = roster.member(b).expect("b on roster").node.clone();
    net.set_members(vec![Member { peer_id: b_keys.peer_id.clone(), addrs: b_keys.addrs.clone() }])
        .await
        .expect("members");
    let replay = na.sent_envelope(&id).expect("env").to_bytes().expect("bytes");
    for _ in 0..3 {
        let r = net.request(&b_keys.peer_id, replay.clone()).await;
        assert!(r.is_err(), "the outsider got an answer: {r:?}");
    }
    assert_eq!(nb.inbox().expect("inbox").len(), inbox_before);
    net.shutdown().await;
    fed.shutdown().await;
}

/// The Secretariat removes a State: members stop accepting it at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_state_is_cut_off() {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b, c]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let (na, nc) = (fed.state(a).expect("a").clone(), fed.state(c).expect("c").clone());
    // C is connected to A before the removal.
    let early = nc.create_case(new_case("before removal")).await.expect("case");
    nc.share(&early.id, &[a]).await.expect("share");
    assert!(wait_until(PROMPT, || na.case(&early.id).is_ok()).await);

    let after = sec.remove_member(c).await.expect("remove");
    assert!(wait_until(PROMPT, || na.roster().is_some_and(|r| r.sequence >= after.sequence)).await);
    // A can no longer address C.
    let own = na.create_case(new_case("after removal")).await.expect("case");
    let err = na.share(&own.id, &[c]).await.expect_err("shared with a removed State");
    assert!(err.to_string().contains("not on the roster"), "{err}");
    // C (whose roster is now stale) cannot reach A any more.
    let late = nc.create_case(new_case("from a removed State")).await.expect("case");
    let id = nc.share(&late.id, &[a]).await.expect("queued locally");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(na.case(&late.id).is_err(), "A accepted a case from a removed State");
    let state = nc
        .outbox()
        .expect("outbox")
        .into_iter()
        .find(|i| i.message_id == id)
        .and_then(|i| i.recipients.into_iter().next())
        .map(|(_, d)| d);
    assert!(!matches!(state, Some(Delivery::Delivered { .. })), "{state:?}");
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_or_foreign_roster_is_refused() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let na = fed.state(a).expect("a").clone();
    let old = sec.signed_roster().expect("roster");
    sec.set_chair(b, i64::MAX).await.expect("chair");
    let newer = sec.roster().expect("roster").sequence;
    assert!(wait_until(PROMPT, || na.roster().is_some_and(|r| r.sequence == newer)).await);
    let err = na.import_roster(&old).expect_err("an older roster was accepted");
    assert!(err.to_string().contains("older"), "{err}");
    assert_eq!(na.roster().expect("roster").sequence, newer);
    assert_eq!(na.roster().expect("roster").chair.map(|c| c.state), Some(b));

    // A roster signed by another "Secretariat" with a higher sequence.
    let rogue = IdentityKeypair::generate().expect("keys");
    let mut forged: Roster = na.roster().expect("roster");
    forged.sequence += 10;
    forged.secretariat.signing_key = rogue.public();
    forged.roster_key = Some(rogue.public());
    forged.secretariat.peer_id = rogue.public().peer_id();
    let signed = forged.sign(&rogue).expect("sign");
    let err = na.import_roster(&signed).expect_err("a roster from another key was accepted");
    assert!(err.to_string().contains("no change of roster key links"), "{err}");
    assert_eq!(na.roster().expect("roster").sequence, newer);
    fed.shutdown().await;
}

/// A join request with an address no node can dial is refused at
/// admission, naming the address, and the roster does not change; before,
/// one such entry froze every node's allow-list (issue 11 item 6).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_request_with_an_undialable_address_is_refused_naming_it() {
    use dief_protocol::roster::JoinRequest;
    use dief_protocol::{EncryptionKeypair, MemberStatus};
    init_logging();
    let fed = LocalFederation::start(&[state("FRA")]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let (id, enc) = (IdentityKeypair::generate().expect("id"), EncryptionKeypair::generate().expect("enc"));
    let request = |addrs: Vec<String>| {
        JoinRequest {
            state: state("GHA"),
            status: MemberStatus::StateParty,
            peer_id: id.public().peer_id(),
            signing_key: id.public(),
            encryption_key: enc.public(),
            transport_key: None,
            addrs,
            requested_at: 0,
        }
        .sign(&id)
        .expect("sign")
    };
    let before = sec.roster().expect("roster").sequence;
    let bad = request(vec!["/ip4/127.0.0.1/tcp/4100".into(), "/ip4/nonsense".into()]);
    let err = sec.admit(&bad).await.expect_err("an undialable address");
    assert!(err.to_string().contains("/ip4/nonsense"), "{err}");
    assert_eq!(sec.roster().expect("roster").sequence, before, "nothing published");
    let good = request(vec!["/ip4/127.0.0.1/tcp/4100".into()]);
    assert!(sec.admit(&good).await.expect("admitted").member(state("GHA")).is_some());
    fed.shutdown().await;
}

/// Envelopes queued to a State that is then removed are set aside with
/// the reason, not retried for ever (issue 11 item 7); the status shows
/// them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn envelopes_queued_to_a_removed_state_are_set_aside_with_the_reason() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let na = fed.state(a).expect("a").clone();
    fed.stop(b.party()).await.expect("stop GHA");
    let case = na.create_case(new_case("to a State about to leave")).await.expect("case");
    let queued = na.share(&case.id, &[b]).await.expect("queued");
    let after = sec.remove_member(b).await.expect("remove");
    assert!(wait_until(PROMPT, || na.roster().is_some_and(|r| r.sequence >= after.sequence)).await);
    let reason = dief_tests::refusal_of(&na, queued, b.party()).await;
    assert!(reason.contains("GHA is no longer on the roster"), "{reason}");
    let status = na.status().await.expect("status");
    assert_eq!(status.set_aside, 1, "{status:?}");
    fed.shutdown().await;
}

/// A join request for `state` with fresh keys, as a node that is not
/// running would send it.
fn fresh_join_request(state_code: dief_protocol::StateCode, now: i64) -> dief_protocol::SignedJoinRequest {
    let (id, enc) =
        (IdentityKeypair::generate().expect("key"), dief_protocol::EncryptionKeypair::generate().expect("key"));
    dief_protocol::roster::JoinRequest {
        state: state_code,
        status: dief_protocol::roster::MemberStatus::StateParty,
        peer_id: id.public().peer_id(),
        signing_key: id.public(),
        encryption_key: enc.public(),
        transport_key: None,
        addrs: vec!["/ip4/127.0.0.1/tcp/9".into()],
        requested_at: now,
    }
    .sign(&id)
    .expect("sign")
}

/// The Secretariat admits several States in one roster version (the
/// federation's start does), and one refused request in a batch refuses
/// the whole batch: nobody is admitted and the roster stays as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn states_admitted_together_share_one_roster_version_and_one_bad_request_refuses_all() {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let roster = sec.roster().expect("roster");
    let (ma, mb) = (roster.member(a).expect("FRA listed"), roster.member(b).expect("GHA listed"));
    assert_eq!(ma.node.keys_since, roster.sequence, "FRA was not admitted in the last version");
    assert_eq!(mb.node.keys_since, roster.sequence, "GHA was not admitted in the same version as FRA");

    let now = fed.clock().now_ms();
    let swapped = fresh_join_request(a, now);
    let err = sec.admit_all(&[fresh_join_request(c, now), swapped]).await.expect_err("a batch with FRA's keys swapped");
    assert!(err.to_string().contains("already a member with other keys"), "{err}");
    let after = sec.roster().expect("roster");
    assert_eq!(after.sequence, roster.sequence, "a refused batch published a roster");
    assert!(after.member(c).is_none(), "PER was admitted with a refused batch");
    fed.shutdown().await;
}
