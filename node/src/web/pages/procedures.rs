//! The procedures on one case, besides sharing and replying (which are on
//! the case page): involved-State notices, their replies and the right of
//! reply (ToR-12), operational-use requests and the provider's answers
//! (ToR-16), disclosure challenges about the case (ToR-15), follow-up
//! threads (ToR-21), the withdrawal of an own case, who holds which
//! version, and the presentation package as a page to print.
//!
//! Reading needs only `Action::Read`; every form is shown to a role that
//! may send it (`Action::Procedures`, or `Action::EditCases` for the
//! withdrawal) and its POST route asks again. The node's own methods decide
//! the rest (only the provider notifies, answers use requests and starts
//! threads; only a holder of a received case asks for use), so a page
//! shows each form only where the node would accept it.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::Router;
use dief_protocol::procedure::{UseDecision, UsePurpose};
use dief_protocol::{CaseId, Date, MessageId, Party, Payload, StateCode};
use maud::{html, Markup};
use serde::Deserialize;

use crate::api::http::AppState;
use crate::core::audit::DistributionRow;
use crate::core::error::NodeError;
use crate::core::i18n::{Arg, Tr};
use crate::core::users::Action;
use crate::services::cases::Holder;
use crate::services::procedures::{
    AttachedReply, ChallengeState, ChallengeView, PresentationPackage, ReceivedNotice, ThreadView, UseRequestView,
    UseState,
};
use crate::services::records::{CaseEntry, Direction, Origin};
use crate::web::layout::{csrf, frame, PageResult};
use crate::web::pages::path_id;
use crate::web::{Page, Posted, Viewer, WebError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/procedures", get(page))
        .route("/cases/{id}/presentation", get(presentation))
        .route("/cases/{id}/notices", post(notify))
        .route("/cases/{id}/notices/{notice}/reply", post(notice_reply))
        .route("/cases/{id}/notices/{notice}/right-of-reply", post(right_of_reply))
        .route("/cases/{id}/use-requests", post(request_use))
        .route("/cases/{id}/use-requests/{request}/answer", post(answer_use))
        .route("/cases/{id}/challenges", post(challenge))
        .route("/cases/{id}/challenges/{challenge}/answer", post(challenge_answer))
        .route("/cases/{id}/challenges/{challenge}/close", post(challenge_close))
        .route("/cases/{id}/threads", post(thread_post))
        .route("/cases/{id}/withdraw", post(withdraw))
}

fn not_found(tr: Tr, what: &str) -> WebError {
    WebError::not_found(tr, what)
}

fn case_id(tr: Tr, id: &str) -> Result<CaseId, WebError> {
    path_id(tr, id)
}

fn message_id(tr: Tr, id: &str) -> Result<MessageId, WebError> {
    path_id(tr, id)
}

/// A party as the reader reads it: a State's code, or "the Secretariat"
/// in the reader's language.
fn party(tr: Tr, p: Party) -> String {
    match p.state() {
        Some(s) => s.to_string(),
        None => tr.t("procedures-secretariat"),
    }
}

fn purpose_term(p: UsePurpose) -> &'static str {
    match p {
        UsePurpose::ExportAssessment => "export_assessment",
        UsePurpose::EnforcementProceedings => "enforcement_proceedings",
        UsePurpose::Other => "other",
    }
}

const PURPOSES: [UsePurpose; 3] = [UsePurpose::ExportAssessment, UsePurpose::EnforcementProceedings, UsePurpose::Other];

fn use_state_term(s: &UseState) -> &'static str {
    match s {
        UseState::Pending => "pending",
        UseState::Agreed => "agreed",
        UseState::Declined => "declined",
        UseState::Discuss => "discuss",
    }
}

fn challenge_state_term(s: &ChallengeState) -> &'static str {
    match s {
        ChallengeState::Open => "open",
        ChallengeState::Answered => "answered",
        ChallengeState::Closed => "closed",
    }
}

/// What every section of the page needs to know about the case and the
/// reader.
struct Ctx<'a> {
    v: &'a Viewer,
    tr: Tr,
    id: CaseId,
    me: Party,
    /// None when this node does not hold the case (a State notified as
    /// involved need not have been sent it).
    entry: Option<CaseEntry>,
    own: bool,
    today: Date,
}

impl Ctx<'_> {
    fn to(&self, tail: &str) -> String {
        format!("/cases/{}/{tail}", self.id)
    }

    /// The case is held and not withdrawn.
    fn live(&self) -> bool {
        self.entry.as_ref().is_some_and(|e| e.withdrawn.is_none())
    }

    fn acts(&self) -> bool {
        self.v.may(Action::Procedures)
    }
}

