//! The node's counters for monitoring: envelopes sent, delivered and
//! refused by kind (and refusals by a fixed reason category), deliveries set
//! aside, inbound bytes. Plain atomics, incremented where the event happens
//! (`inbox.rs`, `outbox.rs`), rendered in the Prometheus text format with
//! the gauges read at scrape time (`core/node/monitoring.rs`).
//!
//! Labels are closed sets (payload kinds, [`RefusalCategory`]): nothing a
//! peer sends becomes a label, so a peer can neither inflate the series nor
//! smuggle text into them.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use dief_protocol::Kind;

/// Kinds plus one slot for an envelope refused before its kind was known.
const SLOTS: usize = Kind::ALL.len() + 1;
const UNKNOWN: usize = Kind::ALL.len();

/// Why an arriving envelope was refused, as a fixed category; the full
/// reason goes to the sender and to this node's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalCategory {
    /// Not a decodable envelope.
    Malformed,
    /// This node has no roster yet.
    NoRoster,
    /// The delivering peer is not on the roster.
    NotMember,
    /// The signature or the sender's keys do not verify.
    Signature,
    /// Signed under keys or a roster older than the held one, or newer.
    Stale,
    /// Verified but not for this node, or its key does not open it.
    Envelope,
    /// A different envelope reuses a delivered message id.
    ReusedId,
    /// This node's store failed.
    Store,
    /// No service of this node's version takes the kind.
    NotHandled,
    /// The service refused it for good (the node's records forbid it).
    Rejected,
    /// The service cannot take it yet (what it depends on is on its way).
    NotYet,
    /// A wire version this build does not read.
    Version,
    /// Sealed under a roster of the held sequence with other content.
    SplitRoster,
}

impl RefusalCategory {
    pub const ALL: [RefusalCategory; 13] = [
        RefusalCategory::Malformed,
        RefusalCategory::NoRoster,
        RefusalCategory::NotMember,
        RefusalCategory::Signature,
        RefusalCategory::Stale,
        RefusalCategory::Envelope,
        RefusalCategory::ReusedId,
        RefusalCategory::Store,
        RefusalCategory::NotHandled,
        RefusalCategory::Rejected,
        RefusalCategory::NotYet,
        RefusalCategory::Version,
        RefusalCategory::SplitRoster,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCategory::Malformed => "malformed",
            RefusalCategory::NoRoster => "no_roster",
            RefusalCategory::NotMember => "not_member",
            RefusalCategory::Signature => "signature",
            RefusalCategory::Stale => "stale",
            RefusalCategory::Envelope => "envelope",
            RefusalCategory::ReusedId => "reused_id",
            RefusalCategory::Store => "store",
            RefusalCategory::NotHandled => "not_handled",
            RefusalCategory::Rejected => "rejected",
            RefusalCategory::NotYet => "not_yet",
            RefusalCategory::Version => "version",
            RefusalCategory::SplitRoster => "split_roster",
        }
    }

    fn index(self) -> usize {
        RefusalCategory::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

const CATEGORIES: usize = RefusalCategory::ALL.len();

/// The counters of one running node; shared by its tasks.
#[derive(Debug)]
pub struct Metrics {
    sent: [AtomicU64; SLOTS],
    delivered: [AtomicU64; SLOTS],
    duplicates: AtomicU64,
    refused: [[AtomicU64; CATEGORIES]; SLOTS],
    set_aside: AtomicU64,
    inbound_bytes: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            sent: std::array::from_fn(|_| AtomicU64::new(0)),
            delivered: std::array::from_fn(|_| AtomicU64::new(0)),
            duplicates: AtomicU64::new(0),
            refused: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
            set_aside: AtomicU64::new(0),
            inbound_bytes: AtomicU64::new(0),
        }
    }
}

fn slot(kind: Option<Kind>) -> usize {
    kind.and_then(|k| Kind::ALL.iter().position(|x| *x == k)).unwrap_or(UNKNOWN)
}

fn kind_label(slot: usize) -> &'static str {
    Kind::ALL.get(slot).map_or("unknown", |k| k.as_str())
}

fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

impl Metrics {
    /// An envelope receipted by one recipient.
    pub fn sent(&self, kind: Kind) {
        if let Some(c) = self.sent.get(slot(Some(kind))) {
            add(c, 1);
        }
    }

