//! The riksnorm entered by the administrator (catalogue `riksnorm` of
//! `catalog_entries`), on SQLite and PostgreSQL.

mod common;

use common::*;
use tillit_domain::UserId;
use tillit_domain::assistance::norm_entry::EnteredNorm;
use tillit_store::StoreError;

store_suite!(an_entered_year_round_trips_and_a_correction_keeps_the_old_version);

fn table(year: i16, single: i64) -> EnteredNorm {
    EnteredNorm {
        year,
        child: [2180, 2440, 2170, 2440, 3060, 3520, 3970, 4000],
        child_lunch_at_preschool: [2050, 2240, 1990, 2170],
        single_adult: single,
        cohabiting_adults: 5700,
        common: [1020, 1130, 1420, 1610, 1860, 2100, 2270],
        source: format!(
            "SFS {}:1, socialtjänstförordningen 2 kap. 1 § (test)",
            year - 1
        ),
        source_url: String::new(),
    }
}

async fn an_entered_year_round_trips_and_a_correction_keeps_the_old_version(db: &TestDb) {
    let store = db.open().await;
    assert!(store.riksnorm_versions().await.unwrap().is_empty());
    let first = table(2026, 3160);
    assert_eq!(
        store
            .enter_riksnorm(&first, 0, "", UserId(7))
            .await
            .unwrap(),
        1
    );
    // A second "first entry" of the same year: someone else was first.
    assert!(matches!(
        store
            .enter_riksnorm(&table(2026, 1), 0, "", UserId(8))
            .await,
        Err(StoreError::RecordChanged {
            expected: 0,
            actual: 1
        })
    ));
    store
        .enter_riksnorm(&table(2025, 3100), 0, "", UserId(7))
        .await
        .unwrap();
    let fixed = table(2026, 3170);
    assert_eq!(
        store
            .enter_riksnorm(&fixed, 1, "Ensamstående var fel", UserId(8))
            .await
            .unwrap(),
        2
    );
    // A correction of a version no longer in force: nothing written.
    assert!(matches!(
        store
            .enter_riksnorm(&table(2026, 9), 1, "sent", UserId(7))
            .await,
        Err(StoreError::RecordChanged {
            expected: 1,
            actual: 2
        })
    ));
    let all = store.riksnorm_versions().await.unwrap();
    let got: Vec<(i16, u32, i64, i64, &str)> = all
        .iter()
        .map(|v| {
            (
                v.table.year,
                v.version,
                v.table.single_adult,
                v.entered_by.0,
                v.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (2025, 1, 3100, 7, ""),
            (2026, 1, 3160, 7, ""),
            (2026, 2, 3170, 8, "Ensamstående var fel"),
        ]
    );
    assert_eq!(all[1].table, first, "the old version is kept as it was");
    assert_eq!(all[2].table, fixed);
    assert!(all[1].entered_at <= all[2].entered_at);
    let in_force = store.riksnorm_in_force().await.unwrap();
    assert_eq!(
        in_force
            .iter()
            .map(|v| (v.table.year, v.version))
            .collect::<Vec<_>>(),
        vec![(2025, 1), (2026, 2)]
    );
    // The incident catalogue does not see them.
    assert!(store.catalog_entries("incident").await.unwrap().is_empty());
}
