//! Black-box tests of the follow-up pages: a small demo municipality in a
//! fresh SQLite store, the real server on a random port, driven over HTTP.
//!
//! - a unit manager opens last year's verksamhetsberättelse on screen and
//!   downloads it as PDF, Excel and CSV: the right content types, and the
//!   workbook (read with calamine) has the same aktualiseringar figure as
//!   the page;
//! - the goal forms refuse bad input with a Swedish message beside the
//!   field, keep every typed value, and store nothing;
//! - a manager changes an indicator's targets, removes an indicator or an
//!   activity (confirmed, kept in the history) and carries the goals over to
//!   the next plan period (once); an analyst gets none of these;
//! - an analyst sees published figures (small cells hidden) where the
//!   manager sees exact ones;
//! - a caseworker is refused every follow-up page;
//! - manual values are entered with who and when, and the exports download.

#[path = "support/http.rs"]
mod http;

use http::*;
use jiff::civil::{Date, date};
use reqwest::StatusCode;
use tillit_app::demo::Quiet;
use tillit_demo::{DemoConfig, DemoData};
use tillit_domain::UnitId;
use tillit_domain::goal::{Direction, GoalLevel, IndicatorSource, PlanPeriod};
use tillit_followup::{Breakdown, Filter, Period, compute, computed_indicators};
use tillit_store::{NewGoal, Stamp, Store, StoreConfig};
use tillit_web::{AppState, WebConfig};

const TODAY: Date = date(2026, 3, 10);
/// The demo's intake unit, where most reports arrive; `maria` manages it.
const INTAKE: UnitId = UnitId(1);

struct App {
    base: String,
    store: Store,
    data: DemoData,
    _dir: tempfile::TempDir,
}

impl Server for App {
    fn base(&self) -> &str {
        &self.base
    }
}

impl App {
    fn user(&self, name: &str) -> tillit_domain::UserId {
        self.data.user(name).expect("demo user").id
    }
}

/// A small demo municipality (two years of history ending [`TODAY`]) in a
/// fresh store, served on a random port.
async fn spawn() -> App {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let data = tillit_demo::generate(
        &DemoConfig {
            seed: 11,
            end: TODAY,
            years: 2,
            reports_per_year: 500,
        },
        &mut |_, _| {},
    );
    tillit_app::demo::load(&store, &data, PASSWORD, None, &mut Quiet)
        .await
        .unwrap();
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
        data,
        _dir: dir,
    }
}

/// Text with its spaces (no-break ones included) folded.
fn norm(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"")
}

/// The cells (as text) of the row whose header is `label` in the HTML table
/// starting at `table` (a unique opening tag or attribute).
fn html_row(html: &str, table: &str, label: &str) -> Vec<String> {
    let start = html
        .find(table)
        .unwrap_or_else(|| panic!("no table {table} in the page"));
    let end = start + html[start..].find("</table>").unwrap();
    html[start..end]
        .split("<tr>")
        .skip(1)
        .map(|tr| {
            let mut cells = Vec::new();
            let mut rest = tr;
            while let Some(open) = rest.find("<t") {
                let tag = &rest[open + 1..];
                let close = if tag.starts_with("td") {
                    "</td>"
                } else if tag.starts_with("th") {
                    "</th>"
                } else {
                    rest = &rest[open + 2..];
                    continue;
                };
                let content_start = open + rest[open..].find('>').unwrap() + 1;
                let content_end = content_start + rest[content_start..].find(close).unwrap();
                cells.push(norm(&strip_tags(&rest[content_start..content_end])));
                rest = &rest[content_end + close.len()..];
            }
            cells
        })
        .find(|cells| cells.first().map(String::as_str) == Some(label))
        .unwrap_or_else(|| panic!("no row {label} in {table}"))
}

/// A Swedish figure as printed (`1 929`, `85,3 %`) as a number.
fn number(s: &str) -> f64 {
    let t: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '-')
        .collect();
    t.replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s}"))
}

