use super::*;
use proptest::prelude::*;
use serde_json::{Value, json};

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

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
        .collect()
}

fn set(a: &mut Answers, names: &[&str], values: &[&str]) {
    assert_eq!(names.len(), values.len());
    for (n, v) in names.iter().zip(values) {
        a.insert((*n).to_owned(), json!(v));
    }
}

/// FORM.md's worked example.
fn worked_example() -> Answers {
    let mut a = Answers::new();
    set(&mut a, &SD, &["5", "5", "4", "4", "5", "5", "3"]);
    set(&mut a, &THREAT, &["2", "1", "2", "1"]);
    set(&mut a, &TRUST, &["4", "dk"]);
    set(&mut a, &["reintegration_view"], &["2"]);
    a
}

fn score(a: &Answers) -> SubmissionScore {
    score_submission(a, &IndexConfig::default()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn worked_example_gives_8_274_high() {
    let s = score(&worked_example());
    // (10 + 10 + 7.5 + 7.5 + 10 + 10 + 5) / 7
    assert!(close(s.subscore("social_distance").unwrap(), 60.0 / 7.0));
    assert_eq!(
        format!("{:.3}", s.subscore("social_distance").unwrap()),
        "8.571"
    );
    // 2,1,2,1 reversed to 4,5,4,5 -> 7.5, 10, 7.5, 10
    assert_eq!(s.subscore("threat"), Some(8.75));
    // 4 and "don't know": 1 of 2 answered, 50% < 75%.
    assert_eq!(s.subscore("trust"), None);
    assert_eq!(s.subscores[2].answered, 1);
    // 2 reversed to 4 -> 7.5
    assert_eq!(s.subscore("reintegration"), Some(7.5));
    let index = s.index.unwrap();
    assert!(close(index, (60.0 / 7.0 + 8.75 + 7.5) / 3.0));
    assert_eq!(format!("{index:.3}"), "8.274");
    assert_eq!(s.band, Some(Band::High));
}

#[test]
fn item_scores_are_rescaled_and_reversed() {
    let s = score(&worked_example());
    let sd: Vec<Option<f64>> = s.subscores[0].items.iter().map(|i| i.score).collect();
    assert_eq!(
        sd,
        [10.0, 10.0, 7.5, 7.5, 10.0, 10.0, 5.0].map(Some).to_vec()
    );
    let threat: Vec<Option<f64>> = s.subscores[1].items.iter().map(|i| i.score).collect();
    assert_eq!(threat, [7.5, 10.0, 7.5, 10.0].map(Some).to_vec());
    assert_eq!(s.subscores[2].items[1].score, None);

    assert_eq!(
        [1, 2, 3, 4, 5].map(|x| rescale(x, false)),
        [0.0, 2.5, 5.0, 7.5, 10.0]
    );
    assert_eq!(
        [1, 2, 3, 4, 5].map(|x| rescale(x, true)),
        [10.0, 7.5, 5.0, 2.5, 0.0]
    );
    // Full support to reintegrate is the most accepting answer.
    let s = score(&answers(&[("reintegration_view", "1")]));
    assert_eq!(s.subscore("reintegration"), Some(10.0));
    let s = score(&answers(&[("reintegration_view", "5")]));
    assert_eq!(s.subscore("reintegration"), Some(0.0));
}

#[test]
fn dont_know_refused_absent_and_null_are_missing() {
    for missing in [json!("dk"), json!("refused"), Value::Null] {
        assert_eq!(parse_scale_answer("q", Some(&missing)), Ok(None));
    }
    assert_eq!(parse_scale_answer("q", None), Ok(None));
    assert_eq!(parse_scale_answer("q", Some(&json!("3"))), Ok(Some(3)));

    let mut a = worked_example();
    set(&mut a, &THREAT, &["dk", "refused", "2", "1"]);
    let s = score(&a);
    assert_eq!(s.subscores[1].answered, 2);
    assert_eq!(s.subscore("threat"), None);

    a.remove("reintegration_view");
    assert_eq!(score(&a).subscore("reintegration"), None);
}

#[test]
fn anything_else_is_an_invalid_answer() {
    for bad in [
        json!("0"),
        json!("6"),
        json!("05"),
        json!("+3"),
        json!(" 3"),
        json!("yes"),
        json!(3),
        json!(["3"]),
    ] {
        let err = parse_scale_answer("sd_shop", Some(&bad)).unwrap_err();
        assert_eq!(err.code(), "invalid_answer");
        assert!(err.to_string().contains("sd_shop"), "{err}");
    }
    let mut a = worked_example();
    a.insert("threat_jobs".into(), json!("7"));
    let err = score_submission(&a, &IndexConfig::default()).unwrap_err();
    assert!(
        matches!(err, ScoringError::InvalidScaleAnswer { ref question, .. }
            if question == "threat_jobs")
    );
}

#[test]
fn a_subscore_needs_75_percent_of_its_items() {
    let mut a = worked_example();
    // 5 of 7 social-distance items is 71%: missing.
    set(&mut a, &SD, &["5", "5", "4", "4", "5", "dk", "refused"]);
    assert_eq!(score(&a).subscore("social_distance"), None);
    // 6 of 7 is 86%: present, the mean of the six.
    set(&mut a, &SD, &["5", "5", "4", "4", "5", "5", "dk"]);
    assert!(close(
        score(&a).subscore("social_distance").unwrap(),
        55.0 / 6.0
    ));
    // 3 of 4 threat items is exactly 75%: present.
    set(&mut a, &THREAT, &["2", "1", "2", "dk"]);
    assert!(close(score(&a).subscore("threat").unwrap(), 25.0 / 3.0));
    // 2 of 4 is 50%: missing.
    set(&mut a, &THREAT, &["2", "1", "dk", "dk"]);
    assert_eq!(score(&a).subscore("threat"), None);
    // Trust needs both items.
    set(&mut a, &TRUST, &["4", "3"]);
    assert_eq!(score(&a).subscore("trust"), Some(6.25));

    let config = IndexConfig::default();
    assert!(config.enough_answered(3, 4));
    assert!(!config.enough_answered(5, 7));
    assert!(config.enough_answered(6, 7));
    assert!(!config.enough_answered(0, 0));
}

#[test]
fn fewer_than_three_subscores_give_no_index() {
    let mut a = Answers::new();
    set(&mut a, &SD, &["5"; 7]);
    set(&mut a, &THREAT, &["1"; 4]);
    let s = score(&a);
    assert_eq!(s.subscores.iter().filter(|s| s.value.is_some()).count(), 2);
    assert_eq!((s.index, s.band), (None, None));

    set(&mut a, &TRUST, &["3", "3"]);
    let s = score(&a);
    assert!(close(s.index.unwrap(), 25.0 / 3.0));
    assert_eq!(s.band, Some(Band::High));

    set(&mut a, &["reintegration_view"], &["5"]);
    assert_eq!(score(&a).index, Some(25.0 / 4.0));

    // A refusal or an ineligible interview asks none of the items.
    let s = score(&answers(&[("consent", "no")]));
    assert_eq!((s.index, s.band), (None, None));
}

#[test]
fn bands_split_at_exactly_4_and_7() {
    assert_eq!(Band::of(0.0), Band::Low);
    assert_eq!(Band::of(3.999_999), Band::Low);
    assert_eq!(Band::of(4.0), Band::Medium);
    assert_eq!(Band::of(6.999_999), Band::Medium);
    assert_eq!(Band::of(7.0), Band::High);
    assert_eq!(Band::of(10.0), Band::High);

    // A single five-item sub-score lands on 4 and 7 exactly.
    let config = IndexConfig::new(IndexConfigSpec {
        subscales: vec![SubscaleSpec {
            id: "five".into(),
            weight: 1.0,
            items: (1..=5)
                .map(|i| ItemSpec {
                    name: format!("q{i}"),
                    reversed: false,
                })
                .collect(),
        }],
        min_subscores: 1,
        min_answered_percent: 75,
    })
    .unwrap();
    let q = ["q1", "q2", "q3", "q4", "q5"];
    let mut a = Answers::new();
    // 10 + 10 + 10 + 2.5 + 2.5 = 35, / 5 = 7
    set(&mut a, &q, &["5", "5", "5", "2", "2"]);
    let s = score_submission(&a, &config).unwrap();
    assert_eq!((s.index, s.band), (Some(7.0), Some(Band::High)));
    // 10 + 5 + 2.5 + 2.5 + 0 = 20, / 5 = 4
    set(&mut a, &q, &["5", "3", "2", "2", "1"]);
    let s = score_submission(&a, &config).unwrap();
    assert_eq!((s.index, s.band), (Some(4.0), Some(Band::Medium)));
}

#[test]
fn an_index_of_4_on_paper_is_4_not_3_999() {
    // 0.3·0 + 0.3·(27.5/3) + 0.2·1.25 + 0.2·5 = 4 exactly, which plain f64 arithmetic gives as
    // 3.9999999999999996, a "low" that every display would print as 4.0.
    let config = IndexConfig::default()
        .with_weights(&[
            ("social_distance", 0.3),
            ("threat", 0.3),
            ("trust", 0.2),
            ("reintegration", 0.2),
        ])
        .unwrap();
    let mut a = Answers::new();
    set(&mut a, &SD, &["1"; 7]);
    set(&mut a, &THREAT, &["1", "1", "2", "dk"]);
    set(&mut a, &TRUST, &["1", "2"]);
    set(&mut a, &["reintegration_view"], &["3"]);
    let s = score_submission(&a, &config).unwrap();
    assert_eq!((s.index, s.band), (Some(4.0), Some(Band::Medium)));
}

#[test]
fn weights_tilt_the_index() {
    let a = worked_example();
    let config = IndexConfig::default()
        .with_weights(&[("threat", 2.0)])
        .unwrap();
    let s = score_submission(&a, &config).unwrap();
    // Trust is missing, so the weights in play are 1, 2 and 1.
    let expected = (60.0 / 7.0 + 2.0 * 8.75 + 7.5) / 4.0;
    assert!(close(s.index.unwrap(), expected));
    // Only relative weights matter.
    let doubled = IndexConfig::default()
        .with_weights(&[
            ("social_distance", 2.0),
            ("threat", 4.0),
            ("trust", 2.0),
            ("reintegration", 2.0),
        ])
        .unwrap();
    assert!(close(
        score_submission(&a, &doubled).unwrap().index.unwrap(),
        expected
    ));

    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let err = IndexConfig::default()
            .with_weights(&[("trust", bad)])
            .unwrap_err();
        assert_eq!(err.code(), "invalid_scoring_config");
    }
    assert!(
        IndexConfig::default()
            .with_weights(&[("nope", 1.0)])
            .is_err()
    );
}

#[test]
fn the_default_configuration_is_the_built_in_table() {
    let config = IndexConfig::default();
    let ids: Vec<&str> = config.subscales().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["social_distance", "threat", "trust", "reintegration"]);
    assert_eq!(config.min_subscores(), 3);
    assert_eq!(config.min_answered_percent(), 75);
    let reversed: Vec<&str> = config
        .subscales()
        .iter()
        .flat_map(|s| &s.items)
        .filter(|i| i.reversed)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(
        reversed,
        [
            "threat_security",
            "threat_extremism",
            "threat_jobs",
            "threat_property",
            "reintegration_view"
        ]
    );
}

