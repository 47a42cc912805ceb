//! The literals every match of a pattern holds: its anchors, which the
//! matcher looks for first, the groups a sentence must hold for a match,
//! and the words a match can start with.

use super::parse::{parse, Element};
use super::{error, is_letter, PatternError};

/// How an anchor must sit in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnchorKind {
    /// A whole run of letters.
    Word,
    /// The start of a run of letters (`kaputt*`).
    Prefix,
    /// The end of a run of letters (`*rechner`).
    Suffix,
    /// A punctuation mark, wherever it stands.
    Mark,
}

/// A literal of a pattern: a word, word start, word ending or punctuation
/// mark its matches contain. The matcher finds the literals of all rules in
/// one pass and runs a pattern only on the sentences around its anchors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Anchor {
    pub text: String,
    pub kind: AnchorKind,
}

/// Words too common to be good anchors: a pattern is anchored on one of its
/// rarer words where it has one, and an alternative of several words gives
/// its group its rarest one.
const COMMON: &[&str] = &[
    // The pieces of short forms: "it's", "I'd", "we'll", "we've", "don't",
    // "you're", "I'm".
    "s",
    "d",
    "ll",
    "ve",
    "t",
    "re",
    "m",
    "ich",
    "wir",
    "sie",
    "das",
    "die",
    "der",
    "den",
    "dem",
    "es",
    "ist",
    "war",
    "nicht",
    "kann",
    "ein",
    "eine",
    "zu",
    "und",
    "mit",
    "mein",
    "meine",
    "unser",
    "ihr",
    "ihnen",
    "so",
    "wie",
    "auf",
    "für",
    "the",
    "to",
    "be",
    "is",
    "it",
    "that",
    "this",
    "we",
    "you",
    "not",
    "can",
    "will",
    "have",
    "has",
    "was",
    "my",
    "our",
    "your",
    "and",
    "as",
    "of",
    "in",
    "on",
    "for",
    "with",
    "but",
    "just",
    "i",
    "know",
    "possible",
    "option",
    "work",
    "geht",
    "nächsten",
    "bitte",
    "sorry",
    "leider",
    "time",
    "zeit",
    "do",
    "get",
    "make",
    "machen",
    "haben",
    "hatte",
    "had",
];

/// The commonest of them, in mail of either language: between two common
/// words, the other one is the better literal. "Had you" gives its group
/// "had", which far fewer sentences hold than "you", so the group rules
/// out more of them.
const COMMONEST: &[&str] = &[
    "ich", "wir", "sie", "das", "die", "der", "und", "ist", "es", "zu", "nicht", "the", "to", "i",
    "we", "you", "it", "is", "and", "of", "in", "on", "for", "that", "this", "your", "be",
];

/// An anchor and, where the pattern spells it out, the piece of the
/// pattern's text it was read from.
type Located<'a> = (Anchor, Option<&'a str>);

/// An anchor and the byte offset in its pattern of the text it was read
/// from (`None` for a punctuation mark the pattern requires).
pub type AnchorAt = (Anchor, Option<usize>);

/// The anchors of a pattern: a set of literals at least one of which occurs
/// in every match.
pub fn anchors(pattern: &str) -> Result<Vec<Anchor>, PatternError> {
    let fail = |reason: String| error(pattern, reason);
    let elements = parse(pattern)?;
    let set = sequence_anchors(&elements)
        .ok_or_else(|| fail("has no word that every match must contain".into()))?;
    Ok(sorted_set(set))
}

/// The anchors of `located`, sorted, each once.
fn sorted_set(located: Vec<Located<'_>>) -> Vec<Anchor> {
    let mut set: Vec<Anchor> = located.into_iter().map(|(anchor, _)| anchor).collect();
    set.sort();
    set.dedup();
    set
}

/// Where `piece`, a part of `pattern`, starts in it (in bytes).
fn offset_in(pattern: &str, piece: Option<&str>) -> Option<usize> {
    piece.map(|piece| piece.as_ptr() as usize - pattern.as_ptr() as usize)
}

