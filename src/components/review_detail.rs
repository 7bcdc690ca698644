//! One submission for its supervisor: who sent it and when, every answer with the
//! question's label in the chosen language (and the codes), the time spent on each question,
//! the review history, and the decision with a comment.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qabul_core::review::{ReviewDecision, ReviewStatus, SubmissionDetail};
use qabul_core::seal::OpenError;

use crate::api;
use crate::forms;
use crate::i18n::{self, Text, use_lang};
use crate::review_keys::use_keys;
use crate::review_text::{
    answer_text, choice_label, flag_text, outcome_text, question_label, short_time, status_text,
};

#[component]
pub fn ReviewDetail(id: String, on_back: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let keys = use_keys();
    let detail = RwSignal::new(None::<Result<SubmissionDetail, ()>>);
    {
        let id = id.clone();
        spawn_local(async move {
            detail.set(Some(api::review_submission(&id).await.map_err(|_| ())));
        });
    }
    let comment = RwSignal::new(String::new());
    let opened = crate::review_opened::use_opened();
    let decide = move |status: ReviewStatus| {
        let id = id.clone();
        let decision = ReviewDecision {
            status,
            comment: comment.get_untracked(),
        };
        spawn_local(async move {
            if let Ok(updated) = api::review_decide(&id, &decision).await {
                if let Some(opened) = opened {
                    opened.set_status(&id, status);
                }
                comment.set(String::new());
                detail.set(Some(Ok(updated)));
            }
        });
    };
    view! {
        <section class="submission-detail">
            <button type="button" class="secondary" data-action="back-to-list" on:click=move |_| on_back.run(())>
                {move || Text::BackToList.in_lang(lang.get())}
            </button>
            {move || match detail.get() {
                None => ().into_any(),
                Some(Err(())) => view! { <p class="error">{Text::ReviewOffline.in_lang(lang.get())}</p> }.into_any(),
                Some(Ok(d)) => {
                    let lang_now = lang.get();
                    let form = forms::builtin();
                    let mut row = d.row.clone();
                    // Opened in the page already: its place, outcome and flags as the table
                    // shows them (the server knows none of these for a sealed submission).
                    if let Some(opened_row) = opened.and_then(|o| o.with(|set| set.row(&row.id).cloned())) {
                        row.governorate = opened_row.governorate;
                        row.district = opened_row.district;
                        row.outcome = opened_row.outcome;
                        row.flags = opened_row.flags;
                    }
                    let sealed = d.submission.sealed.is_some();
                    // An encrypted submission is opened here, in this page, with the loaded keys.
                    let (answers, times, problem) = match keys.open(&d.submission, &row.device_id) {
                        Ok(opened) => (
                            opened.answers.unwrap_or_default(),
                            opened.paradata.unwrap_or_default().question_ms,
                            None,
                        ),
                        Err(error) => (qabul_core::Answers::default(), std::collections::BTreeMap::default(), Some(error)),
                    };
                    let problem_text = problem.as_ref().map(|error| match error {
                        OpenError::MissingKey { needed, loaded } if !loaded.is_empty() => {
                            i18n::sealed_wrong_key(lang_now, &needed.to_string())
                        }
                        OpenError::WrongKey { expected, .. } => i18n::sealed_wrong_key(lang_now, &expected.to_string()),
                        OpenError::MissingKey { .. } => Text::SealedNeedsKey.in_lang(lang_now).to_owned(),
                        OpenError::Damaged => Text::SealedDamaged.in_lang(lang_now).to_owned(),
                        _ => Text::SealedMalformed.in_lang(lang_now).to_owned(),
                    });
                    let problem_code = problem.as_ref().map(OpenError::code);
                    // The server knows no place of a sealed submission; its opened answers do.
                    let district = row.district.clone().or_else(|| match answers.get("district") {
                        Some(qabul_core::AnswerValue::Text(code)) => Some(code.clone()),
                        _ => None,
                    });
                    let place = district.as_deref().map(|c| choice_label(&form, "district", c, lang_now)).unwrap_or_default();
                    // In form order, not the map's.
                    let ordered: Vec<_> = form
                        .nodes()
                        .iter()
                        .filter_map(|node| answers.get(&node.name).map(|v| (node.name.clone(), v.clone())))
                        .collect();
                    view! {
                        <div class="card" data-detail=row.id.clone() data-review=row.review_status.code()>
                            <h3>{place}" · "{row.enumerator.clone()}</h3>
                            <p class="muted">{short_time(&row.finalized_at)}" · "{row.outcome.as_deref().and_then(outcome_text).map(|t| t.in_lang(lang_now))}</p>
                            <p>
                                <span class="badge" data-review=row.review_status.code()>{status_text(row.review_status).in_lang(lang_now)}</span>
                                {row.flags.iter().map(|f| view! { <span class="badge flag" data-flag=f.code()>{flag_text(*f).in_lang(lang_now)}</span> }).collect_view()}
                            </p>
                        </div>
                        {problem_text.map(|text| view! { <p class="notice sealed" role="alert" data-sealed-error=problem_code>{text}</p> })}
                        <h4 data-sealed=sealed.then_some(if problem_code.is_none() { "opened" } else { "closed" })>{Text::AnswersHeading.in_lang(lang_now)}</h4>
                        <dl class="answers">
                            {ordered
                                .into_iter()
                                .map(|(name, value)| {
                                    let spent = times.get(&name).map(|ms| i18n::seconds(lang_now, *ms));
                                    view! {
                                        <div class="answer" data-question=name.clone()>
                                            <dt>{question_label(&form, &name, lang_now)}<span class="muted code">{format!(" ({name})")}</span></dt>
                                            <dd>{answer_text(&form, &name, &value, lang_now)}{spent.map(|s| view! { <span class="muted">" · "{s}</span> })}</dd>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </dl>
                        <h4>{Text::History.in_lang(lang_now)}</h4>
                        {if d.history.is_empty() {
                            view! { <p class="muted">{Text::NotReviewed.in_lang(lang_now)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="history">
                                    {d.history
                                        .iter()
                                        .map(|event| view! {
                                            <li data-status=event.status.code()>
                                                <strong>{status_text(event.status).in_lang(lang_now)}</strong>
                                                " "<span class="muted">{i18n::by_whom(lang_now, &event.supervisor, &short_time(&event.at))}</span>
                                                {(!event.comment.is_empty()).then(|| view! { <p class="comment">{event.comment.clone()}</p> })}
                                            </li>
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }}
                    }
                        .into_any()
                }
            }}
            <div class="card decision">
                <label for="review-comment">{move || Text::Comment.in_lang(lang.get())}</label>
                <textarea id="review-comment" dir="auto" rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <div class="decision-buttons">
                    <button type="button" class="primary" data-decide="approved" on:click={ let decide = decide.clone(); move |_| decide(ReviewStatus::Approved) }>
                        {move || Text::Approve.in_lang(lang.get())}
                    </button>
                    <button type="button" class="secondary" data-decide="on_hold" on:click={ let decide = decide.clone(); move |_| decide(ReviewStatus::OnHold) }>
                        {move || Text::PutOnHold.in_lang(lang.get())}
                    </button>
                    <button type="button" class="danger" data-decide="rejected" on:click=move |_| decide(ReviewStatus::Rejected)>
                        {move || Text::RejectSubmission.in_lang(lang.get())}
                    </button>
                </div>
            </div>
        </section>
    }
}
