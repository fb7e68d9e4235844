//! The large demo (`tillit demo --cases`), written district by district in
//! small chunks through the bulk path, leaves the same read models (cases,
//! deadlines, persons), worklist and follow-up facts as the same data
//! appended the ordinary way, one event at a time, on SQLite and on
//! PostgreSQL. Its reservnummer are stored and found again.

use jiff::civil::{Date, date};
use sqlx::Connection;
use tillit_app::demo::{Quiet, load_large};
use tillit_app::facts_cache::load_facts;
use tillit_demo::DemoData;
use tillit_demo::large::{Districts, LargeConfig};
use tillit_domain::PersonId;
use tillit_domain::identity::{IdentityKind, IdentityNumber};
use tillit_store::{CaseFilter, NewEvent, NewUser, Store, StoreConfig, WorklistFilter};

const PG_URL_VAR: &str = "TILLIT_TEST_DATABASE_URL";
const SKIP_PG_VAR: &str = "TILLIT_SKIP_POSTGRES";
const PASSWORD: &str = "ett lösenord";

fn config() -> LargeConfig {
    LargeConfig {
        seed: 11,
        end: date(2026, 3, 10),
        cases: 240,
        district_cases: 80,
    }
}

/// A store of its own: a SQLite file, or a fresh database on the test server.
struct Db {
    cfg: StoreConfig,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        Db {
            cfg: StoreConfig::Sqlite {
                path: dir.path().join("tillit.sqlite"),
            },
            _dir: Some(dir),
            pg: None,
        }
    }

    async fn postgres(tag: &str) -> Option<Db> {
        let admin = match std::env::var(PG_URL_VAR) {
            Ok(url) if !url.is_empty() => url,
            _ if std::env::var(SKIP_PG_VAR).as_deref() == Ok("1") => {
                eprintln!("skipped: PostgreSQL half ({SKIP_PG_VAR}=1)");
                return None;
            }
            _ => panic!(
                "set {PG_URL_VAR}=postgres://USER@HOST:PORT/postgres (or {SKIP_PG_VAR}=1 to skip)"
            ),
        };
        sqlx::any::install_default_drivers();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let name = format!("tillit_t_large_{tag}_{}_{nanos}", std::process::id());
        let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        let url = match admin.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("{PG_URL_VAR} has no database name"),
        };
        Some(Db {
            cfg: StoreConfig::from_url(&url),
            _dir: None,
            pg: Some((admin, name)),
        })
    }

    async fn drop_pg(&self) {
        if let Some((admin, name)) = &self.pg {
            let mut conn = sqlx::AnyConnection::connect(admin).await.unwrap();
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await;
        }
    }
}

/// The ordinary way: every district's staff and persons, then every case
/// appended one event at a time (each append folds the case and replaces
/// its deadlines).
async fn append_one_by_one(store: &Store, districts: &[DemoData]) {
    for d in districts {
        for u in &d.units {
            assert_eq!(store.create_unit(&u.name, u.kind_code).await.unwrap(), u.id);
        }
        for u in &d.users {
            let id = store
                .create_user(&NewUser {
                    username: u.username.clone(),
                    display_name: u.display_name.clone(),
                    role: u.role,
                    unit: u.unit,
                    password_hash: "x".into(),
                })
                .await
                .unwrap();
            assert_eq!(id, u.id);
        }
        for p in &d.persons {
            store.upsert_person(p).await.unwrap();
        }
        store.add_relations(&d.relations).await.unwrap();
    }
    for d in districts {
        for c in &d.cases {
            for (version, e) in c.events.iter().enumerate() {
                let event = NewEvent {
                    recorded_by: e.recorded_by,
                    recorded_at: e.recorded_at,
                    occurred_on: e.occurred_on,
                    event: e.event.clone(),
                };
                store
                    .append(c.id, version as u64, vec![event])
                    .await
                    .unwrap();
            }
        }
    }
}

/// Everything a reader sees, in a comparable form.
#[derive(Debug, PartialEq)]
struct Snapshot {
    units: Vec<(i64, String)>,
    users: Vec<(i64, String, String, String, Option<i64>)>,
    persons: Vec<tillit_domain::person::Person>,
    cases: Vec<tillit_store::CaseSummary>,
    worklist: Vec<tillit_store::WorklistItem>,
    events: usize,
    facts: String,
}

async fn snapshot(store: &Store, persons: &[PersonId], today: Date) -> Snapshot {
    let mut units: Vec<_> = store
        .units()
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect();
    units.sort();
    let mut users: Vec<_> = store
        .users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| {
            (
                u.id.0,
                u.username,
                u.display_name,
                u.role.label().to_string(),
                u.unit.map(|x| x.0),
            )
        })
        .collect();
    users.sort();
    let mut found = store.persons(persons).await.unwrap();
    found.sort_by_key(|p| p.id);
    let mut cases = store
        .list_cases(&CaseFilter {
            include_closed: true,
            ..CaseFilter::default()
        })
        .await
        .unwrap();
    cases.sort_by_key(|c| c.id);
    let mut worklist = store
        .worklist(&WorklistFilter::default(), today)
        .await
        .unwrap();
    worklist.sort_by(|a, b| {
        (a.case, &a.kind_code, a.item, a.legal_date).cmp(&(
            b.case,
            &b.kind_code,
            b.item,
            b.legal_date,
        ))
    });
    let events = store.all_events().await.unwrap().len();
    let facts = format!("{:?}", load_facts(store, today).await.unwrap());
    Snapshot {
        units,
        users,
        persons: found,
        cases,
        worklist,
        events,
        facts,
    }
}

