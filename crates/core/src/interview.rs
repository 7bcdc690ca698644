//! The interview as a pure state machine: answers in, and out what is shown, what is wrong,
//! where the interview is, and how it ended.
//!
//! Nothing here reads a clock or storage. The caller passes the time (milliseconds, for
//! paradata) with each step, and keeps the answers it gets back in its draft.

use crate::answer::{
    AnswerValue, Answers, NumberInputError, parse_decimal_input, parse_integer_input,
};
use crate::date::Date;
use crate::expr::{EvalContext, Scope, Value, evaluate_cached};
use crate::form::{Choice, DefaultValue, Text};
use crate::lang::Lang;
use crate::load::{Condition, Form, NodeKind, QuestionType};
use crate::messages;
use crate::validate::{ValidationError, check_shape};
use serde::{Deserialize, Serialize};
use std::borrow::{Borrow, Cow};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

/// How an interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every shown question was answered or deliberately left (where optional).
    Completed,
    /// The respondent did not consent.
    Refused,
    /// The respondent is not eligible (under 18).
    Ineligible,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Refused => "refused",
            Outcome::Ineligible => "ineligible",
        }
    }

    /// The outcome with this [`Outcome::code`].
    pub fn from_code(code: &str) -> Option<Outcome> {
        [Outcome::Completed, Outcome::Refused, Outcome::Ineligible]
            .into_iter()
            .find(|outcome| outcome.code() == code)
    }
}

/// What `next` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Moved to this screen.
    Screen(usize),
    /// There is nothing more to ask.
    Finished(Outcome),
}

/// Answered out of shown questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub answered: usize,
    pub visible: usize,
}

/// What is wrong with one shown question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Issue {
    Required,
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    /// The answer is a choice the `choice_filter` no longer offers (an earlier answer changed).
    ChoiceUnavailable,
    Constraint,
}

impl Issue {
    /// The same codes as a submission's validation errors.
    pub fn code(self) -> &'static str {
        match self {
            Issue::Required => "required_missing",
            Issue::OutOfRange { .. } => "out_of_range",
            Issue::ChoiceUnavailable => "unknown_choice",
            Issue::Constraint => "constraint_failed",
        }
    }
}

/// An issue with its question and its message in the interview's language.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionIssue {
    pub node: usize,
    pub question: String,
    pub issue: Issue,
    pub message: String,
}

/// A question the review before finalizing points at: unanswered (optional) or with a
/// problem (`message` in the interview's language).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewItem {
    pub node: usize,
    pub question: String,
    pub screen: usize,
    pub message: Option<String>,
}

/// Time spent per question, in milliseconds. Time on a screen goes to the question answered
/// in it; time after the last answer (reading, checking) goes to that last question, or to the
/// screen's first question when nothing was answered there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paradata {
    pub question_ms: BTreeMap<String, u64>,
}

/// One interview in progress. `F` is how the form is held: `Arc<Form>` (the default) where the
/// interview must own it, `&Form` for a check that borrows it.
#[derive(Debug, Clone)]
pub struct Interview<F: Borrow<Form> = Arc<Form>> {
    form: F,
    language: Lang,
    context: EvalContext,
    answers: Vec<Option<AnswerValue>>,
    /// Relevance of each node, its groups' included.
    relevant: Vec<bool>,
    /// The value of each calculation.
    values: Vec<Value<'static>>,
    /// Where the interview ends early, if it does: the consent or eligibility question.
    ending: Option<(usize, Outcome)>,
    screen: usize,
    finished: Option<Outcome>,
    paradata: Paradata,
    clock_ms: Option<u64>,
    last_touched: Option<usize>,
}

/// What expressions see: hidden fields read as empty.
struct View<'a, F: Borrow<Form>> {
    interview: &'a Interview<F>,
    current: Option<usize>,
    choice: Option<&'a Choice>,
}

fn answer_value(answer: &AnswerValue) -> Value<'_> {
    match answer {
        AnswerValue::Text(text) => Value::Text(Cow::Borrowed(text)),
        AnswerValue::Integer(_) | AnswerValue::Decimal(_) => {
            Value::Number(answer.as_number().unwrap_or(f64::NAN))
        }
        AnswerValue::Choices(codes) => Value::Choices(Cow::Borrowed(codes)),
        // XLSForm's text form of a geopoint: latitude, longitude, altitude, accuracy.
        AnswerValue::Geopoint(point) => Value::Text(Cow::Owned(format!(
            "{} {} 0 {}",
            point.lat, point.lon, point.accuracy
        ))),
    }
}

