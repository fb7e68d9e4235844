//! Changing one's own password (`/password`).
//!
//! Every signed-in user may change their password here. A user whose
//! password was set by the system administrator (a new user's first
//! password, or a reset: a one-time password, `User::must_change_password`)
//! is sent here by the route guard (`routes.rs`) from every other page and
//! can do nothing else (but sign out) until they have chosen their own.
//!
//! The current password is asked for again (a session left open is not
//! enough to change it), failures count towards the login throttle, the new
//! one must differ from it, and the change ends the user's other sessions.
//! The change is written to the access log first (kind `password_changed`,
//! referring to the entry that recorded who set the one-time password), so
//! the log review can flag a one-time password replaced from the address it
//! was set from.

use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::auth::{hash_password, verify_login};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::admin::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::time::Instant;
use tillit_store::AccessKind;

/// No `Debug`: the form holds passwords, which must never reach a log.
#[derive(Clone, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password2: String,
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    l: Layout,
    /// The user's password is a one-time password that must be changed.
    must_change: bool,
    errors: Vec<(&'static str, String)>,
}

impl PasswordPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn page(
    tr: Tr,
    user: &CurrentUser,
    errors: Vec<(&'static str, String)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let p = PasswordPage {
        l: Layout::new(tr, user, tr.t("password-title"), Section::None),
        must_change: user.must_change_password,
        errors,
    };
    html_status(status, &p)
}

/// `GET /password`.
pub async fn form(tr: Tr, user: CurrentUser) -> Result<Response, WebError> {
    page(tr, &user, Vec::new(), StatusCode::OK)
}

/// `POST /password`: check the current password, store the new one, log
/// the change, and go on to the start page.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    if let Some(_left) = state
        .throttle
        .locked_for(&user.username, &addr, Instant::now())
    {
        let errors = vec![("current", tr.t("password-throttled"))];
        return page(tr, &user, errors, StatusCode::TOO_MANY_REQUESTS);
    }
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let n = f.password.chars().count();
    if f.current.is_empty() {
        errors.push(("current", tr.t("password-current-missing")));
    }
    if n < PASSWORD_MIN_CHARS {
        errors.push(("password", tr.n("admin-password-short", PASSWORD_MIN_CHARS)));
    } else if n > PASSWORD_MAX_CHARS {
        errors.push(("password", tr.n("admin-password-long", PASSWORD_MAX_CHARS)));
    } else if f.password != f.password2 {
        errors.push(("password2", tr.t("admin-password-mismatch")));
    } else if f.password == f.current {
        errors.push(("password", tr.t("password-same")));
    }
    if !errors.is_empty() {
        return page(tr, &user, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let stored = state
        .store()
        .user(user.id)
        .await?
        .ok_or(WebError::Unauthenticated)?;
    let hash = stored.password_hash.clone();
    let current = f.current.clone();
    let ok = tokio::task::spawn_blocking(move || verify_login(&current, Some(&hash)))
        .await
        .map_err(WebError::internal("password check failed"))?;
    if !ok {
        state
            .throttle
            .record_failure(&user.username, &addr, Instant::now());
        tracing::info!(user_id = %user.id, "password change refused: wrong current password");
        let errors = vec![("current", tr.t("password-current-wrong"))];
        return page(tr, &user, errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let new = f.password;
    let new_hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(WebError::internal("password hashing failed"))?
        .map_err(WebError::internal("password hashing failed"))?;
    // Logged first: the log may tell of a change that then failed, never
    // the other way round.
    let reader = Reader::new(&user, &addr)?;
    let mut entry = reader.entry(AccessKind::PasswordChanged);
    entry.ref_seq = stored.password_set_seq;
    entry.detail = Some(if stored.must_change_password {
        "bytte engångslösenord mot eget lösenord".into()
    } else {
        "bytte lösenord".into()
    });
    log_reads(&state, &[entry]).await?;
    state
        .store()
        .set_own_password(user.id, &new_hash, &user.token_hash)
        .await?;
    state
        .throttle
        .record_success(&user.username, &addr, Instant::now());
    tracing::info!(user_id = %user.id, "password changed by the user");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, "/?password=changed")]).into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/password", Requires(ChangeOwnPassword), form).post(
        "/password",
        Requires(ChangeOwnPassword),
        submit,
    )
}
