//! The meeting-cycle pages of the web interface (issue 12).

use axum::Router;

use crate::api::http::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
