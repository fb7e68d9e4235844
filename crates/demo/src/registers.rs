//! The quality system's registers in the demo: the last two years of Lex
//! Sarah reports (about five a year, as in the seeds; two of them serious
//! and reported to IVO, one of those still open with the investigation to
//! send) and incidents (about thirty a year, in every category, some
//! raised to Lex Sarah, the newest still open). Every entry is written
//! through the domain's `decide`, so the demo holds nothing the rules
//! would refuse.

use crate::DemoData;
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tillit_domain::calendar::add_days;
use tillit_domain::catalog::{ConcernCategory, Gender, ReporterCategory};
use tillit_domain::economy::care::ProviderCategory;
use tillit_domain::register::complaint::{
    Channel, Complaint, ComplaintEntry, ComplaintKind, E_SERVICE,
};
use tillit_domain::register::incident::{Incident, IncidentCategory, IncidentEntry};
use tillit_domain::register::internal_control::{Control, ControlArea, ControlEntry, Frequency};
use tillit_domain::register::lex_sarah::{
    LexSarah, LexSarahEntry, LexSarahTopic, PROVIDER_REPORT_IN_FORCE, ProviderGround,
};
use tillit_domain::register::self_audit::{
    Answer, Candidate, Checklist, ItemAnswer, SelfAudit, SelfAuditEntry, draw_sample,
};
use tillit_domain::register::service::{AgeBand, ServiceEntry, ServiceKind, ServiceMatter};
use tillit_domain::register::submission::{
    E_SERVICE as PUBLIC, GivenChild, GivenReporter, Submission, SubmissionEntry,
};
use tillit_domain::register::{Register, Writer, Written, decide};
use tillit_domain::role::Role;
use tillit_domain::{RecordId, UnitId, UserId};

/// One record of the demo with its entries in order.
#[derive(Clone, Debug, PartialEq)]
pub enum DemoRecord {
    LexSarah(RecordId, Vec<Written<LexSarahEntry>>),
    Incident(RecordId, Vec<Written<IncidentEntry>>),
    Complaint(RecordId, Vec<Written<ComplaintEntry>>),
    Control(RecordId, Vec<Written<ControlEntry>>),
    Service(RecordId, Vec<Written<ServiceEntry>>),
    Submission(RecordId, Vec<Written<SubmissionEntry>>),
    SelfAudit(RecordId, Vec<Written<SelfAuditEntry>>),
}

/// A record being written: each entry decided on the state so far.
struct Builder<R: Register> {
    state: R::State,
    entries: Vec<Written<R::Entry>>,
}

impl<R: Register> Builder<R> {
    fn new() -> Self {
        Self {
            state: R::State::default(),
            entries: Vec::new(),
        }
    }

