//! Sealing a submission to a form's public key with HPKE (RFC 9180), DESIGN.md "Encryption".
//!
//! The suite is fixed: `DHKEM(X25519, HKDF-SHA256)`, `HKDF-SHA256`, `ChaCha20Poly1305`, base
//! mode (RFC 9180 Appendix A.2). The form's id and version go into HPKE's `info`, the
//! submission's id and the device's id into the AEAD's associated data, so a sealed submission
//! opens only as what it was sealed as: moved to another form, version, submission or device,
//! it fails to open.
//!
//! Like the rest of the core this is pure: no randomness of its own. The caller passes the 32
//! random bytes of each ephemeral key (the phone from `crypto.getRandomValues`, the server
//! from the operating system), and HPKE's `DeriveKeyPair` turns them into the key, so the same
//! code runs natively and in WebAssembly, and the RFC's test vectors can be replayed exactly.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::rand_core::{TryCryptoRng, TryRng};
use hpke::{Deserializable as _, Kem as _, OpModeR, OpModeS, Serializable as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::answer::Answers;
use crate::interview::Paradata;
use crate::protocol::{Submission, to_hex};

type Kem = X25519HkdfSha256;
type HpkePublicKey = <Kem as hpke::Kem>::PublicKey;
type HpkePrivateKey = <Kem as hpke::Kem>::PrivateKey;
type HpkeEncappedKey = <Kem as hpke::Kem>::EncappedKey;

/// The HPKE suite every Qabul envelope of [`Envelope::VERSION`] 1 uses.
pub const SUITE: &str = "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, mode_base";

/// Bytes of an X25519 key, public or private, and of an encapsulated key.
pub const KEY_LEN: usize = 32;

/// The Poly1305 tag at the end of every ciphertext.
const TAG_LEN: usize = 16;

/// The text of a public key starts with this.
const PUBLIC_PREFIX: &str = "qabul-pk1:";

/// The text of a private key starts with this.
const PRIVATE_PREFIX: &str = "qabul-sk1:";

/// What starts the `info` and associated-data bytes: the scheme and its version, so that
/// bytes made for anything else never match.
const DOMAIN: &[u8] = b"qabul/seal/v1";

// ---------------------------------------------------------------------------------------------
// Keys

/// The first 8 bytes of the SHA-256 of a public key's 32 bytes, written as 16 hex digits.
///
/// Every envelope names the key it was sealed to, so that opening with another key says
/// "wrong key" rather than "damaged". It is a name, not a secret and not a check: an envelope
/// whose key id was changed to match still fails to open, as [`OpenError::Damaged`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; 8]);

impl KeyId {
    /// The id of the public key with these bytes.
    pub fn of(public_key_bytes: &[u8; KEY_LEN]) -> Self {
        let digest = Sha256::digest(public_key_bytes);
        let mut id = [0; 8];
        id.copy_from_slice(&digest[..8]);
        Self(id)
    }

    pub fn from_bytes(bytes: [u8; 8]) -> Self {
        Self(bytes)
    }

    pub fn to_bytes(self) -> [u8; 8] {
        self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl FromStr for KeyId {
    type Err = KeyError;

    /// Reads the 16 hex digits [`KeyId`]'s `Display` writes (either case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.as_bytes();
        if digits.len() != 16 {
            return Err(KeyError::KeyIdNotHex);
        }
        let mut id = [0; 8];
        for (byte, pair) in id.iter_mut().zip(digits.chunks_exact(2)) {
            let high = hex_digit(pair[0]).ok_or(KeyError::KeyIdNotHex)?;
            let low = hex_digit(pair[1]).ok_or(KeyError::KeyIdNotHex)?;
            *byte = (high << 4) | low;
        }
        Ok(Self(id))
    }
}

fn hex_digit(c: u8) -> Option<u8> {
    char::from(c)
        .to_digit(16)
        .map(|d| u8::try_from(d).expect("a hex digit fits a byte"))
}

impl Serialize for KeyId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A key's text that cannot be read, or a public key that cannot be sealed to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a {kind} key starts with `{prefix}`")]
    Prefix {
        kind: &'static str,
        prefix: &'static str,
    },
    #[error("the key after `{prefix}` is not base64url without padding")]
    NotBase64 { prefix: &'static str },
    #[error("a key has 32 bytes, this one {0}")]
    Length(usize),
    /// One of the few X25519 points every key agreement with which gives zero: HPKE refuses
    /// them (RFC 9180 §7.1.4), and a form's key is refused when it is read rather than when a
    /// phone first tries to seal.
    #[error("this public key is a point of small order, which cannot be sealed to")]
    SmallOrder,
    #[error("a key id is 16 hexadecimal digits")]
    KeyIdNotHex,
}

/// Reads `prefix` + base64url (no padding) of 32 bytes.
fn key_bytes_from_text(
    text: &str,
    kind: &'static str,
    prefix: &'static str,
) -> Result<[u8; KEY_LEN], KeyError> {
    let encoded = text
        .trim()
        .strip_prefix(prefix)
        .ok_or(KeyError::Prefix { kind, prefix })?;
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| KeyError::NotBase64 { prefix })?;
    <[u8; KEY_LEN]>::try_from(bytes.as_slice()).map_err(|_| KeyError::Length(bytes.len()))
}

/// A form's public key: what a phone seals submissions to.
///
/// Its text is `qabul-pk1:` and the key's 32 bytes in base64url without padding, e.g.
/// `qabul-pk1:QxDul9iMwfCIpVdsd6sM9cOseX89lROcbIS1QpxZZio`.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: HpkePublicKey,
    bytes: [u8; KEY_LEN],
}

