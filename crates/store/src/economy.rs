//! The economy (migration 9): the structure, outcome imported from the
//! ledger, the budget as decided and its revisions, forecasts and the
//! providers' catalogue. Everything in the domain's types
//! (`tillit_domain::economy`); amounts are öre.
//!
//! - **Import, all or nothing, exactly once.** [`Store::import_ledger`]
//!   replaces the outcome of the months the file covers, in one
//!   transaction: the lines of those months are deleted and the file's
//!   inserted, with a row in `economy_imports` and the receipt of what
//!   changed (computed inside the same transaction from what was there).
//!   Importing the same file again changes nothing and says so.
//! - **The budget as decided stays.** Revision 0 of a year is the budget
//!   as decided; it may be replaced (a new decision) only while the year has
//!   no revision. Revisions (ombudgeteringar) are appended with their day
//!   and reason and never changed.
//! - **Forecasts** are appended; the newest per year, point and key holds.

use crate::codec::{RowExt, date_text, timestamp_text};
use crate::events::values_list;
use crate::followup::Stamp;
use crate::{Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use tillit_domain::catalog::InterventionKind;
use tillit_domain::economy::care::{Catalogue, DailyPrice, MonthlyFee, Provider, ProviderCategory};
use tillit_domain::economy::statement::ForecastPoint;
use tillit_domain::economy::structure::{Financing, FinancingKind};
use tillit_domain::economy::{
    Activity, Budget, BudgetKey, BudgetLine, LedgerFile, LedgerKey, LedgerLine, Money, Month,
    PlacementType, Project, Receipt, Responsibility, Revision, Structure, Validity,
};
use tillit_domain::{UnitId, UserId};

/// One import as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerImport {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    /// The format's code (`tillit_domain::economy::LedgerFormat::code`).
    pub format: String,
    pub encoding: String,
    pub months: Vec<Month>,
    pub rows_read: u64,
    pub line_count: u64,
    pub receipt: Receipt,
    pub by: UserId,
    pub at: Timestamp,
}

/// A revision of a year's budget as stored (0: the budget as decided).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetRevisionRow {
    pub year: i16,
    pub revision: i64,
    pub decided_on: Date,
    pub reason: String,
    pub by: UserId,
    pub at: Timestamp,
}

/// A forecast to enter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewForecast {
    pub year: i16,
    pub point: ForecastPoint,
    pub responsibility: String,
    pub activity: String,
    pub project: String,
    /// Intäkter, personalkostnader, övriga kostnader (statement sign).
    pub amounts: [Money; 3],
    pub comment: String,
}

/// A forecast as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastRow {
    pub id: i64,
    pub forecast: NewForecast,
    pub by: UserId,
    pub at: Timestamp,
}

fn opt_date(r: &AnyRow, col: &str) -> Result<Option<Date>, StoreError> {
    r.opt_parsed(col)
}

fn validity(r: &AnyRow) -> Result<Validity, StoreError> {
    Ok(Validity {
        from: r.parsed("valid_from")?,
        to: opt_date(r, "valid_to")?,
    })
}

fn month_of(r: &AnyRow, col: &str) -> Result<Month, StoreError> {
    let t = r.text(col)?;
    Month::parse(&t).ok_or_else(|| StoreError::corrupt(format!("kolumnen {col}: {t}")))
}

fn year_of(v: i64) -> Result<i16, StoreError> {
    i16::try_from(v).map_err(|_| StoreError::corrupt(format!("året {v}")))
}

const ROWS_PER_INSERT: usize = 400;

