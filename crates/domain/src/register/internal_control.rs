//! The internal control plan (intern kontroll): each record is one risk of
//! the committee's plan for a year, assessed as likelihood × consequence
//! (1-4 each, the risk value 1-16 shown as a matrix), with its control
//! activity, how often and by whom it is controlled and how; the controls'
//! findings, the measures decided, and the year's closing assessment. The
//! plan is the annual report's appendix (kommunallagen 6 kap. 6 §: the
//! committee sees to it that the internal control is sufficient).

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, TEXT_MAX, Writer, Written};
use crate::catalog::catalog;
use crate::{UnitId, UserId};
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

pub const CITE_INTERNAL_CONTROL: &str = "6 kap. 6 § kommunallagen (2017:725)";

catalog!(
    /// How often a risk is controlled.
    Frequency {
        Monthly => ("manad", "Varje månad"),
        Quarterly => ("kvartal", "Varje kvartal"),
        Tertial => ("tertial", "Varje tertial"),
        Yearly => ("ar", "En gång om året"),
    }
);

catalog!(
    /// What kind of risk (the plan's areas).
    ControlArea {
        Legal => ("rattssakerhet", "Rättssäkerhet och handläggning"),
        Economy => ("ekonomi", "Ekonomi"),
        Staff => ("personal", "Personal och kompetens"),
        Information => ("informationssakerhet", "Informationssäkerhet"),
        Quality => ("kvalitet", "Kvalitet i insatser"),
    }
);

/// One entry of a risk in the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum ControlEntry {
    /// The risk, put in the plan for `year`.
    Identified {
        year: i16,
        unit: UnitId,
        area: ControlArea,
        risk: String,
        /// 1 (unlikely) to 4 (very likely).
        likelihood: u8,
        /// 1 (minor) to 4 (severe).
        consequence: u8,
        control: String,
        frequency: Frequency,
        responsible: String,
        /// How the control is made (sample, method).
        method: String,
    },
    /// A control carried out: what was found, and whether it was in order.
    Controlled {
        on: Date,
        findings: String,
        in_order: bool,
    },
    /// A measure after a finding.
    MeasureDecided {
        what: String,
        responsible: String,
        due: Date,
    },
    MeasureDone {
        number: u32,
    },
    /// The year's assessment of the risk; nothing more is recorded.
    Closed {
        assessment: String,
    },
}

/// A risk of the plan, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Control {
    pub identified: Option<(Date, UserId)>,
    pub year: Option<i16>,
    pub unit: Option<UnitId>,
    pub area: Option<ControlArea>,
    pub likelihood: u8,
    pub consequence: u8,
    pub frequency: Option<Frequency>,
    /// Controls carried out: (date, in order).
    pub controls: Vec<(Date, bool)>,
    /// Measures: (due, done).
    pub measures: Vec<(Date, bool)>,
    pub closed: Option<Date>,
}

pub const STATUSES: &[(&str, &str)] = &[
    ("planned", "Planerad"),
    ("controlled", "Kontrollerad"),
    ("deviation", "Avvikelse funnen"),
    ("closed", "Avslutad"),
];

impl Control {
    /// Likelihood × consequence, 1-16.
    pub fn risk_value(&self) -> u8 {
        self.likelihood * self.consequence
    }

    pub fn status(&self) -> &'static str {
        if self.closed.is_some() {
            "closed"
        } else if self.controls.iter().any(|(_, ok)| !ok) {
            "deviation"
        } else if self.controls.is_empty() {
            "planned"
        } else {
            "controlled"
        }
    }

    /// When the next control is due: the end of the first period of the
    /// frequency without a control, within the plan's year.
    pub fn next_control(&self) -> Option<Date> {
        let year = self.year?;
        let months: i8 = match self.frequency? {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Tertial => 4,
            Frequency::Yearly => 12,
        };
        let mut month = months;
        while month <= 12 {
            let start = date(year, month - months + 1, 1);
            let end = date(year, month, 1).last_of_month();
            if !self
                .controls
                .iter()
                .any(|(on, _)| *on >= start && *on <= end)
            {
                return Some(end);
            }
            month += months;
        }
        None
    }
}

fn scale(what: &str, v: u8) -> Result<(), Refusal> {
    if (1..=4).contains(&v) {
        Ok(())
    } else {
        Err(Refusal::new(format!(
            "{what} bedöms på en skala från 1 till 4."
        )))
    }
}

impl Register for Control {
    const KIND: RegisterKind = RegisterKind::InternalControl;
    type Entry = ControlEntry;
    type State = Control;

