//! One function per command. Daemon commands (`init`, `run`) use the node
//! library directly; the others talk to the running node's local API.

use std::path::Path;

use anyhow::{bail, Context, Result};
use dief_node::api::{
    Armored, ArmoredList, BackupRequest, ChairRequest, ReplyRequest, Requeued, RosterView, Sent, ShareRequest,
    StateRequest, WireVersionRequest,
};
use dief_node::config::{self, ConfigError, NodeConfig};
use dief_node::node::{Delivery, InitOptions, OutboxItem, RestoreReport, Status};
use dief_node::records::InboxEntry;
use dief_node::store::BackupInfo;
use dief_node::{Clock, Node, Unlock};
use dief_protocol::meeting::{BriefingAnswer, ExpertEvent, IntentSubject};
use dief_protocol::roster::MemberStatus;
use dief_protocol::{CaseId, Party, Payload};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::args::{Cli, Command, ConfigCmd, LogFormat, RosterCmd, Status as StatusArg};
use crate::client::{Client, ClientError};
use crate::exit;
use crate::output::{clip, datetime, parse_date_end, table};

/// `dief status` found items that need an operator: exit
/// [`exit::ATTENTION`] so monitoring can act on it.
#[derive(Debug, thiserror::Error)]
#[error("the node needs attention: {0} item(s)")]
pub struct NeedsAttention(pub usize);

/// Maps an error to the documented exit code.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<NeedsAttention>().is_some() {
        return exit::ATTENTION;
    }
    if e.downcast_ref::<ConfigError>().is_some() {
        return exit::USAGE;
    }
    match e.downcast_ref::<ClientError>() {
        Some(ClientError::Unreachable { .. }) => exit::UNREACHABLE,
        Some(ClientError::Refused { .. }) => exit::REFUSED,
        Some(ClientError::NodeFailed { .. }) => exit::NODE_FAILED,
        Some(ClientError::Config(_)) => exit::USAGE,
        _ => exit::ERROR,
    }
}

/// How the store is unlocked: a key file (DIEF_KEY_FILE), a passphrase file
/// (DIEF_PASSPHRASE_FILE, e.g. a Docker secret) or DIEF_PASSPHRASE.
pub fn unlock_from_env() -> Result<Unlock> {
    if let Some(p) = std::env::var_os("DIEF_KEY_FILE") {
        return Ok(Unlock::KeyFile(p.into()));
    }
    if let Some(p) = std::env::var_os("DIEF_PASSPHRASE_FILE") {
        let text = Zeroizing::new(
            std::fs::read_to_string(&p)
                .with_context(|| format!("reading DIEF_PASSPHRASE_FILE {}", Path::new(&p).display()))?,
        );
        return Ok(Unlock::Passphrase(Zeroizing::new(text.trim_end_matches(['\n', '\r']).to_string())));
    }
    if let Ok(p) = std::env::var("DIEF_PASSPHRASE") {
        if p.is_empty() {
            bail!("DIEF_PASSPHRASE is empty");
        }
        return Ok(Unlock::Passphrase(Zeroizing::new(p)));
    }
    bail!("no key given: set DIEF_PASSPHRASE, DIEF_PASSPHRASE_FILE or DIEF_KEY_FILE")
}

/// The log format: `--log-format` (or DIEF_LOG_FORMAT), else for the
/// daemon the one in node.toml, else human.
pub fn log_format(cli: &Cli) -> LogFormat {
    if let Some(f) = cli.log_format {
        return f;
    }
    if !matches!(cli.command, Command::Run | Command::Up(_)) {
        return LogFormat::Human;
    }
    match NodeConfig::load_file(&cli.dir).map(|c| c.log_format) {
        Ok(config::LogFormat::Json) => LogFormat::Json,
        _ => LogFormat::Human,
    }
}

