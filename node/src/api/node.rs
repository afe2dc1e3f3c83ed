//! Routes of the core: status, the roster (join requests, admission,
//! removal, Chair), the inbox and outbox with retry, and the audit log.

use dief_protocol::armor::{armor, dearmor};
use dief_protocol::codec::{self, MAX_ROSTER_BYTES};
use dief_protocol::reason::Reason;
use dief_protocol::roster::{Chair, MemberStatus};
use dief_protocol::{MessageId, Roster, SignedJoinRequest, SignedRoster, StateCode};

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::api::http::{parse, ApiError, ApiResult, AppState};
use crate::core::audit::{AuditEntry, AuditReport};
use crate::core::error::NodeError;
use crate::core::node::{OutboxItem, RosterChange, Status};
use crate::core::records::InboxEntry;
use crate::core::store::BackupInfo;

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
    /// The envelope wire version the members write.
    pub wire_version: u16,
    pub members: Vec<MemberView>,
    /// A change only drafted: the roster key is offline, and the roster
    /// waits to be signed there (`dief roster sign`).
    #[serde(default)]
    pub draft: bool,
}

impl From<&RosterChange> for RosterView {
    fn from(c: &RosterChange) -> Self {
        RosterView { draft: matches!(c, RosterChange::Drafted { .. }), ..RosterView::from(c.roster()) }
    }
}

impl From<&Roster> for RosterView {
    fn from(r: &Roster) -> Self {
        RosterView {
            sequence: r.sequence,
            issued_at: r.issued_at,
            roster_key_fingerprint: r.signer().fingerprint(),
            secretariat_peer_id: r.secretariat.peer_id.clone(),
            chair: r.chair.clone(),
            wire_version: r.wire_version,
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
            draft: false,
        }
    }
}

/// An armoured signed object (roster or join request).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Armored {
    pub text: String,
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

/// Secretariat: the wire version every member is to write.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireVersionRequest {
    pub version: u16,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Requeued {
    pub requeued: usize,
}

/// `POST /v1/backup`: where the node writes the backup, an absolute path
/// on the node's machine (the file must not exist).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BackupRequest {
    pub out: std::path::PathBuf,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub from: u64,
    #[serde(default)]
    pub limit: Option<usize>,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/status", get(status))
        .route("/v1/roster", get(roster))
        .route("/v1/roster/signed", get(roster_signed))
        .route("/v1/roster/import", post(roster_import))
        .route("/v1/roster/join-request", get(join_request))
        .route("/v1/roster/admit", post(admit))
        .route("/v1/roster/admit-all", post(admit_all))
        .route("/v1/roster/remove", post(remove))
        .route("/v1/roster/chair", post(chair))
        .route("/v1/roster/wire-version", post(wire_version))
        .route("/v1/inbox", get(inbox))
        .route("/v1/outbox", get(outbox))
        .route("/v1/outbox/{id}/retry", post(retry))
        .route("/v1/audit", get(audit))
        .route("/v1/audit/verify", get(audit_verify))
        .route("/v1/backup", post(backup))
}

/// Encodes a signed object and wraps it in its labelled text block.
pub(crate) fn to_armored<T: Serialize>(label: &'static str, what: &'static str, v: &T) -> ApiResult<Armored> {
    let bytes = codec::encode(what, v, MAX_ROSTER_BYTES).map_err(NodeError::from)?;
    Ok(Json(Armored { text: armor(label, &bytes) }))
}

/// Unwraps a labelled text block and decodes the signed object inside.
pub(crate) fn from_armored<T: serde::de::DeserializeOwned>(
    label: &'static str,
    what: &'static str,
    a: &Armored,
) -> Result<T, ApiError> {
    let bytes = dearmor(label, &a.text).map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(codec::decode(what, &bytes, MAX_ROSTER_BYTES).map_err(NodeError::from)?)
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

/// `POST /v1/roster/admit-all`: several join requests in one roster version.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ArmoredList {
    pub texts: Vec<String>,
}

async fn admit_all(State(s): State<AppState>, Json(a): Json<ArmoredList>) -> ApiResult<RosterView> {
    if a.texts.is_empty() || a.texts.len() > MAX_ADMITTED_AT_ONCE {
        return Err(NodeError::Refused(
            Reason::new("refusal-membership-admit-count").number("max", MAX_ADMITTED_AT_ONCE),
        )
        .into());
    }
    let mut requests = Vec::with_capacity(a.texts.len());
    for text in a.texts {
        requests.push(from_armored::<SignedJoinRequest>(JOIN_LABEL, "join request", &Armored { text })?);
    }
    Ok(Json(RosterView::from(&s.node.admit_all(&requests).await?)))
}

/// The Forum's size: no batch of admissions is larger.
const MAX_ADMITTED_AT_ONCE: usize = 193;

async fn remove(State(s): State<AppState>, Json(r): Json<StateRequest>) -> ApiResult<RosterView> {
    Ok(Json(RosterView::from(&s.node.remove_member(r.state).await?)))
}

async fn chair(State(s): State<AppState>, Json(r): Json<ChairRequest>) -> ApiResult<RosterView> {
    Ok(Json(RosterView::from(&s.node.set_chair(r.state, r.term_ends_at).await?)))
}

async fn wire_version(State(s): State<AppState>, Json(r): Json<WireVersionRequest>) -> ApiResult<RosterView> {
    Ok(Json(RosterView::from(&s.node.set_wire_version(r.version).await?)))
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

async fn audit(State(s): State<AppState>, Query(q): Query<AuditQuery>) -> ApiResult<Vec<AuditEntry>> {
    // The log is read from the store; keep the async workers free.
    let limit = q.limit.unwrap_or(1000).min(10_000);
    let entries = tokio::task::spawn_blocking(move || s.node.audit_entries(q.from, limit))
        .await
        .map_err(|e| NodeError::Internal(format!("audit listing stopped: {e}")))??;
    Ok(Json(entries))
}

async fn audit_verify(State(s): State<AppState>) -> ApiResult<AuditReport> {
    let report = tokio::task::spawn_blocking(move || s.node.audit_verify())
        .await
        .map_err(|e| NodeError::Internal(format!("audit verification stopped: {e}")))??;
    Ok(Json(report))
}

/// A backup of the running node, written where the request says. Relative
/// paths are refused: the node's working directory is not the caller's.
async fn backup(State(s): State<AppState>, Json(r): Json<BackupRequest>) -> ApiResult<BackupInfo> {
    if !r.out.is_absolute() {
        return Err(ApiError::bad_request(format!(
            "backup path {} is relative; give an absolute path on the node's machine",
            r.out.display()
        )));
    }
    Ok(Json(s.node.backup(&r.out).await?))
}
