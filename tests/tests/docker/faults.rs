//! Delivery under faults: 1,000 envelopes from FRA to GHA and PER while one
//! recipient is cut off, killed or frozen. Every test requires 0 lost, 0
//! duplicated, every delivery receipted, all within 60 s of the heal.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::harness::{
    load_report, pending_attempts, serial, status, tally, wait_delivered, wait_for, Cluster, Running, Sent,
};

const ENVELOPES: usize = 1000;
const STATES: [&str; 3] = ["FRA", "GHA", "PER"];
const RECEIVERS: [&str; 2] = ["GHA", "PER"];
const LOAD_TIMEOUT: Duration = Duration::from_secs(300);
const HEAL_DEADLINE: Duration = Duration::from_secs(60);

fn load_args(tag: &str, start: usize, count: usize) -> Vec<String> {
    ["--json", "load", "--to", "GHA,PER", "--tag", tag, "--concurrency", "8"]
        .iter()
        .map(|s| s.to_string())
        .chain(["--start".into(), start.to_string(), "--count".into(), count.to_string()])
        .collect()
}

fn start_load(c: &Cluster, tag: &str, start: usize, count: usize) -> Running {
    let args = load_args(tag, start, count);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    c.spawn_exec("FRA", &refs)
}

fn inbox_count(c: &Cluster, node: &str) -> u64 {
    status(c, node).and_then(|s| s["inbox"].as_u64()).unwrap_or(0)
}

/// Waits until `node` holds more than `before` inbox entries, so a fault
/// lands while envelopes are arriving.
fn wait_traffic(c: &Cluster, node: &str, before: u64) {
    assert!(
        wait_for(Duration::from_secs(30), Duration::from_millis(100), || inbox_count(c, node) > before),
        "no traffic reached {node}"
    );
}

#[test]
fn partition_heals_with_nothing_lost_or_duplicated() {
    let _serial = serial();
    let test = "partition";
    let began = Instant::now();
    let c = Cluster::federation(test, &STATES);
    let before = inbox_count(&c, "PER");
    let load = start_load(&c, test, 0, ENVELOPES);
    wait_traffic(&c, "PER", before);
    c.disconnect("PER");
    let cut = Instant::now();
    let sent = load_report("dief load on FRA", &load.wait(LOAD_TIMEOUT));
    assert_eq!(sent.len(), ENVELOPES);
    std::thread::sleep(Duration::from_secs(31).saturating_sub(cut.elapsed()));
    let during = tally(&c, "FRA", &["PER"], test, &sent);
    let cut_for = cut.elapsed();
    c.connect("PER");
    let healed = Instant::now();
    println!(
        "{test}: PER cut off for {:.1} s; it held {} of {ENVELOPES} at the heal",
        cut_for.as_secs_f64(),
        during.delivered
    );
    assert!(during.delivered < ENVELOPES, "the partition held nothing back: {during:?}");
    let (t, _) = wait_delivered(&c, "FRA", &RECEIVERS, test, &sent, HEAL_DEADLINE);
    let after_heal = healed.elapsed();
    t.print(test);
    println!(
        "{test}: all delivered {:.1} s after the heal; test took {:.1} s",
        after_heal.as_secs_f64(),
        began.elapsed().as_secs_f64()
    );
    t.assert_exactly_once(test);
    assert!(after_heal <= HEAL_DEADLINE + Duration::from_secs(5), "{test}: too slow after the heal");
}

