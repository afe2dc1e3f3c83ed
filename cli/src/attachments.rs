//! `dief attachment`: the streamed attachments of a node (issue 13), their
//! progress (a bar polling the node until the file is complete), fetching
//! a failed one again, and their download, written to a file as the node
//! streams it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use dief_node::core::attachments::{FileProgress, FileState};
use indicatif::{ProgressBar, ProgressStyle};

use crate::client::Client;
use crate::commands::print_json;

/// How often a bar asks the node for progress.
const POLL: Duration = Duration::from_millis(250);

#[derive(Debug, Subcommand)]
pub enum AttachmentCmd {
    /// Every streamed attachment this node holds or fetches, with progress.
    List,
    /// One attachment's progress; with --wait, a bar until it is complete.
    Show {
        /// The attachment id (64 hexadecimal characters).
        id: String,
        #[arg(long)]
        wait: bool,
    },
    /// Download a complete attachment to a file.
    Get {
        id: String,
        /// Where to write it.
        out: PathBuf,
        /// First wait (with a bar) until this node holds all of it.
        #[arg(long)]
        wait: bool,
    },
    /// Fetch a failed attachment again (its chunks did not make the file
    /// of the record): its chunks are deleted and asked for anew.
    Refetch {
        id: String,
        /// Then wait (with a bar) until this node holds all of it.
        #[arg(long)]
        wait: bool,
    },
}

pub(crate) fn bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {eta}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn row(p: &FileProgress) -> String {
    let state = match p.state {
        FileState::Fetching => "fetching",
        FileState::Complete => "complete",
        FileState::Failed => "failed",
    };
    let case = p.case.map(|c| c.to_string()).unwrap_or_default();
    format!("{}  {:<8}  {:>12}/{:<12}  {}  {}  {}", p.id, state, p.held_bytes, p.size, p.provider, case, p.name)
}

/// Polls the node with a bar until the file is complete (or failed).
pub async fn wait_complete(client: &Client, id: &str) -> Result<FileProgress> {
    let mut p: FileProgress = client.get(&format!("/v1/attachments/{id}")).await?;
    let bar = bar(p.size);
    bar.set_message(p.name.clone());
    loop {
        bar.set_position(p.held_bytes);
        match p.state {
            FileState::Complete => {
                bar.finish();
                return Ok(p);
            }
            FileState::Failed => {
                bar.abandon();
                bail!("{}: the chunks held do not make the file of the record", p.name);
            }
            FileState::Fetching => {}
        }
        tokio::time::sleep(POLL).await;
        p = client.get(&format!("/v1/attachments/{id}")).await?;
    }
}

async fn download(client: &Client, id: &str, out: &Path) -> Result<FileProgress> {
    let p: FileProgress = client.get(&format!("/v1/attachments/{id}")).await?;
    let mut file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let bar = bar(p.size);
    bar.set_message(p.name.clone());
    let written = client.download(&format!("/v1/attachments/{id}/content"), &mut file, |n| bar.set_position(n)).await?;
    bar.finish();
    if written != p.size {
        bail!("{} bytes written of {}", written, p.size);
    }
    file.sync_all().with_context(|| format!("writing {}", out.display()))?;
    Ok(p)
}

pub async fn run(dir: &Path, json: bool, cmd: AttachmentCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        AttachmentCmd::List => {
            let all: Vec<FileProgress> = client.get("/v1/attachments").await?;
            if json {
                return print_json(&all);
            }
            for p in &all {
                outln!("{}", row(p));
            }
            Ok(())
        }
        AttachmentCmd::Show { id, wait } => {
            let p = if wait {
                wait_complete(&client, &id).await?
            } else {
                client.get(&format!("/v1/attachments/{id}")).await?
            };
            if json {
                return print_json(&p);
            }
            outln!("{}", row(&p));
            Ok(())
        }
        AttachmentCmd::Refetch { id, wait } => {
            let mut p: FileProgress = client.post(&format!("/v1/attachments/{id}/refetch"), &()).await?;
            if wait {
                p = wait_complete(&client, &id).await?;
            }
            if json {
                return print_json(&p);
            }
            outln!("{}", row(&p));
            Ok(())
        }
        AttachmentCmd::Get { id, out, wait } => {
            if wait {
                wait_complete(&client, &id).await?;
            }
            let p = download(&client, &id, &out).await?;
            if json {
                return print_json(&p);
            }
            outln!("{} written to {} ({} bytes, SHA-256 {})", p.name, out.display(), p.size, p.sha256);
            Ok(())
        }
    }
}
