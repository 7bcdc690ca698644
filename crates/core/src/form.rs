//! The form definition as it is stored and sent: JSON following XLSForm's concepts and names.
//!
//! A survey is a list of rows (`type`, `name`, `label`, `hint`, `required`, `relevant`,
//! `constraint`, `constraint_message`, `calculation`, `choice_filter`, `appearance`), with
//! groups opened by a `begin_group` row and closed by an `end_group` row, as in an XLSForm
//! sheet; choice lists are keyed by their list name. Texts are translated per language, like
//! XLSForm's `label::Arabic (ar)` columns. These types only describe the JSON: loading it into a
//! checked, compiled [`crate::Form`] is [`crate::Form::from_definition`]'s job.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    pub id: String,
    pub version: String,
    pub title: Text,
    /// The languages every text of the form must exist in.
    pub languages: Vec<Lang>,
    /// The language shown when a text is asked for in a language the form does not have;
    /// the first of `languages` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_language: Option<Lang>,
    pub survey: Vec<Row>,
    #[serde(default)]
    pub choices: BTreeMap<String, Vec<Choice>>,
}

/// One text in several languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<Lang, String>);

impl Text {
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.0.get(&lang).map(String::as_str)
    }

    /// The text in `lang`, else in `fallback`, else in any language the text has.
    pub fn show(&self, lang: Lang, fallback: Lang) -> &str {
        self.get(lang)
            .or_else(|| self.get(fallback))
            .or_else(|| self.0.values().next().map(String::as_str))
            .unwrap_or("")
    }

    /// Whether the text exists, not blank, in `lang`.
    pub fn has(&self, lang: Lang) -> bool {
        self.get(lang).is_some_and(|t| !t.trim().is_empty())
    }
}

/// One survey row. `type` is kept as XLSForm writes it (`select_one district`) and parsed when
/// the form loads, so that a bad type is reported with its row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Required>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint_message: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice_filter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<String>,
    /// Bounds of an integer or decimal answer, inclusive. XLSForm would write this as a
    /// constraint; a typed range lets the phone show the bounds and the server report
    /// `out_of_range` rather than a generic failed constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// A condition the respondent must meet, checked once this question is answered: when it
    /// is false, the interview ends there and is recorded as ineligible (`. >= 18` on `age`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
}

/// `required`: always, never, or when an expression holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Required {
    Always(bool),
    When(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl Range {
    pub fn contains(&self, n: f64) -> bool {
        self.min.is_none_or(|min| n >= min) && self.max.is_none_or(|max| n <= max)
    }
}

/// The answer a question starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    /// The code of the language the interview is conducted in (`"default": "ui_language"`).
    UiLanguage,
    /// A fixed code or text (`"default": {"value": "no"}`).
    Value(String),
}

/// One choice of a list. Any further string fields are the choice's properties, which a
/// `choice_filter` reads by their bare name (XLSForm's extra columns on the choices sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub name: String,
    pub label: Text,
    #[serde(flatten)]
    pub properties: BTreeMap<String, String>,
}
