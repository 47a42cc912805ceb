//! Finds the literals of a rule set in folded text, in one pass.
//!
//! Every literal a pattern requires is a whole word, the start or the end of
//! a word, or a punctuation mark (see [`crate::pattern::AnchorKind`]). So
//! the text is read word by word: each run of letters is hashed as it is
//! read and looked up among the whole words, and walks a trie of the word
//! starts from its first byte and one of the word endings from its last. A
//! walk stops at the first byte no literal continues with, mostly at once.
//! The build script sets the tables up, so a rule set is ready without any
//! work.

use crate::pattern::AnchorKind;
use crate::program::is_letter;
use std::borrow::Cow;

/// A literal found in the text: its id and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub literal: usize,
    pub start: usize,
    pub end: usize,
}

/// No literal ends at a node: an entry of [`Trie::first_end`].
const NO_END: u16 = u16::MAX;

/// A byte trie, sealed into flat tables of 16-bit numbers: small enough to
/// ship in the WebAssembly module. Nodes are numbered breadth first, so
/// node 0 is the root, nodes `1..=k` are its children, and the edges listed
/// node by node lead to nodes 1, 2, 3, …: edge `i` to node `i + 1`. A child
/// of 0 means no edge.
#[derive(Debug, PartialEq)]
pub struct Trie {
    /// The root's edges as a table: every word starts there.
    pub(crate) root: [u16; 256],
    /// The edges of the root's children as tables too, child `c` at
    /// `(c - 1) * 256`: the first two bytes of a word, where nodes have the
    /// most edges, take one lookup each.
    pub(crate) second: Cow<'static, [u16]>,
    /// Deeper edges: the bytes of node `n`'s are
    /// `edge_bytes[edge_start[n]..edge_start[n + 1]]`.
    pub(crate) edge_start: Cow<'static, [u16]>,
    pub(crate) edge_bytes: Cow<'static, [u8]>,
    /// The literals that end at node `n` start at `ends[first_end[n]]`, or
    /// `first_end[n]` is [`NO_END`]. Each entry is `id << 1 | last of the
    /// node`: most nodes end no literal, so one lookup tells.
    pub(crate) first_end: Cow<'static, [u16]>,
    pub(crate) ends: Cow<'static, [u16]>,
    /// The length of the shortest literal at or below node `n` (at most
    /// 255): a word shorter than that holds none of them. Short words are
    /// the commonest and share their first two bytes with many a long word
    /// start ("da" with "daten…"), so their walks mostly end here.
    pub(crate) shortest: Cow<'static, [u8]>,
}

/// A trie while literals go in: one list of edges and of literals per node.
struct TrieBuilder {
    edges: Vec<Vec<(u8, usize)>>,
    ends: Vec<Vec<u16>>,
}

impl TrieBuilder {
    fn new() -> TrieBuilder {
        TrieBuilder {
            edges: vec![Vec::new()],
            ends: vec![Vec::new()],
        }
    }

    fn insert(&mut self, bytes: impl Iterator<Item = u8>, literal: usize) {
        let mut node = 0;
        for b in bytes {
            node = match self.edges[node].binary_search_by_key(&b, |&(e, _)| e) {
                Ok(at) => self.edges[node][at].1,
                Err(at) => {
                    let child = self.edges.len();
                    self.edges[node].insert(at, (b, child));
                    self.edges.push(Vec::new());
                    self.ends.push(Vec::new());
                    child
                }
            };
        }
        let end = u16::try_from(literal << 1).expect("under 32,768 literals");
        self.ends[node].push(end);
    }

