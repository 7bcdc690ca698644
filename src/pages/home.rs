use leptos::prelude::*;

use crate::components::status_list::StatusList;
use crate::i18n::{Text, use_lang};

/// The first page an enumerator sees.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    view! {
        <main class="page home">
            <p class="tagline">{move || Text::Tagline.in_lang(lang.get())}</p>
            <StatusList />
        </main>
    }
}
