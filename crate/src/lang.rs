//! Telling German from English mail by its most common words.

use crate::rule::Lang;

/// Common words of each language, in byte order: a word is looked up by
/// binary search.
const GERMAN: &[&str] = &[
    "aber", "auch", "auf", "bis", "bitte", "dank", "das", "dass", "dem", "den", "der", "die",
    "ein", "eine", "es", "für", "gruß", "grüße", "haben", "hallo", "ich", "ihnen", "ihr", "ihre",
    "im", "ist", "kann", "können", "leider", "mit", "nicht", "noch", "schon", "sie", "sind", "und",
    "uns", "vielen", "von", "werden", "wie", "wir", "wird", "zu",
];
const ENGLISH: &[&str] = &[
    "all", "and", "any", "are", "as", "at", "be", "but", "by", "can", "dear", "for", "from",
    "have", "hi", "i", "is", "it", "just", "my", "not", "of", "on", "our", "please", "regards",
    "sorry", "thanks", "that", "the", "this", "to", "was", "we", "will", "with", "would", "you",
    "your",
];

/// Detects the language of folded mail text; English when nothing decides.
pub fn detect(folded: &str) -> Lang {
    // A mail's language shows in its first few hundred words.
    const WORDS_LOOKED_AT: usize = 400;
    let (mut de, mut en) = (0usize, 0usize);
    let words = folded
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty());
    for word in words.take(WORDS_LOOKED_AT) {
        de += GERMAN.binary_search(&word).is_ok() as usize;
        en += ENGLISH.binary_search(&word).is_ok() as usize;
        if umlaut(word) {
            de += 1;
        }
        // A clear lead does not turn: a mail keeps its language.
        if de.abs_diff(en) >= 12 {
            break;
        }
    }
    if de > en {
        Lang::De
    } else {
        Lang::En
    }
}

fn umlaut(word: &str) -> bool {
    word.contains(['ä', 'ö', 'ü', 'ß'])
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn word_lists_are_in_byte_order() {
        for list in [GERMAN, ENGLISH] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
