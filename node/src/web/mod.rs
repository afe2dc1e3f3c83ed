//! The web interface (issue 12): server-rendered HTML pages, in the six UN
//! languages, for the people of a delegation who will not type commands.
//! Served by the node itself on the local API's loopback listener, next to
//! `/v1`; no JavaScript is needed and nothing is fetched from outside (the
//! node may be offline).
//!
//! - [`session`]: sign-in sessions, their cookie and CSRF token, and the
//!   brake on failed sign-ins.
//! - [`i18n`]: the Fluent catalogs and the choice of language.
//! - `layout`: the page frame, navigation and error pages.
//! - `pages`: one file per area (home, cases, messages, meetings, account
//!   and users). A page asks [`crate::core::users::Role::may`] before it
//!   shows a control, and its POST route asks again before it acts.
//!
//! Every request runs inside a span naming the user and inside
//! [`crate::core::actor::acting_as`], so the audit log names who acted.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::api::http::AppState;

pub mod i18n;
mod layout;
mod pages;
pub(crate) mod routes;
pub mod session;

pub(crate) use layout::{Page, Viewer, WebError};
pub(crate) use session::csrf_ok;
use session::Session;
pub use session::WebState;

/// Runs each web request in a span and, once signed in, as its user.
pub(crate) async fn web_layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let session = session_of(&state, req.headers());
    let user = session.as_ref().map(|s| s.user.clone());
    let span = tracing::info_span!(
        "web",
        method = %req.method(),
        path = %req.uri().path(),
        user = user.as_deref().unwrap_or("-"),
    );
    let fut = next.run(req).instrument(span);
    let mut resp = match user {
        Some(u) => crate::core::actor::acting_as(u, fut).await,
        None => fut.await,
    };
    let h = resp.headers_mut();
    // Nothing runs but what the node serves, no page of the node can be
    // framed by another site, and no address leaks to other sites.
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

const CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub(crate) fn session_of(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    state.web.sessions.from_headers(headers)
}

/// The client's address, when the server was started with it.
pub(crate) fn client_ip(parts: &Parts) -> Option<std::net::IpAddr> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// The fields of a posted form (`application/x-www-form-urlencoded`), in
/// order; a field may repeat (check boxes).
#[derive(Clone, Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> Fields {
        Fields(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The field's value, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// The raw value, not trimmed (passwords).
    pub fn raw(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// A form posted by a signed-in user, its CSRF token checked.
#[derive(Debug)]
pub struct Posted {
    pub viewer: Viewer,
    pub fields: Fields,
}

/// Bound on a posted form; the largest is a case with all its rows.
const MAX_FORM_BYTES: usize = 1024 * 1024;

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| {
            WebError::new(viewer.tr, StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None).into_response()
        })?;
        let fields = Fields::parse(&bytes);
        if !csrf_ok(fields.raw("csrf"), &viewer.session.csrf) {
            return Err(WebError::new(viewer.tr, StatusCode::FORBIDDEN, "error-csrf", None).into_response());
        }
        Ok(Posted { viewer, fields })
    }
}

/// Shared state the web pages need, reachable from the API's state.
pub(crate) fn new_state() -> Arc<WebState> {
    Arc::new(WebState::default())
}
