//! `tillit goals carry-over`: start a new plan period from the goals of the
//! previous one. The goals that are not dropped, with their indicators and
//! targets, are copied to the new period and point back at the old ones; the
//! old period's goals, statuses and activities stay exactly as they were.
//!
//! ```text
//! tillit goals carry-over --from 2025-2026 --to 2027-2028 --user sofia
//! ```

use anyhow::{Result, anyhow, bail};
use tillit_domain::goal::PlanPeriod;
use tillit_store::Stamp;

/// `tillit goals ...`.
#[derive(clap::Args, Debug)]
pub struct GoalsArgs {
    /// Vad som ska göras: carry-over (för över målen till en ny planperiod).
    pub action: Option<String>,
    /// Planperioden målen förs över från, t.ex. 2025-2026.
    #[arg(long)]
    pub from: Option<String>,
    /// Den nya planperioden, t.ex. 2027-2028.
    #[arg(long)]
    pub to: Option<String>,
    /// Användaren som för över målen (användarnamn); står i målens historik.
    #[arg(long)]
    pub user: Option<String>,
    /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
    /// standard ./tillit-data).
    #[arg(long)]
    pub data_dir: Option<std::path::PathBuf>,
}

fn plan(s: Option<&str>, flag: &str) -> Result<PlanPeriod> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        bail!("ange planperioden med {flag}, till exempel {flag} 2025-2026");
    };
    s.parse().map_err(|e| anyhow!("{e}"))
}

/// `tillit goals`.
pub async fn goals(args: GoalsArgs) -> Result<()> {
    match args.action.as_deref().map(str::trim) {
        Some("carry-over") => {}
        None | Some("") => {
            bail!(
                "ange vad som ska göras: carry-over. Till exempel: tillit goals carry-over --from 2025-2026 --to 2027-2028 --user sofia"
            )
        }
        Some(other) => bail!("okänt kommando \"{other}\": välj carry-over"),
    }
    let from = plan(args.from.as_deref(), "--from")?;
    let to = plan(args.to.as_deref(), "--to")?;
    let Some(username) = args
        .user
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        bail!("ange vem som för över målen med --user och ett användarnamn");
    };
    let store = crate::open_store(&crate::config::with_data_dir(args.data_dir.clone())).await?;
    let user = store
        .user_by_username(username)
        .await?
        .ok_or_else(|| anyhow!("det finns ingen användare \"{username}\""))?;
    let n = store
        .carry_over_goals(from, to, Stamp::now(user.id))
        .await
        .map_err(|e| anyhow!("{e}"))?;
    println!(
        "{n} mål fördes över från planperioden {}-{} till {}-{}.",
        from.first_year(),
        from.last_year(),
        to.first_year(),
        to.last_year()
    );
    Ok(())
}
