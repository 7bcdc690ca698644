//! Time and randomness from the browser, handed to `qabul-core`, which reads neither itself.

use qabul_core::date::Date;
use qabul_core::protocol::uuid_v7;
use wasm_bindgen::JsValue;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    // `Date.now()` is a whole number of milliseconds, far below 2^53.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = js_sys::Date::now() as u64;
    ms
}

/// RFC 3339 in UTC, as the wire format wants (`2026-11-22T08:14:10.123Z`).
pub fn rfc3339(ms: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    date.to_iso_string().into()
}

/// Today's date in UTC, for `today()` in form expressions.
pub fn today() -> Date {
    rfc3339(now_ms())
        .get(..10)
        .and_then(|day| day.parse().ok())
        .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("a valid date"))
}

/// A local, human date and time in the interface language.
pub fn local_time(ms: u64, lang: qabul_core::lang::Lang) -> String {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(lang.code(), &options).into()
}

/// Random bytes from `crypto.getRandomValues`, or `None` if the browser cannot give them.
/// Keys must come from here: a key from zeros would seal every interview alike.
pub fn secure_random_bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0_u8; N];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// As [`secure_random_bytes`], for keys and nonces: an error rather than `None`, since no
/// secret may be made without them.
pub fn key_bytes<const N: usize>() -> Result<[u8; N], crate::storage::StorageError> {
    secure_random_bytes().ok_or_else(|| {
        crate::storage::StorageError::Seal("the browser gives no secure random numbers".to_owned())
    })
}

/// Random bytes from `crypto.getRandomValues`.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0_u8; N];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// A fresh submission id (UUID v7).
pub fn new_id() -> String {
    uuid_v7(now_ms(), random_bytes())
}

/// Resolves after `ms` milliseconds (0: after the browser has had its turn, e.g. to paint).
pub async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            #[allow(clippy::cast_possible_truncation)]
            let ms = ms.min(i32::MAX as u64) as i32;
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