impl PublicKey {
    /// Reads a key's 32 bytes (RFC 9180's `SerializePublicKey`), refusing the points of small
    /// order that no submission could be sealed to.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Result<Self, KeyError> {
        let key = HpkePublicKey::from_bytes(&bytes).map_err(|_| KeyError::Length(KEY_LEN))?;
        // The check HPKE's Encap makes, made once here so that sealing cannot fail later: a
        // trial encapsulation with a fixed ephemeral key. With a point of small order the
        // Diffie-Hellman output is zero whatever the (clamped) scalar, and Encap refuses it.
        Kem::encap_with_rng(&key, None, &mut EphemeralIkm::new([1; KEY_LEN]))
            .map_err(|_| KeyError::SmallOrder)?;
        Ok(Self { key, bytes })
    }

    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.bytes
    }

    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.bytes)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PUBLIC_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.bytes))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl FromStr for PublicKey {
    type Err = KeyError;

    /// Reads the text [`PublicKey`]'s `Display` writes; spaces around it are ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_bytes(key_bytes_from_text(s, "public", PUBLIC_PREFIX)?)
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The private key that opens what was sealed to a form's public key. It stays with the
/// supervisor: the server never holds it.
///
/// Its text is `qabul-sk1:` and the 32 bytes in base64url without padding; it has no
/// `Display` (nor `Serialize`) so that it is not written anywhere by accident: see
/// [`PrivateKey::to_secret_text`]. Its `Debug` shows only the key id.
#[derive(Clone)]
pub struct PrivateKey {
    key: HpkePrivateKey,
    public: PublicKey,
}

impl PrivateKey {
    /// A new key pair from 32 random bytes (RFC 9180's `DeriveKeyPair`): the caller draws them
    /// from a secure source, the operating system's or `crypto.getRandomValues`.
    pub fn derive(ikm: &[u8; KEY_LEN]) -> Self {
        let (key, _) = Kem::derive_keypair(ikm);
        Self::from_hpke(key)
    }

    /// A private key from its 32 bytes (X25519 clamps them: [`PrivateKey::to_bytes`] gives the
    /// clamped form, which is the same key).
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        let key = HpkePrivateKey::from_bytes(&bytes).expect("any 32 bytes are an X25519 key");
        Self::from_hpke(key)
    }

    fn from_hpke(key: HpkePrivateKey) -> Self {
        let public = Kem::sk_to_pk(&key);
        let bytes: [u8; KEY_LEN] = public.to_bytes().into();
        // A public key computed from a private one is on the prime-order subgroup: never of
        // small order.
        let public = PublicKey::from_bytes(bytes).expect("a derived public key can be sealed to");
        Self { key, public }
    }

    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        self.key.to_bytes().into()
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub fn key_id(&self) -> KeyId {
        self.public.key_id()
    }

    /// The key's text, `qabul-sk1:…`, for `qabul keygen` to write once to its owner.
    pub fn to_secret_text(&self) -> String {
        format!(
            "{PRIVATE_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(self.to_bytes())
        )
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

impl FromStr for PrivateKey {
    type Err = KeyError;

    /// Reads the text of [`PrivateKey::to_secret_text`]; spaces around it are ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        key_bytes_from_text(s, "private", PRIVATE_PREFIX).map(Self::from_bytes)
    }
}

// ---------------------------------------------------------------------------------------------
// What is bound to the ciphertext

/// What goes into HPKE's `info`: the form a submission answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealInfo<'a> {
    pub form_id: &'a str,
    pub form_version: &'a str,
}

