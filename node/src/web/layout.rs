//! The frame of every page (language, direction, navigation by role), the
//! error page, and the one stylesheet. Layout uses CSS logical properties
//! (`margin-inline-start`, `text-align: start`) so that an Arabic page
//! mirrors without a second stylesheet.

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Redirect;

use super::session::Session;
use crate::api::http::AppState;
use crate::core::error::NodeError;
use crate::core::i18n::Tr;
use crate::core::users::{Action, Role, LANGUAGES};

/// The signed-in user of a page request; a visitor who is not signed in
/// is sent to the sign-in page.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub session: Session,
    pub tr: Tr,
    pub secretariat: bool,
}

impl Viewer {
    pub fn may(&self, action: Action) -> bool {
        self.session.role.may(action)
    }

    pub fn role(&self) -> Role {
        self.session.role
    }

    /// Refuses (HTTP 403) what the user's role does not allow.
    pub fn require(&self, action: Action, what: &'static str) -> Result<(), WebError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(WebError::node(self.tr, NodeError::Forbidden { role: self.session.role, what }))
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match state.web.sessions.from_headers(&parts.headers) {
            Some(session) => {
                Ok(Viewer { tr: Tr::new(session.lang), session, secretariat: state.node.party().is_secretariat() })
            }
            None => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// A page ready to render: its title key and body.
#[derive(Debug)]
pub struct Page {
    pub title: String,
    pub body: Markup,
}

impl Page {
    pub fn render(self, v: &Viewer) -> Response {
        Html(frame(v.tr, Some(v), &self.title, self.body).into_string()).into_response()
    }
}

/// The whole document around `body`. `viewer` is none on the sign-in page.
pub fn frame(tr: Tr, viewer: Option<&Viewer>, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(tr.lang) dir=(tr.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (tr.t("app-name")) }
                link rel="stylesheet" href="/dief.css";
            }
            body {
                a.skip href="#main" { (tr.t("nav-skip")) }
                header.top {
                    span.brand { (tr.t("app-name")) }
                    @if let Some(v) = viewer {
                        nav aria-label=(tr.t("nav-label")) {
                            ul {
                                li { a href="/" { (tr.t("nav-home")) } }
                                @if !v.secretariat {
                                    li { a href="/cases" { (tr.t("nav-cases")) } }
                                }
                                li { a href="/messages" { (tr.t("nav-messages")) } }
                                li { a href="/meetings" { (tr.t("nav-meetings")) } }
                                li { a href="/contacts" { (tr.t("nav-contacts")) } }
                                @if v.may(Action::Administer) {
                                    li { a href="/users" { (tr.t("nav-users")) } }
                                    li { a href="/admin" { (tr.t("nav-admin")) } }
                                }
                                li { a href="/account" { (tr.t("nav-account")) } }
                            }
                        }
                        div.who {
                            span { bdi { (v.session.user) } " · " (tr.t(&format!("role-{}", v.role().as_str()))) }
                            form method="post" action="/logout" {
                                (csrf(v))
                                button type="submit" { (tr.t("nav-logout")) }
                            }
                        }
                    }
                }
                main #main {
                    h1 { (title) }
                    (body)
                }
                footer { (tr.t("footer-confidential")) }
            }
        }
    }
}

/// The hidden CSRF field every form of a signed-in page carries.
pub fn csrf(v: &Viewer) -> Markup {
    html! { input type="hidden" name="csrf" value=(v.session.csrf); }
}

/// The language picker (the account page and the sign-in page).
pub fn language_options(tr: Tr, selected: &str) -> Markup {
    html! {
        @for l in LANGUAGES {
            option value=(l) selected[l == selected] lang=(l) { (tr.t(&format!("language-{l}"))) }
        }
    }
}

/// An error shown to a user: a status, a headline from the catalog, and
/// the node's own explanation when there is one.
#[derive(Debug)]
pub struct WebError {
    tr: Tr,
    status: StatusCode,
    key: &'static str,
    /// The message in the reader's language, when it needs arguments.
    text: Option<String>,
    detail: Option<String>,
}

impl WebError {
    pub fn new(tr: Tr, status: StatusCode, key: &'static str, detail: Option<String>) -> WebError {
        WebError { tr, status, key, text: None, detail }
    }

    /// A node refusal or failure, with the status the API would give.
    pub fn node(tr: Tr, e: NodeError) -> WebError {
        match typed(tr, &e) {
            // A refusal the catalogs word in full needs no English detail.
            Some((key, text)) => {
                let api = crate::api::http::ApiError::from(e);
                WebError { tr, status: api.status, key, text: Some(text), detail: None }
            }
            None => {
                let api = crate::api::http::ApiError::from(e);
                let key = match api.status {
                    StatusCode::FORBIDDEN => "error-forbidden",
                    StatusCode::NOT_FOUND => "error-not-found",
                    StatusCode::CONFLICT => "error-conflict",
                    StatusCode::INSUFFICIENT_STORAGE => "error-disk-full",
                    s if s.is_client_error() => "error-invalid",
                    _ => "error-internal",
                };
                WebError { tr, status: api.status, key, text: None, detail: Some(api.message) }
            }
        }
    }

    /// A refusal the page words itself in full (`text`, in the reader's
    /// language), with no English detail.
    pub fn worded(tr: Tr, status: StatusCode, key: &'static str, text: String) -> WebError {
        WebError { tr, status, key, text: Some(text), detail: None }
    }

