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
//!
//! Pure like the rest of the crate: nothing here reads a clock. Checks that
//! need "today" take it as an argument ([`CaseRecord::validate_at`]).
//!
//! Every optional or repeatable field has a serde default, so the minimal
//! JSON case is `{"title": "…", "status": "suspected", "investigation":
//! "ongoing"}`. Empty fields are left out when serializing, which keeps both
//! the wire form and the JSON short.

use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;
use crate::ids::{CaseId, StateCode, ISO_3166_ALPHA3};

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

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a case (or a query) was refused. Every message names the field, with
/// its position in lists, e.g. `items[2].quantity`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    #[error("{field} must not be empty")]
    Empty { field: String },
    #[error("{field} is {len} bytes, over the limit of {limit}")]
    TooLong { field: String, len: usize, limit: usize },
    #[error("{field} has {count} entries, over the limit of {limit}")]
    TooMany { field: String, count: usize, limit: usize },
    #[error("the text of the case totals {total} bytes, over the limit of {limit}")]
    TextTooLarge { total: usize, limit: usize },
    #[error("the attachments total {total} bytes, over the limit of {limit}")]
    AttachmentsTooLarge { total: usize, limit: usize },
    #[error(
        "detection.date {detection} is before diversion.date {diversion}: \
         a diversion cannot be detected before it happens (ToR-18)"
    )]
    DetectionBeforeDiversion { detection: Date, diversion: Date },
    #[error("{field} {end} is before the start of its range, {start}")]
    RangeEndBeforeStart { field: String, start: Date, end: Date },
    #[error("{field} is set but the start of the range is not")]
    RangeEndWithoutStart { field: String },
    #[error("{field} {tag:?} is not a well-formed BCP 47 language tag (e.g. \"en\", \"fr\", \"zh-Hans\")")]
    LanguageTag { field: String, tag: String },
    #[error("{field} must be at least 1")]
    ZeroQuantity { field: String },
    #[error("{field} lists {serials} serial numbers for a quantity of {quantity}")]
    SerialsExceedQuantity { field: String, serials: usize, quantity: u32 },
    #[error("{field} {year} is outside {min}-{max}")]
    YearOutOfRange { field: String, year: u16, min: u16, max: u16 },
    #[error("{field} {value} is after today, {today}")]
    InFuture { field: String, value: String, today: Date },
    #[error("{field}: the SHA-256 of the attachment's bytes does not match its recorded hash")]
    HashMismatch { field: String },
    #[error("{field} needs a name or a country")]
    EmptyPlace { field: String },
    #[error("{field} lists {value} more than once")]
    Duplicate { field: String, value: String },
    #[error("{field} {value:?} is refused: {why}")]
    Invalid { field: String, value: String, why: &'static str },
    #[error("version is 0: a case's versions start at 1")]
    Version,
    #[error("updated_at {updated_at} is before created_at {created_at}")]
    UpdatedBeforeCreated { created_at: i64, updated_at: i64 },
    /// A deserialization error with the path of the field that caused it
    /// (see [`deserialize_named`]).
    #[error("{field}: {reason}")]
    Decode { field: String, reason: String },
}

/// Deserializes `T` (a [`CaseContent`], a [`CaseRecord`], a [`CaseQuery`]…)
/// and, if that fails, says in which field, e.g. `trafficking_route[1].country:
/// "XXX" is not an assigned ISO 3166-1 alpha-3 code`. serde alone only gives
/// a line and column; an unknown State code or arms category deep in a case
/// deserves its path. Works with any deserializer (JSON in the CLI, CBOR…).
pub fn deserialize_named<'de, T, D>(deserializer: D) -> Result<T, CaseError>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    serde_path_to_error::deserialize(deserializer)
        .map_err(|e| CaseError::Decode { field: e.path().to_string(), reason: e.into_inner().to_string() })
}

// ---------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Markings (ToR-13, ToR-15, ToR-16)
// ---------------------------------------------------------------------------

/// The markings that travel with a case to every recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marking {
    /// The provider's own confidentiality label, e.g. "RESTRICTED" (ToR-15).
    /// Free text: each State keeps its national classification scheme.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub confidentiality: String,
    /// How far recipients may pass the information on.
    #[serde(default)]
    pub handling: HandlingCode,
    /// Whether operational use needs the provider first (ToR-16).
    #[serde(default)]
    pub operational_use: OperationalUse,
    /// Set when the case must not leave the provider's node (ToR-13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_for_sharing: Option<NotForSharing>,
}

/// Handling code, on the Traffic Light Protocol 2.0 that law-enforcement and
/// CERT communities already use, so that recipients read it without a key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlingCode {
    /// TLP:RED: for the receiving participants only, no further disclosure.
    Red,
    /// TLP:AMBER+STRICT: within the receiving agency only.
    AmberStrict,
    /// TLP:AMBER: within the receiving agency and, on a need-to-know basis,
    /// the national authorities it works with. This is what ToR-16 allows by
    /// default ("pass to national authorities under strict confidentiality").
    #[default]
    Amber,
    /// TLP:GREEN: within the Forum's community of participants.
    Green,
    /// TLP:CLEAR: no restriction on disclosure, at the provider's choice.
    Clear,
}

impl HandlingCode {
    /// The TLP label, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            HandlingCode::Red => "TLP:RED",
            HandlingCode::AmberStrict => "TLP:AMBER+STRICT",
            HandlingCode::Amber => "TLP:AMBER",
            HandlingCode::Green => "TLP:GREEN",
            HandlingCode::Clear => "TLP:CLEAR",
        }
    }
}

/// The operational-use rule of a case (ToR-16).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationalUse {
    /// "Operational use only after consultation with the provider": the ToR-16
    /// rule, and so the default. A use request must be agreed first.
    #[default]
    ConsultProvider,
    /// The provider agrees in advance to operational use (the consultation
    /// ToR-16 asks for has happened, in the record itself).
    PreAuthorised,
    /// For information only: the provider will not agree to operational use.
    NotPermitted,
}

/// Why a case is not for sharing (ToR-13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotForSharingReason {
    /// National-security information.
    NationalSecurity,
    /// Sharing would prejudice ongoing law-enforcement proceedings.
    OngoingProceedings,
}

