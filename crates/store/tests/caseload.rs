//! The caseload lists' query: open cases with child, caseworker, the day
//! the phase began, the LVU ground, the next deadline and the draft flag,
//! filtered in SQL. Run against SQLite and PostgreSQL.

mod common;

use common::*;
use tillit_domain::case::{CaseEvent, LegalBasis, PreAssessmentOutcome};
use tillit_domain::catalog::{ClosureReason, Gender};
use tillit_domain::person::Person;
use tillit_domain::role::Role;
use tillit_domain::{CaseId, ItemId, PersonId, UnitId, UserId};
use tillit_store::{CaseloadFilter, NewUser, Store};

store_suite!(the_caseload_lists_open_cases_with_phase_day_deadline_and_draft);

async fn user(store: &Store, unit: UnitId, name: &str) -> UserId {
    store
        .create_user(&NewUser {
            username: name.to_lowercase(),
            display_name: name.into(),
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
        family_name: "Listsson".into(),
        gender: Gender::Unknown,
        birth_date: None,
        protected: false,
        address: None,
    }
}

/// A case of `child` in `unit`, opened on `on` with a report, assigned to `cw`.
async fn case(
    store: &Store,
    child: &Person,
    unit: UnitId,
    cw: UserId,
    on: jiff::civil::Date,
) -> (CaseId, ItemId) {
    store.upsert_person(child).await.unwrap();
    let case = CaseId::new_random();
    let rep = ItemId::new_random();
    let mut events = vec![
        new_event(
            on,
            CaseEvent::CaseOpened {
                child: child.id,
                unit,
            },
        ),
        report(rep, on),
    ];
    events.push(new_event(
        on,
        CaseEvent::CaseAssigned {
            caseworker: Some(cw),
            unit,
        },
    ));
    store.append(case, 0, events).await.unwrap();
    (case, rep)
}

async fn the_caseload_lists_open_cases_with_phase_day_deadline_and_draft(db: &TestDb) {
    let store = db.open().await;
    let unit = store.create_unit("Barnenheten", "barn").await.unwrap();
    let other = store.create_unit("Ungdomsenheten", "ungdom").await.unwrap();
    let anna = user(&store, unit, "Anna").await;
    let bo = user(&store, unit, "Bo").await;
    let cleo = user(&store, other, "Cleo").await;

    // Received 2026-03-02, still waiting for its pre-assessment.
    let (received, _) = case(&store, &child("Ada"), unit, anna, day(2026, 3, 2)).await;
    // Received 2026-03-01, assessed without investigation 2026-03-09.
    let (assessed, rep) = case(&store, &child("Bea"), unit, bo, day(2026, 3, 1)).await;
    store
        .append(
            assessed,
            3,
            vec![new_event(
                day(2026, 3, 9),
                CaseEvent::PreAssessmentDecided {
                    report: rep,
                    outcome: PreAssessmentOutcome::NoInvestigation,
                    reasoning: "Ingen utredning.".into(),
                },
            )],
        )
        .await
        .unwrap();
    // An emergency removal (LVU 2 §) in anna's case of the other child.
    let (lvu, _) = case(&store, &child("Cia"), unit, anna, day(2026, 2, 1)).await;
    store
        .append(
            lvu,
            3,
            vec![new_event(
                day(2026, 2, 3),
                CaseEvent::EmergencyRemovalDecided {
                    removal: ItemId::new_random(),
                    legal_basis: LegalBasis::Lvu2,
                    decided_by: anna,
                    decided_on: day(2026, 2, 3),
                    executed_on: day(2026, 2, 3),
                },
            )],
        )
        .await
        .unwrap();
    // Closed: never listed. Another unit's: not in this unit's list.
    let (closed, _) = case(&store, &child("Dag"), unit, anna, day(2026, 1, 5)).await;
    store
        .append(
            closed,
            3,
            vec![new_event(
                day(2026, 1, 20),
                CaseEvent::CaseClosed {
                    reason: ClosureReason::Other,
                    on: day(2026, 1, 20),
                },
            )],
        )
        .await
        .unwrap();
    case(&store, &child("Eja"), other, cleo, day(2026, 3, 3)).await;
    store
        .save_draft(received, bo, "Utkast", None, at(day(2026, 3, 3)))
        .await
        .unwrap();

    let unit_list = store
        .caseload(&CaseloadFilter {
            unit: Some(unit),
            ..Default::default()
        })
        .await
        .unwrap();
    let ids: Vec<CaseId> = unit_list.iter().map(|r| r.case).collect();
    assert_eq!(ids, vec![lvu, assessed, received], "open, oldest first");
    let row = |id: CaseId| unit_list.iter().find(|r| r.case == id).unwrap();
    assert_eq!(row(received).phase, "received");
    assert_eq!(row(received).phase_since, Some(day(2026, 3, 2)));
    assert!(row(received).has_draft && !row(assessed).has_draft);
    assert_eq!(row(received).caseworker_name, "Anna");
    assert_eq!(row(received).child.given_name, "Ada");
    // The safety assessment (due the day the report came) is the next
    // deadline of the received case; the pre-assessment runs too.
    let next = row(received).next.clone().unwrap();
    assert_eq!(next.kind_code, "safety_assessment");
    assert_eq!(next.planning_date, day(2026, 3, 2));
    assert!(row(received).deadlines >= 2);
    assert_eq!(row(assessed).phase, "assessed");
    assert_eq!(row(assessed).phase_since, Some(day(2026, 3, 9)));
    assert_eq!(row(lvu).lvu_ground.as_deref(), Some("lvu2"));
    assert_eq!(row(lvu).phase, "intervening");
    assert_eq!(row(lvu).phase_since, Some(day(2026, 2, 3)));
    assert_eq!(row(assessed).lvu_ground, None);

    // Filters in SQL: caseworkers, phases, legal basis.
    let mine = store
        .caseload(&CaseloadFilter {
            unit: Some(unit),
            caseworkers: Some(vec![anna]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        mine.iter().map(|r| r.case).collect::<Vec<_>>(),
        vec![lvu, received]
    );
    let received_only = store
        .caseload(&CaseloadFilter {
            unit: Some(unit),
            phases: vec!["received".into(), "assessed".into()],
            caseworkers: Some(vec![anna, bo]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        received_only.iter().map(|r| r.case).collect::<Vec<_>>(),
        vec![assessed, received]
    );
    let lvu_only = store
        .caseload(&CaseloadFilter {
            unit: Some(unit),
            any_lvu: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        lvu_only.iter().map(|r| r.case).collect::<Vec<_>>(),
        vec![lvu]
    );
    let sol = store
        .caseload(&CaseloadFilter {
            unit: Some(unit),
            lvu_ground: Some(None),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(sol.len(), 2);
    let lvu3 = store
        .caseload(&CaseloadFilter {
            unit: Some(unit),
            lvu_ground: Some(Some("lvu3".into())),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(lvu3.is_empty());
    assert!(
        store
            .caseload(&CaseloadFilter {
                caseworkers: Some(vec![]),
                ..Default::default()
            })
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.has_draft(received, bo).await.unwrap());
    assert!(!store.has_draft(received, anna).await.unwrap());
}
