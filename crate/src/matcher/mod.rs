//! Matching: finds every rule's phrases in folded text.
//!
//! Every pattern knows groups of literals its matches must contain, one of
//! each group (see [`crate::pattern::required`]). One pass finds all these
//! literals at once (see [`crate::literals`]). One group of each pattern,
//! chosen by the build script, is its anchor: the sentences around its hits
//! are searched with the pattern's program (see [`crate::program`]),
//! but only where the other groups occur too, in order: a signature of each
//! sentence's literals (see [`crate::signature`]) rules most sentences out
//! before any is looked up, most of them for all of an anchor's patterns
//! in one test. Both steps are linear in the length of the text, however
//! many rules there are.
//!
//! The literal pass also finds the marks that may end a sentence, so the
//! sentences are told from the hits, and the German pronouns of address
//! (see [`crate::pronouns`]), which the matcher hands on with the phrases.
//!
//! This file chooses the stretches of text worth searching; `window.rs`
//! tells which literals a stretch holds, and in which order, and
//! `search.rs` runs a pattern's program over a stretch.

mod search;
mod window;

use crate::grouped::{self, grouped};
use crate::literals::Literals;
use crate::pattern::AnchorKind;
use crate::program::is_letter;
use crate::pronouns::{Pronoun, PRONOUNS};
use crate::rule::{self, Lang, Pattern, PerLang, Replace, Rule};
use crate::segment::{self, Sentence, SentenceEnds};
use crate::signature::Signature;
use search::{Compiled, SearchMemory, StretchSearch};
use std::ptr;
use std::sync::Mutex;
use window::Hits;

/// The longest stretch of text searched at once. Overlapping sentence
/// windows of one pattern are merged up to this length, so run-on text is
/// searched about once, and a search's memory stays small.
const MAX_STRETCH: usize = 4096;

/// A phrase a rule found, as a byte range of folded text.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    pub rule: &'static Rule,
    pub start: usize,
    pub end: usize,
    /// For a rule that rewrites whole sentences (see [`Replace::Sentence`]),
    /// the phrase's sentence without its final punctuation: what a
    /// suggestion replaces.
    pub sentence: Option<(usize, usize)>,
}

/// A pronoun of address in folded text, as a byte range.
#[derive(Debug, Clone, Copy)]
pub struct PronounAt {
    pub start: usize,
    pub end: usize,
    pub pronoun: &'static Pronoun,
}

/// What a matcher finds in folded text, each list sorted by position.
#[derive(Debug, Default)]
pub struct Matched {
    pub phrases: Vec<Match>,
    pub pronouns: Vec<PronounAt>,
}

struct Entry {
    rule: &'static Rule,
    compiled: Compiled,
    /// Index of the rule's `unless` patterns in [`Matcher::unless`].
    unless: usize,
}

/// The entries anchored on each literal.
struct Anchors {
    /// The entries literal `l` anchors are `entries[first[l]..first[l + 1]]`.
    first: Vec<u32>,
    entries: Vec<u32>,
    /// For each literal, what a sentence must hold for any entry it anchors
    /// to match there (see [`Anchors::may_match_in`]).
    needs: Vec<Signature>,
}

impl Anchors {
    /// Anchors each entry on the group its pattern names (see
    /// [`Pattern::anchor`]). The build script chooses it: counting each
    /// mail's hits to choose per mail cost more than the searches a better
    /// choice saved.
    fn new(entries: &[Entry], literal_count: usize) -> Anchors {
        // An anchor group holds about seven literals (six to eight per
        // language): room for all spares growing the list.
        let mut anchoring: Vec<(u32, u32)> = Vec::with_capacity(entries.len() * 8);
        let mut needs = vec![Signature::default(); literal_count];
        for (e, entry) in entries.iter().enumerate() {
            let pattern = entry.compiled.pattern;
            let need = smallest_other_group(pattern);
            for &literal in pattern.required.get(pattern.anchor) {
                anchoring.push((literal.into(), e as u32));
                needs[usize::from(literal)] = needs[usize::from(literal)].or(need);
            }
        }
        let (first, entries) = grouped(&anchoring, literal_count, |&(literal, e)| {
            (literal as usize, e)
        });
        Anchors {
            first,
            entries,
            needs,
        }
    }

