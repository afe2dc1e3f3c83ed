//! `dief bench`: the figures the federation core is held to, measured on
//! real nodes (real RocksDB, real libp2p on loopback), printed, not asserted.
//!
//! - seal+open of a 10 KiB case for one recipient (protocol only);
//! - share latency, create-to-receipt, p50/p99, one envelope at a time;
//! - sustained envelopes/s with every envelope durable on both sides before
//!   its receipt is recorded;
//! - resident memory of an idle node running as its own process.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use dief_node::federation::{wait_until, LocalFederation};
use dief_node::node::NewCase;
use dief_protocol::envelope::{seal, Draft, Sender};
use dief_protocol::payload::{CaseRecord, CaseStatus, Investigation};
use dief_protocol::roster::{MemberStatus, NodeKeys};
use dief_protocol::{CaseId, EncryptionKeypair, IdentityKeypair, Member, MessageId, Party, Payload, Roster, StateCode};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Figures {
    seal_open_10k_ms: f64,
    share_latency_p50_ms: f64,
    share_latency_p99_ms: f64,
    throughput_envelopes_per_s: f64,
    throughput_envelopes: usize,
    idle_rss_mib: Option<f64>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx.min(sorted.len() - 1)).copied().unwrap_or(f64::NAN)
}

fn keys_entry(id: &IdentityKeypair, enc: &EncryptionKeypair) -> NodeKeys {
    NodeKeys {
        peer_id: id.public().peer_id(),
        signing_key: id.public(),
        encryption_key: enc.public(),
        addrs: vec![],
        keys_since: 0,
    }
}

/// Seal to one recipient and open, 10 KiB of case text, averaged.
fn bench_seal_open(iterations: usize) -> Result<f64> {
    let sec = IdentityKeypair::generate()?;
    let sec_enc = EncryptionKeypair::generate()?;
    let (a_id, a_enc) = (IdentityKeypair::generate()?, EncryptionKeypair::generate()?);
    let (b_id, b_enc) = (IdentityKeypair::generate()?, EncryptionKeypair::generate()?);
    let (a, b): (StateCode, StateCode) = ("FRA".parse()?, "GHA".parse()?);
    let mut roster = Roster::genesis(keys_entry(&sec, &sec_enc), 0);
    roster.upsert(Member { state: a, status: MemberStatus::StateParty, node: keys_entry(&a_id, &a_enc) });
    roster.upsert(Member { state: b, status: MemberStatus::StateParty, node: keys_entry(&b_id, &b_enc) });
    let case = CaseRecord {
        id: CaseId::new(a, MessageId::generate(1)?),
        version: 1,
        title: "bench".into(),
        summary: "x".repeat(10 * 1024),
        status: CaseStatus::Detected,
        investigation: Investigation::Ongoing,
        marking: String::new(),
        created_at: 0,
        updated_at: 0,
    };
    let sender = Sender { party: Party::State(a), identity: &a_id, encryption: &a_enc };
    let start = Instant::now();
    for i in 0..iterations {
        let env = seal(
            &sender,
            &roster,
            Draft {
                message_id: MessageId::generate(i as u64 + 1)?,
                recipients: vec![Party::State(b)],
                references: vec![],
                created_at: 0,
                payload: Payload::CaseShare { case: case.clone(), provider: a },
            },
        )?;
        env.open(&roster, Party::State(b), &b_enc, 0)?;
    }
    Ok(start.elapsed().as_secs_f64() * 1000.0 / iterations as f64)
}

fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub async fn run(envelopes: usize, samples: usize, json: bool) -> Result<()> {
    let say = |s: String| {
        if !json {
            println!("{s}");
        }
    };
    say("dief bench: two State nodes and the Secretariat on loopback, real stores".into());
    let seal_open = tokio::task::spawn_blocking(|| bench_seal_open(2000)).await??;
    say(format!("seal+open, 10 KiB case, one recipient:   {seal_open:.3} ms   (target <= 0.4 ms)"));

    let (a, b): (StateCode, StateCode) = ("FRA".parse()?, "GHA".parse()?);
    let mut fed = LocalFederation::start(&[a, b]).await?;
    let node_a = fed.state(a)?.clone();
    let case = node_a
        .create_case(NewCase {
            title: "bench case".into(),
            summary: "y".repeat(2048),
            status: CaseStatus::Detected,
            investigation: Investigation::Ongoing,
            marking: String::new(),
        })
        .await?;
    // Warm up the connection.
    let mut receipts = node_a.subscribe_receipts();
    node_a.share(&case.id, &[b]).await?;
    tokio::time::timeout(Duration::from_secs(10), receipts.recv()).await.context("warm-up share timed out")??;

    let mut lat = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        let id = node_a.share(&case.id, &[b]).await?;
        loop {
            let (got, _) = tokio::time::timeout(Duration::from_secs(10), receipts.recv())
                .await
                .context("a share was not receipted within 10 s")??;
            if got == id {
                break;
            }
        }
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    lat.sort_by(|x, y| x.total_cmp(y));
    let (p50, p99) = (percentile(&lat, 0.5), percentile(&lat, 0.99));
    say(format!(
        "share latency create->receipt, n={samples}:   p50 {p50:.2} ms   p99 {p99:.2} ms   (targets <= 2 / <= 5 ms)"
    ));

    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let per_task = envelopes.div_ceil(32);
    for t in 0..32 {
        let node = node_a.clone();
        let id = case.id;
        let n = per_task.min(envelopes.saturating_sub(t * per_task));
        tasks.spawn(async move {
            for i in 0..n {
                node.reply(&id, format!("throughput {t}/{i}"), "en".into(), Some(vec![b])).await?;
            }
            Ok::<_, dief_node::NodeError>(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    if !wait_until(Duration::from_secs(300), || node_a.outbox_pending().map(|n| n == 0).unwrap_or(false)).await {
        bail!("the throughput run did not drain within 300 s");
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = envelopes as f64 / secs;
    say(format!("sustained, {envelopes} envelopes, durable both sides: {rate:.0} envelopes/s   (target >= 2,500/s)"));

    // Idle memory: the same node as its own `dief run` process.
    fed.stop(Party::State(a)).await?;
    let dir = fed.dir(Party::State(a)).context("node dir")?.to_path_buf();
    let key = match fed.unlock() {
        dief_node::Unlock::KeyFile(p) => p.clone(),
        _ => bail!("the federation uses a key file"),
    };
    let exe = std::env::current_exe()?;
    let mut child = std::process::Command::new(exe)
        .args(["run", "--dir"])
        .arg(&dir)
        .env("DIEF_KEY_FILE", key)
        .env("DIEF_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let rss = rss_mib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    match rss {
        Some(r) => say(format!("idle node resident memory:                {r:.1} MiB   (target <= 30 MiB)")),
        None => say("idle node resident memory: could not be read from /proc".into()),
    }
    fed.shutdown().await;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&Figures {
                seal_open_10k_ms: seal_open,
                share_latency_p50_ms: p50,
                share_latency_p99_ms: p99,
                throughput_envelopes_per_s: rate,
                throughput_envelopes: envelopes,
                idle_rss_mib: rss,
            })?
        );
    }
    Ok(())
}
