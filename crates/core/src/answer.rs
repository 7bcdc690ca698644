//! Answers as they travel in a submission (the wire format of DESIGN.md), and the number input
//! of the phone.
//!
//! `select_one` and `scale`: the choice code as a string; `select_multiple`: an array of codes;
//! integer and decimal: a JSON number; text: a string; date: `"YYYY-MM-DD"`; geopoint:
//! `{"lat", "lon", "accuracy"}`. A question not shown or not answered is absent.

use crate::decimal::{self, DecimalError};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The answers of one submission, by question name.
pub type Answers = BTreeMap<String, AnswerValue>;

/// One answer as JSON carries it. The JSON shape alone decides the variant; whether it fits
/// the question is checked against the form (see [`crate::validate`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// A choice code, a text, or a date.
    Text(String),
    /// A whole number: integer questions, and decimal ones that happen to be whole.
    Integer(i64),
    Decimal(f64),
    /// The codes of a `select_multiple` answer.
    Choices(Vec<String>),
    Geopoint(Geopoint),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geopoint {
    pub lat: f64,
    pub lon: f64,
    /// Metres, as the device reports it.
    pub accuracy: f64,
}

impl Geopoint {
    /// Whether the point is on Earth and the accuracy is a distance.
    pub fn is_valid(&self) -> bool {
        (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
            && self.accuracy.is_finite()
            && self.accuracy >= 0.0
    }
}

impl AnswerValue {
    /// Empty text or no choices: the same as no answer, which the wire format spells by
    /// leaving the question out.
    pub fn is_blank(&self) -> bool {
        match self {
            AnswerValue::Text(text) => text.trim().is_empty(),
            AnswerValue::Choices(codes) => codes.is_empty(),
            _ => false,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            AnswerValue::Integer(n) => Some(*n as f64),
            AnswerValue::Decimal(n) => Some(*n),
            _ => None,
        }
    }
}

/// Number input the phone could not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NumberInputError {
    #[error("no number was entered")]
    Empty,
    #[error("the input is not a number")]
    NotANumber,
    #[error("the input is not a whole number")]
    NotWhole,
    #[error("the number is too large")]
    TooLarge,
    #[error("the number has too many digits")]
    TooManyDigits,
}

impl NumberInputError {
    pub fn code(self) -> &'static str {
        match self {
            NumberInputError::Empty => "empty",
            NumberInputError::NotANumber => "not_a_number",
            NumberInputError::NotWhole => "not_whole",
            NumberInputError::TooLarge => "too_large",
            NumberInputError::TooManyDigits => "too_many_digits",
        }
    }

    /// The message to show under the field.
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NumberInputError::Empty, Lang::En) => "Enter a number.",
            (NumberInputError::Empty, Lang::Ar) => "أدخل رقماً.",
            (NumberInputError::Empty, Lang::Ckb) => "ژمارەیەک بنووسە.",
            (NumberInputError::NotANumber, Lang::En) => "Enter digits only.",
            (NumberInputError::NotANumber, Lang::Ar) => "أدخل أرقاماً فقط.",
            (NumberInputError::NotANumber, Lang::Ckb) => "تەنها ژمارە بنووسە.",
            (NumberInputError::NotWhole, Lang::En) => "Enter a whole number.",
            (NumberInputError::NotWhole, Lang::Ar) => "أدخل عدداً صحيحاً من دون كسور.",
            (NumberInputError::NotWhole, Lang::Ckb) => "ژمارەیەکی تەواو بنووسە، بەبێ کەرت.",
            (NumberInputError::TooLarge, Lang::En) => "This number is too large.",
            (NumberInputError::TooLarge, Lang::Ar) => "هذا الرقم كبير جداً.",
            (NumberInputError::TooLarge, Lang::Ckb) => "ئەم ژمارەیە زۆر گەورەیە.",
            (NumberInputError::TooManyDigits, Lang::En) => "Use at most 15 digits.",
            (NumberInputError::TooManyDigits, Lang::Ar) => "اكتب ١٥ رقماً على الأكثر.",
            (NumberInputError::TooManyDigits, Lang::Ckb) => "بە لایەنی زۆرەوە ١٥ ژمارە بنووسە.",
        }
    }
}

/// Rewrites Eastern Arabic (٠-٩) and Persian (۰-۹) digits, the Arabic decimal separator (٫)
/// and minus sign variants to their Western forms; other characters are kept as they are.
pub fn normalize_digits(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => western_digit(c, '\u{0660}'),
            '\u{06F0}'..='\u{06F9}' => western_digit(c, '\u{06F0}'),
            '\u{066B}' => '.',
            '\u{2212}' | '\u{2013}' => '-',
            other => other,
        })
        .collect()
}

fn western_digit(c: char, zero: char) -> char {
    let offset = u32::from(c) - u32::from(zero);
    char::from_digit(offset, 10).unwrap_or(c)
}

