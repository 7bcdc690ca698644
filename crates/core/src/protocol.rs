//! The wire protocol between the phone and the server (DESIGN.md, "The wire protocol").
//!
//! Both ends compile these same types, so a field renamed here is renamed on both sides at
//! once. The JSON shapes are a contract with phones in the field: change them only with a new
//! API version.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::answer::Answers;
use crate::date::Date;
use crate::interview::Paradata;
use crate::lang::Lang;

/// One finalized interview as it travels from the phone to the server.
///
/// A plain form's submission carries `answers` and `paradata`; an encrypted form's carries
/// `sealed` (base64) instead, and the server sees only the routing fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// A UUID v7, made on the phone: it is what makes a retried upload idempotent.
    pub id: String,
    pub form_id: String,
    pub form_version: String,
    /// This device's count of finalized submissions, from 1, with no gaps: a gap on the
    /// server is a submission finalized on a phone and never received.
    pub device_seq: u64,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC.
    pub finalized_at: String,
    /// The interface language the interview was run in.
    pub language: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Answers>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paradata: Option<Paradata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<String>,
}

/// Formats a UUID version 7 (RFC 9562) from a Unix time in milliseconds and ten random bytes.
///
/// The caller supplies both, so that this stays pure: the phone draws the bytes from
/// `crypto.getRandomValues`. Time-ordered ids keep the server's primary-key index compact.
pub fn uuid_v7(unix_ms: u64, random: [u8; 10]) -> String {
    let mut bytes = [0_u8; 16];
    bytes[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&random);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    let hex = to_hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The most submissions one batch may carry.
pub const MAX_BATCH_SUBMISSIONS: usize = 100;

/// The most bytes a batch's JSON may take, after any `Content-Encoding` is undone.
pub const MAX_BATCH_BYTES: usize = 1 << 20;

/// Stable `snake_case` codes of the API's errors, for the phone to translate.
pub mod codes {
    /// A submission that is not the JSON shape of [`super::Submission`] or breaks its rules.
    pub const MALFORMED_SUBMISSION: &str = "malformed_submission";
    /// The submission names a form version the server does not know.
    pub const UNKNOWN_FORM_VERSION: &str = "unknown_form_version";
    /// A plain submission for an encrypted form, or a sealed one for a plain form.
    pub const SEALING_MISMATCH: &str = "sealing_mismatch";
    /// `sealed` is not a Qabul envelope.
    pub const MALFORMED_SEALED: &str = "malformed_sealed";
    /// Sealed to another key than the form version's.
    pub const WRONG_KEY: &str = "wrong_key";
    /// Same id as a stored submission, other content.
    pub const CONFLICT: &str = "conflict";
    pub const MALFORMED_JSON: &str = "malformed_json";
    pub const MALFORMED_BATCH: &str = "malformed_batch";
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const ENROLLMENT_CODE_INVALID: &str = "enrollment_code_invalid";
    pub const TOO_LARGE: &str = "too_large";
    pub const TOO_MANY_SUBMISSIONS: &str = "too_many_submissions";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const UNSUPPORTED_ENCODING: &str = "unsupported_encoding";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const INTERNAL: &str = "internal";
}

/// `POST /api/v1/submissions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRequest {
    pub submissions: Vec<Submission>,
}

/// The 200 answer to a batch: one result per submission, in the batch's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchResponse {
    pub results: Vec<ItemResult>,
}

/// What the server did with one submission of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The submission's id as it was sent (empty if it had none that could be read).
    pub id: String,
    pub outcome: ItemOutcome,
    /// The server's SHA-256 (lowercase hex) of the submission's canonical content; see
    /// [`Submission::digest`]. For a submission that could not be read, the digest of the
    /// item's JSON in the same canonical form.
    pub digest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    /// Written now.
    Stored,
    /// Already there with the same content: a success, nothing written.
    Duplicate,
    /// Already there with other content: nothing written, the original stays.
    Conflict,
    /// Not valid: see `code` and `message`.
    Rejected,
}

impl ItemOutcome {
    pub fn code(self) -> &'static str {
        match self {
            ItemOutcome::Stored => "stored",
            ItemOutcome::Duplicate => "duplicate",
            ItemOutcome::Conflict => "conflict",
            ItemOutcome::Rejected => "rejected",
        }
    }

    /// Whether the server holds this submission, so that the phone may delete its copy.
    pub fn is_safe_on_server(self) -> bool {
        matches!(self, ItemOutcome::Stored | ItemOutcome::Duplicate)
    }
}