/// Everything the page lists, read through the node's methods.
struct Lists {
    received_notices: Vec<ReceivedNotice>,
    packages: Vec<PresentationPackage>,
    uses: Vec<UseRequestView>,
    challenges: Vec<ChallengeView>,
    threads: Vec<ThreadView>,
    holders: Vec<Holder>,
    distribution: Vec<DistributionRow>,
    members: Vec<StateCode>,
}

impl Lists {
    fn is_empty(&self) -> bool {
        self.received_notices.is_empty()
            && self.packages.is_empty()
            && self.uses.is_empty()
            && self.challenges.is_empty()
            && self.threads.is_empty()
    }
}

async fn lists(s: &AppState, c: &Ctx<'_>) -> Result<Lists, NodeError> {
    let node = &s.node;
    let received_notices = node.received_notices()?.into_iter().filter(|n| n.notice.case_id == c.id).collect();
    let mut packages = Vec::new();
    if c.own {
        // One package per meeting the provider sent notices for.
        let mut meetings: Vec<Date> = node
            .case_exchanges(&c.id)?
            .into_iter()
            .filter(|e| e.direction == Direction::Sent)
            .filter_map(|e| match e.payload {
                Payload::InvolvedNotice(n) => Some(n.meeting_date),
                _ => None,
            })
            .collect();
        meetings.sort();
        meetings.dedup();
        for m in meetings {
            packages.push(node.presentation(&c.id, m)?);
        }
    }
    let challenges = node.challenges()?.into_iter().filter(|x| x.case_id == Some(c.id)).collect();
    let (holders, distribution) =
        if c.own { (node.holders(&c.id)?, node.distribution(&c.id).await?) } else { (Vec::new(), Vec::new()) };
    let members = node
        .roster()
        .map(|r| r.members.iter().map(|m| m.state).filter(|st| st.party() != c.me).collect())
        .unwrap_or_default();
    Ok(Lists {
        received_notices,
        packages,
        uses: node.use_requests(Some(&c.id))?,
        challenges,
        threads: node.threads(&c.id)?,
        holders,
        distribution,
        members,
    })
}

/// `GET /cases/{id}/procedures`: every procedure on the case this node
/// takes part in, and the forms the reader's role may use.
pub(crate) async fn page(State(s): State<AppState>, v: Viewer, Path(id): Path<String>) -> PageResult {
    let tr = v.tr;
    let id = case_id(tr, &id)?;
    let me = s.node.party();
    let entry = match s.node.case(&id) {
        Ok(e) => Some(e),
        Err(NodeError::NotFound { .. }) => None,
        Err(e) => return Err(WebError::node(tr, e)),
    };
    let own = entry.as_ref().is_some_and(|e| e.origin == Origin::Own);
    let today = Date::from_unix_ms(s.node.core().now_ms());
    let c = Ctx { v: &v, tr, id, me, entry, own, today };
    let l = lists(&s, &c).await.map_err(|e| WebError::node(tr, e))?;
    if c.entry.is_none() && l.is_empty() {
        return Err(not_found(tr, &id.to_string()));
    }
    let body = html! {
        (summary(&c))
        (notices_section(&c, &l))
        @if !v.secretariat { (use_section(&c, &l.uses)) }
        (challenges_section(&c, &l))
        @if !v.secretariat { (threads_section(&c, &l)) }
        @if c.entry.is_some() { (versions_section(&c, &l)) }
        (withdraw_section(&c))
    };
    let title = tr.ta("procedures-title", &[("id", Arg::S(&id.to_string()))]);
    Ok(Page { title, body }.render(&v))
}

/// The case's title, its marking and whether it was withdrawn.
fn summary(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    html! {
        @match &c.entry {
            Some(e) => {
                p.marking { (e.record.content.marking.handling.label()) }
                p { a href={"/cases/" (c.id.to_string())} { bdi { (e.record.content.title) } } }
                @if let Some(w) = &e.withdrawn {
                    div.error.withdrawn role="status" {
                        p { (tr.ta("procedures-withdrawn-on", &[("date", Arg::S(&tr.moment(w.at))), ("n", Arg::N(w.version.into()))])) }
                        @if !w.reason.is_empty() { p { (tr.t("procedures-withdraw-reason")) ": " bdi { (w.reason) } } }
                    }
                }
            }
            None => p.muted { (tr.t("procedures-not-held")) }
        }
    }
}

