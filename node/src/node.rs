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

use dief_protocol::envelope::{self, Draft, Sender};
use dief_protocol::roster::{Chair, JoinRequest, MemberStatus, NodeKeys};
use dief_protocol::{
    CaseId, MessageId, Party, Payload, Roster, SignedJoinRequest, SignedRoster, SigningPublicKey, StateCode,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;
use tracing::{debug, info, warn, Instrument};

use crate::audit::{self, Audit, AuditEvent};
use crate::clock::Clock;
use crate::config::{self, NodeConfig, STORE_DIR, TOKEN_FILE};
use crate::error::NodeError;
use crate::keystore::Keys;
use crate::network::{self, Inbound, NetEvent, Network, NetworkConfig};
use crate::outbox::{self, Wakers};
use crate::records::{self, CaseEntry, InboxEntry, QueueEntry, ReceiptEntry, SentRecord};
use crate::search::CaseIndex;
use crate::store::{Cf, Store, Unlock};
use crate::{inbox, NodeResult};

/// Inbound envelopes processed at once.
const INBOUND_CONCURRENCY: usize = 256;
const ROSTER_CURRENT: &[u8] = b"current";

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
    pub dir: PathBuf,
}

#[derive(Debug)]
pub(crate) struct RosterState {
    pub roster: Roster,
    pub signed: SignedRoster,
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
}

/// An envelope sealed and added to a batch by [`Inner::queue_into`].
#[derive(Debug)]
pub(crate) struct Queued {
    pub message_id: MessageId,
    pub kind: dief_protocol::Kind,
    pub event: AuditEvent,
    pub recipients: Vec<Party>,
}

pub(crate) struct Inner {
    pub party: Party,
    pub config: NodeConfig,
    pub dir: PathBuf,
    pub store: Store,
    pub keys: Keys,
    pub net: Network,
    pub clock: Clock,
    pub(crate) cases_index: CaseIndex,
    /// The hash-chained audit log (ToR-15); see `audit.rs`.
    pub audit: Audit,
    roster: RwLock<Option<Arc<RosterState>>>,
    roster_tx: watch::Sender<Option<Arc<RosterState>>>,
    pub(crate) receipts_tx: tokio::sync::broadcast::Sender<(MessageId, Party)>,
    wakers: Wakers,
    shutdown_tx: watch::Sender<bool>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    /// Tests only: every envelope delivered to this node, as it came off
    /// the wire, so a test can show what the Secretariat could read.
    #[cfg(feature = "test-support")]
    pub(crate) wiretap: Mutex<Vec<Vec<u8>>>,
}

/// Most envelopes the test wiretap keeps.
#[cfg(feature = "test-support")]
pub(crate) const WIRETAP_LIMIT: usize = 100_000;

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node").field("party", &self.party).finish_non_exhaustive()
    }
}

/// A running node. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Node {
    pub(crate) inner: Arc<Inner>,
}

fn store_dir(dir: &Path) -> PathBuf {
    dir.join(STORE_DIR)
}

