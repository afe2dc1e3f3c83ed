//! A State receiving cases: a share or update from the case's provider is
//! kept if it is newer than the version held; a withdrawal marks the case
//! (or, if it overtook the share it withdraws, waits for it).

use dief_protocol::procedure::CaseWithdrawal;
use dief_protocol::{CaseRecord, StateCode};
use tracing::debug;

use crate::core::attachments;
use crate::core::handle::Core;
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::{Batch, Cf};
use crate::services::exchange::{held_case, keep};
use crate::services::records::{self, CaseEntry, Origin, Withdrawn};

/// A share or an update. Returns the entry written, to be indexed.
pub(super) fn share(
    core: &Core,
    arrival: &Arrival<'_>,
    case: &CaseRecord,
    provider: StateCode,
    batch: &mut Batch,
) -> Result<Option<CaseEntry>, Refusal> {
    let sender = arrival.sender;
    // Only the provider of a case may share or update it.
    if provider.party() != sender {
        return refuse(format!("{sender} is not the provider of case {}", case.id));
    }
    let held = held_case(core, &case.id).map_err(Refusal::store_failed)?;
    let newer = held.as_ref().is_none_or(|h| h.record.version < case.version);
    if !newer {
        debug!(case = %case.id, version = case.version, "older or same version ignored");
        return Ok(None);
    }
    // A withdrawal may overtake the share it withdraws.
    let withdrawn = match held.and_then(|h| h.withdrawn) {
        Some(w) => Some(w),
        None => match core.store().get(Cf::Exchanges, &records::withdrawn_key(&case.id)) {
            Ok(Some(v)) => records::decode::<Withdrawn>("withdrawal", &v).ok(),
            Ok(None) => None,
            Err(e) => return Err(Refusal::store_failed(e)),
        },
    }
    .filter(|w| w.version >= case.version);
    let e = CaseEntry {
        record: case.clone(),
        origin: Origin::Received { from: sender, message_id: arrival.message_id },
        stored_at: arrival.now,
        withdrawn,
    };
    match records::encode("case", &e) {
        Ok(v) => batch.put(Cf::Cases, case.id.to_string().as_bytes(), &v),
        Err(err) => return refuse(err.to_string()),
    }
    if let Err(why) = dief_protocol::case::check_streamed(&case.content.streamed_attachments) {
        return refuse(why.to_string());
    }
    for file in &case.content.streamed_attachments {
        attachments::want(core.store(), batch, file, sender, Some(case.id), arrival.now)
            .map_err(Refusal::store_failed)?;
    }
    Ok(Some(e))
}

/// A withdrawal from the case's provider. Returns the entry written, if
/// the case is held, to be indexed.
pub(super) fn withdrawal(
    core: &Core,
    arrival: &Arrival<'_>,
    w: &CaseWithdrawal,
    batch: &mut Batch,
) -> Result<Option<CaseEntry>, Refusal> {
    let sender = arrival.sender;
    if w.case_id.provider().party() != sender {
        return refuse(format!("{sender} is not the provider of case {}; it cannot withdraw it", w.case_id));
    }
    let marker = Withdrawn { at: arrival.now, version: w.version, reason: w.reason.clone() };
    let applied = match held_case(core, &w.case_id).map_err(Refusal::store_failed)? {
        Some(mut held) => {
            held.withdrawn = Some(marker);
            match records::encode("case", &held) {
                Ok(v) => batch.put(Cf::Cases, w.case_id.to_string().as_bytes(), &v),
                Err(err) => return refuse(err.to_string()),
            }
            Some(held)
        }
        None => {
            match records::encode("withdrawal", &marker) {
                Ok(v) => batch.put(Cf::Exchanges, &records::withdrawn_key(&w.case_id), &v),
                Err(err) => return refuse(err.to_string()),
            }
            None
        }
    };
    keep(batch, records::exchange_key(&w.case_id, &arrival.message_id), arrival)?;
    Ok(applied)
}