/// ToR-12: what the provider sent and got back, or what this State was
/// sent and answered.
fn notices_section(c: &Ctx<'_>, l: &Lists) -> Markup {
    let tr = c.tr;
    html! {
        section #notices {
            h2 { (tr.t("procedures-notices")) }
            @if l.packages.is_empty() && l.received_notices.is_empty() { p.muted { (tr.t("procedures-notices-none")) } }
            @for p in &l.packages {
                h3 { (tr.ta("procedures-package-for", &[("date", Arg::S(&tr.date(p.meeting_date)))])) }
                (package(tr, p))
                p { a href={(c.to("presentation")) "?meeting=" (p.meeting_date.to_string())} { (tr.t("procedures-package-open")) } }
            }
            @for n in &l.received_notices { (received_notice(c, n)) }
            @if c.own && c.live() && c.acts() { (notify_form(c, &l.members)) }
            @if c.own {
                form.stack.noprint method="get" action=(c.to("presentation")) {
                    label for="meeting" { (tr.t("procedures-package-meeting")) }
                    input #meeting type="date" name="meeting" required;
                    button type="submit" { (tr.t("procedures-package-open")) }
                }
            }
        }
    }
}

/// A presentation package: who was notified when, who answered.
fn package(tr: Tr, p: &PresentationPackage) -> Markup {
    let codes = |v: &[StateCode]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ");
    html! {
        dl.record {
            dt { (tr.t("procedures-notice-due")) } dd { (tr.date(p.notice_due)) }
            dt { (tr.t("procedures-reply-due")) } dd { (tr.date(p.reply_due)) }
            dt { (tr.t("procedures-answered")) } dd { @if p.answered.is_empty() { "—" } @else { (codes(&p.answered)) } }
            dt { (tr.t("procedures-not-answered")) } dd { @if p.not_answered.is_empty() { "—" } @else { (codes(&p.not_answered)) } }
        }
        table.package {
            thead { tr {
                th { (tr.t("procedures-state")) } th { (tr.t("procedures-sent-at")) } th { (tr.t("procedures-receipted-at")) }
                th { (tr.t("procedures-reply")) } th { (tr.t("procedures-right-of-reply")) }
            } }
            tbody { @for n in &p.notices { tr {
                td { (n.state.to_string()) }
                td { (tr.moment(n.sent_at)) @if n.late { " " span.badge.missed { (tr.t("procedures-late")) } } }
                td { @match n.receipted_at { Some(at) => (tr.moment(at)), None => span.muted { (tr.t("procedures-not-receipted")) } } }
                td { @match &n.reply { Some(r) => (attached(tr, r)), None => span.muted { (tr.t("procedures-no-reply")) } } }
                td { @for r in &n.right_of_reply { (attached(tr, r)) } }
            } } }
        }
    }
}

fn attached(tr: Tr, r: &AttachedReply) -> Markup {
    html! {
        div.attached {
            p lang=(r.language) { bdi { (r.body) } }
            p.muted { (tr.moment(r.at)) @if r.late { " " span.badge.missed { (tr.t("procedures-late")) } } }
        }
    }
}

fn received_notice(c: &Ctx<'_>, n: &ReceivedNotice) -> Markup {
    let tr = c.tr;
    let nid = n.notice_id.to_string();
    let open = c.today >= n.notice.meeting_date;
    html! {
        article.notice-received {
            h3 { (tr.ta("procedures-notice-from", &[("from", Arg::S(&party(tr, n.from))), ("date", Arg::S(&tr.date(n.notice.meeting_date)))])) }
            dl.record {
                dt { (tr.t("procedures-received-at")) } dd { (tr.moment(n.received_at)) @if n.notice.late { " " span.badge.missed { (tr.t("procedures-late")) } } }
                @if let Some(r) = &n.notice.meeting_ref { dt { (tr.t("procedures-meeting-ref")) } dd { bdi { (r) } } }
                dt { (tr.t("procedures-notice-summary")) } dd lang=(n.notice.language) { bdi { (n.notice.summary) } }
                dt { (tr.t("procedures-reply-by")) } dd { (tr.date(n.notice.reply_by)) }
                dt { (tr.t("procedures-reply")) }
                dd { @match n.replied_at { Some(at) => (tr.ta("procedures-replied-on", &[("date", Arg::S(&tr.moment(at)))])), None => span.muted { (tr.t("procedures-no-reply")) } } }
            }
            @if c.acts() {
                form.stack.noprint.notice-reply method="post" action=(c.to(&format!("notices/{nid}/reply"))) {
                    (csrf(c.v))
                    label for={"nr-" (nid)} { (tr.t("procedures-notice-reply")) }
                    textarea id={"nr-" (nid)} name="body" rows="3" required {}
                    button type="submit" { (tr.t("procedures-send")) }
                }
                @if open {
                    form.stack.noprint.right-of-reply method="post" action=(c.to(&format!("notices/{nid}/right-of-reply"))) {
                        (csrf(c.v))
                        label for={"rr-" (nid)} { (tr.t("procedures-right-of-reply")) }
                        textarea id={"rr-" (nid)} name="body" rows="3" required {}
                        button type="submit" { (tr.t("procedures-send")) }
                    }
                } @else {
                    p.muted { (tr.ta("procedures-right-of-reply-opens", &[("date", Arg::S(&tr.date(n.notice.meeting_date)))])) }
                }
            }
        }
    }
}

