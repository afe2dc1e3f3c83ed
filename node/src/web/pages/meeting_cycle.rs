//! The meeting cycle of one meeting (ToR-3 to 11, 15, 22), on
//! `/meetings/{id}`: its facts, invitation and deadlines; presentation
//! intents; the draft agenda and its adoption; delegations; non-state
//! experts with their silence period, objections and acknowledgement; and
//! the clearance of the Chair's briefing. A State's controls show on a
//! State's node to a role that may take part in meetings; the Secretariat's
//! (agenda, adoption, decisions on experts) on the Secretariat's node to a
//! role that may coordinate. Every POST checks the role again, and the node
//! checks the rest (deadlines, who may object, who is the Chair).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use dief_protocol::case::CaseQuery;
use dief_protocol::meeting::{
    AgendaItem, BriefingAnswer, BriefingAudience, BriefingState, Delegate, ExpertEvent, ExpertRecord, ExpertState,
    IntentSubject, MeetingId, Role as DelegateRole, MAX_DELEGATES,
};
use dief_protocol::sealed::MemberText;
use dief_protocol::{CaseId, Date, MessageId, Party, StateCode};
use maud::{html, Markup};

use crate::api::http::AppState;
use crate::core::i18n::{Arg, Tr};
use crate::core::users::Action;
use crate::services::meetings::{
    AgendaDraft, BriefingInput, BriefingView, ExpertDraft, ExpertView, IntentDraft, IntentState, IntentView,
    MeetingView,
};
use crate::services::search::CaseSummary;
use crate::web::layout::{csrf, PageResult};
use crate::web::pages::{deadlines_table, path_id};
use crate::web::{Page, Posted, Viewer, WebError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/{id}", get(page))
        .route("/meetings/{id}/intents", post(announce))
        .route("/meetings/{id}/intents/withdraw", post(withdraw))
        .route("/meetings/{id}/agenda", post(circulate))
        .route("/meetings/{id}/adopt", post(adopt))
        .route("/meetings/{id}/registration", post(register))
        .route("/meetings/{id}/experts", post(propose))
        .route("/meetings/{id}/experts/step", post(expert_step))
        .route("/meetings/{id}/experts/acknowledgement", post(acknowledge))
        .route("/meetings/{id}/briefing", post(brief))
        .route("/meetings/{id}/briefing/answer", post(answer))
}

/// Blank rows the registration form offers beyond the delegates held.
const SPARE_ROWS: usize = 2;
/// Rows the first registration form offers.
const FIRST_ROWS: usize = 3;

/// What every section of the page needs to know.
struct Ctx<'a> {
    v: &'a Viewer,
    tr: Tr,
    m: &'a MeetingView,
    /// This node's State; none on the Secretariat.
    me: Option<StateCode>,
    /// The Chair whose term is running (ToR-4), who drafts briefings.
    chair: Option<StateCode>,
    /// This State's own cases, which it may announce (ToR-11).
    own_cases: Vec<CaseSummary>,
    action: String,
}

impl Ctx<'_> {
    /// A State's node and a role that takes part in meetings.
    fn takes_part(&self) -> bool {
        self.me.is_some() && self.v.may(Action::Meetings)
    }

    /// The Secretariat's node and a role that coordinates the cycle.
    fn coordinates(&self) -> bool {
        self.v.secretariat && self.v.may(Action::Coordinate)
    }

    fn post(&self, what: &str) -> String {
        format!("{}/{what}", self.action)
    }
}

fn meeting_id(tr: Tr, id: &str) -> Result<MeetingId, WebError> {
    path_id(tr, id)
}

fn message_id(tr: Tr, id: &str) -> Result<MessageId, WebError> {
    id.parse().map_err(|_| WebError::invalid(tr, "error-invalid"))
}

