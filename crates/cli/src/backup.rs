//! `tillit migrate`, `tillit backup` and `tillit restore` (see
//! docs/operations.md): the schema brought up to date, a consistent copy
//! of a SQLite database taken while the server runs, and a copy put back.
//! PostgreSQL is backed up and restored with its own tools (`pg_dump -Fc`,
//! `pg_restore`); these commands say so.

use anyhow::{Result, bail};
use std::path::Path;
use tillit_store::{Store, StoreConfig};

use crate::config::Settings;

/// `tillit migrate [--check]`.
pub async fn migrate(settings: &Settings, check: bool) -> Result<()> {
    crate::existing_database(settings)?;
    let cfg = settings.store_config();
    let status = Store::migration_status(&cfg).await?;
    if let Some(newer) = status.newer {
        bail!(
            "databasen har schemaversion {newer}, nyare än den här versionen av Tillit känner till; installera den nyare versionen av Tillit"
        );
    }
    let current = status.applied.last().copied().unwrap_or(0);
    if status.pending.is_empty() {
        println!("Databasen är aktuell: schemaversion {current} ({cfg}).");
        return Ok(());
    }
    let list = status
        .pending
        .iter()
        .map(|(v, name)| format!("{v} ({name})"))
        .collect::<Vec<_>>()
        .join(", ");
    if check {
        bail!(
            "databasen ({cfg}) har schemaversion {current} och {} väntande migreringar: {list}. Kör tillit migrate (eller starta tillit serve, som migrerar)",
            status.pending.len()
        );
    }
    let store = crate::open_store(settings).await?;
    store.close().await;
    let after = Store::migration_status(&cfg).await?;
    for (v, name) in &status.pending {
        if after.applied.contains(v) {
            println!("Tillämpade migrering {v} ({name}).");
        }
    }
    println!(
        "Databasen är aktuell: schemaversion {} ({cfg}).",
        after.applied.last().copied().unwrap_or(0)
    );
    Ok(())
}

/// `tillit backup --to FILE`.
pub async fn backup(settings: &Settings, to: &Path) -> Result<()> {
    if let StoreConfig::Postgres { .. } = settings.store_config() {
        bail!(
            "DATABASE_URL pekar på PostgreSQL: säkerhetskopiera med pg_dump -Fc -f tillit.dump \"$DATABASE_URL\" (se docs/operations.md)"
        );
    }
    let store = crate::open_existing_store(settings).await?;
    let report = store.backup_to(to).await;
    store.close().await;
    let report = report?;
    println!(
        "Säkerhetskopian är skriven: {} ({} byte, {} händelser, {} poster i åtkomstloggen).",
        report.file.display(),
        report.bytes,
        report.events,
        report.access_log_entries
    );
    println!(
        "Den återställs med: tillit restore --from {}",
        report.file.display()
    );
    Ok(())
}

/// `tillit restore --from FILE [--force]`.
pub async fn restore(settings: &Settings, from: &Path, force: bool) -> Result<()> {
    let StoreConfig::Sqlite { path } = settings.store_config() else {
        bail!(
            "DATABASE_URL pekar på PostgreSQL: återställ med pg_restore --clean --if-exists --no-owner -d \"$DATABASE_URL\" tillit.dump (se docs/operations.md)"
        );
    };
    let report = tillit_store::restore_sqlite(from, &path, force).await?;
    println!(
        "Databasen {} är återställd från {}: {} händelser; åtkomstloggen är obruten ({} poster kontrollerade, sista post {}).",
        path.display(),
        from.display(),
        report.events,
        report.chain.checked,
        report.chain.last_seq
    );
    Ok(())
}