fn notify_form(c: &Ctx<'_>, members: &[StateCode]) -> Markup {
    let tr = c.tr;
    html! {
        h3 { (tr.t("procedures-notify")) }
        form.stack.noprint.notify method="post" action=(c.to("notices")) {
            (csrf(c.v))
            fieldset {
                legend { (tr.t("procedures-notify-to")) }
                div.row { @for st in members { label { input type="checkbox" name="to" value=(st.to_string()); " " (st.to_string()) } } }
            }
            label for="meeting_date" { (tr.t("procedures-meeting-date")) }
            input #meeting_date type="date" name="meeting_date" required;
            label for="meeting_ref" { (tr.t("procedures-meeting-ref")) }
            input #meeting_ref type="text" name="meeting_ref";
            label for="notice_summary" { (tr.t("procedures-notice-summary")) }
            textarea #notice_summary name="summary" rows="4" required {}
            p.muted { (tr.t("procedures-notify-note")) }
            button.primary type="submit" { (tr.t("procedures-notify-send")) }
        }
    }
}

/// ToR-16: use requests about the case, their answers, and the forms to
/// ask (a holder of a received case) or answer (the provider).
fn use_section(c: &Ctx<'_>, uses: &[UseRequestView]) -> Markup {
    let tr = c.tr;
    html! {
        section #use {
            h2 { (tr.t("procedures-use")) }
            @if uses.is_empty() { p.muted { (tr.t("procedures-use-none")) } }
            @for u in uses {
                article.use-request data-state=(use_state_term(&u.state)) {
                    h3 { (tr.ta("procedures-use-from", &[("from", Arg::S(&party(tr, u.requester))), ("date", Arg::S(&tr.moment(u.at)))])) }
                    dl.record {
                        dt { (tr.t("procedures-use-purpose")) } dd { (tr.t(&format!("procedures-purpose-{}", purpose_term(u.purpose)))) }
                        @if !u.details.is_empty() { dt { (tr.t("procedures-use-details")) } dd { bdi { (u.details) } } }
                        dt { (tr.t("procedures-version")) } dd { (u.version) }
                        dt { (tr.t("procedures-use-state")) } dd { span.badge.use-state { (tr.t(&format!("procedures-use-state-{}", use_state_term(&u.state)))) } }
                    }
                    @for a in &u.answers {
                        div.use-answer {
                            p { strong { (tr.t(&format!("procedures-decision-{}", a.decision.as_str()))) } " · " span.muted { (tr.moment(a.at)) } }
                            @if let UseDecision::AgreeWithConditions { conditions } = &a.decision {
                                p.conditions { (tr.t("procedures-conditions")) ": " bdi { (conditions) } }
                            }
                            @if !a.note.is_empty() { p { (tr.t("procedures-note")) ": " bdi { (a.note) } } }
                        }
                    }
                    @if c.own && c.acts() && u.requester != c.me { (answer_use_form(c, u)) }
                }
            }
            @if !c.own && c.live() && c.acts() {
                h3 { (tr.t("procedures-use-ask")) }
                form.stack.noprint.use-request-form method="post" action=(c.to("use-requests")) {
                    (csrf(c.v))
                    label for="purpose" { (tr.t("procedures-use-purpose")) }
                    select #purpose name="purpose" {
                        @for p in PURPOSES { option value=(purpose_term(p)) { (tr.t(&format!("procedures-purpose-{}", purpose_term(p)))) } }
                    }
                    label for="use_details" { (tr.t("procedures-use-details")) }
                    textarea #use_details name="details" rows="3" {}
                    p.muted { (tr.t("procedures-use-details-note")) }
                    button.primary type="submit" { (tr.t("procedures-use-send")) }
                }
            }
        }
    }
}

