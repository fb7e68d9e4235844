//! Series entered by hand, for what the case records cannot know: survey
//! results, staff figures (sick leave, overtime), summer jobs, and the
//! [`Source::Manual`](crate::Source::Manual) indicators of the catalogue.
//!
//! A [`ManualSeries`] describes what is entered; a [`ManualValue`] is one
//! figure for one period, gender (or the total) and unit, with who entered it
//! and when. A value may be missing ("uppgift saknas": `value: None`, never
//! 0) and may be marked as an estimate. The store keeps every value ever
//! entered; the latest entry for the same series, period, gender and unit
//! wins ([`latest_values`]).
//!
//! [`manual_table`] turns the values of one series and period into the same
//! shape as a computed indicator ([`Value`] per gender cell and a total), so
//! reports treat both alike; [`ManualTable::as_table`] gives a [`Table`] when
//! the series is a catalogue indicator.
//!
//! ## Totals
//!
//! For a series that adds up (counts, days, kronor) the total is computed
//! from the gender parts whenever boys and girls are both entered (plus
//! okänt when entered); a total typed by hand is used only when there are no
//! such parts, and [`check_consistency`] reports a typed total that differs
//! from its parts. A part not entered is missing, not 0. For shares and
//! indexes (which cannot be summed) the typed total is used; without one,
//! the total is the mean of boys and girls weighted by their `base`
//! (respondents) when both are given, else missing.
//!
//! ```
//! use tillit_followup::manual::*;
//! use tillit_followup::{Period, Key};
//! use tillit_domain::{UserId, catalog::Gender};
//!
//! let series = ManualSeries::new("sommarjobb", "Sommarjobb", tillit_followup::MeasureUnit::Antal);
//! let period: Period = "2025".parse()?;
//! let at = jiff::Timestamp::UNIX_EPOCH;
//! let v = |g, n| ManualValue::new("sommarjobb", period, g, Some(n), UserId(1), at);
//! let values = [v(Some(Gender::Male), 40.0), v(Some(Gender::Female), 44.0)];
//! let table = manual_table(&series, &values, &period, None);
//! assert_eq!(table.total.number, Some(84.0)); // computed, never typed
//! assert_eq!(table.cell(Key::Gender(Gender::Unknown)).unwrap().number, None); // not entered
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::breakdown::{Breakdown, Key};
use crate::compute::{Cell, Table, Value};
use crate::indicator::{Indicator, IndicatorId, MeasureUnit, Source, catalogue};
use crate::period::Period;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tillit_domain::catalog::Gender;
use tillit_domain::{UnitId, UserId};

/// Serde for a [`MeasureUnit`] as a stable code (`antal`, `procent`,
/// `dagar`, `arsplaceringar`, `tkr`, `index`), both ways.
pub mod measure_unit_code {
    use crate::indicator::MeasureUnit;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Stable code of a unit.
    pub fn code(unit: MeasureUnit) -> &'static str {
        match unit {
            MeasureUnit::Antal => "antal",
            MeasureUnit::Procent => "procent",
            MeasureUnit::Dagar => "dagar",
            MeasureUnit::Arsplaceringar => "arsplaceringar",
            MeasureUnit::Tkr => "tkr",
            MeasureUnit::Index => "index",
        }
    }

    pub fn from_code(code: &str) -> Option<MeasureUnit> {
        [
            MeasureUnit::Antal,
            MeasureUnit::Procent,
            MeasureUnit::Dagar,
            MeasureUnit::Arsplaceringar,
            MeasureUnit::Tkr,
            MeasureUnit::Index,
        ]
        .into_iter()
        .find(|u| self::code(*u) == code)
    }

    pub fn serialize<S: Serializer>(unit: &MeasureUnit, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(code(*unit))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<MeasureUnit, D::Error> {
        let c = String::deserialize(d)?;
        from_code(&c).ok_or_else(|| serde::de::Error::custom(format!("okänd enhet \"{c}\"")))
    }
}

