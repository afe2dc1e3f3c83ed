//! ToR-15: a participant challenges another, bilaterally, about a
//! suspected unauthorised disclosure; the challenged answers with an
//! explanation and remedial measures; the challenger closes it.

use dief_protocol::procedure::{Challenge, ChallengeAnswer, ChallengeClose};
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, MessageId, Party, Payload};
use serde::{Deserialize, Serialize};
use tracing::{info_span, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::Batch;
use crate::services::exchange::{self, keep};
use crate::services::records::{self, Direction, ExchangeEntry};

/// State of a disclosure challenge (ToR-15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeState {
    Open,
    Answered,
    Closed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeView {
    pub challenge_id: MessageId,
    pub challenger: Party,
    pub challenged: Party,
    pub case_id: Option<CaseId>,
    pub concern: String,
    pub at: i64,
    pub answer: Option<ChallengeAnswer>,
    pub answered_at: Option<i64>,
    pub closing_note: Option<String>,
    pub closed_at: Option<i64>,
    pub state: ChallengeState,
}

impl Node {
    /// ToR-15: challenges another participant, bilaterally, about a
    /// suspected unauthorised disclosure.
    pub async fn challenge(&self, to: Party, case_id: Option<CaseId>, concern: String) -> NodeResult<MessageId> {
        if to == self.core().party() {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-challenge-itself")));
        }
        let payload = Payload::Challenge(Challenge { case_id, concern });
        exchange::send_exchange(self.core(), vec![to], Vec::new(), payload, |m| records::challenge_key(m, m))
            .instrument(info_span!("challenge", %to))
            .await
    }

    fn challenge_root(&self, id: &MessageId) -> NodeResult<ExchangeEntry> {
        exchange::exchange(self.core(), &records::challenge_key(id, id))?
            .ok_or_else(|| NodeError::NotFound { what: "challenge", id: id.to_string() })
    }

    /// ToR-15: the challenged participant explains and states its remedial
    /// measures.
    pub async fn answer_challenge(
        &self,
        id: &MessageId,
        explanation: String,
        remedial_measures: String,
    ) -> NodeResult<MessageId> {
        let root = self.challenge_root(id)?;
        if root.direction != Direction::Received {
            return Err(NodeError::Refused(
                Reason::new("refusal-procedures-challenge-own-answer").text("challenge", id),
            ));
        }
        let payload = Payload::ChallengeAnswer(ChallengeAnswer { challenge: *id, explanation, remedial_measures });
        let root_id = *id;
        exchange::send_exchange(self.core(), vec![root.from], vec![*id], payload, move |m| {
            records::challenge_key(&root_id, m)
        })
        .instrument(info_span!("challenge_answer", challenge = %id))
        .await
    }

    /// The challenger closes its challenge.
    pub async fn close_challenge(&self, id: &MessageId, note: String) -> NodeResult<MessageId> {
        let root = self.challenge_root(id)?;
        if root.direction != Direction::Sent {
            return Err(NodeError::Refused(Reason::new("refusal-procedures-challenge-close").text("challenge", id)));
        }
        let payload = Payload::ChallengeClose(ChallengeClose { challenge: *id, note });
        let root_id = *id;
        exchange::send_exchange(self.core(), root.to.clone(), vec![*id], payload, move |m| {
            records::challenge_key(&root_id, m)
        })
        .instrument(info_span!("challenge_close", challenge = %id))
        .await
    }

    /// The other party of challenge `id`, as this node holds it: who reads
    /// what this node sends about it (its answer, or its closing note).
    /// The API asks the user to confirm when that is the Secretariat.
    pub fn challenge_counterpart(&self, id: &MessageId) -> NodeResult<Party> {
        let root = self.challenge_root(id)?;
        match root.direction {
            Direction::Received => Ok(root.from),
            Direction::Sent => root
                .to
                .first()
                .copied()
                .ok_or_else(|| NodeError::Internal(format!("challenge {id} names no participant"))),
        }
    }

    /// Every challenge this node made or received, with its state.
    pub fn challenges(&self) -> NodeResult<Vec<ChallengeView>> {
        let entries = exchange::exchanges_under(self.core(), b"x/")?;
        let mut out = Vec::new();
        for e in &entries {
            let Payload::Challenge(c) = &e.payload else { continue };
            let mut v = ChallengeView {
                challenge_id: e.message_id,
                challenger: e.from,
                challenged: e.to.first().copied().unwrap_or(e.from),
                case_id: c.case_id,
                concern: c.concern.clone(),
                at: e.at,
                answer: None,
                answered_at: None,
                closing_note: None,
                closed_at: None,
                state: ChallengeState::Open,
            };
            for f in &entries {
                match &f.payload {
                    Payload::ChallengeAnswer(a) if a.challenge == e.message_id => {
                        v.answer = Some(a.clone());
                        v.answered_at = Some(f.at);
                    }
                    Payload::ChallengeClose(c) if c.challenge == e.message_id => {
                        v.closing_note = Some(c.note.clone());
                        v.closed_at = Some(f.at);
                    }
                    _ => {}
                }
            }
            v.state = if v.closed_at.is_some() {
                ChallengeState::Closed
            } else if v.answered_at.is_some() {
                ChallengeState::Answered
            } else {
                ChallengeState::Open
            };
            out.push(v);
        }
        Ok(out)
    }
}

/// A new challenge is kept under its own id as the root.
pub(super) fn receive_challenge(arrival: &Arrival<'_>, batch: &mut Batch) -> Result<(), Refusal> {
    keep(batch, records::challenge_key(&arrival.message_id, &arrival.message_id), arrival)
}

/// The answer comes from the challenged party; the closing from the
/// challenger.
pub(super) fn receive_follow_up(
    core: &Core,
    arrival: &Arrival<'_>,
    challenge: &MessageId,
    batch: &mut Batch,
) -> Result<(), Refusal> {
    let (sender, me) = (arrival.sender, core.party());
    let root =
        exchange::exchange(core, &records::challenge_key(challenge, challenge)).map_err(Refusal::store_failed)?;
    let ok = match (arrival.payload, &root) {
        (Payload::ChallengeAnswer(_), Some(r)) => r.direction == Direction::Sent && r.to.contains(&sender),
        (Payload::ChallengeClose(_), Some(r)) => r.direction == Direction::Received && r.from == sender,
        _ => false,
    };
    if !ok {
        return refuse(format!("challenge {challenge} is not between {sender} and {me}"));
    }
    keep(batch, records::challenge_key(challenge, &arrival.message_id), arrival)
}

/// The challenge an answer or closing names.
pub(super) fn followed_up(p: &Payload) -> Option<&MessageId> {
    match p {
        Payload::ChallengeAnswer(ChallengeAnswer { challenge, .. })
        | Payload::ChallengeClose(ChallengeClose { challenge, .. }) => Some(challenge),
        _ => None,
    }
}
