//! `dief demo`: the Secretariat and three States in this process, each a
//! real node with its own encrypted store, on loopback. It narrates the
//! federation core (roster, a case shared with one State only, a reply, a
//! State unable to read what was not sent to it, delivery to a node that
//! was stopped) and the State-to-State procedures: a new version, an
//! involved-State notice with its reply attached, an operational use
//! refused and then agreed, a disclosure challenge, a follow-up thread and
//! the audit log. Then a whole meeting cycle on the federation's clock,
//! moved forward day by day: scheduling (and a third meeting refused),
//! invitation, intents, registrations, an expert proposal objected to and
//! escalated at T-20, the agenda, its adoption, and a briefing blocked by
//! one objection, then cleared.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use dief_node::federation::{wait_until, LocalFederation};
use dief_node::meetings::{AgendaDraft, BriefingInput, ExpertDraft, IntentDraft, IntentState, MeetingDraft};
use dief_node::node::Delivery;
use dief_node::procedures::{ChallengeState, UseState};
use dief_node::Node;
use dief_protocol::case::{ArmsCategory, CaseContent, Item, Place, SerialNumber};
use dief_protocol::meeting::{
    BriefingAnswer, BriefingAudience, BriefingState, Delegate, ExpertEvent, ExpertState, MeetingId, MeetingKind, Role,
};
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::procedure::{UseDecision, UsePurpose};
use dief_protocol::rules::Rule;
use dief_protocol::Date;
use dief_protocol::{MessageId, Party, Payload, StateCode};
use serde::Serialize;

#[derive(Debug, Default, Serialize)]
struct Account {
    steps: Vec<String>,
}

impl Account {
    fn say(&mut self, json: bool, line: impl Into<String>) {
        let line = line.into();
        if !json {
            outln!("{line}");
        }
        self.steps.push(line);
    }
}

fn code(s: &str) -> Result<StateCode> {
    s.parse().with_context(|| format!("state code {s}"))
}

fn delivered(node: &Node, id: &MessageId, to: Party) -> bool {
    node.outbox().ok().is_some_and(|items| {
        items.iter().any(|i| {
            i.message_id == *id && i.recipients.iter().any(|(p, d)| *p == to && matches!(d, Delivery::Delivered { .. }))
        })
    })
}

fn inbox_has(node: &Node, id: &MessageId) -> bool {
    node.inbox().ok().is_some_and(|i| i.iter().any(|e| e.message_id == *id))
}

