use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use qabul_core::answer::AnswerValue;
use qabul_core::draft::Draft;
use qabul_core::interview::Issue;
use qabul_core::load::{NodeKind, QuestionType};
use qabul_core::scale_layout::{ScaleLayout, scale_layout};

use crate::components::geopoint::GeopointInput;
use crate::i18n::{Text, use_lang};
use crate::run::{self, Run};

/// One question (or note) of the current screen, as the state machine says it is now.
#[component]
pub fn QuestionView(run: Run, node: usize) -> impl IntoView {
    let lang = use_lang();
    let (name, kind, has_label, has_hint) = run.with(|iv| {
        let n = &iv.form().nodes()[node];
        (
            n.name.clone(),
            n.kind.clone(),
            n.label.is_some(),
            n.hint.is_some(),
        )
    });
    let visible = move || run.with(|iv| iv.is_visible(node));
    let label = move || {
        lang.track();
        run.with(|iv| {
            iv.form().nodes()[node]
                .label
                .as_ref()
                .map(|t| iv.text(t).to_owned())
        })
    };
    let hint = move || {
        lang.track();
        run.with(|iv| {
            iv.form().nodes()[node]
                .hint
                .as_ref()
                .map(|t| iv.text(t).to_owned())
        })
    };
    let required = move || {
        run.with(|iv| {
            let n = &iv.form().nodes()[node];
            !matches!(n.required, qabul_core::load::Condition::Never)
        })
    };
    let show_errors = run.show_errors;
    let error = move || {
        let show = show_errors.get();
        run.with(|iv| {
            let answered = iv.answer_of(&iv.form().nodes()[node].name).is_some();
            iv.issue(node)
                .filter(|issue| show || (answered && *issue != Issue::Required))
                .map(|issue| iv.message(node, issue))
        })
    };
    let title_id = format!("q-{name}");
    let widget = match kind {
        NodeKind::Question(QuestionType::Scale(_)) => {
            view! { <Choices run node multiple=false scale=true /> }.into_any()
        }
        NodeKind::Question(QuestionType::SelectOne(_) | QuestionType::Consent(_)) => {
            view! { <Choices run node multiple=false scale=false /> }.into_any()
        }
        NodeKind::Question(QuestionType::SelectMultiple(_)) => {
            view! { <Choices run node multiple=true scale=false /> }.into_any()
        }
        NodeKind::Question(QuestionType::Integer) => {
            view! { <TypedInput run node mode=InputMode::Integer /> }.into_any()
        }
        NodeKind::Question(QuestionType::Decimal) => {
            view! { <TypedInput run node mode=InputMode::Decimal /> }.into_any()
        }
        NodeKind::Question(QuestionType::Date) => {
            view! { <TypedInput run node mode=InputMode::Date /> }.into_any()
        }
        NodeKind::Question(QuestionType::Text) => {
            view! { <TypedInput run node mode=InputMode::Text /> }.into_any()
        }
        NodeKind::Question(QuestionType::Geopoint) => {
            view! { <GeopointInput run node /> }.into_any()
        }
        NodeKind::Note | NodeKind::Group | NodeKind::Calculate => ().into_any(),
    };
    view! {
        <fieldset
            class="question"
            class:hidden=move || !visible()
            class:has-error=move || error().is_some()
            data-question=name.clone()
            aria-labelledby=title_id.clone()
        >
            <legend id=title_id.clone() class="question-label">
                {move || has_label.then(label)}
                {move || {
                    required()
                        .then(|| {
                            view! {
                                <span class="required" title=move || Text::RequiredMark.in_lang(lang.get())>
                                    " *"
                                </span>
                            }
                        })
                }}
            </legend>
            {move || has_hint.then(|| view! { <p class="hint">{hint}</p> })}
            {widget}
            <p class="error" role="alert">{error}</p>
        </fieldset>
    }
}

