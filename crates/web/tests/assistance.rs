//! Economic assistance in the browser's place: a caseworker of the unit
//! for economic assistance registers a household, its children, an
//! application with the riksnorm shown item by item, a partly granted
//! decision, a payment and a correction, and downloads the decision
//! letter. Bad input is refused in Swedish with nothing stored; other
//! units get "not found"; a protected member stays masked for a colleague;
//! every view is logged.

#[path = "support/http.rs"]
mod http;

use http::*;
use reqwest::StatusCode;
use tillit_domain::PersonId;
use tillit_domain::person::Person;
use tillit_domain::register::assistance::Household;
use tillit_domain::role::Role;
use tillit_store::{AccessKind, AccessLogFilter, NewUser, Store, StoreConfig};
use tillit_web::{AppState, WebConfig, hash_password};

struct App {
    base: String,
    store: Store,
    _dir: tempfile::TempDir,
}

impl Server for App {
    fn base(&self) -> &str {
        &self.base
    }
}

const TODAY: jiff::civil::Date = jiff::civil::date(2021, 3, 15);

async fn spawn() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let eb = store
        .create_unit("Ekonomiskt bistånd", "ekonomiskt_bistand")
        .await
        .unwrap();
    let barn = store.create_unit("Barn och unga", "barn").await.unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    for (username, name, role, unit) in [
        ("emma", "Emma Handläggare", Role::Caseworker, eb),
        ("erik", "Erik Kollega", Role::Caseworker, eb),
        ("eva", "Eva Enhetschef", Role::UnitManager, eb),
        ("anna", "Anna Barnhandläggare", Role::Caseworker, barn),
    ] {
        store
            .create_user(&NewUser {
                username: username.into(),
                display_name: name.into(),
                role,
                unit: Some(unit),
                password_hash: hash.clone(),
            })
            .await
            .unwrap();
    }
    let state = AppState::new(
        store.clone(),
        WebConfig {
            today_override: Some(TODAY),
            ..WebConfig::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(tillit_web::serve(listener, state));
    App {
        base: format!("http://{addr}"),
        store,
        _dir: dir,
    }
}

/// GET `path`, then POST `form` with the page's CSRF token and version.
async fn submit(
    app: &App,
    c: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (status, page) = get(c, app.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}: {page}");
    let csrf = csrf_in(&page);
    let version = page
        .split("name=\"version\" value=\"")
        .nth(1)
        .map(|s| s[..s.find('"').unwrap()].to_string());
    // What a browser sends besides the typed fields: the form's hidden
    // inputs (the month and the computed norm of an application).
    let form_html = page.rsplit("method=\"post\"").next().unwrap_or_default();
    let hidden: Vec<(String, String)> = form_html
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|s| {
            let name = &s[..s.find('"')?];
            let rest = &s[s.find("value=\"")? + 7..];
            Some((name.to_string(), rest[..rest.find('"')?].to_string()))
        })
        .filter(|(n, _)| n != "csrf" && n != "version" && !form.iter().any(|(k, _)| k == n))
        .collect();
    let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    if let Some(v) = &version {
        all.push(("version", v.as_str()));
    }
    all.extend(hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    all.extend_from_slice(form);
    let action = page
        .split("method=\"post\" action=\"")
        .last()
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .unwrap();
    post(c, app.url(&action), &all).await
}

async fn only_household(app: &App) -> tillit_store::Record<Household> {
    let all = app.store.all_records::<Household>(None).await.unwrap();
    assert_eq!(all.len(), 1);
    all.into_iter().next().unwrap()
}

#[tokio::test]
async fn a_caseworker_takes_a_household_from_application_to_payment_and_letter() {
    let app = spawn().await;
    let emma = logged_in(&app, "emma").await;
    let (status, list) = get(&emma, app.url("/assistance")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Inga ansökningar väntar."));

    // The household with its applicant, a new person.
    let (status, to, _) = submit(
        &app,
        &emma,
        "/assistance/new",
        &[
            ("identity", "19880101-2389"),
            ("given", "Alva"),
            ("family", "Testsson"),
            ("from", "2021-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let home = to.split('?').next().unwrap().to_string();
    // Two children: 5 and 12 years old in March 2021.
    for (number, given) in [("20160102-2385", "Lo"), ("20090101-2385", "Sam")] {
        let (status, _, body) = submit(
            &app,
            &emma,
            &format!("{home}/form/member"),
            &[
                ("identity", number),
                ("given", given),
                ("family", "Testsson"),
                ("role", "barn"),
                ("from", "2021-01"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
    // A child born after today: refused in Swedish, nothing stored.
    let before = only_household(&app).await.version;
    let (status, _, body) = submit(
        &app,
        &emma,
        &format!("{home}/form/member"),
        &[
            ("identity", "20220101-2396"),
            ("given", "Ny"),
            ("family", "Testsson"),
            ("role", "barn"),
            ("from", "2021-03"),
        ],
    )
    .await;
    assert!(status.is_client_error(), "{status}");
    assert!(
        body.contains("value=\"Ny\""),
        "the form keeps what was typed"
    );
    assert_eq!(only_household(&app).await.version, before);
    assert!(
        app.store
            .person_by_identity_number("20220101-2396")
            .await
            .unwrap()
            .is_none()
    );

    // The riksnorm for March 2021, item by item: 3 160 + 2 440 + 3 520 + 1 420.
    let (status, page) = get(&emma, app.url(&format!("{home}/apply?month=2021-03"))).await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        "Personliga kostnader, ensamstående vuxen",
        "3 160 kr",
        "barn 5 år (4–6 år)",
        "2 440 kr",
        "barn 12 år (11–14 år)",
        "3 520 kr",
        "Gemensamma hushållskostnader, 3 personer",
        "1 420 kr",
        "10 540 kr",
        "SFS 2020:1013",
    ] {
        assert!(page.contains(line), "{line:?} not on the page");
    }
    // A negative income: refused beside the field, nothing stored.
    let form = |salary: &'static str| {
        vec![
            ("received_on", "2021-03-02"),
            ("need_boende", "7 900"),
            ("need_hushallsel", "350"),
            ("inc_a_barnbidrag", "2500"),
            ("inc_a_lon", salary),
            ("hinder_a", "arbetslos_utan_ersattning"),
        ]
    };
    let apply = format!("{home}/apply?month=2021-03");
    let (status, _, body) = submit(&app, &emma, &apply, &form("-500")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Beloppet kan inte vara negativt"), "{body}");
    assert!(body.contains("value=\"-500\""));
    assert!(only_household(&app).await.state.applications.is_empty());
    let (status, _, body) = submit(&app, &emma, &apply, &form("")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    // The month applied for twice.
    let (status, _, body) = submit(&app, &emma, &apply, &form("")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Det finns redan en ansökan för mars 2021"),
        "{body}"
    );

    // The worklist shows it waiting.
    let (_, list) = get(&emma, app.url("/assistance")).await;
    assert!(list.contains("mars 2021") && list.contains("Alva Testsson"));

    // Partly granted housing with a reason.
    let decide = format!("{home}/decide/2021-03");
    let decision = [
        ("out_riksnorm", "bifall"),
        ("out_boende", "delvis"),
        ("gr_boende", "7 200"),
        ("why_boende", "Skälig hyra för tre personer är 7 200 kr."),
        ("out_hushallsel", "bifall"),
        ("reasoning", "Hyran är högre än riktlinjen."),
        ("delegate", "Delegationsordning 3.1"),
    ];
    let mut without_reason = decision.to_vec();
    without_reason.retain(|(k, _)| *k != "why_boende");
    let (status, _, body) = submit(&app, &emma, &decide, &without_reason).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("skriv skälen"), "{body}");
    let (status, _, body) = submit(&app, &emma, &decide, &decision).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let h = only_household(&app).await;
    let a =
        &h.state.applications[&tillit_domain::assistance::money::YearMonth::new(2021, 3).unwrap()];
    // 10 540 + 7 200 + 350 − 2 500.
    assert_eq!(a.decision.as_ref().unwrap().sum.payable.0, 15_590);

    // The payment, then a correction as a new entry.
    let pay = format!("{home}/pay/2021-03");
    let (status, _, body) = submit(
        &app,
        &emma,
        &pay,
        &[
            ("amount", "15590"),
            ("paid_on", "2021-03-15"),
            ("to", "Sökande"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (status, _, body) = submit(
        &app,
        &emma,
        &pay,
        &[
            ("amount", "-590"),
            ("paid_on", "2021-03-15"),
            ("to", "Sökande"),
            ("corrects", "1"),
            ("note", "Elkostnaden var fel"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, page) = get(&emma, app.url(&home)).await;
    assert!(page.contains("Utbetalning 1: 15 590 kr till Sökande"));
    assert!(page.contains("Rättelse 2 av utbetalning 1: -590 kr"));

    // The decision letter.
    let r = emma
        .get(app.url(&format!("{home}/letter/2021-03")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    // Every view of the household is logged, one row per member.
    let applicant = app
        .store
        .person_by_identity_number("19880101-2389")
        .await
        .unwrap()
        .unwrap();
    let log = app
        .store
        .access_log(&AccessLogFilter {
            person: Some(applicant.id),
            kinds: vec![AccessKind::Register],
            ..AccessLogFilter::default()
        })
        .await
        .unwrap();
    assert!(log.len() >= 3, "{}", log.len());
}

#[tokio::test]
async fn other_units_get_not_found_and_a_protected_member_stays_masked() {
    let app = spawn().await;
    let emma = logged_in(&app, "emma").await;
    let (_, to, _) = submit(
        &app,
        &emma,
        "/assistance/new",
        &[
            ("identity", "19880101-2389"),
            ("given", "Alva"),
            ("family", "Testsson"),
            ("from", "2021-01"),
        ],
    )
    .await;
    let home = to.split('?').next().unwrap().to_string();
    let (status, _, body) = submit(
        &app,
        &emma,
        &format!("{home}/form/member"),
        &[
            ("identity", "19900101-2385"),
            ("given", "Hemlig"),
            ("family", "Skyddsson"),
            ("protected", "1"),
            ("role", "annan_vuxen"),
            ("from", "2021-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, page) = get(&emma, app.url(&home)).await;
    assert!(
        page.contains("Hemlig Skyddsson"),
        "the household's caseworker sees"
    );
    let erik = logged_in(&app, "erik").await;
    let (status, page) = get(&erik, app.url(&home)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Hemlig") && !page.contains("19900101-2385"));
    assert!(page.contains("Skyddad identitet"));
    let eva = logged_in(&app, "eva").await;
    let (_, page) = get(&eva, app.url(&home)).await;
    assert!(page.contains("Hemlig Skyddsson"), "the unit manager sees");
    let anna = logged_in(&app, "anna").await;
    for path in [
        home.clone(),
        format!("{home}/apply"),
        "/assistance/new".into(),
    ] {
        let (status, _) = get(&anna, app.url(&path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, page) = get(&anna, app.url("/assistance")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Din enhet handlägger inte ekonomiskt bistånd"));
    let _: Option<Person> = None;
    let _ = PersonId::new_random();
}

#[tokio::test]
async fn the_key_figures_and_the_monthly_extract_come_from_the_records() {
    let app = spawn().await;
    let emma = logged_in(&app, "emma").await;
    let (_, to, _) = submit(
        &app,
        &emma,
        "/assistance/new",
        &[
            ("identity", "19880101-2389"),
            ("given", "Alva"),
            ("family", "Testsson"),
            ("from", "2021-01"),
        ],
    )
    .await;
    let home = to.split('?').next().unwrap().to_string();
    let (status, _, body) = submit(
        &app,
        &emma,
        &format!("{home}/apply?month=2021-02"),
        &[
            ("received_on", "2021-02-01"),
            ("need_boende", "6000"),
            ("hinder_a", "sociala_skal"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (status, _, body) = submit(
        &app,
        &emma,
        &format!("{home}/decide/2021-02"),
        &[
            ("out_riksnorm", "bifall"),
            ("out_boende", "bifall"),
            ("delegate", "3.1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    // Norm 2021 for one adult: 3 160 + 1 020 = 4 180, plus 6 000.
    let (status, _, body) = submit(
        &app,
        &emma,
        &format!("{home}/pay/2021-02"),
        &[
            ("amount", "10180"),
            ("paid_on", "2021-02-05"),
            ("to", "Sökande"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    // The unit manager: exact figures.
    let eva = logged_in(&app, "eva").await;
    let (status, page) = get(&eva, app.url("/assistance/figures?period=2021")).await;
    assert_eq!(status, StatusCode::OK);
    let row = |label: &str| {
        let i = page
            .find(label)
            .unwrap_or_else(|| panic!("{label} missing"));
        let cell = &page[i..];
        let j = cell.find("class=\"num\">").unwrap() + 12;
        cell[j..j + cell[j..].find('<').unwrap()].to_string()
    };
    assert_eq!(row("Antal hushåll som förekommit minst en gång"), "1");
    assert_eq!(row("Antal biståndsmånader under perioden"), "1");
    assert_eq!(
        row("Genomsnittligt bistånd per hushåll och månad"),
        "10 180 kr"
    );
    // The extract of February 2021.
    let r = eva
        .get(app.url("/assistance/extract?month=2021-02"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "manad;hushall;belopp;hushallstyp;antal_barn;forsorjningshinder_sokande;forsorjningshinder_medsokande"
    );
    assert_eq!(
        lines[1],
        "202102;EB-1;10180;ensam_kvinna_utan_barn;0;sociala_skal;"
    );
    assert_eq!(lines.len(), 2);
    // A caseworker has no key figures.
    let (status, _) = get(&emma, app.url("/assistance/figures")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The riksnorm of 2021 as SFS 2020:1013 prints it, as the form's fields
/// (test data for a year not shipped: the amounts are 2021's).
fn riksnorm_form(year: &str) -> Vec<(&'static str, String)> {
    let mut f = vec![("year", year.to_string())];
    let child = [
        "2 180", "2 440", "2 170", "2 440", "3 060", "3 520", "3 970", "4 000",
    ];
    let names = [
        "child_0",
        "child_1_2",
        "child_3",
        "child_4_6",
        "child_7_10",
        "child_11_14",
        "child_15_18",
        "child_19_20",
    ];
    f.extend(names.iter().zip(child).map(|(n, v)| (*n, v.to_string())));
    let lunch = ["2 050", "2 240", "1 990", "2 170"];
    let names = ["lunch_0", "lunch_1_2", "lunch_3", "lunch_4_6"];
    f.extend(names.iter().zip(lunch).map(|(n, v)| (*n, v.to_string())));
    f.push(("single", "3 160".into()));
    f.push(("cohabiting", "5 700 kr".into()));
    let common = [
        "1 020", "1 130", "1 420", "1 610", "1 860", "2 100", "2 270",
    ];
    let names = [
        "common_1", "common_2", "common_3", "common_4", "common_5", "common_6", "common_7",
    ];
    f.extend(names.iter().zip(common).map(|(n, v)| (*n, v.to_string())));
    f.push((
        "source",
        "Testkälla: 2021 års belopp (SFS 2020:1013)".into(),
    ));
    f.push(("source_url", String::new()));
    f
}

fn as_pairs<'a>(
    f: &'a [(&'static str, String)],
    extra: &[(&'static str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut v: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    v.extend_from_slice(extra);
    v
}

#[tokio::test]
async fn the_administrator_enters_a_years_riksnorm_and_an_application_uses_it() {
    let app = spawn().await;
    app.store
        .create_user(&NewUser {
            username: "sam".into(),
            display_name: "Sam Systemförvaltare".into(),
            role: Role::SystemAdministrator,
            unit: None,
            password_hash: hash_password(PASSWORD).unwrap(),
        })
        .await
        .unwrap();
    let sam = logged_in(&app, "sam").await;
    let emma = logged_in(&app, "emma").await;
    let url = app.url("/admin/riksnorm");

    // Not for a caseworker: forbidden by the permission model.
    let (status, _) = get(&emma, url.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let csrf = csrf_of(&app, &emma).await;
    let mut form = riksnorm_form("2020");
    let (status, _, _) = post(
        &emma,
        url.clone(),
        &as_pairs(&form, &[("csrf", &csrf), ("step", "save")]),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(app.store.riksnorm_versions().await.unwrap().is_empty());

    // The household, applying for March 2020: no table yet.
    let (status, to, _) = submit(
        &app,
        &emma,
        "/assistance/new",
        &[
            ("identity", "19880101-2389"),
            ("given", "Alva"),
            ("family", "Testsson"),
            ("from", "2020-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let home = to.split('?').next().unwrap().to_string();
    let apply = format!("{home}/apply?month=2020-03");
    let (_, page) = get(&emma, app.url(&apply)).await;
    assert!(
        page.contains("Riksnormen för 2020 finns inte i Tillit"),
        "{page}"
    );

    // The administrator's form: bad input, every error at once, what was
    // typed kept, nothing stored.
    let (status, page) = get(&sam, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Lägg in riksnormen för ett år"));
    let csrf = csrf_in(&page);
    for (k, v) in form.iter_mut() {
        match *k {
            "child_3" => *v = "tvåtusen".into(),
            "lunch_0" => *v = "9 999".into(),
            "common_5" => *v = "-1".into(),
            "source" => *v = String::new(),
            _ => {}
        }
    }
    let (status, _, body) = post(
        &sam,
        url.clone(),
        &as_pairs(&form, &[("csrf", &csrf), ("step", "review")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = body
        .split("error-summary-title")
        .nth(2)
        .unwrap_or_else(|| panic!("{body}"));
    let summary = &summary[..summary.find("</ul>").unwrap()];
    assert_eq!(summary.matches("<li>").count(), 4, "{summary}");
    for text in [
        "Barn 3 år:",
        "Barn under 1 år, ej lunch",
        "5 personer",
        "Källa:",
    ] {
        assert!(summary.contains(text), "{text}: {summary}");
    }
    assert!(body.contains("value=\"tvåtusen\"") && body.contains("value=\"9 999\""));
    assert!(
        body.contains("value=\"5 700 kr\""),
        "the other fields keep their values"
    );
    // A year shipped in code is refused.
    let shipped = riksnorm_form("2021");
    let (status, _, body) = post(
        &sam,
        url.clone(),
        &as_pairs(&shipped, &[("csrf", &csrf), ("step", "review")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Riksnormen för 2021 finns redan i Tillit"),
        "{body}"
    );

    // Well-formed: the table for review, still nothing stored.
    let form = riksnorm_form("2020");
    let (status, _, review) = post(
        &sam,
        url.clone(),
        &as_pairs(&form, &[("csrf", &csrf), ("step", "review")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{review}");
    assert!(review.contains("Granska riksnormen för 2020"));
    assert!(review.contains("5 700 kr") && review.contains("Varje person utöver 7"));
    assert!(app.store.riksnorm_versions().await.unwrap().is_empty());
    // Saved from the review's own hidden fields.
    let hidden: Vec<(String, String)> = review
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|s| {
            let name = s[..s.find('"').unwrap()].to_string();
            let rest = &s[s.find("value=\"").unwrap() + 7..];
            (name, rest[..rest.find('"').unwrap()].to_string())
        })
        .filter(|(n, _)| n != "csrf")
        .collect();
    let mut save: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    save.extend([("csrf", csrf.as_str()), ("step", "save")]);
    let (status, to, _) = post(&sam, url.clone(), &save).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(to, "/admin/riksnorm?saved=2020");
    let versions = app.store.riksnorm_versions().await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].table.single_adult, 3160);
    assert_eq!(versions[0].table.cohabiting_adults, 5700);
    let (_, page) = get(&sam, app.url(&to)).await;
    assert!(page.contains("Sam Systemförvaltare") && page.contains("Testkälla"));
    // Entering the same year again is refused: it is corrected instead.
    let (status, _, body) = post(&sam, url.clone(), &save).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("är redan inlagd (version 1)"), "{body}");
    let log = app
        .store
        .access_log(&AccessLogFilter::default())
        .await
        .unwrap();
    assert!(log.iter().any(|e| e.entry.kind == AccessKind::Admin
        && e.entry.detail.as_deref() == Some("lade in riksnormen för 2020 (version 1)")));

    // The application for March 2020 computes with it and names it:
    // 3 160 + 1 020 = 4 180.
    let (_, page) = get(&emma, app.url(&apply)).await;
    assert!(!page.contains("finns inte i Tillit"), "{page}");
    assert!(page.contains("4 180 kr"), "{page}");
    assert!(page.contains("Testkälla: 2021 års belopp"));
    assert!(page.contains("inlagd av systemförvaltaren, version 1"));
    let (status, _, body) = submit(
        &app,
        &emma,
        &apply,
        &[
            ("received_on", "2021-03-02"),
            ("hinder_a", "arbetslos_utan_ersattning"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let h = only_household(&app).await;
    let a =
        &h.state.applications[&tillit_domain::assistance::money::YearMonth::new(2020, 3).unwrap()];
    assert_eq!(a.norm.map(|k| k.0), Some(4_180));
    assert_eq!(a.needs[0].note, "Inlagd riksnorm 2020, version 1");

    // A correction: the year fixed, a note required, the old version kept.
    let (_, page) = get(&sam, app.url("/admin/riksnorm?year=2020")).await;
    assert!(page.contains("Rätta riksnormen för 2020 (version 1)"));
    assert!(page.contains("value=\"3160\""), "prefilled from version 1");
    let mut fix = riksnorm_form("2020");
    for (k, v) in fix.iter_mut() {
        if *k == "single" {
            *v = "3 170".into();
        }
    }
    let (status, _, body) = post(
        &sam,
        url.clone(),
        &as_pairs(
            &fix,
            &[("csrf", &csrf), ("corrects", "1"), ("step", "save")],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("skriv vad som rättas och varför"), "{body}");
    let (status, _, body) = post(
        &sam,
        url.clone(),
        &as_pairs(
            &fix,
            &[
                ("csrf", &csrf),
                ("corrects", "1"),
                ("note", "Ensamstående rättad"),
                ("step", "save"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    // The same correction again, made on version 1: someone else was first.
    let (status, _, body) = post(
        &sam,
        url.clone(),
        &as_pairs(
            &fix,
            &[
                ("csrf", &csrf),
                ("corrects", "1"),
                ("note", "igen"),
                ("step", "save"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let versions = app.store.riksnorm_versions().await.unwrap();
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.version, v.table.single_adult))
            .collect::<Vec<_>>(),
        vec![(1, 3160), (2, 3170)]
    );
    assert_eq!(versions[1].note, "Ensamstående rättad");
    let (_, page) = get(&sam, url.clone()).await;
    assert!(page.contains("Ersatt av en senare version") && page.contains("Ensamstående rättad"));
    let (_, page) = get(&emma, app.url(&format!("{home}/apply?month=2020-04"))).await;
    assert!(
        page.contains("4 190 kr") && page.contains("version 2"),
        "{page}"
    );
}
