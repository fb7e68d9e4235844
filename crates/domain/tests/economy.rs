//! The economy's rules: files read exactly or refused by line, tables
//! whose parts add up to their totals, deviations by their one
//! definition, cost per årsplacering by its definition.

use jiff::civil::date;
use proptest::prelude::*;
use tillit_domain::economy::budget::{BudgetKey, BudgetLine};
use tillit_domain::economy::chart::StatementLine;
use tillit_domain::economy::ledger::{LedgerFormat, TextEncoding};
use tillit_domain::economy::sie::{self, SieHeader};
use tillit_domain::economy::statement::{self, PlacementFigure};
use tillit_domain::economy::*;

/// An export shaped like a municipality's: dimensions for ansvar,
/// verksamhet and projekt (and an employee dimension summed away), the
/// accounts' totals beside their breakdowns, negative amounts (incomes are
/// credit), Swedish letters in names and object codes, CP437.
pub const MUNICIPAL_EXPORT: &str = r#"#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Raindance Ekonomi" 2024.2
#GEN 20250506 "ekonomi"
#FNAMN "Tillköpings kommun"
#ORGNR 212000-0000
#RAR 0 20250101 20251231
#RAR -1 20240101 20241231
#KPTYP KOMMUN
#DIM 1 "Ansvar"
#DIM 6 "Projekt"
#DIM 7 "Anställd"
#DIM 20 "Verksamhet"
#OBJEKT 1 "4120" "Barnenheten"
#OBJEKT 1 "4130" "Ungdomsenheten"
#OBJEKT 20 "4021" "Institutionsvård barn och unga"
#OBJEKT 20 "4022" "Familjehemsvård barn och unga"
#OBJEKT 6 "PRJ-ÖPPEN" "Öppna insatser (statsbidrag)"
#KONTO 3510 "Statsbidrag, riktade"
#KONTO 46310 "Köpt HVB-vård, barn och unga"
#KONTO 5010 "Månadslön"
#KONTO 5610 "Sociala avgifter"
#KONTO 1930 "Bankkonto"
#RES 0 3510 -125000.00
#RES 0 46310 240000.00
#RES -1 46310 999.00
#PSALDO 0 202501 3510 {} -50000.00
#PSALDO 0 202501 3510 {1 "4120" 20 "4022" 6 "PRJ-ÖPPEN"} -50000.00
#PSALDO 0 202502 3510 {} -75000.00
#PSALDO 0 202502 3510 {1 "4120" 20 "4022" 6 "PRJ-ÖPPEN"} -75000.00
#PSALDO 0 202501 46310 {} 130000.00
#PSALDO 0 202501 46310 {1 "4120" 20 "4021"} 100000.00
#PSALDO 0 202501 46310 {1 "4130" 20 "4021"} 30000.00
#PSALDO 0 202502 46310 {} 110000.00
#PSALDO 0 202502 46310 {1 "4120" 20 "4021"} 112500.50
#PSALDO 0 202502 46310 {1 "4130" 20 "4021"} -2500.50
#PSALDO 0 202501 5010 {1 "4120"} 200000.00
#PSALDO 0 202501 5010 {1 "4120" 7 "A17"} 120000.00
#PSALDO 0 202501 5010 {1 "4120" 7 "A18"} 80000.00
#PSALDO 0 202501 5610 {1 "4120" 20 "4022"} 62840.00
#PSALDO 0 202501 1930 {} -562840.00
"#;

pub fn municipal_export_cp437() -> Vec<u8> {
    sie::encode_cp437(MUNICIPAL_EXPORT).expect("the export is CP437 text")
}

fn find(
    f: &LedgerFile,
    month: i8,
    account: &str,
    resp: &str,
    act: &str,
    proj: &str,
) -> Option<Money> {
    f.lines
        .iter()
        .find(|l| {
            l.key.month == Month::new(2025, month).unwrap()
                && l.key.account == account
                && l.key.responsibility == resp
                && l.key.activity == act
                && l.key.project == proj
        })
        .map(|l| l.amount)
}

