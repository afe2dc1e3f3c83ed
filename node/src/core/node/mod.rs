//! The node: owns the store, keys, roster, network and the delivery tasks,
//! and offers the operations the local API, the CLI demo and the tests use.
//!
//! ```text
//!            Node (cloneable handle, Arc<Inner>)
//!   share/reply ──► seal ──► outbox (store) ──► worker per recipient ──► network
//!   network ──► inbound loop ──► inbox::handle (verify, dedupe, commit, receipt)
//!   network events ──► wake the recipient's worker, offer our roster
//!   roster import ──► store ──► watch ──► roster task ──► network allow-list
//! ```
//!
//! Every task watches one shutdown signal; `shutdown` waits for all of them
//! so the store is closed when it returns and the same directory can be
//! opened again.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use dief_protocol::reason::Reason;
use dief_protocol::roster::{MemberStatus, NodeKeys};
use dief_protocol::{CaseId, MessageId, Party, Roster, SignedRoster, SigningPublicKey};
use serde::{Deserialize, Serialize};
use tokio::sync::{watch, Semaphore};
use tracing::{debug, info, warn};

use crate::core::audit::Audit;
use crate::core::clock::Clock;
use crate::core::config::{self, NodeConfig, STORE_DIR, TOKEN_FILE};
use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::inbox;
use crate::core::keystore::Keys;
use crate::core::network::{self, Inbound, NetEvent, Network, NetworkConfig};
use crate::core::outbox;
use crate::core::records;
use crate::core::roster::{effective, roster_task, stored_anchor, stored_pins, ROSTER_CURRENT, ROSTER_DRAFT};
use crate::core::service::Services;
pub use crate::core::state::BackupStatus;
use crate::core::state::{Inner, RosterState};
use crate::core::store::{Cf, Store, StoreError, Unlock};
use crate::core::wakers::Wakers;

mod attachments;
mod audit_log;
mod backup;
mod delivery;
mod health;
mod membership;
mod monitoring;
mod reports;
mod users;

pub use reports::RestoreReport;

/// Inbound envelopes processed at once.
const INBOUND_CONCURRENCY: usize = 256;

/// What `dief init` needs.
#[derive(Clone, Debug)]
pub struct InitOptions {
    pub party: Party,
    pub status: Option<MemberStatus>,
    pub listen: Vec<String>,
    pub announce: Vec<String>,
    pub api: std::net::SocketAddr,
    /// States: the Secretariat's roster-key fingerprint to pin.
    pub roster_key_fingerprint: Option<String>,
}

/// What `dief init` reports.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InitReport {
    pub party: Party,
    pub peer_id: String,
    pub signing_key_fingerprint: String,
    /// A Secretariat holding its roster key: the fingerprint States pin.
    #[serde(default)]
    pub roster_key_fingerprint: Option<String>,
    pub dir: PathBuf,
}

/// Delivery state of one envelope to one recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    Pending { attempts: u32, last_error: Option<String> },
    Delivered { receipted_at: i64, duplicate: bool },
    SetAside { reason: String, attempts: u32 },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutboxItem {
    pub message_id: MessageId,
    pub kind: dief_protocol::Kind,
    pub case_id: Option<CaseId>,
    pub created_at: i64,
    pub recipients: Vec<(Party, Delivery)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Status {
    pub party: Party,
    pub peer_id: String,
    pub listen: Vec<String>,
    pub roster_sequence: Option<u64>,
    pub members: usize,
    pub connected: usize,
    pub outbox_pending: usize,
    pub inbox: usize,
    /// Deliveries set aside (a recipient refused them for good).
    #[serde(default)]
    pub set_aside: usize,
    /// What needs an operator, one line each; empty when all is well.
    #[serde(default)]
    pub attention: Vec<String>,
    /// The last backup, and the last backup error.
    #[serde(default)]
    pub backup: BackupStatus,
    /// Chunks of streamed attachments this node has sent to members since
    /// it started (issue 13).
    #[serde(default)]
    pub chunks_served: u64,
}

/// `GET /v1/keys`: what this node holds, by fingerprint and id only.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct KeysView {
    pub signing_key_fingerprint: String,
    pub encryption_key_id: dief_protocol::KeyId,
    /// Encryption keys retired by a rotation, kept until their grace
    /// period ends, then destroyed.
    pub retired_encryption_keys: Vec<dief_protocol::KeyId>,
    /// The signing key of a rotation asked for, waiting for the roster.
    pub pending_signing_key_fingerprint: Option<String>,
    /// On a Secretariat holding it: the roster key.
    pub roster_key_fingerprint: Option<String>,
    pub key_grace_days: u32,
}