/// What is entered by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManualSeries {
    /// Stable code: lowercase a-z, digits and `_` (see
    /// [`validate_series_code`]). A series whose code is a catalogue
    /// indicator's code feeds that indicator.
    pub code: String,
    /// Swedish name.
    pub name: String,
    #[serde(with = "measure_unit_code")]
    pub unit: MeasureUnit,
    /// Swedish definition, printed beside the figure.
    #[serde(default)]
    pub description: String,
    /// Whether the value counts persons (clients, summer jobs): such cells
    /// are suppressed in published output like computed counts. Staff
    /// figures and shares are not.
    #[serde(default)]
    pub counts_persons: bool,
}

impl ManualSeries {
    pub fn new(code: impl Into<String>, name: impl Into<String>, unit: MeasureUnit) -> Self {
        Self {
            code: code.into(),
            name: name.into(),
            unit,
            description: String::new(),
            counts_persons: false,
        }
    }

    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    pub fn counting_persons(mut self) -> Self {
        self.counts_persons = true;
        self
    }

    /// The series for a manual indicator of the catalogue.
    pub fn from_indicator(ind: &Indicator) -> Self {
        Self {
            code: ind.code().to_string(),
            name: ind.name.to_string(),
            unit: ind.unit,
            description: ind.definition.to_string(),
            counts_persons: ind.unit == MeasureUnit::Antal
                && ind.counted == crate::indicator::Counted::DistinctPersons,
        }
    }

    /// The catalogue indicator this series feeds, if its code is one.
    pub fn indicator(&self) -> Option<IndicatorId> {
        IndicatorId::from_code(&self.code)
    }

    /// Whether values add up (gender parts to the total, months to the
    /// year): counts, days, placement-years and kronor do; shares and
    /// indexes do not.
    pub fn adds_up(&self) -> bool {
        matches!(
            self.unit,
            MeasureUnit::Antal
                | MeasureUnit::Dagar
                | MeasureUnit::Arsplaceringar
                | MeasureUnit::Tkr
        )
    }
}

/// The series every municipality starts with: each manual indicator of the
/// catalogue, and the staff and summer-job figures the seeds report.
pub fn standard_series() -> Vec<ManualSeries> {
    let mut out: Vec<ManualSeries> = catalogue()
        .iter()
        .filter(|i| i.source == Source::Manual)
        .map(ManualSeries::from_indicator)
        .collect();
    out.extend([
        ManualSeries::new("sjukfranvaro", "Sjukfrånvaro", MeasureUnit::Procent).with_description(
            "Total sjukfrånvaro i procent av ordinarie arbetstid för tillsvidare- och visstidsanställda.",
        ),
        ManualSeries::new(
            "korttidssjukfranvaro",
            "Korttidssjukfrånvaro (dag 1-14)",
            MeasureUnit::Procent,
        )
        .with_description("Sjukfrånvaro dag 1-14 i procent av ordinarie arbetstid."),
        ManualSeries::new("sommarjobb", "Feriearbeten", MeasureUnit::Antal)
            .with_description("Antal ungdomar som haft feriearbete/sommarjobb genom kommunen.")
            .counting_persons(),
        ManualSeries::new("overtid_timmar", "Övertid och mertid, timmar", MeasureUnit::Antal)
            .with_description("Antal timmar övertid och mertid under perioden."),
        ManualSeries::new("timanstallda_arsarbetare", "Timanställda, årsarbetare", MeasureUnit::Antal)
            .with_description("Timanställdas arbetade timmar omräknade till årsarbetare."),
    ]);
    out
}

/// One figure entered by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManualValue {
    /// The series' code.
    pub series: String,
    pub period: Period,
    /// `None` = the total (alla).
    pub gender: Option<Gender>,
    /// The unit the figure is for; `None` = the whole committee area.
    #[serde(default)]
    pub unit: Option<UnitId>,
    /// `None` = uppgift saknas (never 0).
    pub value: Option<f64>,
    /// The figure is an estimate (uppskattning).
    #[serde(default)]
    pub estimate: bool,
    /// Persons behind the figure when known (survey respondents, young
    /// people): used for weighting and small-cell suppression.
    #[serde(default)]
    pub base: Option<u32>,
    pub entered_by: UserId,
    pub entered_at: Timestamp,
    #[serde(default)]
    pub note: String,
}

