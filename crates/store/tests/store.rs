//! The store suite: written once, run against SQLite (`sqlite::*`) and
//! PostgreSQL (`postgres::*`).

mod common;

use common::*;
use jiff::Timestamp;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use tillit_domain::case::{CaseEvent, PreAssessmentOutcome};
use tillit_domain::catalog::{ClosureReason, Gender};
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{
    Backend, CaseFilter, NameSearch, NewUser, PersonScope, Store, StoreConfig, StoreError,
    WorklistFilter, hash_session_token,
};

store_suite!(
    append_and_load_round_trip,
    stale_expected_version_is_refused_and_nothing_written,
    concurrent_appends_with_same_version_one_wins,
    first_event_must_open_the_case,
    read_models_follow_the_events,
    worklist_filters_and_overdue,
    append_many_is_all_or_nothing,
    persons_search_ignores_case_and_accents,
    persons_search_in_order_by_pages_and_birth_year,
    persons_search_within_a_users_scope,
    persons_search_by_a_short_prefix,
    persons_identity_numbers_and_relations,
    units_users_and_sessions,
    one_time_passwords_and_own_passwords,
    persons_by_ids,
    is_empty_until_something_is_stored,
    migrations_are_idempotent,
    acknowledged_appends_survive_sigkill,
    cancelled_writes_leave_nothing_half_written,
    concurrent_writes_are_committed_together_in_order,
    cases_opened_in_a_period_are_those_of_the_unit_and_the_days,
);

async fn append_and_load_round_trip(db: &TestDb) {
    let store = db.open().await;
    let expected_backend = match db.cfg {
        StoreConfig::Sqlite { .. } => Backend::Sqlite,
        StoreConfig::Postgres { .. } => Backend::Postgres,
    };
    assert_eq!(store.backend(), expected_backend);

    let missing = CaseId::new_random();
    assert!(store.load_case(missing).await.unwrap().is_empty());
    assert!(store.case_summary(missing).await.unwrap().is_none());

    let on = day(2025, 6, 30);
    let (case, child, _, events) = new_case(on);
    let written = events.clone();
    assert_eq!(store.append(case, 0, events).await.unwrap(), 2);
    let more = vec![assigned(Some(CASEWORKER), day(2025, 7, 1))];
    assert_eq!(store.append(case, 2, more.clone()).await.unwrap(), 3);
    // Appending nothing at the right version is a no-op.
    assert_eq!(store.append(case, 3, vec![]).await.unwrap(), 3);

    let loaded = store.load_case(case).await.unwrap();
    assert_eq!(loaded.len(), 3);
    for (i, (got, sent)) in loaded.iter().zip(written.iter().chain(&more)).enumerate() {
        assert_eq!(got.version, i as u64 + 1);
        assert_eq!(got.event, sent.event);
        assert_eq!(got.recorded_by, sent.recorded_by);
        assert_eq!(got.recorded_at, sent.recorded_at);
        assert_eq!(got.occurred_on, sent.occurred_on);
    }

    // Timestamps keep nanoseconds.
    let precise: Timestamp = "2025-07-02T12:00:00.123456789Z".parse().unwrap();
    let mut e = assigned(None, day(2025, 7, 2));
    e.recorded_at = precise;
    store.append(case, 3, vec![e]).await.unwrap();
    let loaded = store.load_case(case).await.unwrap();
    assert_eq!(loaded[3].recorded_at, precise);

    let all = store.all_events().await.unwrap();
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|(c, _)| *c == case));
    assert_eq!(
        store.case_summary(case).await.unwrap().unwrap().child,
        child
    );
    assert_eq!(store.case_version(case).await.unwrap(), 4);
}

async fn stale_expected_version_is_refused_and_nothing_written(db: &TestDb) {
    let store = db.open().await;
    let (case, child, _, events) = new_case(day(2025, 3, 3));
    store.append(case, 0, events).await.unwrap();
    let before = store.load_case(case).await.unwrap();
    let summary_before = store.case_summary(case).await.unwrap();

    for stale in [0, 1, 3, 10] {
        let err = store
            .append(
                case,
                stale,
                vec![assigned(Some(UserId(99)), day(2025, 3, 4))],
            )
            .await
            .unwrap_err();
        match err {
            StoreError::Conflict {
                case: c,
                expected,
                actual,
            } => {
                assert_eq!((c, expected, actual), (case, stale, 2));
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
    }
    // A brand-new case id at a version above 0 is a conflict too.
    let err = store
        .append(
            CaseId::new_random(),
            1,
            vec![opened(child, day(2025, 3, 4))],
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err:?}");

    let conflict = StoreError::Conflict {
        case,
        expected: 1,
        actual: 2,
    };
    assert_eq!(
        conflict.to_string(),
        "Ärendet har ändrats av någon annan sedan du öppnade det. Ladda om sidan och försök igen."
    );

    assert_eq!(store.load_case(case).await.unwrap(), before);
    assert_eq!(store.case_summary(case).await.unwrap(), summary_before);
    assert_eq!(store.all_events().await.unwrap().len(), 2);
}

async fn concurrent_appends_with_same_version_one_wins(db: &TestDb) {
    let store = db.open().await;
    let (case, _, _, events) = new_case(day(2025, 9, 1));
    store.append(case, 0, events).await.unwrap();

    let mut tasks = Vec::new();
    for i in 0..10 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .append(
                    case,
                    2,
                    vec![assigned(Some(UserId(100 + i)), day(2025, 9, 2))],
                )
                .await
        }));
    }
    let mut won = Vec::new();
    let mut conflicts = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(v) => won.push(v),
            Err(StoreError::Conflict {
                expected, actual, ..
            }) => {
                assert_eq!((expected, actual), (2, 3));
                conflicts += 1;
            }
            Err(other) => panic!("unexpected error: {other:?}"),
        }
    }
    assert_eq!(won, vec![3]);
    assert_eq!(conflicts, 9);
    let loaded = store.load_case(case).await.unwrap();
    assert_eq!(loaded.len(), 3);
    let summary = store.case_summary(case).await.unwrap().unwrap();
    assert_eq!(summary.version, 3);
    // The summary shows the winner's assignment.
    let CaseEvent::CaseAssigned { caseworker, .. } = &loaded[2].event else {
        panic!("third event should be the assignment");
    };
    assert_eq!(summary.caseworker, *caseworker);

    // Ten new cases created at once with the same id: one wins.
    let case = CaseId::new_random();
    let child = PersonId::new_random();
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .append(case, 0, vec![opened(child, day(2025, 9, 3))])
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(1) => ok += 1,
            Err(e) if e.is_conflict() => {}
            other => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(store.load_case(case).await.unwrap().len(), 1);
}

