//! The rule registry: every rule Takt knows, compiled from `crate/rules/**/*.toml`
//! by the build script into static data.

use crate::literals::{Literals, Trie};
use crate::packed;
pub use crate::pattern::AnchorKind;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

/// A mail language Takt understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}

/// A value for each language, made the first time it is asked for.
pub(crate) struct PerLang<T>([OnceLock<T>; 2]);

impl<T> PerLang<T> {
    pub(crate) const fn new() -> PerLang<T> {
        PerLang([OnceLock::new(), OnceLock::new()])
    }

    /// The value for `lang`, made by `make` the first time.
    pub(crate) fn get(&self, lang: Lang, make: impl FnOnce() -> T) -> &T {
        self.0[lang as usize].get_or_init(make)
    }
}

/// What kind of harm a phrase does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Refusal,
    Excuse,
    Manipulation,
    Blame,
    Vague,
    Address,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Refusal,
        Category::Excuse,
        Category::Manipulation,
        Category::Blame,
        Category::Vague,
        Category::Address,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Refusal => "refusal",
            Category::Excuse => "excuse",
            Category::Manipulation => "manipulation",
            Category::Blame => "blame",
            Category::Vague => "vague",
            Category::Address => "address",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Costs the customer's trust.
    Warning,
    /// Worth a second look.
    Hint,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// What a suggestion replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// The flagged phrase itself.
    Match,
    /// The whole sentence around it, without its final punctuation.
    Sentence,
}

/// One rule, as written in its TOML file, with its patterns compiled.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub lang: Lang,
    pub category: Category,
    pub severity: Severity,
    pub message: &'static str,
    /// The numbers of the rule's patterns in its language's [`Pool`].
    patterns: Range<u16>,
    /// The same of its `unless` patterns.
    unless: Range<u16>,
    pub replace: Replace,
    pub suggestions: &'static [&'static str],
    /// The example the extension's settings show: the first of
    /// [`RuleDocs::examples`].
    pub example: &'static str,
}

impl Rule {
    /// The rule's patterns.
    pub fn patterns(&self) -> impl ExactSizeIterator<Item = Pattern> {
        let pool = pool(self.lang);
        self.patterns.clone().map(|n| pool.pattern(n))
    }

    /// The patterns that, found in the same sentence, cancel a finding.
    pub fn unless(&self) -> impl ExactSizeIterator<Item = Pattern> {
        let pool = pool(self.lang);
        self.unless.clone().map(|n| pool.pattern(n))
    }
}

/// A rule pattern as written, checked by the build script, with the
/// literals it derived from it (as ids into [`literals`] of the rule's
/// language). The matcher compiles it on first use.
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    pub source: Source,
    /// Groups of literals: every match contains one literal of each group,
    /// in the groups' order.
    pub required: Groups,
    /// Which group of `required` the matcher looks for first: the build
    /// script chooses a group of words whose hits are few in most mails.
    pub anchor: usize,
    /// Literals at whose start every match starts, where the pattern says
    /// so: the search then only tries those places.
    pub starts: Option<&'static [LiteralId]>,
}

/// A pattern's text as the module holds it: its words numbered (see
/// [`crate::packed`]), written out when the pattern is compiled or shown.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    numbered: &'static [u8],
    words: &'static [&'static str],
}

impl Source {
    pub fn text(self) -> String {
        packed::words_written_out(self.numbered, self.words)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A pattern's groups of literals, each a set of literal ids (each once,
/// in the order the pattern's text marks them).
#[derive(Debug, Clone, Copy)]
pub struct Groups {
    pool: &'static Pool,
    /// The pattern's first group in the pool.
    first: u32,
    len: u32,
}

impl Groups {
    pub fn len(self) -> usize {
        self.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// Group `i`.
    pub fn get(self, i: usize) -> &'static [LiteralId] {
        debug_assert!(i < self.len());
        self.pool.group(self.first as usize + i)
    }

    pub fn iter(self) -> impl ExactSizeIterator<Item = &'static [LiteralId]> {
        let first = self.first as usize;
        (first..first + self.len()).map(move |g| self.pool.group(g))
    }
}

/// The patterns of one language: their texts, and their groups, anchors
/// and start literals. The texts mark the literals of the groups and those
/// a match starts with (see [`crate::packed::Marks`]), read once, on first
/// use; the anchors are packed numbers.
#[derive(Debug)]
pub struct Pool {
    /// The patterns' texts, their words numbered and their literals
    /// marked; `derived.source_bounds` tells where each one lies.
    sources: &'static [u8],
    words: &'static [&'static str],
    derived: packed::Derived,
    /// Each pattern's [`Pattern::anchor`].
    anchors: Vec<u8>,
}

