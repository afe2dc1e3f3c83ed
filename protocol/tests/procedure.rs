//! The State-to-State procedure payloads (issue 3) and the ToR deadline
//! rules: round trips of every procedure payload through CBOR and JSON,
//! every validation error naming its field, hostile bytes, the Secretariat
//! rule for the new kinds (DESIGN invariant 1), and the day-counted rules
//! (DESIGN invariant 5) over random meeting dates.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use ciborium::Value;
use common::{code, Node};
use dief_protocol::codec::{self, CodecError};
use dief_protocol::envelope::{seal, Draft, EnvelopeError, Header, WIRE_VERSION};
use dief_protocol::ids::ISO_3166_ALPHA3;
use dief_protocol::payload::{PayloadError, MAX_TEXT, MAX_TITLE};
use dief_protocol::procedure::{
    CaseWithdrawal, Challenge, ChallengeAnswer, ChallengeClose, InvolvedNotice, NoticeReply, RightOfReply, ThreadPost,
    UseAnswer, UseDecision, UsePurpose, UseRequest, MAX_THREAD_PARTICIPANTS,
};
use dief_protocol::reason::Explain;
use dief_protocol::roster::MemberStatus;
use dief_protocol::rules::{meeting_allowed, DeadlineState, Rule, Timeliness, MAX_MEETINGS_PER_YEAR, NEAR_DAYS};
use dief_protocol::{CaseId, Date, Envelope, Kind, Member, MessageId, Party, Payload, Roster, StateCode};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

fn any_state() -> impl Strategy<Value = StateCode> {
    proptest::sample::select(ISO_3166_ALPHA3).prop_map(code)
}

fn any_message_id() -> impl Strategy<Value = MessageId> {
    any::<[u8; 16]>().prop_map(MessageId::from_bytes)
}

fn any_case_id() -> impl Strategy<Value = CaseId> {
    (any_state(), any_message_id()).prop_map(|(s, m)| CaseId::new(s, m))
}

/// Any day from 1 January of `first` to 31 December of `last`.
fn day_in_years(first: i32, last: i32) -> impl Strategy<Value = Date> {
    let start = Date::from_ymd(first, 1, 1).unwrap();
    let end = Date::from_ymd(last, 12, 31).unwrap();
    (0..=end.days_after(start)).prop_map(move |k| start.add_days(k))
}

fn any_meeting() -> impl Strategy<Value = Date> {
    day_in_years(2000, 2150)
}

/// Free text of at most `max` characters: printable Unicode, or any
/// character at all (controls, NUL, lone combining marks).
fn free_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::string::string_regex(&format!("\\PC{{0,{max}}}")).unwrap(),
        1 => prop::collection::vec(any::<char>(), 0..=max).prop_map(String::from_iter),
    ]
}

/// Text that is not blank: at least one character that `str::trim` keeps.
fn required_text(max: usize) -> impl Strategy<Value = String> {
    (free_text(max), "[\\PC&&\\S]", free_text(max)).prop_map(|(a, b, c)| format!("{a}{b}{c}"))
}

/// Blank text: empty or only Unicode white space.
fn blank_text() -> impl Strategy<Value = String> {
    "[ \t\n\r\u{a0}\u{2003}\u{3000}]{0,6}"
}

fn language() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(&["en", "fr", "ar", "es", "ru", "zh", "zh-Hans", "es-419", "pt-BR"][..])
            .prop_map(String::from),
        "[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}",
        // 35 characters, the longest tag accepted.
        "[a-z]{8}(-[A-Za-z0-9]{8}){3}",
    ]
}

/// Not BCP 47 tags, each for a different reason.
fn bad_language() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{2}_[A-Z]{2}",
        "-[a-z]{2,3}",
        "[a-z]{2,3}-",
        "[a-z]{2}--[a-z]{1,3}",
        "[a-z]{9,16}",
        "[a-z]{2}-[A-Za-z0-9]{9,20}",
        "[a-z]{8}(-[a-z]{8}){4}",
        "[a-z]{2} [a-z]{2}",
        "[a-z]{1,3}[é汉€ß\u{0}\t.][a-z]{0,3}",
    ]
}

fn use_purpose() -> impl Strategy<Value = UsePurpose> {
    prop_oneof![Just(UsePurpose::ExportAssessment), Just(UsePurpose::EnforcementProceedings), Just(UsePurpose::Other)]
}

fn use_decision() -> impl Strategy<Value = UseDecision> {
    prop_oneof![
        Just(UseDecision::Agree),
        required_text(80).prop_map(|conditions| UseDecision::AgreeWithConditions { conditions }),
        Just(UseDecision::Decline),
        Just(UseDecision::Discuss),
    ]
}

fn involved_notice() -> impl Strategy<Value = InvolvedNotice> {
    (
        any_case_id(),
        any_meeting(),
        0i32..400,
        proptest::option::of(free_text(60)),
        required_text(200),
        language(),
        any::<bool>(),
    )
        .prop_map(|(case_id, meeting_date, before, meeting_ref, summary, language, late)| InvolvedNotice {
            case_id,
            meeting_date,
            meeting_ref,
            summary,
            language,
            reply_by: meeting_date.add_days(-before),
            late,
        })
}

fn notice_reply() -> impl Strategy<Value = NoticeReply> {
    (any_case_id(), any_message_id(), required_text(200), language())
        .prop_map(|(case_id, notice, body, language)| NoticeReply { case_id, notice, body, language })
}

fn right_of_reply() -> impl Strategy<Value = RightOfReply> {
    (any_case_id(), any_message_id(), required_text(200), language())
        .prop_map(|(case_id, notice, body, language)| RightOfReply { case_id, notice, body, language })
}

fn use_request() -> impl Strategy<Value = UseRequest> {
    (any_case_id(), 1u32..=u32::MAX, use_purpose(), free_text(100), required_text(100)).prop_map(
        |(case_id, version, purpose, free, required)| UseRequest {
            case_id,
            version,
            purpose,
            // "Other" needs its details; the other purposes may leave them blank.
            details: if purpose == UsePurpose::Other { required } else { free },
        },
    )
}

fn use_answer() -> impl Strategy<Value = UseAnswer> {
    (any_case_id(), any_message_id(), use_decision(), free_text(80))
        .prop_map(|(case_id, request, decision, note)| UseAnswer { case_id, request, decision, note })
}

fn challenge() -> impl Strategy<Value = Challenge> {
    (proptest::option::of(any_case_id()), required_text(200))
        .prop_map(|(case_id, concern)| Challenge { case_id, concern })
}

fn challenge_answer() -> impl Strategy<Value = ChallengeAnswer> {
    (any_message_id(), required_text(200), free_text(100)).prop_map(|(challenge, explanation, remedial_measures)| {
        ChallengeAnswer { challenge, explanation, remedial_measures }
    })
}

