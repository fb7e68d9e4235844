//! Reports that list decisions: delegationsbeslut for a committee meeting,
//! and the quarterly report of favourable decisions not executed within
//! three months (SoL 34 kap.).
//!
//! Both name cases by reference ([`crate::Names::case_ref`]), never by the
//! child's name or personnummer. The delegation list is a register of
//! decisions for the committee (anmälan av delegationsbeslut): it lists each
//! decision, so its counts are exact even in a published version. The
//! quarterly report's counts by intervention and gender are statistics and
//! are suppressed when published; its per-decision list (for IVO) is only in
//! the internal version. The lists follow the same rules as the
//! indicators `delegationsbeslut`, `ej_verkstallda_beslut` and
//! `sent_verkstallda_beslut`, so their counts equal the indicators'.
//!
//! A document that lists single decisions says so first
//! ([`Document::contents`]: a note at the top, and the first lines of the
//! CSV and of the Excel file), and names the children it lists
//! ([`Document::subjects`]) so that whoever shows or sends it can log a read
//! of each. Such lists are for those with a need for them (in Tillit the
//! unit manager of the unit), never for aggregate readers.

use crate::ReportError;
use crate::builders::as_of_date;
use crate::ctx::{Ctx, summed_table};
use crate::input::ReportInput;
use crate::model::{Block, CellValue, Column, Document, ReportKind, ReportTable, Row, Section};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashSet};
use tillit_domain::case::DecisionKind;
use tillit_domain::catalog::Gender;
use tillit_followup::day::{NO_DAY, date_of, day_number};
use tillit_followup::facts::DecisionFact;
use tillit_followup::{IndicatorId, Period};

/// What the delegation list contains, said first in every format.
pub const DELEGATION_CONTENTS: &str = "Uppgifter om enskilda: ett delegationsbeslut per rad, med ärendets diarienummer, beslutsdatum, beslutstyp (med insats, även placering) och lagrum. Omfattas av sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen och lämnas bara till den som behöver uppgifterna. Varje uttag loggas.";

/// What the internal list of ej verkställda beslut contains.
pub const UNEXECUTED_CONTENTS: &str = "Uppgifter om enskilda: varje gynnande beslut som inte har verkställts inom tre månader, ett per rad, med ärendets diarienummer, beslutsdatum, insats och kön. Omfattas av sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen; förteckningen lämnas till IVO. Varje uttag loggas.";

/// The children of `ds`, each once, with the case of their first decision.
fn subjects_of(
    input: &ReportInput<'_>,
    ds: &[&DecisionFact],
) -> Vec<(tillit_domain::PersonId, tillit_domain::CaseId)> {
    let facts = input.facts;
    let mut seen = HashSet::new();
    ds.iter()
        .filter(|d| seen.insert(d.person))
        .filter_map(|d| Some((facts.person_id(d.person)?, facts.case_id(d.case)?)))
        .collect()
}

/// A document listing single decisions: `contents` first, as a note at the
/// top and in [`Document::contents`], and the children listed.
fn listing(
    mut doc: Document,
    contents: &str,
    subjects: Vec<(tillit_domain::PersonId, tillit_domain::CaseId)>,
) -> Document {
    if let Some(first) = doc.sections.first_mut() {
        first.blocks.insert(0, Block::note(contents));
    }
    doc.contents = Some(contents.to_string());
    doc.subjects = subjects;
    doc
}

