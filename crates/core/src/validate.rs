//! Checking a whole submission's answers against the form version it names, as the server
//! does before it stores an upload. The checks are the interview's own, so a submission the
//! phone's state machine produced is accepted exactly when the phone would have let it finish.

use crate::answer::{AnswerValue, Answers};
use crate::date::Date;
use crate::expr::EvalContext;
use crate::interview::{Interview, Issue, Outcome};
use crate::lang::Lang;
use crate::load::{Form, NodeKind, QuestionType};

/// One thing wrong with a submission's answers, naming the question.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidationError {
    #[error("`{question}` is not a question of this form version")]
    UnknownQuestion { question: String },
    #[error("`{question}` takes a {expected}")]
    WrongType {
        question: String,
        expected: &'static str,
    },
    #[error("`{choice}` is not a choice offered by `{question}`")]
    UnknownChoice { question: String, choice: String },
    #[error("the answer to `{question}` is out of range")]
    OutOfRange { question: String },
    #[error("the answer to `{question}` fails its constraint")]
    ConstraintFailed { question: String },
    #[error("`{question}` is required and was shown, but has no answer")]
    RequiredMissing { question: String },
    #[error("`{question}` has an answer but is not shown to this respondent")]
    HiddenAnswered { question: String },
}

impl ValidationError {
    /// A stable `snake_case` code, for the API and for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            ValidationError::UnknownQuestion { .. } => "unknown_question",
            ValidationError::WrongType { .. } => "wrong_type",
            ValidationError::UnknownChoice { .. } => "unknown_choice",
            ValidationError::OutOfRange { .. } => "out_of_range",
            ValidationError::ConstraintFailed { .. } => "constraint_failed",
            ValidationError::RequiredMissing { .. } => "required_missing",
            ValidationError::HiddenAnswered { .. } => "hidden_answered",
        }
    }

    /// The name of the question the error is about.
    pub fn question(&self) -> &str {
        match self {
            ValidationError::UnknownQuestion { question }
            | ValidationError::WrongType { question, .. }
            | ValidationError::UnknownChoice { question, .. }
            | ValidationError::OutOfRange { question }
            | ValidationError::ConstraintFailed { question }
            | ValidationError::RequiredMissing { question }
            | ValidationError::HiddenAnswered { question } => question,
        }
    }
}

/// Whether an answer has its question's shape: the JSON type, a real date, codes from the
/// question's list (before any filter), a point on Earth. Only questions take answers.
pub(crate) fn check_shape(
    form: &Form,
    i: usize,
    value: &AnswerValue,
) -> Result<(), ValidationError> {
    let node = &form.nodes()[i];
    let question = || node.name.clone();
    let NodeKind::Question(kind) = &node.kind else {
        return Err(ValidationError::HiddenAnswered {
            question: question(),
        });
    };
    let wrong_type = || ValidationError::WrongType {
        question: question(),
        expected: kind.wire_shape(),
    };
    if value.is_blank() {
        // The wire format leaves unanswered questions out; an empty answer is a client bug.
        return Err(wrong_type());
    }
    let in_list = |code: &str| form.choice_list(node).iter().any(|c| c.name == code);
    let unknown_choice = |code: &str| ValidationError::UnknownChoice {
        question: question(),
        choice: code.to_owned(),
    };
    match (kind, value) {
        (QuestionType::Text, AnswerValue::Text(_))
        | (QuestionType::Integer | QuestionType::Decimal, AnswerValue::Integer(_)) => Ok(()),
        (QuestionType::Decimal, AnswerValue::Decimal(n)) if n.is_finite() => Ok(()),
        (QuestionType::Date, AnswerValue::Text(text)) => {
            text.parse::<Date>().map(|_| ()).map_err(|_| wrong_type())
        }
        (QuestionType::Geopoint, AnswerValue::Geopoint(point)) => {
            if point.is_valid() {
                Ok(())
            } else {
                Err(ValidationError::OutOfRange {
                    question: question(),
                })
            }
        }
        (
            QuestionType::SelectOne(_) | QuestionType::Scale(_) | QuestionType::Consent(_),
            AnswerValue::Text(code),
        ) => {
            if in_list(code) {
                Ok(())
            } else {
                Err(unknown_choice(code))
            }
        }
        (QuestionType::SelectMultiple(_), AnswerValue::Choices(codes)) => {
            if let Some(code) = codes.iter().find(|code| !in_list(code)) {
                return Err(unknown_choice(code));
            }
            let mut sorted: Vec<&String> = codes.iter().collect();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() == codes.len() {
                Ok(())
            } else {
                Err(wrong_type())
            }
        }
        _ => Err(wrong_type()),
    }
}

/// Validates a submission's answers against `form`, the version the submission names.
/// `context.today` should be the day the submission was finalized, so that a constraint such
/// as `. <= today()` is judged as it was on the phone.
///
/// Returns how the interview ended, or the problems found: those answers that do not fit their
/// question at all (unknown question, wrong type, unknown choice, a point off the Earth), if
/// there are any; else every problem, in form order.
pub fn validate_submission(
    form: &Form,
    answers: &Answers,
    context: &EvalContext,
) -> Result<Outcome, Vec<ValidationError>> {
    let (interview, unreadable) = Interview::resume(form, Lang::En, *context, answers);
    if !unreadable.is_empty() {
        // The remaining checks would judge relevance, constraints and requirements without
        // the answers that could not be read, and report knock-on errors that are not real.
        return Err(unreadable);
    }
    let mut errors = Vec::new();
    for (i, node) in form.nodes().iter().enumerate() {
        let question = || node.name.clone();
        let answered = interview.answer_of(&node.name).is_some();
        if answered && !interview.is_visible(i) {
            errors.push(ValidationError::HiddenAnswered {
                question: question(),
            });
            continue;
        }
        let Some(issue) = interview.issue(i) else {
            continue;
        };
        errors.push(match issue {
            Issue::Required => ValidationError::RequiredMissing {
                question: question(),
            },
            Issue::OutOfRange { .. } => ValidationError::OutOfRange {
                question: question(),
            },
            Issue::ChoiceUnavailable => ValidationError::UnknownChoice {
                question: question(),
                choice: match interview.answer_of(&node.name) {
                    Some(AnswerValue::Text(code)) => code.clone(),
                    Some(AnswerValue::Choices(codes)) => codes.join(" "),
                    _ => String::new(),
                },
            },
            Issue::Constraint => ValidationError::ConstraintFailed {
                question: question(),
            },
        });
    }
    if errors.is_empty() {
        Ok(interview.outcome())
    } else {
        Err(errors)
    }
}
