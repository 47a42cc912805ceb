//! Compiled patterns and the machine that runs them.
//!
//! [`crate::pattern`] compiles a rule pattern into a short list of
//! instructions. A backtracking search runs it over a sentence of folded
//! text with the preferences of a Perl-style regex (leftmost start; greedy
//! repetition; alternatives in the order written). Once it has taken as
//! many steps as the sentence has bytes (most searches end long before),
//! it remembers which (instruction, position) pairs failed, so it visits
//! each pair at most once more. A pair's own work is a few bytes, or a word
//! for a word ending and a few words for a gap, which are taken in one step
//! each: no input makes a search slower than linear in the sentence's
//! length.
//!
//! Compared with a general regex engine this carries no regex parser,
//! optimiser or Unicode tables into the WebAssembly module, and compiling a
//! pattern takes microseconds, so the first check has almost nothing to
//! prepare.

use crate::grouped::grouped;
use crate::literals::WordHash;
use crate::segment;

/// One step of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inst {
    /// These bytes, in order: `literals[start..end]` of the program.
    Lit { start: u32, end: u32 },
    /// Letters, digits and hyphens, perhaps none, then these bytes
    /// (`literals[start..end]`): the `*wort` of a pattern. As a greedy `*`
    /// would, it tries the most letters before the bytes first, then fewer.
    Ending { start: u32, end: u32 },
    /// The letters and digits that follow, all of them (perhaps none), when
    /// they spell a key of `switches[switch]` of the program; goes on at
    /// that key's target. It stands for a run of alternatives that each
    /// start with a word whose run of letters and digits is known (`laptop`;
    /// `e` of `e-mail`; none for `'s`): what follows such a run never
    /// starts with a letter, so only the alternatives of the run the text
    /// holds can match, and one lookup finds them where the alternatives
    /// were tried one by one.
    Switch { switch: u16 },
    /// The word endings of `endings[set]` of the program: a run of `*wort`
    /// alternatives (`*rechner|*server|…`) read in one pass over the word,
    /// where each alternative read it again. It goes on as they did, in the
    /// same order: the first alternative's places first, the latest place
    /// of each first.
    Endings { set: u16 },
    /// All letters, digits and hyphens that follow, perhaps none: the `*`
    /// of `wort*`. Possessive: what follows a word is never part of one, so
    /// giving back bytes could not lead to another match.
    WordRun,
    /// One byte of a word skipped by `...`: anything but a blank, a line
    /// break or a sentence end.
    GapChar,
    /// Up to `words` whole words skipped by `...`, each with the space
    /// before it (`space_first`) or after it. A word is taken whole
    /// (possessive like [`Inst::WordRun`]; a full stop that ends no
    /// sentence, as in "3.", is part of it), and the most words are tried
    /// first, then fewer, as a greedy repetition would.
    Gap { words: u8, space_first: bool },
    /// The space between two words: a blank, or a comma and a blank.
    Sep,
    /// The same, or nothing before an apostrophe: a short form is joined
    /// to the word before it (`we've`, `that's`).
    Joint,
    /// Continues at the first target; if that fails, at the second.
    Split(u16, u16),
    /// Continues at the target.
    Jump(u16),
    /// Records the position in a slot: 0 and 1 for the phrase (where it
    /// does not run from the run's start to the match), 2 and 3 for its
    /// underlined part.
    Save(u8),
    /// The phrase ends here, unless a letter follows (whole words only).
    Match,
}

/// Whether a byte of folded text belongs to a word: ASCII letters and
/// digits, and every byte of a non-ASCII character (outside ASCII, folded
/// text keeps only letters, digits and what belongs inside words: its
/// punctuation and blanks are ASCII, and symbols fold to blanks).
pub const fn is_letter(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b >= 0x80
}

/// Byte-wise equality: literals are a few bytes long, too short for a
/// call to `memcmp` to pay off.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

const fn is_word_char(b: u8) -> bool {
    is_letter(b) || b == b'-'
}