fn answer_use_form(c: &Ctx<'_>, u: &UseRequestView) -> Markup {
    let tr = c.tr;
    let rid = u.request_id.to_string();
    html! {
        form.stack.noprint.use-answer-form method="post" action=(c.to(&format!("use-requests/{rid}/answer"))) {
            (csrf(c.v))
            fieldset {
                legend { (tr.t("procedures-use-answer")) }
                @for d in ["agree", "agree_with_conditions", "decline", "discuss"] {
                    label { input type="radio" name="decision" value=(d) required; " " (tr.t(&format!("procedures-decision-{d}"))) }
                }
            }
            label for={"cond-" (rid)} { (tr.t("procedures-conditions")) }
            textarea id={"cond-" (rid)} name="conditions" rows="2" {}
            label for={"note-" (rid)} { (tr.t("procedures-note")) }
            textarea id={"note-" (rid)} name="note" rows="2" {}
            button.primary type="submit" { (tr.t("procedures-use-answer-send")) }
        }
    }
}

/// The warning and the acknowledgement a text sealed to the Secretariat
/// needs: it is the Secretariat that opens and reads it (issue 11).
fn secretariat_reads(tr: Tr, id: &str) -> Markup {
    html! {
        p.notice.secretariat-warning { (tr.t("procedures-secretariat-reads-warning")) }
        label for=(id) { input id=(id) type="checkbox" name="secretariat_reads" value="yes"; " " (tr.t("procedures-secretariat-reads")) }
    }
}

/// ToR-15: challenges naming this case, and the forms to open, answer and
/// close one.
fn challenges_section(c: &Ctx<'_>, l: &Lists) -> Markup {
    let tr = c.tr;
    html! {
        section #challenges {
            h2 { (tr.t("procedures-challenges")) }
            @if l.challenges.is_empty() { p.muted { (tr.t("procedures-challenges-none")) } }
            @for x in &l.challenges { (challenge_view(c, x)) }
            @if c.acts() {
                h3 { (tr.t("procedures-challenge-open")) }
                form.stack.noprint.challenge-form method="post" action=(c.to("challenges")) {
                    (csrf(c.v))
                    label for="challenge_to" { (tr.t("procedures-challenge-to")) }
                    select #challenge_to name="to" required {
                        @for st in &l.members { option value=(st.to_string()) { (st.to_string()) } }
                        @if !c.me.is_secretariat() { option value=(Party::SECRETARIAT) { (tr.t("procedures-secretariat")) } }
                    }
                    label for="concern" { (tr.t("procedures-challenge-concern")) }
                    textarea #concern name="concern" rows="4" required {}
                    (secretariat_reads(tr, "challenge_sr"))
                    button.primary type="submit" { (tr.t("procedures-challenge-send")) }
                }
            }
        }
    }
}

fn challenge_view(c: &Ctx<'_>, x: &ChallengeView) -> Markup {
    let tr = c.tr;
    let xid = x.challenge_id.to_string();
    let challenged_here = x.challenger != c.me;
    let counterpart = if challenged_here { x.challenger } else { x.challenged };
    html! {
        article.challenge data-state=(challenge_state_term(&x.state)) {
            h3 { (tr.ta("procedures-challenge-between", &[("from", Arg::S(&party(tr, x.challenger))), ("to", Arg::S(&party(tr, x.challenged)))])) }
            p { span.badge { (tr.t(&format!("procedures-challenge-state-{}", challenge_state_term(&x.state)))) } " · " (tr.moment(x.at)) }
            p { (tr.t("procedures-challenge-concern")) ": " bdi { (x.concern) } }
            @if let Some(a) = &x.answer {
                p { (tr.t("procedures-challenge-explanation")) ": " bdi { (a.explanation) } }
                @if !a.remedial_measures.is_empty() { p { (tr.t("procedures-challenge-remedial")) ": " bdi { (a.remedial_measures) } } }
            }
            @if let Some(n) = &x.closing_note { p { (tr.t("procedures-challenge-closing-note")) ": " bdi { (n) } } }
            @if c.acts() && x.state != ChallengeState::Closed {
                @if challenged_here {
                    form.stack.noprint.challenge-answer method="post" action=(c.to(&format!("challenges/{xid}/answer"))) {
                        (csrf(c.v))
                        label for={"ex-" (xid)} { (tr.t("procedures-challenge-explanation")) }
                        textarea id={"ex-" (xid)} name="explanation" rows="3" required {}
                        label for={"rm-" (xid)} { (tr.t("procedures-challenge-remedial")) }
                        textarea id={"rm-" (xid)} name="remedial_measures" rows="2" {}
                        @if counterpart.is_secretariat() { (secretariat_reads(tr, &format!("sra-{xid}"))) }
                        button type="submit" { (tr.t("procedures-challenge-answer")) }
                    }
                } @else {
                    form.stack.noprint.challenge-close method="post" action=(c.to(&format!("challenges/{xid}/close"))) {
                        (csrf(c.v))
                        label for={"cn-" (xid)} { (tr.t("procedures-challenge-closing-note")) }
                        textarea id={"cn-" (xid)} name="note" rows="2" {}
                        @if counterpart.is_secretariat() { (secretariat_reads(tr, &format!("src-{xid}"))) }
                        button type="submit" { (tr.t("procedures-challenge-close")) }
                    }
                }
            }
        }
    }
}

