//! The PIN that keeps interviews of encrypted forms readable only by their enumerator: set it
//! once (typed twice), enter it after every start and after ten idle minutes. Each wrong PIN
//! says how many tries are left, warns before the last, and the fifth wrong PIN in a row
//! erases the interviews in progress that it protected.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::draft_lock::{KdfCost, LockRecord, NONCE_LEN, Pin, SALT_LEN, Unlock};

use crate::i18n::{self, Text, use_lang};
use crate::storage::{self, StorageError};
use crate::{clock, lock};

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
}

async fn set_pin(pin: &Pin) -> Result<(), StorageError> {
    let salt: [u8; SALT_LEN] = clock::secure_random_bytes().ok_or_else(|| {
        StorageError::Seal("the browser gives no secure random numbers".to_owned())
    })?;
    let nonce: [u8; NONCE_LEN] = clock::secure_random_bytes().ok_or_else(|| {
        StorageError::Seal("the browser gives no secure random numbers".to_owned())
    })?;
    let (record, key) = LockRecord::new(pin, salt, nonce, KdfCost::default());
    let db = storage::open().await?;
    storage::lock::save(&db, &record).await?;
    lock::unlock(key);
    Ok(())
}

async fn try_pin(pin: &Pin) -> Result<Step, StorageError> {
    let db = storage::open().await?;
    let Some(record) = storage::lock::record(&db).await? else {
        return Ok(Step::Set);
    };
    let (record, outcome) = record.try_pin(pin);
    match outcome {
        Unlock::Open(key) => {
            storage::lock::save(&db, &record).await?;
            lock::unlock(key);
            Ok(Step::Enter { left: None })
        }
        Unlock::TryAgain { left } => {
            storage::lock::save(&db, &record).await?;
            Ok(Step::Enter { left: Some(left) })
        }
        Unlock::Wipe => {
            storage::lock::wipe(&db).await?;
            lock::lock();
            Ok(Step::Wiped)
        }
    }
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
    spawn_local(async move {
        let has_pin = match storage::open().await {
            Ok(db) => storage::lock::record(&db).await.ok().flatten().is_some(),
            Err(_) => false,
        };
        step.set(if has_pin {
            Step::Enter { left: None }
        } else {
            Step::Set
        });
    });
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
                set_pin(&typed).await.map(|()| Step::Enter { left: None })
            } else {
                try_pin(&typed).await
            };
            pin.set(String::new());
            again.set(String::new());
            if let Ok(next) = result {
                step.set(next);
                if next == Step::Wiped {
                    if let Some(wiped) = on_wiped {
                        wiped.run(());
                    }
                } else if !lock::is_locked() {
                    on_unlocked.run(());
                }
            } else {
                problem.set(Some(Text::StorageFailed));
                step.set(current);
            }
        });
    };
    view! {
        <section class="card pin-lock" data-pin=move || match step.get() {
            Step::Loading | Step::Checking => "busy",
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
