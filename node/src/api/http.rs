//! What every route shares: the error shape (`{"error": "..."}`, 4xx for
//! what the caller did wrong, 5xx for what failed in the node), the state
//! each handler gets, the bearer-token check, and parsing of path ids.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dief_protocol::reason::{Reason, ReasonArg};
use dief_protocol::{CaseId, MessageId};
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use crate::core::error::NodeError;
use crate::core::node::Node;
use crate::core::users::{constant_time_eq, Action};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sent {
    pub message_id: MessageId,
}

/// The body of every API error: the English text, and the refusal's key
/// and arguments so a client words it in its reader's language from the
/// same catalogs (the CLI does; `Tr::words`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<WireReason>,
}

/// A [`Reason`] as JSON: `{"key": "refusal-…", "args": {"case": {"text": "FRA-…"}}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireReason {
    pub key: String,
    #[serde(default)]
    pub args: BTreeMap<String, ReasonArg>,
}

impl From<&Reason> for WireReason {
    fn from(r: &Reason) -> Self {
        WireReason { key: r.key.to_string(), args: r.args.iter().map(|(n, v)| (n.to_string(), v.clone())).collect() }
    }
}

/// An error as the API returns it.
#[derive(Debug)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) reason: Option<Reason>,
}

impl ApiError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into(), reason: None }
    }
}

impl From<NodeError> for ApiError {
    fn from(e: NodeError) -> Self {
        let status = match &e {
            NodeError::NotFound { .. } => StatusCode::NOT_FOUND,
            NodeError::SecretariatOnly(_)
            | NodeError::StateOnly(_)
            | NodeError::NotForSecretariat(_)
            | NodeError::Forbidden { .. } => StatusCode::FORBIDDEN,
            NodeError::User(crate::core::users::UserError::Exists(_))
            | NodeError::User(crate::core::users::UserError::LastAdministrator(_)) => StatusCode::CONFLICT,
            NodeError::User(crate::core::users::UserError::Unknown(_)) => StatusCode::NOT_FOUND,
            // The node is healthy but out of room: the caller may retry once
            // the operator has freed space.
            NodeError::Store(crate::core::store::StoreError::DiskFull { .. }) => StatusCode::INSUFFICIENT_STORAGE,
            e if e.is_user_error() => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError { status, message: e.to_string(), reason: e.reason() }
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
        let reason = self.reason.as_ref().map(WireReason::from);
        (self.status, Json(ApiErrorBody { error: self.message, reason })).into_response()
    }
}

pub(crate) type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) node: Node,
    pub(crate) token: Arc<String>,
    pub(crate) web: Arc<crate::web::session::WebState>,
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

/// The API takes the node's token (scripts, the CLI: everything is
/// allowed, as for the node's administrator) or a web session (issue 12):
/// then the route must be one the user's role allows, and a request that
/// changes anything must carry the session's CSRF token in `X-CSRF-Token`,
/// since the browser sends the cookie on its own.
pub(crate) async fn auth(
    State(state): State<AppState>,
    headers: HeaderMap,
    req: axum::extract::Request,
    next: Next,
) -> Response {
    let presented = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let user: Arc<str> = match presented {
        Some(t) if constant_time_eq(t.as_bytes(), state.token.as_bytes()) => crate::core::actor::TOKEN_ACTOR.into(),
        Some(_) => return unauthorized(),
        None => match state.web.sessions.from_headers(&headers) {
            Some(session) => {
                let action = required(req.method(), req.uri().path());
                if !session.role.may(action) {
                    let what = "use this API route";
                    return ApiError::from(NodeError::Forbidden { role: session.role, what }).into_response();
                }
                let token = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
                if !req.method().is_safe() && !crate::web::session::csrf_ok(token, &session.csrf) {
                    let message = "a signed-in request that changes anything needs the X-CSRF-Token header".into();
                    return ApiError {
                        status: StatusCode::FORBIDDEN,
                        message,
                        reason: Some(Reason::new("error-csrf")),
                    }
                    .into_response();
                }
                session.user
            }
            None => return unauthorized(),
        },
    };
    let span = tracing::info_span!("api", method = %req.method(), path = %req.uri().path(), user = %user);
    crate::core::actor::acting_as(user, next.run(req).instrument(span)).await
}