/// `POST /api/v1/enroll`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// 256 random bits, base64url without padding. Sent as `Authorization: Bearer <token>`.
    pub token: String,
    pub device_id: String,
    /// The enumerator's name, to greet them with.
    pub enumerator: String,
}

/// `GET /api/v1/forms`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormsResponse {
    pub forms: Vec<FormEntry>,
}

/// One version of one form. The definition stays JSON here so that one form the phone
/// cannot read does not make the whole list unreadable: load each with
/// [`crate::Form::from_json`] or `serde_json::from_value` into a
/// [`crate::form::FormDefinition`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormEntry {
    pub id: String,
    pub version: String,
    pub title: crate::form::Text,
    pub definition: serde_json::Value,
    /// The key this version's submissions are sealed to (`qabul-pk1:…`), if it is encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
}

/// The body of every whole-request error (400, 401, 403, 413, 415, 429, 500).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

/// An instant in UTC, to the millisecond, written in RFC 3339 (`2026-11-22T08:14:10Z`).
///
/// Parsing accepts `Z` or `+00:00` and up to nine fraction digits (kept to the
/// millisecond); other offsets are refused, since the protocol speaks UTC only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    unix_ms: i64,
}

/// Text that is not an RFC 3339 UTC time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 UTC time such as 2026-11-22T08:14:10Z")]
pub struct InvalidTimestamp(pub String);

const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    pub fn from_unix_ms(unix_ms: i64) -> Self {
        Self { unix_ms }
    }

    pub fn unix_ms(self) -> i64 {
        self.unix_ms
    }

    /// Midnight UTC at the start of `date`: where a filter's first day begins.
    pub fn start_of_day(date: Date) -> Self {
        Self::from_unix_ms(date.days_since_epoch() * MS_PER_DAY)
    }

    /// Midnight UTC after `date`: the exclusive end of a filter whose last day is `date`.
    pub fn end_of_day(date: Date) -> Self {
        Self::from_unix_ms((date.days_since_epoch() + 1) * MS_PER_DAY)
    }

    /// The calendar day in UTC, e.g. for [`crate::EvalContext::today`].
    pub fn date(self) -> Date {
        let (year, month, day) = civil_from_days(self.unix_ms.div_euclid(MS_PER_DAY));
        Date::from_ymd(year, month, day).unwrap_or_else(|| {
            // Outside years 1..=9999 no date exists; clamp rather than fail.
            if year < 1 {
                Date::from_ymd(1, 1, 1).expect("a real date")
            } else {
                Date::from_ymd(9999, 12, 31).expect("a real date")
            }
        })
    }
}

/// Hinnant's `civil_from_days`: the inverse of [`Date::days_since_epoch`].
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

impl FromStr for Timestamp {
    type Err = InvalidTimestamp;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidTimestamp(s.to_owned());
        let bytes = s.as_bytes();
        if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't') {
            return Err(invalid());
        }
        let date: Date = s[..10].parse().map_err(|_| invalid())?;
        let two = |at: usize| -> Option<i64> {
            let (a, b) = (bytes[at], bytes[at + 1]);
            (a.is_ascii_digit() && b.is_ascii_digit())
                .then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
        };
        if bytes[13] != b':' || bytes[16] != b':' {
            return Err(invalid());
        }
        let (Some(hour), Some(minute), Some(second)) = (two(11), two(14), two(17)) else {
            return Err(invalid());
        };
        // 60 would be a leap second, which Unix time does not count: refuse it.
        if hour > 23 || minute > 59 || second > 59 {
            return Err(invalid());
        }
        let mut rest = &s[19..];
        let mut millis = 0;
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 9 {
                return Err(invalid());
            }
            millis = fraction[..digits]
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(3)
                .fold(0, |acc, b| acc * 10 + i64::from(b - b'0'));
            rest = &fraction[digits..];
        }
        if !matches!(rest, "Z" | "z" | "+00:00") {
            return Err(invalid());
        }
        let unix_ms = date.days_since_epoch() * MS_PER_DAY
            + ((hour * 60 + minute) * 60 + second) * 1000
            + millis;
        Ok(Self { unix_ms })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.unix_ms.div_euclid(MS_PER_DAY);
        let in_day = self.unix_ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let (seconds, millis) = (in_day / 1000, in_day % 1000);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )?;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a submission breaks the protocol's rules (before any form is looked at).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionProblem {
    #[error("the id `{0}` is not a lowercase UUID")]
    BadId(String),
    #[error("device_seq must count from 1")]
    ZeroSequence,
    #[error("{field}: {source}")]
    BadTime {
        field: &'static str,
        source: InvalidTimestamp,
    },
    #[error("finalized_at is before started_at")]
    FinalizedBeforeStarted,
    #[error("a submission carries either answers or sealed, exactly one of them")]
    AnswersOrSealed,
}

