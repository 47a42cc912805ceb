//! Reads the rule files in `rules/<lang>/*.toml`, checks them and compiles
//! them into `$OUT_DIR/rules.rs`, so the engine (and its WebAssembly build)
//! carries checked patterns and the literals they require, packed small
//! (see `src/packed.rs`), and no TOML parser.

#[path = "src/chunk.rs"]
#[allow(dead_code)]
mod chunk;
#[path = "src/grouped.rs"]
#[allow(dead_code)]
mod grouped;
#[path = "src/literals.rs"]
#[allow(dead_code)]
mod literals;
#[path = "src/packed.rs"]
#[allow(dead_code)]
mod packed;
#[path = "src/pattern/mod.rs"]
#[allow(dead_code)]
mod pattern;
#[path = "src/program.rs"]
#[allow(dead_code)]
mod program;
#[path = "src/pronouns.rs"]
#[allow(dead_code)]
mod pronouns;
#[path = "src/segment.rs"]
#[allow(dead_code)]
mod segment;

/// What `src/segment.rs` needs of `src/case.rs`, whose tables this script
/// writes.
mod case {
    pub fn lower_str(text: &str) -> String {
        text.to_lowercase()
    }
}

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    category: String,
    severity: String,
    message: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    replace: Option<String>,
    #[serde(default)]
    suggestions: Vec<String>,
    examples: Vec<String>,
    counter_examples: Vec<String>,
}

