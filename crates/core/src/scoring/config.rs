//! Which items make up which sub-score, and how much each sub-score weighs in the index.
//!
//! The mapping is data so that a later form version can ship its own: the built-in form's is the
//! const table [`COMMUNITY_ACCEPTANCE_V1`], and any other arrives as an [`IndexConfigSpec`] (for
//! instance inside a form definition's JSON) and is checked once when it becomes an
//! [`IndexConfig`].

use super::ScoringError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// An item of a sub-score in a const table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemDef {
    pub name: &'static str,
    /// Scored `6 - x` before rescaling, for items where agreeing means less accepting.
    pub reversed: bool,
}

/// A sub-score in a const table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubscaleDef {
    pub id: &'static str,
    pub weight: f64,
    pub items: &'static [ItemDef],
}

const fn item(name: &'static str) -> ItemDef {
    ItemDef {
        name,
        reversed: false,
    }
}

const fn reversed(name: &'static str) -> ItemDef {
    ItemDef {
        name,
        reversed: true,
    }
}

/// The built-in form's sub-scores (FORM.md, "The acceptance index"), in the order they are
/// reported. Equal weights.
pub const COMMUNITY_ACCEPTANCE_V1: &[SubscaleDef] = &[
    SubscaleDef {
        id: "social_distance",
        weight: 1.0,
        items: &[
            item("sd_neighbour"),
            item("sd_coworker"),
            item("sd_school"),
            item("sd_shop"),
            item("sd_social_events"),
            item("sd_meetings"),
            item("sd_marriage"),
        ],
    },
    SubscaleDef {
        id: "threat",
        weight: 1.0,
        items: &[
            reversed("threat_security"),
            reversed("threat_extremism"),
            reversed("threat_jobs"),
            reversed("threat_property"),
        ],
    },
    SubscaleDef {
        id: "trust",
        weight: 1.0,
        items: &[item("trust_screening"), item("trust_committees")],
    },
    SubscaleDef {
        id: "reintegration",
        weight: 1.0,
        // 1 is "full support to reintegrate", the most accepting answer.
        items: &[reversed("reintegration_view")],
    },
];

/// The built-in form computes no index from fewer than 3 of its 4 sub-scores.
pub const COMMUNITY_ACCEPTANCE_V1_MIN_SUBSCORES: usize = 3;

/// A sub-score is computed only when at least this share of its items is answered.
pub const DEFAULT_MIN_ANSWERED_PERCENT: u8 = 75;

/// An item of a sub-score, owned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    pub name: String,
    #[serde(default)]
    pub reversed: bool,
}

/// A sub-score, owned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscaleSpec {
    pub id: String,
    #[serde(default = "unit_weight")]
    pub weight: f64,
    pub items: Vec<ItemSpec>,
}

fn unit_weight() -> f64 {
    1.0
}

fn default_min_answered_percent() -> u8 {
    DEFAULT_MIN_ANSWERED_PERCENT
}

/// An index configuration as written down, not yet checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConfigSpec {
    pub subscales: Vec<SubscaleSpec>,
    /// No index when fewer sub-scores than this are available.
    pub min_subscores: usize,
    #[serde(default = "default_min_answered_percent")]
    pub min_answered_percent: u8,
}

/// A checked index configuration. Build it from an [`IndexConfigSpec`] (or deserialize it, which
/// runs the same checks); the default is the built-in form's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "IndexConfigSpec", into = "IndexConfigSpec")]
pub struct IndexConfig {
    subscales: Vec<SubscaleSpec>,
    min_subscores: usize,
    min_answered_percent: u8,
}

