//! The Prometheus metrics listener: `GET /metrics` on its own loopback
//! address (`metrics` in node.toml), apart from the local API so a scraper
//! needs no API token. It shows counts and sizes only, never content.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dief_protocol::reason::Reason;
use tokio::net::TcpListener;
use tracing::{info, warn, Instrument};

use crate::core::error::NodeError;
use crate::core::node::Node;

/// The content type of the Prometheus text format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

async fn metrics(State(node): State<Node>) -> Response {
    let span = tracing::debug_span!("metrics", node = %node.party());
    match node.metrics_text().instrument(span).await {
        Ok(text) => ([(header::CONTENT_TYPE, TEXT_FORMAT)], text).into_response(),
        Err(e) => {
            warn!(error = %e, "metrics not rendered");
            (StatusCode::INTERNAL_SERVER_ERROR, "metrics not available\n").into_response()
        }
    }
}

/// Serves `/metrics` on `addr` (loopback only) until `shutdown` resolves.
pub async fn serve_metrics(
    node: Node,
    addr: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<SocketAddr, NodeError> {
    if !addr.ip().is_loopback() {
        return Err(NodeError::Refused(Reason::new("refusal-api-metrics-loopback-only").text("addr", addr)));
    }
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    info!(%bound, "metrics listening");
    let app = Router::new().route("/metrics", get(metrics)).with_state(node);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    });
    Ok(bound)
}
