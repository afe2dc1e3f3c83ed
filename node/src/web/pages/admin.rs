//! Administration (issue 12): the node's keys by fingerprint, its alerts
//! and their acknowledgement, the roster, deliveries set aside and their
//! retry, and the last backup (`/admin`); on the Secretariat, roster
//! administration: admitting a join request, removing a member, the Chair
//! and its term. The audit log, newest first, with its verification
//! (`/audit`). The ToR-20 contact directory, readable by every role, and
//! this State's card (`/contacts`).
//!
//! The pages call the `Node` methods `api/node.rs`, `api/keys.rs` and
//! `api/contacts.rs` call. Everything but the directory is for
//! administrators ([`Action::Administer`]); publishing a card needs
//! [`Action::Meetings`].

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use dief_protocol::armor::dearmor;
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::meeting::{Contact, ContactCard, DirectoryQuery, Role as ContactRole};
use dief_protocol::roster::MemberStatus;
use dief_protocol::{Date, MessageId, Party, Roster, SignedJoinRequest, StateCode};
use maud::{html, Markup};
use serde::Deserialize;

use crate::api::http::AppState;
use crate::api::node::JOIN_LABEL;
use crate::core::alerts::{Alert, AlertKind};
use crate::core::audit::{AuditAction, AuditEntry, AuditFinding, AuditReport};
use crate::core::i18n::{Arg, Tr};
use crate::core::node::{BackupStatus, Delivery, KeysView, OutboxItem, RosterChange};
use crate::core::users::Action;
use crate::services::contacts::ContactDraft;
use crate::web::layout::{csrf, PageResult};
use crate::web::{Page, Posted, Viewer, WebError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin))
        .route("/admin/alerts", post(acknowledge))
        .route("/admin/retry", post(retry))
        .route("/admin/roster/admit", post(admit))
        .route("/admin/roster/remove", post(remove))
        .route("/admin/roster/chair", post(chair))
        .route("/audit", get(audit))
        .route("/contacts", get(contacts).post(publish))
}

/// A party as a reader sees it: a State's code, or "the Secretariat" in
/// the reader's language.
fn party(tr: Tr, p: Party) -> String {
    match p {
        Party::Secretariat => tr.t("admin-secretariat"),
        Party::State(code) => code.to_string(),
    }
}

/// A technical explanation the node writes in English, folded away and
/// marked as English so that a screen reader says it right.
fn detail(tr: Tr, text: &str) -> Markup {
    html! { details { summary { (tr.t("error-detail")) } p lang="en" dir="ltr" { (text) } } }
}

/// `?done=` after a POST, for the page's notice (also `/admin/operations`).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    #[serde(default)]
    pub(crate) done: Option<String>,
}

/// What the last POST did, shown once at the top of the page.
fn notice(tr: Tr, done: Option<&str>) -> Markup {
    let key = match done {
        Some("acknowledged") => "admin-done-acknowledged",
        Some("retried") => "admin-done-retried",
        Some("published") => "admin-done-published",
        Some("drafted") => "admin-done-drafted",
        _ => return html! {},
    };
    html! { div.notice role="status" { p { (tr.t(key)) } } }
}

async fn admin(State(s): State<AppState>, v: Viewer, Query(n): Query<Done>) -> PageResult {
    let tr = v.tr;
    v.require(Action::Administer, "administer the node")?;
    let keys = s.node.keys_view();
    let alerts = s.node.alerts().map_err(|e| WebError::node(tr, e))?;
    let roster = s.node.roster();
    let status = s.node.status().await.map_err(|e| WebError::node(tr, e))?;
    let mut set_aside: Vec<OutboxItem> = s
        .node
        .outbox()
        .map_err(|e| WebError::node(tr, e))?
        .into_iter()
        .filter(|o| o.recipients.iter().any(|(_, d)| matches!(d, Delivery::SetAside { .. })))
        .collect();
    set_aside.sort_by_key(|o| std::cmp::Reverse(o.created_at));
    let draft = if v.secretariat { s.node.roster_draft().map_err(|e| WebError::node(tr, e))? } else { None };
    let body = html! {
        (notice(tr, n.done.as_deref()))
        nav aria-label=(tr.t("admin-see-also")) {
            p { a href="/audit" { (tr.t("admin-audit-title")) } " · " a href="/contacts" { (tr.t("admin-contacts-title")) } " · " a href="/admin/operations" { (tr.t("ops-title")) } }
        }
        (keys_section(tr, &keys, v.secretariat))
        (alerts_section(&v, &alerts))
        (roster_section(tr, roster.as_ref()))
        @if v.secretariat { (roster_admin(&v, roster.as_ref(), &keys, draft.as_ref())) }
        (set_aside_section(&v, &set_aside))
        (backup_section(tr, &status.backup))
    };
    Ok(Page { title: tr.t("admin-title"), body }.render(&v))
}

