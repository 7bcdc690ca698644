//! Sealing and opening a typical submission (its answers and paradata, about 1.5 kB of JSON)
//! with HPKE: what the phone adds to each finalize, and what the review page pays per
//! submission it opens.
//!
//! Run with `cargo bench -p qabul-core --bench seal`.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    divan::main();
}

// A native benchmark: on wasm32 (linted, never run) the body compiles away.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use divan::{Bencher, black_box};
    use qabul_core::protocol::Submission;
    use qabul_core::seal::{KEY_LEN, PrivateKey, SealedContent, open_submission, seal_submission};
    use qabul_core::synthetic;

    const DEVICE: &str = "0193a1b2-c3d4-7000-8000-00000000d001";

    /// A synthetic interview of the built-in form whose content is about 1.5 kB of JSON.
    fn typical() -> Submission {
        let mut rng = synthetic::Rng::new(1);
        loop {
            let (submission, _) = synthetic::submission(&mut rng, 1, 1_795_000_000_000);
            let content = SealedContent {
                answers: submission.answers.clone().unwrap(),
                paradata: submission.paradata.clone(),
            };
            let len = serde_json::to_vec(&content).unwrap().len();
            if (1400..=1600).contains(&len) {
                return submission;
            }
        }
    }

    fn key() -> PrivateKey {
        PrivateKey::derive(&[42; KEY_LEN])
    }

    #[divan::bench(sample_count = 200)]
    fn seal(bencher: Bencher) {
        let key = key();
        let plain = typical();
        let mut ikm = [0_u8; KEY_LEN];
        bencher
            .with_inputs(|| {
                // Fresh ephemeral bytes each time, as on the phone.
                ikm[0] = ikm[0].wrapping_add(1);
                (plain.clone(), ikm)
            })
            .bench_local_values(|(mut submission, ikm)| {
                seal_submission(&mut submission, DEVICE, key.public_key(), ikm).unwrap();
                submission
            });
    }

    #[divan::bench(sample_count = 200)]
    fn open(bencher: Bencher) {
        let key = key();
        let mut sealed = typical();
        seal_submission(&mut sealed, DEVICE, key.public_key(), [7; KEY_LEN]).unwrap();
        let keys = std::slice::from_ref(&key);
        bencher.bench_local(|| open_submission(black_box(&sealed), DEVICE, keys).unwrap());
    }

    /// Reading a form's public key, which checks it can be sealed to.
    #[divan::bench(sample_count = 200)]
    fn parse_public_key(bencher: Bencher) {
        let text = key().public_key().to_string();
        bencher.bench_local(|| {
            black_box(&text)
                .parse::<qabul_core::seal::PublicKey>()
                .unwrap()
        });
    }

    /// Unlocking drafts with a PIN at the phone's Argon2id cost (19 MiB, two passes): what an
    /// enumerator waits for after typing it. Natively here; a cheap phone is several times slower.
    #[divan::bench(sample_count = 5)]
    fn derive_draft_key_from_a_pin() {
        let pin: qabul_core::draft_lock::Pin = "246813".parse().unwrap();
        black_box(qabul_core::draft_lock::DraftKey::derive(
            &pin,
            &[7; qabul_core::draft_lock::SALT_LEN],
            qabul_core::draft_lock::KdfCost::default(),
        ));
    }
}
