//! What the browser tells us about this phone: network, installation, storage persistence,
//! and the service worker that lets the app open with no network.

use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;

/// Whether the browser may evict our data under storage pressure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    Checking,
    Persistent,
    BestEffort,
    Unavailable,
}

/// True when the browser reports a network connection.
pub fn is_online() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().on_line())
}

/// True when the app runs from the home screen rather than in a browser tab.
pub fn is_installed() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(display-mode: standalone)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// A signal that follows the browser's `online` and `offline` events.
pub fn online_signal() -> ReadSignal<bool> {
    let (online, set_online) = signal(is_online());
    let on = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let off = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    online
}

/// Asks for persistent storage (granted silently to installed apps in Chrome) and reports
/// what the browser decided. Asking is what keeps Chrome from evicting a phone's answers.
pub async fn request_persistence() -> Persistence {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return Persistence::Unavailable;
    };
    let already = match storage.persisted() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let granted = if already == Some(true) {
        Some(true)
    } else {
        match storage.persist() {
            Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
            Err(_) => already,
        }
    };
    match granted {
        Some(true) => Persistence::Persistent,
        Some(false) => Persistence::BestEffort,
        None => Persistence::Unavailable,
    }
}

/// Registers `/sw.js`. Failure only costs offline start, so it is logged, not shown.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    if container.is_undefined() || !container.is_instance_of::<web_sys::ServiceWorkerContainer>() {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Err(error) = JsFuture::from(container.register("/sw.js")).await {
            leptos::logging::warn!("service worker registration failed: {error:?}");
        }
    });
}
