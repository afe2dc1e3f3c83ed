//! The meeting cycle across real nodes (issue 4; ToR-3 to 11, 14, 15, 17,
//! 22), on the federation's one controllable clock: scheduling and the
//! two-meetings rule (ToR-3), invitations and the draft agenda with their
//! deadlines (ToR-9, 10), presentation intents that close at the agenda's
//! adoption (ToR-11), registrations nobody can object to (ToR-6, 7), the
//! expert silence procedure with objection, consultation, escalation at
//! T-20, decision and the signed acknowledgement (ToR-8, 15), briefing
//! clearance (ToR-22), the involved-State reply deadline as a node shows it
//! (ToR-12), the Secretariat's blindness to case content over a whole cycle
//! (ToR-14, DESIGN invariant 1), and the catch-up of a State admitted late.
//! Each negative path is checked at the *receiving* node too: the sender
//! uses `send_unchecked` to get past its own node's checks.

use dief_node::contacts::ContactDraft;
use dief_node::federation::LocalFederation;
use dief_node::meetings::{
    AgendaDraft, BriefingInput, DeadlineItem, DeadlineStatus, ExpertDraft, IntentDraft, IntentState, MeetingDraft,
    MeetingView, Step,
};
use dief_node::node::{Delivery, Node};
use dief_protocol::meeting::{
    BriefingAnswer, BriefingAudience, BriefingDraft, BriefingState, Contact, Delegate, DirectoryQuery, ExpertEvent,
    ExpertProposal, ExpertRecord, ExpertState, IntentSubject, MeetingId, MeetingKind, PresentationIntent, Registration,
    Role,
};
use dief_protocol::procedure::{UseDecision, UsePurpose};
use dief_protocol::rules::{self, Rule};
use dief_protocol::{CaseId, Date, Envelope, Kind, MemberStatus, MessageId, Party, Payload, StateCode};
use dief_tests::{
    count_files, delivered, files_containing, full_case, init_logging, new_case, refusal_of, state, wait_until, PROMPT,
};

const DAY_MS: i64 = 86_400_000;

fn today(fed: &LocalFederation) -> Date {
    Date::from_unix_ms(fed.clock().now_ms())
}

/// Moves every node's clock forward by whole days.
fn advance_days(fed: &LocalFederation, days: i64) {
    fed.clock().advance(days * DAY_MS);
}

fn meeting_draft(title: &str, first_day: Date, days: i32) -> MeetingDraft {
    MeetingDraft {
        id: None,
        kind: MeetingKind::Csp,
        title: title.into(),
        first_day,
        last_day: first_day.add_days(days - 1),
        venue: "Geneva, CICG".into(),
        call_for_submissions: "The President of the CSP calls for submissions of cases and other information.".into(),
        language: "en".into(),
    }
}

fn delegation(name: &str, role: Role) -> Vec<Delegate> {
    vec![Delegate { name: name.into(), role, agency: "National police".into(), head: true }]
}

fn expert(presentation: MessageId, name: &str) -> ExpertDraft {
    ExpertDraft {
        presentation,
        expert_name: name.into(),
        affiliation: "Independent tracing consultancy".into(),
        purpose: "Explain how the seized items were traced".into(),
        language: "en".into(),
    }
}

fn briefing(meeting: MeetingId, text: &str, based_on: Vec<CaseId>) -> BriefingInput {
    BriefingInput {
        meeting,
        audience: BriefingAudience::WorkingGroup,
        text: text.into(),
        language: "en".into(),
        based_on,
    }
}

fn intent(meeting: Option<MeetingId>, case: Option<CaseId>, with_expert: bool) -> IntentDraft {
    IntentDraft { meeting, case, minutes: Some(20), with_expert }
}

/// Asserts that `cond` holds within [`PROMPT`].
async fn eventually(what: impl std::fmt::Display, cond: impl FnMut() -> bool) {
    assert!(wait_until(PROMPT, cond).await, "not within {PROMPT:?}: {what}");
}

fn view(node: &Node, id: MeetingId) -> Option<MeetingView> {
    node.meeting(id).ok()
}

/// The state of expert proposal `p` of meeting `id` as `node` shows it.
fn expert_state(node: &Node, id: MeetingId, p: MessageId) -> Option<ExpertState> {
    view(node, id)?.experts.into_iter().find(|e| e.proposal_id == p).map(|e| e.state)
}

/// Waits until every node shows expert proposal `p` in `want`.
async fn experts_show(nodes: &[&Node], id: MeetingId, p: MessageId, want: &ExpertState) {
    for n in nodes {
        let mut last = None;
        let ok = wait_until(PROMPT, || {
            last = expert_state(n, id, p);
            last.as_ref() == Some(want)
        })
        .await;
        assert!(ok, "{} shows the expert as {last:?}, not {want:?}", n.party());
    }
}

/// Waits until every node shows the briefing of meeting `id` at `version`
/// in state `want`.
async fn briefing_shows(nodes: &[&Node], id: MeetingId, version: u32, want: &BriefingState) {
    for n in nodes {
        let mut last = None;
        let ok = wait_until(PROMPT, || {
            last = view(n, id).and_then(|v| v.briefing).map(|b| (b.draft.version, b.state));
            last.as_ref().is_some_and(|(v, s)| *v == version && s == want)
        })
        .await;
        assert!(ok, "{} shows the briefing as {last:?}, not version {version} {want:?}", n.party());
    }
}

/// Waits until every envelope `node` queued is receipted by every recipient
/// (or, for the forged ones, refused).
async fn drained(node: &Node) {
    eventually(format!("{}'s outbox drains", node.party()), || {
        node.outbox().is_ok_and(|items| {
            items.iter().all(|i| {
                i.recipients.iter().all(|(_, d)| matches!(d, Delivery::Delivered { .. } | Delivery::SetAside { .. }))
            })
        })
    })
    .await;
}

/// What the Secretariat adds to the agenda. (`agenda_items(&[])` has
/// an empty language, which the agenda's validation refuses.)
fn agenda_items(items: &[&str]) -> AgendaDraft {
    AgendaDraft {
        items: items.iter().map(|s| s.to_string()).collect(),
        supporting_documents: Vec::new(),
        language: "en".into(),
    }
}

/// The reply-to-notice deadline `node` shows for the notice about `case`.
fn reply_deadline(node: &Node, case: CaseId) -> Option<DeadlineItem> {
    node.deadlines()
        .ok()?
        .into_iter()
        .find(|d| d.rule == Some(Rule::InvolvedReply) && d.what.contains(&case.to_string()))
}

fn all_delivered(node: &Node, step: &Step) -> bool {
    node.outbox()
        .unwrap_or_default()
        .iter()
        .filter(|i| i.message_id == step.message_id)
        .any(|i| !i.recipients.is_empty() && i.recipients.iter().all(|(_, d)| matches!(d, Delivery::Delivered { .. })))
}

