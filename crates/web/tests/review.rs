//! The outside review of access (need-to-know under OSL 26 kap.), items
//! 3-7, black-box over HTTP on the access fixture (`support`). Items 8 and
//! 9 need the follow-up's demo municipality: see `followup.rs`.

mod support;

use jiff::civil::date;
use reqwest::StatusCode;
use support::*;
use tillit_domain::case::{CaseCommand, CaseState, PreAssessmentOutcome};
use tillit_domain::catalog::{InterventionKind, ProviderKind};
use tillit_domain::{CaseId, ItemId, UserId};
use tillit_store::{AccessFlag, AccessKind, AccessLogFilter, LoggedEntry, Store};

async fn log_of(app: &App, user: &str) -> Vec<LoggedEntry> {
    app.store
        .access_log(&AccessLogFilter {
            user: Some(app.users[user]),
            ..Default::default()
        })
        .await
        .unwrap()
}

/// The newest page view of `user`: its entries, oldest first, after
/// checking that they were written together (one request id, numbers in a
/// row: one `Store::log_access` call).
async fn last_view(app: &App, user: &str) -> Vec<LoggedEntry> {
    let log = log_of(app, user).await;
    let Some(newest) = log.first() else {
        return Vec::new();
    };
    let mut view: Vec<LoggedEntry> = log
        .iter()
        .filter(|e| e.entry.request_id == newest.entry.request_id)
        .cloned()
        .collect();
    view.reverse();
    for w in view.windows(2) {
        assert_eq!(w[1].seq, w[0].seq + 1, "one write, rows in a row");
    }
    view
}