/// What a change of the roster came to.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RosterChange {
    /// Signed with the roster key this node holds and sent to every member.
    Published { roster: Box<dief_protocol::Roster> },
    /// The roster key is offline: the change is in the draft, to be signed
    /// there (`dief roster draft --out`, `dief roster sign`, `dief roster
    /// publish`).
    Drafted { roster: Box<dief_protocol::Roster> },
}

impl std::ops::Deref for RosterChange {
    type Target = dief_protocol::Roster;

    fn deref(&self) -> &dief_protocol::Roster {
        self.roster()
    }
}

impl RosterChange {
    pub fn roster(&self) -> &dief_protocol::Roster {
        match self {
            RosterChange::Published { roster } | RosterChange::Drafted { roster } => roster,
        }
    }
}

/// A running node. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Node {
    core: Core,
    services: Arc<Services>,
}

fn store_dir(dir: &Path) -> PathBuf {
    dir.join(STORE_DIR)
}

impl Node {
    /// Creates the store, keys, configuration and API token in `dir`. The
    /// Secretariat also signs the first roster, with itself alone.
    pub fn init(dir: &Path, unlock: &Unlock, opts: InitOptions) -> NodeResult<InitReport> {
        if Store::exists(&store_dir(dir)) || NodeConfig::exists(dir) {
            return Err(NodeError::AlreadyInitialised(dir.display().to_string()));
        }
        let announce = if opts.announce.is_empty() { opts.listen.clone() } else { opts.announce.clone() };
        let cfg = NodeConfig {
            party: opts.party,
            status: opts.status,
            listen: opts.listen,
            announce,
            api: opts.api,
            roster_key_fingerprint: opts.roster_key_fingerprint,
            metrics: None,
            log_format: config::LogFormat::default(),
            key_grace_days: config::DEFAULT_KEY_GRACE_DAYS,
            min_free_disk_mb: config::DEFAULT_MIN_FREE_DISK_MB,
            handshakes_per_address: config::DEFAULT_HANDSHAKES_PER_ADDRESS,
            backup: None,
        };
        cfg.validate().map_err(|e| NodeError::Refused(Reason::new("refusal-node-config").text("detail", e)))?;
        if !cfg.party.is_secretariat() && cfg.roster_key_fingerprint.is_none() {
            return Err(NodeError::Refused(Reason::new("refusal-node-roster-key-pin")));
        }
        // A Secretariat given a fingerprint signs rosters offline with that
        // key; otherwise it holds a roster key of its own, apart from its
        // node key, that can be moved offline later.
        let offline = cfg.party.is_secretariat() && cfg.roster_key_fingerprint.is_some();
        std::fs::create_dir_all(dir)?;
        let store = Store::create(&store_dir(dir), unlock)?;
        let keys = Keys::generate(&store, cfg.party.is_secretariat() && !offline)?;
        let public = keys.identity.public();
        if opts.party.is_secretariat() {
            let now = Clock::system().now_ms();
            let node = NodeKeys::new(public, keys.encryption.public(), cfg.announce.clone(), 0);
            match &keys.roster {
                Some(roster_key) => {
                    let genesis = Roster::genesis_with_roster_key(node, roster_key.public(), now);
                    let signed = genesis.sign(roster_key)?;
                    store.put_sync(Cf::Roster, ROSTER_CURRENT, &records::encode("roster", &signed)?)?;
                }
                // The first roster waits to be signed offline: its roster
                // key is filled in by `dief roster sign`.
                None => store.put_sync(
                    Cf::Roster,
                    ROSTER_DRAFT,
                    &records::encode("roster draft", &Roster::genesis(node, now))?,
                )?,
            }
        }
        let mut token = [0u8; 32];
        dief_protocol::keys::random_bytes(&mut token)
            .map_err(|e| NodeError::Internal(format!("no random bytes for the API token: {e}")))?;
        config::write_private(&dir.join(TOKEN_FILE), hex::encode(token).as_bytes())?;
        cfg.save(dir)?;
        info!(party = %cfg.party, dir = %dir.display(), "node initialised");
        Ok(InitReport {
            party: cfg.party,
            peer_id: public.peer_id(),
            signing_key_fingerprint: public.fingerprint(),
            roster_key_fingerprint: keys.roster.as_ref().map(|k| k.public().fingerprint()),
            dir: dir.to_path_buf(),
        })
    }

