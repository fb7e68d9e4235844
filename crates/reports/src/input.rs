//! What a report builder is given.

use crate::model::Publication;
use std::collections::HashMap;
use tillit_domain::register::RegisterKind;
use tillit_domain::{CaseId, UnitId, UserId};
use tillit_followup::Facts;
use tillit_followup::goals::Goal;
use tillit_followup::manual::{ManualSeries, ManualValue};

/// Names the facts do not hold. Anything not named is shown by id ("Enhet
/// 3", "Delegat 12") and cases by a short reference made from the case id.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub units: HashMap<UnitId, String>,
    /// Staff (delegates, whoever assessed a goal or entered a figure).
    pub users: HashMap<UserId, String>,
    /// The case's reference (diarienummer) as the committee knows it.
    pub case_refs: HashMap<CaseId, String>,
    /// Categories added to a register's built-in list, by (register, code):
    /// their names (incident categories the administrator added).
    pub categories: HashMap<(RegisterKind, String), String>,
}

impl Names {
    pub fn unit(&self, id: UnitId) -> String {
        self.units
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Enhet {id}"))
    }

    pub fn user(&self, id: UserId) -> String {
        self.users
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Användare {id}"))
    }

    /// The case's reference, or `Ä-` and the first 8 hex digits of its id
    /// (upper case): a stable reference that names nobody.
    pub fn case_ref(&self, id: CaseId) -> String {
        self.case_refs.get(&id).cloned().unwrap_or_else(|| {
            let hex = id.0.simple().to_string().to_uppercase();
            format!("Ä-{}", &hex[..8.min(hex.len())])
        })
    }
}

/// Texts a person writes for a report. A text not given is printed as
/// "Uppgifter saknas" in its section: nothing is invented.
#[derive(Clone, Debug, Default)]
pub struct Narrative {
    /// Sammanfattande analys.
    pub summary: Option<String>,
    /// Ekonomi.
    pub economy: Option<String>,
    /// Bedömning av intern kontroll.
    pub internal_control: Option<String>,
    /// Kvalitetsarbete (synpunkter, lex Sarah, egenkontroll).
    pub quality_work: Option<String>,
    /// Personal och arbetsmiljö.
    pub staff: Option<String>,
}

/// A register's record as the reports count it (no person, no text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterRecord {
    pub register: RegisterKind,
    pub unit: UnitId,
    pub opened_on: jiff::civil::Date,
    pub category: Option<String>,
    /// The register's status code.
    pub status: String,
    pub serious: bool,
    pub closed: bool,
    pub closed_on: Option<jiff::civil::Date>,
    /// Reported to a supervising authority (Lex Sarah: IVO).
    pub reported_externally: bool,
    pub measures: u32,
    pub measures_done: u32,
    /// The person's gender and age band (service matters), else `None`.
    pub gender: Option<tillit_domain::catalog::Gender>,
    pub age_band: Option<String>,
}

/// A risk of the internal control plan, as its appendix prints it (no
/// person is in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlRow {
    pub unit: UnitId,
    pub year: i16,
    /// The area's label.
    pub area: String,
    pub risk: String,
    /// 1-4 each.
    pub likelihood: u8,
    pub consequence: u8,
    pub control: String,
    /// The frequency's label.
    pub frequency: String,
    pub responsible: String,
    /// The status's label.
    pub status: String,
    /// Controls carried out, and of them with a deviation.
    pub controls: usize,
    pub deviations: usize,
}

/// One checklist item of a self-audit of documentation, as the reports
/// count it: how many sampled case files were answered yes, no and not
/// applicable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfAuditItem {
    /// The item's code (`basis`, `consent`, ...).
    pub code: String,
    /// The question, in Swedish.
    pub text: String,
    pub yes: u32,
    pub no: u32,
    pub not_applicable: u32,
}

/// A self-audit's answers (no case, no person): its unit, when its sample
/// was drawn (the year it counts in) and the counts per item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelfAuditResult {
    pub unit: UnitId,
    pub drawn_on: jiff::civil::Date,
    pub checklist_version: u32,
    /// Case files answered.
    pub answered: u32,
    pub items: Vec<SelfAuditItem>,
}

/// Everything a report is built from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInput<'a> {
    pub facts: &'a Facts,
    /// e.g. "Demokommunen".
    pub municipality: &'a str,
    /// e.g. "Socialnämnden".
    pub committee: &'a str,
    /// One unit, or `None` for the whole committee area.
    pub unit: Option<UnitId>,
    pub names: &'a Names,
    /// Every goal (all plan periods); the builders pick those active in the
    /// report's year.
    pub goals: &'a [Goal],
    /// Manual series defined; the catalogue's manual indicators and
    /// [`tillit_followup::manual::standard_series`] are known without being
    /// listed here.
    pub manual_series: &'a [ManualSeries],
    pub manual_values: &'a [ManualValue],
    pub narrative: &'a Narrative,
    /// Every register's records (all years; the builders count the
    /// report's year).
    pub registers: &'a [RegisterRecord],
    /// The internal control plans (all years; the builders pick the
    /// report's).
    pub controls: &'a [ControlRow],
    /// Every self-audit's answers per item (all years; the builders count
    /// the report's year).
    pub self_audits: &'a [SelfAuditResult],
    /// The economy: structure, outcome, budgets, forecasts, providers and
    /// placements (empty: the economy tables say "Uppgifter saknas").
    pub economy: &'a crate::economy::EconomyInput,
    pub publication: Publication,
    /// Every household of economic assistance (all years; the builders
    /// count the report's period and unit).
    pub assistance: &'a [tillit_domain::register::assistance::Household],
}

impl<'a> ReportInput<'a> {
    /// Input with only the facts: no goals, manual values or texts,
    /// published with the default threshold.
    pub fn new(facts: &'a Facts) -> Self {
        static NAMES: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
        static ECONOMY: std::sync::OnceLock<crate::economy::EconomyInput> =
            std::sync::OnceLock::new();
        static NARRATIVE: Narrative = Narrative {
            summary: None,
            economy: None,
            internal_control: None,
            quality_work: None,
            staff: None,
        };
        Self {
            facts,
            municipality: "",
            committee: "Socialnämnden",
            unit: None,
            names: NAMES.get_or_init(Names::default),
            goals: &[],
            manual_series: &[],
            manual_values: &[],
            narrative: &NARRATIVE,
            registers: &[],
            controls: &[],
            self_audits: &[],
            economy: ECONOMY.get_or_init(Default::default),
            publication: Publication::published(),
            assistance: &[],
        }
    }
}