impl Node {
    /// Creates the store, keys, configuration and API token in `dir`. The
    /// Secretariat also signs the first roster, with itself alone.
    pub fn init(dir: &Path, unlock: &Unlock, opts: InitOptions) -> NodeResult<InitReport> {
        if Store::exists(&store_dir(dir)) || NodeConfig::path(dir).exists() {
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
        };
        cfg.validate().map_err(NodeError::Invalid)?;
        if cfg.party.is_secretariat() != cfg.roster_key_fingerprint.is_none() {
            return Err(NodeError::Invalid(
                "a State must pin the Secretariat's roster-key fingerprint (--roster-key); the Secretariat pins its own"
                    .into(),
            ));
        }
        std::fs::create_dir_all(dir)?;
        let store = Store::create(&store_dir(dir), unlock)?;
        let keys = Keys::generate(&store)?;
        let public = keys.identity.public();
        if opts.party.is_secretariat() {
            let now = Clock::system().now_ms();
            let genesis = Roster::genesis(
                NodeKeys {
                    peer_id: public.peer_id(),
                    signing_key: public,
                    encryption_key: keys.encryption.public(),
                    addrs: cfg.announce.clone(),
                    keys_since: 0,
                },
                now,
            );
            let signed = genesis.sign(&keys.identity)?;
            store.put_sync(Cf::Roster, ROSTER_CURRENT, &records::encode("roster", &signed)?)?;
        }
        let mut token = [0u8; 32];
        dief_protocol::keys::random_bytes(&mut token).map_err(|e| NodeError::Invalid(e.to_string()))?;
        config::write_private(&dir.join(TOKEN_FILE), hex::encode(token).as_bytes())?;
        cfg.save(dir)?;
        info!(party = %cfg.party, dir = %dir.display(), "node initialised");
        Ok(InitReport {
            party: cfg.party,
            peer_id: public.peer_id(),
            signing_key_fingerprint: public.fingerprint(),
            dir: dir.to_path_buf(),
        })
    }

    /// Opens the node in `dir` and starts its network and delivery tasks.
    pub async fn start(dir: &Path, unlock: &Unlock, clock: Clock) -> NodeResult<Node> {
        let config = NodeConfig::load(dir)?;
        let store = open_store(&store_dir(dir), unlock).await?;
        let keys = Keys::load(&store)?;
        let roster = match store.get(Cf::Roster, ROSTER_CURRENT)? {
            Some(v) => {
                let signed: SignedRoster = records::decode("roster", &v)?;
                let held = signed_roster_anchor(&signed)?;
                let roster = signed.verify(&held)?;
                Some(Arc::new(RosterState { roster, signed }))
            }
            None => None,
        };
        let held: Vec<CaseEntry> = decode_all(&store, Cf::Cases, "case")?;
        let cases_index = CaseIndex::load(held);
        let audit = Audit::load(&store)?;
        let (net, inbound_rx, events_rx) = start_network(&keys, &config).await?;
        let (shutdown_tx, _) = watch::channel(false);
        let (roster_tx, roster_rx) = watch::channel(roster.clone());
        let inner = Arc::new(Inner {
            party: config.party,
            dir: dir.to_path_buf(),
            config,
            store,
            keys,
            net,
            clock,
            cases_index,
            audit,
            roster: RwLock::new(roster),
            roster_tx,
            receipts_tx: tokio::sync::broadcast::channel(4096).0,
            wakers: Wakers::default(),
            shutdown_tx,
            tasks: Mutex::new(Vec::new()),
            #[cfg(feature = "test-support")]
            wiretap: Mutex::new(Vec::new()),
        });
        let node = Node { inner: inner.clone() };
        node.spawn(roster_task(inner.clone(), roster_rx));
        node.spawn(inbound_loop(inner.clone(), inbound_rx));
        node.spawn(event_loop(inner.clone(), events_rx));
        node.spawn(crate::meetings::deadline_watch(inner.clone()));
        // Resume every queue that has envelopes waiting.
        for party in inner.queued_parties()? {
            inner.ensure_worker(party);
        }
        info!(party = %inner.party, peer = %inner.net.local_peer_id(), "node started");
        Ok(node)
    }

    fn spawn(&self, fut: impl std::future::Future<Output = ()> + Send + 'static) {
        self.inner.spawn(fut);
    }

    /// Stops every task and the network; the store is closed once the last
    /// handle is dropped.
    pub async fn shutdown(self) {
        let _ = self.inner.shutdown_tx.send(true);
        self.inner.net.shutdown().await;
        let tasks: Vec<_> = std::mem::take(&mut *self.inner.tasks.lock().unwrap_or_else(|p| p.into_inner()));
        for t in tasks {
            if tokio::time::timeout(Duration::from_secs(5), t).await.is_err() {
                warn!("a task did not stop within 5 s");
            }
        }
        info!(party = %self.inner.party, "node stopped");
    }

