//! The case record: what a national agency knows about one diversion case
//! (ToR-18), with the seven ToR-19 categories as structured, searchable data
//! rather than prose, the markings that travel with it (ToR-13, ToR-15,
//! ToR-16), its validation, and a fast local search over held cases.
//!
//! - [`CaseRecord`]: id, version and timestamps around the [`CaseContent`]
//!   the provider edits.
//! - [`Marking`]: confidentiality label, handling code, operational-use rule
//!   and the "not for sharing" marking.
//! - [`SearchDoc`], [`CaseQuery`], [`PreparedQuery`]: search, pure and
//!   allocation-free per document.
//! - [`stream`]: streamed attachments, the files that travel in sealed
//!   chunks beside the record that carries their digest and key.
//!
//! Pure like the rest of the crate: nothing here reads a clock. Checks that
//! need "today" take it as an argument ([`CaseRecord::validate_at`]).
//!
//! Every optional or repeatable field has a serde default, so the minimal
//! JSON case is `{"title": "…", "status": "suspected", "investigation":
//! "ongoing"}`. Empty fields are left out when serializing, which keeps both
//! the wire form and the JSON short.
//!
//! The files follow those parts: `record` (the fields), `vocabulary`
//! (controlled terms and ATT categories), `markings`, `validation` (every
//! rule and [`CaseError`]) and `search`; the size limits below are shared by
//! all of them. Everything is re-exported here: the files are not part of
//! the API.

mod markings;
mod record;
mod search;
pub mod stream;
mod validation;
mod vocabulary;

pub use markings::{HandlingCode, Marking, NotForSharing, NotForSharingReason, OperationalUse};
pub use record::{
    Actor, Attachment, CaseContent, CaseRecord, CaseStatus, Detection, Diversion, IllicitActivity, Investigation, Item,
    Place, SerialNumber, SupplySource, TransferLeg,
};
pub use search::{CaseQuery, PreparedQuery, SearchDoc};
pub use stream::{check_streamed, ContentKey, StreamedAttachment};
pub use validation::{deserialize_named, CaseError};
pub use vocabulary::{ActorRole, ArmsCategory, ChainRole, Concealment, DiversionStage, SupplyKind};

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------
//
// The whole case travels sealed in one payload (MAX_PAYLOAD_BYTES, just under
// 16 MiB). The budget below keeps the worst case well inside it: 12 MiB of
// attachments + 2 MiB of text in total + the structure of at most a few
// thousand entries (well under 1 MiB). A test encodes a case at every limit.

/// Longest title.
pub const MAX_TITLE_BYTES: usize = 512;
/// Longest summary.
pub const MAX_SUMMARY_BYTES: usize = 1024 * 1024;
/// Longest descriptive field (means and methods, notes, descriptions).
pub const MAX_NOTE_BYTES: usize = 64 * 1024;
/// Longest name (entities, places, agencies, makes, models, labels).
pub const MAX_NAME_BYTES: usize = 512;
/// Longest code-like field (calibre, serial number, lot, references, markings).
pub const MAX_CODE_BYTES: usize = 128;
/// Longest BCP 47 language tag (RFC 5646 §4.4.1 recommends 35 characters).
pub const MAX_LANGUAGE_TAG_BYTES: usize = 35;
/// All text of a case together.
pub const MAX_TEXT_TOTAL_BYTES: usize = 2 * 1024 * 1024;
/// All attachment bytes of a case together.
pub const MAX_ATTACHMENTS_TOTAL_BYTES: usize = 12 * 1024 * 1024;
/// Attachments per case.
pub const MAX_ATTACHMENTS: usize = 32;
/// Items per case.
pub const MAX_ITEMS: usize = 1_000;
/// Serial numbers per case, over all items.
pub const MAX_SERIALS_TOTAL: usize = 10_000;
/// Other markings per item.
pub const MAX_MARKINGS_PER_ITEM: usize = 32;
/// Legs of the transfer chain.
pub const MAX_LEGS: usize = 200;
/// Actors per case.
pub const MAX_ACTORS: usize = 500;
/// Places per list (route, transit points, destinations).
pub const MAX_PLACES: usize = 200;
/// Entries per other ToR-19 list (activities, brokers, sources, concealment).
pub const MAX_ENTRIES: usize = 200;
/// Languages of the free text.
pub const MAX_LANGUAGES: usize = 16;
/// Oldest plausible year of manufacture (some diverted rifles are antiques).
pub const MIN_YEAR_OF_MANUFACTURE: u16 = 1800;
/// Longest attachment file name.
pub const MAX_FILE_NAME_BYTES: usize = 255;
