//! Streamed attachments uploaded through the local API (issue 13): the
//! request's body goes into FRA's store as it arrives and the file reaches
//! GHA identical; an upload whose sender goes away leaves nothing behind;
//! a file fetched with a wrong chunk fails, and is fetched again once the
//! provider serves the right one; a file whose case is withdrawn while it
//! arrives is deleted. A refused upload's body is drained within bounds,
//! so its client reads the refusal and a stalled one holds nothing long.

use std::net::SocketAddr;
use std::time::Duration;

use dief_node::core::attachments::{FileProgress, FileState};
use dief_node::core::error::NodeError;
use dief_node::federation::LocalFederation;
use dief_node::node::Node;
use dief_protocol::case::stream::Sha256Stream;
use dief_tests::{init_logging, new_case, state, wait_until, PROMPT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MIB: usize = 1024 * 1024;
const TRANSFER: Duration = Duration::from_secs(180);
const TOKEN: &str = "uploads-test-token";

fn sha256(bytes: &[u8]) -> String {
    let mut h = Sha256Stream::default();
    h.update(bytes);
    hex::encode(h.finish())
}

async fn digest_of(node: &Node, id: &str) -> String {
    let (_, mut rx) = node.attachment_content(id).expect("content");
    let mut hash = Sha256Stream::default();
    while let Some(chunk) = rx.recv().await {
        hash.update(&chunk.expect("chunk"));
    }
    hex::encode(hash.finish())
}

fn progress(node: &Node, id: &str) -> Option<FileProgress> {
    node.attachment(id).ok()
}

/// The head of `POST path` with a body of `len` bytes.
fn head(addr: SocketAddr, path: &str, len: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: video/mp4\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n"
    )
}

/// Sends `body` in uneven pieces, then reads the answer: (status, JSON).
async fn post_file(addr: SocketAddr, path: &str, body: &[u8]) -> (u16, serde_json::Value) {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(head(addr, path, body.len()).as_bytes()).await.expect("head");
    for piece in body.chunks(64 * 1024 + 7) {
        s.write_all(piece).await.expect("body");
    }
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.expect("answer");
    let text = String::from_utf8_lossy(&out);
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
    let json = text.split_once("\r\n\r\n").and_then(|(_, b)| serde_json::from_str(b).ok()).unwrap_or_default();
    (status, json)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_through_the_api_reaches_the_holder_identical_and_a_cut_one_leaves_nothing() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let case = na.create_case(new_case("uploaded video")).await.expect("case");
    na.share(&case.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await, "GHA never got the case");
    let any = "127.0.0.1:0".parse().expect("addr");
    let api = dief_node::api::serve(na.clone(), any, TOKEN.into(), std::future::pending()).await.expect("api");
    let path = format!("/v1/cases/{}/attachments?name=evidence.mp4", case.id);

    // An upload whose sender goes away after 3 of its 5 MiB: its pieces
    // were kept in the store, and are gone once it stopped.
    let cut = dief_node::federation::noise_bytes(5 * MIB);
    let mut s = TcpStream::connect(api).await.expect("connect");
    s.write_all(head(api, &path, cut.len()).as_bytes()).await.expect("head");
    s.write_all(&cut[..3 * MIB]).await.expect("body");
    let kept = wait_until(PROMPT, || na.upload_leftovers().unwrap_or(0) >= 2).await;
    assert!(kept, "the upload's first pieces were never kept: {:?}", na.upload_leftovers());
    drop(s);
    assert!(
        wait_until(PROMPT, || na.upload_leftovers().unwrap_or(1) == 0).await,
        "a cut upload left {:?} keys",
        na.upload_leftovers()
    );
    assert!(na.attachments().expect("list").is_empty(), "a cut upload became a file");

    let bytes = dief_node::federation::noise_bytes(5 * MIB + 12_345);
    let digest = sha256(&bytes);
    let (status, report) = post_file(api, &path, &bytes).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["attachment"]["sha256"], digest.as_str());
    assert_eq!(report["attachment"]["media_type"], "video/mp4");
    assert_eq!(report["attachment"]["name"], "evidence.mp4");
    assert_eq!(report["attachment"]["chunks"], 6);
    assert_eq!(report["edit"]["update_sent_to"], serde_json::json!(["GHA"]));
    let id = report["attachment"]["id"].as_str().expect("id").to_string();
    assert_eq!(na.upload_leftovers().expect("leftovers"), 0);
    assert_eq!(na.case(&case.id).expect("case").record.content.streamed_attachments.len(), 1);

    let done = wait_until(TRANSFER, || progress(&nb, &id).is_some_and(|p| p.state == FileState::Complete)).await;
    assert!(done, "GHA never completed the file: {:?}", progress(&nb, &id));
    assert_eq!(digest_of(&nb, &id).await, digest);
    assert_eq!(progress(&nb, &id).expect("progress").held_bytes, bytes.len() as u64);

    // A name no record could carry is refused before a byte is kept, with
    // no body and with a body of 32 MiB: the client that sends it whole
    // before reading still gets the refusal, not a reset connection.
    let bad = format!("/v1/cases/{}/attachments?name=..%2Fx.bin", case.id);
    let (status, answer) = post_file(api, &bad, b"").await;
    assert_eq!(status, 422, "{answer}");
    let (status, answer) = post_file(api, &bad, &dief_node::federation::noise_bytes(32 * MIB)).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(na.upload_leftovers().expect("leftovers"), 0);
    assert_eq!(na.attachments().expect("list").len(), 1);

    // A client that announces a large refused upload and then sends next
    // to nothing holds its handler for the drain's bound (10 s) and no
    // longer, and the API answers everyone else meanwhile: a token holder
    // cannot pin the node's API with a stalled body.
    let mut drip = TcpStream::connect(api).await.expect("connect");
    drip.write_all(head(api, &bad, 32 * MIB).as_bytes()).await.expect("head");
    drip.write_all(&[0u8; 1024]).await.expect("a first KiB");
    assert_eq!(get_status(api, "/v1/attachments").await, 200, "the API stopped answering while an upload stalled");
    let mut out = Vec::new();
    let answered = tokio::time::timeout(Duration::from_secs(30), drip.read_to_end(&mut out)).await;
    assert!(answered.is_ok(), "a stalled refused upload held its handler for 30 s");
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 422"), "a stalled refused upload got {text}");
    fed.shutdown().await;
}

