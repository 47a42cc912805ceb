//! Folding: the text the patterns run on.
//!
//! The engine lower-cases the mail itself, turns typographic variants
//! (curly quotes, dashes, odd spaces) into their plain forms and collapses
//! runs of blanks into one. Patterns can
//! then be plain lower-case regexes, and the `regex` crate needs none of its
//! Unicode case tables, which would triple the size of the WebAssembly module.
//! Every folded byte remembers where its character came from, so findings
//! map back to the original text exactly.

/// Folded text plus, for each of its bytes, the byte offset in the original
/// text of the character it came from.
#[derive(Debug)]
pub struct Folded {
    pub text: String,
    origin: Vec<u32>,
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
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Some(' '),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
        // Latin-1 letters, common in German mail: no table lookup.
        'à'..='þ' if c != '÷' => None,
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 32),
        'ß' => None,
        '\u{1E9E}' => Some('ß'),
        '\u{2026}' => Some('.'),
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l != c => Some(l),
                _ => None,
            }
        }
    }
}

impl Folded {
    /// Folds `text`, leaving out the byte ranges in `hidden` (sorted, not
    /// overlapping): their line breaks stay, everything else in them goes, so
    /// hidden lines read as blank lines to the matcher.
    pub fn new(text: &str, hidden: &[(usize, usize)]) -> Folded {
        let bytes = text.as_bytes();
        let mut folded: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut origin: Vec<u32> = Vec::with_capacity(bytes.len());
        let mut hidden = hidden.iter().peekable();
        let mut at = 0;
        while at < bytes.len() {
            while hidden.peek().is_some_and(|&&(_, end)| end <= at) {
                hidden.next();
            }
            let is_hidden = hidden.peek().is_some_and(|&&(start, _)| start <= at);
            let b = bytes[at];
            // ASCII, most of every mail, byte by byte; other characters whole.
            let (out, len) = if b < 0x80 {
                let out = match b {
                    b'A'..=b'Z' => b.to_ascii_lowercase(),
                    b'\t' | b'\r' | 0x0b | 0x0c => b' ',
                    _ => b,
                };
                (Some(out), 1)
            } else {
                let c = text[at..].chars().next().expect("at is a char boundary");
                let out = fold_char(c).unwrap_or(c);
                if out.is_ascii() {
                    (Some(out as u8), c.len_utf8())
                } else {
                    let mut buffer = [0; 4];
                    let encoded = out.encode_utf8(&mut buffer).as_bytes();
                    if !is_hidden {
                        folded.extend_from_slice(encoded);
                        origin.extend(std::iter::repeat_n(at as u32, encoded.len()));
                    }
                    (None, c.len_utf8())
                }
            };
            if let Some(out) = out {
                let keep = if is_hidden {
                    // Hidden lines keep their line breaks only, so they read
                    // as blank lines to the matcher.
                    b == b'\n'
                } else {
                    // One blank between words, none at the start of a line:
                    // patterns then need no runs of blanks.
                    out != b' ' || !matches!(folded.last(), None | Some(b' ' | b'\n'))
                };
                if keep {
                    folded.push(out);
                    origin.push(at as u32);
                }
            }
            at += len;
        }
        Folded {
            text: String::from_utf8(folded).expect("folding keeps whole characters"),
            origin,
        }
    }

    /// The original byte range of the folded byte range `start..end`.
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start] as usize;
        let last = self.origin[end - 1] as usize;
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        (from, last + last_len)
    }
}

/// Folds a short phrase on its own (for comparing against allowed phrases).
pub fn fold_phrase(phrase: &str) -> String {
    Folded::new(phrase.trim(), &[]).text
}

/// Converts sorted byte offsets into UTF-16 code-unit offsets in one pass.
pub fn utf16_offsets(text: &str, sorted_bytes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted_bytes.len());
    let mut units = 0;
    let mut chars = text.char_indices().peekable();
    for &target in sorted_bytes {
        while let Some(&(at, c)) = chars.peek() {
            if at >= target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out.push(units);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_quotes_and_spaces() {
        let f = Folded::new("Das GEHT\u{00A0}nicht – „Ärger“ ’s\n  Ende  \t x", &[]);
        assert_eq!(f.text, "das geht nicht - \"ärger\" 's\nende x");
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
    fn hidden_ranges_keep_their_line_breaks() {
        let text = "a\n> quote\nb";
        let f = Folded::new(text, &[(2, 9)]);
        assert_eq!(f.text, "a\n\nb");
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "😀ä x";
        assert_eq!(utf16_offsets(text, &[0, 4, 6, 7]), vec![0, 2, 3, 4]);
    }
}
