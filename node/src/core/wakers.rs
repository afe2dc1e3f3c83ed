//! Wakers of the outbox's per-recipient workers: the node's tasks (a new
//! envelope queued, a peer connecting, a roster change) wake a worker
//! without knowing how it delivers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use dief_protocol::Party;
use tokio::sync::Notify;

/// Why a worker should look at its queue again.
#[derive(Debug, Default)]
pub(crate) struct Wake {
    /// A new envelope was queued: handled when idle, but it does not cut
    /// a backoff short (that would turn a burst into a burst of retries).
    pub(crate) enqueued: Notify,
    /// The peer connected, or the roster changed: try at once, backoff reset.
    pub(crate) reachable: Notify,
}

/// Wakers of the per-recipient workers.
#[derive(Debug, Default)]
pub(crate) struct Wakers {
    map: Mutex<HashMap<Party, Arc<Wake>>>,
}

impl Wakers {
    /// The waker of `party`, and whether it is new (its worker must start).
    pub(crate) fn get(&self, party: Party) -> (Arc<Wake>, bool) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get(&party) {
            return (n.clone(), false);
        }
        let n = Arc::new(Wake::default());
        map.insert(party, n.clone());
        (n, true)
    }

    fn with(&self, party: Party, f: impl FnOnce(&Wake)) {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(w) = map.get(&party) {
            f(w);
        }
    }

    /// Something was queued for `party`.
    pub(crate) fn enqueued(&self, party: Party) {
        self.with(party, |w| w.enqueued.notify_one());
    }

    /// `party` is (again) reachable: retry now.
    pub(crate) fn reachable(&self, party: Party) {
        self.with(party, |w| w.reachable.notify_one());
    }
}
