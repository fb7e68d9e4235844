//! Reports of concern through the public e-service (`/anmalan`): what a
//! mandatory reporter (19 kap. 1-2 § SoL: never anonymous; profession,
//! organisation, name, phone and e-mail) or a private person (may be
//! anonymous) sends about one or more children. A submission lands in the
//! intake unit's queue: not yet a case. The intake team registers it as an
//! aktualisering (the received time carried over, so the skyddsbedömning
//! and the 14 days count from when it arrived), or records it as added to
//! an ongoing investigation, or as a duplicate. The submission itself is
//! never changed.

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, TEXT_MAX, Writer, Written};
use crate::catalog::{ConcernCategory, ReporterCategory};
use crate::law::{Rule, citation};
use crate::{CaseId, UnitId, UserId};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The most children one submission names.
pub const MAX_CHILDREN: usize = 6;
/// The longest short text (a name, an organisation, a phone number).
pub const SHORT_MAX: usize = 200;

/// A child as the reporter described them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenChild {
    /// The identity number as typed, if known.
    pub identity_number: Option<String>,
    pub name: Option<String>,
    pub age: Option<u8>,
    /// An address or a school: where the child can be found.
    pub whereabouts: Option<String>,
}

impl GivenChild {
    /// Something that names the child: a number, or a name.
    pub fn is_named(&self) -> bool {
        self.identity_number.is_some() || self.name.is_some()
    }
}

