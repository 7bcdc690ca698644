//! Unit tests of the expression language: every operator and function, and the empty-answer
//! rules of XLSForm.

use super::*;
use crate::date::Date;
use std::borrow::Cow;
use std::collections::HashMap;

/// Answers for tests: `None` values are unanswered questions.
#[derive(Default)]
struct Answers {
    fields: HashMap<&'static str, Value<'static>>,
    current: Option<Value<'static>>,
    properties: HashMap<&'static str, &'static str>,
}

impl Scope for Answers {
    fn field(&self, name: &str) -> Value<'_> {
        self.fields.get(name).cloned().unwrap_or(Value::Empty)
    }
    fn current(&self) -> Value<'_> {
        self.current.clone().unwrap_or(Value::Empty)
    }
    fn property(&self, name: &str) -> Value<'_> {
        self.properties
            .get(name)
            .map_or(Value::Empty, |p| Value::Text(Cow::Borrowed(p)))
    }
}

fn context() -> EvalContext {
    EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    }
}

fn scope() -> Answers {
    let mut answers = Answers::default();
    answers.fields.insert("age", Value::Number(41.0));
    answers.fields.insert("young", Value::Number(17.0));
    answers
        .fields
        .insert("aware", Value::Text(Cow::Borrowed("yes")));
    answers
        .fields
        .insert("scale", Value::Text(Cow::Borrowed("4")));
    answers
        .fields
        .insert("dk", Value::Text(Cow::Borrowed("dk")));
    answers
        .fields
        .insert("born", Value::Text(Cow::Borrowed("2026-11-12")));
    answers.fields.insert(
        "views",
        Value::Choices(Cow::Owned(vec![
            "screening".into(),
            "peace_agreement".into(),
        ])),
    );
    answers.current = Some(Value::Text(Cow::Borrowed("abc123")));
    answers.properties.insert("governorate", "anbar ninewa");
    answers
}

fn eval(text: &str) -> Value<'static> {
    let expr = parse(text).unwrap_or_else(|e| panic!("`{text}` does not parse: {e}"));
    let answers = scope();
    evaluate(&expr, &answers, &context()).into_owned()
}

fn truth(text: &str) -> bool {
    let expr = parse(text).unwrap();
    let answers = scope();
    evaluate(&expr, &answers, &context()).to_bool()
}

fn number(text: &str) -> f64 {
    let expr = parse(text).unwrap();
    let answers = scope();
    evaluate(&expr, &answers, &context()).to_number()
}

fn text(text: &str) -> String {
    let expr = parse(text).unwrap();
    let answers = scope();
    evaluate(&expr, &answers, &context()).to_text().into_owned()
}

#[test]
fn literals_fields_current_and_properties() {
    assert_eq!(number("42"), 42.0);
    assert_eq!(number("4.25"), 4.25);
    assert_eq!(text("'it is'"), "it is");
    assert_eq!(text("\"it's\""), "it's");
    assert_eq!(number("${age}"), 41.0);
    assert_eq!(text("."), "abc123");
    assert_eq!(text("governorate"), "anbar ninewa");
    assert_eq!(eval("${unanswered}"), Value::Empty);
    assert_eq!(eval("unknown_property"), Value::Empty);
}

#[test]
fn arithmetic_operators() {
    assert_eq!(number("1 + 2"), 3.0);
    assert_eq!(number("5 - 7"), -2.0);
    assert_eq!(number("-${age}"), -41.0);
    assert_eq!(number("--3"), 3.0);
    assert_eq!(number("3 * 4"), 12.0);
    assert_eq!(number("7 div 2"), 3.5);
    assert_eq!(number("7 mod 3"), 1.0);
    assert_eq!(number("-7 mod 3"), -1.0);
    assert!(number("1 div 0").is_infinite());
    assert!(number("0 div 0").is_nan());
    assert_eq!(number("2 + 3 * 4"), 14.0);
    assert_eq!(number("(2 + 3) * 4"), 20.0);
    assert_eq!(number("10 - 4 - 3"), 3.0);
    assert_eq!(number("${scale} + 1"), 5.0);
    assert_eq!(number("'1970-01-11' - '1970-01-01'"), 10.0);
}

