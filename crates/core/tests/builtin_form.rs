//! The built-in community acceptance survey: it loads, says everything in three languages,
//! carries FORM.md's names and codes, and its skip logic and end states work.

#![expect(
    clippy::unnecessary_wraps,
    reason = "the answer helpers build the `Option` that `Interview::answer` takes"
)]

use qabul_core::answer::AnswerValue;
use qabul_core::builtin;
use qabul_core::interview::{Interview, Issue, Outcome, Step};
use qabul_core::lang::Lang;
use qabul_core::load::{NodeKind, QuestionType};
use qabul_core::{Date, EvalContext, Form, validate_submission};
use std::sync::Arc;

fn context() -> EvalContext {
    EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    }
}

fn form() -> Arc<Form> {
    Arc::new(builtin::community_acceptance())
}

fn text(s: &str) -> Option<AnswerValue> {
    Some(AnswerValue::Text(s.into()))
}

fn int(n: i64) -> Option<AnswerValue> {
    Some(AnswerValue::Integer(n))
}

fn choices(codes: &[&str]) -> Option<AnswerValue> {
    Some(AnswerValue::Choices(
        codes.iter().map(|c| (*c).to_owned()).collect(),
    ))
}

/// Gives each answer, failing the test on an answer the form does not take.
fn give(interview: &mut Interview, answers: &[(&str, Option<AnswerValue>)]) {
    for (i, (name, value)) in answers.iter().enumerate() {
        interview
            .answer(name, value.clone(), 1000 * i as u64)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

fn visible(interview: &Interview, name: &str) -> bool {
    interview.is_visible(interview.form().index_of(name).unwrap())
}

fn issue(interview: &Interview, name: &str) -> Option<Issue> {
    interview.issue(interview.form().index_of(name).unwrap())
}

/// Answers for a full, consenting, adult interview with every branch open.
fn full_answers() -> Vec<(&'static str, Option<AnswerValue>)> {
    let mut answers = vec![
        ("governorate", text("anbar")),
        ("district", text("ramadi")),
        ("interview_language", text("ar")),
        ("consent", text("yes")),
        ("age", int(41)),
        ("sex", text("female")),
        ("status", text("host")),
        ("years_in_area", int(30)),
        ("aware_returns", text("yes")),
        ("reception", text("4")),
    ];
    for name in [
        "sd_neighbour",
        "sd_coworker",
        "sd_school",
        "sd_shop",
        "sd_social_events",
        "sd_meetings",
        "sd_marriage",
        "threat_security",
        "threat_extremism",
        "threat_jobs",
        "threat_property",
        "trust_screening",
        "trust_committees",
    ] {
        answers.push((name, text("3")));
    }
    answers.extend([
        ("reintegration_view", text("4")),
        ("change_view", choices(&["screening", "peace_agreement"])),
        ("women_children", text("dk")),
        ("hlp_disputes", text("yes")),
        ("hlp_kind", choices(&["documents"])),
        ("services", text("2")),
        ("aid_fairness", text("dk")),
        ("campaign_heard", text("yes")),
        ("campaign_effect", text("more_accepting")),
        ("comment", text("The market reopened last spring.")),
        ("others_present", text("no")),
    ]);
    answers
}

/// Presses "next" until the end, failing on any issue.
fn run_to_end(interview: &mut Interview) -> Outcome {
    for step in 0..100 {
        match interview.next(100_000 + step) {
            Ok(Step::Screen(_)) => {}
            Ok(Step::Finished(outcome)) => return outcome,
            Err(issues) => panic!("stopped by {issues:?}"),
        }
    }
    panic!("never finished");
}

#[test]
fn loads_with_the_names_and_codes_of_form_md() {
    let form = form();
    assert_eq!(form.id(), "community_acceptance");
    assert_eq!(form.version(), "1");
    assert_eq!(form.languages(), &[Lang::En, Lang::Ar, Lang::Ckb]);
    let names: Vec<&str> = form
        .questions()
        .map(|(node, _)| node.name.as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "governorate",
            "district",
            "interview_language",
            "location",
            "consent",
            "age",
            "sex",
            "status",
            "years_in_area",
            "aware_returns",
            "reception",
            "sd_neighbour",
            "sd_coworker",
            "sd_school",
            "sd_shop",
            "sd_social_events",
            "sd_meetings",
            "sd_marriage",
            "threat_security",
            "threat_extremism",
            "threat_jobs",
            "threat_property",
            "trust_screening",
            "trust_committees",
            "reintegration_view",
            "change_view",
            "women_children",
            "hlp_disputes",
            "hlp_kind",
            "services",
            "aid_fairness",
            "campaign_heard",
            "campaign_effect",
            "comment",
            "others_present",
        ]
    );
    let codes = |name: &str| -> Vec<String> {
        let node = form.node(name).unwrap();
        form.choice_list(node)
            .iter()
            .map(|c| c.name.clone())
            .collect()
    };
    let scale = ["1", "2", "3", "4", "5"];
    let with = |extra: &[&str]| -> Vec<String> {
        scale.iter().chain(extra).map(|s| (*s).to_owned()).collect()
    };
    assert_eq!(
        codes("governorate"),
        [
            "anbar",
            "ninewa",
            "salah_al_din",
            "diyala",
            "kirkuk",
            "baghdad",
            "erbil",
            "duhok",
            "sulaymaniyah",
            "other"
        ]
    );
    assert_eq!(
        codes("interview_language"),
        ["ar", "ckb", "kmr", "tr", "en", "other"]
    );
    assert_eq!(codes("consent"), ["yes", "no"]);
    assert_eq!(codes("sex"), ["female", "male", "refused"]);
    assert_eq!(codes("status"), ["host", "returnee", "idp"]);
    assert_eq!(codes("aware_returns"), ["yes", "no", "dk"]);
    assert_eq!(codes("reception"), with(&[]));
    for name in [
        "sd_neighbour",
        "sd_marriage",
        "threat_security",
        "threat_property",
        "trust_screening",
        "trust_committees",
        "reintegration_view",
    ] {
        assert_eq!(codes(name), with(&["dk", "refused"]), "{name}");
    }
    assert_eq!(
        codes("change_view"),
        [
            "screening",
            "peace_agreement",
            "rehabilitation",
            "compensation",
            "nothing",
            "other"
        ]
    );
    assert_eq!(codes("women_children"), ["yes", "no", "dk", "refused"]);
    assert_eq!(codes("hlp_disputes"), ["yes", "no", "dk"]);
    assert_eq!(
        codes("hlp_kind"),
        [
            "occupation",
            "destroyed",
            "documents",
            "sale_under_pressure",
            "other"
        ]
    );
    assert_eq!(codes("services"), with(&["dk"]));
    assert_eq!(codes("aid_fairness"), with(&["dk"]));
    assert_eq!(codes("campaign_heard"), ["yes", "no"]);
    assert_eq!(
        codes("campaign_effect"),
        ["more_accepting", "no_change", "less_accepting", "dk"]
    );
    assert_eq!(codes("others_present"), ["yes", "no"]);

    let kind = |name: &str| match &form.node(name).unwrap().kind {
        NodeKind::Question(kind) => kind.clone(),
        other => panic!("{name} is {other:?}"),
    };
    assert!(matches!(kind("consent"), QuestionType::Consent(_)));
    assert!(matches!(kind("age"), QuestionType::Integer));
    assert!(matches!(kind("location"), QuestionType::Geopoint));
    assert!(matches!(kind("reception"), QuestionType::Scale(_)));
    assert!(matches!(
        kind("change_view"),
        QuestionType::SelectMultiple(_)
    ));
    assert!(matches!(kind("comment"), QuestionType::Text));
}

#[test]
fn districts_are_filtered_by_governorate() {
    let form = form();
    let mut interview = Interview::new(form.clone(), Lang::En, context());
    let district = form.index_of("district").unwrap();
    let offered = |interview: &Interview| -> Vec<String> {
        interview
            .choices(district)
            .iter()
            .map(|c| c.name.clone())
            .collect()
    };
    assert!(offered(&interview).is_empty());
    let expected = [
        (
            "anbar",
            vec![
                "ramadi", "falluja", "hit", "haditha", "ana", "rawa", "al_qaim", "rutba",
            ],
        ),
        (
            "ninewa",
            vec![
                "mosul",
                "tel_afar",
                "sinjar",
                "al_hamdaniya",
                "telkaif",
                "shikhan",
                "akre",
                "al_baaj",
                "hatra",
            ],
        ),
        (
            "salah_al_din",
            vec![
                "tikrit",
                "samarra",
                "baiji",
                "balad",
                "al_daur",
                "al_shirqat",
                "tooz",
                "al_fares",
            ],
        ),
        (
            "diyala",
            vec![
                "baquba",
                "al_muqdadiya",
                "al_khalis",
                "khanaqin",
                "kifri",
                "balad_ruz",
            ],
        ),
        ("kirkuk", vec!["kirkuk", "hawija", "daquq", "dibis"]),
        ("baghdad", vec!["other"]),
        ("erbil", vec!["other"]),
        ("duhok", vec!["other"]),
        ("sulaymaniyah", vec!["other"]),
        ("other", vec!["other"]),
    ];
    for (governorate, districts) in expected {
        give(&mut interview, &[("governorate", text(governorate))]);
        assert_eq!(offered(&interview), districts, "{governorate}");
    }
    // A district that no longer fits a changed governorate is flagged, not silently kept.
    give(
        &mut interview,
        &[("governorate", text("anbar")), ("district", text("ramadi"))],
    );
    assert_eq!(issue(&interview, "district"), None);
    give(&mut interview, &[("governorate", text("ninewa"))]);
    assert_eq!(
        issue(&interview, "district"),
        Some(Issue::ChoiceUnavailable)
    );
}

#[test]
fn interview_language_defaults_to_the_ui_language() {
    let interview = Interview::new(form(), Lang::Ckb, context());
    assert_eq!(
        interview.answer_of("interview_language"),
        Some(&AnswerValue::Text("ckb".into()))
    );
}

#[test]
fn a_full_interview_completes_and_validates() {
    let form = form();
    let mut interview = Interview::new(form.clone(), Lang::Ar, context());
    give(&mut interview, &full_answers());
    // Everything but the optional location.
    let progress = interview.progress();
    assert_eq!((progress.answered, progress.visible), (34, 35));
    assert_eq!(run_to_end(&mut interview), Outcome::Completed);
    assert_eq!(interview.finished(), Some(Outcome::Completed));
    assert_eq!(
        validate_submission(&form, &interview.answers(), &context()),
        Ok(Outcome::Completed)
    );
}

#[test]
fn consent_no_ends_the_interview_as_a_refusal() {
    let form = form();
    let mut interview = Interview::new(form.clone(), Lang::En, context());
    give(
        &mut interview,
        &[
            ("governorate", text("kirkuk")),
            ("district", text("hawija")),
            ("consent", text("no")),
        ],
    );
    assert_eq!(interview.outcome(), Outcome::Refused);
    assert!(!visible(&interview, "age"));
    assert!(!visible(&interview, "others_present"));
    let progress = interview.progress();
    assert_eq!((progress.answered, progress.visible), (4, 5));
    assert_eq!(run_to_end(&mut interview), Outcome::Refused);
    let answers = interview.answers();
    assert_eq!(answers.len(), 4);
    assert_eq!(
        validate_submission(&form, &answers, &context()),
        Ok(Outcome::Refused)
    );
    // Changing the answer reopens the interview.
    give(&mut interview, &[("consent", text("yes"))]);
    assert_eq!(interview.finished(), None);
    assert!(visible(&interview, "age"));
}

#[test]
fn age_under_18_ends_the_interview_as_ineligible() {
    let form = form();
    let mut interview = Interview::new(form.clone(), Lang::En, context());
    give(
        &mut interview,
        &[
            ("governorate", text("diyala")),
            ("district", text("baquba")),
            ("consent", text("yes")),
            ("age", int(17)),
        ],
    );
    assert_eq!(interview.outcome(), Outcome::Ineligible);
    assert!(visible(&interview, "age"));
    assert!(!visible(&interview, "sex"));
    assert!(!visible(&interview, "years_in_area"));
    assert_eq!(run_to_end(&mut interview), Outcome::Ineligible);
    assert_eq!(
        validate_submission(&form, &interview.answers(), &context()),
        Ok(Outcome::Ineligible)
    );
    give(&mut interview, &[("age", int(18))]);
    assert_eq!(interview.outcome(), Outcome::Completed);
    assert!(visible(&interview, "sex"));
}

#[test]
fn age_is_between_10_and_120() {
    let mut interview = Interview::new(form(), Lang::En, context());
    give(&mut interview, &[("age", int(9))]);
    assert!(matches!(
        issue(&interview, "age"),
        Some(Issue::OutOfRange { .. })
    ));
    give(&mut interview, &[("age", int(121))]);
    assert!(matches!(
        issue(&interview, "age"),
        Some(Issue::OutOfRange { .. })
    ));
    give(&mut interview, &[("age", int(120))]);
    assert_eq!(issue(&interview, "age"), None);
    let age = interview.form().index_of("age").unwrap();
    assert_eq!(
        interview.message(
            age,
            Issue::OutOfRange {
                min: Some(10.0),
                max: Some(120.0)
            }
        ),
        "Enter a number from 10 to 120."
    );
}

#[test]
fn reception_is_asked_only_of_those_aware_of_returns() {
    let mut interview = Interview::new(form(), Lang::En, context());
    assert!(!visible(&interview, "reception"));
    for (aware, shown) in [("no", false), ("dk", false), ("yes", true)] {
        give(&mut interview, &[("aware_returns", text(aware))]);
        assert_eq!(visible(&interview, "reception"), shown, "{aware}");
    }
    // A hidden answer is kept for if the question comes back, but never sent.
    give(&mut interview, &[("reception", text("5"))]);
    give(&mut interview, &[("aware_returns", text("no"))]);
    assert!(!interview.answers().contains_key("reception"));
    give(&mut interview, &[("aware_returns", text("yes"))]);
    assert_eq!(
        interview.answers()["reception"],
        AnswerValue::Text("5".into())
    );
}

#[test]
fn change_view_is_asked_only_when_reintegration_view_is_4_or_more() {
    let mut interview = Interview::new(form(), Lang::En, context());
    for (view, shown) in [
        ("1", false),
        ("2", false),
        ("3", false),
        ("4", true),
        ("5", true),
        ("dk", false),
        ("refused", false),
    ] {
        give(&mut interview, &[("reintegration_view", text(view))]);
        assert_eq!(visible(&interview, "change_view"), shown, "{view}");
    }
}

#[test]
fn nothing_excludes_the_other_reasons() {
    let mut interview = Interview::new(form(), Lang::Ckb, context());
    give(
        &mut interview,
        &[
            ("reintegration_view", text("5")),
            ("change_view", choices(&["nothing"])),
        ],
    );
    assert_eq!(issue(&interview, "change_view"), None);
    give(
        &mut interview,
        &[("change_view", choices(&["nothing", "screening"]))],
    );
    assert_eq!(issue(&interview, "change_view"), Some(Issue::Constraint));
    let node = interview.form().index_of("change_view").unwrap();
    assert!(
        interview
            .message(node, Issue::Constraint)
            .contains("هیچ شتێک")
    );
    give(
        &mut interview,
        &[("change_view", choices(&["screening", "compensation"]))],
    );
    assert_eq!(issue(&interview, "change_view"), None);
}

#[test]
fn years_in_area_cannot_exceed_age() {
    let mut interview = Interview::new(form(), Lang::En, context());
    give(
        &mut interview,
        &[("age", int(30)), ("years_in_area", int(31))],
    );
    assert_eq!(issue(&interview, "years_in_area"), Some(Issue::Constraint));
    let node = interview.form().index_of("years_in_area").unwrap();
    assert_eq!(
        interview.message(node, Issue::Constraint),
        "The years lived in this area cannot be more than the respondent's age."
    );
    give(&mut interview, &[("years_in_area", int(30))]);
    assert_eq!(issue(&interview, "years_in_area"), None);
    // Changing the age re-checks the constraint.
    give(&mut interview, &[("age", int(25))]);
    assert_eq!(issue(&interview, "years_in_area"), Some(Issue::Constraint));
}

#[test]
fn hlp_kind_and_campaign_effect_follow_their_questions() {
    let mut interview = Interview::new(form(), Lang::En, context());
    assert!(!visible(&interview, "hlp_kind"));
    assert!(!visible(&interview, "campaign_effect"));
    give(
        &mut interview,
        &[
            ("hlp_disputes", text("yes")),
            ("campaign_heard", text("yes")),
        ],
    );
    assert!(visible(&interview, "hlp_kind"));
    assert!(visible(&interview, "campaign_effect"));
}

#[test]
fn the_comment_is_at_most_500_characters() {
    let mut interview = Interview::new(form(), Lang::En, context());
    give(&mut interview, &[("comment", text(&"ب".repeat(500)))]);
    assert_eq!(issue(&interview, "comment"), None);
    give(&mut interview, &[("comment", text(&"ب".repeat(501)))]);
    assert_eq!(issue(&interview, "comment"), Some(Issue::Constraint));
}

#[test]
fn next_refuses_a_screen_with_problems_and_names_them_in_the_language() {
    let mut interview = Interview::new(form(), Lang::Ar, context());
    assert_eq!(interview.screen(), 0);
    let issues = interview.next(0).unwrap_err();
    let names: Vec<&str> = issues.iter().map(|i| i.question.as_str()).collect();
    assert_eq!(names, ["governorate", "district"]);
    assert_eq!(issues[0].issue, Issue::Required);
    assert_eq!(issues[0].message, "هذا السؤال يحتاج إلى إجابة.");
    give(
        &mut interview,
        &[("governorate", text("anbar")), ("district", text("hit"))],
    );
    assert_eq!(interview.next(5_000), Ok(Step::Screen(1)));
    assert!(interview.previous(6_000));
    assert_eq!(interview.screen(), 0);
    assert!(!interview.previous(7_000));
}

#[test]
fn numbers_typed_in_arabic_or_persian_digits_are_stored_in_western_digits() {
    let mut interview = Interview::new(form(), Lang::Ar, context());
    let value = interview.parse_input("age", "٤١").unwrap();
    assert_eq!(value, int(41));
    give(&mut interview, &[("age", value)]);
    let value = interview.parse_input("years_in_area", "۲۰").unwrap();
    give(&mut interview, &[("years_in_area", value)]);
    let answers = interview.answers();
    assert_eq!(serde_json::to_string(&answers["age"]).unwrap(), "41");
    assert_eq!(
        serde_json::to_string(&answers["years_in_area"]).unwrap(),
        "20"
    );
    assert!(interview.parse_input("age", "٤.٥").is_err());
    assert_eq!(interview.parse_input("age", " "), Ok(None));
    assert_eq!(interview.parse_input("comment", "نعم"), Ok(text("نعم")));
}

#[test]
fn paradata_records_time_per_question() {
    let mut interview = Interview::new(form(), Lang::En, context());
    interview.start_clock(10_000);
    interview
        .answer("governorate", text("anbar"), 14_000)
        .unwrap();
    interview
        .answer("district", text("ramadi"), 20_000)
        .unwrap();
    interview.next(23_000).unwrap();
    let times = &interview.paradata().question_ms;
    assert_eq!(times["governorate"], 4_000);
    // Six seconds to answer, three more before moving on.
    assert_eq!(times["district"], 9_000);
    // A clock that goes backwards adds nothing rather than failing.
    interview.answer("consent", text("yes"), 1_000).unwrap();
    assert_eq!(interview.paradata().question_ms["consent"], 0);
}

#[test]
fn every_text_exists_in_every_language_and_avoids_stigmatising_labels() {
    let form = form();
    let json = builtin::COMMUNITY_ACCEPTANCE_JSON.to_lowercase();
    assert!(!json.contains("isis famil"));
    assert!(!json.contains("عوائل داعش"));
    assert!(!json.contains("عائلات داعش"));
    assert!(json.contains("perceived affiliation"));
    // The comment's hint warns, in every language, against names.
    let hint = form.node("comment").unwrap().hint.as_ref().unwrap();
    assert!(hint.get(Lang::En).unwrap().contains("names"));
    assert!(hint.get(Lang::Ar).unwrap().contains("أسماء"));
    assert!(hint.get(Lang::Ckb).unwrap().contains("ناو"));
    // The consent text covers the points of FORM.md.
    let consent = form.node("consent").unwrap().label.as_ref().unwrap();
    let en = consent.get(Lang::En).unwrap();
    for point in [
        "15 minutes",
        "voluntary",
        "skip",
        "stop",
        "name",
        "together with",
        "aid",
    ] {
        assert!(en.contains(point), "consent text lacks {point}");
    }
    // Loading checks every translation; the three languages are declared.
    for lang in Lang::ALL {
        for node in form.nodes() {
            if let Some(label) = &node.label {
                assert!(label.has(lang), "{} lacks {lang}", node.name);
            }
        }
    }
}

#[test]
fn hidden_and_stray_answers_are_rejected_on_validation() {
    let form = form();
    let mut answers = qabul_core::Answers::new();
    for (name, value) in full_answers() {
        answers.insert(name.to_owned(), value.unwrap());
    }
    answers.insert("aware_returns".into(), AnswerValue::Text("no".into()));
    let errors = validate_submission(&form, &answers, &context()).unwrap_err();
    let codes: Vec<(&str, &str)> = errors.iter().map(|e| (e.code(), e.question())).collect();
    assert_eq!(codes, [("hidden_answered", "reception")]);
}

#[test]
fn after_a_review_link_next_to_end_returns_to_the_review_or_stops_where_a_problem_is() {
    let mut interview = Interview::new(form(), Lang::En, context());
    give(&mut interview, &full_answers());
    assert_eq!(run_to_end(&mut interview), Outcome::Completed);
    let last = interview.screen();

    // The review links to the age; the enumerator looks, then goes back to the review.
    let age_screen = form().screen_of(form().index_of("age").unwrap()).unwrap();
    assert!(interview.go_to_screen(age_screen, 200_000));
    assert_eq!(interview.finished(), None);
    assert_eq!(interview.next_to_end(201_000), Ok(Outcome::Completed));
    assert_eq!(interview.finished(), Some(Outcome::Completed));
    // Back from the review goes to the last screen, not one before it.
    assert!(interview.previous(202_000));
    assert_eq!(interview.screen(), last);

    // A required answer cleared on the way stops it on that screen, with the problem named.
    assert!(interview.go_to_screen(age_screen, 203_000));
    give(&mut interview, &[("sex", None)]);
    let issues = interview.next_to_end(204_000).unwrap_err();
    assert!(
        issues.iter().any(|issue| issue.question == "sex"),
        "{issues:?}"
    );
    assert_eq!(interview.screen(), age_screen);
}