// ---------------------------------------------------------------------------
// 1. A whole cycle
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_meeting_cycle_on_a_controlled_clock() {
    init_logging();
    let (fra, gha, per, ita) = (state("FRA"), state("GHA"), state("PER"), state("ITA"));
    let fed = LocalFederation::start(&[fra, gha, per, ita]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc, nd) = (n(fra), n(gha), n(per), n(ita));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let everyone = [&sec, &na, &nb, &nc, &nd];
    let t0 = today(&fed);

    // ToR-11: PER announces a presentation before any meeting exists.
    let early = nc.register_intent(intent(None, None, false)).await.expect("intent without a meeting");
    assert_eq!(early.recipients, vec![Party::Secretariat], "an intent goes to the Secretariat alone");
    assert!(delivered(&nc, early.message_id, Party::Secretariat).await);
    let at_sec = |m: MessageId| sec.intents().unwrap_or_default().into_iter().find(|i| i.message_id == m);
    let waiting = at_sec(early.message_id).expect("the Secretariat holds PER's intent");
    assert_eq!((waiting.meeting, waiting.state), (None, IntentState::Waiting));

    // ToR-3: the Secretariat schedules a meeting 70 days ahead; the early
    // intent now applies to it.
    let first = t0.add_days(70);
    let scheduled = sec.schedule_meeting(meeting_draft("DIEF meeting at CSP", first, 3)).await.expect("schedule");
    assert!(scheduled.already_late.is_empty(), "{:?}", scheduled.already_late);
    let id = scheduled.meeting.id;
    let applied = at_sec(early.message_id).expect("intent");
    assert_eq!((applied.meeting, applied.state), (Some(id), IntentState::Open));

    // ToR-9: invitation at T-70, on time, to every member.
    let inv = sec.invite(id).await.expect("invite");
    assert!(!inv.late);
    assert_eq!(inv.recipients.len(), 4);
    for node in &everyone[1..] {
        eventually(format!("{} is invited", node.party()), || {
            view(node, id).is_some_and(|v| {
                v.invitation.as_ref().is_some_and(|i| !i.late && i.issued_on == t0)
                    && !v.meeting.call_for_submissions.is_empty()
            })
        })
        .await;
    }

    // FRA announces the presentation of its case with an expert.
    let case = na.create_case(new_case("Rifles diverted in transit")).await.expect("case");
    let fra_intent = na.register_intent(intent(Some(id), Some(case.id), true)).await.expect("FRA's intent");
    assert!(delivered(&na, fra_intent.message_id, Party::Secretariat).await);

    // ToR-6, 7: every member registers; there is no objection to make.
    for (node, who, role) in [
        (&na, "Capitaine A. Martin", Role::LawEnforcement),
        (&nb, "Mr K. Mensah", Role::Customs),
        (&nc, "Sra. L. Quispe", Role::ForeignMinistry),
        (&nd, "Dott.ssa G. Rossi", Role::Licensing),
    ] {
        let step = node.register_delegation(id, delegation(who, role)).await.expect("registration");
        assert!(step.recipients.contains(&Party::Secretariat));
        assert_eq!(step.recipients.len(), 4, "the Secretariat and the three other members");
    }
    for node in &everyone {
        eventually(format!("{} holds four registrations", node.party()), || {
            view(node, id).is_some_and(|v| v.registrations.len() == 4)
        })
        .await;
    }

    // ToR-10, 11: the draft agenda is built from the intents, in order.
    let agenda = sec.circulate_agenda(id, agenda_items(&["Trends and general lessons"])).await.expect("agenda");
    assert!(!agenda.late);
    for node in &everyone[1..] {
        eventually(format!("{} holds the draft agenda", node.party()), || {
            view(node, id).and_then(|v| v.agenda).is_some_and(|a| {
                let items: Vec<(String, Option<MessageId>)> =
                    a.agenda.items.iter().map(|i| (i.title.clone(), i.intent)).collect();
                !a.late
                    && items
                        == vec![
                            ("Presentation by PER (other information)".into(), Some(early.message_id)),
                            ("Presentation by FRA (case)".into(), Some(fra_intent.message_id)),
                            ("Trends and general lessons".into(), None),
                        ]
            })
        })
        .await;
    }

    // ToR-8: FRA proposes an expert on time; the Secretariat circulates it
    // at once and the silence starts for every member.
    let proposal = na.propose_expert(expert(fra_intent.message_id, "Dr Ada Lovelace")).await.expect("proposal");
    assert_eq!(proposal.recipients, vec![Party::Secretariat]);
    let p = proposal.message_id;
    experts_show(&everyone, id, p, &ExpertState::SilenceRunning { ends: rules::silence_ends(t0) }).await;
    let v = view(&nb, id).expect("view");
    assert_eq!(v.experts[0].circulated_on, Some(t0));
    assert_eq!(v.experts[0].escalates_on, Rule::ExpertEscalation.due(first));

    // Two days later GHA, a State Party, objects within the silence.
    advance_days(&fed, 2);
    nb.expert_step(p, ExpertEvent::Objection { reason: "Conflict of interest".into() }).await.expect("objection");
    let escalates_on = Rule::ExpertEscalation.due(first);
    experts_show(&everyone, id, p, &ExpertState::Objected { objectors: vec![gha], escalates_on }).await;
    na.expert_step(
        p,
        ExpertEvent::Consultation { note: "FRA explained the expert's role".into(), objection_withdrawn: false },
    )
    .await
    .expect("consultation");
    assert!(wait_until(PROMPT, || view(&nb, id).is_some_and(|v| v.experts[0].records.len() == 3)).await);

    // ToR-8: still unresolved at T-21, objected; at T-20, escalated.
    advance_days(&fed, i64::from(escalates_on.days_after(today(&fed))) - 1);
    assert_eq!(today(&fed), first.add_days(-21));
    experts_show(&everyone, id, p, &ExpertState::Objected { objectors: vec![gha], escalates_on }).await;
    advance_days(&fed, 1);
    experts_show(&everyone, id, p, &ExpertState::Escalated { objectors: vec![gha] }).await;

    // The States Parties attending decide; the Secretariat records it.
    sec.expert_step(p, ExpertEvent::Decision { accepted: true, note: String::new() }).await.expect("decision");
    experts_show(&everyone, id, p, &ExpertState::Accepted { by_decision: true }).await;
    assert!(everyone.iter().all(|n| view(n, id).is_some_and(|v| !v.experts[0].may_access)), "access before the ack");

    // ToR-15: FRA records the expert's signed acknowledgement, the duty
    // quoted in French, the language the expert was told it in (ToR-23).
    na.acknowledge_expert_in(p, today(&fed), "fr").await.expect("acknowledgement");
    for node in &everyone {
        eventually(format!("{} lets the expert in", node.party()), || {
            view(node, id).is_some_and(|v| v.experts[0].may_access && v.experts[0].acknowledgement.is_some())
        })
        .await;
    }
    let ack = view(everyone[0], id).and_then(|v| v.experts[0].acknowledgement.clone()).expect("the acknowledgement");
    assert_eq!(ack.language, "fr");
    assert!(ack.duty.contains("confidentialité") && ack.duty.contains("paragraphe 15"), "{}", ack.duty);

    // ToR-11: the agenda is adopted; the intents close.
    let adoption = sec.adopt_agenda(id).await.expect("adopt");
    for node in &everyone[1..] {
        eventually(format!("{} knows the adoption", node.party()), || {
            view(node, id).is_some_and(|v| v.adopted.as_ref().is_some_and(|a| a.version == 1))
        })
        .await;
    }
    assert!(wait_until(PROMPT, || all_delivered(&sec, &adoption)).await);
    for m in [early.message_id, fra_intent.message_id] {
        let i = at_sec(m).expect("intent");
        assert_eq!((i.meeting, i.state), (Some(id), IntentState::Closed), "at the Secretariat: {i:?}");
    }
    for (node, m) in [(&nc, early.message_id), (&na, fra_intent.message_id)] {
        let own = node.intents().expect("intents").into_iter().find(|i| i.message_id == m).expect("own intent");
        assert_eq!((own.meeting, own.state), (Some(id), IntentState::Closed), "at {}: {own:?}", node.party());
    }

    // A new intent for the meeting is refused by GHA's own node...
    let err = nb.register_intent(intent(Some(id), None, false)).await.expect_err("intent after adoption");
    assert!(err.to_string().contains("ToR-11"), "{err}");
    // ...and by the Secretariat when GHA's node is bypassed.
    let forced = Payload::PresentationIntent(PresentationIntent {
        presenter: gha,
        meeting: Some(id),
        subject: IntentSubject::OtherInformation,
        minutes: None,
        with_expert: false,
        registered_on: today(&fed),
    });
    let m = nb.send_unchecked(vec![Party::Secretariat], forced).await.expect("queued");
    let reason = refusal_of(&nb, m, Party::Secretariat).await;
    assert!(reason.contains("ToR-11") && reason.contains("adopted"), "{reason}");
    assert!(sec.intents().expect("intents").iter().all(|i| i.message_id != m));

    // ToR-4, 22: the Chair drafts a briefing for the participants.
    let term_ends = fed.clock().now_ms() + 365 * DAY_MS;
    sec.set_chair(ita, term_ends).await.expect("chair");
    for node in &everyone {
        eventually("the Chair reaches every node", || {
            node.roster().is_some_and(|r| r.chair_at(fed.clock().now_ms()) == Some(ita))
        })
        .await;
    }
    let v1 = nd.draft_briefing(briefing(id, "Trend: diversion through free zones", Vec::new())).await.expect("draft");
    let mut to = v1.recipients.clone();
    to.sort();
    assert_eq!(to, vec![Party::State(fra), Party::State(gha), Party::State(per)], "the participants, not the Chair");
    let participants = [&na, &nb, &nc, &nd];
    eventually("the draft reaches the participants", || {
        participants[..3].iter().all(|n| view(n, id).is_some_and(|v| v.briefing.is_some()))
    })
    .await;
    na.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent");
    nb.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent");
    nc.answer_briefing(id, BriefingAnswer::Object { reason: "Too close to our case".into() }).await.expect("object");
    briefing_shows(&participants, id, 1, &BriefingState::Blocked { objectors: vec![per] }).await;

    // A new version, consented by all, is cleared.
    nd.draft_briefing(briefing(id, "Trend: diversion at sea transfers", Vec::new())).await.expect("version 2");
    eventually("version 2 reaches the participants", || {
        participants[..3].iter().all(|n| view(n, id).and_then(|v| v.briefing).is_some_and(|b| b.draft.version == 2))
    })
    .await;
    for node in &participants[..3] {
        node.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent to version 2");
    }
    briefing_shows(&participants, id, 2, &BriefingState::Cleared).await;
    assert!(view(&sec, id).is_some_and(|v| v.briefing.is_none()), "the Secretariat holds a briefing");
    fed.shutdown().await;
}

