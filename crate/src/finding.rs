//! What a check reports.

use crate::rule::{Category, Severity};
use serde::{Serialize, Serializer};

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

/// Findings with each rule's texts given once, for passing them on: a long
/// mail has many findings of few rules. As JSON:
/// `{ "rules": { id: { category, severity, message } }, "findings": [{ start,
/// end, rule, suggestions, replaceStart, replaceEnd }] }`.
#[derive(Debug, Serialize)]
pub struct Compact<'a> {
    #[serde(serialize_with = "as_map")]
    rules: Vec<(&'static str, RuleTexts)>,
    findings: Vec<Located<'a>>,
}

/// Rules by id, sorted, each once (a map would cost the module more code).
fn as_map<S: Serializer>(rules: &[(&str, RuleTexts)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(rules.iter().map(|(id, texts)| (id, texts)))
}

#[derive(Debug, Serialize)]
struct RuleTexts {
    category: Category,
    severity: Severity,
    message: &'static str,
}

/// A finding without its rule's texts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Located<'a> {
    start: usize,
    end: usize,
    rule: &'static str,
    suggestions: &'a [String],
    replace_start: usize,
    replace_end: usize,
}

impl<'a> Compact<'a> {
    pub fn new(findings: &'a [Finding]) -> Compact<'a> {
        let mut rules: Vec<(&'static str, RuleTexts)> = findings
            .iter()
            .map(|f| {
                let texts = RuleTexts {
                    category: f.category,
                    severity: f.severity,
                    message: f.message,
                };
                (f.rule, texts)
            })
            .collect();
        rules.sort_unstable_by_key(|&(id, _)| id);
        rules.dedup_by_key(|&mut (id, _)| id);
        let findings = findings
            .iter()
            .map(|f| Located {
                start: f.start,
                end: f.end,
                rule: f.rule,
                suggestions: &f.suggestions,
                replace_start: f.replace_start,
                replace_end: f.replace_end,
            })
            .collect();
        Compact { rules, findings }
    }
}