    /// The entries literal `l` anchors.
    fn of(&self, l: usize) -> &[u32] {
        &self.entries[self.first[l] as usize..self.first[l + 1] as usize]
    }

    /// Whether any entry literal `l` anchors may match in a sentence whose
    /// literals have signature `held`. Each entry needs a literal of its
    /// smallest group besides the anchor, so a sentence with none of all
    /// these groups' literals rules every entry out in one test, without
    /// reading one: in the benchmark mails, two thirds to three quarters of
    /// the anchor hits whose entries all fail.
    fn may_match_in(&self, l: usize, held: Signature) -> bool {
        held.may_hold(self.needs[l])
    }
}

/// The signature of a pattern's smallest group besides its anchor: a
/// sentence without one of its literals holds no match. Every literal, for
/// a pattern with no other group.
fn smallest_other_group(pattern: Pattern) -> Signature {
    let others = (pattern.required.iter().enumerate()).filter(|&(g, _)| g != pattern.anchor);
    match others
        .map(|(_, group)| group)
        .min_by_key(|group| group.len())
    {
        Some(group) => Signature::of_group(group),
        None => Signature::everything(),
    }
}

/// The rules of one language, ready to match.
pub struct Matcher {
    literals: &'static Literals,
    /// The pronoun each literal is, by id: index + 1, or 0 for none. Empty
    /// where the language has no pronouns of address.
    pronoun_of: Vec<u8>,
    /// How each literal sits in the text, by id.
    kinds: &'static [AnchorKind],
    /// The signature of each literal, by id.
    signatures: Vec<Signature>,
    entries: Vec<Entry>,
    /// Each rule's `unless` patterns, shared by its patterns.
    unless: Vec<Vec<Compiled>>,
    /// The entries each literal anchors.
    anchors: Anchors,
    /// The last check's search memory, for the next one: a mail's first
    /// searches would otherwise set up and grow it again.
    memory: Mutex<Option<SearchMemory>>,
}

