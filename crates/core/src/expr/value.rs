//! What an expression evaluates to, with XPath 1.0's conversions.

use crate::date::Date;
use crate::decimal::{self, DecimalError};
use std::borrow::Cow;

/// A value during evaluation. Borrowed from the answers where it can be, so that evaluating a
/// condition usually allocates nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// An unanswered question, a hidden question, or a calculation with no result. Behaves as
    /// the empty string, as in XLSForm: it compares equal to `''`, is false as a condition,
    /// is not a number in arithmetic (so `${age} >= 18` is false, never an error), and has
    /// no selected choices.
    Empty,
    Bool(bool),
    Number(f64),
    Text(Cow<'a, str>),
    /// The codes of a `select_multiple` answer (XLSForm's space-separated list).
    Choices(Cow<'a, [String]>),
}

impl Value<'_> {
    /// Whether this is "no answer": empty, empty text, no choices, or not a number.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Bool(_) => false,
            Value::Number(n) => n.is_nan(),
            Value::Text(t) => t.is_empty(),
            Value::Choices(c) => c.is_empty(),
        }
    }

    /// XPath `boolean()`.
    pub fn to_bool(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            other => !other.is_empty(),
        }
    }

    /// XPath `number()`, extended as XLSForm does so that a `YYYY-MM-DD` date is its count of
    /// days since 1970-01-01 (dates can then be compared and subtracted).
    pub fn to_number(&self) -> f64 {
        match self {
            Value::Empty => f64::NAN,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Number(n) => *n,
            Value::Text(t) => text_to_number(t),
            Value::Choices(c) => match c.as_ref() {
                [single] => text_to_number(single),
                _ => f64::NAN,
            },
        }
    }

    /// XPath `string()`.
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Number(n) => Cow::Owned(number_to_text(*n)),
            Value::Text(t) => Cow::Borrowed(t),
            Value::Choices(c) => Cow::Owned(c.join(" ")),
        }
    }

    /// The codes this value selects: a `select_multiple`'s list, or the space-separated words of
    /// any other value.
    pub fn selected(&self, code: &str) -> bool {
        match self {
            Value::Choices(c) => c.iter().any(|chosen| chosen == code),
            other => other.to_text().split_whitespace().any(|word| word == code),
        }
    }

    pub fn count_selected(&self) -> usize {
        match self {
            Value::Choices(c) => c.len(),
            other => other.to_text().split_whitespace().count(),
        }
    }

    /// An owned copy. A number that is not finite becomes [`Value::Empty`], as a calculation
    /// that fails (say, on an unanswered input) shows nothing rather than "NaN".
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) if n.is_finite() => Value::Number(n),
            // A number that is not finite is no result.
            Value::Empty | Value::Number(_) => Value::Empty,
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Choices(c) => Value::Choices(Cow::Owned(c.into_owned())),
        }
    }
}

fn text_to_number(text: &str) -> f64 {
    // XPath's number syntax only: Rust's own parser would also take `inf`, `NaN` and
    // exponents, which a form answer must not turn into numbers.
    let trimmed = text.trim();
    match decimal::parse(trimmed) {
        Ok(number) => number,
        Err(DecimalError::NotANumber) => trimmed
            .parse::<Date>()
            .map_or(f64::NAN, |date| date.days_since_epoch() as f64),
        Err(DecimalError::TooManyDigits | DecimalError::TooLarge) => f64::NAN,
    }
}

/// Numbers as text: whole numbers without a decimal point, as XLSForm shows them.
pub(crate) fn number_to_text(n: f64) -> String {
    if n.is_nan() {
        String::new()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value<'_> {
        Value::Text(Cow::Borrowed(s))
    }

    #[test]
    fn empty_behaves_as_the_empty_string() {
        assert!(Value::Empty.is_empty());
        assert!(!Value::Empty.to_bool());
        assert!(Value::Empty.to_number().is_nan());
        assert_eq!(Value::Empty.to_text(), "");
        assert_eq!(Value::Empty.count_selected(), 0);
        assert!(!Value::Empty.selected("yes"));
    }

    #[test]
    fn converts_to_numbers_like_xpath_with_dates_as_days() {
        assert_eq!(text(" 42 ").to_number(), 42.0);
        assert_eq!(text("-1.5").to_number(), -1.5);
        assert_eq!(text(".5").to_number(), 0.5);
        assert!(text("1e3").to_number().is_nan());
        assert!(text("inf").to_number().is_nan());
        assert!(text("NaN").to_number().is_nan());
        assert!(text("-").to_number().is_nan());
        assert!(text(".").to_number().is_nan());
        assert!(text("dk").to_number().is_nan());
        assert_eq!(text("1970-01-11").to_number(), 10.0);
        assert_eq!(Value::Bool(true).to_number(), 1.0);
        let one = [String::from("4")];
        assert_eq!(Value::Choices(Cow::Borrowed(&one[..])).to_number(), 4.0);
    }

    #[test]
    fn converts_to_text_and_booleans() {
        assert_eq!(Value::Number(3.0).to_text(), "3");
        assert_eq!(Value::Number(2.5).to_text(), "2.5");
        assert_eq!(Value::Number(f64::NAN).to_text(), "");
        assert_eq!(Value::Number(f64::INFINITY).to_text(), "Infinity");
        assert_eq!(Value::Bool(false).to_text(), "false");
        assert!(!Value::Number(0.0).to_bool());
        assert!(!Value::Number(f64::NAN).to_bool());
        assert!(text("no").to_bool());
        assert!(!text("").to_bool());
        let codes = [String::from("a"), String::from("b")];
        let choices = Value::Choices(Cow::Borrowed(&codes[..]));
        assert_eq!(choices.to_text(), "a b");
        assert!(choices.selected("b"));
        assert_eq!(choices.count_selected(), 2);
        assert!(text("a  b c").selected("c"));
    }

    #[test]
    fn owned_values_drop_non_finite_numbers() {
        assert_eq!(Value::Number(f64::NAN).into_owned(), Value::Empty);
        assert_eq!(Value::Number(f64::INFINITY).into_owned(), Value::Empty);
        assert_eq!(text("x").into_owned(), Value::Text(Cow::Owned("x".into())));
    }
}
