//! A case as a STIX 2.1 bundle. Standard objects wherever one fits:
//!
//! - `identity`: the providing State (`created_by_ref` of everything
//!   else), each actor, each broker named without an actor entry, each
//!   transfer-chain entity that is not an actor;
//! - `location`: each country the case names (ISO 3166-1 alpha-2 in
//!   `country`, the alpha-3 code dief uses in `name`), with `located-at`
//!   `relationship`s from the identities;
//! - `report`: title, summary (`description`), `published`, the case id as an
//!   `external_reference`, and `object_refs` to every other object;
//! - `marking-definition`: the case's TLP (see [`tlp`]) on every object, and a
//!   `statement` marking for the provider's confidentiality label, and one
//!   per actor whose label or handling note is stricter.
//!
//! STIX has no object for arms, transfer-chain legs or the rest of the
//! ToR-18/19 record, so these are three custom objects defined the STIX 2.1
//! way (section 7.3: a new SDO declared by an `extension-definition`, with
//! `extension_type` `new-sdo`; `x-` prefixed types so older tools see them as
//! custom): `x-dief-item`, `x-dief-transfer-leg` (with `sequence`,
//! `entity_ref`, `location_ref`) and `x-dief-case` (status, investigation,
//! diversion, detection with its timeliness, the ToR-19 lists, the
//! operational-use rule). Their properties are the case record's field names
//! (`type` of an item becomes `item_type`). No custom property is put on a
//! standard object, so those validate with custom content refused.
//!
//! Attachments are not exported: their bytes stay in dief.

use dief_protocol::case::{ActorRole, CaseContent, HandlingCode, Item, TransferLeg};
use dief_protocol::{CaseId, CaseRecord, StateCode};
use serde_json::{json, Map, Value};

use super::countries::alpha2;
use super::ids::{stix_id, timestamp};

/// The `extension-definition` of dief's custom objects: one fixed id for
/// every export, so tools recognise the objects as the same kind.
pub const EXTENSION_ID: &str = "extension-definition--569e378e-b959-47cb-8490-c8b80474d19a";
/// The identity that defines the extension: the software, not a State.
const SOFTWARE_IDENTITY: &str = "identity--693c9314-3cd8-454c-bd41-27798eff7dc3";
/// When the extension was defined; fixed, so its objects never change.
const EXTENSION_CREATED: &str = "2026-12-01T00:00:00.000Z";
/// The OASIS TLP 2.0 extension (cti-stix-common-objects) that defines the
/// TLP 2.0 marking definitions.
const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The TLP 2.0 marking definition of a handling code: (id, level).
///
/// dief's handling codes *are* TLP 2.0 (CLEAR and AMBER+STRICT included), so
/// they map to the TLP 2.0 definitions that OASIS publishes, with their
/// published ids, rather than to the four TLP 1.0 definitions STIX 2.1
/// predefines: TLP 1.0 has no AMBER+STRICT, and mapping it to AMBER would
/// widen who may read the case. The definitions are included in the bundle.
pub fn tlp(code: HandlingCode) -> (&'static str, &'static str) {
    match code {
        HandlingCode::Clear => ("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear"),
        HandlingCode::Green => ("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green"),
        HandlingCode::Amber => ("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber"),
        HandlingCode::AmberStrict => ("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict"),
        HandlingCode::Red => ("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red"),
    }
}

/// Builds the bundle object by object; every object gets the common
/// properties in one place (`Bundle::sdo`).
struct Bundle<'a> {
    record: &'a CaseRecord,
    case: CaseId,
    provider_ref: String,
    /// The TLP and the confidentiality statement, on every object.
    markings: Vec<String>,
    objects: Vec<Value>,
    /// Which countries have a `location` already.
    locations: Vec<StateCode>,
}

