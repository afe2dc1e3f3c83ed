//! `dief bench`: the figures the federation core is held to, measured on
//! real nodes (real RocksDB, real libp2p on loopback), printed, not asserted.
//!
//! - seal+open of a 10 KiB case for one recipient (protocol only);
//! - share latency, create-to-receipt, p50/p99, one envelope at a time;
//! - sustained envelopes/s with every envelope durable on both sides before
//!   its receipt is recorded;
//! - resident memory of an idle node running as its own process;
//! - in the same run, the limits each figure is held against (issue 13):
//!   HPKE seal+open of a key alone, one synced RocksDB batch through the
//!   store, a libp2p request-response round trip on the same transport;
//!   each figure is printed with its ratio to its limit;
//! - `--federation N` is in [`crate::bench_federation`], `--attachment` in
//!   [`crate::bench_stream`].

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use dief_node::federation::{wait_until, LocalFederation};
use dief_protocol::case::CaseContent;
use dief_protocol::envelope::{seal, Draft, Sender};
use dief_protocol::payload::{CaseRecord, CaseStatus, Investigation};
use dief_protocol::roster::{MemberStatus, NodeKeys};
use dief_protocol::{CaseId, EncryptionKeypair, IdentityKeypair, Member, MessageId, Party, Payload, Roster, StateCode};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Figures {
    limits: Limits,
    seal_open_10k_ms: f64,
    share_latency_p50_ms: f64,
    share_latency_p99_ms: f64,
    /// What a share cannot go below on this machine ([`Limits::share_floor_ms`]).
    share_floor_ms: f64,
    throughput_envelopes_per_s: f64,
    throughput_envelopes: usize,
    idle_rss_mib: Option<f64>,
}

/// What the figures are held against, measured on this machine in the
/// same run.
#[derive(Debug, Serialize)]
struct Limits {
    /// HPKE (Auth mode, X25519) wrapping a key to one recipient and
    /// unwrapping it, with a 16-byte AES-GCM body: the public-key work of
    /// an envelope without its signatures or its CBOR.
    hpke_seal_open_ms: f64,
    /// One synced write batch of 1 KiB through the store (seal + fsync).
    synced_batch_ms: f64,
    /// A 2 KiB request and its answer between two libp2p nodes on
    /// loopback TCP (Noise, Yamux), p50.
    round_trip_p50_ms: f64,
}

impl Limits {
    /// The least a share can take, each step in sequence: the sender's
    /// synced queue entry (an envelope leaves only once it is durable), the
    /// seal, the round trip, the receiver's open and its synced batch
    /// before the receipt, the sender's synced receipt record.
    fn share_floor_ms(&self, seal_open_ms: f64) -> f64 {
        self.round_trip_p50_ms + 3.0 * self.synced_batch_ms + seal_open_ms
    }

    /// Envelopes per second two cores could seal and open if that were all
    /// they did (both nodes run on this machine).
    fn crypto_ceiling_per_s(seal_open_ms: f64) -> f64 {
        2.0 * 1000.0 / seal_open_ms
    }
}

/// HPKE seal+open of a short text to one member, averaged.
fn bench_hpke(iterations: usize) -> Result<f64> {
    use dief_protocol::sealed::{SealedText, TextContext};
    let (sec, sec_enc) = (IdentityKeypair::generate()?, EncryptionKeypair::generate()?);
    let (b_id, b_enc) = (IdentityKeypair::generate()?, EncryptionKeypair::generate()?);
    let a_enc = EncryptionKeypair::generate()?;
    let b: StateCode = "GHA".parse()?;
    let mut roster = Roster::genesis(keys_entry(&sec, &sec_enc), 0);
    roster.upsert(Member { state: b, status: MemberStatus::StateParty, node: keys_entry(&b_id, &b_enc) });
    let ctx = TextContext { sender: Party::State("FRA".parse()?), message: MessageId::generate(1)?, field: "bench" };
    let start = Instant::now();
    for _ in 0..iterations {
        let sealed = SealedText::seal_to_members("sixteen bytes...", &ctx, &a_enc, &roster)?;
        sealed.open(&ctx, b, &a_enc.public(), &[&b_enc])?;
    }
    Ok(start.elapsed().as_secs_f64() * 1000.0 / iterations as f64)
}

