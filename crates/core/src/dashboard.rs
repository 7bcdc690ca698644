//! The supervisor's dashboard: what came in, when, from whom, and the acceptance index by group.
//!
//! [`summarize`] turns a set of submissions of one form, each with the name of the enumerator
//! who sent it, into a [`Summary`] that the review pages show as it is. Every statistic comes
//! from [`crate::scoring`], so the dashboard, the exports and the browser cannot disagree on
//! what the index of a district is, nor on which groups are too small to show.
//!
//! Two kinds of number appear here and they differ on purpose:
//! - counts of *submissions* (per day, by governorate, district and enumerator, consent
//!   outcomes) include every interview, refusals and under-18s too, because they measure the
//!   fieldwork;
//! - the index and its sub-scores cover *respondents* only, the interviews that went past
//!   consent and the age check, because only those answered the scored questions. Each index
//!   statistic is suppressed below the rules' minimum group size and then carries no number.

use crate::answer::{AnswerValue, Answers};
use crate::date::Date;
use crate::interview::Outcome;
use crate::protocol::{Submission, Timestamp};
use crate::scoring::{
    self, AggregateRules, GroupAggregate, GroupBy, IndexConfig, ScoreRow, ScoreTable, SubscaleAlpha,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Respondents under this age end the interview as ineligible (FORM.md, B2).
const ADULT_AGE: f64 = 18.0;

/// One submission as the dashboard reads it, with the enumerator who sent it (which the server
/// knows from the device's token, not from the submission).
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// Plain or sealed: a sealed one is counted where no answer is needed.
    pub submission: &'a Submission,
    /// The name the dashboard counts by.
    pub enumerator: &'a str,
}

/// How many submissions fall under one key (a governorate, district or enumerator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub key: String,
    pub submissions: usize,
}

/// How many submissions were finalized on one calendar day, in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: Date,
    pub submissions: usize,
}

/// Submissions counted by one answer, such as the district.
///
/// `counts` plus `unknown` is always every submission, so that a sealed or malformed submission
/// shows as a gap rather than silently making the table smaller than the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Sorted by key.
    pub counts: Vec<Count>,
    /// Submissions whose answer cannot be read: sealed, or without the question.
    pub unknown: usize,
}

/// How the readable interviews ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentSummary {
    pub completed: usize,
    pub refused: usize,
    pub ineligible: usize,
    /// `refused` over every readable submission (completed, refused and ineligible: all of them
    /// were asked for consent, which comes before the age), or `None` when there is none.
    /// Sealed submissions are left out of both sides, since their consent cannot be read here.
    pub refusal_rate: Option<f64>,
}

/// The index and its sub-scores per group of one breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Sorted by key. Each group's statistics are suppressed on their own `n`.
    pub groups: Vec<GroupAggregate>,
    /// Respondents without a usable answer to the question that decides the group; they count
    /// in the overall figures only.
    pub unkeyed: usize,
}

/// The acceptance index over the respondents in view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexSummary {
    /// Completed interviews that could be scored.
    pub respondents: usize,
    /// Completed interviews with an answer that is not a scale value: the submission does not
    /// match the form it names, so it is left out of every statistic rather than guessed at.
    pub unscorable: usize,
    /// The index and each sub-score over every respondent, keyed `all`.
    pub overall: GroupAggregate,
    /// Each sub-score's Cronbach's alpha over every respondent, in the configuration's order.
    pub alphas: Vec<SubscaleAlpha>,
    pub by_district: Breakdown,
    pub by_sex: Breakdown,
    /// Keys `18-29`, `30-44`, `45-59`, `60+`.
    pub by_age_band: Breakdown,
    pub by_status: Breakdown,
}

/// Everything the supervisor's dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Every submission passed in.
    pub submissions: usize,
    /// Submissions that carry sealed answers only: counted by day and enumerator, and
    /// `unknown` everywhere an answer is needed.
    pub sealed: usize,
    /// By the UTC day of `finalized_at`, sorted by day; days without submissions are absent.
    pub per_day: Vec<DayCount>,
    /// Submissions whose `finalized_at` is not an RFC 3339 UTC time, so they have no day.
    pub undated: usize,
    pub by_governorate: Tally,
    pub by_district: Tally,
    /// Sorted by name.
    pub by_enumerator: Vec<Count>,
    pub consent: ConsentSummary,
    pub index: IndexSummary,
}

/// How an interview ended, read from its answers as the form's logic decides it: "no" to
/// consent is a refusal, an age under 18 is ineligible, anything else went on to the scored
/// questions.
pub fn outcome_of(answers: &Answers) -> Outcome {
    if matches!(answers.get("consent"), Some(AnswerValue::Text(code)) if code == "no") {
        return Outcome::Refused;
    }
    match answers.get("age").and_then(AnswerValue::as_number) {
        Some(age) if age < ADULT_AGE => Outcome::Ineligible,
        _ => Outcome::Completed,
    }
}