fn borrowed<'a>(value: &'a Value<'static>) -> Value<'a> {
    match value {
        Value::Text(text) => Value::Text(Cow::Borrowed(text)),
        Value::Choices(codes) => Value::Choices(Cow::Borrowed(codes)),
        other => other.clone(),
    }
}

impl<F: Borrow<Form>> Scope for View<'_, F> {
    fn field(&self, name: &str) -> Value<'_> {
        self.interview
            .form()
            .index_of(name)
            .map_or(Value::Empty, |i| self.interview.value_of(i))
    }

    fn current(&self) -> Value<'_> {
        self.current
            .and_then(|i| self.interview.answers[i].as_ref())
            .map_or(Value::Empty, answer_value)
    }

    fn property(&self, name: &str) -> Value<'_> {
        self.choice
            .and_then(|choice| choice.properties.get(name))
            .map_or(Value::Empty, |text| Value::Text(Cow::Borrowed(text)))
    }
}

impl<F: Borrow<Form>> Interview<F> {
    /// A new interview in `language`, with the form's default answers given.
    pub fn new(form: F, language: Lang, context: EvalContext) -> Self {
        let mut interview = Self::blank(form, language, context);
        let form = interview.form.borrow();
        for (i, node) in form.nodes().iter().enumerate() {
            interview.answers[i] = match &node.default {
                Some(DefaultValue::UiLanguage) => Some(AnswerValue::Text(language.code().into())),
                Some(DefaultValue::Value(value)) => Some(AnswerValue::Text(value.clone())),
                None => None,
            };
        }
        interview.recompute_all();
        interview.screen = interview.first_screen();
        interview
    }

    /// An interview rebuilt from saved answers (a draft, or a submission to check). Answers
    /// that do not fit their question are left out and returned.
    pub fn resume(
        form: F,
        language: Lang,
        context: EvalContext,
        answers: &Answers,
    ) -> (Self, Vec<ValidationError>) {
        let mut interview = Self::blank(form, language, context);
        let mut rejected = Vec::new();
        for (name, value) in answers {
            let form = interview.form.borrow();
            let checked = form
                .index_of(name)
                .ok_or_else(|| ValidationError::UnknownQuestion {
                    question: name.clone(),
                })
                .and_then(|i| check_shape(form, i, value).map(|()| i));
            match checked {
                Ok(i) => interview.answers[i] = Some(value.clone()),
                Err(error) => rejected.push(error),
            }
        }
        interview.recompute_all();
        interview.screen = interview.first_screen();
        (interview, rejected)
    }

    fn blank(form: F, language: Lang, context: EvalContext) -> Self {
        let n = form.borrow().nodes().len();
        Interview {
            form,
            language,
            context,
            answers: vec![None; n],
            relevant: vec![true; n],
            values: vec![Value::Empty; n],
            ending: None,
            screen: 0,
            finished: None,
            paradata: Paradata::default(),
            clock_ms: None,
            last_touched: None,
        }
    }

    pub fn form(&self) -> &Form {
        self.form.borrow()
    }

    pub fn language(&self) -> Lang {
        self.language
    }

    /// Switches the language of labels and messages; answers are unaffected.
    pub fn set_language(&mut self, language: Lang) {
        self.language = language;
    }

