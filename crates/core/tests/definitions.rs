//! Loading form definitions: each kind of problem is found and names its row.

use qabul_core::Form;
use qabul_core::lang::Lang;
use qabul_core::load::{Column, DefinitionErrorKind, Location};
use serde_json::{Value, json};

fn t(text: &str) -> Value {
    json!({"en": text, "ar": text, "ckb": text})
}

/// A small valid form; tests change one thing in it.
fn base() -> Value {
    json!({
        "id": "test",
        "version": "1",
        "title": t("Test"),
        "languages": ["en", "ar", "ckb"],
        "survey": [
            {"type": "begin_group", "name": "g", "label": t("Group")},
            {"type": "select_one yn", "name": "aware", "label": t("Aware?"), "required": true},
            {"type": "integer", "name": "age", "label": t("Age"), "range": {"min": 0, "max": 120}},
            {"type": "end_group"},
            {"type": "calculate", "name": "double_age", "calculation": "${age} * 2"},
            {"type": "text", "name": "why", "label": t("Why?"), "relevant": "${aware} = 'yes'"}
        ],
        "choices": {"yn": [{"name": "yes", "label": t("Yes")}, {"name": "no", "label": t("No")}]}
    })
}

fn load(definition: &Value) -> Result<Form, Vec<(Location, DefinitionErrorKind)>> {
    Form::from_json(&definition.to_string()).map_err(|error| {
        assert!(!error.to_string().is_empty());
        error
            .problems()
            .iter()
            .map(|p| (p.location.clone(), p.kind.clone()))
            .collect()
    })
}

fn row(row: usize, name: &str) -> Location {
    Location::Row {
        row,
        name: name.into(),
    }
}

/// Loads `definition`, expecting exactly one problem, and returns it.
fn single_problem(definition: &Value) -> (Location, DefinitionErrorKind) {
    let mut problems = load(definition).expect_err("the definition should not load");
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.remove(0)
}

#[test]
fn the_base_form_loads_with_groups_as_screens() {
    let form = load(&base()).unwrap();
    assert_eq!(form.nodes().len(), 5);
    assert_eq!(form.screens().len(), 2);
    assert_eq!(form.screens()[0].nodes, vec![1, 2]);
    assert_eq!(form.screens()[1].nodes, vec![4]);
    assert_eq!(form.node("age").unwrap().parent, Some(0));
    assert_eq!(form.screen_of(3), None);
}

#[test]
fn duplicate_names() {
    let mut definition = base();
    definition["survey"][5]["name"] = json!("age");
    let (location, kind) = single_problem(&definition);
    assert_eq!(location, row(6, "age"));
    assert_eq!(kind, DefinitionErrorKind::DuplicateName("age".into()));
    assert_eq!(kind.code(), "duplicate_name");
}

#[test]
fn unknown_references() {
    let mut definition = base();
    definition["survey"][5]["relevant"] = json!("${awre} = 'yes'");
    let (location, kind) = single_problem(&definition);
    assert_eq!(location, row(6, "why"));
    assert_eq!(
        kind,
        DefinitionErrorKind::UnknownReference {
            column: Column::Relevant,
            name: "awre".into()
        }
    );
    assert_eq!(kind.code(), "unknown_reference");
    // A group is not a value to read.
    definition["survey"][5]["relevant"] = json!("${g} = 'yes'");
    assert_eq!(single_problem(&definition).1.code(), "unknown_reference");
}

#[test]
fn missing_choice_lists() {
    let mut definition = base();
    definition["survey"][1]["type"] = json!("select_one yes_no");
    let (location, kind) = single_problem(&definition);
    assert_eq!(location, row(2, "aware"));
    assert_eq!(
        kind,
        DefinitionErrorKind::MissingChoiceList("yes_no".into())
    );
    assert_eq!(kind.code(), "missing_choice_list");
}

