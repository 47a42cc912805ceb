//! The WebAssembly interface: `check(text, options?)` and `rules()`.
//!
//! Errors become JavaScript `Error`s with a clear message; nothing panics
//! across the boundary.

use crate::Options;
use wasm_bindgen::prelude::*;

/// Checks a whole mail; `options` may be `undefined`, `null` or an object.
#[wasm_bindgen]
pub fn check(text: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("Takt: invalid options: {e}")))?
    };
    let findings = crate::check(text, &options);
    serde_wasm_bindgen::to_value(&findings).map_err(|e| JsError::new(&format!("Takt: {e}")))
}

/// Every rule, both languages.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(&crate::rules()).map_err(|e| JsError::new(&format!("Takt: {e}")))
}
