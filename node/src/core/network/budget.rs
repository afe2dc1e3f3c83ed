//! What members' requests may hold of this node: bytes being read (in the
//! codec, before the peer is known), bytes received and not yet answered
//! (per peer and in all), and requests per second (per peer). Over a
//! budget a request is refused as "busy, retry" and its bytes freed at
//! once, so one member flooding the node cannot exhaust its memory nor
//! crowd out the others.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use libp2p::PeerId;

/// Frames above this size are read from the large pool, the others from
/// the small pool: a member sending maximum-size envelopes fills the
/// large pool only, and everyday envelopes keep flowing.
pub(super) const LARGE_FRAME: usize = 1024 * 1024;

/// The limits, set in [`super::NetworkConfig`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InboundBudgets {
    /// Bytes of frames above 1 MiB being read at once, from all peers.
    pub reading_large: usize,
    /// Bytes of smaller frames being read at once, from all peers.
    pub reading_small: usize,
    /// Bytes of one peer's requests received and not yet answered.
    pub per_peer_bytes: usize,
    /// Bytes of all peers' requests received and not yet answered.
    pub total_bytes: usize,
    /// Requests a peer may send per second, on average.
    pub per_peer_rate: u32,
    /// Requests a peer may send in a burst above the rate.
    pub per_peer_burst: u32,
}

impl Default for InboundBudgets {
    /// Three maximum-size envelopes in flight per member, sixteen in all;
    /// far above what the outbox sends (64 envelopes of a few KiB).
    fn default() -> Self {
        InboundBudgets {
            reading_large: 128 * 1024 * 1024,
            reading_small: 64 * 1024 * 1024,
            per_peer_bytes: 48 * 1024 * 1024,
            total_bytes: 256 * 1024 * 1024,
            per_peer_rate: 5_000,
            per_peer_burst: 10_000,
        }
    }
}

/// Bytes being read by the codec, in two pools.
#[derive(Debug)]
pub(super) struct Reading {
    large: AtomicUsize,
    small: AtomicUsize,
    large_cap: usize,
    small_cap: usize,
}

/// A reservation of bytes being read; released when dropped.
#[derive(Debug)]
pub(super) struct ReadPermit {
    pool: Arc<Reading>,
    len: usize,
}

impl Reading {
    pub(super) fn new(budgets: &InboundBudgets) -> Arc<Self> {
        Arc::new(Reading {
            large: AtomicUsize::new(0),
            small: AtomicUsize::new(0),
            large_cap: budgets.reading_large,
            small_cap: budgets.reading_small,
        })
    }

    /// Reserves `len` bytes, or says which pool is full.
    pub(super) fn reserve(self: &Arc<Self>, len: usize) -> Result<ReadPermit, String> {
        let (pool, cap) = self.pool(len);
        pool.fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
            held.checked_add(len).filter(|total| *total <= cap)
        })
        .map(|_| ReadPermit { pool: self.clone(), len })
        .map_err(|held| format!("node busy: {held} bytes of frames this size being read (limit {cap}), retry later"))
    }

    fn pool(&self, len: usize) -> (&AtomicUsize, usize) {
        if len > LARGE_FRAME {
            (&self.large, self.large_cap)
        } else {
            (&self.small, self.small_cap)
        }
    }
}

impl Drop for ReadPermit {
    fn drop(&mut self) {
        let (pool, _) = self.pool.pool(self.len);
        pool.fetch_sub(self.len, Ordering::AcqRel);
    }
}

#[derive(Debug, Default)]
struct Held {
    per_peer: HashMap<PeerId, usize>,
    total: usize,
}

/// Bytes of requests received and not yet answered.
#[derive(Debug)]
pub(super) struct Ledger {
    held: Mutex<Held>,
    per_peer_cap: usize,
    total_cap: usize,
}

/// A request's bytes on the ledger; released when the request is answered
/// (the guard travels with the request into the node and is dropped there).
#[derive(Debug)]
pub struct HeldBytes {
    ledger: Arc<Ledger>,
    peer: PeerId,
    len: usize,
}

impl Ledger {
    pub(super) fn new(budgets: &InboundBudgets) -> Arc<Self> {
        Arc::new(Ledger {
            held: Mutex::new(Held::default()),
            per_peer_cap: budgets.per_peer_bytes,
            total_cap: budgets.total_bytes,
        })
    }

