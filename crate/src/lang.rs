//! Telling German from English mail by its most common words.

use crate::rule::Lang;

/// Common words of each language.
const GERMAN: [&str; 44] = [
    "aber", "auch", "auf", "bis", "bitte", "dank", "das", "dass", "dem", "den", "der", "die",
    "ein", "eine", "es", "für", "gruß", "grüße", "haben", "hallo", "ich", "ihnen", "ihr", "ihre",
    "im", "ist", "kann", "können", "leider", "mit", "nicht", "noch", "schon", "sie", "sind", "und",
    "uns", "vielen", "von", "werden", "wie", "wir", "wird", "zu",
];
const ENGLISH: [&str; 39] = [
    "all", "and", "any", "are", "as", "at", "be", "but", "by", "can", "dear", "for", "from",
    "have", "hi", "i", "is", "it", "just", "my", "not", "of", "on", "our", "please", "regards",
    "sorry", "thanks", "that", "the", "this", "to", "was", "we", "will", "with", "would", "you",
    "your",
];

/// The word lists as numbers (see [`packed`]), sorted for a binary search:
/// comparing two numbers is cheaper than comparing two strings.
const GERMAN_PACKED: [u64; GERMAN.len()] = packed_sorted(GERMAN);
const ENGLISH_PACKED: [u64; ENGLISH.len()] = packed_sorted(ENGLISH);

/// A word of up to eight bytes as one number, its first byte lowest; no
/// word holds a zero byte, so no two words share a number.
const fn packed(word: &[u8]) -> Option<u64> {
    if word.len() > 8 {
        return None;
    }
    let mut n = 0;
    let mut i = word.len();
    while i > 0 {
        i -= 1;
        n = n << 8 | word[i] as u64;
    }
    Some(n)
}

const fn packed_sorted<const N: usize>(words: [&str; N]) -> [u64; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = match packed(words[i].as_bytes()) {
            Some(n) => n,
            None => panic!("common words are at most eight bytes long"),
        };
        // Insertion sort: the lists are short, and this runs at compile time.
        let mut j = i;
        while j > 0 && out[j - 1] > out[j] {
            (out[j - 1], out[j]) = (out[j], out[j - 1]);
            j -= 1;
        }
        i += 1;
    }
    out
}

/// Detects the language of folded mail text; English when nothing decides.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn detect(folded: &str) -> Lang {
    let mut tally = Tally::default();
    let mut rest = folded;
    for _ in 0..Tally::WORDS_LOOKED_AT {
        let Some((word, after)) = next_word(rest) else {
            break;
        };
        rest = after;
        let packed = packed(word);
        let common = |list: &[u64]| packed.is_some_and(|n| list.binary_search(&n).is_ok());
        let german = common(&GERMAN_PACKED);
        if tally.add(german, common(&ENGLISH_PACKED), umlaut(word)) {
            break;
        }
    }
    tally.lang()
}

/// The words that tell each language, counted.
#[derive(Default)]
struct Tally {
    de: usize,
    en: usize,
}

impl Tally {
    /// A mail's language shows in its first few hundred words.
    const WORDS_LOOKED_AT: usize = 400;

    /// Counts a word: common in German, in English, holding an umlaut.
    /// Returns whether the lead is clear: a mail keeps its language.
    fn add(&mut self, german: bool, english: bool, umlaut: bool) -> bool {
        self.de += usize::from(german) + usize::from(umlaut);
        self.en += usize::from(english);
        self.de.abs_diff(self.en) >= 12
    }

    fn lang(&self) -> Lang {
        if self.de > self.en {
            Lang::De
        } else {
            Lang::En
        }
    }
}

/// The next run of letters in `text` (of alphabetic characters: not
/// digits, not combining marks), and the text after it.
fn next_word(text: &str) -> Option<(&[u8], &str)> {
    let start = text.find(char::is_alphabetic)?;
    let bytes = text.as_bytes();
    let mut end = start;
    // ASCII letters take one test; other characters are decoded.
    while end < bytes.len() {
        if bytes[end].is_ascii_alphabetic() {
            end += 1;
        } else if bytes[end] < 0x80 {
            break;
        } else {
            match text[end..].chars().next() {
                Some(c) if c.is_alphabetic() => end += c.len_utf8(),
                _ => break,
            }
        }
    }
    Some((&bytes[start..end], &text[end..]))
}

/// Whether a word holds ä, ö, ü or ß (each `0xC3` and one more byte in UTF-8).
fn umlaut(word: &[u8]) -> bool {
    word.windows(2)
        .any(|pair| matches!(pair, [0xC3, 0xA4 | 0xB6 | 0xBC | 0x9F]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tells_the_languages_apart() {
        assert_eq!(
            detect("hallo frau meier, vielen dank für ihre nachricht."),
            Lang::De
        );
        assert_eq!(
            detect("hi jane, thanks for your message, i will send it."),
            Lang::En
        );
        assert_eq!(detect(""), Lang::En);
    }

    /// The plain reading the fast one must agree with: words split at
    /// every character that is not alphabetic, looked up as strings.
    fn detect_by_strings(folded: &str) -> Lang {
        let mut tally = Tally::default();
        let words = folded
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        for word in words.take(Tally::WORDS_LOOKED_AT) {
            let umlaut = word.contains(['ä', 'ö', 'ü', 'ß']);
            if tally.add(GERMAN.contains(&word), ENGLISH.contains(&word), umlaut) {
                break;
            }
        }
        tally.lang()
    }

    #[test]
    fn agrees_with_the_plain_reading_on_mails() {
        let mails = [
            include_str!("../../tests/corpus/clean-de.txt"),
            include_str!("../../tests/corpus/clean-en.txt"),
        ];
        for mail in mails {
            let folded = crate::fold::Folded::new(mail, &[]).text;
            for (i, _) in folded.char_indices().step_by(97) {
                let rest = &folded[i..];
                assert_eq!(detect(rest), detect_by_strings(rest), "{rest:.80}");
            }
        }
    }

    proptest! {
        /// Common words of both languages, other words, digits, combining
        /// marks and symbols, in any mix.
        #[test]
        fn agrees_with_the_plain_reading(
            words in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(GERMAN.to_vec()).prop_map(String::from),
                    prop::sample::select(ENGLISH.to_vec()).prop_map(String::from),
                    "[a-zäöüßé0-9\u{301}]{1,10}",
                ],
                0..40,
            ),
            separators in prop::collection::vec("[ ,.\n0-9\u{301}😊-]{0,2}", 40),
        ) {
            let text: String = words.iter().zip(&separators).flat_map(|(w, s)| [w.as_str(), s]).collect();
            prop_assert_eq!(detect(&text), detect_by_strings(&text));
        }
    }
}
