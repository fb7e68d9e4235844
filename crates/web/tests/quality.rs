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
