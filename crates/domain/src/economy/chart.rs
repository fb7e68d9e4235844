//! The chart of accounts: Kommun-Bas account classes, groups and accounts,
//! as data with validity dates.
//!
//! A municipality's ledger uses accounts of 3-5 digits under the Kommun-Bas
//! structure: the first digit is the class (kontoklass), the first two the
//! group (kontogrupp), three digits an account (konto) the chart names.
//! Longer codes (`46310`) belong to the longest code in the chart that they
//! start with. Only classes 3-7 (verksamhetens intäkter och kostnader) make
//! up the committee's income statement; balance accounts (1, 2) and the
//! financial and tax classes (8, 9) are not the committee's operations and
//! are left out of it (an import counts them in its receipt).

use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

/// The line of the income statement an account belongs to (seed 001's and
/// 004's resultaträkning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementLine {
    /// Verksamhetens intäkter (class 3).
    Income,
    /// Personalkostnader (class 5).
    Staff,
    /// Övriga kostnader: köp av verksamhet, lämnade bidrag, lokaler,
    /// material, tjänster (classes 4, 6, 7).
    Other,
}

impl StatementLine {
    pub const ALL: [StatementLine; 3] = [Self::Income, Self::Staff, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::Income => "Intäkter",
            Self::Staff => "Personalkostnader",
            Self::Other => "Övriga kostnader",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Income => "intakter",
            Self::Staff => "personal",
            Self::Other => "ovriga",
        }
    }

    /// Costs are negative in the statement; an amount people type as a
    /// positive cost is turned by this (1 for income, −1 for costs).
    pub fn typed_sign(self) -> i64 {
        match self {
            Self::Income => 1,
            Self::Staff | Self::Other => -1,
        }
    }
}

/// A class, group or account of the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartEntry {
    /// 1 digit: class; 2: group; 3: account.
    pub code: &'static str,
    pub name: &'static str,
    pub valid_from: Date,
    /// Last day it may be booked on; `None`: still valid.
    pub valid_to: Option<Date>,
}

impl ChartEntry {
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|end| day <= end)
    }
}

const FROM: Date = date(2009, 1, 1);

macro_rules! chart {
    ($($code:literal => $name:literal $(until $to:expr)?),+ $(,)?) => {
        &[$(ChartEntry { code: $code, name: $name, valid_from: FROM, valid_to: chart!(@to $($to)?) }),+]
    };
    (@to) => { None };
    (@to $to:expr) => { Some($to) };
}

/// Kommun-Bas as the seed municipalities use it: classes, the groups of
/// the operating statement and the accounts their reports name (seed 001's
/// project tables: 35 Bidrag, 50 Löner arbetad tid, 511 Semesterlön, 56
/// Sociala avgifter, 463 Entreprenad och köp av huvudverksamhet, 601
/// Lokalhyror, 705 Resekostnader ...).
pub const KOMMUN_BAS: &[ChartEntry] = chart![
    "1" => "Tillgångar",
    "2" => "Eget kapital, avsättningar och skulder",
    "3" => "Verksamhetens intäkter",
    "30" => "Försäljningsintäkter",
    "31" => "Taxor och avgifter",
    "32" => "Hyror och arrenden",
    "33" => "Bidrag från staten",
    "34" => "Försäljning av verksamhet och konsulttjänster",
    "35" => "Bidrag",
    "36" => "Ersättningar från andra kommuner och regioner",
    "38" => "Övriga intäkter",
    "4" => "Verksamhetens kostnader",
    "40" => "Material och varor",
    "45" => "Lämnade bidrag",
    "451" => "Ekonomiskt bistånd",
    "459" => "Omkostnadsersättningar familjehem",
    "46" => "Entreprenad och köp av verksamhet",
    "461" => "Köp av verksamhet från kommuner och regioner",
    "463" => "Entreprenad och köp av huvudverksamhet",
    "464" => "Köp av vård från Statens institutionsstyrelse",
    "47" => "Konsulttjänster och inhyrd personal",
    "470" => "Konsulttjänster",
    "5" => "Personalkostnader",
    "50" => "Löner arbetad tid",
    "51" => "Löner ej arbetad tid",
    "511" => "Semesterlön",
    "52" => "Arvoden",
    "522" => "Arvoden familjehem och kontaktpersoner",
    "53" => "Andra kontanta ersättningar",
    "55" => "Förmåner",
    "56" => "Sociala avgifter enligt lag och avtal",
    "57" => "Pensionskostnader",
    "58" => "Personalsociala kostnader",
    "6" => "Lokal-, material- och tjänstekostnader",
    "60" => "Lokal- och markhyror",
    "601" => "Lokalhyror",
    "64" => "Förbrukningsinventarier och förbrukningsmaterial",
    "641" => "Förbrukningsinventarier",
    "643" => "Böcker, tidningar och facklitteratur",
    "644" => "Livsmedel",
    "65" => "Kontorsmaterial och trycksaker",
    "68" => "Tele-, IT-kommunikation och postbefordran",
    "69" => "Övriga främmande tjänster",
    "7" => "Övriga verksamhetskostnader",
    "70" => "Transporter och resor",
    "705" => "Resekostnader",
    "73" => "Försäkringar och riskkostnader",
    "74" => "Övriga verksamhetskostnader",
    "8" => "Skatteintäkter, generella statsbidrag och finansiella poster",
    "9" => "Interna poster och bokslutsdispositioner",
];