// ---------------------------------------------------------------------------
// 2. Every deadline edge
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_deadline_on_the_day_and_one_day_late() {
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let (na, nb) = (fed.state(fra).expect("a").clone(), fed.state(gha).expect("b").clone());
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let everyone = [&sec, &na, &nb];
    let t0 = today(&fed);

    // A meets at T = t0+50, B at t0+49 (one day each, no overlap).
    let a = sec.schedule_meeting(meeting_draft("Meeting A", t0.add_days(50), 1)).await.expect("A");
    let b = sec.schedule_meeting(meeting_draft("Meeting B", t0.add_days(49), 1)).await.expect("B");
    assert!(a.already_late.is_empty(), "{:?}", a.already_late);
    assert_eq!(b.already_late, vec![Rule::Invitation], "B is scheduled after its T-50");
    let (ma, mb) = (a.meeting.id, b.meeting.id);

    // ToR-9: T-50 is on time, T-49 is sent and flagged late.
    assert!(!sec.invite(ma).await.expect("invite A").late);
    assert!(sec.invite(mb).await.expect("invite B").late);
    for node in [&na, &nb] {
        eventually(format!("{} flags B's invitation late, not A's", node.party()), || {
            view(node, ma).and_then(|v| v.invitation).is_some_and(|i| !i.late)
                && view(node, mb).and_then(|v| v.invitation).is_some_and(|i| i.late)
        })
        .await;
    }
    let sec_deadlines = sec.deadlines().expect("deadlines");
    let invitation_of = |m: MeetingId| {
        sec_deadlines.iter().find(|d| d.meeting == Some(m) && d.rule == Some(Rule::Invitation)).map(|d| d.status)
    };
    assert_eq!(invitation_of(ma), Some(DeadlineStatus::Done { on: t0, late: false }));
    assert_eq!(invitation_of(mb), Some(DeadlineStatus::Done { on: t0, late: true }));

    // FRA will present a case at both, each with an expert, and notifies
    // GHA for A: GHA's reply is due at T-15 (t0+35).
    let case = na.create_case(new_case("Deadline edges")).await.expect("case");
    let ia = na.register_intent(intent(Some(ma), Some(case.id), true)).await.expect("intent A");
    let ib = na.register_intent(intent(Some(mb), Some(case.id), true)).await.expect("intent B");
    assert!(delivered(&na, ia.message_id, Party::Secretariat).await);
    assert!(delivered(&na, ib.message_id, Party::Secretariat).await);
    let fra_due = na.deadlines().expect("deadlines");
    let expert_due = fra_due
        .iter()
        .find(|d| d.meeting == Some(ma) && d.rule == Some(Rule::ExpertProposal))
        .expect("FRA's expert-proposal deadline for A");
    assert_eq!((expert_due.due, expert_due.mine), (t0.add_days(20), true));
    let sent = na
        .notify_involved(&case.id, &[gha], t0.add_days(50), None, "Your port".into(), "en".into())
        .await
        .expect("notice");
    assert_eq!(sent.reply_by, t0.add_days(35));
    eventually("GHA shows the reply deadline", || {
        reply_deadline(&nb, case.id).is_some_and(|d| {
            d.due == t0.add_days(35)
                && d.mine
                && d.meeting == Some(ma)
                && d.status == DeadlineStatus::Open { days_left: 35 }
        })
    })
    .await;

    // Day 20: T-30 for A, T-29 for B.
    advance_days(&fed, 20);
    // ToR-10: the draft agenda on T-30 is on time, on T-29 late.
    assert!(!sec.circulate_agenda(ma, agenda_items(&[])).await.expect("agenda A").late);
    assert!(sec.circulate_agenda(mb, agenda_items(&[])).await.expect("agenda B").late);
    for node in [&na, &nb] {
        eventually(format!("{} flags B's agenda late, not A's", node.party()), || {
            view(node, ma).and_then(|v| v.agenda).is_some_and(|a| !a.late)
                && view(node, mb).and_then(|v| v.agenda).is_some_and(|a| a.late)
        })
        .await;
    }
    // ToR-8: an expert proposal on T-30 is taken and circulated...
    let pa = na.propose_expert(expert(ia.message_id, "Expert on time")).await.expect("proposal on T-30");
    experts_show(&everyone, ma, pa.message_id, &ExpertState::SilenceRunning { ends: rules::silence_ends(today(&fed)) })
        .await;
    // ...on T-29 it is refused by FRA's node, and by the Secretariat.
    let err = na.propose_expert(expert(ib.message_id, "Expert one day late")).await.expect_err("proposal on T-29");
    assert!(err.to_string().contains("T-30") && err.to_string().contains("ToR-8"), "{err}");
    let late = Payload::ExpertProposal(ExpertProposal {
        meeting: mb,
        proposer: fra,
        presentation: ib.message_id,
        expert_name: "Expert one day late".into(),
        affiliation: String::new(),
        purpose: "Forced past FRA's node".into(),
        language: "en".into(),
        proposed_on: today(&fed),
    });
    let m = na.send_unchecked(vec![Party::Secretariat], late).await.expect("queued");
    let reason = refusal_of(&na, m, Party::Secretariat).await;
    assert!(reason.contains("T-30") && reason.contains("1 day(s) late"), "{reason}");
    assert!(view(&sec, mb).is_some_and(|v| v.experts.is_empty()), "the late proposal was kept");
    assert!(view(&nb, mb).is_some_and(|v| v.experts.is_empty()), "the late proposal was circulated");
    assert_eq!(reply_deadline(&nb, case.id).map(|d| d.status), Some(DeadlineStatus::Open { days_left: 15 }));

    // GHA objects to A's expert within the silence.
    nb.expert_step(pa.message_id, ExpertEvent::Objection { reason: "Not independent".into() }).await.expect("object");
    let escalates_on = t0.add_days(30);
    let objected = ExpertState::Objected { objectors: vec![gha], escalates_on };
    experts_show(&everyone, ma, pa.message_id, &objected).await;

    // ToR-12 as a node shows it: open with 8 days left, near with 7.
    advance_days(&fed, 7);
    assert_eq!(reply_deadline(&nb, case.id).map(|d| d.status), Some(DeadlineStatus::Open { days_left: 8 }));
    advance_days(&fed, 1);
    let near = reply_deadline(&nb, case.id).expect("deadline");
    assert_eq!(near.status, DeadlineStatus::Near { days_left: 7 });
    assert!(near.status.warns());

    // ToR-8: T-21 still objected (and the escalation shown as due); T-20
    // escalated on every node.
    advance_days(&fed, 1);
    assert_eq!(today(&fed), t0.add_days(29));
    experts_show(&everyone, ma, pa.message_id, &objected).await;
    let esc = sec.deadlines().expect("deadlines");
    let esc = esc.iter().find(|d| d.meeting == Some(ma) && d.rule == Some(Rule::ExpertEscalation)).expect("escalation");
    assert_eq!((esc.due, esc.status), (escalates_on, DeadlineStatus::Near { days_left: 1 }));
    let early_decision = sec.expert_step(pa.message_id, ExpertEvent::Decision { accepted: true, note: String::new() });
    assert!(early_decision.await.is_err(), "a decision before T-20 was taken");
    advance_days(&fed, 1);
    experts_show(&everyone, ma, pa.message_id, &ExpertState::Escalated { objectors: vec![gha] }).await;

    // ToR-12: due today is still near; one day later it is missed; the
    // reply, even late, marks it done.
    advance_days(&fed, 5);
    assert_eq!(reply_deadline(&nb, case.id).map(|d| d.status), Some(DeadlineStatus::Near { days_left: 0 }));
    advance_days(&fed, 1);
    let missed = reply_deadline(&nb, case.id).expect("deadline");
    assert_eq!(missed.status, DeadlineStatus::Missed { days_over: 1 });
    assert!(missed.status.warns());
    let notice = sent.notices[0].1;
    nb.reply_to_notice(&case.id, &notice, "Late, but here".into(), "en".into()).await.expect("reply");
    assert_eq!(
        reply_deadline(&nb, case.id).map(|d| d.status),
        Some(DeadlineStatus::Done { on: t0.add_days(36), late: true })
    );
    fed.shutdown().await;
}

