use leptos::prelude::*;

use crate::i18n::{Text, use_lang};
use crate::run::{Run, SaveState};
use crate::storage::StorageError;

/// "Saving…" / "Saved" / what went wrong, with a retry that writes the same draft again.
#[component]
pub fn SaveStatus(run: Run) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span
            class="save-status"
            role="status"
            data-save=move || match run.save.get() {
                SaveState::Idle => "idle",
                SaveState::Saving => "saving",
                SaveState::Saved => "saved",
                SaveState::Failed(_) => "failed",
            }
        >
            {move || match run.save.get() {
                SaveState::Idle => None,
                SaveState::Saving => Some(view! { <span>{Text::Saving.in_lang(lang.get())}</span> }.into_any()),
                SaveState::Saved => Some(view! { <span class="ok">{"✓ "}{Text::Saved.in_lang(lang.get())}</span> }.into_any()),
                SaveState::Failed(error) => {
                    let text = if error == StorageError::QuotaExceeded { Text::StorageFull } else { Text::StorageFailed };
                    Some(
                        view! {
                            <span class="error">{text.in_lang(lang.get())}</span>
                            <button type="button" class="secondary" on:click=move |_| run.save_draft()>
                                {Text::Retry.in_lang(lang.get())}
                            </button>
                        }
                            .into_any(),
                    )
                }
            }}
        </span>
    }
}
