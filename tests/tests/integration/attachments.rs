//! Streamed attachments (issue 13): a large file attached to a case goes
//! from FRA to GHA in sealed chunks over `/dief/chunks/1`, is identical on
//! both sides, resumes after the receiver stops halfway without fetching
//! again what it held, and is refused to a State not given the case.

use std::time::Duration;

use dief_node::core::attachments::{FileProgress, FileState};
use dief_node::federation::LocalFederation;
use dief_node::node::Node;
use dief_protocol::Party;
use dief_tests::{init_logging, new_case, state, wait_until, PROMPT};

const MIB: usize = 1024 * 1024;
/// Time for a transfer of the test's size in a debug build on two cores.
const TRANSFER: Duration = Duration::from_secs(180);

/// The test's evidence file of `mib` MiB, with its SHA-256 in hex.
fn write_file(dir: &std::path::Path, mib: usize) -> (std::path::PathBuf, String) {
    let path = dir.join("evidence.bin");
    let digest = dief_node::federation::write_noise_file(&path, mib).expect("evidence file");
    (path, digest)
}

fn progress(node: &Node, id: &str) -> Option<FileProgress> {
    node.attachment(id).ok()
}

/// The SHA-256 of what a node gives back for the file, read as a stream.
async fn digest_of(node: &Node, id: &str) -> String {
    let (file, mut rx) = node.attachment_content(id).expect("content");
    let mut hash = dief_protocol::case::stream::Sha256Stream::default();
    let mut len = 0u64;
    while let Some(chunk) = rx.recv().await {
        let chunk = chunk.expect("chunk");
        len += chunk.len() as u64;
        hash.update(&chunk);
    }
    assert_eq!(len, file.size);
    hex::encode(hash.finish())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_file_reaches_the_holder_identical_and_only_the_holder() {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b, c]).await.expect("federation");
    let (na, nb, nc) =
        (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone(), fed.state(c).expect("c").clone());
    let case = na.create_case(new_case("with a video")).await.expect("case");
    na.share(&case.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await, "GHA never got the case");

    let dir = tempfile::tempdir().expect("tmp");
    let (path, digest) = write_file(dir.path(), 24);
    let report = na.attach_file(&case.id, &path, None, Some("video/mp4".into())).await.expect("attach");
    let id = report.attachment.id.clone();
    assert_eq!(report.attachment.state, FileState::Complete);
    assert_eq!(report.attachment.sha256, digest);
    assert_eq!(report.edit.update_sent_to, vec![b]);

    let done = wait_until(TRANSFER, || progress(&nb, &id).is_some_and(|p| p.state == FileState::Complete)).await;
    assert!(done, "GHA never completed the file: {:?}", progress(&nb, &id));
    let held = progress(&nb, &id).expect("progress");
    assert_eq!((held.held_bytes, held.held_chunks), (24 * MIB as u64, 24));
    assert_eq!(digest_of(&nb, &id).await, digest);
    assert_eq!(digest_of(&na, &id).await, digest);

    // PER was never sent the case: FRA refuses it every chunk; GHA, which
    // holds it, is served.
    assert_eq!(nc.request_chunk_raw(Party::State(a), &id, 0).await.expect("asked"), 1);
    assert!(progress(&nc, &id).is_none());
    assert_eq!(nb.request_chunk_raw(Party::State(a), &id, 0).await.expect("asked"), 0);
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_resumes_after_the_receiver_stops_halfway() {
    init_logging();
    const CHUNKS: u64 = 64;
    let (a, b) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let na = fed.state(a).expect("a").clone();
    let case = na.create_case(new_case("resumed")).await.expect("case");
    na.share(&case.id, &[b]).await.expect("share");
    let nb = fed.state(b).expect("b").clone();
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await, "GHA never got the case");

    let dir = tempfile::tempdir().expect("tmp");
    let (path, digest) = write_file(dir.path(), CHUNKS as usize);
    let id = na.attach_file(&case.id, &path, None, None).await.expect("attach").attachment.id;
    let half = wait_until(TRANSFER, || progress(&nb, &id).is_some_and(|p| p.held_chunks as u64 >= CHUNKS / 2)).await;
    assert!(half, "GHA never got halfway: {:?}", progress(&nb, &id));
    fed.stop(Party::State(b)).await.expect("stop GHA");
    drop(nb);
    let restarted = fed.start_node(Party::State(b)).await.expect("start GHA");
    let held_at_restart = progress(&restarted, &id).expect("progress").held_chunks as u64;
    assert!(held_at_restart >= CHUNKS / 2, "{held_at_restart} chunks kept over the restart");
    assert!(held_at_restart < CHUNKS, "the transfer ended before the stop; nothing was resumed");

    let done = wait_until(TRANSFER, || progress(&restarted, &id).is_some_and(|p| p.state == FileState::Complete)).await;
    assert!(done, "GHA never completed the file: {:?}", progress(&restarted, &id));
    assert_eq!(digest_of(&restarted, &id).await, digest);
    // Only chunks in flight at the stop may have been sent twice: the
    // window, and an answer waiting for the writer's full queue (what
    // the writer had queued, it stores before it stops).
    let served = na.chunks_served();
    let window = dief_node::core::attachments::WINDOW as u64;
    assert!(served <= CHUNKS + window + 1, "FRA served {served} chunks for a file of {CHUNKS}");
    fed.shutdown().await;
}
