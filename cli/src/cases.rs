//! `dief case ...`: record, edit, list, show, search, withdraw a case, and
//! see who holds which version (ToR-13, 15, 18, 19); export a case as STIX
//! 2.1 or MISP (ToR-16: a received case only once its provider agreed) and
//! import a MISP event as a new case. A full record is
//! entered as a JSON file (see `protocol/tests/fixtures/case-full.json`);
//! the common fields also have flags.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use dief_node::api::{AttachRequest, SearchRequest, WithdrawRequest};
use dief_node::audit::DistributionRow;
use dief_node::cases::attach::AttachReport;
use dief_node::cases::{EditReport, WithdrawReport};
use dief_node::formats::ImportReport;
use dief_node::records::{CaseEntry, Direction, ExchangeEntry, Origin};
use dief_node::search::CaseSummary;
use dief_protocol::case::{
    deserialize_named, ArmsCategory, Attachment, CaseContent, CaseQuery, Concealment, Investigation, NotForSharing,
    NotForSharingReason,
};
use dief_protocol::payload::CaseStatus;
use dief_protocol::{CaseId, CaseRecord, Date, StateCode};

use crate::client::Client;
use crate::commands::{parse_case, print_json, write_or_print};
use crate::output::{clip, datetime, table};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CaseStatusArg {
    Suspected,
    Detected,
}

