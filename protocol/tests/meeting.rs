//! The meeting cycle (issue 4): scheduling and the two-meetings rule (ToR-3),
//! every deadline edge (exactly on the day, one day late: ToR-8, 9, 10, 12),
//! intents (ToR-11), registration (ToR-6, 7), the expert silence procedure
//! with and without objection and its escalation at T-20 (ToR-8), the signed
//! acknowledgement (ToR-15), contact cards (ToR-20), briefing clearance
//! (ToR-22), the iCalendar export, and serde round trips of every type.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use dief_protocol::codec;
use dief_protocol::ids::ISO_3166_ALPHA3;
use dief_protocol::keys::Signature;
use dief_protocol::meeting::*;
use dief_protocol::reason::Explain;
use dief_protocol::roster::{Member, MemberStatus, NodeKeys};
use dief_protocol::rules::{DeadlineState, Rule, Timeliness};
use dief_protocol::sealed::MemberText;
use dief_protocol::{CaseId, Date, EncryptionKeypair, IdentityKeypair, MessageId, Party, Roster, StateCode};
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

fn code(s: &str) -> StateCode {
    s.parse().unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn mid(n: u8) -> MessageId {
    MessageId::from_parts(1_800_000_000_000 + u64::from(n), [n; 10]).unwrap()
}

fn meeting_id(n: u8) -> MeetingId {
    MeetingId(mid(n))
}

fn case_of(state: &str, n: u8) -> CaseId {
    CaseId::new(code(state), mid(n))
}

/// A meeting from 2027-08-20 to 2027-08-22.
fn meeting() -> Meeting {
    Meeting {
        id: meeting_id(1),
        kind: MeetingKind::Csp,
        title: "DIEF meeting at CSP13".into(),
        first_day: d("2027-08-20"),
        last_day: d("2027-08-22"),
        venue: "Geneva, CICG".into(),
        call_for_submissions: "States are invited to submit cases of detected or suspected diversion.".into(),
        language: "en".into(),
    }
}

fn on(first: &str, last: &str, n: u8) -> Meeting {
    Meeting { id: meeting_id(n), first_day: d(first), last_day: d(last), ..meeting() }
}

/// `is_err`, checking too that the English catalog words the refusal as
/// its `Display` does.
trait Refused {
    fn is_refused(&self) -> bool;
}

impl<T, E: Explain + std::fmt::Display> Refused for Result<T, E> {
    fn is_refused(&self) -> bool {
        let Err(e) = self else { return false };
        assert_eq!(common::english(&e.reason()), e.to_string(), "{:?}", e.reason());
        true
    }
}

// ---------------------------------------------------------------------------
// ToR-3: scheduling
// ---------------------------------------------------------------------------

#[test]
fn a_third_meeting_in_a_calendar_year_is_refused() {
    let today = d("2027-01-10");
    let first = on("2027-02-10", "2027-02-11", 1);
    let second = on("2027-08-20", "2027-08-22", 2);
    assert!(check_schedule(&[], &first, today).is_ok());
    assert!(check_schedule(std::slice::from_ref(&first), &second, today).is_ok());
    let third = on("2027-11-01", "2027-11-02", 3);
    let err = check_schedule(&[first.clone(), second.clone()], &third, today).expect_err("third meeting");
    assert!(matches!(err, MeetingError::Calendar(_)), "{err}");
    assert!(err.to_string().contains("ToR-3"), "{err}");
    // The next calendar year is free again.
    assert!(check_schedule(&[first.clone(), second.clone()], &on("2028-01-20", "2028-01-21", 3), today).is_ok());
    // Rescheduling one of the two (same id) is not a third meeting.
    let moved = Meeting { first_day: d("2027-09-01"), last_day: d("2027-09-02"), ..second.clone() };
    assert!(check_schedule(&[first, second], &moved, today).is_ok());
}

#[test]
fn scheduling_refuses_the_past_overlaps_and_bad_dates() {
    let m = meeting();
    assert!(matches!(check_schedule(&[], &m, m.first_day), Err(MeetingError::Calendar(_))));
    assert!(check_schedule(&[], &m, m.first_day.add_days(-1)).is_ok());
    let clash = on("2027-08-22", "2027-08-23", 2);
    assert!(matches!(
        check_schedule(std::slice::from_ref(&m), &clash, d("2027-01-01")),
        Err(MeetingError::Calendar(_))
    ));
    let backwards = Meeting { last_day: d("2027-08-19"), ..meeting() };
    assert!(backwards.validate().is_refused());
    let one_day = Meeting { last_day: d("2027-08-20"), ..meeting() };
    assert!(one_day.validate().is_ok());
    assert_eq!(one_day.days(), 1);
    let too_long = Meeting { last_day: d("2027-08-20").add_days(MAX_MEETING_DAYS), ..meeting() };
    assert!(too_long.validate().is_refused());
    // ToR-3, ToR-9: no meeting without a call for submissions.
    let no_call = Meeting { call_for_submissions: "  ".into(), ..meeting() };
    assert!(no_call.validate().is_refused());
}

#[test]
fn scheduling_late_flags_the_missed_invitation() {
    let m = meeting();
    // Scheduled exactly on T-50: nothing late yet.
    let ok = check_schedule(&[], &m, d("2027-07-01")).unwrap();
    assert!(ok.already_late.is_empty(), "{ok:?}");
    // One day later: the invitation (ToR-9) is already late, and only it.
    let late = check_schedule(&[], &m, d("2027-07-02")).unwrap();
    assert_eq!(late.already_late, vec![Rule::Invitation]);
}

// ---------------------------------------------------------------------------
// Deadline edges
// ---------------------------------------------------------------------------

#[test]
fn invitation_on_t_minus_50_is_on_time_and_a_day_later_is_late() {
    let m = meeting();
    let inv = |day: &str| Invitation { meeting: m.clone(), issued_on: d(day) };
    assert_eq!(inv("2027-07-01").timeliness(), Timeliness::OnTime { days_to_spare: 0 });
    assert_eq!(inv("2027-07-02").timeliness(), Timeliness::Late { days_late: 1 });
    assert!(inv("2027-07-02").validate().is_ok(), "a late invitation still goes out, flagged");
    assert!(inv("2027-08-20").validate().is_refused(), "not on or after the first day");
}

fn agenda(day: &str) -> DraftAgenda {
    DraftAgenda {
        meeting: meeting_id(1),
        version: 1,
        circulated_on: d(day),
        items: vec![
            AgendaItem { number: 1, title: "Adoption of the agenda".into(), presenter: None, intent: None },
            AgendaItem {
                number: 2,
                title: "Presentation by FRA (case)".into(),
                presenter: Some(code("FRA")),
                intent: Some(mid(7)),
            },
        ],
        supporting_documents: vec![],
        language: "en".into(),
    }
}

#[test]
fn draft_agenda_on_t_minus_30_is_on_time_and_a_day_later_is_late() {
    let m = meeting();
    assert_eq!(agenda("2027-07-21").timeliness(&m), Timeliness::OnTime { days_to_spare: 0 });
    assert_eq!(agenda("2027-07-22").timeliness(&m), Timeliness::Late { days_late: 1 });
    agenda("2027-07-21").validate().unwrap();
    let mut bad = agenda("2027-07-21");
    bad.items[1].number = 3;
    assert!(bad.validate().is_refused());
    bad.items[1].number = 2;
    bad.items[1].presenter = None;
    assert!(bad.validate().is_refused(), "an intent item names its presenter");
    bad.items.clear();
    assert!(bad.validate().is_refused());
}

fn proposal() -> ExpertProposal {
    ExpertProposal {
        meeting: meeting_id(1),
        proposer: code("FRA"),
        presentation: mid(7),
        expert_name: "Dr A. Analyst".into(),
        affiliation: "Conflict Armament Research".into(),
        purpose: "Explains the tracing of the rifles' serial numbers.".into(),
        language: "en".into(),
        proposed_on: d("2027-07-15"),
    }
}

#[test]
fn an_expert_proposal_reaching_the_secretariat_after_t_minus_30_is_refused() {
    let m = meeting();
    let p = proposal();
    assert!(p.check(&m, d("2027-07-21")).is_ok(), "exactly on T-30");
    let err = p.check(&m, d("2027-07-22")).expect_err("T-29");
    assert!(err.to_string().contains("ToR-8") && err.to_string().contains("1 day"), "{err}");
    let mut other = proposal();
    other.meeting = meeting_id(9);
    assert!(other.check(&m, d("2027-07-01")).is_refused());
    let no_purpose = ExpertProposal { purpose: " ".into(), ..proposal() };
    assert!(no_purpose.validate().is_refused(), "ToR-8: the purpose is required");
}

#[test]
fn deadlines_of_a_meeting_name_their_tor_and_state() {
    let m = meeting();
    let list = deadlines(&m, Party::Secretariat, d("2027-07-21"));
    let rules: Vec<Rule> = list.iter().map(|x| x.rule).collect();
    assert_eq!(rules.len(), 6);
    assert_eq!(rules[0], Rule::Invitation);
    assert_eq!(*rules.last().unwrap(), Rule::InvolvedReply);
    assert!(list.windows(2).all(|w| w[0].due <= w[1].due));
    for x in &list {
        assert_eq!(x.tor, x.rule.tor());
        assert!(x.tor.starts_with("ToR-"));
        assert_eq!(x.due, x.rule.due(m.first_day));
        assert_eq!(x.meeting, m.id);
    }
    let get = |list: &[MeetingDeadline], r: Rule| list.iter().find(|x| x.rule == r).unwrap().clone();
    // Exactly on the day (T-30): due today, still on time.
    assert_eq!(get(&list, Rule::DraftAgenda).state, DeadlineState::Near { days_left: 0 });
    assert_eq!(get(&list, Rule::InvolvedNotice).state, DeadlineState::Near { days_left: 0 });
    assert_eq!(get(&list, Rule::Invitation).state, DeadlineState::Missed { days_over: 20 });
    assert_eq!(get(&list, Rule::ExpertEscalation).state, DeadlineState::Open { days_left: 10 });
    // One day later: missed.
    let next = deadlines(&m, Party::Secretariat, d("2027-07-22"));
    assert_eq!(get(&next, Rule::DraftAgenda).state, DeadlineState::Missed { days_over: 1 });
    assert_eq!(get(&next, Rule::ExpertProposal).state, DeadlineState::Missed { days_over: 1 });
    // T-15 and T-20 edges.
    let t15 = deadlines(&m, Party::State(code("GHA")), d("2027-08-05"));
    assert_eq!(get(&t15, Rule::InvolvedReply).state, DeadlineState::Near { days_left: 0 });
    let t14 = deadlines(&m, Party::State(code("GHA")), d("2027-08-06"));
    assert_eq!(get(&t14, Rule::InvolvedReply).state, DeadlineState::Missed { days_over: 1 });
    // Who acts.
    assert!(get(&list, Rule::Invitation).mine && get(&list, Rule::ExpertEscalation).mine);
    assert!(!get(&list, Rule::InvolvedNotice).mine);
    assert!(get(&t15, Rule::InvolvedReply).mine && get(&t15, Rule::ExpertProposal).mine);
    assert!(!get(&t15, Rule::DraftAgenda).mine);
}

// ---------------------------------------------------------------------------
// ToR-11: presentation intents
// ---------------------------------------------------------------------------

fn intent(meeting: Option<MeetingId>) -> PresentationIntent {
    PresentationIntent {
        presenter: code("FRA"),
        meeting,
        subject: IntentSubject::Case { case_id: case_of("FRA", 3) },
        minutes: Some(20),
        with_expert: true,
        registered_on: d("2027-01-05"),
    }
}

#[test]
fn intents_are_open_before_any_meeting_and_close_at_agenda_adoption() {
    let m = meeting();
    // Before any meeting exists.
    check_intent(&intent(None), None, None).unwrap();
    assert!(check_intent(&intent(Some(meeting_id(1))), None, None).is_refused(), "names an unknown meeting");
    // It applies to the next meeting whose agenda is open.
    let later = on("2027-11-10", "2027-11-11", 2);
    let meetings = [later.clone(), m.clone()];
    assert_eq!(intent_meeting(&intent(None), &meetings, &[], d("2027-01-05")).map(|x| x.id), Some(m.id));
    assert_eq!(intent_meeting(&intent(None), &meetings, &[m.id], d("2027-01-05")).map(|x| x.id), Some(later.id));
    assert_eq!(intent_meeting(&intent(None), &meetings, &[], d("2027-08-20")).map(|x| x.id), Some(later.id));
    // Open until the agenda is adopted, closed from then on (ToR-11).
    check_intent(&intent(Some(m.id)), Some(&m), None).unwrap();
    let adoption = AgendaAdoption { meeting: m.id, version: 2, adopted_on: d("2027-08-20") };
    let err = check_intent(&intent(Some(m.id)), Some(&m), Some(&adoption)).expect_err("closed");
    assert!(err.to_string().contains("ToR-11"), "{err}");
    // The adoption of another meeting's agenda does not close this one.
    let other = AgendaAdoption { meeting: meeting_id(2), ..adoption };
    check_intent(&intent(Some(m.id)), Some(&m), Some(&other)).unwrap();
}

#[test]
fn an_intent_names_only_its_own_case_and_carries_no_text() {
    let mut i = intent(None);
    i.subject = IntentSubject::Case { case_id: case_of("GHA", 3) };
    assert!(i.validate().is_refused());
    let i = PresentationIntent { minutes: Some(0), ..intent(None) };
    assert!(i.validate().is_refused());
    // The JSON form has no free-text field at all.
    let json = serde_json::to_value(intent(Some(meeting_id(1)))).unwrap();
    let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["meeting", "minutes", "presenter", "registered_on", "subject", "with_expert"].into_iter().collect()
    );
    assert_eq!(intent(None).agenda_title(), "Presentation by FRA (case)");
}

