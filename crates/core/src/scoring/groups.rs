//! Grouping submissions and reporting the index per group.

use super::stats::{GroupStat, MIN_GROUP_SIZE, cronbach_alpha, summarize};
use super::{Answers, IndexConfig, Scored, SubmissionScore, score_submission};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The age bands results are broken down by. Under 18 is no band: such interviews end as
/// ineligible and carry no scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    #[serde(rename = "18-29")]
    From18To29,
    #[serde(rename = "30-44")]
    From30To44,
    #[serde(rename = "45-59")]
    From45To59,
    #[serde(rename = "60+")]
    From60,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::From18To29,
        AgeBand::From30To44,
        AgeBand::From45To59,
        AgeBand::From60,
    ];

    pub fn of_age(age: u64) -> Option<AgeBand> {
        match age {
            0..=17 => None,
            18..=29 => Some(AgeBand::From18To29),
            30..=44 => Some(AgeBand::From30To44),
            45..=59 => Some(AgeBand::From45To59),
            _ => Some(AgeBand::From60),
        }
    }

    /// The band of a submission's `age` answer, if it has a whole, adult one.
    pub fn of_answers(answers: &Answers) -> Option<AgeBand> {
        let age = answers.get("age")?;
        let years = age.as_u64().or_else(|| {
            // A JSON number written as `41.0` is still a whole age.
            let f = age.as_f64()?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            (f >= 0.0 && f.fract() == 0.0 && f <= 200.0).then_some(f as u64)
        })?;
        Self::of_age(years)
    }

    /// The label used as a group key and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::From18To29 => "18-29",
            AgeBand::From30To44 => "30-44",
            AgeBand::From45To59 => "45-59",
            AgeBand::From60 => "60+",
        }
    }
}

/// The breakdowns the dashboard offers, each reading one question of the built-in form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Governorate,
    District,
    Sex,
    AgeBand,
    Status,
}

impl GroupBy {
    /// The group a submission falls in, or `None` when the question that decides it has no
    /// usable answer.
    pub fn key(self, answers: &Answers) -> Option<String> {
        let code = |name: &str| answers.get(name)?.as_str().map(str::to_owned);
        match self {
            GroupBy::Governorate => code("governorate"),
            GroupBy::District => code("district"),
            GroupBy::Sex => code("sex"),
            GroupBy::Status => code("status"),
            GroupBy::AgeBand => AgeBand::of_answers(answers).map(|b| b.as_str().to_owned()),
        }
    }
}

/// Thresholds of a report, apart from the form's own index configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregateRules {
    /// Fewer values than this and a statistic is suppressed.
    pub min_group_size: usize,
    /// Fewer complete cases than this and a sub-score's alpha is not reported. The default is
    /// the group threshold: an alpha from a handful of cases swings too far to guide anyone.
    pub min_alpha_cases: usize,
}

impl Default for AggregateRules {
    fn default() -> Self {
        AggregateRules {
            min_group_size: MIN_GROUP_SIZE,
            min_alpha_cases: MIN_GROUP_SIZE,
        }
    }
}

/// One sub-score's statistic in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscoreStat {
    pub id: String,
    pub stat: GroupStat,
}

/// The index and sub-scores of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupAggregate {
    pub key: String,
    /// Scored submissions in the group, with or without an index. Each statistic carries its
    /// own `n`, the submissions that have that value, and is suppressed on that `n`.
    pub respondents: usize,
    pub index: GroupStat,
    /// In the configuration's order.
    pub subscores: Vec<SubscoreStat>,
}

/// Cronbach's alpha of one sub-score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscaleAlpha {
    pub id: String,
    pub items: usize,
    /// Submissions that answered every item of the sub-score.
    pub cases: usize,
    /// `None` for a single-item sub-score, too few cases, or no variation.
    pub alpha: Option<f64>,
}

