//! `tillit`: the one binary. `tillit serve` runs the web application,
//! `tillit demo` fills an empty database with the demo municipality,
//! `tillit audit verify` checks the access log's hash chain.

mod audit;
mod demo_load;
mod goals_cmd;
mod report;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
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
    Serve {
        /// Adress och port att lyssna på.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt).
        #[arg(long, default_value = "./tillit-data")]
        data_dir: PathBuf,
        /// Fyll en tom databas med demokommunen först och skriv ut demoinloggningarna.
        #[arg(long)]
        demo: bool,
        /// Fröet för demodata (samma frö ger samma data).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Sätt cookies med Secure-flaggan (när Tillit körs bakom TLS).
        #[arg(long)]
        secure_cookies: bool,
        /// Sessionens inaktivitetsgräns i minuter.
        #[arg(long, default_value_t = 30)]
        idle_timeout_minutes: u64,
        /// Sessionens längsta livstid i minuter, oavsett aktivitet.
        #[arg(long, default_value_t = 720)]
        absolute_timeout_minutes: u64,
        /// Hur länge nödåtkomst till ett ärende i en annan enhet gäller, i minuter.
        #[arg(long, default_value_t = 120)]
        emergency_access_minutes: u64,
        /// En omvänd proxy (reverse proxy) vars X-Forwarded-For-huvud ska tros på,
        /// t.ex. 127.0.0.1. Kan anges flera gånger. Utan den loggas anslutningens adress.
        #[arg(long = "trusted-proxy", value_name = "IP-ADRESS")]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Hur länge en begäran väntar på databasen (en skrivning eller en ledig
        /// anslutning) innan användaren får "tillfälligt otillgängligt" (503), i millisekunder.
        #[arg(long, default_value_t = 5000)]
        db_wait_ms: u64,
        /// Fil utanför databasen där åtkomstloggens ankare skrivs var 15:e minut och vid
        /// avslut (se `tillit audit verify --anchors`).
        #[arg(long, value_name = "FIL")]
        audit_anchors: Option<PathBuf>,
    },
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
        Command::Serve {
            addr,
            data_dir,
            demo,
            seed,
            secure_cookies,
            idle_timeout_minutes,
            absolute_timeout_minutes,
            emergency_access_minutes,
            trusted_proxies,
            db_wait_ms,
            audit_anchors,
        } => {
            let store = open_store(&data_dir).await?;
            if demo {
                if store.is_empty().await? {
                    demo_load::generate_and_load(&store, seed).await?;
                } else {
                    eprintln!("Databasen innehåller redan data; demodata läses inte in igen.");
                }
            }
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
                format!(
                    "kunde inte lyssna på {addr} (är porten upptagen? välj en annan med --addr)"
                )
            })?;
            let local = listener.local_addr()?;
            let config = tillit_web::WebConfig {
                secure_cookies,
                idle_timeout: std::time::Duration::from_secs(idle_timeout_minutes.max(1) * 60),
                absolute_timeout: std::time::Duration::from_secs(
                    absolute_timeout_minutes.max(1) * 60,
                ),
                emergency_access: std::time::Duration::from_secs(
                    emergency_access_minutes.max(1) * 60,
                ),
                trusted_proxies,
                db_wait: std::time::Duration::from_millis(db_wait_ms.max(1)),
                ..Default::default()
            };
            println!();
            println!("Tillit körs på http://{local}/");
            if demo {
                demo_load::print_logins(&store).await?;
            }
            println!("Avsluta med Ctrl-C.");
            if let Some(file) = &audit_anchors {
                // An anchor at start, then every 15 minutes and at shutdown.
                audit::record_head(&store, file).await;
                audit::spawn_anchoring(store.clone(), file.clone());
            }
            let handle = store.clone();
            let mut state = tillit_web::AppState::new(store, config);
            if demo && std::env::var("TILLIT_MUNICIPALITY").is_err() {
                // The demo's reports are about the demo municipality.
                let code = state.municipality().code.clone();
                state = state.with_municipality(tillit_web::facts_cache::Municipality {
                    name: tillit_demo::goals::MUNICIPALITY.to_string(),
                    code,
                });
            }
            // Build the follow-up's facts in the background, so that the
            // first follow-up page does not wait for them.
            let warm = state.clone();
            tokio::spawn(async move {
                if let Err(e) = warm.facts().await {
                    tracing::warn!(error = %e, "follow-up facts could not be built");
                }
            });
            tillit_web::serve(listener, state).await?;
            // Requests in flight have finished: commit what they wrote, anchor
            // the log's last entry, close.
            if let Err(e) = handle.flush().await {
                tracing::error!(error = %e, "pending writes could not be committed at shutdown");
            }
            if let Some(file) = &audit_anchors {
                audit::record_head(&handle, file).await;
            }
            handle.close().await;
            Ok(())
        }
        Command::Demo { data_dir, seed } => {
            let store = open_store(&data_dir).await?;
            if !store.is_empty().await? {
                bail!(
                    "databasen innehåller redan data. Demodata läses bara in i en tom databas: välj en ny katalog med --data-dir."
                );
            }
            demo_load::generate_and_load(&store, seed).await?;
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
