//! Hostile input: whatever a mail contains, the engine answers, and its
//! findings stay well-formed.
//!
//! The inputs mix random Unicode (emoji, combining marks, right-to-left text,
//! control characters, CR/LF, NUL, very long words) with the rules' own
//! examples, spliced in whole or in pieces, so that findings really occur.
//! Each property runs 256 cases; `PROPTEST_CASES=10000 cargo test -p takt
//! --test properties` runs a deeper search. The fuzzer in `fuzz/` checks the
//! same invariants on inputs it mutates itself.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};
use std::sync::OnceLock;
use support::{rule_counts, shifted, splice, splits_word};
use takt::fold::Folded;
use takt::matcher::Matcher;
use takt::rule::{self, Lang};
use takt::{check, AddressChoice, Category, Finding, LangChoice, Options};

#[path = "support/findings.rs"]
mod support;

// ---------------------------------------------------------------------------
// Building blocks of hostile mails
// ---------------------------------------------------------------------------

/// Characters and clusters that tend to break text code.
const ODD: &[&str] = &[
    "😀",
    "👍🏽",
    "👨\u{200D}👩\u{200D}👧",
    "🇩🇪",
    "\u{1F4A9}",
    "e\u{0301}",
    "\u{0301}",
    "\u{0308}\u{0308}\u{0308}",
    "\u{20DD}",
    "a\u{0308}",
    "שלום",
    "مرحبا",
    "\u{202E}",
    "\u{202D}",
    "\u{200E}",
    "\u{200F}",
    "\u{2066}",
    "\0",
    "\u{1}",
    "\u{8}",
    "\u{1B}",
    "\u{7F}",
    "\u{85}",
    "\u{9C}",
    "\t",
    "\r",
    "\x0B",
    "\x0C",
    "\u{2028}",
    "\u{2029}",
    "\u{FEFF}",
    "\u{200B}",
    "\u{200D}",
    "\u{AD}",
    "İ",
    "ẞ",
    "ß",
    "Σ",
    "ς",
    "Ⱥ",
    "ǅ",
    "ﬀ",
    "ŉ",
    "\u{10FFFF}",
    "\u{FFFD}",
    "\u{FFFE}",
    "’",
    "‘",
    "“",
    "”",
    "„",
    "«",
    "»",
    "–",
    "—",
    "\u{2212}",
    "\u{A0}",
    "\u{202F}",
    "\u{3000}",
    "\u{1680}",
    "…",
    "。",
    "！",
    "？",
    ".",
    "!",
    "?",
    ",",
    ";",
    ":",
    "(",
    ")",
    "\"",
    "'",
    "<",
    ">",
    "*",
    "|",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "-",
    "_",
    "@",
    "°",
    "€",
    "Ä",
    "Ö",
    "Ü",
    "ä",
    "ö",
    "ü",
];

const SEPARATORS: &[&str] = &[
    " ", " ", " ", "  ", "\n", "\r\n", "\n\n", "\r\n\r\n", ". ", ", ", "! ", "? ", ".\n", "\r",
    "\t",
];

/// Words the Sie/du check counts.
const PRONOUNS: &[&str] = &[
    "Sie", "sie", "SIE", "Ihnen", "Ihr", "ihr", "Ihre", "Ihrem", "du", "Du", "DU", "dir", "dich",
    "dein", "deine", "euch", "eure", "I", "you", "we",
];

/// What starts quoted history or a signature, and look-alikes that do not.
const STRUCTURE: &[&str] = &[
    "\n> ",
    "\n>",
    "\n  > ",
    "\n-- \n",
    "\n--\n",
    "\n-- \r\n",
    "\nAm 3. Mai 2026 um 10:00 schrieb Max Muster <max@example.de>:\n",
    "\nOn Mon, 4 May 2026 at 10:00, Jane Doe <jane@example.com> wrote:\n",
    "\nOn Mon, 4 May 2026 at 10:00, Jane Doe <jane@example.com>\nwrote:\n",
    "\n-----Original Message-----\n",
    "\n---------- Forwarded message ---------\n",
    "\nFrom: Jane Doe\nSent: Monday\n",
    "\nVon: Max\nGesendet: Montag\n",
    "\n________________\n",
    "\nAm ",
    "\nOn ",
    "schrieb:",
    "wrote:",
    "\nFrom: ",
];

/// Every rule's examples and counter-examples: real risky phrases and near misses.
fn phrases() -> &'static [&'static str] {
    static PHRASES: OnceLock<Vec<&'static str>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut all: Vec<&'static str> = rule::all()
            .iter()
            .flat_map(|r| {
                let docs = takt::rule::docs(r);
                docs.examples.iter().chain(docs.counter_examples)
            })
            .copied()
            .collect();
        // Never empty, whatever state the rule files are in.
        all.push("Nein, das geht nicht.");
        all.push("Unfortunately, that's not possible.");
        all
    })
}