    /// The flat tables, once all literals are in.
    fn seal(self) -> Trie {
        // u16::MAX is NO_END.
        let small = |n: usize| match u16::try_from(n) {
            Ok(n) if n < NO_END => n,
            _ => panic!("a trie holds under 65,535 nodes and literals"),
        };
        // Breadth-first numbering puts the root's children first.
        let mut order = vec![0];
        let mut number = vec![0u16; self.edges.len()];
        let mut depth = vec![0u8; self.edges.len()];
        let mut next = 0;
        while next < order.len() {
            let parent = order[next];
            for &(_, child) in &self.edges[parent] {
                number[child] = small(order.len());
                depth[child] = depth[parent].saturating_add(1);
                order.push(child);
            }
            next += 1;
        }
        let mut root = [0; 256];
        let mut second = vec![0; self.edges[0].len() * 256];
        for &(b, child) in &self.edges[0] {
            root[usize::from(b)] = number[child];
            let table = (usize::from(number[child]) - 1) * 256;
            for &(b, grandchild) in &self.edges[child] {
                second[table + usize::from(b)] = number[grandchild];
            }
        }
        let (mut edge_start, mut edge_bytes) = (vec![0], Vec::new());
        let (mut first_end, mut ends) = (Vec::new(), Vec::new());
        // Children come after their parents in `order`, so walking it
        // backwards sees every node's subtree before the node.
        let mut shortest_at = vec![u8::MAX; self.edges.len()];
        for &node in order.iter().rev() {
            let below = self.edges[node]
                .iter()
                .map(|&(_, child)| shortest_at[child]);
            let here = match self.ends[node].is_empty() {
                true => u8::MAX,
                false => depth[node],
            };
            shortest_at[node] = below.fold(here, u8::min);
        }
        let shortest = order.iter().map(|&node| shortest_at[node]).collect();
        for &node in &order {
            edge_bytes.extend(self.edges[node].iter().map(|&(b, _)| b));
            edge_start.push(small(edge_bytes.len()));
            match self.ends[node].split_last() {
                Some((&last, others)) => {
                    first_end.push(small(ends.len()));
                    ends.extend(others);
                    ends.push(last | 1);
                }
                None => first_end.push(NO_END),
            }
        }
        Trie {
            root,
            second: Cow::Owned(second),
            edge_start: Cow::Owned(edge_start),
            edge_bytes: Cow::Owned(edge_bytes),
            first_end: Cow::Owned(first_end),
            ends: Cow::Owned(ends),
            shortest: Cow::Owned(shortest),
        }
    }
}

/// Where a walk stands after a word's first two bytes (see [`Trie::enter`]).
#[derive(Clone, Copy)]
struct Entered {
    /// The node of the first byte.
    first: usize,
    /// The node of the first two, or 0 when no literal starts with them
    /// that fits in the word.
    second: usize,
}

impl Trie {
    /// The tables as plain slices, for one pass over a text.
    fn view(&self) -> TrieView<'_> {
        TrieView {
            root: &self.root,
            second: &self.second,
            edge_start: &self.edge_start,
            edge_bytes: &self.edge_bytes,
            first_end: &self.first_end,
            ends: &self.ends,
            shortest: &self.shortest,
        }
    }
}

/// A [`Trie`]'s tables as plain slices: a pass reads them for every word,
/// and a `Cow` would tell which kind it is at each read.
#[derive(Clone, Copy)]
struct TrieView<'t> {
    root: &'t [u16; 256],
    second: &'t [u16],
    edge_start: &'t [u16],
    edge_bytes: &'t [u8],
    first_end: &'t [u16],
    ends: &'t [u16],
    shortest: &'t [u8],
}

