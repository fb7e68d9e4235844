//! The caseworker's day over HTTP. The case file (akten): every recorded
//! step read back with what was recorded, the filter by kind, corrections
//! beside what they correct, need-to-know and the access log, a protected
//! child's texts withheld, the step forms showing their report, and the
//! extract (PDF, read back) leaving out what is secret from the recipient,
//! logged. The caseload lists: my cases and the unit's, filtered, sorted
//! and paged from the URL, only the page's children logged, drafts tagged.

mod support;

use jiff::civil::date;
use reqwest::StatusCode;
use support::*;
use tillit_domain::case::{CaseCommand, CaseState, DecisionKind, LegalBasis, PreAssessmentOutcome};
use tillit_domain::catalog::Gender;
use tillit_domain::catalog::InterventionKind;
use tillit_domain::person::Person;
use tillit_domain::{CaseId, ItemId, PersonId, UserId};
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

/// `n` more children with cases assigned to `user` in unit A, opened on
/// the fixture's report day; child i is born 2010-01-01 plus i years.
async fn more_cases(app: &App, user: &str, n: usize) -> Vec<(CaseId, PersonId)> {
    let mut out = Vec::new();
    for i in 0..n {
        let p = Person {
            id: PersonId::new_random(),
            identity_number: None,
            given_name: format!("Barn{i:02}"),
            family_name: "Listsson".into(),
            gender: Gender::Unknown,
            birth_date: Some(date(2010 + (i % 10) as i16, 1, 1)),
            protected: false,
            address: None,
        };
        app.store.upsert_person(&p).await.unwrap();
        let case = open_case(&app.store, p.id, app.unit_a, app.users[user]).await;
        out.push((case, p.id));
    }
    out
}

/// The children's given names in the order a caseload page lists them.
fn listed(body: &str) -> Vec<String> {
    body.split("<tbody>")
        .nth(1)
        .unwrap_or("")
        .split("<tr>")
        .skip(1)
        .filter_map(|row| {
            let start = row.find("<a href=\"/cases/")?;
            let rest = &row[start..];
            let name_start = rest.find('>')? + 1;
            let name_end = rest.find("</a>")?;
            Some(
                rest[name_start..name_end]
                    .replace("<span class=\"protected\">", "")
                    .replace("</span>", ""),
            )
        })
        .collect()
}

