//! The server's API as the phone calls it, over `fetch`.

use qabul_core::protocol::{
    BatchRequest, BatchResponse, EnrollRequest, EnrollResponse, ErrorBody, FormsResponse,
};
use qabul_core::review::{
    CreatedEnumerator, EnumeratorRow, LoginRequest, NewEnumerator, ReviewDecision,
    SubmissionDetail, SubmissionPage, Supervisor,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::JsFuture;

/// Why a call did not give its answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, the server down, the connection cut.
    #[error("no answer from the server")]
    NoAnswer,
    /// An HTTP error with the server's code.
    #[error("the server answered {status}: {code}")]
    Status { status: u16, code: String },
    #[error("the server's answer could not be read")]
    BadBody,
}

async fn call<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&B>,
) -> Result<R, ApiError> {
    let text = call_text(method, path, token, body).await?;
    crate::json::parse(&text).ok_or(ApiError::BadBody)
}

/// The body of a successful answer, as text.
async fn call_text<B: Serialize>(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&B>,
) -> Result<String, ApiError> {
    let window = web_sys::window().ok_or(ApiError::NoAnswer)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| ApiError::NoAnswer)?;
    if let Some(token) = token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    if let Some(body) = body {
        let json = serde_json::to_string(body).map_err(|_| ApiError::BadBody)?;
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&json.into());
    }
    init.set_headers(&headers);
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::NoAnswer)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::NoAnswer)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(|_| ApiError::NoAnswer)?)
        .await
        .map_err(|_| ApiError::NoAnswer)?
        .as_string()
        .unwrap_or_default();
    let status = response.status();
    // A 204 has no body: read it as `null`, which `()` accepts.
    let text = if text.is_empty() {
        "null".to_owned()
    } else {
        text
    };
    if !(200..300).contains(&status) {
        let code = crate::json::parse::<ErrorBody>(&text).map_or_else(String::new, |e| e.code);
        return Err(ApiError::Status { status, code });
    }
    Ok(text)
}

pub async fn enroll(code: &str) -> Result<EnrollResponse, ApiError> {
    call(
        "POST",
        "/api/v1/enroll",
        None,
        Some(&EnrollRequest {
            code: code.to_owned(),
        }),
    )
    .await
}

pub async fn forms(token: &str) -> Result<FormsResponse, ApiError> {
    call::<(), _>("GET", "/api/v1/forms", Some(token), None).await
}

pub async fn send_batch(token: &str, batch: &BatchRequest) -> Result<BatchResponse, ApiError> {
    call("POST", "/api/v1/submissions", Some(token), Some(batch)).await
}

// The review pages' calls. The session travels in its HttpOnly cookie, which `fetch` sends
// on same-origin requests by itself.

pub async fn review_me() -> Result<Supervisor, ApiError> {
    call::<(), _>("GET", "/api/review/me", None, None).await
}

pub async fn review_login(name: String, password: String) -> Result<Supervisor, ApiError> {
    call(
        "POST",
        "/api/review/login",
        None,
        Some(&LoginRequest { name, password }),
    )
    .await
}

pub async fn review_logout() -> Result<(), ApiError> {
    call::<(), _>("POST", "/api/review/logout", None, None).await
}

pub async fn review_enumerators() -> Result<Vec<EnumeratorRow>, ApiError> {
    call::<(), _>("GET", "/api/review/enumerators", None, None).await
}

pub async fn review_create_enumerator(name: String) -> Result<CreatedEnumerator, ApiError> {
    call(
        "POST",
        "/api/review/enumerators",
        None,
        Some(&NewEnumerator { name }),
    )
    .await
}

pub async fn review_revoke(name: &str) -> Result<serde_json::Value, ApiError> {
    let path = format!(
        "/api/review/enumerators/{}/revoke",
        String::from(js_sys::encode_uri_component(name))
    );
    call::<(), _>("POST", &path, None, None).await
}

/// `query` is the table's query string, already encoded.
pub async fn review_submissions(query: &str) -> Result<SubmissionPage, ApiError> {
    call::<(), _>(
        "GET",
        &format!("/api/review/submissions?{query}"),
        None,
        None,
    )
    .await
}

pub async fn review_submission(id: &str) -> Result<SubmissionDetail, ApiError> {
    let path = format!(
        "/api/review/submissions/{}",
        String::from(js_sys::encode_uri_component(id))
    );
    call::<(), _>("GET", &path, None, None).await
}

pub async fn review_decide(
    id: &str,
    decision: &ReviewDecision,
) -> Result<SubmissionDetail, ApiError> {
    let path = format!(
        "/api/review/submissions/{}/review",
        String::from(js_sys::encode_uri_component(id))
    );
    call("POST", &path, None, Some(decision)).await
}

/// The sealed submissions the filters select, to open in this page.
/// Every sealed submission: tens of megabytes for ten thousand, read with `serde_json`,
/// which takes them straight from the text, rather than through the browser's parser and a
/// walk over the JavaScript objects it makes (the review module has `serde_json` anyway).
pub async fn review_sealed(query: &str) -> Result<Vec<qabul_core::review::SealedItem>, ApiError> {
    let text = call_text::<()>(
        "GET",
        &format!("/api/review/sealed.json?{query}"),
        None,
        None,
    )
    .await?;
    serde_json::from_str(&text).map_err(|_| ApiError::BadBody)
}

pub async fn review_dashboard(query: &str) -> Result<qabul_core::dashboard::Summary, ApiError> {
    call::<(), _>("GET", &format!("/api/review/dashboard?{query}"), None, None).await
}