impl ManualValue {
    /// A value for the whole committee area, not an estimate, without note.
    pub fn new(
        series: impl Into<String>,
        period: Period,
        gender: Option<Gender>,
        value: Option<f64>,
        entered_by: UserId,
        entered_at: Timestamp,
    ) -> Self {
        Self {
            series: series.into(),
            period,
            gender,
            unit: None,
            value,
            estimate: false,
            base: None,
            entered_by,
            entered_at,
            note: String::new(),
        }
    }
}

/// Why a manual value or series cannot be saved. Messages are Swedish.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ManualError {
    #[error(
        "Koden \"{0}\" får bara innehålla små bokstäver a-z, siffror och understreck (högst 64 tecken)."
    )]
    CodeInvalid(String),
    #[error("Serien måste ha ett namn.")]
    NameRequired,
    #[error("Värdet hör till serien {value}, inte {series}.")]
    WrongSeries { series: String, value: String },
    #[error("\"{0}\" är inget tal. Skriv t.ex. 12 eller 85,5, eller lämna tomt om uppgift saknas.")]
    NotANumber(String),
    #[error(
        "\"{0}\" har för många siffror: högst {MAX_DIGITS} siffror. Skriv t.ex. 1234567 eller 85,5."
    )]
    TooManyDigits(String),
    #[error("Värdet {0} är orimligt stort: högst {MAX_MAGNITUDE_TEXT} till beloppet.")]
    TooLarge(String),
    #[error("Värdet måste vara ett ändligt tal.")]
    NotFinite,
    #[error("Värdet {0} kan inte vara negativt för {1}.")]
    Negative(String, &'static str),
    #[error("Värdet {0} ligger utanför 0-100.")]
    OutOfRange(String),
    #[error("En saknad uppgift kan inte markeras som uppskattning.")]
    EstimateOfMissing,
    #[error("Kommentaren får vara högst {0} tecken.")]
    NoteTooLong(usize),
    #[error(
        "{series} {period}: summan av delarna ({parts}) stämmer inte med den inskrivna totalen ({total}). Totalen räknas fram ur delarna."
    )]
    TotalDiffers {
        series: String,
        period: String,
        parts: String,
        total: String,
    },
}

/// Longest note accepted.
pub const MAX_NOTE_CHARS: usize = 2000;

/// The most digits a typed figure may have (an `f64` holds 15 exactly).
pub const MAX_DIGITS: usize = 15;

/// The largest figure accepted, in any unit (a count, days, thousands of
/// kronor): a larger one is a typing error.
pub const MAX_MAGNITUDE: f64 = 1e12;
const MAX_MAGNITUDE_TEXT: &str = "1 000 000 000 000";

/// Whether `v` is a sensible figure in `unit`: finite, at most
/// [`MAX_MAGNITUDE`], 0-100 for percentages and indexes, not negative for
/// counts, days and årsplaceringar (kronor may be negative).
pub fn check_figure(unit: MeasureUnit, v: f64) -> Result<(), ManualError> {
    if !v.is_finite() {
        return Err(ManualError::NotFinite);
    }
    if v.abs() > MAX_MAGNITUDE {
        return Err(ManualError::TooLarge(format_sv(v)));
    }
    match unit {
        MeasureUnit::Procent | MeasureUnit::Index if !(0.0..=100.0).contains(&v) => {
            Err(ManualError::OutOfRange(format_sv(v)))
        }
        MeasureUnit::Antal | MeasureUnit::Dagar | MeasureUnit::Arsplaceringar if v < 0.0 => {
            Err(ManualError::Negative(format_sv(v), unit.label()))
        }
        _ => Ok(()),
    }
}

/// A series code: 1-64 of `a-z`, `0-9`, `_`.
pub fn validate_series_code(code: &str) -> Result<(), ManualError> {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ManualError::CodeInvalid(code.to_string()))
    }
}

