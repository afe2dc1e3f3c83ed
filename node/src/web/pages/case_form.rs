//! The case form (ToR-18, ToR-19): every field a provider fills, rendered
//! empty or from a record being edited, and read back into a
//! [`CaseContent`]. Rows of items, transfer-chain legs and actors come in a
//! fixed number (no script adds rows); an empty row is ignored. The
//! node's own validation decides what is acceptable; a field that does not
//! parse is refused naming the field.

use dief_protocol::case::{
    Actor, ActorRole, ArmsCategory, CaseContent, CaseStatus, ChainRole, Detection, Diversion, DiversionStage,
    HandlingCode, Investigation, Item, Marking, OperationalUse, Place, SerialNumber, TransferLeg,
};
use dief_protocol::{Date, StateCode};
use maud::{html, Markup};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::core::i18n::{Arg, Tr};
use crate::web::Fields;

pub(crate) const ITEM_ROWS: usize = 3;
pub(crate) const LEG_ROWS: usize = 4;
pub(crate) const ACTOR_ROWS: usize = 2;

pub(crate) const STATUSES: [CaseStatus; 2] = [CaseStatus::Suspected, CaseStatus::Detected];
pub(crate) const INVESTIGATIONS: [Investigation; 2] = [Investigation::Ongoing, Investigation::Closed];
pub(crate) const HANDLING: [HandlingCode; 5] =
    [HandlingCode::Red, HandlingCode::AmberStrict, HandlingCode::Amber, HandlingCode::Green, HandlingCode::Clear];
pub(crate) const USES: [OperationalUse; 3] =
    [OperationalUse::ConsultProvider, OperationalUse::PreAuthorised, OperationalUse::NotPermitted];

/// A unit enum's wire term (`"post_delivery"`), which is also the end of
/// its catalog key.
pub(crate) fn term<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn from_term<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// A field that did not parse, named by its catalog key.
#[derive(Debug)]
pub(crate) struct BadField(pub &'static str, pub String);

fn opt_date(f: &Fields, name: &str, key: &'static str) -> Result<Option<Date>, BadField> {
    match f.get(name) {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| BadField(key, v.to_string())),
    }
}

fn opt_state(f: &Fields, name: &str, key: &'static str) -> Result<Option<StateCode>, BadField> {
    match f.get(name) {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| BadField(key, v.to_string())),
    }
}

fn pick<T: DeserializeOwned>(f: &Fields, name: &str, key: &'static str) -> Result<T, BadField> {
    from_term(f.get(name)).ok_or_else(|| BadField(key, f.get(name).to_string()))
}

