//! Upgrades on the wire (issue 14): a federation in the middle of an
//! upgrade, with GHA still on the previous release (a node told to read and
//! write wire version 1 only, as dief 0.1.0 did).

use dief_node::federation::LocalFederation;
use dief_node::Node;
use dief_protocol::envelope::WIRE_VERSION;
use dief_protocol::{Envelope, Party};
use dief_tests::{delivered, init_logging, new_case, refusal_of, state, wait_until, PROMPT};

/// The wire versions of the envelopes `node` received, in arrival order.
fn versions_received(node: &Node) -> Vec<u16> {
    node.received_wire()
        .iter()
        .filter_map(|b| Envelope::from_bytes(b).ok())
        .filter_map(|e| e.peek_header().ok())
        .map(|h| h.version)
        .collect()
}

async fn holds_roster(nodes: &[&Node], sequence: u64) -> bool {
    wait_until(PROMPT, || nodes.iter().all(|n| n.roster().is_some_and(|r| r.sequence >= sequence))).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_one_release_behind_exchanges_on_the_older_version_and_is_told_to_upgrade() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let (fra, gha) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    assert_eq!(fra.roster().expect("roster").wire_version, WIRE_VERSION, "a new federation writes the newest");

    // The federation is upgrading: the Secretariat keeps members on
    // version 1 while GHA still runs the previous release.
    let r = sec.set_wire_version(1).await.expect("wire version 1");
    assert!(holds_roster(&[&fra, &gha], r.sequence).await);
    gha.emulate_wire_release(1);
    let own = fra.create_case(new_case("upgrade, old and new")).await.expect("case");
    let to_old = fra.share(&own.id, &[b]).await.expect("share");
    assert!(delivered(&fra, to_old, Party::State(b)).await, "the new release writes version 1 to the old one");
    let theirs = gha.create_case(new_case("upgrade, from the old release")).await.expect("case");
    let to_new = gha.share(&theirs.id, &[a]).await.expect("share");
    assert!(delivered(&gha, to_new, Party::State(a)).await, "the new release reads what the old one writes");
    assert!(versions_received(&gha).iter().all(|v| *v == 1), "{:?}", versions_received(&gha));
    assert!(versions_received(&fra).iter().all(|v| *v == 1), "{:?}", versions_received(&fra));

    // The Secretariat raises the version too early: GHA still learns the
    // roster (roster updates travel in version 1), its status says to
    // upgrade, and it refuses FRA's next envelope with a reason FRA shows.
    let r = sec.set_wire_version(2).await.expect("wire version 2");
    assert!(holds_roster(&[&fra, &gha], r.sequence).await, "a member one release behind still learns the roster");
    let status = gha.status().await.expect("status");
    assert!(
        status.attention.iter().any(|i| i.contains("write wire version 2") && i.contains("upgrade dief")),
        "{:?}",
        status.attention
    );
    let too_new = fra.share(&own.id, &[b]).await.expect("share");
    let reason = refusal_of(&fra, too_new, Party::State(b)).await;
    assert!(reason.contains("wire version 2 is not read by this node"), "{reason}");
    assert!(reason.contains("upgrade dief on the receiving node"), "{reason}");
    assert_eq!(fra.status().await.expect("status").set_aside, 1);

    // GHA upgrades; FRA retries the envelope it set aside, as sealed.
    gha.emulate_wire_release(WIRE_VERSION);
    assert_eq!(fra.retry(&too_new).await.expect("retry"), 1);
    assert!(delivered(&fra, too_new, Party::State(b)).await, "delivered once GHA reads version 2");
    assert_eq!(versions_received(&gha).last(), Some(&2));
    let status = gha.status().await.expect("status");
    assert!(!status.attention.iter().any(|i| i.contains("wire version")), "{:?}", status.attention);
    let upgraded = gha.share(&theirs.id, &[a]).await.expect("share");
    assert!(delivered(&gha, upgraded, Party::State(a)).await);
    assert_eq!(versions_received(&fra).last(), Some(&2));
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_secretariat_sets_a_wire_version_this_build_writes() {
    init_logging();
    let a = state("FRA");
    let fed = LocalFederation::start(&[a]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let err = sec.set_wire_version(WIRE_VERSION + 1).await.expect_err("too new");
    assert!(err.to_string().contains(&format!("wire version {}", WIRE_VERSION + 1)), "{err}");
    let err = sec.set_wire_version(0).await.expect_err("zero");
    assert!(err.to_string().contains("wire version 0"), "{err}");
    let err = fed.state(a).expect("a").set_wire_version(1).await.expect_err("a State");
    assert!(err.to_string().to_lowercase().contains("secretariat"), "{err}");
    let before = sec.roster().expect("roster").sequence;
    assert_eq!(sec.roster().expect("roster").sequence, before, "a refused change publishes nothing");
    fed.shutdown().await;
}