fn challenge_close() -> impl Strategy<Value = ChallengeClose> {
    (any_message_id(), free_text(100)).prop_map(|(challenge, note)| ChallengeClose { challenge, note })
}

/// 2 to 64 distinct States, in any order.
fn participants() -> impl Strategy<Value = Vec<StateCode>> {
    proptest::sample::subsequence(ISO_3166_ALPHA3, 2..=MAX_THREAD_PARTICIPANTS)
        .prop_shuffle()
        .prop_map(|v| v.into_iter().map(code).collect())
}

fn thread_post() -> impl Strategy<Value = ThreadPost> {
    (
        any_case_id(),
        proptest::option::of(any_message_id()),
        participants(),
        free_text(60),
        required_text(60),
        required_text(200),
        language(),
    )
        .prop_map(|(case_id, thread, participants, free, required, body, language)| ThreadPost {
            case_id,
            thread,
            participants,
            // The first post of a thread needs a subject; later posts may omit it.
            subject: if thread.is_none() { required } else { free },
            body,
            language,
        })
}

fn case_withdrawal() -> impl Strategy<Value = CaseWithdrawal> {
    (any_case_id(), 1u32..=u32::MAX, free_text(100)).prop_map(|(case_id, version, reason)| CaseWithdrawal {
        case_id,
        version,
        reason,
    })
}

/// Any valid procedure payload, each kind equally likely.
fn any_procedure() -> impl Strategy<Value = Payload> {
    prop_oneof![
        involved_notice().prop_map(Payload::InvolvedNotice),
        notice_reply().prop_map(Payload::NoticeReply),
        right_of_reply().prop_map(Payload::RightOfReply),
        use_request().prop_map(Payload::UseRequest),
        use_answer().prop_map(Payload::UseAnswer),
        challenge().prop_map(Payload::Challenge),
        challenge_answer().prop_map(Payload::ChallengeAnswer),
        challenge_close().prop_map(Payload::ChallengeClose),
        thread_post().prop_map(Payload::ThreadPost),
        case_withdrawal().prop_map(Payload::CaseWithdrawal),
    ]
}

/// The procedure payloads that carry a language tag.
fn with_language() -> impl Strategy<Value = Payload> {
    prop_oneof![
        involved_notice().prop_map(Payload::InvolvedNotice),
        notice_reply().prop_map(Payload::NoticeReply),
        right_of_reply().prop_map(Payload::RightOfReply),
        thread_post().prop_map(Payload::ThreadPost),
    ]
}

/// The procedure payloads that name a case version.
fn with_version() -> impl Strategy<Value = Payload> {
    prop_oneof![use_request().prop_map(Payload::UseRequest), case_withdrawal().prop_map(Payload::CaseWithdrawal)]
}

// ---------------------------------------------------------------------------
// The text fields of each payload, as the errors name them
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Field {
    /// The name the validation error gives.
    name: &'static str,
    limit: usize,
    required: bool,
}

const fn field(name: &'static str, limit: usize, required: bool) -> Field {
    Field { name, limit, required }
}

fn text_fields(p: &Payload) -> Vec<Field> {
    match p {
        Payload::InvolvedNotice(_) => {
            vec![field("notice summary", MAX_TEXT, true), field("meeting reference", MAX_TITLE, false)]
        }
        Payload::NoticeReply(_) => vec![field("notice reply", MAX_TEXT, true)],
        Payload::RightOfReply(_) => vec![field("right of reply", MAX_TEXT, true)],
        Payload::UseRequest(r) => vec![field("use request details", MAX_TEXT, r.purpose == UsePurpose::Other)],
        Payload::UseAnswer(a) => {
            let mut v = vec![field("note", MAX_TEXT, false)];
            if matches!(a.decision, UseDecision::AgreeWithConditions { .. }) {
                v.push(field("conditions", MAX_TEXT, true));
            }
            v
        }
        Payload::Challenge(_) => vec![field("challenge concern", MAX_TEXT, true)],
        Payload::ChallengeAnswer(_) => {
            vec![field("explanation", MAX_TEXT, true), field("remedial measures", MAX_TEXT, false)]
        }
        Payload::ChallengeClose(_) => vec![field("note", MAX_TEXT, false)],
        Payload::ThreadPost(t) => {
            vec![field("subject", MAX_TITLE, t.thread.is_none()), field("post", MAX_TEXT, true)]
        }
        Payload::CaseWithdrawal(_) => vec![field("reason", MAX_TEXT, false)],
        other => panic!("not a procedure payload: {:?}", other.kind()),
    }
}

/// `p` with the text field the errors call `name` set to `value`.
fn with_text(p: &Payload, name: &str, value: String) -> Payload {
    let mut p = p.clone();
    match (&mut p, name) {
        (Payload::InvolvedNotice(n), "notice summary") => n.summary = value,
        (Payload::InvolvedNotice(n), "meeting reference") => n.meeting_ref = Some(value),
        (Payload::NoticeReply(r), "notice reply") => r.body = value,
        (Payload::RightOfReply(r), "right of reply") => r.body = value,
        (Payload::UseRequest(r), "use request details") => r.details = value,
        (Payload::UseAnswer(a), "note") => a.note = value,
        (Payload::UseAnswer(a), "conditions") => a.decision = UseDecision::AgreeWithConditions { conditions: value },
        (Payload::Challenge(c), "challenge concern") => c.concern = value,
        (Payload::ChallengeAnswer(a), "explanation") => a.explanation = value,
        (Payload::ChallengeAnswer(a), "remedial measures") => a.remedial_measures = value,
        (Payload::ChallengeClose(c), "note") => c.note = value,
        (Payload::ThreadPost(t), "subject") => t.subject = value,
        (Payload::ThreadPost(t), "post") => t.body = value,
        (Payload::CaseWithdrawal(w), "reason") => w.reason = value,
        (p, name) => panic!("{:?} has no text field {name:?}", p.kind()),
    }
    p
}

fn with_language_tag(p: &Payload, tag: String) -> Payload {
    let mut p = p.clone();
    match &mut p {
        Payload::InvolvedNotice(n) => n.language = tag,
        Payload::NoticeReply(r) => r.language = tag,
        Payload::RightOfReply(r) => r.language = tag,
        Payload::ThreadPost(t) => t.language = tag,
        other => panic!("{:?} has no language", other.kind()),
    }
    p
}

fn with_version_number(p: &Payload, version: u32) -> Payload {
    let mut p = p.clone();
    match &mut p {
        Payload::UseRequest(r) => r.version = version,
        Payload::CaseWithdrawal(w) => w.version = version,
        other => panic!("{:?} has no version", other.kind()),
    }
    p
}

