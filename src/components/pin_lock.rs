//! The PIN that keeps interviews of encrypted forms readable only by their enumerator: set it
//! once (typed twice), enter it after every start and after ten idle minutes. Each wrong PIN
//! says how many tries are left, warns before the last, and the fifth wrong PIN in a row
//! erases the interviews in progress that it protected.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::draft_lock::Pin;

use crate::i18n::{self, Text, use_lang};
use crate::lock;
use crate::storage;

/// Where the PIN screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Loading,
    /// No PIN yet: choose one.
    Set,
    Enter {
        left: Option<u32>,
    },
    Checking,
    Wiped,
    /// The PIN's record could not be read: say so and offer to try again. Never offer to
    /// choose a new PIN then, which would make the locked interviews unreadable for good.
    Unreadable,
}

#[component]
pub fn PinLock(
    on_unlocked: Callback<()>,
    /// After the fifth wrong PIN erased the locked drafts, for lists to show them gone.
    #[prop(optional)]
    on_wiped: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let step = RwSignal::new(Step::Loading);
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Text>);
    let load = move || {
        step.set(Step::Loading);
        spawn_local(async move {
            let record = match storage::open().await {
                Ok(db) => storage::lock::record(&db).await,
                Err(error) => Err(error),
            };
            step.set(match record {
                Ok(Some(_)) => Step::Enter { left: None },
                Ok(None) => Step::Set,
                Err(error) => {
                    leptos::logging::error!("cannot read the PIN's record: {error}");
                    Step::Unreadable
                }
            });
        });
    };
    load();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(typed) = pin.get_untracked().parse::<Pin>() else {
            problem.set(Some(Text::PinInvalid));
            return;
        };
        let current = step.get_untracked();
        if current == Step::Set && again.get_untracked().parse::<Pin>().ok() != Some(typed.clone())
        {
            problem.set(Some(Text::PinMismatch));
            return;
        }
        problem.set(None);
        step.set(Step::Checking);
        spawn_local(async move {
            let result = if current == Step::Set {
                // `false`: a PIN was set meanwhile (in another tab); it is asked for instead.
                lock::set_pin(&typed)
                    .await
                    .map(|_| Step::Enter { left: None })
            } else {
                lock::enter_pin(&typed).await.map(|entered| match entered {
                    lock::Entered::NoPin => Step::Set,
                    lock::Entered::Unlocked => Step::Enter { left: None },
                    lock::Entered::TryAgain { left } => Step::Enter { left: Some(left) },
                    lock::Entered::Wiped => Step::Wiped,
                })
            };
            pin.set(String::new());
            again.set(String::new());
            match result {
                Ok(next) => {
                    step.set(next);
                    if next == Step::Wiped {
                        if let Some(wiped) = on_wiped {
                            wiped.run(());
                        }
                    } else if !lock::is_locked() {
                        on_unlocked.run(());
                    }
                }
                // What went wrong, in the enumerator's words: a full phone, a missing
                // encryption module, a failed read.
                Err(error) => {
                    problem.set(Some(error.text()));
                    step.set(current);
                }
            }
        });
    };
    view! {
        <section class="card pin-lock" data-pin=move || match step.get() {
            Step::Loading | Step::Checking => "busy",
            Step::Unreadable => "unreadable",
            Step::Set => "set",
            Step::Enter { .. } => "enter",
            Step::Wiped => "wiped",
        }>
            {move || match step.get() {
                Step::Wiped => view! {
                    <p class="notice" role="alert">{Text::PinWiped.in_lang(lang.get())}</p>
                }
                    .into_any(),
                Step::Loading => ().into_any(),
                Step::Unreadable => view! {
                    <p class="error" role="alert">{move || Text::StorageFailed.in_lang(lang.get())}</p>
                    <button type="button" class="primary big" data-action="pin-retry" on:click=move |_| load()>
                        {move || Text::Retry.in_lang(lang.get())}
                    </button>
                }
                    .into_any(),
                current => view! {
                    <h2>{move || if current == Step::Set { Text::PinSetHeading } else { Text::PinEnterHeading }.in_lang(lang.get())}</h2>
                    <p class="muted">{move || Text::PinHelp.in_lang(lang.get())}</p>
                    <form on:submit=submit>
                        <label for="pin">{move || Text::Pin.in_lang(lang.get())}</label>
                        <input id="pin" type="password" inputmode="numeric" autocomplete="off" dir="ltr"
                            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev)) />
                        {(current == Step::Set).then(|| view! {
                            <label for="pin-again">{move || Text::PinAgain.in_lang(lang.get())}</label>
                            <input id="pin-again" type="password" inputmode="numeric" autocomplete="off" dir="ltr"
                                prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev)) />
                        })}
                        {match current {
                            Step::Enter { left: Some(left) } => Some(view! {
                                <p class="error" role="alert" data-pin-left=left>
                                    {move || i18n::pin_tries_left(lang.get(), left)}
                                </p>
                            }),
                            _ => None,
                        }}
                        {move || problem.get().map(|t| view! { <p class="error" role="alert">{t.in_lang(lang.get())}</p> })}
                        <button type="submit" class="primary big" data-action="pin-submit" disabled=move || step.get() == Step::Checking>
                            {move || Text::PinSubmit.in_lang(lang.get())}
                        </button>
                    </form>
                }
                    .into_any(),
            }}
        </section>
    }
}