/// Where the letters, digits and hyphens from `pos` on end.
fn word_chars_end(hay: &[u8], pos: usize) -> usize {
    pos + hay[pos..].iter().take_while(|&&b| is_word_char(b)).count()
}

/// Whether a phrase may start at `start`: at a word boundary, or at the
/// apostrophe of a short form (`'s` of `that's`).
fn may_start(hay: &[u8], start: usize) -> bool {
    start == 0 || !is_letter(hay[start - 1]) || hay.get(start) == Some(&b'\'')
}

/// Where a match of a pattern that opens with `*ending` may start, given
/// that the ending starts at `at`: at each word boundary among the word
/// characters `*` takes before it (usually just the word's start).
pub fn starts_of_word_ending(hay: &[u8], at: usize, starts: &mut Vec<usize>) {
    let mut start = at;
    loop {
        if may_start(hay, start) {
            starts.push(start);
        }
        if start == 0 || !is_word_char(hay[start - 1]) {
            return;
        }
        start -= 1;
    }
}

const fn is_gap_char(b: u8) -> bool {
    !matches!(b, b' ' | b'\n' | b'.' | b'!' | b'?' | b';')
}

/// Where a word skipped by `...` from `pos` ends. A full stop that ends no
/// sentence belongs to the word: "vom 3. Mai", "ca. 20 Stück", "z.b.".
fn gap_word_end(hay: &[u8], mut pos: usize) -> usize {
    loop {
        pos += hay[pos..].iter().take_while(|&&b| is_gap_char(b)).count();
        if hay.get(pos) == Some(&b'.') && !segment::ends_sentence(hay, pos) {
            pos += 1;
        } else {
            return pos;
        }
    }
}

/// Where the space between two words that starts at `at` ends: after a
/// blank, or a comma and a blank ([`Inst::Sep`]).
fn space_end(hay: &[u8], at: usize) -> Option<usize> {
    match hay.get(at..at + 2) {
        Some(b", ") => Some(at + 2),
        _ if hay.get(at) == Some(&b' ') => Some(at + 1),
        _ => None,
    }
}

/// A phrase a program found: byte ranges in the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    /// The part between `<` and `>`, if the pattern marks one.
    pub focus: Option<(usize, usize)>,
}

/// A compiled pattern: its instructions and the bytes its literals read.
#[derive(Debug, Clone)]
pub struct Program {
    insts: Vec<Inst>,
    literals: Vec<u8>,
    first: FirstBytes,
    /// The choice each [`Inst::Split`] makes, by its index.
    choices: Vec<Choice>,
    switches: Vec<Switch>,
    endings: Vec<EndingSet>,
}

/// The word endings of an [`Inst::Endings`], by their last byte.
#[derive(Debug, Clone)]
pub struct EndingSet {
    /// Each ending's bytes in the program's literals, and the number of its
    /// alternative, sorted by the ending's last byte.
    endings: Vec<(u32, u32, u16)>,
    /// The endings that end with byte `b` are `endings[by_last[b]..by_last[b + 1]]`.
    by_last: Vec<u32>,
}

impl EndingSet {
    /// The set of `endings`, ranges of `literals` of at least a byte, in
    /// the order of their alternatives.
    pub fn new(endings: &[(u32, u32)], literals: &[u8]) -> EndingSet {
        let numbered: Vec<(u32, u32, u16)> = (endings.iter().zip(0..))
            .map(|(&(start, end), alt)| (start, end, alt))
            .collect();
        let last = |end: u32| usize::from(literals[end as usize - 1]);
        let (by_last, endings) = grouped(&numbered, 256, |&(start, end, alt)| {
            (last(end), (start, end, alt))
        });
        EndingSet { endings, by_last }
    }

