use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use qabul_core::draft::Draft;
use qabul_core::expr::EvalContext;
use qabul_core::interview::{Interview, Outcome, Step};
use qabul_core::load::Form;

use crate::components::pin_lock::PinLock;
use crate::components::question::QuestionView;
use crate::components::save_status::SaveStatus;
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::run::{Phase, Run};
use crate::storage::{self, StorageError, drafts, outbox};
use crate::{clock, lock};

/// Why a draft could not be opened.
#[derive(Debug, Clone)]
enum Missing {
    NoDraft,
    /// A draft of an encrypted form, and the app is locked.
    Locked,
    Storage(StorageError),
    /// The draft is there, but its form version cannot run here (now).
    Form(Option<forms::Unusable>),
}

async fn load(id: String) -> Result<(Draft, Arc<Form>), Missing> {
    let db = storage::open().await.map_err(Missing::Storage)?;
    forms::load(&db).await.map_err(Missing::Storage)?;
    let draft = drafts::get(&db, &id)
        .await
        .map_err(|e| match e {
            StorageError::Locked => Missing::Locked,
            other => Missing::Storage(other),
        })?
        .ok_or(Missing::NoDraft)?;
    let form = forms::find(&draft.form_id, &draft.form_version)
        .ok_or_else(|| Missing::Form(forms::unusable(&draft.form_id, &draft.form_version)))?;
    Ok((draft, form))
}

