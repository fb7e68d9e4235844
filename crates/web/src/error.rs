//! The web layer's one error type and the one place that turns failures into
//! pages.
//!
//! A handler returns [`WebError`]; its `IntoResponse` only sets the status
//! and attaches an [`ErrorPage`] marker. The [`error_pages`] middleware,
//! which knows the request's language, renders the marker into a full
//! error page. The same middleware also replaces any other error response
//! that is not already an HTML page (axum's plain-text rejections for a
//! malformed form or path, a wrong method, an unknown route), so the user
//! always gets a page in their language, never a stack trace or bare text.
//! Panics are caught by a layer inside it and shown the same way.

use crate::i18n::Tr;
use crate::view::{Layout, render_string};
use askama::Template;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tillit_store::StoreError;

/// Everything that can make a request fail.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page, or a record the user may not know exists.
    #[error("not found")]
    NotFound,
    /// The user's role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request without the right CSRF token.
    #[error("CSRF token missing or wrong")]
    Csrf,
    /// Not signed in (the route guard normally redirects first).
    #[error("not signed in")]
    Unauthenticated,
    /// The request body is too large.
    #[error("request too large")]
    TooLarge,
    /// The request is malformed.
    #[error("bad request")]
    BadRequest,
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Render(#[from] askama::Error),
    /// A failure of the server's own: what failed, and its cause (the
    /// underlying error's text, never data from the request). Logged with
    /// the incident id; the user sees only the id.
    #[error("internal: {what}{}", cause.as_ref().map(|c| format!(": {c}")).unwrap_or_default())]
    Internal {
        what: &'static str,
        cause: Option<String>,
    },
    /// A form kind or code in a link or a form that the page does not
    /// know: "not found", with the Swedish reason. Never a silent default.
    #[error("unknown: {0}")]
    Unknown(String),
}

impl WebError {
    /// For `map_err`: an internal failure of `what`, keeping the cause.
    pub(crate) fn internal<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> Self {
        move |e| Self::Internal {
            what,
            cause: Some(e.to_string()),
        }
    }
}

/// What kind of error page to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    Forbidden,
    Csrf,
    BadRequest,
    TooLarge,
    MethodNotAllowed,
    Conflict,
    /// The store refused what was asked (a handler that did not show the
    /// refusal on its form); the page says why.
    Refused,
    Unavailable,
    Internal,
}

impl ErrorKind {
    #[cfg(test)]
    pub const ALL: [ErrorKind; 10] = [
        Self::NotFound,
        Self::Forbidden,
        Self::Csrf,
        Self::BadRequest,
        Self::TooLarge,
        Self::MethodNotAllowed,
        Self::Conflict,
        Self::Refused,
        Self::Unavailable,
        Self::Internal,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::NotFound => "not-found",
            Self::Forbidden => "forbidden",
            Self::Csrf => "csrf",
            Self::BadRequest => "bad-request",
            Self::TooLarge => "too-large",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::Conflict => "conflict",
            Self::Refused => "refused",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }

    fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self::NotFound,
            StatusCode::FORBIDDEN => Self::Forbidden,
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => Self::TooLarge,
            StatusCode::CONFLICT => Self::Conflict,
            StatusCode::SERVICE_UNAVAILABLE => Self::Unavailable,
            s if s.is_client_error() => Self::BadRequest,
            _ => Self::Internal,
        }
    }
}

/// The message shown on a form whose write the database did not
/// acknowledge in time; the incident id is logged with the cause.
pub(crate) fn unavailable_on_form(tr: crate::i18n::Tr, e: &StoreError) -> String {
    let id = incident_id();
    tracing::warn!(incident = %id, error = %e, "write not acknowledged; form shown again");
    tr.t1("form-unavailable", "incident", id)
}

/// The marker a failed response carries to [`error_pages`].
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub kind: ErrorKind,
    /// For server errors: a short code shown to the user and written to
    /// the log, so support can find the log entry.
    pub incident: Option<String>,
    /// For a refusal: why (the store's Swedish message, no personal data).
    pub detail: Option<String>,
}

