//! The economy: budget, outcome, forecast and the cost of care, computed
//! from the structure, the ledger and the case records (issue 13).
//!
//! Pure, like the rest of the domain: no IO, no clock. The store keeps
//! what is imported and entered; the reports print what is computed here.
//!
//! - [`money`]: [`Money`], whole öre in an `i64` (the decision and the sign
//!   of amounts are documented there).
//! - [`chart`]: the chart of accounts (Kommun-Bas classes, groups and
//!   accounts with names, as data with validity dates) and the income
//!   statement's lines.
//! - [`structure`]: responsibilities (the units), activities (verksamhet
//!   codes, with the placement type a care activity pays for), projects
//!   with their financing; the month.
//! - [`ledger`]: outcome lines, what an import replaces and its receipt;
//!   [`sie`] (SIE 4) and [`csv`] read files into them.
//! - [`budget`]: the budget as decided and its revisions (ombudgetering).
//! - [`care`]: the providers' catalogue and each placement's cost per
//!   period from its care days and the price in force.
//! - [`statement`]: the income statement, the deviation rule
//!   ([`statement::DEVIATION_RULE`]), the forecast suggestion and the key
//!   figures per årsplacering.

pub mod budget;
pub mod care;
pub mod chart;
pub mod csv;
pub mod ledger;
pub mod money;
pub mod sie;
pub mod statement;
pub mod structure;

pub use budget::{Budget, BudgetKey, BudgetLine, Revision};
pub use chart::{Chart, StatementLine};
pub use ledger::{
    ImportErrors, LedgerFile, LedgerFormat, LedgerKey, LedgerLine, LineError, Receipt,
};
pub use money::Money;
pub use statement::{DEVIATION_RULE, Figures, ForecastPoint, IncomeStatement, Scope};
pub use structure::{Activity, Month, PlacementType, Project, Responsibility, Structure, Validity};

/// Read a ledger file by its content: SIE 4 if its first label is one
/// (`#FLAGGA`, `#FORMAT`, `#SIETYP`, ...), else CSV.
pub fn parse_ledger_file(bytes: &[u8]) -> Result<LedgerFile, ImportErrors> {
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if start == Some(&b'#') {
        sie::parse(bytes)
    } else {
        csv::parse_ledger(bytes)
    }
}