/// The case as a STIX 2.1 bundle (a JSON object). Pure and deterministic:
/// the same record gives the same bytes.
///
/// `conditions` are those of the provider's agreement to operational use
/// (ToR-16), if any: they become a `statement` marking on every object.
pub fn bundle(record: &CaseRecord, conditions: Option<&str>) -> Value {
    let c = &record.content;
    let case = record.id;
    let provider_ref = stix_id("identity", &case, "provider");
    let mut b = Bundle { record, case, provider_ref, markings: Vec::new(), objects: Vec::new(), locations: Vec::new() };
    b.markings_and_definitions(conditions);
    let provider = b.sdo(
        "identity",
        "provider",
        json!({
            "name": record.provider().as_str(),
            "description": format!("The State that provides case {case} (ISO 3166-1 alpha-3 code)."),
            "identity_class": "organization",
            "sectors": ["government-national"],
        }),
    );
    // The provider's identity is the creator of everything; it is not
    // created by itself.
    b.objects.push(without(provider, "created_by_ref"));
    let actor_refs = b.actors(c);
    b.brokers(c, &actor_refs);
    b.items(c);
    b.legs(c, &actor_refs);
    b.case_object(c);
    for s in c.states_involved.iter().chain(countries_in(c).iter()) {
        b.location(*s);
    }
    b.report(c);
    json!({
        "type": "bundle",
        "id": stix_id("bundle", &case, &format!("bundle/{}", record.version)),
        "objects": b.objects,
    })
}

