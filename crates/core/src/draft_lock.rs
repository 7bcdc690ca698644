//! Drafts of an encrypted form at rest on the phone (issue: "drafts of an encrypted form are
//! protected too"). A finalized interview is sealed to the supervisor's public key; an
//! interview still in progress must be readable on the phone, so it is encrypted under a key
//! derived from the enumerator's PIN with Argon2id and a per-device salt, and that key lives
//! only in memory while the app is unlocked.
//!
//! Pure, like the rest of the core: the caller gives salts and nonces (the phone draws them
//! from `crypto.getRandomValues`) and the time. What it decides: what a PIN is, the key it
//! gives, whether a PIN is right (a verifier sealed under the key), what happens after a wrong
//! one (five in a row wipe the key material), when an idle app locks, and the sealed form of
//! one draft, bound to its id so that drafts cannot be swapped.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead as _, KeyInit as _, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};

/// A PIN has at least this many digits: with four, a copied phone profile falls to trying all
/// 10,000 against the stored verifier in minutes; six make it a hundred times longer.
pub const MIN_PIN_DIGITS: usize = 6;
/// And at most this many.
pub const MAX_PIN_DIGITS: usize = 12;
/// Wrong PINs in a row before the key material is wiped.
pub const MAX_ATTEMPTS: u32 = 5;
/// The app locks after this long without a touch, in milliseconds: 10 minutes.
pub const IDLE_LOCK_MS: u64 = 10 * 60 * 1_000;
/// Bytes of salt, per device.
pub const SALT_LEN: usize = 16;
/// Bytes of a nonce, fresh for every write.
pub const NONCE_LEN: usize = 12;

/// What the verifier seals: opening it proves the PIN right without storing anything the PIN
/// could be checked against offline faster than Argon2id allows.
const VERIFIER: &[u8] = b"qabul/draft-lock/v1/verifier";
/// Associated data of a draft starts with this, then its id.
const DRAFT_AAD: &[u8] = b"qabul/draft-lock/v1/draft/";

/// Argon2id's cost. The default follows OWASP's smallest recommended setting (19 MiB, two
/// passes), which a cheap phone computes in about a second; tests pass a cheaper one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub passes: u32,
}

impl Default for KdfCost {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            passes: 2,
        }
    }
}

/// Why a PIN is refused as it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN has only digits")]
    NotDigits,
    #[error("a PIN has at least {MIN_PIN_DIGITS} digits")]
    TooShort,
    #[error("a PIN has at most {MAX_PIN_DIGITS} digits")]
    TooLong,
}

/// A PIN: 6 to 12 digits, typed in Western, Arabic-Indic or Eastern Arabic-Indic digits
/// (the same PIN whatever keyboard the phone shows).
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(…)")
    }
}

impl Pin {
    /// Its Western digits, to hand to the phone's encryption module (which reads them back
    /// with `parse`); never to store or show.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl FromStr for Pin {
    type Err = PinError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '0'..='9' => Some(c),
                // Arabic-Indic ٠-٩ and Eastern Arabic-Indic ۰-۹.
                '\u{660}'..='\u{669}' => char::from_digit(u32::from(c) - 0x660, 10),
                '\u{6F0}'..='\u{6F9}' => char::from_digit(u32::from(c) - 0x6F0, 10),
                _ => None,
            })
            .collect::<Option<String>>()
            .ok_or(PinError::NotDigits)?;
        match digits.len() {
            n if n < MIN_PIN_DIGITS => Err(PinError::TooShort),
            n if n > MAX_PIN_DIGITS => Err(PinError::TooLong),
            _ => Ok(Self(digits)),
        }
    }
}

/// The key drafts are encrypted under, derived from the PIN. Never stored.
#[derive(Clone, PartialEq, Eq)]
pub struct DraftKey([u8; 32]);

impl fmt::Debug for DraftKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DraftKey(…)")
    }
}

/// Why a sealed draft (or the verifier) does not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    /// The key is not the one it was sealed under, or the bytes were changed.
    #[error("the PIN is wrong, or the stored data was changed")]
    WrongKeyOrDamaged,
    #[error("the stored data is not a sealed draft")]
    Malformed,
}

impl DraftKey {
    /// The key's bytes, to hand to the phone's encryption module (a module of its own, see
    /// the app's `sealer`); never to store.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// The key [`DraftKey::to_bytes`] gave.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Argon2id of the PIN with the device's salt.
    pub fn derive(pin: &Pin, salt: &[u8; SALT_LEN], cost: KdfCost) -> Self {
        let params = argon2::Params::new(cost.memory_kib, cost.passes, 1, Some(32))
            .expect("the cost's parameters are within Argon2's bounds");
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = [0_u8; 32];
        argon
            .hash_password_into(pin.0.as_bytes(), salt, &mut key)
            .expect("a 16-byte salt and a 32-byte output are valid");
        Self(key)
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(&Key::from(self.0))
    }