/// Check a series before saving it.
pub fn validate_series(series: &ManualSeries) -> Result<(), Vec<ManualError>> {
    let mut errors = Vec::new();
    if let Err(e) = validate_series_code(&series.code) {
        errors.push(e);
    }
    if series.name.trim().is_empty() {
        errors.push(ManualError::NameRequired);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Check a value against its series before saving it.
pub fn validate_value(series: &ManualSeries, value: &ManualValue) -> Result<(), Vec<ManualError>> {
    let mut errors = Vec::new();
    if value.series != series.code {
        errors.push(ManualError::WrongSeries {
            series: series.code.clone(),
            value: value.series.clone(),
        });
    }
    match value.value {
        None if value.estimate => errors.push(ManualError::EstimateOfMissing),
        None => {}
        Some(v) => {
            if let Err(e) = check_figure(series.unit, v) {
                errors.push(e);
            }
        }
    }
    if value.note.chars().count() > MAX_NOTE_CHARS {
        errors.push(ManualError::NoteTooLong(MAX_NOTE_CHARS));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Parse a figure as typed in a Swedish form or spreadsheet: `12`, `85,5`,
/// `85.5`, `1 234` (space or no-break space as thousands separator), `85 %`,
/// `-3,2`. Empty, `-`, `–`, `..` and "uppgift saknas" mean missing (`None`).
/// Digits only, with one decimal separator and at most [`MAX_DIGITS`]
/// digits: no exponents (`1e308`), `inf` or `NaN`.
pub fn parse_value(s: &str) -> Result<Option<f64>, ManualError> {
    let t = s.trim();
    let lower = t.to_lowercase();
    if t.is_empty() || matches!(t, "-" | "–" | "..") || lower == "uppgift saknas" {
        return Ok(None);
    }
    let cleaned: String = t
        .trim_end_matches('%')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| match c {
            ',' => '.',
            '−' => '-',
            c => c,
        })
        .collect();
    let unsigned = cleaned.strip_prefix(['-', '+']).unwrap_or(cleaned.as_str());
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits_only(whole) || !digits_only(frac) {
        return Err(ManualError::NotANumber(shorten(t)));
    }
    if whole.len() + frac.len() > MAX_DIGITS {
        return Err(ManualError::TooManyDigits(shorten(t)));
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(ManualError::NotANumber(shorten(t))),
    }
}

/// A typed text as quoted in a message: at most 30 characters.
fn shorten(t: &str) -> String {
    if t.chars().count() <= 30 {
        t.to_string()
    } else {
        format!("{}…", t.chars().take(30).collect::<String>())
    }
}

/// A number with a decimal comma, for messages.
fn format_sv(v: f64) -> String {
    v.to_string().replace('.', ",")
}

/// Series, period, gender, unit: one cell of entered figures.
type CellKey<'a> = (&'a str, Period, Option<Gender>, Option<UnitId>);

/// The latest entry (by `entered_at`; on a tie, the later in the slice) for
/// each series, period, gender and unit.
pub fn latest_values(values: &[ManualValue]) -> Vec<&ManualValue> {
    let mut best: HashMap<CellKey<'_>, &ManualValue> = HashMap::new();
    for v in values {
        let k = (v.series.as_str(), v.period, v.gender, v.unit);
        match best.get(&k) {
            Some(old) if old.entered_at > v.entered_at => {}
            _ => {
                best.insert(k, v);
            }
        }
    }
    let mut out: Vec<&ManualValue> = best.into_values().collect();
    out.sort_by(|a, b| {
        (a.series.as_str(), a.period.start(), a.period.end(), a.unit)
            .cmp(&(b.series.as_str(), b.period.start(), b.period.end(), b.unit))
            .then_with(|| gender_order(a.gender).cmp(&gender_order(b.gender)))
    });
    out
}

fn gender_order(g: Option<Gender>) -> u8 {
    match g {
        Some(Gender::Male) => 0,
        Some(Gender::Female) => 1,
        Some(Gender::Unknown) => 2,
        None => 3,
    }
}

/// Who entered a figure used in a [`ManualTable`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Provenance {
    pub gender: Option<Gender>,
    pub period: Period,
    pub entered_by: UserId,
    pub entered_at: Timestamp,
    pub estimate: bool,
    pub note: String,
}

/// One series for one period, by gender, shaped like a computed [`Table`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ManualTable {
    pub series: String,
    /// The catalogue indicator, when the series' code is one.
    pub indicator: Option<IndicatorId>,
    pub period: Period,
    pub unit: Option<UnitId>,
    /// `number: None` when missing.
    pub total: Value,
    /// Pojkar, flickor, okänt: always all three, `number: None` when not
    /// entered.
    pub cells: Vec<Cell>,
    /// The total was computed from the parts (not typed).
    pub total_computed: bool,
    /// Some figure used is an estimate.
    pub estimate: bool,
    /// Every entry used, for "entered by whom and when".
    pub provenance: Vec<Provenance>,
}

