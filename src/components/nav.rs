use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Text, use_lang};

/// The three places an enumerator goes, as large targets at the bottom of the screen. Not
/// during an interview: there it would cover Back and Next, and the interview has its own
/// "Save and exit".
#[component]
pub fn BottomNav() -> impl IntoView {
    let lang = use_lang();
    let location = leptos_router::hooks::use_location();
    let in_interview = move || location.pathname.with(|path| path.starts_with("/survey/"));
    view! {
        <nav class="bottom-nav" class:hidden=in_interview>
            <A href="/" exact=true>{move || Text::NavHome.in_lang(lang.get())}</A>
            <A href="/outbox">{move || Text::NavOutbox.in_lang(lang.get())}</A>
            <A href="/settings">{move || Text::NavSettings.in_lang(lang.get())}</A>
        </nav>
    }
}
