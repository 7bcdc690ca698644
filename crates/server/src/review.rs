//! The supervisor's API behind the review pages: enumerators for now (create with an
//! enrolment link, list with their last upload and missing sequence numbers, revoke).
//! Every handler takes a [`Supervisor`], so none runs without a session.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use serde::{Deserialize, Serialize};

use crate::accounts;
use crate::admin::{self, EnumeratorName};
use crate::app::AppState;
use crate::auth::{AuthError, Supervisor};
use crate::db::RevokeError;

/// One enumerator as the review page lists them.
#[derive(Debug, Serialize)]
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

/// `GET /api/review/enumerators`
pub(crate) async fn enumerators(
    _: Supervisor,
    State(state): State<AppState>,
) -> Result<Json<Vec<EnumeratorRow>>, AuthError> {
    let list = state.db.enumerators().await?;
    let gaps = state.db.sequence_gaps().await?;
    let rows = list
        .into_iter()
        .map(|e| {
            let missing = gaps
                .iter()
                .filter(|g| g.enumerator == e.name)
                .flat_map(|g| g.missing.iter().map(|r| [*r.start(), *r.end()]))
                .collect();
            EnumeratorRow {
                active: e.revoked_at.is_none(),
                created_at: e.created_at.to_string(),
                phones: e.devices,
                submissions: e.submissions,
                last_upload: e.last_received_at.map(|t| t.to_string()),
                missing,
                name: e.name,
            }
        })
        .collect();
    Ok(Json(rows))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEnumerator {
    name: String,
}

#[derive(Debug, Serialize)]
pub struct CreatedEnumerator {
    pub name: String,
    pub code: String,
    /// The link that enrols a phone: `…/enroll#code=…`, also shown as a QR code.
    pub url: String,
    pub expires_at: String,
}

/// The server's address as the supervisor's browser reached it, for the enrolment link:
/// phones reach the same address.
fn base_url(headers: &HeaderMap) -> Result<String, AuthError> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && !h.contains(['/', ' ']))
        .ok_or_else(|| AuthError::BadRequest("the request has no usable Host header".into()))?;
    let scheme = if accounts::came_over_https(headers) {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{host}"))
}

/// `POST /api/review/enumerators {"name": …}`: creates the enumerator (or gives an existing
/// one a new code) and answers with the one-time enrolment link.
pub(crate) async fn create_enumerator(
    supervisor: Supervisor,
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewEnumerator>, JsonRejection>,
) -> Result<Json<CreatedEnumerator>, AuthError> {
    let Json(request) = body.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    let name: EnumeratorName = request
        .name
        .parse()
        .map_err(|e: admin::InvalidName| AuthError::BadRequest(e.to_string()))?;
    let base = base_url(&headers)?;
    let code = admin::add_enumerator(&state.db, &name, &base, admin::DEFAULT_CODE_LIFETIME).await?;
    tracing::info!(by = %supervisor.name, enumerator = name.as_str(), "enrolment code issued");
    Ok(Json(CreatedEnumerator {
        name: name.as_str().to_owned(),
        code: code.code,
        url: code.url,
        expires_at: code.expires_at.to_string(),
    }))
}

/// `POST /api/review/enumerators/{name}/revoke`
pub(crate) async fn revoke_enumerator(
    supervisor: Supervisor,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, AuthError> {
    match state.db.revoke_enumerator(&name, crate::now()).await {
        Ok(phones) => {
            tracing::info!(by = %supervisor.name, enumerator = %name, "enumerator revoked");
            Ok(Json(
                serde_json::json!({ "name": name, "phones_revoked": phones }),
            ))
        }
        Err(RevokeError::Unknown(name)) => Err(AuthError::NotFound(name)),
        Err(RevokeError::Db(e)) => Err(e.into()),
    }
}