fn keys_section(tr: Tr, k: &KeysView, secretariat: bool) -> Markup {
    html! {
        section #keys aria-labelledby="keys-h" {
            h2 #keys-h { (tr.t("admin-keys")) }
            dl.record {
                dt { (tr.t("admin-keys-signing")) } dd { code #signing-key { (k.signing_key_fingerprint) } }
                dt { (tr.t("admin-keys-encryption")) } dd { code { (k.encryption_key_id.to_string()) } }
                @if !k.retired_encryption_keys.is_empty() {
                    dt { (tr.t("admin-keys-retired")) }
                    dd {
                        @for id in &k.retired_encryption_keys { code { (id.to_string()) } " " }
                        br;
                        span.muted { (tr.ta("admin-keys-grace", &[("days", Arg::N(k.key_grace_days.into()))])) }
                    }
                }
                @if let Some(p) = &k.pending_signing_key_fingerprint {
                    dt { (tr.t("admin-keys-pending")) } dd { code { (p) } }
                }
                @if secretariat {
                    dt { (tr.t("admin-keys-roster")) }
                    dd {
                        @match &k.roster_key_fingerprint {
                            Some(fp) => code { (fp) },
                            None => (tr.t("admin-keys-roster-offline")),
                        }
                    }
                }
            }
        }
    }
}

/// The alert in the reader's language (the node's own `text` is English).
fn describe_alert(tr: Tr, kind: &AlertKind) -> Markup {
    match kind {
        AlertKind::KeysReplaced { party: p, sequence, pinned_fingerprint, listed_fingerprint, declared_recovery } => {
            let args = [
                ("party", Arg::S(&party(tr, *p))),
                ("sequence", Arg::S(&sequence.to_string())),
                ("listed", Arg::S(listed_fingerprint)),
                ("pinned", Arg::S(pinned_fingerprint)),
            ];
            html! {
                p { (tr.ta("admin-alert-keys-replaced", &args)) }
                @match declared_recovery {
                    Some(reason) => p { (tr.t("admin-alert-recovery-declared")) " " bdi { (reason) } },
                    None => p { (tr.t("admin-alert-no-rotation")) },
                }
            }
        }
        AlertKind::OwnKeysReplaced { sequence, own_fingerprint, listed_fingerprint, .. } => {
            let args = [
                ("sequence", Arg::S(&sequence.to_string())),
                ("listed", Arg::S(listed_fingerprint)),
                ("own", Arg::S(own_fingerprint)),
            ];
            html! { p { (tr.ta("admin-alert-own-keys", &args)) } }
        }
        AlertKind::SplitView { sequence, held_digest, other_digest, seen_from } => {
            let args = [
                ("party", Arg::S(&party(tr, *seen_from))),
                ("sequence", Arg::S(&sequence.to_string())),
                ("held", Arg::S(held_digest)),
                ("other", Arg::S(other_digest)),
            ];
            html! { p { (tr.ta("admin-alert-split-view", &args)) } }
        }
    }
}

fn alerts_section(v: &Viewer, alerts: &[Alert]) -> Markup {
    let tr = v.tr;
    html! {
        section #alerts aria-labelledby="alerts-h" {
            h2 #alerts-h { (tr.t("admin-alerts")) }
            @if alerts.is_empty() { p.muted { (tr.t("admin-alerts-none")) } }
            @for a in alerts.iter().rev() {
                article.alert data-alert=(a.id) {
                    (describe_alert(tr, &a.kind))
                    p.muted { (tr.ta("admin-alert-raised", &[("at", Arg::S(&tr.moment(a.raised_at)))])) }
                    @match &a.acknowledged {
                        Some(ack) => p {
                            span.badge.done {
                                (tr.ta("admin-alert-acknowledged", &[("by", Arg::S(&ack.by)), ("at", Arg::S(&tr.moment(ack.at)))]))
                            }
                        },
                        None => form method="post" action="/admin/alerts" {
                            (csrf(v))
                            input type="hidden" name="id" value=(a.id);
                            label {
                                input type="checkbox" name="confirmed" value="yes" required;
                                " " (tr.t("admin-alert-confirm"))
                            }
                            br;
                            button.primary type="submit" { (tr.t("admin-alert-acknowledge")) }
                        },
                    }
                }
            }
        }
    }
}

fn status_key(s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::StateParty => "admin-status-state-party",
        MemberStatus::Signatory => "admin-status-signatory",
    }
}