/// A store error that refuses what was asked rather than failing: a record
/// that is not there (any more), one that exists already, or a request the
/// store's rules do not allow. Its text, made into a sentence for a form.
pub fn refusal_text(e: &StoreError) -> Option<String> {
    let sentence = |s: &str, tail: &str| {
        let s = s.trim().trim_end_matches('.');
        let mut c = s.chars();
        let first: String = c
            .next()
            .map(|f| f.to_uppercase().collect())
            .unwrap_or_default();
        format!("{first}{}{tail}", c.as_str())
    };
    match e {
        StoreError::Invalid(m) => Some(sentence(m, ".")),
        StoreError::NotFound(m) => Some(sentence(m, " finns inte (längre).")),
        StoreError::AlreadyExists(m) => Some(sentence(m, " finns redan.")),
        _ => None,
    }
}

/// Split a store failure for a form: a refusal (see [`refusal_text`])
/// becomes the Swedish message to show on the form, with the typed values
/// kept and nothing stored; anything else stays an error.
pub fn store_refusal(tr: crate::i18n::Tr, e: StoreError) -> Result<String, WebError> {
    match refusal_text(&e) {
        Some(reason) => Ok(tr.t1("form-refused", "reason", reason)),
        None => Err(e.into()),
    }
}

pub(crate) fn incident_id() -> String {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    hex::encode(b)
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, kind) = match &self {
            WebError::Unauthenticated => {
                return (StatusCode::SEE_OTHER, [(LOCATION, "/login")]).into_response();
            }
            WebError::NotFound | WebError::Unknown(_) => {
                (StatusCode::NOT_FOUND, ErrorKind::NotFound)
            }
            WebError::Forbidden => (StatusCode::FORBIDDEN, ErrorKind::Forbidden),
            WebError::Csrf => (StatusCode::FORBIDDEN, ErrorKind::Csrf),
            WebError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorKind::TooLarge),
            WebError::BadRequest => (StatusCode::BAD_REQUEST, ErrorKind::BadRequest),
            WebError::Store(e) if e.is_conflict() => (StatusCode::CONFLICT, ErrorKind::Conflict),
            WebError::Store(e) if e.is_unavailable() => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorKind::Unavailable)
            }
            // The safety net: a refusal that a handler did not put on its
            // form is still a 4xx that says why, never a 500.
            WebError::Store(e) if refusal_text(e).is_some() => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorKind::Refused)
            }
            WebError::Store(_) | WebError::Render(_) | WebError::Internal { .. } => {
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal)
            }
        };
        let incident = if status.is_server_error() {
            let id = incident_id();
            // Store and template errors carry no personal data (the store's
            // messages are written so); log them in full for support.
            tracing::error!(incident = %id, error = %self, "request failed");
            Some(id)
        } else {
            None
        };
        let detail = match &self {
            WebError::Store(e) => refusal_text(e),
            WebError::Unknown(why) => Some(why.clone()),
            _ => None,
        };
        if detail.is_some() {
            tracing::info!(error = %self, "request refused by the store");
        }
        let mut resp = status.into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("5"));
        }
        resp.extensions_mut().insert(ErrorPage {
            kind,
            incident,
            detail,
        });
        resp
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    l: Layout,
    heading: String,
    message: String,
    detail: Option<String>,
    incident: Option<String>,
}

/// Render an error page, or a minimal static page if even that fails.
fn error_body(tr: Tr, page: &ErrorPage) -> String {
    let key = page.kind.key();
    let t = ErrorTemplate {
        l: Layout::public(tr, tr.t(&format!("error-{key}-title"))),
        heading: tr.t(&format!("error-{key}-title")),
        message: tr.t(&format!("error-{key}-text")),
        detail: page.detail.clone(),
        incident: page.incident.clone(),
    };
    render_string(&t).unwrap_or_else(|_| STATIC_ERROR_PAGE.to_string())
}

/// Shown when nothing else can be: no template, no translation.
pub const STATIC_ERROR_PAGE: &str = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\">\
<title>Fel – Tillit</title><link rel=\"stylesheet\" href=\"/static/tillit.css\"></head><body><main>\
<h1>Något gick fel</h1><p>Försök igen om en stund. Kvarstår felet, kontakta systemförvaltningen.</p>\
<p><a href=\"/\">Till startsidan</a></p></main></body></html>";

