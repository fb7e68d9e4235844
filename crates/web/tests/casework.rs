//! Black-box tests of the caseworker's application: registering a report,
//! every step's form (its happy path and its main refusal: the message at
//! the field, every typed value kept, nothing stored), the journal with its
//! drafts, the worklist's links and the unit overview. A fresh SQLite store
//! and the real server on a random port, driven over HTTP.

#[path = "support/cases.rs"]
mod cases;
#[path = "support/http.rs"]
mod http;

use cases::*;
use http::*;
use jiff::civil::date;
use reqwest::StatusCode;
use std::collections::HashMap;
use std::time::Duration;
use tillit_domain::case::{CaseEvent, CaseState};
use tillit_domain::catalog::{ConcernCategory, ReporterCategory};
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{NewUser, Store, StoreConfig};
use tillit_web::{AppState, WebConfig, hash_password};

struct App {
    base: String,
    store: Store,
    users: HashMap<&'static str, UserId>,
    unit: UnitId,
    /// Anna's case for Ella: one report from a school, received yesterday.
    case: CaseId,
    child: PersonId,
    _dir: tempfile::TempDir,
}

impl Server for App {
    fn base(&self) -> &str {
        &self.base
    }
}

impl App {
    fn case_url(&self, case: CaseId, rest: &str) -> String {
        self.url(&format!("/cases/{case}{rest}"))
    }
    async fn version(&self, case: CaseId) -> u64 {
        self.store.case_version(case).await.unwrap()
    }
    async fn state(&self, case: CaseId) -> CaseState {
        CaseState::from_events(&self.store.load_case(case).await.unwrap())
    }
}

async fn spawn() -> App {
    spawn_with(WebConfig {
        today_override: Some(TODAY),
        ..WebConfig::default()
    })
    .await
}

async fn spawn_with(config: WebConfig) -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let unit = store.create_unit("Barn och unga", "barn").await.unwrap();
    let other = store.create_unit("Ungdom", "ungdom").await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    let mut users = HashMap::new();
    for (username, name, role, u) in [
        ("anna", "Anna Handläggare", Role::Caseworker, unit),
        ("carl", "Carl Kollega", Role::Caseworker, unit),
        ("tea", "Tea Arbetsledare", Role::TeamLead, unit),
        ("ulla", "Ulla Enhetschef", Role::UnitManager, unit),
        ("bo", "Bo Annanenhet", Role::Caseworker, other),
        ("alva", "Alva Analytiker", Role::Analyst, unit),
    ] {
        let id = store
            .create_user(&NewUser {
                username: username.into(),
                display_name: name.into(),
                role,
                unit: Some(u),
                password_hash: hash.clone(),
            })
            .await
            .unwrap();
        users.insert(username, id);
    }
    let child = person("20150101-2395", "Ella", "Testsson");
    store.upsert_person(&child).await.unwrap();
    // The school wants feedback.
    let case = open_case_with(&store, child.id, unit, users["anna"], true).await;

    let state = AppState::new(store.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tillit_web::serve(listener, state));
    App {
        base: format!("http://{addr}"),
        store,
        users,
        unit,
        case,
        child: child.id,
        _dir: dir,
    }
}

fn person(number: &str, given: &str, family: &str) -> Person {
    let n = tillit_domain::identity::IdentityNumber::parse_long_form(number).unwrap();
    Person {
        id: PersonId::new_random(),
        identity_number: Some(n.format_long()),
        given_name: given.into(),
        family_name: family.into(),
        gender: n.gender(),
        birth_date: Some(n.birth_date()),
        protected: false,
        address: None,
    }
}

/// A signed-in browser: a cookie jar and the session's CSRF token.
struct Browser {
    c: Client,
    csrf: String,
}

async fn browser(app: &App, username: &str) -> Browser {
    let c = logged_in(app, username).await;
    Browser {
        csrf: csrf_of(app, &c).await,
        c,
    }
}

impl Browser {
    async fn get(&self, url: String) -> (StatusCode, String) {
        get(&self.c, url).await
    }

    /// Post a form (the CSRF token added); returns status, `Location` and body.
    async fn post(&self, url: String, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        post(&self.c, url, &form).await
    }
}

/// The `value` of the input named `name` in a page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

/// The field `name` shows `message` beside it, marked invalid, and the
/// summary at the top links to it.
fn assert_field_error(html: &str, name: &str, message: &str) {
    let id = format!("f-{}", name.replace('_', "-"));
    assert!(
        html.contains(&format!("id=\"{id}-error\"")),
        "no error beside {name}:\n{html}"
    );
    let error_at = html.find(&format!("id=\"{id}-error\"")).unwrap();
    let error_text = &html[error_at..error_at + html[error_at..].find("</p>").unwrap()];
    assert!(
        error_text.contains(message),
        "error beside {name} is {error_text:?}, expected {message:?}"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains(&format!("href=\"#{id}\"")),
        "the summary links to {name}"
    );
    assert!(html.contains("Formuläret har fel"));
}

fn report_of(state: &CaseState) -> ItemId {
    state.reports[0].id
}

// ---------------------------------------------------------------------------
// Registering a report

/// The aktualisering's old address, from when "report" also meant it,
/// answers a permanent redirect (308: a form posted there is posted again).
#[tokio::test]
async fn the_old_intake_address_has_moved_for_good() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let r = anna.c.get(app.url("/reports/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers()["location"], "/intake/new");
    let (status, location, _) = anna.post(app.url("/reports/new"), &[]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::PERMANENT_REDIRECT, "/intake/new")
    );
}

