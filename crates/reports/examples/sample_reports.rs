//! Render every report of the demo municipality, in every format, into a
//! directory (default `target/reports`), with a small goal tree and a
//! manual series so that every section has something to show:
//!
//! ```text
//! cargo run -p tillit-reports --example sample_reports [-- DIR]
//! ```

use jiff::Timestamp;
use jiff::civil::date;
use tillit_domain::UserId;
use tillit_followup::IndicatorId;
use tillit_followup::goals::*;
use tillit_followup::manual::ManualValue;
use tillit_reports::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/reports".into());
    std::fs::create_dir_all(&dir)?;
    let data = tillit_demo::generate(
        &tillit_demo::DemoConfig::new(42, date(2026, 11, 23)),
        &mut |_, _| {},
    );
    let facts = tillit_followup::Facts::from_cases(
        &data.persons,
        data.cases
            .iter()
            .map(|c| (c.id, c.events.iter().map(|e| (e.occurred_on, &e.event)))),
    );
    let mut names = Names::default();
    for u in &data.units {
        names.units.insert(u.id, u.name.to_string());
    }
    for u in &data.users {
        names.users.insert(u.id, u.display_name.clone());
    }
    let plan: PlanPeriod = "2025-2026".parse()?;
    let year: tillit_followup::Period = "2025".parse()?;
    let at = Timestamp::from_second(1_768_000_000)?;
    let mut kf = Goal::new(
        GoalId(1),
        GoalLevel::KfInriktningsmal,
        None,
        plan,
        "En trygg uppväxt för alla barn",
    );
    kf.perspective = Some(Perspective::Medborgare);
    let kfm = Goal::new(
        GoalId(2),
        GoalLevel::KfMal,
        Some(GoalId(1)),
        plan,
        "Barn och unga i behov av stöd får insatser i tid",
    );
    let mut nm = Goal::new(
        GoalId(3),
        GoalLevel::Namndmal,
        Some(GoalId(2)),
        plan,
        "Utredningar blir klara inom lagstadgad tid",
    );
    nm.description = "Nämnden följer handläggningstiderna varje månad.".into();
    nm.expected_result = "Minst 90 % av utredningarna klara inom fyra månader.".into();
    nm.indicators = vec![
        GoalIndicator::computed(IndicatorId::UtredningarInom4Man)
            .with_annual_target(Target::Number(90.0))
            .with_council_target(Target::Text("tas fram av nämnd".into())),
        GoalIndicator::computed(IndicatorId::ForhandsbedomningInom14Dagar)
            .with_annual_target(Target::Number(100.0))
            .with_council_target(Target::Number(100.0)),
        GoalIndicator::manual("sjukfranvaro").with_annual_target(Target::Number(6.5)),
    ];
    nm.assessments.push(Assessment {
        status: GoalStatus::DelvisUppfyllt,
        analysis: "Andelen har ökat men når inte målet under årets intensiva perioder.".into(),
        set_by: data.users[0].id,
        set_at: at,
        period: year,
    });
    nm.activities.push(Activity {
        title: "Veckovis genomgång av utredningar som närmar sig fyra månader".into(),
        start: Some(date(2025, 1, 1)),
        end: Some(date(2025, 12, 31)),
        deviation: String::new(),
        analysis: "Genomförd enligt plan.".into(),
    });
    let goals = vec![kf, kfm, nm];
    let v = |g, x| ManualValue::new("sjukfranvaro", year, g, Some(x), UserId(1), at);
    let values = vec![
        v(None, 7.2),
        v(Some(tillit_domain::catalog::Gender::Male), 5.1),
        v(Some(tillit_domain::catalog::Gender::Female), 8.3),
    ];
    let mut input = ReportInput::new(&facts);
    input.municipality = data.municipality;
    input.names = &names;
    input.goals = &goals;
    input.manual_values = &values;
    let docs = [
        verksamhetsberattelse(&input, 2025)?,
        delarsrapport(&input, 2026, 2)?,
        kvalitetsberattelse(&input, 2025)?,
        delegationsbeslut(&input, date(2025, 5, 1), date(2025, 5, 31))?,
        ej_verkstallda_beslut(&input, 2025, 3)?,
    ];
    for doc in &docs {
        for f in OutputFormat::ALL {
            let path = format!("{dir}/{}", file_name(doc, f));
            std::fs::write(&path, render(doc, f)?)?;
            println!("{path}");
        }
    }
    let kolada = export::kolada_json(&input, 2025, "0000")?;
    std::fs::write(format!("{dir}/kolada-2025.json"), kolada)?;
    let rows = export::nuso_rows(&input, &tillit_followup::Period::year(2025)?);
    std::fs::write(format!("{dir}/nuso-2025.csv"), export::nuso_csv(&rows))?;
    std::fs::write(format!("{dir}/nuso-2025.xlsx"), export::nuso_xlsx(&rows)?)?;
    Ok(())
}