/// A submission's times, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmissionTimes {
    pub started_at: Timestamp,
    pub finalized_at: Timestamp,
}

impl Submission {
    /// Checks the rules every submission follows whatever its form, and reads its times.
    pub fn check(&self) -> Result<SubmissionTimes, SubmissionProblem> {
        if !is_uuid(&self.id) {
            return Err(SubmissionProblem::BadId(self.id.clone()));
        }
        if self.device_seq == 0 {
            return Err(SubmissionProblem::ZeroSequence);
        }
        let time = |field: &'static str, text: &str| {
            text.parse::<Timestamp>()
                .map_err(|source| SubmissionProblem::BadTime { field, source })
        };
        let started_at = time("started_at", &self.started_at)?;
        let finalized_at = time("finalized_at", &self.finalized_at)?;
        if finalized_at < started_at {
            return Err(SubmissionProblem::FinalizedBeforeStarted);
        }
        if self.answers.is_some() == self.sealed.is_some()
            || (self.sealed.is_some() && self.paradata.is_some())
        {
            return Err(SubmissionProblem::AnswersOrSealed);
        }
        Ok(SubmissionTimes {
            started_at,
            finalized_at,
        })
    }

    /// The canonical content: the submission's JSON with every object's keys sorted (by
    /// their UTF-8 bytes) and no whitespace. Both ends compute it from the parsed
    /// submission, so formatting on the wire never changes it.
    pub fn canonical_json(&self) -> String {
        let value = serde_json::to_value(self).expect("a submission always serializes to JSON");
        canonical_json(&value)
    }

    /// The lowercase hex SHA-256 of [`Submission::canonical_json`]: the digest the server
    /// answers with and the phone keeps in its receipt.
    pub fn digest(&self) -> String {
        sha256_hex(self.canonical_json().as_bytes())
    }
}

/// Whether `id` is a UUID in its lowercase hyphenated form (any version).
pub fn is_uuid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// Lowercase hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes `value` as JSON with sorted object keys and no whitespace.
///
/// Written out by hand rather than through `serde_json::Map`: the map keeps insertion order
/// when any crate in the build turns on `serde_json`'s `preserve_order`, and a digest must not
/// depend on what else is linked.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = Vec::with_capacity(1024);
    write_canonical(value, &mut out);
    String::from_utf8(out).expect("JSON written from strings is UTF-8")
}

fn write_canonical(value: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(key, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        // Strings, numbers and literals have one serde_json spelling whatever the features.
        Value::String(text) => write_scalar(text, out),
        Value::Number(number) => write_scalar(number, out),
        Value::Bool(_) | Value::Null => write_scalar(value, out),
    }
}

fn write_scalar<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    serde_json::to_writer(out, value).expect("writing JSON to memory cannot fail");
}

/// The alphabet of enrolment codes: Crockford's base 32, without letters that read as
/// digits (I, L, O) or U.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in an enrolment code, without its hyphens (5 bits each: 100 bits).
pub const ENROLLMENT_CODE_LEN: usize = 20;

/// Formats an enrolment code from random bytes (the caller's randomness): groups of four
/// characters, `7K3M-Q2XD-…`, so that it can be read out and typed.
pub fn enrollment_code(random: [u8; 13]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::with_capacity(ENROLLMENT_CODE_LEN + 4);
    for i in 0..ENROLLMENT_CODE_LEN {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 5 * (ENROLLMENT_CODE_LEN - 1 - i);
        let index = usize::try_from((bits >> shift) & 0x1f).expect("five bits");
        out.push(char::from(CODE_ALPHABET[index]));
    }
    out
}