/// Where an account belongs: its class, group, the chart's name for it and
/// its line of the income statement (`None` outside classes 3-7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classified {
    pub account: String,
    pub class: char,
    /// The group (two digits), if the code has two.
    pub group: Option<String>,
    /// The name of the longest code of the chart the account starts with.
    pub name: String,
    pub line: Option<StatementLine>,
}

/// The chart of accounts in force: Kommun-Bas, optionally with the
/// municipality's own named accounts (from an SIE file's `#KONTO` lines).
#[derive(Clone, Debug, Default)]
pub struct Chart {
    own: Vec<(String, String)>,
}

impl Chart {
    pub fn kommun_bas() -> Self {
        Self::default()
    }

    /// Add the municipality's own account names (`#KONTO 46310 "Köpt
    /// HVB-vård barn"`); they take precedence over the chart's names.
    pub fn with_own(mut self, accounts: impl IntoIterator<Item = (String, String)>) -> Self {
        self.own.extend(accounts);
        self.own.sort();
        self.own.dedup_by(|a, b| a.0 == b.0);
        self
    }

    /// Whether `code` is an account code: 1-8 ASCII digits, not starting
    /// with 0.
    pub fn is_account_code(code: &str) -> bool {
        (1..=8).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_digit())
            && !code.starts_with('0')
    }

    /// Classify `account` as of `on`: the chart entries valid that day.
    /// `None` for a code that is not an account code.
    pub fn classify(&self, account: &str, on: Date) -> Option<Classified> {
        if !Self::is_account_code(account) {
            return None;
        }
        let class = account.chars().next()?;
        let own = self
            .own
            .iter()
            .find(|(c, _)| c == account)
            .map(|(_, n)| n.clone());
        let name = own.unwrap_or_else(|| {
            KOMMUN_BAS
                .iter()
                .filter(|e| e.is_valid_on(on) && account.starts_with(e.code))
                .max_by_key(|e| e.code.len())
                .map(|e| e.name.to_string())
                .unwrap_or_else(|| format!("Konto {account}"))
        });
        Some(Classified {
            account: account.to_string(),
            class,
            group: (account.len() >= 2).then(|| account[..2].to_string()),
            name,
            line: line_of_class(class),
        })
    }

    /// The chart's name of a class, group or account code as of `on`.
    pub fn name(&self, code: &str, on: Date) -> Option<&str> {
        if let Some((_, n)) = self.own.iter().find(|(c, _)| c == code) {
            return Some(n);
        }
        KOMMUN_BAS
            .iter()
            .find(|e| e.code == code && e.is_valid_on(on))
            .map(|e| e.name)
    }
}

/// The statement line of an account class.
pub fn line_of_class(class: char) -> Option<StatementLine> {
    match class {
        '3' => Some(StatementLine::Income),
        '5' => Some(StatementLine::Staff),
        '4' | '6' | '7' => Some(StatementLine::Other),
        _ => None,
    }
}

/// The statement line of an account code.
pub fn line_of(account: &str) -> Option<StatementLine> {
    account.chars().next().and_then(line_of_class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_code_names_an_account() {
        let chart = Chart::kommun_bas();
        let c = chart.classify("46310", date(2025, 3, 1)).unwrap();
        assert_eq!(c.name, "Entreprenad och köp av huvudverksamhet");
        assert_eq!(c.group.as_deref(), Some("46"));
        assert_eq!(c.line, Some(StatementLine::Other));
        let c = chart.classify("5011", date(2025, 3, 1)).unwrap();
        assert_eq!(c.name, "Löner arbetad tid");
        assert_eq!(c.line, Some(StatementLine::Staff));
        assert_eq!(chart.classify("1930", date(2025, 1, 1)).unwrap().line, None);
        assert!(chart.classify("04x", date(2025, 1, 1)).is_none());
        let own = Chart::kommun_bas().with_own([("46310".into(), "Köpt HVB-vård".into())]);
        assert_eq!(
            own.classify("46310", date(2025, 1, 1)).unwrap().name,
            "Köpt HVB-vård"
        );
    }

    #[test]
    fn every_code_is_digits_and_unique() {
        let mut codes: Vec<_> = KOMMUN_BAS.iter().map(|e| e.code).collect();
        assert!(codes.iter().all(|c| Chart::is_account_code(c)));
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }
}
