//! Supervisors signing in and out, and the extractor that guards every review route.
//!
//! A review route takes a [`Supervisor`], which only a live session cookie yields. A phone's
//! bearer token is refused there with 403, and a session cookie is no use on the phone's
//! routes, which read the bearer token alone: the two kinds of credential never cross.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::{AUTHORIZATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use qabul_core::protocol::{ErrorBody, Timestamp};
use qabul_core::review::LoginRequest;
/// A signed-in supervisor: the proof a review route needs.
pub use qabul_core::review::Supervisor;

use crate::accounts::{self, SESSION_LIFETIME};
use crate::app::AppState;
use crate::db::DbError;
use crate::secrets;

/// Why a review request was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("sign in first: there is no session, or it has expired")]
    Unauthorized,
    #[error("a phone's token does not open the review pages")]
    Forbidden,
    #[error("the name or the password is wrong")]
    LoginFailed,
    #[error("too many sign-in attempts from this address: wait a minute")]
    RateLimited,
    #[error("{0}")]
    BadRequest(String),
    #[error("there is no `{0}`")]
    NotFound(String),
    #[error("the server failed; try again")]
    Database(#[from] DbError),
    #[error("the server failed")]
    Internal(String),
}

impl AuthError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AuthError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AuthError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            AuthError::LoginFailed => (StatusCode::UNAUTHORIZED, "login_failed"),
            AuthError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AuthError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AuthError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AuthError::Database(_) | AuthError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = ?self, "review request failed");
        }
        let body = ErrorBody {
            code: code.to_owned(),
            message: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}

impl FromRequestParts<AppState> for Supervisor {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthError> {
        if let Some(token) = accounts::session_token(&parts.headers) {
            if secrets::is_token(token)
                && let Some(name) = state
                    .db
                    .session_supervisor(&secrets::hash(token), crate::now())
                    .await?
            {
                return Ok(Supervisor { name });
            }
            return Err(AuthError::Unauthorized);
        }
        if parts.headers.contains_key(AUTHORIZATION) {
            return Err(AuthError::Forbidden);
        }
        Err(AuthError::Unauthorized)
    }
}

/// `POST /api/review/login`: checks the password and starts a session in a cookie.
pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Response, AuthError> {
    if !state.login_limiter.allow(peer.ip()) {
        return Err(AuthError::RateLimited);
    }
    let Json(request) = body.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    let stored = state.db.supervisor_password_hash(&request.name).await?;
    // argon2 takes tens of milliseconds of CPU: off the async workers. An unknown name is
    // checked against a decoy, so that it takes as long to refuse as a wrong password.
    let known = stored.is_some();
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || match &stored {
        Some(hash) => accounts::verify_password(&password, hash),
        None => accounts::verify_password(&password, accounts::decoy_hash()),
    })
    .await
    .unwrap_or(false);
    if !(known && matches) {
        tracing::warn!(name = %request.name, "failed sign-in");
        return Err(AuthError::LoginFailed);
    }
    let token = secrets::new_token();
    let now = crate::now();
    let lifetime_ms = i64::try_from(SESSION_LIFETIME.as_millis()).unwrap_or(i64::MAX / 2);
    let expires = Timestamp::from_unix_ms(now.unix_ms() + lifetime_ms);
    state
        .db
        .create_session(&secrets::hash(&token), &request.name, now, expires)
        .await?;
    let cookie = accounts::session_cookie(&token, accounts::came_over_https(&headers));
    let supervisor = Supervisor { name: request.name };
    Ok(([(SET_COOKIE, cookie)], Json(supervisor)).into_response())
}

/// `POST /api/review/logout`: ends the session, here and in the browser.
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AuthError> {
    if let Some(token) = accounts::session_token(&headers)
        && secrets::is_token(token)
    {
        state.db.delete_session(&secrets::hash(token)).await?;
    }
    let cookie = accounts::cleared_cookie(accounts::came_over_https(&headers));
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// `GET /api/review/me`: who is signed in.
pub(crate) async fn me(supervisor: Supervisor) -> Json<Supervisor> {
    Json(supervisor)
}