/// Exactly `len` bytes of text: as many `c` as fit, padded with `x`.
fn sized(len: usize, c: char) -> String {
    let mut s: String = std::iter::repeat_n(c, len / c.len_utf8()).collect();
    s.extend(std::iter::repeat_n('x', len - s.len()));
    assert_eq!(s.len(), len);
    s
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// A valid payload decodes back to itself from its CBOR and its JSON, and
/// re-encodes to the same bytes.
fn check_round_trip(p: &Payload) -> Result<(), TestCaseError> {
    if let Err(e) = p.validate() {
        return Err(TestCaseError::fail(format!("the strategy made an invalid {}: {e}", p.kind())));
    }
    let bytes = p.encode().unwrap();
    let back = Payload::decode(&bytes).map_err(|e| TestCaseError::fail(format!("{}: {e}", p.kind())))?;
    prop_assert_eq!(&back, p);
    prop_assert_eq!(&back.encode().unwrap(), &bytes, "re-encoding changed the bytes");

    let json = serde_json::to_string(p).unwrap();
    let from_json: Payload = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&from_json, p);
    prop_assert_eq!(&from_json.encode().unwrap(), &bytes, "JSON and CBOR disagree");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    prop_assert_eq!(value["type"].as_str(), Some(p.kind().as_str()), "the JSON tag is the kind");
    Ok(())
}

#[derive(Debug, Clone)]
enum Expect {
    Empty(&'static str),
    TooLong {
        field: &'static str,
        limit: usize,
    },
    /// An `Invalid` error whose text contains each of these.
    Invalid(Vec<String>),
}

/// `p` encodes (encoding does not validate) but `Payload::decode` refuses
/// it with the expected error, which names the field; `validate` agrees.
fn check_refused(p: &Payload, expect: Expect) -> Result<(), TestCaseError> {
    let bytes = p.encode().unwrap();
    let err = match Payload::decode(&bytes) {
        Ok(_) => return Err(TestCaseError::fail(format!("{} decoded, expected {expect:?}", p.kind()))),
        Err(e) => e,
    };
    let shown = err.to_string();
    match (&expect, &err) {
        (Expect::Empty(want), PayloadError::Empty(got)) => {
            prop_assert_eq!(want, got);
            prop_assert_eq!(&shown, &format!("{want} must not be empty"));
        }
        (Expect::TooLong { field: want, limit: want_limit }, PayloadError::FieldTooLong { field, len, limit }) => {
            prop_assert_eq!(want, field);
            prop_assert_eq!(want_limit, limit);
            prop_assert!(len > limit, "{len} bytes is not over {limit}");
            prop_assert!(shown.starts_with(want), "{shown}");
        }
        (Expect::Invalid(needles), PayloadError::Invalid(refusal)) => {
            let msg = &refusal.text;
            for n in needles {
                prop_assert!(msg.contains(n.as_str()), "{msg:?} does not mention {n:?}");
            }
        }
        _ => return Err(TestCaseError::fail(format!("{}: expected {expect:?}, got {err:?} ({shown})", p.kind()))),
    }
    // The English catalog words the refusal as `Display` does.
    prop_assert_eq!(common::english(&err.reason()), shown.clone(), "{:?}", err.reason());
    prop_assert_eq!(p.validate().map_err(|e| e.to_string()), Err(shown));
    Ok(())
}

// ---------------------------------------------------------------------------
// 1. Round trips of every payload, and the invalid ones refused by name
// ---------------------------------------------------------------------------

macro_rules! round_trips {
    ($($test:ident: $strategy:expr => $variant:ident,)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]
            $(
                #[test]
                fn $test(p in $strategy) {
                    let p = Payload::$variant(p);
                    prop_assert_eq!(p.kind(), Kind::$variant);
                    check_round_trip(&p)?;
                }
            )*
        }
    };
}

round_trips! {
    involved_notices_round_trip: involved_notice() => InvolvedNotice,
    notice_replies_round_trip: notice_reply() => NoticeReply,
    rights_of_reply_round_trip: right_of_reply() => RightOfReply,
    use_requests_round_trip: use_request() => UseRequest,
    use_answers_round_trip: use_answer() => UseAnswer,
    challenges_round_trip: challenge() => Challenge,
    challenge_answers_round_trip: challenge_answer() => ChallengeAnswer,
    challenge_closes_round_trip: challenge_close() => ChallengeClose,
    thread_posts_round_trip: thread_post() => ThreadPost,
    case_withdrawals_round_trip: case_withdrawal() => CaseWithdrawal,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Blank required text is refused by name; blank optional text is fine.
    #[test]
    fn blank_required_text_is_refused_naming_the_field(p in any_procedure(), blank in blank_text()) {
        for f in text_fields(&p) {
            let q = with_text(&p, f.name, blank.clone());
            if f.required {
                check_refused(&q, Expect::Empty(f.name))?;
            } else {
                check_round_trip(&q)?;
            }
        }
    }

    #[test]
    fn bad_language_tags_are_refused(p in with_language(), tag in bad_language()) {
        let q = with_language_tag(&p, tag.clone());
        check_refused(&q, Expect::Invalid(vec!["language tag".into(), format!("{tag:?}")]))?;
    }

    #[test]
    fn version_zero_is_refused(p in with_version(), good in 1u32..=u32::MAX) {
        check_refused(&with_version_number(&p, 0), Expect::Invalid(vec!["version".into()]))?;
        check_round_trip(&with_version_number(&p, good))?;
    }

    #[test]
    fn more_than_64_participants_are_refused(
        t in thread_post(),
        many in proptest::sample::subsequence(ISO_3166_ALPHA3, MAX_THREAD_PARTICIPANTS + 1..=ISO_3166_ALPHA3.len()),
    ) {
        let n = many.len();
        let q = Payload::ThreadPost(ThreadPost { participants: many.into_iter().map(code).collect(), ..t });
        check_refused(&q, Expect::Invalid(vec![
            format!("at most {MAX_THREAD_PARTICIPANTS} States"),
            format!("not {n}"),
        ]))?;
    }

    #[test]
    fn a_participant_listed_twice_is_refused(
        t in thread_post(),
        some in proptest::sample::subsequence(ISO_3166_ALPHA3, 1..MAX_THREAD_PARTICIPANTS),
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut participants: Vec<StateCode> = some.into_iter().map(code).collect();
        let twice = participants[which.index(participants.len())];
        participants.insert(at.index(participants.len() + 1), twice);
        prop_assert!(participants.len() <= MAX_THREAD_PARTICIPANTS);
        let q = Payload::ThreadPost(ThreadPost { participants, ..t });
        check_refused(&q, Expect::Invalid(vec!["participants".into(), "twice".into()]))?;
    }

    #[test]
    fn a_thread_of_fewer_than_two_states_is_refused(t in thread_post(), one in proptest::option::of(any_state())) {
        let q = Payload::ThreadPost(ThreadPost { participants: one.into_iter().collect(), ..t });
        check_refused(&q, Expect::Invalid(vec!["at least two States".into()]))?;
    }

    #[test]
    fn a_reply_date_after_the_meeting_is_refused(n in involved_notice(), after in 1i32..400) {
        let on_the_day = InvolvedNotice { reply_by: n.meeting_date, ..n.clone() };
        check_round_trip(&Payload::InvolvedNotice(on_the_day))?;
        let after = InvolvedNotice { reply_by: n.meeting_date.add_days(after), ..n };
        check_refused(&Payload::InvolvedNotice(after), Expect::Invalid(vec!["reply date".into(), "meeting".into()]))?;
    }

    #[test]
    fn agreeing_with_conditions_needs_the_conditions(a in use_answer(), blank in blank_text(), note in free_text(40)) {
        let q = UseAnswer { decision: UseDecision::AgreeWithConditions { conditions: blank }, note, ..a.clone() };
        check_refused(&Payload::UseAnswer(q), Expect::Empty("conditions"))?;
        // The other decisions carry no conditions and need no note.
        for decision in [UseDecision::Agree, UseDecision::Decline, UseDecision::Discuss] {
            check_round_trip(&Payload::UseAnswer(UseAnswer { decision, note: String::new(), ..a.clone() }))?;
        }
    }

    #[test]
    fn an_other_purpose_needs_details(r in use_request(), blank in blank_text()) {
        let other = UseRequest { purpose: UsePurpose::Other, details: blank.clone(), ..r.clone() };
        check_refused(&Payload::UseRequest(other), Expect::Empty("use request details"))?;
        for purpose in [UsePurpose::ExportAssessment, UsePurpose::EnforcementProceedings] {
            check_round_trip(&Payload::UseRequest(UseRequest { purpose, details: blank.clone(), ..r.clone() }))?;
        }
    }
}

