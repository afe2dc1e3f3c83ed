//! The node's metrics page: the counters of [`Metrics`] and the gauges
//! read when it is scraped (outbox depth and oldest age per recipient,
//! set-aside deliveries, store size and write failures, connected members,
//! roster sequence, resident memory, and each service's gauges), in the
//! Prometheus text format.
//!
//! [`Metrics`]: crate::core::metrics::Metrics

use std::fmt::Write as _;

use dief_protocol::Party;

use crate::core::error::NodeResult;
use crate::core::metrics::family;
use crate::core::node::health::set_aside_count;
use crate::core::node::Node;
use crate::core::records;
use crate::core::store::Cf;

/// Recipient label, e.g. `FRA` or `SECRETARIAT`: roster parties only.
fn party_label(p: Party) -> String {
    records::party_key(p)
}

impl Node {
    /// The metrics page, in the Prometheus text format (version 0.0.4).
    pub async fn metrics_text(&self) -> NodeResult<String> {
        let inner = &self.core.inner;
        let mut out = String::with_capacity(4096);
        inner.metrics.render(&mut out);

        let roster = inner.roster();
        let now = inner.clock.now_ms();
        let mut parties: Vec<Party> = Vec::new();
        if let Some(r) = &roster {
            parties.push(Party::Secretariat);
            parties.extend(r.roster.members.iter().map(|m| Party::State(m.state)));
        }
        family(&mut out, "dief_outbox_depth", "gauge", "Deliveries queued for a recipient (set aside included).");
        let mut oldest = Vec::new();
        for party in parties.iter().filter(|p| **p != inner.party) {
            let prefix = records::queue_prefix(*party);
            let depth = inner.store.count(Cf::Outbox, &prefix)?;
            let _ = writeln!(out, "dief_outbox_depth{{to=\"{}\"}} {depth}", party_label(*party));
            let first = inner.store.scan_from(Cf::Outbox, &prefix, 1)?;
            let age = first
                .first()
                .filter(|(k, _)| k.starts_with(&prefix))
                .and_then(|(k, _)| records::queue_key_id(k))
                .map(|id| (now - i64::try_from(id.timestamp_ms()).unwrap_or(now)).max(0) / 1000);
            oldest.push((*party, age.unwrap_or(0)));
        }
        family(
            &mut out,
            "dief_outbox_oldest_age_seconds",
            "gauge",
            "Age of the oldest delivery queued for a recipient (0 when none).",
        );
        for (party, age) in oldest {
            let _ = writeln!(out, "dief_outbox_oldest_age_seconds{{to=\"{}\"}} {age}", party_label(party));
        }
        let connected = inner.net().connected_peers().await?;
        let members =
            roster.as_ref().map_or(0, |r| connected.iter().filter(|p| r.roster.party_of_peer(p).is_some()).count());
        let last_backup = self.backup_status().last_at.map_or(0, |ms| u64::try_from(ms / 1000).unwrap_or(0));
        let gauges: [(&str, &str, u64); 8] = [
            (
                "dief_deliveries_set_aside",
                "Deliveries set aside now (see `dief outbox`).",
                to_u64(set_aside_count(&self.core)?),
            ),
            ("dief_store_bytes", "Bytes the encrypted store takes on disk.", inner.store.disk_bytes()?),
            (
                "dief_store_write_failures_total",
                "Synced store writes that failed since start.",
                inner.store.write_failures(),
            ),
            ("dief_connected_members", "Roster members with an open connection.", to_u64(members)),
            (
                "dief_roster_sequence",
                "Sequence of the roster this node holds (0: none).",
                roster.as_ref().map_or(0, |r| r.roster.sequence),
            ),
            ("dief_process_resident_bytes", "Resident memory of this process.", resident_bytes().unwrap_or(0)),
            (
                "dief_last_backup_timestamp_seconds",
                "When the last backup that succeeded was taken, Unix seconds (0: none since start).",
                last_backup,
            ),
            (
                "dief_attachment_chunks_served_total",
                "Chunks of streamed attachments sent to members since start.",
                self.chunks_served(),
            ),
        ];
        for (name, help, value) in gauges {
            let kind = if name.ends_with("_total") { "counter" } else { "gauge" };
            family(&mut out, name, kind, help);
            let _ = writeln!(out, "{name} {value}");
        }
        for service in self.services.iter() {
            for g in service.gauges(&self.core) {
                family(&mut out, g.name, "gauge", g.help);
                let _ = writeln!(out, "{} {}", g.name, g.value);
            }
        }
        Ok(out)
    }
}

fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Resident set size from `/proc/self/status` (Linux); `None` elsewhere.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
