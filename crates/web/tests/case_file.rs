//! The case file (akten) over HTTP: every recorded step read back with what
//! was recorded, the filter by kind, corrections beside what they correct,
//! need-to-know and the access log, a protected child's texts withheld,
//! the step forms showing their report, and the extract (PDF, read back)
//! leaving out what is secret from the recipient, logged.

mod support;

use jiff::civil::date;
use reqwest::StatusCode;
use support::*;
use tillit_domain::case::{CaseCommand, CaseState, DecisionKind, LegalBasis, PreAssessmentOutcome};
use tillit_domain::catalog::InterventionKind;
use tillit_domain::{CaseId, ItemId, UserId};
use tillit_store::{AccessKind, AccessLogFilter, LoggedEntry};

const SAFETY: &str = "Inget akut skyddsbehov: Ella är i skolan varje dag.";
const REASONING: &str = "Oron för frånvaron är allvarlig och har pågått en termin.";
const EXTENSION: &str = "Väntar på utlåtande från BUP om Ellas mående.";
const MOTIVATION: &str = "Ella behöver en vuxen att prata med utanför familjen.";
const JOURNAL: &str = "Samtal med Ella i skolan: hon trivs i klassen.";
const CORRECTION: &str = "Rättelse: samtalet hölls på fritids, inte i skolan.";

/// Record the steps of a whole investigation in `case` (as `user`, the
/// manager `delegate` deciding): safety assessment, pre-assessment opening
/// an investigation, its extension, a decision, a journal entry and its
/// correction.
async fn casework(app: &App, case: CaseId, user: UserId, delegate: UserId) {
    let store = &app.store;
    let events = store.load_case(case).await.unwrap();
    let report = CaseState::from_events(&events).reports[0].id;
    let on = date(2026, 3, 9);
    record(
        store,
        case,
        user,
        on,
        CaseCommand::AssessSafety {
            report,
            immediate_protection_needed: false,
            notes: SAFETY.into(),
        },
    )
    .await;
    let investigation = ItemId::new_random();
    record(
        store,
        case,
        user,
        on,
        CaseCommand::DecidePreAssessment {
            report,
            outcome: PreAssessmentOutcome::OpenInvestigation,
            reasoning: REASONING.into(),
            investigation: Some(investigation),
        },
    )
    .await;
    let on = date(2026, 3, 10);
    record(
        store,
        case,
        user,
        on,
        CaseCommand::ExtendInvestigation {
            investigation,
            reason: EXTENSION.into(),
            new_due: date(2026, 9, 1),
        },
    )
    .await;
    record(
        store,
        case,
        user,
        on,
        CaseCommand::TakeDecision {
            decision: ItemId::new_random(),
            kind: DecisionKind::Intervention,
            legal_basis: LegalBasis::SolAssistance,
            intervention_kind: Some(InterventionKind::ContactPerson),
            favourable: true,
            decided_by: delegate,
            text: MOTIVATION.into(),
        },
    )
    .await;
    let entry = ItemId::new_random();
    record(
        store,
        case,
        user,
        on,
        CaseCommand::SignJournalEntry {
            entry,
            text: JOURNAL.into(),
            corrects: None,
        },
    )
    .await;
    record(
        store,
        case,
        user,
        on,
        CaseCommand::SignJournalEntry {
            entry: ItemId::new_random(),
            text: CORRECTION.into(),
            corrects: Some(entry),
        },
    )
    .await;
}

async fn log_of(app: &App, user: &str, kind: AccessKind) -> Vec<LoggedEntry> {
    app.store
        .access_log(&AccessLogFilter {
            user: Some(app.users[user]),
            kinds: vec![kind],
            ..Default::default()
        })
        .await
        .unwrap()
}

