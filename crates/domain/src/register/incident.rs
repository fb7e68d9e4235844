//! Incidents (avvikelser): what went wrong in the work, reported by any
//! staff member, handled by the unit's managers or the quality lead
//! (5 kap. SOSFS 2011:9: deviations are identified, documented, analysed
//! and remedied, and what was done is followed up). An incident that turns
//! out to be a missförhållande is raised to a Lex Sarah report; the
//! incident keeps the link.

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, TEXT_MAX, Writer, Written};
use crate::RecordId;
use crate::calendar::add_days;
use crate::catalog::catalog;
use crate::{UnitId, UserId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Days the routine gives a reported incident to be handled.
pub const HANDLING_DAYS: i64 = 14;
/// Days after the action within which it is followed up.
pub const FOLLOW_UP_DAYS: i64 = 30;

pub const CITE_INCIDENT: &str = "5 kap. SOSFS 2011:9 (rutinens frist)";

catalog!(
    /// The incident's category.
    IncidentCategory {
        Care => ("omvardnad", "Omvårdnad"),
        Communication => ("kommunikation", "Kommunikation/information"),
        Documentation => ("dokumentation", "Dokumentation"),
        ItSupport => ("it_stod", "IT-stöd"),
        MissedMeeting => ("uteblivet_mote", "Uteblivet möte"),
        Safety => ("sakerhet", "Säkerhet"),
        Confidentiality => ("sekretess", "Sekretess"),
        Other => ("ovrigt", "Övrigt"),
    }
);

/// One entry of an incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum IncidentEntry {
    Reported {
        happened_on: Date,
        unit: UnitId,
        category: IncidentCategory,
        what: String,
        /// The cause, as the reporter sees it.
        cause: Option<String>,
    },
    /// What was done about it (by a handler).
    Acted {
        action: String,
    },
    /// The action followed up.
    FollowedUp {
        result: String,
    },
    /// Raised to a Lex Sarah report (the record is linked).
    RaisedToLexSarah {
        record: RecordId,
    },
    Closed {
        conclusion: String,
    },
}

/// An incident, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incident {
    pub reported: Option<(Date, UserId)>,
    pub happened_on: Option<Date>,
    pub unit: Option<UnitId>,
    pub category: Option<IncidentCategory>,
    pub acted_on: Option<Date>,
    pub acted_by: Option<UserId>,
    pub followed_up_on: Option<Date>,
    pub lex_sarah: Option<RecordId>,
    pub closed_on: Option<Date>,
}

/// The statuses, in order, with their Swedish labels.
pub const STATUSES: &[(&str, &str)] = &[
    ("reported", "Rapporterad"),
    ("acted", "Åtgärdad"),
    ("followed_up", "Uppföljd"),
    ("closed", "Avslutad"),
];

impl Incident {
    pub fn status(&self) -> &'static str {
        if self.closed_on.is_some() {
            "closed"
        } else if self.followed_up_on.is_some() {
            "followed_up"
        } else if self.acted_on.is_some() {
            "acted"
        } else {
            "reported"
        }
    }
}

impl Register for Incident {
    const KIND: RegisterKind = RegisterKind::Incident;
    type Entry = IncidentEntry;
    type State = Incident;

