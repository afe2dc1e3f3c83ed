//! The web interface (issue 12): server-rendered HTML pages, in the six UN
//! languages, for the people of a delegation who will not type commands.
//! Served by the node itself on the local API's loopback listener, next to
//! `/v1`; no JavaScript is needed and nothing is fetched from outside (the
//! node may be offline).
//!
//! - [`session`]: sign-in sessions, their cookie and CSRF token, and the
//!   brake on failed sign-ins.
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
use crate::core::i18n::Tr;

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

/// A form posted by a signed-in user, its CSRF token checked. A
/// `multipart/form-data` form (one with files) gives its text fields the
/// same way and its files in `files`.
#[derive(Debug)]
pub struct Posted {
    pub viewer: Viewer,
    pub fields: Fields,
    pub files: Vec<Upload>,
}

/// A file sent with a form.
#[derive(Clone)]
pub struct Upload {
    pub field: String,
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload").field("name", &self.name).field("bytes", &self.bytes.len()).finish()
    }
}

/// Bound on a posted form without files; the largest is a case with all
/// its rows.
const MAX_FORM_BYTES: usize = 1024 * 1024;
/// Bound on a form with files: a case's attachments (12 MiB in all) and
/// its fields. The routes that take files raise axum's body limit to it.
pub(crate) const MAX_UPLOAD_BYTES: usize = dief_protocol::case::MAX_ATTACHMENTS_TOTAL_BYTES + MAX_FORM_BYTES;

async fn multipart(req: Request, state: &AppState, tr: Tr) -> Result<(Fields, Vec<Upload>), Response> {
    let too_large = || WebError::new(tr, StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None).into_response();
    let mut form = axum::extract::Multipart::from_request(req, state).await.map_err(|_| too_large())?;
    let (mut fields, mut files, mut total) = (Vec::new(), Vec::new(), 0usize);
    while let Some(field) = form.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or_default().to_string();
        let file = field.file_name().map(str::to_string);
        let media_type = field.content_type().unwrap_or("application/octet-stream").to_string();
        let bytes = field.bytes().await.map_err(|_| too_large())?;
        total = total.saturating_add(bytes.len());
        if total > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        match file {
            // A file input left empty still sends a part, with no name.
            Some(f) if !f.is_empty() => files.push(Upload { field: name, name: f, media_type, bytes: bytes.to_vec() }),
            Some(_) => {}
            None => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok((Fields(fields), files))
}

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let viewer = Viewer::from_request_parts(&mut parts, state).await?;
        let is_multipart = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let (fields, files) = if is_multipart {
            multipart(Request::from_parts(parts, body), state, viewer.tr).await?
        } else {
            let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| {
                WebError::new(viewer.tr, StatusCode::PAYLOAD_TOO_LARGE, "error-too-large", None).into_response()
            })?;
            (Fields::parse(&bytes), Vec::new())
        };
        if !csrf_ok(fields.raw("csrf"), &viewer.session.csrf) {
            return Err(WebError::new(viewer.tr, StatusCode::FORBIDDEN, "error-csrf", None).into_response());
        }
        Ok(Posted { viewer, fields, files })
    }
}

/// Shared state the web pages need, reachable from the API's state.
pub(crate) fn new_state() -> Arc<WebState> {
    Arc::new(WebState::default())
}