/// Reads a whole number typed in any of the three digit sets.
pub fn parse_integer_input(input: &str) -> Result<i64, NumberInputError> {
    let text = checked_number_text(input)?;
    if text.contains('.') {
        return Err(NumberInputError::NotWhole);
    }
    text.parse().map_err(|_| NumberInputError::TooLarge)
}

/// Reads a decimal number typed in any of the three digit sets (`.` or `٫` as separator).
pub fn parse_decimal_input(input: &str) -> Result<f64, NumberInputError> {
    let text = checked_number_text(input)?;
    decimal::parse(&text).map_err(|error| match error {
        DecimalError::NotANumber => NumberInputError::NotANumber,
        DecimalError::TooManyDigits => NumberInputError::TooManyDigits,
        DecimalError::TooLarge => NumberInputError::TooLarge,
    })
}

/// The input with Western digits, if it is an optional minus, digits, and at most one `.`
/// with digits on at least one side.
fn checked_number_text(input: &str) -> Result<String, NumberInputError> {
    let text = normalize_digits(input);
    if text.is_empty() {
        return Err(NumberInputError::Empty);
    }
    let unsigned = text.strip_prefix('-').unwrap_or(&text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(NumberInputError::NotANumber);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_values_have_the_shapes_of_the_design() {
        let answers: Answers = serde_json::from_str(
            r#"{"district": "ramadi", "age": 41, "height": 1.5,
                "change_view": ["screening", "peace_agreement"],
                "when": "2026-11-22", "location": {"lat": 33.4, "lon": 43.3, "accuracy": 12.5}}"#,
        )
        .unwrap();
        assert_eq!(answers["district"], AnswerValue::Text("ramadi".into()));
        assert_eq!(answers["age"], AnswerValue::Integer(41));
        assert_eq!(answers["height"], AnswerValue::Decimal(1.5));
        assert_eq!(
            answers["change_view"],
            AnswerValue::Choices(vec!["screening".into(), "peace_agreement".into()])
        );
        assert_eq!(answers["when"], AnswerValue::Text("2026-11-22".into()));
        assert_eq!(
            answers["location"],
            AnswerValue::Geopoint(Geopoint {
                lat: 33.4,
                lon: 43.3,
                accuracy: 12.5
            })
        );
        let json = serde_json::to_string(&answers).unwrap();
        assert!(json.contains(r#""age":41"#));
        assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), answers);
        assert!(serde_json::from_str::<AnswerValue>("true").is_err());
        assert!(serde_json::from_str::<AnswerValue>("null").is_err());
    }

    #[test]
    fn reads_western_eastern_arabic_and_persian_digits() {
        assert_eq!(parse_integer_input("41"), Ok(41));
        assert_eq!(parse_integer_input("٤١"), Ok(41));
        assert_eq!(parse_integer_input("۴۱"), Ok(41));
        assert_eq!(parse_integer_input(" ١۲3 "), Ok(123));
        assert_eq!(parse_integer_input("-٥"), Ok(-5));
        assert_eq!(parse_decimal_input("١٫٥"), Ok(1.5));
        assert_eq!(parse_decimal_input("۲.۵"), Ok(2.5));
        assert_eq!(parse_decimal_input(".5"), Ok(0.5));
        assert_eq!(
            normalize_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹"),
            "0123456789 0123456789"
        );
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert_eq!(parse_integer_input(""), Err(NumberInputError::Empty));
        assert_eq!(parse_integer_input("  "), Err(NumberInputError::Empty));
        assert_eq!(parse_integer_input("4.5"), Err(NumberInputError::NotWhole));
        assert_eq!(
            parse_integer_input("forty"),
            Err(NumberInputError::NotANumber)
        );
        assert_eq!(
            parse_integer_input("1e3"),
            Err(NumberInputError::NotANumber)
        );
        assert_eq!(parse_integer_input("-"), Err(NumberInputError::NotANumber));
        assert_eq!(parse_decimal_input("."), Err(NumberInputError::NotANumber));
        assert_eq!(
            parse_decimal_input("1.2.3"),
            Err(NumberInputError::NotANumber)
        );
        assert_eq!(
            parse_integer_input("99999999999999999999"),
            Err(NumberInputError::TooLarge)
        );
        for error in [
            NumberInputError::Empty,
            NumberInputError::NotANumber,
            NumberInputError::NotWhole,
            NumberInputError::TooLarge,
        ] {
            for lang in Lang::ALL {
                assert!(!error.message(lang).is_empty());
            }
            assert!(!error.code().is_empty());
        }
    }

    #[test]
    fn geopoints_must_be_on_earth() {
        let point = |lat, lon, accuracy| Geopoint { lat, lon, accuracy };
        assert!(point(33.0, 43.0, 5.0).is_valid());
        assert!(!point(91.0, 43.0, 5.0).is_valid());
        assert!(!point(33.0, -181.0, 5.0).is_valid());
        assert!(!point(33.0, 43.0, -1.0).is_valid());
    }
}
