//! `dief bench --attachment <MiB>` (issue 13): one streamed attachment from
//! FRA to GHA, each node its own `dief run` process with its own store, so
//! each one's memory is its own. Prints the provider's store rate (read,
//! hash, seal, write), the transfer's throughput until GHA has checked the
//! whole file, and each node's peak resident memory over its idle figure;
//! and first, the limits the transfer is held against, measured in the
//! same run: the disk (sequential writes, synced every 8 MiB as the chunk
//! sink does), the transport (two libp2p nodes answering 1 MiB chunk
//! requests, 8 in flight, on the same protocol), and the receiver's
//! crypto alone (AES-256-GCM open and SHA-256 of each chunk).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use dief_node::api::AttachRequest;
use dief_node::cases::attach::AttachReport;
use dief_node::core::attachments::{FileProgress, FileState};
use dief_node::federation::{wait_until, LocalFederation};
use dief_protocol::case::CaseContent;
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::{Party, StateCode};
use serde::Serialize;

use crate::bench::{loopback_network, rss_mib};
use crate::client::Client;

const MIB: u64 = 1024 * 1024;

#[derive(Debug, Serialize)]
struct Figures {
    limits: StreamLimits,
    mib: u64,
    store_mb_per_s: f64,
    transfer_mb_per_s: f64,
    transfer_s: f64,
    idle_rss_mib: [f64; 2],
    peak_rss_over_idle_mib: [f64; 2],
}

/// What a transfer is held against on this machine, in MB/s.
#[derive(Debug, Serialize)]
struct StreamLimits {
    /// Sequential 1 MiB writes to a file on the store's disk, synced every
    /// 8 MiB.
    disk_write_mb_per_s: f64,
    /// 1 MiB chunk answers over `/dief/chunks/1` between two libp2p nodes
    /// on loopback TCP, 8 requests in flight, nothing stored.
    transport_mb_per_s: f64,
    /// AES-256-GCM open and SHA-256 of 1 MiB chunks on one core.
    open_and_hash_mb_per_s: f64,
}

fn limit_disk(dir: &Path, mib: u64) -> Result<f64> {
    use std::io::Write;
    let path = dir.join("disk-limit.bin");
    let buf = vec![0x5au8; MIB as usize];
    let mut f = std::fs::File::create(&path)?;
    let t = Instant::now();
    for i in 1..=mib {
        f.write_all(&buf)?;
        if i % 8 == 0 || i == mib {
            f.sync_data()?;
        }
    }
    let s = t.elapsed().as_secs_f64();
    drop(f);
    std::fs::remove_file(&path)?;
    Ok((mib * MIB) as f64 / 1e6 / s)
}

fn limit_crypto(mib: u64) -> Result<f64> {
    use dief_protocol::case::stream::{self, ContentKey, StreamedAttachment, DEFAULT_CHUNK_SIZE};
    let chunk = DEFAULT_CHUNK_SIZE as u64;
    let file = StreamedAttachment {
        name: "limit.bin".into(),
        media_type: "application/octet-stream".into(),
        size: mib * chunk,
        sha256: [7; 32],
        key: ContentKey::from_bytes([9; 32]),
        chunk_size: DEFAULT_CHUNK_SIZE,
    };
    let sealed = stream::seal_chunk(&file, 0, &vec![0xa5; chunk as usize])?;
    let mut hash = stream::Sha256Stream::default();
    let t = Instant::now();
    for _ in 0..mib {
        hash.update(&stream::open_chunk(&file, 0, sealed.clone())?);
    }
    let s = t.elapsed().as_secs_f64();
    std::hint::black_box(hash.finish());
    Ok((mib * chunk) as f64 / 1e6 / s)
}

