//! Categories added to a catalogue (migration 12), on SQLite and PostgreSQL.

mod common;

use common::*;
use jiff::civil::date;
use tillit_domain::UserId;
use tillit_store::{CatalogRow, StoreError};

store_suite!(categories_are_added_once_ended_and_never_removed);

async fn categories_are_added_once_ended_and_never_removed(db: &TestDb) {
    let store = db.open().await;
    let row = CatalogRow {
        catalog: "incident".into(),
        code: "lakemedel".into(),
        label: "Läkemedel".into(),
        valid_from: date(2026, 1, 1),
        valid_to: None,
    };
    store.add_catalog_entry(&row, UserId(1)).await.unwrap();
    let again = CatalogRow {
        label: "Ett annat namn".into(),
        ..row.clone()
    };
    assert!(matches!(
        store.add_catalog_entry(&again, UserId(1)).await,
        Err(StoreError::AlreadyExists(_))
    ));
    assert_eq!(
        store.catalog_entries("incident").await.unwrap(),
        vec![row.clone()]
    );
    assert!(store.catalog_entries("other").await.unwrap().is_empty());
    store
        .end_catalog_entry("incident", "lakemedel", date(2026, 6, 30))
        .await
        .unwrap();
    assert!(matches!(
        store
            .end_catalog_entry("incident", "finns_inte", date(2026, 6, 30))
            .await,
        Err(StoreError::NotFound(_))
    ));
    let back = store.catalog_entries("incident").await.unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].label, "Läkemedel", "the name is kept");
    assert_eq!(back[0].valid_to, Some(date(2026, 6, 30)));
}
