//! `dief bench --federation N` (issue 13): the Secretariat and N-1 States,
//! each a real node (own store, own libp2p stack), the roster formed, one
//! case to every State, a meeting cycle (invitation, 40 intents, N x N
//! delegation registrations twice, agenda, adoption), each step until the
//! last node holds it, and memory per node.
//!
//! The nodes run in this process and, past what one process's descriptor
//! limit holds over TCP, in worker processes ([`crate::bench_worker`]):
//! this process keeps the Secretariat and the State that shares, so every
//! figure is timed on one clock.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use dief_node::federation::{state_parties, wait_until, LocalFederation};
use dief_protocol::case::CaseContent;
use dief_protocol::meeting::MeetingId;
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::{MessageId, Party, StateCode};
use serde::Serialize;

use crate::bench::{percentile, say_unless, OwnRss};
use crate::bench_worker::{
    announce_intents, hold_registrations, holds_registrations, register_delegations, Answer, Order, Worker,
};

/// Figures of `dief bench --federation N`.
#[derive(Debug, Serialize)]
struct FederationFigures {
    nodes: usize,
    /// The nodes listened on QUIC only (`--quic`), else TCP and QUIC.
    quic_only: bool,
    /// The processes the nodes ran in (this one and its workers).
    processes: usize,
    /// File descriptors open once the federation was up and idle: the
    /// most any one process held, and each process's count.
    open_fds: Option<usize>,
    open_fds_per_process: Vec<Option<usize>>,
    /// From nothing to every node holding the roster that lists all
    /// States (initialising and starting each node, one admission of all).
    roster_to_every_node_s: f64,
    /// Envelopes the Secretariat still had queued then (earlier rosters),
    /// and the seconds until they were all delivered.
    rosters_still_queued: usize,
    rosters_settled_s: f64,
    /// One case from the first State to every other State, from `share`
    /// to the last receipt, connecting to each on the way.
    share_to_all_ms: f64,
    /// The same once every connection is open: the median of five.
    share_to_all_connected_ms: f64,
    receipts: usize,
    /// The meeting cycle, each step until every node that must hold it
    /// does.
    meeting: MeetingFigures,
    /// The resident memory of every process running nodes once the
    /// federation is up and idle, and that divided by the nodes.
    process_rss_mib: Option<f64>,
    rss_per_node_mib: Option<f64>,
}

/// Shares of one case with every other State in `--federation`: the first
/// connects, the rest give the median.
const SHARE_ROUNDS: usize = 6;

