//! Signing in and out.

use crate::AppState;
use crate::auth::verify_login;
use crate::csrf::LOGIN_CSRF_COOKIE;
use crate::error::WebError;
use crate::forms::{FormData, Query};
use crate::i18n::Tr;
use crate::request::ClientAddr;
use crate::session::{CurrentUser, SESSION_COOKIE, cookie_value, is_token, new_token, set_cookie};
use crate::time::format_clock;
use crate::view::{Layout, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use std::time::Instant;
use tillit_store::hash_session_token;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    csrf: String,
    username: String,
    next: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    ended: String,
    #[serde(default)]
    out: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only a local path may be a redirect target (no open redirect).
fn safe_next(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control())
        && !next.starts_with("/login")
        && !next.starts_with("/logout");
    if ok { next } else { "/" }
}

/// What the login form shows besides the token.
#[derive(Default)]
struct Filled {
    username: String,
    next: String,
    error: Option<String>,
    notice: Option<String>,
}

fn page(
    state: &AppState,
    tr: Tr,
    status: StatusCode,
    headers: &HeaderMap,
    f: Filled,
) -> Result<Response, WebError> {
    let pre = crate::public_form::PreSession::of(headers)?;
    let csrf = pre.csrf.clone();
    let p = LoginPage {
        l: Layout::public(tr, tr.t("login-title")),
        csrf: csrf.clone(),
        username: f.username,
        next: f.next,
        error: f.error,
        notice: f.notice,
    };
    let mut resp = html_status(status, &p)?;
    pre.set_on(state, &mut resp);
    Ok(resp)
}

/// `GET /login`.
pub async fn form(
    State(state): State<AppState>,
    tr: Tr,
    user: Option<CurrentUser>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    if user.is_some() {
        return Ok(redirect(safe_next(&q.next)));
    }
    let notice = if q.ended == "1" {
        Some(tr.t("login-session-ended"))
    } else if q.out == "1" {
        Some(tr.t("login-signed-out"))
    } else {
        None
    };
    let filled = Filled {
        next: safe_next(&q.next).to_string(),
        notice,
        ..Filled::default()
    };
    page(&state, tr, StatusCode::OK, &headers, filled)
}

/// `POST /login` (the CSRF layer has checked the pre-session token).
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    data: FormData,
) -> Result<Response, WebError> {
    let f: LoginForm = data.decode()?;
    let username = f.username.trim().to_string();
    let next = safe_next(&f.next).to_string();
    let problem = if !data.conflicts(&[]).is_empty() {
        Some(tr.t("form-duplicate"))
    } else if username.is_empty() || f.password.is_empty() {
        Some(tr.t("login-missing"))
    } else {
        None
    };
    if let Some(msg) = problem {
        let filled = Filled {
            username,
            next,
            error: Some(msg),
            notice: None,
        };
        return page(
            &state,
            tr,
            StatusCode::UNPROCESSABLE_ENTITY,
            &headers,
            filled,
        );
    }

    if let Some(left) = state.throttle.locked_for(&username, &addr, Instant::now()) {
        let until = Timestamp::now()
            .checked_add(SignedDuration::try_from(left).unwrap_or(SignedDuration::ZERO))
            .unwrap_or_else(|_| Timestamp::now());
        // Round up to the next minute so the time shown is never too early.
        let until = until
            .checked_add(SignedDuration::from_secs(59))
            .unwrap_or(until);
        let msg = tr.t1("login-throttled", "time", format_clock(until));
        tracing::info!("login refused: throttled");
        let filled = Filled {
            username,
            next,
            error: Some(msg),
            notice: None,
        };
        return page(&state, tr, StatusCode::TOO_MANY_REQUESTS, &headers, filled);
    }

    let user = state.store().user_by_username(&username).await?;
    let stored = user
        .as_ref()
        .filter(|u| u.active)
        .map(|u| u.password_hash.clone());
    let password = f.password;
    let ok = tokio::task::spawn_blocking(move || verify_login(&password, stored.as_deref()))
        .await
        .map_err(WebError::internal("password check failed"))?;

    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, u) => {
            state
                .throttle
                .record_failure(&username, &addr, Instant::now());
            match u {
                Some(u) => tracing::info!(user_id = %u.id, "login failed"),
                None => tracing::info!("login failed: unknown username"),
            }
            let msg = tr.t("login-failed");
            let filled = Filled {
                username,
                next,
                error: Some(msg),
                notice: None,
            };
            return page(&state, tr, StatusCode::UNAUTHORIZED, &headers, filled);
        }
    };
    state
        .throttle
        .record_success(&username, &addr, Instant::now());

    // A new session, never a reused one (no session fixation).
    if let Some(old) = cookie_value(&headers, SESSION_COOKIE).filter(|t| is_token(t)) {
        state
            .store()
            .delete_session(&hash_session_token(&old))
            .await?;
    }
    let token = new_token()?;
    let now = Timestamp::now();
    let absolute = SignedDuration::try_from(state.config().absolute_timeout)
        .unwrap_or(SignedDuration::from_hours(12));
    let expires = now.checked_add(absolute).unwrap_or(Timestamp::MAX);
    state
        .store()
        .create_session(&hash_session_token(&token), user.id, now, expires)
        .await?;
    tracing::info!(user_id = %user.id, "login");

    let secure = state.config().secure_cookies;
    // A one-time password set by the administrator: first choose one's own.
    let next = if user.must_change_password {
        "/password".to_string()
    } else {
        next
    };
    let mut resp = redirect(&next);
    for v in [
        set_cookie(SESSION_COOKIE, &token, "Lax", secure, None),
        set_cookie(LOGIN_CSRF_COOKIE, "", "Strict", secure, Some(0)),
    ]
    .into_iter()
    .flatten()
    {
        resp.headers_mut().append(SET_COOKIE, v);
    }
    Ok(resp)
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    state.store().delete_session(&user.token_hash).await?;
    tracing::info!(user_id = %user.id, "logout");
    let mut resp = redirect("/login?out=1");
    if let Some(v) = set_cookie(
        SESSION_COOKIE,
        "",
        "Lax",
        state.config().secure_cookies,
        Some(0),
    ) {
        resp.headers_mut().append(SET_COOKIE, v);
    }
    Ok(resp)
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/login", Public, form)
        .post("/login", Public, submit)
        .post("/logout", Requires(EndSession), logout)
}

