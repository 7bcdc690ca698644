//! Evaluation of a tree against the answers.

use super::ast::{BinaryOp, Expr, Function};
use super::value::Value;
use crate::date::Date;
use regex_lite::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::HashMap;

/// What an expression can read besides its own literals.
pub trait Scope {
    /// `${name}`: the answer (or calculated value) of a field, [`Value::Empty`] when it has
    /// none or is hidden.
    fn field(&self, name: &str) -> Value<'_>;

    /// `.`: the answer being checked by a constraint.
    fn current(&self) -> Value<'_> {
        Value::Empty
    }

    /// A bare name in a choice filter: that column of the choice being considered.
    fn property(&self, _name: &str) -> Value<'_> {
        Value::Empty
    }
}

/// What the outside world tells an evaluation. There is no clock in the core: the caller
/// decides what "today" is (the phone's date when interviewing, the submission's finalize
/// date when the server checks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalContext {
    pub today: Date,
}

/// Regular expressions compiled once, when a form loads, keyed by their pattern as written.
#[derive(Debug, Clone, Default)]
pub struct RegexCache {
    compiled: HashMap<String, Regex>,
}

impl RegexCache {
    /// Compiles `pattern` as `regex()` uses it and keeps it for evaluation.
    pub fn insert(&mut self, pattern: &str) -> Result<(), regex_lite::Error> {
        if !self.compiled.contains_key(pattern) {
            let regex = compile(pattern)?;
            self.compiled.insert(pattern.to_owned(), regex);
        }
        Ok(())
    }

    fn get(&self, pattern: &str) -> Option<&Regex> {
        self.compiled.get(pattern)
    }
}

/// `regex()` matches the whole answer, as ODK does; the limits keep a hostile pattern from
/// using much memory (the phone's, or the server's when it checks a submission).
fn compile(pattern: &str) -> Result<Regex, regex_lite::Error> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(256 * 1024)
        .nest_limit(64)
        .build()
}

/// Evaluates `expr`. Never fails and never panics: XLSForm has no run-time errors, only
/// empty or false results (an unanswered question in arithmetic gives no number, an invalid
/// regular expression matches nothing).
pub fn evaluate<'a, S: Scope + ?Sized>(
    expr: &'a Expr,
    scope: &'a S,
    context: &EvalContext,
) -> Value<'a> {
    evaluate_cached(expr, scope, *context, &RegexCache::default())
}

/// [`evaluate`] with the regular expressions compiled at load time.
pub(crate) fn evaluate_cached<'a, S: Scope + ?Sized>(
    expr: &'a Expr,
    scope: &'a S,
    context: EvalContext,
    regexes: &RegexCache,
) -> Value<'a> {
    Evaluator {
        scope,
        context,
        regexes,
    }
    .eval(expr)
}

struct Evaluator<'a, 'c, S: ?Sized> {
    scope: &'a S,
    context: EvalContext,
    regexes: &'c RegexCache,
}

