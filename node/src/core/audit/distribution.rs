//! Which States received which version of a case, and when they receipted
//! it, read from the log (ToR-15 audit trail).

use dief_protocol::{CaseId, Kind, MessageId, Party, StateCode};
use serde::{Deserialize, Serialize};

use crate::core::audit::entry::{read_entries, AuditEntry, PAGE};
use crate::core::audit::event::AuditAction;
use crate::core::audit::report::AuditError;
use crate::core::store::Store;

/// One recipient of one version of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistributionRow {
    pub state: StateCode,
    pub version: Option<u32>,
    pub kind: Kind,
    pub message_id: MessageId,
    /// Seq and time of the `Sent` entry.
    pub sent_seq: u64,
    pub sent_at: i64,
    /// Time this node recorded the State's signed receipt; `None` while
    /// the envelope is still in the outbox.
    pub receipted_at: Option<i64>,
}

fn is_case_distribution(action: &AuditAction) -> bool {
    matches!(action, AuditAction::Sent { kind } if matches!(kind, Kind::CaseShare | Kind::CaseUpdate))
}

/// Which States were sent which version of `case`, in log order, with the
/// time each receipted it (the first receipt recorded for that envelope).
pub fn distribution(entries: &[AuditEntry], case: &CaseId) -> Vec<DistributionRow> {
    let mut rows: Vec<DistributionRow> = Vec::new();
    for entry in entries {
        let ev = &entry.event;
        if is_case_distribution(&ev.action) && ev.case_id.as_ref() == Some(case) {
            let (AuditAction::Sent { kind }, Some(message_id)) = (&ev.action, ev.message_id) else { continue };
            for state in ev.parties.iter().filter_map(Party::state) {
                rows.push(DistributionRow {
                    state,
                    version: ev.version,
                    kind: *kind,
                    message_id,
                    sent_seq: entry.seq,
                    sent_at: entry.at,
                    receipted_at: None,
                });
            }
        } else if ev.action == AuditAction::Receipted {
            let (Some(id), Some(Party::State(by))) = (ev.message_id, ev.parties.first().copied()) else { continue };
            if let Some(row) = rows.iter_mut().find(|r| r.message_id == id && r.state == by && r.receipted_at.is_none())
            {
                row.receipted_at = Some(entry.at);
            }
        }
    }
    rows
}

/// The entries `distribution` needs for `case`, read page by page: its
/// sent envelopes and the receipts of those envelopes (a receipt is always
/// recorded after its `Sent` entry).
pub fn case_distribution(store: &Store, case: &CaseId) -> Result<Vec<DistributionRow>, AuditError> {
    let mut relevant = Vec::new();
    let mut ids = std::collections::HashSet::new();
    let mut from = 1u64;
    loop {
        let page = read_entries(store, from, PAGE)?;
        let Some(last) = page.last().map(|e| e.seq) else { break };
        for entry in page {
            let ev = &entry.event;
            if is_case_distribution(&ev.action) && ev.case_id.as_ref() == Some(case) {
                ids.extend(ev.message_id);
                relevant.push(entry);
            } else if ev.action == AuditAction::Receipted && ev.message_id.is_some_and(|id| ids.contains(&id)) {
                relevant.push(entry);
            }
        }
        from = match last.checked_add(1) {
            Some(f) => f,
            None => break,
        };
    }
    Ok(distribution(&relevant, case))
}
