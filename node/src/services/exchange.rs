//! What the services share of their records: the [`ExchangeEntry`] each side
//! keeps of every procedure message it sent or accepted, read back and
//! written the same way by cases, procedures and meetings.

use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, Date, MessageId, Party, Payload, StateCode};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::records::ReceiptEntry;
use crate::core::service::{later, refuse, Arrival, Refusal};
use crate::core::store::{Batch, Cf, StoreError};
use crate::services::records::{self, CaseEntry, Direction, ExchangeEntry};

/// Every exchange kept under `prefix`, oldest first.
pub(crate) fn exchanges_under(core: &Core, prefix: &[u8]) -> NodeResult<Vec<ExchangeEntry>> {
    let mut out = exchanges_with_prefix(core, prefix)?;
    out.sort_by_key(|e| (e.at, e.message_id));
    Ok(out)
}

/// Every exchange kept under `prefix`, in key order.
pub(crate) fn exchanges_with_prefix(core: &Core, prefix: &[u8]) -> NodeResult<Vec<ExchangeEntry>> {
    core.store()
        .scan_prefix(Cf::Exchanges, prefix)?
        .into_iter()
        .map(|(_, v)| records::decode("exchange", &v).map_err(NodeError::from))
        .collect()
}

pub(crate) fn exchange(core: &Core, key: &[u8]) -> NodeResult<Option<ExchangeEntry>> {
    match core.store().get(Cf::Exchanges, key)? {
        Some(v) => Ok(Some(records::decode("exchange", &v)?)),
        None => Ok(None),
    }
}

/// When `party` receipted our message `message_id`, if it did.
pub(crate) fn receipted_at(core: &Core, message_id: &MessageId, party: Party) -> NodeResult<Option<i64>> {
    match core.store().get(Cf::Receipts, &crate::core::records::receipt_key(message_id, party))? {
        Some(v) => Ok(Some(records::decode::<ReceiptEntry>("receipt", &v)?.received_at)),
        None => Ok(None),
    }
}

/// A case this node holds, own or received.
pub(crate) fn held_case(core: &Core, id: &CaseId) -> NodeResult<Option<CaseEntry>> {
    match core.store().get(Cf::Cases, id.to_string().as_bytes())? {
        Some(v) => Ok(Some(records::decode("case", &v)?)),
        None => Ok(None),
    }
}

/// Sends `payload` to `to` and keeps this node's copy under `key(id)`, in
/// the batch that queues it.
pub(crate) async fn send_exchange(
    core: &Core,
    to: Vec<Party>,
    references: Vec<MessageId>,
    payload: Payload,
    key: impl FnOnce(&MessageId) -> Vec<u8> + Send,
) -> NodeResult<MessageId> {
    payload.validate()?;
    if to.is_empty() {
        return Err(NodeError::Refused(Reason::new("refusal-exchange-no-recipient")));
    }
    if to.contains(&core.party()) {
        return Err(NodeError::Refused(Reason::new("refusal-exchange-to-itself").text("party", core.party())));
    }
    let now = core.now_ms();
    let (from, copy, recorded) = (core.party(), payload.clone(), to.clone());
    let case_id = payload.case_id();
    core.enqueue_with(to, references, payload, case_id, move |message_id, batch| {
        let e = ExchangeEntry { message_id, direction: Direction::Sent, from, to: recorded, at: now, payload: copy };
        batch.put(Cf::Exchanges, &key(&message_id), &records::encode("exchange", &e)?);
        Ok(())
    })
    .await
}

/// The receiver's copy of an arriving message.
pub(crate) fn received(arrival: &Arrival<'_>) -> ExchangeEntry {
    ExchangeEntry {
        message_id: arrival.message_id,
        direction: Direction::Received,
        from: arrival.sender,
        to: arrival.recipients.to_vec(),
        at: arrival.now,
        payload: arrival.payload.clone(),
    }
}

/// Keeps the receiver's copy of `arrival` under `key` in `batch`.
pub(crate) fn keep(batch: &mut Batch, key: Vec<u8>, arrival: &Arrival<'_>) -> Result<(), Refusal> {
    match records::encode("exchange", &received(arrival)) {
        Ok(v) => {
            batch.put(Cf::Exchanges, &key, &v);
            Ok(())
        }
        Err(e) => refuse(e.to_string()),
    }
}

/// Today on this node's clock.
pub(crate) fn today(core: &Core) -> Date {
    Date::from_unix_ms(core.now_ms())
}

/// The State a procedure between States needs this party to be, or the
/// refusal `states_only` (one key per procedure).
pub(crate) fn state_of(party: Party, states_only: &'static str) -> NodeResult<StateCode> {
    party.state().ok_or_else(|| NodeError::Refused(Reason::new(states_only)))
}

/// Whether this node shared its own case `case` with `state`.
pub(crate) fn is_shared_with(core: &Core, case: &CaseId, state: StateCode) -> Result<bool, StoreError> {
    let held = core.store().get(Cf::Exchanges, &records::held_key(case, state))?;
    Ok(held.is_some_and(|v| records::decode::<records::HeldBy>("holder", &v).is_ok()))
}

/// Refuses, unless `state` is one this node shared its own case `case` with.
pub(crate) fn check_shared_with(core: &Core, case: &CaseId, state: StateCode) -> Result<(), Refusal> {
    match is_shared_with(core, case, state) {
        Ok(true) => Ok(()),
        Ok(false) => refuse(format!("case {case} was never shared with {state}")),
        Err(e) => Err(Refusal::store_failed(e)),
    }
}

/// Refuses a message about `case` unless this node holds the case. Not
/// yet is not never: the share may be on its way from the provider.
pub(crate) fn check_held(core: &Core, case: &CaseId) -> Result<(), Refusal> {
    match held_case(core, case) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => later(format!("{} does not hold case {case} (yet)", core.party())),
        Err(e) => Err(Refusal::store_failed(e)),
    }
}
