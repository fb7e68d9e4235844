//! `tillit report` and `tillit export`: the follow-up's reports and national
//! extracts from the command line, the same documents as the browser's
//! (built by `tillit-reports` from [`tillit_app::followup_data::ReportData`]).
//!
//! ```text
//! tillit report verksamhetsberattelse --year 2025 --format pdf --out vb-2025.pdf
//! tillit report delarsrapport --year 2025 --period T2 --unit 2 --format xlsx --out t2.xlsx
//! tillit export nuso --period 2025 --format csv --out nuso-2025.csv
//! tillit export kolada --year 2025 --out kolada-2025.json
//! ```
//!
//! Files written here leave the unit: they are always published, with cells
//! of fewer than five persons hidden. After the file is written, the review
//! before publishing ([`tillit_reports::review`]: placeholders left in,
//! texts not written, missing and estimated values, totals) is printed to
//! stderr; with `--strict` a report with findings is refused and no file is
//! written. Every argument is checked before the
//! database is opened, and a bad one is refused with a Swedish message that
//! says what to write instead.

use anyhow::{Context, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tillit_app::facts_cache::{Municipality, load_facts};
use tillit_app::followup_data::{ReportData, narrative, report_period_code};
use tillit_domain::UnitId;
use tillit_followup::Period;
use tillit_reports::{Narrative, OutputFormat, Publication, ReportKind};
use tillit_store::Store;

/// `tillit report <kind> ...`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Rapporten: verksamhetsberattelse, delarsrapport, kvalitetsberattelse, delegationsbeslut, ej-verkstallda eller lex-sarah.
    pub kind: Option<String>,
    /// Året rapporten gäller, t.ex. 2025.
    #[arg(long)]
    pub year: Option<String>,
    /// Del av året: T1, T2 (delårsrapport), Q1-Q4 (ej verkställda beslut), M01-M12 (delegationsbeslut).
    #[arg(long)]
    pub period: Option<String>,
    /// Enheten (id eller namn); utan den gäller rapporten hela nämndens område.
    #[arg(long)]
    pub unit: Option<String>,
    /// Format: html, pdf, xlsx eller csv.
    #[arg(long)]
    pub format: Option<String>,
    /// Filen att skriva.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
    /// standard ./tillit-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Kommunens namn på rapportens försättsblad (annars TILLIT_MUNICIPALITY).
    #[arg(long)]
    pub municipality: Option<String>,
    /// Skriv ingen fil om granskningen före publicering har anmärkningar (platshållare, texter som saknas, uppgifter som saknas, uppskattade värden, summor som inte stämmer); avsluta med felkod.
    #[arg(long)]
    pub strict: bool,
}

/// `tillit export nuso|kolada ...`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Uttaget: nuso (varje aktualisering under perioden) eller kolada (enhetens indikatorer för året).
    pub what: Option<String>,
    /// Perioden för NUSO-uttaget, t.ex. 2025, 2025-Q1 eller 2025-01-01..2025-06-30.
    #[arg(long)]
    pub period: Option<String>,
    /// Året för Kolada-uttaget, t.ex. 2025.
    #[arg(long)]
    pub year: Option<String>,
    /// Format för NUSO-uttaget: csv eller xlsx (Kolada är alltid JSON).
    #[arg(long)]
    pub format: Option<String>,
    /// Enheten (id eller namn); utan den gäller uttaget hela nämndens område.
    #[arg(long)]
    pub unit: Option<String>,
    /// Filen att skriva.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
    /// standard ./tillit-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Kommunkoden i Kolada-uttaget (fyra siffror; annars TILLIT_MUNICIPALITY_CODE).
    #[arg(long)]
    pub municipality_code: Option<String>,
}

const KINDS: &str = "verksamhetsberattelse, delarsrapport, kvalitetsberattelse, delegationsbeslut, ej-verkstallda eller lex-sarah";

