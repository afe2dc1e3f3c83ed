//! The local HTTP API on loopback that the `dief` CLI (and scripts) use.
//!
//! Every request needs `Authorization: Bearer <token>`, the token being the
//! contents of `api.token` in the node directory (mode 0600), compared in
//! constant time. Bodies are JSON; signed objects carried between nodes out
//! of band (join requests, rosters) travel as armoured text. Errors are
//! `{"error": "..."}` with a 4xx status for what the caller did wrong and
//! 5xx for what failed in the node. The request and response types are
//! public so the CLI is a typed client.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::{middleware, Router};
use dief_protocol::reason::Reason;
use tokio::net::TcpListener;
use tracing::info;

use crate::api::http::{auth, AppState};
use crate::core::error::NodeError;
use crate::core::node::Node;

pub(crate) mod attachments;
pub(crate) mod cases;
pub(crate) mod contacts;
pub(crate) mod http;
pub(crate) mod keys;
pub(crate) mod meetings;
pub(crate) mod metrics;
pub(crate) mod node;
pub(crate) mod procedures;
pub(crate) mod users;

pub use attachments::AttachRequest;
pub use cases::{ImportQuery, SearchRequest, ShareRequest, WithdrawRequest};
pub use http::{ApiError, ApiErrorBody, Sent, WireReason};
pub use keys::{AlertId, KeysView, RecoveryRequest, RotationView, DRAFT_LABEL, ROTATION_LABEL};
pub use meetings::{AcknowledgementBody, BriefingBody, RegistrationBody};
pub use metrics::serve_metrics;
pub use node::{
    Armored, ArmoredList, AuditQuery, BackupRequest, ChairRequest, MemberView, Requeued, RosterView, StateRequest,
    WireVersionRequest, JOIN_LABEL, ROSTER_LABEL,
};
pub use procedures::{
    ChallengeAnswerBody, ChallengeCloseBody, ChallengeRequest, ExportQuery, NoticeRequest, PresentationQuery,
    ReplyRequest, TextRequest, ThreadPostBody, UseAnswerBody, UseRequestBody,
};
pub use users::{RoleRequest, UserRequest, USERS_PATH};

/// Builds the router, one set of routes per service, and the web
/// interface beside them; `serve` binds it.
pub fn router(node: Node, token: String) -> Router {
    let state = AppState { node, token: Arc::new(token), web: crate::web::new_state() };
    let api = Router::new()
        .merge(node::routes())
        .merge(keys::routes())
        .merge(cases::routes())
        .merge(attachments::routes())
        .merge(procedures::routes())
        .merge(contacts::routes())
        .merge(meetings::routes())
        .merge(users::routes())
        .layer(middleware::from_fn_with_state(state.clone(), auth));
    let web = crate::web::routes::routes().layer(middleware::from_fn_with_state(state.clone(), crate::web::web_layer));
    api.merge(web).with_state(state)
}

/// Serves the API on `addr` (loopback only) until `shutdown` resolves.
pub async fn serve(
    node: Node,
    addr: SocketAddr,
    token: String,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<SocketAddr, NodeError> {
    if !addr.ip().is_loopback() {
        return Err(NodeError::Refused(Reason::new("refusal-api-loopback-only").text("addr", addr)));
    }
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    info!(%bound, "local API listening");
    let app = router(node, token);
    tokio::spawn(async move {
        // The client's address feeds the sign-in brake (web::session::Throttle).
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %e, "local API stopped");
        }
    });
    Ok(bound)
}
