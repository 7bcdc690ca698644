//! The phone's encryption module: a WebAssembly module of its own, loaded when the phone
//! first needs it (a form with a public key, a PIN), so that a phone that never sees an
//! encrypted form never downloads it, and the first load stays small.
//! The operations are in the library; this exports them to the app's module.

use wasm_bindgen::prelude::*;

fn main() {}

#[allow(clippy::needless_pass_by_value)] // the shape `map_err` takes
fn thrown(message: String) -> JsError {
    JsError::new(&message)
}

#[wasm_bindgen]
pub fn lock_new(pin: &str, salt: &[u8], nonce: &[u8]) -> Result<String, JsError> {
    qabul_seal::lock_new(pin, salt, nonce).map_err(thrown)
}

#[wasm_bindgen]
pub fn lock_try(record: &str, pin: &str) -> Result<String, JsError> {
    qabul_seal::lock_try(record, pin).map_err(thrown)
}

#[wasm_bindgen]
pub fn derive_key(
    pin: &str,
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
) -> Result<Vec<u8>, JsError> {
    qabul_seal::derive_key(pin, salt, memory_kib, passes).map_err(thrown)
}

#[wasm_bindgen]
pub fn draft_seal(
    key: &[u8],
    draft_id: &str,
    plaintext: &[u8],
    nonce: &[u8],
) -> Result<String, JsError> {
    qabul_seal::draft_seal(key, draft_id, plaintext, nonce).map_err(thrown)
}

#[wasm_bindgen]
pub fn draft_open(key: &[u8], draft_id: &str, sealed: &str) -> Result<Vec<u8>, JsError> {
    qabul_seal::draft_open(key, draft_id, sealed).map_err(thrown)
}

#[wasm_bindgen]
pub fn check_public_key(text: &str) -> Result<(), JsError> {
    qabul_seal::check_public_key(text).map_err(thrown)
}

#[wasm_bindgen]
pub fn seal_submission(
    submission: &str,
    device_id: &str,
    public_key: &str,
    ephemeral: &[u8],
) -> Result<String, JsError> {
    qabul_seal::seal_submission(submission, device_id, public_key, ephemeral).map_err(thrown)
}