// ---------------------------------------------------------------------------
// ToR-6, ToR-7: registration
// ---------------------------------------------------------------------------

struct Fed {
    keys: Vec<(StateCode, IdentityKeypair)>,
    sec: IdentityKeypair,
    roster: Roster,
}

fn node_keys(id: &IdentityKeypair) -> NodeKeys {
    NodeKeys {
        peer_id: id.public().peer_id(),
        signing_key: id.public(),
        encryption_key: EncryptionKeypair::generate().unwrap().public(),
        addrs: vec![],
        keys_since: 1,
        transport_key: None,
        rotations: Vec::new(),
        recovery: None,
    }
}

/// FRA, GHA, PER are States Parties; BRA is a Signatory.
fn fed() -> Fed {
    let sec = IdentityKeypair::generate().unwrap();
    let mut roster = Roster::genesis(node_keys(&sec), 0);
    roster.sequence = 2;
    let mut keys = vec![];
    for (s, status) in [
        ("FRA", MemberStatus::StateParty),
        ("GHA", MemberStatus::StateParty),
        ("PER", MemberStatus::StateParty),
        ("BRA", MemberStatus::Signatory),
    ] {
        let id = IdentityKeypair::generate().unwrap();
        roster.upsert(Member { state: code(s), status, node: node_keys(&id) });
        keys.push((code(s), id));
    }
    roster.validate().unwrap();
    Fed { keys, sec, roster }
}