impl Bundle<'_> {
    /// A STIX domain object of `kind` with the common properties, then
    /// `props`.
    fn sdo(&self, kind: &str, role: &str, props: Value) -> Value {
        let mut o = Map::new();
        o.insert("type".into(), kind.into());
        o.insert("spec_version".into(), "2.1".into());
        o.insert("id".into(), stix_id(kind, &self.case, role).into());
        o.insert("created".into(), timestamp(self.record.created_at).into());
        o.insert("modified".into(), timestamp(self.record.updated_at).into());
        o.insert("created_by_ref".into(), self.provider_ref.clone().into());
        o.insert("object_marking_refs".into(), self.markings.clone().into());
        if let Value::Object(p) = props {
            o.extend(p);
        }
        Value::Object(o)
    }

    /// A dief custom object: an SDO declared by [`EXTENSION_ID`].
    fn custom(&self, kind: &str, role: &str, props: Value) -> Value {
        let mut o = self.sdo(kind, role, props);
        o["extensions"] = json!({ EXTENSION_ID: { "extension_type": "new-sdo" } });
        o
    }

    fn push(&mut self, o: Value) -> String {
        let id = o["id"].as_str().unwrap_or_default().to_string();
        self.objects.push(o);
        id
    }

    /// The TLP marking, the confidentiality statement, the extension
    /// definition and the identity that defines it.
    fn markings_and_definitions(&mut self, conditions: Option<&str>) {
        let marking = &self.record.content.marking;
        let (tlp_id, level) = tlp(marking.handling);
        self.objects.push(json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": tlp_id,
            "created": "2022-10-01T00:00:00.000Z",
            "name": format!("TLP:{}", level.to_uppercase()),
            "extensions": { TLP2_EXTENSION: { "extension_type": "property-extension", "tlp_2_0": level } },
        }));
        self.markings.push(tlp_id.to_string());
        let label = marking.confidentiality.trim();
        if !label.is_empty() {
            let id = self.statement("marking/confidentiality", label.to_string());
            self.markings.push(id);
        }
        if let Some(cond) = conditions.map(str::trim).filter(|c| !c.is_empty()) {
            let provider = self.record.provider();
            let id = self
                .statement("marking/use-conditions", format!("ToR-16: {provider} agreed to operational use: {cond}"));
            self.markings.push(id);
        }
        let mut software = self.sdo(
            "identity",
            "software",
            json!({
                "name": "dief",
                "description": "The software of the ATT Diversion Information Exchange Forum, which defines the \
                                x-dief-* objects.",
                "identity_class": "system",
            }),
        );
        software["id"] = SOFTWARE_IDENTITY.into();
        software["created"] = EXTENSION_CREATED.into();
        software["modified"] = EXTENSION_CREATED.into();
        self.objects.push(without(software, "created_by_ref"));
        let mut ext = self.sdo(
            "extension-definition",
            "extension",
            json!({
                "name": "dief case record",
                "description": "Arms diversion case records of the ATT Diversion Information Exchange Forum \
                                (ToR-18, ToR-19): x-dief-case, x-dief-item, x-dief-transfer-leg.",
                "schema": "x-dief-case: the case record's fields other than title, summary, items, transfer chain, \
                           actors and attachments. x-dief-item: one line of arms, ammunition or parts (category, \
                           item_type, make, model, calibre, serial_numbers, lot, quantity...). x-dief-transfer-leg: \
                           one leg of the transfer chain in order (sequence, role, entity, entity_ref, country, \
                           location_ref, licence, end-user certificate, dates). Field names and terms are those of \
                           the dief case record (README, Case record).",
                "version": "1.0.0",
                "extension_types": ["new-sdo"],
            }),
        );
        ext["id"] = EXTENSION_ID.into();
        ext["created"] = EXTENSION_CREATED.into();
        ext["modified"] = EXTENSION_CREATED.into();
        ext["created_by_ref"] = SOFTWARE_IDENTITY.into();
        self.objects.push(ext);
    }

    /// A `statement` marking definition (immutable: no `modified`, and not
    /// itself marked).
    fn statement(&mut self, role: &str, statement: String) -> String {
        let id = stix_id("marking-definition", &self.case, role);
        self.objects.push(json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": id,
            "created": timestamp(self.record.created_at),
            "created_by_ref": self.provider_ref,
            "definition_type": "statement",
            "definition": { "statement": statement },
        }));
        id
    }

    /// The `location` of a country, once per bundle.
    fn location(&mut self, s: StateCode) -> Option<String> {
        let a2 = alpha2(s.as_str())?;
        let role = format!("location/{s}");
        if !self.locations.contains(&s) {
            self.locations.push(s);
            let o = self.sdo("location", &role, json!({ "name": s.as_str(), "country": a2 }));
            self.push(o);
        }
        Some(stix_id("location", &self.case, &role))
    }

    fn located_at(&mut self, source: &str, role: &str, country: Option<StateCode>) {
        let Some(target) = country.and_then(|s| self.location(s)) else { return };
        let o = self.sdo(
            "relationship",
            &format!("{role}/located-at"),
            json!({ "relationship_type": "located-at", "source_ref": source, "target_ref": target }),
        );
        self.push(o);
    }

    /// Actors as identities; returns (name, id) for the brokers and legs
    /// that name them.
    fn actors(&mut self, c: &CaseContent) -> Vec<(String, String)> {
        let mut refs = Vec::new();
        for (i, a) in c.actors.iter().enumerate() {
            let role = format!("actor/{i}");
            let mut props = json!({ "name": a.name, "identity_class": identity_class(a.role.as_ref()) });
            if let Some(r) = &a.role {
                props["roles"] = json!([r.as_str()]);
            }
            if !a.description.is_empty() {
                props["description"] = a.description.clone().into();
            }
            let mut o = self.sdo("identity", &role, props);
            let statement = [a.marking.trim(), a.handling_note.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": ");
            if !statement.is_empty() {
                let id = self.statement(&format!("marking/{role}"), statement);
                if let Some(Value::Array(m)) = o.get_mut("object_marking_refs") {
                    m.push(id.into());
                }
            }
            let id = self.push(o);
            self.located_at(&id, &role, a.country);
            refs.push((a.name.clone(), id));
        }
        refs
    }

    fn brokers(&mut self, c: &CaseContent, actors: &[(String, String)]) {
        for (i, name) in c.brokers.iter().enumerate() {
            if actors.iter().any(|(n, _)| n == name) {
                continue;
            }
            let o = self.sdo(
                "identity",
                &format!("broker/{i}"),
                json!({ "name": name, "identity_class": "unknown", "roles": ["broker"] }),
            );
            self.push(o);
        }
    }

    fn items(&mut self, c: &CaseContent) {
        for (i, item) in c.items.iter().enumerate() {
            let props = item_props(item);
            let o = self.custom("x-dief-item", &format!("item/{i}"), props);
            self.push(o);
        }
    }

    fn legs(&mut self, c: &CaseContent, actors: &[(String, String)]) {
        for (i, leg) in c.transfer_chain.iter().enumerate() {
            let role = format!("leg/{i}");
            let mut props = leg_props(leg, i);
            if !leg.entity.is_empty() {
                let entity = match actors.iter().find(|(n, _)| *n == leg.entity) {
                    Some((_, id)) => id.clone(),
                    None => {
                        let erole = format!("{role}/entity");
                        let o = self.sdo(
                            "identity",
                            &erole,
                            json!({ "name": leg.entity, "identity_class": "unknown", "roles": [term(&leg.role)] }),
                        );
                        let id = self.push(o);
                        self.located_at(&id, &erole, leg.country);
                        id
                    }
                };
                props["entity_ref"] = entity.into();
            }
            if let Some(loc) = leg.country.and_then(|s| self.location(s)) {
                props["location_ref"] = loc.into();
            }
            let o = self.custom("x-dief-transfer-leg", &role, props);
            self.push(o);
        }
    }

    fn case_object(&mut self, c: &CaseContent) {
        let mut props = match serde_json::to_value(c) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        // Exported elsewhere in the bundle, or (attachments) not at all.
        for k in ["title", "summary", "items", "transfer_chain", "actors", "attachments", "marking"] {
            props.remove(k);
        }
        let m = &c.marking;
        props.insert("case_id".into(), self.case.to_string().into());
        props.insert("case_version".into(), self.record.version.into());
        props.insert("handling".into(), m.handling.label().into());
        props.insert("operational_use".into(), term(&m.operational_use).into());
        if !m.confidentiality.is_empty() {
            props.insert("confidentiality".into(), m.confidentiality.clone().into());
        }
        if let Some(nfs) = &m.not_for_sharing {
            props.insert("not_for_sharing".into(), serde_json::to_value(nfs).unwrap_or(Value::Null));
        }
        if let Some(days) = c.timeliness_days() {
            props.insert("timeliness_days".into(), days.into());
        }
        let o = self.custom("x-dief-case", "case", Value::Object(props));
        self.push(o);
    }

    fn report(&mut self, c: &CaseContent) {
        let refs: Vec<Value> = self
            .objects
            .iter()
            .filter_map(|o| o["id"].as_str())
            .filter(|id| !id.starts_with("marking-definition--") && !id.starts_with("extension-definition--"))
            .map(|id| Value::String(id.to_string()))
            .collect();
        let mut props = json!({
            "name": c.title,
            "report_types": ["threat-report"],
            "published": timestamp(self.record.updated_at),
            "labels": [term(&c.status), term(&c.investigation)],
            "external_references": [{
                "source_name": "dief",
                "external_id": self.case.to_string(),
                "description": format!("dief case {}, version {}", self.case, self.record.version),
            }],
            "object_refs": refs,
        });
        if !c.summary.is_empty() {
            props["description"] = c.summary.clone().into();
        }
        if let Some(lang) = c.languages.first() {
            props["lang"] = lang.clone().into();
        }
        let o = self.sdo("report", "report", props);
        self.push(o);
    }
}

