//! Operations (issue 14): the Prometheus metrics page scraped during an
//! exchange between real nodes, its counters moving by the exact counts;
//! backup and restore with the gap refilled by the peers, backups taken
//! while receiving, and scheduled backups with their retention.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use dief_node::federation::LocalFederation;
use dief_protocol::{Envelope, Kind, Party, Response};
use dief_tests::{delivered, init_logging, new_case, state, wait_until, PROMPT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// GET /metrics over a plain TCP connection: status line checked, body
/// parsed into `series -> value` (HELP and TYPE lines kept apart).
async fn scrape(addr: SocketAddr) -> (BTreeMap<String, f64>, String) {
    let mut conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    conn.write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.expect("write");
    let mut raw = Vec::new();
    conn.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8(raw).expect("utf-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: text/plain; version=0.0.4"), "{head}");
    let mut series = BTreeMap::new();
    for line in body.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let (name, value) = line.rsplit_once(' ').expect("series value");
        series.insert(name.to_string(), value.parse::<f64>().expect("a number"));
    }
    (series, body.to_string())
}

fn value(series: &BTreeMap<String, f64>, name: &str) -> f64 {
    series.get(name).copied().unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_metrics_page_counts_an_exchange_and_a_forgery() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let loopback: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let ma = dief_node::api::serve_metrics(na.clone(), loopback, stopped(stop_rx.clone())).await.expect("metrics a");
    let mb = dief_node::api::serve_metrics(nb.clone(), loopback, stopped(stop_rx.clone())).await.expect("metrics b");
    // Only loopback: the page is for a local scraper.
    let outside = dief_node::api::serve_metrics(na.clone(), "0.0.0.0:0".parse().expect("addr"), async {}).await;
    assert!(outside.is_err());

    let (before_a, _) = scrape(ma).await;
    let (before_b, _) = scrape(mb).await;
    const SENT: &str = "dief_envelopes_sent_total{kind=\"case_share\"}";
    const DELIVERED: &str = "dief_envelopes_delivered_total{kind=\"case_share\"}";

    let case = na.create_case(new_case("metrics")).await.expect("case");
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(na.share(&case.id, &[b]).await.expect("share"));
    }
    for id in &ids {
        assert!(delivered(&na, *id, Party::State(b)).await, "{id} not delivered");
    }
    let (after_a, text_a) = scrape(ma).await;
    let (after_b, text_b) = scrape(mb).await;
    assert_eq!(value(&after_a, SENT) - value(&before_a, SENT), 3.0, "{text_a}");
    assert_eq!(value(&after_b, DELIVERED) - value(&before_b, DELIVERED), 3.0, "{text_b}");
    let inbound = "dief_inbound_bytes_total";
    assert!(value(&after_b, inbound) > value(&before_b, inbound), "{text_b}");
    // The receiver sent no case share; the sender received none.
    assert_eq!(value(&after_b, SENT), 0.0, "{text_b}");
    assert_eq!(value(&after_a, DELIVERED), 0.0, "{text_a}");
    // Gauges read at scrape time.
    assert_eq!(value(&after_a, "dief_outbox_depth{to=\"GHA\"}"), 0.0, "{text_a}");
    assert!(after_a.contains_key("dief_outbox_oldest_age_seconds{to=\"GHA\"}"), "{text_a}");
    // The genesis, then FRA and GHA admitted together.
    assert!(value(&after_a, "dief_roster_sequence") >= 2.0, "{text_a}");
    assert!(value(&after_a, "dief_connected_members") >= 1.0, "{text_a}");
    assert!(value(&after_a, "dief_store_bytes") > 0.0, "{text_a}");
    assert!(value(&after_a, "dief_process_resident_bytes") > 0.0, "{text_a}");
    assert_eq!(value(&after_a, "dief_deliveries_set_aside"), 0.0, "{text_a}");
    assert!(after_a.contains_key("dief_deadlines_missed"), "{text_a}");

    // A forged envelope (one ciphertext byte changed) and garbage bytes:
    // each refused and counted once under its fixed reason.
    let mut forged = na.sent_envelope(&ids[0]).expect("envelope");
    let last = forged.ciphertext.len() - 1;
    forged.ciphertext[last] ^= 0x01;
    let forged = Envelope::to_bytes(&forged).expect("bytes");
    assert!(matches!(na.send_raw(Party::State(b), forged).await.expect("answer"), Response::Refused { .. }));
    let garbage = b"not an envelope".to_vec();
    assert!(matches!(na.send_raw(Party::State(b), garbage).await.expect("answer"), Response::Refused { .. }));
    let (refused, text) = scrape(mb).await;
    let signature = "dief_envelopes_refused_total{kind=\"unknown\",reason=\"signature\"}";
    let malformed = "dief_envelopes_refused_total{kind=\"unknown\",reason=\"malformed\"}";
    assert_eq!(value(&refused, signature) - value(&after_b, signature), 1.0, "{text}");
    assert_eq!(value(&refused, malformed) - value(&after_b, malformed), 1.0, "{text}");
    // A replay of a delivered envelope is a duplicate, not a delivery.
    let replay = na.sent_envelope(&ids[1]).expect("envelope").to_bytes().expect("bytes");
    assert!(matches!(na.send_raw(Party::State(b), replay).await.expect("answer"), Response::Receipt(_)));
    let (replayed, text) = scrape(mb).await;
    assert_eq!(value(&replayed, DELIVERED), value(&after_b, DELIVERED), "{text}");
    assert_eq!(
        value(&replayed, "dief_envelopes_duplicate_total") - value(&after_b, "dief_envelopes_duplicate_total"),
        1.0
    );
    // No case text, no case id on the page.
    assert!(!text.contains(&case.id.to_string()), "{text}");

    let _ = stop_tx.send(true);
    assert!(wait_until(PROMPT, || std::net::TcpStream::connect(mb).is_err()).await, "the listener did not stop");
    drop((na, nb));
    fed.shutdown().await;
}

