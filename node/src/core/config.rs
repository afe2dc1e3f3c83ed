//! The node's non-secret settings, kept beside the store in `node.json`,
//! and the local API token file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use dief_protocol::roster::MemberStatus;
use dief_protocol::Party;
use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "node.json";
pub const TOKEN_FILE: &str = "api.token";
pub const STORE_DIR: &str = "store";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeConfig {
    /// The Secretariat, or the State this node speaks for.
    pub party: Party,
    /// State Party or Signatory (States only).
    pub status: Option<MemberStatus>,
    /// Multiaddrs to listen on, e.g. `/ip4/0.0.0.0/tcp/4100`.
    pub listen: Vec<String>,
    /// Multiaddrs published in the roster for peers to dial; defaults to `listen`.
    pub announce: Vec<String>,
    /// The local HTTP API; must be a loopback address.
    pub api: SocketAddr,
    /// Fingerprint of the Secretariat's roster key, pinned at `dief init`.
    pub roster_key_fingerprint: Option<String>,
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
}

impl NodeConfig {
    pub fn path(dir: &Path) -> PathBuf {
        dir.join(CONFIG_FILE)
    }

    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        let path = Self::path(dir);
        let raw = std::fs::read(&path).map_err(|source| ConfigError::Io { path: path.clone(), source })?;
        let cfg: NodeConfig = serde_json::from_slice(&raw)
            .map_err(|e| ConfigError::Invalid { path: path.clone(), reason: e.to_string() })?;
        cfg.validate().map_err(|reason| ConfigError::Invalid { path, reason })?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<(), String> {
        if !self.api.ip().is_loopback() {
            return Err(format!("the API address {} must be on loopback", self.api));
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
        Ok(())
    }

    pub fn save(&self, dir: &Path) -> Result<(), ConfigError> {
        let path = Self::path(dir);
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| ConfigError::Invalid { path: path.clone(), reason: e.to_string() })?;
        write_private(&path, &json)
    }
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
