//! The state one running node shares between its tasks: store, keys,
//! network handle, clock, audit log, roster, outbox wakers, and the
//! shutdown signal. Private to the core: services reach it only through
//! the narrow [`crate::core::handle::Core`].

use std::path::PathBuf;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use dief_protocol::envelope::Sender;
use dief_protocol::{MessageId, Party, Roster, SignedRoster, SigningPublicKey};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::core::audit::Audit;
use crate::core::clock::Clock;
use crate::core::config::NodeConfig;
use crate::core::error::NodeResult;
use crate::core::keystore::Keys;
use crate::core::metrics::Metrics;
use crate::core::network::Network;
use crate::core::store::{Cf, Store};
use crate::core::wakers::Wakers;

/// The roster this node holds, decoded and as signed.
#[derive(Debug)]
pub struct RosterState {
    pub roster: Roster,
    pub signed: SignedRoster,
}

/// How this node's backups went, for `dief status` and the metrics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStatus {
    /// When the last backup that succeeded was taken (ms since the epoch).
    pub last_at: Option<i64>,
    /// Where it was written.
    pub last_file: Option<PathBuf>,
    /// Why the last attempt failed; cleared by the next success.
    pub last_error: Option<String>,
}

pub(crate) struct Inner {
    pub(in crate::core) party: Party,
    pub(in crate::core) config: NodeConfig,
    pub(in crate::core) dir: PathBuf,
    pub(in crate::core) store: Store,
    /// Replaced as a whole when a key rotation takes effect.
    pub(in crate::core) keys: RwLock<Arc<Keys>>,
    pub(in crate::core) net: Network,
    pub(in crate::core) clock: Clock,
    /// The hash-chained audit log (ToR-15); see `audit.rs`.
    pub(in crate::core) audit: Audit,
    pub(in crate::core) roster: RwLock<Option<Arc<RosterState>>>,
    pub(in crate::core) roster_tx: watch::Sender<Option<Arc<RosterState>>>,
    pub(in crate::core) receipts_tx: tokio::sync::broadcast::Sender<(MessageId, Party)>,
    pub(in crate::core) wakers: Wakers,
    /// Counters for the metrics page; see `metrics.rs`.
    pub(in crate::core) metrics: Metrics,
    pub(in crate::core) shutdown_tx: watch::Sender<bool>,
    pub(in crate::core) tasks: Mutex<Vec<JoinHandle<()>>>,
    /// The newest wire version this node reads and writes: this build's
    /// [`dief_protocol::envelope::WIRE_VERSION`], lowered only by tests that
    /// stand in for a node of the previous release.
    pub(in crate::core) newest_wire: AtomicU16,
    /// Message ids the inbox is storing right now: a second delivery of one
    /// of them waits for the first instead of being applied beside it.
    /// Bounded by the network's limit on concurrent inbound requests.
    pub(in crate::core) in_flight: Mutex<std::collections::HashSet<MessageId>>,
    /// Held while the outbox seals a queued envelope again (after a key
    /// rotation), so that one message is sealed once.
    pub(in crate::core) resealing: tokio::sync::Mutex<()>,
    /// Secretariat: key rotations received, for the node to apply to the
    /// roster once stored (the inbox cannot edit the roster itself).
    pub(in crate::core) rotations: tokio::sync::mpsc::Sender<(Party, dief_protocol::roster::SignedKeyRotation)>,
    /// The outbox's retry schedule.
    pub(in crate::core) outbox_backoff: crate::core::backoff::Backoff,
    /// What the services keep in memory beside the store (`extensions.rs`).
    pub(in crate::core) extensions: crate::core::extensions::Extensions,
    /// Wakes the fetcher of streamed attachments (`attachments/fetch.rs`).
    pub(in crate::core) fetch_wake: tokio::sync::Notify,
    /// Held by a refetch of a failed file from its check to its reset, so
    /// two at once cannot both clear a file the fetcher is filling again.
    pub(in crate::core) refetching: tokio::sync::Mutex<()>,
    /// Chunks this node has sent to members (`attachments/serve.rs`).
    pub(in crate::core) chunks_served: std::sync::atomic::AtomicU64,
    /// Queue entries deleted (delivered) since the outbox queues were last
    /// compacted: see `outbox::compact_queues`.
    pub(in crate::core) queue_deletes: std::sync::atomic::AtomicU64,
    /// The outcome of the last backups (`node/backup.rs`).
    pub(in crate::core) backups: Mutex<BackupStatus>,
    /// Tests only: every envelope delivered to this node, as it came off
    /// the wire, so a test can show what the Secretariat could read.
    #[cfg(feature = "test-support")]
    pub(in crate::core) wiretap: Mutex<Vec<Vec<u8>>>,
}

/// Most envelopes the test wiretap keeps.
#[cfg(feature = "test-support")]
pub(in crate::core) const WIRETAP_LIMIT: usize = 100_000;

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node").field("party", &self.party).finish_non_exhaustive()
    }
}

impl Inner {
    pub(in crate::core) fn newest_wire_version(&self) -> u16 {
        self.newest_wire.load(Ordering::Relaxed)
    }

    pub(in crate::core) fn shutdown_rx(&self) -> watch::Receiver<bool> {
        self.shutdown_tx.subscribe()
    }

    pub(in crate::core) fn spawn(&self, fut: impl std::future::Future<Output = ()> + Send + 'static) {
        let handle = tokio::spawn(fut);
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        tasks.retain(|t| !t.is_finished());
        tasks.push(handle);
    }

    /// The keys held now. Take them once per operation: a rotation may
    /// replace them between two calls.
    pub(in crate::core) fn keys(&self) -> Arc<Keys> {
        self.keys.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(in crate::core) fn set_keys(&self, keys: Keys) {
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(keys);
    }

    pub(in crate::core) fn net(&self) -> &Network {
        &self.net
    }

    pub(in crate::core) fn sender<'k>(&self, keys: &'k Keys) -> Sender<'k> {
        Sender { party: self.party, identity: &keys.identity, encryption: &keys.encryption }
    }

    pub(in crate::core) fn roster(&self) -> Option<Arc<RosterState>> {
        self.roster.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(in crate::core) fn peer_of(&self, party: Party) -> Option<String> {
        self.roster()?.roster.node(party).map(|n| n.peer_id.clone())
    }

    pub(in crate::core) fn signing_key_of(&self, party: Party) -> Option<SigningPublicKey> {
        self.roster()?.roster.node(party).map(|n| n.signing_key)
    }

    /// The parties with envelopes waiting in the outbox.
    pub(in crate::core) fn queued_parties(&self) -> NodeResult<Vec<Party>> {
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
}
