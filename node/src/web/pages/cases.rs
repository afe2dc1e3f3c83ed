//! Cases (ToR-18, 19): the list and search, the full record, recording
//! and editing one's own cases, sharing with chosen States, replies, and
//! the operational export of a received case (ToR-16). Each control is
//! shown only to a role that may use it, and each POST checks again.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use dief_protocol::case::{ArmsCategory, Attachment, CaseContent, CaseQuery, HandlingCode};
use dief_protocol::{CaseId, Payload, StateCode};
use maud::{html, Markup};
use serde::Deserialize;

use super::case_form::{self, term, BadField, STATUSES};
use super::path_id;
use crate::api::http::AppState;
use crate::core::i18n::{Arg, Tr};
use crate::core::users::Action;
use crate::services::records::{CaseEntry, Origin};
use crate::web::layout::{csrf, PageResult};
use crate::web::{Page, Posted, Viewer, WebError};

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Search {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    serial: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    make: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    broker: String,
    #[serde(default)]
    transit: String,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

fn bad(tr: Tr, e: BadField) -> WebError {
    let text = tr.ta("error-field-value", &[("field", Arg::S(&tr.t(e.0))), ("value", Arg::S(&e.1))]);
    WebError::worded(tr, axum::http::StatusCode::UNPROCESSABLE_ENTITY, "error-field-value", text)
}

pub(crate) async fn list(State(s): State<AppState>, v: Viewer, Query(q): Query<Search>) -> PageResult {
    let tr = v.tr;
    let mut query = CaseQuery::default();
    let non_empty = |x: &str| (!x.trim().is_empty()).then(|| x.trim().to_string());
    query.text = non_empty(&q.q);
    query.serial = non_empty(&q.serial);
    query.status = case_form::STATUSES.into_iter().find(|st| term(st) == q.status);
    query.country = non_empty(&q.country).and_then(|c| c.parse::<StateCode>().ok());
    query.category = ArmsCategory::ALL.into_iter().find(|c| c.as_str() == q.category);
    query.make = non_empty(&q.make);
    query.model = non_empty(&q.model);
    query.broker = non_empty(&q.broker);
    query.transit = non_empty(&q.transit);
    query.provider = non_empty(&q.provider).and_then(|c| c.parse::<StateCode>().ok());
    query.diversion_from = q.from.parse().ok();
    query.diversion_to = q.to.parse().ok();
    let hits = s.node.search(&query, true, Some(500)).map_err(|e| WebError::node(tr, e))?;
    let body = html! {
        @if v.may(Action::EditCases) && !v.secretariat {
            p { a.primary href="/cases/new" { (tr.t("cases-new")) } }
        }
        form.search method="get" action="/cases" role="search" {
            div.row {
                label { (tr.t("cases-search-text")) input type="text" name="q" value=(q.q); }
                label { (tr.t("case-status"))
                    select name="status" {
                        option value="" { "—" }
                        @for st in STATUSES { option value=(term(&st)) selected[term(&st) == q.status] { (tr.t(&format!("status-{}", term(&st)))) } }
                    }
                }
                label { (tr.t("cases-search-country")) input type="text" name="country" value=(q.country) size="4"; }
                label { (tr.t("cases-search-serial")) input type="text" name="serial" value=(q.serial); }
            }
            details open[!(q.category.is_empty() && q.make.is_empty() && q.model.is_empty() && q.broker.is_empty() && q.transit.is_empty() && q.provider.is_empty() && q.from.is_empty() && q.to.is_empty())] {
                summary { (tr.t("cases-search-more")) }
                div.row {
                    label { (tr.t("case-item-category"))
                        select name="category" {
                            option value="" { "—" }
                            @for c in ArmsCategory::ALL { option value=(c.as_str()) selected[c.as_str() == q.category] { (tr.t(&format!("category-{}", c.as_str()))) } }
                        }
                    }
                    label { (tr.t("case-item-make")) input type="text" name="make" value=(q.make); }
                    label { (tr.t("case-item-model")) input type="text" name="model" value=(q.model); }
                }
                div.row {
                    label { (tr.t("cases-search-broker")) input type="text" name="broker" value=(q.broker); }
                    label { (tr.t("cases-search-transit")) input type="text" name="transit" value=(q.transit); }
                    label { (tr.t("cases-provider")) input type="text" name="provider" value=(q.provider) size="4"; }
                }
                div.row {
                    label { (tr.t("cases-search-from")) input type="date" name="from" value=(q.from); }
                    label { (tr.t("cases-search-to")) input type="date" name="to" value=(q.to); }
                }
            }
            button type="submit" { (tr.t("cases-search")) }
        }
        @if hits.is_empty() { p.muted { (tr.t("cases-none")) } } @else {
            table {
                thead { tr { th { (tr.t("cases-id")) } th { (tr.t("case-title")) } th { (tr.t("cases-provider")) } th { (tr.t("case-status")) } th { (tr.t("cases-updated")) } } }
                tbody {
                    @for h in &hits {
                        tr {
                            td { a href={"/cases/" (h.id.to_string())} { (h.id.to_string()) } }
                            td { bdi { (h.title) } @if h.withdrawn { " " span.badge.missed { (tr.t("case-withdrawn")) } } }
                            td { (h.provider.to_string()) @if h.received_from.is_none() { " " span.badge { (tr.t("cases-own")) } } }
                            td { (tr.t(&format!("status-{}", term(&h.status)))) " · " (tr.t(&format!("investigation-{}", term(&h.investigation)))) }
                            td { (tr.moment(h.updated_at)) }
                        }
                    }
                }
            }
        }
    };
    Ok(Page { title: tr.t("cases-title"), body }.render(&v))
}

pub(crate) async fn new_form(v: Viewer) -> PageResult {
    let tr = v.tr;
    v.require(Action::EditCases, "record cases")?;
    let body = html! {
        form.stack method="post" action="/cases/new" enctype="multipart/form-data" {
            (csrf(&v))
            (case_form::form(tr, None))
            (attachments_field(tr, None))
            button.primary type="submit" { (tr.t("cases-create")) }
        }
    };
    Ok(Page { title: tr.t("cases-new"), body }.render(&v))
}

pub(crate) async fn create(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::EditCases, "record cases")?;
    let mut content = case_form::read(&p.fields).map_err(|e| bad(tr, e))?;
    content.attachments = uploads(&p.files);
    let record = s.node.create_case(content).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to(&format!("/cases/{}", record.id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ViewQuery {
    #[serde(default)]
    edit: Option<String>,
    /// The record alone, without navigation or forms, for printing.
    #[serde(default)]
    print: Option<String>,
}

pub(crate) async fn view(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> PageResult {
    let tr = v.tr;
    let id = path_id::<CaseId>(tr, &id)?;
    let entry = s.node.case(&id).map_err(|e| WebError::node(tr, e))?;
    let own = entry.origin == Origin::Own;
    if q.edit.is_some() {
        v.require(Action::EditCases, "edit cases")?;
        let body = html! {
            form.stack method="post" action={"/cases/" (id.to_string()) "/edit"} enctype="multipart/form-data" {
                (csrf(&v))
                (case_form::form(tr, Some(&entry.record.content)))
                (attachments_field(tr, Some(&entry.record.content)))
                button.primary type="submit" { (tr.t("case-save")) }
            }
        };
        return Ok(Page { title: tr.ta("case-edit-title", &[("id", Arg::S(&id.to_string()))]), body }.render(&v));
    }
    if q.print.is_some() {
        let page = crate::web::layout::frame(tr, None, &entry.record.content.title, record(tr, &entry));
        return Ok(axum::response::Html(page.into_string()).into_response());
    }
    let holders = if own { s.node.holders(&id).map_err(|e| WebError::node(tr, e))? } else { Vec::new() };
    let exchanges = s.node.case_exchanges(&id).map_err(|e| WebError::node(tr, e))?;
    // Where each large file stands here (none yet for one not asked for).
    let files: Vec<_> = entry
        .record
        .content
        .streamed_attachments
        .iter()
        .filter_map(|f| s.node.attachment(&hex::encode(f.id())).ok())
        .collect();
    let members: Vec<StateCode> = s
        .node
        .roster()
        .map(|r| r.members.iter().map(|m| m.state).filter(|st| Some(*st) != s.node.party().state()).collect())
        .unwrap_or_default();
    let body = html! {
        (record(tr, &entry))
        @if own && !holders.is_empty() {
            h2 { (tr.t("case-holders")) }
            ul.holders { @for h in &holders { li { (h.state.to_string()) " · " (tr.ta("case-version-n", &[("n", Arg::N(h.held.version.into()))])) " · " (tr.moment(h.held.at)) } } }
        }
        (super::streamed::section(tr, &v, &entry, &files))
        @if own && entry.withdrawn.is_none() && v.may(Action::EditCases) {
            p.noprint { a href={"/cases/" (id.to_string()) "?edit=1"} { (tr.t("case-edit")) } }
        }
        @if own && entry.withdrawn.is_none() && v.may(Action::Share) {
            h2 { (tr.t("case-share")) }
            form.share.noprint method="post" action={"/cases/" (id.to_string()) "/share"} {
                (csrf(&v))
                fieldset {
                    legend { (tr.t("case-share-with")) }
                    div.row {
                        @for st in &members {
                            label { input type="checkbox" name="to" value=(st.to_string()); " " (st.to_string()) }
                        }
                    }
                }
                button.primary type="submit" { (tr.t("case-share-send")) }
            }
        }
        p.noprint { a href={"/cases/" (id.to_string()) "/procedures"} { (tr.t("case-procedures-link")) } }
        h2 { (tr.t("case-replies")) }
        @let replies: Vec<_> = exchanges.iter().filter_map(|e| match &e.payload { Payload::Reply(r) => Some((e, r)), _ => None }).collect();
        @if replies.is_empty() { p.muted { (tr.t("case-replies-none")) } }
        @for (e, r) in &replies {
            article.reply {
                p.muted { (e.from.to_string()) " · " (tr.moment(e.at)) }
                p lang=(r.language) { (r.body) }
            }
        }
        @if v.may(Action::Procedures) && (!own || !holders.is_empty()) {
            form.stack.noprint method="post" action={"/cases/" (id.to_string()) "/reply"} {
                (csrf(&v))
                @if own {
                    fieldset { legend { (tr.t("case-reply-to")) }
                        div.row { @for h in &holders { label { input type="checkbox" name="to" value=(h.state.to_string()) checked; " " (h.state.to_string()) } } }
                    }
                }
                label for="body" { (tr.t("case-reply")) }
                textarea #body name="body" rows="4" required {}
                button type="submit" { (tr.t("case-reply-send")) }
            }
        }
        @if !own && v.may(Action::Export) && !matches!(entry.record.content.marking.handling, HandlingCode::Red | HandlingCode::AmberStrict) {
            h2 { (tr.t("case-export")) }
            form.noprint method="post" action={"/cases/" (id.to_string()) "/export"} {
                (csrf(&v))
                p.muted { (tr.t("case-export-note")) }
                button type="submit" { (tr.t("case-export")) }
            }
        }
        p.noprint { a href={"/cases/" (id.to_string()) "?print=1"} target="_blank" { (tr.t("case-print")) } }
    };
    Ok(Page { title: entry.record.content.title.clone(), body }.render(&v))
}

/// The record's optional facts that were given, as (label key, value):
/// a printed record lists what is known, not a column of blanks.
fn optional_rows(tr: Tr, c: &CaseContent) -> Vec<(&'static str, Markup)> {
    let text = |v: &str| (!v.is_empty()).then(|| html! { bdi { (v) } });
    let names =
        |p: &[dief_protocol::case::Place]| text(&p.iter().map(|x| x.name.clone()).collect::<Vec<_>>().join("; "));
    let codes = c.states_involved.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ");
    let place = c.diversion.place.as_ref().map(|p| {
        html! { bdi { (p.name) } @if let Some(cc) = p.country { " (" (cc.to_string()) ")" } }
    });
    [
        ("case-summary", text(&c.summary)),
        ("case-states-involved", text(&codes)),
        ("case-diversion-date", c.diversion.date.map(|d| html! { (tr.date(d)) })),
        ("case-diversion-stage", c.diversion.stage.as_ref().map(|st| html! { (tr.t(&format!("stage-{}", term(st)))) })),
        ("case-diversion-place", place),
        ("case-means", text(&c.diversion.means_and_methods)),
        ("case-transit-points", names(&c.transit_points)),
        ("case-destinations", names(&c.destinations)),
        ("case-brokers", text(&c.brokers.join("; "))),
        ("case-detection-date", c.detection.date.map(|d| html! { (tr.date(d)) })),
        ("case-detection-agency", text(&c.detection.agency)),
        ("case-detection-how", text(&c.detection.how)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect()
}

/// The full record as a definition list and tables.
fn record(tr: Tr, e: &CaseEntry) -> Markup {
    let c: &CaseContent = &e.record.content;
    let m = &c.marking;
    html! {
        p.marking { (m.handling.label()) @if !m.confidentiality.is_empty() { " · " bdi { (m.confidentiality) } } }
        @if let Some(w) = &e.withdrawn { div.error { p { (tr.ta("case-withdrawn-on", &[("date", Arg::S(&tr.moment(w.at)))])) } } }
        dl.record {
            dt { (tr.t("cases-id")) } dd { (e.record.id.to_string()) }
            dt { (tr.t("case-version")) } dd { (e.record.version) " · " (tr.moment(e.record.updated_at)) }
            dt { (tr.t("cases-provider")) } dd {
                (e.record.id.provider().to_string())
                @if let Origin::Received { from, .. } = &e.origin { " · " (tr.ta("case-received-from", &[("from", Arg::S(&from.to_string()))])) }
            }
            dt { (tr.t("case-status")) } dd { (tr.t(&format!("status-{}", term(&c.status)))) " · " (tr.t(&format!("investigation-{}", term(&c.investigation)))) }
            dt { (tr.t("case-operational-use")) } dd { (tr.t(&format!("use-{}", term(&m.operational_use)))) }
            @for (key, value) in optional_rows(tr, c) {
                dt { (tr.t(key)) } dd { (value) }
            }
        }
        h2 { (tr.t("case-section-items")) }
        @if c.items.is_empty() { p.muted { (tr.t("case-not-given")) } } @else {
            table.items {
                thead { tr { th { (tr.t("case-item-category")) } th { (tr.t("case-item-type")) } th { (tr.t("case-item-make")) } th { (tr.t("case-item-model")) } th { (tr.t("case-item-calibre")) } th { (tr.t("case-item-quantity")) } th { (tr.t("case-item-serials")) } } }
                tbody { @for it in &c.items { tr {
                    td { (tr.t(&format!("category-{}", it.category.as_str()))) }
                    td { bdi { (it.item_type) } } td { bdi { (it.make) } } td { bdi { (it.model) } } td { bdi { (it.calibre) } }
                    td { (it.quantity) }
                    td { (it.serial_numbers.iter().map(|s| s.number.clone()).collect::<Vec<_>>().join(", ")) }
                } } }
            }
        }
        h2 { (tr.t("case-section-chain")) }
        @if c.transfer_chain.is_empty() { p.muted { (tr.t("case-not-given")) } } @else {
            table.chain {
                thead { tr { th { (tr.t("case-leg-role")) } th { (tr.t("case-leg-entity")) } th { (tr.t("case-leg-country")) } th { (tr.t("case-leg-date")) } th { (tr.t("case-leg-licence")) } th { (tr.t("case-leg-euc")) } } }
                tbody { @for l in &c.transfer_chain { tr {
                    td { (tr.t(&format!("chain-{}", term(&l.role)))) }
                    td { bdi { (l.entity) } }
                    td { @if let Some(cc) = l.country { (cc.to_string()) } }
                    td { @if let Some(d) = l.date { (tr.date(d)) } }
                    td { bdi { (l.export_licence) } } td { bdi { (l.end_user_certificate) } }
                } } }
            }
        }
        @if !c.actors.is_empty() {
            h2 { (tr.t("case-section-actors")) }
            table.actors {
                thead { tr { th { (tr.t("case-actor-name")) } th { (tr.t("case-actor-role")) } th { (tr.t("case-actor-country")) } th { (tr.t("case-actor-description")) } } }
                tbody { @for a in &c.actors { tr {
                    td { bdi { (a.name) } }
                    td { @if let Some(r) = &a.role { bdi { (r.as_str()) } } }
                    td { @if let Some(cc) = a.country { (cc.to_string()) } }
                    td { bdi { (a.description) } }
                } } }
            }
        }
        @if !c.attachments.is_empty() {
            h2 { (tr.t("case-attachments")) }
            ul { @for (i, a) in c.attachments.iter().enumerate() { li {
                a href={"/cases/" (e.record.id.to_string()) "/attachments/" (i)} { bdi { (a.name) } }
                " · " (a.media_type) " · " (tr.ta("case-bytes", &[("n", Arg::N(i64::try_from(a.bytes.len()).unwrap_or(0)))]))
            } } }
        }
    }
}

/// Saves an edit: a new version, sent to the States holding an earlier one.
pub(crate) async fn edit(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::EditCases, "edit cases")?;
    let id = path_id::<CaseId>(tr, &id)?;
    let mut content = case_form::read(&p.fields).map_err(|e| bad(tr, e))?;
    // Attachments already in the record stay unless unticked.
    let held = s.node.case(&id).map_err(|e| WebError::node(tr, e))?.record.content;
    let keep = p.fields.all("keep_attachment");
    content.attachments = held
        .attachments
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep.contains(&i.to_string().as_str()))
        .map(|(_, a)| a)
        .collect();
    // Streamed attachments (issue 13) have no field in the form: they stay.
    content.streamed_attachments = held.streamed_attachments;
    content.attachments.extend(uploads(&p.files));
    s.node.edit_case(&id, content).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

/// Shares the case with the States ticked.
pub(crate) async fn share(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    let id = path_id::<CaseId>(tr, &id)?;
    p.viewer.require(Action::Share, "share cases")?;
    let mut to = Vec::new();
    for code in p.fields.all("to") {
        to.push(code.parse::<StateCode>().map_err(|_| WebError::invalid(tr, "error-invalid"))?);
    }
    if to.is_empty() {
        return Err(WebError::invalid(tr, "error-share-nobody"));
    }
    s.node.share(&id, &to).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

pub(crate) async fn reply(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Procedures, "reply about cases")?;
    let id = path_id::<CaseId>(tr, &id)?;
    let mut to = Vec::new();
    for code in p.fields.all("to") {
        to.push(code.parse::<StateCode>().map_err(|_| WebError::invalid(tr, "error-invalid"))?);
    }
    let to = (!to.is_empty()).then_some(to);
    let body = p.fields.get("body").to_string();
    s.node.reply(&id, body, tr.lang.to_string(), to).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to(&format!("/cases/{id}")).into_response())
}

/// ToR-16: the record as a JSON file, once the node's checks allow it.
pub(crate) async fn export(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Export, "export cases for operational use")?;
    let id = path_id::<CaseId>(tr, &id)?;
    let out = s.node.export_for_use(&id).await.map_err(|e| WebError::node(tr, e))?;
    let json = serde_json::to_vec_pretty(&out).map_err(|e| {
        WebError::node(tr, crate::core::error::NodeError::Internal(format!("the export did not serialize: {e}")))
    })?;
    let disposition = format!("attachment; filename=\"{id}.json\"");
    Ok(([(header::CONTENT_TYPE, "application/json".to_string()), (header::CONTENT_DISPOSITION, disposition)], json)
        .into_response())
}

/// The file field of the case form and, when editing, the attachments the
/// record holds, each kept unless unticked.
fn attachments_field(tr: Tr, held: Option<&CaseContent>) -> Markup {
    html! {
        fieldset {
            legend { (tr.t("case-attachments")) }
            @if let Some(c) = held {
                @for (i, a) in c.attachments.iter().enumerate() {
                    label { input type="checkbox" name="keep_attachment" value=(i) checked; " " bdi { (a.name) } }
                }
            }
            label { (tr.t("case-attachments-add")) " " span.muted { (tr.t("case-attachments-hint")) }
                input type="file" name="attachment" multiple;
            }
        }
    }
}

fn uploads(files: &[crate::web::Upload]) -> Vec<Attachment> {
    files
        .iter()
        .filter(|f| f.field == "attachment")
        .map(|f| {
            // Only the file's own name: a browser may send a path.
            let name = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name);
            Attachment::new(name, f.media_type.clone(), f.bytes.clone())
        })
        .collect()
}

/// One attachment of a case as a download. Always `application/octet-stream`
/// and `attachment`: a file from another State is never rendered by the
/// browser inside the node's pages (an HTML or SVG file could run script).
pub(crate) async fn attachment(
    State(s): State<AppState>,
    v: Viewer,
    Path((id, n)): Path<(String, usize)>,
) -> PageResult {
    let tr = v.tr;
    let id = path_id::<CaseId>(tr, &id)?;
    let entry = s.node.case(&id).map_err(|e| WebError::node(tr, e))?;
    let a = entry
        .record
        .content
        .attachments
        .get(n)
        .ok_or_else(|| WebError::not_found(tr, &format!("{id}/attachments/{n}")))?;
    let safe: String =
        a.name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    Ok((
        [(header::CONTENT_TYPE, "application/octet-stream".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        a.bytes.clone(),
    )
        .into_response())
}