// ---------------------------------------------------------------------------
// 3. Two meetings a year
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_third_meeting_in_a_year_and_an_overlapping_one_are_refused() {
    init_logging();
    let fra = state("FRA");
    let fed = LocalFederation::start(&[fra]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let y = today(&fed).year() + 1;
    let d = |y, m, d| Date::from_ymd(y, m, d).expect("date");

    let spring = sec.schedule_meeting(meeting_draft("Spring", d(y, 3, 10), 3)).await.expect("first of the year");
    sec.schedule_meeting(meeting_draft("Summer", d(y, 8, 20), 3)).await.expect("second of the year");
    let err = sec.schedule_meeting(meeting_draft("Autumn", d(y, 11, 2), 2)).await.expect_err("third");
    let msg = err.to_string();
    assert!(msg.contains("ToR-3") && msg.contains("at most 2"), "{msg}");

    // Rescheduling one of the two is not a third.
    let moved = MeetingDraft { id: Some(spring.meeting.id), ..meeting_draft("Spring", d(y, 4, 14), 3) };
    let moved = sec.schedule_meeting(moved).await.expect("reschedule");
    assert_eq!(moved.meeting.id, spring.meeting.id);
    assert!(moved.reinvited.is_none(), "nobody was invited yet");

    // An invited meeting that moves is stored with its new invitation, and
    // the members see the new days.
    let na = fed.state(fra).expect("FRA").clone();
    sec.invite(spring.meeting.id).await.expect("invite");
    let again = MeetingDraft { id: Some(spring.meeting.id), ..meeting_draft("Spring", d(y, 4, 21), 3) };
    let again = sec.schedule_meeting(again).await.expect("reschedule an invited meeting");
    assert!(again.reinvited.is_some(), "the members were not invited again");
    assert!(
        wait_until(PROMPT, || na.meeting(spring.meeting.id).is_ok_and(|v| v.meeting.first_day == d(y, 4, 21))).await,
        "FRA does not see the new days"
    );

    // The next year has room, but not for two meetings on the same days.
    sec.schedule_meeting(meeting_draft("Next spring", d(y + 1, 3, 10), 3)).await.expect("next year");
    let err = sec.schedule_meeting(meeting_draft("Clash", d(y + 1, 3, 12), 3)).await.expect_err("overlap");
    assert!(err.to_string().contains("overlaps"), "{err}");
    let err = sec.schedule_meeting(meeting_draft("Today", today(&fed), 1)).await.expect_err("today");
    assert!(err.to_string().contains("after today"), "{err}");

    let held: Vec<(String, Date)> =
        sec.meetings().expect("meetings").into_iter().map(|v| (v.meeting.title, v.meeting.first_day)).collect();
    assert_eq!(
        held,
        vec![("Spring".into(), d(y, 4, 21)), ("Summer".into(), d(y, 8, 20)), ("Next spring".into(), d(y + 1, 3, 10))]
    );
    // Only the Secretariat schedules (ToR-3).
    assert!(na.schedule_meeting(meeting_draft("By FRA", d(y + 2, 1, 10), 1)).await.is_err());
    fed.shutdown().await;
}

// ---------------------------------------------------------------------------
// 4. The silence procedure
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silence_accepts_an_expert_and_a_withdrawn_objection_resolves_one() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start_with(&[
        (fra, MemberStatus::StateParty),
        (gha, MemberStatus::StateParty),
        (per, MemberStatus::Signatory),
    ])
    .await
    .expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let everyone = [&sec, &na, &nb, &nc];
    let t0 = today(&fed);
    let id = sec.schedule_meeting(meeting_draft("Silence", t0.add_days(60), 2)).await.expect("schedule").meeting.id;
    sec.invite(id).await.expect("invite");
    eventually("FRA is invited", || view(&na, id).is_some()).await;
    let case = na.create_case(new_case("Silence")).await.expect("case");
    let i = na.register_intent(intent(Some(id), Some(case.id), true)).await.expect("intent");
    assert!(delivered(&na, i.message_id, Party::Secretariat).await);

    // Circulated on t0: silence until t0+5 inclusive.
    let first = na.propose_expert(expert(i.message_id, "Expert one")).await.expect("proposal").message_id;
    let running = ExpertState::SilenceRunning { ends: t0.add_days(5) };
    experts_show(&everyone, id, first, &running).await;

    // ToR-8: a Signatory cannot object; neither its node nor any receiver
    // lets it.
    let err = nc
        .expert_step(first, ExpertEvent::Objection { reason: "PER objects".into() })
        .await
        .expect_err("a Signatory objected");
    assert!(err.to_string().contains("State Party"), "{err}");
    let forged = Payload::ExpertRecord(ExpertRecord {
        proposal: first,
        by: per.party(),
        on: today(&fed),
        event: ExpertEvent::Objection { reason: "PER objects anyway".into() },
    });
    let m = nc.send_unchecked(vec![Party::Secretariat, fra.party(), gha.party()], forged).await.expect("queued");
    for to in [Party::Secretariat, gha.party()] {
        let reason = refusal_of(&nc, m, to).await;
        assert!(reason.contains("only a State Party may object"), "{to}: {reason}");
    }

    // The last day of the silence: still running; the day after: accepted.
    advance_days(&fed, 5);
    experts_show(&everyone, id, first, &running).await;
    advance_days(&fed, 1);
    experts_show(&everyone, id, first, &ExpertState::Accepted { by_decision: false }).await;
    let late = nb.expert_step(first, ExpertEvent::Objection { reason: "Too late".into() }).await;
    assert!(late.is_err_and(|e| e.to_string().contains("silence procedure ended")));

    // A second expert: GHA objects in the silence; after the silence the
    // objection stands; withdrawn in a consultation, the expert is accepted.
    let second = na.propose_expert(expert(i.message_id, "Expert two")).await.expect("proposal").message_id;
    let circulated = today(&fed);
    experts_show(&everyone, id, second, &ExpertState::SilenceRunning { ends: circulated.add_days(5) }).await;
    nb.expert_step(second, ExpertEvent::Objection { reason: "Known to our services".into() }).await.expect("object");
    let objected = ExpertState::Objected { objectors: vec![gha], escalates_on: t0.add_days(40) };
    experts_show(&everyone, id, second, &objected).await;
    advance_days(&fed, 6);
    experts_show(&everyone, id, second, &objected).await;
    let err = nc
        .expert_step(second, ExpertEvent::Consultation { note: "PER".into(), objection_withdrawn: true })
        .await
        .expect_err("a non-objector withdrew GHA's objection");
    assert!(err.to_string().contains("only the objecting States and the proposer"), "{err}");
    na.expert_step(second, ExpertEvent::Consultation { note: "FRA vouches".into(), objection_withdrawn: false })
        .await
        .expect("proposer's consultation");
    nb.expert_step(second, ExpertEvent::Consultation { note: "Satisfied".into(), objection_withdrawn: true })
        .await
        .expect("withdrawal");
    experts_show(&everyone, id, second, &ExpertState::Accepted { by_decision: false }).await;
    fed.shutdown().await;
}

