//! The rule registry: every rule Takt knows, compiled from `crate/rules/**/*.toml`
//! by the build script into static data.

use crate::literals::{Literals, Trie, WordTable};
pub use crate::pattern::AnchorKind;
use serde::Serialize;
use std::borrow::Cow;

/// A mail language Takt understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

/// What kind of harm a phrase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Refusal,
    Excuse,
    Manipulation,
    Blame,
    Vague,
    Address,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Refusal,
        Category::Excuse,
        Category::Manipulation,
        Category::Blame,
        Category::Vague,
        Category::Address,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Refusal => "refusal",
            Category::Excuse => "excuse",
            Category::Manipulation => "manipulation",
            Category::Blame => "blame",
            Category::Vague => "vague",
            Category::Address => "address",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Costs the customer's trust.
    Warning,
    /// Worth a second look.
    Hint,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// What a suggestion replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// The flagged phrase itself.
    Match,
    /// The whole sentence around it, without its final punctuation.
    Sentence,
}

/// One rule, as written in its TOML file, with its patterns compiled.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub lang: Lang,
    pub category: Category,
    pub severity: Severity,
    pub message: &'static str,
    pub patterns: &'static [Pattern],
    /// Patterns that, found in the same sentence, cancel a finding.
    pub unless: &'static [Pattern],
    pub replace: Replace,
    pub suggestions: &'static [&'static str],
    /// The example the extension's settings show: the first of
    /// [`RuleDocs::examples`].
    pub example: &'static str,
}

/// A rule pattern as written, checked by the build script, with the
/// literals it derived from it (as ids into [`literals`] of the rule's
/// language). The matcher compiles it on first use.
#[derive(Debug)]
pub struct Pattern {
    pub source: &'static str,
    /// Groups of literals: every match contains one literal of each group,
    /// in this order.
    pub required: &'static [&'static [LiteralId]],
    /// Which group of `required` the matcher looks for first: the build
    /// script chooses a group of words whose hits are few in most mails.
    pub anchor: usize,
    /// Literals at whose start every match starts, where the pattern says
    /// so: the search then only tries those places.
    pub starts: Option<&'static [LiteralId]>,
}

/// A literal's index in its language's [`literals`]: 16 bits keep the
/// patterns' tables small in the WebAssembly module.
pub type LiteralId = u16;

/// What only the catalogue and the tests read about a rule: kept apart from
/// [`Rule`] so that the WebAssembly build, which never shows it, does not
/// carry it.
#[derive(Debug)]
pub struct RuleDocs {
    pub id: &'static str,
    pub note: &'static str,
    /// Phrases the rule flags (the first is also [`Rule::example`]).
    pub examples: &'static [&'static str],
    /// Near misses it leaves alone.
    pub counter_examples: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// `sources[start..end]`, worked out as the module is built: the build
/// script writes each pattern as a span of its language's pattern texts.
const fn span(sources: &'static str, start: usize, end: usize) -> &'static str {
    let (_, rest) = sources.as_bytes().split_at(start);
    let (text, _) = rest.split_at(end - start);
    match std::str::from_utf8(text) {
        Ok(text) => text,
        Err(_) => panic!("a pattern's span ends inside a character"),
    }
}

/// `ids[start..end]`, worked out as the module is built: the build script
/// keeps each distinct list of a language's literal ids once.
const fn ids(ids: &'static [LiteralId], start: usize, end: usize) -> &'static [LiteralId] {
    let (_, rest) = ids.split_at(start);
    rest.split_at(end - start).0
}

/// Every rule written as data, both languages.
pub fn all() -> &'static [Rule] {
    RULES
}

/// The literals the patterns of `lang` look for, indexed by their ids.
pub fn literals(lang: Lang) -> &'static [(&'static str, AnchorKind)] {
    match lang {
        Lang::De => LITERALS_DE,
        Lang::En => LITERALS_EN,
    }
}

/// How each literal of `lang` sits in the text, by id: all the matcher
/// needs to know of them besides the tables (the texts stay out of the
/// WebAssembly module).
pub fn literal_kinds(lang: Lang) -> &'static [AnchorKind] {
    match lang {
        Lang::De => LITERAL_KINDS_DE,
        Lang::En => LITERAL_KINDS_EN,
    }
}

/// The tables that find the literals of `lang` in one pass.
pub fn literal_set(lang: Lang) -> &'static Literals {
    match lang {
        Lang::De => &LITERAL_SET_DE,
        Lang::En => &LITERAL_SET_EN,
    }
}

/// The literal id of each pronoun of address (see
/// [`crate::pronouns::PRONOUNS`], in that order): German only.
pub fn pronoun_literals(lang: Lang) -> &'static [LiteralId] {
    match lang {
        Lang::De => PRONOUN_LITERALS_DE,
        Lang::En => PRONOUN_LITERALS_EN,
    }
}

/// The literals of `lang` no pattern requires (sentence marks, pronouns,
/// words a match may only start with): the matcher gives them no bit in its
/// sentence signatures.
pub fn unrequired_literals(lang: Lang) -> &'static [LiteralId] {
    match lang {
        Lang::De => UNREQUIRED_LITERALS_DE,
        Lang::En => UNREQUIRED_LITERALS_EN,
    }
}

/// The documentation of a rule.
pub fn docs(rule: &Rule) -> &'static RuleDocs {
    RULE_DOCS
        .iter()
        .find(|d| d.id == rule.id)
        .expect("every rule has docs")
}

/// Looks a rule up by id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
