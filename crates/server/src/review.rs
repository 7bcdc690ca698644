//! The supervisor's API behind the review pages: enumerators (create with an enrolment
//! link, list with their last upload and missing sequence numbers, revoke), and the
//! submissions table (filtered, sorted and paged by the database), each submission's detail
//! with its review history, and review decisions.
//! Every handler takes a [`Supervisor`], so none runs without a session.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::response::{IntoResponse as _, Response};
use qabul_core::Date;
use qabul_core::dashboard::Facts;
use qabul_core::protocol::{Submission, Timestamp};
use qabul_core::quality::Flag;
use qabul_core::review::{
    CreatedEnumerator, EnumeratorRow, NewEnumerator, ReviewDecision, ReviewStatus,
    SubmissionDetail, SubmissionPage,
};

use crate::accounts;
use crate::admin::{self, EnumeratorName};
use crate::app::AppState;
use crate::auth::{AuthError, Supervisor};
use crate::db::{ReviewError, RevokeError, SubmissionFilter, SubmissionSort};
use crate::export::Format;

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

/// The most rows one page of the table holds.
pub const MAX_PER_PAGE: u32 = 200;

/// The submissions table's query string. Dates are days (`2026-11-22`, UTC): `from` is the
/// first day shown, `to` the last.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    form: Option<String>,
    version: Option<String>,
    from: Option<String>,
    to: Option<String>,
    governorate: Option<String>,
    district: Option<String>,
    enumerator: Option<String>,
    status: Option<String>,
    outcome: Option<String>,
    /// A quality flag's code: `too_short`, `sequence_gap` or `burst`.
    flag: Option<String>,
    sort: Option<String>,
    page: Option<u32>,
    per_page: Option<u32>,
    /// Exports only: choice labels in this language (`en`, `ar`, `ckb`) instead of codes.
    labels: Option<String>,
    /// Exports only: keep latitude and longitude (left out unless asked).
    location: Option<bool>,
}

fn day(text: &str, field: &str) -> Result<Date, AuthError> {
    text.parse()
        .map_err(|_| AuthError::BadRequest(format!("`{field}` must be a day such as 2026-11-22")))
}

impl ListQuery {
    fn parse(self) -> Result<(SubmissionFilter, SubmissionSort, u32, u32), AuthError> {
        let nonempty = |v: Option<String>| v.filter(|s| !s.is_empty());
        let status =
            match nonempty(self.status) {
                Some(code) => Some(ReviewStatus::from_code(&code).ok_or_else(|| {
                    AuthError::BadRequest(format!("unknown review status `{code}`"))
                })?),
                None => None,
            };
        let until = match nonempty(self.to) {
            Some(text) => Some(Timestamp::end_of_day(day(&text, "to")?)),
            None => None,
        };
        let filter = SubmissionFilter {
            form_id: nonempty(self.form),
            form_version: nonempty(self.version),
            from: nonempty(self.from)
                .map(|t| day(&t, "from").map(Timestamp::start_of_day))
                .transpose()?,
            until,
            governorate: nonempty(self.governorate),
            district: nonempty(self.district),
            enumerator: nonempty(self.enumerator),
            review_status: status,
            outcome: nonempty(self.outcome),
            flag: match nonempty(self.flag) {
                Some(code) => Some(Flag::from_code(&code).ok_or_else(|| {
                    AuthError::BadRequest(format!(
                        "unknown quality flag `{code}`: too_short, sequence_gap or burst"
                    ))
                })?),
                None => None,
            },
            sealed_only: false,
        };
        let sort = match nonempty(self.sort) {
            Some(code) => SubmissionSort::from_code(&code)
                .ok_or_else(|| AuthError::BadRequest(format!("unknown sort `{code}`")))?,
            None => SubmissionSort::default(),
        };
        let per_page = self.per_page.unwrap_or(50).clamp(1, MAX_PER_PAGE);
        Ok((filter, sort, self.page.unwrap_or(1).max(1), per_page))
    }
}

