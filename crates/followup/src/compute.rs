//! Computing an indicator for a period, split by a breakdown.
//!
//! Every computation is one scan over the rows of one fact table that can
//! touch the period (found by binary search on the table's sort date). Each
//! row adds to the total once and to the cell(s) of its key(s); distinct
//! persons per cell are counted with one bitmap per cell.

use crate::breakdown::{AgeBands, Breakdown, Key, LegalGroup};
use crate::day::{Day, NO_DAY, UNKNOWN_AGE, add_months, age_on};
use crate::facts::{Facts, PreAssessment};
use crate::indicator::{Aggregate, IndicatorId, Source};
use crate::period::{Period, PeriodError};
use serde::Serialize;
use tillit_domain::UnitId;
use tillit_domain::case::DecisionKind;
use tillit_domain::catalog::{
    ConcernCategory, Gender, InterventionEndReason, InterventionKind, ProviderKind, ReportKind,
    ReporterCategory,
};

/// Which rows to count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Filter {
    /// Only rows of this unit (see the facts module on which unit a row
    /// belongs to). A unit without rows gives zeros.
    pub unit: Option<UnitId>,
}

impl Filter {
    pub fn unit(unit: UnitId) -> Self {
        Filter { unit: Some(unit) }
    }
}

/// One figure.
///
/// `number` is `None` when the figure cannot be given ("uppgift saknas"): a
/// share or mean of nothing, a median of nothing, or a period that has not
/// started by the facts' as-of day. A count of nothing is `Some(0.0)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Value {
    pub number: Option<f64>,
    /// The count, sum of days, or the share's numerator. `None` for medians.
    pub numerator: Option<f64>,
    /// The share's or mean's denominator, the median's number of rows, or the
    /// days of the period for a rate. `None` for counts.
    pub denominator: Option<f64>,
    /// Distinct persons behind the figure (for small-cell suppression): for a
    /// share, the persons in the denominator.
    pub persons: u32,
}

/// One cell of a breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub key: Key,
    pub value: Value,
}

/// An indicator computed for one period and breakdown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    pub indicator: IndicatorId,
    /// The indicator's definition version used.
    pub version: u32,
    pub period: Period,
    pub breakdown: Breakdown,
    pub unit: Option<UnitId>,
    pub total: Value,
    /// Every key of the breakdown, in order, including empty ones. Empty for
    /// [`Breakdown::Total`].
    pub cells: Vec<Cell>,
}

impl Table {
    /// The value of a key, if the breakdown has it.
    pub fn cell(&self, key: Key) -> Option<&Value> {
        self.cells.iter().find(|c| c.key == key).map(|c| &c.value)
    }
}

/// Why an indicator could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    #[error("Indikatorn {0} förs in för hand och kan inte beräknas ur ärendena.")]
    Manual(&'static str),
    #[error("Indikatorn {indicator} kan inte fördelas på {breakdown}.")]
    UnsupportedBreakdown {
        indicator: &'static str,
        breakdown: &'static str,
    },
}

/// Compute one indicator for one period, split by `breakdown`.
pub fn compute(
    facts: &Facts,
    indicator: IndicatorId,
    period: &Period,
    breakdown: Breakdown,
    filter: &Filter,
) -> Result<Table, ComputeError> {
    let mut scratch = Scratch::default();
    compute_with(facts, indicator, period, breakdown, filter, &mut scratch)
}

/// Compute one indicator for several periods (e.g. the months of a year).
pub fn compute_series(
    facts: &Facts,
    indicator: IndicatorId,
    periods: &[Period],
    breakdown: Breakdown,
    filter: &Filter,
) -> Result<Vec<Table>, ComputeError> {
    let mut scratch = Scratch::default();
    periods
        .iter()
        .map(|p| compute_with(facts, indicator, p, breakdown, filter, &mut scratch))
        .collect()
}

/// Every computed indicator for one year: each month and the year, split by
/// gender and by unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearSet {
    pub year: i16,
    pub unit: Option<UnitId>,
    /// The 12 months, then the year.
    pub periods: Vec<Period>,
    pub series: Vec<Series>,
}

/// One indicator's tables in a [`YearSet`], one per period in the same order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub indicator: IndicatorId,
    pub by_gender: Vec<Table>,
    pub by_unit: Vec<Table>,
}

impl YearSet {
    pub fn series(&self, indicator: IndicatorId) -> Option<&Series> {
        self.series.iter().find(|s| s.indicator == indicator)
    }
}