/// The reporter, as they gave themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenReporter {
    /// A mandatory reporter (19 kap. 1-2 § SoL).
    pub mandatory: bool,
    pub category: ReporterCategory,
    pub organisation: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One entry of a submission. (The first is much larger than the others;
/// entries are written once and read a record at a time, so it is not
/// boxed.)
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum SubmissionEntry {
    Submitted {
        /// The intake unit whose queue it lands in.
        unit: UnitId,
        received_at: Timestamp,
        reporter: GivenReporter,
        children: Vec<GivenChild>,
        guardians: Option<String>,
        what: String,
        concerns: Vec<ConcernCategory>,
        /// The reporter says the child is in acute danger.
        acute: bool,
        /// The reporter wants to be told that it was received
        /// (19 kap. 6 § SoL).
        wants_feedback: bool,
        receipt: String,
    },
    /// Registered as an aktualisering: the cases it went to.
    Registered { cases: Vec<CaseId> },
    /// Added to an ongoing investigation (the note says which).
    AddedToInvestigation { note: String },
    /// The same matter as another submission or report.
    Duplicate { note: String },
}

/// A submission, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Submission {
    pub received_on: Option<Date>,
    pub received_at: Option<Timestamp>,
    pub unit: Option<UnitId>,
    pub category: Option<ReporterCategory>,
    pub mandatory: bool,
    pub acute: bool,
    pub wants_feedback: bool,
    pub children: usize,
    pub receipt: Option<String>,
    pub handled: Option<(Date, UserId, &'static str)>,
    pub cases: Vec<CaseId>,
}

pub const STATUSES: &[(&str, &str)] = &[
    ("received", "I kön"),
    ("registered", "Registrerad som aktualisering"),
    ("added", "Tillförd pågående utredning"),
    ("duplicate", "Dubblett"),
];

fn short(what: &str, v: &Option<String>) -> Result<(), Refusal> {
    match v {
        Some(t) => super::text(what, t, SHORT_MAX).map(|_| ()),
        None => Ok(()),
    }
}

/// The checks of a submission as sent (the public form says the same beside
/// its fields; this is the rule).
pub fn check_submitted(entry: &SubmissionEntry) -> Result<(), Refusal> {
    let SubmissionEntry::Submitted {
        reporter,
        children,
        guardians,
        what,
        receipt,
        ..
    } = entry
    else {
        return Err(Refusal::new("Anmälan måste tas emot först."));
    };
    if reporter.mandatory {
        let missing: Vec<&str> = [
            ("organisation", &reporter.organisation),
            ("namn", &reporter.name),
            ("telefon", &reporter.phone),
            ("e-post", &reporter.email),
        ]
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
        if !missing.is_empty() {
            return Err(Refusal::new(format!(
                "Den som är skyldig att anmäla kan inte vara anonym (19 kap. 1 § SoL). Det saknas: {}.",
                missing.join(", ")
            )));
        }
        if !reporter.category.is_mandatory_reporter() {
            return Err(Refusal::new(
                "Välj den yrkesgrupp du anmäler i egenskap av.",
            ));
        }
    }
    for (what, v) in [
        ("organisationen", &reporter.organisation),
        ("namnet", &reporter.name),
        ("telefonnumret", &reporter.phone),
        ("e-postadressen", &reporter.email),
        ("vårdnadshavarna", guardians),
    ] {
        short(what, v)?;
    }
    if children.is_empty() || !children.iter().all(GivenChild::is_named) {
        return Err(Refusal::new(
            "Skriv barnets personnummer eller namn för varje barn anmälan gäller.",
        ));
    }
    if children.len() > MAX_CHILDREN {
        return Err(Refusal::new(format!(
            "En anmälan kan gälla högst {MAX_CHILDREN} barn."
        )));
    }
    super::text("vad som har hänt", what, TEXT_MAX)?;
    if receipt.trim().is_empty() {
        return Err(Refusal::new("Kvittonumret saknas."));
    }
    Ok(())
}

impl Register for Submission {
    const KIND: RegisterKind = RegisterKind::Submission;
    type Entry = SubmissionEntry;
    type State = Submission;

    fn entry_code(entry: &SubmissionEntry) -> &'static str {
        match entry {
            SubmissionEntry::Submitted { .. } => "submitted",
            SubmissionEntry::Registered { .. } => "registered",
            SubmissionEntry::AddedToInvestigation { .. } => "added",
            SubmissionEntry::Duplicate { .. } => "duplicate",
        }
    }

    fn apply(s: &mut Submission, w: &Written<SubmissionEntry>) {
        match &w.entry {
            SubmissionEntry::Submitted {
                unit,
                received_at,
                reporter,
                children,
                acute,
                wants_feedback,
                receipt,
                ..
            } => {
                s.received_on = Some(w.on);
                s.received_at = Some(*received_at);
                s.unit = Some(*unit);
                s.category = Some(reporter.category);
                s.mandatory = reporter.mandatory;
                s.acute = *acute;
                s.wants_feedback = *wants_feedback;
                s.children = children.len();
                s.receipt = Some(receipt.clone());
            }
            SubmissionEntry::Registered { cases } => {
                s.handled = Some((w.on, w.by, "registered"));
                s.cases = cases.clone();
            }
            SubmissionEntry::AddedToInvestigation { .. } => {
                s.handled = Some((w.on, w.by, "added"));
            }
            SubmissionEntry::Duplicate { .. } => s.handled = Some((w.on, w.by, "duplicate")),
        }
    }

    fn check(
        s: &Submission,
        entry: &SubmissionEntry,
        writer: Writer,
        _today: Date,
    ) -> Result<(), Refusal> {
        if s.received_on.is_none() {
            return check_submitted(entry);
        }
        if s.handled.is_some() {
            return Err(Refusal::new(
                "Anmälan är redan hanterad. Den ändras inte i efterhand.",
            ));
        }
        if !writer.handles {
            return Err(Refusal::new(
                "Bara mottagningens socialsekreterare och chefer hanterar anmälningar från e-tjänsten.",
            ));
        }
        match entry {
            SubmissionEntry::Submitted { .. } => Err(Refusal::new("Anmälan är redan mottagen.")),
            SubmissionEntry::Registered { cases } => {
                if cases.is_empty() {
                    Err(Refusal::new("Aktualiseringen gäller inget ärende."))
                } else {
                    Ok(())
                }
            }
            SubmissionEntry::AddedToInvestigation { note }
            | SubmissionEntry::Duplicate { note } => {
                super::text("en anteckning om vilket ärende", note, TEXT_MAX).map(|_| ())
            }
        }
    }

    fn head(s: &Submission) -> Option<Head> {
        Some(Head {
            unit: s.unit?,
            reported_by: None,
            opened_on: s.received_on?,
            closed_on: s.handled.map(|(on, _, _)| on),
            status: s.handled.map_or("received", |(_, _, code)| code),
            category: s.category.map(|c| c.code().to_string()),
            serious: s.acute,
            handler: s.handled.map(|(_, by, _)| by),
            reported_externally: false,
            measures: u32::try_from(s.children).unwrap_or(u32::MAX),
            measures_done: u32::try_from(s.cases.len()).unwrap_or(u32::MAX),
            gender: None,
            age_band: None,
        })
    }

    fn deadlines(s: &Submission) -> Vec<RegisterDeadline> {
        match (s.received_on, s.handled) {
            (Some(on), None) => vec![RegisterDeadline {
                what: "register",
                label: "Registrera och gör skyddsbedömning (genast)",
                due: on,
                citation: citation(Rule::SafetyAssessment, on),
            }],
            _ => Vec::new(),
        }
    }
}

