//! Folding: the text the patterns run on.
//!
//! The engine lower-cases the mail itself, turns typographic variants
//! (curly quotes, backticks, dashes, odd spaces) into their plain forms,
//! symbols such as emoji into blanks, leaves out the invisible characters
//! pasted into words, and collapses runs of blanks into one. Patterns can
//! then compare plain bytes, every non-ASCII byte left belongs to a word,
//! and the engine needs no Unicode case tables at match time.
//!
//! Findings must map back to the original text exactly. Most folded bytes
//! sit at a fixed distance from their original byte, so the map only records
//! where that distance changes (a dropped blank, a curly quote that became a
//! one-byte quote, hidden history): a few entries instead of one per byte.

use crate::case;
use crate::chunk::{self, Chunk};

/// Folded text and the way back to the original.
#[derive(Debug)]
pub struct Folded {
    pub text: String,
    /// `(folded, original)` offsets where the distance between the two
    /// changes, sorted; starts with `(0, 0)`. Every folded character start
    /// maps to the start of the original character it came from.
    shifts: Vec<(u32, u32)>,
}

/// Folds one character, or returns `None` to keep it as it is.
fn fold_char(c: char) -> Option<char> {
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        c if c.is_ascii() => match c {
            '\t' | '\r' | '\x0b' | '\x0c' => Some(' '),
            _ => None,
        },
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Some(' '),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
        // Latin-1 letters, common in German mail: no table lookup.
        'à'..='þ' if c != '÷' => None,
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 32),
        'ß' => None,
        '\u{1E9E}' => Some('ß'),
        '\u{2026}' => Some('.'),
        // Emoji, bullets, arrows and other symbols part words as a blank
        // does: "nicht😊" ends with the word "nicht".
        c if !c.is_alphanumeric() && !in_word(c) => Some(' '),
        c => {
            let mut lower = case::lower(c);
            match (lower.next(), lower.next()) {
                (Some(l), None) if l != c => Some(l),
                _ => None,
            }
        }
    }
}