async fn first_event_must_open_the_case(db: &TestDb) {
    let store = db.open().await;
    let case = CaseId::new_random();
    let err = store
        .append(case, 0, vec![assigned(Some(CASEWORKER), day(2025, 1, 2))])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(store.load_case(case).await.unwrap().is_empty());
    assert!(store.is_empty().await.unwrap());
}

async fn read_models_follow_the_events(db: &TestDb) {
    let store = db.open().await;
    let on = day(2025, 10, 6); // a Monday
    let (case, child, rep, events) = new_case(on);
    store.append(case, 0, events).await.unwrap();

    let s = store.case_summary(case).await.unwrap().unwrap();
    assert_eq!(s.id, case);
    assert_eq!(s.child, child);
    assert_eq!(s.unit, UNIT);
    assert_eq!(s.caseworker, None);
    assert_eq!(s.phase, "received");
    assert_eq!(s.opened_on, on);
    assert_eq!(s.closed_on, None);
    assert_eq!(s.version, 2);
    assert!(!s.placed);

    let all = WorklistFilter::default();
    let kinds = |items: &[tillit_store::WorklistItem]| {
        let mut k: Vec<String> = items.iter().map(|i| i.kind_code.clone()).collect();
        k.sort();
        k
    };
    let items = store.worklist(&all, on).await.unwrap();
    assert_eq!(kinds(&items), ["pre_assessment", "safety_assessment"]);
    let safety = items
        .iter()
        .find(|i| i.kind_code == "safety_assessment")
        .unwrap();
    assert_eq!(safety.case, case);
    assert_eq!(safety.child, child);
    assert_eq!(safety.unit, UNIT);
    assert_eq!(safety.legal_date, on);
    assert_eq!(safety.label, "Omedelbar skyddsbedömning");
    assert!(!safety.citation.is_empty());
    let pre = items
        .iter()
        .find(|i| i.kind_code == "pre_assessment")
        .unwrap();
    assert_eq!(pre.legal_date, day(2025, 10, 20));
    assert!(pre.planning_date <= pre.legal_date);

    // Assigning makes the caseworker the owner of the deadlines.
    let v = store
        .append(case, 2, vec![assigned(Some(CASEWORKER), on)])
        .await
        .unwrap();
    let mine = WorklistFilter {
        caseworker: Some(CASEWORKER),
        ..Default::default()
    };
    assert_eq!(store.worklist(&mine, on).await.unwrap().len(), 2);
    assert_eq!(
        store.case_summary(case).await.unwrap().unwrap().caseworker,
        Some(CASEWORKER)
    );

    // The safety assessment clears its deadline.
    let v = store
        .append(
            case,
            v,
            vec![new_event(
                on,
                CaseEvent::SafetyAssessed {
                    report: rep,
                    immediate_protection_needed: false,
                    notes: String::new(),
                },
            )],
        )
        .await
        .unwrap();
    let items = store.worklist(&mine, on).await.unwrap();
    assert_eq!(kinds(&items), ["pre_assessment"]);

    // Deciding the pre-assessment clears the rest; the phase moves on.
    let v = store
        .append(
            case,
            v,
            vec![new_event(
                day(2025, 10, 10),
                CaseEvent::PreAssessmentDecided {
                    report: rep,
                    outcome: PreAssessmentOutcome::NoInvestigation,
                    reasoning: "Föräldrarna har själva sökt stöd.".into(),
                },
            )],
        )
        .await
        .unwrap();
    assert!(store.worklist(&all, on).await.unwrap().is_empty());
    assert_eq!(
        store.case_summary(case).await.unwrap().unwrap().phase,
        "assessed"
    );
    assert_eq!(
        store.open_case_for_child(child).await.unwrap().unwrap().id,
        case
    );

    // A new report reopens work; closing the case ends it.
    let rep2 = ItemId::new_random();
    let v = store
        .append(case, v, vec![report(rep2, day(2025, 11, 3))])
        .await
        .unwrap();
    assert_eq!(store.worklist(&all, on).await.unwrap().len(), 2);
    assert_eq!(
        store.case_summary(case).await.unwrap().unwrap().phase,
        "received"
    );
    let v = store
        .append(
            case,
            v,
            vec![
                new_event(
                    day(2025, 11, 4),
                    CaseEvent::SafetyAssessed {
                        report: rep2,
                        immediate_protection_needed: false,
                        notes: String::new(),
                    },
                ),
                new_event(
                    day(2025, 11, 5),
                    CaseEvent::PreAssessmentDecided {
                        report: rep2,
                        outcome: PreAssessmentOutcome::NoInvestigation,
                        reasoning: String::new(),
                    },
                ),
                new_event(
                    day(2025, 11, 5),
                    CaseEvent::CaseClosed {
                        reason: ClosureReason::NoInvestigation,
                        on: day(2025, 11, 5),
                    },
                ),
            ],
        )
        .await
        .unwrap();
    assert_eq!(v, 9);
    let s = store.case_summary(case).await.unwrap().unwrap();
    assert_eq!(s.phase, "closed");
    assert_eq!(s.closed_on, Some(day(2025, 11, 5)));
    assert_eq!(s.version, 9);
    assert!(store.worklist(&all, on).await.unwrap().is_empty());
    assert!(store.open_case_for_child(child).await.unwrap().is_none());

    // Lists: closed cases only on request.
    let (case2, child2, _, events) = new_case(day(2025, 12, 1));
    store.append(case2, 0, events).await.unwrap();
    let open: Vec<CaseId> = store
        .list_cases(&CaseFilter::default())
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(open, vec![case2]);
    let every: Vec<CaseId> = store
        .list_cases(&CaseFilter {
            include_closed: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(every, vec![case2, case], "newest first");
    let by_unit = store
        .list_cases(&CaseFilter {
            unit: Some(UnitId(12345)),
            include_closed: true,
            caseworker: None,
        })
        .await
        .unwrap();
    assert!(by_unit.is_empty());
    let by_worker = store
        .list_cases(&CaseFilter {
            caseworker: Some(CASEWORKER),
            include_closed: true,
            unit: Some(UNIT),
        })
        .await
        .unwrap();
    assert_eq!(by_worker.len(), 1);
    assert_eq!(by_worker[0].id, case);

    // A child's cases, oldest first; the open one.
    let (case3, _, _, mut events) = new_case(day(2026, 1, 5));
    events[0] = opened(child, day(2026, 1, 5));
    store.append(case3, 0, events).await.unwrap();
    let cases: Vec<CaseId> = store
        .cases_for_person(child)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(cases, vec![case, case3]);
    assert_eq!(
        store.open_case_for_child(child).await.unwrap().unwrap().id,
        case3
    );
    assert_eq!(store.cases_for_person(child2).await.unwrap().len(), 1);
    assert!(
        store
            .cases_for_person(PersonId::new_random())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn worklist_filters_and_overdue(db: &TestDb) {
    let store = db.open().await;
    let other_worker = UserId(8);
    let (a, _, _, mut ev_a) = new_case(day(2025, 4, 1));
    ev_a.push(assigned(Some(CASEWORKER), day(2025, 4, 1)));
    let (b, _, _, mut ev_b) = new_case(day(2025, 5, 5));
    ev_b.push(assigned(Some(other_worker), day(2025, 5, 5)));
    store
        .append_many(vec![(a, 0, ev_a), (b, 0, ev_b)])
        .await
        .unwrap();

    let today = day(2025, 5, 6);
    let items = store
        .worklist(&WorklistFilter::default(), today)
        .await
        .unwrap();
    assert_eq!(items.len(), 4);
    let dates: Vec<_> = items.iter().map(|i| i.planning_date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ordered by planning date");
    for i in &items {
        assert_eq!(i.overdue, i.legal_date < today, "{i:?}");
    }
    assert!(items.iter().filter(|i| i.case == a).all(|i| i.overdue));
    assert!(items.iter().filter(|i| i.case == b).any(|i| !i.overdue));
    // Asked on an early date nothing is overdue.
    assert!(
        store
            .worklist(&WorklistFilter::default(), day(2025, 1, 1))
            .await
            .unwrap()
            .iter()
            .all(|i| !i.overdue)
    );

    let mine = store
        .worklist(
            &WorklistFilter {
                caseworker: Some(CASEWORKER),
                ..Default::default()
            },
            today,
        )
        .await
        .unwrap();
    assert_eq!(mine.len(), 2);
    assert!(
        mine.iter()
            .all(|i| i.case == a && i.caseworker == Some(CASEWORKER))
    );

    let until = store
        .worklist(
            &WorklistFilter {
                until: Some(day(2025, 5, 6)),
                ..Default::default()
            },
            today,
        )
        .await
        .unwrap();
    assert!(until.iter().all(|i| i.planning_date <= day(2025, 5, 6)));
    assert_eq!(until.len(), 3, "{until:?}");

    let unit = store
        .worklist(
            &WorklistFilter {
                unit: Some(UNIT),
                caseworker: Some(other_worker),
                until: None,
            },
            today,
        )
        .await
        .unwrap();
    assert_eq!(unit.len(), 2);
    assert!(
        store
            .worklist(
                &WorklistFilter {
                    unit: Some(UnitId(999)),
                    ..Default::default()
                },
                today
            )
            .await
            .unwrap()
            .is_empty()
    );
}

async fn append_many_is_all_or_nothing(db: &TestDb) {
    let store = db.open().await;
    let mut batch = Vec::new();
    let mut ids = Vec::new();
    for i in 0..300 {
        let (case, _, _, events) = new_case(day(2024, 1, 1) + jiff::Span::new().days(i));
        ids.push(case);
        batch.push((case, 0, events));
    }
    // A case may appear twice; the second entry counts the first's events.
    let twice = ids[0];
    batch.push((twice, 2, vec![assigned(Some(CASEWORKER), day(2024, 2, 1))]));
    store.append_many(batch).await.unwrap();
    assert_eq!(store.all_events().await.unwrap().len(), 601);
    assert_eq!(store.case_version(twice).await.unwrap(), 3);
    let summary = store.case_summary(twice).await.unwrap().unwrap();
    assert_eq!(summary.caseworker, Some(CASEWORKER));
    let mine = store
        .worklist(
            &WorklistFilter {
                caseworker: Some(CASEWORKER),
                ..Default::default()
            },
            day(2024, 1, 1),
        )
        .await
        .unwrap();
    assert_eq!(mine.len(), 2, "deadlines rebuilt after the second entry");
    assert_eq!(
        store
            .worklist(&WorklistFilter::default(), day(2024, 1, 1))
            .await
            .unwrap()
            .len(),
        600
    );

    // One stale entry refuses the whole batch.
    let (fresh, _, _, events) = new_case(day(2024, 6, 1));
    let err = store
        .append_many(vec![
            (fresh, 0, events),
            (ids[1], 2, vec![assigned(Some(CASEWORKER), day(2024, 6, 1))]),
            (ids[2], 1, vec![assigned(Some(CASEWORKER), day(2024, 6, 1))]),
        ])
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict {
            case,
            expected,
            actual,
        } => assert_eq!((case, expected, actual), (ids[2], 1, 2)),
        other => panic!("expected conflict, got {other:?}"),
    }
    assert!(store.load_case(fresh).await.unwrap().is_empty());
    assert_eq!(store.case_version(ids[1]).await.unwrap(), 2);
    assert_eq!(store.all_events().await.unwrap().len(), 601);
}

fn person(given: &str, family: &str) -> Person {
    Person {
        id: PersonId::new_random(),
        identity_number: None,
        given_name: given.into(),
        family_name: family.into(),
        gender: Gender::Female,
        birth_date: None,
        protected: false,
        address: None,
    }
}

async fn persons_search_ignores_case_and_accents(db: &TestDb) {
    let store = db.open().await;
    let ostrom = person("Anna-Karin", "Öström");
    let ahlen = person("Émile", "Åhlén");
    let strom = person("Lena", "Ström");
    let percent = person("Per", "100%_ig");
    for p in [&ostrom, &ahlen, &strom, &percent] {
        store.upsert_person(p).await.unwrap();
    }
    let names = |v: Vec<Person>| -> Vec<String> { v.into_iter().map(|p| p.full_name()).collect() };
    let search = |q: &'static str| {
        let store = store.clone();
        async move { names(store.search_persons_by_name(q, 10).await.unwrap()) }
    };

    assert_eq!(search("Ostrom").await, ["Anna-Karin Öström"]);
    assert_eq!(search("öSTR").await, ["Anna-Karin Öström"]);
    assert_eq!(search("karin").await, ["Anna-Karin Öström"]);
    assert_eq!(search("ann ost").await, ["Anna-Karin Öström"]);
    assert_eq!(search("emile").await, ["Émile Åhlén"]);
    assert_eq!(search("AHLEN").await, ["Émile Åhlén"]);
    // Prefix of a name, not any substring.
    assert_eq!(search("strom").await, ["Lena Ström"]);
    assert!(search("trom").await.is_empty());
    assert!(search("anna lena").await.is_empty());
    // LIKE wildcards in the query are taken literally.
    assert!(search("%").await.is_empty());
    assert!(search("_").await.is_empty());
    assert_eq!(search("100").await, ["Per 100%_ig"]);
    assert!(search("   ").await.is_empty());
    assert_eq!(store.search_persons_by_name("a", 1).await.unwrap().len(), 1);

    // Renaming updates the key.
    let mut renamed = strom.clone();
    renamed.family_name = "Berg".into();
    store.upsert_person(&renamed).await.unwrap();
    assert!(search("strom").await.is_empty());
    assert_eq!(search("berg").await, ["Lena Berg"]);
    assert_eq!(store.person(strom.id).await.unwrap().unwrap(), renamed);
    assert!(
        store
            .person(PersonId::new_random())
            .await
            .unwrap()
            .is_none()
    );
}

/// The hit list's order: folded family name, given name, id.
fn in_hit_order(mut v: Vec<Person>) -> Vec<PersonId> {
    v.sort_by_key(|p| {
        (
            tillit_store::search_key(&p.family_name),
            tillit_store::search_key(&p.given_name),
            p.id.to_string(),
        )
    });
    v.into_iter().map(|p| p.id).collect()
}

/// 120 persons of one name in two spellings (one sound key), born 2010-2014,
/// and two whose name only starts the same.
fn common_name() -> Vec<Person> {
    let mut v: Vec<Person> = (0..120)
        .map(|i| {
            let family = if i % 3 == 0 {
                "Vanligson"
            } else {
                "Vanligsson"
            };
            let mut p = person(["Åsa", "Anna", "Bo", "Örjan"][i % 4], family);
            p.birth_date = Some(day(2010 + (i % 5) as i16, 3, 1));
            p
        })
        .collect();
    v.push(person("Eva", "Vanligssonsdotter"));
    v.push(person("Per", "Vanligssonsdotter"));
    v
}

/// Every page of `limit` hits, each after the last, until the end.
async fn all_pages(store: &Store, search: NameSearch<'_>) -> Vec<PersonId> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .search_persons(&NameSearch {
                after: after.as_deref(),
                ..search
            })
            .await
            .unwrap();
        assert!(page.len() <= search.limit as usize);
        out.extend(page.iter().map(|h| h.person.id));
        if page.len() < search.limit as usize {
            return out;
        }
        after = page.last().map(|h| h.sort_key.clone());
    }
}

