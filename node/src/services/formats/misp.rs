//! A case as a MISP event (`{"Event": {...}}`), and a MISP event back as a
//! new case.
//!
//! Export: `info` is the title; `date` the diversion's date (else the
//! detection's, else the day the case was created); `analysis` 1 (ongoing)
//! or 2 (completed) from the investigation; `threat_level_id` 4
//! (undefined: dief grades no threat); `distribution` 0 (this organisation
//! only: the event is for the national tools of the State exporting it, not
//! for MISP's own synchronisation); tags `tlp:<level>` (the MISP TLP
//! taxonomy, TLP 2.0 levels), `dief:case-id="…"`, `dief:provider="…"` and
//! `dief:version="…"`. Everything else is in MISP objects, one per entry,
//! whose attributes are named by `object_relation`:
//!
//! | object | relations |
//! |---|---|
//! | `dief-case` | summary, status, investigation, language\*, confidentiality, operational-use, not-for-sharing-reason, not-for-sharing-note, diversion-date, diversion-date-end, diversion-place-name, diversion-place-country, diversion-stage, means-and-methods, detection-date, detection-how, detection-agency, broker\*, concealment\*, state-involved\* |
//! | `dief-item` | category, type, make, model, calibre, serial-number\* (comment `partial` when only partly legible), lot, year-of-manufacture, country-of-manufacture, import-marking, other-marking\*, quantity, counterfeit, notes |
//! | `dief-transfer-leg` | sequence, role, entity, country, export-licence, end-user-certificate, date, date-end, notes |
//! | `dief-actor` | name, role, country, description, marking, handling-note |
//! | `dief-place` | list (trafficking-route, transit-point, destination), sequence, name, country |
//! | `dief-illicit-activity` | description, corruption |
//! | `dief-supply-source` | kind, description, country |
//!
//! (\* repeated.) Attachments are not exported.
//!
//! Import reads the same form back into a new [`CaseContent`] and lists
//! everything else it was given (event-level attributes, other objects,
//! relations it does not know, other tags) as not imported, rather than
//! dropping it silently. A MISP event from elsewhere gives a case with its
//! `info` as title, its `analysis` as the investigation and its TLP tag as
//! handling (TLP:AMBER, dief's default, without one). The input is bounded
//! ([`MAX_IMPORT_BYTES`], [`MAX_ATTRIBUTES`], [`MAX_OBJECTS`]) and every
//! refusal names the field, e.g. `Event.Object[3].Attribute[1] (dief-item
//! quantity)`.

use dief_protocol::case::{
    deserialize_named, Actor, ActorRole, ArmsCategory, CaseContent, CaseStatus, Concealment, HandlingCode,
    IllicitActivity, Investigation, Item, NotForSharing, Place, SerialNumber, SupplyKind, SupplySource, TransferLeg,
};
use dief_protocol::{CaseRecord, Date, StateCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::ids::{unix_seconds, uuid_for};

/// Largest MISP event accepted for import: a case's text is at most 2 MiB
/// and its structure well under 1 MiB; MISP's JSON roughly triples that.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;
/// Most attributes (event-level and in objects together): a case holds at
/// most 10,000 serial numbers and a few thousand other entries.
pub const MAX_ATTRIBUTES: usize = 20_000;
/// Most objects in an event.
pub const MAX_OBJECTS: usize = 5_000;

/// Why a MISP event was not imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MispError {
    #[error("the MISP event is {len} bytes, over the import limit of {limit}")]
    TooLarge { len: usize, limit: usize },
    #[error("the MISP event has {count} {what}, over the import limit of {limit}")]
    TooMany { what: &'static str, count: usize, limit: usize },
    #[error("not a MISP event (expected {{\"Event\": {{...}}}}): {field}: {reason}")]
    Decode { field: String, reason: String },
    #[error("{field}: {reason}")]
    Field { field: String, reason: String },
}

/// A MISP event read as a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub content: CaseContent,
    /// What the event held that the case has no place for, one line each
    /// (where it was, and what kind of thing; never its value).
    pub not_imported: Vec<String>,
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

/// One MISP object being written.
struct Obj<'a> {
    record: &'a CaseRecord,
    name: &'static str,
    role: String,
    attributes: Vec<Value>,
}