    fn seal(&self, aad: &[u8], plaintext: &[u8], nonce: [u8; NONCE_LEN]) -> String {
        let ciphertext = self
            .cipher()
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("ChaCha20-Poly1305 encrypts any message that fits in memory");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&ciphertext);
        STANDARD.encode(bytes)
    }

    fn open(&self, aad: &[u8], sealed: &str) -> Result<Vec<u8>, LockError> {
        let bytes = STANDARD.decode(sealed).map_err(|_| LockError::Malformed)?;
        if bytes.len() < NONCE_LEN + 16 {
            return Err(LockError::Malformed);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| LockError::Malformed)?;
        self.cipher()
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| LockError::WrongKeyOrDamaged)
    }

    /// A draft's bytes (its JSON), sealed and bound to its id: base64 of nonce and ciphertext.
    pub fn seal_draft(&self, draft_id: &str, plaintext: &[u8], nonce: [u8; NONCE_LEN]) -> String {
        self.seal(&draft_aad(draft_id), plaintext, nonce)
    }

    /// What [`DraftKey::seal_draft`] sealed under this key for this draft id.
    pub fn open_draft(&self, draft_id: &str, sealed: &str) -> Result<Vec<u8>, LockError> {
        self.open(&draft_aad(draft_id), sealed)
    }
}

fn draft_aad(draft_id: &str) -> Vec<u8> {
    [DRAFT_AAD, draft_id.as_bytes()].concat()
}

/// What the phone keeps to check a PIN: the salt, the cost, a verifier sealed under the key,
/// and the wrong PINs entered in a row. Nothing in it reveals the key or the PIN faster than
/// Argon2id would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockRecord {
    /// Base64 of [`SALT_LEN`] bytes.
    pub salt: String,
    pub cost: KdfCost,
    pub verifier: String,
    pub failures: u32,
}

/// What a PIN entered against a [`LockRecord`] leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlock {
    /// The right PIN: drafts open with this key; failures go back to 0.
    Open(DraftKey),
    /// A wrong PIN: `left` more tries. With one left, the phone must warn that the next wrong
    /// PIN wipes the drafts.
    TryAgain { left: u32 },
    /// The last try was wrong: wipe the record; the drafts sealed under it can never open.
    Wipe,
}

impl LockRecord {
    /// A new record for `pin`, with the device's fresh `salt` and a fresh `nonce`; and the
    /// key, so that the app starts unlocked.
    pub fn new(
        pin: &Pin,
        salt: [u8; SALT_LEN],
        nonce: [u8; NONCE_LEN],
        cost: KdfCost,
    ) -> (Self, DraftKey) {
        let key = DraftKey::derive(pin, &salt, cost);
        let record = Self {
            salt: STANDARD.encode(salt),
            cost,
            verifier: key.seal(VERIFIER, VERIFIER, nonce),
            failures: 0,
        };
        (record, key)
    }

    /// Tries `pin`; the caller stores the record as it comes back (failures counted or reset)
    /// and acts on the [`Unlock`].
    #[must_use]
    pub fn try_pin(&self, pin: &Pin) -> (Self, Unlock) {
        let Some(salt) = STANDARD
            .decode(&self.salt)
            .ok()
            .and_then(|s| <[u8; SALT_LEN]>::try_from(s).ok())
        else {
            // A record that cannot be read protects nothing any more.
            return (self.clone(), Unlock::Wipe);
        };
        let key = DraftKey::derive(pin, &salt, self.cost);
        if key.open(VERIFIER, &self.verifier).is_ok() {
            let record = Self {
                failures: 0,
                ..self.clone()
            };
            return (record, Unlock::Open(key));
        }
        let failures = self.failures + 1;
        let record = Self {
            failures,
            ..self.clone()
        };
        if failures >= MAX_ATTEMPTS {
            (record, Unlock::Wipe)
        } else {
            (
                record,
                Unlock::TryAgain {
                    left: MAX_ATTEMPTS - failures,
                },
            )
        }
    }
}