    /// Opens the node in `dir` and starts its network and delivery tasks,
    /// with the services `services` builds from the opened store (the
    /// node's own [`Node::start`] registers the Forum's).
    pub async fn start_with(
        dir: &Path,
        unlock: &Unlock,
        clock: Clock,
        services: impl FnOnce(&Store) -> NodeResult<Services>,
    ) -> NodeResult<Node> {
        let config = NodeConfig::load(dir)?;
        let store = open_store(&store_dir(dir), unlock).await?;
        store.set_reserve(config.min_free_disk_bytes());
        let roster = match store.get(Cf::Roster, ROSTER_CURRENT)? {
            Some(v) => {
                let signed: SignedRoster = records::decode("roster", &v)?;
                let roster = signed.verify(&stored_anchor(&store, &signed)?)?;
                Keys::settle_roster_key(&store, &roster.signer())?;
                let pins = stored_pins(&store, &roster)?;
                Some(Arc::new(RosterState { roster: effective(roster, &pins)?, signed }))
            }
            None => None,
        };
        let keys = Keys::load(&store)?;
        crate::core::alerts::log_open(&store);
        let services = Arc::new(services(&store)?);
        let audit = Audit::load(&store)?;
        let (net, inbound_rx, events_rx, chunk_rx) = start_network(&keys, &config).await?;
        let (shutdown_tx, _) = watch::channel(false);
        let (rotations_tx, rotations_rx) = tokio::sync::mpsc::channel(64);
        let (roster_tx, roster_rx) = watch::channel(roster.clone());
        let inner = Arc::new(Inner {
            party: config.party,
            dir: dir.to_path_buf(),
            config,
            store,
            keys: RwLock::new(Arc::new(keys)),
            net,
            clock,
            audit,
            roster: RwLock::new(roster),
            roster_tx,
            receipts_tx: tokio::sync::broadcast::channel(4096).0,
            wakers: Wakers::default(),
            metrics: crate::core::metrics::Metrics::default(),
            shutdown_tx,
            tasks: Mutex::new(Vec::new()),
            backups: Mutex::new(Default::default()),
            extensions: Default::default(),
            fetch_wake: Default::default(),
            chunks_served: Default::default(),
            queue_deletes: Default::default(),
            outbox_backoff: Default::default(),
            #[cfg(feature = "test-support")]
            wiretap: Mutex::new(Vec::new()),
            newest_wire: std::sync::atomic::AtomicU16::new(dief_protocol::envelope::WIRE_VERSION),
            in_flight: Mutex::new(std::collections::HashSet::new()),
            resealing: tokio::sync::Mutex::new(()),
            refetching: tokio::sync::Mutex::new(()),
            rotations: rotations_tx,
        });
        let node = Node { core: Core { inner: inner.clone() }, services };
        inner.spawn(roster_task(inner.clone(), roster_rx));
        inner.spawn(inbound_loop(node.core.clone(), node.services.clone(), inbound_rx));
        inner.spawn(event_loop(inner.clone(), events_rx));
        // Before the fetcher runs and before the API takes a new upload.
        if let Err(e) = crate::core::attachments::upload::clean_leftovers(&inner.store) {
            warn!(error = %e, "what interrupted uploads left is kept until the next start");
        }
        inner.spawn(crate::core::attachments::serve::run(inner.clone(), chunk_rx));
        inner.spawn(crate::core::attachments::fetch::run(inner.clone()));
        for service in node.services.iter() {
            if let Some(task) = service.background(node.core.clone(), inner.shutdown_rx()) {
                inner.spawn(task);
            }
        }
        // Resume every queue that has envelopes waiting.
        for party in inner.queued_parties()? {
            outbox::ensure_worker(&inner, party);
        }
        inner.spawn(expire_keys(node.clone(), inner.shutdown_rx()));
        inner.spawn(apply_rotations(node.clone(), rotations_rx, inner.shutdown_rx()));
        // Restored from a backup: ask the members for what came after it.
        node.ask_for_refill().await;
        node.schedule_backups();
        info!(party = %inner.party, peer = %inner.net().local_peer_id(), "node started");
        Ok(node)
    }

