//! The fixture of the access-control tests: two units, a team, a user in
//! every role, an ordinary child, a protected child with a guardian, and a
//! child of the other unit; the real server on a random port.

#![allow(dead_code)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use std::collections::HashMap;
use tillit_domain::case::{CaseCommand, CaseState, NewReport, Reporter, decide};
use tillit_domain::catalog::{ConcernCategory, ReportKind, ReporterCategory};
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{NewUser, Store, StoreConfig};
use tillit_web::{AppState, WebConfig, hash_password};

pub const PASSWORD: &str = "Rätt lösenord 42";
pub const TODAY: Date = date(2026, 3, 10);
/// The protected child's address: must appear nowhere but for those allowed.
pub const SECRET_ADDRESS: &str = "Hemliga vägen 7, 123 45 Tillköping";
pub const SECRET_NAME: &str = "Hemlig";
pub const SECRET_NUMBER: &str = "20120101-2380";

pub struct App {
    pub base: String,
    pub store: Store,
    pub db_path: std::path::PathBuf,
    pub unit_a: UnitId,
    pub unit_b: UnitId,
    pub users: HashMap<&'static str, UserId>,
    /// Ella's case, unit A, assigned to anna.
    pub case: CaseId,
    pub child: PersonId,
    /// The protected child's case, unit A, assigned to anna.
    pub protected_case: CaseId,
    pub protected_child: PersonId,
    /// The protected child's guardian (not protected).
    pub guardian: PersonId,
    /// Bert's case, unit B, assigned to bo.
    pub case_b: CaseId,
    pub child_b: PersonId,
    _dir: tempfile::TempDir,
}

impl App {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

pub async fn spawn() -> App {
    spawn_with(WebConfig {
        today_override: Some(TODAY),
        ..WebConfig::default()
    })
    .await
}

/// Every user of the fixture: (username, role, unit A/B/none, in team).
pub const USERS: [(&str, Role, Option<char>, bool); 11] = [
    ("anna", Role::Caseworker, Some('A'), true),
    ("carl", Role::Caseworker, Some('A'), true),
    ("dina", Role::Caseworker, Some('A'), false),
    ("bo", Role::Caseworker, Some('B'), false),
    ("tea", Role::TeamLead, Some('A'), false),
    ("ulla", Role::UnitManager, Some('A'), false),
    ("uno", Role::UnitManager, Some('B'), false),
    ("alva", Role::Analyst, None, false),
    ("kim", Role::QualityLead, None, false),
    ("rut", Role::Registrar, None, false),
    ("sam", Role::SystemAdministrator, None, false),
];

pub async fn spawn_with(config: WebConfig) -> App {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("tillit.sqlite");
    let store = Store::open(&StoreConfig::Sqlite {
        path: db_path.clone(),
    })
    .await
    .unwrap();

    let unit_a = store.create_unit("Barnenheten", "barn").await.unwrap();
    let unit_b = store.create_unit("Ungdomsenheten", "ungdom").await.unwrap();
    let team = store.create_team(unit_a, "Team Norr").await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    let mut users = HashMap::new();
    for (username, role, unit, in_team) in USERS {
        let unit = unit.map(|u| if u == 'A' { unit_a } else { unit_b });
        let id = store
            .create_user(&NewUser {
                username: username.into(),
                display_name: format!("{username} Testsson"),
                role,
                unit,
                password_hash: hash.clone(),
            })
            .await
            .unwrap();
        if in_team {
            store.set_user_team(id, Some(team)).await.unwrap();
        }
        users.insert(username, id);
    }

    let child = person("20150101-2395", "Ella", "Barnsson", false, "Storgatan 1");
    let protected_child = person(
        SECRET_NUMBER,
        SECRET_NAME,
        "Skyddsson",
        true,
        SECRET_ADDRESS,
    );
    let guardian = person("19850101-2382", "Gun", "Förälder", false, "Lillgatan 2");
    let child_b = person("20100101-2390", "Bert", "Ungdomsson", false, "Torget 3");
    for p in [&child, &protected_child, &guardian, &child_b] {
        store.upsert_person(p).await.unwrap();
    }
    store
        .add_relation(protected_child.id, guardian.id, RelationKind::Guardian)
        .await
        .unwrap();

    let case = open_case(&store, child.id, unit_a, users["anna"]).await;
    let protected_case = open_case(&store, protected_child.id, unit_a, users["anna"]).await;
    let case_b = open_case(&store, child_b.id, unit_b, users["bo"]).await;

    let state = AppState::new(store.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tillit_web::serve(listener, state));
    App {
        base: format!("http://{addr}"),
        store,
        db_path,
        unit_a,
        unit_b,
        users,
        case,
        child: child.id,
        protected_case,
        protected_child: protected_child.id,
        guardian: guardian.id,
        case_b,
        child_b: child_b.id,
        _dir: dir,
    }
}

pub fn person(number: &str, given: &str, family: &str, protected: bool, address: &str) -> Person {
    let n = tillit_domain::identity::IdentityNumber::parse_long_form(number).unwrap();
    Person {
        id: PersonId::new_random(),
        identity_number: Some(n.format_long()),
        given_name: given.into(),
        family_name: family.into(),
        gender: n.gender(),
        birth_date: Some(n.birth_date()),
        protected,
        address: Some(address.into()),
    }
}

/// Open a case with a report received the day before [`TODAY`].
pub async fn open_case(store: &Store, child: PersonId, unit: UnitId, caseworker: UserId) -> CaseId {
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
                wants_feedback: false,
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
        .map(|event| tillit_store::NewEvent {
            recorded_by: caseworker,
            recorded_at: Timestamp::now(),
            occurred_on: received,
            event,
        })
        .collect();
    store.append(case, 0, events).await.unwrap();
    case
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// The value of the first hidden `csrf` field in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("no csrf field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

pub async fn post_login(app: &App, c: &Client, username: &str, password: &str) -> Response {
    let page = c.get(app.url("/login")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = csrf_in(&page.text().await.unwrap());
    c.post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", username),
            ("password", password),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap()
}

pub async fn logged_in(app: &App, username: &str) -> Client {
    let c = client();
    let r = post_login(app, &c, username, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {username}");
    c
}

pub async fn get(c: &Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The CSRF token of a signed-in client (from the start page).
pub async fn csrf_of(app: &App, c: &Client) -> String {
    let (_, home) = get(c, app.url("/")).await;
    csrf_in(&home)
}

pub async fn post(c: &Client, url: String, form: &[(&str, &str)]) -> (StatusCode, String, String) {
    let r = c.post(url).form(form).send().await.unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
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
        .map(|event| tillit_store::NewEvent {
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
