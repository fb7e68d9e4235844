//! The case file and the caseload in a real browser. A caseworker with an
//! investigated case reads back, from the case file, what the report says,
//! the decision's motivation and the investigation's extension reason;
//! filters the file by kind; opens her caseload, filters it by stage and
//! sorts it by child (aria-sort follows). At phone width (390 px) the
//! worklist, the case file, the caseload and a step's form do not scroll
//! sideways. axe-core runs on every page and the test fails on any WCAG 2.1
//! A/AA violation. Screenshots: `docs/screenshots/` (`case-file`,
//! `caseload`, `phone-worklist`, `phone-case-file`, `phone-caseload`).

use fantoccini::Locator;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use tillit_domain::case::{
    CaseCommand, CaseState, DecisionKind, LegalBasis, NewReport, PreAssessmentOutcome, Reporter,
    decide,
};
use tillit_domain::catalog::{
    ConcernCategory, Gender, InterventionKind, ReportKind, ReporterCategory,
};
use tillit_domain::person::Person;
use tillit_domain::{CaseId, ItemId, PersonId, UserId};
use tillit_e2e::{Browser, Result, TestServer, contains, run_tour, screenshot_dir};
use tillit_store::{NewEvent, Store};

/// A Tuesday; the fixture's report came the day before.
const TODAY: Date = date(2026, 3, 10);
const REPORT: &str = "Barnet hämtas ofta sent.";
const MOTIVATION: &str = "Elin behöver en kontaktperson som stöd efter skolan.";
const EXTENSION: &str = "Utlåtandet från barn- och ungdomspsykiatrin dröjer.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_reads_back_her_case_file_and_works_her_caseload() {
    let server = TestServer::start(TODAY).await.expect("server");
    prepare(&server).await.expect("the cases");
    run_tour("the caseworker's tour", &server, 8, |b, _| {
        Box::pin(tour(b))
    })
    .await;
}

/// Record `command` in `case` as `user` on `on` through the domain.
async fn record(
    store: &Store,
    case: CaseId,
    user: UserId,
    on: Date,
    command: CaseCommand,
) -> Result<()> {
    let events = store.load_case(case).await?;
    let state = CaseState::from_events(&events);
    let new: Vec<NewEvent> = decide(&state, &command, on, TODAY)
        .map_err(|r| r.message)?
        .into_iter()
        .map(|event| NewEvent {
            recorded_by: user,
            recorded_at: Timestamp::now(),
            occurred_on: on,
            event,
        })
        .collect();
    store.append(case, events.len() as u64, new).await?;
    Ok(())
}

/// Elin's case investigated, extended and decided; three more children on
/// Anna's caseload, just reported.
async fn prepare(server: &TestServer) -> Result<()> {
    let store = &server.store;
    let anna = server.users["anna"];
    let ulla = server.users["ulla"];
    let case = store
        .list_cases(&Default::default())
        .await?
        .first()
        .map(|c| c.id)
        .ok_or("the fixture has no case")?;
    let report = CaseState::from_events(&store.load_case(case).await?).reports[0].id;
    let on = date(2026, 3, 9);
    record(
        store,
        case,
        anna,
        on,
        CaseCommand::AssessSafety {
            report,
            immediate_protection_needed: false,
            notes: "Inget akut skyddsbehov.".into(),
        },
    )
    .await?;
    let investigation = ItemId::new_random();
    record(
        store,
        case,
        anna,
        on,
        CaseCommand::DecidePreAssessment {
            report,
            outcome: PreAssessmentOutcome::OpenInvestigation,
            reasoning: "Oron har pågått länge.".into(),
            investigation: Some(investigation),
        },
    )
    .await?;
    record(
        store,
        case,
        anna,
        TODAY,
        CaseCommand::ExtendInvestigation {
            investigation,
            reason: EXTENSION.into(),
            new_due: date(2026, 9, 1),
        },
    )
    .await?;
    record(
        store,
        case,
        anna,
        TODAY,
        CaseCommand::TakeDecision {
            decision: ItemId::new_random(),
            kind: DecisionKind::Intervention,
            legal_basis: LegalBasis::SolAssistance,
            intervention_kind: Some(InterventionKind::ContactPerson),
            favourable: true,
            decided_by: ulla,
            text: MOTIVATION.into(),
        },
    )
    .await?;
    for (i, given) in ["Alva", "Vide", "Noel"].into_iter().enumerate() {
        let child = Person {
            id: PersonId::new_random(),
            identity_number: None,
            given_name: given.into(),
            family_name: "Lista".into(),
            gender: Gender::Unknown,
            birth_date: Some(date(2012 + i as i16, 5, 1)),
            protected: false,
            address: None,
        };
        store.upsert_person(&child).await?;
        let command = CaseCommand::OpenCase {
            child: child.id,
            unit: server.unit,
            caseworker: Some(anna),
            report: NewReport {
                report: ItemId::new_random(),
                kind: ReportKind::Report,
                received_at: TODAY.at(8, 0, 0, 0),
                reporter: Reporter {
                    category: ReporterCategory::School,
                    anonymous: false,
                    name: Some("Skolkurator".into()),
                    contact: None,
                    wants_feedback: false,
                },
                concerns: vec![ConcernCategory::SchoolAbsence],
                siblings: vec![],
                summary: format!("{given} är ofta borta från skolan."),
            },
        };
        let events = decide(&CaseState::new(), &command, TODAY, TODAY)
            .map_err(|r| r.message)?
            .into_iter()
            .map(|event| NewEvent {
                recorded_by: anna,
                recorded_at: Timestamp::now(),
                occurred_on: TODAY,
                event,
            })
            .collect();
        store.append(CaseId::new_random(), 0, events).await?;
    }
    Ok(())
}

