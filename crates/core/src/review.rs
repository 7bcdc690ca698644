//! The review API's JSON shapes, shared by the server and the review pages of the PWA.

use serde::{Deserialize, Serialize};

/// A signed-in supervisor (`GET /api/review/me`, and the answer to signing in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervisor {
    pub name: String,
}

/// `POST /api/review/login`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub name: String,
    pub password: String,
}

/// One enumerator as `GET /api/review/enumerators` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumeratorRow {
    pub name: String,
    pub active: bool,
    pub created_at: String,
    pub phones: i64,
    pub submissions: i64,
    pub last_upload: Option<String>,
    /// Sequence numbers missing from their phones' uploads, as `[first, last]` ranges.
    pub missing: Vec<[u64; 2]>,
}

/// `POST /api/review/enumerators`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEnumerator {
    pub name: String,
}

/// The answer to creating an enumerator: a one-time enrolment code and its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedEnumerator {
    pub name: String,
    pub code: String,
    /// The link that enrols a phone: `…/enroll#code=…`, also shown as a QR code.
    pub url: String,
    pub expires_at: String,
}
