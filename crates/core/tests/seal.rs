//! Sealed submissions: round trips, tampering, wrong and missing keys. The RFC 9180 test
//! vectors are in the module's own tests (`src/seal.rs`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use qabul_core::protocol::Submission;
use qabul_core::seal::{
    Envelope, KEY_LEN, KeyId, OpenError, PrivateKey, SealAad, SealError, SealInfo, SealedContent,
    open, open_raw, open_submission, open_with, seal, seal_raw, seal_submission,
};
use qabul_core::synthetic;

const DEVICE: &str = "0193a1b2-c3d4-7000-8000-00000000d001";

fn key(seed: u8) -> PrivateKey {
    PrivateKey::derive(&[seed; KEY_LEN])
}

fn info() -> SealInfo<'static> {
    SealInfo {
        form_id: "community_acceptance",
        form_version: "3",
    }
}

fn aad() -> SealAad<'static> {
    SealAad {
        submission_id: "0193a1b2-c3d4-7fff-bfff-ffffffffffff",
        device_id: DEVICE,
    }
}

fn plain_submission(seed: u64) -> Submission {
    let mut rng = synthetic::Rng::new(seed);
    synthetic::submission(&mut rng, 5, 1_795_000_000_000).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn whatever_is_sealed_opens_as_it_was(
        plaintext in proptest::collection::vec(any::<u8>(), 0..3000),
        form_id in ".{0,40}",
        form_version in ".{0,10}",
        submission_id in ".{0,40}",
        device_id in ".{0,40}",
        recipient in any::<[u8; KEY_LEN]>(),
        ephemeral in any::<[u8; KEY_LEN]>(),
    ) {
        let private = PrivateKey::derive(&recipient);
        let info = SealInfo { form_id: &form_id, form_version: &form_version };
        let aad = SealAad { submission_id: &submission_id, device_id: &device_id };
        let envelope = seal(private.public_key(), &info, &aad, &plaintext, ephemeral);
        prop_assert_eq!(envelope.kid, private.key_id());
        prop_assert_eq!(envelope.ct.len(), plaintext.len() + 16);
        let text = envelope.to_string();
        let read: Envelope = text.parse().unwrap();
        prop_assert_eq!(&read, &envelope);
        prop_assert_eq!(open(&private, &info, &aad, &read).unwrap(), plaintext);
    }

    #[test]
    fn opened_as_another_form_or_submission_it_is_damaged(
        plaintext in proptest::collection::vec(any::<u8>(), 0..200),
        form_id in "[a-z_]{1,20}",
        other_form_id in "[a-z_]{1,20}",
        device_id in "[a-z0-9-]{1,36}",
        other_device_id in "[a-z0-9-]{1,36}",
        ephemeral in any::<[u8; KEY_LEN]>(),
    ) {
        let private = key(1);
        let info = SealInfo { form_id: &form_id, form_version: "1" };
        let aad = SealAad { submission_id: "s", device_id: &device_id };
        let envelope = seal(private.public_key(), &info, &aad, &plaintext, ephemeral);
        if other_form_id != form_id {
            let other = SealInfo { form_id: &other_form_id, ..info };
            prop_assert_eq!(open(&private, &other, &aad, &envelope), Err(OpenError::Damaged));
        }
        if other_device_id != device_id {
            let other = SealAad { device_id: &other_device_id, ..aad };
            prop_assert_eq!(open(&private, &info, &other, &envelope), Err(OpenError::Damaged));
        }
    }

    #[test]
    fn sealed_submissions_open_back_to_the_plain_ones(seed in any::<u64>(), ephemeral in any::<[u8; KEY_LEN]>()) {
        let private = key(2);
        let plain = plain_submission(seed);
        let mut sealed = plain.clone();
        seal_submission(&mut sealed, DEVICE, private.public_key(), ephemeral).unwrap();
        prop_assert!(sealed.answers.is_none() && sealed.paradata.is_none());
        prop_assert!(sealed.check().is_ok());
        let opened = open_submission(&sealed, DEVICE, std::slice::from_ref(&private)).unwrap();
        prop_assert_eq!(opened, plain);
    }
}

