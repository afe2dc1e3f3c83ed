//! Backups of a running node and its restore (issue 14): `dief backup`
//! and the scheduled backups of `[backup]` in node.toml write a sealed
//! checkpoint of the store with the node's node.toml inside
//! (`Store::backup_to`); `dief restore` recreates a node directory from
//! one (`Node::restore`). A restored node asks every member at its next
//! start to re-send what it receipted after the backup (`resend.rs`), so
//! nothing a peer still holds is lost and deduplication applies nothing
//! twice.

use std::path::Path;
use std::time::Duration;

use dief_protocol::date::Date;
use dief_protocol::payload::ResendRequest;
use dief_protocol::reason::Reason;
use dief_protocol::{Party, Payload};
use tracing::{info, warn, Instrument};

use super::{BackupStatus, Node};
use crate::core::config::{self, BackupConfig, NodeConfig, CONFIG_FILE, STORE_DIR, TOKEN_FILE};
use crate::core::error::{NodeError, NodeResult};
use crate::core::node::reports::RestoreReport;
use crate::core::resend::RESEND_MARGIN_MS;
use crate::core::store::{BackupInfo, Store, StoreError, Unlock};

/// Prefix and suffix of the files scheduled backups write; only files
/// named so are ever deleted by the retention.
const SCHEDULED_PREFIX: &str = "dief-backup-";
const SCHEDULED_SUFFIX: &str = ".bak";

impl Node {
    /// Writes a backup of this running node to `out` (a path on the node's
    /// machine): a consistent checkpoint of the store, sealed under a key
    /// derived from the data key, with node.toml inside. Taken while the
    /// node keeps receiving.
    pub async fn backup(&self, out: &Path) -> NodeResult<BackupInfo> {
        let inner = &self.core.inner;
        // The caller's mistake, not a failing backup: refused before the
        // status (and so the node's health) is touched.
        if out.exists() {
            return Err(StoreError::Backup { path: out.to_path_buf(), reason: "already exists".into() }.into());
        }
        let span = tracing::info_span!("backup", node = %inner.party, out = %out.display());
        let store = inner.store.clone();
        let toml = std::fs::read(NodeConfig::path(&inner.dir))?;
        let now = inner.clock.now_ms();
        let target = out.to_path_buf();
        let result = tokio::task::spawn_blocking(move || store.backup_to(&target, now, &[(CONFIG_FILE, &toml)]))
            .instrument(span)
            .await
            .map_err(|e| NodeError::Internal(format!("the backup task failed: {e}")))?
            .map_err(NodeError::from);
        let mut status = inner.backups.lock().unwrap_or_else(|p| p.into_inner());
        match &result {
            Ok(info) => {
                *status = BackupStatus {
                    last_at: Some(info.created_at),
                    last_file: Some(info.path.clone()),
                    last_error: None,
                }
            }
            Err(e) => status.last_error = Some(format!("{}: {e}", out.display())),
        }
        result
    }

