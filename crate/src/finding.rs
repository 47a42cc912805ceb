//! What a check reports.

use crate::rule::{Category, Severity};
use serde::Serialize;

/// One risky phrase and what to write instead. Offsets are UTF-16 code
/// units (JavaScript string indices), end-exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: &'static str,
    pub suggestions: Vec<String>,
    /// The range the suggestions replace: the phrase, or its whole sentence.
    pub replace_start: usize,
    pub replace_end: usize,
}

/// A rule as the catalogue and the extension's settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub lang: crate::rule::Lang,
    pub category: Category,
    pub severity: Severity,
    pub message: &'static str,
    pub examples: &'static [&'static str],
}
