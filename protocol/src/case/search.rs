//! Search over held cases, kept apart from the record because its form is
//! not the record's: each case is flattened once into folded strings and
//! bit sets, so that a query over thousands of cases allocates nothing.

use serde::{Deserialize, Serialize};

use super::{ActorRole, ArmsCategory, CaseContent, CaseError, CaseRecord, CaseStatus, ChainRole, Concealment};
use super::{Investigation, SupplyKind, MAX_NAME_BYTES};
use crate::date::Date;
use crate::ids::{CaseId, StateCode, ISO_3166_ALPHA3};

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
        doc.index_countries(c);
        doc.index_brokers(c);
        doc.index_concealment(c);
        doc.index_items(c);
        doc.index_text(record);
        doc.shrink_to_fit();
        doc
    }

    /// Countries: anywhere the arms went or were diverted, and the States
    /// involved (ToR-12). Not the country of manufacture: an item made in a
    /// State says nothing about that State's part in the diversion. Transit
    /// points also by themselves, by country and by name.
    fn index_countries(&mut self, c: &CaseContent) {
        let places =
            c.trafficking_route.iter().chain(&c.transit_points).chain(&c.destinations).chain(&c.diversion.place);
        for code in places.filter_map(|p| p.country) {
            self.countries.insert(code);
        }
        for code in c.transfer_chain.iter().filter_map(|l| l.country) {
            self.countries.insert(code);
        }
        for code in c.supply_sources.iter().filter_map(|s| s.country) {
            self.countries.insert(code);
        }
        for code in &c.states_involved {
            self.countries.insert(*code);
        }
        for p in &c.transit_points {
            if let Some(code) = p.country {
                self.transit_countries.insert(code);
            }
            push_normalized(&mut self.transit_text, &p.name);
        }
    }

    /// Brokers: the ToR-19 list, actors in a broker role, broker legs.
    fn index_brokers(&mut self, c: &CaseContent) {
        for b in &c.brokers {
            push_normalized(&mut self.brokers, b);
        }
        for a in c.actors.iter().filter(|a| a.role == Some(ActorRole::Broker)) {
            push_normalized(&mut self.brokers, &a.name);
        }
        for l in c.transfer_chain.iter().filter(|l| l.role == ChainRole::Broker) {
            push_normalized(&mut self.brokers, &l.entity);
        }
    }

    /// Concealment methods, each on its own line after the leading `\n`, so
    /// that a known term is matched whole.
    fn index_concealment(&mut self, c: &CaseContent) {
        for m in &c.concealment {
            push_normalized(&mut self.concealment, m.as_str());
        }
    }

    /// The items' makes, models and serial numbers.
    fn index_items(&mut self, c: &CaseContent) {
        for item in &c.items {
            push_normalized(&mut self.makes, &item.make);
            push_normalized(&mut self.models, &item.model);
            for s in &item.serial_numbers {
                let n = normalize_serial(&s.number);
                self.serials.push_str(&n);
                self.serials.push('\n');
                if s.partial && n.chars().count() >= MIN_PARTIAL_SERIAL {
                    self.partial_serials.push(n);
                }
            }
        }
    }

    /// Free text: every text field, and the case id so a pasted id finds it.
    fn index_text(&mut self, record: &CaseRecord) {
        let c = &record.content;
        let t = &mut self.text;
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
    }

    /// Thousands of documents stay in memory: drop the growth slack.
    fn shrink_to_fit(&mut self) {
        for s in [
            &mut self.transit_text,
            &mut self.brokers,
            &mut self.concealment,
            &mut self.makes,
            &mut self.models,
            &mut self.serials,
            &mut self.text,
        ] {
            s.shrink_to_fit();
        }
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
}