impl IndexConfig {
    pub fn new(spec: IndexConfigSpec) -> Result<Self, ScoringError> {
        let bad = |msg: String| Err(ScoringError::InvalidConfig(msg));
        if spec.subscales.is_empty() {
            return bad("no sub-scores".into());
        }
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for sub in &spec.subscales {
            if sub.id.is_empty() {
                return bad("a sub-score has an empty id".into());
            }
            if !ids.insert(sub.id.as_str()) {
                return bad(format!("sub-score `{}` appears twice", sub.id));
            }
            // A zero weight would let a sub-score count towards `min_subscores` while adding
            // nothing to the index; leaving it out of the configuration says that honestly.
            if !(sub.weight.is_finite() && sub.weight > 0.0) {
                return bad(format!(
                    "sub-score `{}` needs a positive finite weight",
                    sub.id
                ));
            }
            if sub.items.is_empty() {
                return bad(format!("sub-score `{}` has no items", sub.id));
            }
            for item in &sub.items {
                // An item in two sub-scores would count twice in the index.
                if !names.insert(item.name.as_str()) {
                    return bad(format!("item `{}` appears twice", item.name));
                }
            }
        }
        if !(1..=spec.subscales.len()).contains(&spec.min_subscores) {
            return bad(format!(
                "min_subscores must be between 1 and {}, not {}",
                spec.subscales.len(),
                spec.min_subscores
            ));
        }
        if !(1..=100).contains(&spec.min_answered_percent) {
            return bad(format!(
                "min_answered_percent must be between 1 and 100, not {}",
                spec.min_answered_percent
            ));
        }
        Ok(IndexConfig {
            subscales: spec.subscales,
            min_subscores: spec.min_subscores,
            min_answered_percent: spec.min_answered_percent,
        })
    }

    /// Builds a configuration from a const table such as [`COMMUNITY_ACCEPTANCE_V1`].
    pub fn from_table(table: &[SubscaleDef], min_subscores: usize) -> Result<Self, ScoringError> {
        Self::new(IndexConfigSpec {
            subscales: table
                .iter()
                .map(|s| SubscaleSpec {
                    id: s.id.to_owned(),
                    weight: s.weight,
                    items: s
                        .items
                        .iter()
                        .map(|i| ItemSpec {
                            name: i.name.to_owned(),
                            reversed: i.reversed,
                        })
                        .collect(),
                })
                .collect(),
            min_subscores,
            min_answered_percent: DEFAULT_MIN_ANSWERED_PERCENT,
        })
    }

    /// The same configuration with some sub-scores reweighted; weights are relative, so
    /// `[("trust", 2.0)]` makes trust count twice as much as each of the others.
    pub fn with_weights(&self, weights: &[(&str, f64)]) -> Result<Self, ScoringError> {
        let mut spec = IndexConfigSpec::from(self.clone());
        for &(id, weight) in weights {
            let Some(sub) = spec.subscales.iter_mut().find(|s| s.id == id) else {
                return Err(ScoringError::InvalidConfig(format!(
                    "no sub-score `{id}` to weigh"
                )));
            };
            sub.weight = weight;
        }
        Self::new(spec)
    }

    pub fn subscales(&self) -> &[SubscaleSpec] {
        &self.subscales
    }

    pub fn min_subscores(&self) -> usize {
        self.min_subscores
    }

    pub fn min_answered_percent(&self) -> u8 {
        self.min_answered_percent
    }

    /// Whether `answered` of `total` items is enough for a sub-score. Integer arithmetic, so
    /// that 3 of 4 against 75% is exactly on the line rather than a rounding error away.
    pub fn enough_answered(&self, answered: usize, total: usize) -> bool {
        total > 0 && answered * 100 >= total * usize::from(self.min_answered_percent)
    }
}

impl Default for IndexConfig {
    fn default() -> Self {
        Self::from_table(
            COMMUNITY_ACCEPTANCE_V1,
            COMMUNITY_ACCEPTANCE_V1_MIN_SUBSCORES,
        )
        .expect("the built-in table is valid")
    }
}

impl TryFrom<IndexConfigSpec> for IndexConfig {
    type Error = ScoringError;

    fn try_from(spec: IndexConfigSpec) -> Result<Self, Self::Error> {
        Self::new(spec)
    }
}

impl From<IndexConfig> for IndexConfigSpec {
    fn from(config: IndexConfig) -> Self {
        IndexConfigSpec {
            subscales: config.subscales,
            min_subscores: config.min_subscores,
            min_answered_percent: config.min_answered_percent,
        }
    }
}
