//! Every page of the web interface and its path. Kept apart from
//! `web/mod.rs`, which the pages import, so that no file imports itself
//! in a circle (the architecture test).

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::api::http::AppState;

/// The interface's routes; `api::router` serves them beside `/v1`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(super::pages::home::home))
        .route("/login", get(super::pages::account::login_form).post(super::pages::account::login))
        .route("/logout", post(super::pages::account::logout))
        .route("/account", get(super::pages::account::account))
        .route("/account/language", post(super::pages::account::language))
        .route("/account/password", post(super::pages::account::password))
        .route("/users", get(super::pages::account::users).post(super::pages::account::add_user))
        .route("/users/{name}", post(super::pages::account::change_user))
        .route("/cases", get(super::pages::cases::list))
        .route(
            "/cases/new",
            get(super::pages::cases::new_form)
                .post(super::pages::cases::create)
                .layer(DefaultBodyLimit::max(super::MAX_UPLOAD_BYTES)),
        )
        .route("/cases/{id}/attachments/{n}", get(super::pages::cases::attachment))
        .route("/cases/{id}", get(super::pages::cases::view))
        .route(
            "/cases/{id}/edit",
            post(super::pages::cases::edit).layer(DefaultBodyLimit::max(super::MAX_UPLOAD_BYTES)),
        )
        .route("/cases/{id}/share", post(super::pages::cases::share))
        .route("/cases/{id}/reply", post(super::pages::cases::reply))
        .route("/cases/{id}/export", post(super::pages::cases::export))
        .route("/messages", get(super::pages::messages::messages))
        .route("/meetings", get(super::pages::meetings::meetings).post(super::pages::meetings::schedule))
        .route("/calendar.ics", get(super::pages::home::calendar))
        .route("/dief.css", get(super::layout::stylesheet))
        .merge(super::pages::procedures::routes())
        .merge(super::pages::meeting_cycle::routes())
        .merge(super::pages::admin::routes())
        .merge(super::pages::operations::routes())
        .merge(super::pages::streamed::routes())
}
