//! Operations (issue 14): the Prometheus metrics page scraped during an
//! exchange between real nodes, its counters moving by the exact counts.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use dief_node::federation::LocalFederation;
use dief_protocol::{Envelope, Party, Response};
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
    assert!(value(&after_a, "dief_roster_sequence") >= 3.0, "{text_a}");
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
