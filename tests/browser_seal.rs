//! Sealing in the browser, with the same core code as natively: the envelope made here is the
//! one the native test makes from the same inputs (`crates/core/tests/fixtures`), each opens
//! what the other sealed, and finalizing an interview of an encrypted form leaves only sealed
//! bytes in the outbox.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use qabul_core::answer::AnswerValue;
use qabul_core::date::Date;
use qabul_core::draft::Draft;
use qabul_core::expr::EvalContext;
use qabul_core::interview::{Interview, Outcome};
use qabul_core::lang::Lang;
use qabul_core::protocol::{EnrollResponse, Submission};
use qabul_core::seal::{self, PrivateKey};
use qabul_pwa::forms;
use qabul_pwa::storage::{self, device, drafts, outbox};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("../crates/core/tests/fixtures/sealed_submission.json");

#[derive(serde::Deserialize)]
struct Fixture {
    private_key: String,
    device_id: String,
    sealed: Submission,
}

#[wasm_bindgen_test]
fn the_browser_seals_exactly_as_natively_and_opens_what_was_sealed_natively() {
    let fixture: Fixture = serde_json::from_str(FIXTURE).unwrap();
    let key: PrivateKey = fixture.private_key.parse().unwrap();
    // The inputs of the native test: the same synthetic interview, the same one-time key.
    let plain = qabul_core::synthetic::submission(
        &mut qabul_core::synthetic::Rng::new(42),
        1,
        1_795_334_400_000,
    )
    .0;
    let mut sealed = plain.clone();
    seal::seal_submission(&mut sealed, &fixture.device_id, key.public_key(), [12; 32]).unwrap();
    assert_eq!(sealed, fixture.sealed, "the same bytes as sealed natively");

    let opened = seal::open_submission(&fixture.sealed, &fixture.device_id, &[key]).unwrap();
    assert_eq!(opened.answers, plain.answers);
    let wrong = PrivateKey::derive(&[1; 32]);
    assert!(matches!(
        seal::open_submission(&fixture.sealed, &fixture.device_id, &[wrong]),
        Err(seal::OpenError::MissingKey { .. })
    ));
}

/// A real (not practice) draft of `interview` whose closing comment is `comment`.
fn commented_draft(id: &str, interview: &Interview, comment: &str) -> Draft {
    let mut draft = Draft::start(
        id.into(),
        interview,
        false,
        "2026-11-22T08:00:00.000Z".into(),
        10,
    );
    draft
        .answers
        .insert("comment".into(), AnswerValue::Text(comment.into()));
    draft
}

async fn fresh(name: &str) -> Database {
    if let Ok(request) = Database::delete_by_name(name) {
        let _ = request.await;
    }
    storage::open_named(name).await.expect("database opens")
}

#[wasm_bindgen_test]
async fn finalizing_an_encrypted_form_leaves_only_sealed_bytes_in_the_outbox() {
    const CANARY: &str = "canary-in-the-outbox";
    let db = fresh("qabul-test-seal").await;
    device::enrol(
        &db,
        &EnrollResponse {
            token: "t".repeat(43),
            device_id: "device-7".to_owned(),
            enumerator: "Layla".to_owned(),
        }
        .into(),
        &[],
    )
    .await
    .unwrap();
    let context = EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    };
    let mut interview = Interview::new(forms::builtin(), Lang::Ar, context);
    interview
        .answer("consent", Some(AnswerValue::Text("no".into())), 10)
        .unwrap();
    let draft = commented_draft("sealed-1", &interview, CANARY);
    drafts::put(&db, &draft).await.unwrap();

    let key = PrivateKey::derive(&[3; 32]);
    let entry = outbox::finalize_draft(
        &db,
        "sealed-1",
        Outcome::Refused,
        "2026-11-22T08:05:00.000Z".into(),
        20,
        Some(outbox::SealTo {
            key: key.public_key().to_string(),
            ephemeral: qabul_pwa::clock::secure_random_bytes().unwrap(),
            sealer: qabul_pwa::sealer::load().await.unwrap(),
        }),
    )
    .await
    .unwrap();
    let stored = outbox::list(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
    let json = serde_json::to_string(&stored[0]).unwrap();
    assert!(!json.contains(CANARY), "no answer in the clear: {json}");
    assert!(stored[0].submission.answers.is_none() && stored[0].submission.paradata.is_none());
    assert_eq!(stored[0], entry);
    let opened = seal::open_submission(&stored[0].submission, "device-7", &[key]).unwrap();
    assert_eq!(
        opened.answers.unwrap().get("comment"),
        Some(&AnswerValue::Text(CANARY.into()))
    );
}