    /// An envelope stored and receipted by this node (a duplicate is
    /// receipted again but counted apart).
    pub fn delivered(&self, kind: Kind, duplicate: bool) {
        if duplicate {
            add(&self.duplicates, 1);
        } else if let Some(c) = self.delivered.get(slot(Some(kind))) {
            add(c, 1);
        }
    }

    pub fn refused(&self, kind: Option<Kind>, category: RefusalCategory) {
        if let Some(c) = self.refused.get(slot(kind)).and_then(|row| row.get(category.index())) {
            add(c, 1);
        }
    }

    /// Envelopes refused in `category` since start, of every kind.
    pub fn refused_in(&self, category: RefusalCategory) -> u64 {
        self.refused.iter().filter_map(|row| row.get(category.index())).map(|c| c.load(Ordering::Relaxed)).sum()
    }

    /// A delivery set aside (permanent refusal or too many failures).
    pub fn set_aside(&self) {
        add(&self.set_aside, 1);
    }

    pub fn inbound_bytes(&self, n: usize) {
        add(&self.inbound_bytes, u64::try_from(n).unwrap_or(u64::MAX));
    }

    /// The counters in the Prometheus text format (version 0.0.4). Zero
    /// series are left out but every family's HELP and TYPE are written.
    pub fn render(&self, out: &mut String) {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        family(out, "dief_envelopes_sent_total", "counter", "Envelopes receipted by a recipient, per recipient.");
        for (i, c) in self.sent.iter().enumerate().filter(|(_, c)| load(c) > 0) {
            let _ = writeln!(out, "dief_envelopes_sent_total{{kind=\"{}\"}} {}", kind_label(i), load(c));
        }
        family(out, "dief_envelopes_delivered_total", "counter", "Envelopes this node stored and receipted.");
        for (i, c) in self.delivered.iter().enumerate().filter(|(_, c)| load(c) > 0) {
            let _ = writeln!(out, "dief_envelopes_delivered_total{{kind=\"{}\"}} {}", kind_label(i), load(c));
        }
        family(out, "dief_envelopes_duplicate_total", "counter", "Envelopes delivered again and receipted again.");
        let _ = writeln!(out, "dief_envelopes_duplicate_total {}", load(&self.duplicates));
        family(out, "dief_envelopes_refused_total", "counter", "Arriving envelopes refused, by kind and reason.");
        for (i, row) in self.refused.iter().enumerate() {
            for (category, c) in RefusalCategory::ALL.iter().zip(row).filter(|(_, c)| load(c) > 0) {
                let _ = writeln!(
                    out,
                    "dief_envelopes_refused_total{{kind=\"{}\",reason=\"{}\"}} {}",
                    kind_label(i),
                    category.as_str(),
                    load(c)
                );
            }
        }
        family(out, "dief_deliveries_set_aside_total", "counter", "Deliveries set aside since start.");
        let _ = writeln!(out, "dief_deliveries_set_aside_total {}", load(&self.set_aside));
        family(out, "dief_inbound_bytes_total", "counter", "Bytes of envelopes delivered to this node.");
        let _ = writeln!(out, "dief_inbound_bytes_total {}", load(&self.inbound_bytes));
    }
}

/// The HELP and TYPE lines of one metric family.
pub fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_render_with_fixed_labels() {
        let m = Metrics::default();
        m.sent(Kind::CaseShare);
        m.sent(Kind::CaseShare);
        m.delivered(Kind::Reply, false);
        m.delivered(Kind::Reply, true);
        m.refused(None, RefusalCategory::Malformed);
        m.refused(Some(Kind::CaseShare), RefusalCategory::Signature);
        m.inbound_bytes(10);
        let mut out = String::new();
        m.render(&mut out);
        assert!(out.contains("dief_envelopes_sent_total{kind=\"case_share\"} 2\n"), "{out}");
        assert!(out.contains("dief_envelopes_delivered_total{kind=\"reply\"} 1\n"), "{out}");
        assert!(out.contains("dief_envelopes_duplicate_total 1\n"), "{out}");
        assert!(out.contains("dief_envelopes_refused_total{kind=\"unknown\",reason=\"malformed\"} 1\n"), "{out}");
        assert!(out.contains("dief_envelopes_refused_total{kind=\"case_share\",reason=\"signature\"} 1\n"), "{out}");
        assert!(out.contains("dief_inbound_bytes_total 10\n"), "{out}");
        assert!(!out.contains("kind=\"case_update\""), "{out}");
    }
}