impl Matcher {
    /// The matcher for `lang`, set up on first use.
    pub fn get(lang: Lang) -> &'static Matcher {
        static MATCHERS: PerLang<Matcher> = PerLang::new();
        MATCHERS.get(lang, || Matcher::new(lang))
    }

    /// Sets up the rules of `lang`. [`Matcher::get`] caches the result.
    pub fn new(lang: Lang) -> Matcher {
        let rules = || rule::all().iter().filter(|r| r.lang == lang);
        // Sized first: growing them copied each list several times, a tenth
        // of the set-up.
        let mut entries = Vec::with_capacity(rules().map(|r| r.patterns().len()).sum());
        let mut unless = Vec::with_capacity(rules().count());
        let kinds = rule::literal_kinds(lang);
        for rule in rules() {
            unless.push(rule.unless().map(|u| Compiled::new(u, true)).collect());
            for pattern in rule.patterns() {
                entries.push(Entry {
                    rule,
                    compiled: Compiled::new(pattern, false),
                    unless: unless.len() - 1,
                });
            }
        }
        let pronouns = rule::pronoun_literals(lang);
        let mut pronoun_of = vec![0; if pronouns.is_empty() { 0 } else { kinds.len() }];
        for (p, &literal) in pronouns.iter().enumerate() {
            pronoun_of[usize::from(literal)] = u8::try_from(p + 1).expect("a few pronouns");
        }
        Matcher {
            anchors: Anchors::new(&entries, kinds.len()),
            literals: rule::literal_set(lang),
            pronoun_of,
            kinds,
            signatures: signatures(lang, kinds.len()),
            entries,
            unless,
            memory: Mutex::new(None),
        }
    }

    /// Finds all phrases in folded `text`, and the pronouns of address. A
    /// rule finds a phrase at most once: of overlapping hits of one rule,
    /// the first stays.
    ///
    /// Its stages are functions of their own in the WebAssembly build, as
    /// those of `check_text` in `lib.rs` are.
    pub fn find(&self, text: &str) -> Matched {
        let (hits, pronouns) = self.hits(text);
        let (sentences, held) = self.sentences(text, &hits);
        // A check running at the same time (in another thread) sets up its own.
        let memory = self.memory.try_lock().ok().and_then(|mut m| m.take());
        let memory = memory.unwrap_or_else(|| SearchMemory::new(self.kinds.len()));
        let mut search = StretchSearch::new(text, &hits, self.kinds, memory);
        let stretches = self.stretches(text, &hits, &sentences, &held);
        let mut found = Vec::with_capacity(stretches.len());
        let mut phrases = Vec::with_capacity(8);
        let mut answers = RecentAnswers::default();
        for (e, from, to) in stretches {
            let entry = &self.entries[e];
            phrases.clear();
            search.phrases(&entry.compiled, from, to, &mut phrases);
            let unless = &self.unless[entry.unless];
            let rewrites = entry.rule.replace == Replace::Sentence;
            for &(start, end) in &phrases {
                let (start, end) = trim(text, from + start, from + end);
                if start >= end {
                    continue;
                }
                // The phrase's sentence: where its exceptions are sought,
                // and what a rewrite of the whole sentence replaces.
                let sentence =
                    (rewrites || !unless.is_empty()).then(|| sentences.around(text, start, end));
                let excepted = |s: &Sentence| {
                    let asked = (entry.unless, s.start, s.end_with_punctuation);
                    answers.get_or_find(asked, || {
                        self.excepted(unless, s, &sentences, &held, &mut search)
                    })
                };
                if sentence.as_ref().is_some_and(excepted) {
                    continue;
                }
                found.push(Match {
                    rule: entry.rule,
                    start,
                    end,
                    sentence: sentence.filter(|_| rewrites).map(|s| (s.start, s.end)),
                });
            }
        }
        if let Ok(mut memory) = self.memory.try_lock() {
            *memory = Some(search.memory);
        }
        // In text order, the longer phrase first where two start together,
        // then by rule: the rules lie in one list sorted by id, so their
        // addresses sort as their ids do, without reading the ids' bytes.
        let key = |m: &Match| (m.start, std::cmp::Reverse(m.end), ptr::from_ref(m.rule));
        grouped::sort_by(&mut found, |a, b| key(a) < key(b));
        // Where phrases of one rule overlap, the first stays (of two that start together, the
        // longer); `ends` holds the end of each rule's last phrase kept.
        let mut ends: Vec<(&'static Rule, usize)> = Vec::with_capacity(found.len());
        found.retain(
            |m| match ends.iter().position(|&(rule, _)| ptr::eq(rule, m.rule)) {
                Some(i) if m.start < ends[i].1 => false,
                Some(i) => {
                    ends[i].1 = m.end;
                    true
                }
                None => {
                    ends.push((m.rule, m.end));
                    true
                }
            },
        );
        Matched {
            phrases: found,
            pronouns,
        }
    }

    /// Every literal hit, and the pronouns of address among them.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn hits(&self, text: &str) -> (Hits, Vec<PronounAt>) {
        // About one hit per word.
        let mut in_text: Vec<(u32, u32, u32)> = Vec::with_capacity(text.len() / 4);
        self.literals.find(text, |hit| {
            in_text.push((hit.start as u32, hit.end as u32, hit.literal as u32));
        });
        // The pronouns are picked out afterwards, in a pass of their own:
        // the literal pass stays as small as it was.
        let mut pronouns = Vec::new();
        if !self.pronoun_of.is_empty() {
            for &(start, end, literal) in &in_text {
                let (start, end) = (start as usize, end as usize);
                if let p @ 1.. = self.pronoun_of[literal as usize] {
                    let pronoun = &PRONOUNS[usize::from(p) - 1];
                    // A word hit is told by its hash: one in many thousands
                    // is another word. The bytes tell for sure.
                    if pronoun.word.as_bytes() == &text.as_bytes()[start..end] {
                        pronouns.push(PronounAt {
                            start,
                            end,
                            pronoun,
                        });
                    }
                }
            }
        }
        // Windows find their hits by binary search.
        debug_assert!(in_text.is_sorted_by_key(|&(start, _, _)| start));
        (Hits { in_text }, pronouns)
    }

    /// The stretches of text worth searching, as (entry, start, end): the
    /// sentences around each hit of a pattern's anchor, merged where they
    /// overlap (run-on text, cut around each hit), so that text is searched
    /// about once, not once per hit. They come in the order of the text, so
    /// the patterns searching one sentence follow each other.
    ///
    /// Where the whole sentence of a hit lacks the literals of one of a
    /// pattern's groups (`held`, its signature, says so), no stretch around
    /// the hit can hold a match: windows and stretches stay inside their
    /// sentence. Most anchor hits end there.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn stretches(
        &self,
        text: &str,
        hits: &Hits,
        sentences: &SentenceEnds,
        held: &[Signature],
    ) -> Vec<(usize, usize, usize)> {
        const NONE: usize = usize::MAX;
        // Each entry's latest stretch, as an index into `merged`.
        let mut latest = vec![NONE; self.entries.len()];
        // Room for a stretch every four hits: mails have about one every
        // ten, and growing the list cost more.
        let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(hits.in_text.len() / 4);
        let mut cursor = 0;
        let anchors = &self.anchors;
        for &(start, end, literal) in &hits.in_text {
            let literal = literal as usize;
            let anchored = anchors.of(literal);
            if anchored.is_empty() {
                continue;
            }
            let (start, end) = (start as usize, end as usize);
            sentences.seek(start, &mut cursor);
            if !anchors.may_match_in(literal, held[cursor]) {
                continue;
            }
            let mut window = None;
            for &e in anchored {
                let e = e as usize;
                if !self.entries[e].compiled.may_match_in(held[cursor]) {
                    continue;
                }
                let &mut (from, to) = window.get_or_insert_with(|| {
                    let sentence = sentences.around_after(text, start, end, cursor);
                    (sentence.start, sentence.end_with_punctuation)
                });
                match merged.get_mut(latest[e]) {
                    Some(last) if last.1 <= from && from < last.2 && to - last.1 <= MAX_STRETCH => {
                        last.2 = last.2.max(to)
                    }
                    Some(last) if last.1 <= from && to <= last.2 => {}
                    _ => {
                        latest[e] = merged.len();
                        merged.push((e, from, to));
                    }
                }
            }
        }
        merged
    }

    /// Where the sentences end, and the signature of each whole sentence's
    /// literals, by the sentence's index (see [`SentenceEnds::ends`]). The
    /// marks that may end a sentence are literals of every rule set, so one
    /// pass over the hits finds both: each mark that ends a sentence closes
    /// the signature of the sentence it ends.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn sentences(&self, text: &str, hits: &Hits) -> (SentenceEnds, Vec<Signature>) {
        let bytes = text.as_bytes();
        // Room for a sentence every four hits, more than mails need:
        // growing the lists cost more.
        let room = hits.in_text.len() / 4;
        let mut ends = Vec::with_capacity(room);
        let mut held = Vec::with_capacity(room + 1);
        let mut sentence = Signature::default();
        for &(start, _, literal) in &hits.in_text {
            let start = start as usize;
            sentence = sentence.or(self.signatures[literal as usize]);
            // Words start with a letter: only marks get past the first test.
            if segment::SENTENCE_MARKS.contains(&bytes[start])
                && segment::ends_sentence(bytes, start)
            {
                ends.push(start);
                held.push(std::mem::take(&mut sentence));
            }
        }
        held.push(sentence);
        (SentenceEnds::from_ends(ends), held)
    }

    /// Whether one of a rule's `unless` patterns occurs in `sentence`, the
    /// sentence of one of its phrases.
    fn excepted(
        &self,
        unless: &[Compiled],
        sentence: &Sentence,
        sentences: &SentenceEnds,
        held: &[Signature],
        search: &mut StretchSearch,
    ) -> bool {
        if unless.is_empty() {
            return false;
        }
        let (from, to) = (sentence.start, sentence.end_with_punctuation);
        // The whole sentences that `from..to` lies in: its last byte, a
        // sentence's final mark, belongs to the sentence it ends.
        let whole = sentences.index_of(from)..=sentences.index_of(to - 1);
        let held = held[whole]
            .iter()
            .fold(Signature::default(), |a, &b| a.or(b));
        unless
            .iter()
            .any(|u| u.may_match_in(held) && search.holds_phrase(u, from, to))
    }
}