#[tokio::test]
async fn my_caseload_is_filtered_sorted_and_paged_from_the_url_and_logs_only_the_page() {
    let app = spawn().await;
    more_cases(&app, "anna", 28).await;
    casework(&app, app.case, app.users["anna"], app.users["ulla"]).await;
    let anna = logged_in(&app, "anna").await;
    let before = log_of(&app, "anna", AccessKind::List).await.len();
    let (status, body) = get(&anna, app.url("/caseload")).await;
    assert_eq!(status, StatusCode::OK);
    // 30 cases (28 + Ella's + the protected child's), 25 a page.
    assert_eq!(listed(&body).len(), 25, "{body}");
    assert!(body.contains("av 30 ärenden"));
    assert!(body.contains("page=2"), "a link to the next page");
    // Sorted by the next deadline by default, said with aria-sort.
    assert_eq!(body.matches("aria-sort=").count(), 1);
    assert!(body.contains("aria-sort=\"ascending\""));
    // Only the children shown were logged.
    let logged = log_of(&app, "anna", AccessKind::List).await;
    assert_eq!(logged.len(), before + 25);

    // Sorted by child, descending; page 2 holds the last five.
    let (_, by_name) = get(&anna, app.url("/caseload?sort=child&dir=desc")).await;
    // By family name: Skyddsson, then Listsson (Barn27 first), Barnsson last.
    let names = listed(&by_name);
    assert_eq!(names[0], format!("{SECRET_NAME} Skyddsson"));
    assert_eq!(names[1], "Barn27 Listsson");
    assert_eq!(names.iter().filter(|n| n.starts_with("Barn")).count(), 24);
    assert!(by_name.contains("aria-sort=\"descending\""));
    let (_, page2) = get(&anna, app.url("/caseload?sort=child&dir=desc&page=2")).await;
    assert_eq!(listed(&page2).len(), 5);
    assert_eq!(listed(&page2).last().unwrap(), "Ella Barnsson");

    // Filter by phase: Ella's case has an open investigation.
    let (_, investigating) = get(&anna, app.url("/caseload?phase=investigating")).await;
    assert_eq!(listed(&investigating), vec!["Ella Barnsson".to_string()]);
    assert!(investigating.contains("av 1 ärende"));
    // By age on the fixture's day: born 2010-2013 (Barn i for i % 10 < 4)
    // and the protected child (2012); not Ella (2015).
    let (_, teens) = get(&anna, app.url("/caseload?age=13-17")).await;
    let teens = listed(&teens);
    assert_eq!(teens.len(), 13, "{teens:?}");
    assert!(!teens.contains(&"Ella Barnsson".to_string()));
    assert!(teens.contains(&"Barn23 Listsson".to_string()));
    assert!(!teens.contains(&"Barn24 Listsson".to_string()));
    // By deadline status: the chips link to each status.
    let (_, overdue) = get(&anna, app.url("/caseload?due=overdue")).await;
    assert!(overdue.contains("aria-current=\"true\""));
    // Nothing matches: said so.
    let (status, none) = get(&anna, app.url("/caseload?basis=lvu3")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(none.contains("Inga öppna ärenden"));
    // The worklist's count chips are links to the filtered list.
    let (_, worklist) = get(&anna, app.url("/")).await;
    assert!(worklist.contains("href=\"/caseload?due=overdue\""));
}

#[tokio::test]
async fn the_units_caseload_is_for_managers_masks_the_protected_and_tags_drafts() {
    let app = spawn().await;
    more_cases(&app, "carl", 2).await;
    app.store
        .save_draft(
            app.case,
            app.users["anna"],
            "Utkast",
            None,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let anna = logged_in(&app, "anna").await;
    let (status, _) = get(&anna, app.url("/caseload/unit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The draft as a tag in the list and on the case page.
    let (_, mine) = get(&anna, app.url("/caseload")).await;
    assert!(mine.contains("Journalutkast"));
    let (_, case_page) = get(&anna, app.url(&format!("/cases/{}", app.case))).await;
    assert!(case_page.contains("Du har ett journalutkast"));

    let ulla = logged_in(&app, "ulla").await;
    let (status, all) = get(&ulla, app.url("/caseload/unit")).await;
    assert_eq!(status, StatusCode::OK);
    // Unit A's four open cases, none of unit B.
    assert_eq!(listed(&all).len(), 4, "{all}");
    assert!(!all.contains("Bert"));
    let carl = app.users["carl"].0;
    let (_, carls) = get(
        &ulla,
        app.url(&format!("/caseload/unit?cw={carl}&sort=caseworker")),
    )
    .await;
    assert_eq!(listed(&carls).len(), 2);
    assert!(listed(&carls).iter().all(|n| n.starts_with("Barn")));
    // Sorted by days in stage, either way: aria-sort on that column only.
    let (_, days) = get(&ulla, app.url("/caseload/unit?sort=days&dir=desc")).await;
    assert_eq!(days.matches("aria-sort=").count(), 1);

    // dina (same unit, not assigned) lists nothing of her own.
    let dina = logged_in(&app, "dina").await;
    let (_, empty) = get(&dina, app.url("/caseload")).await;
    assert!(empty.contains("Inga öppna ärenden"));
    // An analyst has no caseload.
    let alva = logged_in(&app, "alva").await;
    let (status, _) = get(&alva, app.url("/caseload")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The protected child's name and personnummer in a page, or its address.
fn shows_protected(body: &str) -> bool {
    body.contains(SECRET_NAME)
        || body.contains(SECRET_NUMBER)
        || body.contains(&SECRET_NUMBER.replace('-', ""))
        || body.contains("Hemliga vägen")
}

/// The unit's caseload shows a protected child (name, personnummer) only to
/// who may see it: the managers of the child's unit (ulla, tea). A manager
/// of another unit (uno) gets no trace of it, whatever the URL asks; a
/// caseworker of the unit who is not assigned (dina) may not open the list.
#[tokio::test]
async fn the_units_caseload_shows_a_protected_child_only_to_who_may_see_it() {
    let app = spawn().await;
    let anna = app.users["anna"].0;
    for who in ["ulla", "tea"] {
        let c = logged_in(&app, who).await;
        let (status, body) = get(&c, app.url("/caseload/unit?sort=child")).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        let names = listed(&body);
        assert!(
            names.contains(&format!("{SECRET_NAME} Skyddsson")),
            "{who} sees the protected child's name: {names:?}"
        );
        assert!(body.contains(SECRET_NUMBER), "{who} sees the number");
        assert!(
            !body.contains("Hemliga vägen"),
            "never the address in a list"
        );
        assert!(body.contains(&format!("/cases/{}", app.protected_case)));
    }
    let uno = logged_in(&app, "uno").await;
    for path in [
        "/caseload/unit".to_string(),
        "/caseload/unit?sort=child&dir=desc".to_string(),
        format!("/caseload/unit?cw={anna}"),
        "/caseload/unit?age=13-17".to_string(),
    ] {
        let (status, body) = get(&uno, app.url(&path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !shows_protected(&body),
            "uno sees the protected child at {path}"
        );
        assert!(!body.contains(&app.protected_case.to_string()), "{path}");
        assert!(!listed(&body).contains(&format!("{SECRET_NAME} Skyddsson")));
    }
    // Uno's own unit is listed: the page is not just empty.
    let (_, his) = get(&uno, app.url("/caseload/unit")).await;
    assert!(his.contains("Bert"), "{his}");
    let dina = logged_in(&app, "dina").await;
    let (status, body) = get(&dina, app.url("/caseload/unit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!shows_protected(&body));
    let (_, mine) = get(&dina, app.url("/caseload?sort=child")).await;
    assert!(!shows_protected(&mine), "not in dina's own caseload either");
}

#[tokio::test]
async fn pages_and_assets_are_compressed_and_the_csrf_token_is_masked_in_each() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let fetch = |path: &str, enc: &'static str| {
        anna.get(app.url(path))
            .header("accept-encoding", enc)
            .send()
    };
    for (path, enc) in [
        ("/", "gzip"),
        ("/caseload", "br"),
        ("/static/tillit.css", "br"),
        ("/static/tillit.js", "gzip"),
    ] {
        let r = fetch(path, enc).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(
            r.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            Some(enc),
            "{path}"
        );
    }
    // Not asked for: not compressed. A PDF: never.
    let r = fetch("/", "identity").await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    casework(&app, app.case, app.users["anna"], app.users["ulla"]).await;
    let r = fetch(&format!("/cases/{}/file/extract", app.case), "gzip, br")
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.headers().get("content-encoding").is_none());
    // Two views of a page carry different tokens; both are accepted.
    let (_, a) = get(&anna, app.url("/persons")).await;
    let (_, b) = get(&anna, app.url("/persons")).await;
    let (ta, tb) = (csrf_in(&a), csrf_in(&b));
    assert_ne!(ta, tb);
    for t in [ta, tb] {
        // The password form with nothing filled in: refused by the form
        // (not by the CSRF check).
        let r = anna
            .post(app.url("/password"))
            .form(&[("csrf", t.as_str())])
            .send()
            .await
            .unwrap();
        assert_ne!(r.status(), StatusCode::FORBIDDEN);
    }
    let r = anna
        .post(app.url("/password"))
        .form(&[("csrf", "0".repeat(128).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_step_the_deadline_asks_for_is_primary_and_drastic_steps_are_apart() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let (_, page) = get(&anna, app.url(&format!("/cases/{}", app.case))).await;
    let steps = &page[page.find("step-buttons").unwrap()..];
    let steps = &steps[..steps.find("</ul>").unwrap()];
    // The safety assessment is due first: the one primary button, first.
    assert_eq!(steps.matches("button primary").count(), 1, "{steps}");
    let first = steps.find("<a ").unwrap();
    assert!(steps[first..].starts_with("<a class=\"button primary\" href=\""));
    assert!(steps[first..first + 200].contains("/safety-assessment"));
    // The emergency removal (6 § LVU): marked drastic, after every routine step.
    let drastic = steps.find("button danger").expect("a drastic step");
    assert!(steps[drastic..].contains("/emergency-removal"), "{steps}");
    assert!(
        !steps[drastic..].contains("button secondary"),
        "drastic steps last"
    );
    assert!(steps[..drastic].contains("button secondary"));
}

#[tokio::test]
async fn a_report_shows_every_error_naming_its_child_and_a_review_before_anything_is_stored() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let send = |form: Vec<(&'static str, &'static str)>| {
        let (anna, csrf, url) = (&anna, csrf.clone(), app.url("/intake/new"));
        async move {
            let mut f: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
            f.extend(form);
            post(anna, url, &f).await
        }
    };
    let open = || async {
        app.store
            .list_cases(&Default::default())
            .await
            .unwrap()
            .len()
    };
    let before = open().await;
    // Two new children without names, no category, no time: every problem
    // at once, each child's by its number.
    let (status, _, body) = send(vec![
        ("rows", "2"),
        ("pnr_0", "20170101-2393"),
        ("pnr_1", "20180102-2383"),
        ("kind", "anmalan"),
        ("received_date", "2026-03-10"),
        ("received_time", ""),
        ("summary", "Syskonen är ofta hungriga."),
        ("action", "register"),
    ])
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for part in [
        "Barn 1: ",
        "Barn 2: ",
        "id=\"f-given-0\"",
        "id=\"f-family-1\"",
        "#f-reporter-category",
        "#f-received-time",
    ] {
        assert!(body.contains(part), "all errors at once: {part}");
    }
    assert_eq!(open().await, before);
    // Everything right: the review, nothing stored yet.
    let form = [
        ("rows", "1"),
        ("pnr_0", "20170101-2393"),
        ("given_0", "Olle"),
        ("family_0", "Andersson"),
        ("kind", "anmalan"),
        ("received_date", "2026-03-10"),
        ("received_time", "08:40"),
        ("reporter_category", "skola"),
        ("reporter_name", "Rektor"),
        ("concerns", "skolfranvaro"),
        ("summary", "Olle är ofta borta."),
        ("action", "register"),
    ];
    let (status, _, review) = send(form.to_vec()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(review.contains("Kontrollera dina uppgifter"));
    assert!(review.contains("Olle Andersson") && review.contains("Olle är ofta borta."));
    assert!(review.contains("name=\"confirmed\" value=\"1\""));
    assert_eq!(open().await, before, "nothing stored before the review");
    // "Ändra": the form again, everything kept.
    let mut edit: Vec<(&'static str, &'static str)> = form.to_vec();
    edit.retain(|(k, _)| *k != "action");
    edit.push(("action", "edit"));
    edit.push(("confirmed", "1"));
    let (status, _, again) = send(edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(again.contains("value=\"Olle\"") && !again.contains("Kontrollera dina uppgifter"));
    assert_eq!(open().await, before);
    // Confirmed: registered.
    let mut confirmed: Vec<(&'static str, &'static str)> = form.to_vec();
    confirmed.push(("confirmed", "1"));
    let (status, location, _) = send(confirmed).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert!(location.contains("done=report"));
    assert_eq!(open().await, before + 1);
}

/// The pre-assessment is reviewed ("Kontrollera dina uppgifter") before it
/// is stored: the review shows what will be stored, "Ändra" gives the form
/// back with everything typed, a confirmation is read and decided again
/// (a tampered or stale one stores nothing; one without the CSRF token is
/// refused), and what is stored is what was reviewed.
#[tokio::test]
async fn a_pre_assessment_is_reviewed_before_it_is_stored() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let report_id =
        CaseState::from_events(&app.store.load_case(app.case).await.unwrap()).reports[0].id;
    record(
        &app.store,
        app.case,
        app.users["anna"],
        date(2026, 3, 9),
        CaseCommand::AssessSafety {
            report: report_id,
            immediate_protection_needed: false,
            notes: SAFETY.into(),
        },
    )
    .await;
    let events = app.store.load_case(app.case).await.unwrap();
    let stored = || async { app.store.load_case(app.case).await.unwrap().len() };
    let report = report_id.to_string();
    let version = events.len().to_string();
    let stale = (events.len() - 1).to_string();
    let url = app.url(&format!("/cases/{}/pre-assessment", app.case));
    let (_, page) = get(&anna, url.clone()).await;
    assert!(!page.contains("Jag bekräftar"), "a review, not a box");
    let form = vec![
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("report", report.as_str()),
        ("outcome", "no_investigation"),
        ("reasoning", REASONING),
        ("on", "2026-03-10"),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut f = form.clone();
        f.extend_from_slice(extra);
        f
    };

    // The review: every value as it will be stored, nothing stored yet.
    let (status, _, review) = post(&anna, url.clone(), &form).await;
    assert_eq!(status, StatusCode::OK, "{review}");
    assert!(review.contains("<title>Kontrollera dina uppgifter: Förhandsbedömning"));
    for shown in [
        "Inte inleda utredning",
        REASONING,
        "2026-03-10",
        "Bekräfta och spara",
        "Ändra",
    ] {
        assert!(review.contains(shown), "the review shows {shown:?}");
    }
    assert!(review.contains(&format!("name=\"version\" value=\"{version}\"")));
    assert!(review.contains("name=\"confirmed\" value=\"1\""));
    assert!(
        !review.contains("<textarea"),
        "nothing to type on the review"
    );
    assert_eq!(
        stored().await,
        events.len(),
        "nothing stored before confirming"
    );

    // "Ändra": the form, everything typed kept, nothing stored.
    let (status, _, again) = post(
        &anna,
        url.clone(),
        &with(&[("action", "edit"), ("confirmed", "1")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(again.contains("<textarea") && again.contains(REASONING));
    assert!(again.contains("value=\"no_investigation\" checked"));
    assert!(!again.contains("Kontrollera dina uppgifter"));
    assert_eq!(stored().await, events.len());

    // A confirmation is read again: the hidden reasoning emptied is refused
    // at its field, a stale version is a conflict, no CSRF token is refused.
    let mut tampered = form.clone();
    tampered.retain(|(k, _)| *k != "reasoning");
    tampered.push(("reasoning", " "));
    tampered.push(("confirmed", "1"));
    let (status, _, body) = post(&anna, url.clone(), &tampered).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"f-reasoning-error\""), "{body}");
    let mut old = form.clone();
    old.retain(|(k, _)| *k != "version");
    old.push(("version", stale.as_str()));
    old.push(("confirmed", "1"));
    let (status, _, body) = post(&anna, url.clone(), &old).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Någon annan har ändrat ärendet") && body.contains(REASONING));
    let mut no_csrf = with(&[("confirmed", "1")]);
    no_csrf.retain(|(k, _)| *k != "csrf");
    let (status, _, _) = post(&anna, url.clone(), &no_csrf).await;
    assert_ne!(status, StatusCode::SEE_OTHER);
    assert_eq!(stored().await, events.len(), "none of them stored anything");

    // Confirmed: stored, exactly what was reviewed.
    let (status, location, body) = post(
        &anna,
        url,
        &with(&[("action", "confirm"), ("confirmed", "1")]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(location.contains("done=pre-assessment"));
    let after = app.store.load_case(app.case).await.unwrap();
    assert_eq!(after.len(), events.len() + 1);
    match &after.last().unwrap().event {
        tillit_domain::case::CaseEvent::PreAssessmentDecided {
            report: r,
            outcome,
            reasoning,
        } => {
            assert_eq!(*r, report_id);
            assert_eq!(*outcome, PreAssessmentOutcome::NoInvestigation);
            assert_eq!(reasoning, REASONING);
        }
        e => panic!("not a pre-assessment: {e:?}"),
    }
    assert_eq!(after.last().unwrap().occurred_on, date(2026, 3, 10));
}

/// A field required only when another choice is made says so beside the
/// field (tied by `aria-describedby`), and the server's message names the
/// condition.
#[tokio::test]
async fn conditionally_required_fields_are_marked_and_their_errors_name_the_condition() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let (_, page) = get(&anna, app.url("/intake/new")).await;
    for (id, text) in [
        (
            "f-reporter-name-condition",
            "Krävs om anmälan inte är anonym.",
        ),
        (
            "f-concerns-condition",
            "Krävs om aktualiseringen är en anmälan.",
        ),
        (
            "f-given-0-condition",
            "Krävs om barnet inte finns i Tillit.",
        ),
        (
            "f-family-0-condition",
            "Krävs om barnet inte finns i Tillit.",
        ),
    ] {
        assert!(
            page.contains(&format!("id=\"{id}\">{text}</p>")),
            "{id} marked: {page}"
        );
        assert!(
            page.contains(&format!("aria-describedby=\"{id}")),
            "{id} tied to its field"
        );
    }
    // Not anonymous, no name, a report without a concern: both messages
    // say when the field is required.
    let (status, _, body) = post(
        &anna,
        app.url("/intake/new"),
        &[
            ("csrf", csrf.as_str()),
            ("rows", "1"),
            ("pnr_0", "20150101-2395"),
            ("kind", "anmalan"),
            ("received_date", "2026-03-10"),
            ("received_time", "08:40"),
            ("reporter_category", "skola"),
            ("summary", "Oro."),
            ("action", "register"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Anmälarens namn krävs när anmälan inte är anonym"),
        "{body}"
    );
}

#[tokio::test]
async fn the_analyst_keeps_the_period_through_a_definition_and_sees_no_internal_code() {
    let app = spawn().await;
    let alva = logged_in(&app, "alva").await;
    let (status, page) = get(&alva, app.url("/followup?year=2025&part=T2")).await;
    assert_eq!(status, StatusCode::OK);
    let link = "/followup/indicator?id=aktualiseringar&#38;year=2025&#38;part=T2";
    assert!(
        page.contains(link),
        "the definition link keeps the period: {}",
        &page[page.find("definition-link").unwrap_or(0)..][..300]
    );
    let (status, def) = get(
        &alva,
        app.url("/followup/indicator?id=aktualiseringar&year=2025&part=T2"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        def.contains("href=\"/followup?year=2025&#38;part=T2#ind-aktualiseringar\""),
        "Tillbaka keeps the period"
    );
    assert!(def.contains("name=\"part\" value=\"T2\""));
    assert!(!def.contains("<dt>Kod</dt>") && !def.contains("<code>aktualiseringar</code>"));
}

#[tokio::test]
async fn every_role_without_cases_has_a_start_page_of_its_work_and_every_card_opens() {
    let app = spawn().await;
    for (user, expect) in [
        (
            "alva",
            vec!["/followup", "/goals", "/reports", "/internal-control"],
        ),
        (
            "kim",
            vec![
                "/lex-sarah",
                "/incidents",
                "/complaints",
                "/self-audits",
                "/providers",
            ],
        ),
        ("sam", vec!["/admin/users", "/admin/units"]),
        ("rut", vec!["/quality"]),
    ] {
        let c = logged_in(&app, user).await;
        let (status, start) = get(&c, app.url("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!start.contains("kommer du att"), "{user}: not 'will'");
        let cards = &start[start.find("class=\"cards\"").expect("cards")..];
        let hrefs: Vec<String> = cards
            .split("<li class=\"card\"><a href=\"")
            .skip(1)
            .filter_map(|x| x.split('"').next().map(str::to_string))
            .collect();
        for e in &expect {
            assert!(
                hrefs.iter().any(|h| h == e),
                "{user}: card {e} in {hrefs:?}"
            );
        }
        for h in &hrefs {
            let (status, _) = get(&c, app.url(h)).await;
            assert_eq!(status, StatusCode::OK, "{user}: {h}");
        }
    }
    let sam = logged_in(&app, "sam").await;
    let (_, start) = get(&sam, app.url("/")).await;
    assert!(start.contains("aktiva användare"));
}
