//! The economy parts of the reports: the income statement (intäkter,
//! personalkostnader, övriga kostnader, netto; bokslut last year, utfall,
//! budget, prognos, avvikelse) in total, per responsibility, per activity
//! and per project; net cost per årsplacering by placement type; the
//! computed cost of bought care against the booked outcome; a chart of the
//! budget against the cumulative outcome by month.
//!
//! Every figure is computed here from the raw [`EconomyInput`] (outcome
//! imported from the ledger, the budget in force, forecasts as entered,
//! the providers' catalogue and the placements of the case records) with
//! the domain's rules (`tillit_domain::economy`); sums and deviations are
//! never taken as typed. Amounts are printed in kronor (exact öre in Excel)
//! with the sign of the income statement and the one deviation rule
//! ([`DEVIATION_RULE`]) printed under every table.

use crate::ctx::Ctx;
use crate::model::{Block, CellValue, Chart, ChartKind, ChartSeries, Column, ReportTable, Row};
use std::collections::{BTreeMap, BTreeSet};
use tillit_domain::economy::budget::Budget;
use tillit_domain::economy::care::{CareCosts, Catalogue, Placement, committed_to_year_end};
use tillit_domain::economy::chart::Chart as Accounts;
use tillit_domain::economy::ledger::LedgerLine;
use tillit_domain::economy::statement::{
    self, BOUGHT_CARE_PREFIX, DEVIATION_RULE, Figures, ForecastPoint, IncomeStatement, Lines,
    PlacementFigure, Scope, committed_lines, is_care_account, suggestion,
};
use tillit_domain::economy::{Money, Month, PlacementType, Structure};
use tillit_followup::{Breakdown, IndicatorId, Key, Period};

/// A forecast as entered (the newest per year, point and key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastEntry {
    pub year: i16,
    pub point: ForecastPoint,
    pub responsibility: String,
    pub activity: String,
    pub project: String,
    /// Intäkter, personalkostnader, övriga kostnader.
    pub amounts: Lines,
    pub comment: String,
    /// Who entered it, as the report names them.
    pub by: String,
}

/// The economy a report is built from: raw, the builders compute.
#[derive(Clone, Debug, Default)]
pub struct EconomyInput {
    pub structure: Structure,
    /// Outcome lines (every month loaded).
    pub outcome: Vec<LedgerLine>,
    /// Each year's budget (as decided, and its revisions).
    pub budgets: BTreeMap<i16, Budget>,
    /// The newest forecast per year, point and key.
    pub forecasts: Vec<ForecastEntry>,
    pub catalogue: Catalogue,
    /// The placements of the case records.
    pub placements: Vec<Placement>,
}

impl EconomyInput {
    /// Whether there is any budget or outcome for `year`.
    pub fn has_year(&self, year: i16) -> bool {
        self.budgets
            .get(&year)
            .is_some_and(|b| !b.decided.is_empty())
            || self.outcome.iter().any(|l| l.key.month.year == year)
    }
}

type Key3 = (String, String, String);

/// The economy of one report: the input, its scope, year and how far.
pub(crate) struct Econ<'a> {
    e: &'a EconomyInput,
    scope: Scope,
    year: i16,
    /// Months of outcome in the report's period (4, 8 or 12).
    months: i8,
    /// The forecast point, for a delårsrapport; `None`: the year is closed
    /// and the outcome is the prognos.
    point: Option<ForecastPoint>,
    budget_lines: Vec<tillit_domain::economy::BudgetLine>,
}

