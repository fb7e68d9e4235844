//! Breakdowns: how a figure is split (gender, age group, unit, ...), and the
//! keys of the cells.

use serde::Serialize;
use tillit_domain::case::LegalBasis;
use tillit_domain::catalog::{
    ConcernCategory, Gender, InterventionKind, ProviderKind, ReportKind, ReporterCategory,
};
use tillit_domain::{UnitId, UserId};

/// Age bands, e.g. 0-6, 7-12, 13-17, 18-20. At most 8 bands, each `from..=to`
/// in whole years; ages outside every band go to "övriga åldrar", unknown ages
/// (no birth date) to "okänd ålder".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct AgeBands {
    bands: [(u8, u8); 8],
    len: u8,
}

impl AgeBands {
    /// The bands for children and young people: 0-6, 7-12, 13-17, 18-20.
    pub const CHILDREN: AgeBands = AgeBands {
        bands: [
            (0, 6),
            (7, 12),
            (13, 17),
            (18, 20),
            (0, 0),
            (0, 0),
            (0, 0),
            (0, 0),
        ],
        len: 4,
    };

    /// Bands from `(from, to)` pairs (inclusive). `None` when there are none,
    /// more than 8, a band is reversed, or bands overlap.
    pub fn new(bands: &[(u8, u8)]) -> Option<AgeBands> {
        if bands.is_empty() || bands.len() > 8 {
            return None;
        }
        for (i, a) in bands.iter().enumerate() {
            if a.0 > a.1 {
                return None;
            }
            if bands[..i].iter().any(|b| a.0 <= b.1 && b.0 <= a.1) {
                return None;
            }
        }
        let mut out = [(0, 0); 8];
        out[..bands.len()].copy_from_slice(bands);
        Some(AgeBands {
            bands: out,
            len: bands.len() as u8,
        })
    }

    pub fn bands(&self) -> &[(u8, u8)] {
        &self.bands[..usize::from(self.len)]
    }

    /// The band index of an age: a band, `len` for other ages, `len + 1` for unknown.
    pub(crate) fn index(&self, age: u8) -> usize {
        if age == crate::day::UNKNOWN_AGE {
            return usize::from(self.len) + 1;
        }
        self.bands()
            .iter()
            .position(|(from, to)| *from <= age && age <= *to)
            .unwrap_or(usize::from(self.len))
    }

    /// The keys, in cell order.
    pub fn keys(&self) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bands()
            .iter()
            .map(|&(from, to)| Key::AgeGroup { from, to })
            .collect();
        keys.push(Key::AgeOther);
        keys.push(Key::AgeUnknown);
        keys
    }
}

impl Default for AgeBands {
    fn default() -> Self {
        Self::CHILDREN
    }
}

/// SoL or LVU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalGroup {
    Sol,
    Lvu,
    /// Not recorded (e.g. a placement without a decision and no LVU in force).
    Unknown,
}

impl LegalGroup {
    pub const ALL: [LegalGroup; 3] = [LegalGroup::Sol, LegalGroup::Lvu, LegalGroup::Unknown];

    pub fn of(basis: Option<LegalBasis>) -> LegalGroup {
        match basis {
            Some(b) if b.is_lvu() => LegalGroup::Lvu,
            Some(_) => LegalGroup::Sol,
            None => LegalGroup::Unknown,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Sol => "SoL",
            Self::Lvu => "LVU",
            Self::Unknown => "Uppgift saknas",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Self::Sol => "sol",
            Self::Lvu => "lvu",
            Self::Unknown => "okand",
        }
    }
}

/// What a breakdown splits by, without parameters (for the catalogue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownKind {
    Gender,
    AgeGroup,
    Unit,
    ReporterCategory,
    Concern,
    ReportKind,
    InterventionKind,
    LegalBasis,
    Provider,
    Delegate,
}

impl BreakdownKind {
    pub const ALL: [BreakdownKind; 10] = [
        Self::Gender,
        Self::AgeGroup,
        Self::Unit,
        Self::ReporterCategory,
        Self::Concern,
        Self::ReportKind,
        Self::InterventionKind,
        Self::LegalBasis,
        Self::Provider,
        Self::Delegate,
    ];

    /// Stable code, as URLs and file names use it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Gender => "kon",
            Self::AgeGroup => "alder",
            Self::Unit => "enhet",
            Self::ReporterCategory => "anmalare",
            Self::Concern => "orsak",
            Self::ReportKind => "typ",
            Self::InterventionKind => "insats",
            Self::LegalBasis => "lagrum",
            Self::Provider => "utforare",
            Self::Delegate => "beslutsfattare",
        }
    }

    /// The kind with this code (surrounding space and case ignored).
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(code))
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Gender => "Kön",
            Self::AgeGroup => "Åldersgrupp",
            Self::Unit => "Enhet",
            Self::ReporterCategory => "Anmälare",
            Self::Concern => "Orsak",
            Self::ReportKind => "Typ av aktualisering",
            Self::InterventionKind => "Insatstyp",
            Self::LegalBasis => "Lagrum (SoL/LVU)",
            Self::Provider => "Utförare (egen regi/köpt)",
            Self::Delegate => "Beslutsfattare",
        }
    }
}

