//! The report builders: verksamhetsberättelse, delårsrapport and
//! kvalitetsberättelse. (Delegationsbeslut and ej verkställda beslut are in
//! [`crate::lists`].)

use crate::ReportError;
use crate::ctx::{Ctx, GenderFigures, change_cell, decimals, summed_table};
use crate::input::ReportInput;
use crate::model::{
    Block, CellValue, Chart, ChartKind, ChartSeries, Column, Document, KeyFigure, ReportKind,
    ReportTable, Row, SUPPRESSED, Section,
};
use jiff::civil::Date;
use tillit_domain::catalog::Gender;
use tillit_domain::register::RegisterKind;
use tillit_followup::day::date_of;
use tillit_followup::goals::{
    Goal, GoalIndicator, GoalLevel, GoalNode, GoalStatus, IndicatorRef, Perspective, tree_for_year,
};
use tillit_followup::{Breakdown, IndicatorId, Key, MeasureUnit, Period, computed_indicators};

use IndicatorId as I;

/// A register's records of `year` (of the report's unit, or all) by
/// category: reported, of which serious, of which closed. Published output
/// hides counts under the threshold, and one more where a single hidden
/// count could be worked out from the total.
#[allow(clippy::needless_range_loop)] // three columns, indexed in step
fn register_table(ctx: &Ctx<'_>, input: &ReportInput<'_>, kind: RegisterKind, year: i16) -> Block {
    let records: Vec<_> = input
        .registers
        .iter()
        .filter(|r| {
            r.register == kind
                && r.opened_on.year() == year
                && input.unit.is_none_or(|u| u == r.unit)
        })
        .collect();
    if records.is_empty() {
        return missing_note(&format!(
            "inga poster i registret {} för {year}.",
            kind.label()
        ));
    }
    let mut t = ReportTable::new(
        format!("register_{}", kind.code()),
        format!("{} {year}", kind.label()),
        "Kategori",
    );
    t.columns = vec![
        Column::number("Rapporterade"),
        Column::number(kind.serious_label()),
        Column::number("Avslutade"),
    ];
    let mut counts: Vec<(String, [u32; 3])> = Vec::new();
    // The built-in categories, then those added (by their names), in the
    // order first met.
    let mut categories: Vec<(String, String)> = kind
        .categories()
        .into_iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    for r in &records {
        if let Some(code) = &r.category
            && !categories.iter().any(|(c, _)| c == code)
        {
            let label = input
                .names
                .categories
                .get(&(kind, code.clone()))
                .cloned()
                .unwrap_or_else(|| code.clone());
            categories.push((code.clone(), label));
        }
    }
    for (code, label) in &categories {
        let code = code.as_str();
        let of: Vec<_> = records
            .iter()
            .filter(|r| r.category.as_deref() == Some(code))
            .collect();
        let n = |f: &dyn Fn(&&&crate::input::RegisterRecord) -> bool| {
            u32::try_from(of.iter().filter(|r| f(r)).count()).unwrap_or(u32::MAX)
        };
        counts.push((
            label.to_string(),
            [n(&|_| true), n(&|r| r.serious), n(&|r| r.closed)],
        ));
    }
    let threshold = ctx.threshold();
    let mut hidden = vec![[false; 3]; counts.len()];
    for col in 0..3 {
        let small: Vec<usize> = (0..counts.len())
            .filter(|&i| counts[i].1[col] > 0 && counts[i].1[col] < threshold)
            .collect();
        for &i in &small {
            hidden[i][col] = true;
        }
        // One hidden count alone would follow from the total: hide the
        // next smallest too.
        if small.len() == 1
            && let Some(j) = (0..counts.len())
                .filter(|&j| !hidden[j][col] && counts[j].1[col] > 0)
                .min_by_key(|&j| counts[j].1[col])
        {
            hidden[j][col] = true;
        }
    }
    // A count of reports, checked as a count of persons would be.
    let cell = |v: u32| CellValue::Number {
        value: f64::from(v),
        decimals: 0,
        unit: None,
        persons: Some(v),
        estimate: false,
    };
    let mut totals = [0u32; 3];
    for ((label, c), h) in counts.iter().zip(&hidden) {
        for col in 0..3 {
            totals[col] += c[col];
        }
        t.rows.push(Row::new(
            label.clone(),
            (0..3)
                .map(|col| {
                    if h[col] {
                        CellValue::Suppressed
                    } else {
                        cell(c[col])
                    }
                })
                .collect(),
        ));
    }
    t.total_row = Some(Row::new(
        "Totalt",
        (0..3)
            .map(|col| {
                // A total that is itself small, or equal to the one hidden
                // count, would show what is hidden.
                let hidden_in_col = hidden.iter().filter(|h| h[col]).count();
                if (totals[col] > 0 && totals[col] < threshold) || hidden_in_col == 1 {
                    CellValue::Suppressed
                } else {
                    cell(totals[col])
                }
            })
            .collect(),
    ));
    Block::Table(t)
}

/// Matters closed in `year`: service matters by kind, and the exercise of
/// authority (investigations closed, pre-assessments decided without an
/// investigation) from the facts, with the share of service (as seed 000
/// reports "service och myndighetsutövning").
fn service_and_authority(ctx: &Ctx<'_>, input: &ReportInput<'_>, year: i16) -> Vec<Block> {
    use tillit_followup::facts::PreAssessment;
    let in_year = |d: Option<Date>| d.is_some_and(|d| d.year() == year);
    let unit_index = input.unit.and_then(|u| input.facts.unit_index(u));
    let unit_ok = |u: u16| input.unit.is_none() || Some(u) == unit_index;
    let investigations = input
        .facts
        .investigations()
        .iter()
        .filter(|i| unit_ok(i.unit) && in_year(date_of(i.closed)))
        .count();
    let pre_assessments = input
        .facts
        .reports()
        .iter()
        .filter(|r| {
            unit_ok(r.unit)
                && r.pre_assessment == PreAssessment::NoInvestigation
                && in_year(date_of(r.decided))
        })
        .count();
    let kind = RegisterKind::Service;
    let closed: Vec<_> = input
        .registers
        .iter()
        .filter(|r| {
            r.register == kind
                && r.closed
                && input.unit.is_none_or(|u| u == r.unit)
                && r.closed_on.is_some_and(|d| d.year() == year)
        })
        .collect();
    let threshold = ctx.threshold();
    let cell = |v: usize| {
        let v = u32::try_from(v).unwrap_or(u32::MAX);
        if v > 0 && v < threshold {
            CellValue::Suppressed
        } else {
            CellValue::count(f64::from(v))
        }
    };
    let mut t = ReportTable::new(
        "service_myndighetsutovning",
        format!("Avslutade ärenden {year}"),
        "Ärenden",
    );
    t.columns = vec![Column::number("Antal")];
    for (code, label) in kind.categories() {
        let n = closed
            .iter()
            .filter(|r| r.category.as_deref() == Some(code))
            .count();
        t.rows
            .push(Row::new(format!("Service: {label}"), vec![cell(n)]));
    }
    t.rows.push(Row::new(
        "Myndighetsutövning: avslutade utredningar",
        vec![cell(investigations)],
    ));
    t.rows.push(Row::new(
        "Myndighetsutövning: förhandsbedömningar utan utredning",
        vec![cell(pre_assessments)],
    ));
    let service = closed.len();
    let all = service + investigations + pre_assessments;
    let mut share = ReportTable::new("service_andel", format!("Andel service {year}"), "Andel");
    share.columns = vec![Column::number("Procent")];
    share.rows.push(Row::new(
        "Service av alla avslutade ärenden",
        vec![
            if all == 0 || (service > 0 && (service as u32) < threshold) {
                CellValue::Missing
            } else {
                CellValue::percent(100.0 * service as f64 / all as f64, 1)
            },
        ],
    ));
    vec![Block::Table(t), Block::Table(share)]
}