/// Steps 5 to 9: the State-to-State procedures of ToR-12, 15, 16 and 21.
async fn procedures(
    json: bool,
    out: &mut Account,
    fed: &LocalFederation,
    case: &dief_protocol::CaseId,
    [a, b, c]: [StateCode; 3],
) -> Result<()> {
    let wait = Duration::from_secs(15);
    let (node_a, node_b, node_c) = (fed.state(a)?.clone(), fed.state(b)?.clone(), fed.state(c)?.clone());

    out.say(json, "5. FRA edits the case; GHA, which holds version 1, receives version 2");
    let mut content = node_a.case(case)?.record.content;
    content.summary.push_str(" Two more rifles were traced to the same lot.");
    let edit = node_a.edit_case(case, content).await?;
    if !wait_until(wait, || node_b.case(case).is_ok_and(|c| c.record.version == edit.record.version)).await {
        bail!("GHA did not receive the new version");
    }
    let found = node_b.search(
        &dief_protocol::case::CaseQuery { serial: Some("00417".into()), ..Default::default() },
        false,
        None,
    )?;
    out.say(json, format!("   GHA searches its cases for the partial serial \"00417\": {} hit(s).\n", found.len()));

    out.say(json, "6. Involved-State notice (ToR-12)");
    let meeting = meeting_day(fed)?;
    let sent = node_a
        .notify_involved(case, &[b, c], meeting, None, "The route passes through your territory.".into(), "en".into())
        .await?;
    out.say(
        json,
        format!(
            "   FRA notifies GHA and PER, each in its own envelope, for the meeting of {meeting}: on time (due {}), replies asked by {}.",
            dief_protocol::rules::Rule::InvolvedNotice.due(meeting),
            sent.reply_by
        ),
    );
    if !wait_until(wait, || node_b.received_notices().is_ok_and(|n| !n.is_empty())).await {
        bail!("GHA did not receive its notice");
    }
    let notice = node_b.received_notices()?.remove(0);
    node_b.reply_to_notice(case, &notice.notice_id, "GHA confirms the transit at Tema.".into(), "en".into()).await?;
    if !wait_until(wait, || node_a.presentation(case, meeting).is_ok_and(|p| p.answered == vec![b])).await {
        bail!("GHA's reply was not attached to the presentation");
    }
    let p = node_a.presentation(case, meeting)?;
    let names = |v: &[StateCode]| v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    out.say(
        json,
        format!(
            "   Presentation package: answered {}; no reply yet from {}. GHA's reply is attached.\n",
            names(&p.answered),
            names(&p.not_answered)
        ),
    );

    out.say(json, "7. Operational use needs the provider first (ToR-16)");
    match node_b.export_for_use(case).await {
        Ok(_) => bail!("GHA exported the record without FRA's agreement"),
        Err(e) => out.say(json, format!("   GHA tries to export the record: refused: {e}")),
    }
    let req = node_b.request_use(case, UsePurpose::EnforcementProceedings, "Prosecution of the broker".into()).await?;
    if !wait_until(wait, || node_a.use_requests(Some(case)).is_ok_and(|v| !v.is_empty())).await {
        bail!("FRA did not receive the use request");
    }
    let decision = UseDecision::AgreeWithConditions { conditions: "Evidence to be requested formally".into() };
    node_a.answer_use(case, &req, decision, String::new()).await?;
    if !wait_until(wait, || {
        node_b.use_requests(Some(case)).is_ok_and(|v| v.first().is_some_and(|r| r.state == UseState::Agreed))
    })
    .await
    {
        bail!("FRA's agreement did not reach GHA");
    }
    let export = node_b.export_for_use(case).await?;
    out.say(
        json,
        format!(
            "   GHA asks; FRA agrees with conditions; the export now succeeds, conditions attached: \"{}\".\n",
            export.conditions.unwrap_or_default()
        ),
    );

    out.say(json, "8. A bilateral disclosure challenge (ToR-15)");
    let ch =
        node_a.challenge(Party::State(c), Some(*case), "Details of the case appeared in the press.".into()).await?;
    if !wait_until(wait, || node_c.challenges().is_ok_and(|v| !v.is_empty())).await {
        bail!("PER did not receive the challenge");
    }
    node_c.answer_challenge(&ch, "Not from PER: PER was only notified.".into(), "Access log reviewed.".into()).await?;
    if !wait_until(wait, || {
        node_a.challenges().is_ok_and(|v| v.first().is_some_and(|x| x.state == ChallengeState::Answered))
    })
    .await
    {
        bail!("PER's answer did not reach FRA");
    }
    node_a.close_challenge(&ch, "Explanation accepted.".into()).await?;
    out.say(json, "   FRA challenges PER; PER explains and states its remedial measures; FRA closes it.");
    out.say(json, "   GHA and the Secretariat never see the exchange.\n");

    out.say(json, "9. A follow-up thread between FRA and GHA (ToR-21)");
    let t = node_a
        .thread_post(case, None, &[b], "Joint inspection".into(), "Inspect the container on 3 May?".into(), "en".into())
        .await?;
    if !wait_until(wait, || node_b.threads(case).is_ok_and(|v| !v.is_empty())).await {
        bail!("GHA did not receive the thread");
    }
    node_b.thread_post(case, Some(t), &[], String::new(), "Agreed: 3 May, Tema.".into(), "en".into()).await?;
    if !wait_until(wait, || node_a.threads(case).is_ok_and(|v| v.first().is_some_and(|x| x.posts.len() == 2))).await {
        bail!("GHA's post did not reach FRA");
    }
    let rows = node_a.distribution(case).await?;
    out.say(json, "   Arranged. FRA's record of who received which version of its case:");
    for r in rows {
        out.say(
            json,
            format!(
                "     {} version {} receipted {}",
                r.state,
                r.version.map(|v| v.to_string()).unwrap_or_default(),
                if r.receipted_at.is_some() { "yes" } else { "not yet" }
            ),
        );
    }
    out.say(json, "");
    Ok(())
}

const DAY_MS: i64 = 86_400_000;

