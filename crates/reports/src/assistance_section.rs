//! Economic assistance in the reports: the volume and cost measures of
//! seed 001 ("Volymmått ekonomiskt bistånd", "Kostnadsmått") for a period
//! and the same period a year earlier, and the breakdowns of the period;
//! the chapter of the verksamhetsberättelse and the delårsrapport, and the
//! committee's own report ([`ekonomiskt_bistand`]). Counted by
//! [`tillit_followup::assistance`]; small counts hidden in published
//! output.

use crate::ReportError;
use crate::input::ReportInput;
use crate::model::{
    Block, CellValue, Column, Document, Publication, ReportKind, ReportTable, Row, Section,
};
use tillit_domain::assistance::money::YearMonth;
use tillit_domain::register::assistance::Household;
use tillit_followup::Period;
use tillit_followup::assistance::{AssistanceBreakdown, AssistanceFigures, breakdown, figures};
use tillit_followup::suppress::hidden_cells;

fn months(p: &Period) -> (YearMonth, YearMonth) {
    (YearMonth::of(p.start()), YearMonth::of(p.end()))
}

/// The households of the report's unit (or every unit).
fn households<'a>(input: &'a ReportInput<'a>) -> Vec<&'a Household> {
    input
        .assistance
        .iter()
        .filter(|h| input.unit.is_none() || h.unit == input.unit)
        .collect()
}

fn threshold(p: Publication) -> u32 {
    if p.suppress { p.threshold } else { 0 }
}

fn count(n: u32, t: u32) -> CellValue {
    if n > 0 && n < t {
        CellValue::Suppressed
    } else {
        CellValue::count(f64::from(n)).with_persons(n)
    }
}

fn based(base: u32, t: u32, v: Option<f64>, decimals: u8, percent: bool) -> CellValue {
    if base > 0 && base < t {
        return CellValue::Suppressed;
    }
    match v {
        None => CellValue::Missing,
        Some(x) if percent => CellValue::percent(x, decimals).with_persons(base),
        Some(x) => CellValue::number(x, decimals).with_persons(base),
    }
}

fn volume_rows(f: &AssistanceFigures, t: u32) -> Vec<(&'static str, CellValue)> {
    vec![
        (
            "Antal hushåll som förekommit minst en gång",
            count(f.households, t),
        ),
        (
            "Antal biståndsmånader under perioden",
            based(f.households, t, Some(f64::from(f.months)), 0, false),
        ),
        (
            "Genomsnittligt antal biståndshushåll per månad",
            based(f.households, t, f.average_households_per_month(), 0, false),
        ),
        (
            "Andel av biståndshushållen med bistånd 10 månader eller mer av de senaste 12",
            based(f.window_households, t, f.long_term_share(), 0, true),
        ),
        (
            "Genomsnittlig biståndstid per hushåll (månader)",
            based(f.households, t, f.average_support_time(), 2, false),
        ),
        (
            "Antal hushåll 18–24 år som förekommit minst en gång",
            count(f.young_households, t),
        ),
        (
            "Andel av biståndshushållen 18–24 år med bistånd 10 månader eller mer av de senaste 12",
            based(
                f.young_window_households,
                t,
                f.young_long_term_share(),
                0,
                true,
            ),
        ),
        (
            "Genomsnittlig biståndstid per hushåll 18–24 år (månader)",
            based(f.young_households, t, f.young_support_time(), 2, false),
        ),
        (
            "Antal hushåll med minderåriga barn som har beviljats ekonomiskt bistånd",
            count(f.households_with_children, t),
        ),
        (
            "Antal barn i familjer med ekonomiskt bistånd",
            count(f.children, t),
        ),
        (
            "Antal flickor som har fått bistånd till fritidsaktivitet",
            count(f.leisure_girls, t),
        ),
        (
            "Antal pojkar som har fått bistånd till fritidsaktivitet",
            count(f.leisure_boys, t),
        ),
    ]
}

fn cost_rows(f: &AssistanceFigures, t: u32) -> Vec<(&'static str, CellValue)> {
    vec![
        (
            "Alla hushåll, genomsnittligt bistånd per hushåll och månad (kr)",
            based(
                f.households,
                t,
                f.average_per_household_month().map(f64::round),
                0,
                false,
            ),
        ),
        (
            "Bistånd till boende på hotell, vandrarhem och härbärge (kr)",
            CellValue::count(f.temporary_housing as f64),
        ),
        (
            "Utbetalt ekonomiskt bistånd (kr)",
            CellValue::count(f.paid as f64),
        ),
    ]
}

