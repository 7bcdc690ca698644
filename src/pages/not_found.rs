use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Text, use_lang};

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <main class="page">
            <p>{move || Text::NotFound.in_lang(lang.get())}</p>
            <A href="/" attr:class="button">{move || Text::GoHome.in_lang(lang.get())}</A>
        </main>
    }
}
