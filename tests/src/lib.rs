//! Helpers shared by the integration tests: logging, State codes, waiting,
//! and a raw-file scanner for the no-plaintext-on-disk checks.

use std::path::Path;
use std::time::Duration;

use dief_node::node::{Delivery, Node};
use dief_protocol::case::{CaseContent, CaseStatus, Investigation};
use dief_protocol::{MessageId, Party, StateCode};

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

/// Waits until `node`'s envelope `id` to `to` is set aside and returns the
/// recipient's reason: how the tests see a *receiving* node refuse.
pub async fn refusal_of(node: &Node, id: MessageId, to: Party) -> String {
    let mut reason = None;
    let set_aside = wait_until(PROMPT, || {
        let items = node.outbox().unwrap_or_default();
        reason =
            items.iter().filter(|i| i.message_id == id).flat_map(|i| i.recipients.iter()).find_map(|(p, d)| match d {
                Delivery::SetAside { reason, .. } if *p == to => Some(reason.clone()),
                _ => None,
            });
        reason.is_some()
    })
    .await;
    assert!(set_aside, "{to} did not refuse message {id}");
    reason.unwrap_or_default()
}

/// Whether `node`'s envelope `id` was receipted by `to` within [`PROMPT`].
pub async fn delivered(node: &Node, id: MessageId, to: Party) -> bool {
    wait_until(PROMPT, || {
        node.outbox()
            .unwrap_or_default()
            .iter()
            .filter(|i| i.message_id == id)
            .any(|i| i.recipients.iter().any(|(p, d)| *p == to && matches!(d, Delivery::Delivered { .. })))
    })
    .await
}

/// [`Node::send_raw`], sent again when the network lost it: on a loaded
/// machine a fresh connection can drop before its first answer (the outbox
/// retries the same way). Sending an envelope twice is harmless: the
/// receiver answers a duplicate with its receipt.
pub async fn send_raw(node: &Node, to: Party, bytes: Vec<u8>) -> dief_protocol::Response {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match node.send_raw(to, bytes.clone()).await {
            Ok(answer) => return answer,
            Err(dief_node::NodeError::Net(e)) if attempt < 4 => {
                eprintln!("raw send to {to} lost ({e}), attempt {attempt}: sending again");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("raw send to {to}: {e}"),
        }
    }
}
