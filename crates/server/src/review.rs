//! The supervisor's API behind the review pages: enumerators for now (create with an
//! enrolment link, list with their last upload and missing sequence numbers, revoke).
//! Every handler takes a [`Supervisor`], so none runs without a session.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::response::{IntoResponse as _, Response};
use qabul_core::review::{CreatedEnumerator, EnumeratorRow, NewEnumerator};

use crate::accounts;
use crate::admin::{self, EnumeratorName};
use crate::app::AppState;
use crate::auth::{AuthError, Supervisor};
use crate::db::RevokeError;

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

#[derive(Debug, serde::Deserialize)]
pub struct QrQuery {
    text: String,
}

/// `GET /api/review/qr?text=…`: the text as a QR code in SVG, for the enrolment link on the
/// supervisor's screen. Drawn here rather than in the PWA, so that the phone's module does
/// not carry a QR encoder it never uses.
pub(crate) async fn qr(_: Supervisor, Query(query): Query<QrQuery>) -> Result<Response, AuthError> {
    if query.text.len() > 512 {
        return Err(AuthError::BadRequest(
            "a QR code holds at most 512 bytes here".into(),
        ));
    }
    let code =
        qrcode::QrCode::with_error_correction_level(query.text.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| AuthError::BadRequest(e.to_string()))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    Ok((
        [(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "no-store")],
        svg,
    )
        .into_response())
}
