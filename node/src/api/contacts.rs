//! Routes of the contact directory (ToR-20).

use dief_protocol::meeting::{ContactCard, DirectoryQuery};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::api::http::{ApiResult, AppState};
use crate::services::contacts::{ContactDraft, Published};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/contacts", get(contacts).post(publish_contact))
}

async fn contacts(State(s): State<AppState>, Query(q): Query<DirectoryQuery>) -> ApiResult<Vec<ContactCard>> {
    Ok(Json(s.node.contacts(&q)?))
}

async fn publish_contact(State(s): State<AppState>, Json(d): Json<ContactDraft>) -> ApiResult<Published> {
    Ok(Json(s.node.publish_contact(d).await?))
}