fn xlsx_rows(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("the workbook opens");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r.rows().map(|row| row.to_vec()).collect())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_opens_last_years_verksamhetsberattelse_and_downloads_it() {
    let app = spawn().await;
    let maria = logged_in(&app, "maria").await;

    // On screen: exact values, labelled so.
    let (status, page) = get(
        &maria,
        app.url("/reports?kind=verksamhetsberattelse&year=2025"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Verksamhetsberättelse 2025"));
    assert!(page.contains("Exakta värden på skärmen"), "labelled exact");
    assert!(page.contains("Mottagningen"), "the manager's own unit");
    let row = html_row(&page, "<table id=\"tabell-nyckeltal\"", "Aktualiseringar");
    let on_screen = number(&row[1]);
    assert!(
        on_screen > 100.0,
        "a year of reports at the intake: {row:?}"
    );

    // The figure is the indicator's value for the unit and the year.
    let facts = tillit_app::facts_cache::load_facts(&app.store, TODAY)
        .await
        .unwrap();
    let year = Period::year(2025).unwrap();
    let t = compute(
        &facts,
        tillit_followup::IndicatorId::Aktualiseringar,
        &year,
        Breakdown::Gender,
        &Filter::unit(INTAKE),
    )
    .unwrap();
    assert_eq!(t.total.number, Some(on_screen));

    let download = |format: &str| {
        app.url(&format!(
            "/reports/download?kind=verksamhetsberattelse&year=2025&format={format}"
        ))
    };
    // PDF.
    let r = maria.get(download("pdf")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"verksamhetsberattelse-2025.pdf\""
    );
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF file");

    // Excel: opens, and has the same figure as a number.
    let r = maria.get(download("xlsx")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("verksamhetsberattelse-2025.xlsx")
    );
    let sheets = xlsx_rows(&r.bytes().await.unwrap());
    // The key-figure table's row: the label, then the year's outcome as a
    // number (not text).
    let in_excel = sheets
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .filter(
            |row| matches!(row.first(), Some(calamine::Data::String(s)) if s == "Aktualiseringar"),
        )
        .find_map(|row| match row.get(1) {
            Some(calamine::Data::Float(f)) => Some(*f),
            Some(calamine::Data::Int(i)) => Some(*i as f64),
            _ => None,
        })
        .expect("the aktualiseringar row with a number");
    assert_eq!(in_excel, on_screen, "one figure, one value");

    // CSV: UTF-8 with a byte-order mark, semicolons.
    let r = maria.get(download("csv")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = r.bytes().await.unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(csv.to_vec()).unwrap();
    // Section; table caption; row; then the row's cells.
    let fields: Vec<&str> = text
        .lines()
        .map(|l| l.split(';').collect::<Vec<_>>())
        .find(|f| f.first() == Some(&"Nyckeltal") && f.get(2) == Some(&"Aktualiseringar"))
        .expect("the key figures' aktualiseringar line");
    assert_eq!(number(fields[3]), on_screen);

    // Without a format or a kind: refused with a message, not a file.
    let (status, page) = get(
        &maria,
        app.url("/reports/download?kind=verksamhetsberattelse"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Välj ett format"));
    let (status, page) = get(
        &maria,
        app.url("/reports/download?kind=delarsrapport&year=2025&format=pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("ange --period T1 eller T2") || page.contains("T1"),
        "{page}"
    );
}

/// The shared goals of a plan period: KF inriktningsmål -> KF-mål -> nämndmål.
async fn shared_goals(app: &App) -> tillit_domain::goal::GoalId {
    let at = Stamp::new(app.user("sofia"), jiff::Timestamp::now());
    let plan = PlanPeriod::new(2025, 2026).unwrap();
    let goal = |level: &str, parent, title: &str| NewGoal {
        level: GoalLevel::from_code(level).unwrap(),
        parent,
        plan,
        unit: None,
        perspective: None,
        title: title.into(),
        description: String::new(),
        expected_result: String::new(),
    };
    let kf = app
        .store
        .add_goal(&goal("kf_inriktningsmal", None, "En trygg kommun"), at)
        .await
        .unwrap();
    let km = app
        .store
        .add_goal(&goal("kf_mal", Some(kf), "Stöd i tid"), at)
        .await
        .unwrap();
    app.store
        .add_goal(
            &goal("namndmal", Some(km), "Barn och unga får stöd i tid"),
            at,
        )
        .await
        .unwrap()
}

/// An enhetsmål of the intake unit (Maria's) under `parent`.
async fn intake_goal(
    app: &App,
    parent: tillit_domain::goal::GoalId,
) -> tillit_domain::goal::GoalId {
    app.store
        .add_goal(
            &NewGoal {
                level: GoalLevel::Enhetsmal,
                parent: Some(parent),
                plan: PlanPeriod::new(2025, 2026).unwrap(),
                unit: Some(INTAKE),
                perspective: None,
                title: "Förhandsbedömningar i tid på mottagningen".into(),
                description: String::new(),
                expected_result: String::new(),
            },
            Stamp::new(app.user("maria"), jiff::Timestamp::now()),
        )
        .await
        .unwrap()
}

async fn post_form(
    c: &Client,
    app: &App,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let (status, _, page) = post(c, app.url(path), form).await;
    (status, page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goal_forms_refuse_bad_input_in_swedish_keep_values_and_store_nothing() {
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    let maria = logged_in(&app, "maria").await;
    let (status, page) = get(
        &maria,
        app.url(&format!("/goals/form?form=add-goal&goal={nm}&year=2025")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Nytt mål: Enhetsmål"), "the child's level");
    let csrf = csrf_in(&page);
    let nm_text = nm.to_string();
    let goals_before = app.store.goal_records().await.unwrap().goals.len();

    // No title: refused beside the field, the rest kept.
    let (status, page) = post_form(
        &maria,
        &app,
        "/goals/form",
        &[
            ("csrf", &csrf),
            ("form", "add-goal"),
            ("year", "2025"),
            ("parent", &nm_text),
            ("title", "  "),
            ("description", "Vår beskrivning av målet"),
            ("expected_result", "Alla förhandsbedömningar i tid"),
            ("plan", "2025-2026"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Målet måste ha en rubrik."),
        "Swedish message"
    );
    assert!(page.contains("id=\"f-title-error\""), "beside the field");
    assert!(page.contains("Vår beskrivning av målet"), "typed text kept");
    assert!(page.contains("Alla förhandsbedömningar i tid"));
    assert!(page.contains("Fel: "), "the title says the page has errors");

    // A plan period backwards.
    let (status, page) = post_form(
        &maria,
        &app,
        "/goals/form",
        &[
            ("csrf", &csrf),
            ("form", "add-goal"),
            ("year", "2025"),
            ("parent", &nm_text),
            ("title", "Förhandsbedömningar i tid"),
            ("plan", "2026-2025"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Ange planperioden som ett år eller ett årsintervall"));
    assert!(
        page.contains("value=\"Förhandsbedömningar i tid\""),
        "title kept"
    );
    assert!(page.contains("value=\"2026-2025\""), "the wrong value kept");

    // The nämndmål is above the unit: the analyst's (a unit manager gets
    // "not found", see an_analyst_changes_the_shared_goals...). Her forms
    // refuse bad input the same way.
    let sofia = logged_in(&app, "sofia").await;
    let (_, home) = get(&sofia, app.url("/")).await;
    let sofia_csrf = csrf_in(&home);
    // A status without an analysis.
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "assess"),
            ("year", "2025"),
            ("goal", &nm_text),
            ("period", "2025"),
            ("status", "delvis_uppfyllt"),
            ("analysis", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("måste ha en analys"), "{page}");
    assert!(
        page.contains("value=\"delvis_uppfyllt\" checked"),
        "choice kept"
    );

    // A share target over 100 %.
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "indicator"),
            ("year", "2025"),
            ("goal", &nm_text),
            ("indicator", "computed:forhandsbedomning_inom_14_dagar"),
            ("annual_target", "120"),
            ("council_target", "tas fram av nämnd"),
            ("direction", "higher"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("ligger utanför 0-100 %"), "{page}");
    assert!(page.contains("id=\"f-annual-target-error\""));
    assert!(page.contains("value=\"tas fram av nämnd\""));

    // An activity that ends before it starts, and a date that does not exist.
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "activity"),
            ("year", "2025"),
            ("goal", &nm_text),
            ("title", "Införa rutin för allvarssamtal"),
            ("start", "2025-06-01"),
            ("end", "2025-02-30"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("finns inte i kalendern"), "{page}");
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "activity"),
            ("year", "2025"),
            ("goal", &nm_text),
            ("title", "Införa rutin för allvarssamtal"),
            ("start", "2025-06-01"),
            ("end", "2025-02-01"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("slutar (2025-02-01) före sin start (2025-06-01)"),
        "{page}"
    );

    // Nothing was stored by any of them.
    let r = app.store.goal_records().await.unwrap();
    assert_eq!(r.goals.len(), goals_before);
    assert!(r.indicators.is_empty() && r.activities.is_empty() && r.assessments.is_empty());

    // Right, it is stored: an enhetsmål of the manager's unit, then its status.
    let r = maria
        .post(app.url("/goals/form"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("form", "add-goal"),
            ("year", "2025"),
            ("parent", &nm_text),
            ("title", "Förhandsbedömningar inom 14 dagar"),
            ("plan", "2025-2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let records = app.store.goal_records().await.unwrap();
    let added = records
        .goals
        .iter()
        .find(|g| g.title == "Förhandsbedömningar inom 14 dagar")
        .unwrap();
    assert_eq!(added.level.code(), "enhetsmal");
    assert_eq!(added.unit, Some(INTAKE));
    assert_eq!(added.parent, Some(nm));
    let added_id = added.id.to_string();
    let added_goal = added.id;
    let (status, _) = post_form(
        &maria,
        &app,
        "/goals/form",
        &[
            ("csrf", &csrf),
            ("form", "assess"),
            ("year", "2025"),
            ("goal", &added_id),
            ("period", "2025"),
            ("status", "uppfyllt"),
            ("analysis", "Målet nås."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Förhandsbedömningar inom 14 dagar"));
    assert!(
        page.contains("Bedömd av Maria Sandell"),
        "who set the status"
    );
    assert!(page.contains("Målet nås."));

    // Ending a goal: never before its plan period has started, never deleted.
    let (status, page) = post_form(
        &maria,
        &app,
        "/goals/form",
        &[
            ("csrf", &csrf),
            ("form", "drop"),
            ("year", "2025"),
            ("goal", &added_id),
            ("dropped_in", "2025"),
            ("reason", "Ersätts av ett nytt mål"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("måste komma efter"), "{page}");
    assert!(page.contains("Ersätts av ett nytt mål"), "reason kept");
    let (status, _) = post_form(
        &maria,
        &app,
        "/goals/form",
        &[
            ("csrf", &csrf),
            ("form", "drop"),
            ("year", "2025"),
            ("goal", &added_id),
            ("dropped_in", "2026"),
            ("reason", "Ersätts av ett nytt mål"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let records = app.store.goal_records().await.unwrap();
    let g = records.goal(added_goal).expect("kept");
    assert_eq!(g.dropped.as_ref().unwrap().dropped_in.first_year(), 2026);
    let (_, y2025) = get(&maria, app.url("/goals?year=2025")).await;
    let (_, y2026) = get(&maria, app.url("/goals?year=2026")).await;
    assert!(
        y2025.contains("Förhandsbedömningar inom 14 dagar"),
        "followed in 2025"
    );
    assert!(
        !y2026.contains("Förhandsbedömningar inom 14 dagar"),
        "not from 2026"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_sees_published_figures_where_the_manager_sees_exact_ones() {
    let app = spawn().await;
    let facts = tillit_app::facts_cache::load_facts(&app.store, TODAY)
        .await
        .unwrap();
    // A month of last year where some gender cell of some indicator rests
    // on 1-4 persons at the intake unit.
    let mut found = None;
    'search: for month in 1..=12u8 {
        let p = Period::month(2025, month).unwrap();
        for ind in computed_indicators() {
            let t = compute(&facts, ind.id, &p, Breakdown::Gender, &Filter::unit(INTAKE)).unwrap();
            if t.cells.iter().any(|c| (1..5).contains(&c.value.persons)) {
                found = Some((month, ind.code()));
                break 'search;
            }
        }
    }
    let (month, code) = found.expect("a small cell somewhere");
    let url = app.url(&format!(
        "/followup?unit={}&year=2025&part=M{month:02}",
        INTAKE.0
    ));
    let table = format!("data-indicator=\"{code}\"");

    let sofia = logged_in(&app, "sofia").await;
    let (status, page) = get(&sofia, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Publicerade värden"), "labelled published");
    assert!(!page.contains("Exakta värden"));
    let start = page.find(&table).unwrap();
    let body = &page[start..start + page[start..].find("</table>").unwrap()];
    assert!(body.contains(">..<"), "a hidden cell in {code}: {body}");

    // The unit's manager sees the same table exactly.
    let maria = logged_in(&app, "maria").await;
    let (status, page) = get(&maria, url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Exakta värden"));
    let start = page.find(&table).unwrap();
    let body = &page[start..start + page[start..].find("</table>").unwrap()];
    assert!(
        !body.contains(">..<"),
        "nothing hidden for the manager: {body}"
    );

    // Downloads are published for everyone, the manager included.
    let r = maria
        .get(app.url("/exports/kolada?year=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/json");
    let json: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    let values = json["values"].as_array().unwrap();
    assert!(values.iter().any(|v| v["kpi"] == "aktualiseringar"));
    for v in values {
        for g in v["values"].as_array().unwrap() {
            assert!(["T", "K", "M"].contains(&g["gender"].as_str().unwrap()));
            if g["status"] == "suppressed" || g["status"] == "missing" {
                assert!(g["value"].is_null(), "hidden or missing is never a number");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_gets_forbidden_on_every_followup_page() {
    let app = spawn().await;
    let anna = logged_in(&app, "anna").await;
    let (_, home) = get(&anna, app.url("/")).await;
    let csrf = csrf_in(&home);
    for path in [
        "/followup",
        "/followup/indicator?id=aktualiseringar",
        "/goals",
        "/goals/form",
        "/manual",
        "/reports",
        "/reports?kind=verksamhetsberattelse&year=2025",
        "/reports/download?kind=verksamhetsberattelse&year=2025&format=pdf",
        "/exports/nuso?period=2025&format=csv",
        "/exports/kolada?year=2025",
    ] {
        let (status, _) = get(&anna, app.url(path)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in ["/goals/form", "/manual", "/reports/texts"] {
        let (status, _) =
            post_form(&anna, &app, path, &[("csrf", &csrf), ("form", "add-goal")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "POST {path}");
    }
    assert!(
        !home.contains("href=\"/followup\""),
        "no follow-up in the menu"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_values_keep_who_and_when_and_the_nuso_extract_downloads() {
    let app = spawn().await;
    let maria = logged_in(&app, "maria").await;
    let (status, page) = get(&maria, app.url("/manual?series=sjukfranvaro")).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = csrf_in(&page);

    // Not a number: refused, kept, nothing stored.
    let (status, page) = post_form(
        &maria,
        &app,
        "/manual",
        &[
            ("csrf", &csrf),
            ("series", "sjukfranvaro"),
            ("period", "2025"),
            ("value_total", "fem och en halv"),
            ("value_male", "4,2"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("är inget tal"), "{page}");
    assert!(page.contains("value=\"fem och en halv\""));
    assert!(page.contains("value=\"4,2\""));
    assert!(app.store.manual_values().await.unwrap().is_empty());

    // An estimate, then the real figure; a missing figure is not 0.
    for (value, estimate) in [("5,9", "1"), ("5,5", "")] {
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("series", "sjukfranvaro"),
            ("period", "2025"),
            ("value_total", value),
            ("value_female", "uppgift saknas"),
        ];
        if !estimate.is_empty() {
            form.push(("estimate_total", estimate));
        }
        let (status, _) = post_form(&maria, &app, "/manual", &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let all = app.store.manual_values().await.unwrap();
    assert_eq!(all.len(), 4, "superseded values are kept");
    assert!(all.iter().all(|v| v.unit == Some(INTAKE)));
    assert!(
        all.iter().any(|v| v.value.is_none()),
        "missing stays missing"
    );
    let (status, page) = get(&maria, app.url("/manual?series=sjukfranvaro")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Maria Sandell"), "who entered it");
    assert!(page.contains("5,50"), "the current value");
    assert!(page.contains("Tidigare införda värden"), "the history");
    assert!(page.contains("uppskattat"), "the estimate is marked");

    // The NUSO extract: one row per aktualisering, CSV and Excel.
    let r = maria
        .get(app.url("/exports/nuso?period=2025&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = String::from_utf8(r.bytes().await.unwrap().to_vec()).unwrap();
    // What it contains first, an empty line, then the header and the rows.
    let rows = csv.lines().count() - 3;
    assert!(csv.starts_with("\u{feff}Innehåll;"));
    assert_eq!(
        csv.lines().nth(2),
        Some("Rad;Månad;Kön;Ålder;Typ;Anmälarkategori;Orsaker;Beslut")
    );
    let r = maria
        .get(app.url("/exports/nuso?period=2025&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let sheets = xlsx_rows(&r.bytes().await.unwrap());
    assert_eq!(sheets[0].1.len() - 3, rows, "the same rows in both");
    let (status, page) = get(&maria, app.url("/exports/nuso?period=2025-T9")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Tertial 9 finns inte"), "{page}");
}

// Changing the goal tree: targets, removing indicators and activities,
// carrying the goals over to a new plan period.

/// The indicator the goal-tree tests follow: a share (0-100 %).
const SHARE: &str = "forhandsbedomning_inom_14_dagar";

fn share_name() -> &'static str {
    tillit_followup::IndicatorId::from_code(SHARE)
        .expect("a catalogue indicator")
        .info()
        .name
}

/// [`SHARE`] on `goal`, with an annual target of 90.
async fn share_indicator(
    app: &App,
    goal: tillit_domain::goal::GoalId,
) -> tillit_domain::goal::GoalIndicatorId {
    app.store
        .add_goal_indicator_with_targets(
            &tillit_store::NewGoalIndicator {
                goal,
                source: IndicatorSource::Computed,
                code: SHARE.into(),
                direction: Direction::HigherIsBetter,
            },
            Some(&tillit_domain::goal::Target::Number(90.0)),
            None,
            Stamp::new(app.user("maria"), jiff::Timestamp::now()),
        )
        .await
        .unwrap()
}

/// The page with `&` in links unescaped, to look for a link's query.
fn links(page: &str) -> String {
    page.replace("&#38;", "&").replace("&amp;", "&")
}

/// A POST of a goal form: the status, the `Location` header (or "") and
/// the page.
async fn post_located(
    c: &Client,
    app: &App,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    post(c, app.url("/goals/form"), form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_changes_an_indicators_targets_and_a_bad_target_is_refused() {
    use tillit_domain::goal::{Target, TargetKind};
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    // On an enhetsmål of Maria's unit: hers to change.
    let ind = share_indicator(&app, intake_goal(&app, nm).await).await;
    let ind_text = ind.to_string();
    let maria = logged_in(&app, "maria").await;

    // The link is beside the indicator; the form shows the current targets.
    let (status, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        links(&page).contains(&format!("form=targets&goal_indicator={ind}")),
        "a link to the targets form"
    );
    let (status, page) = get(
        &maria,
        app.url(&format!(
            "/goals/form?form=targets&goal_indicator={ind}&year=2025"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ändra målvärden"));
    assert!(page.contains(share_name()), "which indicator");
    assert!(page.contains("id=\"f-annual-target\" name=\"annual_target\" value=\"90\""));
    let csrf = csrf_in(&page);
    let targets_before = app.store.goal_records().await.unwrap().targets.len();

    // A share over 100 %: refused beside the field, both values kept.
    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "targets"),
            ("year", "2025"),
            ("goal_indicator", &ind_text),
            ("annual_target", "120"),
            ("council_target", "tas fram av nämnd"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("ligger utanför 0-100 %"), "{page}");
    assert!(
        page.contains("id=\"f-annual-target-error\""),
        "beside the field"
    );
    assert!(page.contains("value=\"120\""), "the wrong value kept");
    assert!(
        page.contains("value=\"tas fram av nämnd\""),
        "the text kept"
    );
    let r = app.store.goal_records().await.unwrap();
    assert_eq!(r.targets.len(), targets_before, "nothing stored");

    // A number with a decimal comma and a text: stored, shown.
    let (status, location, _) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "targets"),
            ("year", "2025"),
            ("goal_indicator", &ind_text),
            ("annual_target", "92,5"),
            ("council_target", "tas fram av nämnd"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        location.starts_with("/goals?year=2025&saved=1"),
        "{location}"
    );
    let r = app.store.goal_records().await.unwrap();
    assert_eq!(
        r.target(ind, TargetKind::Annual),
        Some(&Target::Number(92.5))
    );
    assert_eq!(
        r.target(ind, TargetKind::Council),
        Some(&Target::Text("tas fram av nämnd".into()))
    );
    assert_eq!(r.targets.len(), targets_before + 2, "appended, 90 kept");
    let (_, page) = get(&maria, app.url(&location)).await;
    assert!(page.contains("Ändringen är sparad."));
    let row = html_row(&page, "<table class=\"figures\"", share_name());
    assert_eq!(number(&row[5]), 92.5, "{row:?}");
    assert_eq!(row[6], "tas fram av nämnd", "{row:?}");

    // Emptied: the target is removed.
    let (status, _, _) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "targets"),
            ("year", "2025"),
            ("goal_indicator", &ind_text),
            ("annual_target", "92,5"),
            ("council_target", ""),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = app.store.goal_records().await.unwrap();
    assert_eq!(r.target(ind, TargetKind::Council), None);
    assert_eq!(
        r.targets.len(),
        targets_before + 3,
        "only the change written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_indicator_needs_a_confirmation_and_keeps_it_in_the_history() {
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    // On an enhetsmål of Maria's unit: hers to change.
    let ind = share_indicator(&app, intake_goal(&app, nm).await).await;
    let ind_text = ind.to_string();
    let maria = logged_in(&app, "maria").await;
    let (_, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert!(links(&page).contains(&format!("form=drop-indicator&goal_indicator={ind}")));
    let (status, page) = get(
        &maria,
        app.url(&format!(
            "/goals/form?form=drop-indicator&goal_indicator={ind}&year=2025"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ta bort indikatorn från målet"));
    assert!(page.contains(share_name()), "which indicator");
    let csrf = csrf_in(&page);

    // Not confirmed: refused, nothing changed.
    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "drop-indicator"),
            ("year", "2025"),
            ("goal_indicator", &ind_text),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Kryssa i rutan för att bekräfta att indikatorn ska tas bort"),
        "{page}"
    );
    assert!(page.contains("id=\"f-confirm-error\""), "beside the box");
    assert!(page.contains(&format!("name=\"goal_indicator\" value=\"{ind}\"")));
    let r = app.store.goal_records().await.unwrap();
    assert!(r.indicators.iter().all(|i| i.dropped.is_none()));

    // Confirmed: marked removed with who, gone from the page.
    let (status, location, _) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "drop-indicator"),
            ("year", "2025"),
            ("goal_indicator", &ind_text),
            ("confirm", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = app.store.goal_records().await.unwrap();
    let stored = r.indicators.iter().find(|i| i.id == ind).expect("kept");
    assert_eq!(stored.dropped.map(|d| d.by), Some(app.user("maria")));
    let (_, page) = get(&maria, app.url(&location)).await;
    assert!(page.contains("Ändringen är sparad."));
    // Gone from the goal from the year it was removed in (the clock's year:
    // the removal is stamped with the real time) ...
    let this_year = jiff::Zoned::now().year();
    let (_, page) = get(&maria, app.url(&format!("/goals?year={this_year}"))).await;
    assert!(
        !page.contains("<table class=\"figures\""),
        "no indicator left"
    );
    assert!(!page.contains(&format!("goal_indicator={ind}")));
    // ... but 2025's goals (and reports) still have it, marked, unchangeable.
    let (_, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert!(page.contains("<table class=\"figures\""), "kept for 2025");
    assert!(page.contains("Borttagen senare"));
    assert!(!page.contains(&format!("goal_indicator={ind}")));

    // Removed already (the form sent twice): said on the form, nothing
    // changed.
    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "drop-indicator"),
            ("year", "2025"),
            ("goal_indicator", &ind_text),
            ("confirm", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Indikatorn är redan borttagen"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_activity_needs_a_confirmation_and_keeps_it_in_the_history() {
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    let goal = intake_goal(&app, nm).await;
    let act = app
        .store
        .add_activity(
            &tillit_store::NewActivity {
                goal,
                title: "Införa rutin för allvarssamtal".into(),
                starts_on: None,
                ends_on: None,
            },
            Stamp::new(app.user("maria"), jiff::Timestamp::now()),
        )
        .await
        .unwrap();
    let act_text = act.to_string();
    let maria = logged_in(&app, "maria").await;
    let (_, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert!(links(&page).contains(&format!("form=drop-activity&activity={act}")));
    let (status, page) = get(
        &maria,
        app.url(&format!(
            "/goals/form?form=drop-activity&activity={act}&year=2025"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ta bort aktiviteten"));
    assert!(page.contains("Aktivitet: Införa rutin för allvarssamtal"));
    let csrf = csrf_in(&page);

    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "drop-activity"),
            ("year", "2025"),
            ("activity", &act_text),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Kryssa i rutan för att bekräfta att aktiviteten ska tas bort"),
        "{page}"
    );
    assert!(page.contains("id=\"f-confirm-error\""));
    assert!(page.contains(&format!("name=\"activity\" value=\"{act}\"")));
    let r = app.store.goal_records().await.unwrap();
    assert!(r.activities.iter().all(|a| a.dropped.is_none()));

    let (status, location, _) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "drop-activity"),
            ("year", "2025"),
            ("activity", &act_text),
            ("confirm", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app.store.activity(act).await.unwrap().expect("kept");
    assert_eq!(stored.dropped.map(|d| d.by), Some(app.user("maria")));
    let (_, page) = get(&maria, app.url(&location)).await;
    assert!(page.contains("Ändringen är sparad."));
    let this_year = jiff::Zoned::now().year();
    let (_, page) = get(&maria, app.url(&format!("/goals?year={this_year}"))).await;
    assert!(
        !page.contains("Införa rutin för allvarssamtal"),
        "gone from the page"
    );
    // 2025's goals still list it, without links to change it.
    let (_, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert!(
        page.contains("Införa rutin för allvarssamtal"),
        "kept for 2025"
    );
    assert!(!page.contains(&format!("activity={act}")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_analyst_carries_the_goals_over_to_the_next_plan_period_once() {
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    share_indicator(&app, nm).await;
    // Carrying over changes every goal, the shared ones too: the analyst's
    // (see goals_above_the_unit_are_the_analysts...).
    let maria = logged_in(&app, "sofia").await;
    let (_, page) = get(&maria, app.url("/goals?year=2025")).await;
    assert!(links(&page).contains("/goals/form?form=carry-over&year=2025"));
    assert!(page.contains("För över målen till nästa år"));

    // The form suggests the plan period of the year's goals and the next.
    let (status, page) = get(&maria, app.url("/goals/form?form=carry-over&year=2025")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"from\" value=\"2025-2026\""), "{page}");
    assert!(page.contains("name=\"to\" value=\"2027-2028\""), "{page}");
    let csrf = csrf_in(&page);
    let goals_before = app.store.goal_records().await.unwrap().goals.len();

    // A plan period without goals: refused, named, values kept.
    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "carry-over"),
            ("year", "2025"),
            ("from", "2025"),
            ("to", "2026"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Det finns inga pågående mål med planperioden 2025 att föra över"),
        "{page}"
    );
    assert!(page.contains("2025–2026"), "the periods that have goals");
    assert!(page.contains("id=\"f-from-error\""));
    assert!(page.contains("name=\"to\" value=\"2026\""), "kept");

    // Backwards: refused beside the new period.
    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "carry-over"),
            ("year", "2025"),
            ("from", "2025-2026"),
            ("to", "2024"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("måste börja efter planperioden"), "{page}");
    assert!(page.contains("id=\"f-to-error\""));
    assert_eq!(
        app.store.goal_records().await.unwrap().goals.len(),
        goals_before,
        "nothing stored"
    );

    // Carried over: the count in the message, the goals in the new period.
    let form = [
        ("csrf", csrf.as_str()),
        ("form", "carry-over"),
        ("year", "2025"),
        ("from", "2025-2026"),
        ("to", "2027-2028"),
    ];
    let (status, location, _) = post_located(&maria, &app, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/goals?year=2027&carried=3&plan=2027-2028");
    let r = app.store.goal_records().await.unwrap();
    let copies: Vec<_> = r
        .goals
        .iter()
        .filter(|g| g.plan == PlanPeriod::new(2027, 2028).unwrap())
        .collect();
    assert_eq!(copies.len(), 3);
    assert!(copies.iter().all(|g| g.created.by == app.user("sofia")));
    assert_eq!(copies[2].replaces, Some(nm));
    assert_eq!(
        r.indicators_of(copies[2].id).count(),
        1,
        "with its indicator"
    );
    let (_, page) = get(&maria, app.url(&location)).await;
    assert!(
        page.contains("3 mål fördes över till planperioden 2027–2028."),
        "{page}"
    );
    assert!(page.contains("Barn och unga får stöd i tid"));
    assert!(page.contains("Fortsätter målet från planperioden 2025–2026."));

    // Twice: refused, nothing more stored.
    let (status, _, page) = post_located(&maria, &app, &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(
            "Målen från planperioden 2025–2026 är redan förda över till planperioden 2027–2028."
        ),
        "{page}"
    );
    assert!(page.contains("id=\"f-to-error\""));
    assert_eq!(
        app.store.goal_records().await.unwrap().goals.len(),
        goals_before + 3
    );
}

/// Item 9 of the review of access: goals above the unit (KF inriktningsmål,
/// KF-mål, nämndmål) belong to the analyst, an enhetsmål to its unit's
/// manager; nobody else gets a link to change them, and a form sent anyway
/// is "not found" and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goals_above_the_unit_are_the_analysts_and_an_enhetsmal_its_managers() {
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    let own = intake_goal(&app, nm).await;
    let activity = |goal| {
        let store = app.store.clone();
        let by = app.user("sofia");
        async move {
            store
                .add_activity(
                    &tillit_store::NewActivity {
                        goal,
                        title: "Införa rutin för allvarssamtal".into(),
                        starts_on: None,
                        ends_on: None,
                    },
                    Stamp::new(by, jiff::Timestamp::now()),
                )
                .await
                .unwrap()
        }
    };
    let shared = (share_indicator(&app, nm).await, activity(nm).await);
    let intake = (share_indicator(&app, own).await, activity(own).await);
    let links_to = |(ind, act): (
        tillit_domain::goal::GoalIndicatorId,
        tillit_domain::goal::ActivityId,
    )| {
        vec![
            format!("form=targets&goal_indicator={ind}"),
            format!("form=drop-indicator&goal_indicator={ind}"),
            format!("form=drop-activity&activity={act}"),
        ]
    };
    let edit_nm = format!("form=edit-goal&goal={nm}");
    // Who has which links on the goals page.
    for (who, shared_links, intake_links) in [
        ("sofia", true, false),
        ("maria", false, true),
        ("peter", false, false),
        ("lena", false, false),
        ("therese", false, false),
    ] {
        let c = logged_in(&app, who).await;
        let (status, page) = get(&c, app.url("/goals?year=2025")).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        let page = links(&page);
        assert!(
            page.contains("Barn och unga får stöd i tid"),
            "{who}: the goals"
        );
        for l in links_to(shared).iter().chain([&edit_nm]) {
            assert_eq!(page.contains(l.as_str()), shared_links, "{who}: {l}");
        }
        assert_eq!(page.contains("form=carry-over"), shared_links, "{who}");
        for l in links_to(intake) {
            assert_eq!(page.contains(&l), intake_links, "{who}: {l}");
        }
        // A unit manager may hang an enhetsmål of their unit under the
        // nämndmål.
        let add = format!("form=add-goal&goal={nm}");
        let manager = ["maria", "peter"].contains(&who);
        assert_eq!(page.contains(&add), manager, "{who}: {add}");
    }

    // Forms sent anyway: "not found" (a goal of someone else's), carrying
    // over forbidden; nothing changes.
    let forms = |(ind, act): (
        tillit_domain::goal::GoalIndicatorId,
        tillit_domain::goal::ActivityId,
    )| {
        let (ind, act) = (ind.to_string(), act.to_string());
        vec![
            vec![
                ("form", "targets".to_string()),
                ("goal_indicator", ind.clone()),
                ("annual_target", "50".into()),
            ],
            vec![
                ("form", "drop-indicator".to_string()),
                ("goal_indicator", ind),
                ("confirm", "1".into()),
            ],
            vec![
                ("form", "drop-activity".to_string()),
                ("activity", act),
                ("confirm", "1".into()),
            ],
        ]
    };
    let before = app.store.goal_records().await.unwrap();
    for (who, of) in [("maria", shared), ("peter", intake), ("sofia", intake)] {
        let c = logged_in(&app, who).await;
        let (_, home) = get(&c, app.url("/")).await;
        let csrf = csrf_in(&home);
        let mut all = forms(of);
        all.push(vec![
            ("form", "edit-goal".to_string()),
            ("goal", if who == "maria" { nm } else { own }.to_string()),
            ("title", "Ändrat av fel person".into()),
        ]);
        for form in all {
            let mut query = vec![("year", "2025".to_string())];
            query.extend(form);
            let url = app.url(&format!(
                "/goals/form?{}",
                serde_urlencoded::to_string(&query).unwrap()
            ));
            let (status, _) = get(&c, url).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} GET {query:?}");
            let mut body = vec![("csrf", csrf.clone())];
            body.extend(query.clone());
            let body: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, _) = post_located(&c, &app, &body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who} POST {query:?}");
        }
        if who != "sofia" {
            let carry = [
                ("csrf", csrf.as_str()),
                ("form", "carry-over"),
                ("year", "2025"),
                ("from", "2025-2026"),
                ("to", "2027-2028"),
            ];
            let (status, _, page) = post_located(&c, &app, &carry).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who}: carry-over");
            assert!(page.contains("Du har inte behörighet"), "{who}: in Swedish");
        }
    }
    // A goal above the unit cannot be added by a unit manager either.
    let maria = logged_in(&app, "maria").await;
    let (_, home) = get(&maria, app.url("/")).await;
    let csrf = csrf_in(&home);
    let (status, _, page) = post_located(
        &maria,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "add-goal"),
            ("year", "2025"),
            ("parent", ""),
            ("title", "Ett eget KF-mål"),
            ("plan", "2025-2026"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("skrivs av analytikern"), "{page}");
    assert_eq!(
        app.store.goal_records().await.unwrap(),
        before,
        "nothing changed"
    );

    // The analyst changes the nämndmål; the manager her enhetsmål.
    let sofia = logged_in(&app, "sofia").await;
    let (_, home) = get(&sofia, app.url("/")).await;
    let csrf = csrf_in(&home);
    let nm_text = nm.to_string();
    let (status, _, _) = post_located(
        &sofia,
        &app,
        &[
            ("csrf", &csrf),
            ("form", "edit-goal"),
            ("year", "2025"),
            ("goal", &nm_text),
            ("title", "Barn och unga får stöd i rätt tid"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = app.store.goal_records().await.unwrap();
    assert_eq!(
        r.goal(nm).unwrap().title,
        "Barn och unga får stöd i rätt tid"
    );
}

// The municipality's own manual series ("Ny egen serie" on /manual).

/// The form "Ny egen serie" with `fields` (the csrf and action added).
async fn post_new_series(
    c: &Client,
    app: &App,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut form = vec![("csrf", csrf), ("action", "create-series")];
    form.extend_from_slice(fields);
    post(c, app.url("/manual"), &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_creates_a_series_and_enters_a_value_for_it() {
    let app = spawn().await;
    let maria = logged_in(&app, "maria").await;
    let (status, page) = get(&maria, app.url("/manual")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ny egen serie"), "the form");
    assert!(page.contains("Inga egna serier är skapade."));
    assert!(page.contains("<option value=\"arsplaceringar\">Årsplaceringar</option>"));
    let csrf = csrf_in(&page);

    // No code typed: it is formed from the name.
    let (status, location, _) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "Nöjda brukare i enkät"),
            ("new_code", ""),
            ("new_unit", "procent"),
            ("new_description", "Andel svarande som är nöjda med stödet."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let code = "nojda_brukare_i_enkat";
    assert_eq!(location, format!("/manual?series={code}&created={code}"));
    let stored = app.store.manual_series().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].code, code);
    assert_eq!(stored[0].name, "Nöjda brukare i enkät");
    assert_eq!(stored[0].unit_code, "procent");
    assert!(!stored[0].counts_persons);
    assert_eq!(stored[0].created.by, app.user("maria"));

    // The new series is listed with who created it, and chosen.
    let (status, page) = get(&maria, app.url(&location)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Serien ”Nöjda brukare i enkät” är skapad."),
        "{page}"
    );
    let row = html_row(&page, "class=\"manual-custom\"", "Nöjda brukare i enkät");
    assert_eq!(row[1], code);
    assert_eq!(row[2], "Procent");
    assert_eq!(row[3], "nej");
    assert!(row[4].starts_with("Maria Sandell, "), "{row:?}");
    assert!(page.contains(&format!("<option value=\"{code}\" selected>")));
    assert!(page.contains("Andel svarande som är nöjda med stödet."));

    // A value for it.
    let (status, _) = post_form(
        &maria,
        &app,
        "/manual",
        &[
            ("csrf", &csrf),
            ("series", code),
            ("period", "2025"),
            ("value_total", "87,5"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let values = app.store.manual_values().await.unwrap();
    assert_eq!(values.len(), 1);
    assert_eq!(values[0].series, code);
    assert_eq!(values[0].value, Some(87.5));
    assert_eq!(values[0].unit, Some(INTAKE));
    let (_, page) = get(&maria, app.url(&format!("/manual?series={code}"))).await;
    assert!(page.contains("87,50"), "the value is shown");

    // A typed code, counting persons.
    let (status, _, _) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "Feriearbeten genom föreningar"),
            ("new_code", "ferie_foreningar"),
            ("new_unit", "antal"),
            ("new_description", ""),
            ("new_counts_persons", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let stored = app.store.manual_series().await.unwrap();
    let ferie = stored
        .iter()
        .find(|s| s.code == "ferie_foreningar")
        .expect("stored");
    assert!(ferie.counts_persons);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_series_with_a_used_code_or_no_name_is_refused_at_the_field() {
    let app = spawn().await;
    let maria = logged_in(&app, "maria").await;
    let (_, page) = get(&maria, app.url("/manual")).await;
    let csrf = csrf_in(&page);

    // A standard series' code.
    let (status, _, page) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "Egen sjukfrånvaro"),
            ("new_code", "sjukfranvaro"),
            ("new_unit", "procent"),
            ("new_description", "Beskrivningen finns kvar."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Koden sjukfranvaro används redan av ”Sjukfrånvaro”."),
        "{page}"
    );
    assert!(page.contains("id=\"f-new-code-error\""));
    assert!(page.contains("href=\"#f-new-code\""), "in the summary");
    assert!(page.contains("value=\"Egen sjukfrånvaro\""));
    assert!(page.contains("value=\"sjukfranvaro\" aria-describedby"));
    assert!(page.contains("<option value=\"procent\" selected>"));
    assert!(page.contains(">Beskrivningen finns kvar.</textarea>"));
    assert!(app.store.manual_series().await.unwrap().is_empty());

    // An own series' code, and a code formed from the name that is taken.
    let (status, _, _) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "Brukarenkät"),
            ("new_code", ""),
            ("new_unit", "index"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "Brukarenkät 2"),
            ("new_code", "brukarenkat"),
            ("new_unit", "index"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Koden brukarenkat används redan av ”Brukarenkät”."),
        "{page}"
    );
    let (status, _, page) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "Sjukfrånvaro!"),
            ("new_code", ""),
            ("new_unit", "procent"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Koden sjukfranvaro, som bildas av namnet, används redan"),
        "{page}"
    );
    assert_eq!(app.store.manual_series().await.unwrap().len(), 1);

    // No name; a share cannot count persons.
    let (status, _, page) = post_new_series(
        &maria,
        &app,
        &csrf,
        &[
            ("new_name", "  "),
            ("new_code", "min_serie"),
            ("new_unit", "procent"),
            ("new_description", "Utan namn."),
            ("new_counts_persons", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("<title>Fel:"), "the title says so");
    assert!(page.contains("Skriv seriens namn."), "{page}");
    assert!(page.contains("id=\"f-new-name-error\""));
    assert!(page.contains("Bara en serie med måttenheten antal kan räkna personer."));
    assert!(page.contains("value=\"min_serie\""));
    assert!(page.contains(">Utan namn.</textarea>"));
    assert!(page.contains("name=\"new_counts_persons\" value=\"1\" checked"));
    assert_eq!(app.store.manual_series().await.unwrap().len(), 1);
    assert!(app.store.manual_values().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_lead_or_analyst_gets_no_series_form_and_is_refused() {
    let app = spawn().await;
    for (user, enters) in [("lena", true), ("sofia", false)] {
        let c = logged_in(&app, user).await;
        let (status, page) = get(&c, app.url("/manual")).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert!(!page.contains("Ny egen serie"), "{user}: no form");
        assert!(!page.contains("create-series"), "{user}: no form");
        assert!(page.contains("Egna serier"), "{user}: the list");
        assert_eq!(page.contains("För in värden"), enters, "{user}");
        let (_, home) = get(&c, app.url("/")).await;
        let csrf = csrf_in(&home);
        let (status, _, _) = post_new_series(
            &c,
            &app,
            &csrf,
            &[
                ("new_name", "Obehörig serie"),
                ("new_code", ""),
                ("new_unit", "antal"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{user}");
    }
    assert!(app.store.manual_series().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_placeholder_in_a_report_text_is_in_the_review_before_publishing() {
    let app = spawn().await;
    let maria = logged_in(&app, "maria").await;
    let report = "/reports?kind=verksamhetsberattelse&year=2025";
    let (status, page) = get(&maria, app.url(report)).await;
    assert_eq!(status, StatusCode::OK);
    let review_of = |page: &str| -> String {
        let start = page
            .find("id=\"h-review\"")
            .expect("the review before publishing on the report page");
        let end = start + page[start..].find("</section>").unwrap();
        assert!(
            page[end..].contains("class=\"downloads\""),
            "the review is above the download links"
        );
        norm(&strip_tags(&page[start..end]))
    };
    let before = review_of(&page);
    assert!(before.contains("Granskning före publicering"), "{before}");
    assert!(!before.contains("SIFFROR?"), "{before}");

    // Maria writes the summary with a placeholder left in.
    let csrf = csrf_in(&page);
    let (status, _) = post_form(
        &maria,
        &app,
        "/reports/texts",
        &[
            ("csrf", &csrf),
            ("kind", "verksamhetsberattelse"),
            ("year", "2025"),
            ("period", ""),
            (
                "summary",
                "Placeringarna har ökat men inte i samma utsträckning SIFFROR?.",
            ),
            ("economy", "Budgeten hölls."),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, page) = get(&maria, app.url(report)).await;
    assert_eq!(status, StatusCode::OK);
    let review = review_of(&page);
    assert!(
        review.contains("Sammanfattande analys (Platshållare kvar)")
            && review.contains("i samma utsträckning SIFFROR?"),
        "{review}"
    );
    // Texts not written are on the list; the written economy text is not.
    assert!(
        review.contains("Bedömning av intern kontroll (Text saknas)"),
        "{review}"
    );
    assert!(
        !review.contains("resultaträkning, budget och avvikelse"),
        "{review}"
    );
    // A check list, not a block: the downloads are still there.
    let r = maria
        .get(app.url("/reports/download?kind=verksamhetsberattelse&year=2025&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

/// Item 8 of the review of access: lists and extracts with a row per
/// decision or report are the unit manager's, of their own unit; they say
/// first what they contain, and every child in them is logged. Analysts,
/// quality leads and team leads get aggregates only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_level_lists_and_extracts_are_the_unit_managers_logged_and_labelled() {
    use tillit_store::{AccessKind, AccessLogFilter};
    let app = spawn().await;
    let exports_of = |who: &str| {
        let store = app.store.clone();
        let user = app.user(who);
        async move {
            store
                .access_log(&AccessLogFilter {
                    user: Some(user),
                    kinds: vec![AccessKind::Export],
                    limit: 100_000,
                    ..Default::default()
                })
                .await
                .unwrap()
        }
    };
    let delegation = "/reports?kind=delegationsbeslut&year=2025&period=M05";
    let delegation_file =
        "/reports/download?kind=delegationsbeslut&year=2025&period=M05&format=csv";
    let unexecuted = "/reports?kind=ej-verkstallda-beslut&year=2025&period=Q3";
    let nuso = "/exports/nuso?period=2025&format=csv";

    // Aggregate readers: refused in Swedish, or the aggregate version.
    for who in ["sofia", "therese", "lena"] {
        let c = logged_in(&app, who).await;
        for path in [delegation, delegation_file, nuso] {
            let (status, page) = get(&c, app.url(path)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {path}");
            assert!(
                page.contains("enhetschefen") || page.contains("Du har inte behörighet"),
                "{who} {path}: why, in Swedish"
            );
        }
        let (status, page) = get(&c, app.url(unexecuted)).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        assert!(
            !page.contains("ej-verkstallda-lista"),
            "{who}: no list per decision"
        );
        assert!(!page.contains("Uppgifter om enskilda"), "{who}");
        let (_, page) = get(&c, app.url("/reports")).await;
        assert!(
            !page.contains("value=\"delegationsbeslut\""),
            "{who}: not offered"
        );
        assert!(
            !page.contains("action=\"/exports/nuso\""),
            "{who}: not offered"
        );
        assert!(exports_of(who).await.is_empty(), "{who}");
    }

    // The unit manager of the children's unit (where decisions are taken):
    // the list, saying first what it is; every child in it logged, in one
    // write, before it is shown.
    const CHILDREN: UnitId = UnitId(2);
    let year = "/reports?kind=delegationsbeslut&year=2025&period=2025-01-01..2025-12-31";
    let peter = logged_in(&app, "peter").await;
    let (status, page) = get(&peter, app.url(year)).await;
    assert_eq!(status, StatusCode::OK);
    let notice = page
        .find("Uppgifter om enskilda")
        .expect("what it contains");
    assert!(
        notice < page.find("Antal beslut per delegat").unwrap(),
        "first"
    );
    let shown = exports_of("peter").await;
    assert!(!shown.is_empty(), "the children in the list are logged");
    let view = &shown[0].entry.request_id;
    assert!(shown.iter().all(|e| &e.entry.request_id == view));
    assert!(shown.iter().all(|e| e.entry.case_unit == Some(CHILDREN)));
    assert!(shown.iter().all(|e| e.entry.detail.as_deref()
        == Some("rapport delegationsbeslut 2025-01-01..2025-12-31 (skärm)")));
    let mut persons: Vec<_> = shown.iter().filter_map(|e| e.entry.person).collect();
    let n = persons.len();
    persons.sort();
    persons.dedup();
    assert_eq!(persons.len(), n, "one row per child");

    // The file says it in its first lines, and is logged too.
    let file = format!(
        "{}&format=csv",
        year.replace("/reports?", "/reports/download?")
    );
    let r = peter.get(app.url(&file)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = String::from_utf8(r.bytes().await.unwrap().to_vec()).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().starts_with("Innehåll;"),
        "{csv:.300}"
    );
    assert_eq!(exports_of("peter").await.len(), 2 * n);

    // The NUSO extract of the intake unit: a row per report, each child
    // logged once.
    let maria = logged_in(&app, "maria").await;
    let r = maria.get(app.url(nuso)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = String::from_utf8(r.bytes().await.unwrap().to_vec()).unwrap();
    assert!(csv.contains("Uppgifter om enskilda"));
    let logged = exports_of("maria").await;
    assert!(!logged.is_empty());
    assert!(
        logged
            .iter()
            .all(|e| e.entry.detail.as_deref() == Some("NUSO-uttag 2025 (csv)"))
    );
    assert!(logged.iter().all(|e| e.entry.case_unit == Some(INTAKE)));
    let rows = csv.lines().count() - 3;
    assert!(logged.len() <= rows, "children, not reports");
    assert!(app.store.verify_access_log().await.unwrap().is_intact());
}

/// A period code with a multi-byte letter once cut the code inside the
/// letter and answered 500 on every page that reads a period. Now each says
/// in Swedish what is wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_period_code_with_a_multi_byte_letter_is_explained_not_a_server_error() {
    let app = spawn().await;
    let maria = logged_in(&app, "maria").await;
    for path in [
        "/followup?period=2025-%C3%961",
        "/reports?period=%C3%961&year=2025",
        "/reports/download?period=%C3%961&year=2025&format=csv",
        "/exports/nuso?period=2025-%C3%961",
        "/followup?year=2025&part=%C3%961",
        "/manual?series=x&period=2025-%C3%961",
    ] {
        let (status, page) = get(&maria, app.url(path)).await;
        assert!(
            status.is_success() || status.is_client_error(),
            "{path}: {status}"
        );
        assert!(!page.contains("Något gick fel"), "{path}");
    }
    let (_, page) = get(&maria, app.url("/followup?period=2025-%C3%961")).await;
    assert!(page.contains("Okänd period"), "{page}");
    let (status, page) = get(&maria, app.url("/exports/nuso?period=2025-%C3%961")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Okänd period"), "{page}");
}

/// A refusal is a Swedish 4xx on the form, everywhere: a goal ended twice,
/// an activity removed twice, targets and texts out of range, an unknown
/// perspective, a field sent twice. Every typed value is kept and nothing
/// is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn goal_forms_sent_twice_or_out_of_range_are_refused_on_the_form() {
    let app = spawn().await;
    let nm = shared_goals(&app).await;
    let nm_text = nm.to_string();
    // The nämndmål is the analyst's (goals above the unit belong to those
    // who own them); the analyst's own nämndmål below too.
    let sofia = logged_in(&app, "sofia").await;
    let sofia_csrf = csrf_of(&app, &sofia).await;

    // Ending a goal, twice (a double click, a second tab).
    let drop = [
        ("csrf", sofia_csrf.as_str()),
        ("form", "drop"),
        ("year", "2025"),
        ("goal", &nm_text),
        ("dropped_in", "2026"),
        ("reason", "Ersätts av ett nytt mål"),
    ];
    let (status, _) = post_form(&sofia, &app, "/goals/form", &drop).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = post_form(&sofia, &app, "/goals/form", &drop).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Målet är redan avslutat från planperioden 2026"),
        "{page}"
    );
    assert!(page.contains("Ersätts av ett nytt mål"), "reason kept");
    // Editing the ended goal: the store's refusal, on the form.
    let long = "x".repeat(1_000_000);
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "edit-goal"),
            ("year", "2025"),
            ("goal", &nm_text),
            ("title", "Barn och unga får stöd i tid"),
            ("description", "Ny beskrivning"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Målet är avslutat och kan inte ändras"),
        "{page}"
    );
    assert!(page.contains("Ny beskrivning"));

    // A goal of the analyst's own (a nämndmål) to try the ranges on.
    let km = app.store.goal_records().await.unwrap().goals[1]
        .id
        .to_string();
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "add-goal"),
            ("year", "2025"),
            ("parent", &km),
            ("title", "Stöd i tid"),
            ("description", &long),
            ("perspective", "okänt"),
            ("plan", "2025-2026"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("id=\"f-description-error\""),
        "beside the field"
    );
    assert!(page.contains("Beskrivningen får ha högst 10000 tecken"));
    assert!(page.contains("id=\"f-perspective-error\""));
    assert!(page.contains("Välj ett perspektiv i listan"));
    let goals_before = app.store.goal_records().await.unwrap().goals.len();
    let (status, _) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "add-goal"),
            ("year", "2025"),
            ("parent", &km),
            ("title", "Stöd i tid för unga"),
            ("plan", "2025-2026"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let records = app.store.goal_records().await.unwrap();
    assert_eq!(records.goals.len(), goals_before + 1);
    let goal = records
        .goals
        .iter()
        .find(|g| g.title == "Stöd i tid för unga")
        .unwrap()
        .id
        .to_string();

    // Targets of -1, 1e308 and 400 digits for a count: refused at the field.
    let nines = "9".repeat(400);
    for (target, message) in [
        ("-1", "kan inte vara negativt"),
        ("1e308", "är inget tal"),
        (nines.as_str(), "för många siffror"),
    ] {
        let (status, page) = post_form(
            &sofia,
            &app,
            "/goals/form",
            &[
                ("csrf", &sofia_csrf),
                ("form", "indicator"),
                ("year", "2025"),
                ("goal", &goal),
                ("indicator", "computed:aktualiseringar"),
                ("annual_target", target),
                ("council_target", "tas fram av nämnd"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{target}");
        assert!(page.contains("id=\"f-annual-target-error\""), "{target}");
        assert!(page.contains(message), "{target}: {page}");
        assert!(page.contains("value=\"tas fram av nämnd\""), "kept");
    }
    // A field sent twice with different values.
    let (status, page) = post_form(
        &sofia,
        &app,
        "/goals/form",
        &[
            ("csrf", &sofia_csrf),
            ("form", "indicator"),
            ("year", "2025"),
            ("goal", &goal),
            ("indicator", "computed:aktualiseringar"),
            ("annual_target", "12"),
            ("annual_target", "13"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("skickades flera gånger med olika värden"),
        "{page}"
    );
    assert!(page.contains("id=\"f-annual-target-error\""));
    assert!(page.contains("value=\"12\""), "the first value shown");
    assert!(
        app.store
            .goal_records()
            .await
            .unwrap()
            .indicators
            .is_empty()
    );

    // An activity removed twice: the second time says so on the form.
    let gid = records
        .goals
        .iter()
        .find(|g| g.title == "Stöd i tid för unga")
        .unwrap()
        .id;
    let act = app
        .store
        .add_activity(
            &tillit_store::NewActivity {
                goal: gid,
                title: "Rutin för allvarssamtal".into(),
                starts_on: None,
                ends_on: None,
            },
            Stamp::new(app.user("maria"), jiff::Timestamp::now()),
        )
        .await
        .unwrap()
        .to_string();
    let remove = [
        ("csrf", sofia_csrf.as_str()),
        ("form", "drop-activity"),
        ("year", "2025"),
        ("activity", &act),
        ("confirm", "1"),
    ];
    let (status, _) = post_form(&sofia, &app, "/goals/form", &remove).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = post_form(&sofia, &app, "/goals/form", &remove).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Aktiviteten är redan borttagen"), "{page}");
}

/// The CSV line whose third field (the row label) is `label`, split.
fn csv_row(csv: &str, label: &str) -> Vec<String> {
    csv.lines()
        .map(|l| l.split(';').map(str::to_string).collect::<Vec<_>>())
        .find(|f| f.get(2).map(String::as_str) == Some(label))
        .unwrap_or_else(|| panic!("no CSV row {label} in {csv}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_figure_is_broken_down_by_age_on_screen_and_in_the_files_alike() {
    use tillit_followup::{AgeBands, IndicatorId, Key, suppress};
    let app = spawn().await;
    let facts = tillit_app::facts_cache::load_facts(&app.store, TODAY)
        .await
        .unwrap();
    let year = Period::year(2025).unwrap();
    let exact = compute(
        &facts,
        IndicatorId::Aktualiseringar,
        &year,
        Breakdown::AgeGroup(AgeBands::CHILDREN),
        &Filter::default(),
    )
    .unwrap();
    let published = suppress(&exact, tillit_followup::DEFAULT_THRESHOLD);
    let total = exact.total.number.unwrap();
    assert!(total > 0.0, "the demo has reports in 2025");

    // The analyst sees the whole area as published.
    let sofia = logged_in(&app, "sofia").await;
    let (status, page) = get(
        &sofia,
        app.url("/followup/breakdown?id=aktualiseringar&by=alder&year=2025&part=Y"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Publicerade värden"));
    let table = "id=\"tabell-fordelning-aktualiseringar-alder\"";
    assert_eq!(number(&html_row(&page, table, "Totalt")[1]), total);
    for c in &published.cells {
        let label = c.key.label();
        let shown = &html_row(&page, table, &label)[1];
        match c.value.shown().and_then(|v| v.number) {
            Some(n) => assert_eq!(number(shown), n, "{label}"),
            None => assert_eq!(shown, "..", "{label} hidden"),
        }
    }
    assert!(page.contains("<svg"), "a chart beside the table");

    // The Excel file and the CSV carry the same figures.
    let r = sofia
        .get(app.url("/followup/breakdown?id=aktualiseringar&by=alder&period=2025&format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("fordelning-aktualiseringar-alder-2025.xlsx")
    );
    let sheets = xlsx_rows(&r.bytes().await.unwrap());
    let total_row = sheets
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .find(|row| row.first().map(|c| c.to_string()) == Some("Totalt".into()))
        .expect("a total row in the workbook");
    assert_eq!(calamine::DataType::get_float(&total_row[1]), Some(total));
    let r = sofia
        .get(app.url("/followup/breakdown?id=aktualiseringar&by=alder&period=2025&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    assert_eq!(number(&csv_row(&csv, "Totalt")[3]), total);
    for c in &published.cells {
        let label = c.key.label();
        let field = &csv_row(&csv, &label)[3];
        match c.value.shown().and_then(|v| v.number) {
            Some(n) => assert_eq!(number(field), n, "{label}"),
            None => assert_eq!(field, "..", "{label} hidden in the file"),
        }
    }
    // Events have one age each: the exact parts add up to the total.
    let sum: f64 = exact.cells.iter().filter_map(|c| c.value.number).sum();
    assert_eq!(sum, total);
    assert!(
        exact
            .cells
            .iter()
            .any(|c| matches!(c.key, Key::AgeGroup { .. })),
        "age groups are the rows"
    );

    // A breakdown the figure lacks, or a format that is none: a Swedish
    // reason, no file.
    let unsupported = computed_indicators()
        .find(|i| {
            !i.breakdowns
                .contains(&tillit_followup::BreakdownKind::Delegate)
        })
        .expect("an indicator without a delegate breakdown");
    let (status, page) = get(
        &sofia,
        app.url(&format!(
            "/followup/breakdown?id={}&by=beslutsfattare&period=2025&format=csv",
            unsupported.code()
        )),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("kan inte fördelas på beslutsfattare"),
        "{page}"
    );
    let (status, page) = get(
        &sofia,
        app.url("/followup/breakdown?id=aktualiseringar&by=alder&format=docx"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("inget filformat"), "{page}");

    // The caseworker sees no statistics page.
    let anna = logged_in(&app, "anna").await;
    let (status, _) = get(&anna, app.url("/followup/breakdown")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_units_manager_follows_a_figure_to_its_cases_and_every_child_is_logged() {
    use tillit_followup::{AgeBands, IndicatorId, persons_behind};
    use tillit_store::{AccessKind, AccessLogFilter};
    let app = spawn().await;
    let facts = tillit_app::facts_cache::load_facts(&app.store, TODAY)
        .await
        .unwrap();
    let year = Period::year(2025).unwrap();
    let breakdown = Breakdown::AgeGroup(AgeBands::CHILDREN);
    let filter = Filter::unit(INTAKE);
    let exact = compute(
        &facts,
        IndicatorId::Aktualiseringar,
        &year,
        breakdown,
        &filter,
    )
    .unwrap();
    // The first age group with children in it.
    let (index, cell) = exact
        .cells
        .iter()
        .enumerate()
        .find(|(_, c)| c.value.persons > 0)
        .expect("children in some age group");
    let behind = persons_behind(
        &facts,
        IndicatorId::Aktualiseringar,
        &year,
        breakdown,
        &filter,
        Some(cell.key),
    )
    .unwrap();
    let children: std::collections::HashSet<_> = behind
        .iter()
        .map(|p| facts.person_id(*p).unwrap())
        .collect();

    // The manager of the intake unit sees the links and follows one.
    let maria = logged_in(&app, "maria").await;
    let base = "/followup/breakdown?id=aktualiseringar&by=alder&period=2025";
    let (status, page) = get(&maria, app.url(base)).await;
    assert_eq!(status, StatusCode::OK);
    let link = format!(
        "/followup/breakdown/cases?id=aktualiseringar&#38;by=alder&#38;period=2025&#38;unit={}&#38;cell={index}",
        INTAKE.0
    );
    assert!(
        page.contains(&link),
        "a link to the cases of row {index}: {page}"
    );
    let (status, page) = get(&maria, app.url(&link.replace("&#38;", "&"))).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(&format!("data-persons=\"{}\"", cell.value.persons)));
    let listed = page.matches("href=\"/cases/").count();
    assert!(
        listed >= children.len(),
        "every child's case: {listed} < {}",
        children.len()
    );

    // Every child listed is logged as an extract, with the figure in the detail.
    let logged = app
        .store
        .access_log(&AccessLogFilter {
            user: Some(app.user("maria")),
            kinds: vec![AccessKind::Export],
            limit: 100_000,
            ..Default::default()
        })
        .await
        .unwrap();
    let logged_children: std::collections::HashSet<_> =
        logged.iter().filter_map(|e| e.entry.person).collect();
    assert_eq!(
        logged_children, children,
        "each child behind the figure, logged"
    );
    assert!(logged.iter().all(|e| {
        e.entry
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("fördelning aktualiseringar per alder 2025"))
    }));

    // The analyst gets the published table without the links, and is
    // refused the list; so is a manager asking for the whole area.
    let sofia = logged_in(&app, "sofia").await;
    let (_, page) = get(&sofia, app.url(&format!("{base}&unit={}", INTAKE.0))).await;
    assert!(!page.contains("/followup/breakdown/cases"));
    let (status, _) = get(&sofia, app.url(&link.replace("&#38;", "&"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(app.store.verify_access_log().await.unwrap().is_intact());
}
