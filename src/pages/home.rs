use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use qabul_core::draft::Draft;
use qabul_core::expr::EvalContext;
use qabul_core::interview::Interview;

use crate::clock;
use crate::components::outbox_counts::OutboxCounts;
use crate::components::pin_lock::PinLock;
use crate::components::status_list::StatusList;
use crate::early_start::{self, EarlyStart};
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::storage::{self, StorageError, device, drafts};

/// Why a new interview did not start.
#[derive(Debug)]
enum StartError {
    Storage(StorageError),
    Unusable(forms::Unusable),
}

impl From<StorageError> for StartError {
    fn from(error: StorageError) -> Self {
        Self::Storage(error)
    }
}

/// Starts an interview (a practice one before enrolment) and saves its draft before opening it;
/// with what was chosen on the boot script's first screen, if the interview began there.
async fn start_interview(
    lang: qabul_core::lang::Lang,
    early: Option<&EarlyStart>,
) -> Result<String, StartError> {
    let db = storage::open().await?;
    // Before enrolment every interview is practice: it can never be sent.
    let practice = device::enrolment(&db).await?.is_none();
    let form = if practice {
        forms::builtin()
    } else {
        forms::load(&db).await?;
        forms::for_new_interview().map_err(StartError::Unusable)?
    };
    let had_early = early.is_some();
    // Begun before enrolment, it is practice: a phone enrolled since does not carry it into an
    // interview that is sent.
    let early = early.filter(|_| practice);
    if let Some(id) = early.and_then(EarlyStart::draft_id)
        && let Some(draft) = drafts::get(&db, id).await?
    {
        // Written already (the phone stopped before the key went): that draft goes on, with
        // whatever was answered in it since.
        early_start::done();
        return Ok(format!("/survey/{}/{}", draft.form_id, draft.id));
    }
    let now = clock::now_ms();
    let context = EvalContext {
        today: clock::today(),
    };
    let mut interview = Interview::new(Arc::clone(&form), lang, context);
    let (id, started) = match early {
        Some(early) => {
            for refused in early.give_to(&mut interview, now) {
                leptos::logging::warn!("an early answer was not taken: {refused}");
            }
            let id = early.draft_id().map_or_else(clock::new_id, str::to_owned);
            (id, early.started_ms(now))
        }
        None => (clock::new_id(), now),
    };
    let draft = Draft::start(id, &interview, practice, clock::rfc3339(started), now);
    drafts::put(&db, &draft).await?;
    if had_early {
        early_start::done();
    }
    Ok(format!("/survey/{}/{}", draft.form_id, draft.id))
}

