//! The first screen of a new interview as plain data, for a page that shows it before the
//! app's module has started: a phone's very first load, on 2G, spends seconds fetching the
//! module, and an enumerator can choose the governorate and district meanwhile.
//!
//! The interview state machine works the data out (which questions, their labels, the default
//! answers, which choices each earlier answer leaves), so the page that shows it repeats none
//! of the form's logic: it only shows, and hands what was chosen back to the state machine.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answer::{AnswerValue, Answers};
use crate::expr::EvalContext;
use crate::interview::Interview;
use crate::lang::Lang;
use crate::load::Form;
use crate::load::{Condition, NodeKind, QuestionType};
use crate::protocol::is_uuid;
use crate::validate::ValidationError;

/// The first screen in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstScreen {
    pub title: Option<String>,
    pub questions: Vec<FirstQuestion>,
}

/// One question of the first screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstQuestion {
    pub name: String,
    pub label: String,
    pub required: bool,
    pub kind: FirstKind,
    /// The choices (code, label) of a single-choice question.
    pub choices: Vec<(String, String)>,
    /// The answer the interview starts with (the interview's language, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// An earlier question of this screen whose answer filters these choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered_by: Option<String>,
    /// For each answer to `filtered_by`, the codes of the choices it leaves.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub shown: BTreeMap<String, Vec<String>>,
}

/// How the page shows a question before the app has started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstKind {
    /// Its choices, to tap.
    Choice,
    /// A location, recorded once the app has started.
    Location,
    /// Anything typed, answered once the app has started.
    Later,
}

/// Why a form's first screen cannot be shown before the app has started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FirstScreenError {
    #[error("question `{question}` of the first screen is shown or hidden by `{by}`")]
    Relevance { question: String, by: String },
    #[error("question `{question}` has its choices filtered by more than one question")]
    TwoFilters { question: String },
    #[error("question `{question}` of the first screen is required only under a condition")]
    ConditionallyRequired { question: String },
}

/// The first screen of a new interview of `form` in `language`.
pub fn first_screen(
    form: &Form,
    language: Lang,
    context: EvalContext,
) -> Result<FirstScreen, FirstScreenError> {
    let start = Interview::new(form, language, context);
    let nodes = start.screen_nodes();
    // A question hidden at first that an answer could show is one the page cannot show.
    let all = &form.screens()[start.screen()].nodes;
    if let Some(&hidden) = all.iter().find(|i| !nodes.contains(i)) {
        return Err(FirstScreenError::Relevance {
            question: form.nodes()[hidden].name.clone(),
            by: "a condition".to_owned(),
        });
    }
    let single_choice = |i: usize| {
        matches!(
            form.nodes()[i].kind,
            NodeKind::Question(QuestionType::SelectOne(_))
        )
    };
    let codes = |iv: &Interview<&Form>, i: usize| -> Vec<String> {
        iv.choices(i).iter().map(|c| c.name.clone()).collect()
    };
    let mut questions = Vec::new();
    for (at, &i) in nodes.iter().enumerate() {
        let node = &form.nodes()[i];
        let NodeKind::Question(_) = node.kind else {
            continue;
        };
        let required = match node.required {
            Condition::Never => false,
            Condition::Always => true,
            Condition::When(_) => {
                return Err(FirstScreenError::ConditionallyRequired {
                    question: node.name.clone(),
                });
            }
        };
        let mut question = FirstQuestion {
            name: node.name.clone(),
            label: node
                .label
                .as_ref()
                .map(|t| start.text(t).to_owned())
                .unwrap_or_default(),
            required,
            kind: match node.kind {
                _ if single_choice(i) => FirstKind::Choice,
                NodeKind::Question(QuestionType::Geopoint) => FirstKind::Location,
                _ => FirstKind::Later,
            },
            choices: Vec::new(),
            default: match start.answer_of(&node.name) {
                Some(AnswerValue::Text(code)) => Some(code.clone()),
                _ => None,
            },
            filtered_by: None,
            shown: BTreeMap::new(),
        };
        if single_choice(i) {
            question.choices = form
                .choice_list(node)
                .iter()
                .map(|c| (c.name.clone(), start.text(&c.label).to_owned()))
                .collect();
        }
        // Every answer to every earlier single-choice question of the screen, tried on a new
        // interview: what it changes here is what the page must change.
        for &earlier in nodes[..at].iter().filter(|&&e| single_choice(e)) {
            let by = form.nodes()[earlier].name.clone();
            let mut shown = BTreeMap::new();
            for choice in form.choice_list(&form.nodes()[earlier]) {
                let mut tried = Interview::new(form, language, context);
                tried
                    .answer(&by, Some(AnswerValue::Text(choice.name.clone())), 0)
                    .expect("a choice of the list fits its question");
                if !tried.is_visible(i) {
                    return Err(FirstScreenError::Relevance {
                        question: node.name.clone(),
                        by,
                    });
                }
                shown.insert(choice.name.clone(), codes(&tried, i));
            }
            let unfiltered = codes(&start, i);
            if shown.values().any(|c| *c != unfiltered) {
                if question.filtered_by.is_some() {
                    return Err(FirstScreenError::TwoFilters {
                        question: node.name.clone(),
                    });
                }
                question.filtered_by = Some(by);
                question.shown = shown;
            }
        }
        questions.push(question);
    }
    let title = form.screens()[start.screen()]
        .group
        .and_then(|g| form.nodes()[g].label.as_ref())
        .map(|t| start.text(t).to_owned());
    Ok(FirstScreen { title, questions })
}

