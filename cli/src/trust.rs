//! The `keys` and `alerts` commands, and the roster commands of the roster
//! key: the draft, `roster sign` and `roster keygen` (offline, on a machine
//! with no network and no node), publishing, rotations and recoveries
//! (issue 11).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use dief_node::alerts::Alert;
use dief_node::api::{
    AlertId, Armored, KeysView, RecoveryRequest, RosterView, RotationView, DRAFT_LABEL, ROSTER_LABEL,
};
use dief_node::keyfile;
use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::{IdentityKeypair, Roster};
use zeroize::Zeroizing;

use crate::client::Client;
use crate::commands::{print_json, print_roster, read_file, write_or_print};
use crate::output::{datetime, table};

#[derive(Debug, Subcommand)]
pub enum KeysCmd {
    /// This node's keys by fingerprint: current, retired ones in their
    /// grace period, a rotation waiting for the roster, the roster key.
    Show,
    /// Make new signing and encryption keys and send the rotation, signed
    /// by the current key, to the Secretariat. They take effect when the
    /// roster lists them; the old encryption key is destroyed after
    /// `key_grace_days`.
    Rotate {
        /// Also write the signed statement here (for a Secretariat that
        /// must see it out of band).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AlertsCmd {
    /// Every alert; open ones make `dief status` exit 6.
    List,
    /// Acknowledge an alert. For a key change, do it only after confirming
    /// the new fingerprint with that State out of band: from then on this
    /// node seals to and accepts its new keys.
    Ack { id: String },
}

/// The passphrase of a roster key file: `--passphrase-file`, else
/// DIEF_ROSTER_PASSPHRASE.
fn passphrase(file: Option<&Path>) -> Result<Zeroizing<String>> {
    if let Some(p) = file {
        let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        return Ok(Zeroizing::new(text.trim_end_matches(['\n', '\r']).to_string()));
    }
    match std::env::var("DIEF_ROSTER_PASSPHRASE") {
        Ok(p) => Ok(Zeroizing::new(p)),
        Err(_) => bail!("the roster key's passphrase: give --passphrase-file or set DIEF_ROSTER_PASSPHRASE"),
    }
}

fn open_key(file: &Path, passphrase_file: Option<&Path>) -> Result<IdentityKeypair> {
    let text = read_file(file)?;
    keyfile::open(&text, &passphrase(passphrase_file)?).with_context(|| format!("opening {}", file.display()))
}

/// `dief roster keygen`: a new roster key in a passphrase-sealed file.
pub fn keygen(out: &Path, passphrase_file: Option<&Path>, json: bool) -> Result<()> {
    if out.exists() {
        bail!("{} exists: a roster key file is never overwritten", out.display());
    }
    let (key, text) = keyfile::generate(&passphrase(passphrase_file)?)?;
    crate::commands::write_new_private(out, text.as_bytes())?;
    let fingerprint = key.public().fingerprint();
    if json {
        return print_json(&serde_json::json!({ "roster_key_fingerprint": fingerprint, "file": out }));
    }
    outln!("roster key written to {}", out.display());
    outln!("fingerprint: {fingerprint}");
    outln!("Keep the file and its passphrase offline. States pin this fingerprint with `dief init --roster-key`;");
    outln!("the Secretariat node too, which then signs nothing itself.");
    Ok(())
}

/// `dief roster sign`: signs a draft with the roster key, offline. A
/// first roster gets the key filled in; `rotate_to` makes the next key
/// the roster key, the change signed by the current one.
pub fn sign(
    draft: &Path,
    key: &Path,
    rotate_to: Option<&Path>,
    out: Option<&Path>,
    passphrase_file: Option<&Path>,
) -> Result<()> {
    let bytes = dearmor(DRAFT_LABEL, &read_file(draft)?).with_context(|| format!("reading {}", draft.display()))?;
    let mut roster: Roster = codec::decode("roster draft", &bytes, MAX_ROSTER_BYTES)?;
    let current = open_key(key, passphrase_file)?;
    if roster.roster_key.is_none() && roster.sequence == 1 {
        roster.roster_key = Some(current.public());
    }
    if let Some(next) = rotate_to {
        let next = open_key(next, passphrase_file)?;
        roster.change_roster_key(&current, &next, roster.issued_at)?;
        let signed = roster.sign(&next)?;
        return finish(&roster, &signed, out);
    }
    let signed = roster.sign(&current)?;
    finish(&roster, &signed, out)
}

fn finish(roster: &Roster, signed: &dief_protocol::SignedRoster, out: Option<&Path>) -> Result<()> {
    // What is signed, for the operator to check against what was asked.
    eprintln!("signing roster {} with roster key {}", roster.sequence, roster.signer().fingerprint());
    eprintln!("  Secretariat node {}", roster.secretariat.signing_key.fingerprint());
    for m in &roster.members {
        let note = if m.node.recovery.is_some() { "  RECOVERY: keys replaced without a rotation" } else { "" };
        eprintln!("  {} {} {}{note}", m.state, m.status, m.node.signing_key.fingerprint());
    }
    let bytes = codec::encode("roster", signed, MAX_ROSTER_BYTES)?;
    write_or_print(out, &armor(ROSTER_LABEL, &bytes))
}

pub async fn keys(dir: &Path, json: bool, cmd: KeysCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    match cmd {
        KeysCmd::Show => {
            let v: KeysView = client.get("/v1/keys").await?;
            if json {
                return print_json(&v);
            }
            outln!("signing key      {}", v.signing_key_fingerprint);
            outln!("encryption key   {}", v.encryption_key_id);
            for k in &v.retired_encryption_keys {
                outln!("retired          {k} (destroyed {} days after its rotation)", v.key_grace_days);
            }
            if let Some(p) = &v.pending_signing_key_fingerprint {
                outln!("rotation pending {p} (waiting for the roster to list it)");
            }
            if let Some(r) = &v.roster_key_fingerprint {
                outln!("roster key       {r}");
            }
            Ok(())
        }
        KeysCmd::Rotate { out } => {
            let v: RotationView = client.post("/v1/keys/rotate", &serde_json::json!({})).await?;
            if let Some(path) = out.as_deref() {
                write_or_print(Some(path), &v.statement.text)?;
            }
            if json {
                return print_json(&v);
            }
            outln!("new signing key {}: the rotation went to the Secretariat", v.new_signing_key_fingerprint);
            outln!("It takes effect when the roster lists it (`dief keys show`).");
            Ok(())
        }
    }
}

pub async fn alerts(dir: &Path, json: bool, cmd: AlertsCmd) -> Result<()> {
    let client = Client::for_dir(dir)?;
    let list: Vec<Alert> = match cmd {
        AlertsCmd::List => client.get("/v1/alerts").await?,
        AlertsCmd::Ack { id } => vec![client.post("/v1/alerts/acknowledge", &AlertId { id }).await?],
    };
    if json {
        return print_json(&list);
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            let state = match &a.acknowledged {
                Some(ack) => format!("acknowledged {} by {}", datetime(ack.at), ack.by),
                None => "OPEN".into(),
            };
            vec![a.id.clone(), datetime(a.raised_at), state, a.text.clone()]
        })
        .collect();
    table(&["ID", "RAISED", "STATE", "ALERT"], &rows);
    Ok(())
}

