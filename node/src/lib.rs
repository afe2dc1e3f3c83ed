//! The dief node as a library: the daemon that `dief run` starts, that the
//! demo embeds four times, and that the tests drive.
//!
//! - [`store`]: the encrypted RocksDB store (the only module importing rocksdb).
//! - [`network`]: libp2p (the only module importing libp2p).
//! - [`node`]: the node itself: roster, cases, sharing, delivery tasks.
//! - [`cases`]: create, edit, share, withdraw, search (ToR-13, 18, 19).
//! - [`procedures`]: notices, use requests, challenges, threads (ToR-12, 15, 16, 21).
//! - [`meetings`]: the Secretariat's calendar and the meeting cycle (ToR-3 to 11, 22).
//! - [`search`]: the in-memory index behind case search.
//! - `inbox` / `outbox`: receiving and durable sending of envelopes.
//! - [`api`]: the local HTTP API on loopback ([`api_exchange`], [`api_meetings`]
//!   hold the issue-3 and issue-4 routes).
//! - [`audit`]: the hash-chained audit log (ToR-15).

pub mod api;
pub mod api_exchange;
pub mod api_meetings;
pub mod audit;
pub mod cases;
pub mod clock;
pub mod config;
pub mod contacts;
pub mod error;
pub mod federation;
mod inbox;
pub mod keystore;
pub mod meetings;
pub mod network;
pub mod node;
mod outbox;
pub mod procedures;
pub mod records;
pub mod search;
pub mod store;

pub use clock::Clock;
pub use error::NodeError;
pub use node::{InitOptions, Node};
pub use store::Unlock;

pub type NodeResult<T> = Result<T, NodeError>;