/// The hits of one unscoped search with a year of birth (at most 100).
async fn hits_born(store: &Store, query: &str, year: i16) -> Vec<tillit_store::NameHit> {
    store
        .search_persons(&NameSearch {
            query,
            birth_year: Some(year),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
}

async fn persons_search_in_order_by_pages_and_birth_year(db: &TestDb) {
    let store = db.open().await;
    let all = common_name();
    store.upsert_persons(&all).await.unwrap();
    let expected = in_hit_order(all.clone());
    let ids = |v: Vec<Person>| -> Vec<PersonId> { v.into_iter().map(|p| p.id).collect() };
    // Both spellings by sound, the longer name by prefix; in order.
    assert_eq!(
        ids(store
            .search_persons_by_name("vanligsson", 1000)
            .await
            .unwrap()),
        expected
    );
    // The first hits only: the first of the whole list.
    assert_eq!(
        ids(store
            .search_persons_by_name("VANLIGSSON", 51)
            .await
            .unwrap()),
        expected[..51]
    );
    // Page after page, each from where the last ended: the same list.
    let search = NameSearch {
        query: "vanligsson",
        limit: 7,
        ..Default::default()
    };
    assert_eq!(all_pages(&store, search).await, expected);
    // A year of birth filters; with a given name too.
    let born_2012: Vec<Person> = all
        .iter()
        .filter(|p| p.birth_date.is_some_and(|d| d.year() == 2012))
        .cloned()
        .collect();
    assert_eq!(born_2012.len(), 24);
    let year = NameSearch {
        query: "vanligsson",
        birth_year: Some(2012),
        limit: 5,
        ..Default::default()
    };
    assert_eq!(
        all_pages(&store, year).await,
        in_hit_order(born_2012.clone())
    );
    let anna_2012: Vec<Person> = born_2012
        .into_iter()
        .filter(|p| p.given_name == "Anna")
        .collect();
    assert!(!anna_2012.is_empty());
    let hits = hits_born(&store, "anna vanlig", 2012).await;
    assert_eq!(
        hits.into_iter().map(|h| h.person.id).collect::<Vec<_>>(),
        in_hit_order(anna_2012)
    );
    let none = hits_born(&store, "vanligsson", 2020).await;
    assert!(none.is_empty());
    // A new year of birth moves the person's index rows with them.
    let mut moved = all[0].clone();
    moved.birth_date = Some(day(2020, 1, 1));
    store.upsert_person(&moved).await.unwrap();
    let found = hits_born(&store, "vanligsson", 2020).await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].person, moved);
}

