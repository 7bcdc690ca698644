use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::browser;
use crate::i18n::{Text, use_lang};

/// "A new version is ready", offered only away from the interview screens.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let lang = use_lang();
    let ready = RwSignal::new(false);
    browser::register_service_worker(ready);
    let location = use_location();
    let in_interview = move || location.pathname.get().starts_with("/survey/");
    view! {
        <Show when=move || ready.get() && !in_interview()>
            <div class="update-banner" role="status">
                <span>{move || Text::UpdateReady.in_lang(lang.get())}</span>
                <button type="button" class="primary" data-action="apply-update" on:click=move |_| browser::apply_update()>
                    {move || Text::ApplyUpdate.in_lang(lang.get())}
                </button>
            </div>
        </Show>
    }
}