/// The first page an enumerator sees: what can be filled, what is in progress, what is waiting.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<Text>);
    let refresh = RwSignal::new(0_u32);
    let drafts = LocalResource::new(move || {
        refresh.track();
        async move {
            let db = storage::open().await?;
            drafts::list(&db).await
        }
    });
    // Interviews of an encrypted form need the PIN first; once it is entered, the interview
    // that asked for it starts.
    let need_pin = RwSignal::new(false);
    // Whether the PIN was asked for by "New interview" (not by "Enter your PIN").
    let pin_for_start = RwSignal::new(false);
    // A second tap while the first interview's draft is being written (seconds on a slow
    // phone) would start a second interview.
    let starting = RwSignal::new(false);
    let start = move |early: Option<EarlyStart>| {
        if starting.get_untracked() {
            return;
        }
        starting.set(true);
        let navigate = navigate.clone();
        let lang = lang.get_untracked();
        spawn_local(async move {
            let started = start_interview(lang, early.as_ref()).await;
            if started.is_err() {
                starting.try_set(false);
                // The boot script's screen hid this page's message.
                early_start::end_boot_screen();
            }
            match started {
                Ok(path) => navigate(&path, leptos_router::NavigateOptions::default()),
                Err(StartError::Storage(StorageError::Locked)) => {
                    pin_for_start.set(true);
                    need_pin.set(true);
                }
                Err(StartError::Storage(e)) => error.set(Some(e.text())),
                Err(StartError::Unusable(forms::Unusable::Unreadable)) => {
                    error.set(Some(Text::FormUnreadable));
                }
                Err(StartError::Unusable(forms::Unusable::EncryptionMissing)) => {
                    error.set(Some(Text::EncryptionMissing));
                }
            }
        });
    };
    // "New interview" goes on with an interview begun on the boot script's first screen whose
    // take-over failed, if one is kept.
    let new_interview = {
        let start = start.clone();
        move |_| start(early_start::take_over())
    };
    // An interview begun on the boot script's first screen goes on in the app.
    if early_start::waiting() {
        match early_start::take_over() {
            Some(early) => start(Some(early)),
            None => early_start::end_boot_screen(),
        }
    }
    let enrolled = LocalResource::new(|| async {
        let db = storage::open().await.ok()?;
        device::enrolment(&db).await.ok().flatten()
    });
    let form_title = move || {
        let form = forms::builtin();
        form.text(form.title(), lang.get()).to_owned()
    };
    view! {
        <main class="page home">
            <p class="tagline">{move || Text::Tagline.in_lang(lang.get())}</p>
            {move || {
                enrolled
                    .get()
                    .map(|e| {
                        e.is_none()
                            .then(|| {
                                view! {
                                    <p class="notice practice">
                                        {move || Text::PracticeMode.in_lang(lang.get())} " "
                                        <A href="/enroll" attr:class="link">{move || Text::EnrollHeading.in_lang(lang.get())}</A>
                                    </p>
                                }
                            })
                    })
            }}
            <section class="card" aria-labelledby="forms-heading">
                <h2 id="forms-heading">{move || Text::FormsHeading.in_lang(lang.get())}</h2>
                <p class="form-name">{form_title}</p>
                <button type="button" class="primary big" data-action="new-interview" on:click=new_interview disabled=move || starting.get()>
                    {move || Text::NewInterview.in_lang(lang.get())}
                </button>
                <p class="error" role="alert">
                    {move || error.get().map(|text| text.in_lang(lang.get()))}
                </p>
            </section>
            {move || need_pin.get().then(|| {
                let start = start.clone();
                view! {
                <PinLock on_unlocked=Callback::new(move |()| {
                    need_pin.set(false);
                    refresh.update(|r| *r += 1);
                    if pin_for_start.get_untracked() {
                        pin_for_start.set(false);
                        start(early_start::take_over());
                    }
                }) on_wiped=Callback::new(move |()| refresh.update(|r| *r += 1)) />
                }
            })}
            <section class="card" aria-labelledby="drafts-heading">
                <h2 id="drafts-heading">{move || Text::DraftsHeading.in_lang(lang.get())}</h2>
                <Suspense fallback=|| ()>
                    {move || {
                        drafts
                            .get()
                            .map(|result| match result {
                                Ok((list, 0)) if list.is_empty() => {
                                    view! { <p class="muted">{move || Text::NoDrafts.in_lang(lang.get())}</p> }.into_any()
                                }
                                Ok((list, locked)) => {
                                    view! {
                                        {(locked > 0).then(|| view! {
                                            <p class="notice" data-locked-drafts=locked>
                                                {move || i18n::drafts_locked(lang.get(), locked)} " "
                                                <button type="button" class="secondary" data-action="unlock" on:click=move |_| need_pin.set(true)>
                                                    {move || Text::PinEnterHeading.in_lang(lang.get())}
                                                </button>
                                            </p>
                                        })}
                                        <ul class="draft-list">
                                            {list
                                                .into_iter()
                                                .map(|draft| view! { <DraftItem draft refresh /> })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }
                                Err(error) => {
                                    let text = error.read_text();
                                    view! {
                                        <p class="error" role="alert">{move || text.in_lang(lang.get())}</p>
                                        <button type="button" class="secondary" on:click=move |_| refresh.update(|n| *n += 1)>
                                            {move || Text::Retry.in_lang(lang.get())}
                                        </button>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </section>
            <OutboxCounts />
            <StatusList />
        </main>
    }
}

#[component]
fn DraftItem(draft: Draft, refresh: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    let href = format!("/survey/{}/{}", draft.form_id, draft.id);
    let id = draft.id.clone();
    // A delete that fails says so, and the draft stays listed to try again.
    let failed = RwSignal::new(None::<Text>);
    let delete = move |_| {
        let id = id.clone();
        spawn_local(async move {
            let result = match storage::open().await {
                Ok(db) => drafts::delete(&db, &id).await,
                Err(error) => Err(error),
            };
            match result {
                Ok(()) => refresh.update(|n| *n += 1),
                Err(error) => {
                    leptos::logging::error!("cannot delete the draft: {error}");
                    failed.set(Some(match error {
                        StorageError::Locked => error.text(),
                        _ => Text::DeleteFailed,
                    }));
                }
            }
        });
    };
    let progress = draft.progress;
    let updated = draft.updated_at_ms;
    view! {
        <li class="draft" data-draft=draft.id.clone()>
            <div class="draft-info">
                <progress max=progress.visible.max(1) value=progress.answered></progress>
                <span>{move || i18n::answered_of(lang.get(), progress.answered, progress.visible)}</span>
                <span class="muted">
                    {move || format!("{}: {}", Text::LastChange.in_lang(lang.get()), clock::local_time(updated, lang.get()))}
                </span>
                {draft.practice.then(|| view! { <span class="badge">{move || Text::Practice.in_lang(lang.get())}</span> })}
            </div>
            <div class="actions">
                <A href=href attr:class="button" attr:data-action="continue">{move || Text::Continue.in_lang(lang.get())}</A>
                <button type="button" class="secondary" data-action="delete" on:click=move |_| confirming.set(true)>
                    {move || Text::Delete.in_lang(lang.get())}
                </button>
            </div>
            {move || {
                confirming
                    .get()
                    .then(|| {
                        let delete = delete.clone();
                        view! {
                            <div class="confirm" role="alertdialog">
                                <p>{move || Text::ConfirmDelete.in_lang(lang.get())}</p>
                                <button type="button" class="danger" data-action="confirm-delete" on:click=delete>
                                    {move || Text::YesDelete.in_lang(lang.get())}
                                </button>
                                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>
                                    {move || Text::Cancel.in_lang(lang.get())}
                                </button>
                                {move || failed.get().map(|t| view! { <p class="error" role="alert">{move || t.in_lang(lang.get())}</p> })}
                            </div>
                        }
                    })
            }}
        </li>
    }
}