impl<'a> Obj<'a> {
    fn new(record: &'a CaseRecord, name: &'static str, role: String) -> Self {
        Obj { record, name, role, attributes: Vec::new() }
    }

    /// An attribute of MISP type `kind`; empty values are left out (MISP
    /// refuses them).
    fn attr(&mut self, relation: &str, kind: &str, value: &str, comment: &str) -> &mut Self {
        if value.is_empty() {
            return self;
        }
        let role = format!("{}/{}", self.role, self.attributes.len());
        let mut a = json!({
            "uuid": uuid_for(&self.record.id, &role),
            "type": kind,
            "category": "Other",
            "object_relation": relation,
            "value": value,
            "to_ids": false,
            "distribution": "5",
            "timestamp": unix_seconds(self.record.updated_at),
        });
        if !comment.is_empty() {
            a["comment"] = comment.into();
        }
        self.attributes.push(a);
        self
    }

    fn text(&mut self, relation: &str, value: &str) -> &mut Self {
        self.attr(relation, "text", value, "")
    }

    fn opt<T: ToString>(&mut self, relation: &str, value: Option<T>) -> &mut Self {
        match value {
            Some(v) => self.attr(relation, "text", &v.to_string(), ""),
            None => self,
        }
    }

    fn flag(&mut self, relation: &str, value: bool) -> &mut Self {
        if value {
            self.attr(relation, "boolean", "1", "");
        }
        self
    }

    fn counter(&mut self, relation: &str, value: usize) -> &mut Self {
        self.attr(relation, "counter", &value.to_string(), "")
    }

    fn finish(self) -> Value {
        json!({
            "uuid": uuid_for(&self.record.id, &self.role),
            "name": self.name,
            "meta-category": "misc",
            "description": format!("dief case record: {}", self.name),
            "distribution": "5",
            "timestamp": unix_seconds(self.record.updated_at),
            "Attribute": self.attributes,
        })
    }
}

/// The serde name of a unit enum variant (`"end_user"`).
fn term<T: Serialize>(t: &T) -> String {
    match serde_json::to_value(t) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The MISP TLP taxonomy tag of a handling code.
pub fn tlp_tag(code: HandlingCode) -> &'static str {
    match code {
        HandlingCode::Clear => "tlp:clear",
        HandlingCode::Green => "tlp:green",
        HandlingCode::Amber => "tlp:amber",
        HandlingCode::AmberStrict => "tlp:amber+strict",
        HandlingCode::Red => "tlp:red",
    }
}