/// Flips every bit of `bytes` in turn, and asserts `opens` fails on each.
fn every_flip_fails(bytes: &[u8], what: &str, opens: impl Fn(&[u8]) -> Result<Vec<u8>, OpenError>) {
    for i in 0..bytes.len() * 8 {
        let mut flipped = bytes.to_vec();
        flipped[i / 8] ^= 1 << (i % 8);
        assert!(
            opens(&flipped).is_err(),
            "{what}: bit {i} flipped and it opened"
        );
    }
}

#[test]
fn every_single_bit_flip_of_enc_ciphertext_aad_or_info_makes_opening_fail() {
    let private = key(3);
    let info = info().to_bytes();
    let aad = aad().to_bytes();
    let plaintext = br#"{"answers":{}}"#;
    let envelope = seal_raw(private.public_key(), &info, &aad, plaintext, [9; KEY_LEN]);
    assert_eq!(
        open_raw(&private, &info, &aad, &envelope).unwrap(),
        plaintext
    );

    every_flip_fails(&envelope.enc, "enc", |enc| {
        let envelope = Envelope {
            enc: enc.try_into().unwrap(),
            ..envelope.clone()
        };
        let result = open_raw(&private, &info, &aad, &envelope);
        assert_eq!(result, Err(OpenError::Damaged));
        result
    });
    every_flip_fails(&envelope.ct, "ct", |ct| {
        let envelope = Envelope {
            ct: ct.to_vec(),
            ..envelope.clone()
        };
        let result = open_raw(&private, &info, &aad, &envelope);
        assert_eq!(result, Err(OpenError::Damaged));
        result
    });
    every_flip_fails(&aad, "aad", |aad| {
        let result = open_raw(&private, &info, aad, &envelope);
        assert_eq!(result, Err(OpenError::Damaged));
        result
    });
    every_flip_fails(&info, "info", |info| {
        let result = open_raw(&private, info, &aad, &envelope);
        assert_eq!(result, Err(OpenError::Damaged));
        result
    });
    // And the envelope's own bytes, header included: a flipped version is another version, a
    // flipped key id another key.
    every_flip_fails(&envelope.to_bytes(), "envelope", |bytes| {
        let envelope = Envelope::from_bytes(bytes)?;
        open_raw(&private, &info, &aad, &envelope)
    });
    let mut bytes = envelope.to_bytes();
    bytes[0] ^= 1;
    assert_eq!(
        Envelope::from_bytes(&bytes),
        Err(OpenError::UnsupportedVersion(0))
    );
    let mut bytes = envelope.to_bytes();
    bytes[1] ^= 0x80;
    assert!(matches!(
        open_raw(
            &private,
            &info,
            &aad,
            &Envelope::from_bytes(&bytes).unwrap()
        ),
        Err(OpenError::WrongKey { .. })
    ));
}

#[test]
fn a_wrong_key_is_told_apart_from_damage() {
    let right = key(4);
    let wrong = key(5);
    let envelope = seal(
        right.public_key(),
        &info(),
        &aad(),
        b"answers",
        [6; KEY_LEN],
    );
    assert_eq!(
        open(&wrong, &info(), &aad(), &envelope),
        Err(OpenError::WrongKey {
            expected: right.key_id(),
            found: wrong.key_id(),
        })
    );
    let message = open(&wrong, &info(), &aad(), &envelope)
        .unwrap_err()
        .to_string();
    assert!(message.contains(&right.key_id().to_string()), "{message}");
    assert!(message.contains(&wrong.key_id().to_string()), "{message}");

    // The key id is a name, not a check: forged to name the wrong key, it still fails.
    let forged = Envelope {
        kid: wrong.key_id(),
        ..envelope.clone()
    };
    assert_eq!(
        open(&wrong, &info(), &aad(), &forged),
        Err(OpenError::Damaged)
    );
}

