//! The acceptance index: per-submission scores, per-group statistics and reliability.
//!
//! This is the arithmetic of FORM.md's "The acceptance index", shared by the server (dashboard
//! JSON) and the browser (encrypted forms are decrypted and scored there). It reads submissions
//! in their wire shape, a map from question name to JSON answer, so that neither side needs a
//! parsed form to compute a score.
//!
//! - [`IndexConfig`] says which items make up which sub-score, which are reversed, and how the
//!   sub-scores are weighted. Its [`Default`] is the built-in form's table,
//!   [`COMMUNITY_ACCEPTANCE_V1`]; another form version can carry its own as JSON.
//! - [`score_submission`] turns one submission's answers into item scores, sub-scores, the index
//!   and its [`Band`].
//! - [`aggregate`] groups submissions (by [`GroupBy`] or any key) and reports each group's
//!   [`GroupStat`], which is [`GroupStat::Suppressed`] below 30 values, and each sub-score's
//!   Cronbach's alpha over the submissions in view.

mod config;
mod groups;
mod stats;

pub use config::{
    COMMUNITY_ACCEPTANCE_V1, COMMUNITY_ACCEPTANCE_V1_MIN_SUBSCORES, DEFAULT_MIN_ANSWERED_PERCENT,
    IndexConfig, IndexConfigSpec, ItemDef, ItemSpec, SubscaleDef, SubscaleSpec,
};
pub use groups::{
    AgeBand, AggregateRules, Aggregates, GroupAggregate, GroupBy, SubscaleAlpha, SubscoreStat,
    aggregate, subscale_alphas, summarize_group,
};
pub use stats::{
    GroupStat, Interval, MIN_GROUP_SIZE, Summary, cronbach_alpha, summarize, t_critical_95,
};

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A submission's answers as they travel on the wire: question name to JSON answer.
pub type Answers = serde_json::Map<String, Value>;

/// Lowest and highest point of the answer scales the index is built from.
const SCALE_MIN: u8 = 1;
const SCALE_MAX: u8 = 5;

/// Top of the 0-10 range every item, sub-score and index is expressed in.
pub const SCORE_MAX: f64 = 10.0;

/// Why a submission or a configuration could not be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoringError {
    /// A scored question holds something other than `1`..`5`, `dk` or `refused`.
    #[error("the answer to `{question}` is not a scale answer (1-5, dk, refused): {value}")]
    InvalidScaleAnswer { question: String, value: String },
    /// An [`IndexConfig`] that would make scores meaningless or ambiguous.
    #[error("invalid scoring configuration: {0}")]
    InvalidConfig(String),
}

impl ScoringError {
    /// Stable code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            ScoringError::InvalidScaleAnswer { .. } => "invalid_answer",
            ScoringError::InvalidConfig(_) => "invalid_scoring_config",
        }
    }
}

/// Where an index value falls: below 4 low, 4 to below 7 medium, 7 and above high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
}

impl Band {
    /// Lowest value that is no longer low.
    pub const MEDIUM_FROM: f64 = 4.0;
    /// Lowest value that is high.
    pub const HIGH_FROM: f64 = 7.0;

    pub fn of(score: f64) -> Band {
        if score >= Self::HIGH_FROM {
            Band::High
        } else if score >= Self::MEDIUM_FROM {
            Band::Medium
        } else {
            Band::Low
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

/// One item's contribution: 0-10 after reversal, or `None` when missing (not asked, not
/// answered, "don't know" or "prefer not to answer").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    pub name: String,
    pub score: Option<f64>,
}

/// One sub-score of one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscore {
    pub id: String,
    /// Mean of the answered items, or `None` when fewer than the configured share (75%) of
    /// its items are answered.
    pub value: Option<f64>,
    /// How many of `items` have a score.
    pub answered: usize,
    pub items: Vec<ItemScore>,
}

/// Everything the index says about one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionScore {
    /// In the configuration's order.
    pub subscores: Vec<Subscore>,
    /// Weighted mean of the available sub-scores, or `None` when too few are available.
    pub index: Option<f64>,
    /// Always `Some` exactly when `index` is, and always `Band::of(index)`.
    pub band: Option<Band>,
}

