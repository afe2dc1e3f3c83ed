//! A running node warns in its log, once per deadline and state, when one
//! of its own deadlines is near or missed.

use std::collections::BTreeSet;

use tokio::sync::watch;
use tracing::debug;

use crate::core::handle::Core;
use crate::services::meetings::send::deadlines;
use crate::services::meetings::views::DeadlineStatus;

/// How often a running node looks at its deadlines.
const DEADLINE_WATCH: std::time::Duration = std::time::Duration::from_secs(600);

/// Logs a warning, once per deadline and state, when one of this node's own
/// deadlines comes within a week or is missed: the operator sees it in the
/// log without asking (`dief deadlines` shows the same list).
pub(crate) async fn deadline_watch(core: Core, mut shutdown: watch::Receiver<bool>) {
    let mut warned: BTreeSet<String> = BTreeSet::new();
    let mut tick = tokio::time::interval(DEADLINE_WATCH);
    loop {
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            _ = tick.tick() => {}
        }
        let items = match deadlines(&core) {
            Ok(items) => items,
            Err(e) => {
                debug!(error = %e, "deadlines not computed");
                continue;
            }
        };
        if warned.len() > 10_000 {
            warned.clear();
        }
        for d in items.iter().filter(|d| d.mine && d.status.warns()) {
            let near = matches!(d.status, DeadlineStatus::Near { .. });
            let key = format!("{}|{}|{}|{near}", d.tor, d.what, d.due);
            if warned.insert(key) {
                tracing::warn!(tor = %d.tor, due = %d.due, status = %d.status, "deadline: {}", d.what);
            }
        }
    }
}
