//! What every route shares: the error shape (`{"error": "..."}`, 4xx for
//! what the caller did wrong, 5xx for what failed in the node), the state
//! each handler gets, the bearer-token check, and parsing of path ids.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dief_protocol::{CaseId, MessageId};
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use crate::core::error::NodeError;
use crate::core::node::Node;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sent {
    pub message_id: MessageId,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: String,
}

/// An error as the API returns it.
#[derive(Debug)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
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
            // The node is healthy but out of room: the caller may retry once
            // the operator has freed space.
            NodeError::Store(crate::core::store::StoreError::DiskFull { .. }) => StatusCode::INSUFFICIENT_STORAGE,
            e if e.is_user_error() => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError { status, message: e.to_string() }
    }
}

impl IntoResponse for ApiError {
    /// Logged here, once, inside the request's span (method and path).
    fn into_response(self) -> Response {
        let status = self.status.as_u16();
        if self.status.is_server_error() {
            tracing::error!(status, error = %self.message, "request failed");
        } else {
            tracing::info!(status, reason = %self.message, "request refused");
        }
        (self.status, Json(ApiErrorBody { error: self.message })).into_response()
    }
}

pub(crate) type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) node: Node,
    pub(crate) token: Arc<String>,
}

pub(crate) fn parse<T: std::str::FromStr>(what: &str, s: &str) -> Result<T, ApiError>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e| ApiError::bad_request(format!("{what} {s:?}: {e}")))
}

pub(crate) fn case_id(s: &str) -> Result<CaseId, ApiError> {
    parse("case id", s)
}

pub(crate) fn message_id(s: &str) -> Result<MessageId, ApiError> {
    parse("message id", s)
}

pub(crate) fn default_language() -> String {
    "en".into()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) async fn auth(
    State(state): State<AppState>,
    headers: HeaderMap,
    req: axum::extract::Request,
    next: Next,
) -> Response {
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
