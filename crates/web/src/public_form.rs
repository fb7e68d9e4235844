//! What the forms without a login share (the login form, the e-services
//! for complaints and for reports of concern): the pre-session CSRF token
//! in its cookie (double submit, see `csrf.rs`), the one-time submission id
//! that makes a double click store once, the random receipt number, and
//! the polite refusal of an address that sends too many.

use crate::AppState;
use crate::csrf::LOGIN_CSRF_COOKIE;
use crate::error::WebError;
use crate::forms::{FormData, Refused};
use crate::i18n::Tr;
use crate::session::{cookie_value, is_token, new_token, set_cookie};
use axum::http::HeaderMap;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::response::Response;
use std::time::Duration;
use tillit_domain::RecordId;
use tillit_domain::register::Register;
use tillit_store::{RecordWrite, StoreError};

/// The form's hidden field that robots fill in and people never see.
pub const HONEYPOT: &str = "website";

/// The pre-session token of a form without a login: the browser's, or a
/// new one to set with the page.
pub struct PreSession {
    pub csrf: String,
    is_new: bool,
}

impl PreSession {
    pub fn of(headers: &HeaderMap) -> Result<Self, WebError> {
        Ok(match cookie_value(headers, LOGIN_CSRF_COOKIE) {
            Some(t) if is_token(&t) => Self {
                csrf: t,
                is_new: false,
            },
            _ => Self {
                csrf: new_token()?,
                is_new: true,
            },
        })
    }

    /// Set the token's cookie on `resp` when the browser had none.
    pub fn set_on(&self, state: &AppState, resp: &mut Response) {
        if self.is_new
            && let Some(v) = set_cookie(
                LOGIN_CSRF_COOKIE,
                &self.csrf,
                "Strict",
                state.config().secure_cookies,
                None,
            )
        {
            resp.headers_mut().append(SET_COOKIE, v);
        }
    }
}

/// The record id a submitted form stores under: the form's one-time
/// `submission` id (sent twice, it is stored once), or a new one.
pub fn submission_id(data: &FormData) -> RecordId {
    data.trimmed("submission")
        .parse::<RecordId>()
        .unwrap_or_else(|_| RecordId::new_random())
}

/// A receipt number: `prefix`, then 12 characters from 32 (60 random bits),
/// e.g. `SY-7K3Q-9XHD-2MAT`.
pub fn receipt(prefix: &str) -> Result<String, WebError> {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut b = [0u8; 12];
    getrandom::fill(&mut b).map_err(WebError::internal("random source unavailable"))?;
    let chars: String = b
        .iter()
        .map(|x| ALPHABET[usize::from(x % 32)] as char)
        .collect();
    Ok(format!(
        "{prefix}-{}-{}-{}",
        &chars[..4],
        &chars[4..8],
        &chars[8..]
    ))
}

/// What storing a submitted form came to.
pub enum Stored {
    /// The receipt to show: this submission's, or the one given when the
    /// same form was sent before (a double click); `None` if that one
    /// cannot be read back.
    Receipt(Option<String>),
    /// The database did not answer in time: the form again, with this.
    Unavailable(Refused),
}

/// Store a public form's record once: `write` creates record `id` (the
/// form's submission id) with `receipt`; sent again, nothing is stored and
/// the first receipt (`receipt_of` its state) is shown.
pub async fn store_once<R: Register>(
    state: &AppState,
    tr: Tr,
    id: RecordId,
    write: RecordWrite,
    receipt: String,
    receipt_of: impl Fn(&R::State) -> Option<String>,
) -> Result<Stored, WebError> {
    match state.store().write_records(vec![write]).await {
        Ok(()) => Ok(Stored::Receipt(Some(receipt))),
        Err(StoreError::RecordChanged { .. }) => Ok(Stored::Receipt(
            state
                .store()
                .record::<R>(id)
                .await?
                .and_then(|r| receipt_of(&r.state)),
        )),
        Err(e) if e.is_unavailable() => Ok(Stored::Unavailable(Refused::general(
            crate::error::unavailable_on_form(tr, &e),
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Say on `resp` when the address may send again.
pub fn retry_after(resp: &mut Response, wait: Duration) {
    if let Ok(v) = wait.as_secs().max(1).to_string().parse() {
        resp.headers_mut().insert(RETRY_AFTER, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_random_and_of_one_form() {
        let a = receipt("SY").unwrap();
        let b = receipt("SY").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), "SY-XXXX-XXXX-XXXX".len());
        assert!(a.starts_with("SY-"));
        assert!(
            a[3..]
                .chars()
                .all(|c| c == '-' || "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".contains(c))
        );
    }
}