fn finish(
    ctx: &Ctx<'_>,
    kind: ReportKind,
    title: String,
    period: &Period,
    sections: Vec<Section>,
) -> Document {
    let input = ctx.input;
    let mut subtitle = Vec::new();
    if let Some(u) = input.unit {
        subtitle.push(input.names.unit(u));
    }
    if !input.committee.is_empty() {
        subtitle.push(input.committee.to_string());
    }
    if !input.municipality.is_empty() {
        subtitle.push(input.municipality.to_string());
    }
    Document {
        kind,
        title,
        subtitle: (!subtitle.is_empty()).then(|| subtitle.join(", ")),
        municipality: input.municipality.to_string(),
        unit: input.unit.map(|u| input.names.unit(u)),
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

fn unit_ok(input: &ReportInput<'_>) -> impl Fn(u16) -> bool + use<> {
    let filter = input
        .unit
        .map(|u| input.facts.unit_index(u).unwrap_or(u16::MAX));
    move |u| filter.is_none_or(|f| f == u)
}

fn day_date(d: i32) -> CellValue {
    date_of(d).map_or(CellValue::Missing, CellValue::Date)
}

fn decision_type(d: &DecisionFact) -> String {
    match (d.kind, d.intervention) {
        (DecisionKind::Intervention, Some(i)) => format!("Insats: {}", i.label()),
        (k, _) => k.label().to_string(),
    }
}

fn gender_index(g: Gender) -> usize {
    match g {
        Gender::Male => 0,
        Gender::Female => 1,
        Gender::Unknown => 2,
    }
}

/// Delegationsbeslut taken from `from` to `to` (both included), for the
/// committee: a count per delegate and decision type, and per delegate the
/// list of decisions by case reference, date, type and legal basis.
/// Decisions on interventions and "ingen åtgärd" count (LVU applications and
/// court decisions are not delegation decisions).
pub fn delegationsbeslut(
    input: &ReportInput<'_>,
    from: Date,
    to: Date,
) -> Result<Document, ReportError> {
    let period = Period::range(from, to)?;
    let mut ctx = Ctx::new(input);
    // Counted as the indicator counts them; noted for the definitions.
    let _ = ctx.table(
        IndicatorId::Delegationsbeslut,
        &period,
        tillit_followup::Breakdown::Total,
    )?;
    let facts = input.facts;
    let (ps, pe) = (day_number(from), day_number(to));
    let ok = unit_ok(input);
    let rows: Vec<&DecisionFact> = facts
        .decisions()
        .iter()
        .filter(|d| {
            (ps..=pe).contains(&d.decided)
                && matches!(d.kind, DecisionKind::Intervention | DecisionKind::NoMeasure)
                && ok(d.unit)
        })
        .collect();
    // Delegates by name; decisions by type, then date.
    let mut by_delegate: BTreeMap<(String, i64), Vec<&DecisionFact>> = BTreeMap::new();
    for d in &rows {
        let user = facts.user_id(d.delegate);
        let name = user.map_or_else(|| "Okänd delegat".to_string(), |u| input.names.user(u));
        by_delegate
            .entry((name, user.map_or(-1, |u| u.0)))
            .or_default()
            .push(d);
    }
    let types: Vec<String> = {
        let mut t: Vec<String> = rows.iter().map(|d| decision_type(d)).collect();
        t.sort();
        t.dedup();
        t
    };

    let mut sections = Vec::new();
    let mut s = Section::new("Sammanställning", 1);
    s.push(Block::paragraph(format!(
        "Beslut fattade på delegation {} – {}: {} beslut av {} delegater. Ärendena anges med diarienummer; inga namn eller personnummer redovisas. Listan förtecknar varje beslut; antalen är därför exakta.",
        from,
        to,
        rows.len(),
        by_delegate.len()
    )));
    if rows.is_empty() {
        // A real result, not a gap: the review must not flag it.
        s.push(Block::note(
            "Inga delegationsbeslut fattades under perioden.",
        ));
    } else {
        let mut t = ReportTable::new(
            "delegationsbeslut-per-delegat",
            "Antal beslut per delegat och beslutstyp",
            "Delegat",
        );
        t.columns = types.iter().map(Column::number).collect();
        t.columns.push(Column::number("Totalt"));
        let mut labels = Vec::new();
        let mut raw = Vec::new();
        let mut col_persons: Vec<HashSet<u32>> = vec![HashSet::new(); types.len() + 1];
        for ((name, _), ds) in &by_delegate {
            labels.push(name.clone());
            let mut r = Vec::new();
            for (c, ty) in types.iter().enumerate() {
                let of: Vec<&&DecisionFact> =
                    ds.iter().filter(|d| &decision_type(d) == ty).collect();
                let persons: HashSet<u32> = of.iter().map(|d| d.person).collect();
                col_persons[c].extend(&persons);
                r.push((of.len() as f64, persons.len() as u32));
            }
            let persons: HashSet<u32> = ds.iter().map(|d| d.person).collect();
            col_persons[types.len()].extend(&persons);
            r.push((ds.len() as f64, persons.len() as u32));
            raw.push(r);
        }
        let totals: Vec<u32> = col_persons.iter().map(|p| p.len() as u32).collect();
        // The list below names every decision, so its counts are not
        // suppressed: they are a register of decisions, not statistics
        // about persons.
        let mut exact = *input;
        exact.publication = crate::model::Publication::internal();
        let mut t = summed_table(&Ctx::new(&exact), t, labels, &raw, &totals, 0, true);
        for r in t.rows.iter_mut().chain(t.total_row.iter_mut()) {
            for c in &mut r.cells {
                if let CellValue::Number { persons, .. } = c {
                    *persons = None;
                }
            }
        }
        s.push(Block::Table(t));
    }
    sections.push(s);

    for ((name, _), ds) in &by_delegate {
        let mut s = Section::new(format!("Delegat: {name}"), 2);
        let mut ds = ds.clone();
        ds.sort_by_key(|d| (decision_type(d), d.decided));
        let mut t = ReportTable::new(
            format!("delegat-{}", sections.len()),
            format!("Beslut av {name}"),
            "Ärende",
        );
        t.columns = vec![
            Column::text("Beslutsdatum"),
            Column::text("Beslutstyp"),
            Column::text("Lagrum"),
        ];
        for d in ds {
            let case = facts
                .case_id(d.case)
                .map_or_else(|| "okänt ärende".to_string(), |c| input.names.case_ref(c));
            t.rows.push(Row::new(
                case,
                vec![
                    day_date(d.decided),
                    CellValue::Text(decision_type(d)),
                    CellValue::Text(d.legal_basis.label().to_string()),
                ],
            ));
        }
        s.push(Block::Table(t));
        sections.push(s);
    }
    let title = format!("Delegationsbeslut {from} – {to}");
    let doc = finish(
        &ctx,
        ReportKind::Delegationsbeslut,
        title,
        &period,
        sections,
    );
    Ok(listing(doc, DELEGATION_CONTENTS, subjects_of(input, &rows)))
}

/// Ej verkställda beslut for `quarter` (1-4) of `year` (SoL 34 kap.):
/// favourable decisions on interventions not executed within three months
/// of the decision as of the end of the quarter's last day (or the facts'
/// as-of day, if earlier), and those executed during the quarter more than
/// three months after the decision. Both by the one rule of
/// [`tillit_domain::deadline::executed_in_time`], through
/// [`DecisionFact::unexecuted_at_end_of`] and [`DecisionFact::executed_late`],
/// as the indicators count them. Counts by intervention and
/// gender; the per-decision list (case reference, dates, intervention, kön)
/// is included only in the internal version (for the report to IVO), not in
/// the published one.
pub fn ej_verkstallda_beslut(
    input: &ReportInput<'_>,
    year: i16,
    quarter: u8,
) -> Result<Document, ReportError> {
    let period = Period::quarter(year, quarter)?;
    let mut ctx = Ctx::new(input);
    let facts = input.facts;
    let ok = unit_ok(input);
    let (ps, pe) = (period.first_day(), period.last_day());
    let day = pe.min(facts.as_of());
    let not_executed: Vec<&DecisionFact> = if day >= ps {
        facts
            .decisions()
            .iter()
            .filter(|d| {
                d.is_reportable()
                    && d.decided <= day
                    && d.unexecuted_at_end_of(day)
                    && (d.case_closed == NO_DAY || d.case_closed > day)
                    && ok(d.unit)
            })
            .collect()
    } else {
        Vec::new()
    };
    let late: Vec<&DecisionFact> = facts
        .decisions()
        .iter()
        .filter(|d| {
            d.is_reportable()
                && d.executed_late()
                && ps <= d.executed
                && d.executed <= pe
                && ok(d.unit)
        })
        .collect();
    // Noted for the definitions; the lists follow their rules.
    let _ = ctx.table(
        IndicatorId::EjVerkstalldaBeslut,
        &period,
        tillit_followup::Breakdown::Total,
    )?;
    let _ = ctx.table(
        IndicatorId::SentVerkstalldaBeslut,
        &period,
        tillit_followup::Breakdown::Total,
    )?;

    let mut sections = Vec::new();
    let mut s = Section::new("Sammanställning", 1);
    s.push(Block::paragraph(format!(
        "Gynnande beslut om insatser enligt socialtjänstlagen som inte har verkställts inom tre månader från beslutsdagen ska rapporteras till Inspektionen för vård och omsorg (IVO) och till kommunfullmäktige varje kvartal. Rapporten avser {} och bygger på läget {}.",
        period.label(),
        date_of(day).map_or_else(|| "uppgift saknas".to_string(), |d| d.to_string())
    )));
    s.push(count_table(
        &ctx,
        "ej-verkstallda-per-insats",
        &format!(
            "Ej verkställda beslut vid kvartalets slut, {}",
            period.label()
        ),
        &not_executed,
    ));
    s.push(count_table(
        &ctx,
        "sent-verkstallda-per-insats",
        &format!(
            "Beslut verkställda efter mer än tre månader under {}",
            period.label()
        ),
        &late,
    ));
    sections.push(s);

    let mut s = Section::new("Beslut som inte har verkställts", 1);
    if input.publication.suppress {
        s.push(Block::note(
            "Förteckningen per beslut lämnas till IVO och redovisas inte i den publicerade versionen.",
        ));
    } else if not_executed.is_empty() {
        s.push(Block::note("Inga beslut."));
    } else {
        let mut t = ReportTable::new("ej-verkstallda-lista", "Ej verkställda beslut", "Ärende");
        t.columns = vec![
            Column::text("Beslutsdatum"),
            Column::text("Insats"),
            Column::text("Lagrum"),
            Column::text("Kön"),
            Column::number("Dagar sedan beslut"),
        ];
        for d in &not_executed {
            t.rows.push(list_row(
                input,
                d,
                vec![
                    day_date(d.decided),
                    CellValue::Text(decision_type(d)),
                    CellValue::Text(d.legal_basis.label().into()),
                    CellValue::Text(d.gender.label().into()),
                    CellValue::count(f64::from(day - d.decided)),
                ],
            ));
        }
        s.push(Block::Table(t));
    }
    sections.push(s);

    let mut s = Section::new("Beslut som har verkställts efter mer än tre månader", 1);
    if input.publication.suppress {
        s.push(Block::note(
            "Förteckningen per beslut lämnas till IVO och redovisas inte i den publicerade versionen.",
        ));
    } else if late.is_empty() {
        s.push(Block::note("Inga beslut."));
    } else {
        let mut t = ReportTable::new(
            "sent-verkstallda-lista",
            "Sent verkställda beslut",
            "Ärende",
        );
        t.columns = vec![
            Column::text("Beslutsdatum"),
            Column::text("Verkställt"),
            Column::text("Insats"),
            Column::text("Kön"),
            Column::number("Dagar till verkställighet"),
        ];
        for d in &late {
            t.rows.push(list_row(
                input,
                d,
                vec![
                    day_date(d.decided),
                    day_date(d.executed),
                    CellValue::Text(decision_type(d)),
                    CellValue::Text(d.gender.label().into()),
                    CellValue::count(f64::from(d.executed - d.decided)),
                ],
            ));
        }
        s.push(Block::Table(t));
    }
    sections.push(s);
    let title = format!("Ej verkställda beslut, kvartal {quarter} {year}");
    let doc = finish(
        &ctx,
        ReportKind::EjVerkstalldaBeslut,
        title,
        &period,
        sections,
    );
    if input.publication.suppress {
        // Counts only: statistics.
        return Ok(doc);
    }
    let listed: Vec<&DecisionFact> = not_executed.iter().chain(&late).copied().collect();
    Ok(listing(
        doc,
        UNEXECUTED_CONTENTS,
        subjects_of(input, &listed),
    ))
}

fn list_row(input: &ReportInput<'_>, d: &DecisionFact, cells: Vec<CellValue>) -> Row {
    let case = input
        .facts
        .case_id(d.case)
        .map_or_else(|| "okänt ärende".to_string(), |c| input.names.case_ref(c));
    Row::new(case, cells)
}

/// Decisions counted by intervention (rows) and gender (columns), with
/// totals, suppressed by distinct persons.
fn count_table(ctx: &Ctx<'_>, id: &str, caption: &str, ds: &[&DecisionFact]) -> Block {
    let mut types: Vec<String> = ds.iter().map(|d| decision_type(d)).collect();
    types.sort();
    types.dedup();
    let mut t = ReportTable::new(id, caption, "Insats");
    t.columns = vec![
        Column::number("Pojkar"),
        Column::number("Flickor"),
        Column::number("Okänt kön"),
        Column::number("Totalt"),
    ];
    if ds.is_empty() {
        t.rows
            .push(Row::new("Inga beslut", vec![CellValue::count(0.0); 4]));
        t.total_row = Some(Row::new("Totalt", vec![CellValue::count(0.0); 4]));
        return Block::Table(t);
    }
    let mut raw = Vec::new();
    let mut col_persons: Vec<HashSet<u32>> = vec![HashSet::new(); 4];
    for ty in &types {
        let of: Vec<&&DecisionFact> = ds.iter().filter(|d| &decision_type(d) == ty).collect();
        // Columns: pojkar, flickor, okänt (gender_index < 3), totalt (3).
        let mut r = vec![(0.0, HashSet::new()); 4];
        for d in &of {
            let g = gender_index(d.gender);
            r[g].0 += 1.0;
            r[g].1.insert(d.person);
            r[3].0 += 1.0;
            r[3].1.insert(d.person);
            col_persons[g].insert(d.person);
            col_persons[3].insert(d.person);
        }
        raw.push(r.into_iter().map(|(n, p)| (n, p.len() as u32)).collect());
    }
    let totals: Vec<u32> = col_persons.iter().map(|p| p.len() as u32).collect();
    Block::Table(summed_table(ctx, t, types, &raw, &totals, 0, true))
}
