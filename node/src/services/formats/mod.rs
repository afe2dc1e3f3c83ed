//! Exchange formats the agencies' own tools read (issue 14): a case as a
//! STIX 2.1 bundle (`stix.rs`) or a MISP event (`misp.rs`), and a MISP
//! event imported as a new own case.
//!
//! The mapping is pure (no IO, no clock; ids derived from the case id in
//! `ids.rs`) but lives in the node, not in `dief-protocol`: the protocol
//! holds what two nodes must agree on, and no node ever receives these
//! formats from another; they leave and enter through one State's local API.
//!
//! Export is operational use (ToR-16): it goes through
//! `Node::release_for_use` in `procedures/use_requests.rs`, the same check
//! and the same audit entry as the JSON operational export, so an own case
//! is always exportable and a received one only once its provider agreed.
//! Import creates an own case like `dief case create` (validated, audited
//! as created, shared with nobody until the State chooses to).

use std::str::FromStr;

use dief_protocol::reason::Reason;
use dief_protocol::CaseId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tracing::{info, info_span, Instrument};

use crate::core::audit::AuditAction;
use crate::core::error::{NodeError, NodeResult};
use crate::core::node::Node;

mod countries;
mod ids;
pub mod misp;
pub mod stix;

/// The formats a case is exported in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A STIX 2.1 bundle.
    Stix,
    /// A MISP event.
    Misp,
}

impl ExportFormat {
    /// The name written in the audit log.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Stix => "stix-2.1",
            ExportFormat::Misp => "misp",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "stix" | "stix-2.1" | "stix2" => Ok(ExportFormat::Stix),
            "misp" => Ok(ExportFormat::Misp),
            _ => Err(format!("format {s:?} is not stix or misp")),
        }
    }
}

/// What an import made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImportReport {
    /// The new own case.
    pub case_id: CaseId,
    pub version: u32,
    /// What the event held that the case has no place for.
    pub not_imported: Vec<String>,
}

impl Node {
    /// A case as STIX or MISP JSON, released for operational use under the
    /// ToR-16 rule and audited as a format export.
    pub async fn export_as(&self, id: &CaseId, format: ExportFormat) -> NodeResult<Value> {
        let span = info_span!("export_as", case = %id, format = format.label());
        async {
            let action = AuditAction::FormatExport { format: format.label().to_string() };
            let released = self.release_for_use(id, action).await?;
            let conditions = released.conditions.as_deref();
            let out = match format {
                ExportFormat::Stix => stix::bundle(&released.record, conditions),
                ExportFormat::Misp => misp::event(&released.record, conditions),
            };
            info!("case exported");
            Ok(out)
        }
        .instrument(span)
        .await
    }

