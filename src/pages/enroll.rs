use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::i18n::{Text, use_lang};
use crate::storage::{self, device};
use crate::sync::use_sender;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Busy,
    Done,
    Failed(Text),
}

/// The code from `#code=…`: the link and the QR code carry it in the fragment, which the
/// browser never sends to any server or proxy.
fn code_from_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("code="))
        .map(|code| {
            js_sys::decode_uri_component(code).map_or_else(|_| code.to_owned(), String::from)
        })
        .filter(|code| !code.is_empty())
}

async fn enrol(code: String) -> Result<(), Text> {
    let response = api::enroll(&code).await.map_err(|error| match error {
        ApiError::Status { status: 429, .. } => Text::EnrollRateLimited,
        ApiError::Status {
            status: 400..=499, ..
        } => Text::EnrollInvalid,
        _ => Text::EnrollOffline,
    })?;
    let forms = api::forms(&response.token)
        .await
        .map_err(|_| Text::EnrollOffline)?;
    let db = storage::open().await.map_err(|_| Text::StorageFailed)?;
    device::enrol(&db, &response.into(), &forms.forms)
        .await
        .map_err(|_| Text::StorageFailed)
}

/// `/enroll`: from the supervisor's link (`#code=…`) or a typed code to a phone that sends.
#[component]
pub fn Enroll() -> impl IntoView {
    let lang = use_lang();
    let sender = use_sender();
    let code = RwSignal::new(code_from_fragment().unwrap_or_default());
    let state = RwSignal::new(State::Idle);
    let submit = move || {
        let value = code.get_untracked().trim().to_owned();
        if value.is_empty() {
            return;
        }
        state.set(State::Busy);
        spawn_local(async move {
            match enrol(value).await {
                Ok(()) => {
                    state.set(State::Done);
                    sender.progress.update(|p| p.needs_enrolment = false);
                    sender.send_now();
                }
                Err(text) => state.set(State::Failed(text)),
            }
        });
    };
    // Opened from the link: enrol at once, nothing to type.
    if !code.get_untracked().is_empty() {
        submit();
    }
    view! {
        <main class="page enroll">
            <h2>{move || Text::EnrollHeading.in_lang(lang.get())}</h2>
            <p>{move || Text::EnrollIntro.in_lang(lang.get())}</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                <label for="enrol-code">{move || Text::EnrollCode.in_lang(lang.get())}</label>
                <input
                    id="enrol-code"
                    type="text"
                    dir="ltr"
                    autocomplete="off"
                    autocapitalize="characters"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
                <button type="submit" class="primary big" disabled=move || state.get() == State::Busy>
                    {move || Text::EnrollButton.in_lang(lang.get())}
                </button>
            </form>
            {move || match state.get() {
                State::Done => Some(view! {
                    <p class="ok-note" data-enrolled="true">{Text::Enrolled.in_lang(lang.get())}</p>
                    <A href="/" attr:class="button">{Text::NavHome.in_lang(lang.get())}</A>
                }.into_any()),
                State::Failed(text) => Some(view! { <p class="error" role="alert">{text.in_lang(lang.get())}</p> }.into_any()),
                State::Idle | State::Busy => None,
            }}
        </main>
    }
}
