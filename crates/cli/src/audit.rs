//! `tillit audit verify`: check the access log's hash chain from the first
//! entry to the last (see `tillit_store`'s `audit` module).
//!
//! Intact: prints how many entries were checked and the last entry's hash
//! (record it outside the database: it pins every entry up to it) and
//! exits 0. Broken: says at which entry and what is wrong, and exits
//! non-zero.

use anyhow::{Result, bail};
use tillit_store::Store;

/// Verify the chain; `Err` names the first broken entry.
pub async fn verify(store: &Store) -> Result<()> {
    let report = store.verify_access_log().await?;
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
