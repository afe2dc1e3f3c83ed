//! `dief load`: creates many cases with distinct titles and shares each
//! with the chosen States through the running node's local API, a bounded
//! number at a time. It exists for the Docker fault tests (one `docker
//! exec` instead of a thousand) and for trying a deployment by hand. Each
//! title is `<tag> <index>`, so a receiver's inbox can be counted by title:
//! delivered, lost and duplicated.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Result};
use dief_node::api::{Sent, ShareRequest};
use dief_protocol::case::CaseContent;
use dief_protocol::payload::{CaseStatus, Investigation};
use dief_protocol::{CaseId, CaseRecord, MessageId, StateCode};
use serde::Serialize;
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::client::{Client, ClientError};

/// More than any test or trial needs; keeps one command bounded.
const MAX_COUNT: usize = 100_000;
const MAX_CONCURRENCY: usize = 64;

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Comma-separated State codes every case is shared with.
    #[arg(long, value_delimiter = ',', required = true)]
    pub to: Vec<StateCode>,
    /// Cases to create and share.
    #[arg(long, default_value_t = 100)]
    pub count: usize,
    /// Index of the first case, so several runs can continue one numbering.
    #[arg(long, default_value_t = 0)]
    pub start: usize,
    /// First word of every title; makes one run's cases easy to count.
    #[arg(long, default_value = "load")]
    pub tag: String,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
}

/// One case created and queued for sharing.
#[derive(Debug, Clone, Serialize)]
pub struct Shared {
    pub index: usize,
    pub title: String,
    pub case_id: CaseId,
    pub message_id: MessageId,
}

#[derive(Debug, Serialize)]
pub struct LoadReport {
    pub to: Vec<StateCode>,
    pub shared: Vec<Shared>,
    pub elapsed_ms: u128,
    /// Set when the run stopped early; `shared` still lists what the node
    /// accepted before that.
    pub error: Option<String>,
}

/// The title of case `index` of a run tagged `tag`.
pub fn title(tag: &str, index: usize) -> String {
    format!("{tag} {index:06}")
}

pub async fn run(dir: &std::path::Path, json: bool, args: LoadArgs) -> Result<()> {
    if args.count > MAX_COUNT {
        bail!("--count is at most {MAX_COUNT}");
    }
    if !(1..=MAX_CONCURRENCY).contains(&args.concurrency) {
        bail!("--concurrency is between 1 and {MAX_CONCURRENCY}");
    }
    if args.tag.trim().is_empty() || args.tag.len() > 100 {
        bail!("--tag needs 1 to 100 characters");
    }
    let client = Arc::new(Client::for_dir(dir)?);
    let span = tracing::info_span!("load", count = args.count, to = ?args.to);
    let began = Instant::now();
    let (mut shared, error) = drive(&client, &args).instrument(span).await;
    shared.sort_by_key(|s| s.index);
    let report = LoadReport { to: args.to.clone(), shared, elapsed_ms: began.elapsed().as_millis(), error };
    if json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let secs = began.elapsed().as_secs_f64();
        let to: Vec<String> = args.to.iter().map(ToString::to_string).collect();
        outln!(
            "{} case(s) created and queued for {} in {secs:.1} s ({:.0}/s)",
            report.shared.len(),
            to.join(", "),
            report.shared.len() as f64 / secs.max(0.001)
        );
    }
    match report.error {
        Some(e) => bail!("stopped after {} of {} case(s): {e}", report.shared.len(), args.count),
        None => Ok(()),
    }
}

/// Runs the shares, at most `concurrency` at once; on the first error it
/// starts no more and lets those in flight finish.
async fn drive(client: &Arc<Client>, args: &LoadArgs) -> (Vec<Shared>, Option<String>) {
    let mut set: JoinSet<Result<Shared, ClientError>> = JoinSet::new();
    let mut shared = Vec::with_capacity(args.count);
    let mut error = None;
    let mut next = args.start;
    let end = args.start.saturating_add(args.count);
    loop {
        while error.is_none() && next < end && set.len() < args.concurrency {
            let client = client.clone();
            let title = title(&args.tag, next);
            let to = args.to.clone();
            let index = next;
            set.spawn(async move { one(&client, index, title, to).await });
            next += 1;
        }
        match set.join_next().await {
            None => break,
            Some(Ok(Ok(s))) => shared.push(s),
            Some(Ok(Err(e))) => {
                error.get_or_insert_with(|| e.to_string());
            }
            Some(Err(e)) => {
                error.get_or_insert_with(|| format!("a share task failed: {e}"));
            }
        }
    }
    (shared, error)
}

async fn one(client: &Client, index: usize, title: String, to: Vec<StateCode>) -> Result<Shared, ClientError> {
    let mut new = CaseContent::new(title.clone(), CaseStatus::Suspected, Investigation::Ongoing);
    new.summary = format!("Generated by `dief load` (case {index}).");
    new.marking.confidentiality = "DIEF confidential".into();
    let case: CaseRecord = client.post("/v1/cases", &new).await?;
    let sent: Sent = client.post(&format!("/v1/cases/{}/share", case.id), &ShareRequest { to }).await?;
    Ok(Shared { index, title, case_id: case.id, message_id: sent.message_id })
}