impl<'a, S: Scope + ?Sized> Evaluator<'a, '_, S> {
    fn eval(&self, expr: &'a Expr) -> Value<'a> {
        match expr {
            Expr::Number(n) => Value::Number(*n),
            Expr::String(s) => Value::Text(Cow::Borrowed(s)),
            Expr::Field(name) => self.scope.field(name),
            Expr::Current => self.scope.current(),
            Expr::Property(name) => self.scope.property(name),
            Expr::Negate(inner) => Value::Number(-self.eval(inner).to_number()),
            Expr::Binary { op, left, right } => self.binary(*op, left, right),
            Expr::Call { function, args } => self.call(*function, args),
        }
    }

    fn binary(&self, op: BinaryOp, left: &'a Expr, right: &'a Expr) -> Value<'a> {
        match op {
            BinaryOp::Or => Value::Bool(self.eval(left).to_bool() || self.eval(right).to_bool()),
            BinaryOp::And => Value::Bool(self.eval(left).to_bool() && self.eval(right).to_bool()),
            BinaryOp::Eq => Value::Bool(equal(&self.eval(left), &self.eval(right))),
            BinaryOp::Ne => Value::Bool(!equal(&self.eval(left), &self.eval(right))),
            _ => {
                let a = self.eval(left).to_number();
                let b = self.eval(right).to_number();
                match op {
                    BinaryOp::Lt => Value::Bool(a < b),
                    BinaryOp::Le => Value::Bool(a <= b),
                    BinaryOp::Gt => Value::Bool(a > b),
                    BinaryOp::Ge => Value::Bool(a >= b),
                    BinaryOp::Add => Value::Number(a + b),
                    BinaryOp::Sub => Value::Number(a - b),
                    BinaryOp::Mul => Value::Number(a * b),
                    BinaryOp::Div => Value::Number(a / b),
                    // XPath's `mod` keeps the dividend's sign, as Rust's `%` does.
                    _ => Value::Number(a % b),
                }
            }
        }
    }

    fn call(&self, function: Function, args: &'a [Expr]) -> Value<'a> {
        // The parser checked the argument count, so indexing cannot fail on a parsed tree; a
        // tree built by hand with too few arguments reads the missing ones as empty.
        let arg = |i: usize| args.get(i).map_or(Value::Empty, |a| self.eval(a));
        match function {
            Function::Not => Value::Bool(!arg(0).to_bool()),
            Function::Selected => {
                let code = arg(1);
                let code = code.to_text();
                let code = code.trim();
                Value::Bool(!code.is_empty() && arg(0).selected(code))
            }
            Function::CountSelected => Value::Number(arg(0).count_selected() as f64),
            Function::StringLength => Value::Number(arg(0).to_text().chars().count() as f64),
            Function::If => {
                if arg(0).to_bool() {
                    arg(1)
                } else {
                    arg(2)
                }
            }
            Function::Coalesce => {
                let first = arg(0);
                if first.is_empty() { arg(1) } else { first }
            }
            Function::Int => Value::Number(arg(0).to_number().trunc()),
            Function::Round => {
                let x = arg(0).to_number();
                let places = if args.len() > 1 {
                    arg(1).to_number().trunc()
                } else {
                    0.0
                };
                Value::Number(round(x, places))
            }
            Function::Today => Value::Text(Cow::Owned(self.context.today.to_string())),
            Function::Regex => {
                let subject = arg(0);
                let pattern = arg(1);
                let pattern = pattern.to_text();
                let subject = subject.to_text();
                let matched = match self.regexes.get(&pattern) {
                    Some(regex) => regex.is_match(&subject),
                    // A pattern computed from answers: compiled now, and an invalid one
                    // matches nothing.
                    None => compile(&pattern).is_ok_and(|regex| regex.is_match(&subject)),
                };
                Value::Bool(matched)
            }
        }
    }
}

/// XPath 1.0 `=`: as booleans if either side is one, else as numbers if either side is one,
/// else as text. So `${age} = 18` is false when age is unanswered, and `${q} = ''` is true.
fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Bool(_), _) | (_, Value::Bool(_)) => a.to_bool() == b.to_bool(),
        (Value::Number(_), _) | (_, Value::Number(_)) => a.to_number() == b.to_number(),
        _ => a.to_text() == b.to_text(),
    }
}

/// Rounds half away from zero to `places` decimal places (negative places round to tens,
/// hundreds, ...).
fn round(x: f64, places: f64) -> f64 {
    if places.is_nan() {
        return f64::NAN;
    }
    // Beyond 15 places an f64 has no digits left to round; beyond -308 the scale overflows.
    let places = places.clamp(-308.0, 15.0);
    #[expect(
        clippy::cast_possible_truncation,
        reason = "clamped to -308..=15 and already whole"
    )]
    let factor = 10_f64.powi(places as i32);
    let rounded = (x * factor).round() / factor;
    // Scaling a huge number can overflow; such a number has nothing to round.
    if rounded.is_finite() { rounded } else { x }
}
