//! What the browser tells us about this phone: network, installation, storage persistence,
//! and the service worker that lets the app open with no network.

use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::Closure;
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

/// Registers `/sw.js` and sets `ready` when a new build has installed and waits. The new
/// build takes over only when [`apply_update`] asks it to, so an interview on screen is never
/// reloaded under the enumerator's hands.
pub fn register_service_worker(ready: RwSignal<bool>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    if container.is_undefined() || !container.is_instance_of::<web_sys::ServiceWorkerContainer>() {
        return;
    }
    leptos::task::spawn_local(async move {
        // After the page has loaded: the worker's precache must not compete with the first
        // load for a slow line.
        wait_for_load().await;
        let registration = match JsFuture::from(container.register("/sw.js")).await {
            Ok(registration) => registration.unchecked_into::<web_sys::ServiceWorkerRegistration>(),
            Err(error) => {
                leptos::logging::warn!("service worker registration failed: {error:?}");
                return;
            }
        };
        let has_controller = move || {
            web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_some())
        };
        if registration.waiting().is_some() && has_controller() {
            ready.set(true);
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = watched.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                let state = js_sys::Reflect::get(&worker, &"state".into())
                    .ok()
                    .and_then(|s| s.as_string());
                if state.as_deref() == Some("installed") && has_controller() {
                    ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}

/// Resolves once the window's `load` event has fired.
async fn wait_for_load() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.ready_state() == "complete" {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                "load", &resolve, &options,
            );
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Tells the waiting build to take over, and reloads once it has.
pub fn apply_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let reload = Closure::<dyn FnMut()>::new(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    leptos::task::spawn_local(async move {
        let Ok(ready) = container.ready() else {
            return;
        };
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration = registration.unchecked_into::<web_sys::ServiceWorkerRegistration>();
        if let Some(waiting) = registration.waiting() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"qabul-apply-update".into());
            let _ = waiting.post_message(&message);
        }
    });
}

/// The build of the service worker that serves this page, as settings shows it (its first
/// eight characters): how an enumerator or a supervisor tells whether an update took. `None`
/// before a worker controls the page.
pub async fn running_build() -> Option<String> {
    let container = web_sys::window()?.navigator().service_worker();
    if container.is_undefined() || !container.is_instance_of::<web_sys::ServiceWorkerContainer>() {
        return None;
    }
    let controller = container.controller()?;
    let channel = web_sys::MessageChannel::new().ok()?;
    let reply = channel.port1();
    let answered = js_sys::Promise::new(&mut |resolve, _| {
        let on_message = Closure::once_into_js(move |event: web_sys::MessageEvent| {
            let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &event.data());
        });
        reply.set_onmessage(Some(on_message.unchecked_ref()));
    });
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"qabul-build".into()).ok()?;
    controller
        .post_message_with_transferable(&message, &js_sys::Array::of1(&channel.port2()))
        .ok()?;
    // A worker that does not answer (busy, or being replaced) must not leave settings waiting.
    let window = web_sys::window()?;
    let gave_up = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1_000);
    });
    let first = js_sys::Promise::race(&js_sys::Array::of2(&answered, &gave_up));
    let build = JsFuture::from(first).await.ok()?.as_string()?;
    Some(build.chars().take(8).collect())
}

/// Asks the service workers to keep the encryption module (see [`crate::sealer`]), which
/// their precache leaves out: from now on this phone seals and unlocks offline. The waiting
/// and installing workers of a newer build are asked too, each keeping its own build's
/// module, so that applying an update offline does not leave the phone without one.
pub fn keep_encryption_module() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    if container.is_undefined() || !container.is_instance_of::<web_sys::ServiceWorkerContainer>() {
        return;
    }
    // Not Leptos's spawner: this may run before the app has mounted (or, in tests, with no
    // app at all).
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(ready) = container.ready() else {
            return;
        };
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration = registration.unchecked_into::<web_sys::ServiceWorkerRegistration>();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"qabul-keep-seal".into());
        for worker in [
            registration.active(),
            registration.waiting(),
            registration.installing(),
        ]
        .into_iter()
        .flatten()
        {
            let _ = worker.post_message(&message);
        }
    });
}

/// How many bytes this origin uses and may use, as the browser estimates them.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?)
        .await
        .ok()?;
    let read = |key: &str| js_sys::Reflect::get(&estimate, &key.into()).ok()?.as_f64();
    Some((read("usage")?, read("quota")?))
}

/// Offers `bytes` as a file named `name` to download, made in the page: for exports that only
/// this page can make, such as those of encrypted forms.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Option<()> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