#[test]
fn a_municipal_sie_export_in_cp437_reads_exactly() {
    let bytes = municipal_export_cp437();
    assert!(std::str::from_utf8(&bytes).is_err(), "CP437, not UTF-8");
    assert_eq!(
        bytes,
        include_bytes!("../../../testdata/economy/tillkoping-utfall-2025-01-02.se"),
        "testdata/economy holds this export"
    );
    let f = sie::parse(&bytes).unwrap();
    assert_eq!(f.format, LedgerFormat::SiePeriodBalances);
    assert_eq!(f.encoding, TextEncoding::Cp437);
    assert_eq!(f.organisation.as_deref(), Some("Tillköpings kommun"));
    assert_eq!(
        f.months.iter().copied().collect::<Vec<_>>(),
        vec![Month::new(2025, 1).unwrap(), Month::new(2025, 2).unwrap()]
    );
    // Incomes are credit in the ledger: positive in the statement.
    assert_eq!(
        find(&f, 1, "3510", "4120", "4022", "PRJ-ÖPPEN"),
        Some(Money::kronor(50_000))
    );
    // Costs negative, a negative cost (a credit note) positive.
    assert_eq!(
        find(&f, 2, "46310", "4120", "4021", ""),
        Some(Money(-11_250_050))
    );
    assert_eq!(
        find(&f, 2, "46310", "4130", "4021", ""),
        Some(Money(250_050))
    );
    // The employee dimension is summed away; the totals are not counted twice.
    assert_eq!(
        find(&f, 1, "5010", "4120", "", ""),
        Some(Money::kronor(-200_000))
    );
    assert_eq!(
        f.lines.iter().filter(|l| l.key.account == "5010").count(),
        1
    );
    // The bank account is not the committee's operations.
    assert!(f.lines.iter().all(|l| l.key.account != "1930"));
    assert_eq!(f.left_out_rows, 1);
    let net: Money = f.lines.iter().map(|l| l.amount).sum();
    assert_eq!(net, Money::kronor(125_000 - 240_000 - 200_000 - 62_840));
    assert!(f.object_names.iter().any(|(r, c, n)| r == "projekt"
        && c == "PRJ-ÖPPEN"
        && n == "Öppna insatser (statsbidrag)"));
    // The same file in UTF-8 reads the same.
    let utf8 = sie::parse(MUNICIPAL_EXPORT.as_bytes()).unwrap();
    assert_eq!(utf8.encoding, TextEncoding::Utf8);
    assert_eq!(utf8.lines, f.lines);
}

#[test]
fn malformed_sie_files_name_every_bad_line_and_give_nothing() {
    let text = MUNICIPAL_EXPORT
        .replace(
            "#PSALDO 0 202501 5610 {1 \"4120\" 20 \"4022\"} 62840.00",
            "#PSALDO 0 202513 5610 {1 \"4120\" 20 \"4022\"} 62840.00",
        )
        .replace("#KONTO 5010 \"Månadslön\"", "#KONTO 5010 \"Månadslön")
        .replace(
            "#PSALDO 0 202501 46310 {1 \"4130\" 20 \"4021\"} 30000.00",
            "#PSALDO 0 202501 46310 {1 \"4130\" 20 \"4021\"} 30000,00",
        )
        + "Löner januari 120000\n";
    let e = sie::parse(&sie::encode_cp437(&text).unwrap()).unwrap_err();
    let lines: Vec<usize> = e.errors.iter().map(|e| e.line).collect();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(lines.contains(&line_of("202513 5610")), "{e}");
    assert!(lines.contains(&line_of("#KONTO 5010")), "{e}");
    assert!(lines.contains(&line_of("30000,00")), "{e}");
    assert!(lines.contains(&line_of("Löner januari")), "{e}");
    let shown = e.to_string();
    assert!(
        shown.contains(&format!("rad {}", line_of("Löner januari"))),
        "{shown}"
    );

    // #RES that does not match its periodsaldon.
    let wrong = MUNICIPAL_EXPORT.replace("#RES 0 3510 -125000.00", "#RES 0 3510 -125000.01");
    let e = sie::parse(wrong.as_bytes()).unwrap_err();
    assert_eq!(e.errors[0].line, line_of("#RES 0 3510"), "{e}");

    // A voucher that does not balance.
    let ver = "#FORMAT PC8\n#VER A 1 20250110 \"Faktura\"\n{\n#TRANS 46310 {1 \"4120\"} 1000.00\n#TRANS 2440 {} -999.00\n}\n";
    let e = sie::parse(ver.as_bytes()).unwrap_err();
    assert_eq!(e.errors[0].line, 2, "{e}");
}

