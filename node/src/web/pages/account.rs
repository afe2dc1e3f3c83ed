//! Signing in and out, one's own account (language, password), and the
//! administrator's accounts: list, add, change a role, disable, enable.

use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::api::http::AppState;
use crate::core::i18n::{self, Arg, Tr};
use crate::core::users::{self, Action, Role};
use crate::web::layout::{csrf, frame, language_options, PageResult};
use crate::web::session::set_cookie;
use crate::web::{client_ip, Fields, Page, Posted, Viewer, WebError};

#[derive(Debug, Default, Deserialize)]
pub(crate) struct LoginQuery {
    #[serde(default)]
    lang: Option<String>,
}

fn visitor_lang(q: &LoginQuery, headers: &HeaderMap) -> Tr {
    match q.lang.as_deref().and_then(|l| users::language(l).ok()) {
        Some(l) => Tr::new(l),
        None => Tr::new(i18n::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))),
    }
}

/// The sign-in form's own CSRF defence, before any session exists: a
/// random value in a `SameSite=Strict` cookie and in the form, which must
/// match (another site can make a browser post, not read or set this).
const LOGIN_COOKIE: &str = "dief_login";

fn login_page(tr: Tr, status: StatusCode, message: Option<String>) -> Response {
    let token = crate::web::session::random_token();
    let body = html! {
        @if let Some(m) = message { div.error role="alert" { p { (m) } } }
        form.stack method="post" action="/login" {
            input type="hidden" name="lang" value=(tr.lang);
            input type="hidden" name="login_token" value=(token);
            label for="name" { (tr.t("login-name")) }
            input #name type="text" name="name" autocomplete="username" required autofocus;
            label for="password" { (tr.t("login-password")) }
            input #password type="password" name="password" autocomplete="current-password" required;
            button.primary type="submit" { (tr.t("login-submit")) }
        }
        form method="get" action="/login" {
            label for="lang" { (tr.t("account-language")) " " }
            select #lang name="lang" { (language_options(tr, tr.lang)) }
            " " button type="submit" { (tr.t("account-language-save")) }
        }
    };
    let cookie = format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict");
    (status, [(header::SET_COOKIE, cookie)], Html(frame(tr, None, &tr.t("login-title"), body).into_string()))
        .into_response()
}

fn login_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(LOGIN_COOKIE)?.strip_prefix('='))
}

pub(crate) async fn login_form(Query(q): Query<LoginQuery>, headers: HeaderMap) -> Response {
    login_page(visitor_lang(&q, &headers), StatusCode::OK, None)
}

