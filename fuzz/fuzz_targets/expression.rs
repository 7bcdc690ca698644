//! Any text as an expression: parsing must not panic, and what parses must print back to text
//! that parses to the same tree, and evaluate without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qabul_core::Date;
use qabul_core::expr::{EvalContext, Scope, Value, evaluate, parse};
use std::borrow::Cow;

struct Answers;

impl Scope for Answers {
    fn field(&self, name: &str) -> Value<'_> {
        match name.len() % 4 {
            0 => Value::Empty,
            1 => Value::Number(name.len() as f64),
            2 => Value::Text(Cow::Borrowed("yes")),
            _ => Value::Text(Cow::Borrowed("2026-01-31")),
        }
    }
    fn current(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed("abc 123"))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(tree) = parse(text) else {
        return;
    };
    let printed = tree.to_string();
    assert_eq!(
        parse(&printed).as_ref(),
        Ok(&tree),
        "{text:?} printed as {printed:?}"
    );
    let context = EvalContext {
        today: Date::from_ymd(2026, 11, 22).expect("a real date"),
    };
    let _ = evaluate(&tree, &Answers, &context).into_owned();
});