    /// Puts `len` bytes from `peer` on the ledger, or says which budget
    /// they would exceed.
    pub(super) fn hold(self: &Arc<Self>, peer: PeerId, len: usize) -> Result<HeldBytes, String> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let mine = held.per_peer.get(&peer).copied().unwrap_or(0);
        if mine.saturating_add(len) > self.per_peer_cap {
            return Err(format!(
                "node busy: your requests not yet answered hold {mine} bytes (limit {} per member), retry later",
                self.per_peer_cap
            ));
        }
        if held.total.saturating_add(len) > self.total_cap {
            return Err(format!(
                "node busy: {} bytes of requests being handled (limit {}), retry later",
                held.total, self.total_cap
            ));
        }
        held.total += len;
        *held.per_peer.entry(peer).or_default() += len;
        Ok(HeldBytes { ledger: self.clone(), peer, len })
    }

    #[cfg(test)]
    fn total(&self) -> usize {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).total
    }
}

impl Drop for HeldBytes {
    fn drop(&mut self) {
        let mut held = self.ledger.held.lock().unwrap_or_else(|p| p.into_inner());
        held.total = held.total.saturating_sub(self.len);
        if let Some(mine) = held.per_peer.get_mut(&self.peer) {
            *mine = mine.saturating_sub(self.len);
            if *mine == 0 {
                held.per_peer.remove(&self.peer);
            }
        }
    }
}

/// A token bucket per peer.
#[derive(Debug)]
pub(super) struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: HashMap<PeerId, (f64, Instant)>,
}

impl RateLimiter {
    pub(super) fn new(budgets: &InboundBudgets) -> Self {
        RateLimiter {
            rate: f64::from(budgets.per_peer_rate.max(1)),
            burst: f64::from(budgets.per_peer_burst.max(1)),
            buckets: HashMap::new(),
        }
    }

    /// Takes a token for `peer`, or says the rate it is over.
    pub(super) fn take(&mut self, peer: PeerId, now: Instant) -> Result<(), String> {
        let (tokens, at) = self.buckets.entry(peer).or_insert((self.burst, now));
        let refill = now.saturating_duration_since(*at).as_secs_f64() * self.rate;
        *tokens = (*tokens + refill).min(self.burst);
        *at = now;
        if *tokens < 1.0 {
            return Err(format!("node busy: over {} requests per second from one member, retry later", self.rate));
        }
        *tokens -= 1.0;
        Ok(())
    }

    /// Forgets peers no longer members (the map stays the roster's size).
    pub(super) fn retain(&mut self, keep: impl Fn(&PeerId) -> bool) {
        self.buckets.retain(|p, _| keep(p));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn budgets() -> InboundBudgets {
        InboundBudgets {
            reading_large: 4 * LARGE_FRAME,
            reading_small: 1000,
            per_peer_bytes: 100,
            total_bytes: 150,
            per_peer_rate: 10,
            per_peer_burst: 2,
        }
    }

    #[test]
    fn reading_pools_are_separate_and_released() {
        let r = Reading::new(&budgets());
        let big = r.reserve(3 * LARGE_FRAME).unwrap();
        assert!(r.reserve(2 * LARGE_FRAME).unwrap_err().contains("limit"));
        // Small frames still fit while the large pool is full.
        let small = r.reserve(900).unwrap();
        assert!(r.reserve(200).is_err());
        drop(big);
        drop(small);
        assert!(r.reserve(4 * LARGE_FRAME).is_ok());
    }

    #[test]
    fn one_peer_cannot_take_the_whole_ledger() {
        let l = Ledger::new(&budgets());
        let (a, b) = (PeerId::random(), PeerId::random());
        let a1 = l.hold(a, 80).unwrap();
        let err = l.hold(a, 30).unwrap_err();
        assert!(err.contains("limit 100 per member"), "{err}");
        let b1 = l.hold(b, 60).unwrap();
        assert!(l.hold(b, 20).unwrap_err().contains("limit 150"));
        drop(a1);
        assert_eq!(l.total(), 60);
        drop(b1);
        assert_eq!(l.total(), 0);
        assert!(l.hold(a, 100).is_ok());
    }

    #[test]
    fn the_rate_limit_refills_with_time() {
        let mut r = RateLimiter::new(&budgets());
        let (p, t0) = (PeerId::random(), Instant::now());
        assert!(r.take(p, t0).is_ok());
        assert!(r.take(p, t0).is_ok());
        assert!(r.take(p, t0).unwrap_err().contains("10 requests per second"));
        assert!(r.take(PeerId::random(), t0).is_ok());
        assert!(r.take(p, t0 + Duration::from_millis(100)).is_ok());
        r.retain(|_| false);
        assert!(r.buckets.is_empty());
    }
}