/// The internal control plan of `year` (of the report's unit, or all): the
/// risk matrix (consequence × likelihood, the number of risks in each cell)
/// and the plan, highest risk first, with each risk's controls.
fn internal_control_blocks(input: &ReportInput<'_>, year: i16) -> Vec<Block> {
    let mut plan: Vec<_> = input
        .controls
        .iter()
        .filter(|c| c.year == year && input.unit.is_none_or(|u| u == c.unit))
        .collect();
    if plan.is_empty() {
        return vec![missing_note(&format!(
            "ingen internkontrollplan är registrerad för {year}."
        ))];
    }
    plan.sort_by_key(|c| {
        (
            std::cmp::Reverse(u16::from(c.likelihood) * u16::from(c.consequence)),
            c.risk.clone(),
        )
    });
    let mut matrix = ReportTable::new(
        "internkontroll_matris",
        format!("Riskmatris {year}: antal risker"),
        "Konsekvens",
    );
    matrix.columns = (1..=4)
        .map(|l| Column::number(format!("Sannolikhet {l}")))
        .collect();
    for consequence in (1..=4u8).rev() {
        matrix.rows.push(Row::new(
            format!("Konsekvens {consequence}"),
            (1..=4u8)
                .map(|likelihood| {
                    let n = plan
                        .iter()
                        .filter(|c| c.likelihood == likelihood && c.consequence == consequence)
                        .count();
                    CellValue::count(n as f64)
                })
                .collect(),
        ));
    }
    let mut t = ReportTable::new(
        "internkontroll_plan",
        format!("Internkontrollplan {year}"),
        "Risk",
    );
    t.columns = vec![
        Column::text("Område"),
        Column::number("Riskvärde"),
        Column::text("Kontrollmoment"),
        Column::text("Hur ofta"),
        Column::text("Ansvarig"),
        Column::number("Kontroller"),
        Column::number("Med avvikelse"),
        Column::text("Status"),
    ];
    for c in plan {
        t.rows.push(Row::new(
            c.risk.clone(),
            vec![
                CellValue::text(c.area.clone()),
                CellValue::count(f64::from(c.likelihood) * f64::from(c.consequence)),
                CellValue::text(c.control.clone()),
                CellValue::text(c.frequency.clone()),
                CellValue::text(c.responsible.clone()),
                CellValue::count(c.controls as f64),
                CellValue::count(c.deviations as f64),
                CellValue::text(c.status.clone()),
            ],
        ));
    }
    vec![Block::Table(matrix), Block::Table(t)]
}

/// Self-audits of documentation of `year` (of the report's unit, or all):
/// per checklist item the share of the answered case files (yes or no; not
/// applicable left out) answered yes, per unit and for all of them, and
/// the number of case files checked. Published output hides a share or a
/// count resting on fewer case files than the threshold.
fn self_audit_table(ctx: &Ctx<'_>, input: &ReportInput<'_>, year: i16) -> Block {
    let audits: Vec<_> = input
        .self_audits
        .iter()
        .filter(|a| a.drawn_on.year() == year && input.unit.is_none_or(|u| u == a.unit))
        .collect();
    if audits.is_empty() {
        return missing_note(&format!(
            "inga egenkontroller av dokumentationen har gjorts under {year}."
        ));
    }
    let mut units: Vec<_> = audits.iter().map(|a| a.unit).collect();
    units.sort_by_key(|u| (input.names.unit(*u), *u));
    units.dedup();
    // Items by code, in the order first met; the newest text.
    let mut items: Vec<(String, String)> = Vec::new();
    for a in &audits {
        for i in &a.items {
            match items.iter_mut().find(|(c, _)| *c == i.code) {
                Some(found) => found.1.clone_from(&i.text),
                None => items.push((i.code.clone(), i.text.clone())),
            }
        }
    }
    let threshold = ctx.threshold();
    let small = |n: u32| n > 0 && n < threshold;
    let mut t = ReportTable::new(
        "egenkontroll_dokumentation",
        format!("Egenkontroll av dokumentation {year}: andel ja"),
        "Fråga",
    );
    let mut columns: Vec<Option<tillit_domain::UnitId>> = units.iter().copied().map(Some).collect();
    if units.len() > 1 {
        columns.push(None);
    }
    t.columns = columns
        .iter()
        .map(|u| {
            Column::number(u.map_or_else(|| "Alla enheter".to_string(), |u| input.names.unit(u)))
        })
        .collect();
    let of = |u: Option<tillit_domain::UnitId>| {
        audits
            .iter()
            .filter(move |a| u.is_none_or(|u| u == a.unit))
            .copied()
    };
    t.rows.push(Row::new(
        "Granskade akter",
        columns
            .iter()
            .map(|u| {
                let n: u32 = of(*u).map(|a| a.answered).sum();
                if small(n) {
                    CellValue::Suppressed
                } else {
                    CellValue::Number {
                        value: f64::from(n),
                        decimals: 0,
                        unit: None,
                        persons: Some(n),
                        estimate: false,
                    }
                }
            })
            .collect(),
    ));
    for (code, text) in &items {
        t.rows.push(Row::new(
            text.clone(),
            columns
                .iter()
                .map(|u| {
                    let (yes, no) = of(*u)
                        .flat_map(|a| a.items.iter().filter(|i| i.code == *code))
                        .fold((0u32, 0u32), |(y, n), i| (y + i.yes, n + i.no));
                    let answered = yes + no;
                    if answered == 0 {
                        CellValue::Empty
                    } else if small(answered) {
                        CellValue::Suppressed
                    } else {
                        CellValue::Percent {
                            value: 100.0 * f64::from(yes) / f64::from(answered),
                            decimals: 0,
                            persons: Some(answered),
                            estimate: false,
                        }
                    }
                })
                .collect(),
        ));
    }
    t.notes.push(
        "Andel ja av de granskade akter där frågan var aktuell. Urvalet är slumpat per enhet och period, fördelat efter ärendenas fas; fröet är sparat i egenkontrollen."
            .to_string(),
    );
    Block::Table(t)
}

/// The self-audits over time: per checklist item, the share answered yes
/// (of yes and no) in each of the last three years up to `year` that had an
/// audit (of the report's unit, or all units together); `None` with fewer
/// than two such years. Small counts as in [`self_audit_table`].
fn self_audit_trend(ctx: &Ctx<'_>, input: &ReportInput<'_>, year: i16) -> Option<Block> {
    let first = year - 2;
    let audits: Vec<_> = input
        .self_audits
        .iter()
        .filter(|a| {
            (first..=year).contains(&a.drawn_on.year()) && input.unit.is_none_or(|u| u == a.unit)
        })
        .collect();
    let mut years: Vec<i16> = audits.iter().map(|a| a.drawn_on.year()).collect();
    years.sort_unstable();
    years.dedup();
    if years.len() < 2 {
        return None;
    }
    let mut items: Vec<(String, String)> = Vec::new();
    for a in &audits {
        for i in &a.items {
            match items.iter_mut().find(|(c, _)| *c == i.code) {
                Some(found) => found.1.clone_from(&i.text),
                None => items.push((i.code.clone(), i.text.clone())),
            }
        }
    }
    let threshold = ctx.threshold();
    let whose = input
        .unit
        .map_or_else(|| "alla enheter".to_string(), |u| input.names.unit(u));
    let mut t = ReportTable::new(
        "egenkontroll_dokumentation_over_tid",
        format!("Egenkontroll av dokumentation {first}–{year}: andel ja, {whose}"),
        "Fråga",
    );
    t.columns = years
        .iter()
        .map(|y| Column::number(y.to_string()))
        .collect();
    for (code, text) in &items {
        t.rows.push(Row::new(
            text.clone(),
            years
                .iter()
                .map(|y| {
                    let (yes, no) = audits
                        .iter()
                        .filter(|a| a.drawn_on.year() == *y)
                        .flat_map(|a| a.items.iter().filter(|i| i.code == *code))
                        .fold((0u32, 0u32), |(s, n), i| (s + i.yes, n + i.no));
                    let answered = yes + no;
                    if answered == 0 {
                        CellValue::Empty
                    } else if answered < threshold {
                        CellValue::Suppressed
                    } else {
                        CellValue::Percent {
                            value: 100.0 * f64::from(yes) / f64::from(answered),
                            decimals: 0,
                            persons: Some(answered),
                            estimate: false,
                        }
                    }
                })
                .collect(),
        ));
    }
    Some(Block::Table(t))
}