/// A member's free text that must be sealed to the members (an expert's
/// purpose, an objection reason, a contact card's notes) is refused when it
/// arrives in clear, naming the field: a node of the earlier release, or a
/// node bypassing its own checks, would have let the Secretariat read it;
/// and a circulation the Secretariat altered to carry the purpose in clear
/// is refused by the members (issue 11 review).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_text_that_must_be_sealed_is_refused_in_clear() {
    use dief_protocol::meeting::ExpertCirculation;
    use dief_protocol::sealed::MemberText;
    init_logging();
    let (fra, gha) = (state("FRA"), state("GHA"));
    let fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    fed.clock().advance_to_noon();
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb) = (n(fra), n(gha));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let t0 = today(&fed);
    let id = sec.schedule_meeting(meeting_draft("Sealed", t0.add_days(60), 2)).await.expect("schedule").meeting.id;
    sec.invite(id).await.expect("invite");
    eventually("FRA and GHA are invited", || view(&na, id).is_some() && view(&nb, id).is_some()).await;
    let case = na.create_case(new_case("Sealed")).await.expect("case");
    let i = na.register_intent(intent(Some(id), Some(case.id), true)).await.expect("intent");
    assert!(delivered(&na, i.message_id, Party::Secretariat).await);

    // A proposal whose purpose is in clear: the Secretariat refuses it.
    let clear = ExpertProposal {
        meeting: id,
        proposer: fra,
        presentation: i.message_id,
        expert_name: "Expert in clear".into(),
        affiliation: String::new(),
        purpose: MemberText::Clear("Why, in clear".into()),
        language: "en".into(),
        proposed_on: t0,
    };
    let m = na.send_unchecked(vec![Party::Secretariat], Payload::ExpertProposal(clear.clone())).await.expect("queued");
    let reason = refusal_of(&na, m, Party::Secretariat).await;
    assert!(reason.contains("expert purpose") && reason.contains("must be sealed"), "{reason}");
    assert!(view(&sec, id).is_some_and(|v| v.experts.is_empty()), "the clear proposal was kept");

    // The Secretariat "circulates" a proposal with the purpose in clear.
    let altered = ExpertCirculation { proposal_id: m, proposal: clear, circulated_on: t0 };
    let c = sec.send_unchecked(vec![gha.party()], Payload::ExpertCirculation(altered)).await.expect("queued");
    let reason = refusal_of(&sec, c, gha.party()).await;
    assert!(reason.contains("expert purpose") && reason.contains("must be sealed"), "{reason}");
    assert!(view(&nb, id).is_some_and(|v| v.experts.is_empty()), "the altered circulation was kept");

    // A real proposal; GHA's objection in clear is refused by every receiver.
    let p = na.propose_expert(expert(i.message_id, "Expert sealed")).await.expect("proposal").message_id;
    experts_show(&[&sec, &na, &nb], id, p, &ExpertState::SilenceRunning { ends: t0.add_days(5) }).await;
    let objection = Payload::ExpertRecord(ExpertRecord {
        proposal: p,
        by: gha.party(),
        on: t0,
        event: ExpertEvent::Objection { reason: "Why GHA objects, in clear".into() },
    });
    let m = nb.send_unchecked(vec![Party::Secretariat, fra.party()], objection).await.expect("queued");
    for to in [Party::Secretariat, fra.party()] {
        let reason = refusal_of(&nb, m, to).await;
        assert!(reason.contains("objection reason") && reason.contains("must be sealed"), "{to}: {reason}");
    }

    // A contact card with its notes in clear.
    let now = fed.clock().now_ms();
    let card = dief_protocol::meeting::ContactCard {
        state: gha,
        id: MessageId::generate_for(gha.party(), u64::try_from(now).unwrap_or(0)).expect("id"),
        sequence: 1,
        issued_on: t0,
        agency: "Ghana Police Service".into(),
        role: Role::LawEnforcement,
        address: String::new(),
        contacts: vec![Contact {
            function: "Duty officer".into(),
            name: String::new(),
            email: "duty@police.gov.gh".into(),
            phone: String::new(),
        }],
        languages: vec!["en".into()],
        notes: MemberText::Clear("Notes in clear".into()),
        withdrawn: false,
    };
    let signed = nb.sign_contact_unchecked(&card).expect("sign");
    let m = nb.send_unchecked(vec![Party::Secretariat], Payload::ContactCard(signed)).await.expect("queued");
    let reason = refusal_of(&nb, m, Party::Secretariat).await;
    assert!(reason.contains("contact notes") && reason.contains("must be sealed"), "{reason}");
    fed.shutdown().await;
}

