//! The other processes of `dief bench --federation N --processes P`: each
//! runs some of the States as real nodes and does what the measuring
//! process orders, one JSON line in, one JSON line out, on its stdin and
//! stdout (the hidden `dief bench-worker`). It owns the orders, the worker
//! loop and the measuring process's handle on a worker.
//!
//! Why processes: over TCP every connection of the full mesh costs a
//! descriptor at each end, and a process may hold 20,000 here; the mesh of
//! 193 nodes needs 37,056. Split over four processes, each stays within
//! 60% of its own limit once the mesh is full, as four hosts would.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use dief_node::federation::{state_parties, wait_until, LocalFederation};
use dief_protocol::meeting::{Delegate, MeetingId, Role};
use dief_protocol::{Party, SignedJoinRequest, SignedRoster, StateCode};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};
use tracing::{info_span, Instrument};

use crate::bench::OwnRss;

/// What the measuring process asks of a worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Order {
    /// Initialise and start these States from the Secretariat's first
    /// roster; answered with their join requests.
    Start { states: Vec<StateCode>, pin: String, genesis: Box<SignedRoster>, quic: bool },
    /// Answer once every node here holds this roster or a later one.
    WaitRoster { sequence: u64, timeout_s: u64 },
    /// This process's resident memory and open descriptors.
    Idle,
    /// These States announce a presentation at the meeting.
    Intents { meeting: MeetingId, states: Vec<StateCode> },
    /// Every State here registers its delegation (this revision).
    Register { meeting: MeetingId, revision: u32 },
    /// Answer once every node here holds `count` registrations, each at
    /// least at `revision`.
    HoldRegistrations { meeting: MeetingId, revision: u32, count: usize, timeout_s: u64 },
    /// Stop every node and exit.
    Stop,
}

/// A worker's answer to one [`Order`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Answer {
    Started { requests: Vec<SignedJoinRequest> },
    Idle { rss_mib: Option<f64>, open_fds: Option<usize> },
    Done,
    Failed { error: String },
}

/// The delegation State `s` registers in the bench's meeting cycle.
fn bench_delegation(s: StateCode, revision: u32) -> Vec<Delegate> {
    vec![Delegate {
        name: format!("Head of the {s} delegation ({revision})"),
        role: Role::ForeignMinistry,
        agency: String::new(),
        head: true,
    }]
}

/// Whether `node` holds `count` registrations for `meeting`, each at
/// least at `revision`.
pub(crate) fn holds_registrations(node: &dief_node::Node, meeting: MeetingId, revision: u32, count: usize) -> bool {
    node.meeting(meeting)
        .is_ok_and(|v| v.registrations.len() >= count && v.registrations.iter().all(|r| r.revision >= revision))
}

// The meeting-cycle steps each process does for the States it runs: the
// measuring process for its own, a worker when ordered.

/// `states` of `fed` announce a presentation at `meeting`, all at once.
pub(crate) async fn announce_intents(fed: &LocalFederation, states: &[StateCode], meeting: MeetingId) -> Result<()> {
    use dief_node::meetings::IntentDraft;
    let mut sends = tokio::task::JoinSet::new();
    for s in states {
        let node = fed.state(*s)?.clone();
        let draft = IntentDraft { meeting: Some(meeting), case: None, minutes: Some(10), with_expert: false };
        sends.spawn(async move { node.register_intent(draft).await });
    }
    while let Some(r) = sends.join_next().await {
        r??;
    }
    Ok(())
}

/// Every State of `fed` registers its delegation for `meeting`, all at once.
pub(crate) async fn register_delegations(fed: &LocalFederation, meeting: MeetingId, revision: u32) -> Result<()> {
    let mut sends = tokio::task::JoinSet::new();
    for (party, node) in fed.nodes() {
        let Party::State(s) = party else { continue };
        let node = node.clone();
        sends.spawn(async move { node.register_delegation(meeting, bench_delegation(s, revision)).await });
    }
    while let Some(r) = sends.join_next().await {
        r??;
    }
    Ok(())
}

/// Waits until every State of `fed` holds `count` registrations for
/// `meeting`, each at least at `revision`.
pub(crate) async fn hold_registrations(
    fed: &LocalFederation,
    meeting: MeetingId,
    revision: u32,
    count: usize,
    wait: Duration,
) -> Result<()> {
    for (party, node) in fed.nodes().filter(|(p, _)| matches!(p, Party::State(_))) {
        if !wait_until(wait, || holds_registrations(node, meeting, revision, count)).await {
            bail!("{party} did not hold the {count} registrations (revision {revision}) within {wait:?}");
        }
    }
    Ok(())
}

/// `dief bench-worker`: serves orders until `Stop` or the end of stdin
/// (the measuring process went away), then stops its nodes.
pub async fn serve() -> Result<()> {
    let mut own_rss = OwnRss::open()?;
    let mut fed: Option<LocalFederation> = None;
    let served = serve_orders(&mut fed, &mut own_rss).await;
    // However the orders ended, the nodes stop cleanly (stores closed).
    if let Some(f) = fed.take() {
        f.shutdown().await;
    }
    served
}

