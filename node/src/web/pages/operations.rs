//! Node operations (issue 12), `/admin/operations`: what the CLI does for
//! a node that the administration page does not. On every node: rotating
//! this node's keys (with the armoured rotation to carry when the
//! Secretariat is reached out of band) and writing a backup to a path on
//! the node's host; on a State, its join request to copy. On the
//! Secretariat: applying a member's key rotation, a declared recovery, the
//! federation's wire version, replacing the roster key, and with the
//! roster key kept offline the draft to carry there and the roster signed
//! there.
//!
//! Each form calls the `Node` method the CLI's API route calls
//! (`api/keys.rs`, `api/node.rs`) and shows what it did or the refusal in
//! the reader's language. Administrators only ([`Action::Administer`]).

use std::path::PathBuf;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::envelope::{OLDEST_WIRE_VERSION, WIRE_VERSION};
use dief_protocol::roster::SignedKeyRotation;
use dief_protocol::{Roster, SignedJoinRequest, SignedRoster};
use maud::{html, Markup};
use serde::de::DeserializeOwned;

use crate::api::http::AppState;
use crate::api::keys::{DRAFT_LABEL, ROTATION_LABEL};
use crate::api::node::{JOIN_LABEL, ROSTER_LABEL};
use crate::core::error::NodeError;
use crate::core::i18n::{Arg, Tr};
use crate::core::node::KeysView;
use crate::core::store::BackupInfo;
use crate::core::users::Action;
use crate::web::layout::{csrf, PageResult};
use crate::web::pages::admin::{after_change, Done};
use crate::web::{Page, Posted, Viewer, WebError};

/// Where each form comes back to.
const PAGE: &str = "/admin/operations";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/operations", get(operations))
        .route("/admin/operations/rotate-keys", post(rotate_keys))
        .route("/admin/operations/backup", post(backup))
        .route("/admin/operations/rotation", post(apply_rotation))
        .route("/admin/operations/recover", post(recover))
        .route("/admin/operations/wire-version", post(wire_version))
        .route("/admin/operations/rotate-roster-key", post(rotate_roster_key))
        .route("/admin/operations/publish", post(publish))
}

/// What the last POST did, shown once at the top of the page.
fn notice(tr: Tr, done: Option<&str>) -> Markup {
    let key = match done {
        Some("published") => "ops-done-published",
        Some("drafted") => "ops-done-drafted",
        _ => return html! {},
    };
    html! { div.notice role="status" { p { (tr.t(key)) } } }
}

/// An armoured text block to copy, labelled by the heading `labelled_by`.
fn armoured(id: &str, labelled_by: &str, text: &str) -> Markup {
    html! { pre.armoured id=(id) aria-labelledby=(labelled_by) dir="ltr" lang="en" { (text) } }
}

async fn operations(State(s): State<AppState>, v: Viewer, Query(n): Query<Done>) -> PageResult {
    let tr = v.tr;
    v.require(Action::Administer, "operate the node")?;
    let keys = s.node.keys_view();
    let join = if v.secretariat {
        None
    } else {
        let req = s.node.join_request().map_err(|e| WebError::node(tr, e))?;
        Some(encode(tr, JOIN_LABEL, "join request", &req)?)
    };
    let secretariat = if v.secretariat {
        let draft = s.node.roster_draft().map_err(|e| WebError::node(tr, e))?;
        let draft = match draft {
            Some(d) => Some(encode(tr, DRAFT_LABEL, "roster draft", &d)?),
            None => None,
        };
        Some(secretariat_forms(&v, s.node.roster().as_ref(), &keys, draft.as_deref()))
    } else {
        None
    };
    let body = html! {
        (notice(tr, n.done.as_deref()))
        p { a href="/admin" { (tr.t("ops-back")) } }
        (keys_form(&v))
        (backup_form(&v))
        @if let Some(text) = &join {
            section #join-request aria-labelledby="join-h" {
                h2 #join-h { (tr.t("ops-join")) }
                p { (tr.t("ops-join-help")) }
                (armoured("join-text", "join-h", text))
            }
        }
        @if let Some(forms) = secretariat { (forms) }
    };
    Ok(Page { title: tr.t("ops-title"), body }.render(&v))
}