/// Two libp2p nodes, one answering every chunk request with the same
/// sealed-chunk-sized answer, the other asking with a window of 8.
async fn limit_transport(mib: u64) -> Result<f64> {
    use dief_node::network::{self, Member as NetMember};
    use dief_protocol::IdentityKeypair;
    use futures::stream::{FuturesUnordered, StreamExt};
    let (a_id, b_id) = (IdentityKeypair::generate()?, IdentityKeypair::generate()?);
    let (a, _a_in, _a_ev, _a_chunks) = network::start_with_chunks(loopback_network(&a_id)).await?;
    let (b, _b_in, _b_ev, mut b_chunks) = network::start_with_chunks(loopback_network(&b_id)).await?;
    let member = |net: &network::Network, addrs| NetMember { peer_id: net.local_peer_id().to_string(), addrs };
    let (a_addrs, b_addrs) = (a.listen_addrs().await?, b.listen_addrs().await?);
    a.set_members(vec![member(&b, b_addrs)]).await?;
    b.set_members(vec![member(&a, a_addrs)]).await?;
    let answer = vec![0u8; MIB as usize + 1 + 16];
    let server = tokio::spawn(async move {
        while let Some(req) = b_chunks.recv().await {
            let _ = req.reply.send(answer.clone());
        }
    });
    let to = b.local_peer_id().to_string();
    let ask = || a.request_chunk(&to, vec![0u8; 36]);
    // The first request dials and handshakes.
    ask().await?;
    let t = Instant::now();
    let (mut sent, mut asking) = (0u64, FuturesUnordered::new());
    while sent < mib || !asking.is_empty() {
        while asking.len() < dief_node::core::attachments::WINDOW && sent < mib {
            asking.push(ask());
            sent += 1;
        }
        if let Some(answer) = asking.next().await {
            answer?;
        }
    }
    let s = t.elapsed().as_secs_f64();
    drop(asking);
    a.shutdown().await;
    b.shutdown().await;
    server.abort();
    Ok((mib * MIB) as f64 / 1e6 / s)
}