fn list(s: &str, sep: char) -> Vec<String> {
    s.split(sep).map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

/// The form's fields as a case.
pub(crate) fn read(f: &Fields) -> Result<CaseContent, BadField> {
    let mut states_involved = Vec::new();
    for code in list(f.get("states_involved"), ',') {
        states_involved.push(code.parse().map_err(|_| BadField("case-states-involved", code.clone()))?);
    }
    let place_country = opt_state(f, "diversion_country", "case-diversion-country")?;
    let place_name = f.get("diversion_place");
    let diversion = Diversion {
        date: opt_date(f, "diversion_date", "case-diversion-date")?,
        date_end: None,
        place: (!place_name.is_empty() || place_country.is_some()).then(|| Place::new(place_name, place_country)),
        stage: match f.get("stage") {
            "" => None,
            s => Some(from_term(s).ok_or_else(|| BadField("case-diversion-stage", s.to_string()))?),
        },
        means_and_methods: f.get("means").to_string(),
    };
    let detection = Detection {
        date: opt_date(f, "detection_date", "case-detection-date")?,
        how: f.get("detection_how").to_string(),
        agency: f.get("detection_agency").to_string(),
    };
    let marking = Marking {
        confidentiality: f.get("confidentiality").to_string(),
        handling: pick(f, "handling", "case-handling")?,
        operational_use: pick(f, "operational_use", "case-operational-use")?,
        not_for_sharing: None,
    };
    Ok(CaseContent {
        title: f.get("title").to_string(),
        summary: f.get("summary").to_string(),
        status: pick(f, "status", "case-status")?,
        investigation: pick(f, "investigation", "case-investigation")?,
        languages: vec![],
        marking,
        diversion,
        detection,
        illicit_activities: vec![],
        trafficking_route: vec![],
        brokers: list(f.get("brokers"), ';'),
        supply_sources: vec![],
        concealment: vec![],
        transit_points: list(f.get("transit_points"), ';').into_iter().map(|n| Place::new(n, None)).collect(),
        destinations: list(f.get("destinations"), ';').into_iter().map(|n| Place::new(n, None)).collect(),
        items: read_items(f)?,
        transfer_chain: read_legs(f)?,
        actors: read_actors(f)?,
        states_involved,
        attachments: vec![],
        streamed_attachments: vec![],
    })
}

fn read_items(f: &Fields) -> Result<Vec<Item>, BadField> {
    let mut out = Vec::new();
    for i in 0..ITEM_ROWS {
        let n = |k: &str| format!("item{i}_{k}");
        let cat = f.get(&n("category"));
        if cat.is_empty() {
            continue;
        }
        let mut item =
            Item::new(from_term::<ArmsCategory>(cat).ok_or_else(|| BadField("case-item-category", cat.into()))?);
        item.item_type = f.get(&n("type")).to_string();
        item.make = f.get(&n("make")).to_string();
        item.model = f.get(&n("model")).to_string();
        item.calibre = f.get(&n("calibre")).to_string();
        item.serial_numbers =
            list(f.get(&n("serials")), ',').into_iter().map(|number| SerialNumber { number, partial: false }).collect();
        let q = f.get(&n("quantity"));
        if !q.is_empty() {
            item.quantity = q.parse().map_err(|_| BadField("case-item-quantity", q.to_string()))?;
        }
        out.push(item);
    }
    Ok(out)
}

fn read_legs(f: &Fields) -> Result<Vec<TransferLeg>, BadField> {
    let mut out = Vec::new();
    for i in 0..LEG_ROWS {
        let n = |k: &str| format!("leg{i}_{k}");
        let role = f.get(&n("role"));
        if role.is_empty() {
            continue;
        }
        let mut leg = TransferLeg::new(from_term(role).ok_or_else(|| BadField("case-leg-role", role.into()))?);
        leg.entity = f.get(&n("entity")).to_string();
        leg.country = opt_state(f, &n("country"), "case-leg-country")?;
        leg.date = opt_date(f, &n("date"), "case-leg-date")?;
        leg.export_licence = f.get(&n("licence")).to_string();
        leg.end_user_certificate = f.get(&n("euc")).to_string();
        out.push(leg);
    }
    Ok(out)
}

fn read_actors(f: &Fields) -> Result<Vec<Actor>, BadField> {
    let mut out = Vec::new();
    for i in 0..ACTOR_ROWS {
        let n = |k: &str| format!("actor{i}_{k}");
        let name = f.get(&n("name"));
        if name.is_empty() {
            continue;
        }
        let role = f.get(&n("role"));
        out.push(Actor {
            name: name.to_string(),
            role: (!role.is_empty()).then(|| ActorRole::from_text(role)),
            country: opt_state(f, &n("country"), "case-actor-country")?,
            description: f.get(&n("description")).to_string(),
            marking: String::new(),
            handling_note: String::new(),
        });
    }
    Ok(out)
}

fn select<T: Serialize + PartialEq>(
    tr: Tr,
    name: &str,
    prefix: &str,
    options: &[T],
    selected: Option<&T>,
    blank: bool,
) -> Markup {
    html! {
        select id=(name) name=(name) {
            @if blank { option value="" { "—" } }
            @for o in options {
                option value=(term(o)) selected[selected == Some(o)] { (tr.t(&format!("{prefix}-{}", term(o)))) }
            }
        }
    }
}

fn text(label: String, name: &str, value: &str) -> Markup {
    html! { label { (label) input type="text" name=(name) value=(value); } }
}

/// A text field holding a list, with the hint on how to separate items.
fn list_field(tr: Tr, key: &str, name: &str, value: &str) -> Markup {
    html! { label { (tr.t(key)) " " span.muted { (tr.t(&format!("{key}-hint"))) } input type="text" name=(name) value=(value); } }
}

fn date(label: String, name: &str, value: Option<Date>) -> Markup {
    html! { label { (label) input type="date" name=(name) value=[value.map(|d| d.to_string())]; } }
}

/// The whole form, filled from `c` when editing.
pub(crate) fn form(tr: Tr, c: Option<&CaseContent>) -> Markup {
    let d = c.cloned().unwrap_or_else(|| CaseContent::new("", CaseStatus::Suspected, Investigation::Ongoing));
    let place = d.diversion.place.clone().unwrap_or_default();
    let codes = d.states_involved.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ");
    let names = |p: &[Place]| p.iter().map(|x| x.name.clone()).collect::<Vec<_>>().join("; ");
    html! {
        fieldset {
            legend { (tr.t("case-section-general")) }
            label for="title" { (tr.t("case-title")) }
            input #title type="text" name="title" value=(d.title) required;
            label for="summary" { (tr.t("case-summary")) }
            textarea #summary name="summary" rows="4" { (d.summary) }
            div.row {
                label { (tr.t("case-status")) (select(tr, "status", "status", &STATUSES, Some(&d.status), false)) }
                label { (tr.t("case-investigation")) (select(tr, "investigation", "investigation", &INVESTIGATIONS, Some(&d.investigation), false)) }
            }
            label for="states_involved" { (tr.t("case-states-involved")) " " span.muted { (tr.t("case-codes-hint")) } }
            input #states_involved type="text" name="states_involved" value=(codes) placeholder="GHA, PER";
        }
        fieldset {
            legend { (tr.t("case-section-marking")) }
            div.row {
                label { (tr.t("case-handling")) (select(tr, "handling", "tlp", &HANDLING, Some(&d.marking.handling), false)) }
                label { (tr.t("case-operational-use")) (select(tr, "operational_use", "use", &USES, Some(&d.marking.operational_use), false)) }
            }
            (text(tr.t("case-confidentiality"), "confidentiality", &d.marking.confidentiality))
        }
        fieldset {
            legend { (tr.t("case-section-diversion")) }
            div.row {
                (date(tr.t("case-diversion-date"), "diversion_date", d.diversion.date))
                label { (tr.t("case-diversion-stage")) (select(tr, "stage", "stage", &DiversionStage::ALL, d.diversion.stage.as_ref(), true)) }
            }
            div.row {
                (text(tr.t("case-diversion-place"), "diversion_place", &place.name))
                (text(tr.t("case-diversion-country"), "diversion_country", &place.country.map(|c| c.to_string()).unwrap_or_default()))
            }
            label for="means" { (tr.t("case-means")) }
            textarea #means name="means" rows="3" { (d.diversion.means_and_methods) }
            (list_field(tr, "case-transit-points", "transit_points", &names(&d.transit_points)))
            (list_field(tr, "case-destinations", "destinations", &names(&d.destinations)))
            (list_field(tr, "case-brokers", "brokers", &d.brokers.join("; ")))
        }
        fieldset {
            legend { (tr.t("case-section-detection")) }
            div.row {
                (date(tr.t("case-detection-date"), "detection_date", d.detection.date))
                (text(tr.t("case-detection-agency"), "detection_agency", &d.detection.agency))
            }
            (text(tr.t("case-detection-how"), "detection_how", &d.detection.how))
        }
        fieldset {
            legend { (tr.t("case-section-items")) }
            @for i in 0..ITEM_ROWS {
                @let it = d.items.get(i);
                fieldset.rowset {
                    legend { (tr.ta("case-item-n", &[("n", Arg::N(i as i64 + 1))])) }
                    div.row {
                        label { (tr.t("case-item-category")) (select(tr, &format!("item{i}_category"), "category", &ArmsCategory::ALL, it.map(|x| &x.category), true)) }
                        (text(tr.t("case-item-type"), &format!("item{i}_type"), it.map(|x| x.item_type.as_str()).unwrap_or("")))
                        (text(tr.t("case-item-quantity"), &format!("item{i}_quantity"), &it.map(|x| x.quantity.to_string()).unwrap_or_default()))
                    }
                    div.row {
                        (text(tr.t("case-item-make"), &format!("item{i}_make"), it.map(|x| x.make.as_str()).unwrap_or("")))
                        (text(tr.t("case-item-model"), &format!("item{i}_model"), it.map(|x| x.model.as_str()).unwrap_or("")))
                        (text(tr.t("case-item-calibre"), &format!("item{i}_calibre"), it.map(|x| x.calibre.as_str()).unwrap_or("")))
                    }
                    (list_field(tr, "case-item-serials", &format!("item{i}_serials"), &it.map(|x| x.serial_numbers.iter().map(|s| s.number.clone()).collect::<Vec<_>>().join(", ")).unwrap_or_default()))
                }
            }
        }
        fieldset {
            legend { (tr.t("case-section-chain")) }
            @for i in 0..LEG_ROWS {
                @let leg = d.transfer_chain.get(i);
                fieldset.rowset {
                    legend { (tr.ta("case-leg-n", &[("n", Arg::N(i as i64 + 1))])) }
                    div.row {
                        label { (tr.t("case-leg-role")) (select(tr, &format!("leg{i}_role"), "chain", &ChainRole::ALL, leg.map(|l| &l.role), true)) }
                        (text(tr.t("case-leg-entity"), &format!("leg{i}_entity"), leg.map(|l| l.entity.as_str()).unwrap_or("")))
                        (text(tr.t("case-leg-country"), &format!("leg{i}_country"), &leg.and_then(|l| l.country).map(|c| c.to_string()).unwrap_or_default()))
                        (date(tr.t("case-leg-date"), &format!("leg{i}_date"), leg.and_then(|l| l.date)))
                    }
                    div.row {
                        (text(tr.t("case-leg-licence"), &format!("leg{i}_licence"), leg.map(|l| l.export_licence.as_str()).unwrap_or("")))
                        (text(tr.t("case-leg-euc"), &format!("leg{i}_euc"), leg.map(|l| l.end_user_certificate.as_str()).unwrap_or("")))
                    }
                }
            }
        }
        fieldset {
            legend { (tr.t("case-section-actors")) }
            @for i in 0..ACTOR_ROWS {
                @let a = d.actors.get(i);
                div.row {
                    (text(tr.t("case-actor-name"), &format!("actor{i}_name"), a.map(|x| x.name.as_str()).unwrap_or("")))
                    (text(tr.t("case-actor-role"), &format!("actor{i}_role"), a.and_then(|x| x.role.as_ref()).map(|r| r.as_str()).unwrap_or("")))
                    (text(tr.t("case-actor-country"), &format!("actor{i}_country"), &a.and_then(|x| x.country).map(|c| c.to_string()).unwrap_or_default()))
                    (text(tr.t("case-actor-description"), &format!("actor{i}_description"), a.map(|x| x.description.as_str()).unwrap_or("")))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        Fields::parse(body.as_bytes())
    }

    #[test]
    fn the_form_reads_back_into_the_case_it_shows() {
        let f = fields(&[
            ("title", "Rifles diverted at transit"),
            ("status", "detected"),
            ("investigation", "ongoing"),
            ("handling", "amber_strict"),
            ("operational_use", "consult_provider"),
            ("states_involved", "gha, PER"),
            ("stage", "transit"),
            ("diversion_date", "2026-04-02"),
            ("item0_category", "small_arms_and_light_weapons"),
            ("item0_make", "Maker"),
            ("item0_quantity", "40"),
            ("item0_serials", "A1, A2"),
            ("leg1_role", "broker"),
            ("leg1_entity", "Shell Co"),
            ("leg1_country", "PER"),
        ]);
        let c = read(&f).unwrap();
        assert_eq!(c.marking.handling, HandlingCode::AmberStrict);
        assert_eq!(c.states_involved.len(), 2);
        assert_eq!(c.items.len(), 1);
        assert_eq!((c.items[0].quantity, c.items[0].serial_numbers.len()), (40, 2));
        assert_eq!(c.transfer_chain[0].role, ChainRole::Broker);
        // What the form shows for this case reads back the same.
        let html = form(Tr::new("en"), Some(&c)).into_string();
        assert!(html.contains(r#"value="Shell Co""#) && html.contains(r#"value="A1, A2""#), "{html}");
        let bad = fields(&[
            ("title", "x"),
            ("status", "maybe"),
            ("investigation", "ongoing"),
            ("handling", "amber"),
            ("operational_use", "consult_provider"),
        ]);
        assert_eq!(read(&bad).unwrap_err().0, "case-status");
        let bad = fields(&[
            ("title", "x"),
            ("status", "detected"),
            ("investigation", "ongoing"),
            ("handling", "amber"),
            ("operational_use", "consult_provider"),
            ("item0_category", "ammunition"),
            ("item0_quantity", "many"),
        ]);
        assert_eq!(read(&bad).unwrap_err().0, "case-item-quantity");
    }
}