impl Pool {
    /// Unpacks what the build script wrote: the patterns' `sources` with
    /// their `words` numbered, and the numbers its `Pool::packed` wrote.
    fn unpack(sources: &'static [u8], words: &'static [&'static str], packed: &[u8]) -> Pool {
        let mut read = packed::Reader::new(packed);
        let patterns = read.number() as usize;
        let groups = read.number() as usize;
        let ids = read.number() as usize;
        let starts = read.number() as usize;
        let anchors = (0..patterns).map(|_| read.number() as u8).collect();
        debug_assert!(read.is_done());
        Pool {
            sources,
            words,
            derived: packed::Derived::read(sources, patterns, groups, ids, starts),
            anchors,
        }
    }

    fn pattern(&'static self, n: u16) -> Pattern {
        let n = usize::from(n);
        let d = &self.derived;
        let span = |bounds: &[u32]| bounds[n] as usize..bounds[n + 1] as usize;
        let starts = &d.start_ids[span(&d.start_bounds)];
        Pattern {
            source: Source {
                numbered: &self.sources[span(&d.source_bounds)],
                words: self.words,
            },
            required: Groups {
                pool: self,
                first: d.pattern_groups[n],
                len: d.pattern_groups[n + 1] - d.pattern_groups[n],
            },
            anchor: usize::from(self.anchors[n]),
            starts: (!starts.is_empty()).then_some(starts),
        }
    }

    fn group(&'static self, g: usize) -> &'static [LiteralId] {
        let d = &self.derived;
        &d.ids[d.group_bounds[g] as usize..d.group_bounds[g + 1] as usize]
    }
}

/// A literal's index in its language's [`literals`]: 16 bits keep the
/// patterns' tables small in the WebAssembly module.
pub type LiteralId = u16;

/// What only the catalogue and the tests read about a rule: kept apart from
/// [`Rule`] so that the WebAssembly build, which never shows it, does not
/// carry it.
#[derive(Debug)]
pub struct RuleDocs {
    pub id: &'static str,
    pub note: &'static str,
    /// Phrases the rule flags (the first is also [`Rule::example`]).
    pub examples: &'static [&'static str],
    /// Near misses it leaves alone.
    pub counter_examples: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Every rule written as data, both languages, sorted by id: rules compare
/// by address as their ids do.
pub fn all() -> &'static [Rule] {
    RULES
}

/// The patterns of `lang`, unpacked on first use.
fn pool(lang: Lang) -> &'static Pool {
    static POOLS: PerLang<Pool> = PerLang::new();
    let (sources, packed) = match lang {
        Lang::De => (SOURCES_DE, PACKED_DE),
        Lang::En => (SOURCES_EN, PACKED_EN),
    };
    POOLS.get(lang, || Pool::unpack(sources, words(lang), packed))
}

/// The words of `lang`'s patterns: first its literals' texts, by id.
fn words(lang: Lang) -> &'static [&'static str] {
    static WORDS: PerLang<Vec<&str>> = PerLang::new();
    let words = match lang {
        Lang::De => WORDS_DE,
        Lang::En => WORDS_EN,
    };
    WORDS.get(lang, || packed::split_words(words))
}

