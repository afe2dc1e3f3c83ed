//! The inbox and the outbox: what arrived from whom, and where each sent
//! envelope stands with each recipient (delivered, pending, set aside).

use axum::extract::State;
use maud::html;

use crate::api::http::AppState;
use crate::core::i18n::{Arg, Tr};
use crate::core::node::Delivery;
use crate::web::layout::PageResult;
use crate::web::{Page, Viewer, WebError};

/// Bounds the page; the CLI and API list everything.
const SHOWN: usize = 200;

fn kind(tr: Tr, k: dief_protocol::Kind) -> String {
    tr.t(&format!("kind-{}", k.as_str()))
}

fn delivery(tr: Tr, d: &Delivery) -> (&'static str, String) {
    match d {
        Delivery::Delivered { receipted_at, .. } => {
            ("done", tr.ta("messages-delivered", &[("at", Arg::S(&tr.moment(*receipted_at)))]))
        }
        Delivery::Pending { attempts, .. } => {
            ("near", tr.ta("messages-pending", &[("attempts", Arg::N((*attempts).into()))]))
        }
        Delivery::SetAside { .. } => ("missed", tr.t("messages-set-aside")),
    }
}

pub(crate) async fn messages(State(s): State<AppState>, v: Viewer) -> PageResult {
    let tr = v.tr;
    let mut inbox = s.node.inbox().map_err(|e| WebError::node(tr, e))?;
    inbox.sort_by_key(|e| std::cmp::Reverse(e.received_at));
    let mut outbox = s.node.outbox().map_err(|e| WebError::node(tr, e))?;
    outbox.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    let body = html! {
        h2 { (tr.t("messages-inbox")) }
        @if inbox.is_empty() { p.muted { (tr.t("messages-none")) } } @else {
            table {
                thead { tr { th { (tr.t("messages-received")) } th { (tr.t("messages-from")) } th { (tr.t("messages-kind")) } th { (tr.t("messages-case")) } } }
                tbody {
                    @for e in inbox.iter().take(SHOWN) {
                        tr {
                            td { (tr.moment(e.received_at)) }
                            td { (e.sender.to_string()) }
                            td { (kind(tr, e.kind)) }
                            td { @if let Some(c) = e.payload.case_id() { a href={"/cases/" (c.to_string())} { (c.to_string()) } } }
                        }
                    }
                }
            }
        }
        h2 { (tr.t("messages-outbox")) }
        @if outbox.is_empty() { p.muted { (tr.t("messages-none")) } } @else {
            table {
                thead { tr { th { (tr.t("messages-sent")) } th { (tr.t("messages-kind")) } th { (tr.t("messages-case")) } th { (tr.t("messages-recipients")) } } }
                tbody {
                    @for o in outbox.iter().take(SHOWN) {
                        tr {
                            td { (tr.moment(o.created_at)) }
                            td { (kind(tr, o.kind)) }
                            td { @if let Some(c) = o.case_id { a href={"/cases/" (c.to_string())} { (c.to_string()) } } }
                            td {
                                ul {
                                    @for (party, d) in &o.recipients {
                                        @let (class, text) = delivery(tr, d);
                                        li { (party.to_string()) " " span class={"badge " (class)} { (text) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(Page { title: tr.t("messages-title"), body }.render(&v))
}
