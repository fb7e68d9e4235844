//! The one demo loader: a small demo municipality with its goals into a
//! fresh SQLite store, read back through the application layer as a report
//! would; a second load into the same store is refused.

use jiff::civil::date;
use tillit_app::demo::{DemoLoadError, Quiet, load};
use tillit_app::facts_cache::{BuildOptions, load_facts, load_facts_with};
use tillit_app::followup_data::ReportData;
use tillit_app::password::verify_password;
use tillit_demo::DemoConfig;
use tillit_domain::catalog::Gender;
use tillit_domain::goal::GoalLevel;
use tillit_domain::person::Person;
use tillit_domain::{CaseId, PersonId};
use tillit_followup::Snapshot;
use tillit_store::{Store, StoreConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_loads_once_with_its_goals_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let end = date(2026, 3, 10);
    let data = tillit_demo::generate(
        &DemoConfig {
            seed: 5,
            end,
            years: 1,
            reports_per_year: 60,
        },
        &mut |_, _| {},
    );
    let goals = tillit_demo::goals::generate(end);
    load(&store, &data, "ett lösenord", Some(&goals), &mut Quiet)
        .await
        .unwrap();

    let users = store.users().await.unwrap();
    // The demo's staff, the unit for economic assistance's four, and the
    // economist the economy's loader adds.
    assert_eq!(
        users.len(),
        data.users.len() + tillit_demo::assistance::STAFF.len() + 1
    );
    let households = store
        .all_records::<tillit_domain::register::assistance::Household>(None)
        .await
        .unwrap();
    assert!(households.len() > 100, "{}", households.len());
    let amira = store.user_by_username("amira").await.unwrap().unwrap();
    assert_eq!(Some(households[0].state.unit.unwrap()), amira.unit);
    let ebba = store.user_by_username("ebba").await.unwrap().unwrap();
    assert_eq!(ebba.role, tillit_domain::role::Role::Economist);
    // Five years of outcome, imported year by year, then one correction
    // that replaced one month and changed exactly the misbooked lines.
    let imports = store.ledger_imports().await.unwrap();
    assert_eq!(imports.len(), 6);
    assert!(imports[0].file_name.ends_with(".csv"));
    assert_eq!(imports[0].months.len(), 1);
    assert_eq!(
        (
            imports[0].receipt.changed,
            imports[0].receipt.added,
            imports[0].receipt.removed
        ),
        (2, 0, 0),
        "{:?}",
        imports[0].receipt
    );
    assert!(imports[1..].iter().all(|i| i.receipt.changed == 0));
    let years = store.budget_years().await.unwrap();
    assert_eq!(years.len(), 5);
    let revised: usize = {
        let mut n = 0;
        for y in &years {
            n += store.budget(*y).await.unwrap().0.revisions.len();
        }
        n
    };
    assert_eq!(revised, 1);
    let maria = store.user_by_username("maria").await.unwrap().unwrap();
    assert!(verify_password("ett lösenord", &maria.password_hash));
    let records = store.goal_records().await.unwrap();
    assert_eq!(records.goals.len(), goals.goals.len());
    assert!(
        records
            .goals
            .iter()
            .any(|g| g.level == GoalLevel::Enhetsmal && g.unit.is_some())
    );

    let facts = std::sync::Arc::new(load_facts(&store, end).await.unwrap());
    let report = ReportData::load(&store, facts, "Tillköpings kommun", 2025)
        .await
        .unwrap();
    assert_eq!(report.goals.len(), goals.goals.len());
    assert!(!report.values.is_empty());
    assert!(!report.economy.outcome.is_empty());
    assert!(!report.economy.catalogue.providers.is_empty());

    let again = load(&store, &data, "ett lösenord", None, &mut Quiet).await;
    assert!(
        matches!(
            again,
            Err(DemoLoadError::Mismatch(_) | DemoLoadError::Store(_))
        ),
        "{again:?}"
    );
}