impl NotForSharingReason {
    fn describe(self) -> &'static str {
        match self {
            NotForSharingReason::NationalSecurity => "it holds national-security information",
            NotForSharingReason::OngoingProceedings => "sharing it would prejudice ongoing law-enforcement proceedings",
        }
    }
}

/// The "not for sharing" marking (ToR-13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotForSharing {
    pub reason: NotForSharingReason,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Marking {
    /// Why the case cannot be shared, or `None` if it can. ToR-13 exempts
    /// national-security information and information that would prejudice
    /// ongoing proceedings from the encouragement to share; a case so marked
    /// must not leave the node by mistake, so every share path asks this.
    pub fn sharing_refusal(&self) -> Option<String> {
        let nfs = self.not_for_sharing.as_ref()?;
        let mut msg = format!("this case is marked not for sharing (ToR-13): {}", nfs.reason.describe());
        let note = nfs.note.trim();
        if !note.is_empty() {
            let _ = write!(msg, " ({note})");
        }
        msg.push_str(". It cannot be shared until its provider removes the marking.");
        Some(msg)
    }

    /// Whether the case may be shared at all (ToR-13).
    pub fn is_shareable(&self) -> bool {
        self.not_for_sharing.is_none()
    }
}

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

/// An extensible controlled vocabulary: known terms plus `Other(text)`, all
/// serialized as plain strings so that a new term needs no schema change and
/// an older node keeps (and shows) a term it does not know.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $term:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A term outside the vocabulary, as the provider wrote it.
            Other(String),
        }

        impl $name {
            /// The known terms, as written on the wire.
            pub const TERMS: &'static [&'static str] = &[$($term),*];

            /// The term, e.g. `"false_compartment"`, or the text of `Other`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $term, )*
                    $name::Other(text) => text,
                }
            }

            /// A known term (compared ignoring ASCII case) or else `Other`.
            pub fn from_text(text: impl AsRef<str> + Into<String>) -> Self {
                match Self::known(text.as_ref()) {
                    Some(known) => known,
                    None => $name::Other(text.into()),
                }
            }

            /// Whether this is `Other`.
            pub fn is_other(&self) -> bool {
                matches!(self, $name::Other(_))
            }

            /// `Other` spelling a known term is not canonical: it would come
            /// back as the term after a round trip.
            fn is_canonical(&self) -> bool {
                match self {
                    $name::Other(text) => Self::known(text).is_none(),
                    _ => true,
                }
            }

            fn known(text: &str) -> Option<Self> {
                $( if text.eq_ignore_ascii_case($term) { return Some($name::$variant); } )*
                None
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_text(s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::from_text)
            }
        }
    };
}

vocabulary! {
    /// How the arms were hidden (ToR-19 "concealment methods").
    pub enum Concealment {
        /// Built-in hidden compartment (vehicle, container, furniture…).
        FalseCompartment = "false_compartment",
        /// Among legitimate cargo in the same consignment.
        MixedCargo = "mixed_cargo",
        /// Declared to customs as other goods.
        MisdeclaredGoods = "misdeclared_goods",
        /// Forged or altered licences, end-user certificates or manifests.
        FalseDocuments = "false_documents",
        /// Shipped disassembled, as parts and components.
        Disassembled = "disassembled",
        /// Postal or express courier parcels.
        PostalOrCourier = "postal_or_courier",
        /// In passengers' checked or hand baggage.
        PersonalBaggage = "personal_baggage",
        /// Carried on the body.
        OnPerson = "on_person",
        /// Hidden in a vehicle crossing a border.
        Vehicle = "vehicle",
        /// Hidden in a shipping container.
        Container = "container",
        /// Markings or serial numbers removed or altered.
        AlteredMarkings = "altered_markings",
    }
}

vocabulary! {
    /// Where the illicit supply came from (ToR-19 "sources of illicit supply").
    pub enum SupplyKind {
        /// Loss or theft from State stockpiles.
        StockpileLeakage = "stockpile_leakage",
        /// An authorised transfer diverted from its declared end user.
        AuthorisedTransfer = "authorised_transfer",
        /// Theft from civilian owners, dealers or manufacturers.
        Theft = "theft",
        /// Captured in armed conflict.
        BattlefieldCapture = "battlefield_capture",
        /// Craft or illicit manufacture.
        CraftProduction = "craft_production",
        /// Converted or reactivated (blank-firing, deactivated) weapons.
        Conversion = "conversion",
        /// Bought on the legal civilian market, e.g. by straw purchasers.
        CivilianMarket = "civilian_market",
    }
}

vocabulary! {
    /// The role of an actor in the case (ToR-18 "actors").
    pub enum ActorRole {
        Broker = "broker",
        Manufacturer = "manufacturer",
        Exporter = "exporter",
        Importer = "importer",
        Shipper = "shipper",
        FreightForwarder = "freight_forwarder",
        Financier = "financier",
        EndUser = "end_user",
        /// A public official (e.g. customs, licensing, armed forces).
        Official = "official",
        Trafficker = "trafficker",
        ArmedGroup = "armed_group",
        CriminalGroup = "criminal_group",
    }
}

/// The ATT categories: the eight conventional arms of Article 2(1)(a)-(h),
/// ammunition/munitions (Article 3) and parts and components (Article 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArmsCategory {
    BattleTanks,
    ArmouredCombatVehicles,
    LargeCalibreArtillery,
    CombatAircraft,
    AttackHelicopters,
    Warships,
    MissilesAndLaunchers,
    SmallArmsAndLightWeapons,
    Ammunition,
    PartsAndComponents,
}

impl ArmsCategory {
    pub const ALL: [ArmsCategory; 10] = [
        ArmsCategory::BattleTanks,
        ArmsCategory::ArmouredCombatVehicles,
        ArmsCategory::LargeCalibreArtillery,
        ArmsCategory::CombatAircraft,
        ArmsCategory::AttackHelicopters,
        ArmsCategory::Warships,
        ArmsCategory::MissilesAndLaunchers,
        ArmsCategory::SmallArmsAndLightWeapons,
        ArmsCategory::Ammunition,
        ArmsCategory::PartsAndComponents,
    ];

