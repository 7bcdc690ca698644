//! Synthetic interviews of the built-in form: valid, varied, and the same for the same seed.
//!
//! The demo database, the benchmarks and the tests that need hundreds of interviews all take
//! them from here, so that "valid" means one thing everywhere: what the core validation says.
//! No real respondent is behind any of them.

use crate::answer::{AnswerValue, Answers};
use crate::interview::{Outcome, Paradata};
use crate::lang::Lang;
use crate::protocol::{Submission, Timestamp, uuid_v7};

/// Districts of the built-in form with the governorate each belongs to, weighted toward the
/// places most returns go to.
const DISTRICTS: &[(&str, &str)] = &[
    ("anbar", "ramadi"),
    ("anbar", "falluja"),
    ("anbar", "hit"),
    ("anbar", "al_qaim"),
    ("ninewa", "mosul"),
    ("ninewa", "mosul"),
    ("ninewa", "tel_afar"),
    ("ninewa", "sinjar"),
    ("ninewa", "al_hamdaniya"),
    ("salah_al_din", "tikrit"),
    ("salah_al_din", "samarra"),
    ("salah_al_din", "baiji"),
    ("diyala", "baquba"),
    ("diyala", "al_muqdadiya"),
    ("kirkuk", "hawija"),
    ("kirkuk", "daquq"),
];

const COMMENTS: &[&str] = &[
    "The market reopened last spring.",
    "عادت عائلتان إلى شارعنا هذا الشهر.",
    "خەڵک هێشتا دوودڵن.",
    "People want the committees to explain their decisions.",
    "",
];

/// A small, fast pseudo-random generator (SplitMix64): enough for varied test data, and the
/// same everywhere, natively and in the browser.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A whole number in `low..high` (`low` < `high`).
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        let width = u64::try_from(high - low).unwrap_or(1).max(1);
        low + i64::try_from(self.below(width)).unwrap_or(0)
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[i]
    }

    pub fn one_of(&mut self, codes: &[&'static str]) -> &'static str {
        self.pick::<&'static str>(codes)
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0_u8; N];
        for chunk in out.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        out
    }
}

/// One synthetic interview: its answers, the time spent on each question, how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Interviewed {
    pub answers: Answers,
    pub paradata: Paradata,
    pub outcome: Outcome,
    pub language: Lang,
    /// How long it took, from the first screen to finalizing.
    pub duration_ms: u64,
}

fn text(code: &str) -> AnswerValue {
    AnswerValue::Text(code.to_owned())
}

/// A Likert answer around `lean` (1..=5), now and then "don't know" or "refused" where the
/// scale offers them.
fn likert(rng: &mut Rng, lean: i64, dk: bool, refused: bool) -> AnswerValue {
    if dk && rng.chance(4) {
        return text("dk");
    }
    if refused && rng.chance(2) {
        return text("refused");
    }
    let spread = i64::try_from(rng.below(3)).unwrap_or(0) - 1;
    text(&(lean + spread).clamp(1, 5).to_string())
}

/// Draws one interview. About 6% of respondents refuse and 2% are under 18; the rest answer
/// every question the skip logic shows, with views that lean the same way within one person,
/// as real answers do.
pub fn interview(rng: &mut Rng) -> Interviewed {
    let mut answers = Answers::new();
    let mut paradata = Paradata::default();
    let mut put = |name: &str, value: AnswerValue, rng: &mut Rng| {
        answers.insert(name.to_owned(), value);
        paradata
            .question_ms
            .insert(name.to_owned(), 2_500 + rng.below(9_000));
    };
    let (governorate, district) = *rng.pick(DISTRICTS);
    let language = if rng.chance(20) { Lang::Ckb } else { Lang::Ar };
    put("governorate", text(governorate), rng);
    put("district", text(district), rng);
    put("interview_language", text(language.code()), rng);
    if rng.chance(6) {
        put("consent", text("no"), rng);
        return finish(answers, paradata, Outcome::Refused, language, rng);
    }
    put("consent", text("yes"), rng);
    if rng.chance(2) {
        put("age", AnswerValue::Integer(rng.between(16, 18)), rng);
        return finish(answers, paradata, Outcome::Ineligible, language, rng);
    }
    let age = rng.between(18, 78);
    put("age", AnswerValue::Integer(age), rng);
    put(
        "sex",
        text(rng.one_of(&["female", "male", "female", "male", "refused"])),
        rng,
    );
    let status = rng.one_of(&["host", "host", "host", "returnee", "idp"]);
    put("status", text(status), rng);
    put(
        "years_in_area",
        AnswerValue::Integer(rng.between(0, age + 1)),
        rng,
    );
    // One person's leaning, 1 (hostile) to 5 (welcoming); returnees lean welcoming.
    let lean = rng.between(1, 6) + i64::from(status == "returnee");
    let aware = rng.one_of(&["yes", "yes", "yes", "no", "dk"]);
    put("aware_returns", text(aware), rng);
    if aware == "yes" {
        put("reception", likert(rng, lean, false, false), rng);
    }
    for name in [
        "sd_neighbour",
        "sd_coworker",
        "sd_school",
        "sd_shop",
        "sd_social_events",
        "sd_meetings",
        "sd_marriage",
    ] {
        let value = likert(rng, lean, true, true);
        put(name, value, rng);
    }
    for name in [
        "threat_security",
        "threat_extremism",
        "threat_jobs",
        "threat_property",
    ] {
        let value = likert(rng, 6 - lean, true, true);
        put(name, value, rng);
    }
    for name in ["trust_screening", "trust_committees"] {
        let value = likert(rng, lean, true, true);
        put(name, value, rng);
    }
    let view = likert(rng, lean, true, true);
    let view_high = matches!(&view, AnswerValue::Text(v) if v.as_str() >= "4" && v.as_str() <= "5");
    put("reintegration_view", view, rng);
    if view_high {
        let options = [
            "screening",
            "peace_agreement",
            "rehabilitation",
            "compensation",
            "other",
        ];
        let mut chosen: Vec<String> = options
            .iter()
            .filter(|_| rng.chance(40))
            .map(|c| (*c).to_owned())
            .collect();
        if chosen.is_empty() {
            chosen.push("nothing".to_owned());
        }
        put("change_view", AnswerValue::Choices(chosen), rng);
    }
    put(
        "women_children",
        text(rng.one_of(&["yes", "no", "dk", "refused"])),
        rng,
    );
    let disputes = rng.one_of(&["yes", "no", "no", "dk"]);
    put("hlp_disputes", text(disputes), rng);
    if disputes == "yes" {
        let kind = rng.one_of(&[
            "occupation",
            "destroyed",
            "documents",
            "sale_under_pressure",
        ]);
        put("hlp_kind", AnswerValue::Choices(vec![kind.to_owned()]), rng);
    }
    let services = likert(rng, 3, true, false);
    put("services", services, rng);
    let fairness = likert(rng, 3, true, false);
    put("aid_fairness", fairness, rng);
    let heard = rng.one_of(&["yes", "no"]);
    put("campaign_heard", text(heard), rng);
    if heard == "yes" {
        let effect = rng.one_of(&["more_accepting", "no_change", "less_accepting", "dk"]);
        put("campaign_effect", text(effect), rng);
    }
    let comment = *rng.pick(COMMENTS);
    if !comment.is_empty() {
        put("comment", text(comment), rng);
    }
    put(
        "others_present",
        text(rng.one_of(&["no", "no", "no", "yes"])),
        rng,
    );
    finish(answers, paradata, Outcome::Completed, language, rng)
}