#[test]
fn opening_with_a_set_of_keys_picks_the_one_named_or_says_which_is_missing() {
    let first = key(7);
    let second = key(8);
    let envelope = seal(second.public_key(), &info(), &aad(), b"x", [1; KEY_LEN]);
    let keys = [first.clone(), second.clone()];
    assert_eq!(open_with(&keys, &info(), &aad(), &envelope).unwrap(), b"x");

    let missing = open_with(std::slice::from_ref(&first), &info(), &aad(), &envelope).unwrap_err();
    assert_eq!(
        missing,
        OpenError::MissingKey {
            needed: second.key_id(),
            loaded: vec![first.key_id()],
        }
    );
    assert_eq!(missing.code(), "missing_key");
    assert!(missing.to_string().contains(&second.key_id().to_string()));
    let none = open_with(&[], &info(), &aad(), &envelope).unwrap_err();
    assert!(none.to_string().contains("no key is loaded"), "{none}");
}

#[test]
fn a_sealed_submission_carries_only_the_envelope_on_the_wire() {
    let private = key(9);
    let plain = plain_submission(11);
    let plain_json = serde_json::to_string(&plain).unwrap();
    let mut sealed = plain.clone();
    seal_submission(&mut sealed, DEVICE, private.public_key(), [2; KEY_LEN]).unwrap();

    let wire: serde_json::Value = serde_json::to_value(&sealed).unwrap();
    assert!(wire.get("answers").is_none());
    assert!(wire.get("paradata").is_none());
    let text = wire["sealed"].as_str().unwrap();
    let envelope: Envelope = text.parse().unwrap();
    assert_eq!(envelope.kid, private.key_id());
    // Nothing of the answers shows through.
    let district = plain.answers.as_ref().unwrap()["district"].clone();
    let district = serde_json::to_string(&district).unwrap();
    assert!(plain_json.contains(&district));
    assert!(!text.contains(district.trim_matches('"')));

    // The same plaintext and ephemeral bytes give the same envelope; other bytes another.
    let mut again = plain.clone();
    seal_submission(&mut again, DEVICE, private.public_key(), [2; KEY_LEN]).unwrap();
    assert_eq!(again.sealed, sealed.sealed);
    let mut other = plain.clone();
    seal_submission(&mut other, DEVICE, private.public_key(), [3; KEY_LEN]).unwrap();
    assert_ne!(other.sealed, sealed.sealed);
}

#[test]
fn a_sealed_submission_opens_only_as_itself() {
    let private = key(10);
    let keys = std::slice::from_ref(&private);
    let plain = plain_submission(12);
    let mut sealed = plain.clone();
    seal_submission(&mut sealed, DEVICE, private.public_key(), [4; KEY_LEN]).unwrap();
    assert_eq!(open_submission(&sealed, DEVICE, keys).unwrap(), plain);

    let other_device = "0193a1b2-c3d4-7000-8000-00000000d002";
    assert_eq!(
        open_submission(&sealed, other_device, keys),
        Err(OpenError::Damaged)
    );
    let changed: [fn(&mut Submission); 3] = [
        |s| s.id = "0193a1b2-c3d4-7000-8000-000000000000".into(),
        |s| s.form_id = "other_form".into(),
        |s| s.form_version.push('1'),
    ];
    for change in changed {
        let mut moved = sealed.clone();
        change(&mut moved);
        assert_eq!(
            open_submission(&moved, DEVICE, keys),
            Err(OpenError::Damaged)
        );
    }
    // Routing fields outside the seal may be anything: they are the server's to check.
    let mut resequenced = sealed.clone();
    resequenced.device_seq += 1;
    assert!(open_submission(&resequenced, DEVICE, keys).is_ok());
}

