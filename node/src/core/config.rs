//! The node's non-secret settings, kept beside the store in one commented
//! TOML file, `node.toml`, with a few environment overrides; and the local
//! API token file.
//!
//! Unknown keys are refused with the key named, so a misspelt setting is
//! never silently ignored. A `node.json` from an earlier version is read
//! and converted once (kept as `node.json.old`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dief_protocol::roster::MemberStatus;
use dief_protocol::Party;
use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "node.toml";
/// The settings file of versions before node.toml.
pub const LEGACY_CONFIG_FILE: &str = "node.json";
pub const TOKEN_FILE: &str = "api.token";
pub const STORE_DIR: &str = "store";

/// The environment variables that override a setting, with the key each
/// overrides. Only scalar operational settings: the node's identity (party,
/// status, pinned roster key) and its addresses lists come from the file.
pub const ENV_OVERRIDES: [(&str, &str); 3] =
    [("DIEF_API", "api"), ("DIEF_METRICS", "metrics"), ("DIEF_LOG_FORMAT", "log_format")];

/// How the node's log lines are written to stderr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Human,
    /// One JSON object per line, for log shippers.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "human" => Ok(LogFormat::Human),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("{other:?} is not a log format (human or json)")),
        }
    }
}

/// Every setting of a node. Flat on purpose: each setting is one key of
/// `node.toml`, documented in [`NodeConfig::to_toml`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeConfig {
    /// The Secretariat, or the State this node speaks for.
    pub party: Party,
    /// State Party or Signatory (States only).
    #[serde(default)]
    pub status: Option<MemberStatus>,
    /// Multiaddrs to listen on, e.g. `/ip4/0.0.0.0/tcp/4100`.
    pub listen: Vec<String>,
    /// Multiaddrs published in the roster for peers to dial; defaults to `listen`.
    pub announce: Vec<String>,
    /// The local HTTP API; must be a loopback address.
    pub api: SocketAddr,
    /// Fingerprint of the Secretariat's roster key, pinned at `dief init`.
    #[serde(default)]
    pub roster_key_fingerprint: Option<String>,
    /// The Prometheus metrics listener; loopback only; off when absent.
    #[serde(default)]
    pub metrics: Option<SocketAddr>,
    /// The log format of `dief run` (the `--log-format` flag wins).
    #[serde(default)]
    pub log_format: LogFormat,
    /// Days a retired encryption key is kept after a rotation, to open
    /// envelopes sealed to it before every member had the new roster;
    /// then it is destroyed.
    #[serde(default = "default_key_grace_days")]
    pub key_grace_days: u32,
    /// MiB kept free on the disk that holds the store: below it the node
    /// refuses new work (cases, sends, arriving envelopes, which their
    /// senders keep and retry) with an error naming the free space, so a
    /// full disk never interrupts a write it had accepted. 0 turns it off.
    #[serde(default = "default_min_free_disk_mb")]
    pub min_free_disk_mb: u64,
    /// Handshakes pending at once from one address (an IPv4 address or an
    /// IPv6 /64), of the [`PENDING_HANDSHAKES`] the node allows in all, so
    /// that one host holding unfinished handshakes cannot keep the members
    /// out. Raised only where members share one address: a federation on
    /// one host (`LocalFederation`), or members behind one proxy.
    #[serde(default = "default_handshakes_per_address")]
    pub handshakes_per_address: u32,
    /// Scheduled backups; off when absent. The one table of the file, so
    /// it comes last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<BackupConfig>,
}

/// Backups of the store written by the running node on a schedule
/// (`[backup]` in node.toml).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// Where the backup files go; a relative path is taken from the node
    /// directory.
    pub dir: PathBuf,
    /// How often: a whole number and a unit, `s`, `m`, `h` or `d`
    /// (`"90s"`, `"30m"`, `"24h"`, `"7d"`).
    pub every: String,
    /// How many of its own backup files to keep; older ones are deleted.
    #[serde(default = "default_keep")]
    pub keep: u32,
}

/// Backup files kept when `keep` is not given: a week of daily backups.
pub const DEFAULT_BACKUP_KEEP: u32 = 7;

fn default_keep() -> u32 {
    DEFAULT_BACKUP_KEEP
}

