//! How the build script packs a language's rule data and the engine
//! unpacks it, once: lists of numbers as variable-length integers (LEB128:
//! seven bits a byte, low bits first), where most numbers take a byte and
//! gzip finds more to share than in fixed-width lists; and pattern texts
//! with each word written as the number of its entry in the language's
//! word list, which holds the literals' texts anyway.

use crate::swar;

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
/// 256`, then `n % 256`. The first bytes are control characters after the
/// line break, which pattern texts do not hold.
const FIRST_WORD: u8 = 0x0b;
/// Words that can be numbered: the second byte's values times the first's.
pub const WORD_LIMIT: usize = (0x20 - FIRST_WORD as usize) * 256;

fn starts_number(b: u8) -> bool {
    (FIRST_WORD..0x20).contains(&b)
}

/// Whether `b` may be part of a word of a pattern text: anything but the
/// pattern syntax (see `rules/README.md`).
fn in_word(b: u8) -> bool {
    !b" ()[]|<>.!?:;,*\n".contains(&b)
}

/// `text` with each of its words of two bytes or more that `number` knows
/// written as its number (shorter ones as they are).
pub fn number_words<'t>(
    text: &'t str,
    mut number: impl FnMut(&'t str) -> Option<usize>,
) -> Vec<u8> {
    let bytes = text.as_bytes();
    assert!(
        !bytes.iter().any(|&b| starts_number(b)),
        "a control character"
    );
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let end = at + bytes[at..].iter().take_while(|&&b| in_word(b)).count();
        let numbered = (end - at >= 2).then(|| number(&text[at..end])).flatten();
        match numbered {
            Some(n) => {
                assert!(n < WORD_LIMIT, "too many words");
                out.extend([FIRST_WORD + (n / 256) as u8, (n % 256) as u8]);
                at = end;
            }
            None => {
                let end = end.max(at + 1);
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
            let n = usize::from(b - FIRST_WORD) * 256 + usize::from(numbered[at + 1]);
            out.extend_from_slice(words[n].as_bytes());
            at += 2;
        } else {
            out.push(b);
            at += 1;
        }
    }
    String::from_utf8(out).expect("written from a str")
}

/// What joins the words of a word list: a control character no word holds.
pub const WORD_SEPARATOR: char = '\u{1}';

/// The words of a list joined by [`WORD_SEPARATOR`].
pub fn split_words(joined: &str) -> Vec<&str> {
    let bytes = joined.as_bytes();
    let mut words = Vec::with_capacity(joined.len() / 6);
    let mut start = 0;
    loop {
        let end = swar::find_any(bytes, start, [WORD_SEPARATOR as u8]);
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
            let numbered = number_words(text, number);
            assert_eq!(words_written_out(&numbered, &words), text);
        }
        let numbered = number_words("(rechner|pc)", number);
        assert_eq!(numbered, [b'(', FIRST_WORD, 1, b'|', b'p', b'c', b')']);
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