/// Not a [`Posted`] form: there is no session yet, so the form carries the
/// sign-in page's own token ([`LOGIN_COOKIE`]).
pub(crate) async fn login(State(s): State<AppState>, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let ip = client_ip(&parts);
    let headers = std::mem::take(&mut parts.headers);
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024).await else {
        return login_page(Tr::new("en"), StatusCode::PAYLOAD_TOO_LARGE, None);
    };
    let f = Fields::parse(&bytes);
    let tr = visitor_lang(&LoginQuery { lang: Some(f.get("lang").to_string()) }, &headers);
    let expected = login_cookie(&headers).unwrap_or("");
    if !crate::web::csrf_ok(f.raw("login_token"), expected) {
        return WebError::new(tr, StatusCode::FORBIDDEN, "error-csrf", None).into_response();
    }
    let name = f.get("name").to_string();
    if let Some(wait) = s.web.throttle.wait(&name, ip) {
        let secs = i64::try_from(wait.as_secs().max(1)).unwrap_or(i64::MAX);
        let message = tr.ta("login-throttled", &[("seconds", Arg::N(secs))]);
        let mut resp = login_page(tr, StatusCode::TOO_MANY_REQUESTS, Some(message));
        if let Ok(v) = secs.to_string().parse() {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    let password = Zeroizing::new(f.raw("password").to_string());
    match s.node.sign_in(&name, password).await {
        Ok(Some(account)) => {
            s.web.throttle.succeeded(&name);
            let lang = users::language(&account.language).unwrap_or("en");
            let id = s.web.sessions.open(&account.name, account.role, lang);
            ([(header::SET_COOKIE, set_cookie(&id))], Redirect::to("/")).into_response()
        }
        Ok(None) => {
            s.web.throttle.failed(&name, ip);
            login_page(tr, StatusCode::UNAUTHORIZED, Some(tr.t("login-refused")))
        }
        Err(e) => WebError::node(tr, e).into_response(),
    }
}

pub(crate) async fn logout(State(s): State<AppState>, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    if let Ok(v) = Viewer::from_request_parts(&mut parts, &s).await {
        let bytes = axum::body::to_bytes(body, 16 * 1024).await.unwrap_or_default();
        if !crate::web::csrf_ok(Fields::parse(&bytes).raw("csrf"), &v.session.csrf) {
            return WebError::new(v.tr, StatusCode::FORBIDDEN, "error-csrf", None).into_response();
        }
        if let Some(id) =
            parts.headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).and_then(crate::web::session::cookie_value)
        {
            s.web.sessions.close(id);
        }
    }
    ([(header::SET_COOKIE, set_cookie(""))], Redirect::to("/login")).into_response()
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Notice {
    #[serde(default)]
    done: Option<String>,
}

pub(crate) async fn account(v: Viewer, Query(n): Query<Notice>) -> Response {
    let tr = v.tr;
    let body = html! {
        @if let Some(done) = n.done.as_deref().filter(|d| matches!(*d, "language" | "password")) {
            div.notice role="status" { p { (tr.t(&format!("account-saved-{done}"))) } }
        }
        dl.record {
            dt { (tr.t("login-name")) } dd { bdi { (v.session.user) } }
            dt { (tr.t("account-role")) } dd { (tr.t(&format!("role-{}", v.role().as_str()))) }
        }
        h2 { (tr.t("account-language")) }
        form.stack method="post" action="/account/language" {
            (csrf(&v))
            label for="language" { (tr.t("account-language")) }
            select #language name="language" { (language_options(tr, tr.lang)) }
            button type="submit" { (tr.t("account-language-save")) }
        }
        h2 { (tr.t("account-password")) }
        form.stack method="post" action="/account/password" {
            (csrf(&v))
            label for="current" { (tr.t("account-password-current")) }
            input #current type="password" name="current" autocomplete="current-password" required;
            label for="new" { (tr.ta("account-password-new", &[("min", Arg::N(users::MIN_PASSWORD_CHARS as i64))])) }
            input #new type="password" name="new" autocomplete="new-password" required;
            button type="submit" { (tr.t("account-password-save")) }
        }
    };
    Page { title: tr.t("account-title"), body }.render(&v)
}

pub(crate) async fn language(State(s): State<AppState>, headers: HeaderMap, p: Posted) -> PageResult {
    let lang =
        users::language(p.fields.get("language")).map_err(|_| WebError::invalid(p.viewer.tr, "error-invalid"))?;
    s.node.set_user_language(&p.viewer.session.user, lang).await.map_err(|e| WebError::node(p.viewer.tr, e))?;
    if let Some(id) =
        headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).and_then(crate::web::session::cookie_value)
    {
        s.web.sessions.set_lang(id, lang);
    }
    Ok(Redirect::to("/account?done=language").into_response())
}

pub(crate) async fn password(State(s): State<AppState>, headers: HeaderMap, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    let (current, new) =
        (Zeroizing::new(p.fields.raw("current").to_string()), Zeroizing::new(p.fields.raw("new").to_string()));
    s.node.change_password(&p.viewer.session.user, current, new).await.map_err(|e| WebError::node(tr, e))?;
    // Other sessions of this user may be someone who learnt the old one.
    if let Some(id) =
        headers.get(header::COOKIE).and_then(|c| c.to_str().ok()).and_then(crate::web::session::cookie_value)
    {
        s.web.sessions.close_user(&p.viewer.session.user, id);
    }
    Ok(Redirect::to("/account?done=password").into_response())
}