async fn persons_search_within_a_users_scope(db: &TestDb) {
    let store = db.open().await;
    let all = common_name();
    store.upsert_persons(&all).await.unwrap();
    let other_unit = UnitId(UNIT.0 + 1);
    let on = day(2026, 2, 1);
    let open =
        |unit: UnitId, child: PersonId| vec![new_event(on, CaseEvent::CaseOpened { child, unit })];
    let mut emergency = Vec::new();
    let mut visible = Vec::new();
    for (i, p) in all.iter().enumerate() {
        let case = CaseId::new_random();
        let seen = match i {
            // Their own case in the user's unit, or in another.
            0..30 => {
                store.append(case, 0, open(UNIT, p.id)).await.unwrap();
                true
            }
            30..60 => {
                store.append(case, 0, open(other_unit, p.id)).await.unwrap();
                false
            }
            // Related to a child with a case in the user's unit, or in another.
            60..80 => {
                let child = person("Barn", "Annatnamn");
                store.upsert_person(&child).await.unwrap();
                let unit = if i < 70 { UNIT } else { other_unit };
                store.append(case, 0, open(unit, child.id)).await.unwrap();
                store
                    .add_relation(child.id, p.id, RelationKind::Network)
                    .await
                    .unwrap();
                i < 70
            }
            // Another unit's case, assigned to the user.
            80..85 => {
                let mut events = open(other_unit, p.id);
                events.push(new_event(
                    on,
                    CaseEvent::CaseAssigned {
                        caseworker: Some(CASEWORKER),
                        unit: other_unit,
                    },
                ));
                store.append(case, 0, events).await.unwrap();
                true
            }
            // Another unit's case, with emergency access.
            85..90 => {
                store.append(case, 0, open(other_unit, p.id)).await.unwrap();
                emergency.push(case);
                true
            }
            // In no case at all: everyone who may search sees them.
            _ => true,
        };
        if seen {
            visible.push(p.clone());
        }
    }
    let scope = PersonScope {
        unit: Some(UNIT),
        caseworker: CASEWORKER,
        cases: emergency,
    };
    let expected = in_hit_order(visible);
    assert_eq!(expected.len(), 30 + 10 + 5 + 5 + 32);
    for limit in [1, 5, 51, 1000] {
        let search = NameSearch {
            query: "vanligsson",
            scope: Some(&scope),
            limit,
            ..Default::default()
        };
        assert_eq!(
            all_pages(&store, search).await,
            expected,
            "pages of {limit}"
        );
    }
    // Someone of no unit, with no case of their own: the persons in no case.
    let stranger = PersonScope {
        unit: None,
        caseworker: UserId(CASEWORKER.0 + 100),
        cases: Vec::new(),
    };
    let hits = store
        .search_persons(&NameSearch {
            query: "vanligsson",
            scope: Some(&stranger),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        hits.into_iter().map(|h| h.person.id).collect::<Vec<_>>(),
        in_hit_order(all[90..].to_vec())
    );
}

async fn persons_search_by_a_short_prefix(db: &TestDb) {
    let store = db.open().await;
    // More distinct words starting with "zq" than are read one key at a
    // time; letters that the sound key keeps, so that the words found by
    // sound are those found by prefix.
    let letters: Vec<char> = "abdefilmnoprtuvy".chars().collect();
    let all: Vec<Person> = (0..80)
        .map(|i| {
            let family = format!("Zq{}{}", letters[i / 16], letters[i % 16]);
            person("Kim", &family)
        })
        .collect();
    store.upsert_persons(&all).await.unwrap();
    let expected = in_hit_order(all.clone());
    for (query, n) in [("zq", 80), ("zqa", 16), ("zqb", 16)] {
        let want: Vec<PersonId> = expected
            .iter()
            .copied()
            .filter(|id| {
                let p = all.iter().find(|p| p.id == *id).unwrap();
                tillit_store::search_key(&p.family_name).starts_with(query)
            })
            .collect();
        assert_eq!(want.len(), n);
        let search = NameSearch {
            query,
            limit: 9,
            ..Default::default()
        };
        assert_eq!(all_pages(&store, search).await, want, "{query}");
    }
}

async fn persons_identity_numbers_and_relations(db: &TestDb) {
    let store = db.open().await;
    let mut child = person("Alva", "Lind");
    child.identity_number = Some("20150312-2391".into());
    child.birth_date = Some(day(2015, 3, 12));
    child.protected = true;
    child.address = Some("Storgatan 1, 123 45 Ort".into());
    child.gender = Gender::Female;
    let mut mother = person("Sara", "Lind");
    mother.identity_number = Some("19850101-1234".into());
    let father = person("Olle", "Lind");
    let brother = person("Bo", "Lind");
    for p in [&child, &mother, &father, &brother] {
        store.upsert_person(p).await.unwrap();
    }
    assert_eq!(
        store.person(child.id).await.unwrap().unwrap(),
        child,
        "every field round-trips"
    );
    assert_eq!(
        store
            .person_by_identity_number("20150312-2391")
            .await
            .unwrap()
            .unwrap()
            .id,
        child.id
    );
    assert!(
        store
            .person_by_identity_number("20150312-0000")
            .await
            .unwrap()
            .is_none()
    );
    let mut clash = person("Annan", "Person");
    clash.identity_number = mother.identity_number.clone();
    let err = store.upsert_person(&clash).await.unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists(_)), "{err:?}");

    store
        .add_relation(child.id, brother.id, RelationKind::Sibling)
        .await
        .unwrap();
    store
        .add_relation(child.id, mother.id, RelationKind::Guardian)
        .await
        .unwrap();
    store
        .add_relation(child.id, father.id, RelationKind::Parent)
        .await
        .unwrap();
    // Idempotent.
    store
        .add_relation(child.id, mother.id, RelationKind::Guardian)
        .await
        .unwrap();
    let rel: Vec<(RelationKind, String)> = store
        .relations(child.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(k, p)| (k, p.given_name))
        .collect();
    assert_eq!(
        rel,
        vec![
            (RelationKind::Guardian, "Sara".to_string()),
            (RelationKind::Parent, "Olle".to_string()),
            (RelationKind::Sibling, "Bo".to_string()),
        ]
    );
    let children = store.related_children(mother.id).await.unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].0, RelationKind::Guardian);
    assert_eq!(children[0].1.id, child.id);

    let err = store
        .add_relation(child.id, PersonId::new_random(), RelationKind::Network)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    let err = store
        .add_relation(child.id, child.id, RelationKind::Sibling)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

    // Bulk: many persons in one go; a repeated id keeps its last version.
    let mut many: Vec<Person> = (0..450)
        .map(|i| person(&format!("Barn{i}"), "Bulk"))
        .collect();
    let mut again = many[3].clone();
    again.family_name = "Sist".into();
    many.push(again.clone());
    store.upsert_persons(&many).await.unwrap();
    assert_eq!(store.person(again.id).await.unwrap().unwrap(), again);
    assert_eq!(
        store
            .search_persons_by_name("bulk", 1000)
            .await
            .unwrap()
            .len(),
        449
    );
    let rels: Vec<_> = many[..300]
        .iter()
        .map(|p| (p.id, mother.id, RelationKind::Network))
        .collect();
    store.add_relations(&rels).await.unwrap();
    assert_eq!(store.related_children(mother.id).await.unwrap().len(), 301);
    // All or nothing: one unknown person refuses the whole batch.
    let mut bad: Vec<_> = many[300..]
        .iter()
        .map(|p| (p.id, father.id, RelationKind::Network))
        .collect();
    bad.push((PersonId::new_random(), father.id, RelationKind::Network));
    let err = store.add_relations(&bad).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    // Only the earlier relation (father of the child) is there.
    assert_eq!(store.related_children(father.id).await.unwrap().len(), 1);
}

