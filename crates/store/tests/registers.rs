//! Registers' records (Lex Sarah, incidents): written once, run against
//! SQLite and PostgreSQL.

mod common;

use common::*;
use jiff::Timestamp;
use tillit_domain::register::incident::{Incident, IncidentCategory, IncidentEntry};
use tillit_domain::register::lex_sarah::{LexSarah, LexSarahEntry, LexSarahTopic};
use tillit_domain::register::{Register, RegisterKind, Writer, Written, decide};
use tillit_domain::{RecordId, UnitId, UserId};
use tillit_store::{RecordFilter, RecordWrite, Store, StoreError};

store_suite!(
    a_record_is_written_read_back_and_listed,
    a_stale_write_is_refused_and_nothing_is_written,
    two_records_are_written_together_or_not_at_all,
);

const REPORTER: UserId = UserId(7);
const LEAD: UserId = UserId(8);

fn writer(user: UserId, handles: bool) -> Writer {
    Writer { user, handles }
}

/// Decide `entry` on `state` and return the written entry.
fn write<R: Register>(
    state: &R::State,
    entry: R::Entry,
    w: Writer,
) -> (R::State, Written<R::Entry>) {
    decide::<R>(state, &entry, w, day(2026, 3, 3), Timestamp::now()).unwrap()
}

fn report(unit: UnitId) -> LexSarahEntry {
    LexSarahEntry::Reported {
        happened_on: day(2026, 3, 2),
        unit,
        topic: LexSarahTopic::Documentation,
        risk_only: false,
        what: "Journalanteckningar har försvunnit.".into(),
        immediate_action: Some("Enhetschefen informerad.".into()),
        concerns: None,
        provider: None,
        provider_code: None,
        case: None,
    }
}

async fn new_lex_sarah(store: &Store, unit: UnitId) -> (RecordId, LexSarah) {
    let id = RecordId::new_random();
    let (state, w) = write::<LexSarah>(&LexSarah::default(), report(unit), writer(REPORTER, false));
    store
        .write_records(vec![
            RecordWrite::new::<LexSarah>(id, 0, &LexSarah::default(), &[w]).unwrap(),
        ])
        .await
        .unwrap();
    (id, state)
}

