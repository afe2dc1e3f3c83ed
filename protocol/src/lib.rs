//! dief-protocol: everything two dief nodes must agree on, and nothing else.
//!
//! Pure: no IO, no async runtime, no clock (callers pass the time in). It
//! can be property-tested and fuzzed without a runtime.
//!
//! - [`ids`]: State codes (ISO 3166-1 alpha-3), parties, case, message and key ids.
//! - [`keys`]: Ed25519 identity keys, X25519 encryption keys, signatures.
//! - [`roster`]: the Secretariat-signed membership roster and join requests.
//! - [`envelope`]: sealing to many recipients, verifying, opening, receipts.
//! - [`payload`]: what an envelope carries.
//! - [`codec`]: CBOR with hard size limits.

pub mod armor;
mod bytes;
pub mod codec;
pub mod envelope;
pub mod ids;
pub mod keys;
pub mod payload;
pub mod roster;

pub use envelope::{
    Draft, Envelope, EnvelopeError, Header, Opened, Receipt, Response, Sender, SignedReceipt, Verified,
};
pub use ids::{CaseId, KeyId, MessageId, Party, StateCode};
pub use keys::{EncryptionKeypair, IdentityKeypair, SigningPublicKey};
pub use payload::{CaseRecord, Kind, Payload};
pub use roster::{Member, MemberStatus, NodeKeys, Roster, SignedJoinRequest, SignedRoster};