proptest! {
    // Each case encodes a few megabytes.
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Text exactly at its limit (in bytes, not characters) is accepted; one
    /// byte more is refused, naming the field and the limit.
    #[test]
    fn text_over_the_limit_is_refused_naming_the_field(
        p in any_procedure(),
        c in proptest::sample::select(&['a', 'é', '€', '🕴'][..]),
        extra in 1usize..6,
    ) {
        for f in text_fields(&p) {
            let at_limit = with_text(&p, f.name, sized(f.limit, c));
            prop_assert!(at_limit.validate().is_ok(), "{} at its limit: {:?}", f.name, at_limit.validate());
            prop_assert_eq!(Payload::decode(&at_limit.encode().unwrap()).unwrap(), at_limit);
            let over = with_text(&p, f.name, sized(f.limit + extra, c));
            check_refused(&over, Expect::TooLong { field: f.name, limit: f.limit })?;
        }
    }
}

/// The wire form of each kind: pinned, so that a change to it is a decision
/// rather than an accident. Optional fields may be left out.
#[test]
fn json_forms_are_stable_and_optional_fields_may_be_omitted() {
    let case_id: CaseId = "FRA-01J00000000000000000000000".parse().unwrap();
    let msg: MessageId = "01J00000000000000000000001".parse().unwrap();
    let answer = Payload::UseAnswer(UseAnswer {
        case_id,
        request: msg,
        decision: UseDecision::AgreeWithConditions { conditions: "no onward transfer".into() },
        note: String::new(),
    });
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        serde_json::json!({
            "type": "use_answer",
            "case_id": "FRA-01J00000000000000000000000",
            "request": "01J00000000000000000000001",
            "decision": { "decision": "agree_with_conditions", "conditions": "no onward transfer" },
            "note": "",
        })
    );
    let notice = Payload::InvolvedNotice(InvolvedNotice {
        case_id,
        meeting_date: date("2027-08-20"),
        meeting_ref: None,
        summary: "rifles".into(),
        language: "en".into(),
        reply_by: date("2027-08-05"),
        late: false,
    });
    assert_eq!(
        serde_json::to_value(&notice).unwrap(),
        serde_json::json!({
            "type": "involved_notice",
            "case_id": "FRA-01J00000000000000000000000",
            "meeting_date": "2027-08-20",
            "meeting_ref": null,
            "summary": "rifles",
            "language": "en",
            "reply_by": "2027-08-05",
            "late": false,
        })
    );

    let minimal = [
        (
            r#"{"type": "involved_notice", "case_id": "FRA-01J00000000000000000000000", "meeting_date": "2027-08-20",
                "summary": "rifles", "language": "en", "reply_by": "2027-08-05", "late": false}"#,
            notice,
        ),
        (
            r#"{"type": "use_answer", "case_id": "FRA-01J00000000000000000000000",
                "request": "01J00000000000000000000001", "decision": {"decision": "decline"}}"#,
            Payload::UseAnswer(UseAnswer {
                case_id,
                request: msg,
                decision: UseDecision::Decline,
                note: String::new(),
            }),
        ),
        (
            r#"{"type": "challenge", "concern": "a leak"}"#,
            Payload::Challenge(Challenge { case_id: None, concern: "a leak".into() }),
        ),
        (
            r#"{"type": "challenge_close", "challenge": "01J00000000000000000000001"}"#,
            Payload::ChallengeClose(ChallengeClose { challenge: msg, note: String::new() }),
        ),
        (
            r#"{"type": "thread_post", "case_id": "FRA-01J00000000000000000000000", "participants": ["FRA", "GHA"],
                "thread": "01J00000000000000000000001", "body": "b", "language": "fr"}"#,
            Payload::ThreadPost(ThreadPost {
                case_id,
                thread: Some(msg),
                participants: vec![code("FRA"), code("GHA")],
                subject: String::new(),
                body: "b".into(),
                language: "fr".into(),
            }),
        ),
        (
            r#"{"type": "case_withdrawal", "case_id": "FRA-01J00000000000000000000000", "version": 3}"#,
            Payload::CaseWithdrawal(CaseWithdrawal { case_id, version: 3, reason: String::new() }),
        ),
    ];
    for (json, want) in minimal {
        let got: Payload = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(got, want);
        got.validate().unwrap();
        assert_eq!(Payload::decode(&got.encode().unwrap()).unwrap(), want);
    }
}

// ---------------------------------------------------------------------------
// 2. Hostile bytes
// ---------------------------------------------------------------------------