/// Post the report form's "add a child" with one identity number: what the
/// form says about the child.
async fn look_up(app: &App, c: &Client, number: &str) -> String {
    let csrf = csrf_of(app, c).await;
    let (status, _, body) = post(
        c,
        app.url("/intake/new"),
        &[
            ("confirmed", "1"),
            ("csrf", csrf.as_str()),
            ("rows", "1"),
            ("pnr_0", number),
            ("action", "add_child"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    body
}

// Item 3 ------------------------------------------------------------------------

#[tokio::test]
async fn the_report_forms_look_up_says_only_what_the_user_may_know_and_is_logged() {
    let app = spawn().await;
    // Bo (unit B) types the number of Ella, known only in unit A.
    let bo = logged_in(&app, "bo").await;
    let body = look_up(&app, &bo, "20150101-2395").await;
    assert!(
        !body.contains("Ella"),
        "the other unit's child is not named"
    );
    assert!(!body.contains("Barnsson"));
    assert!(body.contains("Finns i Tillit"), "known, as the search says");
    assert!(
        body.contains("Barnenheten"),
        "and where, as the search says"
    );
    let view = last_view(&app, "bo").await;
    let read = view
        .iter()
        .find(|e| e.entry.person == Some(app.child))
        .expect("the look-up is logged");
    assert_eq!(read.entry.kind, AccessKind::Search);
    assert!(read.entry.has(AccessFlag::OtherUnit));
    assert_eq!(read.entry.case, Some(app.case));

    // The protected child of unit A: neither named nor said to be protected.
    let body = look_up(&app, &bo, SECRET_NUMBER).await;
    assert!(!body.contains(SECRET_NAME));
    assert!(!body.contains("skyddade personuppgifter"));
    assert!(!body.contains("Skyddad identitet"));
    assert!(body.contains("Finns i Tillit"));
    let view = last_view(&app, "bo").await;
    let read = view
        .iter()
        .find(|e| e.entry.person == Some(app.protected_child))
        .expect("the look-up is logged");
    assert!(read.entry.has(AccessFlag::Protected));

    // Anna, whose cases they are, is told who it is; logged as well.
    let anna = logged_in(&app, "anna").await;
    let body = look_up(&app, &anna, "201501012395").await;
    assert!(body.contains("Finns i Tillit: Ella Barnsson"));
    let view = last_view(&app, "anna").await;
    assert!(
        view.iter()
            .any(|e| e.entry.kind == AccessKind::Search && e.entry.person == Some(app.child))
    );
    assert!(app.store.verify_access_log().await.unwrap().is_intact());
}

// Item 4 ------------------------------------------------------------------------

#[tokio::test]
async fn the_relations_of_a_protected_child_are_protected_with_the_child() {
    let app = spawn().await;
    let guardian_href = format!("/persons/{}", app.guardian);
    let child_href = format!("/persons/{}", app.protected_child);
    // Carl, same unit, not the child's caseworker: the child is masked, and
    // so is who the guardian is.
    let carl = logged_in(&app, "carl").await;
    let (status, body) = get(&carl, app.url(&child_href)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Skyddad identitet"));
    assert!(!body.contains("Gun"), "the guardian is not named");
    assert!(!body.contains(&guardian_href), "nor linked");
    assert!(body.contains("Anhöriga och nätverk visas inte"));
    let view = last_view(&app, "carl").await;
    assert!(
        view.iter().all(|e| e.entry.person != Some(app.guardian)),
        "what is not shown is not logged as shown"
    );
    // The guardian's page: neither the child nor the address they share.
    let (status, body) = get(&carl, app.url(&guardian_href)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Gun Förälder"),
        "the guardian is not protected"
    );
    assert!(!body.contains("Lillgatan 2"), "the child's home");
    assert!(!body.contains(&child_href), "the child is not listed");
    assert!(!body.contains("Skyddad identitet"));
    assert!(!body.contains(SECRET_NAME));

    // Anna, the child's caseworker, and the unit manager see it all.
    for who in ["anna", "ulla"] {
        let c = logged_in(&app, who).await;
        let (_, body) = get(&c, app.url(&child_href)).await;
        assert!(body.contains("Gun Förälder"), "{who}");
        assert!(body.contains(&guardian_href), "{who}");
        let (_, body) = get(&c, app.url(&guardian_href)).await;
        assert!(body.contains("Lillgatan 2"), "{who}");
        assert!(body.contains(&child_href), "{who}");
        assert!(body.contains(SECRET_NAME), "{who}");
    }
}

// Item 5 ------------------------------------------------------------------------

/// The protected child placed in a family home through the steps of the
/// case (investigation, decision, placement), all by Anna.
async fn place(store: &Store, case: CaseId, anna: UserId) {
    let on = date(2026, 3, 9);
    let events = store.load_case(case).await.unwrap();
    let report = CaseState::from_events(&events).reports[0].id;
    let investigation = ItemId::new_random();
    let decision = ItemId::new_random();
    for command in [
        CaseCommand::AssessSafety {
            report,
            immediate_protection_needed: false,
            notes: "Inget akut skyddsbehov.".into(),
        },
        CaseCommand::DecidePreAssessment {
            report,
            outcome: PreAssessmentOutcome::OpenInvestigation,
            reasoning: "Utredning behövs.".into(),
            investigation: Some(investigation),
        },
        CaseCommand::CloseInvestigation {
            investigation,
            outcome: tillit_domain::case::InvestigationOutcome::Intervention,
        },
        CaseCommand::TakeDecision {
            decision,
            kind: tillit_domain::case::DecisionKind::Intervention,
            legal_basis: tillit_domain::case::LegalBasis::SolAssistance,
            intervention_kind: Some(InterventionKind::FosterHome),
            favourable: true,
            decided_by: anna,
            text: "Placering i familjehem beviljas.".into(),
        },
        CaseCommand::StartIntervention {
            intervention: ItemId::new_random(),
            decision: Some(decision),
            kind: InterventionKind::FosterHome,
            provider: ProviderKind::Bought,
            provider_name: "Familjen Lind i Storby".into(),
            price_per_day: None,
        },
    ] {
        record(store, case, anna, on, command).await;
    }
}

#[tokio::test]
async fn a_protected_childs_placement_is_shown_only_where_whereabouts_may_be() {
    let app = spawn().await;
    place(&app.store, app.protected_case, app.users["anna"]).await;
    let steps = ["intervention-end", "review"];
    // Carl shares a team with Anna: he may write in the case, but where the
    // child lives is not his to know.
    let carl = logged_in(&app, "carl").await;
    for step in steps {
        let url = app.url(&format!("/cases/{}/{step}", app.protected_case));
        let (status, body) = get(&carl, url).await;
        assert_eq!(status, StatusCode::OK, "{step}");
        assert!(
            !body.contains("Familjehem,"),
            "{step}: the kind of placement"
        );
        assert!(!body.contains("Familjen Lind"), "{step}: the provider");
        assert!(body.contains("Placering, från 2026-03-09"), "{step}");
    }
    // The assigned caseworker and the unit's managers see where.
    for who in ["anna", "tea", "ulla"] {
        let c = logged_in(&app, who).await;
        for step in steps {
            let url = app.url(&format!("/cases/{}/{step}", app.protected_case));
            let (status, body) = get(&c, url).await;
            assert_eq!(status, StatusCode::OK, "{who} {step}");
            assert!(body.contains("Familjehem, från 2026-03-09"), "{who} {step}");
            assert!(body.contains("Familjen Lind i Storby"), "{who} {step}");
        }
    }
    // An unprotected child's placement is the case's to everyone who may
    // write in it.
    place(&app.store, app.case, app.users["anna"]).await;
    let url = app.url(&format!("/cases/{}/intervention-end", app.case));
    let (_, body) = get(&carl, url).await;
    assert!(body.contains("Familjehem, från 2026-03-09"));
}

// Item 6 ------------------------------------------------------------------------

#[tokio::test]
async fn every_page_that_names_children_logs_each_in_one_write_before_it_is_sent() {
    let app = spawn().await;
    // Anna's worklist: her two cases, one row each.
    let anna = logged_in(&app, "anna").await;
    // (A read of Ella's case, for the log review below to name her.)
    get(&anna, app.url(&format!("/cases/{}", app.case))).await;
    let (status, body) = get(&anna, app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ella Barnsson"));
    let view = last_view(&app, "anna").await;
    let mut persons: Vec<_> = view.iter().filter_map(|e| e.entry.person).collect();
    persons.sort();
    let mut want = vec![app.child, app.protected_child];
    want.sort();
    assert_eq!(persons, want, "one row per child listed");
    assert!(view.iter().all(|e| e.entry.kind == AccessKind::List));
    assert!(
        view.iter()
            .any(|e| e.entry.person == Some(app.protected_child)
                && e.entry.has(AccessFlag::Protected))
    );

    // The unit's worklist for the team lead; the overview and the log
    // review for the unit manager: every child named is logged.
    for (who, path) in [
        ("tea", "/?view=unit"),
        ("ulla", "/overview"),
        ("ulla", "/log-review"),
    ] {
        let c = logged_in(&app, who).await;
        let before = log_of(&app, who).await.len();
        let (status, body) = get(&c, app.url(path)).await;
        assert_eq!(status, StatusCode::OK, "{who} {path}");
        let view = last_view(&app, who).await;
        assert!(log_of(&app, who).await.len() > before, "{who} {path}");
        for (name, id) in [("Ella Barnsson", app.child), ("Bert", app.child_b)] {
            let logged = view.iter().any(|e| e.entry.person == Some(id));
            assert_eq!(body.contains(name), logged, "{who} {path}: {name}");
        }
        if path != "/log-review" {
            assert!(body.contains("Ella Barnsson"), "{who} {path}");
        }
    }

    // A page whose log write fails is not sent.
    let url = format!("sqlite://{}", app.db_path.display());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("UPDATE access_log_head SET id = 2")
        .execute(&mut conn)
        .await
        .unwrap();
    for (who, path) in [("anna", "/"), ("tea", "/?view=unit"), ("ulla", "/overview")] {
        let c = logged_in(&app, who).await;
        let (status, body) = get(&c, app.url(path)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{who} {path}");
        assert!(!body.contains("Ella"), "{who} {path}");
    }
}

// Item 7 ------------------------------------------------------------------------

#[tokio::test]
async fn a_password_the_administrator_sets_is_one_time_told_to_the_manager_and_flagged() {
    let app = spawn().await;
    let sam = logged_in(&app, "sam").await;
    let csrf = csrf_of(&app, &sam).await;
    let one_time = "systemförvaltarens lösenord";
    let ulla = app.users["ulla"];
    let (status, _, _) = post(
        &sam,
        app.url(&format!("/admin/users/{ulla}/password")),
        &[
            ("csrf", &csrf),
            ("password", one_time),
            ("password2", one_time),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Whoever signs in with it is sent to choose a password, and can do
    // nothing else: no case, no person, no list.
    let c = client();
    let r = post_login(&app, &c, "ulla", one_time).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/password");
    for path in [
        "/".to_string(),
        format!("/cases/{}", app.case),
        format!("/persons/{}", app.child),
        "/persons?q=ella".to_string(),
        "/overview".to_string(),
        "/log-review".to_string(),
    ] {
        let r = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.headers()["location"], "/password", "{path}");
        assert!(!r.text().await.unwrap().contains("Ella"), "{path}");
    }
    let (status, page) = get(&c, app.url("/password")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("engångslösenord"));
    let token = csrf_in(&page);
    let r = c
        .post(app.url("/log-review/reviewed"))
        .form(&[("csrf", token.as_str()), ("entry", "1"), ("comment", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "a form elsewhere too");
    assert_eq!(r.headers()["location"], "/password");
    // Wrong current password, the same password again, two different ones:
    // refused in Swedish.
    for (current, new, again, message) in [
        (
            "fel",
            "ett eget långt lösenord",
            "ett eget långt lösenord",
            "stämmer inte",
        ),
        (one_time, one_time, one_time, "skilja sig"),
        (
            one_time,
            "ett eget långt lösenord",
            "ett annat",
            "stämmer inte överens",
        ),
    ] {
        let (status, _, body) = post(
            &c,
            app.url("/password"),
            &[
                ("csrf", &token),
                ("current", current),
                ("password", new),
                ("password2", again),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(body.contains(message), "{message}");
    }
    let (status, location, _) = post(
        &c,
        app.url("/password"),
        &[
            ("csrf", &token),
            ("current", one_time),
            ("password", "ett eget långt lösenord"),
            ("password2", "ett eget långt lösenord"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/?password=changed");
    let (status, _) = get(&c, app.url(&format!("/cases/{}", app.case))).await;
    assert_eq!(status, StatusCode::OK, "free once changed");
    let r = post_login(&app, &client(), "ulla", one_time).await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the one-time one is gone"
    );

    // The unit manager is told on the start page...
    let (_, home) = get(&c, app.url("/")).await;
    assert!(home.contains("Systemförvaltarens ändringar i din enhet"));
    assert!(home.contains("nytt engångslösenord för användare"));
    // ... and the log review flags the reset, and the change made from the
    // address the reset came from.
    // (The fixture's today is in March 2026; the log is written now.)
    let all = "&from=2026-01-01&to=2099-12-31";
    let (status, review) = get(&c, app.url(&format!("/log-review?flagged=1{all}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(review.contains("Engångslösenord satt av systemförvaltaren"));
    assert!(review.contains("Lösenord återställt"));
    assert!(review.contains("Bytt från samma adress som återställningen"));
    let reset = log_of(&app, "sam")
        .await
        .into_iter()
        .find(|e| e.entry.kind == AccessKind::PasswordReset)
        .expect("the reset is its own kind of entry");
    assert_eq!(
        reset.entry.case_unit,
        Some(app.unit_a),
        "for unit A's manager"
    );
    let changed = log_of(&app, "ulla")
        .await
        .into_iter()
        .find(|e| e.entry.kind == AccessKind::PasswordChanged)
        .expect("the change is logged");
    assert_eq!(changed.entry.ref_seq, Some(reset.seq));
    // Another unit's manager is not told.
    let uno = logged_in(&app, "uno").await;
    let (_, home) = get(&uno, app.url("/")).await;
    assert!(!home.contains("Systemförvaltarens ändringar"));

    // A new user's first password is a one-time one too, and the manager of
    // the user's unit sees the new user.
    let (status, _, _) = post(
        &sam,
        app.url("/admin/users"),
        &[
            ("csrf", &csrf),
            ("username", "nils"),
            ("display_name", "Nils Ny"),
            ("role", "unit_manager"),
            ("unit", &app.unit_a.0.to_string()),
            ("team", ""),
            ("password", one_time),
            ("password2", one_time),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = post_login(&app, &client(), "nils", one_time).await;
    assert_eq!(r.headers()["location"], "/password");
    let (_, home) = get(&c, app.url("/")).await;
    assert!(home.contains("skapade användare nils"));
    let (_, review) = get(&c, app.url(&format!("/log-review?flagged=1{all}"))).await;
    assert!(review.contains("Behörighet ändrad av systemförvaltaren"));
    assert!(app.store.verify_access_log().await.unwrap().is_intact());
}