#[cfg(test)]
mod tests {
    use super::safe_next;
    use crate::request::client_addr;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        // No proxy configured: the header is the client's own claim.
        assert_eq!(
            client_addr(Some(ip("192.0.2.7")), &["198.51.100.1"], &[]),
            Some(ip("192.0.2.7"))
        );
        // From a host that is not a trusted proxy: ignored.
        assert_eq!(
            client_addr(Some(ip("192.0.2.7")), &["198.51.100.1"], &trusted),
            Some(ip("192.0.2.7"))
        );
        // From the proxy: the address it appended (the right-most), not
        // what the client wrote before it.
        assert_eq!(
            client_addr(Some(proxy), &["203.0.113.9, 198.51.100.1"], &trusted),
            Some(ip("198.51.100.1"))
        );
        // Chained trusted proxies are skipped, over several header lines.
        assert_eq!(
            client_addr(Some(proxy), &["198.51.100.1", "10.0.0.3"], &trusted),
            Some(ip("198.51.100.1"))
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(
            client_addr(Some(proxy), &["198.51.100.1, nonsense"], &trusted),
            Some(proxy)
        );
        // No header: the proxy itself. IPv6 works.
        assert_eq!(client_addr(Some(proxy), &[], &trusted), Some(proxy));
        assert_eq!(
            client_addr(Some(proxy), &["2001:db8::1"], &trusted),
            Some(ip("2001:db8::1"))
        );
        assert_eq!(client_addr(None, &["198.51.100.1"], &trusted), None);
    }

    proptest::proptest! {
        /// Whatever a client writes in `X-Forwarded-For` or `next`: an
        /// address of the peer or the header, and a local path.
        #[test]
        fn any_header_and_next_are_read_safely(
            forwarded in proptest::prelude::any::<String>(),
            next in proptest::prelude::any::<String>(),
        ) {
            let proxy = ip("10.0.0.2");
            let got = client_addr(Some(proxy), &[forwarded.as_str()], &[proxy]);
            proptest::prop_assert!(got.is_some());
            let n = safe_next(&next);
            proptest::prop_assert!(n == "/" || (n.starts_with('/') && !n.starts_with("//")));
        }
    }

    #[test]
    fn only_local_redirects() {
        assert_eq!(safe_next("/cases/abc"), "/cases/abc");
        assert_eq!(safe_next("/persons?q=x"), "/persons?q=x");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/logout"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