/// The literals the patterns of `lang` look for, indexed by their ids.
pub fn literals(lang: Lang) -> &'static [(&'static str, AnchorKind)] {
    static LITERALS: PerLang<Vec<(&str, AnchorKind)>> = PerLang::new();
    LITERALS.get(lang, || {
        let kinds = literal_kinds(lang);
        words(lang)[..kinds.len()]
            .iter()
            .copied()
            .zip(kinds.iter().copied())
            .collect()
    })
}

/// How each literal of `lang` sits in the text, by id.
pub fn literal_kinds(lang: Lang) -> &'static [AnchorKind] {
    match lang {
        Lang::De => LITERAL_KINDS_DE,
        Lang::En => LITERAL_KINDS_EN,
    }
}

/// The tables that find the literals of `lang` in one pass, set up on
/// first use.
pub fn literal_set(lang: Lang) -> &'static Literals {
    static SETS: PerLang<Literals> = PerLang::new();
    SETS.get(lang, || {
        let (starts, endings, marks) = match lang {
            Lang::De => literal_tables_de(),
            Lang::En => literal_tables_en(),
        };
        Literals::with_tries(literals(lang), starts, endings, marks)
    })
}

/// The literal id of each pronoun of address (see
/// [`crate::pronouns::PRONOUNS`], in that order): German only.
pub fn pronoun_literals(lang: Lang) -> &'static [LiteralId] {
    match lang {
        Lang::De => PRONOUN_LITERALS_DE,
        Lang::En => PRONOUN_LITERALS_EN,
    }
}

/// The literals of `lang` no pattern requires (sentence marks, pronouns,
/// words a match may only start with): the matcher gives them no bit in its
/// sentence signatures.
pub fn unrequired_literals(lang: Lang) -> &'static [LiteralId] {
    match lang {
        Lang::De => UNREQUIRED_LITERALS_DE,
        Lang::En => UNREQUIRED_LITERALS_EN,
    }
}

/// The documentation of a rule.
pub fn docs(rule: &Rule) -> &'static RuleDocs {
    RULE_DOCS
        .iter()
        .find(|d| d.id == rule.id)
        .expect("every rule has docs")
}

/// Looks a rule up by id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::{self, Anchor};

    /// The ids of `anchors` in `lang`'s literals, as a sorted set.
    fn ids(lang: Lang, anchors: &[Anchor]) -> Vec<LiteralId> {
        let mut ids: Vec<LiteralId> = (anchors.iter())
            .map(|a| {
                let at = literals(lang).iter().position(|&l| l == (&a.text, a.kind));
                at.expect("every literal is in the table") as LiteralId
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    #[test]
    fn rules_lie_in_the_order_of_their_ids() {
        let ids: Vec<&str> = all().iter().map(|r| r.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    }

    /// The pools hand back each pattern as written, with the literals the
    /// pattern compiler derives from its text.
    #[test]
    fn every_pattern_comes_back_from_its_pool_as_written() {
        let mut count = 0;
        for rule in all() {
            let docs =
                (rule.patterns().map(|p| (p, false))).chain(rule.unless().map(|p| (p, true)));
            for (p, context) in docs {
                count += 1;
                let source = &p.source.text();
                let compiled = if context {
                    pattern::compile_context(source)
                } else {
                    pattern::compile(source)
                };
                assert!(compiled.is_ok(), "{}: {:?}", rule.id, p.source);
                let groups = pattern::required(source).unwrap();
                let want: Vec<Vec<LiteralId>> = groups.iter().map(|g| ids(rule.lang, g)).collect();
                let sorted = |ids: &[LiteralId]| {
                    let mut set = ids.to_vec();
                    set.sort_unstable();
                    set
                };
                let got: Vec<Vec<LiteralId>> = p.required.iter().map(sorted).collect();
                assert_eq!(got, want, "{}", p.source);
                assert!(p.anchor < p.required.len(), "{}", p.source);
                let starts = pattern::start_literals(source).unwrap();
                let want = starts.map(|s| ids(rule.lang, &s));
                assert_eq!(p.starts.map(sorted), want, "{}", p.source);
            }
        }
        assert!(count > 1_000, "{count} patterns");
    }
}
