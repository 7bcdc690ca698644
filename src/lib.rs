//! Qabul's progressive web app: the enumerator's phone and the supervisor's review pages.
//!
//! Decisions live in `qabul-core`; this crate renders them and carries them out against the
//! browser (IndexedDB, localStorage, the service worker, the network).

pub mod api;
pub mod app;
pub mod browser;
pub mod clock;
pub mod components;
pub mod early_start;
pub mod first_screen_page;
pub mod forms;
pub mod i18n;
pub mod json;
pub mod lock;
pub mod pages;
pub mod prefs;
pub mod review_keys;
pub mod review_opened;
pub mod review_text;
pub mod run;
pub mod sealer;
pub mod storage;
pub mod sync;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;

/// Mounts the supervisor's review pages on `<body>`: the entry point of the review module.
pub fn start_review() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "test-hooks")]
    test_hooks::install_bench();
    leptos::mount::mount_to_body(app::ReviewApp);
}

/// Mounts the app on `<body>`: the entry point of the WebAssembly module.
pub fn start() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "test-hooks")]
    test_hooks::install();
    leptos::mount::mount_to_body(app::App);
}
