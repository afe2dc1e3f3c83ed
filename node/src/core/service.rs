//! The one interface between the delivery core and the Forum's services.
//!
//! The core verifies, deduplicates, stores and receipts envelopes; it does
//! not know what a case, a notice or a meeting is. Each service (cases,
//! procedures, meetings, contacts) implements [`Service`] and is registered
//! for the payload kinds it owns. The inbox hands an arriving, opened
//! payload to the one service registered for its kind, which checks it
//! against that node's records and adds what it changes to the inbox's
//! batch; the core commits the batch with its audit entry and only then
//! receipts (DESIGN invariant 4). A service never sees the inbox, the
//! outbox or the network: it sends through the narrow [`Core`] handle.
//!
//! A kind no service registered for is refused as "not handled by this
//! node's version", never dropped silently.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use dief_protocol::{Kind, MessageId, Party, Payload, StateCode};
use tokio::sync::watch;

use crate::core::error::{NodeError, NodeResult};
use crate::core::handle::{Core, Queued};
use crate::core::store::Batch;

/// A boxed future a service hands to the core to run.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why an arriving message was not taken, and whether the sender should
/// try again (the message it depends on may still be on its way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Sent to the sender and logged.
    pub reason: String,
    pub retryable: bool,
    /// This node's own failure behind the refusal (a store error): logged
    /// here, never sent.
    pub local: Option<String>,
}

impl Refusal {
    /// The message can never be taken: the sender sets it aside.
    pub fn permanent(reason: impl Into<String>) -> Refusal {
        Refusal { reason: reason.into(), retryable: false, local: None }
    }

    /// Not yet: the sender retries (what it depends on may be on its way).
    pub fn later(reason: impl Into<String>) -> Refusal {
        Refusal { reason: reason.into(), retryable: true, local: None }
    }

    /// The receiving node's store failed: retryable, and the detail stays in
    /// this node's log (written once, by the inbox) rather than going to the
    /// sender.
    pub fn store_failed(e: impl fmt::Display) -> Refusal {
        Refusal {
            reason: "the receiving node could not read its store".into(),
            retryable: true,
            local: Some(e.to_string()),
        }
    }
}

/// `Err(Refusal::permanent(..))`, for the `return refuse(..)` of an apply.
pub fn refuse<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::permanent(reason))
}

/// `Err(Refusal::later(..))`.
pub fn later<T>(reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::later(reason))
}

/// An arriving payload that passed the envelope checks (signature under
/// the sender's roster key, addressed to this node, not stale, opened).
#[derive(Debug, Clone, Copy)]
pub struct Arrival<'a> {
    pub sender: Party,
    pub message_id: MessageId,
    pub recipients: &'a [Party],
    pub payload: &'a Payload,
    /// This node's clock when the envelope arrived.
    pub now: i64,
}

/// What the inbox must do besides committing the batch.
#[derive(Default)]
pub struct Applied {
    /// An envelope this node queued in the same batch (the Secretariat
    /// relaying a contact card or circulating an expert proposal): its
    /// audit entry goes in the batch, and its recipients' workers are woken
    /// once the batch is durable.
    pub relay: Option<Queued>,
    /// Runs once the batch is durable (e.g. indexing a received case); never
    /// when the commit fails.
    pub after_commit: Option<Box<dyn FnOnce() + Send>>,
}

impl fmt::Debug for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applied")
            .field("relay", &self.relay)
            .field("after_commit", &self.after_commit.is_some())
            .finish()
    }
}

impl Applied {
    pub fn relay(relay: Option<Queued>) -> Applied {
        Applied { relay, after_commit: None }
    }
}

/// A value a service reports for monitoring: a fixed name and help text
/// (never anything a peer sent), and its value now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gauge {
    /// A Prometheus metric name, `dief_` first.
    pub name: &'static str,
    pub help: &'static str,
    pub value: u64,
}

