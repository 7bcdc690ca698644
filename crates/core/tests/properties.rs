//! Property tests: the expression language never panics and prints back to itself, and the
//! server's validation accepts whatever the phone's state machine lets an enumerator finish.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use qabul_core::answer::{AnswerValue, Answers, Geopoint};
use qabul_core::expr::{BinaryOp, EvalContext, Expr, Function, Scope, Value, evaluate, parse};
use qabul_core::interview::{Interview, Step};
use qabul_core::lang::Lang;
use qabul_core::load::{NodeKind, QuestionType};
use qabul_core::{Date, Form, builtin, validate_submission};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

const FIELDS: [&str; 5] = ["a", "b", "age", "x.y", "_z-1"];
const PROPERTIES: [&str; 2] = ["p", "governorate"];
const OPS: [BinaryOp; 13] = [
    BinaryOp::Or,
    BinaryOp::And,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::Lt,
    BinaryOp::Le,
    BinaryOp::Gt,
    BinaryOp::Ge,
    BinaryOp::Add,
    BinaryOp::Sub,
    BinaryOp::Mul,
    BinaryOp::Div,
    BinaryOp::Mod,
];

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        // Literals as a form writes them: at most 15 significant digits, which is all a
        // literal may have (`qabul_core::decimal`); the f64 nearest such a decimal prints back
        // as that decimal.
        (0_u64..1_000_000_000_000_000).prop_map(|n| Expr::Number(n as f64 / 1e6)),
        (0_u32..1000).prop_map(|n| Expr::Number(f64::from(n))),
        // Strings with one kind of quote at most, as XPath can write them.
        "[a-z0-9 ',.()$\u{0600}-\u{0620}]{0,8}".prop_map(Expr::String),
        "[a-z0-9 \".]{0,8}".prop_map(Expr::String),
        prop::sample::select(&FIELDS[..]).prop_map(|n| Expr::Field(n.into())),
        Just(Expr::Current),
        prop::sample::select(&PROPERTIES[..]).prop_map(|n| Expr::Property(n.into())),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(6, 48, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Negate(Box::new(e))),
            (prop::sample::select(&OPS[..]), inner.clone(), inner.clone()).prop_map(
                |(op, left, right)| Expr::Binary {
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                }
            ),
            (
                prop::sample::select(&Function::ALL[..]),
                prop::collection::vec(inner, 3)
            )
                .prop_map(|(function, mut args)| {
                    let (min, max) = function.arity();
                    args.truncate(if min == max { min } else { max });
                    Expr::Call { function, args }
                }),
        ]
    })
}

fn value() -> impl Strategy<Value = Value<'static>> {
    prop_oneof![
        Just(Value::Empty),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(Value::Number),
        ".{0,12}".prop_map(|s| Value::Text(Cow::Owned(s))),
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(|s| Value::Text(Cow::Owned(s))),
        prop::collection::vec("[a-z0-9]{0,4}", 0..4).prop_map(|v| Value::Choices(Cow::Owned(v))),
    ]
}

#[derive(Debug)]
struct RandomScope {
    fields: HashMap<String, Value<'static>>,
    current: Value<'static>,
    property: Value<'static>,
}

impl Scope for RandomScope {
    fn field(&self, name: &str) -> Value<'_> {
        self.fields.get(name).cloned().unwrap_or(Value::Empty)
    }
    fn current(&self) -> Value<'_> {
        self.current.clone()
    }
    fn property(&self, _name: &str) -> Value<'_> {
        self.property.clone()
    }
}

fn scope() -> impl Strategy<Value = RandomScope> {
    (
        prop::collection::vec(value(), FIELDS.len()),
        value(),
        value(),
    )
        .prop_map(|(values, current, property)| RandomScope {
            fields: FIELDS.iter().map(|f| (*f).to_owned()).zip(values).collect(),
            current,
            property,
        })
}

fn context() -> EvalContext {
    EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(tree in expr()) {
        let printed = tree.to_string();
        let parsed = parse(&printed);
        prop_assert_eq!(parsed.as_ref(), Ok(&tree), "printed as {}", printed);
    }

    #[test]
    fn evaluating_a_parsed_expression_never_panics(tree in expr(), scope in scope()) {
        let parsed = parse(&tree.to_string()).unwrap();
        let _ = evaluate(&parsed, &scope, &context()).into_owned();
    }

    #[test]
    fn parsing_any_text_never_panics_and_what_parses_round_trips(text in ".{0,40}") {
        if let Ok(tree) = parse(&text) {
            prop_assert_eq!(parse(&tree.to_string()), Ok(tree));
        }
    }

    #[test]
    fn parsing_expression_like_text_never_panics(
        text in r"[-+*=!<>(),.'$ {}a-z0-9]{0,40}( (and|or|div|mod) [a-z0-9${}.()]{0,10}){0,3}"
    ) {
        if let Ok(tree) = parse(&text) {
            let scope = RandomScope {
                fields: HashMap::new(),
                current: Value::Empty,
                property: Value::Empty,
            };
            let _ = evaluate(&tree, &scope, &context());
            prop_assert_eq!(parse(&tree.to_string()), Ok(tree));
        }
    }
}