    /// The places after `pos` where one of the endings ends inside the
    /// word chars up to `run_end`, each with the first alternative ending
    /// there, into `out`: in the order the alternatives, tried one after
    /// the other, would reach them.
    fn places(
        &self,
        hay: &[u8],
        pos: usize,
        run_end: usize,
        literals: &[u8],
        out: &mut Vec<(u16, usize)>,
    ) {
        out.clear();
        // The latest place first: sorted by alternative below, without
        // changing places, each alternative's places stay latest first.
        for end in (pos + 1..=run_end).rev() {
            let b = usize::from(hay[end - 1]);
            let candidates = &self.endings[self.by_last[b] as usize..self.by_last[b + 1] as usize];
            let first = (candidates.iter())
                .filter(|&&(start, stop, _)| {
                    let bytes = &literals[start as usize..stop as usize];
                    end - pos >= bytes.len() && same(&hay[end - bytes.len()..end], bytes)
                })
                .map(|&(_, _, alt)| alt)
                .min();
            if let Some(alt) = first {
                out.push((alt, end));
            }
        }
        // Alternative by alternative. A word has a place or two: sorting by
        // insertion keeps the module free of another sort.
        for i in 1..out.len() {
            let mut j = i;
            while j > 0 && out[j - 1].0 > out[j].0 {
                out.swap(j - 1, j);
                j -= 1;
            }
        }
    }
}

/// The words of an [`Inst::Switch`] and where each goes on, by hash.
#[derive(Debug, Clone)]
pub struct Switch {
    /// The bytes the words start with: most places are told by one lookup.
    first: FirstBytes,
    /// A word's place in `words`, plus one, at the slot of its hash (or the
    /// next free one); 0 for a free slot. At most half full.
    slots: Vec<u16>,
    /// Each word's bytes in the program's literals, and its target.
    words: Vec<(u32, u32, u16)>,
}

impl Switch {
    /// The switch to `words`: ranges of `literals`, each with its target,
    /// for alternatives that start with the bytes `leads`.
    pub fn new(words: Vec<(u32, u32, u16)>, leads: &[u8], literals: &[u8]) -> Switch {
        let mut first = FirstBytes([0; 4]);
        for &b in leads {
            first.add(b);
        }
        let mut slots = vec![0u16; (words.len() * 2).next_power_of_two()];
        let mask = slots.len() - 1;
        for (i, &(start, end, _)) in words.iter().enumerate() {
            let word = &literals[start as usize..end as usize];
            let mut slot = word_hash(word) & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = u16::try_from(i + 1).expect("a switch holds under 65,535 words");
        }
        Switch {
            first,
            slots,
            words,
        }
    }