/// Whether a rule's exceptions occur in a sentence, for the last few
/// (exceptions, sentence start, sentence end) asked: the same phrase is often
/// found by several patterns of one rule, and phrases come sentence by
/// sentence, so the answer was mostly just worked out.
#[derive(Default)]
struct RecentAnswers {
    answers: [Option<(Asked, bool)>; 8],
    next: usize,
}

/// A rule's exceptions (their index in [`Matcher::unless`]) and a sentence's
/// start and end.
type Asked = (usize, usize, usize);

impl RecentAnswers {
    fn get_or_find(&mut self, asked: Asked, find: impl FnOnce() -> bool) -> bool {
        let known = self.answers.iter().flatten().find(|(key, _)| *key == asked);
        if let Some(&(_, answer)) = known {
            return answer;
        }
        let answer = find();
        self.answers[self.next] = Some((asked, answer));
        self.next = (self.next + 1) % self.answers.len();
        answer
    }
}

/// The signature of each literal of `lang`, by id. A literal no pattern
/// requires (a sentence mark or pronoun only there for the pass that finds
/// them) gets none: its bit would make the literals sharing it seem present
/// in every sentence. The build script lists them: going through every
/// pattern here made a fresh WebAssembly instance optimise the whole check
/// during its first one (in node, a fifth more work for the first 1 KB).
fn signatures(lang: Lang, literal_count: usize) -> Vec<Signature> {
    let mut signatures: Vec<Signature> = (0..literal_count).map(Signature::of).collect();
    for &l in rule::unrequired_literals(lang) {
        signatures[usize::from(l)] = Signature::default();
    }
    signatures
}