/// The e-service writes as nobody (user 0).
pub const E_SERVICE: UserId = UserId(0);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::civil::date;

    fn submitted(mandatory: bool, name: Option<&str>) -> SubmissionEntry {
        SubmissionEntry::Submitted {
            unit: UnitId(1),
            received_at: Timestamp::UNIX_EPOCH,
            reporter: GivenReporter {
                mandatory,
                category: if mandatory {
                    ReporterCategory::School
                } else {
                    ReporterCategory::Anonymous
                },
                organisation: mandatory.then(|| "Exempelskolan".into()),
                name: name.map(Into::into),
                phone: mandatory.then(|| "08-000 00 00".into()),
                email: mandatory.then(|| "larare@example.se".into()),
            },
            children: vec![GivenChild {
                name: Some("Ella".into()),
                age: Some(9),
                ..GivenChild::default()
            }],
            guardians: None,
            what: "Ella har blåmärken.".into(),
            concerns: vec![ConcernCategory::ChildAbuse],
            acute: false,
            wants_feedback: mandatory,
            receipt: "EA-TEST".into(),
        }
    }

    #[test]
    fn a_mandatory_reporter_is_never_anonymous_and_the_queue_is_due_at_once() {
        let public = Writer {
            user: E_SERVICE,
            handles: false,
        };
        let day = date(2026, 4, 7);
        let refused = check_submitted(&submitted(true, None)).unwrap_err();
        assert!(refused.0.contains("namn"), "{refused}");
        assert!(check_submitted(&submitted(false, None)).is_ok());
        let (s, _) = decide::<Submission>(
            &Submission::default(),
            &submitted(true, Some("Lärare Lind")),
            public,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let d = Submission::deadlines(&s);
        assert_eq!((d[0].what, d[0].due), ("register", day));
        assert_eq!(d[0].citation, "20 kap. 1 § SoL (2025:400)");
        // The public cannot handle it; the intake team can, once.
        let dup = SubmissionEntry::Duplicate {
            note: "Samma som anmälan i går".into(),
        };
        assert!(Submission::check(&s, &dup, public, day).is_err());
        let team = Writer {
            user: UserId(3),
            handles: true,
        };
        let (s, _) = decide::<Submission>(&s, &dup, team, day, Timestamp::UNIX_EPOCH).unwrap();
        assert!(Submission::deadlines(&s).is_empty());
        assert_eq!(Submission::head(&s).unwrap().status, "duplicate");
        assert!(Submission::check(&s, &dup, team, day).is_err());
    }
}
