use leptos::prelude::*;
use qabul_core::draft::OutboxState;
use qabul_core::interview::Outcome;

use crate::clock;
use crate::components::outbox_counts::state_text;
use crate::i18n::{self, Text, use_lang};
use crate::storage::{self, outbox};
use crate::sync::use_sender;
use leptos_router::components::A;

fn outcome_text(outcome: Outcome) -> Text {
    match outcome {
        Outcome::Completed => Text::OutcomeCompleted,
        Outcome::Refused => Text::OutcomeRefused,
        Outcome::Ineligible => Text::OutcomeIneligible,
    }
}

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
            outbox::receipts(&db).await.ok().map(|r| r.len())
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
                        p.running.then(|| i18n::sending(lang.get(), p.sent, p.total))
                    }}
                </p>
                <p data-receipts=move || receipts.get().flatten().unwrap_or(0)>
                    {move || receipts.get().flatten().map(|n| i18n::receipts(lang.get(), n))}
                </p>
                {move || progress().needs_enrolment.then(|| view! {
                    <p class="error">{Text::NeedsEnrolment.in_lang(lang.get())} " " <A href="/enroll">{Text::EnrollHeading.in_lang(lang.get())}</A></p>
                })}
                {move || progress().unreachable.then(|| view! { <p class="muted">{Text::Unreachable.in_lang(lang.get())}</p> })}
            </section>
            <Suspense fallback=|| ()>
                {move || {
                    entries
                        .get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="muted">{move || Text::OutboxEmpty.in_lang(lang.get())}</p> }.into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul class="outbox-list">
                                        {list
                                            .into_iter()
                                            .map(|entry| {
                                                let id = entry.id.clone();
                                                let stored = entry.state;
                                                let state = Memo::new(move |_| {
                                                    let sending = stored == OutboxState::Queued
                                                        && sender.progress.with(|p| p.in_flight.contains(&id));
                                                    if sending { OutboxState::Sending } else { stored }
                                                });
                                                let outcome = entry.outcome;
                                                let seq = entry.submission.device_seq;
                                                let at = entry.finalized_at_ms;
                                                view! {
                                                    <li class="outbox-entry" data-id=entry.id.clone() data-state=move || state.get().code()>
                                                        <span class="badge" data-state=move || state.get().code()>
                                                            {move || state_text(state.get()).in_lang(lang.get())}
                                                        </span>
                                                        <span>{move || outcome_text(outcome).in_lang(lang.get())}</span>
                                                        {(seq > 0).then(|| view! { <span class="muted">{move || i18n::sequence(lang.get(), seq)}</span> })}
                                                        <span class="muted">{move || clock::local_time(at, lang.get())}</span>
                                                        {entry.reason.clone().map(|r| view! { <span class="error">{r}</span> })}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(_) => view! { <p class="error">{move || Text::StorageFailed.in_lang(lang.get())}</p> }.into_any(),
                        })
                }}
            </Suspense>
        </main>
    }
}
