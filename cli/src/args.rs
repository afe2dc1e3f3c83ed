//! Command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use dief_protocol::{MessageId, StateCode};

#[derive(Debug, Parser)]
#[command(name = "dief", version, about = "ATT Diversion Information Exchange Forum node")]
pub struct Cli {
    /// Node directory (configuration, encrypted store, API token).
    #[arg(long, global = true, env = "DIEF_DIR", default_value = "dief-data")]
    pub dir: PathBuf,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    pub json: bool,
    /// More log output (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Log format on stderr: `human` lines, or `json` (one object a line)
    /// for log shippers. Default: `log_format` in node.toml, else human.
    #[arg(long, global = true, value_enum, env = "DIEF_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Status {
    StateParty,
    Signatory,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a node: keys, encrypted store, configuration, API token.
    /// The passphrase comes from DIEF_PASSPHRASE or DIEF_PASSPHRASE_FILE, or
    /// a key file from DIEF_KEY_FILE.
    Init {
        /// The State this node speaks for (ISO 3166-1 alpha-3).
        #[arg(long, conflicts_with = "secretariat", required_unless_present = "secretariat")]
        state: Option<StateCode>,
        /// Initialise the Secretariat node.
        #[arg(long)]
        secretariat: bool,
        /// State Party or Signatory State.
        #[arg(long, value_enum, default_value = "state-party")]
        status: Status,
        /// Fingerprint of the Secretariat's roster key, obtained out of band.
        #[arg(long, required_unless_present = "secretariat")]
        roster_key: Option<String>,
        /// Multiaddrs to listen on.
        #[arg(long, default_values = ["/ip4/0.0.0.0/tcp/4100", "/ip4/0.0.0.0/udp/4100/quic-v1"])]
        listen: Vec<String>,
        /// Multiaddrs peers should dial (defaults to --listen).
        #[arg(long)]
        announce: Vec<String>,
        /// Local API address (loopback).
        #[arg(long, default_value = "127.0.0.1:7100")]
        api: SocketAddr,
    },
    /// Run the node in the foreground until interrupted.
    Run,
    /// Is the node up, how is it connected, and does it need attention.
    /// Exits 6 when it does (set-aside envelopes, missed deadlines, store
    /// write errors, a roster entry that does not match this node's keys),
    /// listing why, so monitoring can use it.
    Status,
    /// Exit 0 if the node answers its API (for health checks).
    Health,
    /// Membership roster.
    #[command(subcommand)]
    Roster(RosterCmd),
    /// This node's keys and their rotation (key continuity).
    #[command(subcommand)]
    Keys(crate::trust::KeysCmd),
    /// Alerts that stay until an operator acknowledges them: keys replaced
    /// without a rotation, this node's own keys replaced, split rosters.
    #[command(subcommand)]
    Alerts(crate::trust::AlertsCmd),
    /// Cases held by this node.
    #[command(subcommand)]
    Case(crate::cases::CaseCmd),
    /// Streamed attachments: progress and download (issue 13).
    #[command(subcommand)]
    Attachment(crate::attachments::AttachmentCmd),
    /// Share a case with chosen States.
    Share {
        case: String,
        /// Comma-separated State codes.
        #[arg(long, value_delimiter = ',', required = true)]
        to: Vec<StateCode>,
    },
    /// Envelopes received.
    Inbox,
    /// Reply about a case (to its provider by default).
    Reply {
        case: String,
        #[arg(long)]
        body: String,
        #[arg(long, default_value = "en")]
        language: String,
        #[arg(long, value_delimiter = ',')]
        to: Option<Vec<StateCode>>,
    },
    /// Involved-State notices, replies and the presentation package (ToR-12).
    #[command(subcommand)]
    Notice(crate::procedures::NoticeCmd),
    /// Operational use: requests, answers, export (ToR-16).
    #[command(subcommand)]
    Use(crate::procedures::UseCmd),
    /// Disclosure challenges (ToR-15).
    #[command(subcommand)]
    Challenge(crate::procedures::ChallengeCmd),
    /// Follow-up threads on a case (ToR-21).
    #[command(subcommand)]
    Thread(crate::procedures::ThreadCmd),
    /// The contact directory of law-enforcement agencies (ToR-20).
    #[command(subcommand)]
    Contact(crate::procedures::ContactCmd),
    /// The hash-chained audit log.
    #[command(subcommand)]
    Audit(crate::procedures::AuditCmd),
    /// Meetings: calendar, invitation, agenda, registration (ToR-3 to 11).
    #[command(subcommand)]
    Meeting(crate::meetings::MeetingCmd),
    /// Presentation intents for a meeting (ToR-11).
    #[command(subcommand)]
    Intent(crate::meetings::IntentCmd),
    /// Non-state experts: proposal, silence procedure, acknowledgement
    /// (ToR-8, ToR-15).
    #[command(subcommand)]
    Expert(crate::meetings::ExpertCmd),
    /// The Chair's briefing and its clearance (ToR-22).
    #[command(subcommand)]
    Briefing(crate::meetings::BriefingCmd),
    /// This node's meeting deadlines; near and missed ones are marked
    /// WARNING (ToR-8 to 12).
    Deadlines,
    /// The meetings and deadlines as an iCalendar (.ics) file.
    Calendar {
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Envelopes sent: pending, delivered, set aside.
    Outbox {
        /// Put a set-aside message back in the queue.
        #[arg(long)]
        retry: Option<MessageId>,
    },
    /// Run a whole federation in this process and narrate it.
    Demo {
        /// Keep the demo's nodes running afterwards, each with its web
        /// interface on loopback; print the addresses and demo sign-ins,
        /// and stop on Ctrl-C.
        #[arg(long)]
        serve: bool,
    },
    /// Measure crypto cost, latency, throughput and memory.
    Bench {
        /// Envelopes for the throughput run.
        #[arg(long, default_value_t = 5000)]
        envelopes: usize,
        /// Shares for the latency run.
        #[arg(long, default_value_t = 300)]
        samples: usize,
        /// Instead: time case searches over this many held cases.
        #[arg(long)]
        search: Option<usize>,
        /// Instead: a federation of this many nodes (the Secretariat and
        /// N-1 States): the roster reaching every node, one case shared
        /// with every other State until all receipts are back, a meeting
        /// cycle, memory per node.
        #[arg(long, conflicts_with = "search", value_parser = clap::value_parser!(u16).range(3..=250))]
        federation: Option<u16>,
        /// With --federation: the nodes listen on QUIC only, whose
        /// connections share one UDP socket per node; over TCP the full
        /// mesh of a large federation in one process runs out of file
        /// descriptors.
        #[arg(long, requires = "federation")]
        quic: bool,
        /// With --federation: run the nodes in this many processes (this
        /// one keeps the Secretariat and the sharing State). By default as
        /// many as the full TCP mesh needs for each to stay within its
        /// file descriptor limit, one over QUIC.
        #[arg(long, requires = "federation", value_parser = clap::value_parser!(u16).range(1..=64))]
        processes: Option<u16>,
        /// Instead: one streamed attachment of this many MiB from FRA to
        /// GHA, each its own `dief run`: throughput and each node's peak
        /// memory over idle (issue 13).
        #[arg(long, conflicts_with_all = ["search", "federation"], value_parser = clap::value_parser!(u64).range(1..=262_144))]
        attachment: Option<u64>,
    },
    /// Run some States of `dief bench --federation` for the process that
    /// started this one, ordered over stdin and stdout.
    #[command(hide = true)]
    BenchWorker,
    /// Start a node in a container: initialise it on first start, form the
    /// roster through a shared exchange directory, then run (docker/).
    Up(crate::up::UpArgs),
    /// Create many distinct cases and share them (load and fault tests).
    Load(crate::load::LoadArgs),
    /// Write a backup of the running node (its encrypted store and
    /// node.toml, sealed: only this node's passphrase or key file restores
    /// it). The file is written by the node, on its machine.
    Backup {
        /// The backup file to write; must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Recreate a node directory (`--dir`, absent or empty) from a backup.
    /// Unlocked like `dief init` (DIEF_PASSPHRASE, DIEF_PASSPHRASE_FILE or
    /// DIEF_KEY_FILE: the node's own). At its next `dief run` the node asks
    /// its peers to re-send what it received after the backup.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// The node's settings (node.toml, with DIEF_* overrides).
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Accounts of the web interface, with their roles.
    #[command(subcommand)]
    User(crate::users::UserCmd),
    /// Print a shell completion script for `dief`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write man pages for `dief` and each of its commands to a directory.
    Man {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// The effective settings: node.toml with the environment overrides.
    Show,
    /// Check node.toml and the overrides; exits 2 naming the problem.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum RosterCmd {
    /// Show the roster this node holds.
    Show,
    /// Write the signed roster (armoured) to a file or stdout.
    Export {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import a signed roster (the first is checked against the pinned key).
    Import { file: PathBuf },
    /// Write this State's signed join request.
    JoinRequest {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Secretariat: admit States from their join requests, several in one
    /// roster version (each member then receives one roster).
    Admit {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Secretariat: remove a State.
    Remove { state: StateCode },
    /// Secretariat: appoint the Chair until a date (YYYY-MM-DD, ToR-4).
    Chair {
        state: StateCode,
        #[arg(long)]
        until: String,
    },
    /// Secretariat: the envelope wire version every member writes. Raise it
    /// only when every member runs a release that reads it (README, Upgrades).
    WireVersion { version: u16 },
    /// Secretariat with its roster key offline: the next roster, waiting
    /// to be signed (armoured), to carry to the offline machine.
    Draft {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Secretariat: send every member a roster signed offline.
    Publish { file: PathBuf },
    /// Secretariat: apply a member's key rotation received out of band
    /// (`dief keys rotate --out`); it must be signed by its current key.
    ApplyRotation { file: PathBuf },
    /// Secretariat: give a member that lost its key the keys of its new
    /// join request. Every member is shown the change as an alert and keeps
    /// the old keys until its operator acknowledges.
    Recover {
        file: PathBuf,
        #[arg(long)]
        reason: String,
    },
    /// Secretariat holding its roster key: replace it, the change signed
    /// by the old key.
    RotateKey,
    /// Offline, no node: make a roster key in a passphrase-sealed file
    /// (passphrase from --passphrase-file or DIEF_ROSTER_PASSPHRASE).
    Keygen {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Offline, no node: sign a roster draft with the roster key file.
    Sign {
        draft: PathBuf,
        #[arg(long)]
        key: PathBuf,
        /// Make this key (another key file) the roster key from this roster
        /// on, the change signed by the current one.
        #[arg(long)]
        rotate_to: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
}
