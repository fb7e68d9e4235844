//! Outcome (utfall) from the municipality's ledger: the lines an import
//! gives, and what re-importing a period changes.
//!
//! An import is all or nothing: a file either parses into a [`LedgerFile`]
//! or gives every error it has, each with its line number
//! ([`LineError`]); nothing of a file with an error is stored. A file
//! covers the months it has lines for ([`LedgerFile::months`]); importing
//! it replaces exactly those months, so importing the same file again
//! changes nothing and a corrected file replaces the first once
//! ([`Receipt::between`] says what changed).

use crate::economy::chart::{Chart, line_of};
use crate::economy::{Money, Month};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Where a line is booked: month, account and the three object
/// dimensions (empty string: none).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LedgerKey {
    pub month: Month,
    pub account: String,
    pub responsibility: String,
    pub activity: String,
    pub project: String,
}

/// One line of outcome: an amount as the income statement signs it
/// (intäkter +, kostnader −; see [`Money`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub key: LedgerKey,
    pub amount: Money,
}

/// The file formats an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerFormat {
    /// SIE 4, periodsaldon (`#PSALDO`).
    SiePeriodBalances,
    /// SIE 4, verifikationer (`#VER`/`#TRANS`).
    SieVouchers,
    /// CSV with a header row.
    Csv,
}

impl LedgerFormat {
    pub fn code(self) -> &'static str {
        match self {
            Self::SiePeriodBalances => "sie4_psaldo",
            Self::SieVouchers => "sie4_ver",
            Self::Csv => "csv",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::SiePeriodBalances, Self::SieVouchers, Self::Csv]
            .into_iter()
            .find(|f| f.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SiePeriodBalances => "SIE 4 (periodsaldon, #PSALDO)",
            Self::SieVouchers => "SIE 4 (verifikationer, #VER/#TRANS)",
            Self::Csv => "CSV",
        }
    }
}

/// A file's text encoding, as the import found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// IBM PC 8-bit (code page 437), as SIE's `#FORMAT PC8` says.
    Cp437,
    Utf8,
    /// ISO 8859-1 (Latin-1; CSV from older spreadsheets).
    Latin1,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            Self::Cp437 => "PC8 (kodsida 437)",
            Self::Utf8 => "UTF-8",
            Self::Latin1 => "Latin-1",
        }
    }
}

/// An error on one line of a file (1-based), in Swedish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    /// 0 for an error about the whole file.
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "filen: {}", self.message)
        } else {
            write!(f, "rad {}: {}", self.line, self.message)
        }
    }
}

/// At most this many errors are kept per file (the rest are counted).
pub const MAX_ERRORS: usize = 200;

/// Every error of a file that could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportErrors {
    pub errors: Vec<LineError>,
    /// Errors beyond [`MAX_ERRORS`], not listed.
    pub more: usize,
}

impl ImportErrors {
    pub fn one(line: usize, message: impl Into<String>) -> Self {
        Self {
            errors: vec![LineError::new(line, message)],
            more: 0,
        }
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "filen importerades inte; inget sparades:")?;
        for e in &self.errors {
            writeln!(f, "  {e}")?;
        }
        if self.more > 0 {
            writeln!(f, "  ... och {} fel till", self.more)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// Collects errors while a file is read.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    list: Vec<LineError>,
    more: usize,
}

impl Errors {
    pub(crate) fn push(&mut self, line: usize, message: impl Into<String>) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(LineError::new(line, message));
        } else {
            self.more += 1;
        }
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub(crate) fn finish(mut self) -> ImportErrors {
        self.list.sort_by_key(|e| e.line);
        ImportErrors {
            errors: self.list,
            more: self.more,
        }
    }
}

/// A parsed ledger file: its outcome lines, summed per key, never zero.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFile {
    pub format: LedgerFormat,
    pub encoding: TextEncoding,
    /// `#FNAMN` of an SIE file.
    pub organisation: Option<String>,
    /// The months the file covers: importing it replaces these.
    pub months: BTreeSet<Month>,
    pub lines: Vec<LedgerLine>,
    /// Account names the file gives (`#KONTO`).
    pub account_names: Vec<(String, String)>,
    /// Object names per dimension role (ansvar, verksamhet, projekt).
    pub object_names: Vec<(String, String, String)>,
    /// Rows outside the income statement (balance, tax and financial
    /// accounts): left out, counted.
    pub left_out_rows: usize,
    /// Rows (or the file's lines) read.
    pub rows_read: usize,
}