#[test]
fn vouchers_are_read_by_transaction_month() {
    let ver = "#FORMAT PC8\n#DIM 1 \"Ansvar\"\n#DIM 20 \"Verksamhet\"\n\
        #VER A 1 20250131 \"Faktura Solgården\"\n{\n\
        #TRANS 46310 {1 \"4120\" 20 \"4021\"} 93000.00 20250201 \"januari\"\n\
        #TRANS 2440 {} -93000.00\n}\n\
        #VER B 7 20250215 \"Kreditfaktura\"\n{\n\
        #RTRANS 46310 {1 \"4120\" 20 \"4021\"} -3000.00\n\
        #TRANS 46310 {1 \"4120\" 20 \"4021\"} -3000.00\n\
        #BTRANS 46310 {1 \"4120\" 20 \"4021\"} -9.00\n\
        #TRANS 2440 {} 3000.00\n}\n";
    let f = sie::parse(ver.as_bytes()).unwrap();
    assert_eq!(f.format, LedgerFormat::SieVouchers);
    assert_eq!(f.lines.len(), 1);
    assert_eq!(f.lines[0].key.month, Month::new(2025, 2).unwrap());
    assert_eq!(f.lines[0].amount, Money::kronor(-90_000));
}

fn arb_line() -> impl Strategy<Value = LedgerLine> {
    (
        1i8..=12,
        prop::sample::select(vec![
            "3510", "46310", "5010", "5610", "6010", "7050", "4590", "52210",
        ]),
        prop::sample::select(vec!["4110", "4120", "Ö-1"]),
        prop::sample::select(vec!["4021", "4022", "4030"]),
        prop::sample::select(vec!["", "P1", "PRJ-Å"]),
        -1_000_000_000i64..1_000_000_000,
    )
        .prop_map(|(m, a, r, v, p, amount)| LedgerLine {
            key: LedgerKey {
                month: Month::new(2025, m).unwrap(),
                account: a.into(),
                responsibility: r.into(),
                activity: v.into(),
                project: p.into(),
            },
            amount: Money(amount),
        })
}

