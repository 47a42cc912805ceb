//! Searching a stretch of text with a pattern: its program is compiled on
//! first use, and run only where the stretch holds the pattern's literals
//! in order, and only from the places where a match can start.

use super::window::{Hits, Window};
use crate::grouped;
use crate::pattern::{self, AnchorKind};
use crate::program::{starts_of_word_ending, Program, Scratch, Search};
use crate::rule::Pattern;
use crate::signature::{self, Signature};
use std::sync::OnceLock;

/// A pattern, compiled on first use: most never need to run.
pub(super) struct Compiled {
    pub(super) pattern: Pattern,
    /// An `unless` pattern.
    context: bool,
    /// Boxed: most entries are only ever tested, not searched, and the
    /// tests go faster with the entries close together.
    program: OnceLock<Box<Program>>,
    /// The signature of each group of the pattern's literals, worked out on
    /// first use: done for every pattern as the rule set is set up, it
    /// slowed the first check of a fresh WebAssembly instance, whose code
    /// runs unoptimised then.
    groups: OnceLock<Vec<Signature>>,
}

impl Compiled {
    pub(super) fn new(pattern: Pattern, context: bool) -> Compiled {
        Compiled {
            pattern,
            context,
            program: OnceLock::new(),
            groups: OnceLock::new(),
        }
    }

    /// Whether text whose literals have signature `held` may hold a match.
    pub(super) fn may_match_in(&self, held: Signature) -> bool {
        let groups = self
            .groups
            .get_or_init(|| signature::of_groups(self.pattern.required.iter()));
        signature::may_hold_all(held, groups)
    }

    pub(super) fn search<'a>(&'a self, hay: &'a [u8], scratch: &'a mut Scratch) -> Search<'a> {
        let program = self.program.get_or_init(|| {
            let source = &self.pattern.source.text();
            let compiled = if self.context {
                pattern::compile_context(source)
            } else {
                pattern::compile(source)
            };
            // Not `expect`: that links the error's `Debug`, string escaping and
            // all (with `words_written_out`'s, 1.5 KB of the gzipped module).
            Box::new(
                compiled
                    .unwrap_or_else(|_| panic!("rule patterns are checked by the build script")),
            )
        });
        program.search(hay, scratch)
    }
}

/// Searches stretches of one text with compiled patterns.
pub(super) struct StretchSearch<'t> {
    text: &'t str,
    hits: &'t Hits,
    kinds: &'static [AnchorKind],
    pub(super) memory: SearchMemory,
}

/// What searches reuse, from one stretch and one check to the next.
pub(super) struct SearchMemory {
    window: Window,
    scratch: Scratch,
    /// A list of start positions.
    starts: Vec<usize>,
    /// A list of phrases found.
    phrases: Vec<(usize, usize)>,
}

impl SearchMemory {
    pub(super) fn new(literal_count: usize) -> SearchMemory {
        SearchMemory {
            window: Window::new(literal_count),
            scratch: Scratch::default(),
            starts: Vec::new(),
            phrases: Vec::new(),
        }
    }
}

impl<'t> StretchSearch<'t> {
    pub(super) fn new(
        text: &'t str,
        hits: &'t Hits,
        kinds: &'static [AnchorKind],
        mut memory: SearchMemory,
    ) -> StretchSearch<'t> {
        memory.window.forget();
        StretchSearch {
            text,
            hits,
            kinds,
            memory,
        }
    }

    /// Whether `compiled` finds a phrase in `from..to`.
    pub(super) fn holds_phrase(&mut self, compiled: &Compiled, from: usize, to: usize) -> bool {
        let mut found = std::mem::take(&mut self.memory.phrases);
        found.clear();
        self.phrases(compiled, from, to, &mut found);
        let holds = !found.is_empty();
        self.memory.phrases = found;
        holds
    }

    /// Adds the phrases `compiled` finds in `from..to` to `found`, relative
    /// to `from`. Only a stretch that holds the pattern's literals in order
    /// is searched, and where the pattern names its first words, only where
    /// they occur.
    pub(super) fn phrases(
        &mut self,
        compiled: &Compiled,
        from: usize,
        to: usize,
        found: &mut Vec<(usize, usize)>,
    ) {
        let pattern = compiled.pattern;
        let SearchMemory {
            window,
            scratch,
            starts,
            ..
        } = &mut self.memory;
        window.show(self.hits, from, to);
        if !self.hits.in_order(pattern.required, window) {
            return;
        }
        let hay = &self.text.as_bytes()[from..to];
        let mut search = compiled.search(hay, scratch);
        match pattern.starts {
            Some(literals) => {
                starts.clear();
                for &l in literals.iter().filter(|&&l| window.holds(l.into())) {
                    let l = usize::from(l);
                    let inside = self.hits.held_by(window, l);
                    let inside = inside.map(|(start, _)| start as usize - from);
                    if self.kinds[l] == AnchorKind::Suffix {
                        // `*ending`: the match starts where the ending's word does.
                        for at in inside {
                            starts_of_word_ending(hay, at, starts);
                        }
                    } else {
                        starts.extend(inside);
                    }
                }
                grouped::sort_by(starts, |a, b| a < b);
                starts.dedup();
                phrases_starting_at(&mut search, starts, found)
            }
            None => phrases_anywhere(&mut search, found),
        }
    }
}

