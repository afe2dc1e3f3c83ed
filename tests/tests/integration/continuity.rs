//! Trust no one in the middle (issue 11): a Secretariat swapping a State's
//! keys is caught by every member and reads nothing; a key rotation loses
//! nothing queued or in flight and its old key is destroyed after the grace
//! period; the roster key follows its chain; two rosters of one sequence
//! raise a split-view alert.

use std::time::Duration;

use dief_node::alerts::{Alert, AlertKind};
use dief_node::audit::AuditAction;
use dief_node::federation::LocalFederation;
use dief_node::node::{Node, RosterChange};
use dief_protocol::roster::{MemberStatus, NodeKeys};
use dief_protocol::{EncryptionKeypair, IdentityKeypair, Member, Party, Payload, Roster};
use dief_tests::{init_logging, new_case, state, wait_until, PROMPT};

const DAY_MS: i64 = 86_400_000;

fn open_alerts(n: &Node) -> Vec<Alert> {
    n.alerts().expect("alerts").into_iter().filter(|a| a.acknowledged.is_none()).collect()
}

async fn holds_sequence(nodes: &[&Node], sequence: u64) -> bool {
    wait_until(PROMPT, || nodes.iter().all(|n| n.roster().is_some_and(|r| r.sequence >= sequence))).await
}

/// The Secretariat (holding the roster key, so able to sign anything)
/// gives FRA keys of its own choosing, with no rotation signed by FRA's
/// key. No member takes them silently: each alerts, with the old and new
/// fingerprints, and keeps FRA's keys; FRA's own node alerts; a case sent
/// to FRA afterwards opens with FRA's real key and not with the new one;
/// `admit` refuses the same swap outright. Acknowledging is what switches.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretariat_swapping_a_states_keys_is_caught_and_reads_nothing() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let (nf, ng, np) = (
        fed.state(fra).expect("fra").clone(),
        fed.state(gha).expect("gha").clone(),
        fed.state(per).expect("per").clone(),
    );
    let real = nf.signing_key();
    let (attacker, attacker_enc) =
        (IdentityKeypair::generate().expect("key"), EncryptionKeypair::generate().expect("key"));
    let forged_keys =
        |seq| NodeKeys::new(attacker.public(), attacker_enc.public(), vec!["/ip4/127.0.0.1/tcp/9".into()], seq);

    // The honest path refuses it: a join request with other keys for a member.
    let join = dief_protocol::roster::JoinRequest {
        state: fra,
        status: MemberStatus::StateParty,
        peer_id: attacker.public().peer_id(),
        signing_key: attacker.public(),
        encryption_key: attacker_enc.public(),
        transport_key: None,
        addrs: vec!["/ip4/127.0.0.1/tcp/9".into()],
        requested_at: fed.clock().now_ms(),
    };
    let err = sec.admit(&join.sign(&attacker).expect("sign")).await.expect_err("admit swapped FRA's keys");
    assert!(err.to_string().contains("already a member with other keys"), "{err}");

    // A compromised Secretariat signs it anyway.
    let forged = sec
        .publish_forged_roster(|r: &mut Roster, seq| {
            r.upsert(Member { state: fra, status: MemberStatus::StateParty, node: forged_keys(seq) });
        })
        .await
        .expect("forged roster");
    assert!(holds_sequence(&[&nf, &ng, &np], forged.sequence).await, "the forged roster did not reach every member");

    for (who, n) in [("GHA", &ng), ("PER", &np)] {
        let alerts = open_alerts(n);
        let alert = alerts
            .iter()
            .find(|a| matches!(&a.kind, AlertKind::KeysReplaced { party, .. } if *party == Party::State(fra)))
            .unwrap_or_else(|| panic!("{who} took FRA's new keys silently: {alerts:?}"));
        assert!(alert.text.contains(&attacker.public().fingerprint()), "{}", alert.text);
        assert!(alert.text.contains(&real.fingerprint()), "{}", alert.text);
        let pinned = n.roster().expect("roster").node(Party::State(fra)).expect("FRA").signing_key;
        assert_eq!(pinned, real, "{who} uses the swapped key");
        let status = n.status().await.expect("status");
        assert!(status.attention.iter().any(|a| a.contains("ALERT keys/FRA")), "{who}: {:?}", status.attention);
    }
    let own = open_alerts(&nf);
    assert!(own.iter().any(|a| matches!(a.kind, AlertKind::OwnKeysReplaced { .. })), "FRA did not alert: {own:?}");
    assert!(!nf.status().await.expect("status").attention.is_empty());

    // A case GHA shares with FRA now reaches FRA's real node, and the
    // attacker's key cannot open it.
    let case = ng.create_case(new_case("after the swap")).await.expect("case");
    let sent = ng.share(&case.id, &[fra]).await.expect("share");
    assert!(wait_until(PROMPT, || nf.case(&case.id).is_ok()).await, "FRA's real node did not get the case");
    let envelope = ng.sent_envelope(&sent).expect("envelope");
    let listed = forged.clone();
    let err = envelope
        .open(&listed, Party::State(fra), &attacker_enc, fed.clock().now_ms())
        .expect_err("the swapped key opened a case sent after the swap");
    eprintln!("as expected, the swapped key cannot open it: {err}");

    // After its operator confirms with FRA, GHA takes the new keys.
    let id = open_alerts(&ng).into_iter().find(|a| a.id.starts_with("keys/FRA")).expect("alert").id;
    let acked = ng.acknowledge_alert(&id, "test operator").expect("ack");
    assert_eq!(acked.acknowledged.expect("acknowledged").by, "test operator");
    assert_eq!(ng.roster().expect("roster").node(Party::State(fra)).expect("FRA").signing_key, attacker.public());
    assert!(!ng.status().await.expect("status").attention.iter().any(|a| a.contains("ALERT keys/FRA")));
    fed.shutdown().await;
}