#[test]
fn comparison_operators() {
    assert!(truth("${age} = 41"));
    assert!(truth("${age} != 40"));
    assert!(truth("${age} > 40"));
    assert!(!truth("${age} > 41"));
    assert!(truth("${age} >= 41"));
    assert!(truth("${age} < 42"));
    assert!(!truth("${age} < 41"));
    assert!(truth("${age} <= 41"));
    assert!(truth("${aware} = 'yes'"));
    assert!(truth("${aware} != 'no'"));
    // Scale answers are text, compared as numbers where a number is involved.
    assert!(truth("${scale} >= 4"));
    assert!(truth("${scale} = 4"));
    assert!(!truth("${dk} >= 4"));
    assert!(!truth("${dk} < 4"));
    // Dates compare as dates.
    assert!(truth("${born} < today()"));
    assert!(truth("${born} = '2026-11-12'"));
    // Booleans compare as booleans.
    assert!(truth("(1 = 1) = 'non-empty'"));
    assert!(truth("(1 = 2) = ''"));
}

#[test]
fn logical_operators() {
    assert!(truth("${age} >= 18 and ${aware} = 'yes'"));
    assert!(!truth("${young} >= 18 and ${aware} = 'yes'"));
    assert!(truth("${young} >= 18 or ${aware} = 'yes'"));
    assert!(!truth("${young} >= 18 or ${aware} = 'no'"));
    // `and` binds tighter than `or`.
    assert!(truth("1 = 1 or 1 = 2 and 1 = 2"));
    assert!(!truth("(1 = 1 or 1 = 2) and 1 = 2"));
}

#[test]
fn empty_answers_follow_xlsform() {
    // An unanswered question is the empty string: equal to '', not equal to anything else,
    // not a number, false as a condition, and never an error.
    assert!(truth("${none} = ''"));
    assert!(!truth("${none} = 'yes'"));
    assert!(truth("${none} != 'yes'"));
    assert!(!truth("${none} = 0"));
    assert!(truth("${none} != 0"));
    assert!(!truth("${none} >= 18"));
    assert!(!truth("${none} < 18"));
    assert!(!truth("${none}"));
    assert!(number("${none} + 1").is_nan());
    assert_eq!(eval("${none} + 1").into_owned(), Value::Empty);
    assert!(!truth("selected(${none}, 'yes')"));
    assert_eq!(number("count-selected(${none})"), 0.0);
    assert_eq!(number("string-length(${none})"), 0.0);
    assert!(truth("not(${none})"));
    assert_eq!(text("coalesce(${none}, 'fallback')"), "fallback");
    assert!(number("int(${none})").is_nan());
    assert!(number("round(${none})").is_nan());
    assert!(truth("regex(${none}, '')"));
    assert!(!truth("regex(${none}, '[0-9]+')"));
}

#[test]
fn function_not() {
    assert!(truth("not(1 = 2)"));
    assert!(!truth("not(${aware})"));
}

#[test]
fn function_selected() {
    assert!(truth("selected(${views}, 'screening')"));
    assert!(!truth("selected(${views}, 'nothing')"));
    assert!(truth("selected(${aware}, 'yes')"));
    assert!(truth("selected('a b c', 'b')"));
    assert!(truth("selected(governorate, 'ninewa')"));
    assert!(!truth("selected(${views}, '')"));
    assert!(truth("selected(${views}, ' screening ')"));
}

#[test]
fn function_count_selected() {
    assert_eq!(number("count-selected(${views})"), 2.0);
    assert_eq!(number("count-selected(${aware})"), 1.0);
    assert_eq!(number("count-selected('a  b c')"), 3.0);
}