const CATEGORIES: [&str; 6] = [
    "refusal",
    "excuse",
    "manipulation",
    "blame",
    "vague",
    "address",
];
/// Categories whose findings must always offer a rewrite.
const NEED_SUGGESTION: [&str; 4] = ["refusal", "excuse", "blame", "vague"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed=src/grouped.rs");
    println!("cargo:rerun-if-changed=src/packed.rs");
    println!("cargo:rerun-if-changed=src/pattern");
    println!("cargo:rerun-if-changed=src/program.rs");
    println!("cargo:rerun-if-changed=src/literals.rs");
    println!("cargo:rerun-if-changed=src/segment.rs");
    println!("cargo:rerun-if-changed=src/pronouns.rs");
    println!("cargo:rerun-if-changed=src/chunk.rs");

    let mut errors = Vec::new();
    let mut rules = Vec::new();
    for lang in ["de", "en"] {
        for path in toml_files(&root.join(lang)) {
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path).expect("rule file is readable");
            match toml::from_str::<RuleFile>(&text) {
                Ok(file) => {
                    for rule in file.rule {
                        let problems = validate(&rule, lang);
                        let label = format!("{} ({})", rule.id, path.display());
                        errors.extend(problems.into_iter().map(|p| format!("{label}: {p}")));
                        rules.push((lang, rule));
                    }
                }
                Err(e) => errors.push(format!("{}: {e}", path.display())),
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (_, rule) in &rules {
        if !seen.insert(rule.id.clone()) {
            errors.push(format!("{}: the id is used twice", rule.id));
        }
    }
    if !errors.is_empty() {
        panic!("invalid rule files:\n  {}", errors.join("\n  "));
    }
    rules.sort_by(|a, b| a.1.id.cmp(&b.1.id));

    let mut out = String::from(
        "/// Generated from `rules/**/*.toml` by `build.rs`.\nstatic RULES: &[Rule] = &[\n",
    );
    let mut literals: BTreeMap<&str, Vec<pattern::Anchor>> = BTreeMap::new();
    // How common each literal is, by language and id (see `numbered`).
    let mut ranks: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
    // The ids of the literals some pattern requires, by language.
    let mut required: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for lang in ["de", "en"] {
        let of_lang: Vec<&RuleSpec> = (rules.iter().filter(|(l, _)| *l == lang))
            .map(|(_, rule)| rule)
            .collect();
        let (table, rank) = numbered(&of_lang);
        literals.insert(lang, table);
        ranks.insert(lang, rank);
    }
    let mut pools: BTreeMap<&str, Pool> = BTreeMap::new();
    for (lang, rule) in &rules {
        let table = literals.entry(lang).or_default();
        emit_rule(
            &mut out,
            lang,
            rule,
            table,
            &ranks[lang],
            required.entry(lang).or_default(),
            pools.entry(lang).or_default(),
        );
    }
    out.push_str("];\n\nstatic RULE_DOCS: &[RuleDocs] = &[\n");
    for (_, rule) in &rules {
        let _ = writeln!(
            out,
            "    RuleDocs {{ id: {:?}, note: {:?}, examples: &{:?}, counter_examples: &{:?} }},",
            rule.id,
            rule.note.trim(),
            rule.examples,
            rule.counter_examples
        );
    }
    out.push_str("];\n");
    // German pronouns of address are literals too (those no pattern uses
    // come last): the literal pass finds them for the Sie/du analysis.
    let pronoun_ids: Vec<u16> = (pronouns::PRONOUNS.iter())
        .map(|p| {
            let word = pattern::Anchor {
                text: p.word.to_string(),
                kind: pattern::AnchorKind::Word,
            };
            literal_id(literals.entry("de").or_default(), &word)
        })
        .collect();
    // So are the marks that may end a sentence, in every language: the
    // matcher finds the sentences among the literal hits.
    for set in literals.values_mut() {
        for mark in segment::SENTENCE_MARKS {
            let mark = pattern::Anchor {
                text: char::from(mark).to_string(),
                kind: pattern::AnchorKind::Mark,
            };
            literal_id(set, &mark);
        }
    }
    for (lang, set) in &literals {
        let unrequired = unrequired(set.len(), &required[lang]);
        let list: Vec<(&str, pattern::AnchorKind)> =
            set.iter().map(|a| (a.text.as_str(), a.kind)).collect();
        let name = lang.to_uppercase();
        let pool = &pools[lang];
        // The literals' texts, then the patterns' other words.
        let mut words: Vec<&str> = set.iter().map(|a| a.text.as_str()).collect();
        let mut numbers: BTreeMap<&str, usize> = BTreeMap::new();
        for (n, word) in words.iter().enumerate() {
            numbers.entry(word).or_insert(n);
        }
        let id_of = |a: &pattern::Anchor| set.iter().position(|known| known == a).unwrap();
        let mut sources = Vec::new();
        for source in &pool.sources {
            let marks = marks(source, id_of);
            let numbered = packed::number_words(source, &marks, |word| {
                Some(*numbers.entry(word).or_insert_with(|| {
                    words.push(word);
                    words.len() - 1
                }))
            });
            sources.extend(numbered);
            sources.push(packed::END);
        }
        pool.check(&sources, &words);
        assert!(words.iter().all(|w| !w.contains(packed::WORD_SEPARATOR)));
        let _ = writeln!(
            out,
            "\nstatic WORDS_{name}: &str = {:?};\n\
             static SOURCES_{name}: &[u8] = &{sources:?};\n\
             static PACKED_{name}: &[u8] = &{:?};\n\
             static LITERAL_KINDS_{name}: &[AnchorKind] = &[{}];\n\
             fn literal_tables_{lang}() -> (Trie, Trie, [u32; 256]) {{ {} }}\n\
             static PRONOUN_LITERALS_{name}: &[LiteralId] = &{:?};\n\
             static UNREQUIRED_LITERALS_{name}: &[LiteralId] = &{unrequired:?};",
            words.join(&packed::WORD_SEPARATOR.to_string()),
            pool.packed(),
            set.iter()
                .map(|a| format!("AnchorKind::{:?}", a.kind))
                .collect::<Vec<_>>()
                .join(", "),
            literal_tables(&list),
            match *lang {
                "de" => &pronoun_ids[..],
                _ => &[],
            },
        );
    }
    let _ = writeln!(
        out,
        "\n/// Literals `0..OWN_BITS` of each language are its commonest.\n\
         pub(crate) const OWN_BITS: usize = {OWN_BITS};"
    );
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("rules.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("case.rs");
    fs::write(dest, case_tables()).expect("OUT_DIR is writable");
}

/// The tables of `src/case.rs`: the standard library's mappings of every
/// character to upper and lower case, as runs of characters that move by
/// the same distance, and those that map to more than one character.
fn case_tables() -> String {
    let mut out =
        String::from("// Generated by `build.rs` from the standard library's mappings.\n");
    type Map = fn(char) -> Vec<char>;
    let lower: Map = |c| c.to_lowercase().collect();
    let upper: Map = |c| c.to_uppercase().collect();
    for (name, map) in [("LOWER", lower), ("UPPER", upper)] {
        // Each character that maps to another one, and the distance.
        let mut moves: Vec<(u32, i32)> = Vec::new();
        let mut multi = Vec::new();
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            match map(c)[..] {
                [one] if one == c => {}
                [one] => moves.push((c as u32, one as i32 - c as i32)),
                ref more => {
                    multi.push((c, [0, 1, 2].map(|i| more.get(i).copied().unwrap_or('\0'))))
                }
            }
        }
        // The longest run from each place on, one or two apart.
        let mut runs = Vec::new();
        let mut i = 0;
        while i < moves.len() {
            let (first, distance) = moves[i];
            let run = |step: u32| {
                (1..)
                    .take_while(|&n| {
                        moves.get(i + n) == Some(&(first + step * n as u32, distance)) && n < 256
                    })
                    .count()
                    + 1
            };
            let (count, step) = if run(2) > run(1) {
                (run(2), 2)
            } else {
                (run(1), 1)
            };
            runs.push((
                first << 8 | (count as u32 - 1),
                (distance << 1) as u32 | (step - 1),
            ));
            i += count;
        }
        let _ = writeln!(
            out,
            "static {name}_RUNS: &[(u32, u32)] = &{runs:?};\n\
             static {name}_MULTI: &[(char, [char; 3])] = &{multi:?};"
        );
    }
    out
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn validate(rule: &RuleSpec, lang: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let parts: Vec<&str> = rule.id.split('.').collect();
    let id_ok = parts.len() == 3
        && parts[0] == lang
        && parts[1] == rule.category
        && !parts[2].is_empty()
        && parts[2]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        problems.push(format!(
            "the id must read `{lang}.{}.<name>` (a-z, 0-9, -)",
            rule.category
        ));
    }
    if !CATEGORIES.contains(&rule.category.as_str()) {
        problems.push(format!("unknown category `{}`", rule.category));
    }
    if rule.severity != "warning" && rule.severity != "hint" {
        problems.push("severity must be `warning` or `hint`".into());
    }
    if rule.message.trim().is_empty() {
        problems.push("the message is empty".into());
    }
    match rule.replace.as_deref() {
        None | Some("match") | Some("sentence") => {}
        Some(other) => problems.push(format!(
            "replace must be `match` or `sentence`, not `{other}`"
        )),
    }
    if rule.category == "address" {
        if !rule.patterns.is_empty() {
            problems
                .push("address rules are found by the Sie/du check and take no patterns".into());
        }
    } else if rule.patterns.is_empty() {
        problems.push("needs at least one pattern".into());
    }
    for p in rule.patterns.iter() {
        if let Err(e) = pattern::anchors(p).and_then(|_| pattern::compile(p)) {
            problems.push(e.to_string());
        }
    }
    for p in &rule.unless {
        if let Err(e) = pattern::compile_context(p) {
            problems.push(e.to_string());
        }
    }
    if rule.suggestions.len() > 3 {
        problems.push("at most three suggestions".into());
    }
    if NEED_SUGGESTION.contains(&rule.category.as_str()) && rule.suggestions.is_empty() {
        problems.push("needs at least one suggestion".into());
    }
    for s in &rule.suggestions {
        if s.trim().is_empty() || s.trim() != s {
            problems.push(format!("suggestion `{s}` is empty or has blanks around it"));
        }
        if rule.replace.as_deref() == Some("sentence") && s.ends_with(['.', '!', '?']) {
            problems.push(format!(
                "suggestion `{s}` replaces a sentence without its final punctuation: drop it"
            ));
        }
        if s.matches('{').count() != s.matches('}').count() {
            problems.push(format!("suggestion `{s}` has unbalanced braces"));
        }
    }
    if rule.examples.is_empty() {
        problems.push("needs at least one example".into());
    }
    if rule.counter_examples.is_empty() {
        problems.push("needs at least one counter-example".into());
    }
    problems
}

/// How many of the commonest literals get a bit of their own in the
/// matcher's sentence signatures: decided here, where the literals are
/// numbered, and handed to `src/signature.rs` in the generated file.
const OWN_BITS: usize = 32;

/// A language's literals, numbered, and each one's rank by how often the
/// rules' own examples and counter-examples hold it (0: most often). The
/// [`OWN_BITS`] commonest come first, commonest first, so that they get a
/// bit each in the sentence signatures and a rarer literal's bit tells of
/// the rarer literals; the others follow in the order the patterns first
/// use them, so a group's literals have ids close together, which makes the
/// word list smaller.
fn numbered(rules: &[&RuleSpec]) -> (Vec<pattern::Anchor>, Vec<u16>) {
    let mut table = Vec::new();
    for rule in rules {
        for p in rule.patterns.iter().chain(&rule.unless) {
            let starts = pattern::start_literals(p)
                .ok()
                .flatten()
                .unwrap_or_default();
            let required = pattern::required(p).unwrap_or_default();
            for anchor in required.iter().flatten().chain(&starts) {
                literal_id(&mut table, anchor);
            }
        }
    }
    let list: Vec<(&str, pattern::AnchorKind)> =
        table.iter().map(|a| (a.text.as_str(), a.kind)).collect();
    let set = literals::Literals::new(&list);
    let mut counts = vec![0usize; table.len()];
    for sentence in rules
        .iter()
        .flat_map(|r| r.examples.iter().chain(&r.counter_examples))
    {
        // Near enough to folded text for counting.
        let text = sentence
            .to_lowercase()
            .replace(['\u{2019}', '\u{2018}'], "'");
        set.find(&text, |hit| counts[hit.literal] += 1);
    }
    // Ties keep the order of first use.
    let mut by_count: Vec<usize> = (0..table.len()).collect();
    by_count.sort_by_key(|&id| std::cmp::Reverse(counts[id]));
    let mut rank_of = vec![0; table.len()];
    for (rank, &id) in by_count.iter().enumerate() {
        rank_of[id] = u16::try_from(rank).expect("under 65,536 literals");
    }
    let own = OWN_BITS.min(table.len());
    let order = (by_count[..own].iter().copied())
        .chain((0..table.len()).filter(|&id| rank_of[id] as usize >= own));
    order.map(|id| (table[id].clone(), rank_of[id])).unzip()
}

/// The ids of a table of `count` literals that no pattern requires
/// (sentence marks, pronouns, words a match may only start with), given
/// those that some pattern does.
fn unrequired(count: usize, required: &BTreeSet<u16>) -> Vec<u16> {
    let count = u16::try_from(count).expect("under 65,536 literals");
    (0..count).filter(|id| !required.contains(id)).collect()
}

/// The id of a literal in its language's table, added on first use (a
/// `LiteralId`: 16 bits).
fn literal_id(table: &mut Vec<pattern::Anchor>, literal: &pattern::Anchor) -> u16 {
    let id = match table.iter().position(|known| known == literal) {
        Some(id) => id,
        None => {
            table.push(literal.clone());
            table.len() - 1
        }
    };
    u16::try_from(id).expect("under 65,536 literals per language")
}

/// The patterns of one language, gathered for the engine's `Pool` (see
/// `src/rule.rs`): their texts one after the other, and numbers, packed.
#[derive(Default)]
struct Pool {
    /// The patterns' texts, in the order they came (their words are
    /// numbered once the word list is complete).
    sources: Vec<String>,
    /// Each pattern's groups, each a set of literal ids (sorted).
    groups: Vec<Vec<Vec<u16>>>,
    anchors: Vec<u8>,
    /// Each pattern's start literals, a set (sorted), if it has any.
    starts: Vec<Option<Vec<u16>>>,
}

impl Pool {
    /// Adds a pattern and returns its number.
    fn add(
        &mut self,
        source: &str,
        groups: Vec<Vec<u16>>,
        anchor: usize,
        starts: Option<Vec<u16>>,
    ) -> u16 {
        let number = u16::try_from(self.anchors.len()).expect("under 65,536 patterns");
        self.sources.push(source.to_string());
        self.groups.push(groups.into_iter().map(set).collect());
        self.anchors
            .push(u8::try_from(anchor).expect("under 256 groups"));
        self.starts.push(starts.map(set));
        number
    }

    /// The numbers `Pool::unpack` reads besides the marks in the patterns'
    /// texts: how many patterns, groups, literals of groups and start
    /// literals there are, then each pattern's anchor.
    fn packed(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let push = |out: &mut Vec<u8>, n: usize| packed::push(out, u32::try_from(n).unwrap());
        push(&mut out, self.anchors.len());
        push(&mut out, self.groups.iter().map(Vec::len).sum());
        push(&mut out, self.groups.iter().flatten().map(Vec::len).sum());
        push(&mut out, self.starts.iter().flatten().map(Vec::len).sum());
        for &anchor in &self.anchors {
            push(&mut out, anchor.into());
        }
        out
    }

    /// Checks that the engine reads from the `numbered` texts (each
    /// followed by [`packed::END`]) the texts, groups and start literals
    /// of the patterns.
    fn check(&self, numbered: &[u8], words: &[&str]) {
        let d = packed::Derived::read(numbered, 0, 0, 0, 0);
        assert_eq!(d.source_bounds.len(), self.sources.len() + 1);
        for (n, source) in self.sources.iter().enumerate() {
            let span = |b: &[u32]| b[n] as usize..b[n + 1] as usize;
            let text = &numbered[span(&d.source_bounds)];
            assert_eq!(packed::words_written_out(text, words), *source);
            let sorted = |ids: &[u16]| {
                let mut set = ids.to_vec();
                set.sort_unstable();
                assert_eq!(set.len(), ids.len(), "each literal once in {source:?}");
                set
            };
            let groups: Vec<Vec<u16>> = (span(&d.pattern_groups))
                .map(|g| sorted(&d.ids[d.group_bounds[g] as usize..d.group_bounds[g + 1] as usize]))
                .collect();
            assert_eq!(groups, self.groups[n], "the groups of {source:?}");
            let starts = sorted(&d.start_ids[span(&d.start_bounds)]);
            let want = self.starts[n].as_ref();
            assert!(want.is_none_or(|w| !w.is_empty()));
            assert_eq!(
                want.cloned().unwrap_or_default(),
                starts,
                "the starts of {source:?}"
            );
        }
    }
}

/// `ids` as a set: sorted, each once.
fn set(mut ids: Vec<u16>) -> Vec<u16> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The marks that tell the engine the groups and start literals of pattern
/// `source` (see [`packed::Marks`]), given each literal's id. A literal the
/// pattern spells (a word, or a piece of one: `we` of `we'll`) is marked
/// there and numbered as the literal; the others, and a literal spelt
/// where another one is marked, are added unwritten: a punctuation mark
/// where the next group starts, so that each group's marks come one after
/// the other, in the groups' order.
fn marks(source: &str, id_of: impl Fn(&pattern::Anchor) -> usize) -> Vec<packed::Mark> {
    struct Pending {
        at: usize,
        written: Option<usize>,
        group: Option<usize>,
        start: bool,
        id: usize,
    }
    let groups: Vec<Vec<pattern::AnchorAt>> = pattern::required_at(source).unwrap();
    let starts = pattern::start_literals_at(source)
        .unwrap()
        .unwrap_or_default();
    let first_at: Vec<Option<usize>> = (groups.iter())
        .map(|g| g.iter().filter_map(|&(_, at)| at).min())
        .collect();
    let mut pending: Vec<Pending> = Vec::new();
    let mut add = |anchor: &pattern::Anchor, at: Option<usize>, group: Option<usize>, place| {
        let id = id_of(anchor);
        let start = group.is_none();
        if (pending.iter()).any(|p| p.id == id && if start { p.start } else { p.group == group }) {
            return; // once each
        }
        let written = at.map(|at| (at, anchor.text.len()));
        let there = written
            .and_then(|(at, _)| (pending.iter()).position(|p| p.written.is_some() && p.at == at));
        match there {
            Some(i) if pending[i].id == id && start => pending[i].start = true,
            Some(i) => pending.push(Pending {
                at: pending[i].at,
                written: None,
                group,
                start,
                id,
            }),
            None => pending.push(Pending {
                at: at.or(place).unwrap_or(if start { 0 } else { source.len() }),
                written: written.map(|(_, len)| len),
                group,
                start,
                id,
            }),
        }
    };
    for (k, group) in groups.iter().enumerate() {
        let place = first_at[k..].iter().flatten().next().copied();
        for (anchor, at) in group {
            add(anchor, *at, Some(k), place);
        }
    }
    for (anchor, at) in &starts {
        add(anchor, *at, None, None);
    }
    pending.sort_by_key(|p| (p.at, p.written.is_some()));
    let mut last_group = None;
    (pending.iter())
        .map(|p| {
            let new = p.group.is_some() && p.group != last_group;
            if p.group.is_some() {
                assert!(p.group >= last_group, "groups in order");
                last_group = p.group;
            }
            let mark = match (p.group.is_some(), new, p.start) {
                (true, true, true) => packed::Marks::NEW_GROUP_START,
                (true, true, false) => packed::Marks::NEW_GROUP,
                (true, false, true) => packed::Marks::MEMBER_START,
                (true, false, false) => packed::Marks::MEMBER,
                (false, _, _) => packed::Marks::START,
            };
            packed::Mark {
                at: p.at,
                written: p.written,
                mark,
                id: p.id,
            }
        })
        .collect()
}

/// Writes `rule` as a `Rule` item; the ids of the literals its patterns
/// require go into `required`.
fn emit_rule(
    out: &mut String,
    lang: &str,
    rule: &RuleSpec,
    table: &mut Vec<pattern::Anchor>,
    rank: &[u16],
    required: &mut BTreeSet<u16>,
    pool: &mut Pool,
) {
    let capital = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let patterns: Vec<u16> = rule
        .patterns
        .iter()
        .map(|p| add_pattern(p, table, rank, required, pool))
        .collect();
    let unless: Vec<u16> = (rule.unless.iter())
        .map(|p| add_pattern(p, table, rank, required, pool))
        .collect();
    let replace = match rule.replace.as_deref() {
        Some("sentence") => "Sentence",
        _ => "Match",
    };
    let _ = writeln!(
        out,
        "    Rule {{ id: {:?}, lang: Lang::{}, category: Category::{}, severity: Severity::{}, \
         message: {:?}, patterns: {}, unless: {}, \
         replace: Replace::{replace}, suggestions: &{:?}, example: {:?} }},",
        rule.id,
        capital(lang),
        capital(&rule.category),
        capital(&rule.severity),
        rule.message.trim(),
        range(&patterns),
        range(&unless),
        rule.suggestions,
        rule.examples[0],
    );
}

/// Adds pattern `p` with its literal ids to `pool`, returning its number.
fn add_pattern(
    p: &str,
    table: &mut Vec<pattern::Anchor>,
    rank: &[u16],
    required: &mut BTreeSet<u16>,
    pool: &mut Pool,
) -> u16 {
    let mut ids = |set: &[pattern::Anchor]| -> Vec<u16> {
        set.iter().map(|a| literal_id(table, a)).collect()
    };
    let groups = pattern::required(p).unwrap();
    let group_ids: Vec<Vec<u16>> = groups.iter().map(|group| ids(group)).collect();
    required.extend(group_ids.iter().flatten());
    let starts = pattern::start_literals(p).unwrap().map(|set| ids(&set));
    let anchor = anchor_group(&groups, &group_ids, rank)
        .unwrap_or_else(|| panic!("pattern {p:?} needs a word, not only punctuation"));
    pool.add(p, group_ids, anchor, starts)
}

/// Consecutive pattern numbers as a range.
fn range(numbers: &[u16]) -> String {
    match (numbers.first(), numbers.last()) {
        (Some(first), Some(last)) => {
            assert_eq!(usize::from(last - first) + 1, numbers.len(), "in a row");
            format!("{first}..{}", last + 1)
        }
        _ => "0..0".to_string(),
    }
}

/// The index of the group the matcher anchors a pattern on: of the groups
/// of words (a punctuation mark may end the sentence around it), the one
/// whose commonest literal is rarest (by `rank`, see [`numbered`]), the
/// smaller of two such, so that group's hits are few in most mails.
fn anchor_group(groups: &[Vec<pattern::Anchor>], ids: &[Vec<u16>], rank: &[u16]) -> Option<usize> {
    let words = |g: &usize| {
        groups[*g]
            .iter()
            .all(|a| a.kind != pattern::AnchorKind::Mark)
    };
    (0..groups.len()).filter(words).max_by_key(|&g| {
        (
            ids[g].iter().map(|&id| rank[usize::from(id)]).min(),
            std::cmp::Reverse(ids[g].len()),
        )
    })
}

/// A language's tries and marks, as the engine's `Literals` holds them (its
/// word table is built at first use: see `Literals::with_tries`).
fn literal_tables(list: &[(&str, pattern::AnchorKind)]) -> String {
    let set = literals::Literals::new(list);
    format!(
        "({}, {}, {:?})",
        trie(&set.starts),
        trie(&set.endings),
        set.marks
    )
}

fn trie(t: &literals::Trie) -> String {
    format!(
        "Trie {{ root: {:?}, second: Cow::Borrowed(&{:?}), edge_start: Cow::Borrowed(&{:?}), \
         edge_bytes: Cow::Borrowed(&{:?}), \
         first_end: Cow::Borrowed(&{:?}), ends: Cow::Borrowed(&{:?}), \
         shortest: Cow::Borrowed(&{:?}) }}",
        t.root, &*t.second, &*t.edge_start, &*t.edge_bytes, &*t.first_end, &*t.ends, &*t.shortest
    )
}