/// Choice questions as full-width buttons; scales as a row of big numbered buttons, with
/// "don't know" and "prefer not to answer" below.
#[component]
fn Choices(run: Run, node: usize, multiple: bool, scale: bool) -> impl IntoView {
    let lang = use_lang();
    let name = run.with(|iv| iv.form().nodes()[node].name.clone());
    // The buttons are drawn again only when the choices change (language, a choice filter);
    // an answer only presses or releases them, so a tapped button keeps its focus.
    let options = Memo::new(move |_| {
        lang.track();
        run.with(|iv| {
            iv.choices(node)
                .into_iter()
                .map(|choice| (choice.name.clone(), iv.text(&choice.label).to_owned()))
                .collect::<Vec<_>>()
        })
    });
    let is_selected = move |code: &str| {
        run.with(|iv| match iv.answer_of(&iv.form().nodes()[node].name) {
            Some(AnswerValue::Text(chosen)) => chosen == code,
            Some(AnswerValue::Choices(codes)) => codes.iter().any(|c| c == code),
            _ => false,
        })
    };
    let pick = {
        let name = name.clone();
        move |code: String| {
            if multiple {
                let mut codes = run.with(|iv| match iv.answer_of(&name) {
                    Some(AnswerValue::Choices(codes)) => codes.clone(),
                    _ => Vec::new(),
                });
                if let Some(at) = codes.iter().position(|c| *c == code) {
                    codes.remove(at);
                } else {
                    codes.push(code);
                }
                let value = (!codes.is_empty()).then_some(AnswerValue::Choices(codes));
                run.answer(&name, value);
            } else {
                run.answer(&name, Some(AnswerValue::Text(code)));
            }
        }
    };
    let button = move |(code, label): (String, String), numbered: bool| {
        let pick = pick.clone();
        let value = code.clone();
        let selected = {
            let code = code.clone();
            move || is_selected(&code).to_string()
        };
        view! {
            <button
                type="button"
                class="choice"
                class:numbered=numbered
                data-code=code.clone()
                aria-pressed=selected.clone()
                role=if multiple { "checkbox" } else { "radio" }
                aria-checked=selected
                on:click=move |_| pick(value.clone())
            >
                {numbered.then(|| view! { <span class="choice-number">{code.clone()}</span> })}
                <span class="choice-label">{label}</span>
            </button>
        }
    };
    view! {
        {move || {
            let all = options.get();
            if scale {
                let (points, others): (Vec<_>, Vec<_>) = all
                    .into_iter()
                    .partition(|(code, _)| code.parse::<u8>().is_ok());
                let column = scale_layout(points.iter().map(|(_, label)| label.as_str())) == ScaleLayout::Column;
                let button = button.clone();
                view! {
                    <div class="scale" class:column=column role="radiogroup">
                        {points.into_iter().map(|o| button(o, true)).collect_view()}
                    </div>
                    <div class="choices" role="radiogroup">
                        {others.into_iter().map(|o| button(o, false)).collect_view()}
                    </div>
                }
                    .into_any()
            } else {
                let button = button.clone();
                view! {
                    <div class="choices" role=if multiple { "group" } else { "radiogroup" }>
                        {all.into_iter().map(|o| button(o, false)).collect_view()}
                    </div>
                }
                    .into_any()
            }
        }}
    }
}

/// What was typed and waits for a pause in typing to be given.
struct Typed {
    timer: TimeoutHandle,
    value: Option<AnswerValue>,
    /// The draft with it, as it was at the keystroke.
    draft: Draft,
}

type Pending = Mutex<Option<Typed>>;

fn take(pending: &Pending) -> Option<Typed> {
    pending.lock().ok().and_then(|mut pending| pending.take())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Integer,
    Decimal,
    Date,
    Text,
}

/// How long typing pauses before what is typed so far is saved.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(600);

