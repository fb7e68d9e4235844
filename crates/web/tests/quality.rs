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

/// The hidden `version` field of a form page.
fn version_in(html: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let start = html.find(marker).expect("no version field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// A Lex Sarah report as anna (a caseworker of unit A) fills it in, with
/// `case_pnr` and `provider` as given.
async fn lex_sarah_report(
    app: &App,
    c: &reqwest::Client,
    csrf: &str,
    case_pnr: &str,
    provider: &str,
) -> (StatusCode, String, String) {
    let unit = app.unit_a.0.to_string();
    post(
        c,
        app.url("/lex-sarah/new"),
        &[
            ("csrf", csrf),
            ("happened_on", "2026-03-09"),
            ("unit", unit.as_str()),
            ("topic", "vard_omsorg"),
            ("risk_only", "no"),
            ("what", "Barnet lämnades utan tillsyn nattetid."),
            ("immediate_action", ""),
            ("concerns", ""),
            ("provider", provider),
            ("case_pnr", case_pnr),
            ("confirm", "1"),
        ],
    )
    .await
}

/// A reporter links a Lex Sarah report to the case it concerns through a
/// look-up that obeys need-to-know: a number with no case the reporter may
/// read, a protected child the reporter may not see and a number unknown to
/// Tillit all get the same answer (the form keeps what was typed, nothing
/// is stored). The quality lead, who reads no case, sees the report but not
/// who the child is; every read of the report is in the access log under
/// the child, so the child's log extract finds it.
#[tokio::test]
async fn a_lex_sarah_report_linked_to_a_case_is_logged_under_the_child_and_hides_who_it_is() {
    let app = spawn().await;
    // carl: a caseworker of unit A, not assigned the protected child's case.
    let carl = logged_in(&app, "carl").await;
    let csrf = csrf_of(&app, &carl).await;
    let mut refusals = Vec::new();
    for pnr in [SECRET_NUMBER, "20100101-2390", "19121212-1212"] {
        let (status, _, body) = lex_sarah_report(&app, &carl, &csrf, pnr, "").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{pnr}");
        assert!(
            body.contains("Barnet lämnades utan tillsyn nattetid."),
            "kept"
        );
        assert!(
            !body.contains(SECRET_NAME) && !body.contains("Bert"),
            "{pnr}"
        );
        let at = body
            .find("Inget ärende som du har behörighet")
            .expect("the reason");
        refusals.push(body[at..].chars().take(60).collect::<String>());
    }
    assert!(refusals.windows(2).all(|w| w[0] == w[1]), "{refusals:?}");
    let (status, _, body) = lex_sarah_report(&app, &carl, &csrf, "2015-01-01", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("ÅÅÅÅMMDD-NNNN"), "how to write it");
    let none = app
        .store
        .records(RegisterKind::LexSarah, &RecordFilter::default())
        .await
        .unwrap();
    assert!(none.is_empty(), "nothing stored on a refusal");

    // anna may read Ella's case: the report is linked to it.
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let (status, location, _) = lex_sarah_report(&app, &anna, &csrf, "20150101-2395", "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let record = location.split('?').next().unwrap().to_string();
    let head = app
        .store
        .records(RegisterKind::LexSarah, &RecordFilter::default())
        .await
        .unwrap()
        .remove(0);

    let kim = logged_in(&app, "kim").await;
    let (status, page) = get(&kim, app.url(&record)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kopplad till ett ärende som du inte har behörighet att läsa."));
    assert!(
        !page.contains("Ella") && !page.contains("20150101-2395"),
        "{page}"
    );
    assert!(!page.contains(&format!("/cases/{}", app.case)));
    let log = app
        .store
        .access_log(&AccessLogFilter {
            person: Some(app.child),
            kinds: vec![AccessKind::Register],
            ..Default::default()
        })
        .await
        .unwrap();
    let detail = format!("lex_sarah:{}", head.number);
    assert!(
        log.iter().any(|e| e.entry.user == app.users["kim"]
            && e.entry.case == Some(app.case)
            && e.entry.detail.as_deref() == Some(detail.as_str())),
        "the quality lead's read is logged under the child: {log:#?}"
    );
    // The reporter sees the status only: no read of the child.
    let (status, own) = get(&anna, app.url(&record)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!own.contains("Ella"));
}

/// A complaint is linked to a case by a handler who reads cases (the unit
/// manager), who then sees the child and the link; the quality lead sees
/// that there is a case but not whose, and is not offered the link form.
#[tokio::test]
async fn a_unit_manager_links_a_complaint_to_a_case_that_the_quality_lead_sees_without_the_child() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let unit = app.unit_a.0.to_string();
    let (status, location, _) = post(
        &anna,
        app.url("/complaints/new"),
        &[
            ("csrf", csrf.as_str()),
            ("kind", "klagomal"),
            ("unit", unit.as_str()),
            ("channel", "telefon"),
            ("message", "Ingen ringde tillbaka om min dotter."),
            ("contact", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let record = location.split('?').next().unwrap().to_string();
    let ulla = logged_in(&app, "ulla").await;
    let csrf = csrf_of(&app, &ulla).await;
    let (status, form) = get(&ulla, app.url(&format!("{record}/link-case"))).await;
    assert_eq!(status, StatusCode::OK);
    let version = version_in(&form);
    // Bert's case is unit B's: not found for ulla, nothing written.
    let (status, _, body) = post(
        &ulla,
        app.url(&format!("{record}/link-case")),
        &[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("case_pnr", "20100101-2390"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("20100101-2390") && !body.contains("Bert"));
    let (status, _, _) = post(
        &ulla,
        app.url(&format!("{record}/link-case")),
        &[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("case_pnr", "201501012395"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = get(&ulla, app.url(&record)).await;
    assert!(
        page.contains("Ärende för Ella Barnsson (20150101-2395)"),
        "{page}"
    );
    assert!(page.contains(&format!("/cases/{}", app.case)));

    let kim = logged_in(&app, "kim").await;
    let (status, page) = get(&kim, app.url(&record)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kopplad till ett ärende som du inte har behörighet att läsa."));
    assert!(!page.contains("Ella") && !page.contains(&format!("/cases/{}", app.case)));
    assert!(
        !page.contains("/link-case"),
        "the quality lead looks up no case"
    );
    let (status, _) = get(&kim, app.url(&format!("{record}/link-case"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let log = app
        .store
        .access_log(&AccessLogFilter {
            person: Some(app.child),
            kinds: vec![AccessKind::Register],
            ..Default::default()
        })
        .await
        .unwrap();
    for who in ["ulla", "kim"] {
        assert!(
            log.iter().any(|e| e.entry.user == app.users[who]),
            "{who}'s read is logged under the child"
        );
    }
}

/// A contracted provider's record: the Lex Sarah reports that chose it
/// from the catalogue (and an older one naming it as free text), its report
/// to IVO under 27 kap. 7 §, and its prices, each for those who may see
/// them; the municipality's own family homes have no such page.
#[tokio::test]
async fn a_providers_record_shows_its_reports_and_prices_to_those_who_may_see_them() {
    use tillit_domain::economy::Money;
    use tillit_domain::economy::care::{DailyPrice, Provider, ProviderCategory};
    use tillit_domain::economy::structure::Validity;
    use tillit_domain::register::lex_sarah::{LexSarah, LexSarahEntry, LexSarahTopic};
    use tillit_domain::register::{Writer, decide};
    let app = spawn().await;
    let from = jiff::civil::date(2020, 1, 1);
    app.store
        .save_providers(vec![
            Provider {
                code: "t1".into(),
                name: "HVB Testgården".into(),
                category: ProviderCategory::ContractedHvb,
                valid: Validity::from(from),
                prices: vec![DailyPrice {
                    valid: Validity::from(from),
                    kind: None,
                    per_day: Money::kronor(4_321),
                }],
                fees: vec![],
            },
            Provider {
                code: "t2".into(),
                name: "Familjehemmet Privat".into(),
                category: ProviderCategory::OwnFamilyHome,
                valid: Validity::from(from),
                prices: vec![],
                fees: vec![],
            },
        ])
        .await
        .unwrap();
    // An old report naming the provider as free text.
    let old = LexSarahEntry::Reported {
        happened_on: jiff::civil::date(2025, 5, 2),
        unit: app.unit_a,
        topic: LexSarahTopic::Care,
        risk_only: false,
        what: "Brist i tillsynen.".into(),
        immediate_action: None,
        concerns: None,
        provider: Some("hvb testgården ".into()),
        provider_code: None,
        case: None,
    };
    let w = Writer {
        user: app.users["carl"],
        handles: false,
    };
    let (_, written) = decide::<LexSarah>(
        &LexSarah::default(),
        &old,
        w,
        jiff::civil::date(2025, 5, 3),
        jiff::Timestamp::now(),
    )
    .unwrap();
    let old_id = tillit_domain::RecordId::new_random();
    app.store
        .write_records(vec![
            tillit_store::RecordWrite::new::<LexSarah>(old_id, 0, &LexSarah::default(), &[written])
                .unwrap(),
        ])
        .await
        .unwrap();

    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let (_, form) = get(&anna, app.url("/lex-sarah/new")).await;
    assert!(form.contains("HVB Testgården") && !form.contains("Familjehemmet Privat"));
    // A code not in the catalogue is refused beside the field.
    let (status, _, _) = lex_sarah_report(&app, &anna, &csrf, "", "t2").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, location, _) = lex_sarah_report(&app, &anna, &csrf, "", "t1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let record = location.split('?').next().unwrap().to_string();

    // The quality lead receives it and reports the provider to IVO.
    let kim = logged_in(&app, "kim").await;
    let kcsrf = csrf_of(&app, &kim).await;
    let (_, page) = get(&kim, app.url(&record)).await;
    assert!(
        page.contains("/providers/t1"),
        "the record links the provider's"
    );
    let (_, form) = get(&kim, app.url(&format!("{record}/receive"))).await;
    let tea = app.users["tea"].0.to_string();
    let (status, _, _) = post(
        &kim,
        app.url(&format!("{record}/receive")),
        &[
            ("csrf", kcsrf.as_str()),
            ("version", version_in(&form).as_str()),
            ("investigator", tea.as_str()),
            ("not_involved", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, form) = get(&kim, app.url(&format!("{record}/provider-to-ivo"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = post(
        &kim,
        app.url(&format!("{record}/provider-to-ivo")),
        &[
            ("csrf", kcsrf.as_str()),
            ("version", version_in(&form).as_str()),
            ("on", "2026-03-10"),
            ("ground", "allvarliga_brister"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, list) = get(&kim, app.url("/providers")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("HVB Testgården") && !list.contains("Familjehemmet Privat"));
    let (status, page) = get(&kim, app.url("/providers/t1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("LS-2") && page.contains("LS-1"),
        "both reports"
    );
    assert!(
        page.contains("(utföraren angiven som fritext)"),
        "the old one"
    );
    assert!(page.contains("2026-03-10") && page.contains("Allvarliga brister i verksamheten"));
    assert!(page.contains("4\u{a0}321"), "the price: {page}");
    assert!(
        !page.contains("Barnet lämnades"),
        "no report text on the page"
    );
    let (status, _) = get(&kim, app.url("/providers/t2")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an own family home is a private home"
    );
    let (status, _) = get(&kim, app.url("/providers/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A unit manager: the provider and its prices, none of the reports
    // (neither was theirs), nor the report to IVO.
    let ulla = logged_in(&app, "ulla").await;
    let (status, page) = get(&ulla, app.url("/providers/t1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("4\u{a0}321"));
    assert!(!page.contains("LS-1") && !page.contains("LS-2"));
    assert!(!page.contains("Allvarliga brister i verksamheten"));
    // The economist: the prices.
    let eli = logged_in(&app, "eli").await;
    let (status, page) = get(&eli, app.url("/providers/t1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("4\u{a0}321"));
    // A caseworker and an analyst: not their page.
    for who in ["anna", "alva"] {
        let c = if who == "anna" {
            anna.clone()
        } else {
            logged_in(&app, who).await
        };
        let (status, _) = get(&c, app.url("/providers/t1")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    // The quality hub links the provider pages and the checklist for the
    // quality lead; a caseworker gets neither.
    let (_, hub) = get(&kim, app.url("/quality")).await;
    assert!(hub.contains("href=\"/providers\"") && hub.contains("href=\"/quality/checklist\""));
    let (_, hub) = get(&anna, app.url("/quality")).await;
    assert!(!hub.contains("href=\"/providers\"") && !hub.contains("href=\"/quality/checklist\""));
}
