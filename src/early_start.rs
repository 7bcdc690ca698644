//! A new interview begun on the page's first screen before the app's module had started.
//!
//! On a phone's very first load the boot script draws the home page and the interview's first
//! screen itself (from `first_screen_page`'s data), and keeps what is chosen there in
//! localStorage under [`EARLY_KEY`]. Once the app has started, the home page takes it over:
//! the choices go through the interview state machine into a draft, like any answer, and the
//! key is removed only once that draft is written.

use gloo_storage::{LocalStorage, Storage as _};
pub use qabul_core::first_screen::EarlyStart;

/// The localStorage key of an interview begun before the app had started.
pub const EARLY_KEY: &str = "qabul.first";

fn boot_screen() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("boot")
}

/// Whether an interview begun on the boot script's first screen, now on screen, waits to be
/// taken over. (One kept from an earlier load, whose take-over failed, goes on when "New
/// interview" is tapped: [`take_over`].)
pub fn waiting() -> bool {
    boot_screen().is_some_and(|screen| screen.has_attribute("data-first"))
        && LocalStorage::raw()
            .get_item(EARLY_KEY)
            .ok()
            .flatten()
            .is_some()
}

/// The interview begun before the app had started, if one waits. The boot script's screen
/// takes no more choices from here on: the app's own runner takes them.
pub fn take_over() -> Option<EarlyStart> {
    let text = LocalStorage::raw().get_item(EARLY_KEY).ok()??;
    if let Some(screen) = boot_screen() {
        let _ = screen.set_attribute("inert", "");
    }
    let early = crate::json::parse(&text);
    if early.is_none() {
        // Nothing in it can be read back, so nothing is kept by keeping it.
        leptos::logging::warn!("an unreadable early interview was dropped");
        LocalStorage::delete(EARLY_KEY);
    }
    early
}

/// The early interview is a draft now.
pub fn done() {
    LocalStorage::delete(EARLY_KEY);
}

/// Removes the boot script's screen, once the app shows what replaces it.
pub fn end_boot_screen() {
    if let Some(screen) = boot_screen() {
        screen.remove();
    }
}
