//! Routes of the cases service: the case record (ToR-18, 19), create,
//! edit, share, withdraw, search, holders and distribution.

use dief_protocol::case::{CaseContent, CaseQuery};
use dief_protocol::{CaseId, CaseRecord, StateCode};

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::api::http::{case_id, parse, ApiResult, AppState, Sent};
use crate::core::audit::DistributionRow;
use crate::services::cases::{EditReport, Holder, WithdrawReport};
use crate::services::records::{CaseEntry, ExchangeEntry};
use crate::services::search::CaseSummary;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShareRequest {
    pub to: Vec<StateCode>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SearchRequest {
    #[serde(flatten)]
    pub query: CaseQuery,
    #[serde(default)]
    pub include_withdrawn: bool,
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WithdrawRequest {
    #[serde(default)]
    pub reason: String,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/cases", get(cases).post(create_case))
        .route("/v1/cases/{id}", get(case))
        .route("/v1/cases/{id}/share", post(share))
        .route("/v1/search", post(search))
        .route("/v1/cases/{id}/edit", post(edit))
        .route("/v1/cases/{id}/withdraw", post(withdraw))
        .route("/v1/cases/{id}/holders", get(holders))
        .route("/v1/cases/{id}/distribution", get(distribution))
        .route("/v1/cases/{id}/exchanges", get(exchanges))
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

async fn create_case(State(s): State<AppState>, Json(c): Json<CaseContent>) -> ApiResult<CaseRecord> {
    Ok(Json(s.node.create_case(c).await?))
}

async fn search(State(s): State<AppState>, Json(r): Json<SearchRequest>) -> ApiResult<Vec<CaseSummary>> {
    Ok(Json(s.node.search(&r.query, r.include_withdrawn, r.limit)?))
}

async fn edit(State(s): State<AppState>, Path(id): Path<String>, Json(c): Json<CaseContent>) -> ApiResult<EditReport> {
    Ok(Json(s.node.edit_case(&case_id(&id)?, c).await?))
}

async fn withdraw(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Json(r): Json<WithdrawRequest>,
) -> ApiResult<WithdrawReport> {
    Ok(Json(s.node.withdraw(&case_id(&id)?, r.reason).await?))
}

async fn holders(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Vec<Holder>> {
    Ok(Json(s.node.holders(&case_id(&id)?)?))
}

async fn distribution(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Vec<DistributionRow>> {
    Ok(Json(s.node.distribution(&case_id(&id)?).await?))
}

async fn exchanges(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Vec<ExchangeEntry>> {
    Ok(Json(s.node.case_exchanges(&case_id(&id)?)?))
}
