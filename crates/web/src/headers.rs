//! Security headers on every response.
//!
//! - `Content-Security-Policy`: only this origin's resources, no inline
//!   scripts or styles, no framing, forms post only here, no `<base>`.
//! - `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for old
//!   browsers that ignore `frame-ancestors`), `Referrer-Policy: no-referrer`
//!   (a URL may hold a case id or a search).
//! - `Cache-Control: no-store` on everything except what sets its own (the
//!   stylesheet), so that no page with personal data stays in a cache.
//! - `Strict-Transport-Security` when Tillit is served over TLS (the
//!   `--secure-cookies` setting, [`crate::WebConfig::secure_cookies`]): the
//!   browser then never talks plain HTTP to the host again, so no cookie or
//!   page can be read or changed on the way. Two years, sub-domains
//!   included; not sent over plain HTTP, where browsers ignore it and a
//!   local run must keep working.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str =
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// The HSTS value: two years, sub-domains included.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Middleware: the headers above; `tls` adds `Strict-Transport-Security`.
pub async fn security_headers(tls: bool, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if tls {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}
