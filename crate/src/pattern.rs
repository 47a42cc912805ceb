//! The rule pattern language, compiled to programs.
//!
//! Rule authors describe phrases word by word (see `crate/rules/README.md`):
//! `(kann|können) [leider] ...3 nicht*`. This module parses such a pattern,
//! picks the literals the matcher looks for first (its anchors), and compiles
//! it into a short program (see [`crate::program`]) that runs on *folded*
//! text (lower case, plain quotes and dashes, see [`crate::fold`]).
//!
//! The build script includes this file too: it rejects a pattern that does
//! not compile and stores each pattern's literals, so the engine only
//! compiles patterns, on first use, that are known to be good.

use crate::program::{is_letter as is_letter_byte, EndingSet, Inst, Program, Switch};
use std::fmt;

/// Whether `c` is a letter or digit of folded text: every non-ASCII
/// character counts (see [`crate::program::is_letter`]).
pub fn is_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || !c.is_ascii()
}

/// Whether `c` may stand in a pattern's word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '-' | '/' | '&')
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
    /// A punctuation mark, wherever it stands.
    Mark,
}

/// A literal of a pattern: a word, word start, word ending or punctuation
/// mark its matches contain. The matcher finds the literals of all rules in
/// one pass and runs a pattern only on the sentences around its anchors.
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
fn parse(pattern: &str) -> Result<Vec<Element<'_>>, PatternError> {
    // Folded text is lower case: a capital letter could never match.
    if pattern.chars().any(char::is_uppercase) {
        return Err(error(pattern, "must be written in lower case".into()));
    }
    let mut parser = Parser {
        text: pattern,
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

/// Literals every match of a pattern contains, as groups: each match
/// contains at least one literal of every group. A sentence that lacks a
/// group cannot hold a match, which is much cheaper to see than to search.
pub fn required(pattern: &str) -> Result<Vec<Vec<Anchor>>, PatternError> {
    let elements = parse(pattern)?;
    let mut groups: Vec<Vec<Anchor>> = elements
        .iter()
        .filter_map(|e| match e {
            Element::Punct(c) => Some(vec![Anchor {
                text: c.to_string(),
                kind: AnchorKind::Mark,
            }]),
            _ => element_anchors(e),
        })
        .collect();
    for group in &mut groups {
        group.sort();
        group.dedup();
    }
    Ok(groups)
}

/// Literals where every match of a pattern starts: the first words of its
/// first element, when that element is a plain word, a word ending
/// (`*rechner`: the match starts where its word does), or a choice of
/// sequences that each start so; an optional first part adds its first words
/// to those of what follows it. `None` when a match may start elsewhere
/// (with a gap, or a word with `*` on both sides).
pub fn start_literals(pattern: &str) -> Result<Option<Vec<Anchor>>, PatternError> {
    let elements = parse(pattern)?;
    let mut set = sequence_start(&elements);
    if let Some(set) = &mut set {
        set.sort();
        set.dedup();
    }
    Ok(set)
}

fn sequence_start(elements: &[Element<'_>]) -> Option<Vec<Anchor>> {
    let first = elements
        .iter()
        .position(|e| !matches!(e, Element::FocusOpen | Element::FocusClose))?;
    let word_start = |text: &str, kind| {
        Some(vec![Anchor {
            text: text.to_string(),
            kind,
        }])
    };
    match &elements[first] {
        // A short form (`'s`) starts at its apostrophe.
        Element::Word { text, .. } if text.starts_with('\'') => word_start("'", AnchorKind::Mark),
        Element::Word {
            text,
            any_before: false,
            any_after,
        } => {
            let mut pieces = text.split(|c: char| !is_letter(c));
            let piece = pieces.next().filter(|p| !p.is_empty())?;
            let last = pieces.next().is_none();
            let kind = if last && *any_after {
                AnchorKind::Prefix
            } else {
                AnchorKind::Word
            };
            word_start(piece, kind)
        }
        Element::Word {
            text,
            any_before: true,
            any_after: false,
        } if text.chars().all(is_letter) => word_start(text, AnchorKind::Suffix),
        Element::Choice(alternatives) => {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(sequence_start(alternative)?);
            }
            Some(all)
        }
        Element::Optional(alternatives) => {
            let mut all = sequence_start(&elements[first + 1..])?;
            for alternative in alternatives {
                all.extend(sequence_start(alternative)?);
            }
            Some(all)
        }
        _ => None,
    }
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
fn sequence_anchors(elements: &[Element<'_>]) -> Option<Vec<Anchor>> {
    elements
        .iter()
        .filter_map(element_anchors)
        .max_by_key(|set| anchor_quality(set))
}

fn element_anchors(element: &Element<'_>) -> Option<Vec<Anchor>> {
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
enum Element<'a> {
    /// A word; `prefix`/`suffix` mean `*wort` / `wort*`.
    Word {
        text: &'a str,
        any_before: bool,
        any_after: bool,
    },
    /// `(a|b c)`: one of several sequences.
    Choice(Vec<Vec<Element<'a>>>),
    /// `[a|b]`: one of several sequences, or nothing.
    Optional(Vec<Vec<Element<'a>>>),
    /// `...N`: up to N words.
    Gap(u8),
    /// `. ! ? : ;`
    Punct(char),
    /// `<` and `>`: the underlined part.
    FocusOpen,
    FocusClose,
}

/// Compiles a pattern into a program for [`crate::program`] that finds the
/// phrase in folded text. The phrase runs from where a run starts to where
/// it matches (no slots to save: a step each in every run); its underlined
/// part (if the pattern has `<...>`) is saved in slots 2 and 3. Whole words
/// only: a match starts after a non-letter and [`Inst::Match`] refuses to
/// end before a letter.
pub fn compile(pattern: &str) -> Result<Program, PatternError> {
    let fail = |reason: String| error(pattern, reason);
    let elements = parse(pattern)?;
    check_shape(&elements).map_err(fail)?;
    let mut emitter = Emitter::default();
    emitter.sequence(&elements, false).map_err(fail)?;
    emitter.push(Inst::Match);
    if u16::try_from(emitter.program.len()).is_err() {
        return Err(fail("is too long".into()));
    }
    Ok(Program::new(
        emitter.program,
        emitter.literals,
        emitter.switches,
        emitter.endings,
    ))
}

/// Compiles an `unless` pattern: the same language, but it only has to occur
/// somewhere in a sentence, so an underlined part makes no sense.
pub fn compile_context(pattern: &str) -> Result<Program, PatternError> {
    let program = compile(pattern)?;
    if program.insts().contains(&Inst::Save(2)) {
        return Err(error(
            pattern,
            "`<` and `>` make no sense in an `unless` pattern".into(),
        ));
    }
    Ok(program)
}

fn check_shape(elements: &[Element<'_>]) -> Result<(), String> {
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

/// Reads a pattern character by character; `pos` is a byte offset.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Steps over the character `c`, just peeked.
    fn advance(&mut self, c: char) {
        self.pos += c.len_utf8();
    }

    fn starts_with(&self, s: &str) -> bool {
        self.text[self.pos..].starts_with(s)
    }

    /// Parses elements until `close` (or the end of the pattern when `None`).
    /// Inside a group, stops before `|` as well.
    fn sequence(&mut self, close: Option<char>) -> Result<Vec<Element<'a>>, String> {
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
                    // `…` takes three bytes too.
                    self.pos += 3;
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

    fn alternatives(&mut self, close: char) -> Result<Vec<Vec<Element<'a>>>, String> {
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

    fn word(&mut self) -> Result<Element<'a>, String> {
        let any_before = self.peek() == Some('*');
        if any_before {
            self.pos += 1;
        }
        let start = self.pos;
        while let Some(c) = self.peek().filter(|&c| is_word_char(c)) {
            self.advance(c);
        }
        let text = &self.text[start..self.pos];
        let any_after = self.peek() == Some('*');
        if any_after {
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

/// Builds a program from pattern elements. The shapes mirror what the rule
/// syntax promises: words are separated by one blank (after an optional
/// comma), and every element after the first brings its own separator, so
/// optional elements and gaps leave no stray blanks when they are absent.
#[derive(Default)]
struct Emitter {
    program: Vec<Inst>,
    literals: Vec<u8>,
    switches: Vec<Switch>,
    endings: Vec<EndingSet>,
}

/// How a choice's alternatives are emitted, a run at a time.
enum Run<'r, A> {
    /// One alternative.
    One(&'r A),
    /// Alternatives led by whole words: an [`Inst::Switch`].
    Switch(&'r [A]),
    /// Word endings alone (`*rechner`): an [`Inst::Endings`].
    Endings(&'r [A]),
}

/// The fewest alternatives in a row, each starting with a whole word, that
/// become one [`Inst::Switch`]: for fewer, trying each is as quick.
const SWITCH_MIN: usize = 4;

/// The fewest word endings in a row that become one [`Inst::Endings`].
const ENDINGS_MIN: usize = 3;

/// The ending an alternative is, when it is nothing but a word ending of
/// letters and digits (`*rechner`).
fn ending_only<'a>(alternative: &[Element<'a>]) -> Option<&'a str> {
    match alternative {
        [Element::Word {
            text,
            any_before: true,
            any_after: false,
        }] if text.bytes().all(is_letter_byte) => Some(text),
        _ => None,
    }
}

/// An alternative that starts with a word the text's run of letters and
/// digits must match as a whole: a switch looks the run up (see
/// [`Inst::Switch`]).
struct Led<'e, 'a> {
    /// The letters and digits the word starts with: the run to look up.
    /// Empty for a word that starts with an apostrophe (`'s`).
    key: &'a str,
    /// The byte the word starts with.
    lead: u8,
    /// The rest of the word after `key` (`-mail` of `e-mail`), if any.
    tail: Option<Element<'a>>,
    /// The elements after the word.
    rest: &'e [Element<'a>],
}

/// The alternative as a [`Led`] one, when its first element is a word whose
/// run of letters and digits is known: all of it, or the part before a
/// hyphen or an apostrophe. A word start (`kaputt*`) is not: the run only
/// has to begin with it.
fn led<'e, 'a>(alternative: &'e [Element<'a>]) -> Option<Led<'e, 'a>> {
    let [Element::Word {
        text,
        any_before: false,
        any_after,
    }, rest @ ..] = alternative
    else {
        return None;
    };
    let letters = text.bytes().take_while(|&b| is_letter_byte(b)).count();
    if letters == text.len() && *any_after {
        return None;
    }
    let tail = (letters < text.len()).then(|| Element::Word {
        text: &text[letters..],
        any_before: false,
        any_after: *any_after,
    });
    Some(Led {
        key: &text[..letters],
        lead: text.as_bytes()[0],
        tail,
        rest,
    })
}

impl Emitter {
    fn push(&mut self, inst: Inst) -> usize {
        self.program.push(inst);
        self.program.len() - 1
    }

    /// The index of the next instruction (checked to fit when done).
    fn here(&self) -> u16 {
        self.program.len() as u16
    }

    /// Points the second target of the split at `at` to the current end.
    fn patch_split(&mut self, at: usize) {
        let end = self.here();
        if let Inst::Split(first, _) = self.program[at] {
            self.program[at] = Inst::Split(first, end);
        }
    }

    /// An instruction that reads `text`, whose bytes join the program's.
    fn literal(&mut self, text: &str) -> Inst {
        let start = self.literals.len() as u32;
        self.literals.extend_from_slice(text.as_bytes());
        Inst::Lit {
            start,
            end: self.literals.len() as u32,
        }
    }

    /// `inner*`, greedy.
    fn star(&mut self, inner: Inst) {
        let split = self.push(Inst::Split(self.here() + 1, 0));
        self.push(inner);
        self.push(Inst::Jump(split as u16));
        self.patch_split(split);
    }

    /// `(inner)?`, greedy.
    fn optional(
        &mut self,
        inner: impl FnOnce(&mut Emitter) -> Result<(), String>,
    ) -> Result<(), String> {
        let split = self.push(Inst::Split(self.here() + 1, 0));
        inner(self)?;
        self.patch_split(split);
        Ok(())
    }

    /// `(inner){0,n}`, greedy: after each round, try one more or stop.
    fn up_to(&mut self, n: u8, inner: impl Fn(&mut Emitter)) {
        let splits: Vec<usize> = (0..n)
            .map(|_| {
                let split = self.push(Inst::Split(self.here() + 1, 0));
                inner(self);
                split
            })
            .collect();
        for split in splits {
            self.patch_split(split);
        }
    }

    /// A word skipped by `...` that must give back a punctuation mark the
    /// pattern goes on with (`:`): one byte or more, given back one by one.
    fn gap_word_giving_back(&mut self) {
        self.push(Inst::GapChar);
        self.star(Inst::GapChar);
    }

    /// One of several sequences, tried in the order written; `after_word`
    /// when they continue a word already read (see [`Emitter::sequence`]).
    /// A run of them that each start with a whole word becomes a switch on
    /// that word (see [`Inst::Switch`]), in its place among the others.
    fn alternatives<'a, A: AsRef<[Element<'a>]>>(
        &mut self,
        alternatives: &[A],
        after_word: bool,
    ) -> Result<(), String> {
        let mut runs: Vec<Run<A>> = Vec::new();
        let mut rest = alternatives;
        while let [first, others @ ..] = rest {
            let run_of = |accepts: &dyn Fn(&[Element<'a>]) -> bool| {
                rest.iter().take_while(|a| accepts(a.as_ref())).count()
            };
            let led_run = run_of(&|a| led(a).is_some());
            let endings_run = run_of(&|a| ending_only(a).is_some());
            let (run, take) = if led_run >= SWITCH_MIN {
                (Run::Switch(&rest[..led_run]), led_run)
            } else if endings_run >= ENDINGS_MIN {
                (Run::Endings(&rest[..endings_run]), endings_run)
            } else {
                (Run::One(first), 1)
            };
            runs.push(run);
            rest = if take == 1 { others } else { &rest[take..] };
        }
        self.either(&runs, |e, run| match run {
            Run::One(alternative) => e.sequence(alternative.as_ref(), after_word),
            Run::Switch(alternatives) => e.switch(alternatives, after_word),
            Run::Endings(alternatives) => {
                e.ending_set(alternatives, after_word);
                Ok(())
            }
        })
    }

    /// Alternatives that are each a word ending alone, as one
    /// [`Inst::Endings`] (each would bring a blank before it after a word).
    fn ending_set<'a, A: AsRef<[Element<'a>]>>(&mut self, alternatives: &[A], after_word: bool) {
        if after_word {
            self.push(Inst::Sep);
        }
        let endings: Vec<(u32, u32)> = (alternatives.iter())
            .filter_map(|a| ending_only(a.as_ref()))
            .map(|text| match self.literal(text) {
                Inst::Lit { start, end } => (start, end),
                _ => unreachable!("a literal"),
            })
            .collect();
        let set = u16::try_from(self.endings.len()).expect("under 65,536 sets");
        self.endings.push(EndingSet::new(&endings, &self.literals));
        self.push(Inst::Endings { set });
    }

    /// One of `items`, each emitted by `emit`, tried in order: a split
    /// before each but the last, and a jump from each to where all end.
    fn either<T>(
        &mut self,
        items: &[T],
        mut emit: impl FnMut(&mut Emitter, &T) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut jumps = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            let split = (!last).then(|| self.push(Inst::Split(self.here() + 1, 0)));
            emit(self, item)?;
            if let Some(split) = split {
                jumps.push(self.push(Inst::Jump(0)));
                self.patch_split(split);
            }
        }
        let end = self.here();
        for jump in jumps {
            self.program[jump] = Inst::Jump(end);
        }
        Ok(())
    }

    /// Alternatives that each start with a whole word, as a switch on the
    /// word read. Those with different words cannot both match, so only the
    /// alternatives of one word keep their order among themselves: after
    /// the word, the rest of each, in the order written.
    fn switch<'a, A: AsRef<[Element<'a>]>>(
        &mut self,
        alternatives: &[A],
        after_word: bool,
    ) -> Result<(), String> {
        let mut keys: Vec<(&str, Vec<Led<'_, 'a>>)> = Vec::new();
        for led in alternatives.iter().filter_map(|a| led(a.as_ref())) {
            match keys.iter_mut().find(|(key, _)| *key == led.key) {
                Some((_, members)) => members.push(led),
                None => keys.push((led.key, vec![led])),
            }
        }
        if after_word {
            // Each alternative's own separator, read once for all: a blank,
            // or nothing before the apostrophe of a short form.
            let short_form = keys.iter().flat_map(|(_, m)| m).any(|m| m.lead == b'\'');
            self.push(if short_form { Inst::Joint } else { Inst::Sep });
        }
        let at = self.push(Inst::Switch { switch: 0 });
        let leads: Vec<u8> = keys.iter().flat_map(|(_, m)| m).map(|m| m.lead).collect();
        let mut targets: Vec<(u32, u32, Option<u16>)> = Vec::new();
        let mut jumps = Vec::new();
        for (key, members) in &keys {
            let Inst::Lit { start, end } = self.literal(key) else {
                unreachable!("a literal")
            };
            if let [Led {
                tail: None,
                rest: [],
                ..
            }] = members.as_slice()
            {
                // Only the word: on after the switch.
                targets.push((start, end, None));
                continue;
            }
            targets.push((start, end, Some(self.here())));
            self.after_key(members)?;
            jumps.push(self.push(Inst::Jump(0)));
        }
        let end = self.here();
        for jump in jumps {
            self.program[jump] = Inst::Jump(end);
        }
        let targets = targets
            .into_iter()
            .map(|(start, end_of_key, target)| (start, end_of_key, target.unwrap_or(end)))
            .collect();
        let switch = u16::try_from(self.switches.len()).expect("under 65,536 switches");
        self.switches
            .push(Switch::new(targets, &leads, &self.literals));
        self.program[at] = Inst::Switch { switch };
        Ok(())
    }

    /// What follows one key in each of its alternatives, in order: the rest
    /// of the word, if any, and the elements after it.
    fn after_key(&mut self, members: &[Led<'_, '_>]) -> Result<(), String> {
        if members.iter().all(|m| m.tail.is_none()) {
            let rests: Vec<_> = members.iter().map(|m| m.rest).collect();
            return self.alternatives(&rests, true);
        }
        self.either(members, |e, member| match &member.tail {
            Some(tail) => {
                let elements: Vec<_> = std::iter::once(tail.clone())
                    .chain(member.rest.iter().cloned())
                    .collect();
                e.sequence(&elements, false)
            }
            None => e.sequence(member.rest, true),
        })
    }

    /// `elements` in order; `after_word` when they continue a word already
    /// read, so the first needs its separator.
    fn sequence(&mut self, elements: &[Element<'_>], after_word: bool) -> Result<(), String> {
        let mut need_separator = after_word;
        let mut focus_pending = false;
        for (i, element) in elements.iter().enumerate() {
            if focus_pending && matches!(element, Element::Optional(_) | Element::Gap(_)) {
                // `<` before an optional part: the focus starts with it (its
                // leading blank is trimmed from findings).
                self.push(Inst::Save(2));
                focus_pending = false;
            }
            match element {
                Element::FocusOpen => focus_pending = true,
                Element::FocusClose if focus_pending => {
                    return Err("`<` and `>` enclose nothing".into())
                }
                Element::FocusClose => {
                    self.push(Inst::Save(3));
                }
                Element::Punct(c) => {
                    let blank = self.literal(" ");
                    self.star(blank);
                    let mark = self.literal(&c.to_string());
                    self.push(mark);
                    need_separator = true;
                }
                Element::Gap(n) => {
                    let give_back = elements[i + 1..]
                        .iter()
                        .find(|e| !matches!(e, Element::FocusOpen | Element::FocusClose))
                        .is_some_and(|e| matches!(e, Element::Punct(c) if !".!?;".contains(*c)));
                    if !give_back {
                        // Whole words, taken in one step.
                        self.push(Inst::Gap {
                            words: *n,
                            space_first: need_separator,
                        });
                    } else {
                        // Words that may give bytes back, one round each.
                        self.up_to(*n, |e| {
                            if need_separator {
                                e.push(Inst::Sep);
                                e.gap_word_giving_back();
                            } else {
                                e.gap_word_giving_back();
                                e.push(Inst::Sep);
                            }
                        })
                    }
                }
                Element::Optional(alternatives) => self.optional(|e| {
                    if need_separator && separated_each(element) {
                        e.alternatives(alternatives, true)
                    } else if need_separator {
                        e.push(separator_before(element));
                        e.alternatives(alternatives, false)
                    } else {
                        e.alternatives(alternatives, false)?;
                        e.push(Inst::Sep);
                        Ok(())
                    }
                })?,
                Element::Word { .. } | Element::Choice(_) => {
                    let each = need_separator && separated_each(element);
                    if need_separator && !each {
                        self.push(separator_before(element));
                    }
                    if focus_pending {
                        self.push(Inst::Save(2));
                        focus_pending = false;
                    }
                    match element {
                        Element::Choice(alternatives) => self.alternatives(alternatives, each)?,
                        Element::Word {
                            text,
                            any_before,
                            any_after,
                        } => {
                            let word = self.literal(text);
                            self.push(match word {
                                Inst::Lit { start, end } if *any_before => {
                                    Inst::Ending { start, end }
                                }
                                word => word,
                            });
                            if *any_after {
                                self.push(Inst::WordRun);
                            }
                        }
                        _ => unreachable!("matched above"),
                    }
                    need_separator = true;
                }
            }
        }
        Ok(())
    }
}

/// The separator in front of an element: none is needed before a short
/// form such as `'ve`, which is written joined to the word before it.
fn separator_before(element: &Element) -> Inst {
    if starts_with_short_form(element) {
        Inst::Joint
    } else {
        Inst::Sep
    }
}

/// Whether each alternative of a group brings its own separator: a mark
/// among them takes no blank before it.
fn separated_each(element: &Element) -> bool {
    let starts_with_mark = |alternative: &Vec<Element>| {
        matches!(
            alternative
                .iter()
                .find(|e| !matches!(e, Element::FocusOpen | Element::FocusClose)),
            Some(Element::Punct(_))
        )
    };
    match element {
        Element::Choice(alternatives) | Element::Optional(alternatives) => {
            alternatives.iter().any(starts_with_mark)
        }
        _ => false,
    }
}

fn starts_with_short_form(element: &Element) -> bool {
    match element {
        Element::Word { text, .. } => text.starts_with('\''),
        Element::Choice(alternatives) | Element::Optional(alternatives) => {
            alternatives.iter().any(|alternative| {
                alternative
                    .iter()
                    .find(|e| !matches!(e, Element::FocusOpen | Element::FocusClose))
                    .is_some_and(starts_with_short_form)
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Scratch;

    /// Returns the phrase (or its focus) the pattern finds in folded `text`.
    fn find(pattern: &str, text: &str) -> Option<String> {
        let program = compile(pattern).unwrap();
        let mut scratch = Scratch::default();
        let found = program.search(text.as_bytes(), &mut scratch).find_from(0)?;
        let (start, end) = found.focus.unwrap_or((found.start, found.end));
        Some(text[start..end].to_string())
    }

    #[test]
    fn marks_among_alternatives_need_no_blank_before_them() {
        for pattern in ["nein (.|!)", "nein [doch|.|!]", "<nein> (danke|.|!)"] {
            assert_eq!(
                find(pattern, "nein."),
                Some(
                    if pattern.starts_with('<') {
                        "nein"
                    } else {
                        "nein."
                    }
                    .into()
                ),
                "{pattern}"
            );
            assert!(find(pattern, "nein !").is_some(), "{pattern}");
        }
        assert_eq!(find("nein (.|!)", "nein, danke"), None);
        assert_eq!(
            find("nein (danke|.|!)", "nein, danke"),
            Some("nein, danke".into())
        );
        assert_eq!(find("nein (danke|.|!)", "neindanke"), None);
    }

    /// How many instructions of `pattern`'s program are of a `kind`.
    fn count(pattern: &str, kind: fn(&Inst) -> bool) -> usize {
        let program = compile(pattern).unwrap();
        program.insts().iter().filter(|i| kind(i)).count()
    }

    #[test]
    fn runs_of_alternatives_led_by_words_become_one_switch() {
        let switches = |pattern| count(pattern, |i| matches!(i, Inst::Switch { .. }));
        assert_eq!(switches("(ab|cd|ef|gh) ij"), 1);
        // Too few, or broken up by alternatives a lookup cannot tell.
        assert_eq!(switches("(ab|cd|ef) ij"), 0);
        assert_eq!(switches("(ab|cd|ef*|gh|ij) kl"), 0);
        // A word's letters before a hyphen or an apostrophe are its key.
        assert_eq!(switches("(ab|cd|e-f|gh|'s) kl"), 1);
        // After a shared word, its alternatives' rests switch too.
        assert_eq!(switches("(in ab|in cd|in ef|in gh|ij)"), 2);
    }

    #[test]
    fn runs_of_word_endings_become_one_set() {
        let sets = |pattern| count(pattern, |i| matches!(i, Inst::Endings { .. }));
        assert_eq!(sets("(*ab|*cd|*ef) gh"), 1);
        assert_eq!(sets("mein (ab|cd|ef|gh|*ab|*cd|*ef|ij|*gh|*ij|*kl)"), 2);
        // Too few, broken up, or more than an ending.
        assert_eq!(sets("(*ab|*cd) gh"), 0);
        assert_eq!(sets("(*ab|cd|*ef|gh) ij"), 0);
        assert_eq!(sets("(*ab|*cd*|*ef gh|*e-f) ij"), 0);
    }

    #[test]
    fn a_set_of_endings_finds_what_its_endings_one_by_one_find() {
        let pattern = "<(*rechner|*server|*laptop)> (ist|war) kaputt";
        let found = find(pattern, "der laptoprechner war kaputt");
        assert_eq!(found, Some("laptoprechner".into()));
        assert_eq!(
            find("(*ab|*cd|*ef) gh", "xcdab gh"),
            Some("xcdab gh".into())
        );
        assert_eq!(find("(*ab|*cd|*ef) gh", "xcdabq gh"), None);
        assert_eq!(find("x (*ab|*cd|*ef)", "x ab"), Some("x ab".into()));
        assert_eq!(find("x (*ab|*cd|*ef)", "x abx"), None);
    }

    proptest::proptest! {
        /// A set of endings and the same endings tried one by one (an
        /// alternative that never matches between each two keeps them
        /// apart) find the same phrases, whatever words and hyphens the
        /// text holds.
        #[test]
        fn a_set_of_endings_is_its_endings_tried_in_order(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["ab", "cd", "abcd", "cdab", "b", "x", "-", "ab-", "über"]),
                0..12,
            ),
            separators in proptest::collection::vec(proptest::sample::select(vec!["", " ", ", ", ". "]), 12),
        ) {
            let text: String = (words.iter().zip(&separators)).map(|(w, s)| format!("{w}{s}")).collect();
            for (set, apart) in [
                ("(*ab|*cd|*bcd|*ber) [x] ...2 (*ab|*cd|*b)", "(*ab|qq|*cd|qq|*bcd|qq|*ber) [x] ...2 (*ab|qq|*cd|qq|*b)"),
                ("<(*cd|*ab|*b)> x", "<(*cd|qq|*ab|qq|*b)> x"),
                ("x (*b|*ab|*cdab) .", "x (*b|qq|*ab|qq|*cdab) ."),
            ] {
                // The phrase found from each place, and those found one
                // after the other as the matcher takes them.
                let all = |pattern: &str| {
                    let program = compile(pattern).unwrap();
                    let mut scratch = Scratch::default();
                    let mut found: Vec<_> = (0..=text.len())
                        .map(|at| program.search(text.as_bytes(), &mut scratch).find_from(at))
                        .collect();
                    let mut search = program.search(text.as_bytes(), &mut scratch);
                    let mut at = 0;
                    while let Some(phrase) = search.find_from(at) {
                        at = phrase.end.max(at + 1);
                        found.push(Some(phrase));
                    }
                    found
                };
                proptest::prop_assert_eq!(all(set), all(apart), "{} in {:?}", set, text);
            }
        }
    }

    #[test]
    fn a_switch_keeps_the_order_of_the_alternatives_of_one_word() {
        // The first alternative that matches wins, as without a switch.
        // `ab` comes first, but no full stop follows it: then `ab cd`.
        assert_eq!(
            find("<(ab|ab cd|ef|gh|ij)> .", "ab cd."),
            Some("ab cd".into())
        );
        assert_eq!(find("(ab|ab cd|ef|gh|ij)", "x ab cd."), Some("ab".into()));
        assert_eq!(
            find("(ab cd|ab|ef|gh|ij)", "x ab cd."),
            Some("ab cd".into())
        );
        // A later alternative of the word is tried when the first fails.
        assert_eq!(
            find("(ab cd|ab ef|gh|ij|kl) mn", "ab ef mn"),
            Some("ab ef mn".into())
        );
    }

    #[test]
    fn a_switch_takes_words_with_hyphens_and_short_forms() {
        let pattern = "so (ab|cd|e-mail|gh|'s) x";
        assert_eq!(find(pattern, "so e-mail x"), Some("so e-mail x".into()));
        assert_eq!(find(pattern, "so e x"), None);
        assert_eq!(find(pattern, "so email x"), None);
        assert_eq!(
            find("it (ab|cd|ef|gh|'s) x", "it's x"),
            Some("it's x".into())
        );
        assert_eq!(
            find("it (ab|cd|ef|gh|'s) x", "it 's x"),
            Some("it 's x".into())
        );
        assert_eq!(
            find("it (ab|cd|ef|gh|'s) x", "it ef x"),
            Some("it ef x".into())
        );
        assert_eq!(find("it (ab|cd|ef|gh|'s) x", "itef x"), None);
        // After a shared word, a short form among the rests joins it.
        let nested = "(x ab|x cd|x ef|x 's|z) y";
        assert_eq!(find(nested, "x's y"), Some("x's y".into()));
        assert_eq!(find(nested, "x ef y"), Some("x ef y".into()));
        assert_eq!(find(nested, "xef y"), None);
    }

    #[test]
    fn a_switch_reads_whole_words() {
        let pattern = "(lap|laptop|pc|mac) (kaputt|defekt)";
        assert_eq!(find(pattern, "laptop kaputt"), Some("laptop kaputt".into()));
        assert_eq!(find(pattern, "laptops kaputt"), None);
        assert_eq!(find(pattern, "lap kaputt"), Some("lap kaputt".into()));
        assert_eq!(
            find(pattern, "mein laptop, kaputt"),
            Some("laptop, kaputt".into())
        );
        // Words end at anything but letters and digits.
        assert_eq!(find("(ab|cd|ef|gh)", "ab-cd"), Some("ab".into()));
        assert_eq!(find("(ab|cd|ef|gh)", "äb ab2 ab"), Some("ab".into()));
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
    fn short_forms_join_the_word_before() {
        let pattern = "(i|we) [have|'ve] already told you";
        assert_eq!(
            find(pattern, "we've already told you"),
            Some("we've already told you".into())
        );
        assert_eq!(
            find(pattern, "we already told you"),
            Some("we already told you".into())
        );
        // Only a short form may be joined: a plain word still needs a blank.
        assert_eq!(find("we have", "wehave"), None);
        assert_eq!(find("(is|'s) out", "that's out"), Some("'s out".into()));
        assert_eq!(find("(is|'s) out", "this out"), None);
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
    fn start_literals_only_where_every_match_starts_there() {
        let texts = |pattern: &str| {
            start_literals(pattern)
                .unwrap()
                .map(|set| set.into_iter().map(|a| a.text).collect::<Vec<_>>())
        };
        assert_eq!(texts("das geht nicht"), Some(vec!["das".to_string()]));
        assert_eq!(
            texts("<(ich|wir werden)> ...2 versuchen"),
            Some(vec!["ich".to_string(), "wir".to_string()])
        );
        assert_eq!(texts("e-mail* senden"), Some(vec!["e".to_string()]));
        assert_eq!(
            texts("[leider] geht nicht"),
            Some(vec!["geht".to_string(), "leider".to_string()])
        );
        assert_eq!(texts("*rechner kaputt"), Some(vec!["rechner".to_string()]));
        assert_eq!(
            texts("(ich|[sehr] gern) helfe"),
            Some(vec![
                "gern".to_string(),
                "ich".to_string(),
                "sehr".to_string()
            ])
        );
        assert_eq!(texts("...2 nicht"), None);
        assert_eq!(texts("*e-mail kaputt"), None);
        assert_eq!(texts("*rechner* kaputt"), None);
        assert_eq!(texts("[sehr] ...2 gern"), None);
        let prefix = start_literals("kaputt* gegangen").unwrap().unwrap();
        assert_eq!(prefix[0].kind, AnchorKind::Prefix);
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
            "(a|b",
            "a)",
            "... a",
            "a ...",
            "[a]",
            "<a",
            "a >b< c",
            "(a|)",
            "a{b}",
            "*",
            "a < > b",
            "Ich melde mich",
            "wir ändern das Ändern",
        ] {
            let err = compile(bad).unwrap_err();
            assert!(!err.reason.is_empty(), "{bad}");
        }
    }
}
