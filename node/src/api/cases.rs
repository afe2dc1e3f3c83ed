//! Routes of the cases service: the case record (ToR-18, 19), create,
//! edit, share, withdraw, search, holders and distribution, and the import
//! of a MISP event as a new case (the exports are with the operational
//! export, in `procedures.rs`).

use dief_protocol::case::{CaseContent, CaseQuery};
use dief_protocol::{CaseId, CaseRecord, StateCode};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::api::http::{case_id, parse, ApiError, ApiResult, AppState, Sent};
use crate::core::audit::DistributionRow;
use crate::services::cases::{EditReport, Holder, WithdrawReport};
use crate::services::formats::misp::MAX_IMPORT_BYTES;
use crate::services::formats::ImportReport;
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

/// `?format=` of an import: `misp` (the only one).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ImportQuery {
    #[serde(default)]
    pub format: Option<String>,
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
        // The body is read raw so that the import's own size limit and its
        // clear error apply; the route's limit is above it, so that error is
        // what a caller sees unless the body is far over.
        .route("/v1/cases/import", post(import).layer(DefaultBodyLimit::max(2 * MAX_IMPORT_BYTES)))
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

async fn import(State(s): State<AppState>, Query(q): Query<ImportQuery>, body: Bytes) -> ApiResult<ImportReport> {
    match q.format.as_deref() {
        None | Some("misp") => Ok(Json(s.node.import_misp(&body).await?)),
        Some(f) => Err(ApiError::bad_request(format!("format {f:?}: only misp events can be imported"))),
    }
}