/// `dief config show` and `dief config check`.
fn config_cmd(dir: &Path, json: bool, cmd: ConfigCmd) -> Result<()> {
    let cfg = NodeConfig::load(dir)?;
    let overridden: Vec<String> = config::ENV_OVERRIDES
        .iter()
        .filter(|(var, _)| std::env::var_os(var).is_some())
        .map(|(var, key)| format!("{key} (from {var})"))
        .collect();
    match cmd {
        ConfigCmd::Show if json => print_json(&cfg),
        ConfigCmd::Show => {
            out!("{}", cfg.to_toml().map_err(anyhow::Error::msg)?);
            if !overridden.is_empty() {
                outln!("# overridden by the environment: {}", overridden.join(", "));
            }
            Ok(())
        }
        ConfigCmd::Check => {
            if json {
                return print_json(&serde_json::json!({ "ok": true, "overridden": overridden }));
            }
            outln!("{}: ok", NodeConfig::path(dir).display());
            if !overridden.is_empty() {
                outln!("overridden by the environment: {}", overridden.join(", "));
            }
            Ok(())
        }
    }
}

/// `dief backup --out FILE`: the running node writes it, so the path is
/// made absolute here (the node's working directory is not ours).
async fn backup(dir: &Path, json: bool, out: &Path) -> Result<()> {
    let out = std::path::absolute(out).with_context(|| format!("resolving {}", out.display()))?;
    let info: BackupInfo = Client::for_dir(dir)?.post("/v1/backup", &BackupRequest { out }).await?;
    if json {
        return print_json(&info);
    }
    outln!(
        "Backup of {} written to {}: {} bytes, {} store file(s), schema {}, taken {}",
        dir.display(),
        info.path.display(),
        info.bytes,
        info.files,
        info.schema,
        datetime(info.created_at)
    );
    Ok(())
}

/// `dief restore FILE --dir D`: offline, from the backup file alone.
fn restore(dir: &Path, json: bool, file: &Path) -> Result<()> {
    let report: RestoreReport = Node::restore(file, dir, &unlock_from_env()?)
        .with_context(|| format!("restoring {} into {}", file.display(), dir.display()))?;
    if json {
        return print_json(&report);
    }
    outln!(
        "Restored {} into {} from the backup taken {}",
        report.party,
        report.dir.display(),
        datetime(report.backup_created_at)
    );
    outln!(
        "Start it with `dief --dir {} run`: it asks its peers to re-send what it received after the backup.",
        report.dir.display()
    );
    outln!("What this node itself did after the backup (cases created, messages sent) is not in it.");
    Ok(())
}

/// `dief man --out DIR`: one page for `dief` and one per command.
fn man_pages(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    clap_mangen::generate_to(<Cli as clap::CommandFactory>::command(), out)
        .with_context(|| format!("writing man pages to {}", out.display()))?;
    let n = std::fs::read_dir(out)?.count();
    outln!("{n} man page(s) in {}", out.display());
    Ok(())
}

fn attention_result(s: &Status) -> Result<()> {
    if s.attention.is_empty() {
        Ok(())
    } else {
        Err(NeedsAttention(s.attention.len()).into())
    }
}

pub(crate) fn print_json<T: Serialize>(v: &T) -> Result<()> {
    outln!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

pub(crate) fn write_or_print(out: Option<&Path>, text: &str) -> Result<()> {
    match out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("writing {}", p.display())),
        None => {
            out!("{text}");
            Ok(())
        }
    }
}

pub(crate) fn read_file(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))
}

/// Writes a new file readable by its owner only (a key file), refusing to
/// replace one.
pub(crate) fn write_new_private(p: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(p).with_context(|| format!("creating {}", p.display()))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).with_context(|| format!("writing {}", p.display()))
}

pub(crate) fn parse_case(s: &str) -> Result<CaseId> {
    s.parse().with_context(|| format!("{s:?} is not a case id (like FRA-01J...)"))
}

