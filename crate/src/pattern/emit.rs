//! Compiling a pattern's elements into a program for [`crate::program`].

use super::parse::Element;
use crate::program::{is_letter as is_letter_byte, EndingSet, Inst, Program, Switch};

/// The program of a pattern's elements, or why there is none.
pub(super) fn program(elements: &[Element<'_>]) -> Result<Program, String> {
    check_shape(elements)?;
    let mut emitter = Emitter::default();
    emitter.sequence(elements, false)?;
    emitter.push(Inst::Match);
    if u16::try_from(emitter.program.len()).is_err() {
        return Err("is too long".into());
    }
    Ok(Program::new(
        emitter.program,
        emitter.literals,
        emitter.switches,
        emitter.endings,
    ))
}

/// What a pattern must be beyond what parsing checks: it has a word that is
/// not optional, starts with neither a gap nor a mark, ends without a gap,
/// and underlines at most one part.
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
    use crate::pattern::compile;
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
}
