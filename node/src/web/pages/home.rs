//! The home page: the node's state in a sentence or two, what needs an
//! operator, and the deadlines (`dief deadlines`), with the calendar link.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::api::http::AppState;
use crate::core::i18n::Arg;
use crate::web::layout::PageResult;
use crate::web::pages::deadlines_table;
use crate::web::{Page, Viewer, WebError};

pub(crate) async fn home(State(s): State<AppState>, v: Viewer) -> PageResult {
    let tr = v.tr;
    let status = s.node.status().await.map_err(|e| WebError::node(tr, e))?;
    let deadlines = s.node.deadlines().map_err(|e| WebError::node(tr, e))?;
    let warn = deadlines.iter().filter(|d| d.status.warns()).count();
    let body = html! {
        section aria-labelledby="node-h" {
            h2 #node-h { (tr.t("home-node")) }
            dl.record {
                dt { (tr.t("home-party")) } dd { (status.party.to_string()) }
                dt { (tr.t("home-roster")) } dd {
                    @match status.roster_sequence {
                        Some(n) => (tr.ta("home-roster-seq", &[("seq", Arg::N(i64::try_from(n).unwrap_or(i64::MAX))), ("members", Arg::N(i64::try_from(status.members).unwrap_or(0)))])),
                        None => (tr.t("home-roster-none")),
                    }
                }
                dt { (tr.t("home-connected")) } dd { (status.connected) }
                dt { (tr.t("home-inbox")) } dd { a href="/messages" { (status.inbox) } }
                dt { (tr.t("home-outbox")) } dd { (status.outbox_pending) }
            }
            @if status.attention.is_empty() {
                p.notice { (tr.t("home-all-well")) }
            } @else {
                div.error role="alert" {
                    p { (tr.t("home-attention")) }
                    ul lang="en" dir="ltr" { @for a in &status.attention { li { (a) } } }
                }
            }
        }
        section aria-labelledby="deadlines-h" {
            h2 #deadlines-h { (tr.t("home-deadlines")) }
            @if warn > 0 {
                p.error role="status" { (tr.ta("home-deadlines-warn", &[("count", Arg::N(i64::try_from(warn).unwrap_or(0)))])) }
            }
            (deadlines_table(tr, &deadlines))
            p { a href="/calendar.ics" download="dief.ics" { (tr.t("home-ical")) } }
        }
    };
    Ok(Page { title: tr.t("home-title"), body }.render(&v))
}

/// The iCalendar file (RFC 5545) for a calendar program, to a signed-in user.
pub(crate) async fn calendar(State(s): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let ics = s.node.icalendar().map_err(|e| WebError::node(v.tr, e))?;
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], ics).into_response())
}