/// Days a retired encryption key is kept when `key_grace_days` is not given.
pub const DEFAULT_KEY_GRACE_DAYS: u32 = 30;

fn default_key_grace_days() -> u32 {
    DEFAULT_KEY_GRACE_DAYS
}

/// MiB kept free on the store's disk when `min_free_disk_mb` is not given:
/// room for the receipts, queue updates and audit entries of the work
/// already accepted, and for RocksDB to compact.
pub const DEFAULT_MIN_FREE_DISK_MB: u64 = 256;

fn default_min_free_disk_mb() -> u64 {
    DEFAULT_MIN_FREE_DISK_MB
}

/// Inbound handshakes the node lets be pending at once, from all addresses.
pub const PENDING_HANDSHAKES: u32 = 64;

/// [`NodeConfig::handshakes_per_address`] when not given: an eighth of the
/// slots, so it takes eight addresses to fill them.
pub const DEFAULT_HANDSHAKES_PER_ADDRESS: u32 = 8;

fn default_handshakes_per_address() -> u32 {
    DEFAULT_HANDSHAKES_PER_ADDRESS
}

impl BackupConfig {
    /// The interval `every` names.
    pub fn interval(&self) -> Result<Duration, String> {
        parse_every(&self.every)
    }

    /// The backup directory, with a relative one taken from `node_dir`.
    pub fn resolved_dir(&self, node_dir: &Path) -> PathBuf {
        if self.dir.is_absolute() {
            self.dir.clone()
        } else {
            node_dir.join(&self.dir)
        }
    }
}

/// Parses `"90s"`, `"30m"`, `"24h"`, `"7d"`: one unit, at least a second.
pub fn parse_every(text: &str) -> Result<Duration, String> {
    let bad = || format!("backup interval {text:?} is not a whole number and a unit s, m, h or d (like \"24h\")");
    let t = text.trim();
    let unit = t.chars().last().ok_or_else(bad)?;
    let n: u64 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    let secs = match unit {
        's' => Some(n),
        'm' => n.checked_mul(60),
        'h' => n.checked_mul(3600),
        'd' => n.checked_mul(86_400),
        _ => None,
    }
    .ok_or_else(bad)?;
    if secs == 0 {
        return Err(format!("backup interval {text:?} must be at least one second"));
    }
    Ok(Duration::from_secs(secs))
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a valid node configuration: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("environment variable {var}: {reason}")]
    Env { var: &'static str, reason: String },
}

impl NodeConfig {
    /// [`NodeConfig::min_free_disk_mb`] in bytes.
    pub fn min_free_disk_bytes(&self) -> u64 {
        self.min_free_disk_mb.saturating_mul(1024 * 1024)
    }

    /// [`NodeConfig::key_grace_days`] in milliseconds.
    pub fn key_grace_ms(&self) -> i64 {
        i64::from(self.key_grace_days) * 86_400_000
    }

    pub fn path(dir: &Path) -> PathBuf {
        dir.join(CONFIG_FILE)
    }

    /// Whether `dir` holds a node's settings, in either format.
    pub fn exists(dir: &Path) -> bool {
        Self::path(dir).exists() || dir.join(LEGACY_CONFIG_FILE).exists()
    }

