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
    /// The edges of the root's children as tables too, 256 entries per
    /// child, at `second[child] * 256`: the first two bytes of a word,
    /// where nodes have the most edges, take one lookup each.
    second: Vec<u32>,
    tables: Vec<u32>,
}

impl Trie {
    fn new() -> Trie {
        Trie {
            edges: vec![Vec::new()],
            ends: vec![Vec::new()],
            root: [0; 256],
            second: Vec::new(),
            tables: Vec::new(),
        }
    }

    /// Fills the tables; called once all literals are in.
    fn seal(&mut self) {
        self.second = vec![0; self.edges.len()];
        for (slot, &(b, child)) in self.edges[0].iter().enumerate() {
            self.root[usize::from(b)] = child;
            self.second[child as usize] = slot as u32;
            self.tables.extend([0; 256]);
            for &(b, grandchild) in &self.edges[child as usize] {
                self.tables[slot * 256 + usize::from(b)] = grandchild;
            }
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

    /// Walks a word of `len` bytes, read through `byte_at`, from the root
    /// and calls `found(literal, depth)` for every literal that ends on the
    /// way (whole-word literals only after the last byte).
    fn walk(&self, len: usize, byte_at: impl Fn(usize) -> u8, mut found: impl FnMut(usize, usize)) {
        let mut node = 0;
        for depth in 0..len {
            let b = usize::from(byte_at(depth));
            node = match depth {
                0 => self.root[b] as usize,
                1 => self.tables[self.second[node] as usize * 256 + b] as usize,
                _ => match self.edges[node].iter().find(|&&(e, _)| usize::from(e) == b) {
                    Some(&(_, child)) => child as usize,
                    None => 0,
                },
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

/// No literal: an empty entry of [`Literals::marks`].
const NO_MARK: u32 = u32::MAX;

/// [`is_letter`] as a table: the text is read byte by byte.
const LETTERS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_letter(b as u8);
        b += 1;
    }
    table
};

/// The literals of one rule set.
pub struct Literals {
    /// Words and word starts, read forwards.
    starts: Trie,
    /// Word endings, read backwards.
    endings: Trie,
    /// The literal id of each punctuation mark (ASCII), or [`NO_MARK`].
    marks: [u32; 256],
}

impl Literals {
    /// Sets up the literals; a literal's id is its index in `literals`.
    pub fn new(literals: &[(&str, AnchorKind)]) -> Literals {
        let mut set = Literals {
            starts: Trie::new(),
            endings: Trie::new(),
            marks: [NO_MARK; 256],
        };
        for (id, &(text, kind)) in literals.iter().enumerate() {
            let bytes = text.bytes();
            match kind {
                AnchorKind::Word => set.starts.insert(bytes, id, true),
                AnchorKind::Prefix => set.starts.insert(bytes, id, false),
                AnchorKind::Suffix => set.endings.insert(bytes.rev(), id, false),
                AnchorKind::Mark => {
                    let mark = *text.as_bytes().first().expect("marks are one byte");
                    set.marks[usize::from(mark)] = id as u32;
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
            if !LETTERS[usize::from(bytes[at])] {
                let literal = self.marks[usize::from(bytes[at])];
                if literal != NO_MARK {
                    found(Hit {
                        literal: literal as usize,
                        start: at,
                        end: at + 1,
                    });
                }
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && LETTERS[usize::from(bytes[at])] {
                at += 1;
            }
            let (word, end) = (&bytes[start..at], at);
            let last = word.len() - 1;
            self.starts.walk(
                word.len(),
                |i| word[i],
                |literal, len| {
                    found(Hit {
                        literal,
                        start,
                        end: start + len,
                    })
                },
            );
            self.endings.walk(
                word.len(),
                |i| word[last - i],
                |literal, len| {
                    found(Hit {
                        literal,
                        start: end - len,
                        end,
                    })
                },
            );
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