/// A signed object as the armoured text block the CLI writes.
fn encode<T: serde::Serialize>(tr: Tr, label: &'static str, what: &'static str, v: &T) -> Result<String, WebError> {
    let bytes = codec::encode(what, v, MAX_ROSTER_BYTES).map_err(|e| WebError::node(tr, NodeError::from(e)))?;
    Ok(armor(label, &bytes))
}

fn keys_form(v: &Viewer) -> Markup {
    let tr = v.tr;
    html! {
        section #rotate-keys aria-labelledby="rotate-keys-h" {
            h2 #rotate-keys-h { (tr.t("ops-keys")) }
            p { (tr.t("ops-keys-help")) }
            form.stack.rotate-keys method="post" action="/admin/operations/rotate-keys" {
                (csrf(v))
                label { input type="checkbox" name="confirmed" value="yes" required; " " (tr.t("ops-keys-confirm")) }
                button.primary type="submit" { (tr.t("ops-keys-rotate")) }
            }
        }
    }
}

fn backup_form(v: &Viewer) -> Markup {
    let tr = v.tr;
    html! {
        section #backup aria-labelledby="backup-h" {
            h2 #backup-h { (tr.t("ops-backup")) }
            form.stack.backup method="post" action="/admin/operations/backup" {
                (csrf(v))
                label for="backup-path" { (tr.t("ops-backup-path")) }
                input #backup-path type="text" name="path" required dir="ltr" aria-describedby="backup-help";
                p.muted #backup-help { (tr.t("ops-backup-help")) }
                button.primary type="submit" { (tr.t("ops-backup-write")) }
            }
        }
    }
}

/// Secretariat only: the roster work of the CLI's `dief roster` commands.
fn secretariat_forms(v: &Viewer, roster: Option<&Roster>, keys: &KeysView, draft: Option<&str>) -> Markup {
    let tr = v.tr;
    let current = roster.map_or(WIRE_VERSION, |r| r.wire_version);
    html! {
        section #wire aria-labelledby="wire-h" {
            h2 #wire-h { (tr.t("ops-wire")) }
            p { (tr.t("ops-wire-current")) " " strong #wire-version { (current) } }
            div.notice role="note" { p { (tr.t("ops-wire-warning")) } }
            form.stack.wire-version method="post" action="/admin/operations/wire-version" {
                (csrf(v))
                label for="wire-input" { (tr.t("ops-wire-label")) }
                input #wire-input type="number" name="version" required min=(OLDEST_WIRE_VERSION) max=(WIRE_VERSION) value=(current);
                button type="submit" { (tr.t("ops-wire-set")) }
            }
        }
        section #apply-rotation aria-labelledby="rotation-h" {
            h2 #rotation-h { (tr.t("ops-rotation")) }
            form.stack.rotation method="post" action="/admin/operations/rotation" {
                (csrf(v))
                label for="rotation-text" { (tr.t("ops-rotation-text")) }
                textarea #rotation-text name="text" rows="8" required dir="ltr" {}
                button.primary type="submit" { (tr.t("ops-rotation-apply")) }
            }
        }
        section #recover aria-labelledby="recover-h" {
            h2 #recover-h { (tr.t("ops-recover")) }
            p { (tr.t("ops-recover-help")) }
            form.stack.recover method="post" action="/admin/operations/recover" {
                (csrf(v))
                label for="recover-text" { (tr.t("ops-recover-text")) }
                textarea #recover-text name="text" rows="8" required dir="ltr" {}
                label for="recover-reason" { (tr.t("ops-recover-reason")) }
                input #recover-reason type="text" name="reason" required maxlength="1000";
                label { input type="checkbox" name="confirmed" value="yes" required; " " (tr.t("ops-recover-confirm")) }
                button type="submit" { (tr.t("ops-recover-submit")) }
            }
        }
        @if keys.roster_key_fingerprint.is_some() {
            (roster_key_form(v))
        } @else {
            (offline_forms(v, draft))
        }
    }
}

