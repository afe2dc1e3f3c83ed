//! `dief meeting|intent|expert|briefing|deadlines|calendar`: the meeting
//! cycle (issue 4; ToR-3 to 11, 15, 22) as clients of the local API. Every
//! rule is checked by the node; this module turns arguments into request
//! bodies and answers into short tables.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use dief_node::api::{AcknowledgementBody, BriefingBody, RegistrationBody};
use dief_node::meetings::{
    AgendaDraft, BriefingView, DeadlineItem, ExpertDraft, ExpertView, IntentDraft, IntentState, IntentView,
    MeetingDraft, MeetingView, Scheduled, Step,
};
use dief_protocol::meeting::{
    BriefingAnswer, BriefingAudience, BriefingState, Delegate, ExpertEvent, ExpertState, IntentSubject, MeetingId,
    MeetingKind, Role,
};
use dief_protocol::{Date, MessageId};
use serde::Serialize;

use crate::client::Client;
use crate::commands::{parse_case, print_json};
use crate::output::{clip, table};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// During a Conference of States Parties.
    Csp,
    /// During a CSP preparatory meeting.
    Preparatory,
}

impl From<KindArg> for MeetingKind {
    fn from(k: KindArg) -> MeetingKind {
        match k {
            KindArg::Csp => MeetingKind::Csp,
            KindArg::Preparatory => MeetingKind::Preparatory,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AudienceArg {
    WorkingGroup,
    Csp,
}

impl From<AudienceArg> for BriefingAudience {
    fn from(a: AudienceArg) -> BriefingAudience {
        match a {
            AudienceArg::WorkingGroup => BriefingAudience::WorkingGroup,
            AudienceArg::Csp => BriefingAudience::Csp,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum MeetingCmd {
    /// Secretariat: put a meeting on the calendar (ToR-3: at most two a
    /// year, no overlap, after today), or reschedule one with --id.
    Schedule {
        #[arg(long, value_enum, default_value = "csp")]
        kind: KindArg,
        #[arg(long)]
        title: String,
        /// First day (YYYY-MM-DD): T in every deadline.
        #[arg(long)]
        from: Date,
        /// Last day (YYYY-MM-DD); the first day by default.
        #[arg(long)]
        to: Option<Date>,
        #[arg(long)]
        venue: String,
        /// The CSP President's call for submissions (ToR-3, ToR-9).
        #[arg(long = "call")]
        call_for_submissions: String,
        #[arg(long, default_value = "en")]
        language: String,
        /// The meeting to reschedule (its members are invited again).
        #[arg(long)]
        id: Option<MeetingId>,
    },
    /// Secretariat: send the invitation to every member (ToR-9, T-50).
    Invite { meeting: MeetingId },
    /// The meetings this node knows.
    List,
    /// One meeting: invitation, agenda, intents, registrations, experts,
    /// briefing.
    Show { meeting: MeetingId },
    /// Secretariat: circulate a (new version of the) draft agenda, built
    /// from the open presentation intents (ToR-10, ToR-11, T-30).
    Agenda {
        meeting: MeetingId,
        /// A further item after the presentations (repeatable).
        #[arg(long = "item")]
        items: Vec<String>,
        /// Title of a supporting document (repeatable).
        #[arg(long = "document")]
        documents: Vec<String>,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Secretariat: record the adoption of the current draft agenda; no
    /// intent is taken for the meeting afterwards (ToR-11).
    Adopt { meeting: MeetingId },
    /// State: register (or revise) this State's delegation (ToR-6, ToR-7).
    Register {
        meeting: MeetingId,
        /// "NAME;ROLE[;AGENCY]", ROLE one of law_enforcement, customs,
        /// licensing, foreign_ministry, other. Repeat per delegate.
        #[arg(long = "delegate", required = true)]
        delegates: Vec<String>,
        /// The NAME of the head of the delegation.
        #[arg(long)]
        head: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum IntentCmd {
    /// State: tell the Secretariat it intends to present (ToR-11). No text
    /// travels: a case is named by id only.
    Register {
        /// The meeting; by default the next one whose agenda is open (or
        /// the next announced).
        #[arg(long)]
        meeting: Option<MeetingId>,
        /// One of this State's cases; without it, other information.
        #[arg(long)]
        case: Option<String>,
        /// Speaking time requested.
        #[arg(long)]
        minutes: Option<u16>,
        /// A non-state expert will be proposed for it (ToR-8).
        #[arg(long)]
        with_expert: bool,
    },
    /// State: withdraw one of its intents.
    Withdraw { intent: MessageId },
    /// Intents this node holds (the Secretariat: everyone's).
    List,
}

#[derive(Debug, Subcommand)]
pub enum ExpertCmd {
    /// State: propose a non-state expert for one of its case presentations
    /// (ToR-8: reaches the Secretariat by T-30; circulated at once).
    Propose {
        /// The presentation intent's id.
        #[arg(long)]
        presentation: MessageId,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        affiliation: String,
        #[arg(long)]
        purpose: String,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// State Party: object within the 5-day silence procedure (ToR-8).
    Object {
        proposal: MessageId,
        #[arg(long)]
        reason: String,
    },
    /// Objector or proposer: record a consultation (ToR-8).
    Consult {
        proposal: MessageId,
        #[arg(long)]
        note: String,
        /// The objector withdraws its objection.
        #[arg(long)]
        withdraw_objection: bool,
    },
    /// Secretariat: record the procedural decision after escalation at T-20.
    Decide {
        proposal: MessageId,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        accept: bool,
        #[arg(long)]
        reject: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Proposer: withdraw the proposal.
    Withdraw { proposal: MessageId },
    /// Proposer: record the expert's signed acknowledgement of the duty of
    /// confidentiality (ToR-15).
    Acknowledge {
        proposal: MessageId,
        /// When the expert was told of the duty (YYYY-MM-DD).
        #[arg(long)]
        informed_on: Date,
        /// The language the expert was told the duty in (ar, zh, en, fr,
        /// ru, es): the acknowledgement quotes it in that language.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Every expert proposal this node knows, with its state.
    List,
}

#[derive(Debug, Subcommand)]
pub enum BriefingCmd {
    /// Chair: send a (new version of the) draft briefing to the meeting's
    /// participants (ToR-22).
    Draft {
        meeting: MeetingId,
        #[arg(long, value_enum)]
        audience: AudienceArg,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "en")]
        language: String,
        /// Comma-separated ids of the cases it draws on.
        #[arg(long, value_delimiter = ',')]
        based_on: Vec<String>,
    },
    /// Participant: consent to or object to the current draft (ToR-22).
    Answer {
        meeting: MeetingId,
        #[arg(long, conflicts_with = "object", required_unless_present = "object")]
        consent: bool,
        /// Object, with the reason.
        #[arg(long)]
        object: Option<String>,
    },
    /// The current draft and its clearance.
    Show { meeting: MeetingId },
}

/// "NAME;ROLE[;AGENCY]" to a delegate; `head` marks the delegate of that
/// name.
fn parse_delegate(s: &str, head: Option<&str>) -> Result<Delegate> {
    let parts: Vec<&str> = s.split(';').map(str::trim).collect();
    let (name, role, agency) = match parts.as_slice() {
        [name, role] => (*name, *role, ""),
        [name, role, agency] => (*name, *role, *agency),
        _ => bail!("--delegate {s:?}: expected \"NAME;ROLE[;AGENCY]\""),
    };
    if name.is_empty() {
        bail!("--delegate {s:?}: the name is empty");
    }
    let wanted = role.to_ascii_lowercase().replace('-', "_");
    let Some(role) = Role::ALL.into_iter().find(|r| r.as_str() == wanted) else {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        bail!("--delegate {s:?}: role {role:?} is not one of {}", roles.join(", "));
    };
    Ok(Delegate { name: name.to_string(), role, agency: agency.to_string(), head: head == Some(name) })
}

fn step(json: bool, s: &Step) -> Result<()> {
    if json {
        return print_json(s);
    }
    let to: Vec<String> = s.recipients.iter().map(ToString::to_string).collect();
    outln!("{} queued as message {} for {}", capitalise(&s.what), s.message_id, to.join(", "));
    if s.late {
        outln!("LATE: sent after its deadline; it is flagged late on every side.");
    }
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn subject(s: &IntentSubject) -> String {
    match s {
        IntentSubject::Case { case_id } => case_id.to_string(),
        IntentSubject::OtherInformation => "other information".to_string(),
    }
}

fn intent_state(s: IntentState) -> &'static str {
    match s {
        IntentState::Waiting => "waiting",
        IntentState::Open => "open",
        IntentState::Closed => "closed",
        IntentState::Withdrawn => "withdrawn",
    }
}

fn expert_state(s: &ExpertState) -> String {
    match s {
        ExpertState::SilenceRunning { ends } => format!("silence until {ends}"),
        ExpertState::Objected { objectors, escalates_on } => {
            format!("objected by {} (escalates {escalates_on})", codes(objectors))
        }
        ExpertState::Escalated { objectors } => format!("escalated ({})", codes(objectors)),
        ExpertState::Accepted { by_decision: true } => "accepted by decision".to_string(),
        other => other.as_str().to_string(),
    }
}

fn briefing_state(s: &BriefingState) -> String {
    match s {
        BriefingState::Pending { consented, waiting } => {
            format!("pending: consented {}, waiting for {}", codes(consented), codes(waiting))
        }
        BriefingState::Blocked { objectors } => format!("BLOCKED by {}", codes(objectors)),
        BriefingState::BlockedByPresenter { objectors, .. } => {
            format!("BLOCKED by presenting State(s) {}", codes(objectors))
        }
        BriefingState::Cleared => "cleared".to_string(),
    }
}

fn codes<T: ToString>(v: &[T]) -> String {
    if v.is_empty() {
        return "none".to_string();
    }
    v.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

fn intents_table(items: &[IntentView]) {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                i.message_id.to_string(),
                i.intent.presenter.to_string(),
                subject(&i.intent.subject),
                i.meeting.map_or("(next)".into(), |m| m.to_string()),
                intent_state(i.state).to_string(),
                i.intent.minutes.map_or(String::new(), |m| format!("{m} min")),
                if i.intent.with_expert { "expert".into() } else { String::new() },
            ]
        })
        .collect();
    table(&["INTENT", "PRESENTER", "SUBJECT", "MEETING", "STATE", "TIME", ""], &rows);
}

fn experts_table(items: &[ExpertView]) {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|e| {
            vec![
                e.proposal_id.to_string(),
                clip(&e.proposal.expert_name, 30),
                e.proposal.proposer.to_string(),
                e.proposal.meeting.to_string(),
                expert_state(&e.state),
                yes_no(e.acknowledgement.is_some()),
                yes_no(e.may_access),
            ]
        })
        .collect();
    table(&["PROPOSAL", "EXPERT", "PROPOSER", "MEETING", "STATE", "ACKNOWLEDGED", "MAY ACCESS"], &rows);
}

fn print_briefing(b: &BriefingView) {
    outln!(
        "Briefing version {} by the Chair ({}) for the {:?} audience, drafted {}",
        b.draft.version,
        b.chair,
        b.draft.audience,
        b.draft.drafted_on
    );
    outln!("participants: {}", codes(&b.participants));
    if !b.draft.based_on.is_empty() {
        outln!("based on: {}", codes(&b.draft.based_on));
    }
    outln!("clearance: {} (ToR-22)", briefing_state(&b.state));
    outln!("{}", b.draft.text);
}

fn print_meeting(v: &MeetingView) {
    let m = &v.meeting;
    outln!("Meeting {}: {}", m.id, m.title);
    outln!("{} to {} at {}, {}", m.first_day, m.last_day, m.venue, m.kind.describe());
    outln!("call for submissions: {}", clip(&m.call_for_submissions, 100));
    match &v.invitation {
        Some(i) => outln!("invitation: {}{}", i.issued_on, if i.late { " LATE (ToR-9)" } else { "" }),
        None => outln!("invitation: not sent"),
    }
    match (&v.agenda, &v.adopted) {
        (Some(a), adopted) => {
            outln!(
                "draft agenda: version {}, circulated {}{}{}",
                a.agenda.version,
                a.agenda.circulated_on,
                if a.late { " LATE (ToR-10)" } else { "" },
                adopted.as_ref().map_or(String::new(), |d| format!("; version {} adopted {}", d.version, d.adopted_on))
            );
            let rows: Vec<Vec<String>> = a
                .agenda
                .items
                .iter()
                .map(|i| {
                    vec![
                        i.number.to_string(),
                        clip(&i.title, 60),
                        i.presenter.map(|p| p.to_string()).unwrap_or_default(),
                        i.intent.map(|p| p.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            table(&["#", "ITEM", "PRESENTER", "INTENT"], &rows);
            for d in &a.agenda.supporting_documents {
                outln!("  document: {}", clip(d, 80));
            }
        }
        (None, _) => outln!("draft agenda: not circulated"),
    }
    if !v.intents.is_empty() {
        outln!();
        intents_table(&v.intents);
    }
    if !v.registrations.is_empty() {
        outln!();
        let rows: Vec<Vec<String>> = v
            .registrations
            .iter()
            .map(|r| {
                let people: Vec<String> = r
                    .delegates
                    .iter()
                    .map(|d| format!("{} ({}{})", d.name, d.role.as_str(), if d.head { ", head" } else { "" }))
                    .collect();
                vec![
                    r.state.to_string(),
                    r.revision.to_string(),
                    r.registered_on.to_string(),
                    clip(&people.join("; "), 80),
                ]
            })
            .collect();
        table(&["STATE", "REVISION", "REGISTERED", "DELEGATION"], &rows);
    }
    if !v.experts.is_empty() {
        outln!();
        experts_table(&v.experts);
    }
    if let Some(b) = &v.briefing {
        outln!();
        print_briefing(b);
    }
}

pub async fn meeting(dir: &Path, json: bool, cmd: MeetingCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        MeetingCmd::Schedule { kind, title, from, to, venue, call_for_submissions, language, id } => {
            let draft = MeetingDraft {
                id,
                kind: kind.into(),
                title,
                first_day: from,
                last_day: to.unwrap_or(from),
                venue,
                call_for_submissions,
                language,
            };
            let s: Scheduled = client.post("/v1/meetings", &draft).await?;
            if json {
                return print_json(&s);
            }
            let m = &s.meeting;
            outln!("Meeting {} scheduled: \"{}\", {} to {} at {}", m.id, m.title, m.first_day, m.last_day, m.venue);
            for r in &s.already_late {
                outln!("LATE already: {} ({}) was due {}", r.describe(), r.tor(), r.due(m.first_day));
            }
            if let Some(i) = s.reinvited {
                outln!("Members invited again (message {i}).");
            }
            Ok(())
        }
        MeetingCmd::Invite { meeting } => {
            let s: Step = client.post(&format!("/v1/meetings/{meeting}/invite"), &()).await?;
            step(json, &s)
        }
        MeetingCmd::List => {
            let items: Vec<MeetingView> = client.get("/v1/meetings").await?;
            if json {
                return print_json(&items);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|v| {
                    vec![
                        v.meeting.id.to_string(),
                        v.meeting.first_day.to_string(),
                        v.meeting.last_day.to_string(),
                        clip(&v.meeting.title, 40),
                        clip(&v.meeting.venue, 20),
                        v.invitation
                            .as_ref()
                            .map_or("no".into(), |i| format!("{}{}", i.issued_on, if i.late { " LATE" } else { "" })),
                        match (&v.agenda, &v.adopted) {
                            (_, Some(a)) => format!("v{} adopted", a.version),
                            (Some(a), None) => format!("v{}", a.agenda.version),
                            (None, None) => "no".into(),
                        },
                        v.intents.len().to_string(),
                        v.registrations.len().to_string(),
                    ]
                })
                .collect();
            table(&["MEETING", "FROM", "TO", "TITLE", "VENUE", "INVITED", "AGENDA", "INTENTS", "REGISTERED"], &rows);
            Ok(())
        }
        MeetingCmd::Show { meeting } => {
            let v: MeetingView = client.get(&format!("/v1/meetings/{meeting}")).await?;
            if json {
                return print_json(&v);
            }
            print_meeting(&v);
            Ok(())
        }
        MeetingCmd::Agenda { meeting, items, documents, language } => {
            let draft = AgendaDraft { items, supporting_documents: documents, language };
            let s: Step = client.post(&format!("/v1/meetings/{meeting}/agenda"), &draft).await?;
            step(json, &s)
        }
        MeetingCmd::Adopt { meeting } => {
            let s: Step = client.post(&format!("/v1/meetings/{meeting}/adopt"), &()).await?;
            step(json, &s)
        }
        MeetingCmd::Register { meeting, delegates, head } => {
            let delegates = delegates.iter().map(|d| parse_delegate(d, head.as_deref())).collect::<Result<Vec<_>>>()?;
            if let Some(h) = &head {
                if !delegates.iter().any(|d| d.head) {
                    bail!("--head {h:?} names none of the delegates");
                }
            }
            let s: Step =
                client.post(&format!("/v1/meetings/{meeting}/registration"), &RegistrationBody { delegates }).await?;
            step(json, &s)
        }
    }
}

pub async fn intent(dir: &Path, json: bool, cmd: IntentCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        IntentCmd::Register { meeting, case, minutes, with_expert } => {
            let case = case.as_deref().map(parse_case).transpose()?;
            let s: Step = client.post("/v1/intents", &IntentDraft { meeting, case, minutes, with_expert }).await?;
            step(json, &s)
        }
        IntentCmd::Withdraw { intent } => {
            let s: Step = client.post(&format!("/v1/intents/{intent}/withdraw"), &()).await?;
            step(json, &s)
        }
        IntentCmd::List => {
            let items: Vec<IntentView> = client.get("/v1/intents").await?;
            if json {
                return print_json(&items);
            }
            intents_table(&items);
            Ok(())
        }
    }
}

pub async fn expert(dir: &Path, json: bool, cmd: ExpertCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    let event = |proposal: MessageId, event: ExpertEvent| (format!("/v1/experts/{proposal}/steps"), event);
    let (path, event) = match cmd {
        ExpertCmd::Propose { presentation, name, affiliation, purpose, language } => {
            let draft = ExpertDraft { presentation, expert_name: name, affiliation, purpose, language };
            let s: Step = client.post("/v1/experts", &draft).await?;
            return step(json, &s);
        }
        ExpertCmd::Acknowledge { proposal, informed_on, language } => {
            let body = AcknowledgementBody { informed_on, language };
            let s: Step = client.post(&format!("/v1/experts/{proposal}/acknowledgement"), &body).await?;
            return step(json, &s);
        }
        ExpertCmd::List => {
            let items: Vec<ExpertView> = client.get("/v1/experts").await?;
            if json {
                return print_json(&items);
            }
            experts_table(&items);
            return Ok(());
        }
        ExpertCmd::Object { proposal, reason } => {
            event(proposal, ExpertEvent::Objection { reason: reason.as_str().into() })
        }
        ExpertCmd::Consult { proposal, note, withdraw_objection } => event(
            proposal,
            ExpertEvent::Consultation { note: note.as_str().into(), objection_withdrawn: withdraw_objection },
        ),
        ExpertCmd::Decide { proposal, accept, reject, note } => {
            // clap makes exactly one of them present.
            event(proposal, ExpertEvent::Decision { accepted: accept && !reject, note })
        }
        ExpertCmd::Withdraw { proposal } => event(proposal, ExpertEvent::Withdrawn),
    };
    let s: Step = client.post(&path, &event).await?;
    step(json, &s)
}

pub async fn briefing(dir: &Path, json: bool, cmd: BriefingCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        BriefingCmd::Draft { meeting, audience, text, language, based_on } => {
            let based_on = based_on.iter().map(|c| parse_case(c)).collect::<Result<Vec<_>>>()?;
            let body = BriefingBody { audience: audience.into(), text, language, based_on };
            let s: Step = client.post(&format!("/v1/meetings/{meeting}/briefing"), &body).await?;
            step(json, &s)
        }
        BriefingCmd::Answer { meeting, consent, object } => {
            let answer = match (consent, object) {
                (true, None) => BriefingAnswer::Consent,
                (false, Some(reason)) => BriefingAnswer::Object { reason },
                // clap refuses both and neither.
                _ => bail!("give either --consent or --object REASON"),
            };
            let s: Step = client.post(&format!("/v1/meetings/{meeting}/briefing/answer"), &answer).await?;
            step(json, &s)
        }
        BriefingCmd::Show { meeting } => {
            let v: MeetingView = client.get(&format!("/v1/meetings/{meeting}")).await?;
            if json {
                return print_json(&v.briefing);
            }
            match &v.briefing {
                Some(b) => print_briefing(b),
                None => outln!("(no briefing for this meeting on this node)"),
            }
            Ok(())
        }
    }
}

/// ToR-8 to 12: this node's deadlines; near and missed ones carry a
/// `WARNING` marker and a count on stderr (JSON keeps them in `status`).
pub async fn deadlines(dir: &Path, json: bool) -> Result<()> {
    let items: Vec<DeadlineItem> = Client::for_dir(dir)?.get("/v1/deadlines").await?;
    if json {
        return print_json(&items);
    }
    // The subject is the node's words: in the reader's language.
    let tr = crate::output::language();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|d| {
            vec![
                if d.status.warns() { "WARNING".into() } else { String::new() },
                d.due.to_string(),
                d.status.to_string(),
                d.tor.clone(),
                if d.mine { "you".into() } else { "info".into() },
                d.meeting_day.to_string(),
                clip(&d.topic.words(tr), 70),
            ]
        })
        .collect();
    table(&["", "DUE", "STATUS", "TOR", "WHO", "MEETING", "WHAT"], &rows);
    let warned = items.iter().filter(|d| d.status.warns()).count();
    if warned > 0 {
        // On stderr too, so that a script piping the table still sees it.
        eprintln!("warning: {warned} deadline(s) near or missed");
    }
    Ok(())
}

#[derive(Serialize)]
struct Written {
    out: PathBuf,
    bytes: usize,
}

#[derive(Serialize)]
struct Ics {
    ics: String,
}

/// The iCalendar file of the meetings this node knows and its deadlines.
pub async fn calendar(dir: &Path, json: bool, out: Option<PathBuf>) -> Result<()> {
    let ics = Client::for_dir(dir)?.get_text("/v1/calendar.ics").await?;
    match (out, json) {
        (Some(p), json) => {
            std::fs::write(&p, &ics).with_context(|| format!("writing {}", p.display()))?;
            if json {
                return print_json(&Written { out: p, bytes: ics.len() });
            }
            outln!("Calendar written to {} (import it into a calendar program)", p.display());
            Ok(())
        }
        (None, true) => print_json(&Ics { ics }),
        (None, false) => {
            out!("{ics}");
            Ok(())
        }
    }
}