async fn units_users_and_sessions(db: &TestDb) {
    let store = db.open().await;
    assert!(store.is_empty().await.unwrap());
    let barn = store.create_unit("Barn och familj", "barn").await.unwrap();
    // A unit alone makes the database non-empty.
    assert!(!store.is_empty().await.unwrap());
    let mott = store
        .create_unit("Mottagningen", "mottagning")
        .await
        .unwrap();
    assert_ne!(barn, mott);
    let units = store.units().await.unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(units[0].name, "Barn och familj");
    assert_eq!(units[0].kind_code, "barn");
    assert_eq!(units[0].id, barn);

    let new_user = NewUser {
        username: "anna".into(),
        display_name: "Anna Handläggare".into(),
        role: Role::Caseworker,
        unit: Some(barn),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    };
    let anna = store.create_user(&new_user).await.unwrap();
    let err = store.create_user(&new_user).await.unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists(_)), "{err:?}");
    let admin = store
        .create_user(&NewUser {
            username: "admin".into(),
            display_name: "Systemförvaltare".into(),
            role: Role::SystemAdministrator,
            unit: None,
            password_hash: "x".into(),
        })
        .await
        .unwrap();
    let err = store
        .create_user(&NewUser {
            username: "ghost".into(),
            unit: Some(UnitId(4242)),
            ..new_user.clone()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");

    let u = store.user(anna).await.unwrap().unwrap();
    assert_eq!(u.username, "anna");
    assert_eq!(u.display_name, "Anna Handläggare");
    assert_eq!(u.role, Role::Caseworker);
    assert_eq!(u.unit, Some(barn));
    assert_eq!(u.password_hash, new_user.password_hash);
    assert!(u.active);
    assert!(!format!("{u:?}").contains("argon2"), "Debug hides the hash");
    assert_eq!(
        store.user_by_username("anna").await.unwrap().unwrap().id,
        anna
    );
    assert!(store.user_by_username("Anna").await.unwrap().is_none());
    assert!(store.user(UserId(999_999)).await.unwrap().is_none());
    let all = store.users().await.unwrap();
    assert_eq!(
        all.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![anna, admin]
    );
    assert_eq!(all[1].unit, None);

    // Sessions: only the hash is stored.
    let token = "a-long-random-token";
    let hash = hash_session_token(token);
    assert_eq!(hash.len(), 64);
    let t0: Timestamp = "2026-01-10T08:00:00Z".parse().unwrap();
    let t1: Timestamp = "2026-01-10T08:05:30.25Z".parse().unwrap();
    let exp: Timestamp = "2026-01-10T16:00:00Z".parse().unwrap();
    store.create_session(&hash, anna, t0, exp).await.unwrap();
    assert!(store.session(token).await.unwrap().is_none());
    let s = store.session(&hash).await.unwrap().unwrap();
    assert_eq!(s.user, anna);
    assert_eq!((s.created_at, s.last_seen_at, s.expires_at), (t0, t0, exp));
    store.touch_session(&hash, t1).await.unwrap();
    assert_eq!(
        store.session(&hash).await.unwrap().unwrap().last_seen_at,
        t1
    );
    let err = store
        .create_session("other", UserId(999_999), t0, exp)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");

    // Expiry: only sessions that ended before `now` go.
    store
        .create_session("short", admin, t0, "2026-01-10T09:00:00Z".parse().unwrap())
        .await
        .unwrap();
    let n = store
        .delete_expired_sessions("2026-01-10T09:00:00.5Z".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert!(store.session("short").await.unwrap().is_none());
    assert!(store.session(&hash).await.unwrap().is_some());

    store.delete_session(&hash).await.unwrap();
    store.delete_session(&hash).await.unwrap();
    assert!(store.session(&hash).await.unwrap().is_none());

    // Deactivating a user ends the user's sessions.
    store.create_session(&hash, anna, t0, exp).await.unwrap();
    store.set_user_active(anna, false).await.unwrap();
    assert!(!store.user(anna).await.unwrap().unwrap().active);
    assert!(store.session(&hash).await.unwrap().is_none());
    store.set_user_active(anna, true).await.unwrap();
    store.set_password_hash(anna, "new").await.unwrap();
    assert_eq!(
        store.user(anna).await.unwrap().unwrap().password_hash,
        "new"
    );
    assert!(matches!(
        store.set_user_active(UserId(999_999), true).await,
        Err(StoreError::NotFound(_))
    ));
}

/// A password the administrator sets is a one-time password, marked with
/// the log entry that recorded it; the user's own ends it, and the user's
/// other sessions (migration 5).
async fn one_time_passwords_and_own_passwords(db: &TestDb) {
    let store = db.open().await;
    let unit = store.create_unit("Barn", "barn").await.unwrap();
    let anna = store
        .create_user(&NewUser {
            username: "anna".into(),
            display_name: "Anna".into(),
            role: Role::Caseworker,
            unit: Some(unit),
            password_hash: "first".into(),
        })
        .await
        .unwrap();
    let u = store.user(anna).await.unwrap().unwrap();
    assert!(!u.must_change_password, "a new row is not marked by itself");
    assert_eq!(u.password_set_seq, None);
    let t0: Timestamp = "2026-01-10T08:00:00Z".parse().unwrap();
    let exp: Timestamp = "2026-01-10T16:00:00Z".parse().unwrap();
    let (one, two) = (hash_session_token("one"), hash_session_token("two"));
    store.create_session(&one, anna, t0, exp).await.unwrap();

    store
        .set_one_time_password(anna, "reset", 42)
        .await
        .unwrap();
    let u = store.user(anna).await.unwrap().unwrap();
    assert_eq!(u.password_hash, "reset");
    assert!(u.must_change_password);
    assert_eq!(u.password_set_seq, Some(42));
    assert!(
        store.session(&one).await.unwrap().is_none(),
        "sessions ended"
    );

    store.create_session(&one, anna, t0, exp).await.unwrap();
    store.create_session(&two, anna, t0, exp).await.unwrap();
    store.set_own_password(anna, "mine", &one).await.unwrap();
    let u = store.user(anna).await.unwrap().unwrap();
    assert_eq!(u.password_hash, "mine");
    assert!(!u.must_change_password);
    assert_eq!(u.password_set_seq, None);
    assert!(
        store.session(&one).await.unwrap().is_some(),
        "this one goes on"
    );
    assert!(
        store.session(&two).await.unwrap().is_none(),
        "the others end"
    );
    assert!(matches!(
        store.set_one_time_password(UserId(999_999), "x", 1).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.set_own_password(UserId(999_999), "x", &one).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn persons_by_ids(db: &TestDb) {
    let store = db.open().await;
    let people: Vec<_> = (0..3)
        .map(|i| person(&format!("Namn{i}"), "Efternamn"))
        .collect();
    store.upsert_persons(&people).await.unwrap();
    let mut ids: Vec<_> = people.iter().map(|p| p.id).collect();
    ids.push(PersonId::new_random());
    let mut found: Vec<_> = store
        .persons(&ids)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    found.sort();
    let mut want: Vec<_> = people.iter().map(|p| p.id).collect();
    want.sort();
    assert_eq!(found, want, "the ones the store has");
    assert!(store.persons(&[]).await.unwrap().is_empty());
}

async fn is_empty_until_something_is_stored(db: &TestDb) {
    let store = db.open().await;
    assert!(store.is_empty().await.unwrap());
    // Persons alone do not count.
    store.upsert_person(&person("A", "B")).await.unwrap();
    assert!(store.is_empty().await.unwrap());
    let (case, _, _, events) = new_case(day(2025, 1, 1));
    store.append(case, 0, events).await.unwrap();
    assert!(!store.is_empty().await.unwrap());
}

async fn migrations_are_idempotent(db: &TestDb) {
    let first = db.open().await;
    let (case, _, _, events) = new_case(day(2025, 2, 3));
    first.append(case, 0, events).await.unwrap();
    let unit = first.create_unit("Ungdom", "ungdom").await.unwrap();
    first.close().await;

    // Open again, sequentially and then several at once.
    let second = db.open().await;
    assert_eq!(second.load_case(case).await.unwrap().len(), 2);
    let opens: Vec<_> = (0..4)
        .map(|_| {
            let cfg = db.cfg.clone();
            tokio::spawn(async move { tillit_store::Store::open(&cfg).await })
        })
        .collect();
    for o in opens {
        let s = o.await.unwrap().expect("concurrent open");
        assert_eq!(s.units().await.unwrap()[0].id, unit);
        s.close().await;
    }
    assert_eq!(second.units().await.unwrap().len(), 1);
    assert_eq!(second.case_version(case).await.unwrap(), 2);
}

// SIGKILL durability ----------------------------------------------------------

/// The environment variable that turns the test below into the writer.
const WRITER_URL: &str = "TILLIT_STORE_TEST_WRITER_URL";
const WRITER_CASE: &str = "TILLIT_STORE_TEST_WRITER_CASE";

/// Not a test of its own: the child process of
/// `acknowledged_appends_survive_sigkill`, which re-runs this test binary
/// with `--ignored --exact` and this name. Eight tasks write at once, so
/// that their writes are group-committed: each appends to its own case and
/// logs an access-log entry per append, and prints `ACK case-index version
/// log-seq` the moment both are acknowledged. Ignored in a normal run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the child process of acknowledged_appends_survive_sigkill"]
async fn sigkill_writer_child_process() {
    let url = std::env::var(WRITER_URL).expect("run by acknowledged_appends_survive_sigkill");
    let cases: Vec<CaseId> = std::env::var(WRITER_CASE)
        .unwrap()
        .split(',')
        .map(|c| c.parse().unwrap())
        .collect();
    let store = tillit_store::Store::open(&StoreConfig::from_url(&url))
        .await
        .unwrap();
    let out = std::sync::Arc::new(std::sync::Mutex::new(std::io::stdout()));
    let mut tasks = Vec::new();
    for (i, case) in cases.into_iter().enumerate() {
        let (store, out) = (store.clone(), out.clone());
        tasks.push(tokio::spawn(async move {
            let mut version = store.case_version(case).await.unwrap();
            // Bounded: the parent kills us long before this ends.
            for _ in 0..20_000 {
                let n = version + 1;
                let entry = [log_entry(i as i64, case, n)];
                let (appended, logged) = tokio::join!(
                    store.append(
                        case,
                        version,
                        vec![assigned(Some(UserId(n as i64)), day(2025, 1, 1))],
                    ),
                    store.log_access(&entry),
                );
                version = appended.unwrap();
                let seq = logged.unwrap()[0];
                let mut out = out.lock().unwrap();
                writeln!(out, "ACK {i} {version} {seq}").unwrap();
                out.flush().unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

/// An access-log entry naming the writer and the version it goes with.
fn log_entry(writer: i64, case: CaseId, version: u64) -> tillit_store::AccessEntry {
    tillit_store::AccessEntry {
        at: Timestamp::now(),
        user: UserId(writer),
        username: format!("skrivare{writer}"),
        role: Role::Caseworker,
        user_unit: Some(UNIT),
        client_addr: "192.0.2.1".into(),
        kind: tillit_store::AccessKind::Case,
        case: Some(case),
        case_unit: Some(UNIT),
        person: None,
        request_id: format!("{writer}-{version}"),
        reason: None,
        flags: vec![],
        ref_seq: None,
        detail: None,
    }
}

async fn acknowledged_appends_survive_sigkill(db: &TestDb) {
    const WRITERS: usize = 8;
    const ACKS: usize = 400;
    let store = db.open().await;
    let mut cases = Vec::new();
    for _ in 0..WRITERS {
        let (case, _, _, events) = new_case(day(2025, 1, 1));
        store.append(case, 0, events).await.unwrap();
        cases.push(case);
    }
    store.close().await;
    drop(store);

    let exe = std::env::current_exe().unwrap();
    let url = db.url();
    let case_list: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
    let acked = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(exe)
            .args([
                "--ignored",
                "--exact",
                "sigkill_writer_child_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_URL, url)
            .env(WRITER_CASE, case_list.join(","))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut acked: Vec<(usize, u64, u64)> = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("ACK ") {
                let f: Vec<u64> = rest.split(' ').map(|x| x.parse().unwrap()).collect();
                acked.push((f[0] as usize, f[1], f[2]));
                if acked.len() == ACKS {
                    break;
                }
            }
        }
        // Child::kill sends SIGKILL on Unix: no destructors, no flushing, and
        // most likely in the middle of the next group commit.
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "the writer was killed, not finished");
        acked
    })
    .await
    .unwrap();
    assert_eq!(acked.len(), ACKS, "the writer stopped early");

    let store = db.open().await;
    let mut case_events = Vec::new();
    for case in &cases {
        case_events.push(store.load_case(*case).await.unwrap());
    }
    for &(i, v, seq) in &acked {
        let events = &case_events[i];
        assert!(
            events.len() as u64 >= v,
            "acknowledged version {v} of writer {i} lost: only {} events after SIGKILL",
            events.len()
        );
        let e = &events[(v - 1) as usize];
        assert_eq!(e.version, v);
        assert_eq!(
            e.event,
            CaseEvent::CaseAssigned {
                caseworker: Some(UserId(v as i64)),
                unit: UNIT
            }
        );
        let logged = store
            .access_log_entry(seq)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged access-log entry {seq} lost"));
        assert_eq!(logged.entry.request_id, format!("{i}-{v}"));
    }
    // Writers really ran at once (the point of the test is group commit).
    assert!(
        acked
            .iter()
            .map(|a| a.0)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1
    );
    // The log is one intact chain; the read models agree with the log, and
    // every case can be written again.
    let report = store.verify_access_log().await.unwrap();
    assert!(report.is_intact(), "{:?}", report.broken);
    for (case, events) in cases.iter().zip(&case_events) {
        let summary = store.case_summary(*case).await.unwrap().unwrap();
        assert_eq!(summary.version, events.len() as u64);
        store
            .append(
                *case,
                summary.version,
                vec![assigned(None, day(2025, 1, 2))],
            )
            .await
            .unwrap();
    }
}

// Cancellation and group commit -----------------------------------------------

/// Writes whose callers give up at random moments (a timeout, an aborted
/// task: what a disconnecting client does to a request) are either written
/// whole or not at all, never leave the database locked or a transaction
/// open, and the access-log chain stays intact.
async fn cancelled_writes_leave_nothing_half_written(db: &TestDb) {
    use rand::{Rng, SeedableRng};
    let store = db.open().await;
    let impatient = store.with_wait(Some(std::time::Duration::from_millis(2)));
    let mut rng = rand::rngs::StdRng::seed_from_u64(8);
    let mut tasks = Vec::new();
    let mut cases = Vec::new();
    for i in 0..240u64 {
        let (case, _, _, events) = new_case(day(2025, 3, 1));
        // Three events at once: all or none must be there.
        let events = [events, vec![assigned(Some(CASEWORKER), day(2025, 3, 2))]].concat();
        cases.push(case);
        let s = if i % 2 == 0 {
            store.clone()
        } else {
            impatient.clone()
        };
        let give_up = std::time::Duration::from_micros(rng.random_range(0..3_000));
        let task = tokio::spawn(async move {
            let write = async {
                let _ = s.append(case, 0, events).await;
                let _ = s
                    .log_access(&[log_entry(7, case, 1), log_entry(7, case, 2)])
                    .await;
                let _ = s
                    .save_draft(case, UserId(7), "utkast", None, Timestamp::now())
                    .await;
            };
            let _ = tokio::time::timeout(give_up, write).await;
        });
        if i % 3 == 0 {
            // Some are not even allowed to time out: aborted mid-flight.
            let abort = task.abort_handle();
            let after = std::time::Duration::from_micros(rng.random_range(0..2_000));
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                abort.abort();
            });
        }
        tasks.push(task);
    }
    for t in tasks {
        let _ = t.await;
    }
    store.flush().await.unwrap();

    for case in &cases {
        let events = store.load_case(*case).await.unwrap();
        assert!(
            events.is_empty() || events.len() == 3,
            "a half-written append: {} events",
            events.len()
        );
        match store.case_summary(*case).await.unwrap() {
            Some(s) => assert_eq!(s.version, events.len() as u64),
            None => assert!(events.is_empty()),
        }
    }
    let report = store.verify_access_log().await.unwrap();
    assert!(report.is_intact(), "{:?}", report.broken);
    assert_eq!(report.checked % 2, 0, "a half-written pair of log entries");

    // Nothing is wedged: a write right after succeeds at once.
    let started = std::time::Instant::now();
    let (case, _, _, events) = new_case(day(2025, 3, 3));
    store
        .with_wait(Some(std::time::Duration::from_secs(2)))
        .append(case, 0, events)
        .await
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

/// Many writers at once: each write is acknowledged with its own result
/// (a conflict refuses only the stale write, not the others committed with
/// it), and the access log numbers entries in the order they were sent by
/// each writer, one chain.
async fn concurrent_writes_are_committed_together_in_order(db: &TestDb) {
    let store = db.open().await;
    let (case, _, _, events) = new_case(day(2025, 4, 1));
    store.append(case, 0, events).await.unwrap();
    let mut tasks = Vec::new();
    for w in 0..16i64 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            let mut wins = 0;
            for n in 0..25u64 {
                // Everyone appends at version 2: exactly one may win.
                if s.append(case, 2, vec![assigned(Some(UserId(w)), day(2025, 4, 2))])
                    .await
                    .is_ok()
                {
                    wins += 1;
                }
                seqs.extend(s.log_access(&[log_entry(w, case, n)]).await.unwrap());
            }
            (seqs, wins)
        }));
    }
    let mut all = Vec::new();
    let mut wins = 0;
    for t in tasks {
        let (seqs, w) = t.await.unwrap();
        // One writer's entries are numbered in the order it sent them.
        assert!(seqs.windows(2).all(|p| p[0] < p[1]), "{seqs:?}");
        all.extend(seqs);
        wins += w;
    }
    assert_eq!(wins, 1, "exactly one append at version 2 may succeed");
    all.sort_unstable();
    all.dedup();
    assert_eq!(
        all.len(),
        16 * 25,
        "every acknowledged entry has its own number"
    );
    assert_eq!(store.load_case(case).await.unwrap().len(), 3);
    let report = store.verify_access_log().await.unwrap();
    assert!(report.is_intact(), "{:?}", report.broken);
    assert_eq!(report.checked, 16 * 25);
}

/// The candidates of a self-audit: the unit's cases opened in the period,
/// both ends included, closed ones too; another unit's never.
async fn cases_opened_in_a_period_are_those_of_the_unit_and_the_days(db: &TestDb) {
    let store = db.open().await;
    let mut ids = Vec::new();
    for on in [
        day(2026, 1, 31),
        day(2026, 2, 1),
        day(2026, 2, 28),
        day(2026, 3, 1),
    ] {
        let (case, _, _, events) = new_case(on);
        store.append(case, 0, events).await.unwrap();
        ids.push(case);
    }
    let other = CaseId::new_random();
    let child = PersonId::new_random();
    store
        .append(
            other,
            0,
            vec![new_event(
                day(2026, 2, 10),
                CaseEvent::CaseOpened {
                    child,
                    unit: UnitId(UNIT.0 + 1),
                },
            )],
        )
        .await
        .unwrap();
    let got: Vec<CaseId> = store
        .cases_opened(UNIT, day(2026, 2, 1), day(2026, 2, 28))
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(
        got,
        vec![ids[1], ids[2]],
        "oldest first, both ends included"
    );
    let other_unit = store
        .cases_opened(UnitId(UNIT.0 + 1), day(2026, 1, 1), day(2026, 12, 31))
        .await
        .unwrap();
    assert_eq!(
        other_unit.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![other]
    );
    assert!(
        store
            .cases_opened(UNIT, day(2026, 3, 2), day(2026, 12, 31))
            .await
            .unwrap()
            .is_empty()
    );
}