impl<'a> SealInfo<'a> {
    pub fn of(submission: &'a Submission) -> Self {
        Self {
            form_id: &submission.form_id,
            form_version: &submission.form_version,
        }
    }

    /// `qabul/seal/v1`, `/info`, then each field as its length (4 bytes, big-endian) and its
    /// UTF-8: no two values give the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        labelled(b"/info", &[self.form_id, self.form_version])
    }
}

/// What goes into the AEAD's associated data: which submission, from which device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealAad<'a> {
    pub submission_id: &'a str,
    /// The id the server gave the device at enrolment ([`crate::protocol::EnrollResponse`]);
    /// the server knows it from the device's token, so it is not a field of the submission.
    pub device_id: &'a str,
}

impl SealAad<'_> {
    /// `qabul/seal/v1`, `/aad`, then each field as its length (4 bytes, big-endian) and its
    /// UTF-8.
    pub fn to_bytes(&self) -> Vec<u8> {
        labelled(b"/aad", &[self.submission_id, self.device_id])
    }
}

fn labelled(label: &[u8], fields: &[&str]) -> Vec<u8> {
    let length: usize = fields.iter().map(|f| 4 + f.len()).sum();
    let mut out = Vec::with_capacity(DOMAIN.len() + label.len() + length);
    out.extend_from_slice(DOMAIN);
    out.extend_from_slice(label);
    for field in fields {
        let len = u32::try_from(field.len()).expect("a field shorter than 4 GiB");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The envelope

/// One sealed message: the key it was sealed to, HPKE's encapsulated key and the ciphertext.
///
/// Its bytes are a fixed layout rather than JSON:
///
/// | bytes  | what                                                   |
/// |--------|--------------------------------------------------------|
/// | 0      | the version, 1                                         |
/// | 1..9   | the [`KeyId`] of the public key                        |
/// | 9..41  | `enc`, the ephemeral X25519 public key                 |
/// | 41..   | `ct`, the ChaCha20-Poly1305 ciphertext and its 16-byte tag |
///
/// and its text (the `sealed` field of a submission) is those bytes in standard base64 with
/// padding. A binary layout because every part but the version is bytes: JSON would carry each
/// in base64 and then the whole in base64 again (a third larger for nothing), and fixed
/// offsets leave no second way to write the same envelope. The version comes first so that a
/// later layout can be told apart before anything else is read. Neither version nor key id is
/// authenticated on its own: the version also names the `info` and associated-data prefix
/// (`qabul/seal/v1`), and a changed key id makes opening fail either way.
#[derive(Clone, PartialEq, Eq)]
pub struct Envelope {
    pub kid: KeyId,
    pub enc: [u8; KEY_LEN],
    pub ct: Vec<u8>,
}

/// Bytes of an envelope before its ciphertext.
const HEADER_LEN: usize = 1 + 8 + KEY_LEN;

impl Envelope {
    pub const VERSION: u8 = 1;

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.ct.len());
        out.push(Self::VERSION);
        out.extend_from_slice(&self.kid.0);
        out.extend_from_slice(&self.enc);
        out.extend_from_slice(&self.ct);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, OpenError> {
        match bytes.first() {
            None => return Err(OpenError::Malformed(Malformed::TooShort(0))),
            Some(&Self::VERSION) => {}
            Some(&other) => return Err(OpenError::UnsupportedVersion(other)),
        }
        if bytes.len() < HEADER_LEN + TAG_LEN {
            return Err(OpenError::Malformed(Malformed::TooShort(bytes.len())));
        }
        let mut kid = [0; 8];
        kid.copy_from_slice(&bytes[1..9]);
        let mut enc = [0; KEY_LEN];
        enc.copy_from_slice(&bytes[9..HEADER_LEN]);
        Ok(Self {
            kid: KeyId(kid),
            enc,
            ct: bytes[HEADER_LEN..].to_vec(),
        })
    }
}

impl fmt::Display for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(self.to_bytes()))
    }
}

