//! The local HTTP API on loopback that the `dief` CLI (and scripts) use.
//!
//! Every request needs `Authorization: Bearer <token>`, the token being the
//! contents of `api.token` in the node directory (mode 0600), compared in
//! constant time. Bodies are JSON; signed objects carried between nodes out
//! of band (join requests, rosters) travel as armoured text. Errors are
//! `{"error": "..."}` with a 4xx status for what the caller did wrong and
//! 5xx for what failed in the node. The request and response types are
//! public so the CLI is a typed client.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::roster::{Chair, MemberStatus};
use dief_protocol::{CaseId, MessageId, Roster, SignedJoinRequest, SignedRoster, StateCode};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tracing::{info, Instrument};

use crate::node::{Node, OutboxItem, Status};
use crate::records::{CaseEntry, InboxEntry};
use crate::NodeError;
use crate::{api_exchange, api_meetings};

pub const ROSTER_LABEL: &str = "DIEF ROSTER";
pub const JOIN_LABEL: &str = "DIEF JOIN REQUEST";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MemberView {
    pub state: StateCode,
    pub status: MemberStatus,
    pub peer_id: String,
    pub signing_key: String,
    pub encryption_key_id: String,
    pub addrs: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RosterView {
    pub sequence: u64,
    pub issued_at: i64,
    pub roster_key_fingerprint: String,
    pub secretariat_peer_id: String,
    pub chair: Option<Chair>,
    pub members: Vec<MemberView>,
}

impl From<&Roster> for RosterView {
    fn from(r: &Roster) -> Self {
        RosterView {
            sequence: r.sequence,
            issued_at: r.issued_at,
            roster_key_fingerprint: r.secretariat.signing_key.fingerprint(),
            secretariat_peer_id: r.secretariat.peer_id.clone(),
            chair: r.chair.clone(),
            members: r
                .members
                .iter()
                .map(|m| MemberView {
                    state: m.state,
                    status: m.status,
                    peer_id: m.node.peer_id.clone(),
                    signing_key: m.node.signing_key.fingerprint(),
                    encryption_key_id: m.node.encryption_key_id().to_string(),
                    addrs: m.node.addrs.clone(),
                })
                .collect(),
        }
    }
}

/// An armoured signed object (roster or join request).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Armored {
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShareRequest {
    pub to: Vec<StateCode>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReplyRequest {
    pub body: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub to: Option<Vec<StateCode>>,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StateRequest {
    pub state: StateCode,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChairRequest {
    pub state: StateCode,
    pub term_ends_at: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sent {
    pub message_id: MessageId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Requeued {
    pub requeued: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: String,
}

/// An error as the API returns it.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad_request(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
}

impl From<NodeError> for ApiError {
    fn from(e: NodeError) -> Self {
        let status = match &e {
            NodeError::NotFound { .. } => StatusCode::NOT_FOUND,
            NodeError::SecretariatOnly(_) | NodeError::StateOnly(_) | NodeError::NotForSecretariat(_) => {
                StatusCode::FORBIDDEN
            }
            e if e.is_user_error() => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError { status, message: e.to_string() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ApiErrorBody { error: self.message })).into_response()
    }
}

pub(crate) type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) node: Node,
    token: Arc<String>,
}

pub(crate) fn parse<T: std::str::FromStr>(what: &str, s: &str) -> Result<T, ApiError>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e| ApiError::bad_request(format!("{what} {s:?}: {e}")))
}

/// Encodes a signed object and wraps it in its labelled text block.
fn to_armored<T: Serialize>(label: &'static str, what: &'static str, v: &T) -> ApiResult<Armored> {
    let bytes = codec::encode(what, v, MAX_ROSTER_BYTES).map_err(NodeError::from)?;
    Ok(Json(Armored { text: armor(label, &bytes) }))
}

/// Unwraps a labelled text block and decodes the signed object inside.
fn from_armored<T: serde::de::DeserializeOwned>(
    label: &'static str,
    what: &'static str,
    a: &Armored,
) -> Result<T, ApiError> {
    let bytes = dearmor(label, &a.text).map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(codec::decode(what, &bytes, MAX_ROSTER_BYTES).map_err(NodeError::from)?)
}

/// Builds the router; `serve` binds it.
pub fn router(node: Node, token: String) -> Router {
    let state = AppState { node, token: Arc::new(token) };
    Router::new()
        .route("/v1/status", get(status))
        .route("/v1/roster", get(roster))
        .route("/v1/roster/signed", get(roster_signed))
        .route("/v1/roster/import", post(roster_import))
        .route("/v1/roster/join-request", get(join_request))
        .route("/v1/roster/admit", post(admit))
        .route("/v1/roster/remove", post(remove))
        .route("/v1/roster/chair", post(chair))
        .route("/v1/cases", get(cases).post(api_exchange::create_case))
        .route("/v1/cases/{id}", get(case))
        .route("/v1/cases/{id}/share", post(share))
        .route("/v1/cases/{id}/reply", post(reply))
        .route("/v1/inbox", get(inbox))
        .route("/v1/outbox", get(outbox))
        .route("/v1/outbox/{id}/retry", post(retry))
        .merge(api_exchange::routes())
        .merge(api_meetings::routes())
        .layer(middleware::from_fn_with_state(state.clone(), auth))
        .with_state(state)
}

/// Serves the API on `addr` (loopback only) until `shutdown` resolves.
pub async fn serve(
    node: Node,
    addr: SocketAddr,
    token: String,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<SocketAddr, NodeError> {
    if !addr.ip().is_loopback() {
        return Err(NodeError::Invalid(format!("the API listens on loopback only, not {addr}")));
    }
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    info!(%bound, "local API listening");
    let app = router(node, token);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %e, "local API stopped");
        }
    });
    Ok(bound)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn auth(State(state): State<AppState>, headers: HeaderMap, req: axum::extract::Request, next: Next) -> Response {
    let presented = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !constant_time_eq(presented.as_bytes(), state.token.as_bytes()) {
        return ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing or wrong API token (see api.token in the node directory)".into(),
        }
        .into_response();
    }
    let span = tracing::info_span!("api", method = %req.method(), path = %req.uri().path());
    next.run(req).instrument(span).await
}