/// The case as a MISP event. Pure and deterministic. `conditions` are those
/// of the provider's agreement to operational use (ToR-16), if any: the
/// `dief-case` object carries them as `use-conditions` (not imported back:
/// they bind this export, not a new case).
pub fn event(record: &CaseRecord, conditions: Option<&str>) -> Value {
    let c = &record.content;
    let mut objects = vec![case_object(record, conditions)];
    for (i, item) in c.items.iter().enumerate() {
        objects.push(item_object(record, i, item));
    }
    for (i, leg) in c.transfer_chain.iter().enumerate() {
        let mut o = Obj::new(record, "dief-transfer-leg", format!("leg/{i}"));
        o.counter("sequence", i + 1)
            .text("role", &term(&leg.role))
            .text("entity", &leg.entity)
            .opt("country", leg.country)
            .text("export-licence", &leg.export_licence)
            .text("end-user-certificate", &leg.end_user_certificate)
            .opt("date", leg.date)
            .opt("date-end", leg.date_end)
            .attr("notes", "comment", &leg.notes, "");
        objects.push(o.finish());
    }
    for (i, a) in c.actors.iter().enumerate() {
        let mut o = Obj::new(record, "dief-actor", format!("actor/{i}"));
        o.text("name", &a.name)
            .opt("role", a.role.as_ref().map(|r| r.as_str()))
            .opt("country", a.country)
            .text("description", &a.description)
            .text("marking", &a.marking)
            .text("handling-note", &a.handling_note);
        objects.push(o.finish());
    }
    let lists = [
        ("trafficking-route", &c.trafficking_route),
        ("transit-point", &c.transit_points),
        ("destination", &c.destinations),
    ];
    for (list, places) in lists {
        for (i, p) in places.iter().enumerate() {
            let mut o = Obj::new(record, "dief-place", format!("place/{list}/{i}"));
            o.text("list", list).counter("sequence", i + 1).text("name", &p.name).opt("country", p.country);
            objects.push(o.finish());
        }
    }
    for (i, a) in c.illicit_activities.iter().enumerate() {
        let mut o = Obj::new(record, "dief-illicit-activity", format!("activity/{i}"));
        o.text("description", &a.description).flag("corruption", a.corruption);
        objects.push(o.finish());
    }
    for (i, s) in c.supply_sources.iter().enumerate() {
        let mut o = Obj::new(record, "dief-supply-source", format!("source/{i}"));
        o.opt("kind", s.kind.as_ref().map(|k| k.as_str()))
            .text("description", &s.description)
            .opt("country", s.country);
        objects.push(o.finish());
    }
    let date = c.diversion.date.or(c.detection.date).unwrap_or_else(|| Date::from_unix_ms(record.created_at));
    let tags: Vec<Value> = [
        tlp_tag(c.marking.handling).to_string(),
        format!("dief:case-id=\"{}\"", record.id),
        format!("dief:provider=\"{}\"", record.provider()),
        format!("dief:version=\"{}\"", record.version),
    ]
    .into_iter()
    .map(|name| json!({ "name": name }))
    .collect();
    json!({
        "Event": {
            "uuid": uuid_for(&record.id, "misp-event"),
            "info": c.title,
            "date": date.to_string(),
            "threat_level_id": "4",
            "analysis": match c.investigation { Investigation::Ongoing => "1", Investigation::Closed => "2" },
            "distribution": "0",
            "published": false,
            "timestamp": unix_seconds(record.updated_at),
            "Tag": tags,
            "Object": objects,
        }
    })
}

fn case_object(record: &CaseRecord, conditions: Option<&str>) -> Value {
    let c = &record.content;
    let (d, det, m) = (&c.diversion, &c.detection, &c.marking);
    let mut o = Obj::new(record, "dief-case", "case".into());
    o.text("summary", &c.summary).text("status", &term(&c.status)).text("investigation", &term(&c.investigation));
    for l in &c.languages {
        o.text("language", l);
    }
    o.text("confidentiality", &m.confidentiality).text("operational-use", &term(&m.operational_use));
    if let Some(nfs) = &m.not_for_sharing {
        o.text("not-for-sharing-reason", &term(&nfs.reason)).text("not-for-sharing-note", &nfs.note);
    }
    o.opt("diversion-date", d.date)
        .opt("diversion-date-end", d.date_end)
        .text("diversion-place-name", d.place.as_ref().map(|p| p.name.as_str()).unwrap_or(""))
        .opt("diversion-place-country", d.place.as_ref().and_then(|p| p.country))
        .opt("diversion-stage", d.stage.as_ref().map(term))
        .text("means-and-methods", &d.means_and_methods)
        .opt("detection-date", det.date)
        .text("detection-how", &det.how)
        .text("detection-agency", &det.agency);
    for b in &c.brokers {
        o.text("broker", b);
    }
    for k in &c.concealment {
        o.text("concealment", k.as_str());
    }
    for s in &c.states_involved {
        o.text("state-involved", s.as_str());
    }
    o.attr("use-conditions", "comment", conditions.unwrap_or("").trim(), "");
    o.finish()
}

