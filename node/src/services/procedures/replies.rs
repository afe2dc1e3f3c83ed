//! Replies about a case, as they arrive. A reply is taken only about a
//! case this node holds, and about its own case only from a State it
//! shared that case with: otherwise any member could attach text to any
//! case id (issue 11 item 8).

use dief_protocol::payload::Reply;

use crate::core::handle::Core;
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::Batch;
use crate::services::exchange;
use crate::services::records;

pub(super) fn receive_reply(core: &Core, arrival: &Arrival<'_>, r: &Reply, batch: &mut Batch) -> Result<(), Refusal> {
    let Some(sender) = arrival.sender.state() else {
        return refuse("replies about cases come from States");
    };
    exchange::check_held(core, &r.case_id)?;
    if r.case_id.provider().party() == core.party() {
        exchange::check_shared_with(core, &r.case_id, sender)?;
    }
    exchange::keep(batch, records::exchange_key(&r.case_id, &arrival.message_id), arrival)
}