impl Fed {
    fn key(&self, s: &str) -> &IdentityKeypair {
        &self.keys.iter().find(|(c, _)| *c == code(s)).unwrap().1
    }
}

fn registration(state: &str, revision: u32) -> Registration {
    Registration {
        meeting: meeting_id(1),
        state: code(state),
        revision,
        delegates: vec![
            Delegate { name: "A. Officer".into(), role: Role::LawEnforcement, agency: "Police".into(), head: false },
            Delegate { name: "B. Diplomat".into(), role: Role::ForeignMinistry, agency: String::new(), head: true },
        ],
        registered_on: d("2027-07-01"),
    }
}

#[test]
fn any_member_registers_with_its_delegation_and_nobody_can_object() {
    let f = fed();
    let m = meeting();
    let today = d("2027-07-01");
    for s in ["FRA", "BRA"] {
        let r = registration(s, 1);
        check_registration(&r, Party::State(code(s)), &f.roster, &m, None, today).unwrap();
        assert!(r.has_law_enforcement());
    }
    // Not a member; someone else's delegation; an old revision; after the meeting.
    let outsider = registration("DEU", 1);
    assert!(check_registration(&outsider, Party::State(code("DEU")), &f.roster, &m, None, today).is_refused());
    let r = registration("FRA", 1);
    assert!(check_registration(&r, Party::Secretariat, &f.roster, &m, None, today).is_refused());
    assert!(check_registration(&r, Party::State(code("GHA")), &f.roster, &m, None, today).is_refused());
    let held = registration("FRA", 2);
    assert!(matches!(
        check_registration(&r, Party::State(code("FRA")), &f.roster, &m, Some(&held), today),
        Err(MeetingError::Stale { .. })
    ));
    check_registration(&registration("FRA", 3), Party::State(code("FRA")), &f.roster, &m, Some(&held), today).unwrap();
    assert!(check_registration(&r, Party::State(code("FRA")), &f.roster, &m, None, d("2027-08-23")).is_refused());
    // Registration on the last day of the meeting is still allowed.
    check_registration(&r, Party::State(code("FRA")), &f.roster, &m, None, d("2027-08-22")).unwrap();
    // Delegation checks.
    let mut bad = registration("FRA", 1);
    bad.delegates.clear();
    assert!(bad.validate().is_refused());
    let mut two_heads = registration("FRA", 1);
    two_heads.delegates[0].head = true;
    assert!(two_heads.validate().is_refused());
    let no_le = Registration {
        delegates: vec![Delegate { name: "C".into(), role: Role::Licensing, agency: String::new(), head: false }],
        ..registration("FRA", 1)
    };
    assert!(!no_le.has_law_enforcement());
    assert!(Role::Customs.is_law_enforcement());
}

// ---------------------------------------------------------------------------
// ToR-8: the expert procedure
// ---------------------------------------------------------------------------

fn rec(by: Party, day: &str, event: ExpertEvent) -> ExpertRecord {
    ExpertRecord { proposal: mid(50), by, on: d(day), event }
}

fn gha() -> Party {
    Party::State(code("GHA"))
}

fn objection() -> ExpertEvent {
    ExpertEvent::Objection { reason: "The expert's organisation is party to proceedings.".into() }
}

/// Checks then records each step on its own day, as a node would.
fn record(records: &mut Vec<ExpertRecord>, r: ExpertRecord, status: Option<MemberStatus>) -> Result<(), MeetingError> {
    let today = r.on;
    check_expert_record(mid(50), &proposal(), &meeting(), records, &r, status, today)?;
    records.push(r);
    Ok(())
}

fn state(records: &[ExpertRecord], day: &str) -> ExpertState {
    expert_state(mid(50), &proposal(), &meeting(), records, d(day))
}

const SP: Option<MemberStatus> = Some(MemberStatus::StateParty);