impl From<CaseStatusArg> for CaseStatus {
    fn from(a: CaseStatusArg) -> Self {
        match a {
            CaseStatusArg::Suspected => CaseStatus::Suspected,
            CaseStatusArg::Detected => CaseStatus::Detected,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InvestigationArg {
    Ongoing,
    Closed,
}

impl From<InvestigationArg> for Investigation {
    fn from(a: InvestigationArg) -> Self {
        match a {
            InvestigationArg::Ongoing => Investigation::Ongoing,
            InvestigationArg::Closed => Investigation::Closed,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NotForSharingArg {
    NationalSecurity,
    OngoingProceedings,
}

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Record a new case, from a JSON file or from flags.
    New {
        /// The whole record as JSON (the flags below then only fill gaps).
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, required_unless_present = "file")]
        title: Option<String>,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long, value_enum)]
        status: Option<CaseStatusArg>,
        #[arg(long, value_enum)]
        investigation: Option<InvestigationArg>,
        /// The provider's confidentiality label (ToR-15).
        #[arg(long)]
        marking: Option<String>,
        /// Mark the case not for sharing (ToR-13).
        #[arg(long, value_enum)]
        not_for_sharing: Option<NotForSharingArg>,
    },
    /// Replace the content of an own case: a new version, sent to every
    /// State that holds an earlier one.
    Edit {
        case: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Attach a file (photo of markings, document, video) to an own case:
    /// a new version. A small file is sealed inside the record; one over
    /// 8 MiB, or with --streamed, travels beside it in sealed chunks that
    /// each holder fetches (issue 13; `dief attachment` shows progress).
    Attach {
        case: String,
        file: PathBuf,
        #[arg(long, default_value = "application/octet-stream")]
        media_type: String,
        /// Stream it whatever its size (the node reads the file from this
        /// path on its own host).
        #[arg(long)]
        streamed: bool,
        /// Stream it (whatever its size) by sending it through the API,
        /// with a progress bar, instead of naming its path: for a file the
        /// node's own account cannot read.
        #[arg(long)]
        upload: bool,
    },
    /// List cases (own and received).
    List,
    /// Show one case.
    Show { case: String },
    /// Search the cases this node holds (ToR-19).
    Search(SearchArgs),
    /// Withdraw an own case: every recipient marks it withdrawn.
    Withdraw {
        case: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Which States received which version of an own case, and when they
    /// receipted it (from the audit log).
    Recipients { case: String },
    /// Every procedure message about a case, sent and received.
    Exchanges { case: String },
    /// Export a case for the agencies' own tools, as a STIX 2.1 bundle or a
    /// MISP event. Operational use (ToR-16): an own case always; a received
    /// case only once its provider agreed (`dief use request`). Audited.
    Export {
        case: String,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import a MISP event (a JSON file) as a new own case, shared with
    /// nobody; lists what the event held that a case has no place for.
    ImportMisp { file: PathBuf },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Stix,
    Misp,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words that must all appear somewhere in the case.
    #[arg(long)]
    text: Option<String>,
    /// ATT category of an item, e.g. small_arms, ammunition.
    #[arg(long)]
    category: Option<ArmsCategory>,
    /// A State on the route, transit points, destinations, chain or involved.
    #[arg(long)]
    country: Option<StateCode>,
    /// A transit point: State code or part of its name.
    #[arg(long)]
    transit: Option<String>,
    #[arg(long)]
    broker: Option<String>,
    #[arg(long)]
    concealment: Option<String>,
    #[arg(long)]
    make: Option<String>,
    #[arg(long)]
    model: Option<String>,
    /// Full or partial serial number.
    #[arg(long)]
    serial: Option<String>,
    #[arg(long)]
    diverted_from: Option<Date>,
    #[arg(long)]
    diverted_to: Option<Date>,
    #[arg(long)]
    detected_from: Option<Date>,
    #[arg(long)]
    detected_to: Option<Date>,
    #[arg(long, value_enum)]
    status: Option<CaseStatusArg>,
    #[arg(long, value_enum)]
    investigation: Option<InvestigationArg>,
    #[arg(long)]
    corruption: Option<bool>,
    #[arg(long)]
    provider: Option<StateCode>,
    #[arg(long)]
    include_withdrawn: bool,
    #[arg(long)]
    limit: Option<usize>,
}

fn read_content(path: &Path) -> Result<CaseContent> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut de = serde_json::Deserializer::from_str(&text);
    deserialize_named(&mut de).with_context(|| format!("{} is not a valid case record", path.display()))
}

/// Files larger than this are attached as streamed attachments.
const STREAM_ABOVE: u64 = 8 * 1024 * 1024;

/// Asks the node to attach the file at `file` (made absolute: the node
/// reads it) as a streamed attachment.
async fn attach_streamed(client: &Client, json: bool, id: &CaseId, file: &Path, media_type: String) -> Result<()> {
    let path = std::fs::canonicalize(file).with_context(|| format!("reading {}", file.display()))?;
    let body = AttachRequest { path, name: None, media_type: Some(media_type) };
    let r: AttachReport = client.post(&format!("/v1/cases/{id}/attach"), &body).await?;
    attached(json, id, &r)
}

/// Sends the file at `file` through the API (`POST
/// /v1/cases/{id}/attachments`), read and sent a piece at a time under a
/// progress bar; the node stores it as a streamed attachment.
async fn upload_streamed(
    client: &Client,
    id: &CaseId,
    file: &Path,
    size: u64,
    media_type: &str,
) -> Result<AttachReport> {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} has no usable file name", file.display()))?;
    let query = format!("name={}&media_type={}", query_value(name), query_value(media_type));
    let bar = crate::attachments::bar(size);
    bar.set_message(name.to_string());
    let shown = bar.clone();
    let r = client
        .upload(&format!("/v1/cases/{id}/attachments?{query}"), file, media_type, move |n| shown.set_position(n))
        .await;
    match &r {
        Ok(_) => bar.finish(),
        Err(_) => bar.abandon(),
    }
    Ok(r?)
}

/// `s` percent-encoded for a query string (every byte but the unreserved
/// ones of RFC 3986).
fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What attaching a streamed file did, for the reader.
fn attached(json: bool, id: &CaseId, r: &AttachReport) -> Result<()> {
    if json {
        return print_json(r);
    }
    let a = &r.attachment;
    outln!(
        "{} attached ({} bytes, SHA-256 {}); case {id} is now version {}",
        a.name,
        a.size,
        a.sha256,
        r.edit.record.version
    );
    outln!("attachment id: {}", a.id);
    if !r.edit.update_sent_to.is_empty() {
        let to: Vec<String> = r.edit.update_sent_to.iter().map(ToString::to_string).collect();
        outln!(
            "{} fetch it from this node; `dief attachment show {} --wait` on theirs shows progress",
            to.join(", "),
            a.id
        );
    }
    Ok(())
}

pub async fn run(dir: &Path, json: bool, cmd: CaseCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        CaseCmd::Export { case, format, out } => {
            let id = parse_case(&case)?;
            let f = match format {
                FormatArg::Stix => "stix",
                FormatArg::Misp => "misp",
            };
            let v: serde_json::Value = client.post(&format!("/v1/cases/{id}/export?format={f}"), &()).await?;
            write_or_print(out.as_deref(), &format!("{}\n", serde_json::to_string_pretty(&v)?))
        }
        CaseCmd::ImportMisp { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let r: ImportReport = client.post_bytes("/v1/cases/import?format=misp", bytes).await?;
            if json {
                return print_json(&r);
            }
            outln!("Created case {} from {}", r.case_id, file.display());
            for line in &r.not_imported {
                outln!("not imported: {line}");
            }
            Ok(())
        }
        CaseCmd::New { file, title, summary, status, investigation, marking, not_for_sharing } => {
            let mut content = match &file {
                Some(p) => read_content(p)?,
                None => CaseContent::new(String::new(), CaseStatus::Suspected, Investigation::Ongoing),
            };
            if let Some(t) = title {
                content.title = t;
            }
            if let Some(s) = summary {
                content.summary = s;
            }
            if let Some(s) = status {
                content.status = s.into();
            }
            if let Some(i) = investigation {
                content.investigation = i.into();
            }
            if let Some(m) = marking {
                content.marking.confidentiality = m;
            }
            if let Some(n) = not_for_sharing {
                let reason = match n {
                    NotForSharingArg::NationalSecurity => NotForSharingReason::NationalSecurity,
                    NotForSharingArg::OngoingProceedings => NotForSharingReason::OngoingProceedings,
                };
                content.marking.not_for_sharing = Some(NotForSharing { reason, note: String::new() });
            }
            let c: CaseRecord = client.post("/v1/cases", &content).await?;
            if json {
                return print_json(&c);
            }
            outln!("Created case {}", c.id);
            Ok(())
        }
        CaseCmd::Edit { case, file } => {
            let id = parse_case(&case)?;
            let content = read_content(&file)?;
            let r: EditReport = client.post(&format!("/v1/cases/{id}/edit"), &content).await?;
            if json {
                return print_json(&r);
            }
            outln!("Case {id} is now version {}", r.record.version);
            if !r.update_sent_to.is_empty() {
                let to: Vec<String> = r.update_sent_to.iter().map(ToString::to_string).collect();
                outln!("Update queued for {}", to.join(", "));
            }
            if let Some(why) = r.not_sent {
                outln!("{why}");
            }
            Ok(())
        }
        CaseCmd::Attach { case, file, media_type, streamed, upload } => {
            let id = parse_case(&case)?;
            let size = std::fs::metadata(&file).with_context(|| format!("reading {}", file.display()))?.len();
            if upload {
                let r = upload_streamed(&client, &id, &file, size, &media_type).await?;
                return attached(json, &id, &r);
            }
            if streamed || size > STREAM_ABOVE {
                return attach_streamed(&client, json, &id, &file, media_type).await;
            }
            let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .with_context(|| format!("{} has no usable file name", file.display()))?;
            let held: CaseEntry = client.get(&format!("/v1/cases/{id}")).await?;
            let mut content = held.record.content;
            content.attachments.push(Attachment::new(name, media_type, bytes));
            let r: EditReport = client.post(&format!("/v1/cases/{id}/edit"), &content).await?;
            if json {
                return print_json(&r);
            }
            outln!("{name} attached; case {id} is now version {}", r.record.version);
            Ok(())
        }
        CaseCmd::List => {
            let cases: Vec<CaseEntry> = client.get("/v1/cases").await?;
            if json {
                return print_json(&cases);
            }
            let rows: Vec<Vec<String>> = cases
                .iter()
                .map(|c| {
                    vec![
                        c.record.id.to_string(),
                        format!("v{}", c.record.version),
                        match &c.origin {
                            Origin::Own => "own".to_string(),
                            Origin::Received { from, .. } => format!("from {from}"),
                        },
                        format!(
                            "{:?}/{:?}{}",
                            c.record.content.status,
                            c.record.content.investigation,
                            if c.withdrawn.is_some() { " WITHDRAWN" } else { "" }
                        )
                        .to_lowercase(),
                        clip(&c.record.content.title, 60),
                    ]
                })
                .collect();
            table(&["CASE", "VER", "ORIGIN", "STATUS", "TITLE"], &rows);
            Ok(())
        }
        CaseCmd::Show { case } => {
            let id = parse_case(&case)?;
            let c: CaseEntry = client.get(&format!("/v1/cases/{id}")).await?;
            if json {
                return print_json(&c);
            }
            show(&c);
            Ok(())
        }
        CaseCmd::Search(a) => {
            let query = CaseQuery {
                text: a.text,
                category: a.category,
                country: a.country,
                transit: a.transit,
                broker: a.broker,
                concealment: a.concealment.map(|c| c.parse::<Concealment>()).transpose().map_err(anyhow::Error::msg)?,
                make: a.make,
                model: a.model,
                serial: a.serial,
                diversion_from: a.diverted_from,
                diversion_to: a.diverted_to,
                detection_from: a.detected_from,
                detection_to: a.detected_to,
                status: a.status.map(Into::into),
                investigation: a.investigation.map(Into::into),
                corruption: a.corruption,
                provider: a.provider,
            };
            let req = SearchRequest { query, include_withdrawn: a.include_withdrawn, limit: a.limit };
            let hits: Vec<CaseSummary> = client.post("/v1/search", &req).await?;
            if json {
                return print_json(&hits);
            }
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.id.to_string(),
                        format!("v{}", h.version),
                        h.received_from.map_or("own".into(), |f| format!("from {f}")),
                        if h.withdrawn { "withdrawn".into() } else { String::new() },
                        clip(&h.title, 60),
                    ]
                })
                .collect();
            table(&["CASE", "VER", "ORIGIN", "", "TITLE"], &rows);
            Ok(())
        }
        CaseCmd::Withdraw { case, reason } => {
            let id = parse_case(&case)?;
            let r: WithdrawReport =
                client.post(&format!("/v1/cases/{id}/withdraw"), &WithdrawRequest { reason }).await?;
            if json {
                return print_json(&r);
            }
            let to: Vec<String> = r.notified.iter().map(ToString::to_string).collect();
            outln!(
                "Case {id} withdrawn{}",
                if to.is_empty() { String::new() } else { format!("; {} told to mark it withdrawn", to.join(", ")) }
            );
            Ok(())
        }
        CaseCmd::Recipients { case } => {
            let id = parse_case(&case)?;
            let rows: Vec<DistributionRow> = client.get(&format!("/v1/cases/{id}/distribution")).await?;
            if json {
                return print_json(&rows);
            }
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.state.to_string(),
                        r.version.map(|v| format!("v{v}")).unwrap_or_default(),
                        datetime(r.sent_at),
                        r.receipted_at.map_or("not yet".into(), datetime),
                        r.message_id.to_string(),
                    ]
                })
                .collect();
            table(&["STATE", "VERSION", "SENT", "RECEIPTED", "MESSAGE"], &cells);
            Ok(())
        }
        CaseCmd::Exchanges { case } => {
            let id = parse_case(&case)?;
            let items: Vec<ExchangeEntry> = client.get(&format!("/v1/cases/{id}/exchanges")).await?;
            if json {
                return print_json(&items);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|e| {
                    let to: Vec<String> = e.to.iter().map(ToString::to_string).collect();
                    vec![
                        datetime(e.at),
                        match e.direction {
                            Direction::Sent => "sent".into(),
                            Direction::Received => "received".into(),
                        },
                        e.payload.kind().to_string(),
                        e.from.to_string(),
                        to.join(","),
                        e.message_id.to_string(),
                    ]
                })
                .collect();
            table(&["AT", "", "KIND", "FROM", "TO", "MESSAGE"], &rows);
            Ok(())
        }
    }
}