#[tokio::test]
async fn a_report_about_two_siblings_opens_a_case_for_the_new_child_and_joins_the_open_one() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let (status, page) = anna.get(app.url("/intake/new")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Registrera aktualisering"));
    assert!(
        page.contains("value=\"2026-03-10\""),
        "received today by default"
    );

    let (status, location, body) = anna
        .post(
            app.url("/intake/new"),
            &[
                ("confirmed", "1"),
                ("rows", "2"),
                ("pnr_0", "1501012395"), // Ella, known, with an open case
                ("given_0", ""),
                ("family_0", ""),
                ("pnr_1", "201801022383"), // her sister, unknown to Tillit
                ("given_1", "Siri"),
                ("family_1", "Testsson"),
                ("kind", "anmalan"),
                ("received_date", "2026-03-10"),
                ("received_time", "08:15"),
                ("reporter_category", "polis"),
                ("reporter_name", "Polisen i Tillköping"),
                ("reporter_contact", "114 14"),
                ("wants_feedback", "1"),
                ("concerns", "vald_nara_relation"),
                ("concerns", "bevittnat_vald"),
                ("summary", "Larm om bråk i familjen under natten."),
                ("action", "register"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(location.contains("done=report&count=2"), "{location}");

    // Ella's open case got the report (no second case for her).
    let ella = app.state(app.case).await;
    assert_eq!(ella.reports.len(), 2);
    let r = &ella.reports[1];
    assert_eq!(r.reporter.category, ReporterCategory::Police);
    assert_eq!(r.reporter.name.as_deref(), Some("Polisen i Tillköping"));
    assert!(r.reporter.wants_feedback);
    assert_eq!(
        r.concerns,
        vec![
            ConcernCategory::DomesticViolence,
            ConcernCategory::WitnessedViolence
        ]
    );
    assert_eq!(r.received_at, date(2026, 3, 10).at(8, 15, 0, 0));
    assert_eq!(
        app.store.cases_for_person(app.child).await.unwrap().len(),
        1
    );

    // Siri was added, with a case of her own assigned to Anna, and the two
    // are recorded as siblings.
    let siri = app
        .store
        .person_by_identity_number("20180102-2383")
        .await
        .unwrap()
        .expect("Siri added");
    assert_eq!(siri.full_name(), "Siri Testsson");
    let cases = app.store.cases_for_person(siri.id).await.unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].caseworker, Some(app.users["anna"]));
    assert_eq!(cases[0].unit, app.unit);
    let siri_case = app.state(cases[0].id).await;
    match &app.store.load_case(cases[0].id).await.unwrap()[2].event {
        CaseEvent::ReportReceived { siblings, .. } => assert_eq!(siblings, &vec![app.child]),
        e => panic!("unexpected {e:?}"),
    }
    assert_eq!(siri_case.reports.len(), 1);
    let rel = app.store.relations(siri.id).await.unwrap();
    assert_eq!(rel[0].0, RelationKind::Sibling);
    assert_eq!(rel[0].1.id, app.child);

    // The case page says so, and the worklist has both children's safety assessments.
    let (_, page) = anna.get(app.url(&location)).await;
    assert!(page.contains("Aktualiseringen är registrerad för 2 barn."));
    let (_, worklist) = anna.get(app.url("/")).await;
    assert!(worklist.contains("Siri Testsson"));
    assert!(worklist.contains("Omedelbar skyddsbedömning"));
}

#[tokio::test]
async fn a_report_on_julafton_morning_is_overdue_for_its_safety_assessment_on_juldagen() {
    // 20 kap. 1 § SoL: the omedelbar skyddsbedömning is made genast, the
    // same day (the next calendar day only when the report comes in at 16:00
    // or later); the socialjour covers holidays. A report received on
    // julafton at 09:00 is due on julafton, not on 29 December, the next
    // working day: on juldagen the worklist shows it overdue.
    let app = spawn_with(WebConfig {
        today_override: Some(date(2025, 12, 25)),
        ..WebConfig::default()
    })
    .await;
    let anna = browser(&app, "anna").await;
    let (status, _, body) = anna
        .post(
            app.url("/intake/new"),
            &[
                ("confirmed", "1"),
                ("rows", "1"),
                ("pnr_0", "201801022383"),
                ("given_0", "Siri"),
                ("family_0", "Testsson"),
                ("kind", "anmalan"),
                ("received_date", "2025-12-24"),
                ("received_time", "09:00"),
                ("reporter_category", "polis"),
                ("reporter_name", "Polisen i Tillköping"),
                ("reporter_contact", "114 14"),
                ("concerns", "vald_nara_relation"),
                ("summary", "Larm om bråk i familjen på julaftons morgon."),
                ("action", "register"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, worklist) = anna.get(app.url("/")).await;
    let overdue = worklist
        .split("<section aria-labelledby=\"group-")
        .find(|s| s.starts_with("overdue\""))
        .expect("an overdue group");
    let row = overdue
        .split("<tr>")
        .find(|r| r.contains("Siri Testsson") && r.contains("Omedelbar skyddsbedömning"))
        .unwrap_or_else(|| panic!("Siri's skyddsbedömning is not overdue: {worklist}"));
    // Legal date and planning date: julafton itself (no working day lies
    // between the report and the legal date).
    assert_eq!(row.matches("datetime=\"2025-12-24\"").count(), 2, "{row}");
    assert!(row.contains("Försenad"), "{row}");
}

#[tokio::test]
async fn a_refused_report_shows_the_message_at_the_field_keeps_everything_and_stores_nothing() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let form = [
        ("rows", "2"),
        ("pnr_0", "20180102-2383"),
        ("given_0", "Siri"),
        ("family_0", "Testsson"),
        ("pnr_1", ""),
        ("given_1", ""),
        ("family_1", ""),
        ("kind", "anmalan"),
        ("received_date", "2026-03-10"),
        ("received_time", "08:15"),
        // A school may never be anonymous: the domain refuses.
        ("reporter_category", "skola"),
        ("anonymous", "1"),
        ("reporter_name", ""),
        ("concerns", "skolfranvaro"),
        ("summary", "Lång text med <b>markup</b> och åäö."),
        ("action", "register"),
        ("confirmed", "1"),
    ];
    let (status, _, body) = anna.post(app.url("/intake/new"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "anonymous", "kan inte vara anonym");
    // Everything typed is still there (escaped).
    assert!(body.contains("value=\"20180102-2383\""));
    assert!(body.contains("value=\"Siri\""));
    assert!(
        body.contains("Lång text med &#60;b&#62;markup&#60;/b&#62; och åäö.")
            || body.contains("Lång text med &lt;b&gt;markup&lt;/b&gt; och åäö.")
    );
    assert!(body.contains("value=\"skolfranvaro\" checked"));
    assert!(body.contains("<option value=\"skola\" selected>"));
    // Nothing stored: no person, no case.
    assert!(
        app.store
            .person_by_identity_number("20180102-2383")
            .await
            .unwrap()
            .is_none()
    );

    // A wrong number, an unknown child without a name, a bad date: each
    // at its field, all at once.
    let (status, _, body) = anna
        .post(
            app.url("/intake/new"),
            &[
                ("confirmed", "1"),
                ("rows", "2"),
                ("pnr_0", "20150101-2396"),
                ("pnr_1", "20180102-2383"),
                ("given_1", ""),
                ("family_1", "Testsson"),
                ("kind", "anmalan"),
                ("received_date", "2026-02-30"),
                ("received_time", "08:15"),
                ("reporter_category", "polis"),
                ("reporter_name", "Polisen"),
                ("concerns", "brott"),
                ("action", "register"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"f-pnr-0-error\""));
    assert_field_error(&body, "given_1", "Skriv barnets förnamn");
    assert_field_error(&body, "received_date", "finns inte i kalendern");
    assert!(
        app.store
            .person_by_identity_number("20180102-2383")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(app.version(app.case).await, 3);

    // "Lägg till ett barn" shows one more row and keeps what was typed.
    let (status, _, body) = anna
        .post(
            app.url("/intake/new"),
            &[
                ("confirmed", "1"),
                ("rows", "1"),
                ("pnr_0", "20150101-2395"),
                ("summary", "Behålls"),
                ("action", "add_child"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"pnr_1\""));
    assert!(body.contains("Finns i Tillit: Ella Testsson"));
    assert!(body.contains("Behålls"));
    assert!(!body.contains("Formuläret har fel"));
}

// ---------------------------------------------------------------------------
// The steps of a case

#[tokio::test]
async fn the_case_goes_from_report_to_closure_through_the_forms() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let case = app.case;
    let report = report_of(&app.state(case).await).to_string();

    // Only what the state allows is offered.
    let (_, page) = anna.get(app.case_url(case, "")).await;
    assert!(page.contains("Nästa steg"));
    assert!(page.contains(&format!("/cases/{case}/safety-assessment?report={report}")));
    assert!(page.contains(&format!("/cases/{case}/pre-assessment-extension")));
    assert!(!page.contains(&format!("/cases/{case}/decision")));
    assert!(!page.contains(&format!("/cases/{case}/closing")));
    assert!(
        !page.contains(&format!("/cases/{case}/reassign")),
        "caseworkers do not reassign"
    );

    // Skyddsbedömning: refused without notes, then saved.
    let url = app.case_url(case, "/safety-assessment");
    let (status, page) = anna.get(format!("{url}?report={report}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Omedelbar skyddsbedömning"));
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "3"),
                ("report", &report),
                ("immediate_protection_needed", "no"),
                ("notes", "   "),
                ("on", "2026-03-09"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "notes", "Skriv skyddsbedömningens motivering");
    assert!(body.contains("value=\"no\" checked"));
    assert!(body.contains("value=\"2026-03-09\""));
    assert_eq!(app.version(case).await, 3, "nothing stored");
    let (status, location, _) = anna
        .post(
            url,
            &[
                ("version", "3"),
                ("report", &report),
                ("immediate_protection_needed", "no"),
                ("notes", "Inget akut skyddsbehov."),
                ("on", "2026-03-09"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/cases/{case}?done=safety-assessment"));
    assert!(
        app.state(case).await.reports[0]
            .safety_assessed_on
            .is_some()
    );

    // Förhandsbedömning: a bad date and a missing choice, then opened.
    let url = app.case_url(case, "/pre-assessment");
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "4"),
                ("report", &report),
                ("reasoning", "Oro för omsorgen."),
                ("confirm", "1"),
                ("on", "10/3 2026"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "on", "ÅÅÅÅ-MM-DD");
    assert!(body.contains("id=\"f-outcome-error\""));
    assert!(body.contains("Oro för omsorgen."));
    // Right: the review first, nothing stored; then confirmed.
    let pre = [
        ("version", "4"),
        ("report", report.as_str()),
        ("outcome", "open_investigation"),
        ("reasoning", "Oro för omsorgen."),
        ("on", "2026-03-10"),
    ];
    let (status, _, body) = anna.post(url.clone(), &pre).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Kontrollera dina uppgifter"), "{body}");
    assert_eq!(
        app.version(case).await,
        4,
        "nothing stored before confirming"
    );
    let mut confirmed = pre.to_vec();
    confirmed.push(("confirmed", "1"));
    let (status, _, _) = anna.post(url, &confirmed).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let state = app.state(case).await;
    let investigation = state.open_investigation().expect("opened").id.to_string();

    // The reporter asked to be told: the step is offered and clears the deadline.
    let (status, _, _) = anna
        .post(
            app.case_url(case, "/inform-reporter"),
            &[("version", "6"), ("report", &report), ("on", "2026-03-10")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Förlängning: not after the current end date, then extended.
    let url = app.case_url(case, "/investigation-extension");
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "7"),
                ("investigation", &investigation),
                ("reason", "Väntar på BUP."),
                ("new_due", "2026-07-10"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(
        &body,
        "new_due",
        "måste vara efter nuvarande slutdatum 2026-07-10",
    );
    assert!(body.contains("Väntar på BUP."));
    let (status, _, _) = anna
        .post(
            url,
            &[
                ("version", "7"),
                ("investigation", &investigation),
                ("reason", "Väntar på BUP."),
                ("new_due", "2026-08-31"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Beslut: reviewed before it is stored and, when favourable, the
    // intervention (a requirement marked beside the field).
    let url = app.case_url(case, "/decision");
    let (status, page) = anna.get(url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Jag bekräftar"), "a review, not a box");
    assert!(page.contains("Fortsätt och kontrollera"));
    assert!(page.contains("id=\"f-intervention-kind-condition\""));
    assert!(page.contains("Ulla Enhetschef"), "managers are delegates");
    let anna_id = app.users["anna"].0.to_string();
    let decision = |confirm: &'static str, ik: &'static str| {
        vec![
            ("version", "8"),
            ("kind", "intervention"),
            ("legal_basis", "sol_assistance"),
            ("intervention_kind", ik),
            ("favourable", "yes"),
            ("text", "Placering i familjehem beviljas."),
            ("on", "2026-03-10"),
            ("confirmed", confirm),
        ]
    };
    let mut fields = decision("", "familjehem");
    fields.push(("decided_by", &anna_id));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::OK, "the review");
    assert!(body.contains("Kontrollera dina uppgifter"));
    assert!(body.contains("Placering i familjehem beviljas."));
    assert_eq!(
        app.version(case).await,
        8,
        "nothing stored before confirming"
    );
    let mut fields = decision("1", "");
    fields.push(("decided_by", &anna_id));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(
        &body,
        "intervention_kind",
        "Välj vilken insats beslutet gäller: det krävs när beslutet gäller en insats och är gynnande",
    );
    assert_eq!(app.version(case).await, 8, "nothing stored");
    let mut fields = decision("1", "familjehem");
    fields.push(("decided_by", &anna_id));
    let (status, _, _) = anna.post(url, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let state = app.state(case).await;
    assert_eq!(state.decisions.len(), 1);
    assert_eq!(state.decisions[0].decided_by, app.users["anna"]);
    let decision_id = state.decisions[0].id.to_string();

    // Placering: a bad price, a kind other than decided; then started.
    let url = app.case_url(case, "/intervention-start");
    let placement = |kind: &'static str, price: &'static str| {
        vec![
            ("version", "9"),
            ("kind", kind),
            ("provider", "kopt"),
            ("provider_name", "Familjen Berg"),
            ("price_per_day", price),
            ("on", "2026-03-10"),
        ]
    };
    let mut fields = placement("familjehem", "tusen");
    fields.push(("decision", &decision_id));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "price_per_day", "inte ett belopp i kronor");
    assert!(body.contains("value=\"Familjen Berg\""));
    let mut fields = placement("hvb", "1 850,50");
    fields.push(("decision", &decision_id));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "kind", "Välj samma insats som i beslutet");
    let mut fields = placement("familjehem", "1 850,50");
    fields.push(("decision", &decision_id));
    let (status, _, _) = anna.post(url, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let state = app.state(case).await;
    assert!(state.is_placed());
    assert_eq!(state.interventions[0].price_per_day, Some(185_050));
    let intervention = state.interventions[0].id.to_string();

    // Övervägande: refused without notes, then held.
    let url = app.case_url(case, "/review");
    let review = |notes: &'static str| {
        vec![
            ("version", "10"),
            ("kind", "consideration"),
            ("care_continues", "yes"),
            ("notes", notes),
            ("on", "2026-03-10"),
        ]
    };
    let mut fields = review("");
    fields.push(("intervention", &intervention));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "notes", "Skriv vad som övervägdes");
    let mut fields = review("Vården fungerar väl.");
    fields.push(("intervention", &intervention));
    assert_eq!(anna.post(url, &fields).await.0, StatusCode::SEE_OTHER);

    // Close the investigation, end the placement, follow up, close the case.
    let (status, _, _) = anna
        .post(
            app.case_url(case, "/investigation-closing"),
            &[
                ("version", "11"),
                ("investigation", &investigation),
                ("outcome", "intervention"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = anna
        .post(
            app.case_url(case, "/intervention-end"),
            &[
                ("version", "12"),
                ("intervention", &intervention),
                ("reason", "mal_uppnatt"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let url = app.case_url(case, "/follow-up-plan");
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "13"),
                ("planned_on", "2026-12-31"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "planned_on", "senast sex månader efter avslutet");
    let (status, _, _) = anna
        .post(
            url,
            &[
                ("version", "13"),
                ("planned_on", "2026-06-30"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let follow_up = app.state(case).await.follow_ups[0].id.to_string();
    let (status, _, _) = anna
        .post(
            app.case_url(case, "/follow-up-completion"),
            &[
                ("version", "14"),
                ("follow_up", &follow_up),
                ("notes", "Barnet mår bra."),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let url = app.case_url(case, "/closing");
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "15"),
                ("reason", "insatser_avslutade"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the review");
    assert!(body.contains("Kontrollera dina uppgifter"));
    assert!(!app.state(case).await.is_closed(), "not before confirming");
    let (status, location, _) = anna
        .post(
            url,
            &[
                ("version", "15"),
                ("reason", "insatser_avslutade"),
                ("on", "2026-03-10"),
                ("confirmed", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app.state(case).await.is_closed());
    let (_, page) = anna.get(app.url(&location)).await;
    assert!(page.contains("Ärendet är avslutat."));
    assert!(page.contains("Inga steg kan göras i ärendet just nu."));
    // A closed case offers no form.
    let (status, page) = anna.get(app.case_url(case, "/decision")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Steget går inte att göra"));
    assert!(!page.contains("name=\"kind\""));
}

#[tokio::test]
async fn extensions_emergency_removal_and_its_deadlines() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let case = app.case;
    let report = report_of(&app.state(case).await).to_string();

    // Förlängning av förhandsbedömningen: needs synnerliga skäl.
    let url = app.case_url(case, "/pre-assessment-extension");
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "3"),
                ("report", &report),
                ("exceptional_reasons", ""),
                ("new_due", "2026-03-30"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "exceptional_reasons", "synnerliga skäl");
    assert!(body.contains("value=\"2026-03-30\""));
    let (status, _, _) = anna
        .post(
            url,
            &[
                ("version", "3"),
                ("report", &report),
                ("exceptional_reasons", "Familjen är utomlands."),
                ("new_due", "2026-03-30"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.state(case).await.reports[0].pre_assessment_extended_to,
        Some(date(2026, 3, 30))
    );

    // Omedelbart omhändertagande: only on LVU grounds, confirmed.
    let url = app.case_url(case, "/emergency-removal");
    let (_, page) = anna.get(url.clone()).await;
    assert!(!page.contains("value=\"sol_assistance\""));
    let anna_id = app.users["anna"].0.to_string();
    let removal = |basis: &'static str| {
        vec![
            ("version", "4"),
            ("legal_basis", basis),
            ("on", "2026-03-10"),
            ("executed_on", "2026-03-10"),
            ("confirm", "1"),
        ]
    };
    let mut fields = removal("sol_assistance");
    fields.push(("decided_by", &anna_id));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "legal_basis", "2 § eller 3 § LVU");
    // A delegate who is not in the unit is refused at the field.
    let mut fields = removal("lvu2");
    fields.push(("decided_by", "9999"));
    let (status, _, body) = anna.post(url.clone(), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "decided_by", "Välj vem som fattar beslutet");
    let ulla_id = app.users["ulla"].0.to_string();
    let mut fields = removal("lvu2");
    fields.push(("decided_by", &ulla_id));
    let (status, _, _) = anna.post(url, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let removal_id = app.state(case).await.removals[0].id.to_string();

    // The worklist links straight to the steps that clear the LVU deadlines.
    let (_, worklist) = anna.get(app.url("/")).await;
    assert!(worklist.contains(&format!(
        "/cases/{case}/emergency-removal-referral?removal={removal_id}"
    )));
    assert!(worklist.contains(&format!(
        "/cases/{case}/care-application?removal={removal_id}"
    )));
    for (step, version) in [
        ("/emergency-removal-referral", "5"),
        ("/care-application", "6"),
        ("/emergency-removal-end", "7"),
    ] {
        let (status, _, body) = anna
            .post(
                app.case_url(case, step),
                &[
                    ("version", version),
                    ("removal", &removal_id),
                    ("on", "2026-03-10"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{step}: {body}");
    }
    let state = app.state(case).await;
    assert_eq!(state.removals[0].referred_on, Some(TODAY));
    assert_eq!(state.removals[0].application_on, Some(TODAY));
    assert_eq!(state.removals[0].ended_on, Some(TODAY));
}

#[tokio::test]
async fn a_stale_form_is_refused_keeps_the_text_and_stores_nothing() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let tea = browser(&app, "tea").await;
    let case = app.case;
    let report = report_of(&app.state(case).await).to_string();
    // Anna opens the form at version 3; Tea records the assessment first.
    let (status, _, _) = tea
        .post(
            app.case_url(case, "/safety-assessment"),
            &[
                ("version", "3"),
                ("report", &report),
                ("immediate_protection_needed", "no"),
                ("notes", "Teas bedömning."),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Anna's pre-assessment form was shown at version 3.
    let (status, _, body) = anna
        .post(
            app.case_url(case, "/pre-assessment"),
            &[
                ("version", "3"),
                ("report", &report),
                ("outcome", "no_investigation"),
                ("reasoning", "Annas långa motivering."),
                ("confirm", "1"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Någon annan har ändrat ärendet"));
    assert!(body.contains("Annas långa motivering."));
    assert_eq!(input_value(&body, "version").as_deref(), Some("4"));
    assert_eq!(app.version(case).await, 4);
}

#[tokio::test]
async fn only_managers_reassign_and_only_writers_record_steps() {
    let app = spawn().await;
    let case = app.case;
    let anna = browser(&app, "anna").await;
    let (status, _) = anna.get(app.case_url(case, "/reassign")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = anna
        .post(app.case_url(case, "/reassign"), &[("caseworker", "")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let tea = browser(&app, "tea").await;
    let (_, page) = tea.get(app.case_url(case, "")).await;
    assert!(page.contains(&format!("/cases/{case}/reassign")));
    let (status, page) = tea.get(app.case_url(case, "/reassign")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Carl Kollega"));
    assert!(
        !page.contains("Bo Annanenhet"),
        "only the unit's caseworkers"
    );
    let carl = app.users["carl"].0.to_string();
    let (status, location, _) = tea
        .post(
            app.case_url(case, "/reassign"),
            &[("version", "3"), ("caseworker", &carl)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.ends_with("?done=reassign"));
    assert_eq!(
        app.store
            .case_summary(case)
            .await
            .unwrap()
            .unwrap()
            .caseworker,
        Some(app.users["carl"])
    );
    // The same again is refused by the domain, in the summary.
    let (status, _, body) = tea
        .post(
            app.case_url(case, "/reassign"),
            &[("version", "4"), ("caseworker", &carl)],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("redan den handläggaren"));

    // The unit's worklist links to the reassignment.
    let (_, list) = tea.get(app.url("/?view=unit")).await;
    assert!(list.contains(&format!("/cases/{case}/reassign")));

    // A caseworker of another unit: not found; an analyst: forbidden.
    let bo = browser(&app, "bo").await;
    let (status, _) = bo.get(app.case_url(case, "/safety-assessment")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let alva = browser(&app, "alva").await;
    let (status, _) = alva.get(app.case_url(case, "/safety-assessment")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = alva.get(app.url("/intake/new")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn worklist_rows_link_straight_to_the_step_that_clears_them() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let report = report_of(&app.state(app.case).await);
    let (_, list) = anna.get(app.url("/")).await;
    for step in ["safety-assessment", "pre-assessment"] {
        assert!(
            list.contains(&format!("/cases/{}/{step}?report={report}", app.case)),
            "{step}"
        );
    }
    let (status, page) = anna
        .get(app.case_url(app.case, &format!("/pre-assessment?report={report}")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Förhandsbedömning"));
    // Before the safety assessment the pre-assessment is not possible yet.
    assert!(page.contains("Steget går inte att göra"));
}

// ---------------------------------------------------------------------------
// The journal

#[tokio::test]
async fn journal_entries_are_signed_corrected_and_shown_as_text() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let case = app.case;
    let url = app.case_url(case, "/journal");

    // Signing needs the confirmation; the text is kept (and kept as a draft).
    let text = "Hembesök. <script>alert('x')</script> Barnet verkade tryggt.";
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[("version", "3"), ("text", text), ("action", "sign")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"f-confirm-error\""));
    assert!(!body.contains("<script>alert"));
    assert!(body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"));
    assert_eq!(app.version(case).await, 3);
    assert_eq!(
        app.store
            .draft(case, app.users["anna"])
            .await
            .unwrap()
            .unwrap()
            .text,
        text
    );
    // Empty text is refused at the field.
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "3"),
                ("text", " "),
                ("confirm", "1"),
                ("action", "sign"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"f-text-error\""));
    assert!(body.contains("Skriv anteckningens text"));

    let (status, location, _) = anna
        .post(
            url.clone(),
            &[
                ("version", "3"),
                ("text", text),
                ("confirm", "1"),
                ("action", "sign"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.ends_with("/journal?signed=1"));
    assert!(
        app.store
            .draft(case, app.users["anna"])
            .await
            .unwrap()
            .is_none()
    );
    let (_, page) = anna.get(app.url(&location)).await;
    assert!(page.contains("Anteckningen är signerad."));
    assert!(page.contains("Barnet verkade tryggt."));
    assert!(!page.contains("<script>alert"));
    let entry = app.state(case).await.journal[0].id;

    // A correction is a new entry; the old one is marked, with a link.
    let (_, page) = anna.get(format!("{url}?corrects={entry}")).await;
    assert!(page.contains("Du skriver en rättelse av anteckningen"));
    let (status, _, _) = anna
        .post(
            url.clone(),
            &[
                ("version", "4"),
                ("text", "Rättelse: hembesöket var den 9 mars."),
                ("corrects", &entry.to_string()),
                ("confirm", "1"),
                ("action", "sign"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let state = app.state(case).await;
    assert_eq!(state.journal.len(), 2);
    assert_eq!(state.journal[0].text, text, "the signed entry is unchanged");
    assert_eq!(state.journal[0].corrected_by, Some(state.journal[1].id));
    let (_, page) = anna.get(url.clone()).await;
    assert!(page.contains("Rättad."));
    assert!(page.contains(&format!("href=\"#entry-{}\"", state.journal[1].id)));
    assert!(page.contains("Rättelse av anteckningen"));
    // The corrected entry cannot be corrected again.
    let (status, _, body) = anna
        .post(
            url,
            &[
                ("version", "5"),
                ("text", "Tredje"),
                ("corrects", &entry.to_string()),
                ("confirm", "1"),
                ("action", "sign"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("redan rättad"));
    // The case page counts the entries and the timeline shows them.
    let (_, page) = anna.get(app.case_url(case, "")).await;
    assert!(page.contains("2 signerade anteckningar."));
    assert!(page.contains("Journalanteckning signerad"));
}

#[tokio::test]
async fn a_journal_entry_of_fifty_thousand_characters_is_signed() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let url = app.case_url(app.case, "/journal");
    let long: String = "Lång anteckning med åäö och citat ”så här”. "
        .chars()
        .cycle()
        .take(50_000)
        .collect();
    let (status, _, body) = anna
        .post(
            url.clone(),
            &[
                ("version", "3"),
                ("text", &long),
                ("confirm", "1"),
                ("action", "sign"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(app.state(app.case).await.journal[0].text, long);
    let (status, page) = anna.get(url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&long[..200]));
}

#[tokio::test]
async fn drafts_are_saved_without_javascript_and_by_autosave_and_survive_a_session_timeout() {
    let app = spawn_with(WebConfig {
        today_override: Some(TODAY),
        idle_timeout: Duration::from_secs(2),
        ..WebConfig::default()
    })
    .await;
    let anna = browser(&app, "anna").await;
    let url = app.case_url(app.case, "/journal");

    // "Spara utkast" (no JavaScript).
    let (status, location, _) = anna
        .post(
            url.clone(),
            &[("text", "Första utkastet"), ("action", "draft")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = anna.get(app.url(&location)).await;
    assert!(page.contains("Utkastet är sparat."));
    assert!(page.contains(">Första utkastet</textarea>"));
    assert!(page.contains("Utkast sparat "));
    // The script's autosave: answers the time.
    let (status, _, body) = anna
        .post(
            app.case_url(app.case, "/journal/draft"),
            &[("text", "Skrivet medan sessionen gick ut")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.len(), 5, "HH:MM, got {body:?}");
    assert!(page.contains("src=\"/static/tillit.js\""));
    assert!(page.contains("data-autosave=\""));

    // The session times out; after signing in again the draft is back.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let r = anna.c.get(url.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    login(&app, &anna.c, "anna").await;
    let (status, page) = anna.get(url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(">Skrivet medan sessionen gick ut</textarea>"));
    // Drafts are per user: Carl does not see Anna's.
    let carl = browser(&app, "carl").await;
    let (_, page) = carl.get(app.case_url(app.case, "/journal")).await;
    assert!(!page.contains("Skrivet medan sessionen gick ut"));
}

#[tokio::test]
async fn the_script_is_served_from_the_binary() {
    let app = spawn().await;
    let r = client()
        .get(app.url("/static/tillit.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let js = r.text().await.unwrap();
    assert!(js.contains("visibilitychange"));
    assert!(js.contains("pagehide"));
}

// ---------------------------------------------------------------------------
// The unit overview

#[tokio::test]
async fn the_unit_overview_counts_per_caseworker_and_lists_placed_children() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let (status, _) = anna.get(app.url("/overview")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        !anna
            .get(app.url("/"))
            .await
            .1
            .contains("href=\"/overview\"")
    );

    let ulla = browser(&app, "ulla").await;
    let (status, page) = ulla.get(app.url("/overview")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Enhetsöversikt: Barn och unga"));
    assert!(page.contains("Anna Handläggare"));
    assert!(page.contains("Per handläggare"));
    assert!(page.contains("Inga barn i enheten är placerade."));
    // One report this month, one pre-assessment open, one deadline overdue.
    let cards: Vec<&str> = page
        .match_indices("class=\"card-value\">")
        .map(|(i, _)| &page[i + 19..i + 20])
        .collect();
    // The safety assessment was due the day the report came in: overdue.
    assert_eq!(cards, vec!["1", "1", "0", "1", "0"], "{page}");
    assert!(page.contains("href=\"/overview\""));
}

// ---------------------------------------------------------------------------
// The review's findings: races, versions, ranges, duplicated fields

/// Two people record the same step: the one who comes second is told that
/// someone else changed the case (not "choose the report", which the first
/// one's step made disappear), keeps what they typed, and nothing of theirs
/// is stored. A form without its version is refused the same way.
#[tokio::test]
async fn the_second_of_two_submissions_of_a_step_gets_the_conflict_message() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let tea = browser(&app, "tea").await;
    let case = app.case;
    let report = report_of(&app.state(case).await).to_string();
    let url = app.case_url(case, "/safety-assessment");
    let form = |notes: &'static str| {
        vec![
            ("version", "3"),
            ("report", report.as_str()),
            ("immediate_protection_needed", "no"),
            ("notes", notes),
            ("on", "2026-03-10"),
        ]
    };
    let (status, _, _) = tea.post(url.clone(), &form("Teas bedömning.")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, body) = anna.post(url.clone(), &form("Annas bedömning.")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("Någon annan har ändrat ärendet"), "{body}");
    assert!(!body.contains("Välj vilken anmälan"), "{body}");
    assert!(body.contains("Annas bedömning."));
    assert_eq!(app.version(case).await, 4);

    // Without its version a form is not stored, even though it is
    // otherwise right (it cannot be told from a stale one).
    let pre = [
        ("report", report.as_str()),
        ("outcome", "no_investigation"),
        ("reasoning", "Ingen oro som kräver utredning."),
        ("confirm", "1"),
        ("on", "2026-03-10"),
    ];
    let (status, _, body) = anna.post(app.case_url(case, "/pre-assessment"), &pre).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("Formuläret saknar uppgift om vilken version"),
        "{body}"
    );
    assert!(body.contains("Ingen oro som kräver utredning."));
    assert_eq!(input_value(&body, "version").as_deref(), Some("4"));
    assert_eq!(app.version(case).await, 4);
    let mut with_version = vec![("version", "abc")];
    with_version.extend_from_slice(&pre);
    let (status, _, _) = anna
        .post(app.case_url(case, "/pre-assessment"), &with_version)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.version(case).await, 4);

    // The journal: signing without the version stores nothing.
    let (status, _, body) = anna
        .post(
            app.case_url(case, "/journal"),
            &[
                ("text", "Samtal med skolan."),
                ("confirm", "1"),
                ("action", "sign"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Formuläret saknar uppgift om vilken version"));
    assert!(body.contains("Samtal med skolan."));
    assert!(app.state(case).await.journal.is_empty());
}

/// Every field has a sensible range, with a Swedish message at the field:
/// deadlines at most a year ahead, no dates before 1900, short texts a few
/// hundred characters, drafts as long as an entry may be.
#[tokio::test]
async fn dates_and_texts_out_of_range_are_refused_at_their_field() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let case = app.case;
    let report = report_of(&app.state(case).await).to_string();

    // An extension to the end of time.
    let (status, _, body) = anna
        .post(
            app.case_url(case, "/pre-assessment-extension"),
            &[
                ("version", "3"),
                ("report", &report),
                ("exceptional_reasons", "Familjen är utomlands."),
                ("new_due", "9999-12-31"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "new_due", "ligger utanför det som kan registreras");
    let (status, _, body) = anna
        .post(
            app.case_url(case, "/pre-assessment-extension"),
            &[
                ("version", "3"),
                ("report", &report),
                ("exceptional_reasons", "Familjen är utomlands."),
                ("new_due", "2028-01-01"),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "new_due", "mer än ett år fram i tiden");
    assert!(body.contains("Familjen är utomlands."));
    assert_eq!(app.version(case).await, 3);

    // A report received in year 0, and a reporter's contact of a megabyte.
    let report_form = |date: &'static str, contact: &str| {
        vec![
            ("rows".to_string(), "1".to_string()),
            ("pnr_0".into(), "20180102-2383".into()),
            ("given_0".into(), "Siri".into()),
            ("family_0".into(), "Testsson".into()),
            ("kind".into(), "anmalan".into()),
            ("received_date".into(), date.into()),
            ("received_time".into(), "08:15".into()),
            ("reporter_category".into(), "skola".into()),
            ("reporter_name".into(), "Rektor".into()),
            ("reporter_contact".into(), contact.to_string()),
            ("concerns".into(), "skolfranvaro".into()),
            ("action".into(), "register".into()),
            ("confirmed".into(), "1".into()),
        ]
    };
    let post_report = |fields: Vec<(String, String)>| {
        let anna = &anna;
        let url = app.url("/intake/new");
        async move {
            let form: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            anna.post(url, &form).await
        }
    };
    let (status, _, body) = post_report(report_form("0000-01-01", "08-123 45")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(
        &body,
        "received_date",
        "ligger utanför det som kan registreras",
    );
    let huge = "x".repeat(1_000_000);
    let (status, _, body) = post_report(report_form("2026-03-10", &huge)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "reporter_contact", "högst 200 tecken");
    assert!(
        app.store
            .person_by_identity_number("20180102-2383")
            .await
            .unwrap()
            .is_none()
    );

    // A draft of a megabyte: not kept, the text shown again with why.
    let url = app.case_url(case, "/journal");
    let (status, _, body) = anna
        .post(url.clone(), &[("text", &huge), ("action", "draft")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("id=\"f-text-error\""));
    assert!(body.contains("högst 100"), "the limit is named");
    assert!(
        app.store
            .draft(case, app.users["anna"])
            .await
            .unwrap()
            .is_none()
    );
    let (status, _, _) = anna
        .post(app.case_url(case, "/journal/draft"), &[("text", &huge)])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.store
            .draft(case, app.users["anna"])
            .await
            .unwrap()
            .is_none()
    );
    // As long as an entry may be, it is kept.
    let max = "y".repeat(100_000);
    let (status, _, _) = anna
        .post(app.case_url(case, "/journal/draft"), &[("text", &max)])
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// A field sent twice with different values (a broken or tampered form)
/// is reported on the form in Swedish with what was typed, never a bare
/// "bad request", and nothing is stored.
#[tokio::test]
async fn a_field_sent_twice_is_reported_on_the_form_and_nothing_is_stored() {
    let app = spawn().await;
    let anna = browser(&app, "anna").await;
    let case = app.case;
    let url = app.case_url(case, "/journal");
    for action in ["sign", "draft"] {
        let (status, _, body) = anna
            .post(
                url.clone(),
                &[
                    ("version", "3"),
                    ("text", "Första texten"),
                    ("text", "Andra texten"),
                    ("confirm", "1"),
                    ("action", action),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        assert!(
            body.contains("skickades flera gånger med olika värden"),
            "{body}"
        );
        assert!(body.contains("Första texten"), "what was typed is kept");
    }
    assert!(app.state(case).await.journal.is_empty());
    assert!(
        app.store
            .draft(case, app.users["anna"])
            .await
            .unwrap()
            .is_none()
    );
    // The same value twice is no conflict.
    let (status, _, _) = anna
        .post(
            url.clone(),
            &[
                ("version", "3"),
                ("text", "Samma"),
                ("text", "Samma"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A step's form.
    let report = report_of(&app.state(case).await).to_string();
    let (status, _, body) = anna
        .post(
            app.case_url(case, "/safety-assessment"),
            &[
                ("version", "3"),
                ("report", &report),
                ("immediate_protection_needed", "no"),
                ("immediate_protection_needed", "yes"),
                ("notes", "Ingen akut fara."),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(
        &body,
        "immediate_protection_needed",
        "skickades flera gånger med olika värden",
    );
    assert!(body.contains("Ingen akut fara."));
    assert_eq!(app.version(case).await, 3);
    // Checkbox groups send several values by design.
    let (status, _, body) = anna
        .post(
            app.url("/intake/new"),
            &[
                ("confirmed", "1"),
                ("rows", "1"),
                ("pnr_0", "20180102-2383"),
                ("given_0", "Siri"),
                ("family_0", "Testsson"),
                ("kind", "anmalan"),
                ("received_date", "2026-03-10"),
                ("received_time", "08:15"),
                ("reporter_category", "skola"),
                ("reporter_name", "Rektor"),
                ("concerns", "skolfranvaro"),
                ("concerns", "psykisk_ohalsa"),
                ("action", "register"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
}

/// A teacher reports two siblings on the public form (first without their
/// own name: refused beside the field, what was typed kept); the report
/// waits in the intake unit's queue, due at once; the intake caseworker
/// opens it (logged), registers it through the intake form filled in from
/// it (the received time is the submission's, whatever is typed), and the
/// cases' reports carry that time; the submission records the cases and
/// leaves the queue. The public side learns nothing of the children.
#[tokio::test]
async fn a_report_from_the_e_service_is_registered_with_the_time_it_arrived() {
    use tillit_domain::register::RegisterKind;
    use tillit_domain::register::submission::Submission;
    use tillit_store::RecordFilter;
    let app = spawn().await;
    let public = client();
    let (status, page) = get(&public, app.url("/anmalan")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ring 112"));
    let csrf = input_value(&page, "csrf").unwrap();
    let submission = input_value(&page, "submission").unwrap();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("submission", submission.as_str()),
        ("reporter_type", "mandatory"),
        ("profession", "skola"),
        ("organisation", "Tillköpings skola"),
        ("reporter_name", ""),
        ("phone", "08-000 00 00"),
        ("email", "larare@example.se"),
        ("child_pnr_0", "1501012395"),
        ("child_name_0", "Ella"),
        ("child_name_1", "Siri Testsson"),
        ("child_age_1", "8"),
        ("child_where_1", "Tillköpings skola"),
        ("what", "Ella och Siri berättar att pappa slår mamma."),
        ("concerns", "vald_nara_relation"),
        ("acute", "no"),
        ("wants_feedback", "yes"),
    ];
    let (status, _, body) = post(&public, app.url("/anmalan"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_field_error(&body, "reporter_name", "kan inte vara anonym");
    assert!(body.contains("pappa slår mamma"), "what was typed is kept");
    form[5] = ("reporter_name", "Lärare Lind");
    let (status, _, body) = post(&public, app.url("/anmalan"), &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("EA-"));
    assert!(!body.contains("Ella Testsson"), "nothing about the child");
    // A double click stores one.
    let (status, _, _) = post(&public, app.url("/anmalan"), &form).await;
    assert_eq!(status, StatusCode::OK);
    let queue = app
        .store
        .records(RegisterKind::Submission, &RecordFilter::default())
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    let id = queue[0].id;
    let record = app.store.record::<Submission>(id).await.unwrap().unwrap();
    let arrived = record
        .state
        .received_at
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Stockholm").unwrap());

    // The intake caseworker's queue.
    let anna = browser(&app, "anna").await;
    let (status, list) = anna.get(app.url("/submissions")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&format!("/submissions/{id}")));
    let (status, page) = anna.get(app.url(&format!("/submissions/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Registrera och gör skyddsbedömning"));
    assert!(page.contains("20 kap. 1 § SoL (2025:400)"));
    // The intake form, filled in from it.
    let (status, intake) = anna
        .get(app.url(&format!("/intake/new?submission={id}")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        input_value(&intake, "pnr_0").as_deref(),
        Some("20150101-2395")
    );
    assert_eq!(input_value(&intake, "given_1").as_deref(), Some("Siri"));
    assert_eq!(
        input_value(&intake, "family_1").as_deref(),
        Some("Testsson")
    );
    let date = arrived.date().to_string();
    let time = arrived.strftime("%H:%M").to_string();
    assert_eq!(input_value(&intake, "received_date"), Some(date.clone()));
    assert_eq!(input_value(&intake, "received_time"), Some(time.clone()));
    // Registered, with Siri's number found by the caseworker and another
    // time typed: the submission's time is the report's.
    let sub = id.to_string();
    let (status, _, body) = anna
        .post(
            app.url("/intake/new"),
            &[
                ("confirmed", "1"),
                ("submission", sub.as_str()),
                ("rows", "2"),
                ("pnr_0", "1501012395"),
                ("given_0", ""),
                ("family_0", ""),
                ("pnr_1", "201801022383"),
                ("given_1", "Siri"),
                ("family_1", "Testsson"),
                ("kind", "anmalan"),
                ("received_date", "2026-01-01"),
                ("received_time", "00:01"),
                ("reporter_category", "skola"),
                ("reporter_name", "Lärare Lind, Tillköpings skola"),
                ("reporter_contact", "08-000 00 00"),
                ("wants_feedback", "1"),
                ("concerns", "vald_nara_relation"),
                ("summary", "Ella och Siri berättar att pappa slår mamma."),
                ("action", "register"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let ella = app.state(app.case).await;
    let r = ella.reports.last().unwrap();
    assert_eq!(
        r.received_at,
        arrived
            .datetime()
            .with()
            .second(0)
            .subsec_nanosecond(0)
            .build()
            .unwrap()
    );
    let record = app.store.record::<Submission>(id).await.unwrap().unwrap();
    assert_eq!(record.state.cases.len(), 2);
    assert!(record.state.cases.contains(&app.case));
    assert!(
        app.store
            .record_deadlines(&[RegisterKind::Submission], None)
            .await
            .unwrap()
            .is_empty()
    );
    // Handled: the form cannot register it again.
    let (status, _) = anna
        .get(app.url(&format!("/intake/new?submission={id}")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Read again, the submission's access-log rows name the children it
    // went to, so a log review by person finds it; before, it named nobody.
    let by_person = |person| tillit_store::AccessLogFilter {
        person: Some(person),
        kinds: vec![tillit_store::AccessKind::Register],
        ..Default::default()
    };
    assert!(
        app.store
            .access_log(&by_person(app.child))
            .await
            .unwrap()
            .is_empty()
    );
    let (status, _) = anna.get(app.url(&format!("/submissions/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    let rows = app.store.access_log(&by_person(app.child)).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entry.case, Some(app.case));
    assert_eq!(
        rows[0].entry.detail.as_deref(),
        Some(format!("submission:{}", record.number).as_str())
    );
    let siri = app
        .store
        .person_by_identity_number("20180102-2383")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.store
            .access_log(&by_person(siri.id))
            .await
            .unwrap()
            .len(),
        1
    );
}

// ---------------------------------------------------------------------------
// Feedback to the reporter (19 kap. 6 § SoL)

/// The text of a PDF through `pdftotext` (poppler-utils), whitespace folded.
fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian package poppler-utils) reads the PDF back");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The school asked to be told. Before the förhandsbedömning the case and
/// the worklist show the feedback deadline counted from the arrival (14
/// days for the decision, then one week) with its citation, and there is
/// no letter yet; after the decision the deadline is one week from it, the
/// step offers the letter, the PDF says only the outcome (not the
/// reasoning), its production is logged as an export of the child's data,
/// a user of another unit gets nothing, and recording it sent closes the
/// deadline.
#[tokio::test]
async fn the_feedback_letter_is_produced_logged_and_recorded_sent() {
    use tillit_store::{AccessKind, AccessLogFilter};
    let app = spawn().await;
    let case = app.case;
    let anna = browser(&app, "anna").await;
    let report = report_of(&app.state(case).await).to_string();
    let letter = app.case_url(case, &format!("/feedback-letter?report={report}"));

    let (_, page) = anna.get(app.case_url(case, "")).await;
    assert!(page.contains("Information till anmälaren"), "{page}");
    assert!(page.contains("19 kap. 6 § SoL (2025:400)"));
    // Received 2026-03-09: the decision by 2026-03-23, the letter a week after.
    assert!(page.contains("2026-03-30"), "{page}");
    let (_, worklist) = anna.get(app.url("/")).await;
    assert!(worklist.contains("Information till anmälaren"));
    assert!(worklist.contains("19 kap. 6 § SoL (2025:400)"));
    let (status, body) = anna.get(letter.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Förhandsbedömningen är inte klar"), "{body}");
    // Without a report: to the step's page, where the letter is chosen.
    let r = anna
        .c
        .get(app.case_url(case, "/feedback-letter"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        format!("/cases/{case}/inform-reporter").as_str()
    );

    let anna_id = app.users["anna"];
    let item: ItemId = report.parse().unwrap();
    record(
        &app.store,
        case,
        anna_id,
        date(2026, 3, 10),
        tillit_domain::case::CaseCommand::AssessSafety {
            report: item,
            immediate_protection_needed: false,
            notes: "Inget akut skyddsbehov.".into(),
        },
    )
    .await;
    record(
        &app.store,
        case,
        anna_id,
        date(2026, 3, 10),
        tillit_domain::case::CaseCommand::DecidePreAssessment {
            report: item,
            outcome: tillit_domain::case::PreAssessmentOutcome::NoInvestigation,
            reasoning: "Skolan och familjen har en plan; hemliga skäl.".into(),
            investigation: None,
        },
    )
    .await;
    let (_, page) = anna.get(app.case_url(case, "")).await;
    assert!(
        page.contains("2026-03-17"),
        "one week from the decision: {page}"
    );
    assert!(!page.contains("2026-03-30"));

    let (status, step) = anna.get(app.case_url(case, "/inform-reporter")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        step.contains(&format!("/cases/{case}/feedback-letter?report={report}")),
        "{step}"
    );

    // Another unit's caseworker: the same "not found" as for any case.
    let bo = browser(&app, "bo").await;
    let (status, _) = bo.get(letter.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let r = anna.c.get(letter.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"aterkoppling-2026-03-10.pdf\""
    );
    let text = pdf_text(&r.bytes().await.unwrap());
    for needle in [
        "Socialnämnden beslutade den 2026-03-10 att inte inleda utredning.",
        "Skolkurator",
        "om Ella Testsson",
        "Anmälan kom in 2026-03-09 kl. 10:00",
        "19 kap. 6 § SoL (2025:400)",
        "Anna Handläggare",
    ] {
        assert!(text.contains(needle), "{needle:?} in {text}");
    }
    assert!(!text.contains("hemliga skäl"), "never the reasoning");
    let exports = app
        .store
        .access_log(&AccessLogFilter {
            user: Some(anna_id),
            kinds: vec![AccessKind::Export],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].entry.person, Some(app.child));
    assert_eq!(exports[0].entry.case, Some(case));
    assert_eq!(
        exports[0].entry.detail.as_deref(),
        Some("feedback_letter:not_opened")
    );

    // Recorded sent: the deadline closes and the step offers no letter.
    let version = app.version(case).await.to_string();
    let (status, _, body) = anna
        .post(
            app.case_url(case, "/inform-reporter"),
            &[
                ("version", version.as_str()),
                ("report", report.as_str()),
                ("on", "2026-03-10"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        app.state(case).await.reports[0].reporter_informed_on,
        Some(date(2026, 3, 10))
    );
    let (_, page) = anna.get(app.case_url(case, "")).await;
    assert!(!page.contains("Information till anmälaren</"), "{page}");
    let (_, worklist) = anna.get(app.url("/")).await;
    assert!(!worklist.contains("Information till anmälaren"));
}