    /// A form text in the interview's language.
    pub fn text<'t>(&self, text: &'t Text) -> &'t str {
        self.form().text(text, self.language)
    }

    /// The value expressions see for a node: empty when hidden.
    fn value_of(&self, i: usize) -> Value<'_> {
        if !self.relevant[i] {
            return Value::Empty;
        }
        match self.form().nodes()[i].kind {
            NodeKind::Calculate => borrowed(&self.values[i]),
            _ => self.answers[i].as_ref().map_or(Value::Empty, answer_value),
        }
    }

    fn view(&self, current: Option<usize>) -> View<'_, F> {
        View {
            interview: self,
            current,
            choice: None,
        }
    }

    /// Re-evaluates a node's relevance and value; says whether either changed.
    fn recompute(&mut self, i: usize) -> bool {
        let form = self.form.borrow();
        let node = &form.nodes()[i];
        let parent_relevant = node.parent.is_none_or(|p| self.relevant[p]);
        let view = self.view(None);
        let relevant = parent_relevant
            && node.relevant.as_ref().is_none_or(|expr| {
                evaluate_cached(expr, &view, self.context, form.regexes()).to_bool()
            });
        let value = match (&node.calculation, relevant) {
            (Some(expr), true) => {
                evaluate_cached(expr, &view, self.context, form.regexes()).into_owned()
            }
            _ => Value::Empty,
        };
        let changed = relevant != self.relevant[i] || value != self.values[i];
        self.relevant[i] = relevant;
        self.values[i] = value;
        changed
    }

    fn recompute_all(&mut self) {
        let form = self.form.borrow();
        for position in 0..form.graph().order().len() {
            let i = self.form.borrow().graph().order()[position];
            self.recompute(i);
        }
        self.refresh_ending();
    }

    /// Re-evaluates only what depends on `changed`, in dependency order, going on past a node
    /// only when its state changed.
    fn propagate(&mut self, changed: usize) {
        let mut queue = BinaryHeap::new();
        let mut queued = std::collections::HashSet::new();
        let graph_rank = |interview: &Self, i: usize| interview.form().graph().rank(i);
        for &dependent in self.form().graph().dependents(changed) {
            if queued.insert(dependent) {
                queue.push(Reverse((graph_rank(self, dependent), dependent)));
            }
        }
        while let Some(Reverse((_, node))) = queue.pop() {
            if self.recompute(node) {
                for position in 0..self.form().graph().dependents(node).len() {
                    let dependent = self.form().graph().dependents(node)[position];
                    if queued.insert(dependent) {
                        queue.push(Reverse((graph_rank(self, dependent), dependent)));
                    }
                }
            }
        }
        self.refresh_ending();
    }

    fn refresh_ending(&mut self) {
        let form = self.form.borrow();
        self.ending = form.endings().iter().find_map(|&i| {
            let answer = self.answers[i].as_ref().filter(|_| self.relevant[i])?;
            let node = &form.nodes()[i];
            if matches!(node.kind, NodeKind::Question(QuestionType::Consent(_)))
                && *answer == AnswerValue::Text("no".into())
            {
                return Some((i, Outcome::Refused));
            }
            let eligible = node.eligibility.as_ref().is_none_or(|expr| {
                evaluate_cached(expr, &self.view(Some(i)), self.context, form.regexes()).to_bool()
            });
            (!eligible).then_some((i, Outcome::Ineligible))
        });
    }

    /// Gives (or with `None`, clears) an answer. The answer must fit the question's type and
    /// choice list; range, constraint and filter problems are kept and shown as [`Issue`]s, as
    /// the enumerator must see what was entered to correct it.
    pub fn answer(
        &mut self,
        name: &str,
        value: Option<AnswerValue>,
        now_ms: u64,
    ) -> Result<(), ValidationError> {
        let form = self.form.borrow();
        let i = form
            .index_of(name)
            .ok_or_else(|| ValidationError::UnknownQuestion {
                question: name.to_owned(),
            })?;
        let value = value.filter(|v| !v.is_blank());
        if let Some(value) = &value {
            check_shape(form, i, value)?;
        } else if !matches!(form.nodes()[i].kind, NodeKind::Question(_)) {
            return Err(ValidationError::HiddenAnswered {
                question: name.to_owned(),
            });
        }
        self.credit(i, now_ms);
        self.last_touched = Some(i);
        if self.answers[i] != value {
            self.answers[i] = value;
            self.finished = None;
            self.propagate(i);
        }
        Ok(())
    }

    /// Reads what was typed for an integer, decimal, date or text question into an answer,
    /// taking Western, Eastern Arabic and Persian digits alike. Blank input is no answer.
    pub fn parse_input(
        &self,
        name: &str,
        input: &str,
    ) -> Result<Option<AnswerValue>, NumberInputError> {
        let kind = self.form().node(name).map(|node| &node.kind);
        if input.trim().is_empty() {
            return Ok(None);
        }
        match kind {
            Some(NodeKind::Question(QuestionType::Integer)) => {
                parse_integer_input(input).map(|n| Some(AnswerValue::Integer(n)))
            }
            Some(NodeKind::Question(QuestionType::Decimal)) => {
                parse_decimal_input(input).map(|n| Some(AnswerValue::Decimal(n)))
            }
            Some(NodeKind::Question(QuestionType::Date)) => {
                let text = crate::answer::normalize_digits(input);
                text.parse::<Date>()
                    .map(|date| Some(AnswerValue::Text(date.to_string())))
                    .map_err(|_| NumberInputError::NotANumber)
            }
            _ => Ok(Some(AnswerValue::Text(input.to_owned()))),
        }
    }

    /// The saved answer to a question, shown or not.
    pub fn answer_of(&self, name: &str) -> Option<&AnswerValue> {
        self.form()
            .index_of(name)
            .and_then(|i| self.answers[i].as_ref())
    }

    /// The value of a calculation (empty when hidden or without result).
    pub fn calculated(&self, name: &str) -> Value<'_> {
        self.form()
            .index_of(name)
            .map_or(Value::Empty, |i| self.value_of(i))
    }

    /// Whether a node is shown: a question or note that is relevant and does not come after the
    /// point where the interview ended.
    pub fn is_visible(&self, i: usize) -> bool {
        let form = self.form();
        matches!(form.nodes()[i].kind, NodeKind::Question(_) | NodeKind::Note)
            && self.relevant[i]
            && self.ending.is_none_or(|(end, _)| i <= end)
    }

    /// Where and how the interview ends early, if the answers so far end it.
    pub fn ending(&self) -> Option<(usize, Outcome)> {
        self.ending
    }

    /// The choices a select question offers now, after its `choice_filter`.
    pub fn choices(&self, i: usize) -> Vec<&Choice> {
        let form = self.form();
        let node = &form.nodes()[i];
        let list = form.choice_list(node);
        match &node.choice_filter {
            None => list.iter().collect(),
            Some(filter) => list
                .iter()
                .filter(|choice| {
                    let view = View {
                        interview: self,
                        current: Some(i),
                        choice: Some(choice),
                    };
                    evaluate_cached(filter, &view, self.context, form.regexes()).to_bool()
                })
                .collect(),
        }
    }

    /// The first problem with a shown question, if any.
    pub fn issue(&self, i: usize) -> Option<Issue> {
        let form = self.form();
        let node = &form.nodes()[i];
        if !self.is_visible(i) || !matches!(node.kind, NodeKind::Question(_)) {
            return None;
        }
        let Some(answer) = &self.answers[i] else {
            let required = match &node.required {
                Condition::Never => false,
                Condition::Always => true,
                Condition::When(expr) => {
                    evaluate_cached(expr, &self.view(Some(i)), self.context, form.regexes())
                        .to_bool()
                }
            };
            return required.then_some(Issue::Required);
        };
        if let (Some(range), Some(n)) = (node.range, answer.as_number())
            && !range.contains(n)
        {
            return Some(Issue::OutOfRange {
                min: range.min,
                max: range.max,
            });
        }
        if node.choice_filter.is_some() {
            let offered = self.choices(i);
            let fits = |code: &String| offered.iter().any(|choice| &choice.name == code);
            let available = match answer {
                AnswerValue::Text(code) => fits(code),
                AnswerValue::Choices(codes) => codes.iter().all(fits),
                _ => true,
            };
            if !available {
                return Some(Issue::ChoiceUnavailable);
            }
        }
        if let Some(constraint) = &node.constraint {
            let holds = evaluate_cached(
                constraint,
                &self.view(Some(i)),
                self.context,
                form.regexes(),
            )
            .to_bool();
            if !holds {
                return Some(Issue::Constraint);
            }
        }
        None
    }

    /// An issue's message in the interview's language.
    pub fn message(&self, i: usize, issue: Issue) -> String {
        let lang = self.language;
        match issue {
            Issue::Required => messages::required(lang).to_owned(),
            Issue::OutOfRange { min, max } => messages::out_of_range(lang, min, max),
            Issue::ChoiceUnavailable => messages::choice_unavailable(lang).to_owned(),
            Issue::Constraint => self.form().nodes()[i]
                .constraint_message
                .as_ref()
                .map_or_else(
                    || messages::constraint(lang).to_owned(),
                    |m| self.text(m).to_owned(),
                ),
        }
    }

    fn question_issue(&self, i: usize) -> Option<QuestionIssue> {
        self.issue(i).map(|issue| QuestionIssue {
            node: i,
            question: self.form().nodes()[i].name.clone(),
            issue,
            message: self.message(i, issue),
        })
    }

    /// The current screen's index into [`Form::screens`].
    pub fn screen(&self) -> usize {
        self.screen
    }

    /// The shown questions and notes of the current screen.
    pub fn screen_nodes(&self) -> Vec<usize> {
        self.visible_on(self.screen)
    }

    fn visible_on(&self, screen: usize) -> Vec<usize> {
        self.form()
            .screens()
            .get(screen)
            .map(|s| {
                s.nodes
                    .iter()
                    .copied()
                    .filter(|&i| self.is_visible(i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The problems on the current screen, in form order.
    pub fn screen_issues(&self) -> Vec<QuestionIssue> {
        self.screen_issues_of(self.screen)
    }

    fn screen_issues_of(&self, screen: usize) -> Vec<QuestionIssue> {
        self.visible_on(screen)
            .into_iter()
            .filter_map(|i| self.question_issue(i))
            .collect()
    }

    fn first_screen(&self) -> usize {
        (0..self.form().screens().len())
            .find(|&s| !self.visible_on(s).is_empty())
            .unwrap_or(0)
    }

    /// Starts (or restarts, after the app was closed) the paradata clock.
    pub fn start_clock(&mut self, now_ms: u64) {
        self.clock_ms = Some(now_ms);
    }

    fn credit(&mut self, i: usize, now_ms: u64) {
        if let Some(since) = self.clock_ms {
            let spent = now_ms.saturating_sub(since);
            let name = &self.form.borrow().nodes()[i].name;
            match self.paradata.question_ms.get_mut(name) {
                Some(total) => *total = total.saturating_add(spent),
                None => {
                    self.paradata.question_ms.insert(name.clone(), spent);
                }
            }
        }
        self.clock_ms = Some(now_ms);
    }

    /// Time since the last answer goes to the question last touched on this screen.
    fn leave_screen(&mut self, now_ms: u64) {
        let target = self
            .last_touched
            .filter(|&i| self.form().screen_of(i) == Some(self.screen))
            .or_else(|| {
                self.screen_nodes()
                    .into_iter()
                    .find(|&i| matches!(self.form().nodes()[i].kind, NodeKind::Question(_)))
            });
        match target {
            Some(i) => self.credit(i, now_ms),
            None => self.clock_ms = Some(now_ms),
        }
        self.last_touched = None;
    }

    /// Goes on: to the next screen that has something to show, or to the end. Refused while the
    /// current screen has problems; at the end, every screen is checked again (an earlier
    /// answer may have been changed after later ones were given), and the interview moves back to
    /// the first screen with a problem.
    pub fn next(&mut self, now_ms: u64) -> Result<Step, Vec<QuestionIssue>> {
        let issues = self.screen_issues();
        if !issues.is_empty() {
            return Err(issues);
        }
        let ends_here = self.ending.and_then(|(end, outcome)| {
            let end_screen = self.form().screen_of(end)?;
            (end_screen <= self.screen).then_some(outcome)
        });
        let next_screen = if ends_here.is_some() {
            None
        } else {
            (self.screen + 1..self.form().screens().len()).find(|&s| !self.visible_on(s).is_empty())
        };
        self.leave_screen(now_ms);
        if let Some(screen) = next_screen {
            self.screen = screen;
            return Ok(Step::Screen(screen));
        }
        if let Some(screen) =
            (0..self.form().screens().len()).find(|&s| !self.screen_issues_of(s).is_empty())
        {
            self.screen = screen;
            return Err(self.screen_issues());
        }
        let outcome = ends_here.unwrap_or(Outcome::Completed);
        self.finished = Some(outcome);
        Ok(Step::Finished(outcome))
    }

    /// Goes back to the previous screen with something to show; from the end, reopens the last
    /// screen. Says whether anything changed.
    pub fn previous(&mut self, now_ms: u64) -> bool {
        if self.finished.take().is_some() {
            return true;
        }
        let Some(screen) = (0..self.screen)
            .rev()
            .find(|&s| !self.visible_on(s).is_empty())
        else {
            return false;
        };
        self.leave_screen(now_ms);
        self.screen = screen;
        true
    }

    /// Presses Next until the interview ends, or stops on the first screen with a problem:
    /// back to the review after following one of its links, and into the review again when a
    /// draft left there is opened (so that Back from it goes to the last screen, as before).
    pub fn next_to_end(&mut self, now_ms: u64) -> Result<Outcome, Vec<QuestionIssue>> {
        loop {
            // Each step moves to a later screen or ends, so this stops.
            if let Step::Finished(outcome) = self.next(now_ms)? {
                return Ok(outcome);
            }
        }
    }

    /// Opens `screen` directly: to resume a draft where it was left, or to follow a link from
    /// the review list. Only a screen with something to show can be opened; says whether it was.
    pub fn go_to_screen(&mut self, screen: usize, now_ms: u64) -> bool {
        if self.visible_on(screen).is_empty() {
            return false;
        }
        if screen != self.screen {
            self.leave_screen(now_ms);
        }
        self.screen = screen;
        self.finished = None;
        true
    }

    /// What the review before finalizing lists: every shown question that is unanswered or
    /// has a problem, with its screen, in form order.
    pub fn review_items(&self) -> Vec<ReviewItem> {
        let form = self.form();
        (0..form.nodes().len())
            .filter(|&i| matches!(form.nodes()[i].kind, NodeKind::Question(_)))
            .filter(|&i| self.is_visible(i))
            .filter_map(|i| {
                let issue = self.issue(i);
                if issue.is_none() && self.answers[i].is_some() {
                    return None;
                }
                Some(ReviewItem {
                    node: i,
                    question: form.nodes()[i].name.clone(),
                    screen: form.screen_of(i)?,
                    message: issue.map(|issue| self.message(i, issue)),
                })
            })
            .collect()
    }

    /// Set once `next` reached the end; cleared by going back or changing an answer.
    pub fn finished(&self) -> Option<Outcome> {
        self.finished
    }

    /// How the answers end the interview, were it to stop here: refused, ineligible, or
    /// (otherwise) completed.
    pub fn outcome(&self) -> Outcome {
        self.ending
            .map_or(Outcome::Completed, |(_, outcome)| outcome)
    }

    /// Answered out of shown questions (notes are not counted).
    pub fn progress(&self) -> Progress {
        let form = self.form();
        let mut progress = Progress {
            answered: 0,
            visible: 0,
        };
        for (i, node) in form.nodes().iter().enumerate() {
            if matches!(node.kind, NodeKind::Question(_)) && self.is_visible(i) {
                progress.visible += 1;
                progress.answered += usize::from(self.answers[i].is_some());
            }
        }
        progress
    }

    /// The answers to send: those of shown questions only, as the wire format wants.
    pub fn answers(&self) -> Answers {
        self.answers_shown(true)
    }

    /// Answers given to questions that are hidden now (a skip closed over them, or a
    /// refusal ended the interview before them). They are never sent, but a draft keeps them:
    /// a mis-tapped "no" that hides forty answers must not lose them if the phone dies before
    /// it is put right.
    pub fn hidden_answers(&self) -> Answers {
        self.answers_shown(false)
    }

    /// The answers of questions shown now (`shown`), or of those hidden now.
    fn answers_shown(&self, shown: bool) -> Answers {
        let form = self.form();
        let mut answers = Answers::new();
        for (i, answer) in self.answers.iter().enumerate() {
            if let Some(answer) = answer.as_ref().filter(|_| self.is_visible(i) == shown) {
                answers.insert(form.nodes()[i].name.clone(), answer.clone());
            }
        }
        answers
    }

    pub fn paradata(&self) -> &Paradata {
        &self.paradata
    }

    /// Restores paradata saved with a draft.
    pub fn set_paradata(&mut self, paradata: Paradata) {
        self.paradata = paradata;
    }
}