/// The follow-up built through the case extracts is the follow-up built
/// from the event log: on a fresh demo (no extracts: read from events, and
/// the extracts written), again (every case from its extract), and after a
/// case moved on (that one case from its events).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_facts_through_extracts_are_the_facts_from_the_event_log() {
    use tillit_followup::FactsBuilder;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    let end = date(2026, 3, 10);
    let data = tillit_demo::generate(
        &DemoConfig {
            seed: 9,
            end,
            years: 2,
            reports_per_year: 200,
        },
        &mut |_, _| {},
    );
    load(&store, &data, "ett lösenord", None, &mut Quiet)
        .await
        .unwrap();
    let from_log = |store: Store| async move {
        let persons = store.persons_for_followup().await.unwrap();
        let log = store.events_for_followup(None, None).await.unwrap();
        let mut b = FactsBuilder::new(&persons).as_of(end);
        b.add_event_log(&log);
        b.finish()
    };

    // Windows of 37 cases: the log is read in slices, extracts kept per
    // window; the facts are the same as from the whole log at once.
    let windows_of_37 = BuildOptions {
        window: 37,
        keep_snapshot: false,
        stamp: None,
        merge_from: 1,
    };
    let first = load_facts_with(&store, end, windows_of_37).await.unwrap();
    assert_eq!(first, from_log(store.clone()).await);
    // The economy's placements from the facts are the ones the store reads
    // from the log.
    let placements = store.placements().await.unwrap();
    assert!(!placements.is_empty(), "the demo places children");
    assert_eq!(first.placements(), placements.as_slice());
    let sources = store.followup_sources().await.unwrap();
    assert_eq!(sources.stale().count(), 0, "every case's extract written");

    let second = load_facts(&store, end).await.unwrap();
    assert_eq!(second, first, "from extracts only");
    // That build kept a snapshot at the store's stamp, which gives the same
    // facts, and the next build is made from it.
    let stamp = store.facts_stamp().await.unwrap();
    let parts = store
        .followup_snapshot(stamp)
        .await
        .unwrap()
        .expect("a snapshot at the current stamp");
    let snapshot = Snapshot::decode(&parts).expect("the snapshot decodes");
    assert_eq!(snapshot.cases.len(), sources.cases.len());
    assert_eq!(snapshot.facts(end), first);
    // Built straight from the parts, on the decoding threads: the same
    // facts, in one part or in many; a part that does not decode is no
    // snapshot, wherever it is.
    assert_eq!(
        Snapshot::facts_from_parts(parts.clone(), end),
        Some(first.clone())
    );
    let many = snapshot.encode_in_parts_of(50, 20);
    assert!(many.len() > 10, "{} parts", many.len());
    assert_eq!(
        Snapshot::facts_from_parts(many.clone(), end),
        Some(first.clone())
    );
    for broken in [0, many.len() / 2, many.len() - 1] {
        let mut parts = many.clone();
        let half = parts[broken].len() / 2;
        parts[broken].truncate(half);
        assert_eq!(
            Snapshot::facts_from_parts(parts, end),
            None,
            "part {broken}"
        );
    }
    let from_snapshot = load_facts(&store, end).await.unwrap();
    assert_eq!(from_snapshot, first, "from the snapshot");
    assert_eq!(from_snapshot.placements(), placements.as_slice());

    // One case moves on: its extract is stale until the next build.
    let (case, version, _) = sources.cases[0].clone();
    let events = store.load_case(case).await.unwrap();
    let summary = store.case_summary(case).await.unwrap().unwrap();
    store
        .append(
            case,
            version,
            vec![tillit_store::NewEvent {
                recorded_by: events[0].recorded_by,
                recorded_at: events[0].recorded_at,
                occurred_on: end,
                event: tillit_domain::case::CaseEvent::CaseAssigned {
                    caseworker: None,
                    unit: summary.unit,
                },
            }],
        )
        .await
        .unwrap();
    assert_eq!(store.followup_sources().await.unwrap().stale().count(), 1);
    let moved = store.facts_stamp().await.unwrap();
    assert_ne!(moved, stamp);
    assert!(
        store.followup_snapshot(moved).await.unwrap().is_none(),
        "the snapshot of the older stamp is not used"
    );
    // The build starts from the snapshot and reads only the case written
    // since (by the change sequence): the facts from the log.
    let third = load_facts_with(&store, end, windows_of_37).await.unwrap();
    assert_eq!(third, from_log(store.clone()).await);
    assert_ne!(third, first, "the new event counts");
    assert_eq!(
        store
            .followup_changes(stamp.changes)
            .await
            .unwrap()
            .cases
            .len(),
        1,
        "one case written since the snapshot"
    );
    assert_eq!(store.followup_sources().await.unwrap().stale().count(), 0);
    assert!(
        store.followup_snapshot(moved).await.unwrap().is_none(),
        "not asked to keep a snapshot"
    );

    // A new child and a new case, among the others by id, and a person
    // written again with another birth date: merged where they belong.
    let child = Person {
        id: PersonId::from_u128(u128::MAX / 3),
        identity_number: None,
        given_name: "Ny".into(),
        family_name: "Efter ögonblicksbilden".into(),
        gender: Gender::Female,
        birth_date: Some(date(2015, 5, 5)),
        protected: false,
        address: None,
    };
    let mut older = store
        .person(first.person_id(0).unwrap())
        .await
        .unwrap()
        .unwrap();
    older.birth_date = Some(date(2012, 1, 1));
    store.upsert_persons(&[child.clone(), older]).await.unwrap();
    let new_case = CaseId::from_u128(u128::MAX / 5);
    store
        .append(
            new_case,
            0,
            vec![tillit_store::NewEvent {
                recorded_by: events[0].recorded_by,
                recorded_at: events[0].recorded_at,
                occurred_on: end,
                event: tillit_domain::case::CaseEvent::CaseOpened {
                    child: child.id,
                    unit: summary.unit,
                },
            }],
        )
        .await
        .unwrap();
    let fourth = load_facts_with(&store, end, windows_of_37).await.unwrap();
    assert_eq!(fourth, from_log(store.clone()).await);
    assert_eq!(fourth.case_count(), third.case_count() + 1);

    // Kept, the snapshot is brought up to date part by part: the next build
    // at the same stamp uses it alone, and gives the same facts.
    let keep = BuildOptions {
        keep_snapshot: true,
        ..windows_of_37
    };
    assert_eq!(load_facts_with(&store, end, keep).await.unwrap(), fourth);
    let now = store.facts_stamp().await.unwrap();
    let parts = store
        .followup_snapshot(now)
        .await
        .unwrap()
        .expect("brought up to date");
    assert_eq!(
        Snapshot::facts_from_parts(parts.clone(), end),
        Some(fourth.clone())
    );
    assert_eq!(Snapshot::decode(&parts).unwrap(), {
        // The same snapshot a build from every case makes: an empty
        // snapshot at the old stamp does not add up with the changes,
        // so the build goes case by case and keeps its own.
        let full = BuildOptions {
            keep_snapshot: true,
            ..BuildOptions::default()
        };
        store
            .put_followup_snapshot(stamp, Vec::new())
            .await
            .unwrap();
        assert_eq!(load_facts_with(&store, end, full).await.unwrap(), fourth);
        let again = store.followup_snapshot(now).await.unwrap().unwrap();
        Snapshot::decode(&again).unwrap()
    });
}
