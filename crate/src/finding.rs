//! What a check reports.

use crate::address::Address;
use crate::rule::{Category, Rule, Severity};
use crate::suggest;
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

/// A finding before its suggestions are written out: many findings share
/// a list of suggestions, which the WebAssembly interface hands over once.
#[derive(Debug)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub rule: &'static Rule,
    pub suggestions: Suggestions,
    pub replace_start: usize,
    pub replace_end: usize,
}

/// What a finding's suggestions are made of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Suggestions {
    /// The rule's own, for the mail's form of address and with a capital
    /// first letter where the text they replace has one.
    Rule { address: Address, capital: bool },
    /// One word, such as the form of address a stray pronoun should take.
    Word(String),
}

impl Suggestions {
    pub fn render(&self, rule: &Rule) -> Vec<String> {
        match self {
            Suggestions::Rule { address, capital } => rule
                .suggestions
                .iter()
                .map(|template| suggest::render(template, *address, *capital))
                .collect(),
            Suggestions::Word(word) => vec![word.clone()],
        }
    }
}

impl From<Found> for Finding {
    fn from(found: Found) -> Finding {
        let rule = found.rule;
        Finding {
            start: found.start,
            end: found.end,
            rule: rule.id,
            category: rule.category,
            severity: rule.severity,
            message: rule.message,
            suggestions: found.suggestions.render(rule),
            replace_start: found.replace_start,
            replace_end: found.replace_end,
        }
    }
}

/// A rule as the catalogue and the extension's settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub lang: crate::rule::Lang,
    pub category: Category,
    pub severity: Severity,
    pub message: &'static str,
    /// A phrase the rule flags.
    pub example: &'static str,
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

#[derive(Debug, Clone, Serialize)]
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
        crate::grouped::sort_by(&mut rules, |a, b| a.0 < b.0);
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