#[test]
fn silence_without_objection_accepts_the_expert_the_day_after_it_ends() {
    let mut rs = vec![];
    assert_eq!(state(&rs, "2027-07-15"), ExpertState::Pending);
    record(&mut rs, rec(Party::Secretariat, "2027-07-15", ExpertEvent::Circulated), None).unwrap();
    // Silence: circulated on the 15th, ends at the end of the 20th.
    assert_eq!(state(&rs, "2027-07-15"), ExpertState::SilenceRunning { ends: d("2027-07-20") });
    assert_eq!(state(&rs, "2027-07-20"), ExpertState::SilenceRunning { ends: d("2027-07-20") });
    assert_eq!(state(&rs, "2027-07-21"), ExpertState::Accepted { by_decision: false });
    assert_eq!(state(&rs, "2027-07-21").as_str(), "accepted");
    // A second circulation, and an objection one day after the silence, are refused.
    assert!(record(&mut rs, rec(Party::Secretariat, "2027-07-16", ExpertEvent::Circulated), None).is_refused());
    let err = record(&mut rs, rec(gha(), "2027-07-21", objection()), SP).expect_err("after the silence");
    assert!(err.to_string().contains("silence"), "{err}");
    // Even if recorded anyway, a late objection does not count.
    rs.push(rec(gha(), "2027-07-21", objection()));
    assert_eq!(state(&rs, "2027-07-22"), ExpertState::Accepted { by_decision: false });
}

#[test]
fn an_objection_on_the_last_day_of_silence_counts_and_is_escalated_at_t_minus_20() {
    let mut rs = vec![];
    // Before circulation nobody can object.
    assert!(record(&mut rs, rec(gha(), "2027-07-15", objection()), SP).is_refused());
    record(&mut rs, rec(Party::Secretariat, "2027-07-15", ExpertEvent::Circulated), None).unwrap();
    record(&mut rs, rec(gha(), "2027-07-20", objection()), SP).unwrap();
    let escalates_on = d("2027-07-31");
    assert_eq!(state(&rs, "2027-07-20"), ExpertState::Objected { objectors: vec![code("GHA")], escalates_on });
    // Consultation between objector and proposer, unresolved.
    let note = |w| ExpertEvent::Consultation { note: "Call held.".into(), objection_withdrawn: w };
    record(&mut rs, rec(Party::State(code("FRA")), "2027-07-25", note(false)), SP).unwrap();
    record(&mut rs, rec(gha(), "2027-07-26", note(false)), SP).unwrap();
    // A third State may not record a consultation; the proposer may not withdraw the objection.
    assert!(record(&mut rs, rec(Party::State(code("PER")), "2027-07-26", note(false)), SP).is_refused());
    assert!(record(&mut rs, rec(Party::State(code("FRA")), "2027-07-26", note(true)), SP).is_refused());
    // T-21: still objected; a decision cannot be recorded yet.
    assert_eq!(state(&rs, "2027-07-30"), ExpertState::Objected { objectors: vec![code("GHA")], escalates_on });
    let decide = |accepted| ExpertEvent::Decision { accepted, note: String::new() };
    assert!(record(&mut rs, rec(Party::Secretariat, "2027-07-30", decide(true)), None).is_refused());
    // Exactly T-20: escalated to the attending States Parties.
    assert_eq!(state(&rs, "2027-07-31"), ExpertState::Escalated { objectors: vec![code("GHA")] });
    assert_eq!(state(&rs, "2027-08-19").as_str(), "escalated");
    // The procedural decision, recorded by the Secretariat at the meeting.
    assert!(
        record(&mut rs, rec(gha(), "2027-08-20", decide(false)), SP).is_refused(),
        "only the Secretariat records it"
    );
    let mut rejected = rs.clone();
    record(&mut rejected, rec(Party::Secretariat, "2027-08-20", decide(false)), None).unwrap();
    assert_eq!(state(&rejected, "2027-08-20"), ExpertState::Rejected);
    record(&mut rs, rec(Party::Secretariat, "2027-08-20", decide(true)), None).unwrap();
    assert_eq!(state(&rs, "2027-08-20"), ExpertState::Accepted { by_decision: true });
    // Looking back, the state on an earlier day ignores later steps.
    assert_eq!(state(&rs, "2027-08-01").as_str(), "escalated");
}

#[test]
fn a_withdrawn_objection_resolves_the_procedure() {
    let mut rs = vec![];
    record(&mut rs, rec(Party::Secretariat, "2027-07-10", ExpertEvent::Circulated), None).unwrap();
    record(&mut rs, rec(gha(), "2027-07-11", objection()), SP).unwrap();
    record(&mut rs, rec(Party::State(code("PER")), "2027-07-12", objection()), SP).unwrap();
    assert!(record(&mut rs, rec(gha(), "2027-07-13", objection()), SP).is_refused(), "objects once");
    let withdraw =
        ExpertEvent::Consultation { note: "Satisfied by the explanation.".into(), objection_withdrawn: true };
    record(&mut rs, rec(gha(), "2027-07-14", withdraw.clone()), SP).unwrap();
    assert_eq!(
        state(&rs, "2027-07-14"),
        ExpertState::Objected { objectors: vec![code("PER")], escalates_on: d("2027-07-31") }
    );
    record(&mut rs, rec(Party::State(code("PER")), "2027-07-20", withdraw), SP).unwrap();
    // Silence over, no standing objection: accepted.
    assert_eq!(state(&rs, "2027-07-20"), ExpertState::Accepted { by_decision: false });
}

#[test]
fn only_states_parties_other_than_the_proposer_object() {
    let mut rs = vec![];
    record(&mut rs, rec(Party::Secretariat, "2027-07-15", ExpertEvent::Circulated), None).unwrap();
    let err = record(&mut rs, rec(Party::State(code("BRA")), "2027-07-16", objection()), Some(MemberStatus::Signatory))
        .expect_err("a Signatory cannot object");
    assert!(err.to_string().contains("State Party"), "{err}");
    assert!(record(&mut rs, rec(Party::State(code("FRA")), "2027-07-16", objection()), SP).is_refused());
    assert!(rec(Party::Secretariat, "2027-07-16", objection()).validate().is_refused());
    assert!(rec(gha(), "2027-07-16", ExpertEvent::Circulated).validate().is_refused());
    // Misdated records are refused.
    let r = rec(gha(), "2027-07-16", objection());
    assert!(check_expert_record(mid(50), &proposal(), &meeting(), &rs, &r, SP, d("2027-07-17")).is_refused());
    // The proposer withdraws; nothing further.
    record(&mut rs, rec(Party::State(code("FRA")), "2027-07-17", ExpertEvent::Withdrawn), SP).unwrap();
    assert_eq!(state(&rs, "2027-07-17"), ExpertState::Withdrawn);
    assert!(record(&mut rs, rec(Party::State(code("FRA")), "2027-07-18", ExpertEvent::Withdrawn), SP).is_refused());
}

// ---------------------------------------------------------------------------
// ToR-15: the signed acknowledgement
// ---------------------------------------------------------------------------

fn ack() -> ExpertAcknowledgement {
    ExpertAcknowledgement {
        meeting: meeting_id(1),
        proposal: mid(50),
        inviting_state: code("FRA"),
        expert_name: "Dr A. Analyst".into(),
        duty: CONFIDENTIALITY_DUTY.into(),
        language: "en".into(),
        informed_on: d("2027-07-22"),
        acknowledged_on: d("2027-07-23"),
    }
}

