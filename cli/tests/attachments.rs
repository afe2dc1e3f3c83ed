//! Streamed attachments through the binary (issue 13): `dief case attach`
//! on FRA, GHA's `dief run` killed when it holds about half of the file and
//! started again, the transfer completing from what GHA kept (FRA serving
//! each chunk about once), and `dief attachment get` writing a file
//! identical to the original; a file sent through the API with `dief case
//! attach --upload` arriving identical, and `dief attachment refetch`
//! refusing a file that did not fail.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::fed::{path_str, Fed};
use dief_protocol::case::stream::Sha256Stream;

const MIB: usize = 1024 * 1024;
const CHUNKS: u64 = 256;

fn write_file(path: &std::path::Path, mib: usize) -> String {
    dief_node::federation::write_noise_file(path, mib).unwrap()
}

fn file_digest(path: &std::path::Path) -> String {
    let mut f = std::fs::File::open(path).unwrap();
    let mut hash = Sha256Stream::default();
    let mut buf = vec![0u8; MIB];
    loop {
        let n = std::io::Read::read(&mut f, &mut buf).unwrap();
        if n == 0 {
            return hex::encode(hash.finish());
        }
        hash.update(&buf[..n]);
    }
}

#[test]
fn a_killed_receiver_resumes_the_transfer_and_gets_the_same_file() {
    let mut fed = Fed::federation();
    let case = fed.json("fra", &["case", "new", "--title", "Video of the markings", "--status", "detected"]);
    let case = case["id"].as_str().unwrap().to_string();
    fed.json("fra", &["share", &case, "--to", "GHA"]);
    assert!(fed.wait(Duration::from_secs(20), || fed.cmd("gha", &["case", "show", &case]).status.success()));

    let original = fed.dir("video.bin");
    let digest = write_file(&original, CHUNKS as usize);
    let report = fed.json("fra", &["case", "attach", &case, path_str(&original), "--media-type", "video/mp4"]);
    let id = report["attachment"]["id"].as_str().unwrap().to_string();
    assert_eq!(report["attachment"]["sha256"], digest.as_str());

    let held = |fed: &Fed| fed.json("gha", &["attachment", "show", &id])["held_chunks"].as_u64().unwrap_or(0);
    assert!(
        fed.wait(Duration::from_secs(120), || fed.cmd("gha", &["attachment", "show", &id]).status.success()
            && held(&fed) >= CHUNKS / 2),
        "GHA never got halfway"
    );
    // GHA's `dief run` is the third process started.
    let mut gha = fed.children.remove(2);
    gha.kill().unwrap();
    gha.wait().unwrap();
    fed.run("gha");
    let kept = held(&fed);
    assert!(kept >= CHUNKS / 2, "{kept} chunks kept over the kill");
    assert!(kept < CHUNKS, "the transfer ended before the kill; nothing was resumed");

    let out = fed.dir("received.bin");
    let got = fed.ok("gha", &["attachment", "get", &id, path_str(&out), "--wait"]);
    assert!(got.contains(&digest), "{got}");
    assert_eq!(file_digest(&out), digest);
    let listed = fed.json("gha", &["attachment", "list"]);
    assert_eq!(listed[0]["state"], "complete");
    assert_eq!(listed[0]["held_bytes"].as_u64(), Some(CHUNKS * MIB as u64));

    // FRA sent each chunk once, but for those GHA had not made durable at
    // the kill, which its bitmap never claimed: answers in flight (the
    // window), answers on their way to GHA's chunk writer (one waiting to
    // be queued and the writer's queue of 4, `WRITES` in fetch.rs), and
    // chunks written but not yet recorded: those of the memtable filling
    // (the sink flushes every 8 MiB; the chunk in the writer's hand is one
    // of those 8) and those of the memtable whose flush was started, which
    // are recorded when the next is due (sink.rs).
    let served = chunks_served(&fed, "fra");
    let window = dief_node::core::attachments::WINDOW as u64;
    let to_writer = 1 + 4;
    let unflushed = 2 * (8 * MIB / MIB) as u64;
    assert!(served >= CHUNKS, "FRA served {served} chunks of {CHUNKS}");
    let most = CHUNKS + window + to_writer + unflushed;
    assert!(served <= most, "FRA served {served} chunks for a file of {CHUNKS}, more than {most}");
}

/// `dief status`'s count of chunks served (the status exits non-zero when
/// something needs attention, which does not matter here).
fn chunks_served(fed: &Fed, node: &str) -> u64 {
    let out = fed.cmd(node, &["--json", "status"]);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    status["chunks_served"].as_u64().unwrap()
}

#[test]
fn a_file_uploaded_through_the_api_reaches_gha_identical() {
    let fed = Fed::federation();
    let case = fed.json("fra", &["case", "new", "--title", "Scans of the certificates", "--status", "detected"]);
    let case = case["id"].as_str().unwrap().to_string();
    fed.json("fra", &["share", &case, "--to", "GHA"]);
    assert!(fed.wait(Duration::from_secs(20), || fed.cmd("gha", &["case", "show", &case]).status.success()));

    let original = fed.dir("certificates.pdf");
    let digest = write_file(&original, 6);
    let report =
        fed.json("fra", &["case", "attach", &case, path_str(&original), "--upload", "--media-type", "application/pdf"]);
    assert_eq!(report["attachment"]["sha256"], digest.as_str());
    assert_eq!(report["attachment"]["name"], "certificates.pdf");
    assert_eq!(report["attachment"]["media_type"], "application/pdf");
    assert_eq!(report["attachment"]["state"], "complete");
    let id = report["attachment"]["id"].as_str().unwrap().to_string();

    let out = fed.dir("received.pdf");
    let got = fed.ok("gha", &["attachment", "get", &id, path_str(&out), "--wait"]);
    assert!(got.contains(&digest), "{got}");
    assert_eq!(file_digest(&out), digest);

    // A complete file is not fetched again; FRA's own file never is.
    let again = fed.cmd("gha", &["attachment", "refetch", &id]);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("has not failed"), "{said}");
    let own = fed.cmd("fra", &["attachment", "refetch", &id]);
    assert!(String::from_utf8_lossy(&own.stderr).contains("own file"), "{}", String::from_utf8_lossy(&own.stderr));
}