impl ManualTable {
    pub fn cell(&self, key: Key) -> Option<&Value> {
        self.cells.iter().find(|c| c.key == key).map(|c| &c.value)
    }

    /// Whether nothing at all was entered for the period.
    pub fn is_empty(&self) -> bool {
        self.provenance.is_empty()
    }

    /// The same figures as a computed indicator's [`Table`] (by gender),
    /// when the series is a catalogue indicator.
    pub fn as_table(&self) -> Option<Table> {
        let indicator = self.indicator?;
        Some(Table {
            indicator,
            version: indicator.info().version,
            period: self.period,
            breakdown: Breakdown::Gender,
            unit: self.unit,
            total: self.total,
            cells: self.cells.clone(),
        })
    }
}

const GENDERS: [Gender; 3] = [Gender::Male, Gender::Female, Gender::Unknown];

/// The values of `series` for `period` and `unit` (`None` = the whole
/// area), by gender, with the total computed as the module doc says. Uses
/// the latest entry of each cell. When a cell has no entry for exactly
/// `period` and the series adds up, the months of the period are summed if
/// every month has a figure (a year from 12 monthly counts).
pub fn manual_table(
    series: &ManualSeries,
    values: &[ManualValue],
    period: &Period,
    unit: Option<UnitId>,
) -> ManualTable {
    let own: Vec<ManualValue> = values
        .iter()
        .filter(|v| v.series == series.code && v.unit == unit)
        .cloned()
        .collect();
    let latest = latest_values(&own);
    let find = |p: &Period, g: Option<Gender>| {
        latest
            .iter()
            .find(|v| v.period == *p && v.gender == g)
            .copied()
    };
    let mut provenance = Vec::new();
    let mut estimate = false;
    // Entered(None) = uppgift saknas entered; None = nothing entered.
    let mut lookup = |g: Option<Gender>| -> Option<(Option<f64>, Option<u32>)> {
        if let Some(v) = find(period, g) {
            provenance.push(prov(v));
            estimate |= v.estimate && v.value.is_some();
            return Some((v.value, v.base));
        }
        if !series.adds_up() {
            return None;
        }
        let months = period.months();
        if months.len() < 2 {
            return None;
        }
        let found: Vec<&ManualValue> = months.iter().filter_map(|m| find(m, g)).collect();
        if found.is_empty() {
            return None;
        }
        for v in &found {
            provenance.push(prov(v));
            estimate |= v.estimate && v.value.is_some();
        }
        if found.len() < months.len() || found.iter().any(|v| v.value.is_none()) {
            return Some((None, None));
        }
        let sum = found.iter().filter_map(|v| v.value).sum();
        let base = found.iter().map(|v| v.base).sum::<Option<u32>>();
        Some((Some(sum), base))
    };
    let parts: Vec<Option<(Option<f64>, Option<u32>)>> =
        GENDERS.iter().map(|g| lookup(Some(*g))).collect();
    let typed_total = lookup(None);
    let value_of = |entry: Option<(Option<f64>, Option<u32>)>| -> Value {
        let (number, base) = entry.unwrap_or((None, None));
        make_value(series, number, base)
    };
    let cells: Vec<Cell> = GENDERS
        .iter()
        .zip(&parts)
        .map(|(g, e)| Cell {
            key: Key::Gender(*g),
            value: value_of(*e),
        })
        .collect();
    // `parts` has one entry per GENDERS (3): the indexes are in bounds.
    let boys_and_girls = parts[0].and_then(|p| p.0).zip(parts[1].and_then(|p| p.0));
    let unknown = parts[2];
    let (total, total_computed) = if series.adds_up() {
        match (boys_and_girls, unknown) {
            (Some((b, g)), None) => (make_value(series, Some(b + g), sum_base(&parts[..2])), true),
            (Some((b, g)), Some((Some(u), _))) => {
                (make_value(series, Some(b + g + u), sum_base(&parts)), true)
            }
            // Okänt entered as missing: the sum cannot be given.
            (Some(_), Some((None, _))) => (make_value(series, None, None), true),
            (None, _) => (value_of(typed_total), false),
        }
    } else {
        match typed_total {
            Some(t) => (value_of(Some(t)), false),
            None => {
                let weighted = match (parts[0], parts[1]) {
                    (Some((Some(b), Some(nb))), Some((Some(g), Some(ng)))) if nb + ng > 0 => {
                        let mut num = b * f64::from(nb) + g * f64::from(ng);
                        let mut den = nb + ng;
                        if let Some((Some(u), Some(nu))) = parts[2] {
                            num += u * f64::from(nu);
                            den += nu;
                        }
                        Some((num / f64::from(den), den))
                    }
                    _ => None,
                };
                match weighted {
                    Some((v, den)) => (make_value(series, Some(v), Some(den)), true),
                    None => (make_value(series, None, None), false),
                }
            }
        }
    };
    ManualTable {
        series: series.code.clone(),
        indicator: series.indicator(),
        period: *period,
        unit,
        total,
        cells,
        total_computed,
        estimate,
        provenance,
    }
}