impl SubmissionScore {
    /// The value of the sub-score with this id, if it exists and was computed.
    pub fn subscore(&self, id: &str) -> Option<f64> {
        self.subscores
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.value)
    }
}

/// What group statistics read of a scored submission: [`SubmissionScore`] with every detail,
/// or [`CompactScore`] when only numbers are needed (the dashboard over many thousands).
pub trait Scored {
    fn index(&self) -> Option<f64>;
    /// The value of the `i`th sub-score of the configuration.
    fn subscore_value(&self, i: usize) -> Option<f64>;
    /// The item scores of the `i`th sub-score when every one of them is answered.
    fn complete_items(&self, i: usize) -> Option<Cow<'_, [f64]>>;
}

impl<T: Scored + ?Sized> Scored for &T {
    fn index(&self) -> Option<f64> {
        (**self).index()
    }

    fn subscore_value(&self, i: usize) -> Option<f64> {
        (**self).subscore_value(i)
    }

    fn complete_items(&self, i: usize) -> Option<Cow<'_, [f64]>> {
        (**self).complete_items(i)
    }
}

impl Scored for SubmissionScore {
    fn index(&self) -> Option<f64> {
        self.index
    }

    fn subscore_value(&self, i: usize) -> Option<f64> {
        self.subscores.get(i)?.value
    }

    fn complete_items(&self, i: usize) -> Option<Cow<'_, [f64]>> {
        let items: Option<Vec<f64>> = self
            .subscores
            .get(i)?
            .items
            .iter()
            .map(|item| item.score)
            .collect();
        items.map(Cow::Owned)
    }
}

/// A submission's numbers alone: the same values as [`SubmissionScore`] without the names,
/// three allocations instead of dozens.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactScore {
    /// Each item's score in the configuration's order, 0 where missing.
    items: Vec<f64>,
    /// Where each sub-score's items end in `items`.
    ends: Vec<usize>,
    /// Whether each sub-score has every item answered.
    complete: Vec<bool>,
    subscores: Vec<Option<f64>>,
    index: Option<f64>,
}

impl Scored for CompactScore {
    fn index(&self) -> Option<f64> {
        self.index
    }

    fn subscore_value(&self, i: usize) -> Option<f64> {
        *self.subscores.get(i)?
    }

    fn complete_items(&self, i: usize) -> Option<Cow<'_, [f64]>> {
        if !*self.complete.get(i)? {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(Cow::Borrowed(&self.items[start..self.ends[i]]))
    }
}

/// Scores the answers [`scale_answers`] read into a [`CompactScore`]: the same numbers as
/// [`score_scale_answers`].
pub fn compact_score(scale: &[Option<u8>], config: &IndexConfig) -> CompactScore {
    let total: usize = config.subscales().iter().map(|s| s.items.len()).sum();
    let count = config.subscales().len();
    let mut items = Vec::with_capacity(total);
    let mut ends = Vec::with_capacity(count);
    let mut complete = Vec::with_capacity(count);
    let mut subscores = Vec::with_capacity(count);
    let index = score_into(scale, config, &mut items, &mut complete, &mut subscores);
    let mut end = 0;
    for spec in config.subscales() {
        end += spec.items.len();
        ends.push(end);
    }
    CompactScore {
        items,
        ends,
        complete,
        subscores,
        index,
    }
}

/// Scores `scale` as [`compact_score`] does, appending each item's score (0 where missing),
/// each sub-score's completeness and value to the columns, and returns the index.
fn score_into(
    scale: &[Option<u8>],
    config: &IndexConfig,
    items: &mut Vec<f64>,
    complete: &mut Vec<bool>,
    subscores: &mut Vec<Option<f64>>,
) -> Option<f64> {
    let first = subscores.len();
    let mut answers = scale.iter().copied().chain(std::iter::repeat(None));
    for spec in config.subscales() {
        let (mut sum, mut answered) = (0.0, 0);
        for item in &spec.items {
            let score = answers.next().flatten().map(|a| rescale(a, item.reversed));
            if let Some(score) = score {
                sum += score;
                answered += 1;
            }
            items.push(score.unwrap_or(0.0));
        }
        subscores.push(
            config
                .enough_answered(answered, spec.items.len())
                .then(|| sum / f64::from(u32::try_from(answered).unwrap_or(u32::MAX))),
        );
        complete.push(answered == spec.items.len());
    }
    weighted_index(subscores[first..].iter().copied(), config)
}