    /// A MISP event (its JSON bytes) as a new own case of this State.
    pub async fn import_misp(&self, bytes: &[u8]) -> NodeResult<ImportReport> {
        let span = info_span!("import_misp", bytes = bytes.len());
        async {
            let imported = misp::import(bytes)
                .map_err(|e| NodeError::Refused(Reason::new("refusal-formats-misp-import").text("detail", e)))?;
            let record = self.create_case(imported.content).await?;
            info!(case = %record.id, not_imported = imported.not_imported.len(), "MISP event imported");
            Ok(ImportReport { case_id: record.id, version: record.version, not_imported: imported.not_imported })
        }
        .instrument(span)
        .await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::BTreeSet;

    use dief_protocol::case::{
        Actor, ActorRole, ArmsCategory, CaseContent, CaseStatus, ChainRole, Concealment, DiversionStage, HandlingCode,
        IllicitActivity, Investigation, Item, NotForSharing, NotForSharingReason, OperationalUse, Place, SerialNumber,
        SupplyKind, SupplySource, TransferLeg,
    };
    use dief_protocol::{CaseRecord, Date, StateCode};
    use serde_json::{json, Value};

    use super::misp::{self, MispError};
    use super::stix;

    fn st(s: &str) -> StateCode {
        s.parse().unwrap()
    }

    fn day(s: &str) -> Option<Date> {
        Some(s.parse().unwrap())
    }

    /// A case with every section filled, some twice.
    fn rich() -> CaseRecord {
        let mut c = CaseContent::new("Rifles diverted in transit", CaseStatus::Detected, Investigation::Ongoing);
        c.summary = "Forty rifles left the port in a container declared as machine parts.\nSecond line.".into();
        c.languages = vec!["en".into(), "fr".into()];
        c.marking.confidentiality = "RESTRICTED".into();
        c.marking.handling = HandlingCode::AmberStrict;
        c.marking.operational_use = OperationalUse::PreAuthorised;
        c.marking.not_for_sharing =
            Some(NotForSharing { reason: NotForSharingReason::OngoingProceedings, note: "trial in May".into() });
        c.diversion.date = day("2026-03-04");
        c.diversion.date_end = day("2026-03-09");
        c.diversion.place = Some(Place::new("Port of Tema", Some(st("GHA"))));
        c.diversion.stage = Some(DiversionStage::Transit);
        c.diversion.means_and_methods = "Container re-sealed after inspection".into();
        c.detection.date = day("2026-05-20");
        c.detection.how = "port inspection".into();
        c.detection.agency = "Customs".into();
        c.illicit_activities = vec![
            IllicitActivity { description: "bribed inspector".into(), corruption: true },
            IllicitActivity { description: "false manifest".into(), corruption: false },
        ];
        c.trafficking_route = vec![Place::new("Tema", Some(st("GHA"))), Place::new("", Some(st("TGO")))];
        c.transit_points = vec![Place::new("Lomé", Some(st("TGO")))];
        c.destinations = vec![Place::new("northern border area", None)];
        c.brokers = vec!["Acme Brokerage".into(), "J. Doe".into()];
        c.supply_sources = vec![SupplySource {
            kind: Some(SupplyKind::AuthorisedTransfer),
            description: "licensed export".into(),
            country: Some(st("FRA")),
        }];
        c.concealment = vec![Concealment::Container, Concealment::Other("in tyres".into())];
        let mut rifle = Item::new(ArmsCategory::SmallArmsAndLightWeapons);
        rifle.item_type = "assault rifle".into();
        rifle.make = "Example Arms".into();
        rifle.model = "EA-7".into();
        rifle.calibre = "7.62x39mm".into();
        rifle.serial_numbers = vec![
            SerialNumber { number: "EA-1204".into(), partial: false },
            SerialNumber { number: "12".into(), partial: true },
            SerialNumber { number: "EA-1206".into(), partial: false },
        ];
        rifle.lot = "L-99".into();
        rifle.year_of_manufacture = Some(1998);
        rifle.country_of_manufacture = Some(st("FRA"));
        rifle.import_marking = "GH-98".into();
        rifle.other_markings = vec!["crest".into(), "arsenal stamp".into()];
        rifle.quantity = 40;
        rifle.counterfeit = true;
        rifle.notes = "two with filed serials".into();
        c.items = vec![rifle, Item::new(ArmsCategory::Ammunition)];
        let mut exporter = TransferLeg::new(ChainRole::Exporter);
        exporter.entity = "Example Arms SA".into();
        exporter.country = Some(st("FRA"));
        exporter.export_licence = "FR-EL-2025-1".into();
        exporter.end_user_certificate = "EUC-77".into();
        exporter.date = day("2026-02-01");
        exporter.date_end = day("2026-02-03");
        exporter.notes = "licensed".into();
        let mut broker = TransferLeg::new(ChainRole::Broker);
        broker.entity = "Acme Brokerage".into();
        c.transfer_chain = vec![exporter, broker, TransferLeg::new(ChainRole::EndUser)];
        c.actors = vec![
            Actor {
                name: "Acme Brokerage".into(),
                role: Some(ActorRole::Broker),
                country: Some(st("TGO")),
                description: "registered in Lomé".into(),
                marking: "SECRET".into(),
                handling_note: "do not contact".into(),
            },
            Actor { name: "Group X".into(), role: Some(ActorRole::CriminalGroup), ..Actor::default() },
        ];
        c.states_involved = vec![st("GHA"), st("TGO")];
        c.validate().unwrap();
        CaseRecord {
            id: "FRA-01HZY0Q6S2D8J4XK8V4Y3N9B7C".parse().unwrap(),
            version: 3,
            created_at: 1_774_000_000_123,
            updated_at: 1_780_000_000_456,
            content: c,
        }
    }

    fn objects(bundle: &Value) -> &Vec<Value> {
        bundle["objects"].as_array().unwrap()
    }

    #[test]
    fn every_stix_object_has_the_common_properties_and_the_tlp() {
        let r = rich();
        let b = stix::bundle(&r, None);
        assert_eq!(b["type"], "bundle");
        assert!(b["id"].as_str().unwrap().starts_with("bundle--"));
        let (tlp_id, _) = stix::tlp(HandlingCode::AmberStrict);
        for o in objects(&b) {
            let (kind, id) = (o["type"].as_str().unwrap(), o["id"].as_str().unwrap());
            assert_eq!(id.split_once("--").unwrap().0, kind, "{o}");
            assert_eq!(id.len(), kind.len() + 2 + 36, "{id}");
            assert_eq!(o["spec_version"], "2.1", "{o}");
            assert!(o["created"].as_str().unwrap().ends_with('Z'), "{o}");
            if kind == "marking-definition" {
                // Immutable: STIX gives them no `modified`.
                assert!(o.get("modified").is_none(), "{o}");
                continue;
            }
            assert_eq!(o["created"].as_str().unwrap().len(), "2026-03-20T09:46:40.123Z".len(), "{o}");
            assert!(o["modified"].as_str().unwrap().ends_with('Z'), "{o}");
            let marks: Vec<&str> =
                o["object_marking_refs"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
            assert!(marks.contains(&tlp_id), "{o}");
            if kind.starts_with("x-") {
                assert!(o["extensions"][stix::EXTENSION_ID]["extension_type"] == "new-sdo", "{o}");
            }
        }
        let kinds: BTreeSet<&str> = objects(&b).iter().map(|o| o["type"].as_str().unwrap()).collect();
        for k in ["identity", "location", "relationship", "report", "marking-definition", "x-dief-item"] {
            assert!(kinds.contains(k), "no {k} in {kinds:?}");
        }
        assert!(
            kinds.contains("x-dief-case")
                && kinds.contains("x-dief-transfer-leg")
                && kinds.contains("extension-definition")
        );
    }

    #[test]
    fn every_stix_reference_resolves_within_the_bundle() {
        let b = stix::bundle(&rich(), Some("only for the prosecution of case 12"));
        let ids: BTreeSet<&str> = objects(&b).iter().map(|o| o["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), objects(&b).len(), "ids are unique");
        let mut checked = 0;
        for o in objects(&b) {
            for (k, v) in o.as_object().unwrap() {
                let refs: Vec<&str> = if k.ends_with("_ref") {
                    vec![v.as_str().unwrap()]
                } else if k.ends_with("_refs") {
                    v.as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect()
                } else {
                    continue;
                };
                for r in refs {
                    assert!(ids.contains(r), "{k} -> {r} of {} is not in the bundle", o["id"]);
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked}");
        let report = objects(&b).iter().find(|o| o["type"] == "report").unwrap();
        assert_eq!(report["name"], "Rifles diverted in transit");
        assert_eq!(report["external_references"][0]["external_id"], "FRA-01HZY0Q6S2D8J4XK8V4Y3N9B7C");
        assert!(report["description"].as_str().unwrap().starts_with("Forty rifles"));
        // Every object but the markings and the extension's definition is in the report.
        let definitions = objects(&b)
            .iter()
            .filter(|o| o["type"] == "marking-definition" || o["type"] == "extension-definition")
            .count();
        assert_eq!(report["object_refs"].as_array().unwrap().len(), objects(&b).len() - definitions - 1);
        let statements: Vec<&str> = objects(&b).iter().filter_map(|o| o["definition"]["statement"].as_str()).collect();
        assert!(statements.iter().any(|s| s.contains("only for the prosecution")), "{statements:?}");
        assert!(statements.contains(&"RESTRICTED") && statements.contains(&"SECRET: do not contact"), "{statements:?}");
        let gha = objects(&b).iter().find(|o| o["type"] == "location" && o["name"] == "GHA").unwrap();
        assert_eq!(gha["country"], "GH");
    }

    #[test]
    fn each_handling_code_maps_to_its_tlp_2_marking() {
        let mut r = rich();
        for (code, level, tag) in [
            (HandlingCode::Clear, "clear", "tlp:clear"),
            (HandlingCode::Green, "green", "tlp:green"),
            (HandlingCode::Amber, "amber", "tlp:amber"),
            (HandlingCode::AmberStrict, "amber+strict", "tlp:amber+strict"),
            (HandlingCode::Red, "red", "tlp:red"),
        ] {
            r.content.marking.handling = code;
            let b = stix::bundle(&r, None);
            let tlps: Vec<&Value> = objects(&b)
                .iter()
                .filter(|o| {
                    o.get("extensions")
                        .is_some_and(|e| e.get("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d").is_some())
                })
                .collect();
            assert_eq!(tlps.len(), 1, "one TLP marking for {code:?}");
            assert_eq!(tlps[0]["id"], stix::tlp(code).0);
            assert_eq!(
                tlps[0]["extensions"]["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]["tlp_2_0"],
                level
            );
            assert_eq!(tlps[0]["name"], format!("TLP:{}", level.to_uppercase()));
            let e = misp::event(&r, None);
            assert_eq!(e["Event"]["Tag"][0]["name"], tag);
        }
        let ids: BTreeSet<&str> = [
            HandlingCode::Clear,
            HandlingCode::Green,
            HandlingCode::Amber,
            HandlingCode::AmberStrict,
            HandlingCode::Red,
        ]
        .into_iter()
        .map(|c| stix::tlp(c).0)
        .collect();
        assert_eq!(ids.len(), 5);
    }

    #[test]
    fn exports_are_deterministic_and_ids_follow_the_case() {
        let r = rich();
        assert_eq!(stix::bundle(&r, None), stix::bundle(&r, None));
        assert_eq!(misp::event(&r, None), misp::event(&r, None));
        let mut edited = r.clone();
        edited.version += 1;
        edited.updated_at += 60_000;
        edited.content.summary.push_str(" More.");
        let (a, b) = (stix::bundle(&r, None), stix::bundle(&edited, None));
        let report = |b: &Value| objects(b).iter().find(|o| o["type"] == "report").cloned().unwrap();
        // A new version is the same STIX object, modified later.
        assert_eq!(report(&a)["id"], report(&b)["id"]);
        assert_ne!(report(&a)["modified"], report(&b)["modified"]);
        assert_eq!(report(&a)["created"], report(&b)["created"]);
        assert_ne!(a["id"], b["id"], "a bundle is per version");
        let mut other = r.clone();
        other.id = "FRA-01HZY0Q6S2D8J4XK8V4Y3N9B7D".parse().unwrap();
        assert_ne!(report(&a)["id"], report(&stix::bundle(&other, None))["id"]);
        assert_ne!(misp::event(&r, None)["Event"]["uuid"], misp::event(&other, None)["Event"]["uuid"]);
    }

    /// What must survive a round trip: the whole content but the
    /// attachments, which are not exported.
    #[test]
    fn a_rich_case_survives_the_misp_round_trip() {
        let r = rich();
        let text = serde_json::to_vec(&misp::event(&r, None)).unwrap();
        let back = misp::import(&text).unwrap();
        assert_eq!(back.content, r.content);
        assert!(back.not_imported.is_empty(), "{:?}", back.not_imported);
        // With conditions: the case is the same; the conditions are reported, not imported.
        let text = serde_json::to_vec(&misp::event(&r, Some("court use only"))).unwrap();
        let back = misp::import(&text).unwrap();
        assert_eq!(back.content, r.content);
        assert_eq!(back.not_imported.len(), 1);
        assert!(back.not_imported[0].contains("use-conditions"), "{:?}", back.not_imported);
        // And a minimal one.
        let mut min = r.clone();
        min.content = CaseContent::new("t", CaseStatus::Suspected, Investigation::Closed);
        let back = misp::import(&serde_json::to_vec(&misp::event(&min, None)).unwrap()).unwrap();
        assert_eq!(back.content, min.content);
    }

    #[test]
    fn a_foreign_misp_event_is_imported_with_what_was_left_out_listed() {
        let ev = json!({"Event": {
            "info": "Shipment seized",
            "analysis": 2,
            "Tag": [{"name": "tlp:red"}, {"name": "type:OSINT"}],
            "Attribute": [{"type": "ip-dst", "value": "192.0.2.1", "category": "Network activity"}],
            "Object": [
                {"name": "file", "Attribute": [{"type": "md5", "object_relation": "md5", "value": "00"}]},
                {"name": "dief-item", "Attribute": [
                    {"type": "text", "object_relation": "category", "value": "ammunition"},
                    {"type": "text", "object_relation": "colour", "value": "green"},
                    {"type": "counter", "object_relation": "quantity", "value": 500}
                ]}
            ],
            "Galaxy": [{"name": "x"}]
        }});
        let got = misp::import(&serde_json::to_vec(&ev).unwrap()).unwrap();
        let c = &got.content;
        assert_eq!(c.title, "Shipment seized");
        assert_eq!(c.investigation, Investigation::Closed);
        assert_eq!(c.marking.handling, HandlingCode::Red);
        assert_eq!(c.items.len(), 1);
        assert_eq!(c.items[0].quantity, 500);
        let all = got.not_imported.join("\n");
        for needle in ["type:OSINT", "ip-dst", "Object[0] (file)", "dief-item colour", "Galaxy"] {
            assert!(all.contains(needle), "{needle} missing from:\n{all}");
        }
        assert!(!all.contains("192.0.2.1"), "values are not quoted: {all}");
        assert_eq!(got.not_imported.len(), 5, "{all}");
    }

    #[test]
    fn bad_misp_input_is_refused_with_the_field_named() {
        let refused = |v: Value| misp::import(&serde_json::to_vec(&v).unwrap()).unwrap_err().to_string();
        let e = refused(json!({"Event": {"info": "x", "Object": [{"name": "dief-item", "Attribute": [
            {"type": "text", "object_relation": "category", "value": "ammunition"},
            {"type": "counter", "object_relation": "quantity", "value": "many"}]}]}}));
        assert!(e.contains("Event.Object[0].Attribute[1] (dief-item quantity)") && e.contains("many"), "{e}");
        let e = refused(json!({"Event": {"info": "x", "Object": [{"name": "dief-actor", "Attribute": [
            {"type": "text", "object_relation": "country", "value": "XXX"}]}]}}));
        assert!(e.contains("dief-actor country") && e.contains("ISO 3166"), "{e}");
        let e = refused(json!({"Event": {"info": "x", "Object": [{"name": "dief-item", "Attribute": []}]}}));
        assert!(e.contains("Event.Object[0]") && e.contains("category"), "{e}");
        let e = refused(json!({"Event": {"info": "  "}}));
        assert!(e.contains("Event.info"), "{e}");
        let e = refused(json!({"Event": {"info": "x", "Tag": [{"nom": "tlp:red"}]}}));
        assert!(e.contains("Event.Tag[0]") && e.contains("name"), "{e}");
        let e = refused(json!({"event": {}}));
        assert!(e.contains("Event"), "{e}");
        assert!(matches!(misp::import(b"{\"Event\": {\"info\": \"x\"}} trailing"), Err(MispError::Decode { .. })));
        assert!(matches!(misp::import(b""), Err(MispError::Decode { .. })));
    }

    #[test]
    fn oversized_misp_input_is_refused_before_it_is_read() {
        let big = vec![b' '; misp::MAX_IMPORT_BYTES + 1];
        assert!(matches!(misp::import(&big), Err(MispError::TooLarge { .. })));
        let attrs: Vec<Value> = (0..=misp::MAX_ATTRIBUTES).map(|_| json!({"type": "text", "value": "a"})).collect();
        let e = misp::import(&serde_json::to_vec(&json!({"Event": {"info": "x", "Attribute": attrs}})).unwrap());
        assert!(matches!(e, Err(MispError::TooMany { what: "attributes", .. })), "{e:?}");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(misp::import(deep.as_bytes()), Err(MispError::Decode { .. })));
    }

    /// Never a panic, whatever the bytes: mutations of a real export.
    #[test]
    fn misp_import_never_panics_on_mangled_input() {
        let good = serde_json::to_vec(&misp::event(&rich(), None)).unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for round in 0..3000 {
            let mut bytes = good.clone();
            for _ in 0..(1 + round % 8) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed as usize) % bytes.len();
                match round % 3 {
                    0 => bytes[at] = (seed >> 32) as u8,
                    1 => bytes.truncate(at.max(1)),
                    _ => bytes.insert(at, b"{[\",:0"[(seed >> 40) as usize % 6]),
                }
            }
            let _ = misp::import(&bytes);
        }
    }
}
