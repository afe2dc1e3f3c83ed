//! Every rule a case must meet before it is stored or shared, in one place
//! so that each refusal names its field the same way (`items[2].quantity`),
//! whether the case came from the CLI's JSON or from a peer's CBOR.

use serde::{Deserialize, Deserializer};

use super::record::sha256;
use super::{Attachment, CaseContent, CaseRecord, Item, Place};
use super::{
    MAX_ACTORS, MAX_ATTACHMENTS, MAX_ATTACHMENTS_TOTAL_BYTES, MAX_CODE_BYTES, MAX_ENTRIES, MAX_FILE_NAME_BYTES,
    MAX_ITEMS, MAX_LANGUAGES, MAX_LANGUAGE_TAG_BYTES, MAX_LEGS, MAX_MARKINGS_PER_ITEM, MAX_NAME_BYTES, MAX_NOTE_BYTES,
    MAX_PLACES, MAX_SERIALS_TOTAL, MAX_SUMMARY_BYTES, MAX_TEXT_TOTAL_BYTES, MAX_TITLE_BYTES, MIN_YEAR_OF_MANUFACTURE,
};
use crate::date::Date;
use crate::reason::{Explain, Reason};

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

// The grounds of `CaseError::Invalid`, named so that its reason can give
// each its own key.
const WHY_OTHER_KNOWN: &str = "a known term written as Other; use the term itself";
const WHY_FILE_NAME: &str = "a file name without a path or control characters";
const WHY_MEDIA_TYPE: &str = "a media type such as image/jpeg";
pub(super) const WHY_CATEGORY: &str =
    "not an ATT category (battle_tanks … small_arms_and_light_weapons, ammunition, parts_and_components)";

impl Explain for CaseError {
    fn reason(&self) -> Reason {
        use CaseError as E;
        match self {
            E::Empty { field } => Reason::new("refusal-case-empty").text("field", field),
            E::TooLong { field, len, limit } => {
                Reason::new("refusal-case-too-long").text("field", field).number("len", *len).number("limit", *limit)
            }
            E::TooMany { field, count, limit } => Reason::new("refusal-case-too-many")
                .text("field", field)
                .number("count", *count)
                .number("limit", *limit),
            E::TextTooLarge { total, limit } => {
                Reason::new("refusal-case-text-too-large").number("total", *total).number("limit", *limit)
            }
            E::AttachmentsTooLarge { total, limit } => {
                Reason::new("refusal-case-attachments-too-large").number("total", *total).number("limit", *limit)
            }
            E::DetectionBeforeDiversion { detection, diversion } => {
                Reason::new("refusal-case-detection-before-diversion")
                    .date("detection", *detection)
                    .date("diversion", *diversion)
            }
            E::RangeEndBeforeStart { field, start, end } => Reason::new("refusal-case-range-end-before-start")
                .text("field", field)
                .date("start", *start)
                .date("end", *end),
            E::RangeEndWithoutStart { field } => {
                Reason::new("refusal-case-range-end-without-start").text("field", field)
            }
            E::LanguageTag { field, tag } => {
                Reason::new("refusal-case-language-tag").text("field", field).text("tag", format!("{tag:?}"))
            }
            E::ZeroQuantity { field } => Reason::new("refusal-case-zero-quantity").text("field", field),
            E::SerialsExceedQuantity { field, serials, quantity } => {
                Reason::new("refusal-case-serials-exceed-quantity")
                    .text("field", field)
                    .number("serials", *serials)
                    .number("quantity", *quantity)
            }
            E::YearOutOfRange { field, year, min, max } => Reason::new("refusal-case-year-out-of-range")
                .text("field", field)
                .number("year", *year)
                .number("min", *min)
                .number("max", *max),
            E::InFuture { field, value, today } => {
                Reason::new("refusal-case-in-future").text("field", field).text("value", value).date("today", *today)
            }
            E::HashMismatch { field } => Reason::new("refusal-case-hash-mismatch").text("field", field),
            E::EmptyPlace { field } => Reason::new("refusal-case-empty-place").text("field", field),
            E::Duplicate { field, value } => {
                Reason::new("refusal-case-duplicate").text("field", field).text("value", value)
            }
            E::Invalid { field, value, why } => {
                let key = match *why {
                    WHY_OTHER_KNOWN => "refusal-case-other-known-term",
                    WHY_FILE_NAME => "refusal-case-file-name",
                    WHY_MEDIA_TYPE => "refusal-case-media-type",
                    WHY_CATEGORY => "refusal-case-category",
                    // A rule added without its own key still reaches the
                    // reader, with its English words as the detail.
                    _ => {
                        return Reason::new("refusal-case-invalid")
                            .text("field", field)
                            .text("value", format!("{value:?}"))
                            .text("why", why)
                    }
                };
                Reason::new(key).text("field", field).text("value", format!("{value:?}"))
            }
            E::Version => Reason::new("refusal-case-version"),
            E::UpdatedBeforeCreated { created_at, updated_at } => Reason::new("refusal-case-updated-before-created")
                .number("created_at", *created_at)
                .number("updated_at", *updated_at),
            E::Decode { field, reason } => {
                Reason::new("refusal-case-decode").text("field", field).text("reason", reason)
            }
        }
    }
}