/// The Secretariat declares a key recovery for FRA (FRA lost its key, the
/// Secretariat says): with no rotation signed by FRA's key to check, every
/// member raises an alert that shows the Secretariat's reason and both
/// fingerprints, and keeps FRA's keys; FRA's own node, still holding its
/// keys, alerts with the reason too, so its operator sees what the
/// Secretariat claimed in its name (issue 11 review).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_recovery_is_an_alert_with_its_reason_and_both_fingerprints_everywhere() {
    const REASON: &str = "FRA's server was destroyed in a flood; new keys confirmed by note verbale 2024/17";
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let n = |s| fed.state(s).expect("node").clone();
    let (nf, ng, np) = (n(fra), n(gha), n(per));
    let old = nf.signing_key().fingerprint();
    let (new_id, new_enc) = (IdentityKeypair::generate().expect("key"), EncryptionKeypair::generate().expect("key"));
    let new = new_id.public().fingerprint();
    let join = dief_protocol::roster::JoinRequest {
        state: fra,
        status: MemberStatus::StateParty,
        peer_id: new_id.public().peer_id(),
        signing_key: new_id.public(),
        encryption_key: new_enc.public(),
        transport_key: None,
        addrs: vec!["/ip4/127.0.0.1/tcp/9".into()],
        requested_at: fed.clock().now_ms(),
    };
    let change = sec.recover(&join.sign(&new_id).expect("sign"), REASON.into()).await.expect("recover");
    let RosterChange::Published { roster } = change else { panic!("the recovery was not published: {change:?}") };
    assert!(holds_sequence(&[&ng, &np], roster.sequence).await, "the recovery did not reach GHA and PER");
    // The Secretariat now seals to and dials FRA's new keys only: FRA's
    // node, still running, learns the roster from the members that alert.
    assert!(holds_sequence(&[&nf], roster.sequence).await, "the recovery never reached FRA's node");

    let shows_all = |a: &Alert| a.text.contains(REASON) && a.text.contains(&old) && a.text.contains(&new);
    for (who, node) in [("GHA", &ng), ("PER", &np)] {
        let alerts = open_alerts(node);
        let alert = alerts
            .iter()
            .find(|a| matches!(&a.kind, AlertKind::KeysReplaced { party, .. } if *party == Party::State(fra)))
            .unwrap_or_else(|| panic!("{who} took the recovered keys silently: {alerts:?}"));
        assert!(shows_all(alert), "{who}'s alert lacks the reason or a fingerprint: {}", alert.text);
        let pinned = node.roster().expect("roster").node(Party::State(fra)).expect("FRA").signing_key;
        assert_eq!(pinned.fingerprint(), old, "{who} took the recovered keys before its operator acknowledged");
    }
    let own = open_alerts(&nf);
    let alert = own
        .iter()
        .find(|a| matches!(a.kind, AlertKind::OwnKeysReplaced { .. }))
        .unwrap_or_else(|| panic!("FRA did not alert: {own:?}"));
    assert!(shows_all(alert), "FRA's alert lacks the reason or a fingerprint: {}", alert.text);
    fed.shutdown().await;
}