/// Computes the dashboard over `rows`, which should all be submissions of the form version that
/// `config` describes.
pub fn summarize<'a, I>(rows: I, config: &IndexConfig, rules: &AggregateRules) -> Summary
where
    I: IntoIterator<Item = Row<'a>>,
{
    let read: Vec<(Option<Date>, &str, Facts)> = rows
        .into_iter()
        .map(|row| {
            let day = row.submission.finalized_at.parse::<Timestamp>().ok();
            (
                day.map(Timestamp::date),
                row.enumerator,
                Facts::of(row.submission, config),
            )
        })
        .collect();
    summarize_facts(
        read.iter().map(|(day, enumerator, facts)| FactsRow {
            day: *day,
            enumerator,
            facts,
        }),
        config,
        rules,
    )
}

/// What the dashboard reads of one submission, taken out once when it arrives: a dashboard
/// over 100,000 submissions then reads a few dozen bytes of each instead of parsing and
/// scoring every one again.
///
/// The codes are borrowed from the stored text when [`Facts::decode`] reads them (unless they
/// had to be unescaped), so reading 100,000 allocates little; [`Facts::of`] owns them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts<'a> {
    /// How the interview ended; `None` for a sealed submission, whose answers are unknown.
    pub outcome: Option<Outcome>,
    pub governorate: Option<Cow<'a, str>>,
    pub district: Option<Cow<'a, str>>,
    pub sex: Option<Cow<'a, str>>,
    /// As [`GroupBy::AgeBand`] keys it.
    pub age_band: Option<Cow<'a, str>>,
    pub status: Option<Cow<'a, str>>,
    pub scale: Scale,
}

/// The scored answers of a submission, as far as the index goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scale {
    /// Not a completed interview (or sealed): no scored question was asked.
    NotScored,
    /// A completed interview with an answer that is not a scale value.
    Unscorable,
    /// The answers to the configuration's items in its order ([`scoring::scale_answers`]).
    Answers(Vec<Option<u8>>),
}

/// Why stored [`Facts`] could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored dashboard facts `{0}` cannot be read")]
pub struct FactsError(pub String);

impl Facts<'_> {
    /// The facts of a submission, scored with `config`.
    pub fn of(submission: &Submission, config: &IndexConfig) -> Facts<'static> {
        let Some(answers) = &submission.answers else {
            return Facts::sealed();
        };
        let json = to_json(answers);
        let outcome = outcome_of(answers);
        let scale = match outcome {
            Outcome::Completed => match scoring::scale_answers(&json, config) {
                Ok(scale) => Scale::Answers(scale),
                Err(_) => Scale::Unscorable,
            },
            Outcome::Refused | Outcome::Ineligible => Scale::NotScored,
        };
        let key = |by: GroupBy| by.key(&json).map(Cow::Owned);
        Facts {
            outcome: Some(outcome),
            governorate: key(GroupBy::Governorate),
            district: key(GroupBy::District),
            sex: key(GroupBy::Sex),
            age_band: key(GroupBy::AgeBand),
            status: key(GroupBy::Status),
            scale,
        }
    }

    /// The facts of a sealed submission: nothing is known but that it exists.
    pub fn sealed() -> Facts<'static> {
        Facts {
            outcome: None,
            governorate: None,
            district: None,
            sex: None,
            age_band: None,
            status: None,
            scale: Scale::NotScored,
        }
    }

    /// A compact text form to store beside the submission: seven fields separated by `|`
    /// (outcome, governorate, district, sex, age band, status, scale), empty for none, `%` and
    /// `|` in codes escaped; the scale is a digit per item, `-` for a missing answer, `!` for
    /// an unscorable interview and nothing when none was scored. Text rather than JSON because
    /// splitting it is many times quicker than parsing JSON, which is the whole point.
    pub fn encode(&self) -> String {
        let outcome = self.outcome.map_or("", Outcome::code);
        let scale = match &self.scale {
            Scale::NotScored => String::new(),
            Scale::Unscorable => "!".to_owned(),
            Scale::Answers(answers) => answers
                .iter()
                .map(|a| match a {
                    Some(n @ 1..=9) => char::from(b'0' + n),
                    _ => '-',
                })
                .collect(),
        };
        let code = |c: &Option<Cow<'_, str>>| {
            c.as_deref()
                .unwrap_or("")
                .replace('%', "%25")
                .replace('|', "%7C")
        };
        [
            outcome.to_owned(),
            code(&self.governorate),
            code(&self.district),
            code(&self.sex),
            code(&self.age_band),
            code(&self.status),
            scale,
        ]
        .join("|")
    }

    /// Reads what [`Facts::encode`] wrote, borrowing the codes from `text`.
    pub fn decode<'t>(text: &'t str) -> Result<Facts<'t>, FactsError> {
        let error = || FactsError(text.to_owned());
        let mut fields = text.split('|');
        let mut field = || fields.next().ok_or_else(error);
        let [outcome, governorate, district, sex, age_band, status, scale] = [
            field()?,
            field()?,
            field()?,
            field()?,
            field()?,
            field()?,
            field()?,
        ];
        if fields.next().is_some() {
            return Err(error());
        }
        let code = |c: &'t str| -> Option<Cow<'t, str>> {
            (!c.is_empty()).then(|| {
                if c.contains('%') {
                    Cow::Owned(c.replace("%7C", "|").replace("%25", "%"))
                } else {
                    Cow::Borrowed(c)
                }
            })
        };
        let outcome = match outcome {
            "" => None,
            code => Some(Outcome::from_code(code).ok_or_else(error)?),
        };
        let scale = match scale {
            "" => Scale::NotScored,
            "!" => Scale::Unscorable,
            digits if digits.bytes().all(|b| matches!(b, b'1'..=b'9' | b'-')) => {
                // Checked first so that collecting knows the length: one allocation.
                Scale::Answers(
                    digits
                        .bytes()
                        .map(|b| (b != b'-').then(|| b - b'0'))
                        .collect(),
                )
            }
            _ => return Err(error()),
        };
        Ok(Facts {
            outcome,
            governorate: code(governorate),
            district: code(district),
            sex: code(sex),
            age_band: code(age_band),
            status: code(status),
            scale,
        })
    }

    /// The same facts, owning their codes.
    pub fn into_owned(self) -> Facts<'static> {
        let own = |c: Option<Cow<'_, str>>| c.map(|c| Cow::Owned(c.into_owned()));
        Facts {
            outcome: self.outcome,
            governorate: own(self.governorate),
            district: own(self.district),
            sex: own(self.sex),
            age_band: own(self.age_band),
            status: own(self.status),
            scale: self.scale,
        }
    }
}

