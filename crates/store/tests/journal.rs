//! Journal drafts, the all-or-nothing report registration and the unit
//! overview: written once, run against SQLite and PostgreSQL.

mod common;

use common::*;
use tillit_domain::case::CaseEvent;
use tillit_domain::catalog::Gender;
use tillit_domain::person::{Person, RelationKind};
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UserId};
use tillit_store::{NewUser, Store, StoreError, WorklistFilter};

store_suite!(
    drafts_are_saved_replaced_and_deleted,
    signing_clears_the_draft_in_the_same_transaction,
    a_report_about_several_children_is_written_whole_or_not_at_all,
    the_unit_overview_counts_from_the_read_models,
    worklist_items_name_their_item,
);

/// A unit (id 1, matching nothing in particular) and one user in it.
async fn user(store: &Store) -> UserId {
    let unit = store.create_unit("Barn och unga", "barn").await.unwrap();
    store
        .create_user(&NewUser {
            username: format!("u{}", unit.0),
            display_name: "Anna".into(),
            role: Role::Caseworker,
            unit: Some(unit),
            password_hash: "x".into(),
        })
        .await
        .unwrap()
}

fn child(given: &str) -> Person {
    Person {
        id: PersonId::new_random(),
        identity_number: None,
        given_name: given.into(),
        family_name: "Syskonsson".into(),
        gender: Gender::Unknown,
        birth_date: None,
        protected: false,
        address: None,
    }
}

