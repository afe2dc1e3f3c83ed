//! How the meeting cycle sends: every step is an envelope, and the sender
//! keeps its copy under `g/<id>` in the batch that queues it. Also the
//! role checks every step starts with.

use dief_protocol::meeting::Meeting;
use dief_protocol::reason::Reason;
use dief_protocol::{Date, MessageId, Party, Payload, StateCode};
use tracing::{info, info_span, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::store::Cf;
use crate::services::exchange;
use crate::services::meetings::calendar::{today_of, Calendar, Held};
use crate::services::meetings::views::{DeadlineItem, Step};
use crate::services::records::{self, Direction, ExchangeEntry};

/// Today on this node's clock.
pub(crate) fn today(core: &Core) -> Date {
    today_of(core.now_ms())
}

/// Sends a meeting-cycle payload and keeps this node's copy under
/// `g/<id>`, in the batch that queues it.
pub(crate) async fn send_calendar(core: &Core, to: Vec<Party>, payload: Payload, what: String) -> NodeResult<Step> {
    send_calendar_with(core, to, payload, what, None).await
}

/// [`send_calendar`] under `id` (from [`Core::next_message_id`]), for a
/// payload that carries text sealed to the members and bound to its id.
pub(crate) async fn send_calendar_as(
    core: &Core,
    id: MessageId,
    to: Vec<Party>,
    payload: Payload,
    what: String,
) -> NodeResult<Step> {
    send_calendar_inner(core, Some(id), to, payload, what, None).await
}

/// [`send_calendar`], also writing `also` (the Secretariat's schedule of
/// the meeting) in the same batch.
pub(crate) async fn send_calendar_with(
    core: &Core,
    to: Vec<Party>,
    payload: Payload,
    what: String,
    also: Option<Meeting>,
) -> NodeResult<Step> {
    send_calendar_inner(core, None, to, payload, what, also).await
}

async fn send_calendar_inner(
    core: &Core,
    id: Option<MessageId>,
    to: Vec<Party>,
    payload: Payload,
    what: String,
    also: Option<Meeting>,
) -> NodeResult<Step> {
    if to.is_empty() {
        return Err(NodeError::Refused(Reason::new("refusal-meetings-no-recipient").text("what", &what)));
    }
    let kind = payload.kind();
    let case_id = payload.case_id();
    let me = core.party();
    let now = core.now_ms();
    let id = match id {
        Some(id) => id,
        None => core.next_message_id(now)?,
    };
    let entry =
        ExchangeEntry { message_id: id, direction: Direction::Sent, from: me, to: to.clone(), at: now, payload };
    let (core, to_shown) = (core.clone(), to.clone());
    // The task does not inherit the request's user: carry it, so the audit
    // log names who sent the step (issue 12).
    let actor = crate::core::actor::current();
    // Its own task: once the batch is committed the calendar snapshot must
    // take it in, even if the caller (an HTTP request, say) goes away.
    let send = tokio::spawn(crate::core::actor::acting_as_if(
        actor,
        async move {
            let (kept, schedule, opener) = (entry.clone(), also.clone(), core.clone());
            let message_id = core
                .enqueue_with_id(id, to, Vec::new(), entry.payload.clone(), case_id, move |id, batch| {
                    // What this node sealed to the members it can read for good.
                    super::calendar::keep_opened_texts(&opener, batch, id, &kept.payload);
                    batch.put(Cf::Exchanges, &records::calendar_key(&id), &records::encode("meeting message", &kept)?);
                    if let Some(m) = &schedule {
                        batch.put(Cf::Exchanges, &records::schedule_key(&m.id), &records::encode("meeting", m)?);
                    }
                    Ok(())
                })
                .await?;
            Held::kept(&core, Some(entry), also);
            Ok::<_, NodeError>(message_id)
        }
        .instrument(info_span!("meeting_step", %kind)),
    ));
    let message_id = send.await.map_err(|e| NodeError::Internal(format!("the sending task failed: {e}")))??;
    info!(message = %message_id, %kind, "{what} sent");
    Ok(Step { message_id, recipients: to_shown, late: false, what })
}

/// The calendar, with the texts sealed to this member opened, for what a
/// State shows and checks; the Secretariat's stays sealed (it opens none).
pub(crate) fn calendar(core: &Core) -> NodeResult<Calendar> {
    let mut cal = Calendar::load(core)?;
    cal.open_sealed(core);
    Ok(cal)
}

pub(crate) fn deadlines(core: &Core) -> NodeResult<Vec<DeadlineItem>> {
    let cal = calendar(core)?;
    let exchanges = exchange::exchanges_with_prefix(core, b"m/")?;
    Ok(cal.deadlines(&exchanges))
}

pub(crate) fn require_state(core: &Core, what: &'static str) -> NodeResult<StateCode> {
    core.party().state().ok_or(NodeError::StateOnly(what))
}

pub(crate) fn require_secretariat(core: &Core, what: &'static str) -> NodeResult<()> {
    if core.party().is_secretariat() {
        Ok(())
    } else {
        Err(NodeError::SecretariatOnly(what))
    }
}

pub(crate) fn not_found(what: &'static str, id: impl ToString) -> NodeError {
    NodeError::NotFound { what, id: id.to_string() }
}

pub(crate) fn new_id(now: i64) -> NodeResult<MessageId> {
    MessageId::generate(u64::try_from(now).unwrap_or(0))
        .map_err(|e| NodeError::Internal(format!("no new message id: {e}")))
}