fn roster_key_form(v: &Viewer) -> Markup {
    let tr = v.tr;
    html! {
        section #roster-key aria-labelledby="roster-key-h" {
            h2 #roster-key-h { (tr.t("ops-roster-key")) }
            p { (tr.t("ops-roster-key-help")) }
            form.stack.rotate-roster-key method="post" action="/admin/operations/rotate-roster-key" {
                (csrf(v))
                label { input type="checkbox" name="confirmed" value="yes" required; " " (tr.t("ops-roster-key-confirm")) }
                button type="submit" { (tr.t("ops-roster-key-rotate")) }
            }
        }
    }
}

/// The roster key is kept offline: the draft goes there, and the roster
/// signed there comes back to be published.
fn offline_forms(v: &Viewer, draft: Option<&str>) -> Markup {
    let tr = v.tr;
    html! {
        section #draft aria-labelledby="draft-h" {
            h2 #draft-h { (tr.t("ops-draft")) }
            @match draft {
                Some(text) => {
                    p { (tr.t("ops-draft-help")) }
                    (armoured("draft-text", "draft-h", text))
                },
                None => p.muted { (tr.t("ops-draft-none")) },
            }
        }
        section #publish aria-labelledby="publish-h" {
            h2 #publish-h { (tr.t("ops-publish")) }
            form.stack.publish method="post" action="/admin/operations/publish" {
                (csrf(v))
                label for="publish-text" { (tr.t("ops-publish-text")) }
                textarea #publish-text name="text" rows="8" required dir="ltr" {}
                button.primary type="submit" { (tr.t("ops-publish-submit")) }
            }
        }
    }
}

// ---- Every node -----------------------------------------------------------

async fn rotate_keys(State(s): State<AppState>, p: Posted) -> PageResult {
    let (v, tr) = (&p.viewer, p.viewer.tr);
    v.require(Action::Administer, "rotate the node's keys")?;
    // New keys replace the ones every member pins: the box says this was
    // meant, not a stray click.
    if p.fields.get("confirmed") != "yes" {
        return Err(WebError::invalid(tr, "ops-keys-unconfirmed"));
    }
    let signed = s.node.rotate_keys().await.map_err(|e| WebError::node(tr, e))?;
    let rotation = signed.verify().map_err(|e| WebError::node(tr, NodeError::from(e)))?;
    let statement = encode(tr, ROTATION_LABEL, "key rotation", &signed)?;
    let body = html! {
        div.notice role="status" {
            p { (tr.t("ops-keys-done")) " " code #new-signing-key { (rotation.signing_key.fingerprint()) } }
            p { (tr.t("ops-keys-effect")) }
        }
        section #rotation-statement aria-labelledby="statement-h" {
            h2 #statement-h { (tr.t("ops-keys-statement")) }
            p { (tr.t("ops-keys-statement-help")) }
            (armoured("statement-text", "statement-h", &statement))
        }
        p { a href="/admin/operations" { (tr.t("ops-back-operations")) } }
    };
    Ok(Page { title: tr.t("ops-keys"), body }.render(v))
}

async fn backup(State(s): State<AppState>, p: Posted) -> PageResult {
    let (v, tr) = (&p.viewer, p.viewer.tr);
    v.require(Action::Administer, "write a backup")?;
    let raw = p.fields.get("path");
    if raw.is_empty() {
        return Err(WebError::invalid(tr, "ops-backup-no-path"));
    }
    let path = PathBuf::from(raw);
    // The node's working directory is not the reader's: a relative path
    // would land somewhere nobody chose.
    if !path.is_absolute() {
        let text = tr.ta("ops-backup-relative", &[("path", Arg::S(raw))]);
        return Err(WebError::worded(tr, StatusCode::UNPROCESSABLE_ENTITY, "ops-backup-relative", text));
    }
    let info = s.node.backup(&path).await.map_err(|e| WebError::node(tr, e))?;
    let body = html! {
        div.notice role="status" { p { (tr.t("ops-backup-done")) } }
        (backup_record(tr, &info))
        p { a href="/admin/operations" { (tr.t("ops-back-operations")) } }
    };
    Ok(Page { title: tr.t("ops-backup"), body }.render(v))
}