#[test]
fn sealing_and_opening_submissions_say_what_is_wrong() {
    let private = key(11);
    let keys = std::slice::from_ref(&private);
    let plain = plain_submission(13);
    assert_eq!(
        open_submission(&plain, DEVICE, keys),
        Err(OpenError::NotSealed)
    );

    let mut sealed = plain.clone();
    seal_submission(&mut sealed, DEVICE, private.public_key(), [5; KEY_LEN]).unwrap();
    let before = sealed.clone();
    assert_eq!(
        seal_submission(&mut sealed, DEVICE, private.public_key(), [5; KEY_LEN]),
        Err(SealError::AlreadySealed)
    );
    assert_eq!(sealed, before);

    let mut empty = plain.clone();
    empty.answers = None;
    let before = empty.clone();
    assert_eq!(
        seal_submission(&mut empty, DEVICE, private.public_key(), [5; KEY_LEN]),
        Err(SealError::NoAnswers)
    );
    assert_eq!(empty, before);

    let mut garbled = sealed.clone();
    garbled.sealed = Some("c2VhbGVk".into());
    assert!(matches!(
        open_submission(&garbled, DEVICE, keys),
        Err(OpenError::UnsupportedVersion(_) | OpenError::Malformed(_))
    ));
    garbled.sealed = Some("%%%".into());
    assert_eq!(
        open_submission(&garbled, DEVICE, keys).map_err(|e| e.code()),
        Err("malformed")
    );

    // Sealed right, but what is inside is not a submission's content.
    let mut odd = sealed.clone();
    let envelope = seal(
        private.public_key(),
        &SealInfo::of(&odd),
        &SealAad {
            submission_id: &odd.id,
            device_id: DEVICE,
        },
        b"[1, 2, 3]",
        [6; KEY_LEN],
    );
    odd.sealed = Some(envelope.to_string());
    assert!(matches!(
        open_submission(&odd, DEVICE, keys),
        Err(OpenError::BadContent(_))
    ));

    assert_eq!(
        open_submission(&sealed, DEVICE, &[]),
        Err(OpenError::MissingKey {
            needed: private.key_id(),
            loaded: vec![],
        })
    );
}

#[test]
fn sealed_content_without_paradata_stays_without() {
    let private = key(12);
    let mut plain = plain_submission(14);
    plain.paradata = None;
    let mut sealed = plain.clone();
    seal_submission(&mut sealed, DEVICE, private.public_key(), [7; KEY_LEN]).unwrap();
    let opened = open_submission(&sealed, DEVICE, std::slice::from_ref(&private)).unwrap();
    assert_eq!(opened, plain);
    let content = SealedContent {
        answers: plain.answers.clone().unwrap(),
        paradata: None,
    };
    assert!(
        !serde_json::to_string(&content)
            .unwrap()
            .contains("paradata")
    );
}

#[test]
fn a_key_id_is_hex_of_the_public_key_digest() {
    let private = key(13);
    let id: KeyId = private.key_id().to_string().parse().unwrap();
    assert_eq!(id, private.key_id());
    assert_eq!(id.to_string().len(), 16);
    assert_eq!(KeyId::of(&private.public_key().to_bytes()), id);
}

/// The inputs of the shared fixture `tests/fixtures/sealed_submission.json`: sealing is
/// deterministic once the one-time key's bytes are given, so the browser (the app's
/// `tests/browser_seal.rs`) and this test must produce the very same envelope, and each opens
/// what the other sealed.
fn fixture_inputs() -> (
    qabul_core::protocol::Submission,
    qabul_core::seal::PrivateKey,
    &'static str,
    [u8; 32],
) {
    let submission = qabul_core::synthetic::submission(
        &mut qabul_core::synthetic::Rng::new(42),
        1,
        1_795_334_400_000,
    )
    .0;
    (
        submission,
        qabul_core::seal::PrivateKey::derive(&[11; 32]),
        "device-fixture",
        [12; 32],
    )
}

#[test]
fn the_shared_fixture_is_what_sealing_gives_natively() {
    let (plain, key, device_id, ikm) = fixture_inputs();
    let mut sealed = plain.clone();
    qabul_core::seal::seal_submission(&mut sealed, device_id, key.public_key(), ikm).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sealed_submission.json"
    );
    let fixture = serde_json::json!({
        "private_key": key.to_secret_text(),
        "device_id": device_id,
        "sealed": sealed,
    });
    if std::env::var_os("QABUL_BLESS").is_some() {
        std::fs::write(path, serde_json::to_string_pretty(&fixture).unwrap() + "\n").unwrap();
    }
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        stored, fixture,
        "run with QABUL_BLESS=1 only if the format changed on purpose"
    );
    let opened = qabul_core::seal::open_submission(&sealed, device_id, &[key]).unwrap();
    assert_eq!(opened.answers, plain.answers);
    assert_eq!(opened.paradata, plain.paradata);
}
