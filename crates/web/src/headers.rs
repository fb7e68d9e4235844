//! Security headers on every response.
//!
//! - `Content-Security-Policy`: only this origin's resources, no inline
//!   scripts or styles, no framing, forms post only here, no `<base>`.
//! - `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for old
//!   browsers that ignore `frame-ancestors`), `Referrer-Policy: no-referrer`
//!   (a URL may hold a case id or a search).
//! - `Cache-Control: no-store` on everything except what sets its own (the
//!   stylesheet), so that no page with personal data stays in a cache.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str =
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}