#[test]
fn crashes_of_receiver_and_sender_lose_and_duplicate_nothing() {
    let _serial = serial();
    let test = "crash";
    let began = Instant::now();
    let c = Cluster::federation(test, &STATES);
    let chunk = ENVELOPES / 5;
    let mut sent: Vec<Sent> = Vec::new();
    let mut last_fault = Instant::now();
    let mut sent_early = false;
    for i in 0..5 {
        if i == 2 && sent_early {
            continue;
        }
        let before = inbox_count(&c, "GHA");
        let load = start_load(&c, test, i * chunk, chunk);
        match i {
            // The receiver dies while envelopes are arriving.
            0 => {
                wait_traffic(&c, "GHA", before);
                c.kill("GHA");
                println!("{test}: receiver GHA SIGKILLed during load chunk {i}");
                std::thread::sleep(Duration::from_secs(1));
                c.start("GHA");
                c.wait_healthy("GHA", Duration::from_secs(60));
                sent.extend(load_report("dief load on FRA", &load.wait(LOAD_TIMEOUT)));
            }
            // The receiver dies again, and while it is down (so the sender's
            // queue for it is not empty) the sender dies too.
            1 => {
                wait_traffic(&c, "GHA", before);
                c.kill("GHA");
                println!("{test}: receiver GHA SIGKILLed during load chunk {i}");
                sent.extend(load_report("dief load on FRA", &load.wait(LOAD_TIMEOUT)));
                let queued = || status(&c, "FRA").and_then(|s| s["outbox_pending"].as_u64()).unwrap_or(0);
                let mut pending = queued();
                if pending == 0 {
                    // The whole chunk reached GHA before it died (a fast
                    // run): send the next chunk while it is down, so the
                    // sender dies with envelopes queued for it.
                    let next = start_load(&c, test, (i + 1) * chunk, chunk);
                    sent.extend(load_report("dief load on FRA", &next.wait(LOAD_TIMEOUT)));
                    sent_early = true;
                    pending = queued();
                }
                c.kill("FRA");
                println!("{test}: sender FRA SIGKILLed with {pending} deliveries queued");
                assert!(pending > 0, "the sender had nothing queued when it was killed");
                c.start("GHA");
                c.start("FRA");
                c.wait_healthy("GHA", Duration::from_secs(60));
                c.wait_healthy("FRA", Duration::from_secs(60));
                last_fault = Instant::now();
            }
            _ => sent.extend(load_report("dief load on FRA", &load.wait(LOAD_TIMEOUT))),
        }
    }
    assert_eq!(sent.len(), ENVELOPES);
    let (t, _) = wait_delivered(&c, "FRA", &RECEIVERS, test, &sent, HEAL_DEADLINE);
    t.print(test);
    println!(
        "{test}: all delivered {:.1} s after the last restart; test took {:.1} s",
        last_fault.elapsed().as_secs_f64(),
        began.elapsed().as_secs_f64()
    );
    t.assert_exactly_once(test);
}

#[test]
fn a_frozen_recipient_gets_everything_and_retries_stay_bounded() {
    let _serial = serial();
    let test = "pause";
    let began = Instant::now();
    let c = Cluster::federation(test, &STATES);
    let before = inbox_count(&c, "GHA");
    let load = start_load(&c, test, 0, ENVELOPES);
    wait_traffic(&c, "GHA", before);
    c.pause("GHA");
    let frozen = Instant::now();
    // The outbox shows attempts for deliveries still pending; sample it
    // through the pause and keep the highest count seen per envelope.
    let mut attempts: HashMap<String, u64> = HashMap::new();
    let sample = |attempts: &mut HashMap<String, u64>| {
        for (id, n) in pending_attempts(&c, "FRA", "GHA") {
            let e = attempts.entry(id).or_default();
            *e = (*e).max(n);
        }
    };
    while frozen.elapsed() < Duration::from_secs(25) {
        sample(&mut attempts);
        std::thread::sleep(Duration::from_secs(3));
    }
    let sent = load_report("dief load on FRA", &load.wait(LOAD_TIMEOUT));
    sample(&mut attempts);
    assert_eq!(sent.len(), ENVELOPES);
    let paused_for = frozen.elapsed();
    c.unpause("GHA");
    let thawed = Instant::now();
    let (t, _) = wait_delivered(&c, "FRA", &RECEIVERS, test, &sent, HEAL_DEADLINE);
    let total: u64 = attempts.values().sum();
    let max = attempts.values().copied().max().unwrap_or(0);
    t.print(test);
    println!(
        "{test}: GHA frozen {:.1} s; FRA's outbox recorded {total} attempt(s) over {} envelope(s) pending to GHA, \
         at most {max} for one; all delivered {:.1} s after the thaw; test took {:.1} s",
        paused_for.as_secs_f64(),
        attempts.len(),
        thawed.elapsed().as_secs_f64(),
        began.elapsed().as_secs_f64()
    );
    t.assert_exactly_once(test);
    // Backoff doubles from 250 ms to a 30 s cap and a request waits 20 s
    // for its answer: over a 25 s freeze a handful of attempts, not a storm.
    assert!(max <= 10, "{test}: {max} attempts for one envelope during a {paused_for:?} freeze");
}
