//! The in-memory search index over the cases a node holds, its own and
//! received (ToR-19: the seven categories are searchable and comparable).
//!
//! The store seals every value, so it cannot be queried; instead the node
//! decodes each case once (at start and on every write) into a
//! [`SearchDoc`] kept in memory, and a query is a scan over those. Memory
//! only: nothing here reaches the disk. At 10,000 cases the scan is well
//! under the 20 ms target (`dief bench --search` prints the figure).

use std::collections::BTreeMap;
use std::sync::RwLock;

use dief_protocol::case::{CaseQuery, SearchDoc};
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::{CaseId, Party, StateCode};
use serde::{Deserialize, Serialize};

use crate::services::records::{CaseEntry, Origin};

/// One line of a search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub version: u32,
    pub title: String,
    pub provider: StateCode,
    pub status: CaseStatus,
    pub investigation: Investigation,
    /// The State that shared the case with this node; `None` for an own case.
    pub received_from: Option<Party>,
    pub withdrawn: bool,
    pub updated_at: i64,
}

struct Indexed {
    doc: SearchDoc,
    summary: CaseSummary,
}

/// The index; cheap to read from many requests at once.
#[derive(Default)]
pub(crate) struct CaseIndex {
    cases: RwLock<BTreeMap<CaseId, Indexed>>,
}

impl std::fmt::Debug for CaseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseIndex").field("cases", &self.len()).finish()
    }
}

impl CaseIndex {
    pub fn load(entries: impl IntoIterator<Item = CaseEntry>) -> CaseIndex {
        let index = CaseIndex::default();
        for e in entries {
            index.upsert(&e);
        }
        index
    }

    /// Adds or replaces a case; call after the write is durable.
    pub fn upsert(&self, e: &CaseEntry) {
        let r = &e.record;
        let summary = CaseSummary {
            id: r.id,
            version: r.version,
            title: r.content.title.clone(),
            provider: r.id.provider(),
            status: r.content.status,
            investigation: r.content.investigation,
            received_from: match &e.origin {
                Origin::Own => None,
                Origin::Received { from, .. } => Some(*from),
            },
            withdrawn: e.withdrawn.is_some(),
            updated_at: r.updated_at,
        };
        let doc = SearchDoc::new(r);
        self.write().insert(r.id, Indexed { doc, summary });
    }

    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Matching cases, most recently updated first, at most `limit`.
    pub fn search(&self, query: &CaseQuery, include_withdrawn: bool, limit: usize) -> Vec<CaseSummary> {
        let prepared = query.prepare();
        let cases = self.read();
        let mut hits: Vec<&CaseSummary> = cases
            .values()
            .filter(|c| include_withdrawn || !c.summary.withdrawn)
            .filter(|c| prepared.matches(&c.doc))
            .map(|c| &c.summary)
            .collect();
        hits.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
        hits.into_iter().take(limit).cloned().collect()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<CaseId, Indexed>> {
        self.cases.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<CaseId, Indexed>> {
        self.cases.write().unwrap_or_else(|p| p.into_inner())
    }
}