/// Every computed indicator, for the 12 months and the whole of `year`, by
/// gender and by unit, for one unit or all. Runs on all cores.
pub fn compute_year_set(
    facts: &Facts,
    year: i16,
    unit: Option<UnitId>,
) -> Result<YearSet, PeriodError> {
    let year_period = Period::year(year)?;
    let mut periods = year_period.months();
    periods.push(year_period);
    let filter = Filter { unit };
    let indicators: Vec<IndicatorId> = crate::indicator::computed_indicators()
        .map(|i| i.id)
        .collect();
    let tasks: Vec<(usize, Breakdown)> = (0..indicators.len())
        .flat_map(|i| [(i, Breakdown::Gender), (i, Breakdown::Unit)])
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, tasks.len().max(1));
    let work = || {
        let mut scratch = Scratch::default();
        let mut done = Vec::new();
        loop {
            let t = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&(i, breakdown)) = tasks.get(t) else {
                break;
            };
            let tables: Vec<Table> = periods
                .iter()
                .filter_map(|p| {
                    // Every computed indicator supports gender and unit
                    // (checked by a catalogue test), so this never drops one.
                    compute_with(facts, indicators[i], p, breakdown, &filter, &mut scratch).ok()
                })
                .collect();
            done.push((t, tables));
        }
        done
    };
    let mut results: Vec<(usize, Vec<Table>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles
                .into_iter()
                // A panic in a worker is a bug: pass it on rather than
                // return a year set with holes.
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    results.sort_by_key(|r| r.0);
    let mut series: Vec<Series> = indicators
        .iter()
        .map(|&indicator| Series {
            indicator,
            by_gender: Vec::new(),
            by_unit: Vec::new(),
        })
        .collect();
    for (t, tables) in results {
        let (i, breakdown) = tasks[t];
        if breakdown == Breakdown::Gender {
            series[i].by_gender = tables;
        } else {
            series[i].by_unit = tables;
        }
    }
    Ok(YearSet {
        year,
        unit,
        periods,
        series,
    })
}

/// Reusable working memory for computations.
#[derive(Default)]
pub(crate) struct Scratch {
    words: usize,
    /// One bitmap of persons per cell, allocated when first used.
    bits: Vec<Vec<u64>>,
    /// The words of each bitmap that were set, for a cheap clear.
    touched: Vec<Vec<u32>>,
    num: Vec<f64>,
    den: Vec<f64>,
    persons: Vec<u32>,
    obs: Vec<Vec<i32>>,
    candidates: Vec<(u32, Day, u32)>,
}

impl Scratch {
    fn reset(&mut self, cells: usize, persons: usize) {
        let words = persons.div_ceil(64).max(1);
        if words != self.words {
            self.bits.clear();
            self.touched.clear();
            self.words = words;
        }
        if self.bits.len() < cells {
            self.bits.resize_with(cells, Vec::new);
            self.touched.resize_with(cells, Vec::new);
            self.obs.resize_with(cells, Vec::new);
        }
        self.num.clear();
        self.num.resize(cells, 0.0);
        self.den.clear();
        self.den.resize(cells, 0.0);
        self.persons.clear();
        self.persons.resize(cells, 0);
        for o in &mut self.obs[..cells] {
            o.clear();
        }
    }

    /// Mark `person` in `cell`; true when new.
    #[inline]
    fn mark(&mut self, cell: usize, person: u32) -> bool {
        let bits = &mut self.bits[cell];
        if bits.is_empty() {
            bits.resize(self.words, 0);
        }
        let (w, b) = ((person >> 6) as usize, 1u64 << (person & 63));
        let Some(word) = bits.get_mut(w) else {
            return false;
        };
        let old = *word;
        if old & b != 0 {
            return false;
        }
        if old == 0 {
            self.touched[cell].push(w as u32);
        }
        *word = old | b;
        true
    }

    fn clear_marks(&mut self) {
        for (bits, touched) in self.bits.iter_mut().zip(self.touched.iter_mut()) {
            for &w in touched.iter() {
                bits[w as usize] = 0;
            }
            touched.clear();
        }
    }
}

/// The key(s) of a row: none (only the total), one cell, or several (concerns).
#[derive(Clone, Copy)]
enum Keys {
    None,
    One(u16),
    Mask(u16),
}

const NONE: u16 = u16::MAX;

/// The attributes a breakdown can split on.
#[derive(Clone, Copy)]
struct Attrs {
    gender: Gender,
    age: u8,
    unit: u16,
    reporter: Option<ReporterCategory>,
    concerns: u16,
    report_kind: Option<ReportKind>,
    intervention: Option<InterventionKind>,
    legal: LegalGroup,
    provider: Option<ProviderKind>,
    delegate: u32,
}