/// The numbers of many submissions in a few flat columns: what a [`CompactScore`] per
/// submission holds, without allocating per submission. The dashboard over 100,000 scores
/// into one of these.
#[derive(Debug, Clone)]
pub struct ScoreTable {
    /// Where each sub-score's items end in a row of `items`.
    ends: Vec<usize>,
    /// Items per row.
    width: usize,
    items: Vec<f64>,
    complete: Vec<bool>,
    subscores: Vec<Option<f64>>,
    index: Vec<Option<f64>>,
}

impl ScoreTable {
    /// An empty table for scores of `config`.
    pub fn new(config: &IndexConfig) -> ScoreTable {
        let ends: Vec<usize> = config
            .subscales()
            .iter()
            .scan(0, |end, spec| {
                *end += spec.items.len();
                Some(*end)
            })
            .collect();
        ScoreTable {
            width: ends.last().copied().unwrap_or(0),
            ends,
            items: Vec::new(),
            complete: Vec::new(),
            subscores: Vec::new(),
            index: Vec::new(),
        }
    }

    /// Makes room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        let count = self.ends.len();
        self.items.reserve(rows * self.width);
        self.complete.reserve(rows * count);
        self.subscores.reserve(rows * count);
        self.index.reserve(rows);
    }

    /// Scores `scale` (as [`compact_score`] would) into a new row; `config` must be the one
    /// the table was made for.
    pub fn push(&mut self, scale: &[Option<u8>], config: &IndexConfig) {
        let index = score_into(
            scale,
            config,
            &mut self.items,
            &mut self.complete,
            &mut self.subscores,
        );
        self.index.push(index);
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The `row`th score pushed.
    pub fn row(&self, row: usize) -> ScoreRow<'_> {
        assert!(row < self.len(), "row {row} of {}", self.len());
        ScoreRow { table: self, row }
    }

    /// Every row in the order pushed.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = ScoreRow<'_>> {
        (0..self.len()).map(|row| ScoreRow { table: self, row })
    }
}

/// One row of a [`ScoreTable`].
#[derive(Debug, Clone, Copy)]
pub struct ScoreRow<'a> {
    table: &'a ScoreTable,
    row: usize,
}

impl Scored for ScoreRow<'_> {
    #[inline]
    fn index(&self) -> Option<f64> {
        self.table.index[self.row]
    }

    #[inline]
    fn subscore_value(&self, i: usize) -> Option<f64> {
        let count = self.table.ends.len();
        if i >= count {
            return None;
        }
        self.table.subscores[self.row * count + i]
    }

    fn complete_items(&self, i: usize) -> Option<Cow<'_, [f64]>> {
        let table = self.table;
        let count = table.ends.len();
        if i >= count || !table.complete[self.row * count + i] {
            return None;
        }
        let start = if i == 0 { 0 } else { table.ends[i - 1] };
        let row = self.row * table.width;
        Some(Cow::Borrowed(
            &table.items[row + start..row + table.ends[i]],
        ))
    }
}

/// Reads a scale answer: `Some(1..=5)`, or `None` for a missing one.
///
/// "Don't know" and "prefer not to answer" are kept as answers elsewhere but carry no position on
/// the scale, so here they are missing like an unanswered question. Anything else is an error
/// rather than a silent gap, because it means the submission does not match the form it claims.
pub fn parse_scale_answer(
    question: &str,
    value: Option<&Value>,
) -> Result<Option<u8>, ScoringError> {
    let code = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.as_str(),
        Some(_) => "",
    };
    match code {
        "dk" | "refused" => Ok(None),
        "1" => Ok(Some(1)),
        "2" => Ok(Some(2)),
        "3" => Ok(Some(3)),
        "4" => Ok(Some(4)),
        "5" => Ok(Some(5)),
        _ => Err(ScoringError::InvalidScaleAnswer {
            question: question.to_owned(),
            value: value.map(Value::to_string).unwrap_or_default(),
        }),
    }
}