/// One submission's [`Facts`] as the dashboard counts them.
#[derive(Debug, Clone, Copy)]
pub struct FactsRow<'a> {
    /// The UTC day it was finalized, if its time could be read.
    pub day: Option<Date>,
    pub enumerator: &'a str,
    pub facts: &'a Facts<'a>,
}

/// Computes the dashboard over stored [`Facts`]: the same [`Summary`] as [`summarize`] over
/// the submissions they were taken from.
pub fn summarize_facts<'a, I>(rows: I, config: &IndexConfig, rules: &AggregateRules) -> Summary
where
    I: IntoIterator<Item = FactsRow<'a>>,
{
    let mut submissions = 0;
    let mut sealed = 0;
    let mut undated = 0;
    let mut per_day: BTreeMap<Date, usize> = BTreeMap::new();
    let mut by_enumerator = Keys::default();
    let mut governorates = Keys::default();
    let mut districts = Keys::default();
    let mut sexes = Keys::default();
    let mut age_bands = Keys::default();
    let mut statuses = Keys::default();
    let (mut completed, mut refused, mut ineligible) = (0, 0, 0);
    let mut unscorable = 0;
    let rows = rows.into_iter();
    // Most rows are usually scored.
    let mut scores = ScoreTable::new(config);
    scores.reserve(rows.size_hint().0);
    // The group of each row of `scores` in each breakdown: district, sex, age band, status.
    let mut groups: Vec<[Option<usize>; 4]> = Vec::with_capacity(rows.size_hint().0);

    for FactsRow {
        day,
        enumerator,
        facts,
    } in rows
    {
        submissions += 1;
        match day {
            Some(day) => *per_day.entry(day).or_default() += 1,
            None => undated += 1,
        }
        by_enumerator.count(Some(enumerator));
        governorates.count(facts.governorate.as_deref());
        let district = districts.count(facts.district.as_deref());
        match facts.outcome {
            None => sealed += 1,
            Some(Outcome::Refused) => refused += 1,
            Some(Outcome::Ineligible) => ineligible += 1,
            Some(Outcome::Completed) => {
                completed += 1;
                match &facts.scale {
                    Scale::Answers(scale) => {
                        scores.push(scale, config);
                        groups.push([
                            district,
                            sexes.id(facts.sex.as_deref()),
                            age_bands.id(facts.age_band.as_deref()),
                            statuses.id(facts.status.as_deref()),
                        ]);
                    }
                    Scale::Unscorable | Scale::NotScored => unscorable += 1,
                }
            }
        }
    }

    let readable = completed + refused + ineligible;
    let all: Vec<ScoreRow<'_>> = scores.rows().collect();
    let breakdown =
        |column: usize, keys: &Keys<'_>| breakdown(&scores, &groups, column, keys, config, rules);
    Summary {
        submissions,
        sealed,
        per_day: per_day
            .into_iter()
            .map(|(day, submissions)| DayCount { day, submissions })
            .collect(),
        undated,
        by_governorate: governorates.tally(),
        by_district: districts.tally(),
        by_enumerator: by_enumerator.tally().counts,
        consent: ConsentSummary {
            completed,
            refused,
            ineligible,
            refusal_rate: (readable > 0).then(|| refused as f64 / readable as f64),
        },
        index: IndexSummary {
            respondents: scores.len(),
            unscorable,
            overall: scoring::summarize_group("all", &all, config, rules),
            alphas: scoring::subscale_alphas(&all, config, rules),
            by_district: breakdown(0, &districts),
            by_sex: breakdown(1, &sexes),
            by_age_band: breakdown(2, &age_bands),
            by_status: breakdown(3, &statuses),
        },
    }
}