#[test]
fn the_acknowledgement_is_signed_by_the_inviting_state_and_forgeries_are_refused() {
    let f = fed();
    let signed = ack().sign(f.key("FRA")).unwrap();
    assert_eq!(signed.verify_with(&f.roster).unwrap(), ack());
    assert_eq!(signed.verify(&f.key("FRA").public()).unwrap(), ack());
    // Signed by another State's key, or by the Secretariat's.
    for forger in [f.key("GHA"), &f.sec] {
        let forged = ack().sign(forger).unwrap();
        assert!(matches!(forged.verify_with(&f.roster), Err(MeetingError::BadSignature { .. })));
    }
    // One flipped byte of the body.
    let mut tampered = signed.clone();
    let last = tampered.body.len() - 1;
    tampered.body[last] ^= 1;
    assert!(tampered.verify_with(&f.roster).is_refused());
    // Told after acknowledging: refused.
    let backwards = ExpertAcknowledgement { informed_on: d("2027-07-24"), ..ack() };
    assert!(backwards.sign(f.key("FRA")).is_refused());
    // Access needs acceptance and the acknowledgement.
    let accepted = ExpertState::Accepted { by_decision: false };
    assert!(expert_may_access(mid(50), &proposal(), &accepted, Some(&ack())));
    assert!(!expert_may_access(mid(50), &proposal(), &accepted, None));
    assert!(!expert_may_access(mid(50), &proposal(), &ExpertState::Rejected, Some(&ack())));
    let other_state = ExpertAcknowledgement { inviting_state: code("GHA"), ..ack() };
    assert!(!expert_may_access(mid(50), &proposal(), &accepted, Some(&other_state)));
}

// ---------------------------------------------------------------------------
// ToR-20: contact cards and the directory
// ---------------------------------------------------------------------------

fn card(state: &str, n: u8, sequence: u64, agency: &str) -> ContactCard {
    ContactCard {
        state: code(state),
        id: mid(n),
        sequence,
        issued_on: d("2027-03-01"),
        agency: agency.into(),
        role: Role::LawEnforcement,
        address: "1 Rue de la Paix".into(),
        contacts: vec![Contact {
            function: "Arms trafficking desk".into(),
            name: "Duty officer".into(),
            email: "desk@example.org".into(),
            phone: "+33 1 00 00 00 00".into(),
        }],
        languages: vec!["fr".into(), "en".into()],
        notes: MemberText::default(),
        withdrawn: false,
    }
}

#[test]
fn a_newer_card_replaces_an_older_one_and_older_or_forged_cards_are_refused() {
    let f = fed();
    let mut dir = Directory::new();
    let v1 = card("FRA", 1, 1, "Gendarmerie nationale").sign(f.key("FRA")).unwrap();
    let v2 = card("FRA", 1, 2, "Gendarmerie nationale (OCLCTIC)").sign(f.key("FRA")).unwrap();
    assert_eq!(dir.apply(&v1, &f.roster).unwrap(), Applied::Added);
    assert!(matches!(dir.apply(&v1, &f.roster), Err(MeetingError::AlreadyHeld(1))));
    assert_eq!(dir.apply(&v2, &f.roster).unwrap(), Applied::Replaced { previous: 1 });
    assert!(matches!(dir.apply(&v1, &f.roster), Err(MeetingError::Stale { offered: 1, held: 2, .. })));
    // Same sequence, other content: refused too.
    let v2b = card("FRA", 1, 2, "Other").sign(f.key("FRA")).unwrap();
    assert!(matches!(dir.apply(&v2b, &f.roster), Err(MeetingError::Stale { .. })));
    assert_eq!(dir.get(code("FRA"), mid(1)).unwrap().agency, "Gendarmerie nationale (OCLCTIC)");
    // Forged: a card for FRA signed by GHA, or by the relaying Secretariat.
    for forger in [f.key("GHA"), &f.sec] {
        let forged = card("FRA", 1, 9, "Fake").sign(forger).unwrap();
        assert!(matches!(dir.apply(&forged, &f.roster), Err(MeetingError::BadSignature { .. })));
    }
    let mut flipped = card("FRA", 1, 9, "Fake").sign(f.key("FRA")).unwrap();
    flipped.signature = Signature([0; 64]);
    assert!(dir.apply(&flipped, &f.roster).is_refused());
    // A non-member's card.
    let outsider = IdentityKeypair::generate().unwrap();
    assert!(dir.apply(&card("DEU", 1, 1, "BKA").sign(&outsider).unwrap(), &f.roster).is_refused());
    assert_eq!(dir.len(), 1);
    assert_eq!(dir.get(code("FRA"), mid(1)).unwrap().sequence, 2);
}

#[test]
fn the_directory_searches_by_state_role_and_text_and_hides_withdrawn_cards() {
    let f = fed();
    let mut dir = Directory::new();
    let mut customs = card("GHA", 2, 1, "Ghana Revenue Authority, Customs Division");
    customs.role = Role::Customs;
    customs.contacts[0].email = "tracing@gra.example".into();
    for c in [card("FRA", 1, 1, "Gendarmerie nationale"), customs, card("PER", 3, 1, "SUCAMEC")] {
        let key = f.key(c.state.as_str());
        dir.apply(&c.sign(key).unwrap(), &f.roster).unwrap();
    }
    let all = dir.search(&DirectoryQuery::default());
    assert_eq!(all.iter().map(|c| c.state.as_str()).collect::<Vec<_>>(), ["FRA", "GHA", "PER"]);
    let by_state = dir.search(&DirectoryQuery { state: Some(code("PER")), ..Default::default() });
    assert_eq!(by_state.len(), 1);
    let by_role = dir.search(&DirectoryQuery { role: Some(Role::Customs), ..Default::default() });
    assert_eq!(by_role[0].state, code("GHA"));
    let by_text = dir.search(&DirectoryQuery { text: Some("TRACING@".into()), ..Default::default() });
    assert_eq!(by_text.len(), 1);
    assert_eq!(by_text[0].state, code("GHA"));
    assert!(dir.search(&DirectoryQuery { text: Some("nowhere".into()), ..Default::default() }).is_empty());
    // Withdrawn: replaced, kept, not listed.
    let gone = ContactCard { withdrawn: true, contacts: vec![], ..card("PER", 3, 2, "SUCAMEC") };
    dir.apply(&gone.sign(f.key("PER")).unwrap(), &f.roster).unwrap();
    assert_eq!(dir.search(&DirectoryQuery::default()).len(), 2);
    assert_eq!(dir.len(), 3);
    assert_eq!(dir.signed().count(), 3);
    // Invalid cards.
    let mut bad = card("FRA", 1, 1, "X");
    bad.contacts[0].email = String::new();
    bad.contacts[0].phone = String::new();
    assert!(bad.validate().is_refused());
    assert!(ContactCard { sequence: 0, ..card("FRA", 1, 1, "X") }.validate().is_refused());
}

