//! Handing a mail in and its findings out.
//!
//! The mail comes in through one `TextEncoder.encodeInto`: wasm-bindgen's
//! own copy of a string runs a JavaScript loop, character by character, as
//! long as the text is ASCII, which took longer than folding it.
//!
//! Most of a finding is its rule's texts and its suggestions, and they
//! repeat: from finding to finding and from check to check. So each crosses
//! the boundary once, and `handover.js` keeps it; a check sends six numbers
//! per finding, and only the texts not sent before, and the objects are
//! built on the JavaScript side, where building them is cheap.

use crate::finding::{Found, Suggestions};
use crate::rule::{self, Rule};
use js_sys::JsString;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::ptr;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/wasm/handover.js")]
extern "C" {
    /// Keeps the texts in `news` (JSON, or empty when there are none) and
    /// returns the findings `numbers` describe, six numbers each.
    #[wasm_bindgen(js_name = takeFindings)]
    fn take_findings(numbers: &[u32], news: &str) -> JsValue;

    /// Writes `text` into `into` as UTF-8, as far as it fits, and returns
    /// the number of bytes written.
    #[wasm_bindgen(js_name = encodeText)]
    fn encode_text(text: &JsString, into: &mut [u8]) -> u32;
}

/// The mail `value` as Rust text; an error if it is no string.
pub fn text(value: &JsValue) -> Result<String, JsError> {
    let text: &JsString = value
        .dyn_ref()
        .ok_or_else(|| JsError::new("Takt: the text to check must be a string"))?;
    let units = text.length() as usize;
    // Room for ASCII and some more; a UTF-16 unit never takes more than
    // three bytes. Tight room is faster too: node's encoder copies the
    // pieces that fit the room left and are all ASCII at once, and with
    // room for three bytes a unit, one `·` in a signature sends a whole
    // English mail through its character-by-character path (6 µs more
    // per 10 KB; see docs/performance.md).
    let mut room = units + units / 8 + 4;
    loop {
        let mut bytes = vec![0; room];
        let written = encode_text(text, &mut bytes) as usize;
        // With room for four more bytes left, no character was left out.
        if written + 4 <= room || room >= units * 3 {
            bytes.truncate(written);
            debug_assert!(std::str::from_utf8(&bytes).is_ok());
            // SAFETY: `encodeInto` writes UTF-8, whole characters only (a
            // lone surrogate becomes U+FFFD), and `written` counts its
            // bytes; the zeros after them are cut off. wasm-bindgen takes
            // its own strings in the same way. Checking them again took a
            // pass over the mail (3% of a German check).
            return Ok(unsafe { String::from_utf8_unchecked(bytes) });
        }
        room = units * 3;
    }
}

/// The rule texts and lists of suggestions JavaScript holds.
#[derive(Default)]
struct Handed {
    /// By rule number (index in [`rule::all`]).
    rules: Vec<bool>,
    /// Each list's number, by rule number and what the list is made of.
    lists: FxHashMap<(u32, Suggestions), u32>,
}

thread_local! {
    static HANDED: RefCell<Handed> = RefCell::default();
}

/// Texts JavaScript has not been given yet, as JSON: `[[[rule number, id,
/// category, severity, message], …], [[list number, [suggestion, …]], …]]`.
type News<'a> = (
    Vec<(u32, &'a str, &'a str, &'a str, &'a str)>,
    Vec<(u32, Vec<String>)>,
);

/// The findings as JavaScript objects, the same as the JSON of
/// [`crate::Finding`] gives.
pub fn findings(found: Vec<Found>) -> Result<JsValue, JsError> {
    HANDED.with(|handed| {
        let mut handed = handed.borrow_mut();
        if handed.rules.is_empty() {
            handed.rules = vec![false; rule::all().len()];
        }
        let mut news: News = (Vec::new(), Vec::new());
        let mut numbers = Vec::with_capacity(found.len() * 6);
        for f in found {
            let rule_number = number_of(f.rule);
            if !std::mem::replace(&mut handed.rules[rule_number as usize], true) {
                let r = f.rule;
                let texts = (r.category.name(), r.severity.name(), r.message);
                news.0.push((rule_number, r.id, texts.0, texts.1, texts.2));
            }
            let next = handed.lists.len() as u32;
            let list = *handed
                .lists
                .entry((rule_number, f.suggestions.clone()))
                .or_insert_with(|| {
                    news.1.push((next, f.suggestions.render(f.rule)));
                    next
                });
            numbers.extend([
                f.start as u32,
                f.end as u32,
                f.replace_start as u32,
                f.replace_end as u32,
                rule_number,
                list,
            ]);
        }
        let news = if news.0.is_empty() && news.1.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&news).map_err(|e| JsError::new(&format!("Takt: {e}")))?
        };
        Ok(take_findings(&numbers, &news))
    })
}

/// The rule's index in [`rule::all`].
fn number_of(rule: &'static Rule) -> u32 {
    let number = rule::all().iter().position(|r| ptr::eq(r, rule));
    number.expect("findings name rules of the registry") as u32
}
