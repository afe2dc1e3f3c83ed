//! The State-to-State procedures, both sides of each:
//!
//! - involved-State notices, replies and right of reply (ToR-12), with the
//!   presentation package that attaches the replies automatically;
//! - requests for operational use and the provider's answer (ToR-16), and
//!   the export a receiving node refuses until use was agreed;
//! - bilateral disclosure challenges (ToR-15);
//! - follow-up threads between the provider and States it chooses (ToR-21);
//! - applying what arrives: shares, updates and withdrawals of cases, and
//!   every procedure message, checked against this node's own records (an
//!   answer from a State that was never asked is refused).
//!
//! Every message is its own envelope sealed to the States concerned only.
//! The sender keeps its own copy of each payload (it cannot open its own
//! envelope) in the `exchanges` column family, in the same batch as the
//! outbox entry; the receiver keeps what it accepted there too, so both
//! sides hold the request and the answer (ToR-16).

use std::any::Any;

use dief_protocol::payload::Reply;
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, Kind, MessageId, Payload, StateCode};
use tracing::{info_span, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::service::{Applied, Arrival, Refusal, Service};
use crate::core::store::Batch;
use crate::services::exchange::{self, state_of};
use crate::services::records::{self, ExchangeEntry, Origin};

mod challenges;
mod notices;
mod replies;
mod threads;
mod use_requests;

pub use challenges::{ChallengeState, ChallengeView};
pub use notices::{AttachedReply, NoticeStatus, NoticesSent, PresentationPackage, ReceivedNotice};
pub use threads::{ThreadMessage, ThreadView};
pub use use_requests::{OperationalExport, UseAnswerView, UseRequestView, UseState};

/// The State-to-State procedures as a service of the node.
#[derive(Debug)]
pub struct Procedures;

impl Service for Procedures {
    fn name(&self) -> &'static str {
        "procedures"
    }

    fn takes(&self, kind: Kind) -> bool {
        matches!(
            kind,
            Kind::Reply
                | Kind::InvolvedNotice
                | Kind::NoticeReply
                | Kind::RightOfReply
                | Kind::UseRequest
                | Kind::UseAnswer
                | Kind::Challenge
                | Kind::ChallengeAnswer
                | Kind::ChallengeClose
                | Kind::ThreadPost
        )
    }

    /// Checks each message against this node's own records (an answer
    /// from a State that was never asked is refused) and keeps it.
    fn apply(&self, core: &Core, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal> {
        let p = arrival.payload;
        match p {
            Payload::Reply(r) => replies::receive_reply(core, arrival, r, batch)?,
            Payload::InvolvedNotice(n) => notices::receive_notice(arrival, n, batch)?,
            Payload::UseRequest(r) => use_requests::receive_request(core, arrival, r, batch)?,
            Payload::UseAnswer(a) => use_requests::receive_answer(core, arrival, a, batch)?,
            Payload::Challenge(_) => challenges::receive_challenge(arrival, batch)?,
            Payload::ThreadPost(t) => threads::receive_post(core, arrival, t, batch)?,
            _ => {
                if let Some((case_id, notice)) = notices::answered(p) {
                    notices::receive_answer(core, arrival, case_id, notice, batch)?
                } else if let Some(challenge) = challenges::followed_up(p) {
                    challenges::receive_follow_up(core, arrival, challenge, batch)?
                } else {
                    return Err(Refusal::permanent(format!("{} is not a procedure message", p.kind())));
                }
            }
        }
        Ok(Applied::default())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Node {
    /// Replies about a case. A received case's reply goes to its provider
    /// unless `to` says otherwise.
    pub async fn reply(
        &self,
        id: &CaseId,
        body: String,
        language: String,
        to: Option<Vec<StateCode>>,
    ) -> NodeResult<MessageId> {
        let state = state_of(self.core().party(), "refusal-procedures-replies-states-only")?;
        let entry = self.case(id)?;
        let (in_reply_to, default_to) = match entry.origin {
            Origin::Received { message_id, .. } => (Some(message_id), vec![id.provider()]),
            Origin::Own => (None, Vec::new()),
        };
        let to = to.unwrap_or(default_to);
        if to.is_empty() {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-reply-no-recipient").text("case", id)));
        }
        if to.contains(&state) {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-reply-to-itself")));
        }
        if matches!(entry.origin, Origin::Own) {
            for s in &to {
                if !exchange::is_shared_with(self.core(), id, *s)? {
                    return Err(NodeError::Refused(
                        Reason::new("refusal-procedures-reply-not-shared").text("case", id).text("state", s),
                    ));
                }
            }
        }
        let payload = Payload::Reply(Reply { case_id: *id, in_reply_to, body, language });
        let recipients = to.iter().map(|s| s.party()).collect();
        let references = in_reply_to.into_iter().collect();
        let case = *id;
        exchange::send_exchange(self.core(), recipients, references, payload, move |m| records::exchange_key(&case, m))
            .instrument(info_span!("reply", case = %id))
            .await
    }

    /// Every procedure message about a case, sent and received, in order.
    pub fn case_exchanges(&self, id: &CaseId) -> NodeResult<Vec<ExchangeEntry>> {
        exchange::exchanges_under(self.core(), &records::exchange_prefix(id))
    }
}