// ---------------------------------------------------------------------------
// ToR-22: briefing clearance
// ---------------------------------------------------------------------------

fn briefing() -> BriefingDraft {
    BriefingDraft {
        meeting: meeting_id(1),
        version: 1,
        audience: BriefingAudience::WorkingGroup,
        text: "Trends: concealment in vehicle parts is increasing.".into(),
        language: "en".into(),
        based_on: vec![case_of("FRA", 3)],
        drafted_on: d("2027-08-21"),
    }
}

fn answer(by: &str, version: u32, object: bool) -> BriefingResponse {
    BriefingResponse {
        meeting: meeting_id(1),
        version,
        by: code(by),
        answer: if object {
            BriefingAnswer::Object { reason: "Too specific.".into() }
        } else {
            BriefingAnswer::Consent
        },
    }
}

fn participants(list: &[&str]) -> BTreeSet<StateCode> {
    list.iter().map(|s| code(s)).collect()
}

#[test]
fn a_briefing_is_cleared_only_by_consensus() {
    let b = briefing();
    let who = participants(&["FRA", "GHA", "PER"]);
    let mut rs = vec![answer("FRA", 1, false), answer("GHA", 1, false)];
    assert_eq!(
        briefing_state(&b, &who, &rs),
        BriefingState::Pending { consented: vec![code("FRA"), code("GHA")], waiting: vec![code("PER")] }
    );
    // An answer to an older version, or from a non-participant, does not count.
    rs.push(answer("PER", 0, false));
    rs.push(answer("USA", 1, false));
    assert!(!briefing_state(&b, &who, &rs).is_cleared());
    rs.push(answer("PER", 1, false));
    assert_eq!(briefing_state(&b, &who, &rs), BriefingState::Cleared);
    // A new draft version restarts the clearance.
    let v2 = BriefingDraft { version: 2, ..briefing() };
    assert!(matches!(briefing_state(&v2, &who, &rs), BriefingState::Pending { .. }));
    // Nobody registered: no consensus.
    assert!(!briefing_state(&b, &BTreeSet::new(), &[]).is_cleared());
}

#[test]
fn one_objection_blocks_a_briefing() {
    let b = briefing();
    let who = participants(&["FRA", "GHA", "PER"]);
    let rs = vec![answer("FRA", 1, false), answer("GHA", 1, true), answer("PER", 1, false)];
    assert_eq!(briefing_state(&b, &who, &rs), BriefingState::Blocked { objectors: vec![code("GHA")] });
    // A State may change its mind: its last answer counts.
    let mut rs2 = rs.clone();
    rs2.push(answer("GHA", 1, false));
    assert_eq!(briefing_state(&b, &who, &rs2), BriefingState::Cleared);
}

#[test]
fn a_presenter_objection_blocks_a_briefing_based_on_its_case() {
    let b = briefing();
    // FRA presented the case the briefing is based on, even if not registered.
    let who = participants(&["GHA", "PER"]);
    let rs = vec![answer("GHA", 1, false), answer("PER", 1, false), answer("FRA", 1, true)];
    assert_eq!(
        briefing_state(&b, &who, &rs),
        BriefingState::BlockedByPresenter { presenters: vec![code("FRA")], objectors: vec![code("FRA")] }
    );
    // The same answer from a State whose case is not in it is ignored (not a participant).
    let unrelated = BriefingDraft { based_on: vec![case_of("GHA", 4)], ..briefing() };
    assert_eq!(briefing_state(&unrelated, &who, &rs), BriefingState::Cleared);
    assert!(BriefingDraft { text: " ".into(), ..briefing() }.validate().is_refused());
}

// ---------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------

const GOLDEN_ICS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//dief//ATT DIEF meeting cycle//EN\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
BEGIN:VEVENT\r
UID:01MCC5RM01040G2081040G2081@dief\r
DTSTAMP:20270601T000000Z\r
DTSTART;VALUE=DATE:20270820\r
DTEND;VALUE=DATE:20270823\r
SUMMARY:DIEF meeting at CSP13\r
LOCATION:Geneva\\, CICG\r
DESCRIPTION:ATT DIEF meeting during the Conference of States Parties (ToR-3\r
 ).\\nCall for submissions: Cases\\; please.\r
CLASS:CONFIDENTIAL\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:01MCC5RM01040G2081040G2081-invitation@dief\r
DTSTAMP:20270601T000000Z\r
DTSTART;VALUE=DATE:20270701\r
DTEND;VALUE=DATE:20270702\r
SUMMARY:DIEF deadline: invitation with the call for submissions (ToR-9\\, T-\r
 50)\r
DESCRIPTION:For information. Last day for the invitation with the call for \r
 submissions of \"DIEF meeting at CSP13\"\\, ToR-9.\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
";

#[test]
fn icalendar_golden() {
    let m = Meeting { call_for_submissions: "Cases; please.".into(), ..meeting() };
    let ics = icalendar(&[m], Party::State(code("FRA")), d("2027-06-01"));
    assert!(ics.starts_with(GOLDEN_ICS), "got:\n{ics}");
    assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 7, "the meeting and its six deadlines");
    for slug in ["draft-agenda", "expert-proposal", "expert-escalation", "involved-notice", "involved-reply"] {
        assert!(ics.contains(&format!("UID:01MCC5RM01040G2081040G2081-{slug}@dief\r\n")), "{slug}");
    }
    assert!(ics.contains("DTSTART;VALUE=DATE:20270731\r\n"), "escalation at T-20");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270805\r\n"), "replies at T-15");
    // Stable: the same input gives the same text, whatever the order of meetings.
    let other = on("2027-02-10", "2027-02-11", 2);
    let a = icalendar(&[meeting(), other.clone()], Party::Secretariat, d("2027-01-01"));
    let b = icalendar(&[other, meeting()], Party::Secretariat, d("2027-01-01"));
    assert_eq!(a, b);
    assert!(a.contains("Your action."));
}

