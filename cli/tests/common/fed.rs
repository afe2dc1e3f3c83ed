//! The federation the CLI and browser tests drive: a temporary directory
//! per test, `dief init` and `dief run` as separate processes, and the
//! roster formed with the CLI alone (files carried between the nodes as an
//! operator would). Every process is killed when the test ends.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_dief");

pub struct Fed {
    pub root: tempfile::TempDir,
    pub key: PathBuf,
    pub children: Vec<Child>,
    /// Each node's local API (and web interface) address, by node name.
    pub apis: HashMap<String, String>,
}

impl Drop for Fed {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Fed {
    pub fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let key = root.path().join("key");
        std::fs::write(&key, "ab".repeat(32)).unwrap();
        Fed { root, key, children: Vec::new(), apis: HashMap::new() }
    }

    pub fn dir(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    pub fn cmd(&self, dir: &str, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--dir")
            .arg(self.dir(dir))
            .args(args)
            .env("DIEF_KEY_FILE", &self.key)
            .env_remove("DIEF_PASSPHRASE")
            .output()
            .unwrap()
    }

    pub fn ok(&self, dir: &str, args: &[&str]) -> String {
        let out = self.cmd(dir, args);
        assert!(
            out.status.success(),
            "dief {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, dir: &str, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        serde_json::from_str(&self.ok(dir, &a)).unwrap()
    }

    pub fn init(&mut self, name: &str, extra: &[&str]) -> Value {
        let port = free_port();
        let listen = format!("/ip4/127.0.0.1/tcp/{port}");
        let api = format!("127.0.0.1:{}", free_port());
        let mut args = vec!["init", "--listen", &listen, "--api", &api];
        args.extend_from_slice(extra);
        let v = self.json(name, &args);
        self.apis.insert(name.to_string(), api.clone());
        self.run(name);
        v
    }

    /// Starts `dief run` on the node `name` and waits until it answers.
    pub fn run(&mut self, name: &str) {
        let child = Command::new(BIN)
            .arg("--dir")
            .arg(self.dir(name))
            .arg("run")
            .env("DIEF_KEY_FILE", &self.key)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.children.push(child);
        assert!(self.wait(Duration::from_secs(20), || self.cmd(name, &["health"]).status.success()));
    }

    pub fn wait(&self, timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if f() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

impl Fed {
    /// A Secretariat and two States (FRA a State Party, GHA a Signatory),
    /// each `dief run` in its own process, admitted through the CLI.
    pub fn federation() -> Fed {
        Fed::federation_with("GHA")
    }

    /// [`Fed::federation`], with GHA's code spelt `gha` as given.
    pub fn federation_with(gha: &str) -> Fed {
        let mut fed = Fed::new();
        let sec = fed.init("sec", &["--secretariat"]);
        let fp = sec["roster_key_fingerprint"].as_str().unwrap().to_string();
        fed.init("fra", &["--state", "FRA", "--roster-key", &fp]);
        fed.init("gha", &["--state", gha, "--roster-key", &fp, "--status", "signatory"]);
        let roster = fed.dir("roster.txt");
        fed.ok("sec", &["roster", "export", "--out", path_str(&roster)]);
        let mut joins = Vec::new();
        for s in ["fra", "gha"] {
            fed.ok(s, &["roster", "import", path_str(&roster)]);
            let join = fed.dir(&format!("{s}.join"));
            fed.ok(s, &["roster", "join-request", "--out", path_str(&join)]);
            joins.push(join);
        }
        // Both in one roster version: the genesis is 1, this is 2.
        fed.ok("sec", &["roster", "admit", path_str(&joins[0]), path_str(&joins[1])]);
        assert!(
            fed.wait(Duration::from_secs(20), || {
                ["fra", "gha"].iter().all(|s| fed.json(s, &["roster", "show"])["sequence"].as_u64() == Some(2))
            }),
            "the roster did not reach both States"
        );
        fed
    }
}

/// The UTC date `days` from today, as `YYYY-MM-DD` (Howard Hinnant's
/// civil-from-days).
pub fn date_in(days: i64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let z = i64::try_from(now / 86_400).unwrap() + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
