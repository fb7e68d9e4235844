//! Gallring of complaints' contact details: erased two years after the
//! complaint was closed, the rest of the complaint kept, nothing else
//! touched, and a second run changes nothing. On a real SQLite file, and
//! on PostgreSQL when TILLIT_TEST_DATABASE_URL names a server.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use tillit_app::retention::erase_complaint_contacts;
use tillit_domain::register::complaint::{Channel, Complaint, ComplaintEntry, ComplaintKind};
use tillit_domain::register::{Register, Writer, decide};
use tillit_domain::{RecordId, UnitId, UserId};
use tillit_store::{RecordWrite, Store, StoreConfig};

const CONTACT: &str = "anna.avsandare@example.se";

/// A complaint received and, if `closed_on`, answered and closed that day.
async fn complaint(store: &Store, contact: Option<&str>, on: Date, closed: bool) -> RecordId {
    let public = Writer {
        user: UserId(0),
        handles: false,
    };
    let lead = Writer {
        user: UserId(8),
        handles: true,
    };
    let mut state = Complaint::default();
    let mut written = Vec::new();
    let mut entries = vec![(
        ComplaintEntry::Received {
            kind: ComplaintKind::Complaint,
            unit: UnitId(1),
            message: "Ingen ringde tillbaka.".into(),
            contact: contact.map(Into::into),
            channel: Channel::EService,
            receipt: format!("SK-{}", RecordId::new_random()),
        },
        public,
    )];
    if closed {
        if contact.is_some() {
            entries.push((
                ComplaintEntry::Answered {
                    on,
                    how: "Per e-post.".into(),
                },
                lead,
            ));
        }
        entries.push((
            ComplaintEntry::Closed {
                conclusion: "Rutinen för återuppringning är ändrad.".into(),
            },
            lead,
        ));
    }
    for (entry, w) in entries {
        let (next, wr) = decide::<Complaint>(&state, &entry, w, on, Timestamp::now()).unwrap();
        state = next;
        written.push(wr);
    }
    let id = RecordId::new_random();
    store
        .write_records(vec![
            RecordWrite::new::<Complaint>(id, 0, &Complaint::default(), &written).unwrap(),
        ])
        .await
        .unwrap();
    id
}

fn contact_of(r: &tillit_store::Record<Complaint>) -> Option<String> {
    match &r.entries[0].entry {
        ComplaintEntry::Received { contact, .. } => contact.clone(),
        _ => panic!("the first entry is the complaint"),
    }
}

async fn run(store: &Store) {
    let old = complaint(store, Some(CONTACT), date(2024, 3, 9), true).await;
    let recent = complaint(store, Some(CONTACT), date(2024, 3, 11), true).await;
    let open = complaint(store, Some(CONTACT), date(2023, 1, 10), false).await;
    let anonymous = complaint(store, None, date(2023, 1, 10), true).await;
    let today = date(2026, 3, 10);
    let before = store.record::<Complaint>(old).await.unwrap().unwrap();

    assert_eq!(erase_complaint_contacts(store, today, 2).await.unwrap(), 1);
    let after = store.record::<Complaint>(old).await.unwrap().unwrap();
    assert_eq!(contact_of(&after), None, "closed two years ago: erased");
    assert_eq!(after.entries.len(), before.entries.len());
    for (a, b) in after.entries.iter().zip(&before.entries).skip(1) {
        assert_eq!(a, b, "the handling is kept");
    }
    match (&after.entries[0].entry, &before.entries[0].entry) {
        (
            ComplaintEntry::Received {
                message: m1,
                receipt: r1,
                ..
            },
            ComplaintEntry::Received {
                message: m2,
                receipt: r2,
                ..
            },
        ) => assert_eq!((m1, r1), (m2, r2), "the complaint itself is kept"),
        _ => panic!(),
    }
    assert_eq!(
        Complaint::head(&after.state).unwrap().closed_on,
        Some(date(2024, 3, 9))
    );
    for kept in [recent, open] {
        let r = store.record::<Complaint>(kept).await.unwrap().unwrap();
        assert_eq!(contact_of(&r).as_deref(), Some(CONTACT));
    }
    assert!(
        store
            .record::<Complaint>(anonymous)
            .await
            .unwrap()
            .is_some()
    );
    // Again: nothing left to erase.
    assert_eq!(erase_complaint_contacts(store, today, 2).await.unwrap(), 0);
    // A day later the second one is due.
    assert_eq!(
        erase_complaint_contacts(store, date(2026, 3, 11), 2)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn complaint_contacts_are_erased_two_years_after_closing_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::Sqlite {
        path: dir.path().join("tillit.sqlite"),
    })
    .await
    .unwrap();
    run(&store).await;
}

#[tokio::test]
async fn complaint_contacts_are_erased_two_years_after_closing_postgres() {
    let Ok(url) = std::env::var("TILLIT_TEST_DATABASE_URL") else {
        return;
    };
    // A database of its own, dropped afterwards.
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("tillit_retention_{}", std::process::id());
    let mut admin = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let db_url = match url.rfind('/') {
        Some(i) => format!("{}/{name}", &url[..i]),
        None => panic!("TILLIT_TEST_DATABASE_URL has no database name"),
    };
    let store = Store::open(&StoreConfig::Postgres { url: db_url })
        .await
        .unwrap();
    run(&store).await;
    store.close().await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
