//! The meeting calendar (ToR-8 to 12): every meeting this node knows, its
//! invitation, agenda and deadlines; on the Secretariat, scheduling a
//! meeting and sending its invitation.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use dief_protocol::meeting::{MeetingId, MeetingKind};
use dief_protocol::Date;
use maud::html;

use crate::api::http::AppState;
use crate::core::i18n::Arg;
use crate::core::users::Action;
use crate::services::meetings::MeetingDraft;
use crate::web::layout::{csrf, PageResult};
use crate::web::pages::deadlines_table;
use crate::web::{Page, Posted, Viewer, WebError};

pub(crate) async fn meetings(State(s): State<AppState>, v: Viewer) -> PageResult {
    let tr = v.tr;
    let list = s.node.meetings().map_err(|e| WebError::node(tr, e))?;
    let deadlines = s.node.deadlines().map_err(|e| WebError::node(tr, e))?;
    let coordinator = v.secretariat && v.may(Action::Coordinate);
    let body = html! {
        @if list.is_empty() { p.muted { (tr.t("meetings-none")) } }
        @for m in &list {
            article.meeting aria-labelledby={"m-" (m.meeting.id.to_string())} {
                h2 id={"m-" (m.meeting.id.to_string())} { bdi { (m.meeting.title) } }
                p { a href={"/meetings/" (m.meeting.id.to_string())} { (tr.t("meetings-open-link")) } }
                dl.record {
                    dt { (tr.t("meetings-dates")) }
                    dd { (tr.ta("meetings-from-to", &[("first", Arg::S(&tr.date(m.meeting.first_day))), ("last", Arg::S(&tr.date(m.meeting.last_day)))])) }
                    dt { (tr.t("meetings-venue")) } dd { bdi { (m.meeting.venue) } }
                    dt { (tr.t("meetings-kind")) } dd { (tr.t(kind_key(m.meeting.kind))) }
                    dt { (tr.t("meetings-invitation")) }
                    dd {
                        @match &m.invitation {
                            Some(i) => (tr.ta("meetings-invited-on", &[("date", Arg::S(&tr.date(i.issued_on)))])),
                            None => (tr.t("meetings-not-invited")),
                        }
                    }
                    dt { (tr.t("meetings-agenda")) }
                    dd { @if m.adopted.is_some() { (tr.t("meetings-agenda-adopted")) } @else if m.agenda.is_some() { (tr.t("meetings-agenda-circulated")) } @else { (tr.t("meetings-agenda-none")) } }
                    dt { (tr.t("meetings-registrations")) } dd { (m.registrations.len()) }
                }
                @let own: Vec<_> = deadlines.iter().filter(|d| d.meeting == Some(m.meeting.id)).cloned().collect();
                (deadlines_table(tr, &own))
                @if coordinator && m.invitation.is_none() {
                    form method="post" action="/meetings" {
                        (csrf(&v))
                        input type="hidden" name="invite" value=(m.meeting.id.to_string());
                        button.primary type="submit" { (tr.t("meetings-send-invitation")) }
                    }
                }
            }
        }
        @if coordinator {
            h2 { (tr.t("meetings-schedule")) }
            form.stack method="post" action="/meetings" {
                (csrf(&v))
                label for="title" { (tr.t("meetings-title-field")) }
                input #title type="text" name="title" required;
                label for="kind" { (tr.t("meetings-kind")) }
                select #kind name="kind" {
                    option value="csp" { (tr.t(kind_key(MeetingKind::Csp))) }
                    option value="preparatory" { (tr.t(kind_key(MeetingKind::Preparatory))) }
                }
                div.row {
                    label { (tr.t("meetings-first-day")) input type="date" name="first_day" required; }
                    label { (tr.t("meetings-last-day")) input type="date" name="last_day" required; }
                }
                label for="venue" { (tr.t("meetings-venue")) }
                input #venue type="text" name="venue" required;
                label for="call" { (tr.t("meetings-call")) }
                textarea #call name="call_for_submissions" rows="4" required {}
                button.primary type="submit" { (tr.t("meetings-schedule")) }
            }
        }
    };
    Ok(Page { title: tr.t("meetings-title"), body }.render(&v))
}

fn kind_key(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Csp => "meetings-kind-csp",
        MeetingKind::Preparatory => "meetings-kind-preparatory",
    }
}

/// Schedules a meeting, or sends the invitation of one (`invite=<id>`).
pub(crate) async fn schedule(State(s): State<AppState>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Coordinate, "coordinate the meeting cycle")?;
    if !f.get("invite").is_empty() {
        let id: MeetingId = f.get("invite").parse().map_err(|_| WebError::invalid(tr, "error-invalid"))?;
        s.node.invite(id).await.map_err(|e| WebError::node(tr, e))?;
        return Ok(Redirect::to("/meetings").into_response());
    }
    let date =
        |name: &str| -> Result<Date, WebError> { f.get(name).parse().map_err(|_| WebError::invalid(tr, "error-date")) };
    let kind = match f.get("kind") {
        "preparatory" => MeetingKind::Preparatory,
        _ => MeetingKind::Csp,
    };
    let draft = MeetingDraft {
        id: None,
        kind,
        title: f.get("title").to_string(),
        first_day: date("first_day")?,
        last_day: date("last_day")?,
        venue: f.get("venue").to_string(),
        call_for_submissions: f.get("call_for_submissions").to_string(),
        language: tr.lang.to_string(),
    };
    s.node.schedule_meeting(draft).await.map_err(|e| WebError::node(tr, e))?;
    Ok(Redirect::to("/meetings").into_response())
}
