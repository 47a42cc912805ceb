//! Takt finds the phrases in a customer email that cost trust — flat
//! refusals, excuses, presumptuous or blaming phrases, vague promises, a
//! mixed form of address — and offers better wordings.
//!
//! The data flows one way:
//!
//! ```text
//! text ─▶ segment (quoted history, signature) ─▶ fold (case, quotes, offsets)
//!      ─▶ lang (per mail) ─▶ matcher (rules as data; pronouns of address)
//!      ─▶ address (Sie or du, per mail) ─▶ findings
//!      ─▶ suggest (form of address, capitals) ─▶ Finding[]
//! ```
//!
//! A [`Checker`] checks a mail as it is being written: the line memo hands
//! the matcher only the lines that changed since the last checks.
//!
//! ```
//! let findings = takt::check("Nein, das geht nicht.", &takt::Options::default());
//! assert_eq!(findings[0].category.name(), "refusal");
//! ```

pub mod address;
pub mod case;
pub mod catalogue;
mod chunk;
pub mod finding;
pub mod fold;
mod grouped;
pub mod lang;
pub mod line_memo;
pub mod literals;
pub mod matcher;
pub mod options;
pub mod packed;
pub mod pattern;
pub mod program;
pub mod pronouns;
pub mod rule;
pub mod segment;
pub mod signature;
pub mod suggest;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use finding::{Finding, RuleInfo};
use finding::{Found, Suggestions};
pub use options::{AddressChoice, LangChoice, Options};
pub use rule::{Category, Lang, Severity};

use address::Address;
use fold::Folded;
use line_memo::LineMemo;
use matcher::{Match, Matched, Matcher};
use rule::{Replace, Rule};
use rustc_hash::FxHashSet;

/// The rule that reports a mail mixing Sie and du.
const ADDRESS_RULE: &str = "de.address.mixed";

/// Checks a whole mail and returns its findings, sorted by position.
/// Quoted history and signatures are never reported.
pub fn check(text: &str, options: &Options) -> Vec<Finding> {
    written_out(check_text(text, options, None))
}

/// Checks one mail after another, as it is being written: each check gives
/// what [`check`] gives, but matches only the lines that are new since the
/// last two checks.
///
/// ```
/// let mut checker = takt::Checker::default();
/// let options = takt::Options::default();
/// checker.check("Hallo Herr Berg,\n\nleider geht das nicht.", &options);
/// let findings = checker.check("Hallo Herr Berg,\n\nleider geht das nicht.\nBis bald", &options);
/// assert_eq!(findings[0].rule, "de.refusal.geht-nicht");
/// ```
#[derive(Default)]
pub struct Checker {
    /// One memo per language: mails in both are checked in turn.
    de: LineMemo,
    en: LineMemo,
}

impl Checker {
    pub fn check(&mut self, text: &str, options: &Options) -> Vec<Finding> {
        written_out(self.check_found(text, options))
    }

    fn check_found(&mut self, text: &str, options: &Options) -> Vec<Found> {
        check_text(text, options, Some(self))
    }

    fn memo(&mut self, lang: Lang) -> &mut LineMemo {
        match lang {
            Lang::De => &mut self.de,
            Lang::En => &mut self.en,
        }
    }
}

fn written_out(found: Vec<Found>) -> Vec<Finding> {
    found.into_iter().map(Finding::from).collect()
}