/// The roster commands that need the Secretariat node.
pub async fn roster_admin(client: &Client, json: bool, cmd: RosterAdmin) -> Result<()> {
    let view: RosterView = match cmd {
        RosterAdmin::Draft { out } => {
            let a: Armored = client.get("/v1/roster/draft").await?;
            return write_or_print(out.as_deref(), &a.text);
        }
        RosterAdmin::Publish { file } => {
            client.post("/v1/roster/publish", &Armored { text: read_file(&file)? }).await?
        }
        RosterAdmin::ApplyRotation { file } => {
            client.post("/v1/roster/rotation", &Armored { text: read_file(&file)? }).await?
        }
        RosterAdmin::Recover { file, reason } => {
            client.post("/v1/roster/recover", &RecoveryRequest { text: read_file(&file)?, reason }).await?
        }
        RosterAdmin::RotateKey => client.post("/v1/roster/rotate-key", &serde_json::json!({})).await?,
    };
    if json {
        return print_json(&view);
    }
    print_roster(&view);
    Ok(())
}

/// The Secretariat's roster work the roster key brings.
#[derive(Debug)]
pub enum RosterAdmin {
    Draft { out: Option<PathBuf> },
    Publish { file: PathBuf },
    ApplyRotation { file: PathBuf },
    Recover { file: PathBuf, reason: String },
    RotateKey,
}