/// The text of a PDF, whitespace folded.
fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_case_file_shows_what_every_step_recorded_in_order() {
    let app = spawn().await;
    casework(&app, app.case, app.users["anna"], app.users["ulla"]).await;
    let anna = logged_in(&app, "anna").await;
    let (status, body) = get(&anna, app.url(&format!("/cases/{}/file", app.case))).await;
    assert_eq!(status, StatusCode::OK);
    // The report: its text, reporter, concern.
    for text in [
        "Hög frånvaro.",
        "Skolkurator",
        "Skolfrånvaro",
        SAFETY,
        REASONING,
        EXTENSION,
        MOTIVATION,
        JOURNAL,
        CORRECTION,
        // The decision's legal basis and delegate.
        "SoL bistånd",
        "ulla Testsson",
        "Kontaktperson",
    ] {
        assert!(body.contains(text), "the file shows {text:?}");
    }
    // In the order recorded.
    let at = |s: &str| body.find(s).unwrap();
    assert!(at("Hög frånvaro.") < at(SAFETY));
    assert!(at(SAFETY) < at(REASONING));
    assert!(at(REASONING) < at(EXTENSION));
    assert!(at(EXTENSION) < at(MOTIVATION));
    // The correction beside the entry it corrects: right after it, before
    // the correcting entry's own item.
    let entry = at(JOURNAL);
    let beside = body[entry..].find(CORRECTION).unwrap() + entry;
    assert!(body[entry..beside].contains("Rättad"));
    assert!(body[beside..].contains("Rättar"));
    // Every item has an anchor, and references link to it.
    assert!(body.contains("id=\"e1\""));
    assert!(
        body.contains("href=\"#e2\""),
        "the assessment links its report"
    );
    // The reporter's identity is marked secret from a party.
    assert!(body.contains("26 kap. 5 § OSL"));
    // The case page's events link to the file.
    let (_, case_page) = get(&anna, app.url(&format!("/cases/{}", app.case))).await;
    assert!(case_page.contains(&format!("/cases/{}/file#e2", app.case)));
}

