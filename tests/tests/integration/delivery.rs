//! Delivery: chosen recipients only, exactly once across restarts, replays
//! answered without a second copy, failing envelopes set aside.

use std::collections::BTreeMap;
use std::time::Duration;

use dief_node::federation::LocalFederation;
use dief_node::meetings::MeetingDraft;
use dief_node::node::Delivery;
use dief_node::node::Node;
use dief_node::outbox::{LONG_REFUSAL_ATTEMPTS, MAX_FAILURES};
use dief_node::store::{Cf, Store, StoreError};
use dief_node::NodeError;
use dief_protocol::meeting::{Delegate, MeetingKind, Registration, Role};
use dief_protocol::payload::Reply;
use dief_protocol::procedure::{ChallengeAnswer, NoticeReply};
use dief_protocol::{CaseId, Date, Kind, MessageId, Party, Payload, Response};
use dief_tests::{delivered, init_logging, new_case, state, wait_until, PROMPT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_reaches_only_the_states_chosen() {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b, c]).await.expect("federation");
    let (na, nb, nc) =
        (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone(), fed.state(c).expect("c").clone());
    let case = na.create_case(new_case("for GHA only")).await.expect("case");
    let id = na.share(&case.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await, "GHA never got the case");
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await);

    // C holds nothing, and cannot open the envelope even when handed it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(nc.case(&case.id).is_err());
    assert!(nc.inbox().expect("inbox").iter().all(|e| e.kind != Kind::CaseShare));
    let envelope = na.sent_envelope(&id).expect("envelope");
    let err = nc.try_open(&envelope).expect_err("PER opened an envelope not addressed to it");
    assert!(err.to_string().contains("not addressed to PER"), "{err}");
    // Nor can the Secretariat.
    let sec = fed.node(Party::Secretariat).expect("sec");
    assert!(sec.try_open(&envelope).is_err());
    // And B's copy is the case A sent.
    let opened = nb.try_open(&envelope).expect("GHA opens");
    assert!(matches!(opened.payload, Payload::CaseShare { ref case, .. } if case.content.title == "for GHA only"));
    fed.shutdown().await;
}

/// 300 envelopes from A to B while B is stopped and restarted twice and A
/// once: every one delivered exactly once, counted from B's store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_across_restarts() {
    init_logging();
    const N: usize = 300;
    let (a, b) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let case = fed.state(a).expect("a").create_case(new_case("load")).await.expect("case");
    let (pa, pb) = (Party::State(a), Party::State(b));
    // Replies go only to States the case was shared with.
    fed.state(a).expect("a").share(&case.id, &[b]).await.expect("share");

    let send = |fed: &LocalFederation, range: std::ops::Range<usize>| {
        let node = fed.state(a).expect("a").clone();
        let id = case.id;
        async move {
            for i in range {
                node.reply(&id, format!("seq-{i:04}"), "en".into(), Some(vec![b])).await.expect("reply");
            }
        }
    };
    send(&fed, 0..60).await;
    fed.stop(pb).await.expect("stop b");
    send(&fed, 60..120).await;
    fed.start_node(pb).await.expect("start b");
    send(&fed, 120..180).await;
    fed.stop(pa).await.expect("stop a");
    fed.start_node(pa).await.expect("start a");
    send(&fed, 180..240).await;
    fed.stop(pb).await.expect("stop b again");
    send(&fed, 240..N).await;
    fed.start_node(pb).await.expect("start b again");

    let na = fed.state(a).expect("a").clone();
    assert!(
        wait_until(Duration::from_secs(60), || na.outbox_pending().ok() == Some(0)).await,
        "A's outbox did not drain: {:?} pending",
        na.outbox_pending()
    );
    let nb = fed.state(b).expect("b").clone();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in nb.inbox().expect("inbox") {
        if let Payload::Reply(r) = e.payload {
            *seen.entry(r.body).or_default() += 1;
        }
    }
    let duplicated: usize = seen.values().filter(|n| **n > 1).map(|n| n - 1).sum();
    let lost = (0..N).filter(|i| !seen.contains_key(&format!("seq-{i:04}"))).count();
    println!("attempted {N}, delivered {}, lost {lost}, duplicated {duplicated}", seen.len());
    assert_eq!(lost, 0, "lost envelopes");
    assert_eq!(duplicated, 0, "duplicated envelopes");
    assert_eq!(seen.len(), N);
    // The inbox is keyed by message id, so a second apply would overwrite
    // the first unseen: count applies in the audit log, one entry each.
    let mut applies: BTreeMap<dief_protocol::MessageId, usize> = BTreeMap::new();
    for e in nb.audit_entries(0, 100_000).expect("audit") {
        if e.event.action == (dief_node::audit::AuditAction::Delivered { kind: Kind::Reply }) {
            *applies.entry(e.event.message_id.expect("id")).or_insert(0) += 1;
        }
    }
    assert_eq!(applies.len(), N, "applied replies");
    assert!(applies.values().all(|n| *n == 1), "a reply applied twice");
    // Every delivery is receipted on A's side too.
    let receipted = na
        .outbox()
        .expect("outbox")
        .iter()
        .filter(|i| i.kind == Kind::Reply)
        .filter(|i| i.recipients.iter().all(|(_, d)| matches!(d, Delivery::Delivered { .. })))
        .count();
    assert_eq!(receipted, N);
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_envelope_is_receipted_again_but_not_stored_twice() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let case = na.create_case(new_case("replay")).await.expect("case");
    let id = na.share(&case.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || na.outbox_pending().ok() == Some(0)).await);
    let before = nb.inbox().expect("inbox").len();
    let bytes = na.sent_envelope(&id).expect("env").to_bytes().expect("bytes");
    for _ in 0..3 {
        match na.send_raw(Party::State(b), bytes.clone()).await.expect("send") {
            Response::Receipt(r) => {
                let r = r
                    .verify(&nb.signing_key(), Party::State(b), id, &na.sent_envelope(&id).expect("env").digest())
                    .expect("receipt verifies");
                assert!(r.duplicate, "a replay must be receipted as a duplicate");
            }
            other => panic!("unexpected answer to a replay: {other:?}"),
        }
    }
    assert_eq!(nb.inbox().expect("inbox").len(), before, "a replay was stored again");
    fed.shutdown().await;
}

