//! What the node's backup and restore operations report to their callers
//! (the CLI prints them), kept apart from `backup.rs` so the node's
//! `mod.rs` can re-export them without importing the file that imports it.

use std::path::PathBuf;

use dief_protocol::Party;
use serde::{Deserialize, Serialize};

/// What `dief restore` reports.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RestoreReport {
    pub dir: PathBuf,
    pub party: Party,
    /// When the backup was taken (ms since the epoch).
    pub backup_created_at: i64,
    /// Schema version of the store in the backup (migrated on open if older).
    pub backup_schema: u32,
    pub files: usize,
}