/// Literals every match of a pattern contains, as groups: each match
/// contains at least one literal of every group. A sentence that lacks a
/// group cannot hold a match, which is much cheaper to see than to search.
pub fn required(pattern: &str) -> Result<Vec<Vec<Anchor>>, PatternError> {
    let elements = parse(pattern)?;
    Ok(required_located(&elements)
        .into_iter()
        .map(sorted_set)
        .collect())
}

/// [`required`], each literal as often as the pattern names it and where
/// (see [`AnchorAt`]): the build script writes the groups into the
/// pattern's text this way (see `crate::packed`).
pub fn required_at(pattern: &str) -> Result<Vec<Vec<AnchorAt>>, PatternError> {
    let elements = parse(pattern)?;
    let at = |(anchor, piece): Located<'_>| (anchor, offset_in(pattern, piece));
    Ok(required_located(&elements)
        .into_iter()
        .map(|group| group.into_iter().map(at).collect())
        .collect())
}

fn required_located<'a>(elements: &[Element<'a>]) -> Vec<Vec<Located<'a>>> {
    elements
        .iter()
        .filter_map(|e| match e {
            Element::Punct(c) => Some(vec![(
                Anchor {
                    text: c.to_string(),
                    kind: AnchorKind::Mark,
                },
                None,
            )]),
            _ => element_anchors(e),
        })
        .collect()
}

/// Literals where every match of a pattern starts: the first words of its
/// first element, when that element is a plain word, a word ending
/// (`*rechner`: the match starts where its word does), or a choice of
/// sequences that each start so; an optional first part adds its first words
/// to those of what follows it. `None` when a match may start elsewhere
/// (with a gap, or a word with `*` on both sides).
pub fn start_literals(pattern: &str) -> Result<Option<Vec<Anchor>>, PatternError> {
    let elements = parse(pattern)?;
    Ok(sequence_start(&elements).map(sorted_set))
}

/// [`start_literals`] as [`required_at`] gives the groups.
pub fn start_literals_at(pattern: &str) -> Result<Option<Vec<AnchorAt>>, PatternError> {
    let elements = parse(pattern)?;
    let at = |(anchor, piece): Located<'_>| (anchor, offset_in(pattern, piece));
    Ok(sequence_start(&elements).map(|set| set.into_iter().map(at).collect()))
}

fn sequence_start<'a>(elements: &[Element<'a>]) -> Option<Vec<Located<'a>>> {
    let first = elements
        .iter()
        .position(|e| !matches!(e, Element::FocusOpen | Element::FocusClose))?;
    let word_start = |text: &'a str, kind| {
        Some(vec![(
            Anchor {
                text: text.to_string(),
                kind,
            },
            Some(text),
        )])
    };
    match &elements[first] {
        // A short form (`'s`) starts at its apostrophe.
        Element::Word { text, .. } if text.starts_with('\'') => {
            word_start(&text[..1], AnchorKind::Mark)
        }
        Element::Word {
            text,
            any_before: false,
            any_after,
        } => {
            let mut pieces = text.split(|c: char| !is_letter(c));
            let piece = pieces.next().filter(|p| !p.is_empty())?;
            let last = pieces.next().is_none();
            let kind = if last && *any_after {
                AnchorKind::Prefix
            } else {
                AnchorKind::Word
            };
            word_start(piece, kind)
        }
        Element::Word {
            text,
            any_before: true,
            any_after: false,
        } if text.chars().all(is_letter) => word_start(text, AnchorKind::Suffix),
        Element::Choice(alternatives) => {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(sequence_start(alternative)?);
            }
            Some(all)
        }
        Element::Optional(alternatives) => {
            let mut all = sequence_start(&elements[first + 1..])?;
            for alternative in alternatives {
                all.extend(sequence_start(alternative)?);
            }
            Some(all)
        }
        _ => None,
    }
}

fn anchor_quality(set: &[Located<'_>]) -> (i64, i64) {
    let worst = set
        .iter()
        .map(|(a, _)| {
            let len = a.text.chars().count() as i64;
            let text = a.text.as_str();
            match (COMMONEST.contains(&text), COMMON.contains(&text)) {
                (true, _) => len - 20,
                (false, true) => len - 10,
                (false, false) => len,
            }
        })
        .min()
        .unwrap_or(i64::MIN);
    (worst, -(set.len() as i64))
}

/// The best anchor set of a sequence: from the required element whose
/// weakest literal is the strongest.
fn sequence_anchors<'a>(elements: &[Element<'a>]) -> Option<Vec<Located<'a>>> {
    elements
        .iter()
        .filter_map(element_anchors)
        .max_by_key(|set| anchor_quality(set))
}