fn back(id: MeetingId) -> Response {
    Redirect::to(&format!("/meetings/{id}")).into_response()
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn codes(list: &[StateCode]) -> String {
    list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
}

fn party(tr: Tr, p: Party) -> String {
    match p {
        Party::Secretariat => tr.t("meetings-cycle-secretariat"),
        Party::State(s) => s.to_string(),
    }
}

/// A text sealed to the member States shows only to them; the Secretariat
/// is told that it is sealed, not what it says.
fn member_text(tr: Tr, t: &MemberText) -> Markup {
    match t {
        MemberText::Clear(s) => html! { bdi { (s) } },
        MemberText::Sealed(_) => html! { span.muted { (tr.t("meetings-cycle-sealed")) } },
    }
}

pub(crate) async fn page(State(s): State<AppState>, v: Viewer, Path(id): Path<String>) -> PageResult {
    let tr = v.tr;
    let id = meeting_id(tr, &id)?;
    let m = s.node.meeting(id).map_err(|e| WebError::node(tr, e))?;
    let deadlines: Vec<_> =
        s.node.deadlines().map_err(|e| WebError::node(tr, e))?.into_iter().filter(|d| d.meeting == Some(id)).collect();
    let me = s.node.party().state();
    let chair = s.node.roster().and_then(|r| r.chair_at(s.node.core().now_ms()));
    let own_cases = if me.is_some() && v.may(Action::Meetings) {
        let hits = s.node.search(&CaseQuery::default(), false, Some(500)).map_err(|e| WebError::node(tr, e))?;
        hits.into_iter().filter(|h| h.received_from.is_none()).collect()
    } else {
        Vec::new()
    };
    let c = Ctx { v: &v, tr, m: &m, me, chair, own_cases, action: format!("/meetings/{id}") };
    let body = html! {
        p { a href="/meetings" { (tr.t("meetings-cycle-back")) } }
        (facts(&c))
        h2 { (tr.t("meetings-cycle-deadlines")) }
        (deadlines_table(tr, &deadlines))
        (intents(&c))
        (agenda(&c))
        (registrations(&c))
        (experts(&c))
        (briefing(&c))
    };
    Ok(Page { title: m.meeting.title.clone(), body }.render(&v))
}

fn kind_key(k: dief_protocol::meeting::MeetingKind) -> &'static str {
    match k {
        dief_protocol::meeting::MeetingKind::Csp => "meetings-kind-csp",
        dief_protocol::meeting::MeetingKind::Preparatory => "meetings-kind-preparatory",
    }
}

/// ToR-3, ToR-9: the meeting and its invitation.
fn facts(c: &Ctx<'_>) -> Markup {
    let (tr, m) = (c.tr, &c.m.meeting);
    html! {
        dl.record {
            dt { (tr.t("meetings-dates")) }
            dd { (tr.ta("meetings-from-to", &[("first", Arg::S(&tr.date(m.first_day))), ("last", Arg::S(&tr.date(m.last_day)))])) }
            dt { (tr.t("meetings-venue")) } dd { bdi { (m.venue) } }
            dt { (tr.t("meetings-kind")) } dd { (tr.t(kind_key(m.kind))) }
            dt { (tr.t("meetings-call")) } dd { bdi lang=(m.language) { (m.call_for_submissions) } }
            dt { (tr.t("meetings-invitation")) }
            dd #invitation {
                @match &c.m.invitation {
                    Some(i) => {
                        (tr.ta("meetings-invited-on", &[("date", Arg::S(&tr.date(i.issued_on)))]))
                        " "
                        @if i.late { span.badge.missed { (tr.t("meetings-cycle-late")) } }
                        @else { span.badge.done { (tr.t("meetings-cycle-on-time")) } }
                    }
                    None => (tr.t("meetings-not-invited")),
                }
            }
        }
    }
}

fn subject_text(tr: Tr, s: &IntentSubject) -> String {
    match s {
        IntentSubject::Case { case_id } => {
            tr.ta("meetings-cycle-subject-case", &[("case", Arg::S(&case_id.to_string()))])
        }
        IntentSubject::OtherInformation => tr.t("meetings-cycle-subject-other"),
    }
}

fn subject(c: &Ctx<'_>, s: &IntentSubject) -> Markup {
    let text = subject_text(c.tr, s);
    match s {
        // Only the presenting State holds the case; the Secretariat never
        // does (ToR-14), so it gets the id alone.
        IntentSubject::Case { case_id } if c.me == Some(case_id.provider()) => {
            html! { a href={"/cases/" (case_id.to_string())} { (text) } }
        }
        _ => html! { (text) },
    }
}

fn intent_state(tr: Tr, s: IntentState) -> String {
    tr.t(match s {
        IntentState::Waiting => "meetings-cycle-intent-waiting",
        IntentState::Open => "meetings-cycle-intent-open",
        IntentState::Closed => "meetings-cycle-intent-closed",
        IntentState::Withdrawn => "meetings-cycle-intent-withdrawn",
    })
}

/// ToR-11: the intents this node holds for the meeting (the Secretariat
/// holds everyone's, a State its own), and a State's announcement.
fn intents(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    let open = c.m.adopted.is_none();
    html! {
        section #intents aria-labelledby="intents-h" {
            h2 #intents-h { (tr.t("meetings-cycle-intents")) }
            p.muted { (tr.t(if c.v.secretariat { "meetings-cycle-intents-all" } else { "meetings-cycle-intents-own" })) }
            @if c.m.intents.is_empty() { p.muted { (tr.t("meetings-cycle-intents-none")) } } @else {
                table.intents {
                    thead { tr {
                        th { (tr.t("meetings-cycle-presenter")) } th { (tr.t("meetings-cycle-subject")) }
                        th { (tr.t("meetings-cycle-minutes")) } th { (tr.t("meetings-cycle-with-expert")) }
                        th { (tr.t("meetings-cycle-announced-on")) } th { (tr.t("meetings-cycle-state")) }
                        @if c.takes_part() { th { span.muted { (tr.t("meetings-cycle-actions")) } } }
                    } }
                    tbody { @for i in &c.m.intents { (intent_row(c, i)) } }
                }
            }
            @if c.takes_part() && open { (intent_form(c)) }
        }
    }
}