/// ToR-21: follow-up threads; the provider starts one with the States it
/// chooses among those holding the case, and participants follow up.
fn threads_section(c: &Ctx<'_>, l: &Lists) -> Markup {
    let tr = c.tr;
    let my_state = c.me.state();
    html! {
        section #threads {
            h2 { (tr.t("procedures-threads")) }
            @if l.threads.is_empty() { p.muted { (tr.t("procedures-threads-none")) } }
            @for t in &l.threads {
                @let tid = t.thread_id.to_string();
                article.thread {
                    h3 { bdi { (t.subject) } }
                    p.muted { (tr.t("procedures-thread-participants")) ": " (t.participants.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")) }
                    @for post in &t.posts {
                        div.post {
                            p.muted { (party(tr, post.from)) " · " (tr.moment(post.at)) }
                            p lang=(post.language) { bdi { (post.body) } }
                        }
                    }
                    @if c.acts() && my_state.is_some_and(|s| t.participants.contains(&s)) {
                        form.stack.noprint.thread-follow-up method="post" action=(c.to("threads")) {
                            (csrf(c.v))
                            input type="hidden" name="thread" value=(tid);
                            label for={"tp-" (tid)} { (tr.t("procedures-thread-follow-up")) }
                            textarea id={"tp-" (tid)} name="body" rows="3" required {}
                            button type="submit" { (tr.t("procedures-send")) }
                        }
                    }
                }
            }
            @if c.own && c.acts() && !l.holders.is_empty() {
                h3 { (tr.t("procedures-thread-start")) }
                form.stack.noprint.thread-start method="post" action=(c.to("threads")) {
                    (csrf(c.v))
                    fieldset {
                        legend { (tr.t("procedures-thread-with")) }
                        div.row { @for h in &l.holders { label { input type="checkbox" name="with" value=(h.state.to_string()); " " (h.state.to_string()) } } }
                    }
                    label for="subject" { (tr.t("procedures-thread-subject")) }
                    input #subject type="text" name="subject" required;
                    label for="thread_body" { (tr.t("procedures-thread-body")) }
                    textarea #thread_body name="body" rows="4" required {}
                    button.primary type="submit" { (tr.t("procedures-thread-send")) }
                }
            }
        }
    }
}

/// Who holds which version (an own case), or which version this node
/// holds and from whom (a received one).
fn versions_section(c: &Ctx<'_>, l: &Lists) -> Markup {
    let tr = c.tr;
    let Some(e) = &c.entry else { return html! {} };
    html! {
        section #versions {
            h2 { (tr.t("procedures-versions")) }
            p { (tr.ta("procedures-current-version", &[("n", Arg::N(e.record.version.into())), ("date", Arg::S(&tr.moment(e.record.updated_at)))])) }
            @if let Origin::Received { from, .. } = &e.origin {
                p { (tr.ta("procedures-held-from", &[("from", Arg::S(&party(tr, *from))), ("date", Arg::S(&tr.moment(e.stored_at)))])) }
            }
            @if c.own {
                h3 { (tr.t("procedures-holders")) }
                @if l.holders.is_empty() { p.muted { (tr.t("procedures-holders-none")) } } @else {
                    table.holders {
                        thead { tr { th { (tr.t("procedures-state")) } th { (tr.t("procedures-version")) } th { (tr.t("procedures-sent-at")) } } }
                        tbody { @for h in &l.holders { tr { td { (h.state.to_string()) } td { (h.held.version) } td { (tr.moment(h.held.at)) } } } }
                    }
                }
                @if !l.distribution.is_empty() {
                    h3 { (tr.t("procedures-distribution")) }
                    table.distribution {
                        thead { tr {
                            th { (tr.t("procedures-state")) } th { (tr.t("procedures-version")) } th { (tr.t("procedures-sent-as")) }
                            th { (tr.t("procedures-sent-at")) } th { (tr.t("procedures-receipted-at")) }
                        } }
                        tbody { @for d in &l.distribution { tr {
                            td { (d.state.to_string()) }
                            td { @if let Some(v) = d.version { (v) } }
                            td { (tr.t(&format!("procedures-kind-{}", d.kind.as_str()))) }
                            td { (tr.moment(d.sent_at)) }
                            td { @match d.receipted_at { Some(at) => (tr.moment(at)), None => span.muted { (tr.t("procedures-not-receipted")) } } }
                        } } }
                    }
                }
            }
        }
    }
}