/// One synced 1 KiB batch through a fresh store, averaged.
fn bench_synced_batch(iterations: usize) -> Result<f64> {
    use dief_node::store::{Cf, Store};
    let dir = tempfile::tempdir()?;
    let key = dir.path().join("key");
    std::fs::write(&key, "ab".repeat(32))?;
    let store = Store::create(&dir.path().join("store"), &dief_node::Unlock::KeyFile(key))?;
    let value = vec![0x5a; 1024];
    let start = Instant::now();
    for i in 0..iterations {
        let mut batch = store.batch();
        batch.put(Cf::Inbox, format!("bench/{i}").as_bytes(), &value);
        store.write_sync(batch)?;
    }
    Ok(start.elapsed().as_secs_f64() * 1000.0 / iterations as f64)
}

/// A libp2p node's settings for the limits measured: loopback TCP, the
/// node's default caps and budgets.
pub(crate) fn loopback_network(id: &IdentityKeypair) -> dief_node::network::NetworkConfig {
    use dief_node::network::{ConnectionCaps, InboundBudgets, NetworkConfig};
    NetworkConfig {
        identity_seed: zeroize::Zeroizing::new(**id.seed()),
        listen: vec!["/ip4/127.0.0.1/tcp/0".into()],
        max_request_bytes: 64 * 1024,
        max_response_bytes: 64 * 1024,
        request_timeout: Duration::from_secs(30),
        inbound_queue: 64,
        connections: ConnectionCaps::default(),
        budgets: InboundBudgets::default(),
        busy_answer: |reason| reason.into_bytes(),
    }
}

/// p50 of a 2 KiB request-response round trip between two libp2p nodes.
async fn bench_round_trip(iterations: usize) -> Result<f64> {
    use dief_node::network::{self, Member as NetMember};
    let (a_id, b_id) = (IdentityKeypair::generate()?, IdentityKeypair::generate()?);
    let (a, _a_in, _a_ev) = network::start(loopback_network(&a_id)).await?;
    let (b, mut b_in, _b_ev) = network::start(loopback_network(&b_id)).await?;
    let member = |net: &network::Network, addrs| NetMember { peer_id: net.local_peer_id().to_string(), addrs };
    let (a_addrs, b_addrs) = (a.listen_addrs().await?, b.listen_addrs().await?);
    a.set_members(vec![member(&b, b_addrs)]).await?;
    b.set_members(vec![member(&a, a_addrs)]).await?;
    let echo = tokio::spawn(async move {
        while let Some(req) = b_in.recv().await {
            let _ = req.reply.send(req.bytes);
        }
    });
    let to = b.local_peer_id().to_string();
    let payload = vec![0xa5u8; 2048];
    // The first request dials and handshakes; it is not a round trip.
    a.request(&to, payload.clone()).await?;
    let mut times = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t = Instant::now();
        a.request(&to, payload.clone()).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    a.shutdown().await;
    b.shutdown().await;
    echo.abort();
    times.sort_by(|x, y| x.total_cmp(y));
    Ok(percentile(&times, 0.5))
}