/// Puts a 1-5 answer on the 0-10 scale, reversing it first where the item asks for it, so that
/// 10 always means more accepting. `answer` is a scale point as [`parse_scale_answer`] returns
/// it; anything outside 1-5 is taken as the nearest end rather than trusted to stay in range.
pub fn rescale(answer: u8, reversed: bool) -> f64 {
    let answer = answer.clamp(SCALE_MIN, SCALE_MAX);
    let x = if reversed {
        SCALE_MIN + SCALE_MAX - answer
    } else {
        answer
    };
    f64::from(x - SCALE_MIN) / f64::from(SCALE_MAX - SCALE_MIN) * SCORE_MAX
}

/// Scores one submission.
pub fn score_submission(
    answers: &Answers,
    config: &IndexConfig,
) -> Result<SubmissionScore, ScoringError> {
    Ok(score_scale_answers(
        &scale_answers(answers, config)?,
        config,
    ))
}

/// The scale answers (1-5, `None` when missing) to every item of `config`, subscale by
/// subscale in the configuration's order: what [`score_scale_answers`] scores. Kept apart so
/// that a store can keep these few bytes instead of the whole submission.
pub fn scale_answers(
    answers: &Answers,
    config: &IndexConfig,
) -> Result<Vec<Option<u8>>, ScoringError> {
    config
        .subscales()
        .iter()
        .flat_map(|spec| &spec.items)
        .map(|item| parse_scale_answer(&item.name, answers.get(&item.name)))
        .collect()
}

/// Scores the answers [`scale_answers`] read; a list shorter than the configuration's items
/// counts the rest as missing.
pub fn score_scale_answers(scale: &[Option<u8>], config: &IndexConfig) -> SubmissionScore {
    let mut subscores = Vec::with_capacity(config.subscales().len());
    let mut answers = scale.iter().copied().chain(std::iter::repeat(None));
    for spec in config.subscales() {
        let mut items = Vec::with_capacity(spec.items.len());
        for item in &spec.items {
            let answer = answers.next().flatten();
            items.push(ItemScore {
                name: item.name.clone(),
                score: answer.map(|a| rescale(a, item.reversed)),
            });
        }
        let scored: Vec<f64> = items.iter().filter_map(|i| i.score).collect();
        let value = config
            .enough_answered(scored.len(), items.len())
            .then(|| scored.iter().sum::<f64>() / scored.len() as f64);
        subscores.push(Subscore {
            id: spec.id.clone(),
            value,
            answered: scored.len(),
            items,
        });
    }
    let index = index_of(&subscores, config);
    SubmissionScore {
        subscores,
        index,
        band: index.map(Band::of),
    }
}

fn index_of(subscores: &[Subscore], config: &IndexConfig) -> Option<f64> {
    weighted_index(subscores.iter().map(|s| s.value), config)
}

fn weighted_index(
    subscores: impl Iterator<Item = Option<f64>>,
    config: &IndexConfig,
) -> Option<f64> {
    // One pass, summing in the same order as ever, so the result is bit for bit the same.
    let (mut available, mut total_weight, mut weighted) = (0, 0.0, 0.0);
    for (value, spec) in subscores.zip(config.subscales()) {
        if let Some(v) = value {
            available += 1;
            total_weight += spec.weight;
            weighted += v * spec.weight;
        }
    }
    if available < config.min_subscores() {
        return None;
    }
    Some(settle(weighted / total_weight))
}

/// Rounds away the last bits of floating-point noise.
///
/// Item scores sit on steps of 2.5 and sub-scores are their means, so an index that is exactly
/// 7 on paper can come out as 6.9999999999 and land in the wrong band while every display
/// rounds it to 7.0. Nine decimals is far finer than anything shown and far coarser than the
/// noise; the clamp keeps the documented 0-10 range a guarantee rather than a likelihood.
fn settle(x: f64) -> f64 {
    ((x * 1e9).round() / 1e9).clamp(0.0, SCORE_MAX)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