/// Whether an app last touched at `last_touch_ms` is to lock at `now_ms`.
pub fn should_lock(last_touch_ms: u64, now_ms: u64) -> bool {
    now_ms.saturating_sub(last_touch_ms) >= IDLE_LOCK_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap enough for tests; the default is for phones.
    const CHEAP: KdfCost = KdfCost {
        memory_kib: 64,
        passes: 1,
    };

    fn pin(text: &str) -> Pin {
        text.parse().unwrap()
    }

    #[test]
    fn a_pin_is_six_to_twelve_digits_in_any_script() {
        assert_eq!(pin("123456"), pin("١٢٣٤٥٦"));
        assert_eq!(pin(" 123456 "), pin("۱۲۳۴۵۶"));
        assert_eq!("12345".parse::<Pin>(), Err(PinError::TooShort));
        assert_eq!("1234567890123".parse::<Pin>(), Err(PinError::TooLong));
        assert_eq!("12a456".parse::<Pin>(), Err(PinError::NotDigits));
        assert_eq!(format!("{:?}", pin("246813")), "Pin(…)");
    }

    #[test]
    fn the_right_pin_opens_and_resets_the_count() {
        let (record, key) = LockRecord::new(&pin("246813"), [1; SALT_LEN], [2; NONCE_LEN], CHEAP);
        assert!(!format!("{record:?} {key:?}").contains("246813"));
        let (after_wrong, outcome) = record.try_pin(&pin("111111"));
        assert_eq!(outcome, Unlock::TryAgain { left: 4 });
        let (after_right, outcome) = after_wrong.try_pin(&pin("٢٤٦٨١٣"));
        assert_eq!(outcome, Unlock::Open(key));
        assert_eq!(after_right.failures, 0);
    }

    #[test]
    fn five_wrong_pins_in_a_row_wipe() {
        let (mut record, _) = LockRecord::new(&pin("246813"), [1; SALT_LEN], [2; NONCE_LEN], CHEAP);
        let mut outcomes = Vec::new();
        for _ in 0..MAX_ATTEMPTS {
            let (next, outcome) = record.try_pin(&pin("000000"));
            record = next;
            outcomes.push(outcome);
        }
        assert_eq!(
            outcomes,
            [
                Unlock::TryAgain { left: 4 },
                Unlock::TryAgain { left: 3 },
                Unlock::TryAgain { left: 2 },
                Unlock::TryAgain { left: 1 },
                Unlock::Wipe,
            ]
        );
    }

    #[test]
    fn a_draft_opens_only_with_its_key_and_under_its_own_id() {
        let key = DraftKey::derive(&pin("246813"), &[3; SALT_LEN], CHEAP);
        let sealed = key.seal_draft("draft-1", b"{\"comment\":\"canary\"}", [4; NONCE_LEN]);
        assert!(!sealed.contains("canary"));
        assert_eq!(
            key.open_draft("draft-1", &sealed).unwrap(),
            b"{\"comment\":\"canary\"}"
        );
        assert_eq!(
            key.open_draft("draft-2", &sealed),
            Err(LockError::WrongKeyOrDamaged)
        );
        let other = DraftKey::derive(&pin("246814"), &[3; SALT_LEN], CHEAP);
        assert_eq!(
            other.open_draft("draft-1", &sealed),
            Err(LockError::WrongKeyOrDamaged)
        );
        let other_salt = DraftKey::derive(&pin("246813"), &[5; SALT_LEN], CHEAP);
        assert_eq!(
            other_salt.open_draft("draft-1", &sealed),
            Err(LockError::WrongKeyOrDamaged)
        );
        // Every single-bit flip of the stored bytes is refused.
        let bytes = STANDARD.decode(&sealed).unwrap();
        for bit in 0..bytes.len() * 8 {
            let mut flipped = bytes.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(
                key.open_draft("draft-1", &STANDARD.encode(flipped))
                    .is_err(),
                "bit {bit}"
            );
        }
        assert_eq!(
            key.open_draft("draft-1", "not base64!"),
            Err(LockError::Malformed)
        );
        assert_eq!(key.open_draft("draft-1", "AAAA"), Err(LockError::Malformed));
    }

    #[test]
    fn the_app_locks_after_ten_idle_minutes() {
        assert!(!should_lock(1_000, 1_000 + IDLE_LOCK_MS - 1));
        assert!(should_lock(1_000, 1_000 + IDLE_LOCK_MS));
        assert!(
            !should_lock(5_000, 1_000),
            "a clock going back does not lock"
        );
    }

    #[test]
    fn the_default_cost_is_owasps_smallest_argon2id_setting() {
        assert_eq!(
            KdfCost::default(),
            KdfCost {
                memory_kib: 19_456,
                passes: 2
            }
        );
    }
}