    /// Write `entry` by `user` on `on` (09:00 UTC); an entry the rules
    /// refuse is a bug in this generator.
    fn write(&mut self, entry: R::Entry, user: UserId, handles: bool, on: Date) -> &mut Self {
        let at = on
            .at(9, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let writer = Writer { user, handles };
        let (next, written) = decide::<R>(&self.state, &entry, writer, on, at)
            .unwrap_or_else(|r| panic!("demo register entry refused: {r}: {entry:?}"));
        self.state = next;
        self.entries.push(written);
        self
    }
}

const WHAT: [&str; 6] = [
    "En dom från förvaltningsrätten har inte delgetts vårdnadshavaren i tid.",
    "Journalanteckningar från ett hembesök saknas i akten.",
    "Ett beslut om umgängesbegränsning verkställdes inte.",
    "Vistelseadressen för ett placerat barn skickades till fel mottagare.",
    "Ett barn placerades i ett jourhem utan att jourhemmet hade utretts.",
    "Uppföljningen av en placering gjordes inte inom den tid som planen angav.",
];

/// The demo's register records, seeded: the same data gives the same records.
pub fn generate(data: &DemoData, seed: u64) -> Vec<DemoRecord> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5A7A_0001);
    let staff: Vec<(UserId, Option<UnitId>)> = data
        .users
        .iter()
        .filter(|u| {
            matches!(
                u.role,
                Role::Caseworker | Role::TeamLead | Role::UnitManager
            )
        })
        .map(|u| (u.id, u.unit))
        .collect();
    let lead = data
        .users
        .iter()
        .find(|u| u.role == Role::QualityLead)
        .map(|u| u.id);
    let managers: Vec<(UserId, UnitId)> = data
        .users
        .iter()
        .filter(|u| u.role == Role::UnitManager)
        .filter_map(|u| u.unit.map(|unit| (u.id, unit)))
        .collect();
    let (Some(lead), false) = (lead, staff.is_empty() || data.units.is_empty()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let end = data.end;
    let first = add_days(end, -730);
    let day_in = |rng: &mut ChaCha8Rng, from: Date, to: Date| {
        let span = (to - from).get_days().max(1);
        add_days(from, rng.random_range(0..i64::from(span)))
    };

    // The providers' catalogue the economy loads, and the placements at
    // its contracted providers: four of the reports are about a placement
    // there (the provider chosen from the catalogue, the case linked by
    // the reporter, who works in the case's unit); a reporter whose unit
    // placed nobody there keeps the older reports' free-text provider.
    let placements = crate::economy::placements(data);
    let catalogue = crate::economy::catalogue(&placements, end.year());
    let at_provider = |unit: UnitId, before: Date, nth: usize| {
        let found: Vec<(String, String, tillit_domain::CaseId)> = placements
            .iter()
            .filter(|p| p.unit == Some(unit) && p.start < before)
            .filter_map(|p| {
                let c = catalogue.provider(&p.provider_name)?;
                matches!(
                    c.category,
                    ProviderCategory::ContractedHvb | ProviderCategory::FamilyHomeOrganisation
                )
                .then(|| (c.code.clone(), c.name.clone(), p.case))
            })
            .collect();
        (!found.is_empty()).then(|| found[nth % found.len()].clone())
    };

    // Lex Sarah: five a year.
    for i in 0..10 {
        let (reporter, unit) = staff[rng.random_range(0..staff.len())];
        let unit = unit.unwrap_or(data.units[0].id);
        let reported = day_in(&mut rng, first, add_days(end, -20));
        let investigator = staff
            .iter()
            .map(|(u, _)| *u)
            .find(|u| *u != reporter)
            .unwrap_or(lead);
        let mut topic = LexSarahTopic::ENTRIES[i % LexSarahTopic::ENTRIES.len()].value;
        let placed = if matches!(i, 1 | 4 | 6 | 8) {
            at_provider(unit, reported, i)
        } else {
            None
        };
        if placed.is_some() {
            topic = LexSarahTopic::Care;
        }
        let mut b = Builder::<LexSarah>::new();
        b.write(
            LexSarahEntry::Reported {
                happened_on: add_days(reported, -1),
                unit,
                topic,
                risk_only: i % 4 == 3,
                what: if placed.is_some() {
                    "Barnet har vid upprepade tillfällen lämnats utan tillsyn på boendet nattetid."
                        .into()
                } else {
                    WHAT[i % WHAT.len()].into()
                },
                immediate_action: Some("Ansvarig chef informerades samma dag.".into()),
                concerns: None,
                provider: placed
                    .as_ref()
                    .map(|(_, name, _)| name.clone())
                    .or_else(|| (topic == LexSarahTopic::Care).then(|| "HVB Exempelgården".into())),
                provider_code: placed.as_ref().map(|(code, _, _)| code.clone()),
                case: placed.as_ref().map(|(_, _, case)| *case),
            },
            reporter,
            false,
            reported,
        );
        b.write(
            LexSarahEntry::Received { investigator },
            lead,
            true,
            add_days(reported, 1),
        );
        // The two serious ones: the first closed, the last (the newest)
        // reported to IVO with the investigation still to send.
        let serious = i == 0 || i == 9;
        b.write(
            LexSarahEntry::Assessed {
                serious,
                motivation: if serious {
                    "Barnets rättssäkerhet har påverkats allvarligt.".into()
                } else {
                    "Brist i rutin utan allvarliga följder för den enskilde.".into()
                },
            },
            lead,
            true,
            add_days(reported, 2),
        );
        if serious {
            b.write(
                LexSarahEntry::ReportedToIvo {
                    on: add_days(reported, 3),
                    investigation_attached: false,
                },
                lead,
                true,
                add_days(reported, 3),
            );
            b.write(
                LexSarahEntry::ManagementInformed {
                    on: add_days(reported, 3),
                },
                lead,
                true,
                add_days(reported, 3),
            );
        }
        let investigated = add_days(reported, 12);
        if i == 9 && investigated > end {
            out.push(DemoRecord::LexSarah(
                RecordId::from_u128(0x5A7A_0000 + i as u128),
                b.entries,
            ));
            continue;
        }
        b.write(
            LexSarahEntry::Investigated {
                consequences: "Den enskilde fick inte den information som hen hade rätt till."
                    .into(),
                causes: "Rutinen för delgivning var inte känd av alla i arbetsgruppen.".into(),
                recurrence_risk: "Risken bedöms som låg när rutinen är införd.".into(),
                preventive: "Rutinen gås igenom på arbetsplatsträff varje halvår.".into(),
            },
            investigator,
            true,
            investigated,
        );
        b.write(
            LexSarahEntry::MeasureAdded {
                what: "Rutinen för delgivning revideras och gås igenom i alla arbetsgrupper."
                    .into(),
                responsible: "Enhetschef".into(),
                due: add_days(investigated, 45),
            },
            lead,
            true,
            investigated,
        );
        if i == 9 {
            // Open: the investigation is to be sent to IVO.
            out.push(DemoRecord::LexSarah(
                RecordId::from_u128(0x5A7A_0000 + i as u128),
                b.entries,
            ));
            continue;
        }
        if serious {
            b.write(
                LexSarahEntry::InvestigationSentToIvo { on: investigated },
                lead,
                true,
                investigated,
            );
        }
        // A provider's serious shortcomings, reported to IVO under 27 kap.
        // 7 § once it was in force.
        if placed.is_some() && investigated >= PROVIDER_REPORT_IN_FORCE {
            b.write(
                LexSarahEntry::ProviderReportedToIvo {
                    on: investigated,
                    ground: ProviderGround::SeriousShortcomings,
                },
                lead,
                true,
                investigated,
            );
        }
        let done = add_days(investigated, 30);
        if done <= end {
            b.write(LexSarahEntry::MeasureDone { number: 1 }, lead, true, done);
            b.write(
                LexSarahEntry::PersonInformed {
                    on: done,
                    how: "Brev och telefonsamtal från ansvarig chef.".into(),
                },
                lead,
                true,
                done,
            );
            b.write(
                LexSarahEntry::Closed {
                    decision: "Utredningen avslutas. Åtgärderna är genomförda.".into(),
                },
                lead,
                true,
                done,
            );
        }
        out.push(DemoRecord::LexSarah(
            RecordId::from_u128(0x5A7A_0000 + i as u128),
            b.entries,
        ));
    }

    // Incidents: about thirty a year.
    for i in 0..60u128 {
        let (reporter, unit) = staff[rng.random_range(0..staff.len())];
        let unit = unit.unwrap_or(data.units[0].id);
        let reported = day_in(&mut rng, first, end);
        let category =
            IncidentCategory::ENTRIES[rng.random_range(0..IncidentCategory::ENTRIES.len())].value;
        let mut b = Builder::<Incident>::new();
        b.write(
            IncidentEntry::Reported {
                happened_on: reported,
                unit,
                category,
                added: None,
                what: match category {
                    IncidentCategory::MissedMeeting => "Tolken kom inte till det bokade mötet.",
                    IncidentCategory::ItSupport => {
                        "Verksamhetssystemet gick inte att nå under förmiddagen."
                    }
                    IncidentCategory::Documentation => {
                        "Ett beslut saknade underskrift av delegaten."
                    }
                    _ => "Information till vårdnadshavaren skickades inte som planerat.",
                }
                .into(),
                cause: None,
            },
            reporter,
            false,
            reported,
        );
        let handler = managers
            .iter()
            .find(|(_, u)| *u == unit)
            .map(|(m, _)| *m)
            .unwrap_or(lead);
        let acted = add_days(reported, rng.random_range(1..20));
        if acted <= end {
            b.write(
                IncidentEntry::Acted {
                    action: "Rutinen förtydligades och arbetsgruppen informerades.".into(),
                },
                handler,
                true,
                acted,
            );
            let followed = add_days(acted, 30);
            if followed <= end {
                b.write(
                    IncidentEntry::FollowedUp {
                        result: "Inga nya avvikelser av samma slag.".into(),
                    },
                    handler,
                    true,
                    followed,
                );
                b.write(
                    IncidentEntry::Closed {
                        conclusion: "Åtgärden har haft avsedd effekt.".into(),
                    },
                    handler,
                    true,
                    followed,
                );
            }
        }
        out.push(DemoRecord::Incident(
            RecordId::from_u128(0x1AC1_0000 + i),
            b.entries,
        ));
    }

    // Complaints and feedback: about eight complaints a unit a year (as in
    // the seeds), with praise and suggestions beside them; most through the
    // e-service, some anonymous, some taken on the phone.
    for i in 0..(data.units.len() as u128 * 24) {
        let unit = data.units[(i as usize) % data.units.len()].id;
        let received = day_in(&mut rng, first, end);
        let kind = match i % 3 {
            0 | 1 => ComplaintKind::Complaint,
            _ if i % 2 == 0 => ComplaintKind::Praise,
            _ => ComplaintKind::Suggestion,
        };
        let anonymous = i % 4 == 0;
        let (writer, channel) = if i % 5 == 0 {
            (staff[(i as usize) % staff.len()].0, Channel::Phone)
        } else {
            (E_SERVICE, Channel::EService)
        };
        let mut b = Builder::<Complaint>::new();
        b.write(
            ComplaintEntry::Received {
                kind,
                unit,
                message: match kind {
                    ComplaintKind::Praise => "Tack för ett gott bemötande när vi behövde hjälp.",
                    ComplaintKind::Suggestion => "Det vore bra att kunna boka tid via webben.",
                    ComplaintKind::Complaint => {
                        "Jag har inte fått svar på mina samtal på två veckor."
                    }
                }
                .into(),
                contact: (!anonymous).then(|| "Telefon 070-000 00 00".into()),
                channel,
                receipt: format!("SY-DEMO-{:04}-{:04}", i / 10_000, i % 10_000),
            },
            writer,
            false,
            received,
        );
        let handler = managers
            .iter()
            .find(|(_, u)| *u == unit)
            .map(|(m, _)| *m)
            .unwrap_or(lead);
        let acted = add_days(received, rng.random_range(1..10));
        if acted <= end {
            b.write(
                ComplaintEntry::Assigned { to: handler },
                handler,
                true,
                acted,
            );
            b.write(
                ComplaintEntry::Acted {
                    action: "Ärendet gicks igenom med handläggaren.".into(),
                },
                handler,
                true,
                acted,
            );
            if !anonymous {
                b.write(
                    ComplaintEntry::Answered {
                        on: acted,
                        how: "Telefonsamtal från enhetschefen.".into(),
                    },
                    handler,
                    true,
                    acted,
                );
            }
            if add_days(acted, 7) <= end {
                b.write(
                    ComplaintEntry::Closed {
                        conclusion: "Besvarad och åtgärdad.".into(),
                    },
                    handler,
                    true,
                    add_days(acted, 7),
                );
            }
        }
        out.push(DemoRecord::Complaint(
            RecordId::from_u128(0xC0C1_0000 + i),
            b.entries,
        ));
    }

    // The internal control plan of this year and last: six risks each,
    // controlled each tertial that has passed, one with a deviation and a
    // measure.
    const RISKS: [(ControlArea, &str, u8, u8, &str); 6] = [
        (
            ControlArea::Legal,
            "Beslut delges inte vårdnadshavare i tid",
            3,
            4,
            "Stickprov på tio beslut",
        ),
        (
            ControlArea::Legal,
            "Förhandsbedömning görs inte inom 14 dagar",
            2,
            4,
            "Uttag ur Tillit av förhandsbedömningar",
        ),
        (
            ControlArea::Economy,
            "Placeringskostnader följer inte avtal",
            2,
            3,
            "Avstämning av fakturor mot avtal",
        ),
        (
            ControlArea::Information,
            "Behörigheter tas inte bort när någon slutar",
            2,
            3,
            "Genomgång av användare",
        ),
        (
            ControlArea::Staff,
            "Ny personal saknar introduktion i lex Sarah",
            3,
            2,
            "Genomgång av introduktionsplaner",
        ),
        (
            ControlArea::Quality,
            "Placerade barn besöks inte enligt plan",
            2,
            4,
            "Uttag ur Tillit av besök",
        ),
    ];
    for (y, year) in [end.year() - 1, end.year()].into_iter().enumerate() {
        let start = jiff::civil::date(year, 1, 15);
        for (i, (area, risk, likelihood, consequence, control)) in RISKS.iter().enumerate() {
            let unit = data.units[i % data.units.len()].id;
            let owner = managers
                .iter()
                .find(|(_, u)| *u == unit)
                .map(|(m, _)| *m)
                .unwrap_or(lead);
            let mut b = Builder::<Control>::new();
            b.write(
                ControlEntry::Identified {
                    year,
                    unit,
                    area: *area,
                    risk: (*risk).into(),
                    likelihood: *likelihood,
                    consequence: *consequence,
                    control: (*control).into(),
                    frequency: Frequency::Tertial,
                    responsible: "Enhetschef".into(),
                    method: "Slumpvis urval om tio ärenden per tertial".into(),
                },
                lead,
                true,
                start,
            );
            for month in [4i8, 8, 12] {
                let on = jiff::civil::date(year, month, 20);
                if on > end {
                    break;
                }
                let in_order = !(i == 0 && month == 4);
                b.write(
                    ControlEntry::Controlled {
                        on,
                        findings: if in_order {
                            "Inga avvikelser i urvalet.".into()
                        } else {
                            "Två av tio beslut saknade uppgift om delgivning.".into()
                        },
                        in_order,
                    },
                    owner,
                    true,
                    on,
                );
                if !in_order {
                    b.write(
                        ControlEntry::MeasureDecided {
                            what: "Rutinen för delgivning gås igenom på arbetsplatsträff.".into(),
                            responsible: "Enhetschef".into(),
                            due: add_days(on, 30),
                        },
                        owner,
                        true,
                        on,
                    );
                }
            }
            if y == 0 {
                let closed = jiff::civil::date(year, 12, 31);
                if closed <= end {
                    b.write(
                        ControlEntry::Closed {
                            assessment:
                                "Kontrollen har fungerat; risken kvarstår i nästa års plan.".into(),
                        },
                        lead,
                        true,
                        closed,
                    );
                }
            }
            out.push(DemoRecord::Control(
                RecordId::from_u128(0x1C00_0000 + (y as u128) * 100 + i as u128),
                b.entries,
            ));
        }
    }

    // Service matters: about 150 a year over the last two years, most
    // råd och stöd, many anonymous; closed after a few contacts.
    for i in 0..300u128 {
        let (caseworker, unit) = staff[(i as usize) % staff.len()];
        let unit = unit.unwrap_or(data.units[0].id);
        let started = day_in(&mut rng, first, end);
        let kind = match rng.random_range(0..10) {
            0..=5 => ServiceKind::Advice,
            6 | 7 => ServiceKind::Talks,
            8 => ServiceKind::ParentProgramme,
            _ => ServiceKind::Group,
        };
        let gender = if rng.random_range(0..2) == 0 {
            Gender::Female
        } else {
            Gender::Male
        };
        let age_band = AgeBand::ENTRIES[rng.random_range(0..AgeBand::ENTRIES.len())].value;
        let mut b = Builder::<ServiceMatter>::new();
        b.write(
            ServiceEntry::Opened {
                unit,
                kind,
                gender,
                age_band,
                started_on: started,
                who: None,
            },
            caseworker,
            true,
            started,
        );
        let mut last = started;
        for _ in 0..rng.random_range(1..5) {
            let on = add_days(last, rng.random_range(0..15));
            if on > end {
                break;
            }
            b.write(ServiceEntry::Contact { on }, caseworker, true, on);
            last = on;
        }
        let ended = add_days(last, 7);
        if ended <= end {
            b.write(
                ServiceEntry::Closed { ended_on: ended },
                caseworker,
                true,
                ended,
            );
        }
        out.push(DemoRecord::Service(
            RecordId::from_u128(0x5E00_0000 + i),
            b.entries,
        ));
    }

    // The e-service's queue: three reports of concern a working day over
    // the last two weeks, not yet registered; most from schools and
    // preschools asking for feedback, one from an anonymous private person,
    // one about a child in acute danger.
    let intake = data
        .units
        .iter()
        .find(|u| u.kind_code == "mottagning")
        .or(data.units.first())
        .map(|u| u.id);
    if let Some(intake) = intake {
        let mut day = add_days(end, -14);
        let mut n = 0u128;
        while day <= end {
            if tillit_domain::calendar::is_working_day(day) {
                for k in 0..3u8 {
                    let anonymous = n == 4;
                    let acute = n == 7;
                    let (category, organisation) = match n % 3 {
                        0 => (ReporterCategory::School, "Tillköpings skola"),
                        1 => (ReporterCategory::Preschool, "Förskolan Solrosen"),
                        _ => (ReporterCategory::HealthCare, "Barnavårdscentralen"),
                    };
                    let reporter = if anonymous {
                        GivenReporter {
                            mandatory: false,
                            category: ReporterCategory::Anonymous,
                            organisation: None,
                            name: None,
                            phone: None,
                            email: None,
                        }
                    } else {
                        GivenReporter {
                            mandatory: true,
                            category,
                            organisation: Some(organisation.into()),
                            name: Some(format!("Anmälare {}", n + 1)),
                            phone: Some("08-000 00 00".into()),
                            email: Some("anmalan@example.se".into()),
                        }
                    };
                    let at = day
                        .at(8 + i8::try_from(k * 3).unwrap_or(0), 10, 0, 0)
                        .to_zoned(TimeZone::get("Europe/Stockholm").unwrap_or(TimeZone::UTC))
                        .map(|z| z.timestamp())
                        .unwrap_or(Timestamp::UNIX_EPOCH);
                    let mut b = Builder::<Submission>::new();
                    b.write(
                        SubmissionEntry::Submitted {
                            unit: intake,
                            received_at: at,
                            reporter,
                            children: vec![GivenChild {
                                identity_number: None,
                                name: Some(format!("Barn {} Exempelsson", n + 1)),
                                age: Some(u8::try_from(4 + n % 12).unwrap_or(9)),
                                whereabouts: Some(organisation.into()),
                            }],
                            guardians: None,
                            what: if acute {
                                "Barnet säger att det inte vågar gå hem i dag.".into()
                            } else {
                                "Barnet har varit ledset och trött i flera veckor och berättar om bråk hemma.".into()
                            },
                            concerns: vec![ConcernCategory::NeglectOfCare],
                            acute,
                            wants_feedback: !anonymous,
                            receipt: format!("EA-DEMO-{:04}", n),
                        },
                        PUBLIC,
                        false,
                        day,
                    );
                    out.push(DemoRecord::Submission(
                        RecordId::from_u128(0xEA00_0000 + n),
                        b.entries,
                    ));
                    n += 1;
                }
            }
            day = add_days(day, 1);
        }
    }
    if let Some(audit) = self_audit(data, &mut rng, lead, &managers) {
        out.push(audit);
    }
    out
}