async fn status(State(s): State<AppState>) -> ApiResult<Status> {
    Ok(Json(s.node.status().await?))
}

async fn roster(State(s): State<AppState>) -> ApiResult<RosterView> {
    let r = s.node.roster().ok_or(NodeError::NoRoster)?;
    Ok(Json(RosterView::from(&r)))
}

async fn roster_signed(State(s): State<AppState>) -> ApiResult<Armored> {
    let r = s.node.signed_roster().ok_or(NodeError::NoRoster)?;
    to_armored(ROSTER_LABEL, "roster", &r)
}

async fn roster_import(State(s): State<AppState>, Json(a): Json<Armored>) -> ApiResult<RosterView> {
    let signed: SignedRoster = from_armored(ROSTER_LABEL, "roster", &a)?;
    s.node.import_roster(&signed)?;
    let r = s.node.roster().ok_or(NodeError::NoRoster)?;
    Ok(Json(RosterView::from(&r)))
}

async fn join_request(State(s): State<AppState>) -> ApiResult<Armored> {
    let req = s.node.join_request()?;
    to_armored(JOIN_LABEL, "join request", &req)
}

async fn admit(State(s): State<AppState>, Json(a): Json<Armored>) -> ApiResult<RosterView> {
    let req: SignedJoinRequest = from_armored(JOIN_LABEL, "join request", &a)?;
    Ok(Json(RosterView::from(&s.node.admit(&req).await?)))
}

async fn remove(State(s): State<AppState>, Json(r): Json<StateRequest>) -> ApiResult<RosterView> {
    Ok(Json(RosterView::from(&s.node.remove_member(r.state).await?)))
}

async fn chair(State(s): State<AppState>, Json(r): Json<ChairRequest>) -> ApiResult<RosterView> {
    Ok(Json(RosterView::from(&s.node.set_chair(r.state, r.term_ends_at).await?)))
}

async fn cases(State(s): State<AppState>) -> ApiResult<Vec<CaseEntry>> {
    Ok(Json(s.node.cases()?))
}

async fn case(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<CaseEntry> {
    let id: CaseId = parse("case id", &id)?;
    Ok(Json(s.node.case(&id)?))
}

async fn share(State(s): State<AppState>, Path(id): Path<String>, Json(r): Json<ShareRequest>) -> ApiResult<Sent> {
    let id: CaseId = parse("case id", &id)?;
    Ok(Json(Sent { message_id: s.node.share(&id, &r.to).await? }))
}

async fn reply(State(s): State<AppState>, Path(id): Path<String>, Json(r): Json<ReplyRequest>) -> ApiResult<Sent> {
    let id: CaseId = parse("case id", &id)?;
    Ok(Json(Sent { message_id: s.node.reply(&id, r.body, r.language, r.to).await? }))
}

async fn inbox(State(s): State<AppState>) -> ApiResult<Vec<InboxEntry>> {
    Ok(Json(s.node.inbox()?))
}

async fn outbox(State(s): State<AppState>) -> ApiResult<Vec<OutboxItem>> {
    Ok(Json(s.node.outbox()?))
}

async fn retry(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Requeued> {
    let id: MessageId = parse("message id", &id)?;
    Ok(Json(Requeued { requeued: s.node.retry(&id).await? }))
}