fn element_anchors<'a>(element: &Element<'a>) -> Option<Vec<Located<'a>>> {
    match element {
        Element::Word {
            text,
            any_before,
            any_after,
        } => {
            let pieces: Vec<&str> = text.split(|c: char| !is_letter(c)).collect();
            let last = pieces.len() - 1;
            pieces
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .filter_map(|(i, piece)| {
                    let kind = match (i == 0 && *any_before, i == last && *any_after) {
                        (false, false) => AnchorKind::Word,
                        (false, true) => AnchorKind::Prefix,
                        (true, false) => AnchorKind::Suffix,
                        (true, true) => return None,
                    };
                    Some(vec![(
                        Anchor {
                            text: piece.to_string(),
                            kind,
                        },
                        Some(*piece),
                    )])
                })
                .max_by_key(|set| anchor_quality(set))
        }
        Element::Choice(alternatives) => {
            let mut all = Vec::new();
            for alternative in alternatives {
                all.extend(sequence_anchors(alternative)?);
            }
            Some(all)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor_texts(pattern: &str) -> Vec<String> {
        anchors(pattern)
            .unwrap()
            .into_iter()
            .map(|a| a.text)
            .collect()
    }

    #[test]
    fn anchors_are_the_rarest_required_words() {
        assert_eq!(anchor_texts("das klappt [leider] nicht"), ["klappt"]);
        assert_eq!(
            anchor_texts("(kann|können) ...2 (helfen|unterstützen)"),
            ["helfen", "unterstützen"]
        );
        assert_eq!(
            anchor_texts("(that's|that is) (not possible|impossible)"),
            ["impossible", "possible"]
        );
        let a = anchors("mein pc (kaputt*|streikt)").unwrap();
        assert!(a.contains(&Anchor {
            text: "kaputt".into(),
            kind: AnchorKind::Prefix
        }));
        assert!(a.contains(&Anchor {
            text: "streikt".into(),
            kind: AnchorKind::Word
        }));
        assert_eq!(anchors("*rechner").unwrap()[0].kind, AnchorKind::Suffix);
    }

    #[test]
    fn an_alternative_gives_its_group_its_rarest_word() {
        let groups = required("(if you had|had you) [only] read").unwrap();
        let texts: Vec<Vec<&str>> = (groups.iter())
            .map(|group| group.iter().map(|a| a.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["had", "if"], vec!["read"]]);
    }

    #[test]
    fn start_literals_only_where_every_match_starts_there() {
        let texts = |pattern: &str| {
            start_literals(pattern)
                .unwrap()
                .map(|set| set.into_iter().map(|a| a.text).collect::<Vec<_>>())
        };
        assert_eq!(texts("das geht nicht"), Some(vec!["das".to_string()]));
        assert_eq!(
            texts("<(ich|wir werden)> ...2 versuchen"),
            Some(vec!["ich".to_string(), "wir".to_string()])
        );
        assert_eq!(texts("e-mail* senden"), Some(vec!["e".to_string()]));
        assert_eq!(
            texts("[leider] geht nicht"),
            Some(vec!["geht".to_string(), "leider".to_string()])
        );
        assert_eq!(texts("*rechner kaputt"), Some(vec!["rechner".to_string()]));
        assert_eq!(
            texts("(ich|[sehr] gern) helfe"),
            Some(vec![
                "gern".to_string(),
                "ich".to_string(),
                "sehr".to_string()
            ])
        );
        assert_eq!(texts("...2 nicht"), None);
        assert_eq!(texts("*e-mail kaputt"), None);
        assert_eq!(texts("*rechner* kaputt"), None);
        assert_eq!(texts("[sehr] ...2 gern"), None);
        let prefix = start_literals("kaputt* gegangen").unwrap().unwrap();
        assert_eq!(prefix[0].kind, AnchorKind::Prefix);
    }
}
