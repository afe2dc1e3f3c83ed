//! The controlled vocabularies of a case (ToR-18, ToR-19), kept apart so
//! that adding a term touches this file alone, and so that the wire names of
//! the ATT categories are defined once for the record, its checks and search.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::CaseError;

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
            pub(super) fn is_canonical(&self) -> bool {
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

    pub(super) fn bit(self) -> u16 {
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
            why: super::validation::WHY_CATEGORY,
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

impl DiversionStage {
    /// Every stage, in the order of the transfer chain.
    pub const ALL: [DiversionStage; 4] =
        [DiversionStage::Export, DiversionStage::Transit, DiversionStage::Import, DiversionStage::PostDelivery];
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

impl ChainRole {
    /// Every role, from the maker to the end user.
    pub const ALL: [ChainRole; 9] = [
        ChainRole::Manufacturer,
        ChainRole::Exporter,
        ChainRole::Importer,
        ChainRole::Transit,
        ChainRole::Broker,
        ChainRole::Shipper,
        ChainRole::FreightForwarder,
        ChainRole::Financier,
        ChainRole::EndUser,
    ];
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

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
}