pub(crate) async fn users(State(s): State<AppState>, v: Viewer) -> PageResult {
    let tr = v.tr;
    v.require(Action::Administer, "manage accounts")?;
    let list = s.node.users().await.map_err(|e| WebError::node(tr, e))?;
    let body = html! {
        table {
            thead {
                tr {
                    th { (tr.t("login-name")) } th { (tr.t("account-role")) } th { (tr.t("account-language")) }
                    th { (tr.t("users-created")) } th { (tr.t("users-status")) } th { (tr.t("users-actions")) }
                }
            }
            tbody {
                @for u in &list {
                    tr data-user=(u.name) {
                        td { bdi { (u.name) } }
                        td { (tr.t(&format!("role-{}", u.role.as_str()))) }
                        td { (tr.t(&format!("language-{}", u.language))) }
                        td { (tr.moment(u.created_at)) }
                        td {
                            @match u.disabled_at {
                                Some(t) => { span.badge.missed { (tr.ta("users-disabled-on", &[("date", Arg::S(&tr.moment(t)))])) } }
                                None => { span.badge.done { (tr.t("users-enabled")) } }
                            }
                        }
                        td { (account_controls(&v, &u.name, u.role, u.disabled_at.is_some())) }
                    }
                }
            }
        }
        h2 { (tr.t("users-add")) }
        form.stack method="post" action="/users" {
            (csrf(&v))
            label for="name" { (tr.t("login-name")) }
            input #name type="text" name="name" required;
            label for="role" { (tr.t("account-role")) }
            select #role name="role" {
                @for r in Role::ALL { option value=(r.as_str()) { (tr.t(&format!("role-{}", r.as_str()))) } }
            }
            label for="language" { (tr.t("account-language")) }
            select #language name="language" { (language_options(tr, tr.lang)) }
            label for="password" { (tr.ta("account-password-new", &[("min", Arg::N(users::MIN_PASSWORD_CHARS as i64))])) }
            input #password type="password" name="password" autocomplete="new-password" required;
            button.primary type="submit" { (tr.t("users-add")) }
        }
    };
    Ok(Page { title: tr.t("users-title"), body }.render(&v))
}

pub(crate) async fn add_user(State(s): State<AppState>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Administer, "manage accounts")?;
    let role: Role = p.fields.get("role").parse().map_err(|_| WebError::invalid(tr, "error-invalid"))?;
    let password = Zeroizing::new(p.fields.raw("password").to_string());
    s.node
        .add_user(p.fields.get("name"), role, password, p.fields.get("language"))
        .await
        .map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to("/users").into_response())
}

/// The administrator's controls on one account row: another role, and
/// disable or enable.
fn account_controls(v: &Viewer, name: &str, role: Role, disabled: bool) -> maud::Markup {
    let tr = v.tr;
    let action = format!("/users/{name}");
    let id = format!("role-{name}");
    html! {
        form.inline.role method="post" action=(action) {
            (csrf(v))
            input type="hidden" name="do" value="role";
            label for=(id) { (tr.t("account-role")) }
            select id=(id) name="role" {
                @for r in Role::ALL {
                    option value=(r.as_str()) selected[r == role] { (tr.t(&format!("role-{}", r.as_str()))) }
                }
            }
            button type="submit" { (tr.t("users-change-role")) }
        }
        form.inline.status method="post" action=(action) {
            (csrf(v))
            @if disabled {
                input type="hidden" name="do" value="enable";
                button type="submit" { (tr.t("users-enable")) }
            } @else {
                input type="hidden" name="do" value="disable";
                button type="submit" { (tr.t("users-disable")) }
            }
        }
    }
}

/// `POST /users/{name}`: an administrator changes an account's role,
/// disables or enables it; the account's sessions end so it takes effect
/// at once.
pub(crate) async fn change_user(State(s): State<AppState>, Path(name): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Administer, "manage accounts")?;
    let changed = match p.fields.get("do") {
        "role" => {
            let role: Role = p.fields.get("role").parse().map_err(|_| WebError::invalid(tr, "error-invalid"))?;
            s.node.set_user_role(&name, role).await
        }
        "disable" => s.node.set_user_disabled(&name, true).await,
        "enable" => s.node.set_user_disabled(&name, false).await,
        _ => return Err(WebError::invalid(tr, "error-invalid")),
    }
    .map_err(|e| WebError::node(tr, e))?;
    if p.fields.get("do") != "enable" {
        s.web.sessions.close_user(&changed.name, "");
    }
    Ok(Redirect::to("/users").into_response())
}