    fn entry_code(entry: &IncidentEntry) -> &'static str {
        match entry {
            IncidentEntry::Reported { .. } => "reported",
            IncidentEntry::Acted { .. } => "acted",
            IncidentEntry::FollowedUp { .. } => "followed_up",
            IncidentEntry::RaisedToLexSarah { .. } => "raised_to_lex_sarah",
            IncidentEntry::Closed { .. } => "closed",
        }
    }

    fn apply(s: &mut Incident, w: &Written<IncidentEntry>) {
        match &w.entry {
            IncidentEntry::Reported {
                happened_on,
                unit,
                category,
                ..
            } => {
                s.reported = Some((w.on, w.by));
                s.happened_on = Some(*happened_on);
                s.unit = Some(*unit);
                s.category = Some(*category);
            }
            IncidentEntry::Acted { .. } => {
                s.acted_on = Some(w.on);
                s.acted_by = Some(w.by);
            }
            IncidentEntry::FollowedUp { .. } => s.followed_up_on = Some(w.on),
            IncidentEntry::RaisedToLexSarah { record } => s.lex_sarah = Some(*record),
            IncidentEntry::Closed { .. } => s.closed_on = Some(w.on),
        }
    }

    fn check(
        s: &Incident,
        entry: &IncidentEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        if s.reported.is_none() {
            return match entry {
                IncidentEntry::Reported {
                    happened_on,
                    what,
                    cause,
                    ..
                } => {
                    if *happened_on > today {
                        return Err(Refusal::new(format!(
                            "Datumet för händelsen kan inte ligga efter i dag ({today})."
                        )));
                    }
                    super::text("vad som hänt", what, TEXT_MAX)?;
                    if let Some(c) = cause {
                        super::text("orsaken", c, TEXT_MAX)?;
                    }
                    Ok(())
                }
                _ => Err(Refusal::new("Avvikelsen måste rapporteras först.")),
            };
        }
        if s.closed_on.is_some() {
            return Err(Refusal::new(
                "Avvikelsen är avslutad. Inget mer kan registreras i den.",
            ));
        }
        if !writer.handles {
            return Err(Refusal::new(
                "Bara enhetens chefer och kvalitetsansvarig kan hantera avvikelser.",
            ));
        }
        match entry {
            IncidentEntry::Reported { .. } => Err(Refusal::new("Avvikelsen är redan rapporterad.")),
            IncidentEntry::Acted { action } => {
                if s.acted_on.is_some() {
                    return Err(Refusal::new("Åtgärden är redan registrerad."));
                }
                super::text("åtgärden", action, TEXT_MAX).map(|_| ())
            }
            IncidentEntry::FollowedUp { result } => {
                if s.acted_on.is_none() {
                    return Err(Refusal::new("Registrera åtgärden innan den följs upp."));
                }
                if s.followed_up_on.is_some() {
                    return Err(Refusal::new("Uppföljningen är redan registrerad."));
                }
                super::text("uppföljningen", result, TEXT_MAX).map(|_| ())
            }
            IncidentEntry::RaisedToLexSarah { .. } => {
                if s.lex_sarah.is_some() {
                    Err(Refusal::new(
                        "Avvikelsen är redan lyft till en lex Sarah-rapport.",
                    ))
                } else {
                    Ok(())
                }
            }
            IncidentEntry::Closed { conclusion } => {
                if s.acted_on.is_none() {
                    return Err(Refusal::new(
                        "Avvikelsen kan inte avslutas utan en registrerad åtgärd.",
                    ));
                }
                super::text("slutsatsen", conclusion, TEXT_MAX).map(|_| ())
            }
        }
    }

    fn head(s: &Incident) -> Option<Head> {
        let (opened_on, reported_by) = s.reported?;
        Some(Head {
            unit: s.unit?,
            reported_by: Some(reported_by),
            opened_on,
            closed_on: s.closed_on,
            status: s.status(),
            category: s.category.map(|c| c.code().to_string()),
            serious: s.lex_sarah.is_some(),
            handler: s.acted_by,
            reported_externally: false,
            measures: u32::from(s.acted_on.is_some()),
            measures_done: u32::from(s.followed_up_on.is_some()),
            gender: None,
            age_band: None,
        })
    }

    fn deadlines(s: &Incident) -> Vec<RegisterDeadline> {
        let Some((reported_on, _)) = s.reported else {
            return Vec::new();
        };
        if s.closed_on.is_some() {
            return Vec::new();
        }
        match (s.acted_on, s.followed_up_on) {
            (None, _) => vec![RegisterDeadline {
                what: "act",
                label: "Hantera avvikelsen",
                due: add_days(reported_on, HANDLING_DAYS),
                citation: CITE_INCIDENT,
            }],
            (Some(acted), None) => vec![RegisterDeadline {
                what: "follow_up",
                label: "Följ upp åtgärden",
                due: add_days(acted, FOLLOW_UP_DAYS),
                citation: CITE_INCIDENT,
            }],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::Timestamp;
    use jiff::civil::date;

    fn w(user: i64, handles: bool) -> Writer {
        Writer {
            user: UserId(user),
            handles,
        }
    }

    #[test]
    fn an_incident_is_handled_then_followed_up_then_closed() {
        let day = date(2026, 5, 4);
        let reported = IncidentEntry::Reported {
            happened_on: day,
            unit: UnitId(2),
            category: IncidentCategory::MissedMeeting,
            what: "Tolken kom inte till mötet.".into(),
            cause: None,
        };
        let (s, _) = decide::<Incident>(
            &Incident::default(),
            &reported,
            w(1, false),
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(
            Incident::deadlines(&s)
                .iter()
                .map(|d| (d.what, d.due))
                .collect::<Vec<_>>(),
            vec![("act", add_days(day, HANDLING_DAYS))]
        );
        let close = IncidentEntry::Closed {
            conclusion: "Klart".into(),
        };
        assert!(Incident::check(&s, &close, w(2, true), day).is_err());
        let act = IncidentEntry::Acted {
            action: "Ny rutin för tolkbokning.".into(),
        };
        // A staff member who does not handle incidents cannot act on one.
        assert!(Incident::check(&s, &act, w(1, false), day).is_err());
        let (s, _) = decide::<Incident>(&s, &act, w(2, true), day, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(Incident::deadlines(&s)[0].what, "follow_up");
        let (s, _) =
            decide::<Incident>(&s, &close, w(2, true), day, Timestamp::UNIX_EPOCH).unwrap();
        assert!(Incident::deadlines(&s).is_empty());
        let head = Incident::head(&s).unwrap();
        assert_eq!(
            (head.status, head.category.as_deref()),
            ("closed", Some("uteblivet_mote"))
        );
    }
}