fn intent_row(c: &Ctx<'_>, i: &IntentView) -> Markup {
    let tr = c.tr;
    html! {
        tr data-intent=(i.message_id.to_string()) {
            td { (i.intent.presenter.to_string()) }
            td { (subject(c, &i.intent.subject)) }
            td { @if let Some(m) = i.intent.minutes { (m) } }
            td { (tr.t(if i.intent.with_expert { "meetings-cycle-yes" } else { "meetings-cycle-no" })) }
            td { (tr.date(i.intent.registered_on)) }
            td { (intent_state(tr, i.state)) }
            @if c.takes_part() {
                td {
                    @if c.me == Some(i.intent.presenter) && matches!(i.state, IntentState::Open | IntentState::Waiting) {
                        form method="post" action=(c.post("intents/withdraw")) {
                            (csrf(c.v))
                            input type="hidden" name="intent" value=(i.message_id.to_string());
                            button type="submit" { (tr.t("meetings-cycle-intent-withdraw")) }
                        }
                    }
                }
            }
        }
    }
}

fn intent_form(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    html! {
        form.stack #intent-form method="post" action=(c.post("intents")) {
            (csrf(c.v))
            h3 { (tr.t("meetings-cycle-intent-new")) }
            label for="intent-case" { (tr.t("meetings-cycle-subject")) }
            select #intent-case name="case" {
                option value="" { (tr.t("meetings-cycle-subject-other")) }
                @for h in &c.own_cases {
                    option value=(h.id.to_string()) { (h.id.to_string()) " · " (h.title) }
                }
            }
            label for="intent-minutes" { (tr.t("meetings-cycle-minutes")) }
            input #intent-minutes type="number" name="minutes" min="1" max="180";
            label { input type="checkbox" name="with_expert" value="1"; " " (tr.t("meetings-cycle-with-expert-field")) }
            p.muted { (tr.t("meetings-cycle-intent-note")) }
            button.primary type="submit" { (tr.t("meetings-cycle-intent-announce")) }
        }
    }
}

/// An agenda item in the reader's language. The node titles the items it
/// builds from intents in English ("Presentation by FRA (case)", see
/// `PresentationIntent::agenda_title`); they name a presenter and an
/// intent, so they can be worded here instead. Items the Secretariat wrote
/// are its own text and show as written.
fn agenda_item(tr: Tr, item: &AgendaItem) -> Markup {
    match (item.presenter, item.intent) {
        (Some(p), Some(_)) => {
            let key =
                if item.title.ends_with("(case)") { "meetings-cycle-item-case" } else { "meetings-cycle-item-other" };
            html! { (tr.ta(key, &[("state", Arg::S(&p.to_string()))])) }
        }
        _ => html! { bdi { (item.title) } },
    }
}

/// ToR-10, ToR-11: the draft agenda, its circulation and adoption.
fn agenda(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    let invited = c.m.invitation.is_some();
    html! {
        section #agenda aria-labelledby="agenda-h" {
            h2 #agenda-h { (tr.t("meetings-agenda")) }
            @match &c.m.agenda {
                None => p.muted { (tr.t("meetings-cycle-agenda-none")) },
                Some(a) => {
                    p {
                        (tr.ta("meetings-cycle-agenda-version", &[("n", Arg::N(a.agenda.version.into())), ("date", Arg::S(&tr.date(a.agenda.circulated_on)))]))
                        " "
                        @if a.late { span.badge.missed { (tr.t("meetings-cycle-late")) } }
                    }
                    ol.agenda {
                        @for item in &a.agenda.items { li { (agenda_item(tr, item)) } }
                    }
                    @if !a.agenda.supporting_documents.is_empty() {
                        h3 { (tr.t("meetings-cycle-documents")) }
                        ul { @for d in &a.agenda.supporting_documents { li { bdi { (d) } } } }
                    }
                }
            }
            @if let Some(ad) = &c.m.adopted {
                p.notice #adopted {
                    (tr.ta("meetings-cycle-adopted-on", &[("n", Arg::N(ad.version.into())), ("date", Arg::S(&tr.date(ad.adopted_on)))]))
                }
            }
            @if c.coordinates() && c.m.adopted.is_none() {
                @if invited {
                    form.stack #agenda-form method="post" action=(c.post("agenda")) {
                        (csrf(c.v))
                        h3 { (tr.t(if c.m.agenda.is_some() { "meetings-cycle-agenda-revise" } else { "meetings-cycle-agenda-circulate" })) }
                        p.muted { (tr.t("meetings-cycle-agenda-note")) }
                        label for="agenda-items" { (tr.t("meetings-cycle-agenda-items")) }
                        textarea #agenda-items name="items" rows="4" {}
                        label for="agenda-documents" { (tr.t("meetings-cycle-documents-field")) }
                        textarea #agenda-documents name="documents" rows="3" {}
                        button.primary type="submit" { (tr.t("meetings-cycle-agenda-send")) }
                    }
                } @else {
                    p.muted { (tr.t("meetings-cycle-agenda-invite-first")) }
                }
                @if c.m.agenda.is_some() {
                    form #adopt-form method="post" action=(c.post("adopt")) {
                        (csrf(c.v))
                        button.primary type="submit" { (tr.t("meetings-cycle-adopt")) }
                    }
                }
            }
        }
    }
}

