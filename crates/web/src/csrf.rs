//! CSRF protection for every state-changing request.
//!
//! Every request with a method other than GET, HEAD or OPTIONS must carry a
//! form field `csrf` equal to
//! - the session's token ([`crate::session::csrf_for`]) when signed in, or
//! - for the public forms ([`PUBLIC_FORMS`]: the login form, the e-services
//!   for complaints and for reports of concern), the pre-session token in the cookie
//!   `tillit_login_csrf` (double submit: a cross-site form cannot read or
//!   set that cookie, so it cannot know the value).
//!
//! Anything else is refused with 403 before any handler runs. The check is
//! one middleware for the whole router, so a new form cannot forget it.
//! Forms are `application/x-www-form-urlencoded` (uploads, on the
//! [`UPLOAD_FORMS`] only, `multipart/form-data`); the body is read here (up
//! to [`MAX_FORM_BYTES`]) and handed on unchanged.

use crate::error::WebError;
use crate::session::{CurrentUser, cookie_value};
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

/// A token as a page carries it: 32 fresh random bytes and the token's
/// bytes XOR those, in hex. No two responses carry the same bytes for the
/// same session token, so a compressed page (gzip, brotli) does not give
/// the token away by its length (BREACH). [`unmask`] gives the token back.
/// Without a random source the token is carried as it is (still valid).
pub fn mask(token: &str) -> String {
    let Ok(raw) = hex::decode(token) else {
        return token.to_string();
    };
    let mut pad = vec![0u8; raw.len()];
    if getrandom::fill(&mut pad).is_err() {
        return token.to_string();
    }
    let xored: Vec<u8> = raw.iter().zip(&pad).map(|(a, b)| a ^ b).collect();
    format!("{}{}", hex::encode(&pad), hex::encode(xored))
}

/// The token a [`mask`]ed value carries; a value that is not masked (the
/// public forms' cookie token) as it is.
pub fn unmask(given: &str) -> String {
    let half = given.len() / 2;
    if given.len() == 128
        && let (Ok(pad), Ok(xored)) = (hex::decode(&given[..half]), hex::decode(&given[half..]))
    {
        let raw: Vec<u8> = pad.iter().zip(&xored).map(|(a, b)| a ^ b).collect();
        return hex::encode(raw);
    }
    given.to_string()
}

/// The pre-session token for the login form.
pub const LOGIN_CSRF_COOKIE: &str = "tillit_login_csrf";
/// The largest form accepted (long journal texts fit with room to spare).
pub const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;
/// The path whose form may use the pre-session token.
pub const LOGIN_PATH: &str = "/login";
/// The paths of forms without a login: they use the pre-session token.
pub const PUBLIC_FORMS: [&str; 3] = [LOGIN_PATH, "/synpunkter", "/anmalan"];
/// The paths of forms that upload a file (`multipart/form-data`): the
/// token is read from the body's `csrf` part. Nowhere else is a multipart
/// body accepted.
pub const UPLOAD_FORMS: [&str; 2] = ["/economy/import", "/economy/budget/file"];

/// The text of the first part named `name` of a multipart body (at most
/// 200 bytes: a token), or `None`.
async fn multipart_field(body: axum::body::Bytes, boundary: &str, name: &str) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut parts = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = parts.next_field().await {
        if field.name() == Some(name) {
            let bytes = field.bytes().await.ok()?;
            return (bytes.len() <= 200)
                .then(|| String::from_utf8(bytes.to_vec()).ok())
                .flatten();
        }
    }
    None
}

pub async fn csrf_layer(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let mut expected: Vec<String> = Vec::new();
    if let Some(user) = req.extensions().get::<CurrentUser>() {
        expected.push(unmask(&user.csrf));
    }
    if PUBLIC_FORMS.contains(&req.uri().path())
        && let Some(c) = cookie_value(req.headers(), LOGIN_CSRF_COOKIE)
        && crate::session::is_token(&c)
    {
        expected.push(c);
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    // An upload (the ledger, a budget): only on the pages that take files,
    // signed in, the token a field of the multipart body.
    let boundary = (UPLOAD_FORMS.contains(&req.uri().path())
        && content_type.starts_with("multipart/form-data"))
    .then(|| multer::parse_boundary(&content_type).ok())
    .flatten();
    if expected.is_empty() || !(is_form || boundary.is_some()) {
        tracing::info!(
            path = req.uri().path(),
            "CSRF check failed: no token expected or not a form"
        );
        return WebError::Csrf.into_response();
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(b) => b,
        Err(_) => return WebError::TooLarge.into_response(),
    };
    let given = match &boundary {
        None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v)),
        Some(b) => multipart_field(bytes.clone(), b, "csrf").await,
    };
    let ok = given.map(|g| unmask(&g)).is_some_and(|g| {
        expected
            .iter()
            .any(|e| bool::from(e.as_bytes().ct_eq(g.as_bytes())))
    });
    if !ok {
        tracing::info!(
            path = parts.uri.path(),
            "CSRF check failed: wrong or missing token"
        );
        return WebError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_masked_token_differs_every_time_and_unmasks_to_the_token() {
        let token = crate::session::csrf_for("session");
        let (a, b) = (mask(&token), mask(&token));
        assert_ne!(a, b);
        assert_eq!(a.len(), 128);
        assert_eq!((unmask(&a), unmask(&b)), (token.clone(), token.clone()));
        assert_eq!(unmask(&token), token);
        assert_ne!(unmask(&"0".repeat(128)), token);
    }

    proptest! {
        // Whatever is sent as the token, unmasking never panics.
        #[test]
        fn unmask_is_total(s in any::<String>()) {
            let _ = unmask(&s);
        }
    }
}
