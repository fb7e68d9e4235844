//! The economy in the store: an SIE 4 export and a CSV correction
//! imported and imported again (nothing doubled, the receipt says what
//! changed), the budget as decided beside its revisions, forecasts,
//! providers and the structure. Run against SQLite and PostgreSQL.

mod common;

use common::*;
use jiff::Timestamp;
use tillit_domain::catalog::InterventionKind;
use tillit_domain::economy::care::{DailyPrice, MonthlyFee, Provider, ProviderCategory};
use tillit_domain::economy::statement::ForecastPoint;
use tillit_domain::economy::structure::{Financing, FinancingKind};
use tillit_domain::economy::*;
use tillit_domain::{UnitId, UserId};
use tillit_store::{NewForecast, Stamp, Store, StoreError};

store_suite!(
    an_sie_export_and_a_csv_correction_import_exactly_once,
    the_decided_budget_stays_beside_its_revisions,
    forecasts_providers_and_structure_read_back,
);

const SIE: &[u8] = include_bytes!("../../../testdata/economy/tillkoping-utfall-2025-01-02.se");
const CSV: &[u8] = include_bytes!("../../../testdata/economy/tillkoping-rattelse-2025-02.csv");

fn stamp() -> Stamp {
    Stamp {
        by: UserId(31),
        at: Timestamp::now(),
    }
}

fn m(month: i8) -> Month {
    Month::new(2025, month).unwrap()
}

async fn outcome(store: &Store) -> Vec<LedgerLine> {
    store.outcome(m(1), m(12)).await.unwrap()
}

fn net(lines: &[LedgerLine], month: i8) -> Money {
    lines
        .iter()
        .filter(|l| l.key.month == m(month))
        .map(|l| l.amount)
        .sum()
}

async fn an_sie_export_and_a_csv_correction_import_exactly_once(db: &TestDb) {
    let store = db.open().await;
    let file = parse_ledger_file(SIE).unwrap();
    let (_, first) = store
        .import_ledger("utfall.se".into(), "a".into(), file.clone(), stamp())
        .await
        .unwrap();
    assert_eq!(first.added, file.lines.len());
    assert_eq!((first.changed, first.removed), (0, 0));
    let stored = outcome(&store).await;
    assert_eq!(stored, file.lines);

    // The same file again: nothing doubled, nothing changed, and it says so.
    let (_, again) = store
        .import_ledger("utfall.se".into(), "a".into(), file.clone(), stamp())
        .await
        .unwrap();
    assert!(again.is_unchanged(), "{again:?}");
    assert_eq!(again.unchanged, file.lines.len());
    assert_eq!(outcome(&store).await, stored);

    // A CSV correcting February replaces February once; January stays.
    let csv = parse_ledger_file(CSV).unwrap();
    assert_eq!(csv.format, LedgerFormat::Csv);
    assert_eq!(csv.months.iter().copied().collect::<Vec<_>>(), vec![m(2)]);
    let jan_before = net(&stored, 1);
    let (_, fix) = store
        .import_ledger("rattelse.csv".into(), "b".into(), csv.clone(), stamp())
        .await
        .unwrap();
    assert_eq!(fix.months.len(), 1);
    assert_eq!(fix.months[0].net_before, net(&stored, 2));
    assert_eq!(
        fix.months[0].net_after,
        csv.lines.iter().map(|l| l.amount).sum()
    );
    assert_eq!(
        (fix.added, fix.changed, fix.removed, fix.unchanged),
        (1, 1, 0, 2)
    );
    let after = outcome(&store).await;
    assert_eq!(net(&after, 1), jan_before);
    assert_eq!(
        after
            .iter()
            .filter(|l| l.key.month == m(2))
            .cloned()
            .collect::<Vec<_>>(),
        csv.lines
    );
    // Importing the correction twice changes nothing more.
    let (_, twice) = store
        .import_ledger("rattelse.csv".into(), "b".into(), csv, stamp())
        .await
        .unwrap();
    assert!(twice.is_unchanged());
    assert_eq!(outcome(&store).await, after);

    let imports = store.ledger_imports().await.unwrap();
    assert_eq!(imports.len(), 4);
    assert_eq!(imports[0].file_name, "rattelse.csv");
    assert!(imports[0].receipt.is_unchanged());
    assert_eq!(imports[3].months, vec![m(1), m(2)]);
    let names = store.account_names().await.unwrap();
    assert!(
        names
            .iter()
            .any(|(a, n)| a == "46310" && n == "Köpt HVB-vård, barn och unga")
    );

    // A malformed file never reaches the store: its errors name the lines.
    let bad = b"#FORMAT PC8\n#PSALDO 0 202503 5010 {1 \"4120\"} 12,5\n";
    let e = parse_ledger_file(bad).unwrap_err();
    assert_eq!(e.errors[0].line, 2);
    assert_eq!(outcome(&store).await, after);
}