impl fmt::Debug for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Envelope")
            .field("kid", &self.kid)
            .field("enc", &to_hex(&self.enc))
            .field("ct_len", &self.ct.len())
            .finish()
    }
}

impl FromStr for Envelope {
    type Err = OpenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = STANDARD
            .decode(s)
            .map_err(|_| OpenError::Malformed(Malformed::NotBase64))?;
        Self::from_bytes(&bytes)
    }
}

impl Serialize for Envelope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors

/// Why a sealed envelope did not open. [`OpenError::code`] gives a stable code for the page
/// to translate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The envelope was sealed to another key than the one given.
    #[error("sealed to key {expected}, but the key given is {found}")]
    WrongKey { expected: KeyId, found: KeyId },
    /// None of the keys at hand is the one the envelope was sealed to (or none is at hand).
    #[error("sealed to key {needed}, which is not loaded{}", loaded_list(.loaded))]
    MissingKey { needed: KeyId, loaded: Vec<KeyId> },
    /// The right key, but the envelope does not open: it was changed or damaged, or it is
    /// being opened as another form, version, submission or device than it was sealed as.
    #[error(
        "the sealed data does not open with its key: damaged, or not sealed for this form, \
         submission and device"
    )]
    Damaged,
    #[error("not a sealed envelope: {0}")]
    Malformed(Malformed),
    #[error("sealed in format version {0}, which this version of Qabul does not read")]
    UnsupportedVersion(u8),
    /// A submission with nothing sealed was given to open.
    #[error("this submission is not sealed")]
    NotSealed,
    /// Opened, but what was inside is not the answers and paradata of a submission.
    #[error("opened, but the content is not a submission's answers: {0}")]
    BadContent(String),
}

fn loaded_list(loaded: &[KeyId]) -> String {
    if loaded.is_empty() {
        " (no key is loaded)".to_owned()
    } else {
        let ids: Vec<String> = loaded.iter().map(ToString::to_string).collect();
        format!(" (loaded: {})", ids.join(", "))
    }
}

impl OpenError {
    /// Stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::WrongKey { .. } => "wrong_key",
            OpenError::MissingKey { .. } => "missing_key",
            OpenError::Damaged => "damaged",
            OpenError::Malformed(_) => "malformed",
            OpenError::UnsupportedVersion(_) => "unsupported_version",
            OpenError::NotSealed => "not_sealed",
            OpenError::BadContent(_) => "bad_content",
        }
    }
}

/// How an envelope's text is not an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("not standard base64")]
    NotBase64,
    #[error("{0} bytes are too few for an envelope")]
    TooShort(usize),
}

/// Why a submission cannot be sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the submission is sealed already")]
    AlreadySealed,
    #[error("the submission has no answers to seal")]
    NoAnswers,
}

// ---------------------------------------------------------------------------------------------
// Sealing and opening

/// Hands HPKE the caller's 32 random bytes as its "random generator".
///
/// HPKE's `Encap` draws exactly one private key's worth of bytes (32 for X25519) and runs
/// `DeriveKeyPair` on them (RFC 9180 §4: `GenerateKeyPair` may be `DeriveKeyPair(random(Nsk))`,
/// and the `hpke` crate's is), so sealing with these bytes is the RFC's encapsulation with
/// `ikmE` = these bytes: the test vectors check it. Asked for anything else, it panics rather
/// than give out bytes twice.
struct EphemeralIkm(Option<[u8; KEY_LEN]>);

impl EphemeralIkm {
    fn new(ikm: [u8; KEY_LEN]) -> Self {
        Self(Some(ikm))
    }
}

impl TryRng for EphemeralIkm {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        unreachable!("HPKE draws the ephemeral key's bytes with fill_bytes only")
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        unreachable!("HPKE draws the ephemeral key's bytes with fill_bytes only")
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let ikm = self
            .0
            .take()
            .expect("HPKE draws the ephemeral key's bytes once");
        assert_eq!(dst.len(), KEY_LEN, "HPKE draws 32 bytes for an X25519 key");
        dst.copy_from_slice(&ikm);
        Ok(())
    }
}

// Not a generator at all: the caller's bytes are the randomness, drawn from a secure source.
impl TryCryptoRng for EphemeralIkm {}

