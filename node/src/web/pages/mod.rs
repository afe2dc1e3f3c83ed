//! One file per area of the interface. Handlers read through the node's
//! own methods (the same the API calls) and render with `maud`, which
//! escapes every value it inserts.

pub(crate) mod account;
pub(crate) mod admin;
mod case_form;
pub(crate) mod cases;
pub(crate) mod home;
pub(crate) mod meeting_cycle;
pub(crate) mod meetings;
pub(crate) mod messages;
pub(crate) mod operations;
pub(crate) mod procedures;
pub(crate) mod streamed;

use maud::{html, Markup};

use crate::core::i18n::{Arg, Tr};
use crate::services::meetings::{DeadlineItem, DeadlineStatus, Topic};

/// An id taken from the path (case, message, meeting). One that does not
/// parse names nothing this node holds: 404, naming what was asked for.
pub(crate) fn path_id<T: std::str::FromStr>(tr: Tr, id: &str) -> Result<T, crate::web::WebError> {
    id.parse().map_err(|_| crate::web::WebError::not_found(tr, id))
}

/// A deadline's subject in the reader's language.
pub(crate) fn topic(tr: Tr, t: &Topic) -> String {
    t.words(tr)
}

fn status(tr: Tr, s: &DeadlineStatus) -> (&'static str, String) {
    match *s {
        DeadlineStatus::Open { days_left } => ("open", tr.ta("deadline-open", &[("days", Arg::N(days_left.into()))])),
        DeadlineStatus::Near { days_left } => ("near", tr.ta("deadline-near", &[("days", Arg::N(days_left.into()))])),
        DeadlineStatus::Missed { days_over } => {
            ("missed", tr.ta("deadline-missed", &[("days", Arg::N(days_over.into()))]))
        }
        DeadlineStatus::Done { on, late } => {
            let key = if late { "deadline-done-late" } else { "deadline-done" };
            ("done", tr.ta(key, &[("date", Arg::S(&tr.date(on)))]))
        }
    }
}

/// The deadlines table, near and missed rows highlighted.
pub(crate) fn deadlines_table(tr: Tr, items: &[DeadlineItem]) -> Markup {
    html! {
        @if items.is_empty() {
            p.muted { (tr.t("deadlines-none")) }
        } @else {
            table.deadlines {
                thead { tr {
                    th { (tr.t("deadlines-due")) } th { (tr.t("deadlines-what")) } th { (tr.t("deadlines-rule")) }
                    th { (tr.t("deadlines-meeting")) } th { (tr.t("deadlines-status")) }
                } }
                tbody {
                    @for d in items {
                        @let (class, text) = status(tr, &d.status);
                        tr class=(class) data-due=(d.due.to_string()) {
                            td { time datetime=(d.due.to_string()) { (tr.date(d.due)) } }
                            td { (topic(tr, &d.topic)) @if d.mine { " " span.badge { (tr.t("deadlines-yours")) } } }
                            td { (d.tor) }
                            td { (tr.date(d.meeting_day)) }
                            td { span class={"badge " (class)} { (text) } }
                        }
                    }
                }
            }
        }
    }
}
