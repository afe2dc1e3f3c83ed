//! The State-to-State procedures across real nodes (issue 3): the full case
//! record with versions and withdrawal (ToR-13, 18, 19), involved-State
//! notices (ToR-12), operational use (ToR-16), disclosure challenges
//! (ToR-15), follow-up threads (ToR-21) and the audit trail of who received
//! what. Each negative path is checked at the *receiving* node: the sender
//! uses `send_unchecked` to get past its own node's checks.

use dief_node::audit::AuditAction;
use dief_node::cases::DEFAULT_SEARCH_LIMIT;
use dief_node::federation::LocalFederation;
use dief_node::formats::ExportFormat;
use dief_node::procedures::{ChallengeState, UseState};
use dief_protocol::case::{CaseQuery, NotForSharing, NotForSharingReason};
use dief_protocol::procedure::{ChallengeAnswer, NoticeReply, ThreadPost, UseAnswer, UseDecision, UsePurpose};
use dief_protocol::{Date, Payload};
use dief_tests::{delivered, full_case, init_logging, new_case, refusal_of, state, wait_until, PROMPT};

const DAY_MS: i64 = 86_400_000;

fn today(fed: &LocalFederation) -> Date {
    Date::from_unix_ms(fed.clock().now_ms())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_replies_and_right_of_reply_make_the_presentation_package() {
    init_logging();
    let (fra, gha, per, ita) = (state("FRA"), state("GHA"), state("PER"), state("ITA"));
    let fed = LocalFederation::start(&[fra, gha, per, ita]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc, nd) = (n(fra), n(gha), n(per), n(ita));
    let case = na.create_case(full_case()).await.expect("case");

    // ToR-12: 60 days ahead is on time; the reply is asked for by T-15.
    let meeting = today(&fed).add_days(60);
    let sent = na
        .notify_involved(
            &case.id,
            &[gha, per],
            meeting,
            Some("DIEF-2027-1".into()),
            "Route through your port".into(),
            "en".into(),
        )
        .await
        .expect("notices");
    assert!(!sent.late);
    assert_eq!(sent.reply_by, meeting.add_days(-15));
    assert_eq!(sent.notices.len(), 2, "one envelope per involved State");
    let notice_to = |s| sent.notices.iter().find(|(st, _)| *st == s).map(|(_, m)| *m).expect("notice");
    let (to_gha, to_per) = (notice_to(gha), notice_to(per));

    // Each notified State sees its own notice only: GHA's is not PER's.
    assert!(wait_until(PROMPT, || nb.received_notices().map(|v| v.len() == 1).unwrap_or(false)).await);
    assert!(wait_until(PROMPT, || nc.received_notices().map(|v| v.len() == 1).unwrap_or(false)).await);
    let gha_notice = na.sent_envelope(&to_gha).expect("envelope");
    assert!(nc.try_open(&gha_notice).is_err(), "PER opened the notice sealed to GHA");
    assert!(nd.received_notices().expect("ITA notices").is_empty());

    // GHA replies; PER stays silent.
    nb.reply_to_notice(&case.id, &to_gha, "GHA confirms the port call".into(), "en".into()).await.expect("reply");
    let package_ready =
        wait_until(PROMPT, || na.presentation(&case.id, meeting).map(|p| p.answered == vec![gha]).unwrap_or(false))
            .await;
    assert!(package_ready, "GHA's reply was not attached to the package");
    let p = na.presentation(&case.id, meeting).expect("package");
    assert_eq!(p.not_answered, vec![per]);
    let g = p.notices.iter().find(|x| x.state == gha).expect("GHA line");
    assert_eq!(g.reply.as_ref().map(|r| r.body.as_str()), Some("GHA confirms the port call"));
    assert!(g.receipted_at.is_some(), "the package shows when GHA's node receipted the notice");
    assert!(p.notices.iter().all(|x| x.notice_id == to_gha || x.notice_id == to_per));

    // ITA was never notified: its reply is refused by FRA's node.
    let forged = Payload::NoticeReply(NoticeReply {
        case_id: case.id,
        notice: to_gha,
        body: "ITA was not asked".into(),
        language: "en".into(),
    });
    let m = nd.send_unchecked(vec![fra.party()], forged).await.expect("queued");
    let reason = refusal_of(&nd, m, fra.party()).await;
    assert!(reason.contains("was not notified"), "{reason}");
    let p = na.presentation(&case.id, meeting).expect("package");
    assert_eq!(p.answered, vec![gha], "a refused answer must not reach the package");

    // Right of reply opens only after the presentation.
    let early = nb.right_of_reply(&case.id, &to_gha, "too early".into(), "en".into()).await;
    assert!(early.is_err_and(|e| e.to_string().contains("after the presentation")));
    fed.clock().advance(61 * DAY_MS);
    nb.right_of_reply(&case.id, &to_gha, "GHA's right of reply".into(), "fr".into()).await.expect("right of reply");
    assert!(
        wait_until(PROMPT, || {
            na.presentation(&case.id, meeting)
                .map(|p| p.notices.iter().any(|x| x.state == gha && x.right_of_reply.len() == 1))
                .unwrap_or(false)
        })
        .await
    );
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_notice_is_flagged_on_both_sides() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let (na, nb) = (fed.state(fra).expect("a").clone(), fed.state(gha).expect("b").clone());
    let case = na.create_case(new_case("late")).await.expect("case");
    // T-30 exactly is on time; T-29 is late (ToR-12).
    let on_time = na
        .notify_involved(&case.id, &[gha], today(&fed).add_days(30), None, "on the day".into(), "en".into())
        .await
        .expect("on time");
    assert!(!on_time.late);
    let late = na
        .notify_involved(&case.id, &[gha], today(&fed).add_days(29), None, "one day late".into(), "en".into())
        .await
        .expect("late notice still goes");
    assert!(late.late);
    assert!(wait_until(PROMPT, || nb.received_notices().map(|v| v.len() == 2).unwrap_or(false)).await);
    let received = nb.received_notices().expect("notices");
    assert_eq!(received.iter().filter(|n| n.notice.late).count(), 1);
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versions_withdrawal_and_who_received_what() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let case = na.create_case(full_case()).await.expect("case");
    na.share(&case.id, &[gha]).await.expect("share v1");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await);

    // An edit is a new version, sent to every State holding an earlier one.
    let mut content = case.content.clone();
    content.title = "Rifles in transit (second version)".into();
    let edit = na.edit_case(&case.id, content).await.expect("edit");
    assert_eq!(edit.record.version, 2);
    assert_eq!(edit.update_sent_to, vec![gha]);
    assert!(wait_until(PROMPT, || nb.case(&case.id).map(|c| c.record.version == 2).unwrap_or(false)).await);
    na.share(&case.id, &[per]).await.expect("share v2 to PER");
    assert!(wait_until(PROMPT, || nc.case(&case.id).is_ok()).await);

    // A non-provider's update is refused by the receiver.
    let mut forged = nb.case(&case.id).expect("held").record;
    forged.version = 9;
    forged.content.title = "GHA rewrites FRA's case".into();
    let m = nb.send_unchecked(vec![per.party()], Payload::CaseUpdate { case: forged, provider: fra }).await.expect("q");
    let reason = refusal_of(&nb, m, per.party()).await;
    assert!(reason.contains("not the provider"), "{reason}");
    assert_eq!(nc.case(&case.id).expect("held").record.version, 2);

    // The provider lists which State received which version, and when.
    let deadline = tokio::time::Instant::now() + PROMPT;
    let rows = loop {
        let rows = na.distribution(&case.id).await.expect("distribution");
        if rows.iter().filter(|r| r.receipted_at.is_some()).count() == 3 {
            break rows;
        }
        assert!(tokio::time::Instant::now() < deadline, "GHA v1, GHA v2 and PER v2 not all receipted: {rows:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let mut seen: Vec<(String, Option<u32>)> = rows.iter().map(|r| (r.state.to_string(), r.version)).collect();
    seen.sort();
    assert_eq!(seen, vec![("GHA".into(), Some(1)), ("GHA".into(), Some(2)), ("PER".into(), Some(2))]);

    // Withdrawal: every recipient marks the case withdrawn.
    let w = na.withdraw(&case.id, "Investigation compromised".into()).await.expect("withdraw");
    let mut notified = w.notified.clone();
    notified.sort();
    assert_eq!(notified, vec![gha, per]);
    for node in [&nb, &nc] {
        assert!(wait_until(PROMPT, || node.case(&case.id).map(|c| c.withdrawn.is_some()).unwrap_or(false)).await);
        // The search index is updated just after the store write that the
        // line above observes, so wait for it too rather than race it.
        let hidden = wait_until(PROMPT, || {
            node.search(&CaseQuery::default(), false, Some(DEFAULT_SEARCH_LIMIT))
                .is_ok_and(|hits| hits.iter().all(|h| h.id != case.id))
        })
        .await;
        assert!(hidden, "a withdrawn case is hidden from search by default");
    }
    assert!(na.share(&case.id, &[gha]).await.is_err(), "a withdrawn case is not shared again");
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_marked_not_for_sharing_never_leaves_the_node() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let (na, nb) = (fed.state(fra).expect("a").clone(), fed.state(gha).expect("b").clone());
    let mut content = new_case("national security");
    content.marking.not_for_sharing =
        Some(NotForSharing { reason: NotForSharingReason::NationalSecurity, note: String::new() });
    let case = na.create_case(content).await.expect("case");
    let err = na.share(&case.id, &[gha]).await.expect_err("shared a not-for-sharing case");
    assert!(err.to_string().contains("not for sharing (ToR-13)"), "{err}");

    // Marking a shared case not for sharing stops its updates.
    let open = na.create_case(new_case("shared first")).await.expect("case");
    na.share(&open.id, &[gha]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&open.id).is_ok()).await);
    let mut content = open.content.clone();
    content.marking.not_for_sharing =
        Some(NotForSharing { reason: NotForSharingReason::OngoingProceedings, note: String::new() });
    let edit = na.edit_case(&open.id, content).await.expect("edit");
    assert!(edit.update_sent_to.is_empty());
    assert!(edit.not_sent.is_some_and(|w| w.contains("ongoing law-enforcement proceedings")));
    assert!(nb.case(&case.id).is_err());
    fed.shutdown().await;
}