#[test]
fn calculation_cycles() {
    let mut definition = base();
    let survey = definition["survey"].as_array_mut().unwrap();
    survey.push(json!({"type": "calculate", "name": "a", "calculation": "${b} + 1"}));
    survey.push(json!({"type": "calculate", "name": "b", "calculation": "${c} + 1"}));
    survey.push(json!({"type": "calculate", "name": "c", "calculation": "${a} + ${age}"}));
    let (location, kind) = single_problem(&definition);
    assert_eq!(location, row(7, "a"));
    assert_eq!(
        kind,
        DefinitionErrorKind::CalculationCycle(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(kind.code(), "calculation_cycle");
    assert!(kind.to_string().contains("a -> b -> c -> a"));
}

#[test]
fn a_question_relevant_on_itself_is_a_cycle_but_a_constraint_on_itself_is_not() {
    let mut definition = base();
    definition["survey"][5]["relevant"] = json!("${why} = ''");
    assert_eq!(single_problem(&definition).1.code(), "calculation_cycle");
    let mut definition = base();
    definition["survey"][5]["constraint"] = json!("string-length(${why}) < 10");
    assert!(load(&definition).is_ok());
}

#[test]
fn expressions_that_do_not_parse_name_their_column() {
    let mut definition = base();
    definition["survey"][4]["calculation"] = json!("${age} * * 2");
    let (location, kind) = single_problem(&definition);
    assert_eq!(location, row(5, "double_age"));
    let DefinitionErrorKind::Expression { column, error } = &kind else {
        panic!("{kind:?}");
    };
    assert_eq!(*column, Column::Calculation);
    assert_eq!(error.column, 10);
    assert_eq!(kind.code(), "expression_syntax");
    assert_eq!(
        kind.to_string(),
        "`calculation` does not parse, at column 10: unexpected `*`"
    );
}

#[test]
fn labels_missing_in_a_declared_language() {
    let mut definition = base();
    definition["survey"][2]["label"] = json!({"en": "Age", "ar": "العمر"});
    let (location, kind) = single_problem(&definition);
    assert_eq!(location, row(3, "age"));
    assert_eq!(
        kind,
        DefinitionErrorKind::MissingTranslation {
            field: "label",
            lang: Lang::Ckb
        }
    );
    assert_eq!(kind.code(), "missing_translation");
    // Blank text counts as missing, and choices, hints and messages are checked too.
    let mut definition = base();
    definition["survey"][2]["hint"] = json!({"en": "x", "ar": " ", "ckb": "x"});
    definition["choices"]["yn"][1]["label"] = json!({"en": "No", "ar": "لا"});
    definition["survey"][2]["constraint_message"] = json!({"en": "x"});
    definition["survey"][2]["constraint"] = json!(". > 1");
    let problems = load(&definition).unwrap_err();
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems.contains(&(
        Location::ChoiceList {
            list: "yn".into(),
            choice: Some(2)
        },
        DefinitionErrorKind::MissingTranslation {
            field: "choice label",
            lang: Lang::Ckb
        }
    )));
    // A language that is not declared is not asked for.
    let mut definition = base();
    definition["languages"] = json!(["en"]);
    definition["survey"][2]["label"] = json!({"en": "Age"});
    assert!(load(&definition).is_ok());
}

#[test]
fn a_question_without_a_label() {
    let mut definition = base();
    definition["survey"][5]
        .as_object_mut()
        .unwrap()
        .remove("label");
    let (_, kind) = single_problem(&definition);
    assert_eq!(kind.code(), "missing_label");
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut definition = base();
    definition["survey"][5]["name"] = json!("age");
    definition["survey"][1]["type"] = json!("select_one nope");
    definition["survey"][2]["relevant"] = json!("(");
    let problems = load(&definition).unwrap_err();
    let codes: Vec<&str> = problems.iter().map(|(_, kind)| kind.code()).collect();
    assert_eq!(
        codes,
        ["missing_choice_list", "expression_syntax", "duplicate_name"]
    );
}

/// A change to the base form, and the one problem code it must cause.
type Case = (fn(&mut Value), &'static str);

#[test]
fn structural_problems() {
    let cases: Vec<Case> = vec![
        (
            |d| d["survey"][1]["type"] = json!("select_two yn"),
            "unknown_type",
        ),
        (|d| d["survey"][5]["name"] = json!("1why"), "invalid_name"),
        (
            |d| {
                d["survey"].as_array_mut().unwrap().remove(3);
            },
            "unbalanced_group",
        ),
        (
            |d| {
                d["survey"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"type": "end_group"}));
            },
            "unbalanced_group",
        ),
        (|d| d["choices"]["yn"] = json!([]), "empty_choice_list"),
        (
            |d| d["choices"]["yn"][1]["name"] = json!("yes"),
            "invalid_choice_code",
        ),
        (
            |d| d["choices"]["yn"][1]["name"] = json!("no way"),
            "invalid_choice_code",
        ),
        (
            |d| d["survey"][1]["type"] = json!("consent yn2"),
            "missing_choice_list",
        ),
        (
            |d| {
                d["choices"]["yn"][1]["name"] = json!("nah");
                d["survey"][1]["type"] = json!("consent yn");
            },
            "invalid_consent_list",
        ),
        (
            |d| {
                d["survey"][4]
                    .as_object_mut()
                    .unwrap()
                    .remove("calculation");
            },
            "missing_calculation",
        ),
        (
            |d| d["survey"][5]["calculation"] = json!("1"),
            "misplaced_column",
        ),
        (
            |d| d["survey"][5]["range"] = json!({"min": 1}),
            "misplaced_column",
        ),
        (
            |d| d["survey"][5]["choice_filter"] = json!("x = 1"),
            "misplaced_column",
        ),
        (
            |d| d["survey"][0]["required"] = json!(true),
            "misplaced_column",
        ),
        (
            |d| d["survey"][2]["range"] = json!({"min": 5, "max": 1}),
            "invalid_range",
        ),
        (
            |d| d["survey"][1]["default"] = json!({"value": "maybe"}),
            "invalid_default",
        ),
        (
            |d| d["survey"][1]["default"] = json!("ui_language"),
            "invalid_default",
        ),
        (
            |d| d["survey"][5]["relevant"] = json!(". = 'x'"),
            "misplaced_reference",
        ),
        (
            |d| d["survey"][5]["relevant"] = json!("x = 'x'"),
            "misplaced_reference",
        ),
        (
            |d| d["survey"][1]["choice_filter"] = json!("region = 'x'"),
            "unknown_reference",
        ),
        (
            |d| d["survey"][5]["constraint"] = json!("regex(., '(')"),
            "invalid_regex",
        ),
        (|d| d["id"] = json!(" "), "missing_field"),
        (|d| d["languages"] = json!([]), "invalid_languages"),
        (
            |d| d["languages"] = json!(["en", "en"]),
            "invalid_languages",
        ),
        (|d| d["default_language"] = json!("ar"), "valid"),
        (
            |d| {
                d["languages"] = json!(["en"]);
                d["default_language"] = json!("ar");
            },
            "invalid_languages",
        ),
    ];
    for (change, code) in cases {
        let mut definition = base();
        change(&mut definition);
        match load(&definition) {
            Ok(_) => assert_eq!(code, "valid", "{definition}"),
            Err(problems) => {
                let codes: Vec<&str> = problems.iter().map(|(_, k)| k.code()).collect();
                assert_eq!(codes, [code], "{problems:?}");
            }
        }
    }
}

#[test]
fn json_that_is_not_a_form() {
    let error = Form::from_json("{\"id\": 1}").unwrap_err();
    assert!(error.problems().is_empty());
    assert!(error.to_string().contains("form model"));
    let mut definition = base();
    definition["survey"][1]["colour"] = json!("red");
    assert!(Form::from_json(&definition.to_string()).is_err());
}

#[test]
fn definitions_round_trip_through_json() {
    let form = qabul_core::builtin::community_acceptance();
    let json = serde_json::to_string(form.definition()).unwrap();
    let again = Form::from_json(&json).unwrap();
    assert_eq!(again.definition(), form.definition());
}