fn phrase() -> impl Strategy<Value = String> {
    (select(phrases()), 0..6u8).prop_map(|(p, how)| match how {
        0 => p.to_uppercase(),
        1 => p.to_lowercase(),
        2 => p.replace(' ', "\u{A0}"),
        _ => p.to_string(),
    })
}

/// A piece of an example, cut at arbitrary character boundaries.
fn fragment() -> impl Strategy<Value = String> {
    (select(phrases()), any::<Index>(), any::<Index>()).prop_map(|(p, a, b)| {
        let bounds: Vec<usize> = p.char_indices().map(|(i, _)| i).chain([p.len()]).collect();
        let (a, b) = (a.get(&bounds), b.get(&bounds));
        p[*a.min(b)..*a.max(b)].to_string()
    })
}

fn long_word() -> impl Strategy<Value = String> {
    let unit = select(
        &[
            "a", "ä", "😀", "x\u{301}", "ß", "-", ".", ">", "\u{200D}", "ab ", "nicht", "\n",
        ][..],
    );
    (unit, 100..3000usize).prop_map(|(u, n)| u.repeat(n))
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => "[a-zA-ZäöüÄÖÜß]{1,12}",
        3 => select(SEPARATORS).prop_map(String::from),
        3 => select(ODD).prop_map(String::from),
        4 => phrase(),
        1 => fragment(),
        1 => long_word(),
        2 => select(PRONOUNS).prop_map(String::from),
        1 => select(STRUCTURE).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A hostile mail: random tokens, real risky phrases among them.
fn mail() -> impl Strategy<Value = String> {
    vec(token(), 0..48).prop_map(|t| t.concat())
}

/// Any input at all: hostile mails, and plain random Unicode.
fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => mail(),
        1 => any::<String>(),
        1 => vec(any::<char>(), 0..400).prop_map(|c| c.into_iter().collect()),
    ]
}

/// A mail of paragraphs: rule examples (in some case variant) and noise.
fn paragraphs() -> impl Strategy<Value = String> {
    let noise = vec(
        prop_oneof![
            5 => "[a-zA-ZäöüÄÖÜß]{1,12}",
            3 => select(SEPARATORS).prop_map(String::from),
            3 => select(ODD).prop_map(String::from),
            1 => fragment(),
            2 => select(PRONOUNS).prop_map(String::from),
        ],
        0..16,
    )
    .prop_map(|t| t.concat());
    vec(prop_oneof![2 => phrase(), 1 => noise], 1..8).prop_map(|p| p.join("\n\n"))
}

fn lang_choice() -> impl Strategy<Value = LangChoice> {
    select(&[LangChoice::Auto, LangChoice::De, LangChoice::En][..])
}

fn fixed_lang() -> impl Strategy<Value = LangChoice> {
    select(&[LangChoice::De, LangChoice::En][..])
}

