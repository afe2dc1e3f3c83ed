//! What a node reports about its own health: the items that need an
//! operator (`dief status` exits non-zero on any of them), read from the
//! store, the roster and every service's [`Service::attention`].
//!
//! [`Service::attention`]: crate::core::service::Service::attention

use dief_protocol::Party;

use crate::core::error::NodeResult;
use crate::core::handle::Core;
use crate::core::metrics::RefusalCategory;
use crate::core::records::{self, QueueEntry};
use crate::core::service::Services;
use crate::core::store::Cf;

/// Queue entries set aside (one per envelope and recipient). A queue entry
/// that does not decode counts too: it will never be sent either.
pub(in crate::core) fn set_aside_count(core: &Core) -> NodeResult<usize> {
    let entries = core.inner.store.scan_prefix(Cf::Outbox, b"q/")?;
    Ok(entries
        .iter()
        .filter(|(_, v)| records::decode::<QueueEntry>("queue entry", v).map_or(true, |q| q.set_aside.is_some()))
        .count())
}

/// Why the node needs attention; empty when it does not.
pub(in crate::core) fn attention(core: &Core, services: &Services, set_aside: usize) -> Vec<String> {
    let mut items = Vec::new();
    if set_aside > 0 {
        items.push(format!("{set_aside} envelope delivery(ies) set aside (see `dief outbox`, retry with --retry)"));
    }
    let failures = core.inner.store.write_failures();
    if failures > 0 {
        items.push(format!("{failures} store write(s) failed since start (disk full or failing?)"));
    }
    // A full (or unreadable) disk: the node refuses new work until space
    // is freed, which the operator must know before users do.
    if let Err(e) = core.inner.store.check_room() {
        items.push(e.to_string());
    }
    if let Err(e) = core.inner.store.disk_bytes() {
        items.push(format!("the store directory cannot be read: {e}"));
    }
    let backups = core.inner.backups.lock().unwrap_or_else(|p| p.into_inner()).clone();
    if let Some(error) = backups.last_error {
        items.push(format!("the last backup failed: {error}"));
    }
    if let Some(problem) = roster_mismatch(core) {
        items.push(problem);
    }
    for alert in crate::core::alerts::list(&core.inner.store).unwrap_or_default() {
        if alert.acknowledged.is_none() {
            items.push(format!("ALERT {}: {} (`dief alerts ack {}`)", alert.id, alert.text, alert.id));
        }
    }
    items.extend(wire_problems(core));
    for service in services.iter() {
        items.extend(service.attention(core));
    }
    items
}

/// A federation that writes a wire version this build does not read, and
/// envelopes refused because their sender holds another roster of the same
/// sequence (a Secretariat showing members different rosters).
fn wire_problems(core: &Core) -> Vec<String> {
    let mut items = Vec::new();
    let newest = core.inner.newest_wire_version();
    if let Some(roster) = core.inner.roster() {
        if roster.roster.wire_version > newest {
            items.push(format!(
                "the roster asks members to write wire version {}, but this build reads up to {newest}: upgrade dief",
                roster.roster.wire_version
            ));
        }
    }
    let split = core.inner.metrics.refused_in(RefusalCategory::SplitRoster);
    if split > 0 {
        items.push(format!(
            "{split} envelope(s) refused since start because their sender holds another roster of the same sequence: \
             the Secretariat may have shown members different rosters (compare `dief roster show` with them)"
        ));
    }
    items
}

/// The roster's entry for this node must carry this node's keys: if not,
/// peers seal to keys it does not hold and refuse what it signs.
fn roster_mismatch(core: &Core) -> Option<String> {
    let roster = core.inner.roster()?;
    let party = core.inner.party;
    // What the roster lists, not this node's pin of its own keys.
    let Some(entry) = roster.roster.listed(party) else {
        // A State not admitted yet is waiting for the Secretariat, which is
        // shown by the roster line of the status, not a fault.
        return None;
    };
    let keys = core.inner.keys();
    let who = match party {
        Party::Secretariat => "the Secretariat".to_string(),
        Party::State(s) => s.to_string(),
    };
    if entry.signing_key != keys.identity.public() {
        return Some(format!("roster mismatch: the roster's signing key for {who} is not this node's"));
    }
    if entry.encryption_key != keys.encryption.public() {
        return Some(format!("roster mismatch: the roster's encryption key for {who} is not this node's"));
    }
    None
}