fn normal(mut lines: Vec<LedgerLine>) -> Vec<LedgerLine> {
    lines.sort_by(|a, b| a.key.cmp(&b.key));
    lines.dedup_by(|b, a| {
        if a.key == b.key {
            a.amount += b.amount;
            true
        } else {
            false
        }
    });
    lines.retain(|l| !l.amount.is_zero());
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// What Tillit writes as SIE, it reads back line for line: every
    /// amount once, nothing doubled by the totals beside the breakdowns.
    #[test]
    fn sie_written_reads_back_exactly(lines in prop::collection::vec(arb_line(), 1..40)) {
        let lines = normal(lines);
        prop_assume!(!lines.is_empty());
        let header = SieHeader {
            program: "Tillit",
            organisation: "Tillköpings kommun",
            generated: date(2026, 1, 10),
            year: 2025,
            account_names: &[],
            object_names: &[],
        };
        let bytes = sie::write_period_balances(&header, &lines);
        let f = sie::parse(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(f.lines, lines);
    }

    /// Any bytes: a file or errors with line numbers within the file.
    #[test]
    fn any_bytes_parse_or_name_lines(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let n = bytes.split(|b| *b == b'\n').count();
        for r in [sie::parse(&bytes), tillit_domain::economy::csv::parse_ledger(&bytes)] {
            if let Err(e) = r {
                prop_assert!(!e.errors.is_empty());
                prop_assert!(e.errors.iter().all(|e| e.line <= n));
            }
        }
        let _ = tillit_domain::economy::csv::parse_budget(&bytes);
    }

    #[test]
    fn sie_shaped_lines_parse_or_name_lines(
        lines in prop::collection::vec(
            prop::sample::select(vec![
                "#PSALDO 0 202501 5010 {1 \"4120\"} -12.5",
                "#PSALDO 0 2025 5010 {} 1",
                "#PSALDO 0 202501 5010 {1 \"4120\" 6} 1",
                "#PSALDO x 202501 5010 {} 1",
                "#RES 0 5010 1",
                "#VER A 1 20250101",
                "{", "}",
                "#TRANS 5010 {} 10",
                "#TRANS 2440 {} -10",
                "#DIM 1 \"Ansvar\"",
                "#RAR 0 20250101 20251231",
                "\"Ö\"",
                "#KONTO 5010 \"Lön",
            ]),
            0..30,
        )
    ) {
        let text = lines.join("\n");
        if let Err(e) = sie::parse(text.as_bytes()) {
            prop_assert!(e.errors.iter().all(|e| e.line <= lines.len()));
        }
    }

    #[test]
    fn amounts_parse_or_say_why(s in any::<String>()) {
        if let Ok(m) = Money::parse(&s) {
            prop_assert_eq!(Money::parse(&m.display_ore()), Ok(m));
        }
    }

    /// Every income statement: the net is the sum of its lines in every
    /// column, and every row's deviation is prognos − budget.
    #[test]
    fn statement_parts_add_up_and_deviation_is_its_definition(
        outcome in prop::collection::vec(arb_line(), 0..40),
        budget in prop::collection::vec((prop::sample::select(vec!["3510", "5010", "46310", "6010"]), -1_000_000_000i64..1_000_000_000), 0..20),
        forecast in prop::option::of(prop::array::uniform3(-1_000_000_000i64..1_000_000_000)),
        last in prop::option::of(prop::array::uniform3(-1_000_000_000i64..1_000_000_000)),
    ) {
        let budget: Vec<BudgetLine> = budget.into_iter().map(|(a, v)| BudgetLine {
            key: BudgetKey { year: 2025, responsibility: "4120".into(), activity: "4021".into(), project: String::new(), account: a.into() },
            amount: Money(v),
        }).collect();
        let scope = Scope::default();
        let jan = Month::new(2025, 1).unwrap();
        let dec = Month::new(2025, 12).unwrap();
        let o = statement::outcome(&outcome, &scope, jan, dec);
        let b = statement::budget(&budget, &scope, 2025);
        let s = IncomeStatement::new(last.map(|x| x.map(Money)), o, b, forecast.map(|x| x.map(Money)));
        let sum = |f: fn(&Figures) -> Option<Money>| -> Option<Money> {
            s.rows.iter().map(|(_, r)| f(r)).sum::<Option<Money>>()
        };
        prop_assert_eq!(Some(s.net.outcome), sum(|r| Some(r.outcome)));
        prop_assert_eq!(Some(s.net.budget), sum(|r| Some(r.budget)));
        prop_assert_eq!(s.net.forecast, sum(|r| r.forecast));
        prop_assert_eq!(s.net.last_year, sum(|r| r.last_year));
        prop_assert_eq!(s.net.outcome, outcome.iter().map(|l| l.amount).sum::<Money>());
        for (_, r) in s.rows.iter().chain([(StatementLine::Income, s.net)].iter()) {
            prop_assert_eq!(r.deviation(), r.forecast.map(|f| f - r.budget));
        }
    }

    /// Cost per årsplacering is net cost over årsplaceringar (care days
    /// over the period's days), to the öre.
    #[test]
    fn cost_per_arsplacering_is_its_definition(
        net in 0i64..10_000_000_000,
        days in 1i64..100_000,
        period in prop::sample::select(vec![28i64, 30, 31, 120, 243, 365, 366]),
    ) {
        let f = PlacementFigure {
            placement_type: PlacementType::FamilyHome,
            net_cost: Money(net),
            care_days: days,
            period_days: period,
        };
        let by_def = net as f64 / f.arsplaceringar().unwrap();
        let got = f.cost_per_arsplacering().unwrap().0 as f64;
        prop_assert!((got - by_def).abs() <= 0.5 + by_def.abs() * 1e-12, "{} vs {}", got, by_def);
    }
}