/// The first day of the demo's meeting: 10 June of next year, so that the
/// whole cycle (and the two-meetings rule) falls in one calendar year
/// whenever the demo runs.
fn meeting_day(fed: &LocalFederation) -> Result<Date> {
    let year = Date::from_unix_ms(fed.clock().now_ms()).year() + 1;
    Date::from_ymd(year, 6, 10).map_err(|e| anyhow::anyhow!("{e}"))
}

fn today(fed: &LocalFederation) -> Date {
    Date::from_unix_ms(fed.clock().now_ms())
}

/// Moves the federation's shared clock forward to `day` (never back).
fn advance_to(fed: &LocalFederation, day: Date) {
    let days = day.days_after(today(fed));
    if days > 0 {
        fed.clock().advance(i64::from(days) * DAY_MS);
    }
}

fn expert_state(node: &Node, meeting: MeetingId) -> Option<ExpertState> {
    node.meeting(meeting).ok()?.experts.first().map(|e| e.state.clone())
}

/// Step 12: the meeting cycle (ToR-3 to 11, 14, 15, 22).
async fn meeting_cycle(
    json: bool,
    out: &mut Account,
    fed: &LocalFederation,
    case: &dief_protocol::CaseId,
    [a, b, c]: [StateCode; 3],
) -> Result<()> {
    let wait = Duration::from_secs(15);
    let sec = fed.node(Party::Secretariat)?.clone();
    let (node_a, node_b, node_c) = (fed.state(a)?.clone(), fed.state(b)?.clone(), fed.state(c)?.clone());
    // Days are counted from here: keep the real date from changing mid-cycle.
    fed.clock().advance_to_noon();
    let first_day = meeting_day(fed)?;
    out.say(json, format!("12. The meeting cycle (ToR-3 to 11, 22), on a clock moved forward from {}", today(fed)));

    let term_ends = first_day.add_days(400).start_ms();
    sec.set_chair(a, term_ends).await?;
    let early = node_c.register_intent(IntentDraft::default()).await?;
    out.say(json, "   FRA is appointed Chair. PER announces it will present other information: no meeting exists yet.");

    let draft = |title: &str, first: Date, days: i32| MeetingDraft {
        id: None,
        kind: MeetingKind::Csp,
        title: title.into(),
        first_day: first,
        last_day: first.add_days(days - 1),
        venue: "Geneva".into(),
        call_for_submissions: "States are invited to submit cases of suspected or detected diversion.".into(),
        language: "en".into(),
    };
    let m = sec.schedule_meeting(draft("DIEF meeting at CSP", first_day, 2)).await?;
    let id = m.meeting.id;
    let second = Date::from_ymd(first_day.year(), 9, 20).map_err(|e| anyhow::anyhow!("{e}"))?;
    sec.schedule_meeting(MeetingDraft {
        kind: MeetingKind::Preparatory,
        ..draft("DIEF preparatory meeting", second, 1)
    })
    .await?;
    let third = Date::from_ymd(first_day.year(), 11, 5).map_err(|e| anyhow::anyhow!("{e}"))?;
    match sec.schedule_meeting(draft("A third meeting", third, 1)).await {
        Ok(_) => bail!("the calendar accepted a third meeting in {}", first_day.year()),
        Err(e) => out.say(
            json,
            format!(
                "   The Secretariat schedules {first_day} and {second}; a third in {} is refused: {e}",
                first_day.year()
            ),
        ),
    }
    let inv = sec.invite(id).await?;
    if !wait_until(wait, || [&node_a, &node_b, &node_c].iter().all(|n| n.meeting(id).is_ok())).await {
        bail!("the invitation did not reach every member");
    }
    out.say(
        json,
        format!(
            "   Invitation with the call for submissions sent to every member on {} ({}; due {}).",
            today(fed),
            if inv.late { "late" } else { "on time" },
            Rule::Invitation.due(first_day)
        ),
    );
    let intent = node_a
        .register_intent(IntentDraft { meeting: Some(id), case: Some(*case), minutes: Some(20), with_expert: true })
        .await?;
    let delegation =
        |name: &str, role: Role| vec![Delegate { name: name.into(), role, agency: String::new(), head: true }];
    node_a.register_delegation(id, delegation("Head of FRA delegation", Role::Customs)).await?;
    node_b.register_delegation(id, delegation("Head of GHA delegation", Role::LawEnforcement)).await?;
    node_c.register_delegation(id, delegation("Head of PER delegation", Role::ForeignMinistry)).await?;
    out.say(json, "   FRA announces the presentation of its case, with an expert; nothing but the case id travels.");
    out.say(json, "   FRA, GHA and PER register their delegations; nobody can object to a participant (ToR-6).");
    if !wait_until(wait, || sec.intents().is_ok_and(|v| v.len() == 2)).await {
        bail!("the intents did not reach the Secretariat");
    }
    if !sec.intents()?.iter().any(|i| i.message_id == early.message_id && i.meeting == Some(id)) {
        bail!("PER's early intent was not applied to the meeting");
    }
    out.say(json, "   PER's early intent now applies to this meeting.");

    advance_to(fed, Rule::ExpertProposal.due(first_day).add_days(-5));
    let proposal = node_a
        .propose_expert(ExpertDraft {
            presentation: intent.message_id,
            expert_name: "Dr A. Example".into(),
            affiliation: "Fictional Institute of Marking Studies".into(),
            purpose: "Explain how the lot markings were traced.".into(),
            language: "en".into(),
        })
        .await?;
    if !wait_until(wait, || matches!(expert_state(&node_b, id), Some(ExpertState::SilenceRunning { .. }))).await {
        bail!("the expert proposal was not circulated");
    }
    let proposal_id = node_b.meeting(id)?.experts.first().map(|e| e.proposal_id).context("no proposal")?;
    let ends = node_b.meeting(id)?.experts.first().and_then(|e| e.silence_ends).context("no silence")?;
    out.say(
        json,
        format!(
            "   {}: FRA proposes an expert (message {}); the Secretariat circulates it at once; silence until {ends}.",
            today(fed),
            proposal.message_id
        ),
    );
    node_b
        .expert_step(proposal_id, ExpertEvent::Objection { reason: "GHA wishes to consult FRA first.".into() })
        .await?;
    if !wait_until(wait, || matches!(expert_state(&sec, id), Some(ExpertState::Objected { .. }))).await {
        bail!("GHA's objection did not reach the Secretariat");
    }
    out.say(json, "   GHA objects within the silence; FRA and GHA consult, without agreement.");
    node_a
        .expert_step(
            proposal_id,
            ExpertEvent::Consultation { note: "Consulted GHA by phone.".into(), objection_withdrawn: false },
        )
        .await?;

    advance_to(fed, Rule::DraftAgenda.due(first_day));
    let agenda = sec
        .circulate_agenda(
            id,
            AgendaDraft {
                items: vec!["Trends in diversion".into()],
                supporting_documents: vec![],
                language: "en".into(),
            },
        )
        .await?;
    if !wait_until(wait, || node_c.meeting(id).is_ok_and(|v| v.agenda.is_some())).await {
        bail!("the draft agenda did not reach PER");
    }
    out.say(
        json,
        format!(
            "   {}: the draft agenda goes to the members, encrypted ({}):",
            today(fed),
            if agenda.late { "late" } else { "on time, T-30" }
        ),
    );
    for item in node_c.meeting(id)?.agenda.map(|a| a.agenda.items).unwrap_or_default() {
        out.say(json, format!("     {}. {}", item.number, item.title));
    }
    let deadlines = node_a.deadlines()?;
    out.say(json, "   FRA's deadlines for the meeting (dief deadlines):");
    for d in deadlines.iter().filter(|d| d.mine) {
        out.say(json, format!("     {} {:<6} {} [{}]", d.due, d.tor, d.what, d.status));
    }

    advance_to(fed, Rule::ExpertEscalation.due(first_day));
    if !wait_until(wait, || {
        [&sec, &node_a, &node_b, &node_c]
            .iter()
            .all(|n| matches!(expert_state(n, id), Some(ExpertState::Escalated { .. })))
    })
    .await
    {
        bail!("the objection was not escalated at T-20 on every node");
    }
    out.say(
        json,
        format!("   {}: T-20, still objected: every node shows the expert escalated to the meeting.", today(fed)),
    );

    advance_to(fed, first_day);
    sec.adopt_agenda(id).await?;
    sec.expert_step(
        proposal_id,
        ExpertEvent::Decision { accepted: true, note: "Agreed by the States Parties attending.".into() },
    )
    .await?;
    node_a.acknowledge_expert(proposal_id, first_day).await?;
    if !wait_until(wait, || {
        node_b.meeting(id).is_ok_and(|v| v.adopted.is_some() && v.experts.first().is_some_and(|e| e.may_access))
    })
    .await
    {
        bail!("the adoption, decision or acknowledgement did not reach GHA");
    }
    out.say(
        json,
        format!("   {first_day}: the meeting adopts the agenda; the attending States Parties accept the expert;"),
    );
    out.say(json, "   FRA records the expert's signed acknowledgement of the duty of confidentiality (ToR-15).");
    if sec.intents()?.iter().any(|i| i.meeting == Some(id) && i.state == IntentState::Open) {
        bail!("an intent is still open after the adoption");
    }
    match node_b.register_intent(IntentDraft { meeting: Some(id), ..Default::default() }).await {
        Ok(_) => bail!("an intent was accepted after the agenda was adopted"),
        Err(e) => out.say(json, format!("   Intents are closed; GHA's late one is refused: {e}")),
    }

    let briefing = |text: &str| BriefingInput {
        meeting: id,
        audience: BriefingAudience::Csp,
        text: text.into(),
        language: "en".into(),
        based_on: vec![*case],
    };
    node_a.draft_briefing(briefing("Forged end-user certificates recur in transit diversion.")).await?;
    if !wait_until(wait, || node_b.meeting(id).is_ok_and(|v| v.briefing.is_some())).await {
        bail!("the briefing draft did not reach GHA");
    }
    node_b.answer_briefing(id, BriefingAnswer::Object { reason: "Too close to an ongoing case.".into() }).await?;
    node_c.answer_briefing(id, BriefingAnswer::Consent).await?;
    if !wait_until(wait, || {
        node_a.meeting(id).is_ok_and(|v| v.briefing.is_some_and(|b| matches!(b.state, BriefingState::Blocked { .. })))
    })
    .await
    {
        bail!("GHA's objection did not block the briefing");
    }
    out.say(json, "   The Chair's briefing draft goes to the participants only; GHA objects: blocked (ToR-22).");
    node_a.draft_briefing(briefing("Forged end-user certificates are a recurring pattern.")).await?;
    if !wait_until(wait, || {
        [&node_b, &node_c].iter().all(|n| n.meeting(id).is_ok_and(|v| v.briefing.is_some_and(|b| b.draft.version == 2)))
    })
    .await
    {
        bail!("the second briefing draft did not reach the participants");
    }
    node_b.answer_briefing(id, BriefingAnswer::Consent).await?;
    node_c.answer_briefing(id, BriefingAnswer::Consent).await?;
    if !wait_until(wait, || node_a.meeting(id).is_ok_and(|v| v.briefing.is_some_and(|b| b.state.is_cleared()))).await {
        bail!("the second briefing draft was not cleared");
    }
    out.say(json, "   A second version gets every participant's consent: cleared.");
    let kinds: std::collections::BTreeSet<String> = sec.inbox()?.iter().map(|e| e.kind.to_string()).collect();
    if sec.inbox()?.iter().any(|e| e.kind.is_case_content()) {
        bail!("the Secretariat received case content");
    }
    out.say(
        json,
        format!(
            "   The Secretariat ran the calendar without any case content; it received only: {}.",
            kinds.into_iter().collect::<Vec<_>>().join(", ")
        ),
    );
    out.say(json, "   No minutes are kept (ToR-17).\n");
    Ok(())
}

