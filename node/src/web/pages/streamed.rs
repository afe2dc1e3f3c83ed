//! A case's streamed attachments on its page (issue 13): large files that
//! travel beside the record in sealed chunks. The section lists them with
//! where each stands on this node; a complete one downloads, streamed from
//! the store a chunk at a time; the case's owner attaches a file through a
//! form whose file part is streamed into the store as it arrives (never
//! held whole); a file whose chunks did not make its digest can be fetched
//! again.

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use dief_protocol::case::stream::StreamedAttachment;
use dief_protocol::CaseId;
use maud::{html, Markup};

use super::path_id;
use crate::api::http::AppState;
use crate::core::attachments::{FileProgress, FileState};
use crate::core::i18n::{Arg, Tr};
use crate::core::users::Action;
use crate::services::records::{CaseEntry, Origin};
use crate::web::layout::{csrf, PageResult};
use crate::web::session::csrf_ok;
use crate::web::{Posted, Viewer, WebError};

/// The routes of this section; `web::routes` merges them.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        // The file is streamed into the store: no body limit but the
        // core's own (the largest streamed file, the disk's room).
        .route("/cases/{id}/files", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/cases/{id}/files/{file}", get(download))
        .route("/cases/{id}/files/{file}/refetch", post(refetch))
}

/// Who may attach: the case's owner (its State's case officers and
/// administrator); who may fetch again: those who work with received
/// cases (case officers, liaisons, the administrator).
const ATTACH: Action = Action::EditCases;
const REFETCH: Action = Action::Procedures;

fn hex_id(f: &StreamedAttachment) -> String {
    hex::encode(f.id())
}

fn state_words(tr: Tr, p: Option<&FileProgress>) -> (&'static str, String) {
    match p {
        Some(p) if p.state == FileState::Complete => ("done", tr.t("case-file-complete")),
        Some(p) if p.state == FileState::Failed => ("missed", tr.t("case-file-failed")),
        _ => {
            let (held, chunks) = p.map_or((0, 0), |p| (p.held_chunks, p.chunks));
            let percent = if chunks == 0 { 0 } else { u64::from(held) * 100 / u64::from(chunks) };
            let args = [
                ("percent", Arg::N(i64::try_from(percent).unwrap_or(0))),
                ("held", Arg::N(held.into())),
                ("chunks", Arg::N(chunks.into())),
            ];
            ("near", tr.ta("case-file-fetching", &args))
        }
    }
}

