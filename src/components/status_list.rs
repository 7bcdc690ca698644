use leptos::prelude::*;

use crate::browser::{self, Persistence};
use crate::i18n::{Text, use_lang};

/// What an enumerator needs to trust before going out: installed, online or not, and whether
/// the browser may delete the answers.
#[component]
pub fn StatusList() -> impl IntoView {
    let lang = use_lang();
    let online = browser::online_signal();
    let installed = browser::is_installed();
    let persistence = LocalResource::new(browser::request_persistence);
    let persistence_text = move || {
        let state = persistence.get().unwrap_or(Persistence::Checking);
        let text = match state {
            Persistence::Checking => Text::StorageChecking,
            Persistence::Persistent => Text::StoragePersistent,
            Persistence::BestEffort => Text::StorageNotPersistent,
            Persistence::Unavailable => Text::StorageUnavailable,
        };
        (state, text)
    };
    view! {
        <section class="card" aria-labelledby="status-heading">
            <h2 id="status-heading">{move || Text::StatusHeading.in_lang(lang.get())}</h2>
            <ul class="status-list">
                <li data-status="installed" data-value=installed.to_string() class:ok=installed>
                    {move || {
                        if installed { Text::Installed } else { Text::InBrowserTab }.in_lang(lang.get())
                    }}
                </li>
                <li
                    data-status="network"
                    data-value=move || if online.get() { "online" } else { "offline" }
                    class:ok=move || online.get()
                    class:warn=move || !online.get()
                >
                    {move || {
                        if online.get() { Text::Online } else { Text::Offline }.in_lang(lang.get())
                    }}
                </li>
                <li
                    data-status="storage"
                    data-value=move || format!("{:?}", persistence_text().0).to_ascii_lowercase()
                    class:ok=move || persistence_text().0 == Persistence::Persistent
                    class:warn=move || persistence_text().0 == Persistence::BestEffort
                >
                    {move || persistence_text().1.in_lang(lang.get())}
                </li>
            </ul>
        </section>
    }
}