fn without(mut o: Value, key: &str) -> Value {
    if let Value::Object(m) = &mut o {
        m.remove(key);
    }
    o
}

/// The serde name of a unit enum variant (`"end_user"`).
fn term<T: serde::Serialize>(t: &T) -> String {
    match serde_json::to_value(t) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn identity_class(role: Option<&ActorRole>) -> &'static str {
    match role {
        Some(ActorRole::ArmedGroup | ActorRole::CriminalGroup) => "group",
        Some(ActorRole::Official) => "individual",
        _ => "unknown",
    }
}

fn item_props(item: &Item) -> Value {
    let mut m = match serde_json::to_value(item) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    // `type` is STIX's own property.
    if let Some(t) = m.remove("type") {
        m.insert("item_type".into(), t);
    }
    m.insert("att_reference".into(), item.category.att_reference().into());
    Value::Object(m)
}

fn leg_props(leg: &TransferLeg, i: usize) -> Value {
    let mut m = match serde_json::to_value(leg) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    m.insert("sequence".into(), (i + 1).into());
    Value::Object(m)
}

/// Every country the case names outside `states_involved`, in the order
/// they appear.
fn countries_in(c: &CaseContent) -> Vec<StateCode> {
    let places = c.trafficking_route.iter().chain(&c.transit_points).chain(&c.destinations);
    places
        .filter_map(|p| p.country)
        .chain(c.diversion.place.as_ref().and_then(|p| p.country))
        .chain(c.supply_sources.iter().filter_map(|s| s.country))
        .chain(c.items.iter().filter_map(|i| i.country_of_manufacture))
        .collect()
}
