//! The outbox: every finalized interview on this phone, its state, and "Send now".

use leptos::prelude::*;

use crate::components::outbox_row::OutboxRow;
use crate::i18n::{self, Text, use_lang};
use crate::storage::{self, outbox};
use crate::sync::use_sender;
use leptos_router::components::A;

/// Every finalized interview on this phone and where it is on its way to the server.
#[component]
pub fn Outbox() -> impl IntoView {
    let lang = use_lang();
    let sender = use_sender();
    let entries = LocalResource::new(move || {
        sender.progress.with(|p| p.changes);
        async {
            let db = storage::open().await?;
            outbox::list(&db).await
        }
    });
    let receipts = LocalResource::new(move || {
        sender.progress.with(|p| p.changes);
        async {
            let db = storage::open().await.ok()?;
            outbox::receipt_count(&db)
                .await
                .ok()
                .and_then(|n| usize::try_from(n).ok())
        }
    });
    let progress = move || sender.progress.get();
    view! {
        <main class="page outbox">
            <h2>{move || Text::NavOutbox.in_lang(lang.get())}</h2>
            <section class="card sync">
                <button
                    type="button"
                    class="primary big"
                    data-action="send-now"
                    disabled=move || progress().running
                    on:click=move |_| sender.send_now()
                >
                    {move || Text::SendNow.in_lang(lang.get())}
                </button>
                <p data-sync=move || if progress().running { "running" } else { "idle" }>
                    {move || {
                        let p = progress();
                        match (p.running, p.retry_at_ms.is_some()) {
                            (true, true) => Some(Text::Unreachable.in_lang(lang.get()).to_owned()),
                            (true, false) => Some(i18n::sending(lang.get(), p.sent, p.total)),
                            _ => None,
                        }
                    }}
                </p>
                <p data-receipts=move || receipts.get().flatten().unwrap_or(0)>
                    {move || receipts.get().flatten().map(|n| i18n::receipts(lang.get(), n))}
                </p>
                {move || progress().needs_enrolment.then(|| view! {
                    <p class="error">{Text::NeedsEnrolment.in_lang(lang.get())} " " <A href="/enroll" attr:class="link">{Text::EnrollHeading.in_lang(lang.get())}</A></p>
                })}
                {move || progress().unreachable.then(|| view! { <p class="muted">{Text::Unreachable.in_lang(lang.get())}</p> })}
            </section>
            {move || match entries.get() {
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="muted">{move || Text::OutboxEmpty.in_lang(lang.get())}</p> }.into_any()
                }
                Some(Err(_)) => view! { <p class="error">{move || Text::StorageFailed.in_lang(lang.get())}</p> }.into_any(),
                _ => ().into_any(),
            }}
            <ul class="outbox-list">
                // Keyed by id and state: after each batch only the rows that left or changed
                // are touched, which keeps a thousand-entry outbox responsive while it drains.
                <For
                    each=move || entries.get().and_then(Result::ok).unwrap_or_default()
                    key=|entry| (entry.id.clone(), entry.state)
                    let:entry
                >
                    <OutboxRow entry=entry />
                </For>
            </ul>
        </main>
    }
}
