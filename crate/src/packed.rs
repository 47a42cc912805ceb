//! How the build script packs a language's rule data and the engine
//! unpacks it, once: lists of numbers as variable-length integers (LEB128:
//! seven bits a byte, low bits first), where most numbers take a byte and
//! gzip finds more to share than in fixed-width lists; and pattern texts
//! with each word written as the number of its entry in the language's
//! word list, which holds the literals' texts anyway.
//!
//! The literals a pattern requires (its groups) and those its matches start
//! with are not stored as lists of ids: the words of the text that are
//! those literals carry a mark (see [`Marks`]) and are numbered as the
//! literal, so one pass over a language's texts finds them. The lists cost
//! 45 KB of the gzipped module, the marks 13 KB.

use crate::chunk;

/// Appends `value`.
pub fn push(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends a sorted list of distinct numbers as its length, its first
/// number and the gaps between the others.
pub fn push_set(out: &mut Vec<u8>, set: &[u16]) {
    push(out, set.len() as u32);
    let mut last = 0;
    for &n in set {
        push(out, u32::from(n - last));
        last = n;
    }
}

/// Reads what [`push`] and [`push_set`] wrote. The bytes are the build's
/// own: running past their end is a bug, and panics.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    #[inline]
    pub fn number(&mut self) -> u32 {
        let byte = self.bytes[self.at];
        if byte < 0x80 {
            self.at += 1;
            return u32::from(byte);
        }
        // Most others take two bytes: gaps between literal ids.
        let next = self.bytes[self.at + 1];
        if next < 0x80 {
            self.at += 2;
            return u32::from(byte & 0x7f) | u32::from(next) << 7;
        }
        self.number_long()
    }

    #[cold]
    fn number_long(&mut self) -> u32 {
        let mut value = 0;
        let mut shift = 0;
        loop {
            let byte = self.bytes[self.at];
            self.at += 1;
            value |= u32::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return value;
            }
            shift += 7;
        }
    }

    /// Reads a number that fits in 16 bits.
    pub fn number_u16(&mut self) -> u16 {
        u16::try_from(self.number()).expect("a 16-bit number")
    }

    /// Reads a set written by [`push_set`], appending it to `out`.
    pub fn set_into(&mut self, out: &mut Vec<u16>) {
        let len = self.number();
        let mut last = 0;
        for _ in 0..len {
            last += self.number_u16();
            out.push(last);
        }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// The first byte of a word written as its number `n`: `FIRST_WORD + n /
/// SECONDS`, then `FIRST_SECOND + n % SECONDS`. Both bytes are control
/// characters after the line break, which pattern texts do not hold, or
/// above: every byte below [`FIRST_WORD`] in a numbered text is a mark (see
/// [`Marks`]) or the end of a pattern, found eight bytes at a time.
const FIRST_WORD: u8 = 0x0b;
const FIRST_SECOND: u8 = 0x0b;
const SECONDS: usize = 256 - FIRST_SECOND as usize;
/// Words that can be numbered: the second byte's values times the first's.
pub const WORD_LIMIT: usize = (0x20 - FIRST_WORD as usize) * SECONDS;

/// What ends each pattern's text in a language's list of them.
pub const END: u8 = b'\n';

/// The marks before a word number that tell which literals the pattern
/// requires, in groups, and which it starts with (see
/// [`crate::pattern::required`] and [`crate::pattern::start_literals`]): the
/// word, numbered as its literal, is one of the pattern's latest group
/// (`MEMBER`), the first of a new group (`NEW_GROUP`), a literal a match
/// may start with (`START`), or both. `UNWRITTEN + m` marks a number that
/// is not part of the text, for a literal the text does not spell as a
/// word of its own (a punctuation mark, `mail` of `e-mail`). Only
/// `MEMBER`, `NEW_GROUP` and `START` are ever unwritten (a literal is both
/// a member and a start only where the text spells it), so an unwritten
/// mark stays below [`END`].
pub struct Marks;

impl Marks {
    pub const MEMBER: u8 = 1;
    pub const NEW_GROUP: u8 = 2;
    pub const START: u8 = 3;
    pub const MEMBER_START: u8 = 4;
    pub const NEW_GROUP_START: u8 = 5;
    pub const UNWRITTEN: u8 = 5;
}

const _: () = assert!(Marks::UNWRITTEN + Marks::START < END && END < FIRST_WORD);

fn starts_number(b: u8) -> bool {
    (FIRST_WORD..0x20).contains(&b)
}

fn number_at(numbered: &[u8], at: usize) -> usize {
    usize::from(numbered[at] - FIRST_WORD) * SECONDS + usize::from(numbered[at + 1] - FIRST_SECOND)
}

fn push_number(out: &mut Vec<u8>, n: usize) {
    assert!(n < WORD_LIMIT, "too many words");
    out.extend([
        FIRST_WORD + (n / SECONDS) as u8,
        FIRST_SECOND + (n % SECONDS) as u8,
    ]);
}

/// Whether `b` may be part of a word of a pattern text: anything but the
/// pattern syntax (see `rules/README.md`).
fn in_word(b: u8) -> bool {
    !b" ()[]|<>.!?:;,*\n".contains(&b)
}

/// Where the word of `text` that byte `at` is part of starts, and ends.
pub fn word_around(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let start = at
        - bytes[..at]
            .iter()
            .rev()
            .take_while(|&&b| in_word(b))
            .count();
    let end = at + bytes[at..].iter().take_while(|&&b| in_word(b)).count();
    (start, end)
}

/// A mark for [`number_words`]: literal `id` at byte `at` of the text,
/// written there (its `len` bytes, a word or a piece of one, numbered as
/// the literal) or as a number only the marks read.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pub at: usize,
    pub written: Option<usize>,
    pub mark: u8,
    pub id: usize,
}

