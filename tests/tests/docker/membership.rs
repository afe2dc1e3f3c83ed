//! Membership across hosts: the States carry on while the Secretariat's
//! container is stopped, honouring the roster it signed before; and a node
//! with valid keys that is not on the roster reaches no member.

use std::time::{Duration, Instant};

use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::{EncryptionKeypair, IdentityKeypair, NodeKeys, Roster, SignedJoinRequest, SignedRoster};
use serde_json::Value;

use crate::harness::{load_report, serial, status, wait_delivered, wait_for, Cluster, Tally};

const ROSTER_LABEL: &str = "DIEF ROSTER";
const JOIN_LABEL: &str = "DIEF JOIN REQUEST";

fn roster_sequence(c: &Cluster, node: &str) -> u64 {
    c.json(node, &["roster", "show"])["sequence"].as_u64().unwrap_or(0)
}

fn inbox_from(c: &Cluster, node: &str, sender: &str) -> Vec<Value> {
    c.json(node, &["inbox"])
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["sender"] == sender)
        .collect()
}

#[test]
fn states_share_and_reply_while_the_secretariat_is_down() {
    let _serial = serial();
    let test = "secretariat-down";
    let began = Instant::now();
    let c = Cluster::federation(test, &["FRA", "GHA", "PER"]);

    // Roster changes signed before the stop: PER removed, GHA in the Chair.
    c.json("SEC", &["roster", "remove", "PER"]);
    c.json("SEC", &["roster", "chair", "GHA", "--until", "2099-12-31"]);
    let sequence = roster_sequence(&c, "SEC");
    assert!(
        wait_for(Duration::from_secs(30), Duration::from_millis(250), || {
            ["FRA", "GHA"].iter().all(|s| roster_sequence(&c, s) == sequence)
        }),
        "the new roster did not reach FRA and GHA"
    );
    c.stop("SEC");
    // A restart without the Secretariat: the roster comes from the store.
    c.stop("FRA");
    c.start("FRA");
    c.wait_healthy("FRA", Duration::from_secs(60));
    let held = c.json("FRA", &["roster", "show"]);
    assert_eq!(held["sequence"].as_u64(), Some(sequence));
    assert_eq!(held["chair"]["state"], "GHA");
    assert!(held["members"].as_array().unwrap().iter().all(|m| m["state"] != "PER"), "PER still listed: {held}");

    // Sharing both ways and replying, with no Secretariat anywhere.
    let from_fra = load_report(
        "dief load on FRA",
        &c.exec("FRA", &["--json", "load", "--to", "GHA", "--count", "100", "--tag", "sd-fra"]),
    );
    let from_gha = load_report(
        "dief load on GHA",
        &c.exec("GHA", &["--json", "load", "--to", "FRA", "--count", "100", "--tag", "sd-gha"]),
    );
    let (t_fra, _) = wait_delivered(&c, "FRA", &["GHA"], "sd-fra", &from_fra, Duration::from_secs(60));
    let (t_gha, _) = wait_delivered(&c, "GHA", &["FRA"], "sd-gha", &from_gha, Duration::from_secs(60));
    t_fra.print(&format!("{test} FRA->GHA"));
    t_gha.print(&format!("{test} GHA->FRA"));
    t_fra.assert_exactly_once(test);
    t_gha.assert_exactly_once(test);
    let replies = 10;
    for s in from_fra.iter().take(replies) {
        let out = c.exec("GHA", &["reply", &s.case_id, "--body", &format!("re: {}", s.title)]);
        assert!(out.status.success(), "GHA's reply failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let got_replies = || inbox_from(&c, "FRA", "GHA").iter().filter(|e| e["kind"] == "reply").count();
    assert!(
        wait_for(Duration::from_secs(30), Duration::from_millis(500), || got_replies() == replies),
        "FRA got {} of {replies} replies",
        got_replies()
    );
    println!("{test}: GHA's {replies} replies reached FRA");

    // The removal is honoured: FRA will not address PER, and whatever PER
    // still tries reaches nobody (its node may refuse to seal at all once it
    // has the new roster from the exchange).
    let case = &from_fra[0].case_id;
    let refused = c.exec("FRA", &["share", case, "--to", "PER"]);
    assert_eq!(
        refused.status.code(),
        Some(4),
        "sharing with a removed State: {}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let per_case = c.exec("PER", &["--json", "case", "new", "--title", "sd-per 000000"]);
    let per_attempted = if per_case.status.success() {
        let id = serde_json::from_slice::<Value>(&per_case.stdout).unwrap()["id"].as_str().unwrap().to_string();
        let share = c.exec("PER", &["share", &id, "--to", "FRA,GHA"]);
        println!(
            "{test}: removed PER's share {}",
            if share.status.success() { "was queued by PER's node" } else { "was refused by PER's own node" }
        );
        2
    } else {
        0
    };
    std::thread::sleep(Duration::from_secs(10));
    let leaked: usize = ["FRA", "GHA"].iter().map(|s| inbox_from(&c, s, "PER").len()).sum();
    let per =
        Tally { attempted: per_attempted, acknowledged: 0, delivered: leaked, lost: 0, duplicated: 0, unexpected: 0 };
    per.print(&format!("{test} removed PER->FRA,GHA"));
    assert_eq!(leaked, 0, "a removed State delivered to a member");
    println!("{test}: test took {:.1} s", began.elapsed().as_secs_f64());
}

/// Builds, for the outsider, a roster signed by the rogue key it pinned
/// that lists the real members (their public entries, copied from the real
/// roster) and the outsider itself: the outsider's node then believes it
/// may dial every member and seal envelopes to them.
fn forged_roster(rogue: &IdentityKeypair, real: &str, join: &str) -> String {
    let signed: SignedRoster =
        codec::decode("roster", &dearmor(ROSTER_LABEL, real).unwrap(), MAX_ROSTER_BYTES).unwrap();
    let mut roster: Roster = codec::decode("roster", &signed.body, MAX_ROSTER_BYTES).unwrap();
    let join: SignedJoinRequest =
        codec::decode("join request", &dearmor(JOIN_LABEL, join).unwrap(), MAX_ROSTER_BYTES).unwrap();
    let request = join.verify().unwrap();
    roster.secretariat = NodeKeys {
        peer_id: rogue.public().peer_id(),
        signing_key: rogue.public(),
        encryption_key: EncryptionKeypair::generate().unwrap().public(),
        addrs: roster.secretariat.addrs.clone(),
        keys_since: 0,
        transport_key: None,
        rotations: Vec::new(),
        recovery: None,
    };
    // Signed by the rogue key as the roster key, as if it were genesis.
    roster.roster_key = Some(rogue.public());
    roster.roster_key_chain.clear();
    roster.sequence += 1;
    roster.upsert(request.to_member(roster.sequence));
    let forged = roster.sign(rogue).unwrap();
    armor(ROSTER_LABEL, &codec::encode("roster", &forged, MAX_ROSTER_BYTES).unwrap())
}

#[test]
fn an_outsider_with_valid_keys_reaches_no_member() {
    let _serial = serial();
    let test = "outsider";
    let began = Instant::now();
    let members = ["FRA", "GHA"];
    let mut c = Cluster::federation(test, &members);

    // DEU: a real node with its own valid keys that was never admitted. It
    // pins a rogue roster key so it can hold a roster naming the members.
    let rogue = IdentityKeypair::generate().unwrap();
    let pin = rogue.public().fingerprint();
    c.once(
        "DEU",
        &[
            "init",
            "--state",
            "DEU",
            "--roster-key",
            &pin,
            "--announce",
            "/ip4/{ip}/tcp/4100",
            "--announce",
            "/ip4/{ip}/udp/4100/quic-v1",
        ],
    );
    c.run("DEU", &["run"]);
    c.wait_healthy("DEU", Duration::from_secs(60));
    let join = String::from_utf8(c.exec("DEU", &["roster", "join-request"]).stdout).unwrap();
    let real = String::from_utf8(c.exec("FRA", &["roster", "export"]).stdout).unwrap();
    let forged = forged_roster(&rogue, &real, &join);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), forged).unwrap();
    // docker cp keeps the mode; the node's user (10001) must read it.
    std::fs::set_permissions(file.path(), std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let dest = format!("{}:/tmp/forged-roster.txt", c.container("DEU"));
    crate::harness::docker_ok(&["cp", &file.path().display().to_string(), &dest]);
    let held = c.json("DEU", &["roster", "import", "/tmp/forged-roster.txt"]);
    assert_eq!(held["members"].as_array().map(Vec::len), Some(3), "the outsider's roster: {held}");

    // It shares a case with both members: sealed to their real keys, queued,
    // and its node dials their real addresses.
    let case = c.json("DEU", &["case", "new", "--title", "outsider 000000"]);
    let id = case["id"].as_str().unwrap().to_string();
    c.json("DEU", &["share", &id, "--to", "FRA,GHA"]);
    let connected = |node: &str| status(&c, node).and_then(|v| v["connected"].as_u64()).unwrap_or(0);
    // A member is connected to the Secretariat and the other State, no more.
    let legit = members.len() as u64;
    let watch = Instant::now();
    let mut most = [0u64; 3];
    while watch.elapsed() < Duration::from_secs(20) {
        for (i, node) in ["FRA", "GHA", "DEU"].iter().enumerate() {
            most[i] = most[i].max(connected(node));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let outbox = c.json("DEU", &["outbox"]);
    let deliveries: Vec<Value> = outbox
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["recipients"].as_array().cloned().unwrap_or_default())
        .collect();
    let acknowledged = deliveries.iter().filter(|d| d[1]["state"] == "delivered").count();
    let attempts: u64 = deliveries.iter().map(|d| d[1]["attempts"].as_u64().unwrap_or(0)).sum();
    let delivered: usize = members.iter().map(|s| inbox_from(&c, s, "DEU").len()).sum();
    let refusals: usize = members
        .iter()
        .map(|s| {
            let logs = crate::harness::docker(&["logs", &c.container(s)]);
            String::from_utf8_lossy(&logs.stderr).matches("refused by the gate").count()
        })
        .sum();
    let t = Tally { attempted: members.len(), acknowledged, delivered, lost: 0, duplicated: 0, unexpected: delivered };
    t.print(test);
    println!(
        "{test}: DEU made {attempts} delivery attempt(s); most connections seen: FRA {}, GHA {}, DEU {}; \
         {refusals} connection(s) refused by the members' gates; its outbox: {}; test took {:.1} s",
        most[0],
        most[1],
        most[2],
        deliveries.iter().map(|d| d[1].to_string()).collect::<Vec<_>>().join(", "),
        began.elapsed().as_secs_f64()
    );
    assert!(attempts >= 1, "the outsider never tried: {outbox}");
    assert_eq!(acknowledged, 0, "a member receipted the outsider's envelope");
    assert_eq!(delivered, 0, "a member accepted the outsider's envelope");
    // The members' gates refuse the outsider once its Noise handshake names
    // it, so no member ever counts it; the outsider's own count may show a
    // connection for the instant between its handshake and the close.
    assert!(most[0] <= legit && most[1] <= legit, "a member held a connection beyond the federation: {most:?}");
    assert!(refusals > 0, "no member's gate saw the outsider: did it dial at all?");
}