/// The STIX and MISP exports (issue 14) are operational use like the JSON
/// export (ToR-16): an own case always, a received one only after its
/// provider agreed, through the same check; each export audited with its
/// format, and a refusal not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exchange_format_exports_wait_for_the_provider_and_are_audited() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb) = (n(fra), n(gha));
    let case = na.create_case(full_case()).await.expect("case");
    let format_exports = |node: &dief_node::Node| {
        node.audit_entries(0, 10_000)
            .expect("audit")
            .into_iter()
            .filter_map(|e| match e.event.action {
                AuditAction::FormatExport { format } if e.event.case_id == Some(case.id) => Some(format),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // Own case: always exportable, in both formats.
    let bundle = na.export_as(&case.id, ExportFormat::Stix).await.expect("own case as STIX");
    assert_eq!(bundle["type"], "bundle");
    let event = na.export_as(&case.id, ExportFormat::Misp).await.expect("own case as MISP");
    assert_eq!(event["Event"]["info"], case.content.title.as_str());
    assert_eq!(format_exports(&na), vec!["stix-2.1".to_string(), "misp".to_string()]);

    na.share(&case.id, &[gha]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await);
    for format in [ExportFormat::Stix, ExportFormat::Misp] {
        let refused = nb.export_as(&case.id, format).await.expect_err("exported without a request");
        assert!(refused.to_string().contains("ToR-16") && refused.to_string().contains("no use request"), "{refused}");
    }
    let req = nb.request_use(&case.id, UsePurpose::ExportAssessment, "Licence review".into()).await.expect("request");
    let refused = nb.export_as(&case.id, ExportFormat::Stix).await.expect_err("exported before an answer");
    assert!(refused.to_string().contains("ToR-16") && refused.to_string().contains("unanswered"), "{refused}");
    assert!(wait_until(PROMPT, || na.use_requests(None).map(|v| v.len() == 1).unwrap_or(false)).await);
    na.answer_use(&case.id, &req, UseDecision::Decline, String::new()).await.expect("decline");
    assert!(use_state_becomes(&nb, &case.id, UseState::Declined).await);
    let refused = nb.export_as(&case.id, ExportFormat::Misp).await.expect_err("exported after a decline");
    assert!(refused.to_string().contains("ToR-16"), "{refused}");
    assert!(format_exports(&nb).is_empty(), "a refusal is not an export");

    na.answer_use(&case.id, &req, UseDecision::Agree, String::new()).await.expect("agree");
    assert!(use_state_becomes(&nb, &case.id, UseState::Agreed).await);
    let received = nb.export_as(&case.id, ExportFormat::Stix).await.expect("export after agreement");
    // The same case gives the same bundle wherever it is exported.
    assert_eq!(received, bundle);
    nb.export_as(&case.id, ExportFormat::Misp).await.expect("MISP after agreement");
    assert_eq!(format_exports(&nb), vec!["stix-2.1".to_string(), "misp".to_string()]);
    let entry = nb
        .audit_entries(0, 10_000)
        .expect("audit")
        .into_iter()
        .find(|e| matches!(e.event.action, AuditAction::FormatExport { .. }))
        .expect("audited");
    assert_eq!(entry.event.parties, vec![fra.party()], "the provider is named");
    assert_eq!(entry.event.version, Some(case.version));
    assert!(entry.event.message_id.is_some(), "the agreement that permits it is named");
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operational_use_waits_for_the_providers_agreement() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let case = na.create_case(full_case()).await.expect("case");
    na.share(&case.id, &[gha, per]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok() && nc.case(&case.id).is_ok()).await);

    let refused = nb.export_for_use(&case.id).await.expect_err("exported without a request");
    assert!(refused.to_string().contains("no use request"), "{refused}");
    let req = nb.request_use(&case.id, UsePurpose::ExportAssessment, "Licence review".into()).await.expect("request");
    let refused = nb.export_for_use(&case.id).await.expect_err("exported before an answer");
    assert!(refused.to_string().contains("unanswered"), "{refused}");

    // PER is not the provider: its "agreement" is refused by GHA's node.
    let forged = Payload::UseAnswer(UseAnswer {
        case_id: case.id,
        request: req,
        decision: UseDecision::Agree,
        note: String::new(),
    });
    let m = nc.send_unchecked(vec![gha.party()], forged).await.expect("queued");
    let reason = refusal_of(&nc, m, gha.party()).await;
    assert!(reason.contains("not the provider"), "{reason}");
    assert!(nb.export_for_use(&case.id).await.is_err());

    assert!(wait_until(PROMPT, || na.use_requests(None).map(|v| v.len() == 1).unwrap_or(false)).await);
    na.answer_use(&case.id, &req, UseDecision::Decline, "Not yet".into()).await.expect("decline");
    assert!(use_state_becomes(&nb, &case.id, UseState::Declined).await);
    let refused = nb.export_for_use(&case.id).await.expect_err("exported after a decline");
    assert!(refused.to_string().contains("decline"), "{refused}");

    let conditions = UseDecision::AgreeWithConditions { conditions: "Cite FRA; no public use".into() };
    na.answer_use(&case.id, &req, conditions, String::new()).await.expect("agree");
    assert!(use_state_becomes(&nb, &case.id, UseState::Agreed).await);
    let export = nb.export_for_use(&case.id).await.expect("export after agreement");
    assert_eq!(export.conditions.as_deref(), Some("Cite FRA; no public use"));
    // Both sides keep the request and both answers.
    for node in [&na, &nb] {
        let v = node.use_requests(Some(&case.id)).expect("requests");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].answers.len(), 2);
    }
    // PER, which asked nothing, still cannot export.
    assert!(nc.export_for_use(&case.id).await.is_err());
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disclosure_challenge_is_answered_and_closed_on_both_sides() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let c = na.challenge(gha.party(), None, "Details of our case appeared in a newspaper".into()).await.expect("c");
    assert!(wait_until(PROMPT, || nb.challenges().map(|v| v.len() == 1).unwrap_or(false)).await);
    assert_eq!(nb.challenges().expect("list")[0].state, ChallengeState::Open);

    // PER was not challenged: its answer is refused.
    let forged = Payload::ChallengeAnswer(ChallengeAnswer {
        challenge: c,
        explanation: "not mine to answer".into(),
        remedial_measures: String::new(),
    });
    let m = nc.send_unchecked(vec![fra.party()], forged).await.expect("queued");
    let reason = refusal_of(&nc, m, fra.party()).await;
    assert!(reason.contains("is not between"), "{reason}");

    nb.answer_challenge(&c, "A press officer saw a briefing".into(), "Access restricted; staff retrained".into())
        .await
        .expect("answer");
    assert!(
        wait_until(PROMPT, || na
            .challenges()
            .map(|v| v.first().is_some_and(|x| x.state == ChallengeState::Answered))
            .unwrap_or(false))
        .await
    );
    na.close_challenge(&c, "Satisfied".into()).await.expect("close");
    assert!(
        wait_until(PROMPT, || nb
            .challenges()
            .map(|v| v.first().is_some_and(|x| x.state == ChallengeState::Closed))
            .unwrap_or(false))
        .await
    );
    assert_eq!(na.challenges().expect("list")[0].state, ChallengeState::Closed);
    assert!(nc.challenges().expect("list").is_empty(), "a bilateral challenge reached a third State");
    fed.shutdown().await;
}