/// `dief bench --federation N [--processes P]`: every node a real node; in
/// one process by default, which makes memory per node a division, and in
/// as many as the descriptor limit requires over TCP ([`processes_for`]).
pub async fn run_federation(nodes: usize, processes: Option<usize>, quic: bool, json: bool) -> Result<()> {
    let say = say_unless(json);
    let states: Vec<StateCode> = dief_protocol::ids::ISO_3166_ALPHA3
        .iter()
        .take(nodes.saturating_sub(1))
        .map(|c| c.parse())
        .collect::<Result<_, _>>()?;
    let processes = processes.unwrap_or_else(|| processes_for(nodes, quic)).clamp(1, states.len());
    let over = if quic { "QUIC only" } else { "TCP and QUIC" };
    let place = if processes == 1 { "in this process".to_string() } else { format!("in {processes} processes") };
    say(format!("dief bench --federation {nodes}: the Secretariat and {} States {place}, {over}", states.len()));
    let mut own_rss = OwnRss::open()?;
    let start = Instant::now();
    let mut spread = Spread::start(&states, processes, quic).await?;
    let roster_s = start.elapsed().as_secs_f64();
    say(format!(
        "roster of {nodes} reaching every node:        {roster_s:.1} s (from nothing: init, start, admissions)"
    ));
    // Earlier rosters may still be queued to members that already hold the
    // last: the figures below are measured once they are all delivered.
    let sec = spread.fed.node(Party::Secretariat)?.clone();
    let queued = sec.outbox_pending()?;
    let t = Instant::now();
    if !wait_until(Duration::from_secs(900), || sec.outbox_pending().is_ok_and(|n| n == 0)).await {
        bail!("the Secretariat's outbox did not empty within 900 s of the roster reaching every node");
    }
    let settled_s = t.elapsed().as_secs_f64();
    say(format!("earlier rosters still queued then:        {queued} envelopes, delivered in {settled_s:.1} s more"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = spread.idle(&mut own_rss).await?;
    let rss: Option<f64> = idle.iter().map(|(r, _)| *r).sum();
    let open_fds_per_process: Vec<Option<usize>> = idle.iter().map(|(_, f)| *f).collect();
    let open_fds = open_fds_per_process.iter().flatten().copied().max();
    let shown: Vec<String> =
        open_fds_per_process.iter().map(|f| f.map_or_else(|| "not counted".into(), |n| n.to_string())).collect();
    say(format!(
        "open file descriptors, idle:             {} ({}; a process may hold {})",
        shown.join(", "),
        if processes == 1 { "this process" } else { "per process" },
        open_files_limit().map_or_else(|| "an unknown number".into(), |n| n.to_string())
    ));
    let first = spread.fed.state(states[0])?.clone();
    let others: Vec<StateCode> = states[1..].to_vec();
    let case = first
        .create_case(CaseContent::new("shared with every State", CaseStatus::Detected, Investigation::Ongoing))
        .await?;
    // Six times: the first share also opens a connection to every State
    // (the roster only connected each to the Secretariat); the median of
    // the five after it is the figure held to the goal.
    let mut times = Vec::new();
    let mut from = std::collections::BTreeSet::new();
    for _ in 0..SHARE_ROUNDS {
        let mut receipts = first.subscribe_receipts();
        let t = Instant::now();
        let id = first.share(&case.id, &others).await?;
        from.clear();
        while from.len() < others.len() {
            let (got, party) = tokio::time::timeout(Duration::from_secs(120), receipts.recv())
                .await
                .with_context(|| format!("{} of {} receipts after 120 s", from.len(), others.len()))??;
            if got == id {
                from.insert(party);
            }
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let share_ms = times[0];
    let mut warm = times[1..].to_vec();
    warm.sort_by(|x, y| x.total_cmp(y));
    let warm_ms = percentile(&warm, 0.5);
    say(format!(
        "one case to {} States, until every receipt: {share_ms:.0} ms (connecting to each), once connected p50 {warm_ms:.0} ms \
         (of {}: {:.0} to {:.0} ms; target p50 <= 250 ms)",
        others.len(),
        warm.len(),
        warm.first().copied().unwrap_or(0.0),
        warm.last().copied().unwrap_or(0.0)
    ));
    let meeting = meeting_cycle(&mut spread, &states, &say).await?;
    let per_node = rss.map(|r| r / nodes as f64);
    match (rss, per_node) {
        (Some(r), Some(p)) => say(format!(
            "resident memory, idle, {}:       {r:.0} MiB ({p:.1} MiB per node)",
            if processes == 1 { "whole process".to_string() } else { format!("all {processes} processes") }
        )),
        _ => say("resident memory could not be read from /proc".into()),
    }
    drop(first);
    spread.shutdown().await?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&FederationFigures {
                nodes,
                roster_to_every_node_s: roster_s,
                quic_only: quic,
                processes,
                open_fds,
                open_fds_per_process,
                rosters_still_queued: queued,
                rosters_settled_s: settled_s,
                share_to_all_ms: share_ms,
                share_to_all_connected_ms: warm_ms,
                receipts: from.len(),
                meeting,
                process_rss_mib: rss,
                rss_per_node_mib: per_node,
            })?
        );
    }
    Ok(())
}

/// The meeting cycle at the federation's size (issue 13), in ms.
#[derive(Debug, Serialize)]
struct MeetingFigures {
    /// The invitation from the Secretariat until every State's receipt,
    /// and until half of them.
    invitation_to_all_ms: f64,
    invitation_p50_ms: f64,
    /// This many States announce a presentation at once, until the
    /// Secretariat holds every intent.
    intents: usize,
    intents_ms: f64,
    /// Every State registers its delegation, which goes to the Secretariat
    /// and every other State, until the Secretariat holds every one and
    /// every State holds the last one sent.
    registrations: usize,
    registrations_ms: f64,
    /// The same until the Secretariat holds every one.
    registrations_secretariat_ms: f64,
    /// Every State revises its delegation, once connected to every other.
    revisions_ms: f64,
    revisions_secretariat_ms: f64,
    /// The draft agenda with the intents as items, until every receipt,
    /// and until half of them.
    agenda_to_all_ms: f64,
    agenda_p50_ms: f64,
    /// The adoption, until every receipt.
    adoption_to_all_ms: f64,
}

/// Every State registers its delegation for `id` (revision `revision`),
/// which goes to the Secretariat and every other State. Returns the ms
/// until the Secretariat holds every one, and until every node does.
async fn registrations(spread: &mut Spread, states: &[StateCode], id: MeetingId, revision: u32) -> Result<(f64, f64)> {
    let sec = spread.fed.node(Party::Secretariat)?.clone();
    let count = states.len();
    let t = Instant::now();
    tokio::try_join!(
        register_delegations(&spread.fed, id, revision),
        tell(&mut spread.workers, |_| Order::Register { meeting: id, revision })
    )?;
    let wait = Duration::from_secs(600);
    if !wait_until(wait, || holds_registrations(&sec, id, revision, count)).await {
        bail!("the {count} registrations (revision {revision}) did not reach the Secretariat within {wait:?}");
    }
    let at_secretariat = t.elapsed().as_secs_f64() * 1000.0;
    hold_registrations(&spread.fed, id, revision, count, wait).await?;
    let timeout_s = wait.as_secs();
    spread.tell_workers(|_| Order::HoldRegistrations { meeting: id, revision, count, timeout_s }).await?;
    Ok((at_secretariat, t.elapsed().as_secs_f64() * 1000.0))
}

/// Waits for a receipt of `id` from each of `from` parties; returns the
/// median and the last receipt's time since `t`, in ms.
async fn all_receipts(
    receipts: &mut tokio::sync::broadcast::Receiver<(MessageId, Party)>,
    id: MessageId,
    from: usize,
    t: Instant,
    what: &str,
) -> Result<(f64, f64)> {
    let mut got = std::collections::BTreeSet::new();
    let mut times = Vec::with_capacity(from);
    while got.len() < from {
        match tokio::time::timeout(Duration::from_secs(120), receipts.recv()).await {
            Err(_) => bail!("{what}: {} of {from} receipts after 120 s", got.len()),
            Ok(Ok((m, party))) if m == id => {
                if got.insert(party) {
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => bail!("{what}: the receipts were missed ({e})"),
        }
    }
    Ok((percentile(&times, 0.5), times.last().copied().unwrap_or(0.0)))
}

/// The meeting cycle of `dief bench --federation`: a meeting scheduled,
/// its invitation, 40 intents (or one per State in a smaller federation),
/// every delegation, the draft agenda and its adoption.
async fn meeting_cycle(spread: &mut Spread, states: &[StateCode], say: &impl Fn(String)) -> Result<MeetingFigures> {
    use dief_node::meetings::{AgendaDraft, MeetingDraft};
    use dief_protocol::meeting::MeetingKind;
    use dief_protocol::Date;

    let sec = spread.fed.node(Party::Secretariat)?.clone();
    let now = Date::from_unix_ms(spread.fed.clock().now_ms());
    let first_day = now.add_days(120);
    let m = sec
        .schedule_meeting(MeetingDraft {
            id: None,
            kind: MeetingKind::Csp,
            title: "DIEF meeting (bench)".into(),
            first_day,
            last_day: first_day.add_days(1),
            venue: "Geneva".into(),
            call_for_submissions: "States are invited to submit cases of suspected or detected diversion.".into(),
            language: "en".into(),
        })
        .await?;
    let id = m.meeting.id;
    let members = states.len();

    let mut receipts = sec.subscribe_receipts();
    let t = Instant::now();
    let inv = sec.invite(id).await?;
    let (invitation_p50, invitation_ms) =
        all_receipts(&mut receipts, inv.message_id, members, t, "the invitation").await?;
    say(format!(
        "meeting: the invitation to {members} States:     {invitation_ms:.0} ms until every receipt ({invitation_p50:.0} ms for half)"
    ));

    let presenters = &states[..states.len().min(40)];
    let t = Instant::now();
    let mine: Vec<StateCode> = presenters.iter().filter(|s| spread.here.contains(s)).copied().collect();
    tokio::try_join!(
        announce_intents(&spread.fed, &mine, id),
        tell(&mut spread.workers, |w| Order::Intents {
            meeting: id,
            states: presenters.iter().filter(|s| w.states.contains(s)).copied().collect(),
        })
    )?;
    if !wait_until(Duration::from_secs(120), || sec.intents().is_ok_and(|v| v.len() >= presenters.len())).await {
        bail!("the {} intents did not reach the Secretariat within 120 s", presenters.len());
    }
    let intents_ms = t.elapsed().as_secs_f64() * 1000.0;
    say(format!(
        "meeting: {} intents at once:                  {intents_ms:.0} ms until the Secretariat holds all",
        presenters.len()
    ));

    // Twice, as the case above: the first registrations also open a
    // connection between every two States (the full mesh, 18,336
    // connections at 193); the revisions find them open.
    let (reg_sec_ms, registrations_ms) = registrations(spread, states, id, 1).await?;
    say(format!(
        "meeting: {members} delegations, each to all:   {registrations_ms:.0} ms until every node holds every one, {reg_sec_ms:.0} ms until the Secretariat does ({} envelopes; connecting)",
        members * members
    ));
    let (rev_sec_ms, revisions_ms) = registrations(spread, states, id, 2).await?;
    say(format!(
        "meeting: {members} revised delegations:        {revisions_ms:.0} ms until every node holds every one, {rev_sec_ms:.0} ms until the Secretariat does (connected)"
    ));

    let mut receipts = sec.subscribe_receipts();
    let t = Instant::now();
    let agenda = sec.circulate_agenda(id, AgendaDraft::default()).await?;
    let (agenda_p50, agenda_ms) =
        all_receipts(&mut receipts, agenda.message_id, members, t, "the draft agenda").await?;
    let t = Instant::now();
    let adoption = sec.adopt_agenda(id).await?;
    let (_, adoption_ms) = all_receipts(&mut receipts, adoption.message_id, members, t, "the adoption").await?;
    say(format!(
        "meeting: the draft agenda to every State:     {agenda_ms:.0} ms ({agenda_p50:.0} ms for half); its adoption {adoption_ms:.0} ms"
    ));
    Ok(MeetingFigures {
        invitation_to_all_ms: invitation_ms,
        invitation_p50_ms: invitation_p50,
        intents: presenters.len(),
        intents_ms,
        registrations: members,
        registrations_ms,
        registrations_secretariat_ms: reg_sec_ms,
        revisions_ms,
        revisions_secretariat_ms: rev_sec_ms,
        agenda_to_all_ms: agenda_ms,
        agenda_p50_ms: agenda_p50,
        adoption_to_all_ms: adoption_ms,
    })
}

/// The federation under measure: the Secretariat and the first States in
/// this process, the other States in worker processes.
struct Spread {
    fed: LocalFederation,
    /// The States running in this process.
    here: Vec<StateCode>,
    workers: Vec<Worker>,
}

impl Spread {
    /// Starts `states` over `processes` processes and forms the roster:
    /// each State imports the Secretariat's first roster and asks to join,
    /// the Secretariat admits all of them at once, and every node, here or
    /// in a worker, holds the roster that lists them all.
    async fn start(states: &[StateCode], processes: usize, quic: bool) -> Result<Spread> {
        let per = states.len().div_ceil(processes.max(1)).max(1);
        let mut groups = states.chunks(per);
        let here = groups.next().unwrap_or_default().to_vec();
        let (fed, mut requests) = LocalFederation::start_unadmitted(&state_parties(&here), quic).await?;
        let sec = fed.node(Party::Secretariat)?.clone();
        let pin = sec.roster_key_fingerprint().context("the Secretariat has no roster key")?;
        let genesis = Box::new(sec.signed_roster().context("the Secretariat has no roster")?);
        let mut spread = Spread { fed, here, workers: Vec::new() };
        // One worker after another: each draws its nodes' ports once the
        // nodes started before it have bound theirs.
        for group in groups {
            let mut worker = Worker::spawn(group.to_vec())?;
            let order = Order::Start { states: group.to_vec(), pin: pin.clone(), genesis: genesis.clone(), quic };
            match worker.ask(&order).await? {
                Answer::Started { requests: theirs } => requests.extend(theirs),
                other => bail!("a worker answered `start` with {other:?}"),
            }
            spread.workers.push(worker);
        }
        let sequence = spread.fed.admit_all(&requests).await?;
        let timeout_s = 20 + u64::try_from(states.len()).unwrap_or(u64::MAX) / 5;
        spread.tell_workers(|_| Order::WaitRoster { sequence, timeout_s }).await?;
        Ok(spread)
    }

    async fn tell_workers(&mut self, order: impl Fn(&Worker) -> Order) -> Result<Vec<Answer>> {
        tell(&mut self.workers, order).await
    }

    /// Each process's resident memory in MiB and open descriptors, this
    /// one first.
    async fn idle(&mut self, own_rss: &mut OwnRss) -> Result<Vec<(Option<f64>, Option<usize>)>> {
        let here = (own_rss.read().ok(), std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count()));
        let mut all = vec![here];
        for answer in self.tell_workers(|_| Order::Idle).await? {
            match answer {
                Answer::Idle { rss_mib, open_fds } => all.push((rss_mib, open_fds)),
                other => bail!("a worker answered `idle` with {other:?}"),
            }
        }
        Ok(all)
    }

    async fn shutdown(self) -> Result<()> {
        for worker in self.workers {
            worker.stop().await?;
        }
        self.fed.shutdown().await;
        Ok(())
    }
}

/// Over TCP, node i holds one connection, so one descriptor, to each of the
/// other N-1 nodes, and about 30 more of its own (store files, listeners,
/// polls). Enough processes that each holds its nodes' share within 60% of
/// its limit; QUIC carries every connection of a node on one socket.
fn processes_for(nodes: usize, quic: bool) -> usize {
    if quic {
        return 1;
    }
    let limit = open_files_limit().unwrap_or(1024);
    let per_node = nodes.saturating_sub(1) + 30;
    let fit = (limit * 6 / 10 / per_node).max(1);
    nodes.div_ceil(fit).max(1)
}

/// This process's soft limit on open files, from /proc/self/limits.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Sends each worker its order (`order` of that worker) at once and waits
/// for every answer.
async fn tell(workers: &mut [Worker], order: impl Fn(&Worker) -> Order) -> Result<Vec<Answer>> {
    let asks = workers.iter_mut().map(|w| {
        let o = order(w);
        async move { w.ask(&o).await }
    });
    futures::future::try_join_all(asks).await
}
