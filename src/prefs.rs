//! Small preferences kept in localStorage: they must be there before IndexedDB opens, so
//! that the very first paint is already in the enumerator's language and direction.

use gloo_storage::{LocalStorage, Storage as _};
use qabul_core::lang::Lang;

const LANG_KEY: &str = "qabul.lang";

/// A saved string (kept as JSON, as `LocalStorage::set` writes it). Read through the
/// browser's parser: `LocalStorage::get` would bring `serde_json`'s parser into the phone's
/// module for two short strings.
fn stored(key: &str) -> Option<String> {
    let text = LocalStorage::raw().get_item(key).ok()??;
    crate::json::parse(&text)
}

/// The saved interface language, or English on a new phone.
pub fn load_lang() -> Lang {
    stored(LANG_KEY)
        .and_then(|code| code.parse().ok())
        .unwrap_or_default()
}

/// Saves the language; a full or disabled localStorage only loses the preference.
pub fn save_lang(lang: Lang) {
    if let Err(error) = LocalStorage::set(LANG_KEY, lang.code()) {
        leptos::logging::warn!("cannot save the language preference: {error}");
    }
}

const SIZE_KEY: &str = "qabul.text_size";

/// How large the interface's text is: phones are held at arm's length in the sun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    Larger,
}

impl TextSize {
    pub fn code(self) -> &'static str {
        match self {
            TextSize::Normal => "normal",
            TextSize::Large => "large",
            TextSize::Larger => "larger",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        [TextSize::Normal, TextSize::Large, TextSize::Larger]
            .into_iter()
            .find(|size| size.code() == code)
    }
}

pub fn load_text_size() -> TextSize {
    stored(SIZE_KEY)
        .and_then(|code| TextSize::parse(&code))
        .unwrap_or_default()
}

pub fn save_text_size(size: TextSize) {
    if let Err(error) = LocalStorage::set(SIZE_KEY, size.code()) {
        leptos::logging::warn!("cannot save the text size: {error}");
    }
}
