//! The audit log from the node's side: listing entries and verifying the
//! chain (`dief audit`). Who received which version of a case is the cases
//! service's view of the same log.

use super::Node;
use crate::core::audit::{Audit, AuditEntry, AuditReport};
use crate::core::error::NodeResult;

impl Node {
    /// Up to `limit` audit entries from `from_seq` on (the first is 1).
    /// Blocking read; call from a blocking context for long listings.
    pub fn audit_entries(&self, from_seq: u64, limit: usize) -> NodeResult<Vec<AuditEntry>> {
        Ok(Audit::entries(&self.core.inner.store, from_seq, limit)?)
    }

    /// Walks the whole audit chain (`dief audit verify`). Blocking and
    /// proportional to the log: call it from a blocking context.
    pub fn audit_verify(&self) -> NodeResult<AuditReport> {
        Ok(Audit::verify(&self.core.inner.store)?)
    }
}
