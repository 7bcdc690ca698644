//! Security headers.
//!
//! The app handles answers that could endanger a respondent: scripts come only from our own
//! origin, nothing may frame the app, and no URL leaks through a referrer.
//!
//! The policy and the framing rule take effect only in what a browser runs as a document or
//! a worker; on the module, its glue, the style sheet and the icons they would be some 300
//! bytes each that a phone on 2G pays for nothing, so those go without them. The one script
//! that is a worker, `sw.js`, is given the policy where it is served (`assets`).

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// `wasm-unsafe-eval` is what lets the browser compile our WebAssembly module; it does not
/// allow `eval` of JavaScript.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; \
manifest-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub async fn add(mut response: Response) -> Response {
    let inert = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(is_inert);
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if inert {
        return response;
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Content a browser never runs as a document (with `nosniff`, it cannot be made to), nor as
/// a worker without the policy `assets` gives the worker's script.
fn is_inert(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence == "application/wasm"
        || essence == "text/javascript"
        || essence == "text/css"
        || essence == "application/manifest+json"
        || essence.starts_with("image/") && essence != "image/svg+xml"
}

#[cfg(test)]
mod tests {
    use super::is_inert;

    #[test]
    fn only_documents_and_data_keep_the_policy() {
        for inert in [
            "application/wasm",
            "text/javascript; charset=utf-8",
            "text/css; charset=utf-8",
            "image/png",
            "application/manifest+json",
        ] {
            assert!(is_inert(inert), "{inert}");
        }
        for active in [
            "text/html; charset=utf-8",
            "application/json",
            "image/svg+xml",
            "text/csv",
        ] {
            assert!(!is_inert(active), "{active}");
        }
    }
}