/// The delivered counter of `kind` on a node's metrics page: how many
/// envelopes of that kind it applied (duplicates are counted apart).
async fn applied(node: &dief_node::Node, kind: &str) -> f64 {
    let text = node.metrics_text().await.expect("metrics");
    let name = format!("dief_envelopes_delivered_total{{kind=\"{kind}\"}} ");
    text.lines().find_map(|l| l.strip_prefix(name.as_str())).map_or(0.0, |v| v.parse().expect("a number"))
}

/// Reply bodies in a node's inbox, with how many times each is there.
fn reply_bodies(node: &dief_node::Node) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for e in node.inbox().expect("inbox") {
        if let dief_protocol::Payload::Reply(r) = e.payload {
            *seen.entry(r.body).or_insert(0) += 1;
        }
    }
    seen
}

/// Issue 14, DESIGN "exactly once": FRA sends K1 envelopes to GHA, GHA is
/// backed up, FRA sends K2 more (all receipted, so gone from FRA's
/// outbox), GHA is stopped and replaced by its restore. At its start the
/// restored GHA asks for a resend; FRA re-sends what GHA receipted since
/// the backup. GHA ends with every one of the K1 + K2, each applied once
/// (audit log and delivered counter), and FRA's outbox is empty.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_node_is_refilled_by_its_peers_with_nothing_lost_or_applied_twice() {
    init_logging();
    const K1: usize = 25;
    const K2: usize = 25;
    let (a, b) = (state("FRA"), state("GHA"));
    let pb = Party::State(b);
    let mut fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let na = fed.state(a).expect("a").clone();
    let case = na.create_case(new_case("restore")).await.expect("case");
    // Replies go only to States the case was shared with.
    na.share(&case.id, &[b]).await.expect("share");
    let send = |range: std::ops::Range<usize>| {
        let (na, id) = (na.clone(), case.id);
        async move {
            for i in range {
                na.reply(&id, format!("seq-{i:04}"), "en".into(), Some(vec![b])).await.expect("reply");
            }
        }
    };
    send(0..K1).await;
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await, "K1 not delivered");
    let bak = fed.root().join("gha.bak");
    let info = fed.state(b).expect("b").backup(&bak).await.expect("backup");
    assert!(info.bytes > 0);
    send(K1..K1 + K2).await;
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await, "K2 not delivered");
    assert_eq!(reply_bodies(fed.state(b).expect("b")).len(), K1 + K2);

    // GHA is lost; its backup is restored into a new directory.
    fed.stop(pb).await.expect("stop b");
    let restored_dir = fed.root().join("gha-restored");
    let report = dief_node::Node::restore(&bak, &restored_dir, fed.unlock()).expect("restore");
    assert_eq!((report.party, report.backup_created_at), (pb, info.created_at));
    // The restore holds what GHA had at the backup: the K1, not the K2.
    let at_start = {
        let store = dief_node::store::Store::open(&restored_dir.join("store"), fed.unlock()).expect("open the restore");
        store.count(dief_node::store::Cf::Inbox, b"").expect("count")
    };
    assert!(at_start < K1 + K2, "the restore holds {at_start}: the test proves nothing");
    fed.set_dir(pb, restored_dir).expect("point GHA at its restore");
    let nb = fed.start_node(pb).await.expect("start restored b");

    let refilled = wait_until(Duration::from_secs(60), || {
        reply_bodies(&nb).len() == K1 + K2 && na.outbox_pending().ok() == Some(0)
    })
    .await;
    let seen = reply_bodies(&nb);
    let lost = (0..K1 + K2).filter(|i| !seen.contains_key(&format!("seq-{i:04}"))).count();
    let duplicated: usize = seen.values().map(|n| n - 1).sum();
    // Applies: one audit "delivered" entry per reply message, and the
    // counter of this run: exactly the K2 the backup did not hold.
    let mut applies: BTreeMap<dief_protocol::MessageId, usize> = BTreeMap::new();
    for e in nb.audit_entries(0, 100_000).expect("audit") {
        if e.event.action == (dief_node::audit::AuditAction::Delivered { kind: Kind::Reply }) {
            *applies.entry(e.event.message_id.expect("id")).or_insert(0) += 1;
        }
    }
    let applied_twice = applies.values().filter(|n| **n > 1).count();
    let applied_now = applied(&nb, "reply").await;
    println!(
        "restore refill: attempted {}, held at restore {at_start}, held {}, lost {lost}, duplicated {duplicated}, \
         applied twice {applied_twice}, applied after restore {applied_now}",
        K1 + K2,
        seen.len()
    );
    assert!(refilled, "not refilled: {} of {} held, FRA pending {:?}", seen.len(), K1 + K2, na.outbox_pending());
    assert_eq!(lost, 0, "lost envelopes");
    assert_eq!(duplicated, 0, "duplicated envelopes");
    assert_eq!(applies.len(), K1 + K2, "audit delivered entries");
    assert_eq!(applied_twice, 0, "an envelope applied twice");
    assert_eq!(applied_now, K2 as f64, "applies after the restore");
    // FRA took the request and logged it; the restored node asked once.
    let asked = na
        .audit_entries(0, 100_000)
        .expect("audit")
        .iter()
        .filter(|e| e.event.action == (dief_node::audit::AuditAction::Delivered { kind: Kind::ResendRequest }))
        .count();
    assert_eq!(asked, 1);
    assert!(nb.audit_verify().expect("verify").is_intact(), "the restored audit log does not verify");
    drop((na, nb));
    fed.shutdown().await;
}