    /// Stops every task and the network; the store is closed once the last
    /// handle is dropped.
    pub async fn shutdown(self) {
        let inner = &self.core.inner;
        let _ = inner.shutdown_tx.send(true);
        inner.net().shutdown().await;
        let tasks: Vec<_> = std::mem::take(&mut *inner.tasks.lock().unwrap_or_else(|p| p.into_inner()));
        for t in tasks {
            if tokio::time::timeout(Duration::from_secs(5), t).await.is_err() {
                warn!("a task did not stop within 5 s");
            }
        }
        info!(party = %inner.party, "node stopped");
    }

    /// The narrow handle the services use.
    pub(crate) fn core(&self) -> &Core {
        &self.core
    }

    /// The registered service of type `T`; a node always has the Forum's.
    pub(crate) fn service<T: crate::core::service::Service>(&self) -> Option<&T> {
        self.services.get::<T>()
    }

    pub fn party(&self) -> Party {
        self.core.inner.party
    }

    pub fn dir(&self) -> &Path {
        &self.core.inner.dir
    }

    pub fn config(&self) -> &NodeConfig {
        &self.core.inner.config
    }

    pub fn clock(&self) -> &Clock {
        &self.core.inner.clock
    }

    pub fn peer_id(&self) -> String {
        self.core.inner.net().local_peer_id().to_string()
    }

    pub fn signing_key(&self) -> SigningPublicKey {
        self.core.inner.keys().identity.public()
    }

    pub async fn listen_addrs(&self) -> NodeResult<Vec<String>> {
        Ok(self.core.inner.net().listen_addrs().await?)
    }

    pub async fn status(&self) -> NodeResult<Status> {
        let roster = self.core.inner.roster();
        let set_aside = health::set_aside_count(&self.core)?;
        Ok(Status {
            party: self.core.inner.party,
            peer_id: self.peer_id(),
            listen: self.listen_addrs().await?,
            roster_sequence: roster.as_ref().map(|r| r.roster.sequence),
            members: roster.as_ref().map(|r| r.roster.members.len()).unwrap_or(0),
            connected: self.core.inner.net().connected_peers().await?.len(),
            outbox_pending: self.core.inner.store.count(Cf::Outbox, b"q/")?,
            inbox: self.core.inner.store.count(Cf::Inbox, b"")?,
            set_aside,
            attention: health::attention(&self.core, &self.services, set_aside),
            backup: self.backup_status(),
            chunks_served: self.chunks_served(),
        })
    }
}

/// Opens the store, waiting briefly if a previous instance in this process
/// is still releasing the RocksDB lock.
async fn open_store(dir: &Path, unlock: &Unlock) -> NodeResult<Store> {
    let mut waited = Duration::ZERO;
    loop {
        match Store::open(dir, unlock) {
            Err(StoreError::Db(msg)) if msg.contains("lock") && waited < Duration::from_secs(5) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                waited += Duration::from_millis(50);
            }
            other => return Ok(other?),
        }
    }
}

/// The network handle and what comes out of it: envelopes, connection
/// events, chunk requests.
type Started = (
    Network,
    tokio::sync::mpsc::Receiver<Inbound>,
    tokio::sync::mpsc::Receiver<NetEvent>,
    tokio::sync::mpsc::Receiver<network::ChunkInbound>,
);