    /// Nothing on this node answers to `id`: 404, naming what was asked for.
    pub fn not_found(tr: Tr, id: &str) -> WebError {
        let text = tr.ta("error-not-found-id", &[("id", crate::core::i18n::Arg::S(id))]);
        WebError::worded(tr, StatusCode::NOT_FOUND, "error-not-found-id", text)
    }

    pub fn invalid(tr: Tr, key: &'static str) -> WebError {
        WebError::new(tr, StatusCode::UNPROCESSABLE_ENTITY, key, None)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let tr = self.tr;
        if self.status.is_server_error() {
            tracing::error!(status = self.status.as_u16(), detail = ?self.detail, "page failed");
        } else {
            tracing::info!(status = self.status.as_u16(), key = self.key, detail = ?self.detail, "page refused");
        }
        let body = html! {
            div.error role="alert" {
                p { (self.text.clone().unwrap_or_else(|| tr.t(self.key))) }
                @if let Some(d) = &self.detail {
                    details { summary { (tr.t("error-detail")) } p lang="en" dir="ltr" { (d) } }
                }
            }
            p { a href="/" { (tr.t("nav-home")) } }
        };
        let title = tr.t("error-title");
        (self.status, Html(frame(tr, None, &title, body).into_string())).into_response()
    }
}

/// A refusal worded in full in the reader's language, with its arguments;
/// `None` for a failure of the node itself, shown with its English detail.
fn typed(tr: Tr, e: &NodeError) -> Option<(&'static str, String)> {
    e.reason().map(|r| (r.key, tr.reason(&r)))
}

/// `Result` of a page handler.
pub type PageResult = Result<Response, WebError>;

pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], CSS).into_response()
}

const CSS: &str = r#"
:root { --ink: #1b1f24; --muted: #5b6570; --line: #c9d1d9; --accent: #0b5cad; --warn: #9a5b00; --bad: #b3261e; --ok: #1e6b35; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif; color: var(--ink); }
.skip { position: absolute; inset-inline-start: -999px; }
.skip:focus { inset-inline-start: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #0f2740; color: #fff; }
header.top a, header.top button { color: #fff; }
.brand { font-weight: 700; margin-inline-end: 1rem; }
nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.who { margin-inline-start: auto; display: flex; gap: .8rem; align-items: center; }
.who form { margin: 0; }
.who button { background: none; border: 1px solid #fff; padding: .2rem .6rem; cursor: pointer; }
main { padding: 1rem 1.2rem 3rem; max-width: 72rem; }
footer { padding: .8rem 1.2rem; color: var(--muted); border-top: 1px solid var(--line); font-size: .9rem; }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: start; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f2f5f8; }
.near td { background: #fff6e0; }
.missed td { background: #fde8e6; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: .6rem; font-size: .85rem; background: #e6edf5; }
.badge.near { background: #ffe3a3; } .badge.missed { background: #f7c4bf; } .badge.done { background: #cfe9d6; }
form.stack label { display: block; margin-top: .7rem; font-weight: 600; }
form.stack input[type=text], form.stack input[type=password], form.stack input[type=date], form.stack select, form.stack textarea { width: 100%; max-width: 40rem; padding: .35rem; font: inherit; }
fieldset { border: 1px solid var(--line); margin: 1rem 0; padding: .6rem 1rem; }
legend { font-weight: 700; }
.row { display: flex; flex-wrap: wrap; gap: .6rem; }
.row > label { flex: 1 1 10rem; }
button, input[type=submit] { font: inherit; padding: .4rem 1rem; margin-top: .8rem; cursor: pointer; }
.primary { background: var(--accent); color: #fff; border: 0; }
form.inline { display: inline-flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: 0 .6rem .3rem 0; margin-inline: 0 .6rem; }
form.inline button { margin-top: 0; }
.error { border-inline-start: 4px solid var(--bad); padding: .5rem 1rem; background: #fdf0ef; }
.notice { border-inline-start: 4px solid var(--ok); padding: .5rem 1rem; background: #eef8f1; }
.marking { font-weight: 700; letter-spacing: .05em; }
dl.record { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .3rem 1rem; }
dl.record dt { font-weight: 600; color: var(--muted); }
dl.record dd { margin: 0; }
.muted { color: var(--muted); }
@media print { header.top, footer, form, .noprint { display: none; } main { max-width: none; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::users::UserError;

    /// A refusal the catalogs word in full reaches the reader in their
    /// language with its argument, and with no English detail under it.
    #[test]
    fn typed_refusals_are_worded_in_the_readers_language() {
        let e = WebError::node(Tr::new("fr"), NodeError::User(UserError::PasswordTooShort));
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.text.as_deref(), Some("Le mot de passe doit compter au moins 12 caractères."));
        assert!(e.detail.is_none());
        let e = WebError::node(Tr::new("ru"), NodeError::User(UserError::Exists("amina".into())));
        assert_eq!(e.status, StatusCode::CONFLICT);
        assert!(e.text.as_deref().is_some_and(|t| t.contains("amina") && t.contains("уже существует")));
        let e = WebError::node(Tr::new("ar"), NodeError::Internal("the task failed".into()));
        assert_eq!(e.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!((e.key, e.text.as_deref(), e.detail.as_deref()), ("error-internal", None, Some("the task failed")));
        let e = WebError::node(Tr::new("es"), NodeError::NotFound { what: "case", id: "FRA-9".into() });
        assert!(e.text.as_deref().is_some_and(|t| t.contains("FRA-9") && !t.contains("case")), "{:?}", e.text);
    }
}
