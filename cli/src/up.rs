//! `dief up`: one command that starts a node in a container and forms the
//! roster with no operator at hand. It owns the bootstrap exchange: a small
//! directory shared by the Secretariat and the States of one deployment
//! (a Docker volume in `docker/compose.yaml`), standing in for the files an
//! operator would otherwise carry by hand (`cli/tests/cli.rs` does that
//! flow with `init`, `roster import`, `join-request` and `admit`).
//!
//! ```text
//! exchange/
//!   secretariat.fingerprint   roster-key fingerprint      (Secretariat writes)
//!   roster.txt                current signed roster       (Secretariat writes)
//!   join/<STATE>.join         signed join request         (each State writes)
//! ```
//!
//! On every start: initialise the node if its directory is empty (a State
//! pins the fingerprint found in the exchange), start it with its local API,
//! then keep the exchange in step until stopped. The Secretariat admits a
//! State automatically only if it is named in `--admit` and not yet on the
//! roster (trust on first use): a later request with other keys for a
//! member is logged and left to an operator (`dief roster admit`), so a
//! container that can write to the exchange cannot take over another
//! State's place. Nothing in the exchange is trusted beyond that: rosters
//! are checked against the pinned key and join requests by their signature.
//!
//! A container built `FROM scratch` has no shell, so this has to be a dief
//! subcommand rather than an entrypoint script.

use std::collections::HashMap;
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use dief_node::api::{JOIN_LABEL, ROSTER_LABEL};
use dief_node::config::NodeConfig;
use dief_node::{Clock, InitOptions, Node};
use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::roster::MemberStatus;
use dief_protocol::{Party, SignedJoinRequest, SignedRoster, StateCode};
use tracing::{debug, info, warn, Instrument};

use crate::args::Status as StatusArg;
use crate::commands::unlock_from_env;

const FINGERPRINT_FILE: &str = "secretariat.fingerprint";
const ROSTER_FILE: &str = "roster.txt";
const JOIN_DIR: &str = "join";
/// How often the exchange is looked at once the node runs.
const POLL: Duration = Duration::from_millis(500);
/// Largest join request read from the exchange (one is a few hundred bytes).
const MAX_JOIN_BYTES: u64 = 64 * 1024;
/// Join request files looked at per round; more is not a deployment.
const MAX_JOIN_FILES: usize = 500;

#[derive(Debug, clap::Args)]
pub struct UpArgs {
    /// The bootstrap directory shared by the nodes of this deployment.
    #[arg(long, env = "DIEF_EXCHANGE")]
    pub exchange: PathBuf,
    /// The State this node speaks for (ISO 3166-1 alpha-3).
    #[arg(long, conflicts_with = "secretariat", required_unless_present = "secretariat")]
    pub state: Option<StateCode>,
    /// Run the Secretariat node.
    #[arg(long)]
    pub secretariat: bool,
    /// State Party or Signatory State (used at the first start only).
    #[arg(long, value_enum, default_value = "state-party")]
    pub status: StatusArg,
    /// Multiaddrs to listen on (used at the first start only).
    #[arg(long, value_delimiter = ',', default_values = ["/ip4/0.0.0.0/tcp/4100", "/ip4/0.0.0.0/udp/4100/quic-v1"])]
    pub listen: Vec<String>,
    /// Multiaddrs peers dial, with the container's fixed IP address
    /// (comma-separated; used at the first start only).
    #[arg(long, env = "DIEF_ANNOUNCE", value_delimiter = ',', required = true)]
    pub announce: Vec<String>,
    /// Local API address (loopback; used at the first start only).
    #[arg(long, default_value = "127.0.0.1:7100")]
    pub api: SocketAddr,
    /// Secretariat: the States admitted automatically from the exchange.
    #[arg(long, value_delimiter = ',')]
    pub admit: Vec<StateCode>,
    /// Seconds a State waits for the Secretariat's fingerprint and first
    /// roster before giving up (the container is then restarted).
    #[arg(long, default_value_t = 300)]
    pub wait: u64,
}

