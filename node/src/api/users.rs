//! Routes of the node's accounts (issue 12): list and add. Only the node's
//! token or an administrator's session reaches them (`http::required`).

use axum::extract::State;
use axum::routing::get;
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

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/v1/users", get(users).post(add))
}

async fn users(State(s): State<AppState>) -> ApiResult<Vec<UserView>> {
    Ok(Json(s.node.users().await?))
}

async fn add(State(s): State<AppState>, Json(r): Json<UserRequest>) -> ApiResult<UserView> {
    let password = Zeroizing::new(r.password);
    Ok(Json(s.node.add_user(&r.name, r.role, password, &r.language).await?))
}