#[test]
fn function_string_length() {
    assert_eq!(number("string-length('abc')"), 3.0);
    assert_eq!(number("string-length('نعم')"), 3.0);
    assert_eq!(number("string-length(.)"), 6.0);
    assert_eq!(number("string-length(${age})"), 2.0);
}

#[test]
fn function_if() {
    assert_eq!(text("if(${age} >= 18, 'adult', 'minor')"), "adult");
    assert_eq!(text("if(${young} >= 18, 'adult', 'minor')"), "minor");
    assert_eq!(text("if(${none}, 'x', 'y')"), "y");
}

#[test]
fn function_coalesce() {
    assert_eq!(text("coalesce(${aware}, 'x')"), "yes");
    assert_eq!(text("coalesce('', 'x')"), "x");
    assert_eq!(number("coalesce(${none} + 1, 5)"), 5.0);
}

#[test]
fn function_int() {
    assert_eq!(number("int(3.7)"), 3.0);
    assert_eq!(number("int(-3.7)"), -3.0);
    assert_eq!(number("int('12.9')"), 12.0);
    assert!(number("int('x')").is_nan());
}

#[test]
fn number_literal_longer_than_an_f64_keeps_is_refused() {
    let error = parse("${age} > 1234567890123456").unwrap_err();
    assert_eq!(
        error.kind,
        ParseErrorKind::NumberTooLong("1234567890123456".into())
    );
    assert!(parse("${age} > 123456789012345").is_ok());
}

#[test]
fn function_round() {
    assert_eq!(number("round(2.5)"), 3.0);
    assert_eq!(number("round(-2.5)"), -3.0);
    assert_eq!(number("round(8.2738, 3)"), 8.274);
    assert_eq!(number("round(1234, -2)"), 1200.0);
    assert_eq!(number("round(1.5, 400)"), 1.5);
    // Scaling would overflow: such a number has no decimals left to round.
    let huge = ["1000000000000000000000000000000"; 10].join(" * ");
    assert!(number(&huge) > 1e299);
    assert_eq!(number(&format!("round({huge}, 9)")), number(&huge));
    assert!(number("round(1, 'x')").is_nan());
}

#[test]
fn function_today() {
    assert_eq!(text("today()"), "2026-11-22");
    assert_eq!(number("today() - ${born}"), 10.0);
}

#[test]
fn function_regex() {
    assert!(truth("regex(., '[a-z]+[0-9]+')"));
    // The whole answer must match, as in ODK.
    assert!(!truth("regex(., '[a-z]+')"));
    assert!(truth("regex('07701234567', '07[0-9]{9}')"));
    // An invalid pattern matches nothing rather than failing.
    assert!(!truth("regex('abc', '(')"));
    // A pattern that is itself an answer is compiled when needed.
    assert!(truth("regex('yes', ${aware})"));
}

#[test]
fn compiled_regexes_are_used() {
    let expr = parse("regex(., '[a-z]+[0-9]+')").unwrap();
    let mut cache = RegexCache::default();
    for pattern in expr.regex_patterns() {
        cache.insert(pattern).unwrap();
    }
    assert!(cache.insert("(").is_err());
    let answers = scope();
    assert!(evaluate_cached(&expr, &answers, context(), &cache).to_bool());
}