fn bl(resp: &str, account: &str, kr: i64) -> BudgetLine {
    BudgetLine {
        key: BudgetKey {
            year: 2025,
            responsibility: resp.into(),
            activity: "4021".into(),
            project: String::new(),
            account: account.into(),
        },
        amount: Money::kronor(kr),
    }
}

async fn the_decided_budget_stays_beside_its_revisions(db: &TestDb) {
    let store = db.open().await;
    let decided = vec![
        bl("4120", "46310", -1_000_000),
        bl("4120", "5010", -500_000),
        bl("4120", "3510", 100_000),
    ];
    store
        .set_decided_budget(
            2025,
            decided.clone(),
            day(2024, 11, 20),
            "KF 2024-11-20 § 150".into(),
            stamp(),
        )
        .await
        .unwrap();
    // Decided again before any revision: replaces.
    store
        .set_decided_budget(
            2025,
            decided.clone(),
            day(2024, 11, 21),
            "Justerat beslut".into(),
            stamp(),
        )
        .await
        .unwrap();
    let (budget, heads) = store.budget(2025).await.unwrap();
    assert_eq!(heads.len(), 1);
    assert_eq!(budget.decided.len(), 3);

    let wanted = vec![
        bl("4120", "46310", -1_200_000),
        bl("4120", "5010", -300_000),
    ];
    let rev = Revision::to_reach(
        &budget.in_force(None),
        &wanted,
        day(2025, 6, 10),
        "Ombudgetering: vakanser finansierar köpt vård".into(),
    );
    assert_eq!(
        store.add_budget_revision(2025, rev, stamp()).await.unwrap(),
        1
    );
    let (budget, heads) = store.budget(2025).await.unwrap();
    assert_eq!(heads.len(), 2);
    assert_eq!(
        heads[1].reason,
        "Ombudgetering: vakanser finansierar köpt vård"
    );
    // The budget as decided is still readable as it was.
    let mut sorted = decided.clone();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(budget.decided, sorted);
    let now = budget.in_force(None);
    let total: Money = now.iter().map(|l| l.amount).sum();
    assert_eq!(total, Money::kronor(100_000 - 1_200_000 - 300_000));
    let before: Money = budget
        .in_force(Some(day(2025, 6, 9)))
        .iter()
        .map(|l| l.amount)
        .sum();
    assert_eq!(before, Money::kronor(100_000 - 1_500_000));
    // After a revision the decided budget is history.
    let refused = store
        .set_decided_budget(2025, decided, day(2025, 7, 1), "Nytt".into(), stamp())
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Invalid(_)), "{refused:?}");
    // No revision of a year without a budget.
    let orphan = Revision {
        decided_on: day(2026, 1, 1),
        reason: "x".into(),
        changes: vec![bl("4120", "5010", 1)],
    };
    assert!(
        store
            .add_budget_revision(2026, orphan, stamp())
            .await
            .is_err()
    );
    assert_eq!(store.budget_years().await.unwrap(), vec![2025]);
}