/// The seed the demo's self-audit recorded.
pub const SELF_AUDIT_SEED: u64 = 20_260_101;

/// One finished self-audit of documentation: the first unit with a
/// manager, the cases it opened from 180 to 90 days before the demo's end,
/// ten drawn (as `draw_sample` draws them from the cases' phases at the
/// end, what the store's read model holds), every one answered by the
/// unit's manager, closed by the quality lead.
fn self_audit(
    data: &DemoData,
    rng: &mut ChaCha8Rng,
    lead: UserId,
    managers: &[(UserId, UnitId)],
) -> Option<DemoRecord> {
    use tillit_domain::case::{CaseState, RecordedEvent};
    let &(manager, unit) = managers.first()?;
    let end = data.end;
    let (from, to) = (add_days(end, -180), add_days(end, -90));
    let candidates: Vec<Candidate> = data
        .cases
        .iter()
        .filter_map(|c| {
            let events: Vec<RecordedEvent> = c
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| RecordedEvent {
                    version: i as u64 + 1,
                    recorded_by: e.recorded_by,
                    recorded_at: e.recorded_at,
                    occurred_on: e.occurred_on,
                    event: e.event.clone(),
                })
                .collect();
            let state = CaseState::from_events(&events);
            let opened = state.opened_on?;
            (state.unit == Some(unit) && (from..=to).contains(&opened)).then(|| Candidate {
                case: c.id,
                stratum: state.phase().code().to_string(),
            })
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let checklist = Checklist::sosfs_2014_5();
    let mut b = Builder::<SelfAudit>::new();
    let planned = add_days(end, -60);
    b.write(
        SelfAuditEntry::Planned {
            unit,
            period_from: from,
            period_to: to,
            sample_size: 10,
            seed: SELF_AUDIT_SEED,
            checklist: checklist.clone(),
        },
        lead,
        true,
        planned,
    );
    let cases = draw_sample(&candidates, 10, SELF_AUDIT_SEED);
    b.write(
        SelfAuditEntry::Drawn {
            cases: cases.clone(),
            candidates: u32::try_from(candidates.len()).unwrap_or(u32::MAX),
        },
        lead,
        true,
        add_days(planned, 2),
    );
    for (i, case) in cases.iter().enumerate() {
        let answers = checklist
            .items
            .iter()
            .map(|item| {
                let answer = match (item.code.as_str(), rng.random_range(0..10)) {
                    ("consent", 0..=3) => Answer::NotApplicable,
                    ("kommunicering", 0..=2) => Answer::No,
                    (_, 0) => Answer::No,
                    _ => Answer::Yes,
                };
                ItemAnswer {
                    item: item.code.clone(),
                    answer,
                }
            })
            .collect();
        b.write(
            SelfAuditEntry::Answered {
                case: *case,
                answers,
                comment: (i % 4 == 0).then(|| "Kommuniceringen före beslutet framgår inte.".into()),
            },
            manager,
            true,
            add_days(planned, 5 + i as i64),
        );
    }
    b.write(
        SelfAuditEntry::Closed {
            conclusion: "Kommuniceringen dokumenteras inte alltid. Rutinen gås igenom på nästa APT och följs upp i nästa egenkontroll.".into(),
        },
        lead,
        true,
        add_days(planned, 30),
    );
    Some(DemoRecord::SelfAudit(
        RecordId::from_u128(0x5E1F_0001),
        b.entries,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoConfig, sim};
    use jiff::civil::date;
    use tillit_domain::register::fold;

    #[test]
    fn the_registers_hold_a_serious_case_at_ivo_and_open_work() {
        let mut cfg = DemoConfig::new(7, date(2026, 12, 7));
        cfg.years = 1;
        cfg.reports_per_year = 100;
        let data = sim::generate(&cfg, &mut |_, _| {});
        let records = generate(&data, 0);
        assert_eq!(records, generate(&data, 0), "seeded");
        let lex: Vec<LexSarah> = records
            .iter()
            .filter_map(|r| match r {
                DemoRecord::LexSarah(_, e) => Some(fold::<LexSarah>(e)),
                _ => None,
            })
            .collect();
        let incidents: Vec<Incident> = records
            .iter()
            .filter_map(|r| match r {
                DemoRecord::Incident(_, e) => Some(fold::<Incident>(e)),
                _ => None,
            })
            .collect();
        assert_eq!(lex.len(), 10);
        assert_eq!(lex.iter().filter(|s| s.serious == Some(true)).count(), 2);
        assert!(
            lex.iter()
                .any(|s| s.investigation_at_ivo() && s.closed_on.is_some())
        );
        // The newest serious one waits for its investigation to reach IVO.
        assert!(lex.iter().any(|s| {
            LexSarah::deadlines(s)
                .iter()
                .any(|d| d.what == "investigation_to_ivo")
        }));
        assert_eq!(incidents.len(), 60);
        assert!(incidents.iter().any(|s| s.closed_on.is_some()));
        assert!(incidents.iter().any(|s| s.closed_on.is_none()));
        let complaints: Vec<Complaint> = records
            .iter()
            .filter_map(|r| match r {
                DemoRecord::Complaint(_, e) => Some(fold::<Complaint>(e)),
                _ => None,
            })
            .collect();
        assert_eq!(complaints.len(), data.units.len() * 24);
        assert!(complaints.iter().any(|c| c.registered_by.is_none()));
        assert!(complaints.iter().any(|c| !c.can_answer));
        assert!(complaints.iter().any(|c| c.answered.is_some()));
        let controls = records
            .iter()
            .filter(|r| matches!(r, DemoRecord::Control(..)))
            .count();
        assert_eq!(controls, 12);
        let services: Vec<ServiceMatter> = records
            .iter()
            .filter_map(|r| match r {
                DemoRecord::Service(_, e) => Some(fold::<ServiceMatter>(e)),
                _ => None,
            })
            .collect();
        assert_eq!(services.len(), 300);
        assert!(
            services
                .iter()
                .any(|s| s.ended_on.is_some() && s.contacts > 0)
        );
        // One finished self-audit, its sample as the seed draws it.
        let audits: Vec<SelfAudit> = records
            .iter()
            .filter_map(|r| match r {
                DemoRecord::SelfAudit(_, e) => Some(fold::<SelfAudit>(e)),
                _ => None,
            })
            .collect();
        assert_eq!(audits.len(), 1);
        let audit = &audits[0];
        assert!(audit.closed_on.is_some());
        assert!(!audit.sample.is_empty() && audit.unanswered().is_empty());
        assert_eq!(audit.seed, SELF_AUDIT_SEED);
        // Reports about a contracted provider of the catalogue, each linked
        // to the case of a child placed there from the reporter's unit.
        let catalogue =
            crate::economy::catalogue(&crate::economy::placements(&data), data.end.year());
        let placements = crate::economy::placements(&data);
        let at_providers: Vec<&LexSarah> =
            lex.iter().filter(|s| s.provider_code.is_some()).collect();
        assert!(!at_providers.is_empty());
        for s in at_providers {
            let code = s.provider_code.as_deref().unwrap();
            let p = catalogue.providers.iter().find(|p| p.code == code).unwrap();
            assert!(p.category.is_bought(), "{p:?}");
            assert_eq!(s.provider.as_deref(), Some(p.name.as_str()));
            let case = s.case.expect("linked to a case");
            assert!(
                placements
                    .iter()
                    .any(|pl| pl.case == case && pl.provider_name == p.name && pl.unit == s.unit)
            );
        }
    }
}