#[test]
fn configurations_are_checked_also_when_deserialized() {
    let config = IndexConfig::default();
    let json = serde_json::to_value(&config).unwrap();
    assert_eq!(json["min_subscores"], 3);
    let back: IndexConfig = serde_json::from_value(json).unwrap();
    assert_eq!(back, config);

    let minimal: IndexConfig = serde_json::from_value(json!({
        "subscales": [{"id": "a", "items": [{"name": "x"}, {"name": "y", "reversed": true}]}],
        "min_subscores": 1
    }))
    .unwrap();
    assert_eq!(minimal.subscales()[0].weight, 1.0);
    assert_eq!(minimal.min_answered_percent(), 75);

    for bad in [
        json!({"subscales": [], "min_subscores": 1}),
        json!({"subscales": [{"id": "a", "items": []}], "min_subscores": 1}),
        json!({"subscales": [{"id": "a", "items": [{"name": "x"}]}], "min_subscores": 0}),
        json!({"subscales": [{"id": "a", "items": [{"name": "x"}]}], "min_subscores": 2}),
        json!({"subscales": [{"id": "a", "weight": 0.0, "items": [{"name": "x"}]}],
               "min_subscores": 1}),
        json!({"subscales": [{"id": "a", "items": [{"name": "x"}]}], "min_subscores": 1,
               "min_answered_percent": 0}),
        json!({"subscales": [{"id": "a", "items": [{"name": "x"}]},
                             {"id": "a", "items": [{"name": "y"}]}], "min_subscores": 1}),
        json!({"subscales": [{"id": "a", "items": [{"name": "x"}]},
                             {"id": "b", "items": [{"name": "x"}]}], "min_subscores": 1}),
    ] {
        assert!(
            serde_json::from_value::<IndexConfig>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn group_statistics_match_a_hand_computation() {
    // mean = 40 / 8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sd = √(32/7) = 2.138090;
    // half-width = t(0.975, 7) · sd / √8 = 2.3646243 · √(4/7) = 1.787488.
    let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    let stat = summarize(&values, 2);
    let s = stat.summary().unwrap();
    assert_eq!(s.n, 8);
    assert!(close(s.mean, 5.0));
    assert!(close(s.sd, (32.0_f64 / 7.0).sqrt()));
    assert!((s.ci95.low - 3.212_512).abs() < 1e-6);
    assert!((s.ci95.high - 6.787_488).abs() < 1e-6);

    // The default threshold hides the same values.
    assert_eq!(
        summarize(&values, MIN_GROUP_SIZE),
        GroupStat::Suppressed { n: 8 }
    );
    // No threshold can make one value into a standard deviation.
    assert_eq!(summarize(&[5.0], 0), GroupStat::Suppressed { n: 1 });
}

#[test]
fn groups_under_30_are_suppressed_and_carry_no_mean() {
    let values: Vec<f64> = (0..30).map(|i| f64::from(i % 11)).collect();
    let stat = summarize(&values[..29], MIN_GROUP_SIZE);
    assert_eq!(stat, GroupStat::Suppressed { n: 29 });
    assert!(stat.is_suppressed() && stat.summary().is_none());
    assert_eq!(
        serde_json::to_value(stat).unwrap(),
        json!({"status": "suppressed", "n": 29})
    );

    let stat = summarize(&values, MIN_GROUP_SIZE);
    let s = *stat.summary().unwrap();
    assert_eq!(stat.n(), 30);
    // 30 values, df 29: t = 2.0452296.
    let half = 2.045_229_6 * s.sd / 30.0_f64.sqrt();
    assert!(close(s.ci95.high - s.mean, half));
    let json = serde_json::to_value(stat).unwrap();
    assert_eq!(json["status"], "reported");
    assert_eq!(json["n"], 30);
    assert!(json["mean"].is_f64() && json["ci95"]["low"].is_f64());
    assert_eq!(serde_json::from_value::<GroupStat>(json).unwrap(), stat);
}

#[test]
fn t_critical_values() {
    assert!((t_critical_95(1) - 12.706).abs() < 1e-3);
    assert!((t_critical_95(7) - 2.365).abs() < 1e-3);
    assert!((t_critical_95(29) - 2.045).abs() < 1e-3);
    // Table and expansion meet without a jump, and the values fall towards the normal 1.96.
    let (t30, t31) = (t_critical_95(30), t_critical_95(31));
    assert!(t31 < t30 && t30 - t31 < 3e-3);
    assert!((t31 - 2.039_513).abs() < 1e-6);
    assert!((t_critical_95(40) - 2.021_075).abs() < 1e-6);
    assert!((t_critical_95(100) - 1.983_972).abs() < 1e-6);
    assert!((t_critical_95(1_000_000) - 1.959_966).abs() < 1e-6);
    assert!(t_critical_95(0).is_infinite());
    for df in 1..200 {
        assert!(t_critical_95(df + 1) < t_critical_95(df), "df {df}");
    }
}

/// Three items, five respondents:
///
/// ```text
///          i1 i2 i3 | total
///   r1      1  2  1 |   4
///   r2      2  2  3 |   7
///   r3      3  4  3 |  10
///   r4      4  4  5 |  13
///   r5      5  3  4 |  12
/// ```
///
/// Sample variances: i1 mean 3, squares 4+1+0+1+4 = 10, var 2.5; i2 mean 3, 1+1+1+1+0 = 4,
/// var 1; i3 mean 3.2, 4.84+0.04+0.04+3.24+0.64 = 8.8, var 2.2; total mean 9.2,
/// 27.04+4.84+0.64+14.44+7.84 = 54.8, var 13.7. Alpha = 3/2 · (1 - 5.7/13.7) = 12/13.7 = 120/137
/// = 0.875912.
const ALPHA_EXAMPLE: [[u8; 3]; 5] = [[1, 2, 1], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 3, 4]];

#[test]
fn cronbach_alpha_matches_a_hand_computation() {
    let rows: Vec<Vec<f64>> = ALPHA_EXAMPLE
        .iter()
        .map(|r| r.iter().map(|&x| f64::from(x)).collect())
        .collect();
    let alpha = cronbach_alpha(&rows).unwrap();
    assert!(close(alpha, 120.0 / 137.0));
    // Rescaling every item alike (as 1-5 to 0-10 does) leaves alpha alone.
    let rescaled: Vec<Vec<f64>> = ALPHA_EXAMPLE
        .iter()
        .map(|r| r.iter().map(|&x| rescale(x, false)).collect())
        .collect();
    assert!(close(cronbach_alpha(&rescaled).unwrap(), alpha));

    assert_eq!(cronbach_alpha(&[vec![1.0], vec![2.0]]), None, "one item");
    assert_eq!(cronbach_alpha(&[vec![1.0, 2.0]]), None, "one case");
    assert_eq!(cronbach_alpha::<Vec<f64>>(&[]), None, "no cases");
    assert_eq!(
        cronbach_alpha(&[vec![3.0, 3.0], vec![3.0, 3.0]]),
        None,
        "no variation"
    );
    assert_eq!(
        cronbach_alpha(&[vec![1.0, 5.0], vec![5.0, 1.0]]),
        None,
        "totals constant"
    );
    assert_eq!(cronbach_alpha(&[vec![1.0, 2.0], vec![1.0]]), None, "ragged");
    // Items that disagree give a negative alpha, reported as such.
    assert!(
        cronbach_alpha(&[
            vec![1.0, 5.0, 3.0],
            vec![5.0, 1.0, 4.0],
            vec![3.0, 3.0, 2.0]
        ])
        .unwrap()
            < 0.0
    );
}

#[test]
fn alphas_over_submissions_use_complete_cases() {
    // The hand example as answers to the threat items (reversing all of them changes nothing),
    // six times over to pass the 30-case threshold; repeating cases leaves alpha as it was.
    let mut subs = Vec::new();
    for _ in 0..6 {
        for row in ALPHA_EXAMPLE {
            let mut a = Answers::new();
            let v = row.map(|x| x.to_string());
            set(&mut a, &THREAT, &[&v[0], &v[1], &v[2], "3"]);
            set(&mut a, &TRUST, &["4", "dk"]);
            set(&mut a, &["reintegration_view"], &["2"]);
            subs.push(a);
        }
    }
    // Not a complete case for threat; still one for nothing else that matters here.
    let mut partial = subs[0].clone();
    partial.insert("threat_property".into(), json!("dk"));
    subs.push(partial);

    let config = IndexConfig::default();
    let scores: Vec<SubmissionScore> = subs
        .iter()
        .map(|a| score_submission(a, &config).unwrap())
        .collect();
    let refs: Vec<&SubmissionScore> = scores.iter().collect();
    let alphas = subscale_alphas(&refs, &config, &AggregateRules::default());
    let by_id = |id: &str| alphas.iter().find(|a| a.id == id).unwrap();

    // The fourth threat item is constant, so it adds nothing to any covariance but still counts
    // in k: 4/3 · (1 - 5.7/13.7).
    let threat = by_id("threat");
    assert_eq!((threat.items, threat.cases), (4, 30));
    assert!(close(threat.alpha.unwrap(), 4.0 / 3.0 * (1.0 - 5.7 / 13.7)));
    // Nobody answered social distance; trust is never complete; reintegration has one item.
    assert_eq!(
        (
            by_id("social_distance").cases,
            by_id("social_distance").alpha
        ),
        (0, None)
    );
    assert_eq!((by_id("trust").cases, by_id("trust").alpha), (0, None));
    assert_eq!(
        (by_id("reintegration").cases, by_id("reintegration").alpha),
        (31, None)
    );

    // 29 complete cases are too few by default.
    let alphas = subscale_alphas(&refs[..29], &config, &AggregateRules::default());
    assert_eq!(alphas[1].cases, 29);
    assert_eq!(alphas[1].alpha, None);
}

#[test]
fn age_bands() {
    let band = |age| AgeBand::of_age(age).map(AgeBand::as_str);
    assert_eq!(band(17), None);
    assert_eq!(band(18), Some("18-29"));
    assert_eq!(band(29), Some("18-29"));
    assert_eq!(band(30), Some("30-44"));
    assert_eq!(band(44), Some("30-44"));
    assert_eq!(band(45), Some("45-59"));
    assert_eq!(band(59), Some("45-59"));
    assert_eq!(band(60), Some("60+"));
    assert_eq!(band(120), Some("60+"));

    let with_age = |v: Value| {
        let mut a = Answers::new();
        a.insert("age".into(), v);
        AgeBand::of_answers(&a)
    };
    assert_eq!(with_age(json!(41)), Some(AgeBand::From30To44));
    assert_eq!(with_age(json!(41.0)), Some(AgeBand::From30To44));
    assert_eq!(with_age(json!(41.5)), None);
    assert_eq!(with_age(json!("41")), None);
    assert_eq!(with_age(json!(-3)), None);
    assert_eq!(AgeBand::of_answers(&Answers::new()), None);
    assert_eq!(serde_json::to_value(AgeBand::From60).unwrap(), json!("60+"));
    for b in AgeBand::ALL {
        assert_eq!(serde_json::to_value(b).unwrap(), json!(b.as_str()));
    }
}

#[test]
fn group_keys_read_the_form_questions() {
    let mut a = answers(&[
        ("governorate", "ninewa"),
        ("district", "mosul"),
        ("sex", "female"),
        ("status", "returnee"),
    ]);
    a.insert("age".into(), json!(52));
    assert_eq!(GroupBy::Governorate.key(&a).as_deref(), Some("ninewa"));
    assert_eq!(GroupBy::District.key(&a).as_deref(), Some("mosul"));
    assert_eq!(GroupBy::Sex.key(&a).as_deref(), Some("female"));
    assert_eq!(GroupBy::Status.key(&a).as_deref(), Some("returnee"));
    assert_eq!(GroupBy::AgeBand.key(&a).as_deref(), Some("45-59"));
    assert_eq!(GroupBy::District.key(&Answers::new()), None);
    assert_eq!(
        serde_json::from_value::<GroupBy>(json!("age_band")).unwrap(),
        GroupBy::AgeBand
    );
}

#[test]
fn aggregate_groups_suppresses_and_counts() {
    let config = IndexConfig::default();
    let mut subs = Vec::new();
    // Ramadi: 30 interviews, half the worked example (60/7 + 8.75 + 7.5) / 3, half all-"3"
    // answers (every sub-score 5, index 5).
    for i in 0..30 {
        let mut a = if i % 2 == 0 {
            worked_example()
        } else {
            let mut a = Answers::new();
            set(&mut a, &SD, &["3"; 7]);
            set(&mut a, &THREAT, &["3"; 4]);
            set(&mut a, &TRUST, &["3"; 2]);
            set(&mut a, &["reintegration_view"], &["3"]);
            a
        };
        a.insert("district".into(), json!("ramadi"));
        subs.push(a);
    }
    // Mosul: 29, one short.
    for _ in 0..29 {
        let mut a = worked_example();
        a.insert("district".into(), json!("mosul"));
        subs.push(a);
    }
    // No district: only in the overall figures.
    subs.push(worked_example());
    // Not a scale answer: left out of everything.
    let mut bad = worked_example();
    bad.insert("sd_shop".into(), json!("often"));
    bad.insert("district".into(), json!("ramadi"));
    subs.push(bad);

    let report = aggregate(
        &subs,
        |a| GroupBy::District.key(a),
        &config,
        &AggregateRules::default(),
    );
    assert_eq!((report.unkeyed, report.invalid), (1, 1));
    let keys: Vec<&str> = report.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["mosul", "ramadi"]);

    let mosul = &report.groups[0];
    assert_eq!(mosul.respondents, 29);
    assert_eq!(mosul.index, GroupStat::Suppressed { n: 29 });
    assert!(mosul.subscores.iter().all(|s| s.stat.is_suppressed()));

    let ramadi = &report.groups[1];
    assert_eq!(ramadi.respondents, 30);
    let example = (60.0 / 7.0 + 8.75 + 7.5) / 3.0;
    let s = ramadi.index.summary().unwrap();
    assert_eq!(s.n, 30);
    assert!((s.mean - f64::midpoint(example, 5.0)).abs() < 1e-8);
    // Two values, 15 each: every deviation is half the gap, so sd = gap/2 · √(30/29).
    let gap = example - 5.0;
    assert!((s.sd - gap / 2.0 * (30.0_f64 / 29.0).sqrt()).abs() < 1e-8);
    // Trust exists only in the 15 all-"3" interviews.
    let trust = &ramadi.subscores[2];
    assert_eq!(
        (trust.id.as_str(), trust.stat),
        ("trust", GroupStat::Suppressed { n: 15 })
    );
    assert_eq!(ramadi.subscores[0].stat.n(), 30);

    assert_eq!(report.overall.key, "all");
    assert_eq!(report.overall.respondents, 60);
    assert_eq!(report.overall.index.n(), 60);
    assert_eq!(report.alphas.len(), 4);

    // The whole report is JSON for the dashboard.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["groups"][0]["index"],
        json!({"status": "suppressed", "n": 29})
    );
    assert!(json["groups"][0]["index"].get("mean").is_none());
}

