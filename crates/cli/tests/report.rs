//! `tillit report` and `tillit export` as a user runs them: the built binary
//! on a demo database made by `tillit demo` in a temporary directory. The
//! Excel file opens (calamine) and shows the same aktualiseringar figure as
//! the CSV and as the indicator computed from the records; the review before
//! publishing is printed after the file, and `--strict` refuses a report
//! with findings without writing it; bad arguments are refused with Swedish
//! messages.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::path::Path;
use std::process::{Command, Output};
use tillit_followup::{Breakdown, Filter, IndicatorId, Period, compute};
use tillit_store::{Store, StoreConfig};

fn tillit(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tillit"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run tillit")
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "tillit failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(out: &Output) -> String {
    assert!(!out.status.success(), "tillit should have refused");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("the workbook opens");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            (n, r.rows().map(|row| row.to_vec()).collect())
        })
        .collect()
}

fn number(s: &str) -> f64 {
    s.replace([' ', '\u{a0}'], "")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_and_extracts_from_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&tillit(&["demo"], &data));
    let year = (jiff::Zoned::now().date().year() - 1).to_string();

    // The annual report as Excel: numbers as numbers.
    let xlsx = dir.path().join("ut").join("vb.xlsx");
    let out = ok(&tillit(
        &[
            "report",
            "verksamhetsberattelse",
            "--year",
            &year,
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        &data,
    ));
    assert!(
        out.contains(&format!("Verksamhetsberättelse {year}")),
        "{out}"
    );
    let book = sheets(&xlsx);
    assert!(book.len() > 2, "an about sheet and a sheet per section");
    let in_excel = book
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .filter(|r| matches!(r.first(), Some(Data::String(s)) if s == "Aktualiseringar"))
        .find_map(|r| match r.get(1) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        })
        .expect("the aktualiseringar figure as a number");

    // The same report as CSV: UTF-8 with BOM, semicolons, the same figure.
    let csv_path = dir.path().join("vb.csv");
    let csv_args = [
        "report",
        "verksamhetsberattelse",
        "--year",
        &year,
        "--format",
        "csv",
        "--out",
        csv_path.to_str().unwrap(),
    ];
    let run = tillit(&csv_args, &data);
    ok(&run);
    // After the file, the review before publishing on stderr: the demo has
    // no texts written for the report, so they are named as missing.
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("Granskning före publicering:")
            && stderr.contains(
                "- Bedömning av intern kontroll (Text saknas): I rapporten står \"Uppgifter saknas:"
            ),
        "{stderr}"
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with('\u{feff}'), "byte-order mark for Excel");
    let fields: Vec<&str> = csv
        .lines()
        .map(|l| l.split(';').collect::<Vec<_>>())
        .find(|f| f.first() == Some(&"Nyckeltal") && f.get(2) == Some(&"Aktualiseringar"))
        .expect("the key figures' aktualiseringar line");
    assert_eq!(number(fields[3]), in_excel, "one figure, one value");

    // And it is the indicator computed from the records.
    let store = Store::open(&StoreConfig::Sqlite {
        path: data.join(tillit_store::SQLITE_FILE_NAME),
    })
    .await
    .unwrap();
    let facts = tillit_app::facts_cache::load_facts(&store, jiff::Zoned::now().date())
        .await
        .unwrap();
    let t = compute(
        &facts,
        IndicatorId::Aktualiseringar,
        &Period::year(year.parse().unwrap()).unwrap(),
        Breakdown::Gender,
        &Filter::default(),
    )
    .unwrap();
    assert_eq!(t.total.number, Some(in_excel));
    // The demo's goals are in the report.
    let goals = store.goal_records().await.unwrap();
    assert!(!goals.goals.is_empty(), "the demo loads a goal tree");
    assert!(
        book.iter().flat_map(|(_, rows)| rows.iter().flatten()).any(
            |c| matches!(c, Data::String(s) if s.contains("Förhandsbedömningar inom 14 dagar"))
        ),
        "a goal indicator of the demo's plan"
    );
    store.close().await;

    // A delårsrapport for one unit (by name), a list as PDF.
    ok(&tillit(
        &[
            "report",
            "delarsrapport",
            "--year",
            &year,
            "--period",
            "T2",
            "--unit",
            "barnenheten",
            "--format",
            "csv",
            "--out",
            dir.path().join("t2.csv").to_str().unwrap(),
        ],
        &data,
    ));
    let pdf = dir.path().join("ev.pdf");
    ok(&tillit(
        &[
            "report",
            "ej-verkstallda",
            "--year",
            &year,
            "--period",
            "Q3",
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ],
        &data,
    ));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // Extracts: NUSO as CSV and Excel with the same rows; Kolada as JSON.
    let nuso_csv = dir.path().join("nuso.csv");
    let nuso_xlsx = dir.path().join("nuso.xlsx");
    for (format, path) in [("csv", &nuso_csv), ("xlsx", &nuso_xlsx)] {
        ok(&tillit(
            &[
                "export",
                "nuso",
                "--period",
                &year,
                "--format",
                format,
                "--out",
                path.to_str().unwrap(),
            ],
            &data,
        ));
    }
    // What it contains, an empty line, the header, a row per report.
    let text = std::fs::read_to_string(&nuso_csv).unwrap();
    assert!(text.starts_with("\u{feff}Innehåll;"), "{text:.80}");
    let rows = text.lines().count() - 3;
    assert_eq!(
        Some(rows as f64),
        t.total.number,
        "one row per aktualisering"
    );
    let header = tillit_reports::export::NUSO_XLSX_HEADER_ROW as usize;
    assert_eq!(sheets(&nuso_xlsx)[0].1.len() - header - 1, rows);
    let kolada = dir.path().join("kolada.json");
    ok(&tillit(
        &[
            "export",
            "kolada",
            "--year",
            &year,
            "--out",
            kolada.to_str().unwrap(),
        ],
        &data,
    ));
    let json = std::fs::read_to_string(&kolada).unwrap();
    assert!(json.contains("\"kpi\": \"aktualiseringar\""), "{json}");

    // --strict: a report with findings is refused, and no file written.
    let strict_path = dir.path().join("strikt.csv");
    let mut strict = csv_args.to_vec();
    strict[7] = strict_path.to_str().unwrap();
    strict.push("--strict");
    let stderr = refused(&tillit(&strict, &data));
    assert!(
        stderr.contains("Granskning före publicering:")
            && stderr.contains("(Text saknas)")
            && stderr.contains("ingen fil skrevs (--strict)"),
        "{stderr}"
    );
    assert!(!strict_path.exists(), "nothing written with --strict");

    // Bad arguments: Swedish messages that say what to write.
    let out = dir.path().join("x.pdf");
    let out = out.to_str().unwrap();
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "report", "budget", "--year", "2025", "--format", "pdf", "--out", out,
            ],
            "okänd rapport \"budget\"",
        ),
        (
            &[
                "report",
                "verksamhetsberattelse",
                "--year",
                "tjugo",
                "--format",
                "pdf",
                "--out",
                out,
            ],
            "\"tjugo\" är inget år",
        ),
        (
            &[
                "report",
                "verksamhetsberattelse",
                "--year",
                "2025",
                "--out",
                out,
            ],
            "ange formatet med --format",
        ),
        (
            &[
                "report",
                "verksamhetsberattelse",
                "--year",
                "2025",
                "--format",
                "docx",
                "--out",
                out,
            ],
            "okänt format \"docx\"",
        ),
        (
            &[
                "report",
                "delarsrapport",
                "--year",
                "2025",
                "--period",
                "T7",
                "--format",
                "pdf",
                "--out",
                out,
            ],
            "okänd period \"T7\"",
        ),
        (
            &[
                "report",
                "verksamhetsberattelse",
                "--year",
                "2025",
                "--unit",
                "Månen",
                "--format",
                "pdf",
                "--out",
                out,
            ],
            "det finns ingen enhet \"Månen\"",
        ),
        (
            &[
                "export", "nuso", "--period", "2025", "--format", "pdf", "--out", out,
            ],
            "välj csv eller xlsx",
        ),
    ];
    for (args, message) in cases {
        let stderr = refused(&tillit(args, &data));
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // A delårsrapport needs its tertial: the reports crate says so.
    let stderr = refused(&tillit(
        &[
            "report",
            "delarsrapport",
            "--year",
            "2025",
            "--format",
            "pdf",
            "--out",
            out,
        ],
        &data,
    ));
    assert!(stderr.contains("T1 eller T2"), "{stderr}");
    assert!(!Path::new(out).exists(), "nothing written on a refusal");
}