/// Drops blanks and commas a pattern's separators may have caught at the
/// edges, and takes in the word a leading short form belongs to (`that's`,
/// not `'s`).
fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while start < end && matches!(bytes[start], b' ' | b',' | b'\n') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b',' | b'\n') {
        end -= 1;
    }
    if start < end && bytes[start] == b'\'' {
        while start > 0 && is_letter(bytes[start - 1]) {
            start -= 1;
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::search::phrases_anywhere;
    use super::*;
    use crate::fold::Folded;
    use crate::program::Scratch;
    use crate::rule::LiteralId;

    /// Answers are kept for the last eight questions, and only for them.
    #[test]
    fn recent_answers_are_not_worked_out_again() {
        let mut answers = RecentAnswers::default();
        let found = std::cell::Cell::new(0);
        let mut ask = |sentence: usize| {
            answers.get_or_find((1, sentence, sentence + 10), || {
                found.set(found.get() + 1);
                sentence.is_multiple_of(2)
            })
        };
        for sentence in (0..8).chain((0..8).rev()) {
            assert_eq!(ask(sentence), sentence.is_multiple_of(2));
        }
        assert_eq!(found.get(), 8);
        // A ninth question pushes out the first.
        ask(8);
        ask(0);
        assert_eq!(found.get(), 10);
    }
    /// The literals the build script lists as required by no pattern are
    /// exactly those in no pattern's groups: the others need their bit.
    #[test]
    fn the_unrequired_literals_are_in_no_group() {
        for lang in [Lang::De, Lang::En] {
            let mut required = vec![false; rule::literal_kinds(lang).len()];
            let rules = rule::all().iter().filter(|r| r.lang == lang);
            for pattern in rules.flat_map(|r| r.patterns().chain(r.unless())) {
                for &l in pattern.required.iter().flatten() {
                    required[usize::from(l)] = true;
                }
            }
            let unrequired = rule::unrequired_literals(lang);
            for (l, &required) in required.iter().enumerate() {
                assert_eq!(unrequired.contains(&(l as LiteralId)), !required, "{l}");
            }
            let line_break = rule::literals(lang)
                .iter()
                .position(|&(text, _)| text == "\n")
                .expect("a literal");
            assert!(unrequired.contains(&(line_break as LiteralId)));
        }
    }

    /// The matcher finds the sentences among the literal hits: every mark
    /// that may end one must be a literal.
    #[test]
    fn every_rule_set_finds_the_sentence_marks() {
        for lang in [Lang::De, Lang::En] {
            for mark in segment::SENTENCE_MARKS {
                let mark = char::from(mark).to_string();
                let literal = (mark.as_str(), AnchorKind::Mark);
                assert!(rule::literals(lang).contains(&literal), "{mark:?}");
            }
        }
    }

    /// A pattern is anchored on a group of words: a punctuation mark may end
    /// the sentence that would be searched around it.
    #[test]
    fn every_pattern_is_anchored_on_words() {
        for lang in [Lang::De, Lang::En] {
            let kinds = rule::literal_kinds(lang);
            let rules = rule::all().iter().filter(|r| r.lang == lang);
            for pattern in rules.flat_map(|r| r.patterns()) {
                let group = pattern.required.get(pattern.anchor);
                assert!(!group.is_empty(), "{}", pattern.source);
                for &l in group {
                    assert_ne!(
                        kinds[usize::from(l)],
                        AnchorKind::Mark,
                        "{}",
                        pattern.source
                    );
                }
            }
        }
    }

    /// A sentence's signature holds each literal in it, so a pattern it
    /// rules out finds nothing there: on each rule's examples and
    /// counter-examples, one by one and all in one text, and the clean mails.
    #[test]
    fn a_sentence_ruled_out_by_its_signature_holds_no_phrase() {
        for (lang, corpus) in [
            (Lang::De, include_str!("../../../tests/corpus/clean-de.txt")),
            (Lang::En, include_str!("../../../tests/corpus/clean-en.txt")),
        ] {
            let matcher = Matcher::get(lang);
            let rules = rule::all().iter().filter(|r| r.lang == lang);
            let examples: Vec<&str> = rules
                .flat_map(|r| (rule::docs(r).examples.iter()).chain(rule::docs(r).counter_examples))
                .copied()
                .collect();
            let together = examples.join(" ");
            let texts = examples.iter().copied().chain([together.as_str(), corpus]);
            let patterns: Vec<&Compiled> = (matcher.entries.iter().map(|e| &e.compiled))
                .chain(matcher.unless.iter().flatten())
                .collect();
            let mut scratch = Scratch::default();
            let mut ruled_out = 0;
            for text in texts {
                let folded = Folded::new(text, &[]);
                let text = folded.text.as_str();
                let (hits, _) = matcher.hits(text);
                let (sentences, held) = matcher.sentences(text, &hits);
                assert_eq!(sentences.ends(), SentenceEnds::new(text).ends(), "{text}");
                for &(start, _, literal) in &hits.in_text {
                    let sentence = held[sentences.index_of(start as usize)];
                    let literal = matcher.signatures[literal as usize];
                    // Literals no pattern requires have no bit to hold.
                    assert!(literal == Signature::default() || sentence.may_hold(literal));
                }
                let ends = sentences.ends();
                for (k, &sentence) in held.iter().enumerate() {
                    let from = k.checked_sub(1).map_or(0, |k| ends[k] + 1);
                    let to = ends.get(k).map_or(text.len(), |&i| i + 1);
                    let hay = &text.as_bytes()[from..to];
                    for compiled in patterns.iter().filter(|c| !c.may_match_in(sentence)) {
                        ruled_out += 1;
                        let mut found = Vec::new();
                        phrases_anywhere(&mut compiled.search(hay, &mut scratch), &mut found);
                        assert_eq!(
                            found,
                            [],
                            "{} in {:?}",
                            compiled.pattern.source,
                            &text[from..to]
                        );
                    }
                }
            }
            assert!(ruled_out > 0);
        }
    }

    /// What an anchor's literal needs of a sentence rules out only
    /// sentences that rule out every entry it anchors: for signatures of
    /// each single bit, and of twenty bits drawn at random, as a
    /// sentence's are.
    #[test]
    fn an_anchor_rules_out_only_what_its_entries_rule_out() {
        let mut seed = 11u64;
        let mut random_bit = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            Signature::of((seed >> 57) as usize)
        };
        let single = (0..128).map(Signature::of);
        let drawn: Vec<Signature> = (0..300)
            .map(|_| (0..20).fold(Signature::default(), |held, _| held.or(random_bit())))
            .collect();
        let helds: Vec<Signature> = single.chain(drawn).collect();
        for lang in [Lang::De, Lang::En] {
            let matcher = Matcher::get(lang);
            let anchoring =
                (0..matcher.signatures.len()).filter(|&l| !matcher.anchors.of(l).is_empty());
            let (mut ruled_out, mut let_through) = (0, 0);
            for l in anchoring {
                for &held in &helds {
                    if matcher.anchors.may_match_in(l, held) {
                        let_through += 1;
                        continue;
                    }
                    ruled_out += 1;
                    for &e in matcher.anchors.of(l) {
                        let compiled = &matcher.entries[e as usize].compiled;
                        assert!(!compiled.may_match_in(held), "{}", compiled.pattern.source);
                    }
                }
            }
            assert!(ruled_out > 0 && let_through > 0);
        }
    }

    /// A check finds what it would find with fresh search memory, whatever
    /// the checks before it looked at.
    #[test]
    fn search_memory_carries_nothing_from_one_text_to_the_next() {
        for lang in [Lang::De, Lang::En] {
            let matcher = Matcher::new(lang);
            let rules = rule::all().iter().filter(|r| r.lang == lang);
            // Each example, then again with a word blotted out: the same
            // sentences, so the searches of the one look where those of the
            // other did, with other literals there.
            let texts: Vec<String> = rules
                .flat_map(|r| (rule::docs(r).examples.iter()).chain(rule::docs(r).counter_examples))
                .map(|text| Folded::new(text, &[]).text)
                .flat_map(|text| {
                    let blotted = (text.split(' ').enumerate())
                        .map(|(i, w)| match i {
                            1 => w.replace(char::is_alphabetic, "x"),
                            _ => w.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    [text, blotted]
                })
                .collect();
            let found = |text: &str| -> Vec<(&str, usize, usize)> {
                let found = matcher.find(text).phrases;
                found.iter().map(|m| (m.rule.id, m.start, m.end)).collect()
            };
            for text in &texts {
                let after_others = found(text);
                *matcher.memory.lock().unwrap() = None;
                assert_eq!(after_others, found(text), "{text}");
            }
        }
    }

    #[test]
    fn a_rule_finds_a_phrase_once_where_its_patterns_overlap() {
        for (lang, text) in [
            (Lang::En, "As you surely know, the plan changed."),
            (Lang::En, "Sorry, my computer crashed on Monday."),
            (Lang::De, "Ich melde mich bald."),
        ] {
            let folded = Folded::new(text, &[]);
            let found = Matcher::get(lang).find(&folded.text).phrases;
            assert!(!found.is_empty(), "{text}");
            for (i, a) in found.iter().enumerate() {
                for b in &found[i + 1..] {
                    let overlap = a.start < b.end && b.start < a.end;
                    assert!(
                        !(ptr::eq(a.rule, b.rule) && overlap),
                        "{text}: {}",
                        a.rule.id
                    );
                }
            }
        }
    }
}