pub async fn run(cli: Cli) -> Result<()> {
    let dir = cli.dir.clone();
    let json = cli.json;
    match cli.command {
        Command::Init { state, secretariat, status, roster_key, listen, announce, api } => {
            let party = match (secretariat, state) {
                (true, _) => Party::Secretariat,
                (false, Some(s)) => Party::State(s),
                (false, None) => bail!("give --state CODE or --secretariat"),
            };
            let report = Node::init(
                &dir,
                &unlock_from_env()?,
                InitOptions {
                    party,
                    status: party.state().map(|_| match status {
                        StatusArg::StateParty => MemberStatus::StateParty,
                        StatusArg::Signatory => MemberStatus::Signatory,
                    }),
                    listen,
                    announce,
                    api,
                    // On the Secretariat, a fingerprint means its roster
                    // key is kept offline.
                    roster_key_fingerprint: roster_key,
                },
            )?;
            if json {
                return print_json(&report);
            }
            outln!("Initialised {} in {}", report.party, report.dir.display());
            outln!("peer id:          {}", report.peer_id);
            outln!("key fingerprint:  {}", report.signing_key_fingerprint);
            if let Some(roster_key) = &report.roster_key_fingerprint {
                outln!("roster key:       {roster_key}");
                outln!(
                    "Give the roster key's fingerprint to every State (out of band): they pin it with \
                     `dief init --roster-key`."
                );
            } else if secretariat {
                outln!(
                    "The roster key is offline: sign the first roster there (`dief roster draft --out`, \
                     `dief roster sign`, `dief roster publish`)."
                );
            }
            Ok(())
        }
        Command::Run => run_daemon(&dir).await,
        Command::Backup { out } => backup(&dir, json, &out).await,
        Command::Restore { file } => restore(&dir, json, &file),
        Command::Status => {
            let s: Status = Client::for_dir(&dir)?.get("/v1/status").await?;
            if json {
                print_json(&s)?;
                return attention_result(&s);
            }
            outln!("node:     {}", s.party);
            outln!("peer id:  {}", s.peer_id);
            outln!("listen:   {}", s.listen.join(" "));
            outln!(
                "roster:   {}",
                s.roster_sequence
                    .map_or("none (import one)".to_string(), |q| format!("sequence {q}, {} members", s.members))
            );
            outln!("connected peers: {}; outbox pending: {}; inbox: {}", s.connected, s.outbox_pending, s.inbox);
            if s.chunks_served > 0 {
                outln!("attachments: {} chunks served to members since the node started", s.chunks_served);
            }
            match (&s.backup.last_at, &s.backup.last_file) {
                (Some(at), Some(file)) => outln!("backup:   last {} to {}", datetime(*at), file.display()),
                _ => outln!("backup:   none since the node started"),
            }
            if s.attention.is_empty() {
                outln!("health:   ok");
            }
            for item in &s.attention {
                outln!("ATTENTION: {item}");
            }
            attention_result(&s)
        }
        Command::Health => {
            let s: Status = Client::for_dir(&dir)?.get("/v1/status").await?;
            if json {
                return print_json(&s);
            }
            outln!("ok {}", s.party);
            Ok(())
        }
        Command::Roster(cmd) => roster(&dir, json, cmd).await,
        Command::Keys(cmd) => crate::trust::keys(&dir, json, cmd).await,
        Command::User(cmd) => crate::users::run(&Client::for_dir(&dir)?, json, cmd).await,
        Command::Alerts(cmd) => crate::trust::alerts(&dir, json, cmd).await,
        Command::Case(cmd) => crate::cases::run(&dir, json, cmd).await,
        Command::Attachment(cmd) => crate::attachments::run(&dir, json, cmd).await,
        Command::Share { case, to } => {
            let id = parse_case(&case)?;
            let sent: Sent =
                Client::for_dir(&dir)?.post(&format!("/v1/cases/{id}/share"), &ShareRequest { to: to.clone() }).await?;
            if json {
                return print_json(&sent);
            }
            let to: Vec<String> = to.iter().map(ToString::to_string).collect();
            outln!("Case {id} queued for {} as message {}", to.join(", "), sent.message_id);
            Ok(())
        }
        Command::Inbox => {
            let items: Vec<InboxEntry> = Client::for_dir(&dir)?.get("/v1/inbox").await?;
            if json {
                return print_json(&items);
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|e| {
                    vec![
                        datetime(e.received_at),
                        e.sender.to_string(),
                        e.kind.to_string(),
                        describe(&e.payload),
                        e.message_id.to_string(),
                    ]
                })
                .collect();
            table(&["RECEIVED", "FROM", "KIND", "CONTENT", "MESSAGE"], &rows);
            Ok(())
        }
        Command::Reply { case, body, language, to } => {
            let id = parse_case(&case)?;
            let sent: Sent = Client::for_dir(&dir)?
                .post(&format!("/v1/cases/{id}/reply"), &ReplyRequest { body, language, to })
                .await?;
            if json {
                return print_json(&sent);
            }
            outln!("Reply about {id} queued as message {}", sent.message_id);
            Ok(())
        }
        Command::Outbox { retry } => {
            let client = Client::for_dir(&dir)?;
            if let Some(id) = retry {
                let r: Requeued = client.post(&format!("/v1/outbox/{id}/retry"), &()).await?;
                if json {
                    return print_json(&r);
                }
                outln!("{} delivery(ies) of {id} back in the queue", r.requeued);
                return Ok(());
            }
            let items: Vec<OutboxItem> = client.get("/v1/outbox").await?;
            if json {
                return print_json(&items);
            }
            let mut rows = Vec::new();
            for item in &items {
                for (party, d) in &item.recipients {
                    let (state, detail) = match d {
                        Delivery::Pending { attempts, last_error } => (
                            "pending",
                            format!(
                                "{attempts} attempt(s){}",
                                last_error.as_deref().map(|e| format!(": {}", clip(e, 60))).unwrap_or_default()
                            ),
                        ),
                        Delivery::Delivered { receipted_at, duplicate } => (
                            "delivered",
                            format!(
                                "receipted {}{}",
                                datetime(*receipted_at),
                                if *duplicate { " (repeat)" } else { "" }
                            ),
                        ),
                        Delivery::SetAside { reason, attempts } => {
                            ("SET ASIDE", format!("after {attempts} attempt(s): {}", clip(reason, 60)))
                        }
                    };
                    rows.push(vec![
                        datetime(item.created_at),
                        item.kind.to_string(),
                        party.to_string(),
                        state.to_string(),
                        detail,
                        item.message_id.to_string(),
                    ]);
                }
            }
            table(&["SENT", "KIND", "TO", "STATE", "DETAIL", "MESSAGE"], &rows);
            Ok(())
        }
        Command::Notice(cmd) => crate::procedures::notice(&dir, json, cmd).await,
        Command::Use(cmd) => crate::procedures::use_cmd(&dir, json, cmd).await,
        Command::Challenge(cmd) => crate::procedures::challenge(&dir, json, cmd).await,
        Command::Thread(cmd) => crate::procedures::thread(&dir, json, cmd).await,
        Command::Audit(cmd) => crate::procedures::audit(&dir, json, cmd).await,
        Command::Meeting(cmd) => crate::meetings::meeting(&dir, json, cmd).await,
        Command::Intent(cmd) => crate::meetings::intent(&dir, json, cmd).await,
        Command::Expert(cmd) => crate::meetings::expert(&dir, json, cmd).await,
        Command::Briefing(cmd) => crate::meetings::briefing(&dir, json, cmd).await,
        Command::Deadlines => crate::meetings::deadlines(&dir, json).await,
        Command::Calendar { out } => crate::meetings::calendar(&dir, json, out).await,
        Command::Contact(cmd) => crate::procedures::contact(&dir, json, cmd).await,
        Command::Demo { serve } => crate::demo::run(json, serve).await,
        Command::Bench { attachment: Some(mib), .. } => crate::bench_stream::run_attachment(mib, json).await,
        Command::Bench { search: Some(cases), .. } => crate::bench::run_search(cases, json).await,
        Command::Bench { federation: Some(nodes), quic, processes, .. } => {
            crate::bench_federation::run_federation(nodes.into(), processes.map(usize::from), quic, json).await
        }
        Command::Bench { envelopes, samples, .. } => crate::bench::run(envelopes, samples, json).await,
        Command::BenchWorker => crate::bench_worker::serve().await,
        Command::Up(args) => crate::up::run(&dir, args).await,
        Command::Load(args) => crate::load::run(&dir, json, args).await,
        Command::Config(cmd) => config_cmd(&dir, json, cmd),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut completion_command(), "dief", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            Ok(())
        }
        Command::Man { out } => man_pages(&out),
    }
}