/// FRA rotates its keys while GHA is down with cases queued to FRA's old
/// key, and FRA itself has replies queued to GHA signed with its old key;
/// GHA comes back and shares more while the new roster spreads. Every
/// case and reply is delivered and opened once, no member alerts (the
/// rotation is signed by FRA's previous key), and after the grace period
/// the old key is destroyed: what was sealed to it no longer opens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_rotation_loses_nothing_queued_or_in_flight_and_retires_the_old_key() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let (pf, pg) = (Party::State(fra), Party::State(gha));
    let mut fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let ng = fed.state(gha).expect("gha").clone();
    let nf = fed.state(fra).expect("fra").clone();
    let first = ng.create_case(new_case("before the rotation")).await.expect("case");
    ng.share(&first.id, &[fra]).await.expect("share");
    assert!(wait_until(PROMPT, || nf.case(&first.id).is_ok()).await);
    let old_signing = nf.signing_key();
    let old_encryption = nf.encryption_key_ids()[0];
    // Sealed to FRA's old key and kept aside: it must open within the grace
    // period and never after.
    let sealed_to_old =
        ng.seal_only(vec![pf], Payload::CaseShare { case: first.clone(), provider: gha }).expect("seal");
    drop(nf);

    fed.stop(pf).await.expect("stop FRA");
    let mut cases = vec![first.id];
    for i in 0..5 {
        let c = ng.create_case(new_case(&format!("queued {i}"))).await.expect("case");
        ng.share(&c.id, &[fra]).await.expect("share");
        cases.push(c.id);
    }
    drop(ng);
    fed.stop(pg).await.expect("stop GHA");
    let nf = fed.start_node(pf).await.expect("start FRA");
    for i in 0..3 {
        nf.reply(&first.id, format!("reply {i} under the old key"), "en".into(), None).await.expect("reply");
    }
    let rotation = nf.rotate_keys().await.expect("rotate").verify().expect("statement");
    assert_eq!(rotation.previous_signing_key, old_signing);
    assert!(
        wait_until(PROMPT, || nf.signing_key() == rotation.signing_key).await,
        "the roster never listed FRA's new keys"
    );
    assert_eq!(nf.keys_view().retired_encryption_keys, vec![old_encryption]);

    let ng = fed.start_node(pg).await.expect("start GHA");
    for i in 0..3 {
        let c = ng.create_case(new_case(&format!("in flight {i}"))).await.expect("case");
        ng.share(&c.id, &[fra]).await.expect("share");
        cases.push(c.id);
    }
    let all_cases = || cases.iter().all(|c| nf.case(c).is_ok());
    let replies =
        || ng.case_exchanges(&first.id).map(|e| e.iter().filter(|x| matches!(x.payload, Payload::Reply(_))).count());
    assert!(
        wait_until(Duration::from_secs(60), || all_cases() && replies().is_ok_and(|n| n == 3)).await,
        "after the rotation: cases at FRA {}/{}, replies at GHA {:?}",
        cases.iter().filter(|c| nf.case(c).is_ok()).count(),
        cases.len(),
        replies()
    );
    assert!(wait_until(PROMPT, || nf.outbox_pending().is_ok_and(|n| n == 0)).await, "FRA's outbox did not drain");
    assert!(wait_until(PROMPT, || ng.outbox_pending().is_ok_and(|n| n == 0)).await, "GHA's outbox did not drain");
    assert_eq!(ng.roster().expect("roster").node(pf).expect("FRA").signing_key, rotation.signing_key);
    for n in [&nf, &ng] {
        assert_eq!(open_alerts(n), Vec::new(), "a verified rotation raised an alert");
    }
    // Each delivered once: one audit "delivered" entry per case share.
    let entries = nf.audit_entries(0, 100_000).expect("audit");
    for c in &cases {
        let applied = entries
            .iter()
            .filter(|e| e.event.case_id == Some(*c) && matches!(e.event.action, AuditAction::Delivered { .. }))
            .count();
        assert_eq!(applied, 1, "case {c} applied {applied} times");
    }

    // Within the grace period the old key still opens what was sealed to it.
    assert!(nf.try_open(&sealed_to_old).is_ok(), "the retired key was not kept for the grace period");
    fed.clock().advance(31 * DAY_MS);
    assert_eq!(nf.destroy_expired_keys().expect("destroy"), 1);
    assert!(nf.keys_view().retired_encryption_keys.is_empty());
    assert!(!nf.encryption_key_ids().contains(&old_encryption));
    let err = nf.try_open(&sealed_to_old).expect_err("the destroyed key still opened an envelope");
    assert!(err.to_string().contains(&old_encryption.to_string()), "{err}");
    drop((nf, ng));
    fed.shutdown().await;
}