impl Attrs {
    fn base(gender: Gender, age: u8, unit: u16) -> Attrs {
        Attrs {
            gender,
            age,
            unit,
            reporter: None,
            concerns: 0,
            report_kind: None,
            intervention: None,
            legal: LegalGroup::Unknown,
            provider: None,
            delegate: 0,
        }
    }
}

/// Maps a row's attributes to cells.
enum Resolver {
    Total,
    Gender,
    Age(Box<[u8; 256]>),
    Unit(Vec<u16>),
    Reporter,
    Concern,
    ReportKind,
    Intervention { map: [u16; 9], none: u16 },
    Legal,
    Provider,
    Delegate(Vec<u16>),
}

fn one<T: Copy>(v: Option<T>, index: impl Fn(T) -> usize) -> Keys {
    v.map_or(Keys::None, |v| Keys::One(index(v) as u16))
}

impl Resolver {
    fn new(
        facts: &Facts,
        breakdown: Breakdown,
        indicator: IndicatorId,
        unit_filter: Option<u16>,
    ) -> (Resolver, Vec<Key>) {
        match breakdown {
            Breakdown::Total => (Resolver::Total, Vec::new()),
            Breakdown::Gender => (Resolver::Gender, Gender::all().map(Key::Gender).collect()),
            Breakdown::AgeGroup(bands) => {
                (Resolver::Age(Box::new(age_table(&bands))), bands.keys())
            }
            Breakdown::Unit => {
                let mut map = vec![NONE; facts.units().len()];
                let mut order: Vec<(UnitId, usize)> = facts
                    .units()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| unit_filter.is_none_or(|f| usize::from(f) == *i))
                    .map(|(i, u)| (*u, i))
                    .collect();
                order.sort();
                for (cell, (_, i)) in order.iter().enumerate() {
                    map[*i] = cell as u16;
                }
                (
                    Resolver::Unit(map),
                    order.iter().map(|(u, _)| Key::Unit(*u)).collect(),
                )
            }
            Breakdown::ReporterCategory => (
                Resolver::Reporter,
                ReporterCategory::all().map(Key::Reporter).collect(),
            ),
            Breakdown::Concern => (
                Resolver::Concern,
                ConcernCategory::all().map(Key::Concern).collect(),
            ),
            Breakdown::ReportKind => (
                Resolver::ReportKind,
                ReportKind::all().map(Key::ReportKind).collect(),
            ),
            Breakdown::InterventionKind => {
                let kinds: Vec<InterventionKind> = InterventionKind::all()
                    .filter(|k| match indicator {
                        IndicatorId::OppenvardPagaende => !k.is_placement(),
                        IndicatorId::EjAteraktualiserade12Man
                        | IndicatorId::EjVerkstalldaBeslut
                        | IndicatorId::SentVerkstalldaBeslut
                        | IndicatorId::Delegationsbeslut => true,
                        _ => k.is_placement(),
                    })
                    .collect();
                let mut map = [NONE; 9];
                for (cell, k) in kinds.iter().enumerate() {
                    if let Some(m) = map.get_mut(*k as usize) {
                        *m = cell as u16;
                    }
                }
                let mut keys: Vec<Key> = kinds.into_iter().map(Key::Intervention).collect();
                let decisions = matches!(
                    indicator,
                    IndicatorId::EjVerkstalldaBeslut
                        | IndicatorId::SentVerkstalldaBeslut
                        | IndicatorId::Delegationsbeslut
                );
                let none = if decisions {
                    keys.push(Key::NoIntervention);
                    (keys.len() - 1) as u16
                } else {
                    NONE
                };
                (Resolver::Intervention { map, none }, keys)
            }
            Breakdown::LegalBasis => (
                Resolver::Legal,
                LegalGroup::ALL.into_iter().map(Key::LegalBasis).collect(),
            ),
            Breakdown::Provider => (
                Resolver::Provider,
                ProviderKind::all().map(Key::Provider).collect(),
            ),
            Breakdown::Delegate => {
                let mut order: Vec<(tillit_domain::UserId, usize)> = facts
                    .users()
                    .iter()
                    .enumerate()
                    .map(|(i, u)| (*u, i))
                    .collect();
                order.sort();
                let mut map = vec![NONE; facts.users().len()];
                for (cell, (_, i)) in order.iter().enumerate() {
                    map[*i] = cell as u16;
                }
                (
                    Resolver::Delegate(map),
                    order.iter().map(|(u, _)| Key::Delegate(*u)).collect(),
                )
            }
        }
    }

    fn needs_age(&self) -> bool {
        matches!(self, Resolver::Age(_))
    }

    #[inline]
    fn keys(&self, a: &Attrs) -> Keys {
        let cell = |map: &[u16], i: usize| match map.get(i) {
            Some(&c) if c != NONE => Keys::One(c),
            _ => Keys::None,
        };
        match self {
            Resolver::Total => Keys::None,
            Resolver::Gender => Keys::One(a.gender as u16),
            Resolver::Age(table) => Keys::One(u16::from(table[usize::from(a.age)])),
            Resolver::Unit(map) => cell(map, usize::from(a.unit)),
            Resolver::Reporter => one(a.reporter, |r| r as usize),
            Resolver::Concern => Keys::Mask(a.concerns),
            Resolver::ReportKind => one(a.report_kind, |k| k as usize),
            Resolver::Intervention { map, none } => match a.intervention {
                Some(k) => cell(map, k as usize),
                None if *none != NONE => Keys::One(*none),
                None => Keys::None,
            },
            Resolver::Legal => Keys::One(a.legal as u16),
            Resolver::Provider => one(a.provider, |p| p as usize),
            Resolver::Delegate(map) => cell(map, a.delegate as usize),
        }
    }
}