fn backup_record(tr: Tr, info: &BackupInfo) -> Markup {
    let bytes = i64::try_from(info.bytes).unwrap_or(i64::MAX);
    html! {
        dl.record #backup-result {
            dt { (tr.t("ops-backup-file")) } dd { code #backup-file dir="ltr" { (info.path.display().to_string()) } }
            dt { (tr.t("ops-backup-size")) } dd #backup-size { (tr.ta("ops-backup-bytes", &[("bytes", Arg::N(bytes))])) }
            dt { (tr.t("ops-backup-time")) } dd { (tr.moment(info.created_at)) }
        }
    }
}

// ---- The Secretariat ------------------------------------------------------

/// Roster work happens on the Secretariat only; a State's node has no
/// such form, and a post made anyway is refused here.
fn secretariat_only(p: &Posted, what: &'static str) -> Result<(), WebError> {
    p.viewer.require(Action::Administer, what)?;
    if p.viewer.secretariat {
        Ok(())
    } else {
        Err(WebError::node(p.viewer.tr, NodeError::SecretariatOnly(what)))
    }
}

/// The pasted text block, decoded. Text that is no block at all is refused
/// in the reader's words; a block that does not decode gets `bad` with
/// the decoder's English reason folded under it.
fn pasted<T: DeserializeOwned>(
    p: &Posted,
    label: &'static str,
    what: &'static str,
    bad: &'static str,
) -> Result<T, WebError> {
    let refuse = |e: String| WebError::new(p.viewer.tr, StatusCode::UNPROCESSABLE_ENTITY, bad, Some(e));
    let bytes = dearmor(label, p.fields.get("text")).map_err(|e| {
        use dief_protocol::reason::Explain;
        let tr = p.viewer.tr;
        WebError::worded(tr, StatusCode::UNPROCESSABLE_ENTITY, bad, tr.reason(&e.reason()))
    })?;
    codec::decode(what, &bytes, MAX_ROSTER_BYTES).map_err(|e| refuse(e.to_string()))
}

async fn apply_rotation(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_only(&p, "apply a key rotation")?;
    let signed: SignedKeyRotation = pasted(&p, ROTATION_LABEL, "key rotation", "ops-rotation-bad")?;
    let change = s.node.apply_rotation(&signed).await.map_err(|e| WebError::node(tr, e))?;
    after_change(PAGE, &change)
}

async fn recover(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_only(&p, "recover a member")?;
    // Every member is alerted that the keys were replaced without a
    // rotation: the box says the Secretariat means it.
    if p.fields.get("confirmed") != "yes" {
        return Err(WebError::invalid(tr, "ops-recover-unconfirmed"));
    }
    let reason = p.fields.get("reason");
    if reason.is_empty() {
        return Err(WebError::invalid(tr, "ops-recover-no-reason"));
    }
    let request: SignedJoinRequest = pasted(&p, JOIN_LABEL, "join request", "ops-recover-bad")?;
    let change = s.node.recover(&request, reason.to_string()).await.map_err(|e| WebError::node(tr, e))?;
    after_change(PAGE, &change)
}

async fn wire_version(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_only(&p, "set the wire version")?;
    let version: u16 = p.fields.get("version").parse().map_err(|_| WebError::invalid(tr, "ops-wire-bad"))?;
    let change = s.node.set_wire_version(version).await.map_err(|e| WebError::node(tr, e))?;
    after_change(PAGE, &change)
}

async fn rotate_roster_key(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_only(&p, "rotate the roster key")?;
    if p.fields.get("confirmed") != "yes" {
        return Err(WebError::invalid(tr, "ops-roster-key-unconfirmed"));
    }
    let change = s.node.rotate_roster_key().await.map_err(|e| WebError::node(tr, e))?;
    after_change(PAGE, &change)
}

async fn publish(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_only(&p, "publish a roster")?;
    let signed: SignedRoster = pasted(&p, ROSTER_LABEL, "roster", "ops-publish-bad")?;
    s.node.publish_roster(&signed).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to("/admin/operations?done=published").into_response())
}
