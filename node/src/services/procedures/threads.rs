//! ToR-21: follow-up threads about a case between its provider and the
//! States it chooses; only participants post, and only the provider starts.

use dief_protocol::procedure::ThreadPost;
use dief_protocol::reason::Reason;
use dief_protocol::{CaseId, MessageId, Party, Payload, StateCode};
use serde::{Deserialize, Serialize};
use tracing::{info_span, Instrument};

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::Core;
use crate::core::node::Node;
use crate::core::service::later;
use crate::core::service::{refuse, Arrival, Refusal};
use crate::core::store::Batch;
use crate::services::exchange::{self, keep, state_of};
use crate::services::records::{self, ExchangeEntry};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadMessage {
    pub message_id: MessageId,
    pub from: Party,
    pub at: i64,
    pub body: String,
    pub language: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThreadView {
    pub thread_id: MessageId,
    pub case_id: CaseId,
    pub subject: String,
    pub participants: Vec<StateCode>,
    pub posts: Vec<ThreadMessage>,
}

impl Node {
    /// ToR-21: posts in a follow-up thread. Without `thread`, the provider
    /// of the case starts one with the States in `with`.
    pub async fn thread_post(
        &self,
        id: &CaseId,
        thread: Option<MessageId>,
        with: &[StateCode],
        subject: String,
        body: String,
        language: String,
    ) -> NodeResult<MessageId> {
        let me = state_of(self.core().party(), "refusal-procedures-threads-states-only")?;
        let participants = match thread {
            None => {
                if id.provider() != me {
                    return Err(NodeError::Refused(
                        Reason::new("refusal-procedures-thread-provider-only")
                            .text("provider", id.provider())
                            .text("case", id),
                    ));
                }
                self.case(id)?;
                let mut p = vec![me];
                p.extend(with.iter().copied().filter(|s| *s != me));
                p
            }
            Some(t) => {
                let root = exchange::exchange(self.core(), &records::exchange_key(id, &t))?
                    .ok_or_else(|| NodeError::NotFound { what: "thread about this case", id: t.to_string() })?;
                match root.payload {
                    Payload::ThreadPost(p) if p.thread.is_none() => p.participants,
                    _ => {
                        return Err(NodeError::Refused(
                            Reason::new("refusal-procedures-not-a-thread").text("message", t),
                        ))
                    }
                }
            }
        };
        let to: Vec<Party> = participants.iter().filter(|s| **s != me).map(|s| s.party()).collect();
        let payload = Payload::ThreadPost(ThreadPost { case_id: *id, thread, participants, subject, body, language });
        let case = *id;
        exchange::send_exchange(self.core(), to, thread.into_iter().collect(), payload, move |m| {
            records::exchange_key(&case, m)
        })
        .instrument(info_span!("thread_post", case = %id))
        .await
    }

    /// The follow-up threads about a case.
    pub fn threads(&self, id: &CaseId) -> NodeResult<Vec<ThreadView>> {
        let entries = exchange::exchanges_under(self.core(), &records::exchange_prefix(id))?;
        let mut out: Vec<ThreadView> = Vec::new();
        for e in &entries {
            let Payload::ThreadPost(p) = &e.payload else { continue };
            if p.thread.is_none() {
                out.push(ThreadView {
                    thread_id: e.message_id,
                    case_id: *id,
                    subject: p.subject.clone(),
                    participants: p.participants.clone(),
                    posts: Vec::new(),
                });
            }
        }
        for e in &entries {
            let Payload::ThreadPost(p) = &e.payload else { continue };
            let tid = p.thread.unwrap_or(e.message_id);
            if let Some(t) = out.iter_mut().find(|t| t.thread_id == tid) {
                t.posts.push(ThreadMessage {
                    message_id: e.message_id,
                    from: e.from,
                    at: e.at,
                    body: p.body.clone(),
                    language: p.language.clone(),
                });
            }
        }
        Ok(out)
    }
}

/// A post: a first post from the provider naming this node; a follow-up
/// from a participant of a thread this node knows.
pub(super) fn receive_post(
    core: &Core,
    arrival: &Arrival<'_>,
    p: &ThreadPost,
    batch: &mut Batch,
) -> Result<(), Refusal> {
    let (sender, me) = (arrival.sender, core.party());
    let Some(my_state) = me.state() else { return refuse("threads are between States") };
    match p.thread {
        None => {
            if p.case_id.provider().party() != sender {
                return refuse(format!(
                    "only {}, the provider of case {}, starts threads about it",
                    p.case_id.provider(),
                    p.case_id
                ));
            }
            if !p.participants.contains(&my_state) {
                return refuse(format!("{me} is not a participant of this thread"));
            }
        }
        Some(t) => {
            let root =
                exchange::exchange(core, &records::exchange_key(&p.case_id, &t)).map_err(Refusal::store_failed)?;
            let Some(ExchangeEntry { payload: Payload::ThreadPost(rp), .. }) = root else {
                // The thread's first post may still be on its way.
                return later(format!("thread {t} is not known here yet"));
            };
            let from_participant = sender.state().is_some_and(|s| rp.participants.contains(&s));
            if !from_participant {
                return refuse(format!("{sender} is not a participant of thread {t}"));
            }
            // A follow-up names the provider's first post, and carries its
            // participants: otherwise one participant could widen the
            // thread by naming its own follow-up as the root.
            if rp.thread.is_some() {
                return refuse(format!("message {t} is a follow-up, not the start of a thread"));
            }
            if p.participants != rp.participants {
                return refuse(format!("the post's participants are not those of thread {t}"));
            }
        }
    }
    keep(batch, records::exchange_key(&p.case_id, &arrival.message_id), arrival)
}
