//! The built PWA, held in memory and compressed once at start-up.
//!
//! Phones on 2G pay for every byte, and a server that compressed on every request would spend
//! its CPU on the same few files again and again: so each file is read and compressed with
//! brotli and gzip when the server starts, and requests only pick the variant they accept.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Why the built PWA could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error("cannot read the built PWA in {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} has no index.html: build the PWA first (see README.md)")]
    NoIndex(PathBuf),
}

/// One file of the PWA with its precomputed encodings.
#[derive(Debug)]
struct Asset {
    raw: Vec<u8>,
    gzip: Option<Vec<u8>>,
    brotli: Option<Vec<u8>>,
    content_type: &'static str,
    cache_control: &'static str,
    etag: String,
}

/// Every file of the built PWA, keyed by its URL path (`/index.html`, `/app.1a2b….css`).
#[derive(Debug, Clone)]
pub struct Assets {
    files: Arc<HashMap<String, Asset>>,
}

/// An encoding the client said it accepts, in the order we prefer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Assets {
    /// Reads and compresses every file below `dir`.
    pub fn load(dir: &Path) -> Result<Self, AssetsError> {
        let mut files = HashMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(current) = stack.pop() {
            let entries = std::fs::read_dir(&current).map_err(|source| AssetsError::Read {
                path: current.clone(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| AssetsError::Read {
                    path: current.clone(),
                    source,
                })?;
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let raw = std::fs::read(&path).map_err(|source| AssetsError::Read {
                    path: path.clone(),
                    source,
                })?;
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                let url = format!(
                    "/{}",
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                );
                files.insert(url.clone(), Asset::new(&url, raw));
            }
        }
        if !files.contains_key("/index.html") {
            return Err(AssetsError::NoIndex(dir.to_path_buf()));
        }
        Ok(Self {
            files: Arc::new(files),
        })
    }

    /// Answers a GET or HEAD for `path`, falling back to `index.html` for the app's own routes
    /// so that a deep link (`/survey/…`, `/enroll#code=…`) opens the app, and to
    /// `review.html` (the supervisor's module) under `/review`.
    pub fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response {
        let asset = match self.files.get(path) {
            Some(asset) => asset,
            None if is_review_route(path) && self.files.contains_key("/review.html") => {
                &self.files["/review.html"]
            }
            None if is_app_route(path) => &self.files["/index.html"],
            None => return StatusCode::NOT_FOUND.into_response(),
        };
        if etag_matches(headers, &asset.etag) {
            return asset.not_modified();
        }
        let encoding = negotiate(headers);
        let (body, used) = match encoding {
            Encoding::Brotli if asset.brotli.is_some() => {
                (asset.brotli.as_deref(), Encoding::Brotli)
            }
            Encoding::Brotli | Encoding::Gzip if asset.gzip.is_some() => {
                (asset.gzip.as_deref(), Encoding::Gzip)
            }
            _ => (None, Encoding::Identity),
        };
        let body = body.unwrap_or(&asset.raw);
        let mut response = Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, asset.content_type)
            .header(header::CACHE_CONTROL, asset.cache_control)
            .header(header::ETAG, &asset.etag)
            .header(header::VARY, "Accept-Encoding")
            .header(header::CONTENT_LENGTH, body.len());
        if path == "/sw.js" {
            // A worker's policy is the one its script arrives with.
            response = response.header(
                header::CONTENT_SECURITY_POLICY,
                crate::security_headers::CONTENT_SECURITY_POLICY,
            );
        }
        match used {
            Encoding::Brotli => response = response.header(header::CONTENT_ENCODING, "br"),
            Encoding::Gzip => response = response.header(header::CONTENT_ENCODING, "gzip"),
            Encoding::Identity => {}
        }
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(body.to_vec())
        };
        response
            .body(body)
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
    }
}

impl Asset {
    fn not_modified(&self) -> Response {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(self.cache_control),
        );
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        response
    }

    fn new(url: &str, raw: Vec<u8>) -> Self {
        let content_type = content_type(url);
        let (gzip, brotli) = if is_compressible(content_type) {
            let gzip = gzip(&raw).filter(|g| g.len() < raw.len());
            let brotli = brotli(&raw).filter(|b| b.len() < raw.len());
            (gzip, brotli)
        } else {
            (None, None)
        };
        let etag = format!("\"{:016x}\"", fnv1a(&raw));
        Self {
            raw,
            gzip,
            brotli,
            content_type,
            cache_control: cache_control(url),
            etag,
        }
    }
}

/// Paths that are the app's own routes rather than files: no extension, not the API.
fn is_review_route(path: &str) -> bool {
    path == "/review" || path.starts_with("/review/")
}

fn is_app_route(path: &str) -> bool {
    if path.starts_with("/api/") || path == "/healthz" {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.')
}

/// Hashed build outputs (`name.0123456789abcdef.ext`) never change under their name, so they
/// may be cached for a year; everything else must be revalidated, above all `index.html` and
/// `sw.js`, or a phone would keep an old build forever.
pub fn cache_control(url: &str) -> &'static str {
    if is_content_hashed(url) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn is_content_hashed(url: &str) -> bool {
    let name = url.rsplit('/').next().unwrap_or("");
    name.split('.')
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn content_type(url: &str) -> &'static str {
    let extension = url.rsplit('.').next().unwrap_or("");
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn is_compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/manifest")
        || content_type == "application/wasm"
        || content_type == "image/svg+xml"
}

/// Picks the best encoding the `Accept-Encoding` header allows (a `q=0` refuses one).
pub fn negotiate(headers: &HeaderMap) -> Encoding {
    let mut brotli = false;
    let mut gzip = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match name {
                "br" => brotli = true,
                "gzip" => gzip = true,
                _ => {}
            }
        }
    }
    if brotli {
        Encoding::Brotli
    } else if gzip {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|candidate| candidate.trim() == etag))
}

fn gzip(raw: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).ok()?;
    encoder.finish().ok()
}

fn brotli(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).ok()?;
    Some(out)
}

/// A fast, stable content hash for `ETag`s (not a security boundary).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn negotiation_prefers_brotli_and_respects_q_zero() {
        assert_eq!(negotiate(&accept("gzip, deflate, br")), Encoding::Brotli);
        assert_eq!(negotiate(&accept("gzip, br;q=0")), Encoding::Gzip);
        assert_eq!(negotiate(&accept("identity")), Encoding::Identity);
        assert_eq!(negotiate(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn only_hashed_files_are_immutable() {
        assert_eq!(cache_control("/sw.js"), "no-cache");
        assert_eq!(cache_control("/index.html"), "no-cache");
        assert!(cache_control("/qabul-pwa_bg.0123456789abcdef.wasm").contains("immutable"));
        assert!(cache_control("/app.0123456789abcdef.css").contains("immutable"));
    }

    #[test]
    fn app_routes_fall_back_but_missing_files_and_api_do_not() {
        assert!(is_app_route("/"));
        assert!(is_app_route("/survey/community_acceptance/3"));
        assert!(!is_app_route("/missing.js"));
        assert!(!is_app_route("/api/v1/forms"));
        assert!(is_review_route("/review") && is_review_route("/review/submissions"));
        assert!(!is_review_route("/reviewer") && !is_review_route("/"));
    }
}
