//! Replies about a case, as they arrive. A reply is taken only about a
//! case this node holds: about its own case only from a State it shared
//! that case with, and about a case it received only from the provider or
//! from a State that case was sent to alongside it (the recipients of the
//! share or update this node holds it from). Otherwise any member could
//! attach text to any case id (issue 11 item 8).

use dief_protocol::payload::Reply;
use dief_protocol::{CaseId, StateCode};

use crate::core::handle::Core;
use crate::core::records::{self as core_records, InboxEntry};
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::{Batch, Cf};
use crate::services::exchange;
use crate::services::records::{self, CaseEntry, Origin};

pub(super) fn receive_reply(core: &Core, arrival: &Arrival<'_>, r: &Reply, batch: &mut Batch) -> Result<(), Refusal> {
    let Some(sender) = arrival.sender.state() else {
        return refuse("replies about cases come from States");
    };
    exchange::check_held(core, &r.case_id)?;
    let provider = r.case_id.provider();
    if provider.party() == core.party() {
        exchange::check_shared_with(core, &r.case_id, sender)?;
    } else if sender != provider {
        check_sent_alongside(core, &r.case_id, sender)?;
    }
    exchange::keep(batch, records::exchange_key(&r.case_id, &arrival.message_id), arrival)
}

/// A holder that is not the provider knows who else holds the case only
/// from the envelope it received it in: a reply is taken from a State among
/// that envelope's recipients, and from no other.
fn check_sent_alongside(core: &Core, case: &CaseId, sender: StateCode) -> Result<(), Refusal> {
    let me = core.party();
    let held = exchange::held_case(core, case).map_err(Refusal::store_failed)?;
    let recipients = match held {
        Some(CaseEntry { origin: Origin::Received { message_id, .. }, .. }) => {
            match core.store().get(Cf::Inbox, message_id.as_bytes()).map_err(Refusal::store_failed)? {
                Some(v) => {
                    core_records::decode::<InboxEntry>("inbox entry", &v).map_err(Refusal::store_failed)?.recipients
                }
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    if recipients.contains(&sender.party()) {
        Ok(())
    } else {
        refuse(format!(
            "{sender} was not sent case {case} alongside {me}: a reply about it is taken from its provider {} \
             or a State it was sent to with {me}",
            case.provider()
        ))
    }
}
