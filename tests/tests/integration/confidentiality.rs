//! Confidentiality: no plaintext case data on disk (DESIGN invariant 3)
//! and no case content at the Secretariat (invariant 1).

use dief_node::federation::LocalFederation;
use dief_node::node::NewCase;
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::{Kind, Party, Response};
use dief_tests::{count_files, files_containing, init_logging, new_case, state, wait_until, PROMPT};

const CANARY: &str = "CANARY-b7e1c9-RIFLE-SERIAL";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_plaintext_case_data_in_any_store_file() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let mut ids = Vec::new();
    for i in 0..20 {
        let c = na
            .create_case(NewCase {
                title: format!("{CANARY} title {i}"),
                summary: format!("{CANARY} summary {i}").repeat(20),
                status: CaseStatus::Detected,
                investigation: Investigation::Ongoing,
                marking: format!("{CANARY} marking"),
            })
            .await
            .expect("case");
        na.share(&c.id, &[b]).await.expect("share");
        ids.push(c.id);
    }
    assert!(wait_until(PROMPT, || ids.iter().all(|id| nb.case(id).is_ok())).await);
    nb.reply(&ids[0], format!("{CANARY} reply"), "en".into(), None).await.expect("reply");
    assert!(wait_until(PROMPT, || na.inbox().map(|i| i.iter().any(|e| e.kind == Kind::Reply)).unwrap_or(false)).await);
    na.flush_store().expect("flush");
    nb.flush_store().expect("flush");
    drop((na, nb));
    for p in [Party::Secretariat, Party::State(a), Party::State(b)] {
        fed.stop(p).await.expect("stop");
    }
    let root = fed.root().to_path_buf();
    assert!(count_files(&root) > 10, "the scan would look at almost nothing");
    let hits = files_containing(&root, CANARY.as_bytes());
    assert!(hits.is_empty(), "plaintext found in {hits:?}");
    // Positive control: the scanner does find the canary where it is.
    std::fs::write(root.join("control.txt"), format!("xx{CANARY}xx")).expect("write");
    assert_eq!(files_containing(&root, CANARY.as_bytes()).len(), 1);
    fed.shutdown().await;
}

/// The Secretariat holds no case content, and refuses case content even
/// when a member hands it an envelope directly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_never_holds_case_content() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let sec = fed.node(Party::Secretariat).expect("sec").clone();
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let c = na.create_case(new_case("secret")).await.expect("case");
    let id = na.share(&c.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&c.id).is_ok()).await);
    let bytes = na.sent_envelope(&id).expect("env").to_bytes().expect("bytes");
    match na.send_raw(Party::Secretariat, bytes).await.expect("answer") {
        Response::Refused { reason, retryable } => {
            assert!(!retryable);
            assert!(reason.contains("Secretariat"), "{reason}");
        }
        other => panic!("the Secretariat accepted case content: {other:?}"),
    }
    assert!(sec.cases().map(|c| c.is_empty()).unwrap_or(false));
    assert!(sec.inbox().expect("inbox").iter().all(|e| !e.kind.is_case_content()));
    assert!(sec.create_case(new_case("x")).await.is_err());
    fed.shutdown().await;
}