/// The report kind from its code; `ej-verkstallda` is short for
/// `ej-verkstallda-beslut`.
pub fn parse_kind(s: Option<&str>) -> Result<ReportKind> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        bail!(
            "ange vilken rapport som ska göras: {KINDS}. Till exempel: tillit report verksamhetsberattelse --year 2025 --format pdf --out vb.pdf"
        );
    };
    let code = s.to_lowercase().replace(['ä', 'å'], "a");
    let code = if code == "ej-verkstallda" || code == "ej_verkstallda" {
        "ej-verkstallda-beslut".to_string()
    } else {
        code
    };
    ReportKind::from_code(&code).ok_or_else(|| anyhow!("okänd rapport \"{s}\": välj {KINDS}"))
}

pub fn parse_year(s: Option<&str>) -> Result<i16> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        bail!("ange året med --year, till exempel --year 2025");
    };
    match s.parse::<i16>() {
        Ok(y) if (1900..=9998).contains(&y) => Ok(y),
        _ => bail!("\"{s}\" är inget år: skriv till exempel --year 2025"),
    }
}

pub fn parse_format(s: Option<&str>) -> Result<OutputFormat> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        bail!("ange formatet med --format: html, pdf, xlsx eller csv");
    };
    OutputFormat::from_code(s)
        .ok_or_else(|| anyhow!("okänt format \"{s}\": välj html, pdf, xlsx eller csv"))
}

fn parse_out(out: Option<PathBuf>) -> Result<PathBuf> {
    match out {
        Some(p) if !p.as_os_str().is_empty() => Ok(p),
        _ => bail!("ange filen att skriva med --out, till exempel --out rapport.pdf"),
    }
}

/// The part of the year: `T1`, `T2`, `Q1`..`Q4`, `M01`..`M12`, `D1`, `D2`,
/// `H1`, `H2` (a full code such as `2025-Q3` is passed on as it is).
pub fn parse_period(year: i16, s: Option<&str>) -> Result<Option<String>> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let code = if s.contains('-') || s.contains("..") {
        s.to_string()
    } else {
        format!("{year}-{}", s.to_uppercase())
    };
    match code.parse::<Period>() {
        Ok(_) => Ok(Some(s.to_uppercase())),
        Err(_) => bail!(
            "okänd period \"{s}\": skriv T1 eller T2 (tertial), Q1-Q4 (kvartal) eller M01-M12 (månad)"
        ),
    }
}

/// A unit by id or by name (case does not matter).
async fn parse_unit(store: &Store, s: Option<&str>) -> Result<Option<UnitId>> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let units = store.units().await?;
    let found = units.iter().find(|u| {
        s.parse::<i64>().ok() == Some(u.id.0) || u.name.to_lowercase() == s.to_lowercase()
    });
    match found {
        Some(u) => Ok(Some(u.id)),
        None => {
            let names: Vec<String> = units
                .iter()
                .map(|u| format!("{} ({})", u.id, u.name))
                .collect();
            bail!(
                "det finns ingen enhet \"{s}\". Enheterna är: {}",
                if names.is_empty() {
                    "inga".to_string()
                } else {
                    names.join(", ")
                }
            )
        }
    }
}

fn progress(steps: u64) -> ProgressBar {
    let pb = ProgressBar::new(steps);
    pb.set_style(
        ProgressStyle::with_template("{msg:<32} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb
}

/// Load everything a report is built from, advancing `pb` by three steps.
async fn load(
    store: &Store,
    municipality: &str,
    year: i16,
    pb: &ProgressBar,
) -> Result<ReportData> {
    pb.set_message("Läser ärendenas händelser");
    let today = jiff::Zoned::now().date();
    let facts = load_facts(store, today)
        .await
        .context("kunde inte läsa händelserna")?;
    pb.inc(1);
    pb.set_message("Läser mål och manuella uppgifter");
    let data = ReportData::load(store, Arc::new(facts), municipality, year)
        .await
        .context("kunde inte läsa mål och manuella uppgifter")?;
    pb.inc(1);
    Ok(data)
}

fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("kunde inte skapa katalogen {}", dir.display()))?;
    }
    std::fs::write(out, bytes).with_context(|| format!("kunde inte skriva filen {}", out.display()))
}