/// Whether `c`, neither letter nor digit, belongs to the word around it:
/// a combining mark (a decomposed "é").
fn in_word(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Whether `c` is an invisible character that text pasted from the web or
/// a word processor carries inside words (soft hyphen, zero-width space,
/// joiners, word joiner, byte order mark): folding leaves it out, so
/// "Rech\u{AD}nung" reads as the word it shows.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Whether an ASCII byte folds to itself or, for capitals, to its lower
/// case: everything but the blanks that fold to a space.
fn plain_ascii(b: u8) -> bool {
    b < 0x80 && !matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// Whether `b`, after `before`, ends a run of plain ASCII: a byte that is
/// not ASCII or is a blank other than a space, or a space that follows a
/// space or starts a line. A single space after a word stays as it is, so
/// it does not end the run.
fn ends_run(b: u8, before: u8) -> bool {
    // Printable ASCII, the bulk of it, takes one test.
    !(b'!'..0x80).contains(&b)
        && (b >= 0x80
            || match b {
                b' ' => matches!(before, b' ' | b'\n'),
                _ => !plain_ascii(b),
            })
}

/// How many bytes of `bytes`, which follow `before`, go on a run of plain
/// ASCII (see [`ends_run`]) and small Latin-1 letters, which German mail
/// holds in most words. Read a chunk at a time where it holds no byte
/// below 0x20 or from 0x80 and no space after a space; the others one by
/// one.
fn plain_run(bytes: &[u8], mut before: u8) -> usize {
    let mut at = 0;
    loop {
        while let Some(x) = Chunk::load(bytes, at) {
            let odd = x.below_or_not_ascii(0x20);
            let spaces = x.equal(b' ');
            let blank_before = matches!(before, b' ' | b'\n');
            if (odd | (spaces & spaces.after(blank_before))).any() {
                break;
            }
            before = x.last();
            at += Chunk::LEN;
        }
        // A chunk that needs a closer look, or the last bytes.
        let stop = (at + Chunk::LEN).min(bytes.len());
        while at < stop {
            if let Some(&second) = bytes.get(at + 1).filter(|_| bytes[at] == 0xC3) {
                if small_latin_letter(second) {
                    // Folds to itself, like a small ASCII letter.
                    before = second;
                    at += 2;
                    continue;
                }
            }
            if ends_run(bytes[at], before) {
                return at;
            }
            before = bytes[at];
            at += 1;
        }
        if at == bytes.len() {
            return at;
        }
    }
}

/// Whether `0xC3, second` is ß or a small Latin-1 letter, which fold to
/// themselves: ß is `0x9F`, à to þ `0xA0..=0xBE` but ÷ (`0xB7`).
fn small_latin_letter(second: u8) -> bool {
    matches!(second, 0x9F..=0xBE) && second != 0xB7
}

/// Folds bytes that are all ASCII, a chunk at a time: capitals to small
/// letters, and a backtick to the apostrophe it stands for ("can`t").
fn fold_ascii(bytes: &mut [u8]) {
    // A backtick is 0x60, the apostrophe 0x27: one `xor` turns one into
    // the other.
    const TICK_TO_APOSTROPHE: u8 = b'`' ^ b'\'';
    let mut chunks = bytes.chunks_exact_mut(Chunk::LEN);
    for chunk in &mut chunks {
        let x = Chunk::load(chunk, 0).expect("a whole chunk");
        let capitals = x.below(b'Z' + 1) & !x.below(b'A');
        let ticks = x.equal(b'`');
        let folded = x
            .or_where(capitals, b'a' - b'A')
            .xor_where(ticks, TICK_TO_APOSTROPHE);
        folded.store(chunk);
    }
    for b in chunks.into_remainder() {
        *b = match *b {
            b'`' => b'\'',
            b => b.to_ascii_lowercase(),
        };
    }
}

/// Builds folded text and its shift map.
struct Writer {
    folded: Vec<u8>,
    shifts: Vec<(u32, u32)>,
}

impl Writer {
    /// Appends `bytes`, which came from the original text at `at`, one to one.
    fn push(&mut self, bytes: &[u8], at: usize) {
        let here = self.folded.len();
        let &(f, o) = self.shifts.last().expect("starts with (0, 0)");
        if o as usize + (here - f as usize) != at {
            self.shifts.push((here as u32, at as u32));
        }
        self.folded.extend_from_slice(bytes);
    }

    /// Appends a character that stands for the original character at `at`
    /// of `original_len` bytes. When the lengths differ, the shift map
    /// resumes after the original character.
    fn push_char(&mut self, c: char, at: usize, original_len: usize) {
        let mut buffer = [0; 4];
        let encoded = c.encode_utf8(&mut buffer).as_bytes();
        self.push(encoded, at);
        if encoded.len() != original_len {
            self.shifts
                .push((self.folded.len() as u32, (at + original_len) as u32));
        }
    }

    /// Whether a blank would start a line or follow another blank.
    fn blank_is_redundant(&self) -> bool {
        matches!(self.folded.last(), None | Some(b' ' | b'\n'))
    }
}

impl Folded {
    /// Folds `text`, leaving out the byte ranges in `hidden` (sorted, not
    /// overlapping): their line breaks stay, everything else in them goes, so
    /// hidden lines read as blank lines to the matcher.
    pub fn new(text: &str, hidden: &[(usize, usize)]) -> Folded {
        let bytes = text.as_bytes();
        let mut out = Writer {
            folded: Vec::with_capacity(bytes.len()),
            shifts: vec![(0, 0)],
        };
        let mut at = 0;
        for &(hidden_start, hidden_end) in hidden.iter().chain([&(bytes.len(), bytes.len())]) {
            let visible_end = hidden_start.clamp(at, bytes.len());
            while at < visible_end {
                let b = bytes[at];
                if plain_ascii(b) {
                    // A run of ASCII that needs at most lower-casing: copied
                    // at once, which is what most of every mail is.
                    let end = at + 1 + plain_run(&bytes[at + 1..visible_end], b);
                    let from = out.folded.len();
                    out.push(&bytes[at..end], at);
                    fold_ascii(&mut out.folded[from..]);
                    at = end;
                } else if b < 0x80 {
                    // A blank: one between words, none at the start of a
                    // line, so patterns need no runs of blanks.
                    if !out.blank_is_redundant() {
                        out.push(b" ", at);
                    }
                    at += 1;
                } else {
                    let c = text[at..].chars().next().expect("at is a char boundary");
                    let folded = fold_char(c).unwrap_or(c);
                    if !invisible(c) && (folded != ' ' || !out.blank_is_redundant()) {
                        out.push_char(folded, at, c.len_utf8());
                    }
                    at += c.len_utf8();
                }
            }
            // Hidden text keeps its line breaks only. Quoted history can
            // be most of a reply: it is passed over a chunk at a time.
            let hidden = &bytes[..hidden_end.clamp(at, bytes.len())];
            loop {
                at = chunk::find_any(hidden, at, [b'\n']);
                if at >= hidden.len() {
                    break;
                }
                out.push(b"\n", at);
                at += 1;
            }
        }
        debug_assert!(std::str::from_utf8(&out.folded).is_ok());
        Folded {
            // SAFETY: folding writes whole characters only: runs of the
            // text cut at character boundaries, with ASCII bytes changed
            // into ASCII bytes, and characters it encodes itself. Checking
            // them again took a pass over the mail.
            text: unsafe { String::from_utf8_unchecked(out.folded) },
            shifts: out.shifts,
        }
    }

    /// The original offset of a folded offset.
    fn original_at(&self, folded: usize) -> usize {
        let k = self
            .shifts
            .partition_point(|&(f, _)| f as usize <= folded)
            .saturating_sub(1);
        let (f, o) = self.shifts[k];
        o as usize + (folded - f as usize)
    }

    /// The original byte range of the folded byte range `start..end` (both
    /// on character boundaries, `start < end`): from the start of the first
    /// character's original to the end of the last one's.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let mut last = end - 1;
        while !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let last = self.original_at(last);
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        (self.original_at(start), last + last_len)
    }
}

/// Folds a short phrase on its own (for comparing against allowed phrases).
pub fn fold_phrase(phrase: &str) -> String {
    Folded::new(phrase.trim(), &[]).text
}

/// Converts byte offsets of a text into UTF-16 code-unit offsets, counting
/// from the offset converted last: a finding's offsets, asked for in the
/// order of the text, are converted in about one pass over it, with no
/// sorting or lookups.
pub struct Utf16Offsets<'t> {
    bytes: &'t [u8],
    at: usize,
    units: usize,
}