/// The annual compilation of Lex Sarah reports for the committee (the
/// routine's yearly report, as in the seeds): how many were received, how
/// many were serious and reported to IVO (27 kap. 6 § SoL), what they
/// concerned, where they stand, and the measures decided and carried out.
/// Counts only: no person, no text of a report.
pub fn lex_sarah_sammanstallning(
    input: &ReportInput<'_>,
    year: i16,
) -> Result<Document, ReportError> {
    let period = Period::year(year)?;
    let ctx = Ctx::new(input);
    let kind = RegisterKind::LexSarah;
    let records: Vec<_> = input
        .registers
        .iter()
        .filter(|r| {
            r.register == kind
                && r.opened_on.year() == year
                && input.unit.is_none_or(|u| u == r.unit)
        })
        .collect();
    let threshold = ctx.threshold();
    // A count in running text: hidden as in the tables when published.
    let said = |n: usize| {
        if n > 0 && (n as u32) < threshold {
            SUPPRESSED.to_string()
        } else {
            n.to_string()
        }
    };
    let count =
        |f: &dyn Fn(&crate::input::RegisterRecord) -> bool| records.iter().filter(|r| f(r)).count();
    let mut sections = Vec::new();
    let mut s = Section::new("Sammanfattning", 1);
    s.push(publication_note(&ctx));
    if records.is_empty() {
        s.push(missing_note(&format!(
            "inga rapporter enligt lex Sarah är registrerade för {year}."
        )));
    } else {
        s.push(Block::paragraph(format!(
            "Under {year} har {} rapporter om missförhållanden eller påtaglig risk för missförhållanden tagits emot (27 kap. 2 § SoL). {} har bedömts som allvarliga och {} har anmälts till Inspektionen för vård och omsorg (27 kap. 6 § SoL). {} är avslutade.",
            said(records.len()),
            said(count(&|r| r.serious)),
            said(count(&|r| r.reported_externally)),
            said(count(&|r| r.closed)),
        )));
    }
    sections.push(s);
    let mut s = Section::new("Vad rapporterna gällde", 1);
    s.push(register_table(&ctx, input, kind, year));
    sections.push(s);
    if !records.is_empty() {
        let cell = |v: usize| {
            let v = u32::try_from(v).unwrap_or(u32::MAX);
            if v > 0 && v < threshold {
                CellValue::Suppressed
            } else {
                CellValue::count(f64::from(v))
            }
        };
        let mut s = Section::new("Handläggning och åtgärder", 1);
        let mut t = ReportTable::new("lex_sarah_status", format!("Status {year}"), "Status");
        t.columns = vec![Column::number("Rapporter")];
        for (code, label) in kind.statuses() {
            let n = records.iter().filter(|r| r.status == *code).count();
            t.rows.push(Row::new(*label, vec![cell(n)]));
        }
        s.push(Block::Table(t));
        let decided: u32 = records.iter().map(|r| r.measures).sum();
        let done: u32 = records.iter().map(|r| r.measures_done).sum();
        let mut t = ReportTable::new("lex_sarah_measures", format!("Åtgärder {year}"), "Åtgärder");
        t.columns = vec![Column::number("Antal")];
        for (label, n) in [
            ("Beslutade", decided),
            ("Genomförda", done),
            ("Ej genomförda", decided.saturating_sub(done)),
        ] {
            t.rows.push(Row::new(label, vec![cell(n as usize)]));
        }
        s.push(Block::Table(t));
        sections.push(s);
    }
    Ok(document(
        &ctx,
        ReportKind::LexSarah,
        format!("Sammanställning av lex Sarah-rapporter {year}"),
        &period,
        sections,
    ))
}

/// "Uppgifter saknas" for a section without data.
pub(crate) fn missing_note(what: &str) -> Block {
    Block::note(format!("Uppgifter saknas: {what}"))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// The day the figures are taken: the facts' as-of day, or `fallback`.
pub(crate) fn as_of_date(input: &ReportInput<'_>, fallback: Date) -> Date {
    date_of(input.facts.as_of()).unwrap_or(fallback)
}

fn unit_name(input: &ReportInput<'_>) -> Option<String> {
    input.unit.map(|u| input.names.unit(u))
}

fn subtitle(input: &ReportInput<'_>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(u) = unit_name(input) {
        parts.push(u);
    }
    if !input.committee.is_empty() {
        parts.push(input.committee.to_string());
    }
    if !input.municipality.is_empty() {
        parts.push(input.municipality.to_string());
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(", "))
    }
}

pub(crate) fn document(
    ctx: &Ctx<'_>,
    kind: ReportKind,
    title: String,
    period: &Period,
    sections: Vec<Section>,
) -> Document {
    let input = ctx.input;
    let mut sections = sections;
    sections.push(definitions_section(ctx));
    Document {
        kind,
        title,
        subtitle: subtitle(input),
        municipality: input.municipality.to_string(),
        unit: unit_name(input),
        period: period.label(),
        period_code: period.code(),
        generated_on: as_of_date(input, period.end()),
        publication: input.publication,
        sections,
        definitions_used: ctx.definitions(),
        contents: None,
        subjects: Vec::new(),
    }
}

/// A document of `sections` and the definitions section, for builders
/// outside this module (the report on economic assistance).
pub(crate) fn plain_document(
    input: &ReportInput<'_>,
    kind: ReportKind,
    title: String,
    period: &Period,
    sections: Vec<Section>,
) -> Document {
    let ctx = Ctx::new(input);
    document(&ctx, kind, title, period, sections)
}

fn definitions_section(ctx: &Ctx<'_>) -> Section {
    let mut s = Section::new("Definitioner", 1);
    s.push(Block::paragraph(
        "Varje siffra i rapporten är beräknad ur ärendena eller införd för hand enligt definitionerna nedan. En ändrad definition får ett nytt versionsnummer.",
    ));
    let defs = ctx.definitions();
    if defs.is_empty() {
        s.push(Block::note("Rapporten visar inga indikatorer."));
    }
    for d in defs {
        s.push(Block::labelled(
            format!("{} ({}, version {})", d.name, d.id, d.version),
            d.definition,
        ));
    }
    s
}

fn publication_note(ctx: &Ctx<'_>) -> Block {
    let p = ctx.input.publication;
    if p.suppress {
        Block::note(format!(
            "Publicerad version: värden som bygger på färre än {} personer visas som \"..\", liksom värden som annars skulle göra det möjligt att räkna fram dem. Summor är beräknade ur de exakta värdena. \"saknas\" betyder att uppgift saknas, aldrig noll.",
            p.threshold
        ))
    } else {
        Block::note(
            "Intern version med exakta värden, även för små grupper. Får inte publiceras eller lämnas ut utan sekretessprövning. \"saknas\" betyder att uppgift saknas, aldrig noll.",
        )
    }
}