fn delegate_role(tr: Tr, r: DelegateRole) -> String {
    tr.t(&format!("meetings-cycle-role-{}", r.as_str()))
}

/// ToR-6, ToR-7: the delegations registered, and this State's own.
fn registrations(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    html! {
        section #registrations aria-labelledby="registrations-h" {
            h2 #registrations-h { (tr.t("meetings-cycle-delegations")) }
            @if c.m.registrations.is_empty() { p.muted { (tr.t("meetings-cycle-delegations-none")) } }
            @for r in &c.m.registrations {
                article.delegation data-state=(r.state.to_string()) {
                    h3 { (r.state.to_string()) }
                    p.muted { (tr.ta("meetings-cycle-revision", &[("n", Arg::N(r.revision.into())), ("date", Arg::S(&tr.date(r.registered_on)))])) }
                    table {
                        thead { tr {
                            th { (tr.t("meetings-cycle-delegate-name")) } th { (tr.t("meetings-cycle-delegate-role")) }
                            th { (tr.t("meetings-cycle-delegate-agency")) } th { (tr.t("meetings-cycle-delegate-head")) }
                        } }
                        tbody { @for d in &r.delegates { tr {
                            td { bdi { (d.name) } } td { (delegate_role(tr, d.role)) } td { bdi { (d.agency) } }
                            td { @if d.head { (tr.t("meetings-cycle-head")) } }
                        } } }
                    }
                }
            }
            @if c.takes_part() { (registration_form(c)) }
        }
    }
}

fn registration_form(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    let held: Vec<Delegate> =
        c.m.registrations.iter().find(|r| Some(r.state) == c.me).map(|r| r.delegates.clone()).unwrap_or_default();
    let rows = if held.is_empty() { FIRST_ROWS } else { held.len() + SPARE_ROWS };
    html! {
        form.stack #registration-form method="post" action=(c.post("registration")) {
            (csrf(c.v))
            h3 { (tr.t(if held.is_empty() { "meetings-cycle-register" } else { "meetings-cycle-register-revise" })) }
            p.muted { (tr.t("meetings-cycle-register-note")) }
            @for i in 0..rows {
                @let d = held.get(i);
                fieldset {
                    legend { (tr.ta("meetings-cycle-delegate-n", &[("n", Arg::N(i64::try_from(i + 1).unwrap_or(0)))])) }
                    div.row {
                        label { (tr.t("meetings-cycle-delegate-name")) input type="text" name={"d" (i) "_name"} value=[d.map(|d| d.name.as_str())]; }
                        label { (tr.t("meetings-cycle-delegate-role"))
                            select name={"d" (i) "_role"} {
                                @for r in DelegateRole::ALL {
                                    option value=(r.as_str()) selected[d.is_some_and(|d| d.role == r)] { (delegate_role(tr, r)) }
                                }
                            }
                        }
                        label { (tr.t("meetings-cycle-delegate-agency")) input type="text" name={"d" (i) "_agency"} value=[d.map(|d| d.agency.as_str())]; }
                        label { input type="radio" name="head" value=(i) checked[d.is_some_and(|d| d.head)]; " " (tr.t("meetings-cycle-delegate-head")) }
                    }
                }
            }
            button.primary type="submit" { (tr.t("meetings-cycle-register-send")) }
        }
    }
}

fn expert_state(tr: Tr, s: &ExpertState) -> String {
    match s {
        ExpertState::Pending => tr.t("meetings-cycle-expert-pending"),
        ExpertState::SilenceRunning { ends } => {
            tr.ta("meetings-cycle-expert-silence", &[("date", Arg::S(&tr.date(*ends)))])
        }
        ExpertState::Objected { objectors, escalates_on } => tr.ta(
            "meetings-cycle-expert-objected",
            &[("states", Arg::S(&codes(objectors))), ("date", Arg::S(&tr.date(*escalates_on)))],
        ),
        ExpertState::Escalated { objectors } => {
            tr.ta("meetings-cycle-expert-escalated", &[("states", Arg::S(&codes(objectors)))])
        }
        ExpertState::Accepted { by_decision: false } => tr.t("meetings-cycle-expert-accepted"),
        ExpertState::Accepted { by_decision: true } => tr.t("meetings-cycle-expert-accepted-decision"),
        ExpertState::Rejected => tr.t("meetings-cycle-expert-rejected"),
        ExpertState::Withdrawn => tr.t("meetings-cycle-expert-withdrawn"),
    }
}

