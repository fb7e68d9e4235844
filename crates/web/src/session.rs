//! Server-side sessions.
//!
//! The browser holds a random 32-byte token (64 hex characters) in the
//! cookie `tillit_session` (HttpOnly, SameSite=Lax, Path=/, Secure when
//! configured); the store holds only its SHA-256. A session ends after
//! [`crate::WebConfig::idle_timeout`] without a request, at
//! [`crate::WebConfig::absolute_timeout`] after login, at logout, or when the
//! user is deactivated.
//!
//! The session middleware resolves the cookie into a [`CurrentUser`] in the
//! request's extensions; the per-route guard (`routes.rs`) decides whether
//! the route may be used.

use crate::AppState;
use crate::error::WebError;
use crate::permissions::Subject;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use sha2::Sha256;
use tillit_domain::role::Role;
use tillit_domain::{TeamId, UnitId, UserId};
use tillit_store::hash_session_token;

pub const SESSION_COOKIE: &str = "tillit_session";

/// Activity is written to the store at most this often per session (the
/// idle timeout is therefore exact to within this).
const TOUCH_EVERY: SignedDuration = SignedDuration::from_secs(30);

/// The signed-in user of a request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: UserId,
    /// The login name (kept in access-log entries).
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: Option<UnitId>,
    /// The user's team (arbetsgrupp), if any.
    pub team: Option<TeamId>,
    /// Everyone in the user's team, the user included (empty without a
    /// team): whose cases a caseworker may write in
    /// ([`crate::permissions::may_write_case`]).
    pub team_members: Vec<UserId>,
    /// The password in force was set by the system administrator and must
    /// be replaced before anything else (see `pages/password.rs`).
    pub must_change_password: bool,
    /// The CSRF token of this session, for the hidden `csrf` field.
    pub csrf: String,
    /// SHA-256 of the session token (what the store keys the session by).
    pub(crate) token_hash: String,
}

impl CurrentUser {
    pub fn subject(&self) -> Subject {
        Subject {
            user: self.id,
            role: self.role,
            unit: self.unit,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(WebError::Unauthenticated)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<CurrentUser>().cloned())
    }
}

/// Marks a request whose session cookie named a session that has ended
/// (timed out or logged out elsewhere), so the login page can say so.
#[derive(Clone, Copy, Debug)]
pub struct SessionEnded;

/// A new random token: 32 bytes from the operating system, hex-encoded.
pub fn new_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(WebError::internal("random source unavailable"))?;
    Ok(hex::encode(bytes))
}

/// A well-formed token: 64 lowercase hex characters. Anything else in the
/// cookie is ignored without a database look-up.
pub fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The CSRF token of a session: HMAC-SHA256 keyed by the session token. Only
/// the holder of the (HttpOnly) session cookie and the server can compute
/// it, it needs no storage, and it survives a server restart.
pub fn csrf_for(session_token: &str) -> String {
    match <Hmac<Sha256> as Mac>::new_from_slice(session_token.as_bytes()) {
        Ok(mut mac) => {
            mac.update(b"tillit-csrf-v1");
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; unreachable, but never an empty
        // token that could match an empty field.
        Err(_) => format!("invalid-{}", hash_session_token(session_token)),
    }
}

/// The value of cookie `name` in the request headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value. `max_age` `Some(0)` deletes the cookie; `None`
/// makes it last until the browser closes (the server enforces timeouts).
pub fn set_cookie(
    name: &str,
    value: &str,
    same_site: &str,
    secure: bool,
    max_age: Option<u64>,
) -> Option<HeaderValue> {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).ok()
}

/// Middleware: resolve the session cookie into a [`CurrentUser`].
pub async fn session_layer(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let token = cookie_value(req.headers(), SESSION_COOKIE);
    let mut clear_cookie = false;
    if let Some(token) = token {
        if is_token(&token) {
            match resolve(&state, &token).await {
                Ok(Some(user)) => {
                    req.extensions_mut().insert(user);
                }
                Ok(None) => {
                    clear_cookie = true;
                    req.extensions_mut().insert(SessionEnded);
                }
                Err(e) => return e.into_response(),
            }
        } else {
            clear_cookie = true;
        }
    }
    let mut resp = next.run(req).await;
    // Don't clear a cookie that this response has just set (login).
    let sets_session = resp
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(SESSION_COOKIE.as_bytes()));
    if clear_cookie
        && !sets_session
        && let Some(v) = set_cookie(
            SESSION_COOKIE,
            "",
            "Lax",
            state.config().secure_cookies,
            Some(0),
        )
    {
        resp.headers_mut().append(SET_COOKIE, v);
    }
    resp
}

/// The user of a live session, or `None` if the session has ended (it is
/// then deleted).
async fn resolve(state: &AppState, token: &str) -> Result<Option<CurrentUser>, WebError> {
    let store = state.store();
    let hash = hash_session_token(token);
    // A session's user cannot be missing (deleting a user deletes its
    // sessions), so a session without one is no session.
    let Some((session, user)) = store.session_with_user(&hash).await? else {
        return Ok(None);
    };
    let now = Timestamp::now();
    let cfg = state.config();
    let idle = SignedDuration::try_from(cfg.idle_timeout).unwrap_or(SignedDuration::MAX);
    let absolute = SignedDuration::try_from(cfg.absolute_timeout).unwrap_or(SignedDuration::MAX);
    let idle_deadline = session
        .last_seen_at
        .checked_add(idle)
        .unwrap_or(Timestamp::MAX);
    let absolute_deadline = session
        .created_at
        .checked_add(absolute)
        .unwrap_or(Timestamp::MAX)
        .min(session.expires_at);
    if now >= idle_deadline || now >= absolute_deadline {
        store.delete_session(&hash).await?;
        tracing::info!(user_id = %session.user, "session expired");
        return Ok(None);
    }
    if !user.active {
        store.delete_session(&hash).await?;
        tracing::info!(user_id = %user.id, "session of inactive user ended");
        return Ok(None);
    }
    if now.duration_since(session.last_seen_at) >= TOUCH_EVERY {
        store.touch_session(&hash, now).await?;
    }
    let team_members = match user.team {
        Some(team) => store.team_members(team).await?,
        None => Vec::new(),
    };
    Ok(Some(CurrentUser {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        unit: user.unit,
        team: user.team,
        team_members,
        must_change_password: user.must_change_password,
        csrf: crate::csrf::mask(&csrf_for(token)),
        token_hash: hash,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
        assert!(!is_token("abc"));
        assert!(!is_token(&a.to_uppercase()));
    }

    #[test]
    fn csrf_depends_on_the_session() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(csrf_for(&a), csrf_for(&a));
        assert_ne!(csrf_for(&a), csrf_for(&b));
        assert_eq!(csrf_for(&a).len(), 64);
    }

    #[test]
    fn cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; tillit_session=abc ; b=2"),
        );
        assert_eq!(cookie_value(&h, "tillit_session").as_deref(), Some("abc"));
        assert_eq!(cookie_value(&h, "c"), None);
        let v = set_cookie("x", "y", "Strict", true, Some(0)).unwrap();
        assert_eq!(
            v.to_str().unwrap(),
            "x=y; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
        );
    }
}
