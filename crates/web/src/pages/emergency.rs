//! Emergency access (nödåtkomst): read access to one case of another unit,
//! for a limited time, after stating a reason. The grant is written to the
//! access log with its reason and flagged for the log review; every read
//! through it is logged with the same reason and flags.
//!
//! A case the user may not read answers "not found" ([`case_not_found`])
//! exactly like a case that does not exist, with a link here. The form is
//! shown for any case id, existing or not, so that it confirms nothing;
//! only a submitted request with a reason (which is logged) finds out.

use crate::AppState;
use crate::audit::Reader;
use crate::error::WebError;
use crate::forms::{Field, FieldView, FormData, Kind, Query, Refused, Shown, SummaryItem, read};
use crate::i18n::Tr;
use crate::permissions::{
    CaseScope, Permission, allowed, may_read_case, may_request_emergency_access,
};
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use crate::time::format_clock;
use crate::view::{Layout, Section, html_status};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use tillit_domain::CaseId;
use tillit_store::{AccessFlag, AccessKind};

/// The shortest reason accepted, in characters.
pub const REASON_MIN_CHARS: usize = 10;
/// The longest reason accepted, in characters.
pub const REASON_MAX_CHARS: usize = 1000;

#[derive(Template)]
#[template(path = "case_not_found.html")]
struct CaseNotFoundPage {
    l: Layout,
    /// The link to ask for emergency access, for those who may.
    emergency_href: Option<String>,
}

/// The "not found" answer for a case: the same page whether the case does
/// not exist or belongs to another unit, so a guessed id confirms nothing.
/// Users who may ask for emergency access get a link to do so.
pub fn case_not_found(tr: Tr, user: &CurrentUser, id: &str) -> Result<Response, WebError> {
    let emergency_href = if allowed(user.role, Permission::RequestEmergencyAccess) {
        serde_urlencoded::to_string([("case", id)])
            .ok()
            .map(|q| format!("/emergency?{q}"))
    } else {
        None
    };
    let title = tr.t("error-not-found-title");
    let p = CaseNotFoundPage {
        l: Layout::new(tr, user, title, Section::None),
        emergency_href,
    };
    html_status(StatusCode::NOT_FOUND, &p)
}

#[derive(Debug, Default, Deserialize)]
pub struct EmergencyQuery {
    #[serde(default)]
    case: String,
}

#[derive(Template)]
#[template(path = "emergency.html")]
struct EmergencyPage {
    l: Layout,
    /// The case asked for, sent hidden; empty: the form asks for it.
    case: String,
    fields: Vec<FieldView>,
    summary: Vec<SummaryItem>,
    duration: String,
}

/// The form: the case (when no link named it) and the reason.
fn fields(tr: Tr, case: &str) -> Vec<Field> {
    let mut out = Vec::new();
    if case.is_empty() {
        out.push(
            Field::new("case", Kind::Text, tr.t("emergency-case"))
                .hint(tr.t("emergency-case-hint")),
        );
    }
    out.push(
        Field::new("reason", Kind::TextArea, tr.t("emergency-reason"))
            .hint(tr.t("emergency-reason-hint"))
            .required(),
    );
    out
}

/// How long a grant lasts, in words ("2 timmar", "90 minuter").
fn duration_text(tr: Tr, d: std::time::Duration) -> String {
    let minutes = usize::try_from(d.as_secs() / 60).unwrap_or(usize::MAX);
    if minutes % 60 == 0 && minutes > 0 {
        tr.n("duration-hours", minutes / 60)
    } else {
        tr.n("duration-minutes", minutes)
    }
}

/// The form with the values of `data` and the errors of `refused`.
fn form_page(
    state: &AppState,
    tr: Tr,
    user: &CurrentUser,
    data: &FormData,
    refused: Refused,
) -> Result<Response, WebError> {
    let case = data.trimmed("case").to_string();
    let heading = tr.t("emergency-title");
    let shown = Shown::new(tr, &heading, &fields(tr, &case), data, &refused.errors);
    let p = EmergencyPage {
        l: Layout::new(tr, user, shown.title, Section::None),
        case,
        fields: shown.fields,
        summary: shown.summary,
        duration: duration_text(tr, state.config().emergency_access),
    };
    html_status(refused.status, &p)
}

fn to_case(id: CaseId) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, format!("/cases/{id}"))]).into_response()
}

/// Whether the user can read the case already (directly or through a
/// valid grant); `None` if there is no such case.
async fn readable(
    state: &AppState,
    user: &CurrentUser,
    id: CaseId,
) -> Result<Option<(tillit_store::CaseSummary, bool)>, WebError> {
    let Some(summary) = state.store().case_summary(id).await? else {
        return Ok(None);
    };
    let direct = may_read_case(user.subject(), CaseScope::of(&summary));
    let granted = direct
        || state
            .store()
            .emergency_access(user.id, id, Timestamp::now())
            .await?
            .is_some();
    Ok(Some((summary, granted)))
}

