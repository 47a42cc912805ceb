//! Matching: finds every rule's phrases in folded text.
//!
//! One Aho-Corasick pass looks for the anchors of all patterns at once (a
//! literal every match of a pattern contains, see [`crate::pattern::anchors`]).
//! Only the sentences around anchor hits are then searched with the
//! patterns' regexes, each compiled on first use. Both steps are linear in
//! the length of the text, however many rules there are, and a language's
//! rule set costs almost nothing to set up.

use crate::pattern::{self, is_letter, AnchorKind};
use crate::rule::{self, Lang, Rule};
use crate::segment;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// Room for each regex's lazy DFA cache. Regexes only ever run on single
/// sentences, so a small cache suffices and keeps memory low.
const DFA_CACHE_BYTES: usize = 256 * 1024;

/// A phrase a rule found, as a byte range of folded text.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    pub rule: &'static Rule,
    pub start: usize,
    pub end: usize,
}

/// A rule pattern, compiled to a regex on first use.
struct LazyRegex {
    pattern: &'static str,
    /// An `unless` pattern only needs to occur, not to be located.
    context: bool,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    fn new(pattern: &'static str, context: bool) -> LazyRegex {
        LazyRegex {
            pattern,
            context,
            compiled: OnceLock::new(),
        }
    }

    fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            let source = if self.context {
                pattern::compile_context(self.pattern)
            } else {
                pattern::compile(self.pattern)
            };
            RegexBuilder::new(&source.expect("rule patterns are checked by the build script"))
                .dfa_size_limit(DFA_CACHE_BYTES)
                .build()
                .expect("rule patterns are checked by the build script")
        })
    }
}

struct Pattern {
    rule: &'static Rule,
    regex: LazyRegex,
    /// Index of the rule's `unless` regexes in [`Matcher::unless`].
    unless: usize,
}

/// The rules of one language, ready to match.
pub struct Matcher {
    anchors: AhoCorasick,
    /// For each anchor (by Aho-Corasick pattern id): how it must sit in the
    /// text, and the patterns it stands for.
    anchor_patterns: Vec<(AnchorKind, Vec<usize>)>,
    patterns: Vec<Pattern>,
    /// Each rule's `unless` regexes, shared by its patterns.
    unless: Vec<Vec<LazyRegex>>,
}

impl Matcher {
    /// The matcher for `lang`, set up on first use.
    pub fn get(lang: Lang) -> &'static Matcher {
        static DE: OnceLock<Matcher> = OnceLock::new();
        static EN: OnceLock<Matcher> = OnceLock::new();
        let cell = match lang {
            Lang::De => &DE,
            Lang::En => &EN,
        };
        cell.get_or_init(|| Matcher::new(lang))
    }

    /// Sets up the rules of `lang`. [`Matcher::get`] caches the result.
    pub fn new(lang: Lang) -> Matcher {
        let mut patterns = Vec::new();
        let mut unless: Vec<Vec<LazyRegex>> = Vec::new();
        let mut anchor_texts: Vec<&'static str> = Vec::new();
        let mut anchor_patterns: Vec<(AnchorKind, Vec<usize>)> = Vec::new();
        for rule in rule::all().iter().filter(|r| r.lang == lang) {
            unless.push(
                rule.unless
                    .iter()
                    .map(|s| LazyRegex::new(s, true))
                    .collect(),
            );
            for (source, anchors) in rule.patterns.iter().zip(rule.anchors) {
                let index = patterns.len();
                patterns.push(Pattern {
                    rule,
                    regex: LazyRegex::new(source, false),
                    unless: unless.len() - 1,
                });
                for &(text, kind) in anchors.iter() {
                    let known = anchor_texts
                        .iter()
                        .zip(&anchor_patterns)
                        .position(|(t, (k, _))| *t == text && *k == kind);
                    match known {
                        Some(at) => anchor_patterns[at].1.push(index),
                        None => {
                            anchor_texts.push(text);
                            anchor_patterns.push((kind, vec![index]));
                        }
                    }
                }
            }
        }
        let anchors = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&anchor_texts)
            .expect("anchors are short literals");
        Matcher {
            anchors,
            anchor_patterns,
            patterns,
            unless,
        }
    }

    /// Finds all phrases in folded `text`, sorted by position. A rule finds a
    /// phrase at most once: overlapping hits of one rule are merged.
    pub fn find(&self, text: &str) -> Vec<Match> {
        // (pattern, sentence start, sentence end) for every anchor hit.
        let mut windows: Vec<(usize, usize, usize)> = Vec::new();
        for hit in self.anchors.find_overlapping_iter(text) {
            let (kind, patterns) = &self.anchor_patterns[hit.pattern().as_usize()];
            if !sits_right(text, hit.start(), hit.end(), *kind) {
                continue;
            }
            let sentence = segment::sentence_around(text, hit.start(), hit.end());
            for &p in patterns {
                windows.push((p, sentence.start, sentence.end_with_punctuation));
            }
        }
        windows.sort_unstable();
        // Overlapping windows of one pattern (run-on text, cut around each
        // hit) are searched once, as one stretch: linear, not hits x window.
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(windows.len());
        for (p, from, to) in windows {
            match merged.last_mut() {
                Some(last) if last.0 == p && from < last.2 => last.2 = last.2.max(to),
                _ => merged.push((p, from, to)),
            }
        }

        let mut found = Vec::new();
        for (p, from, to) in merged {
            let pattern = &self.patterns[p];
            let (regex, hay) = (pattern.regex.get(), &text.as_bytes()[from..to]);
            // Resume right after the phrase, not after the blank its word
            // guard took: "das geht nicht das geht nicht" holds two.
            let mut at = 0;
            while let Some(caps) = regex.captures_at(hay, at) {
                let Some(whole) = caps.name("m") else { break };
                at = whole.end().max(at + 1);
                let phrase = caps.name("f").unwrap_or(whole);
                let (start, end) = trim(text, from + phrase.start(), from + phrase.end());
                if start < end && !excepted(&self.unless[pattern.unless], text, start, end) {
                    found.push(Match {
                        rule: pattern.rule,
                        start,
                        end,
                    });
                }
            }
        }
        found.sort_by_key(|m| (m.rule.id, m.start, std::cmp::Reverse(m.end)));
        found.dedup_by(|later, kept| later.rule.id == kept.rule.id && later.start < kept.end);
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        found
    }
}

/// Whether an anchor hit at `start..end` has letters around it only where
/// its kind allows.
fn sits_right(text: &str, start: usize, end: usize, kind: AnchorKind) -> bool {
    let open_before = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_letter(c));
    let open_after = text[end..].chars().next().is_none_or(|c| !is_letter(c));
    match kind {
        AnchorKind::Word => open_before && open_after,
        AnchorKind::Prefix => open_before,
        AnchorKind::Suffix => open_after,
    }
}

/// Whether one of the rule's `unless` patterns occurs in the phrase's sentence.
fn excepted(unless: &[LazyRegex], text: &str, start: usize, end: usize) -> bool {
    if unless.is_empty() {
        return false;
    }
    let sentence = segment::sentence_around(text, start, end);
    let context = &text[sentence.start..sentence.end_with_punctuation];
    unless
        .iter()
        .any(|re| re.get().is_match(context.as_bytes()))
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