impl<'t> Utf16Offsets<'t> {
    pub fn new(text: &'t str) -> Utf16Offsets<'t> {
        Utf16Offsets {
            bytes: text.as_bytes(),
            at: 0,
            units: 0,
        }
    }

    /// The UTF-16 offset of byte offset `to`, a character boundary.
    pub fn of(&mut self, to: usize) -> usize {
        if to >= self.at {
            self.units += utf16_len(&self.bytes[self.at..to]);
        } else {
            self.units -= utf16_len(&self.bytes[to..self.at]);
        }
        self.at = to;
        self.units
    }
}

/// How many UTF-16 units the whole characters in `bytes` take: one per
/// byte that starts a character (is no `0b10xx_xxxx`), one more per byte
/// that starts a four-byte one (from `0xF0` on). Counted a chunk at a time;
/// most chunks of a mail are ASCII, a unit per byte.
fn utf16_len(bytes: &[u8]) -> usize {
    let mut units = 0;
    let mut at = 0;
    while let Some(x) = Chunk::load(bytes, at) {
        let not_ascii = x.at_least(0x80);
        units += Chunk::LEN;
        if not_ascii.any() {
            let continuing = not_ascii & !x.at_least(0xC0);
            units = units - continuing.count() + x.at_least(0xF0).count();
        }
        at += Chunk::LEN;
    }
    let one = |&b: &u8| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
    units + bytes[at..].iter().map(one).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unicode_blank_folds_to_a_space_or_a_line_break() {
        // A blank left as it is would count as a letter (every non-ASCII
        // byte does) and glue the words around it together.
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
        {
            let folded = fold_char(c).unwrap_or(c);
            assert!(folded == ' ' || folded == '\n', "{c:?} folds to {folded:?}");
        }
    }

    #[test]
    fn symbols_part_words_and_marks_stay_in_them() {
        let f = Folded::new(
            "nicht😊 Schau👍🏽!\n→ Preis: 5 € • e\u{301}cht Ab\u{AD}gabe",
            &[],
        );
        assert_eq!(f.text, "nicht schau !\npreis: 5 e\u{301}cht abgabe");
        // Each word maps back to itself.
        let original = "ok👍🏽 gut";
        let f = Folded::new(original, &[]);
        assert_eq!(f.text, "ok gut");
        assert_eq!(f.original_range(original, 3, 6), (11, 14));
        // A word with invisible characters inside maps back to all of it.
        let original = "die Rech\u{AD}nung\u{200B}en kommen";
        let f = Folded::new(original, &[]);
        assert_eq!(f.text, "die rechnungen kommen");
        assert_eq!(f.original_range(original, 4, 14), (4, 19));
    }

    #[test]
    fn folds_case_quotes_and_spaces() {
        let f = Folded::new("Das GEHT\u{00A0}nicht – „Ärger“ ’s\n  Ende  \t x", &[]);
        assert_eq!(f.text, "das geht nicht - \"ärger\" 's\nende x");
        let f = Folded::new("We can`t, that´s it", &[]);
        assert_eq!(f.text, "we can't, that's it");
    }

    #[test]
    fn small_latin_letters_fold_to_themselves_within_a_run() {
        // ÷ and × sit among them, but are signs: they part words.
        let text = "Grüße aus Köln: ÄRGER über Maße, 4÷2 × ø þ ÿ Ø";
        let f = Folded::new(text, &[]);
        assert_eq!(f.text, "grüße aus köln: ärger über maße, 4 2 ø þ ÿ ø");
        // Each folded character maps back to the one it came from.
        for (at, c) in f.text.char_indices().filter(|&(_, c)| c != ' ') {
            let (start, end) = f.original_range(text, at, at + c.len_utf8());
            assert_eq!(text[start..end].to_lowercase(), c.to_string(), "at {at}");
        }
    }

    #[test]
    fn maps_back_across_multibyte_folds() {
        let text = "„Nein“, das geht nicht";
        let f = Folded::new(text, &[]);
        let at = f.text.find("geht nicht").unwrap();
        let (s, e) = f.original_range(text, at, at + "geht nicht".len());
        assert_eq!(&text[s..e], "geht nicht");
    }

    #[test]
    fn maps_back_when_folding_changes_lengths() {
        // "Ⱥ" lower-cases to a longer "ⱥ", "ẞ" to a shorter "ß", "…" to ".";
        // blanks collapse and hidden text drops out.
        let text = "ȺB  ẞ…\n> alt\nNein,\u{00A0}\u{00A0}das GEHT nicht";
        let f = Folded::new(text, &[(12, 18)]);
        assert_eq!(f.text, "ⱥb ß.\n\nnein, das geht nicht");
        for word in ["ⱥb", "ß", "nein", "das geht nicht"] {
            let at = f.text.find(word).unwrap();
            let (s, e) = f.original_range(text, at, at + word.len());
            assert_eq!(text[s..e].to_lowercase().replace('ẞ', "ß"), word);
        }
    }

    #[test]
    fn hidden_ranges_keep_their_line_breaks() {
        let text = "a\n> quote\nb";
        let f = Folded::new(text, &[(2, 9)]);
        assert_eq!(f.text, "a\n\nb");
    }

    #[test]
    fn runs_read_eight_bytes_at_a_time_end_where_byte_by_byte_does() {
        let alphabet = b"aZ .\n\t\r@[`{\xc3\xa4\x9f\xb7\x7f\x01";
        // The run read one byte (or small Latin-1 letter) at a time.
        let byte_by_byte = |text: &[u8], mut previous: u8| {
            let mut at = 0;
            while at < text.len() {
                if text[at] == 0xC3 && text.get(at + 1).is_some_and(|&b| small_latin_letter(b)) {
                    previous = text[at + 1];
                    at += 2;
                } else if ends_run(text[at], previous) {
                    return at;
                } else {
                    previous = text[at];
                    at += 1;
                }
            }
            at
        };
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let text: Vec<u8> = (0..len)
                .map(|i| alphabet[((seed >> (i % 50)) as usize + i * 7) % alphabet.len()])
                .collect();
            for before in [b'a', b' ', b'\n'] {
                assert_eq!(
                    plain_run(&text, before),
                    byte_by_byte(&text, before),
                    "{text:?} after {before}"
                );
            }
        }
    }