fn unauthorized() -> Response {
    ApiError {
        status: StatusCode::UNAUTHORIZED,
        message: "missing or wrong API token (see api.token in the node directory), and no signed-in session".into(),
        reason: None,
    }
    .into_response()
}

/// What an API route does, as far as roles go (issue 12). Reads need
/// [`Action::Read`]; a write is classed by its path. Unknown writes need
/// the administrator, so a new route is closed until it is classed here.
pub(crate) fn required(method: &axum::http::Method, path: &str) -> Action {
    if method.is_safe() {
        return match path {
            // Audit and backup state are the administrator's business.
            p if p.starts_with("/v1/audit") || p.starts_with("/v1/users") => Action::Administer,
            _ => Action::Read,
        };
    }
    let seg: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    match seg.as_slice() {
        ["cases"] | ["cases", "import"] | ["cases", _, "edit" | "withdraw" | "attachments"] => Action::EditCases,
        ["cases", _, "share"] => Action::Share,
        ["cases", _, "export"] => Action::Export,
        ["search"] => Action::Read,
        // Fetching a failed file again: whoever works with received cases.
        ["attachments", _, "refetch"] => Action::Procedures,
        ["cases", _, "reply" | "notices" | "use-requests" | "threads", ..] | ["challenges", ..] => Action::Procedures,
        ["meetings", _, "registration" | "briefing", ..] | ["intents", ..] | ["experts", ..] | ["contacts"] => {
            Action::Meetings
        }
        ["meetings"] | ["meetings", _, "invite" | "agenda" | "adopt"] => Action::Coordinate,
        _ => Action::Administer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    /// A session's role is held to what each route does; a write this table
    /// does not know is the administrator's, so a new route starts closed.
    #[test]
    fn every_write_is_classed_and_an_unknown_one_needs_the_administrator() {
        let post = |p: &str| required(&Method::POST, p);
        assert_eq!(required(&Method::GET, "/v1/cases/FRA-1"), Action::Read);
        assert_eq!(required(&Method::GET, "/v1/audit"), Action::Administer);
        assert_eq!(required(&Method::GET, "/v1/users"), Action::Administer);
        assert_eq!(post("/v1/cases"), Action::EditCases);
        assert_eq!(post("/v1/cases/FRA-1/edit"), Action::EditCases);
        assert_eq!(post("/v1/cases/FRA-1/share"), Action::Share);
        assert_eq!(post("/v1/cases/FRA-1/export"), Action::Export);
        assert_eq!(post("/v1/cases/FRA-1/reply"), Action::Procedures);
        assert_eq!(post("/v1/cases/FRA-1/use-requests/X/answer"), Action::Procedures);
        assert_eq!(post("/v1/challenges/X/close"), Action::Procedures);
        assert_eq!(post("/v1/meetings/M/registration"), Action::Meetings);
        assert_eq!(post("/v1/meetings/M/adopt"), Action::Coordinate);
        assert_eq!(post("/v1/search"), Action::Read);
        assert_eq!(post("/v1/cases/FRA-1/attachments"), Action::EditCases);
        assert_eq!(post("/v1/attachments/00/refetch"), Action::Procedures);
        assert_eq!(post("/v1/cases/FRA-1/attach"), Action::Administer);
        for admin in ["/v1/users", "/v1/keys/rotate", "/v1/roster/admit", "/v1/backup", "/v1/outbox/X/retry", "/v1/new"]
        {
            assert_eq!(post(admin), Action::Administer, "{admin}");
        }
        assert_eq!(required(&Method::DELETE, "/v1/cases/FRA-1/share/extra"), Action::Administer);
    }
}