/// The phrases a search finds when matches may start at any word. After a
/// phrase it resumes right behind it: "das geht nicht das geht nicht" holds
/// two. Adds each phrase's underlined part to `found`.
pub(super) fn phrases_anywhere(search: &mut Search, found: &mut Vec<(usize, usize)>) {
    let mut at = 0;
    while let Some(phrase) = search.find_from(at) {
        at = phrase.end.max(at + 1);
        found.push(phrase.focus.unwrap_or((phrase.start, phrase.end)));
    }
}

/// The same, when matches can only start at `starts` (sorted): the same
/// phrases, trying far fewer places.
fn phrases_starting_at(search: &mut Search, starts: &[usize], found: &mut Vec<(usize, usize)>) {
    let mut next = 0;
    for &start in starts {
        if start < next {
            continue;
        }
        if let Some(phrase) = search.find_at(start) {
            next = phrase.end + 1;
            found.push(phrase.focus.unwrap_or((phrase.start, phrase.end)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::Folded;
    use crate::matcher::Matcher;
    use crate::rule::{self, Lang};

    /// Trying only the places a pattern's start literals name must find
    /// what trying every word finds: on each rule's examples and
    /// counter-examples, the clean mails and word endings next to hyphens.
    #[test]
    fn start_literals_find_what_a_search_everywhere_finds() {
        let extra = [
            "der laptop-rechner ist kaputt, mein e-mail-rechner auch",
            "mein 2rechner ist kaputt. -rechner kaputt",
            "the laptop-charger died, my e-mail-server crashed",
        ];
        for (lang, corpus) in [
            (Lang::De, include_str!("../../../tests/corpus/clean-de.txt")),
            (Lang::En, include_str!("../../../tests/corpus/clean-en.txt")),
        ] {
            let matcher = Matcher::get(lang);
            let rules = rule::all().iter().filter(|r| r.lang == lang);
            let texts = rules
                .flat_map(|r| (rule::docs(r).examples.iter()).chain(rule::docs(r).counter_examples))
                .copied()
                .chain(corpus.lines())
                .chain(extra);
            let patterns: Vec<&Compiled> = (matcher.entries.iter().map(|e| &e.compiled))
                .chain(matcher.unless.iter().flatten())
                .filter(|c| c.pattern.starts.is_some())
                .collect();
            let mut scratch = Scratch::default();
            for text in texts {
                let folded = Folded::new(text, &[]);
                let text = folded.text.as_str();
                let (hits, _) = matcher.hits(text);
                let mut search = StretchSearch::new(
                    text,
                    &hits,
                    matcher.kinds,
                    SearchMemory::new(matcher.kinds.len()),
                );
                for compiled in &patterns {
                    let (mut everywhere, mut at_starts) = (Vec::new(), Vec::new());
                    let mut anywhere = compiled.search(text.as_bytes(), &mut scratch);
                    phrases_anywhere(&mut anywhere, &mut everywhere);
                    search.phrases(compiled, 0, text.len(), &mut at_starts);
                    assert_eq!(
                        at_starts, everywhere,
                        "{} in {text:?}",
                        compiled.pattern.source
                    );
                }
            }
        }
    }
}