/// The withdrawal of an own case, with its reason.
fn withdraw_section(c: &Ctx<'_>) -> Markup {
    let tr = c.tr;
    if !(c.own && c.live() && c.v.may(Action::EditCases)) {
        return html! {};
    }
    html! {
        section #withdraw {
            h2 { (tr.t("procedures-withdraw")) }
            form.stack.noprint.withdraw method="post" action=(c.to("withdraw")) {
                (csrf(c.v))
                p.muted { (tr.t("procedures-withdraw-note")) }
                label for="reason" { (tr.t("procedures-withdraw-reason")) }
                textarea #reason name="reason" rows="3" required {}
                button.primary type="submit" { (tr.t("procedures-withdraw-send")) }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct MeetingQuery {
    #[serde(default)]
    meeting: String,
}

/// `GET /cases/{id}/presentation?meeting=YYYY-MM-DD`: the presentation
/// package of an own case for one meeting, alone on the page for printing.
pub(crate) async fn presentation(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<MeetingQuery>,
) -> PageResult {
    let tr = v.tr;
    let id = case_id(tr, &id)?;
    let meeting: Date = q.meeting.trim().parse().map_err(|_| WebError::invalid(tr, "procedures-error-date"))?;
    let entry = s.node.case(&id).map_err(|e| WebError::node(tr, e))?;
    let p = s.node.presentation(&id, meeting).map_err(|e| WebError::node(tr, e))?;
    let content = &entry.record.content;
    let body = html! {
        p.marking { (content.marking.handling.label()) @if !content.marking.confidentiality.is_empty() { " · " bdi { (content.marking.confidentiality) } } }
        dl.record {
            dt { (tr.t("procedures-case")) } dd { (id.to_string()) " · " bdi { (content.title) } }
            dt { (tr.t("procedures-version")) } dd { (entry.record.version) }
            dt { (tr.t("procedures-meeting-date")) } dd { (tr.date(p.meeting_date)) }
        }
        (package(tr, &p))
        p.noprint { a href={"/cases/" (id.to_string()) "/procedures"} { (tr.t("procedures-back")) } }
    };
    let title = tr.ta("procedures-package-title", &[("id", Arg::S(&id.to_string()))]);
    Ok(Html(frame(tr, None, &title, body).into_string()).into_response())
}

fn back(id: &CaseId, anchor: &str) -> PageResult {
    Ok(Redirect::to(&format!("/cases/{id}/procedures#{anchor}")).into_response())
}

fn states(tr: Tr, codes: Vec<&str>) -> Result<Vec<StateCode>, WebError> {
    codes
        .into_iter()
        .map(|c| c.parse::<StateCode>().map_err(|_| WebError::invalid(tr, "procedures-error-state")))
        .collect()
}

/// ToR-12: the provider notifies the involved States ticked.
pub(crate) async fn notify(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Procedures, "notify involved States")?;
    let id = case_id(tr, &id)?;
    let to = states(tr, f.all("to"))?;
    if to.is_empty() {
        return Err(WebError::invalid(tr, "procedures-error-nobody"));
    }
    let meeting: Date = f.get("meeting_date").parse().map_err(|_| WebError::invalid(tr, "procedures-error-date"))?;
    let meeting_ref = Some(f.get("meeting_ref").to_string()).filter(|r| !r.is_empty());
    s.node
        .notify_involved(&id, &to, meeting, meeting_ref, f.get("summary").to_string(), tr.lang.to_string())
        .await
        .map_err(|e| WebError::node(tr, e))?;
    back(&id, "notices")
}

pub(crate) async fn notice_reply(
    State(s): State<AppState>,
    Path((id, notice)): Path<(String, String)>,
    p: Posted,
) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Procedures, "reply to notices")?;
    let (id, notice) = (case_id(tr, &id)?, message_id(tr, &notice)?);
    let body = p.fields.get("body").to_string();
    s.node.reply_to_notice(&id, &notice, body, tr.lang.to_string()).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "notices")
}

pub(crate) async fn right_of_reply(
    State(s): State<AppState>,
    Path((id, notice)): Path<(String, String)>,
    p: Posted,
) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Procedures, "use the right of reply")?;
    let (id, notice) = (case_id(tr, &id)?, message_id(tr, &notice)?);
    let body = p.fields.get("body").to_string();
    s.node.right_of_reply(&id, &notice, body, tr.lang.to_string()).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "notices")
}

