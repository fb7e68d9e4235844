//! The budget: per year, responsibility, activity, project and account, as
//! the committee decided it, and its revisions (ombudgetering), each with
//! the day it was decided and why. The budget as decided is never changed:
//! a revision is a list of changes beside it, and the budget in force on a
//! day is the decided one plus every revision decided by then.
//!
//! Amounts are signed as the income statement signs them (intäkter +,
//! kostnader −). People type a budget as positive amounts, incomes and
//! costs alike; [`typed_amount`] turns a typed cost negative by its
//! account's class (a typed negative amount is a reduction: a cost
//! refund, an income given back).
//!
//! The budget is for the year; a month's share is a twelfth
//! ([`Budget::to_month`]: the budget up to and including month `m` is
//! `m/12` of the year's, rounded to the öre): the run rate the forecast
//! and the chart of cumulative outcome use.

use crate::economy::Money;
use crate::economy::chart::line_of;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a budget amount is: year, account and the three dimensions
/// (empty string: none).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BudgetKey {
    pub year: i16,
    pub responsibility: String,
    pub activity: String,
    pub project: String,
    pub account: String,
}

/// One amount of the budget (statement sign).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub key: BudgetKey,
    pub amount: Money,
}

/// An ombudgetering: changes to lines, decided on a day for a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub decided_on: Date,
    pub reason: String,
    /// The change of each line (added to the budget in force).
    pub changes: Vec<BudgetLine>,
}

impl Revision {
    /// The change that takes `current` to `wanted` (lines missing from
    /// `wanted` are left as they are): what a revision entered as the new
    /// amounts of some lines records.
    pub fn to_reach(
        current: &[BudgetLine],
        wanted: &[BudgetLine],
        decided_on: Date,
        reason: String,
    ) -> Self {
        let now: BTreeMap<&BudgetKey, Money> = current.iter().map(|l| (&l.key, l.amount)).collect();
        let changes = wanted
            .iter()
            .filter_map(|w| {
                let delta = w.amount - now.get(&w.key).copied().unwrap_or_default();
                (!delta.is_zero()).then(|| BudgetLine {
                    key: w.key.clone(),
                    amount: delta,
                })
            })
            .collect();
        Self {
            decided_on,
            reason,
            changes,
        }
    }

    /// The revision's net effect on the result (its changes summed).
    pub fn net(&self) -> Money {
        self.changes.iter().map(|c| c.amount).sum()
    }
}

/// A year's budget: as decided, and its revisions in the order decided.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub decided: Vec<BudgetLine>,
    pub revisions: Vec<Revision>,
}

impl Budget {
    /// The budget in force on `day` (`None`: with every revision).
    pub fn in_force(&self, day: Option<Date>) -> Vec<BudgetLine> {
        let mut sums: BTreeMap<BudgetKey, Money> = BTreeMap::new();
        for l in &self.decided {
            *sums.entry(l.key.clone()).or_default() += l.amount;
        }
        for r in &self.revisions {
            if day.is_none_or(|d| r.decided_on <= d) {
                for c in &r.changes {
                    *sums.entry(c.key.clone()).or_default() += c.amount;
                }
            }
        }
        sums.into_iter()
            .map(|(key, amount)| BudgetLine { key, amount })
            .collect()
    }

    /// The share of a year's amount up to and including month `m` (1-12):
    /// `m/12`, rounded to the öre.
    pub fn to_month(year_amount: Money, m: i8) -> Money {
        year_amount.ratio(i64::from(m.clamp(0, 12)), 12)
    }
}

/// A typed budget amount on `account` as the statement signs it: costs
/// (classes 4-7) turned negative. `None` for an account outside the
/// income statement.
pub fn typed_amount(account: &str, typed: Money) -> Option<Money> {
    line_of(account).map(|l| typed.times(l.typed_sign()))
}

/// The amount as people type it (positive for an ordinary income or
/// cost): the inverse of [`typed_amount`].
pub fn as_typed(account: &str, amount: Money) -> Money {
    line_of(account).map_or(amount, |l| amount.times(l.typed_sign()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn line(account: &str, amount: i64) -> BudgetLine {
        BudgetLine {
            key: BudgetKey {
                year: 2025,
                responsibility: "100".into(),
                activity: String::new(),
                project: String::new(),
                account: account.into(),
            },
            amount: Money(amount),
        }
    }

    #[test]
    fn costs_are_typed_positive() {
        assert_eq!(typed_amount("5010", Money(100)), Some(Money(-100)));
        assert_eq!(typed_amount("3510", Money(100)), Some(Money(100)));
        assert_eq!(typed_amount("1930", Money(100)), None);
        assert_eq!(as_typed("5010", Money(-100)), Money(100));
    }

    #[test]
    fn the_decided_budget_stays_and_revisions_apply_by_day() {
        let mut b = Budget {
            decided: vec![line("5010", -1000), line("4630", -500)],
            revisions: vec![],
        };
        let wanted = vec![line("5010", -800), line("4630", -700)];
        let rev = Revision::to_reach(
            &b.in_force(None),
            &wanted,
            date(2025, 6, 1),
            "Flytt från personal till köpt vård".into(),
        );
        assert_eq!(rev.net(), Money(0));
        b.revisions.push(rev);
        assert_eq!(b.in_force(None), {
            let mut w = wanted.clone();
            w.sort_by(|a, c| a.key.cmp(&c.key));
            w
        });
        assert_eq!(b.in_force(Some(date(2025, 5, 31))).len(), 2);
        assert_eq!(
            b.in_force(Some(date(2025, 5, 31)))
                .iter()
                .find(|l| l.key.account == "5010")
                .unwrap()
                .amount,
            Money(-1000)
        );
        assert_eq!(b.decided[0].amount, Money(-1000));
    }

    #[test]
    fn a_month_share_is_a_twelfth() {
        assert_eq!(Budget::to_month(Money(-1200), 4), Money(-400));
        assert_eq!(Budget::to_month(Money(100), 1), Money(8));
        assert_eq!(Budget::to_month(Money(100), 12), Money(100));
    }
}
