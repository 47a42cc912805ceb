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
/// map) is options: serde would otherwise also take a list of values in
/// field order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub lang: LangChoice,
    pub address: AddressChoice,
    /// Rule ids to skip. Unknown ids are ignored: settings may outlive a rule.
    pub disabled_rules: Vec<String>,
    pub disabled_categories: Vec<Category>,
    /// Phrases the writer wants left alone (compared case-insensitively).
    pub allowed_phrases: Vec<String>,
}

/// The fields of [`Options`], as serde reads them from a map.
#[derive(Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
struct Fields {
    lang: LangChoice,
    address: AddressChoice,
    disabled_rules: Vec<String>,
    disabled_categories: Vec<Category>,
    allowed_phrases: Vec<String>,
}

impl Default for Fields {
    fn default() -> Fields {
        let Options {
            lang,
            address,
            disabled_rules,
            disabled_categories,
            allowed_phrases,
        } = Options::default();
        Fields {
            lang,
            address,
            disabled_rules,
            disabled_categories,
            allowed_phrases,
        }
    }
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
                let fields = Fields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Options {
                    lang: fields.lang,
                    address: fields.address,
                    disabled_rules: fields.disabled_rules,
                    disabled_categories: fields.disabled_categories,
                    allowed_phrases: fields.allowed_phrases,
                })
            }
        }
        deserializer.deserialize_map(MapOnly)
    }
}