/// The commands the completion scripts offer: every one but the hidden
/// (`bench-worker`), which clap_complete's bash script would list with the
/// others.
fn completion_command() -> clap::Command {
    let full = <Cli as clap::CommandFactory>::command();
    let mut shown = clap::Command::new("dief").version(env!("CARGO_PKG_VERSION")).args(full.get_arguments().cloned());
    if let Some(about) = full.get_about() {
        shown = shown.about(about.clone());
    }
    shown.subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned())
}

fn describe(p: &Payload) -> String {
    match p {
        Payload::CaseShare { case, .. } => format!("{} v{}: {}", case.id, case.version, clip(&case.content.title, 50)),
        Payload::CaseUpdate { case, .. } => {
            format!("{} now v{}: {}", case.id, case.version, clip(&case.content.title, 50))
        }
        Payload::Reply(r) => format!("on {}: {}", r.case_id, clip(&r.body, 60)),
        Payload::RosterUpdate(_) => "signed roster".to_string(),
        Payload::CaseWithdrawal(w) => format!("{} withdrawn: {}", w.case_id, clip(&w.reason, 50)),
        Payload::InvolvedNotice(n) => {
            format!("notice on {} for the meeting of {}: {}", n.case_id, n.meeting_date, clip(&n.summary, 40))
        }
        Payload::NoticeReply(r) => format!("reply to notice on {}: {}", r.case_id, clip(&r.body, 50)),
        Payload::RightOfReply(r) => format!("right of reply on {}: {}", r.case_id, clip(&r.body, 50)),
        Payload::UseRequest(r) => format!("use request on {}: {:?}", r.case_id, r.purpose),
        Payload::UseAnswer(a) => format!("use answer on {}: {}", a.case_id, a.decision.as_str()),
        Payload::Challenge(c) => format!("challenge: {}", clip(&c.concern, 60)),
        Payload::ChallengeAnswer(a) => format!("challenge answer: {}", clip(&a.explanation, 50)),
        Payload::ChallengeClose(_) => "challenge closed".to_string(),
        Payload::ThreadPost(t) => format!("thread on {}: {}", t.case_id, clip(&t.body, 50)),
        Payload::ContactCard(c) => match c.peek() {
            Ok(card) => format!("contact card of {} v{}: {}", card.state, card.sequence, clip(&card.agency, 40)),
            Err(_) => "contact card".to_string(),
        },
        Payload::Invitation(i) => format!(
            "invitation to \"{}\", {} to {} at {}",
            clip(&i.meeting.title, 40),
            i.meeting.first_day,
            i.meeting.last_day,
            clip(&i.meeting.venue, 30)
        ),
        Payload::DraftAgenda(a) => {
            format!("draft agenda v{} of meeting {}: {} item(s)", a.version, a.meeting, a.items.len())
        }
        Payload::AgendaAdoption(a) => {
            format!("agenda v{} of meeting {} adopted {}", a.version, a.meeting, a.adopted_on)
        }
        Payload::PresentationIntent(i) => match i.subject {
            IntentSubject::Case { case_id } => format!("{} intends to present case {case_id}", i.presenter),
            IntentSubject::OtherInformation => format!("{} intends to present other information", i.presenter),
        },
        Payload::IntentWithdrawal(w) => format!("intent {} withdrawn", w.intent),
        Payload::Registration(r) => format!(
            "{}'s delegation (revision {}, {} people) for meeting {}",
            r.state,
            r.revision,
            r.delegates.len(),
            r.meeting
        ),
        Payload::ExpertProposal(p) => {
            format!("{} proposes expert {} for meeting {}", p.proposer, clip(&p.expert_name, 40), p.meeting)
        }
        Payload::ExpertCirculation(c) => format!(
            "expert {} proposed by {} circulated {} (ToR-8 silence)",
            clip(&c.proposal.expert_name, 40),
            c.proposal.proposer,
            c.circulated_on
        ),
        Payload::ExpertRecord(r) => {
            let what = match &r.event {
                ExpertEvent::Circulated => "circulation".to_string(),
                ExpertEvent::Objection { reason } => format!("objection: {}", clip(shown(reason), 40)),
                ExpertEvent::Consultation { objection_withdrawn: true, .. } => "objection withdrawn".to_string(),
                ExpertEvent::Consultation { note, .. } => format!("consultation: {}", clip(shown(note), 40)),
                ExpertEvent::Decision { accepted: true, .. } => "decision: accepted".to_string(),
                ExpertEvent::Decision { accepted: false, .. } => "decision: rejected".to_string(),
                ExpertEvent::Withdrawn => "proposal withdrawn".to_string(),
            };
            format!("expert proposal {} by {}: {what}", r.proposal, r.by)
        }
        Payload::ExpertAcknowledgement(a) => match a.peek() {
            Ok(ack) => {
                format!("signed acknowledgement of expert {} ({})", clip(&ack.expert_name, 40), ack.inviting_state)
            }
            Err(_) => "expert acknowledgement".to_string(),
        },
        Payload::BriefingDraft(b) => {
            format!("briefing draft v{} for meeting {}: {}", b.version, b.meeting, clip(&b.text, 40))
        }
        Payload::BriefingResponse(r) => match &r.answer {
            BriefingAnswer::Consent => format!("{} consents to briefing v{}", r.by, r.version),
            BriefingAnswer::Object { reason } => {
                format!("{} objects to briefing v{}: {}", r.by, r.version, clip(reason, 40))
            }
        },
        Payload::ResendRequest(r) => format!("asks for what it receipted since {}", datetime(r.since_ms)),
        _ => "(newer kind)".to_string(),
    }
}

