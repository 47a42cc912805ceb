//! Finds the literals of a rule set in folded text, in one pass.
//!
//! Every literal a pattern requires is a whole word, the start or the end of
//! a word, or a punctuation mark (see [`crate::pattern::AnchorKind`]). So
//! the text is read word by word: each run of letters walks a trie of the
//! words and word starts from its first byte and a trie of the word endings
//! from its last. A walk stops at the first byte no literal continues with,
//! usually after two or three bytes. Setting the tries up takes a fraction
//! of a millisecond, so a rule set is ready almost at once.

use crate::pattern::AnchorKind;
use crate::program::is_letter;

/// A literal found in the text: its id and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub literal: usize,
    pub start: usize,
    pub end: usize,
}

/// A byte trie. Node 0 is the root.
struct Trie {
    /// Outgoing edges of each node, sorted by byte.
    edges: Vec<Vec<(u8, u32)>>,
    /// Literals that end at each node: (id, whole word only).
    ends: Vec<Vec<(usize, bool)>>,
    /// The root's edges as a table (0: none): every word starts there.
    root: [u32; 256],
}

impl Trie {
    fn new() -> Trie {
        Trie {
            edges: vec![Vec::new()],
            ends: vec![Vec::new()],
            root: [0; 256],
        }
    }

    /// Fills the root table; called once all literals are in.
    fn seal(&mut self) {
        for &(b, child) in &self.edges[0] {
            self.root[usize::from(b)] = child;
        }
    }

    fn insert(&mut self, bytes: impl Iterator<Item = u8>, literal: usize, whole: bool) {
        let mut node = 0;
        for b in bytes {
            node = match self.edges[node].binary_search_by_key(&b, |&(e, _)| e) {
                Ok(at) => self.edges[node][at].1 as usize,
                Err(at) => {
                    let child = self.edges.len();
                    self.edges[node].insert(at, (b, child as u32));
                    self.edges.push(Vec::new());
                    self.ends.push(Vec::new());
                    child
                }
            };
        }
        self.ends[node].push((literal, whole));
    }

    /// Walks `bytes` from the root and calls `found(literal, depth)` for
    /// every literal that ends on the way (whole-word literals only after
    /// the last byte).
    fn walk(
        &self,
        bytes: impl Iterator<Item = u8>,
        len: usize,
        mut found: impl FnMut(usize, usize),
    ) {
        let mut node = 0;
        for (depth, b) in bytes.enumerate() {
            node = if depth == 0 {
                self.root[usize::from(b)] as usize
            } else {
                let edges = &self.edges[node];
                match edges.iter().find(|&&(e, _)| e == b) {
                    Some(&(_, child)) => child as usize,
                    None => 0,
                }
            };
            if node == 0 {
                return;
            }
            for &(literal, whole) in &self.ends[node] {
                if !whole || depth + 1 == len {
                    found(literal, depth + 1);
                }
            }
        }
    }
}

/// The literals of one rule set.
pub struct Literals {
    /// Words and word starts, read forwards.
    starts: Trie,
    /// Word endings, read backwards.
    endings: Trie,
    /// Punctuation marks (ASCII) and their literal ids.
    marks: Vec<(u8, usize)>,
}

impl Literals {
    /// Sets up the literals; a literal's id is its index in `literals`.
    pub fn new(literals: &[(&str, AnchorKind)]) -> Literals {
        let mut set = Literals {
            starts: Trie::new(),
            endings: Trie::new(),
            marks: Vec::new(),
        };
        for (id, &(text, kind)) in literals.iter().enumerate() {
            let bytes = text.bytes();
            match kind {
                AnchorKind::Word => set.starts.insert(bytes, id, true),
                AnchorKind::Prefix => set.starts.insert(bytes, id, false),
                AnchorKind::Suffix => set.endings.insert(bytes.rev(), id, false),
                AnchorKind::Mark => {
                    let mark = *text.as_bytes().first().expect("marks are one byte");
                    set.marks.push((mark, id));
                }
            }
        }
        set.starts.seal();
        set.endings.seal();
        set
    }

    /// Calls `found` for every literal in folded `text`, in order of position.
    pub fn find(&self, text: &str, mut found: impl FnMut(Hit)) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if !is_letter(bytes[at]) {
                for &(mark, literal) in &self.marks {
                    if mark == bytes[at] {
                        found(Hit {
                            literal,
                            start: at,
                            end: at + 1,
                        });
                    }
                }
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && is_letter(bytes[at]) {
                at += 1;
            }
            let word = &bytes[start..at];
            self.starts
                .walk(word.iter().copied(), word.len(), |literal, len| {
                    found(Hit {
                        literal,
                        start,
                        end: start + len,
                    })
                });
            let end = at;
            self.endings
                .walk(word.iter().rev().copied(), word.len(), |literal, len| {
                    found(Hit {
                        literal,
                        start: end - len,
                        end,
                    })
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(literals: &[(&str, AnchorKind)], text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        Literals::new(literals).find(text, |hit| {
            out.push((text[hit.start..hit.end].to_string(), hit.literal))
        });
        out
    }

    #[test]
    fn words_match_whole_words_only() {
        let found = hits(
            &[("geht", AnchorKind::Word)],
            "das geht, ausgeht gehts geht",
        );
        assert_eq!(found, [("geht".to_string(), 0), ("geht".to_string(), 0)]);
    }

    #[test]
    fn starts_endings_and_marks() {
        let literals = [
            ("kaputt", AnchorKind::Prefix),
            ("rechner", AnchorKind::Suffix),
            ("?", AnchorKind::Mark),
        ];
        let found = hits(&literals, "kaputtgegangen, der laptoprechner? ja");
        assert_eq!(
            found,
            [
                ("kaputt".to_string(), 0),
                ("rechner".to_string(), 1),
                ("?".to_string(), 2)
            ]
        );
    }

    #[test]
    fn one_word_can_hold_several_literals() {
        let literals = [
            ("nicht", AnchorKind::Word),
            ("nich", AnchorKind::Prefix),
            ("cht", AnchorKind::Suffix),
        ];
        let found = hits(&literals, "nicht");
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn non_ascii_letters_belong_to_words() {
        let literals = [("für", AnchorKind::Word), ("ändern", AnchorKind::Word)];
        let found = hits(&literals, "für uns ändern, fürs");
        assert_eq!(found, [("für".to_string(), 0), ("ändern".to_string(), 1)]);
    }
}
