//! One row of the outbox page.

use leptos::prelude::*;
use qabul_core::draft::{OutboxEntry, OutboxState};
use qabul_core::interview::Outcome;

use crate::clock;
use crate::components::outbox_counts::state_text;
use crate::i18n::{self, Text, use_lang};
use crate::sync::use_sender;

/// What the enumerator is told of a refusal, from the code the server gave (the stored reason
/// is `code: message`, the server's own words, kept below it for the supervisor).
fn refusal_text(state: OutboxState, reason: &str) -> Option<Text> {
    use qabul_core::protocol::codes;
    if state == OutboxState::Conflict {
        return Some(Text::RefusedConflict);
    }
    if state != OutboxState::Rejected {
        return None;
    }
    let code = reason.split(':').next().unwrap_or_default();
    Some(match code {
        codes::UNKNOWN_FORM_VERSION => Text::RefusedUnknownForm,
        codes::SEALING_MISMATCH | codes::MALFORMED_SEALED | codes::WRONG_KEY => {
            Text::RefusedSealing
        }
        _ => Text::RefusedAnswers,
    })
}

fn outcome_text(outcome: Outcome) -> Text {
    match outcome {
        Outcome::Completed => Text::OutcomeCompleted,
        Outcome::Refused => Text::OutcomeRefused,
        Outcome::Ineligible => Text::OutcomeIneligible,
    }
}

/// One finalized interview: its state ("sending" while its batch is on the way), how it
/// ended, its number and when it was finalized.
#[component]
pub fn OutboxRow(entry: OutboxEntry) -> impl IntoView {
    let lang = use_lang();
    let sender = use_sender();
    let OutboxEntry {
        id,
        state: stored,
        outcome,
        finalized_at_ms: at,
        reason,
        submission,
        ..
    } = entry;
    let seq = submission.device_seq;
    let row_id = id.clone();
    let state = Memo::new(move |_| {
        let sending =
            stored == OutboxState::Queued && sender.progress.with(|p| p.in_flight.contains(&id));
        if sending {
            OutboxState::Sending
        } else {
            stored
        }
    });
    view! {
        <li class="outbox-entry" data-id=row_id data-state=move || state.get().code()>
            <span class="badge" data-state=move || state.get().code()>
                {move || state_text(state.get()).in_lang(lang.get())}
            </span>
            <span>{move || outcome_text(outcome).in_lang(lang.get())}</span>
            {(seq > 0).then(|| view! { <span class="muted">{move || i18n::sequence(lang.get(), seq)}</span> })}
            <span class="muted">{move || clock::local_time(at, lang.get())}</span>
            {reason.map(|r| {
                let told = refusal_text(stored, &r);
                view! {
                    {told.map(|t| view! { <span class="error" data-refusal="">{move || t.in_lang(lang.get())}</span> })}
                    <span class="muted reason" dir="ltr">{r}</span>
                }
            })}
        </li>
    }
}