// ---------------------------------------------------------------------------
// 5. Briefings
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_briefing_is_blocked_by_one_objection_and_by_its_presenter() {
    init_logging();
    let (fra, gha, per, ita) = (state("FRA"), state("GHA"), state("PER"), state("ITA"));
    let fed = LocalFederation::start(&[fra, gha, per, ita]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc, nd) = (n(fra), n(gha), n(per), n(ita));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let id = sec.schedule_meeting(meeting_draft("Briefings", today(&fed).add_days(40), 2)).await.expect("m").meeting.id;
    sec.invite(id).await.expect("invite");
    for node in [&na, &nb, &nc, &nd] {
        eventually(format!("{} is invited", node.party()), || view(node, id).is_some()).await;
    }
    for (node, who) in [(&na, "FRA delegate"), (&nb, "GHA delegate"), (&nc, "PER delegate")] {
        node.register_delegation(id, delegation(who, Role::LawEnforcement)).await.expect("registration");
    }
    eventually("the Chair-to-be holds three registrations", || {
        view(&nd, id).is_some_and(|v| v.registrations.len() == 3)
    })
    .await;
    sec.set_chair(ita, fed.clock().now_ms() + 365 * DAY_MS).await.expect("chair");
    eventually("ITA knows it chairs", || nd.roster().is_some_and(|r| r.chair_at(fed.clock().now_ms()) == Some(ita)))
        .await;
    for node in [&na, &nb, &nc] {
        eventually("the Chair reaches the members", || node.roster().is_some_and(|r| r.chair.is_some())).await;
    }
    let case = na.create_case(new_case("Presented by FRA")).await.expect("case");
    let participants = [&na, &nb, &nc, &nd];

    // Only the Chair drafts, and a receiver refuses a draft from anyone else.
    let err = nb.draft_briefing(briefing(id, "GHA's own", Vec::new())).await.expect_err("not the Chair");
    assert!(err.to_string().contains("only the Chair"), "{err}");
    let forged = Payload::BriefingDraft(BriefingDraft {
        meeting: id,
        version: 1,
        audience: BriefingAudience::Csp,
        text: "GHA pretends to chair".into(),
        language: "en".into(),
        based_on: Vec::new(),
        drafted_on: today(&fed),
    });
    let m = nb.send_unchecked(vec![fra.party()], forged).await.expect("queued");
    let reason = refusal_of(&nb, m, fra.party()).await;
    assert!(reason.contains("only the Chair"), "{reason}");

    // Version 1: PER alone objects; the others' consent does not clear it.
    let v1 = nd.draft_briefing(briefing(id, "General lesson one", Vec::new())).await.expect("v1");
    assert!(!v1.recipients.contains(&Party::Secretariat));
    eventually("v1 reaches the participants", || {
        [&na, &nb, &nc].iter().all(|n| view(n, id).is_some_and(|v| v.briefing.is_some()))
    })
    .await;
    na.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent");
    nb.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent");
    nc.answer_briefing(id, BriefingAnswer::Object { reason: "Attributable to PER".into() }).await.expect("object");
    briefing_shows(&participants, id, 1, &BriefingState::Blocked { objectors: vec![per] }).await;

    // Version 2 is based on FRA's case: FRA's objection blocks it although
    // every other participant consents.
    let v2 = nd.draft_briefing(briefing(id, "General lesson two", vec![case.id])).await.expect("v2");
    assert!(!v2.recipients.contains(&Party::Secretariat));
    eventually("v2 reaches the participants", || {
        [&na, &nb, &nc].iter().all(|n| view(n, id).and_then(|v| v.briefing).is_some_and(|b| b.draft.version == 2))
    })
    .await;
    nb.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent");
    nc.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent");
    na.answer_briefing(id, BriefingAnswer::Object { reason: "Based on our case".into() }).await.expect("object");
    let by_presenter = BriefingState::BlockedByPresenter { presenters: vec![fra], objectors: vec![fra] };
    briefing_shows(&participants, id, 2, &by_presenter).await;

    // The Secretariat is never sent a briefing, and cannot be.
    for node in participants {
        drained(node).await;
        for item in node.outbox().expect("outbox") {
            if matches!(item.kind, Kind::BriefingDraft | Kind::BriefingResponse) {
                assert!(item.recipients.iter().all(|(p, _)| *p != Party::Secretariat), "{item:?}");
            }
        }
    }
    let kinds: Vec<Kind> = sec.inbox().expect("inbox").iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&Kind::Registration), "the Secretariat did receive the registrations");
    assert!(!kinds.iter().any(|k| matches!(k, Kind::BriefingDraft | Kind::BriefingResponse)), "{kinds:?}");
    assert!(view(&sec, id).is_some_and(|v| v.briefing.is_none()));
    let to_sec = Payload::BriefingDraft(BriefingDraft {
        meeting: id,
        version: 3,
        audience: BriefingAudience::Csp,
        text: "for the Secretariat?".into(),
        language: "en".into(),
        based_on: Vec::new(),
        drafted_on: today(&fed),
    });
    let err = nd.send_unchecked(vec![Party::Secretariat], to_sec).await.expect_err("sealed to the Secretariat");
    assert!(err.to_string().contains("Secretariat"), "{err}");
    fed.shutdown().await;
}