fn expert_event(tr: Tr, r: &ExpertRecord) -> Markup {
    let who = party(tr, r.by);
    let args = [("who", Arg::S(&who)), ("date", Arg::S(&tr.date(r.on)))];
    match &r.event {
        ExpertEvent::Circulated => html! { (tr.ta("meetings-cycle-event-circulated", &args)) },
        ExpertEvent::Objection { reason } => {
            html! { (tr.ta("meetings-cycle-event-objection", &args)) ": " (member_text(tr, reason)) }
        }
        ExpertEvent::Consultation { note, objection_withdrawn } => html! {
            (tr.ta("meetings-cycle-event-consultation", &args)) ": " (member_text(tr, note))
            @if *objection_withdrawn { " " span.badge.done { (tr.t("meetings-cycle-event-objection-withdrawn")) } }
        },
        ExpertEvent::Decision { accepted, note } => html! {
            (tr.ta(if *accepted { "meetings-cycle-event-accepted" } else { "meetings-cycle-event-rejected" }, &args))
            @if !note.is_empty() { ": " bdi { (note) } }
        },
        ExpertEvent::Withdrawn => html! { (tr.ta("meetings-cycle-event-withdrawn", &args)) },
    }
}

/// ToR-8, ToR-15: the non-state experts proposed, where each stands, and
/// the steps this node's users may take on them.
fn experts(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    let presentations: Vec<&IntentView> =
        c.m.intents
            .iter()
            .filter(|i| c.me == Some(i.intent.presenter) && i.state != IntentState::Withdrawn)
            .filter(|i| matches!(i.intent.subject, IntentSubject::Case { .. }))
            .collect();
    html! {
        section #experts aria-labelledby="experts-h" {
            h2 #experts-h { (tr.t("meetings-cycle-experts")) }
            @if c.m.experts.is_empty() { p.muted { (tr.t("meetings-cycle-experts-none")) } }
            @for x in &c.m.experts { (expert(c, x)) }
            @if c.takes_part() && !presentations.is_empty() {
                form.stack #expert-form method="post" action=(c.post("experts")) {
                    (csrf(c.v))
                    h3 { (tr.t("meetings-cycle-expert-propose")) }
                    label for="expert-presentation" { (tr.t("meetings-cycle-expert-presentation")) }
                    select #expert-presentation name="presentation" {
                        @for i in &presentations { option value=(i.message_id.to_string()) { (subject_text(tr, &i.intent.subject)) } }
                    }
                    label for="expert-name" { (tr.t("meetings-cycle-expert-name")) }
                    input #expert-name type="text" name="name" required;
                    label for="expert-affiliation" { (tr.t("meetings-cycle-expert-affiliation")) }
                    input #expert-affiliation type="text" name="affiliation";
                    label for="expert-purpose" { (tr.t("meetings-cycle-expert-purpose")) }
                    textarea #expert-purpose name="purpose" rows="3" required {}
                    p.muted { (tr.t("meetings-cycle-expert-note")) }
                    button.primary type="submit" { (tr.t("meetings-cycle-expert-propose-send")) }
                }
            }
        }
    }
}

fn expert(c: &Ctx<'_>, x: &ExpertView) -> Markup {
    let tr = c.tr;
    let p = &x.proposal;
    html! {
        article.expert data-proposal=(x.proposal_id.to_string()) {
            h3 { bdi { (p.expert_name) } @if !p.affiliation.is_empty() { " · " bdi { (p.affiliation) } } }
            dl.record {
                dt { (tr.t("meetings-cycle-expert-proposer")) } dd { (p.proposer.to_string()) " · " (tr.date(p.proposed_on)) }
                dt { (tr.t("meetings-cycle-expert-purpose")) } dd lang=(p.language) { (member_text(tr, &p.purpose)) }
                dt { (tr.t("meetings-cycle-state")) } dd.expert-state { (expert_state(tr, &x.state)) }
                @if let Some(d) = x.circulated_on { dt { (tr.t("meetings-cycle-expert-circulated")) } dd { (tr.date(d)) } }
                @if let Some(d) = x.silence_ends { dt { (tr.t("meetings-cycle-expert-silence-ends")) } dd { (tr.date(d)) } }
                dt { (tr.t("meetings-cycle-expert-escalates")) } dd { (tr.date(x.escalates_on)) }
                dt { (tr.t("meetings-cycle-expert-ack")) }
                dd {
                    @match &x.acknowledgement {
                        Some(a) => (tr.ta("meetings-cycle-expert-ack-on", &[("informed", Arg::S(&tr.date(a.informed_on))), ("date", Arg::S(&tr.date(a.acknowledged_on)))])),
                        None => (tr.t("meetings-cycle-expert-ack-none")),
                    }
                    @if x.may_access { " " span.badge.done { (tr.t("meetings-cycle-expert-may-access")) } }
                }
            }
            @if !x.records.is_empty() {
                ul.records { @for r in &x.records { li { (expert_event(tr, r)) } } }
            }
            (expert_controls(c, x))
        }
    }
}