impl TrieView<'_> {
    /// Where a walk of the word read through `byte_at` (`len` bytes, at
    /// least one) stands after its first two bytes, when it can find a
    /// literal: some literal starts with those two bytes, or is the first.
    /// Most words are told here, by two lookups.
    #[inline(always)]
    fn enter(&self, len: usize, byte_at: impl Fn(usize) -> u8) -> Option<Entered> {
        let first = usize::from(self.root[usize::from(byte_at(0))]);
        if first == 0 {
            return None;
        }
        let second = match len {
            1 => 0,
            _ => match usize::from(self.second[(first - 1) * 256 + usize::from(byte_at(1))]) {
                // Every literal that starts with the two bytes is longer.
                node if usize::from(self.shortest[node]) > len => 0,
                node => node,
            },
        };
        (second != 0 || self.first_end[first] != NO_END).then_some(Entered { first, second })
    }

    /// Walks on from where [`Trie::enter`] left a word of `len` bytes,
    /// read through `byte_at`, and calls `found(literal, depth)` for every
    /// literal that ends on the way.
    fn walk(
        &self,
        len: usize,
        byte_at: impl Fn(usize) -> u8,
        entered: Entered,
        mut found: impl FnMut(usize, usize),
    ) {
        let (first_end, ends) = (self.first_end, self.ends);
        let (edge_start, edge_bytes) = (self.edge_start, self.edge_bytes);
        let mut ends_at = |node: usize, depth: usize| {
            let mut at = first_end[node];
            while at != NO_END {
                let end = ends[usize::from(at)];
                found(usize::from(end >> 1), depth);
                at = if end & 1 == 0 { at + 1 } else { NO_END };
            }
        };
        ends_at(entered.first, 1);
        let mut node = entered.second;
        if node == 0 {
            return;
        }
        ends_at(node, 2);
        for depth in 2..len {
            let b = byte_at(depth);
            let out = usize::from(edge_start[node])..usize::from(edge_start[node + 1]);
            node = match edge_bytes[out.clone()].iter().position(|&e| e == b) {
                Some(i) => out.start + i + 1,
                None => return,
            };
            ends_at(node, depth + 1);
        }
    }
}

/// The hash of a word, fed byte by byte while the word is read (FNV-1a).
#[derive(Clone, Copy)]
pub(crate) struct WordHash(u32);

impl WordHash {
    const fn new() -> WordHash {
        WordHash(0x811c_9dc5)
    }

    #[inline(always)]
    const fn add(self, b: u8) -> WordHash {
        WordHash((self.0 ^ b as u32).wrapping_mul(0x0100_0193))
    }

    /// The bits mixed, so that both the slot (low bits) and the fingerprint
    /// (high bits) depend on every byte.
    const fn finish(self) -> u32 {
        let mut h = self.0;
        h ^= h >> 15;
        h = h.wrapping_mul(0x2c1b_3c6d);
        h ^ h >> 12
    }

    pub(crate) const fn of(word: &[u8]) -> u32 {
        let mut h = WordHash::new();
        let mut i = 0;
        while i < word.len() {
            h = h.add(word[i]);
            i += 1;
        }
        h.finish()
    }
}

/// An empty slot of [`WordTable::slots`].
const EMPTY_SLOT: u32 = u32::MAX;

/// The whole-word literals by the hash of their bytes, in open addressing.
/// A slot holds a word's fingerprint (the high 16 bits of its hash) and its
/// id. Only fingerprints are kept, not the words: a word that merely shares
/// its slot and fingerprint with a literal (about one in 65,536 of those
/// that land on a taken slot) counts as a hit, which costs a search that
/// then finds nothing there, since every search compares the bytes.
#[derive(Debug, PartialEq)]
pub struct WordTable {
    /// `fingerprint << 16 | id`, or [`EMPTY_SLOT`]; a power of two long.
    pub(crate) slots: Box<[u32]>,
}