/// ToR-16: a holder of a received case asks its provider for agreement.
pub(crate) async fn request_use(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Procedures, "request operational use")?;
    let id = case_id(tr, &id)?;
    let purpose = PURPOSES
        .into_iter()
        .find(|x| purpose_term(*x) == f.get("purpose"))
        .ok_or_else(|| WebError::invalid(tr, "procedures-error-purpose"))?;
    s.node.request_use(&id, purpose, f.get("details").to_string()).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "use")
}

/// ToR-16: the provider's answer to a use request.
pub(crate) async fn answer_use(
    State(s): State<AppState>,
    Path((id, request)): Path<(String, String)>,
    p: Posted,
) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Procedures, "answer use requests")?;
    let (id, request) = (case_id(tr, &id)?, message_id(tr, &request)?);
    let decision = match f.get("decision") {
        "agree" => UseDecision::Agree,
        "agree_with_conditions" => UseDecision::AgreeWithConditions { conditions: f.get("conditions").to_string() },
        "decline" => UseDecision::Decline,
        "discuss" => UseDecision::Discuss,
        _ => return Err(WebError::invalid(tr, "procedures-error-decision")),
    };
    s.node.answer_use(&id, &request, decision, f.get("note").to_string()).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "use")
}

/// Refuses free text for the Secretariat unless the user ticked that the
/// Secretariat will read it, as the API does (issue 11).
fn confirm_secretariat_reads(p: &Posted, to: Party) -> Result<(), WebError> {
    if to.is_secretariat() && p.fields.get("secretariat_reads").is_empty() {
        return Err(WebError::invalid(p.viewer.tr, "procedures-error-secretariat-reads"));
    }
    Ok(())
}

/// ToR-15: opens a challenge naming this case.
pub(crate) async fn challenge(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Procedures, "challenge a disclosure")?;
    let id = case_id(tr, &id)?;
    let to: Party = p.fields.get("to").parse().map_err(|_| WebError::invalid(tr, "procedures-error-state"))?;
    confirm_secretariat_reads(&p, to)?;
    let concern = p.fields.get("concern").to_string();
    s.node.challenge(to, Some(id), concern).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "challenges")
}

pub(crate) async fn challenge_answer(
    State(s): State<AppState>,
    Path((id, challenge)): Path<(String, String)>,
    p: Posted,
) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Procedures, "answer a challenge")?;
    let (id, challenge) = (case_id(tr, &id)?, message_id(tr, &challenge)?);
    confirm_secretariat_reads(&p, s.node.challenge_counterpart(&challenge).map_err(|e| WebError::node(tr, e))?)?;
    s.node
        .answer_challenge(&challenge, f.get("explanation").to_string(), f.get("remedial_measures").to_string())
        .await
        .map_err(|e| WebError::node(tr, e))?;
    back(&id, "challenges")
}

pub(crate) async fn challenge_close(
    State(s): State<AppState>,
    Path((id, challenge)): Path<(String, String)>,
    p: Posted,
) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::Procedures, "close a challenge")?;
    let (id, challenge) = (case_id(tr, &id)?, message_id(tr, &challenge)?);
    confirm_secretariat_reads(&p, s.node.challenge_counterpart(&challenge).map_err(|e| WebError::node(tr, e))?)?;
    s.node.close_challenge(&challenge, p.fields.get("note").to_string()).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "challenges")
}

/// ToR-21: starts a thread (no `thread` field) or follows one up.
pub(crate) async fn thread_post(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let (tr, f) = (p.viewer.tr, &p.fields);
    p.viewer.require(Action::Procedures, "post in follow-up threads")?;
    let id = case_id(tr, &id)?;
    let thread = match f.get("thread") {
        "" => None,
        t => Some(message_id(tr, t)?),
    };
    let with = states(tr, f.all("with"))?;
    if thread.is_none() && with.is_empty() {
        return Err(WebError::invalid(tr, "procedures-error-nobody"));
    }
    s.node
        .thread_post(&id, thread, &with, f.get("subject").to_string(), f.get("body").to_string(), tr.lang.to_string())
        .await
        .map_err(|e| WebError::node(tr, e))?;
    back(&id, "threads")
}

/// Withdraws an own case: every State holding it is told, with the reason.
pub(crate) async fn withdraw(State(s): State<AppState>, Path(id): Path<String>, p: Posted) -> PageResult {
    let tr = p.viewer.tr;
    p.viewer.require(Action::EditCases, "withdraw cases")?;
    let id = case_id(tr, &id)?;
    s.node.withdraw(&id, p.fields.get("reason").to_string()).await.map_err(|e| WebError::node(tr, e))?;
    back(&id, "versions")
}
