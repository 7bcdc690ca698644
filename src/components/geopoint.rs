use leptos::prelude::*;
use qabul_core::answer::{AnswerValue, Geopoint};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::prelude::Closure;

use crate::i18n::{self, Text, use_lang};
use crate::run::Run;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locating {
    Idle,
    Busy,
    Denied,
    Unavailable,
}

/// A location with its accuracy, from the phone's GPS; a refusal gets a clear message and the
/// interview goes on.
#[component]
pub fn GeopointInput(run: Run, node: usize) -> impl IntoView {
    let lang = use_lang();
    let name = run.with(|iv| iv.form().nodes()[node].name.clone());
    let state = RwSignal::new(Locating::Idle);
    let current = {
        let name = name.clone();
        move || {
            run.with(|iv| match iv.answer_of(&name) {
                Some(AnswerValue::Geopoint(point)) => Some(*point),
                _ => None,
            })
        }
    };
    let locate = {
        let name = name.clone();
        move |_| {
            let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
                state.set(Locating::Unavailable);
                return;
            };
            state.set(Locating::Busy);
            let name = name.clone();
            let ok = Closure::once_into_js(move |position: wasm_bindgen::JsValue| {
                let coords = js_sys::Reflect::get(&position, &"coords".into()).unwrap_or_default();
                let read = |key: &str| {
                    js_sys::Reflect::get(&coords, &key.into())
                        .ok()
                        .and_then(|v| v.as_f64())
                };
                match (read("latitude"), read("longitude"), read("accuracy")) {
                    (Some(lat), Some(lon), Some(accuracy)) => {
                        state.set(Locating::Idle);
                        run.answer(
                            &name,
                            Some(AnswerValue::Geopoint(Geopoint { lat, lon, accuracy })),
                        );
                    }
                    _ => state.set(Locating::Unavailable),
                }
            });
            let err = Closure::once_into_js(move |error: wasm_bindgen::JsValue| {
                let code = js_sys::Reflect::get(&error, &"code".into())
                    .ok()
                    .and_then(|v| v.as_f64());
                // 1 is PERMISSION_DENIED in the Geolocation API.
                state.set(if code == Some(1.0) {
                    Locating::Denied
                } else {
                    Locating::Unavailable
                });
            });
            let options = web_sys::PositionOptions::new();
            options.set_enable_high_accuracy(true);
            options.set_timeout(30_000);
            if geo
                .get_current_position_with_error_callback_and_options(
                    ok.unchecked_ref(),
                    Some(err.unchecked_ref()),
                    &options,
                )
                .is_err()
            {
                state.set(Locating::Unavailable);
            }
        }
    };
    let clear = move |_| run.answer(&name, None);
    let current_view = current.clone();
    view! {
        <div class="geopoint">
            <button type="button" class="secondary" on:click=locate disabled=move || state.get() == Locating::Busy>
                {move || {
                    if state.get() == Locating::Busy { Text::Locating } else { Text::RecordLocation }
                        .in_lang(lang.get())
                }}
            </button>
            {move || {
                current_view()
                    .map(|point| {
                        view! {
                            <p class="geopoint-value" dir="ltr">
                                {format!("{:.5}, {:.5}", point.lat, point.lon)}
                            </p>
                            <p>{i18n::accuracy(lang.get(), point.accuracy)}</p>
                            <button type="button" class="link" on:click=clear.clone()>
                                {move || Text::ClearAnswer.in_lang(lang.get())}
                            </button>
                        }
                    })
            }}
            <p class="error" role="alert">
                {move || match state.get() {
                    Locating::Denied => Some(Text::LocationDenied.in_lang(lang.get())),
                    Locating::Unavailable => Some(Text::LocationUnavailable.in_lang(lang.get())),
                    _ => None,
                }}
            </p>
        </div>
    }
}