    /// The outcome of the last backups since the node started.
    pub fn backup_status(&self) -> BackupStatus {
        self.core.inner.backups.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Recreates a node directory `dir` (absent or empty) from `file`: the
    /// store as it was at the backup, its node.toml, and a new API token.
    /// `unlock` must be the node's passphrase or key file; a wrong one
    /// writes nothing. The node, when started, asks its peers for what
    /// came after the backup.
    pub fn restore(file: &Path, dir: &Path, unlock: &Unlock) -> NodeResult<RestoreReport> {
        let span = tracing::info_span!("restore", file = %file.display(), dir = %dir.display());
        let _enter = span.enter();
        let has_entries = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(false);
        if has_entries {
            return Err(NodeError::Refused(Reason::new("refusal-backup-dir-not-empty").text("dir", dir.display())));
        }
        let restored = Store::restore_backup(file, &dir.join(STORE_DIR), unlock)?;
        let written = write_restored_files(dir, &restored.extras);
        let cfg = match written {
            Ok(cfg) => cfg,
            Err(e) => {
                let _ = std::fs::remove_dir_all(dir);
                return Err(e);
            }
        };
        info!(party = %cfg.party, created_at = restored.info.created_at, "node restored");
        Ok(RestoreReport {
            dir: dir.to_path_buf(),
            party: cfg.party,
            backup_created_at: restored.info.created_at,
            backup_schema: restored.info.schema,
            files: restored.info.files,
        })
    }

    /// At start, for a store restored from a backup: queues a resend
    /// request to every other member, and clears the mark in the same
    /// batch so it is asked once. Without a roster it waits for the next
    /// start; a failure is logged and retried then.
    pub(super) async fn ask_for_refill(&self) {
        let inner = &self.core.inner;
        let since = match inner.store.restored_from() {
            Ok(Some(at)) => at.saturating_sub(RESEND_MARGIN_MS).max(0),
            Ok(None) => return,
            Err(e) => return warn!(error = %e, "restore mark unreadable; not asking peers to refill"),
        };
        let Some(roster) = inner.roster() else {
            return warn!("restored from a backup without a roster: peers are asked to refill at the next start");
        };
        let mut to: Vec<Party> = vec![Party::Secretariat];
        to.extend(roster.roster.members.iter().map(|m| Party::State(m.state)));
        to.retain(|p| *p != inner.party);
        let payload = Payload::ResendRequest(ResendRequest { since_ms: since });
        let asked = self
            .core
            .enqueue_with(to.clone(), Vec::new(), payload, None, |_, batch| {
                Store::clear_restored_from(batch);
                Ok(())
            })
            .await;
        match asked {
            Ok(id) => {
                info!(message = %id, members = to.len(), since_ms = since, "restored: asked the members to refill")
            }
            Err(e) => warn!(error = %e, "restored: could not ask the members to refill; retried at the next start"),
        }
    }

    /// Starts the scheduled backups of `[backup]` in node.toml, if any.
    pub(super) fn schedule_backups(&self) {
        let Some(cfg) = self.core.inner.config.backup.clone() else { return };
        let every = match cfg.interval() {
            Ok(d) => d,
            Err(e) => return warn!(error = %e, "scheduled backups off"),
        };
        let node = self.clone();
        let span = tracing::info_span!("scheduled_backups", node = %self.party());
        self.core.inner.spawn(scheduled_backups(node, cfg, every).instrument(span));
    }
}

/// Writes the files of a restored node directory beside its store.
fn write_restored_files(dir: &Path, extras: &[(String, Vec<u8>)]) -> NodeResult<NodeConfig> {
    let toml = extras
        .iter()
        .find(|(name, _)| name == CONFIG_FILE)
        .ok_or_else(|| NodeError::Refused(Reason::new("refusal-backup-no-config").text("file", CONFIG_FILE)))?;
    let text = String::from_utf8(toml.1.clone())
        .map_err(|_| NodeError::Refused(Reason::new("refusal-backup-config-not-utf8").text("file", CONFIG_FILE)))?;
    let cfg = NodeConfig::from_toml(&text).map_err(|e| {
        NodeError::Refused(Reason::new("refusal-backup-config-invalid").text("file", CONFIG_FILE).text("detail", e))
    })?;
    config::write_private(&NodeConfig::path(dir), text.as_bytes())?;
    let mut token = [0u8; 32];
    dief_protocol::keys::random_bytes(&mut token)
        .map_err(|e| NodeError::Internal(format!("no random bytes for the API token: {e}")))?;
    config::write_private(&dir.join(TOKEN_FILE), hex::encode(token).as_bytes())?;
    Ok(cfg)
}

/// Every `every` until shutdown: a backup into the configured directory,
/// then the oldest of its own files beyond `keep` deleted. A failure is
/// kept in the backup status (an attention item) and retried next time.
async fn scheduled_backups(node: Node, cfg: BackupConfig, every: Duration) {
    let mut shutdown = node.core.inner.shutdown_rx();
    let dir = cfg.resolved_dir(&node.core.inner.dir);
    loop {
        tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            _ = tokio::time::sleep(every) => {}
        }
        if let Err(e) = std::fs::create_dir_all(&dir) {
            let mut status = node.core.inner.backups.lock().unwrap_or_else(|p| p.into_inner());
            status.last_error = Some(format!("{}: {e}", dir.display()));
            continue;
        }
        let file = dir.join(scheduled_name(node.core.inner.clock.now_ms()));
        match node.backup(&file).await {
            Ok(info) => info!(file = %info.path.display(), bytes = info.bytes, "scheduled backup written"),
            Err(e) => {
                warn!(error = %e, "scheduled backup failed");
                continue;
            }
        }
        match prune(&dir, cfg.keep) {
            Ok(removed) if removed > 0 => info!(removed, keep = cfg.keep, "old backups deleted"),
            Ok(_) => {}
            Err(e) => warn!(error = %e, dir = %dir.display(), "old backups not deleted"),
        }
    }
}

/// `dief-backup-20261203T144500123Z.bak`: sorts by time as text.
fn scheduled_name(now_ms: i64) -> String {
    let (y, m, d) = Date::from_unix_ms(now_ms).ymd();
    let ms = now_ms.rem_euclid(86_400_000);
    let (h, min, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{SCHEDULED_PREFIX}{y:04}{m:02}{d:02}T{h:02}{min:02}{s:02}{milli:03}Z{SCHEDULED_SUFFIX}")
}

/// Whether `name` is one of the files [`scheduled_name`] writes.
fn is_scheduled(name: &str) -> bool {
    let Some(stamp) = name.strip_prefix(SCHEDULED_PREFIX).and_then(|r| r.strip_suffix(SCHEDULED_SUFFIX)) else {
        return false;
    };
    let b = stamp.as_bytes();
    b.len() == 19
        && b[8] == b'T'
        && b[18] == b'Z'
        && b.iter().enumerate().all(|(i, c)| i == 8 || i == 18 || c.is_ascii_digit())
}

/// Deletes the oldest scheduled backups in `dir` beyond `keep`; other
/// files are never touched. Returns how many were deleted.
fn prune(dir: &Path, keep: u32) -> std::io::Result<usize> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_scheduled(n))
        .collect();
    names.sort();
    let excess = names.len().saturating_sub(keep as usize);
    for name in &names[..excess] {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(excess)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn scheduled_names_sort_by_time_and_retention_touches_only_them() {
        let a = scheduled_name(1_764_773_100_123);
        assert_eq!(a, "dief-backup-20251203T144500123Z.bak");
        assert!(is_scheduled(&a));
        assert!(scheduled_name(1_764_773_100_124) > a);
        for other in ["dief-backup-x.bak", "dief-backup-20251203T144500123Z.bak.partial", "notes.txt", "x.bak"] {
            assert!(!is_scheduled(other), "{other}");
        }
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(dir.path().join(scheduled_name(1_764_773_100_000 + i * 1000)), b"b").unwrap();
        }
        std::fs::write(dir.path().join("operator-copy.bak"), b"keep me").unwrap();
        std::fs::write(dir.path().join("dief-backup-old.bak"), b"keep me too").unwrap();
        assert_eq!(prune(dir.path(), 2).unwrap(), 3);
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(
            left,
            vec![
                "dief-backup-20251203T144504000Z.bak".to_string(),
                "dief-backup-20251203T144503000Z.bak".to_string(),
                "dief-backup-old.bak".to_string(),
                "operator-copy.bak".to_string(),
            ]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
        assert_eq!(prune(dir.path(), 2).unwrap(), 0);
    }
}