impl WordTable {
    pub(crate) fn new(words: &[(&[u8], usize)]) -> WordTable {
        // At most half full: a word that is no literal is told after a
        // probe or two.
        let len = (words.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![EMPTY_SLOT; len];
        for &(word, id) in words {
            let id = u16::try_from(id).ok().filter(|&id| id < u16::MAX);
            let id = id.expect("under 65,535 literals");
            let hash = WordHash::of(word);
            let mut slot = hash as usize & (len - 1);
            while slots[slot] != EMPTY_SLOT {
                slot = (slot + 1) & (len - 1);
            }
            slots[slot] = hash >> 16 << 16 | u32::from(id);
        }
        WordTable {
            slots: slots.into(),
        }
    }

    /// The literal whose word hashes to `hash`, if any, among `slots`
    /// (the table's, as a plain slice).
    #[inline(always)]
    fn get(slots: &[u32], hash: u32) -> Option<usize> {
        let mask = slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let entry = slots[slot];
            if entry == EMPTY_SLOT {
                return None;
            }
            if entry >> 16 == hash >> 16 {
                return Some((entry & 0xffff) as usize);
            }
            slot = (slot + 1) & mask;
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

/// The literals of one rule set. The build script sets up each language's
/// tries and writes them as static tables; the word table is built when
/// the language's rules first are (see [`crate::rule::literal_set`]).
#[derive(Debug, PartialEq)]
pub struct Literals {
    /// Whole words.
    pub(crate) words: WordTable,
    /// Word starts, read forwards.
    pub(crate) starts: Trie,
    /// Word endings, read backwards.
    pub(crate) endings: Trie,
    /// The literal id of each punctuation mark (ASCII), or [`NO_MARK`].
    pub(crate) marks: [u32; 256],
}

impl Literals {
    /// Sets up the literals; a literal's id is its index in `literals`.
    pub fn new(literals: &[(&str, AnchorKind)]) -> Literals {
        let mut starts = TrieBuilder::new();
        let mut endings = TrieBuilder::new();
        let mut marks = [NO_MARK; 256];
        for (id, &(text, kind)) in literals.iter().enumerate() {
            let bytes = text.bytes();
            match kind {
                AnchorKind::Word => {}
                AnchorKind::Prefix => starts.insert(bytes, id),
                AnchorKind::Suffix => endings.insert(bytes.rev(), id),
                AnchorKind::Mark => {
                    let mark = *text.as_bytes().first().expect("marks are one byte");
                    marks[usize::from(mark)] = id as u32;
                }
            }
        }
        Literals::with_tries(literals, starts.seal(), endings.seal(), marks)
    }

    /// The literals with the tries and marks the build script set up from
    /// them: only the table of whole words is built here. Its fingerprints
    /// would not compress in the module; the tries are small and costly to
    /// build.
    pub fn with_tries(
        literals: &[(&str, AnchorKind)],
        starts: Trie,
        endings: Trie,
        marks: [u32; 256],
    ) -> Literals {
        // Most literals are words: room for all spares growing the list.
        let mut words: Vec<(&[u8], usize)> = Vec::with_capacity(literals.len());
        words.extend(
            (literals.iter().enumerate())
                .filter(|(_, &(_, kind))| kind == AnchorKind::Word)
                .map(|(id, &(text, _))| (text.as_bytes(), id)),
        );
        Literals {
            words: WordTable::new(&words),
            starts,
            endings,
            marks,
        }
    }

    /// Calls `found` for every literal in folded `text`, in order of position
    /// (of the hit's start).
    pub fn find(&self, text: &str, mut found: impl FnMut(Hit)) {
        let bytes = text.as_bytes();
        let (words, starts, endings_trie): (&[u32], _, _) =
            (&self.words.slots, self.starts.view(), self.endings.view());
        // A word's endings, found shortest first.
        let mut endings: Vec<(usize, usize)> = Vec::new();
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
            let mut hash = WordHash::new();
            while at < bytes.len() && LETTERS[usize::from(bytes[at])] {
                hash = hash.add(bytes[at]);
                at += 1;
            }
            let (word, end) = (&bytes[start..at], at);
            let last = word.len() - 1;
            if let Some(literal) = WordTable::get(words, hash.finish()) {
                found(Hit {
                    literal,
                    start,
                    end,
                });
            }
            // Most words start with two bytes no literal starts with, and
            // end with two no literal ends with: told by the first two
            // tables, before a walk is set up.
            if let Some(entered) = starts.enter(word.len(), |i| word[i]) {
                starts.walk(
                    word.len(),
                    |i| word[i],
                    entered,
                    |literal, len| {
                        found(Hit {
                            literal,
                            start,
                            end: start + len,
                        })
                    },
                );
            }
            if let Some(entered) = endings_trie.enter(word.len(), |i| word[last - i]) {
                // The shortest ending starts last: they are handed on longest first.
                endings.clear();
                endings_trie.walk(
                    word.len(),
                    |i| word[last - i],
                    entered,
                    |literal, len| endings.push((literal, len)),
                );
                for &(literal, len) in endings.iter().rev() {
                    found(Hit {
                        literal,
                        start: end - len,
                        end,
                    });
                }
            }
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
    fn hits_come_in_order_of_position() {
        let literals = [
            ("ung", AnchorKind::Suffix),
            ("rechnung", AnchorKind::Suffix),
            ("ab", AnchorKind::Prefix),
            ("abrechnung", AnchorKind::Word),
        ];
        let text = "die abrechnung.";
        let mut starts = Vec::new();
        Literals::new(&literals).find(text, |hit| starts.push((hit.start, hit.literal)));
        // The whole word, then its start, its endings longest first.
        assert_eq!(starts, [(4, 3), (4, 2), (6, 1), (11, 0)]);
    }

    #[test]
    fn a_word_is_no_literal_for_sharing_a_prefix_or_length() {
        let literals = [("geht", AnchorKind::Word), ("nicht", AnchorKind::Word)];
        let found = hits(&literals, "gehts geh gehtnicht nich nichts nicht");
        assert_eq!(found, [("nicht".to_string(), 1)]);
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
    fn the_built_in_tables_are_the_rule_sets() {
        for lang in [crate::Lang::De, crate::Lang::En] {
            let fresh = Literals::new(crate::rule::literals(lang));
            assert!(fresh == *crate::rule::literal_set(lang), "{lang:?}");
        }
    }

    #[test]
    fn starts_and_endings_of_one_byte() {
        let literals = [("x", AnchorKind::Prefix), ("y", AnchorKind::Suffix)];
        let found = hits(&literals, "xa ay x y xy");
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["x", "y", "x", "y", "x", "y"]);
    }

    #[test]
    fn a_walk_finds_literals_at_every_depth() {
        let literals = [
            ("a", AnchorKind::Prefix),
            ("ab", AnchorKind::Prefix),
            ("abc", AnchorKind::Prefix),
            ("abcde", AnchorKind::Prefix),
            ("e", AnchorKind::Suffix),
            ("de", AnchorKind::Suffix),
            ("cde", AnchorKind::Suffix),
            ("bcde", AnchorKind::Suffix),
        ];
        let found = hits(&literals, "abcde abd ab");
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["a", "ab", "abc", "abcde", "bcde", "cde", "de", "e", "a", "ab", "a", "ab"]
        );
    }

    #[test]
    fn a_word_shorter_than_every_literal_it_starts_like_is_not_walked() {
        let literals = [
            ("daten", AnchorKind::Prefix),
            ("dazwischen", AnchorKind::Prefix),
            ("rechner", AnchorKind::Suffix),
        ];
        let set = Literals::new(&literals);
        // Word starts are walked forwards, endings backwards.
        let forwards = |word: &str| {
            let b = word.as_bytes();
            set.starts.view().enter(b.len(), |i| b[i]).is_some()
        };
        let backwards = |word: &str| {
            let b = word.as_bytes();
            set.endings
                .view()
                .enter(b.len(), |i| b[b.len() - 1 - i])
                .is_some()
        };
        assert!(!forwards("das") && !forwards("dass"));
        assert!(forwards("daten") && forwards("datenbank"));
        assert!(!backwards("ner") && !backwards("hner"));
        assert!(backwards("rechner") && backwards("laptoprechner"));
        // Whatever is not walked holds no literal.
        let found = hits(&literals, "das daten dazu dazwischen rechner ner");
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["daten", "dazwischen", "rechner"]);
    }

    #[test]
    fn non_ascii_letters_belong_to_words() {
        let literals = [("für", AnchorKind::Word), ("ändern", AnchorKind::Word)];
        let found = hits(&literals, "für uns ändern, fürs");
        assert_eq!(found, [("für".to_string(), 0), ("ändern".to_string(), 1)]);
    }
}