async fn run_daemon(dir: &Path) -> Result<()> {
    let unlock = unlock_from_env()?;
    let node = Node::start(dir, &unlock, Clock::system())
        .await
        .with_context(|| format!("starting the node in {}", dir.display()))?;
    let token = dief_node::config::read_token(dir)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let api = dief_node::api::serve(node.clone(), node.config().api, token, stopped(stop_rx.clone())).await?;
    let metrics = match node.config().metrics {
        Some(addr) => {
            let bound = dief_node::api::serve_metrics(node.clone(), addr, stopped(stop_rx.clone())).await?;
            format!("; metrics on http://{bound}/metrics")
        }
        None => String::new(),
    };
    eprintln!(
        "dief node {} running: peer {} on {}; API on {api}{metrics}. Ctrl-C to stop.",
        node.party(),
        node.peer_id(),
        node.listen_addrs().await?.join(" ")
    );
    shutdown_signal().await;
    eprintln!("stopping…");
    let _ = stop_tx.send(true);
    node.shutdown().await;
    Ok(())
}

/// SIGTERM (`docker stop`) or Ctrl-C. As PID 1 in a container the process
/// gets no default handlers, so without this `docker stop` would wait for
/// its timeout and then kill the node.
pub(crate) async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

pub(crate) fn print_roster(r: &RosterView) {
    if r.draft {
        outln!("DRAFT roster sequence {}: sign it offline (`dief roster draft --out`, `dief roster sign`,", r.sequence);
        outln!("`dief roster publish`); members see nothing until then.");
    }
    outln!("roster sequence {} issued {}", r.sequence, datetime(r.issued_at));
    outln!("roster key {}", r.roster_key_fingerprint);
    match &r.chair {
        Some(c) => outln!("Chair: {} until {}", c.state, datetime(c.term_ends_at)),
        None => outln!("Chair: none appointed"),
    }
    outln!("members write wire version {}", r.wire_version);
    let rows: Vec<Vec<String>> = r
        .members
        .iter()
        .map(|m| vec![m.state.to_string(), m.status.to_string(), m.peer_id.clone(), m.addrs.join(" ")])
        .collect();
    table(&["STATE", "STATUS", "PEER", "ADDRESSES"], &rows);
}