    /// The wire name, e.g. `"small_arms_and_light_weapons"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArmsCategory::BattleTanks => "battle_tanks",
            ArmsCategory::ArmouredCombatVehicles => "armoured_combat_vehicles",
            ArmsCategory::LargeCalibreArtillery => "large_calibre_artillery",
            ArmsCategory::CombatAircraft => "combat_aircraft",
            ArmsCategory::AttackHelicopters => "attack_helicopters",
            ArmsCategory::Warships => "warships",
            ArmsCategory::MissilesAndLaunchers => "missiles_and_launchers",
            ArmsCategory::SmallArmsAndLightWeapons => "small_arms_and_light_weapons",
            ArmsCategory::Ammunition => "ammunition",
            ArmsCategory::PartsAndComponents => "parts_and_components",
        }
    }

    /// Where the Treaty defines it, e.g. `"Art. 2(1)(h)"`.
    pub fn att_reference(self) -> &'static str {
        match self {
            ArmsCategory::BattleTanks => "Art. 2(1)(a)",
            ArmsCategory::ArmouredCombatVehicles => "Art. 2(1)(b)",
            ArmsCategory::LargeCalibreArtillery => "Art. 2(1)(c)",
            ArmsCategory::CombatAircraft => "Art. 2(1)(d)",
            ArmsCategory::AttackHelicopters => "Art. 2(1)(e)",
            ArmsCategory::Warships => "Art. 2(1)(f)",
            ArmsCategory::MissilesAndLaunchers => "Art. 2(1)(g)",
            ArmsCategory::SmallArmsAndLightWeapons => "Art. 2(1)(h)",
            ArmsCategory::Ammunition => "Art. 3",
            ArmsCategory::PartsAndComponents => "Art. 4",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for ArmsCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ArmsCategory {
    type Err = CaseError;

    /// The wire name (ignoring ASCII case) or the Treaty letter `a`-`h`.
    fn from_str(s: &str) -> Result<Self, CaseError> {
        const LETTERS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
        for (i, c) in ArmsCategory::ALL.into_iter().enumerate() {
            if s.eq_ignore_ascii_case(c.as_str()) || LETTERS.get(i).is_some_and(|l| s.eq_ignore_ascii_case(l)) {
                return Ok(c);
            }
        }
        Err(CaseError::Invalid {
            field: "category".into(),
            value: s.chars().take(64).collect(),
            why: "not an ATT category (battle_tanks … small_arms_and_light_weapons, ammunition, parts_and_components)",
        })
    }
}

/// The stage of the transfer chain at which the diversion happened, as the
/// ATT's work on diversion divides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiversionStage {
    /// Before or during export (e.g. on fraudulent documents).
    Export,
    /// In transit or trans-shipment.
    Transit,
    /// At import.
    Import,
    /// After delivery, from the end user or its stockpiles.
    PostDelivery,
}

/// The role of a leg of the transfer chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainRole {
    Manufacturer,
    Exporter,
    Importer,
    Transit,
    Broker,
    Shipper,
    FreightForwarder,
    Financier,
    EndUser,
}

// ---------------------------------------------------------------------------
// The record
// ---------------------------------------------------------------------------

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

