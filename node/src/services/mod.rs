//! The Forum's services: what gives the core's envelopes their meaning.
//! Each service owns its payload kinds, keeps its records in the store
//! through the core's handle, and offers its operations as methods of
//! [`Node`]:
//!
//! - [`cases`]: the provider's case record (create, edit, share, withdraw)
//!   and the search index over held cases (ToR-13, 18, 19);
//! - [`procedures`]: involved-State notices, replies, operational-use
//!   requests, disclosure challenges, follow-up threads (ToR-12, 15, 16, 21);
//! - [`meetings`]: the Secretariat's calendar and the meeting cycle
//!   (ToR-3 to 11, 15, 22);
//! - [`contacts`]: the contact directory (ToR-20);
//! - [`formats`]: a case exported as STIX 2.1 or MISP for the agencies' own
//!   tools, under the ToR-16 rule, and a MISP event imported as a new case.
//!   Not a registered service: it takes no envelope.
//!
//! Services may use each other's views (the procedures read the cases a
//! node holds); the core never uses a service. Adding a procedure means a
//! new service file and one line in [`forum`].

use std::path::Path;
use std::sync::Arc;

use crate::core::clock::Clock;
use crate::core::error::NodeResult;
use crate::core::node::Node;
use crate::core::service::Services;
use crate::core::store::{Store, Unlock};

pub mod cases;
pub mod contacts;
mod exchange;
pub mod formats;
pub mod meetings;
pub mod procedures;
pub mod records;
pub mod search;

/// The Forum's services, built over an opened store.
pub fn forum(store: &Store) -> NodeResult<Services> {
    let mut services = Services::default();
    services.register(Arc::new(cases::Cases::load(store)?))?;
    services.register(Arc::new(procedures::Procedures))?;
    services.register(Arc::new(contacts::Contacts))?;
    services.register(Arc::new(meetings::Meetings))?;
    Ok(services)
}

impl Node {
    /// Opens the node in `dir` and starts it with the Forum's services.
    pub async fn start(dir: &Path, unlock: &Unlock, clock: Clock) -> NodeResult<Node> {
        Node::start_with(dir, unlock, clock, forum).await
    }
}