fn item_object(record: &CaseRecord, i: usize, item: &Item) -> Value {
    let mut o = Obj::new(record, "dief-item", format!("item/{i}"));
    o.text("category", item.category.as_str())
        .text("type", &item.item_type)
        .text("make", &item.make)
        .text("model", &item.model)
        .text("calibre", &item.calibre);
    for s in &item.serial_numbers {
        o.attr("serial-number", "text", &s.number, if s.partial { "partial" } else { "" });
    }
    o.text("lot", &item.lot)
        .opt("year-of-manufacture", item.year_of_manufacture)
        .opt("country-of-manufacture", item.country_of_manufacture)
        .text("import-marking", &item.import_marking);
    for m in &item.other_markings {
        o.text("other-marking", m);
    }
    o.attr("quantity", "counter", &item.quantity.to_string(), "").flag("counterfeit", item.counterfeit).attr(
        "notes",
        "comment",
        &item.notes,
        "",
    );
    o.finish()
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(rename = "Event")]
    event: MispEvent,
}

#[derive(Debug, Deserialize)]
struct MispEvent {
    #[serde(default)]
    info: String,
    /// MISP writes numbers as strings; either is taken.
    #[serde(default)]
    analysis: Option<Scalar>,
    #[serde(default, rename = "Tag")]
    tags: Vec<MispTag>,
    #[serde(default, rename = "Attribute")]
    attributes: Vec<MispAttribute>,
    #[serde(default, rename = "Object")]
    objects: Vec<MispObject>,
    #[serde(default, rename = "EventReport")]
    reports: Vec<Value>,
    #[serde(default, rename = "Galaxy")]
    galaxies: Vec<Value>,
}

#[derive(Debug, Deserialize)]
struct MispTag {
    name: String,
}

#[derive(Debug, Deserialize)]
struct MispAttribute {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    object_relation: Option<String>,
    value: Scalar,
    #[serde(default)]
    comment: Option<String>,
}

#[derive(Debug, Deserialize)]
struct MispObject {
    name: String,
    #[serde(default, rename = "Attribute")]
    attributes: Vec<MispAttribute>,
}

/// A MISP value: a string as MISP writes it, or a bare number or boolean as
/// other tools may.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        }
    }
}

/// The attributes of one object, taken by relation; what is never taken is
/// reported as not imported.
struct Fields {
    path: String,
    name: String,
    /// (relation, value, comment, attribute index, taken)
    attrs: Vec<(String, String, String, usize, bool)>,
}

impl Fields {
    fn new(index: usize, o: &MispObject) -> Self {
        let attrs = o
            .attributes
            .iter()
            .enumerate()
            .map(|(j, a)| {
                let rel = a.object_relation.clone().unwrap_or_default();
                (rel, a.value.text(), a.comment.clone().unwrap_or_default(), j, false)
            })
            .collect();
        Fields { path: format!("Event.Object[{index}]"), name: o.name.clone(), attrs }
    }

    fn field(&self, j: usize, rel: &str) -> String {
        format!("{}.Attribute[{j}] ({} {rel})", self.path, self.name)
    }

    /// Every value of `rel`, with its comment and its path.
    fn all(&mut self, rel: &str) -> Vec<(String, String, String)> {
        let Fields { path, name, attrs } = self;
        attrs
            .iter_mut()
            .filter(|a| a.0 == rel && !a.4)
            .map(|a| {
                a.4 = true;
                (a.1.clone(), a.2.clone(), format!("{path}.Attribute[{}] ({name} {rel})", a.3))
            })
            .collect()
    }

