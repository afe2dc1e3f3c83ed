//! `dief notice|use|challenge|thread|audit|contact`: the State-to-State
//! procedures (ToR-12, 15, 16, 21), the audit log and the contact directory
//! (ToR-20), as clients of the local API.

use std::path::Path;

use anyhow::{bail, Result};
use clap::{Subcommand, ValueEnum};
use dief_node::api::Sent;
use dief_node::api::{
    ChallengeAnswerBody, ChallengeCloseBody, ChallengeRequest, NoticeRequest, TextRequest, ThreadPostBody,
    UseAnswerBody, UseRequestBody,
};
use dief_node::audit::{AuditEntry, AuditReport};
use dief_node::contacts::{ContactDraft, Published};
use dief_node::procedures::{
    ChallengeView, NoticesSent, PresentationPackage, ReceivedNotice, ThreadView, UseRequestView,
};
use dief_protocol::meeting::{Contact, ContactCard, Role};
use dief_protocol::procedure::{UseDecision, UsePurpose};
use dief_protocol::{Date, MessageId, Party, StateCode};

use crate::client::Client;
use crate::commands::{parse_case, print_json};
use crate::output::{clip, datetime, table};

#[derive(Debug, Subcommand)]
pub enum NoticeCmd {
    /// Notify involved States that a presentation of an own case concerns
    /// them (ToR-12: at least 30 days before; replies asked by T-15).
    Send {
        case: String,
        #[arg(long, value_delimiter = ',', required = true)]
        to: Vec<StateCode>,
        /// First day of the meeting (YYYY-MM-DD).
        #[arg(long)]
        meeting: Date,
        #[arg(long)]
        meeting_ref: Option<String>,
        #[arg(long)]
        summary: String,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Notices this State received.
    List,
    /// Reply to a notice (it is attached to the presentation).
    Reply {
        case: String,
        notice: MessageId,
        #[arg(long)]
        body: String,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// After the presentation: the involved State's right of reply.
    RightOfReply {
        case: String,
        notice: MessageId,
        #[arg(long)]
        body: String,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// The presentation package of an own case: who was notified when, who
    /// answered, the answers.
    Package {
        case: String,
        #[arg(long)]
        meeting: Date,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PurposeArg {
    ExportAssessment,
    EnforcementProceedings,
    Other,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DecisionArg {
    Agree,
    AgreeWithConditions,
    Decline,
    Discuss,
}

#[derive(Debug, Subcommand)]
pub enum UseCmd {
    /// Ask the provider of a received case for operational use (ToR-16).
    Request {
        case: String,
        #[arg(long, value_enum)]
        purpose: PurposeArg,
        #[arg(long, default_value = "")]
        details: String,
    },
    /// Provider: answer a use request.
    Answer {
        case: String,
        request: MessageId,
        #[arg(long, value_enum)]
        decision: DecisionArg,
        #[arg(long)]
        conditions: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Use requests sent and received, with their answers.
    List,
    /// Export a record for operational use (refused until agreed).
    Export {
        case: String,
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChallengeCmd {
    /// Challenge a participant, bilaterally, about a suspected unauthorised
    /// disclosure (ToR-15).
    Send {
        /// A State code, or SECRETARIAT.
        #[arg(long)]
        to: Party,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        concern: String,
        /// Needed to challenge the Secretariat: say you know it will read
        /// the concern in clear.
        #[arg(long)]
        secretariat_reads: bool,
    },
    /// Answer a challenge with an explanation and remedial measures.
    Answer {
        challenge: MessageId,
        #[arg(long)]
        explanation: String,
        #[arg(long, default_value = "")]
        remedial: String,
        /// Needed to answer a challenge the Secretariat made: say you know
        /// it will read the answer in clear.
        #[arg(long)]
        secretariat_reads: bool,
    },
    /// Close a challenge this node made.
    Close {
        challenge: MessageId,
        #[arg(long, default_value = "")]
        note: String,
        /// Needed to close a challenge made to the Secretariat: say you
        /// know it will read the note in clear.
        #[arg(long)]
        secretariat_reads: bool,
    },
    /// Challenges made and received, with their state.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ThreadCmd {
    /// Provider: start a follow-up thread on a case with chosen States (ToR-21).
    Start {
        case: String,
        #[arg(long, value_delimiter = ',', required = true)]
        with: Vec<StateCode>,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        body: String,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Post in a thread.
    Post {
        case: String,
        thread: MessageId,
        #[arg(long)]
        body: String,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Threads on a case.
    List { case: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// List audit entries.
    Show {
        #[arg(long, default_value_t = 0)]
        from: u64,
        #[arg(long, default_value_t = 1000)]
        limit: usize,
    },
    /// Check the hash chain: exits 1 if an entry was edited, deleted,
    /// reordered or the log truncated.
    Verify,
}

fn sent(json: bool, what: &str, s: &Sent) -> Result<()> {
    if json {
        return print_json(s);
    }
    outln!("{what} queued as message {}", s.message_id);
    Ok(())
}

pub async fn notice(dir: &Path, json: bool, cmd: NoticeCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        NoticeCmd::Send { case, to, meeting, meeting_ref, summary, language } => {
            let id = parse_case(&case)?;
            let body = NoticeRequest { to, meeting_date: meeting, meeting_ref, summary, language };
            let r: NoticesSent = client.post(&format!("/v1/cases/{id}/notices"), &body).await?;
            if json {
                return print_json(&r);
            }
            for (state, m) in &r.notices {
                outln!("Notice to {state} about {id} queued as message {m}");
            }
            outln!("Replies requested by {} (T-15, ToR-12).", r.reply_by);
            if r.late {
                outln!("LATE: notices are due by T-30 (ToR-12); these are flagged late on both sides.");
            }
            Ok(())
        }
        NoticeCmd::List => {
            let items: Vec<ReceivedNotice> = client.get("/v1/notices").await?;
            if json {
                return print_json(&items);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|n| {
                    vec![
                        n.notice.case_id.to_string(),
                        n.from.to_string(),
                        n.notice.meeting_date.to_string(),
                        n.notice.reply_by.to_string(),
                        n.replied_at.map_or("no".into(), datetime),
                        if n.notice.late { "late".into() } else { String::new() },
                        n.notice_id.to_string(),
                        clip(&n.notice.summary, 40),
                    ]
                })
                .collect();
            table(&["CASE", "FROM", "MEETING", "REPLY BY", "REPLIED", "", "NOTICE", "SUMMARY"], &rows);
            Ok(())
        }
        NoticeCmd::Reply { case, notice, body, language } => {
            let id = parse_case(&case)?;
            let s: Sent =
                client.post(&format!("/v1/cases/{id}/notices/{notice}/reply"), &TextRequest { body, language }).await?;
            sent(json, "Reply to the notice", &s)
        }
        NoticeCmd::RightOfReply { case, notice, body, language } => {
            let id = parse_case(&case)?;
            let s: Sent = client
                .post(&format!("/v1/cases/{id}/notices/{notice}/right-of-reply"), &TextRequest { body, language })
                .await?;
            sent(json, "Right of reply", &s)
        }
        NoticeCmd::Package { case, meeting } => {
            let id = parse_case(&case)?;
            let p: PresentationPackage = client.get(&format!("/v1/cases/{id}/presentation?meeting={meeting}")).await?;
            if json {
                return print_json(&p);
            }
            outln!("Presentation of {id} at the meeting of {}", p.meeting_date);
            outln!("notices due {}, replies due {} (ToR-12)", p.notice_due, p.reply_due);
            let rows: Vec<Vec<String>> = p
                .notices
                .iter()
                .map(|n| {
                    vec![
                        n.state.to_string(),
                        format!("{}{}", datetime(n.sent_at), if n.late { " LATE" } else { "" }),
                        n.receipted_at.map_or("not yet".into(), datetime),
                        n.reply.as_ref().map_or("NO REPLY".into(), |r| {
                            format!("{}{}", datetime(r.at), if r.late { " late" } else { "" })
                        }),
                        n.reply.as_ref().map_or(String::new(), |r| clip(&r.body, 50)),
                    ]
                })
                .collect();
            table(&["STATE", "NOTIFIED", "RECEIPTED", "REPLIED", "REPLY"], &rows);
            for n in &p.notices {
                for r in &n.right_of_reply {
                    outln!("right of reply from {} ({}): {}", n.state, datetime(r.at), clip(&r.body, 80));
                }
            }
            Ok(())
        }
    }
}

pub async fn use_cmd(dir: &Path, json: bool, cmd: UseCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        UseCmd::Request { case, purpose, details } => {
            let id = parse_case(&case)?;
            let purpose = match purpose {
                PurposeArg::ExportAssessment => UsePurpose::ExportAssessment,
                PurposeArg::EnforcementProceedings => UsePurpose::EnforcementProceedings,
                PurposeArg::Other => UsePurpose::Other,
            };
            let s: Sent =
                client.post(&format!("/v1/cases/{id}/use-requests"), &UseRequestBody { purpose, details }).await?;
            sent(json, "Use request", &s)
        }
        UseCmd::Answer { case, request, decision, conditions, note } => {
            let id = parse_case(&case)?;
            let decision = match (decision, conditions) {
                (DecisionArg::Agree, None) => UseDecision::Agree,
                (DecisionArg::AgreeWithConditions, Some(conditions)) => UseDecision::AgreeWithConditions { conditions },
                (DecisionArg::AgreeWithConditions, None) => {
                    bail!("--decision agree-with-conditions needs --conditions")
                }
                (DecisionArg::Decline, None) => UseDecision::Decline,
                (DecisionArg::Discuss, None) => UseDecision::Discuss,
                (_, Some(_)) => bail!("--conditions goes with --decision agree-with-conditions only"),
            };
            let s: Sent = client
                .post(&format!("/v1/cases/{id}/use-requests/{request}/answer"), &UseAnswerBody { decision, note })
                .await?;
            sent(json, "Answer", &s)
        }
        UseCmd::List => {
            let items: Vec<UseRequestView> = client.get("/v1/use-requests").await?;
            if json {
                return print_json(&items);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|u| {
                    vec![
                        u.case_id.to_string(),
                        u.requester.to_string(),
                        format!("{:?}", u.purpose).to_lowercase(),
                        format!("{:?}", u.state).to_lowercase(),
                        u.request_id.to_string(),
                        clip(&u.details, 40),
                    ]
                })
                .collect();
            table(&["CASE", "REQUESTER", "PURPOSE", "STATE", "REQUEST", "DETAILS"], &rows);
            Ok(())
        }
        UseCmd::Export { case, out } => {
            let id = parse_case(&case)?;
            let e: dief_node::procedures::OperationalExport =
                client.post(&format!("/v1/cases/{id}/export"), &()).await?;
            let text = serde_json::to_string_pretty(&e)?;
            match out {
                Some(p) => {
                    std::fs::write(&p, text)?;
                    if !json {
                        outln!("Case {id} exported for operational use to {}", p.display());
                    }
                }
                None => outln!("{text}"),
            }
            Ok(())
        }
    }
}

pub async fn challenge(dir: &Path, json: bool, cmd: ChallengeCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        ChallengeCmd::Send { to, case, concern, secretariat_reads } => {
            let case_id = case.as_deref().map(parse_case).transpose()?;
            let request = ChallengeRequest { to, case_id, concern, secretariat_reads };
            let s: Sent = client.post("/v1/challenges", &request).await?;
            sent(json, "Challenge", &s)
        }
        ChallengeCmd::Answer { challenge, explanation, remedial, secretariat_reads } => {
            let body = ChallengeAnswerBody { explanation, remedial_measures: remedial, secretariat_reads };
            let s: Sent = client.post(&format!("/v1/challenges/{challenge}/answer"), &body).await?;
            sent(json, "Answer", &s)
        }
        ChallengeCmd::Close { challenge, note, secretariat_reads } => {
            let body = ChallengeCloseBody { note, secretariat_reads };
            let s: Sent = client.post(&format!("/v1/challenges/{challenge}/close"), &body).await?;
            sent(json, "Closing", &s)
        }
        ChallengeCmd::List => {
            let items: Vec<ChallengeView> = client.get("/v1/challenges").await?;
            if json {
                return print_json(&items);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|c| {
                    vec![
                        c.challenge_id.to_string(),
                        c.challenger.to_string(),
                        c.challenged.to_string(),
                        format!("{:?}", c.state).to_lowercase(),
                        clip(&c.concern, 50),
                    ]
                })
                .collect();
            table(&["CHALLENGE", "BY", "OF", "STATE", "CONCERN"], &rows);
            Ok(())
        }
    }
}

pub async fn thread(dir: &Path, json: bool, cmd: ThreadCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        ThreadCmd::Start { case, with, subject, body, language } => {
            let id = parse_case(&case)?;
            let b = ThreadPostBody { thread: None, with, subject, body, language };
            let s: Sent = client.post(&format!("/v1/cases/{id}/threads"), &b).await?;
            sent(json, "Thread", &s)
        }
        ThreadCmd::Post { case, thread, body, language } => {
            let id = parse_case(&case)?;
            let b = ThreadPostBody { thread: Some(thread), with: Vec::new(), subject: String::new(), body, language };
            let s: Sent = client.post(&format!("/v1/cases/{id}/threads"), &b).await?;
            sent(json, "Post", &s)
        }
        ThreadCmd::List { case } => {
            let id = parse_case(&case)?;
            let threads: Vec<ThreadView> = client.get(&format!("/v1/cases/{id}/threads")).await?;
            if json {
                return print_json(&threads);
            }
            for t in &threads {
                let with: Vec<String> = t.participants.iter().map(ToString::to_string).collect();
                outln!("thread {} \"{}\" ({})", t.thread_id, t.subject, with.join(", "));
                for p in &t.posts {
                    outln!("  {} {}: {}", datetime(p.at), p.from, clip(&p.body, 80));
                }
            }
            if threads.is_empty() {
                outln!("(none)");
            }
            Ok(())
        }
    }
}

pub async fn audit(dir: &Path, json: bool, cmd: AuditCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        AuditCmd::Show { from, limit } => {
            let entries: Vec<AuditEntry> = client.get(&format!("/v1/audit?from={from}&limit={limit}")).await?;
            if json {
                return print_json(&entries);
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    let parties: Vec<String> = e.event.parties.iter().map(ToString::to_string).collect();
                    vec![
                        e.seq.to_string(),
                        datetime(e.at),
                        serde_json::to_string(&e.event.action).unwrap_or_default(),
                        e.event.case_id.map(|c| c.to_string()).unwrap_or_default(),
                        e.event.version.map(|v| format!("v{v}")).unwrap_or_default(),
                        parties.join(","),
                    ]
                })
                .collect();
            table(&["SEQ", "AT", "ACTION", "CASE", "VER", "PARTIES"], &rows);
            Ok(())
        }
        AuditCmd::Verify => {
            let report: AuditReport = client.get("/v1/audit/verify").await?;
            if json {
                print_json(&report)?;
            } else {
                match &report {
                    AuditReport::Intact { entries, .. } => {
                        outln!("audit log intact: {entries} entries, chain and head agree")
                    }
                    AuditReport::Tampered { checked, message, .. } => {
                        outln!("AUDIT LOG TAMPERED after {checked} good entries: {message}")
                    }
                }
            }
            if !report.is_intact() {
                bail!("the audit log was tampered with");
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------
// Contact directory (ToR-20)
// ---------------------------------------------------------------------------

/// The role of an agency, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    LawEnforcement,
    Customs,
    Licensing,
    ForeignMinistry,
    Other,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::LawEnforcement => Role::LawEnforcement,
            RoleArg::Customs => Role::Customs,
            RoleArg::Licensing => Role::Licensing,
            RoleArg::ForeignMinistry => Role::ForeignMinistry,
            RoleArg::Other => Role::Other,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ContactCmd {
    /// Publish (or update) a signed contact card of one of this State's
    /// agencies; it goes through the Secretariat to every member (ToR-20).
    /// Publishing again for the same agency replaces its card everywhere.
    Publish {
        #[arg(long)]
        agency: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long, default_value = "")]
        address: String,
        /// "FUNCTION;EMAIL-OR-PHONE[;...]" (a part with @ is an e-mail, one
        /// starting with + or a digit a phone number, anything else a name).
        /// Repeat for several contacts.
        #[arg(long = "contact", required = true)]
        contacts: Vec<String>,
        /// Comma-separated BCP 47 language tags.
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// The card to update (by default: this State's card for the same agency).
        #[arg(long)]
        id: Option<MessageId>,
    },
    /// List or search the directory.
    List {
        #[arg(long)]
        state: Option<StateCode>,
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// Case-insensitive text in the agency, address, notes or a contact.
        #[arg(long)]
        text: Option<String>,
    },
}

fn parse_contact(s: &str) -> Result<Contact> {
    let mut parts = s.split(';').map(str::trim);
    let function = parts.next().unwrap_or_default().to_string();
    let mut c = Contact { function, name: String::new(), email: String::new(), phone: String::new() };
    for p in parts.filter(|p| !p.is_empty()) {
        if p.contains('@') {
            c.email = p.to_string();
        } else if p.starts_with('+') || p.starts_with(|ch: char| ch.is_ascii_digit()) {
            c.phone = p.to_string();
        } else {
            c.name = p.to_string();
        }
    }
    if c.function.is_empty() {
        bail!("--contact {s:?}: expected \"FUNCTION;EMAIL-OR-PHONE\"");
    }
    Ok(c)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
fn query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub async fn contact(dir: &Path, json: bool, cmd: ContactCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        ContactCmd::Publish { agency, role, address, contacts, languages, notes, id } => {
            let contacts = contacts.iter().map(|c| parse_contact(c)).collect::<Result<Vec<_>>>()?;
            let draft =
                ContactDraft { id, agency, role: role.into(), address, contacts, languages, notes, withdrawn: false };
            let p: Published = client.post("/v1/contacts", &draft).await?;
            if json {
                return print_json(&p);
            }
            outln!(
                "Contact card {} version {} for {} queued to the Secretariat as message {}",
                p.card.id,
                p.card.sequence,
                p.card.agency,
                p.message_id
            );
            Ok(())
        }
        ContactCmd::List { state, role, text } => {
            let mut q = Vec::new();
            if let Some(s) = state {
                q.push(format!("state={s}"));
            }
            if let Some(r) = role {
                q.push(format!("role={}", Role::from(r).as_str()));
            }
            if let Some(t) = text {
                q.push(format!("text={}", query_value(&t)));
            }
            let path = if q.is_empty() { "/v1/contacts".to_string() } else { format!("/v1/contacts?{}", q.join("&")) };
            let cards: Vec<ContactCard> = client.get(&path).await?;
            if json {
                return print_json(&cards);
            }
            let rows: Vec<Vec<String>> = cards
                .iter()
                .map(|c| {
                    let reach = c
                        .contacts
                        .iter()
                        .map(|k| {
                            let how = if k.email.is_empty() { &k.phone } else { &k.email };
                            format!("{}: {how}", k.function)
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    vec![
                        c.state.to_string(),
                        clip(&c.agency, 40),
                        c.role.as_str().to_string(),
                        c.sequence.to_string(),
                        clip(&reach, 60),
                    ]
                })
                .collect();
            table(&["STATE", "AGENCY", "ROLE", "VERSION", "CONTACTS"], &rows);
            Ok(())
        }
    }
}
