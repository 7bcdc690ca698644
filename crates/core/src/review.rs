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

/// Where a submission stands with its supervisors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Pending,
    Approved,
    OnHold,
    Rejected,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Pending,
        ReviewStatus::Approved,
        ReviewStatus::OnHold,
        ReviewStatus::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Approved => "approved",
            ReviewStatus::OnHold => "on_hold",
            ReviewStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One line of the submissions table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRow {
    pub id: String,
    pub enumerator: String,
    /// The phone that sent it: a sealed submission opens only with its device's id.
    #[serde(default)]
    pub device_id: String,
    pub form_id: String,
    pub form_version: String,
    pub device_seq: i64,
    pub finalized_at: String,
    pub received_at: String,
    pub governorate: Option<String>,
    pub district: Option<String>,
    /// completed, refused or ineligible; `None` for a sealed submission.
    pub outcome: Option<String>,
    pub review_status: ReviewStatus,
    /// Raised when it arrived, in the order of `Flag::ALL`.
    #[serde(default)]
    pub flags: Vec<crate::quality::Flag>,
}

/// A page of the submissions table, with how many match the filters in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionPage {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub rows: Vec<SubmissionRow>,
}

/// One review decision, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEvent {
    pub status: ReviewStatus,
    pub comment: String,
    pub supervisor: String,
    pub at: String,
}

/// `POST /api/review/submissions/{id}/review`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecision {
    pub status: ReviewStatus,
    #[serde(default)]
    pub comment: String,
}

/// `GET /api/review/submissions/{id}`: the row, what was sent, and the review history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionDetail {
    pub row: SubmissionRow,
    pub submission: crate::protocol::Submission,
    pub history: Vec<ReviewEvent>,
}

/// One encrypted submission as the review page fetches them to open in the browser: the
/// sealed submission with what the server knows around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SealedItem {
    /// The phone that sent it: a sealed submission opens only with its device's id.
    pub device_id: String,
    pub enumerator: String,
    pub review_status: ReviewStatus,
    #[serde(default)]
    pub flags: Vec<crate::quality::Flag>,
    /// When the server stored it: the order the quality checks saw it in.
    #[serde(default)]
    pub received_at: Option<crate::protocol::Timestamp>,
    pub submission: crate::protocol::Submission,
}

/// The governorate and district a submission's answers name, if they can be read (not while
/// it is sealed).
pub fn place_of(submission: &crate::protocol::Submission) -> (Option<String>, Option<String>) {
    let text = |name: &str| match submission.answers.as_ref()?.get(name)? {
        crate::AnswerValue::Text(code) => Some(code.clone()),
        _ => None,
    };
    (text("governorate"), text("district"))
}