fn show(c: &CaseEntry) {
    let r = &c.record;
    let k = &r.content;
    outln!("case:          {} (version {})", r.id, r.version);
    outln!("title:         {}", k.title);
    outln!("status:        {:?}, investigation {:?}", k.status, k.investigation);
    let m = &k.marking;
    outln!(
        "marking:       {} {} operational use: {:?}",
        if m.confidentiality.is_empty() { "(no label)" } else { &m.confidentiality },
        m.handling.label(),
        m.operational_use
    );
    if let Some(why) = m.sharing_refusal() {
        outln!("               {why}");
    }
    outln!(
        "origin:        {}",
        match &c.origin {
            Origin::Own => "own case".to_string(),
            Origin::Received { from, message_id } => format!("received from {from} in {message_id}"),
        }
    );
    if let Some(w) = &c.withdrawn {
        outln!("WITHDRAWN:     {} (version {}): {}", datetime(w.at), w.version, w.reason);
    }
    outln!("created:       {}; updated {}", datetime(r.created_at), datetime(r.updated_at));
    if let Some(days) = k.timeliness_days() {
        outln!("detected:      {days} day(s) after the diversion (ToR-18 timeliness)");
    }
    let places = |v: &[dief_protocol::case::Place]| -> String {
        v.iter()
            .map(|p| match (&p.name, p.country) {
                (n, Some(c)) if !n.is_empty() => format!("{n} ({c})"),
                (_, Some(c)) => c.to_string(),
                (n, None) => n.clone(),
            })
            .collect::<Vec<_>>()
            .join(" → ")
    };
    if !k.trafficking_route.is_empty() {
        outln!("route:         {}", places(&k.trafficking_route));
    }
    if !k.transit_points.is_empty() {
        outln!("transit:       {}", places(&k.transit_points));
    }
    if !k.destinations.is_empty() {
        outln!("destinations:  {}", places(&k.destinations));
    }
    if !k.brokers.is_empty() {
        outln!("brokers:       {}", k.brokers.join(", "));
    }
    if !k.concealment.is_empty() {
        let c: Vec<String> = k.concealment.iter().map(ToString::to_string).collect();
        outln!("concealment:   {}", c.join(", "));
    }
    if !k.items.is_empty() {
        outln!("items:         {}", k.items.len());
        for i in &k.items {
            outln!("  - {} {} {} x{}", i.category, i.make, i.model, i.quantity);
        }
    }
    if !k.attachments.is_empty() {
        outln!("attachments:   {}", k.attachments.len());
    }
    if !k.summary.is_empty() {
        outln!("\n{}", k.summary);
    }
}