fn roster_section(tr: Tr, roster: Option<&Roster>) -> Markup {
    html! {
        section #roster aria-labelledby="roster-h" {
            h2 #roster-h { (tr.t("admin-roster")) }
            @match roster {
                None => p.muted { (tr.t("admin-roster-none")) },
                Some(r) => {
                    p { (tr.ta("admin-roster-sequence", &[("sequence", Arg::S(&r.sequence.to_string())), ("at", Arg::S(&tr.moment(r.issued_at)))])) }
                    dl.record {
                        dt { (tr.t("admin-roster-key")) } dd { code { (r.signer().fingerprint()) } }
                        dt { (tr.t("admin-roster-chair")) }
                        dd #chair {
                            @match &r.chair {
                                Some(c) => (tr.ta("admin-roster-chair-term", &[("state", Arg::S(c.state.as_str())), ("date", Arg::S(&tr.date(Date::from_unix_ms(c.term_ends_at))))])),
                                None => (tr.t("admin-roster-no-chair")),
                            }
                        }
                    }
                    table #members {
                        thead { tr {
                            th { (tr.t("admin-roster-state")) } th { (tr.t("admin-roster-status")) }
                            th { (tr.t("admin-keys-signing")) } th { (tr.t("admin-keys-encryption")) }
                        } }
                        tbody {
                            @for m in &r.members {
                                tr data-state=(m.state.as_str()) {
                                    td {
                                        (m.state.as_str())
                                        @if r.chair.as_ref().is_some_and(|c| c.state == m.state) { " " span.badge { (tr.t("admin-roster-chair")) } }
                                    }
                                    td { (tr.t(status_key(m.status))) }
                                    td { code { (m.node.signing_key.fingerprint()) } }
                                    td { code { (m.node.encryption_key_id().to_string()) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The member States as options of a select, none chosen.
fn member_options(roster: Option<&Roster>) -> Markup {
    html! {
        option value="" { "—" }
        @for m in roster.map(|r| r.members.as_slice()).unwrap_or_default() {
            option value=(m.state.as_str()) { (m.state.as_str()) }
        }
    }
}

/// Secretariat only: admitting, removing, the Chair. When the roster key
/// is kept offline the node can only draft the change, and says so before
/// anyone presses a button.
fn roster_admin(v: &Viewer, roster: Option<&Roster>, keys: &KeysView, draft: Option<&Roster>) -> Markup {
    let tr = v.tr;
    html! {
        section #roster-admin aria-labelledby="roster-admin-h" {
            h2 #roster-admin-h { (tr.t("admin-roster-admin")) }
            @if keys.roster_key_fingerprint.is_none() {
                div.notice role="note" { p { (tr.t("admin-roster-offline")) } }
            }
            @if let Some(d) = draft {
                div.notice role="note" { p { (tr.ta("admin-roster-draft-waiting", &[("sequence", Arg::S(&d.sequence.to_string()))])) } }
            }
            h3 { (tr.t("admin-roster-admit")) }
            form.stack.admit method="post" action="/admin/roster/admit" {
                (csrf(v))
                label for="join" { (tr.t("admin-roster-admit-text")) }
                textarea #join name="text" rows="8" required dir="ltr" {}
                button.primary type="submit" { (tr.t("admin-roster-admit")) }
            }
            h3 { (tr.t("admin-roster-remove")) }
            form.stack.remove method="post" action="/admin/roster/remove" {
                (csrf(v))
                label for="remove-state" { (tr.t("admin-roster-state")) }
                select #remove-state name="state" required { (member_options(roster)) }
                label { input type="checkbox" name="confirmed" value="yes" required; " " (tr.t("admin-roster-remove-confirm")) }
                button type="submit" { (tr.t("admin-roster-remove")) }
            }
            h3 { (tr.t("admin-roster-set-chair")) }
            form.stack.chair method="post" action="/admin/roster/chair" {
                (csrf(v))
                label for="chair-state" { (tr.t("admin-roster-state")) }
                select #chair-state name="state" required { (member_options(roster)) }
                label for="chair-term" { (tr.t("admin-roster-term-ends")) }
                input #chair-term type="date" name="term_ends" required;
                button type="submit" { (tr.t("admin-roster-set-chair")) }
            }
        }
    }
}

fn set_aside_section(v: &Viewer, items: &[OutboxItem]) -> Markup {
    let tr = v.tr;
    html! {
        section #set-aside aria-labelledby="set-aside-h" {
            h2 #set-aside-h { (tr.t("admin-set-aside")) }
            @if items.is_empty() { p.muted { (tr.t("admin-set-aside-none")) } } @else {
                table {
                    thead { tr {
                        th { (tr.t("admin-set-aside-sent")) } th { (tr.t("admin-set-aside-kind")) }
                        th { (tr.t("admin-set-aside-case")) } th { (tr.t("admin-set-aside-recipients")) } th { (tr.t("admin-set-aside-action")) }
                    } }
                    tbody {
                        @for o in items {
                            tr {
                                td { (tr.moment(o.created_at)) }
                                td { (tr.t(&format!("kind-{}", o.kind.as_str()))) }
                                td { @if let Some(c) = o.case_id { (c.to_string()) } }
                                td {
                                    ul {
                                        @for (p, d) in &o.recipients {
                                            @if let Delivery::SetAside { reason, attempts } = d {
                                                li {
                                                    (party(tr, *p)) " "
                                                    span.badge.missed { (tr.ta("admin-set-aside-attempts", &[("n", Arg::N((*attempts).into()))])) }
                                                    (detail(tr, reason))
                                                }
                                            }
                                        }
                                    }
                                }
                                td {
                                    form method="post" action="/admin/retry" {
                                        (csrf(v))
                                        input type="hidden" name="id" value=(o.message_id.to_string());
                                        button type="submit" { (tr.t("admin-retry")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn backup_section(tr: Tr, b: &BackupStatus) -> Markup {
    html! {
        section #backup aria-labelledby="backup-h" {
            h2 #backup-h { (tr.t("admin-backup")) }
            @match b.last_at {
                Some(at) => {
                    p { (tr.ta("admin-backup-last", &[("at", Arg::S(&tr.moment(at)))])) }
                    @if let Some(f) = &b.last_file { p { (tr.t("admin-backup-file")) " " code dir="ltr" { (f.display().to_string()) } } }
                }
                None => p.muted { (tr.t("admin-backup-never")) },
            }
            @if let Some(e) = &b.last_error {
                div.error role="alert" { p { (tr.t("admin-backup-failed")) } (detail(tr, e)) }
            }
        }
    }
}

/// A roster change published, or only drafted for the offline roster key.
/// Back to `page` after a roster change, saying whether it was published
/// or only drafted for the offline roster key.
pub(crate) fn after_change(page: &str, change: &RosterChange) -> PageResult {
    let done = match change {
        RosterChange::Published { .. } => "published",
        RosterChange::Drafted { .. } => "drafted",
    };
    Ok(Redirect::to(&format!("{page}?done={done}")).into_response())
}

/// Roster administration happens on the Secretariat only; a State's node
/// has no such form, and a post made anyway is refused here.
fn secretariat_admin(p: &Posted, what: &'static str) -> Result<(), WebError> {
    p.viewer.require(Action::Administer, what)?;
    if p.viewer.secretariat {
        Ok(())
    } else {
        Err(WebError::new(p.viewer.tr, StatusCode::FORBIDDEN, "admin-secretariat-only", None))
    }
}

fn state_field(p: &Posted) -> Result<StateCode, WebError> {
    p.fields.get("state").parse().map_err(|_| WebError::invalid(p.viewer.tr, "admin-roster-pick-state"))
}

async fn acknowledge(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Administer, "acknowledge alerts")?;
    // Acknowledging a key change makes this node trust the new keys; the
    // box says the operator checked them with the other party first.
    if p.fields.get("confirmed") != "yes" {
        return Err(WebError::invalid(tr, "admin-alert-unconfirmed"));
    }
    s.node.acknowledge_alert(p.fields.get("id"), &p.viewer.session.user).map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to("/admin?done=acknowledged").into_response())
}

async fn retry(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Administer, "retry deliveries")?;
    let id: MessageId = p.fields.get("id").parse().map_err(|_| WebError::invalid(tr, "error-invalid"))?;
    s.node.retry(&id).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to("/admin?done=retried").into_response())
}

async fn admit(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_admin(&p, "admit a State")?;
    let bad = |e: String| WebError::new(tr, StatusCode::UNPROCESSABLE_ENTITY, "admin-roster-bad-join", Some(e));
    let bytes = dearmor(JOIN_LABEL, p.fields.get("text")).map_err(|e| {
        use dief_protocol::reason::Explain;
        WebError::worded(tr, StatusCode::UNPROCESSABLE_ENTITY, "admin-roster-bad-join", tr.reason(&e.reason()))
    })?;
    let request: SignedJoinRequest =
        codec::decode("join request", &bytes, MAX_ROSTER_BYTES).map_err(|e| bad(e.to_string()))?;
    let change = s.node.admit(&request).await.map_err(|e| WebError::node(tr, e))?;
    after_change("/admin", &change)
}

async fn remove(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_admin(&p, "remove a State")?;
    let state = state_field(&p)?;
    if p.fields.get("confirmed") != "yes" {
        return Err(WebError::invalid(tr, "admin-roster-remove-unconfirmed"));
    }
    let change = s.node.remove_member(state).await.map_err(|e| WebError::node(tr, e))?;
    after_change("/admin", &change)
}

/// One day in milliseconds: a term ends at the end of the day chosen.
const DAY_MS: i64 = 86_400_000;

async fn chair(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    secretariat_admin(&p, "set the Chair")?;
    let state = state_field(&p)?;
    let day: Date = p.fields.get("term_ends").parse().map_err(|_| WebError::invalid(tr, "error-date"))?;
    let change = s.node.set_chair(state, day.start_ms() + DAY_MS - 1).await.map_err(|e| WebError::node(tr, e))?;
    after_change("/admin", &change)
}

// ---- The audit log ------------------------------------------------------

/// Entries on one page of `/audit`.
const AUDIT_PAGE: u64 = 50;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct AuditPage {
    #[serde(default)]
    page: u64,
}

/// The seq of the last entry (0 when the log is empty), found with
/// O(log n) seeks: the node keeps no count a page could read, and a
/// tampered log may have gaps, so the entries themselves are asked.
fn last_seq(node: &crate::core::node::Node) -> crate::core::error::NodeResult<u64> {
    let first_from = |from: u64| -> crate::core::error::NodeResult<Option<u64>> {
        Ok(node.audit_entries(from, 1)?.first().map(|e| e.seq))
    };
    let Some(mut lo) = first_from(1)? else { return Ok(0) };
    // `lo` exists; nothing lies at or after `hi`.
    let mut step = 1u64;
    let mut hi = loop {
        let probe = lo.saturating_add(step);
        if probe == lo {
            return Ok(lo);
        }
        match first_from(probe)? {
            Some(seq) => {
                lo = seq;
                step = step.saturating_mul(2);
            }
            None => break probe,
        }
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match first_from(mid)? {
            Some(seq) => lo = seq,
            None => hi = mid,
        }
    }
    Ok(lo)
}

/// One page of entries, newest first, and the last seq.
type Listing = (Vec<AuditEntry>, u64);

fn audit_listing(node: &crate::core::node::Node, page: u64) -> crate::core::error::NodeResult<Listing> {
    let last = last_seq(node)?;
    let newest = last.saturating_sub(page.saturating_mul(AUDIT_PAGE));
    if newest == 0 {
        return Ok((Vec::new(), last));
    }
    let from = newest.saturating_sub(AUDIT_PAGE - 1).max(1);
    let limit = usize::try_from(newest - from + 1).unwrap_or(usize::MAX);
    let mut entries: Vec<AuditEntry> =
        node.audit_entries(from, limit)?.into_iter().filter(|e| e.seq <= newest).collect();
    entries.reverse();
    Ok((entries, last))
}

async fn audit(State(s): State<AppState>, v: Viewer, Query(q): Query<AuditPage>) -> PageResult {
    let tr = v.tr;
    v.require(Action::Administer, "read the audit log")?;
    let node = s.node.clone();
    // Both walk the store; keep the async workers free. A listing that
    // fails (an unreadable entry) still shows the verification, which
    // says what was found.
    let (listing, report) = tokio::task::spawn_blocking(move || (audit_listing(&node, q.page), node.audit_verify()))
        .await
        .map_err(|e| WebError::new(tr, StatusCode::INTERNAL_SERVER_ERROR, "error-internal", Some(e.to_string())))?;
    let report = report.map_err(|e| WebError::node(tr, e))?;
    let body = html! {
        (verification(tr, &report))
        @match &listing {
            Ok((entries, last)) => (audit_table(&v, entries, *last, q.page)),
            Err(e) => div.error role="alert" { p { (tr.t("admin-audit-unlisted")) } (detail(tr, &e.to_string())) },
        }
    };
    Ok(Page { title: tr.t("admin-audit-title"), body }.render(&v))
}

fn verification(tr: Tr, report: &AuditReport) -> Markup {
    match report {
        AuditReport::Intact { entries, .. } => html! {
            div.notice #verification data-result="intact" role="status" {
                p { (tr.ta("admin-audit-intact", &[("n", Arg::N(i64::try_from(*entries).unwrap_or(i64::MAX)))])) }
            }
        },
        AuditReport::Tampered { checked, finding, message } => html! {
            div.error #verification data-result="tampered" role="alert" {
                p { (tr.ta("admin-audit-tampered", &[("n", Arg::N(i64::try_from(*checked).unwrap_or(i64::MAX)))])) }
                p { (describe_finding(tr, finding)) }
                (detail(tr, message))
            }
        },
    }
}

fn n(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

/// A finding of the verification in the reader's language.
fn describe_finding(tr: Tr, f: &AuditFinding) -> String {
    match f {
        AuditFinding::Unreadable { .. } => tr.t("admin-finding-unreadable"),
        AuditFinding::UnexpectedKey { key_hex } => tr.ta("admin-finding-unexpected-key", &[("key", Arg::S(key_hex))]),
        AuditFinding::Deleted { first, last } => {
            tr.ta("admin-finding-deleted", &[("first", Arg::N(n(*first))), ("last", Arg::N(n(*last)))])
        }
        AuditFinding::Reordered { key_seq, value_seq } => {
            tr.ta("admin-finding-reordered", &[("position", Arg::N(n(*key_seq))), ("seq", Arg::N(n(*value_seq)))])
        }
        AuditFinding::Edited { seq } => tr.ta("admin-finding-edited", &[("seq", Arg::N(n(*seq)))]),
        AuditFinding::ChainBroken { seq } => tr.ta(
            "admin-finding-chain-broken",
            &[("seq", Arg::N(n(*seq))), ("previous", Arg::N(n(seq.saturating_sub(1))))],
        ),
        AuditFinding::Truncated { head_seq, last_seq } => {
            tr.ta("admin-finding-truncated", &[("head", Arg::N(n(*head_seq))), ("last", Arg::N(n(*last_seq)))])
        }
        AuditFinding::HeadMissing { last_seq } => {
            tr.ta("admin-finding-head-missing", &[("last", Arg::N(n(*last_seq)))])
        }
        AuditFinding::BeyondHead { head_seq, last_seq } => {
            tr.ta("admin-finding-beyond-head", &[("head", Arg::N(n(*head_seq))), ("last", Arg::N(n(*last_seq)))])
        }
        AuditFinding::HeadMismatch { seq } => tr.ta("admin-finding-head-mismatch", &[("seq", Arg::N(n(*seq)))]),
        AuditFinding::Recovered { seq, .. } => tr.ta("admin-finding-recovered", &[("seq", Arg::N(n(*seq)))]),
        // Findings added later still say that the log is not intact; the
        // English detail under it names them.
        #[allow(unreachable_patterns)]
        _ => tr.t("admin-finding-other"),
    }
}

/// What an entry records, in the reader's language. Reasons the node
/// wrote (in English) are folded under it.
fn describe_action(tr: Tr, a: &AuditAction) -> Markup {
    let kind = |k: dief_protocol::Kind| tr.t(&format!("kind-{}", k.as_str()));
    match a {
        AuditAction::Sent { kind: k } => html! { (tr.ta("admin-audit-sent", &[("kind", Arg::S(&kind(*k)))])) },
        AuditAction::Delivered { kind: k } => {
            html! { (tr.ta("admin-audit-delivered", &[("kind", Arg::S(&kind(*k)))])) }
        }
        AuditAction::Receipted => html! { (tr.t("admin-audit-receipted")) },
        AuditAction::CaseCreated => html! { (tr.t("admin-audit-case-created")) },
        AuditAction::CaseEdited => html! { (tr.t("admin-audit-case-edited")) },
        AuditAction::CaseWithdrawn => html! { (tr.t("admin-audit-case-withdrawn")) },
        AuditAction::OperationalExport => html! { (tr.t("admin-audit-operational-export")) },
        AuditAction::FormatExport { format } => {
            html! { (tr.ta("admin-audit-format-export", &[("format", Arg::S(format))])) }
        }
        AuditAction::Refused { reason } => html! { (tr.t("admin-audit-refused")) (detail(tr, reason)) },
        AuditAction::LogRecovered { reason } => html! { (tr.t("admin-audit-log-recovered")) (detail(tr, reason)) },
        AuditAction::AccountAdded { name, role } => {
            let role = tr.t(&format!("role-{role}"));
            html! { (tr.t("admin-audit-account-added")) " " bdi { (name) } " · " (role) }
        }
        AuditAction::AccountChanged { name, what } => {
            if let Some(role) = what.strip_prefix("role ") {
                let role = tr.t(&format!("role-{role}"));
                return html! { (tr.t("admin-audit-role-changed")) " " bdi { (name) } " · " (role) };
            }
            let key = match what.as_str() {
                "password" => "admin-audit-password-changed",
                "disabled" => "admin-audit-account-disabled",
                "enabled" => "admin-audit-account-enabled",
                w if w.starts_with("language") => "admin-audit-language-changed",
                _ => "admin-audit-account-changed",
            };
            html! { (tr.t(key)) " " bdi { (name) } }
        }
        AuditAction::SignedIn => html! { (tr.t("admin-audit-signed-in")) },
        AuditAction::SignInRefused { name, .. } => html! { (tr.t("admin-audit-sign-in-refused")) " " bdi { (name) } },
        // Actions added later are listed rather than hidden.
        #[allow(unreachable_patterns)]
        other => html! { (tr.t("admin-audit-other")) (detail(tr, &format!("{other:?}"))) },
    }
}

fn audit_table(v: &Viewer, entries: &[AuditEntry], last: u64, page: u64) -> Markup {
    let tr = v.tr;
    let pages = last.div_ceil(AUDIT_PAGE).max(1);
    html! {
        @if entries.is_empty() { p.muted { (tr.t("admin-audit-none")) } } @else {
            table #audit {
                thead { tr {
                    th { (tr.t("admin-audit-seq")) } th { (tr.t("admin-audit-time")) } th { (tr.t("admin-audit-user")) }
                    th { (tr.t("admin-audit-action")) } th { (tr.t("admin-audit-case")) } th { (tr.t("admin-audit-parties")) }
                } }
                tbody {
                    @for e in entries {
                        tr data-seq=(e.seq) {
                            td { (e.seq) }
                            td { (tr.moment(e.at)) }
                            td.user { @match &e.event.user { Some(u) => bdi { (u) }, None => span.muted { (tr.t("admin-audit-no-user")) } } }
                            td { (describe_action(tr, &e.event.action)) }
                            td {
                                @if let Some(c) = e.event.case_id {
                                    @if v.secretariat { (c.to_string()) } @else { a href={"/cases/" (c.to_string())} { (c.to_string()) } }
                                    @if let Some(ver) = e.event.version { " " span.muted { (tr.ta("admin-audit-version", &[("n", Arg::N(ver.into()))])) } }
                                }
                            }
                            td { (e.event.parties.iter().map(|p| party(tr, *p)).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
        }
        nav.pages aria-label=(tr.t("admin-audit-pages")) {
            p {
                (tr.ta("admin-audit-page", &[("page", Arg::N(n(page + 1))), ("pages", Arg::N(n(pages)))]))
                @if page > 0 { " " a rel="prev" href={"/audit?page=" (page - 1)} { (tr.t("admin-audit-newer")) } }
                @if page + 1 < pages { " " a rel="next" href={"/audit?page=" (page + 1)} { (tr.t("admin-audit-older")) } }
            }
        }
    }
}

// ---- The contact directory (ToR-20) ---------------------------------------

/// Contact rows on the publishing form; more are added by publishing again.
const CONTACT_ROWS: usize = 3;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct DirectorySearch {
    #[serde(default)]
    state: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    done: Option<String>,
}

fn contact_role(s: &str) -> Option<ContactRole> {
    ContactRole::ALL.into_iter().find(|r| r.as_str() == s)
}

fn contact_role_options(tr: Tr, selected: &str) -> Markup {
    html! {
        @for r in ContactRole::ALL {
            option value=(r.as_str()) selected[r.as_str() == selected] { (tr.t(&format!("admin-contact-role-{}", r.as_str()))) }
        }
    }
}

async fn contacts(State(s): State<AppState>, v: Viewer, Query(q): Query<DirectorySearch>) -> PageResult {
    let tr = v.tr;
    v.require(Action::Read, "read the contact directory")?;
    let text = q.text.trim();
    let query = DirectoryQuery {
        state: q.state.trim().parse().ok(),
        role: contact_role(&q.role),
        text: (!text.is_empty()).then(|| text.to_string()),
    };
    let cards = s.node.contacts(&query).map_err(|e| WebError::node(tr, e))?;
    let roster = s.node.roster();
    let body = html! {
        @if q.done.as_deref() == Some("published") {
            div.notice role="status" { p { (tr.t("admin-contact-published")) } }
        }
        form.search method="get" action="/contacts" role="search" {
            div.row {
                label { (tr.t("admin-contact-state"))
                    select name="state" {
                        option value="" { "—" }
                        @for m in roster.as_ref().map(|r| r.members.as_slice()).unwrap_or_default() {
                            option value=(m.state.as_str()) selected[m.state.as_str() == q.state.trim()] { (m.state.as_str()) }
                        }
                    }
                }
                label { (tr.t("admin-contact-role"))
                    select name="role" { option value="" { "—" } (contact_role_options(tr, &q.role)) }
                }
                label { (tr.t("admin-contact-text")) input type="text" name="text" value=(q.text); }
            }
            button type="submit" { (tr.t("admin-contact-search")) }
        }
        @if cards.is_empty() { p.muted { (tr.t("admin-contact-none")) } }
        @for c in &cards { (card(tr, c)) }
        @if !v.secretariat && v.may(Action::Meetings) { (publish_form(&v)) }
    };
    Ok(Page { title: tr.t("admin-contacts-title"), body }.render(&v))
}

fn card(tr: Tr, c: &ContactCard) -> Markup {
    html! {
        article.card data-state=(c.state.as_str()) aria-labelledby={"card-" (c.id.to_string())} {
            h2 id={"card-" (c.id.to_string())} { (c.state.as_str()) " · " bdi { (c.agency) } }
            dl.record {
                dt { (tr.t("admin-contact-role")) } dd { (tr.t(&format!("admin-contact-role-{}", c.role.as_str()))) }
                @if !c.address.is_empty() { dt { (tr.t("admin-contact-address")) } dd { bdi { (c.address) } } }
                @if !c.languages.is_empty() { dt { (tr.t("admin-contact-languages")) } dd { (c.languages.join(", ")) } }
                dt { (tr.t("admin-contact-issued")) }
                dd { (tr.ta("admin-contact-version", &[("date", Arg::S(&tr.date(c.issued_on))), ("n", Arg::N(n(c.sequence)))])) }
                @match c.notes.clear() {
                    Some("") => {},
                    Some(notes) => { dt { (tr.t("admin-contact-notes")) } dd { bdi { (notes) } } },
                    None => { dt { (tr.t("admin-contact-notes")) } dd.muted { (tr.t("admin-contact-notes-sealed")) } },
                }
            }
            @if !c.contacts.is_empty() {
                table {
                    thead { tr {
                        th { (tr.t("admin-contact-function")) } th { (tr.t("admin-contact-name")) }
                        th { (tr.t("admin-contact-email")) } th { (tr.t("admin-contact-phone")) }
                    } }
                    tbody {
                        @for p in &c.contacts {
                            tr {
                                td { bdi { (p.function) } } td { bdi { (p.name) } }
                                td dir="ltr" { (p.email) } td dir="ltr" { (p.phone) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn publish_form(v: &Viewer) -> Markup {
    let tr = v.tr;
    html! {
        h2 #publish-h { (tr.t("admin-contact-publish")) }
        p.muted { (tr.t("admin-contact-publish-help")) }
        form.stack.publish method="post" action="/contacts" aria-labelledby="publish-h" {
            (csrf(v))
            label for="agency" { (tr.t("admin-contact-agency")) }
            input #agency type="text" name="agency" required;
            label for="role" { (tr.t("admin-contact-role")) }
            select #role name="role" { (contact_role_options(tr, "law_enforcement")) }
            label for="address" { (tr.t("admin-contact-address")) }
            textarea #address name="address" rows="3" {}
            @for i in 0..CONTACT_ROWS {
                fieldset {
                    legend { (tr.ta("admin-contact-person", &[("n", Arg::N(n(i as u64 + 1)))])) }
                    div.row {
                        label { (tr.t("admin-contact-function")) input type="text" name={"c" (i) "_function"} required[i == 0]; }
                        label { (tr.t("admin-contact-name")) input type="text" name={"c" (i) "_name"}; }
                        label { (tr.t("admin-contact-email")) input type="email" name={"c" (i) "_email"} dir="ltr"; }
                        label { (tr.t("admin-contact-phone")) input type="tel" name={"c" (i) "_phone"} dir="ltr"; }
                    }
                }
            }
            label for="languages" { (tr.t("admin-contact-languages")) }
            input #languages type="text" name="languages" dir="ltr" aria-describedby="languages-help";
            p.muted #languages-help { (tr.t("admin-contact-languages-help")) }
            label for="notes" { (tr.t("admin-contact-notes")) }
            textarea #notes name="notes" rows="3" aria-describedby="notes-help" {}
            p.muted #notes-help { (tr.t("admin-contact-notes-help")) }
            button.primary type="submit" { (tr.t("admin-contact-publish")) }
        }
    }
}

async fn publish(State(s): State<AppState>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "publish contact cards")?;
    let role = contact_role(f.get("role")).ok_or_else(|| WebError::invalid(tr, "error-invalid"))?;
    let mut people = Vec::new();
    for i in 0..CONTACT_ROWS {
        let field = |name: &str| f.get(&format!("c{i}_{name}")).to_string();
        let person =
            Contact { function: field("function"), name: field("name"), email: field("email"), phone: field("phone") };
        let empty = person.name.is_empty() && person.email.is_empty() && person.phone.is_empty();
        match (person.function.is_empty(), empty) {
            (true, true) => {}
            (true, false) => return Err(WebError::invalid(tr, "admin-contact-function-missing")),
            (false, _) => people.push(person),
        }
    }
    let draft = ContactDraft {
        id: None,
        agency: f.get("agency").to_string(),
        role,
        address: f.get("address").to_string(),
        contacts: people,
        languages: f.get("languages").split([',', ' ']).filter(|l| !l.is_empty()).map(str::to_string).collect(),
        notes: f.get("notes").to_string(),
        withdrawn: false,
    };
    s.node.publish_contact(draft).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to("/contacts?done=published").into_response())
}