    fn entry_code(entry: &ControlEntry) -> &'static str {
        match entry {
            ControlEntry::Identified { .. } => "identified",
            ControlEntry::Controlled { .. } => "controlled",
            ControlEntry::MeasureDecided { .. } => "measure_decided",
            ControlEntry::MeasureDone { .. } => "measure_done",
            ControlEntry::Closed { .. } => "closed",
        }
    }

    fn apply(s: &mut Control, w: &Written<ControlEntry>) {
        match &w.entry {
            ControlEntry::Identified {
                year,
                unit,
                area,
                likelihood,
                consequence,
                frequency,
                ..
            } => {
                s.identified = Some((w.on, w.by));
                s.year = Some(*year);
                s.unit = Some(*unit);
                s.area = Some(*area);
                s.likelihood = *likelihood;
                s.consequence = *consequence;
                s.frequency = Some(*frequency);
            }
            ControlEntry::Controlled { on, in_order, .. } => s.controls.push((*on, *in_order)),
            ControlEntry::MeasureDecided { due, .. } => s.measures.push((*due, false)),
            ControlEntry::MeasureDone { number } => {
                if let Some(m) = (*number as usize)
                    .checked_sub(1)
                    .and_then(|i| s.measures.get_mut(i))
                {
                    m.1 = true;
                }
            }
            ControlEntry::Closed { .. } => s.closed = Some(w.on),
        }
    }

    fn check(
        s: &Control,
        entry: &ControlEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        if !writer.handles {
            return Err(Refusal::new(
                "Bara analytiker, kvalitetsansvarig och enhetschefer arbetar med internkontrollplanen.",
            ));
        }
        if s.identified.is_none() {
            let ControlEntry::Identified {
                year,
                likelihood,
                consequence,
                risk,
                control,
                responsible,
                method,
                ..
            } = entry
            else {
                return Err(Refusal::new("Risken måste läggas in i planen först."));
            };
            if !(2000..=2199).contains(year) {
                return Err(Refusal::new("Ange planens år, till exempel 2026."));
            }
            scale("Sannolikheten", *likelihood)?;
            scale("Konsekvensen", *consequence)?;
            super::text("risken", risk, TEXT_MAX)?;
            super::text("kontrollmomentet", control, TEXT_MAX)?;
            super::text("vem som är ansvarig", responsible, 200)?;
            super::text("hur kontrollen görs", method, TEXT_MAX)?;
            return Ok(());
        }
        if s.closed.is_some() {
            return Err(Refusal::new(
                "Risken är avslutad för året. Inget mer kan registreras.",
            ));
        }
        match entry {
            ControlEntry::Identified { .. } => Err(Refusal::new("Risken finns redan i planen.")),
            ControlEntry::Controlled { on, findings, .. } => {
                if *on > today {
                    return Err(Refusal::new(format!(
                        "Kontrollen kan inte vara gjord efter i dag ({today})."
                    )));
                }
                super::text("vad kontrollen visade", findings, TEXT_MAX).map(|_| ())
            }
            ControlEntry::MeasureDecided {
                what, responsible, ..
            } => {
                super::text("åtgärden", what, TEXT_MAX)?;
                super::text("vem som är ansvarig", responsible, 200).map(|_| ())
            }
            ControlEntry::MeasureDone { number } => match (*number as usize)
                .checked_sub(1)
                .and_then(|i| s.measures.get(i))
            {
                None => Err(Refusal::new("Det finns ingen sådan åtgärd.")),
                Some((_, true)) => Err(Refusal::new("Åtgärden är redan genomförd.")),
                Some(_) => Ok(()),
            },
            ControlEntry::Closed { assessment } => {
                if s.controls.is_empty() {
                    return Err(Refusal::new(
                        "Ingen kontroll är registrerad. Registrera årets kontroller innan risken avslutas.",
                    ));
                }
                super::text("bedömningen", assessment, TEXT_MAX).map(|_| ())
            }
        }
    }

    fn head(s: &Control) -> Option<Head> {
        let (opened_on, by) = s.identified?;
        Some(Head {
            unit: s.unit?,
            reported_by: Some(by),
            opened_on,
            closed_on: s.closed,
            status: s.status(),
            category: s.area.map(|a| a.code().to_string()),
            serious: s.risk_value() >= 9,
            handler: None,
            reported_externally: false,
            measures: u32::try_from(s.measures.len()).unwrap_or(u32::MAX),
            measures_done: u32::try_from(s.measures.iter().filter(|m| m.1).count())
                .unwrap_or(u32::MAX),
            gender: None,
            age_band: None,
        })
    }

    fn deadlines(s: &Control) -> Vec<RegisterDeadline> {
        if s.closed.is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        if let Some(due) = s.next_control() {
            out.push(RegisterDeadline {
                what: "control",
                label: "Gör kontrollen enligt planen",
                due,
                citation: CITE_INTERNAL_CONTROL,
            });
        }
        for (due, done) in &s.measures {
            if !done {
                out.push(RegisterDeadline {
                    what: "measure",
                    label: "Åtgärd genomförd",
                    due: *due,
                    citation: CITE_INTERNAL_CONTROL,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::Timestamp;

    fn lead() -> Writer {
        Writer {
            user: UserId(3),
            handles: true,
        }
    }

    fn identified(likelihood: u8, consequence: u8) -> ControlEntry {
        ControlEntry::Identified {
            year: 2026,
            unit: UnitId(1),
            area: ControlArea::Legal,
            risk: "Beslut delges inte vårdnadshavare".into(),
            likelihood,
            consequence,
            control: "Stickprov på beslut".into(),
            frequency: Frequency::Tertial,
            responsible: "Enhetschef".into(),
            method: "Tio slumpvis valda beslut per tertial".into(),
        }
    }

    #[test]
    fn the_risk_value_and_the_next_control_follow_the_plan() {
        let day = date(2026, 2, 1);
        assert!(Control::check(&Control::default(), &identified(5, 1), lead(), day).is_err());
        let (s, _) = decide::<Control>(
            &Control::default(),
            &identified(3, 4),
            lead(),
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(s.risk_value(), 12);
        assert!(Control::head(&s).unwrap().serious);
        // Tertial: the first control is due by the end of April.
        assert_eq!(s.next_control(), Some(date(2026, 4, 30)));
        let control = ControlEntry::Controlled {
            on: date(2026, 4, 20),
            findings: "Två av tio beslut saknade delgivning".into(),
            in_order: false,
        };
        let (s, _) = decide::<Control>(
            &s,
            &control,
            lead(),
            date(2026, 5, 2),
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(s.status(), "deviation");
        assert_eq!(s.next_control(), Some(date(2026, 8, 31)));
        // Staff who do not work with the plan cannot write in it.
        let other = Writer {
            user: UserId(9),
            handles: false,
        };
        assert!(Control::check(&s, &control, other, day).is_err());
    }
}
