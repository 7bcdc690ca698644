//! Small preferences kept in localStorage: they must be there before IndexedDB opens, so
//! that the very first paint is already in the enumerator's language and direction.

use gloo_storage::{LocalStorage, Storage as _};
use qabul_core::lang::Lang;

const LANG_KEY: &str = "qabul.lang";

/// The saved interface language, or English on a new phone.
pub fn load_lang() -> Lang {
    LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|code| code.parse().ok())
        .unwrap_or_default()
}

/// Saves the language; a full or disabled localStorage only loses the preference.
pub fn save_lang(lang: Lang) {
    if let Err(error) = LocalStorage::set(LANG_KEY, lang.code()) {
        leptos::logging::warn!("cannot save the language preference: {error}");
    }
}