/// The section of the case page: the case's large files, their state on
/// this node, and the controls the viewer may use.
pub(crate) fn section(tr: Tr, v: &Viewer, entry: &CaseEntry, progress: &[FileProgress]) -> Markup {
    let case = entry.record.id.to_string();
    let files = &entry.record.content.streamed_attachments;
    let own = entry.origin == Origin::Own;
    let may_attach = own && entry.withdrawn.is_none() && v.may(ATTACH);
    html! {
        section #files {
            h2 { (tr.t("case-files")) }
            @if files.is_empty() { p.muted { (tr.t("case-files-none")) } } @else {
                table.files {
                    thead { tr {
                        th { (tr.t("case-file-name")) } th { (tr.t("case-file-type")) } th { (tr.t("case-file-size")) }
                        th { (tr.t("case-file-state")) } th { "SHA-256" } th {}
                    } }
                    tbody { @for f in files {
                        @let id = hex_id(f);
                        @let p = progress.iter().find(|p| p.id == id);
                        @let (class, words) = state_words(tr, p);
                        tr data-file=(id) {
                            td { bdi { (f.name) } }
                            td { (f.media_type) }
                            td { (tr.ta("case-bytes", &[("n", Arg::N(i64::try_from(f.size).unwrap_or(i64::MAX)))])) }
                            td { span class={"badge " (class)} data-state=(p.map_or("fetching", |p| state_key(p.state))) { (words) } }
                            td { code.digest { (hex::encode(f.sha256)) } }
                            td.noprint {
                                @if p.is_some_and(|p| p.state == FileState::Complete) {
                                    a.download href={"/cases/" (case) "/files/" (id)} download=(f.name) { (tr.t("case-file-download")) }
                                }
                                @if !own && p.is_some_and(|p| p.state == FileState::Failed) && v.may(REFETCH) {
                                    form.refetch method="post" action={"/cases/" (case) "/files/" (id) "/refetch"} {
                                        (csrf(v))
                                        button type="submit" { (tr.t("case-file-refetch")) }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
            @if may_attach {
                // The token first: the route checks it before it stores a
                // byte of the file that follows.
                form.stack.upload.noprint method="post" action={"/cases/" (case) "/files"} enctype="multipart/form-data" {
                    (csrf(v))
                    label { (tr.t("case-file-add")) " " span.muted { (tr.t("case-file-add-hint")) }
                        input type="file" name="file" required;
                    }
                    button type="submit" { (tr.t("case-file-attach")) }
                }
            }
        }
    }
}

fn state_key(s: FileState) -> &'static str {
    match s {
        FileState::Fetching => "fetching",
        FileState::Complete => "complete",
        FileState::Failed => "failed",
    }
}

/// The case and which of its streamed attachments `file` is (404 for a
/// file the case does not name).
fn named(s: &AppState, tr: Tr, id: &str, file: &str) -> Result<(CaseId, StreamedAttachment), WebError> {
    let case = path_id::<CaseId>(tr, id)?;
    let entry = s.node.case(&case).map_err(|e| WebError::node(tr, e))?;
    let found = entry.record.content.streamed_attachments.into_iter().find(|f| hex_id(f) == file);
    found.map(|f| (case, f)).ok_or_else(|| WebError::not_found(tr, &format!("{case}/files/{file}")))
}

/// A complete file, streamed from the store a chunk at a time, each chunk
/// authenticated as it is read. Its own media type, but always as a
/// download (`attachment`), and the pages' headers (no script, no
/// sniffing) apply to it.
pub(crate) async fn download(
    State(s): State<AppState>,
    v: Viewer,
    Path((id, file)): Path<(String, String)>,
) -> PageResult {
    let tr = v.tr;
    v.require(Action::Read, "read cases")?;
    let (_, f) = named(&s, tr, &id, &file)?;
    let (progress, rx) = s.node.attachment_content(&file).map_err(|e| WebError::node(tr, e))?;
    let chunks = futures::stream::unfold(rx, |mut rx| async move {
        let next = rx.recv().await?;
        Some((next.map(Bytes::from), rx))
    });
    Response::builder()
        .header(header::CONTENT_TYPE, &f.media_type)
        .header(header::CONTENT_LENGTH, progress.size)
        .header(header::CONTENT_DISPOSITION, disposition(&f.name))
        .body(Body::from_stream(chunks))
        .map_err(|e| WebError::node(tr, crate::core::error::NodeError::Internal(e.to_string())))
}

/// `attachment` with the name in ASCII for old clients and in full
/// (RFC 8187) for the others.
fn disposition(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Attaches the file of the form to the case, streamed: the CSRF token is
/// read and checked first, then the file part goes into the store as it
/// arrives.
pub(crate) async fn upload(State(s): State<AppState>, Path(id): Path<String>, req: Request) -> PageResult {
    let (mut parts, body) = req.into_parts();
    let v = match Viewer::from_request_parts(&mut parts, &s).await {
        Ok(v) => v,
        Err(response) => return Ok(response),
    };
    let tr = v.tr;
    v.require(ATTACH, "attach files to cases")?;
    let case = path_id::<CaseId>(tr, &id)?;
    let bad_form = || WebError::new(tr, StatusCode::BAD_REQUEST, "error-invalid", None);
    let mut form = Multipart::from_request(Request::from_parts(parts, body), &s).await.map_err(|_| bad_form())?;
    let first = form.next_field().await.map_err(|_| bad_form())?.ok_or_else(bad_form)?;
    let token = if first.name() == Some("csrf") { first.text().await.map_err(|_| bad_form())? } else { String::new() };
    if !csrf_ok(&token, &v.session.csrf) {
        return Err(WebError::new(tr, StatusCode::FORBIDDEN, "error-csrf", None));
    }
    while let Some(field) = form.next_field().await.map_err(|_| bad_form())? {
        let Some(name) = field.file_name().filter(|n| !n.is_empty()).map(str::to_string) else { continue };
        if field.name() != Some("file") {
            continue;
        }
        // Only the file's own name: a browser may send a path.
        let name = name.rsplit(['/', '\\']).next().unwrap_or(&name).to_string();
        let media_type = field.content_type().map(str::to_string);
        s.node.attach_upload(&case, field, name, media_type).await.map_err(|e| WebError::node(tr, e))?;
        return Ok(Redirect::to(&format!("/cases/{case}#files")).into_response());
    }
    Err(WebError::invalid(tr, "case-file-missing"))
}

/// Fetches a failed file again.
pub(crate) async fn refetch(
    State(s): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    p: Posted,
) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(REFETCH, "fetch files again")?;
    let (case, _) = named(&s, tr, &id, &file)?;
    s.node.refetch_attachment(&file).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to(&format!("/cases/{case}#files")).into_response())
}