fn age_table(bands: &AgeBands) -> [u8; 256] {
    let mut t = [0u8; 256];
    for (age, slot) in t.iter_mut().enumerate() {
        // At most 8 bands + 2, so the index fits a byte.
        *slot = bands.index(age as u8) as u8;
    }
    t
}

/// The rows of `rows` (sorted by `key`) with `from <= key <= to`.
fn span<T>(rows: &[T], key: impl Fn(&T) -> Day, from: Day, to: Day) -> &[T] {
    if to < from {
        return &[];
    }
    let lo = rows.partition_point(|r| key(r) < from);
    let hi = rows.partition_point(|r| key(r) <= to);
    &rows[lo..hi.max(lo)]
}

/// Adds rows to the cells.
struct Acc<'a> {
    total: usize,
    s: &'a mut Scratch,
}

impl Acc<'_> {
    #[inline]
    fn bump(&mut self, cell: usize, person: u32, num: f64, den: f64) {
        self.s.num[cell] += num;
        self.s.den[cell] += den;
        if self.s.mark(cell, person) {
            self.s.persons[cell] += 1;
        }
    }

    #[inline]
    fn add(&mut self, keys: Keys, person: u32, num: f64, den: f64) {
        self.bump(self.total, person, num, den);
        match keys {
            Keys::None => {}
            Keys::One(c) => self.bump(usize::from(c), person, num, den),
            Keys::Mask(mut m) => {
                while m != 0 {
                    let c = m.trailing_zeros() as usize;
                    m &= m - 1;
                    self.bump(c, person, num, den);
                }
            }
        }
    }

    #[inline]
    fn observe(&mut self, keys: Keys, person: u32, value: i32) {
        self.add(keys, person, f64::from(value), 1.0);
        self.s.obs[self.total].push(value);
        match keys {
            Keys::None => {}
            Keys::One(c) => self.s.obs[usize::from(c)].push(value),
            Keys::Mask(mut m) => {
                while m != 0 {
                    let c = m.trailing_zeros() as usize;
                    m &= m - 1;
                    self.s.obs[c].push(value);
                }
            }
        }
    }
}

fn breakdown_name(b: &Breakdown) -> &'static str {
    b.kind().map_or("totalt", |k| k.label())
}

/// Check that `indicator` is computed and split by `breakdown`, and make
/// the unit filter (a unit not in the facts matches no row), the resolver
/// and the breakdown's keys.
fn prepare(
    facts: &Facts,
    indicator: IndicatorId,
    breakdown: Breakdown,
    filter: &Filter,
) -> Result<(Option<u16>, Resolver, Vec<Key>), ComputeError> {
    let info = indicator.info();
    if info.source == Source::Manual {
        return Err(ComputeError::Manual(info.code()));
    }
    if let Some(kind) = breakdown.kind()
        && !info.supports(kind)
    {
        return Err(ComputeError::UnsupportedBreakdown {
            indicator: info.code(),
            breakdown: breakdown_name(&breakdown),
        });
    }
    let unit_filter = filter.unit.map(|u| facts.unit_index(u).unwrap_or(u16::MAX));
    let (resolver, keys) = Resolver::new(facts, breakdown, indicator, unit_filter);
    Ok((unit_filter, resolver, keys))
}