// ---------------------------------------------------------------------------
// 6. Secretariat blindness over a whole cycle
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_stays_blind_over_a_whole_cycle() {
    init_logging();
    const TITLE: &str = "CANARY-7c1-case-title";
    const SUMMARY: &str = "CANARY-7c2-case-summary";
    const BROKER: &str = "CANARY-7c3-broker-name";
    const NOTICE: &str = "CANARY-7c4-notice-summary";
    const REPLY: &str = "CANARY-7c5-notice-reply";
    const SUBJECT: &str = "CANARY-7c6-thread-subject";
    const POST: &str = "CANARY-7c7-thread-post";
    const ANSWER: &str = "CANARY-7c8-thread-answer";
    const USE: &str = "CANARY-7c9-use-details";
    const BRIEFING: &str = "CANARY-7ca-briefing-text";
    const OBJECTION: &str = "CANARY-7cb-briefing-objection";
    // Issue 11 item 4: free text the Secretariat receives or relays but has
    // no business reading, sealed to the member States.
    const PURPOSE: &str = "CANARY-7cc-expert-purpose";
    const EXPERT_OBJECTION: &str = "CANARY-7cd-expert-objection";
    const CONSULTATION: &str = "CANARY-7ce-consultation-note";
    const CARD_NOTES: &str = "CANARY-7cf-contact-notes";
    const SEALED: [&str; 4] = [PURPOSE, EXPERT_OBJECTION, CONSULTATION, CARD_NOTES];
    // ToR-15: a challenge among States, which the Secretariat is not party to.
    const CONCERN: &str = "CANARY-7d0-challenge-concern";
    const EXPLANATION: &str = "CANARY-7d1-challenge-explanation";
    const REMEDY: &str = "CANARY-7d2-challenge-remedy";
    const CLOSING: &str = "CANARY-7d3-challenge-closing-note";
    // The other free text of the procedures among States (issue 11 review).
    const CASE_REPLY: &str = "CANARY-7d4-case-reply";
    const RIGHT_OF_REPLY: &str = "CANARY-7d5-right-of-reply";
    const USE_NOTE: &str = "CANARY-7d6-use-answer-note";
    const USE_CONDITIONS: &str = "CANARY-7d7-use-conditions";
    const WITHDRAWAL: &str = "CANARY-7d8-withdrawal-reason";
    const MEETING_REF: &str = "CANARY-7d9-notice-meeting-ref";
    const CANARIES: [&str; 25] = [
        CASE_REPLY,
        RIGHT_OF_REPLY,
        USE_NOTE,
        USE_CONDITIONS,
        WITHDRAWAL,
        MEETING_REF,
        CONCERN,
        EXPLANATION,
        REMEDY,
        CLOSING,
        TITLE,
        SUMMARY,
        BROKER,
        NOTICE,
        REPLY,
        SUBJECT,
        POST,
        ANSWER,
        USE,
        BRIEFING,
        OBJECTION,
        PURPOSE,
        EXPERT_OBJECTION,
        CONSULTATION,
        CARD_NOTES,
    ];
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    // Every case-content envelope the States send: (sender, message id).
    let mut content: Vec<(Node, MessageId)> = Vec::new();

    // Cases shared among the States.
    let mut full = full_case();
    full.title = TITLE.into();
    full.summary = SUMMARY.into();
    full.brokers.push(BROKER.into());
    let case = na.create_case(full).await.expect("case");
    content.push((na.clone(), na.share(&case.id, &[gha, per]).await.expect("share")));
    eventually("GHA and PER hold the case", || nb.case(&case.id).is_ok() && nc.case(&case.id).is_ok()).await;

    // A contact card whose notes are sealed to the members; the Secretariat
    // relays it.
    let mut card = contact("Office central", "octa@example.fr");
    card.notes = CARD_NOTES.into();
    na.publish_contact(card).await.expect("card");
    let all = DirectoryQuery::default();
    eventually("GHA holds FRA's card", || nb.contacts(&all).is_ok_and(|c| c.len() == 1)).await;

    // The meeting: FRA presents its case with an expert.
    let t0 = today(&fed);
    let first = t0.add_days(60);
    let id = sec.schedule_meeting(meeting_draft("Blind meeting", first, 2)).await.expect("m").meeting.id;
    sec.invite(id).await.expect("invite");
    eventually("FRA is invited", || view(&na, id).is_some()).await;
    let i = na.register_intent(intent(Some(id), Some(case.id), true)).await.expect("intent");
    assert!(delivered(&na, i.message_id, Party::Secretariat).await);
    for node in [&na, &nb, &nc] {
        eventually("invited", || view(node, id).is_some()).await;
        node.register_delegation(id, delegation("Delegate", Role::LawEnforcement)).await.expect("registration");
    }

    // ToR-12 notices and replies, a use request, and a follow-up thread.
    let notices = na
        .notify_involved(&case.id, &[gha, per], first, Some(MEETING_REF.into()), NOTICE.into(), "en".into())
        .await
        .expect("notices");
    for (_, m) in &notices.notices {
        content.push((na.clone(), *m));
    }
    eventually("the notices arrive", || {
        nb.received_notices().is_ok_and(|v| v.len() == 1) && nc.received_notices().is_ok_and(|v| v.len() == 1)
    })
    .await;
    let to_gha = notices.notices.iter().find(|(s, _)| *s == gha).map(|(_, m)| *m).expect("GHA's notice");
    content.push((nb.clone(), nb.reply_to_notice(&case.id, &to_gha, REPLY.into(), "en".into()).await.expect("reply")));
    let use_request = nc.request_use(&case.id, UsePurpose::Other, USE.into()).await.expect("use request");
    content.push((nc.clone(), use_request));
    eventually("FRA holds the use request", || na.use_requests(Some(&case.id)).is_ok_and(|v| !v.is_empty())).await;
    let conditions = UseDecision::AgreeWithConditions { conditions: USE_CONDITIONS.into() };
    let use_answer = na.answer_use(&case.id, &use_request, conditions, USE_NOTE.into()).await.expect("use answer");
    content.push((na.clone(), use_answer));
    content.push((nb.clone(), nb.reply(&case.id, CASE_REPLY.into(), "en".into(), None).await.expect("case reply")));
    let thread =
        na.thread_post(&case.id, None, &[gha, per], SUBJECT.into(), POST.into(), "en".into()).await.expect("thread");
    content.push((na.clone(), thread));
    eventually("GHA holds the thread", || nb.threads(&case.id).is_ok_and(|t| !t.is_empty())).await;
    let answer = nb
        .thread_post(&case.id, Some(thread), &[], String::new(), ANSWER.into(), "en".into())
        .await
        .expect("answer in the thread");
    content.push((nb.clone(), answer));

    // A challenge between two States, answered and closed.
    let ch = na.challenge(Party::State(gha), Some(case.id), CONCERN.into()).await.expect("challenge");
    eventually("GHA holds the challenge", || nb.challenges().is_ok_and(|c| c.len() == 1)).await;
    nb.answer_challenge(&ch, EXPLANATION.into(), REMEDY.into()).await.expect("challenge answer");
    eventually("FRA holds the answer", || {
        na.challenges().is_ok_and(|c| c.iter().any(|v| v.challenge_id == ch && v.answer.is_some()))
    })
    .await;
    na.close_challenge(&ch, CLOSING.into()).await.expect("challenge closed");

    // The meeting steps the Secretariat takes part in.
    sec.circulate_agenda(id, agenda_items(&["Any other business"])).await.expect("agenda");
    let mut proposal = expert(i.message_id, "Dr Blind");
    proposal.purpose = PURPOSE.into();
    let p = na.propose_expert(proposal).await.expect("proposal").message_id;
    experts_show(&[&sec, &nb], id, p, &ExpertState::SilenceRunning { ends: rules::silence_ends(t0) }).await;
    nb.expert_step(p, ExpertEvent::Objection { reason: EXPERT_OBJECTION.into() }).await.expect("objection");
    advance_days(&fed, 6);
    nb.expert_step(p, ExpertEvent::Consultation { note: CONSULTATION.into(), objection_withdrawn: true })
        .await
        .expect("withdrawn");
    experts_show(&[&sec, &na], id, p, &ExpertState::Accepted { by_decision: false }).await;
    na.acknowledge_expert(p, today(&fed)).await.expect("acknowledgement");
    sec.adopt_agenda(id).await.expect("adopt");

    // ToR-22: the briefing and the answers, among the participants only.
    sec.set_chair(per, fed.clock().now_ms() + 365 * DAY_MS).await.expect("chair");
    eventually("PER chairs", || nc.roster().is_some_and(|r| r.chair_at(fed.clock().now_ms()) == Some(per))).await;
    let v1 = nc.draft_briefing(briefing(id, BRIEFING, vec![case.id])).await.expect("briefing");
    content.push((nc.clone(), v1.message_id));
    eventually("the draft arrives", || {
        view(&na, id).is_some_and(|v| v.briefing.is_some()) && view(&nb, id).is_some_and(|v| v.briefing.is_some())
    })
    .await;
    let objection = nb.answer_briefing(id, BriefingAnswer::Object { reason: OBJECTION.into() }).await;
    content.push((nb.clone(), objection.expect("objection").message_id));
    content.push((na.clone(), na.answer_briefing(id, BriefingAnswer::Consent).await.expect("consent").message_id));
    // After the presentation: GHA's right of reply; then FRA withdraws.
    advance_days(&fed, 54);
    assert_eq!(today(&fed), first);
    let right = nb.right_of_reply(&case.id, &to_gha, RIGHT_OF_REPLY.into(), "en".into()).await.expect("right of reply");
    content.push((nb.clone(), right));
    let withdrawn = na.withdraw(&case.id, WITHDRAWAL.into()).await.expect("withdraw");
    content.push((na.clone(), withdrawn.message_id.expect("the withdrawal was sent")));
    for node in [&na, &nb, &nc, &sec] {
        drained(node).await;
    }

    // (b) Everything that reached the Secretariat: no canary on the wire,
    // each opens with its keys, and none is case content.
    let wire = sec.received_wire();
    let mut kinds = std::collections::BTreeSet::new();
    for bytes in &wire {
        for c in CANARIES {
            assert!(!bytes.windows(c.len()).any(|w| w == c.as_bytes()), "{c} on the wire to the Secretariat");
        }
        let env = Envelope::from_bytes(bytes).expect("an envelope");
        let opened = sec.try_open(&env).expect("the Secretariat opens what it was sent");
        assert!(!opened.header.kind.is_case_content(), "the Secretariat received {:?}", opened.header.kind);
        assert!(!opened.payload.kind().is_case_content());
        let text = format!("{:?}", opened.payload);
        for c in CANARIES {
            assert!(!text.contains(c), "{c} in a {:?} sent to the Secretariat", opened.header.kind);
        }
        kinds.insert(opened.header.kind.as_str());
    }
    for k in [Kind::PresentationIntent, Kind::Registration, Kind::ExpertProposal, Kind::ExpertRecord, Kind::ContactCard]
    {
        assert!(kinds.contains(k.as_str()), "the wiretap saw no {k:?}: {kinds:?}");
    }
    assert!(kinds.contains(Kind::ExpertAcknowledgement.as_str()), "{kinds:?}");

    // (b') The Secretariat's API answers: its meeting view (the expert
    // procedure with its records), its directory, a directory search by the
    // notes, and its inbox show no canary...
    let mut answers = vec![
        serde_json::to_string(&sec.meetings().expect("meetings")).expect("json"),
        serde_json::to_string(&sec.contacts(&all).expect("contacts")).expect("json"),
        serde_json::to_string(&sec.inbox().expect("inbox")).expect("json"),
    ];
    let by_notes = DirectoryQuery { text: Some(CARD_NOTES.into()), ..DirectoryQuery::default() };
    assert!(sec.contacts(&by_notes).expect("search").is_empty(), "the Secretariat finds a card by its sealed notes");
    assert_eq!(sec.contacts(&all).expect("contacts").len(), 1, "the Secretariat keeps the directory");
    answers.push(serde_json::to_string(&sec.audit_entries(0, 100_000).expect("audit")).expect("json"));
    for a in &answers {
        for c in CANARIES {
            assert!(!a.contains(c), "{c} in an API answer of the Secretariat");
        }
    }
    // ...while the members it was sealed to read every sealed text, in the
    // same views (a positive control: the canaries did travel).
    for member in [&na, &nb, &nc] {
        let shown = serde_json::to_string(&member.meetings().expect("meetings")).expect("json")
            + &serde_json::to_string(&member.contacts(&by_notes).expect("contacts")).expect("json");
        for c in SEALED {
            assert!(shown.contains(c), "{} does not show {c}", member.party());
        }
    }

    // (c) What the States sent each other does not open at the Secretariat,
    // though it opens at its recipients.
    assert_eq!(content.len(), 14);
    for (sender, m) in &content {
        let env = sender.sent_envelope(m).expect("sent envelope");
        let header = env.peek_header().expect("header");
        assert!(header.kind.is_case_content(), "{m} is a {:?}", header.kind);
        assert!(!header.recipients.contains(&Party::Secretariat));
        let err = sec.try_open(&env).expect_err("the Secretariat opened case content");
        assert!(!err.to_string().is_empty());
        let recipient = [&na, &nb, &nc].into_iter().find(|n| header.recipients.contains(&n.party())).expect("a State");
        assert!(recipient.try_open(&env).is_ok(), "{} cannot open {m} sent to it", recipient.party());
    }

    // (a) Nothing of it in the Secretariat's files.
    sec.flush_store().expect("flush");
    let dir = fed.dir(Party::Secretariat).expect("secretariat dir").to_path_buf();
    assert!(count_files(&dir) > 5, "the scan would look at almost nothing");
    for c in CANARIES {
        let hits = files_containing(&dir, c.as_bytes());
        assert!(hits.is_empty(), "{c} found in the Secretariat's {hits:?}");
    }
    // Positive control: the scanner finds in those same files what the
    // Secretariat legitimately wrote there. Every value is sealed (the
    // meeting's title and the agenda's items too), so the marker is a store
    // key, which holds ids only: `t/<meeting id>` of the meeting it
    // scheduled, the only key under `t/`, so stored whole in the table.
    let marker = format!("t/{id}");
    assert!(!files_containing(&dir, marker.as_bytes()).is_empty(), "the scanner misses {marker}");
    assert!(files_containing(&dir, b"Blind meeting").is_empty(), "the meeting's title is on disk in clear");
    // And the Secretariat does hold the meeting it ran, but no case store:
    // not a case, not a case procedure, not a briefing.
    assert!(view(&sec, id).is_some_and(|v| v.adopted.is_some() && v.experts.len() == 1 && v.briefing.is_none()));
    assert!(sec.cases().is_ok_and(|c| c.is_empty()), "the Secretariat holds a case");
    assert!(sec.case_exchanges(&case.id).is_ok_and(|e| e.is_empty()), "the Secretariat holds a procedure on the case");
    fed.shutdown().await;
}

