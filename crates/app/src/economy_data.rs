//! The economy as the reports and pages read it: store rows -> the
//! reports' [`EconomyInput`] (structure, outcome, budgets, the newest
//! forecasts, the providers' catalogue and the placements).

use std::collections::BTreeMap;
use tillit_reports::{EconomyInput, ForecastEntry, Names};
use tillit_store::{ForecastRow, Store, StoreError};

/// The newest forecast per year, point and key, oldest-first `rows`.
pub fn newest_forecasts(rows: &[ForecastRow], names: &Names) -> Vec<ForecastEntry> {
    let mut newest: BTreeMap<_, &ForecastRow> = BTreeMap::new();
    for r in rows {
        let f = &r.forecast;
        newest.insert(
            (
                f.year,
                f.point,
                f.responsibility.clone(),
                f.activity.clone(),
                f.project.clone(),
            ),
            r,
        );
    }
    newest
        .into_values()
        .map(|r| ForecastEntry {
            year: r.forecast.year,
            point: r.forecast.point,
            responsibility: r.forecast.responsibility.clone(),
            activity: r.forecast.activity.clone(),
            project: r.forecast.project.clone(),
            amounts: r.forecast.amounts,
            comment: r.forecast.comment.clone(),
            by: names.user(r.by),
        })
        .collect()
}

/// Everything the economy parts of the reports need, from the store.
/// The economy's input from the store, with the placements from the
/// follow-up's facts (made from the same events as
/// [`Store::placements`], without reading the log).
pub async fn economy_input(
    store: &Store,
    names: &Names,
    facts: &tillit_followup::Facts,
) -> Result<EconomyInput, StoreError> {
    let mut budgets = BTreeMap::new();
    let mut forecasts = Vec::new();
    for year in store.budget_years().await? {
        budgets.insert(year, store.budget(year).await?.0);
    }
    let outcome = store
        .outcome(
            tillit_domain::economy::Month {
                year: 1900,
                month: 1,
            },
            tillit_domain::economy::Month {
                year: 2199,
                month: 12,
            },
        )
        .await?;
    let mut years: Vec<i16> = budgets.keys().copied().collect();
    years.extend(outcome.iter().map(|l| l.key.month.year));
    years.sort_unstable();
    years.dedup();
    for y in years {
        forecasts.extend(newest_forecasts(&store.forecasts(y).await?, names));
    }
    Ok(EconomyInput {
        structure: store.economy_structure().await?,
        outcome,
        budgets,
        forecasts,
        catalogue: store.providers().await?,
        placements: facts.placements().to_vec(),
    })
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has errors (each with its line): nothing was stored.
    #[error("{0}")]
    File(#[from] tillit_domain::economy::ImportErrors),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Clone, Debug)]
pub struct Imported {
    pub id: i64,
    pub file: tillit_domain::economy::LedgerFile,
    pub receipt: tillit_domain::economy::Receipt,
}

/// Read a ledger file (SIE 4 or CSV, by its content) and import it: the
/// months it covers are replaced, exactly once, or nothing is stored.
pub async fn import_ledger(
    store: &Store,
    file_name: &str,
    bytes: &[u8],
    by: tillit_domain::UserId,
    at: jiff::Timestamp,
) -> Result<Imported, ImportError> {
    use sha2::Digest;
    let file = tillit_domain::economy::parse_ledger_file(bytes)?;
    let sha = hex_digest(&sha2::Sha256::digest(bytes));
    let (id, receipt) = store
        .import_ledger(
            file_name.to_string(),
            sha,
            file.clone(),
            tillit_store::Stamp { by, at },
        )
        .await?;
    Ok(Imported { id, file, receipt })
}

fn hex_digest(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A receipt as lines of Swedish text (the CLI prints it; the page shows
/// the same).
pub fn receipt_lines(i: &Imported) -> Vec<String> {
    let mut out = vec![
        format!(
            "Läste {} ({}, {}): {} rader, {} rader utanför resultaträkningen lämnades.",
            i.file.format.label(),
            i.file.encoding.label(),
            i.file
                .organisation
                .as_deref()
                .unwrap_or("okänd organisation"),
            i.file.rows_read,
            i.file.left_out_rows
        ),
        i.receipt.summary(),
    ];
    for m in &i.receipt.months {
        out.push(format!(
            "{}: före {} rader, netto {} kr; efter {} rader, netto {} kr.",
            m.month,
            m.lines_before,
            m.net_before.display_kr(),
            m.lines_after,
            m.net_after.display_kr()
        ));
    }
    out
}

/// Read a budget file: an Excel workbook (`.xlsx`, its first sheet) or a
/// CSV file, with the columns of `tillit_domain::economy::csv` (år,
/// ansvar, verksamhet, projekt, konto, belopp). The sheet's cells are read
/// as the CSV's fields, so both give the same errors by row number.
pub fn parse_budget_file(
    file_name: &str,
    bytes: &[u8],
) -> Result<
    (
        std::collections::BTreeSet<i16>,
        Vec<tillit_domain::economy::BudgetLine>,
    ),
    tillit_domain::economy::ImportErrors,
> {
    use calamine::Reader;
    if bytes.starts_with(b"PK") || file_name.to_lowercase().ends_with(".xlsx") {
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(|e| {
            tillit_domain::economy::ImportErrors::one(0, format!("Excel-filen kan inte läsas: {e}"))
        })?;
        let Some(Ok(range)) = book.worksheet_range_at(0) else {
            return Err(tillit_domain::economy::ImportErrors::one(
                0,
                "Excel-filen har inget kalkylblad",
            ));
        };
        let mut text = String::new();
        for row in range.rows() {
            let fields: Vec<String> = row
                .iter()
                .map(|c| {
                    let s = match c {
                        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                            format!("{}", *f as i64)
                        }
                        calamine::Data::Float(f) => format!("{f:.2}"),
                        calamine::Data::Int(i) => i.to_string(),
                        other => other.to_string(),
                    };
                    format!("\"{}\"", s.replace('"', "\"\""))
                })
                .collect();
            text.push_str(&fields.join(";"));
            text.push('\n');
        }
        return tillit_domain::economy::csv::parse_budget(text.as_bytes());
    }
    tillit_domain::economy::csv::parse_budget(bytes)
}
