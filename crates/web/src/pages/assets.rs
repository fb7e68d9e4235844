//! The stylesheet and the health check.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("../../static/tillit.css");

/// `GET /static/tillit.css`: the one stylesheet, compiled into the binary.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            // A day: the file changes only with a new release.
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLESHEET,
    )
}

/// `GET /health`: the process answers. No authentication, no personal data.
pub async fn health() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/plain; charset=utf-8")], "ok")
}

const SCRIPT: &str = include_str!("../../static/tillit.js");

/// `GET /static/tillit.js`: the one script, a progressive enhancement (the
/// journal's autosave). Every page works without it.
pub async fn script() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        SCRIPT,
    )
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::Access::Public;
    r.get("/static/tillit.js", Public, script)
        .get("/static/tillit.css", Public, stylesheet)
        .get("/health", Public, health)
}