/// Prints a figure's line, unless the figures go out as JSON at the end.
pub(crate) fn say_unless(json: bool) -> impl Fn(String) {
    move |s: String| {
        if !json {
            outln!("{s}");
        }
    }
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
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
        transport_key: None,
        rotations: Vec::new(),
        recovery: None,
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
        created_at: 0,
        updated_at: 0,
        content: {
            let mut c = CaseContent::new("bench", CaseStatus::Detected, Investigation::Ongoing);
            c.summary = "x".repeat(10 * 1024);
            c
        },
    };
    let sender = Sender { party: Party::State(a), identity: &a_id, encryption: &a_enc };
    let start = Instant::now();
    for i in 0..iterations {
        let env = seal(
            &sender,
            &roster,
            Draft {
                message_id: MessageId::generate_for(Party::State(a), i as u64 + 1)?,
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

pub(crate) fn rss_mib(pid: u32) -> Option<f64> {
    vm_rss_mib(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
}

fn vm_rss_mib(status: &str) -> Option<f64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// This process's resident memory, read through a handle opened before
/// the federation starts: once 193 nodes run, opening a file may fail
/// with every descriptor the process may hold in use (the 193-node run of
/// 2026-12-07 could not read its memory the plain way).
pub(crate) struct OwnRss(std::fs::File);

impl OwnRss {
    pub(crate) fn open() -> Result<OwnRss> {
        Ok(OwnRss(std::fs::File::open("/proc/self/status").context("opening /proc/self/status")?))
    }

    pub(crate) fn read(&mut self) -> Result<f64> {
        use std::io::{Read, Seek};
        self.0.rewind().context("rewinding /proc/self/status")?;
        let mut status = String::new();
        self.0.read_to_string(&mut status).context("reading /proc/self/status")?;
        vm_rss_mib(&status).context("no VmRSS line in /proc/self/status")
    }
}

pub async fn run(envelopes: usize, samples: usize, json: bool) -> Result<()> {
    let say = say_unless(json);
    say("dief bench: two State nodes and the Secretariat on loopback, real stores".into());
    let hpke = tokio::task::spawn_blocking(|| bench_hpke(2000)).await??;
    let synced = tokio::task::spawn_blocking(|| bench_synced_batch(200)).await??;
    let round_trip = bench_round_trip(samples.max(10)).await?;
    let limits = Limits { hpke_seal_open_ms: hpke, synced_batch_ms: synced, round_trip_p50_ms: round_trip };
    say(format!(
        "limits on this machine: HPKE seal+open {hpke:.3} ms; synced store batch {synced:.3} ms; \
         libp2p round trip p50 {round_trip:.3} ms"
    ));
    let seal_open = tokio::task::spawn_blocking(|| bench_seal_open(2000)).await??;
    say(format!(
        "seal+open, 10 KiB case, one recipient:   {seal_open:.3} ms   (target <= 0.4 ms; {:.1}x HPKE alone)",
        seal_open / hpke
    ));

    let (a, b): (StateCode, StateCode) = ("FRA".parse()?, "GHA".parse()?);
    let mut fed = LocalFederation::start(&[a, b]).await?;
    let node_a = fed.state(a)?.clone();
    let case = node_a
        .create_case({
            let mut c = CaseContent::new("bench case", CaseStatus::Detected, Investigation::Ongoing);
            c.summary = "y".repeat(2048);
            c
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
    let floor = limits.share_floor_ms(seal_open);
    say(format!(
        "share latency create->receipt, n={samples}:   p50 {p50:.2} ms   p99 {p99:.2} ms   (targets <= 2 / <= 5 ms; \
         p50 {:.1}x the floor of one round trip, three synced batches and a seal+open, {floor:.2} ms)",
        p50 / floor
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
    let ceiling = Limits::crypto_ceiling_per_s(seal_open);
    say(format!(
        "sustained, {envelopes} envelopes, durable both sides: {rate:.0} envelopes/s   (target >= 2,500/s; \
         {:.0}% of the {ceiling:.0}/s two cores could seal and open)",
        100.0 * rate / ceiling
    ));

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
        outln!(
            "{}",
            serde_json::to_string_pretty(&Figures {
                limits,
                seal_open_10k_ms: seal_open,
                share_latency_p50_ms: p50,
                share_latency_p99_ms: p99,
                share_floor_ms: floor,
                throughput_envelopes_per_s: rate,
                throughput_envelopes: envelopes,
                idle_rss_mib: rss,
            })?
        );
    }
    Ok(())
}

/// Figures of `dief bench --search N`.
#[derive(Debug, Serialize)]
struct SearchFigures {
    cases: usize,
    index_ms: f64,
    queries: Vec<QueryFigure>,
}

#[derive(Debug, Serialize)]
struct QueryFigure {
    query: &'static str,
    hits: usize,
    p50_ms: f64,
    p99_ms: f64,
}

/// A varied synthetic case: `i` picks the route, items, brokers and dates,
/// so each query below matches a different share of the cases.
fn synthetic_case(i: usize, states: &[StateCode]) -> Result<CaseContent> {
    use dief_protocol::case::{ArmsCategory, Concealment, Item, Place, SerialNumber};
    let pick = |k: usize| states[(i * 7 + k * 13) % states.len()];
    let mut c = CaseContent::new(
        format!("Synthetic case {i}: {} diverted via {}", ["rifles", "pistols", "cartridges"][i % 3], pick(1)),
        if i.is_multiple_of(2) { CaseStatus::Detected } else { CaseStatus::Suspected },
        if i.is_multiple_of(5) { Investigation::Closed } else { Investigation::Ongoing },
    );
    c.summary = format!(
        "Case {i}. Containers declared as machine parts were found to hold weapons; the consignee \
         company {} used a forged end-user certificate. {}",
        i % 97,
        "Further details of the investigation follow in the annex. ".repeat(8)
    );
    c.trafficking_route = (0..4).map(|k| Place::new(format!("Port {}", (i + k) % 50), Some(pick(k)))).collect();
    c.transit_points = vec![Place::new(format!("Hub {}", i % 40), Some(pick(2)))];
    c.destinations = vec![Place::new("", Some(pick(3)))];
    c.brokers = vec![format!("Broker Holding {}", i % 300)];
    c.concealment = vec![["misdeclared_goods", "mixed_cargo", "false_compartment"][i % 3]
        .parse::<Concealment>()
        .map_err(anyhow::Error::msg)?];
    let mut item = Item::new([ArmsCategory::SmallArmsAndLightWeapons, ArmsCategory::Ammunition][i % 2]);
    item.make = format!("Maker {}", i % 60);
    item.model = format!("M-{}", i % 120);
    item.quantity = 10;
    item.serial_numbers = (0..3).map(|k| SerialNumber { number: format!("SN{i:06}-{k}"), partial: false }).collect();
    c.items = vec![item];
    let year = 2015 + (i % 10) as i32;
    let d = dief_protocol::Date::from_ymd(year, 1 + (i % 12) as u32, 1 + (i % 28) as u32)?;
    c.diversion.date = Some(d);
    c.detection.date = Some(d.add_days(30 + (i % 200) as i32));
    Ok(c)
}

/// `dief bench --search N`: one node holding N cases, timed queries.
pub async fn run_search(cases: usize, json: bool) -> Result<()> {
    use dief_protocol::case::{ArmsCategory, CaseQuery};
    let say = say_unless(json);
    say(format!("dief bench --search: one State node holding {cases} cases (real store, in-memory index)"));
    let states: Vec<StateCode> = ["FRA", "GHA", "PER", "ITA", "BRA", "KEN", "MEX", "NGA", "TGO", "MLI"]
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
    let a = states[0];
    let fed = LocalFederation::start(&[a]).await?;
    let node = fed.state(a)?.clone();
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let per_task = cases.div_ceil(32);
    for t in 0..32 {
        let (node, states) = (node.clone(), states.clone());
        tasks.spawn(async move {
            for i in (t * per_task)..((t + 1) * per_task).min(cases) {
                node.create_case(synthetic_case(i, &states)?).await?;
            }
            Ok::<_, anyhow::Error>(())
        });
    }
    while let Some(r) = tasks.join_next().await {
        r??;
    }
    let index_ms = start.elapsed().as_secs_f64() * 1000.0;
    say(format!("created and indexed {cases} cases in {:.1} s", index_ms / 1000.0));

    let queries: Vec<(&'static str, CaseQuery)> = vec![
        ("free text (2 words)", CaseQuery { text: Some("forged certificate".into()), ..Default::default() }),
        ("partial serial", CaseQuery { serial: Some("0042".into()), ..Default::default() }),
        ("broker", CaseQuery { broker: Some("holding 17".into()), ..Default::default() }),
        ("country on route", CaseQuery { country: Some(states[3]), ..Default::default() }),
        ("transit point", CaseQuery { transit: Some("hub 7".into()), ..Default::default() }),
        (
            "category + make",
            CaseQuery { category: Some(ArmsCategory::Ammunition), make: Some("maker 5".into()), ..Default::default() },
        ),
        (
            "diversion date range",
            CaseQuery {
                diversion_from: Some("2019-01-01".parse()?),
                diversion_to: Some("2019-06-30".parse()?),
                ..Default::default()
            },
        ),
        ("everything", CaseQuery::default()),
    ];
    let mut figures = Vec::new();
    let rounds = 50;
    for (name, q) in queries {
        let mut times = Vec::with_capacity(rounds);
        let mut hits = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            hits = node.search(&q, true, Some(usize::MAX))?.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let (p50, p99) = (times[rounds / 2], times[rounds * 99 / 100]);
        say(format!("  {name:<22} {hits:>6} hits   p50 {p50:6.2} ms   p99 {p99:6.2} ms   (target p50 <= 20 ms)"));
        figures.push(QueryFigure { query: name, hits, p50_ms: p50, p99_ms: p99 });
    }
    fed.shutdown().await;
    if json {
        outln!("{}", serde_json::to_string_pretty(&SearchFigures { cases, index_ms, queries: figures })?);
    }
    Ok(())
}
