//! Routes of the State-to-State procedures: replies, involved-State
//! notices and the presentation package (ToR-12), use requests and the
//! operational export (ToR-16), challenges (ToR-15), threads (ToR-21).

use dief_protocol::procedure::{UseDecision, UsePurpose};
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, Date, MessageId, Party, StateCode};

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::api::http::{case_id, default_language, message_id, parse, ApiError, ApiResult, AppState, Sent};
use crate::core::error::NodeError;
use crate::services::formats::ExportFormat;
use crate::services::procedures::{
    ChallengeView, NoticesSent, PresentationPackage, ReceivedNotice, ThreadView, UseRequestView,
};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReplyRequest {
    pub body: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub to: Option<Vec<StateCode>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticeRequest {
    pub to: Vec<StateCode>,
    pub meeting_date: Date,
    #[serde(default)]
    pub meeting_ref: Option<String>,
    pub summary: String,
    #[serde(default = "default_language")]
    pub language: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TextRequest {
    pub body: String,
    #[serde(default = "default_language")]
    pub language: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresentationQuery {
    pub meeting: Date,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UseRequestBody {
    pub purpose: UsePurpose,
    #[serde(default)]
    pub details: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UseAnswerBody {
    #[serde(flatten)]
    pub decision: UseDecision,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeRequest {
    pub to: Party,
    #[serde(default)]
    pub case_id: Option<CaseId>,
    pub concern: String,
    /// A challenge to the Secretariat is sealed to the Secretariat, which
    /// reads the concern: the sender must say it knows (issue 11).
    #[serde(default)]
    pub secretariat_reads: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeAnswerBody {
    pub explanation: String,
    #[serde(default)]
    pub remedial_measures: String,
    /// An answer to a challenge the Secretariat made is sealed to the
    /// Secretariat, which reads it: the sender must say it knows (issue 11).
    #[serde(default)]
    pub secretariat_reads: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeCloseBody {
    #[serde(default)]
    pub note: String,
    /// Closing a challenge made to the Secretariat: it reads the note, and
    /// the sender must say it knows (issue 11).
    #[serde(default)]
    pub secretariat_reads: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadPostBody {
    #[serde(default)]
    pub thread: Option<MessageId>,
    #[serde(default)]
    pub with: Vec<StateCode>,
    #[serde(default)]
    pub subject: String,
    pub body: String,
    #[serde(default = "default_language")]
    pub language: String,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/cases/{id}/reply", post(reply))
        .route("/v1/cases/{id}/notices", post(notify))
        .route("/v1/cases/{id}/notices/{notice}/reply", post(notice_reply))
        .route("/v1/cases/{id}/notices/{notice}/right-of-reply", post(right_of_reply))
        .route("/v1/cases/{id}/presentation", get(presentation))
        .route("/v1/notices", get(notices))
        .route("/v1/cases/{id}/use-requests", post(use_request))
        .route("/v1/cases/{id}/use-requests/{request}/answer", post(use_answer))
        .route("/v1/cases/{id}/export", post(export))
        .route("/v1/use-requests", get(use_requests))
        .route("/v1/challenges", get(challenges).post(challenge))
        .route("/v1/challenges/{id}/answer", post(challenge_answer))
        .route("/v1/challenges/{id}/close", post(challenge_close))
        .route("/v1/cases/{id}/threads", get(threads).post(thread_post))
}

async fn reply(State(s): State<AppState>, Path(id): Path<String>, Json(r): Json<ReplyRequest>) -> ApiResult<Sent> {
    let id: CaseId = parse("case id", &id)?;
    Ok(Json(Sent { message_id: s.node.reply(&id, r.body, r.language, r.to).await? }))
}

async fn notify(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<NoticeRequest>,
) -> ApiResult<NoticesSent> {
    let id = case_id(&id)?;
    Ok(Json(s.node.notify_involved(&id, &r.to, r.meeting_date, r.meeting_ref, r.summary, r.language).await?))
}

async fn notice_reply(
    State(s): State<AppState>,
    Path((id, notice)): Path<(String, String)>,
    Json(r): Json<TextRequest>,
) -> ApiResult<Sent> {
    let (id, notice) = (case_id(&id)?, message_id(&notice)?);
    Ok(Json(Sent { message_id: s.node.reply_to_notice(&id, &notice, r.body, r.language).await? }))
}

async fn right_of_reply(
    State(s): State<AppState>,
    Path((id, notice)): Path<(String, String)>,
    Json(r): Json<TextRequest>,
) -> ApiResult<Sent> {
    let (id, notice) = (case_id(&id)?, message_id(&notice)?);
    Ok(Json(Sent { message_id: s.node.right_of_reply(&id, &notice, r.body, r.language).await? }))
}

async fn presentation(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<PresentationQuery>,
) -> ApiResult<PresentationPackage> {
    Ok(Json(s.node.presentation(&case_id(&id)?, q.meeting)?))
}

async fn notices(State(s): State<AppState>) -> ApiResult<Vec<ReceivedNotice>> {
    Ok(Json(s.node.received_notices()?))
}

async fn use_request(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<UseRequestBody>,
) -> ApiResult<Sent> {
    Ok(Json(Sent { message_id: s.node.request_use(&case_id(&id)?, r.purpose, r.details).await? }))
}

async fn use_answer(
    State(s): State<AppState>,
    Path((id, request)): Path<(String, String)>,
    Json(r): Json<UseAnswerBody>,
) -> ApiResult<Sent> {
    let (id, request) = (case_id(&id)?, message_id(&request)?);
    Ok(Json(Sent { message_id: s.node.answer_use(&id, &request, r.decision, r.note).await? }))
}

async fn use_requests(State(s): State<AppState>) -> ApiResult<Vec<UseRequestView>> {
    Ok(Json(s.node.use_requests(None)?))
}

/// `?format=` of the export: absent or `json` for dief's own JSON, `stix` or
/// `misp` for the exchange formats. All three go through the same ToR-16
/// release.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub format: Option<String>,
}

async fn export(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> ApiResult<serde_json::Value> {
    let id = case_id(&id)?;
    let format = match q.format.as_deref() {
        None | Some("json") => None,
        Some(f) => Some(f.parse::<ExportFormat>().map_err(|e| ApiError::bad_request(format!("{e}, or json")))?),
    };
    let out = match format {
        None => serde_json::to_value(s.node.export_for_use(&id).await?)
            .map_err(|e| NodeError::Internal(format!("the export did not serialize: {e}")))?,
        Some(f) => s.node.export_as(&id, f).await?,
    };
    Ok(Json(out))
}

async fn challenges(State(s): State<AppState>) -> ApiResult<Vec<ChallengeView>> {
    Ok(Json(s.node.challenges()?))
}

/// Refuses to send free text the Secretariat will read unless the user
/// confirmed it (`secretariat_reads`): a challenge, an answer to one or a
/// closing note is sealed to the other party, and when that is the
/// Secretariat it opens the text (issue 11).
/// `unconfirmed` is the refusal for the text in question (one key each).
fn confirm_secretariat_reads(to: Party, confirmed: bool, unconfirmed: &'static str) -> Result<(), ApiError> {
    if to.is_secretariat() && !confirmed {
        return Err(NodeError::Refused(Reason::new(unconfirmed)).into());
    }
    Ok(())
}

async fn challenge(State(s): State<AppState>, Json(r): Json<ChallengeRequest>) -> ApiResult<Sent> {
    confirm_secretariat_reads(r.to, r.secretariat_reads, "refusal-api-secretariat-reads-concern")?;
    Ok(Json(Sent { message_id: s.node.challenge(r.to, r.case_id, r.concern).await? }))
}

async fn challenge_answer(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<ChallengeAnswerBody>,
) -> ApiResult<Sent> {
    let id = message_id(&id)?;
    confirm_secretariat_reads(
        s.node.challenge_counterpart(&id)?,
        r.secretariat_reads,
        "refusal-api-secretariat-reads-answer",
    )?;
    Ok(Json(Sent { message_id: s.node.answer_challenge(&id, r.explanation, r.remedial_measures).await? }))
}

async fn challenge_close(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<ChallengeCloseBody>,
) -> ApiResult<Sent> {
    let id = message_id(&id)?;
    confirm_secretariat_reads(
        s.node.challenge_counterpart(&id)?,
        r.secretariat_reads,
        "refusal-api-secretariat-reads-close",
    )?;
    Ok(Json(Sent { message_id: s.node.close_challenge(&id, r.note).await? }))
}

async fn threads(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Vec<ThreadView>> {
    Ok(Json(s.node.threads(&case_id(&id)?)?))
}

async fn thread_post(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<ThreadPostBody>,
) -> ApiResult<Sent> {
    let id = case_id(&id)?;
    Ok(Json(Sent { message_id: s.node.thread_post(&id, r.thread, &r.with, r.subject, r.body, r.language).await? }))
}