    pub fn party(&self) -> Party {
        self.inner.party
    }

    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    pub fn config(&self) -> &NodeConfig {
        &self.inner.config
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub fn peer_id(&self) -> String {
        self.inner.net.local_peer_id().to_string()
    }

    pub fn signing_key(&self) -> SigningPublicKey {
        self.inner.keys.identity.public()
    }

    pub async fn listen_addrs(&self) -> NodeResult<Vec<String>> {
        Ok(self.inner.net.listen_addrs().await?)
    }

    pub async fn status(&self) -> NodeResult<Status> {
        let roster = self.inner.roster();
        Ok(Status {
            party: self.inner.party,
            peer_id: self.peer_id(),
            listen: self.listen_addrs().await?,
            roster_sequence: roster.as_ref().map(|r| r.roster.sequence),
            members: roster.as_ref().map(|r| r.roster.members.len()).unwrap_or(0),
            connected: self.inner.net.connected_peers().await?.len(),
            outbox_pending: self.inner.store.count(Cf::Outbox, b"q/")?,
            inbox: self.inner.store.count(Cf::Inbox, b"")?,
        })
    }

    // ---- roster -------------------------------------------------------

    pub fn roster(&self) -> Option<Roster> {
        self.inner.roster().map(|r| r.roster.clone())
    }

    pub fn signed_roster(&self) -> Option<SignedRoster> {
        self.inner.roster().map(|r| r.signed.clone())
    }

    /// Imports a roster received out of band (the first one is checked
    /// against the pinned fingerprint). Returns the sequence now held.
    pub fn import_roster(&self, signed: &SignedRoster) -> NodeResult<u64> {
        self.inner.import_roster(signed)?;
        self.inner.roster().map(|r| r.roster.sequence).ok_or(NodeError::NoRoster)
    }

    /// A State's request to join, signed by this node's identity key.
    pub fn join_request(&self) -> NodeResult<SignedJoinRequest> {
        let Party::State(state) = self.inner.party else {
            return Err(NodeError::NotForSecretariat("ask to join the roster"));
        };
        let status =
            self.inner.config.status.ok_or_else(|| NodeError::Invalid("no membership status configured".into()))?;
        let req = JoinRequest {
            state,
            status,
            peer_id: self.peer_id(),
            signing_key: self.inner.keys.identity.public(),
            encryption_key: self.inner.keys.encryption.public(),
            addrs: self.inner.config.announce.clone(),
            requested_at: self.inner.clock.now_ms(),
        };
        Ok(req.sign(&self.inner.keys.identity)?)
    }

    /// Secretariat: admits a State (or replaces its keys) and publishes the
    /// new roster to every member (ToR-1). A newly admitted State is also
    /// sent the current contact directory and calendar ([`Node::catch_up`]).
    pub async fn admit(&self, request: &SignedJoinRequest) -> NodeResult<Roster> {
        let req = request.verify()?;
        info!(state = %req.state, "admitting");
        let is_new = self.inner.roster().is_some_and(|r| r.roster.member(req.state).is_none());
        let roster = self
            .change_roster(|r, seq| {
                let keep_since = r
                    .member(req.state)
                    .filter(|m| m.node.signing_key == req.signing_key && m.node.encryption_key == req.encryption_key)
                    .map(|m| m.node.keys_since);
                let mut member = req.to_member(seq);
                if let Some(since) = keep_since {
                    member.node.keys_since = since;
                }
                r.upsert(member);
                Ok(())
            })
            .await?;
        if is_new {
            self.catch_up(req.state).await?;
        }
        Ok(roster)
    }

    /// Secretariat: removes a State from the roster.
    pub async fn remove_member(&self, state: StateCode) -> NodeResult<Roster> {
        self.change_roster(|r, _| {
            if r.remove(state) {
                Ok(())
            } else {
                Err(NodeError::NotFound { what: "member", id: state.to_string() })
            }
        })
        .await
    }

    /// Secretariat: records the Chair and the end of the term (ToR-4).
    pub async fn set_chair(&self, state: StateCode, term_ends_at: i64) -> NodeResult<Roster> {
        self.change_roster(|r, _| {
            if r.member(state).is_none() {
                return Err(NodeError::Invalid(format!("{state} is not a member")));
            }
            r.chair = Some(Chair { state, term_ends_at });
            Ok(())
        })
        .await
    }

    async fn change_roster(&self, edit: impl FnOnce(&mut Roster, u64) -> NodeResult<()>) -> NodeResult<Roster> {
        if !self.inner.party.is_secretariat() {
            return Err(NodeError::SecretariatOnly("change the roster"));
        }
        let held = self.inner.roster().ok_or(NodeError::NoRoster)?;
        let mut next = held.roster.clone();
        next.sequence = held.roster.sequence.saturating_add(1);
        next.issued_at = self.inner.clock.now_ms();
        let sequence = next.sequence;
        edit(&mut next, sequence)?;
        let signed = next.sign(&self.inner.keys.identity)?;
        self.inner.import_roster(&signed)?;
        let members: Vec<Party> = next.members.iter().map(|m| Party::State(m.state)).collect();
        if !members.is_empty() {
            self.inner.enqueue(members, Vec::new(), Payload::RosterUpdate(signed), None).await?;
        }
        Ok(next)
    }

    // ---- cases: see cases.rs; procedures: see procedures.rs ---------

    pub fn inbox(&self) -> NodeResult<Vec<InboxEntry>> {
        self.inner.decode_all(Cf::Inbox, "inbox entry")
    }

    /// Every envelope this node sent, with its delivery state per recipient.
    pub fn outbox(&self) -> NodeResult<Vec<OutboxItem>> {
        let store = &self.inner.store;
        let mut out = Vec::new();
        for (_, v) in store.scan_prefix(Cf::Outbox, b"e/")? {
            let sent: SentRecord = records::decode("sent record", &v)?;
            let mut recipients = Vec::with_capacity(sent.recipients.len());
            for party in &sent.recipients {
                let state = if let Some(r) = store.get(Cf::Receipts, &records::receipt_key(&sent.message_id, *party))? {
                    let r: ReceiptEntry = records::decode("receipt", &r)?;
                    Delivery::Delivered { receipted_at: r.received_at, duplicate: r.duplicate }
                } else if let Some(q) = store.get(Cf::Outbox, &records::queue_key(*party, &sent.message_id))? {
                    let q: QueueEntry = records::decode("queue entry", &q)?;
                    match q.set_aside {
                        Some(reason) => Delivery::SetAside { reason, attempts: q.attempts },
                        None => Delivery::Pending { attempts: q.attempts, last_error: q.last_error },
                    }
                } else {
                    Delivery::Pending { attempts: 0, last_error: None }
                };
                recipients.push((*party, state));
            }
            out.push(OutboxItem {
                message_id: sent.message_id,
                kind: sent.kind,
                case_id: sent.case_id,
                created_at: sent.created_at,
                recipients,
            });
        }
        Ok(out)
    }

    /// Puts envelopes that were set aside back in the queue.
    pub async fn retry(&self, id: &MessageId) -> NodeResult<usize> {
        let sent: SentRecord = records::decode(
            "sent record",
            &self
                .inner
                .store
                .get(Cf::Outbox, &records::sent_key(id))?
                .ok_or_else(|| NodeError::NotFound { what: "sent message", id: id.to_string() })?,
        )?;
        let mut batch = self.inner.store.batch();
        let mut parties = Vec::new();
        for party in sent.recipients {
            let key = records::queue_key(party, id);
            if let Some(v) = self.inner.store.get(Cf::Outbox, &key)? {
                let mut q: QueueEntry = records::decode("queue entry", &v)?;
                if q.set_aside.take().is_some() {
                    q.failures = 0;
                    batch.put(Cf::Outbox, &key, &records::encode("queue entry", &q)?);
                    parties.push(party);
                }
            }
        }
        self.inner.store.commit(batch).await?;
        for p in &parties {
            self.inner.ensure_worker(*p);
            self.inner.wakers.reachable(*p);
        }
        Ok(parties.len())
    }

    /// Receipts as they are recorded: (message, recipient). A slow
    /// subscriber misses some (the channel is bounded) and is told so.
    pub fn subscribe_receipts(&self) -> tokio::sync::broadcast::Receiver<(MessageId, Party)> {
        self.inner.receipts_tx.subscribe()
    }

    /// The exact envelope this node sent as `id`.
    pub fn sent_envelope(&self, id: &MessageId) -> NodeResult<dief_protocol::Envelope> {
        let v = self
            .inner
            .store
            .get(Cf::Outbox, &records::sent_key(id))?
            .ok_or_else(|| NodeError::NotFound { what: "sent message", id: id.to_string() })?;
        let sent: SentRecord = records::decode("sent record", &v)?;
        Ok(dief_protocol::Envelope::from_bytes(&sent.envelope)?)
    }

    /// Tries to verify and open `envelope` with this node's keys, as the
    /// inbox would; shows what a node can and cannot read.
    pub fn try_open(&self, envelope: &dief_protocol::Envelope) -> NodeResult<dief_protocol::Opened> {
        let roster = self.inner.roster().ok_or(NodeError::NoRoster)?;
        Ok(envelope.open(&roster.roster, self.inner.party, &self.inner.keys.encryption, self.inner.clock.now_ms())?)
    }

    /// Sends encoded envelope bytes to `to` as they are, outside the outbox,
    /// and returns the answer. For diagnostics and the tests' replay and
    /// tampering checks: the receiver treats it like any delivery.
    pub async fn send_raw(&self, to: Party, bytes: Vec<u8>) -> NodeResult<dief_protocol::Response> {
        let peer = self.inner.peer_of(to).ok_or(NodeError::NotFound { what: "roster member", id: to.to_string() })?;
        let answer = self.inner.net.request(&peer, bytes).await?;
        Ok(dief_protocol::Response::from_bytes(&answer)?)
    }

    /// Counts of the outbox, for tests and benchmarks.
    pub fn outbox_pending(&self) -> NodeResult<usize> {
        Ok(self.inner.store.count(Cf::Outbox, b"q/")?)
    }

    /// Flushes the store's memtables to files (tests that scan raw files).
    pub fn flush_store(&self) -> NodeResult<()> {
        Ok(self.inner.store.flush()?)
    }
}

/// Opens the store, waiting briefly if a previous instance in this process
/// is still releasing the RocksDB lock.
async fn open_store(dir: &Path, unlock: &Unlock) -> NodeResult<Store> {
    let mut waited = Duration::ZERO;
    loop {
        match Store::open(dir, unlock) {
            Err(crate::store::StoreError::Db(msg)) if msg.contains("lock") && waited < Duration::from_secs(5) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                waited += Duration::from_millis(50);
            }
            other => return Ok(other?),
        }
    }
}