/// Middleware: turn error markers and bare error responses into pages.
pub async fn error_pages(req: Request, next: Next) -> Response {
    let tr = req.extensions().get::<Tr>().copied().unwrap_or_default();
    let resp = next.run(req).await;
    if resp.extensions().get::<MachineAnswer>().is_some() {
        return resp;
    }
    let status = resp.status();
    let page = match resp.extensions().get::<ErrorPage>() {
        Some(p) => p.clone(),
        None => {
            let is_html = resp
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            if !(status.is_client_error() || status.is_server_error()) || is_html {
                return resp;
            }
            ErrorPage {
                kind: ErrorKind::from_status(status),
                incident: None,
                detail: None,
            }
        }
    };
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(error_body(tr, &page)))
}

/// Marks a response for a program, not a person (`/ready`, `/metrics`):
/// [`error_pages`] leaves its status and plain-text body as they are.
#[derive(Clone, Copy, Debug)]
pub struct MachineAnswer;

/// For the panic-catching layer inside [`error_pages`]: a marked 500.
pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    // The panic message may hold anything; it is not logged here (the
    // panic hook has printed it to stderr already).
    WebError::Internal {
        what: "panic in handler",
        cause: None,
    }
    .into_response()
}

/// For the outermost panic-catching layer: a static page.
pub fn last_resort_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        STATIC_ERROR_PAGE,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use axum::Router;
    use axum::middleware::from_fn;
    use axum::routing::get;
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    async fn body_of(resp: Response) -> String {
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// A panic in a handler, and axum's own plain-text rejections, become
    /// Swedish error pages, never a stack trace or bare text.
    #[tokio::test]
    async fn panics_and_rejections_become_pages() {
        async fn boom() -> &'static str {
            panic!("secret detail 19850101-2382")
        }
        async fn plain() -> (StatusCode, &'static str) {
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Failed to deserialize form body",
            )
        }
        let app = Router::new()
            .route("/boom", get(boom))
            .route("/plain", get(plain))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(from_fn(error_pages));

        let resp = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = body_of(resp).await;
        assert!(body.contains("Något gick fel"));
        assert!(!body.contains("secret detail"));
        assert!(!body.contains("19850101"));

        let resp = app
            .oneshot(Request::get("/plain").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(resp.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        let body = body_of(resp).await;
        assert!(body.contains("Felaktig begäran"));
        assert!(!body.contains("deserialize"));
    }

    /// A store refusal that reaches the error mapping is a 422 saying why,
    /// never a 500 (the net under every handler that shows refusals on
    /// its form).
    #[test]
    fn store_refusals_are_never_server_errors() {
        for (e, text) in [
            (
                StoreError::Invalid("målet är avslutat och kan inte ändras".into()),
                "Målet är avslutat och kan inte ändras.",
            ),
            (
                StoreError::NotFound("målet".into()),
                "Målet finns inte (längre).",
            ),
            (
                StoreError::AlreadyExists("serien x".into()),
                "Serien x finns redan.",
            ),
        ] {
            assert_eq!(refusal_text(&e).as_deref(), Some(text));
            let resp = WebError::Store(e).into_response();
            assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let page = resp.extensions().get::<ErrorPage>().unwrap();
            assert_eq!(page.kind, ErrorKind::Refused);
            assert_eq!(page.detail.as_deref(), Some(text));
        }
        // An internal failure keeps its cause for the log, not the page.
        let e = WebError::internal("export failed")("disk full");
        assert_eq!(e.to_string(), "internal: export failed: disk full");
        let page = e.into_response().extensions().get::<ErrorPage>().cloned();
        assert!(page.is_some_and(|p| p.incident.is_some() && p.detail.is_none()));
        let e = StoreError::Corrupt("x".into());
        assert_eq!(refusal_text(&e), None);
        assert_eq!(
            WebError::Store(e).into_response().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn every_error_page_has_text_in_both_languages() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            for kind in ErrorKind::ALL {
                for part in ["title", "text"] {
                    let key = format!("error-{}-{part}", kind.key());
                    assert_ne!(tr.t(&key), key, "{}: {key}", lang.code());
                }
                let body = error_body(
                    tr,
                    &ErrorPage {
                        kind,
                        incident: Some("abcd1234".into()),
                        detail: None,
                    },
                );
                assert!(body.contains("abcd1234"));
                assert!(body.contains(&format!("lang=\"{}\"", lang.code())));
            }
        }
    }
}