pub(crate) fn compute_with(
    facts: &Facts,
    indicator: IndicatorId,
    period: &Period,
    breakdown: Breakdown,
    filter: &Filter,
    scratch: &mut Scratch,
) -> Result<Table, ComputeError> {
    let info = indicator.info();
    let (unit_filter, resolver, keys) = prepare(facts, indicator, breakdown, filter)?;
    let cells = keys.len() + 1;
    scratch.reset(cells, facts.persons().len());
    let mut acc = Acc {
        total: keys.len(),
        s: scratch,
    };
    scan(facts, indicator, period, unit_filter, &resolver, &mut acc);

    let as_of = facts.as_of();
    let (ps, pe) = (period.first_day(), period.last_day());
    let not_started = ps > as_of;
    // i64: `as_of` is `NO_DAY` for facts without events.
    let rate_days = (i64::from(pe.min(as_of)) - i64::from(ps) + 1) as f64;
    let s = &mut *acc.s;
    let mut values = Vec::with_capacity(cells);
    for c in 0..cells {
        let (num, den, persons) = (s.num[c], s.den[c], s.persons[c]);
        let mut v = match info.aggregate {
            Aggregate::Count => Value {
                number: Some(num),
                numerator: Some(num),
                denominator: None,
                persons,
            },
            Aggregate::Persons => Value {
                number: Some(f64::from(persons)),
                numerator: Some(f64::from(persons)),
                denominator: None,
                persons,
            },
            Aggregate::Share => Value {
                number: (den > 0.0).then(|| 100.0 * num / den),
                numerator: Some(num),
                denominator: Some(den),
                persons,
            },
            Aggregate::Mean => Value {
                number: (den > 0.0).then(|| num / den),
                numerator: Some(num),
                denominator: Some(den),
                persons,
            },
            Aggregate::Median => Value {
                number: median(&mut s.obs[c]),
                numerator: None,
                denominator: Some(den),
                persons,
            },
            Aggregate::Rate => Value {
                number: (rate_days > 0.0).then(|| num / rate_days),
                numerator: Some(num),
                denominator: Some(rate_days.max(0.0)),
                persons,
            },
        };
        if not_started {
            v.number = None;
        }
        values.push(v);
    }
    s.clear_marks();
    let total = values[cells - 1];
    Ok(Table {
        indicator,
        version: info.version,
        period: *period,
        breakdown,
        unit: filter.unit,
        total,
        cells: keys
            .into_iter()
            .zip(values)
            .map(|(key, value)| Cell { key, value })
            .collect(),
    })
}

/// The persons (indices into [`Facts::persons`], ascending) behind one cell
/// of `indicator` for `period` split by `breakdown`: the cell of `key`, or
/// the total for `None`. They are the persons the cell's `persons` counts,
/// so `persons_behind(..).len() == cell.value.persons`. A key the
/// breakdown does not have has nobody behind it.
pub fn persons_behind(
    facts: &Facts,
    indicator: IndicatorId,
    period: &Period,
    breakdown: Breakdown,
    filter: &Filter,
    key: Option<Key>,
) -> Result<Vec<u32>, ComputeError> {
    let (unit_filter, resolver, keys) = prepare(facts, indicator, breakdown, filter)?;
    let cell = match key {
        None => keys.len(),
        Some(k) => match keys.iter().position(|c| *c == k) {
            Some(i) => i,
            None => return Ok(Vec::new()),
        },
    };
    let mut scratch = Scratch::default();
    scratch.reset(keys.len() + 1, facts.persons().len());
    let mut acc = Acc {
        total: keys.len(),
        s: &mut scratch,
    };
    scan(facts, indicator, period, unit_filter, &resolver, &mut acc);
    let mut out = Vec::new();
    if let Some(bits) = scratch.bits.get(cell) {
        for (w, &word) in bits.iter().enumerate() {
            let mut m = word;
            while m != 0 {
                let b = m.trailing_zeros();
                m &= m - 1;
                out.push((w as u32) * 64 + b);
            }
        }
    }
    Ok(out)
}

fn median(obs: &mut [i32]) -> Option<f64> {
    let n = obs.len();
    if n == 0 {
        return None;
    }
    let (_, &mut upper, _) = obs.select_nth_unstable(n / 2);
    if n % 2 == 1 {
        return Some(f64::from(upper));
    }
    let lower = obs[..n / 2].iter().copied().max().unwrap_or(upper);
    Some((f64::from(lower) + f64::from(upper)) / 2.0)
}

