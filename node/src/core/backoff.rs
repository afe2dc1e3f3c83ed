//! The outbox's retry schedule (`Backoff`): exponential with jitter and a
//! cap, held by the node's state so that tests can shorten it. Apart from
//! `outbox.rs` so that the state can hold it without importing the outbox.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rand::Rng;

pub(in crate::core) const BACKOFF_BASE: Duration = Duration::from_millis(250);
pub(in crate::core) const BACKOFF_CAP: Duration = Duration::from_secs(30);

/// The outbox's retry schedule: exponential from `base`, capped at `cap`,
/// with jitter. Fixed in production; the tests shorten it (test-support
/// `Node::set_outbox_backoff`) to show in seconds what takes the real
/// schedule many minutes.
#[derive(Debug)]
pub(in crate::core) struct Backoff {
    base_ms: AtomicU64,
    cap_ms: AtomicU64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(BACKOFF_BASE, BACKOFF_CAP)
    }
}

impl Backoff {
    fn new(base: Duration, cap: Duration) -> Self {
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1);
        Backoff { base_ms: AtomicU64::new(ms(base)), cap_ms: AtomicU64::new(ms(cap)) }
    }

    #[cfg(feature = "test-support")]
    pub(in crate::core) fn set(&self, base: Duration, cap: Duration) {
        let fresh = Backoff::new(base, cap);
        self.base_ms.store(fresh.base_ms.into_inner(), Ordering::Relaxed);
        self.cap_ms.store(fresh.cap_ms.into_inner(), Ordering::Relaxed);
    }

    /// The longest wait after `step` failures in a row: base * 2^step,
    /// capped.
    pub(in crate::core) fn ceiling_ms(&self, step: u32) -> u64 {
        let base = self.base_ms.load(Ordering::Relaxed);
        base.saturating_mul(1u64 << step.min(16)).min(self.cap_ms.load(Ordering::Relaxed)).max(1)
    }

    /// The wait after `step` failures in a row: between half the ceiling
    /// and the ceiling ("equal jitter"), so that workers spread out but
    /// never retry at once.
    pub(in crate::core) fn delay(&self, step: u32) -> Duration {
        let ms = self.ceiling_ms(step);
        Duration::from_millis(rand::thread_rng().gen_range(ms / 2..=ms))
    }
}