    /// The target of `word`, if it is one of the switch's.
    fn target(&self, word: &[u8], literals: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = word_hash(word) & mask;
        loop {
            let i = usize::from(self.slots[slot]).checked_sub(1)?;
            let (start, end, target) = self.words[i];
            if (end - start) as usize == word.len() && same(&literals[start as usize..], word) {
                return Some(usize::from(target));
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A word's hash, as the literal pass's word table takes it.
fn word_hash(word: &[u8]) -> usize {
    WordHash::of(word) as usize
}

/// What [`Choice::lead`] holds when the first alternative may start with
/// any byte.
const ANY_BYTE: u16 = 0x100;

/// A split, as the search walks a chain of them: alternatives mostly start
/// with a literal, and the walk passes over those whose first byte is
/// wrong, reading only these few numbers.
#[derive(Debug, Clone, Copy, Default)]
struct Choice {
    /// The byte the first alternative starts with, or [`ANY_BYTE`].
    lead: u16,
    first: u16,
    second: u16,
    /// Whether `second` is a split too, offering the next alternative.
    more: bool,
}

impl Choice {
    fn of(insts: &[Inst], literals: &[u8]) -> Vec<Choice> {
        let lead = |pc: u16| match insts[usize::from(pc)] {
            Inst::Lit { start, end } if start < end => u16::from(literals[start as usize]),
            _ => ANY_BYTE,
        };
        let choice = |inst: &Inst| match *inst {
            Inst::Split(first, second) => Choice {
                lead: lead(first),
                first,
                second,
                more: matches!(insts[usize::from(second)], Inst::Split(..)),
            },
            _ => Choice::default(),
        };
        insts.iter().map(choice).collect()
    }
}

impl Program {
    pub fn new(
        insts: Vec<Inst>,
        literals: Vec<u8>,
        switches: Vec<Switch>,
        endings: Vec<EndingSet>,
    ) -> Program {
        let first = FirstBytes::of(&insts, &literals, &switches);
        let choices = Choice::of(&insts, &literals);
        Program {
            insts,
            literals,
            first,
            choices,
            switches,
            endings,
        }
    }

    pub fn insts(&self) -> &[Inst] {
        &self.insts
    }

    /// Prepares a search of `hay`.
    pub fn search<'a>(&'a self, hay: &'a [u8], scratch: &'a mut Scratch) -> Search<'a> {
        Search::new(self, hay, scratch)
    }
}

/// The set of bytes for which `$accepts` holds, worked out at compile time.
macro_rules! byte_set {
    (|$b:ident| $accepts:expr) => {{
        let mut set = [0u64; 4];
        let mut i = 0;
        while i < 256 {
            let $b = i as u8;
            if $accepts {
                set[i >> 6] |= 1 << (i & 63);
            }
            i += 1;
        }
        FirstBytes(set)
    }};
}

const WORD_CHARS: FirstBytes = byte_set!(|b| is_word_char(b));
const GAP_CHARS: FirstBytes = byte_set!(|b| is_gap_char(b));
const GAP_WORD_STARTS: FirstBytes = byte_set!(|b| b == b'.' || is_gap_char(b));
const SEPARATORS: FirstBytes = byte_set!(|b| b == b' ' || b == b',');
const JOINTS: FirstBytes = byte_set!(|b| b == b' ' || b == b',' || b == b'\'');

/// The bytes a match of a program can start with: lets the search skip
/// start positions without running the program.
#[derive(Debug, Clone)]
struct FirstBytes([u64; 4]);

impl FirstBytes {
    /// Collects the bytes the program's first consuming instructions accept.
    fn of(insts: &[Inst], literals: &[u8], switches: &[Switch]) -> FirstBytes {
        let mut set = FirstBytes([0; 4]);
        let mut seen = vec![false; insts.len()];
        let mut todo = vec![0usize];
        while let Some(pc) = todo.pop() {
            if std::mem::replace(&mut seen[pc], true) {
                continue;
            }
            let accepted = match insts[pc] {
                Inst::Lit { start, end } if start < end => {
                    FirstBytes::single(literals[start as usize])
                }
                Inst::Lit { .. } => continue,
                Inst::Ending { start, end } => {
                    let mut set = WORD_CHARS;
                    match literals.get(start as usize..end as usize) {
                        Some([first, ..]) => set.add(*first),
                        _ => todo.push(pc + 1),
                    }
                    set
                }
                Inst::Switch { switch } => switches[usize::from(switch)].first.clone(),
                // Endings of letters, perhaps with letters before them.
                Inst::Endings { .. } => WORD_CHARS,
                Inst::WordRun => {
                    todo.push(pc + 1);
                    WORD_CHARS
                }
                Inst::GapChar => GAP_CHARS,
                Inst::Gap { space_first, .. } => {
                    // Or no word at all.
                    todo.push(pc + 1);
                    match space_first {
                        true => SEPARATORS,
                        // A skipped word may start with a full stop that ends no sentence.
                        false => GAP_WORD_STARTS,
                    }
                }
                Inst::Sep => SEPARATORS,
                Inst::Joint => JOINTS,
                Inst::Match => FirstBytes([u64::MAX; 4]),
                Inst::Split(a, b) => {
                    todo.extend([a as usize, b as usize]);
                    continue;
                }
                Inst::Jump(a) => {
                    todo.push(a as usize);
                    continue;
                }
                Inst::Save(_) => {
                    todo.push(pc + 1);
                    continue;
                }
            };
            for (word, more) in set.0.iter_mut().zip(accepted.0) {
                *word |= more;
            }
        }
        set
    }

    fn single(b: u8) -> FirstBytes {
        let mut set = FirstBytes([0; 4]);
        set.add(b);
        set
    }

    fn add(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
}

enum Frame {
    Step { pc: usize, pos: usize },
    Restore { slot: usize, old: Option<usize> },
}

/// Memory a search reuses: kept by the caller across searches.
#[derive(Default)]
pub struct Scratch {
    visited: Vec<u64>,
    /// The places an [`Inst::Endings`] found.
    places: Vec<(u16, usize)>,
    /// The words of `visited` that hold a bit: a search visits a tiny part
    /// of its (instruction, position) pairs, so clearing only these is far
    /// cheaper than clearing them all.
    dirty: Vec<u32>,
    stack: Vec<Frame>,
}

/// Searches one text with one program.
pub struct Search<'a> {
    program: &'a Program,
    hay: &'a [u8],
    scratch: &'a mut Scratch,
    /// Steps the search takes before it records failed states: most
    /// searches end within a few dozen, where recording each step cost more
    /// than it saved. Bounded by the text's length, so the search stays
    /// linear.
    unrecorded: usize,
}

impl<'a> Search<'a> {
    /// Prepares a search of `hay`. Failed states are remembered across the
    /// calls to [`Search::find_from`]: a state that failed once fails again.
    fn new(program: &'a Program, hay: &'a [u8], scratch: &'a mut Scratch) -> Search<'a> {
        let bits = program.insts.len() * (hay.len() + 1);
        for word in scratch.dirty.drain(..) {
            scratch.visited[word as usize] = 0;
        }
        if scratch.visited.len() < bits.div_ceil(64) {
            scratch.visited.resize(bits.div_ceil(64), 0);
        }
        Search {
            program,
            hay,
            scratch,
            unrecorded: hay.len() + 64,
        }
    }

    /// The leftmost phrase that starts at a word boundary after `at` (its
    /// boundary byte, if any, lies at or after `at`).
    pub fn find_from(&mut self, at: usize) -> Option<Found> {
        let hay = self.hay;
        if at == 0 {
            if let Some(found) = self.run(0) {
                return Some(found);
            }
        }
        for boundary in at..hay.len() {
            let start = boundary + 1;
            if !may_start(hay, start)
                || (start < hay.len() && !self.program.first.contains(hay[start]))
            {
                continue;
            }
            if let Some(found) = self.run(start) {
                return Some(found);
            }
        }
        None
    }

    /// The phrase that starts exactly at `start`, a word boundary, if any.
    pub fn find_at(&mut self, start: usize) -> Option<Found> {
        if may_start(self.hay, start) {
            self.run(start)
        } else {
            None
        }
    }

    /// Runs the program anchored at `start`.
    fn run(&mut self, start: usize) -> Option<Found> {
        let (insts, literals, hay) = (&self.program.insts, &self.program.literals, self.hay);
        let choices = &self.program.choices;
        // No byte: the end of the text, which no literal starts with.
        const NO_BYTE: u16 = 0x200;
        // States at one position lie side by side: the steps of a run
        // mostly stay at a position, so they share words of `visited`.
        let width = insts.len();
        let Scratch {
            visited,
            places,
            dirty,
            stack,
        } = &mut *self.scratch;
        let mut slots: [Option<usize>; 4] = [None; 4];
        stack.clear();
        stack.push(Frame::Step { pc: 0, pos: start });
        while let Some(frame) = stack.pop() {
            let (mut pc, mut pos) = match frame {
                Frame::Restore { slot, old } => {
                    slots[slot] = old;
                    continue;
                }
                Frame::Step { pc, pos } => (pc, pos),
            };
            loop {
                if self.unrecorded > 0 {
                    self.unrecorded -= 1;
                } else {
                    let bit = pos * width + pc;
                    let (word, mask) = (bit / 64, 1u64 << (bit % 64));
                    if visited[word] & mask != 0 {
                        break;
                    }
                    if visited[word] == 0 {
                        dirty.push(word as u32);
                    }
                    visited[word] |= mask;
                }
                match insts[pc] {
                    Inst::Lit { start, end } => {
                        let bytes = &literals[start as usize..end as usize];
                        // Most literals fail on their first byte: test it
                        // before comparing the rest.
                        let text = hay.get(pos..pos + bytes.len());
                        if hay.get(pos) != bytes.first() || text.is_none_or(|t| !same(t, bytes)) {
                            break;
                        }
                        pos += bytes.len();
                        pc += 1;
                    }
                    Inst::Ending { start, end } => {
                        let bytes = &literals[start as usize..end as usize];
                        let run_end = word_chars_end(hay, pos);
                        // Where the bytes may start, the latest last: the
                        // search goes on from there, the others wait on the
                        // stack, the latest of them on top.
                        let mut latest = None;
                        for at in pos..=run_end {
                            let text = hay.get(at..at + bytes.len());
                            if text.is_some_and(|t| same(t, bytes)) {
                                if let Some(earlier) = latest.replace(at) {
                                    stack.push(Frame::Step {
                                        pc: pc + 1,
                                        pos: earlier + bytes.len(),
                                    });
                                }
                            }
                        }
                        match latest {
                            Some(at) => {
                                pos = at + bytes.len();
                                pc += 1;
                            }
                            None => break,
                        }
                    }
                    Inst::GapChar => {
                        if !hay.get(pos).is_some_and(|&b| is_gap_char(b)) {
                            break;
                        }
                        pos += 1;
                        pc += 1;
                    }
                    Inst::Switch { switch } => {
                        let switch = &self.program.switches[usize::from(switch)];
                        if !hay.get(pos).is_some_and(|&b| switch.first.contains(b)) {
                            break;
                        }
                        let end = pos + hay[pos..].iter().take_while(|&&b| is_letter(b)).count();
                        match switch.target(&hay[pos..end], literals) {
                            Some(target) => (pc, pos) = (target, end),
                            None => break,
                        }
                    }
                    Inst::Endings { set } => {
                        let set = &self.program.endings[usize::from(set)];
                        set.places(hay, pos, word_chars_end(hay, pos), literals, places);
                        let Some(&(_, first)) = places.first() else {
                            break;
                        };
                        // The others wait on the stack, the next on top.
                        for &(_, end) in places[1..].iter().rev() {
                            stack.push(Frame::Step {
                                pc: pc + 1,
                                pos: end,
                            });
                        }
                        pos = first;
                        pc += 1;
                    }
                    Inst::WordRun => {
                        pos = word_chars_end(hay, pos);
                        pc += 1;
                    }
                    Inst::Gap { words, space_first } => {
                        // After each word skipped, the search could go on
                        // with fewer: those places wait on the stack, the
                        // most words on top.
                        let word = |at: usize| {
                            let at = if space_first { space_end(hay, at)? } else { at };
                            let end = gap_word_end(hay, at);
                            match (end > at, space_first) {
                                (false, _) => None,
                                (true, true) => Some(end),
                                (true, false) => space_end(hay, end),
                            }
                        };
                        for _ in 0..words {
                            let Some(next) = word(pos) else { break };
                            stack.push(Frame::Step { pc: pc + 1, pos });
                            pos = next;
                        }
                        pc += 1;
                    }
                    Inst::Sep | Inst::Joint => {
                        match space_end(hay, pos) {
                            Some(end) => pos = end,
                            None if insts[pc] == Inst::Joint && hay.get(pos) == Some(&b'\'') => {}
                            None => break,
                        }
                        pc += 1;
                    }
                    Inst::Split(..) => {
                        // While the first alternative's first byte is wrong,
                        // go on to the next alternative. The splits passed
                        // over get no visited bit: passing one costs less
                        // than marking it, and where the walk stops is
                        // marked.
                        let here = hay.get(pos).map_or(NO_BYTE, |&b| u16::from(b));
                        let mut choice = choices[pc];
                        while choice.lead != ANY_BYTE && choice.lead != here && choice.more {
                            choice = choices[usize::from(choice.second)];
                        }
                        if choice.lead != ANY_BYTE && choice.lead != here {
                            pc = usize::from(choice.second);
                            continue;
                        }
                        stack.push(Frame::Step {
                            pc: usize::from(choice.second),
                            pos,
                        });
                        pc = usize::from(choice.first);
                    }
                    Inst::Jump(target) => pc = target as usize,
                    Inst::Save(slot) => {
                        let slot = slot as usize;
                        stack.push(Frame::Restore {
                            slot,
                            old: slots[slot],
                        });
                        slots[slot] = Some(pos);
                        pc += 1;
                    }
                    Inst::Match => {
                        if hay.get(pos).is_some_and(|&b| is_letter(b)) {
                            break;
                        }
                        return Some(Found {
                            start: slots[0].unwrap_or(start),
                            end: slots[1].unwrap_or(pos),
                            focus: slots[2].zip(slots[3]),
                        });
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A program from instructions whose literals are given in order.
    fn program(insts: &[Result<Inst, &str>]) -> Program {
        let mut literals = Vec::new();
        let insts = insts
            .iter()
            .map(|inst| match inst {
                Ok(inst) => *inst,
                Err(text) => {
                    let start = literals.len() as u32;
                    literals.extend_from_slice(text.as_bytes());
                    Inst::Lit {
                        start,
                        end: literals.len() as u32,
                    }
                }
            })
            .collect();
        Program::new(insts, literals, Vec::new(), Vec::new())
    }

    fn find(program: &Program, text: &str) -> Option<(usize, usize)> {
        let mut scratch = Scratch::default();
        program
            .search(text.as_bytes(), &mut scratch)
            .find_from(0)
            .map(|f| (f.start, f.end))
    }

    #[test]
    fn literals_match_whole_words_only() {
        let p = program(&[
            Ok(Inst::Save(0)),
            Err("geht"),
            Ok(Inst::Save(1)),
            Ok(Inst::Match),
        ]);
        assert_eq!(find(&p, "das geht."), Some((4, 8)));
        assert_eq!(find(&p, "geht"), Some((0, 4)));
        assert_eq!(find(&p, "ausgeht"), None);
        assert_eq!(find(&p, "gehts"), None);
    }

    #[test]
    fn splits_prefer_their_first_branch_and_backtrack() {
        // `a(b)*b`, greedy: backtracks out of the loop to leave one `b`.
        let p = program(&[
            Ok(Inst::Save(0)),
            Err("a"),
            Ok(Inst::Split(3, 5)),
            Err("b"),
            Ok(Inst::Jump(2)),
            Err("b"),
            Ok(Inst::Save(1)),
            Ok(Inst::Match),
        ]);
        assert_eq!(find(&p, "x abbb y"), Some((2, 6)));
        assert_eq!(find(&p, "x a y"), None);
    }

    #[test]
    fn separators_take_one_blank_after_an_optional_comma() {
        let p = program(&[
            Ok(Inst::Save(0)),
            Err("nein"),
            Ok(Inst::Sep),
            Err("das"),
            Ok(Inst::Save(1)),
            Ok(Inst::Match),
        ]);
        assert_eq!(find(&p, "nein, das"), Some((0, 9)));
        assert_eq!(find(&p, "nein das"), Some((0, 8)));
        assert_eq!(find(&p, "nein,das"), None);
        assert_eq!(find(&p, "nein  das"), None);
    }

    #[test]
    fn failed_states_are_not_explored_twice() {
        // Nested loops over the same bytes would take exponential time
        // without the visited set; with it, this returns at once.
        let p = program(&[
            Ok(Inst::Save(0)),
            Ok(Inst::Split(2, 6)),
            Ok(Inst::GapChar),
            Ok(Inst::Split(2, 4)),
            Ok(Inst::Split(1, 6)),
            Ok(Inst::Jump(6)),
            Err("!"),
            Ok(Inst::Save(1)),
            Ok(Inst::Match),
        ]);
        assert_eq!(find(&p, &"x".repeat(5_000)), None);
    }

    #[test]
    fn gaps_skip_ordinals_and_abbreviations_but_no_sentence_end() {
        let p = crate::pattern::compile("mail ... geschrieben").expect("valid pattern");
        assert!(find(&p, "in meiner mail vom 3. mai geschrieben").is_some());
        assert!(find(&p, "in der mail an dr. berg geschrieben").is_some());
        assert!(find(&p, "die mail kam am montag. geschrieben").is_none());
        assert!(find(&p, "die mail kam. wer hat das geschrieben").is_none());
    }

    #[test]
    fn alternatives_with_the_wrong_first_byte_are_passed_over() {
        let p = crate::pattern::compile("(kein garten|mein garten|mein haus|dein haus) hier")
            .expect("valid pattern");
        // The walk passes "kein …", tries "mein garten", backtracks to "mein haus".
        assert_eq!(find(&p, "das ist mein haus hier"), Some((8, 22)));
        assert_eq!(find(&p, "das ist dein haus hier"), Some((8, 22)));
        assert_eq!(find(&p, "das ist sein haus hier"), None);
    }

    #[test]
    fn an_alternative_that_may_start_with_any_byte_is_always_tried() {
        let p = crate::pattern::compile("(kein|*haus|mein|meins) tor").expect("valid pattern");
        assert_eq!(find(&p, "das gartenhaus tor"), Some((4, 18)));
        // Past "*haus", which fails, to "mein".
        assert_eq!(find(&p, "mein tor"), Some((0, 8)));
        assert_eq!(find(&p, "meins tor"), Some((0, 9)));
        // The text ends where an alternative would start.
        assert_eq!(find(&p, "ohne"), None);
        assert_eq!(find(&p, "kein"), None);
    }

    /// The program of `insts`, its first literal read as a word ending.
    fn ending_first(insts: &[Result<Inst, &str>]) -> Program {
        let mut p = program(insts);
        if let Inst::Lit { start, end } = p.insts[0] {
            p.insts[0] = Inst::Ending { start, end };
        }
        Program::new(p.insts, p.literals, p.switches, p.endings)
    }

    #[test]
    fn an_ending_tries_the_most_letters_before_it_first() {
        // "a" could start at 0 or 1 of "aab": from 1, "ab" does not follow;
        // from 0 it does.
        let p = ending_first(&[Err("a"), Err("ab"), Ok(Inst::Match)]);
        assert_eq!(find(&p, "aab"), Some((0, 3)));
        assert_eq!(find(&p, "xaab"), Some((0, 4)));
        assert_eq!(find(&p, "aac"), None);
        // Where both would do, the most letters before the ending win.
        let p = ending_first(&[
            Err("a"),
            Ok(Inst::Save(1)),
            Ok(Inst::WordRun),
            Ok(Inst::Match),
        ]);
        assert_eq!(find(&p, "aaa b"), Some((0, 3)));
        // No letters before it, and bytes that go on past the letters.
        let p = ending_first(&[Err("a/b"), Ok(Inst::Match)]);
        assert_eq!(find(&p, "a/b"), Some((0, 3)));
        assert_eq!(find(&p, "xa/b x"), Some((0, 4)));
        assert_eq!(find(&p, "xa/bc"), None);
    }

    #[test]
    fn a_gap_skips_the_most_words_it_can_first() {
        let p = crate::pattern::compile("ab ...3 cd").expect("valid pattern");
        assert_eq!(find(&p, "ab x cd y cd"), Some((0, 12)));
        // Fewer words when the most leave no "cd" behind them.
        assert_eq!(find(&p, "ab x cd y z"), Some((0, 7)));
        assert_eq!(find(&p, "ab cd"), Some((0, 5)));
        assert_eq!(find(&p, "ab w x y z cd"), None);
        // After an optional part, each word takes the blank after it.
        let p = crate::pattern::compile("[ab] ...2 cd").expect("valid pattern");
        assert_eq!(find(&p, "x y cd"), Some((0, 6)));
        assert_eq!(find(&p, "ab x, cd"), Some((0, 8)));
        assert_eq!(find(&p, "w x y cd"), Some((2, 8)));
    }

    #[test]
    fn first_bytes_follow_splits_and_saves() {
        let p = program(&[
            Ok(Inst::Save(0)),
            Ok(Inst::Split(2, 4)),
            Err("nein"),
            Ok(Inst::Jump(5)),
            Err("kein"),
            Ok(Inst::Match),
        ]);
        assert!(p.first.contains(b'n') && p.first.contains(b'k'));
        assert!(!p.first.contains(b'a'));
    }
}