/// Typed answers, saved after a pause in typing and when the field is left. Numbers take Western, Eastern Arabic and
/// Persian digits; a `type=number` field would refuse the last two, so it is a text field with
/// the numeric keyboard.
#[component]
fn TypedInput(run: Run, node: usize, mode: InputMode) -> impl IntoView {
    let lang = use_lang();
    let name = run.with(|iv| iv.form().nodes()[node].name.clone());
    let initial = run.with(|iv| match iv.answer_of(&name) {
        Some(AnswerValue::Text(text)) => text.clone(),
        Some(AnswerValue::Integer(n)) => n.to_string(),
        Some(AnswerValue::Decimal(n)) => n.to_string(),
        _ => String::new(),
    });
    let input_error = RwSignal::new(None::<qabul_core::answer::NumberInputError>);
    let name_typed = name.clone();
    let commit = move |text: String| {
        let parsed = run.with(|iv| iv.parse_input(&name, &text));
        match parsed {
            Ok(value) => {
                input_error.set(None);
                run.answer(&name, value);
            }
            // What does not read is no answer: the earlier one must not stay stored behind a
            // field that shows something else.
            Err(error) => {
                input_error.set(Some(error));
                run.answer(&name, None);
            }
        }
    };
    // While typing, what reads as an answer is given after a pause, so that a comment typed
    // just before the phone is put away or the app killed is not lost, while half a number
    // ("4" on the way to "45") never drives the interview. The field's `change` (leaving it)
    // gives it at once and shows what does not read. Leaving the page during the pause
    // (Android's Back) writes the draft with what was typed, built from the page's latest
    // state if it can still be read, else from a copy taken at the last keystroke.
    let pending: Arc<Pending> = Arc::default();
    on_cleanup({
        let pending = Arc::clone(&pending);
        let name = name_typed.clone();
        move || {
            if let Some(typed) = take(&pending) {
                typed.timer.clear();
                let latest = run.draft_with_answer(&name, typed.value);
                run::write_draft(latest.unwrap_or(typed.draft));
            }
        }
    });
    let cancel_pending = {
        let pending = Arc::clone(&pending);
        move || {
            if let Some(typed) = take(&pending) {
                typed.timer.clear();
            }
        }
    };
    let typing = {
        let cancel_pending = cancel_pending.clone();
        move |text: String| {
            cancel_pending();
            let Ok(value) = run.with(|iv| iv.parse_input(&name_typed, &text)) else {
                run.typing_unreadable();
                return;
            };
            let Some(draft) = run.draft_with_answer(&name_typed, value.clone()) else {
                return;
            };
            run.typing();
            let given = Arc::clone(&pending);
            let name = name_typed.clone();
            let timer = set_timeout_with_handle(
                move || {
                    if let Some(typed) = take(&given) {
                        input_error.try_set(None);
                        run.answer(&name, typed.value);
                    }
                },
                TYPING_PAUSE,
            );
            match (timer, pending.lock()) {
                (Ok(timer), Ok(mut pending)) => {
                    *pending = Some(Typed {
                        timer,
                        value,
                        draft,
                    });
                }
                _ => run.answer(&name_typed, value),
            }
        }
    };
    // `change` also fires while the page is being taken down (Android's Back with the field
    // focused), when changing the interview would wake views that are going away. So it is
    // handled a moment later: by then a page that was left is gone, and its cleanup above has
    // written what was typed.
    let commit = move |text: String| {
        let cancel_pending = cancel_pending.clone();
        let commit = commit.clone();
        leptos::task::spawn_local(async move {
            if run.try_with(|_| ()).is_some() {
                cancel_pending();
                commit(text);
            }
        });
    };
    let message = move || input_error.get().map(|e| e.message(lang.get()));
    let field = match mode {
        InputMode::Text => view! {
            <textarea
                rows="4"
                maxlength="500"
                prop:value=initial
                on:input=move |ev| typing(event_target_value(&ev))
                on:change=move |ev| commit(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        InputMode::Date => view! {
            <input
                type="date"
                prop:value=initial
                on:change=move |ev| commit(event_target_value(&ev))
            />
        }
        .into_any(),
        InputMode::Integer | InputMode::Decimal => view! {
            <input
                type="text"
                inputmode=if mode == InputMode::Integer { "numeric" } else { "decimal" }
                autocomplete="off"
                class="number"
                prop:value=initial
                placeholder=move || Text::NumberHint.in_lang(lang.get())
                on:input=move |ev| typing(event_target_value(&ev))
                on:change=move |ev| commit(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    view! {
        {field}
        <p class="error" role="alert">{message}</p>
    }
}