pub async fn run(json: bool, serve: bool) -> Result<()> {
    let started = Instant::now();
    let mut out = Account::default();
    let (a, b, c) = (code("FRA")?, code("GHA")?, code("PER")?);
    out.say(json, "dief demo: the Secretariat and three States (FRA, GHA, PER), each a separate node");
    out.say(json, "with its own encrypted store, exchanging end-to-end encrypted envelopes over libp2p on loopback.\n");

    let mut fed = LocalFederation::start(&[a, b, c]).await?;
    let sec = fed.node(Party::Secretariat)?.clone();
    let roster = sec.roster().context("the Secretariat holds no roster")?;
    out.say(json, "1. Roster");
    out.say(
        json,
        format!(
            "   The Secretariat's roster key {} (not its node's key {}) is pinned by every State.",
            roster.signer().fingerprint(),
            roster.secretariat.signing_key.fingerprint()
        ),
    );
    for m in &roster.members {
        out.say(
            json,
            format!("   {} ({}) admitted from its signed join request; peer {}", m.state, m.status, m.node.peer_id),
        );
    }
    out.say(json, format!("   Roster sequence {} reached every node.\n", roster.sequence));

    let node_a = fed.state(a)?.clone();
    let node_b = fed.state(b)?.clone();
    let node_c = fed.state(c)?.clone();
    let case = node_a
        .create_case({
            let mut k = CaseContent::new(
                "Diverted rifles found in a transit container",
                CaseStatus::Detected,
                Investigation::Ongoing,
            );
            k.summary = "Serial numbers match a 2019 export licence; the end-user certificate appears forged.".into();
            k.marking.confidentiality = "DIEF confidential".into();
            k.trafficking_route =
                vec![Place::new("Le Havre", Some(a)), Place::new("Tema", Some(b)), Place::new("", Some(c))];
            k.transit_points = vec![Place::new("Tema", Some(b))];
            k.brokers = vec!["Fictional Brokerage Ltd".into()];
            let mut rifles = Item::new(ArmsCategory::SmallArmsAndLightWeapons);
            rifles.make = "Fictional Arms".into();
            rifles.model = "FA-7".into();
            rifles.quantity = 40;
            rifles.serial_numbers = vec![SerialNumber { number: "FA7-2019-00417".into(), partial: false }];
            k.items = vec![rifles];
            k.states_involved = vec![b, c];
            k
        })
        .await?;
    out.say(json, "2. FRA shares a case with GHA only");
    out.say(json, format!("   FRA recorded case {} in its own store.", case.id));
    let t = Instant::now();
    let share = node_a.share(&case.id, &[b]).await?;
    if !wait_until(Duration::from_secs(15), || delivered(&node_a, &share, Party::State(b))).await {
        bail!("the share to GHA was not receipted in time");
    }
    out.say(
        json,
        format!(
            "   Sealed once, content key wrapped for GHA; GHA verified, stored durably, and receipted in {:.1} ms.",
            t.elapsed().as_secs_f64() * 1000.0
        ),
    );
    let held = node_b.case(&case.id)?;
    out.say(json, format!("   GHA now holds \"{}\" (version {}).\n", held.record.content.title, held.record.version));

    out.say(json, "3. PER cannot read it");
    let envelope = node_a.sent_envelope(&share)?;
    match node_c.try_open(&envelope) {
        Ok(_) => bail!("PER could open an envelope not addressed to it"),
        Err(e) => out.say(json, format!("   Given the very envelope, PER's node says: {e}")),
    }
    match sec.try_open(&envelope) {
        Ok(_) => bail!("the Secretariat could open case content"),
        Err(e) => out.say(json, format!("   The Secretariat's node says: {e}")),
    }
    if node_c.case(&case.id).is_ok() || node_c.inbox()?.iter().any(|e| e.message_id == share) {
        bail!("PER holds the case");
    }
    out.say(json, "   PER's store holds nothing of the case.\n");

    out.say(json, "4. GHA replies to FRA");
    let reply = node_b
        .reply(
            &case.id,
            "GHA customs confirm the container transited Tema; manifests follow.".into(),
            "en".into(),
            None,
        )
        .await?;
    if !wait_until(Duration::from_secs(15), || inbox_has(&node_a, &reply)).await {
        bail!("the reply did not reach FRA");
    }
    if let Some(e) = node_a.inbox()?.into_iter().find(|e| e.message_id == reply) {
        if let Payload::Reply(r) = e.payload {
            out.say(json, format!("   FRA received from {}: \"{}\"\n", e.sender, r.body));
        }
    }

    procedures(json, &mut out, &fed, &case.id, [a, b, c]).await?;

    out.say(json, "10. Delivery to a node that is down");
    // Our handle must go too, or PER's store would stay open in this process.
    drop(node_c);
    fed.stop(Party::State(c)).await?;
    out.say(json, "   PER's node is stopped.");
    let case2 = node_a
        .create_case({
            let mut c = CaseContent::new(
                "Ammunition lot re-exported without authorisation",
                CaseStatus::Suspected,
                Investigation::Ongoing,
            );
            c.summary = "Lot markings point to a broker registered in a third country.".into();
            c.marking.confidentiality = "DIEF confidential".into();
            c
        })
        .await?;
    let share2 = node_a.share(&case2.id, &[c]).await?;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let pending = node_a.outbox()?.into_iter().find(|i| i.message_id == share2);
    match pending.as_ref().and_then(|i| i.recipients.first()) {
        Some((p, Delivery::Pending { .. })) => out
            .say(json, format!("   FRA's outbox keeps the envelope to {p} durably, pending; it retries with backoff.")),
        other => bail!("the envelope to the stopped node is not pending: {other:?}"),
    }
    let t = Instant::now();
    let node_c = fed.start_node(Party::State(c)).await?;
    if !wait_until(Duration::from_secs(30), || delivered(&node_a, &share2, Party::State(c))).await {
        bail!("the message to PER was not delivered after its restart");
    }
    out.say(
        json,
        format!(
            "   PER restarted; the waiting envelope was delivered and receipted {:.0} ms later.",
            t.elapsed().as_secs_f64() * 1000.0
        ),
    );
    out.say(json, format!("   PER now holds \"{}\".\n", node_c.case(&case2.id)?.record.content.title));

    let verify = node_a.audit_verify()?;
    if !verify.is_intact() {
        bail!("FRA's audit log does not verify: {verify:?}");
    }
    out.say(json, "11. FRA's audit log: every share, receipt, notice, use request and challenge is hash-chained;");
    out.say(json, "    `dief audit verify` finds it intact.\n");

    meeting_cycle(json, &mut out, &fed, &case.id, [a, b, c]).await?;

    if serve {
        serve_until_interrupted(&fed, [a, b, c]).await?;
    }
    fed.shutdown().await;
    out.say(
        json,
        format!("Done in {:.1} s. Every store was encrypted and is now deleted.", started.elapsed().as_secs_f64()),
    );
    if json {
        outln!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}

/// The demo's sign-ins: the same password on every node, printed, since
/// the demo's data is fictional and its stores are deleted on exit.
const DEMO_PASSWORD: &str = "demo-password-2026";

/// `dief demo --serve`: every node's web interface on loopback, with demo
/// accounts, until Ctrl-C.
async fn serve_until_interrupted(fed: &LocalFederation, states: [StateCode; 3]) -> Result<()> {
    use dief_node::core::users::Role;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let parties = std::iter::once(Party::Secretariat).chain(states.iter().map(|s| Party::State(*s)));
    let mut lines = Vec::new();
    for party in parties {
        let node = fed.node(party)?.clone();
        let accounts: &[(&str, Role)] = if party.is_secretariat() {
            &[("admin", Role::Administrator), ("coordinator", Role::Delegate)]
        } else {
            &[
                ("admin", Role::Administrator),
                ("officer", Role::CaseOfficer),
                ("liaison", Role::Liaison),
                ("reviewer", Role::Reviewer),
            ]
        };
        for (name, role) in accounts {
            node.add_user(name, *role, zeroize::Zeroizing::new(DEMO_PASSWORD.to_string()), "en").await?;
        }
        let mut rx = stop_rx.clone();
        let shutdown = async move {
            let _ = rx.wait_for(|stop| *stop).await;
        };
        let token = dief_node::web::session::random_token();
        let addr = dief_node::api::serve(node, "127.0.0.1:0".parse()?, token, shutdown).await?;
        let names: Vec<&str> = accounts.iter().map(|(n, _)| *n).collect();
        lines.push(format!("  {party:<12} http://{addr}/   sign in as {}", names.join(", ")));
    }
    outln!("\nThe demo federation keeps running. Open a node's web interface in a browser:");
    for l in &lines {
        outln!("{l}");
    }
    outln!("  Password of every demo account: {DEMO_PASSWORD}");
    outln!("Press Ctrl-C to stop; the demo's stores are then deleted.");
    tokio::signal::ctrl_c().await.context("waiting for Ctrl-C")?;
    let _ = stop_tx.send(true);
    Ok(())
}