async fn chunked_load_equals_appending_one_by_one(bulk: &Db, ordinary: &Db) {
    let cfg = config();
    let today = cfg.end;
    let districts: Vec<DemoData> = Districts::new(cfg.clone()).collect();
    assert_eq!(districts.len(), 3);
    let cases: usize = districts.iter().map(|d| d.cases.len()).sum();
    let events: usize = districts.iter().map(|d| d.stats.events).sum();
    let person_ids: Vec<PersonId> = districts
        .iter()
        .flat_map(|d| d.persons.iter().map(|p| p.id))
        .collect();

    let a = Store::open(&bulk.cfg).await.unwrap();
    // 7 cases a transaction: many chunks, each ending inside a district.
    let done = load_large(&a, cfg.clone(), PASSWORD, false, 7, &mut Quiet)
        .await
        .unwrap();
    assert_eq!(done.districts, 3);
    assert_eq!(done.cases, cases as u64);
    assert_eq!(done.events, events as u64);

    let b = Store::open(&ordinary.cfg).await.unwrap();
    append_one_by_one(&b, &districts).await;

    let sa = snapshot(&a, &person_ids, today).await;
    let sb = snapshot(&b, &person_ids, today).await;
    // Not empty: the comparison compares something.
    assert_eq!(sa.cases.len(), cases);
    assert_eq!(sa.events, events);
    assert_eq!(sa.persons.len(), person_ids.len());
    assert_eq!(sa.units.len(), 12);
    assert!(!sa.worklist.is_empty());
    assert!(sa.cases.iter().any(|c| c.closed_on.is_none()));
    assert!(sa.facts.len() > 1000);
    assert_eq!(sa.units, sb.units);
    assert_eq!(sa.users, sb.users);
    assert_eq!(sa.persons, sb.persons);
    assert_eq!(sa.cases, sb.cases);
    assert_eq!(sa.worklist, sb.worklist);
    assert_eq!(sa.events, sb.events);
    assert!(sa.facts == sb.facts, "the follow-up facts differ");
    // The events themselves, version by version.
    assert_eq!(a.all_events().await.unwrap(), b.all_events().await.unwrap());
    // Every demo login works in the bulk load.
    let maria = a.user_by_username("maria").await.unwrap().unwrap();
    assert!(tillit_app::password::verify_password(
        PASSWORD,
        &maria.password_hash
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_large_demo_equals_appending_one_by_one_on_sqlite() {
    chunked_load_equals_appending_one_by_one(&Db::sqlite(), &Db::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_large_demo_equals_appending_one_by_one_on_postgres() {
    let Some(bulk) = Db::postgres("bulk").await else {
        return;
    };
    let Some(ordinary) = Db::postgres("ordinary").await else {
        return;
    };
    chunked_load_equals_appending_one_by_one(&bulk, &ordinary).await;
    bulk.drop_pg().await;
    ordinary.drop_pg().await;
}

/// The reservnummer a large demo hands out once the test personnummer run
/// out are stored and found by number, in long and short form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reservnummer_of_a_large_demo_are_stored_and_found() {
    let db = Db::sqlite();
    let store = Store::open(&db.cfg).await.unwrap();
    // Two districts of the default size use up some years' test numbers.
    let cfg = LargeConfig {
        seed: 5,
        end: date(2026, 3, 10),
        cases: 27_600,
        district_cases: 13_800,
    };
    let mut with_reserve = Vec::new();
    for d in Districts::new(cfg) {
        with_reserve.extend(
            d.persons
                .iter()
                .filter(|p| {
                    p.identity_number
                        .as_deref()
                        .and_then(|n| IdentityNumber::parse_long_form(n).ok())
                        .is_some_and(|n| n.kind() == IdentityKind::Reservnummer)
                })
                .take(20)
                .cloned(),
        );
    }
    assert!(!with_reserve.is_empty(), "no reservnummer handed out");
    store.upsert_persons(&with_reserve).await.unwrap();
    let today = date(2026, 3, 10);
    for p in &with_reserve {
        let long = p.identity_number.clone().unwrap();
        let number = IdentityNumber::parse_long_form(&long).unwrap();
        // As a user types it: the short form, parsed as the search page does.
        let typed = IdentityNumber::parse(&number.format_short(today), today).unwrap();
        assert_eq!(typed.kind(), IdentityKind::Reservnummer);
        let found = store
            .person_by_identity_number(&typed.format_long())
            .await
            .unwrap();
        assert_eq!(found.as_ref(), Some(p), "{long}");
    }
}