/// Starts the network, waiting if our previous instance (a restart within
/// this process, as in the demo and the tests) has not yet released its UDP
/// port: a QUIC endpoint lives on in the background until its connections
/// have drained, which was measured here at 2 to 7 seconds. A new process
/// never waits.
async fn start_network(
    keys: &Keys,
    config: &NodeConfig,
) -> NodeResult<(Network, tokio::sync::mpsc::Receiver<Inbound>, tokio::sync::mpsc::Receiver<NetEvent>)> {
    let mut waited = Duration::ZERO;
    loop {
        let attempt = network::start(NetworkConfig {
            identity_seed: keys.identity.seed().clone(),
            listen: config.listen.clone(),
            max_request_bytes: dief_protocol::codec::MAX_ENVELOPE_BYTES,
            max_response_bytes: dief_protocol::codec::MAX_RESPONSE_BYTES,
            request_timeout: Duration::from_secs(20),
            inbound_queue: 1024,
        })
        .await;
        match attempt {
            Err(crate::network::NetError::Listen { addr, reason }) if waited < Duration::from_secs(30) => {
                debug!(%addr, %reason, "listen address busy, retrying");
                tokio::time::sleep(Duration::from_millis(100)).await;
                waited += Duration::from_millis(100);
            }
            other => return Ok(other?),
        }
    }
}