/// Seals `plaintext` to `key`, binding the form (`info`) and the submission and device
/// (associated data). `ephemeral_ikm` must be 32 fresh random bytes, never used twice.
pub fn seal(
    key: &PublicKey,
    info: &SealInfo<'_>,
    aad: &SealAad<'_>,
    plaintext: &[u8],
    ephemeral_ikm: [u8; KEY_LEN],
) -> Envelope {
    seal_raw(
        key,
        &info.to_bytes(),
        &aad.to_bytes(),
        plaintext,
        ephemeral_ikm,
    )
}

/// [`seal`] with `info` and associated data as bytes: RFC 9180's `SealBase` with `DeriveKeyPair`
/// on `ephemeral_ikm` for the ephemeral key.
pub fn seal_raw(
    key: &PublicKey,
    info: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    ephemeral_ikm: [u8; KEY_LEN],
) -> Envelope {
    let (enc, ct) = hpke::single_shot_seal_with_rng::<ChaCha20Poly1305, HkdfSha256, Kem>(
        &OpModeS::Base,
        &key.key,
        info,
        plaintext,
        aad,
        &mut EphemeralIkm::new(ephemeral_ikm),
    )
    // Encap fails only for a public key of small order, which `PublicKey` refuses, and the
    // AEAD only past 2^64 messages of one context, which has one.
    .expect("sealing to a checked public key cannot fail");
    Envelope {
        kid: key.key_id(),
        enc: enc.to_bytes().into(),
        ct,
    }
}

/// Opens an envelope with `key`, given the same form, submission and device it was sealed
/// with.
pub fn open(
    key: &PrivateKey,
    info: &SealInfo<'_>,
    aad: &SealAad<'_>,
    envelope: &Envelope,
) -> Result<Vec<u8>, OpenError> {
    open_raw(key, &info.to_bytes(), &aad.to_bytes(), envelope)
}

/// [`open`] with whichever of `keys` the envelope was sealed to: [`OpenError::MissingKey`]
/// when none is (a supervisor may hold the keys of several forms, or of a key's successor).
pub fn open_with(
    keys: &[PrivateKey],
    info: &SealInfo<'_>,
    aad: &SealAad<'_>,
    envelope: &Envelope,
) -> Result<Vec<u8>, OpenError> {
    let key = find_key(keys, envelope.kid)?;
    open(key, info, aad, envelope)
}

fn find_key(keys: &[PrivateKey], needed: KeyId) -> Result<&PrivateKey, OpenError> {
    keys.iter()
        .find(|key| key.key_id() == needed)
        .ok_or_else(|| OpenError::MissingKey {
            needed,
            loaded: keys.iter().map(PrivateKey::key_id).collect(),
        })
}

/// [`open`] with `info` and associated data as bytes: RFC 9180's `OpenBase`, after checking
/// that the envelope names `key`.
pub fn open_raw(
    key: &PrivateKey,
    info: &[u8],
    aad: &[u8],
    envelope: &Envelope,
) -> Result<Vec<u8>, OpenError> {
    let found = key.key_id();
    if envelope.kid != found {
        return Err(OpenError::WrongKey {
            expected: envelope.kid,
            found,
        });
    }
    let enc = HpkeEncappedKey::from_bytes(&envelope.enc).map_err(|_| OpenError::Damaged)?;
    // A failed Decap (an `enc` of small order) and a failed AEAD open are both damage: with
    // the right key, nothing else makes opening fail.
    hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Kem>(
        &OpModeR::Base,
        &key.key,
        &enc,
        info,
        &envelope.ct,
        aad,
    )
    .map_err(|_| OpenError::Damaged)
}

// ---------------------------------------------------------------------------------------------
// Submissions

/// The plaintext of a sealed submission, as JSON: what a plain submission carries in the
/// clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealedContent {
    pub answers: Answers,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paradata: Option<Paradata>,
}

/// Seals a plain submission in place: its answers and paradata go into `sealed`, and leave
/// it. `device_id` is the phone's, as enrolment gave it; `ephemeral_ikm` 32 fresh random
/// bytes. On an error the submission is left as it was.
pub fn seal_submission(
    submission: &mut Submission,
    device_id: &str,
    key: &PublicKey,
    ephemeral_ikm: [u8; KEY_LEN],
) -> Result<(), SealError> {
    if submission.sealed.is_some() {
        return Err(SealError::AlreadySealed);
    }
    let Some(answers) = submission.answers.take() else {
        return Err(SealError::NoAnswers);
    };
    let content = SealedContent {
        answers,
        paradata: submission.paradata.take(),
    };
    let plaintext = serde_json::to_vec(&content).expect("answers always serialize to JSON");
    let envelope = seal(
        key,
        &SealInfo::of(submission),
        &SealAad {
            submission_id: &submission.id,
            device_id,
        },
        &plaintext,
        ephemeral_ikm,
    );
    submission.sealed = Some(envelope.to_string());
    Ok(())
}

