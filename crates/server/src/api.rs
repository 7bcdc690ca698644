//! The phone's API (DESIGN.md, "The wire protocol"): enrolment, forms and batch upload.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::Json;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;
use qabul_core::protocol::{
    BatchResponse, EnrollRequest, EnrollResponse, ErrorBody, FormEntry, FormsResponse, ItemOutcome,
    ItemResult, MAX_BATCH_BYTES, MAX_BATCH_SUBMISSIONS, Submission, codes,
    normalize_enrollment_code,
};
use qabul_core::{EvalContext, Form};

use crate::app::AppState;
use crate::db::{Db, DbError, Device, Inserted, NewSubmission};
use crate::secrets;

/// A whole-request failure, answered with its status and a JSON `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    MalformedJson(String),
    #[error("the body must be an object with a `submissions` array: {0}")]
    MalformedBatch(String),
    #[error("missing, unknown or revoked token: enrol this phone again")]
    Unauthorized,
    #[error("this enrolment code is unknown, used or expired: ask your supervisor for a new one")]
    EnrollmentCodeInvalid,
    #[error("the body is larger than {MAX_BATCH_BYTES} bytes (after decompression)")]
    TooLarge,
    #[error("a batch holds at most {MAX_BATCH_SUBMISSIONS} submissions, this one {0}")]
    TooManySubmissions(usize),
    #[error("the body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("unsupported Content-Encoding `{0}`: send gzip or no encoding")]
    UnsupportedEncoding(String),
    #[error("too many enrolment attempts from this address: wait a minute")]
    RateLimited,
    #[error("the server could not store the batch; nothing was stored, send it again")]
    Database(#[from] DbError),
    #[error("the server failed: {0}")]
    Internal(String),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, codes::MALFORMED_JSON),
            ApiError::MalformedBatch(_) => (StatusCode::BAD_REQUEST, codes::MALFORMED_BATCH),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED),
            ApiError::EnrollmentCodeInvalid => {
                (StatusCode::FORBIDDEN, codes::ENROLLMENT_CODE_INVALID)
            }
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_LARGE),
            ApiError::TooManySubmissions(_) => {
                (StatusCode::PAYLOAD_TOO_LARGE, codes::TOO_MANY_SUBMISSIONS)
            }
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_MEDIA_TYPE,
            ),
            ApiError::UnsupportedEncoding(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                codes::UNSUPPORTED_ENCODING,
            ),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, codes::RATE_LIMITED),
            ApiError::Database(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = (
            status,
            Json(ErrorBody {
                code: code.to_owned(),
                message: self.to_string(),
            }),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// The loaded forms, by id and version, for validation. Forms are added rarely and never
/// change, so the cache is reloaded only when a batch names a version it lacks (another
/// server process may have added it).
#[derive(Debug, Default)]
pub struct FormCache {
    forms: RwLock<Arc<FormMap>>,
}

/// Loaded forms by id and version.
type FormMap = HashMap<(String, String), Arc<CachedForm>>;

#[derive(Debug)]
pub struct CachedForm {
    form: Form,
    /// The key its submissions are sealed to, if it is encrypted.
    public_key: Option<qabul_core::seal::PublicKey>,
}

impl FormCache {
    pub async fn load(db: &Db) -> Result<Self, DbError> {
        let cache = Self::default();
        cache.reload(db).await?;
        Ok(cache)
    }

    async fn reload(&self, db: &Db) -> Result<(), DbError> {
        let mut forms = HashMap::new();
        for stored in db.forms().await? {
            let public_key = match stored.public_key.as_deref().map(str::parse) {
                None => None,
                Some(Ok(key)) => Some(key),
                Some(Err(error)) => {
                    tracing::error!(id = %stored.id, version = %stored.version, %error,
                        "a stored form's public key does not read; its submissions will be rejected");
                    continue;
                }
            };
            match Form::from_json(&stored.definition) {
                Ok(form) => {
                    forms.insert(
                        (stored.id, stored.version),
                        Arc::new(CachedForm { form, public_key }),
                    );
                }
                Err(error) => {
                    tracing::error!(id = %stored.id, version = %stored.version, %error,
                        "a stored form does not load; its submissions will be rejected");
                }
            }
        }
        *self
            .forms
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(forms);
        Ok(())
    }

    fn snapshot(&self) -> Arc<FormMap> {
        self.forms
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// `POST /api/v1/enroll`.
pub(crate) async fn enroll(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<EnrollResponse>, ApiError> {
    if !state.enroll_limiter.allow(peer.ip()) {
        return Err(ApiError::RateLimited);
    }
    require_json(&headers)?;
    // An enrolment request is a few dozen bytes.
    let bytes = read_body(body, &headers, 4096).await?;
    let request: EnrollRequest =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    let code = normalize_enrollment_code(&request.code).ok_or(ApiError::EnrollmentCodeInvalid)?;
    let token = secrets::new_token();
    let device_id = secrets::new_device_id();
    let enumerator = state
        .db
        .enroll(
            &secrets::hash(&code),
            &device_id,
            &secrets::hash(&token),
            crate::now(),
        )
        .await?
        .ok_or(ApiError::EnrollmentCodeInvalid)?;
    tracing::info!(%enumerator, %device_id, "device enrolled");
    Ok(Json(EnrollResponse {
        token,
        device_id,
        enumerator,
    }))
}

/// `GET /api/v1/forms`.
pub(crate) async fn forms(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<FormsResponse>, ApiError> {
    authenticate(&state.db, &headers).await?;
    let forms = state
        .db
        .forms()
        .await?
        .into_iter()
        .map(|stored| {
            Ok(FormEntry {
                title: serde_json::from_str(&stored.title)
                    .map_err(|e| ApiError::Internal(format!("stored title: {e}")))?,
                definition: serde_json::from_str(&stored.definition)
                    .map_err(|e| ApiError::Internal(format!("stored definition: {e}")))?,
                id: stored.id,
                version: stored.version,
                public_key: stored.public_key,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Json(FormsResponse { forms }))
}

/// A batch as first read: each item stays JSON until it is judged on its own, so that one
/// malformed submission does not refuse the others.
#[derive(serde::Deserialize)]
struct RawBatch<'a> {
    #[serde(borrow)]
    submissions: Vec<&'a serde_json::value::RawValue>,
}

/// `POST /api/v1/submissions`.
pub(crate) async fn submissions(
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<BatchResponse>, ApiError> {
    let (parts, body) = request.into_parts();
    let device = authenticate(&state.db, &parts.headers).await?;
    require_json(&parts.headers)?;
    let bytes = axum::body::Bytes::from(read_body(body, &parts.headers, MAX_BATCH_BYTES).await?);
    let mut judged = judge_batch(state.forms.snapshot(), bytes.clone()).await??;
    if judged.iter().any(Judged::names_unknown_form) {
        // Another server process may have published the version: look once more.
        state.forms.reload(&state.db).await?;
        judged = judge_batch(state.forms.snapshot(), bytes).await??;
    }

    // Move the valid rows out for the insert; keep each one's id and digest for its result.
    let mut slots: Vec<Result<ItemResult, (String, String)>> = Vec::with_capacity(judged.len());
    let mut valid: Vec<NewSubmission> = Vec::with_capacity(judged.len());
    for item in judged {
        match item {
            Judged::Valid(row) => {
                slots.push(Err((row.id.clone(), row.digest.clone())));
                valid.push(row);
            }
            Judged::Rejected(result) => slots.push(Ok(result)),
        }
    }
    let mut inserted = state
        .db
        .insert_submissions(&device.id, &valid, crate::now())
        .await?
        .into_iter();

    let results: Vec<ItemResult> = slots
        .into_iter()
        .map(|slot| match slot {
            Ok(rejected) => Ok(rejected),
            Err((id, digest)) => {
                let (outcome, code, message) = match inserted.next() {
                    Some(Inserted::Stored) => (ItemOutcome::Stored, None, None),
                    Some(Inserted::Duplicate) => (ItemOutcome::Duplicate, None, None),
                    Some(Inserted::Conflict { stored_digest }) => (
                        ItemOutcome::Conflict,
                        Some(codes::CONFLICT.to_owned()),
                        Some(format!(
                            "another submission with this id is stored (digest {stored_digest}); \
                             nothing was written"
                        )),
                    ),
                    None => {
                        return Err(ApiError::Internal(
                            "fewer insert results than submissions".to_owned(),
                        ));
                    }
                };
                Ok(ItemResult {
                    id,
                    outcome,
                    digest,
                    code,
                    message,
                })
            }
        })
        .collect::<Result<_, _>>()?;
    let stored = results
        .iter()
        .filter(|r| r.outcome == ItemOutcome::Stored)
        .count();
    tracing::debug!(device = %device.id, items = results.len(), stored, "batch committed");

    #[cfg(feature = "fault-injection")]
    crate::faults::maybe_drop_after_commit();

    Ok(Json(BatchResponse { results }))
}

/// Reads a batch and judges each of its submissions. Parsing and validation run the form's
/// logic over every answer: CPU work, kept off the async workers that serve the other
/// connections.
fn judge_batch(
    forms: Arc<FormMap>,
    bytes: axum::body::Bytes,
) -> impl Future<Output = Result<Result<Vec<Judged>, ApiError>, ApiError>> {
    let task = tokio::task::spawn_blocking(move || {
        let text =
            std::str::from_utf8(&bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
        // Malformed JSON (400 malformed_json) is told apart from well-formed JSON of the wrong
        // shape (400 malformed_batch).
        let batch: RawBatch = serde_json::from_str(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                ApiError::MalformedJson(e.to_string())
            } else {
                ApiError::MalformedBatch(e.to_string())
            }
        })?;
        if batch.submissions.len() > MAX_BATCH_SUBMISSIONS {
            return Err(ApiError::TooManySubmissions(batch.submissions.len()));
        }
        Ok(batch
            .submissions
            .iter()
            .map(|item| judge(item.get(), &forms))
            .collect())
    });
    async move {
        task.await
            .map_err(|e| ApiError::Internal(format!("validation task: {e}")))
    }
}

/// One submission of a batch, judged.
#[derive(Debug)]
enum Judged {
    Valid(NewSubmission),
    Rejected(ItemResult),
}

impl Judged {
    fn names_unknown_form(&self) -> bool {
        matches!(self, Judged::Rejected(result)
            if result.code.as_deref() == Some(codes::UNKNOWN_FORM_VERSION))
    }
}

/// Reads, checks and validates one submission against its form version.
fn judge(item: &str, forms: &FormMap) -> Judged {
    let rejected = |id: String, digest: String, code: &str, message: String| {
        Judged::Rejected(ItemResult {
            id,
            outcome: ItemOutcome::Rejected,
            digest,
            code: Some(code.to_owned()),
            message: Some(message),
        })
    };
    let submission: Submission = match serde_json::from_str(item) {
        Ok(submission) => submission,
        Err(error) => {
            // The item is valid JSON (the batch parsed), just not a submission.
            let value: serde_json::Value = serde_json::from_str(item).unwrap_or_default();
            let id = value
                .get("id")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let digest = qabul_core::protocol::sha256_hex(
                qabul_core::protocol::canonical_json(&value).as_bytes(),
            );
            return rejected(id, digest, codes::MALFORMED_SUBMISSION, error.to_string());
        }
    };
    let content = submission.canonical_json();
    let digest = qabul_core::protocol::sha256_hex(content.as_bytes());
    let reject = |code: &str, message: String| {
        rejected(submission.id.clone(), digest.clone(), code, message)
    };
    let times = match submission.check() {
        Ok(times) => times,
        Err(problem) => return reject(codes::MALFORMED_SUBMISSION, problem.to_string()),
    };
    let Ok(device_seq) = i64::try_from(submission.device_seq) else {
        return reject(
            codes::MALFORMED_SUBMISSION,
            "device_seq is too large".to_owned(),
        );
    };
    let key = (submission.form_id.clone(), submission.form_version.clone());
    let Some(cached) = forms.get(&key) else {
        return reject(
            codes::UNKNOWN_FORM_VERSION,
            format!(
                "the server has no form `{}` version `{}`",
                submission.form_id, submission.form_version
            ),
        );
    };
    let outcome = match (&submission.answers, &cached.public_key) {
        (Some(answers), None) => {
            // Judge constraints such as `. <= today()` as the phone did, on the day the
            // interview was finalized.
            let eval_context = EvalContext {
                today: times.finalized_at.date(),
            };
            match qabul_core::validate_submission(&cached.form, answers, &eval_context) {
                Ok(outcome) => Some(outcome.code()),
                Err(errors) => {
                    let code = errors.first().map_or("invalid_answer", |e| e.code());
                    let message = errors
                        .iter()
                        .map(|e| format!("{} ({}): {e}", e.question(), e.code()))
                        .collect::<Vec<_>>()
                        .join("; ");
                    return reject(code, message);
                }
            }
        }
        (None, Some(key)) => {
            // The envelope's shape and key are checked; its content is not the server's to read.
            let sealed = submission.sealed.as_deref().unwrap_or_default();
            match sealed.parse::<qabul_core::seal::Envelope>() {
                Ok(envelope) if envelope.kid == key.key_id() => None,
                Ok(envelope) => {
                    return reject(
                        codes::WRONG_KEY,
                        format!(
                            "sealed to key {}, but this form version's key is {}",
                            envelope.kid,
                            key.key_id()
                        ),
                    );
                }
                Err(error) => {
                    return reject(
                        codes::MALFORMED_SEALED,
                        format!("`sealed` is not a Qabul envelope: {error}"),
                    );
                }
            }
        }
        (Some(_), Some(_)) => {
            return reject(
                codes::SEALING_MISMATCH,
                "this form is encrypted: the submission must be sealed".to_owned(),
            );
        }
        (None, None) => {
            return reject(
                codes::SEALING_MISMATCH,
                "this form is not encrypted: the submission must carry answers".to_owned(),
            );
        }
    };
    let (governorate, district) = qabul_core::review::place_of(&submission);
    Judged::Valid(NewSubmission {
        facts: crate::db::facts_of(&submission),
        governorate,
        district,
        id: submission.id,
        device_seq,
        form_id: submission.form_id,
        form_version: submission.form_version,
        started_at: times.started_at.unix_ms(),
        finalized_at: times.finalized_at.unix_ms(),
        outcome,
        content,
        digest,
    })
}

/// The device of the request's bearer token.
async fn authenticate(db: &Db, headers: &HeaderMap) -> Result<Device, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| secrets::is_token(t))
        .ok_or(ApiError::Unauthorized)?;
    db.device_for_token(&secrets::hash(token))
        .await?
        .ok_or(ApiError::Unauthorized)
}

fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// Reads the body, undoing a gzip `Content-Encoding` as it streams in, and refuses it as
/// soon as it passes `limit` bytes: neither a large body nor a gzip bomb is ever held whole.
async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> Result<Vec<u8>, ApiError> {
    let gzip = match headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap_or("?").trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("" | "identity") => false,
        Some("gzip" | "x-gzip") => true,
        Some(other) => return Err(ApiError::UnsupportedEncoding(other.to_owned())),
    };
    // Compressed input is smaller than its output except for data that does not compress,
    // where gzip adds a few bytes per block: allow for that.
    let wire_limit = if gzip {
        limit + limit / 16 + 1024
    } else {
        limit
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > wire_limit as u64 * DRAIN_FACTOR) {
        return Err(ApiError::TooLarge);
    }
    let mut body = body;
    let result = read_capped(&mut body, gzip, limit, wire_limit).await;
    if matches!(result, Err(ApiError::TooLarge)) {
        // A client still writing when we close sees a broken pipe, not our 413, and would
        // retry the same batch instead of splitting it: read on (discarding, a bounded
        // amount) so that the answer reaches it.
        let mut discarded = 0;
        while let Some(Ok(frame)) = body.frame().await {
            discarded += frame.data_ref().map_or(0, axum::body::Bytes::len);
            if discarded > wire_limit * usize::try_from(DRAIN_FACTOR).unwrap_or(1) {
                break;
            }
        }
    }
    result
}

/// How many times the limit of a too-large body is read and discarded before answering.
const DRAIN_FACTOR: u64 = 8;

async fn read_capped(
    body: &mut Body,
    gzip: bool,
    limit: usize,
    wire_limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let mut received = 0_usize;
    let mut plain = Vec::new();
    let mut decoder = gzip.then(|| flate2::write::GzDecoder::new(Capped::new(limit)));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::MalformedJson(format!("reading the body: {e}")))?;
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        received += chunk.len();
        if received > wire_limit {
            return Err(ApiError::TooLarge);
        }
        match decoder.as_mut() {
            None => plain.extend_from_slice(&chunk),
            Some(decoder) => {
                if let Err(error) = decoder.write_all(&chunk) {
                    return Err(gzip_error(decoder.get_ref(), &error));
                }
            }
        }
    }
    match decoder {
        None => Ok(plain),
        Some(mut decoder) => {
            if let Err(error) = decoder.try_finish() {
                return Err(gzip_error(decoder.get_ref(), &error));
            }
            let capped = decoder
                .finish()
                .map_err(|e| ApiError::MalformedJson(format!("bad gzip data: {e}")))?;
            Ok(capped.bytes)
        }
    }
}

fn gzip_error(capped: &Capped, error: &std::io::Error) -> ApiError {
    if capped.exceeded {
        ApiError::TooLarge
    } else {
        ApiError::MalformedJson(format!("bad gzip data: {error}"))
    }
}

/// A buffer that refuses to grow past its limit, so that decompression stops there.
#[derive(Debug)]
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    exceeded: bool,
}

impl Capped {
    fn new(limit: usize) -> Self {
        Self {
            bytes: Vec::new(),
            limit,
            exceeded: false,
        }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + data.len() > self.limit {
            self.exceeded = true;
            return Err(std::io::Error::other("decompressed body over the limit"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
