//! The rule pattern language, compiled to `regex` syntax.
//!
//! Rule authors describe phrases word by word (see `crate/rules/README.md`):
//! `(kann|können) [leider] ...3 nicht*`. This module turns such a pattern into
//! a regular expression that runs on *folded* text (lower case, plain quotes
//! and dashes, see [`crate::fold`]), so the compiled expressions need no
//! Unicode case tables and stay small in WebAssembly.
//!
//! The build script includes this file too: patterns are compiled once, at
//! build time, and the engine only ever sees the resulting regex sources.

use std::fmt;

/// Letters and digits of folded text, as a byte class: ASCII letters and
/// digits plus every byte of a non-ASCII character. Byte classes keep the
/// compiled automata tiny; the patterns run on folded text, where all
/// non-ASCII punctuation that matters has become ASCII (see [`crate::fold`]).
const LETTER: &str = r"0-9a-z\x80-\xFF";

/// Space between two words. Folded text has single blanks only (see
/// [`crate::fold`]); an optional comma is allowed too, since commas rarely
/// change what a phrase means. A line break ends a phrase.
const SEP: &str = ",? ";

/// A word skipped by `...`: anything up to a blank, never a sentence end.
const GAP_WORD: &str = r"(?-u:[^ \n.!?;])+";

/// Whether `c` is a letter or digit of folded text (the `LETTER` class).
pub fn is_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || !c.is_ascii()
}

/// How an anchor must sit in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnchorKind {
    /// A whole run of letters.
    Word,
    /// The start of a run of letters (`kaputt*`).
    Prefix,
    /// The end of a run of letters (`*rechner`).
    Suffix,
}

/// A literal that every match of a pattern contains. The matcher looks for
/// all anchors of all rules in one pass and runs a rule's regex only on the
/// sentences where one of its anchors occurs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor {
    pub text: String,
    pub kind: AnchorKind,
}

/// Words too common to be good anchors: a pattern is anchored on one of its
/// rarer words where it has one.
const COMMON: &[&str] = &[
    "ich",
    "wir",
    "sie",
    "das",
    "die",
    "der",
    "den",
    "dem",
    "es",
    "ist",
    "war",
    "nicht",
    "kann",
    "ein",
    "eine",
    "zu",
    "und",
    "mit",
    "mein",
    "meine",
    "unser",
    "ihr",
    "ihnen",
    "so",
    "wie",
    "auf",
    "für",
    "the",
    "to",
    "be",
    "is",
    "it",
    "that",
    "this",
    "we",
    "you",
    "not",
    "can",
    "will",
    "have",
    "has",
    "was",
    "my",
    "our",
    "your",
    "and",
    "as",
    "of",
    "in",
    "on",
    "for",
    "with",
    "but",
    "just",
    "i",
    "know",
    "possible",
    "option",
    "work",
    "geht",
    "nächsten",
    "bitte",
    "sorry",
    "leider",
    "time",
    "zeit",
    "do",
    "get",
    "make",
    "machen",
    "haben",
    "hatte",
    "had",
];

fn error(pattern: &str, reason: String) -> PatternError {
    PatternError {
        pattern: pattern.to_string(),
        reason,
    }
}

/// Parses a pattern (in lower case) into its elements.
fn parse(pattern: &str) -> Result<Vec<Element>, PatternError> {
    let lowered = pattern.to_lowercase();
    let mut parser = Parser {
        chars: lowered.chars().collect(),
        pos: 0,
    };
    parser
        .sequence(None)
        .map_err(|reason| error(pattern, reason))
}

/// The anchors of a pattern: a set of literals at least one of which occurs
/// in every match.
pub fn anchors(pattern: &str) -> Result<Vec<Anchor>, PatternError> {
    let fail = |reason: String| error(pattern, reason);
    let elements = parse(pattern)?;
    let mut set = sequence_anchors(&elements)
        .ok_or_else(|| fail("has no word that every match must contain".into()))?;
    set.sort();
    set.dedup();
    Ok(set)
}

fn anchor_quality(set: &[Anchor]) -> (i64, i64) {
    let worst = set
        .iter()
        .map(|a| {
            let len = a.text.chars().count() as i64;
            if COMMON.contains(&a.text.as_str()) {
                len - 10
            } else {
                len
            }
        })
        .min()
        .unwrap_or(i64::MIN);
    (worst, -(set.len() as i64))
}

/// The best anchor set of a sequence: from the required element whose
/// weakest literal is the strongest.
fn sequence_anchors(elements: &[Element]) -> Option<Vec<Anchor>> {
    elements
        .iter()
        .filter_map(element_anchors)
        .max_by_key(|set| anchor_quality(set))
}

