//! dief-protocol: everything two dief nodes must agree on, and nothing else.
//!
//! Pure: no IO, no async runtime, no clock (callers pass the time in). It
//! can be property-tested and fuzzed without a runtime.
//!
//! - [`ids`]: State codes (ISO 3166-1 alpha-3), parties, case, message and key ids.
//! - [`keys`]: Ed25519 identity keys, X25519 encryption keys, signatures.
//! - [`roster`]: the Secretariat-signed membership roster and join requests.
//! - [`envelope`]: sealing to many recipients, verifying, opening, receipts.
//! - [`case`]: the case record (ToR-18, ToR-19), its markings and its search.
//! - [`payload`]: what an envelope carries.
//! - [`procedure`]: notices, use requests, challenges, threads, withdrawal.
//! - [`sealed`]: free text sealed to the member States, never the Secretariat.
//! - [`date`], [`rules`]: calendar days and the ToR deadline rules.
//! - [`codec`]: CBOR with hard size limits.
//! - [`reason`]: refusals as a message key and arguments, worded by each front end.

pub mod armor;
mod bytes;
pub mod case;
pub mod codec;
pub mod date;
pub mod envelope;
pub mod frame;
mod hybrid;
pub mod ids;
pub mod keys;
pub mod meeting;
pub mod payload;
pub mod procedure;
pub mod reason;
pub mod roster;
pub mod rules;
pub mod sealed;

pub use case::{CaseContent, CaseQuery, Marking, SearchDoc};
pub use date::Date;
pub use envelope::{
    Draft, Envelope, EnvelopeError, Header, Opened, Receipt, Response, Sender, SignedReceipt, Verified,
};
pub use ids::{CaseId, KeyId, MessageId, Party, StateCode};
pub use keys::{EncryptionKeypair, IdentityKeypair, SigningPublicKey};
pub use payload::{CaseRecord, Kind, Payload};
pub use roster::{Member, MemberStatus, NodeKeys, Roster, SignedJoinRequest, SignedRoster};
