//! The HTTP application: routes, shared state and the listener.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::api::{self, FormCache};
use crate::assets::Assets;
use crate::db::{DatabaseUrl, Db};
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::security_headers;
use crate::{auth, review};

/// What `qabul serve` is told on its command line.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub database: DatabaseUrl,
    pub static_dir: PathBuf,
    /// Enrolment attempts allowed per client address.
    pub enroll_limit: RateLimit,
    /// Supervisor sign-in attempts allowed per client address.
    pub login_limit: RateLimit,
}

impl AppConfig {
    pub fn new(database: DatabaseUrl, static_dir: PathBuf) -> Self {
        Self {
            database,
            static_dir,
            enroll_limit: RateLimit::default(),
            login_limit: RateLimit::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub(crate) db: Db,
    assets: Assets,
    pub(crate) forms: Arc<FormCache>,
    pub(crate) enroll_limiter: Arc<RateLimiter>,
    pub(crate) login_limiter: Arc<RateLimiter>,
}

/// A ready application: database open and migrated, PWA loaded and compressed.
#[derive(Debug)]
pub struct App {
    router: Router,
    db: Db,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Assets(#[from] crate::assets::AssetsError),
    #[error("the PWA loader task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
}

impl App {
    pub async fn build(config: &AppConfig) -> Result<Self, StartError> {
        let db = Db::open(&config.database).await?;
        let dir = config.static_dir.clone();
        // Compression at quality 11 takes a moment: keep it off the async workers.
        let assets = tokio::task::spawn_blocking(move || Assets::load(&dir)).await??;
        let forms = Arc::new(FormCache::load(&db).await?);
        let state = AppState {
            db: db.clone(),
            assets,
            forms,
            enroll_limiter: Arc::new(RateLimiter::new(config.enroll_limit)),
            login_limiter: Arc::new(RateLimiter::new(config.login_limit)),
        };
        let router = Router::new()
            .route("/healthz", get(healthz))
            .route("/api/v1/enroll", post(api::enroll))
            .route("/api/v1/forms", get(api::forms))
            .route("/api/v1/submissions", post(api::submissions))
            .route("/api/review/login", post(auth::login))
            .route("/api/review/logout", post(auth::logout))
            .route("/api/review/me", get(auth::me))
            .route(
                "/api/review/enumerators",
                get(review::enumerators).post(review::create_enumerator),
            )
            .route(
                "/api/review/enumerators/{name}/revoke",
                post(review::revoke_enumerator),
            )
            .route("/api/review/qr", get(review::qr))
            .route("/api/review/submissions", get(review::submissions))
            .route("/api/review/dashboard", get(review::dashboard))
            .route("/api/review/export.csv", get(review::export_csv))
            .route("/api/review/export.json", get(review::export_json))
            .route("/api/review/export.xlsx", get(review::export_xlsx))
            .route("/api/review/sealed.json", get(review::sealed_json))
            .route("/api/review/submissions/{id}", get(review::submission))
            .route("/api/review/submissions/{id}/review", post(review::decide))
            .fallback(static_files)
            .layer(compression())
            .layer(axum::middleware::map_response(security_headers::add))
            .with_state(state);
        Ok(Self { router, db })
    }

    /// The open database, for tests and tools that run beside the server.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Binds `addr` (port 0 picks a free one) and returns the bound address with the server's
    /// future, so that a caller can print or test the address before serving.
    pub async fn bind(
        self,
        addr: SocketAddr,
    ) -> Result<(SocketAddr, impl Future<Output = std::io::Result<()>>), StartError> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        // The peer's address feeds the enrolment rate limit.
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let server = axum::serve(listener, service).with_graceful_shutdown(shutdown_signal());
        Ok((local, server.into_future()))
    }
}

/// Compresses answers on the fly for clients that accept it: a supervisor on a mobile
/// connection fetches thousands of sealed submissions or a whole export. Brotli at quality 4,
/// not the library's 11, which is far too slow for answers made per request. The PWA's files
/// carry their own encoding already and are left as they are, and so are images and the XLSX
/// export, which is a zip archive.
fn compression()
-> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate as _};
    use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new(
            "application/vnd.openxmlformats-officedocument",
        )))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(term) => {
                    term.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            () = term => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

async fn static_files(State(state): State<AppState>, request: Request) -> Response {
    let method = request.method();
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    state
        .assets
        .respond(method, request.uri().path(), request.headers())
}
