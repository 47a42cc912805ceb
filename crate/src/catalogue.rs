//! The rule catalogue, rendered from the rule data for people to read.

use crate::rule::{self, Category, Lang, Rule, Severity};
use serde::Serialize;
use std::fmt::Write as _;

/// A one-line-per-rule listing for the terminal.
pub fn text() -> String {
    let mut out = String::new();
    for r in rule::all() {
        let _ = writeln!(
            out,
            "{:<32} {:<12} {:<7} {}",
            r.id,
            r.category.name(),
            r.severity.name(),
            r.message
        );
    }
    out
}

/// One rule with everything written about it, for tools.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    id: &'static str,
    lang: Lang,
    category: Category,
    severity: Severity,
    message: &'static str,
    note: &'static str,
    examples: &'static [&'static str],
    counter_examples: &'static [&'static str],
    suggestions: &'static [&'static str],
}

/// The whole catalogue as JSON: every rule with its note, examples,
/// counter-examples and suggestions.
pub fn json() -> String {
    let entries: Vec<Entry> = (rule::all().iter())
        .map(|r| {
            let docs = rule::docs(r);
            Entry {
                id: r.id,
                lang: r.lang,
                category: r.category,
                severity: r.severity,
                message: r.message,
                note: docs.note,
                examples: docs.examples,
                counter_examples: docs.counter_examples,
                suggestions: r.suggestions,
            }
        })
        .collect();
    serde_json::to_string_pretty(&entries).expect("the catalogue is plain data") + "\n"
}

/// The Markdown catalogue (`docs/rules.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Takt rule catalogue\n\n\
         Generated from `crate/rules/**/*.toml` by `takt rules --format markdown`; do not edit by hand.\n\n",
    );
    for lang in Lang::ALL {
        let rules: Vec<&Rule> = rule::all().iter().filter(|r| r.lang == lang).collect();
        let title = match lang {
            Lang::De => "German",
            Lang::En => "English",
        };
        let _ = writeln!(out, "## {title} ({} rules)\n", rules.len());
        for r in &rules {
            let _ = writeln!(
                out,
                "- [`{}`](#{}) — {}: {}",
                r.id,
                anchor(r.id),
                r.category.name(),
                r.message
            );
        }
        out.push('\n');
        for r in rules {
            rule_section(&mut out, r);
        }
    }
    out
}

fn anchor(id: &str) -> String {
    id.replace('.', "")
}

fn rule_section(out: &mut String, r: &Rule) {
    let docs = rule::docs(r);
    let _ = writeln!(out, "### {}\n", r.id);
    let _ = writeln!(
        out,
        "**{}**, {}. {}\n",
        r.category.name(),
        r.severity.name(),
        r.message
    );
    if !docs.note.is_empty() {
        let _ = writeln!(out, "{}\n", docs.note);
    }
    let list = |out: &mut String, title: &str, items: &[&str]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "{title}:\n");
        for item in items {
            let _ = writeln!(out, "- {}", item.replace('\n', " "));
        }
        out.push('\n');
    };
    list(out, "Flagged", docs.examples);
    list(out, "Not flagged", docs.counter_examples);
    list(out, "Suggested instead", r.suggestions);
    if r.patterns().len() > 0 {
        let _ = writeln!(out, "Patterns:\n");
        for p in r.patterns() {
            let _ = writeln!(out, "- `{}`", p.source);
        }
        out.push('\n');
    }
}