/// `text` with each of its words of two bytes or more that `number` knows
/// written as its number (shorter ones as they are), and the `marks`, in
/// the order they are to be read, by `at`: the start of a word or of a
/// written mark, or the end of the text. A written mark is read after the
/// others at its place; the rest of a word it is part of is written out.
pub fn number_words<'t>(
    text: &'t str,
    marks: &[Mark],
    mut number: impl FnMut(&'t str) -> Option<usize>,
) -> Vec<u8> {
    let bytes = text.as_bytes();
    assert!(!bytes.iter().any(|&b| b < 0x20), "a control character");
    let mut out = Vec::with_capacity(bytes.len());
    let mut marks = marks.iter().peekable();
    let mut at = 0;
    while at < bytes.len() || marks.peek().is_some() {
        let mut written = None;
        while let Some(mark) = marks.next_if(|m| m.at <= at) {
            assert_eq!(mark.at, at, "a mark inside a word");
            if let Some(len) = mark.written {
                assert!(written.is_none(), "two literals on one word");
                written = Some((mark.mark, mark.id, len));
            } else {
                assert!(mark.mark <= Marks::START, "an unwritten mark is one thing");
                out.push(Marks::UNWRITTEN + mark.mark);
                push_number(&mut out, mark.id);
            }
        }
        if let Some((mark, id, len)) = written {
            assert!(len > 0 && at + len <= bytes.len(), "a mark on a word");
            out.push(mark);
            push_number(&mut out, id);
            at += len;
            continue;
        }
        if at == bytes.len() {
            break;
        }
        let word_start = at == 0 || !in_word(bytes[at - 1]);
        let end = at + bytes[at..].iter().take_while(|&&b| in_word(b)).count();
        let next_mark = marks.peek().map_or(end, |m| m.at.min(end));
        let whole = word_start && next_mark == end;
        match whole.then(|| (end - at >= 2).then(|| number(&text[at..end])).flatten()) {
            Some(Some(n)) => {
                push_number(&mut out, n);
                at = end;
            }
            _ => {
                let end = next_mark.max(at + 1);
                out.extend_from_slice(&bytes[at..end]);
                at = end;
            }
        }
    }
    out
}

/// The text [`number_words`] numbered, given the words by number.
pub fn words_written_out(numbered: &[u8], words: &[&str]) -> String {
    let mut out = Vec::with_capacity(numbered.len() * 3);
    let mut at = 0;
    while at < numbered.len() {
        let b = numbered[at];
        if starts_number(b) {
            out.extend_from_slice(words[number_at(numbered, at)].as_bytes());
            at += 2;
        } else if b > Marks::UNWRITTEN && b < FIRST_WORD {
            at += 3;
        } else if b < FIRST_WORD {
            at += 1;
        } else {
            out.push(b);
            at += 1;
        }
    }
    // Not `expect`: see `Compiled::search`.
    String::from_utf8(out).unwrap_or_else(|_| panic!("written from a str"))
}

