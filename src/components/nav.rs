use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Text, use_lang};

/// The three places an enumerator goes, as large targets at the bottom of the screen.
#[component]
pub fn BottomNav() -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="bottom-nav">
            <A href="/" exact=true>{move || Text::NavHome.in_lang(lang.get())}</A>
            <A href="/outbox">{move || Text::NavOutbox.in_lang(lang.get())}</A>
            <A href="/settings">{move || Text::NavSettings.in_lang(lang.get())}</A>
        </nav>
    }
}
