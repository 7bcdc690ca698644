use leptos::prelude::*;
use leptos_router::components::A;
use qabul_core::draft::OutboxState;

use crate::i18n::{Text, use_lang};
use crate::storage::{self, outbox};

pub fn state_text(state: OutboxState) -> Text {
    match state {
        OutboxState::Queued => Text::StateQueued,
        OutboxState::Sending => Text::StateSending,
        OutboxState::Sent => Text::StateSent,
        OutboxState::Rejected => Text::StateRejected,
        OutboxState::Conflict => Text::StateConflict,
        OutboxState::Practice => Text::StatePractice,
    }
}

/// How many finalized interviews are in each state, linking to the outbox.
#[component]
pub fn OutboxCounts() -> impl IntoView {
    let lang = use_lang();
    let entries = LocalResource::new(|| async {
        let db = storage::open().await?;
        outbox::list(&db).await
    });
    view! {
        <section class="card" aria-labelledby="outbox-heading">
            <h2 id="outbox-heading">
                <A href="/outbox" attr:class="link">{move || Text::NavOutbox.in_lang(lang.get())}</A>
            </h2>
            <Suspense fallback=|| ()>
                {move || {
                    entries
                        .get()
                        .map(|result| {
                            let counts = result.map(|e| outbox::counts(&e)).unwrap_or_default();
                            if counts.is_empty() {
                                view! { <p class="muted">{move || Text::OutboxEmpty.in_lang(lang.get())}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="counts">
                                        {counts
                                            .into_iter()
                                            .map(|(state, n)| {
                                                view! {
                                                    <li data-state=state.code() data-count=n>
                                                        <span>{move || state_text(state).in_lang(lang.get())}</span>
                                                        <strong>{n}</strong>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}