#[test]
fn icalendar_lines_are_crlf_and_folded_at_75_octets_without_splitting_characters() {
    let long = "Réunion du Forum — échange d'informations sur le détournement; 会议 ".repeat(6);
    let m = Meeting { title: long.clone(), venue: "Genève\nSalle 1, \\ B".into(), ..meeting() };
    let ics = icalendar(&[m], Party::Secretariat, d("2027-06-01"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    assert!(!ics.replace("\r\n", "").contains('\r'), "bare CR");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // Unfolding restores the escaped text exactly.
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("SUMMARY:{}\r\n", ical_escape(&long))));
    assert!(unfolded.contains("LOCATION:Genève\\nSalle 1\\, \\\\ B\r\n"));
    assert!(ics.split("\r\n").filter(|l| l.starts_with(' ')).count() >= 5);
    assert_eq!(ical_escape("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let cbor = codec::encode("test", value, 1 << 20).unwrap();
    let back: T = codec::decode("test", &cbor, 1 << 20).unwrap();
    assert_eq!(&back, value, "CBOR");
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, value, "JSON {json}");
}

fn any_state() -> impl Strategy<Value = StateCode> {
    proptest::sample::select(ISO_3166_ALPHA3).prop_map(code)
}

fn any_date() -> impl Strategy<Value = Date> {
    (-25_000i32..80_000).prop_map(|n| Date::from_unix_ms(i64::from(n) * 86_400_000))
}

fn any_mid() -> impl Strategy<Value = MessageId> {
    any::<[u8; 16]>().prop_map(MessageId::from_bytes)
}

fn any_party() -> impl Strategy<Value = Party> {
    prop_oneof![Just(Party::Secretariat), any_state().prop_map(Party::State)]
}

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("\\PC{0,24}").unwrap()
}

fn any_role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL.to_vec())
}

fn states() -> impl Strategy<Value = Vec<StateCode>> {
    proptest::collection::vec(any_state(), 0..4)
}

fn any_meeting() -> impl Strategy<Value = Meeting> {
    (any_mid(), any::<bool>(), text(), any_date(), 0i32..40, text(), text(), text()).prop_map(
        |(id, csp, title, first_day, len, venue, call_for_submissions, language)| Meeting {
            id: MeetingId(id),
            kind: if csp { MeetingKind::Csp } else { MeetingKind::Preparatory },
            title,
            first_day,
            last_day: first_day.add_days(len),
            venue,
            call_for_submissions,
            language,
        },
    )
}

fn any_card() -> impl Strategy<Value = ContactCard> {
    let contact = (text(), text(), text(), text()).prop_map(|(function, name, email, phone)| Contact {
        function,
        name,
        email,
        phone,
    });
    (
        (any_state(), any_mid(), any::<u64>(), any_date()),
        (text(), any_role(), text()),
        proptest::collection::vec(contact, 0..3),
        (proptest::collection::vec(text(), 0..3), text(), any::<bool>()),
    )
        .prop_map(
            |((state, id, sequence, issued_on), (agency, role, address), contacts, (languages, notes, withdrawn))| {
                ContactCard {
                    state,
                    id,
                    sequence,
                    issued_on,
                    agency,
                    role,
                    address,
                    contacts,
                    languages,
                    notes: MemberText::Clear(notes),
                    withdrawn,
                }
            },
        )
}

fn any_expert_event() -> impl Strategy<Value = ExpertEvent> {
    prop_oneof![
        Just(ExpertEvent::Circulated),
        text().prop_map(|reason| ExpertEvent::Objection { reason: MemberText::Clear(reason) }),
        (text(), any::<bool>()).prop_map(|(note, objection_withdrawn)| ExpertEvent::Consultation {
            note: MemberText::Clear(note),
            objection_withdrawn
        }),
        (any::<bool>(), text()).prop_map(|(accepted, note)| ExpertEvent::Decision { accepted, note }),
        Just(ExpertEvent::Withdrawn),
    ]
}

fn any_expert_state() -> impl Strategy<Value = ExpertState> {
    prop_oneof![
        Just(ExpertState::Pending),
        any_date().prop_map(|ends| ExpertState::SilenceRunning { ends }),
        (states(), any_date()).prop_map(|(objectors, escalates_on)| ExpertState::Objected { objectors, escalates_on }),
        states().prop_map(|objectors| ExpertState::Escalated { objectors }),
        any::<bool>().prop_map(|by_decision| ExpertState::Accepted { by_decision }),
        Just(ExpertState::Rejected),
        Just(ExpertState::Withdrawn),
    ]
}

fn any_briefing_state() -> impl Strategy<Value = BriefingState> {
    prop_oneof![
        (states(), states()).prop_map(|(consented, waiting)| BriefingState::Pending { consented, waiting }),
        states().prop_map(|objectors| BriefingState::Blocked { objectors }),
        (states(), states())
            .prop_map(|(presenters, objectors)| BriefingState::BlockedByPresenter { presenters, objectors }),
        Just(BriefingState::Cleared),
    ]
}