async fn insert_outcome(
    tx: &mut AnyConnection,
    lines: &[LedgerLine],
    import_id: i64,
) -> Result<(), StoreError> {
    for chunk in lines.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO economy_outcome (month, account, responsibility, activity, project, amount, import_id) VALUES {}",
            values_list(&*tx, chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for l in chunk {
            q = q
                .bind(l.key.month.to_string())
                .bind(l.key.account.clone())
                .bind(l.key.responsibility.clone())
                .bind(l.key.activity.clone())
                .bind(l.key.project.clone())
                .bind(l.amount.0)
                .bind(import_id);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

fn outcome_from_row(r: &AnyRow) -> Result<LedgerLine, StoreError> {
    Ok(LedgerLine {
        key: LedgerKey {
            month: month_of(r, "month")?,
            account: r.text("account")?,
            responsibility: r.text("responsibility")?,
            activity: r.text("activity")?,
            project: r.text("project")?,
        },
        amount: Money(r.int("amount")?),
    })
}

const OUTCOME_COLUMNS: &str = "month, account, responsibility, activity, project, amount";

async fn budget_rows(
    tx: &mut AnyConnection,
    year: i16,
    revision: i64,
    lines: &[BudgetLine],
) -> Result<(), StoreError> {
    for chunk in lines.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO economy_budget (year, revision, responsibility, activity, project, account, amount) VALUES {}",
            values_list(&*tx, chunk.len(), 7)
        );
        let mut q = sqlx::query(&sql);
        for l in chunk {
            if l.key.year != year {
                return Err(StoreError::Invalid(format!(
                    "en budgetrad för {} hör inte till {year}",
                    l.key.year
                )));
            }
            q = q
                .bind(i64::from(year))
                .bind(revision)
                .bind(l.key.responsibility.clone())
                .bind(l.key.activity.clone())
                .bind(l.key.project.clone())
                .bind(l.key.account.clone())
                .bind(l.amount.0);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

fn sum_by_key(lines: &[BudgetLine]) -> Vec<BudgetLine> {
    let mut m: BTreeMap<BudgetKey, Money> = BTreeMap::new();
    for l in lines {
        *m.entry(l.key.clone()).or_default() += l.amount;
    }
    m.into_iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(key, amount)| BudgetLine { key, amount })
        .collect()
}

impl Store {
    // --- Structure -----------------------------------------------------

    /// The structure: every responsibility, activity and project (all
    /// validity periods; callers pick by day).
    pub async fn economy_structure(&self) -> Result<Structure, StoreError> {
        let mut s = Structure::default();
        for r in sqlx::query(
            "SELECT code, name, unit_id, valid_from, valid_to FROM economy_responsibilities ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?
        {
            s.responsibilities.push(Responsibility {
                code: r.text("code")?,
                name: r.text("name")?,
                unit: r.opt_int("unit_id")?.map(UnitId),
                valid: validity(&r)?,
            });
        }
        for r in sqlx::query(
            "SELECT code, name, placement_type, valid_from, valid_to FROM economy_activities ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let placement_type = match r.opt_text("placement_type")? {
                None => None,
                Some(c) => Some(PlacementType::from_code(&c).ok_or_else(|| {
                    StoreError::corrupt(format!("okänd placeringstyp {c}"))
                })?),
            };
            s.activities.push(Activity {
                code: r.text("code")?,
                name: r.text("name")?,
                placement_type,
                valid: validity(&r)?,
            });
        }
        let mut financing: BTreeMap<String, Vec<Financing>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT project, year, kind, source, amount FROM economy_project_financing ORDER BY project, year, kind, source",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let kind = r.text("kind")?;
            let Some(kind) = FinancingKind::from_code(&kind) else {
                tracing::warn!(kind, "unknown financing kind left out");
                continue;
            };
            financing
                .entry(r.text("project")?)
                .or_default()
                .push(Financing {
                    kind,
                    source: r.text("source")?,
                    year: year_of(r.int("year")?)?,
                    amount: Money(r.int("amount")?),
                });
        }
        for r in sqlx::query(
            "SELECT code, name, responsibility, valid_from, valid_to FROM economy_projects ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let code = r.text("code")?;
            s.projects.push(Project {
                financing: financing.remove(&code).unwrap_or_default(),
                code,
                name: r.text("name")?,
                responsibility: r.opt_text("responsibility")?,
                valid: validity(&r)?,
            });
        }
        Ok(s)
    }

    /// Add or change responsibilities, activities and projects (with their
    /// financing, replaced whole), in one transaction.
    pub async fn save_structure(&self, s: Structure) -> Result<(), StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                for r in &s.responsibilities {
                    sqlx::query(
                        "INSERT INTO economy_responsibilities (code, name, unit_id, valid_from, valid_to) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET \
                         name = excluded.name, unit_id = excluded.unit_id, \
                         valid_from = excluded.valid_from, valid_to = excluded.valid_to",
                    )
                    .bind(r.code.clone())
                    .bind(r.name.clone())
                    .bind(r.unit.map(|u| u.0))
                    .bind(date_text(r.valid.from))
                    .bind(r.valid.to.map(date_text))
                    .execute(&mut *tx)
                    .await?;
                }
                for a in &s.activities {
                    sqlx::query(
                        "INSERT INTO economy_activities (code, name, placement_type, valid_from, valid_to) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET \
                         name = excluded.name, placement_type = excluded.placement_type, \
                         valid_from = excluded.valid_from, valid_to = excluded.valid_to",
                    )
                    .bind(a.code.clone())
                    .bind(a.name.clone())
                    .bind(a.placement_type.map(|t| t.code().to_string()))
                    .bind(date_text(a.valid.from))
                    .bind(a.valid.to.map(date_text))
                    .execute(&mut *tx)
                    .await?;
                }
                for p in &s.projects {
                    sqlx::query(
                        "INSERT INTO economy_projects (code, name, responsibility, valid_from, valid_to) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET \
                         name = excluded.name, responsibility = excluded.responsibility, \
                         valid_from = excluded.valid_from, valid_to = excluded.valid_to",
                    )
                    .bind(p.code.clone())
                    .bind(p.name.clone())
                    .bind(p.responsibility.clone())
                    .bind(date_text(p.valid.from))
                    .bind(p.valid.to.map(date_text))
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM economy_project_financing WHERE project = $1")
                        .bind(p.code.clone())
                        .execute(&mut *tx)
                        .await?;
                    let mut seen = std::collections::BTreeSet::new();
                    for f in &p.financing {
                        if !seen.insert((f.year, f.kind, f.source.clone())) {
                            return Err(StoreError::Invalid(format!(
                                "finansieringen {} från {} {} står två gånger",
                                f.kind.label(),
                                f.source,
                                f.year
                            )));
                        }
                        sqlx::query(
                            "INSERT INTO economy_project_financing (project, year, kind, source, amount) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(p.code.clone())
                        .bind(i64::from(f.year))
                        .bind(f.kind.code())
                        .bind(f.source.clone())
                        .bind(f.amount.0)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                Ok(())
            })
        })
        .await
    }

    // --- Outcome -------------------------------------------------------

    /// Import a parsed ledger file: replace the outcome of its months, all
    /// or nothing, and record the import with its receipt. Returns the
    /// import's id and the receipt.
    pub async fn import_ledger(
        &self,
        file_name: String,
        sha256: String,
        file: LedgerFile,
        at: Stamp,
    ) -> Result<(i64, Receipt), StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                let mut before = Vec::new();
                for m in &file.months {
                    let rows = sqlx::query(&format!(
                        "SELECT {OUTCOME_COLUMNS} FROM economy_outcome WHERE month = $1"
                    ))
                    .bind(m.to_string())
                    .fetch_all(&mut *tx)
                    .await?;
                    for r in &rows {
                        before.push(outcome_from_row(r)?);
                    }
                    sqlx::query("DELETE FROM economy_outcome WHERE month = $1")
                        .bind(m.to_string())
                        .execute(&mut *tx)
                        .await?;
                }
                let lines: Vec<LedgerLine> = file
                    .lines
                    .iter()
                    .filter(|l| file.months.contains(&l.key.month))
                    .cloned()
                    .collect();
                let receipt = Receipt::between(&file.months, &before, &lines);
                let receipt_json = serde_json::to_string(&receipt)
                    .map_err(|e| StoreError::Invalid(format!("kvittot: {e}")))?;
                let months: Vec<String> = file.months.iter().map(Month::to_string).collect();
                let row = sqlx::query(
                    "INSERT INTO economy_imports (file_name, sha256, format, encoding, months, rows_read, \
                     line_count, added, changed, removed, unchanged, receipt, imported_by, imported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                )
                .bind(file_name)
                .bind(sha256)
                .bind(file.format.code())
                .bind(file.encoding.label())
                .bind(months.join(","))
                .bind(i64::try_from(file.rows_read).unwrap_or(i64::MAX))
                .bind(i64::try_from(lines.len()).unwrap_or(i64::MAX))
                .bind(receipt.added as i64)
                .bind(receipt.changed as i64)
                .bind(receipt.removed as i64)
                .bind(receipt.unchanged as i64)
                .bind(receipt_json)
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .fetch_one(&mut *tx)
                .await?;
                let id = row.int("id")?;
                insert_outcome(tx, &lines, id).await?;
                for (account, name) in &file.account_names {
                    sqlx::query(
                        "INSERT INTO economy_account_names (account, name) VALUES ($1, $2) \
                         ON CONFLICT (account) DO UPDATE SET name = excluded.name",
                    )
                    .bind(account.clone())
                    .bind(name.clone())
                    .execute(&mut *tx)
                    .await?;
                }
                Ok((id, receipt))
            })
        })
        .await
    }

    /// The outcome of the months `[from, to]`.
    pub async fn outcome(&self, from: Month, to: Month) -> Result<Vec<LedgerLine>, StoreError> {
        sqlx::query(&format!(
            "SELECT {OUTCOME_COLUMNS} FROM economy_outcome WHERE month >= $1 AND month <= $2 \
             ORDER BY month, account, responsibility, activity, project"
        ))
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(outcome_from_row)
        .collect()
    }

    /// Every import, newest first.
    pub async fn ledger_imports(&self) -> Result<Vec<LedgerImport>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, file_name, sha256, format, encoding, months, rows_read, line_count, receipt, \
             imported_by, imported_at FROM economy_imports ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let months = r
                    .text("months")?
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(|m| {
                        Month::parse(m).ok_or_else(|| StoreError::corrupt(format!("månaden {m}")))
                    })
                    .collect::<Result<_, _>>()?;
                Ok(LedgerImport {
                    id: r.int("id")?,
                    file_name: r.text("file_name")?,
                    sha256: r.text("sha256")?,
                    format: r.text("format")?,
                    encoding: r.text("encoding")?,
                    months,
                    rows_read: r.int("rows_read")?.max(0) as u64,
                    line_count: r.int("line_count")?.max(0) as u64,
                    receipt: serde_json::from_str(&r.text("receipt")?)
                        .map_err(|e| StoreError::corrupt(format!("kvittot: {e}")))?,
                    by: UserId(r.int("imported_by")?),
                    at: r.parsed("imported_at")?,
                })
            })
            .collect()
    }

    /// The ledger's own account names.
    pub async fn account_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query("SELECT account, name FROM economy_account_names ORDER BY account")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.text("account")?, r.text("name")?)))
            .collect()
    }

    // --- Budget --------------------------------------------------------

    /// The years that have a budget.
    pub async fn budget_years(&self) -> Result<Vec<i16>, StoreError> {
        sqlx::query("SELECT DISTINCT year FROM economy_budget_revisions ORDER BY year")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| year_of(r.int("year")?))
            .collect()
    }

    /// A year's budget (as decided, and each revision) with the revisions'
    /// records (revision 0 first).
    pub async fn budget(&self, year: i16) -> Result<(Budget, Vec<BudgetRevisionRow>), StoreError> {
        let heads = sqlx::query(
            "SELECT year, revision, decided_on, reason, entered_by, entered_at \
             FROM economy_budget_revisions WHERE year = $1 ORDER BY revision",
        )
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(BudgetRevisionRow {
                year: year_of(r.int("year")?)?,
                revision: r.int("revision")?,
                decided_on: r.parsed("decided_on")?,
                reason: r.text("reason")?,
                by: UserId(r.int("entered_by")?),
                at: r.parsed("entered_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let mut by_rev: BTreeMap<i64, Vec<BudgetLine>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT revision, responsibility, activity, project, account, amount FROM economy_budget \
             WHERE year = $1 ORDER BY revision, responsibility, activity, project, account",
        )
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?
        {
            by_rev.entry(r.int("revision")?).or_default().push(BudgetLine {
                key: BudgetKey {
                    year,
                    responsibility: r.text("responsibility")?,
                    activity: r.text("activity")?,
                    project: r.text("project")?,
                    account: r.text("account")?,
                },
                amount: Money(r.int("amount")?),
            });
        }
        let budget = Budget {
            decided: by_rev.remove(&0).unwrap_or_default(),
            revisions: heads
                .iter()
                .filter(|h| h.revision > 0)
                .map(|h| Revision {
                    decided_on: h.decided_on,
                    reason: h.reason.clone(),
                    changes: by_rev.remove(&h.revision).unwrap_or_default(),
                })
                .collect(),
        };
        Ok((budget, heads))
    }

    /// Record the budget as decided for `year` (replacing an earlier
    /// decision only while the year has no revision: after an
    /// ombudgetering the decided budget is history).
    pub async fn set_decided_budget(
        &self,
        year: i16,
        lines: Vec<BudgetLine>,
        decided_on: Date,
        reason: String,
        at: Stamp,
    ) -> Result<(), StoreError> {
        let lines = sum_by_key(&lines);
        self.write(move |tx| {
            Box::pin(async move {
                let revisions = sqlx::query(
                    "SELECT COUNT(*) AS n FROM economy_budget_revisions WHERE year = $1 AND revision > 0",
                )
                .bind(i64::from(year))
                .fetch_one(&mut *tx)
                .await?
                .int("n")?;
                if revisions > 0 {
                    return Err(StoreError::Invalid(format!(
                        "budgeten för {year} har ombudgeterats; den beslutade budgeten ändras inte, lägg in en ombudgetering i stället"
                    )));
                }
                for table in ["economy_budget", "economy_budget_revisions"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE year = $1 AND revision = 0"))
                        .bind(i64::from(year))
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(
                    "INSERT INTO economy_budget_revisions (year, revision, decided_on, reason, entered_by, entered_at) \
                     VALUES ($1, 0, $2, $3, $4, $5)",
                )
                .bind(i64::from(year))
                .bind(date_text(decided_on))
                .bind(reason)
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .execute(&mut *tx)
                .await?;
                budget_rows(tx, year, 0, &lines).await
            })
        })
        .await
    }

    /// Append an ombudgetering to `year`'s budget (which must have been
    /// decided). Returns its number.
    pub async fn add_budget_revision(
        &self,
        year: i16,
        revision: Revision,
        at: Stamp,
    ) -> Result<i64, StoreError> {
        if revision.reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "skälet till ombudgeteringen saknas".into(),
            ));
        }
        if revision.changes.is_empty() {
            return Err(StoreError::Invalid(
                "ombudgeteringen ändrar ingenting".into(),
            ));
        }
        let changes = sum_by_key(&revision.changes);
        self.write(move |tx| {
            Box::pin(async move {
                let next = sqlx::query(
                    "SELECT COUNT(*) AS n, MAX(revision) AS m FROM economy_budget_revisions WHERE year = $1",
                )
                .bind(i64::from(year))
                .fetch_one(&mut *tx)
                .await?;
                if next.int("n")? == 0 {
                    return Err(StoreError::Invalid(format!(
                        "det finns ingen beslutad budget för {year} att ombudgetera"
                    )));
                }
                let number = next.opt_int("m")?.unwrap_or(0) + 1;
                sqlx::query(
                    "INSERT INTO economy_budget_revisions (year, revision, decided_on, reason, entered_by, entered_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(i64::from(year))
                .bind(number)
                .bind(date_text(revision.decided_on))
                .bind(revision.reason.clone())
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .execute(&mut *tx)
                .await?;
                budget_rows(tx, year, number, &changes).await?;
                Ok(number)
            })
        })
        .await
    }

    // --- Forecasts -----------------------------------------------------

    /// Enter a forecast (the newest per key holds).
    pub async fn enter_forecast(&self, f: NewForecast, at: Stamp) -> Result<i64, StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                let row = sqlx::query(
                    "INSERT INTO economy_forecasts (year, point, responsibility, activity, project, income, staff, other, \
                     comment, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(i64::from(f.year))
                .bind(f.point.code())
                .bind(f.responsibility)
                .bind(f.activity)
                .bind(f.project)
                .bind(f.amounts[0].0)
                .bind(f.amounts[1].0)
                .bind(f.amounts[2].0)
                .bind(f.comment)
                .bind(at.by.0)
                .bind(timestamp_text(at.at))
                .fetch_one(&mut *tx)
                .await?;
                row.int("id")
            })
        })
        .await
    }

    /// Every forecast of `year`, oldest first (the last per point and key
    /// holds).
    pub async fn forecasts(&self, year: i16) -> Result<Vec<ForecastRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, year, point, responsibility, activity, project, income, staff, other, comment, \
             entered_by, entered_at FROM economy_forecasts WHERE year = $1 ORDER BY id",
        )
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let point = r.text("point")?;
            let Some(point) = ForecastPoint::from_code(&point) else {
                tracing::warn!(point, "unknown forecast point left out");
                continue;
            };
            out.push(ForecastRow {
                id: r.int("id")?,
                forecast: NewForecast {
                    year: year_of(r.int("year")?)?,
                    point,
                    responsibility: r.text("responsibility")?,
                    activity: r.text("activity")?,
                    project: r.text("project")?,
                    amounts: [
                        Money(r.int("income")?),
                        Money(r.int("staff")?),
                        Money(r.int("other")?),
                    ],
                    comment: r.text("comment")?,
                },
                by: UserId(r.int("entered_by")?),
                at: r.parsed("entered_at")?,
            });
        }
        Ok(out)
    }

    // --- Placements ----------------------------------------------------

    /// Every placement of the case records (the economy's view: unit,
    /// kind, provider, price, start and end), read from the four kinds of
    /// event that say it, of the cases with an intervention only, not the
    /// whole log. Case data: whoever shows a placement one by one logs the
    /// read. The reports and pages take them from the follow-up's facts
    /// (`Facts::placements`, the same function over the same events, kept
    /// in the case extracts); this reads them from the log, and the tests
    /// check that the two agree.
    pub async fn placements(
        &self,
    ) -> Result<Vec<tillit_domain::economy::care::Placement>, StoreError> {
        let rows = sqlx::query(
            "SELECT case_id, version, recorded_by, recorded_at, occurred_on, payload FROM events \
             WHERE event_type IN ('case_opened', 'case_assigned', 'intervention_started', 'intervention_ended') \
             AND case_id IN (SELECT case_id FROM events WHERE event_type = 'intervention_started') \
             ORDER BY case_id, version",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let case: tillit_domain::CaseId = rows[i].parsed("case_id")?;
            let mut events = Vec::new();
            while i < rows.len() && rows[i].parsed::<tillit_domain::CaseId>("case_id")? == case {
                events.push(crate::followup::followup_event(&rows[i])?.1);
                i += 1;
            }
            out.extend(tillit_domain::economy::care::placements_of_case(
                case,
                events.iter().map(|e| (e.occurred_on, &e.event)),
            ));
        }
        Ok(out)
    }

    // --- Providers -----------------------------------------------------

    /// The providers' catalogue.
    pub async fn providers(&self) -> Result<Catalogue, StoreError> {
        let mut prices: BTreeMap<String, Vec<DailyPrice>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT provider, kind, valid_from, valid_to, per_day FROM economy_provider_prices ORDER BY provider, valid_from",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let kind = r.text("kind")?;
            let kind = if kind.is_empty() {
                None
            } else {
                match InterventionKind::from_code(&kind) {
                    Some(k) => Some(k),
                    None => {
                        tracing::warn!(kind, "unknown intervention kind in a price left out");
                        continue;
                    }
                }
            };
            prices.entry(r.text("provider")?).or_default().push(DailyPrice {
                valid: validity(&r)?,
                kind,
                per_day: Money(r.int("per_day")?),
            });
        }
        let mut fees: BTreeMap<String, Vec<MonthlyFee>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT provider, valid_from, valid_to, fee, expenses FROM economy_provider_fees ORDER BY provider, valid_from",
        )
        .fetch_all(&self.pool)
        .await?
        {
            fees.entry(r.text("provider")?).or_default().push(MonthlyFee {
                valid: validity(&r)?,
                fee: Money(r.int("fee")?),
                expenses: Money(r.int("expenses")?),
            });
        }
        let mut providers = Vec::new();
        for r in sqlx::query(
            "SELECT code, name, category, valid_from, valid_to FROM economy_providers ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let category = r.text("category")?;
            let Some(category) = ProviderCategory::from_code(&category) else {
                tracing::warn!(category, "unknown provider category left out");
                continue;
            };
            let code = r.text("code")?;
            providers.push(Provider {
                prices: prices.remove(&code).unwrap_or_default(),
                fees: fees.remove(&code).unwrap_or_default(),
                code,
                name: r.text("name")?,
                category,
                valid: validity(&r)?,
            });
        }
        Ok(Catalogue { providers })
    }

    /// Add or change providers, each with its prices and fees (replaced
    /// whole), in one transaction.
    pub async fn save_providers(&self, providers: Vec<Provider>) -> Result<(), StoreError> {
        self.write(move |tx| {
            Box::pin(async move {
                for p in &providers {
                    let clash = sqlx::query(
                        "SELECT code FROM economy_providers WHERE LOWER(name) = LOWER($1) AND code <> $2",
                    )
                    .bind(p.name.trim().to_string())
                    .bind(p.code.clone())
                    .fetch_optional(&mut *tx)
                    .await?;
                    if clash.is_some() {
                        return Err(StoreError::Invalid(format!(
                            "det finns redan en utförare som heter {}",
                            p.name
                        )));
                    }
                    sqlx::query(
                        "INSERT INTO economy_providers (code, name, category, valid_from, valid_to) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET \
                         name = excluded.name, category = excluded.category, \
                         valid_from = excluded.valid_from, valid_to = excluded.valid_to",
                    )
                    .bind(p.code.clone())
                    .bind(p.name.trim().to_string())
                    .bind(p.category.code())
                    .bind(date_text(p.valid.from))
                    .bind(p.valid.to.map(date_text))
                    .execute(&mut *tx)
                    .await?;
                    for table in ["economy_provider_prices", "economy_provider_fees"] {
                        sqlx::query(&format!("DELETE FROM {table} WHERE provider = $1"))
                            .bind(p.code.clone())
                            .execute(&mut *tx)
                            .await?;
                    }
                    for d in &p.prices {
                        sqlx::query(
                            "INSERT INTO economy_provider_prices (provider, kind, valid_from, valid_to, per_day) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(p.code.clone())
                        .bind(d.kind.map(|k| k.code()).unwrap_or_default())
                        .bind(date_text(d.valid.from))
                        .bind(d.valid.to.map(date_text))
                        .bind(d.per_day.0)
                        .execute(&mut *tx)
                        .await?;
                    }
                    for f in &p.fees {
                        sqlx::query(
                            "INSERT INTO economy_provider_fees (provider, valid_from, valid_to, fee, expenses) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(p.code.clone())
                        .bind(date_text(f.valid.from))
                        .bind(f.valid.to.map(date_text))
                        .bind(f.fee.0)
                        .bind(f.expenses.0)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                Ok(())
            })
        })
        .await
    }
}