/// Backups taken while a node is busy receiving are each a consistent
/// point in time: every message in a restored inbox has its dedupe record
/// (they are written in one batch), and later backups hold more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_taken_while_receiving_are_consistent() {
    init_logging();
    const N: usize = 300;
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let case = na.create_case(new_case("busy")).await.expect("case");
    // Replies go only to States the case was shared with.
    na.share(&case.id, &[b]).await.expect("share");
    let sender = {
        let (na, id) = (na.clone(), case.id);
        tokio::spawn(async move {
            for i in 0..N {
                na.reply(&id, format!("busy-{i:04}"), "en".into(), Some(vec![b])).await.expect("reply");
            }
        })
    };
    let mut backups = Vec::new();
    for n in 0..3 {
        tokio::time::sleep(Duration::from_millis(60)).await;
        let out = fed.root().join(format!("busy-{n}.bak"));
        let started = std::time::Instant::now();
        let info = nb.backup(&out).await.expect("backup while receiving");
        println!("backup {n}: {} bytes, {} files, {:?}", info.bytes, info.files, started.elapsed());
        backups.push(out);
    }
    sender.await.expect("sender");
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await);
    let mut held = Vec::new();
    for (n, file) in backups.iter().enumerate() {
        let dir = fed.root().join(format!("busy-restored-{n}"));
        dief_node::Node::restore(file, &dir, fed.unlock()).expect("restore");
        let store = dief_node::store::Store::open(&dir.join("store"), fed.unlock()).expect("open");
        let inbox = store.scan_prefix(dief_node::store::Cf::Inbox, b"").expect("inbox");
        for (id, _) in &inbox {
            assert!(store.get(dief_node::store::Cf::Delivered, id).expect("get").is_some(), "backup {n}: half a batch");
        }
        held.push(inbox.len());
    }
    println!("inbox entries in the backups: {held:?} of {} at the end", nb.inbox().expect("inbox").len());
    assert!(held.windows(2).all(|w| w[0] <= w[1]), "{held:?}");
    drop((na, nb));
    fed.shutdown().await;
}