#[tokio::test]
async fn the_case_file_filters_by_kind_in_the_url() {
    let app = spawn().await;
    casework(&app, app.case, app.users["anna"], app.users["ulla"]).await;
    let anna = logged_in(&app, "anna").await;
    let url = |q: &str| app.url(&format!("/cases/{}/file?{q}", app.case));
    let (_, decisions) = get(&anna, url("kind=decision")).await;
    assert!(decisions.contains(MOTIVATION));
    assert!(!decisions.contains(REASONING) && !decisions.contains(JOURNAL));
    assert!(decisions.contains("value=\"decision\" checked"));
    let (_, two) = get(&anna, url("kind=assessment&kind=journal")).await;
    assert!(two.contains(REASONING) && two.contains(SAFETY) && two.contains(JOURNAL));
    assert!(!two.contains(MOTIVATION) && !two.contains(EXTENSION));
    // An unknown kind is ignored: the whole file.
    let (status, all) = get(&anna, url("kind=%FF%00nonsense&kind=")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(all.contains(MOTIVATION) && all.contains(REASONING));
}

#[tokio::test]
async fn the_case_file_is_need_to_know_and_every_read_is_logged() {
    let app = spawn().await;
    casework(&app, app.case, app.users["anna"], app.users["ulla"]).await;
    let path = format!("/cases/{}/file", app.case);
    // Another unit: not found; an analyst or administrator: no case at all.
    for (user, expected) in [
        ("bo", StatusCode::NOT_FOUND),
        ("alva", StatusCode::FORBIDDEN),
        ("sam", StatusCode::FORBIDDEN),
    ] {
        let c = logged_in(&app, user).await;
        let (status, body) = get(&c, app.url(&path)).await;
        assert_eq!(status, expected, "{user}");
        assert!(!body.contains(MOTIVATION), "{user}");
    }
    let before = log_of(&app, "dina", AccessKind::Case).await.len();
    let dina = logged_in(&app, "dina").await;
    let (status, body) = get(&dina, app.url(&path)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(MOTIVATION));
    let after = log_of(&app, "dina", AccessKind::Case).await;
    assert_eq!(after.len(), before + 1);
    assert_eq!(after[0].entry.case, Some(app.case));
    assert_eq!(after[0].entry.person, Some(app.child));
    // dina is not in anna's team: she reads but makes no extract.
    assert!(!body.contains("/file/extract"));
    let (status, _) = get(&dina, app.url(&format!("{path}/extract"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_protected_childs_file_withholds_texts_from_who_may_not_see_the_child() {
    let app = spawn().await;
    casework(
        &app,
        app.protected_case,
        app.users["anna"],
        app.users["ulla"],
    )
    .await;
    let path = format!("/cases/{}/file", app.protected_case);
    // carl (same unit and team, not assigned) reads the file masked.
    let carl = logged_in(&app, "carl").await;
    let (status, body) = get(&carl, app.url(&path)).await;
    assert_eq!(status, StatusCode::OK);
    for secret in [
        SECRET_NAME,
        SECRET_NUMBER,
        "Hög frånvaro.",
        MOTIVATION,
        JOURNAL,
    ] {
        assert!(!body.contains(secret), "carl must not see {secret:?}");
    }
    assert!(body.contains("Texten visas inte"));
    let (status, _) = get(&carl, app.url(&format!("{path}/extract"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // anna, the assigned caseworker, reads everything.
    let anna = logged_in(&app, "anna").await;
    let (_, body) = get(&anna, app.url(&path)).await;
    assert!(body.contains(SECRET_NAME) && body.contains(MOTIVATION));
}

#[tokio::test]
async fn the_extract_leaves_out_what_is_secret_from_the_recipient_and_is_logged() {
    let app = spawn().await;
    casework(&app, app.case, app.users["anna"], app.users["ulla"]).await;
    let anna = logged_in(&app, "anna").await;
    let extract = |q: &str| app.url(&format!("/cases/{}/file/extract?{q}", app.case));
    let before = log_of(&app, "anna", AccessKind::Export).await.len();

    // For a party, the reporter's identity left out.
    let r = anna
        .get(extract("recipient=party&withhold=reporter"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    assert!(!text.contains("Skolkurator"), "the reporter is left out");
    assert!(
        text.contains("Utelämnat"),
        "and the extract says so: {text}"
    );
    assert!(text.contains("26 kap. 5 § OSL"));
    for shown in [MOTIVATION, EXTENSION, "Ella Barnsson", "Part (partsinsyn)"] {
        assert!(text.contains(shown), "the extract has {shown:?}: {text}");
    }
    let logged = log_of(&app, "anna", AccessKind::Export).await;
    assert_eq!(logged.len(), before + 1);
    let e = &logged[0].entry;
    assert_eq!((e.case, e.person), (Some(app.case), Some(app.child)));
    let detail = e.detail.clone().unwrap();
    assert!(detail.contains("mottagare=party") && detail.contains("utelämnat=reporter"));

    // For the court, nothing left out: the reporter is there, marked.
    let r = anna
        .get(extract("recipient=court&kind=report"))
        .send()
        .await
        .unwrap();
    let text = pdf_text(&r.bytes().await.unwrap());
    assert!(text.contains("Skolkurator"));
    assert!(text.contains("Sekretess mot part"));
    assert!(!text.contains("Utelämnat"));
    // Only the kind asked for.
    assert!(!text.contains(MOTIVATION));
    let logged = log_of(&app, "anna", AccessKind::Export).await;
    assert_eq!(logged.len(), before + 2);
    assert!(
        logged[0]
            .entry
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("mottagare=court") && d.contains("utelämnat=inget"))
    );
    assert!(app.store.verify_access_log().await.unwrap().is_intact());
}

#[tokio::test]
async fn a_step_form_shows_the_report_it_is_about() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let (status, body) = get(
        &anna,
        app.url(&format!("/cases/{}/safety-assessment", app.case)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Hög frånvaro."), "the report's text");
    assert!(body.contains("Skolfrånvaro"), "its concern");
    assert!(body.contains(&format!("/cases/{}/file", app.case)));
}