/// POSTs `body` to `path` on the local API at `addr` (HTTP/1.1, one request
/// per connection) and returns the status code and the body.
async fn api_post(addr: std::net::SocketAddr, token: &str, path: &str, body: &serde_json::Value) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect to the API");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    let status = answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, answer)
}

/// ToR-15 with the Secretariat as the other party: an answer to its
/// challenge, or the closing note of one made to it, is sealed to the
/// Secretariat, which reads it. The API refuses to send either until the
/// user confirms with `secretariat_reads`, as it does for the challenge
/// itself (issue 11 review); answers and closings between States need no
/// confirmation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_asks_before_an_answer_or_closing_note_goes_to_the_secretariat() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb) = (n(fra), n(gha));
    let sec = fed.node(dief_protocol::Party::Secretariat).expect("secretariat").clone();
    let token = "test-token".to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let loopback: std::net::SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let shutdown = async move {
        let _ = stopped.await;
    };
    let api = dief_node::api::serve(na.clone(), loopback, token.clone(), shutdown).await.expect("serve");

    // The Secretariat challenges FRA; FRA answers through its API.
    let from_sec = sec.challenge(fra.party(), None, "A leak from FRA's delegation".into()).await.expect("challenge");
    assert!(wait_until(PROMPT, || na.challenges().is_ok_and(|v| v.iter().any(|c| c.challenge_id == from_sec))).await);
    let answer = serde_json::json!({ "explanation": "Not from us", "remedial_measures": "None needed" });
    let path = format!("/v1/challenges/{from_sec}/answer");
    let (status, text) = api_post(api, &token, &path, &answer).await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("the Secretariat will read this answer") && text.contains("secretariat_reads"), "{text}");
    let mut confirmed = answer.clone();
    confirmed["secretariat_reads"] = serde_json::json!(true);
    let (status, text) = api_post(api, &token, &path, &confirmed).await;
    assert_eq!(status, 200, "{text}");

    // FRA challenges the Secretariat (confirmed), then closes it.
    let to_sec = na.challenge(dief_protocol::Party::Secretariat, None, "Our roster entry".into()).await.expect("c");
    let path = format!("/v1/challenges/{to_sec}/close");
    let note = serde_json::json!({ "note": "Closed" });
    let (status, text) = api_post(api, &token, &path, &note).await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("the Secretariat will read this closing note"), "{text}");
    let (status, text) =
        api_post(api, &token, &path, &serde_json::json!({ "note": "Closed", "secretariat_reads": true })).await;
    assert_eq!(status, 200, "{text}");

    // Between States: no confirmation asked.
    let to_gha = na.challenge(gha.party(), None, "Between States".into()).await.expect("c");
    assert!(wait_until(PROMPT, || nb.challenges().is_ok_and(|v| v.iter().any(|c| c.challenge_id == to_gha))).await);
    let (status, text) = api_post(api, &token, &format!("/v1/challenges/{to_gha}/close"), &note).await;
    assert_eq!(status, 200, "{text}");
    let _ = stop.send(());
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_up_threads_reach_their_participants_only() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let case = na.create_case(new_case("follow-up")).await.expect("case");
    let t = na
        .thread_post(
            &case.id,
            None,
            &[gha],
            "Joint inspection".into(),
            "Shall we inspect on 3 May?".into(),
            "en".into(),
        )
        .await
        .expect("start");
    assert!(wait_until(PROMPT, || nb.threads(&case.id).map(|v| v.len() == 1).unwrap_or(false)).await);
    let g =
        nb.thread_post(&case.id, Some(t), &[], String::new(), "Agreed, 3 May".into(), "en".into()).await.expect("post");
    assert!(
        wait_until(PROMPT, || na
            .threads(&case.id)
            .map(|v| v.first().is_some_and(|x| x.posts.len() == 2))
            .unwrap_or(false))
        .await
    );
    assert!(nc.threads(&case.id).expect("threads").is_empty());

    // A post in thread `thread` with these participants, and the reason
    // FRA's node gives when it refuses it from `from`.
    let post = |thread, participants, body: &str| {
        Payload::ThreadPost(ThreadPost {
            case_id: case.id,
            thread: Some(thread),
            participants,
            subject: String::new(),
            body: body.into(),
            language: "en".into(),
        })
    };
    let refused = |from: dief_node::Node, payload| async move {
        let m = from.send_unchecked(vec![fra.party()], payload).await.expect("queued");
        refusal_of(&from, m, fra.party()).await
    };
    // PER is not a participant: its post is refused by FRA's node.
    let reason = refused(nc.clone(), post(t, vec![fra, per], "let me in")).await;
    assert!(reason.contains("not a participant"), "{reason}");
    // GHA, a participant, cannot widen the thread to PER (issue 11 item 8),
    // and no post may name a follow-up as its thread.
    let reason = refused(nb.clone(), post(t, vec![fra, gha, per], "PER joins")).await;
    assert!(reason.contains("participants are not those of thread"), "{reason}");
    let reason = refused(nb.clone(), post(g, vec![fra, gha], "rooted in a reply")).await;
    assert!(reason.contains("not the start of a thread"), "{reason}");
    assert!(delivered(&na, t, gha.party()).await, "the thread's first post was not receipted by GHA");
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn received_cases_are_searchable_by_the_tor19_fields() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let full = full_case();
    let case = na.create_case(full.clone()).await.expect("case");
    na.create_case(new_case("unrelated")).await.expect("case");
    na.share(&case.id, &[gha]).await.expect("share");
    // The search index is updated just after the record is committed.
    let by_provider = CaseQuery { provider: Some(fra), ..Default::default() };
    assert!(wait_until(PROMPT, || nb.search(&by_provider, false, None).is_ok_and(|h| !h.is_empty())).await);

    let serial = full.items.iter().flat_map(|i| i.serial_numbers.iter()).map(|s| s.number.clone()).next();
    let serial = serial.expect("the fixture has a serial number");
    let partial: String = serial.chars().skip(2).take(5).collect();
    let broker = full.brokers.first().cloned().expect("the fixture has a broker");
    for q in [
        CaseQuery { serial: Some(partial.clone()), ..Default::default() },
        CaseQuery { broker: Some(broker[..broker.len().min(6)].to_lowercase()), ..Default::default() },
        CaseQuery { provider: Some(fra), ..Default::default() },
    ] {
        let hits = nb.search(&q, false, None).expect("search");
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![case.id], "query {q:?}");
        assert!(nc.search(&q, false, None).expect("search").is_empty(), "PER was not sent the case");
    }
    let none = nb
        .search(&CaseQuery { serial: Some("ZZ-NOT-A-SERIAL-99".into()), ..Default::default() }, false, None)
        .expect("search");
    assert!(none.is_empty());
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_audit_log_is_detected_after_a_restart() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    let (na, nb) = (fed.state(fra).expect("a").clone(), fed.state(gha).expect("b").clone());
    let case = na.create_case(new_case("audited")).await.expect("case");
    let m = na.share(&case.id, &[gha]).await.expect("share");
    assert!(delivered(&na, m, gha.party()).await);
    nb.request_use(&case.id, UsePurpose::Other, "for the record".into()).await.expect("use request");
    assert!(wait_until(PROMPT, || na.use_requests(None).map(|v| v.len() == 1).unwrap_or(false)).await);
    let before = na.audit_verify().expect("verify");
    assert!(before.is_intact(), "{before:?}");
    let entries = na.audit_entries(0, 100).expect("entries");
    assert!(entries.len() >= 4, "create, share, receipt and use request are all logged: {entries:?}");

    // Delete one entry from the middle of the log, straight in the store.
    drop(na);
    fed.stop(fra.party()).await.expect("stop");
    let dir = fed.dir(fra.party()).expect("dir").join(dief_node::config::STORE_DIR);
    {
        let store = dief_node::store::Store::open(&dir, fed.unlock()).expect("open store");
        let mut key = b"e/".to_vec();
        key.extend_from_slice(&2u64.to_be_bytes());
        assert!(store.get(dief_node::store::Cf::Audit, &key).expect("read").is_some(), "entry 2 exists");
        store.delete_sync(dief_node::store::Cf::Audit, &key).expect("delete");
    }
    let na = fed.start_node(fra.party()).await.expect("restart");
    let after = na.audit_verify().expect("verify");
    assert!(!after.is_intact(), "the deletion went unnoticed: {after:?}");
    fed.shutdown().await;
}

