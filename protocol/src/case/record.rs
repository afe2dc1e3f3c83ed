//! The shape of a case as it is held and shared (ToR-18, ToR-19): the
//! structured fields the provider edits, and how attachments are encoded on
//! the wire and in JSON. What those fields may hold is for `validation.rs`
//! to say; this file only says what exists.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::stream::StreamedAttachment;
use super::{ActorRole, ArmsCategory, ChainRole, Concealment, DiversionStage, Marking, SupplyKind};
use crate::date::Date;
use crate::ids::{CaseId, StateCode};

/// Suspected or detected (ToR-18).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Suspected,
    Detected,
}

/// Whether the investigation is still running: the ToR invite both closed
/// and ongoing cases (ToR-18).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Investigation {
    Ongoing,
    Closed,
}

/// A case as held and shared: the provider's content and its versioning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// The provider State is part of the id.
    pub id: CaseId,
    /// Starts at 1; every edit makes a new version.
    pub version: u32,
    /// Unix milliseconds, set by the provider's node.
    pub created_at: i64,
    pub updated_at: i64,
    pub content: CaseContent,
}

/// Everything the provider edits (ToR-18, ToR-19).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseContent {
    pub title: String,
    /// Free-text account of the case.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    pub status: CaseStatus,
    pub investigation: Investigation,
    /// BCP 47 tags of the languages the free text is written in (ToR-23).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(default)]
    pub marking: Marking,
    /// Details of the diversion (ToR-18).
    #[serde(default, skip_serializing_if = "Diversion::is_empty")]
    pub diversion: Diversion,
    /// Details of its detection (ToR-18).
    #[serde(default, skip_serializing_if = "Detection::is_empty")]
    pub detection: Detection,
    /// ToR-19: illicit transfer activity, including corruption.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub illicit_activities: Vec<IllicitActivity>,
    /// ToR-19: the international trafficking route, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trafficking_route: Vec<Place>,
    /// ToR-19: illicit brokers, by name. When an entry of `actors` has the
    /// same name it holds the details (role, country, marking).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brokers: Vec<String>,
    /// ToR-19: sources of illicit supply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supply_sources: Vec<SupplySource>,
    /// ToR-19: concealment methods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concealment: Vec<Concealment>,
    /// ToR-19: common transit points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_points: Vec<Place>,
    /// ToR-19: destinations used by organised groups engaged in diversion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<Place>,
    /// The arms, ammunition and parts concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    /// The legs of the transfer chain, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfer_chain: Vec<TransferLeg>,
    /// The actors involved, where appropriate (ToR-18).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Actor>,
    /// The States the case concerns, who get the ToR-12 notice before it is
    /// presented at a meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states_involved: Vec<StateCode>,
    /// Photos of markings, documents: sealed with the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Files too large for the record (issue 13): the record carries each
    /// one's digest and content key, the bytes travel in sealed chunks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub streamed_attachments: Vec<StreamedAttachment>,
}

/// A place: a name (port, border crossing, city), a country, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<StateCode>,
}

impl Place {
    pub fn new(name: impl Into<String>, country: Option<StateCode>) -> Self {
        Place { name: name.into(), country }
    }
}

/// The diversion (ToR-18): when, where, at which stage, how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diversion {
    /// The day it happened, or the first day it can have happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// When only a range is known: its last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<DiversionStage>,
    /// Means and methods (ToR-18).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub means_and_methods: String,
}

impl Diversion {
    fn is_empty(&self) -> bool {
        *self == Diversion::default()
    }
}

/// The detection (ToR-18): when, how, by whom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// How it was detected (inspection, tracing request, audit…).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub how: String,
    /// The agency that detected it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agency: String,
}

impl Detection {
    fn is_empty(&self) -> bool {
        *self == Detection::default()
    }
}

/// ToR-19: an illicit transfer activity; corruption is called out by the ToR,
/// so it is a flag that can be searched, not a word in a description.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IllicitActivity {
    pub description: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub corruption: bool,
}

/// ToR-19: a source of illicit supply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplySource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SupplyKind>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<StateCode>,
}

/// A serial number as read; `partial` when only part of it is legible or
/// known (the rest removed, corroded or not recorded).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SerialNumber {
    pub number: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Arms, ammunition or parts concerned by the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub category: ArmsCategory,
    /// E.g. "assault rifle", "7.62 mm cartridges".
    #[serde(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub item_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub make: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub calibre: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serial_numbers: Vec<SerialNumber>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lot: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_of_manufacture: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_manufacture: Option<StateCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub import_marking: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_markings: Vec<String>,
    /// How many; 1 unless said otherwise.
    #[serde(default = "one")]
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "is_false")]
    pub counterfeit: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Item {
    /// One item of `category`, every other field empty.
    pub fn new(category: ArmsCategory) -> Self {
        Item {
            category,
            item_type: String::new(),
            make: String::new(),
            model: String::new(),
            calibre: String::new(),
            serial_numbers: Vec::new(),
            lot: String::new(),
            year_of_manufacture: None,
            country_of_manufacture: None,
            import_marking: String::new(),
            other_markings: Vec::new(),
            quantity: 1,
            counterfeit: false,
            notes: String::new(),
        }
    }
}

/// A leg of the transfer chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferLeg {
    pub role: ChainRole,
    /// The company, agency or person in that role.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<StateCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub export_licence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub end_user_certificate: String,
    /// When the leg started (or its only date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_end: Option<Date>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl TransferLeg {
    /// A leg with only its role.
    pub fn new(role: ChainRole) -> Self {
        TransferLeg {
            role,
            entity: String::new(),
            country: None,
            export_licence: String::new(),
            end_user_certificate: String::new(),
            date: None,
            date_end: None,
            notes: String::new(),
        }
    }
}