pub async fn run(dir: &Path, args: UpArgs) -> Result<()> {
    let party = match (args.secretariat, args.state) {
        (true, _) => Party::Secretariat,
        (false, Some(s)) => Party::State(s),
        (false, None) => bail!("give --state CODE or --secretariat"),
    };
    if !party.is_secretariat() && !args.admit.is_empty() {
        bail!("--admit is for the Secretariat");
    }
    let span = tracing::info_span!("up", %party);
    async move {
        let exchange = Exchange::open(&args.exchange)?;
        let unlock = unlock_from_env()?;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(args.wait);
        if NodeConfig::exists(dir) {
            let cfg = NodeConfig::load(dir)?;
            if cfg.party != party {
                bail!("{} holds the node of {}, not {party}", dir.display(), cfg.party);
            }
            if cfg.announce != args.announce {
                warn!(held = ?cfg.announce, given = ?args.announce, "announce addresses differ from the first start; keeping the held ones");
            }
        } else {
            let pin = match party {
                Party::Secretariat => None,
                // Stoppable while waiting: as PID 1 nothing else ends it.
                Party::State(_) => tokio::select! {
                    fp = exchange.wait_fingerprint(deadline) => Some(fp?),
                    () = crate::commands::shutdown_signal() => return Ok(()),
                },
            };
            let report = Node::init(
                dir,
                &unlock,
                InitOptions {
                    party,
                    status: party.state().map(|_| match args.status {
                        StatusArg::StateParty => MemberStatus::StateParty,
                        StatusArg::Signatory => MemberStatus::Signatory,
                    }),
                    listen: args.listen.clone(),
                    announce: args.announce.clone(),
                    api: args.api,
                    roster_key_fingerprint: pin,
                },
            )
            .with_context(|| format!("initialising {party} in {}", dir.display()))?;
            info!(peer = %report.peer_id, fingerprint = %report.signing_key_fingerprint, "node initialised");
        }
        let node = Node::start(dir, &unlock, Clock::system())
            .await
            .with_context(|| format!("starting the node in {}", dir.display()))?;
        let token = dief_node::config::read_token(dir)?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        let api = dief_node::api::serve(node.clone(), node.config().api, token, stopped(stop_rx.clone())).await?;
        if let Some(addr) = node.config().metrics {
            dief_node::api::serve_metrics(node.clone(), addr, stopped(stop_rx.clone())).await?;
        }
        info!(peer = %node.peer_id(), %api, "node running");
        let result = tokio::select! {
            r = keep_exchange(&node, &exchange, &args.admit, deadline) => r,
            () = crate::commands::shutdown_signal() => Ok(()),
        };
        info!("stopping");
        let _ = stop_tx.send(true);
        node.shutdown().await;
        result
    }
    .instrument(span)
    .await
}

/// Keeps the exchange and the node in step until stopped; returns only on
/// an error that a restart might cure.
async fn keep_exchange(
    node: &Node,
    exchange: &Exchange,
    admit: &[StateCode],
    deadline: tokio::time::Instant,
) -> Result<()> {
    match node.party() {
        Party::Secretariat => {
            let fingerprint = node.roster_key_fingerprint().context("the Secretariat holds no roster")?;
            exchange.write_if_changed(FINGERPRINT_FILE, &fingerprint)?;
            let mut seen = HashMap::new();
            loop {
                publish_roster(node, exchange)?;
                admit_requests(node, exchange, admit, &mut seen).await;
                tokio::time::sleep(POLL).await;
            }
        }
        Party::State(state) => {
            if node.roster().is_none() {
                info!("waiting for the Secretariat's roster in the exchange");
                loop {
                    if let Some(text) = exchange.read(ROSTER_FILE, MAX_ROSTER_BYTES as u64)? {
                        match import_roster(node, &text) {
                            Ok(seq) => {
                                info!(sequence = seq, "first roster imported (checked against the pinned key)");
                                break;
                            }
                            Err(e) => warn!(error = %format!("{e:#}"), "the exchange's roster was refused"),
                        }
                    }
                    if tokio::time::Instant::now() >= deadline {
                        bail!("no acceptable roster appeared in {} in time", exchange.dir.display());
                    }
                    tokio::time::sleep(POLL).await;
                }
            }
            if !is_member(node, state) {
                let request = node.join_request()?;
                let text = armor(JOIN_LABEL, &codec::encode("join request", &request, MAX_ROSTER_BYTES)?);
                exchange.write_if_changed(&format!("{JOIN_DIR}/{state}.join"), &text)?;
                info!("join request left for the Secretariat");
            }
            let mut last_text = String::new();
            let mut last_sequence = 0;
            loop {
                // The roster reaches members over the network; the file is a
                // second route for a State that was down or is not yet known.
                if let Some(text) = exchange.read(ROSTER_FILE, MAX_ROSTER_BYTES as u64)? {
                    if text != last_text {
                        if let Err(e) = import_roster(node, &text) {
                            debug!(error = %format!("{e:#}"), "exchange roster not imported");
                        }
                        last_text = text;
                    }
                }
                if let Some(r) = node.roster() {
                    if r.sequence != last_sequence {
                        last_sequence = r.sequence;
                        let members: Vec<String> = r.members.iter().map(|m| m.state.to_string()).collect();
                        info!(sequence = r.sequence, members = %members.join(","), member = is_member(node, state), "roster held");
                    }
                }
                tokio::time::sleep(POLL).await;
            }
        }
    }
}

fn is_member(node: &Node, state: StateCode) -> bool {
    node.roster().and_then(|r| r.member(state).map(|m| m.node.signing_key == node.signing_key())).unwrap_or(false)
}