fn sha256(bytes: &[u8]) -> [u8; 32] {
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
mod hex_sha256 {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};
    use serde::Serializer;

    pub(super) fn serialize<S: Serializer>(hash: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&hex::encode(hash))
        } else {
            s.serialize_bytes(hash)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
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

    /// Checks every rule that needs no clock; see [`CaseRecord::validate`].
    pub fn validate(&self) -> Result<(), CaseError> {
        let mut c = Checker::default();
        self.check(&mut c)?;
        if c.text > MAX_TEXT_TOTAL_BYTES {
            return Err(CaseError::TextTooLarge { total: c.text, limit: MAX_TEXT_TOTAL_BYTES });
        }
        Ok(())
    }

    /// [`CaseContent::validate`], and no diversion or detection date, nor
    /// year of manufacture, after `today` (passed in: the crate has no clock).
    pub fn validate_at(&self, today: Date) -> Result<(), CaseError> {
        self.validate()?;
        let future = |field: &str, value: String| CaseError::InFuture { field: field.into(), value, today };
        for (field, date) in [
            ("diversion.date", self.diversion.date),
            ("diversion.date_end", self.diversion.date_end),
            ("detection.date", self.detection.date),
        ] {
            if let Some(d) = date.filter(|d| *d > today) {
                return Err(future(field, d.to_string()));
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            if let Some(y) = item.year_of_manufacture.filter(|y| i32::from(*y) > today.year()) {
                return Err(future(&format!("items[{i}].year_of_manufacture"), y.to_string()));
            }
        }
        Ok(())
    }

    fn check(&self, c: &mut Checker) -> Result<(), CaseError> {
        // ToR-18: a case has at least a title to be listed and discussed.
        if self.title.trim().is_empty() {
            return Err(CaseError::Empty { field: "title".into() });
        }
        c.text(&self.title, MAX_TITLE_BYTES, || "title".into())?;
        c.text(&self.summary, MAX_SUMMARY_BYTES, || "summary".into())?;

        // ToR-23: the free text keeps its language tag.
        count("languages", self.languages.len(), MAX_LANGUAGES)?;
        for (i, tag) in self.languages.iter().enumerate() {
            c.text(tag, MAX_LANGUAGE_TAG_BYTES, || format!("languages[{i}]"))?;
            if !is_language_tag(tag) {
                return Err(CaseError::LanguageTag { field: format!("languages[{i}]"), tag: tag.clone() });
            }
            if self.languages[..i].iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                return Err(CaseError::Duplicate { field: "languages".into(), value: tag.clone() });
            }
        }

        // ToR-13, ToR-15, ToR-16: the markings.
        c.text(&self.marking.confidentiality, MAX_NAME_BYTES, || "marking.confidentiality".into())?;
        if let Some(nfs) = &self.marking.not_for_sharing {
            c.text(&nfs.note, MAX_NOTE_BYTES, || "marking.not_for_sharing.note".into())?;
        }

        // ToR-18: the diversion and its detection.
        let d = &self.diversion;
        check_range(d.date, d.date_end, "diversion.date_end")?;
        if let Some(place) = &d.place {
            c.place(place, || "diversion.place".into())?;
        }
        c.text(&d.means_and_methods, MAX_NOTE_BYTES, || "diversion.means_and_methods".into())?;
        if let (Some(detection), Some(diversion)) = (self.detection.date, d.date) {
            if detection < diversion {
                return Err(CaseError::DetectionBeforeDiversion { detection, diversion });
            }
        }
        c.text(&self.detection.how, MAX_NOTE_BYTES, || "detection.how".into())?;
        c.text(&self.detection.agency, MAX_NAME_BYTES, || "detection.agency".into())?;

        // ToR-19: the seven categories.
        count("illicit_activities", self.illicit_activities.len(), MAX_ENTRIES)?;
        for (i, a) in self.illicit_activities.iter().enumerate() {
            if a.description.trim().is_empty() {
                return Err(CaseError::Empty { field: format!("illicit_activities[{i}].description") });
            }
            c.text(&a.description, MAX_NOTE_BYTES, || format!("illicit_activities[{i}].description"))?;
        }
        c.places(&self.trafficking_route, "trafficking_route")?;
        count("brokers", self.brokers.len(), MAX_ENTRIES)?;
        for (i, b) in self.brokers.iter().enumerate() {
            c.name(b, || format!("brokers[{i}]"))?;
        }
        count("supply_sources", self.supply_sources.len(), MAX_ENTRIES)?;
        for (i, s) in self.supply_sources.iter().enumerate() {
            if s.kind.is_none() && s.description.trim().is_empty() && s.country.is_none() {
                return Err(CaseError::Empty { field: format!("supply_sources[{i}]") });
            }
            if let Some(kind) = &s.kind {
                c.term(kind.as_str(), kind.is_other(), kind.is_canonical(), || format!("supply_sources[{i}].kind"))?;
            }
            c.text(&s.description, MAX_NOTE_BYTES, || format!("supply_sources[{i}].description"))?;
        }
        count("concealment", self.concealment.len(), MAX_ENTRIES)?;
        for (i, m) in self.concealment.iter().enumerate() {
            c.term(m.as_str(), m.is_other(), m.is_canonical(), || format!("concealment[{i}]"))?;
        }
        c.places(&self.transit_points, "transit_points")?;
        c.places(&self.destinations, "destinations")?;

        // ToR-18: items, transfer chain, actors.
        count("items", self.items.len(), MAX_ITEMS)?;
        let mut serials = 0usize;
        for (i, item) in self.items.iter().enumerate() {
            c.item(item, i)?;
            serials += item.serial_numbers.len();
        }
        count("serial numbers (all items)", serials, MAX_SERIALS_TOTAL)?;
        count("transfer_chain", self.transfer_chain.len(), MAX_LEGS)?;
        for (i, leg) in self.transfer_chain.iter().enumerate() {
            c.name(&leg.entity, || format!("transfer_chain[{i}].entity"))?;
            c.text(&leg.export_licence, MAX_CODE_BYTES, || format!("transfer_chain[{i}].export_licence"))?;
            c.text(&leg.end_user_certificate, MAX_CODE_BYTES, || format!("transfer_chain[{i}].end_user_certificate"))?;
            check_range(leg.date, leg.date_end, &format!("transfer_chain[{i}].date_end"))?;
            c.text(&leg.notes, MAX_NOTE_BYTES, || format!("transfer_chain[{i}].notes"))?;
        }
        count("actors", self.actors.len(), MAX_ACTORS)?;
        for (i, a) in self.actors.iter().enumerate() {
            if a.name.trim().is_empty() {
                return Err(CaseError::Empty { field: format!("actors[{i}].name") });
            }
            c.name(&a.name, || format!("actors[{i}].name"))?;
            if let Some(role) = &a.role {
                c.term(role.as_str(), role.is_other(), role.is_canonical(), || format!("actors[{i}].role"))?;
            }
            c.text(&a.description, MAX_NOTE_BYTES, || format!("actors[{i}].description"))?;
            c.name(&a.marking, || format!("actors[{i}].marking"))?;
            c.text(&a.handling_note, MAX_NOTE_BYTES, || format!("actors[{i}].handling_note"))?;
        }

        // ToR-12: each involved State is notified once.
        for (i, s) in self.states_involved.iter().enumerate() {
            if self.states_involved[..i].contains(s) {
                return Err(CaseError::Duplicate { field: "states_involved".into(), value: s.to_string() });
            }
        }

        // Attachments travel sealed inside the record, so they share its
        // confidentiality (ToR-15) and its size limit. The total is checked
        // before any hashing, so oversized input costs no work.
        count("attachments", self.attachments.len(), MAX_ATTACHMENTS)?;
        let total: usize = self.attachments.iter().map(|a| a.bytes.len()).sum();
        if total > MAX_ATTACHMENTS_TOTAL_BYTES {
            return Err(CaseError::AttachmentsTooLarge { total, limit: MAX_ATTACHMENTS_TOTAL_BYTES });
        }
        for (i, a) in self.attachments.iter().enumerate() {
            c.attachment(a, i)?;
        }
        Ok(())
    }
}

impl CaseRecord {
    /// Checks everything that needs no clock: version and timestamps, then
    /// the content (dates in order, sizes, language tags, quantities,
    /// attachment hashes). Unknown State codes and categories never get this
    /// far: deserialization refuses them.
    pub fn validate(&self) -> Result<(), CaseError> {
        if self.version == 0 {
            return Err(CaseError::Version);
        }
        if self.updated_at < self.created_at {
            return Err(CaseError::UpdatedBeforeCreated { created_at: self.created_at, updated_at: self.updated_at });
        }
        self.content.validate()
    }

    /// [`CaseRecord::validate`] plus the checks against `today`.
    pub fn validate_at(&self, today: Date) -> Result<(), CaseError> {
        self.validate()?;
        self.content.validate_at(today)
    }

    /// The provider State.
    pub fn provider(&self) -> StateCode {
        self.id.provider()
    }

    /// See [`Marking::sharing_refusal`] (ToR-13).
    pub fn sharing_refusal(&self) -> Option<String> {
        self.content.marking.sharing_refusal()
    }
}

fn count(field: &str, count: usize, limit: usize) -> Result<(), CaseError> {
    if count > limit {
        return Err(CaseError::TooMany { field: field.into(), count, limit });
    }
    Ok(())
}

fn check_range(start: Option<Date>, end: Option<Date>, end_field: &str) -> Result<(), CaseError> {
    match (start, end) {
        (None, Some(_)) => Err(CaseError::RangeEndWithoutStart { field: end_field.into() }),
        (Some(start), Some(end)) if end < start => {
            Err(CaseError::RangeEndBeforeStart { field: end_field.into(), start, end })
        }
        _ => Ok(()),
    }
}

