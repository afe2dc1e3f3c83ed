//! Local API routes for the meeting cycle (issue 4; ToR-3 to 11, 15, 22):
//! the Secretariat's calendar, invitations, the draft agenda and its
//! adoption, presentation intents, registrations, the expert procedure and
//! its acknowledgement, briefing clearance, this node's deadlines and the
//! iCalendar export. Thin: every check lives in [`crate::meetings`]. Merged
//! into [`crate::api::router`]; same token, same error shape, and the same
//! per-request `api` span from the router's middleware.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dief_protocol::meeting::{BriefingAnswer, BriefingAudience, Delegate, ExpertEvent, MeetingId};
use dief_protocol::{CaseId, Date, MessageId};
use serde::{Deserialize, Serialize};

use crate::api::http::{default_language, parse, ApiError, ApiResult, AppState};
use crate::services::meetings::{
    AgendaDraft, BriefingInput, DeadlineItem, ExpertDraft, ExpertView, IntentDraft, IntentView, MeetingDraft,
    MeetingView, Scheduled, Step,
};

/// ToR-6, ToR-7: a State's delegation for one meeting (the meeting is in
/// the path).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RegistrationBody {
    pub delegates: Vec<Delegate>,
}

/// ToR-15: when the inviting State informed its expert of the duty of
/// confidentiality.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AcknowledgementBody {
    pub informed_on: Date,
    /// The language the expert was told the duty in; the node words the
    /// duty from its catalog in it.
    #[serde(default = "crate::api::http::default_language")]
    pub language: String,
}

/// ToR-22: a briefing draft; the meeting is in the path.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BriefingBody {
    pub audience: BriefingAudience,
    pub text: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub based_on: Vec<CaseId>,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/meetings", get(meetings).post(schedule))
        .route("/v1/meetings/{id}", get(meeting))
        .route("/v1/meetings/{id}/invite", post(invite))
        .route("/v1/meetings/{id}/agenda", post(agenda))
        .route("/v1/meetings/{id}/adopt", post(adopt))
        .route("/v1/meetings/{id}/registration", post(register))
        .route("/v1/meetings/{id}/briefing", post(briefing))
        .route("/v1/meetings/{id}/briefing/answer", post(briefing_answer))
        .route("/v1/intents", get(intents).post(intent))
        .route("/v1/intents/{id}/withdraw", post(withdraw_intent))
        .route("/v1/experts", get(experts).post(propose_expert))
        .route("/v1/experts/{id}/steps", post(expert_step))
        .route("/v1/experts/{id}/acknowledgement", post(acknowledge))
        .route("/v1/deadlines", get(deadlines))
        .route("/v1/calendar.ics", get(calendar))
}

fn meeting_id(s: &str) -> Result<MeetingId, ApiError> {
    parse("meeting id", s)
}

fn message_id(s: &str) -> Result<MessageId, ApiError> {
    parse("message id", s)
}

async fn meetings(State(s): State<AppState>) -> ApiResult<Vec<MeetingView>> {
    Ok(Json(s.node.meetings()?))
}

async fn schedule(State(s): State<AppState>, Json(d): Json<MeetingDraft>) -> ApiResult<Scheduled> {
    Ok(Json(s.node.schedule_meeting(d).await?))
}

async fn meeting(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<MeetingView> {
    Ok(Json(s.node.meeting(meeting_id(&id)?)?))
}

async fn invite(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Step> {
    Ok(Json(s.node.invite(meeting_id(&id)?).await?))
}

async fn agenda(State(s): State<AppState>, Path(id): Path<String>, Json(d): Json<AgendaDraft>) -> ApiResult<Step> {
    Ok(Json(s.node.circulate_agenda(meeting_id(&id)?, d).await?))
}

async fn adopt(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Step> {
    Ok(Json(s.node.adopt_agenda(meeting_id(&id)?).await?))
}

async fn register(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<RegistrationBody>,
) -> ApiResult<Step> {
    Ok(Json(s.node.register_delegation(meeting_id(&id)?, r.delegates).await?))
}

async fn briefing(State(s): State<AppState>, Path(id): Path<String>, Json(b): Json<BriefingBody>) -> ApiResult<Step> {
    let input = BriefingInput {
        meeting: meeting_id(&id)?,
        audience: b.audience,
        text: b.text,
        language: b.language,
        based_on: b.based_on,
    };
    Ok(Json(s.node.draft_briefing(input).await?))
}

async fn briefing_answer(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(a): Json<BriefingAnswer>,
) -> ApiResult<Step> {
    Ok(Json(s.node.answer_briefing(meeting_id(&id)?, a).await?))
}

async fn intents(State(s): State<AppState>) -> ApiResult<Vec<IntentView>> {
    Ok(Json(s.node.intents()?))
}

async fn intent(State(s): State<AppState>, Json(d): Json<IntentDraft>) -> ApiResult<Step> {
    Ok(Json(s.node.register_intent(d).await?))
}

async fn withdraw_intent(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Step> {
    Ok(Json(s.node.withdraw_intent(message_id(&id)?).await?))
}

/// Every expert proposal this node knows, meeting by meeting: the node
/// keeps them per meeting, and ToR-8 makes them visible to every member.
async fn experts(State(s): State<AppState>) -> ApiResult<Vec<ExpertView>> {
    Ok(Json(s.node.meetings()?.into_iter().flat_map(|m| m.experts).collect()))
}

async fn propose_expert(State(s): State<AppState>, Json(d): Json<ExpertDraft>) -> ApiResult<Step> {
    Ok(Json(s.node.propose_expert(d).await?))
}

async fn expert_step(State(s): State<AppState>, Path(id): Path<String>, Json(e): Json<ExpertEvent>) -> ApiResult<Step> {
    Ok(Json(s.node.expert_step(message_id(&id)?, e).await?))
}

async fn acknowledge(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(a): Json<AcknowledgementBody>,
) -> ApiResult<Step> {
    Ok(Json(s.node.acknowledge_expert_in(message_id(&id)?, a.informed_on, &a.language).await?))
}

async fn deadlines(State(s): State<AppState>) -> ApiResult<Vec<DeadlineItem>> {
    Ok(Json(s.node.deadlines()?))
}

/// RFC 5545 text, not JSON: a calendar program imports it as it is.
async fn calendar(State(s): State<AppState>) -> Result<Response, ApiError> {
    let ics = s.node.icalendar()?;
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], ics).into_response())
}
