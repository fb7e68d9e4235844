//! Economic assistance's records on the register tables: a household
//! written with its persons in one transaction (or neither), read back
//! one by one and all at once. SQLite and PostgreSQL.

mod common;

use common::*;
use jiff::Timestamp;
use tillit_domain::assistance::money::YearMonth;
use tillit_domain::catalog::Gender;
use tillit_domain::person::Person;
use tillit_domain::register::assistance::{AssistanceEntry, Household, Member, MemberRole};
use tillit_domain::register::{Writer, decide};
use tillit_domain::{PersonId, RecordId, UnitId, UserId};
use tillit_store::{RecordWrite, StoreError};

store_suite!(a_household_is_written_with_its_persons_or_not_at_all,);

fn person(n: u128, number: &str, given: &str) -> Person {
    Person {
        id: PersonId::from_u128(n),
        identity_number: Some(number.into()),
        given_name: given.into(),
        family_name: "Testsson".into(),
        gender: Gender::Female,
        birth_date: Some(day(1988, 6, 1)),
        protected: false,
        address: None,
    }
}

fn opened(n: u128, unit: UnitId) -> (Household, RecordWrite) {
    let entry = AssistanceEntry::Opened {
        unit,
        applicant: Member {
            person: PersonId::from_u128(n),
            role: MemberRole::Applicant,
            birth_date: day(1988, 6, 1),
            gender: Gender::Female,
            from: YearMonth::new(2026, 1).unwrap(),
        },
    };
    let w = Writer {
        user: UserId(3),
        handles: true,
    };
    let (state, written) = decide::<Household>(
        &Household::default(),
        &entry,
        w,
        day(2026, 1, 5),
        Timestamp::now(),
    )
    .unwrap();
    let write =
        RecordWrite::new::<Household>(RecordId::new_random(), 0, &Household::default(), &[written])
            .unwrap();
    (state, write)
}

async fn a_household_is_written_with_its_persons_or_not_at_all(db: &TestDb) {
    let store = db.open().await;
    let (state, write) = opened(1, UnitId(4));
    store
        .write_records_with_persons(vec![person(1, "19880601-9802", "Alva")], vec![write])
        .await
        .unwrap();
    assert_eq!(
        store
            .person(PersonId::from_u128(1))
            .await
            .unwrap()
            .unwrap()
            .given_name,
        "Alva"
    );
    // A second person with the same identity number: neither the person
    // nor the household is stored.
    let (_, write) = opened(2, UnitId(4));
    let e = store
        .write_records_with_persons(vec![person(2, "19880601-9802", "Beda")], vec![write])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::AlreadyExists(_)), "{e:?}");
    assert!(
        store
            .person(PersonId::from_u128(2))
            .await
            .unwrap()
            .is_none()
    );
    let (_, other_unit) = opened(1, UnitId(9));
    store.write_records(vec![other_unit]).await.unwrap();
    let all = store.all_records::<Household>(None).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].state, state);
    assert_eq!(all[0].number, 1);
    let own = store
        .all_records::<Household>(Some(UnitId(4)))
        .await
        .unwrap();
    assert_eq!(own.len(), 1);
    let one = store.record::<Household>(own[0].id).await.unwrap().unwrap();
    assert_eq!(one.state, own[0].state);
}