/// `GET /api/review/submissions?district=…&status=…&sort=…&page=…`
pub(crate) async fn submissions(
    _: Supervisor,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SubmissionPage>, AuthError> {
    let Query(query) = query.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    let (filter, sort, page, per_page) = query.parse()?;
    let (total, rows) = state
        .db
        .submission_page(&filter, sort, page, per_page)
        .await?;
    Ok(Json(SubmissionPage {
        total,
        page,
        per_page,
        rows,
    }))
}

/// `GET /api/review/submissions/{id}`
pub(crate) async fn submission(
    _: Supervisor,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<SubmissionDetail>, AuthError> {
    let (row, content) = state
        .db
        .submission_row(&id)
        .await?
        .ok_or_else(|| AuthError::NotFound(id.clone()))?;
    let submission: Submission = serde_json::from_str(&content)
        .map_err(|e| AuthError::Internal(format!("stored submission {id} does not read: {e}")))?;
    let history = state.db.review_history(&id).await?;
    Ok(Json(SubmissionDetail {
        row,
        submission,
        history,
    }))
}

/// `POST /api/review/submissions/{id}/review {"status": "approved", "comment": "…"}`
pub(crate) async fn decide(
    supervisor: Supervisor,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Json<ReviewDecision>, JsonRejection>,
) -> Result<Json<SubmissionDetail>, AuthError> {
    let Json(decision) = body.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    if decision.status == ReviewStatus::Pending {
        return Err(AuthError::BadRequest(
            "a decision is approved, on_hold or rejected".into(),
        ));
    }
    if decision.comment.chars().count() > 2_000 {
        return Err(AuthError::BadRequest(
            "a comment holds at most 2,000 characters".into(),
        ));
    }
    match state
        .db
        .review(
            &id,
            decision.status,
            decision.comment.trim(),
            &supervisor.name,
            crate::now(),
        )
        .await
    {
        Ok(()) => {}
        Err(ReviewError::UnknownSubmission(id)) => return Err(AuthError::NotFound(id)),
        Err(ReviewError::Db(e)) => return Err(e.into()),
    }
    submission(supervisor, State(state), Path(id)).await
}

/// `GET /api/review/dashboard?…` (the table's filters): counts by day, place and
/// enumerator, the refusal rate and the acceptance index by group, with groups under 30
/// suppressed. The index is the built-in form's, so only its version is summarized.
pub(crate) async fn dashboard(
    _: Supervisor,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<qabul_core::dashboard::Summary>, AuthError> {
    let Query(query) = query.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    let (mut filter, ..) = query.parse()?;
    filter.form_id = Some(qabul_core::builtin::COMMUNITY_ACCEPTANCE_ID.to_owned());
    filter.form_version = Some(qabul_core::builtin::COMMUNITY_ACCEPTANCE_VERSION.to_owned());
    let stored = state.db.dashboard_facts(&filter).await?;
    // Decoding and scoring take CPU time: off the async workers.
    let summary = tokio::task::spawn_blocking(move || {
        let read: Vec<(Option<Date>, Facts)> = stored
            .rows
            .iter()
            .map(|row| {
                let facts = match row.facts.as_deref().map(Facts::decode) {
                    Some(Ok(facts)) => facts,
                    // Filled in at start-up; one stored since then without facts, or with
                    // facts from a newer server, counts as unreadable.
                    _ => Facts::sealed(),
                };
                let day = Timestamp::from_unix_ms(row.finalized_at).date();
                (Some(day), facts)
            })
            .collect();
        qabul_core::dashboard::summarize_facts(
            stored.rows.iter().zip(&read).map(|(row, (day, facts))| {
                qabul_core::dashboard::FactsRow {
                    day: *day,
                    enumerator: stored
                        .enumerators
                        .get(&row.device_id)
                        .map_or("", String::as_str),
                    facts,
                }
            }),
            &crate::db::INDEX_CONFIG,
            &qabul_core::scoring::AggregateRules::default(),
        )
    })
    .await
    .map_err(|e| AuthError::Internal(format!("dashboard task: {e}")))?;
    Ok(Json(summary))
}

/// `GET /api/review/sealed.json?…` (the table's filters): the sealed submissions, streamed,
/// for the review page to open with the supervisor's key.
pub(crate) async fn sealed_json(
    supervisor: Supervisor,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AuthError> {
    let Query(query) = query.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    let (filter, ..) = query.parse()?;
    tracing::info!(by = %supervisor.name, ?filter, "sealed submissions fetched");
    let db = state.db.clone();
    let body = streamed("sealed list", move |tx| async move {
        crate::export::sealed(&db, filter, tx).await
    });
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// A response body fed by `produce`, which sends chunks as it makes them. An error after the
/// status line has gone can only end the body short (a JSON array unclosed, an XLSX file never
/// sent); the log says why.
fn streamed<F>(
    what: &'static str,
    produce: impl FnOnce(tokio::sync::mpsc::Sender<Vec<u8>>) -> F,
) -> axum::body::Body
where
    F: Future<Output = Result<usize, crate::export::ExportError>> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(64);
    let task = produce(tx);
    tokio::spawn(async move {
        if let Err(error) = task.await {
            tracing::error!(%error, what, "stream failed part way");
        }
    });
    // Fused: the compression layer polls a body once more after its end, and a bare
    // `unfold` panics when polled past its end.
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(axum::body::Bytes::from(chunk)), rx))
    });
    axum::body::Body::from_stream(futures_util::StreamExt::fuse(chunks))
}

/// `GET /api/review/export.csv?…` (the table's filters, `labels`, `location`).
pub(crate) async fn export_csv(
    supervisor: Supervisor,
    state: State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AuthError> {
    export(Format::Csv, &supervisor, state, query)
}

/// `GET /api/review/export.json?…`, as [`export_csv`].
pub(crate) async fn export_json(
    supervisor: Supervisor,
    state: State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AuthError> {
    export(Format::Json, &supervisor, state, query)
}

/// `GET /api/review/export.xlsx?…`, as [`export_csv`].
pub(crate) async fn export_xlsx(
    supervisor: Supervisor,
    state: State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AuthError> {
    export(Format::Xlsx, &supervisor, state, query)
}

/// The matching submissions in `format`, streamed as the database yields them. The handlers
/// stay `async` for axum; the work is in the spawned task.
fn export(
    format: Format,
    supervisor: &Supervisor,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AuthError> {
    let Query(mut query) = query.map_err(|e| AuthError::BadRequest(e.body_text()))?;
    let labels = match query.labels.take().filter(|l| !l.is_empty()) {
        Some(code) => Some(code.parse::<qabul_core::lang::Lang>().map_err(|_| {
            AuthError::BadRequest(format!("unknown language `{code}`: en, ar or ckb"))
        })?),
        None => None,
    };
    let options = qabul_core::export::ExportOptions {
        labels,
        include_location: query.location.take().unwrap_or(false),
    };
    let (filter, ..) = query.parse()?;
    tracing::info!(by = %supervisor.name, ?filter, location = options.include_location, %format, "export");
    let db = state.db.clone();
    let body = streamed("export", move |tx| async move {
        crate::export::export(&db, filter, options, format, tx).await
    });
    let name = format!(
        "attachment; filename=\"qabul-{}.{}\"",
        crate::now().date(),
        format.extension()
    );
    Ok((
        [
            (CONTENT_TYPE, format.content_type().to_owned()),
            (CACHE_CONTROL, "no-store".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}