// ---------------------------------------------------------------------------
// 7. Catch-up for a State admitted late
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_admitted_late_receives_the_cards_the_invitation_and_the_agenda() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let mut fed = LocalFederation::start(&[fra, gha]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let (na, nb) = (fed.state(fra).expect("a").clone(), fed.state(gha).expect("b").clone());
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let of = |s: StateCode| DirectoryQuery { state: Some(s), ..DirectoryQuery::default() };

    let card = na.publish_contact(contact("Office central", "octa@example.fr")).await.expect("card");
    nb.publish_contact(contact("Ghana Police Service", "cid@example.gh")).await.expect("card");
    eventually("the Secretariat holds both cards", || {
        sec.contacts(&of(fra)).is_ok_and(|c| c.len() == 1) && sec.contacts(&of(gha)).is_ok_and(|c| c.len() == 1)
    })
    .await;
    let id = sec.schedule_meeting(meeting_draft("Catch-up", today(&fed).add_days(60), 2)).await.expect("m").meeting.id;
    sec.invite(id).await.expect("invite");
    eventually("FRA is invited", || view(&na, id).is_some()).await;
    let i = na.register_intent(intent(Some(id), None, false)).await.expect("intent");
    assert!(delivered(&na, i.message_id, Party::Secretariat).await);
    sec.circulate_agenda(id, agenda_items(&[])).await.expect("agenda");
    eventually("GHA holds the agenda", || view(&nb, id).is_some_and(|v| v.agenda.is_some())).await;

    // PER joins now.
    let nc = fed.add_state(per).await.expect("PER admitted");
    eventually("PER receives the cards", || {
        nc.contacts(&of(fra)).is_ok_and(|c| c.len() == 1 && c[0] == card.card)
            && nc.contacts(&of(gha)).is_ok_and(|c| c.len() == 1)
    })
    .await;
    eventually("PER receives the invitation and the agenda", || {
        view(&nc, id).is_some_and(|v| {
            v.invitation.is_some()
                && v.agenda.as_ref().is_some_and(|a| a.agenda.items.len() == 1 && a.agenda.version == 1)
        })
    })
    .await;
    let from_sec: Vec<Kind> =
        nc.inbox().expect("inbox").iter().filter(|e| e.sender == Party::Secretariat).map(|e| e.kind).collect();
    for k in [Kind::ContactCard, Kind::Invitation, Kind::DraftAgenda] {
        assert!(from_sec.contains(&k), "PER got no {k:?} from the Secretariat: {from_sec:?}");
    }
    // PER takes part at once: its registration reaches the older members.
    let reg = nc.register_delegation(id, delegation("PER delegate", Role::Customs)).await.expect("registration");
    assert!(delivered(&nc, reg.message_id, fra.party()).await);
    assert!(view(&na, id).is_some_and(|v| v.registrations.iter().any(|r| r.state == per)));
    fed.shutdown().await;
}

fn contact(agency: &str, email: &str) -> ContactDraft {
    ContactDraft {
        id: None,
        agency: agency.into(),
        role: Role::LawEnforcement,
        address: "Headquarters".into(),
        contacts: vec![Contact {
            function: "Duty officer".into(),
            name: String::new(),
            email: email.into(),
            phone: "+00 0 00 00 00 00".into(),
        }],
        languages: vec!["en".into()],
        notes: String::new(),
        withdrawn: false,
    }
}

// ---------------------------------------------------------------------------
// 8. Forged registrations and intents
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_or_intent_forged_for_another_state_is_refused() {
    init_logging();
    let (fra, gha, per) = (state("FRA"), state("GHA"), state("PER"));
    let fed = LocalFederation::start(&[fra, gha, per]).await.expect("federation");
    // Calendar days are counted: keep the real date from changing mid-test.
    fed.clock().advance_to_noon();
    let n = |s| fed.state(s).expect("node").clone();
    let (na, nb, nc) = (n(fra), n(gha), n(per));
    let sec = fed.node(Party::Secretariat).expect("secretariat").clone();
    let id = sec.schedule_meeting(meeting_draft("Forgery", today(&fed).add_days(60), 2)).await.expect("m").meeting.id;
    sec.invite(id).await.expect("invite");
    for node in [&na, &nb, &nc] {
        eventually("invited", || view(node, id).is_some()).await;
    }

    // GHA registers a delegation in FRA's name.
    let forged = Payload::Registration(Registration {
        meeting: id,
        state: fra,
        revision: 1,
        delegates: delegation("Not from FRA", Role::Other),
        registered_on: today(&fed),
    });
    let m = nb.send_unchecked(vec![Party::Secretariat, per.party()], forged).await.expect("queued");
    for to in [Party::Secretariat, per.party()] {
        let reason = refusal_of(&nb, m, to).await;
        assert!(reason.contains("only FRA registers its own delegation"), "{to}: {reason}");
    }
    // And announces a presentation in FRA's name.
    let forged = Payload::PresentationIntent(PresentationIntent {
        presenter: fra,
        meeting: Some(id),
        subject: IntentSubject::OtherInformation,
        minutes: None,
        with_expert: false,
        registered_on: today(&fed),
    });
    let m = nb.send_unchecked(vec![Party::Secretariat], forged).await.expect("queued");
    let reason = refusal_of(&nb, m, Party::Secretariat).await;
    assert!(reason.contains("cannot announce a presentation by FRA"), "{reason}");

    // GHA's own registration goes through; FRA's forged one is nowhere.
    let own = nb.register_delegation(id, delegation("GHA delegate", Role::Customs)).await.expect("registration");
    assert!(delivered(&nb, own.message_id, per.party()).await);
    assert!(delivered(&nb, own.message_id, Party::Secretariat).await);
    for node in [&sec, &nc] {
        let regs: Vec<StateCode> = view(node, id).expect("view").registrations.iter().map(|r| r.state).collect();
        assert_eq!(regs, vec![gha], "at {}", node.party());
    }
    assert!(sec.intents().expect("intents").is_empty());
    fed.shutdown().await;
}
