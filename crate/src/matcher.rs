//! Matching: finds every rule's phrases in folded text.
//!
//! One `RegexSet` pass over the text tells which patterns occur at all; only
//! those are run again to locate their phrases. Both passes use the `regex`
//! crate's automata, so matching time grows linearly with the text, however
//! many rules there are.

use crate::rule::{self, Lang, Rule};
use crate::segment;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::sync::OnceLock;

/// Room for each lazy DFA's cache: enough for the whole rule set to run at
/// full speed, small enough to keep the WebAssembly memory low.
const DFA_CACHE_BYTES: usize = 1 << 20;

/// A phrase a rule found, as a byte range of folded text.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    pub rule: &'static Rule,
    pub start: usize,
    pub end: usize,
}

/// The compiled rules of one language.
pub struct Matcher {
    prefilter: RegexSet,
    /// One entry per pattern, in prefilter order.
    patterns: Vec<(&'static Rule, Regex)>,
    /// The `unless` patterns of each rule, by rule id.
    unless: Vec<(&'static str, Vec<Regex>)>,
}

impl Matcher {
    /// The matcher for `lang`, compiled on first use.
    pub fn get(lang: Lang) -> &'static Matcher {
        static DE: OnceLock<Matcher> = OnceLock::new();
        static EN: OnceLock<Matcher> = OnceLock::new();
        let cell = match lang {
            Lang::De => &DE,
            Lang::En => &EN,
        };
        cell.get_or_init(|| Matcher::new(lang))
    }

    fn new(lang: Lang) -> Matcher {
        let rules = rule::all().iter().filter(|r| r.lang == lang);
        let mut patterns = Vec::new();
        let mut unless = Vec::new();
        for rule in rules {
            for source in rule.regexes {
                patterns.push((rule, compile(source)));
            }
            unless.push((rule.id, rule.unless.iter().map(|s| compile(s)).collect()));
        }
        let prefilter = RegexSetBuilder::new(patterns.iter().map(|(_, re)| re.as_str()))
            .dfa_size_limit(DFA_CACHE_BYTES * 2)
            .build()
            .expect("rule patterns are checked by the build script");
        Matcher {
            prefilter,
            patterns,
            unless,
        }
    }

    /// Finds all phrases in folded `text`, sorted by position. A rule finds a
    /// phrase at most once: overlapping hits of one rule are merged.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut found = Vec::new();
        for index in self.prefilter.matches(text).iter() {
            let (rule, regex) = &self.patterns[index];
            for caps in regex.captures_iter(text) {
                let Some(phrase) = caps.name("f").or_else(|| caps.name("m")) else {
                    continue;
                };
                let (start, end) = trim(text, phrase.start(), phrase.end());
                if start < end && !self.excepted(rule, text, start, end) {
                    found.push(Match { rule, start, end });
                }
            }
        }
        found.sort_by_key(|m| (m.rule.id, m.start, std::cmp::Reverse(m.end)));
        found.dedup_by(|later, kept| later.rule.id == kept.rule.id && later.start < kept.end);
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        found
    }

    fn excepted(&self, rule: &Rule, text: &str, start: usize, end: usize) -> bool {
        let Some((_, unless)) = self.unless.iter().find(|(id, _)| *id == rule.id) else {
            return false;
        };
        if unless.is_empty() {
            return false;
        }
        let sentence = segment::sentence_around(text, start, end);
        let context = &text[sentence.start..sentence.end_with_punctuation];
        unless.iter().any(|re| re.is_match(context))
    }
}

fn compile(source: &str) -> Regex {
    RegexBuilder::new(source)
        .dfa_size_limit(DFA_CACHE_BYTES)
        .build()
        .expect("rule patterns are checked by the build script")
}

/// Drops blanks and commas a pattern's separators may have caught at the edges.
fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while start < end && matches!(bytes[start], b' ' | b',' | b'\n') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b',' | b'\n') {
        end -= 1;
    }
    (start, end)
}
