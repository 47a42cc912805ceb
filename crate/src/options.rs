//! What the caller can tune per check, and how it is validated.

use crate::rule::Category;
use serde::Deserialize;

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
/// so a typo in a setting never silently does nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    pub lang: LangChoice,
    pub address: AddressChoice,
    /// Rule ids to skip. Unknown ids are ignored: settings may outlive a rule.
    pub disabled_rules: Vec<String>,
    pub disabled_categories: Vec<Category>,
    /// Phrases the writer wants left alone (compared case-insensitively).
    pub allowed_phrases: Vec<String>,
}
