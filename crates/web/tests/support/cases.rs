//! The black-box tests' case helpers, whatever the fixture: cases opened and
//! steps recorded straight in the store, through the domain's `decide` (as
//! the web layer does).
//!
//! Shared by every test binary: `access.rs` and `logs.rs` get it through
//! `mod support;`, the others with `#[path = "support/cases.rs"] mod cases;`.

#![allow(dead_code)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use tillit_domain::case::{CaseCommand, CaseState, NewReport, Reporter, decide};
use tillit_domain::catalog::{ConcernCategory, ReportKind, ReporterCategory};
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{NewEvent, Store};

/// The fixtures' today (a Tuesday).
pub const TODAY: Date = date(2026, 3, 10);

/// Open a case with a report from a school received the day before
/// [`TODAY`] (a pre-assessment is due 14 days after); the reporter wants no
/// feedback.
pub async fn open_case(store: &Store, child: PersonId, unit: UnitId, caseworker: UserId) -> CaseId {
    open_case_with(store, child, unit, caseworker, false).await
}

/// [`open_case`], the reporter wanting feedback or not.
pub async fn open_case_with(
    store: &Store,
    child: PersonId,
    unit: UnitId,
    caseworker: UserId,
    wants_feedback: bool,
) -> CaseId {
    let received = date(2026, 3, 9);
    let command = CaseCommand::OpenCase {
        child,
        unit,
        caseworker: Some(caseworker),
        report: NewReport {
            report: ItemId::new_random(),
            kind: ReportKind::Report,
            received_at: received.at(10, 0, 0, 0),
            reporter: Reporter {
                category: ReporterCategory::School,
                anonymous: false,
                name: Some("Skolkurator".into()),
                contact: None,
                wants_feedback,
            },
            concerns: vec![ConcernCategory::SchoolAbsence],
            siblings: vec![],
            summary: "Hög frånvaro.".into(),
        },
    };
    let events = decide(&CaseState::new(), &command, received, TODAY).unwrap();
    let case = CaseId::new_random();
    let events = events
        .into_iter()
        .map(|event| NewEvent {
            recorded_by: caseworker,
            recorded_at: Timestamp::now(),
            occurred_on: received,
            event,
        })
        .collect();
    store.append(case, 0, events).await.unwrap();
    case
}

/// Record `command` in `case` as `user`, on `on`, through the domain's
/// `decide` (as the web layer does); panics on a refusal.
pub async fn record(store: &Store, case: CaseId, user: UserId, on: Date, command: CaseCommand) {
    let events = store.load_case(case).await.unwrap();
    let version = events.len() as u64;
    let state = CaseState::from_events(&events);
    let new = decide(&state, &command, on, TODAY).unwrap();
    let new = new
        .into_iter()
        .map(|event| NewEvent {
            recorded_by: user,
            recorded_at: Timestamp::now(),
            occurred_on: on,
            event,
        })
        .collect();
    store.append(case, version, new).await.unwrap();
}

/// A case of `child` opened, pre-assessed ("inte inleda") and closed by
/// `caseworker`: an old intake that no longer gives sight of the child.
pub async fn closed_case(
    store: &Store,
    child: PersonId,
    unit: UnitId,
    caseworker: UserId,
) -> CaseId {
    let case = open_case(store, child, unit, caseworker).await;
    let events = store.load_case(case).await.unwrap();
    let report = CaseState::from_events(&events).reports[0].id;
    let on = date(2026, 3, 9);
    record(
        store,
        case,
        caseworker,
        on,
        CaseCommand::AssessSafety {
            report,
            immediate_protection_needed: false,
            notes: "Inget akut skyddsbehov.".into(),
        },
    )
    .await;
    record(
        store,
        case,
        caseworker,
        on,
        CaseCommand::DecidePreAssessment {
            report,
            outcome: tillit_domain::case::PreAssessmentOutcome::NoInvestigation,
            reasoning: "Ingen oro som motiverar utredning.".into(),
            investigation: None,
        },
    )
    .await;
    record(
        store,
        case,
        caseworker,
        on,
        CaseCommand::CloseCase {
            reason: tillit_domain::catalog::ClosureReason::NoInvestigation,
        },
    )
    .await;
    case
}