/// Well-formed BCP 47 (RFC 5646 §2.1) as far as syntax goes: a primary
/// language subtag of 2-8 letters (or `x` for private use), then subtags of
/// 1-8 letters or digits, a singleton never last. The registry is not
/// consulted: a tag the IANA registry lacks is still kept as written.
fn is_language_tag(tag: &str) -> bool {
    if tag.len() > MAX_LANGUAGE_TAG_BYTES {
        return false;
    }
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    let private = first.eq_ignore_ascii_case("x");
    let language = (2..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    if !(private || language) {
        return false;
    }
    let mut last_is_singleton = private;
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        last_is_singleton = part.len() == 1;
    }
    !last_is_singleton
}

/// Walks a case, checking each field and adding up its text.
#[derive(Default)]
struct Checker {
    text: usize,
}

impl Checker {
    fn text(&mut self, s: &str, limit: usize, field: impl FnOnce() -> String) -> Result<(), CaseError> {
        self.text += s.len();
        if s.len() > limit {
            return Err(CaseError::TooLong { field: field(), len: s.len(), limit });
        }
        Ok(())
    }

    fn name(&mut self, s: &str, field: impl Fn() -> String) -> Result<(), CaseError> {
        self.text(s, MAX_NAME_BYTES, field)
    }

    /// A vocabulary term: `Other` must say something, and must not spell a
    /// known term (that would not survive a round trip as `Other`).
    fn term(&mut self, s: &str, other: bool, canonical: bool, field: impl Fn() -> String) -> Result<(), CaseError> {
        if other && s.trim().is_empty() {
            return Err(CaseError::Empty { field: field() });
        }
        if !canonical {
            return Err(CaseError::Invalid {
                field: field(),
                value: s.into(),
                why: "a known term written as Other; use the term itself",
            });
        }
        self.name(s, field)
    }

    fn place(&mut self, place: &Place, field: impl Fn() -> String) -> Result<(), CaseError> {
        if place.name.trim().is_empty() && place.country.is_none() {
            return Err(CaseError::EmptyPlace { field: field() });
        }
        self.text(&place.name, MAX_NAME_BYTES, || format!("{}.name", field()))
    }

    fn places(&mut self, places: &[Place], field: &str) -> Result<(), CaseError> {
        count(field, places.len(), MAX_PLACES)?;
        for (i, p) in places.iter().enumerate() {
            self.place(p, || format!("{field}[{i}]"))?;
        }
        Ok(())
    }

    fn item(&mut self, item: &Item, i: usize) -> Result<(), CaseError> {
        let f = |name: &str| format!("items[{i}].{name}");
        self.name(&item.item_type, || f("type"))?;
        self.name(&item.make, || f("make"))?;
        self.name(&item.model, || f("model"))?;
        self.text(&item.calibre, MAX_CODE_BYTES, || f("calibre"))?;
        for (j, s) in item.serial_numbers.iter().enumerate() {
            if s.number.trim().is_empty() {
                return Err(CaseError::Empty { field: f(&format!("serial_numbers[{j}].number")) });
            }
            self.text(&s.number, MAX_CODE_BYTES, || f(&format!("serial_numbers[{j}].number")))?;
        }
        self.text(&item.lot, MAX_CODE_BYTES, || f("lot"))?;
        if let Some(year) = item.year_of_manufacture {
            // The latest year a Date can hold; "not in the future" needs a
            // clock and is checked by validate_at.
            let max = u16::try_from(Date::MAX_YEAR).unwrap_or(u16::MAX);
            if !(MIN_YEAR_OF_MANUFACTURE..=max).contains(&year) {
                return Err(CaseError::YearOutOfRange {
                    field: f("year_of_manufacture"),
                    year,
                    min: MIN_YEAR_OF_MANUFACTURE,
                    max,
                });
            }
        }
        self.text(&item.import_marking, MAX_CODE_BYTES, || f("import_marking"))?;
        count(&f("other_markings"), item.other_markings.len(), MAX_MARKINGS_PER_ITEM)?;
        for (j, m) in item.other_markings.iter().enumerate() {
            self.text(m, MAX_CODE_BYTES, || f(&format!("other_markings[{j}]")))?;
        }
        if item.quantity == 0 {
            return Err(CaseError::ZeroQuantity { field: f("quantity") });
        }
        let serials = item.serial_numbers.len();
        if serials > item.quantity as usize {
            return Err(CaseError::SerialsExceedQuantity {
                field: f("serial_numbers"),
                serials,
                quantity: item.quantity,
            });
        }
        self.text(&item.notes, MAX_NOTE_BYTES, || f("notes"))
    }

