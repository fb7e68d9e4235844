//! The quality system's data the administrator keeps: incident categories
//! beside the built-in list, with validity dates. Black-box over HTTP.

mod support;

use reqwest::StatusCode;
use support::*;
use tillit_domain::register::RegisterKind;
use tillit_store::{AccessKind, AccessLogFilter, RecordFilter};

/// The system administrator adds a category (first with a code that is not
/// one: refused beside the field, the name kept; then a built-in code:
/// refused), staff report an incident in it, the administrator ends it: it
/// is no longer offered nor accepted, and the incident keeps its name in
/// the record and the list. Each change is in the access log.
#[tokio::test]
async fn incident_categories_are_added_used_ended_and_keep_their_name() {
    let app = spawn().await;
    let sam = logged_in(&app, "sam").await;
    let csrf = csrf_of(&app, &sam).await;
    let url = app.url("/admin/incident-categories");
    let (status, page) = get(&sam, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Omvårdnad") && page.contains("Inbyggd"),
        "{page}"
    );
    let add = |code: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("action", "add".to_string()),
            ("code", code.to_string()),
            ("label", "Läkemedelshantering".to_string()),
            ("valid_from", "2026-01-01".to_string()),
            ("valid_to", String::new()),
        ]
    };
    for (code, message) in [("Läkemedel!", "a–z"), ("omvardnad", "finns redan")] {
        let fields = add(code);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = post(&sam, url.clone(), &pairs).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert!(body.contains(message), "{code}: {body}");
        assert!(body.contains("Läkemedelshantering"), "the name is kept");
    }
    let fields = add("lakemedel");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = post(&sam, url.clone(), &pairs).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/admin/incident-categories?saved=1");
    let (status, _, body) = post(&sam, url.clone(), &pairs).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("finns redan"));

    // Staff report in it.
    let anna = logged_in(&app, "anna").await;
    let anna_csrf = csrf_of(&app, &anna).await;
    let (_, form_page) = get(&anna, app.url("/incidents/new")).await;
    assert!(form_page.contains("value=\"lakemedel\""), "{form_page}");
    let unit = app.unit_a.0.to_string();
    let report = |category: &'static str| {
        vec![
            ("csrf", anna_csrf.clone()),
            ("happened_on", "2026-03-02".to_string()),
            ("unit", unit.clone()),
            ("category", category.to_string()),
            ("what", "Fel dos dokumenterades i journalen.".to_string()),
            ("cause", String::new()),
        ]
    };
    let fields = report("lakemedel");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, body) = post(&anna, app.url("/incidents/new"), &pairs).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let record = location.trim_end_matches("?saved=1").to_string();
    let heads = app
        .store
        .records(RegisterKind::Incident, &RecordFilter::default())
        .await
        .unwrap();
    assert_eq!(heads.len(), 1);
    assert_eq!(heads[0].category.as_deref(), Some("lakemedel"));

    // Ended the day before the fixture's today: no longer offered nor taken.
    let yesterday = TODAY.yesterday().unwrap().to_string();
    let end = [
        ("csrf", csrf.as_str()),
        ("action", "end"),
        ("end_code", "lakemedel"),
        ("end_on", yesterday.as_str()),
    ];
    let (status, _, body) = post(&sam, url.clone(), &end).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, form_page) = get(&anna, app.url("/incidents/new")).await;
    assert!(!form_page.contains("value=\"lakemedel\""));
    let (status, _, _) = post(&anna, app.url("/incidents/new"), &pairs).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store
            .records(RegisterKind::Incident, &RecordFilter::default())
            .await
            .unwrap()
            .len(),
        1,
        "nothing stored"
    );

    // The incident keeps its category's name.
    let kim = logged_in(&app, "kim").await;
    let (status, page) = get(&kim, app.url(&record)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Läkemedelshantering"), "{page}");
    let (_, list) = get(&kim, app.url("/incidents")).await;
    assert!(list.contains("Läkemedelshantering"));

    let changes = app
        .store
        .access_log(&AccessLogFilter {
            user: Some(app.users["sam"]),
            kinds: vec![AccessKind::Admin],
            ..Default::default()
        })
        .await
        .unwrap();
    let details: Vec<&str> = changes
        .iter()
        .filter_map(|e| e.entry.detail.as_deref())
        .collect();
    assert!(
        details.contains(&"lade till avvikelsekategori lakemedel (2026-01-01)"),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("avslutade avvikelsekategori lakemedel"))
    );

    // Others may not touch the catalogue.
    let (status, _) = get(&anna, url).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The quality lead writes version 2 of the self-audit checklist (first
/// with a code that is not one: refused, what was typed kept); a unit
/// manager reads it but may not write it; a self-audit planned afterwards
/// keeps version 2 whole, and the change is in the access log.
#[tokio::test]
async fn the_quality_lead_writes_a_new_checklist_version_that_new_audits_keep() {
    use tillit_domain::register::self_audit::SelfAudit;
    let app = spawn().await;
    let url = app.url("/quality/checklist");
    let kim = logged_in(&app, "kim").await;
    let csrf = csrf_of(&app, &kim).await;
    let (status, page) = get(&kim, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Gällande version 1"), "{page}");
    assert!(
        page.contains("value=\"child_perspective\""),
        "prefilled: {page}"
    );

    let ulla = logged_in(&app, "ulla").await;
    let ulla_csrf = csrf_of(&app, &ulla).await;
    let (status, page) = get(&ulla, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Spara som ny version"));
    let (status, _, body) = post(
        &ulla,
        url.clone(),
        &[
            ("csrf", ulla_csrf.as_str()),
            ("code-1", "basis"),
            ("text-1", "Grund?"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Bara kvalitetsansvarig"));

    let bad = [
        ("csrf", csrf.as_str()),
        ("code-1", "Grund för uppgifter"),
        ("text-1", "Det framgår vad uppgifterna grundar sig på."),
    ];
    let (status, _, body) = post(&kim, url.clone(), &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("a–z"), "{body}");
    assert!(body.contains("Det framgår vad uppgifterna grundar sig på."));
    let good = [
        ("csrf", csrf.as_str()),
        ("code-1", "basis"),
        ("text-1", "Det framgår vad uppgifterna grundar sig på."),
        ("code-2", "safety_plan"),
        (
            "text-2",
            "En säkerhetsplan finns där barnet utsatts för våld.",
        ),
    ];
    let (status, location, body) = post(&kim, url.clone(), &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location, "/quality/checklist?saved=1");
    let (_, page) = get(&kim, url.clone()).await;
    assert!(page.contains("Gällande version 2"));
    assert!(page.contains("En säkerhetsplan finns"));

    // A self-audit planned now keeps version 2.
    let unit = app.unit_a.0.to_string();
    let (status, location, body) = post(
        &kim,
        app.url("/self-audits/new"),
        &[
            ("csrf", csrf.as_str()),
            ("unit", unit.as_str()),
            ("period_from", "2026-01-01"),
            ("period_to", "2026-03-01"),
            ("sample_size", "2"),
            ("seed", "42"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let id = location
        .trim_start_matches("/self-audits/")
        .trim_end_matches("?saved=1")
        .parse()
        .unwrap();
    let audit = app.store.record::<SelfAudit>(id).await.unwrap().unwrap();
    let list = audit.state.checklist.unwrap();
    assert_eq!(list.version, 2);
    let codes: Vec<&str> = list.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["basis", "safety_plan"]);

    let changes = app
        .store
        .access_log(&AccessLogFilter {
            user: Some(app.users["kim"]),
            kinds: vec![AccessKind::Admin],
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        changes
            .iter()
            .any(|e| e.entry.detail.as_deref() == Some("ny checklista för egenkontroll, version 2"))
    );
}
