//! Validation of whole submissions: each error code, with the question it names.

use qabul_core::answer::{AnswerValue, Answers, Geopoint};
use qabul_core::interview::Outcome;
use qabul_core::{Date, EvalContext, Form, ValidationError, validate_submission};
use serde_json::json;

fn context() -> EvalContext {
    EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    }
}

fn t(text: &str) -> serde_json::Value {
    json!({"en": text})
}

/// One question of each type, and some logic between them.
fn form() -> Form {
    Form::from_json(
        &json!({
            "id": "types",
            "version": "3",
            "title": t("Types"),
            "languages": ["en"],
            "survey": [
                {"type": "consent yn", "name": "consent", "label": t("Consent"), "required": true},
                {"type": "integer", "name": "age", "label": t("Age"), "required": true,
                 "range": {"min": 10, "max": 120}, "eligibility": ". >= 18"},
                {"type": "decimal", "name": "weight", "label": t("Weight"), "range": {"min": 0}},
                {"type": "text", "name": "note_text", "label": t("Text"),
                 "constraint": "string-length(.) <= 5"},
                {"type": "date", "name": "visit", "label": t("Visit"), "constraint": ". <= today()"},
                {"type": "geopoint", "name": "where", "label": t("Where")},
                {"type": "select_one yn", "name": "aware", "label": t("Aware"), "required": true},
                {"type": "scale five", "name": "feeling", "label": t("Feeling"),
                 "relevant": "${aware} = 'yes'", "required": "${age} > 30"},
                {"type": "select_multiple reasons", "name": "reasons", "label": t("Reasons")},
                {"type": "note", "name": "info", "label": t("Info")},
                {"type": "calculate", "name": "twice", "calculation": "${age} * 2"}
            ],
            "choices": {
                "yn": [{"name": "yes", "label": t("Yes")}, {"name": "no", "label": t("No")}],
                "five": [{"name": "1", "label": t("1")}, {"name": "2", "label": t("2")},
                         {"name": "3", "label": t("3")}, {"name": "4", "label": t("4")},
                         {"name": "5", "label": t("5")}],
                "reasons": [{"name": "a", "label": t("A")}, {"name": "b", "label": t("B")}]
            }
        })
        .to_string(),
    )
    .unwrap()
}

fn valid() -> Answers {
    serde_json::from_value(json!({
        "consent": "yes", "age": 41, "weight": 70.5, "note_text": "fine", "visit": "2026-11-20",
        "where": {"lat": 33.4, "lon": 43.3, "accuracy": 8}, "aware": "yes", "feeling": "4",
        "reasons": ["a", "b"]
    }))
    .unwrap()
}

