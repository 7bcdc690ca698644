//! Group statistics with small-group suppression, and Cronbach's alpha.

use serde::{Deserialize, Serialize};

/// Groups with fewer values than this are reported as suppressed, never as a number: with few
/// respondents from one district a mean can point at the people behind it.
pub const MIN_GROUP_SIZE: usize = 30;

/// A closed interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// The statistics of a group large enough to show.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (divisor `n - 1`).
    pub sd: f64,
    /// 95% confidence interval of the mean, `mean ± t(0.975, n - 1) · sd / √n`. Not clipped to
    /// the 0-10 range: a display may clip it, the statistic should not pretend to be another.
    pub ci95: Interval,
}

/// A group's statistic: either shown, or suppressed with only its size.
///
/// Suppression is a variant that has no mean at all, so that no code path can render a small
/// group's mean by forgetting to check a flag. In JSON: `{"status": "suppressed", "n": 12}` or
/// `{"status": "reported", "n": 41, "mean": ..., "sd": ..., "ci95": {"low": ..., "high": ...}}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum GroupStat {
    Suppressed { n: usize },
    Reported(Summary),
}

impl GroupStat {
    pub fn n(&self) -> usize {
        match self {
            GroupStat::Suppressed { n } => *n,
            GroupStat::Reported(s) => s.n,
        }
    }

    pub fn summary(&self) -> Option<&Summary> {
        match self {
            GroupStat::Suppressed { .. } => None,
            GroupStat::Reported(s) => Some(s),
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, GroupStat::Suppressed { .. })
    }
}

/// Mean, sample standard deviation and 95% confidence interval of `values`, or
/// [`GroupStat::Suppressed`] when there are fewer than `min_n` of them.
///
/// `min_n` is raised to 2 whatever is asked, since a standard deviation needs two values.
pub fn summarize(values: &[f64], min_n: usize) -> GroupStat {
    let n = values.len();
    if n < min_n.max(2) {
        return GroupStat::Suppressed { n };
    }
    let count = n as f64;
    let mean = values.iter().sum::<f64>() / count;
    // Two passes: subtracting the mean first keeps the squares small and the sum accurate.
    let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    let sd = (ss / (count - 1.0)).sqrt();
    let half = t_critical_95(n - 1) * sd / count.sqrt();
    GroupStat::Reported(Summary {
        n,
        mean,
        sd,
        ci95: Interval {
            low: mean - half,
            high: mean + half,
        },
    })
}

/// Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom, computed by
/// numerically inverting the t distribution function.
const T_975: [f64; 30] = [
    12.706_204_7,
    4.302_652_7,
    3.182_446_3,
    2.776_445_1,
    2.570_581_8,
    2.446_911_9,
    2.364_624_3,
    2.306_004_1,
    2.262_157_2,
    2.228_138_9,
    2.200_985_2,
    2.178_812_8,
    2.160_368_7,
    2.144_786_7,
    2.131_449_5,
    2.119_905_3,
    2.109_815_6,
    2.100_922_0,
    2.093_024_1,
    2.085_963_4,
    2.079_613_8,
    2.073_873_1,
    2.068_657_6,
    2.063_898_6,
    2.059_538_6,
    2.055_529_4,
    2.051_830_5,
    2.048_407_1,
    2.045_229_6,
    2.042_272_5,
];

/// The 97.5th percentile of Student's t with `df` degrees of freedom: the multiplier of the
/// standard error in a two-sided 95% interval.
///
/// Groups under 30 are suppressed, so shown groups have at least 29 degrees of freedom, where t
/// (2.045) still differs from the normal 1.96 by 4%: enough to narrow every interval visibly, so
/// t it is. Up to 30 from a table; beyond, Fisher's asymptotic expansion in `1/df` (Abramowitz
/// and Stegun 26.7.5), within 1e-7 of the exact value there. `df = 0` has no interval: infinity.
pub fn t_critical_95(df: usize) -> f64 {
    const Z: f64 = 1.959_963_984_540_054;
    match df {
        0 => f64::INFINITY,
        1..=30 => T_975[df - 1],
        _ => {
            let v = df as f64;
            let z2 = Z * Z;
            let g1 = Z * (z2 + 1.0) / 4.0;
            let g2 = Z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
            let g3 = Z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
            let g4 =
                Z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
            Z + g1 / v + g2 / v.powi(2) + g3 / v.powi(3) + g4 / v.powi(4)
        }
    }
}

/// Cronbach's alpha of a case-by-item matrix: `k / (k - 1) · (1 - Σ var(item) / var(total))`.
///
/// Every row is one case (a respondent with all items answered) and every column one item,
/// already reversed where needed. `None` when there are fewer than 2 items or 2 cases, when rows
/// differ in length, or when the totals do not vary (alpha is 0/0 then). Alpha may be negative,
/// which says the items pull in different directions; it is returned as is.
pub fn cronbach_alpha<R: AsRef<[f64]>>(rows: &[R]) -> Option<f64> {
    let k = rows.first()?.as_ref().len();
    let n = rows.len();
    if k < 2 || n < 2 || rows.iter().any(|r| r.as_ref().len() != k) {
        return None;
    }
    // The (n - 1) divisor is common to every variance here and cancels in the ratio. Every
    // column (the items, then the row totals) in two passes over the rows: the means, then
    // the squared deviations, each summed in row order.
    let total = |r: &[f64]| r.iter().sum::<f64>();
    let mut sums = vec![0.0; k + 1];
    for r in rows {
        let r = r.as_ref();
        for (sum, v) in sums.iter_mut().zip(r) {
            *sum += v;
        }
        sums[k] += total(r);
    }
    let means: Vec<f64> = sums.iter().map(|sum| sum / n as f64).collect();
    let mut squares = vec![0.0; k + 1];
    for r in rows {
        let r = r.as_ref();
        for ((square, v), mean) in squares.iter_mut().zip(r).zip(&means) {
            *square += (v - mean).powi(2);
        }
        squares[k] += (total(r) - means[k]).powi(2);
    }
    let item_ss: f64 = squares[..k].iter().sum();
    let total_ss = squares[k];
    if total_ss <= f64::EPSILON * item_ss.max(1.0) {
        return None;
    }
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - item_ss / total_ss))
}