// ---------------------------------------------------------------------------
// Key figures

/// The key figure table: every computed indicator for `period`, by gender,
/// with the same period a year earlier and the change.
fn key_figure_table(
    ctx: &mut Ctx<'_>,
    id: &str,
    caption: &str,
    period: &Period,
    indicators: &[IndicatorId],
    prognosis: Option<&Period>,
) -> Result<ReportTable, ReportError> {
    let prev = period.previous_year();
    let mut t = ReportTable::new(id, caption, "Indikator");
    t.columns = vec![
        Column::number(format!("Utfall {}", period.label())),
        Column::number("Pojkar"),
        Column::number("Flickor"),
        Column::number("Okänt kön"),
        Column::number(format!("Utfall {}", prev.label())),
        Column::number("Förändring"),
    ];
    if prognosis.is_some() {
        t.columns.push(Column::number("Prognos helår"));
    }
    t.columns.push(Column::text("Enhet"));
    for &ind in indicators {
        let g = ctx.gender_figures(ind, period, false)?;
        let before = ctx.total(ind, &prev, false)?;
        let change = change_cell(&g.total, &before);
        let mut cells = vec![g.total, g.boys, g.girls, g.unknown, before, change];
        if let Some(year) = prognosis {
            cells.push(prognosis_cell(ctx, ind, year));
        }
        cells.push(CellValue::text(unit_label(ind)));
        t.rows.push(Row::new(ind.info().name, cells));
    }
    t.notes.push(
        "Pojkar, flickor och okänt kön summeras till utfallet för antal; andelar, medelvärden och medianer räknas på varje grupps egna ärenden. Förändring för andelar anges i procentenheter.".into(),
    );
    Ok(t)
}

fn unit_label(ind: IndicatorId) -> &'static str {
    match ind.info().unit {
        MeasureUnit::Antal => "antal",
        MeasureUnit::Procent => "%",
        MeasureUnit::Dagar => "dagar",
        MeasureUnit::Arsplaceringar => "årsplaceringar",
        MeasureUnit::Tkr => "tkr",
        MeasureUnit::Index => "index",
    }
}

/// The year's prognosis of an indicator: the manual series
/// `prognos_<code>` for the year, if entered.
fn prognosis_cell(ctx: &mut Ctx<'_>, ind: IndicatorId, year: &Period) -> CellValue {
    let code = format!("prognos_{}", ind.code());
    let series = ctx.manual_series(&code).unwrap_or_else(|| {
        tillit_followup::manual::ManualSeries::new(
            code.clone(),
            format!("Prognos: {}", ind.info().name),
            ind.info().unit,
        )
    });
    match ctx.manual_figures(&series, year, false) {
        Some((g, _)) => g.total,
        None => CellValue::Empty,
    }
}

fn key_figure(
    ctx: &mut Ctx<'_>,
    label: &str,
    ind: IndicatorId,
    period: &Period,
) -> Result<KeyFigure, ReportError> {
    let now = ctx.total(ind, period, true)?;
    let prev = period.previous_year();
    let before = ctx.total(ind, &prev, true)?;
    Ok(KeyFigure {
        label: label.to_string(),
        value: now,
        comparison: Some(format!("{}: {}", prev.label(), before.display())),
    })
}

fn headline(ctx: &mut Ctx<'_>, period: &Period) -> Result<Block, ReportError> {
    let figures = vec![
        key_figure(ctx, "Aktualiseringar", I::Aktualiseringar, period)?,
        key_figure(ctx, "Inledda utredningar", I::InleddaUtredningar, period)?,
        key_figure(
            ctx,
            "Utredningar inom 4 månader",
            I::UtredningarInom4Man,
            period,
        )?,
        key_figure(
            ctx,
            "Placerade barn vid periodens slut",
            I::PlaceradeBarn,
            period,
        )?,
        key_figure(ctx, "Vårddygn", I::Varddygn, period)?,
        key_figure(ctx, "Ej verkställda beslut", I::EjVerkstalldaBeslut, period)?,
    ];
    Ok(Block::KeyFigures { figures })
}

/// A figure in running text: "1 234" or "uppgift saknas".
fn in_text(c: &CellValue) -> String {
    match c {
        CellValue::Missing => "uppgift saknas".into(),
        CellValue::Suppressed => "(dolt värde)".into(),
        c => c.display(),
    }
}

/// A summary of the period's figures, in sentences, from the same published
/// figures as the tables.
fn auto_summary(ctx: &mut Ctx<'_>, period: &Period) -> Result<Block, ReportError> {
    let prev = period.previous_year();
    let a = ctx.gender_figures(I::Aktualiseringar, period, false)?;
    let a_prev = ctx.total(I::Aktualiseringar, &prev, false)?;
    let persons = ctx.total(I::AktualiseradePersoner, period, false)?;
    let inv = ctx.total(I::InleddaUtredningar, period, false)?;
    let within = ctx.total(I::UtredningarInom4Man, period, false)?;
    let median = ctx.total(I::UtredningstidMedian, period, true)?;
    let placed = ctx.total(I::PlaceradeBarn, period, false)?;
    let placed_prev = ctx.total(I::PlaceradeBarn, &prev, false)?;
    let text = format!(
        "Under {p} kom {a} aktualiseringar ({b} om pojkar, {g} om flickor) som gällde {persons} barn och unga, jämfört med {ap} under {pp}. {inv} utredningar inleddes. Av de utredningar som avslutades var {within} klara inom fyra månader, och medianutredningstiden var {median}. Vid periodens slut var {placed} barn och unga placerade ({placed_prev} ett år tidigare).",
        p = period.label(),
        a = in_text(&a.total),
        b = in_text(&a.boys),
        g = in_text(&a.girls),
        persons = in_text(&persons),
        ap = in_text(&a_prev),
        pp = prev.label(),
        inv = in_text(&inv),
        within = in_text(&within),
        median = in_text(&median),
        placed = in_text(&placed),
        placed_prev = in_text(&placed_prev),
    );
    Ok(Block::paragraph(text))
}

/// A monthly table by gender for an indicator whose months add up to the
/// year (with a total row), and a bar chart of the month totals against the
/// previous year.
fn monthly_flow(
    ctx: &mut Ctx<'_>,
    ind: IndicatorId,
    span: &Period,
) -> Result<(ReportTable, Chart), ReportError> {
    let year = span.start().year();
    let mut periods: Vec<Period> = span.months();
    let span = *span;
    periods.push(span);
    let tables = ctx.series(ind, &periods, Breakdown::Gender)?;
    let name = ind.info().name;
    let mut t = ReportTable::new(
        format!("{}-per-manad", ind.code()),
        format!("{name} per månad {}", span.label()),
        "Månad",
    );
    t.columns = vec![
        Column::number("Pojkar"),
        Column::number("Flickor"),
        Column::number("Okänt kön"),
        Column::number("Totalt"),
    ];
    // `periods` ends with the span, so n >= 0; compute_series gives one
    // table per period, so `tables[n]` is the span's.
    let n = periods.len() - 1;
    let part = |t: &tillit_followup::Table, g: Gender| {
        t.cell(Key::Gender(g))
            .map_or((0.0, 0), |v| (v.number.unwrap_or(0.0), v.persons))
    };
    let raw: Vec<Vec<(f64, u32)>> = tables[..n]
        .iter()
        .map(|t| {
            let b = part(t, Gender::Male);
            let g = part(t, Gender::Female);
            let u = part(t, Gender::Unknown);
            vec![b, g, u, (b.0 + g.0 + u.0, t.total.persons)]
        })
        .collect();
    let whole = &tables[n];
    let total_persons = vec![
        part(whole, Gender::Male).1,
        part(whole, Gender::Female).1,
        part(whole, Gender::Unknown).1,
        whole.total.persons,
    ];
    let labels = MONTHS.iter().take(n).map(|m| m.to_string()).collect();
    let t = summed_table(ctx, t, labels, &raw, &total_persons, 0, true);

    // Chart: the month totals as published, this year and last.
    let prev_periods: Vec<Period> = periods[..n].iter().map(|p| p.previous_year()).collect();
    let prev_tables = ctx.series(ind, &prev_periods, Breakdown::Total)?;
    let prev_pub = ctx.publish_series(&prev_tables);
    let this: Vec<Option<f64>> = t
        .rows
        .iter()
        .map(|r| r.cells.get(3).and_then(CellValue::value))
        .collect();
    let before: Vec<Option<f64>> = prev_pub
        .iter()
        .map(|p| p.total.shown().and_then(|v| v.number))
        .collect();
    let chart = Chart {
        id: format!("{}-chart", ind.code()),
        kind: ChartKind::Bar,
        title: format!("{name} per månad, {} och {}", year, year - 1),
        unit: "antal".into(),
        categories: MONTHS.iter().take(n).map(|m| m.to_string()).collect(),
        series: vec![
            ChartSeries {
                name: format!("{year}"),
                values: this,
            },
            ChartSeries {
                name: format!("{}", year - 1),
                values: before,
            },
        ],
        description: format!(
            "Stapeldiagram: {} per månad {} jämfört med {}. Samma siffror finns i tabellen.",
            name.to_lowercase(),
            year,
            year - 1
        ),
    };
    Ok((t, chart))
}