async fn forecasts_providers_and_structure_read_back(db: &TestDb) {
    let store = db.open().await;
    let f = |comment: &str, other: i64| NewForecast {
        year: 2025,
        point: ForecastPoint::T2,
        responsibility: "4120".into(),
        activity: "4021".into(),
        project: String::new(),
        amounts: [Money::ZERO, Money::kronor(-10), Money::kronor(other)],
        comment: comment.into(),
    };
    store
        .enter_forecast(f("Första", -100), stamp())
        .await
        .unwrap();
    store
        .enter_forecast(f("Två nya placeringar", -140), stamp())
        .await
        .unwrap();
    let rows = store.forecasts(2025).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].forecast, f("Två nya placeringar", -140));

    let p = Provider {
        code: "solg".into(),
        name: "Solgården HVB".into(),
        category: ProviderCategory::ContractedHvb,
        valid: Validity::from(day(2020, 1, 1)),
        prices: vec![
            DailyPrice {
                valid: Validity {
                    from: day(2024, 1, 1),
                    to: Some(day(2024, 12, 31)),
                },
                kind: Some(InterventionKind::Hvb),
                per_day: Money::kronor(3_400),
            },
            DailyPrice {
                valid: Validity::from(day(2025, 1, 1)),
                kind: None,
                per_day: Money::kronor(3_550),
            },
        ],
        fees: vec![],
    };
    let own = Provider {
        code: "ek".into(),
        name: "Familjehemmet Ek".into(),
        category: ProviderCategory::OwnFamilyHome,
        valid: Validity::from(day(2019, 3, 1)),
        prices: vec![],
        fees: vec![MonthlyFee {
            valid: Validity::from(day(2025, 1, 1)),
            fee: Money::kronor(11_500),
            expenses: Money::kronor(6_200),
        }],
    };
    store
        .save_providers(vec![p.clone(), own.clone()])
        .await
        .unwrap();
    let cat = store.providers().await.unwrap();
    assert_eq!(cat.providers, vec![own.clone(), p.clone()]);
    let mut clash = own.clone();
    clash.code = "ek2".into();
    clash.name = "familjehemmet ek".into();
    assert!(store.save_providers(vec![clash]).await.is_err());

    let s = Structure {
        responsibilities: vec![Responsibility {
            code: "4120".into(),
            name: "Barnenheten".into(),
            unit: Some(UnitId(2)),
            valid: Validity::from(day(2020, 1, 1)),
        }],
        activities: vec![Activity {
            code: "4021".into(),
            name: "Institutionsvård barn och unga".into(),
            placement_type: Some(PlacementType::Institution),
            valid: Validity::from(day(2020, 1, 1)),
        }],
        projects: vec![Project {
            code: "PRJ-ÖPPEN".into(),
            name: "Öppna insatser".into(),
            responsibility: Some("4120".into()),
            financing: vec![
                Financing {
                    kind: FinancingKind::Own,
                    source: "Socialnämnden".into(),
                    year: 2025,
                    amount: Money::kronor(180_000),
                },
                Financing {
                    kind: FinancingKind::StateGrant,
                    source: "Socialstyrelsen".into(),
                    year: 2025,
                    amount: Money::kronor(635_560),
                },
            ],
            valid: Validity {
                from: day(2025, 1, 1),
                to: Some(day(2026, 12, 31)),
            },
        }],
    };
    store.save_structure(s.clone()).await.unwrap();
    store.save_structure(s.clone()).await.unwrap();
    let back = store.economy_structure().await.unwrap();
    let mut expected = s.clone();
    expected.projects[0]
        .financing
        .sort_by(|a, b| a.kind.code().cmp(b.kind.code()));
    assert_eq!(back, expected);
    assert_eq!(back.projects[0].financed_in(2025), Money::kronor(815_560));
}
