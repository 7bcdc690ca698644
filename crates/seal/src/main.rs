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

macro_rules! exports {
    ($(fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        $(
            #[wasm_bindgen]
            pub fn $name($($arg: $ty),*) -> Result<$ret, JsError> {
                qabul_seal::$name($($arg),*).map_err(thrown)
            }
        )*
    };
}
qabul_seal::operations!(exports);
