//! The form engine on a large generated form: 500 questions and 1,000 calculations.
//! Budgets (native): load and check <= 50 ms; one answer and its re-evaluation <= 1 ms.
//!
//! Run with `cargo bench -p qabul-core --bench form_engine`.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    divan::main();
}

// A native benchmark: on wasm32 (linted, never run) the body compiles away.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use divan::{Bencher, black_box};
    use qabul_core::answer::AnswerValue;
    use qabul_core::interview::Interview;
    use qabul_core::lang::Lang;
    use qabul_core::{Date, EvalContext, Form};
    use serde_json::{Value, json};
    use std::sync::Arc;

    const QUESTIONS: usize = 500;
    const CALCULATIONS: usize = 1000;

    fn label(text: &str) -> Value {
        json!({"en": text, "ar": text, "ckb": text})
    }

    /// Questions in groups of ten, each after the first shown only when the one before is not 99;
    /// the first 500 calculations read two questions each, and the last 500 form a chain, each
    /// adding to the one before, so that answering `q0` re-evaluates over 500 calculations.
    fn large_form() -> String {
        let mut survey = Vec::new();
        for q in 0..QUESTIONS {
            if q % 10 == 0 {
                survey.push(
                    json!({"type": "begin_group", "name": format!("g{q}"), "label": label("Group")}),
                );
            }
            let mut row = json!({
                "type": "integer", "name": format!("q{q}"), "label": label("Question"),
                "range": {"min": 0, "max": 1000}, "constraint": ". <= 900 or . = 999"
            });
            if q > 0 {
                row["relevant"] = json!(format!("${{q{}}} != 99", q - 1));
            }
            survey.push(row);
            if q % 10 == 9 {
                survey.push(json!({"type": "end_group"}));
            }
        }
        for c in 0..CALCULATIONS {
            let calculation = match c.cmp(&QUESTIONS) {
                std::cmp::Ordering::Less => format!(
                    "coalesce(${{q{}}}, 0) + coalesce(${{q{}}}, 0) * 2",
                    c,
                    (c * 7) % QUESTIONS
                ),
                std::cmp::Ordering::Equal => "${c0} + 1".to_owned(),
                std::cmp::Ordering::Greater => format!(
                    "if(${{c{}}} > 10, ${{c{}}} + ${{c{}}}, 0)",
                    c - 1,
                    c - 1,
                    c - QUESTIONS
                ),
            };
            survey.push(
                json!({"type": "calculate", "name": format!("c{c}"), "calculation": calculation}),
            );
        }
        json!({
            "id": "large", "version": "1", "title": label("Large"),
            "languages": ["en", "ar", "ckb"], "survey": survey, "choices": {}
        })
        .to_string()
    }

    fn context() -> EvalContext {
        EvalContext {
            today: Date::from_ymd(2026, 11, 22).unwrap(),
        }
    }

    #[divan::bench(sample_count = 30)]
    fn load_and_check(bencher: Bencher) {
        let json = large_form();
        bencher.bench(|| Form::from_json(black_box(&json)).unwrap());
    }

    #[divan::bench(sample_count = 200)]
    fn answer_and_reevaluate(bencher: Bencher) {
        let form = Arc::new(Form::from_json(&large_form()).unwrap());
        let mut interview = Interview::new(form, Lang::En, context());
        for q in 0..QUESTIONS {
            interview
                .answer(&format!("q{q}"), Some(AnswerValue::Integer(5)), 0)
                .unwrap();
        }
        let mut value = 0;
        bencher.bench_local(|| {
            // A different value every time, so that everything downstream really changes.
            value = (value + 1) % 900;
            interview
                .answer("q0", Some(AnswerValue::Integer(black_box(value))), 0)
                .unwrap();
        });
        assert_eq!(interview.progress().visible, QUESTIONS);
    }

    #[divan::bench(sample_count = 200)]
    fn screen_issues_and_progress(bencher: Bencher) {
        let form = Arc::new(Form::from_json(&large_form()).unwrap());
        let mut interview = Interview::new(form, Lang::En, context());
        for q in 0..QUESTIONS {
            interview
                .answer(&format!("q{q}"), Some(AnswerValue::Integer(5)), 0)
                .unwrap();
        }
        bencher.bench_local(|| (interview.screen_issues(), interview.progress()));
    }
}