/// A reply about a case is taken only by a node holding the case, and by
/// the provider only from a State it shared the case with (issue 11 item
/// 8): PER, never sent FRA's case, cannot attach text to it; a reply about
/// a case FRA does not hold waits ("not yet") instead of being kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_is_taken_only_about_a_case_held_and_from_a_state_it_was_shared_with() {
    use dief_node::node::Delivery;
    use dief_protocol::payload::Reply;
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let case = na.create_case(new_case("replies")).await.expect("case");
    let shared = na.share(&case.id, &[gha]).await.expect("share");
    assert!(delivered(&na, shared, gha.party()).await);
    let reply = |case_id, body: &str| {
        Payload::Reply(Reply { case_id, in_reply_to: None, body: body.into(), language: "en".into() })
    };
    let m = nc.send_unchecked(vec![fra.party()], reply(case.id, "PER was never sent it")).await.expect("queued");
    let reason = refusal_of(&nc, m, fra.party()).await;
    assert!(reason.contains("never shared with PER"), "{reason}");
    let theirs = nb.create_case(new_case("GHA's own, never shared")).await.expect("case");
    let m = nb.send_unchecked(vec![fra.party()], reply(theirs.id, "about a case FRA lacks")).await.expect("queued");
    assert!(
        wait_until(PROMPT, || nb.outbox().unwrap_or_default().iter().filter(|i| i.message_id == m).any(|i| {
            i.recipients.iter().any(
                |(_, d)| matches!(d, Delivery::Pending { last_error: Some(e), .. } if e.contains("does not hold case")),
            )
        }))
        .await,
        "a reply about a case not held waits, with the reason"
    );
    // FRA's own node will not send a reply about its case to PER either.
    let err = na.reply(&case.id, "to PER".into(), "en".into(), Some(vec![per])).await.expect_err("not shared");
    assert!(err.to_string().contains("never shared with PER"), "{err}");
    let ok = nb.reply(&case.id, "GHA answers".into(), "en".into(), None).await.expect("reply");
    assert!(delivered(&nb, ok, fra.party()).await, "the holder's reply is taken");
    let kept = na.case_exchanges(&case.id).expect("exchanges");
    assert!(kept.iter().all(|e| !matches!(&e.payload, Payload::Reply(r) if r.body.contains("PER"))));
    assert!(kept.iter().any(|e| matches!(&e.payload, Payload::Reply(r) if r.body == "GHA answers")));
    fed.shutdown().await;
}