static FORM: LazyLock<Arc<Form>> = LazyLock::new(|| Arc::new(builtin::community_acceptance()));

/// A small deterministic generator, so a failing walk is reproduced from its seed alone.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap()
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + i64::try_from(self.next() % u64::try_from(high - low + 1).unwrap()).unwrap()
    }
}

/// A plausible answer, sometimes a wrong one, sometimes none.
fn random_answer(rng: &mut Rng, interview: &Interview, i: usize) -> Option<AnswerValue> {
    if rng.chance(8) {
        return None;
    }
    let node = &interview.form().nodes()[i];
    let NodeKind::Question(kind) = &node.kind else {
        return None;
    };
    let codes: Vec<String> = interview
        .choices(i)
        .iter()
        .map(|c| c.name.clone())
        .collect();
    match kind {
        QuestionType::Consent(_) => Some(AnswerValue::Text(
            if rng.chance(10) { "no" } else { "yes" }.into(),
        )),
        QuestionType::SelectOne(_) | QuestionType::Scale(_) => {
            (!codes.is_empty()).then(|| AnswerValue::Text(codes[rng.below(codes.len())].clone()))
        }
        QuestionType::SelectMultiple(_) => {
            let chosen: Vec<String> = codes.into_iter().filter(|_| rng.chance(35)).collect();
            (!chosen.is_empty()).then_some(AnswerValue::Choices(chosen))
        }
        QuestionType::Integer => {
            let (min, max) = node.range.map_or((0.0, 100.0), |r| {
                (r.min.unwrap_or(0.0), r.max.unwrap_or(100.0))
            });
            #[expect(clippy::cast_possible_truncation, reason = "small test bounds")]
            let (min, max) = (min as i64, max as i64);
            Some(AnswerValue::Integer(if rng.chance(5) {
                rng.between(min - 10, max + 10)
            } else if node.name == "age" && rng.chance(85) {
                rng.between(18, 90)
            } else {
                rng.between(min, max.min(60))
            }))
        }
        QuestionType::Decimal => Some(AnswerValue::Decimal(rng.between(0, 400) as f64 / 4.0)),
        QuestionType::Text => {
            let length = if rng.chance(5) { 501 } else { rng.below(80) };
            Some(AnswerValue::Text("ن".repeat(length)))
        }
        QuestionType::Date => Some(AnswerValue::Text(format!(
            "20{:02}-{:02}-{:02}",
            rng.between(0, 26),
            rng.between(1, 12),
            rng.between(1, 28)
        ))),
        QuestionType::Geopoint => Some(AnswerValue::Geopoint(Geopoint {
            lat: rng.between(29, 37) as f64,
            lon: rng.between(39, 48) as f64,
            accuracy: rng.between(1, 50) as f64,
        })),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validation_accepts_every_submission_a_random_walk_finishes(seed in 1..u64::MAX) {
        let mut rng = Rng(seed);
        let lang = Lang::ALL[rng.below(3)];
        let mut interview = Interview::new(FORM.clone(), lang, context());
        let mut now = 0;
        let mut outcome = None;
        for _ in 0..400 {
            now += 1000;
            for i in interview.screen_nodes() {
                // Earlier answers can hide later questions; skip what is no longer shown.
                if !interview.is_visible(i) || (interview.issue(i).is_none() && rng.chance(30)) {
                    continue;
                }
                let name = interview.form().nodes()[i].name.clone();
                if matches!(interview.form().nodes()[i].kind, NodeKind::Question(_)) {
                    let answer = random_answer(&mut rng, &interview, i);
                    interview.answer(&name, answer, now).unwrap();
                }
            }
            if rng.chance(10) {
                interview.previous(now);
                continue;
            }
            match interview.next(now) {
                Ok(Step::Finished(end)) => {
                    outcome = Some(end);
                    break;
                }
                Ok(Step::Screen(_)) | Err(_) => {}
            }
        }
        let outcome = outcome.expect("the walk reaches the end");
        let answers = interview.answers();
        // Through the wire format and back, as the server receives it.
        let json = serde_json::to_string(&answers).unwrap();
        let received: Answers = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(validate_submission(&FORM, &received, &context()), Ok(outcome));
        let progress = interview.progress();
        prop_assert!(progress.answered <= progress.visible);
    }
}