fn scale_answer() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        None,
        Some("1"),
        Some("2"),
        Some("3"),
        Some("4"),
        Some("5"),
        Some("dk"),
        Some("refused"),
    ])
}

proptest! {
    #[test]
    fn index_stays_in_range_and_band_agrees(
        picks in prop::collection::vec(scale_answer(), 14),
        weights in prop::collection::vec(0.01f64..100.0, 4),
    ) {
        let names = SD.iter().chain(&THREAT).chain(&TRUST).chain(&["reintegration_view"]);
        let mut a = Answers::new();
        for (name, pick) in names.zip(&picks) {
            if let Some(v) = pick {
                a.insert((*name).to_owned(), json!(v));
            }
        }
        let config = IndexConfig::default()
            .with_weights(&[
                ("social_distance", weights[0]),
                ("threat", weights[1]),
                ("trust", weights[2]),
                ("reintegration", weights[3]),
            ])
            .unwrap();
        let s = score_submission(&a, &config).unwrap();
        for sub in &s.subscores {
            if let Some(v) = sub.value {
                prop_assert!((0.0..=10.0).contains(&v));
            }
        }
        let available = s.subscores.iter().filter(|x| x.value.is_some()).count();
        prop_assert_eq!(s.index.is_some(), available >= 3);
        match (s.index, s.band) {
            (Some(i), Some(b)) => {
                prop_assert!((0.0..=10.0).contains(&i));
                prop_assert_eq!(b, Band::of(i));
                let expected = if i < 4.0 {
                    Band::Low
                } else if i < 7.0 {
                    Band::Medium
                } else {
                    Band::High
                };
                prop_assert_eq!(b, expected);
            }
            (None, None) => {}
            other => prop_assert!(false, "index and band disagree: {:?}", other),
        }
    }
}

#[test]
fn a_score_table_row_holds_what_compact_score_computes() {
    let config = IndexConfig::default();
    let total: usize = config.subscales().iter().map(|s| s.items.len()).sum();
    // Answers 1-5 and gaps in varied patterns, plus a short list whose rest is missing.
    let mut scales: Vec<Vec<Option<u8>>> = (0..60_usize)
        .map(|seed| {
            (0..total)
                .map(|i| {
                    let x = (seed * 7 + i * 3 + seed / 5) % 7;
                    (x < 5).then(|| u8::try_from(x).unwrap() + 1)
                })
                .collect()
        })
        .collect();
    scales.push(vec![Some(4); 3]);
    scales.push(Vec::new());
    let mut table = ScoreTable::new(&config);
    for scale in &scales {
        table.push(scale, &config);
    }
    assert_eq!(table.len(), scales.len());
    for (row, scale) in table.rows().zip(&scales) {
        let compact = compact_score(scale, &config);
        assert_eq!(row.index(), compact.index());
        for i in 0..=config.subscales().len() {
            assert_eq!(row.subscore_value(i), compact.subscore_value(i));
            assert_eq!(row.complete_items(i), compact.complete_items(i));
        }
    }
}
