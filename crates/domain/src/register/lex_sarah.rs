//! Lex Sarah (27 kap. SoL 2025:400): missförhållanden and påtagliga risker
//! för missförhållanden.
//!
//! - 2 §: whoever works in the social services reports **genast**, never
//!   anonymously ([`LexSarahEntry::Reported`], written by any staff member).
//! - 5 §: the report is documented and investigated **genast**, and the
//!   missförhållande remedied. The quality lead (lex Sarah-ansvarig)
//!   receives it and names an investigator who was not involved
//!   ([`LexSarahEntry::Received`]); the investigation records what happened,
//!   the actual and possible consequences for the person, the causes, the
//!   risk of recurrence, the measures (with responsible and date) and the
//!   preventive measures ([`LexSarahEntry::Investigated`],
//!   [`LexSarahEntry::MeasureAdded`]).
//! - 6 §: a serious case is reported to IVO **snarast**, with the
//!   investigation attached: due the day it was assessed as serious. When
//!   the report to IVO went before the investigation was finished, the
//!   investigation is sent when it is finished
//!   ([`INVESTIGATION_TO_IVO_DAYS`] after, cited from Socialstyrelsen's
//!   föreskrifter, SOSFS 2011:5).
//! - 7 § (from 2026-01-01): the municipality reports to IVO a provider
//!   without the permit required, whose suitability can be questioned, or
//!   with serious shortcomings ([`LexSarahEntry::ProviderReportedToIvo`]).
//!
//! The affected person is informed, and of a serious case the head of the
//! social services and the committee's chair (recorded; required before a
//! serious case is closed).

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, TEXT_MAX, Writer, Written};
use crate::calendar::add_days;
use crate::catalog::catalog;
use crate::{CaseId, UnitId, UserId};
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

/// The day 27 kap. 7 § SoL (2025:400) came into force.
pub const PROVIDER_REPORT_IN_FORCE: Date = date(2026, 1, 1);

/// The longest provider name, in characters (as a placement's provider).
pub const PROVIDER_NAME_MAX: usize = 200;

/// Days the committee's routine gives the investigation after the report
/// was received (27 kap. 5 § says "genast"; the routine sets the date the
/// worklist shows).
pub const INVESTIGATION_DAYS: i64 = 14;

/// Days after the investigation is finished within which it is sent to IVO
/// when the report to IVO went before it (Socialstyrelsen's föreskrifter:
/// sent when it is finished).
pub const INVESTIGATION_TO_IVO_DAYS: i64 = 0;

/// The citations.
pub const CITE_REPORT: &str = "27 kap. 2 § SoL (2025:400)";
pub const CITE_INVESTIGATE: &str = "27 kap. 5 § SoL (2025:400)";
pub const CITE_IVO: &str = "27 kap. 6 § SoL (2025:400)";
pub const CITE_INVESTIGATION_TO_IVO: &str = "27 kap. 6 § SoL (2025:400), 7 kap. SOSFS 2011:5";
pub const CITE_PROVIDER: &str = "27 kap. 7 § SoL (2025:400)";

catalog!(
    /// What the report is about (the seeds' topics).
    LexSarahTopic {
        Documentation => ("dokumentation", "Dokumentation"),
        Handling => ("handlaggning", "Handläggning och beslut"),
        Treatment => ("bemotande", "Bemötande"),
        Safety => ("sakerhet", "Säkerhet och skydd"),
        Care => ("vard_omsorg", "Vård och omsorg i placering"),
        Confidentiality => ("sekretess", "Sekretess och integritet"),
        Other => ("annat", "Annat"),
    }
);

catalog!(
    /// Why a provider is reported under 27 kap. 7 §.
    ProviderGround {
        NoPermit => ("utan_tillstand", "Bedrivs utan tillstånd som krävs"),
        Suitability => ("lamplighet", "Tillståndshavarens lämplighet kan ifrågasättas"),
        SeriousShortcomings => ("allvarliga_brister", "Allvarliga brister i verksamheten"),
    }
);