fn any_signature() -> impl Strategy<Value = Signature> {
    proptest::collection::vec(any::<u8>(), 64).prop_map(|v| Signature(v.try_into().unwrap()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn meetings_invitations_and_schedule_checks_round_trip(
        m in any_meeting(),
        issued_on in any_date(),
        late in proptest::sample::subsequence(Rule::ALL.to_vec(), 0..6),
    ) {
        round_trip(&m);
        round_trip(&Invitation { meeting: m.clone(), issued_on });
        round_trip(&ScheduleCheck { already_late: late });
        for party in [Party::Secretariat, Party::State(code("FRA"))] {
            for x in deadlines(&m, party, issued_on) {
                round_trip(&x);
            }
        }
    }

    #[test]
    fn agendas_intents_and_registrations_round_trip(
        (meeting, version, circulated_on) in (any_mid(), any::<u32>(), any_date()),
        items in proptest::collection::vec((text(), proptest::option::of(any_state()), proptest::option::of(any_mid())), 0..4),
        docs in proptest::collection::vec(text(), 0..3),
        (presenter, has_meeting, case, minutes, with_expert) in
            (any_state(), any::<bool>(), proptest::option::of(any_mid()), proptest::option::of(any::<u16>()), any::<bool>()),
        delegates in proptest::collection::vec((text(), any_role(), text(), any::<bool>()), 0..4),
        revision in any::<u32>(),
    ) {
        let meeting = MeetingId(meeting);
        round_trip(&DraftAgenda {
            meeting,
            version,
            circulated_on,
            items: items.into_iter().enumerate().map(|(i, (title, presenter, intent))| AgendaItem {
                number: u16::try_from(i + 1).unwrap(), title, presenter, intent,
            }).collect(),
            supporting_documents: docs,
            language: "en".into(),
        });
        round_trip(&AgendaAdoption { meeting, version, adopted_on: circulated_on });
        round_trip(&PresentationIntent {
            presenter,
            meeting: has_meeting.then_some(meeting),
            subject: match case {
                Some(id) => IntentSubject::Case { case_id: CaseId::new(presenter, id) },
                None => IntentSubject::OtherInformation,
            },
            minutes,
            with_expert,
            registered_on: circulated_on,
        });
        round_trip(&IntentWithdrawal { intent: meeting.0 });
        round_trip(&Registration {
            meeting,
            state: presenter,
            revision,
            delegates: delegates.into_iter().map(|(name, role, agency, head)| Delegate { name, role, agency, head }).collect(),
            registered_on: circulated_on,
        });
    }

    #[test]
    fn expert_types_round_trip(
        (meeting, proposer, presentation, proposal) in (any_mid(), any_state(), any_mid(), any_mid()),
        (expert_name, affiliation, purpose, day) in (text(), text(), text(), any_date()),
        (by, event, state) in (any_party(), any_expert_event(), any_expert_state()),
        signature in any_signature(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        round_trip(&ExpertProposal {
            meeting: MeetingId(meeting),
            proposer,
            presentation,
            expert_name: expert_name.clone(),
            affiliation,
            purpose: MemberText::Clear(purpose.clone()),
            language: "fr".into(),
            proposed_on: day,
        });
        round_trip(&ExpertRecord { proposal, by, on: day, event });
        round_trip(&state);
        round_trip(&ExpertAcknowledgement {
            meeting: MeetingId(meeting),
            proposal,
            inviting_state: proposer,
            expert_name,
            duty: purpose,
            language: "ar".into(),
            informed_on: day,
            acknowledged_on: day.add_days(1),
        });
        round_trip(&SignedAcknowledgement { body: body.clone(), signature });
        round_trip(&SignedContactCard { body, signature });
    }

    #[test]
    fn cards_queries_and_briefings_round_trip(
        card in any_card(),
        (state, role, q) in (proptest::option::of(any_state()), proptest::option::of(any_role()), proptest::option::of(text())),
        (meeting, version, csp, body, based_on, day) in
            (any_mid(), any::<u32>(), any::<bool>(), text(), proptest::collection::vec((any_state(), any_mid()), 0..3), any_date()),
        (by, object, reason) in (any_state(), any::<bool>(), text()),
        bstate in any_briefing_state(),
    ) {
        round_trip(&card);
        round_trip(&DirectoryQuery { state, role, text: q });
        let meeting = MeetingId(meeting);
        round_trip(&BriefingDraft {
            meeting,
            version,
            audience: if csp { BriefingAudience::Csp } else { BriefingAudience::WorkingGroup },
            text: body,
            language: "es".into(),
            based_on: based_on.into_iter().map(|(s, id)| CaseId::new(s, id)).collect(),
            drafted_on: day,
        });
        round_trip(&BriefingResponse {
            meeting,
            version,
            by,
            answer: if object { BriefingAnswer::Object { reason } } else { BriefingAnswer::Consent },
        });
        round_trip(&bstate);
    }

    #[test]
    fn a_signed_card_verifies_after_its_own_round_trip(card in any_card()) {
        // Valid cards only: the signature covers the exact bytes, never a re-serialised value.
        let card = ContactCard {
            sequence: card.sequence.max(1),
            agency: "Agency".into(),
            contacts: vec![Contact { function: "Desk".into(), name: String::new(), email: "a@b".into(), phone: String::new() }],
            languages: vec![],
            address: String::new(),
            notes: MemberText::default(),
            ..card
        };
        let key = IdentityKeypair::generate().unwrap();
        let signed = card.sign(&key).unwrap();
        let cbor = codec::encode("card", &signed, 1 << 20).unwrap();
        let back: SignedContactCard = codec::decode("card", &cbor, 1 << 20).unwrap();
        prop_assert_eq!(back.verify(&key.public()).unwrap(), card);
    }
}

// ---------------------------------------------------------------------------
// Meeting payloads through the payload codec
// ---------------------------------------------------------------------------

/// Every meeting-cycle payload kind, valid, through `Payload::encode` and
/// `Payload::decode` (which validates), with the kind it travels as.
#[test]
fn every_meeting_payload_round_trips_as_its_own_kind() {
    use dief_protocol::{Kind, Payload};
    let m = meeting();
    let proposal = proposal();
    let key = IdentityKeypair::generate().unwrap();
    let payloads = [
        (Payload::Invitation(Invitation { meeting: m.clone(), issued_on: d("2027-06-01") }), Kind::Invitation),
        (Payload::DraftAgenda(agenda("2027-07-20")), Kind::DraftAgenda),
        (
            Payload::AgendaAdoption(AgendaAdoption { meeting: m.id, version: 1, adopted_on: m.first_day }),
            Kind::AgendaAdoption,
        ),
        (Payload::PresentationIntent(intent(Some(m.id))), Kind::PresentationIntent),
        (Payload::IntentWithdrawal(IntentWithdrawal { intent: mid(9) }), Kind::IntentWithdrawal),
        (Payload::Registration(registration("GHA", 2)), Kind::Registration),
        (Payload::ExpertProposal(proposal.clone()), Kind::ExpertProposal),
        (
            Payload::ExpertCirculation(ExpertCirculation {
                proposal_id: mid(7),
                proposal: proposal.clone(),
                circulated_on: proposal.proposed_on,
            }),
            Kind::ExpertCirculation,
        ),
        (Payload::ExpertRecord(rec(gha(), "2027-07-02", objection())), Kind::ExpertRecord),
        (Payload::ExpertAcknowledgement(ack().sign(&key).unwrap()), Kind::ExpertAcknowledgement),
        (Payload::BriefingDraft(briefing()), Kind::BriefingDraft),
        (Payload::BriefingResponse(answer("GHA", 1, true)), Kind::BriefingResponse),
    ];
    for (p, kind) in payloads {
        assert_eq!(p.kind(), kind);
        let back = Payload::decode(&p.encode().unwrap()).unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(back, p, "{kind}");
    }
}

#[test]
fn a_circulation_is_the_secretariats_circulated_step_and_not_before_the_proposal() {
    let p = proposal();
    let c = ExpertCirculation { proposal_id: mid(7), proposal: p.clone(), circulated_on: p.proposed_on };
    c.validate().unwrap();
    let r = c.record();
    assert_eq!((r.proposal, r.by, r.on, r.event), (mid(7), Party::Secretariat, p.proposed_on, ExpertEvent::Circulated));
    let early = ExpertCirculation { circulated_on: p.proposed_on.add_days(-1), ..c };
    let err = early.validate().unwrap_err().to_string();
    assert!(err.contains("before it was made"), "{err}");
}