/// The status of `GET path`.
async fn get_status(addr: SocketAddr, path: &str) -> u16 {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let head =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n");
    s.write_all(head.as_bytes()).await.expect("head");
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .expect("an answer within 10 s")
        .expect("answer");
    String::from_utf8_lossy(&out).split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status")
}

fn refused(e: NodeError) -> String {
    match e {
        NodeError::Refused(r) => r.key.to_string(),
        other => format!("not a refusal: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_file_is_fetched_again_once_the_provider_serves_it_right() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let case = na.create_case(new_case("a file served wrong")).await.expect("case");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("scan.pdf");
    let digest = dief_node::federation::write_noise_file(&path, 4).expect("file");
    let id = na.attach_file(&case.id, &path, None, None).await.expect("attach").attachment.id;
    // FRA now serves chunk 2 sealed over the wrong bytes: it opens, but the
    // file it makes is not the file of the record.
    na.flip_own_chunk(&id, 2).expect("flip");
    na.share(&case.id, &[b]).await.expect("share");
    let failed = wait_until(TRANSFER, || progress(&nb, &id).is_some_and(|p| p.state == FileState::Failed)).await;
    assert!(failed, "GHA never found the file wrong: {:?}", progress(&nb, &id));
    assert_eq!(refused(na.refetch_attachment(&id).await.expect_err("own")), "refusal-attachment-refetch-own");
    assert!(nb.attachment_content(&id).is_err(), "a failed file is not given out");

    na.flip_own_chunk(&id, 2).expect("flip back");
    // Two refetches at once (a double click, two clients): one clears the
    // file, the other finds it fetching; neither clears what the fetcher
    // is filling again.
    let (first, second) = tokio::join!(nb.refetch_attachment(&id), nb.refetch_attachment(&id));
    let (again, other) = match (first, second) {
        (Ok(again), Err(other)) | (Err(other), Ok(again)) => (again, other),
        (first, second) => panic!("two refetches at once: {first:?} and {second:?}"),
    };
    assert_eq!(refused(other), "refusal-attachment-refetch-not-failed");
    assert_eq!((again.state, again.held_chunks), (FileState::Fetching, 0));
    let done = wait_until(TRANSFER, || progress(&nb, &id).is_some_and(|p| p.state == FileState::Complete)).await;
    assert!(done, "GHA never completed the file fetched again: {:?}", progress(&nb, &id));
    assert_eq!(digest_of(&nb, &id).await, digest);
    assert_eq!(
        refused(nb.refetch_attachment(&id).await.expect_err("complete")),
        "refusal-attachment-refetch-not-failed"
    );
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_whose_case_is_withdrawn_while_it_arrives_is_deleted() {
    init_logging();
    let a = state("FRA");
    let fed = LocalFederation::start(&[a]).await.expect("federation");
    let na = fed.state(a).expect("a").clone();
    let case = na.create_case(new_case("withdrawn during an upload")).await.expect("case");
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, String>>(1);
    let pieces = futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|p| (p, rx)) });
    let upload = tokio::spawn({
        let (na, id) = (na.clone(), case.id);
        async move { na.attach_upload(&id, Box::pin(pieces), "late.bin".into(), None).await }
    });
    let bytes = dief_node::federation::noise_bytes(3 * MIB);
    tx.send(Ok(bytes[..2 * MIB].to_vec())).await.expect("first pieces");
    assert!(wait_until(PROMPT, || na.upload_leftovers().unwrap_or(0) >= 1).await, "the upload never started");
    na.withdraw(&case.id, "closed while a file arrived".into()).await.expect("withdraw");
    tx.send(Ok(bytes[2 * MIB..].to_vec())).await.expect("last piece");
    drop(tx);
    let refused_late = upload.await.expect("task").expect_err("a withdrawn case takes no file");
    assert_eq!(refused(refused_late), "refusal-case-withdrawn-edit");
    assert!(na.attachments().expect("list").is_empty(), "the file of a withdrawn case stayed");
    assert_eq!(na.upload_leftovers().expect("leftovers"), 0);
    fed.shutdown().await;
}