/// One entry of a Lex Sarah record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum LexSarahEntry {
    /// The report (rapport), by any staff member (2 §).
    Reported {
        /// When it happened or was noticed.
        happened_on: Date,
        /// The unit it concerns.
        unit: UnitId,
        topic: LexSarahTopic,
        /// A påtaglig risk (rather than a missförhållande that happened).
        risk_only: bool,
        what: String,
        /// What was done at once.
        immediate_action: Option<String>,
        /// The person it concerns, as the reporter identified them (a
        /// personnummer or a description); never shown in statistics.
        concerns: Option<String>,
        /// A contracted provider (HVB, family-home organisation) it
        /// happened at: its name as the report gave it (free text in
        /// reports written before the catalogue was used; the catalogue's
        /// name at the time for later ones).
        provider: Option<String>,
        /// The provider's code in the economy's providers' catalogue, when
        /// chosen from it (absent in older reports).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider_code: Option<String>,
        /// The case (and so the child) the report concerns, chosen by the
        /// reporter through a look-up of the cases they may read.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<CaseId>,
    },
    /// The provider chosen from the catalogue by the quality lead (a report
    /// that named none, or named one as free text).
    ProviderChosen { code: String, name: String },
    /// Received by the lex Sarah-ansvarig, with the investigator named (5 §).
    Received { investigator: UserId },
    /// Assessed: serious (allvarligt) or not, and why.
    Assessed { serious: bool, motivation: String },
    /// The investigation (5 §).
    Investigated {
        consequences: String,
        causes: String,
        recurrence_risk: String,
        preventive: String,
    },
    /// A measure decided, with who is responsible and by when.
    MeasureAdded {
        what: String,
        responsible: String,
        due: Date,
    },
    /// A measure carried out (numbered from 1 in the order added).
    MeasureDone { number: u32 },
    /// Reported to IVO (6 §), with the investigation attached or not.
    ReportedToIvo {
        on: Date,
        investigation_attached: bool,
    },
    /// The investigation sent to IVO after the report.
    InvestigationSentToIvo { on: Date },
    /// The provider reported to IVO (7 §).
    ProviderReportedToIvo { on: Date, ground: ProviderGround },
    /// The affected person (or guardian) informed.
    PersonInformed { on: Date, how: String },
    /// The head of the social services and the committee's chair informed
    /// of a serious case.
    ManagementInformed { on: Date },
    /// Closed, with the decision.
    Closed { decision: String },
}

/// A measure of the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measure {
    pub what: String,
    pub responsible: String,
    pub due: Date,
    pub done: bool,
}

/// A Lex Sarah record, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LexSarah {
    pub reported: Option<(Date, UserId)>,
    pub happened_on: Option<Date>,
    pub unit: Option<UnitId>,
    pub topic: Option<LexSarahTopic>,
    pub risk_only: bool,
    /// The provider's name (see [`LexSarahEntry::Reported`]).
    pub provider: Option<String>,
    /// The provider's code in the catalogue, if chosen from it.
    pub provider_code: Option<String>,
    /// The case the report concerns, if linked.
    pub case: Option<CaseId>,
    pub received_on: Option<Date>,
    pub investigator: Option<UserId>,
    /// `Some(true)` serious, `Some(false)` not serious, `None` not assessed.
    pub serious: Option<bool>,
    pub assessed_on: Option<Date>,
    pub investigated_on: Option<Date>,
    pub measures: Vec<Measure>,
    pub reported_to_ivo: Option<Date>,
    pub investigation_attached: bool,
    pub investigation_sent: Option<Date>,
    pub provider_reported: Option<Date>,
    pub person_informed: Option<Date>,
    pub management_informed: Option<Date>,
    pub closed_on: Option<Date>,
}

impl LexSarah {
    /// The investigation reached IVO (attached to the report, or sent after).
    pub fn investigation_at_ivo(&self) -> bool {
        self.reported_to_ivo.is_some()
            && (self.investigation_attached || self.investigation_sent.is_some())
    }

    /// The status code (see [`STATUSES`]).
    pub fn status(&self) -> &'static str {
        if self.closed_on.is_some() {
            "closed"
        } else if self.investigated_on.is_some() {
            "investigated"
        } else if self.received_on.is_some() {
            "investigating"
        } else {
            "reported"
        }
    }
}

