//! `tillit`: the one binary. `tillit serve` runs the web application,
//! `tillit demo` fills an empty database with the demo municipality,
//! `tillit audit verify` checks the access log's hash chain.

mod audit;
mod backup;
mod config;
mod demo_load;
mod economy_cmd;
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
    /// Konfigurationsfil (TOML); annars TILLIT_CONFIG. Flaggor går före miljövariabler,
    /// miljövariabler före filen (se docs/operations.md).
    #[arg(long, global = true, value_name = "FIL")]
    config: Option<PathBuf>,
    /// Loggformat: text (en rad per händelse) eller json (ett JSON-objekt per rad).
    #[arg(long, global = true, value_enum)]
    log_format: Option<config::LogFormat>,
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
    /// Ekonomin: läs in utfall (SIE 4, CSV) och budget (Excel, CSV) (economy: import outcome and budget).
    Economy(economy_cmd::EconomyArgs),
    /// Uppdatera databasens schema (apply pending migrations); `tillit serve` gör det också.
    Migrate {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
        /// standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Ändra ingenting: avsluta med fel om någon migrering väntar.
        #[arg(long)]
        check: bool,
    },
    /// Säkerhetskopiera SQLite-databasen medan servern körs (online backup).
    Backup {
        /// Filen att skriva (får inte finnas).
        #[arg(long, value_name = "FIL")]
        to: PathBuf,
        /// Datakatalog för SQLite-databasen (standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
    },
    /// Återställ SQLite-databasen från en säkerhetskopia (servern ska vara stoppad).
    Restore {
        /// Säkerhetskopian (från tillit backup).
        #[arg(long, value_name = "FIL")]
        from: PathBuf,
        /// Datakatalog för SQLite-databasen (standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Ersätt en befintlig databas.
        #[arg(long)]
        force: bool,
    },
    /// Fyll en tom databas med demokommunen (fill an empty database with demo data).
    Demo {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
        /// standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
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
    /// Gallra: ta bort kontaktuppgifter i synpunkter och klagomål som avslutades
    /// för minst --years år sedan (kan köras om och om igen).
    Gallra {
        /// Datakatalog för SQLite-databasen (standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// År efter avslut (nämndens gallringsbeslut).
        #[arg(long, default_value_t = tillit_domain::register::complaint::CONTACT_RETENTION_YEARS,
              value_parser = clap::value_parser!(i16).range(0..=100))]
        years: i16,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Kontrollera hela åtkomstloggens kontrollsummekedja; avslutas med fel vid första brutna post.
    Verify {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
        /// standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Kontrollera också att varje ankare i filen finns kvar oförändrat (upptäcker
        /// att de senaste posterna har tagits bort).
        #[arg(long, value_name = "FIL")]
        anchors: Option<PathBuf>,
    },
    /// Kontrollera kedjan och skriv dess sista post som ankare i en fil utanför databasen.
    Anchor {
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
        /// standard ./tillit-data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Ankarfilen (skapas om den saknas; nya ankare läggs till sist).
        #[arg(long, value_name = "FIL")]
        anchors: PathBuf,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if let Err(message) = config::load(cli.config.as_deref()) {
        eprintln!("fel: {message}");
        return std::process::ExitCode::from(2);
    }
    let logging = config::settings(config::Layer {
        log_format: cli.log_format,
        ..config::Layer::default()
    });
    init_logging(logging.log_format, &logging.log_level);
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

/// Log lines to standard error, as text or JSON, filtered by `level`
/// (checked when the configuration was read).
fn init_logging(format: config::LogFormat, level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        config::LogFormat::Text => builder.init(),
        config::LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// The store the settings name (the SQLite file in the data directory, or
/// `database_url`), opened and migrated.
async fn open_store(settings: &config::Settings) -> Result<Store> {
    let cfg = settings.store_config();
    if let StoreConfig::Sqlite { path } = &cfg
        && let Some(dir) = path.parent()
    {
        // Best effort: `open` creates it too and reports the error.
        let _ = std::fs::create_dir_all(dir);
    }
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
async fn open_existing_store(settings: &config::Settings) -> Result<Store> {
    existing_database(settings)?;
    open_store(settings).await
}

/// `Err` (in Swedish) when the settings name a SQLite file that does not exist.
fn existing_database(settings: &config::Settings) -> Result<()> {
    if let StoreConfig::Sqlite { path } = settings.store_config()
        && !path.exists()
    {
        bail!(
            "det finns ingen Tillit-databas i {}: ange rätt katalog med --data-dir (eller data_dir i konfigurationsfilen) eller sätt DATABASE_URL",
            path.parent().unwrap_or(&path).display()
        );
    }
    Ok(())
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
            let store = open_store(&config::with_data_dir(data_dir)).await?;
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
        Command::Gallra { data_dir, years } => {
            let store = open_existing_store(&config::with_data_dir(data_dir)).await?;
            let today = tillit_app::time::today();
            let n = tillit_app::retention::erase_complaint_contacts(&store, today, years).await?;
            println!(
                "Gallrat: kontaktuppgifterna i {n} synpunkter och klagomål som avslutades för minst {years} år sedan."
            );
            Ok(())
        }
        Command::Migrate { data_dir, check } => {
            backup::migrate(&config::with_data_dir(data_dir), check).await
        }
        Command::Backup { to, data_dir } => {
            backup::backup(&config::with_data_dir(data_dir), &to).await
        }
        Command::Restore {
            from,
            data_dir,
            force,
        } => backup::restore(&config::with_data_dir(data_dir), &from, force).await,
        Command::Report(args) => report::report(args).await,
        Command::Export(args) => report::export(args).await,
        Command::Goals(args) => goals_cmd::goals(args).await,
        Command::Economy(args) => economy_cmd::economy(args).await,
        Command::Audit {
            command: AuditCommand::Verify { data_dir, anchors },
        } => {
            let store = open_existing_store(&config::with_data_dir(data_dir)).await?;
            audit::verify(&store, anchors.as_deref()).await
        }
        Command::Audit {
            command: AuditCommand::Anchor { data_dir, anchors },
        } => {
            let store = open_existing_store(&config::with_data_dir(data_dir)).await?;
            audit::anchor(&store, &anchors).await
        }
    }
}