/// The steps of the procedure this node's user may take on one proposal;
/// the node refuses what ToR-8 does not allow (a Signatory's objection,
/// one after the silence period).
fn expert_controls(c: &Ctx<'_>, x: &ExpertView) -> Markup {
    let tr = c.tr;
    let id = x.proposal_id.to_string();
    let mine = c.me == Some(x.proposal.proposer);
    let running = matches!(x.state, ExpertState::SilenceRunning { .. } | ExpertState::Objected { .. });
    let objected_by_me = c.me.is_some_and(|me| {
        x.records.iter().any(|r| r.by == Party::State(me) && matches!(r.event, ExpertEvent::Objection { .. }))
    });
    // ToR-8: the standing objectors and the proposer consult; an objector
    // may withdraw its objection.
    let objectors: &[StateCode] = match &x.state {
        ExpertState::Objected { objectors, .. } | ExpertState::Escalated { objectors } => objectors,
        _ => &[],
    };
    let standing = c.me.is_some_and(|me| objectors.contains(&me));
    let consults = !objectors.is_empty() && (standing || mine);
    let open = !matches!(x.state, ExpertState::Withdrawn | ExpertState::Rejected | ExpertState::Accepted { .. });
    html! {
        @if c.takes_part() && !mine && running && !objected_by_me {
            form.stack.object-form method="post" action=(c.post("experts/step")) {
                (csrf(c.v))
                input type="hidden" name="proposal" value=(id);
                input type="hidden" name="event" value="object";
                label for={"object-" (id)} { (tr.t("meetings-cycle-expert-object-reason")) }
                textarea id={"object-" (id)} name="text" rows="2" required {}
                p.muted { (tr.t("meetings-cycle-expert-object-note")) }
                button type="submit" { (tr.t("meetings-cycle-expert-object")) }
            }
        }
        @if c.takes_part() && consults {
            form.stack method="post" action=(c.post("experts/step")) {
                (csrf(c.v))
                input type="hidden" name="proposal" value=(id);
                input type="hidden" name="event" value="consult";
                label for={"consult-" (id)} { (tr.t("meetings-cycle-expert-consult-note")) }
                textarea id={"consult-" (id)} name="text" rows="2" required {}
                @if standing {
                    label { input type="checkbox" name="withdrawn" value="1"; " " (tr.t("meetings-cycle-expert-consult-withdraw")) }
                }
                button type="submit" { (tr.t("meetings-cycle-expert-consult")) }
            }
        }
        @if c.takes_part() && mine && x.state.is_accepted() && x.acknowledgement.is_none() {
            form.stack method="post" action=(c.post("experts/acknowledgement")) {
                (csrf(c.v))
                input type="hidden" name="proposal" value=(id);
                p { (tr.t("meetings-cycle-duty")) }
                label for={"informed-" (id)} { (tr.t("meetings-cycle-expert-informed-on")) }
                input id={"informed-" (id)} type="date" name="informed_on" required;
                button type="submit" { (tr.t("meetings-cycle-expert-ack-send")) }
            }
        }
        @if c.takes_part() && mine && open {
            form method="post" action=(c.post("experts/step")) {
                (csrf(c.v))
                input type="hidden" name="proposal" value=(id);
                input type="hidden" name="event" value="withdraw";
                button type="submit" { (tr.t("meetings-cycle-expert-withdraw")) }
            }
        }
        @if c.coordinates() && matches!(x.state, ExpertState::Escalated { .. }) {
            form.stack method="post" action=(c.post("experts/step")) {
                (csrf(c.v))
                input type="hidden" name="proposal" value=(id);
                input type="hidden" name="event" value="decide";
                fieldset { legend { (tr.t("meetings-cycle-expert-decision")) }
                    label { input type="radio" name="accepted" value="1" required; " " (tr.t("meetings-cycle-expert-decision-accept")) }
                    label { input type="radio" name="accepted" value="0"; " " (tr.t("meetings-cycle-expert-decision-reject")) }
                }
                label for={"decision-" (id)} { (tr.t("meetings-cycle-expert-decision-note")) }
                textarea id={"decision-" (id)} name="text" rows="2" {}
                button type="submit" { (tr.t("meetings-cycle-expert-decision-record")) }
            }
        }
    }
}

fn briefing_state(tr: Tr, s: &BriefingState) -> String {
    match s {
        BriefingState::Pending { consented, waiting } => tr.ta(
            "meetings-cycle-briefing-pending",
            &[("waiting", Arg::S(&codes(waiting))), ("consented", Arg::S(&codes(consented)))],
        ),
        BriefingState::Blocked { objectors } => {
            tr.ta("meetings-cycle-briefing-blocked", &[("states", Arg::S(&codes(objectors)))])
        }
        BriefingState::BlockedByPresenter { presenters, .. } => {
            tr.ta("meetings-cycle-briefing-blocked-presenter", &[("states", Arg::S(&codes(presenters)))])
        }
        BriefingState::Cleared => tr.t("meetings-cycle-briefing-cleared"),
    }
}

fn audience_key(a: BriefingAudience) -> &'static str {
    match a {
        BriefingAudience::WorkingGroup => "meetings-cycle-audience-working-group",
        BriefingAudience::Csp => "meetings-cycle-audience-csp",
    }
}