/// A report over a set of submissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregates {
    /// Every scored submission, whatever its group; keyed `all`.
    pub overall: GroupAggregate,
    /// Sorted by key.
    pub groups: Vec<GroupAggregate>,
    /// Per sub-score, over every scored submission.
    pub alphas: Vec<SubscaleAlpha>,
    /// Scored submissions without a group key (counted in `overall` only).
    pub unkeyed: usize,
    /// Submissions that could not be scored (an answer that is not a scale value) and are left
    /// out of everything else.
    pub invalid: usize,
}

/// The statistics of one group of scored submissions.
pub fn summarize_group<S: Scored>(
    key: &str,
    scores: &[S],
    config: &IndexConfig,
    rules: &AggregateRules,
) -> GroupAggregate {
    // One pass over the scores, filling every column at once.
    let mut indexes = Vec::with_capacity(scores.len());
    let mut values: Vec<Vec<f64>> = config
        .subscales()
        .iter()
        .map(|_| Vec::with_capacity(scores.len()))
        .collect();
    for score in scores {
        if let Some(index) = score.index() {
            indexes.push(index);
        }
        for (i, column) in values.iter_mut().enumerate() {
            if let Some(value) = score.subscore_value(i) {
                column.push(value);
            }
        }
    }
    let subscores = config
        .subscales()
        .iter()
        .zip(&values)
        .map(|(spec, values)| SubscoreStat {
            id: spec.id.clone(),
            stat: summarize(values, rules.min_group_size),
        })
        .collect();
    GroupAggregate {
        key: key.to_owned(),
        respondents: scores.len(),
        index: summarize(&indexes, rules.min_group_size),
        subscores,
    }
}

/// Cronbach's alpha of every sub-score over `scores`, using the submissions that answered all of
/// a sub-score's items (complete cases): alpha needs one covariance matrix, and filling gaps
/// would invent agreement between items.
pub fn subscale_alphas<S: Scored>(
    scores: &[S],
    config: &IndexConfig,
    rules: &AggregateRules,
) -> Vec<SubscaleAlpha> {
    config
        .subscales()
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let rows: Vec<std::borrow::Cow<'_, [f64]>> =
                scores.iter().filter_map(|s| s.complete_items(i)).collect();
            let alpha = if rows.len() >= rules.min_alpha_cases {
                cronbach_alpha(&rows)
            } else {
                None
            };
            SubscaleAlpha {
                id: spec.id.clone(),
                items: spec.items.len(),
                cases: rows.len(),
                alpha,
            }
        })
        .collect()
}

/// Scores `submissions`, groups them by `key` and reports every group, the whole, and each
/// sub-score's alpha over the whole.
///
/// `key` is usually `|a| GroupBy::District.key(a)`, but any grouping of answers works.
pub fn aggregate<'a, I, F>(
    submissions: I,
    key: F,
    config: &IndexConfig,
    rules: &AggregateRules,
) -> Aggregates
where
    I: IntoIterator<Item = &'a Answers>,
    F: Fn(&Answers) -> Option<String>,
{
    let mut scored = Vec::new();
    let mut invalid = 0;
    for answers in submissions {
        match score_submission(answers, config) {
            Ok(score) => scored.push((key(answers), score)),
            Err(_) => invalid += 1,
        }
    }
    let mut grouped: BTreeMap<&str, Vec<&SubmissionScore>> = BTreeMap::new();
    let mut unkeyed = 0;
    for (k, score) in &scored {
        match k {
            Some(k) => grouped.entry(k.as_str()).or_default().push(score),
            None => unkeyed += 1,
        }
    }
    let all: Vec<&SubmissionScore> = scored.iter().map(|(_, s)| s).collect();
    Aggregates {
        overall: summarize_group("all", &all, config, rules),
        groups: grouped
            .iter()
            .map(|(k, members)| summarize_group(k, members, config, rules))
            .collect(),
        alphas: subscale_alphas(&all, config, rules),
        unkeyed,
        invalid,
    }
}
