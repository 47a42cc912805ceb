//! What the caller can tune per check, and how it is validated.

use crate::rule::Category;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Which language rules to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangChoice {
    #[default]
    Auto,
    De,
    En,
}

/// The form of address to assume when the mail itself does not tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressChoice {
    #[default]
    Auto,
    Sie,
    Du,
}

/// Options of one check. Unknown keys and wrongly typed values are errors,
/// so a typo in a setting never silently does nothing. Only an object (a
/// map) is options: the derived code (with serde's `remote = "Self"` it is
/// the inherent `Options::deserialize`) would also take a list of values in
/// field order, so the `Deserialize` impl below asks for a map first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(
    remote = "Self",
    default,
    rename_all = "camelCase",
    deny_unknown_fields
)]
pub struct Options {
    pub lang: LangChoice,
    pub address: AddressChoice,
    /// Rule ids to skip. Unknown ids are ignored: settings may outlive a rule.
    pub disabled_rules: Vec<String>,
    pub disabled_categories: Vec<Category>,
    /// Phrases the writer wants left alone (compared case-insensitively).
    pub allowed_phrases: Vec<String>,
}

impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Options, D::Error> {
        struct MapOnly;
        impl<'de> Visitor<'de> for MapOnly {
            type Value = Options;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"an object of options such as {"lang": "de"}"#)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Options, A::Error> {
                Options::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(MapOnly)
    }
}
