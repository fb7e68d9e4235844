//! The letter to a reporter who asked what became of their report
//! (19 kap. 6 § SoL 2025:400 as amended by SFS 2025:1501):
//! `GET /cases/{id}/feedback-letter?report=ITEM` gives the PDF
//! ([`tillit_reports::render_feedback_letter`]); the step "Informera
//! anmälaren" (`/cases/{id}/inform-reporter`) links to it and records it
//! sent, which closes the deadline.
//!
//! Who may have it: whoever may write in the case (the step's rule). What
//! it says is the domain's ([`tillit_domain::case::feedback`]): only to a
//! reporter the law covers (a named mandatory reporter), only once the
//! förhandsbedömning is settled, and only whether an investigation was
//! opened, not opened or is running. The case read is logged (kind
//! `case`, by [`load_case`]) and the letter itself as an export (kind
//! `export`, detail `feedback_letter:<outcome>`), both before it is sent.

use crate::AppState;
use crate::audit::{Reader, log_reads};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::pages::steps::{load_case, opened};
use crate::permissions::may_write_case;
use crate::request::ClientAddr;
use crate::session::CurrentUser;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use tillit_domain::case::feedback::{may_be_informed, outcome};
use tillit_domain::case::{CaseState, ReportState};
use tillit_domain::law::{Rule, citation};
use tillit_domain::{CaseId, ItemId};
use tillit_reports::{FeedbackLetter, render_feedback_letter};
use tillit_store::AccessKind;

/// The reports of `state` whose reporter is still to be told and may be
/// sent a letter now: (report, label, link to the letter).
pub(crate) fn letters(tr: Tr, case: CaseId, state: &CaseState) -> Vec<(String, String)> {
    state
        .reports
        .iter()
        .filter(|r| ready(state, r))
        .map(|r| {
            (
                format!("/cases/{case}/feedback-letter?report={}", r.id),
                tr.t1("feedback-letter-link", "when", received(r)),
            )
        })
        .collect()
}

/// A letter can be written for `r`: a reporter the law covers, not told
/// yet, and an outcome to tell.
fn ready(state: &CaseState, r: &ReportState) -> bool {
    may_be_informed(&r.reporter)
        && r.reporter_informed_on.is_none()
        && outcome(state, r).is_some()
}

fn received(r: &ReportState) -> String {
    format!(
        "{} kl. {}",
        r.received_at.date(),
        r.received_at.time().strftime("%H:%M")
    )
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct LetterQuery {
    #[serde(default)]
    report: String,
}

/// `GET /cases/{id}/feedback-letter?report=ITEM`: the letter as PDF
/// (without `report`, to the step's page where it is chosen).
pub async fn letter(
    State(state): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<String>,
    crate::forms::Query(q): crate::forms::Query<LetterQuery>,
) -> Result<Response, WebError> {
    let case = opened!(load_case(&state, tr, &user, &addr, &id).await?);
    if !may_write_case(&user, &case.summary) {
        return Err(WebError::Forbidden);
    }
    if q.report.trim().is_empty() {
        // Which letter is chosen on the step's page.
        let to = format!("{}/inform-reporter", case.href());
        return Ok((StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, to)]).into_response());
    }
    let report = q
        .report
        .trim()
        .parse::<ItemId>()
        .ok()
        .and_then(|r| case.state.report(r))
        .ok_or_else(|| WebError::Unknown(tr.t("feedback-letter-unknown")))?;
    if !may_be_informed(&report.reporter) {
        return Err(WebError::Unknown(tr.t("feedback-letter-not-covered")));
    }
    let Some(told) = outcome(&case.state, report) else {
        return Err(WebError::Unknown(tr.t("feedback-letter-not-ready")));
    };
    let store = state.store();
    let unit = store
        .units()
        .await?
        .into_iter()
        .find(|u| u.id == case.summary.unit)
        .map(|u| u.name)
        .unwrap_or_default();
    let today = state.today();
    let letter = FeedbackLetter {
        municipality: state.municipality().name.clone(),
        unit,
        date: today,
        reporter_name: report.reporter.name.clone().unwrap_or_default(),
        reporter_contact: report.reporter.contact.clone(),
        received: received(report),
        // A child with a protected identity is not named.
        child: (!case.child.protected).then(|| case.child.name.clone()),
        outcome: told,
        citation: citation(Rule::ReporterFeedback, today),
        caseworker: user.display_name.clone(),
    };
    let name = letter.file_name();
    let bytes = tokio::task::spawn_blocking(move || render_feedback_letter(&letter))
        .await
        .map_err(WebError::internal("feedback letter failed"))?
        .map_err(WebError::internal("feedback letter failed"))?;
    // The letter is a file about the child leaving the system: logged as
    // an export before it is sent.
    if let Some(child) = store.person(case.summary.child).await? {
        let reader = Reader::new(&user, &addr)?;
        let mut entry = reader.person_read(AccessKind::Export, &child, Some(&case.summary), None);
        entry.detail = Some(format!("feedback_letter:{}", told.code()));
        log_reads(&state, &[entry]).await?;
    }
    tracing::info!(user_id = %user.id, case = %case.id, "feedback letter produced");
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// This page's routes, each with the access it requires.
pub(crate) fn routes(r: crate::routes::Routes) -> crate::routes::Routes {
    use crate::permissions::{Access::*, Permission::*};
    r.get(
        "/cases/{id}/feedback-letter",
        Requires(RecordCaseStep),
        letter,
    )
}