/// A stock per month (e.g. placed children at each month's end) as a line
/// chart, this year and last. Stocks do not add up over months: no table
/// total.
fn monthly_stock_chart(
    ctx: &mut Ctx<'_>,
    ind: IndicatorId,
    year: i16,
    months_upto: u8,
) -> Result<Chart, ReportError> {
    let months: Vec<Period> = Period::year(year)?
        .months()
        .into_iter()
        .take(usize::from(months_upto))
        .collect();
    let prev: Vec<Period> = months.iter().map(|p| p.previous_year()).collect();
    let now = ctx.series(ind, &months, Breakdown::Total)?;
    let before = ctx.series(ind, &prev, Breakdown::Total)?;
    let vals = |ts: &[tillit_followup::Table]| -> Vec<Option<f64>> {
        ctx.publish_series(ts)
            .iter()
            .map(|p| p.total.shown().and_then(|v| v.number))
            .collect()
    };
    let name = ind.info().name;
    Ok(Chart {
        id: format!("{}-chart", ind.code()),
        kind: ChartKind::Line,
        title: format!("{name} per månad, {} och {}", year, year - 1),
        unit: unit_label(ind).into(),
        categories: MONTHS
            .iter()
            .take(months.len())
            .map(|m| m.to_string())
            .collect(),
        series: vec![
            ChartSeries {
                name: format!("{year}"),
                values: vals(&now),
            },
            ChartSeries {
                name: format!("{}", year - 1),
                values: vals(&before),
            },
        ],
        description: format!(
            "Linjediagram: {} per månad {} jämfört med {}.",
            name.to_lowercase(),
            year,
            year - 1
        ),
    })
}

/// A breakdown table whose rows add up (one key per row): this period and
/// the same period last year, each column with a computed total row.
fn category_table(
    ctx: &mut Ctx<'_>,
    ind: IndicatorId,
    period: &Period,
    breakdown: Breakdown,
    (id, caption, label_header): (&str, &str, &str),
    keep: &dyn Fn(&Key) -> bool,
) -> Result<ReportTable, ReportError> {
    let prev = period.previous_year();
    let now = ctx.table(ind, period, breakdown)?;
    let before = ctx.table(ind, &prev, breakdown)?;
    let mut t = ReportTable::new(id, caption, label_header);
    t.columns = vec![Column::number(period.label()), Column::number(prev.label())];
    let mut labels = Vec::new();
    let mut raw = Vec::new();
    for c in now.cells.iter().filter(|c| keep(&c.key)) {
        let b = before.cell(c.key);
        labels.push(c.key.label());
        raw.push(vec![
            (c.value.number.unwrap_or(0.0), c.value.persons),
            b.map_or((0.0, 0), |v| (v.number.unwrap_or(0.0), v.persons)),
        ]);
    }
    let totals = [now.total.persons, before.total.persons];
    Ok(summed_table(
        ctx,
        t,
        labels,
        &raw,
        &totals,
        decimals(ind),
        false,
    ))
}

/// A breakdown table whose rows need not add up (several keys per row): no
/// total row; each column published with its total.
fn overlapping_table(
    ctx: &mut Ctx<'_>,
    ind: IndicatorId,
    period: &Period,
    breakdown: Breakdown,
    id: &str,
    caption: &str,
    label_header: &str,
) -> Result<ReportTable, ReportError> {
    let prev = period.previous_year();
    let now = ctx.table(ind, period, breakdown)?;
    let before = ctx.table(ind, &prev, breakdown)?;
    let (pn, pb) = (ctx.publish(&now), ctx.publish(&before));
    let mut t = ReportTable::new(id, caption, label_header);
    t.columns = vec![Column::number(period.label()), Column::number(prev.label())];
    for c in &pn.cells {
        let b = pb
            .cells
            .iter()
            .find(|x| x.key == c.key)
            .map_or(CellValue::Missing, |x| ctx.cell(ind, &x.value, false));
        t.rows.push(Row::new(
            c.key.label(),
            vec![ctx.cell(ind, &c.value, false), b],
        ));
    }
    Ok(t)
}

/// The key figure section with its tables and charts, for `period` (a year
/// or a delår), months up to `months_upto`.
fn key_figure_sections(
    ctx: &mut Ctx<'_>,
    period: &Period,
    year: i16,
    months_upto: u8,
    prognosis: Option<&Period>,
) -> Result<Vec<Section>, ReportError> {
    let mut out = Vec::new();
    let mut s = Section::new("Nyckeltal", 1);
    s.push(headline(ctx, period)?);
    let all: Vec<IndicatorId> = computed_indicators().map(|i| i.id).collect();
    s.push(Block::Table(key_figure_table(
        ctx,
        "nyckeltal",
        &format!(
            "Nyckeltal {} jämfört med {}",
            period.label(),
            period.previous_year().label()
        ),
        period,
        &all,
        prognosis,
    )?));
    out.push(s);

    let mut s = Section::new("Aktualiseringar", 2);
    let (t, chart) = monthly_flow(ctx, I::Aktualiseringar, period)?;
    s.push(Block::Chart(chart));
    s.push(Block::Table(t));
    s.push(Block::Table(category_table(
        ctx,
        I::Aktualiseringar,
        period,
        Breakdown::ReporterCategory,
        (
            "aktualiseringar-per-anmalare",
            "Aktualiseringar per anmälarkategori",
            "Anmälare",
        ),
        &|_| true,
    )?));
    s.push(Block::Table(category_table(
        ctx,
        I::Aktualiseringar,
        period,
        Breakdown::ReportKind,
        ("aktualiseringar-per-typ", "Aktualiseringar per typ", "Typ"),
        &|_| true,
    )?));
    let mut concern = overlapping_table(
        ctx,
        I::Aktualiseringar,
        period,
        Breakdown::Concern,
        "aktualiseringar-per-orsak",
        "Aktualiseringar per orsak",
        "Orsak",
    )?;
    concern.notes.push(
        "En aktualisering kan ha flera orsaker och räknas då under var och en: raderna summeras inte till antalet aktualiseringar.".into(),
    );
    s.push(Block::Table(concern));
    out.push(s);

    let mut s = Section::new("Utredningar", 2);
    let (t, chart) = monthly_flow(ctx, I::InleddaUtredningar, period)?;
    s.push(Block::Chart(chart));
    s.push(Block::Table(t));
    out.push(s);

    let mut s = Section::new("Placeringar och insatser", 2);
    s.push(Block::Chart(monthly_stock_chart(
        ctx,
        I::PlaceradeBarn,
        year,
        months_upto,
    )?));
    s.push(Block::Table(category_table(
        ctx,
        I::Varddygn,
        period,
        Breakdown::InterventionKind,
        (
            "varddygn-per-placeringsform",
            "Vårddygn per placeringsform",
            "Placeringsform",
        ),
        &|k| matches!(k, Key::Intervention(i) if i.is_placement()),
    )?));
    s.push(Block::Table(overlapping_table(
        ctx,
        I::OppenvardPagaende,
        period,
        Breakdown::Provider,
        "oppenvard-per-regi",
        "Pågående öppenvårdsinsatser per regi",
        "Regi",
    )?));
    out.push(s);
    Ok(out)
}