    /// The effective settings: `node.toml` (converted from `node.json` on
    /// first use) with the [`ENV_OVERRIDES`] of this process applied.
    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        Self::load_with(dir, &|var| std::env::var(var).ok())
    }

    /// [`NodeConfig::load`], with the environment given by `env`.
    pub fn load_with(dir: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut cfg = Self::load_file(dir)?;
        if cfg.apply_env(env)? {
            cfg.validate().map_err(|reason| ConfigError::Invalid {
                path: Self::path(dir),
                reason: format!("{reason} (with the DIEF_* environment overrides)"),
            })?;
        }
        Ok(cfg)
    }

    /// The file's settings alone, validated, without overrides.
    pub fn load_file(dir: &Path) -> Result<Self, ConfigError> {
        let path = Self::path(dir);
        if !path.exists() && dir.join(LEGACY_CONFIG_FILE).exists() {
            return Self::convert_legacy(dir);
        }
        let raw = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io { path: path.clone(), source })?;
        let cfg = Self::from_toml(&raw).map_err(|reason| ConfigError::Invalid { path: path.clone(), reason })?;
        cfg.validate().map_err(|reason| ConfigError::Invalid { path, reason })?;
        Ok(cfg)
    }

    /// Parses `node.toml` text; the error names the key or line at fault.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e: toml::de::Error| match e.span() {
            Some(span) => {
                let line = text.get(..span.start).map_or(0, |before| before.matches('\n').count()) + 1;
                format!("line {line}: {}", e.message())
            }
            None => e.message().to_string(),
        })
    }

    /// Reads `node.json`, writes the same settings as `node.toml` and keeps
    /// the old file as `node.json.old`, so the conversion happens once.
    fn convert_legacy(dir: &Path) -> Result<Self, ConfigError> {
        let legacy = dir.join(LEGACY_CONFIG_FILE);
        let raw = std::fs::read(&legacy).map_err(|source| ConfigError::Io { path: legacy.clone(), source })?;
        let cfg: NodeConfig = serde_json::from_slice(&raw)
            .map_err(|e| ConfigError::Invalid { path: legacy.clone(), reason: e.to_string() })?;
        cfg.validate().map_err(|reason| ConfigError::Invalid { path: legacy.clone(), reason })?;
        cfg.save(dir)?;
        let kept = dir.join(format!("{LEGACY_CONFIG_FILE}.old"));
        std::fs::rename(&legacy, &kept).map_err(|source| ConfigError::Io { path: legacy.clone(), source })?;
        tracing::info!(from = %legacy.display(), to = %Self::path(dir).display(), "configuration converted to TOML");
        Ok(cfg)
    }

    /// Applies the overrides; whether any was set.
    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
        let any = ENV_OVERRIDES.iter().any(|(var, _)| env(var).is_some());
        let addr = |var: &'static str, v: &str| {
            v.parse::<SocketAddr>().map_err(|e| ConfigError::Env {
                var,
                reason: format!("{v:?} is not an address like 127.0.0.1:7100: {e}"),
            })
        };
        if let Some(v) = env("DIEF_API") {
            self.api = addr("DIEF_API", &v)?;
        }
        if let Some(v) = env("DIEF_METRICS") {
            // Empty turns the listener off.
            self.metrics = if v.is_empty() { None } else { Some(addr("DIEF_METRICS", &v)?) };
        }
        if let Some(v) = env("DIEF_LOG_FORMAT") {
            self.log_format = v.parse().map_err(|reason| ConfigError::Env { var: "DIEF_LOG_FORMAT", reason })?;
        }
        Ok(any)
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(1..=PENDING_HANDSHAKES).contains(&self.handshakes_per_address) {
            return Err(format!(
                "handshakes_per_address {} must be from 1 to {PENDING_HANDSHAKES} (the handshakes pending in all)",
                self.handshakes_per_address
            ));
        }
        if !self.api.ip().is_loopback() {
            return Err(format!("the API address {} must be on loopback", self.api));
        }
        if let Some(m) = self.metrics {
            if !m.ip().is_loopback() {
                return Err(format!("the metrics address {m} must be on loopback"));
            }
            if m == self.api {
                return Err(format!("the metrics address {m} is the API's; give it its own port"));
            }
        }
        if self.listen.is_empty() {
            return Err("at least one listen address is needed".into());
        }
        if let Some(a) = self.announce.iter().find(|a| a.contains("/ip4/0.0.0.0/") || a.contains("/ip6/::/")) {
            return Err(format!(
                "{a} cannot be dialled by peers: give --announce with the address they should use \
                 (the listen address is announced when --announce is not given)"
            ));
        }
        if self.party.is_secretariat() != self.status.is_none() {
            return Err("a State needs a membership status; the Secretariat has none".into());
        }
        if let Some(b) = &self.backup {
            b.interval()?;
            if b.keep == 0 {
                return Err("backup keep must be at least 1".into());
            }
            if b.dir.as_os_str().is_empty() {
                return Err("backup dir must not be empty".into());
            }
        }
        Ok(())
    }

    /// Writes `node.toml`, commented.
    pub fn save(&self, dir: &Path) -> Result<(), ConfigError> {
        let path = Self::path(dir);
        let text = self.to_toml().map_err(|reason| ConfigError::Invalid { path: path.clone(), reason })?;
        write_private(&path, text.as_bytes())
    }

    /// The settings as a commented `node.toml`: every key documented.
    pub fn to_toml(&self) -> Result<String, String> {
        let mut out = String::from(
            "# dief node settings. `dief config show` prints the effective values,\n\
             # `dief config check` checks this file; unknown keys are refused.\n\
             # Environment overrides: DIEF_API (api), DIEF_METRICS (metrics; empty\n\
             # turns it off), DIEF_LOG_FORMAT (log_format).\n\n",
        );
        fn key(out: &mut String, doc: &str, name: &str, value: Option<Result<String, String>>) -> Result<(), String> {
            for line in doc.lines() {
                out.push_str(&format!("# {line}\n"));
            }
            match value {
                Some(value) => out.push_str(&format!("{name} = {}\n\n", value?)),
                None => out.push_str(&format!("# {name} =\n\n")),
            }
            Ok(())
        }
        key(&mut out, "The Secretariat, or the State this node speaks for (ISO 3166-1 alpha-3).\nSet by `dief init`; do not change it.", "party", Some(render(&self.party)))?;
        key(
            &mut out,
            "\"state_party\" or \"signatory\" (States only; the Secretariat has none).",
            "status",
            self.status.as_ref().map(render),
        )?;
        key(&mut out, "Multiaddrs to listen on for peers (TCP and QUIC).", "listen", Some(render(&self.listen)))?;
        key(
            &mut out,
            "Multiaddrs published in the roster for peers to dial.",
            "announce",
            Some(render(&self.announce)),
        )?;
        key(
            &mut out,
            "The local HTTP API (bearer token in api.token); loopback only.",
            "api",
            Some(render(&self.api.to_string())),
        )?;
        key(
            &mut out,
            "Fingerprint of the Secretariat's roster key, pinned at `dief init`\n(States only).",
            "roster_key_fingerprint",
            self.roster_key_fingerprint.as_ref().map(render),
        )?;
        key(
            &mut out,
            "Prometheus metrics (GET /metrics), loopback only, e.g. \"127.0.0.1:9100\".\nOff when absent.",
            "metrics",
            self.metrics.map(|m| render(&m.to_string())),
        )?;
        key(
            &mut out,
            "Log format of `dief run`: \"human\" or \"json\" (--log-format wins).",
            "log_format",
            Some(render(&self.log_format)),
        )?;
        key(
            &mut out,
            "Days a retired encryption key is kept after `dief keys rotate`, to open\n\
             envelopes sealed to it before every member had the new roster; then\n\
             it is destroyed.",
            "key_grace_days",
            Some(render(&self.key_grace_days)),
        )?;
        key(
            &mut out,
            "MiB kept free on the disk holding the store: below it the node refuses\n\
             new work with an error naming the free space (arriving envelopes stay\n\
             with their senders, which retry); nothing stored is lost. 0: off.",
            "min_free_disk_mb",
            Some(render(&self.min_free_disk_mb)),
        )?;
        key(
            &mut out,
            "Handshakes pending at once from one address (an IPv4 address or an\n\
             IPv6 /64), of the 64 in all, so that one host cannot keep the members\n\
             out. Raise it only where the members connect from one address.",
            "handshakes_per_address",
            Some(render(&self.handshakes_per_address)),
        )?;
        match &self.backup {
            Some(b) => {
                out.push_str(
                    "# Scheduled backups of the store, sealed like it (restore needs this\n\
                     # node's passphrase or key file): `dief restore FILE --dir D`.\n[backup]\n\n",
                );
                key(&mut out,
                    "Directory of the backup files (dief-backup-<time>.bak); relative to\nthe node directory unless absolute.",
                    "dir",
                    Some(render(&b.dir)),
                )?;
                key(&mut out, "How often: a number and s, m, h or d, e.g. \"24h\".", "every", Some(render(&b.every)))?;
                key(
                    &mut out,
                    "How many of its backup files to keep; older ones are deleted.",
                    "keep",
                    Some(render(&b.keep)),
                )?;
            }
            None => out.push_str(
                "# Scheduled backups (off): uncomment to write one every `every`,\n\
                 # keeping the newest `keep`. Restore with `dief restore FILE --dir D`.\n\
                 # [backup]\n# dir = \"backups\"\n# every = \"24h\"\n# keep = 7\n",
            ),
        }
        Ok(out)
    }
}