/// `tillit report`.
pub async fn report(args: ReportArgs) -> Result<()> {
    let kind = parse_kind(args.kind.as_deref())?;
    let year = parse_year(args.year.as_deref())?;
    let format = parse_format(args.format.as_deref())?;
    let out = parse_out(args.out)?;
    let period = parse_period(year, args.period.as_deref())?;
    let municipality = args
        .municipality
        .or_else(|| crate::config::with_data_dir(None).municipality)
        .unwrap_or_else(|| Municipality::from_env().name);
    let store = crate::open_store(&crate::config::with_data_dir(args.data_dir.clone())).await?;
    let unit = parse_unit(&store, args.unit.as_deref()).await?;

    let pb = progress(4);
    let data = load(&store, &municipality, year, &pb).await?;
    let code = report_period_code(year, period.as_deref());
    let text: Narrative = narrative(&store, unit, kind, &code).await?;
    pb.set_message(format!("Beräknar {}", kind.label().to_lowercase()));
    let doc = tokio::task::block_in_place(|| {
        let input = data.input(unit, &text, Publication::published());
        tillit_reports::build(kind, &input, year, period.as_deref())
    });
    let doc = match doc {
        Ok(d) => d,
        Err(e) => {
            pb.abandon();
            bail!("{e}");
        }
    };
    pb.inc(1);
    let findings = tillit_reports::review(&doc);
    if args.strict && !findings.is_empty() {
        pb.abandon();
        eprintln!("{}", review_text(&findings));
        bail!(
            "{} har {} vid granskningen före publicering: ingen fil skrevs (--strict). Rätta rapporten eller kör utan --strict.",
            doc.title,
            remarks(findings.len())
        );
    }
    pb.set_message(format!("Skriver {}", format.code().to_uppercase()));
    let bytes = tokio::task::block_in_place(|| tillit_reports::render(&doc, format))
        .map_err(|e| anyhow!("{e}"))?;
    write(&out, &bytes)?;
    pb.inc(1);
    pb.finish_with_message("Klart");
    println!(
        "{} ({}) skrevs till {} ({} kB).",
        doc.title,
        format.code().to_uppercase(),
        out.display(),
        bytes.len().div_ceil(1024)
    );
    eprintln!("{}", review_text(&findings));
    Ok(())
}

/// "1 anmärkning", "3 anmärkningar".
fn remarks(n: usize) -> String {
    if n == 1 {
        "1 anmärkning".into()
    } else {
        format!("{n} anmärkningar")
    }
}

/// The review before publishing as lines of text (Swedish): a heading with
/// the count, then one line per finding with its place, kind and message.
pub fn review_text(findings: &[tillit_reports::Finding]) -> String {
    if findings.is_empty() {
        return "Granskning före publicering: inga anmärkningar.".into();
    }
    let mut s = format!(
        "Granskning före publicering: {} att se över.",
        remarks(findings.len())
    );
    for f in findings {
        s.push_str(&format!(
            "\n- {} ({}): {}",
            f.place(),
            f.kind.label(),
            f.message
        ));
    }
    s
}