// ---------------------------------------------------------------------------
// Goals

/// The indicator table of a goal, in the shape of the seeds' goal tables.
fn goal_indicator_table(
    ctx: &mut Ctx<'_>,
    goal: &Goal,
    period: &Period,
    prognosis: Option<&Period>,
) -> Result<Option<ReportTable>, ReportError> {
    if goal.indicators.is_empty() {
        return Ok(None);
    }
    let prev = period.previous_year();
    let mut t = ReportTable::new(
        format!("mal-{}-indikatorer", goal.id),
        format!("Indikatorer: {}", goal.title),
        "Indikator",
    );
    t.columns = vec![
        Column::number("Periodens utfall"),
        Column::number("Utfall pojkar"),
        Column::number("Utfall flickor"),
        Column::number(format!("Utfall {}", prev.label())),
    ];
    if prognosis.is_some() {
        t.columns.push(Column::number("Prognos helår"));
    }
    t.columns.extend([
        Column::number("Årsmål"),
        Column::number("KF:s mål"),
        Column::text("Period"),
    ]);
    let mut unknown_note = false;
    for gi in &goal.indicators {
        let (name, figs, before, percent, dec) = goal_indicator_figures(ctx, gi, period, &prev)?;
        if figs.unknown.value().is_some_and(|v| v != 0.0) {
            unknown_note = true;
        }
        let mut cells = vec![figs.total, figs.boys, figs.girls, before];
        if let Some(year) = prognosis {
            cells.push(match gi.indicator.indicator() {
                Some(id) => prognosis_cell(ctx, id, year),
                None => CellValue::Empty,
            });
        }
        cells.push(ctx.target_cell(gi.annual_target.as_ref(), percent, dec));
        cells.push(ctx.target_cell(gi.council_target.as_ref(), percent, dec));
        cells.push(CellValue::text(period.label()));
        t.rows.push(Row::new(name, cells));
    }
    if unknown_note {
        t.notes
            .push("Periodens utfall omfattar även barn och unga med okänt kön.".into());
    }
    Ok(Some(t))
}

type Figures = (String, GenderFigures, CellValue, bool, u8);

fn goal_indicator_figures(
    ctx: &mut Ctx<'_>,
    gi: &GoalIndicator,
    period: &Period,
    prev: &Period,
) -> Result<Figures, ReportError> {
    let missing = || GenderFigures {
        total: CellValue::Missing,
        boys: CellValue::Missing,
        girls: CellValue::Missing,
        unknown: CellValue::Missing,
    };
    match &gi.indicator {
        IndicatorRef::Computed(id) if id.info().source == tillit_followup::Source::Computed => {
            let figs = ctx.gender_figures(*id, period, true)?;
            let before = ctx.total(*id, prev, true)?;
            Ok((
                id.info().name.to_string(),
                figs,
                before,
                id.info().unit == MeasureUnit::Procent,
                decimals(*id),
            ))
        }
        other => {
            let code = other.code();
            let Some(series) = ctx.manual_series(code) else {
                return Ok((code.to_string(), missing(), CellValue::Missing, false, 0));
            };
            let percent = series.unit == MeasureUnit::Procent;
            let figs = ctx
                .manual_figures(&series, period, true)
                .map_or_else(missing, |(g, _)| g);
            let before = ctx
                .manual_figures(&series, prev, true)
                .map_or(CellValue::Missing, |(g, _)| g.total);
            Ok((series.name.clone(), figs, before, percent, 1))
        }
    }
}

fn assessment_blocks(
    ctx: &Ctx<'_>,
    goal: &Goal,
    period: &Period,
    comment_label: &str,
) -> Vec<Block> {
    let mut out = Vec::new();
    match goal.assessment_for(period) {
        Some(a) => {
            out.push(Block::Status {
                status: a.status,
                detail: format!(
                    "Bedömning för {} av {}, {}",
                    a.period.label(),
                    ctx.input.names.user(a.set_by),
                    a.set_at.to_zoned(jiff::tz::TimeZone::UTC).date()
                ),
            });
            if !a.analysis.trim().is_empty() {
                out.push(Block::labelled(comment_label, a.analysis.clone()));
            }
        }
        None => out.push(Block::Status {
            status: GoalStatus::IngenBedomning,
            detail: format!("Ingen bedömning är gjord för {}.", period.label()),
        }),
    }
    out
}

fn activity_blocks(goal: &Goal) -> Vec<Block> {
    if goal.activities.is_empty() {
        return Vec::new();
    }
    let mut t = ReportTable::new(
        format!("mal-{}-aktiviteter", goal.id),
        format!("Aktiviteter: {}", goal.title),
        "Aktivitet",
    );
    t.columns = vec![
        Column::text("Startdatum"),
        Column::text("Slutdatum"),
        Column::text("Avvikelse"),
    ];
    let mut out = Vec::new();
    for a in &goal.activities {
        let date = |d: Option<Date>| d.map_or(CellValue::Empty, CellValue::Date);
        t.rows.push(Row::new(
            a.title.clone(),
            vec![
                date(a.start),
                date(a.end),
                if a.deviation.trim().is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(a.deviation.clone())
                },
            ],
        ));
    }
    out.push(Block::Table(t));
    for a in goal
        .activities
        .iter()
        .filter(|a| !a.analysis.trim().is_empty())
    {
        out.push(Block::labelled(
            format!("Analys: {}", a.title),
            a.analysis.clone(),
        ));
    }
    out
}

fn goal_sections(
    ctx: &mut Ctx<'_>,
    node: &GoalNode<'_>,
    number: &str,
    depth: u8,
    period: &Period,
    prognosis: Option<&Period>,
    out: &mut Vec<Section>,
) -> Result<(), ReportError> {
    let g = node.goal;
    let mut s = Section::new(format!("{number} {}", g.title.trim()), depth);
    s.push(Block::note(format!(
        "{}, planperiod {}",
        g.level.label(),
        g.plan_period.label()
    )));
    if !g.description.trim().is_empty() {
        s.push(Block::labelled("Beskrivning", g.description.clone()));
    }
    if !g.expected_result.trim().is_empty() {
        s.push(Block::labelled(
            "Förväntat resultat",
            g.expected_result.clone(),
        ));
    }
    if g.level != GoalLevel::KfInriktningsmal
        || !g.indicators.is_empty()
        || !g.assessments.is_empty()
    {
        s.blocks.extend(assessment_blocks(ctx, g, period, "Analys"));
    }
    if let Some(t) = goal_indicator_table(ctx, g, period, prognosis)? {
        s.push(Block::Table(t));
    }
    s.blocks.extend(activity_blocks(g));
    out.push(s);
    for (i, c) in node.children.iter().enumerate() {
        let n = if number.ends_with('.') {
            format!("{number}{}", i + 1)
        } else {
            format!("{number}.{}", i + 1)
        };
        goal_sections(ctx, c, &n, (depth + 1).min(4), period, prognosis, out)?;
    }
    Ok(())
}

