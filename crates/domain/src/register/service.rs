//! Service matters (serviceinsatser): råd och stöd without investigation
//! or decision: advice, a short series of talks, a parent programme, an
//! open group. Who (or anonymous, with gender and age band only), the kind
//! of service, start and end, the number of contacts, the unit. No
//! deadlines: nothing is decided. Counted in the follow-up beside the
//! authority's matters ("service och myndighetsutövning", as the seeds
//! report it).

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, Writer, Written};
use crate::catalog::{Gender, catalog};
use crate::{UnitId, UserId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

catalog!(
    /// The kind of service.
    ServiceKind {
        Advice => ("rad_stod", "Råd och stöd"),
        Talks => ("samtalsserie", "Kortare samtalsserie"),
        ParentProgramme => ("foraldraprogram", "Föräldraprogram"),
        Group => ("gruppverksamhet", "Öppen gruppverksamhet"),
    }
);

catalog!(
    /// The age band of the person the service is for.
    AgeBand {
        Child0To6 => ("0-6", "0–6 år"),
        Child7To12 => ("7-12", "7–12 år"),
        Child13To17 => ("13-17", "13–17 år"),
        Young18To20 => ("18-20", "18–20 år"),
        Adult => ("21-", "21 år och äldre"),
    }
);

/// One entry of a service matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum ServiceEntry {
    Opened {
        unit: UnitId,
        kind: ServiceKind,
        gender: Gender,
        age_band: AgeBand,
        started_on: Date,
        /// Who, if they gave their name (never in statistics); `None`:
        /// anonymous.
        who: Option<String>,
    },
    /// A contact (a talk, a meeting, a group session).
    Contact {
        on: Date,
    },
    Closed {
        ended_on: Date,
    },
}

/// A service matter, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceMatter {
    pub opened: Option<(Date, UserId)>,
    pub unit: Option<UnitId>,
    pub kind: Option<ServiceKind>,
    pub gender: Option<Gender>,
    pub age_band: Option<AgeBand>,
    pub started_on: Option<Date>,
    pub contacts: u32,
    pub ended_on: Option<Date>,
}

pub const STATUSES: &[(&str, &str)] = &[("open", "Pågår"), ("closed", "Avslutad")];

impl Register for ServiceMatter {
    const KIND: RegisterKind = RegisterKind::Service;
    type Entry = ServiceEntry;
    type State = ServiceMatter;

    fn entry_code(entry: &ServiceEntry) -> &'static str {
        match entry {
            ServiceEntry::Opened { .. } => "opened",
            ServiceEntry::Contact { .. } => "contact",
            ServiceEntry::Closed { .. } => "closed",
        }
    }

    fn apply(s: &mut ServiceMatter, w: &Written<ServiceEntry>) {
        match &w.entry {
            ServiceEntry::Opened {
                unit,
                kind,
                gender,
                age_band,
                started_on,
                ..
            } => {
                s.opened = Some((w.on, w.by));
                s.unit = Some(*unit);
                s.kind = Some(*kind);
                s.gender = Some(*gender);
                s.age_band = Some(*age_band);
                s.started_on = Some(*started_on);
            }
            ServiceEntry::Contact { .. } => s.contacts += 1,
            ServiceEntry::Closed { ended_on } => s.ended_on = Some(*ended_on),
        }
    }

    fn check(
        s: &ServiceMatter,
        entry: &ServiceEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        if !writer.handles {
            return Err(Refusal::new(
                "Serviceinsatser registreras av enhetens socialsekreterare och chefer.",
            ));
        }
        let not_after_today = |on: Date, what: &str| {
            if on > today {
                Err(Refusal::new(format!(
                    "{what} kan inte ligga efter i dag ({today})."
                )))
            } else {
                Ok(())
            }
        };
        let Some(started) = s.started_on else {
            return match entry {
                ServiceEntry::Opened {
                    started_on, who, ..
                } => {
                    not_after_today(*started_on, "Startdatumet")?;
                    if let Some(w) = who {
                        super::text("vem det gäller", w, 200)?;
                    }
                    Ok(())
                }
                _ => Err(Refusal::new("Serviceinsatsen måste registreras först.")),
            };
        };
        if s.ended_on.is_some() {
            return Err(Refusal::new(
                "Serviceinsatsen är avslutad. Inget mer kan registreras i den.",
            ));
        }
        match entry {
            ServiceEntry::Opened { .. } => Err(Refusal::new("Serviceinsatsen finns redan.")),
            ServiceEntry::Contact { on } => {
                not_after_today(*on, "Kontakten")?;
                if *on < started {
                    return Err(Refusal::new(format!(
                        "Kontakten kan inte ligga före starten ({started})."
                    )));
                }
                Ok(())
            }
            ServiceEntry::Closed { ended_on } => {
                not_after_today(*ended_on, "Slutdatumet")?;
                if *ended_on < started {
                    return Err(Refusal::new(format!(
                        "Slutdatumet kan inte ligga före starten ({started})."
                    )));
                }
                Ok(())
            }
        }
    }

    fn head(s: &ServiceMatter) -> Option<Head> {
        let (_, by) = s.opened?;
        Some(Head {
            unit: s.unit?,
            reported_by: Some(by),
            opened_on: s.started_on?,
            closed_on: s.ended_on,
            status: if s.ended_on.is_some() {
                "closed"
            } else {
                "open"
            },
            category: s.kind.map(|k| k.code().to_string()),
            serious: false,
            handler: Some(by),
            reported_externally: false,
            measures: s.contacts,
            measures_done: s.contacts,
            gender: s.gender,
            age_band: s.age_band.map(|a| a.code().to_string()),
        })
    }

    fn deadlines(_: &ServiceMatter) -> Vec<RegisterDeadline> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::Timestamp;
    use jiff::civil::date;

    #[test]
    fn a_service_matter_counts_contacts_and_has_no_deadline() {
        let w = Writer {
            user: UserId(4),
            handles: true,
        };
        let day = date(2026, 5, 4);
        let opened = ServiceEntry::Opened {
            unit: UnitId(1),
            kind: ServiceKind::Talks,
            gender: Gender::Female,
            age_band: AgeBand::Child13To17,
            started_on: day,
            who: None,
        };
        let (s, _) = decide::<ServiceMatter>(
            &ServiceMatter::default(),
            &opened,
            w,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let early = ServiceEntry::Contact {
            on: date(2026, 5, 1),
        };
        assert!(ServiceMatter::check(&s, &early, w, day).is_err());
        let (s, _) = decide::<ServiceMatter>(
            &s,
            &ServiceEntry::Contact { on: day },
            w,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let (s, _) = decide::<ServiceMatter>(
            &s,
            &ServiceEntry::Closed { ended_on: day },
            w,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let head = ServiceMatter::head(&s).unwrap();
        assert_eq!((head.status, head.measures), ("closed", 1));
        assert_eq!(head.gender, Some(Gender::Female));
        assert_eq!(head.age_band.as_deref(), Some("13-17"));
        assert!(ServiceMatter::deadlines(&s).is_empty());
    }
}