/// Starts the network, waiting if our previous instance (a restart within
/// this process, as in the demo and the tests) has not yet released its UDP
/// port: a QUIC endpoint lives on in the background until its connections
/// have drained, which was measured here at 2 to 7 seconds. A new process
/// never waits.
async fn start_network(keys: &Keys, config: &NodeConfig) -> NodeResult<Started> {
    let mut waited = Duration::ZERO;
    loop {
        let attempt = network::start_with_chunks(NetworkConfig {
            identity_seed: keys.transport.seed().clone(),
            listen: config.listen.clone(),
            max_request_bytes: dief_protocol::codec::MAX_ENVELOPE_BYTES,
            max_response_bytes: dief_protocol::codec::MAX_RESPONSE_BYTES,
            request_timeout: Duration::from_secs(20),
            inbound_queue: 1024,
            connections: network::ConnectionCaps {
                pending_per_source: config.handshakes_per_address,
                ..network::ConnectionCaps::default()
            },
            budgets: network::InboundBudgets::default(),
            busy_answer: inbox::busy_answer,
        })
        .await;
        match attempt {
            Err(network::NetError::Listen { addr, reason }) if waited < Duration::from_secs(30) => {
                debug!(%addr, %reason, "listen address busy, retrying");
                tokio::time::sleep(Duration::from_millis(100)).await;
                waited += Duration::from_millis(100);
            }
            other => return Ok(other?),
        }
    }
}

/// Destroys retired encryption keys at the end of their grace period: at
/// start, then every hour (the grace period is counted in days).
async fn expire_keys(node: Node, mut shutdown: watch::Receiver<bool>) {
    loop {
        if let Err(e) = node.destroy_expired_keys() {
            warn!(error = %e, "could not destroy expired keys");
        }
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
        }
    }
}

/// Secretariat: applies the key rotations the inbox stored, one at a time.
async fn apply_rotations(
    node: Node,
    mut rx: tokio::sync::mpsc::Receiver<(Party, dief_protocol::roster::SignedKeyRotation)>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let (sender, signed) = tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            r = rx.recv() => match r { Some(r) => r, None => break },
        };
        if let Err(e) = node.apply_rotation(&signed).await {
            warn!(%sender, error = %e, "key rotation not applied");
        }
    }
}

/// Hands each inbound envelope to the inbox, a bounded number at a time.
async fn inbound_loop(core: Core, services: Arc<Services>, mut rx: tokio::sync::mpsc::Receiver<Inbound>) {
    let mut shutdown = core.inner.shutdown_rx();
    let permits = Arc::new(Semaphore::new(INBOUND_CONCURRENCY));
    let mut running = tokio::task::JoinSet::new();
    loop {
        let inbound = tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            Some(_) = running.join_next(), if !running.is_empty() => continue,
            m = rx.recv() => match m { Some(m) => m, None => break },
        };
        let Ok(permit) = permits.clone().acquire_owned().await else { break };
        let (core, services) = (core.clone(), services.clone());
        running.spawn(async move {
            let Inbound { peer, bytes, reply, held } = inbound;
            let answer = inbox::handle(&core, &services, &peer, bytes).await;
            let _ = reply.send(answer);
            drop((held, permit));
        });
    }
    running.shutdown().await;
}

/// Reacts to peers coming and going: a returning peer is served at once.
async fn event_loop(inner: Arc<Inner>, mut rx: tokio::sync::mpsc::Receiver<NetEvent>) {
    let mut shutdown = inner.shutdown_rx();
    loop {
        let event = tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            e = rx.recv() => match e { Some(e) => e, None => break },
        };
        if let NetEvent::Connected { peer } = event {
            let party = inner.roster().and_then(|r| r.roster.party_of_peer(&peer));
            if let Some(party) = party {
                debug!(%party, "peer connected");
                inner.wakers.reachable(party);
                inner.fetch_wake.notify_one();
                inner.push_roster_to(party);
            }
        }
    }
}