/// One envelope delivered eight times at once (a retry after a timeout
/// overlapping the first attempt, or a relay): applied once. Counted by
/// what was applied (audit entries and signed first-time receipts), not by
/// inbox keys, which a second apply would overwrite unseen.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_deliveries_of_one_envelope_apply_it_once() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    for round in 0..5 {
        let case = na.create_case(new_case(&format!("raced {round}"))).await.expect("case");
        let payload = Payload::CaseShare { case, provider: a };
        let envelope = na.seal_only(vec![Party::State(b)], payload).expect("seal");
        let id = envelope.peek_header().expect("header").message_id;
        let bytes = envelope.to_bytes().expect("bytes");
        let sends: Vec<_> = (0..8)
            .map(|_| {
                let (na, bytes) = (na.clone(), bytes.clone());
                tokio::spawn(async move { na.send_raw(Party::State(b), bytes).await })
            })
            .collect();
        let mut first_time = 0;
        for send in sends {
            match send.await.expect("task").expect("send") {
                Response::Receipt(r) => {
                    let r = r.verify(&nb.signing_key(), Party::State(b), id, &envelope.digest()).expect("receipt");
                    if !r.duplicate {
                        first_time += 1;
                    }
                }
                Response::Refused { retryable: true, reason } => assert!(reason.contains("retry"), "{reason}"),
                other => panic!("unexpected answer: {other:?}"),
            }
        }
        assert_eq!(first_time, 1, "round {round}: receipted as new {first_time} times");
        let applied =
            nb.audit_entries(0, 10_000).expect("audit").iter().filter(|e| e.event.message_id == Some(id)).count();
        assert_eq!(applied, 1, "round {round}: applied {applied} times");
    }
    fed.shutdown().await;
}

/// Sends `payload` from `from` to `to` under `id` (another party's message
/// id), as a hostile node would, and returns the receiver's refusal.
async fn send_under(from: &Node, to: Party, id: MessageId, payload: Payload) -> String {
    let envelope = from.seal_as(id, vec![to], payload).expect("seal");
    match from.send_raw(to, envelope.to_bytes().expect("bytes")).await.expect("send") {
        Response::Refused { reason, retryable } => {
            assert!(!retryable, "{reason}");
            reason
        }
        other => panic!("a message under another party's id {id} was taken: {other:?}"),
    }
}