/// The interview runner: `/survey/:form/:draft`.
#[component]
pub fn Survey() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let unlocked = RwSignal::new(0_u32);
    let loaded = LocalResource::new(move || {
        unlocked.track();
        let id = params.read().get("draft").unwrap_or_default();
        load(id)
    });
    // An interview begun on the boot script's first screen: its screen goes once this page
    // can show what replaces it.
    Effect::new(move || {
        if loaded.with(Option::is_some) {
            crate::early_start::end_boot_screen();
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="page">{Text::Loading.in_lang(lang.get_untracked())}</p> }>
            {move || {
                loaded
                    .get()
                    .map(|result| match result {
                        Ok((draft, form)) => view! { <Runner draft form /> }.into_any(),
                        Err(Missing::Locked) => view! {
                            <main class="page">
                                <PinLock on_unlocked=Callback::new(move |()| unlocked.update(|n| *n += 1)) />
                            </main>
                        }
                            .into_any(),
                        Err(Missing::NoDraft) => view! {
                            <main class="page">
                                <p class="notice">{move || Text::InterviewMissing.in_lang(lang.get())}</p>
                                <A href="/" attr:class="button">{move || Text::GoHome.in_lang(lang.get())}</A>
                            </main>
                        }
                            .into_any(),
                        // The draft is kept: what failed is said as it is, and can be tried
                        // again (the storage may answer, the encryption module may load).
                        Err(missing) => {
                            let text = match &missing {
                                Missing::Storage(error) => {
                                    leptos::logging::error!("cannot open the draft: {error}");
                                    error.read_text()
                                }
                                Missing::Form(Some(forms::Unusable::EncryptionMissing)) => Text::EncryptionMissing,
                                _ => Text::DraftFormUnreadable,
                            };
                            view! {
                                <main class="page">
                                    <p class="error" role="alert" data-open-error="">{move || text.in_lang(lang.get())}</p>
                                    <p class="actions">
                                        <button type="button" class="primary" on:click=move |_| unlocked.update(|n| *n += 1)>
                                            {move || Text::Retry.in_lang(lang.get())}
                                        </button>
                                        <A href="/" attr:class="button secondary">{move || Text::GoHome.in_lang(lang.get())}</A>
                                    </p>
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Runner(draft: Draft, form: Arc<Form>) -> impl IntoView {
    let lang = use_lang();
    let now = clock::now_ms();
    let context = EvalContext {
        today: clock::today(),
    };
    let (mut interview, rejected) =
        Interview::resume(form, lang.get_untracked(), context, &draft.all_answers());
    if !rejected.is_empty() {
        leptos::logging::warn!("{} saved answers no longer fit the form", rejected.len());
    }
    interview.set_paradata(draft.paradata.clone());
    interview.go_to_screen(draft.screen, now);
    interview.start_clock(now);
    // A draft left at the end opens there again, ended as Next ended it (so that Back goes
    // to the last screen); one that no longer gets there opens where its problem is.
    let phase = if draft.at_end {
        match interview.next_to_end(now) {
            Ok(Outcome::Completed) => Phase::Review,
            Ok(other) => Phase::Ended(other),
            Err(_) => Phase::Questions,
        }
    } else {
        Phase::Questions
    };
    let run = Run::new(interview, draft, phase);

    // Labels and messages follow the interface language; answers do not change.
    // A switch only: opening a draft, or switching once it is finalized, writes nothing.
    Effect::new(move |_| {
        let current = lang.get();
        // No change while finalizing: this runs again when it ends (and fails).
        if run.finalizing.get() {
            return;
        }
        if untrack(|| run.with(Interview::language)) != current {
            run.try_change(|iv, _| iv.set_language(current));
        }
    });

    // An interview of an encrypted form hides behind the PIN after ten idle minutes.
    let guarded = drafts::needs_lock(&run.draft_snapshot());
    let locked = RwSignal::new(false);
    if guarded {
        lock::touch();
        let check = leptos::prelude::set_interval_with_handle(
            move || {
                if lock::is_locked() {
                    locked.set(true);
                }
            },
            std::time::Duration::from_secs(15),
        );
        if let Ok(handle) = check {
            on_cleanup(move || handle.clear());
        }
    }

    let progress = move || run.with(Interview::progress);
    view! {
        {move || locked.get().then(|| view! {
            <main class="page">
                <PinLock on_unlocked=Callback::new(move |()| locked.set(false)) />
            </main>
        })}
        <main class="page survey" class:hidden=move || locked.get() data-phase=move || format!("{:?}", run.phase.get()).to_ascii_lowercase()>
            <div class="survey-top">
                <progress
                    max=move || progress().visible.max(1)
                    value=move || progress().answered
                ></progress>
                <span class="progress-text">
                    {move || i18n::answered_of(lang.get(), progress().answered, progress().visible)}
                </span>
                <SaveStatus run />
            </div>
            // Locked, the questions and answers leave the page, not only the screen.
            {move || (!locked.get()).then(|| match run.phase.get() {
                Phase::Questions => view! { <ScreenView run /> }.into_any(),
                Phase::Review => view! { <ReviewView run /> }.into_any(),
                Phase::Ended(outcome) => view! { <EndedView run outcome /> }.into_any(),
                Phase::Done => view! { <DoneView run /> }.into_any(),
            })}
        </main>
    }
}

fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Brings the first marked question into view once the view has drawn the marks.
fn scroll_to_first_error() {
    request_animation_frame(|| {
        let first = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".question.has-error").ok().flatten());
        if let Some(element) = first {
            element.scroll_into_view();
        }
    });
}

#[component]
fn ScreenView(run: Run) -> impl IntoView {
    let lang = use_lang();
    let navigate = leptos_router::hooks::use_navigate();
    // Leaving while the latest answer is not on the phone would lose it: the draft is written
    // and the page left only once that has committed; a failed write stays on screen, with
    // the save status's "Try again".
    let save_and_exit = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if run.flush().await.is_ok() {
                navigate("/", leptos_router::NavigateOptions::default());
            }
        });
    };
    let screen = Memo::new(move |_| run.with(Interview::screen));
    let title = move || {
        lang.track();
        run.with(|iv| {
            let form = iv.form();
            form.screens()[screen.get()]
                .group
                .and_then(|g| form.nodes()[g].label.as_ref())
                .map(|t| iv.text(t).to_owned())
        })
    };
    let next = move |_| {
        let step = run.change(Interview::next);
        match step {
            Ok(Step::Screen(_)) => {
                run.show_errors.set(false);
                scroll_to_top();
            }
            Ok(Step::Finished(Outcome::Completed)) => {
                run.show_errors.set(false);
                run.from_review.set(false);
                run.phase.set(Phase::Review);
                scroll_to_top();
            }
            Ok(Step::Finished(outcome)) => {
                run.from_review.set(false);
                run.phase.set(Phase::Ended(outcome));
                scroll_to_top();
            }
            Err(_) => {
                run.show_errors.set(true);
                scroll_to_first_error();
            }
        }
    };
    let back = move |_| {
        if run.change(Interview::previous) {
            run.show_errors.set(false);
            scroll_to_top();
        }
    };
    // After following a link from the review, straight back to it rather than Next through
    // every screen; it stops on a screen that still has a problem.
    let to_review = move |_| {
        if let Ok(outcome) = run.change(Interview::next_to_end) {
            run.show_errors.set(false);
            run.from_review.set(false);
            run.phase.set(if outcome == Outcome::Completed {
                Phase::Review
            } else {
                Phase::Ended(outcome)
            });
            scroll_to_top();
        } else {
            run.show_errors.set(true);
            scroll_to_first_error();
        }
    };
    let is_first = move || {
        run.with(|iv| {
            iv.form().screens()[..iv.screen()]
                .iter()
                .all(|s| s.nodes.is_empty())
                || iv.screen() == 0
        })
    };
    view! {
        <section class="screen" data-screen=move || screen.get()>
            {move || title().map(|t| view! { <h2 class="screen-title">{t}</h2> })}
            // Drawn again only when the screen changes: each question follows the answers
            // itself, and redrawing it on every answer would take the focus from the field
            // being typed into and lose what a field holds (a refused location's message).
            {move || {
                let screen = screen.get();
                let nodes = untrack(|| run.with(|iv| iv.form().screens()[screen].nodes.clone()));
                nodes
                    .into_iter()
                    .map(|node| view! { <QuestionView run node /> })
                    .collect_view()
            }}
        </section>
        <p class="form-error" role="alert" class:hidden=move || !run.show_errors.get()>
            {move || Text::FixErrors.in_lang(lang.get())}
        </p>
        <nav class="survey-nav">
            <button type="button" class="secondary" data-action="back" on:click=back disabled=is_first>
                {move || Text::Back.in_lang(lang.get())}
            </button>
            <button type="button" class="primary" data-action="next" on:click=next>
                {move || Text::Next.in_lang(lang.get())}
            </button>
        </nav>
        {move || run.from_review.get().then(|| view! {
            <p class="to-review">
                <button type="button" class="secondary" data-action="to-review" on:click=to_review>
                    {move || Text::BackToReview.in_lang(lang.get())}
                </button>
            </p>
        })}
        <p class="exit">
            <button type="button" class="link" data-action="save-exit" on:click=save_and_exit>
                {move || Text::SaveExit.in_lang(lang.get())}
            </button>
        </p>
    }
}

/// Finalizes the interview: the draft is flushed, then moved into the outbox in one
/// transaction.
fn finalize(run: Run, outcome: Outcome, error: RwSignal<Option<StorageError>>) {
    run.finalizing.set(true);
    // Read now: the page may be left while the writes below are under way.
    let (form_id, version) = run.form_version();
    let draft_id = run.draft_id();
    spawn_local(async move {
        let result = async {
            run.flush().await?;
            let db = storage::open().await?;
            let now = clock::now_ms();
            let seal_to = forms::seal_to(&form_id, &version).await?;
            outbox::finalize_draft(&db, &draft_id, outcome, clock::rfc3339(now), now, seal_to).await
        }
        .await;
        run.finalizing.try_set(false);
        match result {
            Ok(_) => {
                error.set(None);
                run.phase.set(Phase::Done);
                scroll_to_top();
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

/// Back to the questions, or finalize with `outcome`; a failed finalize is shown and can be
/// tried again, with the draft still whole.
#[component]
fn FinalizeBar(run: Run, outcome: Outcome, label: Text) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None);
    let busy = run.finalizing;
    let back = move |_| {
        if run.try_change(Interview::previous).is_some() {
            run.phase.set(Phase::Questions);
        }
    };
    view! {
        <FinalizeError error />
        <nav class="survey-nav">
            <button type="button" class="secondary" on:click=back disabled=move || busy.get()>
                {move || Text::Back.in_lang(lang.get())}
            </button>
            <button
                type="button"
                class="primary"
                data-action="finalize"
                disabled=move || busy.get()
                on:click=move |_| finalize(run, outcome, error)
            >
                {move || label.in_lang(lang.get())}
            </button>
        </nav>
    }
}

#[component]
fn FinalizeError(error: RwSignal<Option<StorageError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            let text = e.text();
            view! { <p class="error" role="alert" data-finalize-error=e.code()>{move || text.in_lang(lang.get())}</p> }
        })
    }
}

#[component]
fn ReviewView(run: Run) -> impl IntoView {
    let lang = use_lang();
    let items = move || {
        lang.track();
        run.with(|iv| {
            iv.review_items()
                .into_iter()
                .map(|item| {
                    let label = iv.form().nodes()[item.node]
                        .label
                        .as_ref()
                        .map_or_else(|| item.question.clone(), |t| iv.text(t).to_owned());
                    (item, label)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="review">
            <h2>{move || Text::ReviewHeading.in_lang(lang.get())}</h2>
            {move || {
                let items = items();
                if items.is_empty() {
                    view! { <p class="ok-note">{move || Text::ReviewAllGood.in_lang(lang.get())}</p> }.into_any()
                } else {
                    view! {
                        <p>{move || Text::ReviewIntro.in_lang(lang.get())}</p>
                        <ul class="review-list">
                            {items
                                .into_iter()
                                .map(|(item, label)| {
                                    let screen = item.screen;
                                    let note = item.message.clone();
                                    let problem = note.is_some();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="review-item"
                                                data-question=item.question.clone()
                                                on:click=move |_| {
                                                    if run.try_change(|iv, now| iv.go_to_screen(screen, now)).is_none() {
                                                        return;
                                                    }
                                                    // "Check the marked questions" only when
                                                    // something is marked: an optional question
                                                    // left unanswered is not.
                                                    run.show_errors.set(problem);
                                                    run.from_review.set(true);
                                                    run.phase.set(Phase::Questions);
                                                    scroll_to_top();
                                                }
                                            >
                                                <span class="review-label">{label}</span>
                                                // An optional question left unanswered is
                                                // listed, but is no error.
                                                <span class="review-note" class:problem=problem>
                                                    {note.clone().unwrap_or_else(|| Text::NotAnswered.in_lang(lang.get_untracked()).to_owned())}
                                                </span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <FinalizeBar run outcome=Outcome::Completed label=Text::Finalize />
        </section>
    }
}

#[component]
fn EndedView(run: Run, outcome: Outcome) -> impl IntoView {
    let lang = use_lang();
    let text = if outcome == Outcome::Refused {
        Text::RefusedEnd
    } else {
        Text::IneligibleEnd
    };
    view! {
        <section class="ended" data-outcome=outcome.code()>
            <p class="closing">{move || text.in_lang(lang.get())}</p>
            <FinalizeBar run outcome label=Text::FinishRecord />
        </section>
    }
}

#[component]
fn DoneView(run: Run) -> impl IntoView {
    let lang = use_lang();
    let practice = run.is_practice();
    view! {
        <section class="done">
            <p class="ok-note" data-done="true">
                {move || {
                    if practice { Text::FinalizedPractice } else { Text::Finalized }.in_lang(lang.get())
                }}
            </p>
            <div class="actions">
                <A href="/" attr:class="button">{move || Text::NavHome.in_lang(lang.get())}</A>
                <A href="/outbox" attr:class="button secondary">{move || Text::NavOutbox.in_lang(lang.get())}</A>
            </div>
        </section>
    }
}