/// The Secretariat replaces its roster key; members follow the change
/// signed by the old key, and a State joining later, which pinned the
/// first key at `dief init`, follows the whole chain. A roster signed by
/// the Secretariat's node key, which is not the roster key, is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_follow_the_roster_key_and_nothing_else_signs_rosters() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[fra]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let nf = fed.state(fra).expect("fra").clone();
    let first_key = sec.roster().expect("roster").signer();
    let change = sec.rotate_roster_key().await.expect("rotate the roster key");
    let new_key = change.roster().signer();
    assert_ne!(new_key, first_key);
    assert!(holds_sequence(&[&nf], change.roster().sequence).await);
    assert_eq!(nf.roster().expect("roster").signer(), new_key);
    assert_eq!(sec.keys_view().roster_key_fingerprint, Some(new_key.fingerprint()));
    // A State pinning the first key joins under the new one.
    let ng = fed.add_state(gha).await.expect("GHA joins after the change");
    assert_eq!(ng.roster().expect("roster").signer(), new_key);
    // The online node's own key signs nothing members take.
    let by_node = sec.sign_forged_roster(|r: &mut Roster, _| r.chair = None, true).expect("sign with the node key");
    let err = nf.import_roster(&by_node).expect_err("a roster signed by the node key was taken");
    assert!(err.to_string().contains("which no change of roster key links to"), "{err}");
    drop((sec, nf, ng));
    fed.shutdown().await;
}

/// Whoever holds the roster key signs two rosters of one sequence and
/// shows GHA one and PER the other. When the two exchange, both find out:
/// the roster each offers on connecting, and each receipt, name the roster
/// its sender holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_rosters_of_one_sequence_raise_a_split_view_alert() {
    init_logging();
    let (gha, per) = (state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[gha, per]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let (ng, np) = (fed.state(gha).expect("gha").clone(), fed.state(per).expect("per").clone());
    let far = fed.clock().now_ms() + 400 * DAY_MS;
    let a = sec
        .sign_forged_roster(
            |r: &mut Roster, _| r.chair = Some(dief_protocol::roster::Chair { state: gha, term_ends_at: far }),
            false,
        )
        .expect("roster A");
    let b = sec
        .sign_forged_roster(
            |r: &mut Roster, _| r.chair = Some(dief_protocol::roster::Chair { state: per, term_ends_at: far }),
            false,
        )
        .expect("roster B");
    ng.import_roster(&a).expect("GHA takes A");
    np.import_roster(&b).expect("PER takes B");
    let case = ng.create_case(new_case("across a split")).await.expect("case");
    ng.share(&case.id, &[per]).await.expect("share");
    let split = |n: &Node| open_alerts(n).iter().any(|a| matches!(a.kind, AlertKind::SplitView { .. }));
    assert!(
        wait_until(PROMPT, || split(&ng) && split(&np)).await,
        "GHA {:?} / PER {:?}",
        open_alerts(&ng),
        open_alerts(&np)
    );
    let status = np.status().await.expect("status");
    assert!(status.attention.iter().any(|a| a.contains("split roster view")), "{:?}", status.attention);
    drop((sec, ng, np));
    fed.shutdown().await;
}