/// Validates `answers` after `change`, expecting exactly one error, and returns it.
fn single_error(change: impl FnOnce(&mut Answers)) -> ValidationError {
    let mut answers = valid();
    change(&mut answers);
    let mut errors = validate_submission(&form(), &answers, &context()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

fn set(answers: &mut Answers, name: &str, value: serde_json::Value) {
    answers.insert(name.into(), serde_json::from_value(value).unwrap());
}

#[test]
fn a_valid_submission_is_accepted_with_its_outcome() {
    assert_eq!(
        validate_submission(&form(), &valid(), &context()),
        Ok(Outcome::Completed)
    );
    // Optional questions may be left out; a whole number is a fine decimal.
    let mut answers = valid();
    answers.remove("weight");
    answers.remove("where");
    set(&mut answers, "note_text", json!("x"));
    answers.insert("weight".into(), AnswerValue::Integer(70));
    assert_eq!(
        validate_submission(&form(), &answers, &context()),
        Ok(Outcome::Completed)
    );
}

#[test]
fn unknown_question() {
    let error = single_error(|a| set(a, "shoe_size", json!(42)));
    assert_eq!(
        (error.code(), error.question()),
        ("unknown_question", "shoe_size")
    );
}

#[test]
fn wrong_type() {
    for (name, value) in [
        ("age", json!("41")),
        ("age", json!(41.5)),
        ("weight", json!("heavy")),
        ("note_text", json!(5)),
        ("visit", json!("22/11/2026")),
        ("visit", json!("2026-02-30")),
        ("where", json!("33.4 43.3")),
        ("aware", json!(["yes"])),
        ("reasons", json!("a")),
        ("reasons", json!(["a", "a"])),
        ("note_text", json!("")),
        ("reasons", json!([])),
    ] {
        let error = single_error(|a| set(a, name, value.clone()));
        assert_eq!(
            (error.code(), error.question()),
            ("wrong_type", name),
            "{name} = {value}"
        );
    }
}

#[test]
fn unknown_choice() {
    for (name, value) in [
        ("aware", json!("maybe")),
        ("feeling", json!("6")),
        ("reasons", json!(["a", "c"])),
        ("consent", json!("perhaps")),
    ] {
        let error = single_error(|a| set(a, name, value.clone()));
        assert_eq!((error.code(), error.question()), ("unknown_choice", name));
    }
    assert_eq!(
        single_error(|a| set(a, "feeling", json!("6"))),
        ValidationError::UnknownChoice {
            question: "feeling".into(),
            choice: "6".into()
        }
    );
}

#[test]
fn out_of_range() {
    for (name, value) in [
        ("age", json!(121)),
        ("weight", json!(-1)),
        ("where", json!({"lat": 95, "lon": 43.3, "accuracy": 8})),
    ] {
        let error = single_error(|a| set(a, name, value.clone()));
        assert_eq!((error.code(), error.question()), ("out_of_range", name));
    }
    let _ = Geopoint {
        lat: 0.0,
        lon: 0.0,
        accuracy: 0.0,
    };
}

#[test]
fn constraint_failed() {
    for (name, value) in [
        ("note_text", json!("too long")),
        ("visit", json!("2026-11-23")),
    ] {
        let error = single_error(|a| set(a, name, value.clone()));
        assert_eq!(
            (error.code(), error.question()),
            ("constraint_failed", name)
        );
    }
}

#[test]
fn required_missing() {
    let error = single_error(|a| {
        a.remove("aware");
        a.remove("feeling");
    });
    assert_eq!(
        (error.code(), error.question()),
        ("required_missing", "aware")
    );
    // Required when a condition holds: feeling is required over 30 only.
    let error = single_error(|a| {
        a.remove("feeling");
    });
    assert_eq!(
        (error.code(), error.question()),
        ("required_missing", "feeling")
    );
    let mut answers = valid();
    answers.remove("feeling");
    set(&mut answers, "age", json!(25));
    assert!(validate_submission(&form(), &answers, &context()).is_ok());
}

#[test]
fn hidden_answered() {
    let error = single_error(|a| set(a, "aware", json!("no")));
    assert_eq!(
        (error.code(), error.question()),
        ("hidden_answered", "feeling")
    );
    // Notes and calculations take no answers.
    let error = single_error(|a| set(a, "info", json!("x")));
    assert_eq!(
        (error.code(), error.question()),
        ("hidden_answered", "info")
    );
    let error = single_error(|a| set(a, "twice", json!(82)));
    assert_eq!(
        (error.code(), error.question()),
        ("hidden_answered", "twice")
    );
}

#[test]
fn answers_after_an_early_end_are_hidden() {
    let mut answers = valid();
    set(&mut answers, "consent", json!("no"));
    let errors = validate_submission(&form(), &answers, &context()).unwrap_err();
    assert!(errors.iter().all(|e| e.code() == "hidden_answered"));
    assert_eq!(errors.len(), 8);
    let refusal: Answers = serde_json::from_value(json!({"consent": "no"})).unwrap();
    assert_eq!(
        validate_submission(&form(), &refusal, &context()),
        Ok(Outcome::Refused)
    );
    let minor: Answers = serde_json::from_value(json!({"consent": "yes", "age": 16})).unwrap();
    assert_eq!(
        validate_submission(&form(), &minor, &context()),
        Ok(Outcome::Ineligible)
    );
}

#[test]
fn every_error_is_reported_with_a_readable_message() {
    // Answers that cannot be read are reported alone: the other checks would run without them.
    let mut answers = valid();
    set(&mut answers, "shoe_size", json!(1));
    set(&mut answers, "aware", json!("maybe"));
    set(&mut answers, "age", json!(200));
    let errors = validate_submission(&form(), &answers, &context()).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(ValidationError::code).collect();
    assert_eq!(codes, ["unknown_choice", "unknown_question"]);
    // Once readable, everything else is reported in form order.
    answers.remove("shoe_size");
    set(&mut answers, "aware", json!("no"));
    set(&mut answers, "note_text", json!("far too long"));
    let errors = validate_submission(&form(), &answers, &context()).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(ValidationError::code).collect();
    assert_eq!(
        codes,
        ["out_of_range", "constraint_failed", "hidden_answered"]
    );
    for error in &errors {
        assert!(error.to_string().contains(error.question()));
    }
}