/// Deserializes `T` (a [`CaseContent`], a [`CaseRecord`], a
/// [`CaseQuery`](super::CaseQuery)…) and, if that fails, says in which field,
/// e.g. `trafficking_route[1].country: "XXX" is not an assigned ISO 3166-1
/// alpha-3 code`. serde alone only gives a line and column; an unknown State
/// code or arms category deep in a case deserves its path. Works with any
/// deserializer (JSON in the CLI, CBOR…).
pub fn deserialize_named<'de, T, D>(deserializer: D) -> Result<T, CaseError>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    serde_path_to_error::deserialize(deserializer)
        .map_err(|e| CaseError::Decode { field: e.path().to_string(), reason: e.into_inner().to_string() })
}

impl CaseContent {
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

    /// Walks the content in the order of the record, so that a case with
    /// several faults is always refused for the same, first one.
    fn check(&self, c: &mut Checker) -> Result<(), CaseError> {
        self.check_title(c)?;
        self.check_languages(c)?;
        self.check_markings(c)?;
        self.check_diversion_and_detection(c)?;
        self.check_tor19_categories(c)?;
        self.check_items(c)?;
        self.check_transfer_chain(c)?;
        self.check_actors(c)?;
        self.check_states_involved()?;
        self.check_attachments(c)?;
        // Streamed attachments travel beside the record: only their
        // references count here (issue 13).
        super::stream::check_streamed(&self.streamed_attachments)
    }

    /// The title (required) and the summary.
    fn check_title(&self, c: &mut Checker) -> Result<(), CaseError> {
        // ToR-18: a case has at least a title to be listed and discussed.
        if self.title.trim().is_empty() {
            return Err(CaseError::Empty { field: "title".into() });
        }
        c.text(&self.title, MAX_TITLE_BYTES, || "title".into())?;
        c.text(&self.summary, MAX_SUMMARY_BYTES, || "summary".into())?;
        Ok(())
    }

    /// The BCP 47 tags of the free text, each once.
    fn check_languages(&self, c: &mut Checker) -> Result<(), CaseError> {
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
        Ok(())
    }

    /// The provider's confidentiality label and not-for-sharing note.
    fn check_markings(&self, c: &mut Checker) -> Result<(), CaseError> {
        // ToR-13, ToR-15, ToR-16: the markings.
        c.text(&self.marking.confidentiality, MAX_NAME_BYTES, || "marking.confidentiality".into())?;
        if let Some(nfs) = &self.marking.not_for_sharing {
            c.text(&nfs.note, MAX_NOTE_BYTES, || "marking.not_for_sharing.note".into())?;
        }
        Ok(())
    }

    /// The diversion, its detection, and their dates in order.
    fn check_diversion_and_detection(&self, c: &mut Checker) -> Result<(), CaseError> {
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
        Ok(())
    }