fn goals_chapter(
    ctx: &mut Ctx<'_>,
    heading: &str,
    year: i16,
    period: &Period,
    prognosis: Option<&Period>,
) -> Result<Vec<Section>, ReportError> {
    let mut out = Vec::new();
    let mut head = Section::new(heading, 1);
    let goals = ctx.input.goals;
    let forest = tree_for_year(goals, year, ctx.input.unit);
    if forest.is_empty() {
        head.push(missing_note(&format!(
            "inga mål är registrerade för {year}."
        )));
        out.push(head);
        return Ok(out);
    }
    head.push(Block::paragraph(format!(
        "Målen följs upp från kommunfullmäktiges inriktningsmål via nämndens mål till enhetens mål. Status är en bedömning av ansvarig chef; tabellerna visar siffrorna för {} som bedömningen stöder sig på.",
        period.label()
    )));
    out.push(head);
    for (i, root) in forest.iter().enumerate() {
        goal_sections(
            ctx,
            root,
            &format!("{}.", i + 1),
            2,
            period,
            prognosis,
            &mut out,
        )?;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Manual series sections

/// A table of manual series for `period` (only those with values), or a
/// "uppgifter saknas" note.
fn manual_block(
    ctx: &mut Ctx<'_>,
    id: &str,
    caption: &str,
    codes: &[&str],
    period: &Period,
) -> Block {
    let prev = period.previous_year();
    let mut t = ReportTable::new(id, caption, "Mått");
    t.columns = vec![
        Column::number(format!("Utfall {}", period.label())),
        Column::number("Pojkar/män"),
        Column::number("Flickor/kvinnor"),
        Column::number(format!("Utfall {}", prev.label())),
        Column::text("Införd av"),
    ];
    let mut names = Vec::new();
    for code in codes {
        let Some(series) = ctx.manual_series(code) else {
            continue;
        };
        names.push(series.name.clone());
        let Some((figs, mt)) = ctx.manual_figures(&series, period, true) else {
            continue;
        };
        let before = ctx
            .manual_figures(&series, &prev, true)
            .map_or(CellValue::Missing, |(g, _)| g.total);
        let who = mt
            .provenance
            .iter()
            .max_by_key(|p| p.entered_at)
            .map(|p| {
                format!(
                    "{} {}",
                    ctx.input.names.user(p.entered_by),
                    p.entered_at.to_zoned(jiff::tz::TimeZone::UTC).date()
                )
            })
            .unwrap_or_default();
        t.rows.push(Row::new(
            series.name.clone(),
            vec![
                figs.total,
                figs.boys,
                figs.girls,
                before,
                CellValue::Text(who),
            ],
        ));
    }
    if t.rows.is_empty() {
        return missing_note(&format!(
            "inga värden är införda för {} ({}).",
            period.label(),
            names.join(", ").to_lowercase()
        ));
    }
    t.notes
        .push("Införda för hand. * = uppskattat värde.".into());
    Block::Table(t)
}

fn narrative_or_missing(text: &Option<String>, what: &str) -> Block {
    match text {
        Some(t) if !t.trim().is_empty() => Block::paragraph(t.clone()),
        _ => missing_note(what),
    }
}

// ---------------------------------------------------------------------------
// Reports

/// Verksamhetsberättelse for `year` (shaped like seed 004): summary, goal
/// follow-up with indicator tables, key figures with charts, economy,
/// internal control, quality work, staff, definitions.
pub fn verksamhetsberattelse(input: &ReportInput<'_>, year: i16) -> Result<Document, ReportError> {
    let period = Period::year(year)?;
    let mut ctx = Ctx::new(input);
    let mut sections = Vec::new();

    let mut s = Section::new("Sammanfattande analys", 1);
    s.push(publication_note(&ctx));
    s.push(narrative_or_missing(
        &input.narrative.summary,
        "ingen sammanfattande analys är skriven. Årets siffror i korthet följer.",
    ));
    s.push(auto_summary(&mut ctx, &period)?);
    sections.push(s);

    sections.extend(goals_chapter(
        &mut ctx,
        "Uppföljning av mål",
        year,
        &period,
        None,
    )?);
    sections.extend(key_figure_sections(&mut ctx, &period, year, 12, None)?);

    let mut s = Section::new("Ekonomi", 1);
    s.push(narrative_or_missing(
        &input.narrative.economy,
        "ingen analys av ekonomin är skriven. Resultaträkningen nedan är beräknad ur budget och inläst utfall.",
    ));
    s.blocks.extend(crate::economy::economy_blocks(
        &mut ctx, year, None, &period, true,
    ));
    sections.push(s);

    let mut s = Section::new("Bedömning av intern kontroll", 1);
    s.push(narrative_or_missing(
        &input.narrative.internal_control,
        "ingen bedömning av den interna kontrollen är införd.",
    ));
    for block in internal_control_blocks(input, year) {
        s.push(block);
    }
    sections.push(s);

    let mut s = Section::new("Kvalitetsarbete", 1);
    s.push(narrative_or_missing(
        &input.narrative.quality_work,
        "synpunkter, klagomål, lex Sarah och egenkontroller är inte införda.",
    ));
    for kind in RegisterKind::all().filter(|k| k.in_quality_sections()) {
        s.push(register_table(&ctx, input, kind, year));
    }
    s.push(manual_block(
        &mut ctx,
        "brukarundersokning",
        "Brukarundersökning",
        &["brukarundersokning_andel_nojda", "nki"],
        &period,
    ));
    s.push(manual_block(
        &mut ctx,
        "samverkan",
        "Samordnad individuell plan och allvarssamtal",
        &[
            "sip_moten",
            "sip_nya_planer",
            "sip_sammankallade_av_oss",
            "allvarssamtal_inom_48_timmar",
            "besok_placerade_barn",
        ],
        &period,
    ));
    sections.push(s);

    let mut s = Section::new("Service och myndighetsutövning", 1);
    s.push(Block::paragraph(
        "Avslutade ärenden under året: serviceinsatser (råd och stöd utan utredning och beslut) och myndighetsutövning (avslutade utredningar och förhandsbedömningar som inte ledde till utredning).",
    ));
    for block in service_and_authority(&ctx, input, year) {
        s.push(block);
    }
    for block in crate::service::service_blocks(input, year, ctx.threshold()) {
        s.push(block);
    }
    sections.push(s);

    if let Some(s) = crate::assistance_section::assistance_chapter(input, &period) {
        sections.push(s);
    }

    let mut s = Section::new("Personal", 1);
    s.push(narrative_or_missing(
        &input.narrative.staff,
        "ingen text om personal och arbetsmiljö är skriven.",
    ));
    s.push(manual_block(
        &mut ctx,
        "personal",
        "Personalmått",
        &[
            "sjukfranvaro",
            "korttidssjukfranvaro",
            "overtid_timmar",
            "timanstallda_arsarbetare",
            "sommarjobb",
        ],
        &period,
    ));
    sections.push(s);

    let title = format!("Verksamhetsberättelse {year}");
    Ok(document(
        &ctx,
        ReportKind::Verksamhetsberattelse,
        title,
        &period,
        sections,
    ))
}

/// Delårsrapport `part` (1: januari-april, 2: januari-augusti) of `year`
/// (shaped like seed 001): summary, goals and commitments with the period's
/// follow-up, key figures against the same period last year with the year's
/// prognosis (manual series `prognos_<indicator>`), economy.
pub fn delarsrapport(
    input: &ReportInput<'_>,
    year: i16,
    part: u8,
) -> Result<Document, ReportError> {
    let period = Period::interim(year, part)?;
    let year_period = Period::year(year)?;
    let mut ctx = Ctx::new(input);
    let mut sections = Vec::new();
    let mut s = Section::new("Sammanfattning", 1);
    s.push(publication_note(&ctx));
    s.push(narrative_or_missing(
        &input.narrative.summary,
        "ingen sammanfattning är skriven. Periodens siffror i korthet följer.",
    ));
    s.push(auto_summary(&mut ctx, &period)?);
    sections.push(s);
    sections.extend(goals_chapter(
        &mut ctx,
        "Uppföljning av mål och åtaganden",
        year,
        &period,
        Some(&year_period),
    )?);
    sections.extend(key_figure_sections(
        &mut ctx,
        &period,
        year,
        part * 4,
        Some(&year_period),
    )?);
    if let Some(s) = crate::assistance_section::assistance_chapter(input, &period) {
        sections.push(s);
    }
    let mut s = Section::new("Ekonomi", 1);
    s.push(narrative_or_missing(
        &input.narrative.economy,
        "ingen analys av ekonomin är skriven. Utfall, budget, prognos och avvikelse nedan är beräknade.",
    ));
    s.blocks.extend(crate::economy::economy_blocks(
        &mut ctx,
        year,
        tillit_domain::economy::ForecastPoint::of_interim(part),
        &period,
        true,
    ));
    sections.push(s);
    let title = format!("Delårsrapport {part} {year}");
    Ok(document(
        &ctx,
        ReportKind::Delarsrapport,
        title,
        &period,
        sections,
    ))
}

/// Kvalitetsberättelse for `year` (the four perspectives of seed 002): for
/// each perspective its registers (figures) and its goals with status
/// symbol, description and the manager's comment.
pub fn kvalitetsberattelse(input: &ReportInput<'_>, year: i16) -> Result<Document, ReportError> {
    let period = Period::year(year)?;
    let mut ctx = Ctx::new(input);
    let mut sections = Vec::new();
    let mut s = Section::new("Inledning", 1);
    s.push(publication_note(&ctx));
    s.push(Block::paragraph(
        "Kvaliteten redovisas ur fyra perspektiv. Målens status är ansvarig chefs bedömning: ● uppfyllt, ◐ delvis uppfyllt, ○ ej uppfyllt, – ingen bedömning.",
    ));
    s.push(Block::List {
        items: Perspective::ALL
            .iter()
            .map(|p| format!("{}: {}", p.label(), p.question()))
            .collect(),
    });
    let forest = tree_for_year(input.goals, year, input.unit);
    let goals: Vec<&Goal> = forest.iter().flat_map(|n| n.walk()).collect();
    let perspective_of = |g: &Goal| g.perspective.unwrap_or(Perspective::Verksamhet);
    if goals.is_empty() {
        s.push(missing_note(&format!(
            "inga mål är registrerade för {year}."
        )));
    } else {
        let mut t = ReportTable::new("malstatus", format!("Målens status {year}"), "Mål");
        t.columns = vec![
            Column::text("Perspektiv"),
            Column::text("Nivå"),
            Column::text("Status"),
        ];
        for p in Perspective::ALL {
            for g in goals.iter().filter(|g| perspective_of(g) == p) {
                t.rows.push(Row::new(
                    g.title.clone(),
                    vec![
                        CellValue::text(p.label()),
                        CellValue::text(g.level.label()),
                        CellValue::Status(g.status_for(&period)),
                    ],
                ));
            }
        }
        s.push(Block::Table(t));
    }
    sections.push(s);

    for p in Perspective::ALL {
        let mut s = Section::new(p.label(), 1);
        s.push(Block::paragraph(p.question()));
        match p {
            Perspective::Medborgare => {
                s.push(manual_block(
                    &mut ctx,
                    "medborgare-brukarundersokning",
                    "Brukarundersökning",
                    &["brukarundersokning_andel_nojda", "nki"],
                    &period,
                ));
                s.push(narrative_or_missing(
                    &input.narrative.quality_work,
                    "synpunkter (beröm, klagomål, förbättringsförslag) är inte införda.",
                ));
            }
            Perspective::Verksamhet => {
                let inds = [
                    I::ForhandsbedomningInom14Dagar,
                    I::UtredningarInom4Man,
                    I::UtredningstidMedian,
                    I::ForsenadeUtredningar,
                    I::OvervagandenITid,
                    I::TryggaPlaceringar,
                    I::Sammanbrott,
                    I::EjAteraktualiserade12Man,
                    I::OmedelbaraOmhandertaganden,
                    I::EjVerkstalldaBeslut,
                ];
                s.push(Block::Table(key_figure_table(
                    &mut ctx,
                    "verksamhet-register",
                    &format!("Kvalitetsmått {year}"),
                    &period,
                    &inds,
                    None,
                )?));
            }
            Perspective::Arbetsgivare => {
                s.push(manual_block(
                    &mut ctx,
                    "arbetsgivare-personal",
                    "Personalmått",
                    &[
                        "sjukfranvaro",
                        "korttidssjukfranvaro",
                        "overtid_timmar",
                        "timanstallda_arsarbetare",
                    ],
                    &period,
                ));
            }
            Perspective::Ekonomi => {
                s.push(Block::Table(key_figure_table(
                    &mut ctx,
                    "ekonomi-volymer",
                    &format!("Volymer {year}"),
                    &period,
                    &[
                        I::Varddygn,
                        I::Arsplaceringar,
                        I::PlaceradeBarn,
                        I::OppenvardPagaende,
                    ],
                    None,
                )?));
                s.push(narrative_or_missing(
                    &input.narrative.economy,
                    "ingen analys av ekonomin är skriven. Resultaträkningen nedan är beräknad ur budget och inläst utfall.",
                ));
                s.blocks.extend(crate::economy::economy_blocks(
                    &mut ctx, year, None, &period, false,
                ));
            }
        }
        sections.push(s);
        for g in goals.iter().filter(|g| perspective_of(g) == p) {
            let mut gs = Section::new(format!("Mål: {}", g.title.trim()), 2);
            gs.blocks.extend(assessment_blocks(
                &ctx,
                g,
                &period,
                "Enhetschefens kommentar",
            ));
            if !g.description.trim().is_empty() {
                gs.push(Block::labelled("Beskrivning av mål", g.description.clone()));
            }
            if let Some(t) = goal_indicator_table(&mut ctx, g, &period, None)? {
                gs.push(Block::Table(t));
            }
            sections.push(gs);
        }
    }
    let mut s = Section::new("Avvikelser och lex Sarah", 1);
    s.push(Block::paragraph(
        "Rapporter om missförhållanden (27 kap. SoL) och avvikelser som registrerats under året, per kategori, ur registren i Tillit.",
    ));
    for kind in RegisterKind::all().filter(|k| k.in_quality_sections()) {
        s.push(register_table(&ctx, input, kind, year));
    }
    sections.push(s);
    let mut s = Section::new("Egenkontroll av dokumentation", 1);
    s.push(Block::paragraph(
        "Ett slumpmässigt urval av akter per enhet har granskats mot en checklista enligt Socialstyrelsens föreskrifter om dokumentation (SOSFS 2014:5).",
    ));
    s.push(self_audit_table(&ctx, input, year));
    if let Some(trend) = self_audit_trend(&ctx, input, year) {
        s.push(trend);
    }
    sections.push(s);
    let title = format!("Kvalitetsberättelse {year}");
    Ok(document(
        &ctx,
        ReportKind::Kvalitetsberattelse,
        title,
        &period,
        sections,
    ))
}