/// Imports an armoured roster unless it is one the node already holds.
fn import_roster(node: &Node, text: &str) -> Result<u64> {
    let bytes = dearmor(ROSTER_LABEL, text)?;
    let signed: SignedRoster = codec::decode("roster", &bytes, MAX_ROSTER_BYTES)?;
    Ok(node.import_roster(&signed)?)
}

fn publish_roster(node: &Node, exchange: &Exchange) -> Result<()> {
    let Some(signed) = node.signed_roster() else { bail!("the Secretariat holds no roster") };
    let text = armor(ROSTER_LABEL, &codec::encode("roster", &signed, MAX_ROSTER_BYTES)?);
    exchange.write_if_changed(ROSTER_FILE, &text)
}

/// Admits the join requests in the exchange that `admit` allows and that
/// name a State not yet on the roster. `seen` remembers each file's content
/// so a request is judged (and a refusal logged) once.
async fn admit_requests(node: &Node, exchange: &Exchange, admit: &[StateCode], seen: &mut HashMap<PathBuf, String>) {
    let files = match exchange.list(JOIN_DIR) {
        Ok(f) => f,
        Err(e) => {
            warn!(error = %format!("{e:#}"), "cannot list join requests");
            return;
        }
    };
    for path in files.into_iter().take(MAX_JOIN_FILES) {
        let text = match read_limited(&path, MAX_JOIN_BYTES) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(e) => {
                warn!(file = %path.display(), error = %format!("{e:#}"), "unreadable join request");
                continue;
            }
        };
        if seen.get(&path) == Some(&text) {
            continue;
        }
        seen.insert(path.clone(), text.clone());
        if let Err(e) = consider(node, admit, &text).await {
            warn!(file = %path.display(), error = %format!("{e:#}"), "join request not admitted");
        }
    }
}

async fn consider(node: &Node, admit: &[StateCode], text: &str) -> Result<()> {
    let bytes = dearmor(JOIN_LABEL, text)?;
    let signed: SignedJoinRequest = codec::decode("join request", &bytes, MAX_ROSTER_BYTES)?;
    let request = signed.verify()?;
    let state = request.state;
    if !admit.contains(&state) {
        bail!("{state} is not among the States this Secretariat admits automatically (--admit)");
    }
    if let Some(m) = node.roster().and_then(|r| r.member(state).cloned()) {
        if m.node.signing_key == request.signing_key && m.node.encryption_key == request.encryption_key {
            debug!(%state, "already a member with these keys");
            return Ok(());
        }
        bail!("{state} is already a member with other keys: an operator must admit new keys (dief roster admit)");
    }
    let roster = node.admit(&signed).await?;
    let roster = roster.roster();
    info!(%state, sequence = roster.sequence, members = roster.members.len(), "admitted from the exchange");
    Ok(())
}

/// The shared bootstrap directory.
#[derive(Debug)]
struct Exchange {
    dir: PathBuf,
}

impl Exchange {
    fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir.join(JOIN_DIR))
            .with_context(|| format!("creating the exchange directory {}", dir.display()))?;
        Ok(Exchange { dir: dir.to_path_buf() })
    }

    fn read(&self, name: &str, limit: u64) -> Result<Option<String>> {
        read_limited(&self.dir.join(name), limit)
    }

    fn list(&self, sub: &str) -> Result<Vec<PathBuf>> {
        let dir = self.dir.join(sub);
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "join") {
                out.push(path);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Writes atomically (temporary file, then rename) so a reader never
    /// sees half a file; skips the write when the content is already there.
    fn write_if_changed(&self, name: &str, text: &str) -> Result<()> {
        let path = self.dir.join(name);
        // A file longer than `text` is simply different (read_limited refuses it).
        if read_limited(&path, text.len() as u64 + 1).ok().flatten().as_deref() == Some(text) {
            return Ok(());
        }
        let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
        debug!(file = %path.display(), "exchange file written");
        Ok(())
    }

    async fn wait_fingerprint(&self, deadline: tokio::time::Instant) -> Result<String> {
        info!(dir = %self.dir.display(), "waiting for the Secretariat's fingerprint in the exchange");
        loop {
            if let Some(text) = self.read(FINGERPRINT_FILE, 256)? {
                let fp = text.trim();
                if !fp.is_empty() && fp.chars().all(|c| c.is_ascii_graphic()) {
                    info!(fingerprint = %fp, "pinning the Secretariat's roster key");
                    return Ok(fp.to_string());
                }
            }
            if tokio::time::Instant::now() >= deadline {
                bail!("no Secretariat fingerprint appeared in {} in time", self.dir.display());
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// The file's text, `None` if it does not exist; refuses one over `limit`.
fn read_limited(path: &Path, limit: u64) -> Result<Option<String>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("opening {}", path.display())),
    };
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text).with_context(|| format!("reading {}", path.display()))?;
    if text.len() as u64 > limit {
        bail!("{} is larger than {limit} bytes", path.display());
    }
    Ok(Some(text))
}
