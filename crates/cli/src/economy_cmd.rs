//! `tillit economy`: import the outcome from the financial system and the
//! budget from a spreadsheet.
//!
//! ```text
//! tillit economy import utfall-2025-04.se --user erik
//! tillit economy import rattelse.csv --user erik
//! tillit economy budget budget-2026.xlsx --user erik --decided-on 2025-11-20 --reason "KF 2025-11-20 § 150"
//! tillit economy budget ombudgetering.csv --user erik --revision --decided-on 2026-06-10 --reason "Vakanser till köpt vård"
//! ```
//!
//! Importing the ledger is a role of its own: the user must be an
//! economist (Ekonom). A file with errors is not imported at all; every
//! error is printed with its line number.

use anyhow::{Result, anyhow, bail};
use std::path::PathBuf;
use tillit_domain::economy::Revision;
use tillit_domain::role::Role;
use tillit_store::Stamp;

/// `tillit economy ...`.
#[derive(clap::Args, Debug)]
pub struct EconomyArgs {
    #[command(subcommand)]
    pub command: EconomyCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum EconomyCommand {
    /// Läs in utfall ur ekonomisystemet: en SIE 4-fil (#PSALDO eller
    /// #VER/#TRANS, PC8 eller UTF-8) eller en CSV-fil. Månaderna i filen
    /// ersätts helt; samma fil två gånger ändrar ingenting.
    Import {
        /// Filen.
        file: PathBuf,
        /// Ekonomen som läser in (användarnamn).
        #[arg(long)]
        user: String,
        /// Datakatalog för SQLite-databasen (standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Läs in budget ur Excel (.xlsx) eller CSV: kolumnerna år, ansvar,
    /// verksamhet, projekt, konto, belopp (kostnader och intäkter som
    /// positiva belopp).
    Budget {
        file: PathBuf,
        #[arg(long)]
        user: String,
        /// Beslutsdag (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATUM")]
        decided_on: String,
        /// Beslutet eller skälet (krävs för en ombudgetering).
        #[arg(long, default_value = "Budget beslutad")]
        reason: String,
        /// Filens belopp är de nya beloppen efter en ombudgetering: den
        /// beslutade budgeten står kvar och skillnaden sparas som
        /// ombudgetering med dag och skäl.
        #[arg(long)]
        revision: bool,
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
}

async fn economist(store: &tillit_store::Store, username: &str) -> Result<tillit_store::User> {
    let user = store
        .user_by_username(username.trim())
        .await?
        .ok_or_else(|| anyhow!("det finns ingen användare \"{username}\""))?;
    if user.role != Role::Economist {
        bail!(
            "{} är {}, inte ekonom: bara en användare med rollen Ekonom läser in ekonomin",
            user.username,
            user.role.label().to_lowercase()
        );
    }
    Ok(user)
}

fn read(path: &PathBuf) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow!("kunde inte läsa {}: {e}", path.display()))
}

/// `tillit economy`.
pub async fn economy(args: EconomyArgs) -> Result<()> {
    match args.command {
        EconomyCommand::Import {
            file,
            user,
            data_dir,
        } => {
            let bytes = read(&file)?;
            let store = crate::open_existing_store(&crate::config::with_data_dir(data_dir)).await?;
            let user = economist(&store, &user).await?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match tillit_app::economy_data::import_ledger(
                &store,
                &name,
                &bytes,
                user.id,
                jiff::Timestamp::now(),
            )
            .await
            {
                Ok(imported) => {
                    for line in tillit_app::economy_data::receipt_lines(&imported) {
                        println!("{line}");
                    }
                    Ok(())
                }
                Err(tillit_app::economy_data::ImportError::File(e)) => {
                    bail!("{}: {e}", file.display())
                }
                Err(e) => Err(anyhow!("{e}")),
            }
        }
        EconomyCommand::Budget {
            file,
            user,
            decided_on,
            reason,
            revision,
            data_dir,
        } => {
            let bytes = read(&file)?;
            let day: jiff::civil::Date = decided_on
                .trim()
                .parse()
                .map_err(|_| anyhow!("--decided-on ska vara ett datum ÅÅÅÅ-MM-DD"))?;
            let name = file.to_string_lossy().into_owned();
            let (years, lines) = tillit_app::economy_data::parse_budget_file(&name, &bytes)
                .map_err(|e| anyhow!("{}: {e}", file.display()))?;
            let store = crate::open_existing_store(&crate::config::with_data_dir(data_dir)).await?;
            let user = economist(&store, &user).await?;
            for year in years {
                let of_year: Vec<_> = lines
                    .iter()
                    .filter(|l| l.key.year == year)
                    .cloned()
                    .collect();
                if revision {
                    let (budget, _) = store.budget(year).await?;
                    let rev =
                        Revision::to_reach(&budget.in_force(None), &of_year, day, reason.clone());
                    let n = rev.changes.len();
                    let net = rev.net();
                    let number = store
                        .add_budget_revision(year, rev, Stamp::now(user.id))
                        .await
                        .map_err(|e| anyhow!("{e}"))?;
                    println!(
                        "Ombudgetering {number} för {year}: {n} rader ändrade, netto {} kr.",
                        net.display_kr()
                    );
                } else {
                    let net: tillit_domain::economy::Money = of_year.iter().map(|l| l.amount).sum();
                    let n = of_year.len();
                    store
                        .set_decided_budget(year, of_year, day, reason.clone(), Stamp::now(user.id))
                        .await
                        .map_err(|e| anyhow!("{e}"))?;
                    println!(
                        "Budget {year} beslutad {day}: {n} rader, netto {} kr.",
                        net.display_kr()
                    );
                }
            }
            Ok(())
        }
    }
}
