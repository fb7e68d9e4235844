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

/// A category the system administrator added to the built-in list, valid
/// from a day and (once ended) to a day. Its code is never reused or
/// renamed; an incident reported with it keeps its name
/// ([`AddedCategoryRef`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddedCategory {
    pub code: String,
    pub label: String,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
}

impl AddedCategory {
    pub fn is_valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|end| day <= end)
    }
}

/// An added category as an incident records it: its code and the name it
/// had when the incident was reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedCategoryRef {
    pub code: String,
    pub label: String,
}

/// The longest code and name of an added category.
pub const CATEGORY_CODE_MAX: usize = 40;
pub const CATEGORY_LABEL_MAX: usize = 100;

/// The categories to choose from on `day`: the built-in ones, then those
/// added and valid that day, as (code, name).
pub fn categories_on(added: &[AddedCategory], day: Date) -> Vec<(String, String)> {
    IncidentCategory::ENTRIES
        .iter()
        .filter(|e| e.is_valid_on(day))
        .map(|e| (e.code.to_string(), e.label.to_string()))
        .chain(
            added
                .iter()
                .filter(|a| a.is_valid_on(day))
                .map(|a| (a.code.clone(), a.label.clone())),
        )
        .collect()
}

/// Check a new category against the built-in and the added ones: a code of
/// 2-40 characters a-z, 0-9 and `_` not used before, a name of 1-100
/// characters, the end not before the start. Swedish refusals.
pub fn check_new_category(new: &AddedCategory, added: &[AddedCategory]) -> Result<(), Refusal> {
    let code = new.code.as_str();
    let n = code.chars().count();
    if !(2..=CATEGORY_CODE_MAX).contains(&n)
        || !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Refusal::new(format!(
            "Koden ska vara 2–{CATEGORY_CODE_MAX} tecken av a–z, 0–9 och _ (till exempel lakemedel)."
        )));
    }
    if IncidentCategory::from_code(code).is_some() || added.iter().any(|a| a.code == code) {
        return Err(Refusal::new(format!(
            "Koden {code} finns redan. En kod återanvänds aldrig; välj en ny."
        )));
    }
    super::text("kategorins namn", &new.label, CATEGORY_LABEL_MAX)?;
    if new.valid_to.is_some_and(|end| end < new.valid_from) {
        return Err(Refusal::new(
            "Sista giltighetsdagen kan inte ligga före den första.",
        ));
    }
    Ok(())
}

/// One entry of an incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum IncidentEntry {
    Reported {
        happened_on: Date,
        unit: UnitId,
        category: IncidentCategory,
        /// A category the administrator added (then `category` is
        /// `Other`), with its name as it was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        added: Option<AddedCategoryRef>,
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
    /// An added category, with its name as reported.
    pub added: Option<AddedCategoryRef>,
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
                added,
                ..
            } => {
                s.reported = Some((w.on, w.by));
                s.happened_on = Some(*happened_on);
                s.unit = Some(*unit);
                s.category = Some(*category);
                s.added = added.clone();
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
                    added,
                    ..
                } => {
                    if let Some(a) = added {
                        super::text("kategorins namn", &a.label, CATEGORY_LABEL_MAX)?;
                    }
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
            category: match &s.added {
                Some(a) => Some(a.code.clone()),
                None => s.category.map(|c| c.code().to_string()),
            },
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
            added: None,
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

#[cfg(test)]
mod category_tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn added(code: &str, from: Date, to: Option<Date>) -> AddedCategory {
        AddedCategory {
            code: code.into(),
            label: "Läkemedel".into(),
            valid_from: from,
            valid_to: to,
        }
    }

    #[test]
    fn added_categories_follow_their_dates_after_the_built_in_ones() {
        let a = [added(
            "lakemedel",
            date(2026, 1, 1),
            Some(date(2026, 6, 30)),
        )];
        let codes =
            |day| -> Vec<String> { categories_on(&a, day).into_iter().map(|(c, _)| c).collect() };
        assert_eq!(
            codes(date(2025, 12, 31)).len(),
            IncidentCategory::ENTRIES.len()
        );
        assert_eq!(
            codes(date(2026, 1, 1)).last().map(String::as_str),
            Some("lakemedel")
        );
        assert!(codes(date(2026, 6, 30)).contains(&"lakemedel".to_string()));
        assert!(!codes(date(2026, 7, 1)).contains(&"lakemedel".to_string()));
    }

    #[test]
    fn a_new_category_needs_a_fresh_code_a_name_and_dates_in_order() {
        let day = date(2026, 1, 1);
        let existing = [added("lakemedel", day, None)];
        let refused = |c: AddedCategory| check_new_category(&c, &existing).unwrap_err().0;
        assert!(refused(added("lakemedel", day, None)).contains("finns redan"));
        assert!(refused(added("omvardnad", day, None)).contains("finns redan"));
        assert!(refused(added("Läkemedel", day, None)).contains("a–z"));
        assert!(refused(added("x", day, None)).contains("a–z"));
        assert!(refused(added("ny_kod", day, Some(date(2025, 12, 31)))).contains("före"));
        let mut unnamed = added("ny_kod", day, None);
        unnamed.label = " ".into();
        assert!(refused(unnamed).contains("namn"));
        assert!(check_new_category(&added("ny_kod_2", day, Some(day)), &existing).is_ok());
    }

    proptest! {
        #[test]
        fn any_code_and_name_give_an_answer(code in ".{0,60}", label in ".{0,120}") {
            let c = AddedCategory { code: code.clone(), label, valid_from: date(2026, 1, 1), valid_to: None };
            if check_new_category(&c, &[]).is_ok() {
                prop_assert!(code.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'));
            }
        }
    }
}