    fn attachment(&mut self, a: &Attachment, i: usize) -> Result<(), CaseError> {
        let f = |name: &str| format!("attachments[{i}].{name}");
        // The name may become a file name on a recipient's disk: no paths,
        // no control characters.
        let bad_name = a.name.trim().is_empty()
            || a.name == "."
            || a.name == ".."
            || a.name.chars().any(|ch| ch == '/' || ch == '\\' || ch.is_control());
        if bad_name {
            return Err(CaseError::Invalid {
                field: f("name"),
                value: a.name.chars().take(64).collect(),
                why: "a file name without a path or control characters",
            });
        }
        self.text(&a.name, MAX_FILE_NAME_BYTES, || f("name"))?;
        let media_ok = a.media_type.split_once('/').is_some_and(|(t, s)| {
            !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.+".contains(&b))
                && !s.trim().is_empty()
                && !s.chars().any(char::is_control)
        });
        if !media_ok {
            return Err(CaseError::Invalid {
                field: f("media_type"),
                value: a.media_type.chars().take(64).collect(),
                why: "a media type such as image/jpeg",
            });
        }
        self.text(&a.media_type, MAX_CODE_BYTES, || f("media_type"))?;
        if sha256(&a.bytes) != a.sha256 {
            return Err(CaseError::HashMismatch { field: format!("attachments[{i}]") });
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

/// A set of States, one bit per ISO 3166-1 alpha-3 code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct CountrySet([u64; 4]);

fn country_index(code: StateCode) -> Option<usize> {
    ISO_3166_ALPHA3.binary_search(&code.as_str()).ok()
}

impl CountrySet {
    fn insert(&mut self, code: StateCode) {
        if let Some(i) = country_index(code) {
            self.0[i / 64] |= 1 << (i % 64);
        }
    }

    fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Lower case, whitespace runs as one space, then a `\n` that ends the field:
/// query words hold no whitespace, so no match spans two fields.
fn push_normalized(out: &mut String, s: &str) {
    let mut space = true;
    for ch in s.chars() {
        if ch.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            space = false;
            fold(out, ch);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out.push('\n');
}

/// Case- and accent-insensitive form of one character: lower case, the two
/// folds lower-casing misses (German sharp s, which upper-cases to "SS", and
/// the Greek final sigma), and the Latin diacritics of French and Spanish
/// (ToR-23) and of place and company names, so "lome" finds "Lomé". Full
/// Unicode folding would need tables this crate does not carry.
fn fold(out: &mut String, ch: char) {
    match ch {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ => {
            for lower in ch.to_lowercase() {
                match strip_latin_accent(lower) {
                    Some(base) => out.push_str(base),
                    None => out.push(lower),
                }
            }
        }
    }
}

/// The unaccented form of a lower-case Latin letter, if it has one.
fn strip_latin_accent(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A serial number as compared: letters and digits only, folded, so
/// "AB-12 345" and "ab12345" are the same.
fn normalize_serial(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().filter(|c| c.is_alphanumeric()) {
        fold(&mut out, ch);
    }
    out
}

/// Shortest partial serial number in a case that a longer queried serial may
/// contain: below this too many unrelated serials would match.
const MIN_PARTIAL_SERIAL: usize = 3;

/// What a query needs from one case, computed once when the case is stored
/// or received, so that a query over many cases allocates nothing and reads
/// only flat strings and bit sets.
#[derive(Clone, Debug)]
pub struct SearchDoc {
    id: CaseId,
    version: u32,
    status: CaseStatus,
    investigation: Investigation,
    corruption: bool,
    categories: u16,
    countries: CountrySet,
    transit_countries: CountrySet,
    diversion: Option<(Date, Date)>,
    detection: Option<Date>,
    transit_text: String,
    brokers: String,
    concealment: String,
    makes: String,
    models: String,
    serials: String,
    partial_serials: Vec<String>,
    text: String,
}

impl SearchDoc {
    /// The search form of `record`: build it once per held version (about
    /// 50 µs for a full case) and rebuild it when a new version arrives.
    pub fn new(record: &CaseRecord) -> Self {
        let c = &record.content;
        let mut doc = SearchDoc {
            id: record.id,
            version: record.version,
            status: c.status,
            investigation: c.investigation,
            corruption: c.illicit_activities.iter().any(|a| a.corruption),
            categories: c.items.iter().fold(0, |m, i| m | i.category.bit()),
            countries: CountrySet::default(),
            transit_countries: CountrySet::default(),
            diversion: c.diversion.date.map(|s| (s, c.diversion.date_end.unwrap_or(s).max(s))),
            detection: c.detection.date,
            transit_text: String::new(),
            brokers: String::new(),
            concealment: String::from("\n"),
            makes: String::new(),
            models: String::new(),
            serials: String::new(),
            partial_serials: Vec::new(),
            text: String::new(),
        };

        // Countries: anywhere the arms went or were diverted, and the States
        // involved (ToR-12). Not the country of manufacture: an item made in
        // a State says nothing about that State's part in the diversion.
        let places =
            c.trafficking_route.iter().chain(&c.transit_points).chain(&c.destinations).chain(&c.diversion.place);
        for code in places.filter_map(|p| p.country) {
            doc.countries.insert(code);
        }
        for code in c.transfer_chain.iter().filter_map(|l| l.country) {
            doc.countries.insert(code);
        }
        for code in c.supply_sources.iter().filter_map(|s| s.country) {
            doc.countries.insert(code);
        }
        for code in &c.states_involved {
            doc.countries.insert(*code);
        }
        for p in &c.transit_points {
            if let Some(code) = p.country {
                doc.transit_countries.insert(code);
            }
            push_normalized(&mut doc.transit_text, &p.name);
        }

        // Brokers: the ToR-19 list, actors in a broker role, broker legs.
        for b in &c.brokers {
            push_normalized(&mut doc.brokers, b);
        }
        for a in c.actors.iter().filter(|a| a.role == Some(ActorRole::Broker)) {
            push_normalized(&mut doc.brokers, &a.name);
        }
        for l in c.transfer_chain.iter().filter(|l| l.role == ChainRole::Broker) {
            push_normalized(&mut doc.brokers, &l.entity);
        }

        for m in &c.concealment {
            push_normalized(&mut doc.concealment, m.as_str());
        }

        for item in &c.items {
            push_normalized(&mut doc.makes, &item.make);
            push_normalized(&mut doc.models, &item.model);
            for s in &item.serial_numbers {
                let n = normalize_serial(&s.number);
                doc.serials.push_str(&n);
                doc.serials.push('\n');
                if s.partial && n.chars().count() >= MIN_PARTIAL_SERIAL {
                    doc.partial_serials.push(n);
                }
            }
        }

        // Free text: every text field, and the case id so a pasted id finds it.
        let t = &mut doc.text;
        push_normalized(t, &record.id.to_string());
        for s in [&c.title, &c.summary, &c.diversion.means_and_methods, &c.detection.how, &c.detection.agency] {
            push_normalized(t, s);
        }
        if let Some(p) = &c.diversion.place {
            push_normalized(t, &p.name);
        }
        for a in &c.illicit_activities {
            push_normalized(t, &a.description);
        }
        for p in c.trafficking_route.iter().chain(&c.transit_points).chain(&c.destinations) {
            push_normalized(t, &p.name);
        }
        for b in &c.brokers {
            push_normalized(t, b);
        }
        for s in &c.supply_sources {
            push_normalized(t, &s.description);
            if let Some(SupplyKind::Other(k)) = &s.kind {
                push_normalized(t, k);
            }
        }
        for m in &c.concealment {
            if let Concealment::Other(k) = m {
                push_normalized(t, k);
            }
        }
        for item in &c.items {
            for s in
                [&item.item_type, &item.make, &item.model, &item.calibre, &item.lot, &item.import_marking, &item.notes]
            {
                push_normalized(t, s);
            }
            for s in &item.serial_numbers {
                push_normalized(t, &s.number);
            }
            for m in &item.other_markings {
                push_normalized(t, m);
            }
        }
        for l in &c.transfer_chain {
            for s in [&l.entity, &l.export_licence, &l.end_user_certificate, &l.notes] {
                push_normalized(t, s);
            }
        }
        for a in &c.actors {
            push_normalized(t, &a.name);
            push_normalized(t, &a.description);
            if let Some(ActorRole::Other(r)) = &a.role {
                push_normalized(t, r);
            }
        }
        for a in &c.attachments {
            push_normalized(t, &a.name);
        }
        // Thousands of documents stay in memory: drop the growth slack.
        for s in [
            &mut doc.transit_text,
            &mut doc.brokers,
            &mut doc.concealment,
            &mut doc.makes,
            &mut doc.models,
            &mut doc.serials,
            &mut doc.text,
        ] {
            s.shrink_to_fit();
        }
        doc
    }

    pub fn case_id(&self) -> CaseId {
        self.id
    }

    pub fn version(&self) -> u32 {
        self.version
    }
}

impl From<&CaseRecord> for SearchDoc {
    fn from(record: &CaseRecord) -> Self {
        SearchDoc::new(record)
    }
}

/// A search over held cases. Every field is optional and narrows the result;
/// the default matches every case. Text is compared ignoring case and runs
/// of whitespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseQuery {
    /// Words that must all appear, anywhere in the case's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// An item of this ATT category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<ArmsCategory>,
    /// A State on the trafficking route, at a transit point, a destination,
    /// the diversion place, a source of supply, the transfer chain, or among
    /// the States involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<StateCode>,
    /// A transit point: a State code (its country) or part of its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit: Option<String>,
    /// Part of the name of a broker (ToR-19 list, actor or chain leg).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broker: Option<String>,
    /// A concealment method: a known term exactly, or text found in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concealment: Option<Concealment>,
    /// Part of an item's make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// Part of an item's model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// A serial number, full or partial, ignoring case, spaces and dashes. A
    /// partial serial recorded in a case also matches a longer query that
    /// contains it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Diversions whose date (or range) overlaps `[diversion_from, diversion_to]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diversion_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diversion_to: Option<Date>,
    /// Detections dated within `[detection_from, detection_to]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detection_to: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CaseStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigation: Option<Investigation>,
    /// Cases with (`true`) or without (`false`) corruption flagged (ToR-19).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corruption: Option<bool>,
    /// The providing State.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<StateCode>,
}

/// A [`CaseQuery`] normalized once, to run over many [`SearchDoc`]s.
#[derive(Clone, Debug)]
pub struct PreparedQuery {
    status: Option<CaseStatus>,
    investigation: Option<Investigation>,
    provider: Option<StateCode>,
    corruption: Option<bool>,
    category: u16,
    country: Option<usize>,
    diversion: Option<(Option<Date>, Option<Date>)>,
    detection: Option<(Option<Date>, Option<Date>)>,
    transit_country: Option<usize>,
    transit_text: Option<String>,
    broker: Option<String>,
    /// A known term as `\nterm\n` (the whole term), or normalized text.
    concealment: Option<String>,
    make: Option<String>,
    model: Option<String>,
    serial: Option<String>,
    words: Vec<String>,
}

/// The normalized text, or `None` when nothing is left (a blank filter
/// filters nothing).
fn normalized(s: Option<&str>) -> Option<String> {
    let s = s?;
    let mut out = String::new();
    push_normalized(&mut out, s);
    out.pop();
    (!out.is_empty()).then_some(out)
}

impl CaseQuery {
    /// Whether it filters nothing.
    pub fn is_empty(&self) -> bool {
        *self == CaseQuery::default()
    }

    /// Refuses date ranges that end before they start, which would silently
    /// match nothing.
    pub fn validate(&self) -> Result<(), CaseError> {
        for (field, from, to) in [
            ("diversion_to", self.diversion_from, self.diversion_to),
            ("detection_to", self.detection_from, self.detection_to),
        ] {
            if let (Some(start), Some(end)) = (from, to) {
                if end < start {
                    return Err(CaseError::RangeEndBeforeStart { field: field.into(), start, end });
                }
            }
        }
        for (field, value) in [
            ("text", &self.text),
            ("transit", &self.transit),
            ("broker", &self.broker),
            ("make", &self.make),
            ("model", &self.model),
            ("serial", &self.serial),
        ] {
            if let Some(v) = value {
                if v.len() > MAX_NAME_BYTES {
                    return Err(CaseError::TooLong { field: field.into(), len: v.len(), limit: MAX_NAME_BYTES });
                }
            }
        }
        Ok(())
    }

    /// Normalizes the query once; run the result over many documents.
    pub fn prepare(&self) -> PreparedQuery {
        let range = |from: Option<Date>, to: Option<Date>| (from.is_some() || to.is_some()).then_some((from, to));
        let transit_text = normalized(self.transit.as_deref());
        PreparedQuery {
            status: self.status,
            investigation: self.investigation,
            provider: self.provider,
            corruption: self.corruption,
            category: self.category.map_or(0, ArmsCategory::bit),
            country: self.country.and_then(country_index),
            diversion: range(self.diversion_from, self.diversion_to),
            detection: range(self.detection_from, self.detection_to),
            transit_country: self
                .transit
                .as_deref()
                .and_then(|t| t.trim().parse::<StateCode>().ok())
                .and_then(country_index),
            transit_text,
            broker: normalized(self.broker.as_deref()),
            concealment: self.concealment.as_ref().and_then(|m| match m {
                Concealment::Other(text) => normalized(Some(text)),
                known => Some(format!("\n{}\n", known.as_str())),
            }),
            make: normalized(self.make.as_deref()),
            model: normalized(self.model.as_deref()),
            serial: self.serial.as_deref().map(normalize_serial).filter(|s| !s.is_empty()),
            words: self
                .text
                .as_deref()
                // Folded exactly as the documents are.
                .map(|t| t.split_whitespace().filter_map(|w| normalized(Some(w))).collect())
                .unwrap_or_default(),
        }
    }

    /// Whether `doc` matches. Prepares the query on each call: for more than
    /// one document, [`CaseQuery::prepare`] once and use
    /// [`PreparedQuery::matches`].
    pub fn matches(&self, doc: &SearchDoc) -> bool {
        self.prepare().matches(doc)
    }
}

impl PreparedQuery {
    /// Whether `doc` matches every filter. Allocates nothing; the cheap
    /// scalar and bit-set filters run before any text is scanned.
    pub fn matches(&self, d: &SearchDoc) -> bool {
        if self.status.is_some_and(|s| s != d.status)
            || self.investigation.is_some_and(|i| i != d.investigation)
            || self.provider.is_some_and(|p| p != d.id.provider())
            || self.corruption.is_some_and(|c| c != d.corruption)
            || (self.category != 0 && d.categories & self.category == 0)
            || self.country.is_some_and(|i| !d.countries.contains(i))
        {
            return false;
        }
        if let Some((from, to)) = self.diversion {
            // Overlap of [from, to] with the diversion's date or range.
            match d.diversion {
                Some((start, end)) if from.is_none_or(|f| end >= f) && to.is_none_or(|t| start <= t) => {}
                _ => return false,
            }
        }
        if let Some((from, to)) = self.detection {
            match d.detection {
                Some(date) if from.is_none_or(|f| date >= f) && to.is_none_or(|t| date <= t) => {}
                _ => return false,
            }
        }
        if self.transit_country.is_some() || self.transit_text.is_some() {
            let by_country = self.transit_country.is_some_and(|i| d.transit_countries.contains(i));
            let by_name = self.transit_text.as_deref().is_some_and(|t| d.transit_text.contains(t));
            if !by_country && !by_name {
                return false;
            }
        }
        let within = |needle: &Option<String>, hay: &str| needle.as_deref().is_none_or(|n| hay.contains(n));
        if !within(&self.broker, &d.brokers)
            || !within(&self.concealment, &d.concealment)
            || !within(&self.make, &d.makes)
            || !within(&self.model, &d.models)
        {
            return false;
        }
        if let Some(q) = self.serial.as_deref() {
            let partial_in_query = d.partial_serials.iter().any(|p| q.contains(p.as_str()));
            if !d.serials.contains(q) && !partial_in_query {
                return false;
            }
        }
        self.words.iter().all(|w| d.text.contains(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "fr", "ar", "zh-Hans", "zh-Hans-CN", "es-419", "sr-Latn-RS", "x-private", "en-a-bbb", "ru"] {
            assert!(is_language_tag(ok), "{ok} refused");
        }
        for bad in ["", "e", "e1", "en-", "-en", "en--us", "en_US", "en-a", "x", "toolongsubtag", "en-US-x", "fr FR"] {
            assert!(!is_language_tag(bad), "{bad} accepted");
        }
        assert!(!is_language_tag(&format!("en-{}", ["abcdefgh"; 5].join("-"))), "over 35 bytes");
    }

    #[test]
    fn normalization() {
        let mut s = String::new();
        push_normalized(&mut s, "  Port  of\tÉLAN ");
        assert_eq!(s, "port of elan\n", "case and accents folded");
        assert_eq!(normalize_serial(" AB-12 345/x "), "ab12345x");
        let (mut a, mut b) = (String::new(), String::new());
        push_normalized(&mut a, "Großmann ΟΔΟΣ");
        push_normalized(&mut b, "GROSSMANN οδος");
        assert_eq!(a, b);
    }

    #[test]
    fn country_set() {
        let mut set = CountrySet::default();
        let zwe: StateCode = "ZWE".parse().unwrap();
        let abw: StateCode = "ABW".parse().unwrap();
        set.insert(zwe);
        assert!(set.contains(country_index(zwe).unwrap()));
        assert!(!set.contains(country_index(abw).unwrap()));
        assert!(!set.contains(10_000));
    }

    #[test]
    fn vocabulary_round_trip() {
        assert_eq!(Concealment::from_text("FALSE_COMPARTMENT"), Concealment::FalseCompartment);
        assert_eq!(Concealment::from_text("in tyres"), Concealment::Other("in tyres".into()));
        assert_eq!(Concealment::TERMS.len(), 11);
        for t in Concealment::TERMS {
            assert_eq!(Concealment::from_text(*t).as_str(), *t);
        }
        for t in SupplyKind::TERMS.iter().chain(ActorRole::TERMS) {
            assert!(!SupplyKind::from_text(*t).as_str().is_empty());
            assert!(!ActorRole::from_text(*t).as_str().is_empty());
        }
    }

    #[test]
    fn categories() {
        for c in ArmsCategory::ALL {
            assert_eq!(c.as_str().parse::<ArmsCategory>().unwrap(), c);
            assert!(c.att_reference().starts_with("Art. "));
        }
        assert_eq!("h".parse::<ArmsCategory>().unwrap(), ArmsCategory::SmallArmsAndLightWeapons);
        assert_eq!("A".parse::<ArmsCategory>().unwrap(), ArmsCategory::BattleTanks);
        assert!("i".parse::<ArmsCategory>().is_err());
        assert!("tanks".parse::<ArmsCategory>().is_err());
        let bits: u16 = ArmsCategory::ALL.iter().fold(0, |m, c| m | c.bit());
        assert_eq!(bits.count_ones(), 10);
    }

    #[test]
    fn marking_defaults_and_refusal() {
        let m = Marking::default();
        assert_eq!(m.operational_use, OperationalUse::ConsultProvider);
        assert_eq!(m.handling, HandlingCode::Amber);
        assert!(m.is_shareable());
        assert_eq!(m.sharing_refusal(), None);
        let m = Marking {
            not_for_sharing: Some(NotForSharing {
                reason: NotForSharingReason::OngoingProceedings,
                note: "trial opens in May".into(),
            }),
            ..Marking::default()
        };
        let why = m.sharing_refusal().unwrap();
        assert!(why.contains("ToR-13") && why.contains("ongoing") && why.contains("trial opens in May"), "{why}");
        let m = Marking {
            not_for_sharing: Some(NotForSharing { reason: NotForSharingReason::NationalSecurity, note: String::new() }),
            ..Marking::default()
        };
        let why = m.sharing_refusal().unwrap();
        assert!(why.contains("national-security") && !why.contains("()"), "{why}");
        assert_eq!(HandlingCode::AmberStrict.label(), "TLP:AMBER+STRICT");
    }

    #[test]
    fn attachment_debug_hides_bytes() {
        let a = Attachment::new("a.txt", "text/plain", b"secret words".to_vec());
        let dbg = format!("{a:?}");
        assert!(!dbg.contains("secret") && dbg.contains("len: 12"), "{dbg}");
    }
}