/// Whatever `Payload::decode` accepts is valid and stable.
fn check_decoded(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(p) = Payload::decode(bytes) {
        prop_assert!(p.validate().is_ok());
        let again = p.encode().unwrap();
        prop_assert_eq!(Payload::decode(&again).unwrap(), p);
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Set(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Remove(prop::sample::Index),
    Truncate(prop::sample::Index),
    /// Copy a run of the payload over another place in it.
    Splice(prop::sample::Index, prop::sample::Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ix = any::<prop::sample::Index>;
    prop_oneof![
        (ix(), 0u8..8).prop_map(|(i, b)| Edit::Flip(i, b)),
        (ix(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        // CBOR heads that declare long or indefinite items.
        (ix(), proptest::sample::select(&[0x1b, 0x3b, 0x5b, 0x5f, 0x7b, 0x7f, 0x9b, 0x9f, 0xbb, 0xbf, 0xff][..]))
            .prop_map(|(i, b)| Edit::Set(i, b)),
        (ix(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        ix().prop_map(Edit::Remove),
        ix().prop_map(Edit::Truncate),
        (ix(), ix(), 1usize..16).prop_map(|(a, b, n)| Edit::Splice(a, b, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    if bytes.is_empty() {
        if let Edit::Insert(_, b) = e {
            bytes.push(*b);
        }
        return;
    }
    let len = bytes.len();
    match e {
        Edit::Flip(i, bit) => bytes[i.index(len)] ^= 1 << bit,
        Edit::Set(i, b) => bytes[i.index(len)] = *b,
        Edit::Insert(i, b) => bytes.insert(i.index(len + 1), *b),
        Edit::Remove(i) => {
            bytes.remove(i.index(len));
        }
        Edit::Truncate(i) => bytes.truncate(i.index(len)),
        Edit::Splice(from, to, n) => {
            let from = from.index(len);
            let run: Vec<u8> = bytes[from..(from + n).min(len)].to_vec();
            let to = to.index(len);
            for (k, b) in run.into_iter().enumerate() {
                if let Some(slot) = bytes.get_mut(to + k) {
                    *slot = b;
                }
            }
        }
    }
}

const KIND_NAMES: &[&str] = &[
    "case_share",
    "case_update",
    "reply",
    "roster_update",
    "case_withdrawal",
    "involved_notice",
    "notice_reply",
    "right_of_reply",
    "use_request",
    "use_answer",
    "challenge",
    "challenge_answer",
    "challenge_close",
    "thread_post",
];

const FIELD_NAMES: &[&str] = &[
    "case_id",
    "meeting_date",
    "meeting_ref",
    "summary",
    "language",
    "reply_by",
    "late",
    "notice",
    "body",
    "version",
    "purpose",
    "details",
    "request",
    "decision",
    "conditions",
    "note",
    "concern",
    "challenge",
    "explanation",
    "remedial_measures",
    "thread",
    "participants",
    "subject",
    "reason",
];

/// Any CBOR value, a few levels deep.
fn cbor_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| Value::Integer(i.into())),
        any::<u64>().prop_map(|i| Value::Integer(i.into())),
        any::<f64>().prop_map(Value::Float),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        free_text(20).prop_map(Value::Text),
        proptest::sample::select(KIND_NAMES).prop_map(|s| Value::Text(s.into())),
        proptest::sample::select(ISO_3166_ALPHA3).prop_map(|s| Value::Text(s.into())),
        Just(Value::Text("FRA-01J00000000000000000000000".into())),
        Just(Value::Text("2027-08-20".into())),
        Just(Value::Text("01J00000000000000000000001".into())),
        any::<[u8; 16]>().prop_map(|b| Value::Bytes(b.to_vec())),
        (0u64..4).prop_map(|i| Value::Integer(i.into())),
        language().prop_map(Value::Text),
        bad_language().prop_map(Value::Text),
        blank_text().prop_map(Value::Text),
        proptest::sample::select(&["agree", "agree_with_conditions", "decline", "discuss", "other"][..])
            .prop_map(|s| Value::Text(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(Value::Map),
            prop::collection::vec(
                (proptest::sample::select(FIELD_NAMES).prop_map(|s| Value::Text(s.into())), inner.clone()),
                0..8
            )
            .prop_map(Value::Map),
            (any::<u64>(), inner).prop_map(|(t, v)| Value::Tag(t, Box::new(v))),
        ]
    })
}

/// A value of the wrong type or size for most fields: mostly scalars, so
/// that a field's own deserializer sees it.
fn wrong_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        2 => free_text(40).prop_map(Value::Text),
        1 => proptest::sample::select(&["", "FRA", "FRA-", "2027-02-30", "01J0000000000000000000000", "zz-ZZ"][..])
            .prop_map(|s| Value::Text(s.into())),
        1 => any::<i64>().prop_map(|i| Value::Integer(i.into())),
        1 => any::<u64>().prop_map(|i| Value::Integer(i.into())),
        1 => (-2i64..=2).prop_map(|i| Value::Integer(i.into())),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<f64>().prop_map(Value::Float),
        2 => cbor_value(),
    ]
}

fn as_map(p: &Payload) -> Vec<(Value, Value)> {
    match Value::serialized(p).unwrap() {
        Value::Map(map) => map,
        other => panic!("a payload is a CBOR map, not {other:?}"),
    }
}

fn to_cbor(v: &Value) -> Vec<u8> {
    let mut bytes = Vec::new();
    ciborium::into_writer(v, &mut bytes).unwrap();
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_decoded(&bytes)?;
    }

    /// Bit flips, overwrites, insertions, deletions, truncations and spliced
    /// runs of a valid encoded procedure payload never make decoding panic.
    #[test]
    fn decoding_a_mutated_payload_never_panics(p in any_procedure(), edits in prop::collection::vec(edit(), 1..8)) {
        let mut bytes = p.encode().unwrap();
        for e in &edits {
            apply(&mut bytes, e);
        }
        check_decoded(&bytes)?;
    }

    /// A valid payload with some fields (mostly its own) replaced by values
    /// of the wrong type or size, added, or removed: well-formed CBOR that
    /// reaches each field's deserializer and each kind's validation.
    #[test]
    fn decoding_a_payload_with_wrong_field_values_never_panics(
        p in any_procedure(),
        edits in prop::collection::vec(
            (
                prop_oneof![3 => any::<prop::sample::Index>().prop_map(Some), 1 => Just(None)],
                proptest::sample::select(FIELD_NAMES),
                proptest::option::weighted(0.9, wrong_value()),
            ),
            1..4,
        ),
    ) {
        let mut map = as_map(&p);
        for (own, other, value) in edits {
            let name = match own {
                Some(i) => map[i.index(map.len())].0.clone(),
                None => Value::Text(other.into()),
            };
            map.retain(|(k, _)| *k != name);
            if let Some(v) = value {
                map.push((name, v));
            }
        }
        check_decoded(&to_cbor(&Value::Map(map)))?;
    }
}

/// One valid payload of each kind, and of each shape of its optional parts.
fn samples() -> Vec<Payload> {
    let case_id: CaseId = "FRA-01J00000000000000000000000".parse().unwrap();
    let msg = MessageId::from_bytes([7; 16]);
    let text = || "text".to_string();
    let notice = InvolvedNotice {
        case_id,
        meeting_date: date("2027-08-20"),
        meeting_ref: Some("ATT/CSP11/2027/DIEF".into()),
        summary: text(),
        language: "en".into(),
        reply_by: date("2027-08-05"),
        late: true,
    };
    let post = ThreadPost {
        case_id,
        thread: None,
        participants: vec![code("FRA"), code("GHA"), code("PER")],
        subject: text(),
        body: text(),
        language: "fr".into(),
    };
    let answer = |decision| UseAnswer { case_id, request: msg, decision, note: text() };
    vec![
        Payload::InvolvedNotice(InvolvedNotice { meeting_ref: None, ..notice.clone() }),
        Payload::InvolvedNotice(notice),
        Payload::NoticeReply(NoticeReply { case_id, notice: msg, body: text(), language: "ar".into() }),
        Payload::RightOfReply(RightOfReply { case_id, notice: msg, body: text(), language: "zh-Hans".into() }),
        Payload::UseRequest(UseRequest { case_id, version: 2, purpose: UsePurpose::Other, details: text() }),
        Payload::UseAnswer(answer(UseDecision::AgreeWithConditions { conditions: text() })),
        Payload::UseAnswer(answer(UseDecision::Discuss)),
        Payload::Challenge(Challenge { case_id: Some(case_id), concern: text() }),
        Payload::Challenge(Challenge { case_id: None, concern: text() }),
        Payload::ChallengeAnswer(ChallengeAnswer { challenge: msg, explanation: text(), remedial_measures: text() }),
        Payload::ChallengeClose(ChallengeClose { challenge: msg, note: text() }),
        Payload::ThreadPost(ThreadPost { thread: Some(msg), ..post.clone() }),
        Payload::ThreadPost(post),
        Payload::CaseWithdrawal(CaseWithdrawal { case_id, version: 3, reason: text() }),
    ]
}

/// Every field of every kind, replaced by each value of the wrong type or
/// size in turn, or removed: refused (or still valid), never a panic.
#[test]
fn every_field_of_every_kind_takes_wrong_values_without_panic() {
    let wrong = [
        Value::Null,
        Value::Bool(true),
        Value::Integer((-1).into()),
        Value::Integer(0.into()),
        Value::Integer(u64::MAX.into()),
        Value::Integer(i64::MIN.into()),
        Value::Float(f64::NAN),
        Value::Text(String::new()),
        Value::Text("\u{0}".into()),
        Value::Text("x".repeat(100)),
        Value::Text("FRA-01J0000000000000000000000".into()),
        Value::Text("2027-13-01".into()),
        Value::Bytes(vec![]),
        Value::Bytes(vec![1; 15]),
        Value::Bytes(vec![1; 16]),
        Value::Bytes(vec![1; 17]),
        Value::Array(vec![]),
        Value::Array(vec![Value::Text("FRA".into()), Value::Null]),
        Value::Map(vec![]),
        Value::Map(vec![(Value::Text("decision".into()), Value::Text("agree_with_conditions".into()))]),
        Value::Tag(0, Box::new(Value::Text("2027-08-20".into()))),
    ];
    let mut tried = 0;
    for p in samples() {
        check_round_trip(&p).unwrap();
        let map = as_map(&p);
        for i in 0..map.len() {
            let mut removed = map.clone();
            removed.remove(i);
            check_decoded(&to_cbor(&Value::Map(removed))).unwrap();
            for v in &wrong {
                let mut replaced = map.clone();
                replaced[i].1 = v.clone();
                check_decoded(&to_cbor(&Value::Map(replaced))).unwrap();
                tried += 1;
            }
        }
    }
    assert!(tried > 1000, "{tried}");
}

#[test]
fn hostile_cbor_is_refused_without_panic_or_exhaustion() {
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("deep arrays", vec![0x81; 100_000]),
        ("deep indefinite arrays", vec![0x9f; 100_000]),
        ("deep maps", [0xa1, 0x61, b'a'].repeat(50_000)),
        ("deep tags", vec![0xc6; 100_000]),
        ("a text claiming 2^64 bytes", [&[0x7b][..], &[0xff; 8]].concat()),
        ("bytes claiming 2^64 bytes", [&[0x5b][..], &[0xff; 8]].concat()),
        ("an array claiming 2^64 items", [&[0x9b][..], &[0xff; 8]].concat()),
        ("a map claiming 2^64 pairs", [&[0xbb][..], &[0xff; 8]].concat()),
        ("a break alone", vec![0xff]),
        ("a reserved head", vec![0x1c]),
        ("an unterminated indefinite text", vec![0x7f, 0x61, b'a']),
    ];
    // A valid payload whose kind tag claims a huge length; one whose summary
    // is declared longer than the input.
    let p = Payload::Challenge(Challenge { case_id: None, concern: "x".into() });
    let good = p.encode().unwrap();
    let mut huge = good.clone();
    let at = huge.windows(5).position(|w| w == [0x64, b't', b'y', b'p', b'e']).unwrap();
    huge.splice(at..at + 1, [0x7b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    cases.push(("a key claiming 2^63 bytes", huge));
    let mut short = good.clone();
    let last_text = short.iter().rposition(|b| *b == 0x61).unwrap();
    short[last_text] = 0x78;
    short.insert(last_text + 1, 0xf0);
    cases.push(("a text declared longer than the input", short));
    let mut trailing = good.clone();
    trailing.push(0);
    cases.push(("a trailing byte", trailing));
    for (what, bytes) in cases {
        let err = Payload::decode(&bytes).expect_err(what);
        assert!(matches!(err, PayloadError::Codec(_)), "{what}: {err}");
    }
    let big = vec![0x60; codec::MAX_PAYLOAD_BYTES + 1];
    assert!(matches!(Payload::decode(&big), Err(PayloadError::Codec(CodecError::TooLarge { .. }))));
    assert_eq!(Payload::decode(&good).unwrap(), p);
}

// ---------------------------------------------------------------------------
// 3. The Secretariat never receives case content (DESIGN invariant 1)
// ---------------------------------------------------------------------------

/// Every kind there is, read from the error serde gives for an unknown kind
/// (it lists them all), so that a kind added later is covered here too.
fn all_kinds() -> Vec<Kind> {
    let err = serde_json::from_str::<Kind>(r#""no such kind""#).unwrap_err().to_string();
    let (_, listed) = err.split_once("expected one of ").unwrap_or_else(|| panic!("serde changed its message: {err}"));
    let kinds: Vec<Kind> = listed
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| serde_json::from_value(serde_json::json!(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    assert!(kinds.len() >= KIND_NAMES.len(), "{err}");
    // Serde lists every variant, so this also proves `Kind::ALL` complete.
    assert_eq!(kinds, Kind::ALL.to_vec(), "Kind::ALL misses a kind");
    kinds
}

/// The kinds that carry no case content (DESIGN invariant 1): the tests use
/// this list, not `Kind::is_case_content`, as their oracle, and a new kind
/// must be placed here or not. A challenge names a suspected disclosure, not
/// the case (ToR-15). `contact_card` (ToR-20) is relayed by the
/// Secretariat. The meeting cycle (ToR-3 to 11, 15) is the Secretariat's to
/// run and names cases by id at most; the briefing and its answers (ToR-22)
/// draw on the cases presented and are case content.
const NOT_CASE_CONTENT: &[&str] = &[
    "roster_update",
    "challenge",
    "challenge_answer",
    "challenge_close",
    "contact_card",
    "invitation",
    "draft_agenda",
    "agenda_adoption",
    "presentation_intent",
    "intent_withdrawal",
    "registration",
    "expert_proposal",
    "expert_circulation",
    "expert_record",
    "expert_acknowledgement",
    "resend_request",
    "key_rotation",
];

fn carries_case_content(kind: Kind) -> bool {
    !NOT_CASE_CONTENT.contains(&kind.as_str())
}

#[test]
fn every_kind_is_case_content_but_the_roster_challenges_cards_and_the_calendar() {
    let kinds = all_kinds();
    for kind in &kinds {
        assert_eq!(kind.is_case_content(), carries_case_content(*kind), "{kind}");
        assert_eq!(kind.to_string(), kind.as_str());
        let back: Kind = serde_json::from_value(serde_json::json!(kind.as_str())).unwrap();
        assert_eq!(back, *kind);
    }
    // The kinds of the procedures and before: exactly these four carry no
    // case content.
    let known: Vec<Kind> = kinds.into_iter().filter(|k| KIND_NAMES.contains(&k.as_str())).collect();
    assert_eq!(known.iter().map(|k| k.as_str()).collect::<Vec<_>>(), KIND_NAMES);
    let not_content: Vec<Kind> = known.into_iter().filter(|k| !k.is_case_content()).collect();
    assert_eq!(not_content, [Kind::RosterUpdate, Kind::Challenge, Kind::ChallengeAnswer, Kind::ChallengeClose]);
}

struct World {
    sec: Node,
    a: Node,
    b: Node,
    roster: Roster,
}

fn world() -> World {
    let sec = Node::new(Party::Secretariat);
    let a = Node::new(Party::State(code("FRA")));
    let b = Node::new(Party::State(code("GHA")));
    let mut roster = Roster::genesis(sec.keys(0), 0);
    roster.sequence = 4;
    for n in [&a, &b] {
        roster.upsert(Member { state: n.party.state().unwrap(), status: MemberStatus::StateParty, node: n.keys(2) });
    }
    roster.validate().unwrap();
    World { sec, a, b, roster }
}

const CREATED: i64 = 1_700_000_000_000;
const NOW: i64 = 1_700_000_100_000;

fn seal_to(w: &World, from: &Node, to: Vec<Party>, payload: Payload) -> Result<Envelope, EnvelopeError> {
    seal(
        &from.sender(),
        &w.roster,
        Draft {
            message_id: MessageId::generate_for(from.party, CREATED as u64).unwrap(),
            recipients: to,
            references: vec![],
            created_at: CREATED,
            payload,
        },
    )
}

/// An envelope of `kind` signed by FRA without going through `seal`.
fn forged(w: &World, kind: Kind, recipients: Vec<Party>) -> Envelope {
    let header = Header {
        version: WIRE_VERSION,
        message_id: MessageId::generate_for(w.a.party, 1).unwrap(),
        sender: w.a.party,
        sender_signing_key: w.a.id.public().key_id(),
        sender_encryption_key: w.a.enc.key_id(),
        recipients,
        kind,
        created_at: CREATED,
        references: vec![],
        roster_seq: w.roster.sequence,
        roster_digest: Some(w.roster.digest().unwrap()),
    };
    let mut env = Envelope {
        header: codec::encode("header", &header, 1 << 16).unwrap(),
        keys: vec![],
        ciphertext: vec![0; 64],
        signature: w.a.id.sign(b"placeholder"),
    };
    env.signature = w.a.id.sign(&env.digest());
    env
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Case-content procedures never seal to the Secretariat, alone or with
    /// a State; they seal to a State, which opens exactly what was sent. The
    /// challenge kinds seal to the Secretariat, which opens them.
    #[test]
    fn only_the_challenge_kinds_seal_to_the_secretariat(p in any_procedure()) {
        let w = world();
        let kind = p.kind();
        let env = seal_to(&w, &w.a, vec![w.b.party], p.clone()).unwrap();
        let opened = env.open(&w.roster, w.b.party, &w.b.enc, NOW).unwrap();
        prop_assert_eq!(opened.header.kind, kind);
        prop_assert_eq!(&opened.payload, &p);
        for to in [vec![Party::Secretariat], vec![w.b.party, Party::Secretariat], vec![Party::Secretariat, w.b.party]] {
            let sealed = seal_to(&w, &w.a, to.clone(), p.clone());
            if carries_case_content(kind) {
                match sealed {
                    Err(EnvelopeError::SecretariatCannotReceiveCaseContent { kind: k }) => prop_assert_eq!(k, kind),
                    other => return Err(TestCaseError::fail(format!("{kind} to {to:?}: {other:?}"))),
                }
            } else {
                let env = Envelope::from_bytes(&sealed.unwrap().to_bytes().unwrap()).unwrap();
                let opened = env.open(&w.roster, Party::Secretariat, &w.sec.enc, NOW).unwrap();
                prop_assert_eq!(opened.header.sender, w.a.party);
                prop_assert_eq!(&opened.payload, &p);
                if to.contains(&w.b.party) {
                    prop_assert_eq!(&env.open(&w.roster, w.b.party, &w.b.enc, NOW).unwrap().payload, &p);
                }
            }
        }
    }

    /// The Secretariat may start or answer a challenge itself (ToR-15).
    #[test]
    fn the_secretariat_sends_challenges_to_a_state(
        p in prop_oneof![
            challenge().prop_map(Payload::Challenge),
            challenge_answer().prop_map(Payload::ChallengeAnswer),
            challenge_close().prop_map(Payload::ChallengeClose),
        ],
    ) {
        let w = world();
        let env = seal_to(&w, &w.sec, vec![w.a.party], p.clone()).unwrap();
        let opened = env.open(&w.roster, w.a.party, &w.a.enc, NOW).unwrap();
        prop_assert_eq!(opened.header.sender, Party::Secretariat);
        prop_assert_eq!(opened.payload, p);
    }
}

/// A sender that bypasses `seal`: every case-content kind addressed to the
/// Secretariat is refused on receipt, by the Secretariat and by any State
/// addressed with it; a challenge kind is accepted.
#[test]
fn case_content_of_any_kind_is_never_accepted_by_the_secretariat() {
    let w = world();
    for kind in all_kinds() {
        let alone = forged(&w, kind, vec![Party::Secretariat]);
        let with_b = forged(&w, kind, vec![w.b.party, Party::Secretariat]);
        let by_sec = alone.verify(&w.roster, Party::Secretariat, NOW);
        let by_b = with_b.verify(&w.roster, w.b.party, NOW);
        if carries_case_content(kind) {
            assert!(
                matches!(by_sec, Err(EnvelopeError::SecretariatCannotReceiveCaseContent { kind: k }) if k == kind),
                "{kind}: {by_sec:?}"
            );
            assert!(
                matches!(by_b, Err(EnvelopeError::SecretariatCannotReceiveCaseContent { kind: k }) if k == kind),
                "{kind}: {by_b:?}"
            );
        } else {
            assert!(by_sec.is_ok(), "{kind}: {by_sec:?}");
            assert!(by_b.is_ok(), "{kind}: {by_b:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// 4. The deadline rules (DESIGN invariant 5)
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn each_rule_is_on_time_on_its_due_day_and_late_the_day_after(
        meeting in any_meeting(),
        k in 0i32..3000,
        today in -200i32..200,
    ) {
        for rule in Rule::ALL {
            let due = rule.due(meeting);
            prop_assert_eq!(meeting.days_after(due), rule.days_before(), "{}", rule);
            prop_assert_eq!(rule.check(meeting, due), Timeliness::OnTime { days_to_spare: 0 }, "{}", rule);
            prop_assert_eq!(rule.check(meeting, due.add_days(1)), Timeliness::Late { days_late: 1 }, "{}", rule);
            prop_assert_eq!(rule.check(meeting, due.add_days(-k)), Timeliness::OnTime { days_to_spare: k }, "{}", rule);
            prop_assert_eq!(
                rule.check(meeting, due.add_days(k + 1)),
                Timeliness::Late { days_late: k + 1 },
                "{}", rule
            );
            prop_assert!(rule.check(meeting, meeting).is_late(), "{}: on the meeting day is late", rule);
            let today = due.add_days(today);
            let d = rule.deadline(meeting, today);
            prop_assert_eq!((d.rule, d.tor, d.what, d.due), (rule, rule.tor(), rule.describe(), due));
            prop_assert_eq!(d.state, DeadlineState::on(due, today));
        }
    }

    #[test]
    fn a_third_meeting_in_a_calendar_year_is_refused(
        year in 2000i32..=2150,
        days in prop::collection::vec(0i32..366, 3),
        next in 0i32..366,
        neighbours in prop::collection::vec(any::<bool>(), 2),
    ) {
        let in_year = |y: i32, d: i32| {
            let first = Date::from_ymd(y, 1, 1).unwrap();
            let len = Date::from_ymd(y + 1, 1, 1).unwrap().days_after(first);
            first.add_days(d % len)
        };
        let (m1, m2, third) = (in_year(year, days[0]), in_year(year, days[1]), in_year(year, days[2]));
        // At most one meeting already in each neighbouring year.
        let mut held = vec![m1, m2];
        if neighbours[0] {
            held.push(in_year(year - 1, days[2]));
        }
        if neighbours[1] {
            held.push(in_year(year + 1, days[0]));
        }
        prop_assert_eq!(MAX_MEETINGS_PER_YEAR, 2);
        prop_assert!(meeting_allowed(&held[..1], m2).is_ok());
        let err = meeting_allowed(&held, third).unwrap_err();
        prop_assert!(err.text.contains("ToR-3") && err.text.contains(&year.to_string()), "{}", err);
        held.reverse();
        prop_assert!(meeting_allowed(&held, third).is_err());
        prop_assert!(meeting_allowed(&held, in_year(year + 1, next)).is_ok());
    }

    /// Allowed exactly when fewer than two meetings are held in the new one's year.
    #[test]
    fn meetings_are_allowed_exactly_below_two_a_year(
        held in prop::collection::vec(day_in_years(2030, 2033), 0..8),
        new in day_in_years(2030, 2033),
    ) {
        let same_year = held.iter().filter(|d| d.year() == new.year()).count();
        prop_assert_eq!(meeting_allowed(&held, new).is_ok(), same_year < 2, "{:?} then {}", held, new);
    }

    /// Missed exactly when today is after the due day; near within
    /// `NEAR_DAYS` before it, due day included; open before that. The
    /// boundaries are checked on every case, with one random day.
    #[test]
    fn a_deadline_is_missed_exactly_after_its_due_day(due in any_meeting(), offset in -400i32..400) {
        for offset in [offset, -NEAR_DAYS - 1, -NEAR_DAYS, -1, 0, 1] {
            let today = due.add_days(offset);
            let state = DeadlineState::on(due, today);
            prop_assert_eq!(matches!(state, DeadlineState::Missed { .. }), today > due, "{:?} at {}", state, offset);
            match state {
                DeadlineState::Missed { days_over } => prop_assert_eq!(days_over, offset),
                DeadlineState::Near { days_left } => {
                    prop_assert_eq!(days_left, -offset);
                    prop_assert!((0..=NEAR_DAYS).contains(&days_left));
                }
                DeadlineState::Open { days_left } => {
                    prop_assert_eq!(days_left, -offset);
                    prop_assert!(days_left > NEAR_DAYS);
                }
            }
        }
    }
}

/// `Date::from_unix_ms` and `Date::add_days` once made dates outside the
/// 1900–2200 range that `Date::from_ymd` and parsing keep to: far out,
/// `ymd`, `Display` and `days_after` overflowed `i32`; nearer, the date
/// printed as text that did not parse back. Any `Date` the API makes must
/// show, parse back and count.
#[test]
fn every_date_the_api_makes_shows_parses_back_and_counts() {
    let meeting = date("2027-08-20");
    let made = [
        Date::from_unix_ms(i64::MAX),
        Date::from_unix_ms(i64::MIN),
        Date::from_unix_ms(1 << 60),
        Date::from_unix_ms(-(1 << 55)),
        Date::from_unix_ms(300 * 365 * 86_400_000 * 40),
        meeting.add_days(i32::MAX),
        meeting.add_days(i32::MIN),
    ];
    for d in made {
        let shown = d.to_string();
        assert_eq!(shown.parse::<Date>().ok(), Some(d), "{d:?} shows as {shown}, which does not parse back");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Date>(&json).ok(), Some(d), "{json}");
        for rule in Rule::ALL {
            let _ = rule.check(meeting, d);
            let _ = rule.deadline(meeting, d);
        }
    }
}