/// A `dief run` of the node in `dir`, killed when dropped.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `dief run` for `dir` with its API on a free loopback port (the
/// embedded federation's nodes have none fixed), and a client of it.
fn daemon(dir: &Path, key: &Path) -> Result<(Daemon, Client)> {
    let api = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.to_string();
    let child = Command::new(std::env::current_exe()?)
        .args(["run", "--dir"])
        .arg(dir)
        .env("DIEF_KEY_FILE", key)
        .env("DIEF_API", &api)
        .env("DIEF_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let token = dief_node::config::read_token(dir)?;
    Ok((Daemon(child), Client::new(&api, token)))
}

async fn answering(client: &Client) -> Result<()> {
    let end = Instant::now() + Duration::from_secs(30);
    while client.get::<Vec<FileProgress>>("/v1/attachments").await.is_err() {
        if Instant::now() > end {
            bail!("a node's API did not answer within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

pub async fn run_attachment(mib: u64, json: bool) -> Result<()> {
    let say = |s: String| {
        if !json {
            outln!("{s}");
        }
    };
    say(format!("dief bench --attachment {mib}: FRA and GHA as two dief run processes, real stores, loopback (TCP or QUIC, whichever connects first)"));
    let (a, b): (StateCode, StateCode) = ("FRA".parse()?, "GHA".parse()?);
    let mut fed = LocalFederation::start(&[a, b]).await?;
    let sample = mib.clamp(16, 512);
    let limits = StreamLimits {
        disk_write_mb_per_s: limit_disk(fed.root(), sample)?,
        transport_mb_per_s: limit_transport(sample).await?,
        open_and_hash_mb_per_s: limit_crypto(sample.min(256))?,
    };
    say(format!(
        "limits on this machine ({sample} MiB each): disk, synced every 8 MiB {:.0} MB/s; \
         libp2p chunk answers, 8 in flight {:.0} MB/s; AES-GCM open + SHA-256 {:.0} MB/s",
        limits.disk_write_mb_per_s, limits.transport_mb_per_s, limits.open_and_hash_mb_per_s
    ));
    let case = fed
        .state(a)?
        .create_case(CaseContent::new("bench video", CaseStatus::Detected, Investigation::Ongoing))
        .await?;
    fed.state(a)?.share(&case.id, &[b]).await?;
    let nb = fed.state(b)?.clone();
    if !wait_until(Duration::from_secs(20), || nb.case(&case.id).is_ok()).await {
        bail!("GHA did not receive the case");
    }
    drop(nb);
    let file: PathBuf = fed.root().join("bench.bin");
    dief_node::federation::write_noise_file(&file, usize::try_from(mib)?)?;
    let key = match fed.unlock() {
        dief_node::Unlock::KeyFile(p) => p.clone(),
        _ => bail!("the federation uses a key file"),
    };
    let mut dirs = Vec::new();
    for s in [a, b] {
        fed.stop(Party::State(s)).await?;
        dirs.push(fed.dir(Party::State(s)).context("node dir")?.to_path_buf());
    }
    let ((da, ca), (db, cb)) = (daemon(&dirs[0], &key)?, daemon(&dirs[1], &key)?);
    let (daemons, clients) = ([da, db], [ca, cb]);
    for c in &clients {
        answering(c).await?;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let pids = [daemons[0].0.id(), daemons[1].0.id()];
    let idle = [rss_mib(pids[0]).unwrap_or(0.0), rss_mib(pids[1]).unwrap_or(0.0)];
    let mut peak = idle;

    let t = Instant::now();
    let body = AttachRequest { path: file.clone(), name: None, media_type: Some("video/mp4".into()) };
    let report: AttachReport = clients[0].post(&format!("/v1/cases/{}/attach", case.id), &body).await?;
    let store_s = t.elapsed().as_secs_f64();
    let id = report.attachment.id;
    let t = Instant::now();
    loop {
        for (i, pid) in pids.iter().enumerate() {
            peak[i] = peak[i].max(rss_mib(*pid).unwrap_or(0.0));
        }
        let p: FileProgress = clients[1].get(&format!("/v1/attachments/{id}")).await.unwrap_or_else(|_| report_gap());
        match p.state {
            FileState::Complete => break,
            FileState::Failed => bail!("GHA's copy does not match the digest"),
            FileState::Fetching if t.elapsed() > Duration::from_secs(3600) => bail!("the transfer took over an hour"),
            FileState::Fetching => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    let transfer_s = t.elapsed().as_secs_f64();
    drop(daemons);
    fed.shutdown().await;
    let mb = (mib * MIB) as f64 / 1e6;
    let ceiling = limits.disk_write_mb_per_s.min(limits.transport_mb_per_s).min(limits.open_and_hash_mb_per_s);
    let figures = Figures {
        limits,
        mib,
        store_mb_per_s: mb / store_s,
        transfer_mb_per_s: mb / transfer_s,
        transfer_s,
        idle_rss_mib: idle,
        peak_rss_over_idle_mib: [peak[0] - idle[0], peak[1] - idle[1]],
    };
    say(format!("provider stores its file (read, SHA-256, seal, write): {:.0} MB/s", figures.store_mb_per_s));
    say(format!(
        "FRA -> GHA, {mib} MiB, durable and checked on GHA:  {:.0} MB/s in {transfer_s:.1} s   (target >= 300 MB/s; \
         {:.0}% of the lowest limit, {ceiling:.0} MB/s)",
        figures.transfer_mb_per_s,
        100.0 * figures.transfer_mb_per_s / ceiling
    ));
    say(format!(
        "peak resident memory over idle: FRA +{:.1} MiB (idle {:.1}), GHA +{:.1} MiB (idle {:.1})   (target <= 64 MiB)",
        figures.peak_rss_over_idle_mib[0], idle[0], figures.peak_rss_over_idle_mib[1], idle[1]
    ));
    if json {
        outln!("{}", serde_json::to_string_pretty(&figures)?);
    }
    Ok(())
}

/// A progress poll that failed (the node busy answering): counted as not
/// yet complete.
fn report_gap() -> FileProgress {
    FileProgress {
        id: String::new(),
        name: String::new(),
        media_type: String::new(),
        size: 0,
        held_bytes: 0,
        chunks: 0,
        held_chunks: 0,
        state: FileState::Fetching,
        provider: Party::Secretariat,
        case: None,
        sha256: String::new(),
    }
}