    /// The first value of `rel`; any further one is left for
    /// [`Fields::rest`].
    fn one(&mut self, rel: &str) -> Option<(String, String)> {
        let a = self.attrs.iter_mut().find(|a| a.0 == rel && !a.4)?;
        a.4 = true;
        let (value, j) = (a.1.clone(), a.3);
        Some((value, self.field(j, rel)))
    }

    fn text(&mut self, rel: &str) -> String {
        self.one(rel).map(|(v, _)| v).unwrap_or_default()
    }

    fn parse<T>(&mut self, rel: &str, f: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, MispError> {
        match self.one(rel) {
            None => Ok(None),
            Some((v, field)) => f(v.trim()).map(Some).map_err(|reason| MispError::Field { field, reason }),
        }
    }

    fn list<T>(&mut self, rel: &str, f: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, MispError> {
        self.all(rel)
            .into_iter()
            .map(|(v, _, field)| f(v.trim()).map_err(|reason| MispError::Field { field, reason }))
            .collect()
    }

    fn rest(self, out: &mut Vec<String>) {
        for a in self.attrs.iter().filter(|a| !a.4) {
            let rel = if a.0.is_empty() { "without object_relation" } else { &a.0 };
            out.push(format!("{}.Attribute[{}] ({} {rel}): not a field of the case record", self.path, a.3, self.name));
        }
    }
}

fn state(s: &str) -> Result<StateCode, String> {
    s.parse::<StateCode>().map_err(|e| e.to_string())
}

fn date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| format!("{s:?} is not a number in range: {e}"))
}

fn boolean(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(format!("{s:?} is not a boolean (1 or 0)")),
    }
}

/// A term of one of the case record's closed vocabularies, by its serde name.
fn closed<T: DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(Value::String(s.to_string())).map_err(|e| format!("{s:?}: {e}"))
}

/// Reads a MISP event (its JSON bytes) as a new case. Never panics; refuses
/// oversized input before parsing it.
pub fn import(bytes: &[u8]) -> Result<Imported, MispError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(MispError::TooLarge { len: bytes.len(), limit: MAX_IMPORT_BYTES });
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let envelope: Envelope = deserialize_named(&mut de).map_err(|e| match e {
        dief_protocol::case::CaseError::Decode { field, reason } => MispError::Decode { field, reason },
        other => MispError::Decode { field: String::new(), reason: other.to_string() },
    })?;
    de.end().map_err(|e| MispError::Decode { field: "(end)".into(), reason: e.to_string() })?;
    let ev = envelope.event;
    if ev.objects.len() > MAX_OBJECTS {
        return Err(MispError::TooMany { what: "objects", count: ev.objects.len(), limit: MAX_OBJECTS });
    }
    let count = ev.attributes.len() + ev.objects.iter().map(|o| o.attributes.len()).sum::<usize>();
    if count > MAX_ATTRIBUTES {
        return Err(MispError::TooMany { what: "attributes", count, limit: MAX_ATTRIBUTES });
    }
    let title = ev.info.trim();
    if title.is_empty() {
        return Err(MispError::Field {
            field: "Event.info".into(),
            reason: "is empty: it becomes the case's title".into(),
        });
    }
    let investigation = match ev.analysis.as_ref().map(Scalar::text).as_deref() {
        Some("2") => Investigation::Closed,
        _ => Investigation::Ongoing,
    };
    let mut c = CaseContent::new(title, CaseStatus::Suspected, investigation);
    let mut not_imported = Vec::new();
    read_tags(&ev.tags, &mut c, &mut not_imported);
    for (i, a) in ev.attributes.iter().enumerate() {
        not_imported.push(format!("Event.Attribute[{i}] (type {}): event-level attributes are not imported", a.kind));
    }
    for (what, n) in [("EventReport", ev.reports.len()), ("Galaxy", ev.galaxies.len())] {
        if n > 0 {
            not_imported.push(format!("Event.{what}: {n} not imported"));
        }
    }
    let mut legs = Vec::new();
    let mut places = Vec::new();
    let mut case_objects = 0;
    for (i, o) in ev.objects.iter().enumerate() {
        let mut f = Fields::new(i, o);
        match o.name.as_str() {
            "dief-case" if case_objects > 0 => {
                not_imported.push(format!("Event.Object[{i}] (dief-case): a second dief-case object"));
                continue;
            }
            "dief-case" => {
                case_objects += 1;
                read_case(&mut f, &mut c)?;
            }
            "dief-item" => c.items.push(read_item(&mut f)?),
            "dief-transfer-leg" => {
                let seq = f.parse("sequence", number::<usize>)?.unwrap_or(usize::MAX);
                legs.push((seq, read_leg(&mut f)?));
            }
            "dief-actor" => c.actors.push(read_actor(&mut f)?),
            "dief-place" => places.push(read_place(&mut f)?),
            "dief-illicit-activity" => c.illicit_activities.push(IllicitActivity {
                description: f.text("description"),
                corruption: f.parse("corruption", boolean)?.unwrap_or(false),
            }),
            "dief-supply-source" => c.supply_sources.push(SupplySource {
                kind: f.parse("kind", |s| Ok(SupplyKind::from_text(s)))?,
                description: f.text("description"),
                country: f.parse("country", state)?,
            }),
            other => {
                not_imported.push(format!("Event.Object[{i}] ({other}): not a dief object"));
                continue;
            }
        }
        f.rest(&mut not_imported);
    }
    // The sort is stable: entries without a sequence keep their order, last.
    legs.sort_by_key(|(seq, _)| *seq);
    c.transfer_chain = legs.into_iter().map(|(_, l)| l).collect();
    places.sort_by_key(|(_, seq, _)| *seq);
    for (list, _, p) in places {
        match list {
            PlaceList::Route => c.trafficking_route.push(p),
            PlaceList::Transit => c.transit_points.push(p),
            PlaceList::Destination => c.destinations.push(p),
        }
    }
    Ok(Imported { content: c, not_imported })
}

