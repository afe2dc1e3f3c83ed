//! An embedded federation: the Secretariat and some States, each a real
//! node with its own temporary encrypted store, talking libp2p on loopback.
//! `dief demo` narrates one, `dief bench` measures one, the tests break one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dief_protocol::reason::Reason;
use dief_protocol::roster::{MemberStatus, SignedJoinRequest, SignedRoster};
use dief_protocol::{Party, StateCode};

use crate::core::clock::Clock;
use crate::core::config::NodeConfig;
use crate::core::error::{NodeError, NodeResult};
use crate::core::node::{InitOptions, InitReport, Node};
use crate::core::store::Unlock;

#[derive(Debug)]
struct Slot {
    dir: PathBuf,
    node: Option<Node>,
}

/// A running local federation. Dropping it without `shutdown` leaves the
/// temporary directories to be removed with the `TempDir`.
#[derive(Debug)]
pub struct LocalFederation {
    root: tempfile::TempDir,
    unlock: Unlock,
    clock: Clock,
    slots: BTreeMap<Party, Slot>,
    /// Ports given to this federation's nodes: a port free now may be
    /// handed out again before its node binds it (a hundred nodes drew the
    /// same port about one time in six).
    ports: std::collections::BTreeSet<u16>,
    /// Nodes listen on QUIC only (see [`LocalFederation::start_over_quic`]).
    quic_only: bool,
}

/// Every one of `states` as a State Party.
pub fn state_parties(states: &[StateCode]) -> Vec<(StateCode, MemberStatus)> {
    states.iter().map(|s| (*s, MemberStatus::StateParty)).collect()
}