/// What the marks of a language's numbered pattern texts tell, pattern
/// after pattern (bounds as in `Pool`: item `n` of a list of bounds spans
/// `bounds[n]..bounds[n + 1]`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Derived {
    /// Each pattern's text, with its end.
    pub source_bounds: Vec<u32>,
    /// The literals of each group, each once, in the order of the marks.
    pub ids: Vec<u16>,
    pub group_bounds: Vec<u32>,
    /// Each pattern's groups.
    pub pattern_groups: Vec<u32>,
    /// The literals each pattern starts with, each once (none: it may
    /// start anywhere).
    pub start_ids: Vec<u16>,
    pub start_bounds: Vec<u32>,
}

impl Derived {
    /// Reads the marks of `numbered`, pattern texts each followed by
    /// [`END`], given the numbers of patterns, groups, literals of groups
    /// and start literals (room enough, or the lists grow).
    pub fn read(
        numbered: &[u8],
        patterns: usize,
        groups: usize,
        ids: usize,
        starts: usize,
    ) -> Derived {
        let mut d = Derived {
            source_bounds: Vec::with_capacity(patterns + 1),
            ids: Vec::with_capacity(ids),
            group_bounds: Vec::with_capacity(groups + 1),
            pattern_groups: Vec::with_capacity(patterns + 1),
            start_ids: Vec::with_capacity(starts),
            start_bounds: Vec::with_capacity(patterns + 1),
        };
        d.source_bounds.push(0);
        d.pattern_groups.push(0);
        d.start_bounds.push(0);
        // Groups are never empty and lie one after the other: each ends
        // where the next starts, and the last where the literals end.
        let mut at = 0;
        loop {
            at = find_below(numbered, at, FIRST_WORD);
            let Some(&mark) = numbered.get(at) else {
                d.group_bounds.push(d.ids.len() as u32);
                return d;
            };
            if mark == END {
                d.start_bounds.push(d.start_ids.len() as u32);
                d.pattern_groups.push(d.group_bounds.len() as u32);
                at += 1;
                d.source_bounds.push(at as u32);
                continue;
            }
            let id = number_at(numbered, at + 1) as u16;
            at += 3;
            let mark = if mark > Marks::UNWRITTEN {
                mark - Marks::UNWRITTEN
            } else {
                mark
            };
            if matches!(mark, Marks::NEW_GROUP | Marks::NEW_GROUP_START) {
                d.group_bounds.push(d.ids.len() as u32);
            }
            if mark != Marks::START {
                d.ids.push(id);
            }
            if mark >= Marks::START {
                d.start_ids.push(id);
            }
        }
    }
}

/// The first index from `at` on whose byte is below `n` (or the length of
/// `bytes`).
fn find_below(bytes: &[u8], at: usize, n: u8) -> usize {
    chunk::find(bytes, at, |x| x.below(n), |b| b < n)
}

/// What joins the words of a word list: a control character no word holds.
pub const WORD_SEPARATOR: char = '\u{1}';

