//! Every rule's own examples and counter-examples, and the promise that
//! applying a suggestion fixes what it was offered for.

use takt::rule::{self, Lang, Rule};
use takt::{check, Finding, LangChoice, Options};

fn options_for(lang: Lang) -> Options {
    Options {
        lang: match lang {
            Lang::De => LangChoice::De,
            Lang::En => LangChoice::En,
        },
        ..Options::default()
    }
}

/// Replaces a UTF-16 range of `text`.
fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = String::from_utf16(&units[..start]).unwrap();
    out.push_str(with);
    out.push_str(&String::from_utf16(&units[end..]).unwrap());
    out
}

fn ids(findings: &[Finding]) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = findings.iter().map(|f| f.rule).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn there_are_rules_for_every_category_in_both_languages() {
    for lang in Lang::ALL {
        for category in ["refusal", "excuse", "manipulation", "blame", "vague"] {
            let n = rule::all()
                .iter()
                .filter(|r| r.lang == lang && r.category.name() == category)
                .count();
            assert!(n > 0, "no {category} rule for {}", lang.code());
        }
    }
}

#[test]
fn every_example_is_flagged_by_its_rule() {
    let mut failures = Vec::new();
    for r in rule::all() {
        for example in rule::docs(r).examples {
            let findings = check(example, &options_for(r.lang));
            if !findings.iter().any(|f| f.rule == r.id) {
                failures.push(format!(
                    "{}: not flagged: {example:?} (found {:?})",
                    r.id,
                    ids(&findings)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Emoji and other symbols written straight after a word, or around a
/// sentence, part words as a blank does; invisible characters pasted into
/// words (soft hyphens, zero-width spaces) leave them whole; a backtick
/// reads as an apostrophe: the phrase is still found.
#[test]
fn every_example_is_flagged_with_symbols_glued_to_its_words() {
    let mut failures = Vec::new();
    for r in rule::all() {
        for example in rule::docs(r).examples {
            let mut texts: Vec<String> = ["😊", "👍🏽", "→", "•", "€"]
                .iter()
                .map(|symbol| {
                    let glued = example.replace(' ', &format!("{symbol} "));
                    format!("{symbol}{glued}{symbol}")
                })
                .collect();
            // A backtick typed for an apostrophe ("can`t").
            if example.contains(['\'', '\u{2019}']) {
                texts.push(example.replace(['\'', '\u{2019}'], "`"));
            }
            for invisible in ['\u{AD}', '\u{200B}', '\u{2060}'] {
                // After the second character of every word.
                let words = example.split(' ').map(|word| {
                    let mut chars = word.chars();
                    let head: String = chars.by_ref().take(2).collect();
                    format!("{head}{invisible}{}", chars.as_str())
                });
                texts.push(words.collect::<Vec<_>>().join(" "));
            }
            for text in texts {
                let findings = check(&text, &options_for(r.lang));
                if !findings.iter().any(|f| f.rule == r.id) {
                    failures.push(format!("{}: not flagged: {text:?}", r.id));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_counter_example_is_flagged_by_its_rule() {
    let mut failures = Vec::new();
    for r in rule::all() {
        for example in rule::docs(r).counter_examples {
            let findings = check(example, &options_for(r.lang));
            if let Some(f) = findings.iter().find(|f| f.rule == r.id) {
                let phrase: String = example
                    .encode_utf16()
                    .skip(f.start)
                    .take(f.end - f.start)
                    .map(|u| u as u8 as char)
                    .collect();
                failures.push(format!("{}: flagged {phrase:?} in {example:?}", r.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} counter-examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn counter_examples_use_the_trigger_words() {
    // A counter-example proves something only when it is a near miss:
    // it shares at least one word with the rule's examples.
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(String::from)
            .collect()
    };
    for r in rule::all() {
        let example_words: Vec<String> = rule::docs(r)
            .examples
            .iter()
            .flat_map(|e| words(e))
            .collect();
        for counter in rule::docs(r).counter_examples {
            assert!(
                words(counter).iter().any(|w| example_words.contains(w)),
                "{}: counter-example shares no word with the examples: {counter:?}",
                r.id
            );
        }
    }
}

#[test]
fn applying_the_first_suggestion_fixes_the_finding_and_adds_none() {
    let mut failures = Vec::new();
    for r in rule::all() {
        for example in rule::docs(r).examples {
            failures.extend(check_first_suggestion(r, example));
        }
    }
    assert!(
        failures.is_empty(),
        "{} suggestions failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_first_suggestion(r: &Rule, example: &str) -> Option<String> {
    let options = options_for(r.lang);
    let before = check(example, &options);
    let finding = before.iter().find(|f| f.rule == r.id)?;
    let Some(first) = finding.suggestions.first() else {
        return (!r.suggestions.is_empty())
            .then(|| format!("{}: no suggestion rendered for {example:?}", r.id));
    };
    let fixed = splice(example, finding.replace_start, finding.replace_end, first);
    let after = check(&fixed, &options);
    let mut expected = ids(&before);
    let at = expected.iter().position(|id| *id == r.id).unwrap();
    expected.remove(at);
    (ids(&after) != expected).then(|| {
        format!(
            "{}: {example:?}\n   -> {fixed:?}\n   findings {:?} -> {:?}",
            r.id,
            ids(&before),
            ids(&after)
        )
    })
}

/// Two phrases of one rule in a sentence that the rule rewrites whole would
/// offer the same rewrite twice: the sentence is reported once, at its first
/// phrase, and the rewrite fixes both.
#[test]
fn a_sentence_rewrite_is_offered_once() {
    for (lang, sentence, rule) in [
        (
            Lang::En,
            "Thanks for the photos. That's not our problem, you will have to take it up with the manufacturer.",
            "en.blame.not-our-problem",
        ),
        (
            Lang::De,
            "Danke für die Unterlagen. Eventuell schaffe ich es bis Freitag, aber versprechen kann ich nichts.",
            "de.vague.versuchen",
        ),
    ] {
        let options = options_for(lang);
        let found = check(sentence, &options);
        let of_rule: Vec<&Finding> = found.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(of_rule.len(), 1, "{sentence}: {found:?}");
        let finding = of_rule[0];
        let fixed = splice(
            sentence,
            finding.replace_start,
            finding.replace_end,
            &finding.suggestions[0],
        );
        assert!(
            check(&fixed, &options).iter().all(|f| f.rule != rule),
            "{fixed}"
        );
    }
}

#[test]
fn suggestions_exist_where_the_category_needs_them() {
    for r in rule::all() {
        if ["refusal", "excuse", "blame", "vague"].contains(&r.category.name()) {
            assert!(!r.suggestions.is_empty(), "{} has no suggestion", r.id);
        }
        assert!(
            r.suggestions.len() <= 3,
            "{} has more than three suggestions",
            r.id
        );
    }
}

#[test]
fn the_catalogue_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md");
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        written == takt::catalogue::markdown(),
        "docs/rules.md is out of date: run `cargo run -p takt -- rules --format markdown > docs/rules.md`"
    );
}
