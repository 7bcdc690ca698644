use leptos::prelude::*;
use qabul_core::lang::Lang;

use crate::i18n::{Text, use_lang};

/// Three large buttons, each language named in its own script so that anyone can find theirs.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="lang-switch" aria-label=move || Text::Language.in_lang(lang.get())>
            {Lang::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <button
                            type="button"
                            lang=option.code()
                            data-lang=option.code()
                            aria-pressed=move || (lang.get() == option).to_string()
                            on:click=move |_| lang.set(option)
                        >
                            {option.endonym()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