    /// The ToR-19 lists: activities, route, brokers, sources, concealment,
    /// transit points and destinations.
    fn check_tor19_categories(&self, c: &mut Checker) -> Result<(), CaseError> {
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
        Ok(())
    }

    /// ToR-18: the items, and the serial numbers over all of them.
    fn check_items(&self, c: &mut Checker) -> Result<(), CaseError> {
        count("items", self.items.len(), MAX_ITEMS)?;
        let mut serials = 0usize;
        for (i, item) in self.items.iter().enumerate() {
            c.item(item, i)?;
            serials += item.serial_numbers.len();
        }
        count("serial numbers (all items)", serials, MAX_SERIALS_TOTAL)?;
        Ok(())
    }

    /// ToR-18: the legs of the transfer chain.
    fn check_transfer_chain(&self, c: &mut Checker) -> Result<(), CaseError> {
        count("transfer_chain", self.transfer_chain.len(), MAX_LEGS)?;
        for (i, leg) in self.transfer_chain.iter().enumerate() {
            c.name(&leg.entity, || format!("transfer_chain[{i}].entity"))?;
            c.text(&leg.export_licence, MAX_CODE_BYTES, || format!("transfer_chain[{i}].export_licence"))?;
            c.text(&leg.end_user_certificate, MAX_CODE_BYTES, || format!("transfer_chain[{i}].end_user_certificate"))?;
            check_range(leg.date, leg.date_end, &format!("transfer_chain[{i}].date_end"))?;
            c.text(&leg.notes, MAX_NOTE_BYTES, || format!("transfer_chain[{i}].notes"))?;
        }
        Ok(())
    }

    /// ToR-18: the actors, each named.
    fn check_actors(&self, c: &mut Checker) -> Result<(), CaseError> {
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
        Ok(())
    }

    /// The States involved, each once.
    fn check_states_involved(&self) -> Result<(), CaseError> {
        // ToR-12: each involved State is notified once.
        for (i, s) in self.states_involved.iter().enumerate() {
            if self.states_involved[..i].contains(s) {
                return Err(CaseError::Duplicate { field: "states_involved".into(), value: s.to_string() });
            }
        }
        Ok(())
    }

    /// The attachments: their number, their total size, then each one.
    fn check_attachments(&self, c: &mut Checker) -> Result<(), CaseError> {
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
            return Err(CaseError::Invalid { field: field(), value: s.into(), why: WHY_OTHER_KNOWN });
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
        check_file_name(&a.name, || f("name"))?;
        self.text(&a.name, MAX_FILE_NAME_BYTES, || f("name"))?;
        check_media_type(&a.media_type, || f("media_type"))?;
        self.text(&a.media_type, MAX_CODE_BYTES, || f("media_type"))?;
        if sha256(&a.bytes) != a.sha256 {
            return Err(CaseError::HashMismatch { field: format!("attachments[{i}]") });
        }
        Ok(())
    }
}

/// A file's name as an attachment carries it, inline or streamed: it may
/// become a file name on a recipient's disk, so no path and no control
/// characters.
pub(super) fn check_file_name(name: &str, field: impl FnOnce() -> String) -> Result<(), CaseError> {
    let bad = name.trim().is_empty()
        || name == "."
        || name == ".."
        || name.chars().any(|ch| ch == '/' || ch == '\\' || ch.is_control());
    if bad {
        return Err(CaseError::Invalid { field: field(), value: name.chars().take(64).collect(), why: WHY_FILE_NAME });
    }
    Ok(())
}

/// A media type of the form `type/subtype`.
pub(super) fn check_media_type(media_type: &str, field: impl FnOnce() -> String) -> Result<(), CaseError> {
    let ok = media_type.split_once('/').is_some_and(|(t, s)| {
        !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.+".contains(&b))
            && !s.trim().is_empty()
            && !s.chars().any(char::is_control)
    });
    if !ok {
        return Err(CaseError::Invalid {
            field: field(),
            value: media_type.chars().take(64).collect(),
            why: WHY_MEDIA_TYPE,
        });
    }
    Ok(())
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
}