/// `[backup]` in node.toml: the running node writes a backup every
/// `every` and keeps the newest `keep` of its own files; one that cannot
/// be written shows in the status as an attention item.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_backups_run_keep_the_newest_and_report_failures() {
    init_logging();
    let a = state("FRA");
    let pa = Party::State(a);
    let mut fed = LocalFederation::start(&[a]).await.expect("federation");
    let dir = fed.dir(pa).expect("dir").to_path_buf();
    let backups = fed.root().join("scheduled");
    std::fs::create_dir_all(&backups).expect("mkdir");
    std::fs::write(backups.join("operator-notes.txt"), b"not a backup").expect("write");
    let configure = |backup_dir: std::path::PathBuf| {
        let mut cfg = dief_node::config::NodeConfig::load_file(&dir).expect("config");
        cfg.backup = Some(dief_node::config::BackupConfig { dir: backup_dir, every: "1s".into(), keep: 2 });
        cfg.save(&dir).expect("save");
    };
    fed.stop(pa).await.expect("stop");
    configure(backups.clone());
    let na = fed.start_node(pa).await.expect("start");
    let names = || -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(&backups).expect("read").filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
        v.sort();
        v
    };
    let mut ever = std::collections::BTreeSet::new();
    let mut most = 0;
    let ok = wait_until(Duration::from_secs(30), || {
        let now: Vec<String> = names().into_iter().filter(|n| n.starts_with("dief-backup-")).collect();
        most = most.max(now.len());
        ever.extend(now);
        ever.len() >= 4
    })
    .await;
    assert!(ok, "scheduled backups not written: {ever:?}");
    assert!(most <= 3, "retention not applied: {most} files at once"); // keep + one being replaced
    let status = na.status().await.expect("status");
    assert!(status.backup.last_at.is_some() && status.backup.last_error.is_none(), "{:?}", status.backup);
    assert!(status.attention.is_empty(), "{:?}", status.attention);
    assert!(names().contains(&"operator-notes.txt".to_string()), "retention deleted a file not its own");
    assert!(wait_until(PROMPT, || names().iter().filter(|n| n.ends_with(".bak")).count() <= 2).await);
    let text = na.metrics_text().await.expect("metrics");
    assert!(text.lines().any(|l| l.starts_with("dief_last_backup_timestamp_seconds ") && !l.ends_with(" 0")), "{text}");
    // A directory that cannot be made: the failure is an attention item.
    drop(na);
    fed.stop(pa).await.expect("stop");
    let blocker = fed.root().join("blocker");
    std::fs::write(&blocker, b"a file, not a directory").expect("write");
    configure(blocker.join("sub"));
    let na = fed.start_node(pa).await.expect("start");
    let mut attention = Vec::new();
    for _ in 0..100 {
        attention = na.status().await.expect("status").attention;
        if attention.iter().any(|a| a.contains("backup")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(attention.iter().any(|a| a.contains("the last backup failed")), "{attention:?}");
    drop(na);
    fed.shutdown().await;
}

/// A counter of a node's metrics page (0 when absent).
async fn counter(node: &dief_node::Node, series: &str) -> f64 {
    let text = node.metrics_text().await.expect("metrics");
    let prefix = format!("{series} ");
    text.lines().find_map(|l| l.strip_prefix(prefix.as_str())).map_or(0.0, |v| v.parse().expect("a number"))
}

/// A resend request (issue 14) re-queues only to the member that asked,
/// only what it was sent, and one per member per interval: PER asking
/// makes FRA re-send PER's envelopes and none of GHA's; PER asking again
/// at once changes nothing; the Secretariat asking gets no case content.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resend_request_goes_to_the_requester_only_and_is_rate_limited() {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b, c]).await.expect("federation");
    let (na, nb, nc) =
        (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone(), fed.state(c).expect("c").clone());
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let case = na.create_case(new_case("bounded")).await.expect("case");
    na.share(&case.id, &[b, c]).await.expect("share");
    for i in 0..4 {
        na.reply(&case.id, format!("to-gha-{i}"), "en".into(), Some(vec![b])).await.expect("reply");
    }
    for i in 0..3 {
        na.reply(&case.id, format!("to-per-{i}"), "en".into(), Some(vec![c])).await.expect("reply");
    }
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await);
    let dup = "dief_envelopes_duplicate_total";
    let (gha_before, per_before) = (counter(&nb, dup).await, counter(&nc, dup).await);
    let asked = |node: &dief_node::Node| {
        let node = node.clone();
        async move {
            let request = dief_protocol::Payload::ResendRequest(dief_protocol::payload::ResendRequest { since_ms: 0 });
            node.send_unchecked(vec![Party::State(a)], request).await.expect("resend request")
        }
    };
    let taken = |n: usize| {
        let na = na.clone();
        move || {
            na.audit_entries(0, 100_000)
                .unwrap_or_default()
                .iter()
                .filter(|e| e.event.action == (dief_node::audit::AuditAction::Delivered { kind: Kind::ResendRequest }))
                .count()
                >= n
        }
    };
    asked(&nc).await;
    assert!(wait_until(PROMPT, taken(1)).await, "FRA never took PER's request");
    // The share and the three replies to PER come again, as duplicates.
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await, "FRA's outbox did not drain");
    let per_after = counter(&nc, dup).await;
    assert!(per_after - per_before >= 4.0, "PER got {} duplicates", per_after - per_before);
    assert_eq!(counter(&nb, dup).await, gha_before, "GHA was sent something for PER's request");
    assert!(reply_bodies(&nc).keys().all(|body| body.starts_with("to-per-")), "{:?}", reply_bodies(&nc));

    // At once again: receipted and ignored.
    asked(&nc).await;
    assert!(wait_until(PROMPT, taken(2)).await, "FRA never took PER's second request");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(na.outbox_pending().expect("pending"), 0);
    assert_eq!(counter(&nc, dup).await, per_after, "a second request within the interval re-sent");

    // The Secretariat asks: nothing of a case goes to it (it would refuse
    // it, and the refusal would be set aside at FRA).
    asked(&sec).await;
    assert!(wait_until(PROMPT, taken(3)).await, "FRA never took the Secretariat's request");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await);
    let status = na.status().await.expect("status");
    assert_eq!(status.set_aside, 0, "{:?}", status.attention);
    for wire in sec.received_wire() {
        let env = Envelope::from_bytes(&wire).expect("envelope");
        assert!(!sec.try_open(&env).map(|o| o.header.kind.is_case_content()).unwrap_or(false));
    }
    drop((na, nb, nc, sec));
    fed.shutdown().await;
}