/// How to split a figure.
///
/// The parts of a count add up to the total when every row has exactly one
/// key: always for gender (pojkar + flickor + okänt = totalt). They need not
/// for counts of distinct persons when a person can have several keys in the
/// period (two units, two age groups across a birthday), nor for
/// [`Breakdown::Concern`], where a report with several concerns counts once
/// under each of them. Shares, means and medians are computed on each part's
/// own rows and never add up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    /// No split: the total only.
    Total,
    /// Pojkar, flickor, okänt (always all three).
    Gender,
    AgeGroup(AgeBands),
    /// Every unit in the facts (or only the filtered unit).
    Unit,
    ReporterCategory,
    /// A report with several concerns counts once per concern.
    Concern,
    ReportKind,
    InterventionKind,
    /// SoL, LVU, uppgift saknas.
    LegalBasis,
    /// Egen regi, köpt.
    Provider,
    /// The delegate who decided.
    Delegate,
}

impl Breakdown {
    /// The kind, or `None` for [`Breakdown::Total`].
    pub fn kind(&self) -> Option<BreakdownKind> {
        Some(match self {
            Self::Total => return None,
            Self::Gender => BreakdownKind::Gender,
            Self::AgeGroup(_) => BreakdownKind::AgeGroup,
            Self::Unit => BreakdownKind::Unit,
            Self::ReporterCategory => BreakdownKind::ReporterCategory,
            Self::Concern => BreakdownKind::Concern,
            Self::ReportKind => BreakdownKind::ReportKind,
            Self::InterventionKind => BreakdownKind::InterventionKind,
            Self::LegalBasis => BreakdownKind::LegalBasis,
            Self::Provider => BreakdownKind::Provider,
            Self::Delegate => BreakdownKind::Delegate,
        })
    }
}

impl From<BreakdownKind> for Breakdown {
    /// The breakdown of a kind, with the children's age bands.
    fn from(kind: BreakdownKind) -> Self {
        match kind {
            BreakdownKind::Gender => Self::Gender,
            BreakdownKind::AgeGroup => Self::AgeGroup(AgeBands::CHILDREN),
            BreakdownKind::Unit => Self::Unit,
            BreakdownKind::ReporterCategory => Self::ReporterCategory,
            BreakdownKind::Concern => Self::Concern,
            BreakdownKind::ReportKind => Self::ReportKind,
            BreakdownKind::InterventionKind => Self::InterventionKind,
            BreakdownKind::LegalBasis => Self::LegalBasis,
            BreakdownKind::Provider => Self::Provider,
            BreakdownKind::Delegate => Self::Delegate,
        }
    }
}

/// The key of one cell of a breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum Key {
    Gender(Gender),
    /// Ages `from..=to`.
    AgeGroup {
        from: u8,
        to: u8,
    },
    /// Ages outside every band.
    AgeOther,
    /// No birth date.
    AgeUnknown,
    Unit(UnitId),
    Reporter(ReporterCategory),
    Concern(ConcernCategory),
    ReportKind(ReportKind),
    Intervention(InterventionKind),
    /// A decision that is not about an intervention (e.g. ingen åtgärd).
    NoIntervention,
    LegalBasis(LegalGroup),
    Provider(ProviderKind),
    Delegate(UserId),
}

impl Key {
    /// Swedish label. Units and delegates are named by id: the caller knows
    /// their names.
    pub fn label(&self) -> String {
        match self {
            Key::Gender(Gender::Male) => "Pojkar/män".into(),
            Key::Gender(Gender::Female) => "Flickor/kvinnor".into(),
            Key::Gender(Gender::Unknown) => "Okänt kön".into(),
            Key::AgeGroup { from, to } => format!("{from}-{to} år"),
            Key::AgeOther => "Övriga åldrar".into(),
            Key::AgeUnknown => "Okänd ålder".into(),
            Key::Unit(u) => format!("Enhet {u}"),
            Key::Reporter(r) => r.label().into(),
            Key::Concern(c) => c.label().into(),
            Key::ReportKind(k) => k.label().into(),
            Key::Intervention(k) => k.label().into(),
            Key::NoIntervention => "Ingen insats".into(),
            Key::LegalBasis(l) => l.label().into(),
            Key::Provider(p) => p.label().into(),
            Key::Delegate(u) => format!("Användare {u}"),
        }
    }

    /// Stable code for exports (`pojke`, `0-6`, `enhet:3`, `polis`, ...).
    pub fn code(&self) -> String {
        match self {
            Key::Gender(g) => g.code().into(),
            Key::AgeGroup { from, to } => format!("{from}-{to}"),
            Key::AgeOther => "ovriga_aldrar".into(),
            Key::AgeUnknown => "okand_alder".into(),
            Key::Unit(u) => format!("enhet:{u}"),
            Key::Reporter(r) => r.code().into(),
            Key::Concern(c) => c.code().into(),
            Key::ReportKind(k) => k.code().into(),
            Key::Intervention(k) => k.code().into(),
            Key::NoIntervention => "ingen_insats".into(),
            Key::LegalBasis(l) => l.code().into(),
            Key::Provider(p) => p.code().into(),
            Key::Delegate(u) => format!("anvandare:{u}"),
        }
    }
}