fn element_anchors(element: &Element) -> Option<Vec<Anchor>> {
    match element {
        Element::Word {
            text,
            any_before,
            any_after,
        } => {
            let pieces: Vec<&str> = text.split(|c: char| !is_letter(c)).collect();
            let last = pieces.len() - 1;
            pieces
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .filter_map(|(i, piece)| {
                    let kind = match (i == 0 && *any_before, i == last && *any_after) {
                        (false, false) => AnchorKind::Word,
                        (false, true) => AnchorKind::Prefix,
                        (true, false) => AnchorKind::Suffix,
                        (true, true) => return None,
                    };
                    Some(vec![Anchor {
                        text: piece.to_string(),
                        kind,
                    }])
                })
                .max_by_key(|set| anchor_quality(set))
        }
        Element::Choice(alternatives) => {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(sequence_anchors(alternative)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// Why a pattern could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern `{}`: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for PatternError {}

/// One element of a pattern, as written by the rule author.
#[derive(Debug, Clone, PartialEq)]
enum Element {
    /// A word; `prefix`/`suffix` mean `*wort` / `wort*`.
    Word {
        text: String,
        any_before: bool,
        any_after: bool,
    },
    /// `(a|b c)`: one of several sequences.
    Choice(Vec<Vec<Element>>),
    /// `[a|b]`: one of several sequences, or nothing.
    Optional(Vec<Vec<Element>>),
    /// `...N`: up to N words.
    Gap(u8),
    /// `. ! ? : ;`
    Punct(char),
    /// `<` and `>`: the underlined part.
    FocusOpen,
    FocusClose,
}

/// Compiles a pattern into a regex source that matches the phrase on folded
/// text, for `regex::bytes` (its byte classes may split characters, which
/// only a byte regex allows; matches still start and end on characters).
/// The whole phrase is captured as group `m`, the focus (if the pattern
/// has `<...>`) as group `f`. Whole-word matching is done with explicit
/// non-letter guards instead of `\b`, which would need Unicode tables.
pub fn compile(pattern: &str) -> Result<String, PatternError> {
    let fail = |reason: String| error(pattern, reason);
    let elements = parse(pattern)?;
    check_shape(&elements).map_err(fail)?;
    let body = emit_sequence(&elements);
    Ok(format!(
        "(?:^|(?-u:[^{LETTER}]))(?P<m>{body})(?:(?-u:[^{LETTER}])|$)"
    ))
}

/// Compiles an `unless` pattern: the same language, but it only has to occur
/// somewhere in a sentence, so it needs no capture groups.
pub fn compile_context(pattern: &str) -> Result<String, PatternError> {
    let source = compile(pattern)?;
    if source.contains("(?P<f>") {
        return Err(error(
            pattern,
            "`<` and `>` make no sense in an `unless` pattern".into(),
        ));
    }
    Ok(source.replacen("(?P<m>", "(?:", 1))
}

fn check_shape(elements: &[Element]) -> Result<(), String> {
    if !elements
        .iter()
        .any(|e| matches!(e, Element::Word { .. } | Element::Choice(_)))
    {
        return Err("needs at least one word that is not optional".into());
    }
    let content = |e: &&Element| !matches!(e, Element::FocusOpen | Element::FocusClose);
    if matches!(elements.iter().find(content), Some(Element::Gap(_)))
        || matches!(elements.iter().rev().find(content), Some(Element::Gap(_)))
    {
        return Err("cannot start or end with `...`".into());
    }
    if matches!(elements.iter().find(content), Some(Element::Punct(_))) {
        return Err("cannot start with punctuation".into());
    }
    let opens = elements
        .iter()
        .filter(|e| **e == Element::FocusOpen)
        .count();
    let closes = elements
        .iter()
        .filter(|e| **e == Element::FocusClose)
        .count();
    let open_at = elements.iter().position(|e| *e == Element::FocusOpen);
    let close_at = elements.iter().position(|e| *e == Element::FocusClose);
    match (opens, closes) {
        (0, 0) => Ok(()),
        (1, 1) if open_at < close_at => Ok(()),
        _ => Err("needs exactly one `<` followed by one `>`, at the top level".into()),
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.chars.get(self.pos + i) == Some(&c))
    }

    /// Parses elements until `close` (or the end of the pattern when `None`).
    /// Inside a group, stops before `|` as well.
    fn sequence(&mut self, close: Option<char>) -> Result<Vec<Element>, String> {
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return match close {
                    None => Ok(out),
                    Some(close) => Err(format!("`{close}` is missing")),
                };
            };
            if Some(c) == close || (c == '|' && close.is_some()) {
                return Ok(out);
            }
            match c {
                ' ' | '\t' | ',' => self.pos += 1,
                '(' | '[' => {
                    self.pos += 1;
                    let end = if c == '(' { ')' } else { ']' };
                    let alternatives = self.alternatives(end)?;
                    out.push(if c == '(' {
                        Element::Choice(alternatives)
                    } else {
                        Element::Optional(alternatives)
                    });
                }
                ')' | ']' | '|' => return Err(format!("unexpected `{c}`")),
                '<' | '>' if close.is_some() => {
                    return Err("`<` and `>` belong at the top level".into())
                }
                '<' => {
                    self.pos += 1;
                    out.push(Element::FocusOpen);
                }
                '>' => {
                    self.pos += 1;
                    out.push(Element::FocusClose);
                }
                '.' | '…' if c == '…' || self.starts_with("...") => {
                    self.pos += if c == '…' { 1 } else { 3 };
                    let mut n = 3u8;
                    if let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                        if d == 0 {
                            return Err("`...0` skips nothing; leave it out".into());
                        }
                        n = d as u8;
                        self.pos += 1;
                    }
                    out.push(Element::Gap(n));
                }
                '.' | '!' | '?' | ':' | ';' => {
                    self.pos += 1;
                    out.push(Element::Punct(c));
                }
                _ => out.push(self.word()?),
            }
        }
    }

    fn alternatives(&mut self, close: char) -> Result<Vec<Vec<Element>>, String> {
        let mut alternatives = Vec::new();
        loop {
            let seq = self.sequence(Some(close))?;
            if seq.is_empty() {
                return Err("empty alternative in a group".into());
            }
            alternatives.push(seq);
            match self.peek() {
                Some('|') => self.pos += 1,
                _ => {
                    self.pos += 1; // the closing bracket
                    return Ok(alternatives);
                }
            }
        }
    }

    fn word(&mut self) -> Result<Element, String> {
        let mut text = String::new();
        let mut any_before = false;
        let mut any_after = false;
        while let Some(c) = self.peek() {
            match c {
                '*' if text.is_empty() && !any_before => any_before = true,
                '*' => {
                    any_after = true;
                    self.pos += 1;
                    break;
                }
                c if c.is_alphanumeric() || c == '\'' || c == '-' || c == '/' || c == '&' => {
                    text.push(c)
                }
                _ => break,
            }
            self.pos += 1;
        }
        if let Some(c) = self.peek() {
            if !matches!(
                c,
                ' ' | '\t'
                    | ','
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '|'
                    | '<'
                    | '>'
                    | '.'
                    | '!'
                    | '?'
                    | ':'
                    | ';'
                    | '…'
            ) {
                return Err(format!("the character `{c}` is not allowed in a word"));
            }
        }
        if text.is_empty() {
            return Err("a `*` needs a word it belongs to".into());
        }
        Ok(Element::Word {
            text,
            any_before,
            any_after,
        })
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if c == '\'' {
            // Folded text has plain apostrophes only.
            out.push('\'');
        } else if c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
}

/// Emits a sequence. Every element after the first brings its own separator,
/// so optional elements and gaps leave no stray blanks when they are absent.
fn emit_sequence(elements: &[Element]) -> String {
    let mut out = String::new();
    let mut need_sep = false;
    let mut focus_pending = false;
    for element in elements {
        if focus_pending && matches!(element, Element::Optional(_) | Element::Gap(_)) {
            // `<` before an optional part: the focus starts with it (its
            // leading blank is trimmed from findings).
            out.push_str("(?P<f>");
            focus_pending = false;
        }
        match element {
            Element::FocusOpen => focus_pending = true,
            Element::FocusClose => out.push(')'),
            Element::Punct(c) => {
                out.push_str(" *");
                escape_into(&mut out, &c.to_string());
                need_sep = true;
            }
            Element::Gap(n) => {
                if need_sep {
                    out.push_str(&format!("(?:{SEP}{GAP_WORD}){{0,{n}}}"));
                } else {
                    out.push_str(&format!("(?:{GAP_WORD}{SEP}){{0,{n}}}"));
                }
            }
            Element::Optional(alternatives) => {
                let inner = emit_alternatives(alternatives);
                if need_sep {
                    out.push_str(&format!("(?:{SEP}{inner})?"));
                } else {
                    out.push_str(&format!("(?:{inner}{SEP})?"));
                }
            }
            Element::Word { .. } | Element::Choice(_) => {
                if need_sep {
                    out.push_str(SEP);
                }
                if focus_pending {
                    out.push_str("(?P<f>");
                    focus_pending = false;
                }
                match element {
                    Element::Choice(alternatives) => out.push_str(&emit_alternatives(alternatives)),
                    Element::Word {
                        text,
                        any_before,
                        any_after,
                    } => {
                        if *any_before {
                            out.push_str(&format!("(?-u:[{LETTER}\\-])*"));
                        }
                        escape_into(&mut out, text);
                        if *any_after {
                            out.push_str(&format!("(?-u:[{LETTER}\\-])*"));
                        }
                    }
                    _ => unreachable!("matched above"),
                }
                need_sep = true;
            }
        }
    }
    out
}

fn emit_alternatives(alternatives: &[Vec<Element>]) -> String {
    let parts: Vec<String> = alternatives.iter().map(|a| emit_sequence(a)).collect();
    format!("(?:{})", parts.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::Regex;

    /// Returns the phrase (or focus) the pattern finds in folded `text`.
    fn find(pattern: &str, text: &str) -> Option<String> {
        let re = Regex::new(&compile(pattern).unwrap()).unwrap();
        let caps = re.captures(text.as_bytes())?;
        let m = caps.name("f").or_else(|| caps.name("m")).unwrap();
        Some(String::from_utf8(m.as_bytes().to_vec()).unwrap())
    }

    #[test]
    fn words_match_whole_words_only() {
        assert_eq!(
            find("geht nicht", "das geht nicht."),
            Some("geht nicht".into())
        );
        assert_eq!(find("geht nicht", "das ausgeht nicht"), None);
        assert_eq!(find("geht nicht", "das geht nichts"), None);
    }

    #[test]
    fn separators_allow_commas_but_no_line_break() {
        assert_eq!(find("nein das", "nein, das"), Some("nein, das".into()));
        assert_eq!(find("nein das", "nein\ndas"), None);
    }

    fn anchor_texts(pattern: &str) -> Vec<String> {
        anchors(pattern)
            .unwrap()
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn anchors_are_the_rarest_required_words() {
        assert_eq!(anchor_texts("das klappt [leider] nicht"), ["klappt"]);
        assert_eq!(
            anchor_texts("(kann|können) ...2 (helfen|unterstützen)"),
            ["helfen", "unterstützen"]
        );
        assert_eq!(
            anchor_texts("(that's|that is) (not possible|impossible)"),
            ["impossible", "possible"]
        );
        let a = anchors("mein pc (kaputt*|streikt)").unwrap();
        assert!(a.contains(&Anchor {
            text: "kaputt".into(),
            kind: AnchorKind::Prefix
        }));
        assert!(a.contains(&Anchor {
            text: "streikt".into(),
            kind: AnchorKind::Word
        }));
        assert_eq!(anchors("*rechner").unwrap()[0].kind, AnchorKind::Suffix);
    }

    #[test]
    fn stems_and_suffixes() {
        assert_eq!(
            find("kaputt*", "ist kaputtgegangen"),
            Some("kaputtgegangen".into())
        );
        assert_eq!(
            find("*rechner", "der laptoprechner"),
            Some("laptoprechner".into())
        );
    }

    #[test]
    fn choices_optionals_and_gaps() {
        let p = "(kann|können) [leider] ...2 nicht";
        assert!(find(p, "wir können leider nicht").is_some());
        assert!(find(p, "wir können das so nicht").is_some());
        assert!(find(p, "wir können das so eben einfach nicht").is_none());
        assert_eq!(
            find("[leider] geht nicht", "leider geht nicht"),
            Some("leider geht nicht".into())
        );
        assert_eq!(
            find("[leider] geht nicht", "geht nicht"),
            Some("geht nicht".into())
        );
    }

    #[test]
    fn gaps_stop_at_sentence_ends() {
        assert!(find("war ... krank", "ich war. morgen krank").is_none());
        assert!(find("war ... krank", "ich war, wie gesagt, krank").is_some());
        assert!(find("war ... krank", "ich war letzte woche krank").is_some());
    }

    #[test]
    fn focus_narrows_the_finding() {
        assert_eq!(
            find("ich werde <versuchen>", "ich werde versuchen"),
            Some("versuchen".into())
        );
    }

    #[test]
    fn punctuation_is_literal() {
        assert_eq!(find("nein .", "nein ."), Some("nein .".into()));
        assert_eq!(
            find("geht nicht!", "geht nicht!"),
            Some("geht nicht!".into())
        );
        assert!(find("geht nicht!", "geht nicht").is_none());
    }

    #[test]
    fn bad_patterns_are_explained() {
        for bad in [
            "(a|b", "a)", "... a", "a ...", "[a]", "<a", "a >b< c", "(a|)", "a{b}", "*",
        ] {
            let err = compile(bad).unwrap_err();
            assert!(!err.reason.is_empty(), "{bad}");
        }
    }
}
