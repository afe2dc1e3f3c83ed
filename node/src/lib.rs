//! The dief node as a library: the daemon that `dief run` starts, that the
//! demo embeds four times, and that the tests drive.
//!
//! Three layers, each importing only the ones below it:
//!
//! - [`core`]: the delivery core that knows nothing of the Forum: store,
//!   keystore, network, inbox and outbox, audit log, clock, configuration,
//!   and the [`core::service::Service`] interface.
//! - [`services`]: what gives the envelopes meaning: cases and search,
//!   the State-to-State procedures, the meeting cycle, the contact
//!   directory. Each registers for its payload kinds.
//! - [`api`]: the local HTTP API on loopback, one file per service;
//!   [`web`]: the web interface in the six UN languages, on the same
//!   listener, with the node's accounts and roles;
//!   [`federation`]: an embedded federation for the demo and the tests.
//!
//! The modules re-exported below keep the crate's public paths
//! (`dief_node::store`, `dief_node::cases`, ...) independent of the folders.

pub mod api;
pub mod core;
pub mod federation;
pub mod services;
pub mod web;

pub use crate::core::{alerts, audit, clock, config, error, i18n, keyfile, keystore, metrics, network, node, store};
pub use crate::services::{cases, contacts, formats, meetings, procedures, search};

pub use crate::core::clock::Clock;
pub use crate::core::error::{NodeError, NodeResult};
pub use crate::core::node::{InitOptions, Node};
pub use crate::core::store::Unlock;

/// The outbox's retry limits, for the tests that hold a delivery to them.
pub mod outbox {
    pub use crate::core::outbox::{LONG_REFUSAL_ATTEMPTS, MAX_FAILURES};
}

/// Every stored record type, the core's and the services', under one path.
pub mod records {
    pub use crate::core::records::*;
    pub use crate::services::records::*;
}