/// Sums `(key, amount)` pairs into lines, dropping rows outside classes
/// 3-7 and sums of zero. Returns the lines and the number left out.
pub(crate) fn collect(
    rows: impl IntoIterator<Item = (LedgerKey, Money)>,
) -> (Vec<LedgerLine>, usize) {
    let mut sums: BTreeMap<LedgerKey, Money> = BTreeMap::new();
    let mut left_out = 0;
    for (key, amount) in rows {
        if line_of(&key.account).is_none() {
            left_out += 1;
            continue;
        }
        *sums.entry(key).or_default() += amount;
    }
    let lines = sums
        .into_iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(key, amount)| LedgerLine { key, amount })
        .collect();
    (lines, left_out)
}

/// Whether `account` is one the income statement counts (classes 3-7).
pub fn in_statement(account: &str) -> bool {
    Chart::is_account_code(account) && line_of(account).is_some()
}

/// What an import changed, month by month: the lines added, removed and
/// changed, and each month's net before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub months: Vec<MonthChange>,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// One month of a [`Receipt`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthChange {
    pub month: Month,
    /// Lines and net (intäkter − kostnader) before the import.
    pub lines_before: usize,
    pub net_before: Money,
    pub lines_after: usize,
    pub net_after: Money,
}

impl Receipt {
    /// What replacing `before` (the stored lines of the file's months) by
    /// `after` (the file's lines) changes.
    pub fn between(months: &BTreeSet<Month>, before: &[LedgerLine], after: &[LedgerLine]) -> Self {
        let old: BTreeMap<&LedgerKey, Money> = before.iter().map(|l| (&l.key, l.amount)).collect();
        let new: BTreeMap<&LedgerKey, Money> = after.iter().map(|l| (&l.key, l.amount)).collect();
        let (mut added, mut changed, mut unchanged) = (0, 0, 0);
        for (k, v) in &new {
            match old.get(k) {
                None => added += 1,
                Some(o) if o == v => unchanged += 1,
                Some(_) => changed += 1,
            }
        }
        let removed = old.keys().filter(|k| !new.contains_key(*k)).count();
        let months = months
            .iter()
            .map(|m| {
                let b = before.iter().filter(|l| l.key.month == *m);
                let a = after.iter().filter(|l| l.key.month == *m);
                MonthChange {
                    month: *m,
                    lines_before: b.clone().count(),
                    net_before: b.map(|l| l.amount).sum(),
                    lines_after: a.clone().count(),
                    net_after: a.map(|l| l.amount).sum(),
                }
            })
            .collect();
        Self {
            months,
            added,
            removed,
            changed,
            unchanged,
        }
    }

    /// Nothing changed: the same file imported again.
    pub fn is_unchanged(&self) -> bool {
        self.added == 0 && self.removed == 0 && self.changed == 0
    }

    /// A Swedish summary line.
    pub fn summary(&self) -> String {
        if self.is_unchanged() {
            format!(
                "Inga ändringar: samma utfall fanns redan ({} rader).",
                self.unchanged
            )
        } else {
            format!(
                "{} nya rader, {} ändrade, {} borttagna, {} oförändrade.",
                self.added, self.changed, self.removed, self.unchanged
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(m: i8, account: &str, amount: i64) -> LedgerLine {
        LedgerLine {
            key: LedgerKey {
                month: Month::new(2025, m).unwrap(),
                account: account.into(),
                responsibility: "100".into(),
                activity: String::new(),
                project: String::new(),
            },
            amount: Money(amount),
        }
    }

    #[test]
    fn a_receipt_counts_what_changed() {
        let months: BTreeSet<_> = [Month::new(2025, 1).unwrap()].into();
        let before = vec![line(1, "5010", -100), line(1, "6010", -50)];
        let after = vec![line(1, "5010", -120), line(1, "3510", 30)];
        let r = Receipt::between(&months, &before, &after);
        assert_eq!((r.added, r.changed, r.removed, r.unchanged), (1, 1, 1, 0));
        assert_eq!(r.months[0].net_before, Money(-150));
        assert_eq!(r.months[0].net_after, Money(-90));
        let same = Receipt::between(&months, &after, &after);
        assert!(same.is_unchanged());
    }

    #[test]
    fn collect_sums_and_leaves_out_balance_accounts() {
        let k = line(1, "5010", 0).key;
        let mut bal = k.clone();
        bal.account = "1930".into();
        let (lines, left_out) = collect([
            (k.clone(), Money(10)),
            (k.clone(), Money(-10)),
            (bal, Money(5)),
        ]);
        assert!(lines.is_empty());
        assert_eq!(left_out, 1);
    }
}
