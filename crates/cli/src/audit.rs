//! `tillit audit verify`: check the access log's hash chain from the first
//! entry to the last (see `tillit_store`'s `audit` module), and with
//! `--anchors FILE` that every anchor recorded outside the database still
//! holds (so that removing the newest entries is found too).
//! `tillit audit anchor` and `tillit serve --audit-anchors FILE` record
//! anchors (see `tillit_store::Anchor`).
//!
//! Intact: prints how many entries were checked and the last entry's hash
//! and exits 0. Broken: says at which entry and what is wrong, and exits
//! non-zero.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tillit_store::{Anchor, Store};

/// How often `tillit serve --audit-anchors` records an anchor.
pub const ANCHOR_EVERY: Duration = Duration::from_secs(15 * 60);

/// Append an anchor to the file (created if missing) and force it to disk.
pub fn append_anchor(file: &Path, anchor: &Anchor) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .with_context(|| format!("kunde inte öppna ankarfilen {}", file.display()))?;
    writeln!(f, "{}", anchor.line())
        .and_then(|_| f.sync_all())
        .with_context(|| format!("kunde inte skriva i ankarfilen {}", file.display()))?;
    Ok(())
}

/// `tillit audit anchor`: verify the chain, then record its last entry.
pub async fn anchor(store: &Store, file: &Path) -> Result<()> {
    let report = store.verify_access_log().await?;
    if let Some(b) = report.broken {
        bail!(
            "åtkomstloggen är bruten vid post {}: {}; inget ankare skrevs",
            b.seq,
            b.problem
        );
    }
    let anchor = Anchor {
        at: jiff::Timestamp::now(),
        seq: report.last_seq,
        hash: report.last_hash,
    };
    append_anchor(file, &anchor)?;
    println!("Ankare skrivet i {}: {}", file.display(), anchor.line());
    Ok(())
}

/// The server's anchoring: an anchor of the head every [`ANCHOR_EVERY`].
pub fn spawn_anchoring(store: Store, file: PathBuf) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(ANCHOR_EVERY).await;
            record_head(&store, &file).await;
        }
    });
}

/// Record the head as the store keeps it now (logged, never fatal).
pub async fn record_head(store: &Store, file: &Path) {
    match store.access_log_anchor().await {
        Ok(a) => match append_anchor(file, &a) {
            Ok(()) => tracing::info!(seq = a.seq, "access-log anchor recorded"),
            Err(e) => tracing::error!(error = %format!("{e:#}"), "access-log anchor not recorded"),
        },
        Err(e) => tracing::error!(error = %e, "access-log head could not be read for an anchor"),
    }
}

/// Verify the chain and, given an anchors file, every anchor in it; `Err`
/// names the first broken entry or the anchors the log no longer has.
pub async fn verify(store: &Store, anchors: Option<&Path>) -> Result<()> {
    let report = store.verify_access_log().await?;
    if report.broken.is_none()
        && let Some(file) = anchors
    {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("kunde inte läsa ankarfilen {}", file.display()))?;
        let list = Anchor::parse_file(&text).map_err(|(line, why)| {
            anyhow::anyhow!("ankarfilen {} rad {line}: {why}", file.display())
        })?;
        let problems = store.check_anchors(&list).await?;
        if !problems.is_empty() {
            for (_, p) in &problems {
                println!("Åtkomstloggen stämmer inte med ankarfilen: {p}.");
            }
            bail!(
                "åtkomstloggen stämmer inte med {} av {} ankare i {}",
                problems.len(),
                list.len(),
                file.display()
            );
        }
        println!("Alla {} ankare i {} stämmer.", list.len(), file.display());
    }
    match report.broken {
        None => {
            println!(
                "Åtkomstloggen är hel: {} poster kontrollerade.",
                report.checked
            );
            println!(
                "Sista posten: nummer {}, kontrollsumma {}",
                report.last_seq, report.last_hash
            );
            Ok(())
        }
        Some(b) => {
            println!("Åtkomstloggen är bruten vid post {}: {}.", b.seq, b.problem);
            println!(
                "Posterna före den ({} st, till och med nummer {}) är hela.",
                report.checked, report.last_seq
            );
            bail!("åtkomstloggen är bruten vid post {}: {}", b.seq, b.problem)
        }
    }
}