/// The page scrolls sideways: its content is wider than the window.
async fn scrolls_sideways(b: &Browser) -> Result<bool> {
    let v = b
        .client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await?;
    let w = v[0].as_u64().unwrap_or(0);
    let inner = v[1].as_u64().unwrap_or(0);
    if inner > 420 {
        return Err(format!("the window is {inner} px wide, not a phone's").into());
    }
    Ok(w > inner)
}

/// A screenshot of the whole page at the window's current (phone) width.
async fn phone_shot(b: &Browser, name: &str) -> Result<()> {
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir)?;
    let png = b.client.screenshot().await?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

async fn tour(b: &mut Browser) -> Result<()> {
    let shots = screenshot_dir();
    b.login("anna").await?;
    // From the worklist to Elin's case, and on to the case file.
    b.click_link("Ärenden").await?;
    b.wait_path("/caseload").await?;
    b.check("caseload").await?;
    let text = b.text().await?;
    contains(&text, "Elin Exempel")?;
    contains(&text, "Dagar i skedet")?;
    b.client.find(Locator::Css("a[href^='/cases/']")).await?;
    b.click_link("Elin Exempel").await?;
    b.wait_loaded().await?;
    b.check("case page").await?;
    b.click_link("Akten: allt som registrerats").await?;
    b.wait_path("/file").await?;
    b.check("case file").await?;
    let text = b.text().await?;
    contains(&text, REPORT)?;
    contains(&text, "Förskolan Solrosen")?;
    contains(&text, MOTIVATION)?;
    contains(&text, EXTENSION)?;
    contains(&text, "Ulla Sand")?;
    b.screenshot(&shots, "case-file").await?;
    let file = b.path().await?;

    // Only the decisions.
    b.click("#kind-decision").await?;
    b.click("form.file-filter button").await?;
    b.wait_path("kind=decision").await?;
    b.check("case file, decisions").await?;
    let text = b.text().await?;
    contains(&text, MOTIVATION)?;
    if text.contains(REPORT) {
        return Err("the filtered file still shows the report".into());
    }

    // The caseload: filtered by stage, sorted by child.
    b.goto("/caseload").await?;
    b.select("#f-phase", "received").await?;
    b.click("form.list-filter button.primary").await?;
    b.wait_path("phase=received").await?;
    b.check("caseload, filtered").await?;
    let text = b.text().await?;
    contains(&text, "Alva Lista")?;
    if text.contains("Elin Exempel") {
        return Err("the stage filter still lists Elin (under investigation)".into());
    }
    b.click_link("Barn").await?;
    b.wait_path("sort=child").await?;
    b.check("caseload, sorted").await?;
    let sorted = b
        .client
        .find(Locator::Css("th[aria-sort]"))
        .await?
        .text()
        .await?;
    if !sorted.starts_with("Barn") {
        return Err(format!("aria-sort is on {sorted:?}, not on Barn").into());
    }
    let text = b.text().await?;
    let (alva, noel, vide) = (
        text.find("Alva Lista").ok_or("no Alva")?,
        text.find("Noel Lista").ok_or("no Noel")?,
        text.find("Vide Lista").ok_or("no Vide")?,
    );
    if !(alva < noel && noel < vide) {
        return Err("the caseload is not sorted by child".into());
    }
    b.screenshot(&shots, "caseload").await?;

    // Enter in a field of the report form does not send the half-filled
    // form (it is sent with its button).
    b.goto("/intake/new").await?;
    b.client
        .find(Locator::Css("#f-reporter-name"))
        .await?
        .send_keys("Rektor\u{E007}")
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    b.wait_loaded().await?;
    if !b
        .client
        .find_all(Locator::Css("#error-summary"))
        .await?
        .is_empty()
        || !b.path().await?.starts_with("/intake/new")
    {
        return Err("Enter sent the report form".into());
    }

    // Phone width: nothing scrolls sideways.
    b.client.set_window_size(390, 844).await?;
    for (path, name, shot) in [
        ("/".to_string(), "worklist (phone)", Some("phone-worklist")),
        (file.clone(), "case file (phone)", Some("phone-case-file")),
        (
            "/caseload".to_string(),
            "caseload (phone)",
            Some("phone-caseload"),
        ),
        ("/intake/new".to_string(), "report form (phone)", None),
    ] {
        b.goto(&path).await?;
        b.check(name).await?;
        if scrolls_sideways(b).await? {
            return Err(format!("{name} scrolls sideways at 390 px").into());
        }
        if let Some(s) = shot {
            phone_shot(b, s).await?;
        }
    }
    b.client.set_window_size(1280, 900).await?;
    Ok(())
}