/// A State answers under the very id of what it answers (issue 11 item 2):
/// a reply under FRA's share, a notice reply under the notice, a challenge
/// answer under the challenge, a registration under the Secretariat's
/// invitation. Each is refused for good, naming the id as not the sender's,
/// and the receiver keeps what it sent under that id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_under_the_id_they_answer_are_refused_and_overwrite_nothing() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let (pa, pb) = (Party::State(a), Party::State(b));
    let not_gha = |reason: &str, id: MessageId| {
        assert!(reason.contains(&format!("message id {id} is not bound to its sender GHA")), "{reason}");
    };

    let case = na.create_case(new_case("reused ids")).await.expect("case");
    let share = na.share(&case.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await);
    let reply = Payload::Reply(Reply { case_id: case.id, in_reply_to: None, body: "x".into(), language: "en".into() });
    not_gha(&send_under(&nb, pa, share, reply).await, share);
    assert!(na.sent_envelope(&share).is_ok(), "FRA's record of its share is intact");

    let today = Date::from_unix_ms(fed.clock().now_ms());
    let sent = na
        .notify_involved(&case.id, &[b], today.add_days(60), None, "transit via Tema".into(), "en".into())
        .await
        .expect("notice");
    let notice = sent.notices[0].1;
    assert!(wait_until(PROMPT, || nb.received_notices().is_ok_and(|n| !n.is_empty())).await);
    let answer =
        Payload::NoticeReply(NoticeReply { case_id: case.id, notice, body: "x".into(), language: "en".into() });
    not_gha(&send_under(&nb, pa, notice, answer).await, notice);

    let challenge = na.challenge(pb, Some(case.id), "a leak to the press".into()).await.expect("challenge");
    assert!(wait_until(PROMPT, || nb.challenges().is_ok_and(|c| !c.is_empty())).await);
    let answer =
        Payload::ChallengeAnswer(ChallengeAnswer { challenge, explanation: "x".into(), remedial_measures: "y".into() });
    not_gha(&send_under(&nb, pa, challenge, answer).await, challenge);

    // FRA still holds its notice and its challenge, as it sent them.
    let kept = na.case_exchanges(&case.id).expect("exchanges");
    let notice_kept = kept.iter().find(|e| e.message_id == notice).expect("notice kept");
    assert!(matches!(notice_kept.payload, Payload::InvolvedNotice(_)), "{:?}", notice_kept.payload.kind());
    let challenges = na.challenges().expect("challenges");
    assert!(challenges.iter().any(|c| c.challenge_id == challenge), "{challenges:?}");

    let scheduled = sec
        .schedule_meeting(MeetingDraft {
            id: None,
            kind: MeetingKind::Csp,
            title: "DIEF".into(),
            first_day: today.add_days(80),
            last_day: today.add_days(81),
            venue: "Geneva".into(),
            call_for_submissions: "Submit cases.".into(),
            language: "en".into(),
        })
        .await
        .expect("schedule");
    let invitation = sec.invite(scheduled.meeting.id).await.expect("invite").message_id;
    assert!(wait_until(PROMPT, || nb.meeting(scheduled.meeting.id).is_ok()).await);
    let registration = Payload::Registration(Registration {
        meeting: scheduled.meeting.id,
        state: b,
        revision: 1,
        delegates: vec![Delegate {
            name: "A. Mensah".into(),
            role: Role::LawEnforcement,
            agency: "Police".into(),
            head: true,
        }],
        registered_on: today,
    });
    not_gha(&send_under(&nb, Party::Secretariat, invitation, registration).await, invitation);
    let view = sec.meeting(scheduled.meeting.id).expect("meeting");
    assert!(view.invitation.is_some_and(|i| i.message_id == invitation), "the Secretariat's invitation was replaced");
    assert!(view.registrations.is_empty(), "{:?}", view.registrations);
    fed.shutdown().await;
}

/// A co-recipient of FRA's envelope delivers something to GHA under that
/// envelope's id before FRA's arrives (issue 11 item 2): it is refused, and
/// FRA's own envelope is then taken, not set aside as "id already used".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_recipient_delivering_first_under_an_envelopes_id_blocks_nothing() {
    let r = race().await;
    // PER saw the id; it races FRA's envelope to GHA with its own.
    let decoy = Payload::Reply(Reply { case_id: r.case, in_reply_to: None, body: "x".into(), language: "en".into() });
    let reason = send_under(&r.nc, Party::State(r.b), r.id, decoy).await;
    assert!(reason.contains("not bound to its sender PER"), "{reason}");
    r.fras_envelope_is_applied("PER's", "").await;
}

