//! The harness of the Docker fault tests: a federation of `dief:dev`
//! containers with its own network, volumes and names, the faults
//! (kill, pause, disconnect, stop) and the Jepsen-style tally.
//!
//! Everything a test creates carries the label `dief.test=<cluster name>`
//! and is removed by label when the [`Cluster`] drops, so a failing
//! assertion (a panic) still cleans up. Every `docker` call has a timeout.
//! Docker must be there: a missing daemon or image fails the test.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The tests share two cores: one federation at a time.
static SERIAL: Mutex<()> = Mutex::new(());
static NEXT: AtomicU32 = AtomicU32::new(0);

/// Held for the whole of a test (a failed test poisons the lock; the next
/// one still runs).
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

pub const PASSPHRASE: &str = "dief docker fault tests";
const DOCKER_TIMEOUT: Duration = Duration::from_secs(120);
/// Host part of the Secretariat's address; States follow it.
const FIRST_HOST: u8 = 10;

pub fn image() -> String {
    std::env::var("DIEF_IMAGE").unwrap_or_else(|_| "dief:dev".to_string())
}

/// A `docker` command still running, e.g. a `dief load` during a fault.
/// Its output is drained by reader threads from the start, so a chatty
/// command never blocks on a full pipe.
#[derive(Debug)]
pub struct Running {
    what: String,
    child: Child,
    started: Instant,
    stdout: Option<JoinHandle<Vec<u8>>>,
    stderr: Option<JoinHandle<Vec<u8>>>,
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> Option<JoinHandle<Vec<u8>>> {
    pipe.map(|mut p| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = p.read_to_end(&mut buf);
            buf
        })
    })
}

impl Running {
    /// Waits for it (bounded: killed and the test failed after `timeout`
    /// from its start) and returns its output.
    pub fn wait(mut self, timeout: Duration) -> Output {
        let deadline = self.started + timeout;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                Ok(None) => {
                    let _ = self.child.kill();
                    panic!("`{}` did not finish within {timeout:?}", self.what);
                }
                Err(e) => panic!("waiting for `{}`: {e}", self.what),
            }
        };
        let join = |h: Option<JoinHandle<Vec<u8>>>| h.and_then(|h| h.join().ok()).unwrap_or_default();
        Output { status, stdout: join(self.stdout.take()), stderr: join(self.stderr.take()) }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Starts `docker args`; a missing docker binary fails the test.
pub fn spawn_docker(args: &[&str]) -> Running {
    let mut child = Command::new("docker")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run docker ({e}): the Docker fault tests need Docker Engine"));
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    Running { what: format!("docker {}", args.join(" ")), child, started: Instant::now(), stdout, stderr }
}

/// Runs `docker args` to completion within `timeout`.
pub fn docker_with(args: &[&str], timeout: Duration) -> Output {
    spawn_docker(args).wait(timeout)
}

pub fn docker(args: &[&str]) -> Output {
    docker_with(args, DOCKER_TIMEOUT)
}

