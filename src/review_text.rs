//! Words the review pages share: review states, outcomes, and the form's own labels for
//! questions and choices in the supervisor's language (the codes stay beside them).

use qabul_core::answer::AnswerValue;
use qabul_core::lang::Lang;
use qabul_core::load::Form;
use qabul_core::quality::Flag;
use qabul_core::review::ReviewStatus;

use crate::i18n::Text;

pub fn status_text(status: ReviewStatus) -> Text {
    match status {
        ReviewStatus::Pending => Text::StatusPending,
        ReviewStatus::Approved => Text::StatusApproved,
        ReviewStatus::OnHold => Text::StatusOnHold,
        ReviewStatus::Rejected => Text::StateRejected,
    }
}

pub fn flag_text(flag: Flag) -> Text {
    match flag {
        Flag::TooShort => Text::FlagTooShort,
        Flag::SequenceGap => Text::FlagSequenceGap,
        Flag::Burst => Text::FlagBurst,
    }
}

pub fn subscore_text(id: &str) -> Option<Text> {
    match id {
        "social_distance" => Some(Text::SubscoreSocialDistance),
        "threat" => Some(Text::SubscoreThreat),
        "trust" => Some(Text::SubscoreTrust),
        "reintegration" => Some(Text::SubscoreReintegration),
        _ => None,
    }
}

pub fn outcome_text(code: &str) -> Option<Text> {
    match code {
        "completed" => Some(Text::OutcomeCompleted),
        "refused" => Some(Text::OutcomeRefused),
        "ineligible" => Some(Text::OutcomeIneligible),
        _ => None,
    }
}

/// A question's label in `lang`, or its name.
pub fn question_label(form: &Form, name: &str, lang: Lang) -> String {
    form.node(name)
        .and_then(|node| node.label.as_ref())
        .map_or_else(
            || name.to_owned(),
            |label| label.show(lang, Lang::En).to_owned(),
        )
}

/// A choice's label in `lang`, or its code.
pub fn choice_label(form: &Form, question: &str, code: &str, lang: Lang) -> String {
    form.node(question)
        .and_then(|node| form.choice_list(node).iter().find(|c| c.name == code))
        .map_or_else(
            || code.to_owned(),
            |c| c.label.show(lang, Lang::En).to_owned(),
        )
}

/// An answer as the supervisor reads it: labels, with the codes in brackets.
pub fn answer_text(form: &Form, question: &str, value: &AnswerValue, lang: Lang) -> String {
    let labelled = |code: &str| {
        let label = choice_label(form, question, code, lang);
        if label == code {
            code.to_owned()
        } else {
            format!("{label} [{code}]")
        }
    };
    match value {
        AnswerValue::Text(text) => labelled(text),
        AnswerValue::Integer(n) => n.to_string(),
        AnswerValue::Decimal(x) => x.to_string(),
        AnswerValue::Choices(codes) => codes
            .iter()
            .map(|c| labelled(c))
            .collect::<Vec<_>>()
            .join("، "),
        AnswerValue::Geopoint(p) => format!("{:.5}, {:.5}", p.lat, p.lon),
    }
}

/// `2026-11-22T08:14:10Z` as `2026-11-22 08:14`.
pub fn short_time(rfc3339: &str) -> String {
    rfc3339
        .get(..16)
        .map_or_else(|| rfc3339.to_owned(), |t| t.replace('T', " "))
}
