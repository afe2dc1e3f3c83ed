//! Confidentiality: no plaintext case data on disk (DESIGN invariant 3)
//! and no case content at the Secretariat (invariant 1).

use dief_node::federation::LocalFederation;
use dief_protocol::case::{Attachment, CaseContent, CaseStatus, Investigation};
use dief_protocol::procedure::{InvolvedNotice, UsePurpose};
use dief_protocol::{Date, Kind, Party, Payload, Response};
use dief_tests::{count_files, files_containing, full_case, init_logging, new_case, state, wait_until, PROMPT};

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
            .create_case({
                let mut c =
                    CaseContent::new(format!("{CANARY} title {i}"), CaseStatus::Detected, Investigation::Ongoing);
                c.summary = format!("{CANARY} summary {i}").repeat(20);
                c.marking.confidentiality = format!("{CANARY} marking");
                c
            })
            .await
            .expect("case");
        na.share(&c.id, &[b]).await.expect("share");
        ids.push(c.id);
    }
    assert!(wait_until(PROMPT, || ids.iter().all(|id| nb.case(id).is_ok())).await);
    nb.reply(&ids[0], format!("{CANARY} reply"), "en".into(), None).await.expect("reply");
    assert!(wait_until(PROMPT, || na.inbox().map(|i| i.iter().any(|e| e.kind == Kind::Reply)).unwrap_or(false)).await);

    // The procedures carry text of their own, and a case its attachments:
    // none of it may reach the disk in clear either (ToR-12, 15, 16, 21).
    let mut full = full_case();
    full.summary = format!("{CANARY} full record");
    full.brokers.push(format!("{CANARY} broker"));
    full.attachments.push(Attachment::new("scan.txt", "text/plain", format!("{CANARY} attachment").into_bytes()));
    let rich = na.create_case(full).await.expect("full case");
    na.share(&rich.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&rich.id).is_ok()).await);
    let meeting = Date::from_unix_ms(fed.clock().now_ms()).add_days(40);
    let notices = na
        .notify_involved(&rich.id, &[b], meeting, None, format!("{CANARY} notice"), "en".into())
        .await
        .expect("notice");
    assert!(wait_until(PROMPT, || nb.received_notices().map(|n| n.len() == 1).unwrap_or(false)).await);
    nb.reply_to_notice(&rich.id, &notices.notices[0].1, format!("{CANARY} notice reply"), "en".into())
        .await
        .expect("notice reply");
    nb.request_use(&rich.id, UsePurpose::Other, format!("{CANARY} use details")).await.expect("use request");
    let thread = na
        .thread_post(&rich.id, None, &[b], format!("{CANARY} subject"), format!("{CANARY} post"), "en".into())
        .await
        .expect("thread");
    na.challenge(b.party(), Some(rich.id), format!("{CANARY} concern")).await.expect("challenge");
    for id in [notices.notices[0].1, thread] {
        assert!(wait_until(PROMPT, || na.outbox_pending().map(|n| n == 0).unwrap_or(false)).await, "{id} stuck");
    }
    assert!(wait_until(PROMPT, || na.use_requests(None).map(|v| v.len() == 1).unwrap_or(false)).await);
    assert!(
        wait_until(PROMPT, || na.presentation(&rich.id, meeting).map(|p| p.answered.len() == 1).unwrap_or(false)).await
    );
    assert!(wait_until(PROMPT, || nb.outbox_pending().map(|n| n == 0).unwrap_or(false)).await);
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

    // Every procedure about a case is case content too: a node refuses to
    // seal one to the Secretariat, even past its own workflow checks.
    let notice = Payload::InvolvedNotice(InvolvedNotice {
        case_id: c.id,
        meeting_date: Date::from_unix_ms(fed.clock().now_ms()).add_days(40),
        meeting_ref: None,
        summary: "for the Secretariat?".into(),
        language: "en".into(),
        reply_by: Date::from_unix_ms(fed.clock().now_ms()).add_days(25),
        late: false,
    });
    let err = na.send_unchecked(vec![Party::Secretariat], notice).await.expect_err("sealed to the Secretariat");
    assert!(err.to_string().contains("Secretariat"), "{err}");
    fed.shutdown().await;
}
