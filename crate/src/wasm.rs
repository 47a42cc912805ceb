//! The WebAssembly interface: `check(text, options?)`, `checkJson(text,
//! options?)`, `rules()`, and a `Checker` with the same two checks for a
//! mail being written (it reuses the lines that did not change).
//!
//! The mail comes in through one `TextEncoder.encodeInto`, and findings go
//! out as numbers, each text once (see [`handover`]). Errors become
//! JavaScript `Error`s with a clear message; nothing panics across the
//! boundary.

mod handover;

use crate::finding::{Compact, Found};
use crate::{AddressChoice, Category, LangChoice, Options};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// Checks a whole mail; `options` may be `undefined`, `null` or an object.
#[wasm_bindgen]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    handover::findings(found(&text, &options)?)
}

/// The same findings as JSON text, each rule's texts given once (see
/// [`Compact`]): what a caller that passes them on, as the extension's worker
/// does, needs without a parse.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    options: JsValue,
) -> Result<String, JsError> {
    compact_json(found(&text, &options)?)
}

/// Checks one mail after another, as it is being written: the same
/// findings as `check`, found faster when most lines stay as they were.
#[wasm_bindgen]
#[derive(Default)]
pub struct Checker {
    checker: crate::Checker,
}

#[wasm_bindgen]
impl Checker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Checker {
        Checker::default()
    }

    /// See `check`.
    pub fn check(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsError> {
        handover::findings(self.found(&text, &options)?)
    }

    /// See `checkJson`.
    #[wasm_bindgen(js_name = checkJson)]
    pub fn check_json(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        options: JsValue,
    ) -> Result<String, JsError> {
        compact_json(self.found(&text, &options)?)
    }

    fn found(&mut self, text: &JsValue, options: &JsValue) -> Result<Vec<Found>, JsError> {
        let options = options_or_error(options)?;
        Ok(self.checker.check_found(&handover::text(text)?, &options))
    }
}

fn found(text: &JsValue, options: &JsValue) -> Result<Vec<Found>, JsError> {
    let options = options_or_error(options)?;
    Ok(crate::check_text(&handover::text(text)?, &options, None))
}

fn compact_json(found: Vec<Found>) -> Result<String, JsError> {
    serde_json::to_string(&Compact::new(&crate::written_out(found)))
        .map_err(|e| JsError::new(&format!("Takt: {e}")))
}

fn options_or_error(options: &JsValue) -> Result<Options, JsError> {
    parse_options(options).map_err(|e| JsError::new(&format!("Takt: invalid options: {e}")))
}

/// Every rule, both languages.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::rules()).map_err(|e| JsError::new(&format!("Takt: {e}")))
}

/// Reads the options object key by key, so that an unknown key or a wrong
/// type is reported with the option's name.
fn parse_options(value: &JsValue) -> Result<Options, String> {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    if !value.is_object() || Array::is_array(value) {
        return Err("options must be an object such as { lang: 'de' }".into());
    }
    let keys = Object::keys(value.unchecked_ref::<Object>());
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        let field = Reflect::get(value, &key).map_err(|_| format!("cannot read `{name}`"))?;
        if field.is_undefined() {
            continue;
        }
        match name.as_str() {
            "lang" => options.lang = choice(&name, &field, LANGS, "'auto', 'de' or 'en'")?,
            "address" => {
                options.address = choice(&name, &field, ADDRESSES, "'auto', 'sie' or 'du'")?
            }
            "disabledRules" => options.disabled_rules = string_list(&name, &field)?,
            "allowedPhrases" => options.allowed_phrases = string_list(&name, &field)?,
            "disabledCategories" => {
                let names = string_list(&name, &field)?;
                options.disabled_categories = names
                    .iter()
                    .map(|c| {
                        Category::ALL.into_iter().find(|k| k.name() == c).ok_or_else(|| {
                            format!("`disabledCategories` has an unknown category `{c}` (use refusal, excuse, manipulation, blame, vague or address)")
                        })
                    })
                    .collect::<Result<_, _>>()?;
            }
            _ => {
                return Err(format!(
                    "unknown option `{name}` (known: lang, address, disabledRules, disabledCategories, allowedPhrases)"
                ))
            }
        }
    }
    Ok(options)
}

const LANGS: &[(&str, LangChoice)] = &[
    ("auto", LangChoice::Auto),
    ("de", LangChoice::De),
    ("en", LangChoice::En),
];

const ADDRESSES: &[(&str, AddressChoice)] = &[
    ("auto", AddressChoice::Auto),
    ("sie", AddressChoice::Sie),
    ("du", AddressChoice::Du),
];

/// The value of option `name` named by the string `field`. Matched by hand
/// rather than through serde: its error messages would bring float
/// formatting (14 KB) into the module.
fn choice<T: Copy>(
    name: &str,
    field: &JsValue,
    choices: &[(&str, T)],
    expected: &str,
) -> Result<T, String> {
    let text = field.as_string();
    let known = choices
        .iter()
        .find(|(option, _)| Some(*option) == text.as_deref());
    match (known, text) {
        (Some(&(_, value)), _) => Ok(value),
        (None, Some(text)) => Err(format!("`{name}` must be {expected}, not '{text}'")),
        (None, None) => {
            let shown = js_sys::JSON::stringify(field)
                .ok()
                .and_then(|json| json.as_string())
                .unwrap_or_else(|| {
                    format!("a {}", field.js_typeof().as_string().unwrap_or_default())
                });
            Err(format!("`{name}` must be {expected}, not {shown}"))
        }
    }
}

fn string_list(name: &str, field: &JsValue) -> Result<Vec<String>, String> {
    if !Array::is_array(field) {
        return Err(format!("`{name}` must be a list of strings"));
    }
    Array::from(field)
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_string()
                .ok_or_else(|| format!("`{name}`[{i}] must be a string"))
        })
        .collect()
}
