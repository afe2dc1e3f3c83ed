//! Routes of the streamed attachments (issue 13): attach a file on the
//! node's host to an own case or upload one (the request's body streamed
//! into the store, never held whole), the progress of every attachment
//! this node holds or fetches, fetching a failed one again, and the
//! download of a complete one, streamed from the store a chunk at a time
//! (never the whole file in memory).

use std::path::PathBuf;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::api::http::{case_id, ApiError, ApiResult, AppState};
use crate::core::attachments::FileProgress;
use crate::services::cases::attach::AttachReport;

/// `POST /v1/cases/{id}/attach`: a file on the node's host.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachRequest {
    pub path: PathBuf,
    /// The file name recipients see; the path's last part if absent.
    #[serde(default)]
    pub name: Option<String>,
    /// `application/octet-stream` if absent.
    #[serde(default)]
    pub media_type: Option<String>,
}

/// `POST /v1/cases/{id}/attachments?name=...&media_type=...`: the body is
/// the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UploadQuery {
    /// The file name recipients see.
    pub name: String,
    /// The request's `Content-Type` if absent, then
    /// `application/octet-stream`.
    #[serde(default)]
    pub media_type: Option<String>,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/cases/{id}/attach", post(attach))
        .route("/v1/cases/{id}/attachments", post(upload))
        .route("/v1/attachments", get(list))
        .route("/v1/attachments/{id}", get(one))
        .route("/v1/attachments/{id}/content", get(content))
        .route("/v1/attachments/{id}/refetch", post(refetch))
}

async fn attach(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<AttachRequest>,
) -> ApiResult<AttachReport> {
    Ok(Json(s.node.attach_file(&case_id(&id)?, &r.path, r.name, r.media_type).await?))
}

async fn upload(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<AttachReport> {
    let case = case_id(&id)?;
    let media_type = q.media_type.or_else(|| {
        let sent = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())?;
        // A parameter (`; charset=...`) is not part of a media type a
        // record carries.
        Some(sent.split(';').next().unwrap_or(sent).trim().to_string()).filter(|m| !m.is_empty())
    });
    let mut pieces = body.into_data_stream();
    let report = s.node.attach_upload(&case, &mut pieces, q.name, media_type).await;
    if report.is_err() {
        drain(&mut pieces).await;
    }
    Ok(Json(report?))
}

/// What is read and dropped of a refused upload's body at most.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads and drops what is left of a refused upload, up to [`DRAIN_LIMIT`]
/// bytes or [`DRAIN_TIME`]. A client that sends its file whole before it
/// reads the answer (most do) would otherwise never see the refusal: the
/// kernel answers data left unread at close with a reset, and the client
/// gets a broken pipe instead of the reason. Past the bound the connection
/// is closed all the same.
async fn drain(pieces: &mut axum::body::BodyDataStream) {
    use futures::StreamExt;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        let mut read = 0u64;
        while let Some(Ok(piece)) = pieces.next().await {
            read = read.saturating_add(piece.len() as u64);
            if read > DRAIN_LIMIT {
                break;
            }
        }
    })
    .await;
}

async fn refetch(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<FileProgress> {
    Ok(Json(s.node.refetch_attachment(&id).await?))
}

async fn list(State(s): State<AppState>) -> ApiResult<Vec<FileProgress>> {
    Ok(Json(s.node.attachments()?))
}

async fn one(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<FileProgress> {
    Ok(Json(s.node.attachment(&id)?))
}

async fn content(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (file, rx) = s.node.attachment_content(&id)?;
    let chunks = futures::stream::unfold(rx, |mut rx| async move {
        let next = rx.recv().await?;
        Some((next.map(Bytes::from), rx))
    });
    let response = Response::builder()
        // Never rendered by whoever fetches it: a file from another State.
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, file.size)
        .header("x-dief-sha256", file.sha256)
        .body(Body::from_stream(chunks))
        .map_err(|e| ApiError::from(crate::core::error::NodeError::Internal(e.to_string())))?;
    Ok(response)
}
