//! Loading the private key of encrypted forms into the review page: pasted or picked from its
//! file. It stays in memory (see [`crate::review_keys`]); a wrong text is refused clearly.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::seal::PrivateKey;
use wasm_bindgen::JsCast as _;

use crate::i18n::{self, Text, use_lang};
use crate::review_keys::use_keys;

#[component]
pub fn ReviewKey() -> impl IntoView {
    let lang = use_lang();
    let keys = use_keys();
    let text = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    // Folded again once a key is loaded, so that on a phone the table is not a screen below
    // the key's help text.
    let open = RwSignal::new(false);
    let load = move |candidate: String| match candidate.trim().parse::<PrivateKey>() {
        Ok(key) => {
            keys.add(key);
            invalid.set(false);
            text.set(String::new());
            open.set(false);
        }
        Err(_) => invalid.set(true),
    };
    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(content) => load(content.as_string().unwrap_or_default()),
                Err(_) => invalid.set(true),
            }
        });
    };
    view! {
        <details class="card key-panel" data-key-panel="" prop:open=move || open.get()
            on:toggle=move |ev| {
                if let Some(details) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    open.set(details.open());
                }
            }>
            <summary>
                {move || Text::KeyHeading.in_lang(lang.get())}
                {move || {
                    let n = keys.ids().len();
                    (n > 0).then(|| view! { <span class="badge" data-keys-loaded=n>{i18n::keys_loaded(lang.get(), n)}</span> })
                }}
            </summary>
            <p class="muted">{move || Text::KeyHelp.in_lang(lang.get())}</p>
            <label for="private-key">{move || Text::KeyPaste.in_lang(lang.get())}</label>
            <textarea id="private-key" dir="ltr" rows="2" autocomplete="off" spellcheck="false"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="key-actions">
                <button type="button" class="primary" data-action="load-key" on:click=move |_| load(text.get_untracked())>
                    {move || Text::LoadKey.in_lang(lang.get())}
                </button>
                <label class="button secondary file-pick">
                    {move || Text::KeyFromFile.in_lang(lang.get())}
                    <input type="file" data-action="key-file" accept=".txt,text/plain" on:change=pick />
                </label>
                <button type="button" class="secondary" data-action="forget-keys" disabled=move || keys.ids().is_empty() on:click=move |_| keys.forget()>
                    {move || Text::ForgetKeys.in_lang(lang.get())}
                </button>
            </div>
            {move || invalid.get().then(|| view! { <p class="error" role="alert" data-key-error="">{Text::KeyInvalid.in_lang(lang.get())}</p> })}
            <ul class="key-ids">
                {move || keys.ids().into_iter().map(|id| view! { <li dir="ltr" data-key-id=id.to_string()>{id.to_string()}</li> }).collect_view()}
            </ul>
        </details>
    }
}