/// The roster key a stored roster was accepted under: its own Secretariat
/// key (it was checked against the pin when first imported).
fn signed_roster_anchor(signed: &SignedRoster) -> NodeResult<SigningPublicKey> {
    let r: Roster = records::decode("roster", &signed.body)?;
    Ok(r.secretariat.signing_key)
}

impl Inner {
    pub(crate) fn shutdown_rx(&self) -> watch::Receiver<bool> {
        self.shutdown_tx.subscribe()
    }

    fn spawn(&self, fut: impl std::future::Future<Output = ()> + Send + 'static) {
        let handle = tokio::spawn(fut);
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks.retain(|t| !t.is_finished());
        tasks.push(handle);
    }

    pub(crate) fn decode_all<T: serde::de::DeserializeOwned>(&self, cf: Cf, what: &'static str) -> NodeResult<Vec<T>> {
        decode_all(&self.store, cf, what)
    }

    fn sender(&self) -> Sender<'_> {
        Sender { party: self.party, identity: &self.keys.identity, encryption: &self.keys.encryption }
    }

    pub(crate) fn roster(&self) -> Option<Arc<RosterState>> {
        self.roster.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(crate) fn peer_of(&self, party: Party) -> Option<String> {
        self.roster()?.roster.node(party).map(|n| n.peer_id.clone())
    }

    pub(crate) fn signing_key_of(&self, party: Party) -> Option<SigningPublicKey> {
        self.roster()?.roster.node(party).map(|n| n.signing_key)
    }

    /// Verifies and, if newer than the one held, stores and applies a roster.
    pub(crate) fn import_roster(&self, signed: &SignedRoster) -> NodeResult<()> {
        let held = self.roster();
        let anchor = match &held {
            Some(h) => h.roster.secretariat.signing_key,
            None => {
                let claimed = signed_roster_anchor(signed)?;
                let pin = match self.party {
                    Party::Secretariat => self.keys.identity.public().fingerprint(),
                    Party::State(_) => self.config.roster_key_fingerprint.clone().unwrap_or_default(),
                };
                if !fingerprints_match(&pin, &claimed.fingerprint()) {
                    return Err(NodeError::Invalid(format!(
                        "this roster is signed by key {}, not by the pinned Secretariat key {pin}",
                        claimed.fingerprint()
                    )));
                }
                claimed
            }
        };
        let roster = signed.accept(&anchor, held.as_deref().map(|h| (&h.roster, &h.signed)))?;
        if let Party::State(s) = self.party {
            if let Some(m) = roster.member(s) {
                if m.node.signing_key != self.keys.identity.public() {
                    return Err(NodeError::Invalid(format!(
                        "roster {} lists other keys for {s} than this node's",
                        roster.sequence
                    )));
                }
            }
        }
        let mut slot = self.roster.write().unwrap_or_else(|p| p.into_inner());
        // Re-check under the lock: another import may have won meanwhile.
        if slot.as_ref().is_some_and(|h| h.roster.sequence >= roster.sequence) {
            return Ok(());
        }
        self.store.put_sync(Cf::Roster, ROSTER_CURRENT, &records::encode("roster", signed)?)?;
        info!(sequence = roster.sequence, members = roster.members.len(), "roster accepted");
        let state = Arc::new(RosterState { roster, signed: signed.clone() });
        *slot = Some(state.clone());
        drop(slot);
        let _ = self.roster_tx.send(Some(state));
        Ok(())
    }

    /// Seals `payload` to `recipients`, stores it durably in the outbox and
    /// wakes the recipients' workers.
    pub(crate) async fn enqueue(
        self: &Arc<Self>,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
    ) -> NodeResult<MessageId> {
        self.enqueue_with(recipients, references, payload, case_id, |_, _| Ok(())).await
    }

    /// [`Inner::enqueue`], with `extra` adding the sender's own records of
    /// the message (procedure state, who holds a case) to the same atomic
    /// batch: the record exists if and only if the envelope is queued.
    pub(crate) async fn enqueue_with(
        self: &Arc<Self>,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
        extra: impl FnOnce(MessageId, &mut crate::store::Batch) -> NodeResult<()>,
    ) -> NodeResult<MessageId> {
        let roster = self.roster().ok_or(NodeError::NoRoster)?;
        let now = self.clock.now_ms();
        let mut batch = self.store.batch();
        let queued = self.queue_into(&roster.roster, &mut batch, recipients, references, payload, case_id, now)?;
        let span =
            tracing::info_span!("enqueue", node = %self.party, message = %queued.message_id, kind = %queued.kind);
        async move {
            extra(queued.message_id, &mut batch)?;
            // The audit entry is written in the same batch: it exists if and
            // only if the envelope is queued.
            self.audit.commit(&self.store, batch, now, vec![queued.event.clone()]).await?;
            self.wake(&queued.recipients);
            debug!(recipients = queued.recipients.len(), "queued");
            Ok(queued.message_id)
        }
        .instrument(span)
        .await
    }

    /// Seals `payload` to `recipients` and adds the outbox entries to
    /// `batch`. The caller commits `batch` with `Queued::event` as its audit
    /// entry, then calls [`Inner::wake`]. Used by [`Inner::enqueue_with`] and
    /// by the inbox when a delivered message makes this node send one (the
    /// Secretariat relaying a contact card), so both land in one batch.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn queue_into(
        &self,
        roster: &Roster,
        batch: &mut crate::store::Batch,
        recipients: Vec<Party>,
        references: Vec<MessageId>,
        payload: Payload,
        case_id: Option<CaseId>,
        now: i64,
    ) -> NodeResult<Queued> {
        let message_id =
            MessageId::generate(u64::try_from(now).unwrap_or(0)).map_err(|e| NodeError::Invalid(e.to_string()))?;
        let kind = payload.kind();
        let version = audit::payload_version(&payload);
        let envelope = envelope::seal(
            &self.sender(),
            roster,
            Draft { message_id, recipients: recipients.clone(), references, created_at: now, payload },
        )?;
        let sent = SentRecord {
            message_id,
            kind,
            recipients: recipients.clone(),
            case_id,
            created_at: now,
            digest: envelope.digest().to_vec(),
            envelope: envelope.to_bytes()?,
        };
        batch.put(Cf::Outbox, &records::sent_key(&message_id), &records::encode("sent record", &sent)?);
        let queued = records::encode("queue entry", &QueueEntry::default())?;
        for r in &recipients {
            batch.put(Cf::Outbox, &records::queue_key(*r, &message_id), &queued);
        }
        let event = AuditEvent::sent(kind, message_id, case_id, version, recipients.clone());
        Ok(Queued { message_id, kind, event, recipients })
    }

    /// Once a batch from [`Inner::queue_into`] is durable: starts and wakes
    /// the recipients' outbox workers.
    pub(crate) fn wake(self: &Arc<Self>, recipients: &[Party]) {
        for r in recipients {
            self.ensure_worker(*r);
            self.wakers.enqueued(*r);
        }
    }

    /// Starts `party`'s outbox worker if it is not running.
    pub(crate) fn ensure_worker(self: &Arc<Self>, party: Party) {
        let (notify, new) = self.wakers.get(party);
        if new {
            self.spawn(outbox::run_worker(self.clone(), party, notify));
        }
    }

    fn queued_parties(&self) -> NodeResult<Vec<Party>> {
        let mut parties = Vec::new();
        for (key, _) in self.store.scan_prefix(Cf::Outbox, b"q/")? {
            let name = key
                .get(2..key.len().saturating_sub(17))
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|s| s.parse::<Party>().ok());
            if let Some(p) = name {
                if !parties.contains(&p) {
                    parties.push(p);
                }
            }
        }
        Ok(parties)
    }

    /// Offers our roster to `party` (best effort, not queued): a peer that
    /// was offline catches up from whichever member it meets first.
    pub(crate) fn push_roster_to(self: &Arc<Self>, party: Party) {
        let Some(roster) = self.roster() else { return };
        if party == self.party || roster.roster.node(party).is_none() {
            return;
        }
        let inner = self.clone();
        tokio::spawn(async move {
            let Some(peer) = inner.peer_of(party) else { return };
            let now = inner.clock.now_ms();
            let Ok(message_id) = MessageId::generate(u64::try_from(now).unwrap_or(0)) else {
                return;
            };
            let sealed = envelope::seal(
                &inner.sender(),
                &roster.roster,
                Draft {
                    message_id,
                    recipients: vec![party],
                    references: Vec::new(),
                    created_at: now,
                    payload: Payload::RosterUpdate(roster.signed.clone()),
                },
            );
            match sealed.and_then(|e| e.to_bytes()) {
                Ok(bytes) => {
                    if let Err(e) = inner.net.request(&peer, bytes).await {
                        debug!(%party, error = %e, "roster offer not delivered");
                    }
                }
                Err(e) => debug!(%party, error = %e, "roster offer not sealed"),
            }
        });
    }
}