/// An interview begun on the first screen before the app had started, as the page kept it
/// (`{"id", "at", "answers"}`), for the app to take over.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EarlyStart {
    pub id: String,
    /// When "New interview" was tapped, in ms since the epoch (0: unknown).
    #[serde(default)]
    pub at: f64,
    /// The answers given there, the form's defaults among them.
    #[serde(default)]
    pub answers: Answers,
}

impl EarlyStart {
    /// The draft's id: the page's own, so that a second take-over (the phone stopped after
    /// the draft was written, before the page's copy went) finds that draft rather than
    /// writing another. `None` where it is no UUID (no `crypto.randomUUID` on an insecure
    /// origin): the app picks one.
    pub fn draft_id(&self) -> Option<&str> {
        is_uuid(&self.id).then_some(self.id.as_str())
    }

    /// When the interview began, in ms since the epoch: the page's time, unless it is unknown
    /// or later than `now_ms` (a clock set back meanwhile).
    pub fn started_ms(&self, now_ms: u64) -> u64 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let at = self.at as u64;
        if at > 0 && at <= now_ms { at } else { now_ms }
    }

    /// Gives the early answers to `interview` through the state machine, which has the last
    /// word on them as on any answer; returns those it refused.
    pub fn give_to<F: Borrow<Form>>(
        &self,
        interview: &mut Interview<F>,
        now_ms: u64,
    ) -> Vec<ValidationError> {
        self.answers
            .iter()
            .filter_map(|(name, value)| interview.answer(name, Some(value.clone()), now_ms).err())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::community_acceptance;
    use crate::date::Date;

    fn context() -> EvalContext {
        EvalContext {
            today: Date::from_ymd(2026, 11, 23).unwrap(),
        }
    }

    #[test]
    fn the_built_in_first_screen_asks_where_the_interview_is() {
        let form = community_acceptance();
        let screen = first_screen(&form, Lang::En, context()).unwrap();
        let names: Vec<_> = screen.questions.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(
            names,
            ["governorate", "district", "interview_language", "location"]
        );
        let governorate = &screen.questions[0];
        assert!(governorate.required);
        assert_eq!(governorate.choices.len(), 10);
        assert_eq!(governorate.filtered_by, None);
        assert_eq!(governorate.kind, FirstKind::Choice);
        // A location is recorded by the app, not by the page before it.
        assert_eq!(screen.questions[3].kind, FirstKind::Location);
        assert!(screen.questions[3].choices.is_empty());
        assert!(!screen.questions[3].required);
    }

    #[test]
    fn districts_follow_the_governorate_as_form_md_lists_them() {
        let form = community_acceptance();
        let screen = first_screen(&form, Lang::Ar, context()).unwrap();
        let district = &screen.questions[1];
        assert_eq!(district.filtered_by.as_deref(), Some("governorate"));
        assert_eq!(
            district.shown["anbar"],
            [
                "ramadi", "falluja", "hit", "haditha", "ana", "rawa", "al_qaim", "rutba"
            ]
        );
        assert_eq!(
            district.shown["kirkuk"],
            ["kirkuk", "hawija", "daquq", "dibis"]
        );
        for other in ["baghdad", "erbil", "duhok", "sulaymaniyah", "other"] {
            assert_eq!(district.shown[other], ["other"], "{other}");
        }
        // Every district the map names is a choice the page can draw.
        for code in district.shown.values().flatten() {
            assert!(district.choices.iter().any(|(c, _)| c == code), "{code}");
        }
    }

    #[test]
    fn the_interview_language_starts_as_the_interface_language() {
        let form = community_acceptance();
        for lang in Lang::ALL {
            let screen = first_screen(&form, lang, context()).unwrap();
            let asked = screen
                .questions
                .iter()
                .find(|q| q.name == "interview_language")
                .unwrap();
            assert_eq!(asked.default.as_deref(), Some(lang.code()));
        }
    }

    #[test]
    fn labels_are_in_the_language_asked_for() {
        let form = community_acceptance();
        let en = first_screen(&form, Lang::En, context()).unwrap();
        let ckb = first_screen(&form, Lang::Ckb, context()).unwrap();
        assert_ne!(en.questions[0].label, ckb.questions[0].label);
        assert_ne!(en.title, ckb.title);
        assert!(en.title.is_some());
    }

    #[test]
    fn an_early_start_keeps_its_id_and_time_when_they_read() {
        let early = EarlyStart {
            id: "0190f3a2-7c1e-7d3b-9a41-5b6c7d8e9f00".to_owned(),
            at: 1_000.0,
            ..EarlyStart::default()
        };
        assert_eq!(early.draft_id(), Some(early.id.as_str()));
        assert_eq!(early.started_ms(5_000), 1_000);
        // A time after now (a clock set back), or none, is now.
        assert_eq!(early.started_ms(500), 500);
        let unknown = EarlyStart::default();
        assert_eq!(unknown.started_ms(5_000), 5_000);
        assert_eq!(unknown.draft_id(), None);
    }

    #[test]
    fn early_answers_go_through_the_state_machine() {
        let form = community_acceptance();
        let mut interview = Interview::new(&form, Lang::En, context());
        let early: EarlyStart = serde_json::from_str(
            r#"{"id": "x", "at": 1, "answers": {"governorate": "anbar", "district": "ramadi", "nonsense": "1"}}"#,
        )
        .unwrap();
        let refused = early.give_to(&mut interview, 10);
        assert_eq!(
            refused.len(),
            1,
            "the unknown question is refused: {refused:?}"
        );
        assert_eq!(
            interview.answer_of("district"),
            Some(&AnswerValue::Text("ramadi".to_owned()))
        );
        // The form's defaults stay where the page gave none.
        assert_eq!(
            interview.answer_of("interview_language"),
            Some(&AnswerValue::Text("en".to_owned()))
        );
    }
}