/// The groups of one breakdown: `groups[row][column]` is the group of `scores.row(row)`, a key
/// of `keys`.
fn breakdown(
    scores: &ScoreTable,
    groups: &[[Option<usize>; 4]],
    column: usize,
    keys: &Keys<'_>,
    config: &IndexConfig,
    rules: &AggregateRules,
) -> Breakdown {
    let mut members: Vec<Vec<ScoreRow<'_>>> = keys.counts.iter().map(|_| Vec::new()).collect();
    let mut unkeyed = 0;
    for (row, group) in groups.iter().enumerate() {
        match group[column] {
            Some(id) => members[id].push(scores.row(row)),
            None => unkeyed += 1,
        }
    }
    Breakdown {
        groups: keys
            .ids
            .iter()
            .filter(|&(_, &id)| !members[id].is_empty())
            .map(|(key, &id)| scoring::summarize_group(key, &members[id], config, rules))
            .collect(),
        unkeyed,
    }
}

/// The keys of one kind (districts, say) that the rows carry, numbered as first seen, and how
/// many rows carry each. Keys are borrowed from the rows: only the summary owns a copy.
#[derive(Default)]
struct Keys<'a> {
    /// Key to number, in key order.
    ids: BTreeMap<&'a str, usize>,
    /// By number: the rows counted under the key.
    counts: Vec<usize>,
    /// Rows counted without a key.
    unknown: usize,
}

impl<'a> Keys<'a> {
    /// The number of `key`, without counting a row.
    fn id(&mut self, key: Option<&'a str>) -> Option<usize> {
        let key = key?;
        if let Some(&id) = self.ids.get(key) {
            return Some(id);
        }
        let id = self.counts.len();
        self.ids.insert(key, id);
        self.counts.push(0);
        Some(id)
    }

    /// Counts a row under `key` and returns its number.
    fn count(&mut self, key: Option<&'a str>) -> Option<usize> {
        let id = self.id(key);
        match id {
            Some(id) => self.counts[id] += 1,
            None => self.unknown += 1,
        }
        id
    }

    /// The rows counted under each key, sorted by key.
    fn tally(&self) -> Tally {
        Tally {
            counts: self
                .ids
                .iter()
                .map(|(key, &id)| Count {
                    key: (*key).to_owned(),
                    submissions: self.counts[id],
                })
                .collect(),
            unknown: self.unknown,
        }
    }
}

/// The answers in the JSON shape [`crate::scoring`] reads, which is the wire shape: scoring
/// works on that so that the browser can score a decrypted submission without a parsed form.
fn to_json(answers: &Answers) -> scoring::Answers {
    answers
        .iter()
        .map(|(name, value)| (name.clone(), answer_json(value)))
        .collect()
}