/// An actor involved in the case (ToR-18), with its own marking: an actor's
/// identity can be more sensitive than the rest of the case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ActorRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<StateCode>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The provider's confidentiality label for this actor, if stricter than
    /// the case's (ToR-15).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub marking: String,
    /// How recipients must handle this actor's details.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handling_note: String,
}

/// A file that travels inside the sealed record. On the wire the bytes are a
/// CBOR byte string and the hash 32 raw bytes; in JSON they are base64 and
/// lower-case hex.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// A file name (no path).
    pub name: String,
    /// E.g. `image/jpeg`, `application/pdf`.
    pub media_type: String,
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, checked by [`CaseRecord::validate`].
    #[serde(with = "hex_sha256")]
    pub sha256: [u8; 32],
}

impl Attachment {
    /// An attachment with its hash computed.
    pub fn new(name: impl Into<String>, media_type: impl Into<String>, bytes: Vec<u8>) -> Self {
        let sha256 = sha256(&bytes);
        Attachment { name: name.into(), media_type: media_type.into(), bytes, sha256 }
    }
}

impl fmt::Debug for Attachment {
    /// Not the bytes: a photo in a log line helps nobody.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("name", &self.name)
            .field("media_type", &self.media_type)
            .field("len", &self.bytes.len())
            .field("sha256", &hex::encode(self.sha256))
            .finish()
    }
}

pub(super) fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

fn one() -> u32 {
    1
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Bytes: a CBOR byte string on the wire, base64 (standard, padded) in
/// human-readable formats, where an array of numbers would be four times
/// larger and unreadable.
///
/// Deserialization accepts either form whatever the format claims: inside an
/// internally tagged enum such as `Payload`, serde buffers the CBOR and then
/// reports it as human-readable while handing over raw bytes.
mod base64_bytes {
    use std::fmt;

    use base64::Engine as _;
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::Serializer;

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
        } else {
            s.serialize_bytes(bytes)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        if d.is_human_readable() {
            d.deserialize_str(BytesVisitor)
        } else {
            d.deserialize_byte_buf(BytesVisitor)
        }
    }

    struct BytesVisitor;

    impl<'de> Visitor<'de> for BytesVisitor {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("bytes, or base64 text")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
            base64::engine::general_purpose::STANDARD
                .decode(v.as_bytes())
                .map_err(|e| E::custom(format!("not valid base64: {e}")))
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(b) = seq.next_element::<u8>()? {
                out.push(b);
            }
            Ok(out)
        }
    }
}

/// A SHA-256: 32 raw bytes on the wire, 64 hex characters in human-readable
/// formats; either is accepted, as for [`base64_bytes`].
pub(super) mod hex_sha256 {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;

    pub(in crate::case) fn serialize<S: Serializer>(hash: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&hex::encode(hash))
        } else {
            s.serialize_bytes(hash)
        }
    }

    pub(in crate::case) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        if d.is_human_readable() {
            d.deserialize_str(HashVisitor)
        } else {
            d.deserialize_bytes(HashVisitor)
        }
    }

    struct HashVisitor;

    impl Visitor<'_> for HashVisitor {
        type Value = [u8; 32];

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a SHA-256: 32 bytes or 64 hexadecimal characters")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<[u8; 32], E> {
            let mut out = [0u8; 32];
            hex::decode_to_slice(v.as_bytes(), &mut out)
                .map_err(|_| E::custom("a SHA-256 is 64 hexadecimal characters"))?;
            Ok(out)
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<[u8; 32], E> {
            <[u8; 32]>::try_from(v).map_err(|_| E::custom(format!("a SHA-256 is 32 bytes, got {}", v.len())))
        }
    }
}

impl CaseContent {
    /// A case with only what is required; everything else empty, the markings
    /// at their defaults (ToR-16 consult-provider, shareable).
    pub fn new(title: impl Into<String>, status: CaseStatus, investigation: Investigation) -> Self {
        CaseContent {
            title: title.into(),
            summary: String::new(),
            status,
            investigation,
            languages: Vec::new(),
            marking: Marking::default(),
            diversion: Diversion::default(),
            detection: Detection::default(),
            illicit_activities: Vec::new(),
            trafficking_route: Vec::new(),
            brokers: Vec::new(),
            supply_sources: Vec::new(),
            concealment: Vec::new(),
            transit_points: Vec::new(),
            destinations: Vec::new(),
            items: Vec::new(),
            transfer_chain: Vec::new(),
            actors: Vec::new(),
            states_involved: Vec::new(),
            attachments: Vec::new(),
            streamed_attachments: Vec::new(),
        }
    }

    /// Timeliness of detection (ToR-18): days from the diversion to its
    /// detection, `None` unless both dates are known.
    ///
    /// When only a range is known for the diversion, its *start* is used:
    /// the figure is then the longest the diversion can have gone undetected,
    /// which is the cautious reading for a lesson on detection, and it is
    /// stable when the range is later narrowed at its end. (The shortest is
    /// `detection.date - diversion.date_end`, for whoever needs it.)
    /// A valid case never gives a negative figure.
    pub fn timeliness_days(&self) -> Option<i32> {
        Some(self.detection.date?.days_after(self.diversion.date?))
    }
}

impl CaseRecord {
    /// The provider State.
    pub fn provider(&self) -> StateCode {
        self.id.provider()
    }

    /// See [`Marking::sharing_refusal`] (ToR-13).
    pub fn sharing_refusal(&self) -> Option<String> {
        self.content.marking.sharing_refusal()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn attachment_debug_hides_bytes() {
        let a = Attachment::new("a.txt", "text/plain", b"secret words".to_vec());
        let dbg = format!("{a:?}");
        assert!(!dbg.contains("secret") && dbg.contains("len: 12"), "{dbg}");
    }
}