/// `GET /emergency?case=ID`: the form. Shown for any id (see the module docs).
pub async fn form(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<EmergencyQuery>,
) -> Result<Response, WebError> {
    let case = q.case.trim().to_string();
    if let Ok(id) = case.parse::<CaseId>()
        && let Some((_, true)) = readable(&state, &user, id).await?
    {
        return Ok(to_case(id));
    }
    let data = FormData::new(vec![("case".into(), case)]);
    form_page(&state, tr, &user, &data, Refused::none())
}

/// The reason, checked: `Err` holds the Swedish (or English) message.
fn check_reason(tr: Tr, reason: &str) -> Result<String, String> {
    let reason = reason.trim();
    let chars = reason.chars().count();
    if chars == 0 {
        Err(tr.t("emergency-reason-missing"))
    } else if chars < REASON_MIN_CHARS {
        Err(tr.n("emergency-reason-short", REASON_MIN_CHARS))
    } else if chars > REASON_MAX_CHARS {
        Err(tr.n("emergency-reason-long", REASON_MAX_CHARS))
    } else {
        Ok(reason.to_string())
    }
}

/// `POST /emergency`: grant read access to the case for the configured
/// time, log it with the reason, and go to the case.
pub async fn submit(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    data: FormData,
) -> Result<Response, WebError> {
    let case_text = data.trimmed("case").to_string();
    // The reason is the one thing typed: a field sent twice refuses the
    // whole form.
    let read = if data.conflicts(&[]).is_empty() {
        read(tr, &fields(tr, &case_text), &data, None, |input| {
            let r = check_reason(tr, input.data.get("reason"));
            input.parsed("reason", r)
        })
    } else {
        Err(Refused::general(
            tr.t("form-duplicate"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    let reason = match read {
        Ok(r) => r,
        Err(r) => return form_page(&state, tr, &user, &data, r),
    };
    let id: CaseId = case_text.parse().map_err(|_| WebError::NotFound)?;
    let (summary, already) = readable(&state, &user, id)
        .await?
        .ok_or(WebError::NotFound)?;
    if already {
        return Ok(to_case(id));
    }
    let scope = CaseScope::of(&summary);
    if !may_request_emergency_access(user.subject(), scope) {
        return Err(WebError::Forbidden);
    }
    let reader = Reader::new(&user, &addr)?;
    let mut entry = match state.store().person(summary.child).await? {
        Some(child) => reader.person_read(AccessKind::EmergencyGrant, &child, Some(&summary), None),
        None => {
            let mut e = reader.entry(AccessKind::EmergencyGrant);
            e.case = Some(summary.id);
            e.case_unit = Some(summary.unit);
            if user.unit != Some(summary.unit) {
                e.flags.push(AccessFlag::OtherUnit);
            }
            e
        }
    };
    entry.flags.push(AccessFlag::Emergency);
    entry.reason = Some(reason);
    let lasts = SignedDuration::try_from(state.config().emergency_access)
        .unwrap_or(SignedDuration::from_hours(2));
    let expires = reader
        .at()
        .checked_add(lasts)
        .map_err(WebError::internal("emergency access end out of range"))?;
    let grant = state
        .store()
        .grant_emergency_access(&entry, expires)
        .await?;
    tracing::info!(user_id = %user.id, log_seq = grant.log_seq, "emergency access granted");
    Ok(to_case(id))
}

/// The banner on a case read through emergency access.
pub fn banner(tr: Tr, grant: &tillit_store::EmergencyGrant) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("time", format_clock(grant.expires_at));
    args.set("reason", grant.reason.clone());
    tr.args("emergency-active", &args)
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get("/emergency", Requires(RequestEmergencyAccess), form)
        .post("/emergency", Requires(RequestEmergencyAccess), submit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn reasons_are_required_and_bounded() {
        let tr = Tr::new(Lang::Sv);
        assert_eq!(
            check_reason(tr, "  ").unwrap_err(),
            "Ange skälet till att du behöver åtkomst till ärendet."
        );
        assert!(
            check_reason(tr, "akut")
                .unwrap_err()
                .contains("minst 10 tecken")
        );
        assert!(
            check_reason(tr, &"x".repeat(1001))
                .unwrap_err()
                .contains("högst 1000")
        );
        assert_eq!(
            check_reason(tr, "  Polisen ringer om barnet  ").unwrap(),
            "Polisen ringer om barnet"
        );
    }

    #[test]
    fn durations_in_words() {
        let tr = Tr::new(Lang::Sv);
        assert_eq!(
            duration_text(tr, std::time::Duration::from_secs(7200)),
            "2 timmar"
        );
        assert_eq!(
            duration_text(tr, std::time::Duration::from_secs(3600)),
            "1 timme"
        );
        assert_eq!(
            duration_text(tr, std::time::Duration::from_secs(5400)),
            "90 minuter"
        );
    }
}