async fn drafts_are_saved_replaced_and_deleted(db: &TestDb) {
    let store = db.open().await;
    let u = user(&store).await;
    let (case, _, _, events) = new_case(day(2026, 3, 2));
    store.append(case, 0, events).await.unwrap();

    assert_eq!(store.draft(case, u).await.unwrap(), None);
    let long = format!("<script>x</script>{}", "åäö".repeat(20_000));
    store
        .save_draft(case, u, &long, None, at(day(2026, 3, 2)))
        .await
        .unwrap();
    let d = store.draft(case, u).await.unwrap().unwrap();
    assert_eq!(d.text, long);
    assert_eq!(d.corrects, None);
    assert_eq!(d.updated_at, at(day(2026, 3, 2)));

    let old = ItemId::new_random();
    store
        .save_draft(case, u, "Andra versionen", Some(old), at(day(2026, 3, 3)))
        .await
        .unwrap();
    let d = store.draft(case, u).await.unwrap().unwrap();
    assert_eq!(
        (d.text.as_str(), d.corrects),
        ("Andra versionen", Some(old))
    );
    // Drafts are per user.
    assert_eq!(store.draft(case, UserId(u.0 + 100)).await.unwrap(), None);

    store.delete_draft(case, u).await.unwrap();
    assert_eq!(store.draft(case, u).await.unwrap(), None);
    store.delete_draft(case, u).await.unwrap();

    // A draft needs an existing case.
    let err = store
        .save_draft(CaseId::new_random(), u, "x", None, at(day(2026, 3, 3)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
}

async fn signing_clears_the_draft_in_the_same_transaction(db: &TestDb) {
    let store = db.open().await;
    let u = user(&store).await;
    let (case, _, _, events) = new_case(day(2026, 3, 2));
    store.append(case, 0, events).await.unwrap();
    store
        .save_draft(case, u, "Samtal", None, at(day(2026, 3, 3)))
        .await
        .unwrap();
    let sign = |entry| {
        vec![new_event(
            day(2026, 3, 3),
            CaseEvent::JournalEntrySigned {
                entry,
                text: "Samtal".into(),
                corrects: None,
            },
        )]
    };
    // A stale version: nothing written, the draft stays.
    let err = store
        .append_and_clear_draft(case, 1, sign(ItemId::new_random()), u)
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    assert!(store.draft(case, u).await.unwrap().is_some());
    assert_eq!(store.case_version(case).await.unwrap(), 2);

    let v = store
        .append_and_clear_draft(case, 2, sign(ItemId::new_random()), u)
        .await
        .unwrap();
    assert_eq!(v, 3);
    assert_eq!(store.draft(case, u).await.unwrap(), None);
    let loaded = store.load_case(case).await.unwrap();
    assert!(matches!(
        loaded[2].event,
        CaseEvent::JournalEntrySigned { .. }
    ));
}

async fn a_report_about_several_children_is_written_whole_or_not_at_all(db: &TestDb) {
    let store = db.open().await;
    let on = day(2026, 3, 2);
    // The older sibling is known and has an open case.
    let known = child("Ali");
    store.upsert_person(&known).await.unwrap();
    let known_case = CaseId::new_random();
    store
        .append(
            known_case,
            0,
            vec![opened(known.id, on), report(ItemId::new_random(), on)],
        )
        .await
        .unwrap();
    let new_child = child("Bea");
    let new_case_id = CaseId::new_random();
    let batch = |known_version| {
        vec![
            (
                new_case_id,
                0,
                vec![opened(new_child.id, on), report(ItemId::new_random(), on)],
            ),
            (
                known_case,
                known_version,
                vec![report(ItemId::new_random(), on)],
            ),
        ]
    };
    let siblings = [new_child.id, known.id];

    // The known case moved on meanwhile: nothing at all is written, not
    // even the new person or the new case.
    let err = store
        .register_report(std::slice::from_ref(&new_child), &siblings, batch(1))
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(store.person(new_child.id).await.unwrap(), None);
    assert_eq!(store.case_summary(new_case_id).await.unwrap(), None);
    assert_eq!(store.case_version(known_case).await.unwrap(), 2);
    assert!(store.relations(known.id).await.unwrap().is_empty());

    store
        .register_report(std::slice::from_ref(&new_child), &siblings, batch(2))
        .await
        .unwrap();
    assert_eq!(
        store.person(new_child.id).await.unwrap(),
        Some(new_child.clone())
    );
    assert_eq!(store.case_version(new_case_id).await.unwrap(), 2);
    assert_eq!(store.case_version(known_case).await.unwrap(), 3);
    let rel = store.relations(known.id).await.unwrap();
    assert_eq!(rel.len(), 1);
    assert_eq!(rel[0].0, RelationKind::Sibling);
    assert_eq!(rel[0].1.id, new_child.id);
    assert_eq!(
        store.relations(new_child.id).await.unwrap()[0].1.id,
        known.id
    );

    // A new case must start by being opened.
    let err = store
        .register_report(
            &[],
            &[],
            vec![(
                CaseId::new_random(),
                0,
                vec![report(ItemId::new_random(), on)],
            )],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
}

async fn the_unit_overview_counts_from_the_read_models(db: &TestDb) {
    let store = db.open().await;
    let on = day(2026, 3, 2);
    // Two cases of the caseworker, one unassigned; one report last month.
    let (a, _, _, mut events) = new_case(on);
    events.push(assigned(Some(CASEWORKER), on));
    store.append(a, 0, events).await.unwrap();
    let (b, _, _, mut events) = new_case(on);
    events.push(assigned(Some(CASEWORKER), on));
    store.append(b, 0, events).await.unwrap();
    let (c, _, _, events) = new_case(day(2026, 2, 27));
    store.append(c, 0, events).await.unwrap();

    let rows = store
        .unit_overview(UNIT, day(2026, 3, 1), day(2026, 3, 31), day(2026, 3, 20))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let unassigned = &rows[0];
    assert_eq!(unassigned.caseworker, None);
    assert_eq!(unassigned.reports_received, 0);
    assert_eq!(unassigned.open_cases, 1);
    assert_eq!(unassigned.open_pre_assessments, 1);
    // Its safety assessment (due 2026-02-27) and pre-assessment (2026-03-13) are overdue.
    assert_eq!(unassigned.overdue, 2);
    let mine = &rows[1];
    assert_eq!(mine.caseworker, Some(CASEWORKER));
    assert_eq!(mine.reports_received, 2);
    assert_eq!(mine.open_cases, 2);
    assert_eq!(mine.open_pre_assessments, 2);
    assert_eq!(mine.open_investigations, 0);
    assert_eq!(mine.placed_children, 0);
    // Another unit has nothing.
    let none = store
        .unit_overview(
            tillit_domain::UnitId(UNIT.0 + 1),
            day(2026, 3, 1),
            day(2026, 3, 31),
            day(2026, 3, 20),
        )
        .await
        .unwrap();
    assert!(none.is_empty());
    assert!(store.placed_cases(UNIT).await.unwrap().is_empty());
}

async fn worklist_items_name_their_item(db: &TestDb) {
    let store = db.open().await;
    let (case, _, rep, events) = new_case(day(2026, 3, 2));
    store.append(case, 0, events).await.unwrap();
    let items = store
        .worklist(&WorklistFilter::default(), day(2026, 3, 2))
        .await
        .unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i.item == Some(rep)), "{items:?}");
}
