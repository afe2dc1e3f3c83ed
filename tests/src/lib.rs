//! Helpers shared by the integration tests: logging, State codes, waiting,
//! and a raw-file scanner for the no-plaintext-on-disk checks.

use std::path::Path;
use std::time::Duration;

use dief_protocol::case::{CaseContent, CaseStatus, Investigation};
use dief_protocol::StateCode;

/// Logs to the test output when `DIEF_LOG` is set (e.g. `DIEF_LOG=debug`).
pub fn init_logging() {
    if let Ok(filter) = std::env::var("DIEF_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
}

/// A State code known to be valid.
pub fn state(code: &str) -> StateCode {
    match code.parse() {
        Ok(s) => s,
        Err(e) => panic!("test uses an invalid State code {code}: {e}"),
    }
}

pub use dief_node::federation::wait_until;

/// A minimal new case with this title.
pub fn new_case(title: &str) -> CaseContent {
    let mut c = CaseContent::new(title, CaseStatus::Suspected, Investigation::Ongoing);
    c.summary = "summary".into();
    c.marking.confidentiality = "DIEF confidential".into();
    c
}

/// The fully populated fictional case of the protocol's fixtures.
pub fn full_case() -> CaseContent {
    let text = include_str!("../../protocol/tests/fixtures/case-full.json");
    match serde_json::from_str(text) {
        Ok(c) => c,
        Err(e) => panic!("the case fixture does not parse: {e}"),
    }
}

/// The default wait for something that should happen promptly.
pub const PROMPT: Duration = Duration::from_secs(20);

/// Every file under `dir` (recursively) whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    hits.push(p.display().to_string());
                }
            }
        }
    }
    hits
}

/// How many files `files_containing` looked at (so a scan of nothing fails).
pub fn count_files(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}