/// `tillit export`.
pub async fn export(args: ExportArgs) -> Result<()> {
    let what = args
        .what
        .as_deref()
        .map(|s| s.trim().to_lowercase())
        .unwrap_or_default();
    let out = parse_out(args.out)?;
    match what.as_str() {
        "nuso" => {
            let Some(p) = args
                .period
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            else {
                bail!(
                    "ange perioden med --period, till exempel --period 2025 eller --period 2025-Q1"
                );
            };
            let period: Period = p.parse().map_err(|e| anyhow!("{e}"))?;
            let format = match args.format.as_deref().map(str::trim) {
                None | Some("") | Some("csv") => OutputFormat::Csv,
                Some("xlsx") => OutputFormat::Xlsx,
                Some(other) => {
                    bail!("okänt format \"{other}\" för NUSO-uttaget: välj csv eller xlsx")
                }
            };
            let store =
                crate::open_store(&crate::config::with_data_dir(args.data_dir.clone())).await?;
            let unit = parse_unit(&store, args.unit.as_deref()).await?;
            let pb = progress(3);
            let data = load(&store, "", period.end().year(), &pb).await?;
            pb.set_message("Skriver NUSO-uttaget");
            let text = Narrative::default();
            let (bytes, rows) = tokio::task::block_in_place(|| {
                let input = data.input(unit, &text, Publication::published());
                let rows = tillit_reports::export::nuso_rows(&input, &period);
                let bytes = match format {
                    OutputFormat::Xlsx => tillit_reports::export::nuso_xlsx(&rows),
                    _ => Ok(tillit_reports::export::nuso_csv(&rows)),
                };
                (bytes, rows.len())
            });
            let bytes = bytes.map_err(|e| anyhow!("{e}"))?;
            write(&out, &bytes)?;
            pb.inc(1);
            pb.finish_with_message("Klart");
            println!(
                "NUSO-uttaget för {} ({rows} aktualiseringar) skrevs till {}.",
                period.label(),
                out.display()
            );
            Ok(())
        }
        "kolada" => {
            let year = parse_year(args.year.as_deref())?;
            let code = args
                .municipality_code
                .or_else(|| crate::config::with_data_dir(None).municipality_code)
                .unwrap_or_else(|| Municipality::from_env().code);
            if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                bail!(
                    "kommunkoden \"{code}\" ska vara fyra siffror, till exempel --municipality-code 0180"
                );
            }
            let store =
                crate::open_store(&crate::config::with_data_dir(args.data_dir.clone())).await?;
            let unit = parse_unit(&store, args.unit.as_deref()).await?;
            let pb = progress(3);
            let data = load(&store, "", year, &pb).await?;
            pb.set_message("Skriver Kolada-uttaget");
            let text = Narrative::default();
            let bytes = tokio::task::block_in_place(|| {
                let input = data.input(unit, &text, Publication::published());
                tillit_reports::export::kolada_json(&input, year, &code)
            })
            .map_err(|e| anyhow!("{e}"))?;
            write(&out, &bytes)?;
            pb.inc(1);
            pb.finish_with_message("Klart");
            println!("Kolada-uttaget för {year} skrevs till {}.", out.display());
            Ok(())
        }
        "" => bail!(
            "ange vilket uttag: nuso eller kolada. Till exempel: tillit export nuso --period 2025 --format csv --out nuso.csv"
        ),
        other => bail!("okänt uttag \"{other}\": välj nuso eller kolada"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_checked_with_swedish_messages() {
        assert_eq!(
            parse_kind(Some("ej-verkstallda")).unwrap(),
            ReportKind::EjVerkstalldaBeslut
        );
        assert_eq!(
            parse_kind(Some("Verksamhetsberättelse")).unwrap(),
            ReportKind::Verksamhetsberattelse
        );
        assert!(
            parse_kind(Some("budget"))
                .unwrap_err()
                .to_string()
                .contains("okänd rapport")
        );
        assert!(
            parse_kind(None)
                .unwrap_err()
                .to_string()
                .contains("ange vilken rapport")
        );
        assert!(
            parse_year(Some("tjugo"))
                .unwrap_err()
                .to_string()
                .contains("inget år")
        );
        assert!(parse_year(None).unwrap_err().to_string().contains("--year"));
        assert_eq!(parse_format(Some("PDF")).unwrap(), OutputFormat::Pdf);
        assert!(
            parse_format(Some("docx"))
                .unwrap_err()
                .to_string()
                .contains("okänt format")
        );
        assert_eq!(parse_period(2025, Some("t2")).unwrap(), Some("T2".into()));
        assert_eq!(parse_period(2025, Some("M05")).unwrap(), Some("M05".into()));
        assert!(
            parse_period(2025, Some("T7"))
                .unwrap_err()
                .to_string()
                .contains("okänd period")
        );
        assert_eq!(parse_period(2025, None).unwrap(), None);
    }

    #[test]
    fn the_review_is_printed_in_swedish() {
        assert_eq!(
            review_text(&[]),
            "Granskning före publicering: inga anmärkningar."
        );
        let f = tillit_reports::Finding {
            kind: tillit_reports::FindingKind::Placeholder,
            section: Some("Sammanfattande analys".into()),
            table: None,
            row: None,
            message: "Platshållaren \"SIFFROR?\" står kvar: \"ökat SIFFROR?.\"".into(),
        };
        assert_eq!(
            review_text(&[f]),
            "Granskning före publicering: 1 anmärkning att se över.\n- Sammanfattande analys (Platshållare kvar): Platshållaren \"SIFFROR?\" står kvar: \"ökat SIFFROR?.\""
        );
    }
}