fn briefing_draft(c: &Ctx<'_>, b: &BriefingView) -> Markup {
    let tr = c.tr;
    let answerable = c.takes_part() && c.me.is_some_and(|me| b.participants.contains(&me));
    html! {
        dl.record {
            dt { (tr.t("meetings-cycle-briefing-chair")) } dd { (party(tr, b.chair)) }
            dt { (tr.t("meetings-cycle-briefing-audience")) } dd { (tr.t(audience_key(b.draft.audience))) }
            dt { (tr.t("meetings-cycle-briefing-version")) } dd { (b.draft.version) " · " (tr.date(b.draft.drafted_on)) }
            @if !b.draft.based_on.is_empty() {
                dt { (tr.t("meetings-cycle-briefing-based-on")) }
                dd { (b.draft.based_on.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")) }
            }
            dt { (tr.t("meetings-cycle-state")) } dd #briefing-state { (briefing_state(tr, &b.state)) }
        }
        blockquote lang=(b.draft.language) { p { bdi { (b.draft.text) } } }
        @if !b.responses.is_empty() {
            h3 { (tr.t("meetings-cycle-briefing-answers")) }
            ul { @for r in &b.responses { li {
                (r.by.to_string()) ": "
                @match &r.answer {
                    BriefingAnswer::Consent => (tr.t("meetings-cycle-briefing-consent")),
                    BriefingAnswer::Object { reason } => { (tr.t("meetings-cycle-briefing-object")) @if !reason.is_empty() { " · " bdi { (reason) } } }
                }
            } } }
        }
        @if answerable {
            form.stack #briefing-answer method="post" action=(c.post("briefing/answer")) {
                (csrf(c.v))
                fieldset { legend { (tr.t("meetings-cycle-briefing-answer")) }
                    label { input type="radio" name="answer" value="consent" required; " " (tr.t("meetings-cycle-briefing-consent")) }
                    label { input type="radio" name="answer" value="object"; " " (tr.t("meetings-cycle-briefing-object")) }
                }
                label for="briefing-reason" { (tr.t("meetings-cycle-briefing-reason")) }
                textarea #briefing-reason name="reason" rows="2" {}
                button type="submit" { (tr.t("meetings-cycle-briefing-answer-send")) }
            }
        }
    }
}

/// ToR-22: the Chair's draft briefing and the participants' answers; the
/// Chair drafts (a new version restarts the clearance).
fn briefing(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    let chair = c.takes_part() && c.me.is_some() && c.me == c.chair;
    html! {
        section #briefing aria-labelledby="briefing-h" {
            h2 #briefing-h { (tr.t("meetings-cycle-briefing")) }
            @match &c.m.briefing {
                Some(b) => (briefing_draft(c, b)),
                None => p.muted { (tr.t("meetings-cycle-briefing-none")) },
            }
            @if chair {
                form.stack #briefing-form method="post" action=(c.post("briefing")) {
                    (csrf(c.v))
                    h3 { (tr.t(if c.m.briefing.is_some() { "meetings-cycle-briefing-revise" } else { "meetings-cycle-briefing-draft" })) }
                    label for="briefing-audience" { (tr.t("meetings-cycle-briefing-audience")) }
                    select #briefing-audience name="audience" {
                        option value="working_group" { (tr.t(audience_key(BriefingAudience::WorkingGroup))) }
                        option value="csp" { (tr.t(audience_key(BriefingAudience::Csp))) }
                    }
                    label for="briefing-text" { (tr.t("meetings-cycle-briefing-text")) }
                    textarea #briefing-text name="text" rows="6" required {}
                    label for="briefing-cases" { (tr.t("meetings-cycle-briefing-based-on-field")) }
                    input #briefing-cases type="text" name="based_on";
                    button.primary type="submit" { (tr.t("meetings-cycle-briefing-send")) }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The posted steps
// ---------------------------------------------------------------------------

/// ToR-11: a State announces a presentation; no text travels.
pub(crate) async fn announce(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "announce presentations")?;
    let id = meeting_id(tr, &id)?;
    let case = match f.get("case") {
        "" => None,
        c => Some(c.parse::<CaseId>().map_err(|_| WebError::invalid(tr, "error-invalid"))?),
    };
    let minutes = match f.get("minutes") {
        "" => None,
        m => Some(m.parse::<u16>().map_err(|_| WebError::invalid(tr, "error-invalid"))?),
    };
    let draft = IntentDraft { meeting: Some(id), case, minutes, with_expert: !f.get("with_expert").is_empty() };
    s.node.register_intent(draft).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

pub(crate) async fn withdraw(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Meetings, "withdraw presentation intents")?;
    let id = meeting_id(tr, &id)?;
    let intent = message_id(tr, p.fields.get("intent"))?;
    s.node.withdraw_intent(intent).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

/// ToR-10: the Secretariat circulates the draft agenda it builds from the
/// open intents, with the further items and documents written here.
pub(crate) async fn circulate(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Coordinate, "circulate the draft agenda")?;
    let id = meeting_id(tr, &id)?;
    let draft = AgendaDraft {
        items: lines(p.fields.get("items")),
        supporting_documents: lines(p.fields.get("documents")),
        language: tr.lang.to_string(),
    };
    s.node.circulate_agenda(id, draft).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

pub(crate) async fn adopt(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Coordinate, "record the adoption of the agenda")?;
    let id = meeting_id(tr, &id)?;
    s.node.adopt_agenda(id).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

/// ToR-6, ToR-7: the delegation from the form's rows; a row without a name
/// is left out.
pub(crate) async fn register(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "register a delegation")?;
    let id = meeting_id(tr, &id)?;
    let mut delegates = Vec::new();
    for i in 0..MAX_DELEGATES {
        let name = f.get(&format!("d{i}_name"));
        if name.is_empty() {
            continue;
        }
        let role = f.get(&format!("d{i}_role"));
        let role = DelegateRole::ALL
            .into_iter()
            .find(|r| r.as_str() == role)
            .ok_or_else(|| WebError::invalid(tr, "error-invalid"))?;
        delegates.push(Delegate {
            name: name.to_string(),
            role,
            agency: f.get(&format!("d{i}_agency")).to_string(),
            head: f.get("head") == i.to_string(),
        });
    }
    if delegates.is_empty() {
        return Err(WebError::invalid(tr, "meetings-cycle-error-no-delegate"));
    }
    s.node.register_delegation(id, delegates).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

/// ToR-8: proposes an expert; the node seals the purpose to the members.
pub(crate) async fn propose(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "propose experts")?;
    let id = meeting_id(tr, &id)?;
    let draft = ExpertDraft {
        presentation: message_id(tr, f.get("presentation"))?,
        expert_name: f.get("name").to_string(),
        affiliation: f.get("affiliation").to_string(),
        purpose: f.get("purpose").to_string(),
        language: tr.lang.to_string(),
    };
    s.node.propose_expert(draft).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

/// ToR-8: an objection, a consultation or a withdrawal by a State; the
/// decision of the States Parties attending, recorded by the Secretariat.
/// Texts go to the node in clear and it seals them to the members.
pub(crate) async fn expert_step(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    let id = meeting_id(tr, &id)?;
    let proposal = message_id(tr, f.get("proposal"))?;
    let text = f.get("text").to_string();
    let event = match f.get("event") {
        "object" => ExpertEvent::Objection { reason: MemberText::Clear(text) },
        "consult" => ExpertEvent::Consultation {
            note: MemberText::Clear(text),
            objection_withdrawn: !f.get("withdrawn").is_empty(),
        },
        "withdraw" => ExpertEvent::Withdrawn,
        "decide" => ExpertEvent::Decision { accepted: f.get("accepted") == "1", note: text },
        _ => return Err(WebError::invalid(tr, "error-invalid")),
    };
    if matches!(event, ExpertEvent::Decision { .. }) {
        p.viewer.require(Action::Coordinate, "record decisions on experts")?;
    } else {
        p.viewer.require(Action::Meetings, "take part in the expert procedure")?;
    }
    s.node.expert_step(proposal, event).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

/// ToR-15: the inviting State records its expert's acknowledgement.
pub(crate) async fn acknowledge(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "record an expert's acknowledgement")?;
    let id = meeting_id(tr, &id)?;
    let proposal = message_id(tr, f.get("proposal"))?;
    let informed: Date = f.get("informed_on").parse().map_err(|_| WebError::invalid(tr, "error-date"))?;
    s.node.acknowledge_expert_in(proposal, informed, tr.lang).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

/// ToR-22: the Chair's draft briefing (the node refuses anyone else).
pub(crate) async fn brief(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "draft briefings")?;
    let id = meeting_id(tr, &id)?;
    let audience = match f.get("audience") {
        "csp" => BriefingAudience::Csp,
        _ => BriefingAudience::WorkingGroup,
    };
    let mut based_on = Vec::new();
    for c in f.get("based_on").split([',', ' ', '\n']).map(str::trim).filter(|c| !c.is_empty()) {
        based_on.push(c.parse::<CaseId>().map_err(|_| WebError::invalid(tr, "error-invalid"))?);
    }
    let input = BriefingInput {
        meeting: id,
        audience,
        text: f.get("text").to_string(),
        language: tr.lang.to_string(),
        based_on,
    };
    s.node.draft_briefing(input).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}

pub(crate) async fn answer(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Meetings, "answer briefings")?;
    let id = meeting_id(tr, &id)?;
    let answer = match f.get("answer") {
        "consent" => BriefingAnswer::Consent,
        "object" => BriefingAnswer::Object { reason: f.get("reason").to_string() },
        _ => return Err(WebError::invalid(tr, "error-invalid")),
    };
    s.node.answer_briefing(id, answer).await.map_err(|e| WebError::node(tr, e))?;
    Ok(back(id))
}