#[test]
fn parse_errors_name_their_column() {
    let error = |text: &str| parse(text).unwrap_err();
    assert_eq!(error("").kind, ParseErrorKind::Empty);
    assert_eq!(error("   ").kind, ParseErrorKind::Empty);
    let e = error("${age} >= ");
    assert_eq!((e.column, e.kind), (11, ParseErrorKind::UnexpectedEnd));
    let e = error("${age} >= 18)");
    assert_eq!(
        (e.column, e.kind),
        (13, ParseErrorKind::UnexpectedToken(")".into()))
    );
    let e = error("1 + frobnicate(2)");
    assert_eq!(
        (e.column, e.kind),
        (5, ParseErrorKind::UnknownFunction("frobnicate".into()))
    );
    let e = error("if(1, 2)");
    assert!(matches!(
        e.kind,
        ParseErrorKind::WrongArgumentCount {
            function: "if",
            min: 3,
            max: 3,
            given: 2
        }
    ));
    assert!(matches!(
        error("round(1, 2, 3)").kind,
        ParseErrorKind::WrongArgumentCount { given: 3, .. }
    ));
    assert!(matches!(
        error("today(1)").kind,
        ParseErrorKind::WrongArgumentCount { .. }
    ));
    assert_eq!(error("(1 + 2").kind, ParseErrorKind::UnexpectedEnd);
    assert_eq!(
        error("1 2").kind,
        ParseErrorKind::UnexpectedToken("2".into())
    );
    assert_eq!(
        error("not(1,)").kind,
        ParseErrorKind::UnexpectedToken(")".into())
    );
    assert_eq!(
        error("and").kind,
        ParseErrorKind::UnexpectedToken("and".into())
    );
    // Messages read well.
    assert_eq!(
        error("1 + frobnicate(2)").to_string(),
        "column 5: unknown function `frobnicate()`"
    );
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::TooDeep);
    let negations = format!("{}1", "-".repeat(100_000));
    assert_eq!(parse(&negations).unwrap_err().kind, ParseErrorKind::TooDeep);
    let chain = vec!["1"; 100_000].join(" + ");
    assert_eq!(parse(&chain).unwrap_err().kind, ParseErrorKind::TooDeep);
    let calls = format!("{}1{}", "not(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(parse(&calls).unwrap_err().kind, ParseErrorKind::TooDeep);
    let fine = format!(
        "{}1{}",
        "(".repeat(MAX_DEPTH - 1),
        ")".repeat(MAX_DEPTH - 1)
    );
    assert!(parse(&fine).is_ok());
}

#[test]
fn prints_with_only_the_parentheses_needed() {
    let round_trip = |text: &str| parse(text).unwrap().to_string();
    assert_eq!(
        round_trip("${a}>=18 and selected(${b},'yes')"),
        "${a} >= 18 and selected(${b}, 'yes')"
    );
    assert_eq!(round_trip("(1 + 2) * 3"), "(1 + 2) * 3");
    assert_eq!(round_trip("1 + (2 * 3)"), "1 + 2 * 3");
    assert_eq!(round_trip("1 - (2 - 3)"), "1 - (2 - 3)");
    assert_eq!(round_trip("(1 - 2) - 3"), "1 - 2 - 3");
    assert_eq!(round_trip("-(1 + 2)"), "-(1 + 2)");
    assert_eq!(round_trip("- -1"), "--1");
    assert_eq!(round_trip("\"it's\""), "\"it's\"");
    assert_eq!(
        round_trip("not(.) or count-selected(x) > 1.5"),
        "not(.) or count-selected(x) > 1.5"
    );
    assert_eq!(round_trip("today()"), "today()");
}

#[test]
fn lists_what_an_expression_reads() {
    let expr =
        parse("${a} + ${b} * ${a} > . and selected(filter, ${c}) or regex(., '[0-9]')").unwrap();
    assert_eq!(expr.fields(), vec!["a", "b", "c"]);
    assert_eq!(expr.properties(), vec!["filter"]);
    assert!(expr.uses_current());
    assert_eq!(expr.regex_patterns(), vec!["[0-9]"]);
    assert!(!parse("1").unwrap().uses_current());
}

#[test]
fn every_function_has_a_name_that_parses_back() {
    for function in Function::ALL {
        assert_eq!(Function::from_name(function.name()), Some(function));
    }
    assert_eq!(Function::from_name("concat"), None);
}