#[wasm_bindgen_test]
async fn drafts_of_an_encrypted_form_are_stored_under_the_pin_and_unreadable_when_locked() {
    use qabul_core::draft_lock::{KdfCost, SALT_LEN};
    use qabul_core::protocol::FormEntry;
    use qabul_pwa::storage::StorageError;

    let db = fresh("qabul-test-pin").await;
    // The built-in questions as version "2", sealed to a key: as `qabul form publish` makes it.
    let mut definition: serde_json::Value =
        serde_json::from_str(qabul_core::builtin::COMMUNITY_ACCEPTANCE_JSON).unwrap();
    definition["version"] = "2".into();
    let key = PrivateKey::derive(&[5; 32]);
    forms::remember(&[FormEntry {
        id: qabul_core::builtin::COMMUNITY_ACCEPTANCE_ID.to_owned(),
        version: "2".to_owned(),
        title: forms::builtin().title().clone(),
        definition,
        public_key: Some(key.public_key().to_string()),
    }])
    .await;
    let form = forms::find(qabul_core::builtin::COMMUNITY_ACCEPTANCE_ID, "2").unwrap();
    let context = EvalContext {
        today: Date::from_ymd(2026, 11, 22).unwrap(),
    };
    let interview = Interview::new(form, Lang::Ckb, context);
    let draft = commented_draft("locked-1", &interview, "canary-pin");

    qabul_pwa::lock::lock();
    assert_eq!(drafts::put(&db, &draft).await, Err(StorageError::Locked));
    let cheap = KdfCost {
        memory_kib: 64,
        passes: 1,
    };
    let sealer = qabul_pwa::sealer::load().await.unwrap();
    qabul_pwa::lock::unlock(
        sealer
            .derive_key(&"246813".parse().unwrap(), &[1; SALT_LEN], cheap)
            .unwrap(),
    );
    drafts::put(&db, &draft).await.unwrap();
    assert_eq!(
        drafts::get(&db, "locked-1").await.unwrap(),
        Some(draft.clone())
    );

    qabul_pwa::lock::lock();
    assert_eq!(
        drafts::get(&db, "locked-1").await,
        Err(StorageError::Locked)
    );
    let (readable, locked) = drafts::list(&db).await.unwrap();
    assert!(readable.is_empty());
    assert_eq!(locked, 1);
    // Another PIN's key does not open it.
    qabul_pwa::lock::unlock(
        sealer
            .derive_key(&"135702".parse().unwrap(), &[1; SALT_LEN], cheap)
            .unwrap(),
    );
    assert!(drafts::get(&db, "locked-1").await.is_err());
    qabul_pwa::lock::lock();
}

/// Regression: a keyed version whose key did not read was dropped, and new interviews ran the
/// older, plain version: unencrypted, without a word.
#[wasm_bindgen_test]
async fn an_unreadable_newest_version_stops_new_interviews_rather_than_run_an_older_plain_one() {
    use qabul_core::builtin::{COMMUNITY_ACCEPTANCE_ID, COMMUNITY_ACCEPTANCE_JSON};
    use qabul_core::protocol::FormEntry;

    let entry = |version: &str, public_key: Option<String>| {
        let mut definition: serde_json::Value =
            serde_json::from_str(COMMUNITY_ACCEPTANCE_JSON).unwrap();
        definition["version"] = version.into();
        FormEntry {
            id: COMMUNITY_ACCEPTANCE_ID.to_owned(),
            version: version.to_owned(),
            title: forms::builtin().title().clone(),
            definition,
            public_key,
        }
    };
    let key = PrivateKey::derive(&[6; 32]).public_key().to_string();
    forms::remember(&[
        entry("3", None),
        entry("4", Some("qabul-pk9:not-a-key-this-app-reads".to_owned())),
    ])
    .await;
    assert_eq!(
        forms::for_new_interview().err(),
        Some(forms::Unusable::Unreadable)
    );
    assert!(forms::find(COMMUNITY_ACCEPTANCE_ID, "4").is_none());
    assert!(forms::seal_to(COMMUNITY_ACCEPTANCE_ID, "4").await.is_err());

    forms::remember(&[entry("3", None), entry("4", Some(key.clone()))]).await;
    let form = forms::for_new_interview().unwrap();
    assert_eq!(form.version(), "4");
    assert_eq!(forms::public_key(COMMUNITY_ACCEPTANCE_ID, "4"), Some(key));
}