/// The statuses, in order, with their Swedish labels.
pub const STATUSES: &[(&str, &str)] = &[
    ("reported", "Rapporterad"),
    ("investigating", "Under utredning"),
    ("investigated", "Utredd"),
    ("closed", "Avslutad"),
];

fn handler_only(writer: Writer) -> Result<(), Refusal> {
    if writer.handles {
        Ok(())
    } else {
        Err(Refusal::new(
            "Bara den som är lex Sarah-ansvarig kan utreda och avsluta rapporter.",
        ))
    }
}

fn not_in_future(on: Date, today: Date, what: &str) -> Result<(), Refusal> {
    if on > today {
        Err(Refusal::new(format!(
            "Datumet för {what} kan inte ligga efter i dag ({today})."
        )))
    } else {
        Ok(())
    }
}

fn short(what: &str, value: &str) -> Result<(), Refusal> {
    super::text(what, value, TEXT_MAX).map(|_| ())
}

impl Register for LexSarah {
    const KIND: RegisterKind = RegisterKind::LexSarah;
    type Entry = LexSarahEntry;
    type State = LexSarah;

    fn entry_code(entry: &LexSarahEntry) -> &'static str {
        use LexSarahEntry::*;
        match entry {
            Reported { .. } => "reported",
            ProviderChosen { .. } => "provider_chosen",
            Received { .. } => "received",
            Assessed { .. } => "assessed",
            Investigated { .. } => "investigated",
            MeasureAdded { .. } => "measure_added",
            MeasureDone { .. } => "measure_done",
            ReportedToIvo { .. } => "reported_to_ivo",
            InvestigationSentToIvo { .. } => "investigation_sent_to_ivo",
            ProviderReportedToIvo { .. } => "provider_reported_to_ivo",
            PersonInformed { .. } => "person_informed",
            ManagementInformed { .. } => "management_informed",
            Closed { .. } => "closed",
        }
    }

    fn apply(s: &mut LexSarah, w: &Written<LexSarahEntry>) {
        use LexSarahEntry::*;
        match &w.entry {
            Reported {
                happened_on,
                unit,
                topic,
                risk_only,
                provider,
                provider_code,
                case,
                ..
            } => {
                s.reported = Some((w.on, w.by));
                s.happened_on = Some(*happened_on);
                s.unit = Some(*unit);
                s.topic = Some(*topic);
                s.risk_only = *risk_only;
                s.provider = provider.clone();
                s.provider_code = provider_code.clone();
                s.case = *case;
            }
            ProviderChosen { code, name } => {
                s.provider = Some(name.clone());
                s.provider_code = Some(code.clone());
            }
            Received { investigator } => {
                s.received_on = Some(w.on);
                s.investigator = Some(*investigator);
            }
            Assessed { serious, .. } => {
                s.serious = Some(*serious);
                s.assessed_on = Some(w.on);
            }
            Investigated { .. } => s.investigated_on = Some(w.on),
            MeasureAdded {
                what,
                responsible,
                due,
            } => s.measures.push(Measure {
                what: what.clone(),
                responsible: responsible.clone(),
                due: *due,
                done: false,
            }),
            MeasureDone { number } => {
                if let Some(m) = (*number as usize)
                    .checked_sub(1)
                    .and_then(|i| s.measures.get_mut(i))
                {
                    m.done = true;
                }
            }
            ReportedToIvo {
                on,
                investigation_attached,
            } => {
                s.reported_to_ivo = Some(*on);
                s.investigation_attached = *investigation_attached;
            }
            InvestigationSentToIvo { on } => s.investigation_sent = Some(*on),
            ProviderReportedToIvo { on, .. } => s.provider_reported = Some(*on),
            PersonInformed { on, .. } => s.person_informed = Some(*on),
            ManagementInformed { on } => s.management_informed = Some(*on),
            Closed { .. } => s.closed_on = Some(w.on),
        }
    }

    fn check(
        s: &LexSarah,
        entry: &LexSarahEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        use LexSarahEntry::*;
        let Some((_, reporter)) = s.reported else {
            return match entry {
                Reported {
                    happened_on,
                    what,
                    provider,
                    provider_code,
                    ..
                } => {
                    not_in_future(*happened_on, today, "händelsen")?;
                    if provider_code.is_some() && provider.is_none() {
                        return Err(Refusal::new("Utföraren saknar namn."));
                    }
                    if let Some(p) = provider {
                        super::text("utförarens namn", p, PROVIDER_NAME_MAX)?;
                    }
                    short("vad som hänt", what)
                }
                _ => Err(Refusal::new("Rapporten måste finnas först.")),
            };
        };
        if s.closed_on.is_some() {
            return Err(Refusal::new(
                "Rapporten är avslutad. Inget mer kan registreras i den.",
            ));
        }
        match entry {
            Reported { .. } => Err(Refusal::new("Rapporten är redan registrerad.")),
            ProviderChosen { code, name } => {
                handler_only(writer)?;
                if s.provider_reported.is_some() {
                    return Err(Refusal::new(
                        "Utföraren är redan anmäld till IVO enligt 27 kap. 7 § och kan inte bytas.",
                    ));
                }
                if code.trim().is_empty() {
                    return Err(Refusal::new("Välj en utförare ur katalogen."));
                }
                super::text("utförarens namn", name, PROVIDER_NAME_MAX).map(|_| ())
            }
            Received { investigator } => {
                handler_only(writer)?;
                if s.received_on.is_some() {
                    return Err(Refusal::new("Rapporten är redan mottagen."));
                }
                if *investigator == reporter {
                    return Err(Refusal::new(
                        "Den som rapporterade kan inte utreda sin egen rapport. Välj en utredare som inte varit inblandad.",
                    ));
                }
                Ok(())
            }
            Assessed { motivation, .. } => {
                handler_only(writer)?;
                if s.received_on.is_none() {
                    return Err(Refusal::new(
                        "Ta emot rapporten och utse utredare innan allvarlighetsgraden bedöms.",
                    ));
                }
                if s.reported_to_ivo.is_some() {
                    return Err(Refusal::new(
                        "Ärendet är redan anmält till IVO som allvarligt.",
                    ));
                }
                short("motiveringen", motivation)
            }
            Investigated {
                consequences,
                causes,
                recurrence_risk,
                preventive,
            } => {
                handler_only(writer)?;
                if s.received_on.is_none() {
                    return Err(Refusal::new("Ta emot rapporten innan den utreds."));
                }
                if s.investigated_on.is_some() {
                    return Err(Refusal::new("Utredningen är redan registrerad."));
                }
                short("konsekvenserna", consequences)?;
                short("orsakerna", causes)?;
                short("risken för upprepning", recurrence_risk)?;
                short("förebyggande åtgärder", preventive)
            }
            MeasureAdded {
                what, responsible, ..
            } => {
                handler_only(writer)?;
                short("åtgärden", what)?;
                short("vem som är ansvarig", responsible)
            }
            MeasureDone { number } => {
                handler_only(writer)?;
                match (*number as usize)
                    .checked_sub(1)
                    .and_then(|i| s.measures.get(i))
                {
                    None => Err(Refusal::new("Det finns ingen sådan åtgärd.")),
                    Some(m) if m.done => Err(Refusal::new("Åtgärden är redan genomförd.")),
                    Some(_) => Ok(()),
                }
            }
            ReportedToIvo {
                on,
                investigation_attached,
            } => {
                handler_only(writer)?;
                not_in_future(*on, today, "anmälan")?;
                if s.serious != Some(true) {
                    return Err(Refusal::new(
                        "Bara ett allvarligt missförhållande anmäls till IVO enligt 27 kap. 6 §. Bedöm det som allvarligt först.",
                    ));
                }
                if s.reported_to_ivo.is_some() {
                    return Err(Refusal::new("Anmälan till IVO är redan registrerad."));
                }
                if *investigation_attached && s.investigated_on.is_none() {
                    return Err(Refusal::new(
                        "Utredningen är inte klar och kan inte bifogas. Anmäl utan bifogad utredning och skicka den när den är klar.",
                    ));
                }
                Ok(())
            }
            InvestigationSentToIvo { on } => {
                handler_only(writer)?;
                not_in_future(*on, today, "utskicket")?;
                if s.reported_to_ivo.is_none() {
                    return Err(Refusal::new("Anmäl till IVO först."));
                }
                if s.investigation_at_ivo() {
                    return Err(Refusal::new("IVO har redan fått utredningen."));
                }
                if s.investigated_on.is_none() {
                    return Err(Refusal::new("Utredningen är inte klar ännu."));
                }
                Ok(())
            }
            ProviderReportedToIvo { on, .. } => {
                handler_only(writer)?;
                not_in_future(*on, today, "anmälan")?;
                if *on < PROVIDER_REPORT_IN_FORCE {
                    return Err(Refusal::new(format!(
                        "27 kap. 7 § gäller från {PROVIDER_REPORT_IN_FORCE}."
                    )));
                }
                if s.provider.is_none() {
                    return Err(Refusal::new(
                        "Rapporten gäller ingen utförare. En anmälan enligt 27 kap. 7 § gäller en verksamhet som kräver tillstånd.",
                    ));
                }
                if s.provider_code.is_none() {
                    return Err(Refusal::new(
                        "Utföraren är angiven som fritext. Välj utföraren ur utförarkatalogen först, så att anmälan hamnar i utförarens akt.",
                    ));
                }
                if s.provider_reported.is_some() {
                    return Err(Refusal::new("Utföraren är redan anmäld till IVO."));
                }
                Ok(())
            }
            PersonInformed { on, how } => {
                handler_only(writer)?;
                not_in_future(*on, today, "informationen")?;
                short("hur den enskilde informerades", how)
            }
            ManagementInformed { on } => {
                handler_only(writer)?;
                not_in_future(*on, today, "informationen")?;
                if s.serious != Some(true) {
                    return Err(Refusal::new(
                        "Socialchef och ordförande informeras om allvarliga missförhållanden. Bedöm det som allvarligt först.",
                    ));
                }
                Ok(())
            }
            Closed { decision } => {
                handler_only(writer)?;
                short("beslutet", decision)?;
                let mut missing = Vec::new();
                if s.investigated_on.is_none() {
                    missing.push("utredningen");
                }
                if s.serious.is_none() {
                    missing.push("bedömningen av allvarlighetsgraden");
                }
                if s.serious == Some(true) {
                    if s.reported_to_ivo.is_none() {
                        missing.push("anmälan till IVO");
                    } else if !s.investigation_at_ivo() {
                        missing.push("utredningen till IVO");
                    }
                    if s.management_informed.is_none() {
                        missing.push("information till socialchef och ordförande");
                    }
                }
                if s.person_informed.is_none() {
                    missing.push("information till den enskilde");
                }
                if missing.is_empty() {
                    Ok(())
                } else {
                    Err(Refusal::new(format!(
                        "Rapporten kan inte avslutas än. Det saknas: {}.",
                        missing.join(", ")
                    )))
                }
            }
        }
    }

    fn head(s: &LexSarah) -> Option<Head> {
        let (opened_on, reported_by) = s.reported?;
        Some(Head {
            unit: s.unit?,
            reported_by: Some(reported_by),
            opened_on,
            closed_on: s.closed_on,
            status: s.status(),
            category: s.topic.map(|t| t.code().to_string()),
            serious: s.serious == Some(true),
            handler: s.investigator,
            reported_externally: s.reported_to_ivo.is_some(),
            measures: u32::try_from(s.measures.len()).unwrap_or(u32::MAX),
            measures_done: u32::try_from(s.measures.iter().filter(|m| m.done).count())
                .unwrap_or(u32::MAX),
            gender: None,
            age_band: None,
        })
    }

    fn deadlines(s: &LexSarah) -> Vec<RegisterDeadline> {
        let mut out = Vec::new();
        let Some((reported_on, _)) = s.reported else {
            return out;
        };
        if s.closed_on.is_some() {
            return out;
        }
        match (s.received_on, s.investigated_on) {
            (None, _) => out.push(RegisterDeadline {
                what: "receive",
                label: "Ta emot, dokumentera och utse utredare (genast)",
                due: reported_on,
                citation: CITE_INVESTIGATE,
            }),
            (Some(received), None) => out.push(RegisterDeadline {
                what: "investigate",
                label: "Utredningen klar (rutinens frist)",
                due: add_days(received, INVESTIGATION_DAYS),
                citation: CITE_INVESTIGATE,
            }),
            _ => {}
        }
        if s.serious == Some(true) {
            match s.reported_to_ivo {
                None => out.push(RegisterDeadline {
                    what: "report_to_ivo",
                    label: "Anmäl till IVO (snarast)",
                    due: s.assessed_on.unwrap_or(reported_on),
                    citation: CITE_IVO,
                }),
                Some(_) if !s.investigation_at_ivo() => {
                    if let Some(done) = s.investigated_on {
                        out.push(RegisterDeadline {
                            what: "investigation_to_ivo",
                            label: "Skicka utredningen till IVO",
                            due: add_days(done, INVESTIGATION_TO_IVO_DAYS),
                            citation: CITE_INVESTIGATION_TO_IVO,
                        });
                    }
                }
                Some(_) => {}
            }
        }
        for (i, m) in s.measures.iter().enumerate() {
            if !m.done {
                out.push(RegisterDeadline {
                    what: "measure",
                    label: if i == 0 {
                        "Åtgärd genomförd"
                    } else {
                        "Åtgärd genomförd (fler)"
                    },
                    due: m.due,
                    citation: CITE_INVESTIGATE,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{decide, fold};
    use jiff::Timestamp;

    const REPORTER: UserId = UserId(1);
    const LEAD: UserId = UserId(2);
    const INVESTIGATOR: UserId = UserId(3);

    fn staff(user: UserId) -> Writer {
        Writer {
            user,
            handles: false,
        }
    }
    fn lead() -> Writer {
        Writer {
            user: LEAD,
            handles: true,
        }
    }

    fn report() -> LexSarahEntry {
        LexSarahEntry::Reported {
            happened_on: date(2026, 3, 2),
            unit: UnitId(1),
            topic: LexSarahTopic::Documentation,
            risk_only: false,
            what: "Journalanteckningar saknas i ett ärende.".into(),
            immediate_action: None,
            concerns: None,
            provider: None,
            provider_code: None,
            case: None,
        }
    }

    /// Write `entries` in order, each checked; panics on a refusal.
    fn record(entries: &[(Writer, LexSarahEntry)], on: Date) -> LexSarah {
        let mut s = LexSarah::default();
        for (w, e) in entries {
            let (next, _) = decide::<LexSarah>(&s, e, *w, on, Timestamp::UNIX_EPOCH)
                .unwrap_or_else(|r| panic!("{e:?}: {r}"));
            s = next;
        }
        s
    }

    #[test]
    fn a_report_is_due_at_once_and_the_reporter_may_not_investigate() {
        let day = date(2026, 3, 3);
        let s = record(&[(staff(REPORTER), report())], day);
        assert_eq!(s.status(), "reported");
        let d = LexSarah::deadlines(&s);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].what, d[0].due), ("receive", day));
        let own = LexSarahEntry::Received {
            investigator: REPORTER,
        };
        assert!(LexSarah::check(&s, &own, lead(), day).is_err());
        // Staff who do not handle Lex Sarah cannot receive it.
        let other = LexSarahEntry::Received {
            investigator: INVESTIGATOR,
        };
        assert!(LexSarah::check(&s, &other, staff(INVESTIGATOR), day).is_err());
        assert!(LexSarah::check(&s, &other, lead(), day).is_ok());
    }

    #[test]
    fn a_serious_case_is_due_at_ivo_on_the_day_it_is_assessed_and_the_investigation_follows() {
        let day = date(2026, 3, 3);
        let s = record(
            &[
                (staff(REPORTER), report()),
                (
                    lead(),
                    LexSarahEntry::Received {
                        investigator: INVESTIGATOR,
                    },
                ),
                (
                    lead(),
                    LexSarahEntry::Assessed {
                        serious: true,
                        motivation: "En dom har inte delgetts.".into(),
                    },
                ),
            ],
            day,
        );
        let d = LexSarah::deadlines(&s);
        assert!(
            d.iter()
                .any(|x| x.what == "report_to_ivo" && x.due == day && x.citation == CITE_IVO)
        );
        assert!(
            d.iter()
                .any(|x| x.what == "investigate" && x.due == add_days(day, INVESTIGATION_DAYS))
        );
        // The investigation cannot be attached before it exists.
        let attached = LexSarahEntry::ReportedToIvo {
            on: day,
            investigation_attached: true,
        };
        assert!(LexSarah::check(&s, &attached, lead(), day).is_err());
        let later = date(2026, 3, 10);
        let s = record(
            &[
                (staff(REPORTER), report()),
                (
                    lead(),
                    LexSarahEntry::Received {
                        investigator: INVESTIGATOR,
                    },
                ),
                (
                    lead(),
                    LexSarahEntry::Assessed {
                        serious: true,
                        motivation: "En dom har inte delgetts.".into(),
                    },
                ),
                (
                    lead(),
                    LexSarahEntry::ReportedToIvo {
                        on: day,
                        investigation_attached: false,
                    },
                ),
                (
                    lead(),
                    LexSarahEntry::Investigated {
                        consequences: "a".into(),
                        causes: "b".into(),
                        recurrence_risk: "c".into(),
                        preventive: "d".into(),
                    },
                ),
            ],
            later,
        );
        let d = LexSarah::deadlines(&s);
        assert_eq!(
            d.iter()
                .map(|x| (x.what, x.due, x.citation))
                .collect::<Vec<_>>(),
            vec![(
                "investigation_to_ivo",
                add_days(later, INVESTIGATION_TO_IVO_DAYS),
                CITE_INVESTIGATION_TO_IVO
            )]
        );
        // A serious case cannot be closed until IVO has the investigation
        // and the persons are informed.
        let close = LexSarahEntry::Closed {
            decision: "Avslutas.".into(),
        };
        let refused = LexSarah::check(&s, &close, lead(), later).unwrap_err();
        assert!(refused.0.contains("utredningen till IVO"), "{refused}");
        assert!(refused.0.contains("socialchef"), "{refused}");
    }

    #[test]
    fn only_a_serious_case_is_reported_to_ivo_and_a_provider_only_from_2026() {
        let day = date(2026, 3, 3);
        let s = record(&[(staff(REPORTER), report())], day);
        let ivo = LexSarahEntry::ReportedToIvo {
            on: day,
            investigation_attached: false,
        };
        assert!(LexSarah::check(&s, &ivo, lead(), day).is_err());
        let provider = LexSarahEntry::ProviderReportedToIvo {
            on: day,
            ground: ProviderGround::SeriousShortcomings,
        };
        // No provider named.
        assert!(LexSarah::check(&s, &provider, lead(), day).is_err());
        let mut with_provider = report();
        if let LexSarahEntry::Reported { provider, .. } = &mut with_provider {
            *provider = Some("HVB Exempelgården".into());
        }
        // Named as free text only: chosen from the catalogue first.
        let free = record(&[(staff(REPORTER), with_provider.clone())], day);
        let refused = LexSarah::check(&free, &provider, lead(), day).unwrap_err();
        assert!(refused.0.contains("utförarkatalogen"), "{refused}");
        let chosen = LexSarahEntry::ProviderChosen {
            code: "u7".into(),
            name: "HVB Exempelgården".into(),
        };
        assert!(LexSarah::check(&free, &chosen, staff(REPORTER), day).is_err());
        let s = record(
            &[(staff(REPORTER), with_provider), (lead(), chosen.clone())],
            day,
        );
        assert_eq!(s.provider_code.as_deref(), Some("u7"));
        assert!(LexSarah::check(&s, &provider, lead(), day).is_ok());
        // Once reported to IVO, the provider stays.
        let (reported, _) =
            decide::<LexSarah>(&s, &provider, lead(), day, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(reported.provider_reported, Some(day));
        assert!(LexSarah::check(&reported, &chosen, lead(), day).is_err());
        let early = LexSarahEntry::ProviderReportedToIvo {
            on: date(2025, 12, 31),
            ground: ProviderGround::NoPermit,
        };
        assert!(LexSarah::check(&s, &early, lead(), day).is_err());
    }

    #[test]
    fn the_fold_of_the_entries_is_the_state_decide_gave() {
        let day = date(2026, 3, 3);
        let mut s = LexSarah::default();
        let mut written = Vec::new();
        for (w, e) in [
            (staff(REPORTER), report()),
            (
                lead(),
                LexSarahEntry::Received {
                    investigator: INVESTIGATOR,
                },
            ),
            (
                lead(),
                LexSarahEntry::MeasureAdded {
                    what: "Rutin ses över".into(),
                    responsible: "Enhetschef".into(),
                    due: date(2026, 4, 1),
                },
            ),
            (lead(), LexSarahEntry::MeasureDone { number: 1 }),
        ] {
            let (next, wr) = decide::<LexSarah>(&s, &e, w, day, Timestamp::UNIX_EPOCH).unwrap();
            s = next;
            written.push(wr);
        }
        assert_eq!(fold::<LexSarah>(&written), s);
        assert!(s.measures[0].done);
        let again = LexSarahEntry::MeasureDone { number: 1 };
        assert!(LexSarah::check(&s, &again, lead(), day).is_err());
        let head = LexSarah::head(&s).unwrap();
        assert_eq!(head.status, "investigating");
        assert_eq!(head.handler, Some(INVESTIGATOR));
        assert_eq!(head.category.as_deref(), Some("dokumentation"));
    }

    #[test]
    fn a_report_names_its_provider_and_case_and_an_old_one_still_reads() {
        let day = date(2026, 3, 3);
        let case = CaseId::from_u128(42);
        let mut e = report();
        if let LexSarahEntry::Reported {
            provider,
            provider_code,
            case: c,
            ..
        } = &mut e
        {
            *provider = Some("HVB Exempelgården".into());
            *provider_code = Some("u7".into());
            *c = Some(case);
        }
        let s = record(&[(staff(REPORTER), e.clone())], day);
        assert_eq!(s.case, Some(case));
        assert_eq!(s.provider_code.as_deref(), Some("u7"));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<LexSarahEntry>(&json).unwrap(), e);
        // A code without a name, or an overlong name, is refused.
        if let LexSarahEntry::Reported { provider, .. } = &mut e {
            *provider = None;
        }
        assert!(LexSarah::check(&LexSarah::default(), &e, staff(REPORTER), day).is_err());
        if let LexSarahEntry::Reported { provider, .. } = &mut e {
            *provider = Some("x".repeat(PROVIDER_NAME_MAX + 1));
        }
        assert!(LexSarah::check(&LexSarah::default(), &e, staff(REPORTER), day).is_err());
        // A report stored before the catalogue and the case link: the
        // provider as free text, no code, no case.
        let old = r#"{"entry":"reported","happened_on":"2025-05-02","unit":1,"topic":"care","risk_only":false,"what":"Brist.","immediate_action":null,"concerns":null,"provider":"HVB Fritext"}"#;
        let e: LexSarahEntry = serde_json::from_str(old).unwrap();
        let s = record(&[(staff(REPORTER), e)], day);
        assert_eq!(s.provider.as_deref(), Some("HVB Fritext"));
        assert_eq!(s.provider_code, None);
        assert_eq!(s.case, None);
        // Without a code the JSON keeps its old form.
        let json = serde_json::to_string(&report()).unwrap();
        assert!(
            !json.contains("provider_code") && !json.contains("\"case\""),
            "{json}"
        );
    }

    #[test]
    fn entries_round_trip_through_json() {
        let e = report();
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains("\"entry\":\"reported\""), "{json}");
        assert_eq!(serde_json::from_str::<LexSarahEntry>(&json).unwrap(), e);
        assert_eq!(LexSarah::entry_code(&e), "reported");
    }
}
