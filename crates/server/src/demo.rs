//! Synthetic, valid submissions of the built-in form, for tests, benchmarks and demos.

use qabul_core::answer::Answers;
use qabul_core::interview::Paradata;
use qabul_core::lang::Lang;
use qabul_core::protocol::{Submission, uuid_v7};
use rand::Rng as _;

/// A complete, consenting interview of the community acceptance survey that validates, with
/// a fresh random id. `variant` varies the answers (age, views) so that rows differ.
pub fn submission(device_seq: u64, variant: u64) -> Submission {
    let mut rng = rand::thread_rng();
    let mut random = [0_u8; 10];
    rng.fill(&mut random);
    let age = 31 + variant % 50;
    let scale = |offset: u64| ((variant + offset) % 5 + 1).to_string();
    let mut answers = serde_json::json!({
        "governorate": "anbar", "district": "ramadi", "interview_language": "ar",
        "consent": "yes", "age": age, "sex": if variant.is_multiple_of(2) { "female" } else { "male" },
        "status": "host", "years_in_area": age - 10, "aware_returns": "yes", "reception": scale(0),
        "reintegration_view": "4", "change_view": ["screening", "peace_agreement"],
        "women_children": "dk", "hlp_disputes": "yes", "hlp_kind": ["documents"],
        "services": "2", "aid_fairness": "dk", "campaign_heard": "yes",
        "campaign_effect": "more_accepting", "comment": "The market reopened last spring.",
        "others_present": "no"
    });
    let mut paradata = Paradata::default();
    for (i, name) in [
        "sd_neighbour",
        "sd_coworker",
        "sd_school",
        "sd_shop",
        "sd_social_events",
        "sd_meetings",
        "sd_marriage",
        "threat_security",
        "threat_extremism",
        "threat_jobs",
        "threat_property",
        "trust_screening",
        "trust_committees",
    ]
    .into_iter()
    .enumerate()
    {
        answers[name] = scale(i as u64).into();
        paradata
            .question_ms
            .insert(name.to_owned(), 4_000 + i as u64 * 130);
    }
    let answers: Answers = serde_json::from_value(answers).expect("demo answers have wire shapes");
    Submission {
        id: uuid_v7(1_795_000_000_000 + variant, random),
        form_id: "community_acceptance".into(),
        form_version: "1".into(),
        device_seq,
        started_at: "2026-11-22T08:00:00Z".into(),
        finalized_at: "2026-11-22T08:14:10Z".into(),
        language: Lang::Ar,
        answers: Some(answers),
        paradata: Some(paradata),
        sealed: None,
    }
}

#[cfg(test)]
mod tests {
    use qabul_core::{Date, EvalContext};

    #[test]
    fn demo_submissions_validate() {
        let form = qabul_core::builtin::community_acceptance();
        let context = EvalContext {
            today: Date::from_ymd(2026, 11, 22).unwrap(),
        };
        for variant in 0..60 {
            let submission = super::submission(variant + 1, variant);
            assert!(submission.check().is_ok());
            let answers = submission.answers.as_ref().unwrap();
            assert_eq!(
                qabul_core::validate_submission(&form, answers, &context),
                Ok(qabul_core::Outcome::Completed),
                "variant {variant}"
            );
        }
    }
}