/// The same race through a roster update (issue 11 review): roster updates
/// always travel in wire version 1, which binds no id to its sender, so a
/// co-recipient can deliver the roster it holds under the id of an envelope
/// it saw. The decoy is taken (a roster update is idempotent) but never
/// takes the id: the real envelope is still applied, not a duplicate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_recipient_delivering_a_roster_update_first_under_an_envelopes_id_blocks_nothing() {
    let r = race().await;
    // PER relays the roster it holds to GHA under FRA's id, first.
    let roster = r.nc.signed_roster().expect("PER's roster");
    let decoy = r.nc.seal_as(r.id, vec![Party::State(r.b)], Payload::RosterUpdate(roster)).expect("seal decoy");
    assert_eq!(decoy.peek_header().expect("header").version, 1, "roster updates travel in version 1");
    let answer = dief_tests::send_raw(&r.nc, Party::State(r.b), decoy.to_bytes().expect("bytes")).await;
    assert!(matches!(answer, Response::Receipt(_) | Response::Refused { .. }), "{answer:?}");
    r.fras_envelope_is_applied("PER's roster update", " by a roster update under its id").await;
}

/// FRA's case sealed to GHA and PER and delivered to PER only: PER has
/// seen the envelope's id before GHA has the envelope.
struct Race {
    fed: LocalFederation,
    b: dief_protocol::StateCode,
    na: Node,
    nb: Node,
    nc: Node,
    case: CaseId,
    envelope: dief_protocol::Envelope,
    id: MessageId,
    bytes: Vec<u8>,
}

async fn race() -> Race {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b, c]).await.expect("federation");
    let (na, nb, nc) =
        (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone(), fed.state(c).expect("c").clone());
    let case = na.create_case(new_case("to two States")).await.expect("case");
    let envelope = na
        .seal_only(vec![Party::State(b), Party::State(c)], Payload::CaseShare { case: case.clone(), provider: a })
        .expect("seal");
    let id = envelope.peek_header().expect("header").message_id;
    let bytes = envelope.to_bytes().expect("bytes");
    assert!(matches!(dief_tests::send_raw(&na, Party::State(c), bytes.clone()).await, Response::Receipt(_)));
    Race { fed, b, na, nb, nc, case: case.id, envelope, id, bytes }
}

impl Race {
    /// FRA's envelope, delivered to GHA after PER's decoy, is applied and
    /// not taken for a duplicate of `decoy`.
    async fn fras_envelope_is_applied(self, decoy: &str, blocked_by: &str) {
        let Race { fed, b, na, nb, case, envelope, id, bytes, .. } = self;
        match dief_tests::send_raw(&na, Party::State(b), bytes).await {
            Response::Receipt(r) => {
                let r = r.verify(&nb.signing_key(), Party::State(b), id, &envelope.digest()).expect("receipt");
                assert!(!r.duplicate, "FRA's envelope was taken for a duplicate of {decoy}");
            }
            other => panic!("FRA's envelope was blocked{blocked_by}: {other:?}"),
        }
        assert_eq!(nb.case(&case).expect("case at GHA").record.version, 1);
        fed.shutdown().await;
    }
}