/// The check, stage by stage. In the WebAssembly build each stage that
/// loops over the text is a function of its own (`inline(never)` there,
/// and `build.sh` keeps `wasm-opt` from merging functions into their only
/// caller): V8 compiles a function with its optimizing tier once it has run
/// enough, so a fresh instance's first check tiers up only the stages it
/// runs hot, where one 25 KB function took 47 ms of compiling on a
/// background thread that competed with the check (see
/// docs/performance.md, "A cold start's background compiling").
fn check_text(text: &str, options: &Options, checker: Option<&mut Checker>) -> Vec<Found> {
    let folded = Folded::new(text, &segment::hidden_ranges(text));
    let lang = match options.lang {
        LangChoice::Auto => lang::detect(&folded.text),
        LangChoice::De => Lang::De,
        LangChoice::En => Lang::En,
    };
    let fallback = match options.address {
        AddressChoice::Du => Address::Informal,
        AddressChoice::Auto | AddressChoice::Sie => Address::Formal,
    };
    let matcher = Matcher::get(lang);
    let Matched { phrases, pronouns } = match checker {
        Some(checker) => checker.memo(lang).find(matcher, &folded.text),
        None => matcher.find(&folded.text),
    };
    // Only German has a formal and an informal "you" to mix up.
    let address = match lang {
        Lang::De => address::analyse(text, &folded, &pronouns, fallback),
        Lang::En => address::AddressUse {
            form: fallback,
            strays: Vec::new(),
        },
    };
    let mut candidates: Vec<(Match, Option<String>)> =
        phrases.into_iter().map(|m| (m, None)).collect();
    if lang == Lang::De {
        if let Some(rule) = rule::by_id(ADDRESS_RULE) {
            for stray in address.strays {
                let m = Match {
                    rule,
                    start: stray.start,
                    end: stray.end,
                    sentence: None,
                };
                candidates.push((m, Some(stray.replacement)));
            }
        }
    }

    let allowed: Vec<String> = options
        .allowed_phrases
        .iter()
        .map(|p| fold::fold_phrase(p))
        .collect();
    candidates.retain(|(m, _)| {
        !options.disabled_rules.iter().any(|id| id == m.rule.id)
            && !options.disabled_categories.contains(&m.rule.category)
            && !allowed.iter().any(|a| *a == folded.text[m.start..m.end])
    });
    // In text order, the longer phrase first where two start together (in
    // the order they came where both do).
    let key = |(m, _): &(Match, Option<String>)| (m.start, std::cmp::Reverse(m.end));
    grouped::sort_by(&mut candidates, |a, b| key(a) < key(b));
    let candidates = without_overlaps(candidates);
    to_findings(text, &folded, address.form, candidates)
}

/// One phrase, one finding: where phrases of different rules overlap, the
/// earlier (then longer, then more severe) one wins.
fn without_overlaps(sorted: Vec<(Match, Option<String>)>) -> Vec<(Match, Option<String>)> {
    let mut kept: Vec<(Match, Option<String>)> = Vec::with_capacity(sorted.len());
    for candidate in sorted {
        match kept.last_mut() {
            Some(last) if candidate.0.start < last.0.end => {
                let same_span = candidate.0.start == last.0.start && candidate.0.end == last.0.end;
                if same_span && candidate.0.rule.severity == Severity::Warning {
                    *last = candidate;
                }
            }
            _ => kept.push(candidate),
        }
    }
    kept
}

#[cfg_attr(target_arch = "wasm32", inline(never))]
fn to_findings(
    text: &str,
    folded: &Folded,
    address: Address,
    matches: Vec<(Match, Option<String>)>,
) -> Vec<Found> {
    // A second phrase of a rule in a sentence the rule rewrites whole would
    // offer the same rewrite again: the first one stands for both.
    // A set, not a list: a long mail holds hundreds of phrases.
    // Rules by address: hashing their ids would read every id's bytes.
    let mut rewritten: FxHashSet<(*const Rule, usize, usize)> =
        FxHashSet::with_capacity_and_hasher(matches.len(), Default::default());
    // Offsets are converted in the order of the text: a rewrite's range
    // starts before its phrase and ends after it.
    let mut utf16 = fold::Utf16Offsets::new(text);
    let mut found = Vec::with_capacity(matches.len());
    for (m, replacement) in matches {
        // Byte ranges in the original text: the phrase, and what a rewrite replaces.
        let (start, end) = folded.original_range(text, m.start, m.end);
        let (replace_start, replace_end) = match m.sentence {
            None => (start, end),
            Some((s, e)) => folded.original_range(text, s, e),
        };
        if m.rule.replace == Replace::Sentence
            && !rewritten.insert((m.rule, replace_start, replace_end))
        {
            continue;
        }
        let replace_start_units = utf16.of(replace_start);
        let (start_units, end_units) = (utf16.of(start), utf16.of(end));
        found.push(Found {
            start: start_units,
            end: end_units,
            rule: m.rule,
            suggestions: match replacement {
                Some(word) => Suggestions::Word(word),
                None => Suggestions::Rule {
                    address,
                    capital: text[replace_start..].starts_with(char::is_uppercase),
                },
            },
            replace_start: replace_start_units,
            replace_end: utf16.of(replace_end),
        });
    }
    found
}

/// Every rule, both languages, as the catalogue shows them.
pub fn rules() -> Vec<RuleInfo> {
    rule::all()
        .iter()
        .map(|r| RuleInfo {
            id: r.id,
            lang: r.lang,
            category: r.category,
            severity: r.severity,
            message: r.message,
            example: r.example,
        })
        .collect()
}