/// A holder that is not the provider takes a reply about a case only from
/// the provider or from a State the case was sent to alongside it (issue 11
/// review): PER, never sent FRA's case, cannot attach text to it at GHA;
/// ITA, sent the case with GHA, and FRA itself can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_holder_takes_a_reply_only_from_the_provider_or_a_state_sent_the_case_alongside_it() {
    use dief_protocol::payload::Reply;
    init_logging();
    let (fra, gha, per, ita) = (state("FRA"), state("GHA"), state("PER"), state("ITA"));
    let fed = LocalFederation::start(&[fra, gha, per, ita]).await.expect("federation");
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc, nd) = (n(fra), n(gha), n(per), n(ita));
    let case = na.create_case(new_case("co-recipients")).await.expect("case");
    let shared = na.share(&case.id, &[gha, ita]).await.expect("share");
    for s in [gha, ita] {
        assert!(delivered(&na, shared, s.party()).await, "{s} did not get the case");
    }
    let forged = Payload::Reply(Reply {
        case_id: case.id,
        in_reply_to: None,
        body: "PER was never sent it".into(),
        language: "en".into(),
    });
    let m = nc.send_unchecked(vec![gha.party()], forged).await.expect("queued");
    let reason = refusal_of(&nc, m, gha.party()).await;
    assert!(reason.contains("PER was not sent case"), "{reason}");
    let from_ita = nd.reply(&case.id, "ITA to GHA".into(), "en".into(), Some(vec![gha])).await.expect("reply");
    assert!(delivered(&nd, from_ita, gha.party()).await, "a co-recipient's reply was not taken");
    let from_fra = na.reply(&case.id, "FRA to GHA".into(), "en".into(), Some(vec![gha])).await.expect("reply");
    assert!(delivered(&na, from_fra, gha.party()).await, "the provider's reply was not taken");
    let kept = nb.case_exchanges(&case.id).expect("exchanges");
    let bodies: Vec<&str> = kept
        .iter()
        .filter_map(|e| if let Payload::Reply(r) = &e.payload { Some(r.body.as_str()) } else { None })
        .collect();
    assert!(bodies.contains(&"ITA to GHA") && bodies.contains(&"FRA to GHA"), "{bodies:?}");
    assert!(!bodies.iter().any(|b| b.contains("PER")), "{bodies:?}");
    fed.shutdown().await;
}

/// Whether `node`'s first use request about `case` reaches `state` in time.
async fn use_state_becomes(node: &dief_node::Node, case: &dief_protocol::CaseId, state: UseState) -> bool {
    wait_until(PROMPT, || node.use_requests(Some(case)).is_ok_and(|v| v.first().is_some_and(|r| r.state == state)))
        .await
}
