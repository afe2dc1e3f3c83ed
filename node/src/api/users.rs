//! Routes of the node's accounts (issue 12): list, add, change a role,
//! disable and enable. Only the node's token or an administrator's session
//! reaches them (`http::required`). A change of role or a disabling signs
//! the account's sessions out, so it takes effect at once.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::api::http::{ApiResult, AppState};
use crate::core::users::{Role, UserView};

pub const USERS_PATH: &str = "/v1/users";

/// `POST /v1/users`: a new account.
#[derive(Clone, Serialize, Deserialize)]
pub struct UserRequest {
    pub name: String,
    pub role: Role,
    pub password: String,
    #[serde(default = "crate::api::http::default_language")]
    pub language: String,
}

impl std::fmt::Debug for UserRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRequest").field("name", &self.name).field("role", &self.role).finish_non_exhaustive()
    }
}

/// `POST /v1/users/{name}/role`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RoleRequest {
    pub role: Role,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/users", get(users).post(add))
        .route("/v1/users/{name}/role", post(role))
        .route("/v1/users/{name}/disable", post(disable))
        .route("/v1/users/{name}/enable", post(enable))
}

async fn role(State(s): State<AppState>, Path(name): Path<String>, Json(r): Json<RoleRequest>) -> ApiResult<UserView> {
    let view = s.node.set_user_role(&name, r.role).await?;
    s.web.sessions.close_user(&view.name, "");
    Ok(Json(view))
}

async fn disable(State(s): State<AppState>, Path(name): Path<String>) -> ApiResult<UserView> {
    let view = s.node.set_user_disabled(&name, true).await?;
    s.web.sessions.close_user(&view.name, "");
    Ok(Json(view))
}

async fn enable(State(s): State<AppState>, Path(name): Path<String>) -> ApiResult<UserView> {
    Ok(Json(s.node.set_user_disabled(&name, false).await?))
}

async fn users(State(s): State<AppState>) -> ApiResult<Vec<UserView>> {
    Ok(Json(s.node.users().await?))
}

async fn add(State(s): State<AppState>, Json(r): Json<UserRequest>) -> ApiResult<UserView> {
    let password = Zeroizing::new(r.password);
    Ok(Json(s.node.add_user(&r.name, r.role, password, &r.language).await?))
}