async fn roster(dir: &Path, json: bool, cmd: RosterCmd) -> Result<()> {
    use crate::trust::{self, RosterAdmin};
    // Offline: no node, no network.
    match &cmd {
        RosterCmd::Keygen { out, passphrase_file } => return trust::keygen(out, passphrase_file.as_deref(), json),
        RosterCmd::Sign { draft, key, rotate_to, out, passphrase_file } => {
            return trust::sign(draft, key, rotate_to.as_deref(), out.as_deref(), passphrase_file.as_deref())
        }
        _ => {}
    }
    let client = Client::for_dir(dir)?;
    let admin = match cmd {
        RosterCmd::Draft { out } => Some(RosterAdmin::Draft { out }),
        RosterCmd::Publish { file } => Some(RosterAdmin::Publish { file }),
        RosterCmd::ApplyRotation { file } => Some(RosterAdmin::ApplyRotation { file }),
        RosterCmd::Recover { file, reason } => Some(RosterAdmin::Recover { file, reason }),
        RosterCmd::RotateKey => Some(RosterAdmin::RotateKey),
        other => return roster_basic(&client, json, other).await,
    };
    match admin {
        Some(a) => trust::roster_admin(&client, json, a).await,
        None => Ok(()),
    }
}

async fn roster_basic(client: &Client, json: bool, cmd: RosterCmd) -> Result<()> {
    let view: RosterView = match cmd {
        RosterCmd::Show => client.get("/v1/roster").await?,
        RosterCmd::Export { out } => {
            let a: Armored = client.get("/v1/roster/signed").await?;
            return write_or_print(out.as_deref(), &a.text);
        }
        RosterCmd::JoinRequest { out } => {
            let a: Armored = client.get("/v1/roster/join-request").await?;
            return write_or_print(out.as_deref(), &a.text);
        }
        RosterCmd::Import { file } => client.post("/v1/roster/import", &Armored { text: read_file(&file)? }).await?,
        RosterCmd::Admit { files } => match files.as_slice() {
            [file] => client.post("/v1/roster/admit", &Armored { text: read_file(file)? }).await?,
            _ => {
                let texts = files.iter().map(|f| read_file(f)).collect::<Result<Vec<_>>>()?;
                client.post("/v1/roster/admit-all", &ArmoredList { texts }).await?
            }
        },
        RosterCmd::Remove { state } => client.post("/v1/roster/remove", &StateRequest { state }).await?,
        RosterCmd::Chair { state, until } => {
            let term_ends_at = parse_date_end(&until).map_err(anyhow::Error::msg)?;
            client.post("/v1/roster/chair", &ChairRequest { state, term_ends_at }).await?
        }
        RosterCmd::WireVersion { version } => {
            client.post("/v1/roster/wire-version", &WireVersionRequest { version }).await?
        }
        other => bail!("{other:?} is not a roster listing command"),
    };
    if json {
        return print_json(&view);
    }
    print_roster(&view);
    Ok(())
}

/// A text sealed to the members as this node shows it: in clear once its
/// node opened it; otherwise (on the Secretariat, never a recipient) a
/// placeholder (issue 11 item 4).
fn shown(text: &dief_protocol::sealed::MemberText) -> &str {
    text.clear().unwrap_or("(sealed to the member States)")
}