fn sum3(a: &Lines, b: &Lines) -> Lines {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

fn kr(m: Money) -> CellValue {
    CellValue::Number {
        value: m.as_kr(),
        decimals: 0,
        unit: None,
        persons: None,
        estimate: false,
    }
}

fn opt_kr(m: Option<Money>) -> CellValue {
    m.map_or(CellValue::Missing, kr)
}

/// Per key (responsibility, activity, project): the rows' raw figures.
#[derive(Clone, Debug, Default)]
struct KeyRow {
    last_year: Lines,
    outcome: Lines,
    budget: Lines,
    forecast: Lines,
    /// The computed suggestion (at a forecast point).
    suggestion: Lines,
    /// The forecast is the computed suggestion (no entered forecast).
    suggested: bool,
    comment: Option<String>,
}

impl<'a> Econ<'a> {
    pub(crate) fn new(
        e: &'a EconomyInput,
        unit: Option<tillit_domain::UnitId>,
        year: i16,
        point: Option<ForecastPoint>,
    ) -> Self {
        let scope = Scope {
            responsibilities: unit.map(|u| {
                e.structure
                    .responsibilities_of(u)
                    .map(|r| r.code.clone())
                    .collect()
            }),
            activity: None,
            project: None,
        };
        let budget_lines = e
            .budgets
            .get(&year)
            .map(|b| b.in_force(None))
            .unwrap_or_default();
        Self {
            e,
            scope,
            year,
            months: point.map_or(12, ForecastPoint::months),
            point,
            budget_lines,
        }
    }

    fn month(&self, m: i8) -> Month {
        Month {
            year: self.year,
            month: m,
        }
    }

    fn in_scope(&self, r: &str, a: &str, p: &str) -> bool {
        self.scope.matches(r, a, p)
    }

    /// The key a placement's committed cost belongs to: its unit's
    /// responsibility and the activity paying for its placement type.
    fn placement_key(&self, p: &Placement) -> Option<Key3> {
        let t = p.placement_type()?;
        let day = self.month(1).first_day();
        let resp =
            self.e.structure.responsibilities.iter().find(|r| {
                r.unit.is_some() && r.unit == p.unit && r.valid.overlaps_year(self.year)
            })?;
        let act = self
            .e
            .structure
            .activities_for(t)
            .find(|a| a.valid.overlaps_year(self.year) || a.valid.contains(day))?;
        Some((resp.code.clone(), act.code.clone(), String::new()))
    }

    /// Every key in scope with its figures.
    fn rows(&self) -> BTreeMap<Key3, KeyRow> {
        let mut rows: BTreeMap<Key3, KeyRow> = BTreeMap::new();
        let from = self.month(1);
        let to = self.month(self.months);
        let ly = (
            Month {
                year: self.year - 1,
                month: 1,
            },
            Month {
                year: self.year - 1,
                month: 12,
            },
        );
        let line = |acc: &str| tillit_domain::economy::chart::line_of(acc).map(statement::index);
        for l in &self.e.outcome {
            let k = &l.key;
            if !self.in_scope(&k.responsibility, &k.activity, &k.project) {
                continue;
            }
            let Some(i) = line(&k.account) else { continue };
            let key = (
                k.responsibility.clone(),
                k.activity.clone(),
                k.project.clone(),
            );
            if k.month >= from && k.month <= to {
                rows.entry(key).or_default().outcome[i] += l.amount;
            } else if k.month >= ly.0 && k.month <= ly.1 {
                rows.entry(key).or_default().last_year[i] += l.amount;
            }
        }
        let mut care_budget: BTreeMap<Key3, Lines> = BTreeMap::new();
        for b in &self.budget_lines {
            let k = &b.key;
            if !self.in_scope(&k.responsibility, &k.activity, &k.project) {
                continue;
            }
            let Some(i) = line(&k.account) else { continue };
            let key = (
                k.responsibility.clone(),
                k.activity.clone(),
                k.project.clone(),
            );
            rows.entry(key.clone()).or_default().budget[i] += b.amount;
            if is_care_account(&k.account) {
                care_budget.entry(key).or_default()[i] += b.amount;
            }
        }
        match self.point {
            None => {
                for r in rows.values_mut() {
                    r.forecast = r.outcome;
                }
            }
            Some(point) => {
                let after = self.month(self.months).last_day();
                let mut committed: BTreeMap<Key3, Lines> = BTreeMap::new();
                for p in &self.e.placements {
                    if p.start > after
                        || !tillit_domain::economy::care::paid_as_care(&self.e.catalogue, p)
                    {
                        continue;
                    }
                    let Some(key) = self.placement_key(p) else {
                        continue;
                    };
                    if !self.in_scope(&key.0, &key.1, &key.2) {
                        continue;
                    }
                    let c = committed_to_year_end(&self.e.catalogue, p, after);
                    let l = committed_lines(&c);
                    let e = committed.entry(key).or_default();
                    *e = sum3(e, &l);
                }
                for k in committed.keys() {
                    rows.entry(k.clone()).or_default();
                }
                let entered: BTreeMap<Key3, &ForecastEntry> = self
                    .e
                    .forecasts
                    .iter()
                    .filter(|f| f.year == self.year && f.point == point)
                    .map(|f| {
                        (
                            (
                                f.responsibility.clone(),
                                f.activity.clone(),
                                f.project.clone(),
                            ),
                            f,
                        )
                    })
                    .collect();
                for (k, r) in rows.iter_mut() {
                    let zero = [Money::ZERO; 3];
                    r.suggestion = suggestion(
                        r.outcome,
                        r.budget,
                        *care_budget.get(k).unwrap_or(&zero),
                        *committed.get(k).unwrap_or(&zero),
                        point,
                    );
                    if let Some(f) = entered.get(k) {
                        r.forecast = f.amounts;
                        r.comment = Some(format!("{} ({})", f.comment, f.by));
                    } else {
                        r.forecast = r.suggestion;
                        r.suggested = true;
                    }
                }
                // Entered forecasts for keys with no budget or outcome yet.
                for (k, f) in entered {
                    if self.in_scope(&k.0, &k.1, &k.2) && !rows.contains_key(&k) {
                        rows.insert(
                            k,
                            KeyRow {
                                forecast: f.amounts,
                                comment: Some(format!("{} ({})", f.comment, f.by)),
                                ..KeyRow::default()
                            },
                        );
                    }
                }
            }
        }
        rows
    }

    fn has_last_year(&self) -> bool {
        self.e
            .outcome
            .iter()
            .any(|l| l.key.month.year == self.year - 1)
    }

    fn figures(&self, r: &KeyRow, line: Option<usize>) -> Figures {
        let pick = |l: &Lines| match line {
            Some(i) => l[i],
            None => statement::net(l),
        };
        Figures {
            last_year: self.has_last_year().then(|| pick(&r.last_year)),
            outcome: pick(&r.outcome),
            budget: pick(&r.budget),
            forecast: Some(pick(&r.forecast)),
        }
    }

    fn columns(&self) -> Vec<Column> {
        let y = self.year;
        let mut c = vec![Column::number(format!("Bokslut {} (kr)", y - 1))];
        match self.point {
            None => {
                c.push(Column::number(format!("Utfall {y} (kr)")));
                c.push(Column::number(format!("Budget {y} (kr)")));
                c.push(Column::number("Avvikelse (kr)"));
            }
            Some(_) => {
                c.push(Column::number(format!(
                    "Utfall jan–{} {y} (kr)",
                    tillit_domain::economy::structure::MONTH_SHORT[(self.months - 1) as usize]
                )));
                c.push(Column::number(format!("Budget {y} (kr)")));
                c.push(Column::number(format!("Prognos {y} (kr)")));
                c.push(Column::number("Avvikelse (kr)"));
            }
        }
        c
    }

    fn cells(&self, f: &Figures, suggested: bool) -> Vec<CellValue> {
        let mut c = vec![opt_kr(f.last_year), kr(f.outcome), kr(f.budget)];
        if self.point.is_some() {
            c.push(opt_kr(f.forecast).estimated(suggested));
        }
        c.push(opt_kr(f.deviation()));
        c
    }

    fn notes(&self) -> Vec<String> {
        let mut n = vec![DEVIATION_RULE.to_string()];
        if self.point.is_some() {
            n.push("Prognos: enhetschefens prognos där den är inlagd; annars (markerat *) det beräknade förslaget: utfall hittills, plus kostnaden till årets slut för pågående placeringar till gällande priser, plus budgetens återstående andel (en tolftedel per månad) för övriga konton.".into());
        }
        n.push(
            "Budget: årets budget med ombudgeteringar. Utfall ur ekonomisystemet (SIE 4/CSV)."
                .into(),
        );
        n
    }

    /// The income statement of the scope.
    pub(crate) fn statement_table(&self, id: &str, caption: &str) -> ReportTable {
        let rows = self.rows();
        let mut total = KeyRow::default();
        let mut any_suggested = false;
        for r in rows.values() {
            total.last_year = sum3(&total.last_year, &r.last_year);
            total.outcome = sum3(&total.outcome, &r.outcome);
            total.budget = sum3(&total.budget, &r.budget);
            total.forecast = sum3(&total.forecast, &r.forecast);
            any_suggested |= r.suggested;
        }
        let s = IncomeStatement::new(
            self.has_last_year().then_some(total.last_year),
            total.outcome,
            total.budget,
            Some(total.forecast),
        );
        let mut t = ReportTable::new(id, caption, "");
        t.columns = self.columns();
        for (line, f) in &s.rows {
            t.rows
                .push(Row::new(line.label(), self.cells(f, any_suggested)));
        }
        t.total_row = Some(Row::new("Netto", self.cells(&s.net, any_suggested)));
        t.notes = self.notes();
        t
    }

    /// Netto per responsibility, per activity or per project.
    pub(crate) fn by_table(&self, id: &str, caption: &str, by: By) -> Option<ReportTable> {
        let rows = self.rows();
        let mut groups: BTreeMap<String, KeyRow> = BTreeMap::new();
        let mut comments: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for ((r, a, p), row) in &rows {
            let label = match by {
                By::Responsibility => self.name_of("ansvar", r),
                By::Activity => format!(
                    "{} / {}",
                    self.name_of("ansvar", r),
                    self.name_of("verksamhet", a)
                ),
                By::Project => {
                    if p.is_empty() {
                        continue;
                    }
                    self.name_of("projekt", p)
                }
            };
            let g = groups.entry(label.clone()).or_default();
            g.last_year = sum3(&g.last_year, &row.last_year);
            g.outcome = sum3(&g.outcome, &row.outcome);
            g.budget = sum3(&g.budget, &row.budget);
            g.forecast = sum3(&g.forecast, &row.forecast);
            g.suggested |= row.suggested;
            if let Some(c) = &row.comment {
                comments.entry(label).or_default().push(c.clone());
            }
        }
        if groups.is_empty() {
            return None;
        }
        let mut t = ReportTable::new(
            id,
            caption,
            match by {
                By::Responsibility => "Ansvar",
                By::Activity => "Ansvar / verksamhet",
                By::Project => "Projekt",
            },
        );
        t.columns = self.columns();
        let with_comment = self.point.is_some() && by != By::Responsibility;
        if with_comment {
            t.columns.push(Column::text("Kommentar"));
        }
        let mut total = Figures {
            last_year: self.has_last_year().then_some(Money::ZERO),
            forecast: Some(Money::ZERO),
            ..Figures::default()
        };
        let mut any = false;
        for (label, g) in &groups {
            let f = self.figures(g, None);
            total.add(&f);
            any |= g.suggested;
            let mut cells = self.cells(&f, g.suggested);
            if with_comment {
                cells.push(CellValue::text(
                    comments.get(label).map(|c| c.join(" ")).unwrap_or_else(|| {
                        if g.suggested {
                            "Beräknat förslag; ingen prognos inlagd.".into()
                        } else {
                            String::new()
                        }
                    }),
                ));
            }
            t.rows.push(Row::new(label.clone(), cells));
        }
        let mut cells = self.cells(&total, any);
        if with_comment {
            cells.push(CellValue::Empty);
        }
        t.total_row = Some(Row::new("Summa netto", cells));
        t.notes = self.notes();
        Some(t)
    }

    fn name_of(&self, role: &str, code: &str) -> String {
        if code.is_empty() {
            return match role {
                "ansvar" => "Utan ansvar".into(),
                "verksamhet" => "Utan verksamhet".into(),
                _ => "Utan projekt".into(),
            };
        }
        let s = &self.e.structure;
        let name = match role {
            "ansvar" => s.responsibility(code).map(|r| r.name.clone()),
            "verksamhet" => s.activity(code).map(|a| a.name.clone()),
            _ => s.project(code).map(|p| p.name.clone()),
        };
        match name {
            Some(n) => format!("{code} {n}"),
            None => code.to_string(),
        }
    }

    /// One table per project in scope: by account group, with its
    /// financing.
    pub(crate) fn project_tables(&self) -> Vec<Block> {
        let accounts = Accounts::kommun_bas();
        let day = self.month(1).first_day();
        let from = self.month(1);
        let to = self.month(self.months);
        let mut out = Vec::new();
        let projects: BTreeSet<&str> = self
            .e
            .outcome
            .iter()
            .filter(|l| l.key.month.year == self.year || l.key.month.year == self.year - 1)
            .map(|l| {
                (
                    &l.key.responsibility,
                    &l.key.activity,
                    l.key.project.as_str(),
                )
            })
            .chain(self.budget_lines.iter().map(|b| {
                (
                    &b.key.responsibility,
                    &b.key.activity,
                    b.key.project.as_str(),
                )
            }))
            .filter(|(r, a, p)| !p.is_empty() && self.in_scope(r, a, p))
            .map(|(_, _, p)| p)
            .collect();
        for code in projects {
            let mut groups: BTreeMap<String, [Money; 3]> = BTreeMap::new();
            for l in &self.e.outcome {
                let k = &l.key;
                if k.project != code || !self.in_scope(&k.responsibility, &k.activity, &k.project) {
                    continue;
                }
                if tillit_domain::economy::chart::line_of(&k.account).is_none() {
                    continue;
                }
                let g = groups
                    .entry(k.account.chars().take(2).collect())
                    .or_default();
                if k.month >= from && k.month <= to {
                    g[1] += l.amount;
                } else if k.month.year == self.year - 1 {
                    g[0] += l.amount;
                }
            }
            for b in &self.budget_lines {
                let k = &b.key;
                if k.project == code
                    && self.in_scope(&k.responsibility, &k.activity, &k.project)
                    && tillit_domain::economy::chart::line_of(&k.account).is_some()
                {
                    groups
                        .entry(k.account.chars().take(2).collect())
                        .or_default()[2] += b.amount;
                }
            }
            let mut t = ReportTable::new(
                format!("ekonomi-projekt-{}", slug(code)),
                format!("Projekt {} per konto", self.name_of("projekt", code)),
                "Konto",
            );
            let y = self.year;
            t.columns = vec![
                Column::number(format!("Utfall {} (kr)", y - 1)),
                Column::number(format!(
                    "Utfall jan–{} {y} (kr)",
                    tillit_domain::economy::structure::MONTH_SHORT[(self.months - 1) as usize]
                )),
                Column::number(format!("Budget {y} (kr)")),
                Column::number("Budget − utfall hittills (kr)"),
            ];
            let mut total = [Money::ZERO; 3];
            for (g, v) in &groups {
                let name = accounts.name(g, day).unwrap_or("");
                total = sum3(&total, v);
                t.rows.push(Row::new(
                    format!("{g} {name}").trim().to_string(),
                    vec![kr(v[0]), kr(v[1]), kr(v[2]), kr(v[2] - v[1])],
                ));
            }
            t.total_row = Some(Row::new(
                "Summa netto",
                vec![
                    kr(total[0]),
                    kr(total[1]),
                    kr(total[2]),
                    kr(total[2] - total[1]),
                ],
            ));
            t.notes = vec![
                "Belopp med tecken som i resultaträkningen: intäkter positiva, kostnader negativa. Kolumnen Budget − utfall hittills är det som återstår av årets budget.".into(),
            ];
            if let Some(p) = self.e.structure.project(code) {
                let fin: Vec<String> = p
                    .financing
                    .iter()
                    .filter(|f| f.year == y)
                    .map(|f| {
                        format!(
                            "{} ({}) {} kr",
                            f.kind.label(),
                            f.source,
                            f.amount.display_kr()
                        )
                    })
                    .collect();
                if !fin.is_empty() {
                    t.notes.push(format!(
                        "Finansiering {y}: {}; totalt {} kr.",
                        fin.join(", "),
                        p.financed_in(y).display_kr()
                    ));
                }
            }
            out.push(Block::Table(t));
        }
        out
    }

    /// Net cost per årsplacering by placement type: the net cost of each
    /// type's activities over the follow-up's årsplaceringar for the same
    /// period.
    pub(crate) fn key_figures(&self, ctx: &mut Ctx<'_>, period: &Period) -> Option<ReportTable> {
        let table = ctx
            .table(
                IndicatorId::Arsplaceringar,
                period,
                Breakdown::InterventionKind,
            )
            .ok()?;
        let from = self.month(1);
        let to = self.month(self.months);
        let mut t = ReportTable::new(
            "ekonomi-nyckeltal",
            format!("Nettokostnad per årsplacering {}", period.label()),
            "Placeringstyp",
        );
        t.columns = vec![
            Column::number("Nettokostnad (kr)"),
            Column::number("Vårddygn"),
            Column::number("Årsplaceringar"),
            Column::number("Nettokostnad per årsplacering (kr)"),
            Column::number("Nettokostnad per vårddygn (kr)"),
        ];
        let threshold = ctx.threshold();
        let mut any = false;
        for pt in PlacementType::ALL {
            let activities: Vec<&str> = self
                .e
                .structure
                .activities_for(pt)
                .map(|a| a.code.as_str())
                .collect();
            let net: Money = self
                .e
                .outcome
                .iter()
                .filter(|l| {
                    l.key.month >= from
                        && l.key.month <= to
                        && activities.contains(&l.key.activity.as_str())
                        && self.in_scope(&l.key.responsibility, &l.key.activity, &l.key.project)
                        && tillit_domain::economy::chart::line_of(&l.key.account).is_some()
                })
                .map(|l| l.amount)
                .sum();
            let net_cost = -net;
            let mut days = 0.0;
            let mut period_days = table.total.denominator.unwrap_or(0.0);
            let mut persons = 0u32;
            for kind in pt.kinds() {
                if let Some(v) = table.cell(Key::Intervention(*kind)) {
                    days += v.numerator.unwrap_or(0.0);
                    if let Some(d) = v.denominator {
                        period_days = d;
                    }
                    persons += v.persons;
                }
            }
            if activities.is_empty() && days == 0.0 {
                continue;
            }
            any = true;
            let f = PlacementFigure {
                placement_type: pt,
                net_cost,
                care_days: days.round() as i64,
                period_days: period_days.round() as i64,
            };
            let hide = persons > 0 && persons < threshold;
            let money = |m: Option<Money>| {
                if hide {
                    CellValue::Suppressed
                } else {
                    opt_kr(m)
                }
            };
            let label = if pt == PlacementType::Housing {
                format!("{} (per årsboende)", pt.label())
            } else {
                pt.label().to_string()
            };
            t.rows.push(Row::new(
                label,
                vec![
                    if activities.is_empty() {
                        CellValue::Missing
                    } else {
                        money(Some(net_cost))
                    },
                    if hide {
                        CellValue::Suppressed
                    } else {
                        CellValue::count(f.care_days as f64).with_persons(persons)
                    },
                    match f.arsplaceringar() {
                        Some(a) if !hide => CellValue::number(a, 1).with_persons(persons),
                        Some(_) => CellValue::Suppressed,
                        None => CellValue::Missing,
                    },
                    if activities.is_empty() {
                        CellValue::Missing
                    } else {
                        money(f.cost_per_arsplacering())
                    },
                    if activities.is_empty() {
                        CellValue::Missing
                    } else {
                        money(f.cost_per_care_day())
                    },
                ],
            ));
        }
        if !any {
            return None;
        }
        t.notes = vec![
            "Nettokostnad: utfallet (kostnader minus intäkter) på de verksamheter som betalar placeringstypen. Årsplaceringar och vårddygn ur uppföljningen för samma period (vårddygn delat med periodens dagar). Nettokostnad per årsplacering = nettokostnad / årsplaceringar.".into(),
        ];
        Some(t)
    }

    /// The computed cost of bought care against the booked outcome on the
    /// purchase accounts (group 46) of each placement type's activities.
    pub(crate) fn reconciliation(&self) -> Option<ReportTable> {
        let from = self.month(1);
        let to = self.month(self.months);
        let known = to.last_day();
        let months: Vec<Month> = (1..=self.months).map(|m| self.month(m)).collect();
        let costs = CareCosts::compute(&self.e.catalogue, &self.e.placements, months, known);
        let units: Option<Vec<tillit_domain::UnitId>> =
            self.scope.responsibilities.as_ref().map(|rs| {
                self.e
                    .structure
                    .responsibilities
                    .iter()
                    .filter(|r| rs.contains(&r.code))
                    .filter_map(|r| r.unit)
                    .collect()
            });
        let mut t = ReportTable::new(
            "ekonomi-kopt-vard",
            "Köpt vård: beräknad kostnad mot bokfört utfall",
            "Placeringstyp",
        );
        t.columns = vec![
            Column::number("Beräknad kostnad (kr)"),
            Column::number("Bokfört utfall, konto 46 (kr)"),
            Column::number("Skillnad (kr)"),
            Column::number("Vårddygn"),
            Column::number("Vårddygn utan pris"),
        ];
        let mut total = [Money::ZERO; 3];
        let mut total_days = [0i64; 2];
        for pt in PlacementType::ALL {
            let mut c = tillit_domain::economy::care::CareCost::default();
            match &units {
                None => c.add(&costs.sum(from, to, Some(pt), Some(true), None)),
                Some(us) => {
                    for u in us {
                        c.add(&costs.sum(from, to, Some(pt), Some(true), Some(*u)));
                    }
                }
            }
            let activities: Vec<&str> = self
                .e
                .structure
                .activities_for(pt)
                .map(|a| a.code.as_str())
                .collect();
            let booked: Money = self
                .e
                .outcome
                .iter()
                .filter(|l| {
                    l.key.month >= from
                        && l.key.month <= to
                        && l.key.account.starts_with(BOUGHT_CARE_PREFIX)
                        && activities.contains(&l.key.activity.as_str())
                        && self.in_scope(&l.key.responsibility, &l.key.activity, &l.key.project)
                })
                .map(|l| l.amount)
                .sum();
            if c.days == 0 && booked.is_zero() {
                continue;
            }
            let diff = booked - c.cost;
            total = sum3(&total, &[c.cost, booked, diff]);
            total_days[0] += c.days;
            total_days[1] += c.unpriced_days();
            t.rows.push(Row::new(
                pt.label(),
                vec![
                    kr(c.cost),
                    kr(booked),
                    kr(diff),
                    CellValue::count(c.days as f64),
                    CellValue::count(c.unpriced_days() as f64),
                ],
            ));
        }
        if t.rows.is_empty() {
            return None;
        }
        t.total_row = Some(Row::new(
            "Summa",
            vec![
                kr(total[0]),
                kr(total[1]),
                kr(total[2]),
                CellValue::count(total_days[0] as f64),
                CellValue::count(total_days[1] as f64),
            ],
        ));
        t.notes = vec![
            "Beräknad kostnad: varje köpt placerings vårddygn under perioden gånger dagspriset som gällde (utförarregistrets pris, annars priset i placeringsbeslutet). Bokfört utfall: konto 46 (köp av verksamhet) på placeringstypens verksamheter. Skillnad = bokfört − beräknat (kostnader negativa): ett negativt tal betyder att mer är bokfört än placeringarna förklarar, t.ex. fakturor för tidigare perioder eller placeringar som saknas i ärendena; ett positivt att fakturor ännu inte är bokförda. Vårddygn utan pris ingår inte i den beräknade kostnaden.".into(),
        ];
        Some(t)
    }

    /// Budget (a twelfth a month) against the cumulative outcome, netto.
    pub(crate) fn chart(&self) -> Option<Chart> {
        let budget = statement::net(&statement::budget(
            &self.budget_lines,
            &self.scope,
            self.year,
        ));
        let mut monthly = [Money::ZERO; 12];
        let mut last_month = 0i8;
        for l in &self.e.outcome {
            let k = &l.key;
            if k.month.year == self.year
                && self.in_scope(&k.responsibility, &k.activity, &k.project)
                && tillit_domain::economy::chart::line_of(&k.account).is_some()
            {
                monthly[(k.month.month - 1) as usize] += l.amount;
                last_month = last_month.max(k.month.month);
            }
        }
        if budget.is_zero() && last_month == 0 {
            return None;
        }
        let known = last_month.min(self.months);
        let points = statement::cumulative_by_month(budget, &monthly, known);
        let categories = points
            .iter()
            .map(|(m, _, _)| {
                tillit_domain::economy::structure::MONTH_SHORT[(m.month - 1) as usize].to_string()
            })
            .collect();
        // Drawn as net cost (positive), as the committee reads a cost.
        let to_tkr = |m: Money| -m.as_tkr();
        Some(Chart {
            id: "ekonomi-budget-utfall".into(),
            kind: ChartKind::Line,
            title: format!(
                "Budget och ackumulerat utfall {}, nettokostnad (tkr)",
                self.year
            ),
            unit: "tkr".into(),
            categories,
            series: vec![
                ChartSeries {
                    name: "Budget (ackumulerad)".into(),
                    values: points.iter().map(|(_, b, _)| Some(to_tkr(*b))).collect(),
                },
                ChartSeries {
                    name: "Utfall (ackumulerat)".into(),
                    values: points.iter().map(|(_, _, o)| o.map(to_tkr)).collect(),
                },
            ],
            description: format!(
                "Linjediagram: årets budgeterade nettokostnad {} tkr fördelad med en tolftedel per månad, och nettokostnaden ackumulerad månad för månad t.o.m. {}: {} tkr.",
                format_tkr(-budget),
                tillit_domain::economy::structure::MONTH_SHORT[(known.max(1) - 1) as usize],
                format_tkr(-monthly.iter().take(known as usize).copied().sum::<Money>()),
            ),
        })
    }
}

fn format_tkr(m: Money) -> String {
    crate::format::number(m.as_tkr(), 0)
}

fn slug(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// One key's forecast, for the form a unit manager fills in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastView {
    pub responsibility: String,
    pub activity: String,
    pub project: String,
    /// "4120 Barnenheten / 4021 Institutionsvård barn och unga".
    pub label: String,
    /// The year's budget, the outcome to the point and the computed
    /// suggestion, per line (intäkter, personal, övriga).
    pub budget: Lines,
    pub outcome: Lines,
    pub suggestion: Lines,
    /// The forecast entered (amounts and "comment (by)"), if any.
    pub entered: Option<(Lines, String)>,
}

/// Every key in `unit`'s scope (all, for `None`) with its forecast at
/// `point` of `year`.
pub fn forecast_views(
    e: &EconomyInput,
    unit: Option<tillit_domain::UnitId>,
    year: i16,
    point: ForecastPoint,
) -> Vec<ForecastView> {
    let econ = Econ::new(e, unit, year, Some(point));
    econ.rows()
        .into_iter()
        .map(|((r, a, p), row)| {
            let mut label = format!(
                "{} / {}",
                econ.name_of("ansvar", &r),
                econ.name_of("verksamhet", &a)
            );
            if !p.is_empty() {
                label.push_str(&format!(" / {}", econ.name_of("projekt", &p)));
            }
            ForecastView {
                responsibility: r,
                activity: a,
                project: p,
                label,
                budget: row.budget,
                outcome: row.outcome,
                suggestion: row.suggestion,
                entered: (!row.suggested)
                    .then(|| (row.forecast, row.comment.clone().unwrap_or_default())),
            }
        })
        .collect()
}

/// A document with only the economy of `year` (at `point`, or the year
/// closed): what the economy page shows.
pub fn economy_document(
    input: &crate::ReportInput<'_>,
    year: i16,
    point: Option<ForecastPoint>,
) -> Result<crate::Document, crate::ReportError> {
    let period = match point {
        None | Some(ForecastPoint::T3) => Period::year(year)?,
        Some(p) => Period::interim(year, if p == ForecastPoint::T1 { 1 } else { 2 })?,
    };
    let mut ctx = Ctx::new(input);
    let mut s = crate::model::Section::new("Ekonomi", 1);
    s.blocks = economy_blocks(&mut ctx, year, point, &period, true);
    Ok(crate::builders::document(
        &ctx,
        crate::ReportKind::Delarsrapport,
        format!("Ekonomi {year}"),
        &period,
        vec![s],
    ))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum By {
    Responsibility,
    Activity,
    Project,
}

/// The economy blocks of a report for `year`; `point` for a delårsrapport.
pub(crate) fn economy_blocks(
    ctx: &mut Ctx<'_>,
    year: i16,
    point: Option<ForecastPoint>,
    period: &Period,
    with_projects: bool,
) -> Vec<Block> {
    let e = ctx.input.economy;
    if !e.has_year(year) {
        return vec![crate::builders::missing_note(&format!(
            "varken budget eller utfall för {year} finns i Tillit (utfallet läses in från ekonomisystemet med tillit economy import eller på sidan Ekonomi)."
        ))];
    }
    let econ = Econ::new(e, ctx.input.unit, year, point);
    let mut out = Vec::new();
    let caption = match point {
        None => format!("Resultaträkning {year}"),
        Some(p) => format!("Resultaträkning {year}, prognos vid {}", p.code()),
    };
    out.push(Block::Table(
        econ.statement_table("ekonomi-resultatrakning", &caption),
    ));
    if let Some(c) = econ.chart() {
        out.push(Block::Chart(c));
    }
    if let Some(t) = econ.by_table("ekonomi-per-ansvar", "Netto per ansvar", By::Responsibility) {
        out.push(Block::Table(t));
    }
    if let Some(t) = econ.by_table(
        "ekonomi-per-verksamhet",
        "Netto per verksamhet",
        By::Activity,
    ) {
        out.push(Block::Table(t));
    }
    if with_projects {
        if let Some(t) = econ.by_table("ekonomi-per-projekt", "Netto per projekt", By::Project) {
            out.push(Block::Table(t));
        }
        out.extend(econ.project_tables());
    }
    if let Some(t) = econ.key_figures(ctx, period) {
        out.push(Block::Table(t));
    }
    if let Some(t) = econ.reconciliation() {
        out.push(Block::Table(t));
    }
    out
}
