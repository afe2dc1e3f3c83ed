//! The delivery core: everything a node does that knows nothing of the
//! Forum. It keeps an encrypted store, holds the node's keys and the signed
//! roster, talks libp2p to the members, delivers envelopes exactly once
//! (durable outbox, deduplicating inbox, signed receipts) and appends every
//! step to the audit log.
//!
//! What a payload means is the services' business (`crate::services`): an
//! arriving payload reaches the one service registered for its kind through
//! [`service::Service`], and a service sends through the narrow
//! [`handle::Core`]. **The core imports no service**: no file under
//! `core/` names `crate::services`, `crate::api` or `crate::federation`
//! (checked by `node/tests/architecture.rs`).
//!
//! - [`store`]: the encrypted RocksDB store (the only module importing rocksdb).
//! - [`network`]: libp2p (the only module importing libp2p).
//! - [`keystore`]: the node's private keys, inside the store.
//! - [`node`]: [`node::Node`]: init, start, shutdown, status, membership,
//!   delivery views; owns the tasks.
//! - `inbox`, `outbox`: receiving and durable sending of envelopes;
//!   `resend`: re-queueing for a member restored from a backup.
//! - [`audit`]: the hash-chained audit log (ToR-15).
//! - [`records`]: the core's stored records and their keys.
//! - [`users`]: the node's accounts, roles and what each role may do;
//!   [`actor`]: whose request a task serves, for the audit log.
//! - [`i18n`]: the Fluent catalogs in the six UN languages; the words of
//!   every page, and of every refusal (`error::NodeError::reason`).
//! - [`attachments`]: streamed attachments: sealed chunks in the store,
//!   fetched from their provider, served to the members granted them.
//! - [`clock`], [`config`], [`error`].

pub mod actor;
pub mod alerts;
pub mod attachments;
pub mod audit;
mod backoff;
pub mod clock;
pub mod config;
pub mod error;
mod extensions;
pub mod handle;
pub mod i18n;
mod inbox;
pub mod keyfile;
pub mod keystore;
pub mod metrics;
pub mod network;
pub mod node;
// Its retry limits are public (`dief_node::outbox`); the rest is the core's.
pub(crate) mod outbox;
pub mod records;
mod resend;
mod roster;
pub mod service;
mod state;
pub mod store;
pub mod users;
mod wakers;
