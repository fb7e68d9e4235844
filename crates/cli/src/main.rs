//! `tillit`: the one binary. `tillit serve` runs the web application,
//! `tillit demo` fills an empty database with the demo municipality,
//! `tillit audit verify` checks the access log's hash chain.

mod audit;
mod demo_load;
mod goals_cmd;
mod report;
mod serve;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use tillit_store::{Store, StoreConfig};

/// mimalloc instead of the C library's allocator: under load a page's many
/// small allocations spread over two runtime threads and the database's
/// threads, where glibc's malloc spent about a tenth of the server's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tillit: ärendehantering och uppföljning för den sociala barn- och ungdomsvården.
#[derive(Parser, Debug)]
#[command(name = "tillit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Kör webbapplikationen (run the web application).
    Serve(serve::ServeArgs),
    /// Åtkomstloggen (the access log).
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Gör en rapport ur uppföljningen som HTML, PDF, Excel eller CSV (make a report).
    Report(report::ReportArgs),
    /// Gör ett nationellt uttag: NUSO (CSV/Excel) eller Kolada (JSON) (national extracts).
    Export(report::ExportArgs),
    /// Målen: för över dem till en ny planperiod (goals: carry over to a new plan period).
    Goals(goals_cmd::GoalsArgs),
    /// Fyll en tom databas med demokommunen (fill an empty database with demo data).
    Demo {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt).
        #[arg(long, default_value = "./tillit-data")]
        data_dir: PathBuf,
        /// Fröet (samma frö och samma slutdatum ger samma data).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Gör en stor kommun med ungefär så här många ärenden (till exempel 1000000):
        /// fler områden med egna enheter och handläggare, samma fördelningar och år
        /// som demokommunen, som är det första området.
        #[arg(long, value_name = "ANTAL", value_parser = clap::value_parser!(u64).range(1..))]
        cases: Option<u64>,
        /// Ärenden per transaktion när en stor kommun skrivs (med --cases).
        #[arg(long, value_name = "ANTAL", default_value_t = tillit_app::demo::CASES_PER_LARGE_APPEND,
              value_parser = clap::value_parser!(u64).range(1..), requires = "cases")]
        batch: u64,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Kontrollera hela åtkomstloggens kontrollsummekedja; avslutas med fel vid första brutna post.
    Verify {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt).
        #[arg(long, default_value = "./tillit-data")]
        data_dir: PathBuf,
        /// Kontrollera också att varje ankare i filen finns kvar oförändrat (upptäcker
        /// att de senaste posterna har tagits bort).
        #[arg(long, value_name = "FIL")]
        anchors: Option<PathBuf>,
    },
    /// Kontrollera kedjan och skriv dess sista post som ankare i en fil utanför databasen.
    Anchor {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt).
        #[arg(long, default_value = "./tillit-data")]
        data_dir: PathBuf,
        /// Ankarfilen (skapas om den saknas; nya ankare läggs till sist).
        #[arg(long, value_name = "FIL")]
        anchors: PathBuf,
    },
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fel: kunde inte starta: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fel: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn open_store(data_dir: &std::path::Path) -> Result<Store> {
    let cfg = StoreConfig::from_env_or_dir(data_dir);
    let place = match &cfg {
        StoreConfig::Sqlite { path } => format!("SQLite-filen {}", path.display()),
        StoreConfig::Postgres { .. } => "PostgreSQL (DATABASE_URL)".to_string(),
    };
    Store::open(&cfg)
        .await
        .with_context(|| format!("kunde inte öppna databasen: {place}"))
}

/// The store of an existing installation: never creates an empty database
/// just to find it intact (the audit commands).
async fn open_existing_store(data_dir: &std::path::Path) -> Result<Store> {
    let url_set = std::env::var("DATABASE_URL").is_ok_and(|u| !u.trim().is_empty());
    if !url_set && !data_dir.join(tillit_store::SQLITE_FILE_NAME).exists() {
        bail!(
            "det finns ingen Tillit-databas i {}: ange rätt katalog med --data-dir eller sätt DATABASE_URL",
            data_dir.display()
        );
    }
    open_store(data_dir).await
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(args) => serve::serve(args).await,
        Command::Demo {
            data_dir,
            seed,
            cases,
            batch,
        } => {
            let store = open_store(&data_dir).await?;
            if !store.is_empty().await? {
                bail!(
                    "databasen innehåller redan data. Demodata läses bara in i en tom databas: välj en ny katalog med --data-dir."
                );
            }
            match cases {
                None => demo_load::generate_and_load(&store, seed).await?,
                Some(cases) => {
                    demo_load::generate_and_load_large(&store, seed, cases, batch as usize).await?
                }
            }
            demo_load::print_logins(&store).await?;
            Ok(())
        }
        Command::Report(args) => report::report(args).await,
        Command::Export(args) => report::export(args).await,
        Command::Goals(args) => goals_cmd::goals(args).await,
        Command::Audit {
            command: AuditCommand::Verify { data_dir, anchors },
        } => {
            let store = open_existing_store(&data_dir).await?;
            audit::verify(&store, anchors.as_deref()).await
        }
        Command::Audit {
            command: AuditCommand::Anchor { data_dir, anchors },
        } => {
            let store = open_existing_store(&data_dir).await?;
            audit::anchor(&store, &anchors).await
        }
    }
}
