//! Helpers for checking findings against the engine's promises, shared by
//! the property tests (`crate/tests/properties.rs`) and the fuzz oracle
//! (`fuzz/src/lib.rs`), which include this file by path.

use std::collections::BTreeMap;
use takt::Finding;

/// Whether UTF-16 offset `at` (on a character boundary) lies between two
/// letters or digits.
pub fn splits_word(units: &[u16], at: usize) -> bool {
    let letter = |c: char| c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric());
    let before = char::decode_utf16(units[..at].iter().rev().copied()).next();
    let after = char::decode_utf16(units[at..].iter().copied()).next();
    // Going backwards, a surrogate pair decodes as two errors: not a letter.
    matches!((before, after), (Some(Ok(b)), Some(Ok(a))) if letter(b) && letter(a))
}

/// Replaces a UTF-16 range of `text`.
pub fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = String::from_utf16(&units[..start]).expect("finding boundaries");
    out.push_str(with);
    out.push_str(&String::from_utf16(&units[end..]).expect("finding boundaries"));
    out
}

/// The findings' rule ids as a multiset.
pub fn rule_counts(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.rule).or_insert(0) += 1;
    }
    counts
}

/// The findings moved `by` UTF-16 units to the right.
pub fn shifted(findings: &[Finding], by: usize) -> Vec<Finding> {
    findings
        .iter()
        .cloned()
        .map(|mut f| {
            f.start += by;
            f.end += by;
            f.replace_start += by;
            f.replace_end += by;
            f
        })
        .collect()
}
