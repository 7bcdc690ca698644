//! JSON read with the browser's own `JSON.parse`, then taken into Rust types.
//!
//! `serde_json`'s parser is some forty kilobytes of the module; the browser has a fast one
//! built in, and `serde-wasm-bindgen` (which IndexedDB's values go through already) maps the
//! parsed value onto the same `Deserialize` types. Writing JSON stays with `serde_json`.

use serde::de::DeserializeOwned;

/// Parses `text` into a `T`; `None` if it is not JSON or not a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}