/// A TCP and UDP port free on loopback right now.
pub fn free_port() -> NodeResult<u16> {
    for _ in 0..50 {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0")?;
        let port = tcp.local_addr()?.port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    Err(NodeError::Internal("no free loopback port found".into()))
}

/// Polls `cond` every 20 ms until it holds or `timeout` passes.
pub async fn wait_until(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if cond() {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl LocalFederation {
    /// Initialises and starts the Secretariat and `states`, then builds the
    /// roster the way real States would: each imports the Secretariat's
    /// first roster (checked against the pinned fingerprint) and sends its
    /// join request; the Secretariat admits them together
    /// ([`Node::admit_all`]) and each receives the new roster.
    pub async fn start(states: &[StateCode]) -> NodeResult<Self> {
        Self::start_with(&state_parties(states)).await
    }

    /// As [`LocalFederation::start`], with each State's membership status
    /// (a Signatory may not object to an expert, ToR-8).
    pub async fn start_with(members: &[(StateCode, MemberStatus)]) -> NodeResult<Self> {
        Self::start_inner(members, false).await
    }

    /// As [`LocalFederation::start`], every node listening on QUIC only.
    /// Over TCP each connection costs a descriptor at both ends, and all
    /// ends are in this process: the full mesh of 193 nodes needs 37,056,
    /// past the 20,000 a process may hold here, so connections beyond it
    /// fail and are retried. A QUIC endpoint carries all its connections
    /// on one UDP socket (`dief bench --federation N --quic`).
    pub async fn start_over_quic(states: &[StateCode]) -> NodeResult<Self> {
        Self::start_inner(&state_parties(states), true).await
    }

    async fn start_inner(members: &[(StateCode, MemberStatus)], quic_only: bool) -> NodeResult<Self> {
        let (fed, requests) = Self::start_unadmitted(members, quic_only).await?;
        fed.admit_all(&requests).await?;
        Ok(fed)
    }

    /// The Secretariat and `members` initialised and started, each State
    /// holding the Secretariat's first roster but not yet admitted; returns
    /// their join requests. A federation spread over several processes
    /// admits these together with the requests of the States each other
    /// process started ([`LocalFederation::start_states`]).
    pub async fn start_unadmitted(
        members: &[(StateCode, MemberStatus)],
        quic_only: bool,
    ) -> NodeResult<(Self, Vec<SignedJoinRequest>)> {
        let mut fed = Self::empty(quic_only)?;
        let sec_report = fed.init_node(Party::Secretariat, None, None)?;
        let pin = sec_report.roster_key_fingerprint.clone().ok_or(NodeError::NoRoster)?;
        let sec = fed.start_node(Party::Secretariat).await?;
        let genesis = sec.signed_roster().ok_or(NodeError::NoRoster)?;
        let requests = fed.add_unadmitted(members, &pin, &genesis).await?;
        Ok((fed, requests))
    }

    /// States whose Secretariat runs in another process, started from its
    /// first roster `genesis` (checked against `pin`, as a State checks the
    /// fingerprint it was given); returns their join requests for that
    /// Secretariat. Each process has its own descriptor limit: the full
    /// TCP mesh of 193 nodes does not fit in one (see
    /// [`LocalFederation::start_over_quic`]), spread over four it does.
    pub async fn start_states(
        members: &[(StateCode, MemberStatus)],
        pin: &str,
        genesis: &SignedRoster,
        quic_only: bool,
    ) -> NodeResult<(Self, Vec<SignedJoinRequest>)> {
        let mut fed = Self::empty(quic_only)?;
        let requests = fed.add_unadmitted(members, pin, genesis).await?;
        Ok((fed, requests))
    }

    /// Secretariat: admits every State of `requests` in one roster version,
    /// as a Secretariat admits the States that asked since its last session
    /// (each member receives one roster, not one per admission: quadratic
    /// at 193), and waits until every node of this federation holds it.
    /// Returns that roster's sequence, for the nodes running elsewhere.
    pub async fn admit_all(&self, requests: &[SignedJoinRequest]) -> NodeResult<u64> {
        let sec = self.node(Party::Secretariat)?;
        sec.admit_all(requests).await?;
        let want = sec.roster().map(|r| r.sequence).unwrap_or(0);
        let wait =
            Duration::from_secs(20) + Duration::from_millis(200) * u32::try_from(requests.len()).unwrap_or(u32::MAX);
        self.wait_roster(want, wait).await?;
        Ok(want)
    }

    /// A federation with no node yet: its temporary directory and the key
    /// file every node's store is sealed with.
    fn empty(quic_only: bool) -> NodeResult<Self> {
        let root = tempfile::Builder::new().prefix("dief-fed-").tempdir()?;
        let key_path = root.path().join("node.key");
        let mut key = [0u8; 32];
        dief_protocol::keys::random_bytes(&mut key)
            .map_err(|e| NodeError::Internal(format!("no random bytes for the key file: {e}")))?;
        crate::core::config::write_private(&key_path, hex::encode(key).as_bytes())?;
        Ok(LocalFederation {
            root,
            unlock: Unlock::KeyFile(key_path),
            clock: Clock::system(),
            slots: BTreeMap::new(),
            ports: Default::default(),
            quic_only,
        })
    }

    /// Initialises and starts `members`, each importing `genesis` the way a
    /// real State would; returns their join requests.
    async fn add_unadmitted(
        &mut self,
        members: &[(StateCode, MemberStatus)],
        pin: &str,
        genesis: &SignedRoster,
    ) -> NodeResult<Vec<SignedJoinRequest>> {
        for (s, status) in members {
            self.init_node(Party::State(*s), Some(*status), Some(pin.to_owned()))?;
        }
        let mut requests = Vec::with_capacity(members.len());
        for (s, _) in members {
            let node = self.start_node(Party::State(*s)).await?;
            node.import_roster(genesis)?;
            requests.push(node.join_request()?);
        }
        Ok(requests)
    }

    /// Admits a new State Party to the running federation, the way a State
    /// joining later would: it imports the Secretariat's current roster
    /// (checked against the pinned fingerprint) and sends its join request;
    /// the Secretariat admits it, which also sends it the current directory
    /// and calendar (`Node::catch_up`). Returns once every node holds the
    /// roster that lists it.
    pub async fn add_state(&mut self, state: StateCode) -> NodeResult<Node> {
        let party = Party::State(state);
        if self.slots.contains_key(&party) {
            return Err(NodeError::Refused(Reason::new("refusal-federation-already-in").text("state", state)));
        }
        let sec = self.node(Party::Secretariat)?.clone();
        let pin = sec.roster_key_fingerprint().ok_or(NodeError::NoRoster)?;
        self.init_node(party, Some(MemberStatus::StateParty), Some(pin))?;
        let node = self.start_node(party).await?;
        let current = sec.signed_roster().ok_or(NodeError::NoRoster)?;
        node.import_roster(&current)?;
        let change = sec.admit(&node.join_request()?).await?;
        self.wait_roster(change.roster().sequence, Duration::from_secs(20)).await?;
        Ok(node)
    }

    fn init_node(&mut self, party: Party, status: Option<MemberStatus>, pin: Option<String>) -> NodeResult<InitReport> {
        let dir = self.root.path().join(party.to_string().to_lowercase());
        let mut port = free_port()?;
        while !self.ports.insert(port) {
            port = free_port()?;
        }
        let report = Node::init(
            &dir,
            &self.unlock,
            InitOptions {
                party,
                status,
                listen: if self.quic_only {
                    vec![format!("/ip4/127.0.0.1/udp/{port}/quic-v1")]
                } else {
                    vec![format!("/ip4/127.0.0.1/tcp/{port}"), format!("/ip4/127.0.0.1/udp/{port}/quic-v1")]
                },
                announce: Vec::new(),
                api: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                roster_key_fingerprint: pin,
            },
        )?;
        // Every node here connects from 127.0.0.1: to each other they are
        // one host, which the cap per address would hold to 8 of the 64
        // pending handshakes (at 193 nodes, deliveries waited out backoffs
        // of refused connections for minutes).
        let mut config = NodeConfig::load_file(&dir)?;
        config.handshakes_per_address = crate::core::config::PENDING_HANDSHAKES;
        config.save(&dir)?;
        self.slots.insert(party, Slot { dir, node: None });
        Ok(report)
    }

    /// Waits until every running node of this federation holds roster
    /// `sequence` or a later one.
    pub async fn wait_roster(&self, sequence: u64, timeout: Duration) -> NodeResult<()> {
        let ok =
            wait_until(timeout, || self.nodes().all(|(_, n)| n.roster().is_some_and(|r| r.sequence >= sequence))).await;
        if ok {
            Ok(())
        } else {
            Err(NodeError::Internal(format!("the roster did not reach every node within {timeout:?}")))
        }
    }

    /// Every running node of this federation, by party.
    pub fn nodes(&self) -> impl Iterator<Item = (Party, &Node)> {
        self.slots.iter().filter_map(|(p, s)| s.node.as_ref().map(|n| (*p, n)))
    }

    pub fn node(&self, party: Party) -> NodeResult<&Node> {
        self.slots
            .get(&party)
            .and_then(|s| s.node.as_ref())
            .ok_or_else(|| NodeError::NotFound { what: "running node", id: party.to_string() })
    }

    /// The node of State `s`.
    pub fn state(&self, s: StateCode) -> NodeResult<&Node> {
        self.node(Party::State(s))
    }

    pub fn dir(&self, party: Party) -> Option<&Path> {
        self.slots.get(&party).map(|s| s.dir.as_path())
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub fn unlock(&self) -> &Unlock {
        &self.unlock
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn is_running(&self, party: Party) -> bool {
        self.slots.get(&party).is_some_and(|s| s.node.is_some())
    }

    /// Stops one node; its store stays on disk.
    pub async fn stop(&mut self, party: Party) -> NodeResult<()> {
        let slot =
            self.slots.get_mut(&party).ok_or_else(|| NodeError::NotFound { what: "node", id: party.to_string() })?;
        if let Some(node) = slot.node.take() {
            node.shutdown().await;
        }
        Ok(())
    }

    /// Points a stopped node at another directory, e.g. one restored from
    /// a backup with `Node::restore`; `start_node` starts it from there.
    pub fn set_dir(&mut self, party: Party, dir: PathBuf) -> NodeResult<()> {
        let slot =
            self.slots.get_mut(&party).ok_or_else(|| NodeError::NotFound { what: "node", id: party.to_string() })?;
        if slot.node.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-federation-node-running").text("party", party)));
        }
        slot.dir = dir;
        Ok(())
    }

    /// Starts a stopped node again from its store.
    pub async fn start_node(&mut self, party: Party) -> NodeResult<Node> {
        let slot =
            self.slots.get_mut(&party).ok_or_else(|| NodeError::NotFound { what: "node", id: party.to_string() })?;
        if let Some(n) = &slot.node {
            return Ok(n.clone());
        }
        let node = Node::start(&slot.dir, &self.unlock, self.clock.clone()).await?;
        slot.node = Some(node.clone());
        Ok(node)
    }

    pub async fn shutdown(mut self) {
        let parties: Vec<Party> = self.slots.keys().copied().collect();
        for p in parties {
            let _ = self.stop(p).await;
        }
    }
}

/// `len` bytes that differ from run to run (xorshift seeded from the
/// clock): a file no compression or deduplication makes cheap, for the
/// upload tests.
pub fn noise_bytes(len: usize) -> Vec<u8> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos());
    let mut x = (nanos as u64) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Writes `mib` MiB of pseudo-random bytes (xorshift: nothing compresses or
/// repeats, as in a video or a scan) to `path`, 1 MiB at a time, and
/// returns their SHA-256 in hex: the large evidence file of the attachment
/// tests and `dief bench --attachment`.
pub fn write_noise_file(path: &Path, mib: usize) -> std::io::Result<String> {
    use std::io::Write;
    const MIB: usize = 1024 * 1024;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hash = dief_protocol::case::stream::Sha256Stream::default();
    let mut buf = vec![0u8; MIB];
    for _ in 0..mib {
        for word in buf.chunks_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            word.copy_from_slice(&x.to_le_bytes());
        }
        hash.update(&buf);
        f.write_all(&buf)?;
    }
    f.flush()?;
    Ok(hex::encode(hash.finish()))
}
