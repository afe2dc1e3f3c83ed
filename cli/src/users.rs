//! `dief user`: the accounts of the node's web interface (issue 12). The
//! password never goes on the command line (it would stay in the shell's
//! history and in the process list): it comes from a file, from
//! DIEF_USER_PASSWORD, or from the first line of standard input.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use dief_node::api::{RoleRequest, UserRequest, USERS_PATH};
use dief_node::core::users::{Role, UserView};
use zeroize::Zeroizing;

use crate::client::Client;
use crate::commands::print_json;
use crate::output::{datetime, table};

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Add an account. Roles: administrator, case_officer, liaison,
    /// delegate, reviewer.
    Add {
        name: String,
        #[arg(long)]
        role: String,
        /// The account's language: ar, zh, en, fr, ru or es.
        #[arg(long, default_value = "en")]
        language: String,
        /// A file holding the password (first line). Else
        /// DIEF_USER_PASSWORD, else the first line of standard input.
        #[arg(long)]
        password_file: Option<PathBuf>,
    },
    /// Every account, without passwords.
    List,
    /// Give an account another role; its sessions end so the role applies
    /// at once. The last enabled administrator keeps its role.
    Role { name: String, role: String },
    /// Disable an account: it signs in no more and its sessions end; its
    /// name stays in the audit log.
    Disable { name: String },
    /// Enable a disabled account again.
    Enable { name: String },
}

fn password(file: Option<&PathBuf>) -> Result<Zeroizing<String>> {
    let line = if let Some(f) = file {
        let text = Zeroizing::new(std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?);
        Zeroizing::new(text.lines().next().unwrap_or("").to_string())
    } else if let Ok(p) = std::env::var("DIEF_USER_PASSWORD") {
        Zeroizing::new(p)
    } else {
        let mut l = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut l).context("reading the password from standard input")?;
        Zeroizing::new(l.trim_end_matches(['\n', '\r']).to_string())
    };
    if line.is_empty() {
        bail!("no password: give --password-file, set DIEF_USER_PASSWORD, or write it on standard input");
    }
    Ok(line)
}

pub async fn run(client: &Client, json: bool, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add { name, role, language, password_file } => {
            let role: Role = role.parse()?;
            let password = password(password_file.as_ref())?;
            let req = UserRequest { name, role, password: password.to_string(), language };
            let v: UserView = client.post(USERS_PATH, &req).await?;
            if json {
                return print_json(&v);
            }
            outln!("account {} added ({}, {})", v.name, v.role, v.language);
            Ok(())
        }
        UserCmd::List => {
            let list: Vec<UserView> = client.get(USERS_PATH).await?;
            if json {
                return print_json(&list);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|u| {
                    let status =
                        u.disabled_at.map_or_else(|| "enabled".to_string(), |t| format!("disabled {}", datetime(t)));
                    vec![u.name.clone(), u.role.to_string(), u.language.clone(), datetime(u.created_at), status]
                })
                .collect();
            table(&["NAME", "ROLE", "LANGUAGE", "CREATED", "STATUS"], &rows);
            Ok(())
        }
        UserCmd::Role { name, role } => {
            let req = RoleRequest { role: role.parse()? };
            let v: UserView = client.post(&format!("{USERS_PATH}/{name}/role"), &req).await?;
            changed(json, &v, &format!("now {}", v.role))
        }
        UserCmd::Disable { name } => {
            let v: UserView = client.post(&format!("{USERS_PATH}/{name}/disable"), &serde_json::json!({})).await?;
            changed(json, &v, "disabled; its sessions are signed out")
        }
        UserCmd::Enable { name } => {
            let v: UserView = client.post(&format!("{USERS_PATH}/{name}/enable"), &serde_json::json!({})).await?;
            changed(json, &v, "enabled")
        }
    }
}

fn changed(json: bool, v: &UserView, what: &str) -> Result<()> {
    if json {
        return print_json(v);
    }
    outln!("account {}: {what}", v.name);
    Ok(())
}