/// Add the rows of `indicator` for `period` to `acc`.
fn scan(
    facts: &Facts,
    indicator: IndicatorId,
    period: &Period,
    unit_filter: Option<u16>,
    res: &Resolver,
    acc: &mut Acc<'_>,
) {
    use IndicatorId as I;
    let ok = |u: u16| unit_filter.is_none_or(|f| f == u);
    let (ps, pe) = (period.first_day(), period.last_day());
    let as_of = facts.as_of();
    // Stocks and running rows stop at the as-of day: the facts know nothing later.
    let pe_known = pe.min(as_of);
    let lags = facts.lags;
    let persons = facts.persons();
    let needs_age = res.needs_age();
    let age_at = |person: u32, day: Day| {
        if !needs_age {
            return UNKNOWN_AGE;
        }
        persons
            .get(person as usize)
            .and_then(|p| age_on(p.birth, day))
            .unwrap_or(UNKNOWN_AGE)
    };
    let report_attrs = |r: &crate::facts::ReportFact| Attrs {
        reporter: Some(r.reporter),
        concerns: r.concerns,
        report_kind: Some(r.kind),
        ..Attrs::base(r.gender, r.age, r.unit)
    };
    let intervention_attrs = |i: &crate::facts::InterventionFact, age: u8| Attrs {
        intervention: Some(i.kind),
        legal: LegalGroup::of(i.legal_basis),
        provider: Some(i.provider),
        ..Attrs::base(i.gender, age, i.unit)
    };
    let decision_attrs = |d: &crate::facts::DecisionFact| Attrs {
        intervention: d.intervention,
        legal: LegalGroup::of(Some(d.legal_basis)),
        delegate: d.delegate,
        ..Attrs::base(d.gender, d.age, d.unit)
    };

    match indicator {
        I::Aktualiseringar
        | I::AktualiseradePersoner
        | I::NyaAktualiseringar
        | I::Ateraktualiseringar
        | I::AndelTillUtredning => {
            for r in span(facts.reports(), |r| r.received, ps, pe) {
                if !ok(r.unit) {
                    continue;
                }
                let keys = res.keys(&report_attrs(r));
                match indicator {
                    I::NyaAktualiseringar if r.known_months_ago < 12 => {}
                    I::Ateraktualiseringar if r.known_months_ago >= 12 => {}
                    I::AndelTillUtredning => match r.pre_assessment {
                        PreAssessment::OpenInvestigation => acc.add(keys, r.person, 1.0, 1.0),
                        PreAssessment::NoInvestigation => acc.add(keys, r.person, 0.0, 1.0),
                        _ => {}
                    },
                    _ => acc.add(keys, r.person, 1.0, 0.0),
                }
            }
        }
        I::ForhandsbedomningInom14Dagar => {
            let rows = span(
                facts.reports(),
                |r| r.received,
                ps - lags.report_decided,
                pe,
            );
            for r in rows {
                let decided = matches!(
                    r.pre_assessment,
                    PreAssessment::OpenInvestigation | PreAssessment::NoInvestigation
                );
                if decided && ps <= r.decided && r.decided <= pe && ok(r.unit) {
                    let in_time = r.decided - r.received <= 14;
                    acc.add(
                        res.keys(&report_attrs(r)),
                        r.person,
                        f64::from(u8::from(in_time)),
                        1.0,
                    );
                }
            }
        }
        I::InleddaUtredningar => {
            for i in span(facts.investigations(), |i| i.opened, ps, pe) {
                if ok(i.unit) {
                    let keys = res.keys(&Attrs::base(i.gender, i.age, i.unit));
                    acc.add(keys, i.person, 1.0, 0.0);
                }
            }
        }
        I::PagaendeUtredningar => {
            let rows = span(
                facts.investigations(),
                |i| i.opened,
                ps - lags.investigation,
                pe_known,
            );
            for i in rows {
                if (i.closed == NO_DAY || i.closed >= ps) && ok(i.unit) {
                    let keys = res.keys(&Attrs::base(i.gender, i.age, i.unit));
                    acc.add(keys, i.person, 1.0, 0.0);
                }
            }
        }
        I::OppnaUtredningar => {
            let day = pe_known;
            if day >= ps {
                let rows = span(
                    facts.investigations(),
                    |i| i.opened,
                    day - lags.investigation,
                    day,
                );
                for i in rows {
                    if (i.closed == NO_DAY || i.closed > day) && ok(i.unit) {
                        let keys = res.keys(&Attrs::base(i.gender, age_at(i.person, day), i.unit));
                        acc.add(keys, i.person, 1.0, 0.0);
                    }
                }
            }
        }
        I::AvslutadeUtredningar
        | I::UtredningstidMedian
        | I::UtredningstidMedel
        | I::UtredningarInom4Man
        | I::UtredningarInomBeslutadTid => {
            let rows = span(
                facts.investigations(),
                |i| i.opened,
                ps - lags.investigation,
                pe,
            );
            for i in rows {
                if i.closed == NO_DAY || i.closed < ps || i.closed > pe || !ok(i.unit) {
                    continue;
                }
                let keys = res.keys(&Attrs::base(i.gender, i.age, i.unit));
                let days = i.closed - i.opened;
                match indicator {
                    I::UtredningstidMedian => acc.observe(keys, i.person, days),
                    I::UtredningstidMedel => acc.add(keys, i.person, f64::from(days), 1.0),
                    I::UtredningarInom4Man => {
                        acc.add(keys, i.person, f64::from(u8::from(i.closed <= i.due)), 1.0)
                    }
                    I::UtredningarInomBeslutadTid => acc.add(
                        keys,
                        i.person,
                        f64::from(u8::from(i.closed <= i.effective_due())),
                        1.0,
                    ),
                    _ => acc.add(keys, i.person, 1.0, 0.0),
                }
            }
        }
        I::ForsenadeUtredningar => {
            let rows = span(
                facts.investigations(),
                |i| i.opened,
                ps - lags.investigation,
                pe,
            );
            for i in rows {
                let due = i.effective_due();
                let late_from = due + 1;
                if ps <= late_from
                    && late_from <= pe_known
                    && (i.closed == NO_DAY || i.closed > due)
                    && ok(i.unit)
                {
                    let keys = res.keys(&Attrs::base(i.gender, i.age, i.unit));
                    acc.add(keys, i.person, 1.0, 0.0);
                }
            }
        }
        I::PlaceradeBarn | I::OppenvardPagaende => {
            let day = pe_known;
            if day >= ps {
                let placements = indicator == I::PlaceradeBarn;
                let rows = span(
                    facts.interventions(),
                    |i| i.start,
                    day - lags.intervention,
                    day,
                );
                for i in rows {
                    if i.kind.is_placement() == placements
                        && (i.end == NO_DAY || i.end > day)
                        && ok(i.unit)
                    {
                        let keys = res.keys(&intervention_attrs(i, age_at(i.person, day)));
                        acc.add(keys, i.person, 1.0, 0.0);
                    }
                }
            }
        }
        I::Varddygn | I::Arsplaceringar => {
            if ps <= as_of {
                let rows = span(
                    facts.interventions(),
                    |i| i.start,
                    ps - lags.intervention,
                    pe_known,
                );
                for i in rows {
                    if !i.kind.is_placement() || !ok(i.unit) {
                        continue;
                    }
                    let end = if i.end == NO_DAY { as_of + 1 } else { i.end };
                    let from = i.start.max(ps);
                    let to = end.min(pe_known + 1);
                    if to > from {
                        let keys = res.keys(&intervention_attrs(i, age_at(i.person, from)));
                        acc.add(keys, i.person, f64::from(to - from), 0.0);
                    }
                }
            }
        }
        I::NyaPlaceringar | I::TryggaPlaceringar => {
            for i in span(facts.interventions(), |i| i.start, ps, pe) {
                if i.kind.is_placement() && ok(i.unit) {
                    let keys = res.keys(&intervention_attrs(i, i.age));
                    if indicator == I::TryggaPlaceringar {
                        let safe = !i.unsafe_within_6_months;
                        acc.add(keys, i.person, f64::from(u8::from(safe)), 1.0);
                    } else {
                        acc.add(keys, i.person, 1.0, 0.0);
                    }
                }
            }
        }
        I::Sammanbrott => {
            let rows = span(
                facts.interventions(),
                |i| i.start,
                ps - lags.intervention,
                pe,
            );
            for i in rows {
                if i.kind.is_placement()
                    && i.end != NO_DAY
                    && ps <= i.end
                    && i.end <= pe
                    && i.end_reason == Some(InterventionEndReason::Breakdown)
                    && ok(i.unit)
                {
                    let keys = res.keys(&intervention_attrs(i, i.age));
                    acc.add(keys, i.person, 1.0, 0.0);
                }
            }
        }
        I::EjAteraktualiserade12Man => {
            // The cohort: children whose intervention ended in the same period
            // a year earlier, with nothing else running, followed 12 months.
            let window = period.previous_year();
            let (ws, we) = (window.first_day(), window.last_day());
            let mut cands = std::mem::take(&mut acc.s.candidates);
            cands.clear();
            let table = facts.interventions();
            let lo = table.partition_point(|i| i.start < ws - lags.intervention);
            let hi = table.partition_point(|i| i.start <= we);
            for (k, i) in table[lo..hi.max(lo)].iter().enumerate() {
                if i.end != NO_DAY
                    && ws <= i.end
                    && i.end <= we
                    && !i.other_active_at_end
                    && ok(i.unit)
                    && add_months(i.end, 12) <= as_of
                {
                    cands.push((i.person, i.end, (lo + k) as u32));
                }
            }
            // The latest end per child.
            cands.sort_unstable_by_key(|c| (c.0, std::cmp::Reverse(c.1), c.2));
            let mut last_person = None;
            for &(person, _, row) in cands.iter() {
                if last_person == Some(person) {
                    continue;
                }
                last_person = Some(person);
                let i = &table[row as usize];
                let keys = res.keys(&intervention_attrs(i, i.age));
                let not_back = !i.reported_within_12_months;
                acc.add(keys, person, f64::from(u8::from(not_back)), 1.0);
            }
            acc.s.candidates = cands;
        }
        I::OvervagandenITid => {
            for r in span(facts.reviews(), |r| r.due, ps, pe) {
                if ok(r.unit) {
                    let a = Attrs {
                        intervention: Some(r.kind),
                        legal: LegalGroup::of(r.legal_basis),
                        provider: Some(r.provider),
                        ..Attrs::base(r.gender, r.age, r.unit)
                    };
                    let in_time = r.held != NO_DAY && r.held <= r.due;
                    acc.add(res.keys(&a), r.person, f64::from(u8::from(in_time)), 1.0);
                }
            }
        }
        I::OmedelbaraOmhandertaganden => {
            for r in span(facts.removals(), |r| r.decided, ps, pe) {
                if ok(r.unit) {
                    let a = Attrs {
                        legal: LegalGroup::of(Some(r.legal_basis)),
                        ..Attrs::base(r.gender, r.age, r.unit)
                    };
                    acc.add(res.keys(&a), r.person, 1.0, 0.0);
                }
            }
        }
        I::EjVerkstalldaBeslut => {
            let day = pe_known;
            if day >= ps {
                let rows = span(facts.decisions(), |d| d.decided, day - lags.decision, day);
                for d in rows {
                    if d.is_reportable()
                        && d.unexecuted_at_end_of(day)
                        && (d.case_closed == NO_DAY || d.case_closed > day)
                        && ok(d.unit)
                    {
                        let a = Attrs {
                            age: age_at(d.person, day),
                            ..decision_attrs(d)
                        };
                        acc.add(res.keys(&a), d.person, 1.0, 0.0);
                    }
                }
            }
        }
        I::SentVerkstalldaBeslut => {
            let rows = span(facts.decisions(), |d| d.decided, ps - lags.decision, pe);
            for d in rows {
                if d.is_reportable()
                    && d.executed_late()
                    && ps <= d.executed
                    && d.executed <= pe
                    && ok(d.unit)
                {
                    acc.add(res.keys(&decision_attrs(d)), d.person, 1.0, 0.0);
                }
            }
        }
        I::Delegationsbeslut => {
            for d in span(facts.decisions(), |d| d.decided, ps, pe) {
                if matches!(d.kind, DecisionKind::Intervention | DecisionKind::NoMeasure)
                    && ok(d.unit)
                {
                    acc.add(res.keys(&decision_attrs(d)), d.person, 1.0, 0.0);
                }
            }
        }
        I::KostnadPerArsplacering
        | I::BesokPlaceradeBarn
        | I::SipMoten
        | I::SipNyaPlaner
        | I::SipSammankalladeAvOss
        | I::AllvarssamtalInom48Timmar
        | I::BrukarundersokningAndelNojda
        | I::Nki => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5.0));
        assert_eq!(median(&mut [9, 1, 4, 2]), Some(3.0));
        assert_eq!(median(&mut [120, 104, 103]), Some(104.0));
    }

    #[test]
    fn spans_find_the_rows_between() {
        let rows = [1, 3, 3, 5, 8];
        assert_eq!(span(&rows, |r| *r, 3, 5), &[3, 3, 5]);
        assert_eq!(span(&rows, |r| *r, 6, 7), &[] as &[i32]);
        assert_eq!(span(&rows, |r| *r, 9, 2), &[] as &[i32]);
    }
}