fn read_tags(tags: &[MispTag], c: &mut CaseContent, not_imported: &mut Vec<String>) {
    for (i, t) in tags.iter().enumerate() {
        let name = t.name.trim();
        let handling = match name.to_ascii_lowercase().as_str() {
            "tlp:clear" | "tlp:white" => Some(HandlingCode::Clear),
            "tlp:green" => Some(HandlingCode::Green),
            "tlp:amber" => Some(HandlingCode::Amber),
            "tlp:amber+strict" => Some(HandlingCode::AmberStrict),
            "tlp:red" => Some(HandlingCode::Red),
            _ => None,
        };
        if let Some(h) = handling {
            c.marking.handling = h;
        } else if !name.starts_with("dief:") {
            // dief's own tags name the original case; the import is a new one.
            not_imported.push(format!("Event.Tag[{i}]: {name:?} is not a TLP tag"));
        }
    }
}

fn read_case(f: &mut Fields, c: &mut CaseContent) -> Result<(), MispError> {
    c.summary = f.text("summary");
    if let Some(s) = f.parse("status", closed::<CaseStatus>)? {
        c.status = s;
    }
    if let Some(i) = f.parse("investigation", closed::<Investigation>)? {
        c.investigation = i;
    }
    c.languages = f.all("language").into_iter().map(|(v, _, _)| v).collect();
    c.marking.confidentiality = f.text("confidentiality");
    if let Some(u) = f.parse("operational-use", closed)? {
        c.marking.operational_use = u;
    }
    if let Some(reason) = f.parse("not-for-sharing-reason", closed)? {
        c.marking.not_for_sharing = Some(NotForSharing { reason, note: f.text("not-for-sharing-note") });
    }
    let d = &mut c.diversion;
    d.date = f.parse("diversion-date", date)?;
    d.date_end = f.parse("diversion-date-end", date)?;
    let (name, country) = (f.text("diversion-place-name"), f.parse("diversion-place-country", state)?);
    if !name.is_empty() || country.is_some() {
        d.place = Some(Place { name, country });
    }
    d.stage = f.parse("diversion-stage", closed)?;
    d.means_and_methods = f.text("means-and-methods");
    c.detection.date = f.parse("detection-date", date)?;
    c.detection.how = f.text("detection-how");
    c.detection.agency = f.text("detection-agency");
    c.brokers = f.all("broker").into_iter().map(|(v, _, _)| v).collect();
    c.concealment = f.all("concealment").into_iter().map(|(v, _, _)| Concealment::from_text(v)).collect();
    c.states_involved = f.list("state-involved", state)?;
    Ok(())
}