/// A text sealed to the members (here a contact card's notes) is opened
/// and kept as it arrives, or as it is published: it stays readable after
/// its writer rotates its keys (the roster then names only the new key,
/// under which the text no longer opens) and after the reader's own
/// retired key is destroyed at the end of the grace period. The
/// Secretariat, which relayed it, still reads none of it. FRA signs its
/// card again with its new key, so that a State admitted afterwards (PER)
/// accepts it from the Secretariat's catch-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sealed_notes_stay_readable_after_the_writer_and_the_reader_rotate_keys() {
    use dief_node::contacts::ContactDraft;
    use dief_protocol::meeting::{Contact, DirectoryQuery, Role};
    use dief_protocol::sealed::MemberText;

    const NOTES: &str = "Ask for the arms desk; the duty officer answers until 18:00 CET";
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let nf = fed.state(fra).expect("fra").clone();
    let ng = fed.state(gha).expect("gha").clone();
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let draft = ContactDraft {
        id: None,
        agency: "Office central de lutte contre le trafic d'armes".into(),
        role: Role::LawEnforcement,
        address: "Paris".into(),
        contacts: vec![Contact {
            function: "Duty officer".into(),
            name: String::new(),
            email: "octa@interieur.gouv.fr".into(),
            phone: "+33 1 00 00 00 00".into(),
        }],
        languages: vec!["fr".into()],
        notes: NOTES.into(),
        withdrawn: false,
    };
    nf.publish_contact(draft).await.expect("publish");
    let card_at = |n: &Node| {
        let q = DirectoryQuery { state: Some(fra), ..DirectoryQuery::default() };
        n.contacts(&q).ok().and_then(|c| c.first().cloned())
    };
    let notes_at = |n: &Node| card_at(n).map(|c| c.notes);
    let clear = Some(MemberText::Clear(NOTES.into()));
    assert!(wait_until(PROMPT, || notes_at(&ng) == clear).await, "GHA reads {:?}", notes_at(&ng));
    assert_eq!(notes_at(&nf), clear);

    let rotation = nf.rotate_keys().await.expect("rotate").verify().expect("statement");
    let listed = |n: &Node, p: Party, key| n.roster().and_then(|r| r.node(p).map(|k| k.signing_key == key));
    assert!(
        wait_until(PROMPT, || listed(&ng, Party::State(fra), rotation.signing_key) == Some(true)).await,
        "GHA's roster never named FRA's new keys"
    );
    // FRA takes its new keys when its own copy of the roster names them,
    // which may come after GHA's: only then is its old key expiring.
    assert!(wait_until(PROMPT, || nf.signing_key() == rotation.signing_key).await, "FRA's new keys never took effect");
    let own = ng.rotate_keys().await.expect("rotate").verify().expect("statement");
    assert!(wait_until(PROMPT, || ng.signing_key() == own.signing_key).await, "GHA's new keys never took effect");
    fed.clock().advance(31 * DAY_MS);
    assert_eq!(ng.destroy_expired_keys().expect("destroy"), 1);
    assert_eq!(nf.destroy_expired_keys().expect("destroy"), 1);

    for n in [&nf, &ng] {
        assert_eq!(notes_at(n), clear, "{} can no longer read the notes", n.party());
    }
    assert!(matches!(notes_at(&sec), Some(MemberText::Sealed(_))), "{:?}", notes_at(&sec));
    // What GHA kept in clear is sealed on disk like every value.
    ng.flush_store().expect("flush");
    let dir = fed.dir(Party::State(gha)).expect("GHA's directory").to_path_buf();
    assert!(dief_tests::count_files(&dir) > 0);
    assert_eq!(dief_tests::files_containing(&dir, NOTES.as_bytes()), Vec::<String>::new());

    // FRA signed its card again with its new key (sequence 2, same notes).
    for n in [&ng, &sec] {
        let resigned = wait_until(PROMPT, || card_at(n).is_some_and(|c| c.sequence == 2)).await;
        assert!(resigned, "{} never got FRA's card signed with its new key: {:?}", n.party(), card_at(n));
    }
    assert_eq!(notes_at(&ng), clear);
    let per = fed.add_state(state("PER")).await.expect("admit PER");
    let listed = wait_until(PROMPT, || card_at(&per).is_some_and(|c| c.sequence == 2)).await;
    assert!(listed, "PER, admitted after FRA's rotation, does not list FRA's card: {:?}", card_at(&per));
    drop((nf, ng, sec, per));
    fed.shutdown().await;
}