/// Runs `docker args` and fails the test unless it succeeds.
pub fn docker_ok(args: &[&str]) -> String {
    let out = docker(args);
    assert!(
        out.status.success(),
        "docker {} failed ({}): {}{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn parse_json(what: &str, out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// Polls `f` every `every` until it holds or `timeout` passes.
pub fn wait_for(timeout: Duration, every: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(every);
    }
}

/// One node of a cluster: its container and its address.
#[derive(Debug, Clone)]
pub struct Member {
    pub container: String,
    pub ip: String,
}

/// A federation of containers, removed with everything it made on drop.
#[derive(Debug)]
pub struct Cluster {
    pub name: String,
    pub network: String,
    subnet: String,
    members: BTreeMap<String, Member>,
    /// Addresses handed out so far, by node: fixed before a node's first
    /// start because its roster entry names it.
    ips: BTreeMap<String, String>,
    pub started: Instant,
}

impl Cluster {
    /// An empty cluster: a private network and the exchange volume.
    pub fn new(test: &str) -> Cluster {
        let info = docker(&["info", "--format", "{{.ServerVersion}}"]);
        assert!(info.status.success(), "the Docker daemon is not reachable: {}", String::from_utf8_lossy(&info.stderr));
        let image = image();
        let inspect = docker(&["image", "inspect", "--format", "{{.Id}}", &image]);
        assert!(inspect.status.success(), "image {image} is missing: build it with docker/build.sh");
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("dieft-{}-{n}-{test}", std::process::id());
        let network = format!("{name}-net");
        let mut cluster = Cluster {
            name,
            network,
            subnet: String::new(),
            members: BTreeMap::new(),
            ips: BTreeMap::new(),
            started: Instant::now(),
        };
        cluster.create_network();
        cluster.volume("exchange");
        cluster
    }

    fn label(&self) -> String {
        format!("dief.test={}", self.name)
    }

    /// A /24 no other network uses: tries a few, starting from one that
    /// depends on the process and cluster, so two runs rarely collide.
    fn create_network(&mut self) {
        let label = self.label();
        let seed = (std::process::id() as usize).wrapping_mul(7) + NEXT.load(Ordering::Relaxed) as usize * 13;
        for i in 0..40 {
            let third = (seed + i * 17) % 250 + 1;
            let subnet = format!("172.29.{third}");
            let cidr = format!("{subnet}.0/24");
            let out = docker(&[
                "network",
                "create",
                "--driver",
                "bridge",
                "--internal",
                "--subnet",
                &cidr,
                "--label",
                &label,
                &self.network,
            ]);
            if out.status.success() {
                self.subnet = subnet;
                return;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("overlap"), "docker network create failed: {err}");
        }
        panic!("no free 172.29.x.0/24 subnet for {}", self.network);
    }

    fn volume(&self, what: &str) -> String {
        let name = format!("{}-{what}", self.name);
        docker_ok(&["volume", "create", "--label", &self.label(), &name]);
        name
    }

    pub fn member(&self, node: &str) -> &Member {
        self.members.get(node).unwrap_or_else(|| panic!("no node {node} in {}", self.name))
    }

    pub fn container(&self, node: &str) -> String {
        self.member(node).container.clone()
    }

    /// The fixed address of `node` in this cluster's subnet.
    pub fn ip(&mut self, node: &str) -> String {
        let next = FIRST_HOST + u8::try_from(self.ips.len()).unwrap_or(200);
        let subnet = self.subnet.clone();
        self.ips.entry(node.to_string()).or_insert_with(|| format!("{subnet}.{next}")).clone()
    }

    /// The state volume of `node`, created on first use.
    fn data_volume(&self, node: &str) -> String {
        let name = format!("{}-{}", self.name, node.to_lowercase());
        let exists = docker(&["volume", "inspect", &name]).status.success();
        if !exists {
            self.volume(&node.to_lowercase());
        }
        name
    }

    /// `docker run` arguments common to every container of `node`:
    /// `{ip}` in `args` is replaced by the node's address.
    fn run_args(&mut self, node: &str, detach: bool, args: &[&str]) -> (Vec<String>, Member) {
        let ip = self.ip(node);
        let container = format!("{}-{}", self.name, node.to_lowercase());
        let data = self.data_volume(node);
        let mut cmd: Vec<String> = vec!["run".into()];
        if detach {
            cmd.extend(["-d".into(), "--name".into(), container.clone()]);
            cmd.extend(["--network".into(), self.network.clone(), "--ip".into(), ip.clone()]);
            cmd.extend(["--stop-timeout".into(), "10".into()]);
        } else {
            cmd.extend(["--rm".into(), "--network".into(), "none".into()]);
        }
        cmd.extend(["--label".into(), self.label()]);
        cmd.extend(["-v".into(), format!("{data}:/data")]);
        cmd.extend(["-v".into(), format!("{}-exchange:/exchange", self.name)]);
        cmd.extend(["-e".into(), format!("DIEF_PASSPHRASE={PASSPHRASE}")]);
        cmd.push(image());
        cmd.extend(args.iter().map(|a| a.replace("{ip}", &ip)));
        (cmd, Member { container, ip })
    }

    /// Starts a node container running `dief <args>` with its own state
    /// volume; `node` is a short name (SEC, FRA, ...).
    pub fn run(&mut self, node: &str, args: &[&str]) -> Member {
        let (cmd, m) = self.run_args(node, true, args);
        let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
        docker_ok(&refs);
        self.members.insert(node.to_string(), m.clone());
        m
    }

    /// Runs `dief <args>` once, off the network, on `node`'s state volume
    /// (e.g. `init` before `run`); must succeed.
    pub fn once(&mut self, node: &str, args: &[&str]) -> String {
        let (cmd, _) = self.run_args(node, false, args);
        let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
        docker_ok(&refs)
    }

    fn announce() -> &'static str {
        "/ip4/{ip}/tcp/4100,/ip4/{ip}/udp/4100/quic-v1"
    }

    /// The Secretariat and `states`, with the roster formed by `dief up`
    /// through the exchange volume; returns once every State holds a
    /// roster listing them all.
    pub fn federation(test: &str, states: &[&str]) -> Cluster {
        let mut c = Cluster::new(test);
        let admit = states.join(",");
        c.run("SEC", &["up", "--secretariat", "--admit", &admit, "--announce", Self::announce()]);
        for s in states {
            c.run(s, &["up", "--state", s, "--announce", Self::announce(), "--wait", "120"]);
        }
        let ready = wait_for(Duration::from_secs(120), Duration::from_millis(500), || {
            states.iter().all(|s| {
                let out = c.exec(s, &["--json", "roster", "show"]);
                out.status.success()
                    && serde_json::from_slice::<Value>(&out.stdout).is_ok_and(|v| {
                        let held: HashSet<&str> = v["members"]
                            .as_array()
                            .map(|a| a.iter().filter_map(|m| m["state"].as_str()).collect())
                            .unwrap_or_default();
                        states.iter().all(|x| held.contains(x))
                    })
            })
        });
        if !ready {
            c.dump_logs();
            panic!("{test}: the roster did not reach every State within 120 s");
        }
        println!(
            "{test}: federation of SEC + {} ready in {:.1} s",
            states.join(", "),
            c.started.elapsed().as_secs_f64()
        );
        c
    }

    /// `docker exec <node> dief <args>`.
    pub fn exec(&self, node: &str, args: &[&str]) -> Output {
        let container = self.container(node);
        let mut cmd = vec!["exec", container.as_str(), "dief"];
        cmd.extend_from_slice(args);
        docker(&cmd)
    }

    pub fn spawn_exec(&self, node: &str, args: &[&str]) -> Running {
        let container = self.container(node);
        let mut cmd = vec!["exec", container.as_str(), "dief"];
        cmd.extend_from_slice(args);
        spawn_docker(&cmd)
    }

    /// `dief --json <args>` on `node`, which must succeed.
    pub fn json(&self, node: &str, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        parse_json(&format!("dief {} on {node}", args.join(" ")), &self.exec(node, &a))
    }

    /// Waits until `node` answers its local API again (after a restart).
    pub fn wait_healthy(&self, node: &str, timeout: Duration) {
        let ok = wait_for(timeout, Duration::from_millis(250), || self.exec(node, &["health"]).status.success());
        if !ok {
            self.dump_logs();
            panic!("{node} did not come back within {timeout:?}");
        }
    }

    pub fn kill(&self, node: &str) {
        docker_ok(&["kill", "--signal", "KILL", &self.container(node)]);
        // `docker kill` returns when the signal is sent; wait for the exit.
        docker_ok(&["wait", &self.container(node)]);
    }

    pub fn start(&self, node: &str) {
        docker_ok(&["start", &self.container(node)]);
    }

    pub fn stop(&self, node: &str) {
        docker_ok(&["stop", &self.container(node)]);
    }

    pub fn pause(&self, node: &str) {
        // The cgroup freezer can time out while the node is mid-write
        // ("OCI runtime pause failed: unable to freeze"); runc then leaves
        // the container running, so a bounded retry is safe.
        let name = self.container(node);
        for attempt in 1..=5 {
            let out = docker(&["pause", &name]);
            if out.status.success() {
                return;
            }
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(err.contains("unable to freeze") && attempt < 5, "docker pause {name} failed: {err}");
            eprintln!("docker pause {name}: freezer timed out (attempt {attempt}), retrying");
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    pub fn unpause(&self, node: &str) {
        docker_ok(&["unpause", &self.container(node)]);
    }

    pub fn disconnect(&self, node: &str) {
        docker_ok(&["network", "disconnect", &self.network, &self.container(node)]);
    }

    /// Reconnects with the same address: peers know it from the roster.
    pub fn connect(&self, node: &str) {
        let m = self.member(node);
        docker_ok(&["network", "connect", "--ip", &m.ip, &self.network, &m.container]);
    }

    /// The last lines of every container's log, for a failure's diagnosis.
    pub fn dump_logs(&self) {
        for (node, m) in &self.members {
            let out = docker(&["logs", "--tail", "40", &m.container]);
            eprintln!(
                "----- {node} ({}) -----\n{}{}",
                m.container,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    fn cleanup(&self) {
        let filter = format!("label={}", self.label());
        let list = |args: &[&str]| -> Vec<String> {
            String::from_utf8_lossy(&docker(args).stdout)
                .lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect()
        };
        // A paused container cannot be removed until it is thawed.
        for c in list(&["ps", "-q", "--filter", &filter, "--filter", "status=paused"]) {
            let _ = docker(&["unpause", &c]);
        }
        let containers = list(&["ps", "-aq", "--filter", &filter]);
        if !containers.is_empty() {
            let mut args = vec!["rm", "-f", "-v"];
            args.extend(containers.iter().map(String::as_str));
            let _ = docker(&args);
        }
        for n in list(&["network", "ls", "-q", "--filter", &filter]) {
            let _ = docker(&["network", "rm", &n]);
        }
        let volumes = list(&["volume", "ls", "-q", "--filter", &filter]);
        if !volumes.is_empty() {
            let mut args = vec!["volume", "rm", "-f"];
            args.extend(volumes.iter().map(String::as_str));
            let _ = docker(&args);
        }
        let left = list(&["ps", "-aq", "--filter", &filter]).len()
            + list(&["network", "ls", "-q", "--filter", &filter]).len()
            + list(&["volume", "ls", "-q", "--filter", &filter]).len();
        if left > 0 {
            eprintln!("warning: {left} Docker object(s) labelled {} could not be removed", self.label());
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.dump_logs();
        }
        self.cleanup();
    }
}

/// One case a `dief load` run queued: its title and message id.
#[derive(Debug, Clone)]
pub struct Sent {
    pub title: String,
    pub case_id: String,
    pub message_id: String,
}

/// Parses the JSON report of `dief load`, which must have succeeded.
pub fn load_report(what: &str, out: &Output) -> Vec<Sent> {
    let v = parse_json(what, out);
    v["shared"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some(Sent {
                        title: s["title"].as_str()?.to_string(),
                        case_id: s["case_id"].as_str()?.to_string(),
                        message_id: s["message_id"].as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Jepsen-style counts over (envelope, recipient) pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Deliveries the sender's node accepted (envelopes × recipients).
    pub attempted: usize,
    /// Deliveries the sender holds a signed receipt for.
    pub acknowledged: usize,
    /// Distinct titles found in the recipients' inboxes.
    pub delivered: usize,
    pub lost: usize,
    /// Inbox entries beyond the first for one title at one recipient.
    pub duplicated: usize,
    /// Titles with the run's tag that the sender never queued.
    pub unexpected: usize,
}

impl Tally {
    pub fn print(&self, test: &str) {
        println!(
            "{test}: attempted={} acknowledged={} delivered={} lost={} duplicated={} unexpected={}",
            self.attempted, self.acknowledged, self.delivered, self.lost, self.duplicated, self.unexpected
        );
    }

    pub fn complete(&self) -> bool {
        self.acknowledged == self.attempted && self.delivered == self.attempted
    }

    /// The figures every fault test requires.
    pub fn assert_exactly_once(&self, test: &str) {
        assert_eq!(self.lost, 0, "{test}: envelopes lost: {self:?}");
        assert_eq!(self.duplicated, 0, "{test}: envelopes duplicated: {self:?}");
        assert_eq!(self.unexpected, 0, "{test}: envelopes nobody sent: {self:?}");
        assert_eq!(self.delivered, self.attempted, "{test}: {self:?}");
        assert_eq!(self.acknowledged, self.attempted, "{test}: not every delivery was receipted: {self:?}");
    }
}

/// Counts what `sender` queued for `receivers` (`sent`, titles starting
/// with `tag`) against the sender's receipts and what the receivers
/// applied (their audit logs), so a message applied twice is counted twice.
pub fn tally(c: &Cluster, sender: &str, receivers: &[&str], tag: &str, sent: &[Sent]) -> Tally {
    let attempted = sent.len() * receivers.len();
    let ids: HashSet<&str> = sent.iter().map(|s| s.message_id.as_str()).collect();
    let outbox = c.json(sender, &["outbox"]);
    let mut acknowledged = 0;
    for item in outbox.as_array().map(Vec::as_slice).unwrap_or_default() {
        if !item["message_id"].as_str().is_some_and(|id| ids.contains(id)) {
            continue;
        }
        for pair in item["recipients"].as_array().map(Vec::as_slice).unwrap_or_default() {
            let to = pair[0].as_str().unwrap_or("");
            if receivers.contains(&to) && pair[1]["state"] == "delivered" {
                acknowledged += 1;
            }
        }
    }
    let titles: HashSet<&str> = sent.iter().map(|s| s.title.as_str()).collect();
    let (mut delivered, mut duplicated, mut unexpected) = (0, 0, 0);
    for r in receivers {
        // Applies, counted in the receiver's audit log: one `delivered`
        // entry per time an envelope was applied. The inbox is keyed by
        // message id, so a second apply would only overwrite its entry.
        let mut applied: HashMap<String, usize> = HashMap::new();
        for e in audit_log(c, r) {
            let event = &e["event"];
            if event["action"]["type"] != "delivered" || event["action"]["kind"] != "case_share" {
                continue;
            }
            if event["parties"][0] != sender {
                continue;
            }
            if let Some(id) = event["message_id"].as_str().filter(|id| ids.contains(id)) {
                *applied.entry(id.to_string()).or_default() += 1;
            }
        }
        delivered += applied.len();
        duplicated += applied.values().map(|n| n - 1).sum::<usize>();
        // Shares from `sender` with the tag that it never sent.
        for e in c.json(r, &["inbox"]).as_array().map(Vec::as_slice).unwrap_or_default() {
            if e["payload"]["type"] != "case_share" || e["sender"] != sender {
                continue;
            }
            let case = &e["payload"]["case"];
            // The title sits in the record's content (or, in the first
            // record format, on the record itself).
            let Some(title) = case["content"]["title"].as_str().or_else(|| case["title"].as_str()) else { continue };
            if title.starts_with(&format!("{tag} ")) && !titles.contains(title) {
                unexpected += 1;
            }
        }
    }
    Tally { attempted, acknowledged, delivered, lost: attempted.saturating_sub(delivered), duplicated, unexpected }
}

/// Every entry of `node`'s audit log, read a page (the API's most, 10,000)
/// at a time.
fn audit_log(c: &Cluster, node: &str) -> Vec<Value> {
    const PAGE: usize = 10_000;
    let mut all = Vec::new();
    let mut from = 0u64;
    loop {
        let page = c.json(node, &["audit", "show", "--from", &from.to_string(), "--limit", &PAGE.to_string()]);
        let entries = page.as_array().cloned().unwrap_or_default();
        let n = entries.len();
        match entries.last().and_then(|e| e["seq"].as_u64()) {
            Some(last) => from = last + 1,
            None => break,
        }
        all.extend(entries);
        if n < PAGE {
            break;
        }
    }
    all
}

/// `status --json` of `node`, or None while it does not answer.
pub fn status(c: &Cluster, node: &str) -> Option<Value> {
    let out = c.exec(node, &["--json", "status"]);
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

/// Waits (bounded) until the sender's outbox is empty and the tally is
/// complete; returns the last tally and the time it took.
pub fn wait_delivered(
    c: &Cluster,
    sender: &str,
    receivers: &[&str],
    tag: &str,
    sent: &[Sent],
    timeout: Duration,
) -> (Tally, Duration) {
    let began = Instant::now();
    let deadline = began + timeout;
    // Cheap first: the sender's pending count, then the full inbox scan.
    while Instant::now() < deadline {
        if status(c, sender).is_some_and(|s| s["outbox_pending"] == 0) {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    loop {
        let t = tally(c, sender, receivers, tag, sent);
        if t.complete() || Instant::now() >= deadline {
            return (t, began.elapsed());
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Attempts the sender's outbox records for pending deliveries to `to`:
/// message id → attempts. Delivered entries no longer carry a count.
pub fn pending_attempts(c: &Cluster, sender: &str, to: &str) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for item in c.json(sender, &["outbox"]).as_array().map(Vec::as_slice).unwrap_or_default() {
        for pair in item["recipients"].as_array().map(Vec::as_slice).unwrap_or_default() {
            if pair[0] == to && pair[1]["state"] == "pending" {
                let id = item["message_id"].as_str().unwrap_or("").to_string();
                out.insert(id, pair[1]["attempts"].as_u64().unwrap_or(0));
            }
        }
    }
    out
}