fn read_item(f: &mut Fields) -> Result<Item, MispError> {
    let category = match f.parse("category", |s| s.parse::<ArmsCategory>().map_err(|e| e.to_string()))? {
        Some(c) => c,
        None => return Err(MispError::Field { field: f.path.clone(), reason: "a dief-item needs a category".into() }),
    };
    let mut item = Item::new(category);
    item.item_type = f.text("type");
    item.make = f.text("make");
    item.model = f.text("model");
    item.calibre = f.text("calibre");
    item.serial_numbers = f
        .all("serial-number")
        .into_iter()
        .map(|(number, comment, _)| SerialNumber { number, partial: comment.trim() == "partial" })
        .collect();
    item.lot = f.text("lot");
    item.year_of_manufacture = f.parse("year-of-manufacture", number::<u16>)?;
    item.country_of_manufacture = f.parse("country-of-manufacture", state)?;
    item.import_marking = f.text("import-marking");
    item.other_markings = f.all("other-marking").into_iter().map(|(v, _, _)| v).collect();
    item.quantity = f.parse("quantity", number::<u32>)?.unwrap_or(1);
    item.counterfeit = f.parse("counterfeit", boolean)?.unwrap_or(false);
    item.notes = f.text("notes");
    Ok(item)
}

fn read_leg(f: &mut Fields) -> Result<TransferLeg, MispError> {
    let role = match f.parse("role", closed)? {
        Some(r) => r,
        None => {
            return Err(MispError::Field { field: f.path.clone(), reason: "a dief-transfer-leg needs a role".into() })
        }
    };
    let mut leg = TransferLeg::new(role);
    leg.entity = f.text("entity");
    leg.country = f.parse("country", state)?;
    leg.export_licence = f.text("export-licence");
    leg.end_user_certificate = f.text("end-user-certificate");
    leg.date = f.parse("date", date)?;
    leg.date_end = f.parse("date-end", date)?;
    leg.notes = f.text("notes");
    Ok(leg)
}

fn read_actor(f: &mut Fields) -> Result<Actor, MispError> {
    Ok(Actor {
        name: f.text("name"),
        role: f.parse("role", |s| Ok(ActorRole::from_text(s)))?,
        country: f.parse("country", state)?,
        description: f.text("description"),
        marking: f.text("marking"),
        handling_note: f.text("handling-note"),
    })
}

#[derive(Debug, Clone, Copy)]
enum PlaceList {
    Route,
    Transit,
    Destination,
}

fn read_place(f: &mut Fields) -> Result<(PlaceList, usize, Place), MispError> {
    let list = f.parse("list", |s| match s {
        "trafficking-route" => Ok(PlaceList::Route),
        "transit-point" => Ok(PlaceList::Transit),
        "destination" => Ok(PlaceList::Destination),
        other => Err(format!("{other:?} is not trafficking-route, transit-point or destination")),
    })?;
    let Some(list) = list else {
        return Err(MispError::Field { field: f.path.clone(), reason: "a dief-place needs its list".into() });
    };
    let seq = f.parse("sequence", number::<usize>)?.unwrap_or(usize::MAX);
    let place = Place { name: f.text("name"), country: f.parse("country", state)? };
    Ok((list, seq, place))
}