fn finish(
    answers: Answers,
    paradata: Paradata,
    outcome: Outcome,
    language: Lang,
    rng: &mut Rng,
) -> Interviewed {
    let duration_ms = paradata.question_ms.values().sum::<u64>() + 20_000 + rng.below(60_000);
    Interviewed {
        answers,
        paradata,
        outcome,
        language,
        duration_ms,
    }
}

/// A whole submission of the wire format, finalized at `finalized_at_ms`.
pub fn submission(rng: &mut Rng, device_seq: u64, finalized_at_ms: i64) -> (Submission, Outcome) {
    let drawn = interview(rng);
    let started = finalized_at_ms - i64::try_from(drawn.duration_ms).unwrap_or(0);
    let submission = Submission {
        id: uuid_v7(u64::try_from(started).unwrap_or(0), rng.bytes()),
        form_id: crate::builtin::COMMUNITY_ACCEPTANCE_ID.to_owned(),
        form_version: crate::builtin::COMMUNITY_ACCEPTANCE_VERSION.to_owned(),
        device_seq,
        started_at: Timestamp::from_unix_ms(started).to_string(),
        finalized_at: Timestamp::from_unix_ms(finalized_at_ms).to_string(),
        language: drawn.language,
        answers: Some(drawn.answers),
        paradata: Some(drawn.paradata),
        sealed: None,
    };
    (submission, drawn.outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EvalContext;
    use crate::validate::validate_submission;

    #[test]
    fn every_synthetic_interview_validates_with_the_outcome_it_claims() {
        let form = crate::builtin::community_acceptance();
        assert_eq!(form.id(), crate::builtin::COMMUNITY_ACCEPTANCE_ID);
        assert_eq!(form.version(), crate::builtin::COMMUNITY_ACCEPTANCE_VERSION);
        let mut rng = Rng::new(7);
        let mut outcomes = std::collections::BTreeMap::new();
        for seq in 1..=2_000 {
            let (submission, outcome) = submission(&mut rng, seq, 1_795_000_000_000);
            let context = EvalContext {
                today: Timestamp::from_unix_ms(1_795_000_000_000).date(),
            };
            let answers = submission.answers.as_ref().unwrap();
            assert_eq!(
                validate_submission(&form, answers, &context),
                Ok(outcome),
                "{answers:?}"
            );
            assert!(submission.check().is_ok());
            *outcomes.entry(outcome.code()).or_insert(0) += 1;
        }
        // Mostly completed, some refusals and some under 18: each path of the form is taken.
        assert!(outcomes["completed"] > 1_700, "{outcomes:?}");
        assert!(outcomes["refused"] > 50, "{outcomes:?}");
        assert!(outcomes["ineligible"] > 10, "{outcomes:?}");
    }

    #[test]
    fn the_same_seed_draws_the_same_interviews() {
        let a: Vec<_> = (0..20).map(|_| interview(&mut Rng::new(3))).collect();
        let b: Vec<_> = (0..20).map(|_| interview(&mut Rng::new(3))).collect();
        assert_eq!(a, b);
        let mut rng = Rng::new(3);
        assert_ne!(interview(&mut rng), interview(&mut rng));
    }
}