fn decode_all<T: serde::de::DeserializeOwned>(store: &Store, cf: Cf, what: &'static str) -> NodeResult<Vec<T>> {
    store.scan_prefix(cf, b"")?.into_iter().map(|(_, v)| records::decode(what, &v).map_err(NodeError::from)).collect()
}

fn fingerprints_match(pin: &str, actual: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let p = norm(pin);
    !p.is_empty() && p == norm(actual)
}

/// Applies each new roster to the network allow-list and wakes the workers.
async fn roster_task(inner: Arc<Inner>, mut rx: watch::Receiver<Option<Arc<RosterState>>>) {
    let mut shutdown = inner.shutdown_rx();
    loop {
        let current = rx.borrow_and_update().clone();
        if let Some(state) = current {
            let me = inner.net.local_peer_id().to_string();
            let members: Vec<network::Member> = state
                .roster
                .parties()
                .filter(|(_, n)| n.peer_id != me)
                .map(|(_, n)| network::Member { peer_id: n.peer_id.clone(), addrs: n.addrs.clone() })
                .collect();
            if let Err(e) = inner.net.set_members(members).await {
                warn!(error = %e, "could not apply the roster to the network");
            }
            if let Err(e) = inner.net.dial_all().await {
                debug!(error = %e, "dialing members failed");
            }
            for (party, _) in state.roster.parties() {
                inner.wakers.reachable(party);
            }
        }
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            r = rx.changed() => if r.is_err() { break },
        }
    }
}

/// Hands each inbound envelope to the inbox, a bounded number at a time.
async fn inbound_loop(inner: Arc<Inner>, mut rx: tokio::sync::mpsc::Receiver<Inbound>) {
    let mut shutdown = inner.shutdown_rx();
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
        let inner = inner.clone();
        running.spawn(async move {
            let answer = inbox::handle(&inner, &inbound.peer, &inbound.bytes).await;
            let _ = inbound.reply.send(answer);
            drop(permit);
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
                inner.push_roster_to(party);
            }
        }
    }
}