/// Reads an enrolment code as a person may type it: any case, with or without hyphens and
/// spaces, `O` for `0` and `I`/`L` for `1`. Returns the code in the form
/// [`enrollment_code`] prints, or `None` if it cannot be one.
pub fn normalize_enrollment_code(input: &str) -> Option<String> {
    let mut chars = Vec::with_capacity(ENROLLMENT_CODE_LEN);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\u{a0}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && CODE_ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        chars.push(c);
    }
    if chars.len() != ENROLLMENT_CODE_LEN {
        return None;
    }
    let mut out = String::with_capacity(ENROLLMENT_CODE_LEN + 4);
    for (i, c) in chars.into_iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_runs_from_its_midnight_to_the_next() {
        let day = Date::from_ymd(2026, 11, 22).unwrap();
        assert_eq!(
            Timestamp::start_of_day(day).to_string(),
            "2026-11-22T00:00:00Z"
        );
        assert_eq!(
            Timestamp::end_of_day(day).to_string(),
            "2026-11-23T00:00:00Z"
        );
    }

    #[test]
    fn uuid_v7_carries_its_time_version_and_variant() {
        let id = uuid_v7(0x0193_a1b2_c3d4, [0xff; 10]);
        assert_eq!(id, "0193a1b2-c3d4-7fff-bfff-ffffffffffff");
        let id = uuid_v7(1, [0; 10]);
        assert_eq!(id, "00000000-0001-7000-8000-000000000000");
    }

    #[test]
    fn a_plain_submission_has_no_sealed_field_on_the_wire() {
        let submission = Submission {
            id: uuid_v7(1, [1; 10]),
            form_id: "community_acceptance".into(),
            form_version: "1".into(),
            device_seq: 1,
            started_at: "2026-11-22T08:00:00Z".into(),
            finalized_at: "2026-11-22T08:14:10Z".into(),
            language: Lang::Ar,
            answers: Some(Answers::new()),
            paradata: Some(Paradata::default()),
            sealed: None,
        };
        let json = serde_json::to_value(&submission).unwrap();
        assert!(json.get("sealed").is_none());
        assert_eq!(json["language"], "ar");
        let back: Submission = serde_json::from_value(json).unwrap();
        assert_eq!(back, submission);
    }

    fn sample() -> Submission {
        let answers: Answers =
            serde_json::from_value(serde_json::json!({"district": "ramadi", "age": 41,
                "change_view": ["screening", "peace_agreement"], "weight": 70.5}))
            .unwrap();
        Submission {
            id: uuid_v7(0x0193_a1b2_c3d4, [7; 10]),
            form_id: "community_acceptance".into(),
            form_version: "1".into(),
            device_seq: 17,
            started_at: "2026-11-22T08:00:00Z".into(),
            finalized_at: "2026-11-22T08:14:10Z".into(),
            language: Lang::Ar,
            answers: Some(answers),
            paradata: Some(Paradata::default()),
            sealed: None,
        }
    }

    #[test]
    fn canonical_json_sorts_keys_and_ignores_wire_formatting() {
        let submission = sample();
        let canonical = submission.canonical_json();
        assert!(canonical.starts_with(r#"{"answers":{"age":41,"change_view":["screening","#));
        assert!(canonical.contains(r#""device_seq":17,"finalized_at":"2026-11-22T08:14:10Z""#));
        // The same submission sent with other spacing and key order has the same digest.
        let wire = r#"{ "paradata": {"question_ms": {}}, "language": "ar",
            "answers": {"weight": 70.50, "change_view": ["screening", "peace_agreement"],
                        "age": 41, "district": "ramadi"},
            "finalized_at": "2026-11-22T08:14:10Z", "started_at": "2026-11-22T08:00:00Z",
            "device_seq": 17, "form_version": "1", "form_id": "community_acceptance",
            "id": "0193a1b2-c3d4-7707-8707-070707070707" }"#;
        let parsed: Submission = serde_json::from_str(wire).unwrap();
        assert_eq!(parsed.digest(), submission.digest());
        assert_eq!(submission.digest().len(), 64);
        let mut changed = submission.clone();
        changed.device_seq = 18;
        assert_ne!(changed.digest(), submission.digest());
    }

    #[test]
    fn canonical_json_escapes_strings_and_sorts_by_bytes() {
        let value = serde_json::json!({"b": "quote \" and \u{1} é", "a": [1, 2.5, null, true],
            "é": {}, "Z": false});
        assert_eq!(
            canonical_json(&value),
            r#"{"Z":false,"a":[1,2.5,null,true],"b":"quote \" and \u0001 é","é":{}}"#
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn timestamps_read_utc_only_and_print_rfc_3339() {
        let t: Timestamp = "2026-11-22T08:14:10Z".parse().unwrap();
        assert_eq!(t.to_string(), "2026-11-22T08:14:10Z");
        assert_eq!(t.date(), Date::from_ymd(2026, 11, 22).unwrap());
        assert_eq!(
            Timestamp::from_unix_ms(0).to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix_ms(-1).to_string(),
            "1969-12-31T23:59:59.999Z"
        );
        let precise: Timestamp = "2024-02-29T23:59:59.123456+00:00".parse().unwrap();
        assert_eq!(precise.to_string(), "2024-02-29T23:59:59.123Z");
        assert_eq!(
            "2024-02-29t00:00:00.5z"
                .parse::<Timestamp>()
                .unwrap()
                .unix_ms()
                % 1000,
            500
        );
        for bad in [
            "2026-11-22T08:14:10",
            "2026-11-22T08:14:10+03:00",
            "2026-11-22 08:14:10Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T08:60:00Z",
            "2026-11-22T08:14:60Z",
            "2026-02-30T08:14:10Z",
            "2026-11-22T08:14:10.Z",
            "2026-11-22T08:14:10.1234567890Z",
            "2026-11-22T08:14Z",
            "",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
        for ms in [
            0,
            1,
            999,
            86_399_999,
            1_795_000_000_123,
            -62_135_596_800_000,
        ] {
            let t = Timestamp::from_unix_ms(ms);
            assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
        }
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
    }

    #[test]
    fn submissions_are_checked_before_any_form_is() {
        assert!(sample().check().is_ok());
        let broken = |change: fn(&mut Submission)| {
            let mut submission = sample();
            change(&mut submission);
            submission.check().unwrap_err()
        };
        assert!(matches!(
            broken(|s| s.id = "x".into()),
            SubmissionProblem::BadId(_)
        ));
        assert!(matches!(
            broken(|s| s.id = s.id.to_uppercase()),
            SubmissionProblem::BadId(_)
        ));
        assert_eq!(
            broken(|s| s.device_seq = 0),
            SubmissionProblem::ZeroSequence
        );
        assert!(matches!(
            broken(|s| s.started_at = "yesterday".into()),
            SubmissionProblem::BadTime {
                field: "started_at",
                ..
            }
        ));
        assert_eq!(
            broken(|s| s.finalized_at = "2026-11-22T07:00:00Z".into()),
            SubmissionProblem::FinalizedBeforeStarted
        );
        assert_eq!(
            broken(|s| s.answers = None),
            SubmissionProblem::AnswersOrSealed
        );
        assert_eq!(
            broken(|s| s.sealed = Some("AAAA".into())),
            SubmissionProblem::AnswersOrSealed
        );
    }

    #[test]
    fn batch_results_have_the_wire_shape_of_the_design() {
        let response = BatchResponse {
            results: vec![
                ItemResult {
                    id: "a".into(),
                    outcome: ItemOutcome::Stored,
                    digest: "d".into(),
                    code: None,
                    message: None,
                },
                ItemResult {
                    id: "b".into(),
                    outcome: ItemOutcome::Rejected,
                    digest: "e".into(),
                    code: Some(codes::UNKNOWN_FORM_VERSION.into()),
                    message: Some("no".into()),
                },
            ],
        };
        let json = serde_json::to_value(&response).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"results": [
                {"id": "a", "outcome": "stored", "digest": "d"},
                {"id": "b", "outcome": "rejected", "digest": "e",
                 "code": "unknown_form_version", "message": "no"}
            ]})
        );
        assert_eq!(
            serde_json::from_value::<BatchResponse>(json).unwrap(),
            response
        );
        assert!(ItemOutcome::Duplicate.is_safe_on_server());
        assert!(!ItemOutcome::Conflict.is_safe_on_server());
    }

    #[test]
    fn enrollment_codes_are_typeable_and_forgiving() {
        let code = enrollment_code([0xff; 13]);
        assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let code = enrollment_code([
            0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5,
        ]);
        assert_eq!(code.len(), ENROLLMENT_CODE_LEN + 4);
        assert_eq!(
            normalize_enrollment_code(&code).as_deref(),
            Some(code.as_str())
        );
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(
            normalize_enrollment_code(&typed).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(
            normalize_enrollment_code("oiLo-0000-0000-0000-0000").as_deref(),
            Some("0110-0000-0000-0000-0000")
        );
        assert_eq!(normalize_enrollment_code("0000-0000"), None);
        assert_eq!(normalize_enrollment_code("UUUU-0000-0000-0000-0000"), None);
        assert_eq!(normalize_enrollment_code("٠٠٠٠-0000-0000-0000-0000"), None);
    }
}