fn answer_json(value: &AnswerValue) -> Value {
    match value {
        AnswerValue::Text(text) => Value::String(text.clone()),
        AnswerValue::Integer(n) => Value::from(*n),
        // A non-finite decimal becomes null, which every reader here takes as no answer.
        AnswerValue::Decimal(x) => Value::from(*x),
        AnswerValue::Choices(codes) => codes.iter().cloned().map(Value::String).collect(),
        AnswerValue::Geopoint(point) => serde_json::json!({
            "lat": point.lat,
            "lon": point.lon,
            "accuracy": point.accuracy,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::protocol::uuid_v7;
    use crate::scoring::{GroupStat, MIN_GROUP_SIZE, t_critical_95};
    use crate::synthetic::{self, Rng};

    const SD: [&str; 7] = [
        "sd_neighbour",
        "sd_coworker",
        "sd_school",
        "sd_shop",
        "sd_social_events",
        "sd_meetings",
        "sd_marriage",
    ];
    const THREAT: [&str; 4] = [
        "threat_security",
        "threat_extremism",
        "threat_jobs",
        "threat_property",
    ];
    const TRUST: [&str; 2] = ["trust_screening", "trust_committees"];

    /// Answers to the scored items, in the order E, F, G, H1.
    #[derive(Clone, Copy)]
    enum Views {
        /// FORM.md's worked example: index 8.273809524 with trust missing.
        WorkedExample,
        /// Every answer at its most accepting end: every sub-score and the index are 10.
        Welcoming,
        /// Every answer in the middle: every sub-score and the index are 5.
        Middle,
    }

    impl Views {
        fn answers(
            self,
        ) -> (
            Vec<&'static str>,
            Vec<&'static str>,
            [&'static str; 2],
            &'static str,
        ) {
            match self {
                Views::WorkedExample => (
                    vec!["5", "5", "4", "4", "5", "5", "3"],
                    vec!["2", "1", "2", "1"],
                    ["4", "dk"],
                    "2",
                ),
                Views::Welcoming => (vec!["5"; 7], vec!["1"; 4], ["5", "5"], "1"),
                Views::Middle => (vec!["3"; 7], vec!["3"; 4], ["3", "3"], "3"),
            }
        }
    }

    fn text(code: &str) -> AnswerValue {
        AnswerValue::Text(code.to_owned())
    }

    fn place(governorate: &str, district: &str) -> Answers {
        let mut a = Answers::new();
        a.insert("governorate".into(), text(governorate));
        a.insert("district".into(), text(district));
        a.insert("interview_language".into(), text("ar"));
        a
    }

    fn respondent(district: &str, sex: &str, age: i64, status: &str, views: Views) -> Answers {
        let mut a = place("anbar", district);
        a.insert("consent".into(), text("yes"));
        a.insert("age".into(), AnswerValue::Integer(age));
        a.insert("sex".into(), text(sex));
        a.insert("status".into(), text(status));
        a.insert("years_in_area".into(), AnswerValue::Integer(age / 2));
        let (distance, threat, trust, reintegration) = views.answers();
        for (name, value) in SD.iter().zip(distance).chain(THREAT.iter().zip(threat)) {
            a.insert((*name).to_owned(), text(value));
        }
        for (name, value) in TRUST.iter().zip(trust) {
            a.insert((*name).to_owned(), text(value));
        }
        a.insert("reintegration_view".into(), text(reintegration));
        a
    }

    fn refusal(district: &str) -> Answers {
        let mut a = place("anbar", district);
        a.insert("consent".into(), text("no"));
        a
    }

    fn under_age(district: &str) -> Answers {
        let mut a = place("anbar", district);
        a.insert("consent".into(), text("yes"));
        a.insert("age".into(), AnswerValue::Integer(16));
        a
    }

    fn submission(seq: u64, finalized_at: &str, answers: Option<Answers>) -> Submission {
        let ms = finalized_at.parse::<Timestamp>().unwrap().unix_ms();
        Submission {
            id: uuid_v7(
                u64::try_from(ms).unwrap(),
                [u8::try_from(seq % 256).unwrap(); 10],
            ),
            form_id: "community_acceptance".into(),
            form_version: "1".into(),
            device_seq: seq,
            started_at: Timestamp::from_unix_ms(ms - 900_000).to_string(),
            finalized_at: finalized_at.to_owned(),
            language: Lang::Ar,
            sealed: answers.is_none().then(|| "c2VhbGVk".to_owned()),
            answers,
            paradata: None,
        }
    }

    fn summarize_all(submissions: &[Submission], enumerator: &str) -> Summary {
        let rows = submissions.iter().map(|submission| Row {
            submission,
            enumerator,
        });
        summarize(rows, &IndexConfig::default(), &AggregateRules::default())
    }

    fn reported(stat: &GroupStat) -> &scoring::Summary {
        stat.summary()
            .unwrap_or_else(|| panic!("expected a reported statistic, got {stat:?}"))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    fn group<'b>(breakdown: &'b Breakdown, key: &str) -> &'b GroupAggregate {
        breakdown
            .groups
            .iter()
            .find(|g| g.key == key)
            .unwrap_or_else(|| panic!("no group {key} in {breakdown:?}"))
    }

    /// Thirty respondents in Ramadi, ten of each profile: 8.273809524 (the worked example),
    /// 10 and 5.
    fn thirty_in_ramadi() -> Vec<Submission> {
        let profiles = [Views::WorkedExample, Views::Welcoming, Views::Middle];
        (0..30)
            .map(|i| {
                // Ages 29 and 30 alternate, on both sides of the first band boundary.
                let age = if i % 2 == 0 { 29 } else { 30 };
                let answers = respondent("ramadi", "female", age, "host", profiles[i % 3]);
                submission(i as u64 + 1, "2026-11-22T10:00:00Z", Some(answers))
            })
            .collect()
    }

    #[test]
    fn thirty_respondents_give_the_hand_computed_mean_and_interval() {
        let summary = summarize_all(&thirty_in_ramadi(), "amal");
        // By hand: values 8.273809524 (x10), 10 (x10), 5 (x10).
        // mean = (8.273809524 + 10 + 5) / 3 = 7.757936508
        // deviations 0.515873016, 2.242063492, -2.757936508; squared 0.266125, 5.026849,
        // 7.606214; sum of squares 10 * 12.899188 = 128.99188; sd = sqrt(128.99188 / 29)
        // = 2.109027; t(0.975, 29) = 2.0452296; half-width 2.0452296 * 2.109027 / sqrt(30)
        // = 0.787524; interval 6.970413 to 8.545460.
        let ramadi = group(&summary.index.by_district, "ramadi");
        assert_eq!(ramadi.respondents, 30);
        let index = reported(&ramadi.index);
        assert_eq!(index.n, 30);
        assert!(close(index.mean, 7.757_936_508), "{index:?}");
        assert!(close(index.sd, 2.109_027_187), "{index:?}");
        assert!(close(index.ci95.low, 6.970_412_830), "{index:?}");
        assert!(close(index.ci95.high, 8.545_460_186), "{index:?}");
        assert!(close(t_critical_95(29), 2.045_229_6));

        // The whole is this one district.
        assert_eq!(summary.index.overall.key, "all");
        assert_eq!(summary.index.overall.index, ramadi.index);
        assert_eq!(summary.index.respondents, 30);

        // Sub-scores: social distance (60/7 + 10 + 5) / 3; threat (8.75 + 10 + 5) / 3;
        // reintegration (7.5 + 10 + 5) / 3. Trust is missing in the worked example (one of
        // two items), so only 20 respondents have it: below 30, suppressed.
        let sub = |id: &str| {
            &summary
                .index
                .overall
                .subscores
                .iter()
                .find(|s| s.id == id)
                .unwrap()
                .stat
        };
        assert!(close(reported(sub("social_distance")).mean, 7.857_142_857));
        assert!(close(reported(sub("threat")).mean, 7.916_666_667));
        assert!(close(reported(sub("reintegration")).mean, 7.5));
        assert_eq!(*sub("trust"), GroupStat::Suppressed { n: 20 });
        let alpha_ids: Vec<&str> = summary.index.alphas.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            alpha_ids,
            ["social_distance", "threat", "trust", "reintegration"]
        );

        // The other breakdowns: all female hosts, 15 aged 29 and 15 aged 30.
        assert_eq!(group(&summary.index.by_sex, "female").index, ramadi.index);
        assert_eq!(group(&summary.index.by_status, "host").index, ramadi.index);
        let bands: Vec<(&str, GroupStat)> = summary
            .index
            .by_age_band
            .groups
            .iter()
            .map(|g| (g.key.as_str(), g.index))
            .collect();
        assert_eq!(
            bands,
            [
                ("18-29", GroupStat::Suppressed { n: 15 }),
                ("30-44", GroupStat::Suppressed { n: 15 })
            ]
        );
    }

    #[test]
    fn a_group_of_29_is_suppressed_and_carries_no_number() {
        let mut submissions = thirty_in_ramadi();
        for i in 0..29 {
            let answers = respondent("hit", "male", 50, "returnee", Views::Welcoming);
            submissions.push(submission(100 + i, "2026-11-23T09:00:00Z", Some(answers)));
        }
        let summary = summarize_all(&submissions, "amal");
        assert_eq!(MIN_GROUP_SIZE, 30);
        let hit = group(&summary.index.by_district, "hit");
        assert_eq!(hit.respondents, 29);
        assert_eq!(hit.index, GroupStat::Suppressed { n: 29 });
        assert!(hit.subscores.iter().all(|s| s.stat.is_suppressed()));
        for breakdown in [&summary.index.by_sex, &summary.index.by_status] {
            assert!(breakdown.groups.iter().any(|g| g.index == hit.index));
        }
        // Nothing in the JSON of the small group could give its mean away.
        let json = serde_json::to_value(hit).unwrap();
        let text = json.to_string();
        assert!(!text.contains("mean") && !text.contains("ci95") && !text.contains("10.0"));
        assert_eq!(
            json["index"],
            serde_json::json!({"status": "suppressed", "n": 29})
        );

        // Ramadi next to it is shown, and so is the whole (59 respondents).
        assert!(
            !group(&summary.index.by_district, "ramadi")
                .index
                .is_suppressed()
        );
        let overall = reported(&summary.index.overall.index);
        assert_eq!(overall.n, 59);
        assert!(close(overall.mean, (30.0 * 7.757_936_508 + 290.0) / 59.0));
        // Counts of submissions are fieldwork figures and are never suppressed.
        assert_eq!(
            summary.by_district.counts,
            [
                Count {
                    key: "hit".into(),
                    submissions: 29
                },
                Count {
                    key: "ramadi".into(),
                    submissions: 30
                }
            ]
        );
    }

    #[test]
    fn refusal_rate_is_refusals_over_every_readable_interview() {
        let mut submissions = Vec::new();
        for i in 0..3 {
            submissions.push(submission(
                i + 1,
                "2026-11-22T10:00:00Z",
                Some(refusal("hit")),
            ));
        }
        submissions.push(submission(
            4,
            "2026-11-22T10:00:00Z",
            Some(under_age("hit")),
        ));
        for i in 0..8 {
            let answers = respondent("hit", "male", 40, "host", Views::Middle);
            submissions.push(submission(i + 5, "2026-11-22T11:00:00Z", Some(answers)));
        }
        // Sealed: its consent is unknown, so it is on neither side of the rate.
        submissions.push(submission(13, "2026-11-22T12:00:00Z", None));
        let summary = summarize_all(&submissions, "bashir");
        assert_eq!(
            summary.consent,
            ConsentSummary {
                completed: 8,
                refused: 3,
                ineligible: 1,
                refusal_rate: Some(0.25),
            }
        );
        assert_eq!(summary.sealed, 1);
        assert_eq!(summary.submissions, 13);
        // Refusals and under-18s count as submissions of their district, not as respondents.
        assert_eq!(summary.by_district.counts[0].submissions, 12);
        assert_eq!(summary.by_district.unknown, 1);
        assert_eq!(summary.index.respondents, 8);
        assert_eq!(summary.index.overall.index, GroupStat::Suppressed { n: 8 });

        let none = summarize_all(&[], "bashir");
        assert_eq!(none.consent.refusal_rate, None);
        assert_eq!(none.index.overall.index, GroupStat::Suppressed { n: 0 });
    }

    #[test]
    fn days_are_utc_days_of_finalizing_in_order() {
        let answers = || Some(respondent("ramadi", "male", 35, "idp", Views::Middle));
        let submissions = [
            submission(1, "2026-11-23T00:00:00Z", answers()),
            // 02:59 in Baghdad on the 23rd, still the 22nd in UTC; started the day before.
            submission(2, "2026-11-22T23:59:59Z", answers()),
            submission(3, "2026-11-22T08:00:00Z", answers()),
            submission(4, "2026-11-30T23:59:59.999Z", None),
            submission(5, "2026-12-01T00:00:00.001Z", answers()),
        ];
        let summary = summarize_all(&submissions, "chiman");
        let days: Vec<(String, usize)> = summary
            .per_day
            .iter()
            .map(|d| (d.day.to_string(), d.submissions))
            .collect();
        assert_eq!(
            days,
            [
                ("2026-11-22".to_owned(), 2),
                ("2026-11-23".to_owned(), 1),
                ("2026-11-30".to_owned(), 1),
                ("2026-12-01".to_owned(), 1),
            ]
        );
        assert_eq!(summary.undated, 0);

        let mut broken = submission(6, "2026-11-22T08:00:00Z", answers());
        broken.finalized_at = "2026-11-22 08:00".into();
        let summary = summarize_all(&[broken], "chiman");
        assert!(summary.per_day.is_empty());
        assert_eq!(summary.undated, 1);
        assert_eq!(summary.submissions, 1);
    }

    #[test]
    fn a_malformed_scale_answer_is_left_out_of_the_index_and_counted() {
        let mut answers = respondent("ramadi", "male", 35, "host", Views::Middle);
        answers.insert("sd_shop".into(), text("7"));
        let summary = summarize_all(&[submission(1, "2026-11-22T08:00:00Z", Some(answers))], "d");
        assert_eq!(summary.consent.completed, 1);
        assert_eq!(summary.index.unscorable, 1);
        assert_eq!(summary.index.respondents, 0);
        assert!(summary.index.by_district.groups.is_empty());
    }

    #[test]
    fn stored_facts_read_back_and_give_the_same_summary() {
        let mut rng = Rng::new(5);
        let config = IndexConfig::default();
        let start = "2026-11-01T05:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .unix_ms();
        let mut drawn: Vec<Submission> = (0..400_u64)
            .map(|i| {
                synthetic::submission(&mut rng, i + 1, start + i64::try_from(i).unwrap() * 600_000)
                    .0
            })
            .collect();
        drawn[3].answers = None;
        drawn[3].sealed = Some("c2VhbGVk".to_owned());
        if let Some(answers) = drawn[4].answers.as_mut() {
            answers.insert("district".into(), text("odd|code%7C"));
        }
        let mut malformed = respondent("ramadi", "male", 35, "host", Views::Middle);
        malformed.insert("sd_shop".into(), text("7"));
        drawn.push(submission(401, "2026-11-22T08:00:00Z", Some(malformed)));

        let stored: Vec<(Option<Date>, Facts)> = drawn
            .iter()
            .map(|s| {
                let facts = Facts::of(s, &config);
                let text = facts.encode();
                assert_eq!(Facts::decode(&text).as_ref(), Ok(&facts), "{text}");
                (
                    s.finalized_at
                        .parse::<Timestamp>()
                        .ok()
                        .map(Timestamp::date),
                    facts,
                )
            })
            .collect();
        assert_eq!(stored[3].1.outcome, None);
        assert_eq!(stored[4].1.district.as_deref(), Some("odd|code%7C"));
        assert_eq!(stored[400].1.scale, Scale::Unscorable);

        let rules = AggregateRules::default();
        let from_submissions = summarize(
            drawn.iter().map(|submission| Row {
                submission,
                enumerator: "amal",
            }),
            &config,
            &rules,
        );
        let from_facts = summarize_facts(
            stored.iter().map(|(day, facts)| FactsRow {
                day: *day,
                enumerator: "amal",
                facts,
            }),
            &config,
            &rules,
        );
        assert_eq!(from_facts, from_submissions);
        assert_eq!(from_facts.sealed, 1);
        assert_eq!(from_facts.index.unscorable, 1);
        for bad in ["", "completed|a|b", "done||||||", "completed||||||12x"] {
            assert!(Facts::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn thousands_of_synthetic_interviews_add_up() {
        const N: usize = 3_000;
        const ENUMERATORS: [&str; 5] = ["amal", "bashir", "chiman", "dara", "evin"];
        let mut rng = Rng::new(11);
        // One every 17 minutes from 2026-11-01: about 35 days.
        let start = "2026-11-01T05:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .unix_ms();
        let drawn: Vec<(Submission, Outcome)> = (0..N)
            .map(|i| {
                let at = start + i64::try_from(i).unwrap() * 17 * 60_000;
                synthetic::submission(&mut rng, i as u64 + 1, at)
            })
            .collect();
        let rows = drawn.iter().enumerate().map(|(i, (submission, _))| Row {
            submission,
            enumerator: ENUMERATORS[i % ENUMERATORS.len()],
        });
        let summary = summarize(rows, &IndexConfig::default(), &AggregateRules::default());

        let sum = |counts: &[Count]| counts.iter().map(|c| c.submissions).sum::<usize>();
        assert_eq!(summary.submissions, N);
        assert_eq!((summary.sealed, summary.undated), (0, 0));
        assert_eq!(
            summary.per_day.iter().map(|d| d.submissions).sum::<usize>(),
            N
        );
        assert!(summary.per_day.windows(2).all(|w| w[0].day < w[1].day));
        assert!(
            (35..=37).contains(&summary.per_day.len()),
            "{}",
            summary.per_day.len()
        );
        assert_eq!(sum(&summary.by_governorate.counts), N);
        assert_eq!(sum(&summary.by_district.counts), N);
        assert_eq!(summary.by_district.unknown, 0);
        assert_eq!(summary.by_enumerator.len(), 5);
        assert!(summary.by_enumerator.iter().all(|c| c.submissions == N / 5));

        // The consent outcomes read from the answers agree with how each interview ended.
        let ended = |o: Outcome| drawn.iter().filter(|(_, outcome)| *outcome == o).count();
        let consent = &summary.consent;
        assert_eq!(consent.completed, ended(Outcome::Completed));
        assert_eq!(consent.refused, ended(Outcome::Refused));
        assert_eq!(consent.ineligible, ended(Outcome::Ineligible));
        assert_eq!(consent.completed + consent.refused + consent.ineligible, N);
        let rate = consent.refusal_rate.unwrap();
        assert!(close(rate, consent.refused as f64 / N as f64));
        assert!((0.03..0.09).contains(&rate), "{rate}");

        let index = &summary.index;
        assert_eq!(index.unscorable, 0);
        assert_eq!(index.respondents, consent.completed);
        assert_eq!(index.overall.respondents, index.respondents);
        let overall = reported(&index.overall.index);
        assert!(overall.ci95.low < overall.mean && overall.mean < overall.ci95.high);
        assert!((0.0..=10.0).contains(&overall.mean));
        assert!(
            index
                .overall
                .subscores
                .iter()
                .all(|s| !s.stat.is_suppressed())
        );
        // Items of one sub-score lean together in the synthetic data; a one-item sub-score
        // has no alpha.
        for alpha in &index.alphas {
            match alpha.id.as_str() {
                "reintegration" => assert_eq!(alpha.alpha, None),
                _ => assert!(alpha.alpha.unwrap() > 0.5, "{alpha:?}"),
            }
        }

        for (name, breakdown) in [
            ("district", &index.by_district),
            ("sex", &index.by_sex),
            ("age band", &index.by_age_band),
            ("status", &index.by_status),
        ] {
            assert_eq!(breakdown.unkeyed, 0, "{name}");
            let respondents: usize = breakdown.groups.iter().map(|g| g.respondents).sum();
            assert_eq!(respondents, index.respondents, "{name}");
            let with_index: usize = breakdown.groups.iter().map(|g| g.index.n()).sum();
            assert_eq!(with_index, overall.n, "{name}");
            for g in &breakdown.groups {
                assert_eq!(
                    g.index.is_suppressed(),
                    g.index.n() < MIN_GROUP_SIZE,
                    "{name}"
                );
            }
        }
        let bands: Vec<&str> = index
            .by_age_band
            .groups
            .iter()
            .map(|g| g.key.as_str())
            .collect();
        assert_eq!(bands, ["18-29", "30-44", "45-59", "60+"]);
        let statuses: Vec<&str> = index
            .by_status
            .groups
            .iter()
            .map(|g| g.key.as_str())
            .collect();
        assert_eq!(statuses, ["host", "idp", "returnee"]);

        // As the review pages receive it.
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["per_day"][0]["day"], "2026-11-01");
        assert_eq!(serde_json::from_value::<Summary>(json).unwrap(), summary);
    }
}