fn options(lang: LangChoice) -> Options {
    Options {
        lang,
        ..Options::default()
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // Regressions are kept as named tests below, not as files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------

/// Checks `text` and asserts everything a finding promises.
fn checked(text: &str, options: &Options) -> Result<Vec<Finding>, TestCaseError> {
    let findings = check(text, options);
    let units: Vec<u16> = text.encode_utf16().collect();
    let len = units.len();
    // An offset splits a surrogate pair when it points at a low surrogate.
    let on_boundary = |at: usize| at >= len || !(0xDC00..0xE000).contains(&units[at]);
    let lang = match options.lang {
        LangChoice::De => Some(Lang::De),
        LangChoice::En => Some(Lang::En),
        LangChoice::Auto => None,
    };
    for f in &findings {
        prop_assert!(f.start < f.end, "empty finding {f:?}");
        prop_assert!(
            f.replace_start <= f.start,
            "replace range starts late: {f:?}"
        );
        prop_assert!(f.end <= f.replace_end, "replace range ends early: {f:?}");
        prop_assert!(f.replace_end <= len, "out of bounds ({len}): {f:?}");
        for at in [f.start, f.end, f.replace_start, f.replace_end] {
            prop_assert!(
                on_boundary(at),
                "offset {at} splits a surrogate pair: {f:?}"
            );
        }
        for at in [f.start, f.end, f.replace_start, f.replace_end] {
            prop_assert!(!splits_word(&units, at), "offset {at} splits a word: {f:?}");
        }
        let phrase = String::from_utf16(&units[f.start..f.end]).expect("checked boundaries");
        prop_assert!(
            !phrase.starts_with(char::is_whitespace) && !phrase.ends_with(char::is_whitespace),
            "phrase {phrase:?} has blank edges: {f:?}"
        );
        prop_assert!(
            f.suggestions.iter().all(|s| !s.trim().is_empty()),
            "empty suggestion: {f:?}"
        );
        prop_assert!(f.suggestions.len() <= 3, "too many suggestions: {f:?}");
        let rule = rule::by_id(f.rule);
        prop_assert!(rule.is_some(), "unknown rule {}", f.rule);
        let rule = rule.unwrap();
        prop_assert_eq!(rule.category, f.category);
        prop_assert_eq!(rule.severity, f.severity);
        prop_assert_eq!(rule.message, f.message);
        if let Some(lang) = lang {
            prop_assert_eq!(rule.lang, lang, "rule of the wrong language: {:?}", f);
        }
    }
    for pair in findings.windows(2) {
        prop_assert!(
            pair[0].end <= pair[1].start,
            "unsorted or overlapping: {:?} then {:?}",
            pair[0],
            pair[1]
        );
    }
    if lang.is_none() {
        let langs: Vec<Lang> = findings
            .iter()
            .filter_map(|f| rule::by_id(f.rule).map(|r| r.lang))
            .collect();
        prop_assert!(langs.windows(2).all(|w| w[0] == w[1]), "mixed languages");
    }
    prop_assert_eq!(&check(text, options), &findings, "not deterministic");
    Ok(findings)
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

// ---------------------------------------------------------------------------
// Properties of findings
// ---------------------------------------------------------------------------

/// Paragraphs that are neither risky nor address the reader.
const NEUTRAL: &[&str] = &[
    "Guten Tag,\n\n",
    "Hallo Team,\n\nanbei die Unterlagen zum Projekt.\n\n",
    "Hi all,\n\nthe files for the project are attached.\n\n",
    "Hello,\r\n\r\n",
    "😀 Moin!\n\n",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn findings_are_well_formed(text in input(), lang in lang_choice()) {
        checked(&text, &options(lang))?;
    }

    #[test]
    fn a_neutral_first_paragraph_shifts_every_finding(
        prefix in select(NEUTRAL),
        text in input(),
        lang in fixed_lang(),
    ) {
        let options = options(lang);
        let before = checked(&text, &options)?;
        let after = checked(&format!("{prefix}{text}"), &options)?;
        prop_assert_eq!(after, shifted(&before, utf16_len(prefix)));
    }

    /// In a mail of paragraphs (rule examples in any case, and noise),
    /// applying a finding's first suggestion removes that finding and adds
    /// none. (Within one sentence, a rewrite may legitimately take away what
    /// excused another phrase: "Wie Sie unserer Mail vom Dienstag entnehmen
    /// konnten, melde ich mich so bald wie möglich" loses its date with the
    /// first phrase. So the phrases here sit in paragraphs of their own.
    /// And a mail that already mixes Sie and du may have its mix reported at
    /// other pronouns afterwards: a stray pronoun inside another finding's
    /// phrase is not reported, and a rewrite can tip the majority.)
    #[test]
    fn the_first_suggestion_removes_its_finding_and_adds_none(
        text in paragraphs(),
        lang in fixed_lang(),
    ) {
        let options = options(lang);
        let before = checked(&text, &options)?;
        let address_only = Options {
            disabled_categories: vec![
                Category::Refusal,
                Category::Excuse,
                Category::Manipulation,
                Category::Blame,
                Category::Vague,
            ],
            ..options.clone()
        };
        let mixed = !check(&text, &address_only).is_empty();
        for f in before.iter().filter(|f| !f.suggestions.is_empty()) {
            let fixed = splice(&text, f.replace_start, f.replace_end, &f.suggestions[0]);
            let after = checked(&fixed, &options)?;
            let mut allowed = rule_counts(&before);
            *allowed.get_mut(f.rule).unwrap() -= 1;
            for (id, n) in rule_counts(&after) {
                if mixed && rule::by_id(id).is_some_and(|r| r.category == Category::Address) {
                    continue;
                }
                prop_assert!(
                    n <= allowed.get(id).copied().unwrap_or(0),
                    "applying {:?} for {} gave {} x {}\nbefore: {:?}\nafter:  {:?}\n{:?}",
                    f.suggestions[0], f.rule, n, id, rule_counts(&before), rule_counts(&after), fixed
                );
            }
        }
    }

    /// Anywhere, however hostile the surroundings: an applied suggestion is
    /// never flagged itself. (Except for its Sie or du: the form of address
    /// belongs to the whole mail, and a rewrite of a sentence with several
    /// pronouns can tip a mail that mixes both.)
    #[test]
    fn an_applied_suggestion_is_never_flagged(text in mail(), lang in fixed_lang()) {
        let options = options(lang);
        for f in checked(&text, &options)?.iter().filter(|f| !f.suggestions.is_empty()) {
            let suggestion = &f.suggestions[0];
            let fixed = splice(&text, f.replace_start, f.replace_end, suggestion);
            let inserted = f.replace_start..f.replace_start + utf16_len(suggestion);
            for g in checked(&fixed, &options)? {
                if g.category == Category::Address {
                    continue;
                }
                prop_assert!(
                    !(inserted.start <= g.start && g.end <= inserted.end),
                    "{suggestion:?} (for {}) is flagged as {}: {fixed:?}", f.rule, g.rule
                );
            }
        }
    }

    /// A checker that saw earlier versions of a mail, and another mail in
    /// between (maybe in the other language), finds exactly what a fresh
    /// check finds: each version is the one before with a token typed in or
    /// a stretch deleted somewhere.
    #[test]
    fn a_checker_that_reuses_lines_finds_what_a_fresh_check_finds(
        first in prop_oneof![paragraphs(), mail()],
        other in paragraphs(),
        edits in vec((any::<Index>(), any::<Index>(), prop_oneof![token(), Just(String::new())]), 1..6),
        lang in lang_choice(),
        other_lang in lang_choice(),
    ) {
        let (options, other_options) = (options(lang), options(other_lang));
        let mut checker = takt::Checker::default();
        let mut text = first;
        for (at, until, typed) in edits {
            prop_assert_eq!(checker.check(&text, &options), check(&text, &options));
            prop_assert_eq!(checker.check(&other, &other_options), check(&other, &other_options));
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = *at.get(&bounds);
            // Typing inserts; an empty token deletes up to a few characters.
            let end = if typed.is_empty() { (*until.get(&bounds)).clamp(start, start + 12) } else { start };
            let end = bounds.iter().copied().find(|&b| b >= end).unwrap_or(text.len());
            text.replace_range(start..end, &typed);
        }
        prop_assert_eq!(checker.check(&text, &options), check(&text, &options));
    }

    /// Typographic variants (no-break and thin spaces, curly quotes) are
    /// folded away: they change nothing, not even the suggestions.
    #[test]
    fn typographic_variants_change_nothing(
        text in mail(),
        lang in lang_choice(),
        picks in vec(any::<Index>(), 64),
    ) {
        let mut n = 0;
        let variant: String = text
            .chars()
            .map(|c| {
                let alternatives: &[char] = match c {
                    ' ' => &[' ', '\u{A0}', '\u{2009}', '\u{202F}'],
                    '\'' => &['\'', '\u{2019}', '\u{2018}'],
                    '"' => &['"', '\u{201C}', '\u{201D}', '\u{201E}'],
                    _ => return c,
                };
                n += 1;
                *picks[n % picks.len()].get(alternatives)
            })
            .collect();
        let options = options(lang);
        prop_assert_eq!(checked(&variant, &options)?, checked(&text, &options)?);
    }

    /// English has no form of address, so upper case changes no phrase.
    #[test]
    fn english_ignores_case(tokens in vec(prop_oneof![
        3 => "[a-zA-Z]{1,12}",
        3 => select(SEPARATORS).prop_map(String::from),
        4 => phrase(),
        1 => fragment(),
    ], 0..32)) {
        let text = tokens.concat();
        let options = options(LangChoice::En);
        let spans = |fs: Vec<Finding>| -> Vec<(usize, usize, &'static str)> {
            fs.into_iter().map(|f| (f.start, f.end, f.rule)).collect()
        };
        prop_assert_eq!(
            spans(checked(&text.to_ascii_uppercase(), &options)?),
            spans(checked(&text, &options)?)
        );
    }
}

// ---------------------------------------------------------------------------
// Quoted history and signatures
// ---------------------------------------------------------------------------

/// Reply headers and signature delimiters, as mail clients write them.
const HISTORY: &[&str] = &[
    "-- \n",
    "--\n",
    "-- \r\n",
    "Am 3. Mai 2026 um 10:00 schrieb Max Muster <max@example.de>:\n",
    "Am Mo., 4. Mai 2026 um 09:12 Uhr schrieb Jane Doe <jane@example.com>:\n",
    "On Mon, 4 May 2026 at 10:00, Jane Doe <jane@example.com> wrote:\n",
    "On Mon, 4 May 2026 at 10:00, Jane Doe <jane@example.com>\nwrote:\n",
    "-----Original Message-----\n",
    "-----Ursprüngliche Nachricht-----\n",
    "---------- Forwarded message ---------\n",
    "From: Jane Doe <jane@example.com>\nSent: Monday, 4 May 2026 10:00\n",
    "Von: Max Muster\nGesendet: Montag, 4. Mai 2026 10:00\n",
    "________________________________\n",
];

/// One line of a mail in which quoted lines are interleaved.
fn line() -> impl Strategy<Value = (bool, String)> {
    (any::<bool>(), vec(token(), 0..12)).prop_map(|(quoted, tokens)| {
        // A line holds no line break of any kind (see segment::hidden_ranges).
        let mut text = tokens
            .concat()
            .replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " ");
        // A quoted line ending in "schrieb:" would make its predecessor a
        // two-line reply header; that is by design, and not what we test.
        if text.trim_end().ends_with(':') {
            text.push('.');
        }
        (quoted, text)
    })
}

proptest! {
    #![proptest_config(config())]

    /// Whatever follows a reply header or a signature delimiter is invisible.
    #[test]
    fn history_and_signatures_are_never_reported(
        body in input(),
        header in select(HISTORY),
        history in vec(prop_oneof![phrase(), mail()], 1..6),
        lang in lang_choice(),
    ) {
        let options = options(lang);
        let history = history.join("\n");
        let mail = format!("{body}\n\n{header}{history}");
        prop_assert_eq!(checked(&mail, &options)?, checked(&body, &options)?);
    }

    /// Quoted lines are invisible: replacing their text by anything of the
    /// same length changes no finding, and no finding touches them.
    #[test]
    fn quoted_lines_are_never_reported(
        lines in vec(line(), 1..12),
        marker in select(&["> ", ">", ">> ", " > ", "> > "][..]),
        lang in lang_choice(),
        crlf in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut mail = String::new();
        let mut blanked = String::new();
        let mut quoted_ranges = Vec::new();
        for (i, (quoted, text)) in lines.iter().enumerate() {
            if i > 0 {
                mail.push_str(newline);
                blanked.push_str(newline);
            }
            if *quoted {
                let start = utf16_len(&mail);
                mail.push_str(marker);
                mail.push_str(text);
                quoted_ranges.push((start, utf16_len(&mail)));
                blanked.push_str(marker);
                blanked.push_str(&"x".repeat(utf16_len(text)));
            } else {
                mail.push_str(text);
                blanked.push_str(text);
            }
        }
        let options = options(lang);
        let findings = checked(&mail, &options)?;
        for f in &findings {
            for &(start, end) in &quoted_ranges {
                prop_assert!(f.end <= start || end <= f.start, "{f:?} in quoted line {start}..{end}");
            }
        }
        prop_assert_eq!(findings, checked(&blanked, &options)?);
    }
}

#[test]
fn risky_phrases_in_history_quotes_and_signatures_are_not_reported() {
    for p in phrases() {
        let p = p.replace('\n', " ");
        for mail in [
            format!("Hallo,\n\n> {p}\n\nDanke."),
            format!("Hi,\r\n>> {p}\r\nThanks."),
            format!("Danke!\n\nAm 3. Mai 2026 schrieb Max <m@x.de>:\n{p}"),
            format!("Thanks\nOn Mon, 4 May 2026, Jane <j@x.com> wrote:\n{p}\n{p}"),
            format!("Gruß\n-- \nFirma GmbH\n{p}"),
            format!("Best\r\n-- \r\n{p}"),
        ] {
            for lang in [LangChoice::Auto, LangChoice::De, LangChoice::En] {
                assert_eq!(check(&mail, &options(lang)), vec![], "{mail:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Extreme sizes and shapes
// ---------------------------------------------------------------------------

/// Big, empty and monotonous inputs. (Sizes stay moderate: tests run
/// unoptimised; the fuzzer and the benches push further.)
#[test]
fn degenerate_inputs_are_answered() {
    let example = phrases()[0];
    let inputs = [
        String::new(),
        " ".into(),
        "\0".repeat(1000),
        "\r".repeat(1000),
        "\n".repeat(50_000),
        "\r\n".repeat(20_000),
        " ".repeat(50_000),
        "\u{A0}".repeat(20_000),
        "a".repeat(200_000),
        "😀".repeat(50_000),
        "\u{0301}".repeat(50_000),
        ". ".repeat(20_000),
        "> ".repeat(20_000),
        ">\n".repeat(20_000),
        "-- \n".repeat(5_000),
        "Sie du ".repeat(2_000),
        "nicht ".repeat(2_000),
        format!("{example} ").repeat(100),
        format!("{example}\n").repeat(100),
        format!("> {example}\n").repeat(500),
        format!("{} {example}", "x".repeat(100_000)),
        format!(
            "{}{example}{}",
            "\u{200D}".repeat(5_000),
            "\u{FEFF}".repeat(5_000)
        ),
    ];
    for text in &inputs {
        for lang in [LangChoice::Auto, LangChoice::De, LangChoice::En] {
            checked(text, &options(lang)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn every_example_survives_hostile_surroundings() {
    let wrappers: &[(&str, &str)] = &[
        ("\u{202E}", "\u{202C}"),
        ("😀", "👨\u{200D}👩\u{200D}👧"),
        ("\0", "\0"),
        ("e\u{0301}", "\u{0308}"),
        ("\r\n\r\n", "\r\n"),
        ("\u{FEFF}", "\u{2028}"),
        ("שלום ", " مرحبا"),
    ];
    for p in phrases() {
        for (before, after) in wrappers {
            let text = format!("{before}{p}{after}");
            for lang in [LangChoice::Auto, LangChoice::De, LangChoice::En] {
                checked(&text, &options(lang)).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Options from untrusted JSON
// ---------------------------------------------------------------------------

const KEYS: &[&str] = &[
    "lang",
    "address",
    "disabledRules",
    "disabledCategories",
    "allowedPhrases",
];

/// Keys a caller might get wrong.
const NEAR_KEYS: &[&str] = &[
    "Lang",
    "language",
    "disabled_rules",
    "disabledRule",
    "allowedPhrase",
    "categories",
    "",
    "__proto__",
];

const WORDS: &[&str] = &[
    "auto",
    "de",
    "en",
    "sie",
    "du",
    "DE",
    "Sie",
    "fr",
    "",
    "refusal",
    "excuse",
    "manipulation",
    "blame",
    "vague",
    "address",
    "de.refusal.geht-nicht",
    "das geht nicht",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        select(WORDS).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(json_key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(KEYS).prop_map(String::from),
        1 => select(NEAR_KEYS).prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// Objects with the right keys and mostly wrong values.
fn options_object() -> impl Strategy<Value = Value> {
    btree_map(json_key(), json_value(), 0..6).prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// The message must say what was wrong, not just that something was.
fn assert_readable(message: &str, input: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        [
            "expected",
            "unknown",
            "duplicate",
            "invalid",
            "EOF",
            "trailing"
        ]
        .iter()
        .any(|w| message.contains(w)),
        "unclear message {message:?} for {input}"
    );
    Ok(())
}

fn is_known_object(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.keys().all(|k| KEYS.contains(&k.as_str())))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn options_from_any_json_never_panic(value in prop_oneof![json_value(), options_object()]) {
        let input = value.to_string();
        match serde_json::from_value::<Options>(value.clone()) {
            Ok(options) => {
                prop_assert!(is_known_object(&value), "accepted {input}");
                checked("Nein, das geht nicht. Unfortunately, that's not possible.", &options)?;
            }
            Err(e) => assert_readable(&e.to_string(), &input)?,
        }
        // The text form takes the same path as the WebAssembly binding.
        let from_text = serde_json::from_str::<Options>(&input);
        prop_assert_eq!(
            from_text.is_ok(),
            serde_json::from_value::<Options>(value).is_ok()
        );
    }

    #[test]
    fn options_from_any_text_never_panic(text in prop_oneof![
        any::<String>(),
        json_value().prop_map(|v| v.to_string()),
        (json_value(), any::<Index>()).prop_map(|(v, cut)| {
            // Truncated JSON.
            let s = v.to_string();
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
            if bounds.is_empty() { s } else { s[..*cut.get(&bounds)].to_string() }
        }),
    ]) {
        if let Err(e) = serde_json::from_str::<Options>(&text) {
            // Syntax errors say where; type errors also say what.
            let message = e.to_string();
            prop_assert!(message.contains(" at line "), "unclear message {message:?} for {text}");
        }
    }
}

#[test]
fn valid_options_are_read() {
    let options: Options = serde_json::from_str(
        r#"{"lang":"de","address":"du","disabledRules":["x"],
            "disabledCategories":["refusal","address"],"allowedPhrases":["geht nicht"]}"#,
    )
    .unwrap();
    assert_eq!(options.lang, LangChoice::De);
    assert_eq!(options.address, AddressChoice::Du);
    assert_eq!(options.disabled_rules, ["x"]);
    assert_eq!(options.disabled_categories.len(), 2);
    assert_eq!(options.allowed_phrases, ["geht nicht"]);
    assert_eq!(
        serde_json::from_str::<Options>("{}").unwrap(),
        Options::default()
    );
}

#[test]
fn wrong_options_are_rejected_with_a_clear_message() {
    let cases: &[(Value, &[&str])] = &[
        (
            json!({"lang": "fr"}),
            &["unknown variant `fr`", "`de`", "`en`"],
        ),
        (json!({"lang": "DE"}), &["unknown variant `DE`"]),
        (json!({"lang": 1}), &["invalid type: integer `1`"]),
        (json!({"lang": ["de"]}), &["invalid type: sequence"]),
        (
            json!({"address": "Sie"}),
            &["unknown variant `Sie`", "`sie`"],
        ),
        (json!({"address": true}), &["invalid type: boolean `true`"]),
        (
            json!({"disabledRules": "de.refusal.x"}),
            &["invalid type: string", "sequence"],
        ),
        (
            json!({"disabledRules": [1]}),
            &["invalid type: integer `1`", "string"],
        ),
        (
            json!({"disabledRules": null}),
            &["invalid type: null", "sequence"],
        ),
        (
            json!({"disabledCategories": ["rude"]}),
            &["unknown variant `rude`", "`refusal`"],
        ),
        (
            json!({"allowedPhrases": {"a": 1}}),
            &["invalid type: map", "sequence"],
        ),
        (
            json!({"disabledRule": []}),
            &["unknown field `disabledRule`", "`disabledRules`"],
        ),
        (
            json!({"disabled_rules": []}),
            &["unknown field `disabled_rules`"],
        ),
        (
            json!({"language": "de"}),
            &["unknown field `language`", "`lang`"],
        ),
        (json!("de"), &["invalid type: string \"de\""]),
        (json!(5), &["invalid type: integer `5`"]),
        (json!(null), &["invalid type: null"]),
        (json!(true), &["invalid type: boolean `true`"]),
    ];
    for (value, expected) in cases {
        let message = match serde_json::from_value::<Options>(value.clone()) {
            Ok(o) => panic!("{value} was accepted as {o:?}"),
            Err(e) => e.to_string(),
        };
        for part in *expected {
            assert!(
                message.contains(part),
                "{value}: message {message:?} lacks {part:?}"
            );
        }
        assert!(
            serde_json::from_str::<Options>(&value.to_string()).is_err(),
            "{value} was accepted as text"
        );
    }
}

/// Found by `options_from_any_json_never_panic`: a derived `Deserialize`
/// reads an array as the positional form of the struct (`["de"]` meant
/// `{"lang": "de"}`). Options are only ever an object.
#[test]
fn options_must_be_an_object() {
    for text in ["[]", r#"["de"]"#, r#"["en", "du", ["x"]]"#] {
        assert!(
            serde_json::from_str::<Options>(text).is_err(),
            "{text} was accepted as options"
        );
    }
}

// ---------------------------------------------------------------------------
// Regressions found by the properties and the fuzzer
// ---------------------------------------------------------------------------

/// Found by `typographic_variants_change_nothing`: a reply header written
/// with a no-break space after "Am"/"On" was not recognised, so the quoted
/// history below it was checked. Fixed in `segment::starts_history`.
#[test]
fn reply_headers_with_odd_blanks_start_history() {
    for blank in ["\u{A0}", "\u{202F}", "\u{2009}", "\t"] {
        for header in [
            format!("Am{blank}3. Mai 2026 um 10:00 schrieb Max Muster <max@example.de>:"),
            format!("On{blank}Mon, 4 May 2026, Jane Doe <jane@example.com> wrote:"),
        ] {
            for history in [
                "Nein, das geht nicht.",
                "Unfortunately, that's not possible.",
            ] {
                let mail = format!("Danke!\n\n{header}\n{history}");
                for lang in [LangChoice::Auto, LangChoice::De, LangChoice::En] {
                    assert_eq!(check(&mail, &options(lang)), vec![], "{mail:?}");
                }
            }
        }
    }
}

/// Found by `the_first_suggestion_removes_its_finding_and_adds_none`: the
/// rewrite of a sentence holding the mail's "du"s left a sentence-initial
/// "Ihre" (her, their) level with the rewrite's "dich"; the tie fell back to
/// Sie, and Takt flagged the "dich" it had just suggested. Pronouns that
/// surely address the reader now decide (`address::analyse`).
#[test]
fn a_sentence_initial_sie_does_not_outvote_a_sure_du() {
    let options = options(LangChoice::De);
    let mail = "Ich kläre das für dich mit den Kollegen. Ihre Hausverwaltung ist zuständig.";
    assert_eq!(check(mail, &options), vec![]);
    let text = "HALLO JONAS, DA MUSST DU DICH BITTE BEIM VERMIETER MELDEN. Ihre";
    let before = check(text, &options);
    assert!(!before.iter().any(|f| f.rule == "de.address.mixed"));
    for f in before.iter().filter(|f| !f.suggestions.is_empty()) {
        let fixed = splice(text, f.replace_start, f.replace_end, &f.suggestions[0]);
        let after = check(&fixed, &options);
        assert!(
            !after.iter().any(|f| f.rule == "de.address.mixed"),
            "{fixed:?}: {after:?}"
        );
    }
}

/// Found by probing run-on text: a pattern's word guard takes the blank
/// after a phrase, so the search resumed behind it and skipped a phrase that
/// follows at once ("das geht nicht das geht nicht" held one finding).
/// Fixed in `Matcher::find` (the search resumes after group `m`). The
/// phrases are counted as the matcher finds them: the findings name their
/// sentence once, as the rule rewrites it whole.
#[test]
fn each_of_several_adjacent_phrases_is_found() {
    for n in 1..=4 {
        let text = vec!["das geht nicht"; n].join(" ");
        let folded = Folded::new(&text, &[]);
        let found = Matcher::get(Lang::De)
            .find(&folded.text)
            .phrases
            .iter()
            .filter(|m| m.rule.category == Category::Refusal)
            .count();
        assert_eq!(found, n, "{text:?}");
    }
}

/// Found by probing run-on text: without a sentence end, every anchor hit
/// was confirmed in its own window of up to 800 bytes (quadratic in the
/// number of phrases). `Matcher::find` now merges overlapping windows of a
/// pattern; every phrase is still found. Its speed is the benchmark's job.
#[test]
fn run_on_text_finds_every_phrase() {
    let text = "das geht nicht ".repeat(2000);
    let findings = check(&text, &options(LangChoice::De));
    assert_eq!(findings.len(), 2000);
}

/// Found by the word-boundary invariant: the Sie/du check split words at
/// digits, so the "du" in "0du" or in a parcel number "AB12DU" counted as a
/// pronoun. Fixed in `address::pronouns`.
#[test]
fn digits_glued_to_a_pronoun_make_no_pronoun() {
    let options = options(LangChoice::De);
    for mail in [
        "0du Wie besprochen schicke ich Ihnen anbei das Angebot.",
        "Hallo Frau Berg, ich sende Ihnen das Paket, Sendungsnummer AB12DU34.",
        "Hallo Frau Berg, anbei das Angebot für Ihr Projekt 2dir.",
    ] {
        let findings = checked(mail, &options).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !findings.iter().any(|f| f.category == Category::Address),
            "{mail:?}: {findings:?}"
        );
    }
}

/// Found by `the_first_suggestion_removes_its_finding_and_adds_none`: in a
/// run-on text (here: sentences glued without a blank after the full stop),
/// a sentence is cut 400 bytes from the phrase, and the cut fell inside a
/// word: the rewrite replaced "…YOUR KI|ND FEEDBACK…" and left "KI" behind.
/// Fixed in `segment.rs`, where a sentence is cut (cuts fall between words).
#[test]
fn a_sentence_cut_at_the_reach_is_cut_between_words() {
    let text = "WE WERE OVERWHELMED BY YOUR KIND FEEDBACK ON THE LAUNCH.Leider geht \
        daDAS SIND NUN MAL UNSERE RICHTLINIEN.DAS GEHT LEIDER NICHT, ABER ICH KANN IHNEN \
        GERN EINE ÄHNLICHE VARIANTE IN EICHE ANBIETEN.IF YOU HAD READ THE INSTRUCTIONS, \
        THE DOOR WOULD HAVE CLOSED PROPERLY.AS I HAVE ALREADY EXPLAINED, THE PERMIT IS \
        YOUR RESPONSIBILITY TO REQUEST.EINE LIEFERUNG AN DIE PACKSTATION GEHT LEIDER \
        NICHT.LEIDER KÖNNEN WIR DAS NICHT ANBIETEN.WE CANNOT OFFER THAT FOR YOUR CURRENT \
        CONTRACT.";
    let long_word = format!("{} das geht nicht, {}", "x".repeat(500), "y".repeat(500));
    for (text, lang) in [(text, LangChoice::En), (&long_word, LangChoice::De)] {
        let findings = checked(text, &options(lang)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!findings.is_empty(), "{text:?}");
    }
}

/// Found by the stress fuzzer (input b8c541f4c809a2c8): when the phrase's own
/// word ran past the reach ("krankheitsbedingtaaaa…", 1,700 bytes), the cut
/// fell inside it, and the pattern took the cut for the end of the word:
/// "krankheitsbedingt" was flagged in the middle of a word. Fixed in
/// `segment.rs`, where a sentence is cut (such a word is kept whole).
#[test]
fn a_word_longer_than_the_reach_is_never_cut() {
    let options = options(LangChoice::De);
    for text in [
        format!("Leider krankheitsbedingt{} abgesagt.", "a".repeat(1695)),
        format!("keinFalls Sie krankheitsbedingt{}", "a".repeat(2800)),
        format!("{}krankheitsbedingt ausfallen", "a".repeat(2800)),
        format!("Ich war krank{} und komme morgen.", "x".repeat(1000)),
    ] {
        checked(&text, &options).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Found by `a_neutral_first_paragraph_shifts_every_finding`: a sentence
/// with no end in reach is cut 400 bytes around the word it is searched
/// around, and the cut went back to the last blank. Next to a token of
/// hundreds of letters ("job.aaaa…") that dropped "job" when the sentence
/// was taken around "that's", not when taken around "our"; which word is
/// used depends on how often each occurs in the mail, so a greeting above
/// changed the finding. The cut now goes back to the last non-letter
/// (`segment::sentence_between`).
#[test]
fn a_phrase_before_a_very_long_token_is_found_whatever_precedes_it() {
    let options = options(LangChoice::En);
    let text = format!(
        "THAT'S NOT OUR JOB.{}HALLO JONAS, ICH HATTE FIEBER UND BIN MIT DEN FOTOS NOCH NICHT DURCH.A",
        "a".repeat(386)
    );
    let alone = check(&text, &options);
    assert!(alone.iter().any(|f| f.rule == "en.refusal.not-our-job"));
    let prefix = "Hi all,\n\nthe files for the project are attached.\n\n";
    let after = check(&format!("{prefix}{text}"), &options);
    assert_eq!(after, shifted(&alone, prefix.encode_utf16().count()));
}

/// Found by `an_applied_suggestion_is_never_flagged` (its well-formedness
/// check: a phrase with a blank at its edge): U+1680,
/// the Ogham space mark, was not folded to a space, so it counted as a
/// letter, and a phrase found at a short form ("'ve") took it in as part
/// of its first word. Every Unicode blank now folds (`fold::fold_char`).
#[test]
fn an_ogham_space_is_a_blank() {
    let text = " \u{1680}WE'VE HAD SOME SERVER ISSUES, SO THE FILES COME LATER.";
    let findings = check(text, &options(LangChoice::En));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].start, 2, "{findings:?}");
}
