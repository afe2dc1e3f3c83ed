//! How the meeting cycle sends: every step is an envelope, and the sender
//! keeps its copy under `g/<id>` in the batch that queues it. Also the
//! role checks every step starts with.

use dief_protocol::{Date, MessageId, Party, Payload, StateCode};
use tracing::{info, info_span, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::store::Cf;
use crate::services::exchange;
use crate::services::meetings::calendar::{today_of, Calendar};
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

/// [`send_calendar`], also writing `also` (a key and value in `exchanges`)
/// in the same batch.
pub(crate) async fn send_calendar_with(
    core: &Core,
    to: Vec<Party>,
    payload: Payload,
    what: String,
    also: Option<(Vec<u8>, Vec<u8>)>,
) -> NodeResult<Step> {
    send_calendar_inner(core, None, to, payload, what, also).await
}

async fn send_calendar_inner(
    core: &Core,
    id: Option<MessageId>,
    to: Vec<Party>,
    payload: Payload,
    what: String,
    also: Option<(Vec<u8>, Vec<u8>)>,
) -> NodeResult<Step> {
    if to.is_empty() {
        return Err(NodeError::Invalid(format!("no member to send it to: {what}")));
    }
    let kind = payload.kind();
    let case_id = payload.case_id();
    let me = core.party();
    let now = core.now_ms();
    let (recipients, kept) = (to.clone(), payload.clone());
    let opener = core.clone();
    let to_shown = to.clone();
    let id = match id {
        Some(id) => id,
        None => core.next_message_id(now)?,
    };
    let message_id = core
        .enqueue_with_id(id, to, Vec::new(), payload, case_id, move |id, batch| {
            // What this node sealed to the members it can read for good.
            super::calendar::keep_opened_texts(&opener, batch, id, &kept);
            let entry = ExchangeEntry {
                message_id: id,
                direction: Direction::Sent,
                from: me,
                to: recipients,
                at: now,
                payload: kept,
            };
            batch.put(Cf::Exchanges, &records::calendar_key(&id), &records::encode("meeting message", &entry)?);
            if let Some((key, value)) = also {
                batch.put(Cf::Exchanges, &key, &value);
            }
            Ok(())
        })
        .instrument(info_span!("meeting_step", %kind))
        .await?;
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
    MessageId::generate(u64::try_from(now).unwrap_or(0)).map_err(|e| NodeError::Invalid(e.to_string()))
}