/// One setting's value as TOML.
fn render<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    toml::Value::try_from(value).map(|v| v.to_string()).map_err(|e| e.to_string())
}

/// Writes a file readable by its owner only, atomically.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ConfigError> {
    use std::io::Write;
    let io = |source| ConfigError::Io { path: path.to_path_buf(), source };
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Reads the API token of the node in `dir`.
pub fn read_token(dir: &Path) -> Result<String, ConfigError> {
    let path = dir.join(TOKEN_FILE);
    std::fs::read_to_string(&path).map(|s| s.trim().to_string()).map_err(|source| ConfigError::Io { path, source })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn state() -> NodeConfig {
        NodeConfig {
            party: Party::State("FRA".parse().unwrap()),
            status: Some(MemberStatus::StateParty),
            listen: vec!["/ip4/0.0.0.0/tcp/4100".into()],
            announce: vec!["/ip4/10.0.0.2/tcp/4100".into()],
            api: "127.0.0.1:7100".parse().unwrap(),
            roster_key_fingerprint: Some("ab12".into()),
            metrics: Some("127.0.0.1:9100".parse().unwrap()),
            log_format: LogFormat::Json,
            key_grace_days: 30,
            min_free_disk_mb: 512,
            handshakes_per_address: 8,
            backup: Some(BackupConfig { dir: "/var/backups/dief".into(), every: "24h".into(), keep: 5 }),
        }
    }

    #[test]
    fn the_commented_file_reads_back_the_same_settings() {
        let cfg = state();
        let text = cfg.to_toml().unwrap();
        assert_eq!(NodeConfig::from_toml(&text).unwrap(), cfg);
        // Every key is documented by a comment line just above it.
        let keys = [
            "party",
            "status",
            "listen",
            "announce",
            "api",
            "roster_key_fingerprint",
            "metrics",
            "log_format",
            "key_grace_days",
            "min_free_disk_mb",
            "handshakes_per_address",
            "dir",
            "every",
            "keep",
        ];
        for key in keys {
            let at = text.find(&format!("\n{key} = ")).unwrap_or_else(|| panic!("{key} missing"));
            assert!(text[..at].trim_end().lines().last().unwrap().starts_with("# "), "{key} has no comment");
        }
        assert!(text.contains("\n[backup]\n"), "{text}");
        // Without backups the file shows how to turn them on, and reads back.
        let off = NodeConfig { backup: None, ..state() };
        let text = off.to_toml().unwrap();
        assert!(text.contains("# [backup]"), "{text}");
        assert_eq!(NodeConfig::from_toml(&text).unwrap(), off);
        // keep has a default.
        let short = format!("{}\n[backup]\ndir = \"b\"\nevery = \"90s\"\n", off.to_toml().unwrap());
        let cfg = NodeConfig::from_toml(&short).unwrap();
        let b = cfg.backup.unwrap();
        assert_eq!((b.keep, b.interval().unwrap()), (DEFAULT_BACKUP_KEEP, Duration::from_secs(90)));
        assert_eq!(b.resolved_dir(Path::new("/n")), Path::new("/n/b"));
    }

    #[test]
    fn backup_intervals_are_checked() {
        assert_eq!(parse_every("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_every("7d").unwrap(), Duration::from_secs(7 * 86_400));
        assert_eq!(parse_every("1s").unwrap(), Duration::from_secs(1));
        for bad in ["", "h", "24", "1.5h", "-1h", "24 hours", "0s", "99999999999999999999d"] {
            assert!(parse_every(bad).is_err(), "{bad:?} accepted");
        }
        let mut cfg = state();
        cfg.backup = Some(BackupConfig { dir: "b".into(), every: "soon".into(), keep: 1 });
        assert!(cfg.validate().unwrap_err().contains("\"soon\""));
        cfg.backup = Some(BackupConfig { dir: "b".into(), every: "1h".into(), keep: 0 });
        assert!(cfg.validate().unwrap_err().contains("keep"));
    }

    #[test]
    fn handshakes_per_address_stays_within_the_pending_handshakes() {
        for (n, ok) in [(0, false), (1, true), (8, true), (PENDING_HANDSHAKES, true), (PENDING_HANDSHAKES + 1, false)] {
            let cfg = NodeConfig { handshakes_per_address: n, ..state() };
            match cfg.validate() {
                Ok(()) => assert!(ok, "{n} accepted"),
                Err(e) => assert!(!ok && e.contains("handshakes_per_address"), "{n}: {e}"),
            }
        }
        // A file without the key (an earlier version's) gets the default.
        let text = state().to_toml().unwrap().replace("\nhandshakes_per_address = 8\n", "\n");
        assert!(!text.contains("handshakes_per_address ="), "{text}");
        assert_eq!(NodeConfig::from_toml(&text).unwrap().handshakes_per_address, DEFAULT_HANDSHAKES_PER_ADDRESS);
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let text = format!("{}\nlisten_adress = []\n", state().to_toml().unwrap());
        let err = NodeConfig::from_toml(&text).unwrap_err();
        assert!(err.contains("unknown field `listen_adress`"), "{err}");
        assert!(err.starts_with("line "), "{err}");
    }

    #[test]
    fn environment_overrides_win_and_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        state().save(dir.path()).unwrap();
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |var: &str| pairs.iter().find(|(k, _)| *k == var).map(|(_, v)| v.to_string())
        };
        let cfg = NodeConfig::load_with(
            dir.path(),
            &env(&[("DIEF_API", "127.0.0.1:7200"), ("DIEF_METRICS", ""), ("DIEF_LOG_FORMAT", "human")]),
        )
        .unwrap();
        assert_eq!(cfg.api, "127.0.0.1:7200".parse().unwrap());
        assert_eq!(cfg.metrics, None);
        assert_eq!(cfg.log_format, LogFormat::Human);
        // The file itself is untouched.
        assert_eq!(NodeConfig::load_with(dir.path(), &env(&[])).unwrap(), state());

        let err = NodeConfig::load_with(dir.path(), &env(&[("DIEF_METRICS", "0.0.0.0:9100")])).unwrap_err();
        assert!(err.to_string().contains("must be on loopback"), "{err}");
        let err = NodeConfig::load_with(dir.path(), &env(&[("DIEF_API", "localhost")])).unwrap_err();
        assert!(err.to_string().contains("DIEF_API"), "{err}");
        let err = NodeConfig::load_with(dir.path(), &env(&[("DIEF_LOG_FORMAT", "xml")])).unwrap_err();
        assert!(err.to_string().contains("DIEF_LOG_FORMAT"), "{err}");
    }

    #[test]
    fn a_node_json_is_converted_once() {
        let dir = tempfile::tempdir().unwrap();
        // The format written before node.toml: no metrics, no log format.
        let legacy = serde_json::json!({
            "party": "FRA", "status": "state_party",
            "listen": ["/ip4/0.0.0.0/tcp/4100"], "announce": ["/ip4/10.0.0.2/tcp/4100"],
            "api": "127.0.0.1:7100", "roster_key_fingerprint": "ab12"
        });
        std::fs::write(dir.path().join(LEGACY_CONFIG_FILE), legacy.to_string()).unwrap();
        assert!(NodeConfig::exists(dir.path()));
        let expected = NodeConfig {
            metrics: None,
            log_format: LogFormat::Human,
            backup: None,
            min_free_disk_mb: DEFAULT_MIN_FREE_DISK_MB,
            handshakes_per_address: DEFAULT_HANDSHAKES_PER_ADDRESS,
            ..state()
        };
        assert_eq!(NodeConfig::load_with(dir.path(), &|_| None).unwrap(), expected);
        assert!(!dir.path().join(LEGACY_CONFIG_FILE).exists());
        assert!(dir.path().join("node.json.old").exists());
        let text = std::fs::read_to_string(NodeConfig::path(dir.path())).unwrap();
        assert_eq!(NodeConfig::from_toml(&text).unwrap(), expected);
        // Read again: from node.toml, the same.
        assert_eq!(NodeConfig::load_with(dir.path(), &|_| None).unwrap(), expected);
    }
}