    #[test]
    fn folds_every_ascii_byte_in_any_position() {
        for offset in 0..8 {
            let mut bytes: Vec<u8> = (0..offset).map(|_| b'Q').chain(0..0x80).collect();
            let expected: Vec<u8> = (bytes.iter())
                .map(|&b| match b {
                    b'`' => b'\'',
                    b => b.to_ascii_lowercase(),
                })
                .collect();
            fold_ascii(&mut bytes);
            assert_eq!(bytes, expected);
        }
    }

    #[test]
    fn utf16_lengths_in_any_position() {
        let samples = [
            "",
            "abc",
            "😀",
            "a😀b😀😀 ä ß € 𝄞x",
            "ÿ\u{ff}ð😀\u{10ffff}ñ\u{7ff}\u{800}",
        ];
        // Every place in a chunk, before and after long ASCII.
        let shifted = |s: &'static str| {
            (0..40).flat_map(move |n| {
                let pad = "x".repeat(n);
                [format!("{pad}{s}"), format!("{pad}{s}{}", "y".repeat(70))]
            })
        };
        for text in samples.into_iter().flat_map(shifted) {
            let units = text.encode_utf16().count();
            assert_eq!(utf16_len(text.as_bytes()), units, "{text:?}");
        }
    }

    #[test]
    fn utf16_offsets_in_any_order() {
        let text = "😀ä x";
        let mut offsets = Utf16Offsets::new(text);
        let units = [6, 0, 7, 4, 4, 0].map(|b| offsets.of(b));
        assert_eq!(units, [3, 0, 4, 2, 2, 0]);
    }
}