/// Opens a sealed submission with whichever of `keys` it was sealed to, and gives it back as
/// a plain one: `answers` and `paradata` filled, `sealed` empty. `device_id` is the device
/// the server received it from.
pub fn open_submission(
    submission: &Submission,
    device_id: &str,
    keys: &[PrivateKey],
) -> Result<Submission, OpenError> {
    let sealed = submission.sealed.as_deref().ok_or(OpenError::NotSealed)?;
    let envelope: Envelope = sealed.parse()?;
    let plaintext = open_with(
        keys,
        &SealInfo::of(submission),
        &SealAad {
            submission_id: &submission.id,
            device_id,
        },
        &envelope,
    )?;
    let content: SealedContent = serde_json::from_slice(&plaintext)
        .map_err(|error| OpenError::BadContent(error.to_string()))?;
    Ok(Submission {
        answers: Some(content.answers),
        paradata: content.paradata,
        sealed: None,
        ..submission.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9180, Appendix A.2.1: `DHKEM(X25519, HKDF-SHA256)`, `HKDF-SHA256`,
    /// `ChaCha20Poly1305`, `mode_base` (Base Setup Information and the first encryptions).
    mod a_2_1 {
        pub const INFO: &str = "4f6465206f6e2061204772656369616e2055726e";
        pub const IKM_E: &str = "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b";
        pub const PK_EM: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
        pub const IKM_R: &str = "1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df";
        pub const PK_RM: &str = "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a";
        pub const SK_RM: &str = "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb";
        pub const ENC: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
        /// "Beauty is truth, truth beauty", the plaintext of every encryption.
        pub const PT: &str = "4265617574792069732074727574682c20747275746820626561757479";
        /// Sequence numbers 0, 1 and 2: (aad, ct).
        pub const ENCRYPTIONS: [(&str, &str); 3] = [
            (
                "436f756e742d30",
                "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28",
            ),
            (
                "436f756e742d31",
                "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c",
            ),
            (
                "436f756e742d32",
                "71146bd6795ccc9c49ce25dda112a48f202ad220559502cef1f34271e0cb4b02b4f10ecac6f48c32f878fae86b",
            ),
        ];
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn hex32(text: &str) -> [u8; KEY_LEN] {
        hex(text).try_into().unwrap()
    }

    #[test]
    fn derive_key_pair_gives_the_rfc_9180_keys() {
        let recipient = PrivateKey::derive(&hex32(a_2_1::IKM_R));
        assert_eq!(recipient.public_key().to_bytes(), hex32(a_2_1::PK_RM));
        let ephemeral = PrivateKey::derive(&hex32(a_2_1::IKM_E));
        assert_eq!(ephemeral.public_key().to_bytes(), hex32(a_2_1::PK_EM));
        // skRm as published is unclamped; the key is the same once clamped.
        let published = PrivateKey::from_bytes(hex32(a_2_1::SK_RM));
        assert_eq!(published.public_key().to_bytes(), hex32(a_2_1::PK_RM));
        assert_eq!(published.to_bytes(), recipient.to_bytes());
        // SHA-256 of pkRm, its first 8 bytes, computed apart from this code.
        assert_eq!(recipient.key_id().to_string(), "9e07479c8d8279a4");
    }

    #[test]
    fn sealing_with_ikm_e_gives_the_rfc_9180_enc_and_first_ciphertext() {
        let recipient = PrivateKey::derive(&hex32(a_2_1::IKM_R));
        let (aad, ct) = a_2_1::ENCRYPTIONS[0];
        let envelope = seal_raw(
            recipient.public_key(),
            &hex(a_2_1::INFO),
            &hex(aad),
            &hex(a_2_1::PT),
            hex32(a_2_1::IKM_E),
        );
        assert_eq!(envelope.enc, hex32(a_2_1::ENC));
        assert_eq!(envelope.ct, hex(ct));
        assert_eq!(envelope.kid, recipient.key_id());
        let opened = open_raw(&recipient, &hex(a_2_1::INFO), &hex(aad), &envelope).unwrap();
        assert_eq!(opened, hex(a_2_1::PT));
    }

    /// The same vector through the `hpke` crate's context, with the ephemeral bytes handed in
    /// as [`seal`] hands them: the later sequence numbers and the receiver's side.
    #[test]
    fn the_rfc_9180_context_encrypts_and_decrypts_every_published_sequence_number() {
        let recipient = PrivateKey::derive(&hex32(a_2_1::IKM_R));
        let info = hex(a_2_1::INFO);
        let (enc, mut sender) = hpke::setup_sender_with_rng::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeS::Base,
            &recipient.public_key().key,
            &info,
            &mut EphemeralIkm::new(hex32(a_2_1::IKM_E)),
        )
        .unwrap();
        assert_eq!(enc.to_bytes().as_slice(), hex(a_2_1::ENC));
        let mut receiver = hpke::setup_receiver::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeR::Base,
            &recipient.key,
            &enc,
            &info,
        )
        .unwrap();
        for (aad, ct) in a_2_1::ENCRYPTIONS {
            assert_eq!(sender.seal(&hex(a_2_1::PT), &hex(aad)).unwrap(), hex(ct));
            assert_eq!(receiver.open(&hex(ct), &hex(aad)).unwrap(), hex(a_2_1::PT));
        }
    }

    #[test]
    fn keys_read_back_from_their_text() {
        let private = PrivateKey::derive(&hex32(a_2_1::IKM_R));
        let public = private.public_key().clone();
        assert_eq!(
            public.to_string(),
            "qabul-pk1:QxDul9iMwfCIpVdsd6sM9cOseX89lROcbIS1QpxZZio"
        );
        assert_eq!(public.to_string().parse::<PublicKey>().unwrap(), public);
        assert_eq!(
            format!("  {public}\n").parse::<PublicKey>().unwrap(),
            public
        );
        let text = private.to_secret_text();
        assert!(text.starts_with("qabul-sk1:"));
        let back: PrivateKey = text.parse().unwrap();
        assert_eq!(back.to_bytes(), private.to_bytes());
        assert_eq!(back.public_key(), &public);

        let json = serde_json::to_string(&public).unwrap();
        assert_eq!(serde_json::from_str::<PublicKey>(&json).unwrap(), public);
        let kid = public.key_id();
        assert_eq!(kid.to_string().parse::<KeyId>().unwrap(), kid);
        assert_eq!("9E07479C8D8279A4".parse::<KeyId>().unwrap(), kid);
        assert_eq!("9e07479c".parse::<KeyId>(), Err(KeyError::KeyIdNotHex));
        assert_eq!(
            "9e07479c8d8279ag".parse::<KeyId>(),
            Err(KeyError::KeyIdNotHex)
        );
    }

    #[test]
    fn a_private_key_never_shows_its_secret() {
        let private = PrivateKey::derive(&[7; KEY_LEN]);
        let secret = URL_SAFE_NO_PAD.encode(private.to_bytes());
        let shown = format!("{private:?} {private:#?}");
        assert!(shown.contains(&private.key_id().to_string()), "{shown}");
        assert!(!shown.contains(&secret), "{shown}");
        assert!(!shown.contains(&to_hex(&private.to_bytes())), "{shown}");
    }

    #[test]
    fn key_text_that_is_not_a_key_is_refused() {
        let public = PrivateKey::derive(&[7; KEY_LEN]).public_key().to_string();
        let encoded = public.strip_prefix(PUBLIC_PREFIX).unwrap();
        assert!(matches!(
            encoded.parse::<PublicKey>(),
            Err(KeyError::Prefix { kind: "public", .. })
        ));
        // A private key's text is not a public key, nor the other way round.
        assert!(matches!(
            format!("{PRIVATE_PREFIX}{encoded}").parse::<PublicKey>(),
            Err(KeyError::Prefix { .. })
        ));
        assert!(matches!(
            public.parse::<PrivateKey>(),
            Err(KeyError::Prefix {
                kind: "private",
                ..
            })
        ));
        assert!(matches!(
            format!("{PUBLIC_PREFIX}{encoded}=").parse::<PublicKey>(),
            Err(KeyError::NotBase64 { .. })
        ));
        assert!(matches!(
            format!("{PUBLIC_PREFIX}{}", encoded.replace(|_| true, "+")).parse::<PublicKey>(),
            Err(KeyError::NotBase64 { .. })
        ));
        assert_eq!(
            format!("{PUBLIC_PREFIX}{}", URL_SAFE_NO_PAD.encode([1; 31])).parse::<PublicKey>(),
            Err(KeyError::Length(31))
        );
    }

    #[test]
    fn public_keys_of_small_order_are_refused() {
        // x = 0 (order 2), x = 1 (order 4) and a point of order 8.
        let mut order_8 = [0_u8; KEY_LEN];
        order_8.copy_from_slice(&hex(
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        ));
        let mut one = [0_u8; KEY_LEN];
        one[0] = 1;
        for bad in [[0; KEY_LEN], one, order_8] {
            assert_eq!(PublicKey::from_bytes(bad), Err(KeyError::SmallOrder));
        }
    }

    #[test]
    fn envelopes_that_are_not_envelopes_are_told_apart() {
        let private = PrivateKey::derive(&[3; KEY_LEN]);
        let envelope = seal_raw(private.public_key(), b"i", b"a", b"hello", [4; KEY_LEN]);
        let text = envelope.to_string();
        assert_eq!(text.parse::<Envelope>().unwrap(), envelope);
        assert_eq!(envelope.to_bytes().len(), HEADER_LEN + 5 + TAG_LEN);

        assert_eq!(
            "".parse::<Envelope>(),
            Err(OpenError::Malformed(Malformed::TooShort(0)))
        );
        assert_eq!(
            "not base64!".parse::<Envelope>(),
            Err(OpenError::Malformed(Malformed::NotBase64))
        );
        // Unpadded is not the standard alphabet with padding.
        assert_eq!(
            text.trim_end_matches('=').parse::<Envelope>(),
            Err(OpenError::Malformed(Malformed::NotBase64))
        );
        let mut bytes = envelope.to_bytes();
        bytes[0] = 2;
        assert_eq!(
            STANDARD.encode(&bytes).parse::<Envelope>(),
            Err(OpenError::UnsupportedVersion(2))
        );
        let short = &envelope.to_bytes()[..HEADER_LEN + TAG_LEN - 1];
        assert_eq!(
            Envelope::from_bytes(short),
            Err(OpenError::Malformed(Malformed::TooShort(
                HEADER_LEN + TAG_LEN - 1
            )))
        );
        // The shortest envelope: an empty plaintext's.
        let empty = seal_raw(private.public_key(), b"", b"", b"", [4; KEY_LEN]);
        assert_eq!(empty.to_bytes().len(), HEADER_LEN + TAG_LEN);
        assert_eq!(Envelope::from_bytes(&empty.to_bytes()).unwrap(), empty);
        assert_eq!(open_raw(&private, b"", b"", &empty).unwrap(), b"");
    }

    #[test]
    fn info_and_aad_bytes_are_length_prefixed_and_labelled() {
        let info = SealInfo {
            form_id: "ab",
            form_version: "c",
        };
        assert_eq!(
            info.to_bytes(),
            b"qabul/seal/v1/info\0\0\0\x02ab\0\0\0\x01c".to_vec()
        );
        let shifted = SealInfo {
            form_id: "a",
            form_version: "bc",
        };
        assert_ne!(info.to_bytes(), shifted.to_bytes());
        let aad = SealAad {
            submission_id: "ab",
            device_id: "c",
        };
        assert_eq!(
            aad.to_bytes(),
            b"qabul/seal/v1/aad\0\0\0\x02ab\0\0\0\x01c".to_vec()
        );
    }

    #[test]
    fn every_open_error_has_its_own_code() {
        let kid = KeyId([0; 8]);
        let errors = [
            OpenError::WrongKey {
                expected: kid,
                found: kid,
            },
            OpenError::MissingKey {
                needed: kid,
                loaded: vec![],
            },
            OpenError::Damaged,
            OpenError::Malformed(Malformed::NotBase64),
            OpenError::UnsupportedVersion(9),
            OpenError::NotSealed,
            OpenError::BadContent(String::new()),
        ];
        let codes: std::collections::BTreeSet<_> = errors.iter().map(OpenError::code).collect();
        assert_eq!(codes.len(), errors.len());
    }
}