async fn serve_orders(fed: &mut Option<LocalFederation>, own_rss: &mut OwnRss) -> Result<()> {
    let mut lines = stdin_lines();
    while let Some(line) = lines.recv().await {
        let line = line.context("reading an order on stdin")?;
        let order: Order = serde_json::from_str(&line).with_context(|| format!("not an order: {line:.120}"))?;
        let stop = matches!(order, Order::Stop);
        let span = info_span!("bench_worker_order", order = order_name(&order));
        let answer = match obey(order, fed, own_rss).instrument(span).await {
            Ok(a) => a,
            Err(e) => Answer::Failed { error: format!("{e:#}") },
        };
        let mut out = serde_json::to_vec(&answer)?;
        out.push(b'\n');
        tokio::task::spawn_blocking(move || {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&out)?;
            stdout.flush()
        })
        .await?
        .context("writing an answer on stdout")?;
        if stop {
            break;
        }
    }
    Ok(())
}

/// The lines of stdin, read on a thread of their own since a read blocks;
/// the channel is bounded, and orders come one at a time anyway.
fn stdin_lines() -> tokio::sync::mpsc::Receiver<std::io::Result<String>> {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let failed = line.is_err();
            if tx.blocking_send(line).is_err() || failed {
                break;
            }
        }
    });
    rx
}

fn order_name(order: &Order) -> &'static str {
    match order {
        Order::Start { .. } => "start",
        Order::WaitRoster { .. } => "wait_roster",
        Order::Idle => "idle",
        Order::Intents { .. } => "intents",
        Order::Register { .. } => "register",
        Order::HoldRegistrations { .. } => "hold_registrations",
        Order::Stop => "stop",
    }
}

async fn obey(order: Order, fed: &mut Option<LocalFederation>, own_rss: &mut OwnRss) -> Result<Answer> {
    match order {
        Order::Start { states, pin, genesis, quic } => {
            if fed.is_some() {
                bail!("this worker already runs its States");
            }
            let (started, requests) =
                LocalFederation::start_states(&state_parties(&states), &pin, &genesis, quic).await?;
            *fed = Some(started);
            Ok(Answer::Started { requests })
        }
        Order::Stop => {
            if let Some(f) = fed.take() {
                f.shutdown().await;
            }
            Ok(Answer::Done)
        }
        Order::Idle => {
            let rss_mib = own_rss.read().ok();
            let open_fds = std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count());
            Ok(Answer::Idle { rss_mib, open_fds })
        }
        order => match fed.as_ref() {
            Some(fed) => obey_running(order, fed).await.map(|()| Answer::Done),
            None => bail!("no States started yet: send `start` first"),
        },
    }
}

/// The orders for States already running.
async fn obey_running(order: Order, fed: &LocalFederation) -> Result<()> {
    match order {
        Order::WaitRoster { sequence, timeout_s } => {
            fed.wait_roster(sequence, Duration::from_secs(timeout_s)).await?;
        }
        Order::Intents { meeting, states } => announce_intents(fed, &states, meeting).await?,
        Order::Register { meeting, revision } => register_delegations(fed, meeting, revision).await?,
        Order::HoldRegistrations { meeting, revision, count, timeout_s } => {
            hold_registrations(fed, meeting, revision, count, Duration::from_secs(timeout_s)).await?;
        }
        Order::Start { .. } | Order::Stop | Order::Idle => {
            bail!("`{}` is not an order for running States", order_name(&order))
        }
    }
    Ok(())
}

/// The measuring process's handle on one worker process. Dropping it kills
/// the worker, so a failed bench leaves no nodes running.
pub(crate) struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    /// The States this worker runs.
    pub(crate) states: Vec<StateCode>,
}

impl Worker {
    /// Starts `dief bench-worker` (this very executable); its log goes to
    /// this process's stderr.
    pub(crate) fn spawn(states: Vec<StateCode>) -> Result<Worker> {
        let exe = std::env::current_exe().context("finding this executable to start a worker")?;
        let mut child = tokio::process::Command::new(&exe)
            .arg("bench-worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {} bench-worker", exe.display()))?;
        let stdin = child.stdin.take().context("the worker's stdin")?;
        let stdout = BufReader::new(child.stdout.take().context("the worker's stdout")?).lines();
        Ok(Worker { child, stdin, stdout, states })
    }

    /// Sends one order and waits for its answer; a worker that failed it
    /// or went away is an error naming the order.
    pub(crate) async fn ask(&mut self, order: &Order) -> Result<Answer> {
        let name = order_name(order);
        let mut line = serde_json::to_vec(order)?;
        line.push(b'\n');
        self.stdin.write_all(&line).await.with_context(|| format!("sending `{name}` to a worker"))?;
        self.stdin.flush().await?;
        let Some(answer) = self.stdout.next_line().await? else {
            let status = self.child.wait().await?;
            bail!("a worker exited ({status}) before answering `{name}`");
        };
        match serde_json::from_str(&answer).with_context(|| format!("a worker's answer to `{name}`: {answer:.120}"))? {
            Answer::Failed { error } => bail!("a worker failed `{name}`: {error}"),
            a => Ok(a),
        }
    }

    /// Stops the worker's nodes and waits for it to exit.
    pub(crate) async fn stop(mut self) -> Result<()> {
        self.ask(&Order::Stop).await?;
        drop(self.stdin);
        self.child.wait().await?;
        Ok(())
    }
}
