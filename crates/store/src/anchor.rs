//! Anchors of the access log outside the database.
//!
//! The hash chain (see `audit.rs`) shows that no entry was changed, removed
//! or inserted *before* the last one. Someone with write access to the
//! database can still delete the newest entries and rewrite the head to
//! match: the shorter chain is intact. An anchor, the number and hash of an
//! entry written down somewhere the database's users cannot reach, pins
//! every entry up to it. `tillit serve --audit-anchors FILE` appends one
//! every 15 minutes (and at shutdown), `tillit audit anchor` does it on
//! demand, and `tillit audit verify --anchors FILE` checks each one: the
//! entry must still be there with the same hash.
//!
//! The file is plain text, one anchor a line: `TIME SEQ HASH` (RFC 3339
//! UTC time, the entry's number, its SHA-256 hex); blank lines and lines
//! starting with `#` are ignored. It belongs on other storage than the
//! database (another server, the registrar's archive, a WORM share); a
//! copy of a line in the diarium is an anchor too.

use crate::codec::RowExt;
use crate::{Store, StoreError};
use jiff::Timestamp;

/// One recorded point of the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// When it was recorded.
    pub at: Timestamp,
    /// The entry's number (0: the empty log).
    pub seq: u64,
    /// The entry's hash (lowercase hex, 64 characters).
    pub hash: String,
}

impl Anchor {
    /// The line written to an anchors file (without the newline).
    pub fn line(&self) -> String {
        format!("{} {} {}", self.at, self.seq, self.hash)
    }

    /// One line of an anchors file: `Ok(None)` for a blank or comment line,
    /// `Err` (in Swedish) for anything else that is not an anchor.
    pub fn parse_line(line: &str) -> Result<Option<Anchor>, String> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(None);
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [at, seq, hash] = parts.as_slice() else {
            return Err(
                "en rad ska ha tid, postnummer och kontrollsumma åtskilda av mellanslag".into(),
            );
        };
        let at: Timestamp = at
            .parse()
            .map_err(|_| format!("tiden {at:?} är inte en tidpunkt som 2026-12-07T08:00:00Z"))?;
        let seq: u64 = seq
            .parse()
            .map_err(|_| format!("postnumret {seq:?} är inte ett heltal"))?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("kontrollsumman ska vara 64 hexadecimala tecken".into());
        }
        Ok(Some(Anchor {
            at,
            seq,
            hash: hash.to_ascii_lowercase(),
        }))
    }

    /// Every anchor of a file's text, or the first bad line (1-based) and why.
    pub fn parse_file(text: &str) -> Result<Vec<Anchor>, (usize, String)> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            match Anchor::parse_line(line) {
                Ok(Some(a)) => out.push(a),
                Ok(None) => {}
                Err(e) => return Err((i + 1, e)),
            }
        }
        Ok(out)
    }
}

impl Store {
    /// The head of the access log as the store keeps it now: the anchor to
    /// record (`at` is now).
    pub async fn access_log_anchor(&self) -> Result<Anchor, StoreError> {
        let row = sqlx::query("SELECT seq, hash FROM access_log_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::corrupt("åtkomstloggens huvud saknas"))?;
        Ok(Anchor {
            at: Timestamp::now(),
            seq: crate::codec::int_version(row.int("seq")?)?,
            hash: row.text("hash")?,
        })
    }

    /// The anchors the log no longer agrees with, each with what is wrong
    /// (in Swedish); empty when every anchored entry is there unchanged.
    pub async fn check_anchors(
        &self,
        anchors: &[Anchor],
    ) -> Result<Vec<(Anchor, String)>, StoreError> {
        let mut problems = Vec::new();
        for a in anchors {
            if a.seq == 0 {
                continue;
            }
            match self.access_log_entry(a.seq).await? {
                None => problems.push((
                    a.clone(),
                    format!(
                        "post {} från ankaret {} saknas: loggen har kortats",
                        a.seq, a.at
                    ),
                )),
                Some(e) if e.hash != a.hash => problems.push((
                    a.clone(),
                    format!(
                        "post {} har en annan kontrollsumma än ankaret {}: loggen har skrivits om",
                        a.seq, a.at
                    ),
                )),
                Some(_) => {}
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_round_trip_and_comments_are_skipped() {
        let a = Anchor {
            at: "2026-12-07T08:15:00Z".parse().unwrap(),
            seq: 4711,
            hash: "ab".repeat(32),
        };
        assert_eq!(Anchor::parse_line(&a.line()), Ok(Some(a.clone())));
        assert_eq!(Anchor::parse_line("  # Tillköping"), Ok(None));
        assert_eq!(Anchor::parse_line(""), Ok(None));
        let text = format!("# ankare\n{}\n\n{}\n", a.line(), a.line());
        assert_eq!(Anchor::parse_file(&text).unwrap().len(), 2);
        let bad = format!("{}\n2026-12-07T08:15:00Z x {}\n", a.line(), "ab".repeat(32));
        let (line, why) = Anchor::parse_file(&bad).unwrap_err();
        assert_eq!(line, 2);
        assert!(why.contains("postnumret"), "{why}");
        assert!(Anchor::parse_line("2026-12-07T08:15:00Z 1 abc").is_err());
    }

    proptest! {
        /// The parser of an anchors file is total: any text gives anchors or
        /// a Swedish message, never a panic.
        #[test]
        fn any_text_is_parsed_or_refused(text in "\\PC*") {
            let _ = Anchor::parse_file(&text);
        }
    }
}