/// The words of a list joined by [`WORD_SEPARATOR`].
pub fn split_words(joined: &str) -> Vec<&str> {
    let bytes = joined.as_bytes();
    let mut words = Vec::with_capacity(joined.len() / 6);
    let mut start = 0;
    loop {
        let end = chunk::find_any(bytes, start, [WORD_SEPARATOR as u8]);
        words.push(&joined[start..end]);
        if end == bytes.len() {
            return words;
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_sets_come_back_as_written() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, 65_535, u32::MAX];
        let sets: [&[u16]; 4] = [&[], &[0], &[3, 4, 200, 65_535], &[127, 128, 16_511]];
        let mut bytes = Vec::new();
        for &n in &numbers {
            push(&mut bytes, n);
        }
        for set in sets {
            push_set(&mut bytes, set);
        }
        let mut reader = Reader::new(&bytes);
        for &n in &numbers {
            assert_eq!(reader.number(), n);
        }
        for set in sets {
            let mut out = vec![9];
            reader.set_into(&mut out);
            assert_eq!(out[1..], *set);
        }
        assert!(reader.is_done());
    }

    #[test]
    fn small_numbers_take_a_byte() {
        let mut bytes = Vec::new();
        push(&mut bytes, 127);
        assert_eq!(bytes, [127]);
        push(&mut bytes, 128);
        assert_eq!(bytes, [127, 0x80, 1]);
    }

    #[test]
    fn numbered_words_come_back_as_written() {
        let words = ["kaputt", "rechner", "über", "e-mail"];
        let number = |w: &str| words.iter().position(|&known| known == w);
        for text in [
            "(mein|unser) [neuer] (rechner|pc) ...3 (kaputt*|*rechner)",
            "über <die e-mail> nicht. ä ü",
            "",
            "rechnerkaputt über-all",
        ] {
            let numbered = number_words(text, &[], number);
            assert_eq!(words_written_out(&numbered, &words), text);
        }
        let numbered = number_words("(rechner|pc)", &[], number);
        assert_eq!(
            numbered,
            [b'(', FIRST_WORD, FIRST_SECOND + 1, b'|', b'p', b'c', b')']
        );
        let mut numbered = Vec::new();
        for n in [0, SECONDS - 1, SECONDS, WORD_LIMIT - 1] {
            push_number(&mut numbered, n);
            assert!(numbered.iter().all(|&b| b >= FIRST_WORD));
            assert_eq!(number_at(&numbered, numbered.len() - 2), n);
        }
    }

    /// Groups and start literals marked in two texts come back in the
    /// order of their marks, and the texts as written.
    #[test]
    fn marks_come_back_as_groups_and_starts() {
        let words = ["kaputt", "rechner", "pc", "mail", ".", "e-mail", "kaputt"];
        // Literal 6 is `kaputt*` where 0 is `kaputt`: a marked word is
        // numbered as the literal it is.
        let text = "(rechner|pc) kaputt. e-mail";
        let mark = |at, written, mark, id| Mark {
            at,
            written,
            mark,
            id,
        };
        let marks = [
            mark(1, Some(7), Marks::NEW_GROUP_START, 1),
            mark(9, Some(2), Marks::MEMBER_START, 2),
            mark(13, Some(6), Marks::NEW_GROUP, 6),
            mark(19, None, Marks::NEW_GROUP, 4),
            mark(21, None, Marks::START, 5),
            mark(23, Some(4), Marks::NEW_GROUP, 3),
            mark(27, None, Marks::START, 0),
        ];
        let mut numbered = number_words(text, &marks, |w| words.iter().position(|&k| k == w));
        numbered.push(END);
        numbered.extend(number_words(
            "pc",
            &[mark(0, Some(2), Marks::NEW_GROUP, 2)],
            |_| None,
        ));
        numbered.push(END);
        let d = Derived::read(&numbered, 2, 4, 5, 4);
        let span = |bounds: &[u32], n: usize| bounds[n] as usize..bounds[n + 1] as usize;
        assert_eq!(
            words_written_out(&numbered[span(&d.source_bounds, 0)], &words),
            text
        );
        assert_eq!(
            words_written_out(&numbered[span(&d.source_bounds, 1)], &words),
            "pc"
        );
        assert_eq!(d.pattern_groups, [0, 4, 5]);
        let groups: Vec<&[u16]> = (0..5).map(|g| &d.ids[span(&d.group_bounds, g)]).collect();
        assert_eq!(groups, [&[1, 2][..], &[6], &[4], &[3], &[2]]);
        assert_eq!(d.start_ids, [1, 2, 5, 0]);
        assert_eq!(d.start_bounds, [0, 4, 4]);
        // `e-` is written out, `mail` is a number: `e-mail` is not.
        let e_mail = [
            Marks::UNWRITTEN + Marks::START,
            FIRST_WORD,
            FIRST_SECOND + 5,
            b'e',
            b'-',
            Marks::NEW_GROUP,
            FIRST_WORD,
            FIRST_SECOND + 3,
        ];
        assert!(numbered.windows(e_mail.len()).any(|w| w == e_mail));
    }

    #[test]
    fn a_word_list_splits_at_nul() {
        assert_eq!(
            split_words("a\u{1}über\u{1}\u{1}\n"),
            ["a", "über", "", "\n"]
        );
        assert_eq!(split_words("x"), ["x"]);
    }
}