fn sum_base(parts: &[Option<(Option<f64>, Option<u32>)>]) -> Option<u32> {
    parts.iter().map(|p| p.and_then(|(_, b)| b)).sum()
}

fn prov(v: &ManualValue) -> Provenance {
    Provenance {
        gender: v.gender,
        period: v.period,
        entered_by: v.entered_by,
        entered_at: v.entered_at,
        estimate: v.estimate,
        note: v.note.clone(),
    }
}

fn make_value(series: &ManualSeries, number: Option<f64>, base: Option<u32>) -> Value {
    // Persons behind the figure: the base when given, else the count itself
    // for a series that counts persons, else unknown (0: not suppressed).
    let persons = base.unwrap_or_else(|| match number {
        Some(n) if series.counts_persons && n >= 0.0 => {
            // Counts of persons are whole numbers; saturating cast.
            n.round().min(f64::from(u32::MAX)) as u32
        }
        _ => 0,
    });
    Value {
        number,
        numerator: if series.adds_up() { number } else { None },
        denominator: None,
        persons,
    }
}

/// Typed totals that differ from the sum of their gender parts (for series
/// that add up), per period and unit. The tables use the computed sum; this
/// tells the person entering the figures.
pub fn check_consistency(series: &ManualSeries, values: &[ManualValue]) -> Vec<ManualError> {
    if !series.adds_up() {
        return Vec::new();
    }
    let own: Vec<ManualValue> = values
        .iter()
        .filter(|v| v.series == series.code)
        .cloned()
        .collect();
    let latest = latest_values(&own);
    let mut out = Vec::new();
    for t in latest.iter().filter(|v| v.gender.is_none()) {
        let Some(total) = t.value else { continue };
        let parts: Vec<Option<f64>> = latest
            .iter()
            .filter(|v| v.period == t.period && v.unit == t.unit && v.gender.is_some())
            .map(|v| v.value)
            .collect();
        let has_both = [Gender::Male, Gender::Female].iter().all(|g| {
            latest.iter().any(|v| {
                v.period == t.period
                    && v.unit == t.unit
                    && v.gender == Some(*g)
                    && v.value.is_some()
            })
        });
        if !has_both || parts.iter().any(Option::is_none) {
            continue;
        }
        let sum: f64 = parts.iter().flatten().sum();
        if (sum - total).abs() > 1e-9 {
            out.push(ManualError::TotalDiffers {
                series: series.name.clone(),
                period: t.period.label(),
                parts: format_sv(sum),
                total: format_sv(total),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn val(series: &str, period: &str, g: Option<Gender>, v: Option<f64>, at: i64) -> ManualValue {
        ManualValue::new(
            series,
            p(period),
            g,
            v,
            UserId(7),
            Timestamp::from_second(at).unwrap(),
        )
    }

    #[test]
    fn standard_series_cover_the_manual_indicators() {
        let s = standard_series();
        for ind in catalogue().iter().filter(|i| i.source == Source::Manual) {
            assert!(
                s.iter().any(|m| m.indicator() == Some(ind.id)),
                "{}",
                ind.code()
            );
        }
        for m in &s {
            assert!(validate_series(m).is_ok(), "{}", m.code);
        }
        let codes: std::collections::HashSet<&str> = s.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes.len(), s.len());
    }

    #[test]
    fn counts_add_up_and_missing_is_not_zero() {
        let s =
            ManualSeries::new("sommarjobb", "Sommarjobb", MeasureUnit::Antal).counting_persons();
        let values = [
            val("sommarjobb", "2025", Some(Gender::Male), Some(3.0), 1),
            val("sommarjobb", "2025", Some(Gender::Female), Some(10.0), 1),
            val("sommarjobb", "2025", None, Some(99.0), 1),
        ];
        let t = manual_table(&s, &values, &p("2025"), None);
        assert_eq!(t.total.number, Some(13.0));
        assert!(t.total_computed);
        assert_eq!(t.cells[0].value.persons, 3);
        assert_eq!(t.cells[2].value.number, None);
        assert_eq!(check_consistency(&s, &values).len(), 1);
        // Nothing entered: missing, not 0.
        let empty = manual_table(&s, &values, &p("2024"), None);
        assert_eq!(empty.total.number, None);
        assert!(empty.is_empty());
        // Only a typed total.
        let only = [val("sommarjobb", "2023", None, Some(50.0), 1)];
        let t = manual_table(&s, &only, &p("2023"), None);
        assert_eq!(t.total.number, Some(50.0));
        assert!(!t.total_computed);
    }

    #[test]
    fn the_latest_entry_wins() {
        let s = ManualSeries::new("sjukfranvaro", "Sjukfrånvaro", MeasureUnit::Procent);
        let values = [
            val("sjukfranvaro", "2025", None, Some(8.0), 2),
            val("sjukfranvaro", "2025", None, Some(7.5), 5),
            val("sjukfranvaro", "2025", None, Some(9.0), 3),
        ];
        let t = manual_table(&s, &values, &p("2025"), None);
        assert_eq!(t.total.number, Some(7.5));
        assert_eq!(t.total.numerator, None);
        assert_eq!(latest_values(&values).len(), 1);
    }

    #[test]
    fn shares_are_weighted_by_respondents() {
        let s = ManualSeries::from_indicator(IndicatorId::Nki.info());
        let mut b = val("nki", "2025", Some(Gender::Male), Some(60.0), 1);
        b.base = Some(10);
        let mut g = val("nki", "2025", Some(Gender::Female), Some(80.0), 1);
        g.base = Some(30);
        let t = manual_table(&s, &[b, g], &p("2025"), None);
        assert_eq!(t.total.number, Some(75.0));
        assert_eq!(t.total.persons, 40);
        let table = t.as_table().unwrap();
        assert_eq!(table.indicator, IndicatorId::Nki);
        assert_eq!(table.cells.len(), 3);
    }

    #[test]
    fn months_sum_to_the_year_when_all_are_there() {
        let s = ManualSeries::new("overtid_timmar", "Övertid", MeasureUnit::Antal);
        let mut values: Vec<ManualValue> = (1..=12)
            .map(|m| {
                val(
                    "overtid_timmar",
                    &format!("2025-M{m:02}"),
                    None,
                    Some(10.0),
                    1,
                )
            })
            .collect();
        let mut v = values[0].clone();
        v.estimate = true;
        v.entered_at = Timestamp::from_second(9).unwrap();
        values.push(v);
        let t = manual_table(&s, &values, &p("2025"), None);
        assert_eq!(t.total.number, Some(120.0));
        assert!(t.estimate);
        values.remove(3);
        let t = manual_table(&s, &values, &p("2025"), None);
        assert_eq!(t.total.number, None);
        let q = manual_table(&s, &values, &p("2025-Q1"), None);
        assert_eq!(q.total.number, Some(30.0));
    }

    #[test]
    fn values_are_checked() {
        let s = ManualSeries::new("sjukfranvaro", "Sjukfrånvaro", MeasureUnit::Procent);
        let mut v = val("sjukfranvaro", "2025", None, Some(120.0), 1);
        assert_eq!(
            validate_value(&s, &v).unwrap_err()[0].to_string(),
            "Värdet 120 ligger utanför 0-100."
        );
        v.value = None;
        v.estimate = true;
        assert_eq!(
            validate_value(&s, &v).unwrap_err(),
            vec![ManualError::EstimateOfMissing]
        );
        assert!(validate_series_code("Bad code").is_err());
        assert_eq!(parse_value(" 85,5 % ").unwrap(), Some(85.5));
        assert_eq!(parse_value("1\u{a0}234").unwrap(), Some(1234.0));
        assert_eq!(parse_value("Uppgift saknas").unwrap(), None);
        assert_eq!(parse_value("").unwrap(), None);
        assert!(parse_value("tolv").is_err());
        assert_eq!(parse_value("-3,2").unwrap(), Some(-3.2));
        assert_eq!(parse_value(",5").unwrap(), Some(0.5));
        assert_eq!(parse_value("\u{2212}3").unwrap(), Some(-3.0));
        for bad in [
            "1e308", "1E5", "inf", "NaN", ",", "1.2.3", "--1", "0x10", "١٢",
        ] {
            assert!(
                matches!(parse_value(bad), Err(ManualError::NotANumber(_))),
                "{bad}"
            );
        }
        let many = "9".repeat(400);
        let e = parse_value(&many).unwrap_err();
        assert!(matches!(e, ManualError::TooManyDigits(_)));
        assert!(e.to_string().chars().count() < 150, "{e}");
    }

    #[test]
    fn figures_have_a_sensible_range_per_unit() {
        assert!(check_figure(MeasureUnit::Antal, 12.0).is_ok());
        assert!(matches!(
            check_figure(MeasureUnit::Antal, -1.0),
            Err(ManualError::Negative(..))
        ));
        assert!(matches!(
            check_figure(MeasureUnit::Tkr, 1e13),
            Err(ManualError::TooLarge(_))
        ));
        assert!(check_figure(MeasureUnit::Tkr, -500.0).is_ok());
        assert!(matches!(
            check_figure(MeasureUnit::Index, 101.0),
            Err(ManualError::OutOfRange(_))
        ));
        assert!(matches!(
            check_figure(MeasureUnit::Procent, f64::NAN),
            Err(ManualError::NotFinite)
        ));
    }

    #[test]
    fn values_round_trip_through_json() {
        let mut v = val("sommarjobb", "2025-T2", Some(Gender::Female), None, 1);
        v.unit = Some(UnitId(3));
        v.note = "Ej inrapporterat".into();
        let json = serde_json::to_string(&v).unwrap();
        let back: ManualValue = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
        let s = ManualSeries::new("x", "X", MeasureUnit::Tkr);
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"unit\":\"tkr\""));
        assert_eq!(serde_json::from_str::<ManualSeries>(&json).unwrap(), s);
    }
}
