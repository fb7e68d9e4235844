//! `tillit serve`: the web application on a listener, with the demo
//! municipality first if asked. The one place the command line uses the web
//! crate; every other command goes through the application layer
//! (`tillit-app`) and the store.

use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::{audit, config, demo_load, open_store};

/// `tillit serve ...`. Every value not given here comes from the
/// environment, the configuration file or the default, in that order
/// (see `config.rs` and docs/operations.md).
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Adress och port att lyssna på (standard 127.0.0.1:8080).
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// Datakatalog för SQLite-databasen (används när DATABASE_URL inte är satt;
    /// standard ./tillit-data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Fyll en tom databas med demokommunen först och skriv ut demoinloggningarna.
    #[arg(long)]
    pub demo: bool,
    /// Fröet för demodata (samma frö ger samma data).
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Sätt cookies med Secure-flaggan (när Tillit körs bakom TLS).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Sessionens inaktivitetsgräns i minuter (standard 30).
    #[arg(long)]
    pub idle_timeout_minutes: Option<u64>,
    /// Sessionens längsta livstid i minuter, oavsett aktivitet (standard 720).
    #[arg(long)]
    pub absolute_timeout_minutes: Option<u64>,
    /// Hur länge nödåtkomst till ett ärende i en annan enhet gäller, i minuter (standard 120).
    #[arg(long)]
    pub emergency_access_minutes: Option<u64>,
    /// En omvänd proxy (reverse proxy) vars X-Forwarded-For-huvud ska tros på,
    /// t.ex. 127.0.0.1. Kan anges flera gånger. Utan den loggas anslutningens adress.
    #[arg(long = "trusted-proxy", value_name = "IP-ADRESS")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Hur länge en begäran väntar på databasen (en skrivning eller en ledig
    /// anslutning) innan användaren får "tillfälligt otillgängligt" (503), i
    /// millisekunder (standard 5000).
    #[arg(long)]
    pub db_wait_ms: Option<u64>,
    /// Fil utanför databasen där åtkomstloggens ankare skrivs var 15:e minut och vid
    /// avslut (se `tillit audit verify --anchors`).
    #[arg(long, value_name = "FIL")]
    pub audit_anchors: Option<PathBuf>,
}

impl ServeArgs {
    /// What the flags say (`None` where they are silent).
    fn layer(&self) -> config::Layer {
        config::Layer {
            addr: self.addr,
            data_dir: self.data_dir.clone(),
            secure_cookies: self.secure_cookies.then_some(true),
            idle_timeout_minutes: self.idle_timeout_minutes,
            absolute_timeout_minutes: self.absolute_timeout_minutes,
            emergency_access_minutes: self.emergency_access_minutes,
            trusted_proxies: (!self.trusted_proxies.is_empty())
                .then(|| self.trusted_proxies.clone()),
            db_wait_ms: self.db_wait_ms,
            audit_anchors: self.audit_anchors.clone(),
            ..config::Layer::default()
        }
    }
}

/// Run the web application until Ctrl-C or SIGTERM; then commit what the
/// requests wrote, anchor the access log and close the store.
pub async fn serve(args: ServeArgs) -> Result<()> {
    let settings = config::settings(args.layer());
    let config::Settings {
        addr,
        secure_cookies,
        idle_timeout_minutes,
        absolute_timeout_minutes,
        emergency_access_minutes,
        ref trusted_proxies,
        db_wait_ms,
        ref audit_anchors,
        ref metrics_token,
        ..
    } = settings;
    let (demo, seed) = (args.demo, args.seed);
    let store = open_store(&settings).await?;
    if demo {
        if store.is_empty().await? {
            demo_load::generate_and_load(&store, seed).await?;
        } else {
            eprintln!("Databasen innehåller redan data; demodata läses inte in igen.");
        }
    }
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("kunde inte lyssna på {addr} (är porten upptagen? välj en annan med --addr)")
    })?;
    let local = listener.local_addr()?;
    let config = tillit_web::WebConfig {
        secure_cookies,
        idle_timeout: std::time::Duration::from_secs(idle_timeout_minutes.max(1) * 60),
        absolute_timeout: std::time::Duration::from_secs(absolute_timeout_minutes.max(1) * 60),
        emergency_access: std::time::Duration::from_secs(emergency_access_minutes.max(1) * 60),
        trusted_proxies: trusted_proxies.clone(),
        db_wait: std::time::Duration::from_millis(db_wait_ms.max(1)),
        metrics_token: metrics_token.clone(),
        ..Default::default()
    };
    println!();
    println!("Tillit körs på http://{local}/");
    if demo {
        demo_load::print_logins(&store).await?;
    }
    println!("Avsluta med Ctrl-C.");
    if let Some(file) = audit_anchors {
        // An anchor at start, then every 15 minutes and at shutdown.
        audit::record_head(&store, file).await;
        audit::spawn_anchoring(store.clone(), file.clone());
    }
    let handle = store.clone();
    let mut state = tillit_web::AppState::new(store, config);
    if settings.municipality.is_some() || settings.municipality_code.is_some() {
        let default = state.municipality().clone();
        state = state.with_municipality(tillit_app::facts_cache::Municipality {
            name: settings.municipality.clone().unwrap_or(default.name),
            code: settings.municipality_code.clone().unwrap_or(default.code),
        });
    } else if demo {
        // The demo's reports are about the demo municipality.
        let code = state.municipality().code.clone();
        state = state.with_municipality(tillit_app::facts_cache::Municipality {
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
    if let Some(file) = audit_anchors {
        audit::record_head(&handle, file).await;
    }
    handle.close().await;
    Ok(())
}