async fn a_record_is_written_read_back_and_listed(db: &TestDb) {
    let store = db.open().await;
    let (id, state) = new_lex_sarah(&store, UnitId(1)).await;
    let (second, _) = new_lex_sarah(&store, UnitId(2)).await;
    let back = store.record::<LexSarah>(id).await.unwrap().unwrap();
    assert_eq!((back.number, back.version), (1, 1));
    assert_eq!(back.state, state);
    assert_eq!(back.entries[0].entry, report(UnitId(1)));
    assert_eq!(back.entries[0].by, REPORTER);
    // Another register does not find it.
    assert!(store.record::<Incident>(id).await.unwrap().is_none());

    // Received: the head and the deadlines follow.
    let (next, received) = write::<LexSarah>(
        &state,
        LexSarahEntry::Received {
            investigator: UserId(9),
        },
        writer(LEAD, true),
    );
    let (next, assessed) = write::<LexSarah>(
        &next,
        LexSarahEntry::Assessed {
            serious: true,
            motivation: "Uppgifter om ett barn saknas.".into(),
        },
        writer(LEAD, true),
    );
    store
        .write_records(vec![
            RecordWrite::new::<LexSarah>(id, 1, &state, &[received, assessed]).unwrap(),
        ])
        .await
        .unwrap();
    let back = store.record::<LexSarah>(id).await.unwrap().unwrap();
    assert_eq!(back.version, 3);
    assert_eq!(back.state, next);

    let all = store
        .records(RegisterKind::LexSarah, &RecordFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let head = all.iter().find(|h| h.id == id).unwrap();
    assert_eq!(
        (
            head.status.as_str(),
            head.serious,
            head.handler,
            head.number
        ),
        ("investigating", true, Some(UserId(9)), 1)
    );
    let unit2 = store
        .records(
            RegisterKind::LexSarah,
            &RecordFilter {
                unit: Some(UnitId(2)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(unit2.iter().map(|h| h.id).collect::<Vec<_>>(), vec![second]);
    let by_year = |y| RecordFilter {
        year: Some(y),
        ..Default::default()
    };
    assert_eq!(
        store
            .records(RegisterKind::LexSarah, &by_year(2026))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .records(RegisterKind::LexSarah, &by_year(2025))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .records(RegisterKind::Incident, &RecordFilter::default())
            .await
            .unwrap()
            .is_empty()
    );

    let due = store
        .record_deadlines(&[RegisterKind::LexSarah], Some(UnitId(1)))
        .await
        .unwrap();
    let mut what: Vec<&str> = due.iter().map(|d| d.what.as_str()).collect();
    what.sort();
    assert_eq!(what, vec!["investigate", "report_to_ivo"]);
    assert!(due.iter().all(|d| d.record == id && d.number == 1));
    let everywhere = store
        .record_deadlines(&[RegisterKind::LexSarah, RegisterKind::Incident], None)
        .await
        .unwrap();
    // The second record waits to be received.
    assert!(
        everywhere
            .iter()
            .any(|d| d.record == second && d.what == "receive")
    );
}

async fn a_stale_write_is_refused_and_nothing_is_written(db: &TestDb) {
    let store = db.open().await;
    let (id, state) = new_lex_sarah(&store, UnitId(1)).await;
    let (_, received) = write::<LexSarah>(
        &state,
        LexSarahEntry::Received {
            investigator: UserId(9),
        },
        writer(LEAD, true),
    );
    let stale = RecordWrite::new::<LexSarah>(id, 0, &state, std::slice::from_ref(&received));
    // A second "new" record with the same id is refused.
    match store.write_records(vec![stale.unwrap()]).await {
        Err(StoreError::RecordChanged { expected, actual }) => {
            assert_eq!((expected, actual), (0, 1))
        }
        other => panic!("{other:?}"),
    }
    let ok = RecordWrite::new::<LexSarah>(id, 1, &state, std::slice::from_ref(&received)).unwrap();
    store.write_records(vec![ok.clone()]).await.unwrap();
    // The same write again is stale now.
    let err = store.write_records(vec![ok]).await.unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    let back = store.record::<LexSarah>(id).await.unwrap().unwrap();
    assert_eq!(back.version, 2);
    assert_eq!(back.entries.len(), 2);
}

async fn two_records_are_written_together_or_not_at_all(db: &TestDb) {
    let store = db.open().await;
    let incident = RecordId::new_random();
    let (inc_state, reported) = write::<Incident>(
        &Incident::default(),
        IncidentEntry::Reported {
            happened_on: day(2026, 3, 1),
            unit: UnitId(1),
            category: IncidentCategory::Documentation,
            added: None,
            what: "En dom delgavs inte.".into(),
            cause: None,
        },
        writer(REPORTER, false),
    );
    store
        .write_records(vec![
            RecordWrite::new::<Incident>(incident, 0, &Incident::default(), &[reported]).unwrap(),
        ])
        .await
        .unwrap();
    // Raise it to Lex Sarah: the new report and the link in one write.
    let lex = RecordId::new_random();
    let (_, lex_reported) =
        write::<LexSarah>(&LexSarah::default(), report(UnitId(1)), writer(LEAD, true));
    let (_, raised) = write::<Incident>(
        &inc_state,
        IncidentEntry::RaisedToLexSarah { record: lex },
        writer(LEAD, true),
    );
    let raise = |incident_version| {
        vec![
            RecordWrite::new::<LexSarah>(
                lex,
                0,
                &LexSarah::default(),
                std::slice::from_ref(&lex_reported),
            )
            .unwrap(),
            RecordWrite::new::<Incident>(
                incident,
                incident_version,
                &inc_state,
                std::slice::from_ref(&raised),
            )
            .unwrap(),
        ]
    };
    // Against a stale incident version, neither is written.
    assert!(
        store
            .write_records(raise(5))
            .await
            .unwrap_err()
            .is_conflict()
    );
    assert!(store.record::<LexSarah>(lex).await.unwrap().is_none());
    store.write_records(raise(1)).await.unwrap();
    let back = store.record::<Incident>(incident).await.unwrap().unwrap();
    assert_eq!(back.state.lex_sarah, Some(lex));
    assert!(back.state.lex_sarah.is_some());
    let head = store.record_head(incident).await.unwrap().unwrap();
    assert_eq!(head.register, RegisterKind::Incident);
    assert!(store.record::<LexSarah>(lex).await.unwrap().is_some());
}
