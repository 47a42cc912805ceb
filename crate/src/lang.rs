//! Telling German from English mail by its most common words.

use crate::rule::Lang;

const GERMAN: &[&str] = &[
    "und", "der", "die", "das", "ich", "sie", "nicht", "mit", "für", "ist", "wir", "ein", "eine",
    "zu", "den", "auf", "es", "ihnen", "bitte", "vielen", "dank", "grüße", "gruß", "wie", "dass",
    "noch", "auch", "sind", "haben", "hallo", "leider", "ihr", "ihre", "wird", "werden", "bis",
    "uns", "von", "dem", "im", "schon", "aber", "kann", "können",
];
const ENGLISH: &[&str] = &[
    "the", "and", "to", "of", "you", "i", "we", "is", "for", "not", "with", "your", "please",
    "thanks", "regards", "will", "be", "it", "this", "that", "are", "have", "on", "our", "can",
    "my", "as", "but", "hi", "dear", "sorry", "by", "would", "just", "from", "at", "all", "any",
    "was",
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
        de += GERMAN.contains(&word) as usize;
        en += ENGLISH.contains(&word) as usize;
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
}