/// One of the Forum's services, as the core sees it.
pub trait Service: Send + Sync + 'static {
    /// For logs and the registry's errors.
    fn name(&self) -> &'static str;

    /// Whether this service takes payloads of `kind`; each kind has one
    /// service at most.
    fn takes(&self, kind: Kind) -> bool;

    /// Checks an arriving payload of a kind it [takes](Service::takes) against this
    /// node's records and adds what it changes to `batch`. Nothing is
    /// written if it returns a refusal.
    fn apply(&self, core: &Core, arrival: &Arrival<'_>, batch: &mut Batch) -> Result<Applied, Refusal>;

    /// Secretariat: what a newly admitted State must be sent to catch up
    /// (the directory, the current calendar). All services' payloads go to
    /// the State in one batch.
    fn catch_up(&self, _core: &Core, _state: StateCode) -> NodeResult<Vec<Payload>> {
        Ok(Vec::new())
    }

    /// A task this service runs for as long as the node does; it must end
    /// when `shutdown` changes.
    fn background(&self, _core: Core, _shutdown: watch::Receiver<bool>) -> Option<BoxFuture<'static, ()>> {
        None
    }

    /// What needs an operator now (a missed deadline), one line each, for
    /// `dief status`; empty when all is well.
    fn attention(&self, _core: &Core) -> Vec<String> {
        Vec::new()
    }

    /// Gauges this service adds to the node's metrics, read at scrape time.
    fn gauges(&self, _core: &Core) -> Vec<Gauge> {
        Vec::new()
    }

    /// Lets [`Services::get`] hand a node method its own service's state.
    fn as_any(&self) -> &dyn Any;
}

/// The services of one node, and which takes which kind.
#[derive(Default, Clone)]
pub struct Services {
    list: Vec<Arc<dyn Service>>,
    by_kind: HashMap<Kind, usize>,
}

impl fmt::Debug for Services {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.list.iter().map(|s| s.name())).finish()
    }
}

impl Services {
    /// Adds a service; two services claiming one kind is a programming
    /// error reported at start, not a silent override.
    pub fn register(&mut self, service: Arc<dyn Service>) -> NodeResult<()> {
        let index = self.list.len();
        let kinds: Vec<Kind> = Kind::ALL.into_iter().filter(|k| service.takes(*k)).collect();
        // Check every kind before recording any, so a refused service leaves
        // the registry as it was.
        for kind in &kinds {
            if matches!(kind, Kind::RosterUpdate | Kind::ResendRequest) {
                return Err(NodeError::Internal(format!(
                    "{} cannot take {kind} messages: the core does",
                    service.name()
                )));
            }
            if let Some(other) = self.for_kind(*kind) {
                return Err(NodeError::Internal(format!(
                    "{kind} is claimed by both {} and {}",
                    other.name(),
                    service.name()
                )));
            }
        }
        for kind in kinds {
            self.by_kind.insert(kind, index);
        }
        self.list.push(service);
        Ok(())
    }

    /// The service that takes `kind`, if any.
    pub fn for_kind(&self, kind: Kind) -> Option<&Arc<dyn Service>> {
        self.by_kind.get(&kind).and_then(|i| self.list.get(*i))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Service>> {
        self.list.iter()
    }

    /// The registered service of type `T`.
    pub fn get<T: Service>(&self) -> Option<&T> {
        self.list.iter().find_map(|s| s.as_any().downcast_ref::<T>())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A service taking the kinds it is given.
    struct Taking(&'static str, &'static [Kind]);

    impl Service for Taking {
        fn name(&self) -> &'static str {
            self.0
        }
        fn takes(&self, kind: Kind) -> bool {
            self.1.contains(&kind)
        }
        fn apply(&self, _: &Core, _: &Arrival<'_>, _: &mut Batch) -> Result<Applied, Refusal> {
            Ok(Applied::default())
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    #[test]
    fn each_kind_has_one_service_and_roster_updates_stay_the_cores() {
        let mut services = Services::default();
        services.register(Arc::new(Taking("cases", &[Kind::CaseShare, Kind::CaseUpdate]))).unwrap();
        assert_eq!(services.for_kind(Kind::CaseShare).map(|s| s.name()), Some("cases"));
        assert!(services.for_kind(Kind::Reply).is_none(), "an unclaimed kind has no service");

        let err = services.register(Arc::new(Taking("rival", &[Kind::Reply, Kind::CaseUpdate]))).unwrap_err();
        assert!(err.to_string().contains("claimed by both cases and rival"), "{err}");
        // The refused service claimed nothing, not even its first free kind.
        assert!(services.for_kind(Kind::Reply).is_none());
        assert_eq!(services.iter().count(), 1);
        services.register(Arc::new(Taking("replies", &[Kind::Reply]))).unwrap();
        assert_eq!(services.for_kind(Kind::Reply).map(|s| s.name()), Some("replies"));

        let err = services.register(Arc::new(Taking("roster", &[Kind::RosterUpdate]))).unwrap_err();
        assert!(err.to_string().contains("cannot take roster_update messages"), "{err}");
        assert!(services.get::<Taking>().is_some_and(|t| t.0 == "cases"));
    }
}