/// The chapter's blocks for `period`, beside the same period a year
/// earlier when there is one.
pub(crate) fn assistance_blocks(input: &ReportInput<'_>, period: &Period) -> Vec<Block> {
    let hs = households(input);
    let t = threshold(input.publication);
    let (from, to) = months(period);
    let now = figures(&hs, from, to);
    let before = figures(&hs, from.plus(-12), to.plus(-12));
    let mut out = vec![Block::paragraph(
        "Ur registreringarna av ekonomiskt bistånd: en biståndsmånad är en månad då mer än 0 kr betalats ut till hushållet. Definitionerna finns i docs/economic-assistance.md.",
    )];
    let label_now = period.label();
    let label_before = format!("{} (året före)", label_now);
    for (id, caption, rows_now, rows_before) in [
        (
            "eb_volym",
            "Volymmått ekonomiskt bistånd",
            volume_rows(&now, t),
            volume_rows(&before, t),
        ),
        (
            "eb_kostnad",
            "Kostnadsmått ekonomiskt bistånd",
            cost_rows(&now, t),
            cost_rows(&before, t),
        ),
    ] {
        let mut table = ReportTable::new(id, caption, "Nyckeltal");
        table.columns = vec![
            Column::number(label_now.clone()),
            Column::number(label_before.clone()),
        ];
        for ((label, a), (_, b)) in rows_now.into_iter().zip(rows_before) {
            table.rows.push(Row::new(label, vec![a, b]));
        }
        out.push(Block::Table(table));
    }
    for by in AssistanceBreakdown::ALL {
        let rows = breakdown(&hs, from, to, by);
        let mut persons: Vec<u32> = rows.iter().map(|r| r.households).collect();
        persons.push(now.households);
        let hidden = hidden_cells(&persons, &[(0..persons.len()).collect()], t);
        let mut table = ReportTable::new(
            format!(
                "eb_{}",
                match by {
                    AssistanceBreakdown::Gender => "kon",
                    AssistanceBreakdown::AgeGroup => "alder",
                    AssistanceBreakdown::HouseholdType => "hushallstyp",
                    AssistanceBreakdown::Hinder => "forsorjningshinder",
                }
            ),
            format!("Hushåll efter {}, {label_now}", by.label().to_lowercase()),
            by.label(),
        );
        table.columns = vec![
            Column::number("Hushåll"),
            Column::number("Biståndsmånader"),
            Column::number("Biståndstid"),
        ];
        for (r, h) in rows.iter().zip(&hidden) {
            let cells = if *h {
                vec![
                    CellValue::Suppressed,
                    CellValue::Suppressed,
                    CellValue::Suppressed,
                ]
            } else {
                vec![
                    CellValue::count(f64::from(r.households)).with_persons(r.households),
                    CellValue::count(f64::from(r.months)),
                    r.support_time()
                        .map_or(CellValue::Missing, |x| CellValue::number(x, 2)),
                ]
            };
            table.rows.push(Row::new(r.label, cells));
        }
        let total_hidden = hidden.last().copied().unwrap_or(false);
        table.total_row = Some(Row::new(
            "Totalt",
            if total_hidden {
                vec![
                    CellValue::Suppressed,
                    CellValue::Suppressed,
                    CellValue::Suppressed,
                ]
            } else {
                vec![
                    CellValue::count(f64::from(now.households)).with_persons(now.households),
                    CellValue::count(f64::from(now.months)),
                    now.average_support_time()
                        .map_or(CellValue::Missing, |x| CellValue::number(x, 2)),
                ]
            },
        ));
        out.push(Block::Table(table));
    }
    out
}

/// The chapter "Ekonomiskt bistånd" of a report, when there are households.
pub(crate) fn assistance_chapter(input: &ReportInput<'_>, period: &Period) -> Option<Section> {
    if households(input).is_empty() {
        return None;
    }
    let mut s = Section::new("Ekonomiskt bistånd", 1);
    for b in assistance_blocks(input, period) {
        s.push(b);
    }
    Some(s)
}

/// The committee's report on economic assistance for `period` (a month,
/// a tertial, a delår, a quarter or a year).
pub fn ekonomiskt_bistand(
    input: &ReportInput<'_>,
    period: &Period,
) -> Result<Document, ReportError> {
    let mut s = Section::new("Ekonomiskt bistånd", 1);
    if households(input).is_empty() {
        s.push(Block::note(
            "Uppgifter saknas: inga hushåll med ekonomiskt bistånd är registrerade.",
        ));
    } else {
        for b in assistance_blocks(input, period) {
            s.push(b);
        }
    }
    Ok(crate::builders::plain_document(
        input,
        ReportKind::EkonomisktBistand,
        format!("Ekonomiskt bistånd {}", period.label()),
        period,
        vec![s],
    ))
}
