//! Black-box tests: a fresh SQLite store in a temporary directory, the real
//! server on a random port, driven over HTTP.

#[path = "support/cases.rs"]
mod cases;
#[path = "support/http.rs"]
mod http;

use cases::*;
use http::*;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE};
use std::time::Duration;
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::register::RegisterKind;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, PersonId};
use tillit_store::{NewUser, Store, StoreConfig};
use tillit_web::permissions::{Access, Subject, allowed, handles_record, record_view};
use tillit_web::{AppState, WebConfig, hash_password, route_table};

struct App {
    base: String,
    store: Store,
    case: CaseId,
    protected_case: CaseId,
    child: PersonId,
    script_person: PersonId,
    _dir: tempfile::TempDir,
}

impl Server for App {
    fn base(&self) -> &str {
        &self.base
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

    let unit_a = store.create_unit("Barn och unga", "barn").await.unwrap();
    let unit_b = store.create_unit("Ungdom", "ungdom").await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    let mut ids = std::collections::HashMap::new();
    for (username, name, role, unit) in [
        ("anna", "Anna Handläggare", Role::Caseworker, Some(unit_a)),
        ("carl", "Carl Kollega", Role::Caseworker, Some(unit_a)),
        ("bo", "Bo Annanenhet", Role::Caseworker, Some(unit_b)),
        ("tea", "Tea Arbetsledare", Role::TeamLead, Some(unit_a)),
        ("ulla", "Ulla Enhetschef", Role::UnitManager, Some(unit_a)),
        ("alva", "Alva Analytiker", Role::Analyst, Some(unit_a)),
        ("kim", "Kim Kvalitet", Role::QualityLead, None),
        ("rut", "Rut Registrator", Role::Registrar, None),
        (
            "sam",
            "Sam Systemförvaltare",
            Role::SystemAdministrator,
            None,
        ),
        ("eli", "Eli Ekonom", Role::Economist, None),
        ("throttled", "Tore Spärrad", Role::Caseworker, Some(unit_a)),
    ] {
        let id = store
            .create_user(&NewUser {
                username: username.into(),
                display_name: name.into(),
                role,
                unit,
                password_hash: hash.clone(),
            })
            .await
            .unwrap();
        ids.insert(username, id);
    }

    let child = person("20150101-2395", "Ella", "Testsson", false);
    let protected_child = person("20120101-2380", "Hemlig", "Skyddsson", true);
    let script_person = person("19850101-2382", "<script>alert(1)</script>", "Elak", false);
    for p in [&child, &protected_child, &script_person] {
        store.upsert_person(p).await.unwrap();
    }
    store
        .add_relation(child.id, script_person.id, RelationKind::Guardian)
        .await
        .unwrap();

    let case = open_case(&store, child.id, unit_a, ids["anna"]).await;
    let protected_case = open_case(&store, protected_child.id, unit_a, ids["anna"]).await;

    let state = AppState::new(store.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tillit_web::serve(listener, state));
    let _ = unit_b;
    App {
        base: format!("http://{addr}"),
        store,
        case,
        protected_case,
        child: child.id,
        script_person: script_person.id,
        _dir: dir,
    }
}

fn person(number: &str, given: &str, family: &str, protected: bool) -> Person {
    let n = tillit_domain::identity::IdentityNumber::parse_long_form(number).unwrap();
    Person {
        id: PersonId::new_random(),
        identity_number: Some(n.format_long()),
        given_name: given.into(),
        family_name: family.into(),
        gender: n.gender(),
        birth_date: Some(n.birth_date()),
        protected,
        address: Some("Storgatan 1, 111 22 Stockholm".into()),
    }
}

#[tokio::test]
async fn login_fails_with_wrong_password_and_keeps_the_username() {
    let app = spawn().await;
    let c = client();
    let r = post_login(&app, &c, "anna", "fel lösenord").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body = r.text().await.unwrap();
    assert!(body.contains("Fel användarnamn eller lösenord."));
    assert!(body.contains("value=\"anna\""));
    // An unknown user gets the same answer.
    let r = post_login(&app, &c, "ingen", "x").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Fel användarnamn eller lösenord.")
    );
    // Still not signed in.
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn login_sets_a_safe_cookie_and_the_worklist_shows_the_deadline_with_its_citation() {
    let app = spawn().await;
    let c = client();
    let r = post_login(&app, &c, "anna", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/");
    let cookie = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("tillit_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(cookie.contains("Path=/"));
    // Only the hash of the token is stored.
    let token = cookie
        .trim_start_matches("tillit_session=")
        .split(';')
        .next()
        .unwrap();
    assert!(app.store.session(token).await.unwrap().is_none());
    assert!(
        app.store
            .session(&tillit_store::hash_session_token(token))
            .await
            .unwrap()
            .is_some()
    );

    let (status, body) = get(&c, app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Min arbetslista"));
    assert!(body.contains("Förhandsbedömning"));
    assert!(body.contains("20 kap. 2 § SoL (2025:400)"));
    assert!(
        body.contains("2026-03-23"),
        "legal date 14 days after receipt"
    );
    assert!(body.contains("Ella Testsson"));
    assert!(body.contains("20150101-2395"));
    assert!(body.contains(&format!("/cases/{}", app.case)));
    // The protected child is Anna's case: she sees the name.
    assert!(body.contains("Hemlig Skyddsson"));
    // A caseworker has no unit tab.
    assert!(!body.contains("Enhetens"));
}

#[tokio::test]
async fn the_case_page_shows_deadlines_and_timeline() {
    let app = spawn().await;
    let c = logged_in(&app, "anna").await;
    let (status, body) = get(&c, app.url(&format!("/cases/{}", app.case))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ella Testsson"));
    assert!(body.contains("Förhandsbedömning pågår"));
    assert!(body.contains("Ärende öppnat"));
    assert!(body.contains("Aktualisering mottagen"));
    assert!(body.contains("Anna Handläggare"));
    assert!(body.contains("Barn och unga"));
    assert!(body.contains("20 kap. 2 § SoL (2025:400)"));
    // Unknown and malformed ids are "not found", in Swedish.
    let (status, body) = get(&c, app.url(&format!("/cases/{}", CaseId::new_random()))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Sidan finns inte"));
    let (status, _) = get(&c, app.url("/cases/inte-ett-id")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn post_without_csrf_token_is_refused() {
    let app = spawn().await;
    let c = logged_in(&app, "anna").await;
    for form in [vec![], vec![("csrf", "fel")]] {
        let r = c.post(app.url("/logout")).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let body = r.text().await.unwrap();
        assert!(body.contains("Formuläret kunde inte skickas"));
        assert!(body.contains("lang=\"sv\""));
    }
    // Still signed in: the refused request changed nothing.
    let (status, _) = get(&c, app.url("/")).await;
    assert_eq!(status, StatusCode::OK);

    // The login form too: without the pre-session token it is refused.
    let fresh = client();
    let r = fresh
        .post(app.url("/login"))
        .form(&[("username", "anna"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = spawn().await;
    let c = logged_in(&app, "anna").await;
    for path in ["/login", "/", "/nowhere", "/static/tillit.css", "/health"] {
        let r = c.get(app.url(path)).send().await.unwrap();
        let h = r.headers();
        assert_eq!(
            h[CONTENT_SECURITY_POLICY],
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        if path == "/static/tillit.css" {
            assert!(h[CACHE_CONTROL].to_str().unwrap().contains("max-age"));
        } else {
            assert_eq!(h[CACHE_CONTROL], "no-store", "{path}");
        }
    }
    let (status, body) = get(&c, app.url("/nowhere")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Sidan finns inte"));
    // A wrong method is a page too, not an empty answer.
    let (status, body) = get(&c, app.url("/logout")).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body.contains("Åtgärden stöds inte"));
    let (status, body) = get(&c, app.url("/health")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn a_caseworker_of_another_unit_gets_not_found() {
    let app = spawn().await;
    let c = logged_in(&app, "bo").await;
    let (status, body) = get(&c, app.url(&format!("/cases/{}", app.case))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("Sidan finns inte"));
    assert!(!body.contains("Ella"));
    // Nor the person page of the case's child (only in another unit's case).
    let (status, body) = get(&c, app.url(&format!("/persons/{}", app.child))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("Ella"));
    assert!(!body.contains("20150101-2395"));
}

#[tokio::test]
async fn roles_without_cases_get_forbidden_and_a_start_page_that_says_so() {
    let app = spawn().await;
    for who in ["alva", "sam"] {
        let c = logged_in(&app, who).await;
        for path in [
            format!("/cases/{}", app.case),
            format!("/persons/{}", app.child),
            "/persons?q=Ella".to_string(),
        ] {
            let (status, body) = get(&c, app.url(&path)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {path}");
            assert!(body.contains("Du har inte behörighet"));
            assert!(!body.contains("Ella"));
        }
        let (status, body) = get(&c, app.url("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("ger inte tillgång till ärenden"));
        assert!(!body.contains("Ella"));
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = spawn().await;
    let c = client();
    let r = post_login(&app, &c, "anna", PASSWORD).await;
    let token = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("tillit_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    let (_, page) = get(&c, app.url("/")).await;
    let csrf = csrf_in(&page);
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login?out=1");
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    // The old token is dead on the server, not just forgotten by the browser.
    let r = client()
        .get(app.url("/"))
        .header("cookie", format!("tillit_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
}

#[tokio::test]
async fn markup_in_a_name_is_shown_as_text() {
    let app = spawn().await;
    let c = logged_in(&app, "anna").await;
    let (status, body) = get(&c, app.url(&format!("/persons/{}", app.script_person))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"));
    assert!(!body.contains("<script>"));
    // Also where the child's page lists the guardian.
    let (_, body) = get(&c, app.url(&format!("/persons/{}", app.child))).await;
    assert!(body.contains("Vårdnadshavare"));
    assert!(!body.contains("<script>"));
}

#[tokio::test]
async fn a_protected_child_is_masked_except_for_the_assigned_caseworker_and_managers() {
    let app = spawn().await;
    let case_url = app.url(&format!("/cases/{}", app.protected_case));
    // Carl works in the same unit but the case is Anna's.
    let carl = logged_in(&app, "carl").await;
    let (status, body) = get(&carl, case_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Skyddad identitet"));
    assert!(!body.contains("Hemlig"));
    assert!(!body.contains("20120101-2380"));
    // Found by number, but masked; not found by name.
    let (_, body) = get(&carl, app.url("/persons?q=201201012380")).await;
    assert!(body.contains("Skyddad identitet"));
    assert!(!body.contains("Hemlig"));
    let (_, body) = get(&carl, app.url("/persons?q=hemlig")).await;
    assert!(body.contains("Ingen person hittades."));

    for who in ["anna", "tea", "ulla"] {
        let c = logged_in(&app, who).await;
        let (status, body) = get(&c, case_url.clone()).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        assert!(body.contains("Hemlig Skyddsson"), "{who}");
        assert!(body.contains("Skyddade personuppgifter"), "{who}");
    }
}

#[tokio::test]
async fn managers_see_the_units_worklist() {
    let app = spawn().await;
    let c = logged_in(&app, "tea").await;
    let (status, body) = get(&c, app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Enhetens"));
    assert!(body.contains("Inga tidsfrister att visa."));
    let (status, body) = get(&c, app.url("/?view=unit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Enhetens arbetslista"));
    assert!(body.contains("Ella Testsson"));
    assert!(
        body.contains("Anna Handläggare"),
        "the unit's list names the caseworker"
    );
    assert!(body.contains("Hemlig Skyddsson"));
    // A caseworker asking for the unit's list gets their own.
    let anna = logged_in(&app, "anna").await;
    let (_, body) = get(&anna, app.url("/?view=unit")).await;
    assert!(body.contains("Min arbetslista"));
}

#[tokio::test]
async fn person_search_by_number_in_any_form_and_by_name() {
    let app = spawn().await;
    let c = logged_in(&app, "anna").await;
    for q in ["20150101-2395", "201501012395", "150101-2395", "1501012395"] {
        let (status, body) = get(&c, app.url(&format!("/persons?q={q}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Ella Testsson"), "{q}");
    }
    let (_, body) = get(&c, app.url("/persons?q=ella")).await;
    assert!(body.contains("Ella Testsson"));
    // A malformed number gets the domain's Swedish explanation.
    let (status, body) = get(&c, app.url("/persons?q=20150101-2396")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(!body.contains("Ella Testsson"));
}

#[tokio::test]
async fn login_is_throttled_after_five_failures() {
    let app = spawn().await;
    let c = client();
    for _ in 0..5 {
        let r = post_login(&app, &c, "throttled", "fel").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused, with a time to try again.
    let r = post_login(&app, &c, "throttled", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = r.text().await.unwrap();
    assert!(body.contains("Försök igen efter klockan"));
    assert!(body.contains("value=\"throttled\""));
    // Another account is not affected.
    let r = post_login(&app, &c, "anna", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_idle_session_ends() {
    let app = spawn_with(WebConfig {
        idle_timeout: Duration::from_secs(1),
        today_override: Some(TODAY),
        ..WebConfig::default()
    })
    .await;
    let c = logged_in(&app, "anna").await;
    let (status, _) = get(&c, app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login?ended=1");
    let (_, body) = get(&c, app.url("/login?ended=1")).await;
    assert!(body.contains("sessionen har gått ut"));
}

#[tokio::test]
async fn english_on_request() {
    let app = spawn().await;
    let c = client();
    let (_, body) = get(&c, app.url("/login?lang=en")).await;
    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("Sign in"));
    // Remembered in a cookie.
    let (_, body) = get(&c, app.url("/login")).await;
    assert!(body.contains("Sign in"));
    // Swedish by default, also for a browser that prefers English.
    let (_, body) = get(&client(), app.url("/login")).await;
    assert!(body.contains("<html lang=\"sv\">"));
    assert!(body.contains("Logga in"));
    let r = client()
        .get(app.url("/login"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("Logga in"));
}

#[tokio::test]
async fn unauthenticated_pages_lead_to_login_and_back() {
    let app = spawn().await;
    let c = client();
    let path = format!("/cases/{}", app.case);
    let r = c.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/login?next="));
    let (_, page) = get(&c, app.url(&location)).await;
    let csrf = csrf_in(&page);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "anna"),
            ("password", PASSWORD),
            ("next", path.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], path.as_str());
}

/// Every route, with no login and with every role, answers as the
/// permission model says.
#[tokio::test]
async fn every_route_with_every_role_follows_the_permission_model() {
    let app = spawn().await;
    let users = [
        (Role::Caseworker, "anna"),
        (Role::TeamLead, "tea"),
        (Role::UnitManager, "ulla"),
        (Role::Analyst, "alva"),
        (Role::QualityLead, "kim"),
        (Role::Registrar, "rut"),
        (Role::SystemAdministrator, "sam"),
        (Role::Economist, "eli"),
    ];
    assert_eq!(users.len(), Role::ALL.len());
    let mut table = route_table();
    // Sign out last, so the session lasts the walk.
    table.sort_by_key(|r| r.path == "/logout");
    // A user the walk may post empty forms about (administration).
    let kim = app.store.user_by_username("kim").await.unwrap().unwrap().id;
    // A Lex Sarah report and an incident by anna about her unit: their
    // pages are open to everyone who may report, and then the record rule
    // (record_view) says who sees them; the rest get "not found".
    let anna = app.store.user_by_username("anna").await.unwrap().unwrap();
    let (lex_sarah, incident, complaint) =
        register_records(&app.store, anna.id, anna.unit.unwrap()).await;
    // A risk of the internal control plan, put there by the unit's manager.
    let ulla = app.store.user_by_username("ulla").await.unwrap().unwrap();
    let control = control_record(&app.store, ulla.id, anna.unit.unwrap()).await;
    let service = service_record(&app.store, anna.id, anna.unit.unwrap()).await;
    let submission = submission_record(&app.store, anna.unit.unwrap()).await;
    // A self-audit of anna's unit planned and drawn by the quality lead,
    // with anna's case in its sample.
    let self_audit = self_audit_record(&app.store, kim, anna.unit.unwrap(), app.case).await;
    // A household with a decided month (economic assistance), in anna's unit.
    let household = assistance_record(&app.store, anna.id, anna.unit.unwrap(), app.child).await;
    // A contracted provider of the economy's catalogue (its record page).
    let provider = provider_record(&app.store).await;
    let concrete = |path: &str| {
        path.replace("/cases/{id}", &format!("/cases/{}", app.case))
            .replace("/persons/{id}", &format!("/persons/{}", app.child))
            .replace("/admin/users/{id}", &format!("/admin/users/{kim}"))
            .replace(
                "/lex-sarah/{id}/{form}",
                &format!("/lex-sarah/{lex_sarah}/receive"),
            )
            .replace("/lex-sarah/{id}", &format!("/lex-sarah/{lex_sarah}"))
            .replace(
                "/incidents/{id}/{form}",
                &format!("/incidents/{incident}/act"),
            )
            .replace("/incidents/{id}", &format!("/incidents/{incident}"))
            .replace(
                "/complaints/{id}/{form}",
                &format!("/complaints/{complaint}/act"),
            )
            .replace("/complaints/{id}", &format!("/complaints/{complaint}"))
            .replace(
                "/internal-control/{id}/{form}",
                &format!("/internal-control/{control}/control"),
            )
            .replace(
                "/internal-control/{id}",
                &format!("/internal-control/{control}"),
            )
            .replace(
                "/service/{id}/{form}",
                &format!("/service/{service}/contact"),
            )
            .replace("/service/{id}", &format!("/service/{service}"))
            .replace(
                "/submissions/{id}/{form}",
                &format!("/submissions/{submission}/duplicate"),
            )
            .replace("/submissions/{id}", &format!("/submissions/{submission}"))
            .replace(
                "/self-audits/{id}/{form}",
                &format!("/self-audits/{self_audit}/answer"),
            )
            .replace("/self-audits/{id}", &format!("/self-audits/{self_audit}"))
            .replace("/cases/{case}", &format!("/cases/{}", app.case))
            .replace("/assistance/{id}", &format!("/assistance/{household}"))
            .replace("{month}", "2026-03")
            .replace("/form/{form}", "/form/member")
            .replace("/providers/{id}", &format!("/providers/{provider}"))
    };
    // The record rule for a register route's record, if it is one.
    let record_rule = |path: &str, who: Subject| {
        let register = if path == "/assistance/new" || path == "/assistance/extract" {
            // Only a unit of economic assistance registers households.
            return false;
        } else if path.starts_with("/assistance/{id}") {
            return handles_record(who, RegisterKind::Assistance, anna.unit.unwrap());
        } else if path.starts_with("/lex-sarah/{id}") {
            RegisterKind::LexSarah
        } else if path.starts_with("/incidents/{id}") {
            RegisterKind::Incident
        } else if path.starts_with("/complaints/{id}") {
            RegisterKind::Complaint
        } else if path.starts_with("/service/{id}") {
            RegisterKind::Service
        } else if path.starts_with("/submissions/{id}") {
            // From the public: nobody's own report.
            return record_view(who, RegisterKind::Submission, anna.unit.unwrap(), None).is_some();
        } else if path.starts_with("/internal-control/{id}") {
            return record_view(
                who,
                RegisterKind::InternalControl,
                anna.unit.unwrap(),
                Some(ulla.id),
            )
            .is_some();
        } else if path == "/self-audits/{id}/cases/{case}" {
            // A sampled case: for those who handle the audit only.
            return handles_record(who, RegisterKind::SelfAudit, anna.unit.unwrap());
        } else if path.starts_with("/self-audits/{id}") {
            return record_view(who, RegisterKind::SelfAudit, anna.unit.unwrap(), Some(kim))
                .is_some();
        } else {
            return true;
        };
        record_view(who, register, anna.unit.unwrap(), Some(anna.id)).is_some()
    };
    assert!(
        table.iter().all(|r| !concrete(r.path).contains('{')),
        "a route has an unknown parameter"
    );

    // No login (but with the login form's token, as a browser would have).
    let anon = client();
    let (_, login_page) = get(&anon, app.url("/login")).await;
    let login_csrf = csrf_in(&login_page);
    for rule in &table {
        let url = app.url(&concrete(rule.path));
        let r = match rule.method {
            "GET" => anon.get(url).send().await.unwrap(),
            _ => anon
                .post(url)
                .form(&[("csrf", login_csrf.as_str())])
                .send()
                .await
                .unwrap(),
        };
        let status = r.status();
        match rule.access {
            Access::Public => assert_ne!(status, StatusCode::FORBIDDEN, "{rule:?}"),
            Access::Requires(_) if rule.method == "GET" => {
                assert_eq!(status, StatusCode::SEE_OTHER, "{rule:?}");
                assert!(
                    r.headers()[LOCATION]
                        .to_str()
                        .unwrap()
                        .starts_with("/login")
                );
            }
            // A POST without a session fails the CSRF check first.
            Access::Requires(_) => assert_eq!(status, StatusCode::FORBIDDEN, "{rule:?}"),
        }
    }

    for (role, username) in users {
        let c = logged_in(&app, username).await;
        let account = app.store.user_by_username(username).await.unwrap().unwrap();
        let subject = Subject {
            user: account.id,
            role,
            unit: account.unit,
        };
        let (_, home) = get(&c, app.url("/")).await;
        let csrf = csrf_in(&home);
        for rule in &table {
            let url = app.url(&concrete(rule.path));
            let r = match rule.method {
                "GET" => c.get(url).send().await.unwrap(),
                _ => c
                    .post(url)
                    .form(&[("csrf", csrf.as_str())])
                    .send()
                    .await
                    .unwrap(),
            };
            let status = r.status();
            let expected_ok = match rule.access {
                Access::Public => true,
                Access::Requires(p) => allowed(role, p),
            };
            if expected_ok && !record_rule(rule.path, subject) {
                assert_eq!(status, StatusCode::NOT_FOUND, "{role:?} {rule:?}");
            } else if expected_ok {
                assert!(
                    status.is_success()
                        || status.is_redirection()
                        || status == StatusCode::UNPROCESSABLE_ENTITY,
                    "{role:?} {rule:?}: {status}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {rule:?}");
            }
        }
    }
}

/// The record rules the walk above cannot see, by role: a list with a row
/// per decision (the delegation list) is the unit manager's alone, though
/// the reports page is open to every follow-up role.
#[tokio::test]
async fn row_level_reports_follow_the_permission_model_by_role() {
    use tillit_web::permissions::{Permission, Subject, may_see_row_level};
    let app = spawn().await;
    for (role, username) in [
        (Role::Caseworker, "anna"),
        (Role::TeamLead, "tea"),
        (Role::UnitManager, "ulla"),
        (Role::Analyst, "alva"),
        (Role::QualityLead, "kim"),
        (Role::Registrar, "rut"),
        (Role::SystemAdministrator, "sam"),
        (Role::Economist, "eli"),
    ] {
        let user = app.store.user_by_username(username).await.unwrap().unwrap();
        let who = Subject {
            user: user.id,
            role,
            unit: user.unit,
        };
        let c = logged_in(&app, username).await;
        for path in [
            "/reports?kind=delegationsbeslut&year=2025&period=M05",
            "/reports/download?kind=delegationsbeslut&year=2025&period=M05&format=csv",
            "/exports/nuso?period=2025&format=csv",
        ] {
            let (status, _) = get(&c, app.url(path)).await;
            // A follow-up role's own unit (none for analysts and quality
            // leads, who see every unit).
            let unit = if allowed(role, Permission::ViewExactFigures) {
                user.unit
            } else {
                None
            };
            if may_see_row_level(who, unit) {
                assert_eq!(status, StatusCode::OK, "{role:?} {path}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {path}");
            }
        }
    }
}

/// A user whose password the administrator set reaches nothing but the
/// password form (and signing out), whatever the role allows.
#[tokio::test]
async fn a_one_time_password_leads_every_route_to_the_password_form() {
    let app = spawn().await;
    let id = app
        .store
        .create_user(&NewUser {
            username: "otto".into(),
            display_name: "Otto Engång".into(),
            role: Role::UnitManager,
            unit: app
                .store
                .user_by_username("ulla")
                .await
                .unwrap()
                .unwrap()
                .unit,
            password_hash: hash_password(PASSWORD).unwrap(),
        })
        .await
        .unwrap();
    let hash = app.store.user(id).await.unwrap().unwrap().password_hash;
    app.store.set_one_time_password(id, &hash, 1).await.unwrap();
    let c = client();
    let r = post_login(&app, &c, "otto", PASSWORD).await;
    assert_eq!(r.headers()[LOCATION], "/password");
    let (_, page) = get(&c, app.url("/password")).await;
    let csrf = csrf_in(&page);
    let concrete = |path: &str| {
        path.replace("/cases/{id}", &format!("/cases/{}", app.case))
            .replace("/persons/{id}", &format!("/persons/{}", app.child))
            .replace("/admin/users/{id}", &format!("/admin/users/{id}"))
    };
    for rule in route_table() {
        if rule.path == "/logout" {
            continue;
        }
        let url = app.url(&concrete(rule.path));
        let r = match rule.method {
            "GET" => c.get(url).send().await.unwrap(),
            _ => c
                .post(url)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap(),
        };
        let status = r.status();
        let to_form = status == StatusCode::SEE_OTHER && r.headers()[LOCATION] == "/password";
        match rule.access {
            Access::Public => assert!(!to_form, "{rule:?}"),
            Access::Requires(_) if rule.path == "/password" => {
                assert!(!to_form && !status.is_server_error(), "{rule:?}: {status}")
            }
            Access::Requires(_) => assert!(to_form, "{rule:?}: {status}"),
        }
    }
}

/// Query parameters every page reads, somewhere.
const QUERY_NAMES: [&str; 41] = [
    "period",
    "year",
    "part",
    "unit",
    "id",
    "view",
    "kind",
    "format",
    "saved",
    "series",
    "created",
    "goal",
    "activity",
    "goal_indicator",
    "form",
    "carried",
    "plan",
    "q",
    "person",
    "user",
    "from",
    "to",
    "flagged",
    "unreviewed",
    "corrects",
    "signed",
    "done",
    "count",
    "lang",
    "next",
    "ended",
    "out",
    "case",
    "report",
    "intervention",
    "removal",
    "follow_up",
    "decision",
    "investigation",
    "breakdown",
    "indicator",
];

/// Form fields every form reads, somewhere.
const FORM_NAMES: [&str; 102] = [
    "text",
    "corrects",
    "confirm",
    "action",
    "version",
    "reason",
    "case",
    "entry",
    "comment",
    "username",
    "password",
    "password2",
    "display_name",
    "role",
    "unit",
    "team",
    "active",
    "name",
    "kind",
    "team_name",
    "form",
    "year",
    "goal",
    "activity",
    "goal_indicator",
    "parent",
    "title",
    "description",
    "expected_result",
    "perspective",
    "plan",
    "indicator",
    "annual_target",
    "council_target",
    "direction",
    "from",
    "to",
    "start",
    "end",
    "dropped_in",
    "deviation",
    "analysis",
    "period",
    "status",
    "series",
    "value_total",
    "value_male",
    "value_female",
    "value_unknown",
    "estimate_total",
    "note",
    "new_name",
    "new_code",
    "new_unit",
    "new_description",
    "new_counts_persons",
    "rows",
    "pnr_0",
    "given_0",
    "family_0",
    "received_date",
    "received_time",
    "reporter_category",
    "anonymous",
    "reporter_name",
    "reporter_contact",
    "wants_feedback",
    "concerns",
    "summary",
    "on",
    "new_due",
    "exceptional_reasons",
    "notes",
    "reasoning",
    "outcome",
    "legal_basis",
    "intervention_kind",
    "favourable",
    "decided_by",
    "provider",
    "provider_name",
    "price_per_day",
    "executed_on",
    "care_continues",
    "planned_on",
    "caseworker",
    "report",
    "investigation",
    "intervention",
    "removal",
    "follow_up",
    "decision",
    "immediate_protection_needed",
    "next",
    "situation",
    "analysis_text",
    "code",
    "label",
    "valid_from",
    "valid_to",
    "end_code",
    "end_on",
];

/// What a person (or someone probing) might type: multi-byte letters where
/// a code has a letter, years and numbers at and past every limit, dates
/// outside any sensible window, long texts, control characters.
fn hostile_values() -> Vec<String> {
    vec![
        "2025-Ö1".into(),
        "Ö".into(),
        "R12:2025-Ö1".into(),
        "2025-é".into(),
        "2025-03-01..9999-12-31".into(),
        "0000-01-01".into(),
        "9999-12-31".into(),
        "-0001-01-01".into(),
        "32767".into(),
        "-32768".into(),
        "99999999999999999999".into(),
        "-1".into(),
        "1e308".into(),
        "NaN".into(),
        "9".repeat(400),
        "\u{0}\u{7f}\u{202e}".into(),
        "<script>alert(1)</script>".into(),
        "x".repeat(20_000),
    ]
}

/// The values also tried in each query parameter on its own.
const ONE_AT_A_TIME: [&str; 3] = ["2025-Ö1", "32767", "-0001-01-01"];

/// Never a 500 or a panic for what a user sends: every route, as every kind
/// of user who may use it, with hostile values in every query parameter and
/// form field, one at a time and all at once, and with every form field
/// sent twice with different values.
#[tokio::test]
async fn no_route_answers_a_server_error_whatever_is_sent() {
    let app = spawn().await;
    let sam = app.store.user_by_username("sam").await.unwrap().unwrap().id;
    let mut table = route_table();
    table.sort_by_key(|r| r.path == "/logout");
    let concrete = |path: &str| {
        path.replace("/cases/{id}", &format!("/cases/{}", app.case))
            .replace("/persons/{id}", &format!("/persons/{}", app.child))
            .replace("/admin/users/{id}", &format!("/admin/users/{sam}"))
    };
    let values = hostile_values();
    let short: Vec<&String> = values.iter().filter(|v| v.len() < 1000).collect();
    let mut failures = Vec::new();
    // Signed in first: the walk posts wrong passwords to /login, which the
    // login throttle counts against this address.
    let mut clients = Vec::new();
    for username in ["ulla", "anna", "alva", "sam"] {
        let c = logged_in(&app, username).await;
        let csrf = csrf_of(&app, &c).await;
        clients.push((username, c, csrf));
    }
    for (username, c, csrf) in clients {
        let role = app
            .store
            .user_by_username(username)
            .await
            .unwrap()
            .unwrap()
            .role;
        for rule in table.iter().filter(|r| r.path != "/logout") {
            if let Access::Requires(p) = rule.access
                && !allowed(role, p)
            {
                continue;
            }
            let url = app.url(&concrete(rule.path));
            let mut check = |what: String, status: StatusCode| {
                if status.is_server_error() {
                    failures.push(format!("{username} {} {what}: {status}", rule.path));
                }
            };
            if rule.method == "GET" {
                for v in &short {
                    let all: Vec<(&str, &str)> =
                        QUERY_NAMES.iter().map(|n| (*n, v.as_str())).collect();
                    let r = c.get(&url).query(&all).send().await.unwrap();
                    check(format!("all={v:?}"), r.status());
                }
                for v in ONE_AT_A_TIME {
                    for n in QUERY_NAMES {
                        let r = c.get(&url).query(&[(n, v)]).send().await.unwrap();
                        check(format!("{n}={v:?}"), r.status());
                    }
                }
                // Every parameter twice.
                let twice: Vec<(&str, &str)> = QUERY_NAMES
                    .iter()
                    .flat_map(|n| [(*n, "2025"), (*n, "2024-T1")])
                    .collect();
                let r = c.get(&url).query(&twice).send().await.unwrap();
                check("twice".into(), r.status());
            } else {
                for v in &values {
                    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
                    form.extend(FORM_NAMES.iter().map(|n| (*n, v.as_str())));
                    let r = c.post(&url).form(&form).send().await.unwrap();
                    check(
                        format!("all={:?}", v.chars().take(20).collect::<String>()),
                        r.status(),
                    );
                    // Every field twice, the second time different.
                    form.extend(FORM_NAMES.iter().map(|n| (*n, "1")));
                    let r = c.post(&url).form(&form).send().await.unwrap();
                    check(
                        format!("twice={:?}", v.chars().take(20).collect::<String>()),
                        r.status(),
                    );
                }
            }
        }
    }
    assert!(failures.is_empty(), "server errors: {failures:#?}");
}

/// A Lex Sarah report, an incident and a complaint taken on the phone,
/// reported by `by` about `unit`.
async fn register_records(
    store: &Store,
    by: tillit_domain::UserId,
    unit: tillit_domain::UnitId,
) -> (
    tillit_domain::RecordId,
    tillit_domain::RecordId,
    tillit_domain::RecordId,
) {
    use tillit_domain::RecordId;
    use tillit_domain::register::complaint::{Channel, Complaint, ComplaintEntry, ComplaintKind};
    use tillit_domain::register::incident::{Incident, IncidentCategory, IncidentEntry};
    use tillit_domain::register::lex_sarah::{LexSarah, LexSarahEntry, LexSarahTopic};
    use tillit_domain::register::{Writer, decide};
    use tillit_store::RecordWrite;
    let on = jiff::civil::date(2026, 3, 2);
    let w = Writer {
        user: by,
        handles: false,
    };
    let at = jiff::Timestamp::now();
    let report = LexSarahEntry::Reported {
        happened_on: on,
        unit,
        topic: LexSarahTopic::Documentation,
        risk_only: false,
        what: "Anteckningar saknas.".into(),
        immediate_action: None,
        concerns: None,
        provider: None,
        provider_code: None,
        case: None,
    };
    let (_, ls) = decide::<LexSarah>(&LexSarah::default(), &report, w, on, at).unwrap();
    let incident = IncidentEntry::Reported {
        happened_on: on,
        unit,
        category: IncidentCategory::ItSupport,
        added: None,
        what: "Systemet låg nere.".into(),
        cause: None,
    };
    let (_, inc) = decide::<Incident>(&Incident::default(), &incident, w, on, at).unwrap();
    let complaint = ComplaintEntry::Received {
        kind: ComplaintKind::Complaint,
        unit,
        message: "Ingen ringde tillbaka.".into(),
        contact: Some("070-000 00 00".into()),
        channel: Channel::Phone,
        receipt: "SY-TEST-TEST-TEST".into(),
    };
    let (_, com) = decide::<Complaint>(&Complaint::default(), &complaint, w, on, at).unwrap();
    let (a, b, c) = (
        RecordId::new_random(),
        RecordId::new_random(),
        RecordId::new_random(),
    );
    store
        .write_records(vec![
            RecordWrite::new::<LexSarah>(a, 0, &LexSarah::default(), &[ls]).unwrap(),
            RecordWrite::new::<Incident>(b, 0, &Incident::default(), &[inc]).unwrap(),
            RecordWrite::new::<Complaint>(c, 0, &Complaint::default(), &[com]).unwrap(),
        ])
        .await
        .unwrap();
    (a, b, c)
}

/// A self-audit planned by `by` (who handles self-audits) of `unit`, its
/// sample drawn: `case` alone.
async fn self_audit_record(
    store: &Store,
    by: tillit_domain::UserId,
    unit: tillit_domain::UnitId,
    case: CaseId,
) -> tillit_domain::RecordId {
    use tillit_domain::RecordId;
    use tillit_domain::register::self_audit::{Checklist, SelfAudit, SelfAuditEntry};
    use tillit_domain::register::{Writer, decide};
    use tillit_store::RecordWrite;
    let on = jiff::civil::date(2026, 3, 2);
    let w = Writer {
        user: by,
        handles: true,
    };
    let at = jiff::Timestamp::now();
    let plan = SelfAuditEntry::Planned {
        unit,
        period_from: jiff::civil::date(2026, 1, 1),
        period_to: jiff::civil::date(2026, 2, 28),
        sample_size: 5,
        seed: 1,
        checklist: Checklist::sosfs_2014_5(),
    };
    let (s, planned) = decide::<SelfAudit>(&SelfAudit::default(), &plan, w, on, at).unwrap();
    let draw = SelfAuditEntry::Drawn {
        cases: vec![case],
        candidates: 1,
    };
    let (_, drawn) = decide::<SelfAudit>(&s, &draw, w, on, at).unwrap();
    let id = RecordId::new_random();
    store
        .write_records(vec![
            RecordWrite::new::<SelfAudit>(id, 0, &SelfAudit::default(), &[planned, drawn]).unwrap(),
        ])
        .await
        .unwrap();
    id
}

/// Lex Sarah through the browser's forms: a caseworker reports (a missing
/// text is said beside the field, what was typed kept); the quality lead
/// sees the report due at once, receives it (never with the reporter as
/// investigator), assesses it as serious and sees the report to IVO due
/// with its paragraph; the reporter sees the status only; a unit manager
/// does not see it at all; the quality lead's reading is logged.
#[tokio::test]
async fn a_lex_sarah_report_goes_from_the_reporter_to_the_quality_lead() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let csrf = csrf_of(&app, &anna).await;
    let (status, form) = get(&anna, app.url("/lex-sarah/new")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("27 kap. 2 § SoL"));
    let unit = app
        .store
        .user_by_username("anna")
        .await
        .unwrap()
        .unwrap()
        .unit
        .unwrap();
    let unit = unit.0.to_string();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("happened_on", "2026-03-02"),
        ("unit", unit.as_str()),
        ("topic", "dokumentation"),
        ("risk_only", "no"),
        ("what", ""),
        ("immediate_action", "Chefen informerad direkt"),
        ("confirm", "1"),
    ];
    let (status, _, body) = post(&anna, app.url("/lex-sarah/new"), &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Skriv vad som hänt"), "{body}");
    assert!(body.contains("Chefen informerad direkt"));
    fields[5] = ("what", "En dom har inte delgetts vårdnadshavaren");
    let (status, location, _) = post(&anna, app.url("/lex-sarah/new"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let record = location
        .trim_start_matches("/lex-sarah/")
        .trim_end_matches("?saved=1")
        .to_string();
    // The reporter sees the status, not the report's handling.
    let (status, own) = get(&anna, app.url(&format!("/lex-sarah/{record}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(own.contains("Rapporterad"));
    assert!(!own.contains("Ta emot och utse utredare"));
    // A unit manager does not handle Lex Sarah: not found.
    let ulla = logged_in(&app, "ulla").await;
    let (status, _) = get(&ulla, app.url(&format!("/lex-sarah/{record}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let kim = logged_in(&app, "kim").await;
    let kim_csrf = csrf_of(&app, &kim).await;
    let (_, start) = get(&kim, app.url("/")).await;
    assert!(
        start.contains("Ta emot, dokumentera och utse utredare"),
        "{start}"
    );
    assert!(start.contains("27 kap. 5 § SoL (2025:400)"));
    let (status, page) = get(&kim, app.url(&format!("/lex-sarah/{record}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("En dom har inte delgetts vårdnadshavaren"));
    let kim_id = app.store.user_by_username("kim").await.unwrap().unwrap().id;
    let logged = app
        .store
        .access_log(&tillit_store::AccessLogFilter {
            user: Some(kim_id),
            kinds: vec![tillit_store::AccessKind::Register],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].entry.detail.as_deref(), Some("lex_sarah:1"));

    // The reporter cannot investigate their own report.
    let anna_id = app
        .store
        .user_by_username("anna")
        .await
        .unwrap()
        .unwrap()
        .id;
    let ulla_id = app
        .store
        .user_by_username("ulla")
        .await
        .unwrap()
        .unwrap()
        .id;
    let receive = app.url(&format!("/lex-sarah/{record}/receive"));
    let anna_text = anna_id.0.to_string();
    let (status, _, body) = post(
        &kim,
        receive.clone(),
        &[
            ("csrf", kim_csrf.as_str()),
            ("version", "1"),
            ("investigator", anna_text.as_str()),
            ("not_involved", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("kan inte utreda sin egen rapport"), "{body}");
    let ulla_text = ulla_id.0.to_string();
    let (status, _, _) = post(
        &kim,
        receive.clone(),
        &[
            ("csrf", kim_csrf.as_str()),
            ("version", "1"),
            ("investigator", ulla_text.as_str()),
            ("not_involved", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The same form again, at the old version: someone else has changed it.
    let (status, _, _) = post(
        &kim,
        receive,
        &[
            ("csrf", kim_csrf.as_str()),
            ("version", "1"),
            ("investigator", ulla_text.as_str()),
            ("not_involved", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _, _) = post(
        &kim,
        app.url(&format!("/lex-sarah/{record}/assess")),
        &[
            ("csrf", kim_csrf.as_str()),
            ("version", "2"),
            ("serious", "yes"),
            ("motivation", "Barnets rätt att överklaga gick förlorad."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, start) = get(&kim, app.url("/")).await;
    assert!(start.contains("Anmäl till IVO (snarast)"), "{start}");
    assert!(start.contains("27 kap. 6 § SoL (2025:400)"));
    // A caseworker cannot use the quality lead's forms.
    let (status, _) = get(&anna, app.url(&format!("/lex-sarah/{record}/assess"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The public e-service for complaints: no login; a missing or overlong
/// message is said beside the field with what was typed kept and nothing
/// stored; a double click stores one complaint with one receipt; the robot
/// trap stores nothing; an address sending too many gets a polite 429; a
/// script in the text is text on the handler's page; the sender's contact
/// details never reach the list.
#[tokio::test]
async fn the_public_complaint_form_withstands_bad_input_and_floods() {
    use tillit_domain::register::RegisterKind;
    use tillit_store::RecordFilter;
    let app = spawn().await;
    let public = client();
    let (status, page) = get(&public, app.url("/synpunkter")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ring 112"));
    let csrf = csrf_in(&page);
    let submission = |page: &str| {
        let marker = "name=\"submission\" value=\"";
        let at = page.find(marker).unwrap() + marker.len();
        page[at..at + 36].to_string()
    };
    let sub = submission(&page);
    assert!(sub.parse::<tillit_domain::RecordId>().is_ok(), "{sub}");
    let stored = || async {
        app.store
            .records(RegisterKind::Complaint, &RecordFilter::default())
            .await
            .unwrap()
            .len()
    };
    // Nothing typed in the message: said, the contact kept, nothing stored.
    let (status, _, body) = post(
        &public,
        app.url("/synpunkter"),
        &[
            ("csrf", csrf.as_str()),
            ("submission", sub.as_str()),
            ("kind", "klagomal"),
            ("unit", ""),
            ("message", "  "),
            ("contact", "070-123 45 67"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Skriv ditt meddelande"));
    assert!(body.contains("070-123 45 67"));
    // A megabyte of text.
    let huge = "x".repeat(1_000_000);
    let (status, _, body) = post(
        &public,
        app.url("/synpunkter"),
        &[
            ("csrf", csrf.as_str()),
            ("submission", sub.as_str()),
            ("kind", "klagomal"),
            ("message", huge.as_str()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("högst 5000 tecken"), "too long said");
    assert_eq!(stored().await, 0);
    // A script in the text, sent twice (a double click): one complaint.
    let script = "<script>alert('x')</script> Ingen svarade när jag ringde.";
    let form = [
        ("csrf", csrf.as_str()),
        ("submission", sub.as_str()),
        ("kind", "klagomal"),
        ("unit", ""),
        ("message", script),
        ("contact", "070-123 45 67"),
    ];
    let (status, _, first) = post(&public, app.url("/synpunkter"), &form).await;
    assert_eq!(status, StatusCode::OK);
    let receipt_of = |body: &str| {
        let at = body.find("class=\"receipt\">").unwrap() + 16;
        body[at..at + 17].to_string()
    };
    let receipt = receipt_of(&first);
    assert!(receipt.starts_with("SY-"), "{receipt}");
    let (status, _, again) = post(&public, app.url("/synpunkter"), &form).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(receipt_of(&again), receipt);
    assert_eq!(stored().await, 1);
    // A robot fills in the hidden field: a receipt, nothing stored.
    let (status, _, _) = post(
        &public,
        app.url("/synpunkter"),
        &[
            ("csrf", csrf.as_str()),
            ("kind", "berom"),
            ("message", "Köp billiga klockor"),
            ("website", "http://spam.example"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored().await, 1);
    // Five a window per address: two taken above, three more, then 429.
    let mut last = StatusCode::OK;
    let mut retry_after = None;
    for i in 0..4 {
        let text = format!("Förslag nummer {i}");
        let r = public
            .post(app.url("/synpunkter"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("kind", "forbattringsforslag"),
                ("message", text.as_str()),
            ])
            .send()
            .await
            .unwrap();
        last = r.status();
        retry_after = r.headers().get("retry-after").cloned();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after.is_some());
    assert_eq!(stored().await, 4);
    // The quality lead's page shows the script as text; the list never
    // shows the contact details.
    let kim = logged_in(&app, "kim").await;
    let (status, list) = get(&kim, app.url("/complaints")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!list.contains("070-123 45 67"));
    let heads = app
        .store
        .records(RegisterKind::Complaint, &RecordFilter::default())
        .await
        .unwrap();
    let with_script = heads
        .iter()
        .find(|h| h.category.as_deref() == Some("klagomal"))
        .unwrap();
    let (status, page) = get(&kim, app.url(&format!("/complaints/{}", with_script.id))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"));
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("070-123 45 67"));
    assert!(page.contains(&receipt));
}

/// A risk of the internal control plan of `unit`, put there by `by`.
async fn control_record(
    store: &Store,
    by: tillit_domain::UserId,
    unit: tillit_domain::UnitId,
) -> tillit_domain::RecordId {
    use tillit_domain::register::internal_control::{
        Control, ControlArea, ControlEntry, Frequency,
    };
    let entry = ControlEntry::Identified {
        year: 2026,
        unit,
        area: ControlArea::Legal,
        risk: "Beslut delges inte".into(),
        likelihood: 2,
        consequence: 4,
        control: "Stickprov".into(),
        frequency: Frequency::Quarterly,
        responsible: "Enhetschef".into(),
        method: "Tio beslut".into(),
    };
    new_record::<Control>(store, entry, by, true).await
}

/// A service matter of `unit`, opened by `by`.
async fn service_record(
    store: &Store,
    by: tillit_domain::UserId,
    unit: tillit_domain::UnitId,
) -> tillit_domain::RecordId {
    use tillit_domain::catalog::Gender;
    use tillit_domain::register::service::{AgeBand, ServiceEntry, ServiceKind, ServiceMatter};
    let on = jiff::civil::date(2026, 3, 2);
    let entry = ServiceEntry::Opened {
        unit,
        kind: ServiceKind::Advice,
        gender: Gender::Female,
        age_band: AgeBand::Adult,
        started_on: on,
        who: None,
    };
    new_record::<ServiceMatter>(store, entry, by, true).await
}

/// A report of concern from the e-service, in `unit`'s queue.
async fn submission_record(store: &Store, unit: tillit_domain::UnitId) -> tillit_domain::RecordId {
    use tillit_domain::catalog::ReporterCategory;
    use tillit_domain::register::submission::{
        GivenChild, GivenReporter, Submission, SubmissionEntry,
    };
    let entry = SubmissionEntry::Submitted {
        unit,
        received_at: jiff::Timestamp::now(),
        reporter: GivenReporter {
            mandatory: false,
            category: ReporterCategory::Anonymous,
            organisation: None,
            name: None,
            phone: None,
            email: None,
        },
        children: vec![GivenChild {
            name: Some("Ella".into()),
            ..GivenChild::default()
        }],
        guardians: None,
        what: "Oro för Ella.".into(),
        concerns: Vec::new(),
        acute: false,
        wants_feedback: false,
        receipt: "EA-TEST".into(),
    };
    new_record::<Submission>(
        store,
        entry,
        tillit_domain::register::submission::E_SERVICE,
        false,
    )
    .await
}

/// A self-audit through the browser's forms: the unit manager plans it
/// (no seed given: one is drawn and recorded), the quality lead draws the
/// sample (the unit's two cases of the period, as `draw_sample` draws them
/// with the recorded seed; the manager may not draw), opens a sampled case
/// only through the audit (never through `/cases`, never a case outside
/// the sample, the protected child masked) with the read logged with the
/// audit as its reason; the manager answers each case file, the lead
/// closes, and a closed audit opens no case.
#[tokio::test]
async fn a_self_audit_is_planned_drawn_answered_and_its_case_reads_logged() {
    use tillit_domain::register::self_audit::{Candidate, SelfAudit, draw_sample};
    use tillit_store::{AccessKind, AccessLogFilter};
    let app = spawn().await;
    let unit = app
        .store
        .user_by_username("ulla")
        .await
        .unwrap()
        .unwrap()
        .unit
        .unwrap();
    let ulla = logged_in(&app, "ulla").await;
    let csrf = csrf_of(&app, &ulla).await;
    let unit_text = unit.0.to_string();
    // Planned by those who handle self-audits, not reported by anyone.
    let (_, list) = get(&ulla, app.url("/self-audits")).await;
    assert!(list.contains("Planera en egenkontroll"));
    let anna = logged_in(&app, "anna").await;
    let (status, list) = get(&anna, app.url("/self-audits")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!list.contains("Planera en egenkontroll"));
    let plan = |seed: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("unit", unit_text.clone()),
            ("period_from", "2026-03-01".to_string()),
            ("period_to", "2026-03-10".to_string()),
            ("sample_size", "5".to_string()),
            ("seed", seed.to_string()),
        ]
    };
    // A seed that is not a number is refused beside the field.
    let (status, _, body) = post(
        &ulla,
        app.url("/self-audits/new"),
        &plan("abc")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Skriv fröet som ett heltal"));
    let (status, location, _) = post(
        &ulla,
        app.url("/self-audits/new"),
        &plan("")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let id: tillit_domain::RecordId = location
        .trim_start_matches("/self-audits/")
        .trim_end_matches("?saved=1")
        .parse()
        .unwrap();
    let audit = |app: &App| {
        let store = app.store.clone();
        async move { store.record::<SelfAudit>(id).await.unwrap().unwrap() }
    };
    let planned = audit(&app).await;
    let (_, page) = get(&ulla, app.url(&format!("/self-audits/{id}"))).await;
    assert!(
        page.contains(&planned.state.seed.to_string()),
        "the seed is shown"
    );
    assert!(page.contains("EK-1"));
    // The unit manager does not draw.
    let (status, _) = get(&ulla, app.url(&format!("/self-audits/{id}/draw"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let version = planned.version.to_string();
    let (status, _, _) = post(
        &ulla,
        app.url(&format!("/self-audits/{id}/draw")),
        &[("csrf", &csrf), ("version", &version), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let kim = logged_in(&app, "kim").await;
    let kim_csrf = csrf_of(&app, &kim).await;
    let (status, form) = get(&kim, app.url(&format!("/self-audits/{id}/draw"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("2 ärenden öppnades under perioden"));
    let (status, _, _) = post(
        &kim,
        app.url(&format!("/self-audits/{id}/draw")),
        &[("csrf", &kim_csrf), ("version", &version), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let drawn = audit(&app).await;
    let candidates: Vec<Candidate> = app
        .store
        .cases_opened(
            unit,
            jiff::civil::date(2026, 3, 1),
            jiff::civil::date(2026, 3, 10),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|c| Candidate {
            case: c.id,
            stratum: c.phase,
        })
        .collect();
    assert_eq!(candidates.len(), 2);
    assert_eq!(
        drawn.state.sample,
        draw_sample(&candidates, 5, planned.state.seed),
        "the draw is reproducible from the recorded seed"
    );

    // The quality lead reads no case through /cases, only through the audit.
    let (status, _) = get(&kim, app.url(&format!("/cases/{}", app.case))).await;
    assert!(!status.is_success(), "{status}");
    let (_, page) = get(&kim, app.url(&format!("/self-audits/{id}"))).await;
    let via_audit = format!("/self-audits/{id}/cases/{}", app.case);
    assert!(page.contains(&via_audit), "the sample links to its cases");
    // The journal is read on the same page (signed entries, read-only).
    let anna_id = app
        .store
        .user_by_username("anna")
        .await
        .unwrap()
        .unwrap()
        .id;
    for case in [app.case, app.protected_case] {
        record(
            &app.store,
            case,
            anna_id,
            TODAY,
            tillit_domain::case::CaseCommand::SignJournalEntry {
                entry: tillit_domain::ItemId::new_random(),
                text: "Hembesök hos familjen, barnet visade sitt rum.".into(),
                corrects: None,
            },
        )
        .await;
    }
    let (status, body) = get(&kim, app.url(&via_audit)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Ella"));
    assert!(body.contains("Du läser akten för egenkontroll EK-1"));
    assert!(body.contains("Hembesök hos familjen, barnet visade sitt rum."));
    let (status, body) = get(
        &kim,
        app.url(&format!("/self-audits/{id}/cases/{}", app.protected_case)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("Hemlig") && !body.contains("20120101-2380"));
    // A protected child's journal may say where they are: withheld.
    assert!(!body.contains("Hembesök hos familjen"));
    assert!(body.contains("Journalen kan ange var barnet finns"));
    // A case outside the sample is not found.
    let other = CaseId::new_random();
    let (status, _) = get(&kim, app.url(&format!("/self-audits/{id}/cases/{other}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let kim_id = app.store.user_by_username("kim").await.unwrap().unwrap().id;
    let log = app
        .store
        .access_log(&AccessLogFilter {
            user: Some(kim_id),
            ..Default::default()
        })
        .await
        .unwrap();
    let read = log
        .iter()
        .find(|e| e.entry.kind == AccessKind::Case && e.entry.case == Some(app.case))
        .expect("the read is logged");
    assert_eq!(read.entry.reason.as_deref(), Some("Egenkontroll EK-1"));
    assert_eq!(read.entry.person, Some(app.child));
    assert_eq!(read.entry.case_unit, Some(unit));

    // The unit manager answers each case file.
    for case in &drawn.state.sample {
        let version = audit(&app).await.version.to_string();
        let case = case.to_string();
        let mut form: Vec<(&str, &str)> = vec![
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("case", case.as_str()),
            ("comment", "Kommuniceringen saknas."),
        ];
        let items = [
            "item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7",
        ];
        for (i, item) in items.iter().enumerate() {
            form.push((item, if i == 4 { "no" } else { "yes" }));
        }
        // One item left out: refused, nothing written.
        let (status, _, _) = post(
            &ulla,
            app.url(&format!("/self-audits/{id}/answer")),
            &form[..form.len() - 1],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _, _) =
            post(&ulla, app.url(&format!("/self-audits/{id}/answer")), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let answered = audit(&app).await;
    assert!(answered.state.unanswered().is_empty());
    assert_eq!(answered.state.results()[4].1, [0, 2, 0]);
    let version = answered.version.to_string();
    let (status, _, _) = post(
        &kim,
        app.url(&format!("/self-audits/{id}/close")),
        &[
            ("csrf", &kim_csrf),
            ("version", &version),
            ("conclusion", "Rutinen för kommunicering gås igenom."),
            ("confirm", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = get(&kim, app.url(&via_audit)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a closed audit opens no case"
    );
}

/// A new record of register `R` with its first entry, checked by the
/// domain and written as `user` (`handles`: as one who handles it).
/// A household of economic assistance in `unit`, with March 2026 applied
/// for and decided.
async fn assistance_record(
    store: &Store,
    by: tillit_domain::UserId,
    unit: tillit_domain::UnitId,
    applicant: PersonId,
) -> tillit_domain::RecordId {
    use tillit_domain::assistance::decision::{Hinder, ItemDecision, Need, NeedKind, Outcome};
    use tillit_domain::assistance::money::{Kronor, YearMonth};
    use tillit_domain::register::assistance::{AssistanceEntry, Household, Member, MemberRole};
    use tillit_domain::register::{Writer, decide};
    let on = jiff::civil::date(2026, 3, 2);
    let month = YearMonth::new(2026, 3).unwrap();
    let w = Writer {
        user: by,
        handles: true,
    };
    let entries = [
        AssistanceEntry::Opened {
            unit,
            applicant: Member {
                person: applicant,
                role: MemberRole::Applicant,
                birth_date: jiff::civil::date(1985, 1, 1),
                gender: tillit_domain::catalog::Gender::Female,
                from: month,
            },
        },
        AssistanceEntry::Applied {
            month,
            received_on: on,
            needs: vec![Need {
                kind: NeedKind::Housing,
                amount: Kronor(6000),
                note: String::new(),
            }],
            norm: None,
            incomes: vec![],
            assets: vec![],
            hinder: vec![(applicant, Hinder::SocialReasons)],
            lunch_at_preschool: vec![],
        },
        AssistanceEntry::Decided {
            month,
            items: vec![ItemDecision {
                kind: NeedKind::Housing,
                applied: Kronor(6000),
                outcome: Outcome::Granted,
                granted: Kronor(6000),
                reason: String::new(),
            }],
            special_rule: false,
            reasoning: String::new(),
            delegate: "3.1".into(),
        },
    ];
    let mut state = Household::default();
    let mut written = Vec::new();
    for e in &entries {
        let (next, w) = decide::<Household>(&state, e, w, on, jiff::Timestamp::now()).unwrap();
        state = next;
        written.push(w);
    }
    let id = tillit_domain::RecordId::new_random();
    store
        .write_records(vec![
            tillit_store::RecordWrite::new::<Household>(id, 0, &Household::default(), &written)
                .unwrap(),
        ])
        .await
        .unwrap();
    id
}

async fn new_record<R: tillit_domain::register::Register>(
    store: &Store,
    entry: R::Entry,
    user: tillit_domain::UserId,
    handles: bool,
) -> tillit_domain::RecordId {
    use tillit_domain::register::{Writer, decide};
    let on = jiff::civil::date(2026, 3, 2);
    let w = Writer { user, handles };
    let (_, written) =
        decide::<R>(&R::State::default(), &entry, w, on, jiff::Timestamp::now()).unwrap();
    let id = tillit_domain::RecordId::new_random();
    store
        .write_records(vec![
            tillit_store::RecordWrite::new::<R>(id, 0, &R::State::default(), &[written]).unwrap(),
        ])
        .await
        .unwrap();
    id
}

/// A contracted HVB in the providers' catalogue, with a daily price: its
/// code.
async fn provider_record(store: &Store) -> String {
    use tillit_domain::economy::Money;
    use tillit_domain::economy::care::{DailyPrice, Provider, ProviderCategory};
    use tillit_domain::economy::structure::Validity;
    let code = "walk1".to_string();
    store
        .save_providers(vec![Provider {
            code: code.clone(),
            name: "HVB Vandringen".into(),
            category: ProviderCategory::ContractedHvb,
            valid: Validity::from(jiff::civil::date(2020, 1, 1)),
            prices: vec![DailyPrice {
                valid: Validity::from(jiff::civil::date(2020, 1, 1)),
                kind: None,
                per_day: Money::kronor(4_200),
            }],
            fees: vec![],
        }])
        .await
        .unwrap();
    code
}