/// Flipping a byte of a queued envelope makes the recipient refuse it for
/// good: it is set aside with the reason, and the others still flow.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_envelope_is_set_aside_without_blocking_others() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let mut fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (pa, pb) = (Party::State(a), Party::State(b));
    let na = fed.state(a).expect("a").clone();
    let case = na.create_case(new_case("set aside")).await.expect("case");
    fed.stop(pb).await.expect("stop b");
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(na.share(&case.id, &[b]).await.expect("share"));
    }
    drop(na);
    fed.stop(pa).await.expect("stop a");
    // Corrupt the middle envelope in A's store, as a disk fault or an
    // attacker with the data key might.
    {
        let dir = fed.dir(pa).expect("dir").join("store");
        let store = Store::open(&dir, fed.unlock()).expect("open store");
        let key = dief_node::records::sent_key(&ids[1]);
        let raw = store.get(Cf::Outbox, &key).expect("get").expect("sent record");
        let mut sent: dief_node::records::SentRecord = dief_node::records::decode("sent", &raw).expect("decode");
        let mut env = dief_protocol::Envelope::from_bytes(&sent.envelope).expect("env");
        let last = env.ciphertext.len() - 1;
        env.ciphertext[last] ^= 0x01;
        sent.envelope = env.to_bytes().expect("bytes");
        store.put_sync(Cf::Outbox, &key, &dief_node::records::encode("sent", &sent).expect("enc")).expect("put");
    }
    let na = fed.start_node(pa).await.expect("start a");
    fed.start_node(pb).await.expect("start b");
    let state_of = |id| {
        na.outbox()
            .ok()
            .and_then(|items| items.into_iter().find(|i| i.message_id == id))
            .and_then(|i| i.recipients.into_iter().next())
            .map(|(_, d)| d)
    };
    assert!(
        wait_until(PROMPT, || {
            matches!(state_of(ids[0]), Some(Delivery::Delivered { .. }))
                && matches!(state_of(ids[2]), Some(Delivery::Delivered { .. }))
                && matches!(state_of(ids[1]), Some(Delivery::SetAside { .. }))
        })
        .await,
        "states: {:?} {:?} {:?}",
        state_of(ids[0]),
        state_of(ids[1]),
        state_of(ids[2])
    );
    match state_of(ids[1]) {
        Some(Delivery::SetAside { reason, .. }) => assert!(reason.contains("signature"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // The set-aside envelope makes A's node ask for attention (`dief status`
    // exits non-zero); B, which refused it, has nothing to report.
    let status = na.status().await.expect("status");
    assert_eq!(status.set_aside, 1, "{status:?}");
    assert!(status.attention.iter().any(|a| a.contains("set aside")), "{:?}", status.attention);
    let nb = fed.state(b).expect("b").clone();
    assert_eq!(nb.status().await.expect("status").attention, Vec::<String>::new());
    drop(nb);
    fed.shutdown().await;
}

/// Issue 11 outbox: a receiver whose disk is full refuses new work with an
/// error naming the free space and says so in `status`; its senders keep
/// the envelope and retry it far beyond the set-aside count (with the real
/// schedule, more than five minutes: `outbox` unit test), and it arrives
/// once space is freed. The schedule is shortened and the disk made "full"
/// by raising the reserve above its free space, as an operator's setting
/// would: the checks and refusals are the real ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_new_work_and_its_senders_wait_for_room() {
    init_logging();
    let (a, b) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[a, b]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let pb = Party::State(b);
    na.set_outbox_backoff(Duration::from_millis(2), Duration::from_millis(10));
    let case = na.create_case(new_case("waits for room")).await.expect("case");

    nb.set_disk_reserve(u64::MAX);
    let err = nb.create_case(new_case("no room")).await.expect_err("GHA recorded a case on a full disk");
    assert!(matches!(err, NodeError::Store(StoreError::DiskFull { .. })), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("MiB free") && text.contains("min_free_disk_mb"), "{text}");
    let attention = nb.status().await.expect("status").attention;
    assert!(attention.iter().any(|a| a.contains("new work is refused")), "{attention:?}");

    let id = na.share(&case.id, &[b]).await.expect("share");
    let pending = || -> Option<(u32, Option<String>)> {
        let item = na.outbox().ok()?.into_iter().find(|i| i.message_id == id)?;
        item.recipients.into_iter().find(|(p, _)| *p == pb).and_then(|(_, d)| match d {
            Delivery::Pending { attempts, last_error } => Some((attempts, last_error)),
            _ => None,
        })
    };
    let retried =
        wait_until(Duration::from_secs(90), || pending().is_some_and(|(n, _)| n >= LONG_REFUSAL_ATTEMPTS)).await;
    assert!(retried, "still {:?} after 90 s; outbox {:?}", pending(), na.outbox());
    let (attempts, last_error) = pending().expect("still pending, never set aside");
    assert!(attempts > MAX_FAILURES);
    assert!(last_error.as_deref().is_some_and(|e| e.contains("disk is full")), "{last_error:?}");
    assert_eq!(na.status().await.expect("status").set_aside, 0);
    assert!(nb.case(&case.id).is_err(), "GHA stored the case on a full disk");

    nb.set_disk_reserve(0);
    assert!(delivered(&na, id, pb).await, "not delivered once GHA had room: {:?}", pending());
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await, "GHA never got the case");
    nb.create_case(new_case("room again")).await.expect("a case once space was freed");
    let attention = nb.status().await.expect("status").attention;
    assert!(attention.iter().all(|a| !a.contains("new work is refused")), "{attention:?}");
    drop((na, nb));
    fed.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_provider_can_share_its_case() {
    init_logging();
    let (a, b, c) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[a, b, c]).await.expect("federation");
    let (na, nb) = (fed.state(a).expect("a").clone(), fed.state(b).expect("b").clone());
    let case = na.create_case(new_case("FRA's")).await.expect("case");
    na.share(&case.id, &[b]).await.expect("share");
    assert!(wait_until(PROMPT, || nb.case(&case.id).is_ok()).await);
    let err = nb.share(&case.id, &[c]).await.expect_err("GHA re-shared FRA's case");
    assert!(err.to_string().contains("only its provider"), "{err}");
    let _: CaseId = case.id;
    fed.shutdown().await;
}
