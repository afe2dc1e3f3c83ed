//! Time for the node: the system clock, or an offset clock that tests and
//! the demo can move forward (later issues run whole meeting cycles on it).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix milliseconds, shifted by an adjustable offset.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    pub fn now_ms(&self) -> i64 {
        let sys = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        sys.saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every clone of it) forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Moves this clock forward to the next 12:00 UTC, so that a test that
    /// counts calendar days has twelve hours before the date changes under
    /// it by itself.
    pub fn advance_to_noon(&self) {
        const DAY: i64 = 86_400_000;
        let into_day = self.now_ms().rem_euclid(DAY);
        self.advance((DAY / 2 - into_day).rem_euclid(DAY));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_every_clone() {
        let c = Clock::system();
        let d = c.clone();
        let before = d.now_ms();
        c.advance(86_400_000);
        assert!(d.now_ms() >= before + 86_400_000);
    }

    #[test]
    fn advance_to_noon_lands_at_midday_and_never_goes_back() {
        let c = Clock::system();
        let before = c.now_ms();
        c.advance_to_noon();
        let now = c.now_ms();
        assert!(now >= before && now - before < 86_400_000 + 1_000);
        let into_day = now.rem_euclid(86_400_000);
        assert!((43_200_000..43_200_000 + 1_000).contains(&into_day), "{into_day} ms into the day");
    }
}
